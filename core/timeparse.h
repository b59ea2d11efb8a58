/* Timestamp parsing: ISO 8601, common date-times, epochs, DD/MM vs MM/DD, strptime. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_TIMEPARSE_H
#define CF_TIMEPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Days since 1970-01-01 of a proleptic Gregorian date (no range check). */
int64_t timeparse_days_from_civil(int64_t y, unsigned m, unsigned d);

/* Format ms since the epoch as ISO 8601 UTC "YYYY-MM-DDTHH:MM:SS[.mmm]Z". */
void timeparse_format_iso(int64_t ms, char *buf, size_t size);

#endif

/* Wall-clock times in an IANA time zone to UTC, through the system's tz database. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_TZCONV_H
#define CF_TZCONV_H

#include <stddef.h>
#include <stdint.h>

struct tzconv;

/*
 * Open zone (an IANA name such as "Europe/Berlin", or "UTC"), checked against
 * the tz database ($TZDIR or /usr/share/zoneinfo: the file must exist and be
 * a TZif file; absolute names and ".." are refused). While it is open the
 * process's TZ is set to the zone (mktime does the work); tzconv_close
 * restores it, so only one may be open at a time and not across threads.
 * Returns NULL with msg set for an unknown zone.
 */
struct tzconv *tzconv_open(const char *zone, char *msg, size_t msz);

/*
 * The UTC time (ms) of a wall-clock time given as ms since 1970-01-01T00:00
 * in the zone; *off_min gets the zone's offset then (minutes east of UTC).
 * Offsets are looked up once per wall-clock hour and cached (zones change
 * offset on the hour). A time that falls in a spring-forward gap is read with
 * the offset before the change; one repeated at a fall-back takes the first.
 */
int64_t tzconv_to_utc(struct tzconv *z, int64_t wall_ms, int *off_min);

/* The zone's offset (minutes east) at UTC time ms. */
int tzconv_offset_at(struct tzconv *z, int64_t utc_ms);

void tzconv_close(struct tzconv *z); /* accepts NULL */

#endif

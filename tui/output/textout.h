/* Small text helpers for the subcommands: the locale's Unicode, widths, durations, activity lists.
 */
/* SPDX-License-Identifier: MIT */
#ifndef CF_TEXTOUT_H
#define CF_TEXTOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "eventlog.h"
#include "stats.h"

/* Whether bars may use Unicode blocks: the locale's codeset is UTF-8 and ascii is false. */
bool textout_unicode(bool ascii);

/* Display width of UTF-8 s (code points; a stray byte counts as one column). */
size_t textout_width(const char *s);

/* A duration in ms as cf_format_duration does, into buf. */
const char *textout_dur(double ms, char *buf, size_t size);

/*
 * Resolve the activity list given to option opt; on error print
 * "caseflow: --opt: reason" and return CF_EXIT_USAGE, else 0.
 */
int textout_activities(const struct event_log *log, const char *opt, const char *list,
                       uint32_t **ids, size_t *n);

#endif

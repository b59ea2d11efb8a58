/* Text output helpers for the analysis subcommands: columns by display width, bars, histograms. */
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

/*
 * Print s in exactly width columns: padded with blanks (right-aligned when
 * right is true), or cut with a trailing "~" when longer.
 */
void textout_cell(FILE *f, const char *s, size_t width, bool right);

/* Print s cut to at most width columns (with "~"), without padding: for a last column. */
void textout_clip(FILE *f, const char *s, size_t width);

/* A bar of frac (0..1) of width columns: full and eighth blocks, or '#'; padded with
 * blanks to width when pad is true. */
void textout_bar(FILE *f, double frac, size_t width, bool unicode, bool pad);

/*
 * A histogram on the fixed log buckets, one line per bucket from the first
 * non-empty to the last non-empty one: "  <=1h   ████████    123  12.3%".
 * Prints "  (no values)" when every count is 0.
 */
void textout_histogram(FILE *f, const size_t hist[STATS_NBUCKETS], bool unicode);

/* A duration in ms as cf_format_duration does, into buf. */
const char *textout_dur(double ms, char *buf, size_t size);

/*
 * Resolve the activity list given to option opt; on error print
 * "caseflow: --opt: reason" and return CF_EXIT_USAGE, else 0.
 */
int textout_activities(const struct event_log *log, const char *opt, const char *list,
                       uint32_t **ids, size_t *n);

/* Print the activity names ids[0..n) joined by sep. */
void textout_names(FILE *f, const struct event_log *log, const uint32_t *ids, size_t n,
                   const char *sep);

#endif

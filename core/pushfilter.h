/* Filters as SQL: the explorer's and command line's filters that a database can apply before
 * caseflow reads. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_PUSHFILTER_H
#define CF_PUSHFILTER_H

#include <stdbool.h>
#include <stdint.h>

#include "pushdown.h"
#include "util.h"

/* The source a condition is written for (PostgreSQL syntax). */
struct pushfilter_src {
    const char *from;     /* the FROM item, as pushdown_spec.from */
    const char *case_col; /* column names, quoted here */
    const char *time_col;
};

/*
 * The SQL condition on the source's rows that keeps exactly the events of the
 * cases the filter keeps, appended to out; returns true, or false (out
 * unchanged) when the filter does not translate. Filters keep whole cases, so
 * the condition is "case IN (cases with a matching event)":
 *   where ATTR=VALUE   an event whose ATTR, as text (NULL as ''), is VALUE
 *   where ATTR!=VALUE  no such event
 *   from DATE, to DATE a case whose [first, last] event times intersect the
 *                      range (contained: lie within it)
 * invert negates the case set (NOT IN) of a where filter; an inverted date
 * bound does not translate (it negates the whole range). Every other filter (regexes, numeric
 * or date comparisons of attributes, variants, durations...) does not
 * translate. A date filter with a bad date does not translate either (the
 * explorer then reports it when it applies the filter).
 */
bool pushfilter_sql(const struct pushfilter_src *src, const char *opt, const char *arg, bool invert,
                    bool contained, struct cf_buf *out);

#endif

/* The command line's filters against a database: which become SQL in its WHERE clause, which wait
 * for caseflow. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_PUSHSPLIT_H
#define CF_PUSHSPLIT_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"

/* The command line's filters against a database: the SQL of those that translate
 * (pushfilter.h), and which wait for caseflow. */
struct pushed_filters {
    char *where;         /* the SQL condition, ANDed; NULL when none translates */
    char *pushed, *kept; /* descriptions ("where=region=EU, from=2024-01-01"), or NULL */
    bool kept_filter[CLI_MAX_FILTERS]; /* c->filters[i] waits for caseflow */
    size_t n_kept, n_pushed;
};

/*
 * Split c's filters for the source from (a FROM item) with those case and time
 * columns into out (zeroed first; free with pushed_filters_clear). An inverted
 * date range keeps all its bounds for caseflow; --range goes with the bounds
 * kept, if any.
 */
void pushed_filters_split(const struct cli_common *c, const char *from, const char *case_col,
                          const char *time_col, struct pushed_filters *out);
void pushed_filters_clear(struct pushed_filters *pf);

/* Append ", " (unless b is empty) and s as "[not ]opt[=arg]" to b. */
void pushed_filters_describe(struct cf_buf *b, const struct cli_filter_spec *s);

#endif

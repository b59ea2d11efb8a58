/* Tables of the statistics, between and cohorts results, shared by the commands and views. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_STATSTABLES_H
#define CF_STATSTABLES_H

#include <stddef.h>

#include "attrstats.h"
#include "between.h"
#include "cohorts.h"
#include "outcome.h"
#include "table.h"

/* Help lines for the --table and --ascii options of stats, between and cohorts. */
extern const char statstables_cli_help[];

/* Column sets (static; index constants below where views read cells back). */
extern const struct table_col statstables_activity_cols[];
extern const size_t statstables_n_activity_cols;
extern const struct table_col statstables_resource_cols[];
extern const size_t statstables_n_resource_cols;

/* A values table's columns: with or without the outcome figures. */
const struct table_col *statstables_value_cols(bool outcome, size_t *n);
/* The column "value" is always 0; with an outcome these are the win-rate columns. */
#define STATSTABLES_COL_VALUE 0

void statstables_fill_activities(struct table *t, const struct event_log *log,
                                 const struct astat_activities *a);
void statstables_fill_resources(struct table *t, const struct event_log *log,
                                const struct astat_resources *r);
/* Rows for p's groups (small ones left out when skip_small). Returns the rows added. */
size_t statstables_fill_values(struct table *t, const struct attr_profile *p, bool skip_small);

/* Document parts of `caseflow stats`: the overview, --by and --why. limit: text rows. */
void statstables_overview(struct tnode *root, const struct event_log *log,
                          const struct selection *sel, const struct attrstats_opts *opts,
                          size_t limit);
void statstables_by(struct tnode *root, const struct event_log *log, const struct selection *sel,
                    const int *cols, size_t ncols, const struct attrstats_opts *opts, size_t limit);
void statstables_why(struct tnode *root, const struct why *w, const struct outcome *o, size_t cases,
                     size_t limit);

/* `caseflow between`: figures and the histogram of bt under root. */
void statstables_between(struct tnode *root, const struct event_log *log, const struct between *bt,
                         const struct between_opts *opts, bool unicode);

/* The histogram of bt as a table (bucket, upto_s, count, share bar). */
extern const struct table_col statstables_hist_cols[];
extern const size_t statstables_n_hist_cols;
void statstables_fill_hist(struct table *t, const size_t hist[STATS_NBUCKETS], size_t n);

/* `caseflow cohorts`: the cohorts table (columns depend on stages and outcome; the
 * column array is allocated and freed by the caller with statstables_cohort_cols_free). */
struct table_col *statstables_cohort_cols(const struct event_log *log, const struct cohorts *c,
                                          size_t *n);
void statstables_cohort_cols_free(struct table_col *cols, size_t n);
void statstables_fill_cohorts(struct table *t, const struct cohorts *c);
/* A sparkline (one block character per row, from U+2581 to U+2588; '_' to '#' without
 * unicode) of the numbers v[n], NaN drawn as a blank, appended to buf. */
void statstables_sparkline(const double *v, size_t n, bool unicode, struct cf_buf *buf);

#endif

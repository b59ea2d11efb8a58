/* Building the tables of stats, between and cohorts from the core results (no formatting here). */
/* SPDX-License-Identifier: MIT */
#include "statstables.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

const char statstables_cli_help[] =
    "  --table KEY               CSV: which table to write (default the first)\n"
    "  --ascii                   text: '#' for bars, '~' for cut names\n";

/* ---------------------------------------------------------------- activities, resources */

enum {
    AC_ACTIVITY,
    AC_EVENTS,
    AC_CASES,
    AC_SHARE,
    AC_VISIT_MEDIAN,
    AC_VISIT_P90,
    AC_CASE_MEDIAN,
    AC_CASE_P90,
    AC_REWORK,
    AC_FIRST,
    AC_LAST,
};

const struct table_col statstables_activity_cols[] = {
    [AC_ACTIVITY] = {"activity", "activity", TK_TEXT, TA_LEFT, TC_END, 0, 12, TCOL_FLEX, NULL},
    [AC_EVENTS] = {"events", "events", TK_COUNT, TA_AUTO, TC_NONE, 3, 0, 0, NULL},
    [AC_CASES] = {"cases", "cases", TK_COUNT, TA_AUTO, TC_NONE, 0, 0, 0, NULL},
    [AC_SHARE] = {"share", "share", TK_SHARE, TA_AUTO, TC_NONE, 1, 0, 0, NULL},
    [AC_VISIT_MEDIAN] = {"median_visit_s", "median", TK_DURATION, TA_AUTO, TC_NONE, 1, 0, 0, NULL},
    [AC_VISIT_P90] = {"p90_visit_s", "p90", TK_DURATION, TA_AUTO, TC_NONE, 4, 0, 0, NULL},
    [AC_CASE_MEDIAN] = {"median_case_s", "per case", TK_DURATION, TA_AUTO, TC_NONE, 2, 0, 0, NULL},
    [AC_CASE_P90] = {"p90_case_s", "p90 case", TK_DURATION, TA_AUTO, TC_NONE, 5, 0, 0, NULL},
    [AC_REWORK] = {"rework_cases", "rework", TK_COUNT, TA_AUTO, TC_NONE, 2, 0, 0, NULL},
    [AC_FIRST] = {"first", "first", TK_TIME, TA_AUTO, TC_NONE, 6, 0, 0, NULL},
    [AC_LAST] = {"last", "last", TK_TIME, TA_AUTO, TC_NONE, 6, 0, 0, NULL},
};
const size_t statstables_n_activity_cols =
    sizeof statstables_activity_cols / sizeof statstables_activity_cols[0];

void
statstables_fill_activities(struct table *t, const struct event_log *log,
                            const struct astat_activities *a)
{
    table_reserve(t, a->n);
    for (size_t i = 0; i < a->n; i++) {
        const struct astat_activity *r = &a->rows[i];
        size_t row = table_add_row(t);
        table_set_text(t, row, AC_ACTIVITY, eventlog_activity_name(log, r->activity));
        table_set_count(t, row, AC_EVENTS, r->events);
        table_set_count(t, row, AC_CASES, r->cases);
        table_set_number(t, row, AC_SHARE, r->share);
        if (r->visits) {
            table_set_dur(t, row, AC_VISIT_MEDIAN, r->visit_median_ms);
            table_set_dur(t, row, AC_VISIT_P90, r->visit_p90_ms);
            table_set_dur(t, row, AC_CASE_MEDIAN, r->case_median_ms);
            table_set_dur(t, row, AC_CASE_P90, r->case_p90_ms);
        }
        table_set_count(t, row, AC_REWORK, r->rework_cases);
        table_set_time(t, row, AC_FIRST, r->first);
        table_set_time(t, row, AC_LAST, r->last);
    }
}

enum { RC_RESOURCE, RC_EVENTS, RC_CASES, RC_ACTS, RC_OUT, RC_IN, RC_MEDIAN };

const struct table_col statstables_resource_cols[] = {
    [RC_RESOURCE] = {"resource", "resource", TK_TEXT, TA_LEFT, TC_END, 0, 10, TCOL_FLEX, NULL},
    [RC_EVENTS] = {"events", "events", TK_COUNT, TA_AUTO, TC_NONE, 0, 0, 0, NULL},
    [RC_CASES] = {"cases", "cases", TK_COUNT, TA_AUTO, TC_NONE, 0, 0, 0, NULL},
    [RC_ACTS] = {"activities", "activities", TK_COUNT, TA_AUTO, TC_NONE, 2, 0, 0, NULL},
    [RC_OUT] = {"handovers_out", "hand out", TK_COUNT, TA_AUTO, TC_NONE, 1, 0, 0, NULL},
    [RC_IN] = {"handovers_in", "hand in", TK_COUNT, TA_AUTO, TC_NONE, 1, 0, 0, NULL},
    [RC_MEDIAN] = {"median_s", "median", TK_DURATION, TA_AUTO, TC_NONE, 1, 0, 0, NULL},
};
const size_t statstables_n_resource_cols =
    sizeof statstables_resource_cols / sizeof statstables_resource_cols[0];

void
statstables_fill_resources(struct table *t, const struct event_log *log,
                           const struct astat_resources *r)
{
    table_reserve(t, r->n);
    for (size_t i = 0; i < r->n; i++) {
        const struct astat_resource *x = &r->rows[i];
        size_t row = table_add_row(t);
        table_set_text(t, row, RC_RESOURCE, eventlog_resource_name(log, x->resource));
        table_set_count(t, row, RC_EVENTS, x->events);
        table_set_count(t, row, RC_CASES, x->cases);
        table_set_count(t, row, RC_ACTS, x->activities);
        table_set_count(t, row, RC_OUT, x->handover_out);
        table_set_count(t, row, RC_IN, x->handover_in);
        if (x->visits)
            table_set_dur(t, row, RC_MEDIAN, x->visit_median_ms);
    }
}

/* ---------------------------------------------------------------- attribute values */

enum {
    VC_VALUE,
    VC_CASES,
    VC_SHARE,
    VC_MEDIAN,
    VC_REWORK,
    VC_WON,
    VC_LOST,
    VC_UNKNOWN,
    VC_WIN,
    VC_INTERVAL,
    VC_LOW,
    VC_HIGH,
    VC_LIFT,
    VC_P,
};

static const struct table_col value_cols[] = {
    [VC_VALUE] = {"value", "value", TK_TEXT, TA_LEFT, TC_END, 0, 10, TCOL_FLEX, NULL},
    [VC_CASES] = {"cases", "cases", TK_COUNT, TA_AUTO, TC_NONE, 0, 0, 0, NULL},
    [VC_SHARE] = {"share", "share", TK_SHARE, TA_AUTO, TC_NONE, 2, 0, 0, NULL},
    [VC_MEDIAN] = {"median_duration_s", "median", TK_DURATION, TA_AUTO, TC_NONE, 3, 0, 0, NULL},
    [VC_REWORK] = {"rework_rate", "rework", TK_SHARE, TA_AUTO, TC_NONE, 4, 0, 0, NULL},
    [VC_WON] = {"won", "won", TK_COUNT, TA_AUTO, TC_NONE, 5, 0, 0, NULL},
    [VC_LOST] = {"lost", "lost", TK_COUNT, TA_AUTO, TC_NONE, 5, 0, 0, NULL},
    [VC_UNKNOWN] = {"unknown", "open", TK_COUNT, TA_AUTO, TC_NONE, 6, 0, 0, NULL},
    [VC_WIN] = {"win_rate", "win rate", TK_SHARE, TA_AUTO, TC_NONE, 0, 0, 0, NULL},
    [VC_INTERVAL] = {"interval", "95% interval", TK_TEXT, TA_RIGHT, TC_NONE, 1, 0,
                     TCOL_NO_JSON | TCOL_NO_CSV, NULL},
    [VC_LOW] = {"win_rate_low", "low", TK_SHARE, TA_AUTO, TC_NONE, 1, 0, TCOL_NO_TEXT, NULL},
    [VC_HIGH] = {"win_rate_high", "high", TK_SHARE, TA_AUTO, TC_NONE, 1, 0, TCOL_NO_TEXT, NULL},
    [VC_LIFT] = {"lift", "lift", TK_NUMBER, TA_AUTO, TC_NONE, 0, 0, 0, NULL},
    [VC_P] = {"p_value", "p", TK_NUMBER, TA_AUTO, TC_NONE, 1, 0, 0, NULL},
};

const struct table_col *
statstables_value_cols(bool outcome, size_t *n)
{
    *n = outcome ? sizeof value_cols / sizeof value_cols[0] : VC_REWORK + 1;
    return value_cols;
}

size_t
statstables_fill_values(struct table *t, const struct attr_profile *p, bool skip_small)
{
    size_t added = 0;
    table_reserve(t, p->n_groups);
    for (size_t g = 0; g < p->n_groups; g++) {
        const struct attr_group *gr = &p->groups[g];
        if (skip_small && gr->small)
            continue;
        size_t row = table_add_row(t);
        added++;
        table_set_text(t, row, VC_VALUE, gr->label);
        table_set_count(t, row, VC_CASES, gr->cases);
        table_set_number(t, row, VC_SHARE, gr->share);
        table_set_dur(t, row, VC_MEDIAN, gr->median_duration_ms);
        table_set_number(t, row, VC_REWORK, gr->rework_rate);
        if (!p->has_outcome)
            continue;
        table_set_count(t, row, VC_WON, gr->won);
        table_set_count(t, row, VC_LOST, gr->lost);
        table_set_count(t, row, VC_UNKNOWN, gr->unknown);
        if (gr->won + gr->lost == 0)
            continue; /* no decided case: no rate, interval or test */
        table_set_number(t, row, VC_WIN, gr->win_rate);
        char iv[48];
        snprintf(iv, sizeof iv, "%.0f-%.0f%%", gr->win_low * 100, gr->win_high * 100);
        table_set_text(t, row, VC_INTERVAL, iv);
        table_set_number(t, row, VC_LOW, gr->win_low);
        table_set_number(t, row, VC_HIGH, gr->win_high);
        table_set_number(t, row, VC_LIFT, gr->lift);
        table_set_number(t, row, VC_P, gr->p_value);
    }
    return added;
}

/* ---------------------------------------------------------------- stats documents */

enum {
    AT_ATTR,
    AT_LEVEL,
    AT_TYPE,
    AT_CASES,
    AT_DISTINCT,
    AT_MIN,
    AT_P25,
    AT_MEDIAN,
    AT_P75,
    AT_MAX,
    AT_FIRST,
    AT_LAST,
};

static const struct table_col attr_cols[] = {
    [AT_ATTR] = {"attribute", "attribute", TK_TEXT, TA_LEFT, TC_END, 0, 10, TCOL_FLEX, NULL},
    [AT_LEVEL] = {"level", "level", TK_TEXT, TA_LEFT, TC_NONE, 1, 0, 0, NULL},
    [AT_TYPE] = {"type", "type", TK_TEXT, TA_LEFT, TC_NONE, 1, 0, 0, NULL},
    [AT_CASES] = {"cases", "cases", TK_COUNT, TA_AUTO, TC_NONE, 0, 0, 0, NULL},
    [AT_DISTINCT] = {"distinct", "distinct", TK_COUNT, TA_AUTO, TC_NONE, 2, 0, 0, NULL},
    [AT_MIN] = {"min", "min", TK_NUMBER, TA_AUTO, TC_NONE, 3, 0, 0, NULL},
    [AT_P25] = {"p25", "p25", TK_NUMBER, TA_AUTO, TC_NONE, 4, 0, 0, NULL},
    [AT_MEDIAN] = {"median", "median", TK_NUMBER, TA_AUTO, TC_NONE, 3, 0, 0, NULL},
    [AT_P75] = {"p75", "p75", TK_NUMBER, TA_AUTO, TC_NONE, 4, 0, 0, NULL},
    [AT_MAX] = {"max", "max", TK_NUMBER, TA_AUTO, TC_NONE, 3, 0, 0, NULL},
    [AT_FIRST] = {"first", "first", TK_TIME, TA_AUTO, TC_NONE, 5, 0, 0, NULL},
    [AT_LAST] = {"last", "last", TK_TIME, TA_AUTO, TC_NONE, 5, 0, 0, NULL},
};

static void
attr_row(struct table *t, size_t row, const struct attr_profile *p)
{
    table_set_text(t, row, AT_ATTR, p->name);
    table_set_text(t, row, AT_LEVEL, attr_level_name(p->level));
    table_set_text(t, row, AT_TYPE, attr_type_name(p->type));
    table_set_count(t, row, AT_CASES, p->cases_with_value);
    table_set_count(t, row, AT_DISTINCT, p->distinct);
    if (p->type == ATTR_NUMBER) {
        table_set_number(t, row, AT_MIN, p->min);
        table_set_number(t, row, AT_P25, p->p25);
        table_set_number(t, row, AT_MEDIAN, p->median);
        table_set_number(t, row, AT_P75, p->p75);
        table_set_number(t, row, AT_MAX, p->max);
    } else if (p->type == ATTR_DATE) {
        table_set_time(t, row, AT_FIRST, (int64_t)p->min);
        table_set_time(t, row, AT_LAST, (int64_t)p->max);
    }
}

void
statstables_overview(struct tnode *root, const struct event_log *log, const struct selection *sel,
                     const struct attrstats_opts *opts, size_t limit)
{
    struct astat_activities as;
    attrstats_activities(log, sel, &as);
    tnode_title(root, "Statistics over %zu cases (of %zu in %s)", as.cases, log->n_cases,
                log->name);
    struct table *t = tnode_table(root, "activities", "Activities", statstables_activity_cols,
                                  statstables_n_activity_cols, NULL);
    statstables_fill_activities(t, log, &as);
    table_set_text_limit(t, limit);
    tnode_note(root, "median, p90: time in stage per visit (to the next event);");
    tnode_note(root, "per case: the sum of a case's visits.");
    attrstats_activities_clear(&as);

    if (strpool_count(log->resources) > 0) {
        struct astat_resources rs;
        attrstats_resources(log, sel, &rs);
        t = tnode_table(root, "resources", "Resources", statstables_resource_cols,
                        statstables_n_resource_cols, NULL);
        statstables_fill_resources(t, log, &rs);
        table_set_text_limit(t, limit);
        tnode_count(root, "handovers", "Handovers", rs.handovers);
        if (rs.events_without)
            tnode_count(root, "events_without_resource", "Events without a resource",
                        rs.events_without);
        attrstats_resources_clear(&rs);
    }

    t = tnode_table(root, "attributes", "Attributes", attr_cols,
                    sizeof attr_cols / sizeof attr_cols[0], NULL);
    size_t nv;
    const struct table_col *vc = statstables_value_cols(opts->seg != NULL, &nv);
    for (size_t a = 0; a < log->n_attrs; a++) {
        struct attr_profile p;
        attrstats_profile(log, sel, (int)a, opts, &p);
        size_t row = table_add_row(t);
        attr_row(t, row, &p);
        struct table *sub = table_sub(t, row, "values", vc, nv);
        statstables_fill_values(sub, &p, false);
        table_set_text_limit(sub, limit ? (limit < 10 ? limit : 10) : 0);
        attr_profile_clear(&p);
    }
}

enum { BY_ATTR, BY_KIND, BY_LEVEL, BY_CASES, BY_HIDDEN, BY_MIN };
static const struct table_col by_cols[] = {
    [BY_ATTR] = {"attribute", "attribute", TK_TEXT, TA_LEFT, TC_END, 0, 10, TCOL_FLEX, NULL},
    [BY_KIND] = {"kind", "type", TK_TEXT, TA_LEFT, TC_NONE, 1, 0, 0, NULL},
    [BY_LEVEL] = {"level", "level", TK_TEXT, TA_LEFT, TC_NONE, 1, 0, 0, NULL},
    [BY_CASES] = {"cases_with_value", "with value", TK_COUNT, TA_AUTO, TC_NONE, 2, 0, 0, NULL},
    [BY_HIDDEN] = {"values_below_min_cases", "hidden", TK_COUNT, TA_AUTO, TC_NONE, 2, 0, 0, NULL},
    [BY_MIN] = {"min_cases", "min cases", TK_COUNT, TA_AUTO, TC_NONE, 3, 0, 0, NULL},
};

void
statstables_by(struct tnode *root, const struct event_log *log, const struct selection *sel,
               const int *cols, size_t ncols, const struct attrstats_opts *opts, size_t limit)
{
    size_t cases = selection_count(sel);
    size_t min_cases = opts->min_cases ? opts->min_cases : attrstats_default_min_cases(cases);
    struct attr_profile *ps = xcalloc(ncols ? ncols : 1, sizeof *ps);
    for (size_t i = 0; i < ncols; i++) {
        attrstats_profile(log, sel, cols[i], opts, &ps[i]);
        if (ps[i].type == ATTR_TEXT)
            attrstats_rank(&ps[i]);
    }
    if (ncols > 0) {
        const struct attr_profile *p = &ps[0];
        if (p->has_outcome) {
            tnode_title(root, "%zu cases: %zu won, %zu lost, %zu unknown; win rate %.1f%%",
                        p->cases, p->won, p->lost, p->unknown, p->win_rate * 100);
            tnode_count(root, "won", NULL, p->won);
            tnode_count(root, "lost", NULL, p->lost);
            tnode_count(root, "unknown", NULL, p->unknown);
            tnode_share(root, "win_rate", NULL, p->win_rate);
        } else {
            tnode_title(root, "%zu cases", p->cases);
        }
        tnode_dur(root, "median_duration_s", "Median duration", p->median_duration_ms);
        tnode_count(root, "min_cases", "Values need at least (cases)", min_cases);
    }
    struct table *t =
        tnode_table(root, "by", NULL, by_cols, sizeof by_cols / sizeof by_cols[0], NULL);
    size_t nv;
    const struct table_col *vc = statstables_value_cols(opts->seg != NULL, &nv);
    for (size_t i = 0; i < ncols; i++) {
        const struct attr_profile *p = &ps[i];
        size_t row = table_add_row(t);
        table_set_text(t, row, BY_ATTR, p->name);
        table_set_text(t, row, BY_KIND, attr_type_name(p->type));
        table_set_text(t, row, BY_LEVEL, attr_level_name(p->level));
        table_set_count(t, row, BY_CASES, p->cases_with_value);
        table_set_count(t, row, BY_HIDDEN, p->n_small);
        table_set_count(t, row, BY_MIN, min_cases);
        struct table *sub = table_sub(t, row, "values", vc, nv);
        statstables_fill_values(sub, p, true);
        table_set_text_limit(sub, limit);
        attr_profile_clear(&ps[i]);
    }
    free(ps);
    if (opts->seg != NULL) {
        tnode_note(root,
                   "win rate: won / (won + lost), open cases left out; interval: Wilson 95%%;");
        tnode_note(root, "lift: win rate / overall; p: two-proportion z-test against the other "
                         "cases.");
    }
}

enum { WY_RANK, WY_FINDING, WY_ATTR, WY_VALUE, WY_CASES, WY_WIN, WY_LOW, WY_HIGH, WY_LIFT, WY_P };
static const struct table_col why_cols[] = {
    [WY_RANK] = {"rank", "#", TK_INT, TA_RIGHT, TC_NONE, 0, 0, 0, NULL},
    [WY_FINDING] = {"finding", "finding", TK_TEXT, TA_LEFT, TC_END, 0, 20, TCOL_FLEX, NULL},
    [WY_ATTR] = {"attribute", "attribute", TK_TEXT, TA_LEFT, TC_END, 0, 0, TCOL_NO_TEXT, NULL},
    [WY_VALUE] = {"value", "value", TK_TEXT, TA_LEFT, TC_END, 0, 0, TCOL_NO_TEXT, NULL},
    [WY_CASES] = {"cases", "cases", TK_COUNT, TA_AUTO, TC_NONE, 0, 0, TCOL_NO_TEXT, NULL},
    [WY_WIN] = {"win_rate", "win rate", TK_SHARE, TA_AUTO, TC_NONE, 1, 0, 0, NULL},
    [WY_LOW] = {"win_rate_low", "low", TK_SHARE, TA_AUTO, TC_NONE, 0, 0, TCOL_NO_TEXT, NULL},
    [WY_HIGH] = {"win_rate_high", "high", TK_SHARE, TA_AUTO, TC_NONE, 0, 0, TCOL_NO_TEXT, NULL},
    [WY_LIFT] = {"lift", "lift", TK_NUMBER, TA_AUTO, TC_NONE, 0, 0, TCOL_NO_TEXT, NULL},
    [WY_P] = {"p_value", "p", TK_NUMBER, TA_AUTO, TC_NONE, 0, 0, TCOL_NO_TEXT, NULL},
};

void
statstables_why(struct tnode *root, const struct why *w, const struct outcome *o, size_t cases,
                size_t limit)
{
    size_t min_cases = 0;
    if (w->n_profiles > 0) {
        const struct attr_profile *p = &w->profiles[0];
        tnode_title(root, "What goes with %s: %zu cases, %zu %s, %zu %s, %zu unknown (%.1f%% win)",
                    o->label_a, cases, p->won, o->label_a, p->lost, o->label_b, p->unknown,
                    p->win_rate * 100);
    }
    (void)min_cases;
    struct table *t =
        tnode_table(root, "why", NULL, why_cols, sizeof why_cols / sizeof why_cols[0], NULL);
    for (size_t i = 0; i < w->n; i++) {
        const struct attr_profile *p = &w->profiles[w->items[i].profile];
        const struct attr_group *g = &p->groups[w->items[i].group];
        size_t row = table_add_row(t);
        struct cf_buf b = {0};
        attrstats_why_sentence(p, g, o, &b);
        table_set_int(t, row, WY_RANK, (int64_t)i + 1);
        table_set_text(t, row, WY_FINDING, b.data);
        cf_buf_clear(&b);
        table_set_text(t, row, WY_ATTR, p->name);
        table_set_text(t, row, WY_VALUE, g->label);
        table_set_count(t, row, WY_CASES, g->cases);
        table_set_number(t, row, WY_WIN, g->win_rate);
        table_set_number(t, row, WY_LOW, g->win_low);
        table_set_number(t, row, WY_HIGH, g->win_high);
        table_set_number(t, row, WY_LIFT, g->lift);
        table_set_number(t, row, WY_P, g->p_value);
    }
    table_set_text_limit(t, limit);
    tnode_note(root, "ranked by p (two-proportion z-test of each value against the other cases),");
    tnode_note(root, "then by lift; values with fewer than --min-cases cases left out.");
}

/* ---------------------------------------------------------------- between */

enum { HC_BUCKET, HC_UPTO, HC_COUNT, HC_BAR };
const struct table_col statstables_hist_cols[] = {
    [HC_BUCKET] = {"bucket", "time", TK_TEXT, TA_LEFT, TC_NONE, 0, 0, 0, NULL},
    [HC_UPTO] = {"upto_s", "up to", TK_DURATION, TA_AUTO, TC_NONE, 0, 0, TCOL_NO_TEXT, NULL},
    [HC_COUNT] = {"count", "count", TK_COUNT, TA_AUTO, TC_NONE, 0, 0, 0, NULL},
    [HC_BAR] = {"share", "", TK_BAR, TA_LEFT, TC_NONE, 0, 10, TCOL_FLEX, NULL},
};
const size_t statstables_n_hist_cols =
    sizeof statstables_hist_cols / sizeof statstables_hist_cols[0];

void
statstables_fill_hist(struct table *t, const size_t hist[STATS_NBUCKETS], size_t n)
{
    for (size_t b = 0; b < STATS_NBUCKETS; b++) {
        size_t row = table_add_row(t);
        table_set_text(t, row, HC_BUCKET, stats_bucket_label[b]);
        if (b < STATS_NBUCKETS - 1)
            table_set_dur(t, row, HC_UPTO, (double)stats_bucket_upto_ms[b]);
        table_set_count(t, row, HC_COUNT, hist[b]);
        table_set_number(t, row, HC_BAR, n ? (double)hist[b] / (double)n : 0);
    }
}

void
statstables_between(struct tnode *root, const struct event_log *log, const struct between *bt,
                    const struct between_opts *opts, bool unicode)
{
    const char *from = opts->each ? "each" : opts->from_last ? "the last" : "the first";
    const char *to = opts->each ? "the next" : opts->to_last ? "the last" : "the first";
    const char *an = eventlog_activity_name(log, bt->a), *bn = eventlog_activity_name(log, bt->b);
    (void)unicode;
    tnode_title(root, "From %s %s to %s %s after it", from, an, to, bn);
    tnode_text(root, "from", NULL, an);
    tnode_text(root, "to", NULL, bn);
    tnode_text(root, "pairing", NULL,
               opts->each        ? "each"
               : opts->from_last ? (opts->to_last ? "last-last" : "last-first")
               : opts->to_last   ? "first-last"
                                 : "first-first");
    tnode_count(root, "cases_with_a", "Cases with A", bt->cases_with_a);
    tnode_count(root, "cases", "Cases with B after A", bt->cases);
    tnode_count(root, "cases_without_b", "Cases without B after A", bt->cases_without_b);
    if (opts->each)
        tnode_count(root, "pairs", "Pairs", bt->n);
    const struct stats_summary *s = &bt->s;
    const char *keys[] = {"mean_s", "median_s", "p10_s", "p25_s", "p75_s", "p90_s", "max_s"};
    const char *labels[] = {"Mean", "Median", "p10", "p25", "p75", "p90", "Max"};
    double vals[] = {s->mean, s->median, s->p10, s->p25, s->p75, s->p90, (double)s->max};
    for (size_t k = 0; k < 7; k++) {
        if (bt->n)
            tnode_dur(root, keys[k], labels[k], vals[k]);
        else
            tnode_null(root, keys[k], labels[k]);
    }
    struct table *t = tnode_table(root, "histogram", "Histogram", statstables_hist_cols,
                                  statstables_n_hist_cols, NULL);
    statstables_fill_hist(t, bt->hist, bt->n);
}

/* ---------------------------------------------------------------- cohorts */

void
statstables_sparkline(const double *v, size_t n, bool unicode, struct cf_buf *buf)
{
    static const char *const blocks[8] = {"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83",
                                          "\xe2\x96\x84", "\xe2\x96\x85", "\xe2\x96\x86",
                                          "\xe2\x96\x87", "\xe2\x96\x88"};
    static const char ascii[8] = {'_', '.', '-', '~', '=', '+', '*', '#'};
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        if (isnan(v[i]))
            continue;
        lo = v[i] < lo ? v[i] : lo;
        hi = v[i] > hi ? v[i] : hi;
    }
    for (size_t i = 0; i < n; i++) {
        if (isnan(v[i])) {
            cf_buf_puts(buf, " ");
            continue;
        }
        size_t k = hi > lo ? (size_t)floor((v[i] - lo) / (hi - lo) * 7 + 0.5) : 3;
        if (k > 7)
            k = 7;
        if (unicode)
            cf_buf_puts(buf, blocks[k]);
        else
            cf_buf_append(buf, &ascii[k], 1);
    }
}

enum { CC_COHORT, CC_START, CC_CASES, CC_SHARE, CC_MEDIAN, CC_FIXED };
enum { CC_O_WON, CC_O_LOST, CC_O_WIN, CC_O_OPEN, CC_O_N };

static char *
snake_key(const char *prefix, const char *name, size_t index)
{
    struct cf_buf b = {0};
    cf_buf_puts(&b, prefix);
    bool us = false;
    size_t start = b.len;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if (isalnum(*p)) {
            char ch = (char)tolower(*p);
            cf_buf_append(&b, &ch, 1);
            us = false;
        } else if (!us && b.len > start) {
            cf_buf_append(&b, "_", 1);
            us = true;
        }
    }
    while (b.len > start && b.data[b.len - 1] == '_')
        b.data[--b.len] = '\0';
    if (b.len == start)
        cf_buf_printf(&b, "%zu", index + 1);
    return b.data;
}

struct table_col *
statstables_cohort_cols(const struct event_log *log, const struct cohorts *c, size_t *n)
{
    size_t total = CC_FIXED + c->n_stages + (c->has_outcome ? CC_O_N : 0);
    struct table_col *cols = xcalloc(total, sizeof *cols);
    cols[CC_COHORT] =
        (struct table_col){"cohort", "cohort", TK_TEXT, TA_LEFT, TC_END, 0, 8, 0, NULL};
    cols[CC_START] =
        (struct table_col){"start", "start", TK_TIME, TA_AUTO, TC_NONE, 0, 0, TCOL_NO_TEXT, NULL};
    cols[CC_CASES] =
        (struct table_col){"cases", "cases", TK_COUNT, TA_AUTO, TC_NONE, 0, 0, 0, NULL};
    cols[CC_SHARE] =
        (struct table_col){"share", "share", TK_SHARE, TA_AUTO, TC_NONE, 3, 0, 0, NULL};
    cols[CC_MEDIAN] = (struct table_col){
        "median_duration_s", "median", TK_DURATION, TA_AUTO, TC_NONE, 2, 0, 0, NULL};
    for (size_t s = 0; s < c->n_stages; s++) {
        const char *name = eventlog_activity_name(log, c->stages[s]);
        char *key = snake_key("reached_", name, s);
        for (size_t k = 0; k < s; k++)
            if (strcmp(cols[CC_FIXED + k].key, key) == 0) {
                free(key);
                struct cf_buf b = {0};
                cf_buf_printf(&b, "reached_%zu", s + 1);
                key = b.data;
                break;
            }
        cols[CC_FIXED + s] =
            (struct table_col){key, xstrdup(name), TK_SHARE, TA_AUTO, TC_END, 4, 6, 0, NULL};
    }
    if (c->has_outcome) {
        size_t o = CC_FIXED + c->n_stages;
        cols[o + CC_O_WON] =
            (struct table_col){"won", "won", TK_COUNT, TA_AUTO, TC_NONE, 1, 0, 0, NULL};
        cols[o + CC_O_LOST] =
            (struct table_col){"lost", "lost", TK_COUNT, TA_AUTO, TC_NONE, 1, 0, 0, NULL};
        cols[o + CC_O_WIN] =
            (struct table_col){"win_rate", "win rate", TK_SHARE, TA_AUTO, TC_NONE, 0, 0, 0, NULL};
        cols[o + CC_O_OPEN] =
            (struct table_col){"open_share", "open", TK_SHARE, TA_AUTO, TC_NONE, 1, 0, 0, NULL};
    }
    *n = total;
    return cols;
}

void
statstables_cohort_cols_free(struct table_col *cols, size_t n)
{
    if (cols == NULL)
        return;
    for (size_t i = CC_FIXED; i < n; i++) {
        /* stage columns own their key and header; the outcome ones are literals */
        if (strncmp(cols[i].key, "reached_", 8) == 0) {
            free((char *)cols[i].key);
            free((char *)cols[i].header);
        }
    }
    free(cols);
}

void
statstables_fill_cohorts(struct table *t, const struct cohorts *c)
{
    table_reserve(t, c->n);
    size_t o = CC_FIXED + c->n_stages;
    for (size_t k = 0; k < c->n; k++) {
        const struct cohort *r = &c->rows[k];
        size_t row = table_add_row(t);
        table_set_text(t, row, CC_COHORT, r->label);
        table_set_time(t, row, CC_START, r->start_ms);
        table_set_count(t, row, CC_CASES, r->cases);
        table_set_number(t, row, CC_SHARE, r->share);
        if (r->cases == 0)
            continue;
        table_set_dur(t, row, CC_MEDIAN, r->median_duration_ms);
        for (size_t s = 0; s < c->n_stages; s++)
            table_set_number(t, row, CC_FIXED + s, r->reached_share[s]);
        if (c->has_outcome) {
            table_set_count(t, row, o + CC_O_WON, r->won);
            table_set_count(t, row, o + CC_O_LOST, r->lost);
            if (r->won + r->lost)
                table_set_number(t, row, o + CC_O_WIN, r->win_rate);
            table_set_number(t, row, o + CC_O_OPEN, r->open_share);
        }
    }
}

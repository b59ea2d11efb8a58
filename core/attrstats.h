/* Statistics by activity, resource and attribute value, with win rates, intervals and tests. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_ATTRSTATS_H
#define CF_ATTRSTATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eventlog.h"
#include "outcome.h"
#include "selection.h"
#include "util.h"

/* ---- proportions ---- */

/* The z of a two-sided 95% interval. */
#define ATTRSTATS_Z95 1.959963984540054

/*
 * Wilson score interval at 95% for x successes out of n: *lo and *hi in [0, 1].
 * n == 0 gives [0, 1] (nothing is known).
 */
void attrstats_wilson(size_t x, size_t n, double *lo, double *hi);

/*
 * Two-sided p-value of the pooled two-proportion z-test of x1/n1 against x2/n2
 * (erfc(|z| / sqrt 2)). When either n is 0 or the pooled proportion is 0 or 1
 * there is no evidence either way: returns 1 and z = 0. z may be NULL.
 */
double attrstats_ztest(size_t x1, size_t n1, size_t x2, size_t n2, double *z);

/* ---- activities ---- */

struct astat_activity {
    uint32_t activity;
    size_t events, cases;
    double share;           /* cases / selected cases */
    int64_t first, last;    /* earliest and latest event time */
    size_t visits;          /* events with a next event in their case (timed visits) */
    double visit_median_ms; /* time in stage per visit: event to the case's next event */
    double visit_p90_ms;    /* (0 when visits == 0) */
    size_t timed_cases;     /* cases with at least one timed visit */
    double case_median_ms;  /* per case: the sum of its timed visits */
    double case_p90_ms;
    size_t rework_cases; /* cases where it occurs more than once */
};

struct astat_activities {
    size_t cases; /* selected cases */
    size_t n;
    struct astat_activity *rows; /* activities that occur: cases desc, events desc, name */
};

/* Fill out over the selected cases (sel NULL = all). Never fails; free with
 * attrstats_activities_clear. Quantiles as stages (numpy's linear). */
void attrstats_activities(const struct event_log *log, const struct selection *sel,
                          struct astat_activities *out);
void attrstats_activities_clear(struct astat_activities *a);

/* ---- resources ---- */

struct astat_resource {
    uint32_t resource;
    size_t events, cases;
    size_t activities;      /* distinct activities it performed */
    size_t handover_out;    /* its event followed, in the same case, by another resource's event */
    size_t handover_in;     /* its event preceded by another resource's event */
    size_t visits;          /* its events with a next event in their case */
    double visit_median_ms; /* median time in stage of those events */
};

struct astat_resources {
    size_t cases;
    size_t n;
    struct astat_resource *rows; /* resources that occur: events desc, name */
    size_t events_without;       /* selected events with no resource */
    size_t handovers;            /* total handovers (consecutive events, both resources known
                                    and different) */
};

/* Fill out over the selected cases. Events without a resource are counted in
 * events_without and never hand over. Never fails; free with attrstats_resources_clear. */
void attrstats_resources(const struct event_log *log, const struct selection *sel,
                         struct astat_resources *out);
void attrstats_resources_clear(struct astat_resources *r);

/* ---- attributes ---- */

enum attr_level {
    ATTR_CASE,  /* every case has at most one distinct value */
    ATTR_EVENT, /* some case has two or more: a case counts in every group it touches */
};

enum attr_type {
    ATTR_TEXT,   /* values as they are */
    ATTR_NUMBER, /* every non-empty value parses as a number: quantile buckets */
    ATTR_DATE,   /* every non-empty value is an ISO 8601 date: months */
};

const char *attr_level_name(enum attr_level l); /* "case", "event" */
const char *attr_type_name(enum attr_type t);   /* "text", "number", "date" */

/* One value or bucket of an attribute and the cases that have it. */
struct attr_group {
    char *label;    /* "Referral", "10000..25000", "2024-03", "(none)" */
    bool none;      /* the cases with no value at all */
    uint32_t value; /* ATTR_TEXT: the value id; else CF_NONE */
    double lo, hi;  /* ATTR_NUMBER: the bucket's bounds (lo excluded but for the first
                       bucket); ATTR_DATE: the month's first and last ms */
    size_t cases;
    size_t events;             /* events carrying a value of the group */
    double share;              /* cases / selected cases */
    double median_duration_ms; /* of its cases, first to last event */
    double rework_rate;        /* share of its cases where some activity occurs twice */
    /* With an outcome (else zero): */
    size_t won, lost, unknown;
    double win_rate;          /* won / (won + lost); 0 when none decided */
    double win_low, win_high; /* Wilson 95% interval of win_rate */
    double lift;              /* win_rate / the overall win rate (0 when that is 0) */
    double z, p_value;        /* two-proportion z-test against the cases outside the group */
    bool small;               /* fewer cases than min_cases */
};

struct attr_profile {
    int attr;         /* column index, -1 for the resource column */
    const char *name; /* the log's column name (the resource column's header) */
    enum attr_level level;
    enum attr_type type;
    size_t cases_with_value; /* selected cases with some non-empty value */
    size_t distinct;         /* distinct non-empty values among the selected cases */
    /* ATTR_NUMBER (values) and ATTR_DATE (ms): over one value per case and value
       (case level: one per case). */
    double min, p25, median, p75, max;
    size_t n_groups;
    struct attr_group *groups; /* text: cases desc, then label; numbers and dates: in order,
                                  "(none)" last; see attrstats_rank */
    size_t n_small;            /* groups flagged small */

    /* Overall figures the groups are measured against. */
    size_t cases;              /* selected cases */
    size_t won, lost, unknown; /* with an outcome */
    double win_rate;           /* overall won / (won + lost) */
    double median_duration_ms; /* over the selected cases */
    bool has_outcome;
};

struct attrstats_opts {
    size_t buckets;     /* quantile buckets for numbers (0: 5) */
    size_t min_cases;   /* groups with fewer cases are flagged small (0: max(10, 1%)) */
    const uint8_t *seg; /* enum segment of every case of the log, or NULL for no outcome */
};

/* A whole string (blanks around allowed) as a finite decimal number, as strtod reads it
 * (no hex, inf or nan). */
bool attrstats_parse_number(const char *s, double *out);

/* The default minimum support: max(10, ceil(1% of cases)). */
size_t attrstats_default_min_cases(size_t cases);

/*
 * Profile attribute column attr (-1: the resource column) over the selected cases: its level and
 * type, quantiles, and a group per value, bucket or month (plus "(none)" for cases without a value
 * when there are some) with the figures above. Numbers are cut into at most opts->buckets buckets
 * at the quantiles i/buckets of the values (numpy's linear rule; equal edges merge); when there are
 * no more distinct numbers than buckets each number is its own group. Numbers parse with strtod
 * (the whole value, finite); dates with timeparse_auto (ISO or naive, months in UTC). Never fails;
 * free with attr_profile_clear.
 */
void attrstats_profile(const struct event_log *log, const struct selection *sel, int attr,
                       const struct attrstats_opts *opts, struct attr_profile *out);
void attr_profile_clear(struct attr_profile *p);

/*
 * attrstats_profile of each attribute attrs[0..n) (-1: the resource column) into
 * out[0..n), with the same figures, the per-case work (rework flags, the median
 * case duration) done once for all of them. Free each with attr_profile_clear.
 */
void attrstats_profile_many(const struct event_log *log, const struct selection *sel,
                            const int *attrs, size_t n, const struct attrstats_opts *opts,
                            struct attr_profile *out);

/*
 * Order the groups by how much they move the outcome: p_value ascending, then
 * |log lift| descending, cases descending, label; without an outcome by how far
 * the median duration is from the overall median (ratio), then cases. Small
 * groups go last either way.
 */
void attrstats_rank(struct attr_profile *p);

/* ---- why: every attribute's values together ---- */

struct why_item {
    size_t profile; /* index into why.profiles */
    size_t group;   /* index into that profile's groups */
};

struct why {
    size_t n_profiles;
    struct attr_profile *profiles; /* the resource column (when there is one), then every
                                      attribute column but the outcome's own */
    size_t n;
    struct why_item *items; /* groups not small and with decided cases, in rank order
                               (p_value, |log lift|, cases) */
};

/*
 * Profile every attribute column (leaving out the ones the outcome is defined
 * by) with the outcome o and rank all their non-small groups together. seg is
 * outcome_segments' output for o. Never fails; free with why_clear.
 */
void attrstats_why(const struct event_log *log, const struct selection *sel,
                   const struct outcome *o, const uint8_t *seg, const struct attrstats_opts *opts,
                   struct why *out);
void why_clear(struct why *w);

/*
 * A sentence for a group, appended to buf: "cases with lead_source = Referral
 * win 1.9x as often (p < 0.001, 193 cases)" (x is the multiplication sign
 * U+00D7). The verb follows the outcome: "win" for a label "won", "reach X"
 * for activity outcomes, "end at X" for last-activity outcomes, "are X"
 * otherwise. Numbers say "in 10000..25000", dates "in 2024-03". Values come
 * from the log: the caller escapes buf before it reaches a terminal.
 */
void attrstats_why_sentence(const struct attr_profile *p, const struct attr_group *g,
                            const struct outcome *o, struct cf_buf *buf);

#endif

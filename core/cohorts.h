/* Cohorts: cases grouped by the period of their first event (or an attribute), with trends. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_COHORTS_H
#define CF_COHORTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eventlog.h"
#include "selection.h"

enum cohort_by {
    COHORT_WEEK,    /* ISO week of the first event, UTC: "2024-W09" */
    COHORT_MONTH,   /* "2024-03" */
    COHORT_QUARTER, /* "2024-Q1" */
    COHORT_ATTR,    /* the case's first non-empty value of an attribute; "(none)" */
};

struct cohort {
    char *label;
    int64_t start_ms; /* period cohorts: the period's first ms; attribute cohorts: the
                         earliest first event among its cases */
    size_t cases;
    double share;              /* of the selected cases */
    size_t *reached;           /* [n_stages] cases that reach each stage (anywhere in the case) */
    double *reached_share;     /* [n_stages] reached / cases */
    size_t won, lost, unknown; /* with an outcome */
    double win_rate;           /* won / (won + lost), 0 when none decided */
    double open_share;         /* unknown / cases (with an outcome; else 0) */
    double median_duration_ms; /* first to last event */
};

struct cohorts {
    enum cohort_by by;
    size_t n_stages;
    uint32_t *stages; /* copied */
    bool has_outcome;
    size_t n;
    struct cohort *rows; /* periods in time order (empty periods between kept, with 0
                            cases); attributes by cases desc, then label, "(none)" last */
};

/*
 * Group the selected cases (sel NULL = all). attr is the column for COHORT_ATTR
 * (else ignored); stages[n_stages] the activities whose reach is counted (may be
 * none); seg (enum segment per case of the log) the outcome or NULL. Never
 * fails; free with cohorts_clear.
 */
void cohorts_build(const struct event_log *log, const struct selection *sel, enum cohort_by by,
                   int attr, const uint32_t *stages, size_t n_stages, const uint8_t *seg,
                   struct cohorts *out);
void cohorts_clear(struct cohorts *c);

/* Parse "week", "month", "quarter" into *by; -1 for anything else (an attribute name). */
int cohorts_parse_by(const char *s, enum cohort_by *by);

#endif

/* Rework: repeated activities, loops, and regressions and skips against a stage order. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_REWORK_H
#define CF_REWORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eventlog.h"
#include "selection.h"

/* Per activity, over the selected cases. */
struct rework_activity {
    uint32_t activity;
    size_t cases_repeated;    /* cases where it occurs more than once (= summary rework_cases) */
    size_t extra_occurrences; /* occurrences beyond the first, summed over cases */
    size_t self_loop_cases;   /* cases where it is immediately repeated (A > A) */
    size_t redo_cases;        /* cases where it recurs after other steps (A > ... > A) */
};

/*
 * A loop: each time an activity recurs in a case, the stretch from its
 * previous occurrence to this one (both included) is one loop instance, e.g.
 * Proposal > Negotiation > Proposal; a self-loop is A > A.
 */
struct rework_loop {
    const uint32_t *path; /* len activity ids; path[0] == path[len - 1] */
    size_t len;
    size_t cases;       /* selected cases with at least one instance */
    size_t occurrences; /* instances */
    double median_ms;   /* median time from the first to the last event of an instance */
};

/* A transition against the stage order: back to an earlier stage, or jumping over stages. */
struct rework_jump {
    uint32_t from, to;
    size_t cases;            /* selected cases in which it happens */
    size_t count;            /* times it happens */
    const uint32_t *skipped; /* skips: the stages jumped over, in stage order */
    size_t n_skipped;
};

struct rework {
    size_t n_activities;
    struct rework_activity *activities; /* those with cases_repeated > 0: cases_repeated desc,
                                           extra_occurrences desc, name */
    size_t n_loops;
    struct rework_loop *loops; /* occurrences desc, cases desc, shorter first,
                                  then path by names */

    /*
     * The stage order: given, or inferred (stages_inferred) by the median of
     * each activity's relative position at its first occurrence in a case
     * (index / (case length - 1), from cases of two or more events), ascending;
     * equal medians share a rank (no regression or skip between them) and are
     * listed by name. Transitions are taken between consecutive stage events
     * of a case, other activities left out.
     */
    size_t n_stages;
    uint32_t *stages;     /* activity ids in stage order */
    size_t *stage_rank;   /* rank of stages[i]: 0, 1, ... (ties share one) */
    double *stage_median; /* inferred median relative position of stages[i], to 1e-9
                             (given: NAN) */
    bool stages_inferred;

    size_t n_regressions;
    struct rework_jump *regressions; /* to an earlier rank: count desc, cases desc, names */
    size_t n_skips;
    struct rework_jump *skips; /* to a rank more than one later: same order */

    uint32_t *arena; /* storage behind the loop paths and skipped lists */
};

/*
 * Fill out over the selected cases (sel NULL = all). stages (n_stages ids,
 * duplicates ignored after the first) gives the stage order; NULL infers it.
 * Never fails; free with rework_clear.
 */
void rework_build(const struct event_log *log, const struct selection *sel, const uint32_t *stages,
                  size_t n_stages, struct rework *out);
void rework_clear(struct rework *r);

#endif

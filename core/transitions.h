/* Transition probabilities between activities (a Markov chain with start and end) and funnels. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_TRANSITIONS_H
#define CF_TRANSITIONS_H

#include <stddef.h>
#include <stdint.h>

#include "eventlog.h"
#include "selection.h"
#include "strpool.h"

/* Virtual activities: before a case's first event, after its last. */
#define TRANSITIONS_START (UINT32_MAX - 1)
#define TRANSITIONS_END UINT32_MAX

struct transition {
    uint32_t from, to;  /* activity ids, TRANSITIONS_START or TRANSITIONS_END */
    size_t count;       /* times from is directly followed by to */
    double probability; /* count / all transitions out of from: P(to | from) */
};

struct transitions {
    size_t n;
    struct transition *t; /* grouped by from: (start) first, then sources by events desc,
                             name; in a group, count desc, then name ("(end)" as such) */
    size_t cases;         /* selected cases with events */
};

/*
 * Fill out over the selected cases (sel NULL = all): every case contributes
 * (start) -> first activity, each directly-follows pair, and last -> (end), so
 * the probabilities out of each source sum to 1. Free with transitions_clear.
 */
void transitions_build(const struct event_log *log, const struct selection *sel,
                       struct transitions *out);

/*
 * Variants with a weight each (the cases counted), standing for cases: what
 * transitions and the happy path are made of, for a log's variants or an
 * aggregate's (core/aggsource.c).
 */
struct wvariants {
    const struct strpool *names; /* activity names, ids 0..na-1 */
    size_t na, nv;
    const size_t *w; /* nv weights; 0 leaves a variant out */
    const uint32_t *(*seq)(const void *ud, uint32_t v, size_t *len);
    const void *ud;
    const uint32_t *rank; /* nv ranks in name-sequence order, or NULL: the index order */
};

/* The selected cases of log (sel NULL = all) as its variants weighted by their cases;
 * returns the weights, which the caller frees once done with out. */
size_t *wvariants_of_log(const struct event_log *log, const struct selection *sel,
                         struct wvariants *out);

/* transitions_build over weighted variants (out->cases = the sum of the weights of
 * non-empty variants). */
void transitions_build_weighted(const struct wvariants *wv, struct transitions *out);
void transitions_clear(struct transitions *t);

/* "(start)", "(end)", or the activity's name. */
const char *transitions_name(const struct event_log *log, uint32_t id);

struct funnel_step {
    uint32_t activity;
    size_t cases_reached; /* cases in which stages 1..i occur in this order (not adjacent) */
    double share;         /* cases_reached / cases_reached of the first stage */
    double conversion;    /* cases_reached / that of the previous stage (first: of all cases) */
    size_t lost;          /* previous stage's cases_reached minus this one's (first: cases
                             that never reach it) */
};

struct funnel {
    size_t n;
    struct funnel_step *steps;
    size_t cases; /* selected cases */
};

/*
 * Fill out for the stage sequence stages[0..n) over the selected cases (sel
 * NULL = all). A stage may repeat (A,B,A). Ratios with a zero denominator are
 * 0. Free with funnel_clear.
 */
void funnel_build(const struct event_log *log, const struct selection *sel, const uint32_t *stages,
                  size_t n, struct funnel *out);
void funnel_clear(struct funnel *f);

#endif

/* The log summary behind `caseflow report`: counts, starts/ends, durations, rework. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_SUMMARY_H
#define CF_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#include "eventlog.h"
#include "selection.h"
#include "stats.h"

struct summary {
    size_t cases, events, activities; /* activities that occur in the selection */
    size_t variants;
    int64_t t_first, t_last;            /* time range of selected events */
    size_t *activity_events;            /* [n_act] events per activity */
    size_t *activity_cases;             /* [n_act] cases containing the activity */
    size_t *start_cases;                /* [n_act] cases starting with it */
    size_t *end_cases;                  /* [n_act] cases ending with it */
    size_t *rework_cases;               /* [n_act] cases in which it occurs more than once */
    size_t self_loop_cases;             /* cases with some activity directly followed by itself */
    struct stats_summary case_duration; /* ms, first to last event */
    size_t n_act;                       /* size of the per-activity arrays */
};

/* Fill out for the selection (NULL = all). Free with summary_clear. */
void summary_build(const struct event_log *log, const struct selection *sel, struct summary *out);
void summary_clear(struct summary *s);

#endif

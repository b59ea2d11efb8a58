/* Stage times: how long cases stay at each activity (event to next event), and case durations. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_STAGES_H
#define CF_STAGES_H

#include <stddef.h>
#include <stdint.h>

#include "eventlog.h"
#include "selection.h"
#include "stats.h"

/* Time in stage of one activity: from each of its events to the case's next event. */
struct stage_stat {
    uint32_t activity;
    struct stats_summary s;      /* ms; n = its non-final events in the selected cases */
    size_t hist[STATS_NBUCKETS]; /* counts on the fixed log buckets of stats.h */
};

struct stages {
    size_t n;
    struct stage_stat *stages;          /* activities with n > 0: median desc, n desc, name */
    size_t cases;                       /* selected cases */
    struct stats_summary case_duration; /* ms, first to last event */
    size_t case_hist[STATS_NBUCKETS];
};

/*
 * Fill out over the selected cases (sel NULL = all). A case's last event has
 * no next event and so no stage time. Quantiles interpolate linearly between
 * order statistics (numpy's default). Never fails; free with stages_clear.
 */
void stages_build(const struct event_log *log, const struct selection *sel, struct stages *out);
void stages_clear(struct stages *s);

/* Bucket counts of n sorted durations on the fixed log buckets (hist zeroed first). */
void stages_histogram_sorted(const int64_t *v, size_t n, size_t hist[STATS_NBUCKETS]);

#endif

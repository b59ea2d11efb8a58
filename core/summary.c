/* Summary figures of a selection: counts, start/end activities, durations, rework. */
/* SPDX-License-Identifier: MIT */
#include "summary.h"

#include <stdlib.h>
#include <string.h>

void
summary_build(const struct event_log *log, const struct selection *sel, struct summary *out)
{
    size_t na = eventlog_n_activities(log);
    memset(out, 0, sizeof *out);
    out->n_act = na;
    out->activity_events = xcalloc(na ? na : 1, sizeof(size_t));
    out->activity_cases = xcalloc(na ? na : 1, sizeof(size_t));
    out->start_cases = xcalloc(na ? na : 1, sizeof(size_t));
    out->end_cases = xcalloc(na ? na : 1, sizeof(size_t));
    out->rework_cases = xcalloc(na ? na : 1, sizeof(size_t));

    /* Per activity, the last case seen and how often in it: one pass, no sets. */
    uint32_t *last_case = xmalloc((na ? na : 1) * sizeof *last_case);
    uint32_t *times = xcalloc(na ? na : 1, sizeof *times);
    memset(last_case, 0xff, (na ? na : 1) * sizeof *last_case);
    uint8_t *variant_seen = xcalloc(log->n_variants ? log->n_variants : 1, 1);
    int64_t *dur = xmalloc((log->n_cases ? log->n_cases : 1) * sizeof *dur);
    size_t nd = 0;

    for (size_t c = 0; c < log->n_cases; c++) {
        if (!sel_has(sel, c))
            continue;
        size_t lo = log->case_off[c], hi = log->case_off[c + 1];
        if (hi == lo)
            continue;
        out->cases++;
        out->events += hi - lo;
        if (!variant_seen[log->case_variant[c]]) {
            variant_seen[log->case_variant[c]] = 1;
            out->variants++;
        }
        out->start_cases[log->ev_act[lo]]++;
        out->end_cases[log->ev_act[hi - 1]]++;
        bool self_loop = false;
        for (size_t e = lo; e < hi; e++) {
            uint32_t a = log->ev_act[e];
            out->activity_events[a]++;
            if (last_case[a] != (uint32_t)c) {
                last_case[a] = (uint32_t)c;
                times[a] = 1;
                out->activity_cases[a]++;
            } else if (++times[a] == 2) {
                out->rework_cases[a]++;
            }
            if (e > lo && log->ev_act[e - 1] == a)
                self_loop = true;
            int64_t t = log->ev_time[e];
            if (out->cases == 1 && e == lo) {
                out->t_first = out->t_last = t;
            } else {
                if (t < out->t_first)
                    out->t_first = t;
                if (t > out->t_last)
                    out->t_last = t;
            }
        }
        if (self_loop)
            out->self_loop_cases++;
        dur[nd++] = eventlog_case_duration(log, c);
    }
    for (size_t a = 0; a < na; a++)
        if (out->activity_events[a] > 0)
            out->activities++;
    stats_sort_i64(dur, nd);
    stats_summarize_sorted(dur, nd, &out->case_duration);
    free(dur);
    free(variant_seen);
    free(times);
    free(last_case);
}

void
summary_clear(struct summary *s)
{
    if (s == NULL)
        return;
    free(s->activity_events);
    free(s->activity_cases);
    free(s->start_cases);
    free(s->end_cases);
    free(s->rework_cases);
    memset(s, 0, sizeof *s);
}

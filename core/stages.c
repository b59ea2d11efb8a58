/* Stage times and case durations over a selection: quantiles and log-bucket histograms. */
/* SPDX-License-Identifier: MIT */
#include "stages.h"

#include <stdlib.h>
#include <string.h>

static _Thread_local const struct event_log *sort_log;

static int
cmp_stage(const void *pa, const void *pb)
{
    const struct stage_stat *a = pa, *b = pb;
    if (a->s.median != b->s.median)
        return a->s.median < b->s.median ? 1 : -1;
    if (a->s.n != b->s.n)
        return a->s.n < b->s.n ? 1 : -1;
    return strcmp(eventlog_activity_name(sort_log, a->activity),
                  eventlog_activity_name(sort_log, b->activity));
}

void
stages_histogram_sorted(const int64_t *v, size_t n, size_t hist[STATS_NBUCKETS])
{
    memset(hist, 0, STATS_NBUCKETS * sizeof *hist);
    size_t b = 0;
    for (size_t i = 0; i < n; i++) {
        while (b < STATS_NBUCKETS - 1 && v[i] > stats_bucket_upto_ms[b])
            b++;
        hist[b]++;
    }
}

void
stages_build(const struct event_log *log, const struct selection *sel, struct stages *out)
{
    size_t na = eventlog_n_activities(log), nb = na ? na : 1;
    memset(out, 0, sizeof *out);

    /* Group the stage times by activity: count, offsets, fill. */
    size_t *off = xcalloc(nb + 1, sizeof *off);
    for (size_t c = 0; c < log->n_cases; c++) {
        if (!sel_has(sel, c))
            continue;
        size_t lo = log->case_off[c], hi = log->case_off[c + 1];
        for (size_t e = lo; e + 1 < hi; e++)
            off[log->ev_act[e]]++;
        if (hi > lo)
            out->cases++;
    }
    size_t total = 0;
    for (size_t a = 0; a < na; a++) {
        size_t k = off[a];
        off[a] = total;
        total += k;
    }
    off[na] = total;
    size_t *fill = xmalloc(nb * sizeof *fill);
    memcpy(fill, off, nb * sizeof *fill);
    int64_t *d = xmalloc((total ? total : 1) * sizeof *d);
    int64_t *cd = xmalloc((out->cases ? out->cases : 1) * sizeof *cd);
    size_t ncd = 0;
    for (size_t c = 0; c < log->n_cases; c++) {
        if (!sel_has(sel, c))
            continue;
        size_t lo = log->case_off[c], hi = log->case_off[c + 1];
        const int64_t *t = log->ev_time;
        for (size_t e = lo; e + 1 < hi; e++)
            d[fill[log->ev_act[e]]++] = t[e + 1] - t[e];
        if (hi > lo)
            cd[ncd++] = t[hi - 1] - t[lo];
    }

    out->stages = xmalloc(nb * sizeof *out->stages);
    for (size_t a = 0; a < na; a++) {
        size_t m = off[a + 1] - off[a];
        if (m == 0)
            continue;
        struct stage_stat *st = &out->stages[out->n++];
        int64_t *g = d + off[a];
        stats_sort_i64(g, m);
        st->activity = (uint32_t)a;
        stats_summarize_sorted(g, m, &st->s);
        stages_histogram_sorted(g, m, st->hist);
    }
    stats_sort_i64(cd, ncd);
    stats_summarize_sorted(cd, ncd, &out->case_duration);
    stages_histogram_sorted(cd, ncd, out->case_hist);
    sort_log = log;
    qsort(out->stages, out->n, sizeof *out->stages, cmp_stage);

    free(cd);
    free(d);
    free(fill);
    free(off);
}

void
stages_clear(struct stages *s)
{
    if (s == NULL)
        return;
    free(s->stages);
    memset(s, 0, sizeof *s);
}

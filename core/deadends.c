/* Dead ends over a selection: exit rates, completion after each activity, open cases by age. */
/* SPDX-License-Identifier: MIT */
#include "deadends.h"

#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "variants.h"

static _Thread_local const struct event_log *sort_log;

static int
cmp_name(uint32_t a, uint32_t b)
{
    return strcmp(eventlog_activity_name(sort_log, a), eventlog_activity_name(sort_log, b));
}

static int
cmp_ids(const void *pa, const void *pb)
{
    return cmp_name(*(const uint32_t *)pa, *(const uint32_t *)pb);
}

static int
cmp_activity(const void *pa, const void *pb)
{
    const struct deadend_activity *a = pa, *b = pb;
    if (a->accepted != b->accepted)
        return a->accepted ? 1 : -1;
    if (!a->accepted && a->exit_rate != b->exit_rate)
        return a->exit_rate < b->exit_rate ? 1 : -1;
    if (a->cases_ended != b->cases_ended)
        return a->cases_ended < b->cases_ended ? 1 : -1;
    return cmp_name(a->activity, b->activity);
}

static int
cmp_open(const void *pa, const void *pb)
{
    const struct deadend_open *a = pa, *b = pb;
    if (a->cases != b->cases)
        return a->cases < b->cases ? 1 : -1;
    return cmp_name(a->activity, b->activity);
}

/* Ages of the open cases grouped by last activity, summarised into out->open. */
static void
open_ages(const struct event_log *log, const struct selection *sel, const uint8_t *accepted,
          struct deadends *out)
{
    size_t na = eventlog_n_activities(log), nb = na ? na : 1;
    size_t *off = xcalloc(nb + 1, sizeof *off);
    for (size_t c = 0; c < log->n_cases; c++) {
        size_t hi = log->case_off[c + 1];
        if (sel_has(sel, c) && hi > log->case_off[c] && !accepted[log->ev_act[hi - 1]])
            off[log->ev_act[hi - 1]]++;
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
    int64_t *age = xmalloc((total ? total : 1) * sizeof *age);
    for (size_t c = 0; c < log->n_cases; c++) {
        size_t hi = log->case_off[c + 1];
        if (sel_has(sel, c) && hi > log->case_off[c] && !accepted[log->ev_act[hi - 1]])
            age[fill[log->ev_act[hi - 1]]++] = log->t_max - log->ev_time[hi - 1];
    }
    out->open_count = total;
    out->open = xmalloc(nb * sizeof *out->open);
    for (size_t a = 0; a < na; a++) {
        size_t m = off[a + 1] - off[a];
        if (m == 0)
            continue;
        int64_t *g = age + off[a];
        stats_sort_i64(g, m);
        out->open[out->n_open++] =
            (struct deadend_open){(uint32_t)a, m, stats_quantile_sorted(g, m, 0.5), g[m - 1]};
    }
    stats_sort_i64(age, total);
    out->age_median_ms = total ? stats_quantile_sorted(age, total, 0.5) : 0;
    out->age_max_ms = total ? age[total - 1] : 0;
    free(age);
    free(fill);
    free(off);
}

void
deadends_build(const struct event_log *log, const struct selection *sel, const uint32_t *ends,
               size_t n_ends, struct deadends *out)
{
    size_t na = eventlog_n_activities(log), nv = log->n_variants, nb = na ? na : 1;
    memset(out, 0, sizeof *out);
    size_t *w = xcalloc(nv ? nv : 1, sizeof *w);
    for (size_t c = 0; c < log->n_cases; c++)
        if (sel_has(sel, c) && eventlog_case_len(log, c) > 0) {
            w[log->case_variant[c]]++;
            out->cases++;
        }

    /* Reached and ended per activity, once per variant. */
    size_t *reached = xcalloc(nb, sizeof *reached), *ended = xcalloc(nb, sizeof *ended);
    size_t *completed = xcalloc(nb, sizeof *completed);
    uint32_t *stamp = xmalloc(nb * sizeof *stamp);
    memset(stamp, 0xff, nb * sizeof *stamp);
    for (size_t v = 0; v < nv; v++) {
        size_t n;
        const uint32_t *seq = variants_sequence(log, (uint32_t)v, &n);
        if (w[v] == 0 || n == 0)
            continue;
        for (size_t i = 0; i < n; i++)
            if (stamp[seq[i]] != (uint32_t)v) {
                stamp[seq[i]] = (uint32_t)v;
                reached[seq[i]] += w[v];
            }
        ended[seq[n - 1]] += w[v];
    }

    uint8_t *accepted = xcalloc(nb, 1);
    if (ends != NULL) {
        for (size_t k = 0; k < n_ends; k++)
            if (ends[k] < na)
                accepted[ends[k]] = 1;
    } else {
        out->inferred = true;
        for (size_t a = 0; a < na; a++)
            if (ended[a] > 0 && (double)ended[a] >= DEADENDS_MIN_EXIT_RATE * (double)reached[a] &&
                (double)ended[a] >= DEADENDS_MIN_END_SHARE * (double)out->cases)
                accepted[a] = 1;
    }
    out->accepted = xmalloc(nb * sizeof *out->accepted);
    for (size_t a = 0; a < na; a++)
        if (accepted[a])
            out->accepted[out->n_accepted++] = (uint32_t)a;
    sort_log = log;
    qsort(out->accepted, out->n_accepted, sizeof *out->accepted, cmp_ids);

    /* Completion: first occurrence at or before the last accepted end of the case. */
    memset(stamp, 0xff, nb * sizeof *stamp);
    for (size_t v = 0; v < nv; v++) {
        size_t n;
        const uint32_t *seq = variants_sequence(log, (uint32_t)v, &n);
        if (w[v] == 0 || n == 0)
            continue;
        size_t last_acc = n; /* n = none */
        for (size_t i = n; i-- > 0;)
            if (accepted[seq[i]]) {
                last_acc = i;
                break;
            }
        if (last_acc == n)
            continue;
        for (size_t i = 0; i <= last_acc; i++)
            if (stamp[seq[i]] != (uint32_t)v) {
                stamp[seq[i]] = (uint32_t)v;
                completed[seq[i]] += w[v];
            }
    }

    out->activities = xmalloc(nb * sizeof *out->activities);
    for (size_t a = 0; a < na; a++) {
        if (reached[a] == 0)
            continue;
        out->activities[out->n_activities++] = (struct deadend_activity){
            (uint32_t)a,
            accepted[a] != 0,
            reached[a],
            ended[a],
            (double)ended[a] / (double)reached[a],
            (double)completed[a] / (double)reached[a],
        };
    }
    open_ages(log, sel, accepted, out);
    sort_log = log;
    qsort(out->activities, out->n_activities, sizeof *out->activities, cmp_activity);
    qsort(out->open, out->n_open, sizeof *out->open, cmp_open);

    free(accepted);
    free(stamp);
    free(completed);
    free(ended);
    free(reached);
    free(w);
}

void
deadends_clear(struct deadends *d)
{
    if (d == NULL)
        return;
    free(d->accepted);
    free(d->activities);
    free(d->open);
    memset(d, 0, sizeof *d);
}

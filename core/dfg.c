/* Directly-follows graph with counts and durations, over a selection and a projection. */
/* SPDX-License-Identifier: MIT */
#include "dfg.h"

#include <stdlib.h>
#include <string.h>

#include "stats.h"

/* One observed transition, before grouping into edges. */
struct hop {
    uint64_t key; /* from << 32 | to */
    int64_t dur;
    uint32_t c;
};

static int
cmp_hop(const void *pa, const void *pb)
{
    const struct hop *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    if (a->c != b->c)
        return a->c < b->c ? -1 : 1;
    return (a->dur > b->dur) - (a->dur < b->dur);
}

static const struct event_log *edge_log;

static int
cmp_edge(const void *pa, const void *pb)
{
    const struct dfg_edge *a = pa, *b = pb;
    if (a->count != b->count)
        return a->count < b->count ? 1 : -1;
    int r = strcmp(eventlog_activity_name(edge_log, a->from),
                   eventlog_activity_name(edge_log, b->from));
    if (r != 0)
        return r;
    return strcmp(eventlog_activity_name(edge_log, a->to), eventlog_activity_name(edge_log, b->to));
}

void
dfg_build(const struct event_log *log, const struct selection *sel, const bool *keep,
          struct dfg *out)
{
    size_t na = eventlog_n_activities(log);
    memset(out, 0, sizeof *out);
    out->n_act = na;
    out->nodes = xcalloc(na ? na : 1, sizeof *out->nodes);

    size_t cap = log->n_events, n = 0;
    struct hop *hops = xmalloc((cap ? cap : 1) * sizeof *hops);
    uint32_t *seen = xmalloc((na ? na : 1) * sizeof *seen); /* last case that counted it */
    memset(seen, 0xff, (na ? na : 1) * sizeof *seen);

    for (size_t c = 0; c < log->n_cases; c++) {
        if (!sel_has(sel, c))
            continue;
        size_t lo = log->case_off[c], hi = log->case_off[c + 1];
        uint32_t prev = CF_NONE;
        int64_t prev_t = 0;
        for (size_t e = lo; e < hi; e++) {
            uint32_t a = log->ev_act[e];
            if (keep != NULL && !keep[a])
                continue;
            struct dfg_node *nd = &out->nodes[a];
            nd->events++;
            if (seen[a] != (uint32_t)c) {
                seen[a] = (uint32_t)c;
                nd->cases++;
            }
            if (prev == CF_NONE)
                nd->starts++;
            else
                hops[n++] = (struct hop){((uint64_t)prev << 32) | a, log->ev_time[e] - prev_t,
                                         (uint32_t)c};
            prev = a;
            prev_t = log->ev_time[e];
        }
        if (prev != CF_NONE) {
            out->nodes[prev].ends++;
            out->cases++;
        }
    }
    free(seen);

    qsort(hops, n, sizeof *hops, cmp_hop);
    size_t ecap = 0, dcap = 0;
    int64_t *durs = NULL;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && hops[j].key == hops[i].key)
            j++;
        if (out->n_edges == ecap) {
            ecap = ecap ? ecap * 2 : 64;
            out->edges = xreallocarray(out->edges, ecap, sizeof *out->edges);
        }
        struct dfg_edge *ed = &out->edges[out->n_edges++];
        ed->from = (uint32_t)(hops[i].key >> 32);
        ed->to = (uint32_t)hops[i].key;
        ed->count = j - i;
        /* Hops of a group are ordered by case: distinct cases in one pass;
         * durations copied out and sorted for the quantiles. */
        size_t m = j - i;
        if (m > dcap) {
            dcap = m;
            durs = xreallocarray(durs, dcap, sizeof *durs);
        }
        size_t cases = 0;
        for (size_t k = i; k < j; k++) {
            durs[k - i] = hops[k].dur;
            if (k == i || hops[k].c != hops[k - 1].c)
                cases++;
        }
        stats_sort_i64(durs, m);
        ed->cases = cases;
        ed->min_ms = durs[0];
        ed->max_ms = durs[m - 1];
        ed->mean_ms = stats_mean_i64(durs, m);
        ed->median_ms = stats_quantile_sorted(durs, m, 0.5);
        i = j;
    }
    free(durs);
    free(hops);
    edge_log = log;
    qsort(out->edges, out->n_edges, sizeof *out->edges, cmp_edge);
}

void
dfg_clear(struct dfg *g)
{
    if (g == NULL)
        return;
    free(g->nodes);
    free(g->edges);
    memset(g, 0, sizeof *g);
}

long
dfg_find_edge(const struct dfg *g, uint32_t from, uint32_t to)
{
    for (size_t i = 0; i < g->n_edges; i++)
        if (g->edges[i].from == from && g->edges[i].to == to)
            return (long)i;
    return -1;
}

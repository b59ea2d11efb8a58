/* Directly-follows graph with counts and durations, over a selection and a projection. */
/* SPDX-License-Identifier: MIT */
#include "dfg.h"

#include <stdlib.h>
#include <string.h>

#include "aggsource.h"
#include "cancel.h"
#include "pairmap.h"
#include "stats.h"

static _Thread_local const struct event_log *edge_log;

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
    if (log->agg != NULL) { /* a stand-in for an aggregate: its variants give the graph */
        aggsource_dfg(log->agg, keep, out);
        return;
    }
    size_t na = eventlog_n_activities(log);
    memset(out, 0, sizeof *out);
    out->n_act = na;
    out->nodes = xcalloc(na ? na : 1, sizeof *out->nodes);

    /* Pass 1: every kept transition gets its edge id; counts and distinct cases
     * per edge come for free because cases are scanned in order. */
    struct pairmap pm;
    pairmap_init(&pm, na);
    size_t n = 0, ecap = 0;
    size_t *ecount = NULL, *ecases = NULL;
    uint32_t *elast = NULL;
    uint32_t *seen = xmalloc((na ? na : 1) * sizeof *seen); /* last case that counted it */
    memset(seen, 0xff, (na ? na : 1) * sizeof *seen);

    size_t c_end = log->n_cases; /* where pass 1 stopped: pass 2 walks no further */
    for (size_t c = 0; c < log->n_cases; c++) {
        if (!sel_has(sel, c))
            continue;
        if ((c & 4095) == 0 && cf_cancelled()) {
            c_end = c; /* a partial graph, thrown away by whoever cancelled */
            break;
        }
        size_t lo = log->case_off[c], hi = log->case_off[c + 1];
        uint32_t prev = CF_NONE;
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
            if (prev == CF_NONE) {
                nd->starts++;
            } else {
                uint32_t id = pm.dense != NULL ? pm.dense[(size_t)prev * pm.dense_n + a] : CF_NONE;
                if (id == CF_NONE)
                    id = pairmap_get(&pm, prev, a);
                if (id >= ecap) {
                    size_t old = ecap;
                    ecap = ecap ? ecap * 2 : 256;
                    ecount = xreallocarray(ecount, ecap, sizeof *ecount);
                    ecases = xreallocarray(ecases, ecap, sizeof *ecases);
                    elast = xreallocarray(elast, ecap, sizeof *elast);
                    memset(ecount + old, 0, (ecap - old) * sizeof *ecount);
                    memset(ecases + old, 0, (ecap - old) * sizeof *ecases);
                    memset(elast + old, 0xff, (ecap - old) * sizeof *elast);
                }
                ecount[id]++;
                if (elast[id] != (uint32_t)c) {
                    elast[id] = (uint32_t)c;
                    ecases[id]++;
                }
                n++;
            }
            prev = a;
        }
        if (prev != CF_NONE) {
            out->nodes[prev].ends++;
            out->cases++;
        }
    }
    free(seen);

    /* Pass 2: the same walk puts each duration in its edge's group (a counting
     * sort without per-hop arrays: 8 bytes a transition at the peak, not 20). */
    size_t ne = pm.n;
    size_t *off = xmalloc((ne + 1) * sizeof *off);
    off[0] = 0;
    for (size_t k = 0; k < ne; k++)
        off[k + 1] = off[k] + ecount[k];
    int64_t *durs = xmalloc((n ? n : 1) * sizeof *durs);
    for (size_t c = 0; c < c_end; c++) {
        if (!sel_has(sel, c))
            continue;
        uint32_t prev = CF_NONE;
        int64_t prev_t = 0;
        for (size_t e = log->case_off[c]; e < log->case_off[c + 1]; e++) {
            uint32_t a = log->ev_act[e];
            if (keep != NULL && !keep[a])
                continue;
            if (prev != CF_NONE) {
                uint32_t id = pm.dense != NULL ? pm.dense[(size_t)prev * pm.dense_n + a]
                                               : pairmap_find(&pm, prev, a);
                durs[off[id]++] = log->ev_time[e] - prev_t;
            }
            prev = a;
            prev_t = log->ev_time[e];
        }
    }
    out->n_edges = ne;
    out->edges = xmalloc((ne ? ne : 1) * sizeof *out->edges);
    for (size_t k = 0; k < ne; k++) {
        size_t m = ecount[k];
        int64_t *d = durs + off[k] - m; /* off[k] was advanced to the group's end */
        struct dfg_edge *ed = &out->edges[k];
        ed->from = pm.first[k];
        ed->to = pm.second[k];
        ed->count = m;
        ed->cases = ecases[k];
        ed->min_ms = ed->max_ms = d[0];
        for (size_t i = 1; i < m; i++) {
            if (d[i] < ed->min_ms)
                ed->min_ms = d[i];
            if (d[i] > ed->max_ms)
                ed->max_ms = d[i];
        }
        ed->mean_ms = stats_mean_i64(d, m);
        ed->median_ms = stats_quantile_select(d, m, 0.5);
    }
    free(durs);
    free(off);
    free(ecount);
    free(ecases);
    free(elast);
    pairmap_clear(&pm);
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

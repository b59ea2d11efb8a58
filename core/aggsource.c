/* An aggregate standing in for an event log: the stand-in log, and its DFG and map figures from the
 * variants. */
/* SPDX-License-Identifier: MIT */
#include "aggsource.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pairmap.h"

struct event_log *
aggsource_log(const struct aggregate *ag)
{
    struct event_log *log = xcalloc(1, sizeof *log);
    log->name = xstrdup(ag->name);
    log->case_ids = strpool_new();
    log->activities = strpool_new();
    log->resources = strpool_new();
    log->values = strpool_new();
    size_t na = strpool_count(ag->names);
    for (size_t a = 0; a < na; a++) {
        const char *s = strpool_get(ag->names, (uint32_t)a);
        strpool_intern(log->activities, s, strlen(s));
    }
    log->case_off = xcalloc(1, sizeof *log->case_off);
    log->t_min = ag->t_first;
    log->t_max = ag->t_last;
    log->agg = ag;
    return log;
}

static const struct strpool *edge_names;

static int
cmp_edge(const void *pa, const void *pb)
{
    const struct dfg_edge *a = pa, *b = pb;
    if (a->count != b->count)
        return a->count < b->count ? 1 : -1;
    int r = strcmp(strpool_get(edge_names, a->from), strpool_get(edge_names, b->from));
    if (r != 0)
        return r;
    return strcmp(strpool_get(edge_names, a->to), strpool_get(edge_names, b->to));
}

/* Copy the figures of ag's edge from->to (idx gives its id, at its index) into ed, or NaN
 * when absent or bridged. */
static void
edge_times(const struct aggregate *ag, const struct pairmap *idx, const size_t *at,
           struct dfg_edge *ed, bool bridged)
{
    uint32_t id = bridged ? CF_NONE : pairmap_find(idx, ed->from, ed->to);
    if (id == CF_NONE) {
        ed->mean_ms = ed->median_ms = NAN;
        ed->min_ms = ed->max_ms = 0;
        return;
    }
    const struct agg_edge *e = &ag->edges[at[id]];
    ed->mean_ms = e->mean_ms;
    ed->median_ms = e->median_ms;
    ed->min_ms = e->min_ms;
    ed->max_ms = e->max_ms;
}

/* Without variant rows: the graph is ag's own edges and counts (no projection of paths). */
static void
dfg_from_edges(const struct aggregate *ag, const bool *keep, struct dfg *out)
{
    for (size_t i = 0; i < ag->n_acts; i++)
        if (keep == NULL || keep[ag->acts[i].act]) {
            out->nodes[ag->acts[i].act].events = ag->acts[i].events;
            out->nodes[ag->acts[i].act].cases = ag->acts[i].cases;
        }
    for (size_t i = 0; i < ag->n_starts; i++)
        if (keep == NULL || keep[ag->starts[i].act])
            out->nodes[ag->starts[i].act].starts = ag->starts[i].cases;
    for (size_t i = 0; i < ag->n_ends; i++)
        if (keep == NULL || keep[ag->ends[i].act]) {
            out->nodes[ag->ends[i].act].ends = ag->ends[i].cases;
            out->cases += ag->ends[i].cases;
        }
    out->edges = xmalloc((ag->n_edges ? ag->n_edges : 1) * sizeof *out->edges);
    for (size_t i = 0; i < ag->n_edges; i++) {
        const struct agg_edge *e = &ag->edges[i];
        if (keep != NULL && (!keep[e->from] || !keep[e->to]))
            continue;
        out->edges[out->n_edges++] = (struct dfg_edge){
            e->from, e->to, e->count, e->cases, e->mean_ms, e->median_ms, e->min_ms, e->max_ms};
    }
}

void
aggsource_dfg(const struct aggregate *ag, const bool *keep, struct dfg *out)
{
    size_t na = strpool_count(ag->names), nb = na ? na : 1;
    memset(out, 0, sizeof *out);
    out->n_act = na;
    out->nodes = xcalloc(nb, sizeof *out->nodes);
    if (ag->n_variants == 0) {
        dfg_from_edges(ag, keep, out);
    } else {
        struct pairmap pm;
        pairmap_init(&pm, na);
        size_t *count = NULL, *cases = NULL, *last = NULL, cap = 0;
        bool *bridged = NULL;
        size_t *seen = xcalloc(nb, sizeof *seen); /* last variant (+1) counting a node's cases */
        for (size_t i = 0; i < ag->n_variants; i++) {
            const struct agg_variant *v = &ag->variants[i];
            size_t w = v->cases;
            uint32_t prev = CF_NONE;
            bool skipped = false;
            for (size_t k = 0; k < v->len; k++) {
                uint32_t a = v->acts[k];
                if (keep != NULL && !keep[a]) {
                    skipped = prev != CF_NONE;
                    continue;
                }
                struct dfg_node *nd = &out->nodes[a];
                nd->events += w;
                if (seen[a] != i + 1) {
                    seen[a] = i + 1;
                    nd->cases += w;
                }
                if (prev == CF_NONE) {
                    nd->starts += w;
                } else {
                    uint32_t id = pairmap_get(&pm, prev, a);
                    if (id >= cap) {
                        size_t old = cap;
                        cap = cap ? 2 * cap : 64;
                        while (cap <= id)
                            cap *= 2;
                        count = xreallocarray(count, cap, sizeof *count);
                        cases = xreallocarray(cases, cap, sizeof *cases);
                        last = xreallocarray(last, cap, sizeof *last);
                        bridged = xreallocarray(bridged, cap, sizeof *bridged);
                        memset(count + old, 0, (cap - old) * sizeof *count);
                        memset(cases + old, 0, (cap - old) * sizeof *cases);
                        memset(last + old, 0, (cap - old) * sizeof *last);
                        memset(bridged + old, 0, (cap - old) * sizeof *bridged);
                    }
                    count[id] += w;
                    if (last[id] != i + 1) {
                        last[id] = i + 1;
                        cases[id] += w;
                    }
                    bridged[id] = bridged[id] || skipped;
                }
                prev = a;
                skipped = false;
            }
            if (prev != CF_NONE) {
                out->nodes[prev].ends += w;
                out->cases += w;
            }
        }
        struct pairmap idx;
        pairmap_init(&idx, na);
        size_t *at = xmalloc((ag->n_edges ? ag->n_edges : 1) * sizeof *at); /* id -> edge */
        for (size_t k = 0; k < ag->n_edges; k++) {
            size_t before = idx.n; /* a repeated pair keeps its first row */
            uint32_t id = pairmap_get(&idx, ag->edges[k].from, ag->edges[k].to);
            if (idx.n > before)
                at[id] = k;
        }
        out->n_edges = pm.n;
        out->edges = xmalloc((pm.n ? pm.n : 1) * sizeof *out->edges);
        for (size_t k = 0; k < pm.n; k++) {
            struct dfg_edge *ed = &out->edges[k];
            ed->from = pm.first[k];
            ed->to = pm.second[k];
            ed->count = count[k];
            ed->cases = cases[k];
            edge_times(ag, &idx, at, ed, bridged[k]);
        }
        free(at);
        pairmap_clear(&idx);
        pairmap_clear(&pm);
        free(count);
        free(cases);
        free(last);
        free(bridged);
        free(seen);
    }
    edge_names = ag->names;
    if (out->n_edges > 1)
        qsort(out->edges, out->n_edges, sizeof *out->edges, cmp_edge);
}

void
aggsource_events(const struct aggregate *ag, size_t *events, size_t na)
{
    memset(events, 0, na * sizeof *events);
    for (size_t i = 0; i < ag->n_acts; i++)
        if (ag->acts[i].act < na)
            events[ag->acts[i].act] = ag->acts[i].events;
}

double *
aggsource_first_positions(const struct aggregate *ag, const bool *keep, size_t na)
{
    size_t nb = na ? na : 1;
    double *sum = xcalloc(nb, sizeof *sum);
    size_t *n = xcalloc(nb, sizeof *n), *seen = xcalloc(nb, sizeof *seen);
    for (size_t i = 0; i < ag->n_variants; i++) {
        const struct agg_variant *v = &ag->variants[i];
        size_t idx = 0;
        for (size_t k = 0; k < v->len; k++) {
            uint32_t a = v->acts[k];
            if (a >= na || !keep[a])
                continue;
            if (seen[a] != i + 1) {
                seen[a] = i + 1;
                sum[a] += (double)idx * (double)v->cases;
                n[a] += v->cases;
            }
            idx++;
        }
    }
    for (size_t a = 0; a < na; a++)
        sum[a] = n[a] ? sum[a] / (double)n[a] : 0;
    free(n);
    free(seen);
    return sum;
}

static const uint32_t *
agg_sequence(const void *ud, uint32_t v, size_t *len)
{
    const struct agg_variant *av = &((const struct aggregate *)ud)->variants[v];
    *len = av->len;
    return av->acts;
}

void
aggsource_wvariants(const struct aggregate *ag, const size_t *w, struct wvariants *out)
{
    /* The variants are ranked by cases, then by their names in order: among variants
     * of equal weight the index order is the name order whenever weights are cases or 0. */
    *out = (struct wvariants){
        ag->names, strpool_count(ag->names), ag->n_variants, w, agg_sequence, ag, NULL};
}

size_t
aggsource_rework(const struct aggregate *ag, size_t *rework_cases, size_t na)
{
    size_t nb = na ? na : 1, self_loops = 0;
    memset(rework_cases, 0, na * sizeof *rework_cases);
    size_t *seen = xcalloc(nb, sizeof *seen), *times = xcalloc(nb, sizeof *times);
    for (size_t i = 0; i < ag->n_variants; i++) {
        const struct agg_variant *v = &ag->variants[i];
        bool self_loop = false;
        for (size_t k = 0; k < v->len; k++) {
            uint32_t a = v->acts[k];
            if (a >= na)
                continue;
            if (seen[a] != i + 1) {
                seen[a] = i + 1;
                times[a] = 1;
            } else if (++times[a] == 2) {
                rework_cases[a] += v->cases;
            }
            if (k > 0 && v->acts[k - 1] == a)
                self_loop = true;
        }
        if (self_loop)
            self_loops += v->cases;
    }
    free(seen);
    free(times);
    return self_loops;
}

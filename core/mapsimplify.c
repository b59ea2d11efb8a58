/* The activities and paths sliders of the process map: projection and the paths rule. */
/* SPDX-License-Identifier: MIT */
#include "mapsimplify.h"

#include "aggsource.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cancel.h"

/* A path of the map: a DFG edge, a start edge or an end edge. */
enum path_kind { PATH_EDGE, PATH_START, PATH_END };

struct path {
    enum path_kind kind;
    uint32_t from, to; /* activity ids; CF_NONE for the start / end side */
    size_t count;
    size_t index; /* dfg edge index for PATH_EDGE */
};

static _Thread_local const struct event_log *sort_log;
static _Thread_local const size_t *sort_events;

static int
cmp_act(const void *pa, const void *pb)
{
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    if (sort_events[a] != sort_events[b])
        return sort_events[a] < sort_events[b] ? 1 : -1;
    return strcmp(eventlog_activity_name(sort_log, a), eventlog_activity_name(sort_log, b));
}

static const char *
side_name(uint32_t a)
{
    return a == CF_NONE ? "" : eventlog_activity_name(sort_log, a);
}

static int
cmp_path(const void *pa, const void *pb)
{
    const struct path *a = pa, *b = pb;
    if (a->count != b->count)
        return a->count < b->count ? 1 : -1;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    int r = strcmp(side_name(a->from), side_name(b->from));
    if (r != 0)
        return r;
    return strcmp(side_name(a->to), side_name(b->to));
}

/* Number of items a percentage of n keeps: ceil(pct% of n), in [0, n]. */
static size_t
pct_count(double pct, size_t n)
{
    double v = ceil(pct * (double)n / 100.0 - 1e-9);
    if (v <= 0)
        return 0;
    if (v >= (double)n)
        return n;
    return (size_t)v;
}

/* Mean index of each kept activity's first occurrence in the projected cases. */
static double *
first_positions(const struct event_log *log, const struct selection *sel, const bool *keep,
                size_t na)
{
    double *sum = xcalloc(na ? na : 1, sizeof *sum);
    size_t *n = xcalloc(na ? na : 1, sizeof *n);
    uint32_t *seen = xmalloc((na ? na : 1) * sizeof *seen);
    memset(seen, 0xff, (na ? na : 1) * sizeof *seen);
    for (size_t c = 0; c < log->n_cases && !((c & 4095) == 0 && cf_cancelled()); c++) {
        if (!sel_has(sel, c))
            continue;
        size_t idx = 0;
        for (size_t e = log->case_off[c]; e < log->case_off[c + 1]; e++) {
            uint32_t a = log->ev_act[e];
            if (!keep[a])
                continue;
            if (seen[a] != (uint32_t)c) {
                seen[a] = (uint32_t)c;
                sum[a] += (double)idx;
                n[a]++;
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

/* The memo: the selection's activities by event count, and the graphs built so far. */
struct memo_graph {
    size_t kept;
    struct map_graph g; /* at the default paths slider; copied out */
};

struct mapsimplify_memo {
    const struct event_log *log;
    const struct selection *sel;
    uint32_t *ids; /* the present activities, most events first (ties by name) */
    size_t np;
    struct memo_graph *g;
    size_t n, cap;
};

struct mapsimplify_memo *
mapsimplify_memo_new(const struct event_log *log, const struct selection *sel)
{
    size_t na = eventlog_n_activities(log);
    struct mapsimplify_memo *m = xcalloc(1, sizeof *m);
    m->log = log;
    m->sel = sel;
    size_t *events = xcalloc(na ? na : 1, sizeof *events);
    if (log->agg != NULL)
        aggsource_events(log->agg, events, na);
    for (size_t c = 0; c < log->n_cases && !((c & 4095) == 0 && cf_cancelled()); c++) {
        if (!sel_has(sel, c))
            continue;
        for (size_t e = log->case_off[c]; e < log->case_off[c + 1]; e++)
            events[log->ev_act[e]]++;
    }
    m->ids = xmalloc((na ? na : 1) * sizeof *m->ids);
    for (size_t a = 0; a < na; a++)
        if (events[a] > 0)
            m->ids[m->np++] = (uint32_t)a;
    sort_log = log;
    sort_events = events;
    qsort(m->ids, m->np, sizeof *m->ids, cmp_act);
    sort_events = NULL;
    free(events);
    return m;
}

void
mapsimplify_memo_free(struct mapsimplify_memo *m)
{
    if (m == NULL)
        return;
    for (size_t i = 0; i < m->n; i++)
        mapsimplify_clear(&m->g[i].g);
    free(m->g);
    free(m->ids);
    free(m);
}

static void *
dup_array(const void *p, size_t n, size_t size)
{
    void *q = xmalloc((n ? n : 1) * size);
    if (n > 0)
        memcpy(q, p, n * size);
    return q;
}

/* A deep copy of g into out. */
static void
graph_copy(const struct map_graph *g, struct map_graph *out)
{
    size_t na = g->n_act, ne = g->dfg.n_edges;
    *out = *g;
    out->dfg.nodes = dup_array(g->dfg.nodes, na, sizeof *g->dfg.nodes);
    out->dfg.edges = dup_array(g->dfg.edges, ne, sizeof *g->dfg.edges);
    out->keep_act = dup_array(g->keep_act, na, sizeof *g->keep_act);
    out->keep_edge = dup_array(g->keep_edge, ne, sizeof *g->keep_edge);
    out->keep_start = dup_array(g->keep_start, na, sizeof *g->keep_start);
    out->keep_end = dup_array(g->keep_end, na, sizeof *g->keep_end);
    out->position = dup_array(g->position, na, sizeof *g->position);
}

/* The graph of the memo's selection keeping its keep most frequent activities. */
static void
build_kept(const struct mapsimplify_memo *m, size_t keep, struct map_graph *out)
{
    const struct event_log *log = m->log;
    size_t na = eventlog_n_activities(log);
    memset(out, 0, sizeof *out);
    out->n_act = na;
    out->keep_act = xcalloc(na ? na : 1, sizeof *out->keep_act);
    for (size_t i = 0; i < keep; i++)
        out->keep_act[m->ids[i]] = true;
    out->n_present = m->np;
    out->n_kept = keep;
    out->act_pct = m->np ? 100.0 * (double)keep / (double)m->np : 100.0;
    dfg_build(log, m->sel, out->keep_act, &out->dfg);
    out->position = log->agg != NULL ? aggsource_first_positions(log->agg, out->keep_act, na)
                                     : first_positions(log, m->sel, out->keep_act, na);
    out->keep_edge = xcalloc(out->dfg.n_edges ? out->dfg.n_edges : 1, sizeof *out->keep_edge);
    out->keep_start = xcalloc(na ? na : 1, sizeof *out->keep_start);
    out->keep_end = xcalloc(na ? na : 1, sizeof *out->keep_end);
}

void
mapsimplify_memo_build(struct mapsimplify_memo *m, double act_pct, double path_pct,
                       struct map_graph *out)
{
    size_t np = m->np, keep;
    if (act_pct < 0)
        keep = np < MAPSIMPLIFY_DEFAULT_ACTIVITIES ? np : MAPSIMPLIFY_DEFAULT_ACTIVITIES;
    else
        keep = pct_count(act_pct > 100 ? 100 : act_pct, np);
    if (keep == 0 && np > 0)
        keep = 1;
    size_t i;
    for (i = 0; i < m->n; i++)
        if (m->g[i].kept == keep)
            break;
    if (i == m->n && cf_cancelled()) {
        /* The scan would stop short: a graph to throw away, never one to keep. */
        build_kept(m, keep, out);
        mapsimplify_paths(out, m->log, path_pct);
        return;
    }
    if (i == m->n) {
        if (m->n == m->cap) {
            m->cap = m->cap ? 2 * m->cap : 8;
            m->g = xreallocarray(m->g, m->cap, sizeof *m->g);
        }
        m->g[i].kept = keep;
        build_kept(m, keep, &m->g[i].g);
        if (cf_cancelled()) { /* cancelled while it scanned: partial, not kept */
            *out = m->g[i].g;
            mapsimplify_paths(out, m->log, path_pct);
            return;
        }
        m->n++;
    }
    graph_copy(&m->g[i].g, out);
    mapsimplify_paths(out, m->log, path_pct);
}

void
mapsimplify_build(const struct event_log *log, const struct selection *sel, double act_pct,
                  double path_pct, struct map_graph *out)
{
    struct mapsimplify_memo *m = mapsimplify_memo_new(log, sel);
    mapsimplify_memo_build(m, act_pct, path_pct, out);
    mapsimplify_memo_free(m);
}

/* Mark path p kept in g. */
static void
keep_path(struct map_graph *g, const struct path *p)
{
    switch (p->kind) {
    case PATH_EDGE: g->keep_edge[p->index] = true; break;
    case PATH_START: g->keep_start[p->to] = true; break;
    case PATH_END: g->keep_end[p->from] = true; break;
    }
}

static bool
path_kept(const struct map_graph *g, const struct path *p)
{
    switch (p->kind) {
    case PATH_EDGE: return g->keep_edge[p->index];
    case PATH_START: return g->keep_start[p->to];
    case PATH_END: return g->keep_end[p->from];
    }
    return false;
}

/*
 * Make every kept activity reachable along kept paths from the start (forward)
 * or able to reach the end (!forward), adding the heaviest missing path each
 * time. Paths are sorted heaviest first, so the first usable one is the heaviest.
 */
static void
connect(struct map_graph *g, const struct path *paths, size_t n, bool forward)
{
    size_t na = g->n_act;
    bool *reached = xcalloc(na ? na : 1, sizeof *reached);
    uint32_t *stack = xmalloc((na ? na : 1) * sizeof *stack);
    size_t sp = 0;
    /* Seeds: activities directly linked to the start (end) by a kept path. */
    for (size_t i = 0; i < n; i++) {
        const struct path *p = &paths[i];
        if (path_kept(g, p) && p->kind == (forward ? PATH_START : PATH_END)) {
            uint32_t a = forward ? p->to : p->from;
            if (!reached[a]) {
                reached[a] = true;
                stack[sp++] = a;
            }
        }
    }
    for (;;) {
        /* Flood along kept activity edges. */
        while (sp > 0) {
            uint32_t a = stack[--sp];
            for (size_t i = 0; i < g->dfg.n_edges; i++) {
                const struct dfg_edge *e = &g->dfg.edges[i];
                uint32_t s = forward ? e->from : e->to, t = forward ? e->to : e->from;
                if (s == a && g->keep_edge[i] && !reached[t]) {
                    reached[t] = true;
                    stack[sp++] = t;
                }
            }
        }
        size_t missing = 0;
        for (size_t a = 0; a < na; a++)
            if (g->keep_act[a] && g->dfg.nodes[a].events > 0 && !reached[a])
                missing++;
        if (missing == 0)
            break;
        /* The heaviest unkept path from the reached side into an unreached activity. */
        const struct path *best = NULL;
        for (size_t i = 0; i < n && best == NULL; i++) {
            const struct path *p = &paths[i];
            if (path_kept(g, p))
                continue;
            if (forward) {
                bool src = p->kind == PATH_START || (p->kind == PATH_EDGE && reached[p->from]);
                if (src && p->kind != PATH_END && !reached[p->to])
                    best = p;
            } else {
                bool dst = p->kind == PATH_END || (p->kind == PATH_EDGE && reached[p->to]);
                if (dst && p->kind != PATH_START && !reached[p->from])
                    best = p;
            }
        }
        if (best == NULL)
            break; /* cannot happen for a projected DFG; stay safe */
        keep_path(g, best);
        uint32_t a = forward ? best->to : best->from;
        reached[a] = true;
        stack[sp++] = a;
    }
    free(stack);
    free(reached);
}

void
mapsimplify_paths(struct map_graph *g, const struct event_log *log, double path_pct)
{
    size_t na = g->n_act;
    if (path_pct < 0)
        path_pct = MAPSIMPLIFY_DEFAULT_PATHS;
    if (path_pct > 100)
        path_pct = 100;
    g->path_pct = path_pct;
    memset(g->keep_edge, 0, (g->dfg.n_edges ? g->dfg.n_edges : 1) * sizeof *g->keep_edge);
    memset(g->keep_start, 0, (na ? na : 1) * sizeof *g->keep_start);
    memset(g->keep_end, 0, (na ? na : 1) * sizeof *g->keep_end);

    size_t n = 0;
    struct path *paths = xmalloc((g->dfg.n_edges + 2 * na + 1) * sizeof *paths);
    for (size_t i = 0; i < g->dfg.n_edges; i++)
        paths[n++] = (struct path){PATH_EDGE, g->dfg.edges[i].from, g->dfg.edges[i].to,
                                   g->dfg.edges[i].count, i};
    for (size_t a = 0; a < na; a++) {
        if (g->dfg.nodes[a].starts > 0)
            paths[n++] = (struct path){PATH_START, CF_NONE, (uint32_t)a, g->dfg.nodes[a].starts, 0};
        if (g->dfg.nodes[a].ends > 0)
            paths[n++] = (struct path){PATH_END, (uint32_t)a, CF_NONE, g->dfg.nodes[a].ends, 0};
    }
    sort_log = log;
    qsort(paths, n, sizeof *paths, cmp_path);
    g->n_paths = n;

    size_t keep = pct_count(path_pct, n);
    for (size_t i = 0; i < keep; i++)
        keep_path(g, &paths[i]);

    /* For each activity, its heaviest incoming and outgoing paths (start and
     * end included), heaviest first, until they carry MAPSIMPLIFY_COVER of its
     * events or MAPSIMPLIFY_COVER_PATHS were taken: paths are sorted, so they
     * come in that order. Where cases arrive from and stop is then drawn. */
    size_t *in_n = xcalloc(na ? na : 1, sizeof *in_n), *out_n = xcalloc(na ? na : 1, sizeof *out_n);
    size_t *in_c = xcalloc(na ? na : 1, sizeof *in_c), *out_c = xcalloc(na ? na : 1, sizeof *out_c);
    double *flow = xcalloc(na ? na : 1, sizeof *flow); /* events less self-loops */
    for (size_t a = 0; a < na; a++)
        flow[a] = (double)g->dfg.nodes[a].events;
    for (size_t i = 0; i < g->dfg.n_edges; i++)
        if (g->dfg.edges[i].from == g->dfg.edges[i].to)
            flow[g->dfg.edges[i].from] -= (double)g->dfg.edges[i].count;
    for (size_t i = 0; i < n; i++) {
        const struct path *p = &paths[i];
        if (p->kind == PATH_EDGE && p->from == p->to)
            continue;
        if (p->kind != PATH_END && in_n[p->to] < MAPSIMPLIFY_COVER_PATHS &&
            (double)in_c[p->to] < MAPSIMPLIFY_COVER * flow[p->to]) {
            in_n[p->to]++;
            in_c[p->to] += p->count;
            keep_path(g, p);
        }
        if (p->kind != PATH_START && out_n[p->from] < MAPSIMPLIFY_COVER_PATHS &&
            (double)out_c[p->from] < MAPSIMPLIFY_COVER * flow[p->from]) {
            out_n[p->from]++;
            out_c[p->from] += p->count;
            keep_path(g, p);
        }
    }
    free(in_n);
    free(out_n);
    free(in_c);
    free(out_c);
    free(flow);

    connect(g, paths, n, true);
    connect(g, paths, n, false);

    g->n_paths_kept = 0;
    for (size_t i = 0; i < n; i++)
        if (path_kept(g, &paths[i]))
            g->n_paths_kept++;
    free(paths);
}

void
mapsimplify_clear(struct map_graph *g)
{
    if (g == NULL)
        return;
    dfg_clear(&g->dfg);
    free(g->keep_act);
    free(g->keep_edge);
    free(g->keep_start);
    free(g->keep_end);
    free(g->position);
    memset(g, 0, sizeof *g);
}

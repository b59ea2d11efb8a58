/* Happy path and parallel pairs of a selection, from its variants and transition counts. */
/* SPDX-License-Identifier: MIT */
#include "pathinfo.h"

#include <stdlib.h>
#include <string.h>

static _Thread_local const struct strpool *sort_names;

/* The heaviest variant; ties: the first in name-sequence order. */
static void
top_variant(const struct wvariants *wv, struct pathinfo *out)
{
    size_t total = 0;
    for (size_t v = 0; v < wv->nv; v++) {
        size_t w = wv->w[v];
        total += w;
        if (w == 0)
            continue;
        uint32_t rv = wv->rank ? wv->rank[v] : (uint32_t)v;
        uint32_t rb = wv->rank ? wv->rank[out->variant] : out->variant;
        if (!out->has_variant || w > out->variant_cases || (w == out->variant_cases && rv < rb)) {
            out->has_variant = true;
            out->variant = (uint32_t)v;
            out->variant_cases = w;
        }
    }
    if (out->has_variant)
        out->variant_share = (double)out->variant_cases / (double)total;
}

/*
 * Nodes: activities 0..na-1, start = na, end = na + 1. Arcs in CSR form, each
 * node's arcs heaviest first (transitions_build's order within a source).
 */
struct graph {
    size_t nn;
    size_t *first; /* nn + 1 */
    uint32_t *to;
    size_t *w;
};

static uint32_t
slot_of(uint32_t id, size_t na)
{
    if (id == TRANSITIONS_START)
        return (uint32_t)na;
    if (id == TRANSITIONS_END)
        return (uint32_t)na + 1;
    return id;
}

static void
graph_from(const struct transitions *tr, size_t na, struct graph *g)
{
    g->nn = na + 2;
    g->first = xcalloc(g->nn + 1, sizeof *g->first);
    g->to = xmalloc((tr->n ? tr->n : 1) * sizeof *g->to);
    g->w = xmalloc((tr->n ? tr->n : 1) * sizeof *g->w);
    for (size_t i = 0; i < tr->n; i++)
        g->first[slot_of(tr->t[i].from, na) + 1]++;
    for (size_t s = 0; s < g->nn; s++)
        g->first[s + 1] += g->first[s];
    size_t *fill = xmalloc(g->nn * sizeof *fill);
    memcpy(fill, g->first, g->nn * sizeof *fill);
    for (size_t i = 0; i < tr->n; i++) {
        size_t k = fill[slot_of(tr->t[i].from, na)]++;
        g->to[k] = slot_of(tr->t[i].to, na);
        g->w[k] = tr->t[i].count;
    }
    free(fill);
}

static void
widest_path(const struct graph *g, size_t na, struct pathinfo *out)
{
    size_t nn = g->nn, start = na, end = na + 1;
    /* Phase 1: the best bottleneck to every node (Dijkstra with min/max, O(nn^2)). */
    size_t *best = xcalloc(nn, sizeof *best);
    uint8_t *done = xcalloc(nn, 1);
    best[start] = SIZE_MAX;
    for (;;) {
        size_t u = nn;
        for (size_t x = 0; x < nn; x++)
            if (!done[x] && best[x] > 0 && (u == nn || best[x] > best[u]))
                u = x;
        if (u == nn)
            break;
        done[u] = 1;
        for (size_t k = g->first[u]; k < g->first[u + 1]; k++) {
            size_t b = best[u] < g->w[k] ? best[u] : g->w[k];
            if (b > best[g->to[k]])
                best[g->to[k]] = b;
        }
    }
    size_t bottleneck = best[end];
    free(done);
    free(best);
    if (bottleneck == 0)
        return;

    /* Phase 2: fewest steps over arcs at least that wide (BFS, heavier arcs first). */
    uint32_t *prev = xmalloc(nn * sizeof *prev), *queue = xmalloc(nn * sizeof *queue);
    memset(prev, 0xff, nn * sizeof *prev);
    size_t qh = 0, qt = 0;
    queue[qt++] = (uint32_t)start;
    prev[start] = (uint32_t)start;
    while (qh < qt && prev[end] == CF_NONE) {
        uint32_t u = queue[qh++];
        for (size_t k = g->first[u]; k < g->first[u + 1]; k++)
            if (g->w[k] >= bottleneck && prev[g->to[k]] == CF_NONE) {
                prev[g->to[k]] = u;
                queue[qt++] = g->to[k];
            }
    }
    size_t len = 0;
    for (uint32_t x = prev[end]; x != start; x = prev[x])
        len++;
    out->path = xmalloc((len ? len : 1) * sizeof *out->path);
    out->path_len = len;
    for (uint32_t x = prev[end]; x != start; x = prev[x])
        out->path[--len] = x;
    out->path_bottleneck = bottleneck;
    free(queue);
    free(prev);
}

/* One directly-follows count keyed by the unordered pair. */
struct dir_count {
    uint64_t key; /* min << 32 | max */
    bool forward; /* min -> max */
    size_t count;
};

static int
cmp_dir_count(const void *pa, const void *pb)
{
    const struct dir_count *a = pa, *b = pb;
    return (a->key > b->key) - (a->key < b->key);
}

static int
cmp_pair(const void *pa, const void *pb)
{
    const struct parallel_pair *a = pa, *b = pb;
    if (a->ab + a->ba != b->ab + b->ba)
        return a->ab + a->ba < b->ab + b->ba ? 1 : -1;
    int r = strcmp(strpool_get(sort_names, a->a), strpool_get(sort_names, b->a));
    return r ? r : strcmp(strpool_get(sort_names, a->b), strpool_get(sort_names, b->b));
}

static void
parallel_pairs(const struct strpool *names, const struct transitions *tr, struct pathinfo *out)
{
    struct dir_count *dc = xmalloc((tr->n ? tr->n : 1) * sizeof *dc);
    size_t n = 0;
    for (size_t i = 0; i < tr->n; i++) {
        uint32_t f = tr->t[i].from, t = tr->t[i].to;
        if (f == TRANSITIONS_START || t == TRANSITIONS_END || f == t)
            continue;
        uint32_t lo = f < t ? f : t, hi = f < t ? t : f;
        dc[n++] = (struct dir_count){(uint64_t)lo << 32 | hi, f == lo, tr->t[i].count};
    }
    qsort(dc, n, sizeof *dc, cmp_dir_count);
    out->parallel = xmalloc((n ? n : 1) * sizeof *out->parallel);
    for (size_t i = 0; i + 1 < n; i++) {
        if (dc[i].key != dc[i + 1].key)
            continue;
        /* Both directions seen: dc[i] and dc[i + 1] (one forward, one backward). */
        size_t fwd = dc[i].forward ? dc[i].count : dc[i + 1].count;
        size_t bwd = dc[i].forward ? dc[i + 1].count : dc[i].count;
        uint32_t lo = (uint32_t)(dc[i].key >> 32), hi = (uint32_t)dc[i].key;
        struct parallel_pair p = {lo, hi, fwd, bwd, 0};
        if (bwd > fwd || (bwd == fwd && strcmp(strpool_get(names, hi), strpool_get(names, lo)) < 0))
            p = (struct parallel_pair){hi, lo, bwd, fwd, 0};
        p.dependency = ((double)p.ab - (double)p.ba) / ((double)p.ab + (double)p.ba + 1.0);
        if (p.dependency <= PATHINFO_PARALLEL_MAX_DEP)
            out->parallel[out->n_parallel++] = p;
        i++;
    }
    sort_names = names;
    qsort(out->parallel, out->n_parallel, sizeof *out->parallel, cmp_pair);
    free(dc);
}

void
pathinfo_build(const struct event_log *log, const struct selection *sel, struct pathinfo *out)
{
    struct wvariants wv;
    size_t *w = wvariants_of_log(log, sel, &wv);
    pathinfo_build_weighted(&wv, out);
    free(w);
}

void
pathinfo_build_weighted(const struct wvariants *wv, struct pathinfo *out)
{
    memset(out, 0, sizeof *out);
    top_variant(wv, out);
    struct transitions tr;
    transitions_build_weighted(wv, &tr);
    struct graph g;
    graph_from(&tr, wv->na, &g);
    widest_path(&g, wv->na, out);
    parallel_pairs(wv->names, &tr, out);
    free(g.first);
    free(g.to);
    free(g.w);
    transitions_clear(&tr);
}

void
pathinfo_clear(struct pathinfo *p)
{
    if (p == NULL)
        return;
    free(p->path);
    free(p->parallel);
    memset(p, 0, sizeof *p);
}

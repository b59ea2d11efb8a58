/* Map layout, first stages: cycle breaking, layers, the main path, the drawing budget, dummy
 * elements. */
/* SPDX-License-Identifier: MIT */
#include "maplayout_int.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* -------------------------------------------------------- cycle breaking */

void
maplay_adj_build(const struct lay *L, struct adj *a)
{
    size_t nv = L->nv;
    a->out_off = xcalloc(nv + 1, sizeof *a->out_off);
    a->in_off = xcalloc(nv + 1, sizeof *a->in_off);
    for (size_t i = 0; i < L->ne; i++) {
        if (L->edges[i].self_loop)
            continue;
        a->out_off[L->edges[i].from + 1]++;
        a->in_off[L->edges[i].to + 1]++;
    }
    for (size_t v = 0; v < nv; v++) {
        a->out_off[v + 1] += a->out_off[v];
        a->in_off[v + 1] += a->in_off[v];
    }
    size_t m = a->out_off[nv];
    a->out = xmalloc((m ? m : 1) * sizeof *a->out);
    a->in = xmalloc((m ? m : 1) * sizeof *a->in);
    size_t *po = xmalloc((nv + 1) * sizeof *po), *pi = xmalloc((nv + 1) * sizeof *pi);
    memcpy(po, a->out_off, (nv + 1) * sizeof *po);
    memcpy(pi, a->in_off, (nv + 1) * sizeof *pi);
    for (size_t i = 0; i < L->ne; i++) {
        if (L->edges[i].self_loop)
            continue;
        a->out[po[L->edges[i].from]++] = i;
        a->in[pi[L->edges[i].to]++] = i;
    }
    free(po);
    free(pi);
}

void
maplay_adj_free(struct adj *a)
{
    free(a->out_off);
    free(a->out);
    free(a->in_off);
    free(a->in);
}

/*
 * Weighted Eades-Lin-Smyth: peel sinks to the back and sources to the front;
 * otherwise move the node whose outgoing weight most exceeds its incoming one
 * to the front. Fills ord (rank -> node) with the start first and the end last.
 */
static void
order_els(const struct lay *L, const struct adj *a, size_t *ord)
{
    size_t nv = L->nv;
    long long *delta = xcalloc(nv, sizeof *delta);
    size_t *indeg = xcalloc(nv, sizeof *indeg), *outdeg = xcalloc(nv, sizeof *outdeg);
    bool *gone = xcalloc(nv, sizeof *gone);
    size_t *queue = xmalloc(2 * nv * sizeof *queue);
    for (size_t i = 0; i < L->ne; i++) {
        const struct map_edge *e = &L->edges[i];
        if (e->self_loop)
            continue;
        delta[e->from] += (long long)e->count;
        delta[e->to] -= (long long)e->count;
        outdeg[e->from]++;
        indeg[e->to]++;
    }
    size_t front = 0, back = nv, left = nv;
    size_t qh = 0, qt = 0;
    ord[front++] = 0;
    ord[--back] = nv - 1;
    size_t fixed[2] = {0, nv - 1};
    for (int k = 0; k < 2; k++) {
        gone[fixed[k]] = true;
        left--;
        queue[qt++] = fixed[k];
    }
    while (left > 0 || qh < qt) {
        /* Propagate removals: neighbours may become sinks or sources. */
        while (qh < qt) {
            size_t v = queue[qh++];
            for (size_t k = a->out_off[v]; k < a->out_off[v + 1]; k++) {
                const struct map_edge *e = &L->edges[a->out[k]];
                size_t t = e->to;
                if (gone[t])
                    continue;
                indeg[t]--;
                delta[t] += (long long)e->count;
                if (indeg[t] == 0) {
                    gone[t] = true;
                    left--;
                    ord[front++] = t;
                    queue[qt++] = t;
                }
            }
            for (size_t k = a->in_off[v]; k < a->in_off[v + 1]; k++) {
                const struct map_edge *e = &L->edges[a->in[k]];
                size_t s = e->from;
                if (gone[s])
                    continue;
                outdeg[s]--;
                delta[s] -= (long long)e->count;
                if (outdeg[s] == 0) {
                    gone[s] = true;
                    left--;
                    ord[--back] = s;
                    queue[qt++] = s;
                }
            }
        }
        if (left == 0)
            break;
        size_t best = SIZE_MAX;
        for (size_t v = 1; v + 1 < nv; v++) {
            if (gone[v])
                continue;
            if (best == SIZE_MAX || delta[v] > delta[best] ||
                (delta[v] == delta[best] && L->nodes[v].events > L->nodes[best].events))
                best = v;
        }
        gone[best] = true;
        left--;
        ord[front++] = best;
        queue[qt++] = best;
    }
    free(delta);
    free(indeg);
    free(outdeg);
    free(gone);
    free(queue);
}

/* Total weight of the edges pointing backwards in ord. */
static long long
back_weight(const struct lay *L, const size_t *pos)
{
    long long w = 0;
    for (size_t i = 0; i < L->ne; i++) {
        const struct map_edge *e = &L->edges[i];
        if (!e->self_loop && pos[e->from] > pos[e->to])
            w += (long long)e->count;
    }
    return w;
}

/*
 * Sifting: move each node to the place in the order where its edges point
 * backwards with the least weight, keeping its place on ties; repeat while it
 * helps. The start stays first and the end last.
 */
static void
sift(const struct lay *L, const struct adj *a, size_t *ord, size_t *pos, long long *delta)
{
    size_t nv = L->nv;
    if (nv < 4)
        return;
    for (int pass = 0; pass < 8; pass++) {
        bool improved = false;
        for (size_t v = 1; v + 1 < nv; v++) {
            size_t pv = pos[v];
            /* Positions without v: p' = p, or p - 1 after v. */
#define POS_WO(u) (pos[u] < pv ? pos[u] : pos[u] - 1)
            long long cost = 0;
            for (size_t k = a->out_off[v]; k < a->out_off[v + 1]; k++) {
                const struct map_edge *e = &L->edges[a->out[k]];
                size_t q = POS_WO(e->to);
                if (q < 1)
                    cost += (long long)e->count;
                delta[q] += (long long)e->count;
            }
            for (size_t k = a->in_off[v]; k < a->in_off[v + 1]; k++) {
                const struct map_edge *e = &L->edges[a->in[k]];
                size_t q = POS_WO(e->from);
                if (q >= 1)
                    cost += (long long)e->count;
                delta[q] -= (long long)e->count;
            }
            /* Insertion index p in [1, nv - 2]: v goes before the p-th of the others. */
            long long best = LLONG_MAX, here = 0;
            size_t bestp = pv;
            for (size_t p = 1; p + 1 < nv; p++) {
                if (p == pv)
                    here = cost;
                if (cost < best || (cost == best && (p > pv ? p - pv : pv - p) <
                                                        (bestp > pv ? bestp - pv : pv - bestp))) {
                    best = cost;
                    bestp = p;
                }
                cost += delta[p];
            }
            for (size_t k = a->out_off[v]; k < a->out_off[v + 1]; k++)
                delta[POS_WO(L->edges[a->out[k]].to)] = 0;
            for (size_t k = a->in_off[v]; k < a->in_off[v + 1]; k++)
                delta[POS_WO(L->edges[a->in[k]].from)] = 0;
#undef POS_WO
            if (best >= here || bestp == pv)
                continue;
            /* Move v from pv to bestp. */
            if (bestp < pv)
                memmove(ord + bestp + 1, ord + bestp, (pv - bestp) * sizeof *ord);
            else
                memmove(ord + pv, ord + pv + 1, (bestp - pv) * sizeof *ord);
            ord[bestp] = v;
            size_t lo = bestp < pv ? bestp : pv, hi = bestp < pv ? pv : bestp;
            for (size_t r = lo; r <= hi; r++)
                pos[ord[r]] = r;
            improved = true;
        }
        if (!improved)
            break;
    }
}

static _Thread_local const double *flow_pos;
static _Thread_local const struct map_node *flow_nodes;

static int
cmp_flow(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    if (flow_pos[a] != flow_pos[b])
        return flow_pos[a] < flow_pos[b] ? -1 : 1;
    if (flow_nodes[a].events != flow_nodes[b].events)
        return flow_nodes[a].events > flow_nodes[b].events ? -1 : 1;
    return a < b ? -1 : a > b;
}

/*
 * Break cycles: a linear order of the nodes in which the edges pointing
 * backwards (the rework edges) weigh as little as possible. Two candidates,
 * each improved by sifting: the usual flow (activities by the mean position
 * of their first occurrence) and the Eades-Lin-Smyth order; the lighter wins,
 * the flow on a tie, so loops point back to where cases usually come from.
 * Fills pos (node -> rank: a topological order of the resulting DAG).
 */
void
maplay_break_cycles(struct lay *L, const struct adj *a, size_t *pos)
{
    size_t nv = L->nv;
    size_t *ord = xmalloc(nv * sizeof *ord), *ord2 = xmalloc(nv * sizeof *ord2);
    size_t *pos2 = xmalloc(nv * sizeof *pos2);
    long long *delta = xcalloc(nv, sizeof *delta);
    double *fp = xcalloc(nv, sizeof *fp);
    for (size_t v = 1; v + 1 < nv; v++)
        fp[v] = L->g->position ? L->g->position[L->nodes[v].act] : 0;
    for (size_t v = 0; v < nv; v++)
        ord[v] = v;
    flow_pos = fp;
    flow_nodes = L->nodes;
    if (nv > 2)
        qsort(ord + 1, nv - 2, sizeof *ord, cmp_flow);
    for (size_t r = 0; r < nv; r++)
        pos[ord[r]] = r;
    sift(L, a, ord, pos, delta);

    order_els(L, a, ord2);
    for (size_t r = 0; r < nv; r++)
        pos2[ord2[r]] = r;
    sift(L, a, ord2, pos2, delta);
    if (back_weight(L, pos2) < back_weight(L, pos))
        memcpy(pos, pos2, nv * sizeof *pos);

    for (size_t i = 0; i < L->ne; i++) {
        struct map_edge *e = &L->edges[i];
        e->rework = !e->self_loop && pos[e->from] > pos[e->to];
    }
    free(fp);
    free(delta);
    free(ord);
    free(ord2);
    free(pos2);
}

/* --------------------------------------------------------------- layers */

/* The DAG edges: top and bottom node of each non-self-loop map edge. */
void
maplay_dag_build(struct lay *L)
{
    L->d_edge = xmalloc((L->ne ? L->ne : 1) * sizeof *L->d_edge);
    L->d_top = xmalloc((L->ne ? L->ne : 1) * sizeof *L->d_top);
    L->d_bot = xmalloc((L->ne ? L->ne : 1) * sizeof *L->d_bot);
    L->d_w = xmalloc((L->ne ? L->ne : 1) * sizeof *L->d_w);
    L->nd = 0;
    for (size_t i = 0; i < L->ne; i++) {
        const struct map_edge *e = &L->edges[i];
        if (e->self_loop)
            continue;
        L->d_edge[L->nd] = (uint32_t)i;
        L->d_top[L->nd] = e->rework ? e->to : e->from;
        L->d_bot[L->nd] = e->rework ? e->from : e->to;
        L->d_w[L->nd] = e->count;
        L->nd++;
    }
}

static _Thread_local const size_t *sort_key;

/* Indices by sort_key[i], then by index: a total order, so qsort is deterministic. */
static int
cmp_by_sort_key(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    if (sort_key[a] != sort_key[b])
        return sort_key[a] < sort_key[b] ? -1 : 1;
    return (a > b) - (a < b);
}

/*
 * Longest path from the start in topological order, the end below everything,
 * then nodes pulled towards the heavier side of their edges within their
 * slack, and layers without a node removed.
 */
void
maplay_assign_layers(struct lay *L, const size_t *pos)
{
    size_t nv = L->nv;
    size_t *topo = xmalloc(nv * sizeof *topo);
    for (size_t v = 0; v < nv; v++)
        topo[pos[v]] = v;
    /* DAG adjacency by node. */
    size_t *o_off = xcalloc(nv + 1, sizeof *o_off), *i_off = xcalloc(nv + 1, sizeof *i_off);
    for (size_t k = 0; k < L->nd; k++) {
        o_off[L->d_top[k] + 1]++;
        i_off[L->d_bot[k] + 1]++;
    }
    for (size_t v = 0; v < nv; v++) {
        o_off[v + 1] += o_off[v];
        i_off[v + 1] += i_off[v];
    }
    size_t *o_l = xmalloc((L->nd + 1) * sizeof *o_l), *i_l = xmalloc((L->nd + 1) * sizeof *i_l);
    size_t *po = xmalloc((nv + 1) * sizeof *po), *pi = xmalloc((nv + 1) * sizeof *pi);
    memcpy(po, o_off, (nv + 1) * sizeof *po);
    memcpy(pi, i_off, (nv + 1) * sizeof *pi);
    for (size_t k = 0; k < L->nd; k++) {
        o_l[po[L->d_top[k]]++] = k;
        i_l[pi[L->d_bot[k]]++] = k;
    }
    free(po);
    free(pi);

    int *ly = L->layer;
    int maxl = 0;
    for (size_t r = 0; r < nv; r++) {
        size_t v = topo[r];
        int l = v == 0 ? 0 : 1;
        for (size_t k = i_off[v]; k < i_off[v + 1]; k++)
            if (ly[L->d_top[i_l[k]]] + 1 > l)
                l = ly[L->d_top[i_l[k]]] + 1;
        ly[v] = l;
        if (v != nv - 1 && l > maxl)
            maxl = l;
    }
    ly[nv - 1] = maxl + 1;

    /* Pull each node to the side where more weight attaches, within its slack. */
    for (int pass = 0; pass < 8; pass++) {
        bool moved = false;
        for (size_t r = nv; r-- > 0;) {
            size_t v = topo[r];
            if (v == 0 || v == nv - 1)
                continue;
            int lo = 1, hi = ly[nv - 1] - 1;
            long long win = 0, wout = 0;
            for (size_t k = i_off[v]; k < i_off[v + 1]; k++) {
                size_t e = i_l[k];
                if (ly[L->d_top[e]] + 1 > lo)
                    lo = ly[L->d_top[e]] + 1;
                win += (long long)L->d_w[e];
            }
            for (size_t k = o_off[v]; k < o_off[v + 1]; k++) {
                size_t e = o_l[k];
                if (ly[L->d_bot[e]] - 1 < hi)
                    hi = ly[L->d_bot[e]] - 1;
                wout += (long long)L->d_w[e];
            }
            int want = wout > win ? hi : win > wout ? lo : ly[v];
            if (want != ly[v] && want >= lo && want <= hi) {
                ly[v] = want;
                moved = true;
            }
        }
        if (!moved)
            break;
    }

    /* Drop layers without nodes. */
    int nlay = ly[nv - 1] + 1;
    int *map = xcalloc((size_t)nlay, sizeof *map);
    for (size_t v = 0; v < nv; v++)
        map[ly[v]] = 1;
    int next = 0;
    for (int l = 0; l < nlay; l++)
        map[l] = map[l] ? next++ : -1;
    for (size_t v = 0; v < nv; v++)
        ly[v] = map[ly[v]];
    L->nl = next;
    free(map);
    free(o_off);
    free(i_off);
    free(o_l);
    free(i_l);
    free(topo);
}

/*
 * The main path: among the start-to-end paths along forward (not rework)
 * edges, the one whose lightest edge is heaviest, ties by total weight.
 */
void
maplay_find_main_path(struct lay *L, const size_t *pos)
{
    size_t nv = L->nv;
    size_t *topo = xmalloc(nv * sizeof *topo);
    for (size_t v = 0; v < nv; v++)
        topo[pos[v]] = v;
    size_t *bott = xcalloc(nv, sizeof *bott);
    size_t *sum = xcalloc(nv, sizeof *sum);
    long *via = xmalloc(nv * sizeof *via);
    bool *ok = xcalloc(nv, sizeof *ok);
    for (size_t v = 0; v < nv; v++)
        via[v] = -1;
    ok[0] = true;
    bott[0] = SIZE_MAX;
    /* Edges by source in topological order: relax forward edges. */
    size_t *order = xmalloc((L->ne ? L->ne : 1) * sizeof *order);
    size_t *key = xmalloc((L->ne ? L->ne : 1) * sizeof *key);
    size_t m = 0;
    for (size_t i = 0; i < L->ne; i++) {
        const struct map_edge *e = &L->edges[i];
        if (e->self_loop || e->rework)
            continue;
        key[i] = pos[e->from];
        order[m++] = i;
    }
    sort_key = key;
    qsort(order, m, sizeof *order, cmp_by_sort_key);
    for (size_t k = 0; k < m; k++) {
        const struct map_edge *e = &L->edges[order[k]];
        if (!ok[e->from])
            continue;
        size_t b = bott[e->from] < e->count ? bott[e->from] : e->count;
        size_t s = sum[e->from] + e->count;
        if (!ok[e->to] || b > bott[e->to] || (b == bott[e->to] && s > sum[e->to])) {
            ok[e->to] = true;
            bott[e->to] = b;
            sum[e->to] = s;
            via[e->to] = (long)order[k];
        }
    }
    if (ok[nv - 1]) {
        size_t v = nv - 1;
        L->nodes[v].main_path = true;
        while (via[v] >= 0) {
            L->edges[via[v]].main_path = true;
            v = L->edges[via[v]].from;
            L->nodes[v].main_path = true;
        }
    }
    free(order);
    free(key);
    free(topo);
    free(bott);
    free(sum);
    free(via);
    free(ok);
}

/* ------------------------------------------------------ drawing budget */

/* Line segments the DAG edges need: the layers each one crosses, summed. */
static size_t
span_total(const struct lay *L)
{
    size_t s = 0;
    for (size_t k = 0; k < L->nd; k++)
        s += (size_t)(L->layer[L->d_bot[k]] - L->layer[L->d_top[k]]);
    return s;
}

static _Thread_local const struct map_edge *cmp_edges;

/* Lightest first; of equal ones the later first. */
static int
cmp_edge_light(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    if (cmp_edges[a].count != cmp_edges[b].count)
        return cmp_edges[a].count < cmp_edges[b].count ? -1 : 1;
    return (a < b) - (a > b);
}

/*
 * Leave out the lightest edges (not the main path's, nor any node's heaviest
 * incoming or outgoing one) until the segments fall to target by the current
 * layers, then lay out the layers again without them (which shortens the
 * rest). Returns false when nothing could be left out.
 */
static bool
hide_round(struct lay *L, const size_t *pos, size_t target)
{
    size_t total = span_total(L);
    size_t ne = L->ne, nv = L->nv;
    long *best_in = xmalloc(nv * sizeof *best_in), *best_out = xmalloc(nv * sizeof *best_out);
    for (size_t v = 0; v < nv; v++)
        best_in[v] = best_out[v] = -1;
    for (size_t i = 0; i < ne; i++) {
        const struct map_edge *e = &L->edges[i];
        if (e->self_loop)
            continue;
        if (best_out[e->from] < 0 || e->count > L->edges[best_out[e->from]].count)
            best_out[e->from] = (long)i;
        if (best_in[e->to] < 0 || e->count > L->edges[best_in[e->to]].count)
            best_in[e->to] = (long)i;
    }
    bool *keep = xcalloc(ne ? ne : 1, sizeof *keep);
    for (size_t v = 0; v < nv; v++) {
        if (best_in[v] >= 0)
            keep[best_in[v]] = true;
        if (best_out[v] >= 0)
            keep[best_out[v]] = true;
    }
    size_t *cand = xmalloc((ne ? ne : 1) * sizeof *cand), m = 0;
    for (size_t i = 0; i < ne; i++)
        if (!keep[i] && !L->edges[i].self_loop && !L->edges[i].main_path)
            cand[m++] = i;
    cmp_edges = L->edges;
    qsort(cand, m, sizeof *cand, cmp_edge_light);
    bool *drop = xcalloc(ne ? ne : 1, sizeof *drop);
    for (size_t k = 0; k < m && total > target; k++) {
        const struct map_edge *e = &L->edges[cand[k]];
        int d = L->layer[e->from] - L->layer[e->to];
        total -= (size_t)(d < 0 ? -d : d);
        drop[cand[k]] = true;
    }
    size_t n = 0;
    bool any = false;
    for (size_t i = 0; i < ne; i++) {
        if (drop[i]) {
            L->hidden++;
            any = true;
            continue;
        }
        L->edges[n] = L->edges[i];
        L->edges[n].main_path = false;
        n++;
    }
    L->ne = n;
    for (size_t v = 0; v < nv; v++) {
        L->nodes[v].self_edge = -1;
        L->nodes[v].main_path = false;
    }
    for (size_t i = 0; i < n; i++)
        if (L->edges[i].self_loop)
            L->nodes[L->edges[i].from].self_edge = (long)i;
    free(L->d_edge);
    free(L->d_top);
    free(L->d_bot);
    free(L->d_w);
    maplay_dag_build(L);
    maplay_assign_layers(L, pos);
    maplay_find_main_path(L, pos);
    free(best_in);
    free(best_out);
    free(keep);
    free(cand);
    free(drop);
    return any;
}

/*
 * Past MAPLAYOUT_MAX_SEGMENTS, leave out light edges in rounds, each halving
 * the excess, so that re-layering after each round keeps as many as it can.
 */
void
maplay_hide_edges(struct lay *L, const size_t *pos)
{
    for (;;) {
        size_t total = span_total(L);
        if (total <= MAPLAYOUT_MAX_SEGMENTS)
            return;
        size_t target = MAPLAYOUT_MAX_SEGMENTS + (total - MAPLAYOUT_MAX_SEGMENTS) / 2;
        if (total - target < 64)
            target = MAPLAYOUT_MAX_SEGMENTS;
        if (!hide_round(L, pos, target))
            return;
    }
}

/* ---------------------------------------------------- elements, segments */

/* Offsets of a counting sort: off[k] = number of items with key < k. */
static size_t *
offsets_of(const size_t *counts_plus1, size_t n)
{
    size_t *off = xmalloc((n + 1) * sizeof *off);
    off[0] = 0;
    for (size_t k = 0; k < n; k++)
        off[k + 1] = off[k] + counts_plus1[k];
    return off;
}

/* Dummies for every layer a DAG edge crosses; segments; adjacency lists. */
void
maplay_build_elements(struct lay *L)
{
    size_t nv = L->nv;
    L->d_seg = xmalloc((L->nd + 1) * sizeof *L->d_seg);
    L->d_dummy = xmalloc((L->nd + 1) * sizeof *L->d_dummy);
    size_t nseg = 0, nel = nv;
    for (size_t k = 0; k < L->nd; k++) {
        int span = L->layer[L->d_bot[k]] - L->layer[L->d_top[k]];
        L->d_seg[k] = nseg;
        L->d_dummy[k] = nel;
        nseg += (size_t)span;
        nel += (size_t)span - 1;
    }
    L->nseg = nseg;
    L->nel = nel;
    L->el_layer = xmalloc(nel * sizeof *L->el_layer);
    L->el_x = xcalloc(nel, sizeof *L->el_x);
    L->el_w = xmalloc(nel * sizeof *L->el_w);
    L->el_anc = xcalloc(nel, sizeof *L->el_anc);
    L->el_order = xcalloc(nel, sizeof *L->el_order);
    L->el_dag = xmalloc(nel * sizeof *L->el_dag);
    L->el_main = xcalloc(nel, sizeof *L->el_main);
    for (size_t v = 0; v < nv; v++) {
        L->el_layer[v] = L->layer[v];
        L->el_w[v] = 1;
        L->el_dag[v] = UINT32_MAX;
        L->el_main[v] = L->nodes[v].main_path;
    }
    size_t sn = nseg ? nseg : 1;
    L->s_up = xmalloc(sn * sizeof *L->s_up);
    L->s_dn = xmalloc(sn * sizeof *L->s_dn);
    L->s_dag = xmalloc(sn * sizeof *L->s_dag);
    L->s_xt = xcalloc(sn, sizeof *L->s_xt);
    L->s_xb = xcalloc(sn, sizeof *L->s_xb);
    L->s_t1 = xcalloc(sn, sizeof *L->s_t1);
    L->s_xm = xcalloc(sn, sizeof *L->s_xm);
    L->s_t2 = xcalloc(sn, sizeof *L->s_t2);
    for (size_t k = 0; k < L->nd; k++) {
        int top = L->layer[L->d_top[k]];
        int span = L->layer[L->d_bot[k]] - top;
        bool main = L->edges[L->d_edge[k]].main_path;
        size_t prev = L->d_top[k];
        for (int i = 0; i < span; i++) {
            size_t cur;
            if (i + 1 < span) {
                cur = L->d_dummy[k] + (size_t)i;
                L->el_layer[cur] = top + i + 1;
                L->el_w[cur] = 1;
                L->el_dag[cur] = (uint32_t)k;
                L->el_main[cur] = main;
            } else {
                cur = L->d_bot[k];
            }
            size_t s = L->d_seg[k] + (size_t)i;
            L->s_up[s] = (uint32_t)prev;
            L->s_dn[s] = (uint32_t)cur;
            L->s_dag[s] = (uint32_t)k;
            prev = cur;
        }
    }

    /* Layers and channels by counting sort; adjacency of elements. */
    size_t nl = (size_t)L->nl;
    size_t *cnt = xcalloc(nel + nl + 1, sizeof *cnt);
    for (size_t e = 0; e < nel; e++)
        cnt[L->el_layer[e]]++;
    L->lay_off = offsets_of(cnt, nl);
    L->lay_el = xmalloc(nel * sizeof *L->lay_el);
    memset(cnt, 0, (nel + nl + 1) * sizeof *cnt);
    for (size_t s = 0; s < nseg; s++)
        cnt[L->el_layer[L->s_up[s]]]++;
    L->ch_off = offsets_of(cnt, nl);
    L->ch_seg = xmalloc(sn * sizeof *L->ch_seg);
    memset(cnt, 0, (nel + nl + 1) * sizeof *cnt);
    for (size_t s = 0; s < nseg; s++)
        cnt[L->s_dn[s]]++;
    L->up_off = offsets_of(cnt, nel);
    memset(cnt, 0, (nel + nl + 1) * sizeof *cnt);
    for (size_t s = 0; s < nseg; s++)
        cnt[L->s_up[s]]++;
    L->dn_off = offsets_of(cnt, nel);
    L->up_seg = xmalloc(sn * sizeof *L->up_seg);
    L->dn_seg = xmalloc(sn * sizeof *L->dn_seg);
    size_t *fill = xmalloc((nel + nl + 1) * sizeof *fill);
    memcpy(fill, L->ch_off, (nl + 1) * sizeof *fill);
    for (size_t s = 0; s < nseg; s++)
        L->ch_seg[fill[L->el_layer[L->s_up[s]]]++] = s;
    memcpy(fill, L->up_off, (nel + 1) * sizeof *fill);
    for (size_t s = 0; s < nseg; s++)
        L->up_seg[fill[L->s_dn[s]]++] = s;
    memcpy(fill, L->dn_off, (nel + 1) * sizeof *fill);
    for (size_t s = 0; s < nseg; s++)
        L->dn_seg[fill[L->s_up[s]]++] = s;
    free(fill);
    free(cnt);
}

/* The process map's layered layout: cycle breaking, layers, order, coordinates, routing. */
/* SPDX-License-Identifier: MIT */
#include "maplayout.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* Blank columns between neighbours in a layer: boxes, box and line, two lines. */
#define GAP_BOX 3
#define GAP_MIXED 2
#define GAP_LINE 1
#define BOX_H 3
#define DEFAULT_NAME_WIDTH 24
#define MIN_NAME_WIDTH 8
/* Work budgets (element visits), so that any graph lays out in well under 2 s. */
#define ORDER_WORK 2000000LL  /* barycenter sweeps over all layers */
#define ORDER_ROUNDS 16       /* sweeps when the budget allows */
#define ROUTE_WORK 30000000LL /* track packing over all channels */

/* ------------------------------------------------------------------ text */

int
maplayout_utf8_decode(const char *str, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    unsigned c = s[0];
    int n;
    uint32_t v;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xc2 && c <= 0xdf) {
        n = 2;
        v = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        v = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        v = c & 0x07;
    } else {
        *cp = 0xfffd;
        return 1;
    }
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80) {
            *cp = 0xfffd;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3f);
    }
    if ((n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10ffff)) ||
        (v >= 0xd800 && v <= 0xdfff)) {
        *cp = 0xfffd;
        return 1;
    }
    *cp = v;
    return n;
}

int
maplayout_cp_width(uint32_t cp)
{
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
        return 1; /* drawn as '?' */
    int w = wcwidth((wchar_t)cp);
    if (w >= 0)
        return w;
    /* Not a UTF-8 locale: a small table of zero-width and wide ranges. */
    if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) ||
        (cp >= 0xfe00 && cp <= 0xfe0f))
        return 0;
    if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
        (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
        (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
        (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1f64f) ||
        (cp >= 0x20000 && cp <= 0x3fffd))
        return 2;
    return 1;
}

int
maplayout_text_width(const char *s)
{
    int w = 0;
    while (*s != '\0') {
        uint32_t cp;
        s += maplayout_utf8_decode(s, &cp);
        w += maplayout_cp_width(cp);
    }
    return w;
}

char *
maplayout_text_cut(const char *s, int width)
{
    if (maplayout_text_width(s) <= width)
        return xstrdup(s);
    /* Keep characters while they fit in width - 1 cells, then "…". */
    const char *p = s;
    int w = 0;
    while (*p != '\0') {
        uint32_t cp;
        int n = maplayout_utf8_decode(p, &cp);
        int cw = maplayout_cp_width(cp);
        if (w + cw > width - 1)
            break;
        w += cw;
        p += n;
    }
    size_t len = (size_t)(p - s);
    char *out = xmalloc(len + 4);
    memcpy(out, s, len);
    memcpy(out + len, "\xe2\x80\xa6", 4); /* U+2026 and the NUL */
    return out;
}

/* ---------------------------------------------------------------- metric */

static const char *const metric_names[] = {"freq", "cases", "mean", "median", "max"};

const char *
maplayout_metric_name(enum map_metric m)
{
    return (unsigned)m < 5 ? metric_names[m] : "?";
}

int
maplayout_metric_parse(const char *s, enum map_metric *m)
{
    for (int i = 0; i < 5; i++) {
        if (strcmp(s, metric_names[i]) == 0) {
            *m = (enum map_metric)i;
            return 0;
        }
    }
    if (strcmp(s, "frequency") == 0) {
        *m = MAP_METRIC_FREQ;
        return 0;
    }
    return -1;
}

bool
maplayout_metric_is_time(enum map_metric m)
{
    return m == MAP_METRIC_MEAN || m == MAP_METRIC_MEDIAN || m == MAP_METRIC_MAX;
}

static const char *const style_names[] = {"normal", "compact", "overview"};

const char *
maplayout_style_name(enum map_style s)
{
    return (unsigned)s < 3 ? style_names[s] : "normal";
}

int
maplayout_style_parse(const char *str, enum map_style *s)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(str, style_names[i]) == 0) {
            *s = (enum map_style)i;
            return 0;
        }
    return -1;
}

void
maplayout_opts_init(struct map_layout_opts *o)
{
    memset(o, 0, sizeof *o);
    o->metric = MAP_METRIC_FREQ;
    o->name_width = DEFAULT_NAME_WIDTH;
}

/* ------------------------------------------------------------ work state */

/*
 * The layout under construction. Nodes: 0 is the start marker, nv - 1 the end
 * marker. "DAG edges" are the map edges that are not self-loops, each pointing
 * down from d_top to d_bot (a rework edge points the other way). Elements are
 * the nodes plus one dummy per layer a DAG edge crosses; a segment joins two
 * elements of consecutive layers, and the segments between layer L and L + 1
 * form channel L, where the edges are routed.
 */
struct lay {
    const struct event_log *log;
    const struct map_graph *g;
    struct map_layout_opts o;

    size_t nv;
    struct map_node *nodes;
    int *anc; /* anchor (main column) offset of each node */
    int *layer;
    size_t ne;
    struct map_edge *edges;

    size_t nd;
    uint32_t *d_edge, *d_top, *d_bot;
    size_t *d_w;
    size_t *d_seg;   /* first segment */
    size_t *d_dummy; /* first dummy element */

    int nl;
    size_t nel;
    int *el_layer, *el_x, *el_w, *el_anc, *el_order;
    uint32_t *el_dag; /* dummies: their DAG edge; nodes: UINT32_MAX */
    bool *el_main;
    size_t *lay_off, *lay_el;

    size_t nseg;
    uint32_t *s_up, *s_dn, *s_dag;
    int *s_xt, *s_xb;
    size_t *ch_off, *ch_seg;
    size_t *up_off, *up_seg, *dn_off, *dn_seg;

    int *s_t1, *s_xm, *s_t2; /* routing: first track, dogleg column, second track */
    int *ch_tracks, *band_y, *band_h, *ch_y;
    int width, height;

    char **short_names;   /* overview: each node's short name (NULL for markers) */
    long long route_work; /* packing work done so far (see ROUTE_WORK) */
    bool fewer_sweeps, simple_routing;
    size_t hidden; /* edges left out to stay within MAPLAYOUT_MAX_SEGMENTS */
};

static bool
is_dummy(const struct lay *L, size_t el)
{
    return el >= L->nv;
}

/* --------------------------------------------------------- graph intake */

static const struct event_log *cmp_log;
static const struct dfg *cmp_dfg;

static int
cmp_act_events(const void *pa, const void *pb)
{
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    size_t ea = cmp_dfg->nodes[a].events, eb = cmp_dfg->nodes[b].events;
    if (ea != eb)
        return ea < eb ? 1 : -1;
    return strcmp(eventlog_activity_name(cmp_log, a), eventlog_activity_name(cmp_log, b));
}

/* Nodes and edges of the map from the graph's kept activities and paths. */
static void
intake(struct lay *L)
{
    const struct map_graph *g = L->g;
    const struct dfg *d = &g->dfg;
    uint32_t *acts = xmalloc((g->n_act ? g->n_act : 1) * sizeof *acts);
    size_t na = 0;
    for (size_t a = 0; a < g->n_act; a++)
        if (g->keep_act[a] && d->nodes[a].events > 0)
            acts[na++] = (uint32_t)a;
    cmp_log = L->log;
    cmp_dfg = d;
    qsort(acts, na, sizeof *acts, cmp_act_events);

    L->nv = na + 2;
    L->nodes = xcalloc(L->nv, sizeof *L->nodes);
    long *node_of = xmalloc((g->n_act ? g->n_act : 1) * sizeof *node_of);
    for (size_t a = 0; a < g->n_act; a++)
        node_of[a] = -1;
    L->nodes[0].kind = MAP_NODE_START;
    L->nodes[0].act = CF_NONE;
    L->nodes[L->nv - 1].kind = MAP_NODE_END;
    L->nodes[L->nv - 1].act = CF_NONE;
    for (size_t i = 0; i < na; i++) {
        struct map_node *n = &L->nodes[i + 1];
        n->kind = MAP_NODE_ACTIVITY;
        n->act = acts[i];
        n->events = d->nodes[acts[i]].events;
        n->cases = d->nodes[acts[i]].cases;
        node_of[acts[i]] = (long)(i + 1);
    }
    for (size_t i = 0; i < L->nv; i++)
        L->nodes[i].self_edge = -1;

    size_t cap = d->n_edges + 2 * na + 1;
    L->edges = xcalloc(cap, sizeof *L->edges);
    size_t ne = 0;
    for (size_t i = 0; i < na; i++) {
        uint32_t a = acts[i];
        if (!g->keep_start[a] || d->nodes[a].starts == 0)
            continue;
        struct map_edge *e = &L->edges[ne++];
        e->from = 0;
        e->to = (uint32_t)(i + 1);
        e->dfg_edge = -1;
        e->count = e->cases = d->nodes[a].starts;
    }
    for (size_t k = 0; k < d->n_edges; k++) {
        const struct dfg_edge *de = &d->edges[k];
        if (!g->keep_edge[k] || node_of[de->from] < 0 || node_of[de->to] < 0)
            continue;
        struct map_edge *e = &L->edges[ne++];
        e->from = (uint32_t)node_of[de->from];
        e->to = (uint32_t)node_of[de->to];
        e->dfg_edge = (long)k;
        e->count = de->count;
        e->cases = de->cases;
        e->mean_ms = de->mean_ms;
        e->median_ms = de->median_ms;
        e->max_ms = de->max_ms;
        e->self_loop = e->from == e->to;
    }
    for (size_t i = 0; i < na; i++) {
        uint32_t a = acts[i];
        if (!g->keep_end[a] || d->nodes[a].ends == 0)
            continue;
        struct map_edge *e = &L->edges[ne++];
        e->from = (uint32_t)(i + 1);
        e->to = (uint32_t)(L->nv - 1);
        e->dfg_edge = -1;
        e->count = e->cases = d->nodes[a].ends;
    }
    /* The markers count every case starting (ending), drawn arrow or not. */
    for (size_t i = 0; i < na; i++) {
        L->nodes[0].events += d->nodes[acts[i]].starts;
        L->nodes[L->nv - 1].events += d->nodes[acts[i]].ends;
    }
    L->ne = ne;
    L->nodes[0].cases = L->nodes[0].events;
    L->nodes[L->nv - 1].cases = L->nodes[L->nv - 1].events;
    for (size_t i = 0; i < ne; i++)
        if (L->edges[i].self_loop)
            L->nodes[L->edges[i].from].self_edge = (long)i;
    free(node_of);
    free(acts);
}

/* -------------------------------------------------------- cycle breaking */

/* Compressed adjacency over the DAG candidates: out/in lists of edge indices. */
struct adj {
    size_t *out_off, *out, *in_off, *in;
};

static void
adj_build(const struct lay *L, struct adj *a)
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

static void
adj_free(struct adj *a)
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

static const double *flow_pos;
static const struct map_node *flow_nodes;

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
static void
break_cycles(struct lay *L, const struct adj *a, size_t *pos)
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
static void
dag_build(struct lay *L)
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

static const size_t *sort_key;

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
static void
assign_layers(struct lay *L, const size_t *pos)
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
static void
find_main_path(struct lay *L, const size_t *pos)
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

static const struct map_edge *cmp_edges;

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
    dag_build(L);
    assign_layers(L, pos);
    find_main_path(L, pos);
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
static void
hide_edges(struct lay *L, const size_t *pos)
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
static void
build_elements(struct lay *L)
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

/* ------------------------------------------------------------- ordering */

/* Place the elements of each layer in order of a depth-first walk from the
 * start that follows the heaviest edges first: a good first order. */
static void
initial_order(struct lay *L)
{
    size_t nel = L->nel, nl = (size_t)L->nl;
    bool *seen = xcalloc(nel, sizeof *seen);
    size_t *fill = xmalloc((nl + 1) * sizeof *fill);
    memcpy(fill, L->lay_off, (nl + 1) * sizeof *fill);
    size_t *stack = xmalloc((nel + L->nseg + 1) * sizeof *stack);
    size_t *tmp = xmalloc((L->nseg + 1) * sizeof *tmp);
    for (size_t r = 0; r < nel; r++) { /* the start first, then anything unreached */
        if (seen[r])
            continue;
        size_t sp = 0;
        stack[sp++] = r;
        while (sp > 0) {
            size_t e = stack[--sp];
            if (seen[e])
                continue;
            seen[e] = true;
            int l = L->el_layer[e];
            L->el_order[e] = (int)(fill[l] - L->lay_off[l]);
            L->lay_el[fill[l]++] = e;
            /* Push the lighter edges first so the heaviest is walked first. */
            size_t n = 0;
            for (size_t k = L->dn_off[e]; k < L->dn_off[e + 1]; k++)
                tmp[n++] = L->dn_seg[k];
            for (size_t i = 1; i < n; i++) { /* insertion sort by weight, ascending */
                size_t s = tmp[i], j = i;
                while (j > 0 && L->d_w[L->s_dag[tmp[j - 1]]] > L->d_w[L->s_dag[s]]) {
                    tmp[j] = tmp[j - 1];
                    j--;
                }
                tmp[j] = s;
            }
            for (size_t i = 0; i < n; i++)
                if (!seen[L->s_dn[tmp[i]]])
                    stack[sp++] = L->s_dn[tmp[i]];
        }
    }
    free(tmp);
    free(stack);
    free(fill);
    free(seen);
}

/* Fenwick tree for counting inversions. */
static void
bit_add(size_t *t, size_t n, size_t i)
{
    for (i++; i <= n; i += i & (~i + 1))
        t[i]++;
}

static size_t
bit_sum(const size_t *t, size_t i) /* items at positions < i */
{
    size_t s = 0;
    for (; i > 0; i -= i & (~i + 1))
        s += t[i];
    return s;
}

/* Crossings between layer l and l + 1 for the current order (Barth, Juenger, Mutzel). */
static size_t
crossings_between(const struct lay *L, int l, size_t *buf, size_t *tree)
{
    size_t a = L->ch_off[l], b = L->ch_off[l + 1];
    size_t n = b - a;
    if (n < 2)
        return 0;
    size_t nup = L->lay_off[l + 1] - L->lay_off[l];
    size_t ndn = L->lay_off[l + 2] - L->lay_off[l + 1];
    /* Bucket the segments by upper position, each bucket sorted by lower position. */
    size_t *cnt = tree; /* reuse: nup + 1 slots, zeroed */
    memset(cnt, 0, (nup + 2) * sizeof *cnt);
    for (size_t k = a; k < b; k++)
        cnt[L->el_order[L->s_up[L->ch_seg[k]]] + 1]++;
    for (size_t i = 0; i < nup; i++)
        cnt[i + 1] += cnt[i];
    for (size_t k = a; k < b; k++) {
        size_t s = L->ch_seg[k];
        buf[cnt[L->el_order[L->s_up[s]]]++] = (size_t)L->el_order[L->s_dn[s]];
    }
    /* Buckets are small: insertion sort each by lower position. */
    size_t start = 0;
    for (size_t i = 0; i < nup; i++) {
        size_t end = cnt[i];
        for (size_t x = start + 1; x < end; x++) {
            size_t v = buf[x], y = x;
            while (y > start && buf[y - 1] > v) {
                buf[y] = buf[y - 1];
                y--;
            }
            buf[y] = v;
        }
        start = end;
    }
    memset(tree, 0, (ndn + 2) * sizeof *tree);
    size_t cross = 0;
    for (size_t i = 0; i < n; i++) {
        cross += i - bit_sum(tree, buf[i] + 1); /* earlier items with a greater position */
        bit_add(tree, ndn, buf[i]);
    }
    return cross;
}

static size_t
crossings_total(const struct lay *L, size_t *buf, size_t *tree)
{
    size_t c = 0;
    for (int l = 0; l + 1 < L->nl; l++)
        c += crossings_between(L, l, buf, tree);
    return c;
}

/* An element with its sort key: barycenter in fixed point, then its current place. */
struct bary_item {
    uint64_t key;
    size_t el;
};

static int
cmp_bary(const void *pa, const void *pb)
{
    const struct bary_item *a = pa, *b = pb;
    return (a->key > b->key) - (a->key < b->key);
}

/* Reorder layer l by the barycenter of each element's neighbours above (up) or below. */
static void
sweep_layer(struct lay *L, int l, bool up, struct bary_item *items)
{
    size_t a = L->lay_off[l], b = L->lay_off[l + 1];
    const size_t *off = up ? L->up_off : L->dn_off;
    const size_t *segs = up ? L->up_seg : L->dn_seg;
    const uint32_t *other = up ? L->s_up : L->s_dn;
    for (size_t i = a; i < b; i++) {
        size_t e = L->lay_el[i];
        double sum = 0;
        size_t n = off[e + 1] - off[e];
        for (size_t k = off[e]; k < off[e + 1]; k++)
            sum += L->el_order[other[segs[k]]];
        double bary = n ? sum / (double)n : (double)L->el_order[e];
        /* 1/256 resolution is plenty for means of positions; ties keep the order. */
        items[i - a].key = ((uint64_t)llround(bary * 256.0) << 24) | (uint64_t)(i - a);
        items[i - a].el = e;
    }
    qsort(items, b - a, sizeof *items, cmp_bary);
    for (size_t i = a; i < b; i++) {
        L->lay_el[i] = items[i - a].el;
        L->el_order[items[i - a].el] = (int)(i - a);
    }
}

/* Crossings among the segments of u and v on one side, u placed before v. */
static size_t
pair_crossings(const struct lay *L, size_t u, size_t v, bool up)
{
    const size_t *off = up ? L->up_off : L->dn_off;
    const size_t *segs = up ? L->up_seg : L->dn_seg;
    const uint32_t *end = up ? L->s_up : L->s_dn;
    size_t c = 0;
    for (size_t i = off[u]; i < off[u + 1]; i++)
        for (size_t j = off[v]; j < off[v + 1]; j++)
            if (L->el_order[end[segs[i]]] > L->el_order[end[segs[j]]])
                c++;
    return c;
}

/* Swap neighbours while that removes crossings (for small graphs). */
static void
transpose(struct lay *L)
{
    for (int round = 0; round < 8; round++) {
        bool improved = false;
        for (int l = 0; l < L->nl; l++) {
            size_t a = L->lay_off[l], b = L->lay_off[l + 1];
            for (size_t i = a; i + 1 < b; i++) {
                size_t u = L->lay_el[i], v = L->lay_el[i + 1];
                size_t keep = pair_crossings(L, u, v, true) + pair_crossings(L, u, v, false);
                size_t swap = pair_crossings(L, v, u, true) + pair_crossings(L, v, u, false);
                if (swap < keep) {
                    L->lay_el[i] = v;
                    L->lay_el[i + 1] = u;
                    L->el_order[v] = (int)(i - a);
                    L->el_order[u] = (int)(i + 1 - a);
                    improved = true;
                }
            }
        }
        if (!improved)
            break;
    }
}

/* Barycenter sweeps down and up, keeping the order with the fewest crossings. */
static void
order_layers(struct lay *L)
{
    size_t nel = L->nel;
    initial_order(L);
    size_t big = nel + L->nseg + 2;
    size_t *buf = xmalloc(big * sizeof *buf), *tree = xmalloc(big * sizeof *tree);
    struct bary_item *bary = xmalloc(nel * sizeof *bary);
    size_t *best = xmalloc(nel * sizeof *best);
    bool small = nel <= 1500;
    if (small)
        transpose(L);
    size_t best_c = crossings_total(L, buf, tree);
    memcpy(best, L->lay_el, nel * sizeof *best);
    long long per = (long long)(nel + L->nseg) + 1;
    int rounds = ORDER_WORK / per < ORDER_ROUNDS ? (int)(ORDER_WORK / per) : ORDER_ROUNDS;
    if (rounds < 1)
        rounds = 1;
    int r = 0, stall = 0;
    for (; r < rounds && best_c > 0 && stall < 4; r++) {
        for (int l = 1; l < L->nl; l++)
            sweep_layer(L, l, true, bary);
        for (int l = L->nl - 2; l >= 0; l--)
            sweep_layer(L, l, false, bary);
        if (small)
            transpose(L);
        size_t c = crossings_total(L, buf, tree);
        if (c < best_c) {
            best_c = c;
            memcpy(best, L->lay_el, nel * sizeof *best);
            stall = 0;
        } else {
            stall++;
        }
    }
    if (r == rounds && rounds < ORDER_ROUNDS && best_c > 0 && stall < 4)
        L->fewer_sweeps = true;
    memcpy(L->lay_el, best, nel * sizeof *best);
    for (int l = 0; l < L->nl; l++)
        for (size_t i = L->lay_off[l]; i < L->lay_off[l + 1]; i++)
            L->el_order[L->lay_el[i]] = (int)(i - L->lay_off[l]);
    free(best);
    free(bary);
    free(buf);
    free(tree);
}

/* ---------------------------------------------------------- boxes, text */

/* The text of an edge's metric: a count or a duration; "" for start/end edges in time mode. */
static void
metric_text(const struct map_edge *e, enum map_metric m, char *buf, size_t size)
{
    switch (m) {
    case MAP_METRIC_FREQ: snprintf(buf, size, "%zu", e->count); return;
    case MAP_METRIC_CASES: snprintf(buf, size, "%zu", e->cases); return;
    default: break;
    }
    if (e->dfg_edge < 0) {
        buf[0] = '\0';
        return;
    }
    double v = m == MAP_METRIC_MEAN     ? e->mean_ms
               : m == MAP_METRIC_MEDIAN ? e->median_ms
                                        : (double)e->max_ms;
    cf_format_duration((int64_t)llround(v), buf, size);
}

/* The metric as a number for ranking (levels). */
static double
metric_value(const struct map_edge *e, enum map_metric m)
{
    switch (m) {
    case MAP_METRIC_FREQ: return (double)e->count;
    case MAP_METRIC_CASES: return (double)e->cases;
    case MAP_METRIC_MEAN: return e->mean_ms;
    case MAP_METRIC_MEDIAN: return e->median_ms;
    case MAP_METRIC_MAX: return (double)e->max_ms;
    }
    return 0;
}

/* Sizes of the boxes and markers for a name width; texts of nodes and edges. */
/* n with thousands separators ("2,823") into buf. */
static void
group_digits(size_t n, char *buf, size_t size)
{
    char tmp[32];
    int len = snprintf(tmp, sizeof tmp, "%zu", n);
    size_t o = 0;
    for (int i = 0; i < len && o + 2 < size; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = tmp[i];
    }
    buf[o] = '\0';
}

/*
 * A one-row box: "[ name 2,823 ]" (compact) or "[name]" (overview: the short
 * name, no number), the self-loop marker before the closing bracket.
 */
static void
size_sparse_node(struct lay *L, size_t v, int name_width, size_t num, const char *mark)
{
    struct map_node *n = &L->nodes[v];
    bool over = L->o.style == MAP_STYLE_OVERVIEW;
    if (over) {
        n->name = xstrdup(L->short_names[v]);
        n->count_text[0] = '\0';
    } else {
        n->name = maplayout_text_cut(eventlog_activity_name(L->log, n->act), name_width);
        char g[32];
        group_digits(num, g, sizeof g);
        /* At most 26 bytes of digits and commas (2^64): the marker goes first if tight. */
        size_t gl = strlen(g), ml = mark ? strlen(mark) : 0;
        if (gl + ml >= sizeof n->count_text)
            ml = 0;
        if (gl >= sizeof n->count_text)
            gl = sizeof n->count_text - 1;
        memcpy(n->count_text, g, gl);
        if (ml > 0)
            memcpy(n->count_text + gl, mark, ml);
        n->count_text[gl + ml] = '\0';
    }
    int cw = maplayout_text_width(n->count_text);
    int w = maplayout_text_width(n->name) + (over ? 2 : 4 + 1 + cw);
    if (n->self_edge >= 0 && !over) {
        const struct map_edge *se = &L->edges[n->self_edge];
        n->loop_w = 1 + se->label_w; /* "↻" + the metric */
        w += 1 + n->loop_w;
    }
    n->w = w;
    n->h = 1;
    L->anc[v] = w / 2;
}

/*
 * Overview names: for each activity node the shortest prefix of at least
 * three cells (at most ten) no other kept name starts with; where none is
 * unique, the ten-cell cut and a number.
 */
/* A new copy of the first k cells of s (whole characters), trailing blanks dropped. */
static char *
prefix_cells(const char *s, int k)
{
    const char *p = s;
    int used = 0;
    while (*p != '\0') {
        uint32_t cp;
        int n = maplayout_utf8_decode(p, &cp);
        int cw = maplayout_cp_width(cp);
        if (used + cw > k)
            break;
        used += cw;
        p += n;
    }
    while (p > s && p[-1] == ' ')
        p--;
    size_t len = (size_t)(p - s);
    char *out = xmalloc(len + 1);
    memcpy(out, s, len);
    out[len] = '\0';
    return out;
}

/*
 * Overview names: for each activity node the shortest prefix of at least four
 * cells (at most ten) that no other kept name starts with; where none is
 * unique, the nine-cell prefix and the node's number.
 */
static void
make_short_names(struct lay *L)
{
    size_t nv = L->nv;
    L->short_names = xcalloc(nv, sizeof *L->short_names);
    for (size_t v = 0; v < nv; v++) {
        if (L->nodes[v].kind != MAP_NODE_ACTIVITY)
            continue;
        const char *name = eventlog_activity_name(L->log, L->nodes[v].act);
        int full = maplayout_text_width(name);
        char *pick = NULL;
        for (int k = 4; k <= 10 && pick == NULL; k++) {
            char *cut = prefix_cells(name, k);
            size_t plen = strlen(cut);
            bool unique = plen > 0;
            for (size_t u = 0; u < nv && unique; u++) {
                if (u == v || L->nodes[u].kind != MAP_NODE_ACTIVITY)
                    continue;
                const char *other = eventlog_activity_name(L->log, L->nodes[u].act);
                if (strncmp(other, cut, plen) == 0)
                    unique = false;
            }
            if (unique || (k >= full && plen > 0))
                pick = cut;
            else
                free(cut);
        }
        if (pick == NULL) {
            char *cut = prefix_cells(name, 9);
            struct cf_buf b = {0};
            cf_buf_printf(&b, "%s%zu", cut, v);
            free(cut);
            pick = b.data;
        }
        L->short_names[v] = pick;
    }
}

static void
size_nodes(struct lay *L, int name_width)
{
    for (size_t i = 0; i < L->ne; i++) {
        struct map_edge *e = &L->edges[i];
        metric_text(e, L->o.metric, e->label, sizeof e->label);
        if (L->o.suffix != NULL && e->dfg_edge >= 0) {
            const char *m = L->o.suffix(L->o.suffix_ud, L->nodes[e->from].act, L->nodes[e->to].act);
            size_t used = strlen(e->label);
            if (m != NULL && used + strlen(m) < sizeof e->label)
                snprintf(e->label + used, sizeof e->label - used, "%s", m);
        }
        if (L->o.style == MAP_STYLE_OVERVIEW)
            e->label[0] = '\0';
        e->label_w = maplayout_text_width(e->label);
        e->label_x = e->label_y = -1;
    }
    for (size_t v = 0; v < L->nv; v++) {
        struct map_node *n = &L->nodes[v];
        free(n->name);
        n->loop_w = 0;
        n->loop_x = -1;
        if (n->kind != MAP_NODE_ACTIVITY) {
            n->name = xstrdup(n->kind == MAP_NODE_START ? "start" : "end");
            n->count_text[0] = '\0';
            n->w = n->kind == MAP_NODE_START ? 7 : 5; /* "● start", "■ end" */
            n->h = 1;
            L->anc[v] = 0;
            continue;
        }
        const char *mark =
            L->o.suffix != NULL ? L->o.suffix(L->o.suffix_ud, n->act, CF_NONE) : NULL;
        size_t num = L->o.metric == MAP_METRIC_CASES ? n->cases : n->events;
        if (L->o.style != MAP_STYLE_NORMAL) {
            size_sparse_node(L, v, name_width, num, mark);
            continue;
        }
        n->name = maplayout_text_cut(eventlog_activity_name(L->log, n->act), name_width);
        snprintf(n->count_text, sizeof n->count_text, "%zu%s", num, mark ? mark : "");
        int w = maplayout_text_width(n->name) + maplayout_text_width(n->count_text) + 6;
        if (n->self_edge >= 0) {
            const struct map_edge *se = &L->edges[n->self_edge];
            n->loop_w = 1 + se->label_w; /* "↻" + the metric */
            if (w < 2 * n->loop_w + 8)   /* the marker sits right of the centre column */
                w = 2 * n->loop_w + 8;
        }
        if (w < 9)
            w = 9;
        n->w = w;
        n->h = BOX_H;
        L->anc[v] = w / 2;
    }
    for (size_t v = 0; v < L->nv; v++) {
        L->el_w[v] = L->nodes[v].w;
        L->el_anc[v] = L->anc[v];
    }
}

/* ---------------------------------------------------------- coordinates */

static int
gap_between(const struct lay *L, size_t a, size_t b)
{
    bool da = is_dummy(L, a), db = is_dummy(L, b);
    return da && db ? GAP_LINE : (da || db) ? GAP_MIXED : GAP_BOX;
}

/* Pack a layer tightly around its main element at column X (or from X). */
static void
pack_layer(struct lay *L, int l, int X)
{
    size_t a = L->lay_off[l], b = L->lay_off[l + 1];
    size_t m = SIZE_MAX;
    for (size_t i = a; i < b; i++)
        if (L->el_main[L->lay_el[i]])
            m = i;
    if (m == SIZE_MAX) {
        int x = X;
        for (size_t i = a; i < b; i++) {
            size_t e = L->lay_el[i];
            L->el_x[e] = x;
            if (i + 1 < b)
                x += L->el_w[e] + gap_between(L, e, L->lay_el[i + 1]);
        }
        return;
    }
    size_t me = L->lay_el[m];
    L->el_x[me] = X - L->el_anc[me];
    for (size_t i = m; i-- > a;) {
        size_t e = L->lay_el[i], r = L->lay_el[i + 1];
        L->el_x[e] = L->el_x[r] - gap_between(L, e, r) - L->el_w[e];
    }
    for (size_t i = m + 1; i < b; i++) {
        size_t e = L->lay_el[i], p = L->lay_el[i - 1];
        L->el_x[e] = L->el_x[p] + L->el_w[p] + gap_between(L, p, e);
    }
}

static const double *prio_key;

static int
cmp_prio(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    if (prio_key[a] != prio_key[b])
        return prio_key[a] > prio_key[b] ? -1 : 1;
    return a < b ? -1 : a > b;
}

/*
 * Move element at position i of layer l by delta (as far as allowed), pushing
 * the lower-priority neighbours on the way; walls cannot move.
 */
static void
shift_element(struct lay *L, int l, size_t i, int delta, const bool *wall)
{
    size_t a = L->lay_off[l], b = L->lay_off[l + 1];
    const size_t *el = L->lay_el;
    if (delta > 0) {
        int allowed = delta;
        long need = L->el_x[el[i]] + delta + L->el_w[el[i]];
        for (size_t k = i + 1; k < b; k++) {
            need += gap_between(L, el[k - 1], el[k]);
            if (need <= L->el_x[el[k]])
                break;
            if (wall[el[k]]) {
                allowed -= (int)(need - L->el_x[el[k]]);
                break;
            }
            need += L->el_w[el[k]];
        }
        if (allowed <= 0)
            return;
        L->el_x[el[i]] += allowed;
        for (size_t k = i + 1; k < b; k++) {
            int minx = L->el_x[el[k - 1]] + L->el_w[el[k - 1]] + gap_between(L, el[k - 1], el[k]);
            if (L->el_x[el[k]] >= minx)
                break;
            L->el_x[el[k]] = minx;
        }
    } else if (delta < 0) {
        int allowed = -delta;
        long need = L->el_x[el[i]] + delta; /* new left edge of i */
        for (size_t k = i; k-- > a;) {
            long right = need - gap_between(L, el[k], el[k + 1]); /* k must end by then */
            long cur = L->el_x[el[k]] + L->el_w[el[k]];
            if (cur <= right)
                break;
            if (wall[el[k]]) {
                allowed -= (int)(cur - right);
                break;
            }
            need = right - L->el_w[el[k]];
        }
        if (allowed <= 0)
            return;
        L->el_x[el[i]] -= allowed;
        for (size_t k = i; k-- > a;) {
            int maxx = L->el_x[el[k + 1]] - gap_between(L, el[k], el[k + 1]) - L->el_w[el[k]];
            if (L->el_x[el[k]] <= maxx)
                break;
            L->el_x[el[k]] = maxx;
        }
    }
}

/* One priority pass over layer l towards its neighbours in the layer above (up) or below. */
static void
place_layer(struct lay *L, int l, bool up, double *prio, double *want, size_t *idx, bool *wall)
{
    size_t a = L->lay_off[l], b = L->lay_off[l + 1];
    const size_t *off = up ? L->up_off : L->dn_off;
    const size_t *segs = up ? L->up_seg : L->dn_seg;
    size_t n = 0;
    for (size_t i = a; i < b; i++) {
        size_t e = L->lay_el[i];
        double sw = 0, sx = 0;
        for (size_t k = off[e]; k < off[e + 1]; k++) {
            size_t s = segs[k];
            size_t o = up ? L->s_up[s] : L->s_dn[s];
            double w = sqrt((double)L->d_w[L->s_dag[s]]) + 1.0;
            sw += w;
            sx += w * (L->el_x[o] + L->el_anc[o]);
        }
        wall[e] = L->el_main[e];
        if (sw == 0 || L->el_main[e])
            continue;
        want[e] = sx / sw;
        prio[e] = (is_dummy(L, e) ? 1e12 : 0) + sw;
        idx[n++] = i;
    }
    prio_key = prio;
    /* idx holds positions; sort them by the priority of their element. */
    for (size_t k = 0; k < n; k++)
        idx[k] = L->lay_el[idx[k]];
    qsort(idx, n, sizeof *idx, cmp_prio);
    for (size_t k = 0; k < n; k++) {
        size_t e = idx[k];
        size_t i = a + (size_t)L->el_order[e];
        int target = (int)lround(want[e]) - L->el_anc[e];
        shift_element(L, l, i, target - L->el_x[e], wall);
        wall[e] = true;
    }
}

/*
 * x coordinates: the main path's elements share one column; the others are
 * drawn towards the weighted mean of their neighbours, layer by layer, down
 * and up (Sugiyama's priority method: lines first, heavy boxes next).
 */
static void
assign_x(struct lay *L)
{
    int X = 0;
    for (int l = 0; l < L->nl; l++) {
        int need = 0;
        for (size_t i = L->lay_off[l]; i < L->lay_off[l + 1]; i++) {
            size_t e = L->lay_el[i];
            if (L->el_main[e]) {
                need += L->el_anc[e];
                break;
            }
            if (i + 1 < L->lay_off[l + 1])
                need += L->el_w[e] + gap_between(L, e, L->lay_el[i + 1]);
        }
        if (need > X)
            X = need;
    }
    for (int l = 0; l < L->nl; l++)
        pack_layer(L, l, X);

    size_t nel = L->nel;
    double *prio = xcalloc(nel, sizeof *prio), *want = xcalloc(nel, sizeof *want);
    size_t *idx = xmalloc(nel * sizeof *idx);
    bool *wall = xcalloc(nel, sizeof *wall);
    int passes = nel > 20000 ? 1 : 3;
    for (int p = 0; p < passes; p++) {
        for (int l = 1; l < L->nl; l++)
            place_layer(L, l, true, prio, want, idx, wall);
        for (int l = L->nl - 2; l >= 0; l--)
            place_layer(L, l, false, prio, want, idx, wall);
    }
    free(prio);
    free(want);
    free(idx);
    free(wall);

    int minx = INT_MAX;
    for (size_t e = 0; e < nel; e++)
        if (L->el_x[e] < minx)
            minx = L->el_x[e];
    for (size_t e = 0; e < nel; e++)
        L->el_x[e] -= minx;
}

/* ---------------------------------------------------------------- ports */

/*
 * Spread n ports sorted by desired column d over [lo, hi], keeping their order,
 * two columns apart when they fit, else one, else sharing columns. fixed (or
 * -1) must keep its desired column when possible.
 */
static void
spread_ports(const int *d, int *out, size_t n, int lo, int hi, long fixed)
{
    if (n == 0)
        return;
    int room = hi - lo;
    if ((long)n - 1 > room) {
        for (size_t i = 0; i < n; i++)
            out[i] = lo + (int)((long)i * (room + 1) / (long)n);
        return;
    }
    int sep = (long)(n - 1) * 2 <= room ? 2 : 1;
    if (fixed >= 0 && d[fixed] >= lo && d[fixed] <= hi) {
        size_t f = (size_t)fixed;
        int pf = d[f];
        /* Both sides must fit around the fixed port. */
        if (pf - lo >= (int)f * sep && hi - pf >= (int)(n - 1 - f) * sep) {
            out[f] = pf;
            if (f > 0)
                spread_ports(d, out, f, lo, pf - sep, -1);
            if (f + 1 < n)
                spread_ports(d + f + 1, out + f + 1, n - f - 1, pf + sep, hi, -1);
            return;
        }
    }
    for (size_t i = 0; i < n; i++) {
        int v = d[i] < lo ? lo : d[i];
        if (i > 0 && v < out[i - 1] + sep)
            v = out[i - 1] + sep;
        out[i] = v;
    }
    if (out[n - 1] > hi)
        out[n - 1] = hi;
    for (size_t i = n - 1; i-- > 0;)
        if (out[i] > out[i + 1] - sep)
            out[i] = out[i + 1] - sep;
}

/* The port column of a marker (its bullet), the top-port range of a box. */
static int
node_port_lo(const struct lay *L, size_t v)
{
    return L->el_x[v] + 2;
}

static int
node_port_hi(const struct lay *L, size_t v, bool top)
{
    const struct map_node *n = &L->nodes[v];
    int hi = L->el_x[v] + n->w - 3;
    if (top && n->loop_w > 0)
        hi = L->el_x[v] + n->w - 2 - n->loop_w - 2;
    return hi;
}

static int
clampi(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static const int *port_want;
static const int *port_tie;

static int
cmp_port(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    if (port_want[a] != port_want[b])
        return port_want[a] < port_want[b] ? -1 : 1;
    if (port_tie[a] != port_tie[b])
        return port_tie[a] - port_tie[b];
    return (a > b) - (a < b);
}

/* Assign the ports of node v on one border (top: segments from above). */
static void
node_ports(struct lay *L, size_t v, bool top, int *want, int *tie, size_t *list, int *d, int *out)
{
    const size_t *off = top ? L->up_off : L->dn_off;
    const size_t *segs = top ? L->up_seg : L->dn_seg;
    int *port = top ? L->s_xb : L->s_xt;
    size_t n = 0;
    bool marker = L->nodes[v].kind != MAP_NODE_ACTIVITY;
    int anchor = L->el_x[v] + L->el_anc[v];
    int lo = node_port_lo(L, v), hi = node_port_hi(L, v, top);
    for (size_t k = off[v]; k < off[v + 1]; k++) {
        size_t s = segs[k];
        if (marker) {
            port[s] = anchor;
            continue;
        }
        size_t o = top ? L->s_up[s] : L->s_dn[s];
        int w;
        if (L->el_main[v] && L->el_main[o] && L->edges[L->d_edge[L->s_dag[s]]].main_path)
            w = anchor;
        else if (top && !is_dummy(L, o))
            w = L->s_xt[s]; /* the upper box's port, set already */
        else if (is_dummy(L, o) || L->nodes[o].kind != MAP_NODE_ACTIVITY)
            w = L->el_x[o] + L->el_anc[o];
        else {
            /* A box below: a column both borders share lets the line run straight. */
            int olo = node_port_lo(L, o), ohi = node_port_hi(L, o, true);
            int a = lo > olo ? lo : olo, b = hi < ohi ? hi : ohi;
            w = a <= b ? (a + b) / 2 : L->el_x[o] + L->el_anc[o];
        }
        want[s] = clampi(w, lo, hi);
        tie[s] = L->el_order[o];
        list[n++] = s;
    }
    if (n == 0)
        return;
    port_want = want;
    port_tie = tie;
    qsort(list, n, sizeof *list, cmp_port);
    long fixed = -1;
    for (size_t i = 0; i < n; i++) {
        d[i] = want[list[i]];
        if (L->edges[L->d_edge[L->s_dag[list[i]]]].main_path && fixed < 0 && d[i] == anchor)
            fixed = (long)i;
    }
    spread_ports(d, out, n, lo, hi, fixed);
    for (size_t i = 0; i < n; i++)
        port[list[i]] = out[i];
}

/* Ports of every box and marker; dummies pass straight through at their column. */
static void
assign_ports(struct lay *L)
{
    size_t ns = L->nseg ? L->nseg : 1;
    int *want = xmalloc(ns * sizeof *want), *tie = xmalloc(ns * sizeof *tie);
    int *d = xmalloc(ns * sizeof *d), *out = xmalloc(ns * sizeof *out);
    size_t *list = xmalloc(ns * sizeof *list);
    for (size_t s = 0; s < L->nseg; s++) {
        if (is_dummy(L, L->s_up[s]))
            L->s_xt[s] = L->el_x[L->s_up[s]];
        if (is_dummy(L, L->s_dn[s]))
            L->s_xb[s] = L->el_x[L->s_dn[s]];
    }
    for (size_t v = 0; v < L->nv; v++) {
        struct map_node *n = &L->nodes[v];
        n->loop_x = n->loop_w > 0 ? L->el_x[v] + n->w - 2 - n->loop_w : -1;
        node_ports(L, v, false, want, tie, list, d, out);
    }
    for (size_t v = 0; v < L->nv; v++)
        node_ports(L, v, true, want, tie, list, d, out);
    free(want);
    free(tie);
    free(d);
    free(out);
    free(list);
}

/* -------------------------------------------------------------- routing */

/*
 * Channel routing. A segment crossing a channel goes down from its top column
 * to a track (a row of the channel), along it, and down to its bottom column;
 * a straight one (same columns) needs no track. Segments leaving one port
 * share a track (a fork), as do those entering the end marker (a merge).
 * Where one group's line leaves a column downwards and another's arrives in
 * it, the first must turn above the second: the vertical constraint graph.
 * Tracks are packed left to right in constraint order (the left-edge
 * algorithm); a cycle of constraints is broken with a dogleg: the arriving
 * group jogs through a free column and a second track.
 */
struct hop {
    int xa, xb; /* from column (at the channel top or the dogleg) to column */
    size_t seg;
    bool first; /* starts at the channel top */
    bool last;  /* ends at the channel bottom */
    int kind;   /* group key: 0 fork by xa, 1 merge at xb, 2 dogleg tail at xa */
    int col;
    size_t group;
};

struct grp {
    int lo, hi;
    bool needs; /* some hop turns */
    int track;
    size_t indeg, soft; /* unplaced groups that must / should turn above it */
    int kind, col;
    int dir; /* +1 every hop runs right, -1 left, 0 mixed (or a merge) */
};

struct cons {
    size_t a, b; /* group a turns above group b */
};

struct entry {
    int col;
    int type; /* 0: a line leaves the column (turns away); 1: a line arrives */
    size_t group;
};

static int
cmp_hop_key(const void *pa, const void *pb)
{
    const struct hop *a = pa, *b = pb;
    if (a->kind != b->kind)
        return a->kind - b->kind;
    if (a->col != b->col)
        return a->col < b->col ? -1 : 1;
    return a->seg < b->seg ? -1 : a->seg > b->seg;
}

static int
cmp_entry(const void *pa, const void *pb)
{
    const struct entry *a = pa, *b = pb;
    if (a->col != b->col)
        return a->col < b->col ? -1 : 1;
    if (a->type != b->type)
        return a->type - b->type;
    return a->group < b->group ? -1 : a->group > b->group;
}

static int
cmp_cons(const void *pa, const void *pb)
{
    const struct cons *a = pa, *b = pb;
    if (a->a != b->a)
        return a->a < b->a ? -1 : 1;
    return a->b < b->b ? -1 : a->b > b->b;
}

static const struct grp *grp_sort;

static int
cmp_grp_lo(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    if (grp_sort[a].lo != grp_sort[b].lo)
        return grp_sort[a].lo < grp_sort[b].lo ? -1 : 1;
    return a < b ? -1 : a > b;
}

/* Scratch space for routing one channel, grown as needed. */
struct route_buf {
    size_t cap;
    struct hop *hops;
    struct grp *grps;
    struct entry *ents;
    struct cons *cons, *soft_pairs;
    size_t *order;
    bool *merge, *dogleg;
    int *xm;
    int *used;
};

static void
route_buf_grow(struct route_buf *rb, size_t n)
{
    if (n <= rb->cap)
        return;
    size_t c = n * 2;
    rb->hops = xreallocarray(rb->hops, 2 * c, sizeof *rb->hops);
    rb->grps = xreallocarray(rb->grps, 2 * c, sizeof *rb->grps);
    rb->ents = xreallocarray(rb->ents, 4 * c, sizeof *rb->ents);
    rb->order = xreallocarray(rb->order, 2 * c, sizeof *rb->order);
    rb->merge = xreallocarray(rb->merge, c, sizeof *rb->merge);
    rb->dogleg = xreallocarray(rb->dogleg, c, sizeof *rb->dogleg);
    rb->xm = xreallocarray(rb->xm, c, sizeof *rb->xm);
    rb->used = xreallocarray(rb->used, 3 * c, sizeof *rb->used);
    rb->cap = c;
}

static void
route_buf_free(struct route_buf *rb)
{
    free(rb->hops);
    free(rb->grps);
    free(rb->ents);
    free(rb->cons);
    free(rb->soft_pairs);
    free(rb->order);
    free(rb->merge);
    free(rb->dogleg);
    free(rb->xm);
    free(rb->used);
}

static int
cmp_int(const void *pa, const void *pb)
{
    int a = *(const int *)pa, b = *(const int *)pb;
    return (a > b) - (a < b);
}

static bool
col_used(const int *used, size_t n, int x)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (used[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && used[lo] == x;
}

/* A column of the channel no line uses, near x; with free neighbours if possible. */
static int
free_column(const int *used, size_t n, int x)
{
    for (int strict = 1; strict >= 0; strict--) {
        for (int d = 1; d < 1 << 16; d++) {
            for (int sgn = 1; sgn >= -1; sgn -= 2) {
                int c = x + sgn * d;
                if (c < 0 || col_used(used, n, c))
                    continue;
                if (strict && (col_used(used, n, c - 1) || col_used(used, n, c + 1)))
                    continue;
                return c;
            }
        }
    }
    return x; /* not reached: there are always free columns */
}

/* Build hops and groups for the channel's segments; returns the number of groups. */
static size_t
route_groups(const struct lay *L, const size_t *segs, size_t n, struct route_buf *rb, size_t *nh)
{
    size_t h = 0;
    for (size_t i = 0; i < n; i++) {
        size_t s = segs[i];
        int xt = L->s_xt[s], xb = L->s_xb[s];
        if (!rb->dogleg[i]) {
            rb->hops[h++] = (struct hop){
                xt, xb, i, true, true, rb->merge[i] ? 1 : 0, rb->merge[i] ? xb : xt, 0};
        } else {
            rb->hops[h++] = (struct hop){
                xt, rb->xm[i], i, true, false, rb->merge[i] ? 1 : 0, rb->merge[i] ? rb->xm[i] : xt,
                0};
            rb->hops[h++] = (struct hop){rb->xm[i], xb, i, false, true, 2, rb->xm[i], 0};
        }
    }
    qsort(rb->hops, h, sizeof *rb->hops, cmp_hop_key);
    size_t ng = 0;
    for (size_t i = 0; i < h; i++) {
        struct hop *p = &rb->hops[i];
        if (i == 0 || p->kind != rb->hops[i - 1].kind || p->col != rb->hops[i - 1].col) {
            rb->grps[ng] = (struct grp){INT_MAX, INT_MIN, false, 0, 0, 0, p->kind, p->col, 2};
            ng++;
        }
        struct grp *g = &rb->grps[ng - 1];
        p->group = ng - 1;
        if (p->xa != p->xb) {
            int d = p->kind == 1 ? 0 : p->xb > p->xa ? 1 : -1;
            g->dir = g->dir == 2 || g->dir == d ? d : 0;
        }
        int lo = p->xa < p->xb ? p->xa : p->xb, hi = p->xa < p->xb ? p->xb : p->xa;
        if (lo < g->lo)
            g->lo = lo;
        if (hi > g->hi)
            g->hi = hi;
        if (p->xa != p->xb)
            g->needs = true;
    }
    *nh = h;
    return ng;
}

/* The vertical constraints between groups: fills rb->cons, returns their number. */
static size_t
route_constraints(struct route_buf *rb, size_t nh, long long *work)
{
    *work += (long long)nh;
    size_t ne = 0;
    for (size_t i = 0; i < nh; i++) {
        const struct hop *p = &rb->hops[i];
        if (p->xa == p->xb)
            continue;
        if (p->first)
            rb->ents[ne++] = (struct entry){p->xa, 0, p->group};
        if (p->last)
            rb->ents[ne++] = (struct entry){p->xb, 1, p->group};
    }
    qsort(rb->ents, ne, sizeof *rb->ents, cmp_entry);
    size_t nc = 0, cap = 0;
    for (size_t i = 0; i < ne;) {
        size_t j = i;
        while (j < ne && rb->ents[j].col == rb->ents[i].col)
            j++;
        for (size_t a = i; a < j && rb->ents[a].type == 0; a++) {
            for (size_t b = i; b < j; b++) {
                if (rb->ents[b].type != 1 || rb->ents[b].group == rb->ents[a].group)
                    continue;
                if (nc == cap) {
                    cap = cap ? cap * 2 : 64;
                    rb->cons = xreallocarray(rb->cons, cap, sizeof *rb->cons);
                }
                rb->cons[nc++] = (struct cons){rb->ents[a].group, rb->ents[b].group};
            }
        }
        i = j;
    }
    /* A dogleg's head turns above its tail. */
    for (size_t i = 0; i < nh; i++) {
        const struct hop *p = &rb->hops[i];
        if (p->first || p->kind != 2)
            continue;
        *work += (long long)nh;
        for (size_t k = 0; k < nh; k++) {
            const struct hop *q = &rb->hops[k];
            if (q->first && q->seg == p->seg) {
                if (nc == cap) {
                    cap = cap ? cap * 2 : 64;
                    rb->cons = xreallocarray(rb->cons, cap, sizeof *rb->cons);
                }
                rb->cons[nc++] = (struct cons){q->group, p->group};
            }
        }
    }
    if (nc > 0)
        qsort(rb->cons, nc, sizeof *rb->cons, cmp_cons);
    size_t u = 0;
    for (size_t i = 0; i < nc; i++)
        if (u == 0 || rb->cons[i].a != rb->cons[u - 1].a || rb->cons[i].b != rb->cons[u - 1].b)
            rb->cons[u++] = rb->cons[i];
    return u;
}

/*
 * Pack the groups on tracks. Returns the number of tracks, or -1 when a cycle
 * blocks: then *stuck is a group that has an unplaced predecessor.
 */
/*
 * Soft constraints: of two overlapping groups running the same way, the one
 * that starts further along should turn above the other; then their lines do
 * not cross (two lines running right: the one leaving further right turns
 * first). Only for channels of moderate size; fills rb->soft_pairs.
 */
static size_t
route_soft(struct route_buf *rb, size_t ng)
{
    size_t n = 0, cap = 0;
    if (ng > 300)
        return 0;
    for (size_t a = 0; a < ng; a++) {
        const struct grp *g = &rb->grps[a];
        if (!g->needs || (g->dir != 1 && g->dir != -1))
            continue;
        for (size_t b = 0; b < ng; b++) {
            const struct grp *h = &rb->grps[b];
            if (b == a || !h->needs || h->dir != g->dir || g->lo > h->hi + 1 || h->lo > g->hi + 1)
                continue;
            /* Rightwards: the larger start turns first; leftwards: the smaller. */
            if (g->dir == 1 ? g->col <= h->col : g->col >= h->col)
                continue;
            if (n == cap) {
                cap = cap ? cap * 2 : 64;
                rb->soft_pairs = xreallocarray(rb->soft_pairs, cap, sizeof *rb->soft_pairs);
            }
            rb->soft_pairs[n++] = (struct cons){a, b};
        }
    }
    return n;
}

/* Placing group g releases its successors in the sorted pairs cons[0..n). */
static void
release(struct grp *grps, const struct cons *cons, size_t n, size_t g, bool soft)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cons[mid].a < g)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < n && cons[i].a == g; i++) {
        if (soft)
            grps[cons[i].b].soft--;
        else
            grps[cons[i].b].indeg--;
    }
}

/*
 * Without constraints: each group (by its left end) on a track whose last
 * group ends at least two columns before it, else on a new track. A min-heap
 * of the tracks by their right end makes it O(ng log ng).
 */
static int
route_pack_free(struct route_buf *rb, size_t ng)
{
    int *hi = xmalloc((ng ? ng : 1) * sizeof *hi), *tr = xmalloc((ng ? ng : 1) * sizeof *tr);
    size_t n = 0;
    int t = 0;
    for (size_t k = 0; k < ng; k++) {
        struct grp *g = &rb->grps[rb->order[k]];
        if (!g->needs)
            continue;
        int track;
        if (n > 0 && hi[0] + 2 <= g->lo) {
            track = tr[0];
            /* Pop the root: sift the last item down. */
            n--;
            int h = hi[n], r = tr[n];
            size_t i = 0;
            for (;;) {
                size_t c = 2 * i + 1;
                if (c >= n)
                    break;
                if (c + 1 < n && hi[c + 1] < hi[c])
                    c++;
                if (hi[c] >= h)
                    break;
                hi[i] = hi[c];
                tr[i] = tr[c];
                i = c;
            }
            if (n > 0) {
                hi[i] = h;
                tr[i] = r;
            }
        } else {
            track = ++t;
        }
        g->track = track;
        size_t i = n++;
        while (i > 0 && hi[(i - 1) / 2] > g->hi) {
            hi[i] = hi[(i - 1) / 2];
            tr[i] = tr[(i - 1) / 2];
            i = (i - 1) / 2;
        }
        hi[i] = g->hi;
        tr[i] = track;
    }
    free(hi);
    free(tr);
    return t;
}

/*
 * Pack the groups on tracks, honouring the constraints unless ignore. Returns
 * the number of tracks; -1 when a cycle blocks (then *stuck is a group that
 * has an unplaced predecessor); -2 when *work passes limit (work: groups
 * visited). simple: no constraints, packed by route_pack_free.
 */
static int
route_pack(struct route_buf *rb, size_t ng, size_t nc, bool ignore, bool simple, size_t *stuck,
           long long *work, long long limit)
{
    for (size_t g = 0; g < ng; g++) {
        rb->grps[g].indeg = 0;
        rb->grps[g].soft = 0;
        rb->grps[g].track = 0;
        rb->order[g] = g;
    }
    size_t ns = 0;
    if (!ignore) {
        for (size_t i = 0; i < nc; i++)
            rb->grps[rb->cons[i].b].indeg++;
        ns = route_soft(rb, ng); /* generated in order of their first group */
        for (size_t i = 0; i < ns; i++)
            rb->grps[rb->soft_pairs[i].b].soft++;
    }
    grp_sort = rb->grps;
    qsort(rb->order, ng, sizeof *rb->order, cmp_grp_lo);
    *work += (long long)ng;
    if (simple)
        return route_pack_free(rb, ng);
    size_t left = 0;
    for (size_t g = 0; g < ng; g++)
        if (rb->grps[g].needs)
            left++;
    int t = 0;
    size_t *now = rb->order + ng; /* room for ng more: order has 2 * cap */
    while (left > 0) {
        t++;
        size_t placed = 0;
        *work += (long long)ng;
        if (*work > limit)
            return -2;
        /* First honour the soft constraints too; if that places nothing, not. */
        for (int pass = 0; pass < 2 && placed == 0; pass++) {
            int last = INT_MIN / 2;
            for (size_t k = 0; k < ng; k++) {
                struct grp *g = &rb->grps[rb->order[k]];
                if (!g->needs || g->track != 0 || g->indeg != 0 || g->lo < last + 2 ||
                    (pass == 0 && g->soft != 0))
                    continue;
                g->track = t;
                last = g->hi;
                now[placed++] = rb->order[k];
            }
        }
        if (placed == 0) {
            for (size_t g = 0; g < ng; g++)
                if (rb->grps[g].needs && rb->grps[g].track == 0) {
                    *stuck = g;
                    break;
                }
            return -1;
        }
        left -= placed;
        if (ignore)
            continue;
        for (size_t p = 0; p < placed; p++) {
            release(rb->grps, rb->cons, nc, now[p], false);
            release(rb->grps, rb->soft_pairs, ns, now[p], true);
        }
    }
    return t;
}

/* Choose segments to dogleg to break the blocking cycle; false if none found. */
static bool
route_dogleg(const struct lay *L, const size_t *segs, size_t n, struct route_buf *rb, size_t nh,
             size_t nc, long long *work)
{
    /* A group arriving at a column that an unplaced group leaves: redirect its arrivals. */
    for (size_t i = 0; i < nc; i++) {
        size_t ga = rb->cons[i].a, gb = rb->cons[i].b;
        if (rb->grps[ga].track != 0 || rb->grps[gb].track != 0 || rb->grps[gb].kind == 2)
            continue;
        *work += (long long)nh;
        /* The column where ga leaves and gb arrives. */
        int col = INT_MIN;
        for (size_t k = 0; k < nh && col == INT_MIN; k++) {
            const struct hop *p = &rb->hops[k];
            if (p->group != gb || !p->last || p->xa == p->xb)
                continue;
            for (size_t q = 0; q < nh; q++) {
                const struct hop *o = &rb->hops[q];
                if (o->group == ga && o->first && o->xa == p->xb && o->xa != o->xb) {
                    col = p->xb;
                    break;
                }
            }
        }
        if (col == INT_MIN)
            continue;
        size_t nu = 0;
        for (size_t k = 0; k < n; k++) {
            rb->used[nu++] = L->s_xt[segs[k]];
            rb->used[nu++] = L->s_xb[segs[k]];
            if (rb->dogleg[k])
                rb->used[nu++] = rb->xm[k];
        }
        qsort(rb->used, nu, sizeof *rb->used, cmp_int);
        int x = free_column(rb->used, nu, col);
        bool any = false;
        for (size_t k = 0; k < nh; k++) {
            const struct hop *p = &rb->hops[k];
            if (p->group == gb && p->last && p->xb == col && p->xa != p->xb && p->first) {
                rb->dogleg[p->seg] = true;
                rb->xm[p->seg] = x;
                any = true;
            }
        }
        if (any)
            return true;
    }
    return false;
}

/* Route channel c: tracks and doglegs of its segments; returns the number of tracks. */
static int
route_channel(struct lay *L, int c, struct route_buf *rb)
{
    const size_t *segs = L->ch_seg + L->ch_off[c];
    size_t n = L->ch_off[c + 1] - L->ch_off[c];
    if (n == 0)
        return 0;
    route_buf_grow(rb, n);
    for (size_t i = 0; i < n; i++) {
        rb->merge[i] = L->s_dn[segs[i]] == L->nv - 1;
        rb->dogleg[i] = false;
        rb->xm[i] = L->s_xb[segs[i]];
    }
    int tracks = 0;
    bool simple = L->route_work > ROUTE_WORK;
    if (simple)
        L->simple_routing = true;
    for (size_t attempt = 0;; attempt++) {
        size_t nh;
        size_t ng = route_groups(L, segs, n, rb, &nh);
        L->route_work += (long long)nh;
        size_t nc = simple ? 0 : route_constraints(rb, nh, &L->route_work);
        size_t stuck = 0;
        tracks = route_pack(rb, ng, nc, simple || attempt > n, simple, &stuck, &L->route_work,
                            ROUTE_WORK);
        if (tracks == -2) {
            simple = L->simple_routing = true;
            continue;
        }
        if (tracks >= 0) {
            for (size_t k = 0; k < nh; k++) {
                const struct hop *p = &rb->hops[k];
                size_t s = segs[p->seg];
                int t = p->xa == p->xb ? 0 : rb->grps[p->group].track;
                if (p->first) {
                    L->s_t1[s] = t;
                    L->s_xm[s] = p->xb;
                } else {
                    L->s_t2[s] = t;
                }
                if (p->first && p->last)
                    L->s_t2[s] = 0;
            }
            break;
        }
        if (L->route_work > ROUTE_WORK)
            simple = L->simple_routing = true;
        else if (!route_dogleg(L, segs, n, rb, nh, nc, &L->route_work))
            attempt = n; /* give up on constraints: the next pass ignores them */
    }
    return tracks;
}

/* Route every channel; then rows: bands of layers and channels between them. */
static void
route_all(struct lay *L)
{
    struct route_buf rb = {0};
    int nl = L->nl;
    L->ch_tracks = xcalloc((size_t)nl, sizeof *L->ch_tracks);
    L->band_y = xcalloc((size_t)nl, sizeof *L->band_y);
    L->band_h = xcalloc((size_t)nl, sizeof *L->band_h);
    L->ch_y = xcalloc((size_t)nl, sizeof *L->ch_y);
    for (int c = 0; c + 1 < nl; c++)
        L->ch_tracks[c] = route_channel(L, c, &rb);
    route_buf_free(&rb);
    for (size_t v = 0; v < L->nv; v++)
        if (L->nodes[v].h > L->band_h[L->layer[v]])
            L->band_h[L->layer[v]] = L->nodes[v].h;
    int y = 0;
    for (int l = 0; l < nl; l++) {
        if (L->band_h[l] == 0)
            L->band_h[l] = 1;
        L->band_y[l] = y;
        y += L->band_h[l];
        if (l + 1 < nl) {
            L->ch_y[l] = y;
            /* Normal: a row to leave, the tracks, two rows to arrive; sparse
             * styles: the tracks and the arrowheads' row. */
            y += L->ch_tracks[l] + (L->o.style == MAP_STYLE_NORMAL ? 3 : 1);
        }
    }
    L->height = y;
}

/* ------------------------------------------------------------- geometry */

struct pts {
    size_t n, cap;
    struct map_point *p;
};

static void
pts_add(struct pts *p, int x, int y)
{
    if (p->n > 0 && p->p[p->n - 1].x == x && p->p[p->n - 1].y == y)
        return;
    /* Drop a middle point that lies on the line from its predecessor to (x, y). */
    if (p->n >= 2) {
        struct map_point a = p->p[p->n - 2], b = p->p[p->n - 1];
        if ((a.x == b.x && b.x == x) || (a.y == b.y && b.y == y))
            p->n--;
    }
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 8;
        p->p = xreallocarray(p->p, p->cap, sizeof *p->p);
    }
    p->p[p->n++] = (struct map_point){x, y};
}

/* Node boxes in place; the polyline of every edge from its segments' routes. */
static void
build_geometry(struct lay *L)
{
    int width = 0;
    for (size_t v = 0; v < L->nv; v++) {
        struct map_node *n = &L->nodes[v];
        n->layer = L->layer[v];
        n->x = L->el_x[v];
        n->y = L->band_y[n->layer];
        if (n->loop_w > 0)
            n->loop_x = n->x + n->w - 2 - n->loop_w;
        if (n->x + n->w > width)
            width = n->x + n->w;
    }
    for (size_t e = L->nv; e < L->nel; e++)
        if (L->el_x[e] + 1 > width)
            width = L->el_x[e] + 1;
    for (size_t k = 0; k < L->nd; k++) {
        struct map_edge *e = &L->edges[L->d_edge[k]];
        const struct map_node *top = &L->nodes[L->d_top[k]], *bot = &L->nodes[L->d_bot[k]];
        int span = bot->layer - top->layer;
        struct pts p = {0};
        size_t s0 = L->d_seg[k];
        pts_add(&p, L->s_xt[s0], top->y + top->h - 1);
        for (int i = 0; i < span; i++) {
            size_t s = s0 + (size_t)i;
            /* Track t's row: cy + t (normal) or cy + t - 1 (sparse styles). */
            int cy = L->ch_y[top->layer + i] - (L->o.style == MAP_STYLE_NORMAL ? 0 : 1);
            if (L->s_t1[s] > 0) {
                pts_add(&p, L->s_xt[s], cy + L->s_t1[s]);
                pts_add(&p, L->s_xm[s], cy + L->s_t1[s]);
                if (L->s_xm[s] + 1 > width)
                    width = L->s_xm[s] + 1;
            }
            if (L->s_t2[s] > 0) {
                pts_add(&p, L->s_xm[s], cy + L->s_t2[s]);
                pts_add(&p, L->s_xb[s], cy + L->s_t2[s]);
            }
        }
        pts_add(&p, L->s_xb[s0 + (size_t)span - 1], bot->y);
        if (e->rework) {
            for (size_t i = 0; i < p.n / 2; i++) {
                struct map_point t = p.p[i];
                p.p[i] = p.p[p.n - 1 - i];
                p.p[p.n - 1 - i] = t;
            }
        }
        e->points = p.p;
        e->n_points = p.n;
    }
    L->width = width;
}

/* --------------------------------------------------------------- labels */

/* Intervals along rows (k = row, [a, b] columns) or columns (k = column, [a, b] rows). */
struct ival {
    int k, a, b;
};

static int
cmp_ival(const void *pa, const void *pb)
{
    const struct ival *x = pa, *y = pb;
    if (x->k != y->k)
        return x->k < y->k ? -1 : 1;
    if (x->a != y->a)
        return x->a < y->a ? -1 : 1;
    return (x->b > y->b) - (x->b < y->b);
}

/* Sorted intervals with, for each, the largest b so far within its k: "is (k, [a, b]) free?" */
struct ivset {
    size_t n, cap;
    struct ival *v;
    int *maxb;
};

static void
ivset_add(struct ivset *s, int k, int a, int b)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->v = xreallocarray(s->v, s->cap, sizeof *s->v);
    }
    s->v[s->n++] = (struct ival){k, a < b ? a : b, a < b ? b : a};
}

static void
ivset_seal(struct ivset *s)
{
    if (s->n > 0)
        qsort(s->v, s->n, sizeof *s->v, cmp_ival);
    s->maxb = xmalloc((s->n ? s->n : 1) * sizeof *s->maxb);
    for (size_t i = 0; i < s->n; i++) {
        int m = s->v[i].b;
        if (i > 0 && s->v[i - 1].k == s->v[i].k && s->maxb[i - 1] > m)
            m = s->maxb[i - 1];
        s->maxb[i] = m;
    }
}

/* Does some interval of k overlap [a, b]? */
static bool
ivset_hits(const struct ivset *s, int k, int a, int b)
{
    /* The last interval with (k, start <= b). */
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (s->v[mid].k < k || (s->v[mid].k == k && s->v[mid].a <= b))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return false;
    size_t i = lo - 1;
    return s->v[i].k == k && s->maxb[i] >= a;
}

static void
ivset_free(struct ivset *s)
{
    free(s->v);
    free(s->maxb);
}

/* What the labels must not touch: boxes, lines, and the labels placed so far. */
struct occupancy {
    struct ivset rows, cols;
    struct ival *labels; /* placed labels, by row: a small open hash would do; a list per row */
    size_t *lab_head, *lab_next;
    size_t n_labels;
    int height;
    bool relaxed;
};

static bool
occ_free(const struct occupancy *o, int y, int a, int b)
{
    if (a < 0 || y < 0 || y >= o->height)
        return false;
    if (ivset_hits(&o->rows, y, a, b))
        return false;
    for (int x = a; x <= b; x++)
        if (ivset_hits(&o->cols, x, y, y))
            return false;
    for (size_t i = o->lab_head[y]; i != SIZE_MAX; i = o->lab_next[i])
        if (o->labels[i].a <= b && o->labels[i].b >= a)
            return false;
    return true;
}

static void
occ_add_label(struct occupancy *o, int y, int a, int b)
{
    size_t i = o->n_labels++;
    o->labels[i] = (struct ival){y, a, b};
    o->lab_next[i] = o->lab_head[y];
    o->lab_head[y] = i;
}

/*
 * Try to put edge e's label at row y starting at column x: the cell before it
 * and two after it must be free too, so that a label sits next to its own
 * line and not between two.
 */
static bool
try_label(struct occupancy *o, struct map_edge *e, int x, int y, bool left)
{
    int a = left ? x - 2 : x - 1, b = left ? x + e->label_w : x + e->label_w + 1;
    if (!left && o->relaxed)
        b--; /* last resort: one blank after, the label still to the right of its line */
    if (!occ_free(o, y, a, b))
        return false;
    e->label_x = x;
    e->label_y = y;
    occ_add_label(o, y, x, x + e->label_w - 1);
    return true;
}

/* Spots beside the edge's own vertical lines, nearest the target first. */
static bool
place_beside(struct occupancy *o, struct map_edge *e, const struct ival *own, int max_tries,
             int *tries)
{
    int lw = e->label_w;
    for (size_t i = e->n_points - 1; i > 0 && *tries < max_tries; i--) {
        struct map_point p = e->points[i], q = e->points[i - 1];
        int oa = own[i - 1].a, ob = own[i - 1].b;
        if (oa > ob || p.x != q.x)
            continue;
        int step = p.y > q.y ? -1 : 1;
        /* Not beside the ends: border cells or corners, where a label would
         * seem to belong to the crossing line too. */
        int y0 = p.y + step, y1 = q.y - step;
        for (int y = y0; (step > 0 ? y <= y1 : y >= y1) && *tries < max_tries; y += step) {
            if (y < oa || y > ob)
                continue;
            (*tries)++;
            if (try_label(o, e, p.x + 2, y, false) ||
                (!o->relaxed && try_label(o, e, p.x - 1 - lw, y, true)))
                return true;
        }
    }
    return false;
}

/*
 * Candidate spots along the parts of the edge no other edge shares (own[k]
 * for its k-th segment), nearest the target first: beside its vertical lines
 * (right, then left), then above or below its horizontal ones.
 */
static void
place_label(struct occupancy *o, struct map_edge *e, const struct ival *own, int max_tries)
{
    int tries = 0, lw = e->label_w;
    if (place_beside(o, e, own, max_tries, &tries))
        return;
    for (size_t i = e->n_points - 1; i > 0 && tries < max_tries; i--) {
        struct map_point p = e->points[i], q = e->points[i - 1];
        int a = own[i - 1].a + 1, b = own[i - 1].b - 1;
        if (p.x == q.x || b - a + 1 < lw)
            continue;
        int mid = (a + b + 1 - lw) / 2;
        for (int d = 0; d <= (b - a) / 2 && tries < max_tries; d++) {
            for (int sgn = 1; sgn >= -1; sgn -= 2) {
                int x = mid + sgn * d;
                if (x < a || x + lw - 1 > b)
                    continue;
                tries++;
                /* Only where the far side is clear too: next to this line alone. */
                if ((occ_free(o, p.y - 2, x - 1, x + lw) && try_label(o, e, x, p.y - 1, false)) ||
                    (occ_free(o, p.y + 2, x - 1, x + lw) && try_label(o, e, x, p.y + 1, false)))
                    return;
            }
        }
    }
}

static const struct map_edge *label_edges;

static int
cmp_label_order(const void *pa, const void *pb)
{
    const struct map_edge *a = &label_edges[*(const size_t *)pa];
    const struct map_edge *b = &label_edges[*(const size_t *)pb];
    if (a->main_path != b->main_path)
        return a->main_path ? -1 : 1;
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    return *(const size_t *)pa < *(const size_t *)pb ? -1 : 1;
}

/* A segment of some edge, for finding the parts edges share. */
struct segref {
    struct ival iv; /* k: row (horizontal) or column (vertical); [a, b] along it */
    size_t slot;    /* index into the own-range array */
    bool vertical;
};

static int
cmp_segref(const void *pa, const void *pb)
{
    const struct segref *x = pa, *y = pb;
    if (x->vertical != y->vertical)
        return x->vertical ? 1 : -1;
    return cmp_ival(&x->iv, &y->iv);
}

/*
 * own[slot]: the part of each segment no other segment on its row or column
 * overlaps (empty when a > b). Shared stubs of a port, fork and merge lines
 * carry several edges, so a label there would be ambiguous.
 */
static void
own_ranges(const struct lay *L, const size_t *off, struct ival *own)
{
    size_t n = off[L->ne];
    struct segref *r = xmalloc((n + 1) * sizeof *r);
    size_t m = 0;
    for (size_t i = 0; i < L->ne; i++) {
        const struct map_edge *e = &L->edges[i];
        for (size_t k = 0; k + 1 < e->n_points; k++) {
            struct map_point p = e->points[k], q = e->points[k + 1];
            bool v = p.x == q.x;
            int a = v ? p.y : p.x, b = v ? q.y : q.x;
            r[m++] = (struct segref){{v ? p.x : p.y, a < b ? a : b, a < b ? b : a}, off[i] + k, v};
        }
    }
    qsort(r, m, sizeof *r, cmp_segref);
    for (size_t j = 0; j < m; j++) {
        const struct segref *x = &r[j];
        int a = x->iv.a, b = x->iv.b;
        int pm = INT_MIN;
        /* The largest end among the earlier segments on this line. */
        for (size_t k = j; k-- > 0;) {
            if (r[k].vertical != x->vertical || r[k].iv.k != x->iv.k)
                break;
            if (r[k].iv.b > pm)
                pm = r[k].iv.b;
            if (pm >= b)
                break;
        }
        if (pm != INT_MIN && pm >= a)
            a = pm + 1;
        if (j + 1 < m && r[j + 1].vertical == x->vertical && r[j + 1].iv.k == x->iv.k &&
            r[j + 1].iv.a <= b)
            b = r[j + 1].iv.a - 1;
        own[x->slot] = (struct ival){x->iv.k, a, b};
    }
    free(r);
}

/* Labels of the edges: the main path first, then the busiest; self-loops on their box. */
static void
place_labels(struct lay *L)
{
    struct occupancy o = {0};
    o.height = L->height;
    for (size_t v = 0; v < L->nv; v++) {
        const struct map_node *n = &L->nodes[v];
        for (int r = 0; r < n->h; r++)
            ivset_add(&o.rows, n->y + r, n->x, n->x + n->w - 1);
    }
    size_t *off = xmalloc((L->ne + 1) * sizeof *off);
    off[0] = 0;
    for (size_t i = 0; i < L->ne; i++) {
        const struct map_edge *e = &L->edges[i];
        off[i + 1] = off[i] + (e->n_points ? e->n_points - 1 : 0);
        for (size_t k = 0; k + 1 < e->n_points; k++) {
            struct map_point p = e->points[k], q = e->points[k + 1];
            if (p.y == q.y)
                ivset_add(&o.rows, p.y, p.x, q.x);
            else
                ivset_add(&o.cols, p.x, p.y, q.y);
        }
    }
    ivset_seal(&o.rows);
    ivset_seal(&o.cols);
    struct ival *own = xmalloc((off[L->ne] + 1) * sizeof *own);
    own_ranges(L, off, own);
    o.labels = xmalloc((L->ne + 1) * sizeof *o.labels);
    o.lab_next = xmalloc((L->ne + 1) * sizeof *o.lab_next);
    o.lab_head = xmalloc(((size_t)L->height + 1) * sizeof *o.lab_head);
    for (int y = 0; y <= L->height; y++)
        o.lab_head[y] = SIZE_MAX;

    size_t *idx = xmalloc((L->ne + 1) * sizeof *idx);
    size_t n = 0;
    for (size_t i = 0; i < L->ne; i++) {
        struct map_edge *e = &L->edges[i];
        if (e->self_loop) {
            const struct map_node *nd = &L->nodes[e->from];
            e->label_x = nd->loop_x + 1;
            e->label_y = nd->y;
        } else if (e->label_w > 0 && e->n_points >= 2) {
            idx[n++] = i;
        }
    }
    label_edges = L->edges;
    qsort(idx, n, sizeof *idx, cmp_label_order);
    int max_tries = L->ne <= 150 ? 160 : L->ne <= 1000 ? 48 : 24; /* big maps: keep it fast */
    for (size_t i = 0; i < n; i++)
        place_label(&o, &L->edges[idx[i]], own + off[idx[i]], max_tries);
    /* Then, for the edges still without a label, tighter spots on their right. */
    o.relaxed = true;
    for (size_t i = 0; i < n; i++) {
        struct map_edge *e = &L->edges[idx[i]];
        int tries = 0;
        if (e->label_x < 0)
            place_beside(&o, e, own + off[idx[i]], max_tries, &tries);
    }
    for (size_t i = 0; i < n; i++) {
        const struct map_edge *e = &L->edges[idx[i]];
        if (e->label_x >= 0 && e->label_x + e->label_w > L->width)
            L->width = e->label_x + e->label_w;
    }
    free(idx);
    free(own);
    free(off);
    ivset_free(&o.rows);
    ivset_free(&o.cols);
    free(o.labels);
    free(o.lab_next);
    free(o.lab_head);
}

/* ------------------------------------------------------------ crossings */

/* Merge overlapping intervals with the same k in a sorted array; returns the new count. */
static size_t
ival_union(struct ival *v, size_t n)
{
    if (n == 0)
        return 0;
    qsort(v, n, sizeof *v, cmp_ival);
    size_t u = 0;
    for (size_t i = 1; i < n; i++) {
        if (v[i].k == v[u].k && v[i].a <= v[u].b + 1) {
            if (v[i].b > v[u].b)
                v[u].b = v[i].b;
        } else {
            v[++u] = v[i];
        }
    }
    return u + 1;
}

struct vev {
    int y, x, d; /* row, column, +1 / -1 */
};

static int
cmp_vev(const void *pa, const void *pb)
{
    const struct vev *a = pa, *b = pb;
    return (a->y > b->y) - (a->y < b->y);
}

static void
bit_add_i(long *t, size_t n, size_t i, long d)
{
    for (i++; i <= n; i += i & (~i + 1))
        t[i] += d;
}

static long
bit_sum_i(const long *t, size_t i) /* positions < i */
{
    long s = 0;
    for (; i > 0; i -= i & (~i + 1))
        s += t[i];
    return s;
}

/*
 * Cells where a line passes straight across another: inside a horizontal
 * run (not at its ends) and inside a vertical one. Ends are excluded, so the
 * fork and merge points of shared ports are junctions, not crossings.
 */
static size_t
count_crossings(const struct lay *L)
{
    size_t nh = 0, nv = 0, cap = 1;
    for (size_t i = 0; i < L->ne; i++)
        cap += L->edges[i].n_points;
    struct ival *h = xmalloc(cap * sizeof *h), *v = xmalloc(cap * sizeof *v);
    for (size_t i = 0; i < L->ne; i++) {
        const struct map_edge *e = &L->edges[i];
        for (size_t k = 0; k + 1 < e->n_points; k++) {
            struct map_point p = e->points[k], q = e->points[k + 1];
            if (p.y == q.y) {
                int a = p.x < q.x ? p.x : q.x, b = p.x < q.x ? q.x : p.x;
                if (b - a >= 2)
                    h[nh++] = (struct ival){p.y, a + 1, b - 1};
            } else {
                int a = p.y < q.y ? p.y : q.y, b = p.y < q.y ? q.y : p.y;
                if (b - a >= 2)
                    v[nv++] = (struct ival){p.x, a + 1, b - 1};
            }
        }
    }
    nh = ival_union(h, nh);
    nv = ival_union(v, nv);
    struct vev *ev = xmalloc((2 * nv + 1) * sizeof *ev);
    for (size_t i = 0; i < nv; i++) {
        ev[2 * i] = (struct vev){v[i].a, v[i].k, 1};
        ev[2 * i + 1] = (struct vev){v[i].b + 1, v[i].k, -1};
    }
    qsort(ev, 2 * nv, sizeof *ev, cmp_vev);
    size_t w = (size_t)L->width + 2;
    long *tree = xcalloc(w + 1, sizeof *tree);
    size_t crossings = 0, j = 0;
    for (size_t i = 0; i < nh; i++) { /* h is sorted by row */
        while (j < 2 * nv && ev[j].y <= h[i].k) {
            bit_add_i(tree, w, (size_t)ev[j].x, ev[j].d);
            j++;
        }
        long c = bit_sum_i(tree, (size_t)h[i].b + 1) - bit_sum_i(tree, (size_t)h[i].a);
        crossings += (size_t)c;
    }
    free(tree);
    free(ev);
    free(h);
    free(v);
    return crossings;
}

/* ------------------------------------------------------------ finishing */

static int
cmp_double_desc(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a < b) - (a > b);
}

/* Level of value v among sorted (descending) values: 2 top third, 1 middle, 0 rest. */
static int
level_of(double v, const double *sorted, size_t n)
{
    if (n == 0)
        return 0;
    if (n < 3) /* too few to rank: all middle */
        return 1;
    /* Above the first value outside the top (middle) third: ties at a border go down. */
    double t2 = sorted[(n + 2) / 3], t1 = sorted[(2 * n + 2) / 3 < n ? (2 * n + 2) / 3 : n - 1];
    return v > t2 ? 2 : v > t1 ? 1 : 0;
}

static void
assign_levels(struct lay *L)
{
    size_t n = 0;
    double *vals = xmalloc((L->ne + L->nv + 1) * sizeof *vals);
    for (size_t v = 0; v < L->nv; v++)
        if (L->nodes[v].kind == MAP_NODE_ACTIVITY)
            vals[n++] =
                (double)(L->o.metric == MAP_METRIC_CASES ? L->nodes[v].cases : L->nodes[v].events);
    qsort(vals, n, sizeof *vals, cmp_double_desc);
    for (size_t v = 0; v < L->nv; v++) {
        struct map_node *nd = &L->nodes[v];
        nd->level =
            nd->kind != MAP_NODE_ACTIVITY
                ? 1
                : level_of((double)(L->o.metric == MAP_METRIC_CASES ? nd->cases : nd->events), vals,
                           n);
    }
    n = 0;
    bool time = maplayout_metric_is_time(L->o.metric);
    for (size_t i = 0; i < L->ne; i++)
        if (!time || L->edges[i].dfg_edge >= 0)
            vals[n++] = metric_value(&L->edges[i], L->o.metric);
    qsort(vals, n, sizeof *vals, cmp_double_desc);
    for (size_t i = 0; i < L->ne; i++) {
        struct map_edge *e = &L->edges[i];
        e->level = time && e->dfg_edge < 0 ? 0 : level_of(metric_value(e, L->o.metric), vals, n);
    }
    free(vals);
}

static void
make_legend(struct map_layout *m, const struct event_log *log)
{
    static const char *const what[] = {
        "times one activity directly followed the other",
        "cases in which one activity directly followed the other",
        "mean time between the two activities",
        "median time between the two activities",
        "longest time between the two activities",
    };
    const char *boxes = m->metric == MAP_METRIC_CASES ? "cases" : "events";
    struct cf_buf u = {0}, a = {0};
    switch (m->style) {
    case MAP_STYLE_NORMAL:
        cf_buf_printf(&u,
                      "Boxes: activity, %s. Arrows: %s (from ● start / into ■ end: cases). "
                      "┄ rework (back) edge, ↻ self-loop, heavy lines: top third.",
                      boxes, what[m->metric]);
        cf_buf_printf(&a,
                      "Boxes: activity, %s. Arrows: %s (from * start / into # end: cases). "
                      ". rework (back) edge, @ self-loop, = lines: top third.",
                      boxes, what[m->metric]);
        break;
    case MAP_STYLE_COMPACT:
        cf_buf_printf(&u,
                      "[ activity %s ], ⟦ main path ⟧. Arrows: %s (from ● start / into ■ end: "
                      "cases). ┄ rework (back) edge, ↻ self-loop, heavy lines: top third.",
                      boxes, what[m->metric]);
        cf_buf_printf(&a,
                      "[ activity %s ], { main path }. Arrows: %s (from * start / into # end: "
                      "cases). . rework (back) edge, @ self-loop, = lines: top third.",
                      boxes, what[m->metric]);
        break;
    case MAP_STYLE_OVERVIEW:
        cf_buf_printf(&u, "⟦main path⟧, ┄ rework (back) edge, heavy lines: top third. %s:", boxes);
        cf_buf_printf(&a, "{main path}, . rework (back) edge, = lines: top third. %s:", boxes);
        for (size_t i = 0; i < m->n_nodes; i++) {
            const struct map_node *n = &m->nodes[i];
            if (n->kind != MAP_NODE_ACTIVITY)
                continue;
            size_t num = m->metric == MAP_METRIC_CASES ? n->cases : n->events;
            char g[32];
            group_digits(num, g, sizeof g);
            const char *full = eventlog_activity_name(log, n->act);
            bool same = strcmp(full, n->name) == 0;
            cf_buf_printf(&u, " %s%s%s %s;", n->name, same ? "" : " = ", same ? "" : full, g);
            cf_buf_printf(&a, " %s%s%s %s;", n->name, same ? "" : " = ", same ? "" : full, g);
        }
        u.data[u.len - 1] = '.';
        a.data[a.len - 1] = '.';
        break;
    }
    m->legend = u.data;
    m->legend_ascii = a.data;
}

static const struct map_node *sort_nodes;

static int
cmp_node_pos(const void *pa, const void *pb)
{
    const struct map_node *a = &sort_nodes[*(const size_t *)pa];
    const struct map_node *b = &sort_nodes[*(const size_t *)pb];
    if (a->y != b->y)
        return a->y < b->y ? -1 : 1;
    return (a->x > b->x) - (a->x < b->x);
}

static int
cmp_edge_ends(const void *pa, const void *pb)
{
    const struct map_edge *a = pa, *b = pb;
    if (a->from != b->from)
        return a->from < b->from ? -1 : 1;
    return (a->to > b->to) - (a->to < b->to);
}

/* Move the nodes and edges into the result, nodes by position, edges by ends. */
static struct map_layout *
finish(struct lay *L)
{
    struct map_layout *m = xcalloc(1, sizeof *m);
    size_t nv = L->nv;
    size_t *ord = xmalloc(nv * sizeof *ord), *rank = xmalloc(nv * sizeof *rank);
    for (size_t v = 0; v < nv; v++)
        ord[v] = v;
    sort_nodes = L->nodes;
    qsort(ord, nv, sizeof *ord, cmp_node_pos);
    m->nodes = xmalloc(nv * sizeof *m->nodes);
    for (size_t i = 0; i < nv; i++) {
        m->nodes[i] = L->nodes[ord[i]];
        rank[ord[i]] = i;
    }
    m->n_nodes = nv;
    for (size_t i = 0; i < L->ne; i++) {
        L->edges[i].from = (uint32_t)rank[L->edges[i].from];
        L->edges[i].to = (uint32_t)rank[L->edges[i].to];
    }
    qsort(L->edges, L->ne, sizeof *L->edges, cmp_edge_ends);
    for (size_t i = 0; i < nv; i++)
        m->nodes[i].self_edge = -1;
    for (size_t i = 0; i < L->ne; i++)
        if (L->edges[i].self_loop)
            m->nodes[L->edges[i].from].self_edge = (long)i;
    m->edges = L->edges;
    m->n_edges = L->ne;
    L->edges = NULL;
    free(L->nodes);
    L->nodes = NULL;
    m->width = L->width;
    m->height = L->height;
    m->layers = (size_t)L->nl;
    m->metric = L->o.metric;
    free(ord);
    free(rank);
    return m;
}

static void
lay_free(struct lay *L)
{
    if (L->nodes != NULL)
        for (size_t v = 0; v < L->nv; v++)
            free(L->nodes[v].name);
    free(L->nodes);
    if (L->edges != NULL)
        for (size_t i = 0; i < L->ne; i++)
            free(L->edges[i].points);
    free(L->edges);
    if (L->short_names != NULL)
        for (size_t v = 0; v < L->nv; v++)
            free(L->short_names[v]);
    free(L->short_names);
    void *arrays[] = {L->anc,      L->layer,     L->d_edge,   L->d_top,   L->d_bot,  L->d_w,
                      L->d_seg,    L->d_dummy,   L->el_layer, L->el_x,    L->el_w,   L->el_anc,
                      L->el_order, L->el_dag,    L->el_main,  L->lay_off, L->lay_el, L->s_up,
                      L->s_dn,     L->s_dag,     L->s_xt,     L->s_xb,    L->ch_off, L->ch_seg,
                      L->up_off,   L->up_seg,    L->dn_off,   L->dn_seg,  L->s_t1,   L->s_xm,
                      L->s_t2,     L->ch_tracks, L->band_y,   L->band_h,  L->ch_y};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        free(arrays[i]);
}

/* Forget one width attempt's routing and polylines before the next. */
static void
reset_attempt(struct lay *L)
{
    for (size_t i = 0; i < L->ne; i++) {
        free(L->edges[i].points);
        L->edges[i].points = NULL;
        L->edges[i].n_points = 0;
    }
    free(L->ch_tracks);
    free(L->band_y);
    free(L->band_h);
    free(L->ch_y);
    L->ch_tracks = L->band_y = L->band_h = L->ch_y = NULL;
}

struct map_layout *
maplayout_new(const struct event_log *log, const struct map_graph *g,
              const struct map_layout_opts *o)
{
    struct lay L = {0};
    L.log = log;
    L.g = g;
    if (o != NULL)
        L.o = *o;
    else
        maplayout_opts_init(&L.o);
    int name_width = L.o.name_width > 0 ? L.o.name_width : DEFAULT_NAME_WIDTH;
    if (name_width < 6)
        name_width = 6;

    intake(&L);
    L.anc = xcalloc(L.nv, sizeof *L.anc);
    L.layer = xcalloc(L.nv, sizeof *L.layer);
    size_t *pos = xmalloc(L.nv * sizeof *pos);
    struct adj a;
    adj_build(&L, &a);
    break_cycles(&L, &a, pos);
    adj_free(&a);
    dag_build(&L);
    assign_layers(&L, pos);
    find_main_path(&L, pos);
    hide_edges(&L, pos);
    free(pos);
    build_elements(&L);
    order_layers(&L);
    if (L.o.style == MAP_STYLE_OVERVIEW)
        make_short_names(&L);

    for (;;) {
        size_nodes(&L, name_width);
        assign_x(&L);
        assign_ports(&L);
        route_all(&L);
        build_geometry(&L);
        place_labels(&L);
        if (L.o.max_width <= 0 || L.width <= L.o.max_width || name_width <= MIN_NAME_WIDTH)
            break;
        name_width = name_width - 2 < MIN_NAME_WIDTH ? MIN_NAME_WIDTH : name_width - 2;
        reset_attempt(&L);
    }
    assign_levels(&L);
    size_t crossings = count_crossings(&L);
    struct map_layout *m = finish(&L);
    m->crossings = crossings;
    m->hidden_edges = L.hidden;
    m->simplified = L.hidden > 0 || L.fewer_sweeps || L.simple_routing;
    if (m->simplified) {
        struct cf_buf b = {0};
        cf_buf_printf(&b, "map simplified:");
        const char *sep = " ";
        if (L.hidden > 0) {
            cf_buf_printf(&b, "%sthe %zu lightest paths not drawn", sep, L.hidden);
            sep = ", ";
        }
        if (L.fewer_sweeps) {
            cf_buf_printf(&b, "%sfewer ordering sweeps", sep);
            sep = ", ";
        }
        if (L.simple_routing)
            cf_buf_printf(&b, "%slines may overlap", sep);
        snprintf(m->note, sizeof m->note, "%s", b.data);
        cf_buf_clear(&b);
    }
    m->style = L.o.style;
    make_legend(m, log);
    lay_free(&L);
    return m;
}

void
maplayout_free(struct map_layout *l)
{
    if (l == NULL)
        return;
    for (size_t i = 0; i < l->n_nodes; i++)
        free(l->nodes[i].name);
    for (size_t i = 0; i < l->n_edges; i++)
        free(l->edges[i].points);
    free(l->legend);
    free(l->legend_ascii);
    free(l->nodes);
    free(l->edges);
    free(l);
}

long
maplayout_find_node(const struct map_layout *l, uint32_t act)
{
    for (size_t i = 0; i < l->n_nodes; i++)
        if (l->nodes[i].kind == MAP_NODE_ACTIVITY && l->nodes[i].act == act)
            return (long)i;
    return -1;
}

/* Is (x, y) on the polyline, its arrowhead or its label? */
static bool
edge_covers(const struct map_edge *e, int x, int y)
{
    if (e->label_x >= 0 && y == e->label_y && x >= e->label_x && x < e->label_x + e->label_w)
        return true;
    for (size_t k = 0; k + 1 < e->n_points; k++) {
        struct map_point p = e->points[k], q = e->points[k + 1];
        int xa = p.x < q.x ? p.x : q.x, xb = p.x < q.x ? q.x : p.x;
        int ya = p.y < q.y ? p.y : q.y, yb = p.y < q.y ? q.y : p.y;
        if (x >= xa && x <= xb && y >= ya && y <= yb)
            return true;
    }
    return false;
}

uint32_t
maplayout_hit(const struct map_layout *l, int x, int y)
{
    for (size_t i = 0; i < l->n_nodes; i++) {
        const struct map_node *n = &l->nodes[i];
        if (x >= n->x && x < n->x + n->w && y >= n->y && y < n->y + n->h)
            return (uint32_t)i;
    }
    uint32_t best = MAP_ELEM_NONE;
    size_t best_count = 0;
    for (size_t i = 0; i < l->n_edges; i++) {
        const struct map_edge *e = &l->edges[i];
        if (edge_covers(e, x, y) && (best == MAP_ELEM_NONE || e->count > best_count)) {
            best = (uint32_t)(l->n_nodes + i);
            best_count = e->count;
        }
    }
    return best;
}

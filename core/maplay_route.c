/* Map layout: ports on the boxes, orthogonal routing of the channels between layers, polylines. */
/* SPDX-License-Identifier: MIT */
#include "maplayout_int.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static _Thread_local const int *port_want;
static _Thread_local const int *port_tie;

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
void
maplay_assign_ports(struct lay *L)
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

static _Thread_local const struct grp *grp_sort;

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
void
maplay_route_all(struct lay *L)
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
void
maplay_build_geometry(struct lay *L)
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
        if (L->s_side_t[s0] >= 0)
            pts_add(&p, L->s_side_t[s0], top->y);
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
        size_t sl = s0 + (size_t)span - 1;
        pts_add(&p, L->s_xb[sl], bot->y);
        if (L->s_side_b[sl] >= 0)
            pts_add(&p, L->s_side_b[sl], bot->y);
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

static int
cmp_int_asc(const void *pa, const void *pb)
{
    int a = *(const int *)pa, b = *(const int *)pb;
    return (a > b) - (a < b);
}

/* Is x among the sorted v[0..n)? */
static bool
sorted_has(const int *v, size_t n, int x)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (v[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && v[lo] == x;
}

/* No node of layer l but self covers a column of [a, b]. */
static bool
row_clear(const struct lay *L, int l, size_t self, int a, int b)
{
    for (size_t i = L->lay_off[l]; i < L->lay_off[l + 1]; i++) {
        size_t v = L->lay_el[i];
        if (is_dummy(L, v) || v == self)
            continue;
        int x0 = L->el_x[v], x1 = x0 + L->el_w[v] - 1;
        if (x0 <= b && a <= x1)
            return false;
    }
    return true;
}

void
maplay_side_ports(struct lay *L)
{
    size_t sn = L->nseg ? L->nseg : 1;
    free(L->s_side_t);
    free(L->s_side_b);
    L->s_side_t = xmalloc(sn * sizeof *L->s_side_t);
    L->s_side_b = xmalloc(sn * sizeof *L->s_side_b);
    for (size_t s = 0; s < L->nseg; s++)
        L->s_side_t[s] = L->s_side_b[s] = -1;
    if (L->o.style == MAP_STYLE_NORMAL)
        return;
    int *xt = NULL, *xb = NULL;
    size_t cap = 0;
    /* One line per box end (bit 1 left, 2 right): two would share the row. */
    unsigned char *used = xcalloc(L->nv, 1);
    for (int c = 0; c + 1 < L->nl; c++) {
        size_t n = L->ch_off[c + 1] - L->ch_off[c];
        const size_t *segs = L->ch_seg + L->ch_off[c];
        /* Big channels keep plain routing: the row checks cost a layer each. */
        if (n == 0 || n > 4000)
            continue;
        if (n > cap) {
            cap = n;
            xt = xreallocarray(xt, cap, sizeof *xt);
            xb = xreallocarray(xb, cap, sizeof *xb);
        }
        for (size_t i = 0; i < n; i++) {
            xt[i] = L->s_xt[segs[i]];
            xb[i] = L->s_xb[segs[i]];
        }
        qsort(xt, n, sizeof *xt, cmp_int_asc);
        qsort(xb, n, sizeof *xb, cmp_int_asc);
        for (size_t i = 0; i < n; i++) {
            size_t s = segs[i];
            size_t up = L->s_up[s], dn = L->s_dn[s];
            int t = L->s_xt[s], b = L->s_xb[s];
            if (t == b)
                continue;
            if (!is_dummy(L, up) && L->nodes[up].h == 1) {
                int x0 = L->el_x[up], x1 = x0 + L->el_w[up] - 1;
                bool right = b > x1, left = b < x0;
                if ((right || left) && !(used[up] & (right ? 2 : 1)) && !sorted_has(xt, n, b) &&
                    row_clear(L, L->el_layer[up], up, right ? x1 + 1 : b, right ? b : x0 - 1)) {
                    L->s_side_t[s] = right ? x1 : x0;
                    used[up] |= right ? 2 : 1;
                    L->s_xt[s] = b;
                    continue;
                }
            }
            if (!is_dummy(L, dn) && L->nodes[dn].h == 1) {
                int x0 = L->el_x[dn], x1 = x0 + L->el_w[dn] - 1;
                bool right = t > x1 + 1, left = t < x0 - 1;
                if ((right || left) && !(used[dn] & (right ? 2 : 1)) && !sorted_has(xb, n, t) &&
                    row_clear(L, L->el_layer[dn], dn, right ? x1 + 1 : t, right ? t : x0 - 1)) {
                    L->s_side_b[s] = right ? x1 : x0;
                    used[dn] |= right ? 2 : 1;
                    L->s_xb[s] = t;
                }
            }
        }
    }
    free(xt);
    free(xb);
    free(used);
}

/* Does anything drawn (box, line, label) cover a cell of row y in columns [a, b] but edge skip? */
static bool
row_busy(const struct lay *L, int y, int a, int b, size_t skip)
{
    for (size_t v = 0; v < L->nv; v++) {
        const struct map_node *n = &L->nodes[v];
        if (y >= n->y && y < n->y + n->h && n->x <= b && a <= n->x + n->w - 1)
            return true;
    }
    for (size_t i = 0; i < L->ne; i++) {
        const struct map_edge *e = &L->edges[i];
        if (i == skip)
            continue;
        if (e->label_x >= 0 && !e->self_loop && e->label_y == y && e->label_x <= b &&
            a <= e->label_x + e->label_w - 1)
            return true;
        for (size_t k = 0; k + 1 < e->n_points; k++) {
            struct map_point p = e->points[k], q = e->points[k + 1];
            int xa = p.x < q.x ? p.x : q.x, xb = p.x < q.x ? q.x : p.x;
            int ya = p.y < q.y ? p.y : q.y, yb = p.y < q.y ? q.y : p.y;
            if (y >= ya && y <= yb && xa <= b && a <= xb)
                return true;
        }
    }
    return false;
}

/*
 * Sparse styles: when one arrow leaves the start marker, draw the marker on
 * its target's row, "● start─2823─►[ A ]", and drop the two rows above.
 */
void
maplay_inline_start(struct lay *L)
{
    if (L->o.style == MAP_STYLE_NORMAL || L->nl < 3)
        return;
    long only = -1;
    for (size_t i = 0; i < L->ne; i++) {
        if (L->edges[i].from != 0 && L->edges[i].to != 0)
            continue;
        if (only >= 0 || L->edges[i].from != 0 || L->edges[i].rework)
            return;
        only = (long)i;
    }
    if (only < 0)
        return;
    struct map_edge *e = &L->edges[only];
    struct map_node *st = &L->nodes[0], *t = &L->nodes[e->to];
    if (t->layer != 1 || L->lay_off[1] - L->lay_off[0] != 1)
        return;
    int lw = e->label_w, y = t->y;
    /* "● start" (7), a line cell, the label, a line cell, the arrowhead. */
    int mx = t->x - (7 + 1 + (lw > 0 ? lw + 1 : 0) + 2);
    if (row_busy(L, y, mx, t->x - 1, (size_t)only))
        return;
    int dx = mx < 0 ? -mx : 0, dy = y;
    for (size_t v = 0; v < L->nv; v++) {
        L->nodes[v].x += dx;
        L->nodes[v].y -= dy;
        if (L->nodes[v].loop_w > 0)
            L->nodes[v].loop_x += dx;
    }
    for (size_t i = 0; i < L->ne; i++) {
        struct map_edge *f = &L->edges[i];
        for (size_t k = 0; k < f->n_points; k++) {
            f->points[k].x += dx;
            f->points[k].y -= dy;
        }
        if (f->label_x >= 0) {
            f->label_x += dx;
            f->label_y -= dy;
        }
    }
    st->x = mx + dx;
    st->y = t->y;
    e->n_points = 2;
    e->points[0] = (struct map_point){st->x + st->w - 1, st->y};
    e->points[1] = (struct map_point){t->x, t->y};
    if (lw > 0) {
        e->label_x = st->x + 8;
        e->label_y = st->y;
    } else {
        e->label_x = -1;
    }
    L->width += dx;
    L->height -= dy;
}

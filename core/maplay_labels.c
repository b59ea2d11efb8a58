/* Map layout: edge labels placed beside their lines, and the count of line crossings. */
/* SPDX-License-Identifier: MIT */
#include "maplayout_int.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static _Thread_local const struct map_edge *label_edges;

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
void
maplay_place_labels(struct lay *L)
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
size_t
maplay_count_crossings(const struct lay *L)
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

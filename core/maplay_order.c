/* Map layout: the order of the elements within each layer (barycenter sweeps, fewest crossings). */
/* SPDX-License-Identifier: MIT */
#include "maplayout_int.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
void
maplay_order_layers(struct lay *L)
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

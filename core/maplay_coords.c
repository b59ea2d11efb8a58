/* Map layout: box sizes and texts, then x coordinates of every element (priority placement). */
/* SPDX-License-Identifier: MIT */
#include "maplayout_int.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    if (v != v) { /* not known (an aggregate's reconnected edge) */
        snprintf(buf, size, "?");
        return;
    }
    cf_format_duration((int64_t)llround(v), buf, size);
}

/* The metric as a number for ranking (levels). */
double
maplay_metric_value(const struct map_edge *e, enum map_metric m)
{
    switch (m) {
    case MAP_METRIC_FREQ: return (double)e->count;
    case MAP_METRIC_CASES: return (double)e->cases;
    case MAP_METRIC_MEAN: return e->mean_ms == e->mean_ms ? e->mean_ms : 0;
    case MAP_METRIC_MEDIAN: return e->median_ms == e->median_ms ? e->median_ms : 0;
    case MAP_METRIC_MAX: return (double)e->max_ms;
    }
    return 0;
}

/* Sizes of the boxes and markers for a name width; texts of nodes and edges. */
/* n with thousands separators ("2,823") into buf. */
void
maplay_group_digits(size_t n, char *buf, size_t size)
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
        maplay_group_digits(num, g, sizeof g);
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
void
maplay_make_short_names(struct lay *L)
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

void
maplay_size_nodes(struct lay *L, int name_width)
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

static _Thread_local const double *prio_key;

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
void
maplay_assign_x(struct lay *L)
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

/* The process map's layered layout: the public entry point, text helpers, graph intake and the
 * finished result. */
/* SPDX-License-Identifier: MIT */
#include "maplayout_int.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

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

/* --------------------------------------------------------- graph intake */

static _Thread_local const struct event_log *cmp_log;
static _Thread_local const struct dfg *cmp_dfg;

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
            vals[n++] = maplay_metric_value(&L->edges[i], L->o.metric);
    qsort(vals, n, sizeof *vals, cmp_double_desc);
    for (size_t i = 0; i < L->ne; i++) {
        struct map_edge *e = &L->edges[i];
        e->level =
            time && e->dfg_edge < 0 ? 0 : level_of(maplay_metric_value(e, L->o.metric), vals, n);
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
            maplay_group_digits(num, g, sizeof g);
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

    /* The short legend: what a fitted map has room for. */
    static const char *const brief[] = {"times followed", "cases", "mean time", "median time",
                                        "longest time"};
    struct cf_buf su = {0}, sa = {0};
    if (m->style == MAP_STYLE_OVERVIEW) {
        /* The names and numbers are the point: the same as the long one. */
        cf_buf_puts(&su, m->legend);
        cf_buf_puts(&sa, m->legend_ascii);
    } else {
        if (m->style == MAP_STYLE_COMPACT) {
            cf_buf_printf(&su, "[ activity %s ] ⟦ main path ⟧ arrows: %s ┄ rework ↻ self-loop",
                          boxes, brief[m->metric]);
            cf_buf_printf(&sa, "[ activity %s ] { main path } arrows: %s . rework @ self-loop",
                          boxes, brief[m->metric]);
        } else {
            cf_buf_printf(&su, "Boxes: %s. Arrows: %s. ┄ rework, ↻ self-loop, heavy: top third.",
                          boxes, brief[m->metric]);
            cf_buf_printf(&sa, "Boxes: %s. Arrows: %s. . rework, @ self-loop, =: top third.", boxes,
                          brief[m->metric]);
        }
    }
    m->legend_short = su.data;
    m->legend_short_ascii = sa.data;
}

static _Thread_local const struct map_node *sort_nodes;

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
    void *arrays[] = {L->anc,      L->layer,    L->d_edge,   L->d_top,     L->d_bot,  L->d_w,
                      L->d_seg,    L->d_dummy,  L->el_layer, L->el_x,      L->el_w,   L->el_anc,
                      L->el_order, L->el_dag,   L->el_main,  L->lay_off,   L->lay_el, L->s_up,
                      L->s_dn,     L->s_dag,    L->s_xt,     L->s_xb,      L->ch_off, L->ch_seg,
                      L->up_off,   L->up_seg,   L->dn_off,   L->dn_seg,    L->s_t1,   L->s_xm,
                      L->s_t2,     L->s_side_t, L->s_side_b, L->ch_tracks, L->band_y, L->band_h,
                      L->ch_y};
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
    maplay_adj_build(&L, &a);
    maplay_break_cycles(&L, &a, pos);
    maplay_adj_free(&a);
    maplay_dag_build(&L);
    maplay_assign_layers(&L, pos);
    maplay_find_main_path(&L, pos);
    maplay_hide_edges(&L, pos);
    free(pos);
    maplay_build_elements(&L);
    maplay_order_layers(&L);
    if (L.o.style == MAP_STYLE_OVERVIEW)
        maplay_make_short_names(&L);

    for (;;) {
        maplay_size_nodes(&L, name_width);
        maplay_assign_x(&L);
        maplay_assign_ports(&L);
        maplay_side_ports(&L);
        maplay_route_all(&L);
        maplay_build_geometry(&L);
        maplay_place_labels(&L);
        maplay_inline_start(&L);
        if (L.o.max_width <= 0 || L.width <= L.o.max_width || name_width <= MIN_NAME_WIDTH)
            break;
        name_width = name_width - 2 < MIN_NAME_WIDTH ? MIN_NAME_WIDTH : name_width - 2;
        reset_attempt(&L);
    }
    assign_levels(&L);
    size_t crossings = maplay_count_crossings(&L);
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
    free(l->legend_short);
    free(l->legend_short_ascii);
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

/* The Map view: the process map drawn in cells (pan, sliders, overlays), or the transitions as a
 * list. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app.h"
#include "maptable.h"
#include "dfg.h"
#include "filter.h"
#include "mapfit.h"
#include "mappane.h"
#include "mapgrid.h"
#include "maplayout.h"
#include "mapsimplify.h"
#include "segments.h"
#include "theme.h"
#include "cancel.h"
#include "worker.h"

enum row_kind { ROW_START, ROW_ACT, ROW_EDGE, ROW_END };

/* How the drawn map is laid out (z cycles): fitted to the window, or one style as it comes. */
enum map_mode { MODE_FIT, MODE_NORMAL, MODE_COMPACT, MODE_OVERVIEW, MODE__COUNT };
static const char *const mode_words[MODE__COUNT] = {"fit", "normal", "compact", "overview"};

struct map_row {
    enum row_kind kind;
    uint32_t act; /* the activity (ROW_ACT, ROW_END: the one ending; ROW_START: none) */
    uint32_t to;  /* ROW_EDGE: the successor; ROW_START with to != CF_NONE: a start activity */
    long edge;    /* index into g.edges for ROW_EDGE */
};

/* What the drawn map depends on besides the selection. */
struct mparams {
    enum map_mode mode;
    double act_pct, path_pct;
    enum map_metric metric;
    int area_w, area_h;
    bool overlay;       /* with the A/B marks (the comparison is the job's) */
    unsigned long defs; /* the outcome's definitions the marks were made under */
};

/*
 * The projections of one selection (mapsimplify_memo), kept while the
 * selection stays so that slider moves and new sizes scan only for numbers of
 * activities not seen yet. Its references are taken and given back on the
 * main thread; the memo itself is made and used by map jobs only, which run
 * one at a time on the worker.
 */
struct memo_box {
    int refs;
    struct selection *sel;
    struct mapsimplify_memo *m; /* made by the first job */
};

static void
memo_box_release(struct memo_box *b)
{
    if (b == NULL || --b->refs > 0)
        return;
    mapsimplify_memo_free(b->m);
    selection_free(b->sel);
    free(b);
}

/* A drawn map: the graph, its layout and the fit's findings. Made on the worker (or here
 * without one), shared with the cache, never changed. */
struct mres {
    struct rescache_item it;
    struct app_cmpres *cmp; /* the overlay's comparison (a reference), or NULL */
    struct map_graph mg;    /* at the sliders asked for */
    struct map_graph fit_g; /* the graph the fit drew (fit mode) */
    struct map_layout *lay;
    int chrome;
    bool fit_lowered;
    size_t fit_asked_kept, fit_asked_paths;
};

struct mv {
    const struct event_log *log;
    bool show_list; /* the list of transitions instead of the drawing */

    /* The list form: the full directly-follows graph (lres's, borrowed). */
    struct lres *lres;
    bool list_computing; /* the list of generation seen is on its way */
    struct dfg g;
    const struct map_row *rows;
    size_t n_rows;
    size_t n_acts, cases;
    unsigned long seen;
    struct listw list;

    /* The drawn map: mg, lay, fit_g and the fit fields are res's, borrowed. */
    struct mres *res;
    struct memo_box *memo; /* the projections of the selection last asked for */
    bool computing;        /* a map for map_seen / want is on its way */
    uint64_t want;         /* the parameters of the map wanted (mparams_key) */
    struct map_graph mg;
    struct map_layout *lay;
    struct map_grid grid;
    double act_pct, path_pct; /* slider settings (negative: the defaults) */
    enum map_metric metric;
    uint32_t sel;       /* selected element (maplayout.h ids), MAP_ELEM_NONE for none */
    int x0, y0;         /* the drawing's cell at the top left of the view */
    int view_h, view_w; /* the drawing area of the last draw */
    unsigned long map_seen;
    bool map_dirty; /* sliders or metric moved: lay out again */
    enum map_mode mode;
    int area_h, area_w;    /* the map's part of the window (the detail pane takes the rest) */
    int chrome;            /* rows above and below the drawing: 3, or 0 when the fit needs them */
    int try_chrome;        /* the chrome mapfit is told about */
    bool fit_lowered;      /* the fit left activities or paths out */
    size_t fit_asked_kept; /* activities and paths at the sliders asked for */
    size_t fit_asked_paths;
    struct map_graph fit_g; /* the graph the fit drew (fit mode) */
    bool centred;           /* the view was put on the main path since the last layout */

    /* The detail pane (i). */
    bool pane;
    int pane_x, pane_y, pane_w, pane_h; /* where it is in the window (beside or below) */
    unsigned long pane_seen;
    struct map_pane mp;
    uint32_t subj_from, subj_to; /* what the pane last told (pane_subject) */
    bool has_subj;
    char own_msg[512]; /* the status message the map wrote itself (chrome 0), to update it */
    unsigned long subj_gen;

    /* The A/B overlay (o): the comparison's items by activity ids (those of res->cmp, the
     * map shown), each element's leaning. */
    bool overlay;
    struct app_cmpres *ov_cmp; /* the comparison of now that the overlay is made from */
    struct segments_marks marks;
    int8_t *elem_lean; /* per layout element: +1 A, -1 B, 0 */
};

static const struct list_col mv_cols[] = {
    {"Activity / next activity", 20, LIST_LEFT, true, false},
    {"Count", 8, LIST_RIGHT, false, false},
    {"Share", 6, LIST_RIGHT, false, false},
    {"Cases", 7, LIST_RIGHT, false, false},
    {"Median", 8, LIST_RIGHT, false, false},
};

static void
mv_cell(void *ud, size_t row, size_t col, char *buf, size_t size)
{
    const struct mv *s = ud;
    const struct map_row *r = &s->rows[row];
    const struct event_log *log = s->log;
    const char *arrow = ui_glyph(GLYPH_ARROW);
    buf[0] = '\0';
    if (r->kind == ROW_START && r->to == CF_NONE) {
        if (col == 0)
            snprintf(buf, size, "(start)");
        else if (col == 1 || col == 3)
            ui_fmt_count(s->cases, buf, size);
        return;
    }
    if (r->kind == ROW_START) {
        size_t n = s->g.nodes[r->to].starts;
        if (col == 0)
            snprintf(buf, size, "  %s %s", arrow, eventlog_activity_name(log, r->to));
        else if (col == 1 || col == 3)
            ui_fmt_count(n, buf, size);
        else if (col == 2)
            snprintf(buf, size, "%.1f%%", s->cases ? 100.0 * (double)n / (double)s->cases : 0.0);
        return;
    }
    const struct dfg_node *nd = &s->g.nodes[r->act];
    if (r->kind == ROW_ACT) {
        if (col == 0)
            snprintf(buf, size, "%s", eventlog_activity_name(log, r->act));
        else if (col == 1)
            ui_fmt_count(nd->events, buf, size);
        else if (col == 3)
            ui_fmt_count(nd->cases, buf, size);
        return;
    }
    if (r->kind == ROW_END) {
        if (col == 0)
            snprintf(buf, size, "  %s (end)", arrow);
        else if (col == 1 || col == 3)
            ui_fmt_count(nd->ends, buf, size);
        else if (col == 2)
            snprintf(buf, size, "%.1f%%",
                     nd->events ? 100.0 * (double)nd->ends / (double)nd->events : 0.0);
        return;
    }
    const struct dfg_edge *e = &s->g.edges[r->edge];
    switch (col) {
    case 0: snprintf(buf, size, "  %s %s", arrow, eventlog_activity_name(log, e->to)); break;
    case 1: ui_fmt_count(e->count, buf, size); break;
    case 2:
        snprintf(buf, size, "%.1f%%",
                 nd->events ? 100.0 * (double)e->count / (double)nd->events : 0.0);
        break;
    case 3: ui_fmt_count(e->cases, buf, size); break;
    default: app_fmt_ms(e->median_ms, buf, size);
    }
}

/* Activities and (start) head their groups: the rows of where cases go next. */
static bool
mv_head(void *ud, size_t row)
{
    const struct mv *s = ud;
    const struct map_row *r = &s->rows[row];
    return r->kind == ROW_ACT || (r->kind == ROW_START && r->to == CF_NONE);
}

static int
mv_role(void *ud, size_t row)
{
    return mv_head(ud, row) ? ROLE_MAP_BOX : -1;
}

/* The transitions' list of a selection: made on the worker, shared with the cache. */
struct lres {
    struct rescache_item it;
    struct dfg g;
    struct map_row *rows;
    size_t n_rows, n_acts, cases;
};

/* qsort's context, per thread: the list is built on the worker. */
static _Thread_local const struct lres *sort_lr;
static _Thread_local const struct event_log *sort_lr_log;

static int
cmp_act(const void *pa, const void *pb)
{
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    const struct dfg_node *na = &sort_lr->g.nodes[a], *nb = &sort_lr->g.nodes[b];
    if (na->events != nb->events)
        return na->events < nb->events ? 1 : -1;
    return strcmp(eventlog_activity_name(sort_lr_log, a), eventlog_activity_name(sort_lr_log, b));
}

/* Start rows: most frequent start first. */
static int
cmp_start(const void *pa, const void *pb)
{
    const struct map_row *a = pa, *b = pb;
    size_t sa = sort_lr->g.nodes[a->to].starts, sb = sort_lr->g.nodes[b->to].starts;
    if (sa != sb)
        return sa < sb ? 1 : -1;
    return a->to < b->to ? -1 : a->to > b->to;
}

static void
add_row(struct lres *s, enum row_kind k, uint32_t act, uint32_t to, long edge)
{
    s->rows[s->n_rows].kind = k;
    s->rows[s->n_rows].act = act;
    s->rows[s->n_rows].to = to;
    s->rows[s->n_rows].edge = edge;
    s->n_rows++;
}

static void
lres_free(struct rescache_item *it)
{
    struct lres *r = (struct lres *)it;
    dfg_clear(&r->g);
    free(r->rows);
    free(r);
}

/* The full DFG of sel as list rows (any thread). */
static struct lres *
lres_build(const struct event_log *log, const struct selection *sel)
{
    struct lres *s = xcalloc(1, sizeof *s);
    s->it.refs = 1;
    s->it.free_fn = lres_free;
    dfg_build(log, sel, NULL, &s->g);
    size_t na = s->g.n_act;
    uint32_t *acts = xcalloc(na + 1, sizeof *acts);
    size_t n = 0;
    for (uint32_t i = 0; i < na; i++) {
        if (s->g.nodes[i].events > 0)
            acts[n++] = i;
        s->cases += s->g.nodes[i].starts;
    }
    sort_lr = s;
    sort_lr_log = log;
    qsort(acts, n, sizeof *acts, cmp_act);
    s->n_acts = n;
    /* Rows: (start) and its activities, then each activity, its successors and (end). */
    s->rows = xcalloc(1 + 3 * n + s->g.n_edges, sizeof *s->rows);
    add_row(s, ROW_START, CF_NONE, CF_NONE, -1);
    size_t first_start = s->n_rows;
    for (size_t i = 0; i < n; i++)
        if (s->g.nodes[acts[i]].starts > 0)
            add_row(s, ROW_START, CF_NONE, acts[i], -1);
    qsort(s->rows + first_start, s->n_rows - first_start, sizeof *s->rows, cmp_start);
    sort_lr = NULL;
    /* Edges are sorted by count: bucket them by source in one pass. */
    size_t *first = xcalloc(na + 1, sizeof *first);
    for (size_t e = 0; e < s->g.n_edges; e++)
        first[s->g.edges[e].from + 1]++;
    for (size_t i = 0; i < na; i++)
        first[i + 1] += first[i];
    long *by_src = xcalloc(s->g.n_edges + 1, sizeof *by_src);
    size_t *fill = xcalloc(na + 1, sizeof *fill);
    for (size_t e = 0; e < s->g.n_edges; e++) {
        uint32_t f = s->g.edges[e].from;
        by_src[first[f] + fill[f]++] = (long)e;
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t act = acts[i];
        add_row(s, ROW_ACT, act, CF_NONE, -1);
        for (size_t k = first[act]; k < first[act + 1]; k++)
            add_row(s, ROW_EDGE, act, s->g.edges[by_src[k]].to, by_src[k]);
        if (s->g.nodes[act].ends > 0)
            add_row(s, ROW_END, act, CF_NONE, -1);
    }
    free(fill);
    free(by_src);
    free(first);
    free(acts);
    return s;
}

/* Show r in the list (a reference is taken). */
static void
list_install(struct mv *s, struct lres *r)
{
    rescache_ref(&r->it);
    rescache_release(s->lres != NULL ? &s->lres->it : NULL);
    s->lres = r;
    s->g = r->g;
    s->rows = r->rows;
    s->n_rows = r->n_rows;
    s->n_acts = r->n_acts;
    s->cases = r->cases;
    s->list_computing = false;
    listw_set_rows(&s->list, s->n_rows);
}

struct ljob {
    struct worker_job base;
    const struct event_log *log;
    struct selection *sel;
    unsigned long gen;
    struct mv *view;
    struct lres *res;
};

static void
ljob_run(struct worker_job *j)
{
    struct ljob *q = (struct ljob *)j;
    q->res = lres_build(q->log, q->sel);
}

static void
ljob_done(struct worker_job *j, void *ud)
{
    struct ljob *q = (struct ljob *)j;
    struct app *a = ud;
    rescache_put(&a->cache, APP_RES_MAPLIST, q->sel, 0, &q->res->it);
    if (q->view->seen == q->gen)
        list_install(q->view, q->res);
}

static void
ljob_free(struct worker_job *j)
{
    struct ljob *q = (struct ljob *)j;
    selection_free(q->sel);
    rescache_release(q->res != NULL ? &q->res->it : NULL);
    free(q);
}

/* The list's slot: not the drawing's, so that each keeps its own job. */
#define LIST_SLOT APP_SLOT_MAPLIST

/* Bring the list up to date: from the cache, else made here (wait) or on the worker. */
static void
list_update(struct mv *s, struct app *a, bool wait)
{
    if (!app_stale(a, &s->seen) && !(wait && s->list_computing))
        return;
    struct rescache_item *it = rescache_get(&a->cache, APP_RES_MAPLIST, a->sel, 0);
    if (it != NULL || wait || !a->worker_on) {
        worker_cancel(LIST_SLOT);
        struct lres *r = it != NULL ? (struct lres *)it : lres_build(a->log, a->sel);
        if (it == NULL)
            rescache_put(&a->cache, APP_RES_MAPLIST, a->sel, 0, &r->it);
        list_install(s, r);
        rescache_release(&r->it);
        return;
    }
    struct ljob *q = xcalloc(1, sizeof *q);
    q->base.slot = LIST_SLOT;
    q->base.run = ljob_run;
    q->base.done = ljob_done;
    q->base.free = ljob_free;
    q->log = a->log;
    q->sel = selection_copy(a->sel);
    q->gen = s->seen;
    q->view = s;
    s->list_computing = true;
    worker_submit(&q->base);
}

static void
list_draw(struct mv *s, struct app *a, WINDOW *w, int rows, int cols)
{
    list_update(s, a, false);
    char line[512], n1[32], n2[32];
    ui_fmt_count(s->n_acts, n1, sizeof n1);
    ui_fmt_count(s->g.n_edges, n2, sizeof n2);
    snprintf(line, sizeof line,
             "%s activities, %s transitions; share of the activity's events (m: map)", n1, n2);
    app_draw_line(w, 0, cols, ROLE_DETAIL, line);
    listw_draw(&s->list, w, 1, rows - 1, cols);
    if (s->n_acts == 0)
        app_draw_line(w, 3, cols, ROLE_DIM,
                      s->list_computing ? "  computing the transitions..."
                                        : "  no case selected (u undoes the last filter)");
}

static int
list_enter(struct mv *s, struct app *a)
{
    if (s->n_rows == 0)
        return APP_REDRAW;
    const struct map_row *r = &s->rows[listw_cur(&s->list)];
    const struct event_log *log = a->log;
    struct cf_error err = {0};
    struct filter *f = NULL;
    char desc[256];
    if (r->kind == ROW_START) {
        if (r->to == CF_NONE)
            return APP_REDRAW;
        f = filter_new_starts_with(log, eventlog_activity_name(log, r->to), &err);
        snprintf(desc, sizeof desc, "starts %s", eventlog_activity_name(log, r->to));
    } else if (r->kind == ROW_END) {
        f = filter_new_ends_with(log, eventlog_activity_name(log, r->act), &err);
        snprintf(desc, sizeof desc, "ends %s", eventlog_activity_name(log, r->act));
    } else {
        struct cf_buf re = {0};
        cf_buf_puts(&re, "(^| > )");
        app_regex_quote(eventlog_activity_name(log, r->act), &re);
        if (r->kind == ROW_EDGE) {
            cf_buf_puts(&re, " > ");
            app_regex_quote(eventlog_activity_name(log, r->to), &re);
            snprintf(desc, sizeof desc, "%s > %s", eventlog_activity_name(log, r->act),
                     eventlog_activity_name(log, r->to));
        } else {
            snprintf(desc, sizeof desc, "through %s", eventlog_activity_name(log, r->act));
        }
        cf_buf_puts(&re, "( > |$)");
        f = filter_new_path(log, re.data, 0, &err);
        cf_buf_clear(&re);
    }
    if (f == NULL) {
        app_message(a, true, "%s", err.msg);
        return APP_REDRAW;
    }
    return app_push_filter_obj(a, f, desc);
}

/* ------------------------------------------------------------ the drawn map */

static const char *const metric_words[] = {"events", "cases", "mean time", "median time",
                                           "longest time"};

/* Keep the view inside the drawing. */
static void
clamp_pan(struct mv *s)
{
    if (s->lay == NULL)
        return;
    int max_x = s->lay->width - s->view_w, max_y = s->lay->height - s->view_h;
    if (s->x0 > max_x)
        s->x0 = max_x;
    if (s->y0 > max_y)
        s->y0 = max_y;
    if (s->x0 < 0)
        s->x0 = 0;
    if (s->y0 < 0)
        s->y0 = 0;
}

/* Where element id is drawn: a cell to bring into view. */
static void
elem_anchor(const struct map_layout *l, uint32_t id, int *x, int *y)
{
    if (maplayout_elem_is_node(l, id)) {
        const struct map_node *n = &l->nodes[id];
        *x = n->x + n->w / 2;
        *y = n->y + n->h / 2;
        return;
    }
    const struct map_edge *e = &l->edges[id - l->n_nodes];
    if (e->self_loop) {
        *x = l->nodes[e->from].loop_x;
        *y = l->nodes[e->from].y;
    } else if (e->label_x >= 0) {
        *x = e->label_x;
        *y = e->label_y;
    } else if (e->n_points > 0) {
        *x = e->points[e->n_points / 2].x;
        *y = e->points[e->n_points / 2].y;
    } else {
        *x = *y = 0;
    }
}

/* Scroll so that the selected element is in view, centring it when it was not. */
static void
show_selected(struct mv *s)
{
    if (s->lay == NULL || s->sel == MAP_ELEM_NONE)
        return;
    int x, y;
    elem_anchor(s->lay, s->sel, &x, &y);
    if (x < s->x0 + 2 || x >= s->x0 + s->view_w - 2)
        s->x0 = x - s->view_w / 2;
    if (y < s->y0 + 1 || y >= s->y0 + s->view_h - 1)
        s->y0 = y - s->view_h / 2;
    clamp_pan(s);
}

/* Put the main path in the middle of the view, its top at the top (the key .). */
static void
centre_main(struct mv *s)
{
    const struct map_layout *l = s->lay;
    if (l == NULL)
        return;
    long sum = 0, n = 0;
    for (size_t i = 0; i < l->n_nodes; i++) {
        if (l->nodes[i].main_path || l->nodes[i].kind == MAP_NODE_START) {
            sum += l->nodes[i].x + l->nodes[i].w / 2;
            n++;
        }
    }
    if (n == 0)
        return;
    s->x0 = (int)(sum / n) - s->view_w / 2;
    s->y0 = 0;
    clamp_pan(s);
}

/* The activity ids at both ends of element id (CF_NONE for a marker). */
static void
elem_acts(const struct map_layout *l, uint32_t id, uint32_t *from, uint32_t *to)
{
    *from = *to = CF_NONE;
    if (id == MAP_ELEM_NONE)
        return;
    if (maplayout_elem_is_node(l, id)) {
        *from = *to = l->nodes[id].act;
        return;
    }
    const struct map_edge *e = &l->edges[id - l->n_nodes];
    *from = l->nodes[e->from].act;
    *to = l->nodes[e->to].act;
}

/* Whether the map's arrows are the log's direct successions (every activity shown). */
static bool
map_direct(const struct mv *s)
{
    const struct map_graph *g = s->mode == MODE_FIT && s->fit_g.n_present > 0 ? &s->fit_g : &s->mg;
    return g->n_kept == g->n_present;
}

/* The overlay's marks while a map is laid out (any thread). */
struct lean_ctx {
    struct segments_marks marks;
    bool direct; /* the arrows are direct successions (every activity kept) */
};

/* The overlay's marker after a number: which segment has clearly more of it. */
static const char *
lean_suffix(void *ud, uint32_t from, uint32_t to)
{
    const struct lean_ctx *c = ud;
    /* A projected arrow stands for paths through hidden activities: not the compared edge. */
    if (to != CF_NONE && !c->direct)
        return NULL;
    int lean = segments_marks_get(&c->marks, from, to);
    if (lean == 0)
        return NULL;
    if (ui_unicode())
        return lean > 0 ? "\xe2\x96\xb2"
                          "A"
                        : "\xe2\x96\xbc"
                          "B"; /* ▲A, ▼B */
    return lean > 0 ? "+A" : "+B";
}

/* Each element's leaning, for the colours. */
static void
lean_elements(struct mv *s)
{
    free(s->elem_lean);
    s->elem_lean = NULL;
    if (s->res == NULL || s->res->cmp == NULL || s->lay == NULL)
        return;
    const struct map_layout *l = s->lay;
    s->elem_lean = xcalloc(l->n_nodes + l->n_edges + 1, sizeof *s->elem_lean);
    for (size_t i = 0; i < l->n_nodes; i++)
        if (l->nodes[i].kind == MAP_NODE_ACTIVITY)
            s->elem_lean[i] = (int8_t)segments_marks_get(&s->marks, l->nodes[i].act, CF_NONE);
    for (size_t j = 0; j < l->n_edges; j++) {
        const struct map_edge *e = &l->edges[j];
        if (e->dfg_edge >= 0 && map_direct(s))
            s->elem_lean[l->n_nodes + j] =
                (int8_t)segments_marks_get(&s->marks, l->nodes[e->from].act, l->nodes[e->to].act);
    }
}

static int
fit_chrome(void *ud, const struct map_graph *g, const struct map_layout *l, int cols)
{
    (void)g, (void)l, (void)cols;
    return *(const int *)ud;
}

/* Fit the map of sel into the map's area with chrome rows around it. */
static void
fit_once(struct mapsimplify_memo *m, const struct event_log *log, const struct mparams *p,
         const struct map_layout_opts *o, int chrome, struct map_fit *f)
{
    int rows = p->area_h > 2 ? p->area_h : 2, cols = p->area_w > 10 ? p->area_w : 10;
    mapfit_run_memo(m, log, p->act_pct, p->path_pct, o, cols, rows, fit_chrome, &chrome, f);
}

static void
mres_free(struct rescache_item *it)
{
    struct mres *r = (struct mres *)it;
    rescache_release(r->cmp != NULL ? &r->cmp->it : NULL);
    mapsimplify_clear(&r->mg);
    mapsimplify_clear(&r->fit_g);
    maplayout_free(r->lay);
    free(r);
}

/*
 * The map of sel for p (any thread): the graph at the sliders, and its layout
 * in p's mode: one style as it comes, or (fit) the roomiest drawing that fits
 * the map's area with the title, legend and detail lines; when that leaves
 * something out but the drawing alone would not, those lines give way (the
 * status line then says what they would). cmp (p->overlay): the comparison
 * whose marks the numbers get (r keeps a reference; the caller's thread owns
 * the count, the job only reads it).
 */
static struct mres *
mres_build(const struct event_log *log, struct mapsimplify_memo *m, const struct mparams *p,
           struct app_cmpres *cmp)
{
    struct mres *r = xcalloc(1, sizeof *r);
    r->it.refs = 1;
    r->it.free_fn = mres_free;
    /* The graph at the sliders asked for and the fit's tries share the projections. */
    mapsimplify_memo_build(m, p->act_pct, p->path_pct, &r->mg);
    struct map_layout_opts o;
    maplayout_opts_init(&o);
    o.metric = p->metric;
    bool overlay = p->overlay && cmp != NULL;
    struct lean_ctx lc = {{0}, r->mg.n_kept == r->mg.n_present};
    if (overlay) {
        segments_marks_build(&cmp->cmp, eventlog_n_activities(log), &lc.marks);
        o.suffix = lean_suffix;
        o.suffix_ud = &lc;
        r->cmp = cmp; /* the reference is taken by the caller, on its thread */
    }
    r->chrome = 3;
    if (p->mode != MODE_FIT) {
        o.style = p->mode == MODE_NORMAL    ? MAP_STYLE_NORMAL
                  : p->mode == MODE_COMPACT ? MAP_STYLE_COMPACT
                                            : MAP_STYLE_OVERVIEW;
        r->lay = maplayout_new(log, &r->mg, &o);
        segments_marks_clear(&lc.marks);
        return r;
    }
    struct map_fit f;
    fit_once(m, log, p, &o, 3, &f);
    if (overlay && lc.direct && f.g.n_kept != f.g.n_present) {
        /* The fit left activities out: its arrows are projections, marked as such. */
        mapfit_clear(&f);
        lc.direct = false;
        fit_once(m, log, p, &o, 3, &f);
    }
    segments_marks_clear(&lc.marks);
    /* The overlay's legend names the segments: it keeps its row. */
    if ((f.lowered || !f.fits) && !overlay) {
        struct map_fit bare;
        fit_once(m, log, p, &o, 0, &bare);
        if (!bare.lowered && bare.fits) {
            mapfit_clear(&f);
            f = bare;
            r->chrome = 0;
        } else {
            mapfit_clear(&bare);
        }
    }
    r->fit_lowered = f.lowered;
    r->fit_asked_kept = f.asked_kept;
    r->fit_asked_paths = f.asked_paths;
    r->lay = f.l;
    r->fit_g = f.g; /* taken over: f is not cleared */
    return r;
}

static struct mparams
mparams_of(const struct mv *s, const struct app *a)
{
    bool ov = s->overlay && s->ov_cmp != NULL;
    struct mparams p = {s->mode,   s->act_pct, s->path_pct, s->metric,
                        s->area_w, s->area_h,  ov,          ov ? a->cmp.defs : 0};
    if (p.mode != MODE_FIT) /* the area matters to the fit only */
        p.area_w = p.area_h = 0;
    return p;
}

/* The parameters as one cache key. */
static uint64_t
mparams_key(const struct mparams *p)
{
    int64_t parts[] = {p->mode,
                       llround(p->act_pct * 1e6),
                       llround(p->path_pct * 1e6),
                       p->metric,
                       p->area_w,
                       p->area_h,
                       p->overlay,
                       (int64_t)p->defs};
    return app_param_key(parts, sizeof parts / sizeof parts[0]);
}

/* Show r (a reference is taken), keeping the same element selected where it is still drawn. */
static void
mv_install(struct mv *s, struct mres *r)
{
    uint32_t was_from = CF_NONE, was_to = CF_NONE;
    bool was_node = false, had = s->lay != NULL && s->sel != MAP_ELEM_NONE;
    enum map_node_kind fk = MAP_NODE_ACTIVITY, tk = MAP_NODE_ACTIVITY;
    if (had) {
        was_node = maplayout_elem_is_node(s->lay, s->sel);
        elem_acts(s->lay, s->sel, &was_from, &was_to);
        if (!was_node) {
            const struct map_edge *e = &s->lay->edges[s->sel - s->lay->n_nodes];
            fk = s->lay->nodes[e->from].kind;
            tk = s->lay->nodes[e->to].kind;
        } else {
            fk = tk = s->lay->nodes[s->sel].kind;
        }
    }
    rescache_ref(&r->it);
    rescache_release(s->res != NULL ? &s->res->it : NULL);
    s->res = r;
    s->mg = r->mg;
    s->fit_g = r->fit_g;
    s->lay = r->lay;
    s->chrome = r->chrome;
    s->fit_lowered = r->fit_lowered;
    s->fit_asked_kept = r->fit_asked_kept;
    s->fit_asked_paths = r->fit_asked_paths;
    s->computing = false;
    segments_marks_clear(&s->marks);
    if (r->cmp != NULL)
        segments_marks_build(&r->cmp->cmp, eventlog_n_activities(s->log), &s->marks);
    lean_elements(s);
    s->sel = MAP_ELEM_NONE;
    s->centred = false;
    if (!had)
        return;
    const struct map_layout *l = s->lay;
    for (uint32_t id = 0; id < l->n_nodes + l->n_edges; id++) {
        uint32_t f, t;
        elem_acts(l, id, &f, &t);
        bool is_node = maplayout_elem_is_node(l, id);
        if (is_node != was_node || f != was_from || t != was_to)
            continue;
        if (is_node && l->nodes[id].kind != fk)
            continue;
        if (!is_node) {
            const struct map_edge *e = &l->edges[id - l->n_nodes];
            if (l->nodes[e->from].kind != fk || l->nodes[e->to].kind != tk)
                continue;
        }
        s->sel = id;
        break;
    }
    show_selected(s);
}

struct mjob {
    struct worker_job base;
    const struct event_log *log;
    struct memo_box *memo;
    struct selection *sel;
    struct mparams p;
    struct app_cmpres *cmp; /* the overlay's comparison (a reference), or NULL */
    uint64_t key;
    unsigned long gen;
    struct mv *view;
    struct mres *res;
};

static void
mjob_run(struct worker_job *j)
{
    struct mjob *q = (struct mjob *)j;
    struct memo_box *b = q->memo;
    if (b->m == NULL) {
        b->m = mapsimplify_memo_new(q->log, b->sel);
        if (cf_cancelled()) { /* its ranking is partial */
            mapsimplify_memo_free(b->m);
            b->m = NULL;
            return;
        }
    }
    q->res = mres_build(q->log, b->m, &q->p, q->cmp);
    if (q->res->cmp != NULL)
        q->cmp = NULL; /* the result holds the job's reference */
}

static void
mjob_done(struct worker_job *j, void *ud)
{
    struct mjob *q = (struct mjob *)j;
    struct app *a = ud;
    rescache_put(&a->cache, APP_RES_MAP, q->sel, q->key, &q->res->it);
    struct mv *s = q->view;
    if (s->map_seen == q->gen && s->want == q->key)
        mv_install(s, q->res);
}

static void
mjob_free(struct worker_job *j)
{
    struct mjob *q = (struct mjob *)j;
    selection_free(q->sel);
    rescache_release(q->cmp != NULL ? &q->cmp->it : NULL);
    memo_box_release(q->memo);
    rescache_release(q->res != NULL ? &q->res->it : NULL);
    free(q);
}

/* A reference to the overlay's comparison for a map made with p, or NULL. */
static struct app_cmpres *
overlay_ref(const struct mv *s, const struct mparams *p)
{
    return p->overlay ? (struct app_cmpres *)rescache_ref(&s->ov_cmp->it) : NULL;
}

/*
 * Bring the drawing up to date: from the cache, else on the worker (the last
 * drawing stays meanwhile), or here when there is no worker.
 */
static void
relayout(struct mv *s, struct app *a)
{
    struct mparams p = mparams_of(s, a);
    s->want = mparams_key(&p);
    if (!a->worker_on) {
        worker_cancel(APP_SLOT_VIEW(0));
        struct mapsimplify_memo *m = mapsimplify_memo_new(a->log, a->sel);
        struct app_cmpres *cmp = overlay_ref(s, &p);
        struct mres *r = mres_build(a->log, m, &p, cmp);
        if (r->cmp == NULL)
            rescache_release(cmp != NULL ? &cmp->it : NULL);
        mapsimplify_memo_free(m);
        mv_install(s, r);
        rescache_release(&r->it);
        return;
    }
    struct rescache_item *it = rescache_get(&a->cache, APP_RES_MAP, a->sel, s->want);
    if (it != NULL) {
        worker_cancel(APP_SLOT_VIEW(0));
        mv_install(s, (struct mres *)it);
        rescache_release(it);
        return;
    }
    struct mjob *q = xcalloc(1, sizeof *q);
    q->base.slot = APP_SLOT_VIEW(0);
    q->base.run = mjob_run;
    q->base.done = mjob_done;
    q->base.free = mjob_free;
    q->log = a->log;
    q->sel = selection_copy(a->sel);
    if (s->memo == NULL || !selection_equal(s->memo->sel, a->sel)) {
        memo_box_release(s->memo);
        s->memo = xcalloc(1, sizeof *s->memo);
        s->memo->refs = 1;
        s->memo->sel = selection_copy(a->sel);
    }
    q->memo = s->memo;
    q->memo->refs++;
    q->p = p;
    q->cmp = overlay_ref(s, &p);
    q->key = s->want;
    q->gen = s->map_seen;
    q->view = s;
    s->computing = true;
    worker_submit(&q->base);
}

static void
overlay_drop(struct mv *s)
{
    rescache_release(s->ov_cmp != NULL ? &s->ov_cmp->it : NULL);
    s->ov_cmp = NULL;
}

/*
 * The overlay's comparison for the selection of now, in ov_cmp: false while it
 * is on its way from the worker (the map shown stays, "computing") and when
 * none is defined (the overlay is then turned off).
 */
static bool
overlay_update(struct mv *s, struct app *a)
{
    bool computing, defined;
    struct app_cmpres *r = app_comparison_bg(a, &computing, &defined);
    if (!defined || computing || r == NULL) {
        rescache_release(r != NULL ? &r->it : NULL);
        overlay_drop(s); /* of another selection: a map made meanwhile has no marks */
        if (!defined) {
            s->overlay = false;
            s->map_dirty = true;
            app_message(a, true, "the overlay needs an outcome or :compare (see 8 Compare)");
        }
        return false;
    }
    if (r != s->ov_cmp) {
        overlay_drop(s);
        s->ov_cmp = r;
        s->map_dirty = true;
    } else {
        rescache_release(&r->it);
    }
    return true;
}

static void
map_update(struct mv *s, struct app *a)
{
    if (app_stale(a, &s->map_seen))
        s->map_dirty = true;
    if (s->overlay && !overlay_update(s, a) && s->overlay && s->lay != NULL)
        return; /* the comparison first (on the worker): the map shown stays until then */
    if (s->map_dirty || s->lay == NULL) {
        relayout(s, a);
        s->map_dirty = false;
    }
}

static int
cell_role(const struct mv *s, const struct map_cell *c)
{
    if (c->flags & MAP_CELL_SELECTED)
        return ROLE_MAP_SELECTED;
    if (s->elem_lean != NULL && c->elem != MAP_ELEM_NONE && c->role != MAP_ROLE_NONE &&
        c->elem < s->lay->n_nodes + s->lay->n_edges && s->elem_lean[c->elem] != 0)
        return s->elem_lean[c->elem] > 0 ? ROLE_SEGMENT_A : ROLE_SEGMENT_B;
    switch ((enum map_role)c->role) {
    case MAP_ROLE_BOX:
    case MAP_ROLE_NAME:
    case MAP_ROLE_COUNT: return ROLE_MAP_BOX;
    case MAP_ROLE_LOOP:
    case MAP_ROLE_REWORK: return ROLE_MAP_REWORK;
    case MAP_ROLE_EDGE:
    case MAP_ROLE_LABEL: return ROLE_MAP_EDGE;
    case MAP_ROLE_START:
    case MAP_ROLE_END: return ROLE_MAP_START;
    default: return ROLE_NORMAL;
    }
}

/* Draw the grid's cells, one run of wide characters per attribute. */
static void
draw_cells(struct mv *s, WINDOW *w, int y, int h, int cols)
{
    wchar_t run[512];
    for (int r = 0; r < h; r++) {
        wmove(w, y + r, 0);
        size_t n = 0;
        attr_t cur = theme_attr(ROLE_NORMAL);
        wattrset(w, cur);
        for (int x = 0; x < cols; x++) {
            const struct map_cell *c = mapgrid_at(&s->grid, s->x0 + x, s->y0 + r);
            if (c == NULL || c->cp == 0)
                continue;
            attr_t at = theme_attr((enum theme_role)cell_role(s, c));
            if (c->level == 2 && c->role != MAP_ROLE_NONE)
                at |= A_BOLD;
            if (at != cur || n == sizeof run / sizeof run[0]) {
                if (n > 0)
                    waddnwstr(w, run, (int)n);
                n = 0;
                cur = at;
                wattrset(w, cur);
            }
            run[n++] = (wchar_t)c->cp;
        }
        if (n > 0)
            waddnwstr(w, run, (int)n);
    }
    wattrset(w, theme_attr(ROLE_NORMAL));
}

/* What the detail line says about the selected element. */
static void
describe_selected(const struct mv *s, char *buf, size_t size)
{
    const struct map_layout *l = s->lay;
    const struct event_log *log = s->log;
    char c1[32], c2[32], t1[32], t2[32], t3[32];
    if (s->sel == MAP_ELEM_NONE) {
        snprintf(buf, size, "e / E select activities and transitions; arrows or hjkl pan");
        return;
    }
    if (maplayout_elem_is_node(l, s->sel)) {
        const struct map_node *n = &l->nodes[s->sel];
        ui_fmt_count(n->events, c1, sizeof c1);
        ui_fmt_count(n->cases, c2, sizeof c2);
        if (n->kind == MAP_NODE_START)
            snprintf(buf, size, "start: %s cases", c1);
        else if (n->kind == MAP_NODE_END)
            snprintf(buf, size, "end: %s cases", c1);
        else
            snprintf(buf, size, "%s: %s events in %s cases (Enter: cases through it)",
                     eventlog_activity_name(log, n->act), c1, c2);
        return;
    }
    const struct map_edge *e = &l->edges[s->sel - l->n_nodes];
    const struct map_node *f = &l->nodes[e->from], *t = &l->nodes[e->to];
    const char *fn = f->kind == MAP_NODE_START ? "start" : eventlog_activity_name(log, f->act);
    const char *tn = t->kind == MAP_NODE_END ? "end" : eventlog_activity_name(log, t->act);
    ui_fmt_count(e->count, c1, sizeof c1);
    ui_fmt_count(e->cases, c2, sizeof c2);
    if (e->dfg_edge < 0) {
        snprintf(buf, size, "%s %s %s: %s cases", fn, ui_glyph(GLYPH_ARROW), tn, c1);
        return;
    }
    app_fmt_ms(e->median_ms, t1, sizeof t1);
    app_fmt_ms(e->mean_ms, t2, sizeof t2);
    app_fmt_ms((double)e->max_ms, t3, sizeof t3);
    snprintf(buf, size, "%s %s %s: %s times in %s cases; median %s, mean %s, max %s", fn,
             ui_glyph(GLYPH_ARROW), tn, c1, c2, t1, t2, t3);
}

/* The overlay's legend: the two markers in their colours with the segments' names. */
static void
draw_overlay_legend(const struct mv *s, struct app *a, WINDOW *w, int y, int cols)
{
    const char *la, *lb;
    app_segment_labels(a, &la, &lb);
    char fa[64], fb[64], part[160];
    ui_fit(la, 14, fa, sizeof fa);
    ui_fit(lb, 14, fb, sizeof fb);
    bool u = ui_unicode();
    wmove(w, y, 0);
    int x = 0;
    wattrset(w, theme_attr(ROLE_SEGMENT_A));
    snprintf(part, sizeof part, "%s more in A %s",
             u ? "\xe2\x96\xb2"
                 "A"
               : "+A",
             fa);
    x += ui_put(w, part, cols - x);
    wattrset(w, theme_attr(ROLE_DIM));
    x += ui_put(w, ", ", cols - x);
    wattrset(w, theme_attr(ROLE_SEGMENT_B));
    snprintf(part, sizeof part, "%s more in B %s",
             u ? "\xe2\x96\xbc"
                 "B"
               : "+B",
             fb);
    x += ui_put(w, part, cols - x);
    wattrset(w, theme_attr(ROLE_DIM));
    snprintf(
        part, sizeof part, " (share of cases, %s5 points, p<.05)%s; o off",
        u ? "\xe2\x89\xa5" : ">=", map_direct(s) ? "" : "; arrows only with every activity (])");
    x += ui_put(w, part, cols - x);
    for (; x < cols; x++)
        waddch(w, ' ');
    wattrset(w, theme_attr(ROLE_NORMAL));
}

/* With the overlay, the detail line tells the selected element's shares in A and B. */
static void
describe_lean(const struct mv *s, char *buf, size_t size)
{
    const struct map_layout *l = s->lay;
    if (s->sel == MAP_ELEM_NONE)
        return;
    uint32_t from = CF_NONE, to = CF_NONE;
    if (maplayout_elem_is_node(l, s->sel)) {
        if (l->nodes[s->sel].kind != MAP_NODE_ACTIVITY)
            return;
        from = l->nodes[s->sel].act;
    } else {
        const struct map_edge *e = &l->edges[s->sel - l->n_nodes];
        if (e->dfg_edge < 0 || !map_direct(s))
            return;
        from = l->nodes[e->from].act;
        to = l->nodes[e->to].act;
    }
    const struct compare_item *it = segments_marks_find(&s->marks, from, to);
    if (it == NULL)
        return;
    /* Keep the element's name and counts up to the first ':' and say the shares. */
    char head[256];
    size_t n = strcspn(buf, ":");
    snprintf(head, sizeof head, "%.*s", (int)n, buf);
    snprintf(buf, size, "%s: in %.1f%% of A's cases, %.1f%% of B's (%+.1f points, %s)", head,
             100.0 * it->share_a, 100.0 * it->share_b, 100.0 * it->diff,
             it->p < 0.001     ? "p<0.001"
             : it->significant ? "p<0.05"
                               : "not significant");
}

/* Where the detail pane goes: beside the map when the window is wide, else below it. */
static void
map_area(struct mv *s, int rows, int cols)
{
    int aw = cols, ah = rows;
    s->pane_w = s->pane_h = 0;
    if (s->pane) {
        if (cols >= 100 || (cols >= 60 && rows < 2 * cols / 5)) {
            s->pane_w = cols >= 100 ? 44 : cols / 2;
            s->pane_h = rows;
            s->pane_x = cols - s->pane_w;
            s->pane_y = 0;
            aw = cols - s->pane_w - 1;
        } else {
            s->pane_h = rows / 2 > 4 ? rows / 2 : rows - 4 > 2 ? rows - 4 : 2;
            s->pane_w = cols;
            s->pane_x = 0;
            s->pane_y = rows - s->pane_h;
            ah = rows - s->pane_h;
        }
    }
    if (aw != s->area_w || ah != s->area_h) {
        s->area_w = aw;
        s->area_h = ah;
        if (s->mode == MODE_FIT)
            s->map_dirty = true;
    }
}

/* The activity ids of the selected element for the pane: from, and to (MAPPANE_NODE for an
 * activity). */
static bool
pane_subject(const struct mv *s, uint32_t *from, uint32_t *to)
{
    const struct map_layout *l = s->lay;
    if (l == NULL || s->sel == MAP_ELEM_NONE)
        return false;
    if (maplayout_elem_is_node(l, s->sel)) {
        if (l->nodes[s->sel].kind != MAP_NODE_ACTIVITY)
            return false;
        *from = l->nodes[s->sel].act;
        *to = MAPPANE_NODE;
        return true;
    }
    const struct map_edge *e = &l->edges[s->sel - l->n_nodes];
    *from = l->nodes[e->from].kind == MAP_NODE_ACTIVITY ? l->nodes[e->from].act : CF_NONE;
    *to = l->nodes[e->to].kind == MAP_NODE_ACTIVITY ? l->nodes[e->to].act : CF_NONE;
    return true;
}

/* The pane's table for the selection, or NULL when nothing (or a marker) is selected. */
static struct table *
pane_table(struct mv *s, struct app *a)
{
    uint32_t from, to;
    if (pane_subject(s, &from, &to)) {
        s->subj_from = from, s->subj_to = to, s->has_subj = true;
        s->subj_gen = a->gen;
    } else if (s->has_subj && s->subj_gen == a->gen && s->sel == MAP_ELEM_NONE) {
        /* Opening the pane narrowed the map and the fit left the element out: still tell it. */
        from = s->subj_from, to = s->subj_to;
    } else {
        return NULL;
    }
    mappane_update(&s->mp, a);
    return mappane_table(&s->mp, a, from, to, !map_direct(s));
}

static void
draw_pane(struct mv *s, struct app *a, WINDOW *w)
{
    struct table *t = pane_table(s, a);
    if (s->pane_x > 0) {
        wattrset(w, theme_attr(ROLE_DIM));
        for (int y = 0; y < s->pane_h; y++)
            mvwaddstr(w, s->pane_y + y, s->pane_x - 1, ui_glyph(GLYPH_VLINE));
        wattrset(w, theme_attr(ROLE_NORMAL));
    }
    if (t == NULL) {
        wmove(w, s->pane_y, s->pane_x);
        wattrset(w, theme_attr(ROLE_TITLE));
        ui_put_pad(w, "details: select an activity or a transition (e, g)", s->pane_w);
        wattrset(w, theme_attr(ROLE_NORMAL));
        return;
    }
    mappane_draw(t, w, s->pane_y, s->pane_x, s->pane_h, s->pane_w);
    table_free(t);
}

/* The title line: what is drawn, and in fit mode what the fit left out. */
static void
map_title(const struct mv *s, char *line, size_t size)
{
    const struct map_graph *g = &s->mg;
    const struct map_layout *l = s->lay;
    if (s->mode == MODE_FIT && l != NULL) {
        size_t drawn = 0;
        for (size_t i = 0; i < l->n_nodes; i++)
            drawn += l->nodes[i].kind == MAP_NODE_ACTIVITY;
        snprintf(line, size, "%s: %zu of %zu activities, %zu of %zu paths (%s; z: style)",
                 s->fit_lowered ? "fitted" : "fit", drawn, g->n_present, l->n_edges,
                 s->fit_asked_paths, maplayout_style_name(l->style));
        return;
    }
    snprintf(line, size, "%s: %zu/%zu activities, %zu/%zu paths, numbers: %s ([ ] { } f p m o z)",
             mode_words[s->mode], g->n_kept, g->n_present, g->n_paths_kept, g->n_paths,
             metric_words[s->metric]);
}

static void
map_draw(struct mv *s, struct app *a, WINDOW *w, int rows, int cols)
{
    map_area(s, rows, cols);
    map_update(s, a);
    const struct map_graph *g = &s->mg;
    char line[1024];
    int top = s->chrome > 0 ? 1 : 0;
    int ah = s->area_h, aw = s->area_w;
    map_title(s, line, sizeof line);
    if (top)
        app_draw_line(w, 0, aw, ROLE_DETAIL, line);
    s->view_h = ah - s->chrome > 1 ? ah - s->chrome : 1;
    s->view_w = aw;
    if (!s->centred && s->sel == MAP_ELEM_NONE) {
        centre_main(s);
        s->centred = true;
    }
    clamp_pan(s);
    if (s->pane)
        draw_pane(s, a, w);
    if (g->n_present == 0 || s->lay == NULL) {
        app_draw_line(w, top + 1, aw, ROLE_DIM,
                      s->computing ? "  drawing the map..."
                                   : "  no case selected (u undoes the last filter)");
        return;
    }
    struct map_render_opts o;
    mapgrid_opts_init(&o);
    o.ascii = !ui_unicode();
    o.selected = s->sel;
    mapgrid_render(&s->grid, s->lay, &o, s->x0, s->y0, s->view_w, s->view_h);
    draw_cells(s, w, top, s->view_h, aw);
    describe_selected(s, line, sizeof line);
    if (s->res->cmp != NULL)
        describe_lean(s, line, sizeof line);
    if (s->chrome == 0) {
        /* The drawing takes every row: the status line tells the selection or the fit. */
        if (a->msg[0] == '\0' || strcmp(a->msg, s->own_msg) == 0) {
            if (s->sel != MAP_ELEM_NONE)
                app_message(a, false, "%s", line);
            else
                map_title(s, a->msg, sizeof a->msg);
            snprintf(s->own_msg, sizeof s->own_msg, "%s", a->msg);
        }
        return;
    }
    if (s->res->cmp != NULL)
        draw_overlay_legend(s, a, w, ah - 2, aw);
    else
        app_draw_line(w, ah - 2, aw, ROLE_DIM,
                      ui_unicode() ? s->lay->legend : s->lay->legend_ascii);
    app_draw_line(w, ah - 1, aw, ROLE_DETAIL, line);
}

/* Enter on the map: a filter to the cases behind the selected element. */
static int
map_enter(struct mv *s, struct app *a)
{
    const struct map_layout *l = s->lay;
    if (l == NULL || s->sel == MAP_ELEM_NONE) {
        app_message(a, false, "select an activity or a transition first (e / E)");
        return APP_REDRAW;
    }
    const struct event_log *log = a->log;
    struct cf_error err = {0};
    struct filter *f = NULL;
    char desc[256];
    if (maplayout_elem_is_node(l, s->sel)) {
        const struct map_node *n = &l->nodes[s->sel];
        if (n->kind != MAP_NODE_ACTIVITY) {
            app_message(a, false, "the %s marker: cases %s the map here",
                        n->kind == MAP_NODE_START ? "start" : "end",
                        n->kind == MAP_NODE_START ? "enter" : "leave");
            return APP_REDRAW;
        }
        struct cf_buf re = {0};
        cf_buf_puts(&re, "(^| > )");
        app_regex_quote(eventlog_activity_name(log, n->act), &re);
        cf_buf_puts(&re, "( > |$)");
        f = filter_new_path(log, re.data, 0, &err);
        cf_buf_clear(&re);
        snprintf(desc, sizeof desc, "through %s", eventlog_activity_name(log, n->act));
    } else {
        const struct map_edge *e = &l->edges[s->sel - l->n_nodes];
        const struct map_node *fn = &l->nodes[e->from], *tn = &l->nodes[e->to];
        if (fn->kind == MAP_NODE_START) {
            f = filter_new_starts_with(log, eventlog_activity_name(log, tn->act), &err);
            snprintf(desc, sizeof desc, "starts %s", eventlog_activity_name(log, tn->act));
        } else if (tn->kind == MAP_NODE_END) {
            f = filter_new_ends_with(log, eventlog_activity_name(log, fn->act), &err);
            snprintf(desc, sizeof desc, "ends %s", eventlog_activity_name(log, fn->act));
        } else {
            /* The map may hide activities in between: a projected edge is "eventually". */
            bool direct = map_direct(s);
            struct cf_buf re = {0};
            cf_buf_puts(&re, "(^| > )");
            app_regex_quote(eventlog_activity_name(log, fn->act), &re);
            cf_buf_puts(&re, direct ? " > " : " > (.* > )?");
            app_regex_quote(eventlog_activity_name(log, tn->act), &re);
            cf_buf_puts(&re, "( > |$)");
            f = filter_new_path(log, re.data, 0, &err);
            cf_buf_clear(&re);
            snprintf(desc, sizeof desc, "%s %s %s", eventlog_activity_name(log, fn->act),
                     direct ? ">" : ">..>", eventlog_activity_name(log, tn->act));
        }
    }
    if (f == NULL) {
        app_message(a, true, "%s", err.msg);
        return APP_REDRAW;
    }
    return app_push_filter_obj(a, f, desc);
}

/* Move the activities slider by about a twentieth of the activities, at least one. */
static void
slide_activities(struct mv *s, struct app *a, int dir)
{
    size_t present = s->mg.n_present, kept = s->mg.n_kept;
    if (present == 0)
        return;
    size_t step = present / 20 > 0 ? present / 20 : 1;
    size_t want =
        dir < 0 ? (kept > step ? kept - step : 1) : (kept + step < present ? kept + step : present);
    /* Just under the exact share, so that rounding up gives want. */
    s->act_pct = 100.0 * ((double)want - 0.5) / (double)present;
    if (want == present)
        s->act_pct = 100.0;
    s->map_dirty = true; /* the count is known: the map follows from the worker */
    app_message(a, false, "activities: %zu of %zu", want, present);
}

static void
slide_paths(struct mv *s, struct app *a, int dir)
{
    double p = s->path_pct < 0 ? s->mg.path_pct : s->path_pct;
    p += dir * 5.0;
    s->path_pct = p < 0 ? 0 : p > 100 ? 100 : p;
    s->map_dirty = true; /* the title says how many are kept once the map is made */
    app_message(a, false, "paths: %.0f%% asked", s->path_pct);
}

static int
toggle_overlay(struct mv *s, struct app *a)
{
    s->overlay = !s->overlay;
    s->map_dirty = true;
    if (!s->overlay) {
        overlay_drop(s);
        app_message(a, false, "overlay off");
    } else if (!app_segments(a)) {
        s->overlay = false;
        app_message(a, true, "no segments: define an outcome (:outcome ...) or :compare first");
    }
    return APP_REDRAW;
}

static int
map_key(struct mv *s, struct app *a, enum action act)
{
    uint32_t total = s->lay != NULL ? (uint32_t)(s->lay->n_nodes + s->lay->n_edges) : 0;
    switch (act) {
    case ACT_UP: s->y0 -= 1; break;
    case ACT_DOWN: s->y0 += 1; break;
    case ACT_LEFT: s->x0 -= 4; break;
    case ACT_RIGHT: s->x0 += 4; break;
    case ACT_PGUP: s->y0 -= s->view_h - 1; break;
    case ACT_PGDN: s->y0 += s->view_h - 1; break;
    case ACT_HOME: s->y0 = 0, s->x0 = 0; break;
    case ACT_END: s->y0 = s->lay != NULL ? s->lay->height : 0; break;
    case ACT_MAP_NEXT_ELEM:
    case ACT_MAP_PREV_ELEM:
        if (total == 0)
            return APP_REDRAW;
        if (s->sel == MAP_ELEM_NONE)
            s->sel = act == ACT_MAP_NEXT_ELEM ? 0 : total - 1;
        else
            s->sel = (s->sel + (act == ACT_MAP_NEXT_ELEM ? 1 : total - 1)) % total;
        show_selected(s);
        return APP_REDRAW;
    case ACT_MAP_ACT_LESS:
    case ACT_MAP_ACT_MORE: slide_activities(s, a, act == ACT_MAP_ACT_LESS ? -1 : 1); break;
    case ACT_MAP_PATH_LESS:
    case ACT_MAP_PATH_MORE: slide_paths(s, a, act == ACT_MAP_PATH_LESS ? -1 : 1); break;
    case ACT_MAP_FREQ:
        s->metric = s->metric == MAP_METRIC_FREQ ? MAP_METRIC_CASES : MAP_METRIC_FREQ;
        s->map_dirty = true;
        break;
    case ACT_MAP_PERF:
        s->metric = s->metric == MAP_METRIC_MEDIAN ? MAP_METRIC_MEAN
                    : s->metric == MAP_METRIC_MEAN ? MAP_METRIC_MAX
                                                   : MAP_METRIC_MEDIAN;
        s->map_dirty = true;
        break;
    case ACT_ENTER: return map_enter(s, a);
    case ACT_MAP_OVERLAY: return toggle_overlay(s, a);
    case ACT_MAP_STYLE:
        s->mode = (enum map_mode)((s->mode + 1) % MODE__COUNT);
        s->map_dirty = true;
        app_message(a, false, "map: %s%s", mode_words[s->mode],
                    s->mode == MODE_FIT ? " to the window" : " style (pan with the arrows)");
        break;
    case ACT_MAP_CENTRE:
        s->sel = MAP_ELEM_NONE;
        s->has_subj = false;
        centre_main(s);
        return APP_REDRAW;
    case ACT_MAP_INFO: s->pane = !s->pane; return APP_REDRAW;
    case ACT_MAP_GOTO: app_prompt_command(a, "goto "); return APP_REDRAW;
    default: return APP_PASS;
    }
    clamp_pan(s);
    return APP_REDRAW;
}

/* ------------------------------------------------------------ the view */

static void
mv_init(struct view *v, struct app *a)
{
    struct mv *s = xcalloc(1, sizeof *s);
    s->log = a->log;
    s->act_pct = -1;
    s->path_pct = -1;
    s->metric = MAP_METRIC_FREQ;
    s->sel = MAP_ELEM_NONE;
    s->mode = MODE_FIT;
    s->chrome = 3;
    listw_init(&s->list, mv_cols, sizeof mv_cols / sizeof mv_cols[0], mv_cell, s);
    s->list.role = mv_role;
    s->list.sortable = true; /* the list form; the drawn map has no list */
    s->list.group_head = mv_head;
    v->priv = s;
}

static void
mv_update(struct view *v, struct app *a)
{
    struct mv *s = v->priv;
    list_update(s, a, true);
}

static void
mv_draw(struct view *v, struct app *a, WINDOW *w, int rows, int cols)
{
    struct mv *s = v->priv;
    if (s->show_list)
        list_draw(s, a, w, rows, cols);
    else
        map_draw(s, a, w, rows, cols);
}

static int
mv_key(struct view *v, struct app *a, enum action act, int key)
{
    (void)key;
    struct mv *s = v->priv;
    if (act == ACT_MAP_TOGGLE) {
        s->show_list = !s->show_list;
        return APP_REDRAW;
    }
    if (!s->show_list)
        return map_key(s, a, act);
    switch (act) {
    case ACT_ENTER: return list_enter(s, a);
    case ACT_MAP_ACT_LESS:
    case ACT_MAP_ACT_MORE:
    case ACT_MAP_PATH_LESS:
    case ACT_MAP_PATH_MORE:
    case ACT_MAP_FREQ:
    case ACT_MAP_PERF:
    case ACT_MAP_OVERLAY:
    case ACT_MAP_STYLE:
    case ACT_MAP_CENTRE:
    case ACT_MAP_INFO:
        app_message(a, false, "the list shows every activity and transition (m: the map)");
        return APP_REDRAW;
    case ACT_MAP_GOTO: return listw_action(&s->list, ACT_HOME) ? APP_REDRAW : 0;
    case ACT_MAP_NEXT_ELEM:
    case ACT_MAP_PREV_ELEM:
        return listw_action(&s->list, act == ACT_MAP_NEXT_ELEM ? ACT_DOWN : ACT_UP) ? APP_REDRAW
                                                                                    : 0;
    default: return APP_PASS;
    }
}

/* A new window size: keep the selected element in view. */
static void
mv_resize(struct view *v, struct app *a, int rows, int cols)
{
    (void)a;
    struct mv *s = v->priv;
    map_area(s, rows, cols);
    s->view_h = s->area_h - s->chrome > 1 ? s->area_h - s->chrome : 1;
    s->view_w = s->area_w;
    if (s->mode == MODE_FIT)
        s->map_dirty = true;
    clamp_pan(s);
    show_selected(s);
}

static int
mv_mouse(struct view *v, struct app *a, int y, int x, bool dbl, int wheel)
{
    struct mv *s = v->priv;
    if (s->show_list || s->lay == NULL)
        return APP_PASS;
    if (wheel != 0) {
        s->y0 += 3 * wheel;
        clamp_pan(s);
        return APP_REDRAW;
    }
    int top = s->chrome > 0 ? 1 : 0;
    if (y < top || y >= top + s->view_h || x >= s->view_w)
        return 0;
    uint32_t hit = maplayout_hit(s->lay, s->x0 + x, s->y0 + y - top);
    if (hit == MAP_ELEM_NONE)
        return 0;
    s->sel = hit;
    return dbl ? map_enter(s, a) : APP_REDRAW;
}

static void
mv_free(struct view *v)
{
    struct mv *s = v->priv;
    if (s == NULL)
        return;
    rescache_release(s->lres != NULL ? &s->lres->it : NULL);
    rescache_release(s->res != NULL ? &s->res->it : NULL);
    memo_box_release(s->memo);
    mapgrid_clear(&s->grid);
    segments_marks_clear(&s->marks);
    overlay_drop(s);
    free(s->elem_lean);
    mappane_clear(&s->mp);
    listw_free(&s->list); /* the list form's sort */
    free(s);
    v->priv = NULL;
}

static struct listw *
mv_list(struct view *v)
{
    struct mv *s = v->priv;
    return s->show_list ? &s->list : NULL;
}

static const struct table_col dfg_cols[] = {
    {.key = "from", .header = "from", .kind = TK_TEXT, .flags = TCOL_FLEX},
    {.key = "to", .header = "to", .kind = TK_TEXT},
    {.key = "count", .header = "count", .kind = TK_COUNT},
    {.key = "share", .header = "share", .kind = TK_SHARE},
    {.key = "cases", .header = "cases", .kind = TK_COUNT},
    {.key = "median_s", .header = "median", .kind = TK_DURATION, .flags = TCOL_READABLE},
};

/* :export: the drawn map's edges (maptable.h), or the list's transitions as
 * from/to rows (start and end as "start" and "end"). */
static struct table *
mv_table(struct view *v, struct app *a)
{
    struct mv *s = v->priv;
    if (!s->show_list) {
        map_update(s, a);
        struct table *t = s->pane ? pane_table(s, a) : NULL;
        if (t != NULL)
            return t;
        return s->lay ? maptable_edges_new(a->log, s->lay) : NULL;
    }
    list_update(s, a, true);
    struct table *t = table_new("transitions", NULL, dfg_cols, 6, NULL);
    for (size_t i = 0; i < s->n_rows; i++) {
        const struct map_row *r = &s->rows[i];
        const char *from, *to;
        size_t count, cases, base;
        double median = NAN;
        if (r->kind == ROW_START && r->to != CF_NONE) {
            from = "start", to = eventlog_activity_name(a->log, r->to);
            count = cases = s->g.nodes[r->to].starts, base = s->cases;
        } else if (r->kind == ROW_END) {
            from = eventlog_activity_name(a->log, r->act), to = "end";
            count = cases = s->g.nodes[r->act].ends, base = s->g.nodes[r->act].events;
        } else if (r->kind == ROW_EDGE) {
            const struct dfg_edge *e = &s->g.edges[r->edge];
            from = eventlog_activity_name(a->log, e->from);
            to = eventlog_activity_name(a->log, e->to);
            count = e->count, cases = e->cases, base = s->g.nodes[r->act].events;
            median = e->median_ms;
        } else {
            continue;
        }
        size_t row = table_add_row(t);
        table_set_text(t, row, 0, from);
        table_set_text(t, row, 1, to);
        table_set_count(t, row, 2, count);
        table_set_number(t, row, 3, base ? (double)count / (double)base : 0.0);
        table_set_count(t, row, 4, cases);
        if (!isnan(median))
            table_set_dur(t, row, 5, median);
    }
    return t;
}

/* Whether text (len tl) occurs in s, ASCII case ignored. */
static bool
contains_nocase(const char *s, const char *text, size_t tl)
{
    for (; *s != '\0'; s++)
        if (strncasecmp(s, text, tl) == 0)
            return true;
    return false;
}

/*
 * The activity text names: the one whose name is text (any case), else the
 * only one starting with it (any case), else the only one containing it.
 * Returns its id, or CF_NONE with why in msg (none, or the first few candidates).
 */
static uint32_t
resolve_activity(const struct event_log *log, const char *text, char *msg, size_t size)
{
    size_t n = eventlog_n_activities(log), tl = strlen(text);
    uint32_t found = CF_NONE;
    for (int pass = 0; pass < 3; pass++) {
        size_t hits = 0;
        struct cf_buf names = {0};
        for (uint32_t i = 0; i < n; i++) {
            const char *nm = eventlog_activity_name(log, i);
            bool ok = pass == 0   ? strcasecmp(nm, text) == 0
                      : pass == 1 ? strncasecmp(nm, text, tl) == 0
                                  : contains_nocase(nm, text, tl);
            if (!ok)
                continue;
            if (hits < 4) {
                char safe[64];
                ui_fit(nm, 24, safe, sizeof safe);
                cf_buf_printf(&names, "%s%s", hits ? ", " : "", safe);
            }
            hits++;
            found = i;
        }
        if (hits == 1) {
            cf_buf_clear(&names);
            return found;
        }
        if (hits > 1) {
            snprintf(msg, size, "%zu activities match: %s%s", hits, names.data,
                     hits > 4 ? ", ..." : "");
            cf_buf_clear(&names);
            return CF_NONE;
        }
        cf_buf_clear(&names);
    }
    snprintf(msg, size, "no activity matches");
    return CF_NONE;
}

static struct mv *
map_state(struct app *a)
{
    for (size_t i = 0; i < APP_NVIEWS; i++)
        if (a->views[i].ops == &view_map_ops)
            return a->views[i].priv;
    return NULL;
}

void
view_map_goto_hint(struct app *a, const char *arg, char *buf, size_t size)
{
    while (*arg == ' ')
        arg++;
    if (*arg == '\0') {
        snprintf(buf, size, "an activity's name, or the start of it");
        return;
    }
    uint32_t act = resolve_activity(a->log, arg, buf, size);
    if (act != CF_NONE)
        snprintf(buf, size, "%s %s", ui_glyph(GLYPH_ARROW), eventlog_activity_name(a->log, act));
}

int
view_map_goto(struct app *a, const char *name, const char *arg)
{
    (void)name;
    struct mv *s = map_state(a);
    if (s == NULL)
        return APP_REDRAW;
    while (*arg == ' ')
        arg++;
    char why[256];
    uint32_t act = resolve_activity(a->log, arg, why, sizeof why);
    if (act == CF_NONE) {
        char safe[64];
        ui_fit(arg, 30, safe, sizeof safe);
        app_message(a, true, "goto %s: %s", safe, why);
        return APP_REDRAW;
    }
    for (size_t i = 0; i < APP_NVIEWS; i++)
        if (a->views[i].ops == &view_map_ops)
            a->cur = i;
    s->show_list = false;
    if (s->area_h == 0)
        map_area(s, a->rows - 3, a->cols);
    map_update(s, a);
    s->view_h = s->area_h - s->chrome > 1 ? s->area_h - s->chrome : 1;
    s->view_w = s->area_w;
    long node = s->lay != NULL ? maplayout_find_node(s->lay, act) : -1;
    if (node < 0) {
        app_message(a, true, "%s is not on the map (] shows more activities, z another style)",
                    eventlog_activity_name(a->log, act));
        return APP_REDRAW;
    }
    s->sel = (uint32_t)node;
    s->centred = true;
    show_selected(s);
    return APP_REDRAW;
}

const struct view_ops view_map_ops = {
    .name = "Map",
    .init = mv_init,
    .draw = mv_draw,
    .key = mv_key,
    .resize = mv_resize,
    .free = mv_free,
    .update = mv_update,
    .list = mv_list,
    .mouse = mv_mouse,
    .table = mv_table,
};

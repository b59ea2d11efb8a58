/* The Map view: the directly-follows graph as a list of activities with their successors. */
/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "dfg.h"
#include "filter.h"
#include "theme.h"

enum row_kind { ROW_START, ROW_ACT, ROW_EDGE, ROW_END };

struct map_row {
    enum row_kind kind;
    uint32_t act; /* the activity (ROW_ACT, ROW_END: the one ending; ROW_START: none) */
    uint32_t to;  /* ROW_EDGE: the successor; ROW_START with to != CF_NONE: a start activity */
    long edge;    /* index into g.edges for ROW_EDGE */
};

struct mv {
    const struct event_log *log;
    struct dfg g;
    struct map_row *rows;
    size_t n_rows;
    size_t n_acts, cases;
    unsigned long seen;
    struct listw list;
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

static int
mv_role(void *ud, size_t row)
{
    const struct mv *s = ud;
    const struct map_row *r = &s->rows[row];
    return (r->kind == ROW_ACT || (r->kind == ROW_START && r->to == CF_NONE)) ? ROLE_MAP_BOX : -1;
}

static const struct mv *sort_mv;

static int
cmp_act(const void *pa, const void *pb)
{
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    const struct dfg_node *na = &sort_mv->g.nodes[a], *nb = &sort_mv->g.nodes[b];
    if (na->events != nb->events)
        return na->events < nb->events ? 1 : -1;
    return strcmp(eventlog_activity_name(sort_mv->log, a), eventlog_activity_name(sort_mv->log, b));
}

/* Start rows: most frequent start first. */
static int
cmp_start(const void *pa, const void *pb)
{
    const struct map_row *a = pa, *b = pb;
    size_t sa = sort_mv->g.nodes[a->to].starts, sb = sort_mv->g.nodes[b->to].starts;
    if (sa != sb)
        return sa < sb ? 1 : -1;
    return a->to < b->to ? -1 : a->to > b->to;
}

static void
add_row(struct mv *s, enum row_kind k, uint32_t act, uint32_t to, long edge)
{
    s->rows[s->n_rows].kind = k;
    s->rows[s->n_rows].act = act;
    s->rows[s->n_rows].to = to;
    s->rows[s->n_rows].edge = edge;
    s->n_rows++;
}

static void
mv_init(struct view *v, struct app *a)
{
    struct mv *s = xcalloc(1, sizeof *s);
    s->log = a->log;
    listw_init(&s->list, mv_cols, sizeof mv_cols / sizeof mv_cols[0], mv_cell, s);
    s->list.role = mv_role;
    v->priv = s;
}

static void
mv_update(struct view *v, struct app *a)
{
    struct mv *s = v->priv;
    if (!app_stale(a, &s->seen))
        return;
    dfg_clear(&s->g);
    dfg_build(a->log, a->sel, NULL, &s->g);
    size_t na = s->g.n_act;
    uint32_t *acts = xcalloc(na + 1, sizeof *acts);
    size_t n = 0;
    s->cases = 0;
    for (uint32_t i = 0; i < na; i++) {
        if (s->g.nodes[i].events > 0)
            acts[n++] = i;
        s->cases += s->g.nodes[i].starts;
    }
    sort_mv = s;
    qsort(acts, n, sizeof *acts, cmp_act);
    sort_mv = NULL;
    s->n_acts = n;
    /* Rows: (start) and its activities, then each activity, its successors and (end). */
    free(s->rows);
    s->rows = xcalloc(1 + 2 * n + s->g.n_edges + 1, sizeof *s->rows);
    s->n_rows = 0;
    add_row(s, ROW_START, CF_NONE, CF_NONE, -1);
    size_t first_start = s->n_rows;
    for (size_t i = 0; i < n; i++)
        if (s->g.nodes[acts[i]].starts > 0)
            add_row(s, ROW_START, CF_NONE, acts[i], -1);
    sort_mv = s;
    qsort(s->rows + first_start, s->n_rows - first_start, sizeof *s->rows, cmp_start);
    sort_mv = NULL;
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
    listw_set_rows(&s->list, s->n_rows);
}

static void
mv_draw(struct view *v, struct app *a, WINDOW *w, int rows, int cols)
{
    struct mv *s = v->priv;
    mv_update(v, a);
    char line[512], n1[32], n2[32];
    ui_fmt_count(s->n_acts, n1, sizeof n1);
    ui_fmt_count(s->g.n_edges, n2, sizeof n2);
    snprintf(line, sizeof line,
             "Process map as a list: %s activities, %s transitions; share = of the "
             "activity's events (Enter filters)",
             n1, n2);
    app_draw_line(w, 0, cols, ROLE_DETAIL, line);
    listw_draw(&s->list, w, 1, rows - 1, cols);
    if (s->n_acts == 0)
        app_draw_line(w, 3, cols, ROLE_DIM, "  no case selected (u undoes the last filter)");
}

static int
mv_enter(struct mv *s, struct app *a)
{
    if (s->n_rows == 0)
        return APP_REDRAW;
    const struct map_row *r = &s->rows[s->list.sel];
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

static int
mv_key(struct view *v, struct app *a, enum action act, int key)
{
    (void)key;
    struct mv *s = v->priv;
    switch (act) {
    case ACT_ENTER: return mv_enter(s, a);
    case ACT_MAP_ACT_LESS:
    case ACT_MAP_ACT_MORE:
    case ACT_MAP_PATH_LESS:
    case ACT_MAP_PATH_MORE:
    case ACT_MAP_FREQ:
    case ACT_MAP_PERF:
        app_message(a, false, "this list shows every activity and transition");
        return APP_REDRAW;
    case ACT_MAP_NEXT_ELEM:
    case ACT_MAP_PREV_ELEM:
        return listw_action(&s->list, act == ACT_MAP_NEXT_ELEM ? ACT_DOWN : ACT_UP) ? APP_REDRAW : 0;
    default: return APP_PASS;
    }
}

static void
mv_free(struct view *v)
{
    struct mv *s = v->priv;
    if (s == NULL)
        return;
    dfg_clear(&s->g);
    free(s->rows);
    free(s);
    v->priv = NULL;
}

static struct listw *
mv_list(struct view *v)
{
    return &((struct mv *)v->priv)->list;
}

const struct view_ops view_map_ops = {
    .name = "Map",
    .init = mv_init,
    .draw = mv_draw,
    .key = mv_key,
    .free = mv_free,
    .update = mv_update,
    .list = mv_list,
};

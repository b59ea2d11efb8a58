/* The Rework and Dead ends views: the loop, regression, skip and dead-end tables of the analyses.
 */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "deadends.h"
#include "filter.h"
#include "rework.h"
#include "theme.h"
#include "viewfetch.h"

/* One table of a view: its columns and how to read and sort its rows. */
struct table_def {
    const char *title;
    const struct list_col *cols;
    size_t ncols;
    size_t (*count)(const void *data);
    void (*cell)(const struct event_log *log, const void *data, size_t row, size_t col, char *buf,
                 size_t size);
    double (*key)(const void *data, size_t row, size_t col); /* NAN: not sortable */
};

/* An analysis of a selection with its caption: made on the worker, shared with the cache. */
struct tvres {
    struct rescache_item it;
    bool is_rework;
    union {
        struct rework rw;
        struct deadends de;
    } u;
    char note[512];
};

/* State shared by the two views: the tables, the shown one, its sort and the analysis. */
struct tv {
    const struct event_log *log;
    const struct table_def *tables;
    size_t n_tables, cur;
    unsigned long seen;
    struct listw list;
    char stage_note[512]; /* second caption line */
    union {
        struct rework rw;
        struct deadends de;
    } u;               /* res's, borrowed */
    struct tvres *res; /* what is shown; NULL before the first result */
    bool computing;    /* the analysis of generation seen is on its way */
    bool is_rework;
};

/* ------------------------------------------------------------ rework tables */

static size_t
rw_act_count(const void *d)
{
    return ((const struct rework *)d)->n_activities;
}

static void
rw_act_cell(const struct event_log *log, const void *d, size_t row, size_t col, char *buf,
            size_t size)
{
    const struct rework_activity *r = &((const struct rework *)d)->activities[row];
    size_t v[] = {0, r->cases_repeated, r->extra_occurrences, r->self_loop_cases, r->redo_cases};
    if (col == 0)
        snprintf(buf, size, "%s", eventlog_activity_name(log, r->activity));
    else
        ui_fmt_count(v[col], buf, size);
}

static double
rw_act_key(const void *d, size_t row, size_t col)
{
    const struct rework_activity *r = &((const struct rework *)d)->activities[row];
    size_t v[] = {0, r->cases_repeated, r->extra_occurrences, r->self_loop_cases, r->redo_cases};
    return col == 0 ? NAN : (double)v[col];
}

static size_t
rw_loop_count(const void *d)
{
    return ((const struct rework *)d)->n_loops;
}

static void
loop_path(const struct event_log *log, const struct rework_loop *l, struct cf_buf *b)
{
    for (size_t k = 0; k < l->len; k++) {
        if (k > 0)
            cf_buf_puts(b, " > ");
        cf_buf_puts(b, eventlog_activity_name(log, l->path[k]));
    }
}

static void
rw_loop_cell(const struct event_log *log, const void *d, size_t row, size_t col, char *buf,
             size_t size)
{
    const struct rework_loop *l = &((const struct rework *)d)->loops[row];
    if (col == 0) {
        struct cf_buf b = {0};
        loop_path(log, l, &b);
        snprintf(buf, size, "%s", b.data);
        cf_buf_clear(&b);
    } else if (col == 1) {
        ui_fmt_count(l->cases, buf, size);
    } else if (col == 2) {
        ui_fmt_count(l->occurrences, buf, size);
    } else {
        app_fmt_ms(l->median_ms, buf, size);
    }
}

static double
rw_loop_key(const void *d, size_t row, size_t col)
{
    const struct rework_loop *l = &((const struct rework *)d)->loops[row];
    double v[] = {NAN, (double)l->cases, (double)l->occurrences, l->median_ms};
    return v[col];
}

static size_t
rw_reg_count(const void *d)
{
    return ((const struct rework *)d)->n_regressions;
}

static size_t
rw_skip_count(const void *d)
{
    return ((const struct rework *)d)->n_skips;
}

static void
jump_cell(const struct event_log *log, const struct rework_jump *j, size_t col, bool skips,
          char *buf, size_t size)
{
    if (!skips && col >= 2)
        col++; /* regressions have no Skipped column */
    switch (col) {
    case 0: snprintf(buf, size, "%s", eventlog_activity_name(log, j->from)); break;
    case 1: snprintf(buf, size, "%s", eventlog_activity_name(log, j->to)); break;
    case 2: {
        struct cf_buf b = {0};
        for (size_t k = 0; k < j->n_skipped; k++)
            cf_buf_printf(&b, "%s%s", k ? ", " : "", eventlog_activity_name(log, j->skipped[k]));
        snprintf(buf, size, "%s", b.data ? b.data : "");
        cf_buf_clear(&b);
        break;
    }
    case 3: ui_fmt_count(j->cases, buf, size); break;
    default: ui_fmt_count(j->count, buf, size);
    }
}

static void
rw_reg_cell(const struct event_log *log, const void *d, size_t row, size_t col, char *buf,
            size_t size)
{
    jump_cell(log, &((const struct rework *)d)->regressions[row], col, false, buf, size);
}

static void
rw_skip_cell(const struct event_log *log, const void *d, size_t row, size_t col, char *buf,
             size_t size)
{
    jump_cell(log, &((const struct rework *)d)->skips[row], col, true, buf, size);
}

static double
rw_reg_key(const void *d, size_t row, size_t col)
{
    const struct rework_jump *j = &((const struct rework *)d)->regressions[row];
    return col == 2 ? (double)j->cases : col == 3 ? (double)j->count : NAN;
}

static double
rw_skip_key(const void *d, size_t row, size_t col)
{
    const struct rework_jump *j = &((const struct rework *)d)->skips[row];
    return col == 3 ? (double)j->cases : col == 4 ? (double)j->count : NAN;
}

static const struct list_col rw_act_cols[] = {
    {"Activity", 20, LIST_LEFT, true, false}, {"Repeated", 8, LIST_RIGHT, false, false},
    {"Extra", 7, LIST_RIGHT, false, false},   {"Self-loop", 9, LIST_RIGHT, false, false},
    {"Redo", 7, LIST_RIGHT, false, false},
};
static const struct list_col rw_loop_cols[] = {
    {"Loop", 20, LIST_LEFT, true, false},
    {"Cases", 7, LIST_RIGHT, false, false},
    {"Times", 7, LIST_RIGHT, false, false},
    {"Median", 8, LIST_RIGHT, false, false},
};
static const struct list_col rw_reg_cols[] = {
    {"From (later stage)", 24, LIST_LEFT, false, false},
    {"Back to", 20, LIST_LEFT, true, false},
    {"Cases", 7, LIST_RIGHT, false, false},
    {"Times", 7, LIST_RIGHT, false, false},
};
static const struct list_col rw_skip_cols[] = {
    {"From", 18, LIST_LEFT, false, false},   {"To", 18, LIST_LEFT, false, false},
    {"Skipped", 10, LIST_LEFT, true, false}, {"Cases", 7, LIST_RIGHT, false, false},
    {"Times", 7, LIST_RIGHT, false, false},
};

static const struct table_def rework_tables[] = {
    {"activities repeated in a case", rw_act_cols, 5, rw_act_count, rw_act_cell, rw_act_key},
    {"loops back to an activity", rw_loop_cols, 4, rw_loop_count, rw_loop_cell, rw_loop_key},
    {"regressions to an earlier stage", rw_reg_cols, 4, rw_reg_count, rw_reg_cell, rw_reg_key},
    {"skips over stages", rw_skip_cols, 5, rw_skip_count, rw_skip_cell, rw_skip_key},
};

/* ------------------------------------------------------------ dead-end tables */

static size_t
de_act_count(const void *d)
{
    return ((const struct deadends *)d)->n_activities;
}

static void
de_act_cell(const struct event_log *log, const void *d, size_t row, size_t col, char *buf,
            size_t size)
{
    const struct deadend_activity *r = &((const struct deadends *)d)->activities[row];
    switch (col) {
    case 0: snprintf(buf, size, "%s", eventlog_activity_name(log, r->activity)); break;
    case 1: snprintf(buf, size, "%s", r->accepted ? "end" : ""); break;
    case 2: ui_fmt_count(r->cases_reached, buf, size); break;
    case 3: ui_fmt_count(r->cases_ended, buf, size); break;
    case 4: snprintf(buf, size, "%.1f%%", 100.0 * r->exit_rate); break;
    default: snprintf(buf, size, "%.1f%%", 100.0 * r->completion_after);
    }
}

static double
de_act_key(const void *d, size_t row, size_t col)
{
    const struct deadend_activity *r = &((const struct deadends *)d)->activities[row];
    double v[] = {NAN,
                  NAN,
                  (double)r->cases_reached,
                  (double)r->cases_ended,
                  r->exit_rate,
                  r->completion_after};
    return v[col];
}

static size_t
de_open_count(const void *d)
{
    return ((const struct deadends *)d)->n_open;
}

static void
de_open_cell(const struct event_log *log, const void *d, size_t row, size_t col, char *buf,
             size_t size)
{
    const struct deadend_open *o = &((const struct deadends *)d)->open[row];
    switch (col) {
    case 0: snprintf(buf, size, "%s", eventlog_activity_name(log, o->activity)); break;
    case 1: ui_fmt_count(o->cases, buf, size); break;
    case 2: app_fmt_ms(o->age_median_ms, buf, size); break;
    default: app_fmt_ms((double)o->age_max_ms, buf, size);
    }
}

static double
de_open_key(const void *d, size_t row, size_t col)
{
    const struct deadend_open *o = &((const struct deadends *)d)->open[row];
    double v[] = {NAN, (double)o->cases, o->age_median_ms, (double)o->age_max_ms};
    return v[col];
}

static const struct list_col de_act_cols[] = {
    {"Activity", 20, LIST_LEFT, true, false}, {"Is", 3, LIST_LEFT, false, false},
    {"Reached", 8, LIST_RIGHT, false, false}, {"Ended", 8, LIST_RIGHT, false, false},
    {"Exit", 6, LIST_RIGHT, false, false},    {"Done after", 10, LIST_RIGHT, false, false},
};
static const struct list_col de_open_cols[] = {
    {"Open cases stopped at", 20, LIST_LEFT, true, false},
    {"Cases", 8, LIST_RIGHT, false, false},
    {"Age median", 10, LIST_RIGHT, false, false},
    {"Age max", 10, LIST_RIGHT, false, false},
};

static const struct table_def deadend_tables[] = {
    {"where cases stop", de_act_cols, 6, de_act_count, de_act_cell, de_act_key},
    {"open cases by last activity (age at the log's end)", de_open_cols, 4, de_open_count,
     de_open_cell, de_open_key},
};

/* ------------------------------------------------------------ shared machinery */

static const void *
tv_data(const struct tv *s)
{
    return s->is_rework ? (const void *)&s->u.rw : (const void *)&s->u.de;
}

static void
tv_cell(void *ud, size_t row, size_t col, char *buf, size_t size)
{
    const struct tv *s = ud;
    s->tables[s->cur].cell(s->log, tv_data(s), row, col, buf, size);
}

/* The number a cell sorts by (the widget sorts; columns without one sort by text). */
static double
tv_num(void *ud, size_t row, size_t col, bool *ok)
{
    const struct tv *s = ud;
    double k = s->tables[s->cur].key(tv_data(s), row, col);
    *ok = !isnan(k);
    return k;
}

/* Point the list at the current table, in the current order. */
static void
tv_rebuild(struct tv *s)
{
    const struct table_def *t = &s->tables[s->cur];
    size_t n = t->count(tv_data(s));
    s->list.cols = t->cols;
    s->list.ncols = t->ncols;
    listw_set_rows(&s->list, n);
}

static void
tv_init(struct view *v, struct app *a, bool is_rework)
{
    struct tv *s = xcalloc(1, sizeof *s);
    s->log = a->log;
    s->is_rework = is_rework;
    s->tables = is_rework ? rework_tables : deadend_tables;
    s->n_tables = is_rework ? sizeof rework_tables / sizeof rework_tables[0]
                            : sizeof deadend_tables / sizeof deadend_tables[0];
    listw_init(&s->list, s->tables[0].cols, s->tables[0].ncols, tv_cell, s);
    s->list.sortable = true;
    s->list.num = tv_num;
    v->priv = s;
}

/* Resolve a ':stages' / ':end' list; on a bad name, note it and use none (= inferred). */
static uint32_t *
parse_list(const struct event_log *log, const char *list, size_t *n, char *note, size_t size)
{
    *n = 0;
    if (list == NULL)
        return NULL;
    uint32_t *ids = NULL;
    struct cf_error err = {0};
    if (filter_parse_activities(log, list, &ids, n, &err) != 0) {
        snprintf(note, size, "%.200s: inferred instead; ", err.msg);
        *n = 0;
        return NULL;
    }
    return ids;
}

static void
tvres_free(struct rescache_item *it)
{
    struct tvres *r = (struct tvres *)it;
    if (r->is_rework)
        rework_clear(&r->u.rw);
    else
        deadends_clear(&r->u.de);
    free(r);
}

/* The analysis of sel with list (:stages or :end, NULL: inferred) and its caption (any thread). */
static struct tvres *
tvres_build(const struct event_log *log, const struct selection *sel, bool is_rework,
            const char *list)
{
    struct tvres *r = xcalloc(1, sizeof *r);
    r->it.refs = 1;
    r->it.free_fn = tvres_free;
    r->is_rework = is_rework;
    char bad[256] = "";
    size_t n;
    struct cf_buf b = {0};
    uint32_t *ids = parse_list(log, list, &n, bad, sizeof bad);
    if (is_rework) {
        rework_build(log, sel, ids, n, &r->u.rw);
        const struct rework *w = &r->u.rw;
        cf_buf_printf(&b, "%sStage order (%s, :stages sets):", bad,
                      w->stages_inferred ? "inferred" : "given");
        for (size_t i = 0; i < w->n_stages; i++)
            cf_buf_printf(&b, " %s%s", i ? "> " : "", eventlog_activity_name(log, w->stages[i]));
    } else {
        deadends_build(log, sel, ids, n, &r->u.de);
        const struct deadends *d = &r->u.de;
        char cnt[32], med[32], max[32];
        ui_fmt_count(d->open_count, cnt, sizeof cnt);
        app_fmt_ms(d->age_median_ms, med, sizeof med);
        app_fmt_ms((double)d->age_max_ms, max, sizeof max);
        cf_buf_printf(&b, "%sEnds (%s, :end sets):", bad, d->inferred ? "inferred" : "given");
        for (size_t i = 0; i < d->n_accepted; i++)
            cf_buf_printf(&b, "%s %s", i ? "," : "", eventlog_activity_name(log, d->accepted[i]));
        if (d->n_accepted == 0)
            cf_buf_puts(&b, " none");
        cf_buf_printf(&b, "; open %s, age median %s, max %s", cnt, med, max);
    }
    free(ids);
    snprintf(r->note, sizeof r->note, "%s", b.data ? b.data : "");
    cf_buf_clear(&b);
    return r;
}

/* Show r (a reference is taken). */
static void
tv_install(struct tv *s, struct tvres *r)
{
    rescache_ref(&r->it);
    rescache_release(s->res != NULL ? &s->res->it : NULL);
    s->res = r;
    if (r->is_rework)
        s->u.rw = r->u.rw;
    else
        s->u.de = r->u.de;
    snprintf(s->stage_note, sizeof s->stage_note, "%s", r->note);
    s->computing = false;
    tv_rebuild(s);
}

static int
tv_kind(const struct tv *s)
{
    return s->is_rework ? APP_RES_REWORK : APP_RES_DEADENDS;
}

/* The list setting as a cache key (0: none). */
static uint64_t
list_key(const char *list)
{
    uint64_t h = 0;
    for (const char *p = list; p != NULL && *p != '\0'; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001b3u + 1;
    return h;
}

/* For viewfetch: the analysis with arg the :stages or :end list (may be NULL). */
static struct rescache_item *
tv_build_rework(const struct event_log *log, const struct selection *sel, const void *arg)
{
    return &tvres_build(log, sel, true, arg)->it;
}

static struct rescache_item *
tv_build_deadends(const struct event_log *log, const struct selection *sel, const void *arg)
{
    return &tvres_build(log, sel, false, arg)->it;
}

static void
tv_show(void *view, struct app *a, struct rescache_item *it)
{
    (void)a;
    tv_install(view, (struct tvres *)it);
}

static bool
tv_current(const void *view, unsigned long gen, uint64_t param)
{
    (void)param;
    return ((const struct tv *)view)->seen == gen;
}

/* Bring the view to the selection: from the cache, else made here (wait) or on the worker. */
static void
tv_fetch(struct tv *s, struct app *a, bool wait)
{
    const char *list = s->is_rework ? a->stages : a->ends;
    struct viewfetch f = {.kind = tv_kind(s),
                          .slot = APP_SLOT_VIEW(s->is_rework ? 4 : 5),
                          .param = list_key(list),
                          .build = s->is_rework ? tv_build_rework : tv_build_deadends,
                          .arg = list,
                          .arg_is_string = true,
                          .install = tv_show,
                          .current = tv_current,
                          .view = s,
                          .gen = s->seen};
    s->computing = true; /* until installed, now or when the worker is done */
    viewfetch(a, &f, wait);
}

/* :export: the analysis of now, waited for. */
static void
tv_update(struct view *v, struct app *a)
{
    struct tv *s = v->priv;
    if (app_stale(a, &s->seen) || s->computing)
        tv_fetch(s, a, true);
}

static void
tv_draw(struct view *v, struct app *a, WINDOW *w, int rows, int cols)
{
    struct tv *s = v->priv;
    if (app_stale(a, &s->seen))
        tv_fetch(s, a, false);
    char line[512];
    const struct table_def *t = &s->tables[s->cur];
    snprintf(line, sizeof line, "[%zu/%zu] %s%s%s (t next table, <> sort)", s->cur + 1, s->n_tables,
             t->title, s->list.sort_col >= 0 ? ", by " : "",
             s->list.sort_col >= 0 ? t->cols[s->list.sort_col].title : "");
    app_draw_line(w, 0, cols, ROLE_DETAIL, line);
    app_draw_line(w, 1, cols, ROLE_DIM, s->stage_note);
    listw_draw(&s->list, w, 2, rows - 2, cols);
    if (s->list.n == 0)
        app_draw_line(w, 3, cols, ROLE_DIM,
                      s->res == NULL && s->computing ? "  computing..."
                                                     : "  none in the selected cases");
}

/* Enter: a filter to the cases behind the selected row. */
static int
tv_enter(struct tv *s, struct app *a)
{
    if (s->list.n == 0)
        return APP_REDRAW;
    size_t row = listw_cur(&s->list);
    const struct event_log *log = a->log;
    struct cf_error err = {0};
    struct filter *f = NULL;
    if (s->is_rework) {
        const struct rework *r = &s->u.rw;
        if (s->cur == 0) {
            const char *n = eventlog_activity_name(log, r->activities[row].activity);
            f = filter_new_follows(log, n, n, &err);
        } else if (s->cur == 1) {
            struct cf_buf p = {0}, re = {0};
            loop_path(log, &r->loops[row], &p);
            cf_buf_puts(&re, "(^| > )");
            app_regex_quote(p.data, &re);
            cf_buf_puts(&re, "( > |$)");
            f = filter_new_path(log, re.data, 0, &err);
            cf_buf_clear(&re);
            cf_buf_clear(&p);
        } else {
            const struct rework_jump *j = s->cur == 2 ? &r->regressions[row] : &r->skips[row];
            f = filter_new_follows(log, eventlog_activity_name(log, j->from),
                                   eventlog_activity_name(log, j->to), &err);
        }
    } else {
        uint32_t act = s->cur == 0 ? s->u.de.activities[row].activity : s->u.de.open[row].activity;
        f = filter_new_ends_with(log, eventlog_activity_name(log, act), &err);
    }
    if (f == NULL) {
        app_message(a, true, "%s", err.msg);
        return APP_REDRAW;
    }
    return app_push_filter_obj(a, f, NULL);
}

static int
tv_key(struct view *v, struct app *a, enum action act, int key)
{
    (void)key;
    struct tv *s = v->priv;
    switch (act) {
    case ACT_TOGGLE_TABLE:
        s->cur = (s->cur + 1) % s->n_tables;
        listw_sort(&s->list, -1, false);
        tv_rebuild(s);
        listw_select(&s->list, 0);
        return APP_REDRAW;
    case ACT_ENTER: return tv_enter(s, a);
    default: return APP_PASS;
    }
}

static void
tv_free(struct view *v)
{
    struct tv *s = v->priv;
    if (s == NULL)
        return;
    rescache_release(s->res != NULL ? &s->res->it : NULL);
    listw_free(&s->list);
    free(s);
    v->priv = NULL;
}

static struct listw *
tv_list(struct view *v)
{
    return &((struct tv *)v->priv)->list;
}

static void
rework_init(struct view *v, struct app *a)
{
    tv_init(v, a, true);
}

static void
deadends_init(struct view *v, struct app *a)
{
    tv_init(v, a, false);
}

const struct view_ops view_rework_ops = {
    .name = "Rework",
    .init = rework_init,
    .draw = tv_draw,
    .key = tv_key,
    .free = tv_free,
    .update = tv_update,
    .list = tv_list,
};

const struct view_ops view_deadends_ops = {
    .name = "Dead ends",
    .init = deadends_init,
    .draw = tv_draw,
    .key = tv_key,
    .free = tv_free,
    .update = tv_update,
    .list = tv_list,
};

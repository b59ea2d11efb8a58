/* The explorer on a push-down aggregate: opening it, filters pushed into SQL, and the full load
 * (L). */
/* SPDX-License-Identifier: MIT */
#include "appagg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggsource.h"
#include "commands.h"
#include "source_pg.h"
#include "termsafe.h"
#include "theme.h"

static void
install_views(struct app *a, struct appagg *g)
{
    for (size_t i = 0; i < APP_NVIEWS; i++) {
        g->normal[i] = a->views[i].ops;
        g->panel[i] = (struct view_ops){.name = g->normal[i]->name,
                                        .draw = view_agg_panel_draw,
                                        .key = view_agg_panel_key,
                                        .context = view_agg_panel_context};
        const struct view_ops *ops = &g->panel[i];
        if (g->normal[i] == &view_map_ops) {
            g->map = view_map_ops;
            g->map.key = view_agg_map_key;
            g->map.mouse = view_agg_map_mouse;
            ops = &g->map;
        } else if (g->normal[i] == &view_variants_ops)
            ops = &view_agg_variants_ops;
        else if (g->normal[i] == &view_stages_ops)
            ops = &view_agg_stages_ops;
        else if (g->normal[i] == &view_help_ops)
            ops = &view_help_ops;
        a->views[i].ops = ops;
    }
}

static void
appagg_state_free(struct appagg *g)
{
    if (g == NULL)
        return;
    for (size_t i = 0; i < g->n_levels; i++) {
        aggregate_free(g->levels[i].ag);
        free(g->levels[i].opt);
        free(g->levels[i].arg);
    }
    aggregate_free(g->ag);
    free(g->case_col);
    free(g->act_col);
    free(g->time_col);
    pushed_filters_clear(&g->pf);
    free(g);
}

struct event_log *
appagg_open(struct app *a, const struct cli_common *c, const char *db, const char *file,
            struct cf_error *err)
{
    struct appagg *g = xcalloc(1, sizeof *g);
    g->cc = *c;
    g->c = &g->cc;
    c = g->c;
    g->db = db;
    if (db != NULL) {
        const struct import_opts *o = &c->import;
        struct pg_source src = {db, o->db_table, o->db_query, o->order_col};
        char *from = NULL;
        if (pushdown_roles(db, o, &g->case_col, &g->act_col, &g->time_col, err) != 0 ||
            (from = source_pg_from_item(&src, err)) == NULL) {
            appagg_state_free(g);
            return NULL;
        }
        pushed_filters_split(c, from, g->case_col, g->time_col, &g->pf);
        free(from);
        g->ag = pushdown_run(db, o, g->case_col, g->act_col, g->time_col, g->pf.where, err);
    } else if (c->n_filters > 0) {
        cf_error_set(err, NULL, 0,
                     "filters need every event, and an aggregate file has none: leave them out, "
                     "or open the event log or the database itself");
        err->usage = true;
        appagg_state_free(g);
        return NULL;
    } else {
        g->ag = aggregate_load(file, err);
    }
    if (g->ag == NULL) {
        appagg_state_free(g);
        return NULL;
    }
    a->agg = g;
    install_views(a, g);
    return aggsource_log(g->ag);
}

/* The views over g->ag: a new stand-in log, every view made again, nothing cached kept. */
static void
reopen_views(struct app *a, struct appagg *g)
{
    for (size_t i = 0; i < APP_NVIEWS; i++) {
        if (a->views[i].ops->free != NULL)
            a->views[i].ops->free(&a->views[i]);
        a->views[i].priv = NULL;
    }
    rescache_clear(&a->cache);
    selection_free(a->all);
    eventlog_free(a->log);
    a->log = aggsource_log(g->ag);
    a->all = selection_new(a->log->n_cases, true);
    app_selection_changed(a);
    for (size_t i = 0; i < APP_NVIEWS; i++)
        if (a->views[i].ops->init != NULL)
            a->views[i].ops->init(&a->views[i], a);
}

/* Whether a database read failed because the user cancelled it (Esc). */
static bool
cancelled(const struct cf_error *err)
{
    return strstr(err->msg, source_pg_cancelled) != NULL;
}

/* The filters of g->cc split again (after one was added or taken back). */
static void
resplit(struct appagg *g, struct pushed_filters *pf)
{
    const struct import_opts *o = &g->cc.import;
    struct pg_source src = {g->db, o->db_table, o->db_query, o->order_col};
    struct cf_error err = {0};
    char *from = source_pg_from_item(&src, &err);
    pushed_filters_split(&g->cc, from != NULL ? from : "", g->case_col, g->time_col, pf);
    free(from);
}

static void
level_drop(struct appagg *g)
{
    struct appagg_level *lv = &g->levels[--g->n_levels];
    free(lv->opt);
    free(lv->arg);
    lv->opt = lv->arg = NULL;
    g->cc.n_filters--;
}

/* u (all: U): the aggregate before the last filter pushed from the explorer (or the first). */
static int
undo_pushed(struct app *a, bool all)
{
    struct appagg *g = a->agg;
    struct cf_buf d = {0};
    do {
        struct appagg_level *lv = &g->levels[g->n_levels - 1];
        pushed_filters_describe(&d, &g->cc.filters[g->cc.n_filters - 1]);
        aggregate_free(g->ag);
        g->ag = lv->ag;
        lv->ag = NULL;
        level_drop(g);
    } while (all && g->n_levels > 0);
    pushed_filters_clear(&g->pf);
    resplit(g, &g->pf);
    reopen_views(a, g);
    struct cf_buf m = {0};
    cf_buf_puts(&m, "undid ");
    cf_term_escape(&m, d.data, d.len);
    cf_buf_puts(&m, " (the aggregate before it)");
    app_message(a, false, "%s", m.data);
    cf_buf_clear(&m);
    cf_buf_clear(&d);
    return APP_RELAYOUT | APP_RECOMPUTE | APP_REDRAW;
}

int
appagg_action(struct app *a, enum action act)
{
    if (a->agg == NULL)
        return -1;
    switch (act) {
    case ACT_UNDO:
    case ACT_CLEAR:
        if (a->agg->n_levels > 0)
            return undo_pushed(a, act == ACT_CLEAR);
        /* fall through */
    case ACT_FILTER_PATH:
    case ACT_FILTER_CASE:
    case ACT_FILTER_ATTR:
    case ACT_FILTERS:
        app_message(a, true, "%s",
                    a->agg->db == NULL ? "filters need every event: open the event log itself"
                    : act == ACT_UNDO || act == ACT_CLEAR
                        ? "no filter to undo: those of the command line are in the database's "
                          "query (L loads every event)"
                    : act == ACT_FILTERS
                        ? "the filters pane needs every event: L loads them (u undoes a filter "
                          "pushed into the query)"
                        : "this filter needs every event: L loads them; :where ATTR=VALUE, "
                          ":from DATE and :to DATE go into the database's query");
        return APP_REDRAW;
    default: return -1;
    }
}

int
appagg_push_filter(struct app *a, const char *opt, const char *arg, bool invert)
{
    struct appagg *g = a->agg;
    if (g->db == NULL) {
        app_message(a, true, "filters need every event: open the event log itself");
        return APP_REDRAW;
    }
    if (g->cc.n_filters >= CLI_MAX_FILTERS) {
        app_message(a, true, "too many filters (at most %d)", CLI_MAX_FILTERS);
        return APP_REDRAW;
    }
    struct appagg_level *lv = &g->levels[g->n_levels++];
    lv->opt = xstrdup(opt);
    lv->arg = arg != NULL ? xstrdup(arg) : NULL;
    g->cc.filters[g->cc.n_filters++] = (struct cli_filter_spec){lv->opt, lv->arg, invert};
    struct cf_buf d = {0}, m = {0};
    pushed_filters_describe(&d, &g->cc.filters[g->cc.n_filters - 1]);
    struct pushed_filters pf;
    resplit(g, &pf);
    if (pf.kept_filter[g->cc.n_filters - 1]) {
        cf_term_escape(&m, d.data, d.len);
        app_message(a, true,
                    "%s: no SQL for it (:where ATTR=VALUE or ATTR!=VALUE, :from and :to have "
                    "one): L loads every event",
                    m.data);
        goto refused;
    }
    cf_term_escape(&m, d.data, d.len);
    app_message(a, false, "pushing %s into the query (Esc cancels)...", m.data);
    app_draw_now(a);
    struct cf_error err = {0};
    struct aggregate *ag =
        pushdown_run(g->db, &g->cc.import, g->case_col, g->act_col, g->time_col, pf.where, &err);
    if (ag == NULL && cancelled(&err)) {
        app_message(a, false, "cancelled: %s is not pushed", m.data);
        goto refused;
    }
    if (ag == NULL) {
        char msg[400];
        app_filter_error_text(&err, msg, sizeof msg);
        app_message(a, true, "the database's query failed: %s", msg);
        goto refused;
    }
    lv->ag = g->ag;
    g->ag = ag;
    pushed_filters_clear(&g->pf);
    g->pf = pf;
    reopen_views(a, g);
    char cases[32];
    ui_fmt_count(ag->cases, cases, sizeof cases);
    app_message(a, false, "pushed %s: %s cases (u undoes it)", m.data, cases);
    cf_buf_clear(&d);
    cf_buf_clear(&m);
    return APP_RELAYOUT | APP_RECOMPUTE | APP_REDRAW;
refused:
    pushed_filters_clear(&pf);
    level_drop(g);
    cf_buf_clear(&d);
    cf_buf_clear(&m);
    return APP_REDRAW;
}

void
appagg_status(const struct app *a, char *buf, size_t size)
{
    const struct appagg *g = a->agg;
    char cases[32], events[32], name[64];
    ui_fmt_count(g->ag->cases, cases, sizeof cases);
    ui_fmt_count(g->ag->events, events, sizeof events);
    ui_fit(a->log_label, 20, name, sizeof name);
    const char *sep = ui_glyph(GLYPH_VLINE);
    int n = snprintf(buf, size, " %s %s aggregate: %s cases %s %s events ", name, sep, cases, sep,
                     events);
    if (n < 0 || (size_t)n >= size)
        return;
    if (g->pf.pushed != NULL)
        n += snprintf(buf + n, size - (size_t)n, "%s pushed %zu filter%s ", sep, g->pf.n_pushed,
                      g->pf.n_pushed == 1 ? "" : "s");
    if (n >= 0 && (size_t)n < size && g->pf.n_kept > 0)
        snprintf(buf + n, size - (size_t)n, "%s %zu after L ", sep, g->pf.n_kept);
}

size_t
appagg_cases(const struct app *a)
{
    return a->agg->ag->cases;
}

void
appagg_panel_lines(const struct app *a, const char *name, appagg_line_fn fn, void *ud)
{
    const struct appagg *g = a->agg;
    char line[600], cases[32], events[32];
    ui_fmt_count(g->ag->cases, cases, sizeof cases);
    ui_fmt_count(g->ag->events, events, sizeof events);
    snprintf(line, sizeof line, "%s needs every event.", name);
    fn(ud, ROLE_HEADER, line);
    fn(ud, ROLE_NORMAL, "");
    snprintf(line, sizeof line, "The explorer holds an aggregate %s: %s cases,",
             g->db != NULL ? "computed by the database" : "read from a file", cases);
    fn(ud, ROLE_NORMAL, line);
    snprintf(line, sizeof line, "%s events, %zu variants, %zu transitions, and no events.", events,
             g->ag->n_variants, g->ag->n_edges);
    fn(ud, ROLE_NORMAL, line);
    fn(ud, ROLE_NORMAL, "1 Map, 2 Variants and 4 Stages work on it.");
    fn(ud, ROLE_NORMAL, "");
    if (g->db == NULL) {
        fn(ud, ROLE_NORMAL, "It was read from a file (--aggregate): for this view open the");
        fn(ud, ROLE_NORMAL, "event log itself (caseflow LOG, or the database with its URL).");
        return;
    }
    fn(ud, ROLE_KEYBAR_KEY, "L loads every event from the database");
    fn(ud, ROLE_NORMAL, "");
    struct cf_buf b = {0};
    cf_buf_puts(&b, "Pushed into its WHERE clause: ");
    cf_term_escape(&b, g->pf.pushed ? g->pf.pushed : "nothing",
                   strlen(g->pf.pushed ? g->pf.pushed : "nothing"));
    fn(ud, ROLE_NORMAL, b.data);
    b.len = 0;
    cf_buf_puts(&b, "Applied after loading (no SQL for them): ");
    cf_term_escape(&b, g->pf.kept ? g->pf.kept : "nothing",
                   strlen(g->pf.kept ? g->pf.kept : "nothing"));
    fn(ud, ROLE_NORMAL, b.data);
    cf_buf_clear(&b);
    if (g->pf.n_kept > 0)
        fn(ud, ROLE_DIM, "(the aggregate's views show the pushed filters only)");
}

/* The filters kept for caseflow as the first level of the stack; 0 or -1 (message set). */
static int
apply_kept(struct app *a, const struct appagg *g)
{
    if (g->pf.n_kept == 0)
        return 0;
    struct cli_common *k = xmalloc(sizeof *k);
    *k = *g->c;
    k->n_filters = 0;
    struct cf_buf d = {0};
    for (size_t i = 0; i < g->c->n_filters; i++)
        if (g->pf.kept_filter[i]) {
            k->filters[k->n_filters++] = g->c->filters[i];
            if (strcmp(g->c->filters[i].opt, "range") != 0)
                pushed_filters_describe(&d, &g->c->filters[i]);
        }
    struct selection *s = selection_new(a->log->n_cases, true);
    struct cf_error err = {0};
    int rc = cli_apply_filters(k, a->log, s, &err);
    free(k);
    if (rc != 0) {
        char msg[400];
        app_filter_error_text(&err, msg, sizeof msg);
        app_message(a, true, "loaded, but a filter failed: %s", msg);
        selection_free(s);
        cf_buf_clear(&d);
        return -1;
    }
    a->stack[0].sel = s;
    a->stack[0].own = selection_copy(s);
    a->stack[0].desc = d.data;
    a->depth = 1;
    return 0;
}

int
appagg_full_load(struct app *a)
{
    struct appagg *g = a->agg;
    if (g == NULL) {
        app_message(a, false,
                    "every event is loaded (L loads them in the explorer on a push-down)");
        return APP_REDRAW;
    }
    if (g->db == NULL) {
        app_message(a, true, "the aggregate came from a file: open the event log itself");
        return APP_REDRAW;
    }
    struct import_opts o = g->c->import;
    struct cf_buf q = {0};
    if (g->pf.where != NULL) {
        struct pg_source src = {g->db, o.db_table, o.db_query, o.order_col};
        struct cf_error ferr = {0};
        char *from = source_pg_from_item(&src, &ferr);
        /* A table keeps its physical order (the tie-break of equal times) through the filter. */
        cf_buf_printf(&q, "SELECT * FROM %s WHERE %s%s", from ? from : "", g->pf.where,
                      o.db_query == NULL && o.order_col == NULL ? " ORDER BY ctid" : "");
        free(from);
        o.db_query = q.data;
        o.db_table = NULL;
    }
    app_message(a, false, "loading every event from the database (Esc cancels)...");
    app_draw_now(a);
    struct cf_error err = {0};
    struct event_log *log = cli_import(g->db, &o, &err);
    cf_buf_clear(&q);
    char note[256] = "";
    if (log == NULL && cancelled(&err)) {
        app_message(a, false, "cancelled: the explorer stays on the aggregate");
        return APP_RELAYOUT | APP_REDRAW;
    }
    if (log == NULL || cli_postload(g->c, log, note, sizeof note, &err) != 0) {
        eventlog_free(log);
        char msg[400];
        app_filter_error_text(&err, msg, sizeof msg);
        app_message(a, true, "full load failed: %s", msg);
        return APP_RELAYOUT | APP_REDRAW;
    }
    for (size_t i = 0; i < APP_NVIEWS; i++) {
        if (a->views[i].ops->free != NULL)
            a->views[i].ops->free(&a->views[i]);
        a->views[i].priv = NULL;
        a->views[i].ops = g->normal[i];
    }
    while (a->depth > 0)
        app_filter_clear(&a->stack[--a->depth]);
    rescache_clear(&a->cache); /* of the stand-in: its selections look like the log's */
    selection_free(a->all);
    eventlog_free(a->log);
    a->log = log;
    app_display_tz(g->c->display_tz, log);
    a->all = selection_new(log->n_cases, true);
    a->agg = NULL;
    int frc = apply_kept(a, g);
    app_selection_changed(a);
    for (size_t i = 0; i < APP_NVIEWS; i++)
        if (a->views[i].ops->init != NULL)
            a->views[i].ops->init(&a->views[i], a);
    if (frc == 0) {
        char cases[32], events[32];
        ui_fmt_count(log->n_cases, cases, sizeof cases);
        ui_fmt_count(log->n_events, events, sizeof events);
        struct cf_buf m = {0};
        cf_buf_printf(&m, "loaded %s events of %s cases", events, cases);
        if (g->pf.pushed != NULL) {
            cf_buf_puts(&m, " (in the query: ");
            cf_term_escape(&m, g->pf.pushed, strlen(g->pf.pushed));
            cf_buf_puts(&m, ")");
        }
        app_message(a, false, "%s", m.data);
        cf_buf_clear(&m);
    }
    appagg_state_free(g);
    return APP_RELAYOUT | APP_RECOMPUTE | APP_REDRAW;
}

void
appagg_free(struct app *a)
{
    appagg_state_free(a->agg);
    a->agg = NULL;
}

/* The Statistics view: activities, resources, attribute values (win rates), cohorts, :between. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "attrstats.h"
#include "between.h"
#include "cmpvalues.h"
#include "cohorts.h"
#include "filter.h"
#include "pathinfo.h"
#include "statstables.h"
#include "table.h"
#include "theme.h"
#include "timeparse.h"
#include "variants.h"
#include "viewfetch.h"

enum sv_mode { M_ACTIVITIES, M_RESOURCES, M_ATTRIBUTES, M_COHORTS, M_BETWEEN, N_MODES };
static const char *const mode_names[N_MODES] = {"Activities", "Resources", "Attributes", "Cohorts",
                                                "Between"};

/* What a row of the Attributes table stands for (for Enter). */
struct row_meta {
    int attr; /* column, -1 the resource column */
    enum attr_type type;
    bool heading, none, lo_open;
    double lo, hi;
    char *label;
};

/* A table made for a selection (any thread), shared with the result cache. */
struct stres {
    struct rescache_item it;
    enum sv_mode mode;
    uint32_t ba, bb; /* :between's activities */
    struct table *t;
    struct table_col *own_cols; /* cohorts: allocated columns */
    size_t n_own_cols;
    struct row_meta *meta;
    size_t n_meta;
    char summary[256];
};

/* What a table is made from beyond the selection: copied into the worker's job. */
struct stargs {
    enum sv_mode mode;
    uint32_t ba, bb;    /* :between */
    int skip_a, skip_b; /* the attributes defining the outcome (-2: none) */
    bool oc;            /* seg holds each case's segment under the outcome */
    size_t n_seg;
    uint8_t seg[]; /* n_seg */
};

struct stv {
    enum sv_mode mode;
    struct vf_state vf; /* want: the key of the table asked for (stv_param) */
    enum sv_mode built; /* the mode the table shown holds */
    struct stres *res;  /* the table shown (t, meta: its) */
    struct table *t;
    struct row_meta *meta;
    size_t n_meta;
    struct list_col *lcols;
    size_t *map; /* list column -> table column */
    struct listw list;
    struct cf_buf cellbuf;
    /* :between */
    uint32_t ba, bb;
    bool has_between;
};

/* ---------------------------------------------------------------- attribute table */

enum { AV_VALUE, AV_CASES, AV_SHARE, AV_MEDIAN, AV_REWORK, AV_WIN, AV_IV, AV_BAR, AV_LIFT, AV_P };
static const struct table_col av_cols[] = {
    [AV_VALUE] = {"value", "Value", TK_TEXT, TA_LEFT, TC_END, 0, 12, TCOL_FLEX, NULL},
    [AV_CASES] = {"cases", "Cases", TK_COUNT, TA_AUTO, TC_NONE, 0, 0, 0, NULL},
    [AV_SHARE] = {"share", "Share", TK_SHARE, TA_AUTO, TC_NONE, 0, 0, 0, NULL},
    [AV_MEDIAN] = {"median_duration_s", "Median", TK_DURATION, TA_AUTO, TC_NONE, 0, 0, 0, NULL},
    [AV_REWORK] = {"rework_rate", "Rework", TK_SHARE, TA_AUTO, TC_NONE, 0, 0, 0, NULL},
    [AV_WIN] = {"win_rate", "Win", TK_SHARE, TA_AUTO, TC_NONE, 0, 0, 0, NULL},
    [AV_IV] = {"interval", "95%", TK_TEXT, TA_RIGHT, TC_NONE, 0, 0, 0, NULL},
    [AV_BAR] = {"win_bar", "", TK_BAR, TA_LEFT, TC_NONE, 0, 8, 0, NULL},
    [AV_LIFT] = {"lift", "Lift", TK_NUMBER, TA_AUTO, TC_NONE, 0, 0, 0, NULL},
    [AV_P] = {"p_value", "p", TK_NUMBER, TA_AUTO, TC_NONE, 0, 0, 0, NULL},
};

static void
stres_free(struct rescache_item *it)
{
    struct stres *s = (struct stres *)it;
    for (size_t i = 0; i < s->n_meta; i++)
        free(s->meta[i].label);
    free(s->meta);
    table_free(s->t);
    statstables_cohort_cols_free(s->own_cols, s->n_own_cols);
    free(s);
}

static void
build_attributes(struct stres *s, const struct event_log *log, const struct selection *sel,
                 const struct stargs *args)
{
    const uint8_t *seg = args->oc ? args->seg : NULL;
    bool oc = seg != NULL;
    s->t = table_new("attributes", NULL, av_cols, oc ? AV_P + 1 : AV_REWORK + 1, NULL);
    struct attrstats_opts opts = {.seg = seg, .min_cases = 1};
    size_t cap = 64;
    s->meta = xcalloc(cap, sizeof *s->meta);
    int first = strpool_count(log->resources) > 0 ? -1 : 0;
    int *attrs = xmalloc((log->n_attrs + 1) * sizeof *attrs);
    size_t n_attrs = 0;
    for (int at = first; at < (int)log->n_attrs; at++) {
        /* The attribute defining the outcome would only say 100% and 0%. */
        if (oc && at >= 0 && (args->skip_a == at || args->skip_b == at))
            continue;
        attrs[n_attrs++] = at;
    }
    struct attr_profile *profiles = xcalloc(n_attrs ? n_attrs : 1, sizeof *profiles);
    attrstats_profile_many(log, sel, attrs, n_attrs, &opts, profiles);
    for (size_t i = 0; i < n_attrs; i++) {
        int at = attrs[i];
        struct attr_profile p = profiles[i];
        if (p.type == ATTR_TEXT && oc)
            attrstats_rank(&p);
        size_t need = s->n_meta + p.n_groups + 1;
        if (need > cap) {
            cap = need * 2;
            s->meta = xreallocarray(s->meta, cap, sizeof *s->meta);
        }
        char head[512];
        snprintf(head, sizeof head, "%s (%s, %s level, %zu values)", p.name, attr_type_name(p.type),
                 attr_level_name(p.level), p.distinct);
        size_t row = table_add_row(s->t);
        table_set_text(s->t, row, AV_VALUE, head);
        table_set_role(s->t, row, TROW_HEADING);
        s->meta[s->n_meta++] = (struct row_meta){.attr = at, .heading = true};
        for (size_t g = 0; g < p.n_groups; g++) {
            const struct attr_group *gr = &p.groups[g];
            row = table_add_row(s->t);
            table_set_text(s->t, row, AV_VALUE, gr->label);
            table_set_count(s->t, row, AV_CASES, gr->cases);
            table_set_number(s->t, row, AV_SHARE, gr->share);
            table_set_dur(s->t, row, AV_MEDIAN, gr->median_duration_ms);
            table_set_number(s->t, row, AV_REWORK, gr->rework_rate);
            if (oc && gr->won + gr->lost > 0) {
                char iv[48];
                snprintf(iv, sizeof iv, "%.0f-%.0f%%", gr->win_low * 100, gr->win_high * 100);
                table_set_number(s->t, row, AV_WIN, gr->win_rate);
                table_set_text(s->t, row, AV_IV, iv);
                table_set_number(s->t, row, AV_BAR, gr->win_rate);
                table_set_number(s->t, row, AV_LIFT, gr->lift);
                table_set_number(s->t, row, AV_P, gr->p_value);
            }
            s->meta[s->n_meta++] = (struct row_meta){.attr = at,
                                                     .type = p.type,
                                                     .none = gr->none,
                                                     .lo = gr->lo,
                                                     .hi = gr->hi,
                                                     .lo_open = p.type == ATTR_NUMBER &&
                                                                gr->lo < gr->hi && gr->lo > p.min,
                                                     .label = xstrdup(gr->label)};
        }
        attr_profile_clear(&p);
    }
    free(profiles);
    free(attrs);
}

/* ---------------------------------------------------------------- building per mode */

static void
build_cohorts(struct stres *s, const struct event_log *log, const struct selection *sel,
              const uint8_t *seg)
{
    /* Stages: the most frequent (successful, with an outcome) variant's activities. */
    struct selection *hp = selection_copy(sel);
    if (seg)
        for (size_t k = 0; k < log->n_cases; k++)
            if (seg[k] != SEG_A)
                selection_set(hp, k, false);
    struct pathinfo pi;
    pathinfo_build(log, hp, &pi);
    selection_free(hp);
    uint32_t *st = NULL;
    size_t n = 0;
    if (pi.has_variant) {
        size_t len;
        const uint32_t *seq = variants_sequence(log, pi.variant, &len);
        st = xmalloc((len ? len : 1) * sizeof *st);
        for (size_t i = 0; i < len; i++) {
            bool dup = false;
            for (size_t k = 0; k < n && !dup; k++)
                dup = st[k] == seq[i];
            if (!dup)
                st[n++] = seq[i];
        }
    }
    pathinfo_clear(&pi);
    struct cohorts c;
    cohorts_build(log, sel, COHORT_MONTH, -1, st, n, seg, &c);
    s->own_cols = statstables_cohort_cols(log, &c, &s->n_own_cols);
    s->t = table_new("cohorts", NULL, s->own_cols, s->n_own_cols, NULL);
    statstables_fill_cohorts(s->t, &c);
    cohorts_clear(&c);
    free(st);
}

static void
build_between(struct stres *s, const struct event_log *log, const struct selection *sel,
              uint32_t ba, uint32_t bb)
{
    struct between bt = {0};
    struct between_opts bo = {0};
    between_build(log, sel, ba, bb, &bo, &bt);
    s->t = table_new("between", NULL, statstables_hist_cols, statstables_n_hist_cols, NULL);
    statstables_fill_hist(s->t, bt.hist, bt.n);
    char med[32], p90[32];
    app_fmt_ms(bt.s.median, med, sizeof med);
    app_fmt_ms(bt.s.p90, p90, sizeof p90);
    snprintf(s->summary, sizeof s->summary, "%zu cases, %zu without B after A; median %s, p90 %s",
             bt.cases, bt.cases_without_b, med, p90);
    between_clear(&bt);
}

static void
list_from_table(struct stv *s, enum sv_mode mode)
{
    size_t nc = table_ncols(s->t), k = 0;
    free(s->lcols);
    free(s->map);
    s->lcols = xcalloc(nc ? nc : 1, sizeof *s->lcols);
    s->map = xcalloc(nc ? nc : 1, sizeof *s->map);
    bool flex = false;
    size_t n_stages = 0, n_stage = 0;
    for (size_t c = 0; c < nc; c++)
        n_stages += strncmp(table_col(s->t, c)->key, "reached_", 8) == 0;
    for (size_t c = 0; c < nc; c++) {
        const struct table_col *tc = table_col(s->t, c);
        /* 80 columns: the least needed columns of the wide tables stay for the commands. */
        if ((tc->flags & TCOL_NO_TEXT) || (mode != M_COHORTS && tc->priority >= 4) ||
            (mode == M_COHORTS && (strcmp(tc->key, "share") == 0 || tc->kind == TK_TIME)) ||
            (mode == M_ATTRIBUTES && nc > AV_REWORK + 1 && (c == AV_MEDIAN || c == AV_REWORK)))
            continue;
        /* Cohorts: the first three stages and the last two fit 80 columns. */
        if (mode == M_COHORTS && strncmp(tc->key, "reached_", 8) == 0 && n_stage++ >= 3 &&
            n_stage <= n_stages - 2)
            continue;
        if (mode == M_COHORTS && (strcmp(tc->key, "won") == 0 || strcmp(tc->key, "lost") == 0))
            continue;
        struct list_col *lc = &s->lcols[k];
        lc->title = tc->header;
        int hw = (int)strlen(tc->header);
        int w = tc->kind == TK_TEXT       ? 10
                : tc->kind == TK_DURATION ? 8
                : tc->kind == TK_SHARE    ? 6
                : tc->kind == TK_BAR      ? 10
                : tc->kind == TK_TIME     ? 10
                                          : 7;
        lc->width = hw > w ? hw : w;
        if (tc->kind == TK_TEXT && c > 0)
            lc->width = 8; /* intervals "45-55%", "100-100%" */
        if (mode == M_COHORTS && tc->kind == TK_SHARE && lc->width > 7)
            lc->width = 7; /* stage names as headings are cut */
        lc->align = tc->kind == TK_TEXT && tc->align != TA_RIGHT ? LIST_LEFT : LIST_RIGHT;
        lc->bar = tc->kind == TK_BAR;
        if (tc->kind == TK_BAR)
            lc->align = LIST_LEFT;
        if (!flex && (tc->flags & TCOL_FLEX)) {
            lc->flex = true;
            lc->width = tc->min_width > 8 ? tc->min_width : 10;
            flex = true;
        } else if (c == 0 && tc->kind == TK_TEXT) {
            lc->width = mode == M_BETWEEN ? 6 : 8;
        }
        s->map[k++] = c;
    }
    listw_init(&s->list, s->lcols, k, NULL, s);
}

static void
stv_cell(void *ud, size_t row, size_t col, char *buf, size_t size)
{
    struct stv *s = ud;
    struct table_fmt f = {.format = TF_TEXT, .unicode = ui_unicode()};
    s->cellbuf.len = 0;
    if (s->cellbuf.data)
        s->cellbuf.data[0] = '\0';
    size_t tc = s->map[col];
    double x = table_cell_number(s->t, row, tc);
    if (s->built == M_ATTRIBUTES && (tc == AV_LIFT || tc == AV_P) && !isnan(x)) {
        /* 80 columns: a lift of 1.94 and p < 0.001 read as well as 1.937 and 0.0004512. */
        if (tc == AV_P && x < 0.001)
            snprintf(buf, size, "<0.001");
        else
            snprintf(buf, size, tc == AV_LIFT ? "%.2f" : "%.3f", x);
        return;
    }
    const char *t = table_cell_text(s->t, row, tc, &f, &s->cellbuf);
    snprintf(buf, size, "%s", t ? t : "");
}

static double
stv_bar(void *ud, size_t row, size_t col)
{
    struct stv *s = ud;
    double v = table_cell_number(s->t, row, s->map[col]);
    return isnan(v) ? 0 : v;
}

static bool
stv_span(void *ud, size_t row)
{
    struct stv *s = ud;
    return table_role(s->t, row) == TROW_HEADING;
}

static int
stv_role(void *ud, size_t row)
{
    struct stv *s = ud;
    return table_role(s->t, row) == TROW_HEADING ? ROLE_HEADER : -1;
}

/* The table of g->mode for sel (any thread: no curses, no app). */
static struct rescache_item *
stres_build(const struct event_log *log, const struct selection *sel, const void *arg)
{
    const struct stargs *g = arg;
    struct stres *s = xcalloc(1, sizeof *s);
    s->it.refs = 1;
    s->it.free_fn = stres_free;
    s->mode = g->mode;
    s->ba = g->ba;
    s->bb = g->bb;
    switch (g->mode) {
    case M_ACTIVITIES: {
        struct astat_activities as;
        attrstats_activities(log, sel, &as);
        s->t = table_new("activities", NULL, statstables_activity_cols, statstables_n_activity_cols,
                         NULL);
        statstables_fill_activities(s->t, log, &as);
        attrstats_activities_clear(&as);
        break;
    }
    case M_RESOURCES: {
        struct astat_resources rs;
        attrstats_resources(log, sel, &rs);
        s->t = table_new("resources", NULL, statstables_resource_cols, statstables_n_resource_cols,
                         NULL);
        statstables_fill_resources(s->t, log, &rs);
        snprintf(s->summary, sizeof s->summary, "%zu handovers; %zu events without a resource",
                 rs.handovers, rs.events_without);
        attrstats_resources_clear(&rs);
        break;
    }
    case M_ATTRIBUTES: build_attributes(s, log, sel, g); break;
    case M_COHORTS: build_cohorts(s, log, sel, g->oc ? g->seg : NULL); break;
    case M_BETWEEN: build_between(s, log, sel, g->ba, g->bb); break;
    case N_MODES: break;
    }
    if (s->t == NULL) /* not reached: every mode makes one */
        s->t = table_new("none", NULL, statstables_hist_cols, 0, NULL);
    return &s->it;
}

/* Show r (a reference is taken): the list over its table, keeping the sort and row in a mode. */
static void
stv_install(struct stv *s, struct stres *r)
{
    rescache_ref(&r->it);
    rescache_release(s->res != NULL ? &s->res->it : NULL);
    s->res = r;
    s->t = r->t;
    s->meta = r->meta;
    s->n_meta = r->n_meta;
    size_t keep = s->list.sel;
    int sort_col = s->built == r->mode ? s->list.sort_col : -1;
    bool sort_desc = s->list.sort_desc;
    listw_free(&s->list);
    list_from_table(s, r->mode);
    /* Every table sorts by any column; those with heading rows keep their groups whole. */
    s->list.sortable = true;
    s->list.cell = stv_cell;
    s->list.bar = stv_bar;
    s->list.role = stv_role;
    s->list.span = stv_span;
    s->list.group_head = stv_span;
    listw_set_rows(&s->list, table_rows(s->t));
    if (sort_col >= 0)
        listw_sort(&s->list, sort_col, sort_desc);
    listw_select(&s->list, s->built == r->mode ? keep : 0);
    s->built = r->mode;
}

static void
stv_show(void *view, struct app *a, struct rescache_item *it)
{
    (void)a;
    stv_install(view, (struct stres *)it);
}

/* The outcome's attribute of side o, or -2. */
static int
outcome_attr(const struct outcome_rule *o)
{
    return o->kind == OUTCOME_ATTR ? o->attr : -2;
}

/* The key of the table the view wants beside the selection. */
static uint64_t
stv_param(const struct stv *s, const struct app *a)
{
    /* Only Attributes and Cohorts depend on the outcome; only Between on its activities. */
    bool by_outcome = a->cmp.has_outcome && a->cmp.seg != NULL &&
                      (s->mode == M_ATTRIBUTES || s->mode == M_COHORTS);
    int64_t parts[] = {s->mode, s->mode == M_BETWEEN ? s->ba : 0, s->mode == M_BETWEEN ? s->bb : 0,
                       by_outcome, by_outcome ? (int64_t)a->cmp.defs : 0};
    return app_param_key(parts, sizeof parts / sizeof parts[0]);
}

/* Bring the table of the mode to the selection: from the cache, else made here (wait) or on the
 * worker (the table shown stays meanwhile, marked as computing). */
static void
stv_fetch(struct stv *s, struct app *a, bool wait)
{
    const struct app_cmp *c = &a->cmp;
    bool oc = c->has_outcome && c->seg != NULL;
    size_t n_seg = oc ? a->log->n_cases : 0;
    struct stargs *g = xcalloc(1, sizeof *g + n_seg);
    g->mode = s->mode;
    g->ba = s->ba;
    g->bb = s->bb;
    g->oc = oc;
    g->skip_a = oc ? outcome_attr(&c->o.a) : -2;
    g->skip_b = oc && c->o.has_b ? outcome_attr(&c->o.b) : -2;
    g->n_seg = n_seg;
    if (n_seg > 0)
        memcpy(g->seg, c->seg, n_seg);
    struct viewfetch f = {.kind = APP_RES_STATS,
                          .slot = APP_SLOT_VIEW(APP_STATS_VIEW),
                          .param = stv_param(s, a),
                          .build = stres_build,
                          .arg = g,
                          .arg_size = sizeof *g + n_seg,
                          .install = stv_show,
                          .view = s,
                          .state = &s->vf};
    viewfetch(a, &f, wait);
    free(g);
}

static void
stv_init(struct view *v, struct app *a)
{
    (void)a;
    struct stv *s = xcalloc(1, sizeof *s);
    s->built = N_MODES;
    v->priv = s;
}

/* The table of the mode for the selection, asked for when it changed (wait: made by now). */
static void
stv_refresh(struct stv *s, struct app *a, bool wait)
{
    if (s->mode == M_BETWEEN && !s->has_between)
        s->mode = M_ACTIVITIES;
    if (s->mode == M_RESOURCES && strpool_count(a->log->resources) == 0)
        s->mode = M_ATTRIBUTES;
    if (viewfetch_due(a, &s->vf, stv_param(s, a), s->res != NULL, wait))
        stv_fetch(s, a, wait);
}

/* :export: the table of now, waited for. */
static void
stv_update(struct view *v, struct app *a)
{
    stv_refresh(v->priv, a, true);
}

static void
stv_draw(struct view *v, struct app *a, WINDOW *w, int rows, int cols)
{
    struct stv *s = v->priv;
    stv_refresh(s, a, false);
    if (s->res == NULL) {
        app_draw_line(w, 0, cols, ROLE_DIM, "  computing the statistics...");
        return;
    }
    char line[600];
    const char *summary = s->res->summary;
    if (s->built == M_BETWEEN)
        snprintf(line, sizeof line, "%s \xe2\x86\x92 %s: %s (Enter: cases in the bucket, t: next)",
                 eventlog_activity_name(a->log, s->res->ba),
                 eventlog_activity_name(a->log, s->res->bb), summary);
    else if (s->built == M_RESOURCES)
        snprintf(line, sizeof line, "Statistics: Resources - %s (t: next, Enter: filter)", summary);
    else
        snprintf(line, sizeof line, "Statistics: %s%s (t: next table%s)", mode_names[s->built],
                 s->built == M_ATTRIBUTES && a->cmp.has_outcome ? " by win rate" : "",
                 s->built == M_ATTRIBUTES ? ", Enter: filter to a value" : "");
    app_draw_line(w, 0, cols, ROLE_DETAIL, line);
    listw_draw(&s->list, w, 1, rows - 1, cols);
}

/* Enter: filter to the selected value, resource or time bucket. */
static int
stv_enter(struct stv *s, struct app *a)
{
    size_t r = listw_cur(&s->list);
    if (s->res == NULL || table_rows(s->t) == 0)
        return APP_REDRAW;
    struct cf_error err = {0};
    if (s->built == M_RESOURCES) {
        struct cf_buf b = {0};
        const char *name = table_cell(s->t, r, 0)->v.s;
        struct filter *f = filter_new_attr_equals(a->log, "resource", name, &err);
        cf_buf_printf(&b, "resource=%s", name);
        int rc = f ? app_push_filter_obj(a, f, b.data) : APP_REDRAW;
        cf_buf_clear(&b);
        return rc;
    }
    if (s->built == M_BETWEEN) {
        int64_t lo = r == 0 ? -1 : stats_bucket_upto_ms[r - 1] + 1;
        int64_t hi = r + 1 < STATS_NBUCKETS ? stats_bucket_upto_ms[r] : -1;
        const char *an = eventlog_activity_name(a->log, s->res->ba);
        const char *bn = eventlog_activity_name(a->log, s->res->bb);
        struct filter *f = filter_new_between(a->log, an, bn, lo, hi, &err);
        if (f == NULL) {
            app_message(a, true, "%s", err.msg);
            return APP_REDRAW;
        }
        struct cf_buf b = {0};
        cf_buf_printf(&b, "%s \xe2\x86\x92 %s %s", an, bn, stats_bucket_label[r]);
        int rc = app_push_filter_obj(a, f, b.data);
        cf_buf_clear(&b);
        return rc;
    }
    if (s->built != M_ATTRIBUTES || r >= s->n_meta) {
        app_message(a, false, "Enter filters in Resources, Attributes and :between (t switches)");
        return APP_REDRAW;
    }
    const struct row_meta *m = &s->meta[r];
    if (m->heading || m->none) {
        app_message(a, false, "Enter on a value filters to the cases that have it");
        return APP_REDRAW;
    }
    const char *name = m->attr >= 0 ? a->log->attr_names[m->attr] : "resource";
    return cmpvals_filter(a, name, m->type, m->label, m->lo, m->hi, m->lo_open);
}

static int
stv_key(struct view *v, struct app *a, enum action act, int key)
{
    (void)key;
    struct stv *s = v->priv;
    if (act == ACT_TOGGLE_TABLE) {
        do
            s->mode = (enum sv_mode)((s->mode + 1) % N_MODES);
        while ((s->mode == M_BETWEEN && !s->has_between) ||
               (s->mode == M_RESOURCES && strpool_count(a->log->resources) == 0));
        return APP_REDRAW;
    }
    if (act == ACT_ENTER)
        return stv_enter(s, a);
    return APP_PASS;
}

static void
stv_free(struct view *v)
{
    struct stv *s = v->priv;
    if (s == NULL)
        return;
    rescache_release(s->res != NULL ? &s->res->it : NULL);
    free(s->lcols);
    free(s->map);
    cf_buf_clear(&s->cellbuf);
    listw_free(&s->list);
    free(s);
    v->priv = NULL;
}

static struct listw *
stv_list(struct view *v)
{
    return &((struct stv *)v->priv)->list;
}

static const char *
stv_context(const struct view *v)
{
    (void)v;
    return NULL;
}

const struct view_ops view_stats_ops = {
    .name = "Stats",
    .init = stv_init,
    .draw = stv_draw,
    .key = stv_key,
    .free = stv_free,
    .update = stv_update,
    .list = stv_list,
    .context = stv_context,
};

/* :between A,B (or A B for one-word names) and :stats [TABLE]. */
int
view_stats_command(struct app *a, const char *name, const char *arg)
{
    struct stv *s = a->views[APP_STATS_VIEW].priv;
    if (strcmp(name, "stats") == 0) {
        for (int m = 0; m < M_BETWEEN; m++)
            if (arg && *arg && strncmp(mode_names[m], arg, 3) == 0)
                s->mode = (enum sv_mode)m;
        a->cur = APP_STATS_VIEW;
        return APP_REDRAW;
    }
    if (arg == NULL || *arg == '\0') {
        app_message(a, true, "usage: between A,B (time from the first A to the first B after it)");
        return APP_REDRAW;
    }
    uint32_t *ids = NULL;
    size_t n = 0;
    struct cf_error err = {0};
    if (filter_parse_activities(a->log, arg, &ids, &n, &err) != 0 || n != 2) {
        /* "A B" with one-word names. */
        free(ids);
        ids = NULL;
        const char *sp = strchr(arg, ' ');
        if (sp != NULL) {
            char *x = xstrndup(arg, (size_t)(sp - arg));
            uint32_t ia = filter_find_activity(a->log, x, strlen(x), &err);
            uint32_t ib = ia == CF_NONE
                              ? CF_NONE
                              : filter_find_activity(a->log, sp + 1, strlen(sp + 1), &err);
            free(x);
            if (ib != CF_NONE) {
                ids = xmalloc(2 * sizeof *ids);
                ids[0] = ia;
                ids[1] = ib;
                n = 2;
            }
        }
        if (ids == NULL) {
            app_message(a, true, "between: %s", err.msg[0] ? err.msg : "give two activities A,B");
            return APP_REDRAW;
        }
    }
    s->ba = ids[0];
    s->bb = ids[1];
    free(ids);
    s->has_between = true;
    s->mode = M_BETWEEN; /* its key changed: made when next drawn */
    a->prev = a->cur;
    a->cur = APP_STATS_VIEW;
    return APP_REDRAW;
}

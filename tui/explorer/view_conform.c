/* The Conformance view: cases checked against the playbook, deviations and their effect. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "theme.h"
#include "viewfetch.h"

enum fv_table { FV_KINDS, FV_SPECIFIC, FV__TABLES };

/* The check of a selection against a playbook (any thread), shared with the result cache. */
struct fvres {
    struct rescache_item it;
    const struct playbook *pb; /* the app's (kept until the end: app_cmp's pb_retired) */
    struct conformance cf;
    size_t kind_row[DEV__COUNT]; /* kinds table: row 0 is the conforming cases, then these */
    size_t n_kind_rows;
};

/* What the check is made from beyond the selection: copied into the worker's job. */
struct fvargs {
    const struct playbook *pb;
    size_t n_seg; /* 0: no outcome */
    uint8_t seg[];
};

struct fv {
    const struct event_log *log;
    enum fv_table cur;
    struct vf_state vf;        /* want: the definitions (a->cmp.defs) the check is made under */
    const struct playbook *pb; /* shown: res's */
    struct fvres *res;         /* shown; NULL: none asked for yet, or no playbook */
    struct listw list;
};

static const struct list_col kind_cols[] = {
    {"Deviation kind", 20, LIST_LEFT, true, false}, {"Cases", 7, LIST_RIGHT, false, false},
    {"Win rate", 8, LIST_RIGHT, false, false},      {"Diff", 6, LIST_RIGHT, false, false},
    {"Effect", 11, LIST_LEFT, false, false},
};
static const struct list_col specific_cols[] = {
    {"Deviation", 20, LIST_LEFT, true, false}, {"Cases", 7, LIST_RIGHT, false, false},
    {"Win rate", 8, LIST_RIGHT, false, false}, {"Diff", 6, LIST_RIGHT, false, false},
    {"Effect", 11, LIST_LEFT, false, false},
};
#define N_COLS (sizeof kind_cols / sizeof kind_cols[0])

static const char *
effect_word(const struct deviation_stat *s)
{
    if (s->known == 0)
        return "n/a";
    if (s->low_support)
        return "few cases";
    return s->effect > 0 ? "beneficial" : s->effect < 0 ? "detrimental" : "neutral";
}

static void
rate(double r, char *buf, size_t size)
{
    if (isnan(r))
        snprintf(buf, size, "-");
    else
        snprintf(buf, size, "%.1f%%", 100.0 * r);
}

/* The statistics behind a row; NULL for the conforming row. */
static const struct deviation_stat *
stat_at(const struct fv *s, size_t row)
{
    if (s->cur == FV_SPECIFIC)
        return &s->res->cf.specific[row];
    return row == 0 ? NULL : &s->res->cf.kinds[s->res->kind_row[row - 1]];
}

static void
fv_cell(void *ud, size_t row, size_t col, char *buf, size_t size)
{
    const struct fv *s = ud;
    const struct deviation_stat *st = stat_at(s, row);
    buf[0] = '\0';
    if (st == NULL) {
        switch (col) {
        case 0: snprintf(buf, size, "(conforming: no deviation)"); break;
        case 1: ui_fmt_count(s->res->cf.conforming, buf, size); break;
        case 2: rate(s->res->cf.conforming_rate, buf, size); break;
        default: break;
        }
        return;
    }
    switch (col) {
    case 0:
        if (s->cur == FV_KINDS)
            snprintf(buf, size, "%s", deviation_text((enum deviation_kind)st->kind));
        else
            deviation_describe(s->log, s->pb, st->kind, st->act, st->prev, st->stage, buf, size);
        break;
    case 1: ui_fmt_count(st->cases, buf, size); break;
    case 2: rate(st->rate, buf, size); break;
    case 3:
        if (!isnan(st->diff))
            snprintf(buf, size, "%+.1f", 100.0 * st->diff);
        break;
    default: snprintf(buf, size, "%s", effect_word(st));
    }
}

static void
set_table(struct fv *s)
{
    size_t n = 0;
    if (s->res != NULL && s->res->pb != NULL)
        n = s->cur == FV_KINDS ? 1 + s->res->n_kind_rows : s->res->cf.n_specific;
    s->list.cols = s->cur == FV_KINDS ? kind_cols : specific_cols;
    s->list.ncols = N_COLS;
    listw_set_rows(&s->list, n);
}

static void
fv_init(struct view *v, struct app *a)
{
    struct fv *s = xcalloc(1, sizeof *s);
    s->log = a->log;
    listw_init(&s->list, kind_cols, N_COLS, fv_cell, s);
    s->list.sortable = true;
    v->priv = s;
}

static void
fvres_free(struct rescache_item *it)
{
    struct fvres *r = (struct fvres *)it;
    if (r->pb != NULL)
        conformance_clear(&r->cf);
    free(r);
}

/* The check of sel (any thread: no curses, no app); without a playbook, none. */
static struct rescache_item *
fvres_build(const struct event_log *log, const struct selection *sel, const void *arg)
{
    const struct fvargs *g = arg;
    struct fvres *r = xcalloc(1, sizeof *r);
    r->it.refs = 1;
    r->it.free_fn = fvres_free;
    r->pb = g->pb;
    if (r->pb == NULL)
        return &r->it;
    conformance_check(log, sel, r->pb, g->n_seg > 0 ? g->seg : NULL, 0, &r->cf);
    for (int k = 0; k < DEV__COUNT; k++)
        if (r->cf.kinds[k].cases > 0)
            r->kind_row[r->n_kind_rows++] = (size_t)k;
    return &r->it;
}

static void
fv_show(void *view, struct app *a, struct rescache_item *it)
{
    (void)a;
    struct fv *s = view;
    rescache_ref(it);
    rescache_release(s->res != NULL ? &s->res->it : NULL);
    s->res = (struct fvres *)it;
    s->pb = s->res->pb;
    set_table(s);
}

/* Bring the check to the selection: from the cache, else made here (wait) or on the worker. */
static void
fv_refresh(struct fv *s, struct app *a, bool wait)
{
    if (!viewfetch_due(a, &s->vf, a->cmp.defs, s->res != NULL, wait))
        return;
    bool oc = a->cmp.has_outcome && a->cmp.seg != NULL && a->cmp.pb != NULL;
    size_t n_seg = oc ? a->log->n_cases : 0;
    struct fvargs *g = xcalloc(1, sizeof *g + n_seg);
    g->pb = a->cmp.pb;
    g->n_seg = n_seg;
    if (n_seg > 0)
        memcpy(g->seg, a->cmp.seg, n_seg);
    struct viewfetch f = {.kind = APP_RES_CONFORM,
                          .slot = APP_SLOT_VIEW(8),
                          .param = a->cmp.defs,
                          .build = fvres_build,
                          .arg = g,
                          .arg_size = sizeof *g + n_seg,
                          .install = fv_show,
                          .view = s,
                          .state = &s->vf};
    viewfetch(a, &f, wait);
    free(g);
}

/* :export and Enter: the check of now, waited for. */
static void
fv_update(struct view *v, struct app *a)
{
    fv_refresh(v->priv, a, true);
}

static void
draw_no_playbook(WINDOW *w, int cols)
{
    app_draw_line(w, 0, cols, ROLE_DETAIL,
                  "No playbook. Load one with :playbook FILE, or start with --playbook FILE");
    app_draw_line(
        w, 1, cols, ROLE_DETAIL,
        "(the stages in their intended order; see caseflow check --help for the syntax).");
    app_draw_line(w, 3, cols, ROLE_DIM,
                  "  Example: samples/sales.playbook, for the bundled sales sample.");
}

static void
fv_draw(struct view *v, struct app *a, WINDOW *w, int rows, int cols)
{
    struct fv *s = v->priv;
    fv_refresh(s, a, false);
    if (s->res == NULL) {
        app_draw_line(w, 0, cols, ROLE_DIM, "  checking the cases against the playbook...");
        return;
    }
    if (s->pb == NULL) {
        draw_no_playbook(w, cols);
        return;
    }
    const struct conformance *cf = &s->res->cf;
    char line[768], n1[32], n2[32], r[16];
    const char *slash = strrchr(a->cmp.pb_path, '/');
    ui_fmt_count(cf->conforming, n1, sizeof n1);
    ui_fmt_count(cf->cases, n2, sizeof n2);
    rate(cf->conforming_rate, r, sizeof r);
    snprintf(line, sizeof line, "%s: %s of %s cases conform (%.1f%%), their win rate %s",
             slash != NULL ? slash + 1 : a->cmp.pb_path, n1, n2,
             cf->cases ? 100.0 * (double)cf->conforming / (double)cf->cases : 0.0, r);
    app_draw_line(w, 0, cols, ROLE_DETAIL, line);
    if (a->cmp.has_outcome) {
        const char *la, *lb;
        la = a->cmp.o.label_a;
        lb = a->cmp.o.label_b;
        snprintf(line, sizeof line, "Win = %s, lose = %s (the outcome; :outcome changes it)", la,
                 lb);
    } else if (s->pb->n_win > 0) {
        snprintf(line, sizeof line, "Win = ending with %s (the playbook's win: line); no end: open",
                 s->pb->win[0]);
    } else {
        snprintf(line, sizeof line, "No win rates: no outcome (:outcome) and no win: line");
    }
    app_draw_line(w, 1, cols, ROLE_DIM, line);
    snprintf(line, sizeof line,
             "Effect: win rate 5+ points above/below the conforming cases', p<0.05, %zu+ cases",
             cf->min_support);
    app_draw_line(w, 2, cols, ROLE_DIM, line);
    int y = 3;
    if (cf->missing_stages[0] != '\0') {
        snprintf(line, sizeof line, "Playbook stages never seen in the log: %s",
                 cf->missing_stages);
        app_draw_line(w, y++, cols, ROLE_ERROR, line);
    }
    snprintf(line, sizeof line, "[%d/%d] %s (t next table, Enter filters)", (int)s->cur + 1,
             FV__TABLES,
             s->cur == FV_KINDS ? "deviations by kind" : "deviations, most frequent first");
    app_draw_line(w, y, cols, ROLE_DETAIL, line);
    listw_draw(&s->list, w, y + 1, rows - y - 2, cols);
    line[0] = '\0';
    if (s->list.n > 0) {
        const struct deviation_stat *st = stat_at(s, listw_cur(&s->list));
        char desc[256];
        if (st == NULL)
            snprintf(desc, sizeof desc, "cases following the playbook");
        else if (s->cur == FV_KINDS)
            snprintf(desc, sizeof desc, "%s", deviation_text((enum deviation_kind)st->kind));
        else
            deviation_describe(s->log, s->pb, st->kind, st->act, st->prev, st->stage, desc,
                               sizeof desc);
        ui_fmt_count(st != NULL ? st->cases : cf->conforming, n1, sizeof n1);
        snprintf(line, sizeof line, "%s: %s cases (Enter filters to them)", desc, n1);
    } else {
        snprintf(line, sizeof line, "  every selected case follows the playbook");
    }
    app_draw_line(w, rows - 1, cols, ROLE_DIM, line);
}

static int
fv_enter(struct fv *s, struct app *a)
{
    if (s->res == NULL || s->pb == NULL || s->list.n == 0)
        return APP_REDRAW;
    const struct deviation_stat *st = stat_at(s, listw_cur(&s->list));
    struct selection *out = selection_new(a->log->n_cases, false);
    char desc[256];
    if (st == NULL) {
        conformance_select(&s->res->cf, NULL, false, out);
        selection_invert(out); /* then limited to the checked (selected) cases */
        snprintf(desc, sizeof desc, "conforming");
    } else if (s->cur == FV_KINDS) {
        conformance_select(&s->res->cf, st, false, out);
        snprintf(desc, sizeof desc, "%s", deviation_text((enum deviation_kind)st->kind));
    } else {
        conformance_select(&s->res->cf, st, true, out);
        deviation_describe(s->log, s->pb, st->kind, st->act, st->prev, st->stage, desc,
                           sizeof desc);
    }
    return app_push_selection(a, out, desc);
}

static int
fv_key(struct view *v, struct app *a, enum action act, int key)
{
    (void)key;
    struct fv *s = v->priv;
    switch (act) {
    case ACT_TOGGLE_TABLE:
        s->cur = (enum fv_table)((s->cur + 1) % FV__TABLES);
        listw_sort(&s->list, -1, false);
        set_table(s);
        listw_select(&s->list, 0);
        return APP_REDRAW;
    case ACT_ENTER: fv_update(v, a); return fv_enter(s, a);
    default: return APP_PASS;
    }
}

static void
fv_free(struct view *v)
{
    struct fv *s = v->priv;
    if (s == NULL)
        return;
    rescache_release(s->res != NULL ? &s->res->it : NULL);
    listw_free(&s->list);
    free(s);
    v->priv = NULL;
}

static struct listw *
fv_list(struct view *v)
{
    return &((struct fv *)v->priv)->list;
}

const struct view_ops view_conform_ops = {
    .name = "Conformance",
    .init = fv_init,
    .draw = fv_draw,
    .key = fv_key,
    .free = fv_free,
    .update = fv_update,
    .list = fv_list,
};

/* The Conformance view: cases checked against the playbook, deviations and their effect. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "theme.h"

enum fv_table { FV_KINDS, FV_SPECIFIC, FV__TABLES };

struct fv {
    const struct event_log *log;
    enum fv_table cur;
    unsigned long seen;
    const struct playbook *pb; /* the app's, for generation seen */
    struct conformance cf;
    bool checked;
    size_t kind_row[DEV__COUNT]; /* kinds table: row 0 is the conforming cases, then these */
    size_t n_kind_rows;
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
        return &s->cf.specific[row];
    return row == 0 ? NULL : &s->cf.kinds[s->kind_row[row - 1]];
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
        case 1: ui_fmt_count(s->cf.conforming, buf, size); break;
        case 2: rate(s->cf.conforming_rate, buf, size); break;
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
    if (s->checked)
        n = s->cur == FV_KINDS ? 1 + s->n_kind_rows : s->cf.n_specific;
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
fv_update(struct view *v, struct app *a)
{
    struct fv *s = v->priv;
    if (!app_stale(a, &s->seen))
        return;
    if (s->checked)
        conformance_clear(&s->cf);
    s->checked = false;
    s->pb = a->cmp.pb;
    if (s->pb != NULL) {
        conformance_check(a->log, a->sel, s->pb, a->cmp.has_outcome ? a->cmp.seg : NULL, 0, &s->cf);
        s->checked = true;
        s->n_kind_rows = 0;
        for (int k = 0; k < DEV__COUNT; k++)
            if (s->cf.kinds[k].cases > 0)
                s->kind_row[s->n_kind_rows++] = (size_t)k;
    }
    set_table(s);
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
    fv_update(v, a);
    if (!s->checked) {
        draw_no_playbook(w, cols);
        return;
    }
    const struct conformance *cf = &s->cf;
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
    if (!s->checked || s->list.n == 0)
        return APP_REDRAW;
    const struct deviation_stat *st = stat_at(s, listw_cur(&s->list));
    struct selection *out = selection_new(a->log->n_cases, false);
    char desc[256];
    if (st == NULL) {
        conformance_select(&s->cf, NULL, false, out);
        selection_invert(out); /* then limited to the checked (selected) cases */
        snprintf(desc, sizeof desc, "conforming");
    } else if (s->cur == FV_KINDS) {
        conformance_select(&s->cf, st, false, out);
        snprintf(desc, sizeof desc, "%s", deviation_text((enum deviation_kind)st->kind));
    } else {
        conformance_select(&s->cf, st, true, out);
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
    if (s->checked)
        conformance_clear(&s->cf);
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

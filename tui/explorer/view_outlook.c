/* The Outlook view: open cases with p_win, stuck, age, remaining and basis; the backtest on top. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "predict.h"
#include "predict_setup.h"
#include "theme.h"

/* The explorer's backtest splits the selection's time range here. */
#define OUTLOOK_SPLIT 0.7

struct ov {
    const struct event_log *log;
    unsigned long seen;
    struct predict_opts po;
    struct predict_truth truth;
    bool have_truth;
    struct predict_model *model;
    struct predict_outlook ol;
    struct predict_backtest bt;
    bool have_bt;
    struct cf_buf why;     /* why there is no outlook (no outcome...) */
    struct cf_buf outcome; /* the outcome and the closing rule */
    struct listw list;
    bool timeline;
    size_t tcase;
    struct listw tlist;
};

static const struct list_col open_cols[] = {
    {"Case", 10, LIST_LEFT, false, false}, {"p_win", 6, LIST_LEFT, false, true},
    {"Win", 5, LIST_RIGHT, false, false},  {"Stuck", 5, LIST_LEFT, false, false},
    {"Age", 8, LIST_RIGHT, false, false},  {"Remain", 8, LIST_RIGHT, false, false},
    {"Basis", 10, LIST_LEFT, true, false},
};

static const struct list_col event_cols[] = {
    {"Time", 19, LIST_LEFT, false, false},
    {"Since prev", 10, LIST_RIGHT, false, false},
    {"Activity", 20, LIST_LEFT, false, false},
    {"Resource", 10, LIST_LEFT, true, false},
};

static void
open_cell(void *ud, size_t row, size_t col, char *buf, size_t size)
{
    struct ov *s = ud;
    const struct predict_open *p = &s->ol.v[row];
    switch (col) {
    case 0: snprintf(buf, size, "%s", eventlog_case_name(s->log, p->case_idx)); break;
    case 1:
    case 2:
        if (isnan(p->r.p_win))
            snprintf(buf, size, "-");
        else
            snprintf(buf, size, "%.0f%%", 100 * p->r.p_win);
        break;
    case 3: snprintf(buf, size, "%s", p->stuck ? "STUCK" : ""); break;
    case 4: app_fmt_ms((double)p->age_ms, buf, size); break;
    case 5: app_fmt_ms(p->r.visits ? p->r.remaining_ms : NAN, buf, size); break;
    default: {
        struct cf_buf b = {0};
        predict_basis(s->log, &p->r, s->log->ev_act + s->log->case_off[p->case_idx], p->events,
                      &s->po, &b);
        snprintf(buf, size, "%s", b.data);
        cf_buf_clear(&b);
    }
    }
}

static double
open_bar(void *ud, size_t row, size_t col)
{
    (void)col;
    const struct ov *s = ud;
    double p = s->ol.v[row].r.p_win;
    return isnan(p) ? 0 : p;
}

static void
event_cell(void *ud, size_t row, size_t col, char *buf, size_t size)
{
    const struct ov *s = ud;
    const struct event_log *log = s->log;
    size_t e = log->case_off[s->tcase] + row;
    switch (col) {
    case 0: app_fmt_time(log->ev_time[e], true, buf, size); break;
    case 1:
        if (row == 0) {
            snprintf(buf, size, "start");
        } else {
            char d[32];
            app_fmt_ms((double)(log->ev_time[e] - log->ev_time[e - 1]), d, sizeof d);
            snprintf(buf, size, "+%s", d);
        }
        break;
    case 2: snprintf(buf, size, "%s", eventlog_activity_name(log, log->ev_act[e])); break;
    default: snprintf(buf, size, "%s", eventlog_resource_name(log, log->ev_res[e])); break;
    }
}

static void
ov_init(struct view *v, struct app *a)
{
    struct ov *s = xcalloc(1, sizeof *s);
    s->log = a->log;
    s->po = (struct predict_opts)PREDICT_OPTS_DEFAULT;
    listw_init(&s->list, open_cols, sizeof open_cols / sizeof open_cols[0], open_cell, s);
    s->list.sortable = true;
    s->list.bar = open_bar;
    listw_init(&s->tlist, event_cols, sizeof event_cols / sizeof event_cols[0], event_cell, s);
    v->priv = s;
}

static void
ov_release(struct ov *s)
{
    predict_outlook_clear(&s->ol);
    predict_model_free(s->model);
    s->model = NULL;
    if (s->have_bt)
        predict_backtest_clear(&s->bt);
    s->have_bt = false;
    if (s->have_truth)
        predict_truth_clear(&s->truth);
    s->have_truth = false;
}

/* The explorer's outcome, playbook and :end as the predict command's options. */
static void
cli_from_app(const struct app *a, struct predict_cli *pc)
{
    predict_cli_init(pc);
    if (a->cmp.has_outcome) {
        const char **slot = a->cmp.kind == OUTCOME_ATTR       ? &pc->co.attr
                            : a->cmp.kind == OUTCOME_ACTIVITY ? &pc->co.activity
                                                              : &pc->co.last;
        *slot = a->cmp.spec_a;
        pc->co.versus = a->cmp.spec_b;
    }
    pc->co.end = a->ends;
    pc->playbook = a->cmp.pb_path;
}

static void
ov_update(struct view *v, struct app *a)
{
    struct ov *s = v->priv;
    if (!app_stale(a, &s->seen))
        return;
    ov_release(s);
    cf_buf_clear(&s->why);
    cf_buf_clear(&s->outcome);
    struct predict_cli pc;
    cli_from_app(a, &pc);
    struct cf_buf desc = {0}, closing = {0};
    struct cf_error err = {0};
    if (predict_cli_truth(&pc, a->log, a->sel, &s->truth, &desc, &closing, &err) != 0) {
        cf_buf_printf(&s->why, "No outlook: %s (set one with :outcome-last A, :versus B)", err.msg);
        listw_set_rows(&s->list, 0);
        s->timeline = false;
    } else {
        s->have_truth = true;
        cf_buf_printf(&s->outcome, "%s; closed %s", desc.data, closing.data);
        s->model = predict_learn(a->log, a->sel, &s->truth, INT64_MAX, &s->po);
        predict_outlook_build(s->model, a->log, a->sel, &s->truth, a->log->t_max, -1, &s->ol);
        int64_t t0 = INT64_MAX, t1 = INT64_MIN;
        for (size_t c = 0; c < a->log->n_cases; c++) {
            if (!sel_has(a->sel, c) || eventlog_case_len(a->log, c) == 0)
                continue;
            int64_t f = a->log->ev_time[a->log->case_off[c]];
            int64_t l = a->log->ev_time[a->log->case_off[c + 1] - 1];
            t0 = f < t0 ? f : t0;
            t1 = l > t1 ? l : t1;
        }
        if (t0 < t1) {
            int64_t split = t0 + (int64_t)((double)(t1 - t0) * OUTLOOK_SPLIT);
            predict_backtest_run(a->log, a->sel, &s->truth, split, &s->po, &s->bt);
            s->have_bt = true;
        }
        listw_set_rows(&s->list, s->ol.n);
        if (s->timeline && !sel_has(a->sel, s->tcase))
            s->timeline = false;
    }
    cf_buf_clear(&desc);
    cf_buf_clear(&closing);
}

/* The backtest's figures in two lines: the outcome, then Brier and the next activity. */
static void
backtest_lines(const struct ov *s, char *l1, char *l2, size_t size)
{
    if (!s->have_bt || s->bt.n_outcome == 0) {
        snprintf(l1, size,
                 "Backtest: no case open at the split (%.0f%% of the time range) "
                 "closed after it",
                 100 * OUTLOOK_SPLIT);
        l2[0] = '\0';
        return;
    }
    char day[32];
    app_fmt_time(s->bt.split, false, day, sizeof day);
    day[10] = '\0';
    const struct predict_backtest *b = &s->bt;
    snprintf(l1, size, "Backtest at %s, %zu cases: AUC %.2f vs %.2f last activity: %s", day,
             b->n_outcome, b->auc_overall.model, b->auc_last.base,
             predict_verdict_text(b->auc_last.verdict));
    snprintf(l2, size, "Brier %.3f vs %.3f overall: %s; next %.0f%% vs %.0f%%: %s",
             b->brier_overall.model, b->brier_overall.base,
             predict_verdict_text(b->brier_overall.verdict), 100 * b->top1.model,
             100 * b->top1.base, predict_verdict_text(b->top1.verdict));
}

static void
draw_timeline(struct ov *s, WINDOW *w, int rows, int cols)
{
    const struct event_log *log = s->log;
    char line[600], d[32];
    app_fmt_ms((double)eventlog_case_duration(log, s->tcase), d, sizeof d);
    snprintf(line, sizeof line, "%s: %zu events, %s so far (q goes back)",
             eventlog_case_name(log, s->tcase), eventlog_case_len(log, s->tcase), d);
    app_draw_line(w, 0, cols, ROLE_DETAIL, line);
    listw_draw(&s->tlist, w, 1, rows - 1, cols);
}

static void
ov_draw(struct view *v, struct app *a, WINDOW *w, int rows, int cols)
{
    struct ov *s = v->priv;
    ov_update(v, a);
    if (s->timeline) {
        draw_timeline(s, w, rows, cols);
        return;
    }
    if (!s->have_truth) {
        app_draw_line(w, 0, cols, ROLE_ERROR, s->why.data ? s->why.data : "");
        return;
    }
    char l1[512], l2[512], n1[32];
    backtest_lines(s, l1, l2, sizeof l1);
    app_draw_line(w, 0, cols, ROLE_DETAIL, l1);
    app_draw_line(w, 1, cols, ROLE_DETAIL, l2);
    ui_fmt_count(s->ol.n, n1, sizeof n1);
    struct cf_buf h = {0};
    cf_buf_printf(&h, "%s open cases, most at risk first (Enter: timeline); %s", n1,
                  s->outcome.data ? s->outcome.data : "");
    app_draw_line(w, 2, cols, ROLE_DIM, h.data);
    cf_buf_clear(&h);
    listw_draw(&s->list, w, 3, rows - 4, cols);
    if (s->ol.n == 0) {
        app_draw_line(w, 4, cols, ROLE_DIM, "  no open case in the selection");
        return;
    }
    const struct predict_open *p = &s->ol.v[listw_cur(&s->list)];
    struct cf_buf b = {0};
    cf_buf_printf(&b, "next: ");
    for (size_t j = 0; j < p->r.n_next; j++)
        cf_buf_printf(&b, "%s%s %.0f%%", j ? ", " : "",
                      eventlog_activity_name(a->log, p->r.next[j]), 100 * p->r.next_p[j]);
    if (p->r.visits) {
        char lo[32], hi[32];
        app_fmt_ms(p->r.remaining_p10_ms, lo, sizeof lo);
        app_fmt_ms(p->r.remaining_p90_ms, hi, sizeof hi);
        cf_buf_printf(&b, "; remaining p10-p90 %s-%s", lo, hi);
    }
    app_draw_line(w, rows - 1, cols, ROLE_DETAIL, b.data);
    cf_buf_clear(&b);
}

static int
ov_key(struct view *v, struct app *a, enum action act, int key)
{
    (void)key;
    struct ov *s = v->priv;
    if (s->timeline) {
        if (act == ACT_BACK) {
            s->timeline = false;
            return APP_REDRAW;
        }
        return listw_action(&s->tlist, act) ? APP_REDRAW : APP_PASS;
    }
    if (act == ACT_ENTER && s->ol.n > 0) {
        s->timeline = true;
        s->tcase = s->ol.v[listw_cur(&s->list)].case_idx;
        listw_set_rows(&s->tlist, eventlog_case_len(a->log, s->tcase));
        listw_select(&s->tlist, 0);
        return APP_REDRAW;
    }
    return APP_PASS;
}

static void
ov_free(struct view *v)
{
    struct ov *s = v->priv;
    if (s == NULL)
        return;
    ov_release(s);
    cf_buf_clear(&s->why);
    cf_buf_clear(&s->outcome);
    listw_free(&s->list);
    free(s);
    v->priv = NULL;
}

static struct listw *
ov_list(struct view *v)
{
    struct ov *s = v->priv;
    return s->timeline ? &s->tlist : &s->list;
}

static const char *
ov_context(const struct view *v)
{
    const struct ov *s = v->priv;
    return s != NULL && s->timeline ? "Timeline" : NULL;
}

const struct view_ops view_outlook_ops = {
    .name = "Outlook",
    .init = ov_init,
    .draw = ov_draw,
    .key = ov_key,
    .free = ov_free,
    .update = ov_update,
    .list = ov_list,
    .context = ov_context,
};

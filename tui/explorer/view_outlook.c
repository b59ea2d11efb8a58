/* The Outlook view: open cases with p_win, stuck, age, remaining and basis; the backtest on top. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cancel.h"
#include "predict.h"
#include "predict_setup.h"
#include "theme.h"
#include "timeline.h"
#include "viewfetch.h"

/* The explorer's backtest splits the selection's time range here. */
#define OUTLOOK_SPLIT 0.7

/* The outlook of a selection (any thread), shared with the result cache. */
struct ovres {
    struct rescache_item it;
    struct predict_opts po;
    struct predict_truth truth;
    bool have_truth;
    struct predict_model *model;
    struct predict_outlook ol;
    struct predict_backtest bt;
    bool have_bt;
    struct cf_buf why;     /* why there is no outlook (no outcome...) */
    struct cf_buf outcome; /* the outcome and the closing rule */
};

/* The explorer's outcome, :end and playbook as predict options, packed for the worker's copy. */
enum { OA_ATTR, OA_ACTIVITY, OA_LAST, OA_VERSUS, OA_END, OA_PLAYBOOK, N_OA };
struct ovargs {
    size_t off[N_OA]; /* into text, SIZE_MAX: not given */
    char text[];
};

struct ov {
    const struct event_log *log;
    struct vf_state vf; /* want: the definitions (a->cmp.defs) the outlook is made under */
    struct ovres *res;  /* the outlook shown */
    struct listw list;
    struct timeline tl; /* Enter: the selected case's events */
};

static const struct list_col open_cols[] = {
    {"Case", 10, LIST_LEFT, false, false}, {"p_win", 6, LIST_LEFT, false, true},
    {"Win", 5, LIST_RIGHT, false, false},  {"Stuck", 5, LIST_LEFT, false, false},
    {"Age", 8, LIST_RIGHT, false, false},  {"Remain", 8, LIST_RIGHT, false, false},
    {"Basis", 10, LIST_LEFT, true, false},
};

static void
open_cell(void *ud, size_t row, size_t col, char *buf, size_t size)
{
    struct ov *s = ud;
    const struct predict_open *p = &s->res->ol.v[row];
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
                      &s->res->po, &b);
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
    double p = s->res->ol.v[row].r.p_win;
    return isnan(p) ? 0 : p;
}

static void
ov_init(struct view *v, struct app *a)
{
    struct ov *s = xcalloc(1, sizeof *s);
    s->log = a->log;
    listw_init(&s->list, open_cols, sizeof open_cols / sizeof open_cols[0], open_cell, s);
    s->list.sortable = true;
    s->list.bar = open_bar;
    timeline_init(&s->tl, a->log);
    v->priv = s;
}

static void
ovres_free(struct rescache_item *it)
{
    struct ovres *r = (struct ovres *)it;
    predict_outlook_clear(&r->ol);
    predict_model_free(r->model);
    if (r->have_bt)
        predict_backtest_clear(&r->bt);
    if (r->have_truth)
        predict_truth_clear(&r->truth);
    cf_buf_clear(&r->why);
    cf_buf_clear(&r->outcome);
    free(r);
}

/* The explorer's outcome, playbook and :end, packed (free it). */
static struct ovargs *
ovargs_of(const struct app *a, size_t *size)
{
    const char *v[N_OA] = {NULL};
    if (a->cmp.has_outcome) {
        v[a->cmp.kind == OUTCOME_ATTR       ? OA_ATTR
          : a->cmp.kind == OUTCOME_ACTIVITY ? OA_ACTIVITY
                                            : OA_LAST] = a->cmp.spec_a;
        v[OA_VERSUS] = a->cmp.spec_b;
    }
    v[OA_END] = a->ends;
    v[OA_PLAYBOOK] = a->cmp.pb_path;
    size_t len = 0;
    for (int i = 0; i < N_OA; i++)
        len += v[i] != NULL ? strlen(v[i]) + 1 : 0;
    struct ovargs *g = xcalloc(1, sizeof *g + len + 1);
    size_t at = 0;
    for (int i = 0; i < N_OA; i++) {
        g->off[i] = v[i] != NULL ? at : SIZE_MAX;
        if (v[i] != NULL) {
            memcpy(g->text + at, v[i], strlen(v[i]) + 1);
            at += strlen(v[i]) + 1;
        }
    }
    *size = sizeof *g + len + 1;
    return g;
}

static const char *
ovarg(const struct ovargs *g, int i)
{
    return g->off[i] == SIZE_MAX ? NULL : g->text + g->off[i];
}

/* The outlook of sel and its backtest (any thread: no curses, no app). */
static struct rescache_item *
ovres_build(const struct event_log *log, const struct selection *sel, const void *arg)
{
    const struct ovargs *g = arg;
    struct ovres *r = xcalloc(1, sizeof *r);
    r->it.refs = 1;
    r->it.free_fn = ovres_free;
    r->po = (struct predict_opts)PREDICT_OPTS_DEFAULT;
    struct predict_cli pc;
    predict_cli_init(&pc);
    pc.co.attr = ovarg(g, OA_ATTR);
    pc.co.activity = ovarg(g, OA_ACTIVITY);
    pc.co.last = ovarg(g, OA_LAST);
    pc.co.versus = ovarg(g, OA_VERSUS);
    pc.co.end = ovarg(g, OA_END);
    pc.playbook = ovarg(g, OA_PLAYBOOK);
    struct cf_buf desc = {0}, closing = {0};
    struct cf_error err = {0};
    if (predict_cli_truth(&pc, log, sel, &r->truth, &desc, &closing, &err) != 0) {
        cf_buf_printf(&r->why, "No outlook: %s (set one with :outcome-last A, :versus B)", err.msg);
    } else {
        r->have_truth = true;
        cf_buf_printf(&r->outcome, "%s; closed %s", desc.data, closing.data);
        r->model = predict_learn(log, sel, &r->truth, INT64_MAX, &r->po);
        if (!cf_cancelled()) /* else thrown away: the rest can wait for no one */
            predict_outlook_build(r->model, log, sel, &r->truth, log->t_max, -1, &r->ol);
        int64_t t0 = INT64_MAX, t1 = INT64_MIN;
        for (size_t c = 0; c < log->n_cases; c++) {
            if (!sel_has(sel, c) || eventlog_case_len(log, c) == 0)
                continue;
            int64_t f = log->ev_time[log->case_off[c]];
            int64_t l = log->ev_time[log->case_off[c + 1] - 1];
            t0 = f < t0 ? f : t0;
            t1 = l > t1 ? l : t1;
        }
        if (t0 < t1 && !cf_cancelled()) {
            int64_t split = t0 + (int64_t)((double)(t1 - t0) * OUTLOOK_SPLIT);
            predict_backtest_run(log, sel, &r->truth, split, &r->po, &r->bt);
            r->have_bt = true;
        }
    }
    predict_cli_clear(&pc);
    cf_buf_clear(&desc);
    cf_buf_clear(&closing);
    return &r->it;
}

/* Show r (a reference is taken). */
static void
ov_install(struct ov *s, const struct app *a, struct ovres *r)
{
    rescache_ref(&r->it);
    rescache_release(s->res != NULL ? &s->res->it : NULL);
    s->res = r;
    listw_set_rows(&s->list, r->have_truth ? r->ol.n : 0);
    if (!r->have_truth)
        s->tl.open = false;
    timeline_follow(&s->tl, a->sel);
}

static void
ov_show(void *view, struct app *a, struct rescache_item *it)
{
    ov_install(view, a, (struct ovres *)it);
}

/* Bring the outlook to the selection: from the cache, else made here (wait) or on the worker. */
static void
ov_refresh(struct ov *s, struct app *a, bool wait)
{
    if (!viewfetch_due(a, &s->vf, a->cmp.defs, s->res != NULL, wait))
        return;
    size_t size;
    struct ovargs *g = ovargs_of(a, &size);
    struct viewfetch f = {.kind = APP_RES_OUTLOOK,
                          .slot = APP_SLOT_VIEW(APP_OUTLOOK_VIEW),
                          .param = a->cmp.defs,
                          .build = ovres_build,
                          .arg = g,
                          .arg_size = size,
                          .install = ov_show,
                          .view = s,
                          .state = &s->vf};
    viewfetch(a, &f, wait);
    free(g);
}

/* :export: the outlook of now, waited for. */
static void
ov_update(struct view *v, struct app *a)
{
    ov_refresh(v->priv, a, true);
}

/* The backtest's figures in two lines: the outcome, then Brier and the next activity. */
static void
backtest_lines(const struct ov *s, char *l1, char *l2, size_t size)
{
    const struct ovres *r = s->res;
    if (!r->have_bt || r->bt.n_outcome == 0) {
        snprintf(l1, size,
                 "Backtest: no case open at the split (%.0f%% of the time range) "
                 "closed after it",
                 100 * OUTLOOK_SPLIT);
        l2[0] = '\0';
        return;
    }
    char day[32];
    app_fmt_time(r->bt.split, false, day, sizeof day);
    day[10] = '\0';
    const struct predict_backtest *b = &r->bt;
    snprintf(l1, size, "Backtest at %s, %zu cases: AUC %.2f vs %.2f last activity: %s", day,
             b->n_outcome, b->auc_overall.model, b->auc_last.base,
             predict_verdict_text(b->auc_last.verdict));
    snprintf(l2, size, "Brier %.3f vs %.3f overall: %s; next %.0f%% vs %.0f%%: %s",
             b->brier_overall.model, b->brier_overall.base,
             predict_verdict_text(b->brier_overall.verdict), 100 * b->top1.model,
             100 * b->top1.base, predict_verdict_text(b->top1.verdict));
}

static void
ov_draw(struct view *v, struct app *a, WINDOW *w, int rows, int cols)
{
    struct ov *s = v->priv;
    ov_refresh(s, a, false);
    if (s->tl.open) {
        timeline_draw(&s->tl, w, rows, cols);
        return;
    }
    if (s->res == NULL) {
        app_draw_line(w, 0, cols, ROLE_DIM, "  computing the outlook and its backtest...");
        return;
    }
    const struct ovres *r = s->res;
    if (!r->have_truth) {
        app_draw_line(w, 0, cols, ROLE_ERROR, r->why.data ? r->why.data : "");
        return;
    }
    char l1[512], l2[512], n1[32];
    backtest_lines(s, l1, l2, sizeof l1);
    app_draw_line(w, 0, cols, ROLE_DETAIL, l1);
    app_draw_line(w, 1, cols, ROLE_DETAIL, l2);
    ui_fmt_count(r->ol.n, n1, sizeof n1);
    struct cf_buf h = {0};
    cf_buf_printf(&h, "%s open cases, most at risk first (Enter: timeline); %s", n1,
                  r->outcome.data ? r->outcome.data : "");
    app_draw_line(w, 2, cols, ROLE_DIM, h.data);
    cf_buf_clear(&h);
    listw_draw(&s->list, w, 3, rows - 4, cols);
    if (r->ol.n == 0) {
        app_draw_line(w, 4, cols, ROLE_DIM, "  no open case in the selection");
        return;
    }
    const struct predict_open *p = &r->ol.v[listw_cur(&s->list)];
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
    (void)a;
    (void)key;
    struct ov *s = v->priv;
    if (s->tl.open)
        return timeline_key(&s->tl, act);
    if (act == ACT_ENTER && s->res != NULL && s->res->ol.n > 0) {
        timeline_open(&s->tl, s->res->ol.v[listw_cur(&s->list)].case_idx);
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
    rescache_release(s->res != NULL ? &s->res->it : NULL);
    listw_free(&s->list);
    timeline_free(&s->tl);
    free(s);
    v->priv = NULL;
}

static struct listw *
ov_list(struct view *v)
{
    struct ov *s = v->priv;
    return s->tl.open ? &s->tl.list : &s->list;
}

static const char *
ov_context(const struct view *v)
{
    const struct ov *s = v->priv;
    return s != NULL && s->tl.open ? "Timeline" : NULL;
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

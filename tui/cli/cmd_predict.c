/* `caseflow predict`: the outlook for open cases, and its backtest, as documents of tables. */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_outcome.h"
#include "commands.h"
#include "deadends.h"
#include "playbook.h"
#include "predict.h"
#include "predict_setup.h"
#include "table.h"
#include "textout.h"
#include "timeparse.h"

static const char predict_help[] =
    "Usage: caseflow predict [OUTCOME] [OPTIONS] LOG\n"
    "       caseflow predict --backtest [--split DATE|FRACTION] [OUTCOME] [OPTIONS] LOG\n"
    "The outlook for every open case, from the closed cases' history. A case is\n"
    "closed once it reaches its outcome (--outcome-activity / --outcome-last, and\n"
    "--versus) or an accepted end (--end, the playbook's end: line, or inferred as\n"
    "deadends does); the rest are open. For an open case:\n"
    "  p_win      won / (won + lost) among the closed cases that passed through the\n"
    "             same state: the same path so far, else the same last K activities\n"
    "             (K = --context .. 1), else all closed cases; the first context shared\n"
    "             by --min-support closed cases is used, and named in `basis`\n"
    "  next       the three most frequent next activities from that state\n"
    "  remaining  median (p10-p90) time from that state's last event to the close\n"
    "  stuck      time since the last event above the p90 time in stage of the last\n"
    "             activity among closed cases; age = time since the first event\n"
    "Time in the current stage decides `stuck`; it does not refine p_win.\n"
    "Ranking: by value at risk, value * (1 - p_win), with --value ATTR; else stuck\n"
    "first, then lowest p_win. Now = the log's last event.\n\n"
    "--backtest learns from the cases closed before the split and evaluates on the\n"
    "cases open at the split that closed after it (their prefix as of the split):\n"
    "AUC, Brier score and log loss (p clipped to [0.001, 0.999]) against the overall\n"
    "win rate and the last activity alone; next activity top-1/top-3 against the\n"
    "most frequent successors of the last activity; remaining time's median\n"
    "absolute error against the overall median. A verdict is `better` or `worse`\n"
    "only beyond 1.96 standard errors (paired differences; AUC: Hanley-McNeil;\n"
    "remaining: sign test), else `no better`.\n\n"
    "  --value ATTR          rank by the value at risk (ATTR: a numeric attribute)\n"
    "  --min-support N       closed cases a context needs (default 30)\n"
    "  --context K           longest last-activities context (default 3)\n"
    "  --playbook FILE       its end: and win: lines define closing and winning\n"
    "  --limit N             open cases in text output (default 20; 0 = all)\n"
    "  --backtest            evaluate instead of predicting\n"
    "  --split DATE|F        the split: a date, or a fraction of the time range\n"
    "                        (default 0.7)\n\n";

enum {
    OC_CASE,
    OC_LAST,
    OC_PWIN,
    OC_WIN,
    OC_STUCK,
    OC_AGE,
    OC_IDLE,
    OC_REM,
    OC_REM10,
    OC_REM90,
    OC_SUPPORT,
    OC_LEVEL,
    OC_K,
    OC_VALUE,
    OC_RISK,
    OC_RISK_TEXT,
    OC_NEXT,
    OC_BASIS,
    OC__N
};

static const struct table_col open_cols[OC__N] = {
    [OC_CASE] = {"case", "case", TK_TEXT, TA_LEFT, TC_MIDDLE, 0, 10, 0, NULL},
    [OC_LAST] = {"last", "last", TK_TEXT, TA_LEFT, TC_END, 6, 10, 0, NULL},
    [OC_PWIN] = {"p_win", "p_win", TK_BAR, TA_LEFT, TC_NONE, 3, 5, 0, NULL},
    [OC_WIN] = {"win", "win", TK_SHARE, TA_RIGHT, TC_NONE, 0, 0, TCOL_NO_JSON | TCOL_NO_CSV, NULL},
    [OC_STUCK] = {"stuck", "stuck", TK_BOOL, TA_LEFT, TC_NONE, 0, 0, 0, "STUCK"},
    [OC_AGE] = {"age_s", "age", TK_DURATION, TA_RIGHT, TC_NONE, 3, 0, 0, NULL},
    [OC_IDLE] = {"idle_s", "idle", TK_DURATION, TA_RIGHT, TC_NONE, 8, 0, 0, NULL},
    [OC_REM] = {"remaining_s", "remain", TK_DURATION, TA_RIGHT, TC_NONE, 3, 0, 0, NULL},
    [OC_REM10] = {"remaining_p10_s", "p10", TK_DURATION, TA_RIGHT, TC_NONE, 8, 0, TCOL_NO_TEXT,
                  NULL},
    [OC_REM90] = {"remaining_p90_s", "p90", TK_DURATION, TA_RIGHT, TC_NONE, 8, 0, TCOL_NO_TEXT,
                  NULL},
    [OC_SUPPORT] = {"support", "n", TK_COUNT, TA_RIGHT, TC_NONE, 7, 0, 0, NULL},
    [OC_LEVEL] = {"context", "context", TK_TEXT, TA_LEFT, TC_NONE, 9, 0, TCOL_NO_TEXT, NULL},
    [OC_K] = {"context_k", "k", TK_COUNT, TA_RIGHT, TC_NONE, 9, 0, TCOL_NO_TEXT, NULL},
    [OC_VALUE] = {"value", "value", TK_NUMBER, TA_RIGHT, TC_NONE, 6, 0, TCOL_NO_TEXT, NULL},
    [OC_RISK] = {"at_risk", "at risk", TK_NUMBER, TA_RIGHT, TC_NONE, 3, 0, TCOL_NO_TEXT, NULL},
    [OC_RISK_TEXT] = {"at_risk_rounded", "at risk", TK_COUNT, TA_RIGHT, TC_NONE, 3, 0,
                      TCOL_NO_JSON | TCOL_NO_CSV, NULL},
    [OC_NEXT] = {"next_text", "next", TK_TEXT, TA_LEFT, TC_END, 9, 10, TCOL_NO_JSON, NULL},
    [OC_BASIS] = {"basis", "basis", TK_TEXT, TA_LEFT, TC_END, 4, 16, TCOL_FLEX, NULL},
};

static const struct table_col next_cols[] = {
    {"activity", "activity", TK_TEXT, TA_LEFT, TC_END, 0, 0, 0, NULL},
    {"p", "p", TK_SHARE, TA_RIGHT, TC_NONE, 0, 0, 0, NULL},
};

static const char *
level_key(enum predict_level l)
{
    return l == PREDICT_PREFIX ? "prefix" : l == PREDICT_SUFFIX ? "last_k" : "overall";
}

static void
open_table(struct tnode *root, const struct event_log *log, struct predict_model *m,
           const struct predict_outlook *ol, const struct predict_opts *po, bool with_value,
           enum table_format fmt, size_t limit)
{
    /* the value columns only with --value: a column list per case */
    struct table_col *cols = NULL;
    static struct table_col with[OC__N], without[OC__N - 3];
    size_t nc = 0;
    for (size_t i = 0; i < OC__N; i++)
        if (with_value || (i != OC_VALUE && i != OC_RISK && i != OC_RISK_TEXT))
            (with_value ? with : without)[nc++] = open_cols[i];
    cols = with_value ? with : without;
    struct table *t = tnode_table(root, "open", NULL, cols, nc, NULL);
    table_reserve(t, ol->n);
    if (fmt == TF_TEXT)
        table_set_text_limit(t, limit);
    struct cf_buf b = {0};
    size_t col = 0;
#define C(id) (col = (size_t)table_col_index(t, open_cols[id].key))
    for (size_t i = 0; i < ol->n; i++) {
        const struct predict_open *p = &ol->v[i];
        const struct predict_result *r = &p->r;
        const uint32_t *acts = log->ev_act + log->case_off[p->case_idx];
        size_t row = table_add_row(t);
        table_set_text(t, row, C(OC_CASE), eventlog_case_name(log, p->case_idx));
        table_set_text(t, row, C(OC_LAST), eventlog_activity_name(log, p->last));
        if (!isnan(r->p_win)) {
            table_set_number(t, row, C(OC_PWIN), r->p_win);
            table_set_number(t, row, C(OC_WIN), r->p_win);
        }
        table_set_bool(t, row, C(OC_STUCK), p->stuck);
        table_set_dur(t, row, C(OC_AGE), (double)p->age_ms);
        table_set_dur(t, row, C(OC_IDLE), (double)p->idle_ms);
        if (r->visits) {
            table_set_dur(t, row, C(OC_REM), r->remaining_ms);
            table_set_dur(t, row, C(OC_REM10), r->remaining_p10_ms);
            table_set_dur(t, row, C(OC_REM90), r->remaining_p90_ms);
        }
        table_set_count(t, row, C(OC_SUPPORT), r->support);
        table_set_text(t, row, C(OC_LEVEL), level_key(r->level));
        table_set_count(t, row, C(OC_K), r->k);
        if (with_value && p->has_value) {
            table_set_number(t, row, C(OC_VALUE), p->value);
            if (!isnan(r->p_win)) {
                table_set_number(t, row, C(OC_RISK), p->at_risk);
                table_set_count(t, row, C(OC_RISK_TEXT), (uint64_t)llround(fabs(p->at_risk)));
            }
        }
        b.len = 0;
        if (b.data)
            b.data[0] = '\0';
        for (size_t j = 0; j < r->n_next; j++)
            cf_buf_printf(&b, "%s%s %.0f%%", j ? ", " : "", eventlog_activity_name(log, r->next[j]),
                          100 * r->next_p[j]);
        table_set_text(t, row, C(OC_NEXT), b.data ? b.data : "");
        b.len = 0;
        if (b.data)
            b.data[0] = '\0';
        predict_basis(log, r, acts, p->events, po, &b);
        table_set_text(t, row, C(OC_BASIS), b.data);
        if (fmt == TF_JSON) {
            struct table *s = table_sub(t, row, "next", next_cols, 2);
            for (size_t j = 0; j < r->n_next; j++) {
                size_t sr = table_add_row(s);
                table_set_text(s, sr, 0, eventlog_activity_name(log, r->next[j]));
                table_set_number(s, sr, 1, r->next_p[j]);
            }
        }
    }
#undef C
    (void)col;
    (void)m;
    cf_buf_clear(&b);
}

/* ---- backtest output ---------------------------------------------------- */

static const struct table_col metric_cols[] = {
    {"metric", "metric", TK_TEXT, TA_LEFT, TC_END, 0, 0, 0, NULL},
    {"model", "model", TK_NUMBER, TA_RIGHT, TC_NONE, 0, 0, 0, NULL},
    {"baseline", "baseline", TK_TEXT, TA_LEFT, TC_END, 2, 0, 0, NULL},
    {"baseline_value", "base", TK_NUMBER, TA_RIGHT, TC_NONE, 0, 0, 0, NULL},
    {"verdict", "verdict", TK_TEXT, TA_LEFT, TC_NONE, 0, 0, 0, NULL},
};
static const struct table_col share_cols[] = {
    {"metric", "metric", TK_TEXT, TA_LEFT, TC_END, 0, 0, 0, NULL},
    {"model", "model", TK_SHARE, TA_RIGHT, TC_NONE, 0, 0, 0, NULL},
    {"baseline", "baseline", TK_TEXT, TA_LEFT, TC_END, 2, 0, 0, NULL},
    {"baseline_value", "base", TK_SHARE, TA_RIGHT, TC_NONE, 0, 0, 0, NULL},
    {"verdict", "verdict", TK_TEXT, TA_LEFT, TC_NONE, 0, 0, 0, NULL},
};
static const struct table_col dur_cols[] = {
    {"metric", "metric", TK_TEXT, TA_LEFT, TC_END, 0, 0, 0, NULL},
    {"model_s", "model", TK_DURATION, TA_RIGHT, TC_NONE, 0, 0, 0, NULL},
    {"baseline", "baseline", TK_TEXT, TA_LEFT, TC_END, 2, 0, 0, NULL},
    {"baseline_s", "base", TK_DURATION, TA_RIGHT, TC_NONE, 0, 0, 0, NULL},
    {"verdict", "verdict", TK_TEXT, TA_LEFT, TC_NONE, 0, 0, 0, NULL},
};

static void
metric_row(struct table *t, const char *metric, const char *base, const struct predict_cmp *c,
           bool dur)
{
    size_t r = table_add_row(t);
    table_set_text(t, r, 0, metric);
    if (!isnan(c->model)) {
        if (dur)
            table_set_dur(t, r, 1, c->model);
        else
            table_set_number(t, r, 1, c->model);
    }
    table_set_text(t, r, 2, base);
    if (!isnan(c->base)) {
        if (dur)
            table_set_dur(t, r, 3, c->base);
        else
            table_set_number(t, r, 3, c->base);
    }
    table_set_text(t, r, 4, predict_verdict_text(c->verdict));
}

static const struct table_col case_cols[] = {
    {"case", "case", TK_TEXT, TA_LEFT, TC_MIDDLE, 0, 0, 0, NULL},
    {"prefix_events", "events", TK_COUNT, TA_RIGHT, TC_NONE, 0, 0, 0, NULL},
    {"p_win", "p_win", TK_NUMBER, TA_RIGHT, TC_NONE, 0, 0, 0, NULL},
    {"won", "won", TK_BOOL, TA_LEFT, TC_NONE, 0, 0, 0, NULL},
    {"p_overall", "p_overall", TK_NUMBER, TA_RIGHT, TC_NONE, 0, 0, 0, NULL},
    {"p_last", "p_last", TK_NUMBER, TA_RIGHT, TC_NONE, 0, 0, 0, NULL},
    {"context", "context", TK_TEXT, TA_LEFT, TC_NONE, 0, 0, 0, NULL},
    {"support", "support", TK_COUNT, TA_RIGHT, TC_NONE, 0, 0, 0, NULL},
    {"next_actual", "next", TK_TEXT, TA_LEFT, TC_END, 0, 0, 0, NULL},
    {"next_predicted", "predicted", TK_TEXT, TA_LEFT, TC_END, 0, 0, 0, NULL},
    {"next_baseline", "baseline", TK_TEXT, TA_LEFT, TC_END, 0, 0, 0, NULL},
    {"remaining_actual_s", "remaining", TK_DURATION, TA_RIGHT, TC_NONE, 0, 0, 0, NULL},
    {"remaining_s", "predicted", TK_DURATION, TA_RIGHT, TC_NONE, 0, 0, 0, NULL},
    {"remaining_baseline_s", "baseline", TK_DURATION, TA_RIGHT, TC_NONE, 0, 0, 0, NULL},
};

static void
names_joined(struct cf_buf *b, const struct event_log *log, const uint32_t *ids, size_t n)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
    for (size_t i = 0; i < n; i++)
        cf_buf_printf(b, "%s%s", i ? "|" : "", eventlog_activity_name(log, ids[i]));
    if (b->data == NULL)
        cf_buf_puts(b, "");
}

static void
backtest_doc(struct tdoc *d, const struct event_log *log, const struct predict_backtest *bt,
             const char *outcome_desc, const char *closing, enum table_format fmt)
{
    struct tnode *root = tdoc_root(d);
    char when[64];
    timeparse_format_iso(bt->split, when, sizeof when);
    tnode_title(root, "Backtest of the outlook, split at %s", when);
    tnode_text(root, "outcome", "Outcome", outcome_desc);
    tnode_text(root, "closed", "Closed", closing);
    tnode_time(root, "split", "Split", bt->split);
    tnode_count(root, "train_cases", "Learnt from", bt->train_cases);
    tnode_count(root, "train_won", NULL, bt->train_won);
    tnode_count(root, "train_lost", NULL, bt->train_lost);
    tnode_count(root, "evaluated", "Evaluated", bt->n_eval);
    tnode_count(root, "evaluated_decided", "Won or lost", bt->n_outcome);
    tnode_count(root, "evaluated_won", "Won", bt->n_won);
    tnode_note(root, "Learnt from the cases closed before the split; evaluated on the cases");
    tnode_note(root, "open at the split that closed after it, with their prefix as of the split.");

    struct table *t = tnode_table(root, "outcome_metrics", "Outcome (lower is better except AUC)",
                                  metric_cols, 5, NULL);
    metric_row(t, "AUC", "overall win rate", &bt->auc_overall, false);
    metric_row(t, "AUC", "last activity", &bt->auc_last, false);
    metric_row(t, "Brier", "overall win rate", &bt->brier_overall, false);
    metric_row(t, "Brier", "last activity", &bt->brier_last, false);
    metric_row(t, "log loss", "overall win rate", &bt->logloss_overall, false);
    metric_row(t, "log loss", "last activity", &bt->logloss_last, false);
    t = tnode_table(root, "next_metrics", "Next activity (accuracy)", share_cols, 5, NULL);
    metric_row(t, "top-1", "most frequent successor", &bt->top1, false);
    metric_row(t, "top-3", "most frequent successors", &bt->top3, false);
    t = tnode_table(root, "remaining_metrics", "Remaining time", dur_cols, 5, NULL);
    metric_row(t, "median abs. error", "overall median", &bt->remaining_mae, true);

    const struct predict_cmp *headline[] = {&bt->auc_overall, &bt->brier_overall, &bt->auc_last,
                                            &bt->brier_last};
    bool beats = true;
    for (size_t i = 0; i < 4; i++)
        beats &= headline[i]->verdict == PREDICT_BETTER;
    if (bt->n_outcome == 0)
        tnode_note(root, "No evaluated case has a known outcome: nothing to score.");
    else if (!beats)
        tnode_note(root, "The outcome model does NOT beat its baselines (AUC and Brier, both).");
    else
        tnode_note(root, "The outcome model beats both baselines (AUC and Brier).");
    if (bt->top1.verdict != PREDICT_BETTER)
        tnode_note(root, "Next activity: top-1 is %s than the most frequent successor.",
                   predict_verdict_text(bt->top1.verdict));
    if (bt->remaining_mae.verdict != PREDICT_BETTER)
        tnode_note(root, "Remaining time: %s than the overall median.",
                   predict_verdict_text(bt->remaining_mae.verdict));

    if (fmt == TF_TEXT)
        tnode_note(root, "(--json or --format csv list every evaluated case's prediction and "
                         "result)");
    t = tnode_table(root, "cases", NULL, case_cols, sizeof case_cols / sizeof case_cols[0], NULL);
    table_set_flags(t, TTAB_NO_TEXT);
    table_reserve(t, bt->n_eval);
    struct cf_buf b = {0};
    for (size_t i = 0; i < bt->n_eval; i++) {
        const struct predict_eval_case *ec = &bt->cases[i];
        size_t r = table_add_row(t);
        table_set_text(t, r, 0, eventlog_case_name(log, ec->case_idx));
        table_set_count(t, r, 1, ec->prefix_len);
        if (!isnan(ec->p_win))
            table_set_number(t, r, 2, ec->p_win);
        if (ec->label == PREDICT_WON || ec->label == PREDICT_LOST)
            table_set_bool(t, r, 3, ec->label == PREDICT_WON);
        if (!isnan(ec->p_overall))
            table_set_number(t, r, 4, ec->p_overall);
        if (!isnan(ec->p_last))
            table_set_number(t, r, 5, ec->p_last);
        table_set_text(t, r, 6, level_key(ec->level));
        table_set_count(t, r, 7, ec->support);
        table_set_text(t, r, 8, eventlog_activity_name(log, ec->next_actual));
        names_joined(&b, log, ec->next, ec->n_next);
        table_set_text(t, r, 9, b.data);
        names_joined(&b, log, ec->next_base, ec->n_next_base);
        table_set_text(t, r, 10, b.data);
        table_set_dur(t, r, 11, ec->remaining_actual_ms);
        if (!isnan(ec->remaining_ms))
            table_set_dur(t, r, 12, ec->remaining_ms);
        if (!isnan(ec->remaining_base_ms))
            table_set_dur(t, r, 13, ec->remaining_base_ms);
    }
    cf_buf_clear(&b);
}

/* A split: a fraction of the time range (0 < F < 1), or a date. */
static int
parse_split(const char *s, const struct event_log *log, int64_t *out)
{
    char *end;
    errno = 0;
    double f = strtod(s, &end);
    if (end != s && *end == '\0' && errno == 0 && f > 0 && f < 1) {
        *out = log->t_min + (int64_t)((double)(log->t_max - log->t_min) * f);
        return 0;
    }
    return timeparse_string(s, TIMEPARSE_ORDER_UNKNOWN, out);
}

int
cmd_predict(int argc, char **argv)
{
    struct predict_cli pc;
    predict_cli_init(&pc);
    const char *value_s = NULL, *min_s = NULL, *ctx_s = NULL, *limit_s = NULL, *split_s = NULL;
    bool backtest = false;
    const struct cli_opt extra[] = {
        CLI_OUTCOME_OPTS(pc.co),
        {"playbook", true, &pc.playbook, NULL, NULL},
        {"value", true, &value_s, NULL, NULL},
        {"min-support", true, &min_s, NULL, NULL},
        {"context", true, &ctx_s, NULL, NULL},
        {"limit", true, &limit_s, NULL, NULL},
        {"backtest", false, NULL, &backtest, NULL},
        {"split", true, &split_s, NULL, NULL},
        {NULL, false, NULL, NULL, NULL},
    };
    struct cli_common c = {.cmd = "predict"};
    int rc = cli_parse(&c, argc, argv, extra);
    if (rc != 0)
        return rc;
    if (c.help) {
        fputs(predict_help, stdout);
        fputs(cli_outcome_help, stdout);
        putchar('\n');
        cli_print_common_help(stdout);
        return 0;
    }
    struct predict_opts po = PREDICT_OPTS_DEFAULT;
    size_t limit = 20;
    if ((rc = cli_size_opt(&c, "min-support", min_s, &po.min_support, 1)) != 0 ||
        (rc = cli_size_opt(&c, "context", ctx_s, &po.context, 1)) != 0 ||
        (rc = cli_size_opt(&c, "limit", limit_s, &limit, 0)) != 0)
        return rc;
    if (po.context > 64)
        po.context = 64;
    if (split_s && !backtest) {
        fprintf(stderr, "caseflow predict: --split goes with --backtest\n");
        return CF_EXIT_USAGE;
    }
    struct event_log *log;
    struct selection *sel;
    rc = cli_load(&c, &log, &sel);
    if (rc != 0)
        return rc;
    struct cf_error err = {0};
    struct predict_truth truth;
    struct cf_buf desc = {0}, closing = {0};
    if (predict_cli_truth(&pc, log, sel, &truth, &desc, &closing, &err) != 0) {
        cli_error(&err);
        selection_free(sel);
        eventlog_free(log);
        return CF_EXIT_USAGE;
    }
    int value_attr = -1;
    if (value_s && (value_attr = eventlog_attr_index(log, value_s)) < 0) {
        cf_error_set(&err, NULL, 0, "--value: no attribute named \"%s\" in the log", value_s);
        cli_error(&err);
        rc = CF_EXIT_USAGE;
        goto out;
    }
    int64_t split = 0;
    if (backtest && parse_split(split_s ? split_s : "0.7", log, &split) != 0) {
        cf_error_set(&err, NULL, 0, "--split: \"%s\" is neither a date nor a fraction in (0, 1)",
                     split_s);
        cli_error(&err);
        rc = CF_EXIT_USAGE;
        goto out;
    }

    struct table_fmt fmt;
    cli_table_fmt(&c, &fmt);
    struct tdoc *d = tdoc_new("predict", log->name);
    if (backtest) {
        struct predict_backtest bt;
        predict_backtest_run(log, sel, &truth, split, &po, &bt);
        backtest_doc(d, log, &bt, desc.data, closing.data, fmt.format);
        predict_backtest_clear(&bt);
    } else {
        struct predict_model *m = predict_learn(log, sel, &truth, INT64_MAX, &po);
        struct predict_outlook ol;
        predict_outlook_build(m, log, sel, &truth, log->t_max, value_attr, &ol);
        size_t won, lost, closed = predict_model_cases(m, &won, &lost);
        struct tnode *root = tdoc_root(d);
        tnode_title(root, "Outlook for %zu open case%s (%zu closed: %zu won, %zu lost)", ol.n,
                    ol.n == 1 ? "" : "s", closed, won, lost);
        tnode_text(root, "outcome", "Outcome", desc.data);
        tnode_text(root, "closed", "Closed", closing.data);
        tnode_count(root, "closed_cases", NULL, closed);
        tnode_count(root, "closed_won", NULL, won);
        tnode_count(root, "closed_lost", NULL, lost);
        tnode_count(root, "min_support", NULL, po.min_support);
        tnode_count(root, "context", NULL, po.context);
        tnode_time(root, "now", NULL, log->t_max);
        if (value_attr >= 0)
            tnode_count(root, "open_without_value", "Open cases without a numeric value",
                        ol.no_value);
        if (closed == 0)
            tnode_note(root, "No closed case to learn from: every p_win is unknown.");
        open_table(root, log, m, &ol, &po, value_attr >= 0, fmt.format, limit);
        tnode_note(root, "p_win: the first context shared by %zu closed cases: the same path,",
                   po.min_support);
        tnode_note(root, "then the last %zu..1 activities, then all (basis); STUCK: idle past",
                   po.context);
        tnode_note(root, "the p90 time in that stage; remain: median time to the close.");
        predict_outlook_clear(&ol);
        predict_model_free(m);
    }
    rc = cli_output(&c, d, backtest ? "cases" : "open");
out:
    cf_buf_clear(&desc);
    cf_buf_clear(&closing);
    predict_truth_clear(&truth);
    predict_cli_clear(&pc);
    selection_free(sel);
    eventlog_free(log);
    return rc;
}

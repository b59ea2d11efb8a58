/* Outlook for open cases: outcome, next activity and remaining time from closed cases, with a
 * backtest. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_PREDICT_H
#define CF_PREDICT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eventlog.h"
#include "outcome.h"
#include "selection.h"

/*
 * The model is a lookup, not a fit. Every closed case contributes its *open
 * states*: the prefixes [0..i] before its closing event. A state's statistics
 * are those of the closed cases that passed through it: the share that was won,
 * the next activity, the time from that state's last event to the closing event
 * (remaining time) and the time to the next event (time in stage).
 *
 * Contexts, most specific first: the full prefix (a prefix tree of the closed
 * cases' paths), the last k activities for k = context .. 1 (a tree of reversed
 * suffixes, depth at most `context`), then every open state of every closed case
 * (overall). The first context shared by at least min_support distinct closed
 * cases is used. Building is linear in the events (times context + 2); a query
 * walks its prefix once and each context's statistics are computed once.
 *
 * The time already spent in the current stage is NOT used to refine p_win (a
 * deliberate choice: it would split the support further); it decides `stuck`.
 */

#define PREDICT_OPEN_AT UINT32_MAX

enum predict_label { PREDICT_OPEN = 0, PREDICT_WON = 1, PREDICT_LOST = 2, PREDICT_OTHER = 3 };

/* How each case stands at the end of the log. */
struct predict_truth {
    size_t n_cases;
    uint32_t *close_at; /* index within the case of its closing event, or PREDICT_OPEN_AT */
    uint8_t *label;     /* enum predict_label */
};

/*
 * Where each case closes, and how. A prefix is closed when the outcome's rule a
 * holds on it (rule b too with --versus) or its last activity is in ends (mask
 * over activities, may be NULL). OUTCOME_ATTR rules never close a case (the
 * attribute is usually on every event): only ends do. A case closes at the
 * first event from which every longer prefix is closed; it is open when its
 * full path is not closed. Label: won when rule a holds on the whole case; else
 * lost when rule b holds (with b), or when there is no rule b; else other.
 * Never fails; free with predict_truth_clear.
 */
void predict_truth_init(struct predict_truth *t, const struct event_log *log,
                        const struct outcome *o, const bool *ends);
void predict_truth_clear(struct predict_truth *t);

struct predict_opts {
    size_t min_support; /* distinct closed cases a context needs (default 30) */
    size_t context;     /* longest suffix context k (default 3) */
};
#define PREDICT_OPTS_DEFAULT                                                                       \
    {                                                                                              \
        30, 3                                                                                      \
    }

enum predict_level { PREDICT_PREFIX, PREDICT_SUFFIX, PREDICT_OVERALL };

#define PREDICT_NEXT 3

struct predict_result {
    enum predict_level level;
    size_t k;         /* activities in the context: prefix length or suffix length; 0 overall */
    size_t support;   /* distinct closed cases that passed through the context */
    size_t won, lost; /* of those, by label (the rest closed as other) */
    double p_win;     /* won / (won + lost); NAN when none decided */
    size_t prefix_support; /* support of the full prefix (0 when no closed case had it) */
    size_t n_next;
    uint32_t next[PREDICT_NEXT]; /* most frequent next activities (closing ones included) */
    double next_p[PREDICT_NEXT]; /* their share of the visits to the context */
    size_t visits;               /* open states in the context (a case can revisit one) */
    double remaining_ms, remaining_p10_ms, remaining_p90_ms; /* to the closing event */
    bool has_stage;
    double stage_p90_ms; /* p90 time in stage of the last activity (closed cases) */
};

struct predict_model;

/*
 * Learn from the selected cases (sel NULL = all) that closed before `before`
 * (closing event time < before; INT64_MAX = all closed cases). Never fails
 * (a model without closed cases answers with support 0). Free with
 * predict_model_free. The model refers to log; it must outlive it.
 */
struct predict_model *predict_learn(const struct event_log *log, const struct selection *sel,
                                    const struct predict_truth *t, int64_t before,
                                    const struct predict_opts *o);
void predict_model_free(struct predict_model *m);

/* Closed cases learnt from, and how many were won / lost. */
size_t predict_model_cases(const struct predict_model *m, size_t *won, size_t *lost);

/*
 * Predict for the open state acts[0..n) (n >= 1). The model caches per-context
 * statistics (hence not const).
 */
void predict_query(struct predict_model *m, const uint32_t *acts, size_t n,
                   struct predict_result *r);

/* The last-activity-alone context (support >= 1, else overall), for baselines. */
void predict_query_last(struct predict_model *m, uint32_t last, struct predict_result *r);

/*
 * The basis sentence of r for acts[0..n): "same path so far (4 steps); 31 closed
 * cases, 23 won" or "last 2 steps A > B; ..." with the full-prefix support when
 * it backed off. Appends to buf.
 */
void predict_basis(const struct event_log *log, const struct predict_result *r,
                   const uint32_t *acts, size_t n, const struct predict_opts *o,
                   struct cf_buf *buf);

/* ---- open cases --------------------------------------------------------- */

struct predict_open {
    uint32_t case_idx;
    uint32_t last;   /* last activity */
    size_t events;   /* events so far */
    int64_t age_ms;  /* now - first event */
    int64_t idle_ms; /* now - last event */
    struct predict_result r;
    bool stuck;     /* idle_ms > r.stage_p90_ms (false without stage data) */
    bool has_value; /* --value: the case's last numeric value of the attribute */
    double value;
    double at_risk; /* value * (1 - p_win) (0 without value or p_win) */
};

struct predict_outlook {
    size_t n;
    struct predict_open *v;
    size_t no_value; /* open cases without a numeric value (with value_attr) */
};

/*
 * Every selected open case (label PREDICT_OPEN) as of `now`, predicted by m.
 * value_attr: attribute column for the value at risk, or -1. Order: with a
 * value, at_risk descending; else stuck first, then p_win ascending (unknown
 * last), then idle descending; ties by case index. Free with predict_outlook_clear.
 */
void predict_outlook_build(struct predict_model *m, const struct event_log *log,
                           const struct selection *sel, const struct predict_truth *t, int64_t now,
                           int value_attr, struct predict_outlook *out);
void predict_outlook_clear(struct predict_outlook *o);

/* ---- backtest ----------------------------------------------------------- */

enum predict_verdict {
    PREDICT_NA,        /* not enough cases to say */
    PREDICT_BETTER,    /* better than the baseline beyond 1.96 standard errors */
    PREDICT_NO_BETTER, /* within the noise */
    PREDICT_WORSE,     /* worse beyond 1.96 standard errors */
};
const char *predict_verdict_text(enum predict_verdict v); /* "better", "no better", ... */

struct predict_cmp {
    double model, base;
    enum predict_verdict verdict;
};

struct predict_eval_case {
    uint32_t case_idx;
    size_t prefix_len;               /* events before the split */
    uint8_t label;                   /* enum predict_label (closed after the split) */
    double p_win, p_overall, p_last; /* model and the two baselines (NAN: none) */
    uint32_t next_actual;
    size_t n_next;
    uint32_t next[PREDICT_NEXT];
    size_t n_next_base;
    uint32_t next_base[PREDICT_NEXT];
    double remaining_actual_ms, remaining_ms, remaining_base_ms; /* NAN when unknown */
    enum predict_level level;
    size_t k, support;
};

struct predict_backtest {
    int64_t split;
    size_t train_cases, train_won, train_lost;
    size_t n_eval;    /* cases open at the split that closed after it */
    size_t n_outcome; /* of those, won or lost (the outcome metrics' cases) */
    size_t n_won;
    struct predict_cmp auc_overall, auc_last, brier_overall, brier_last, logloss_overall,
        logloss_last;
    struct predict_cmp top1, top3; /* vs the most frequent successors of the last activity */
    size_t n_remaining;
    /* median absolute error, ms, vs the overall median; verdict: a sign test on which is
     * closer per case, and the medians must agree with it */
    struct predict_cmp remaining_mae;
    struct predict_eval_case *cases; /* n_eval, in case order */
};

/* Log loss clips probabilities to [PREDICT_EPS, 1 - PREDICT_EPS]. */
#define PREDICT_EPS 1e-3

/*
 * Learn from the selected cases closed before split, evaluate on the selected
 * cases open at the split (first event < split <= closing event) with their
 * prefix as of the split. Never fails; free with predict_backtest_clear.
 */
void predict_backtest_run(const struct event_log *log, const struct selection *sel,
                          const struct predict_truth *t, int64_t split,
                          const struct predict_opts *o, struct predict_backtest *out);
void predict_backtest_clear(struct predict_backtest *b);

/* AUC of scores p[0..n) for labels y (ties share their average rank); NAN when
 * one class is missing. *se (may be NULL) gets the Hanley-McNeil standard error. */
double predict_auc(const double *p, const bool *y, size_t n, double *se);

#endif

/* Unit tests of the outlook: truth, contexts and back-off, next, remaining, stuck, backtest. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eventlog.h"
#include "outcome.h"
#include "predict.h"
#include "stats.h"
#include "tap.h"
#include "util.h"

/*
 * Times in seconds. Outcome: last activity Won versus Lost.
 *   c1: S@0 A@100 B@200 Won@300        won,  close at 3
 *   c2: S@0 A@100 B@300 Lost@600       lost
 *   c3: S@0 A@200 B@300 Won@400        won
 *   c4: S@0 B@50 Won@1000              won
 *   c5: S@0 C@10 B@20 Lost@30          lost
 *   c6: S@0 C@500 Lost@600             lost
 *   o1: S@0 A@10 B@20                  open (amount 1000)
 *   o2: S@0 C@900 B@950                open (amount 5000)
 *   o3: X@990                          open (amount 100)
 *   o4: S@0 A@995                      open (amount abc: not a number)
 * The log's last event: o4's A at 995... but c4's Won at 1000 is later: now = 1000.
 *
 * Open states (prefix before the closing event) and their next activity:
 *   c1: S>A, SA>B, SAB>Won   c2: S>A, SA>B, SAB>Lost   c3: S>A, SA>B, SAB>Won
 *   c4: S>B, SB>Won          c5: S>C, SC>B, SCB>Lost   c6: S>C, SC>Lost
 * 16 visits; next overall: B 5, A 3, Won 3, Lost 3, C 2.
 */
static const char *const spec = "c1: S@0 A@100 B@200 Won@300\n"
                                "c2: S@0 A@100 B@300 Lost@600\n"
                                "c3: S@0 A@200 B@300 Won@400\n"
                                "c4: S@0 B@50 Won@1000\n"
                                "c5: S@0 C@10 B@20 Lost@30\n"
                                "c6: S@0 C@500 Lost@600\n"
                                "o1 {amount=1000}: S@0 A@10 B@20\n"
                                "o2 {amount=5000}: S@0 C@900 B@950\n"
                                "o3 {amount=100}: X@990\n"
                                "o4 {amount=abc}: S@0 A@995\n";

static const char *
nm(const struct event_log *log, uint32_t a)
{
    return eventlog_activity_name(log, a);
}

static size_t
case_by_name(const struct event_log *log, const char *name)
{
    for (size_t c = 0; c < log->n_cases; c++)
        if (strcmp(eventlog_case_name(log, c), name) == 0)
            return c;
    return SIZE_MAX;
}

static void
query_case(struct predict_model *m, const struct event_log *log, const char *name,
           struct predict_result *r)
{
    size_t c = case_by_name(log, name);
    predict_query(m, log->ev_act + log->case_off[c], eventlog_case_len(log, c), r);
}

static void
test_truth(const struct event_log *log, const struct predict_truth *t)
{
    const char *names[] = {"c1", "c2", "c3", "c4", "c5", "c6", "o1", "o2", "o3", "o4"};
    const uint8_t lab[] = {PREDICT_WON,  PREDICT_LOST, PREDICT_WON,  PREDICT_WON,  PREDICT_LOST,
                           PREDICT_LOST, PREDICT_OPEN, PREDICT_OPEN, PREDICT_OPEN, PREDICT_OPEN};
    const uint32_t at[] = {
        3, 3, 3, 2, 3, 2, PREDICT_OPEN_AT, PREDICT_OPEN_AT, PREDICT_OPEN_AT, PREDICT_OPEN_AT};
    for (size_t i = 0; i < 10; i++) {
        size_t c = case_by_name(log, names[i]);
        CHECK_EQ_U(t->label[c], lab[i]);
        CHECK_EQ_U(t->close_at[c], at[i]);
    }
}

static void
test_contexts(struct event_log *log, const struct predict_truth *t)
{
    struct predict_opts o = {2, 2};
    struct predict_model *m = predict_learn(log, NULL, t, INT64_MAX, &o);
    size_t won, lost;
    CHECK_EQ_U(predict_model_cases(m, &won, &lost), 6);
    CHECK_EQ_U(won, 3);
    CHECK_EQ_U(lost, 3);
    struct predict_result r;
    struct cf_buf b = {0};

    /* o1 S A B: the full prefix, c1 c2 c3 (3 >= 2): won 2/3; next Won 2/3, Lost 1/3;
     * remaining from B: 100, 300, 100 -> median 100, p10 100, p90 100 + .8 * 200 = 260.
     * Time in stage B (closed): 100 300 100 950 10 -> p90 at 3.6: 300 + .6 * 650 = 690;
     * idle 1000 - 20 = 980 > 690: stuck. */
    query_case(m, log, "o1", &r);
    CHECK_EQ_I(r.level, PREDICT_PREFIX);
    CHECK_EQ_U(r.k, 3);
    CHECK_EQ_U(r.support, 3);
    CHECK_EQ_U(r.prefix_support, 3);
    CHECK_NEAR(r.p_win, 2.0 / 3, 1e-12);
    CHECK_EQ_U(r.n_next, 2);
    CHECK_STR(nm(log, r.next[0]), "Won");
    CHECK_NEAR(r.next_p[0], 2.0 / 3, 1e-12);
    CHECK_STR(nm(log, r.next[1]), "Lost");
    CHECK_NEAR(r.next_p[1], 1.0 / 3, 1e-12);
    CHECK_NEAR(r.remaining_ms, 100000, 1e-6);
    CHECK_NEAR(r.remaining_p10_ms, 100000, 1e-6);
    CHECK_NEAR(r.remaining_p90_ms, 260000, 1e-6);
    CHECK(r.has_stage);
    CHECK_NEAR(r.stage_p90_ms, 690000, 1e-6);
    predict_basis(log, &r, log->ev_act + log->case_off[case_by_name(log, "o1")], 3, &o, &b);
    CHECK_STR(b.data, "same path so far (3 steps); 3 closed cases, 2 won");
    cf_buf_clear(&b);

    /* o2 S C B: full prefix c5 only (1 < 2); last 2 "C B": c5 (1 < 2); last step B:
     * c1..c5 = 5 cases, won c1 c3 c4 = 3/5; next Won 3/5, Lost 2/5.
     * Remaining from B: c1 100, c2 300, c3 100, c4 950, c5 10 -> median 100. */
    query_case(m, log, "o2", &r);
    CHECK_EQ_I(r.level, PREDICT_SUFFIX);
    CHECK_EQ_U(r.k, 1);
    CHECK_EQ_U(r.support, 5);
    CHECK_EQ_U(r.prefix_support, 1);
    CHECK_NEAR(r.p_win, 0.6, 1e-12);
    CHECK_STR(nm(log, r.next[0]), "Won");
    CHECK_NEAR(r.next_p[0], 0.6, 1e-12);
    CHECK_NEAR(r.remaining_ms, 100000, 1e-6);
    predict_basis(log, &r, log->ev_act + log->case_off[case_by_name(log, "o2")], 3, &o, &b);
    CHECK_STR(b.data, "last step B; 5 closed cases, 3 won (same path: 1 < 2)");
    cf_buf_clear(&b);

    /* o3 X: never seen: overall, 6 cases, 3 won; next over 16 visits: B 5/16, then
     * A, Won, Lost at 3 each (ties by activity id: A was interned before Won). */
    query_case(m, log, "o3", &r);
    CHECK_EQ_I(r.level, PREDICT_OVERALL);
    CHECK_EQ_U(r.support, 6);
    CHECK_EQ_U(r.visits, 16);
    CHECK_EQ_U(r.prefix_support, 0);
    CHECK_NEAR(r.p_win, 0.5, 1e-12);
    CHECK_EQ_U(r.n_next, 3);
    CHECK_STR(nm(log, r.next[0]), "B");
    CHECK_NEAR(r.next_p[0], 5.0 / 16, 1e-12);
    CHECK_STR(nm(log, r.next[1]), "A");
    CHECK_STR(nm(log, r.next[2]), "Won");
    CHECK_NEAR(r.next_p[2], 3.0 / 16, 1e-12);
    CHECK(!r.has_stage);

    /* o4 S A: the full prefix c1 c2 c3 -> 2/3, next B (1.0). Stage A: 100 100 200 ->
     * p90 180 s; idle 5 s: not stuck. */
    query_case(m, log, "o4", &r);
    CHECK_EQ_I(r.level, PREDICT_PREFIX);
    CHECK_NEAR(r.p_win, 2.0 / 3, 1e-12);
    CHECK_EQ_U(r.n_next, 1);
    CHECK_STR(nm(log, r.next[0]), "B");
    CHECK_NEAR(r.next_p[0], 1.0, 1e-12);
    CHECK_NEAR(r.stage_p90_ms, 180000, 1e-6);

    /* Outlook, no value: stuck first (o1), then p_win ascending: o3 .5, o2 .6, o4 .667. */
    struct predict_outlook ol;
    predict_outlook_build(m, log, NULL, t, log->t_max, -1, &ol);
    CHECK_EQ_U(ol.n, 4);
    const char *order[] = {"o1", "o3", "o2", "o4"};
    for (size_t i = 0; i < 4 && i < ol.n; i++)
        CHECK_STR(eventlog_case_name(log, ol.v[i].case_idx), order[i]);
    CHECK(ol.v[0].stuck);
    CHECK(!ol.v[1].stuck && !ol.v[2].stuck && !ol.v[3].stuck);
    CHECK_EQ_I(ol.v[0].idle_ms, 980000);
    CHECK_EQ_I(ol.v[0].age_ms, 1000000);
    CHECK_EQ_I(ol.v[1].age_ms, 10000);
    predict_outlook_clear(&ol);

    /* With the amount: at risk o2 5000 * .4 = 2000, o1 1000 / 3, o3 100 * .5 = 50, o4 none. */
    int attr = eventlog_attr_index(log, "amount");
    CHECK(attr >= 0);
    predict_outlook_build(m, log, NULL, t, log->t_max, attr, &ol);
    const char *order2[] = {"o2", "o1", "o3", "o4"};
    for (size_t i = 0; i < 4 && i < ol.n; i++)
        CHECK_STR(eventlog_case_name(log, ol.v[i].case_idx), order2[i]);
    CHECK_NEAR(ol.v[0].at_risk, 2000, 1e-9);
    CHECK_NEAR(ol.v[1].at_risk, 1000.0 / 3, 1e-9);
    CHECK_NEAR(ol.v[2].at_risk, 50, 1e-9);
    CHECK(!ol.v[3].has_value);
    CHECK_EQ_U(ol.no_value, 1);
    predict_outlook_clear(&ol);
    predict_model_free(m);

    /* min_support 4: o4 S A backs off prefix (3) -> "S A" (3) -> "A" (3) -> overall (6). */
    o.min_support = 4;
    m = predict_learn(log, NULL, t, INT64_MAX, &o);
    query_case(m, log, "o4", &r);
    CHECK_EQ_I(r.level, PREDICT_OVERALL);
    CHECK_EQ_U(r.prefix_support, 3);
    CHECK_NEAR(r.p_win, 0.5, 1e-12);
    /* o2: "B" has 5 >= 4 */
    query_case(m, log, "o2", &r);
    CHECK_EQ_I(r.level, PREDICT_SUFFIX);
    CHECK_EQ_U(r.k, 1);
    predict_model_free(m);

    /* Learning only from cases closed before t = 400 s: c1 (300), c5 (30). o1 S A B,
     * min 1: the full prefix is c1 only -> p 1, support 1. */
    o.min_support = 1;
    m = predict_learn(log, NULL, t, log->t_min + 400000, &o);
    CHECK_EQ_U(predict_model_cases(m, NULL, NULL), 2);
    query_case(m, log, "o1", &r);
    CHECK_EQ_I(r.level, PREDICT_PREFIX);
    CHECK_EQ_U(r.support, 1);
    CHECK_NEAR(r.p_win, 1.0, 1e-12);
    predict_model_free(m);
}

static void
test_truth_kinds(void)
{
    /* Reaching A_OK (won) or A_NO (lost) closes at the first such event; reopened
     * last-activity outcomes close at the final run of closing events. */
    struct cf_error err = {0};
    struct event_log *log = eventlog_from_spec("r1: S A_OK X Y\n"
                                               "r2: S T A_NO\n"
                                               "r3: S T\n",
                                               &err);
    CHECK(log != NULL);
    struct outcome o;
    CHECK_EQ_I(outcome_init(&o, log, OUTCOME_ACTIVITY, "A_OK", "A_NO", NULL, &err), 0);
    struct predict_truth t;
    predict_truth_init(&t, log, &o, NULL);
    CHECK_EQ_U(t.close_at[0], 1);
    CHECK_EQ_U(t.label[0], PREDICT_WON);
    CHECK_EQ_U(t.close_at[1], 2);
    CHECK_EQ_U(t.label[1], PREDICT_LOST);
    CHECK_EQ_U(t.label[2], PREDICT_OPEN);
    predict_truth_clear(&t);
    outcome_clear(&o);
    eventlog_free(log);

    log = eventlog_from_spec("r1: S Won R Lost\n"
                             "r2: S Won Lost\n"
                             "r3: S Cancel\n"
                             "r4: S Won R\n",
                             &err);
    CHECK(log != NULL);
    CHECK_EQ_I(outcome_init(&o, log, OUTCOME_LAST, "Won", "Lost", NULL, &err), 0);
    bool ends[16] = {false};
    ends[strpool_find(log->activities, "Cancel", 6)] = true;
    predict_truth_init(&t, log, &o, ends);
    CHECK_EQ_U(t.close_at[0], 3);
    CHECK_EQ_U(t.label[0], PREDICT_LOST);
    CHECK_EQ_U(t.close_at[1], 1); /* Won Lost: one closing run from Won */
    CHECK_EQ_U(t.label[1], PREDICT_LOST);
    CHECK_EQ_U(t.close_at[2], 1);
    CHECK_EQ_U(t.label[2], PREDICT_OTHER);
    CHECK_EQ_U(t.label[3], PREDICT_OPEN);
    predict_truth_clear(&t);
    outcome_clear(&o);
    eventlog_free(log);
}

static void
test_auc(void)
{
    /* ranks 1, 2.5, 2.5, 4; positives 2.5 + 4 = 6.5; (6.5 - 3) / 4 = .875 */
    const double p[] = {0.1, 0.5, 0.5, 0.9};
    const bool y[] = {false, true, false, true};
    double se;
    CHECK_NEAR(predict_auc(p, y, 4, &se), 0.875, 1e-12);
    CHECK(se > 0);
    const double q[] = {0.3, 0.3, 0.3, 0.3};
    CHECK_NEAR(predict_auc(q, y, 4, NULL), 0.5, 1e-12);
    const bool all[] = {true, true, true, true};
    CHECK(isnan(predict_auc(p, all, 4, NULL)));
}

/*
 * A log of n cases starting 600 s apart, steps one day apart: F, M, N, then Won or
 * Lost. determined: F is G for won and H for lost; otherwise F and the outcome are
 * drawn independently from a fixed LCG.
 */
static struct event_log *
gen_log(size_t n, bool determined)
{
    struct cf_buf b = {0};
    uint64_t s = 12345;
    for (size_t i = 0; i < n; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        bool won = (s >> 33) & 1;
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        bool g = determined ? won : ((s >> 33) & 1);
        long t0 = (long)i * 600;
        cf_buf_printf(&b, "k%zu: %s@%ld M@%ld N@%ld %s@%ld\n", i, g ? "G" : "H", t0, t0 + 86400,
                      t0 + 2 * 86400, won ? "Won" : "Lost", t0 + 3 * 86400);
    }
    struct cf_error err = {0};
    struct event_log *log = eventlog_from_spec(b.data, &err);
    cf_buf_clear(&b);
    return log;
}

static void
backtest(struct event_log *log, struct predict_backtest *bt)
{
    struct cf_error err = {0};
    struct outcome o;
    outcome_init(&o, log, OUTCOME_LAST, "Won", "Lost", NULL, &err);
    struct predict_truth t;
    predict_truth_init(&t, log, &o, NULL);
    struct predict_opts po = PREDICT_OPTS_DEFAULT;
    int64_t split = log->t_min + (int64_t)2000 * 600 * 1000; /* case 2000 starts */
    predict_backtest_run(log, NULL, &t, split, &po, bt);
    predict_truth_clear(&t);
    outcome_clear(&o);
}

static void
test_backtest(void)
{
    /* Open at the split: cases started in the 3 days before it: 3 * 86400 / 600 = 432
     * (case 2000 starts at the split: not open before it). */
    struct event_log *log = gen_log(4000, true);
    CHECK(log != NULL);
    struct predict_backtest bt;
    backtest(log, &bt);
    CHECK_EQ_U(bt.n_eval, 432);
    CHECK_EQ_U(bt.n_outcome, 432);
    CHECK_EQ_U(bt.train_cases, 2000 - 432);
    CHECK_NEAR(bt.auc_overall.model, 1.0, 1e-12);
    CHECK_NEAR(bt.auc_overall.base, 0.5, 1e-12);
    CHECK_EQ_I(bt.auc_overall.verdict, PREDICT_BETTER);
    CHECK_EQ_I(bt.auc_last.verdict, PREDICT_BETTER); /* last activity M or N: no signal */
    CHECK_NEAR(bt.brier_overall.model, 0, 1e-12);
    CHECK_EQ_I(bt.brier_overall.verdict, PREDICT_BETTER);
    CHECK_EQ_I(bt.logloss_overall.verdict, PREDICT_BETTER);
    /* next: every step is fixed except the last (Won/Lost, known from F) */
    CHECK_NEAR(bt.top1.model, 1.0, 1e-12);
    CHECK_NEAR(bt.top3.model, 1.0, 1e-12);
    /* remaining: exactly 1, 2 or 3 days from the last event */
    CHECK_EQ_U(bt.n_remaining, 432);
    CHECK_NEAR(bt.remaining_mae.model, 0, 1e-6);
    for (size_t i = 0; i < bt.n_eval; i++) {
        const struct predict_eval_case *ec = &bt.cases[i];
        CHECK(ec->p_win == (ec->label == PREDICT_WON ? 1.0 : 0.0));
        if (ec->p_win != (ec->label == PREDICT_WON ? 1.0 : 0.0))
            break;
    }
    predict_backtest_clear(&bt);
    eventlog_free(log);

    log = gen_log(4000, false);
    backtest(log, &bt);
    CHECK_EQ_U(bt.n_outcome, 432);
    CHECK(fabs(bt.auc_overall.model - 0.5) < 0.1);
    CHECK(bt.auc_overall.verdict != PREDICT_BETTER);
    CHECK(bt.brier_overall.verdict != PREDICT_BETTER);
    CHECK(bt.logloss_overall.verdict != PREDICT_BETTER);
    printf("# random: AUC %.3f (%s), Brier %.4f vs %.4f (%s)\n", bt.auc_overall.model,
           predict_verdict_text(bt.auc_overall.verdict), bt.brier_overall.model,
           bt.brier_overall.base, predict_verdict_text(bt.brier_overall.verdict));
    predict_backtest_clear(&bt);
    eventlog_free(log);
}

/* ---- the model against a brute force ------------------------------------ */

static uint64_t
lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 33;
}

/* Quantiles by selection (one, or several at once) equal those of a sorted copy, bit for bit. */
static void
test_quantile_select(void)
{
    const double qs[] = {0, 0.1, 0.25, 0.5, 0.9, 1};
    const size_t sizes[] = {1, 2, 3, 4, 7, 10, 17, 100, 1001, 4096};
    uint64_t s = 99;
    int bad = 0;
    for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
        size_t n = sizes[si];
        for (int kind = 0; kind < 3; kind++) {
            int64_t *v = xmalloc(n * sizeof *v), *sorted = xmalloc(n * sizeof *v);
            int64_t *w = xmalloc(n * sizeof *w);
            for (size_t i = 0; i < n; i++) /* random, few distinct (ties), negative too */
                v[i] = kind == 0   ? (int64_t)lcg(&s) * 1000
                       : kind == 1 ? (int64_t)(lcg(&s) % 3)
                                   : (int64_t)(lcg(&s) % 1000) - 500;
            memcpy(sorted, v, n * sizeof *v);
            stats_sort_i64(sorted, n);
            for (size_t qi = 0; qi < sizeof qs / sizeof qs[0]; qi++) {
                memcpy(w, v, n * sizeof *v);
                bad +=
                    stats_quantile_select(w, n, qs[qi]) != stats_quantile_sorted(sorted, n, qs[qi]);
            }
            /* several at once: ascending, repeated, then out of order */
            const double many[][4] = {{0.1, 0.5, 0.9, 1}, {0, 0, 0.5, 0.5}, {0.9, 0.1, 1, 0.25}};
            for (size_t mi = 0; mi < 3; mi++) {
                double got[4];
                memcpy(w, v, n * sizeof *v);
                stats_quantiles_select(w, n, many[mi], 4, got);
                for (size_t qi = 0; qi < 4; qi++)
                    bad += got[qi] != stats_quantile_sorted(sorted, n, many[mi][qi]);
            }
            free(v);
            free(sorted);
            free(w);
        }
    }
    CHECK_EQ_I(bad, 0);
    CHECK(stats_quantile_select(NULL, 0, 0.5) == stats_quantile_sorted(NULL, 0, 0.5));
    double none[2] = {1, 1};
    stats_quantiles_select(NULL, 0, (const double[]){0.1, 0.9}, 2, none);
    CHECK(none[0] == 0 && none[1] == 0);
}

/*
 * A random log: cases over A B C D, most ending in Won or Lost (some reach one of
 * them midway, so that they close later: "A Won B Lost"), some open; many share their
 * sequences (variants with several cases). Times random, in seconds.
 */
static struct event_log *
gen_random_log(uint64_t seed, size_t n)
{
    static const char *const acts[] = {"A", "B", "C", "D", "Won", "Lost"};
    struct cf_buf b = {0};
    uint64_t s = seed;
    uint32_t templ[8][12], tlen[8];
    for (int k = 0; k < 8; k++) {
        tlen[k] = 1 + (uint32_t)(lcg(&s) % 10);
        for (uint32_t i = 0; i < tlen[k]; i++)
            templ[k][i] = (uint32_t)(lcg(&s) % 6);
    }
    for (size_t c = 0; c < n; c++) {
        uint32_t seq[12], len;
        if (lcg(&s) % 3 != 0) { /* a shared path */
            int k = (int)(lcg(&s) % 8);
            len = tlen[k];
            memcpy(seq, templ[k], len * sizeof *seq);
        } else {
            len = 1 + (uint32_t)(lcg(&s) % 10);
            for (uint32_t i = 0; i < len; i++)
                seq[i] = (uint32_t)(lcg(&s) % 6);
        }
        if (lcg(&s) % 5 != 0) /* closed */
            seq[len++] = 4 + (uint32_t)(lcg(&s) % 2);
        cf_buf_printf(&b, "r%zu:", c);
        long t = (long)(lcg(&s) % 100000);
        for (uint32_t i = 0; i < len; i++) {
            cf_buf_printf(&b, " %s@%ld", acts[seq[i]], t);
            t += 1 + (long)(lcg(&s) % 5000);
        }
        cf_buf_puts(&b, "\n");
    }
    struct cf_error err = {0};
    struct event_log *log = eventlog_from_spec(b.data, &err);
    cf_buf_clear(&b);
    return log;
}

struct brute {
    size_t cases, won, lost, visits, n_next;
    uint32_t next[PREDICT_NEXT];
    double next_p[PREDICT_NEXT], rem_med, rem_p10, rem_p90;
};

/*
 * The statistics of a context straight from the definition: every open state (c, i)
 * of a learnt case whose activities end (suffix, k > 0) or start (prefix) like
 * acts[0..n), the last k (or all n).
 */
static void
brute_context(const struct event_log *log, const struct predict_truth *t, int64_t before,
              const uint32_t *acts, size_t n, size_t k, bool prefix, struct brute *out)
{
    memset(out, 0, sizeof *out);
    size_t na = eventlog_n_activities(log), cap = log->n_events ? log->n_events : 1;
    size_t *cnt = xcalloc(na, sizeof *cnt);
    int64_t *rem = xmalloc(cap * sizeof *rem);
    for (size_t c = 0; c < log->n_cases; c++) {
        uint32_t z = t->close_at[c];
        size_t lo = log->case_off[c];
        if (z == PREDICT_OPEN_AT || z == 0 || log->ev_time[lo + z] >= before)
            continue;
        bool passed = false;
        for (size_t i = 0; i < z; i++) {
            bool match;
            if (prefix) {
                match = i + 1 == n;
                for (size_t j = 0; match && j < n; j++)
                    match = log->ev_act[lo + j] == acts[j];
            } else {
                match = i + 1 >= k;
                for (size_t j = 0; match && j < k; j++)
                    match = log->ev_act[lo + i - j] == acts[n - 1 - j];
            }
            if (!match)
                continue;
            passed = true;
            cnt[log->ev_act[lo + i + 1]]++;
            rem[out->visits++] = log->ev_time[lo + z] - log->ev_time[lo + i];
        }
        if (passed) {
            out->cases++;
            out->won += t->label[c] == PREDICT_WON;
            out->lost += t->label[c] == PREDICT_LOST;
        }
    }
    for (size_t j = 0; j < PREDICT_NEXT; j++) {
        size_t best = SIZE_MAX;
        for (size_t a = 0; a < na; a++)
            if (cnt[a] > 0 && (best == SIZE_MAX || cnt[a] > cnt[best]))
                best = a;
        if (best == SIZE_MAX)
            break;
        out->next[out->n_next] = (uint32_t)best;
        out->next_p[out->n_next++] = (double)cnt[best] / (double)out->visits;
        cnt[best] = 0;
    }
    if (out->visits) {
        stats_sort_i64(rem, out->visits);
        out->rem_med = stats_quantile_sorted(rem, out->visits, 0.5);
        out->rem_p10 = stats_quantile_sorted(rem, out->visits, 0.1);
        out->rem_p90 = stats_quantile_sorted(rem, out->visits, 0.9);
    }
    free(cnt);
    free(rem);
}

/* Every prefix of every case, queried, equals the brute force; returns mismatches. */
static int
check_model(const struct event_log *log, const struct predict_truth *t, int64_t before,
            const struct predict_opts *po)
{
    struct predict_model *m = predict_learn(log, NULL, t, before, po);
    int bad = 0;
    for (size_t c = 0; c < log->n_cases; c++) {
        const uint32_t *acts = log->ev_act + log->case_off[c];
        for (size_t n = 1; n <= eventlog_case_len(log, c); n++) {
            struct predict_result r;
            predict_query(m, acts, n, &r);
            struct brute b, pre;
            brute_context(log, t, before, acts, n, 0, true, &pre);
            enum predict_level level = PREDICT_OVERALL;
            size_t k = 0;
            if (pre.cases >= po->min_support) {
                level = PREDICT_PREFIX;
                k = n;
                b = pre;
            } else {
                for (k = po->context < n ? po->context : n; k > 0; k--) {
                    brute_context(log, t, before, acts, n, k, false, &b);
                    if (b.cases >= po->min_support)
                        break;
                }
                if (k > 0)
                    level = PREDICT_SUFFIX;
                else
                    brute_context(log, t, before, acts, n, 0, false, &b);
            }
            struct brute st;
            brute_context(log, t, before, acts, n, 1, false, &st);
            bool ok = r.level == level && r.k == k && r.support == b.cases && r.won == b.won &&
                      r.lost == b.lost && r.visits == b.visits && r.n_next == b.n_next &&
                      r.prefix_support == pre.cases;
            for (size_t j = 0; ok && j < b.n_next; j++)
                ok = r.next[j] == b.next[j] && r.next_p[j] == b.next_p[j];
            if (ok && b.visits)
                ok = r.remaining_ms == b.rem_med && r.remaining_p10_ms == b.rem_p10 &&
                     r.remaining_p90_ms == b.rem_p90;
            ok = ok && r.has_stage == (st.visits > 0);
            if (!ok) {
                if (bad == 0)
                    printf("# mismatch: case %zu prefix %zu: level %d/%d k %zu/%zu support "
                           "%zu/%zu visits %zu/%zu\n",
                           c, n, (int)r.level, (int)level, r.k, k, r.support, b.cases, r.visits,
                           b.visits);
                bad++;
            }
        }
    }
    predict_model_free(m);
    return bad;
}

static void
test_brute_force(void)
{
    for (uint64_t seed = 1; seed <= 3; seed++) {
        struct event_log *log = gen_random_log(seed, 150);
        CHECK(log != NULL);
        if (log == NULL)
            return;
        struct cf_error err = {0};
        struct outcome o;
        CHECK_EQ_I(outcome_init(&o, log, OUTCOME_LAST, "Won", "Lost", NULL, &err), 0);
        struct predict_truth t;
        predict_truth_init(&t, log, &o, NULL);
        int64_t mid = log->t_min + (log->t_max - log->t_min) / 2;
        const struct predict_opts opts[] = {{1, 1}, {3, 2}, {5, 3}, {30, 3}};
        for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++) {
            CHECK_EQ_I(check_model(log, &t, INT64_MAX, &opts[i]), 0);
            CHECK_EQ_I(check_model(log, &t, mid, &opts[i]), 0);
        }
        /* variant ranks that do not keep common prefixes together (a shuffle), and ranks
         * that are not a permutation: the same model */
        uint32_t *saved = xmalloc(log->n_variants * sizeof *saved);
        memcpy(saved, log->variant_rank, log->n_variants * sizeof *saved);
        uint64_t s = seed;
        for (size_t v = log->n_variants; v > 1; v--) {
            size_t j = lcg(&s) % v;
            uint32_t x = log->variant_rank[v - 1];
            log->variant_rank[v - 1] = log->variant_rank[j];
            log->variant_rank[j] = x;
        }
        CHECK_EQ_I(check_model(log, &t, INT64_MAX, &opts[1]), 0);
        memset(log->variant_rank, 0, log->n_variants * sizeof *saved);
        CHECK_EQ_I(check_model(log, &t, INT64_MAX, &opts[2]), 0);
        memcpy(log->variant_rank, saved, log->n_variants * sizeof *saved);
        free(saved);
        predict_truth_clear(&t);
        outcome_clear(&o);
        eventlog_free(log);
    }
}

int
main(void)
{
    struct cf_error err = {0};
    struct event_log *log = eventlog_from_spec(spec, &err);
    CHECK(log != NULL);
    if (log == NULL)
        TAP_DONE();
    struct outcome o;
    CHECK_EQ_I(outcome_init(&o, log, OUTCOME_LAST, "Won", "Lost", NULL, &err), 0);
    struct predict_truth t;
    predict_truth_init(&t, log, &o, NULL);
    test_truth(log, &t);
    test_contexts(log, &t);
    predict_truth_clear(&t);
    outcome_clear(&o);
    eventlog_free(log);
    test_truth_kinds();
    test_auc();
    test_backtest();
    test_quantile_select();
    test_brute_force();
    TAP_DONE();
}

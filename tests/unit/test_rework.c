/* Unit tests of rework: repeats, loops (nested, overlapping, self), regressions, skips. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eventlog.h"
#include "filter.h"
#include "rework.h"
#include "selection.h"
#include "tap.h"

static struct event_log *
spec_log(const char *spec)
{
    struct cf_error err = {0};
    struct event_log *log = eventlog_from_spec(spec, &err);
    if (log == NULL)
        printf("not ok - spec: %s\n", err.msg);
    return log;
}

/* A path of ids as "A > B > C". */
static const char *
path_str(const struct event_log *log, const uint32_t *p, size_t n)
{
    static char buf[512];
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++)
        used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", i ? " > " : "",
                                 eventlog_activity_name(log, p[i]));
    return buf;
}

static const char *
name(const struct event_log *log, uint32_t a)
{
    return eventlog_activity_name(log, a);
}

static void
test_activities_and_loops(void)
{
    /*
     * r1, r5: A B C B C D (one variant). B recurs at 3 (loop B C B), C at 4
     *         (loop C B C): overlapping loops. r1 times 0 10 20 50 60 100 give
     *         both loops 40 s; r5 (0 10 20 80 90 100) gives both 70 s.
     * r2: A A B D - self-loop A A, 5 s.
     * r3: A B A B A - A at 0,2,4 (loops A B A: 30 s and 70 s), B at 1,3 (B A B: 30 s).
     * r4: X - a single event, nothing.
     * r6: P N N P - self-loop N N (10 s) nested in P N N P (60 s).
     *
     * Per activity (cases_repeated, extra, self, redo):
     *   A: r2 (2 occ, self) + r3 (3 occ, redo)   -> 2, 1+2=3, 1, 1
     *   B: r1, r3, r5 (2 occ each, redo)         -> 3, 3, 0, 3
     *   C: r1, r5                                -> 2, 2, 0, 2
     *   N: r6 (self) -> 1, 1, 1, 0;  P: r6 (redo) -> 1, 1, 0, 1
     * Order: cases_repeated desc, extra desc, name: B, A, C, N, P.
     *
     * Loops are counted under their least rotation in the inferred stage order
     * (A and P rank 0, B .225, N .333, C .4, D 1), so B C B and C B C are one cycle,
     * B > C > B, and B A B counts as A > B > A. (occurrences, cases, median s),
     * occurrences desc, cases desc, shorter first, names:
     *   B > C > B  4 2 55 (40 40 70 70)   A > B > A  3 1 30 (30 70 30)
     *   A > A      1 1 5                  N > N      1 1 10
     *   P > N > N > P  1 1 60 (P N N is the least rotation of P N N, N N P, N P N)
     * Occurrences sum to the extra occurrences: 3 + 3 + 2 + 1 + 1 = 10.
     */
    struct event_log *log = spec_log("r1: A@0 B@10 C@20 B@50 C@60 D@100\n"
                                     "r2: A@0 A@5 B@10 D@20\n"
                                     "r3: A@0 B@10 A@30 B@40 A@100\n"
                                     "r4: X@0\n"
                                     "r5: A@0 B@10 C@20 B@80 C@90 D@100\n"
                                     "r6: P@0 N@10 N@20 P@60\n");
    struct rework r;
    rework_build(log, NULL, NULL, 0, &r);

    CHECK_EQ_U(r.n_activities, 5);
    const char *exp_act[] = {"B", "A", "C", "N", "P"};
    const size_t exp[5][4] = {{3, 3, 0, 3}, {2, 3, 1, 1}, {2, 2, 0, 2}, {1, 1, 1, 0}, {1, 1, 0, 1}};
    for (size_t i = 0; i < 5 && i < r.n_activities; i++) {
        CHECK_STR(name(log, r.activities[i].activity), exp_act[i]);
        CHECK_EQ_U(r.activities[i].cases_repeated, exp[i][0]);
        CHECK_EQ_U(r.activities[i].extra_occurrences, exp[i][1]);
        CHECK_EQ_U(r.activities[i].self_loop_cases, exp[i][2]);
        CHECK_EQ_U(r.activities[i].redo_cases, exp[i][3]);
    }

    CHECK_EQ_U(r.n_loops, 5);
    const char *exp_path[] = {"B > C > B", "A > B > A", "A > A", "N > N", "P > N > N > P"};
    const size_t exp_occ[] = {4, 3, 1, 1, 1}, exp_cases[] = {2, 1, 1, 1, 1};
    const double exp_med[] = {55, 30, 5, 10, 60};
    size_t occ_total = 0;
    for (size_t i = 0; i < 5 && i < r.n_loops; i++) {
        CHECK_STR(path_str(log, r.loops[i].path, r.loops[i].len), exp_path[i]);
        CHECK_EQ_U(r.loops[i].occurrences, exp_occ[i]);
        CHECK_EQ_U(r.loops[i].cases, exp_cases[i]);
        CHECK_NEAR(r.loops[i].median_ms, exp_med[i] * 1000, 1e-6);
        occ_total += r.loops[i].occurrences;
    }
    CHECK_EQ_U(occ_total, 10);
    rework_clear(&r);

    /* A selection: r1 and r2 only. B then has 1 case (r1); B's median position is now
       (.2 + .667) / 2, after C's .4, so the one cycle reads C > B > C (2 instances, 40 s). */
    struct selection *s = selection_new(log->n_cases, false);
    selection_set(s, 0, true);
    selection_set(s, 1, true);
    rework_build(log, s, NULL, 0, &r);
    CHECK_EQ_U(r.n_activities, 3); /* A (r2), B, C (r1): ties of 1, 1 by name */
    CHECK_STR(name(log, r.activities[0].activity), "A");
    CHECK_EQ_U(r.activities[0].self_loop_cases, 1);
    CHECK_STR(name(log, r.activities[1].activity), "B");
    CHECK_EQ_U(r.n_loops, 2);
    CHECK_STR(path_str(log, r.loops[0].path, r.loops[0].len), "C > B > C");
    CHECK_EQ_U(r.loops[0].occurrences, 2);
    CHECK_NEAR(r.loops[0].median_ms, 40000, 1e-6);
    CHECK_STR(path_str(log, r.loops[1].path, r.loops[1].len), "A > A");
    rework_clear(&r);

    /* Nothing selected: empty results, no crash. */
    selection_fill(s, false);
    rework_build(log, s, NULL, 0, &r);
    CHECK_EQ_U(r.n_activities, 0);
    CHECK_EQ_U(r.n_loops, 0);
    CHECK_EQ_U(r.n_regressions + r.n_skips, 0);
    rework_clear(&r);
    selection_free(s);
    eventlog_free(log);
}

/* The seven cases of the stage tests. */
static const char *const stage_spec = "s1: Lead Qual Demo Prop Won\n"
                                      "s2: Lead Qual Demo Prop Won\n"
                                      "s3: Lead Demo Prop Won\n"
                                      "s4: Lead Qual Prop Qual Demo Won\n"
                                      "s5: Lead Call Qual Demo\n"
                                      "s6: Lead Demo Prop Won\n"
                                      "s7: Lead Qual Prop Qual Prop Won\n";

static void
check_jump(const struct event_log *log, const struct rework_jump *j, const char *from,
           const char *to, size_t count, size_t cases, const char *skipped)
{
    CHECK_STR(name(log, j->from), from);
    CHECK_STR(name(log, j->to), to);
    CHECK_EQ_U(j->count, count);
    CHECK_EQ_U(j->cases, cases);
    if (skipped != NULL)
        CHECK_STR(path_str(log, j->skipped, j->n_skipped), skipped);
}

static void
test_given_stages(void)
{
    /*
     * Stages Lead, Qual, Demo, Prop, Won (ranks 0..4); Call is not a stage and
     * is left out (s5: Lead > Qual > Demo, all forward).
     *   s3, s6: Lead -> Demo skips Qual.
     *   s4: Qual -> Prop skips Demo; Prop -> Qual regresses; Demo -> Won is an exit:
     *       Won ends every case it is in (an end activity), so reaching it as the
     *       case's last event skips nothing.
     *   s7: Qual -> Prop (skip) twice, Prop -> Qual (regression) once.
     * Regressions: Prop -> Qual count 2 (s4, s7), cases 2.
     * Skips: Qual -> Prop 3 in 2 cases; Lead -> Demo 2 in 2.
     */
    struct event_log *log = spec_log(stage_spec);
    uint32_t *ids;
    size_t n;
    struct cf_error err = {0};
    CHECK_EQ_I(filter_parse_activities(log, "Lead,Qual,Demo,Prop,Won", &ids, &n, &err), 0);
    struct rework r;
    rework_build(log, NULL, ids, n, &r);
    CHECK(!r.stages_inferred);
    CHECK_EQ_U(r.n_stages, 5);
    CHECK_EQ_U(r.stage_rank[4], 4);
    CHECK(isnan(r.stage_median[0]));
    CHECK_EQ_U(r.n_regressions, 1);
    check_jump(log, &r.regressions[0], "Prop", "Qual", 2, 2, NULL);
    CHECK_EQ_U(r.n_skips, 2);
    if (r.n_skips == 2) {
        check_jump(log, &r.skips[0], "Qual", "Prop", 3, 2, "Demo");
        check_jump(log, &r.skips[1], "Lead", "Demo", 2, 2, "Qual");
    }
    rework_clear(&r);
    free(ids);
    eventlog_free(log);
}

static void
test_inferred_stages(void)
{
    /*
     * Relative position (index / (length - 1)) of each activity's first
     * occurrence per case, and the medians:
     *   Lead: 0 everywhere                                   -> 0
     *   Qual: s1 .25 s2 .25 s4 .2 s5 2/3 s7 .2               -> .25
     *   Call: s5 1/3                                         -> 1/3
     *   Demo: s1 .5 s2 .5 s3 1/3 s6 1/3 s4 .8 s5 1           -> (.5 + .5) / 2 = .5
     *   Prop: s1 .75 s2 .75 s3 2/3 s6 2/3 s4 .4 s7 .4        -> 2/3
     *   Won:  1                                              -> 1
     * Order Lead Qual Call Demo Prop Won, ranks 0..5. Then:
     *   s1, s2: Qual -> Demo skips Call.  s3, s6: Lead -> Demo skips Qual, Call.
     *   s4: Qual -> Prop skips Call, Demo; Prop -> Qual back; Qual -> Demo skips
     *       Call; Demo -> Won is an exit (Won is an end activity), not a skip.
     *   s5: Lead -> Call skips Qual; Call -> Qual back; Qual -> Demo skips Call.
     *   s7: Qual -> Prop (skip) x2; Prop -> Qual (back) x1.
     * Regressions: Prop -> Qual 2/2, Call -> Qual 1/1.
     * Skips: Qual -> Demo 4/4, Qual -> Prop 3/2, Lead -> Demo 2/2,
     *        Lead -> Call 1/1.
     */
    struct event_log *log = spec_log(stage_spec);
    struct rework r;
    rework_build(log, NULL, NULL, 0, &r);
    CHECK(r.stages_inferred);
    CHECK_EQ_U(r.n_stages, 6);
    CHECK_STR(path_str(log, r.stages, r.n_stages), "Lead > Qual > Call > Demo > Prop > Won");
    CHECK_NEAR(r.stage_median[1], 0.25, 1e-8);
    CHECK_NEAR(r.stage_median[3], 0.5, 1e-8);
    CHECK_NEAR(r.stage_median[4], 2.0 / 3.0, 1e-8);
    CHECK_EQ_U(r.stage_rank[5], 5);
    CHECK_EQ_U(r.n_regressions, 2);
    if (r.n_regressions == 2) {
        check_jump(log, &r.regressions[0], "Prop", "Qual", 2, 2, NULL);
        check_jump(log, &r.regressions[1], "Call", "Qual", 1, 1, NULL);
    }
    CHECK_EQ_U(r.n_skips, 4);
    if (r.n_skips == 4) {
        check_jump(log, &r.skips[0], "Qual", "Demo", 4, 4, "Call");
        check_jump(log, &r.skips[1], "Qual", "Prop", 3, 2, "Call > Demo");
        check_jump(log, &r.skips[2], "Lead", "Demo", 2, 2, "Qual > Call");
        check_jump(log, &r.skips[3], "Lead", "Call", 1, 1, "Qual");
    }
    rework_clear(&r);
    eventlog_free(log);
}

static void
test_stage_ties(void)
{
    /*
     * t1: A B Won, t2: A B Lost, t3: Z (single event: no position, not a stage).
     * Medians A 0, B .5, Lost 1, Won 1: Lost and Won tie and share rank 2, so
     * B -> Won and B -> Lost are plain steps: no skips, no regressions.
     */
    struct event_log *log = spec_log("t1: A B Won\nt2: A B Lost\nt3: Z\n");
    struct rework r;
    rework_build(log, NULL, NULL, 0, &r);
    CHECK_EQ_U(r.n_stages, 4);
    CHECK_STR(path_str(log, r.stages, r.n_stages), "A > B > Lost > Won");
    CHECK_EQ_U(r.stage_rank[2], 2);
    CHECK_EQ_U(r.stage_rank[3], 2);
    CHECK_EQ_U(r.n_regressions, 0);
    CHECK_EQ_U(r.n_skips, 0);
    CHECK_EQ_U(r.n_activities, 0);
    CHECK_EQ_U(r.n_loops, 0);
    rework_clear(&r);

    /* Given stages with a duplicate: the later one is ignored. */
    uint32_t st[4];
    st[0] = strpool_find(log->activities, "A", 1);
    st[1] = strpool_find(log->activities, "Won", 3);
    st[2] = strpool_find(log->activities, "A", 1);
    st[3] = strpool_find(log->activities, "B", 1);
    /* Order A, Won, B: t1 A -> B skips Won, B -> Won goes back. */
    rework_build(log, NULL, st, 4, &r);
    CHECK_EQ_U(r.n_stages, 3);
    CHECK_EQ_U(r.n_skips, 1); /* A -> B in t1 and t2: one pair; Lost is left out */
    CHECK_EQ_U(r.n_regressions, 1);
    if (r.n_skips == 1 && r.n_regressions == 1) {
        check_jump(log, &r.skips[0], "A", "B", 2, 2, "Won");
        check_jump(log, &r.regressions[0], "B", "Won", 1, 1, NULL);
    }
    rework_clear(&r);
    eventlog_free(log);
}

static void
test_long_cases(void)
{
    /*
     * Cases longer than the inference's dense table (65 events) take another
     * route: the medians must come out the same.
     *   l1: A X*98 B (100 events): A 0, X 1/99, B 1
     *   l2: A B: A 0, B 1          l3: X A B: X 0, A .5, B 1
     *   l4: B X*98 A: B 0, X 1/99, A 1
     * Medians: A [0 0 .5 1] -> .25; X [0 1/99 1/99] -> 1/99; B [0 1 1 1] -> 1.
     */
    struct cf_buf b = {0};
    cf_buf_puts(&b, "l1: A");
    for (int i = 0; i < 98; i++)
        cf_buf_puts(&b, " X");
    cf_buf_puts(&b, " B\nl2: A B\nl3: X A B\nl4: B");
    for (int i = 0; i < 98; i++)
        cf_buf_puts(&b, " X");
    cf_buf_puts(&b, " A\n");
    struct event_log *log = spec_log(b.data);
    cf_buf_clear(&b);
    struct rework r;
    rework_build(log, NULL, NULL, 0, &r);
    CHECK_EQ_U(r.n_stages, 3);
    CHECK_STR(path_str(log, r.stages, r.n_stages), "X > A > B");
    CHECK_NEAR(r.stage_median[0], 1.0 / 99, 1e-8);
    CHECK_NEAR(r.stage_median[1], 0.25, 1e-8);
    CHECK_NEAR(r.stage_median[2], 1, 1e-8);
    /* X X repeats 97 times in l1 and l4: the self-loop X > X has 2 * 97 occurrences. */
    CHECK_EQ_U(r.n_loops, 1);
    CHECK_EQ_U(r.loops[0].occurrences, 194);
    CHECK_EQ_U(r.loops[0].cases, 2);
    rework_clear(&r);
    eventlog_free(log);
}

static void
test_loop_order_ties(void)
{
    /*
     * Two loops with the same counts, length and first eight steps: only the
     * ninth step (Y < Z) orders them; a shorter loop with the same counts first.
     */
    struct event_log *log = spec_log("c1: A B C D E F G H Z A\n"
                                     "c2: A B C D E F G H Y A\n"
                                     "c3: Q Q\n");
    struct rework r;
    rework_build(log, NULL, NULL, 0, &r);
    CHECK_EQ_U(r.n_loops, 3);
    if (r.n_loops == 3) {
        CHECK_STR(path_str(log, r.loops[0].path, r.loops[0].len), "Q > Q");
        CHECK_STR(path_str(log, r.loops[1].path, r.loops[1].len),
                  "A > B > C > D > E > F > G > H > Y > A");
        CHECK_STR(path_str(log, r.loops[2].path, r.loops[2].len),
                  "A > B > C > D > E > F > G > H > Z > A");
    }
    rework_clear(&r);
    eventlog_free(log);
}

int
main(void)
{
    test_activities_and_loops();
    test_given_stages();
    test_inferred_stages();
    test_stage_ties();
    test_long_cases();
    test_loop_order_ties();
    TAP_DONE();
}

/* Unit tests of transition probabilities, funnels, the happy path and parallel pairs. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eventlog.h"
#include "filter.h"
#include "pathinfo.h"
#include "tap.h"
#include "transitions.h"
#include "variants.h"

/*
 * m1: A B C   m2: A B B   m3: A C   m4: B
 * Transitions: (start)->A 3, (start)->B 1; A->B 2, A->C 1;
 *   B->C 1, B->B 1, B->(end) 2 (m2, m4); C->(end) 2 (m1, m3).
 * Out of (start) 4: A .75, B .25. Out of B 4: (end) .5, B .25, C .25.
 * Out of A 3: B 2/3, C 1/3. Out of C 2: (end) 1.
 * Sources: (start) first, then by transitions out: B 4, A 3, C 2.
 */
static const char *const spec = "m1: A B C\nm2: A B B\nm3: A C\nm4: B\n";

static void
test_transitions(const struct event_log *log)
{
    struct transitions t;
    transitions_build(log, NULL, &t);
    CHECK_EQ_U(t.cases, 4);
    const char *exp[][2] = {{"(start)", "A"}, {"(start)", "B"}, {"B", "(end)"}, {"B", "B"},
                            {"B", "C"},       {"A", "B"},       {"A", "C"},     {"C", "(end)"}};
    const size_t cnt[] = {3, 1, 2, 1, 1, 2, 1, 2};
    const double p[] = {.75, .25, .5, .25, .25, 2.0 / 3, 1.0 / 3, 1};
    CHECK_EQ_U(t.n, 8);
    for (size_t i = 0; i < 8 && i < t.n; i++) {
        CHECK_STR(transitions_name(log, t.t[i].from), exp[i][0]);
        CHECK_STR(transitions_name(log, t.t[i].to), exp[i][1]);
        CHECK_EQ_U(t.t[i].count, cnt[i]);
        CHECK_NEAR(t.t[i].probability, p[i], 1e-12);
    }
    CHECK(t.t[0].from == TRANSITIONS_START);
    CHECK(t.t[2].to == TRANSITIONS_END);
    /* Probabilities sum to 1 per source. */
    for (size_t i = 0; i < t.n;) {
        size_t j = i;
        double sum = 0;
        while (j < t.n && t.t[j].from == t.t[i].from)
            sum += t.t[j++].probability;
        CHECK_NEAR(sum, 1.0, 1e-12);
        i = j;
    }
    transitions_clear(&t);

    /* Over m4 alone: (start)->B 1, B->(end) 1. */
    struct selection *s = selection_new(log->n_cases, false);
    selection_set(s, 3, true);
    transitions_build(log, s, &t);
    CHECK_EQ_U(t.n, 2);
    CHECK_STR(transitions_name(log, t.t[1].from), "B");
    CHECK_NEAR(t.t[1].probability, 1, 1e-12);
    transitions_clear(&t);
    selection_fill(s, false);
    transitions_build(log, s, &t);
    CHECK_EQ_U(t.n, 0);
    transitions_clear(&t);
    selection_free(s);
}

static void
check_funnel(const struct event_log *log, const char *stages, const size_t *reached,
             const double *share, const double *conv, const size_t *lost, size_t n)
{
    uint32_t *ids;
    size_t k;
    struct cf_error err = {0};
    if (filter_parse_activities(log, stages, &ids, &k, &err) != 0) {
        CHECK(!"bad stages");
        return;
    }
    struct funnel f;
    funnel_build(log, NULL, ids, k, &f);
    CHECK_EQ_U(f.n, n);
    CHECK_EQ_U(f.cases, 4);
    for (size_t i = 0; i < n && i < f.n; i++) {
        CHECK_EQ_U(f.steps[i].activity, ids[i]);
        CHECK_EQ_U(f.steps[i].cases_reached, reached[i]);
        CHECK_NEAR(f.steps[i].share, share[i], 1e-12);
        CHECK_NEAR(f.steps[i].conversion, conv[i], 1e-12);
        CHECK_EQ_U(f.steps[i].lost, lost[i]);
        if (i > 0)
            CHECK(f.steps[i].cases_reached <= f.steps[i - 1].cases_reached);
    }
    funnel_clear(&f);
    free(ids);
}

static void
test_funnel(const struct event_log *log)
{
    /*
     * A,B,C: m1 reaches C; m2 reaches B (A then B); m3 reaches A only (C comes
     * after A but B never does); m4 none (B without a preceding A).
     * Reached 3, 2, 1 of 4 cases: share 1, 2/3, 1/3; conversion 3/4, 2/3, 1/2;
     * lost 1, 1, 1.
     */
    const size_t r1[] = {3, 2, 1}, l1[] = {1, 1, 1};
    const double s1[] = {1, 2.0 / 3, 1.0 / 3}, c1[] = {.75, 2.0 / 3, .5};
    check_funnel(log, "A,B,C", r1, s1, c1, l1, 3);
    /* A,C (not adjacent in m1): m1 and m3 reach C. */
    const size_t r2[] = {3, 2}, l2[] = {1, 1};
    const double s2[] = {1, 2.0 / 3}, c2[] = {.75, 2.0 / 3};
    check_funnel(log, "A,C", r2, s2, c2, l2, 2);
    /* B,B: B occurs in m1, m2, m4; twice only in m2. */
    const size_t r3[] = {3, 1}, l3[] = {1, 2};
    const double s3[] = {1, 1.0 / 3}, c3[] = {.75, 1.0 / 3};
    check_funnel(log, "B,B", r3, s3, c3, l3, 2);
    /* C,A: nobody goes back from C to A. */
    const size_t r4[] = {2, 0}, l4[] = {2, 2};
    const double s4[] = {1, 0}, c4[] = {.5, 0};
    check_funnel(log, "C,A", r4, s4, c4, l4, 2);
}

static void
test_pathinfo(const struct event_log *log)
{
    /*
     * Every variant is one case; ties go by names: "A > B > B" first (B < C).
     * Widest path: (start)-A-B-(end) has arcs 3, 2, 2 (bottleneck 2);
     * (start)-A-C-(end) has 3, 1, 2 (bottleneck 1). No pair runs both ways.
     */
    struct pathinfo p;
    pathinfo_build(log, NULL, &p);
    CHECK(p.has_variant);
    size_t len;
    const uint32_t *seq = variants_sequence(log, p.variant, &len);
    CHECK_EQ_U(len, 3);
    CHECK_STR(eventlog_activity_name(log, seq[2]), "B");
    CHECK_EQ_U(p.variant_cases, 1);
    CHECK_NEAR(p.variant_share, .25, 1e-12);
    CHECK_EQ_U(p.path_len, 2);
    if (p.path_len == 2) {
        CHECK_STR(eventlog_activity_name(log, p.path[0]), "A");
        CHECK_STR(eventlog_activity_name(log, p.path[1]), "B");
    }
    CHECK_EQ_U(p.path_bottleneck, 2);
    CHECK_EQ_U(p.n_parallel, 0);
    pathinfo_clear(&p);

    /*
     * p1 p3 p5: A B C D; p2 p4: A C B D; p6 p7 p8: X Y; p9: Y X.
     * Top variants: A B C D and X Y, 3 cases each; "A..." sorts first: share 3/9.
     * Arcs: (start)->A 5, ->X 3, ->Y 1; A->B 3, A->C 2; B->C 3, B->D 2; C->D 3,
     *   C->B 2; D->(end) 5; X->Y 3, X->(end) 1; Y->(end) 3, Y->X 1.
     * Widest: A B C D (5 3 3 3 5) and X Y (3 3 3) both have bottleneck 3; fewest
     *   steps wins: X > Y.
     * Both ways: B/C 3 vs 2 -> dependency (3-2)/(3+2+1) = 1/6, parallel;
     *   X/Y 3 vs 1 -> 2/5 > 0.2, not parallel.
     */
    struct cf_error err = {0};
    struct event_log *pl = eventlog_from_spec("p1: A B C D\np2: A C B D\np3: A B C D\n"
                                              "p4: A C B D\np5: A B C D\np6: X Y\np7: X Y\n"
                                              "p8: X Y\np9: Y X\n",
                                              &err);
    pathinfo_build(pl, NULL, &p);
    seq = variants_sequence(pl, p.variant, &len);
    CHECK_EQ_U(len, 4);
    CHECK_STR(eventlog_activity_name(pl, seq[0]), "A");
    CHECK_EQ_U(p.variant_cases, 3);
    CHECK_NEAR(p.variant_share, 3.0 / 9, 1e-12);
    CHECK_EQ_U(p.path_len, 2);
    if (p.path_len == 2) {
        CHECK_STR(eventlog_activity_name(pl, p.path[0]), "X");
        CHECK_STR(eventlog_activity_name(pl, p.path[1]), "Y");
    }
    CHECK_EQ_U(p.path_bottleneck, 3);
    CHECK_EQ_U(p.n_parallel, 1);
    if (p.n_parallel == 1) {
        CHECK_STR(eventlog_activity_name(pl, p.parallel[0].a), "B");
        CHECK_STR(eventlog_activity_name(pl, p.parallel[0].b), "C");
        CHECK_EQ_U(p.parallel[0].ab, 3);
        CHECK_EQ_U(p.parallel[0].ba, 2);
        CHECK_NEAR(p.parallel[0].dependency, 1.0 / 6, 1e-12);
    }
    pathinfo_clear(&p);

    /* Without the X/Y cases the widest path is A B C D (bottleneck 3). */
    struct selection *s = selection_new(pl->n_cases, true);
    for (size_t c = 5; c < 9; c++)
        selection_set(s, c, false);
    pathinfo_build(pl, s, &p);
    CHECK_EQ_U(p.path_len, 4);
    CHECK_EQ_U(p.path_bottleneck, 3);
    if (p.path_len == 4)
        CHECK_STR(eventlog_activity_name(pl, p.path[2]), "C");
    pathinfo_clear(&p);
    selection_fill(s, false);
    pathinfo_build(pl, s, &p);
    CHECK(!p.has_variant);
    CHECK_EQ_U(p.path_len, 0);
    CHECK_EQ_U(p.n_parallel, 0);
    pathinfo_clear(&p);
    selection_free(s);
    eventlog_free(pl);
}

int
main(void)
{
    struct cf_error err = {0};
    struct event_log *log = eventlog_from_spec(spec, &err);
    if (log == NULL) {
        printf("not ok - spec: %s\n", err.msg);
        return 1;
    }
    test_transitions(log);
    test_funnel(log);
    test_pathinfo(log);
    eventlog_free(log);
    TAP_DONE();
}

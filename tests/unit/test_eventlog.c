/* Unit tests of the event-log model: ordering, ties, cases, variants, DFG, summary. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dfg.h"
#include "eventlog.h"
#include "selection.h"
#include "stats.h"
#include "summary.h"
#include "tap.h"
#include "variants.h"

static void
test_ordering(void)
{
    /* Rows out of order within cases and interleaved between cases; ties at t=100. */
    struct eventlog_builder *b = eventlog_builder_new("t", 0, NULL);
    eventlog_builder_add(b, "c2", 2, "X", 1, 500, NULL, 0, 2, NULL, NULL);
    eventlog_builder_add(b, "c1", 2, "B", 1, 200, "ann", 3, 3, NULL, NULL);
    eventlog_builder_add(b, "c1", 2, "A", 1, 100, NULL, 0, 4, NULL, NULL);
    eventlog_builder_add(b, "c2", 2, "Y", 1, 100, NULL, 0, 5, NULL, NULL);
    eventlog_builder_add(b, "c1", 2, "T2", 2, 100, NULL, 0, 6, NULL, NULL);
    eventlog_builder_add(b, "c2", 2, "Z", 1, 100, NULL, 0, 7, NULL, NULL);
    struct event_log *log = eventlog_builder_finish(b);

    CHECK_EQ_U(log->n_cases, 2);
    CHECK_EQ_U(log->n_events, 6);
    CHECK_STR(eventlog_case_name(log, 0), "c2"); /* order of first appearance */
    /* c2: Y(100,l5) Z(100,l7) X(500): the tie keeps file order. */
    CHECK_STR(eventlog_activity_name(log, log->ev_act[0]), "Y");
    CHECK_STR(eventlog_activity_name(log, log->ev_act[1]), "Z");
    CHECK_STR(eventlog_activity_name(log, log->ev_act[2]), "X");
    /* c1: A(100,l4) T2(100,l6) B(200). */
    CHECK_STR(eventlog_activity_name(log, log->ev_act[3]), "A");
    CHECK_STR(eventlog_activity_name(log, log->ev_act[4]), "T2");
    CHECK_STR(eventlog_activity_name(log, log->ev_act[5]), "B");
    CHECK_EQ_U(log->ev_line[4], 6);
    CHECK_STR(eventlog_resource_name(log, log->ev_res[5]), "ann");
    CHECK_EQ_U(log->ev_res[3], CF_NONE);
    CHECK_EQ_U(log->case_off[1], 3);
    CHECK_EQ_I(eventlog_case_duration(log, 0), 400);
    CHECK_EQ_I(eventlog_case_duration(log, 1), 100);
    CHECK_EQ_I(log->t_min, 100);
    CHECK_EQ_I(log->t_max, 500);
    eventlog_free(log);
}

static void
test_long_case_sort(void)
{
    /* A long case in reverse time order: merge sort path, stable on ties. */
    struct eventlog_builder *b = eventlog_builder_new("t", 0, NULL);
    for (int i = 0; i < 1000; i++) {
        char act[16];
        int n = snprintf(act, sizeof act, "a%d", i);
        eventlog_builder_add(b, "c", 1, act, (size_t)n, (int64_t)(1000 - i / 2), NULL, 0,
                             (size_t)i + 2, NULL, NULL);
    }
    struct event_log *log = eventlog_builder_finish(b);
    int ok = 1;
    for (size_t e = 1; e < log->n_events; e++) {
        if (log->ev_time[e] < log->ev_time[e - 1])
            ok = 0;
        if (log->ev_time[e] == log->ev_time[e - 1] && log->ev_line[e] < log->ev_line[e - 1])
            ok = 0;
    }
    CHECK(ok);
    eventlog_free(log);
}

static void
test_variants_dfg(void)
{
    struct cf_error err = {0};
    /* Times in seconds. */
    struct event_log *log = eventlog_from_spec("k1: A@0 B@60 C@120\n"
                                               "k2: A@0 B@30 C@90\n"
                                               "k3: A@0 C@10\n"
                                               "k4: A@0 B@10 B@20 C@50\n"
                                               "k5: A@0 B@60 C@180\n",
                                               &err);
    CHECK(log != NULL);
    if (log == NULL)
        return;
    CHECK_EQ_U(log->n_variants, 3);
    struct variant_table vt;
    variants_build(log, NULL, &vt);
    CHECK_EQ_U(vt.n, 3);
    CHECK_EQ_U(vt.total_cases, 5);
    CHECK_EQ_U(vt.v[0].cases, 3); /* A B C */
    CHECK_NEAR(vt.v[0].share, 0.6, 1e-12);
    CHECK_NEAR(vt.v[0].median_ms, 120000, 1e-9); /* durations 120, 90, 180 s */
    CHECK_NEAR(vt.v[0].mean_ms, 130000, 1e-9);
    /* Ties on cases order by sequence: "A B B C" < "A C". */
    CHECK_EQ_U(vt.v[1].length, 4);
    CHECK_EQ_U(vt.v[2].length, 2);
    CHECK_NEAR(vt.v[2].cum_share, 1.0, 1e-12);
    /* Reversed: the rarest first, the running share from the new top (0.2, 0.4, 1.0). */
    variants_reverse(&vt);
    CHECK_EQ_U(vt.v[0].length, 2);
    CHECK_EQ_U(vt.v[1].length, 4);
    CHECK_EQ_U(vt.v[2].cases, 3);
    CHECK_NEAR(vt.v[0].cum_share, 0.2, 1e-12);
    CHECK_NEAR(vt.v[1].cum_share, 0.4, 1e-12);
    CHECK_NEAR(vt.v[2].cum_share, 1.0, 1e-12);
    variants_clear(&vt);

    struct dfg g;
    dfg_build(log, NULL, NULL, &g);
    uint32_t A = strpool_find(log->activities, "A", 1);
    uint32_t B = strpool_find(log->activities, "B", 1);
    uint32_t C = strpool_find(log->activities, "C", 1);
    long ab = dfg_find_edge(&g, A, B);
    CHECK(ab >= 0);
    if (ab >= 0) {
        CHECK_EQ_U(g.edges[ab].count, 4);
        CHECK_EQ_U(g.edges[ab].cases, 4);
        /* A->B: 60, 30, 10, 60 s -> median (30+60)/2 = 45 s, mean 40 s. */
        CHECK_NEAR(g.edges[ab].median_ms, 45000, 1e-9);
        CHECK_NEAR(g.edges[ab].mean_ms, 40000, 1e-9);
        CHECK_EQ_I(g.edges[ab].min_ms, 10000);
        CHECK_EQ_I(g.edges[ab].max_ms, 60000);
    }
    long bb = dfg_find_edge(&g, B, B);
    CHECK(bb >= 0 && g.edges[bb].count == 1);
    CHECK_EQ_U(g.n_edges, 4);        /* AB BC AC BB */
    CHECK_EQ_U(g.edges[0].count, 4); /* A->B and B->C tie at 4; A<B by name */
    CHECK(g.edges[0].from == A && g.edges[0].to == B);
    CHECK_EQ_U(g.nodes[B].events, 5);
    CHECK_EQ_U(g.nodes[B].cases, 4);
    CHECK_EQ_U(g.nodes[A].starts, 5);
    CHECK_EQ_U(g.nodes[C].ends, 5);
    dfg_clear(&g);

    /* Projection onto {A, C}: every case becomes A C. */
    bool keep[3] = {false, false, false};
    keep[A] = keep[C] = true;
    dfg_build(log, NULL, keep, &g);
    CHECK_EQ_U(g.n_edges, 1);
    CHECK_EQ_U(g.edges[0].count, 5);
    CHECK_NEAR(g.edges[0].median_ms, 90000, 1e-9); /* 10 50 90 120 180 */
    CHECK_EQ_U(g.nodes[B].events, 0);
    dfg_clear(&g);

    /* A selection of k3 and k4 only. */
    struct selection *sel = selection_new(log->n_cases, false);
    selection_set(sel, 2, true);
    selection_set(sel, 3, true);
    CHECK_EQ_U(selection_count(sel), 2);
    struct summary s;
    summary_build(log, sel, &s);
    CHECK_EQ_U(s.cases, 2);
    CHECK_EQ_U(s.events, 6);
    CHECK_EQ_U(s.rework_cases[B], 1);
    CHECK_EQ_U(s.rework_cases[A], 0);
    CHECK_EQ_U(s.self_loop_cases, 1);
    CHECK_EQ_U(s.variants, 2);
    CHECK_NEAR(s.case_duration.median, 30000, 1e-9); /* 10 s and 50 s */
    summary_clear(&s);
    selection_invert(sel);
    CHECK_EQ_U(selection_count(sel), 3);
    selection_free(sel);
    eventlog_free(log);
}

static void
test_stats(void)
{
    int64_t v[] = {5, 1, 4, 2, 3};
    stats_sort_i64(v, 5);
    CHECK_EQ_I(v[0], 1);
    CHECK_EQ_I(v[4], 5);
    CHECK_NEAR(stats_quantile_sorted(v, 5, 0.5), 3, 1e-12);
    CHECK_NEAR(stats_quantile_sorted(v, 5, 0.1), 1.4, 1e-12); /* numpy: 1.4 */
    CHECK_NEAR(stats_quantile_sorted(v, 5, 0.9), 4.6, 1e-12);
    /* Radix path with negatives. */
    size_t n = 5000;
    int64_t *w = malloc(n * sizeof *w);
    for (size_t i = 0; i < n; i++)
        w[i] = (int64_t)((i * 7919) % n) - 2500;
    w[17] = INT64_MIN + 1;
    w[18] = INT64_MAX;
    stats_sort_i64(w, n);
    int ok = 1;
    for (size_t i = 1; i < n; i++)
        if (w[i] < w[i - 1])
            ok = 0;
    CHECK(ok);
    CHECK_EQ_I(w[0], INT64_MIN + 1);
    CHECK_EQ_I(w[n - 1], INT64_MAX);
    free(w);
    CHECK_EQ_U(stats_bucket(60000), 0);
    CHECK_EQ_U(stats_bucket(60001), 1);
    CHECK_EQ_U(stats_bucket(100LL * 86400000), STATS_NBUCKETS - 1);
}

static void
test_spec_attrs(void)
{
    struct cf_error err = {0};
    struct event_log *log = eventlog_from_spec("d1 {outcome=won,region=EU}: A B\n"
                                               "d2 {outcome=lost}: A\n"
                                               "d3: A C\n",
                                               &err);
    CHECK(log != NULL);
    if (log == NULL)
        return;
    CHECK_EQ_U(log->n_attrs, 2);
    CHECK_STR(log->attr_names[0], "outcome");
    CHECK_STR(log->attr_names[1], "region");
    CHECK_STR(strpool_get(log->values, eventlog_attr_value(log, 0, 1)), "won"); /* d1's B */
    CHECK_STR(strpool_get(log->values, eventlog_attr_value(log, 1, 0)), "EU");
    CHECK_EQ_U(eventlog_attr_value(log, 1, 2), CF_NONE); /* d2 has no region */
    CHECK_EQ_U(eventlog_attr_value(log, 0, 3), CF_NONE); /* d3 has no outcome */
    CHECK_EQ_I(eventlog_attr_index(log, "region"), 1);
    CHECK_EQ_I(eventlog_attr_index(log, "nope"), -1);
    eventlog_free(log);
    CHECK(eventlog_from_spec("no colon here", &err) == NULL);
    CHECK_EQ_U(err.line, 1);
}

/* #16: a column constant within every case is kept once per case; readers see the
 * same values (accessor, iterator), the others stay per event. */
static void
test_per_case_attrs(void)
{
    const char *names[2] = {"outcome", "amount"};
    struct eventlog_builder *b = eventlog_builder_new("t", 2, names);
    /* File order interleaves the cases; times out of order within x. */
    static const struct {
        const char *c, *a, *outcome, *amount;
        int64_t t;
    } rows[] = {
        {"x", "A", "won", "10", 50}, {"y", "A", "", "5", 10}, {"x", "B", "won", "20", 20},
        {"z", "A", "lost", "7", 5},  {"y", "B", "", "5", 11}, {"x", "C", "won", "10", 30},
        {"z", "B", "lost", "8", 6},  {"y", "C", "", "", 12},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *v[2] = {rows[i].outcome, rows[i].amount};
        size_t l[2] = {strlen(v[0]), strlen(v[1])};
        eventlog_builder_add(b, rows[i].c, 1, rows[i].a, 1, rows[i].t, NULL, 0, i + 2, v, l);
    }
    struct event_log *log = eventlog_builder_finish(b);
    CHECK(log->attrs[0].per_case != NULL && log->attrs[0].dense == NULL);
    CHECK_EQ_U(log->attrs[0].n, 5); /* x's 3 and z's 2 events */
    CHECK(log->attrs[1].per_case == NULL);
    CHECK_EQ_U(log->attrs[1].n, 7);
    /* Events by (case, time): x: B@20 C@30 A@50; y: A B C; z: A B. */
    static const char *const outcome[8] = {"won", "won", "won", "", "", "", "lost", "lost"};
    static const char *const amount[8] = {"20", "10", "10", "5", "5", "", "7", "8"};
    for (size_t e = 0; e < 8; e++) {
        uint32_t o = eventlog_attr_value(log, 0, e), m = eventlog_attr_value(log, 1, e);
        CHECK_STR(o == CF_NONE ? "" : strpool_get(log->values, o), outcome[e]);
        CHECK_STR(m == CF_NONE ? "" : strpool_get(log->values, m), amount[e]);
    }
    /* The iterator from inside x to inside z skips y whole. */
    struct eventlog_attr_iter it;
    size_t e, seen[8], k = 0;
    uint32_t v;
    eventlog_attr_iter_init(&it, log, 0, 1, 7);
    while (eventlog_attr_iter_next(&it, &e, &v) && k < 8)
        seen[k++] = e;
    CHECK_EQ_U(k, 3);
    if (k == 3) {
        CHECK_EQ_U(seen[0], 1);
        CHECK_EQ_U(seen[1], 2);
        CHECK_EQ_U(seen[2], 6);
    }
    eventlog_free(log);
}

/* #16: past 1024 events a column is kept per case while it is built, and turns
 * per event at the first event that breaks it; every value reads back. */
static void
test_per_case_building(void)
{
    const char *names[3] = {"region", "late", "gap"};
    struct eventlog_builder *b = eventlog_builder_new("t", 3, names);
    enum { N = 6000 };
    static char want[3][N][8];
    for (size_t i = 0; i < N; i++) {
        size_t c = i / 3; /* three events a case, in time order */
        char cid[16], v0[8], v1[8], v2[8];
        snprintf(cid, sizeof cid, "c%zu", c);
        snprintf(v0, sizeof v0, "r%zu", c % 5);
        /* late: per case until event 4000, where case 1333's middle event differs */
        snprintf(v1, sizeof v1, "%s", i == 4000 ? "odd" : c % 2 ? "a" : "b");
        /* gap: case 700 has no value on its first event, one on the others */
        snprintf(v2, sizeof v2, "%s", c == 700 ? (i % 3 == 0 ? "" : "g") : c % 3 == 0 ? "" : "h");
        const char *v[3] = {v0, v1, v2};
        size_t l[3] = {strlen(v0), strlen(v1), strlen(v2)};
        eventlog_builder_add(b, cid, strlen(cid), "A", 1, (int64_t)i * 1000, NULL, 0, i + 2, v, l);
        snprintf(want[0][i], 8, "%s", v0);
        snprintf(want[1][i], 8, "%s", v1);
        snprintf(want[2][i], 8, "%s", v2);
    }
    struct event_log *log = eventlog_builder_finish(b);
    CHECK(log->attrs[0].per_case != NULL);
    CHECK(log->attrs[1].per_case == NULL && log->attrs[1].dense != NULL);
    CHECK(log->attrs[2].per_case == NULL);
    CHECK_EQ_U(log->attrs[0].n, N);
    size_t bad = 0, with_gap = 0;
    for (size_t e = 0; e < N; e++)
        for (size_t a = 0; a < 3; a++) {
            uint32_t v = eventlog_attr_value(log, a, e);
            bad += strcmp(v == CF_NONE ? "" : strpool_get(log->values, v), want[a][e]) != 0;
        }
    for (size_t e = 0; e < N; e++)
        with_gap += eventlog_attr_value(log, 2, e) != CF_NONE;
    CHECK_EQ_U(bad, 0);
    CHECK_EQ_U(log->attrs[2].n, with_gap);
    eventlog_free(log);
}

/* The variants' ranks follow their sequences of activity names (a name before the
 * names after it, a sequence before its extensions), here with enough variants for
 * the bucket sort and shared prefixes of several lengths. */
static void
test_variant_ranks(void)
{
    struct cf_buf spec = {0};
    static const char *const acts[] = {"Zeta", "alpha", "Beta", "beta", "Alpha", "gamma"};
    for (size_t c = 0; c < 400; c++) {
        cf_buf_printf(&spec, "c%zu:", c);
        size_t len = 1 + c % 7, x = c * 2654435761u;
        for (size_t k = 0; k < len; k++, x /= 3)
            cf_buf_printf(&spec, " %s", acts[k < 2 ? (c / 7) % 2 : x % 6]);
        cf_buf_puts(&spec, "\n");
    }
    struct cf_error err = {0};
    struct event_log *log = eventlog_from_spec(spec.data, &err);
    cf_buf_clear(&spec);
    CHECK(log != NULL && log->n_variants > 32);
    if (log == NULL)
        return;
    size_t nv = log->n_variants, bad = 0;
    uint32_t *by_rank = xmalloc(nv * sizeof *by_rank);
    for (size_t v = 0; v < nv; v++)
        by_rank[log->variant_rank[v]] = (uint32_t)v;
    for (size_t r = 1; r < nv; r++) {
        size_t ca = log->variant_case[by_rank[r - 1]], cb = log->variant_case[by_rank[r]];
        size_t la = eventlog_case_len(log, ca), lb = eventlog_case_len(log, cb), i = 0;
        int cmp = 0;
        for (; i < la && i < lb && cmp == 0; i++)
            cmp = strcmp(eventlog_activity_name(log, log->ev_act[log->case_off[ca] + i]),
                         eventlog_activity_name(log, log->ev_act[log->case_off[cb] + i]));
        if (cmp == 0)
            cmp = la < lb ? -1 : la > lb;
        bad += cmp >= 0;
    }
    CHECK_EQ_U(bad, 0);
    free(by_rank);
    eventlog_free(log);
}

int
main(void)
{
    test_variant_ranks();
    test_per_case_building();
    test_spec_attrs();
    test_per_case_attrs();
    test_ordering();
    test_long_case_sort();
    test_variants_dfg();
    test_stats();
    TAP_DONE();
}

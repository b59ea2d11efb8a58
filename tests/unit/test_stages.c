/* Unit tests of stage times: per-activity quantiles p10..p90, histograms, case durations. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eventlog.h"
#include "stages.h"
#include "tap.h"

/*
 * Times in seconds. Stage time = next event's time minus this event's.
 *   g1: A@0 B@60 C@3660 D@3660   A 60, B 3600, C 0 (tie with D), D last
 *   g2: A@0 B@120 C@120          A 120, B 0, C last
 *   g3: A@0 B@600 A@1200 B@87600 A 600 and 86400, B 600, last B none
 *   g4: X@0                      a single event: no stage time
 *   g5: A@0 A@30                 A 30 (self-loop), last A none
 */
static const char *const spec = "g1: A@0 B@60 C@3660 D@3660\n"
                                "g2: A@0 B@120 C@120\n"
                                "g3: A@0 B@600 A@1200 B@87600\n"
                                "g4: X@0\n"
                                "g5: A@0 A@30\n";

static void
check_hist(const size_t *h, const size_t *exp)
{
    for (size_t b = 0; b < STATS_NBUCKETS; b++)
        CHECK_EQ_U(h[b], exp[b]);
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
    struct stages s;
    stages_build(log, NULL, &s);
    CHECK_EQ_U(s.cases, 5);
    /* D and X are only ever last: no stage time. Order: median desc (B 600, A 120, C 0). */
    CHECK_EQ_U(s.n, 3);
    if (s.n != 3) {
        stages_clear(&s);
        eventlog_free(log);
        TAP_DONE();
    }
    const struct stage_stat *b = &s.stages[0], *a = &s.stages[1], *c = &s.stages[2];
    CHECK_STR(eventlog_activity_name(log, a->activity), "A");
    CHECK_STR(eventlog_activity_name(log, b->activity), "B");
    CHECK_STR(eventlog_activity_name(log, c->activity), "C");

    /*
     * A: 30 60 120 600 86400 (n = 5 = its 6 events minus g5's final A).
     *   mean 87210/5 = 17442; median 120; numpy linear: p10 pos .4 -> 30 + .4*30 = 42;
     *   p25 pos 1 -> 60; p75 pos 3 -> 600; p90 pos 3.6 -> 600 + .6*85800 = 52080.
     *   buckets: <=1m {30, 60}, <=10m {120, 600}, <=1d {86400: the edge is inclusive}.
     */
    CHECK_EQ_U(a->s.n, 5);
    CHECK_NEAR(a->s.mean, 17442000, 1e-3);
    CHECK_NEAR(a->s.median, 120000, 1e-6);
    CHECK_NEAR(a->s.p10, 42000, 1e-6);
    CHECK_NEAR(a->s.p25, 60000, 1e-6);
    CHECK_NEAR(a->s.p75, 600000, 1e-6);
    CHECK_NEAR(a->s.p90, 52080000, 1e-6);
    CHECK_EQ_I(a->s.min, 30000);
    CHECK_EQ_I(a->s.max, 86400000);
    const size_t ha[STATS_NBUCKETS] = {2, 2, 0, 0, 1, 0, 0, 0, 0, 0, 0};
    check_hist(a->hist, ha);

    /*
     * B: 0 600 3600. mean 1400, median 600; p10 pos .2 -> 120; p25 pos .5 -> 300;
     *   p75 pos 1.5 -> 600 + .5*3000 = 2100; p90 pos 1.8 -> 600 + .8*3000 = 3000.
     */
    CHECK_EQ_U(b->s.n, 3);
    CHECK_NEAR(b->s.mean, 1400000, 1e-6);
    CHECK_NEAR(b->s.median, 600000, 1e-6);
    CHECK_NEAR(b->s.p10, 120000, 1e-6);
    CHECK_NEAR(b->s.p25, 300000, 1e-6);
    CHECK_NEAR(b->s.p75, 2100000, 1e-6);
    CHECK_NEAR(b->s.p90, 3000000, 1e-6);
    const size_t hb[STATS_NBUCKETS] = {1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0};
    check_hist(b->hist, hb);

    /* C: a single 0 (g1's C and D share a timestamp). */
    CHECK_EQ_U(c->s.n, 1);
    CHECK_NEAR(c->s.p90, 0, 1e-9);
    CHECK_EQ_U(c->hist[0], 1);

    /*
     * Case durations: g1 3660, g2 120, g3 87600, g4 0, g5 30 -> 0 30 120 3660 87600.
     *   median 120, mean 91410/5 = 18282; p10 pos .4 -> 12; p25 -> 30; p75 -> 3660;
     *   p90 pos 3.6 -> 3660 + .6*83940 = 54024.
     *   buckets: <=1m {0, 30}, <=10m {120}, <=4h {3660}, <=3d {87600}.
     */
    CHECK_EQ_U(s.case_duration.n, 5);
    CHECK_NEAR(s.case_duration.median, 120000, 1e-6);
    CHECK_NEAR(s.case_duration.mean, 18282000, 1e-3);
    CHECK_NEAR(s.case_duration.p10, 12000, 1e-6);
    CHECK_NEAR(s.case_duration.p25, 30000, 1e-6);
    CHECK_NEAR(s.case_duration.p75, 3660000, 1e-6);
    CHECK_NEAR(s.case_duration.p90, 54024000, 1e-6);
    const size_t hc[STATS_NBUCKETS] = {2, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0};
    check_hist(s.case_hist, hc);
    stages_clear(&s);

    /* Over g3 alone: A 600, 86400 (median 43500), B 600. */
    struct selection *sel = selection_new(log->n_cases, false);
    selection_set(sel, 2, true);
    stages_build(log, sel, &s);
    CHECK_EQ_U(s.n, 2);
    CHECK_STR(eventlog_activity_name(log, s.stages[0].activity), "A");
    CHECK_NEAR(s.stages[0].s.median, 43500000, 1e-6);
    CHECK_EQ_U(s.cases, 1);
    stages_clear(&s);

    /* Nothing selected. */
    selection_fill(sel, false);
    stages_build(log, sel, &s);
    CHECK_EQ_U(s.n, 0);
    CHECK_EQ_U(s.cases, 0);
    CHECK_EQ_U(s.case_duration.n, 0);
    stages_clear(&s);
    selection_free(sel);

    /* The histogram helper on the bucket edges: 60 s is <=1m, 60.001 s is <=10m. */
    int64_t v[] = {60000, 60001, 90LL * 86400000, 90LL * 86400000 + 1};
    size_t h[STATS_NBUCKETS];
    stages_histogram_sorted(v, 4, h);
    CHECK_EQ_U(h[0], 1);
    CHECK_EQ_U(h[1], 1);
    CHECK_EQ_U(h[9], 1);
    CHECK_EQ_U(h[10], 1);

    eventlog_free(log);
    TAP_DONE();
}

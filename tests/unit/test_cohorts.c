/* Unit tests of cohorts: periods (ISO weeks, months, quarters), attributes, reach, outcome. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cohorts.h"
#include "eventlog.h"
#include "outcome.h"
#include "tap.h"

/*
 * Seconds from 2024-01-01T00:00Z (a Monday). m1 starts 2024-01-01 (W01),
 * m2 2024-02-01 (Thursday, W05), m3 2024-03-31 (Sunday, W13), m4 2024-04-01 (W14).
 */
static const char *const spec = "m1 {outcome=won,src=Web}: A@0 B@86400\n"
                                "m2 {outcome=lost,src=Ref}: A@2678400 C@2682000\n"
                                "m3 {outcome=won,src=Web}: A@7776000 B@7779600\n"
                                "m4 {src=Web}: A@7862400\n";

int
main(void)
{
    struct cf_error err = {0};
    struct event_log *log = eventlog_from_spec(spec, &err);
    if (log == NULL) {
        printf("not ok - spec: %s\n", err.msg);
        return 1;
    }
    struct outcome o;
    CHECK(outcome_init(&o, log, OUTCOME_ATTR, "outcome=won", "outcome=lost", NULL, &err) == 0);
    uint8_t *seg = xmalloc(log->n_cases);
    size_t counts[3];
    outcome_segments(&o, log, seg, counts, NULL);
    uint32_t stages[2] = {strpool_find(log->activities, "A", 1),
                          strpool_find(log->activities, "B", 1)};
    struct cohorts c;

    cohorts_build(log, NULL, COHORT_MONTH, -1, stages, 2, seg, &c);
    CHECK_EQ_U(c.n, 4);
    CHECK_STR(c.rows[0].label, "2024-01");
    CHECK_STR(c.rows[1].label, "2024-02");
    CHECK_STR(c.rows[2].label, "2024-03");
    CHECK_STR(c.rows[3].label, "2024-04");
    CHECK_EQ_I(c.rows[1].start_ms, 1706745600000LL); /* 2024-02-01T00:00Z */
    CHECK_EQ_U(c.rows[0].reached[1], 1);
    CHECK_EQ_U(c.rows[1].reached[1], 0);
    CHECK_NEAR(c.rows[3].open_share, 1, 1e-12);
    CHECK_NEAR(c.rows[0].median_duration_ms, 86400000, 1e-6);
    CHECK_NEAR(c.rows[1].win_rate, 0, 1e-12);
    CHECK_NEAR(c.rows[0].share, 0.25, 1e-12);
    cohorts_clear(&c);

    /* Quarters: Q1 {m1 m2 m3}: won 2 lost 1, reached B 2 of 3, durations 3600 3600 86400. */
    cohorts_build(log, NULL, COHORT_QUARTER, -1, stages, 2, seg, &c);
    CHECK_EQ_U(c.n, 2);
    CHECK_STR(c.rows[0].label, "2024-Q1");
    CHECK_STR(c.rows[1].label, "2024-Q2");
    CHECK_EQ_U(c.rows[0].cases, 3);
    CHECK_EQ_U(c.rows[0].won, 2);
    CHECK_EQ_U(c.rows[0].lost, 1);
    CHECK_NEAR(c.rows[0].win_rate, 2.0 / 3, 1e-12);
    CHECK_NEAR(c.rows[0].reached_share[0], 1, 1e-12);
    CHECK_NEAR(c.rows[0].reached_share[1], 2.0 / 3, 1e-12);
    CHECK_NEAR(c.rows[0].median_duration_ms, 3600000, 1e-6);
    CHECK_NEAR(c.rows[0].open_share, 0, 1e-12);
    CHECK_EQ_U(c.rows[1].unknown, 1);
    CHECK_EQ_I(c.rows[1].start_ms, 1711929600000LL); /* 2024-04-01 */
    cohorts_clear(&c);

    /* ISO weeks W01..W14, the empty ones between kept. */
    cohorts_build(log, NULL, COHORT_WEEK, -1, NULL, 0, NULL, &c);
    CHECK_EQ_U(c.n, 14);
    CHECK_STR(c.rows[0].label, "2024-W01");
    CHECK_STR(c.rows[4].label, "2024-W05");
    CHECK_EQ_U(c.rows[4].cases, 1);
    CHECK_EQ_U(c.rows[5].cases, 0);
    CHECK_STR(c.rows[12].label, "2024-W13");
    CHECK_EQ_U(c.rows[12].cases, 1);
    CHECK_STR(c.rows[13].label, "2024-W14");
    CHECK_EQ_I(c.rows[0].start_ms, 1704067200000LL);
    CHECK(!c.has_outcome);
    CHECK_NEAR(c.rows[13].open_share, 0, 1e-12);
    cohorts_clear(&c);

    /* By attribute: Web {m1 m3 m4}, Ref {m2}. */
    cohorts_build(log, NULL, COHORT_ATTR, eventlog_attr_index(log, "src"), stages, 2, seg, &c);
    CHECK_EQ_U(c.n, 2);
    CHECK_STR(c.rows[0].label, "Web");
    CHECK_EQ_U(c.rows[0].cases, 3);
    CHECK_EQ_U(c.rows[0].won, 2);
    CHECK_EQ_U(c.rows[0].unknown, 1);
    CHECK_NEAR(c.rows[0].win_rate, 1, 1e-12);
    CHECK_NEAR(c.rows[0].open_share, 1.0 / 3, 1e-12);
    CHECK_STR(c.rows[1].label, "Ref");
    CHECK_EQ_I(c.rows[1].start_ms, 1706745600000LL);
    cohorts_clear(&c);

    enum cohort_by by;
    CHECK(cohorts_parse_by("quarter", &by) == 0 && by == COHORT_QUARTER);
    CHECK(cohorts_parse_by("region", &by) == -1);
    free(seg);
    outcome_clear(&o);
    eventlog_free(log);

    /* ISO weeks across a year end: 2021-01-01 (Friday) is in 2020-W53; 2021-01-04 is W01. */
    struct eventlog_builder *b = eventlog_builder_new("w", 0, NULL);
    eventlog_builder_add(b, "x", 1, "A", 1, 1609459200000LL, NULL, 0, 2, NULL, NULL);
    eventlog_builder_add(b, "y", 1, "A", 1, 1609718400000LL, NULL, 0, 3, NULL, NULL);
    log = eventlog_builder_finish(b);
    cohorts_build(log, NULL, COHORT_WEEK, -1, NULL, 0, NULL, &c);
    CHECK_EQ_U(c.n, 2);
    CHECK_STR(c.rows[0].label, "2020-W53");
    CHECK_STR(c.rows[1].label, "2021-W01");
    cohorts_clear(&c);
    eventlog_free(log);
    TAP_DONE();
}

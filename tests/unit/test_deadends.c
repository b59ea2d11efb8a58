/* Unit tests of dead ends: exit rates, completion, open cases, the inference rule. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deadends.h"
#include "eventlog.h"
#include "filter.h"
#include "tap.h"
#include "util.h"

/*
 * Times in seconds; the log's last event is d6's Won at 1000.
 *   d1: Lead Qual Won           d2: Lead Qual Lost
 *   d3: Lead Qual (last @400)   d4: Lead (@500)
 *   d5: Lead Won Qual (@900): Won in the middle, ends at Qual
 *   d6: Lead Qual Won (@1000)
 */
static const char *const spec = "d1: Lead@0 Qual@100 Won@200\n"
                                "d2: Lead@0 Qual@100 Lost@300\n"
                                "d3: Lead@0 Qual@400\n"
                                "d4: Lead@500\n"
                                "d5: Lead@0 Won@50 Qual@900\n"
                                "d6: Lead@0 Qual@100 Won@1000\n";

static const char *
name(const struct event_log *log, uint32_t a)
{
    return eventlog_activity_name(log, a);
}

static void
test_given_ends(struct event_log *log)
{
    /*
     * Ends Won, Lost.
     *   reached: Lead 6, Qual 5, Won 3 (d1 d5 d6), Lost 1
     *   ended:   Lead 1 (d4), Qual 2 (d3 d5), Won 2, Lost 1
     *   exit rate: Lead 1/6, Qual 2/5, Won 2/3, Lost 1
     *   completion (an accepted end at or after the first occurrence):
     *     Lead: d1 d2 d5 d6 -> 4/6; Qual: d1 d2 d6 (not d3, not d5: its Won
     *     comes before Qual) -> 3/5; Won, Lost: 1.
     * Order: non-accepted by exit rate (Qual .4, Lead .17), then accepted by
     * cases ended (Won 2, Lost 1).
     * Open: d3 (Qual, age 1000-400 = 600), d4 (Lead, 500), d5 (Qual, 100):
     *   3 cases, ages 100 500 600 -> median 500, max 600; by last activity
     *   Qual 2 (median (100+600)/2 = 350, max 600), Lead 1 (500, 500).
     */
    uint32_t *ends;
    size_t n;
    struct cf_error err = {0};
    CHECK_EQ_I(filter_parse_activities(log, "Won,Lost", &ends, &n, &err), 0);
    struct deadends d;
    deadends_build(log, NULL, ends, n, &d);
    free(ends);
    CHECK(!d.inferred);
    CHECK_EQ_U(d.cases, 6);
    CHECK_EQ_U(d.n_accepted, 2);
    CHECK_STR(name(log, d.accepted[0]), "Lost"); /* by name */
    CHECK_STR(name(log, d.accepted[1]), "Won");

    CHECK_EQ_U(d.n_activities, 4);
    const char *exp[] = {"Qual", "Lead", "Won", "Lost"};
    const size_t reached[] = {5, 6, 3, 1}, ended[] = {2, 1, 2, 1};
    const double compl [] = {3.0 / 5, 4.0 / 6, 1, 1};
    const bool acc[] = {false, false, true, true};
    for (size_t i = 0; i < 4 && i < d.n_activities; i++) {
        const struct deadend_activity *a = &d.activities[i];
        CHECK_STR(name(log, a->activity), exp[i]);
        CHECK_EQ_U(a->cases_reached, reached[i]);
        CHECK_EQ_U(a->cases_ended, ended[i]);
        CHECK_NEAR(a->exit_rate, (double)ended[i] / (double)reached[i], 1e-12);
        CHECK_NEAR(a->completion_after, compl [i], 1e-12);
        CHECK(a->accepted == acc[i]);
    }

    CHECK_EQ_U(d.open_count, 3);
    CHECK_NEAR(d.age_median_ms, 500000, 1e-6);
    CHECK_EQ_I(d.age_max_ms, 600000);
    CHECK_EQ_U(d.n_open, 2);
    if (d.n_open == 2) {
        CHECK_STR(name(log, d.open[0].activity), "Qual");
        CHECK_EQ_U(d.open[0].cases, 2);
        CHECK_NEAR(d.open[0].age_median_ms, 350000, 1e-6);
        CHECK_EQ_I(d.open[0].age_max_ms, 600000);
        CHECK_STR(name(log, d.open[1].activity), "Lead");
        CHECK_EQ_U(d.open[1].cases, 1);
        CHECK_NEAR(d.open[1].age_median_ms, 500000, 1e-6);
    }
    deadends_clear(&d);

    /* Over d1..d3 only: d3 is the one open case; the log's end stays at 1000. */
    struct selection *s = selection_new(log->n_cases, false);
    for (size_t c = 0; c < 3; c++)
        selection_set(s, c, true);
    CHECK_EQ_I(filter_parse_activities(log, "Won,Lost", &ends, &n, &err), 0);
    deadends_build(log, s, ends, n, &d);
    free(ends);
    CHECK_EQ_U(d.cases, 3);
    CHECK_EQ_U(d.open_count, 1);
    CHECK_EQ_I(d.age_max_ms, 600000);
    CHECK_EQ_U(d.n_activities, 4);
    CHECK_STR(name(log, d.activities[0].activity), "Qual"); /* 1/3 */
    CHECK_NEAR(d.activities[0].completion_after, 2.0 / 3, 1e-12);
    deadends_clear(&d);
    selection_free(s);
}

static void
test_inferred(struct event_log *log)
{
    /*
     * Rule: ended >= 0.9 * reached and ended >= 1% of 6 cases. Only Lost (1 of
     * 1) qualifies: Won is 2/3. Open: every case not ending in Lost: 5.
     */
    struct deadends d;
    deadends_build(log, NULL, NULL, 0, &d);
    CHECK(d.inferred);
    CHECK_EQ_U(d.n_accepted, 1);
    CHECK_STR(name(log, d.accepted[0]), "Lost");
    CHECK_EQ_U(d.open_count, 5);
    /* Won is not accepted now: completion after Lead counts d2 only. */
    for (size_t i = 0; i < d.n_activities; i++)
        if (strcmp(name(log, d.activities[i].activity), "Lead") == 0)
            CHECK_NEAR(d.activities[i].completion_after, 1.0 / 6, 1e-12);
    deadends_clear(&d);

    /*
     * 199 cases "A B" and one "A C": B ends all its 199 cases (accepted); C ends
     * its one case, but that is 0.5% of the cases, under the 1% floor.
     */
    struct cf_buf b = {0};
    for (int i = 0; i < 199; i++)
        cf_buf_printf(&b, "k%d: A B\n", i);
    cf_buf_puts(&b, "z: A C\n");
    struct cf_error err = {0};
    struct event_log *big = eventlog_from_spec(b.data, &err);
    cf_buf_clear(&b);
    deadends_build(big, NULL, NULL, 0, &d);
    CHECK_EQ_U(d.n_accepted, 1);
    CHECK_STR(name(big, d.accepted[0]), "B");
    CHECK_EQ_U(d.open_count, 1);
    CHECK_EQ_U(d.n_open, 1);
    CHECK_STR(name(big, d.open[0].activity), "C");
    CHECK_EQ_I(d.age_max_ms, 0); /* every case ends at the same minute */
    deadends_clear(&d);
    eventlog_free(big);
}

static void
test_no_accepted(void)
{
    /* No ends given as an empty list: every case is open. Single-event cases count. */
    struct cf_error err = {0};
    struct event_log *log = eventlog_from_spec("a: X@0\nb: X@0 Y@60\n", &err);
    uint32_t none = 0;
    struct deadends d;
    deadends_build(log, NULL, &none, 0, &d);
    CHECK(!d.inferred);
    CHECK_EQ_U(d.n_accepted, 0);
    CHECK_EQ_U(d.open_count, 2);
    CHECK_NEAR(d.age_median_ms, 30000, 1e-6); /* ages 60 s (a) and 0 (b) */
    CHECK_EQ_U(d.n_activities, 2);
    CHECK_STR(name(log, d.activities[0].activity), "Y"); /* exit rate 1 */
    CHECK_NEAR(d.activities[1].exit_rate, 0.5, 1e-12);   /* X: ends a, not b */
    CHECK_NEAR(d.activities[1].completion_after, 0, 1e-12);
    deadends_clear(&d);
    eventlog_free(log);
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
    test_given_ends(log);
    test_inferred(log);
    test_no_accepted();
    eventlog_free(log);
    TAP_DONE();
}

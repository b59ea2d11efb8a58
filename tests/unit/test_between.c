/* Unit tests of the time between activities: the four pairings, each, and A to A. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "between.h"
#include "eventlog.h"
#include "tap.h"

/* Times in seconds. */
static const char *const spec = "b1: A@0 X@10 B@100 A@200 B@500\n"
                                "b2: A@0 A@50 C@60\n"
                                "b3: B@0 A@10 B@40 B@70\n"
                                "b4: X@0\n";

static uint32_t
act(const struct event_log *log, const char *name)
{
    return strpool_find(log->activities, name, strlen(name));
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
    uint32_t a = act(log, "A"), b = act(log, "B");
    struct between bt;
    struct between_opts o = {0};

    /* First A to the first B after it: b1 0 -> 100, b3 10 -> 40; b2 has no B; b4 no A. */
    between_build(log, NULL, a, b, &o, &bt);
    CHECK_EQ_U(bt.cases_with_a, 3);
    CHECK_EQ_U(bt.cases, 2);
    CHECK_EQ_U(bt.cases_without_b, 1);
    CHECK_EQ_U(bt.n, 2);
    CHECK_EQ_I(bt.times[0], 30000);
    CHECK_EQ_I(bt.times[1], 100000);
    CHECK_NEAR(bt.s.mean, 65000, 1e-6);
    CHECK_NEAR(bt.s.median, 65000, 1e-6);
    CHECK_NEAR(bt.s.p10, 37000, 1e-6); /* 30 + .1 * 70 */
    CHECK_NEAR(bt.s.p90, 93000, 1e-6);
    CHECK_EQ_I(bt.s.max, 100000);
    CHECK_EQ_U(bt.hist[0], 1); /* 30 s <= 1m */
    CHECK_EQ_U(bt.hist[1], 1); /* 100 s <= 10m */
    between_clear(&bt);

    /* From the last A (before the last B) to the first B after it: b1 200 -> 500, b3 10 -> 40. */
    o.from_last = true;
    between_build(log, NULL, a, b, &o, &bt);
    CHECK_EQ_U(bt.cases, 2);
    CHECK_EQ_I(bt.times[0], 30000);
    CHECK_EQ_I(bt.times[1], 300000);
    between_clear(&bt);
    /* Last A to last B: b1 200 -> 500, b3 10 -> 70. */
    o.to_last = true;
    between_build(log, NULL, a, b, &o, &bt);
    CHECK_EQ_I(bt.times[0], 60000);
    CHECK_EQ_I(bt.times[1], 300000);
    between_clear(&bt);
    /* First A to last B: b1 0 -> 500, b3 10 -> 70. */
    o.from_last = false;
    between_build(log, NULL, a, b, &o, &bt);
    CHECK_EQ_I(bt.times[0], 60000);
    CHECK_EQ_I(bt.times[1], 500000);
    between_clear(&bt);

    /* Each pair: b1 0 -> 100 and 200 -> 500, b3 10 -> 40 (B@70 has no open A). */
    o = (struct between_opts){.each = true};
    between_build(log, NULL, a, b, &o, &bt);
    CHECK_EQ_U(bt.cases, 2);
    CHECK_EQ_U(bt.n, 3);
    CHECK_EQ_I(bt.times[0], 30000);
    CHECK_EQ_I(bt.times[1], 100000);
    CHECK_EQ_I(bt.times[2], 300000);
    CHECK_NEAR(bt.s.median, 100000, 1e-6);
    CHECK_NEAR(bt.s.mean, 430000.0 / 3, 1e-3);
    CHECK_NEAR(bt.s.p10, 44000, 1e-6);  /* pos .2: 30 + .2 * 70 */
    CHECK_NEAR(bt.s.p90, 260000, 1e-6); /* pos 1.8: 100 + .8 * 200 */
    between_clear(&bt);

    /* A to A: the first A to the next A. b1 0 -> 200, b2 0 -> 50; b3 has one A. */
    o = (struct between_opts){0};
    between_build(log, NULL, a, a, &o, &bt);
    CHECK_EQ_U(bt.cases, 2);
    CHECK_EQ_U(bt.cases_without_b, 1);
    CHECK_EQ_I(bt.times[0], 50000);
    CHECK_EQ_I(bt.times[1], 200000);
    between_clear(&bt);
    o.each = true;
    between_build(log, NULL, a, a, &o, &bt);
    CHECK_EQ_U(bt.n, 2);
    between_clear(&bt);

    /* B to A: b1 100 -> 200; b3 0 -> 10; no B in b2. */
    o = (struct between_opts){0};
    between_build(log, NULL, b, a, &o, &bt);
    CHECK_EQ_U(bt.cases_with_a, 2);
    CHECK_EQ_U(bt.cases, 2);
    CHECK_EQ_I(bt.times[0], 10000);
    CHECK_EQ_I(bt.times[1], 100000);
    between_clear(&bt);

    /* A selection without b1; the per-case form the filter uses. */
    struct selection *sel = selection_new(log->n_cases, true);
    selection_set(sel, 0, false);
    between_build(log, sel, a, b, &o, &bt);
    CHECK_EQ_U(bt.cases, 1);
    CHECK_EQ_I(bt.s.max, 30000);
    between_clear(&bt);
    selection_free(sel);
    int64_t ms = -1;
    CHECK(between_case(log, 0, a, b, &o, &ms) == 0 && ms == 100000);
    CHECK(between_case(log, 1, a, b, &o, &ms) == -1);
    CHECK(between_case(log, 3, a, b, &o, &ms) == -1);

    eventlog_free(log);
    TAP_DONE();
}

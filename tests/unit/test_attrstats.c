/* Unit tests of statistics by activity, resource and attribute: figures worked out by hand. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrstats.h"
#include "eventlog.h"
#include "outcome.h"
#include "tap.h"

/*
 * Times in seconds. Segments with --outcome outcome=won --versus outcome=lost:
 * c1 won, c2 lost, c3 won, c4 won, c5 unknown (open). Overall 3 of 4 decided won.
 */
static const char *const spec =
    "c1 {src=Web,amt=100,outcome=won,close=2024-01-10}: A@0 B@60 C@180\n"
    "c2 {src=Web,amt=200,outcome=lost,close=2024-01-31}: A@0 B@120 B@240 D@300\n"
    "c3 {src=Ref,amt=300,outcome=won,close=2024-03-01}: A@0 C@600\n"
    "c4 {src=Ref,amt=400,outcome=won,close=2024-03-31}: A@0 B@30 C@90\n"
    "c5 {amt=500,outcome=open}: A@0\n";

static const struct astat_activity *
find_act(const struct event_log *log, const struct astat_activities *as, const char *name)
{
    for (size_t i = 0; i < as->n; i++)
        if (strcmp(eventlog_activity_name(log, as->rows[i].activity), name) == 0)
            return &as->rows[i];
    return NULL;
}

static const struct attr_group *
find_group(const struct attr_profile *p, const char *label)
{
    for (size_t i = 0; i < p->n_groups; i++)
        if (strcmp(p->groups[i].label, label) == 0)
            return &p->groups[i];
    return NULL;
}

static void
test_proportions(void)
{
    double lo, hi, z;
    /* 0 of 5: [0, z^2 / (n + z^2)] = [0, 3.841459 / 8.841459]. */
    attrstats_wilson(0, 5, &lo, &hi);
    CHECK_NEAR(lo, 0, 1e-12);
    CHECK_NEAR(hi, 0.434482465, 1e-8);
    /* 1 of 2: centre 0.5, half z*sqrt(.125 + z^2/16) / (1 + z^2/2) = 0.405469. */
    attrstats_wilson(1, 2, &lo, &hi);
    CHECK_NEAR(lo, 0.094531206, 1e-8);
    CHECK_NEAR(hi, 0.905468794, 1e-8);
    attrstats_wilson(2, 2, &lo, &hi);
    CHECK_NEAR(lo, 0.342380228, 1e-8);
    CHECK_NEAR(hi, 1, 1e-12);
    attrstats_wilson(0, 0, &lo, &hi);
    CHECK(lo == 0 && hi == 1);
    /* 120/200 vs 80/200: pooled .5, se sqrt(.25 * .01) = .05, z = .2/.05 = 4, p = 6.334e-5. */
    double p = attrstats_ztest(120, 200, 80, 200, &z);
    CHECK_NEAR(z, 4, 1e-9);
    CHECK_NEAR(p, 6.334248e-5, 1e-10);
    /* 1/2 vs 2/2: pooled .75, se sqrt(.1875), z = -1.154701, p = erfc(.816497) = .248213. */
    p = attrstats_ztest(1, 2, 2, 2, &z);
    CHECK_NEAR(z, -1.154700538, 1e-8);
    CHECK_NEAR(p, 0.248213079, 1e-8);
    /* No evidence: an empty side, or everyone won. */
    CHECK(attrstats_ztest(0, 0, 3, 4, &z) == 1 && z == 0);
    CHECK(attrstats_ztest(3, 3, 4, 4, &z) == 1 && z == 0);
    CHECK_EQ_U(attrstats_default_min_cases(5), 10);
    CHECK_EQ_U(attrstats_default_min_cases(1001), 11);
    CHECK_EQ_U(attrstats_default_min_cases(100000), 1000);
}

static void
test_activities(const struct event_log *log)
{
    struct astat_activities as;
    attrstats_activities(log, NULL, &as);
    CHECK_EQ_U(as.cases, 5);
    CHECK_EQ_U(as.n, 4);
    /* Order: cases desc, then events: A (5), B (3 cases, 4 events), C (3, 3), D. */
    CHECK_STR(eventlog_activity_name(log, as.rows[0].activity), "A");
    CHECK_STR(eventlog_activity_name(log, as.rows[1].activity), "B");
    CHECK_STR(eventlog_activity_name(log, as.rows[2].activity), "C");
    CHECK_STR(eventlog_activity_name(log, as.rows[3].activity), "D");
    const struct astat_activity *a = find_act(log, &as, "A"), *b = find_act(log, &as, "B");
    const struct astat_activity *c = find_act(log, &as, "C");
    /* A: visits 60 120 600 30 (c5's A is last): sorted 30 60 120 600,
       median 90, p90 at pos 2.7: 120 + .7 * 480 = 456. One visit per case: the same. */
    CHECK_EQ_U(a->events, 5);
    CHECK_NEAR(a->share, 1.0, 1e-12);
    CHECK_EQ_U(a->visits, 4);
    CHECK_NEAR(a->visit_median_ms, 90000, 1e-6);
    CHECK_NEAR(a->visit_p90_ms, 456000, 1e-6);
    CHECK_EQ_U(a->timed_cases, 4);
    CHECK_NEAR(a->case_median_ms, 90000, 1e-6);
    CHECK_EQ_U(a->rework_cases, 0);
    /* B: visits c1 120, c2 120 and 60, c4 60: median 90, p90 pos 2.7 -> 120.
       Per case: c1 120, c2 180, c4 60: median 120, p90 pos 1.8 -> 120 + .8 * 60 = 168. */
    CHECK_EQ_U(b->events, 4);
    CHECK_EQ_U(b->cases, 3);
    CHECK_NEAR(b->share, 0.6, 1e-12);
    CHECK_NEAR(b->visit_median_ms, 90000, 1e-6);
    CHECK_NEAR(b->visit_p90_ms, 120000, 1e-6);
    CHECK_NEAR(b->case_median_ms, 120000, 1e-6);
    CHECK_NEAR(b->case_p90_ms, 168000, 1e-6);
    CHECK_EQ_U(b->rework_cases, 1);
    CHECK_EQ_I(b->first - log->t_min, 30000);
    CHECK_EQ_I(b->last - log->t_min, 240000);
    /* C is always last: no time in stage. */
    CHECK_EQ_U(c->visits, 0);
    CHECK_EQ_U(c->timed_cases, 0);
    CHECK_NEAR(c->visit_median_ms, 0, 1e-12);
    attrstats_activities_clear(&as);
}

static void
test_attributes(const struct event_log *log)
{
    struct outcome o;
    struct cf_error err = {0};
    CHECK(outcome_init(&o, log, OUTCOME_ATTR, "outcome=won", "outcome=lost", NULL, &err) == 0);
    uint8_t *seg = xmalloc(log->n_cases);
    size_t counts[3];
    outcome_segments(&o, log, seg, counts, NULL);
    struct attrstats_opts opts = {.buckets = 2, .min_cases = 2, .seg = seg};

    /* src: case level text; Ref {c3, c4}, Web {c1, c2}, (none) {c5}. */
    struct attr_profile p;
    attrstats_profile(log, NULL, eventlog_attr_index(log, "src"), &opts, &p);
    CHECK(p.level == ATTR_CASE);
    CHECK(p.type == ATTR_TEXT);
    CHECK_EQ_U(p.cases, 5);
    CHECK_EQ_U(p.cases_with_value, 4);
    CHECK_EQ_U(p.distinct, 2);
    CHECK_EQ_U(p.won, 3);
    CHECK_EQ_U(p.lost, 1);
    CHECK_EQ_U(p.unknown, 1);
    CHECK_NEAR(p.win_rate, 0.75, 1e-12);
    CHECK_EQ_U(p.n_groups, 3);
    CHECK_STR(p.groups[0].label, "Ref");
    CHECK_STR(p.groups[1].label, "Web");
    CHECK_STR(p.groups[2].label, "(none)");
    const struct attr_group *web = find_group(&p, "Web"), *ref = find_group(&p, "Ref");
    const struct attr_group *none = find_group(&p, "(none)");
    CHECK_EQ_U(web->cases, 2);
    CHECK_EQ_U(web->events, 7);
    CHECK_NEAR(web->share, 0.4, 1e-12);
    CHECK_NEAR(web->median_duration_ms, 240000, 1e-6); /* 180 and 300 */
    CHECK_NEAR(web->rework_rate, 0.5, 1e-12);          /* c2 repeats B */
    CHECK_EQ_U(web->won, 1);
    CHECK_EQ_U(web->lost, 1);
    CHECK_NEAR(web->win_rate, 0.5, 1e-12);
    CHECK_NEAR(web->win_low, 0.094531206, 1e-8);
    CHECK_NEAR(web->win_high, 0.905468794, 1e-8);
    CHECK_NEAR(web->lift, 0.5 / 0.75, 1e-12);
    /* Web 1/2 against the rest 2/2. */
    CHECK_NEAR(web->z, -1.154700538, 1e-8);
    CHECK_NEAR(web->p_value, 0.248213079, 1e-8);
    CHECK(!web->small);
    CHECK_NEAR(ref->median_duration_ms, 345000, 1e-6); /* 600 and 90 */
    CHECK_NEAR(ref->rework_rate, 0, 1e-12);
    CHECK_NEAR(ref->lift, 1 / 0.75, 1e-12);
    CHECK_NEAR(ref->z, 1.154700538, 1e-8);
    CHECK(none->none);
    CHECK_EQ_U(none->cases, 1);
    CHECK_EQ_U(none->unknown, 1);
    CHECK(none->small); /* 1 < 2 */
    CHECK_EQ_U(p.n_small, 1);
    /* Ranked: equal p for Ref and Web; |log lift| larger for Web (ln 1.5 > ln 1.33). */
    attrstats_rank(&p);
    CHECK_STR(p.groups[0].label, "Web");
    CHECK_STR(p.groups[1].label, "Ref");
    CHECK_STR(p.groups[2].label, "(none)");
    struct cf_buf sb = {0};
    attrstats_why_sentence(&p, &p.groups[1], &o, &sb);
    CHECK_STR(sb.data, "cases with src = Ref win 1.3\xc3\x97 as often (p = 0.248, 2 cases)");
    cf_buf_clear(&sb);
    attr_profile_clear(&p);

    /* amt: numbers 100..500, one per case: min 100, p25 200, median 300, p75 400, max 500.
       Two buckets at q .5 = 300: [100..300] {c1 c2 c3}, (300..500] {c4 c5}. */
    attrstats_profile(log, NULL, eventlog_attr_index(log, "amt"), &opts, &p);
    CHECK(p.type == ATTR_NUMBER);
    CHECK(p.level == ATTR_CASE);
    CHECK_NEAR(p.min, 100, 1e-12);
    CHECK_NEAR(p.p25, 200, 1e-12);
    CHECK_NEAR(p.median, 300, 1e-12);
    CHECK_NEAR(p.p75, 400, 1e-12);
    CHECK_NEAR(p.max, 500, 1e-12);
    CHECK_EQ_U(p.n_groups, 2);
    CHECK_STR(p.groups[0].label, "100..300");
    CHECK_STR(p.groups[1].label, "300..500");
    CHECK_EQ_U(p.groups[0].cases, 3);
    CHECK_EQ_U(p.groups[0].won, 2);
    CHECK_EQ_U(p.groups[0].lost, 1);
    CHECK_EQ_U(p.groups[1].cases, 2);
    CHECK_EQ_U(p.groups[1].won, 1);
    CHECK_EQ_U(p.groups[1].unknown, 1);
    /* [100..300] 2/3 against 1/1: pooled .75, se .5, z = -1/3 / .5, p = erfc(.4714) = .505. */
    CHECK_NEAR(p.groups[0].z, -0.666666667, 1e-8);
    CHECK_NEAR(p.groups[0].p_value, 0.504985075, 1e-8);
    CHECK_NEAR(p.groups[0].win_low, 0.207659601, 1e-8);
    CHECK_NEAR(p.groups[0].win_high, 0.938508055, 1e-8);
    attr_profile_clear(&p);
    /* With 10 buckets there are fewer distinct numbers than buckets: one group each. */
    opts.buckets = 10;
    attrstats_profile(log, NULL, eventlog_attr_index(log, "amt"), &opts, &p);
    CHECK_EQ_U(p.n_groups, 5);
    CHECK_STR(p.groups[0].label, "100");
    CHECK_STR(p.groups[4].label, "500");
    CHECK_EQ_U(p.groups[2].cases, 1);
    CHECK_EQ_U(p.groups[2].won, 1); /* c3 */
    attr_profile_clear(&p);
    /* 5 buckets over 5 distinct numbers: still each its own group (edges 100 200 ...). */
    opts.buckets = 4;
    attrstats_profile(log, NULL, eventlog_attr_index(log, "amt"), &opts, &p);
    CHECK_EQ_U(p.n_groups, 4);
    CHECK_STR(p.groups[0].label, "100..200"); /* edges at q 0 .25 .5 .75 1: 100 200 300 400 500 */
    CHECK_EQ_U(p.groups[0].cases, 2);
    CHECK_STR(p.groups[3].label, "400..500");
    CHECK_EQ_U(p.groups[3].cases, 1);
    attr_profile_clear(&p);

    /* close: dates by month; February has no case and is left out; c5 has none. */
    attrstats_profile(log, NULL, eventlog_attr_index(log, "close"), &opts, &p);
    CHECK(p.type == ATTR_DATE);
    CHECK_EQ_U(p.n_groups, 3);
    CHECK_STR(p.groups[0].label, "2024-01");
    CHECK_EQ_U(p.groups[0].cases, 2);
    CHECK_STR(p.groups[1].label, "2024-03");
    CHECK_EQ_U(p.groups[1].cases, 2);
    CHECK_STR(p.groups[2].label, "(none)");
    CHECK_NEAR(p.groups[1].lo, 1709251200000.0, 0.5); /* 2024-03-01T00:00Z */
    CHECK_NEAR(p.groups[1].hi, 1711929599999.0, 0.5);
    attr_profile_clear(&p);

    /* outcome itself is text: won 3, lost 1, open 1. */
    attrstats_profile(log, NULL, eventlog_attr_index(log, "outcome"), &opts, &p);
    CHECK(p.type == ATTR_TEXT);
    CHECK_STR(p.groups[0].label, "won");
    CHECK_EQ_U(p.groups[0].cases, 3);
    attr_profile_clear(&p);

    /* A selection: c1 and c3 only. */
    struct selection *sel = selection_new(log->n_cases, false);
    selection_set(sel, 0, true);
    selection_set(sel, 2, true);
    attrstats_profile(log, sel, eventlog_attr_index(log, "src"), &opts, &p);
    CHECK_EQ_U(p.cases, 2);
    CHECK_EQ_U(p.n_groups, 2);
    CHECK_EQ_U(find_group(&p, "Web")->cases, 1);
    attr_profile_clear(&p);
    selection_free(sel);

    /* why: every attribute but outcome; min_cases 2 keeps src's two values, amt's buckets. */
    opts.buckets = 2;
    struct why w;
    attrstats_why(log, NULL, &o, seg, &opts, &w);
    CHECK_EQ_U(w.n_profiles, 3); /* src, amt, close */
    int has_outcome_attr = 0;
    for (size_t i = 0; i < w.n_profiles; i++)
        has_outcome_attr |= strcmp(w.profiles[i].name, "outcome") == 0;
    CHECK(!has_outcome_attr);
    /* Items: src Web, Ref (p .248); amt 2 buckets (p .505); close 01 (Web: p .248), 03. */
    CHECK_EQ_U(w.n, 6);
    for (size_t i = 1; i < w.n; i++) {
        const struct attr_group *a =
            &w.profiles[w.items[i - 1].profile].groups[w.items[i - 1].group];
        const struct attr_group *b = &w.profiles[w.items[i].profile].groups[w.items[i].group];
        CHECK(a->p_value <= b->p_value);
    }
    why_clear(&w);
    free(seg);
    outcome_clear(&o);
}

/*
 * Resources and an event-level attribute (times in seconds):
 *   k1: A r1 @0 team p, B r2 @60 q, C r2 @120 q
 *   k2: A r1 @0 p, B r1 @30 p, A r3 @90 p
 *   k3: A (none) @0 (none), B r2 @10 q
 */
static void
test_resources(void)
{
    const char *names[] = {"team"};
    struct eventlog_builder *b = eventlog_builder_new("r", 1, names);
    struct row {
        const char *c, *a, *r;
        int64_t t;
        const char *team;
    } rows[] = {
        {"k1", "A", "r1", 0, "p"},  {"k1", "B", "r2", 60, "q"}, {"k1", "C", "r2", 120, "q"},
        {"k2", "A", "r1", 0, "p"},  {"k2", "B", "r1", 30, "p"}, {"k2", "A", "r3", 90, "p"},
        {"k3", "A", NULL, 0, NULL}, {"k3", "B", "r2", 10, "q"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *v[1] = {rows[i].team};
        size_t l[1] = {rows[i].team ? strlen(rows[i].team) : 0};
        eventlog_builder_add(b, rows[i].c, 2, rows[i].a, 1, rows[i].t * 1000, rows[i].r,
                             rows[i].r ? 2 : 0, i + 2, v, l);
    }
    struct event_log *log = eventlog_builder_finish(b);
    struct astat_resources rs;
    attrstats_resources(log, NULL, &rs);
    CHECK_EQ_U(rs.cases, 3);
    CHECK_EQ_U(rs.n, 3);
    CHECK_EQ_U(rs.events_without, 1);
    /* k1 A(r1) > B(r2), k2 B(r1) > A(r3); k3's unknown > r2 is no handover. */
    CHECK_EQ_U(rs.handovers, 2);
    CHECK_STR(eventlog_resource_name(log, rs.rows[0].resource), "r1");
    CHECK_STR(eventlog_resource_name(log, rs.rows[1].resource), "r2");
    CHECK_STR(eventlog_resource_name(log, rs.rows[2].resource), "r3");
    const struct astat_resource *r1 = &rs.rows[0], *r2 = &rs.rows[1], *r3 = &rs.rows[2];
    CHECK_EQ_U(r1->events, 3);
    CHECK_EQ_U(r1->cases, 2);
    CHECK_EQ_U(r1->activities, 2);
    CHECK_EQ_U(r1->handover_out, 2);
    CHECK_EQ_U(r1->handover_in, 0);
    CHECK_EQ_U(r1->visits, 3); /* 60, 30, 60 */
    CHECK_NEAR(r1->visit_median_ms, 60000, 1e-6);
    CHECK_EQ_U(r2->events, 3);
    CHECK_EQ_U(r2->cases, 2);
    CHECK_EQ_U(r2->activities, 2);
    CHECK_EQ_U(r2->handover_out, 0);
    CHECK_EQ_U(r2->handover_in, 1);
    CHECK_EQ_U(r2->visits, 1); /* k1 B 60; C and k3's B are last */
    CHECK_NEAR(r2->visit_median_ms, 60000, 1e-6);
    CHECK_EQ_U(r3->handover_in, 1);
    CHECK_EQ_U(r3->visits, 0);
    attrstats_resources_clear(&rs);

    /* team: k1 has p and q, so event level; p {k1, k2} (4 events), q {k1, k3} (3). */
    struct attrstats_opts opts = {.min_cases = 1};
    struct attr_profile p;
    attrstats_profile(log, NULL, 0, &opts, &p);
    CHECK(p.level == ATTR_EVENT);
    CHECK(p.type == ATTR_TEXT);
    CHECK_EQ_U(p.n_groups, 2);
    CHECK_STR(p.groups[0].label, "p");
    CHECK_EQ_U(p.groups[0].cases, 2);
    CHECK_EQ_U(p.groups[0].events, 4);
    CHECK_STR(p.groups[1].label, "q");
    CHECK_EQ_U(p.groups[1].cases, 2);
    CHECK_EQ_U(p.groups[1].events, 3);
    CHECK(!p.has_outcome);
    attr_profile_clear(&p);
    eventlog_free(log);
}

/* attrstats_profile_many: every figure as attrstats_profile gives it, one attribute at a time. */
static void
test_profile_many(const struct event_log *log)
{
    struct outcome o;
    struct cf_error err = {0};
    CHECK(outcome_init(&o, log, OUTCOME_ATTR, "outcome=won", "outcome=lost", NULL, &err) == 0);
    uint8_t seg[5];
    size_t counts[3];
    outcome_segments(&o, log, seg, counts, NULL);
    struct attrstats_opts opts = {.seg = seg, .min_cases = 1};
    struct selection *sel = selection_new(log->n_cases, true);
    selection_set(sel, 1, false); /* c2 out: the shared median and rework follow the selection */
    int attrs[8];
    size_t n = 0;
    for (size_t a = 0; a < log->n_attrs && n < 8; a++)
        attrs[n++] = (int)a;
    struct attr_profile many[8];
    attrstats_profile_many(log, sel, attrs, n, &opts, many);
    for (size_t i = 0; i < n; i++) {
        struct attr_profile one;
        attrstats_profile(log, sel, attrs[i], &opts, &one);
        CHECK_EQ_U(many[i].n_groups, one.n_groups);
        CHECK_NEAR(many[i].median_duration_ms, one.median_duration_ms, 1e-9);
        /* c1, c3, c4, c5: durations 180, 600, 90, 0 s -> median 135 s. */
        CHECK_NEAR(many[i].median_duration_ms, 135000, 1e-6);
        for (size_t g = 0; g < one.n_groups && g < many[i].n_groups; g++) {
            CHECK_STR(many[i].groups[g].label, one.groups[g].label);
            CHECK_EQ_U(many[i].groups[g].cases, one.groups[g].cases);
            CHECK_NEAR(many[i].groups[g].rework_rate, one.groups[g].rework_rate, 1e-12);
            CHECK_NEAR(many[i].groups[g].median_duration_ms, one.groups[g].median_duration_ms,
                       1e-9);
            CHECK_NEAR(many[i].groups[g].win_rate, one.groups[g].win_rate, 1e-12);
        }
        attr_profile_clear(&one);
        attr_profile_clear(&many[i]);
    }
    selection_free(sel);
    outcome_clear(&o);
}

/* Negative numbers and zeros sort as numbers (the radix sort of the doubles' bits). */
static void
test_negative_numbers(void)
{
    struct cf_error err = {0};
    struct event_log *log = eventlog_from_spec("n1 {x=-2.5}: A@0\n"
                                               "n2 {x=10}: A@0\n"
                                               "n3 {x=-0.0}: A@0\n"
                                               "n4 {x=-100}: A@0\n"
                                               "n5 {x=0.25}: A@0\n",
                                               &err);
    CHECK(log != NULL);
    if (log == NULL)
        return;
    struct attrstats_opts opts = {.min_cases = 1, .buckets = 2};
    struct attr_profile p;
    attrstats_profile(log, NULL, 0, &opts, &p);
    CHECK(p.type == ATTR_NUMBER);
    /* Sorted: -100, -2.5, -0, 0.25, 10: p25 -2.5, median -0 (== 0), p75 0.25. */
    CHECK_NEAR(p.min, -100, 1e-12);
    CHECK_NEAR(p.p25, -2.5, 1e-12);
    CHECK_NEAR(p.median, 0, 1e-12);
    CHECK_NEAR(p.p75, 0.25, 1e-12);
    CHECK_NEAR(p.max, 10, 1e-12);
    /* Two buckets at the median: -100..0 (3 cases) and 0..10 (2). */
    CHECK_EQ_U(p.n_groups, 2);
    CHECK_EQ_U(p.groups[0].cases, 3);
    CHECK_EQ_U(p.groups[1].cases, 2);
    attr_profile_clear(&p);
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
    test_proportions();
    test_activities(log);
    test_attributes(log);
    test_resources();
    test_negative_numbers();
    test_profile_many(log);
    eventlog_free(log);
    TAP_DONE();
}

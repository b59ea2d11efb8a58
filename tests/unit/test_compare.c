/* Unit tests of outcomes, segment comparison, divergence and playbook conformance. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>

#include "compare.h"
#include "outcome.h"
#include "playbook.h"
#include "tap.h"
#include "util.h"

static const char *const deals = "w1 {outcome=won}: Lead@0 Demo@3600 Proposal@7200 Won@10800\n"
                                 "w2 {outcome=won}: Lead@0 Demo@1800 Proposal@5400 Won@9000\n"
                                 "w3 {outcome=won}: Lead@0 Proposal@3600 Won@7200\n"
                                 "l1 {outcome=lost}: Lead@0 Proposal@600 Lost@1200\n"
                                 "l2 {outcome=lost}: Lead@0 Proposal@600 Proposal@1200 Lost@4800\n"
                                 "o1 {outcome=open}: Lead@0 Demo@60\n";

static uint32_t
act(const struct event_log *log, const char *name)
{
    return strpool_find(log->activities, name, strlen(name));
}

static void
test_outcomes(void)
{
    struct cf_error err = {0};
    struct event_log *log = eventlog_from_spec(deals, &err);
    struct outcome o;
    uint8_t seg[6];
    size_t n[3], overlap;

    CHECK(outcome_init(&o, log, OUTCOME_ATTR, "outcome=won", "outcome=lost", NULL, &err) == 0);
    outcome_segments(&o, log, seg, n, &overlap);
    CHECK_EQ_U(n[SEG_A], 3);
    CHECK_EQ_U(n[SEG_B], 2);
    CHECK_EQ_U(n[SEG_UNKNOWN], 1);
    CHECK_EQ_U(overlap, 0);
    CHECK_EQ_U(seg[5], SEG_UNKNOWN);
    CHECK_STR(o.label_a, "won");
    outcome_clear(&o);

    CHECK(outcome_init(&o, log, OUTCOME_ACTIVITY, "Won", NULL, "Won, Lost", &err) == 0);
    outcome_segments(&o, log, seg, n, NULL);
    CHECK_EQ_U(n[SEG_A], 3);
    CHECK_EQ_U(n[SEG_B], 2); /* o1 has not ended: unknown */
    CHECK_EQ_U(n[SEG_UNKNOWN], 1);
    outcome_clear(&o);

    CHECK(outcome_init(&o, log, OUTCOME_LAST, "Won", NULL, NULL, &err) == 0);
    outcome_segments(&o, log, seg, n, NULL);
    CHECK_EQ_U(n[SEG_A], 3);
    CHECK_EQ_U(n[SEG_B], 3); /* without ends everything else is B */
    outcome_clear(&o);

    /* Both rules hold for a case reaching Proposal and Won: A, counted as overlap. */
    CHECK(outcome_init(&o, log, OUTCOME_ACTIVITY, "Won", "Proposal", NULL, &err) == 0);
    outcome_segments(&o, log, seg, n, &overlap);
    CHECK_EQ_U(overlap, 3);
    CHECK_EQ_U(n[SEG_B], 2);
    outcome_clear(&o);

    CHECK(outcome_init(&o, log, OUTCOME_ATTR, "nosuch=1", NULL, NULL, &err) == -1);
    CHECK(strstr(err.msg, "attributes: outcome") != NULL);
    CHECK(outcome_init(&o, log, OUTCOME_ACTIVITY, "Won,Nope", NULL, NULL, &err) == -1);
    CHECK(strstr(err.msg, "\"Nope\"") != NULL);
    eventlog_free(log);
}

static void
test_compare_figures(void)
{
    struct cf_error err = {0};
    struct event_log *log = eventlog_from_spec(deals, &err);
    struct outcome o;
    uint8_t seg[6];
    size_t n[3];
    outcome_init(&o, log, OUTCOME_ATTR, "outcome=won", "outcome=lost", NULL, &err);
    outcome_segments(&o, log, seg, n, NULL);
    struct selection *sa = selection_new(log->n_cases, false);
    struct selection *sb = selection_new(log->n_cases, false);
    for (size_t c = 0; c < log->n_cases; c++) {
        selection_set(sa, c, seg[c] == SEG_A);
        selection_set(sb, c, seg[c] == SEG_B);
    }
    struct comparison cmp;
    compare_build(log, sa, sb, seg, 1, NULL, &cmp);
    CHECK_EQ_U(cmp.a.cases, 3);
    CHECK_EQ_U(cmp.b.cases, 2);
    CHECK_NEAR(cmp.a.median_dur_ms, 9000e3, 1e-6); /* 10800 9000 7200 s */
    CHECK_NEAR(cmp.b.median_dur_ms, 3000e3, 1e-6); /* 1200 4800 s */
    CHECK_NEAR(cmp.a.events_per_case, 11.0 / 3, 1e-12);
    CHECK_NEAR(cmp.b.rework_share, 0.5, 1e-12); /* l2 repeats Proposal */
    CHECK_NEAR(cmp.a.win_rate, 1.0, 1e-12);
    CHECK_NEAR(cmp.b.win_rate, 0.0, 1e-12);
    CHECK_EQ_U(cmp.a.variants.n, 2);

    /* Proposal->Won: 3/3 vs 0/2 (diff 1, 3 cases) ranks above Proposal->Lost (-1, 2 cases). */
    CHECK(cmp.edges[0].from == act(log, "Proposal") && cmp.edges[0].to == act(log, "Won"));
    CHECK_NEAR(cmp.edges[0].diff, 1.0, 1e-12);
    CHECK(cmp.edges[1].to == act(log, "Lost"));
    CHECK_NEAR(cmp.edges[1].diff, -1.0, 1e-12);
    for (size_t i = 0; i < cmp.n_edges; i++) {
        const struct compare_item *it = &cmp.edges[i];
        if (it->from == act(log, "Lead") && it->to == act(log, "Demo")) {
            CHECK_NEAR(it->share_a, 2.0 / 3, 1e-12);
            CHECK_NEAR(it->share_b, 0, 1e-12);
            CHECK_NEAR(it->median_a_ms, 2700e3, 1e-6); /* 3600 and 1800 s */
            CHECK(isnan(it->median_b_ms));
        }
    }
    for (size_t i = 0; i < cmp.n_acts; i++) {
        const struct compare_item *it = &cmp.acts[i];
        if (it->from == act(log, "Proposal")) {
            CHECK_NEAR(it->diff, 0, 1e-12);
            CHECK_NEAR(it->median_a_ms, 3600e3, 1e-6);
            CHECK_NEAR(it->median_b_ms, 600e3, 1e-6); /* 600 600 3600 s */
        }
        if (it->from == act(log, "Demo")) {
            CHECK_NEAR(it->share_a, 2.0 / 3, 1e-12);
            CHECK(!it->significant); /* 2 of 3 vs 0 of 2: p = 0.136 */
        }
    }
    compare_clear(&cmp);
    selection_free(sa);
    selection_free(sb);
    outcome_clear(&o);
    eventlog_free(log);

    double p, z = compare_ztest(20, 24, 5, 25, &p);
    CHECK_NEAR(z, 4.4333, 1e-3);
    CHECK(p < 1e-4);
}

static void
test_divergence(void)
{
    struct cf_buf b = {0};
    for (int i = 0; i < 20; i++)
        cf_buf_printf(&b, "a%d: Lead Demo Proposal Won\n", i);
    for (int i = 0; i < 5; i++)
        cf_buf_printf(&b, "b%d: Lead Proposal Won\n", i);
    for (int i = 0; i < 4; i++)
        cf_buf_printf(&b, "c%d: Lead Demo Proposal Lost\n", i);
    for (int i = 0; i < 20; i++)
        cf_buf_printf(&b, "d%d: Lead Proposal Lost\n", i);
    struct cf_error err = {0};
    struct event_log *log = eventlog_from_spec(b.data, &err);
    cf_buf_clear(&b);
    struct outcome o;
    uint8_t seg[49];
    size_t n[3];
    outcome_init(&o, log, OUTCOME_ACTIVITY, "Won", "Lost", NULL, &err);
    outcome_segments(&o, log, seg, n, NULL);
    struct selection *sa = selection_new(log->n_cases, false);
    struct selection *sb = selection_new(log->n_cases, false);
    for (size_t c = 0; c < log->n_cases; c++) {
        selection_set(sa, c, seg[c] == SEG_A);
        selection_set(sb, c, seg[c] == SEG_B);
    }
    struct comparison cmp;
    /* Won and Lost are outcome markers (all of one side, none of the other):
     * left out of the paths even without a hide mask, so the one real split
     * remains. Hiding Demo as well leaves no split at all. */
    compare_build(log, sa, sb, seg, 5, NULL, &cmp);
    CHECK_EQ_U(cmp.n_splits, 1);
    CHECK(cmp.path_hidden != NULL);
    if (cmp.path_hidden != NULL) {
        CHECK(cmp.path_hidden[act(log, "Won")] && cmp.path_hidden[act(log, "Lost")]);
        CHECK(!cmp.path_hidden[act(log, "Demo")] && !cmp.path_hidden[act(log, "Lead")]);
    }
    /* The cases behind each continuation of the split after Lead. */
    struct selection *out = selection_new(log->n_cases, true);
    uint32_t lead = act(log, "Lead"), prop = act(log, "Proposal");
    compare_split_select(log, NULL, cmp.path_hidden, &lead, 1, act(log, "Demo"), out);
    CHECK_EQ_U(selection_count(out), 24); /* a0..a19, c0..c3 */
    CHECK(sel_has(out, 0) && !sel_has(out, 20) && sel_has(out, 25));
    compare_split_select(log, NULL, cmp.path_hidden, &lead, 1, prop, out);
    CHECK_EQ_U(selection_count(out), 25);
    /* Won and Lost hidden: Lead > Proposal then the end (b and d cases). */
    uint32_t lp[2] = {lead, prop};
    compare_split_select(log, NULL, cmp.path_hidden, lp, 2, CF_NONE, out);
    CHECK_EQ_U(selection_count(out), 25);
    /* Not hidden: Lead > Proposal goes on with Won (b) or Lost (d); none end there. */
    compare_split_select(log, NULL, NULL, lp, 2, CF_NONE, out);
    CHECK_EQ_U(selection_count(out), 0);
    compare_split_select(log, NULL, NULL, lp, 2, act(log, "Won"), out);
    CHECK_EQ_U(selection_count(out), 5);
    /* Within a selection: only the A side. */
    compare_split_select(log, sa, cmp.path_hidden, &lead, 1, prop, out);
    CHECK_EQ_U(selection_count(out), 5);
    /* The empty prefix: every path starts with Lead. */
    compare_split_select(log, NULL, cmp.path_hidden, NULL, 0, lead, out);
    CHECK_EQ_U(selection_count(out), 49);
    selection_free(out);
    compare_clear(&cmp);
    CHECK(cmp.path_hidden == NULL);
    bool *hide_demo = xcalloc(eventlog_n_activities(log), 1);
    hide_demo[act(log, "Demo")] = true;
    compare_build(log, sa, sb, seg, 5, hide_demo, &cmp);
    CHECK_EQ_U(cmp.n_splits, 0);
    compare_clear(&cmp);
    free(hide_demo);

    bool *hide = xcalloc(eventlog_n_activities(log), 1);
    hide[act(log, "Won")] = hide[act(log, "Lost")] = true;
    compare_build(log, sa, sb, seg, 5, hide, &cmp);
    CHECK_EQ_U(cmp.n_splits, 1);
    if (cmp.n_splits == 1) {
        const struct compare_split *s = &cmp.splits[0];
        CHECK_EQ_U(s->prefix_len, 1);
        CHECK(s->prefix[0] == act(log, "Lead"));
        CHECK(s->next_a == act(log, "Demo"));
        CHECK(s->next_b == act(log, "Proposal"));
        CHECK_EQ_U(s->cases, 49);
        CHECK_EQ_U(s->cases_next_a, 24);
        CHECK_NEAR(s->rate_next_a, 20.0 / 24, 1e-12);
        CHECK_NEAR(s->rate_next_b, 5.0 / 25, 1e-12);
        CHECK_NEAR(s->z, 4.4333, 1e-3);
    }
    compare_clear(&cmp);
    free(hide);
    selection_free(sa);
    selection_free(sb);
    outcome_clear(&o);
    eventlog_free(log);
}

static void
test_playbook(void)
{
    struct cf_error err = {0};
    struct playbook *pb = playbook_parse("pb",
                                         "# demo\n"
                                         "Lead\n"
                                         "Demo?   # optional\n"
                                         "Proposal*\n"
                                         "allow: Proposal -> Demo\n"
                                         "end: Won, Lost\n"
                                         "win: Won\n",
                                         &err);
    CHECK(pb != NULL);
    if (pb == NULL)
        return;
    CHECK_EQ_U(pb->n_stages, 3);
    CHECK(pb->optional[1] && !pb->repeat[1]);
    CHECK(pb->repeat[2] && !pb->optional[2]);
    CHECK_EQ_U(pb->n_end, 2);
    CHECK_STR(pb->end[1], "Lost");
    CHECK_STR(pb->allow_to[0], "Demo");

    struct event_log *log = eventlog_from_spec("c1: Lead Demo Proposal Won\n"
                                               "c2: Lead Proposal Won\n"
                                               "c3: Proposal Lead Won\n"
                                               "c4: Lead Lead Proposal Lost\n"
                                               "c5: Lead Call Proposal Demo Proposal Won\n"
                                               "c6: Lead Demo\n"
                                               "c7: Lead Proposal Won Demo\n"
                                               "c8: Lead Demo Won\n",
                                               &err);
    struct conformance cf;
    conformance_check(log, NULL, pb, NULL, 1, &cf);
    CHECK_EQ_U(cf.cases, 8);
    CHECK_EQ_U(cf.conforming, 2);
    CHECK_NEAR(cf.conforming_rate, 1.0, 1e-12);
    CHECK_EQ_U(cf.case_off[3] - cf.case_off[2], 2); /* c3: skipped Lead, Lead out of order */
    CHECK_EQ_U(cf.devs[cf.case_off[2]].kind, DEV_SKIPPED);
    CHECK_EQ_U(cf.devs[cf.case_off[2] + 1].kind, DEV_OUT_OF_ORDER);
    CHECK_EQ_U(cf.devs[cf.case_off[2] + 1].pos, 1);
    CHECK(cf.devs[cf.case_off[2] + 1].prev == act(log, "Proposal"));
    CHECK_EQ_U(cf.case_off[5] - cf.case_off[4], 1); /* c5: only the unexpected Call */
    CHECK_EQ_U(cf.devs[cf.case_off[4]].kind, DEV_UNEXPECTED);
    CHECK_EQ_U(cf.kinds[DEV_SKIPPED].cases, 2); /* c3, c8 */
    CHECK_NEAR(cf.kinds[DEV_SKIPPED].rate, 1.0, 1e-12);
    CHECK_EQ_U(cf.kinds[DEV_REPEATED].cases, 1); /* c4 */
    CHECK_NEAR(cf.kinds[DEV_REPEATED].rate, 0.0, 1e-12);
    CHECK_NEAR(cf.kinds[DEV_REPEATED].p, 0.0833, 1e-3);
    CHECK_EQ_I(cf.kinds[DEV_REPEATED].effect, 0); /* not significant on 3 cases */
    CHECK_EQ_U(cf.kinds[DEV_NO_END].cases, 1);    /* c6 */
    CHECK_EQ_U(cf.kinds[DEV_NO_END].known, 0);
    CHECK_EQ_U(cf.kinds[DEV_AFTER_END].cases, 1); /* c7 */
    CHECK_EQ_U(cf.kinds[DEV_OUT_OF_ORDER].cases, 1);
    CHECK_EQ_U(cf.n_specific, 7);
    char buf[128];
    deviation_describe(log, pb, DEV_SKIPPED, act(log, "Proposal"), CF_NONE, 2, buf, sizeof buf);
    CHECK_STR(buf, "skipped Proposal");

    /* The cases behind a row: any deviation, a kind, one specific deviation. */
    struct selection *out = selection_new(log->n_cases, true);
    conformance_select(&cf, NULL, false, out);
    CHECK_EQ_U(selection_count(out), 6); /* all but the conforming c1, c2 */
    CHECK(!sel_has(out, 0) && !sel_has(out, 1) && sel_has(out, 2));
    conformance_select(&cf, &cf.kinds[DEV_SKIPPED], false, out);
    CHECK_EQ_U(selection_count(out), 2);
    CHECK(sel_has(out, 2) && sel_has(out, 7));
    const struct deviation_stat *skip_p = NULL;
    for (size_t i = 0; i < cf.n_specific; i++) {
        const struct deviation_stat *s = &cf.specific[i];
        if (s->kind == DEV_SKIPPED && s->act == act(log, "Proposal"))
            skip_p = s;
    }
    CHECK(skip_p != NULL);
    if (skip_p != NULL) {
        conformance_select(&cf, skip_p, true, out);
        CHECK_EQ_U(selection_count(out), 1); /* c8 only; c3 skipped Lead */
        CHECK(sel_has(out, 7));
        conformance_select(&cf, skip_p, false, out); /* the kind: c3 too */
        CHECK_EQ_U(selection_count(out), 2);
    }
    conformance_clear(&cf);
    /* Only the checked cases: c1..c4, of which c3 and c4 deviate. */
    struct selection *first4 = selection_new(log->n_cases, false);
    for (size_t c = 0; c < 4; c++)
        selection_set(first4, c, true);
    conformance_check(log, first4, pb, NULL, 1, &cf);
    conformance_select(&cf, NULL, false, out);
    CHECK_EQ_U(selection_count(out), 2);
    CHECK(sel_has(out, 2) && sel_has(out, 3));
    selection_free(first4);
    selection_free(out);
    conformance_clear(&cf);
    eventlog_free(log);
    playbook_free(pb);

    CHECK(playbook_parse("bad", "A\nallow: A B\n", &err) == NULL);
    CHECK_EQ_U(err.line, 2);
    CHECK(playbook_parse("dup", "A\nB\nA*\n", &err) == NULL);
    CHECK_EQ_U(err.line, 3);
    CHECK(playbook_parse("empty", "# nothing\n", &err) == NULL);
}

static void
test_effects(void)
{
    /* 40 conforming cases winning 30; 40 skipping Demo winning 10:
     * 0.25 vs 0.75, p << 0.05 -> detrimental. */
    struct cf_buf b = {0};
    for (int i = 0; i < 40; i++)
        cf_buf_printf(&b, "k%d: Lead Demo Proposal %s\n", i, i < 30 ? "Won" : "Lost");
    for (int i = 0; i < 40; i++)
        cf_buf_printf(&b, "s%d: Lead Proposal %s\n", i, i < 10 ? "Won" : "Lost");
    struct cf_error err = {0};
    struct event_log *log = eventlog_from_spec(b.data, &err);
    cf_buf_clear(&b);
    struct playbook *pb =
        playbook_parse("pb", "Lead\nDemo\nProposal\nend: Won, Lost\nwin: Won\n", &err);
    struct conformance cf;
    conformance_check(log, NULL, pb, NULL, 0, &cf);
    CHECK_EQ_U(cf.min_support, 10);
    CHECK_EQ_U(cf.conforming, 40);
    CHECK_NEAR(cf.conforming_rate, 0.75, 1e-12);
    CHECK_EQ_U(cf.n_specific, 1);
    CHECK_EQ_U(cf.specific[0].cases, 40);
    CHECK_NEAR(cf.specific[0].rate, 0.25, 1e-12);
    CHECK_EQ_I(cf.specific[0].effect, -1);
    conformance_clear(&cf);
    playbook_free(pb);
    eventlog_free(log);
}

static void
test_exit_vs_skip(void)
{
    /* Lost early: an exit, conforming. Won early: the missing stages are skipped.
     * Without a win: line every end owes the stages. */
    struct cf_error err = {0};
    struct event_log *log = eventlog_from_spec("x1: Lead Lost\nx2: Lead Won\n", &err);
    struct playbook *pb =
        playbook_parse("pb", "Lead\nDemo\nProposal\nend: Won, Lost\nwin: Won\n", &err);
    struct conformance cf;
    conformance_check(log, NULL, pb, NULL, 1, &cf);
    CHECK_EQ_U(cf.conforming, 1);
    CHECK_EQ_U(cf.case_off[1] - cf.case_off[0], 0); /* x1 */
    CHECK_EQ_U(cf.case_off[2] - cf.case_off[1], 2); /* x2: skipped Demo, Proposal */
    conformance_clear(&cf);
    playbook_free(pb);
    pb = playbook_parse("pb", "Lead\nDemo\nProposal\nend: Won, Lost\n", &err);
    conformance_check(log, NULL, pb, NULL, 1, &cf);
    CHECK_EQ_U(cf.conforming, 0);
    CHECK_EQ_U(cf.kinds[DEV_SKIPPED].cases, 2);
    CHECK(isnan(cf.conforming_rate)); /* no win: line, no outcome */
    conformance_clear(&cf);
    playbook_free(pb);
    eventlog_free(log);
}

int
main(void)
{
    test_exit_vs_skip();
    test_outcomes();
    test_compare_figures();
    test_divergence();
    test_playbook();
    test_effects();
    TAP_DONE();
}

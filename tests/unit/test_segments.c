/* Unit tests of the explorer's segment helpers: A/B selections, leanings, paths cut from the left.
 */
/* SPDX-License-Identifier: MIT */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outcome.h"
#include "segments.h"
#include "tap.h"

static uint32_t
act(const struct event_log *log, const char *name)
{
    return strpool_find(log->activities, name, strlen(name));
}

static void
test_select(void)
{
    struct cf_error err = {0};
    struct event_log *log = eventlog_from_spec("w1 {outcome=won}: Lead Won\n"
                                               "w2 {outcome=won}: Lead Demo Won\n"
                                               "l1 {outcome=lost}: Lead Lost\n"
                                               "o1 {outcome=open}: Lead\n"
                                               "l2 {outcome=lost}: Lead Demo Lost\n",
                                               &err);
    struct outcome o;
    CHECK(outcome_init(&o, log, OUTCOME_ATTR, "outcome=won", "outcome=lost", NULL, &err) == 0);
    uint8_t seg[5];
    size_t all[3], n[3];
    outcome_segments(&o, log, seg, all, NULL);
    struct selection *sa = selection_new(log->n_cases, true);
    struct selection *sb = selection_new(log->n_cases, true);
    segments_select(log, NULL, seg, sa, sb, n);
    CHECK_EQ_U(n[SEG_A], 2);
    CHECK_EQ_U(n[SEG_B], 2);
    CHECK_EQ_U(n[SEG_UNKNOWN], 1);
    CHECK(sel_has(sa, 0) && sel_has(sa, 1) && !sel_has(sa, 2) && !sel_has(sa, 3));
    CHECK(sel_has(sb, 2) && sel_has(sb, 4) && !sel_has(sb, 3) && !sel_has(sb, 0));
    /* Within a selection: the cases through Demo (w2, l2) and the open o1. */
    struct selection *sel = selection_new(log->n_cases, false);
    selection_set(sel, 1, true);
    selection_set(sel, 3, true);
    selection_set(sel, 4, true);
    segments_select(log, sel, seg, sa, sb, n);
    CHECK_EQ_U(n[SEG_A], 1);
    CHECK_EQ_U(n[SEG_B], 1);
    CHECK_EQ_U(n[SEG_UNKNOWN], 1);
    CHECK_EQ_U(selection_count(sa), 1);
    CHECK(sel_has(sa, 1) && !sel_has(sa, 0));
    CHECK_EQ_U(selection_count(sb), 1);
    CHECK(sel_has(sb, 4));
    selection_free(sel);
    selection_free(sa);
    selection_free(sb);
    outcome_clear(&o);
    eventlog_free(log);
}

static struct compare_item
item(uint32_t from, uint32_t to, double diff, double p, bool significant)
{
    struct compare_item it;
    memset(&it, 0, sizeof it);
    it.from = from;
    it.to = to;
    it.diff = diff;
    it.p = p;
    it.significant = significant;
    return it;
}

static void
test_lean_and_marks(void)
{
    struct compare_item a = item(0, CF_NONE, 0.30, 0.001, true);
    struct compare_item b = item(1, CF_NONE, -0.06, 0.01, true);
    struct compare_item small = item(2, CF_NONE, 0.049, 0.001, true); /* under 5 points */
    struct compare_item weak = item(3, CF_NONE, 0.40, 0.2, false);    /* not significant */
    CHECK_EQ_I(segments_lean(&a), 1);
    CHECK_EQ_I(segments_lean(&b), -1);
    CHECK_EQ_I(segments_lean(&small), 0);
    CHECK_EQ_I(segments_lean(&weak), 0);

    struct compare_item acts[4] = {a, b, small, weak};
    struct compare_item edges[3] = {item(0, 1, -0.2, 0.0001, true), item(1, 0, 0.1, 0.02, true),
                                    item(2, 2, 0.5, 0.3, false)};
    struct comparison cmp;
    memset(&cmp, 0, sizeof cmp);
    cmp.acts = acts;
    cmp.n_acts = 4;
    cmp.edges = edges;
    cmp.n_edges = 3;
    struct segments_marks m;
    segments_marks_build(&cmp, 5, &m);
    CHECK_EQ_I(segments_marks_get(&m, 0, CF_NONE), 1);
    CHECK_EQ_I(segments_marks_get(&m, 1, CF_NONE), -1);
    CHECK_EQ_I(segments_marks_get(&m, 2, CF_NONE), 0);
    CHECK_EQ_I(segments_marks_get(&m, 4, CF_NONE), 0); /* not compared */
    CHECK_EQ_I(segments_marks_get(&m, 0, 1), -1);
    CHECK_EQ_I(segments_marks_get(&m, 1, 0), 1);
    CHECK_EQ_I(segments_marks_get(&m, 2, 2), 0);
    CHECK_EQ_I(segments_marks_get(&m, 0, 2), 0);       /* no such edge */
    CHECK_EQ_I(segments_marks_get(&m, 9, CF_NONE), 0); /* out of range */
    CHECK_EQ_I(segments_marks_get(&m, 0, 9), 0);
    CHECK(segments_marks_find(&m, 1, 0) == &edges[1]);
    CHECK(segments_marks_find(&m, 3, CF_NONE) == &acts[3]);
    CHECK(segments_marks_find(&m, 4, CF_NONE) == NULL);
    segments_marks_clear(&m);
    segments_marks_clear(&m); /* twice is harmless */
}

static void
tail(const struct event_log *log, const char *const *names, size_t n, int width, const char *want)
{
    uint32_t seq[8];
    for (size_t i = 0; i < n; i++)
        seq[i] = act(log, names[i]);
    struct cf_buf b = {0};
    segments_path_tail(log, seq, n, " > ", "\xe2\x80\xa6", width, &b);
    CHECK_STR(b.data ? b.data : "", want);
    cf_buf_clear(&b);
}

static void
test_path_tail(void)
{
    struct cf_error err = {0};
    /* 見積もり: four wide characters, 8 cells. */
    struct event_log *log = eventlog_from_spec(
        "c1: Lead Demo Proposal \xe8\xa6\x8b\xe7\xa9\x8d\xe3\x82\x82\xe3\x82\x8a\n", &err);
    const char *p3[] = {"Lead", "Demo", "Proposal"};
    tail(log, p3, 3, 22, "Lead > Demo > Proposal"); /* exactly 22 cells */
    tail(log, p3, 3, 0, "Lead > Demo > Proposal");  /* no limit */
    tail(log, p3, 3, 21, "\xe2\x80\xa6 > Demo > Proposal");
    tail(log, p3, 3, 19, "\xe2\x80\xa6 > Demo > Proposal");
    tail(log, p3, 3, 18,
         "\xe2\x80\xa6"
         "Demo > Proposal"); /* Lead hidden, Demo in the room */
    tail(log, p3, 3, 15,
         "\xe2\x80\xa6"
         "emo > Proposal");
    tail(log, p3, 3, 14, "\xe2\x80\xa6 > Proposal"); /* room for 2 cells only */
    tail(log, p3, 3, 12, "\xe2\x80\xa6 > Proposal");
    tail(log, p3, 3, 11, "\xe2\x80\xa6Proposal");
    tail(log, p3, 3, 5, "\xe2\x80\xa6osal");
    tail(log, p3, 1, 4, "Lead");
    tail(log, p3 + 2, 1, 8, "Proposal");
    tail(log, p3 + 2, 1, 7, "\xe2\x80\xa6oposal");
    tail(log, p3, 0, 10, "");
    /* Wide characters: cut by cells, never inside one. */
    const char *wide[] = {"Demo", "\xe8\xa6\x8b\xe7\xa9\x8d\xe3\x82\x82\xe3\x82\x8a"};
    tail(log, wide, 2, 15, "Demo > \xe8\xa6\x8b\xe7\xa9\x8d\xe3\x82\x82\xe3\x82\x8a");
    tail(log, wide, 2, 14, "\xe2\x80\xa6 > \xe8\xa6\x8b\xe7\xa9\x8d\xe3\x82\x82\xe3\x82\x8a");
    tail(log, wide, 2, 6, "\xe2\x80\xa6\xe3\x82\x82\xe3\x82\x8a"); /* "…もり": 5 cells */
    tail(log, wide, 2, 4, "\xe2\x80\xa6\xe3\x82\x8a");             /* "…り": 3 cells */
    eventlog_free(log);
}

int
main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    test_select();
    test_lean_and_marks();
    test_path_tail();
    TAP_DONE();
}

/* Unit tests of the filter stack: every filter kind, inversion, errors, the regex match limit. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "eventlog.h"
#include "filter.h"
#include "selection.h"
#include "tap.h"
#include "variants.h"

/*
 * Times in seconds from 2024-01-01T00:00Z; a day is 86400 s.
 *   c1, c2: Lead > Demo > Proposal > Won     day 0 .. day 2   (2d)   one variant, 2 cases
 *   c3: Lead > Proposal > Negotiation > Proposal > Negotiation > Lost
 *                                            day 1 .. day 5   (4d)
 *   c4: Lead > Lost                          day 10 (+10 s)   (10s)
 *   c5: Lead                                 day 11           (0)
 *   c6: Demo > Lead > Proposal               day 20 .. day 21 (1d)
 * Variant ranks (count desc, then names; a prefix sorts first):
 *   1 c1/c2 (2 cases), 2 c6 (Demo...), 3 c5 (Lead), 4 c4 (Lead > Lost), 5 c3.
 */
static const char *const spec = "c1: Lead@0 Demo@3600 Proposal@86400 Won@172800\n"
                                "c2: Lead@0 Demo@3600 Proposal@86400 Won@172800\n"
                                "c3: Lead@86400 Proposal@90000 Negotiation@93600 Proposal@97200 "
                                "Negotiation@100800 Lost@432000\n"
                                "c4: Lead@864000 Lost@864010\n"
                                "c5: Lead@950400\n"
                                "c6: Demo@1728000 Lead@1728005 Proposal@1814400\n";

static struct event_log *L;

/* Cases a filter selects from all, as a string of case names: "c1 c2 c6". */
static const char *
picked(struct filter *f)
{
    static char buf[1024];
    struct cf_error err = {0};
    struct selection *s = selection_new(L->n_cases, true);
    buf[0] = '\0';
    if (f == NULL) {
        snprintf(buf, sizeof buf, "(no filter)");
    } else if (filter_apply(f, L, s, &err) != 0) {
        snprintf(buf, sizeof buf, "(error %s)", err.msg);
    } else {
        size_t used = 0;
        for (size_t c = 0; c < L->n_cases; c++)
            if (sel_has(s, c))
                used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", used ? " " : "",
                                         eventlog_case_name(L, c));
    }
    selection_free(s);
    filter_free(f);
    return buf;
}

static struct filter *
inv(struct filter *f)
{
    if (f != NULL)
        filter_set_invert(f, true);
    return f;
}

static void
test_path(void)
{
    struct cf_error err = {0};
    CHECK_STR(picked(filter_new_path(L, "Demo.*Proposal", 0, &err)), "c1 c2 c6");
    CHECK_STR(picked(filter_new_path(L, "^Lead > Lost$", 0, &err)), "c4");
    CHECK_STR(picked(filter_new_path(L, "(Proposal > Negotiation > ){2,}", 0, &err)), "c3");
    CHECK_STR(picked(inv(filter_new_path(L, "Demo.*Proposal", 0, &err))), "c3 c4 c5");
    CHECK_STR(picked(filter_new_path(L, "^lead$", FILTER_CASELESS, &err)), "c5");
    CHECK_STR(picked(filter_new_path(L, "^lead$", 0, &err)), "");

    struct filter *f = filter_new_path(L, "Demo(", 0, &err);
    CHECK(f == NULL);
    CHECK_STR(err.msg, "missing closing parenthesis at offset 5");
    f = filter_new_path(L, "a{2,1}", 0, &err);
    CHECK(f == NULL);
    CHECK(strstr(err.msg, "at offset 5") != NULL);

    f = filter_new_path(L, "Demo.*Proposal", 0, &err);
    CHECK_STR(filter_describe(f), "path ~ /Demo.*Proposal/");
    CHECK(filter_kind(f) == FILTER_PATH);
    filter_set_invert(f, true);
    CHECK(filter_inverted(f));
    CHECK_STR(filter_describe(f), "NOT path ~ /Demo.*Proposal/");
    filter_free(f);
}

static void
test_case_id(void)
{
    struct cf_error err = {0};
    CHECK_STR(picked(filter_new_case_id(L, "^c[12]$", 0, &err)), "c1 c2");
    CHECK_STR(picked(inv(filter_new_case_id(L, "^c[12]$", 0, &err))), "c3 c4 c5 c6");
    CHECK(filter_new_case_id(L, "[", 0, &err) == NULL);
    CHECK(strstr(err.msg, "missing terminating ] for character class at offset 1") != NULL);
}

static void
test_dates(void)
{
    struct cf_error err = {0};
    int64_t d1, d1end, d0, d10end, d10;
    CHECK_EQ_I(filter_parse_date("2024-01-02", false, &d1, &err), 0);
    CHECK_EQ_I(d1, 1704153600000LL);
    CHECK_EQ_I(filter_parse_date("2024-01-02", true, &d1end, &err), 0);
    CHECK_EQ_I(d1end, 1704153600000LL + 86400000 - 1);
    CHECK_EQ_I(filter_parse_date("2024-01-01", false, &d0, &err), 0);
    CHECK_EQ_I(filter_parse_date("2024-01-11", true, &d10end, &err), 0);
    CHECK_EQ_I(filter_parse_date("2024-01-11T00:00:00Z", false, &d10, &err), 0);

    /* Day 1 alone, intersecting: cases active that day are c1, c2 (0..2d) and c3 (1..5d). */
    CHECK_STR(picked(filter_new_date(L, d1, d1end, FILTER_RANGE_INTERSECTING, &err)), "c1 c2 c3");
    /* Contained in day 1: none (c1 starts on day 0, c3 ends on day 5). */
    CHECK_STR(picked(filter_new_date(L, d1, d1end, FILTER_RANGE_CONTAINED, &err)), "");
    /* Days 0..10 inclusive, contained: c1, c2, c3 and c4 (day 10 + 10 s); c5 is day 11. */
    CHECK_STR(picked(filter_new_date(L, d0, d10end, FILTER_RANGE_CONTAINED, &err)), "c1 c2 c3 c4");
    CHECK_STR(picked(inv(filter_new_date(L, d0, d10end, FILTER_RANGE_CONTAINED, &err))), "c5 c6");
    /* Open end: active from day 10 on. */
    CHECK_STR(picked(filter_new_date(L, d10, CF_TIME_NONE, FILTER_RANGE_INTERSECTING, &err)),
              "c4 c5 c6");
    /* Open start, contained up to day 1's end: c1/c2 end on day 2, so nothing. */
    CHECK_STR(picked(filter_new_date(L, CF_TIME_NONE, d1end, FILTER_RANGE_CONTAINED, &err)), "");
    CHECK(filter_new_date(L, d1end, d1, FILTER_RANGE_CONTAINED, &err) == NULL);

    struct filter *f = filter_new_date(L, d1, d1end, FILTER_RANGE_INTERSECTING, &err);
    CHECK_STR(filter_describe(f), "active 2024-01-02..2024-01-02");
    filter_free(f);
    f = filter_new_date(L, d10 + 3600000, CF_TIME_NONE, FILTER_RANGE_CONTAINED, &err);
    CHECK_STR(filter_describe(f), "within 2024-01-11T01:00:00Z..");
    filter_free(f);

    int64_t t;
    CHECK_EQ_I(filter_parse_date("2024-01-02T03:04:05Z", false, &t, &err), 0);
    CHECK_EQ_I(t, 1704153600000LL + (3 * 3600 + 4 * 60 + 5) * 1000LL);
    CHECK_EQ_I(filter_parse_date("2024-01-02T03:04:05.25+02:00", true, &t, &err), 0);
    CHECK_EQ_I(t, 1704153600000LL + (1 * 3600 + 4 * 60 + 5) * 1000LL + 250);
    CHECK_EQ_I(filter_parse_date("2024-01-02 03:04", false, &t, &err), 0);
    CHECK_EQ_I(t, 1704153600000LL + (3 * 3600 + 4 * 60) * 1000LL);
    CHECK_EQ_I(filter_parse_date("2024-02-29", false, &t, &err), 0); /* leap year */
    CHECK_EQ_I(filter_parse_date("2023-02-29", false, &t, &err), -1);
    CHECK(strstr(err.msg, "bad date '2023-02-29'") != NULL);
    CHECK_EQ_I(filter_parse_date("2024-1-2", false, &t, &err), 0); /* one-digit month, day */
    CHECK_EQ_I(t, 1704153600000LL);
    CHECK_EQ_I(filter_parse_date("13/01/2024", true, &t, &err), 0); /* only DD/MM fits */
    CHECK_EQ_I(t, 1705104000000LL + 86400000 - 1); /* 2024-01-13 = 01-01 + 12 days */
    CHECK_EQ_I(filter_parse_date("02/01/2024", false, &t, &err), -1);
    CHECK(strstr(err.msg, "ambiguous date") != NULL);
    CHECK_EQ_I(filter_parse_date("01/01/2024", false, &t, &err), 0);  /* both readings agree */
    CHECK_EQ_I(filter_parse_date("1704067200", false, &t, &err), -1); /* epochs refused */
    CHECK_EQ_I(filter_parse_date("2024-01-02T25:00", false, &t, &err), -1);
    CHECK_EQ_I(filter_parse_date("2024-01-02x", false, &t, &err), -1);
    CHECK_EQ_I(filter_parse_date("", false, &t, &err), -1);
}

static void
test_variant_duration(void)
{
    struct cf_error err = {0};
    CHECK_STR(picked(filter_new_variant(L, 1, &err)), "c1 c2");
    CHECK_STR(picked(filter_new_variant(L, 2, &err)), "c6");
    CHECK_STR(picked(filter_new_variant(L, 3, &err)), "c5");
    CHECK_STR(picked(filter_new_variant(L, 5, &err)), "c3");
    CHECK_STR(picked(inv(filter_new_variant(L, 1, &err))), "c3 c4 c5 c6");
    CHECK(filter_new_variant(L, 0, &err) == NULL);
    CHECK(filter_new_variant(L, 6, &err) == NULL);
    CHECK_STR(err.msg, "variant rank must be 1..5, not 6");
    CHECK_STR(picked(filter_new_variant_id(L, L->case_variant[2], &err)), "c3");

    /* 1d = 86400000 ms. c6 lasts exactly 1d: in both. */
    CHECK_STR(picked(filter_new_duration(L, 86400000, -1, &err)), "c1 c2 c3 c6");
    CHECK_STR(picked(filter_new_duration(L, -1, 86400000, &err)), "c4 c5 c6");
    CHECK_STR(picked(filter_new_duration(L, 86400000, 2 * 86400000, &err)), "c1 c2 c6");
    CHECK_STR(picked(inv(filter_new_duration(L, 86400000, -1, &err))), "c4 c5");
    CHECK(filter_new_duration(L, 5, 4, &err) == NULL);
    struct filter *f = filter_new_duration(L, 3 * 86400000LL, -1, &err);
    CHECK_STR(filter_describe(f), "duration >= 3d 0h"); /* cf_format_duration */
    filter_free(f);
}

static void
test_variant_ranks(void)
{
    /* 3 x "A B", 2 x "B A", and 100 single cases "Z<n> A" tied at one case each: every
     * rank must name the variant variants_build puts there (the tied ones by name,
     * both through the small buffer, ranks up to 64 among the tied, and beyond). */
    struct cf_buf b = {0};
    cf_buf_puts(&b, "a1: A B\nb1: B A\na2: A B\nb2: B A\na3: A B\n");
    for (int i = 99; i >= 0; i--)
        cf_buf_printf(&b, "z%d: Z%d A\n", i, i * 37 % 100);
    struct cf_error err = {0};
    struct event_log *log = eventlog_from_spec(b.data, &err);
    cf_buf_clear(&b);
    struct variant_table vt;
    variants_build(log, NULL, &vt);
    CHECK_EQ_U(vt.n, 102);
    size_t bad = 0;
    struct selection *s = selection_new(log->n_cases, true);
    for (size_t r = 1; r <= vt.n; r++) {
        struct filter *f = filter_new_variant(log, r, &err);
        selection_fill(s, true);
        filter_apply(f, log, s, &err);
        size_t c = 0;
        while (c < log->n_cases && !sel_has(s, c))
            c++;
        if (c == log->n_cases || log->case_variant[c] != vt.v[r - 1].variant ||
            selection_count(s) != vt.v[r - 1].cases)
            bad++;
        filter_free(f);
    }
    CHECK_EQ_U(bad, 0);
    variants_clear(&vt);
    selection_free(s);
    eventlog_free(log);
}

static void
test_activities(void)
{
    struct cf_error err = {0};
    CHECK_STR(picked(filter_new_starts_with(L, "Lead", &err)), "c1 c2 c3 c4 c5");
    CHECK_STR(picked(inv(filter_new_starts_with(L, "Lead", &err))), "c6");
    CHECK_STR(picked(filter_new_ends_with(L, "Lost", &err)), "c3 c4");
    CHECK_STR(picked(filter_new_ends_with(L, "Lead", &err)), "c5");
    CHECK_STR(picked(filter_new_follows(L, "Demo", "Proposal", &err)), "c1 c2 c6");
    CHECK_STR(picked(filter_new_follows(L, "Lead", "Demo", &err)), "c1 c2");
    CHECK_STR(picked(filter_new_follows(L, "Proposal", "Proposal", &err)), "c3");
    CHECK_STR(picked(filter_new_follows(L, "Negotiation", "Lead", &err)), "");
    CHECK_STR(picked(inv(filter_new_follows(L, "Lead", "Demo", &err))), "c3 c4 c5 c6");

    CHECK(filter_new_starts_with(L, "Nope", &err) == NULL);
    CHECK_STR(err.msg, "no activity 'Nope' in the log");
    CHECK(filter_new_ends_with(L, "lost", &err) == NULL);
    CHECK_STR(err.msg, "no activity 'lost' in the log (did you mean 'Lost'?)");
    CHECK(filter_new_follows(L, "Lead", "X", &err) == NULL);

    struct filter *f = inv(filter_new_ends_with(L, "Lost", &err));
    CHECK_STR(filter_describe(f), "NOT ends with Lost");
    filter_free(f);
}

static void
test_activity_lists(void)
{
    struct cf_error err = {0};
    struct event_log *log = eventlog_from_spec("k1: Call,inbound Lead Won\n", &err);
    uint32_t *ids;
    size_t n;
    CHECK_EQ_I(filter_parse_activities(log, "Call,inbound,Won", &ids, &n, &err), 0);
    CHECK_EQ_U(n, 2);
    CHECK_STR(eventlog_activity_name(log, ids[0]), "Call,inbound");
    CHECK_STR(eventlog_activity_name(log, ids[1]), "Won");
    free(ids);
    CHECK_EQ_I(filter_parse_activities(log, "Lead, Won,Lead", &ids, &n, &err), 0);
    CHECK_EQ_U(n, 3);
    CHECK_STR(eventlog_activity_name(log, ids[1]), "Won");
    free(ids);
    CHECK_EQ_I(filter_parse_activities(log, "Lead,,Won", &ids, &n, &err), -1);
    CHECK(strstr(err.msg, "empty activity name") != NULL);
    CHECK_EQ_I(filter_parse_activities(log, "Lead,", &ids, &n, &err), -1);
    CHECK_EQ_I(filter_parse_activities(log, "", &ids, &n, &err), -1);
    CHECK_EQ_I(filter_parse_activities(log, "Lead,Nope,Won", &ids, &n, &err), -1);
    CHECK_STR(err.msg, "no activity 'Nope' in the log");
    CHECK_EQ_I(filter_parse_activities(log, "Call", &ids, &n, &err), -1);
    eventlog_free(log);
}

static void
test_where(void)
{
    /* x1: A(ann, north) B(bob, none); x2: A(bob, south); x3: A(no resource, north-east). */
    const char *names[] = {"region"};
    struct eventlog_builder *b = eventlog_builder_new("w", 1, names);
    const char *v1[] = {"north"}, *v2[] = {NULL}, *v3[] = {"south"}, *v4[] = {"north-east"};
    size_t l1[] = {5}, l2[] = {0}, l3[] = {5}, l4[] = {10};
    eventlog_builder_add(b, "x1", 2, "A", 1, 0, "ann", 3, 2, v1, l1);
    eventlog_builder_add(b, "x1", 2, "B", 1, 1000, "bob", 3, 3, v2, l2);
    eventlog_builder_add(b, "x2", 2, "A", 1, 0, "bob", 3, 4, v3, l3);
    eventlog_builder_add(b, "x3", 2, "A", 1, 0, NULL, 0, 5, v4, l4);
    struct event_log *saved = L;
    L = eventlog_builder_finish(b);
    struct cf_error err = {0};

    CHECK_STR(picked(filter_new_where(L, "region=north", &err)), "x1");
    CHECK_STR(picked(filter_new_where(L, "region~^north", &err)), "x1 x3");
    CHECK_STR(picked(inv(filter_new_where(L, "region~^north", &err))), "x2");
    CHECK_STR(picked(filter_new_where(L, "region~^$", &err)), "x1"); /* B has no region */
    CHECK_STR(picked(filter_new_where(L, "region=", &err)), "x1");
    CHECK_STR(picked(filter_new_where(L, "region=west", &err)), "");
    CHECK_STR(picked(filter_new_where(L, "resource=bob", &err)), "x1 x2");
    CHECK_STR(picked(filter_new_where(L, "resource~^a", &err)), "x1");
    CHECK_STR(picked(filter_new_where(L, "resource=", &err)), "x3");
    CHECK_STR(picked(filter_new_where(L, "region~a=b", &err)), ""); /* split at the first ~ */

    CHECK(filter_new_where(L, "colour=red", &err) == NULL);
    CHECK_STR(err.msg, "unknown attribute 'colour'; available: resource, region");
    CHECK(filter_new_where(L, "region", &err) == NULL);
    CHECK(strstr(err.msg, "expected ATTR~REGEX or ATTR=VALUE") != NULL);
    CHECK(filter_new_where(L, "=x", &err) == NULL);
    CHECK(filter_new_where(L, "region~(", &err) == NULL);
    CHECK_STR(err.msg, "missing closing parenthesis at offset 1");

    struct filter *f = filter_new_where(L, "region=north", &err);
    CHECK_STR(filter_describe(f), "region = north");
    filter_free(f);
    eventlog_free(L);
    L = saved;
}

static void
test_stack(void)
{
    struct cf_error err = {0};
    struct filter_stack st;
    struct selection *s = selection_new(L->n_cases, false);
    char desc[256];
    filter_stack_init(&st);
    CHECK_EQ_I(filter_stack_apply(&st, L, s, &err), 0);
    CHECK_EQ_U(selection_count(s), 6); /* empty stack: everything */
    filter_stack_push(&st, filter_new_path(L, "Demo.*Proposal", 0, &err));
    CHECK_EQ_I(filter_stack_apply(&st, L, s, &err), 0);
    CHECK_EQ_U(selection_count(s), 3);
    filter_stack_push(&st, filter_new_starts_with(L, "Lead", &err));
    CHECK_EQ_I(filter_stack_apply(&st, L, s, &err), 0);
    CHECK_EQ_U(selection_count(s), 2);
    filter_stack_describe(&st, desc, sizeof desc);
    CHECK_STR(desc, "path ~ /Demo.*Proposal/, starts with Lead");
    struct filter *top = filter_stack_pop(&st);
    CHECK(top != NULL && filter_kind(top) == FILTER_STARTS);
    filter_free(top);
    CHECK_EQ_I(filter_stack_apply(&st, L, s, &err), 0);
    CHECK_EQ_U(selection_count(s), 3);

    /* The variant rank counts within what the filters below selected: of c3 and c4
     * (ending with Lost), both single cases, "Lead > Lost" sorts first. */
    filter_stack_clear(&st);
    filter_stack_push(&st, filter_new_ends_with(L, "Lost", &err));
    filter_stack_push(&st, filter_new_variant(L, 1, &err));
    CHECK_EQ_I(filter_stack_apply(&st, L, s, &err), 0);
    CHECK_EQ_U(selection_count(s), 1);
    CHECK(sel_has(s, 3)); /* c4 */
    filter_stack_clear(&st);
    CHECK(filter_stack_pop(&st) == NULL);
    filter_stack_describe(&st, desc, sizeof desc);
    CHECK_STR(desc, "");
    selection_free(s);
}

static void
test_match_limit(void)
{
    /* A path of 40 a's then " > b": (a+)+$ backtracks exponentially on it. */
    char spec2[256];
    snprintf(spec2, sizeof spec2, "ok: b\nslow: %s b\n",
             "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    struct cf_error err = {0};
    struct event_log *log = eventlog_from_spec(spec2, &err);
    struct filter *f = filter_new_path(log, "(a+)+$", 0, &err);
    CHECK(f != NULL);
    struct selection *s = selection_new(log->n_cases, true);
    clock_t t0 = clock();
    int rc = filter_apply(f, log, s, &err);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    CHECK_EQ_I(rc, -1);
    CHECK_STR(err.msg, "regex too complex: match limit exceeded on case slow");
    CHECK_EQ_U(selection_count(s), 2); /* unchanged on error */
    /* Not a timing test: an unbounded match would run for hours, not seconds. */
    CHECK(secs < 60);
    /* The same pattern on cases that do not trigger it still works. */
    selection_set(s, 1, false);
    CHECK_EQ_I(filter_apply(f, log, s, &err), 0);
    CHECK_EQ_U(selection_count(s), 0); /* "b" does not end in a's */
    filter_free(f);
    selection_free(s);
    eventlog_free(log);
}

static void
test_invalid_utf8(void)
{
    /* A case id and an activity with invalid UTF-8 bytes still match around them. */
    struct cf_error err = {0};
    struct event_log *log = eventlog_from_spec("\xff\xfeX: A\xff B\nY: A B\n", &err);
    struct event_log *saved = L;
    L = log;
    CHECK_STR(picked(filter_new_case_id(L, "X$", 0, &err)), "\xff\xfeX");
    CHECK_STR(picked(filter_new_path(L, "^A > B$", 0, &err)), "Y");
    CHECK_STR(picked(filter_new_path(L, "> B$", 0, &err)), "\xff\xfeX Y");
    CHECK(filter_new_path(L, "\xff", 0, &err) == NULL); /* the pattern itself must be UTF-8 */
    L = saved;
    eventlog_free(log);
}

/* Issue 10: a budget per run, not only per case. 40 cases, each one
 * activity of 24 a's and a b: (a|aa)+$ backtracks exponentially on each
 * (about 10^5 steps, well under the per-case limit). */
static void
test_run_budget(void)
{
    struct cf_buf spec_b = {0};
    for (int c = 0; c < 40; c++) {
        char line[128];
        int n = snprintf(line, sizeof line, "c%02d: %.*s%.*s\n", c, 24,
                         "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 1 + c % 5, "bbbbb");
        cf_buf_append(&spec_b, line, (size_t)n);
    }
    struct cf_error err = {0};
    struct event_log *log = eventlog_from_spec(spec_b.data, &err);
    cf_buf_clear(&spec_b);
    CHECK(log != NULL);
    if (log == NULL)
        return;
    /* With the default budget the run completes: no case ends with a's. */
    struct filter *f = filter_new_path(log, "(a|aa)+$", 0, &err);
    struct selection *sel = selection_new(log->n_cases, true);
    CHECK_EQ_I(filter_apply(f, log, sel, &err), 0);
    CHECK_EQ_U(selection_count(sel), 0);
    /* A small budget: the run stops, sel unchanged, the message says why. */
    selection_fill(sel, true);
    filter_set_budget(f, 100000);
    CHECK_EQ_I(filter_apply(f, log, sel, &err), -1);
    CHECK(strstr(err.msg, "regex too costly") != NULL);
    CHECK(strstr(err.msg, "budget 100000 steps") != NULL);
    CHECK_EQ_U(selection_count(sel), 40);
    /* The budget is per run: applying again starts afresh (and fails alike). */
    CHECK_EQ_I(filter_apply(f, log, sel, &err), -1);
    /* A cheap pattern never touches the budget, however small. */
    filter_set_budget(f, 0);
    filter_free(f);
    f = filter_new_path(log, "a+b{3}$", 0, &err);
    filter_set_budget(f, 0);
    CHECK_EQ_I(filter_apply(f, log, sel, &err), 0);
    CHECK_EQ_U(selection_count(sel), 8);
    filter_free(f);
    /* Attribute-like subjects (case ids) use the same accounting. */
    f = filter_new_case_id(log, "^c(0|00)+$", 0, &err);
    filter_set_budget(f, 0);
    selection_fill(sel, true);
    CHECK_EQ_I(filter_apply(f, log, sel, &err), 0);
    CHECK_EQ_U(selection_count(sel), 1);
    filter_free(f);
    selection_free(sel);
    eventlog_free(log);
}

int
main(void)
{
    struct cf_error err = {0};
    L = eventlog_from_spec(spec, &err);
    if (L == NULL) {
        printf("not ok - spec: %s\n", err.msg);
        return 1;
    }
    test_path();
    test_case_id();
    test_dates();
    test_variant_duration();
    test_variant_ranks();
    test_activities();
    test_activity_lists();
    test_where();
    test_stack();
    test_match_limit();
    test_invalid_utf8();
    test_run_budget();
    eventlog_free(L);
    TAP_DONE();
}

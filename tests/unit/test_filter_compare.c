/* Unit tests of the numeric and date --where filters and the --between time filter. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eventlog.h"
#include "filter.h"
#include "tap.h"

/* amount: p1 100, p2 50000, p3 50001, p4 "n/a", p5 none, p6 changes 10 -> 90000. */
static const char *const spec =
    "p1 {amount=100,close=2024-12-31,owner=ann}: A@0 B@60\n"
    "p2 {amount=50000,close=2025-01-01,owner=bob}: A@0 C@86400 B@259200\n"
    "p3 {amount=50001,close=2025-01-01T10:00:00,owner=ann}: A@0 B@600\n"
    "p4 {amount=n/a,close=soon,owner=cy}: A@0\n"
    "p5 {owner=bob}: B@0 A@10\n";

/* The cases (as a string of case names) that --where spec selects; NULL on error. */
static char *
where(const struct event_log *log, const char *w, size_t *unparsed, char *errmsg, size_t errsize)
{
    struct cf_error err = {0};
    struct filter *f = filter_new_where(log, w, &err);
    if (f == NULL) {
        snprintf(errmsg, errsize, "%s", err.msg);
        return NULL;
    }
    struct selection *sel = selection_new(log->n_cases, true);
    filter_apply(f, log, sel, &err);
    struct cf_buf b = {0};
    cf_buf_puts(&b, "");
    for (size_t c = 0; c < log->n_cases; c++)
        if (sel_has(sel, c))
            cf_buf_printf(&b, "%s%s", b.len ? " " : "", eventlog_case_name(log, c));
    if (unparsed)
        *unparsed = filter_unparsed(f);
    selection_free(sel);
    filter_free(f);
    return b.data;
}

static void
check_where(const struct event_log *log, const char *w, const char *expect, size_t exp_bad)
{
    char msg[600] = "";
    size_t bad = 0;
    char *got = where(log, w, &bad, msg, sizeof msg);
    CHECK_STR(got ? got : msg, expect);
    if (got)
        CHECK_EQ_U(bad, exp_bad);
    free(got);
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
    check_where(log, "amount>50000", "p3", 1);
    check_where(log, "amount>=50000", "p2 p3", 1);
    check_where(log, "amount<50000", "p1", 1);
    check_where(log, "amount<=100", "p1", 1);
    check_where(log, "amount=100..50000", "p1 p2", 1);
    check_where(log, "amount=50000", "p2", 0); /* text equality, as before */
    check_where(log, "owner!=ann", "p2 p4 p5", 0);
    check_where(log, "amount>1e9", "", 1);
    check_where(log, "amount>-1.5", "p1 p2 p3", 1);
    /* Dates: a date alone compares by whole days. p3's value has a time on 2025-01-01. */
    check_where(log, "close<2025-01-01", "p1", 1);
    check_where(log, "close<=2025-01-01", "p1 p2 p3", 1);
    check_where(log, "close>2025-01-01", "", 1);
    check_where(log, "close>=2025-01-01", "p2 p3", 1);
    check_where(log, "close>2025-01-01T09:00", "p3", 1);
    check_where(log, "close=2024-12-31..2024-12-31", "p1", 1);
    /* Errors. */
    char msg[600];
    CHECK(where(log, "amount>abc", NULL, msg, sizeof msg) == NULL);
    CHECK(strstr(msg, "neither a number nor a date") != NULL);
    CHECK(where(log, "amount=9..1", NULL, msg, sizeof msg) == NULL);
    CHECK(strstr(msg, "empty range") != NULL);
    CHECK(where(log, "nosuch>1", NULL, msg, sizeof msg) == NULL);
    CHECK(strstr(msg, "unknown attribute 'nosuch'") != NULL);
    CHECK(where(log, "amount=1..2025-01-01", NULL, msg, sizeof msg) == NULL);
    /* Descriptions. */
    struct filter *f = filter_new_where(log, "amount=10..20", &err);
    CHECK_STR(filter_describe(f), "amount in 10..20");
    filter_free(f);
    f = filter_new_where(log, "amount>=5", &err);
    CHECK_STR(filter_describe(f), "amount >= 5");
    CHECK(filter_kind(f) == FILTER_COMPARE);
    filter_free(f);

    /* Between: A -> B takes p1 60 s, p2 3 d, p3 600 s; p4 has no B; p5's B is before A. */
    struct selection *sel = selection_new(log->n_cases, true);
    f = filter_new_between(log, "A", "B", 120000, -1, &err);
    CHECK(f != NULL);
    filter_apply(f, log, sel, &err);
    CHECK_EQ_U(selection_count(sel), 2); /* p2, p3 */
    CHECK(sel_has(sel, 1) && sel_has(sel, 2));
    CHECK_STR(filter_describe(f), "A \xe2\x86\x92 B >= 2m 0s");
    filter_free(f);
    selection_fill(sel, true);
    f = filter_new_between(log, "A", "B", -1, 86400000, &err);
    filter_apply(f, log, sel, &err);
    CHECK_EQ_U(selection_count(sel), 2); /* p1, p3 */
    CHECK(sel_has(sel, 0) && sel_has(sel, 2));
    filter_set_invert(f, true);
    selection_fill(sel, true);
    filter_apply(f, log, sel, &err);
    CHECK_EQ_U(selection_count(sel), 3); /* p2, p4, p5 */
    filter_free(f);
    CHECK(filter_new_between(log, "A", "Nope", -1, -1, &err) == NULL);
    CHECK(filter_new_between(log, "A", "B", 10, 5, &err) == NULL);
    selection_free(sel);
    eventlog_free(log);
    TAP_DONE();
}

/* Unit tests for the list widget's sort keys: cells read as numbers, shares and durations, and
 * their order. */
/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

#include "listsort.h"
#include "tap.h"

/* x of s, or -12345 when it is not a number. */
static double
num(const char *s)
{
    double x = -12345;
    return listsort_number(s, &x) ? x : -12345;
}

static void
test_numbers(void)
{
    CHECK_NEAR(num("0"), 0, 0);
    CHECK_NEAR(num("42"), 42, 0);
    CHECK_NEAR(num("  1,234  "), 1234, 0);
    CHECK_NEAR(num("1,234,567"), 1234567, 0);
    CHECK_NEAR(num("-3.5"), -3.5, 1e-12);
    CHECK_NEAR(num("+0.25"), 0.25, 1e-12);
    CHECK_NEAR(num("12.5%"), 12.5, 1e-12);
    CHECK_NEAR(num("100.0%"), 100, 1e-12);
    CHECK_NEAR(num("-4.2%"), -4.2, 1e-12);
    /* Not numbers: the column then sorts by text. */
    CHECK_NEAR(num(""), -12345, 0);
    CHECK_NEAR(num("-"), -12345, 0);
    CHECK_NEAR(num("1,23"), -12345, 0);
    CHECK_NEAR(num("1,2345"), -12345, 0);
    CHECK_NEAR(num(",123"), -12345, 0);
    CHECK_NEAR(num("12 cases"), -12345, 0);
    CHECK_NEAR(num("<=4h"), -12345, 0);
    CHECK_NEAR(num("<0.001"), -12345, 0);
    CHECK_NEAR(num("1.2.3"), -12345, 0);
    CHECK_NEAR(num("Lead"), -12345, 0);
    CHECK_NEAR(num("3x"), -12345, 0);
    CHECK_NEAR(num("5%%"), -12345, 0);
}

static void
test_durations(void)
{
    /* As cf_format_duration writes them, in seconds. */
    CHECK_NEAR(num("500ms"), 0.5, 1e-12);
    CHECK_NEAR(num("45s"), 45, 0);
    CHECK_NEAR(num("2m 45s"), 165, 0);
    CHECK_NEAR(num("1h 2m"), 3720, 0);
    CHECK_NEAR(num("3d 4h"), 3 * 86400 + 4 * 3600, 0);
    CHECK_NEAR(num("105d 16h"), 105 * 86400 + 16 * 3600, 0);
    CHECK_NEAR(num("+3d 0h"), 3 * 86400, 0);
    CHECK_NEAR(num("-1h 30m"), -5400, 0);
    CHECK_NEAR(num("2w"), 14 * 86400, 0);
    CHECK_NEAR(num("1y 3d"), 368.0 * 86400, 0);
    CHECK_NEAR(num("1.5h"), 5400, 1e-9);
    /* "10d 9h" is longer than "2d 22h" although it sorts first as text. */
    CHECK(num("10d 9h") > num("2d 22h"));
    CHECK(num("59s") < num("1m 0s"));
    CHECK(num("999ms") < num("1s"));
    /* Not durations. */
    CHECK_NEAR(num("3d4"), -12345, 0);
    CHECK_NEAR(num("3mo"), -12345, 0);
    CHECK_NEAR(num("3 d"), -12345, 0);
    CHECK_NEAR(num("d"), -12345, 0);
    CHECK_NEAR(num("3d 4"), -12345, 0);
    CHECK_NEAR(num("3d x"), -12345, 0);
    CHECK_NEAR(num("1s 2ms3"), -12345, 0);
}

static void
test_missing(void)
{
    CHECK(listsort_missing(""));
    CHECK(listsort_missing("   "));
    CHECK(listsort_missing("-"));
    CHECK(listsort_missing(" \xe2\x80\x93"));
    CHECK(listsort_missing("\xe2\x80\x94"));
    CHECK(!listsort_missing("0"));
    CHECK(!listsort_missing("-1"));
    CHECK(!listsort_missing("end"));
}

/* Rows of k in order, as "r,r,r". */
static void
order(const struct listsort_key *k, size_t n, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used + 4 < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%zu", i ? "," : "", k[i].row);
}

static void
test_order(void)
{
    char got[64];
    /* Numbers: 5, missing, 2, 5, 10 (rows 0..4). Ties keep row order both ways;
     * the missing cell is last both ways. */
    double v[] = {5, 0, 2, 5, 10};
    struct listsort_key k[5];
    for (int dir = 0; dir < 2; dir++) {
        for (size_t i = 0; i < 5; i++)
            k[i] = (struct listsort_key){.row = i, .num = v[i], .missing = i == 1};
        listsort_sort(k, 5, dir == 1);
        order(k, 5, got, sizeof got);
        CHECK_STR(got, dir == 1 ? "4,0,3,2,1" : "2,0,3,4,1");
    }
    /* Text: case-insensitive, ties by row. */
    const char *t[] = {"beta", "Alpha", "", "alpha", "Gamma"};
    char *dup[5];
    for (int dir = 0; dir < 2; dir++) {
        for (size_t i = 0; i < 5; i++) {
            dup[i] = i == 2 ? NULL : strdup(t[i]);
            k[i] = (struct listsort_key){.row = i, .text = dup[i], .missing = i == 2};
        }
        listsort_sort(k, 5, dir == 1);
        order(k, 5, got, sizeof got);
        CHECK_STR(got, dir == 1 ? "4,0,1,3,2" : "1,3,0,4,2");
        for (size_t i = 0; i < 5; i++)
            free(dup[i]);
    }
    /* Empty input. */
    listsort_sort(k, 0, true);
    CHECK(1);
}

int
main(void)
{
    test_numbers();
    test_durations();
    test_missing();
    test_order();
    TAP_DONE();
}

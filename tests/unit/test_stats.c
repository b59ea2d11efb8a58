/* Unit tests of core/stats.c: selection quantiles agree with sorted ones; variant ranks. */
/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "eventlog.h"
#include "stats.h"
#include "tap.h"
#include "variants.h"

/* A small deterministic generator (xorshift), so failures reproduce. */
static uint64_t rng = 88172645463325252ULL;
static uint64_t
next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void
test_select_matches_sort(void)
{
    static const size_t sizes[] = {1, 2, 3, 4, 5, 16, 17, 18, 33, 100, 255, 256, 1000, 4097};
    static const double qs[] = {0, 0.1, 0.25, 0.5, 0.75, 0.9, 1};
    for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
        size_t n = sizes[si];
        for (int pattern = 0; pattern < 4; pattern++) {
            int64_t *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
            for (size_t i = 0; i < n; i++) {
                switch (pattern) {
                case 0: a[i] = (int64_t)(next_rand() % 1000000) - 500000; break;
                case 1: a[i] = (int64_t)(next_rand() % 3); break; /* many ties */
                case 2: a[i] = (int64_t)i; break;                 /* sorted */
                default: a[i] = (int64_t)(n - i); break;          /* reversed */
                }
            }
            memcpy(b, a, n * sizeof *a);
            stats_sort_i64(b, n);
            for (size_t qi = 0; qi < sizeof qs / sizeof qs[0]; qi++) {
                int64_t *c = malloc(n * sizeof *c);
                memcpy(c, a, n * sizeof *a);
                double want = stats_quantile_sorted(b, n, qs[qi]);
                double got = stats_quantile_select(c, n, qs[qi]);
                CHECK(got == want);
                free(c);
            }
            free(a);
            free(b);
        }
    }
    /* The median of an even count is the mean of the two middle values. */
    int64_t v[] = {40, 10, 30, 20};
    CHECK(stats_quantile_select(v, 4, 0.5) == 25.0);
}

static void
test_variant_ranks(void)
{
    struct cf_error err;
    /* Variants: "B A", "A B", "A B C", "A", by first appearance 0..3. */
    struct event_log *log = eventlog_from_spec("1: B A\n2: A B\n3: A B C\n4: A\n5: A B\n", &err);
    CHECK(log != NULL);
    if (log == NULL)
        return;
    CHECK_EQ_U(log->n_variants, 4);
    /* Name order: A < A B < A B C < B A. */
    CHECK(variants_compare_sequence(log, 3, 1) < 0);
    CHECK(variants_compare_sequence(log, 1, 2) < 0);
    CHECK(variants_compare_sequence(log, 2, 0) < 0);
    CHECK(variants_compare_sequence(log, 0, 0) == 0);
    struct variant_table t;
    variants_build(log, NULL, &t);
    /* "A B" has two cases; the single-case variants tie and follow in name order. */
    CHECK_EQ_U(t.n, 4);
    CHECK_EQ_U(t.v[0].variant, 1);
    CHECK_EQ_U(t.v[1].variant, 3);
    CHECK_EQ_U(t.v[2].variant, 2);
    CHECK_EQ_U(t.v[3].variant, 0);
    variants_clear(&t);
    eventlog_free(log);
}

int
main(void)
{
    test_select_matches_sort();
    test_variant_ranks();
    TAP_DONE();
}

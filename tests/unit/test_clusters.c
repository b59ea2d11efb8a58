/* Unit tests of variant clusters: distances, PAM, silhouette, profiles, the bounded exact part. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clusters.h"
#include "eventlog.h"
#include "outcome.h"
#include "tap.h"
#include "util.h"
#include "variants.h"

static void
test_distance(void)
{
    const uint32_t abcd[] = {0, 1, 2, 3}, acbd[] = {0, 2, 1, 3}, abc[] = {0, 1, 2};
    const uint32_t kitten[] = {1, 2, 3, 3, 4, 5}, sitting[] = {6, 2, 3, 3, 2, 5, 7};
    CHECK_EQ_U(clusters_distance(abcd, 4, acbd, 4, false), 2);
    CHECK_EQ_U(clusters_distance(abcd, 4, acbd, 4, true), 1);
    CHECK_EQ_U(clusters_distance(abcd, 4, abc, 3, false), 1);
    CHECK_EQ_U(clusters_distance(abc, 3, abcd, 0, false), 3);
    CHECK_EQ_U(clusters_distance(kitten, 6, sitting, 7, false), 3); /* s/k, i/e, +g */
    CHECK_EQ_U(clusters_distance(abcd, 4, abcd, 4, true), 0);
}

static void
test_pam(void)
{
    /* points on a line at 0 1 2 10 11 12, distance |x - y|; weights 1 except 12 (5).
     * k = 2: {0,1,2} medoid 1 (cost 2), {10,11,12} medoid 12 (10 and 11 at 2 and 1:
     * cost 3; medoid 11 would cost 1 + 5 = 6). Total 5. */
    const int x[] = {0, 1, 2, 10, 11, 12};
    const double w[] = {1, 1, 1, 1, 1, 5};
    uint32_t d[36];
    for (int i = 0; i < 6; i++)
        for (int j = 0; j < 6; j++)
            d[i * 6 + j] = (uint32_t)abs(x[i] - x[j]);
    uint32_t med[2], assign[6];
    CHECK_NEAR(clusters_pam(d, w, 6, 2, med, assign), 5, 1e-12);
    uint32_t lo = med[0] < med[1] ? med[0] : med[1], hi = med[0] < med[1] ? med[1] : med[0];
    CHECK_EQ_U(lo, 1);
    CHECK_EQ_U(hi, 5);
    CHECK(assign[0] == assign[1] && assign[1] == assign[2]);
    CHECK(assign[3] == assign[4] && assign[4] == assign[5] && assign[0] != assign[3]);
}

/*
 * Two families: A B C D (10 cases, won), A B C (5), A B D (5); X Y Z W (10),
 * X Y Z (5), X Y W (5); all but A B C D lost. Events one minute apart.
 */
static struct event_log *
family_log(void)
{
    struct cf_buf b = {0};
    const char *v[] = {"A B C D", "A B C", "A B D", "X Y Z W", "X Y Z", "X Y W"};
    const int n[] = {10, 5, 5, 10, 5, 5};
    int id = 0;
    for (int i = 0; i < 6; i++)
        for (int j = 0; j < n[i]; j++)
            cf_buf_printf(&b, "c%d {won=%s}: %s\n", id++, i == 0 ? "yes" : "no", v[i]);
    struct cf_error err = {0};
    struct event_log *log = eventlog_from_spec(b.data, &err);
    cf_buf_clear(&b);
    return log;
}

static void
path_is(const struct event_log *log, uint32_t variant, const char *want)
{
    size_t len;
    const uint32_t *s = variants_sequence(log, variant, &len);
    struct cf_buf b = {0};
    for (size_t i = 0; i < len; i++)
        cf_buf_printf(&b, "%s%s", i ? " " : "", eventlog_activity_name(log, s[i]));
    CHECK_STR(b.data, want);
    cf_buf_clear(&b);
}

static void
test_families(void)
{
    struct event_log *log = family_log();
    CHECK(log != NULL);
    struct cf_error err = {0};
    struct outcome o;
    CHECK_EQ_I(outcome_init(&o, log, OUTCOME_ATTR, "won=yes", NULL, NULL, &err), 0);
    uint8_t *seg = xmalloc(log->n_cases);
    size_t counts[3];
    outcome_segments(&o, log, seg, counts, NULL);

    struct clusters_opts co = {0, false, 0};
    struct clusters c;
    CHECK_EQ_I(clusters_build(log, NULL, seg, &co, &c, &err), 0);
    CHECK_EQ_U(c.k, 2); /* the auto pick */
    CHECK_EQ_U(c.n_variants, 6);
    CHECK_EQ_U(c.exact, 6);
    /*
     * Silhouette (k = 2), each variant against the other variants: within a family
     * distances are 1, across 3 (length 3 vs 3) or 4. A B C D (w 10): a = (5 + 5) / 10,
     * b = (40 + 20 + 20) / 20 = 4; A B C (w 5): a = (10 + 5) / 15, b = (40 + 15 + 15) / 20
     * = 3.5; A B D the same. k = 3 leaves a variant alone (0) or A B C beside A B D
     * with b = 1 = a (0): lower.
     */
    double s1 = 1 - 1.0 / 4, s2 = 1 - 1.0 / 3.5;
    CHECK_NEAR(c.silhouette, (10 * s1 + 10 * s2) / 20, 1e-12);
    CHECK_NEAR(c.silhouette_by_k[2], c.silhouette, 1e-12);
    for (size_t k = 3; k <= 5; k++)
        CHECK(c.silhouette_by_k[k] < c.silhouette_by_k[2]);
    CHECK(isnan(c.silhouette_by_k[6])); /* at most n - 1 = 5 */
    /* clusters: both 20 cases; the A family first (its medoid ranks first) */
    path_is(log, c.c[0].medoid, "A B C D");
    path_is(log, c.c[1].medoid, "X Y Z W");
    for (size_t j = 0; j < 2; j++) {
        CHECK_EQ_U(c.c[j].variants, 3);
        CHECK_EQ_U(c.c[j].cases, 20);
        CHECK_NEAR(c.c[j].share, 0.5, 1e-12);
        CHECK_NEAR(c.c[j].median_ms, 150000, 1e-6); /* 10 x 3 min, 10 x 2 min */
    }
    CHECK_NEAR(c.c[0].win_rate, 0.5, 1e-12);
    CHECK_NEAR(c.c[1].win_rate, 0.0, 1e-12);
    /* distinguishing: A and B (in 1, out 0), then C (.75 vs 0; ties by id: C before D) */
    CHECK_EQ_U(c.c[0].n_acts, 3);
    CHECK_STR(eventlog_activity_name(log, c.c[0].acts[0].activity), "A");
    CHECK_STR(eventlog_activity_name(log, c.c[0].acts[1].activity), "B");
    CHECK_STR(eventlog_activity_name(log, c.c[0].acts[2].activity), "C");
    CHECK_NEAR(c.c[0].acts[2].in_share, 0.75, 1e-12);
    CHECK_NEAR(c.c[0].acts[2].out_share, 0, 1e-12);
    for (size_t i = 0; i < c.n_variants; i++) {
        size_t len;
        const uint32_t *s = variants_sequence(log, c.variant[i], &len);
        bool a_family = strcmp(eventlog_activity_name(log, s[0]), "A") == 0;
        CHECK_EQ_U(c.cluster[i], a_family ? 0 : 1);
    }
    clusters_clear(&c);

    /* only 4 variants exactly: A B C D, X Y Z W, A B C, A B D; X Y W and X Y Z join
     * their nearest medoid, X Y Z W (distance 1). */
    co.k = 2;
    co.max_sample = 4;
    CHECK_EQ_I(clusters_build(log, NULL, seg, &co, &c, &err), 0);
    CHECK_EQ_U(c.exact, 4);
    CHECK_EQ_U(c.exact_cases, 30);
    CHECK_EQ_U(c.c[1].variants, 3);
    CHECK_EQ_U(c.c[1].cases, 20);
    for (size_t i = 4; i < 6; i++) {
        CHECK_EQ_U(c.cluster[i], 1);
        CHECK_EQ_U(c.distance[i], 1);
    }
    clusters_clear(&c);

    /* transpositions change nothing here; too many clusters is an error */
    co.transpositions = true;
    co.k = 7;
    CHECK_EQ_I(clusters_build(log, NULL, seg, &co, &c, &err), -1);
    CHECK(strstr(err.msg, "too few") != NULL);
    clusters_clear(&c);
    free(seg);
    outcome_clear(&o);
    eventlog_free(log);
}

int
main(void)
{
    test_distance();
    test_pam();
    test_families();
    TAP_DONE();
}

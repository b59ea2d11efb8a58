/* Comparing two selections (won vs lost, filter vs complement): figures, differences, divergence.
 */
/* SPDX-License-Identifier: MIT */
#ifndef CF_COMPARE_H
#define CF_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eventlog.h"
#include "selection.h"
#include "variants.h"

/* Key figures of one side. */
struct compare_side {
    size_t cases;
    double win_rate; /* share of SEG_A among its cases of known outcome; NaN if none */
    double median_dur_ms, mean_dur_ms;
    double events_per_case;
    double rework_share;           /* cases repeating some activity / cases */
    struct variant_table variants; /* this side's variants, most frequent first */
};

/* One edge (to != CF_NONE) or activity (to == CF_NONE) compared. */
struct compare_item {
    uint32_t from, to;
    size_t cases_a, cases_b; /* cases of each side containing it */
    double share_a, share_b; /* cases_x / side cases */
    double diff;             /* share_a - share_b */
    double ratio;            /* share_a / share_b (INFINITY when share_b is 0) */
    double median_a_ms,
        median_b_ms;  /* edge: transition time; activity: time in stage; NaN if none */
    double z, p;      /* two-proportion z-test */
    bool significant; /* p < 0.05 and at least 5 cases on one side */
};

/* A point where the two sides' paths split. */
struct compare_split {
    uint32_t *prefix; /* activity ids of the common prefix (xmalloc'd) */
    size_t prefix_len;
    size_t cases;            /* cases (of either side) sharing the prefix and going on */
    uint32_t next_a, next_b; /* continuation favouring A and the other side; CF_NONE = (end) */
    size_t cases_next_a, cases_next_b;
    double rate_next_a, rate_next_b; /* share of A among the cases taking each way */
    double z;                        /* |two-proportion z| of the best continuation vs all others */
};

struct comparison {
    struct compare_side a, b;
    size_t n_edges, n_acts, n_splits;
    struct compare_item *edges; /* sorted by |diff| descending, then counts */
    struct compare_item *acts;
    struct compare_split *splits; /* sorted by |z| descending */
    bool *path_hidden; /* per activity: left out of the divergence paths (hide plus outcome
                          markers); the paths the splits' prefixes come from */
};

/*
 * Compare selection a with selection b (cases in both count on both sides for
 * shares; for the divergence a case in a counts as A). seg (may be NULL) is an
 * outcome segmentation (enum segment per case) for the win rates of the key
 * figures. min_split_cases is the support each continuation of a split needs
 * (e.g. 5). hide (may be NULL) masks activities left out of the divergence paths:
 * the activities that define the outcome split the cases trivially; outcome
 * markers (activities in at least 90% of one side's cases and none of the
 * other's) are left out as well. A split is
 * kept when its best continuation's z-test against the others has p < 0.05.
 * Free with compare_clear.
 */
void compare_build(const struct event_log *log, const struct selection *a,
                   const struct selection *b, const uint8_t *seg, size_t min_split_cases,
                   const bool *hide, struct comparison *out);
void compare_clear(struct comparison *cmp);

/*
 * Set in out (log->n_cases cases; cleared first) the cases of sel (NULL = all)
 * whose path, without the activities hidden marks (may be NULL; use the
 * comparison's path_hidden), begins with prefix[0..len) and goes on with next
 * (CF_NONE: the path ends there): the cases behind one continuation of a split.
 */
void compare_split_select(const struct event_log *log, const struct selection *sel,
                          const bool *hidden, const uint32_t *prefix, size_t len, uint32_t next,
                          struct selection *out);

/* Two-proportion z-test of x1/n1 vs x2/n2: returns z and sets *p (two-sided). */
double compare_ztest(size_t x1, size_t n1, size_t x2, size_t n2, double *p);

#endif

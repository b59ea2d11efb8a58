/* Variant clusters: k-medoids over edit distances between activity sequences, weighted by cases. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_CLUSTERS_H
#define CF_CLUSTERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eventlog.h"
#include "selection.h"

/*
 * Distance: Levenshtein on activity ids (insert, delete, substitute cost 1),
 * or with transpositions the optimal string alignment distance (adjacent swap
 * cost 1). Clustering: PAM (BUILD, then best-improvement SWAP computed as in
 * FastPAM1, O(n^2) per pass) on the variants weighted by their cases, which is
 * case-level k-medoids. Deterministic: no random start, ties go to the lower
 * index (variants in order of cases, descending).
 *
 * Bounding the O(n^2) matrix: only the most frequent variants are clustered
 * exactly — at most max_sample of them, fewer when the sum over pairs of
 * len_i * len_j (the cells the distances cost) would pass CLUSTERS_CELL_BUDGET.
 * Every other variant joins the cluster of its nearest medoid (ties: the lower
 * cluster).
 *
 * The silhouette (for -k auto) is computed on the exact part: each variant's
 * silhouette against the *other* variants (their distances weighted by cases),
 * averaged with the variant's cases as weight; a variant alone in its cluster
 * scores 0. (Counting a variant's own cases at distance 0 would give every
 * single-variant cluster a perfect score and always pick the largest k.)
 */

#define CLUSTERS_MAX_K 10
#define CLUSTERS_DEFAULT_SAMPLE 1500
#define CLUSTERS_CELL_BUDGET 300000000.0
#define CLUSTERS_TOP_ACTS 3

struct clusters_opts {
    size_t k;            /* clusters; 0 = pick 2..CLUSTERS_MAX_K by silhouette */
    bool transpositions; /* OSA distance instead of Levenshtein */
    size_t max_sample;   /* variants clustered exactly (0 = CLUSTERS_DEFAULT_SAMPLE) */
};

struct cluster_act {
    uint32_t activity;
    double in_share;  /* share of the cluster's cases containing it */
    double out_share; /* share of the other cases containing it */
};

struct cluster {
    uint32_t medoid; /* variant id (variants_sequence gives the path) */
    size_t variants, cases;
    double share;     /* cases / selected cases */
    double median_ms; /* case duration median */
    size_t won, lost; /* by the segments given (A, B) */
    double win_rate;  /* won / (won + lost); NAN without segments or decided cases */
    size_t n_acts;
    struct cluster_act acts[CLUSTERS_TOP_ACTS]; /* in > out by in - out desc, then out - in */
};

struct clusters {
    size_t k;
    double silhouette;                          /* of the chosen k, on the exact part */
    double silhouette_by_k[CLUSTERS_MAX_K + 1]; /* auto: index k (NAN when not tried) */
    size_t n_variants, total_cases;             /* selected */
    size_t exact, exact_cases;                  /* variants clustered exactly, their cases */
    struct cluster *c;                          /* k clusters, by cases descending */
    uint32_t *variant;                          /* n_variants variant ids, by cases descending */
    uint32_t *cluster;                          /* their cluster (index into c) */
    size_t *variant_cases;                      /* their selected cases */
    uint32_t *distance;                         /* their distance to that medoid */
};

/*
 * Cluster the variants of the selected cases (sel NULL = all). seg (may be
 * NULL) gives each case's segment (enum segment of outcome.h: 1 = A/won,
 * 2 = B/lost) for the win rates. Returns 0, or -1 with err set when there are
 * fewer variants than k (or fewer than 2 for auto). Free with clusters_clear.
 */
int clusters_build(const struct event_log *log, const struct selection *sel, const uint8_t *seg,
                   const struct clusters_opts *o, struct clusters *out, struct cf_error *err);
void clusters_clear(struct clusters *c);

/* Edit distance between a[0..na) and b[0..nb) (transpositions: OSA). */
uint32_t clusters_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
                           bool transpositions);

/*
 * k-medoids on an n x n distance matrix d (row-major) with weights w:
 * medoids[k] (point indexes) and assign[n]. Returns the total weighted cost.
 * Exposed for tests.
 */
double clusters_pam(const uint32_t *d, const double *w, size_t n, size_t k, uint32_t *medoids,
                    uint32_t *assign);

/* The silhouette above of an assignment (0 when k < 2). */
double clusters_silhouette(const uint32_t *d, const double *w, size_t n, size_t k,
                           const uint32_t *assign);

#endif

/* Order statistics over millisecond durations: sorting, quantiles, means. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_STATS_H
#define CF_STATS_H

#include <stddef.h>
#include <stdint.h>

/* Sort n int64 values ascending (radix sort for large n, in place). */
void stats_sort_i64(int64_t *v, size_t n);

/*
 * Quantile q in [0,1] of n sorted values, by linear interpolation between
 * order statistics (numpy's default): pos = q*(n-1). n must be > 0.
 * The median of an even count is the mean of the two middle values.
 */
double stats_quantile_sorted(const int64_t *v, size_t n, double q);

/*
 * The same quantile as stats_quantile_sorted, of n unsorted values, by selection
 * (expected linear time; v is reordered). n must be > 0. For one figure per group
 * (a DFG edge's median) where a full sort would be wasted.
 */
double stats_quantile_select(int64_t *v, size_t n, double q);

/*
 * Several quantiles q[0..nq) of n unsorted values by selection, each as
 * stats_quantile_sorted gives it, into out[0..nq): each selection works on what the
 * previous left above its figure, so ascending q cost about one selection in all
 * (any order is right). v is reordered; n == 0 gives 0s.
 */
void stats_quantiles_select(int64_t *v, size_t n, const double *q, size_t nq, double *out);

/* Mean of n values (0 if n == 0), computed without int64 overflow. */
double stats_mean_i64(const int64_t *v, size_t n);

/* Summary of a sorted array: min, max, mean and the usual quantiles. */
struct stats_summary {
    size_t n;
    int64_t min, max;
    double mean, median, p10, p25, p75, p90;
};
void stats_summarize_sorted(const int64_t *v, size_t n, struct stats_summary *out);

/* The fixed log-scaled histogram buckets: 1m 10m 1h 4h 1d 3d 1w 2w 30d 90d, more. */
#define STATS_NBUCKETS 11
extern const int64_t stats_bucket_upto_ms[STATS_NBUCKETS - 1];
extern const char *const stats_bucket_label[STATS_NBUCKETS];
/* Bucket index of a duration (the first bucket whose upper edge is >= ms). */
size_t stats_bucket(int64_t ms);

#endif

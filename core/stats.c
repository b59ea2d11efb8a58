/* Sorting and quantiles of int64 durations. */
/* SPDX-License-Identifier: MIT */
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

const int64_t stats_bucket_upto_ms[STATS_NBUCKETS - 1] = {
    60000LL,        600000LL,       3600000LL,       4 * 3600000LL,   86400000LL,
    3 * 86400000LL, 7 * 86400000LL, 14 * 86400000LL, 30 * 86400000LL, 90 * 86400000LL,
};
const char *const stats_bucket_label[STATS_NBUCKETS] = {
    "<=1m", "<=10m", "<=1h", "<=4h", "<=1d", "<=3d", "<=1w", "<=2w", "<=30d", "<=90d", ">90d",
};

size_t
stats_bucket(int64_t ms)
{
    for (size_t i = 0; i < STATS_NBUCKETS - 1; i++)
        if (ms <= stats_bucket_upto_ms[i])
            return i;
    return STATS_NBUCKETS - 1;
}

static int
cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

void
stats_sort_i64(int64_t *v, size_t n)
{
    if (n < 256) {
        qsort(v, n, sizeof *v, cmp_i64);
        return;
    }
    /* LSD radix sort on the sign-flipped keys, 16 bits a pass, skipping
     * passes where every key has the same digit. */
    uint64_t *a = (uint64_t *)v;
    uint64_t *tmp = xmalloc(n * sizeof *tmp);
    uint64_t *src = a, *dst = tmp;
    size_t *count = xmalloc(65536 * sizeof *count);
    for (size_t i = 0; i < n; i++)
        a[i] ^= UINT64_C(1) << 63;
    for (int shift = 0; shift < 64; shift += 16) {
        memset(count, 0, 65536 * sizeof *count);
        for (size_t i = 0; i < n; i++)
            count[(src[i] >> shift) & 0xffff]++;
        if (count[(src[0] >> shift) & 0xffff] == n)
            continue;
        size_t sum = 0;
        for (size_t d = 0; d < 65536; d++) {
            size_t c = count[d];
            count[d] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            dst[count[(src[i] >> shift) & 0xffff]++] = src[i];
        uint64_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
    for (size_t i = 0; i < n; i++)
        a[i] ^= UINT64_C(1) << 63;
    free(count);
    free(tmp);
}

double
stats_quantile_sorted(const int64_t *v, size_t n, double q)
{
    if (n == 0)
        return 0;
    double pos = q * (double)(n - 1);
    size_t lo = (size_t)floor(pos);
    if (lo >= n - 1)
        return (double)v[n - 1];
    double frac = pos - (double)lo;
    return (double)v[lo] + ((double)v[lo + 1] - (double)v[lo]) * frac;
}

static void
swap_i64(int64_t *a, int64_t *b)
{
    int64_t t = *a;
    *a = *b;
    *b = t;
}

/* Put the k-th smallest of v[0..n) at v[k], smaller ones before it, larger after. */
static void
select_k(int64_t *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n; /* the answer lies in v[lo..hi) */
    int budget = 64;       /* bad pivots in a row are bounded: then sort the rest */
    while (hi - lo > 16) {
        if (budget-- == 0) {
            stats_sort_i64(v + lo, hi - lo);
            return;
        }
        size_t mid = lo + (hi - lo) / 2;
        /* Median of three to v[mid]. */
        if (v[mid] < v[lo])
            swap_i64(&v[mid], &v[lo]);
        if (v[hi - 1] < v[lo])
            swap_i64(&v[hi - 1], &v[lo]);
        if (v[hi - 1] < v[mid])
            swap_i64(&v[hi - 1], &v[mid]);
        int64_t p = v[mid];
        /* Three-way partition: < p, == p, > p (runs of equal durations are common). */
        size_t lt = lo, i = lo, gt = hi;
        while (i < gt) {
            if (v[i] < p)
                swap_i64(&v[lt++], &v[i++]);
            else if (v[i] > p)
                swap_i64(&v[i], &v[--gt]);
            else
                i++;
        }
        if (k < lt)
            hi = lt;
        else if (k >= gt)
            lo = gt;
        else
            return;
    }
    for (size_t i = lo + 1; i < hi; i++) {
        int64_t x = v[i];
        size_t j = i;
        while (j > lo && v[j - 1] > x) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

double
stats_quantile_select(int64_t *v, size_t n, double q)
{
    if (n == 0)
        return 0;
    double pos = q * (double)(n - 1);
    size_t lo = (size_t)floor(pos);
    if (lo >= n - 1) {
        int64_t m = v[0];
        for (size_t i = 1; i < n; i++)
            if (v[i] > m)
                m = v[i];
        return (double)m;
    }
    select_k(v, n, lo);
    double frac = pos - (double)lo;
    if (frac == 0)
        return (double)v[lo];
    int64_t next = v[lo + 1];
    for (size_t i = lo + 2; i < n; i++)
        if (v[i] < next)
            next = v[i];
    return (double)v[lo] + ((double)next - (double)v[lo]) * frac;
}

void
stats_quantiles_select(int64_t *v, size_t n, const double *q, size_t nq, double *out)
{
    size_t from = 0; /* v[from..n) holds exactly the order statistics from .. n-1 */
    for (size_t i = 0; i < nq; i++) {
        if (n == 0) {
            out[i] = 0;
            continue;
        }
        double pos = q[i] * (double)(n - 1);
        size_t lo = (size_t)floor(pos);
        if (lo >= n - 1) {
            int64_t m = v[from];
            for (size_t j = from + 1; j < n; j++)
                if (v[j] > m)
                    m = v[j];
            out[i] = (double)m;
            continue;
        }
        if (lo < from)
            from = 0; /* not ascending: select in the whole again */
        select_k(v + from, n - from, lo - from);
        from = lo;
        double frac = pos - (double)lo;
        if (frac == 0) {
            out[i] = (double)v[lo];
            continue;
        }
        int64_t next = v[lo + 1];
        for (size_t j = lo + 2; j < n; j++)
            if (v[j] < next)
                next = v[j];
        out[i] = (double)v[lo] + ((double)next - (double)v[lo]) * frac;
    }
}

double
stats_mean_i64(const int64_t *v, size_t n)
{
    if (n == 0)
        return 0;
    /* Sum in long double: exact for int64 ms totals of realistic logs. */
    long double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += (long double)v[i];
    return (double)(sum / (long double)n);
}

void
stats_summarize_sorted(const int64_t *v, size_t n, struct stats_summary *out)
{
    memset(out, 0, sizeof *out);
    out->n = n;
    if (n == 0)
        return;
    out->min = v[0];
    out->max = v[n - 1];
    out->mean = stats_mean_i64(v, n);
    out->median = stats_quantile_sorted(v, n, 0.5);
    out->p10 = stats_quantile_sorted(v, n, 0.10);
    out->p25 = stats_quantile_sorted(v, n, 0.25);
    out->p75 = stats_quantile_sorted(v, n, 0.75);
    out->p90 = stats_quantile_sorted(v, n, 0.90);
}

/* Variant clusters: edit distances, weighted PAM (BUILD + FastPAM1 swaps), silhouette, cluster
 * profiles. */
/* SPDX-License-Identifier: MIT */
#include "clusters.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "util.h"
#include "variants.h"

/* ---- distances ---------------------------------------------------------- */

/* Row buffers reused across distance computations. */
struct dist_ctx {
    uint32_t *rows;
    size_t cap;
};

static uint32_t
min3(uint32_t a, uint32_t b, uint32_t c)
{
    uint32_t m = a < b ? a : b;
    return m < c ? m : c;
}

/*
 * The distance, or `limit` as soon as it is certain to be at least limit: every
 * alignment path passes through row i or row i - 1 (a transposition skips one row),
 * and values never decrease along a path, so the smaller minimum of two consecutive
 * rows bounds the result from below.
 */
static uint32_t
dist_compute(struct dist_ctx *x, const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
             bool transpositions, uint32_t limit)
{
    if (na == 0)
        return (uint32_t)nb;
    if (nb == 0)
        return (uint32_t)na;
    if (3 * (nb + 1) > x->cap) {
        x->cap = 3 * (nb + 1);
        x->rows = xreallocarray(x->rows, x->cap, sizeof *x->rows);
    }
    uint32_t *pp = x->rows, *prev = pp + nb + 1, *cur = prev + nb + 1;
    for (size_t j = 0; j <= nb; j++)
        prev[j] = (uint32_t)j;
    uint32_t prev_min = 0;
    for (size_t i = 1; i <= na; i++) {
        cur[0] = (uint32_t)i;
        uint32_t row_min = cur[0];
        for (size_t j = 1; j <= nb; j++) {
            uint32_t cost = a[i - 1] != b[j - 1];
            uint32_t v = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
            if (transpositions && i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                pp[j - 2] + 1 < v)
                v = pp[j - 2] + 1;
            cur[j] = v;
            if (v < row_min)
                row_min = v;
        }
        if ((row_min < prev_min ? row_min : prev_min) >= limit)
            return limit;
        prev_min = row_min;
        uint32_t *t = pp;
        pp = prev;
        prev = cur;
        cur = t;
    }
    return prev[nb];
}

uint32_t
clusters_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, bool transpositions)
{
    struct dist_ctx x = {0};
    uint32_t d = dist_compute(&x, a, na, b, nb, transpositions, UINT32_MAX);
    free(x.rows);
    return d;
}

/* ---- PAM ---------------------------------------------------------------- */

/* Nearest and second-nearest medoid of every point. */
static void
nearest(const uint32_t *d, size_t n, size_t k, const uint32_t *med, uint32_t *near, double *dn,
        double *ds)
{
    for (size_t o = 0; o < n; o++) {
        double b1 = INFINITY, b2 = INFINITY;
        uint32_t i1 = 0;
        for (size_t i = 0; i < k; i++) {
            double v = d[o * n + med[i]];
            if (v < b1) {
                b2 = b1;
                b1 = v;
                i1 = (uint32_t)i;
            } else if (v < b2) {
                b2 = v;
            }
        }
        near[o] = i1;
        dn[o] = b1;
        ds[o] = b2;
    }
}

double
clusters_pam(const uint32_t *d, const double *w, size_t n, size_t k, uint32_t *med,
             uint32_t *assign)
{
    if (n == 0 || k == 0)
        return 0;
    if (k > n)
        k = n;
    bool *is_med = xcalloc(n, sizeof *is_med);
    double *dn = xmalloc(n * sizeof *dn), *ds = xmalloc(n * sizeof *ds);
    double *loss = xmalloc(k * sizeof *loss);

    /* BUILD: the point of least total distance, then the largest gains */
    double best = INFINITY;
    size_t bi = 0;
    for (size_t j = 0; j < n; j++) {
        double s = 0;
        for (size_t i = 0; i < n; i++)
            s += w[i] * d[i * n + j];
        if (s < best) {
            best = s;
            bi = j;
        }
    }
    med[0] = (uint32_t)bi;
    is_med[bi] = true;
    for (size_t i = 0; i < n; i++)
        dn[i] = d[i * n + bi];
    for (size_t m = 1; m < k; m++) {
        double gbest = -1;
        size_t ci = 0;
        for (size_t c = 0; c < n; c++) {
            if (is_med[c])
                continue;
            double g = 0;
            for (size_t i = 0; i < n; i++) {
                double v = d[i * n + c];
                if (v < dn[i])
                    g += w[i] * (dn[i] - v);
            }
            if (g > gbest) {
                gbest = g;
                ci = c;
            }
        }
        med[m] = (uint32_t)ci;
        is_med[ci] = true;
        for (size_t i = 0; i < n; i++)
            if (d[i * n + ci] < dn[i])
                dn[i] = d[i * n + ci];
    }

    /* SWAP: the best (medoid, candidate) exchange per pass, FastPAM1 style */
    nearest(d, n, k, med, assign, dn, ds);
    for (int iter = 0; iter < 200; iter++) {
        double bdelta = -1e-9;
        size_t bm = 0, bc = SIZE_MAX;
        for (size_t c = 0; c < n; c++) {
            if (is_med[c])
                continue;
            double shared = 0;
            memset(loss, 0, k * sizeof *loss);
            for (size_t o = 0; o < n; o++) {
                double doc = d[o * n + c], gain = doc < dn[o] ? doc - dn[o] : 0;
                shared += w[o] * gain;
                loss[assign[o]] += w[o] * ((doc < ds[o] ? doc : ds[o]) - dn[o] - gain);
            }
            for (size_t i = 0; i < k; i++) {
                double delta = shared + loss[i];
                if (delta < bdelta) {
                    bdelta = delta;
                    bm = i;
                    bc = c;
                }
            }
        }
        if (bc == SIZE_MAX)
            break;
        is_med[med[bm]] = false;
        med[bm] = (uint32_t)bc;
        is_med[bc] = true;
        nearest(d, n, k, med, assign, dn, ds);
    }
    double cost = 0;
    for (size_t i = 0; i < n; i++)
        cost += w[i] * dn[i];
    free(is_med);
    free(dn);
    free(ds);
    free(loss);
    return cost;
}

double
clusters_silhouette(const uint32_t *d, const double *w, size_t n, size_t k, const uint32_t *assign)
{
    if (k < 2 || n == 0)
        return 0;
    double *W = xcalloc(k, sizeof *W), *sum = xmalloc(k * sizeof *sum);
    double total = 0, tw = 0;
    for (size_t i = 0; i < n; i++)
        W[assign[i]] += w[i];
    for (size_t i = 0; i < n; i++) {
        memset(sum, 0, k * sizeof *sum);
        for (size_t j = 0; j < n; j++)
            if (j != i)
                sum[assign[j]] += w[j] * d[i * n + j];
        size_t ci = assign[i];
        tw += w[i];
        if (W[ci] - w[i] <= 0)
            continue; /* alone in its cluster: s = 0 */
        double a = sum[ci] / (W[ci] - w[i]), b = INFINITY;
        for (size_t c = 0; c < k; c++)
            if (c != ci && W[c] > 0 && sum[c] / W[c] < b)
                b = sum[c] / W[c];
        if (!isfinite(b))
            continue;
        double mx = a > b ? a : b;
        total += w[i] * (mx > 0 ? (b - a) / mx : 0);
    }
    free(W);
    free(sum);
    return tw > 0 ? total / tw : 0;
}

/* ---- building ----------------------------------------------------------- */

struct ci_order {
    size_t cases;
    uint32_t medoid_rank; /* position of the medoid among the variants */
    uint32_t old;
};

static int
cmp_ci(const void *pa, const void *pb)
{
    const struct ci_order *a = pa, *b = pb;
    if (a->cases != b->cases)
        return a->cases > b->cases ? -1 : 1;
    return a->medoid_rank < b->medoid_rank ? -1 : a->medoid_rank > b->medoid_rank;
}

/* How many of the most frequent variants to cluster exactly. */
static size_t
exact_count(const struct event_log *log, const struct variant_table *vt, size_t max_sample,
            size_t need)
{
    size_t m = 0;
    double cells = 0, lens = 0;
    while (m < vt->n && m < max_sample) {
        size_t len;
        variants_sequence(log, vt->v[m].variant, &len);
        double add = (double)len * lens;
        if (m >= need && cells + add > CLUSTERS_CELL_BUDGET)
            break;
        cells += add;
        lens += (double)len;
        m++;
    }
    return m;
}

/* Distinguishing score: more common in the cluster first (by the difference), then
 * rarer in it (by the difference). */
static double
act_score(double in, double out)
{
    return in > out ? 2 + (in - out) : out - in;
}

/* Cluster profiles over every variant and case. */
static void
profile(const struct event_log *log, const struct selection *sel, const uint8_t *seg,
        const struct variant_table *vt, struct clusters *out, const uint32_t *med_variant)
{
    size_t k = out->k, na = eventlog_n_activities(log);
    uint32_t *vcl = xmalloc((log->n_variants ? log->n_variants : 1) * sizeof *vcl);
    for (size_t v = 0; v < log->n_variants; v++)
        vcl[v] = UINT32_MAX;
    for (size_t i = 0; i < out->n_variants; i++)
        vcl[out->variant[i]] = out->cluster[i];
    for (size_t j = 0; j < k; j++)
        out->c[j].medoid = med_variant[j];

    /* variants, cases, activity presence (cases containing each activity) */
    double *inc = xcalloc(k * (na ? na : 1), sizeof *inc), *all = xcalloc(na ? na : 1, sizeof *all);
    size_t *stamp = xcalloc(na ? na : 1, sizeof *stamp);
    for (size_t i = 0; i < out->n_variants; i++) {
        struct cluster *c = &out->c[out->cluster[i]];
        size_t w = vt->v[i].cases, len;
        c->variants++;
        c->cases += w;
        const uint32_t *seq = variants_sequence(log, vt->v[i].variant, &len);
        for (size_t e = 0; e < len; e++) {
            if (stamp[seq[e]] == i + 1)
                continue;
            stamp[seq[e]] = i + 1;
            inc[out->cluster[i] * na + seq[e]] += (double)w;
            all[seq[e]] += (double)w;
        }
    }
    /* durations and outcomes per case */
    size_t *off = xcalloc(k + 1, sizeof *off);
    for (size_t j = 0; j < k; j++)
        off[j + 1] = off[j] + out->c[j].cases;
    size_t *pos = xmalloc(k * sizeof *pos);
    memcpy(pos, off, k * sizeof *pos);
    int64_t *dur = xmalloc((out->total_cases ? out->total_cases : 1) * sizeof *dur);
    for (size_t c = 0; c < log->n_cases; c++) {
        if (!sel_has(sel, c) || eventlog_case_len(log, c) == 0)
            continue;
        uint32_t j = vcl[log->case_variant[c]];
        if (j == UINT32_MAX)
            continue;
        dur[pos[j]++] = eventlog_case_duration(log, c);
        if (seg != NULL) {
            out->c[j].won += seg[c] == 1;
            out->c[j].lost += seg[c] == 2;
        }
    }
    for (size_t j = 0; j < k; j++) {
        struct cluster *c = &out->c[j];
        size_t n = pos[j] - off[j];
        stats_sort_i64(dur + off[j], n);
        c->median_ms = n ? stats_quantile_sorted(dur + off[j], n, 0.5) : 0;
        c->share = out->total_cases ? (double)c->cases / (double)out->total_cases : 0;
        c->win_rate = c->won + c->lost ? (double)c->won / (double)(c->won + c->lost) : NAN;
        /* distinguishing activities: by act_score, ties by activity id */
        double rest = (double)(out->total_cases - c->cases);
        for (uint32_t a = 0; a < na; a++) {
            double in = c->cases ? inc[j * na + a] / (double)c->cases : 0;
            double o = rest > 0 ? (all[a] - inc[j * na + a]) / rest : 0;
            double diff = act_score(in, o);
            if (diff <= 0)
                continue;
            size_t at = c->n_acts;
            while (at > 0 && act_score(c->acts[at - 1].in_share, c->acts[at - 1].out_share) < diff)
                at--;
            if (at >= CLUSTERS_TOP_ACTS)
                continue;
            size_t last = c->n_acts < CLUSTERS_TOP_ACTS ? c->n_acts : CLUSTERS_TOP_ACTS - 1;
            memmove(&c->acts[at + 1], &c->acts[at], (last - at) * sizeof c->acts[0]);
            c->acts[at] = (struct cluster_act){a, in, o};
            if (c->n_acts < CLUSTERS_TOP_ACTS)
                c->n_acts++;
        }
    }
    free(vcl);
    free(inc);
    free(all);
    free(stamp);
    free(off);
    free(pos);
    free(dur);
}

int
clusters_build(const struct event_log *log, const struct selection *sel, const uint8_t *seg,
               const struct clusters_opts *o, struct clusters *out, struct cf_error *err)
{
    memset(out, 0, sizeof *out);
    for (size_t k = 0; k <= CLUSTERS_MAX_K; k++)
        out->silhouette_by_k[k] = NAN;
    struct variant_table vt;
    variants_build(log, sel, &vt);
    size_t need = o->k ? o->k : 2;
    if (vt.n < need) {
        cf_error_set(err, NULL, 0, "%zu variant%s: too few for %zu clusters", vt.n,
                     vt.n == 1 ? "" : "s", need);
        variants_clear(&vt);
        return -1;
    }
    size_t n = vt.n,
           m = exact_count(log, &vt, o->max_sample ? o->max_sample : CLUSTERS_DEFAULT_SAMPLE,
                           o->k ? o->k : CLUSTERS_MAX_K + 1);
    if (m < need)
        m = need;
    out->n_variants = n;
    out->total_cases = vt.total_cases;
    out->exact = m;

    /* the exact part: distance matrix and weights */
    uint32_t *d = xmalloc(m * m * sizeof *d);
    double *w = xmalloc(m * sizeof *w);
    const uint32_t **seq = xmalloc(n * sizeof *seq);
    size_t *len = xmalloc(n * sizeof *len);
    for (size_t i = 0; i < n; i++)
        seq[i] = variants_sequence(log, vt.v[i].variant, &len[i]);
    struct dist_ctx x = {0};
    for (size_t i = 0; i < m; i++) {
        w[i] = (double)vt.v[i].cases;
        out->exact_cases += vt.v[i].cases;
        d[i * m + i] = 0;
        for (size_t j = i + 1; j < m; j++)
            d[i * m + j] = d[j * m + i] =
                dist_compute(&x, seq[i], len[i], seq[j], len[j], o->transpositions, UINT32_MAX);
    }

    /* k: given, or the best silhouette among 2..10 (ties: the smaller k) */
    size_t kcap = o->k > CLUSTERS_MAX_K ? o->k : CLUSTERS_MAX_K;
    uint32_t *med = xmalloc(kcap * sizeof *med), *mi = xcalloc(kcap, sizeof *mi);
    uint32_t *assign = xmalloc(m * sizeof *assign);
    size_t k = o->k;
    if (k == 0) {
        size_t kmax = m - 1 < CLUSTERS_MAX_K ? m - 1 : CLUSTERS_MAX_K;
        if (kmax < 2)
            kmax = 2;
        double bs = -INFINITY;
        for (size_t kk = 2; kk <= kmax; kk++) {
            clusters_pam(d, w, m, kk, med, assign);
            double s = clusters_silhouette(d, w, m, kk, assign);
            out->silhouette_by_k[kk] = s;
            if (s > bs + 1e-12) {
                bs = s;
                k = kk;
                memcpy(mi, med, kk * sizeof *med);
            }
        }
    } else {
        clusters_pam(d, w, m, k, mi, assign);
    }
    free(med);
    out->k = k;
    out->c = xcalloc(k, sizeof *out->c);
    out->variant = xmalloc(n * sizeof *out->variant);
    out->cluster = xmalloc(n * sizeof *out->cluster);
    out->distance = xmalloc(n * sizeof *out->distance);
    out->variant_cases = xmalloc(n * sizeof *out->variant_cases);
    /* every variant to its nearest medoid (mi: exact-part indexes) */
    for (size_t i = 0; i < n; i++) {
        uint32_t bj = 0, bd = UINT32_MAX;
        for (size_t j = 0; j < k; j++) {
            /* outside the exact part: skip medoids whose length difference alone loses,
             * and stop a distance once it cannot beat the best so far */
            size_t gap = len[i] > len[mi[j]] ? len[i] - len[mi[j]] : len[mi[j]] - len[i];
            if (i >= m && gap >= bd)
                continue;
            uint32_t dv = i < m ? d[i * m + mi[j]]
                                : dist_compute(&x, seq[i], len[i], seq[mi[j]], len[mi[j]],
                                               o->transpositions, bd);
            if (dv < bd) {
                bd = dv;
                bj = (uint32_t)j;
            }
        }
        out->variant[i] = vt.v[i].variant;
        out->variant_cases[i] = vt.v[i].cases;
        out->cluster[i] = bj;
        out->distance[i] = bd;
        if (i < m)
            assign[i] = bj;
    }
    out->silhouette = clusters_silhouette(d, w, m, k, assign);
    free(x.rows);

    /* order clusters by cases (then medoid frequency) and profile them */
    uint32_t *mv = xmalloc(k * sizeof *mv);
    struct ci_order *ord = xmalloc(k * sizeof *ord);
    size_t *cases = xcalloc(k, sizeof *cases);
    for (size_t i = 0; i < n; i++)
        cases[out->cluster[i]] += vt.v[i].cases;
    for (size_t j = 0; j < k; j++)
        ord[j] = (struct ci_order){cases[j], mi[j], (uint32_t)j};
    qsort(ord, k, sizeof *ord, cmp_ci);
    uint32_t *remap = xmalloc(k * sizeof *remap);
    for (size_t j = 0; j < k; j++) {
        remap[ord[j].old] = (uint32_t)j;
        mv[j] = vt.v[mi[ord[j].old]].variant;
    }
    for (size_t i = 0; i < n; i++)
        out->cluster[i] = remap[out->cluster[i]];
    memset(out->c, 0, k * sizeof *out->c);
    profile(log, sel, seg, &vt, out, mv);

    free(remap);
    free(cases);
    free(ord);
    free(mv);
    free(mi);
    free(assign);
    free(seq);
    free(len);
    free(w);
    free(d);
    variants_clear(&vt);
    return 0;
}

void
clusters_clear(struct clusters *c)
{
    free(c->c);
    free(c->variant);
    free(c->cluster);
    free(c->distance);
    free(c->variant_cases);
    memset(c, 0, sizeof *c);
}

/* Statistics per activity, resource and attribute value over a selection, with outcome tests. */
/* SPDX-License-Identifier: MIT */
#include "attrstats.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pairmap.h"
#include "stats.h"
#include "timeparse.h"

/* ---------------------------------------------------------------- proportions */

void
attrstats_wilson(size_t x, size_t n, double *lo, double *hi)
{
    if (n == 0) {
        *lo = 0;
        *hi = 1;
        return;
    }
    double z = ATTRSTATS_Z95, z2 = z * z, nn = (double)n, p = (double)x / nn;
    double den = 1 + z2 / nn;
    double centre = (p + z2 / (2 * nn)) / den;
    double half = z * sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / den;
    *lo = centre - half < 0 ? 0 : centre - half;
    *hi = centre + half > 1 ? 1 : centre + half;
}

double
attrstats_ztest(size_t x1, size_t n1, size_t x2, size_t n2, double *z)
{
    if (z)
        *z = 0;
    if (n1 == 0 || n2 == 0)
        return 1;
    double p1 = (double)x1 / (double)n1, p2 = (double)x2 / (double)n2;
    double pp = (double)(x1 + x2) / (double)(n1 + n2);
    double se = sqrt(pp * (1 - pp) * (1 / (double)n1 + 1 / (double)n2));
    if (!(se > 0))
        return 1;
    double zz = (p1 - p2) / se;
    if (z)
        *z = zz;
    return erfc(fabs(zz) / sqrt(2.0));
}

/* ---------------------------------------------------------------- helpers */

/* Group n values by key (0..nk-1) with a counting sort: off[nk + 1] offsets
 * into the returned array (xmalloc'd; caller frees both). */
static int64_t *
group_by_key(const uint32_t *key, const int64_t *val, size_t n, size_t nk, size_t **off_out)
{
    size_t *off = xcalloc(nk + 1, sizeof *off);
    for (size_t i = 0; i < n; i++)
        off[key[i] + 1]++;
    for (size_t k = 0; k < nk; k++)
        off[k + 1] += off[k];
    size_t *fill = xmalloc((nk ? nk : 1) * sizeof *fill);
    memcpy(fill, off, nk * sizeof *fill);
    int64_t *out = xmalloc((n ? n : 1) * sizeof *out);
    for (size_t i = 0; i < n; i++)
        out[fill[key[i]]++] = val[i];
    free(fill);
    *off_out = off;
    return out;
}

/* The k-th smallest of v[0..n) (k < n), reordering v: quickselect, median-of-three pivots. */
static int64_t
select_k(int64_t *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;
    while (hi > lo) {
        size_t mid = lo + (hi - lo) / 2;
        /* Order v[lo], v[mid], v[hi]; the median becomes the pivot. */
        if (v[mid] < v[lo]) {
            int64_t t = v[mid];
            v[mid] = v[lo];
            v[lo] = t;
        }
        if (v[hi] < v[lo]) {
            int64_t t = v[hi];
            v[hi] = v[lo];
            v[lo] = t;
        }
        if (v[hi] < v[mid]) {
            int64_t t = v[hi];
            v[hi] = v[mid];
            v[mid] = t;
        }
        int64_t pivot = v[mid];
        size_t i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot)
                i++;
            while (v[j] > pivot)
                j--;
            if (i <= j) {
                int64_t t = v[i];
                v[i] = v[j];
                v[j] = t;
                i++;
                if (j == 0)
                    break;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return v[k];
    }
    return v[k];
}

/* Quantile q (numpy's linear rule) of v[0..n), n > 0, reordering v; linear time. */
static double
quantile_select(int64_t *v, size_t n, double q)
{
    double pos = q * (double)(n - 1);
    size_t k = (size_t)floor(pos);
    if (k >= n - 1)
        k = n - 1;
    double a = (double)select_k(v, n, k), frac = pos - (double)k;
    if (frac <= 0 || k + 1 >= n)
        return a;
    /* After the selection everything past k is >= v[k]: the next order statistic is their min. */
    int64_t b = v[k + 1];
    for (size_t i = k + 2; i < n; i++)
        b = v[i] < b ? v[i] : b;
    return a + ((double)b - a) * frac;
}

/* Median and p90 of the group [lo, hi) of v (reordered), in linear time: selection for
 * small groups (a radix sort's fixed passes would dominate), radix sort for large ones. */
static void
group_quantiles(int64_t *v, size_t lo, size_t hi, double *median, double *p90)
{
    size_t m = hi - lo;
    if (m == 0) {
        *median = 0;
        if (p90)
            *p90 = 0;
        return;
    }
    if (m >= 65536) {
        /* Large groups: the radix sort's passes cost less than two selections. */
        stats_sort_i64(v + lo, m);
        *median = stats_quantile_sorted(v + lo, m, 0.5);
        if (p90)
            *p90 = stats_quantile_sorted(v + lo, m, 0.9);
        return;
    }
    *median = quantile_select(v + lo, m, 0.5);
    if (p90)
        *p90 = quantile_select(v + lo, m, 0.9);
}

/* Does some activity occur twice in case c? mark[] is scratch over activities
 * holding the last case that saw each activity (+1), never reset. */
static bool
case_has_rework(const struct event_log *log, size_t c, size_t *mark)
{
    bool rw = false;
    for (size_t e = log->case_off[c]; e < log->case_off[c + 1]; e++) {
        uint32_t a = log->ev_act[e];
        if (mark[a] == c + 1)
            rw = true;
        mark[a] = c + 1;
    }
    return rw;
}

static _Thread_local const struct event_log *sort_log;

/* ---------------------------------------------------------------- activities */

static int
cmp_act_row(const void *pa, const void *pb)
{
    const struct astat_activity *a = pa, *b = pb;
    if (a->cases != b->cases)
        return a->cases < b->cases ? 1 : -1;
    if (a->events != b->events)
        return a->events < b->events ? 1 : -1;
    return strcmp(eventlog_activity_name(sort_log, a->activity),
                  eventlog_activity_name(sort_log, b->activity));
}

void
attrstats_activities(const struct event_log *log, const struct selection *sel,
                     struct astat_activities *out)
{
    size_t na = eventlog_n_activities(log), nb = na ? na : 1;
    memset(out, 0, sizeof *out);
    struct astat_activity *row = xcalloc(nb, sizeof *row);
    size_t *seen = xcalloc(nb, sizeof *seen);   /* last case (+1) with the activity */
    size_t *timed = xcalloc(nb, sizeof *timed); /* last case (+1) with a timed visit */
    int64_t *sum = xcalloc(nb, sizeof *sum);
    uint32_t *touched = xmalloc(nb * sizeof *touched);
    for (size_t a = 0; a < na; a++) {
        row[a].activity = (uint32_t)a;
        row[a].first = INT64_MAX;
        row[a].last = INT64_MIN;
    }
    /* One pass: counts and the per-visit and per-case samples, keyed by activity. The
     * samples get room for every event (pages never written are never touched). */
    size_t cap = log->n_events ? log->n_events : 1;
    uint32_t *vkey = xmalloc(cap * sizeof *vkey);
    int64_t *vval = xmalloc(cap * sizeof *vval);
    uint32_t *ckey = xmalloc(cap * sizeof *ckey);
    int64_t *cval = xmalloc(cap * sizeof *cval);
    size_t nv = 0, nc = 0;
    size_t *count = xcalloc(nb, sizeof *count);
    for (size_t c = 0; c < log->n_cases; c++) {
        if (!sel_has(sel, c))
            continue;
        size_t lo = log->case_off[c], hi = log->case_off[c + 1];
        if (hi == lo)
            continue;
        out->cases++;
        size_t nt = 0;
        for (size_t e = lo; e < hi; e++) {
            uint32_t a = log->ev_act[e];
            struct astat_activity *r = &row[a];
            r->events++;
            if (seen[a] != c + 1) {
                seen[a] = c + 1;
                r->cases++;
                count[a] = 0;
                sum[a] = 0;
                touched[nt++] = a;
            }
            count[a]++;
            int64_t t = log->ev_time[e];
            if (t < r->first)
                r->first = t;
            if (t > r->last)
                r->last = t;
            if (e + 1 < hi) {
                int64_t d = log->ev_time[e + 1] - t;
                r->visits++;
                vkey[nv] = a;
                vval[nv++] = d;
                sum[a] += d;
                if (timed[a] != c + 1) {
                    timed[a] = c + 1;
                    r->timed_cases++;
                }
            }
        }
        for (size_t i = 0; i < nt; i++) {
            uint32_t a = touched[i];
            if (timed[a] == c + 1) {
                ckey[nc] = a;
                cval[nc++] = sum[a];
            }
            if (count[a] > 1)
                row[a].rework_cases++;
        }
    }
    size_t *voff, *coff;
    int64_t *vg = group_by_key(vkey, vval, nv, na, &voff);
    int64_t *cg = group_by_key(ckey, cval, nc, na, &coff);
    out->rows = xmalloc(nb * sizeof *out->rows);
    for (size_t a = 0; a < na; a++) {
        if (row[a].events == 0)
            continue;
        struct astat_activity *r = &row[a];
        r->share = out->cases ? (double)r->cases / (double)out->cases : 0;
        group_quantiles(vg, voff[a], voff[a + 1], &r->visit_median_ms, &r->visit_p90_ms);
        group_quantiles(cg, coff[a], coff[a + 1], &r->case_median_ms, &r->case_p90_ms);
        out->rows[out->n++] = *r;
    }
    sort_log = log;
    qsort(out->rows, out->n, sizeof *out->rows, cmp_act_row);
    free(vg);
    free(cg);
    free(voff);
    free(coff);
    free(count);
    free(vkey);
    free(vval);
    free(ckey);
    free(cval);
    free(touched);
    free(sum);
    free(timed);
    free(seen);
    free(row);
}

void
attrstats_activities_clear(struct astat_activities *a)
{
    if (a == NULL)
        return;
    free(a->rows);
    memset(a, 0, sizeof *a);
}

/* ---------------------------------------------------------------- resources */

static int
cmp_res_row(const void *pa, const void *pb)
{
    const struct astat_resource *a = pa, *b = pb;
    if (a->events != b->events)
        return a->events < b->events ? 1 : -1;
    return strcmp(eventlog_resource_name(sort_log, a->resource),
                  eventlog_resource_name(sort_log, b->resource));
}

void
attrstats_resources(const struct event_log *log, const struct selection *sel,
                    struct astat_resources *out)
{
    memset(out, 0, sizeof *out);
    size_t nr = strpool_count(log->resources), nb = nr ? nr : 1;
    size_t na = eventlog_n_activities(log);
    struct astat_resource *row = xcalloc(nb, sizeof *row);
    size_t *seen = xcalloc(nb, sizeof *seen);
    struct pairmap pm;
    pairmap_init(&pm, nr > na ? nr : na);
    size_t n_visits = 0;
    for (size_t c = 0; c < log->n_cases; c++) {
        if (!sel_has(sel, c))
            continue;
        size_t lo = log->case_off[c], hi = log->case_off[c + 1];
        if (hi > lo)
            out->cases++;
        for (size_t e = lo; e < hi; e++) {
            uint32_t r = log->ev_res[e];
            if (r == CF_NONE) {
                out->events_without++;
                continue;
            }
            row[r].events++;
            if (seen[r] != c + 1) {
                seen[r] = c + 1;
                row[r].cases++;
            }
            size_t before = pm.n;
            pairmap_get(&pm, r, log->ev_act[e]);
            if (pm.n > before)
                row[r].activities++;
            if (e + 1 < hi) {
                row[r].visits++;
                n_visits++;
                uint32_t r2 = log->ev_res[e + 1];
                if (r2 != CF_NONE && r2 != r) {
                    row[r].handover_out++;
                    row[r2].handover_in++;
                    out->handovers++;
                }
            }
        }
    }
    uint32_t *key = xmalloc((n_visits ? n_visits : 1) * sizeof *key);
    int64_t *val = xmalloc((n_visits ? n_visits : 1) * sizeof *val);
    size_t nv = 0;
    for (size_t c = 0; c < log->n_cases; c++) {
        if (!sel_has(sel, c))
            continue;
        size_t lo = log->case_off[c], hi = log->case_off[c + 1];
        for (size_t e = lo; e + 1 < hi; e++) {
            if (log->ev_res[e] == CF_NONE)
                continue;
            key[nv] = log->ev_res[e];
            val[nv++] = log->ev_time[e + 1] - log->ev_time[e];
        }
    }
    size_t *off;
    int64_t *g = group_by_key(key, val, nv, nr, &off);
    out->rows = xmalloc(nb * sizeof *out->rows);
    for (size_t r = 0; r < nr; r++) {
        if (row[r].events == 0)
            continue;
        row[r].resource = (uint32_t)r;
        group_quantiles(g, off[r], off[r + 1], &row[r].visit_median_ms, NULL);
        out->rows[out->n++] = row[r];
    }
    sort_log = log;
    qsort(out->rows, out->n, sizeof *out->rows, cmp_res_row);
    free(g);
    free(off);
    free(key);
    free(val);
    pairmap_clear(&pm);
    free(seen);
    free(row);
}

void
attrstats_resources_clear(struct astat_resources *r)
{
    if (r == NULL)
        return;
    free(r->rows);
    memset(r, 0, sizeof *r);
}

/* ---------------------------------------------------------------- attributes */

const char *
attr_level_name(enum attr_level l)
{
    return l == ATTR_CASE ? "case" : "event";
}

const char *
attr_type_name(enum attr_type t)
{
    return t == ATTR_NUMBER ? "number" : t == ATTR_DATE ? "date" : "text";
}

size_t
attrstats_default_min_cases(size_t cases)
{
    size_t one = (cases + 99) / 100;
    return one > 10 ? one : 10;
}

bool
attrstats_parse_number(const char *s, double *out)
{
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s == '\0')
        return false;
    errno = 0;
    char *end;
    double v = strtod(s, &end);
    while (*end == ' ' || *end == '\t')
        end++;
    if (*end != '\0' || errno == ERANGE || !isfinite(v))
        return false;
    /* strtod accepts "nan", "inf" and hex: only plain decimals are numbers here. */
    for (const char *p = s; p < end; p++)
        if (*p == 'x' || *p == 'X' || *p == 'n' || *p == 'N' || *p == 'i' || *p == 'I')
            return false;
    *out = v;
    return true;
}

static bool
parse_date(const char *s, size_t n, int64_t *ms)
{
    struct timeparse_result r;
    timeparse_auto(s, n, &r);
    if (r.kind != TIMEPARSE_ISO && r.kind != TIMEPARSE_NAIVE)
        return false;
    *ms = r.ms;
    return true;
}

/* Month index (year * 12 + month - 1) of a UTC time. */
static int64_t
month_of(int64_t ms)
{
    int64_t days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
    /* civil_from_days (H. Hinnant's algorithm). */
    days += 719468;
    int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    int64_t doe = days - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2)
        y++;
    return y * 12 + (m - 1);
}

static int64_t
month_start_ms(int64_t mi)
{
    int64_t y = mi >= 0 ? mi / 12 : -((-mi + 11) / 12);
    unsigned m = (unsigned)(mi - y * 12) + 1;
    return timeparse_days_from_civil(y, m, 1) * 86400000;
}

/* A number as a label: integers and large numbers without a fraction, else 4 significant
 * digits. */
static void
format_number(double v, char *buf, size_t size)
{
    if ((v == floor(v) || fabs(v) >= 1e4) && fabs(v) < 1e15)
        snprintf(buf, size, "%.0f", v); /* 14840, not 1.484e+04 */
    else
        snprintf(buf, size, "%.4g", v);
}

/* Per value id of the shared pool: parsed as number / date, lazily. */
struct value_cache {
    size_t n;
    uint8_t *state; /* 0 unknown, 1 parsed, 2 not a number/date */
    double *num;
    uint8_t *dstate;
    int64_t *date;
};

static bool
cache_number(struct value_cache *vc, const struct strpool *pool, uint32_t v, double *out)
{
    if (vc->state[v] == 0) {
        double d;
        if (attrstats_parse_number(strpool_get(pool, v), &d)) {
            vc->num[v] = d;
            vc->state[v] = 1;
        } else
            vc->state[v] = 2;
    }
    *out = vc->num[v];
    return vc->state[v] == 1;
}

static bool
cache_date(struct value_cache *vc, const struct strpool *pool, uint32_t v, int64_t *out)
{
    if (vc->dstate[v] == 0) {
        int64_t ms;
        if (parse_date(strpool_get(pool, v), strpool_len(pool, v), &ms)) {
            vc->date[v] = ms;
            vc->dstate[v] = 1;
        } else
            vc->dstate[v] = 2;
    }
    *out = vc->date[v];
    return vc->dstate[v] == 1;
}

static double
quantile_d(const double *v, size_t n, double q)
{
    if (n == 0)
        return 0;
    double pos = q * (double)(n - 1);
    size_t lo = (size_t)floor(pos);
    if (lo >= n - 1)
        return v[n - 1];
    return v[lo] + (v[lo + 1] - v[lo]) * (pos - (double)lo);
}

/* Index of the group holding number x: the first edge >= x (edges[0] is the minimum). */
static size_t
bucket_of(const double *edges, size_t n_edges, double x)
{
    size_t lo = 1, hi = n_edges - 1; /* groups 0..n_edges-2 are (edges[i], edges[i+1]] */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (edges[mid] >= x)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo - 1;
}

/*
 * Groups of a number attribute from its sorted sample (ns > 0): each distinct
 * number when there are at most `buckets` of them, else quantile buckets
 * (edges at i/buckets, equal edges merged). Sets vgroup for parsed values.
 * Returns the group count; *groups gets room for one more ("(none)").
 */
static size_t
number_groups(const double *sample, size_t ns, size_t buckets, struct attr_group **groups,
              const struct value_cache *vc, size_t nvals, uint32_t *vgroup)
{
    size_t nd = 0;
    for (size_t i = 0; i < ns; i++)
        nd += i == 0 || sample[i] != sample[i - 1];
    double *edges = xmalloc((nd > buckets ? buckets + 2 : nd + 2) * sizeof *edges);
    size_t n_edges = 0;
    if (nd <= buckets) {
        /* Edges min, x0, x1, ...: group i is (x(i-1), xi] = {xi}. */
        edges[n_edges++] = sample[0];
        for (size_t i = 0; i < ns; i++)
            if (i == 0 || sample[i] != sample[i - 1])
                edges[n_edges++] = sample[i];
    } else {
        for (size_t i = 0; i <= buckets; i++) {
            double q = quantile_d(sample, ns, (double)i / (double)buckets);
            if (n_edges == 0 || q > edges[n_edges - 1])
                edges[n_edges++] = q;
        }
        if (n_edges == 1)
            edges[n_edges++] = edges[0];
    }
    size_t ng = n_edges - 1;
    struct attr_group *g = xcalloc(ng + 1, sizeof *g);
    for (size_t i = 0; i < ng; i++) {
        char a[64], b[64];
        format_number(edges[i + 1], b, sizeof b);
        struct cf_buf lb = {0};
        if (nd <= buckets) {
            cf_buf_puts(&lb, b);
            g[i].lo = edges[i + 1];
        } else {
            format_number(edges[i], a, sizeof a);
            cf_buf_printf(&lb, "%s..%s", a, b);
            g[i].lo = edges[i];
        }
        g[i].label = lb.data;
        g[i].hi = edges[i + 1];
        g[i].value = CF_NONE;
    }
    for (size_t v = 0; v < nvals; v++)
        if (vc->state[v] == 1)
            vgroup[v] = (uint32_t)bucket_of(edges, n_edges, vc->num[v]);
    free(edges);
    *groups = g;
    return ng;
}

/* Groups of a date attribute: one per month from the first to the last. */
static size_t
month_groups(double min, double max, struct attr_group **groups, const struct value_cache *vc,
             size_t nvals, uint32_t *vgroup)
{
    int64_t m0 = month_of((int64_t)min), m1 = month_of((int64_t)max);
    size_t ng = (size_t)(m1 - m0 + 1);
    struct attr_group *g = xcalloc(ng + 1, sizeof *g);
    for (size_t i = 0; i < ng; i++) {
        int64_t mi = m0 + (int64_t)i;
        int64_t y = mi >= 0 ? mi / 12 : -((-mi + 11) / 12);
        char b[48];
        snprintf(b, sizeof b, "%04lld-%02lld", (long long)y, (long long)(mi - y * 12 + 1));
        g[i].label = xstrdup(b);
        g[i].lo = (double)month_start_ms(mi);
        g[i].hi = (double)(month_start_ms(mi + 1) - 1);
        g[i].value = CF_NONE;
    }
    for (size_t v = 0; v < nvals; v++)
        if (vc->dstate[v] == 1)
            vgroup[v] = (uint32_t)(month_of(vc->date[v]) - m0);
    *groups = g;
    return ng;
}

static int
cmp_group_text(const void *pa, const void *pb)
{
    const struct attr_group *a = pa, *b = pb;
    if (a->none != b->none)
        return a->none ? 1 : -1;
    if (a->cases != b->cases)
        return a->cases < b->cases ? 1 : -1;
    return strcmp(a->label, b->label);
}

/*
 * Sort n finite doubles ascending with the radix sort of stats.c: a double's bits as a
 * signed integer keep the order of the non-negative ones and reverse that of the negative
 * ones, so flipping all but the sign bit of those gives keys that sort as the numbers do.
 */
static void
sort_doubles(double *v, size_t n)
{
    int64_t *k = xmalloc((n ? n : 1) * sizeof *k);
    for (size_t i = 0; i < n; i++) {
        int64_t b;
        memcpy(&b, &v[i], sizeof b);
        k[i] = b < 0 ? b ^ INT64_MAX : b;
    }
    stats_sort_i64(k, n);
    for (size_t i = 0; i < n; i++) {
        int64_t b = k[i] < 0 ? k[i] ^ INT64_MAX : k[i];
        memcpy(&v[i], &b, sizeof b);
    }
    free(k);
}

/* What every profile of one selection needs per case, worked out once for several. */
struct profile_shared {
    uint8_t *rw;      /* rework flag of each selected case */
    double median_ms; /* median case duration of the selection */
};

static void
shared_init(const struct event_log *log, const struct selection *sel, struct profile_shared *sh)
{
    sh->rw = xcalloc(log->n_cases ? log->n_cases : 1, 1);
    size_t *amark = xcalloc(eventlog_n_activities(log) + 1, sizeof *amark);
    int64_t *dur = xmalloc((log->n_cases ? log->n_cases : 1) * sizeof *dur);
    size_t n = 0;
    for (size_t c = 0; c < log->n_cases; c++) {
        if (!sel_has(sel, c))
            continue;
        sh->rw[c] = case_has_rework(log, c, amark);
        dur[n++] = eventlog_case_duration(log, c);
    }
    sh->median_ms = n ? quantile_select(dur, n, 0.5) : 0;
    free(dur);
    free(amark);
}

/* attrstats_profile with the per-case work given (sh) or done here (NULL). */
static void
profile_impl(const struct event_log *log, const struct selection *sel, int attr,
             const struct attrstats_opts *opts, const struct profile_shared *sh,
             struct attr_profile *out)
{
    const uint8_t *case_rw = sh ? sh->rw : NULL;
    memset(out, 0, sizeof *out);
    out->attr = attr;
    const struct strpool *pool = attr >= 0 ? log->values : log->resources;
    out->name = attr >= 0                          ? log->attr_names[attr]
                : log->report.resource_col[0] != 0 ? log->report.resource_col
                                                   : "resource";
    /* Dense columns and resources by index; a sparse column through its accessor. */
    const uint32_t *col = attr >= 0 ? log->attrs[attr].dense : log->ev_res;
    size_t nvals = strpool_count(pool), nvb = nvals ? nvals : 1;
    size_t buckets = opts && opts->buckets ? opts->buckets : 5;
    const uint8_t *seg = opts ? opts->seg : NULL;
    out->has_outcome = seg != NULL;

    /* Level and type, over the selected cases' values. */
    struct value_cache vc = {0};
    vc.state = xcalloc(nvb, 1);
    vc.num = xcalloc(nvb, sizeof *vc.num);
    vc.dstate = xcalloc(nvb, 1);
    vc.date = xcalloc(nvb, sizeof *vc.date);
    size_t *vseen = xcalloc(nvb, sizeof *vseen); /* last case (+1) with the value */
    uint8_t *vempty = xcalloc(nvb, 1);           /* 0 not looked at, 1 empty, 2 not */
    bool all_num = true, all_date = true, case_level = true;
    size_t n_pairs = 0, cap_pairs = 1024;                 /* (case, distinct value) pairs */
    uint32_t *pairs = xmalloc(cap_pairs * sizeof *pairs); /* their value ids, in case order */
    uint32_t *uniq = xmalloc(nvb * sizeof *uniq);         /* distinct values, first seen first */
    for (size_t c = 0; c < log->n_cases; c++) {
        if (!sel_has(sel, c))
            continue;
        out->cases++;
        uint32_t first = CF_NONE;
        for (size_t e = log->case_off[c]; e < log->case_off[c + 1]; e++) {
            uint32_t v = col != NULL ? col[e] : eventlog_attr_value(log, (size_t)attr, e);
            if (v == CF_NONE)
                continue;
            if (vempty[v] == 0)
                vempty[v] = strpool_len(pool, v) == 0 ? 1 : 2;
            if (vempty[v] == 1)
                continue;
            if (first == CF_NONE) {
                first = v;
                out->cases_with_value++;
            } else if (v != first)
                case_level = false;
            if (vseen[v] == c + 1)
                continue;
            if (vseen[v] == 0)
                uniq[out->distinct++] = v;
            vseen[v] = c + 1;
            if (n_pairs == cap_pairs)
                pairs = xreallocarray(pairs, cap_pairs *= 2, sizeof *pairs);
            pairs[n_pairs++] = v;
            double d;
            int64_t ms;
            if (all_num && !cache_number(&vc, pool, v, &d))
                all_num = false;
            if (all_date && !cache_date(&vc, pool, v, &ms))
                all_date = false;
        }
    }
    if (out->cases_with_value == 0)
        all_num = all_date = false;
    out->level = case_level ? ATTR_CASE : ATTR_EVENT;
    out->type = all_num ? ATTR_NUMBER : all_date ? ATTR_DATE : ATTR_TEXT;

    /* Map each value id to a group. */
    uint32_t *vgroup = xmalloc(nvb * sizeof *vgroup);
    for (size_t v = 0; v < nvals; v++)
        vgroup[v] = CF_NONE;
    size_t ng = 0;
    struct attr_group *groups = NULL;
    if (out->type == ATTR_TEXT) {
        groups = xcalloc(out->distinct + 1, sizeof *groups);
        for (size_t i = 0; i < out->distinct; i++) {
            uint32_t v = uniq[i];
            vgroup[v] = (uint32_t)ng;
            groups[ng].value = v;
            groups[ng].label = xstrdup(strpool_get(pool, v));
            ng++;
        }
    } else {
        /* The sample: one value per (case, distinct value). */
        double *sample = xmalloc((n_pairs ? n_pairs : 1) * sizeof *sample);
        size_t ns = 0;
        for (size_t i = 0; i < n_pairs; i++)
            sample[ns++] = out->type == ATTR_NUMBER ? vc.num[pairs[i]] : (double)vc.date[pairs[i]];
        sort_doubles(sample, ns);
        out->min = sample[0];
        out->max = sample[ns - 1];
        out->p25 = quantile_d(sample, ns, 0.25);
        out->median = quantile_d(sample, ns, 0.5);
        out->p75 = quantile_d(sample, ns, 0.75);
        if (out->type == ATTR_NUMBER)
            ng = number_groups(sample, ns, buckets, &groups, &vc, nvals, vgroup);
        else
            ng = month_groups(out->min, out->max, &groups, &vc, nvals, vgroup);
        free(sample);
    }
    size_t none_group = ng;
    groups[none_group].label = xstrdup("(none)");
    groups[none_group].none = true;
    groups[none_group].value = CF_NONE;
    size_t ngt = ng + 1;

    /* Memberships: each selected case in each group it touches (or "(none)"). */
    size_t *gseen = xcalloc(ngt, sizeof *gseen);
    size_t *amark = xcalloc(eventlog_n_activities(log) + 1, sizeof *amark);
    size_t cap = n_pairs + out->cases + 1;
    uint32_t *mkey = xmalloc(cap * sizeof *mkey);
    int64_t *mval = xmalloc(cap * sizeof *mval);
    size_t nm = 0;
    int64_t *alldur = sh ? NULL : xmalloc((out->cases ? out->cases : 1) * sizeof *alldur);
    size_t nall = 0;
    for (size_t c = 0; c < log->n_cases; c++) {
        if (!sel_has(sel, c))
            continue;
        int64_t dur = eventlog_case_duration(log, c);
        bool rw = case_rw ? case_rw[c] != 0 : case_has_rework(log, c, amark);
        uint8_t s = seg ? seg[c] : SEG_UNKNOWN;
        if (alldur != NULL)
            alldur[nall++] = dur;
        if (seg) {
            out->won += s == SEG_A;
            out->lost += s == SEG_B;
            out->unknown += s == SEG_UNKNOWN;
        }
        bool any = false;
        for (size_t e = log->case_off[c]; e <= log->case_off[c + 1]; e++) {
            uint32_t g;
            if (e < log->case_off[c + 1]) {
                uint32_t v = col != NULL ? col[e] : eventlog_attr_value(log, (size_t)attr, e);
                if (v == CF_NONE || vgroup[v] == CF_NONE)
                    continue;
                g = vgroup[v];
                groups[g].events++;
                any = true;
            } else if (!any) {
                g = (uint32_t)none_group; /* after the last event: no value at all */
            } else
                break;
            if (gseen[g] == c + 1)
                continue;
            gseen[g] = c + 1;
            struct attr_group *gr = &groups[g];
            gr->cases++;
            gr->rework_rate += rw;
            gr->won += seg && s == SEG_A;
            gr->lost += seg && s == SEG_B;
            gr->unknown += seg && s == SEG_UNKNOWN;
            mkey[nm] = g;
            mval[nm++] = dur;
        }
    }
    out->median_duration_ms = sh ? sh->median_ms : nall ? quantile_select(alldur, nall, 0.5) : 0;
    size_t decided = out->won + out->lost;
    out->win_rate = decided ? (double)out->won / (double)decided : 0;
    size_t min_cases =
        opts && opts->min_cases ? opts->min_cases : attrstats_default_min_cases(out->cases);

    size_t *moff;
    int64_t *mg = group_by_key(mkey, mval, nm, ngt, &moff);
    for (size_t g = 0; g < ngt; g++) {
        struct attr_group *gr = &groups[g];
        group_quantiles(mg, moff[g], moff[g + 1], &gr->median_duration_ms, NULL);
        gr->share = out->cases ? (double)gr->cases / (double)out->cases : 0;
        gr->rework_rate = gr->cases ? gr->rework_rate / (double)gr->cases : 0;
        gr->small = gr->cases < min_cases;
        if (seg) {
            size_t d = gr->won + gr->lost;
            gr->win_rate = d ? (double)gr->won / (double)d : 0;
            attrstats_wilson(gr->won, d, &gr->win_low, &gr->win_high);
            gr->lift = out->win_rate > 0 ? gr->win_rate / out->win_rate : 0;
            gr->p_value = attrstats_ztest(gr->won, d, out->won - gr->won, decided - d, &gr->z);
        }
    }
    /* Keep the groups that have cases; "(none)" last. */
    size_t k = 0;
    for (size_t g = 0; g < ngt; g++) {
        if (groups[g].cases == 0) {
            free(groups[g].label);
            continue;
        }
        groups[k++] = groups[g];
    }
    out->groups = groups;
    out->n_groups = k;
    for (size_t g = 0; g < k; g++)
        out->n_small += groups[g].small;
    if (out->type == ATTR_TEXT)
        qsort(out->groups, out->n_groups, sizeof *out->groups, cmp_group_text);

    free(mg);
    free(moff);
    free(alldur);
    free(mkey);
    free(mval);
    free(amark);
    free(pairs);
    free(uniq);
    free(gseen);
    free(vgroup);
    free(vseen);
    free(vempty);
    free(vc.state);
    free(vc.num);
    free(vc.dstate);
    free(vc.date);
}

void
attrstats_profile(const struct event_log *log, const struct selection *sel, int attr,
                  const struct attrstats_opts *opts, struct attr_profile *out)
{
    profile_impl(log, sel, attr, opts, NULL, out);
}

void
attrstats_profile_many(const struct event_log *log, const struct selection *sel, const int *attrs,
                       size_t n, const struct attrstats_opts *opts, struct attr_profile *out)
{
    struct profile_shared sh;
    shared_init(log, sel, &sh);
    for (size_t i = 0; i < n; i++)
        profile_impl(log, sel, attrs[i], opts, &sh, &out[i]);
    free(sh.rw);
}

void
attr_profile_clear(struct attr_profile *p)
{
    if (p == NULL)
        return;
    for (size_t g = 0; g < p->n_groups; g++)
        free(p->groups[g].label);
    free(p->groups);
    memset(p, 0, sizeof *p);
}

/* ---------------------------------------------------------------- ranking */

static double
abs_log_lift(const struct attr_group *g)
{
    return g->lift > 0 ? fabs(log(g->lift)) : INFINITY;
}

static int
cmp_rank_outcome(const struct attr_group *a, const struct attr_group *b)
{
    if (a->small != b->small)
        return a->small ? 1 : -1;
    if (a->p_value != b->p_value)
        return a->p_value < b->p_value ? -1 : 1;
    double la = abs_log_lift(a), lb = abs_log_lift(b);
    if (la != lb)
        return la > lb ? -1 : 1;
    if (a->cases != b->cases)
        return a->cases < b->cases ? 1 : -1;
    return strcmp(a->label, b->label);
}

static _Thread_local double rank_median;

static int
cmp_rank_duration(const void *pa, const void *pb)
{
    const struct attr_group *a = pa, *b = pb;
    if (a->small != b->small)
        return a->small ? 1 : -1;
    double base = rank_median + 1000; /* a second of slack: 0 medians compare */
    double da = fabs(log((a->median_duration_ms + 1000) / base));
    double db = fabs(log((b->median_duration_ms + 1000) / base));
    if (da != db)
        return da > db ? -1 : 1;
    if (a->cases != b->cases)
        return a->cases < b->cases ? 1 : -1;
    return strcmp(a->label, b->label);
}

static int
cmp_rank_outcome_q(const void *pa, const void *pb)
{
    return cmp_rank_outcome(pa, pb);
}

void
attrstats_rank(struct attr_profile *p)
{
    if (p->has_outcome) {
        qsort(p->groups, p->n_groups, sizeof *p->groups, cmp_rank_outcome_q);
    } else {
        rank_median = p->median_duration_ms;
        qsort(p->groups, p->n_groups, sizeof *p->groups, cmp_rank_duration);
    }
}

/* ---------------------------------------------------------------- why */

static _Thread_local const struct why *sort_why;

static int
cmp_why(const void *pa, const void *pb)
{
    const struct why_item *a = pa, *b = pb;
    const struct attr_group *ga = &sort_why->profiles[a->profile].groups[a->group];
    const struct attr_group *gb = &sort_why->profiles[b->profile].groups[b->group];
    int r = cmp_rank_outcome(ga, gb);
    if (r != 0)
        return r;
    if (a->profile != b->profile)
        return a->profile < b->profile ? -1 : 1;
    return (a->group > b->group) - (a->group < b->group);
}

void
attrstats_why(const struct event_log *log, const struct selection *sel, const struct outcome *o,
              const uint8_t *seg, const struct attrstats_opts *opts, struct why *out)
{
    memset(out, 0, sizeof *out);
    struct attrstats_opts op = opts ? *opts : (struct attrstats_opts){0};
    op.seg = seg;
    out->profiles = xcalloc(log->n_attrs + 1, sizeof *out->profiles);
    size_t total = 0;
    int first = strpool_count(log->resources) > 0 ? -1 : 0;
    /* The cases' rework flags and the median duration, shared by every profile. */
    struct profile_shared sh;
    shared_init(log, sel, &sh);
    for (int a = first; a < (int)log->n_attrs; a++) {
        if ((o->a.kind == OUTCOME_ATTR && o->a.attr == a) ||
            (o->has_b && o->b.kind == OUTCOME_ATTR && o->b.attr == a))
            continue;
        struct attr_profile *p = &out->profiles[out->n_profiles++];
        profile_impl(log, sel, a, &op, &sh, p);
        total += p->n_groups;
    }
    out->items = xmalloc((total ? total : 1) * sizeof *out->items);
    for (size_t i = 0; i < out->n_profiles; i++) {
        const struct attr_profile *p = &out->profiles[i];
        for (size_t g = 0; g < p->n_groups; g++)
            if (!p->groups[g].small && p->groups[g].won + p->groups[g].lost > 0)
                out->items[out->n++] = (struct why_item){i, g};
    }
    free(sh.rw);
    sort_why = out;
    qsort(out->items, out->n, sizeof *out->items, cmp_why);
}

void
why_clear(struct why *w)
{
    if (w == NULL)
        return;
    for (size_t i = 0; i < w->n_profiles; i++)
        attr_profile_clear(&w->profiles[i]);
    free(w->profiles);
    free(w->items);
    memset(w, 0, sizeof *w);
}

void
attrstats_why_sentence(const struct attr_profile *p, const struct attr_group *g,
                       const struct outcome *o, struct cf_buf *buf)
{
    if (g->none)
        cf_buf_printf(buf, "cases without %s", p->name);
    else if (p->type == ATTR_TEXT)
        cf_buf_printf(buf, "cases with %s = %s", p->name, g->label);
    else
        cf_buf_printf(buf, "cases with %s in %s", p->name, g->label);
    const char *label = o->label_a;
    if (strcmp(label, "won") == 0)
        cf_buf_puts(buf, " win");
    else if (o->a.kind == OUTCOME_ACTIVITY)
        cf_buf_printf(buf, " reach %s", label);
    else if (o->a.kind == OUTCOME_LAST)
        cf_buf_printf(buf, " end at %s", label);
    else
        cf_buf_printf(buf, " are %s", label);
    cf_buf_printf(buf, " %.1f\xc3\x97 as often (", g->lift);
    if (g->p_value < 0.001)
        cf_buf_puts(buf, "p < 0.001");
    else
        cf_buf_printf(buf, "p = %.3f", g->p_value);
    cf_buf_printf(buf, ", %zu cases)", g->cases);
}

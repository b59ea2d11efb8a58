/* Cohorts of cases by start period or attribute value: reach per stage, win rate, durations. */
/* SPDX-License-Identifier: MIT */
#include "cohorts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outcome.h"
#include "stats.h"
#include "timeparse.h"

int
cohorts_parse_by(const char *s, enum cohort_by *by)
{
    if (strcmp(s, "week") == 0)
        *by = COHORT_WEEK;
    else if (strcmp(s, "month") == 0)
        *by = COHORT_MONTH;
    else if (strcmp(s, "quarter") == 0)
        *by = COHORT_QUARTER;
    else
        return -1;
    return 0;
}

static int64_t
floor_div(int64_t a, int64_t b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* Civil date of a day number (days since 1970-01-01). */
static void
civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    *m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/*
 * A period index for a time: weeks count Mondays since the epoch's week,
 * months year*12+m-1, quarters year*4+q-1.
 */
static int64_t
period_of(enum cohort_by by, int64_t ms)
{
    int64_t day = floor_div(ms, 86400000);
    if (by == COHORT_WEEK)
        return floor_div(day + 3, 7); /* 1970-01-01 was a Thursday: week 0 starts Mon 12-29 */
    int64_t y;
    unsigned m, d;
    civil_from_days(day, &y, &m, &d);
    if (by == COHORT_MONTH)
        return y * 12 + (m - 1);
    return y * 4 + (m - 1) / 3;
}

static int64_t
period_start(enum cohort_by by, int64_t p)
{
    if (by == COHORT_WEEK)
        return (p * 7 - 3) * 86400000;
    int64_t per = by == COHORT_MONTH ? 12 : 4;
    int64_t y = floor_div(p, per);
    unsigned m = (unsigned)(p - y * per) * (by == COHORT_MONTH ? 1 : 3) + 1;
    return timeparse_days_from_civil(y, m, 1) * 86400000;
}

static char *
period_label(enum cohort_by by, int64_t p)
{
    char b[48];
    int64_t start_day = floor_div(period_start(by, p), 86400000);
    int64_t y;
    unsigned m, d;
    if (by == COHORT_WEEK) {
        /* ISO week: the year of the week's Thursday; week 1 holds January 4. */
        civil_from_days(start_day + 3, &y, &m, &d);
        int64_t jan4 = timeparse_days_from_civil(y, 1, 4);
        int64_t week1_monday = jan4 - (((jan4 + 3) % 7) + 7) % 7;
        long long w = (long long)((start_day - week1_monday) / 7 + 1);
        snprintf(b, sizeof b, "%04lld-W%02lld", (long long)y, w);
    } else if (by == COHORT_MONTH) {
        civil_from_days(start_day, &y, &m, &d);
        snprintf(b, sizeof b, "%04lld-%02u", (long long)y, m);
    } else {
        civil_from_days(start_day, &y, &m, &d);
        snprintf(b, sizeof b, "%04lld-Q%u", (long long)y, (m - 1) / 3 + 1);
    }
    return xstrdup(b);
}

static int
cmp_attr_cohort(const void *pa, const void *pb)
{
    const struct cohort *a = pa, *b = pb;
    bool an = strcmp(a->label, "(none)") == 0, bn = strcmp(b->label, "(none)") == 0;
    if (an != bn)
        return an ? 1 : -1;
    if (a->cases != b->cases)
        return a->cases < b->cases ? 1 : -1;
    return strcmp(a->label, b->label);
}

void
cohorts_build(const struct event_log *log, const struct selection *sel, enum cohort_by by, int attr,
              const uint32_t *stages, size_t n_stages, const uint8_t *seg, struct cohorts *out)
{
    memset(out, 0, sizeof *out);
    out->by = by;
    out->has_outcome = seg != NULL;
    out->n_stages = n_stages;
    out->stages = xmalloc((n_stages ? n_stages : 1) * sizeof *out->stages);
    if (n_stages)
        memcpy(out->stages, stages, n_stages * sizeof *stages);

    /* Key of every selected case: a dense cohort index. */
    uint32_t *key = xmalloc((log->n_cases ? log->n_cases : 1) * sizeof *key);
    size_t n_sel = 0, nk = 0;
    int64_t pmin = INT64_MAX, pmax = INT64_MIN;
    size_t nvals = strpool_count(log->values);
    uint32_t *vkey = NULL;
    if (by == COHORT_ATTR) {
        vkey = xmalloc((nvals + 1) * sizeof *vkey);
        for (size_t v = 0; v <= nvals; v++)
            vkey[v] = CF_NONE;
    }
    for (size_t c = 0; c < log->n_cases; c++) {
        key[c] = CF_NONE;
        if (!sel_has(sel, c) || eventlog_case_len(log, c) == 0)
            continue;
        n_sel++;
        if (by == COHORT_ATTR) {
            uint32_t v = CF_NONE;
            struct eventlog_attr_iter it;
            size_t e;
            uint32_t x;
            eventlog_attr_iter_init(&it, log, (size_t)attr, log->case_off[c], log->case_off[c + 1]);
            while (eventlog_attr_iter_next(&it, &e, &x)) {
                if (strpool_len(log->values, x) > 0) {
                    v = x;
                    break;
                }
            }
            size_t slot = v == CF_NONE ? nvals : v;
            if (vkey[slot] == CF_NONE)
                vkey[slot] = (uint32_t)nk++;
            key[c] = vkey[slot];
        } else {
            int64_t p = period_of(by, log->ev_time[log->case_off[c]]);
            pmin = p < pmin ? p : pmin;
            pmax = p > pmax ? p : pmax;
        }
    }
    if (by != COHORT_ATTR && n_sel > 0) {
        nk = (size_t)(pmax - pmin + 1);
        for (size_t c = 0; c < log->n_cases; c++)
            if (sel_has(sel, c) && eventlog_case_len(log, c) > 0)
                key[c] = (uint32_t)(period_of(by, log->ev_time[log->case_off[c]]) - pmin);
    }

    struct cohort *rows = xcalloc(nk ? nk : 1, sizeof *rows);
    for (size_t k = 0; k < nk; k++) {
        rows[k].reached = xcalloc(n_stages ? n_stages : 1, sizeof *rows[k].reached);
        rows[k].reached_share = xcalloc(n_stages ? n_stages : 1, sizeof *rows[k].reached_share);
        rows[k].start_ms = INT64_MAX;
        if (by != COHORT_ATTR) {
            rows[k].start_ms = period_start(by, pmin + (int64_t)k);
            rows[k].label = period_label(by, pmin + (int64_t)k);
        }
    }
    if (by == COHORT_ATTR) {
        for (size_t v = 0; v <= nvals; v++)
            if (vkey[v] != CF_NONE)
                rows[vkey[v]].label =
                    xstrdup(v == nvals ? "(none)" : strpool_get(log->values, (uint32_t)v));
    }

    /* Stage membership by activity: stage index + 1, or 0. */
    size_t na = eventlog_n_activities(log);
    size_t *stage_of = xcalloc(na + 1, sizeof *stage_of);
    for (size_t i = n_stages; i > 0; i--)
        if (stages[i - 1] < na)
            stage_of[stages[i - 1]] = i;
    size_t *mark = xcalloc(n_stages + 1, sizeof *mark);
    int64_t *dur = xmalloc((n_sel ? n_sel : 1) * sizeof *dur);
    uint32_t *dkey = xmalloc((n_sel ? n_sel : 1) * sizeof *dkey);
    size_t nd = 0;
    for (size_t c = 0; c < log->n_cases; c++) {
        if (key[c] == CF_NONE)
            continue;
        struct cohort *r = &rows[key[c]];
        r->cases++;
        int64_t t0 = log->ev_time[log->case_off[c]];
        if (by == COHORT_ATTR && t0 < r->start_ms)
            r->start_ms = t0;
        for (size_t e = log->case_off[c]; e < log->case_off[c + 1]; e++) {
            size_t s = stage_of[log->ev_act[e]];
            if (s && mark[s] != c + 1) {
                mark[s] = c + 1;
                r->reached[s - 1]++;
            }
        }
        if (seg) {
            r->won += seg[c] == SEG_A;
            r->lost += seg[c] == SEG_B;
            r->unknown += seg[c] == SEG_UNKNOWN;
        }
        dkey[nd] = key[c];
        dur[nd++] = eventlog_case_duration(log, c);
    }
    /* Durations grouped by cohort (counting sort), medians. */
    size_t *off = xcalloc(nk + 1, sizeof *off);
    for (size_t i = 0; i < nd; i++)
        off[dkey[i] + 1]++;
    for (size_t k = 0; k < nk; k++)
        off[k + 1] += off[k];
    size_t *fill = xmalloc((nk ? nk : 1) * sizeof *fill);
    memcpy(fill, off, nk * sizeof *fill);
    int64_t *g = xmalloc((nd ? nd : 1) * sizeof *g);
    for (size_t i = 0; i < nd; i++)
        g[fill[dkey[i]]++] = dur[i];
    for (size_t k = 0; k < nk; k++) {
        struct cohort *r = &rows[k];
        size_t m = off[k + 1] - off[k];
        if (m) {
            stats_sort_i64(g + off[k], m);
            r->median_duration_ms = stats_quantile_sorted(g + off[k], m, 0.5);
        }
        r->share = n_sel ? (double)r->cases / (double)n_sel : 0;
        for (size_t s = 0; s < n_stages; s++)
            r->reached_share[s] = r->cases ? (double)r->reached[s] / (double)r->cases : 0;
        size_t dec = r->won + r->lost;
        r->win_rate = dec ? (double)r->won / (double)dec : 0;
        r->open_share = seg && r->cases ? (double)r->unknown / (double)r->cases : 0;
    }
    out->rows = rows;
    out->n = nk;
    if (by == COHORT_ATTR)
        qsort(out->rows, out->n, sizeof *out->rows, cmp_attr_cohort);
    free(g);
    free(fill);
    free(off);
    free(dkey);
    free(dur);
    free(mark);
    free(stage_of);
    free(vkey);
    free(key);
}

void
cohorts_clear(struct cohorts *c)
{
    if (c == NULL)
        return;
    for (size_t k = 0; k < c->n; k++) {
        free(c->rows[k].label);
        free(c->rows[k].reached);
        free(c->rows[k].reached_share);
    }
    free(c->rows);
    free(c->stages);
    memset(c, 0, sizeof *c);
}

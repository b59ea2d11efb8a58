/* Variant table over a selection: counts, shares, coverage and durations. */
/* SPDX-License-Identifier: MIT */
#include "variants.h"

#include <stdlib.h>
#include <string.h>

#include "cancel.h"
#include "stats.h"

const uint32_t *
variants_sequence(const struct event_log *log, uint32_t v, size_t *len)
{
    size_t c = log->variant_case[v];
    *len = eventlog_case_len(log, c);
    return log->ev_act + log->case_off[c];
}

int
variants_compare_sequence(const struct event_log *log, uint32_t a, uint32_t b)
{
    /* The log ranked its variants by their name sequences when it was built. */
    uint32_t ra = log->variant_rank[a], rb = log->variant_rank[b];
    return (ra > rb) - (ra < rb);
}

/* qsort has no context argument: the context is per thread (the explorer sorts in two). */
static _Thread_local const struct event_log *sort_log;
static _Thread_local enum variants_order sort_order;

static int
cmp_variant(const void *pa, const void *pb)
{
    const struct variant_stat *a = pa, *b = pb;
    switch (sort_order) {
    case VARIANTS_BY_DURATION:
        if (a->median_ms != b->median_ms)
            return a->median_ms < b->median_ms ? 1 : -1;
        break;
    case VARIANTS_BY_LENGTH:
        if (a->length != b->length)
            return a->length < b->length ? 1 : -1;
        break;
    case VARIANTS_BY_CASES: break;
    }
    if (a->cases != b->cases)
        return a->cases < b->cases ? 1 : -1;
    return variants_compare_sequence(sort_log, a->variant, b->variant);
}

/* cum_share from the first row down. */
static void
cumulate(struct variant_table *t)
{
    double cum = 0;
    for (size_t i = 0; i < t->n; i++) {
        cum += t->v[i].share;
        t->v[i].cum_share = cum;
    }
}

void
variants_sort(const struct event_log *log, struct variant_table *t, enum variants_order o)
{
    sort_log = log;
    sort_order = o;
    qsort(t->v, t->n, sizeof *t->v, cmp_variant);
    cumulate(t);
}

void
variants_reverse(struct variant_table *t)
{
    for (size_t i = 0, j = t->n; i + 1 < j; i++, j--) {
        struct variant_stat x = t->v[i];
        t->v[i] = t->v[j - 1];
        t->v[j - 1] = x;
    }
    cumulate(t);
}

void
variants_build(const struct event_log *log, const struct selection *sel, struct variant_table *out)
{
    size_t nv = log->n_variants;
    size_t *count = xcalloc(nv ? nv : 1, sizeof *count);
    size_t total = 0;

    size_t upto = 0; /* the cases counted: all, unless cancelled (a partial table) */
    for (; upto < log->n_cases && !((upto & 4095) == 0 && cf_cancelled()); upto++) {
        if (!sel_has(sel, upto))
            continue;
        count[log->case_variant[upto]]++;
        total++;
    }
    /* Group the selected cases' durations by variant: offsets from counts. */
    size_t *off = xmalloc((nv + 1) * sizeof *off);
    off[0] = 0;
    for (size_t v = 0; v < nv; v++)
        off[v + 1] = off[v] + count[v];
    int64_t *dur = xmalloc((total ? total : 1) * sizeof *dur);
    size_t *fill = xmalloc((nv ? nv : 1) * sizeof *fill);
    memcpy(fill, off, nv * sizeof *fill);
    for (size_t c = 0; c < upto; c++)
        if (sel_has(sel, c))
            dur[fill[log->case_variant[c]]++] = eventlog_case_duration(log, c);
    free(fill);

    out->total_cases = total;
    out->n = 0;
    out->v = xmalloc((nv ? nv : 1) * sizeof *out->v);
    for (size_t v = 0; v < nv; v++) {
        if (count[v] == 0)
            continue;
        struct variant_stat *s = &out->v[out->n++];
        int64_t *d = dur + off[v];
        s->variant = (uint32_t)v;
        s->cases = count[v];
        s->length = eventlog_case_len(log, log->variant_case[v]);
        s->share = (double)count[v] / (double)total;
        s->median_ms = stats_quantile_select(d, count[v], 0.5);
        s->mean_ms = stats_mean_i64(d, count[v]);
    }
    free(dur);
    free(off);
    free(count);
    variants_sort(log, out, VARIANTS_BY_CASES);
}

void
variants_clear(struct variant_table *t)
{
    if (t == NULL)
        return;
    free(t->v);
    t->v = NULL;
    t->n = 0;
}

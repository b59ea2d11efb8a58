/* Markov transition probabilities with virtual start and end, and stage funnels. */
/* SPDX-License-Identifier: MIT */
#include "transitions.h"

#include <stdlib.h>
#include <string.h>

#include "variants.h"

const char *
transitions_name(const struct event_log *log, uint32_t id)
{
    if (id == TRANSITIONS_START)
        return "(start)";
    if (id == TRANSITIONS_END)
        return "(end)";
    return eventlog_activity_name(log, id);
}

/* qsort has no context argument: the context is per thread (the explorer sorts in two). */
static _Thread_local const struct strpool *sort_names;
static _Thread_local size_t sort_na;
static _Thread_local const size_t *sort_out; /* outgoing count per source slot */

static const char *
name_of(uint32_t id)
{
    if (id == TRANSITIONS_START)
        return "(start)";
    if (id == TRANSITIONS_END)
        return "(end)";
    return strpool_get(sort_names, id);
}

/* Source slots: activity ids, and na for (start). */
static int
cmp_source(const void *pa, const void *pb)
{
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    if ((a == sort_na) != (b == sort_na))
        return a == sort_na ? -1 : 1;
    if (sort_out[a] != sort_out[b])
        return sort_out[a] < sort_out[b] ? 1 : -1;
    return strcmp(name_of(a), name_of(b));
}

static int
cmp_target(const void *pa, const void *pb)
{
    const struct transition *a = pa, *b = pb;
    if (a->count != b->count)
        return a->count < b->count ? 1 : -1;
    return strcmp(name_of(a->to), name_of(b->to));
}

/* One transition of a variant, weighted later: target slot (na = end). */
struct hop {
    uint32_t to;
    uint32_t v;
};

static const uint32_t *
log_sequence(const void *ud, uint32_t v, size_t *len)
{
    return variants_sequence(ud, v, len);
}

size_t *
wvariants_of_log(const struct event_log *log, const struct selection *sel, struct wvariants *out)
{
    size_t nv = log->n_variants;
    size_t *w = xcalloc(nv ? nv : 1, sizeof *w);
    for (size_t c = 0; c < log->n_cases; c++)
        if (sel_has(sel, c))
            w[log->case_variant[c]]++;
    *out = (struct wvariants){
        log->activities, eventlog_n_activities(log), nv, w, log_sequence, log, log->variant_rank};
    return w;
}

void
transitions_build(const struct event_log *log, const struct selection *sel, struct transitions *out)
{
    struct wvariants wv;
    size_t *w = wvariants_of_log(log, sel, &wv);
    transitions_build_weighted(&wv, out);
    free(w);
}

void
transitions_build_weighted(const struct wvariants *wv, struct transitions *out)
{
    size_t na = wv->na, nv = wv->nv;
    const size_t *w = wv->w;
    memset(out, 0, sizeof *out);

    /* Hops of each selected variant bucketed by source slot (na = start). */
    size_t *off = xcalloc(na + 2, sizeof *off);
    for (size_t v = 0; v < nv; v++) {
        size_t n;
        const uint32_t *seq = wv->seq(wv->ud, (uint32_t)v, &n);
        if (w[v] == 0 || n == 0)
            continue;
        out->cases += w[v];
        off[na]++;
        for (size_t i = 0; i < n; i++)
            off[seq[i]]++;
    }
    size_t total = 0;
    for (size_t s = 0; s <= na; s++) {
        size_t k = off[s];
        off[s] = total;
        total += k;
    }
    off[na + 1] = total;
    size_t *fill = xmalloc((na + 1) * sizeof *fill);
    memcpy(fill, off, (na + 1) * sizeof *fill);
    struct hop *hops = xmalloc((total ? total : 1) * sizeof *hops);
    for (size_t v = 0; v < nv; v++) {
        size_t n;
        const uint32_t *seq = wv->seq(wv->ud, (uint32_t)v, &n);
        if (w[v] == 0 || n == 0)
            continue;
        hops[fill[na]++] = (struct hop){seq[0], (uint32_t)v};
        for (size_t i = 0; i < n; i++)
            hops[fill[seq[i]]++] = (struct hop){i + 1 < n ? seq[i + 1] : (uint32_t)na, (uint32_t)v};
    }

    /* Per source: weighted counts on a dense row (slot na = end), then emitted in order. */
    size_t *outsum = xcalloc(na + 1, sizeof *outsum);
    uint32_t *sources = xmalloc((na + 1) * sizeof *sources);
    size_t ns = 0;
    for (size_t s = 0; s <= na; s++) {
        for (size_t k = off[s]; k < off[s + 1]; k++)
            outsum[s] += w[hops[k].v];
        if (outsum[s] > 0)
            sources[ns++] = (uint32_t)s;
    }
    sort_names = wv->names;
    sort_na = na;
    sort_out = outsum;
    qsort(sources, ns, sizeof *sources, cmp_source);

    size_t *row = xcalloc(na + 1, sizeof *row);
    uint32_t *touched = xmalloc((na + 1) * sizeof *touched);
    size_t cap = 64;
    out->t = xmalloc(cap * sizeof *out->t);
    for (size_t si = 0; si < ns; si++) {
        size_t s = sources[si], nt = 0, first = out->n;
        for (size_t k = off[s]; k < off[s + 1]; k++) {
            uint32_t to = hops[k].to;
            if (row[to] == 0)
                touched[nt++] = to;
            row[to] += w[hops[k].v];
        }
        for (size_t k = 0; k < nt; k++) {
            uint32_t to = touched[k];
            if (out->n == cap) {
                cap *= 2;
                out->t = xreallocarray(out->t, cap, sizeof *out->t);
            }
            out->t[out->n++] = (struct transition){
                s == na ? TRANSITIONS_START : (uint32_t)s,
                to == na ? TRANSITIONS_END : to,
                row[to],
                (double)row[to] / (double)outsum[s],
            };
            row[to] = 0;
        }
        qsort(out->t + first, out->n - first, sizeof *out->t, cmp_target);
    }
    free(touched);
    free(row);
    free(sources);
    free(outsum);
    free(hops);
    free(fill);
    free(off);
}

void
transitions_clear(struct transitions *t)
{
    if (t == NULL)
        return;
    free(t->t);
    memset(t, 0, sizeof *t);
}

void
funnel_build(const struct event_log *log, const struct selection *sel, const uint32_t *stages,
             size_t n, struct funnel *out)
{
    size_t nv = log->n_variants;
    memset(out, 0, sizeof *out);
    size_t *w = xcalloc(nv ? nv : 1, sizeof *w);
    for (size_t c = 0; c < log->n_cases; c++)
        if (sel_has(sel, c)) {
            w[log->case_variant[c]]++;
            out->cases++;
        }
    /* reach[k]: cases matching exactly the first k stages (greedy earliest matching is
     * optimal for "occurs as a subsequence"). */
    size_t *reach = xcalloc(n + 1, sizeof *reach);
    for (size_t v = 0; v < nv; v++) {
        if (w[v] == 0)
            continue;
        size_t len, k = 0;
        const uint32_t *seq = variants_sequence(log, (uint32_t)v, &len);
        for (size_t i = 0; i < len && k < n; i++)
            if (seq[i] == stages[k])
                k++;
        reach[k] += w[v];
    }
    out->n = n;
    out->steps = xmalloc((n ? n : 1) * sizeof *out->steps);
    size_t at_least = 0;
    for (size_t k = n; k > 0; k--) {
        at_least += reach[k];
        out->steps[k - 1].cases_reached = at_least;
    }
    for (size_t k = 0; k < n; k++) {
        struct funnel_step *s = &out->steps[k];
        size_t prev = k == 0 ? out->cases : out->steps[k - 1].cases_reached;
        size_t first = out->steps[0].cases_reached;
        s->activity = stages[k];
        s->share = first ? (double)s->cases_reached / (double)first : 0;
        s->conversion = prev ? (double)s->cases_reached / (double)prev : 0;
        s->lost = prev - s->cases_reached;
    }
    free(reach);
    free(w);
}

void
funnel_clear(struct funnel *f)
{
    if (f == NULL)
        return;
    free(f->steps);
    memset(f, 0, sizeof *f);
}

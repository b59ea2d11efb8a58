/* Markov transition probabilities with virtual start and end, and stage funnels. */
/* SPDX-License-Identifier: MIT */
#include "transitions.h"

#include <stdlib.h>
#include <string.h>

#include "pairmap.h"
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

/* Weighted counts of (source, target) slots (na = start as a source, end as a target). */
struct slot_counts {
    struct pairmap pairs;
    size_t *count; /* by pair id */
    size_t cap;
    size_t *outsum; /* by source slot */
};

static void
slot_add(struct slot_counts *sc, uint32_t from, uint32_t to, size_t w)
{
    uint32_t id = pairmap_get(&sc->pairs, from, to);
    if (id >= sc->cap) {
        size_t cap = sc->cap ? sc->cap * 2 : 64;
        sc->count = xreallocarray(sc->count, cap, sizeof *sc->count);
        memset(sc->count + sc->cap, 0, (cap - sc->cap) * sizeof *sc->count);
        sc->cap = cap;
    }
    sc->count[id] += w;
    sc->outsum[from] += w;
}

void
transitions_build_weighted(const struct wvariants *wv, struct transitions *out)
{
    size_t na = wv->na, nv = wv->nv;
    const size_t *w = wv->w;
    memset(out, 0, sizeof *out);

    /* Counted into the few distinct pairs: memory follows the map, not the variants. */
    struct slot_counts sc = {0};
    pairmap_init(&sc.pairs, na + 1);
    sc.outsum = xcalloc(na + 1, sizeof *sc.outsum);
    for (size_t v = 0; v < nv; v++) {
        size_t n;
        const uint32_t *seq = wv->seq(wv->ud, (uint32_t)v, &n);
        if (w[v] == 0 || n == 0)
            continue;
        out->cases += w[v];
        slot_add(&sc, (uint32_t)na, seq[0], w[v]);
        for (size_t i = 0; i < n; i++)
            slot_add(&sc, seq[i], i + 1 < n ? seq[i + 1] : (uint32_t)na, w[v]);
    }

    /* Sources in order, then each source's pairs (grouped by a counting sort). */
    size_t np = sc.pairs.n;
    uint32_t *sources = xmalloc((na + 1) * sizeof *sources);
    size_t ns = 0;
    for (size_t s = 0; s <= na; s++)
        if (sc.outsum[s] > 0)
            sources[ns++] = (uint32_t)s;
    sort_names = wv->names;
    sort_na = na;
    sort_out = sc.outsum;
    qsort(sources, ns, sizeof *sources, cmp_source);
    size_t *off = xcalloc(na + 2, sizeof *off);
    for (size_t p = 0; p < np; p++)
        off[sc.pairs.first[p] + 1]++;
    for (size_t s = 0; s <= na; s++)
        off[s + 1] += off[s];
    out->t = xmalloc((np ? np : 1) * sizeof *out->t);
    size_t *fill = xmalloc((na + 1) * sizeof *fill);
    memcpy(fill, off, (na + 1) * sizeof *fill);
    uint32_t *by_source = xmalloc((np ? np : 1) * sizeof *by_source);
    for (size_t p = 0; p < np; p++)
        by_source[fill[sc.pairs.first[p]]++] = (uint32_t)p;
    for (size_t si = 0; si < ns; si++) {
        size_t s = sources[si], first = out->n;
        for (size_t k = off[s]; k < off[s + 1]; k++) {
            uint32_t p = by_source[k], to = sc.pairs.second[p];
            out->t[out->n++] = (struct transition){
                s == na ? TRANSITIONS_START : (uint32_t)s,
                to == na ? TRANSITIONS_END : to,
                sc.count[p],
                (double)sc.count[p] / (double)sc.outsum[s],
            };
        }
        qsort(out->t + first, out->n - first, sizeof *out->t, cmp_target);
    }
    free(by_source);
    free(fill);
    free(off);
    free(sources);
    free(sc.outsum);
    free(sc.count);
    pairmap_clear(&sc.pairs);
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

/* Rework over a selection: repeats per activity, loop instances by path, regressions and skips. */
/* SPDX-License-Identifier: MIT */
#include "rework.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "variants.h"

/*
 * Everything but the loop durations depends only on a case's activity
 * sequence, so it is computed once per variant that has selected cases and
 * weighted by how many selected cases share it.
 */

/* ------------------------------------------------- sequences, interned */

/* Distinct activity sequences in one arena, found by hash. */
struct seqtab {
    uint32_t *slot; /* entry + 1; 0 = empty */
    size_t cap;     /* slots, a power of two */
    size_t n, ecap;
    size_t *off, *len;
    uint64_t *hash;
    uint32_t *arena;
    size_t alen, acap;
};

static void
seqtab_grow(struct seqtab *t)
{
    size_t cap = t->cap ? t->cap * 2 : 1024;
    uint32_t *slot = xcalloc(cap, sizeof *slot);
    for (size_t e = 0; e < t->n; e++) {
        size_t k = (size_t)t->hash[e] & (cap - 1);
        while (slot[k] != 0)
            k = (k + 1) & (cap - 1);
        slot[k] = (uint32_t)e + 1;
    }
    free(t->slot);
    t->slot = slot;
    t->cap = cap;
}

/* The entry of s[0..n), added if new. */
static uint32_t
seqtab_intern(struct seqtab *t, const uint32_t *s, size_t n)
{
    if (2 * (t->n + 1) > t->cap)
        seqtab_grow(t);
    uint64_t h = cf_hash_bytes(s, n * sizeof *s, 0x9e3779b97f4a7c15ULL);
    size_t k = (size_t)h & (t->cap - 1);
    for (; t->slot[k] != 0; k = (k + 1) & (t->cap - 1)) {
        uint32_t e = t->slot[k] - 1;
        if (t->hash[e] == h && t->len[e] == n &&
            memcmp(t->arena + t->off[e], s, n * sizeof *s) == 0)
            return e;
    }
    if (t->n == t->ecap) {
        t->ecap = t->ecap ? t->ecap * 2 : 256;
        t->off = xreallocarray(t->off, t->ecap, sizeof *t->off);
        t->len = xreallocarray(t->len, t->ecap, sizeof *t->len);
        t->hash = xreallocarray(t->hash, t->ecap, sizeof *t->hash);
    }
    if (t->alen + n > t->acap) {
        t->acap = (t->alen + n) * 2;
        t->arena = xreallocarray(t->arena, t->acap, sizeof *t->arena);
    }
    memcpy(t->arena + t->alen, s, n * sizeof *s);
    uint32_t e = (uint32_t)t->n++;
    t->off[e] = t->alen;
    t->len[e] = n;
    t->hash[e] = h;
    t->alen += n;
    t->slot[k] = e + 1;
    return e;
}

static void
seqtab_free(struct seqtab *t)
{
    free(t->slot);
    free(t->off);
    free(t->len);
    free(t->hash);
    free(t->arena);
}

/* ----------------------------------------------------------- ordering */

static const struct event_log *sort_log;

static int
cmp_names(const uint32_t *a, size_t la, const uint32_t *b, size_t lb)
{
    for (size_t i = 0; i < la && i < lb; i++) {
        if (a[i] == b[i])
            continue;
        int r =
            strcmp(eventlog_activity_name(sort_log, a[i]), eventlog_activity_name(sort_log, b[i]));
        if (r != 0)
            return r;
    }
    return (la > lb) - (la < lb);
}

static int
cmp_activity(const void *pa, const void *pb)
{
    const struct rework_activity *a = pa, *b = pb;
    if (a->cases_repeated != b->cases_repeated)
        return a->cases_repeated < b->cases_repeated ? 1 : -1;
    if (a->extra_occurrences != b->extra_occurrences)
        return a->extra_occurrences < b->extra_occurrences ? 1 : -1;
    return cmp_names(&a->activity, 1, &b->activity, 1);
}

static int
cmp_loop(const void *pa, const void *pb)
{
    const struct rework_loop *a = pa, *b = pb;
    if (a->occurrences != b->occurrences)
        return a->occurrences < b->occurrences ? 1 : -1;
    if (a->cases != b->cases)
        return a->cases < b->cases ? 1 : -1;
    return cmp_names(a->path, a->len, b->path, b->len);
}

static int
cmp_jump(const void *pa, const void *pb)
{
    const struct rework_jump *a = pa, *b = pb;
    if (a->count != b->count)
        return a->count < b->count ? 1 : -1;
    if (a->cases != b->cases)
        return a->cases < b->cases ? 1 : -1;
    int r = cmp_names(&a->from, 1, &b->from, 1);
    return r != 0 ? r : cmp_names(&a->to, 1, &b->to, 1);
}

/* ---------------------------------------------------------- activities, loops */

#define FLAG_SELF 1u
#define FLAG_REDO 2u

/* A loop instance of a variant: positions p < i of two consecutive occurrences. */
struct instance {
    uint32_t loop, p, i;
};

static void
build_loops(const struct event_log *log, const struct selection *sel, const size_t *w,
            struct rework *out)
{
    size_t na = eventlog_n_activities(log), nv = log->n_variants;
    size_t nb = na ? na : 1;
    size_t *rep = xcalloc(nb, sizeof *rep), *extra = xcalloc(nb, sizeof *extra);
    size_t *selfc = xcalloc(nb, sizeof *selfc), *redo = xcalloc(nb, sizeof *redo);
    uint32_t *stamp = xmalloc(nb * sizeof *stamp), *lastpos = xmalloc(nb * sizeof *lastpos);
    uint32_t *occ = xmalloc(nb * sizeof *occ), *touched = xmalloc(nb * sizeof *touched);
    uint8_t *flags = xmalloc(nb);
    memset(stamp, 0xff, nb * sizeof *stamp);

    struct seqtab loops = {0};
    size_t lcap = 0, *loop_cases = NULL, *loop_occ = NULL;
    uint32_t *loop_lastv = NULL;
    struct instance *inst = NULL;
    size_t ninst = 0, icap = 0;
    size_t *inst_off = xmalloc((nv + 1) * sizeof *inst_off);

    for (size_t v = 0; v < nv; v++) {
        inst_off[v] = ninst;
        if (w[v] == 0)
            continue;
        size_t n, nt = 0;
        const uint32_t *seq = variants_sequence(log, (uint32_t)v, &n);
        for (size_t i = 0; i < n; i++) {
            uint32_t a = seq[i];
            if (stamp[a] != (uint32_t)v) {
                stamp[a] = (uint32_t)v;
                lastpos[a] = (uint32_t)i;
                occ[a] = 1;
                flags[a] = 0;
                touched[nt++] = a;
                continue;
            }
            size_t p = lastpos[a];
            flags[a] |= p + 1 == i ? FLAG_SELF : FLAG_REDO;
            occ[a]++;
            lastpos[a] = (uint32_t)i;
            uint32_t id = seqtab_intern(&loops, seq + p, i - p + 1);
            if (loops.n > lcap) {
                size_t old = lcap;
                lcap = loops.ecap;
                loop_cases = xreallocarray(loop_cases, lcap, sizeof *loop_cases);
                loop_occ = xreallocarray(loop_occ, lcap, sizeof *loop_occ);
                loop_lastv = xreallocarray(loop_lastv, lcap, sizeof *loop_lastv);
                memset(loop_cases + old, 0, (lcap - old) * sizeof *loop_cases);
                memset(loop_occ + old, 0, (lcap - old) * sizeof *loop_occ);
                memset(loop_lastv + old, 0xff, (lcap - old) * sizeof *loop_lastv);
            }
            if (loop_lastv[id] != (uint32_t)v) {
                loop_lastv[id] = (uint32_t)v;
                loop_cases[id] += w[v];
            }
            loop_occ[id] += w[v];
            if (ninst == icap) {
                icap = icap ? icap * 2 : 1024;
                inst = xreallocarray(inst, icap, sizeof *inst);
            }
            inst[ninst++] = (struct instance){id, (uint32_t)p, (uint32_t)i};
        }
        for (size_t k = 0; k < nt; k++) {
            uint32_t a = touched[k];
            if (occ[a] < 2)
                continue;
            rep[a] += w[v];
            extra[a] += (occ[a] - 1) * w[v];
            if (flags[a] & FLAG_SELF)
                selfc[a] += w[v];
            if (flags[a] & FLAG_REDO)
                redo[a] += w[v];
        }
    }
    inst_off[nv] = ninst;

    out->activities = xmalloc(nb * sizeof *out->activities);
    for (size_t a = 0; a < na; a++)
        if (rep[a] > 0)
            out->activities[out->n_activities++] =
                (struct rework_activity){(uint32_t)a, rep[a], extra[a], selfc[a], redo[a]};

    /* Durations of every selected case's instances, grouped by loop. */
    size_t nl = loops.n, total = 0;
    size_t *doff = xmalloc((nl + 1) * sizeof *doff);
    for (size_t l = 0; l < nl; l++) {
        doff[l] = total;
        total += loop_occ[l];
    }
    doff[nl] = total;
    int64_t *dur = xmalloc((total ? total : 1) * sizeof *dur);
    size_t *fill = xmalloc((nl ? nl : 1) * sizeof *fill);
    if (nl > 0)
        memcpy(fill, doff, nl * sizeof *fill);
    for (size_t c = 0; c < log->n_cases; c++) {
        if (!sel_has(sel, c))
            continue;
        uint32_t v = log->case_variant[c];
        const int64_t *t = log->ev_time + log->case_off[c];
        for (size_t k = inst_off[v]; k < inst_off[v + 1]; k++)
            dur[fill[inst[k].loop]++] = t[inst[k].i] - t[inst[k].p];
    }
    out->n_loops = nl;
    out->loops = xmalloc((nl ? nl : 1) * sizeof *out->loops);
    out->arena = loops.arena; /* the loop paths point into it */
    loops.arena = NULL;
    for (size_t l = 0; l < nl; l++) {
        struct rework_loop *L = &out->loops[l];
        int64_t *d = dur + doff[l];
        stats_sort_i64(d, loop_occ[l]);
        L->path = out->arena + loops.off[l];
        L->len = loops.len[l];
        L->cases = loop_cases[l];
        L->occurrences = loop_occ[l];
        L->median_ms = stats_quantile_sorted(d, loop_occ[l], 0.5);
    }

    free(fill);
    free(dur);
    free(doff);
    free(inst_off);
    free(inst);
    free(loop_lastv);
    free(loop_occ);
    free(loop_cases);
    seqtab_free(&loops);
    free(flags);
    free(touched);
    free(occ);
    free(lastpos);
    free(stamp);
    free(redo);
    free(selfc);
    free(extra);
    free(rep);
}

/* ------------------------------------------------------------ stage order */

struct posw {
    double pos;
    size_t w;
};

static int
cmp_posw(const void *pa, const void *pb)
{
    const struct posw *a = pa, *b = pb;
    return (a->pos > b->pos) - (a->pos < b->pos);
}

/* Median of the values v[i].pos each repeated v[i].w times (v sorted by pos), as numpy. */
static double
weighted_median(const struct posw *v, size_t n)
{
    size_t W = 0;
    for (size_t i = 0; i < n; i++)
        W += v[i].w;
    size_t k1 = (W - 1) / 2, k2 = W / 2, cum = 0;
    double x1 = 0, x2 = 0;
    bool got1 = false;
    for (size_t i = 0; i < n; i++) {
        cum += v[i].w;
        if (!got1 && cum > k1) {
            x1 = v[i].pos;
            got1 = true;
        }
        if (cum > k2) {
            x2 = v[i].pos;
            break;
        }
    }
    return (x1 + x2) / 2;
}

struct stage_key {
    uint32_t a;
    double median;
};

static int
cmp_stage_key(const void *pa, const void *pb)
{
    const struct stage_key *a = pa, *b = pb;
    if (a->median != b->median)
        return a->median < b->median ? -1 : 1;
    return cmp_names(&a->a, 1, &b->a, 1);
}

/* Visit the first occurrence of each activity in every selected variant of 2+ events. */
typedef void (*first_fn)(void *ud, uint32_t a, double pos, size_t w);

static void
each_first_occurrence(const struct event_log *log, const size_t *w, uint32_t *stamp, first_fn fn,
                      void *ud)
{
    size_t na = eventlog_n_activities(log);
    memset(stamp, 0xff, (na ? na : 1) * sizeof *stamp);
    for (size_t v = 0; v < log->n_variants; v++) {
        size_t n;
        const uint32_t *seq = variants_sequence(log, (uint32_t)v, &n);
        if (w[v] == 0 || n < 2)
            continue;
        for (size_t i = 0; i < n; i++) {
            if (stamp[seq[i]] == (uint32_t)v)
                continue;
            stamp[seq[i]] = (uint32_t)v;
            fn(ud, seq[i], (double)i / (double)(n - 1), w[v]);
        }
    }
}

struct placing {
    size_t *cnt, *fill;
    struct posw *pw;
};

static void
count_first(void *ud, uint32_t a, double pos, size_t w)
{
    (void)pos;
    (void)w;
    ((struct placing *)ud)->cnt[a]++;
}

static void
place_first(void *ud, uint32_t a, double pos, size_t w)
{
    struct placing *pl = ud;
    pl->pw[pl->fill[a]++] = (struct posw){pos, w};
}

static void
infer_stages(const struct event_log *log, const size_t *w, struct rework *out)
{
    size_t na = eventlog_n_activities(log), nb = na ? na : 1;
    uint32_t *stamp = xmalloc(nb * sizeof *stamp);
    struct placing pl = {xcalloc(nb + 1, sizeof(size_t)), xmalloc(nb * sizeof(size_t)), NULL};

    /* Positions grouped by activity: count, offsets, place. */
    each_first_occurrence(log, w, stamp, count_first, &pl);
    size_t total = 0;
    for (size_t a = 0; a < na; a++) {
        size_t c = pl.cnt[a];
        pl.cnt[a] = pl.fill[a] = total;
        total += c;
    }
    pl.cnt[na] = total;
    pl.pw = xmalloc((total ? total : 1) * sizeof *pl.pw);
    each_first_occurrence(log, w, stamp, place_first, &pl);

    struct stage_key *keys = xmalloc(nb * sizeof *keys);
    size_t nk = 0;
    for (size_t a = 0; a < na; a++) {
        size_t m = pl.cnt[a + 1] - pl.cnt[a];
        if (m == 0)
            continue;
        qsort(pl.pw + pl.cnt[a], m, sizeof *pl.pw, cmp_posw);
        keys[nk++] = (struct stage_key){(uint32_t)a, weighted_median(pl.pw + pl.cnt[a], m)};
    }
    qsort(keys, nk, sizeof *keys, cmp_stage_key);
    out->n_stages = nk;
    out->stages = xmalloc((nk ? nk : 1) * sizeof *out->stages);
    out->stage_rank = xmalloc((nk ? nk : 1) * sizeof *out->stage_rank);
    out->stage_median = xmalloc((nk ? nk : 1) * sizeof *out->stage_median);
    for (size_t k = 0; k < nk; k++) {
        out->stages[k] = keys[k].a;
        out->stage_median[k] = keys[k].median;
        if (k == 0)
            out->stage_rank[k] = 0;
        else if (keys[k].median == keys[k - 1].median)
            out->stage_rank[k] = out->stage_rank[k - 1];
        else
            out->stage_rank[k] = out->stage_rank[k - 1] + 1;
    }
    out->stages_inferred = true;
    free(keys);
    free(pl.pw);
    free(pl.fill);
    free(pl.cnt);
    free(stamp);
}

static void
given_stages(const struct event_log *log, const uint32_t *stages, size_t n, struct rework *out)
{
    size_t na = eventlog_n_activities(log);
    uint8_t *seen = xcalloc(na ? na : 1, 1);
    out->stages = xmalloc((n ? n : 1) * sizeof *out->stages);
    out->stage_rank = xmalloc((n ? n : 1) * sizeof *out->stage_rank);
    out->stage_median = xmalloc((n ? n : 1) * sizeof *out->stage_median);
    for (size_t i = 0; i < n; i++) {
        if (stages[i] >= na || seen[stages[i]])
            continue;
        seen[stages[i]] = 1;
        out->stages[out->n_stages] = stages[i];
        out->stage_rank[out->n_stages] = out->n_stages;
        out->stage_median[out->n_stages] = NAN;
        out->n_stages++;
    }
    free(seen);
    out->stages_inferred = false;
}

/* ------------------------------------------------------- regressions, skips */

struct pairent {
    uint64_t key;
    size_t count, cases;
    uint32_t lastv;
};

struct pairtab {
    uint32_t *slot; /* entry + 1 */
    size_t cap, n, ecap;
    struct pairent *e;
};

static struct pairent *
pairtab_get(struct pairtab *t, uint32_t from, uint32_t to)
{
    if (2 * (t->n + 1) > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 256;
        uint32_t *slot = xcalloc(cap, sizeof *slot);
        for (size_t i = 0; i < t->n; i++) {
            size_t k = (size_t)(t->e[i].key * 0x9e3779b97f4a7c15ULL >> 20) & (cap - 1);
            while (slot[k] != 0)
                k = (k + 1) & (cap - 1);
            slot[k] = (uint32_t)i + 1;
        }
        free(t->slot);
        t->slot = slot;
        t->cap = cap;
    }
    uint64_t key = (uint64_t)from << 32 | to;
    size_t k = (size_t)(key * 0x9e3779b97f4a7c15ULL >> 20) & (t->cap - 1);
    for (; t->slot[k] != 0; k = (k + 1) & (t->cap - 1))
        if (t->e[t->slot[k] - 1].key == key)
            return &t->e[t->slot[k] - 1];
    if (t->n == t->ecap) {
        t->ecap = t->ecap ? t->ecap * 2 : 64;
        t->e = xreallocarray(t->e, t->ecap, sizeof *t->e);
    }
    t->e[t->n] = (struct pairent){key, 0, 0, CF_NONE};
    t->slot[k] = (uint32_t)++t->n;
    return &t->e[t->n - 1];
}

static void
build_jumps(const struct event_log *log, const size_t *w, struct rework *out)
{
    size_t na = eventlog_n_activities(log), nv = log->n_variants;
    size_t *rank = xmalloc((na ? na : 1) * sizeof *rank);
    for (size_t a = 0; a < na; a++)
        rank[a] = SIZE_MAX;
    for (size_t k = 0; k < out->n_stages; k++)
        rank[out->stages[k]] = out->stage_rank[k];

    struct pairtab back = {0}, skip = {0};
    for (size_t v = 0; v < nv; v++) {
        if (w[v] == 0)
            continue;
        size_t n;
        const uint32_t *seq = variants_sequence(log, (uint32_t)v, &n);
        uint32_t prev = CF_NONE;
        for (size_t i = 0; i < n; i++) {
            uint32_t a = seq[i];
            if (rank[a] == SIZE_MAX)
                continue;
            if (prev != CF_NONE) {
                struct pairent *p = NULL;
                if (rank[a] < rank[prev])
                    p = pairtab_get(&back, prev, a);
                else if (rank[a] > rank[prev] + 1)
                    p = pairtab_get(&skip, prev, a);
                if (p != NULL) {
                    p->count += w[v];
                    if (p->lastv != (uint32_t)v) {
                        p->lastv = (uint32_t)v;
                        p->cases += w[v];
                    }
                }
            }
            prev = a;
        }
    }

    struct pairtab *tabs[2] = {&back, &skip};
    struct rework_jump **dst[2] = {&out->regressions, &out->skips};
    size_t *cnt[2] = {&out->n_regressions, &out->n_skips};
    for (int t = 0; t < 2; t++) {
        struct rework_jump *j = xmalloc((tabs[t]->n ? tabs[t]->n : 1) * sizeof *j);
        for (size_t i = 0; i < tabs[t]->n; i++) {
            const struct pairent *p = &tabs[t]->e[i];
            uint32_t from = (uint32_t)(p->key >> 32), to = (uint32_t)p->key;
            j[i] = (struct rework_jump){from, to, p->cases, p->count, NULL, 0};
            if (t == 1) {
                /* Stages are sorted by rank: the skipped ones are a contiguous run. */
                size_t lo = 0;
                while (lo < out->n_stages && out->stage_rank[lo] <= rank[from])
                    lo++;
                size_t hi = lo;
                while (hi < out->n_stages && out->stage_rank[hi] < rank[to])
                    hi++;
                j[i].skipped = out->stages + lo;
                j[i].n_skipped = hi - lo;
            }
        }
        qsort(j, tabs[t]->n, sizeof *j, cmp_jump);
        *dst[t] = j;
        *cnt[t] = tabs[t]->n;
        free(tabs[t]->slot);
        free(tabs[t]->e);
    }
    free(rank);
}

/* ------------------------------------------------------------------ entry */

void
rework_build(const struct event_log *log, const struct selection *sel, const uint32_t *stages,
             size_t n_stages, struct rework *out)
{
    memset(out, 0, sizeof *out);
    size_t nv = log->n_variants;
    size_t *w = xcalloc(nv ? nv : 1, sizeof *w);
    for (size_t c = 0; c < log->n_cases; c++)
        if (sel_has(sel, c))
            w[log->case_variant[c]]++;

    sort_log = log;
    build_loops(log, sel, w, out);
    if (stages != NULL)
        given_stages(log, stages, n_stages, out);
    else
        infer_stages(log, w, out);
    build_jumps(log, w, out);
    free(w);

    sort_log = log;
    qsort(out->activities, out->n_activities, sizeof *out->activities, cmp_activity);
    qsort(out->loops, out->n_loops, sizeof *out->loops, cmp_loop);
}

void
rework_clear(struct rework *r)
{
    if (r == NULL)
        return;
    free(r->activities);
    free(r->loops);
    free(r->stages);
    free(r->stage_rank);
    free(r->stage_median);
    free(r->regressions);
    free(r->skips);
    free(r->arena);
    memset(r, 0, sizeof *r);
}

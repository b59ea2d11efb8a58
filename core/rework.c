/* Rework over a selection: repeats per activity, loop instances by path, regressions and skips. */
/* SPDX-License-Identifier: MIT */
#include "rework.h"

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
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
    uint64_t *slot; /* upper hash half << 32 | entry + 1; 0 = empty */
    size_t cap;     /* slots, a power of two */
    size_t n, ecap;
    size_t *off, *len;
    uint64_t *hash;
    uint32_t *arena;
    size_t alen, acap;
};

/* A word-at-a-time hash of an id sequence (hot: once per loop instance). */
static inline uint64_t
seq_hash(const uint32_t *s, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ n;
    for (size_t i = 0; i < n; i++) {
        h = (h ^ s[i]) * 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
    }
    return h ^ (h >> 29);
}

static void
seqtab_grow(struct seqtab *t)
{
    size_t cap = t->cap ? t->cap * 2 : 1024;
    uint64_t *slot = xcalloc(cap, sizeof *slot);
    for (size_t e = 0; e < t->n; e++) {
        size_t k = (size_t)t->hash[e] & (cap - 1);
        while (slot[k] != 0)
            k = (k + 1) & (cap - 1);
        slot[k] = (t->hash[e] >> 32) << 32 | (e + 1);
    }
    free(t->slot);
    t->slot = slot;
    t->cap = cap;
}

/* The entry of s[0..n), added if new. The slot's hash half spares most entry lookups. */
static uint32_t
seqtab_intern(struct seqtab *t, const uint32_t *s, size_t n)
{
    if (2 * (t->n + 1) > t->cap)
        seqtab_grow(t);
    uint64_t h = seq_hash(s, n), tag = h >> 32 << 32;
    size_t k = (size_t)h & (t->cap - 1);
    for (; t->slot[k] != 0; k = (k + 1) & (t->cap - 1)) {
        if ((t->slot[k] & 0xffffffff00000000ULL) != tag)
            continue;
        uint32_t e = (uint32_t)(t->slot[k] & 0xffffffff) - 1;
        if (t->len[e] == n && memcmp(t->arena + t->off[e], s, n * sizeof *s) == 0)
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
    t->slot[k] = tag | (e + 1);
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

static _Thread_local const struct event_log *sort_log;
static uint32_t *name_rank; /* activity id -> its place in name order */

static int
cmp_id_name(const void *pa, const void *pb)
{
    return strcmp(eventlog_activity_name(sort_log, *(const uint32_t *)pa),
                  eventlog_activity_name(sort_log, *(const uint32_t *)pb));
}

/* Rank the activities by name once, so that orderings compare integers. */
static void
rank_names(const struct event_log *log)
{
    size_t na = eventlog_n_activities(log);
    uint32_t *ids = xmalloc((na ? na : 1) * sizeof *ids);
    for (size_t a = 0; a < na; a++)
        ids[a] = (uint32_t)a;
    sort_log = log;
    qsort(ids, na, sizeof *ids, cmp_id_name);
    name_rank = xmalloc((na ? na : 1) * sizeof *name_rank);
    for (size_t k = 0; k < na; k++)
        name_rank[ids[k]] = (uint32_t)k;
    free(ids);
}

static int
cmp_names(const uint32_t *a, size_t la, const uint32_t *b, size_t lb)
{
    for (size_t i = 0; i < la && i < lb; i++)
        if (a[i] != b[i])
            return name_rank[a[i]] < name_rank[b[i]] ? -1 : 1;
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

/*
 * Loops are sorted through small keys: (occurrences, cases) packed, then the
 * length and the first seven steps' name ranks (16 bits each), then the path.
 */
struct loop_key {
    uint64_t key; /* occurrences << 32 | cases: descending */
    uint64_t p1;  /* length (capped) << 48 | ranks + 1 of steps 0..2: ascending */
    uint64_t p2;  /* ranks + 1 of steps 3..6 (0 past the end): ascending */
    const struct rework_loop *loop;
};

static int
cmp_loop_key(const void *pa, const void *pb)
{
    const struct loop_key *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key < b->key ? 1 : -1;
    if (a->p1 != b->p1)
        return a->p1 < b->p1 ? -1 : 1;
    if (a->p2 != b->p2)
        return a->p2 < b->p2 ? -1 : 1;
    return cmp_names(a->loop->path, a->loop->len, b->loop->path, b->loop->len);
}

/* 16-bit digit d (0..11) of a loop key, least significant first. */
static inline unsigned
loop_digit(const struct loop_key *k, int d)
{
    if (d < 4)
        return (unsigned)(k->p2 >> (16 * d)) & 0xffff;
    if (d < 8)
        return (unsigned)(k->p1 >> (16 * (d - 4))) & 0xffff;
    return (unsigned)(~k->key >> (16 * (d - 8))) & 0xffff;
}

/*
 * Order k[0..n) by counts descending, then p1, p2 ascending: an LSD radix sort
 * (tens of thousands of loops sort in a few milliseconds; qsort on the paths
 * took tens). Passes whose digit is the same everywhere are skipped.
 */
static void
radix_loop_keys(struct loop_key *k, size_t n)
{
    if (n < 2)
        return;
    struct loop_key *tmp = xmalloc(n * sizeof *tmp), *src = k, *dst = tmp;
    size_t *count = xmalloc(65536 * sizeof *count);
    for (int d = 0; d < 12; d++) {
        memset(count, 0, 65536 * sizeof *count);
        for (size_t i = 0; i < n; i++)
            count[loop_digit(&src[i], d)]++;
        if (count[loop_digit(&src[0], d)] == n)
            continue;
        size_t sum = 0;
        for (size_t x = 0; x < 65536; x++) {
            size_t c = count[x];
            count[x] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            dst[count[loop_digit(&src[i], d)]++] = src[i];
        struct loop_key *t = src;
        src = dst;
        dst = t;
    }
    if (src != k)
        memcpy(k, src, n * sizeof *k);
    free(count);
    free(tmp);
}

static void
sort_loops(struct rework *out, size_t na)
{
    size_t n = out->n_loops;
    struct loop_key *k = xmalloc((n ? n : 1) * sizeof *k);
    for (size_t i = 0; i < n; i++) {
        const struct rework_loop *l = &out->loops[i];
        uint64_t occ = l->occurrences > 0xffffffffu ? 0xffffffffu : l->occurrences;
        uint64_t cases = l->cases > 0xffffffffu ? 0xffffffffu : l->cases;
        uint64_t p1 = l->len > 0xffff ? 0xffff : l->len, p2 = 0;
        /* With 65535+ activities the ranks do not fit: the full comparison decides. */
        for (size_t j = 0; j < 7 && na < 0xffff; j++) {
            uint64_t r = j < l->len ? name_rank[l->path[j]] + 1u : 0u;
            if (j < 3)
                p1 = p1 << 16 | r;
            else
                p2 = p2 << 16 | r;
        }
        k[i] = (struct loop_key){occ << 32 | cases, p1, p2, l};
    }
    radix_loop_keys(k, n);
    /* Runs equal in all keys are ordered by the whole path. */
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && k[j].key == k[i].key && k[j].p1 == k[i].p1 && k[j].p2 == k[i].p2)
            j++;
        if (j - i > 1)
            qsort(k + i, j - i, sizeof *k, cmp_loop_key);
        i = j;
    }
    struct rework_loop *sorted = xmalloc((n ? n : 1) * sizeof *sorted);
    for (size_t i = 0; i < n; i++)
        sorted[i] = *k[i].loop;
    free(out->loops);
    out->loops = sorted;
    free(k);
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

/* ------------------------------------------------------- order statistics */

/*
 * Partition v[0..n), n > 0, around a pivot value into < | == | > (three-way);
 * [*lt, *gt) is the run equal to it.
 */
static void
partition3(int64_t *v, size_t n, size_t *lt, size_t *gt)
{
    /* Pivot: the median of the first, middle and last values. */
    int64_t p = v[0], q = v[n / 2], r = v[n - 1];
    int64_t x = p < q ? (q < r ? q : (p < r ? r : p)) : (p < r ? p : (q < r ? r : q));
    size_t a = 0, i = 0, b = n;
    while (i < b) {
        if (v[i] < x) {
            int64_t t = v[a];
            v[a++] = v[i];
            v[i++] = t;
        } else if (v[i] > x) {
            int64_t t = v[--b];
            v[b] = v[i];
            v[i] = t;
        } else {
            i++;
        }
    }
    *lt = a;
    *gt = b;
}

/* The k-th smallest of v[0..n) (reorders v); expected O(n), no allocation. */
static int64_t
select_kth(int64_t *v, size_t n, size_t k)
{
    for (;;) {
        size_t lt, gt;
        partition3(v, n, &lt, &gt);
        if (k < lt) {
            n = lt;
        } else if (k < gt) {
            return v[lt];
        } else {
            v += gt;
            k -= gt;
            n -= gt;
        }
    }
}

/* The median of v[0..n), n > 0, as stats_quantile_sorted(.., 0.5) gives it (reorders v). */
static double
median_unsorted(int64_t *v, size_t n)
{
    size_t lo = (n - 1) / 2;
    int64_t a = select_kth(v, n, lo);
    if (n % 2 == 1)
        return (double)a;
    int64_t b = v[lo + 1]; /* after the selection everything past lo is >= a: take the least */
    for (size_t i = lo + 2; i < n; i++)
        if (v[i] < b)
            b = v[i];
    return (double)a + ((double)b - (double)a) * 0.5;
}

/* ---------------------------------------------------------- activities, loops */

#define FLAG_SELF 1u
#define FLAG_REDO 2u

/* A loop instance of a variant: positions p < i of two consecutive occurrences. */
struct instance {
    uint32_t loop, p, i;
};

/*
 * Start of the least rotation of the keys of body[0..n) (Booth's algorithm,
 * linear time): where the canonical form of a cycle begins.
 */
static size_t
least_rotation(const uint32_t *body, size_t n, const uint64_t *key, ptrdiff_t *f)
{
    /* f has room for 2n entries. */
    for (size_t i = 0; i < 2 * n; i++)
        f[i] = -1;
    size_t k = 0;
    for (size_t j = 1; j < 2 * n; j++) {
        uint64_t sj = key[body[j % n]];
        ptrdiff_t i = f[j - k - 1];
        while (i != -1 && sj != key[body[(k + (size_t)i + 1) % n]]) {
            if (sj < key[body[(k + (size_t)i + 1) % n]])
                k = j - (size_t)i - 1;
            i = f[i];
        }
        if (sj != key[body[(k + (size_t)i + 1) % n]]) { /* i == -1 */
            if (sj < key[body[k]])
                k = j;
            f[j - k] = -1;
        } else {
            f[j - k] = i + 1;
        }
    }
    return k % n;
}

static void
build_loops(const struct event_log *log, const struct selection *sel, const size_t *w,
            const uint64_t *rot_key, struct rework *out)
{
    size_t na = eventlog_n_activities(log), nv = log->n_variants;
    size_t nb = na ? na : 1;
    size_t *rep = xcalloc(nb, sizeof *rep), *extra = xcalloc(nb, sizeof *extra);
    size_t *selfc = xcalloc(nb, sizeof *selfc), *redo = xcalloc(nb, sizeof *redo);
    uint32_t *stamp = xmalloc(nb * sizeof *stamp), *lastpos = xmalloc(nb * sizeof *lastpos);
    uint8_t *flags = xmalloc(nb);
    memset(stamp, 0xff, nb * sizeof *stamp);

    struct seqtab loops = {0};
    size_t lcap = 0, *loop_cases = NULL, *loop_occ = NULL;
    uint32_t *loop_lastv = NULL;
    struct instance *inst = NULL;
    size_t ninst = 0, icap = 0;
    size_t *inst_off = xmalloc((nv + 1) * sizeof *inst_off);
    uint32_t *canon = NULL; /* a loop in its canonical rotation */
    ptrdiff_t *booth = NULL;
    size_t ccap = 0;

    for (size_t v = 0; v < nv; v++) {
        inst_off[v] = ninst;
        if (w[v] == 0)
            continue;
        size_t n;
        const uint32_t *seq = variants_sequence(log, (uint32_t)v, &n);
        for (size_t i = 0; i < n; i++) {
            uint32_t a = seq[i];
            if (stamp[a] != (uint32_t)v) {
                stamp[a] = (uint32_t)v;
                lastpos[a] = (uint32_t)i;
                flags[a] = 0;
                continue;
            }
            /* A recurrence: count the case once per kind, every extra occurrence. */
            size_t p = lastpos[a];
            uint8_t kind = p + 1 == i ? FLAG_SELF : FLAG_REDO;
            if (flags[a] == 0)
                rep[a] += w[v];
            if (!(flags[a] & kind))
                *(kind == FLAG_SELF ? &selfc[a] : &redo[a]) += w[v];
            flags[a] |= kind;
            extra[a] += w[v];
            lastpos[a] = (uint32_t)i;
            /* A cycle is one loop whichever of its activities it is entered at: it is
               counted under its least rotation (by stage order, then name). */
            size_t body = i - p;
            if (body + 1 > ccap) {
                ccap = 2 * (body + 1);
                canon = xreallocarray(canon, ccap, sizeof *canon);
                booth = xreallocarray(booth, 2 * ccap, sizeof *booth);
            }
            size_t k = body > 1 ? least_rotation(seq + p, body, rot_key, booth) : 0;
            for (size_t j = 0; j < body; j++)
                canon[j] = seq[p + (k + j) % body];
            canon[body] = canon[0];
            uint32_t id = seqtab_intern(&loops, canon, body + 1);
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
        L->path = out->arena + loops.off[l];
        L->len = loops.len[l];
        L->cases = loop_cases[l];
        L->occurrences = loop_occ[l];
        L->median_ms = median_unsorted(dur + doff[l], loop_occ[l]);
    }

    free(canon);
    free(booth);
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
    free(lastpos);
    free(stamp);
    free(redo);
    free(selfc);
    free(extra);
    free(rep);
}

/* ------------------------------------------------------------ stage order */

/*
 * A relative position with its weight, packed for a radix sort: the position
 * in [0, 1] on a grid of 2^-30 (positions closer than 1e-9 count as equal) in
 * the high bits, the weight (cases of the variant, < 2^32) in the low 32.
 */
#define POS_SCALE 1073741824.0 /* 2^30 */

static int64_t
posw_pack(double pos, size_t w)
{
    return (int64_t)((uint64_t)llround(pos * POS_SCALE) << 32 | (uint64_t)(w & 0xffffffffu));
}

static double
posw_pos(int64_t x)
{
    return (double)((uint64_t)x >> 32) / POS_SCALE;
}

/* The packed value at weighted rank k (0-based) of v[0..n): each counts its weight times. */
static int64_t
weighted_kth(int64_t *v, size_t n, size_t k)
{
    for (;;) {
        size_t lt, gt, wl = 0, we = 0;
        partition3(v, n, &lt, &gt);
        for (size_t i = 0; i < lt; i++)
            wl += (size_t)(v[i] & 0xffffffff);
        for (size_t i = lt; i < gt; i++)
            we += (size_t)(v[i] & 0xffffffff);
        if (k < wl) {
            n = lt;
        } else if (k < wl + we) {
            return v[lt];
        } else {
            k -= wl + we;
            v += gt;
            n -= gt;
        }
    }
}

/* Median of the positions each repeated by its weight, as numpy would give it (reorders v). */
static double
weighted_median(int64_t *v, size_t n)
{
    size_t W = 0;
    for (size_t i = 0; i < n; i++)
        W += (size_t)(v[i] & 0xffffffff);
    double x1 = posw_pos(weighted_kth(v, n, (W - 1) / 2));
    double x2 = posw_pos(weighted_kth(v, n, W / 2));
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

/*
 * Inference sees every first occurrence of an activity in a selected variant of
 * two or more events, at index i of a variant of length n, weighted by the
 * variant's cases. Weights for the same (activity, n - 1, i) are summed in a
 * dense table while n - 1 <= dmax (short cases, the bulk of most logs), so the
 * medians are taken over few distinct values; longer cases are listed apart.
 */
struct firsts {
    size_t dmax; /* largest n - 1 kept in the table */
    size_t *tab; /* [a][d][i], (dmax + 1)^2 slots per activity */
    size_t nlong, longcap;
    uint64_t *longs; /* activity << 32 | index into longv */
    int64_t *longv;  /* packed positions of the long cases */
};

static void
collect_firsts(const struct event_log *log, const size_t *w, struct firsts *fs)
{
    size_t na = eventlog_n_activities(log), nb = na ? na : 1;
    fs->dmax = 64;
    while (fs->dmax > 8 && nb * (fs->dmax + 1) * (fs->dmax + 1) > ((size_t)1 << 20))
        fs->dmax /= 2;
    size_t side = fs->dmax + 1;
    fs->tab = xcalloc(nb * side * side, sizeof *fs->tab);
    uint32_t *stamp = xmalloc(nb * sizeof *stamp);
    memset(stamp, 0xff, nb * sizeof *stamp);
    for (size_t v = 0; v < log->n_variants; v++) {
        size_t n;
        const uint32_t *seq = variants_sequence(log, (uint32_t)v, &n);
        if (w[v] == 0 || n < 2)
            continue;
        size_t d = n - 1;
        for (size_t i = 0; i < n; i++) {
            uint32_t a = seq[i];
            if (stamp[a] == (uint32_t)v)
                continue;
            stamp[a] = (uint32_t)v;
            if (d <= fs->dmax) {
                fs->tab[(a * side + d) * side + i] += w[v];
                continue;
            }
            if (fs->nlong == fs->longcap) {
                fs->longcap = fs->longcap ? fs->longcap * 2 : 1024;
                fs->longs = xreallocarray(fs->longs, fs->longcap, sizeof *fs->longs);
                fs->longv = xreallocarray(fs->longv, fs->longcap, sizeof *fs->longv);
            }
            fs->longs[fs->nlong] = (uint64_t)a << 32 | fs->nlong;
            fs->longv[fs->nlong] = posw_pack((double)i / (double)d, w[v]);
            fs->nlong++;
        }
    }
    free(stamp);
}

static int
cmp_u64(const void *pa, const void *pb)
{
    uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
    return (a > b) - (a < b);
}

static void
infer_stages(const struct event_log *log, const size_t *w, struct rework *out)
{
    size_t na = eventlog_n_activities(log), nb = na ? na : 1;
    struct firsts fs = {0};
    collect_firsts(log, w, &fs);
    if (fs.nlong > 0)
        qsort(fs.longs, fs.nlong, sizeof *fs.longs, cmp_u64); /* groups them by activity */

    size_t side = fs.dmax + 1, vcap = 256, li = 0;
    int64_t *vals = xmalloc(vcap * sizeof *vals);
    struct stage_key *keys = xmalloc(nb * sizeof *keys);
    size_t nk = 0;
    for (size_t a = 0; a < na; a++) {
        size_t m = 0;
        const size_t *t = fs.tab + a * side * side;
        for (size_t d = 1; d <= fs.dmax; d++)
            for (size_t i = 0; i <= d; i++) {
                if (t[d * side + i] == 0)
                    continue;
                if (m == vcap) {
                    vcap *= 2;
                    vals = xreallocarray(vals, vcap, sizeof *vals);
                }
                vals[m++] = posw_pack((double)i / (double)d, t[d * side + i]);
            }
        for (; li < fs.nlong && fs.longs[li] >> 32 == a; li++) {
            if (m == vcap) {
                vcap *= 2;
                vals = xreallocarray(vals, vcap, sizeof *vals);
            }
            vals[m++] = fs.longv[fs.longs[li] & 0xffffffff];
        }
        if (m > 0)
            keys[nk++] = (struct stage_key){(uint32_t)a, weighted_median(vals, m)};
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
    free(vals);
    free(fs.tab);
    free(fs.longs);
    free(fs.longv);
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
    uint32_t *dense; /* entry + 1 by from * na + to, for few activities (else NULL) */
    size_t na;
};

/* A dense index up to this many activities (a 1 MB table), a hash table beyond. */
#define PAIRTAB_DENSE_MAX 512

static void
pairtab_init(struct pairtab *t, size_t na)
{
    memset(t, 0, sizeof *t);
    t->na = na;
    if (na > 0 && na <= PAIRTAB_DENSE_MAX)
        t->dense = xcalloc(na * na, sizeof *t->dense);
}

static struct pairent *
pairtab_append(struct pairtab *t, uint64_t key)
{
    if (t->n == t->ecap) {
        t->ecap = t->ecap ? t->ecap * 2 : 64;
        t->e = xreallocarray(t->e, t->ecap, sizeof *t->e);
    }
    t->e[t->n] = (struct pairent){key, 0, 0, CF_NONE};
    return &t->e[t->n++];
}

static struct pairent *
pairtab_get(struct pairtab *t, uint32_t from, uint32_t to)
{
    if (t->dense != NULL) {
        uint32_t *d = &t->dense[(size_t)from * t->na + to];
        if (*d == 0) {
            pairtab_append(t, (uint64_t)from << 32 | to);
            *d = (uint32_t)t->n;
        }
        return &t->e[*d - 1];
    }
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
    struct pairent *p = pairtab_append(t, key);
    t->slot[k] = (uint32_t)t->n;
    return p;
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

    /* End activities: at least 90% of their occurrences end their case. A jump into one
       as the case's last event is an exit (as the playbook check treats losing ends),
       not a skip of the stages in between. */
    size_t *occ = xcalloc(na ? na : 1, sizeof *occ), *last = xcalloc(na ? na : 1, sizeof *last);
    for (size_t v = 0; v < nv; v++) {
        if (w[v] == 0)
            continue;
        size_t n;
        const uint32_t *seq = variants_sequence(log, (uint32_t)v, &n);
        for (size_t i = 0; i < n; i++)
            occ[seq[i]] += w[v];
        if (n > 0)
            last[seq[n - 1]] += w[v];
    }
    bool *is_end = xcalloc(na ? na : 1, sizeof *is_end);
    for (size_t a = 0; a < na; a++)
        is_end[a] = occ[a] > 0 && (double)last[a] >= 0.9 * (double)occ[a];
    free(occ);
    free(last);

    struct pairtab back, skip;
    pairtab_init(&back, na);
    pairtab_init(&skip, na);
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
                else if (rank[a] > rank[prev] + 1 && !(i + 1 == n && is_end[a]))
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
        free(tabs[t]->dense);
        free(tabs[t]->e);
    }
    free(rank);
    free(is_end);
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

    /* The orderings below use name_rank (file-level state: qsort has no context
     * argument, so rework_build is not re-entrant across threads). */
    rank_names(log);
    if (stages != NULL)
        given_stages(log, stages, n_stages, out);
    else
        infer_stages(log, w, out);
    /* Rotation order of loops: stage rank (activities off the order last), then name. */
    size_t na = eventlog_n_activities(log);
    uint64_t *rot_key = xmalloc((na ? na : 1) * sizeof *rot_key);
    for (size_t a = 0; a < na; a++)
        rot_key[a] = (uint64_t)0xffffffffu << 32 | name_rank[a];
    for (size_t k = 0; k < out->n_stages; k++)
        rot_key[out->stages[k]] = (uint64_t)out->stage_rank[k] << 32 | name_rank[out->stages[k]];
    build_loops(log, sel, w, rot_key, out);
    free(rot_key);
    build_jumps(log, w, out);
    free(w);

    qsort(out->activities, out->n_activities, sizeof *out->activities, cmp_activity);
    sort_loops(out, eventlog_n_activities(log));
    free(name_rank);
    name_rank = NULL;
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

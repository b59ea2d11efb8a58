/* Two-selection comparison: key figures, per-edge/activity shares and times, divergence. */
/* SPDX-License-Identifier: MIT */
#include "compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cancel.h"
#include "outcome.h"
#include "pairmap.h"
#include "stats.h"

double
compare_ztest(size_t x1, size_t n1, size_t x2, size_t n2, double *p)
{
    if (n1 == 0 || n2 == 0) {
        *p = 1.0;
        return 0.0;
    }
    double p1 = (double)x1 / (double)n1, p2 = (double)x2 / (double)n2;
    double pool = (double)(x1 + x2) / (double)(n1 + n2);
    double se = sqrt(pool * (1 - pool) * (1.0 / (double)n1 + 1.0 / (double)n2));
    if (se == 0) {
        *p = 1.0;
        return 0.0;
    }
    double z = (p1 - p2) / se;
    *p = erfc(fabs(z) / sqrt(2.0));
    return z;
}

/* Medians of durations grouped by key: out[k] is NaN for a key with none. */
static void
grouped_medians(const uint32_t *key, const int64_t *dur, size_t n, size_t nkeys, double *out)
{
    size_t *off = xcalloc(nkeys + 1, sizeof *off);
    for (size_t i = 0; i < n; i++)
        off[key[i] + 1]++;
    for (size_t k = 0; k < nkeys; k++)
        off[k + 1] += off[k];
    int64_t *d = xmalloc((n ? n : 1) * sizeof *d);
    size_t *fill = xmalloc((nkeys ? nkeys : 1) * sizeof *fill);
    memcpy(fill, off, nkeys * sizeof *fill);
    for (size_t i = 0; i < n; i++)
        d[fill[key[i]]++] = dur[i];
    for (size_t k = 0; k < nkeys; k++) {
        size_t m = off[k + 1] - off[k];
        if (m == 0) {
            out[k] = NAN;
            continue;
        }
        out[k] = stats_quantile_select(d + off[k], m, 0.5); /* one figure: no full sort */
    }
    free(fill);
    free(d);
    free(off);
}

/* Growable (key, duration) list. */
struct kd {
    uint32_t *key;
    int64_t *dur;
    size_t n, cap;
};

static void
kd_push(struct kd *l, uint32_t key, int64_t dur)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 1024;
        l->key = xreallocarray(l->key, l->cap, sizeof *l->key);
        l->dur = xreallocarray(l->dur, l->cap, sizeof *l->dur);
    }
    l->key[l->n] = key;
    l->dur[l->n++] = dur;
}

static void
kd_free(struct kd *l)
{
    free(l->key);
    free(l->dur);
}

/* Per side: figures, cases per activity/edge, and durations to take medians of. */
struct side_scan {
    size_t *act_cases, *edge_cases; /* edge_cases grows with the index */
    size_t edge_cap;
    struct kd stage, hop;
};

static void
scan_side(const struct event_log *log, const struct selection *sel, const uint8_t *seg,
          struct pairmap *ei, struct side_scan *sc, struct compare_side *side)
{
    size_t na = eventlog_n_activities(log);
    uint32_t *act_seen = xmalloc((na ? na : 1) * sizeof *act_seen);
    memset(act_seen, 0xff, (na ? na : 1) * sizeof *act_seen);
    uint32_t *edge_seen = NULL;
    size_t edge_seen_cap = 0;
    int64_t *dur = xmalloc((log->n_cases ? log->n_cases : 1) * sizeof *dur);
    size_t nd = 0, events = 0, rework = 0, won = 0, known = 0;

    sc->act_cases = xcalloc(na ? na : 1, sizeof *sc->act_cases);
    for (size_t c = 0; c < log->n_cases; c++) {
        if (!sel_has(sel, c))
            continue;
        if ((c & 4095) == 0 && cf_cancelled())
            break; /* partial figures, thrown away by whoever cancelled */
        size_t lo = log->case_off[c], hi = log->case_off[c + 1];
        bool repeated = false;
        for (size_t e = lo; e < hi; e++) {
            uint32_t a = log->ev_act[e];
            if (act_seen[a] == (uint32_t)c)
                repeated = true;
            else
                sc->act_cases[a]++;
            act_seen[a] = (uint32_t)c;
            if (e + 1 < hi) {
                int64_t d = log->ev_time[e + 1] - log->ev_time[e];
                kd_push(&sc->stage, a, d);
                uint32_t ed = pairmap_get(ei, a, log->ev_act[e + 1]);
                kd_push(&sc->hop, ed, d);
                if (ed >= edge_seen_cap) {
                    size_t ncap = edge_seen_cap ? edge_seen_cap * 2 : 256;
                    while (ncap <= ed)
                        ncap *= 2;
                    edge_seen = xreallocarray(edge_seen, ncap, sizeof *edge_seen);
                    memset(edge_seen + edge_seen_cap, 0xff,
                           (ncap - edge_seen_cap) * sizeof *edge_seen);
                    sc->edge_cases = xreallocarray(sc->edge_cases, ncap, sizeof *sc->edge_cases);
                    memset(sc->edge_cases + edge_seen_cap, 0,
                           (ncap - edge_seen_cap) * sizeof *sc->edge_cases);
                    edge_seen_cap = ncap;
                }
                if (edge_seen[ed] != (uint32_t)c) {
                    edge_seen[ed] = (uint32_t)c;
                    sc->edge_cases[ed]++;
                }
            }
        }
        events += hi - lo;
        rework += repeated;
        dur[nd++] = eventlog_case_duration(log, c);
        if (seg != NULL && seg[c] != SEG_UNKNOWN) {
            known++;
            won += seg[c] == SEG_A;
        }
    }
    sc->edge_cap = edge_seen_cap;
    side->cases = nd;
    side->mean_dur_ms = nd ? stats_mean_i64(dur, nd) : NAN;
    side->median_dur_ms = nd ? stats_quantile_select(dur, nd, 0.5) : NAN;
    side->events_per_case = nd ? (double)events / (double)nd : 0;
    side->rework_share = nd ? (double)rework / (double)nd : 0;
    side->win_rate = known ? (double)won / (double)known : NAN;
    variants_build(log, sel, &side->variants);
    free(dur);
    free(edge_seen);
    free(act_seen);
}

static size_t
side_edge_cases(const struct side_scan *sc, uint32_t ed)
{
    return ed < sc->edge_cap ? sc->edge_cases[ed] : 0;
}

static void
fill_item(struct compare_item *it, size_t ca, size_t na_, size_t cb, size_t nb_)
{
    it->cases_a = ca;
    it->cases_b = cb;
    it->share_a = na_ ? (double)ca / (double)na_ : 0;
    it->share_b = nb_ ? (double)cb / (double)nb_ : 0;
    it->diff = it->share_a - it->share_b;
    it->ratio = it->share_b > 0 ? it->share_a / it->share_b : (it->share_a > 0 ? INFINITY : NAN);
    it->z = compare_ztest(ca, na_, cb, nb_, &it->p);
    it->significant = it->p < 0.05 && (ca >= 5 || cb >= 5);
}

static int
cmp_item(const void *pa, const void *pb)
{
    const struct compare_item *a = pa, *b = pb;
    double da = fabs(a->diff), db = fabs(b->diff);
    if (da != db)
        return da < db ? 1 : -1;
    size_t ta = a->cases_a + a->cases_b, tb = b->cases_a + b->cases_b;
    if (ta != tb)
        return ta < tb ? 1 : -1;
    if (a->from != b->from)
        return a->from < b->from ? -1 : 1;
    return (a->to > b->to) - (a->to < b->to);
}

/* The prefix tree of variants, weighted by each side's cases. */
struct trie_node {
    uint32_t parent, act; /* act CF_NONE: the root, or the "(end)" leaf */
    size_t na, nb;        /* cases passing through (or ending here for an end leaf) */
    uint32_t first_child, next_sibling;
};

struct trie {
    struct trie_node *nodes;
    size_t n, cap;
    struct pairmap index; /* (parent, act) -> node id - 1 */
};

static uint32_t
trie_child(struct trie *t, uint32_t parent, uint32_t act)
{
    size_t before = t->index.n;
    uint32_t k = pairmap_get(&t->index, parent, act);
    if (t->index.n == before)
        return k + 1; /* node ids are index + 1: node 0 is the root */
    if (t->n == t->cap) {
        t->cap *= 2;
        t->nodes = xreallocarray(t->nodes, t->cap, sizeof *t->nodes);
    }
    uint32_t id = (uint32_t)t->n++;
    t->nodes[id] = (struct trie_node){parent, act, 0, 0, CF_NONE, t->nodes[parent].first_child};
    t->nodes[parent].first_child = id;
    return id;
}

static int
cmp_split(const void *pa, const void *pb)
{
    const struct compare_split *a = pa, *b = pb;
    double za = fabs(a->z), zb = fabs(b->z);
    if (za != zb)
        return za < zb ? 1 : -1;
    return (a->prefix_len > b->prefix_len) - (a->prefix_len < b->prefix_len);
}

static void
build_splits(const struct event_log *log, const struct selection *sa, const struct selection *sb,
             size_t min_cases, const bool *hide, struct comparison *out)
{
    size_t nv = log->n_variants;
    size_t *va = xcalloc(nv ? nv : 1, sizeof *va), *vb = xcalloc(nv ? nv : 1, sizeof *vb);
    for (size_t c = 0; c < log->n_cases; c++) {
        if (sel_has(sa, c))
            va[log->case_variant[c]]++;
        else if (sel_has(sb, c))
            vb[log->case_variant[c]]++;
    }
    struct trie t = {0};
    t.cap = 1024;
    t.nodes = xmalloc(t.cap * sizeof *t.nodes);
    t.nodes[0] = (struct trie_node){CF_NONE, CF_NONE, 0, 0, CF_NONE, CF_NONE};
    t.n = 1;
    /* Node ids are index ids + 1 (node 0, the root, has no index entry): every
     * new index entry creates exactly one node. */
    for (size_t v = 0; v < nv && !((v & 4095) == 0 && cf_cancelled()); v++) {
        if (va[v] + vb[v] == 0)
            continue;
        size_t len;
        const uint32_t *seq = variants_sequence(log, (uint32_t)v, &len);
        uint32_t node = 0;
        t.nodes[0].na += va[v];
        t.nodes[0].nb += vb[v];
        for (size_t k = 0; k <= len; k++) {
            if (k < len && hide != NULL && hide[seq[k]])
                continue;
            node = trie_child(&t, node, k < len ? seq[k] : CF_NONE);
            t.nodes[node].na += va[v];
            t.nodes[node].nb += vb[v];
        }
    }
    free(va);
    free(vb);

    size_t cap = 0;
    for (size_t id = 0; id < t.n; id++) {
        struct trie_node *nd = &t.nodes[id];
        if (nd->act == CF_NONE && id != 0)
            continue; /* an end leaf */
        size_t total = nd->na + nd->nb;
        uint32_t best = CF_NONE;
        double best_z = 0, best_p = 1;
        size_t nchildren = 0;
        for (uint32_t ch = nd->first_child; ch != CF_NONE; ch = t.nodes[ch].next_sibling) {
            nchildren++;
            size_t n_c = t.nodes[ch].na + t.nodes[ch].nb, n_r = total - n_c;
            if (n_c < min_cases || n_r < min_cases)
                continue;
            double p;
            double z = compare_ztest(t.nodes[ch].na, n_c, nd->na - t.nodes[ch].na, n_r, &p);
            if (fabs(z) > fabs(best_z)) {
                best_z = z;
                best_p = p;
                best = ch;
            }
        }
        if (nchildren < 2 || best == CF_NONE || best_p >= 0.05)
            continue;
        /* The other side of the split: the best-supported other continuation. */
        uint32_t other = CF_NONE;
        for (uint32_t ch = nd->first_child; ch != CF_NONE; ch = t.nodes[ch].next_sibling)
            if (ch != best && (other == CF_NONE || t.nodes[ch].na + t.nodes[ch].nb >
                                                       t.nodes[other].na + t.nodes[other].nb))
                other = ch;
        uint32_t ga = best_z > 0 ? best : other, gb = best_z > 0 ? other : best;
        if (out->n_splits == cap) {
            cap = cap ? cap * 2 : 64;
            out->splits = xreallocarray(out->splits, cap, sizeof *out->splits);
        }
        struct compare_split *s = &out->splits[out->n_splits++];
        memset(s, 0, sizeof *s);
        size_t depth = 0;
        for (uint32_t p = (uint32_t)id; p != 0; p = t.nodes[p].parent)
            depth++;
        s->prefix = xmalloc((depth ? depth : 1) * sizeof *s->prefix);
        s->prefix_len = depth;
        for (uint32_t p = (uint32_t)id; p != 0; p = t.nodes[p].parent)
            s->prefix[--depth] = t.nodes[p].act;
        s->cases = total;
        s->next_a = t.nodes[ga].act;
        s->next_b = t.nodes[gb].act;
        s->cases_next_a = t.nodes[ga].na + t.nodes[ga].nb;
        s->cases_next_b = t.nodes[gb].na + t.nodes[gb].nb;
        s->rate_next_a = (double)t.nodes[ga].na / (double)s->cases_next_a;
        s->rate_next_b = (double)t.nodes[gb].na / (double)s->cases_next_b;
        s->z = fabs(best_z);
    }
    if (out->n_splits > 1) /* qsort must not get the NULL of an empty list */
        qsort(out->splits, out->n_splits, sizeof *out->splits, cmp_split);
    free(t.nodes);
    pairmap_clear(&t.index);
}

void
compare_build(const struct event_log *log, const struct selection *a, const struct selection *b,
              const uint8_t *seg, size_t min_split_cases, const bool *hide, struct comparison *out)
{
    size_t na = eventlog_n_activities(log);
    struct pairmap ei;
    pairmap_init(&ei, na);
    struct side_scan sa = {0}, sb = {0};
    memset(out, 0, sizeof *out);
    scan_side(log, a, seg, &ei, &sa, &out->a);
    scan_side(log, b, seg, &ei, &sb, &out->b);

    double *stage_a = xmalloc((na ? na : 1) * sizeof *stage_a);
    double *stage_b = xmalloc((na ? na : 1) * sizeof *stage_b);
    grouped_medians(sa.stage.key, sa.stage.dur, sa.stage.n, na, stage_a);
    grouped_medians(sb.stage.key, sb.stage.dur, sb.stage.n, na, stage_b);
    double *hop_a = xmalloc((ei.n ? ei.n : 1) * sizeof *hop_a);
    double *hop_b = xmalloc((ei.n ? ei.n : 1) * sizeof *hop_b);
    grouped_medians(sa.hop.key, sa.hop.dur, sa.hop.n, ei.n, hop_a);
    grouped_medians(sb.hop.key, sb.hop.dur, sb.hop.n, ei.n, hop_b);

    out->acts = xcalloc(na ? na : 1, sizeof *out->acts);
    for (size_t k = 0; k < na; k++) {
        if (sa.act_cases[k] + sb.act_cases[k] == 0)
            continue;
        struct compare_item *it = &out->acts[out->n_acts++];
        it->from = (uint32_t)k;
        it->to = CF_NONE;
        fill_item(it, sa.act_cases[k], out->a.cases, sb.act_cases[k], out->b.cases);
        it->median_a_ms = stage_a[k];
        it->median_b_ms = stage_b[k];
    }
    out->edges = xcalloc(ei.n ? ei.n : 1, sizeof *out->edges);
    for (size_t k = 0; k < ei.n; k++) {
        struct compare_item *it = &out->edges[out->n_edges++];
        it->from = ei.first[k];
        it->to = ei.second[k];
        fill_item(it, side_edge_cases(&sa, (uint32_t)k), out->a.cases,
                  side_edge_cases(&sb, (uint32_t)k), out->b.cases);
        it->median_a_ms = hop_a[k];
        it->median_b_ms = hop_b[k];
    }
    /* Outcome markers (in 90%+ of one side's cases, never in the other's) split
     * the paths trivially: leave them out of the divergence like hide. */
    bool *mask = xcalloc(na ? na : 1, sizeof *mask);
    for (size_t i = 0; i < out->n_acts; i++) {
        const struct compare_item *it = &out->acts[i];
        if ((it->cases_b == 0 && it->share_a >= 0.9) || (it->cases_a == 0 && it->share_b >= 0.9))
            mask[it->from] = true;
    }
    for (size_t k = 0; hide != NULL && k < na; k++)
        mask[k] |= hide[k];
    qsort(out->acts, out->n_acts, sizeof *out->acts, cmp_item);
    qsort(out->edges, out->n_edges, sizeof *out->edges, cmp_item);
    build_splits(log, a, b, min_split_cases ? min_split_cases : 1, mask, out);
    out->path_hidden = mask;

    free(stage_a);
    free(stage_b);
    free(hop_a);
    free(hop_b);
    free(sa.act_cases);
    free(sb.act_cases);
    free(sa.edge_cases);
    free(sb.edge_cases);
    kd_free(&sa.stage);
    kd_free(&sb.stage);
    kd_free(&sa.hop);
    kd_free(&sb.hop);
    pairmap_clear(&ei);
}

void
compare_clear(struct comparison *cmp)
{
    if (cmp == NULL)
        return;
    variants_clear(&cmp->a.variants);
    variants_clear(&cmp->b.variants);
    free(cmp->edges);
    free(cmp->acts);
    for (size_t i = 0; i < cmp->n_splits; i++)
        free(cmp->splits[i].prefix);
    free(cmp->splits);
    free(cmp->path_hidden);
    memset(cmp, 0, sizeof *cmp);
}

/* Whether seq, without the hidden activities, begins with prefix and goes on with next. */
static bool
path_continues(const uint32_t *seq, size_t n, const bool *hidden, const uint32_t *prefix,
               size_t len, uint32_t next)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (hidden != NULL && hidden[seq[i]])
            continue;
        if (k == len)
            return seq[i] == next;
        if (seq[i] != prefix[k])
            return false;
        k++;
    }
    return k == len && next == CF_NONE;
}

void
compare_split_select(const struct event_log *log, const struct selection *sel, const bool *hidden,
                     const uint32_t *prefix, size_t len, uint32_t next, struct selection *out)
{
    selection_fill(out, false);
    size_t nv = log->n_variants;
    bool *match = xcalloc(nv ? nv : 1, sizeof *match);
    for (size_t v = 0; v < nv; v++) {
        size_t n;
        const uint32_t *seq = variants_sequence(log, (uint32_t)v, &n);
        match[v] = path_continues(seq, n, hidden, prefix, len, next);
    }
    for (size_t c = 0; c < log->n_cases; c++)
        if (sel_has(sel, c) && match[log->case_variant[c]])
            selection_set(out, c, true);
    free(match);
}

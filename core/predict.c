/* Outlook for open cases: prefix and suffix trees of closed cases' open states, back-off, backtest.
 */
/* SPDX-License-Identifier: MIT */
#include "predict.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pairmap.h"
#include "stats.h"
#include "util.h"

/* ---- truth -------------------------------------------------------------- */

static bool
rule_on_event(const struct outcome_rule *r, const struct event_log *log, size_t e)
{
    if (r->kind == OUTCOME_ATTR) {
        uint32_t v = eventlog_attr_value(log, (size_t)r->attr, e);
        return v != CF_NONE && r->values[v];
    }
    return r->acts[log->ev_act[e]];
}

void
predict_truth_init(struct predict_truth *t, const struct event_log *log, const struct outcome *o,
                   const bool *ends)
{
    t->n_cases = log->n_cases;
    t->close_at = xcalloc(log->n_cases ? log->n_cases : 1, sizeof *t->close_at);
    t->label = xcalloc(log->n_cases ? log->n_cases : 1, sizeof *t->label);
    size_t cap = 0;
    bool *closed = NULL;
    for (size_t c = 0; c < log->n_cases; c++) {
        size_t lo = log->case_off[c], hi = log->case_off[c + 1], n = hi - lo;
        t->close_at[c] = PREDICT_OPEN_AT;
        t->label[c] = PREDICT_OPEN;
        if (n == 0)
            continue;
        if (n > cap) {
            cap = n;
            closed = xreallocarray(closed, cap, sizeof *closed);
        }
        bool a_any = false, b_any = false;
        for (size_t i = 0; i < n; i++) {
            size_t e = lo + i;
            bool a_ev = rule_on_event(&o->a, log, e);
            bool b_ev = o->has_b && rule_on_event(&o->b, log, e);
            a_any |= a_ev;
            b_any |= b_ev;
            bool cl = ends != NULL && ends[log->ev_act[e]];
            if (o->a.kind == OUTCOME_ACTIVITY)
                cl |= a_any || b_any;
            else if (o->a.kind == OUTCOME_LAST)
                cl |= a_ev || b_ev;
            closed[i] = cl;
        }
        if (!closed[n - 1])
            continue;
        size_t z = n - 1;
        while (z > 0 && closed[z - 1])
            z--;
        t->close_at[c] = (uint32_t)z;
        bool a_whole = o->a.kind == OUTCOME_LAST ? rule_on_event(&o->a, log, hi - 1) : a_any;
        bool b_whole =
            o->has_b && (o->b.kind == OUTCOME_LAST ? rule_on_event(&o->b, log, hi - 1) : b_any);
        t->label[c] = a_whole ? PREDICT_WON : !o->has_b || b_whole ? PREDICT_LOST : PREDICT_OTHER;
    }
    free(closed);
}

void
predict_truth_clear(struct predict_truth *t)
{
    free(t->close_at);
    free(t->label);
    t->close_at = NULL;
    t->label = NULL;
}

/* ---- the model ---------------------------------------------------------- */

/* Statistics of one context that need its open states, computed when first asked. */
struct node_detail {
    uint32_t n_next;
    uint32_t next[PREDICT_NEXT];
    double next_p[PREDICT_NEXT];
    double rem_med, rem_p10, rem_p90;
};

/*
 * A tree of contexts: node 0 is the root. The children of a node are kids[kid_off[n]
 * .. kid_off[n + 1]), ascending by activity (a binary search finds one). cases / won
 * / lost count the distinct closed cases with an open state in the context, counted
 * while building; visits[n] is the number of those open states.
 *
 * The prefix tree (fwd) lists no open states: a case passes a node at most once, at
 * depth[n] (events before it), and the cases through it are those of the model's
 * variant groups lo[n] .. hi[n] - 1 (in preorder, a node's variants are one run) that
 * close after depth[n]; they are gathered when asked. The suffix tree
 * (bwd) lists them: obs[lo[n] .. hi[n]) (global event indexes), laid out in preorder
 * of their deepest node, so that a node's range holds its whole subtree.
 */
struct tree {
    size_t n_nodes, cap;
    uint32_t *parent, *act; /* root: CF_NONE */
    uint32_t *depth;        /* fwd only */
    uint32_t *kid_off, *kids;
    uint32_t *lo, *hi;
    uint32_t *obs; /* bwd only */
    uint32_t *cases, *won, *lost, *visits;
    uint32_t *det; /* 1 + index into dets, 0 = not computed yet */
    struct node_detail *dets;
    size_t n_det, cap_det;
};

/*
 * The learnt cases grouped by variant, the variants in some order: the cases of the
 * j-th variant are [off[j], off[j + 1]), by closing depth descending, with what the
 * model reads of them side by side (one run of memory per variant).
 */
struct groups {
    size_t n;        /* variants (with learnt cases) */
    uint32_t *off;   /* n + 1 */
    uint32_t *start; /* first event of each case */
    uint32_t *z;     /* its closing depth (close_at) */
    uint8_t *lab;    /* label */
    int64_t *close;  /* closing event time */
};

static void
groups_free(struct groups *g)
{
    free(g->off);
    free(g->start);
    free(g->z);
    free(g->lab);
    free(g->close);
    memset(g, 0, sizeof *g);
}

/* Group the cases byz[0..nc) (learnt, by closing depth descending) by variant, in
 * the order order[0..nord); jof[v] gets each variant's position. */
static void
groups_build(struct groups *g, const struct event_log *log, const struct predict_truth *t,
             const int64_t *close_t, const uint32_t *order, size_t nord, const uint32_t *byz,
             size_t nc, uint32_t *jof)
{
    g->n = nord;
    g->off = xcalloc(nord + 2, sizeof *g->off);
    g->start = xmalloc((nc ? nc : 1) * sizeof *g->start);
    g->z = xmalloc((nc ? nc : 1) * sizeof *g->z);
    g->lab = xmalloc(nc ? nc : 1);
    g->close = xmalloc((nc ? nc : 1) * sizeof *g->close);
    for (size_t j = 0; j < nord; j++)
        jof[order[j]] = (uint32_t)j;
    for (size_t k = 0; k < nc; k++)
        g->off[jof[log->case_variant[byz[k]]] + 2]++;
    for (size_t j = 0; j < nord; j++)
        g->off[j + 2] += g->off[j + 1];
    for (size_t k = 0; k < nc; k++) {
        uint32_t c = byz[k], q = g->off[jof[log->case_variant[c]] + 1]++;
        g->start[q] = (uint32_t)log->case_off[c];
        g->z[q] = t->close_at[c];
        g->lab[q] = t->label[c];
        g->close[q] = close_t[c];
    }
}

/* The same groups in another order: variant j goes to position to[j]. */
static void
groups_permute(struct groups *out, const struct groups *g, const uint32_t *to)
{
    size_t n = g->n, nc = g->off[n];
    out->n = n;
    out->off = xcalloc(n + 1, sizeof *out->off);
    out->start = xmalloc((nc ? nc : 1) * sizeof *out->start);
    out->z = xmalloc((nc ? nc : 1) * sizeof *out->z);
    out->lab = xmalloc(nc ? nc : 1);
    out->close = xmalloc((nc ? nc : 1) * sizeof *out->close);
    for (size_t j = 0; j < n; j++)
        out->off[to[j] + 1] = g->off[j + 1] - g->off[j];
    for (size_t j = 0; j < n; j++)
        out->off[j + 1] += out->off[j];
    for (size_t j = 0; j < n; j++) {
        size_t src = g->off[j], dst = out->off[to[j]], len = g->off[j + 1] - src;
        memcpy(out->start + dst, g->start + src, len * sizeof *out->start);
        memcpy(out->z + dst, g->z + src, len * sizeof *out->z);
        memcpy(out->lab + dst, g->lab + src, len);
        memcpy(out->close + dst, g->close + src, len * sizeof *out->close);
    }
}

struct predict_model {
    const struct event_log *log;
    const struct predict_truth *truth;
    struct predict_opts opts;
    struct tree fwd, bwd; /* full prefixes; reversed suffixes of depth <= context (root = all) */
    size_t cases, won, lost;
    int64_t *close_t; /* closing event time of each learnt case */
    /* the learnt cases by variant, the variants in preorder of the prefix tree */
    struct groups g;
    /* p90 time in stage per activity (the depth-1 suffix context), when first asked */
    uint8_t *stage_done;
    double *stage_val;
    /* scratch */
    uint32_t *count;   /* per activity */
    uint32_t *touched; /* activities touched */
    int64_t *times;
    size_t times_cap;
    uint32_t *nexts; /* next activity of each open state of a context (times_cap) */
};

/* Append a node (parent, act) to a tree under construction; returns its id. */
static uint32_t
tree_add(struct tree *t, uint32_t parent, uint32_t act, bool fwd)
{
    if (t->n_nodes == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 1024;
        t->parent = xreallocarray(t->parent, t->cap, sizeof *t->parent);
        t->act = xreallocarray(t->act, t->cap, sizeof *t->act);
        t->cases = xreallocarray(t->cases, t->cap, sizeof *t->cases);
        t->won = xreallocarray(t->won, t->cap, sizeof *t->won);
        t->lost = xreallocarray(t->lost, t->cap, sizeof *t->lost);
        if (fwd)
            t->depth = xreallocarray(t->depth, t->cap, sizeof *t->depth);
    }
    size_t n = t->n_nodes++;
    t->parent[n] = parent;
    t->act[n] = act;
    t->cases[n] = t->won[n] = t->lost[n] = 0;
    return (uint32_t)n;
}

static void
tree_free(struct tree *t)
{
    free(t->parent);
    free(t->act);
    free(t->depth);
    free(t->kid_off);
    free(t->kids);
    free(t->lo);
    free(t->hi);
    free(t->obs);
    free(t->cases);
    free(t->won);
    free(t->lost);
    if (t->visits != t->cases)
        free(t->visits);
    free(t->det);
    free(t->dets);
    memset(t, 0, sizeof *t);
}

/*
 * The children lists from parent / act: a counting sort by activity, then a stable
 * one by parent (linear in nodes + activities). False when two children of a node
 * share an activity (the prefix tree was built from sequences in an order that does
 * not keep common prefixes together).
 */
static bool
tree_index(struct tree *t, size_t na)
{
    size_t nn = t->n_nodes;
    uint32_t *by_act = xmalloc(nn * sizeof *by_act);
    uint32_t *cnt = xcalloc(na + 1, sizeof *cnt);
    for (size_t i = 1; i < nn; i++)
        cnt[t->act[i] + 1]++;
    for (size_t a = 0; a < na; a++)
        cnt[a + 1] += cnt[a];
    for (size_t i = 1; i < nn; i++)
        by_act[cnt[t->act[i]]++] = (uint32_t)i;
    free(cnt);
    t->kid_off = xcalloc(nn + 1, sizeof *t->kid_off);
    t->kids = xmalloc(nn * sizeof *t->kids);
    for (size_t i = 1; i < nn; i++)
        t->kid_off[t->parent[i] + 1]++;
    for (size_t i = 0; i < nn; i++)
        t->kid_off[i + 1] += t->kid_off[i];
    uint32_t *fill = xmalloc(nn * sizeof *fill);
    memcpy(fill, t->kid_off, nn * sizeof *fill);
    for (size_t j = 0; j + 1 < nn; j++) {
        uint32_t i = by_act[j];
        t->kids[fill[t->parent[i]]++] = i;
    }
    free(fill);
    free(by_act);
    for (size_t j = 0; j + 1 < nn; j++) {
        uint32_t p = t->parent[t->kids[j]];
        if (j + 1 < t->kid_off[p + 1] && t->act[t->kids[j]] == t->act[t->kids[j + 1]])
            return false;
    }
    return true;
}

static uint32_t
tree_find(const struct tree *t, uint32_t node, uint32_t act)
{
    size_t lo = t->kid_off[node], hi = t->kid_off[node + 1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        uint32_t a = t->act[t->kids[mid]];
        if (a == act)
            return t->kids[mid];
        if (a < act)
            lo = mid + 1;
        else
            hi = mid;
    }
    return CF_NONE;
}

/* Cases learnt from: selected, closed before `before`, with at least one open state. */
static bool
learnt(const struct event_log *log, const struct selection *sel, const struct predict_truth *t,
       size_t c, int64_t before)
{
    uint32_t z = t->close_at[c];
    if (!sel_has(sel, c) || z == PREDICT_OPEN_AT || z == 0)
        return false;
    return log->ev_time[log->case_off[c] + z] < before;
}

/* A variant's sequence, as far as its learnt cases need it. */
struct vseq {
    const uint32_t *a;
    uint32_t n, v;
};

static int
cmp_vseq(const void *pa, const void *pb)
{
    const struct vseq *x = pa, *y = pb;
    for (uint32_t i = 0; i < x->n && i < y->n; i++)
        if (x->a[i] != y->a[i])
            return x->a[i] < y->a[i] ? -1 : 1;
    return (x->n > y->n) - (x->n < y->n);
}

/* order[0..nord) by their sequences (activity ids): when the log's ranks do not do. */
static void
sort_by_sequence(const struct event_log *log, uint32_t *order, size_t nord, const uint32_t *need)
{
    struct vseq *s = xmalloc((nord ? nord : 1) * sizeof *s);
    for (size_t j = 0; j < nord; j++) {
        uint32_t v = order[j];
        s[j] = (struct vseq){log->ev_act + log->case_off[log->variant_case[v]], need[v], v};
    }
    qsort(s, nord, sizeof *s, cmp_vseq);
    for (size_t j = 0; j < nord; j++)
        order[j] = s[j].v;
    free(s);
}

/*
 * Both trees from the variants of g in their order, each walked as deep as its
 * latest-closing case needs (its first: z descending). Prefix tree: each node is the
 * one on the path of the previous variant as long as they agree, else new (no
 * lookups; right when the order keeps common prefixes together, which tree_index
 * checks); the cases through each node are counted from the variant's cases by
 * closing depth. term[j] = the node where variant j's walk ends. Suffix tree:
 * bpath[voff[j] + d] = the deepest suffix node of seq[0..d], looked up only where
 * the prefix tree branches (it depends on the prefix alone). acc: 3 * max depth.
 */
static void
trees_build(struct predict_model *m, const struct groups *g, uint32_t *acc, uint32_t *term,
            const uint32_t *voff, uint32_t *bpath)
{
    const struct event_log *log = m->log;
    struct tree *t = &m->fwd, *bt = &m->bwd;
    size_t K = m->opts.context, maxd = 0;
    struct pairmap pm;
    pairmap_init(&pm, 0);
    tree_add(bt, CF_NONE, CF_NONE, false);
    for (size_t j = 0; j < g->n; j++)
        if (g->z[g->off[j]] > maxd)
            maxd = g->z[g->off[j]];
    uint32_t *snode = xmalloc((maxd ? maxd : 1) * sizeof *snode);
    uint32_t *sact = xmalloc((maxd ? maxd : 1) * sizeof *sact);
    uint32_t *sbwd = xmalloc((maxd ? maxd : 1) * sizeof *sbwd);
    size_t slen = 0;
    tree_add(t, CF_NONE, CF_NONE, true);
    t->depth[0] = 0;
    for (size_t j = 0; j < g->n; j++) {
        size_t nd = g->z[g->off[j]];
        /* cases of j still open after d events: acc[3d .. 3d+3) = cases, won, lost */
        memset(acc, 0, 3 * nd * sizeof *acc);
        for (size_t k = g->off[j]; k < g->off[j + 1]; k++) {
            uint32_t z = g->z[k];
            acc[3 * (z - 1)]++;
            acc[3 * (z - 1) + 1] += g->lab[k] == PREDICT_WON;
            acc[3 * (z - 1) + 2] += g->lab[k] == PREDICT_LOST;
        }
        for (size_t d = nd - 1; d > 0; d--)
            for (int q = 0; q < 3; q++)
                acc[3 * (d - 1) + q] += acc[3 * d + q];
        const uint32_t *seq = log->ev_act + g->start[g->off[j]];
        bool same = true;
        for (size_t d = 0; d < nd; d++) {
            if (!(same && d < slen && sact[d] == seq[d])) {
                same = false;
                uint32_t n = tree_add(t, d ? snode[d - 1] : 0, seq[d], true);
                t->depth[n] = (uint32_t)d;
                snode[d] = n;
                sact[d] = seq[d];
                slen = d + 1;
                uint32_t b = 0;
                for (size_t k = 0; k < K && k <= d; k++) {
                    uint32_t id = pairmap_get(&pm, b, seq[d - k]) + 1;
                    if (id == bt->n_nodes)
                        tree_add(bt, b, seq[d - k], false);
                    b = id;
                }
                sbwd[d] = b;
            }
            bpath[voff[j] + d] = sbwd[d];
            uint32_t n = snode[d];
            t->cases[n] += acc[3 * d];
            t->won[n] += acc[3 * d + 1];
            t->lost[n] += acc[3 * d + 2];
        }
        term[j] = snode[nd - 1];
    }
    free(snode);
    free(sact);
    free(sbwd);
    pairmap_clear(&pm);
    /* a case passes a prefix node once */
    t->visits = t->cases;
}

/*
 * Nested ranges in preorder from each node's own count of items: a node's own items,
 * then its children's subtrees in order, so that [lo[n], hi[n]) covers n's subtree.
 * fill[n] = the first slot of n's own items. Returns the total.
 */
static uint32_t
tree_ranges(struct tree *t, const uint32_t *own, uint32_t *fill)
{
    size_t nn = t->n_nodes;
    t->lo = xmalloc(nn * sizeof *t->lo);
    t->hi = xmalloc(nn * sizeof *t->hi);
    uint32_t *stack = xmalloc(nn * sizeof *stack), *pre = xmalloc(nn * sizeof *pre);
    size_t sp = 0, np = 0;
    uint32_t pos = 0;
    stack[sp++] = 0;
    while (sp > 0) {
        uint32_t n = stack[--sp];
        pre[np++] = n;
        t->lo[n] = fill[n] = pos;
        pos += own[n];
        for (size_t k = t->kid_off[n + 1]; k > t->kid_off[n]; k--)
            stack[sp++] = t->kids[k - 1];
    }
    /* in reverse preorder, a node's subtree ends where its last child's does */
    for (size_t i = np; i > 0; i--) {
        uint32_t n = pre[i - 1];
        t->hi[n] = t->kid_off[n + 1] > t->kid_off[n] ? t->hi[t->kids[t->kid_off[n + 1] - 1]]
                                                     : t->lo[n] + own[n];
    }
    free(stack);
    free(pre);
    return pos;
}

/* Count a group g1 - 1 of cases (n, won w, lost l) at node and its ancestors, once. */
static inline void
bwd_count_group(struct tree *t, uint32_t *last, uint32_t node, uint32_t g1, uint32_t n, uint32_t w,
                uint32_t l)
{
    while (node != CF_NONE && last[node] != g1) {
        last[node] = g1;
        t->cases[node] += n;
        t->won[node] += w;
        t->lost[node] += l;
        node = t->parent[node];
    }
}

struct predict_model *
predict_learn(const struct event_log *log, const struct selection *sel,
              const struct predict_truth *t, int64_t before, const struct predict_opts *o)
{
    struct predict_model *m = xcalloc(1, sizeof *m);
    m->log = log;
    m->truth = t;
    m->opts = *o;
    if (m->opts.min_support == 0)
        m->opts.min_support = 1;
    size_t na = eventlog_n_activities(log), nv = log->n_variants, nc = log->n_cases;

    /* the learnt cases, and how deep each variant is walked */
    uint32_t *need = xcalloc(nv ? nv : 1, sizeof *need);
    m->close_t = xmalloc((nc ? nc : 1) * sizeof *m->close_t);
    size_t maxz = 0;
    for (size_t c = 0; c < nc; c++) {
        if (!learnt(log, sel, t, c, before))
            continue;
        m->cases++;
        m->won += t->label[c] == PREDICT_WON;
        m->lost += t->label[c] == PREDICT_LOST;
        uint32_t v = log->case_variant[c], z = t->close_at[c];
        m->close_t[c] = log->ev_time[log->case_off[c] + z];
        if (z > need[v])
            need[v] = z;
        if (z > maxz)
            maxz = z;
    }
    /* the learnt cases by closing depth descending (a counting sort) */
    uint32_t *zoff = xcalloc(maxz + 2, sizeof *zoff);
    for (size_t c = 0; c < nc; c++)
        if (learnt(log, sel, t, c, before))
            zoff[maxz - t->close_at[c] + 1]++;
    for (size_t z = 0; z <= maxz; z++)
        zoff[z + 1] += zoff[z];
    uint32_t *byz = xmalloc((m->cases ? m->cases : 1) * sizeof *byz);
    for (size_t c = 0; c < nc; c++)
        if (learnt(log, sel, t, c, before))
            byz[zoff[maxz - t->close_at[c]]++] = (uint32_t)c;
    free(zoff);

    /* variants in the order of their sequences: the log's ranks, when a permutation */
    uint32_t *order = xmalloc((nv ? nv : 1) * sizeof *order);
    bool ranked = log->variant_rank != NULL;
    for (size_t r = 0; r < nv; r++)
        order[r] = CF_NONE;
    for (size_t v = 0; v < nv && ranked; v++) {
        uint32_t r = log->variant_rank[v];
        if (r >= nv || order[r] != CF_NONE)
            ranked = false;
        else
            order[r] = (uint32_t)v;
    }
    size_t nord = 0;
    for (size_t r = 0; r < nv; r++) {
        uint32_t v = ranked ? order[r] : (uint32_t)r;
        if (need[v] > 0)
            order[nord++] = v;
    }
    if (!ranked)
        sort_by_sequence(log, order, nord, need);

    uint32_t *jof = xmalloc((nv ? nv : 1) * sizeof *jof);
    uint32_t *voff = xmalloc((nord ? nord : 1) * sizeof *voff);
    uint32_t *bpath = NULL, *acc = xmalloc((maxz ? 3 * maxz : 1) * sizeof *acc);
    uint32_t *term = xmalloc((nord ? nord : 1) * sizeof *term);
    struct groups g = {0};
    for (int attempt = 0;; attempt++) {
        groups_build(&g, log, t, m->close_t, order, nord, byz, m->cases, jof);
        size_t total = 0;
        for (size_t j = 0; j < nord; j++) {
            voff[j] = (uint32_t)total;
            total += need[order[j]];
        }
        bpath = xreallocarray(bpath, total ? total : 1, sizeof *bpath);
        trees_build(m, &g, acc, term, voff, bpath);
        if (tree_index(&m->fwd, na) || attempt > 0)
            break;
        /* the ranks do not keep common prefixes together: sort, and again */
        tree_free(&m->fwd);
        tree_free(&m->bwd);
        groups_free(&g);
        sort_by_sequence(log, order, nord, need);
    }
    tree_index(&m->bwd, na);
    free(acc);
    free(byz);
    free(need);
    free(m->fwd.parent);
    m->fwd.parent = NULL;

    /* the suffix tree's cases, once per variant and closing depth (the same open
     * states), and each node's own open states */
    struct tree *bt = &m->bwd;
    uint32_t *own = xcalloc(bt->n_nodes, sizeof *own);
    uint32_t *last = xcalloc(bt->n_nodes, sizeof *last);
    uint32_t g1 = 0;
    for (size_t j = 0; j < g.n; j++) {
        const uint32_t *bp = bpath + voff[j];
        for (size_t k = g.off[j]; k < g.off[j + 1];) {
            uint32_t z = g.z[k], n = 0, w = 0, l = 0;
            for (; k < g.off[j + 1] && g.z[k] == z; k++) {
                n++;
                w += g.lab[k] == PREDICT_WON;
                l += g.lab[k] == PREDICT_LOST;
            }
            g1++;
            for (size_t i = 0; i < z; i++) {
                own[bp[i]] += n;
                bwd_count_group(bt, last, bp[i], g1, n, w, l);
            }
        }
    }
    free(last);
    uint32_t *pos = xmalloc(bt->n_nodes * sizeof *pos);
    uint32_t nobs = tree_ranges(bt, own, pos);
    free(own);
    bt->obs = xmalloc((nobs ? nobs : 1) * sizeof *bt->obs);
    bt->visits = xmalloc(bt->n_nodes * sizeof *bt->visits);
    for (size_t n = 0; n < bt->n_nodes; n++)
        bt->visits[n] = bt->hi[n] - bt->lo[n];
    /* in case order, so that each node's own states are in event order too */
    for (size_t c = 0; c < nc; c++) {
        if (!learnt(log, sel, t, c, before))
            continue;
        const uint32_t *bp = bpath + voff[jof[log->case_variant[c]]];
        uint32_t lo = (uint32_t)log->case_off[c];
        for (size_t i = 0; i < t->close_at[c]; i++)
            bt->obs[pos[bp[i]]++] = lo + (uint32_t)i;
    }
    free(pos);
    free(bpath);
    free(voff);
    free(jof);
    free(order);

    /* the variants again, each under the node where its walk ends, in preorder: a
     * prefix node's range of variants is then exactly those that pass it */
    {
        struct tree *ft = &m->fwd;
        uint32_t *fown = xcalloc(ft->n_nodes, sizeof *fown);
        uint32_t *fpos = xmalloc(ft->n_nodes * sizeof *fpos);
        for (size_t j = 0; j < nord; j++)
            fown[term[j]]++;
        tree_ranges(ft, fown, fpos);
        for (size_t j = 0; j < nord; j++)
            term[j] = fpos[term[j]]++;
        groups_permute(&m->g, &g, term);
        free(fpos);
        free(fown);
    }
    free(term);
    groups_free(&g);
    m->fwd.det = xcalloc(m->fwd.n_nodes, sizeof *m->fwd.det);
    m->bwd.det = xcalloc(m->bwd.n_nodes, sizeof *m->bwd.det);
    m->count = xcalloc(na ? na : 1, sizeof *m->count);
    m->touched = xmalloc((na ? na : 1) * sizeof *m->touched);
    m->stage_done = xcalloc(na ? na : 1, sizeof *m->stage_done);
    m->stage_val = xmalloc((na ? na : 1) * sizeof *m->stage_val);
    return m;
}

void
predict_model_free(struct predict_model *m)
{
    if (m == NULL)
        return;
    tree_free(&m->fwd);
    tree_free(&m->bwd);
    free(m->close_t);
    groups_free(&m->g);
    free(m->stage_done);
    free(m->stage_val);
    free(m->count);
    free(m->touched);
    free(m->times);
    free(m->nexts);
    free(m);
}

size_t
predict_model_cases(const struct predict_model *m, size_t *won, size_t *lost)
{
    if (won)
        *won = m->won;
    if (lost)
        *lost = m->lost;
    return m->cases;
}

static int64_t *
scratch_times(struct predict_model *m, size_t n)
{
    if (n > m->times_cap) {
        m->times_cap = n;
        m->times = xreallocarray(m->times, n, sizeof *m->times);
        m->nexts = xreallocarray(m->nexts, n, sizeof *m->nexts);
    }
    return m->times;
}

/*
 * The open states of a context, as their next activities (nexts) and times to the
 * close (times): the suffix tree lists them; a prefix node's are gathered from the
 * cases of its variants that close after its depth. Returns how many.
 */
static size_t
node_states(struct predict_model *m, struct tree *t, uint32_t node)
{
    const struct event_log *log = m->log;
    size_t n = t->visits[node], k = 0;
    scratch_times(m, n);
    if (t == &m->bwd) {
        const uint32_t *obs = t->obs + t->lo[node];
        for (size_t i = 0; i < n; i++) {
            uint32_t e = obs[i];
            m->nexts[i] = log->ev_act[e + 1]; /* an open state always has a next event */
            m->times[i] = m->close_t[log->ev_case[e]] - log->ev_time[e];
        }
        return n;
    }
    uint32_t d = t->depth[node];
    const struct groups *g = &m->g;
    for (size_t j = t->lo[node]; j < t->hi[node]; j++) {
        for (size_t q = g->off[j]; q < g->off[j + 1] && g->z[q] > d; q++) {
            size_t e = g->start[q] + d;
            m->nexts[k] = log->ev_act[e + 1];
            m->times[k++] = g->close[q] - log->ev_time[e];
        }
    }
    return k;
}

/*
 * Next activities and remaining times of one context, once. The quantiles by
 * selection: the same figures as from a sorted copy, in linear time.
 */
static const struct node_detail *
node_details(struct predict_model *m, struct tree *t, uint32_t node)
{
    if (t->det[node])
        return &t->dets[t->det[node] - 1];
    if (t->n_det == t->cap_det) {
        t->cap_det = t->cap_det ? 2 * t->cap_det : 64;
        t->dets = xreallocarray(t->dets, t->cap_det, sizeof *t->dets);
    }
    struct node_detail *s = &t->dets[t->n_det++];
    t->det[node] = (uint32_t)t->n_det;
    memset(s, 0, sizeof *s);
    size_t n = node_states(m, t, node), nt = 0;
    if (n == 0)
        return s;
    for (size_t i = 0; i < n; i++) {
        uint32_t a = m->nexts[i];
        if (m->count[a]++ == 0)
            m->touched[nt++] = a;
    }
    for (size_t j = 0; j < nt && s->n_next < PREDICT_NEXT; j++) {
        /* selection of the top few: PREDICT_NEXT passes over the touched list */
        size_t best = SIZE_MAX;
        for (size_t q = 0; q < nt; q++) {
            uint32_t a = m->touched[q], ca = m->count[a];
            if (ca == 0)
                continue;
            if (best == SIZE_MAX) {
                best = q;
                continue;
            }
            uint32_t b = m->touched[best], cb = m->count[b];
            if (ca > cb || (ca == cb && a < b))
                best = q;
        }
        if (best == SIZE_MAX)
            break;
        uint32_t a = m->touched[best];
        s->next[s->n_next] = a;
        s->next_p[s->n_next++] = (double)m->count[a] / (double)n;
        m->count[a] = 0; /* taken */
    }
    for (size_t q = 0; q < nt; q++)
        m->count[m->touched[q]] = 0;

    static const double qs[3] = {0.1, 0.5, 0.9};
    double qv[3];
    stats_quantiles_select(m->times, n, qs, 3, qv);
    s->rem_p10 = qv[0];
    s->rem_med = qv[1];
    s->rem_p90 = qv[2];
    return s;
}

/* p90 of the time in stage of activity `act`: the depth-1 suffix context. */
static bool
stage_p90(struct predict_model *m, uint32_t act, double *out)
{
    uint32_t node = tree_find(&m->bwd, 0, act);
    if (node == CF_NONE)
        return false;
    if (!m->stage_done[act]) {
        size_t lo = m->bwd.lo[node], hi = m->bwd.hi[node], n = hi - lo;
        if (n == 0)
            return false;
        int64_t *v = scratch_times(m, n);
        for (size_t i = lo; i < hi; i++) {
            uint32_t e = m->bwd.obs[i];
            v[i - lo] = m->log->ev_time[e + 1] - m->log->ev_time[e];
        }
        m->stage_val[act] = stats_quantile_select(v, n, 0.9);
        m->stage_done[act] = 1;
    }
    *out = m->stage_val[act];
    return true;
}

static void
fill_result(struct predict_model *m, struct tree *t, uint32_t node, struct predict_result *r)
{
    const struct node_detail *s = node_details(m, t, node);
    r->support = t->cases[node];
    r->won = t->won[node];
    r->lost = t->lost[node];
    r->p_win = r->won + r->lost ? (double)r->won / (double)(r->won + r->lost) : NAN;
    r->n_next = s->n_next;
    memcpy(r->next, s->next, sizeof r->next);
    memcpy(r->next_p, s->next_p, sizeof r->next_p);
    r->visits = t->visits[node];
    if (r->visits) {
        r->remaining_ms = s->rem_med;
        r->remaining_p10_ms = s->rem_p10;
        r->remaining_p90_ms = s->rem_p90;
    } else {
        r->remaining_ms = r->remaining_p10_ms = r->remaining_p90_ms = NAN;
    }
}

static void
finish_stage(struct predict_model *m, uint32_t last, struct predict_result *r)
{
    r->has_stage = stage_p90(m, last, &r->stage_p90_ms);
    if (!r->has_stage)
        r->stage_p90_ms = NAN;
}

void
predict_query(struct predict_model *m, const uint32_t *acts, size_t n, struct predict_result *r)
{
    memset(r, 0, sizeof *r);
    size_t need = m->opts.min_support;
    uint32_t node = 0;
    for (size_t i = 0; i < n && node != CF_NONE; i++)
        node = tree_find(&m->fwd, node, acts[i]);
    if (node != CF_NONE && n > 0) {
        r->prefix_support = m->fwd.cases[node];
        if (r->prefix_support >= need) {
            r->level = PREDICT_PREFIX;
            r->k = n;
            fill_result(m, &m->fwd, node, r);
            finish_stage(m, acts[n - 1], r);
            return;
        }
    }
    /* suffix contexts: walk the reversed suffix down to depth min(context, n) */
    uint32_t path[64];
    size_t K = m->opts.context < n ? m->opts.context : n, depth = 0;
    if (K > 64)
        K = 64;
    uint32_t b = 0;
    while (depth < K) {
        uint32_t nb = tree_find(&m->bwd, b, acts[n - 1 - depth]);
        if (nb == CF_NONE)
            break;
        b = nb;
        path[depth++] = b;
    }
    for (size_t d = depth; d > 0; d--) {
        if (m->bwd.cases[path[d - 1]] >= need) {
            r->level = PREDICT_SUFFIX;
            r->k = d;
            fill_result(m, &m->bwd, path[d - 1], r);
            if (n > 0)
                finish_stage(m, acts[n - 1], r);
            return;
        }
    }
    r->level = PREDICT_OVERALL;
    r->k = 0;
    fill_result(m, &m->bwd, 0, r);
    if (n > 0)
        finish_stage(m, acts[n - 1], r);
    else
        r->stage_p90_ms = NAN;
}

void
predict_query_last(struct predict_model *m, uint32_t last, struct predict_result *r)
{
    memset(r, 0, sizeof *r);
    uint32_t node = tree_find(&m->bwd, 0, last);
    if (node != CF_NONE && m->bwd.cases[node] > 0) {
        r->level = PREDICT_SUFFIX;
        r->k = 1;
        fill_result(m, &m->bwd, node, r);
    } else {
        r->level = PREDICT_OVERALL;
        fill_result(m, &m->bwd, 0, r);
    }
    finish_stage(m, last, r);
}

void
predict_basis(const struct event_log *log, const struct predict_result *r, const uint32_t *acts,
              size_t n, const struct predict_opts *o, struct cf_buf *buf)
{
    switch (r->level) {
    case PREDICT_PREFIX:
        cf_buf_printf(buf, "same path so far (%zu step%s)", r->k, r->k == 1 ? "" : "s");
        break;
    case PREDICT_SUFFIX:
        if (r->k == 1)
            cf_buf_printf(buf, "last step ");
        else
            cf_buf_printf(buf, "last %zu steps ", r->k);
        for (size_t i = n - r->k; i < n; i++) {
            if (i > n - r->k)
                cf_buf_puts(buf, " > ");
            cf_buf_puts(buf, eventlog_activity_name(log, acts[i]));
        }
        break;
    case PREDICT_OVERALL: cf_buf_puts(buf, "all closed cases"); break;
    }
    cf_buf_printf(buf, "; %zu closed case%s, %zu won", r->support, r->support == 1 ? "" : "s",
                  r->won);
    if (r->support > r->won + r->lost)
        cf_buf_printf(buf, ", %zu neither", r->support - r->won - r->lost);
    if (r->level != PREDICT_PREFIX)
        cf_buf_printf(buf, " (same path: %zu < %zu)", r->prefix_support, o->min_support);
}

/* ---- open cases --------------------------------------------------------- */

static bool
case_value(const struct event_log *log, int attr, size_t c, size_t upto, double *out)
{
    for (size_t e = log->case_off[c] + upto; e > log->case_off[c]; e--) {
        uint32_t v = eventlog_attr_value(log, (size_t)attr, e - 1);
        if (v == CF_NONE)
            continue;
        const char *s = strpool_get(log->values, v);
        char *end;
        double d = strtod(s, &end);
        if (end == s || *end != '\0' || !isfinite(d))
            return false;
        *out = d;
        return true;
    }
    return false;
}

static int
cmp_open_value(const void *pa, const void *pb)
{
    const struct predict_open *a = pa, *b = pb;
    if (a->at_risk != b->at_risk)
        return a->at_risk > b->at_risk ? -1 : 1;
    if (a->has_value != b->has_value)
        return a->has_value ? -1 : 1;
    return a->case_idx < b->case_idx ? -1 : a->case_idx > b->case_idx;
}

static int
cmp_open_risk(const void *pa, const void *pb)
{
    const struct predict_open *a = pa, *b = pb;
    if (a->stuck != b->stuck)
        return a->stuck ? -1 : 1;
    bool na = isnan(a->r.p_win), nb = isnan(b->r.p_win);
    if (na != nb)
        return na ? 1 : -1;
    if (!na && a->r.p_win != b->r.p_win)
        return a->r.p_win < b->r.p_win ? -1 : 1;
    if (a->idle_ms != b->idle_ms)
        return a->idle_ms > b->idle_ms ? -1 : 1;
    return a->case_idx < b->case_idx ? -1 : a->case_idx > b->case_idx;
}

void
predict_outlook_build(struct predict_model *m, const struct event_log *log,
                      const struct selection *sel, const struct predict_truth *t, int64_t now,
                      int value_attr, struct predict_outlook *out)
{
    memset(out, 0, sizeof *out);
    size_t cap = 0;
    for (size_t c = 0; c < log->n_cases; c++)
        cap += sel_has(sel, c) && t->label[c] == PREDICT_OPEN && eventlog_case_len(log, c) > 0;
    out->v = xcalloc(cap ? cap : 1, sizeof *out->v);
    for (size_t c = 0; c < log->n_cases; c++) {
        size_t n = eventlog_case_len(log, c);
        if (!sel_has(sel, c) || t->label[c] != PREDICT_OPEN || n == 0)
            continue;
        struct predict_open *p = &out->v[out->n++];
        size_t lo = log->case_off[c];
        const uint32_t *acts = log->ev_act + lo;
        p->case_idx = (uint32_t)c;
        p->last = acts[n - 1];
        p->events = n;
        p->age_ms = now - log->ev_time[lo];
        p->idle_ms = now - log->ev_time[lo + n - 1];
        predict_query(m, acts, n, &p->r);
        p->stuck = p->r.has_stage && (double)p->idle_ms > p->r.stage_p90_ms;
        if (value_attr >= 0) {
            p->has_value = case_value(log, value_attr, c, n, &p->value);
            out->no_value += !p->has_value;
            if (p->has_value && !isnan(p->r.p_win))
                p->at_risk = p->value * (1 - p->r.p_win);
        }
    }
    if (out->n > 1)
        qsort(out->v, out->n, sizeof *out->v, value_attr >= 0 ? cmp_open_value : cmp_open_risk);
}

void
predict_outlook_clear(struct predict_outlook *o)
{
    free(o->v);
    o->v = NULL;
    o->n = 0;
}

/* ---- backtest ----------------------------------------------------------- */

const char *
predict_verdict_text(enum predict_verdict v)
{
    switch (v) {
    case PREDICT_BETTER: return "better";
    case PREDICT_NO_BETTER: return "no better";
    case PREDICT_WORSE: return "worse";
    case PREDICT_NA: break;
    }
    return "n/a";
}

struct ranked {
    double p;
    size_t i;
};

static int
cmp_ranked(const void *pa, const void *pb)
{
    const struct ranked *a = pa, *b = pb;
    if (a->p != b->p)
        return a->p < b->p ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

double
predict_auc(const double *p, const bool *y, size_t n, double *se)
{
    size_t npos = 0;
    for (size_t i = 0; i < n; i++)
        npos += y[i];
    size_t nneg = n - npos;
    if (se)
        *se = NAN;
    if (npos == 0 || nneg == 0)
        return NAN;
    struct ranked *r = xmalloc(n * sizeof *r);
    for (size_t i = 0; i < n; i++)
        r[i] = (struct ranked){p[i], i};
    qsort(r, n, sizeof *r, cmp_ranked);
    double rank_pos = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && r[j].p == r[i].p)
            j++;
        double avg = (double)(i + 1 + j) / 2.0; /* ranks i+1 .. j */
        for (size_t q = i; q < j; q++)
            if (y[r[q].i])
                rank_pos += avg;
        i = j;
    }
    free(r);
    double np = (double)npos, nn = (double)nneg;
    double a = (rank_pos - np * (np + 1) / 2) / (np * nn);
    if (se) {
        double q1 = a / (2 - a), q2 = 2 * a * a / (1 + a);
        double v = (a * (1 - a) + (np - 1) * (q1 - a * a) + (nn - 1) * (q2 - a * a)) / (np * nn);
        *se = sqrt(v > 0 ? v : 0);
    }
    return a;
}

/* Paired comparison of per-case losses (lower is better): the mean difference
 * against 1.96 of its standard error. */
static enum predict_verdict
paired_verdict(const double *model, const double *base, size_t n)
{
    if (n < 2)
        return PREDICT_NA;
    double mean = 0;
    for (size_t i = 0; i < n; i++)
        mean += model[i] - base[i];
    mean /= (double)n;
    double var = 0;
    for (size_t i = 0; i < n; i++) {
        double d = model[i] - base[i] - mean;
        var += d * d;
    }
    var /= (double)(n - 1);
    double se = sqrt(var / (double)n);
    if (mean + 1.96 * se < 0)
        return PREDICT_BETTER;
    if (mean - 1.96 * se > 0)
        return PREDICT_WORSE;
    return PREDICT_NO_BETTER;
}

/* Sign test on paired errors (lower is better): cases where the model is closer
 * against cases where the baseline is, normal approximation at 1.96. */
static enum predict_verdict
sign_verdict(const double *model, const double *base, size_t n)
{
    double w = 0, l = 0;
    for (size_t i = 0; i < n; i++) {
        w += model[i] < base[i];
        l += model[i] > base[i];
    }
    if (w + l < 2)
        return PREDICT_NA;
    double z = 1.96 * sqrt(w + l);
    return w - l > z ? PREDICT_BETTER : l - w > z ? PREDICT_WORSE : PREDICT_NO_BETTER;
}

static double
mean_of(const double *v, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += v[i];
    return n ? s / (double)n : NAN;
}

static double
clip(double p)
{
    return p < PREDICT_EPS ? PREDICT_EPS : p > 1 - PREDICT_EPS ? 1 - PREDICT_EPS : p;
}

static double
logloss1(double p, bool won)
{
    p = clip(p);
    return won ? -log(p) : -log(1 - p);
}

static int
cmp_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return a < b ? -1 : a > b;
}

static double
median_of(double *v, size_t n)
{
    if (n == 0)
        return NAN;
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void
auc_cmp(const double *p, const double *base, const bool *y, size_t n, bool base_constant,
        struct predict_cmp *out)
{
    double se, se_b = 0;
    out->model = predict_auc(p, y, n, &se);
    out->base = base_constant ? (isnan(out->model) ? NAN : 0.5) : predict_auc(base, y, n, &se_b);
    if (isnan(out->model) || isnan(out->base) || isnan(se)) {
        out->verdict = PREDICT_NA;
        return;
    }
    double margin = 1.96 * sqrt(se * se + (base_constant ? 0 : se_b * se_b));
    double d = out->model - out->base;
    out->verdict = d > margin ? PREDICT_BETTER : d < -margin ? PREDICT_WORSE : PREDICT_NO_BETTER;
}

static bool
in_top(const uint32_t *v, size_t n, size_t top, uint32_t a)
{
    for (size_t i = 0; i < n && i < top; i++)
        if (v[i] == a)
            return true;
    return false;
}

void
predict_backtest_run(const struct event_log *log, const struct selection *sel,
                     const struct predict_truth *t, int64_t split, const struct predict_opts *o,
                     struct predict_backtest *out)
{
    memset(out, 0, sizeof *out);
    out->split = split;
    struct predict_model *m = predict_learn(log, sel, t, split, o);
    out->train_cases = predict_model_cases(m, &out->train_won, &out->train_lost);
    double p_overall = out->train_won + out->train_lost
                           ? (double)out->train_won / (double)(out->train_won + out->train_lost)
                           : NAN;
    struct predict_result overall;
    memset(&overall, 0, sizeof overall);
    if (out->train_cases > 0)
        fill_result(m, &m->bwd, 0, &overall);

    size_t cap = 0;
    for (size_t c = 0; c < log->n_cases; c++) {
        if (!sel_has(sel, c) || t->label[c] == PREDICT_OPEN)
            continue;
        size_t lo = log->case_off[c];
        cap += log->ev_time[lo] < split && log->ev_time[lo + t->close_at[c]] >= split;
    }
    out->cases = xcalloc(cap ? cap : 1, sizeof *out->cases);
    for (size_t c = 0; c < log->n_cases; c++) {
        if (!sel_has(sel, c) || t->label[c] == PREDICT_OPEN)
            continue;
        size_t lo = log->case_off[c], z = t->close_at[c];
        if (!(log->ev_time[lo] < split && log->ev_time[lo + z] >= split))
            continue;
        size_t n = 1;
        while (n < z && log->ev_time[lo + n] < split)
            n++;
        const uint32_t *acts = log->ev_act + lo;
        struct predict_eval_case *ec = &out->cases[out->n_eval++];
        ec->case_idx = (uint32_t)c;
        ec->prefix_len = n;
        ec->label = t->label[c];
        struct predict_result r, rl;
        predict_query(m, acts, n, &r);
        predict_query_last(m, acts[n - 1], &rl);
        ec->level = r.level;
        ec->k = r.k;
        ec->support = r.support;
        ec->p_win = isnan(r.p_win) ? p_overall : r.p_win;
        ec->p_overall = p_overall;
        ec->p_last = isnan(rl.p_win) ? p_overall : rl.p_win;
        ec->next_actual = acts[n];
        ec->n_next = r.n_next;
        memcpy(ec->next, r.next, sizeof ec->next);
        ec->n_next_base = rl.n_next;
        memcpy(ec->next_base, rl.next, sizeof ec->next_base);
        ec->remaining_actual_ms = (double)(log->ev_time[lo + z] - log->ev_time[lo + n - 1]);
        ec->remaining_ms = r.visits ? r.remaining_ms : NAN;
        ec->remaining_base_ms = overall.visits ? overall.remaining_ms : NAN;
    }
    predict_model_free(m);

    size_t ne = out->n_eval;
    double *pm = xmalloc((ne ? ne : 1) * sizeof *pm), *po = xmalloc((ne ? ne : 1) * sizeof *po);
    double *pl = xmalloc((ne ? ne : 1) * sizeof *pl);
    double *lm = xmalloc((ne ? ne : 1) * sizeof *lm), *lb = xmalloc((ne ? ne : 1) * sizeof *lb);
    bool *y = xmalloc((ne ? ne : 1) * sizeof *y);
    size_t no = 0;
    for (size_t i = 0; i < ne; i++) {
        const struct predict_eval_case *ec = &out->cases[i];
        if ((ec->label != PREDICT_WON && ec->label != PREDICT_LOST) || isnan(ec->p_win))
            continue;
        pm[no] = ec->p_win;
        po[no] = ec->p_overall;
        pl[no] = ec->p_last;
        y[no++] = ec->label == PREDICT_WON;
    }
    out->n_outcome = no;
    for (size_t i = 0; i < no; i++)
        out->n_won += y[i];
    auc_cmp(pm, po, y, no, true, &out->auc_overall);
    auc_cmp(pm, pl, y, no, false, &out->auc_last);
    /* Brier and log loss against each baseline */
    const double *bases[2] = {po, pl};
    struct predict_cmp *brier[2] = {&out->brier_overall, &out->brier_last};
    struct predict_cmp *ll[2] = {&out->logloss_overall, &out->logloss_last};
    for (int b = 0; b < 2; b++) {
        for (size_t i = 0; i < no; i++) {
            lm[i] = (pm[i] - y[i]) * (pm[i] - y[i]);
            lb[i] = (bases[b][i] - y[i]) * (bases[b][i] - y[i]);
        }
        brier[b]->model = mean_of(lm, no);
        brier[b]->base = mean_of(lb, no);
        brier[b]->verdict = paired_verdict(lm, lb, no);
        for (size_t i = 0; i < no; i++) {
            lm[i] = logloss1(pm[i], y[i]);
            lb[i] = logloss1(bases[b][i], y[i]);
        }
        ll[b]->model = mean_of(lm, no);
        ll[b]->base = mean_of(lb, no);
        ll[b]->verdict = paired_verdict(lm, lb, no);
    }
    /* next activity: top-1 and top-3 hits */
    for (int top = 1; top <= 3; top += 2) {
        struct predict_cmp *cmp = top == 1 ? &out->top1 : &out->top3;
        for (size_t i = 0; i < ne; i++) {
            const struct predict_eval_case *ec = &out->cases[i];
            lm[i] = !in_top(ec->next, ec->n_next, (size_t)top, ec->next_actual);
            lb[i] = !in_top(ec->next_base, ec->n_next_base, (size_t)top, ec->next_actual);
        }
        cmp->model = ne ? 1 - mean_of(lm, ne) : NAN;
        cmp->base = ne ? 1 - mean_of(lb, ne) : NAN;
        cmp->verdict = paired_verdict(lm, lb, ne);
    }
    /* remaining time: absolute errors */
    size_t nr = 0;
    for (size_t i = 0; i < ne; i++) {
        const struct predict_eval_case *ec = &out->cases[i];
        if (isnan(ec->remaining_ms) || isnan(ec->remaining_base_ms))
            continue;
        lm[nr] = fabs(ec->remaining_ms - ec->remaining_actual_ms);
        lb[nr++] = fabs(ec->remaining_base_ms - ec->remaining_actual_ms);
    }
    out->n_remaining = nr;
    enum predict_verdict v = sign_verdict(lm, lb, nr);
    out->remaining_mae.model = median_of(lm, nr);
    out->remaining_mae.base = median_of(lb, nr);
    /* the verdict must agree with the medians shown, not only with the sign test */
    if ((v == PREDICT_BETTER && !(out->remaining_mae.model < out->remaining_mae.base)) ||
        (v == PREDICT_WORSE && !(out->remaining_mae.model > out->remaining_mae.base)))
        v = PREDICT_NO_BETTER;
    out->remaining_mae.verdict = v;
    free(pm);
    free(po);
    free(pl);
    free(lm);
    free(lb);
    free(y);
}

void
predict_backtest_clear(struct predict_backtest *b)
{
    free(b->cases);
    b->cases = NULL;
    b->n_eval = 0;
}

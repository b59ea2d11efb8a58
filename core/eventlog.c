/* Event-log storage: the builder importers feed, ordering, cases and variants. */
/* SPDX-License-Identifier: MIT */
#include "eventlog.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static const char *const reject_keys[CF_REJ__COUNT] = {
    "missing_case", "missing_activity", "bad_timestamp", "field_count", "malformed",
};
static const char *const reject_texts[CF_REJ__COUNT] = {
    "missing case id",        "missing activity", "bad timestamp",
    "wrong number of fields", "malformed field",
};

const char *
cf_reject_key(enum cf_reject r)
{
    return r < CF_REJ__COUNT ? reject_keys[r] : "?";
}

const char *
cf_reject_text(enum cf_reject r)
{
    return r < CF_REJ__COUNT ? reject_texts[r] : "?";
}

size_t
import_report_rejected_total(const struct import_report *r)
{
    size_t t = 0;
    for (int i = 0; i < CF_REJ__COUNT; i++)
        t += r->rejected[i];
    return t;
}

/* A column while building: sparse (pairs appended in event order) until more
 * than one event in eight holds a value, then dense (cap ids, CF_NONE-filled);
 * back to sparse when growth leaves it under one in sixteen, so a column costs
 * memory in proportion to its values, whatever the number of columns. */
/* A string interned lately: its id, and its bytes in the pool (which never move). */
struct recent {
    uint32_t id;
    uint32_t n;
    const char *s; /* NULL: none yet */
};

struct bcol {
    uint32_t *dense;
    uint32_t *ev, *val;
    size_t n, pcap;     /* values held; capacity of the pairs */
    struct recent last; /* the value set last (rows repeat case attributes) */
    /* Per case (a third form, taken where a sparse column would turn dense while
     * every case so far has one value on all its events, or none on all): the
     * value of each case id, UNSEEN for cases it has not met; pccap entries. */
    uint32_t *pc;
    size_t pccap;
};

struct eventlog_builder {
    struct event_log *log; /* pools, names and report live here from the start */
    size_t n, cap;
    uint32_t *ev_case, *ev_act, *ev_res, *ev_line;
    int64_t *ev_time;
    struct bcol *cols;
    /* The id each column got last: rows of a case repeat the case id and its
     * case attributes, so most values need no hashing at all. */
    struct recent last_case, last_res;
    struct recent acts[64]; /* activities change every row: a few recent ones by a cheap key */
    bool collapse;          /* --collapse-repeats */
    bool reserved;          /* the capacity is an estimate (eventlog_builder_reserve) */
    bool no_pc;             /* rows name only some columns (add_sparse): no per-case columns */
};

/* Not an id (strpool ids stay below CF_NONE - 1) and not CF_NONE: a case not met yet. */
#define UNSEEN (CF_NONE - 1)

#define DENSE_MIN_EVENTS 1024

void
eventlog_builder_set_collapse(struct eventlog_builder *b, bool on)
{
    b->collapse = on;
}

/*
 * --collapse-repeats, once the log's columns are in their final order: drop each
 * event whose case and activity equal the previous kept event's, recompute the
 * case offsets, and renumber the attribute columns (dense: compacted; sparse: the
 * pairs of dropped events go, the rest get their new index). Linear in events.
 */
static void
collapse_repeats(struct eventlog_builder *b, size_t *n, size_t nc, size_t *case_off)
{
    struct event_log *log = b->log;
    uint32_t *newidx = xmalloc((*n ? *n : 1) * sizeof *newidx); /* CF_NONE: dropped */
    size_t o = 0, lo = 0;
    for (size_t c = 0; c < nc; c++) {
        size_t hi = case_off[c + 1], start = o;
        case_off[c] = o;
        for (size_t i = lo; i < hi; i++) {
            /* The last kept event has the activity of the event before i. */
            if (o > start && b->ev_act[i] == b->ev_act[o - 1]) {
                newidx[i] = CF_NONE;
                continue;
            }
            newidx[i] = (uint32_t)o;
            b->ev_case[o] = b->ev_case[i];
            b->ev_act[o] = b->ev_act[i];
            b->ev_res[o] = b->ev_res[i];
            b->ev_line[o] = b->ev_line[i];
            b->ev_time[o] = b->ev_time[i];
            o++;
        }
        lo = hi;
    }
    case_off[nc] = o;
    for (size_t a = 0; a < log->n_attrs; a++) {
        struct eventlog_attr *col = &log->attrs[a];
        size_t k = 0;
        if (col->per_case != NULL) {
            col->n = 0;
            for (size_t c = 0; c < nc; c++)
                if (col->per_case[c] != CF_NONE)
                    col->n += case_off[c + 1] - case_off[c];
            continue;
        }
        if (col->dense != NULL) {
            for (size_t i = 0; i < *n; i++)
                if (newidx[i] != CF_NONE)
                    col->dense[newidx[i]] = col->dense[i];
            col->n = 0;
            for (size_t i = 0; i < o; i++)
                col->n += col->dense[i] != CF_NONE;
            continue;
        }
        for (size_t j = 0; j < col->n; j++)
            if (newidx[col->ev[j]] != CF_NONE) {
                col->ev[k] = newidx[col->ev[j]];
                col->val[k++] = col->val[j];
            }
        col->n = k;
    }
    free(newidx);
    log->report.collapsed += *n - o;
    *n = o;
}

/* Intern s, trying the string r holds first (and keeping this one there). */
static inline uint32_t
intern_cached(struct strpool *sp, const char *s, size_t n, struct recent *r)
{
    if (r->s != NULL && r->n == n && cf_bytes_eq(r->s, s, n))
        return r->id;
    uint32_t id = strpool_intern(sp, s, n);
    if (n <= UINT32_MAX) {
        r->id = id;
        r->n = (uint32_t)n;
        r->s = strpool_get(sp, id);
    }
    return id;
}

/* The slot of acts an activity name is looked for in (n > 0). */
static inline size_t
recent_key(const char *s, size_t n)
{
    return (n * 7 + (unsigned char)s[0] * 3 + (unsigned char)s[n - 1]) & 63;
}

static void
bcol_to_dense(struct bcol *c, size_t cap)
{
    c->dense = xmalloc((cap ? cap : 1) * sizeof *c->dense);
    for (size_t i = 0; i < cap; i++)
        c->dense[i] = CF_NONE;
    for (size_t k = 0; k < c->n; k++)
        c->dense[c->ev[k]] = c->val[k];
    free(c->ev);
    free(c->val);
    c->ev = c->val = NULL;
    c->pcap = 0;
}

static void
bcol_to_sparse(struct bcol *c, size_t n_events)
{
    c->pcap = c->n ? c->n : 1;
    c->ev = xmalloc(c->pcap * sizeof *c->ev);
    c->val = xmalloc(c->pcap * sizeof *c->val);
    size_t k = 0;
    for (size_t i = 0; i < n_events; i++)
        if (c->dense[i] != CF_NONE) {
            c->ev[k] = (uint32_t)i;
            c->val[k++] = c->dense[i];
        }
    free(c->dense);
    c->dense = NULL;
}

/* The per-case slot of case k, the array grown as cases appear. */
static uint32_t *
pc_slot(struct bcol *c, uint32_t k)
{
    if (k >= c->pccap) {
        size_t cap = c->pccap ? c->pccap : 1024;
        while (cap <= k)
            cap *= 2;
        c->pc = xreallocarray(c->pc, cap, sizeof *c->pc);
        for (size_t i = c->pccap; i < cap; i++)
            c->pc[i] = UNSEEN;
        c->pccap = cap;
    }
    return &c->pc[k];
}

/* A per-case column to dense: events [0, upto) get their case's value, the rest
 * none (the caller sets the event being added). */
static void
pc_to_dense(struct eventlog_builder *b, struct bcol *c, size_t upto)
{
    size_t cap = b->cap;
    c->dense = xmalloc((cap ? cap : 1) * sizeof *c->dense);
    c->n = 0;
    for (size_t i = 0; i < upto; i++) {
        uint32_t v = c->pc[b->ev_case[i]];
        c->dense[i] = v == UNSEEN ? CF_NONE : v;
        c->n += c->dense[i] != CF_NONE;
    }
    for (size_t i = upto; i < cap; i++)
        c->dense[i] = CF_NONE;
    free(c->pc);
    c->pc = NULL;
    c->pccap = 0;
}

/* A sparse column whose first b->n events are case-constant to per-case; else false. */
static bool
sparse_to_pc(struct eventlog_builder *b, struct bcol *c)
{
    size_t k = 0;
    for (size_t i = 0; i < b->n; i++) {
        uint32_t v = k < c->n && c->ev[k] == i ? c->val[k++] : CF_NONE;
        uint32_t *slot = pc_slot(c, b->ev_case[i]);
        if (*slot == UNSEEN) {
            *slot = v;
        } else if (*slot != v) {
            free(c->pc);
            c->pc = NULL;
            c->pccap = 0;
            return false;
        }
    }
    free(c->ev);
    free(c->val);
    c->ev = c->val = NULL;
    c->pcap = 0;
    return true;
}

/* Event i (the newest) holds no value in column c: only a per-case column cares. */
static inline void
bcol_none(struct eventlog_builder *b, struct bcol *c, size_t i)
{
    uint32_t *slot = pc_slot(c, b->ev_case[i]);
    if (*slot == UNSEEN)
        *slot = CF_NONE;
    else if (*slot != CF_NONE)
        pc_to_dense(b, c, i);
}

/* Give event i (the newest) value id v in column c. */
static void
bcol_set(struct eventlog_builder *b, struct bcol *c, size_t i, uint32_t v)
{
    if (c->pc != NULL) {
        uint32_t *slot = pc_slot(c, b->ev_case[i]);
        if (*slot == UNSEEN)
            *slot = v;
        if (*slot == v) {
            c->n++;
            return;
        }
        pc_to_dense(b, c, i);
    }
    if (c->dense != NULL) {
        if (c->dense[i] == CF_NONE)
            c->n++;
        c->dense[i] = v;
        return;
    }
    if (c->n > 0 && c->ev[c->n - 1] == i) { /* set twice: the later value wins */
        c->val[c->n - 1] = v;
        return;
    }
    if (c->n == c->pcap) {
        c->pcap = c->pcap ? c->pcap * 2 : 4;
        c->ev = xreallocarray(c->ev, c->pcap, sizeof *c->ev);
        c->val = xreallocarray(c->val, c->pcap, sizeof *c->val);
    }
    c->ev[c->n] = (uint32_t)i;
    c->val[c->n++] = v;
    if (b->n >= DENSE_MIN_EVENTS && c->n * 8 > b->n && (b->no_pc || !sparse_to_pc(b, c)))
        bcol_to_dense(c, b->cap);
}

struct eventlog_builder *
eventlog_builder_new(const char *name, size_t n_attrs, const char *const *attr_names)
{
    struct eventlog_builder *b = xcalloc(1, sizeof *b);
    struct event_log *log = xcalloc(1, sizeof *log);
    log->name = xstrdup(name ? name : "");
    log->case_ids = strpool_new();
    log->activities = strpool_new();
    log->resources = strpool_new();
    log->values = strpool_new();
    b->log = log;
    for (size_t i = 0; i < n_attrs; i++)
        eventlog_builder_add_attr(b, attr_names[i]);
    return b;
}

size_t
eventlog_builder_add_attr(struct eventlog_builder *b, const char *name)
{
    struct event_log *log = b->log;
    size_t i = log->n_attrs++;
    log->attr_names = xreallocarray(log->attr_names, log->n_attrs, sizeof *log->attr_names);
    log->attr_names[i] = xstrdup(name);
    b->cols = xreallocarray(b->cols, log->n_attrs, sizeof *b->cols);
    memset(&b->cols[i], 0, sizeof b->cols[i]);
    return i;
}

struct import_report *
eventlog_builder_report(struct eventlog_builder *b)
{
    return &b->log->report;
}

struct event_log *
eventlog_builder_log(struct eventlog_builder *b)
{
    return b->log;
}

static void builder_resize(struct eventlog_builder *b, size_t cap);

void
eventlog_builder_reserve(struct eventlog_builder *b, size_t n_events)
{
    b->reserved = true;
    if (n_events > b->cap)
        builder_resize(b, n_events);
}

static void
builder_grow(struct eventlog_builder *b)
{
    /* After a reservation (an estimate), small steps: a large realloc moves pages,
     * not bytes, and doubling would overshoot by up to the estimate. */
    builder_resize(b, b->reserved ? b->cap + b->cap / 8 + 4096 : b->cap ? b->cap * 2 : 4096);
}

static void
builder_resize(struct eventlog_builder *b, size_t cap)
{
    size_t old = b->cap;
    b->cap = cap;
    b->ev_case = xreallocarray(b->ev_case, b->cap, sizeof *b->ev_case);
    b->ev_act = xreallocarray(b->ev_act, b->cap, sizeof *b->ev_act);
    b->ev_res = xreallocarray(b->ev_res, b->cap, sizeof *b->ev_res);
    b->ev_line = xreallocarray(b->ev_line, b->cap, sizeof *b->ev_line);
    b->ev_time = xreallocarray(b->ev_time, b->cap, sizeof *b->ev_time);
    for (size_t i = 0; i < b->log->n_attrs; i++) {
        struct bcol *c = &b->cols[i];
        if (c->dense == NULL)
            continue;
        if (c->n * 16 < b->n) {
            bcol_to_sparse(c, b->n);
            continue;
        }
        c->dense = xreallocarray(c->dense, b->cap, sizeof *c->dense);
        for (size_t e = old; e < b->cap; e++)
            c->dense[e] = CF_NONE;
    }
}

/* Append an event's fixed columns; returns its index. */
static size_t
builder_push(struct eventlog_builder *b, const char *case_id, size_t case_len, const char *act,
             size_t act_len, int64_t time_ms, const char *res, size_t res_len, size_t line)
{
    struct event_log *log = b->log;
    if (b->n == b->cap)
        builder_grow(b);
    size_t i = b->n++;
    b->ev_case[i] = intern_cached(log->case_ids, case_id, case_len, &b->last_case);
    b->ev_act[i] = act_len > 0 ? intern_cached(log->activities, act, act_len,
                                               &b->acts[recent_key(act, act_len)])
                               : strpool_intern(log->activities, act, act_len);
    b->ev_res[i] = res != NULL && res_len > 0
                       ? intern_cached(log->resources, res, res_len, &b->last_res)
                       : CF_NONE;
    b->ev_line[i] = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
    b->ev_time[i] = time_ms;
    return i;
}

void
eventlog_builder_add(struct eventlog_builder *b, const char *case_id, size_t case_len,
                     const char *act, size_t act_len, int64_t time_ms, const char *res,
                     size_t res_len, size_t line, const char *const *attr_vals,
                     const size_t *attr_lens)
{
    struct event_log *log = b->log;
    size_t i = builder_push(b, case_id, case_len, act, act_len, time_ms, res, res_len, line);
    for (size_t a = 0; a < log->n_attrs; a++) {
        const char *v = attr_vals ? attr_vals[a] : NULL;
        size_t vl = v ? attr_lens[a] : 0;
        struct bcol *c = &b->cols[a];
        if (vl > 0)
            bcol_set(b, c, i, intern_cached(log->values, v, vl, &c->last));
        else if (c->pc != NULL)
            bcol_none(b, c, i);
    }
}

void
eventlog_builder_add_sparse(struct eventlog_builder *b, const char *case_id, size_t case_len,
                            const char *act, size_t act_len, int64_t time_ms, const char *res,
                            size_t res_len, size_t line, const uint32_t *cols,
                            const char *const *vals, const size_t *lens, size_t n)
{
    struct event_log *log = b->log;
    if (!b->no_pc) {
        /* Columns a row leaves out hold none, unseen: no column can stay per case. */
        b->no_pc = true;
        for (size_t a = 0; a < log->n_attrs; a++)
            if (b->cols[a].pc != NULL)
                pc_to_dense(b, &b->cols[a], b->n);
    }
    size_t i = builder_push(b, case_id, case_len, act, act_len, time_ms, res, res_len, line);
    for (size_t k = 0; k < n; k++) {
        if (lens[k] == 0 || cols[k] >= log->n_attrs)
            continue;
        struct bcol *c = &b->cols[cols[k]];
        bcol_set(b, c, i, intern_cached(log->values, vals[k], lens[k], &c->last));
    }
}

/* The ids in dst's pool of every string of src's pool, in src's id order. */
static uint32_t *
pool_map(struct strpool *dst, const struct strpool *src)
{
    size_t n = strpool_count(src);
    uint32_t *map = xmalloc((n ? n : 1) * sizeof *map);
    for (size_t i = 0; i < n; i++)
        map[i] = strpool_intern(dst, strpool_get(src, (uint32_t)i), strpool_len(src, (uint32_t)i));
    return map;
}

/*
 * Copy the m ids of src after dst's n0, through map (NULL: as they are; CF_NONE
 * stays), in eight pieces from the end, src shrunk after each: the peak holds an
 * eighth of the column twice, not all of it. Frees src.
 */
static void
append_ids(uint32_t *dst, size_t n0, uint32_t *src, size_t m, const uint32_t *map)
{
    for (size_t p = 8; p-- > 0;) {
        size_t lo = m * p / 8, hi = m * (p + 1) / 8;
        if (map != NULL)
            for (size_t i = lo; i < hi; i++)
                dst[n0 + i] = src[i] != CF_NONE ? map[src[i]] : CF_NONE;
        else
            memcpy(dst + n0 + lo, src + lo, (hi - lo) * sizeof *src);
        if (lo > 0)
            src = xreallocarray(src, lo, sizeof *src);
    }
    free(src);
}

/* The same for the times. */
static void
append_times(int64_t *dst, size_t n0, int64_t *src, size_t m)
{
    for (size_t p = 8; p-- > 0;) {
        size_t lo = m * p / 8, hi = m * (p + 1) / 8;
        memcpy(dst + n0 + lo, src + lo, (hi - lo) * sizeof *src);
        if (lo > 0)
            src = xreallocarray(src, lo, sizeof *src);
    }
    free(src);
}

void
eventlog_builder_append(struct eventlog_builder *dst, struct eventlog_builder *src)
{
    struct event_log *dl = dst->log, *sl = src->log;
    size_t n0 = dst->n, m = src->n;
    uint32_t *cmap = pool_map(dl->case_ids, sl->case_ids);
    uint32_t *amap = pool_map(dl->activities, sl->activities);
    uint32_t *rmap = pool_map(dl->resources, sl->resources);
    uint32_t *vmap = pool_map(dl->values, sl->values);
    /* Per-case columns: two that agree on the cases both have met are merged
     * case by case below; otherwise each goes dense first (src's while its case
     * column is there). */
    for (size_t a = 0; a < dl->n_attrs && a < sl->n_attrs; a++) {
        struct bcol *sc = &src->cols[a], *dc = &dst->cols[a];
        bool agree = sc->pc != NULL && dc->pc != NULL && !dst->no_pc;
        for (size_t k = 0; agree && k < sc->pccap; k++) {
            uint32_t v = sc->pc[k], ca = k < strpool_count(sl->case_ids) ? cmap[k] : CF_NONE;
            if (v == UNSEEN || ca == CF_NONE || ca >= dc->pccap || dc->pc[ca] == UNSEEN)
                continue;
            agree = dc->pc[ca] == (v == CF_NONE ? CF_NONE : vmap[v]);
        }
        if (sc->pc != NULL && !agree)
            pc_to_dense(src, sc, m);
        if (dc->pc != NULL && !agree)
            pc_to_dense(dst, dc, n0);
    }
    /* Column by column, each of src's freed once copied, so that the peak holds
     * one column twice at most (builder_resize would grow all at once). */
    size_t old_cap = dst->cap;
    if (n0 + m > dst->cap) {
        dst->cap = n0 + m;
        dst->ev_case = xreallocarray(dst->ev_case, dst->cap, sizeof *dst->ev_case);
        dst->ev_act = xreallocarray(dst->ev_act, dst->cap, sizeof *dst->ev_act);
        dst->ev_res = xreallocarray(dst->ev_res, dst->cap, sizeof *dst->ev_res);
        dst->ev_line = xreallocarray(dst->ev_line, dst->cap, sizeof *dst->ev_line);
        dst->ev_time = xreallocarray(dst->ev_time, dst->cap, sizeof *dst->ev_time);
    }
    append_ids(dst->ev_case, n0, src->ev_case, m, cmap);
    append_ids(dst->ev_act, n0, src->ev_act, m, amap);
    append_ids(dst->ev_res, n0, src->ev_res, m, rmap);
    append_ids(dst->ev_line, n0, src->ev_line, m, NULL);
    append_times(dst->ev_time, n0, src->ev_time, m);
    src->ev_case = src->ev_act = src->ev_res = src->ev_line = NULL;
    src->ev_time = NULL;
    dst->n = n0 + m;
    for (size_t a = 0; a < dl->n_attrs && a < sl->n_attrs; a++) {
        struct bcol *sc = &src->cols[a], *dc = &dst->cols[a];
        if (sc->pc != NULL) { /* and dc's: they agree */
            for (size_t k = 0; k < sc->pccap && k < strpool_count(sl->case_ids); k++)
                if (sc->pc[k] != UNSEEN)
                    *pc_slot(dc, cmap[k]) = sc->pc[k] == CF_NONE ? CF_NONE : vmap[sc->pc[k]];
            dc->n += sc->n;
            free(sc->pc);
            sc->pc = NULL;
            sc->pccap = 0;
            sc->n = 0;
            continue;
        }
        if (dc->dense != NULL && dst->cap > old_cap) {
            dc->dense = xreallocarray(dc->dense, dst->cap, sizeof *dc->dense);
            for (size_t e = old_cap; e < dst->cap; e++)
                dc->dense[e] = CF_NONE;
        }
        if (sc->dense != NULL && dc->dense != NULL) {
            /* From the end, shrinking src's as above. */
            for (size_t p = 8; p-- > 0;) {
                size_t lo = m * p / 8, hi = m * (p + 1) / 8;
                for (size_t i = lo; i < hi; i++)
                    if (sc->dense[i] != CF_NONE) {
                        dc->dense[n0 + i] = vmap[sc->dense[i]];
                        dc->n++;
                    }
                if (lo > 0)
                    sc->dense = xreallocarray(sc->dense, lo, sizeof *sc->dense);
            }
        } else if (sc->dense != NULL) {
            for (size_t i = 0; i < m; i++)
                if (sc->dense[i] != CF_NONE)
                    bcol_set(dst, dc, n0 + i, vmap[sc->dense[i]]);
        } else {
            for (size_t k = 0; k < sc->n; k++)
                bcol_set(dst, dc, n0 + sc->ev[k], vmap[sc->val[k]]);
        }
        free(sc->dense);
        free(sc->ev);
        free(sc->val);
        sc->dense = sc->ev = sc->val = NULL;
        sc->n = 0;
    }
    struct import_report *dr = &dl->report, *sr = &sl->report;
    dr->collapsed += sr->collapsed;
    free(cmap);
    free(amap);
    free(rmap);
    free(vmap);
    src->n = 0;
    eventlog_builder_free(src);
}

void
eventlog_builder_free(struct eventlog_builder *b)
{
    if (b == NULL)
        return;
    free(b->ev_case);
    free(b->ev_act);
    free(b->ev_res);
    free(b->ev_line);
    free(b->ev_time);
    for (size_t i = 0; i < b->log->n_attrs; i++) {
        free(b->cols[i].dense);
        free(b->cols[i].ev);
        free(b->cols[i].val);
        free(b->cols[i].pc);
    }
    free(b->cols);
    eventlog_free(b->log);
    free(b);
}

struct tkey {
    int64_t t;
    uint32_t idx;
};

/* Stable sort by time: insertion sort when short or nearly sorted, else merge. */
static void
sort_tkeys(struct tkey *k, size_t n, struct tkey *tmp)
{
    if (n <= 32) {
        for (size_t i = 1; i < n; i++) {
            struct tkey x = k[i];
            size_t j = i;
            while (j > 0 && k[j - 1].t > x.t) {
                k[j] = k[j - 1];
                j--;
            }
            k[j] = x;
        }
        return;
    }
    size_t h = n / 2;
    sort_tkeys(k, h, tmp);
    sort_tkeys(k + h, n - h, tmp);
    if (k[h - 1].t <= k[h].t)
        return;
    memcpy(tmp, k, h * sizeof *k);
    size_t i = 0, j = h, o = 0;
    while (i < h && j < n)
        k[o++] = k[j].t < tmp[i].t ? k[j++] : tmp[i++];
    while (i < h)
        k[o++] = tmp[i++];
}

#define PERMUTE(T, col)                                                                            \
    do {                                                                                           \
        T *pc_ = xmalloc(n * sizeof(T));                                                           \
        for (size_t i_ = 0; i_ < n; i_++)                                                          \
            pc_[i_] = (col)[perm[i_]];                                                             \
        free(col);                                                                                 \
        (col) = pc_;                                                                               \
    } while (0)

/* A hash of an activity sequence, a word a step (the table's probing only: variant
 * ids are numbered by first appearance whatever it is). */
static inline uint64_t
hash_seq(const uint32_t *seq, size_t len)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ (len * 0xff51afd7ed558ccdULL);
    for (size_t i = 0; i < len; i++) {
        h = (h ^ seq[i]) * 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 29;
    }
    h *= 0x94d049bb133111ebULL;
    return h ^ (h >> 32);
}

static void
compute_variants(struct event_log *log)
{
    size_t nc = log->n_cases;
    size_t tsize = 64;
    while (tsize < nc * 2)
        tsize *= 2;
    uint32_t *table = xmalloc(tsize * sizeof *table); /* variant id + 1, 0 empty */
    memset(table, 0, tsize * sizeof *table);
    uint64_t *vhash = xmalloc((nc ? nc : 1) * sizeof *vhash);
    log->case_variant = xmalloc((nc ? nc : 1) * sizeof *log->case_variant);
    log->variant_case = xmalloc((nc ? nc : 1) * sizeof *log->variant_case);
    log->n_variants = 0;

    for (size_t c = 0; c < nc; c++) {
        const uint32_t *seq = log->ev_act + log->case_off[c];
        size_t len = eventlog_case_len(log, c);
        uint64_t h = hash_seq(seq, len);
        size_t i = h & (tsize - 1);
        for (;;) {
            uint32_t slot = table[i];
            if (slot == 0) {
                uint32_t v = (uint32_t)log->n_variants++;
                vhash[v] = h;
                log->variant_case[v] = (uint32_t)c;
                table[i] = v + 1;
                log->case_variant[c] = v;
                break;
            }
            uint32_t v = slot - 1;
            size_t rc = log->variant_case[v];
            if (vhash[v] == h && eventlog_case_len(log, rc) == len &&
                memcmp(log->ev_act + log->case_off[rc], seq, len * sizeof *seq) == 0) {
                log->case_variant[c] = v;
                break;
            }
            i = (i + 1) & (tsize - 1);
        }
    }
    free(vhash);
    free(table);
}

static int
cmp_u64(const void *pa, const void *pb)
{
    uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
    return a < b ? -1 : a > b;
}

/*
 * Before the events are reordered (ev_case still in builder order): a column
 * whose value is the same on all events of each case becomes per-case, when that
 * is smaller than its present form; its per-event ids are freed at once, before
 * the other columns are permuted. Case ids are the final case indexes, so the
 * per-case array needs no reordering. One pass over the column.
 */
static void
attr_try_per_case(struct eventlog_builder *b, struct bcol *c, struct eventlog_attr *out, size_t n,
                  size_t nc)
{
    if (c->pc != NULL) {
        /* Per case while building: every case has met the column. */
        uint32_t *pc = xreallocarray(c->pc, nc ? nc : 1, sizeof *pc);
        for (size_t k = c->pccap; k < nc; k++)
            pc[k] = CF_NONE;
        for (size_t k = 0; k < nc; k++)
            if (pc[k] == UNSEEN)
                pc[k] = CF_NONE;
        c->pc = NULL;
        c->pccap = 0;
        out->per_case = pc;
        return;
    }
    /* Worth it when it at least halves the column (dense: 4 bytes an event; sparse:
     * 8 bytes a value; per case: 4 bytes a case). */
    if (nc == 0 || (c->dense != NULL ? 2 * nc > n : c->n == 0 || nc > c->n))
        return;
    uint32_t *pc = xmalloc(nc * sizeof *pc);
    for (size_t k = 0; k < nc; k++)
        pc[k] = UNSEEN;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t v;
        if (c->dense != NULL)
            v = c->dense[i];
        else
            v = k < c->n && c->ev[k] == i ? c->val[k++] : CF_NONE;
        uint32_t *slot = &pc[b->ev_case[i]];
        if (*slot == UNSEEN) {
            *slot = v;
        } else if (*slot != v) {
            free(pc);
            return;
        }
    }
    free(c->dense);
    free(c->ev);
    free(c->val);
    c->dense = c->ev = c->val = NULL;
    out->per_case = pc;
}

/* Move the builder's columns into the log in the final event order (perm[new] =
 * old; NULL: the order they are in), each dense or sparse by its final fill
 * (per-case ones are done). */
static void
finish_attrs(struct eventlog_builder *b, const uint32_t *perm, size_t n)
{
    struct event_log *log = b->log;
    uint32_t *inv = NULL;
    for (size_t a = 0; a < log->n_attrs; a++) {
        struct bcol *c = &b->cols[a];
        struct eventlog_attr *out = &log->attrs[a];
        if (out->per_case != NULL) {
            out->n = c->n;
            continue;
        }
        if (c->dense != NULL) {
            if (perm != NULL)
                PERMUTE(uint32_t, c->dense);
            if (c->n * 8 <= n)
                bcol_to_sparse(c, n);
        } else if (c->n > 0) {
            if (perm != NULL && inv == NULL) {
                inv = xmalloc(n * sizeof *inv);
                for (size_t i = 0; i < n; i++)
                    inv[perm[i]] = (uint32_t)i;
            }
            bool sorted = true;
            for (size_t k = 0; k < c->n && perm != NULL; k++) {
                c->ev[k] = inv[c->ev[k]];
                if (k > 0 && c->ev[k] < c->ev[k - 1])
                    sorted = false;
            }
            if (!sorted) {
                uint64_t *pairs = xmalloc(c->n * sizeof *pairs);
                for (size_t k = 0; k < c->n; k++)
                    pairs[k] = (uint64_t)c->ev[k] << 32 | c->val[k];
                qsort(pairs, c->n, sizeof *pairs, cmp_u64);
                for (size_t k = 0; k < c->n; k++) {
                    c->ev[k] = (uint32_t)(pairs[k] >> 32);
                    c->val[k] = (uint32_t)pairs[k];
                }
                free(pairs);
            }
            if (c->n * 8 > n)
                bcol_to_dense(c, n);
        }
        out->dense = c->dense;
        out->ev = c->ev;
        out->val = c->val;
        out->n = c->n;
    }
    free(inv);
}

/* qsort has no context argument: the log and activity ranks of the sort under way. */
static const struct event_log *rank_log;
static const uint32_t *rank_act;

static int
cmp_act_name(const void *pa, const void *pb)
{
    return strcmp(eventlog_activity_name(rank_log, *(const uint32_t *)pa),
                  eventlog_activity_name(rank_log, *(const uint32_t *)pb));
}

static int
cmp_variant_seq(const void *pa, const void *pb)
{
    size_t ca = rank_log->variant_case[*(const uint32_t *)pa];
    size_t cb = rank_log->variant_case[*(const uint32_t *)pb];
    const uint32_t *sa = rank_log->ev_act + rank_log->case_off[ca];
    const uint32_t *sb = rank_log->ev_act + rank_log->case_off[cb];
    size_t la = eventlog_case_len(rank_log, ca), lb = eventlog_case_len(rank_log, cb);
    for (size_t i = 0; i < la && i < lb; i++)
        if (sa[i] != sb[i])
            return rank_act[sa[i]] < rank_act[sb[i]] ? -1 : 1;
    return (la > lb) - (la < lb);
}

/* The symbol of variant v at position depth for rank_sort: 0 past its end, else
 * its activity's rank + 1. */
static inline size_t
rank_sym(uint32_t v, size_t depth)
{
    size_t c = rank_log->variant_case[v];
    size_t lo = rank_log->case_off[c], len = rank_log->case_off[c + 1] - lo;
    return depth < len ? (size_t)rank_act[rank_log->ev_act[lo + depth]] + 1 : 0;
}

/*
 * Sort idx[0, n) (variants sharing their first depth activities) as cmp_variant_seq
 * does, by buckets of the activity at depth (most significant first): linear in the
 * positions looked at, where a comparison sort walks common prefixes again at each
 * comparison. Small buckets, and deep ones (a bound on the recursion), go to qsort.
 */
static void
rank_sort(uint32_t *idx, uint32_t *tmp, size_t n, size_t depth, size_t na)
{
    if (n <= 32 || depth >= 256) {
        qsort(idx, n, sizeof *idx, cmp_variant_seq);
        return;
    }
    size_t *start = xcalloc(na + 2, sizeof *start);
    for (size_t i = 0; i < n; i++)
        start[rank_sym(idx[i], depth) + 1]++;
    for (size_t k = 1; k <= na + 1; k++)
        start[k] += start[k - 1];
    size_t *fill = xmalloc((na + 1) * sizeof *fill);
    memcpy(fill, start, (na + 1) * sizeof *fill);
    for (size_t i = 0; i < n; i++)
        tmp[fill[rank_sym(idx[i], depth)]++] = idx[i];
    memcpy(idx, tmp, n * sizeof *idx);
    free(fill);
    /* Bucket 0 holds at most one variant (the one that ends here). */
    for (size_t k = 1; k <= na; k++)
        if (start[k + 1] - start[k] > 1)
            rank_sort(idx + start[k], tmp, start[k + 1] - start[k], depth + 1, na);
    free(start);
}

/*
 * Rank variants by their sequences of activity names once, so that every later
 * tie-break between variants (sorting tables per selection, the explorer) is one
 * integer comparison instead of a walk over two sequences with strcmp.
 */
static void
compute_variant_ranks(struct event_log *log)
{
    size_t na = eventlog_n_activities(log), nv = log->n_variants;
    uint32_t *order = xmalloc((na > nv ? na : nv) * sizeof *order + 1);
    uint32_t *act_rank = xmalloc((na ? na : 1) * sizeof *act_rank);
    rank_log = log;
    for (size_t a = 0; a < na; a++)
        order[a] = (uint32_t)a;
    qsort(order, na, sizeof *order, cmp_act_name);
    for (size_t i = 0; i < na; i++)
        act_rank[order[i]] = (uint32_t)i;
    rank_act = act_rank;
    for (size_t v = 0; v < nv; v++)
        order[v] = (uint32_t)v;
    if (na <= 4096 && nv > 32) { /* buckets cost O(activities) each */
        uint32_t *tmp = xmalloc(nv * sizeof *tmp);
        rank_sort(order, tmp, nv, 0, na);
        free(tmp);
    } else {
        qsort(order, nv, sizeof *order, cmp_variant_seq);
    }
    log->variant_rank = xmalloc((nv ? nv : 1) * sizeof *log->variant_rank);
    for (size_t i = 0; i < nv; i++)
        log->variant_rank[order[i]] = (uint32_t)i;
    rank_log = NULL;
    rank_act = NULL;
    free(act_rank);
    free(order);
}

/* The final order of the builder's events: by case (cases numbered by first
 * appearance), then a stable sort by time within each, which keeps file order for
 * ties. Returns perm[new] = old (the caller frees it). */
static uint32_t *
sort_events(const struct eventlog_builder *b, const size_t *case_off, size_t n, size_t nc)
{
    uint32_t *perm = xmalloc((n ? n : 1) * sizeof *perm);
    size_t *fill = xmalloc((nc ? nc : 1) * sizeof *fill);
    memcpy(fill, case_off, nc * sizeof *fill);
    for (size_t i = 0; i < n; i++)
        perm[fill[b->ev_case[i]]++] = (uint32_t)i;
    free(fill);

    /* Within each case, a stable sort by time keeps file order for ties. */
    struct tkey *keys = NULL, *tmp = NULL;
    size_t kcap = 0;
    for (size_t c = 0; c < nc; c++) {
        size_t lo = case_off[c], len = case_off[c + 1] - lo;
        int sorted = 1;
        for (size_t i = 1; i < len && sorted; i++)
            if (b->ev_time[perm[lo + i]] < b->ev_time[perm[lo + i - 1]])
                sorted = 0;
        if (sorted)
            continue;
        if (len > kcap) {
            kcap = len;
            keys = xreallocarray(keys, kcap, sizeof *keys);
            tmp = xreallocarray(tmp, kcap, sizeof *tmp);
        }
        for (size_t i = 0; i < len; i++) {
            keys[i].t = b->ev_time[perm[lo + i]];
            keys[i].idx = perm[lo + i];
        }
        sort_tkeys(keys, len, tmp);
        for (size_t i = 0; i < len; i++)
            perm[lo + i] = keys[i].idx;
    }
    free(keys);
    free(tmp);

    return perm;
}

struct event_log *
eventlog_builder_finish(struct eventlog_builder *b)
{
    struct event_log *log = b->log;
    size_t n = b->n;
    size_t nc = strpool_count(log->case_ids);

    /* Case attributes first: that frees most of their memory before the sort's. */
    log->attrs = xcalloc(log->n_attrs ? log->n_attrs : 1, sizeof *log->attrs);
    for (size_t a = 0; a < log->n_attrs; a++)
        attr_try_per_case(b, &b->cols[a], &log->attrs[a], n, nc);

    /* Counting sort by case (cases numbered by first appearance): stable. */
    log->case_off = xcalloc(nc + 1, sizeof *log->case_off);
    for (size_t i = 0; i < n; i++)
        log->case_off[b->ev_case[i] + 1]++;
    for (size_t c = 0; c < nc; c++)
        log->case_off[c + 1] += log->case_off[c];
    /* A file grouped by case, in time order within each, is in its final order
     * already (most exports are): one pass tells, and then nothing is sorted or
     * copied. Otherwise a permutation (perm[new] = old) gathers every column once. */
    bool in_order = true;
    for (size_t i = 1; i < n && in_order; i++)
        in_order = b->ev_case[i] == b->ev_case[i - 1] ? b->ev_time[i] >= b->ev_time[i - 1]
                                                      : b->ev_case[i] == b->ev_case[i - 1] + 1;
    uint32_t *perm = in_order ? NULL : sort_events(b, log->case_off, n, nc);
    if (perm != NULL) {
        PERMUTE(uint32_t, b->ev_case);
        PERMUTE(uint32_t, b->ev_act);
        PERMUTE(uint32_t, b->ev_res);
        PERMUTE(uint32_t, b->ev_line);
        PERMUTE(int64_t, b->ev_time);
    }
    finish_attrs(b, perm, n);
    free(perm);
    if (b->collapse)
        collapse_repeats(b, &n, nc, log->case_off);

    log->n_events = n;
    log->n_cases = nc;
    log->ev_case = b->ev_case;
    log->ev_act = b->ev_act;
    log->ev_res = b->ev_res;
    log->ev_line = b->ev_line;
    log->ev_time = b->ev_time;
    log->t_min = log->t_max = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || log->ev_time[i] < log->t_min)
            log->t_min = log->ev_time[i];
        if (i == 0 || log->ev_time[i] > log->t_max)
            log->t_max = log->ev_time[i];
    }
    compute_variants(log);
    compute_variant_ranks(log);
    free(b->cols);
    free(b);
    return log;
}

void
eventlog_free(struct event_log *log)
{
    if (log == NULL)
        return;
    free(log->name);
    if (log->map == NULL) {
        /* Otherwise these arrays live in a snapshot's mapping. */
        free(log->ev_case);
        free(log->ev_act);
        free(log->ev_time);
        free(log->ev_res);
        free(log->ev_line);
        if (log->attrs != NULL)
            for (size_t i = 0; i < log->n_attrs; i++) {
                free(log->attrs[i].dense);
                free(log->attrs[i].ev);
                free(log->attrs[i].val);
                free(log->attrs[i].per_case);
            }
        free(log->case_off);
        free(log->case_variant);
        free(log->variant_case);
        free(log->variant_rank);
    } else {
        munmap(log->map, log->map_size);
    }
    free(log->attrs);
    for (size_t i = 0; i < log->n_classifiers; i++) {
        free(log->classifiers[i].name);
        for (size_t k = 0; k < log->classifiers[i].n_keys; k++)
            free(log->classifiers[i].keys[k]);
        free(log->classifiers[i].keys);
    }
    free(log->classifiers);
    free(log->classifier_used);
    free(log->classifier_note);
    if (log->attr_names != NULL)
        for (size_t i = 0; i < log->n_attrs; i++)
            free(log->attr_names[i]);
    free(log->attr_names);
    strpool_free(log->case_ids);
    strpool_free(log->activities);
    strpool_free(log->resources);
    strpool_free(log->values);
    free(log);
}

int64_t
eventlog_case_duration(const struct event_log *log, size_t c)
{
    size_t lo = log->case_off[c], hi = log->case_off[c + 1];
    return hi > lo ? log->ev_time[hi - 1] - log->ev_time[lo] : 0;
}

uint32_t
eventlog_attr_sparse_value(const struct eventlog_attr *col, size_t e)
{
    size_t lo = 0, hi = col->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (col->ev[mid] < e)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < col->n && col->ev[lo] == e ? col->val[lo] : CF_NONE;
}

void
eventlog_attr_iter_init(struct eventlog_attr_iter *it, const struct event_log *log, size_t attr,
                        size_t lo, size_t hi)
{
    const struct eventlog_attr *col = &log->attrs[attr];
    it->col = col;
    it->log = log;
    it->hi = hi;
    if (col->dense != NULL || col->per_case != NULL) {
        it->pos = lo;
        return;
    }
    size_t a = 0, z = col->n;
    while (a < z) {
        size_t mid = a + (z - a) / 2;
        if (col->ev[mid] < lo)
            a = mid + 1;
        else
            z = mid;
    }
    it->pos = a;
}

bool
eventlog_attr_iter_next(struct eventlog_attr_iter *it, size_t *event, uint32_t *value)
{
    const struct eventlog_attr *col = it->col;
    if (col->dense != NULL) {
        for (; it->pos < it->hi; it->pos++)
            if (col->dense[it->pos] != CF_NONE) {
                *event = it->pos;
                *value = col->dense[it->pos++];
                return true;
            }
        return false;
    }
    if (col->per_case != NULL) {
        /* A case without the value is skipped whole. */
        const struct event_log *log = it->log;
        while (it->pos < it->hi) {
            uint32_t c = log->ev_case[it->pos];
            uint32_t v = col->per_case[c];
            if (v != CF_NONE) {
                *event = it->pos++;
                *value = v;
                return true;
            }
            it->pos = log->case_off[c + 1];
        }
        return false;
    }
    if (it->pos >= col->n || col->ev[it->pos] >= it->hi)
        return false;
    *event = col->ev[it->pos];
    *value = col->val[it->pos++];
    return true;
}

int
eventlog_attr_index(const struct event_log *log, const char *name)
{
    for (size_t i = 0; i < log->n_attrs; i++)
        if (strcmp(log->attr_names[i], name) == 0)
            return (int)i;
    return -1;
}

const char *
eventlog_activity_name(const struct event_log *log, uint32_t a)
{
    return strpool_get(log->activities, a);
}

const char *
eventlog_case_name(const struct event_log *log, size_t c)
{
    return strpool_get(log->case_ids, (uint32_t)c);
}

const char *
eventlog_resource_name(const struct event_log *log, uint32_t r)
{
    return r == CF_NONE ? "" : strpool_get(log->resources, r);
}

size_t
eventlog_n_activities(const struct event_log *log)
{
    return strpool_count(log->activities);
}

size_t
eventlog_memory(const struct event_log *log)
{
    size_t m = sizeof *log;
    m += log->n_events * (4 * sizeof(uint32_t) + sizeof(int64_t));
    for (size_t a = 0; a < log->n_attrs; a++)
        m += sizeof log->attrs[a] + (log->attrs[a].dense != NULL ? log->n_events * sizeof(uint32_t)
                                     : log->attrs[a].per_case != NULL
                                         ? log->n_cases * sizeof(uint32_t)
                                         : log->attrs[a].n * 2 * sizeof(uint32_t));
    m += (log->n_cases + 1) * sizeof(size_t) + log->n_cases * sizeof(uint32_t);
    m += log->n_variants * 2 * sizeof(uint32_t);
    m += strpool_memory(log->case_ids) + strpool_memory(log->activities) +
         strpool_memory(log->resources) + strpool_memory(log->values);
    return m;
}

/* Split "id {k=v,...}" into the id and its attribute list (in place). */
static int
spec_head(char *head, char **id, char **attrs)
{
    char *brace = strchr(head, '{');
    *attrs = NULL;
    if (brace != NULL) {
        char *close = strchr(brace, '}');
        if (close == NULL)
            return -1;
        *close = '\0';
        *attrs = brace + 1;
        *brace = '\0';
    }
    char *end = head + strlen(head);
    while (end > head && isspace((unsigned char)end[-1]))
        *--end = '\0';
    *id = head;
    return **id == '\0' ? -1 : 0;
}

#define SPEC_MAX_ATTRS 16

/* First pass: the attribute names used anywhere, in order of first use. */
static size_t
spec_attr_names(const char *spec, char names[SPEC_MAX_ATTRS][64])
{
    size_t n = 0;
    const char *p = spec;
    while ((p = strchr(p, '{')) != NULL) {
        const char *close = strchr(p, '}');
        if (close == NULL)
            break;
        const char *q = p + 1;
        while (q < close) {
            const char *eq = memchr(q, '=', (size_t)(close - q));
            if (eq == NULL)
                break;
            size_t len = (size_t)(eq - q);
            size_t i;
            for (i = 0; i < n; i++)
                if (strlen(names[i]) == len && strncmp(names[i], q, len) == 0)
                    break;
            if (i == n && n < SPEC_MAX_ATTRS && len < 64) {
                memcpy(names[n], q, len);
                names[n][len] = '\0';
                n++;
            }
            const char *comma = memchr(eq, ',', (size_t)(close - eq));
            q = comma ? comma + 1 : close;
        }
        p = close;
    }
    return n;
}

struct event_log *
eventlog_from_spec(const char *spec, struct cf_error *err)
{
    char names[SPEC_MAX_ATTRS][64];
    size_t na = spec_attr_names(spec, names);
    const char *name_ptrs[SPEC_MAX_ATTRS];
    for (size_t i = 0; i < na; i++)
        name_ptrs[i] = names[i];
    struct eventlog_builder *b = eventlog_builder_new("spec", na, name_ptrs);
    const int64_t base = 1704067200000LL; /* 2024-01-01T00:00:00Z */
    size_t lineno = 0;
    const char *p = spec;

    while (*p != '\0') {
        const char *eol = strchr(p, '\n');
        size_t llen = eol ? (size_t)(eol - p) : strlen(p);
        char *line = xstrndup(p, llen);
        p += llen + (eol ? 1 : 0);
        lineno++;

        char *s = line;
        while (isspace((unsigned char)*s))
            s++;
        if (*s == '\0' || *s == '#') {
            free(line);
            continue;
        }
        char *close = strchr(s, '}');
        char *colon = strchr(close ? close : s, ':');
        char *cid, *attrs;
        if (colon != NULL)
            *colon = '\0';
        if (colon == NULL || spec_head(s, &cid, &attrs) != 0) {
            cf_error_set(err, "spec", lineno, "expected \"case: A B C\"");
            free(line);
            eventlog_builder_free(b);
            return NULL;
        }
        const char *vals[SPEC_MAX_ATTRS] = {NULL};
        size_t lens[SPEC_MAX_ATTRS] = {0};
        char *save = NULL;
        for (char *kv = attrs ? strtok_r(attrs, ",", &save) : NULL; kv;
             kv = strtok_r(NULL, ",", &save)) {
            char *eq = strchr(kv, '=');
            if (eq == NULL)
                continue;
            *eq = '\0';
            for (size_t i = 0; i < na; i++)
                if (strcmp(names[i], kv) == 0) {
                    vals[i] = eq + 1;
                    lens[i] = strlen(eq + 1);
                }
        }
        size_t k = 0;
        save = NULL;
        for (char *tok = strtok_r(colon + 1, " \t", &save); tok;
             tok = strtok_r(NULL, " \t", &save)) {
            int64_t t = base + (int64_t)k * 60000;
            char *at = strchr(tok, '@');
            if (at != NULL) {
                char *end;
                errno = 0;
                double secs = strtod(at + 1, &end);
                if (end == at + 1 || *end != '\0' || errno != 0) {
                    cf_error_set(err, "spec", lineno, "bad time in \"%s\"", tok);
                    free(line);
                    eventlog_builder_free(b);
                    return NULL;
                }
                *at = '\0';
                t = base + (int64_t)(secs * 1000.0);
            }
            eventlog_builder_add(b, cid, strlen(cid), tok, strlen(tok), t, NULL, 0, lineno, vals,
                                 lens);
            b->log->report.rows++;
            b->log->report.accepted++;
            k++;
        }
        free(line);
    }
    return eventlog_builder_finish(b);
}

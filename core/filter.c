/* Filters over the cases of a log (PCRE2 regexes, dates, variants, activities) and their stack. */
/* SPDX-License-Identifier: MIT */
#include "filter.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "attrstats.h"
#include "cancel.h"
#include "between.h"
#include "stats.h"
#include "termsafe.h"
#include "timeparse.h"
#include "variants.h"

/*
 * Limits that turn catastrophic backtracking into an error. The match limit is
 * PCRE2's own default (ten million backtracking steps, tens of milliseconds
 * with the JIT); the depth and heap limits bound the interpreter's memory.
 */
#define FILTER_MATCH_LIMIT 10000000u
#define FILTER_DEPTH_LIMIT 1000000u
#define FILTER_HEAP_LIMIT_KIB 65536u
#define FILTER_JIT_STACK_MAX (4u << 20)

/*
 * The per-case limit alone does not bound a run: 50 cases each just under it
 * took 16 s. A run (one filter applied once) has a budget as well. Each match
 * first runs with a free allowance linear in the subject's length (ordinary
 * patterns stay within it: cost linear in the log); a match that needs more
 * is run again with 4 times the limit, and so on, and what it used beyond its
 * allowance (at most 4 times the true cost) is taken from the run's budget.
 * When the budget is spent the filter fails with "regex too costly".
 */
#define FILTER_FREE_BASE 2000u
#define FILTER_FREE_PER_BYTE 64u

struct rx_budget {
    uint64_t total, left;
};

struct regex {
    pcre2_code *code;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jstack; /* NULL without the JIT */
    pcre2_match_data *md;
};

struct filter {
    enum filter_kind kind;
    bool invert;
    char *desc;     /* what it selects */
    char *not_desc; /* "NOT " + desc */
    struct regex re;
    bool has_re;
    uint64_t budget; /* regex steps per run beyond the free allowance */
    /* FILTER_ATTR */
    int attr;          /* attribute column, or -1 for the resource column */
    uint32_t value;    /* equality: the value id (CF_NONE = missing/empty) */
    bool value_absent; /* equality: the value never occurs, nothing matches */
    /* FILTER_DATE */
    int64_t from, to;
    enum filter_range mode;
    /* FILTER_VARIANT */
    size_t rank; /* 0 when selecting by id */
    uint32_t variant;
    /* FILTER_DURATION */
    int64_t dmin, dmax;
    /* FILTER_STARTS, FILTER_ENDS, FILTER_FOLLOWS */
    uint32_t a, b;
    /* FILTER_COMPARE (attr above) and FILTER_BETWEEN (a, b, dmin, dmax above) */
    struct filter_cmp *cmp;
};

/* ------------------------------------------------------------------ regexes */

static int
regex_compile(struct regex *r, const char *pat, unsigned flags, struct cf_error *err)
{
    int ec;
    PCRE2_SIZE off;
    uint32_t opts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
    if (flags & FILTER_CASELESS)
        opts |= PCRE2_CASELESS;
    memset(r, 0, sizeof *r);
    r->code = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, opts, &ec, &off, NULL);
    if (r->code == NULL) {
        PCRE2_UCHAR msg[256];
        if (pcre2_get_error_message(ec, msg, sizeof msg) < 0)
            snprintf((char *)msg, sizeof msg, "error %d", ec);
        cf_error_set(err, NULL, 0, "%s at offset %zu", (const char *)msg, (size_t)off);
        return -1;
    }
    r->mctx = pcre2_match_context_create(NULL);
    if (r->mctx == NULL)
        cf_fatal("out of memory");
    pcre2_set_depth_limit(r->mctx, FILTER_DEPTH_LIMIT);
    pcre2_set_heap_limit(r->mctx, FILTER_HEAP_LIMIT_KIB);
    /* Without a JIT (or for patterns it cannot take) the interpreter runs. */
    if (pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE) == 0) {
        r->jstack = pcre2_jit_stack_create(32 * 1024, FILTER_JIT_STACK_MAX, NULL);
        if (r->jstack != NULL)
            pcre2_jit_stack_assign(r->mctx, NULL, r->jstack);
    }
    r->md = pcre2_match_data_create_from_pattern(r->code, NULL);
    if (r->md == NULL)
        cf_fatal("out of memory");
    return 0;
}

static void
regex_free(struct regex *r)
{
    pcre2_match_data_free(r->md);
    pcre2_jit_stack_free(r->jstack);
    pcre2_match_context_free(r->mctx);
    pcre2_code_free(r->code);
    memset(r, 0, sizeof *r);
}

/* One match within limit steps: pcre2_match's result. */
static int
regex_run(const struct regex *r, const char *s, size_t n, uint64_t limit)
{
    pcre2_set_match_limit(r->mctx, limit > UINT32_MAX ? UINT32_MAX : (uint32_t)limit);
    return pcre2_match(r->code, (PCRE2_SPTR)s, n, 0, 0, r->md, r->mctx);
}

/* 1 match, 0 no match, -1 error (err names case c); spends from b. */
static int
regex_match(const struct regex *r, const char *s, size_t n, const struct event_log *log, size_t c,
            struct rx_budget *b, struct cf_error *err)
{
    if (cf_cancelled()) {
        cf_error_set(err, NULL, 0, "cancelled");
        return -1;
    }
    uint64_t free_steps = FILTER_FREE_BASE + (uint64_t)FILTER_FREE_PER_BYTE * n;
    if (free_steps > FILTER_MATCH_LIMIT)
        free_steps = FILTER_MATCH_LIMIT;
    uint64_t limit = free_steps;
    int rc = regex_run(r, s, n, limit);
    while (rc == PCRE2_ERROR_MATCHLIMIT && limit < FILTER_MATCH_LIMIT) {
        uint64_t want = limit * 4 > FILTER_MATCH_LIMIT ? FILTER_MATCH_LIMIT : limit * 4;
        if (want - free_steps > b->left) {
            char cs[128];
            cf_error_set(err, NULL, 0,
                         "regex too costly: the matches of this run need more than its budget "
                         "(stopped at case %s; budget %llu steps)",
                         cf_term_safe(cs, sizeof cs, eventlog_case_name(log, c)),
                         (unsigned long long)b->total);
            return -1;
        }
        limit = want;
        rc = regex_run(r, s, n, limit);
        if (rc != PCRE2_ERROR_MATCHLIMIT)
            b->left -= limit - free_steps;
    }
    if (rc >= 0)
        return 1;
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    const char *what = NULL;
    switch (rc) {
    case PCRE2_ERROR_MATCHLIMIT: what = "match limit exceeded"; break;
    case PCRE2_ERROR_DEPTHLIMIT: what = "depth limit exceeded"; break;
    case PCRE2_ERROR_HEAPLIMIT: what = "heap limit exceeded"; break;
    case PCRE2_ERROR_JIT_STACKLIMIT: what = "JIT stack limit exceeded"; break;
    default: break;
    }
    if (what != NULL) {
        char cs[128];
        cf_error_set(err, NULL, 0, "regex too complex: %s on case %s", what,
                     cf_term_safe(cs, sizeof cs, eventlog_case_name(log, c)));
    } else {
        PCRE2_UCHAR msg[256];
        if (pcre2_get_error_message(rc, msg, sizeof msg) < 0)
            snprintf((char *)msg, sizeof msg, "error %d", rc);
        char cs[128];
        cf_error_set(err, NULL, 0, "regex failed on case %s: %s",
                     cf_term_safe(cs, sizeof cs, eventlog_case_name(log, c)), (const char *)msg);
    }
    return -1;
}

/*
 * Subjects are matched from a buffer of ours that is initialised throughout:
 * the JIT may read a few bytes past a subject's end (harmless inside the
 * allocation, but valgrind flags uninitialised bytes there).
 */
struct subject {
    char *p;
    size_t cap;
};

static char *
subject_reserve(struct subject *s, size_t n)
{
    size_t need = n + 64;
    if (need > s->cap) {
        size_t old = s->cap;
        s->cap = need * 2;
        s->p = xrealloc(s->p, s->cap);
        memset(s->p + old, 0, s->cap - old);
    }
    return s->p;
}

static const char *
subject_copy(struct subject *s, const char *src, size_t n)
{
    char *p = subject_reserve(s, n);
    memcpy(p, src, n);
    p[n] = '\0';
    return p;
}

/* ------------------------------------------------------------ construction */

static struct filter *
filter_alloc(enum filter_kind kind)
{
    struct filter *f = xcalloc(1, sizeof *f);
    f->budget = FILTER_RUN_BUDGET;
    f->kind = kind;
    f->attr = -1;
    f->value = CF_NONE;
    f->variant = CF_NONE;
    f->a = f->b = CF_NONE;
    f->from = f->to = CF_TIME_NONE;
    f->dmin = f->dmax = -1;
    return f;
}

/* Set the description from a finished buffer (consumed). */
static void
filter_set_desc(struct filter *f, struct cf_buf *b)
{
    f->desc = b->data ? b->data : xstrdup("");
    size_t n = strlen(f->desc) + 5;
    f->not_desc = xmalloc(n);
    snprintf(f->not_desc, n, "NOT %s", f->desc);
    b->data = NULL;
    b->len = b->cap = 0;
}

void
filter_free(struct filter *f)
{
    if (f == NULL)
        return;
    if (f->has_re)
        regex_free(&f->re);
    free(f->desc);
    free(f->not_desc);
    free(f->cmp);
    free(f);
}

static struct filter *
new_regex_filter(enum filter_kind kind, const char *label, const char *re, unsigned flags,
                 struct cf_error *err)
{
    struct filter *f = filter_alloc(kind);
    if (regex_compile(&f->re, re, flags, err) != 0) {
        free(f);
        return NULL;
    }
    f->has_re = true;
    struct cf_buf b = {0};
    cf_buf_printf(&b, "%s ~ /%s/%s", label, re, (flags & FILTER_CASELESS) ? "i" : "");
    filter_set_desc(f, &b);
    return f;
}

struct filter *
filter_new_path(const struct event_log *log, const char *re, unsigned flags, struct cf_error *err)
{
    (void)log;
    return new_regex_filter(FILTER_PATH, "path", re, flags, err);
}

struct filter *
filter_new_case_id(const struct event_log *log, const char *re, unsigned flags,
                   struct cf_error *err)
{
    (void)log;
    return new_regex_filter(FILTER_CASE_ID, "case", re, flags, err);
}

/* Column of attribute name: >= 0 an attribute, -1 the resource; -2 unknown (err set). */
static int
resolve_attr(const struct event_log *log, const char *name, struct cf_error *err)
{
    int i = eventlog_attr_index(log, name);
    if (i >= 0)
        return i;
    const char *rescol = log->report.resource_col;
    if (strcmp(name, "resource") == 0 || (rescol[0] != '\0' && strcmp(name, rescol) == 0))
        return -1;
    struct cf_buf b = {0};
    cf_buf_printf(&b, "unknown attribute '%s'; available: resource", name);
    if (rescol[0] != '\0' && strcmp(rescol, "resource") != 0)
        cf_buf_printf(&b, " (%s)", rescol);
    for (size_t k = 0; k < log->n_attrs; k++)
        cf_buf_printf(&b, ", %s", log->attr_names[k]);
    cf_error_set(err, NULL, 0, "%s", b.data);
    cf_buf_clear(&b);
    return -2;
}

static const char *
attr_label(const struct event_log *log, int attr)
{
    if (attr >= 0)
        return log->attr_names[attr];
    return log->report.resource_col[0] ? log->report.resource_col : "resource";
}

struct filter *
filter_new_attr_regex(const struct event_log *log, const char *attr, const char *re, unsigned flags,
                      struct cf_error *err)
{
    int col = resolve_attr(log, attr, err);
    if (col == -2)
        return NULL;
    struct filter *f = new_regex_filter(FILTER_ATTR, attr_label(log, col), re, flags, err);
    if (f != NULL)
        f->attr = col;
    return f;
}

struct filter *
filter_new_attr_equals(const struct event_log *log, const char *attr, const char *value,
                       struct cf_error *err)
{
    int col = resolve_attr(log, attr, err);
    if (col == -2)
        return NULL;
    struct filter *f = filter_alloc(FILTER_ATTR);
    f->attr = col;
    size_t n = strlen(value);
    if (n > 0) {
        const struct strpool *pool = col >= 0 ? log->values : log->resources;
        f->value = strpool_find(pool, value, n);
        f->value_absent = f->value == CF_NONE;
    }
    struct cf_buf b = {0};
    cf_buf_printf(&b, "%s = %s", attr_label(log, col), value);
    filter_set_desc(f, &b);
    return f;
}

static struct filter *filter_new_compare_spec(const struct event_log *log, const char *spec,
                                              size_t k, struct cf_error *err);

struct filter *
filter_new_where(const struct event_log *log, const char *spec, struct cf_error *err)
{
    size_t k = strcspn(spec, "~=<>!");
    if (spec[k] == '\0' || k == 0) {
        cf_error_set(err, NULL, 0,
                     "expected ATTR~REGEX or ATTR=VALUE (numbers and dates also ATTR>X, >=, <, <=, "
                     "ATTR=LO..HI; ATTR!=VALUE), not '%s'",
                     spec);
        return NULL;
    }
    if (spec[k] != '~' && (spec[k] != '=' || strstr(spec + k + 1, "..") != NULL))
        return filter_new_compare_spec(log, spec, k, err);
    char *attr = xstrndup(spec, k);
    struct filter *f = spec[k] == '~' ? filter_new_attr_regex(log, attr, spec + k + 1, 0, err)
                                      : filter_new_attr_equals(log, attr, spec + k + 1, err);
    free(attr);
    return f;
}

/* "2012-01-31" when ms (+1 for an inclusive end) falls on midnight, else full ISO. */
static void
format_bound(int64_t ms, bool end, char *buf, size_t size)
{
    int64_t probe = end ? ms + 1 : ms;
    if (probe % 86400000 == 0) {
        timeparse_format_iso(end ? ms + 1 - 86400000 : ms, buf, size);
        char *t = strchr(buf, 'T');
        if (t != NULL)
            *t = '\0';
    } else {
        timeparse_format_iso(ms, buf, size);
    }
}

struct filter *
filter_new_date(const struct event_log *log, int64_t from_ms, int64_t to_ms, enum filter_range mode,
                struct cf_error *err)
{
    (void)log;
    if (from_ms != CF_TIME_NONE && to_ms != CF_TIME_NONE && from_ms > to_ms) {
        cf_error_set(err, NULL, 0, "the range ends before it starts");
        return NULL;
    }
    struct filter *f = filter_alloc(FILTER_DATE);
    f->from = from_ms;
    f->to = to_ms;
    f->mode = mode;
    struct cf_buf b = {0};
    char t[64];
    cf_buf_puts(&b, mode == FILTER_RANGE_CONTAINED ? "within " : "active ");
    if (from_ms != CF_TIME_NONE) {
        format_bound(from_ms, false, t, sizeof t);
        cf_buf_puts(&b, t);
    }
    cf_buf_puts(&b, "..");
    if (to_ms != CF_TIME_NONE) {
        format_bound(to_ms, true, t, sizeof t);
        cf_buf_puts(&b, t);
    }
    filter_set_desc(f, &b);
    return f;
}

struct filter *
filter_new_variant(const struct event_log *log, size_t rank, struct cf_error *err)
{
    if (rank == 0 || rank > log->n_variants) {
        cf_error_set(err, NULL, 0, "variant rank must be 1..%zu, not %zu", log->n_variants, rank);
        return NULL;
    }
    struct filter *f = filter_alloc(FILTER_VARIANT);
    f->rank = rank;
    struct cf_buf b = {0};
    cf_buf_printf(&b, "variant #%zu", rank);
    filter_set_desc(f, &b);
    return f;
}

struct filter *
filter_new_variant_id(const struct event_log *log, uint32_t v, struct cf_error *err)
{
    if (v >= log->n_variants) {
        cf_error_set(err, NULL, 0, "no variant %u in the log", (unsigned)v);
        return NULL;
    }
    struct filter *f = filter_alloc(FILTER_VARIANT);
    f->variant = v;
    size_t len;
    const uint32_t *seq = variants_sequence(log, v, &len);
    struct cf_buf b = {0};
    cf_buf_puts(&b, "variant ");
    for (size_t k = 0; k < len; k++)
        cf_buf_printf(&b, "%s%s", k ? FILTER_PATH_SEP : "", eventlog_activity_name(log, seq[k]));
    filter_set_desc(f, &b);
    return f;
}

struct filter *
filter_new_duration(const struct event_log *log, int64_t min_ms, int64_t max_ms,
                    struct cf_error *err)
{
    (void)log;
    if (min_ms >= 0 && max_ms >= 0 && min_ms > max_ms) {
        cf_error_set(err, NULL, 0, "the minimum duration exceeds the maximum");
        return NULL;
    }
    struct filter *f = filter_alloc(FILTER_DURATION);
    f->dmin = min_ms;
    f->dmax = max_ms;
    struct cf_buf b = {0};
    char t[64];
    cf_buf_puts(&b, "duration");
    if (min_ms >= 0) {
        cf_format_duration(min_ms, t, sizeof t);
        cf_buf_printf(&b, " >= %s", t);
    }
    if (max_ms >= 0) {
        cf_format_duration(max_ms, t, sizeof t);
        cf_buf_printf(&b, "%s <= %s", min_ms >= 0 ? " and" : "", t);
    }
    filter_set_desc(f, &b);
    return f;
}

static struct filter *
new_activity_filter(enum filter_kind kind, const struct event_log *log, const char *name,
                    const char *label, struct cf_error *err)
{
    uint32_t a = filter_find_activity(log, name, strlen(name), err);
    if (a == CF_NONE)
        return NULL;
    struct filter *f = filter_alloc(kind);
    f->a = a;
    struct cf_buf b = {0};
    cf_buf_printf(&b, "%s %s", label, name);
    filter_set_desc(f, &b);
    return f;
}

struct filter *
filter_new_starts_with(const struct event_log *log, const char *name, struct cf_error *err)
{
    return new_activity_filter(FILTER_STARTS, log, name, "starts with", err);
}

struct filter *
filter_new_ends_with(const struct event_log *log, const char *name, struct cf_error *err)
{
    return new_activity_filter(FILTER_ENDS, log, name, "ends with", err);
}

struct filter *
filter_new_follows(const struct event_log *log, const char *a, const char *b, struct cf_error *err)
{
    uint32_t ia = filter_find_activity(log, a, strlen(a), err);
    if (ia == CF_NONE)
        return NULL;
    uint32_t ib = filter_find_activity(log, b, strlen(b), err);
    if (ib == CF_NONE)
        return NULL;
    struct filter *f = filter_alloc(FILTER_FOLLOWS);
    f->a = ia;
    f->b = ib;
    struct cf_buf d = {0};
    cf_buf_printf(&d, "%s then %s", a, b);
    filter_set_desc(f, &d);
    return f;
}

enum filter_kind
filter_kind(const struct filter *f)
{
    return f->kind;
}

void
filter_set_invert(struct filter *f, bool invert)
{
    f->invert = invert;
}

void
filter_set_budget(struct filter *f, uint64_t steps)
{
    f->budget = steps;
}

bool
filter_inverted(const struct filter *f)
{
    return f->invert;
}

const char *
filter_describe(const struct filter *f)
{
    return f->invert ? f->not_desc : f->desc;
}

/* ----------------------------------------------------------------- applying */

/* Keep case c in sel only if (matched != invert). */
static inline void
keep_if(struct selection *sel, size_t c, bool matched, bool invert)
{
    if (matched == invert)
        sel->bits[c >> 6] &= ~(UINT64_C(1) << (c & 63));
}

/* Does the activity sequence seq[0..n) satisfy a sequence-only filter? */
static bool
sequence_matches(const struct filter *f, const uint32_t *seq, size_t n)
{
    switch (f->kind) {
    case FILTER_STARTS: return n > 0 && seq[0] == f->a;
    case FILTER_ENDS: return n > 0 && seq[n - 1] == f->a;
    case FILTER_FOLLOWS: {
        size_t k = 0;
        while (k < n && seq[k] != f->a)
            k++;
        for (k++; k < n; k++)
            if (seq[k] == f->b)
                return true;
        return false;
    }
    default: return false;
    }
}

/*
 * Filters that depend only on a case's activity sequence are decided once per
 * variant that has a selected case, then spread over the cases: with paths
 * shared by many cases, that is what keeps a regex over 1M events fast.
 */
static int
apply_by_variant(const struct filter *f, const struct event_log *log, struct selection *sel,
                 struct cf_error *err)
{
    size_t nv = log->n_variants;
    uint32_t *example = xmalloc((nv ? nv : 1) * sizeof *example); /* a selected case, or NONE */
    memset(example, 0xff, (nv ? nv : 1) * sizeof *example);
    for (size_t c = 0; c < log->n_cases; c++)
        if (sel_has(sel, c) && example[log->case_variant[c]] == CF_NONE)
            example[log->case_variant[c]] = (uint32_t)c;

    uint8_t *match = xcalloc(nv ? nv : 1, 1);
    int rc = 0;
    if (f->kind == FILTER_PATH) {
        size_t na = eventlog_n_activities(log);
        const char **name = xmalloc((na ? na : 1) * sizeof *name);
        size_t *len = xmalloc((na ? na : 1) * sizeof *len);
        for (size_t a = 0; a < na; a++) {
            name[a] = eventlog_activity_name(log, (uint32_t)a);
            len[a] = strpool_len(log->activities, (uint32_t)a);
        }
        const size_t seplen = strlen(FILTER_PATH_SEP);
        struct subject sub = {0};
        struct rx_budget budget = {f->budget, f->budget};
        for (size_t v = 0; v < nv && rc == 0; v++) {
            if (example[v] == CF_NONE)
                continue;
            size_t n;
            const uint32_t *seq = variants_sequence(log, (uint32_t)v, &n);
            size_t need = 1;
            for (size_t k = 0; k < n; k++)
                need += len[seq[k]] + seplen;
            char *buf = subject_reserve(&sub, need);
            size_t p = 0;
            for (size_t k = 0; k < n; k++) {
                if (k > 0) {
                    memcpy(buf + p, FILTER_PATH_SEP, seplen);
                    p += seplen;
                }
                memcpy(buf + p, name[seq[k]], len[seq[k]]);
                p += len[seq[k]];
            }
            buf[p] = '\0';
            int m = regex_match(&f->re, buf, p, log, example[v], &budget, err);
            if (m < 0)
                rc = -1;
            else
                match[v] = (uint8_t)m;
        }
        free(sub.p);
        free(len);
        free(name);
    } else {
        for (size_t v = 0; v < nv; v++) {
            if (example[v] == CF_NONE)
                continue;
            size_t n;
            const uint32_t *seq = variants_sequence(log, (uint32_t)v, &n);
            match[v] = sequence_matches(f, seq, n);
        }
    }
    if (rc == 0)
        for (size_t c = 0; c < log->n_cases; c++)
            if (sel_has(sel, c))
                keep_if(sel, c, match[log->case_variant[c]], f->invert);
    free(match);
    free(example);
    return rc;
}

static _Thread_local const struct event_log *rank_log;

static int
cmp_variant_seq(const void *pa, const void *pb)
{
    return variants_compare_sequence(rank_log, *(const uint32_t *)pa, *(const uint32_t *)pb);
}

/*
 * The rank-th (1-based) variant of the selection in variants_build's order
 * (cases descending, then activity names), or CF_NONE. Found without sorting
 * every variant: the rank-th largest count first, then only the variants
 * tied at that count are ordered by name.
 */
static uint32_t
variant_of_rank(const struct event_log *log, const struct selection *sel, size_t rank)
{
    size_t nv = log->n_variants, nz = 0;
    size_t *cnt = xcalloc(nv ? nv : 1, sizeof *cnt);
    for (size_t c = 0; c < log->n_cases; c++)
        if (sel_has(sel, c))
            cnt[log->case_variant[c]]++;
    int64_t *desc = xmalloc((nv ? nv : 1) * sizeof *desc);
    for (size_t v = 0; v < nv; v++)
        if (cnt[v] > 0)
            desc[nz++] = -(int64_t)cnt[v];
    uint32_t found = CF_NONE;
    if (rank <= nz) {
        stats_sort_i64(desc, nz);
        size_t at = (size_t)-desc[rank - 1], above = 0, m = 0;
        uint32_t *tied = xmalloc((nv ? nv : 1) * sizeof *tied);
        for (size_t v = 0; v < nv; v++) {
            if (cnt[v] > at)
                above++;
            else if (cnt[v] == at)
                tied[m++] = (uint32_t)v;
        }
        size_t r = rank - above; /* 1-based among the tied */
        rank_log = log;
        if (r <= 64) {
            /* Keep the r smallest by name in a small sorted buffer. */
            uint32_t best[64] = {0};
            size_t nb = 0;
            for (size_t i = 0; i < m; i++) {
                if (nb == r && variants_compare_sequence(log, tied[i], best[nb - 1]) >= 0)
                    continue;
                size_t k = nb < r ? nb++ : nb - 1;
                while (k > 0 && variants_compare_sequence(log, tied[i], best[k - 1]) < 0) {
                    best[k] = best[k - 1];
                    k--;
                }
                best[k] = tied[i];
            }
            found = best[r - 1];
        } else {
            qsort(tied, m, sizeof *tied, cmp_variant_seq);
            found = tied[r - 1];
        }
        free(tied);
    }
    free(desc);
    free(cnt);
    return found;
}

static int
apply_variant_rank(const struct filter *f, const struct event_log *log, struct selection *sel)
{
    uint32_t v = f->rank > 0 ? variant_of_rank(log, sel, f->rank) : f->variant;
    for (size_t c = 0; c < log->n_cases; c++)
        if (sel_has(sel, c))
            keep_if(sel, c, log->case_variant[c] == v, f->invert);
    return 0;
}

static int
apply_case_id(const struct filter *f, const struct event_log *log, struct selection *sel,
              struct cf_error *err)
{
    struct selection *hit = selection_new(log->n_cases, false);
    struct subject sub = {0};
    struct rx_budget budget = {f->budget, f->budget};
    for (size_t c = 0; c < log->n_cases; c++) {
        if (!sel_has(sel, c))
            continue;
        uint32_t id = (uint32_t)c;
        size_t n = strpool_len(log->case_ids, id);
        int m = regex_match(&f->re, subject_copy(&sub, strpool_get(log->case_ids, id), n), n, log,
                            c, &budget, err);
        if (m < 0) {
            free(sub.p);
            selection_free(hit);
            return -1;
        }
        if (m)
            selection_set(hit, c, true);
    }
    for (size_t c = 0; c < log->n_cases; c++)
        if (sel_has(sel, c))
            keep_if(sel, c, sel_has(hit, c), f->invert);
    free(sub.p);
    selection_free(hit);
    return 0;
}

static int
apply_attr(const struct filter *f, const struct event_log *log, struct selection *sel,
           struct cf_error *err)
{
    const uint32_t *col = f->attr >= 0 ? NULL : log->ev_res;
    const struct strpool *pool = f->attr >= 0 ? log->values : log->resources;
    size_t nvals = strpool_count(pool);
    /* Regex results per distinct value: 0 unknown, 1 no, 2 yes; slot nvals = missing. */
    uint8_t *memo = f->has_re ? xcalloc(nvals + 1, 1) : NULL;
    struct selection *hit = selection_new(log->n_cases, false);
    struct subject sub = {0};
    struct rx_budget budget = {f->budget, f->budget};
    int rc = 0;

    for (size_t c = 0; c < log->n_cases && rc == 0; c++) {
        if (!sel_has(sel, c))
            continue;
        bool m = false;
        for (size_t e = log->case_off[c]; e < log->case_off[c + 1] && !m; e++) {
            uint32_t v = col != NULL ? col[e] : eventlog_attr_value(log, (size_t)f->attr, e);
            if (!f->has_re) {
                m = !f->value_absent && v == f->value;
                continue;
            }
            size_t slot = v == CF_NONE ? nvals : v;
            if (memo[slot] == 0) {
                const char *s = v == CF_NONE ? "" : strpool_get(pool, v);
                size_t n = v == CF_NONE ? 0 : strpool_len(pool, v);
                int r = regex_match(&f->re, subject_copy(&sub, s, n), n, log, c, &budget, err);
                if (r < 0) {
                    rc = -1;
                    break;
                }
                memo[slot] = r ? 2 : 1;
            }
            m = memo[slot] == 2;
        }
        if (m)
            selection_set(hit, c, true);
    }
    if (rc == 0)
        for (size_t c = 0; c < log->n_cases; c++)
            if (sel_has(sel, c))
                keep_if(sel, c, sel_has(hit, c), f->invert);
    selection_free(hit);
    free(sub.p);
    free(memo);
    return rc;
}

static bool
case_in_range(const struct filter *f, const struct event_log *log, size_t c)
{
    size_t lo = log->case_off[c], hi = log->case_off[c + 1];
    if (hi == lo)
        return false;
    int64_t first = log->ev_time[lo], last = log->ev_time[hi - 1];
    bool has_from = f->from != CF_TIME_NONE, has_to = f->to != CF_TIME_NONE;
    if (f->mode == FILTER_RANGE_CONTAINED)
        return (!has_from || first >= f->from) && (!has_to || last <= f->to);
    return (!has_from || last >= f->from) && (!has_to || first <= f->to);
}

/* ------------------------------------------------------ numeric and date comparisons */

enum cmp_op { CMP_LT, CMP_LE, CMP_GT, CMP_GE, CMP_RANGE };

struct filter_cmp {
    enum cmp_op op;
    bool date;       /* compare as dates (ms), else numbers */
    double lo, hi;   /* CMP_RANGE: [lo, hi]; otherwise lo is the operand */
    size_t unparsed; /* cases of the last apply with a value that did not parse, unmatched */
};

static bool
cmp_holds(const struct filter_cmp *m, double x)
{
    switch (m->op) {
    case CMP_LT: return x < m->lo;
    case CMP_LE: return x <= m->lo;
    case CMP_GT: return x > m->lo;
    case CMP_GE: return x >= m->lo;
    case CMP_RANGE: return x >= m->lo && x <= m->hi;
    }
    return false;
}

/* A value of the log as a number or an ISO date; false if it does not parse. */
static bool
value_as(bool date, const char *s, size_t n, double *x)
{
    if (!date)
        return attrstats_parse_number(s, x);
    struct timeparse_result r;
    timeparse_auto(s, n, &r);
    if (r.kind != TIMEPARSE_ISO && r.kind != TIMEPARSE_NAIVE)
        return false;
    *x = (double)r.ms;
    return true;
}

/* An operand typed by a person: a number, else a date (a date alone: its first ms, or with
 * end_of_day its last). 1 number, 2 date, 0 neither. */
static int
operand_parse(const char *s, bool end_of_day, double *x)
{
    if (attrstats_parse_number(s, x))
        return 1;
    int64_t ms;
    struct cf_error e2 = {0};
    if (filter_parse_date(s, end_of_day, &ms, &e2) == 0) {
        *x = (double)ms;
        return 2;
    }
    return 0;
}

static struct filter *
filter_new_compare_spec(const struct event_log *log, const char *spec, size_t k,
                        struct cf_error *err)
{
    char *attr = xstrndup(spec, k);
    const char *p = spec + k;
    struct filter *f = NULL;
    if (p[0] == '!' && p[1] == '=') {
        /* Text inequality: NOT ATTR=VALUE. */
        f = filter_new_attr_equals(log, attr, p + 2, err);
        if (f != NULL)
            filter_set_invert(f, true);
        free(attr);
        return f;
    }
    struct filter_cmp m = {0};
    const char *opname;
    if (p[0] == '<' && p[1] == '=')
        m.op = CMP_LE, opname = "<=", p += 2;
    else if (p[0] == '>' && p[1] == '=')
        m.op = CMP_GE, opname = ">=", p += 2;
    else if (p[0] == '<')
        m.op = CMP_LT, opname = "<", p += 1;
    else if (p[0] == '>')
        m.op = CMP_GT, opname = ">", p += 1;
    else if (p[0] == '=')
        m.op = CMP_RANGE, opname = "in", p += 1;
    else {
        cf_error_set(err, NULL, 0, "expected an operator (> >= < <= = != ~) after '%s' in '%s'",
                     attr, spec);
        free(attr);
        return NULL;
    }
    int col = resolve_attr(log, attr, err);
    if (col == -2) {
        free(attr);
        return NULL;
    }
    int kind;
    if (m.op == CMP_RANGE) {
        const char *dots = strstr(p, "..");
        char *lo = xstrndup(p, (size_t)(dots - p));
        int k1 = operand_parse(lo, false, &m.lo);
        int k2 = operand_parse(dots + 2, true, &m.hi);
        free(lo);
        kind = k1 == k2 ? k1 : 0;
        if (kind != 0 && m.lo > m.hi) {
            cf_error_set(err, NULL, 0, "empty range in '%s': %s is after %s", spec, p, dots + 2);
            free(attr);
            return NULL;
        }
    } else {
        /* A date alone: "< 2025-01-01" before that day, "<= 2025-01-01" through it. */
        kind = operand_parse(p, m.op == CMP_LE || m.op == CMP_GT, &m.lo);
    }
    if (kind == 0) {
        cf_error_set(err, NULL, 0,
                     "'%s' in '%s' is neither a number nor a date (YYYY-MM-DD[THH:MM[:SS]])",
                     m.op == CMP_RANGE ? p : p, spec);
        free(attr);
        return NULL;
    }
    m.date = kind == 2;
    f = filter_alloc(FILTER_COMPARE);
    f->attr = col;
    f->cmp = xmalloc(sizeof *f->cmp);
    *f->cmp = m;
    struct cf_buf b = {0};
    cf_buf_printf(&b, "%s %s %s", attr_label(log, col), opname, p);
    filter_set_desc(f, &b);
    free(attr);
    return f;
}

size_t
filter_unparsed(const struct filter *f)
{
    return f->kind == FILTER_COMPARE ? f->cmp->unparsed : 0;
}

static void
apply_compare(const struct filter *f, const struct event_log *log, struct selection *sel)
{
    const uint32_t *col = f->attr >= 0 ? log->attrs[f->attr].dense : log->ev_res;
    const struct strpool *pool = f->attr >= 0 ? log->values : log->resources;
    size_t nvals = strpool_count(pool);
    /* Per distinct value: 0 unknown, 1 holds, 2 does not, 3 does not parse. */
    uint8_t *memo = xcalloc(nvals + 1, 1);
    struct filter_cmp *m = f->cmp;
    m->unparsed = 0;
    for (size_t c = 0; c < log->n_cases; c++) {
        if (!sel_has(sel, c))
            continue;
        bool hold = false, bad = false;
        for (size_t e = log->case_off[c]; e < log->case_off[c + 1] && !hold; e++) {
            uint32_t v = col != NULL ? col[e] : eventlog_attr_value(log, (size_t)f->attr, e);
            if (v == CF_NONE || strpool_len(pool, v) == 0)
                continue;
            if (memo[v] == 0) {
                double x;
                if (!value_as(m->date, strpool_get(pool, v), strpool_len(pool, v), &x))
                    memo[v] = 3;
                else
                    memo[v] = cmp_holds(m, x) ? 1 : 2;
            }
            hold = memo[v] == 1;
            bad |= memo[v] == 3;
        }
        if (bad && !hold)
            m->unparsed++;
        keep_if(sel, c, hold, f->invert);
    }
    free(memo);
}

struct filter *
filter_new_between(const struct event_log *log, const char *a, const char *b, int64_t min_ms,
                   int64_t max_ms, struct cf_error *err)
{
    uint32_t ia = filter_find_activity(log, a, strlen(a), err);
    if (ia == CF_NONE)
        return NULL;
    uint32_t ib = filter_find_activity(log, b, strlen(b), err);
    if (ib == CF_NONE)
        return NULL;
    if (min_ms >= 0 && max_ms >= 0 && min_ms > max_ms) {
        cf_error_set(err, NULL, 0, "--min-time is longer than --max-time");
        return NULL;
    }
    struct filter *f = filter_alloc(FILTER_BETWEEN);
    f->a = ia;
    f->b = ib;
    f->dmin = min_ms;
    f->dmax = max_ms;
    struct cf_buf d = {0};
    char t1[32], t2[32];
    cf_format_duration(min_ms, t1, sizeof t1);
    cf_format_duration(max_ms, t2, sizeof t2);
    cf_buf_printf(&d, "%s \xe2\x86\x92 %s", a, b);
    if (min_ms >= 0 && max_ms >= 0)
        cf_buf_printf(&d, " in %s..%s", t1, t2);
    else if (min_ms >= 0)
        cf_buf_printf(&d, " >= %s", t1);
    else if (max_ms >= 0)
        cf_buf_printf(&d, " <= %s", t2);
    filter_set_desc(f, &d);
    return f;
}

static void
apply_between(const struct filter *f, const struct event_log *log, struct selection *sel)
{
    for (size_t c = 0; c < log->n_cases; c++) {
        if (!sel_has(sel, c))
            continue;
        int64_t d;
        bool m = between_case(log, c, f->a, f->b, NULL, &d) == 0 && (f->dmin < 0 || d >= f->dmin) &&
                 (f->dmax < 0 || d <= f->dmax);
        keep_if(sel, c, m, f->invert);
    }
}

int
filter_apply(const struct filter *f, const struct event_log *log, struct selection *sel,
             struct cf_error *err)
{
    switch (f->kind) {
    case FILTER_PATH:
    case FILTER_STARTS:
    case FILTER_ENDS:
    case FILTER_FOLLOWS: return apply_by_variant(f, log, sel, err);
    case FILTER_VARIANT: return apply_variant_rank(f, log, sel);
    case FILTER_CASE_ID: return apply_case_id(f, log, sel, err);
    case FILTER_ATTR: return apply_attr(f, log, sel, err);
    case FILTER_DATE:
        for (size_t c = 0; c < log->n_cases; c++)
            if (sel_has(sel, c))
                keep_if(sel, c, case_in_range(f, log, c), f->invert);
        return 0;
    case FILTER_DURATION:
        for (size_t c = 0; c < log->n_cases; c++) {
            if (!sel_has(sel, c))
                continue;
            int64_t d = eventlog_case_duration(log, c);
            bool m = (f->dmin < 0 || d >= f->dmin) && (f->dmax < 0 || d <= f->dmax);
            keep_if(sel, c, m, f->invert);
        }
        return 0;
    case FILTER_COMPARE: apply_compare(f, log, sel); return 0;
    case FILTER_BETWEEN: apply_between(f, log, sel); return 0;
    }
    return 0;
}

/* -------------------------------------------------------------------- stack */

void
filter_stack_init(struct filter_stack *s)
{
    memset(s, 0, sizeof *s);
}

void
filter_stack_clear(struct filter_stack *s)
{
    for (size_t i = 0; i < s->n; i++)
        filter_free(s->items[i]);
    free(s->items);
    memset(s, 0, sizeof *s);
}

void
filter_stack_push(struct filter_stack *s, struct filter *f)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 8;
        s->items = xreallocarray(s->items, s->cap, sizeof *s->items);
    }
    s->items[s->n++] = f;
}

struct filter *
filter_stack_pop(struct filter_stack *s)
{
    return s->n > 0 ? s->items[--s->n] : NULL;
}

int
filter_stack_apply(const struct filter_stack *s, const struct event_log *log, struct selection *sel,
                   struct cf_error *err)
{
    selection_fill(sel, true);
    for (size_t i = 0; i < s->n; i++)
        if (filter_apply(s->items[i], log, sel, err) != 0)
            return -1;
    return 0;
}

void
filter_stack_describe(const struct filter_stack *s, char *buf, size_t size)
{
    size_t used = 0;
    if (size == 0)
        return;
    buf[0] = '\0';
    for (size_t i = 0; i < s->n && used < size; i++) {
        int w =
            snprintf(buf + used, size - used, "%s%s", i ? ", " : "", filter_describe(s->items[i]));
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

/* ----------------------------------------------------------------- parsing */

int
filter_parse_date(const char *s, bool end_of_day, int64_t *ms, struct cf_error *err)
{
    struct timeparse_result r;
    int64_t t;
    timeparse_auto(s, strlen(s), &r);
    if (r.kind == TIMEPARSE_NUMERIC && r.dmy_ok && r.mdy_ok && r.dmy_ms != r.mdy_ms) {
        cf_error_set(err, NULL, 0, "ambiguous date '%s' (day/month or month/day?): use YYYY-MM-DD",
                     s);
        return -1;
    }
    /* NN/NN/YYYY with only one valid reading (13/01/2024) is read that way. */
    enum timeparse_order order =
        r.kind == TIMEPARSE_NUMERIC && r.dmy_ok && !r.mdy_ok   ? TIMEPARSE_ORDER_DMY
        : r.kind == TIMEPARSE_NUMERIC && r.mdy_ok && !r.dmy_ok ? TIMEPARSE_ORDER_MDY
                                                               : TIMEPARSE_ORDER_UNKNOWN;
    bool dated =
        r.kind == TIMEPARSE_ISO || r.kind == TIMEPARSE_NAIVE || r.kind == TIMEPARSE_NUMERIC;
    if (!dated || timeparse_resolve(&r, order, &t) != 0) {
        cf_error_set(err, NULL, 0,
                     "bad date '%s' (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM])", s);
        return -1;
    }
    /* A date without a time of day covers that whole day. */
    if (end_of_day && strchr(s, ':') == NULL)
        t += 86400000 - 1;
    *ms = t;
    return 0;
}

uint32_t
filter_find_activity(const struct event_log *log, const char *name, size_t len,
                     struct cf_error *err)
{
    uint32_t a = strpool_find(log->activities, name, len);
    if (a != CF_NONE)
        return a;
    size_t na = eventlog_n_activities(log);
    for (size_t k = 0; k < na; k++) {
        if (strpool_len(log->activities, (uint32_t)k) == len &&
            strncasecmp(eventlog_activity_name(log, (uint32_t)k), name, len) == 0) {
            cf_error_set(err, NULL, 0, "no activity '%.*s' in the log (did you mean '%s'?)",
                         (int)len, name, eventlog_activity_name(log, (uint32_t)k));
            return CF_NONE;
        }
    }
    cf_error_set(err, NULL, 0, "no activity '%.*s' in the log", (int)len, name);
    return CF_NONE;
}

/* An activity named by s[0..n), as is or with blanks trimmed; CF_NONE if none. */
static uint32_t
find_part(const struct event_log *log, const char *s, size_t n)
{
    uint32_t a = strpool_find(log->activities, s, n);
    if (a != CF_NONE)
        return a;
    while (n > 0 && isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        n--;
    return strpool_find(log->activities, s, n);
}

int
filter_parse_activities(const struct event_log *log, const char *list, uint32_t **ids, size_t *n,
                        struct cf_error *err)
{
    size_t len = strlen(list), cnt = 0, cap = 8;
    uint32_t *out = xmalloc(cap * sizeof *out);
    size_t p = 0;
    if (len == 0) {
        cf_error_set(err, NULL, 0, "empty list of activities");
        free(out);
        return -1;
    }
    for (;;) {
        /* Candidate ends: the end of the list and every comma after p, longest first. */
        uint32_t a = CF_NONE;
        size_t end = len;
        for (;;) {
            if (end > p)
                a = find_part(log, list + p, end - p);
            if (a != CF_NONE)
                break;
            while (end > p && list[end - 1] != ',')
                end--;
            if (end <= p)
                break;
            end--; /* on the comma: the part is list[p..end) */
        }
        if (a == CF_NONE) {
            size_t k = strcspn(list + p, ",");
            size_t s = p, e = p + k;
            while (s < e && isspace((unsigned char)list[s]))
                s++;
            while (e > s && isspace((unsigned char)list[e - 1]))
                e--;
            if (e == s)
                cf_error_set(err, NULL, 0, "empty activity name in '%s'", list);
            else
                filter_find_activity(log, list + s, e - s, err);
            free(out);
            return -1;
        }
        if (cnt == cap) {
            cap *= 2;
            out = xreallocarray(out, cap, sizeof *out);
        }
        out[cnt++] = a;
        if (end >= len)
            break;
        p = end + 1;
        if (p >= len) {
            cf_error_set(err, NULL, 0, "empty activity name in '%s'", list);
            free(out);
            return -1;
        }
    }
    *ids = out;
    *n = cnt;
    return 0;
}

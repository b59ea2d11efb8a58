/* Reading the results of the push-down query (CSV or JSON rows) into an aggregate. */
/* SPDX-License-Identifier: MIT */
#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "pairmap.h"
#include "pushdown.h"

/* The columns of a result row, by index into row values. */
enum agg_col {
    C_KIND,
    C_A,
    C_B,
    C_N,
    C_CASES,
    C_MEAN,
    C_MEDIAN,
    C_MIN,
    C_MAX,
    C_P10,
    C_P25,
    C_P75,
    C_P90,
    C__COUNT
};
static const char *const col_names[C__COUNT] = {
    "kind",   "a",      "b",      "n",      "cases",  "mean_ms", "median_ms",
    "min_ms", "max_ms", "p10_ms", "p25_ms", "p75_ms", "p90_ms"};

struct parser {
    struct aggregate *ag;
    const char *name;
    struct cf_error *err;
    bool failed, have_log;
    size_t line;
    /* CSV: header mapping field index -> column (or -1) */
    int *map;
    size_t n_map, field;
    bool header_done;
    /* the current row's values (NULL = absent) */
    char *val[C__COUNT];
    size_t cap_v, cap_e, cap_a, cap_s, cap_x;
    /* every variant's activities in one array (offsets until the end: it moves as it grows) */
    uint32_t *pool;
    size_t n_pool, cap_pool;
    size_t *voff; /* cap_v entries: where variant i starts in pool */
    /* streaming: CSV goes through libcsv as it comes; JSON is gathered whole */
    bool started, json;
    struct csv_parser cp;
    struct cf_buf jbuf;
};

static void
row_reset(struct parser *p)
{
    for (int k = 0; k < C__COUNT; k++) {
        free(p->val[k]);
        p->val[k] = NULL;
    }
}

static void pfail(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
pfail(struct parser *p, const char *fmt, ...)
{
    if (p->failed)
        return;
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cf_error_set(p->err, p->name, p->line, "%s", msg);
    p->failed = true;
}

/* A number cell: integer or decimal (engines write 1.5E3 too). false if absent. */
static bool
num(struct parser *p, enum agg_col c, double *out)
{
    const char *s = p->val[c];
    if (s == NULL || *s == '\0')
        return false;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || errno == ERANGE || !isfinite(v)) {
        pfail(p, "%s: not a number: '%.40s'", col_names[c], s);
        return false;
    }
    *out = v;
    return true;
}

static size_t
count_of(struct parser *p, enum agg_col c)
{
    double v = 0;
    if (num(p, c, &v) && v < 0)
        pfail(p, "%s: negative count", col_names[c]);
    return v > 0 ? (size_t)v : 0;
}

static int64_t
ms_of(struct parser *p, enum agg_col c)
{
    double v = 0;
    num(p, c, &v);
    return (int64_t)llround(v);
}

static double
msf_of(struct parser *p, enum agg_col c)
{
    double v = 0;
    num(p, c, &v);
    return v;
}

static uint32_t
act_of(struct parser *p, enum agg_col c)
{
    const char *s = p->val[c];
    if (s == NULL || *s == '\0') {
        pfail(p, "%s: missing activity", col_names[c]);
        return 0;
    }
    return strpool_intern(p->ag->names, s, strlen(s));
}

#define GROW(arr, n, cap)                                                                          \
    do {                                                                                           \
        if ((n) == (cap)) {                                                                        \
            (cap) = (cap) ? 2 * (cap) : 16;                                                        \
            (arr) = xreallocarray((arr), (cap), sizeof *(arr));                                    \
        }                                                                                          \
    } while (0)

/* One complete row: add it to the aggregate by its kind. */
static void
row_done(struct parser *p)
{
    struct aggregate *ag = p->ag;
    const char *kind = p->val[C_KIND];
    if (kind == NULL) {
        pfail(p, "a row without a kind");
        return;
    }
    if (strcmp(kind, "log") == 0) {
        ag->events = count_of(p, C_N);
        ag->cases = count_of(p, C_CASES);
        ag->t_first = ms_of(p, C_MIN);
        ag->t_last = ms_of(p, C_MAX);
        p->have_log = true;
    } else if (strcmp(kind, "activity") == 0 || strcmp(kind, "start") == 0 ||
               strcmp(kind, "end") == 0) {
        struct agg_count **arr = kind[0] == 'a'   ? &ag->acts
                                 : kind[0] == 's' ? &ag->starts
                                                  : &ag->ends;
        size_t *n = kind[0] == 'a' ? &ag->n_acts : kind[0] == 's' ? &ag->n_starts : &ag->n_ends;
        size_t *cap = kind[0] == 'a' ? &p->cap_a : kind[0] == 's' ? &p->cap_s : &p->cap_x;
        GROW(*arr, *n, *cap);
        struct agg_count *c = &(*arr)[(*n)++];
        c->act = act_of(p, C_A);
        c->events = count_of(p, C_N);
        c->cases = count_of(p, C_CASES);
    } else if (strcmp(kind, "variant") == 0) {
        if (ag->n_variants == p->cap_v) {
            GROW(ag->variants, ag->n_variants, p->cap_v);
            p->voff = xreallocarray(p->voff, p->cap_v, sizeof *p->voff);
        }
        p->voff[ag->n_variants] = p->n_pool;
        struct agg_variant *v = &ag->variants[ag->n_variants++];
        memset(v, 0, sizeof *v);
        const char *s = p->val[C_A] ? p->val[C_A] : "";
        for (;;) {
            size_t n = strcspn(s, "\x1f");
            if (n == 0) {
                pfail(p, "a variant with an empty activity");
                break;
            }
            GROW(p->pool, p->n_pool, p->cap_pool);
            p->pool[p->n_pool++] = strpool_intern(ag->names, s, n);
            v->len++;
            if (s[n] == '\0')
                break;
            s += n + 1;
        }
        v->cases = count_of(p, C_CASES);
        v->mean_ms = msf_of(p, C_MEAN);
        v->median_ms = msf_of(p, C_MEDIAN);
        v->min_ms = ms_of(p, C_MIN);
        v->max_ms = ms_of(p, C_MAX);
    } else if (strcmp(kind, "edge") == 0) {
        GROW(ag->edges, ag->n_edges, p->cap_e);
        struct agg_edge *e = &ag->edges[ag->n_edges++];
        e->from = act_of(p, C_A);
        e->to = act_of(p, C_B);
        e->count = count_of(p, C_N);
        e->cases = count_of(p, C_CASES);
        e->mean_ms = msf_of(p, C_MEAN);
        e->median_ms = msf_of(p, C_MEDIAN);
        e->min_ms = ms_of(p, C_MIN);
        e->max_ms = ms_of(p, C_MAX);
    } else if (strcmp(kind, "case_duration") == 0) {
        struct stats_summary *d = &ag->case_duration;
        d->n = count_of(p, C_CASES);
        d->mean = msf_of(p, C_MEAN);
        d->median = msf_of(p, C_MEDIAN);
        d->min = ms_of(p, C_MIN);
        d->max = ms_of(p, C_MAX);
        d->p10 = msf_of(p, C_P10);
        d->p25 = msf_of(p, C_P25);
        d->p75 = msf_of(p, C_P75);
        d->p90 = msf_of(p, C_P90);
    } else {
        pfail(p, "unknown kind '%.40s'", kind);
    }
}

/* ---- CSV ---- */

static void
csv_field(void *s, size_t len, void *ud)
{
    struct parser *p = ud;
    if (p->failed)
        return;
    if (!p->header_done) {
        p->map = xreallocarray(p->map, p->n_map + 1, sizeof *p->map);
        int c = -1;
        for (int k = 0; k < C__COUNT; k++)
            if (strlen(col_names[k]) == len && memcmp(col_names[k], s, len) == 0)
                c = k;
        p->map[p->n_map++] = c;
        return;
    }
    if (p->field < p->n_map && p->map[p->field] >= 0) {
        int c = p->map[p->field];
        free(p->val[c]);
        p->val[c] = s != NULL ? xstrndup(s, len) : NULL;
    }
    p->field++;
}

static void
csv_row(int c, void *ud)
{
    struct parser *p = ud;
    (void)c;
    p->line++;
    if (p->failed)
        return;
    if (!p->header_done) {
        p->header_done = true;
        for (int k = 0; k < C__COUNT; k++) {
            bool found = false;
            for (size_t i = 0; i < p->n_map; i++)
                found = found || p->map[i] == k;
            if (!found && k <= C_MAX) {
                p->line = 1;
                pfail(p, "no column '%s': not the output of caseflow's aggregation query",
                      col_names[k]);
                return;
            }
        }
        return;
    }
    if (p->field == 1 && p->val[C_KIND] == NULL) { /* blank line */
        p->field = 0;
        return;
    }
    row_done(p);
    row_reset(p);
    p->field = 0;
}

/* ---- JSON: an array of flat objects, or one object per line ---- */

static const char *
ws(struct parser *p, const char *s, const char *e)
{
    while (s < e && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n' || *s == ',')) {
        if (*s == '\n')
            p->line++;
        s++;
    }
    return s;
}

/* A JSON string at s (after the quote) into out; returns the position after it or NULL. */
static const char *
jstring(struct parser *p, const char *s, const char *e, struct cf_buf *out)
{
    (void)p;
    while (s < e && *s != '"') {
        if (*s != '\\') {
            cf_buf_append(out, s++, 1);
            continue;
        }
        if (++s >= e)
            break;
        char c = *s++;
        const char *simple = strchr("\"\\/bfnrt", c);
        if (simple != NULL && c != '\0') {
            static const char repl[] = "\"\\/\b\f\n\r\t";
            cf_buf_append(out, &repl[simple - "\"\\/bfnrt"], 1);
        } else if (c == 'u' && e - s >= 4) {
            unsigned cp = 0;
            for (int i = 0; i < 4; i++) {
                int h = s[i];
                int v = h >= '0' && h <= '9'   ? h - '0'
                        : h >= 'a' && h <= 'f' ? h - 'a' + 10
                        : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                               : -1;
                if (v < 0)
                    return NULL;
                cp = cp * 16 + (unsigned)v;
            }
            s += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && e - s >= 6 && s[0] == '\\' && s[1] == 'u') {
                unsigned lo = (unsigned)strtoul((char[5]){s[2], s[3], s[4], s[5], 0}, NULL, 16);
                if (lo >= 0xDC00 && lo < 0xE000) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    s += 6;
                }
            }
            char u[4];
            size_t n;
            if (cp < 0x80) {
                u[0] = (char)cp;
                n = 1;
            } else if (cp < 0x800) {
                u[0] = (char)(0xC0 | (cp >> 6));
                u[1] = (char)(0x80 | (cp & 0x3F));
                n = 2;
            } else if (cp < 0x10000) {
                u[0] = (char)(0xE0 | (cp >> 12));
                u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
                u[2] = (char)(0x80 | (cp & 0x3F));
                n = 3;
            } else {
                u[0] = (char)(0xF0 | (cp >> 18));
                u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
                u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
                u[3] = (char)(0x80 | (cp & 0x3F));
                n = 4;
            }
            cf_buf_append(out, u, n);
        } else {
            return NULL;
        }
    }
    return s < e ? s + 1 : NULL;
}

static void
parse_json(struct parser *p, const char *s, size_t len)
{
    const char *e = s + len;
    p->line = 1;
    s = ws(p, s, e);
    bool array = s < e && *s == '[';
    if (array)
        s++;
    struct cf_buf key = {0}, val = {0};
    for (;;) {
        s = ws(p, s, e);
        if (s >= e || (array && *s == ']'))
            break;
        if (*s != '{') {
            pfail(p, "expected a JSON object");
            break;
        }
        s++;
        for (;;) {
            s = ws(p, s, e);
            if (s < e && *s == '}') {
                s++;
                break;
            }
            key.len = 0;
            cf_buf_puts(&key, "");
            if (s >= e || *s != '"' || (s = jstring(p, s + 1, e, &key)) == NULL) {
                pfail(p, "bad JSON: expected a key");
                break;
            }
            s = ws(p, s, e);
            if (s >= e || *s != ':') {
                pfail(p, "bad JSON: expected ':'");
                break;
            }
            s = ws(p, s + 1, e);
            val.len = 0;
            cf_buf_puts(&val, "");
            bool null = false;
            if (s < e && *s == '"') {
                if ((s = jstring(p, s + 1, e, &val)) == NULL) {
                    pfail(p, "bad JSON string");
                    break;
                }
            } else if (e - s >= 4 && memcmp(s, "null", 4) == 0) {
                null = true;
                s += 4;
            } else {
                const char *v0 = s;
                while (s < e && strchr("+-.0123456789eE", *s) != NULL && *s != '\0')
                    s++;
                if (s == v0) {
                    pfail(p, "bad JSON value for \"%.40s\"", key.data);
                    break;
                }
                cf_buf_append(&val, v0, (size_t)(s - v0));
            }
            for (int k = 0; k < C__COUNT; k++) {
                if (strcmp(key.data, col_names[k]) == 0) {
                    free(p->val[k]);
                    p->val[k] = null ? NULL : xstrdup(val.data);
                }
            }
        }
        if (p->failed)
            break;
        row_done(p);
        row_reset(p);
        if (p->failed)
            break;
    }
    cf_buf_clear(&key);
    cf_buf_clear(&val);
}

/* ---- ordering and the public calls ---- */

static _Thread_local const struct strpool *sort_names;

static int
cmp_path(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    for (size_t i = 0; i < na && i < nb; i++) {
        int c = strcmp(strpool_get(sort_names, a[i]), strpool_get(sort_names, b[i]));
        if (c != 0)
            return c;
    }
    return na < nb ? -1 : na > nb;
}

static int
cmp_variant(const void *pa, const void *pb)
{
    const struct agg_variant *a = pa, *b = pb;
    if (a->cases != b->cases)
        return a->cases < b->cases ? 1 : -1;
    return cmp_path(a->acts, a->len, b->acts, b->len);
}

static int
cmp_edge(const void *pa, const void *pb)
{
    const struct agg_edge *a = pa, *b = pb;
    if (a->count != b->count)
        return a->count < b->count ? 1 : -1;
    uint32_t x[2] = {a->from, a->to}, y[2] = {b->from, b->to};
    return cmp_path(x, 2, y, 2);
}

static int
cmp_count(const void *pa, const void *pb)
{
    const struct agg_count *a = pa, *b = pb;
    size_t ka = a->events ? a->events : a->cases, kb = b->events ? b->events : b->cases;
    if (ka != kb)
        return ka < kb ? 1 : -1;
    return strcmp(strpool_get(sort_names, a->act), strpool_get(sort_names, b->act));
}

struct agg_parser *
aggregate_parser_new(const char *name, struct cf_error *err)
{
    struct parser *p = xcalloc(1, sizeof *p);
    p->ag = xcalloc(1, sizeof *p->ag);
    p->ag->name = xstrdup(name);
    p->ag->names = strpool_new();
    p->name = p->ag->name;
    p->err = err;
    return (struct agg_parser *)p;
}

int
aggregate_parser_feed(struct agg_parser *ap, const char *data, size_t len)
{
    struct parser *p = (struct parser *)ap;
    if (p->failed)
        return -1;
    if (!p->started) {
        size_t i = 0;
        while (i < len && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t'))
            i++;
        if (i == len)
            return 0; /* decide on the first non-blank byte */
        p->started = true;
        p->json = data[i] == '[' || data[i] == '{';
        if (!p->json)
            csv_init(&p->cp, CSV_APPEND_NULL | CSV_EMPTY_IS_NULL);
    }
    if (p->json) {
        cf_buf_append(&p->jbuf, data, len);
    } else if (csv_parse(&p->cp, data, len, csv_field, csv_row, p) != len) {
        pfail(p, "cannot parse: %s", csv_strerror(csv_error(&p->cp)));
    }
    return p->failed ? -1 : 0;
}

static void
parser_free(struct parser *p)
{
    row_reset(p);
    free(p->map);
    free(p->pool);
    free(p->voff);
    if (p->started && !p->json)
        csv_free(&p->cp);
    cf_buf_clear(&p->jbuf);
    aggregate_free(p->ag);
    free(p);
}

void
aggregate_parser_abandon(struct agg_parser *ap)
{
    if (ap != NULL)
        parser_free((struct parser *)ap);
}

/*
 * What the variants tell exactly: events and cases per activity, the start and end
 * activities, and each edge's cases (a variant's cases count once per distinct
 * edge in it). The push-down query leaves these to caseflow, since each costs the
 * server another pass over every event; a result that has them keeps its own.
 * Linear in the variants' total length.
 */
static void
derive_from_variants(struct aggregate *ag)
{
    size_t na = strpool_count(ag->names), nb = na ? na : 1;
    size_t *ev = xcalloc(nb, sizeof *ev), *cs = xcalloc(nb, sizeof *cs);
    size_t *st = xcalloc(nb, sizeof *st), *en = xcalloc(nb, sizeof *en);
    size_t *seen = xcalloc(nb, sizeof *seen); /* last variant (+1) counted */
    struct pairmap pm;
    pairmap_init(&pm, na);
    size_t *ecases = NULL, *eseen = NULL, ecap = 0;
    for (size_t i = 0; i < ag->n_variants; i++) {
        const struct agg_variant *v = &ag->variants[i];
        if (v->len == 0)
            continue;
        st[v->acts[0]] += v->cases;
        en[v->acts[v->len - 1]] += v->cases;
        for (size_t k = 0; k < v->len; k++) {
            uint32_t a = v->acts[k];
            ev[a] += v->cases;
            if (seen[a] != i + 1) {
                seen[a] = i + 1;
                cs[a] += v->cases;
            }
            if (k + 1 == v->len)
                continue;
            uint32_t id = pairmap_get(&pm, a, v->acts[k + 1]);
            if (id >= ecap) {
                size_t old = ecap;
                ecap = ecap ? ecap * 2 : 64;
                while (ecap <= id)
                    ecap *= 2;
                ecases = xreallocarray(ecases, ecap, sizeof *ecases);
                eseen = xreallocarray(eseen, ecap, sizeof *eseen);
                memset(ecases + old, 0, (ecap - old) * sizeof *ecases);
                memset(eseen + old, 0, (ecap - old) * sizeof *eseen);
            }
            if (eseen[id] != i + 1) {
                eseen[id] = i + 1;
                ecases[id] += v->cases;
            }
        }
    }
    struct {
        struct agg_count **arr;
        size_t *n;
        const size_t *events, *cases;
    } lists[3] = {{&ag->acts, &ag->n_acts, ev, cs},
                  {&ag->starts, &ag->n_starts, st, st},
                  {&ag->ends, &ag->n_ends, en, en}};
    for (int l = 0; l < 3; l++) {
        if (*lists[l].n > 0)
            continue;
        *lists[l].arr = xmalloc(nb * sizeof **lists[l].arr);
        for (size_t a = 0; a < na; a++)
            if (lists[l].events[a] > 0)
                (*lists[l].arr)[(*lists[l].n)++] =
                    (struct agg_count){(uint32_t)a, lists[l].events[a], lists[l].cases[a]};
    }
    for (size_t i = 0; i < ag->n_edges; i++) {
        struct agg_edge *e = &ag->edges[i];
        uint32_t id = pairmap_find(&pm, e->from, e->to);
        if (e->cases == 0 && id != CF_NONE)
            e->cases = ecases[id];
    }
    pairmap_clear(&pm);
    free(ecases);
    free(eseen);
    free(seen);
    free(ev);
    free(cs);
    free(st);
    free(en);
}

struct aggregate *
aggregate_parser_finish(struct agg_parser *ap)
{
    struct parser *p = (struct parser *)ap;
    if (!p->failed && p->started) {
        if (p->json)
            parse_json(p, p->jbuf.data, p->jbuf.len);
        else
            csv_fini(&p->cp, csv_field, csv_row, p);
    }
    if (!p->failed && !p->have_log) {
        p->line = 0;
        pfail(p, "no 'log' row: not the output of caseflow's aggregation query");
    }
    if (p->failed) {
        parser_free(p);
        return NULL;
    }
    struct aggregate *ag = p->ag;
    p->ag = NULL;
    /* The activities' final place, exactly as long as they are; the variants point into it. */
    ag->variant_acts = xreallocarray(p->pool, p->n_pool ? p->n_pool : 1, sizeof *p->pool);
    p->pool = NULL;
    for (size_t i = 0; i < ag->n_variants; i++)
        ag->variants[i].acts = ag->variant_acts + p->voff[i];
    if (ag->n_variants > 0)
        ag->variants = xreallocarray(ag->variants, ag->n_variants, sizeof *ag->variants);
    parser_free(p);
    derive_from_variants(ag);
    sort_names = ag->names;
    if (ag->n_variants > 1)
        qsort(ag->variants, ag->n_variants, sizeof *ag->variants, cmp_variant);
    if (ag->n_edges > 1)
        qsort(ag->edges, ag->n_edges, sizeof *ag->edges, cmp_edge);
    if (ag->n_acts > 1)
        qsort(ag->acts, ag->n_acts, sizeof *ag->acts, cmp_count);
    if (ag->n_starts > 1)
        qsort(ag->starts, ag->n_starts, sizeof *ag->starts, cmp_count);
    if (ag->n_ends > 1)
        qsort(ag->ends, ag->n_ends, sizeof *ag->ends, cmp_count);
    return ag;
}

struct aggregate *
aggregate_parse(const char *name, const char *data, size_t len, struct cf_error *err)
{
    struct agg_parser *p = aggregate_parser_new(name, err);
    aggregate_parser_feed(p, data, len);
    return aggregate_parser_finish(p);
}

struct aggregate *
aggregate_load(const char *path, struct cf_error *err)
{
    bool is_stdin = strcmp(path, "-") == 0;
    const char *name = is_stdin ? "(stdin)" : path;
    gzFile gz = is_stdin ? gzdopen(dup(0), "rb") : gzopen(path, "rb");
    if (gz == NULL) {
        cf_error_set(err, name, 0, "cannot open: %s", strerror(errno ? errno : ENOMEM));
        return NULL;
    }
    struct agg_parser *p = aggregate_parser_new(name, err);
    char *chunk = xmalloc(65536);
    int n;
    while ((n = gzread(gz, chunk, 65536)) > 0)
        if (aggregate_parser_feed(p, chunk, (size_t)n) != 0)
            break;
    free(chunk);
    int errnum = Z_OK;
    const char *zmsg = gzerror(gz, &errnum);
    if (n < 0 || errnum != Z_OK) {
        cf_error_set(err, name, 0, "cannot read: %s",
                     errnum == Z_ERRNO ? strerror(errno) : (zmsg ? zmsg : "gzip error"));
        gzclose(gz);
        aggregate_parser_abandon(p);
        return NULL;
    }
    gzclose(gz);
    return aggregate_parser_finish(p);
}

void
aggregate_free(struct aggregate *a)
{
    if (a == NULL)
        return;
    free(a->variant_acts);
    free(a->variants);
    free(a->edges);
    free(a->acts);
    free(a->starts);
    free(a->ends);
    strpool_free(a->names);
    free(a->name);
    free(a);
}

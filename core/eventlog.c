/* Event-log storage: the builder importers feed, ordering, cases and variants. */
/* SPDX-License-Identifier: MIT */
#include "eventlog.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

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

struct eventlog_builder {
    struct event_log *log; /* pools, names and report live here from the start */
    size_t n, cap;
    uint32_t *ev_case, *ev_act, *ev_res, *ev_line;
    int64_t *ev_time;
    uint32_t **ev_attr;
    /* The id each column got last: rows of a case repeat the case id and its
     * case attributes, so most values need no hashing at all. */
    uint32_t last_case, last_act, last_res, *last_attr;
};

/* Intern s, trying the column's previous id first. */
static inline uint32_t
intern_cached(struct strpool *sp, const char *s, size_t n, uint32_t *last)
{
    if (*last != CF_NONE && strpool_len(sp, *last) == n &&
        memcmp(strpool_get(sp, *last), s, n) == 0)
        return *last;
    return *last = strpool_intern(sp, s, n);
}

struct eventlog_builder *
eventlog_builder_new(const char *name, size_t n_attrs, const char *const *attr_names)
{
    struct eventlog_builder *b = xcalloc(1, sizeof *b);
    struct event_log *log = xcalloc(1, sizeof *log);
    log->name = xstrdup(name ? name : "");
    log->n_attrs = n_attrs;
    log->attr_names = xcalloc(n_attrs, sizeof *log->attr_names);
    for (size_t i = 0; i < n_attrs; i++)
        log->attr_names[i] = xstrdup(attr_names[i]);
    log->case_ids = strpool_new();
    log->activities = strpool_new();
    log->resources = strpool_new();
    log->values = strpool_new();
    b->log = log;
    b->ev_attr = xcalloc(n_attrs, sizeof *b->ev_attr);
    b->last_case = b->last_act = b->last_res = CF_NONE;
    b->last_attr = xmalloc((n_attrs ? n_attrs : 1) * sizeof *b->last_attr);
    for (size_t i = 0; i < n_attrs; i++)
        b->last_attr[i] = CF_NONE;
    return b;
}

size_t
eventlog_builder_add_attr(struct eventlog_builder *b, const char *name)
{
    struct event_log *log = b->log;
    size_t i = log->n_attrs++;
    log->attr_names = xreallocarray(log->attr_names, log->n_attrs, sizeof *log->attr_names);
    log->attr_names[i] = xstrdup(name);
    b->ev_attr = xreallocarray(b->ev_attr, log->n_attrs, sizeof *b->ev_attr);
    b->ev_attr[i] = xmalloc((b->cap ? b->cap : 1) * sizeof *b->ev_attr[i]);
    b->last_attr = xreallocarray(b->last_attr, log->n_attrs, sizeof *b->last_attr);
    b->last_attr[i] = CF_NONE;
    for (size_t e = 0; e < b->n; e++)
        b->ev_attr[i][e] = CF_NONE;
    return i;
}

struct import_report *
eventlog_builder_report(struct eventlog_builder *b)
{
    return &b->log->report;
}

static void
builder_grow(struct eventlog_builder *b)
{
    b->cap = b->cap ? b->cap * 2 : 4096;
    b->ev_case = xreallocarray(b->ev_case, b->cap, sizeof *b->ev_case);
    b->ev_act = xreallocarray(b->ev_act, b->cap, sizeof *b->ev_act);
    b->ev_res = xreallocarray(b->ev_res, b->cap, sizeof *b->ev_res);
    b->ev_line = xreallocarray(b->ev_line, b->cap, sizeof *b->ev_line);
    b->ev_time = xreallocarray(b->ev_time, b->cap, sizeof *b->ev_time);
    for (size_t i = 0; i < b->log->n_attrs; i++)
        b->ev_attr[i] = xreallocarray(b->ev_attr[i], b->cap, sizeof *b->ev_attr[i]);
}

void
eventlog_builder_add(struct eventlog_builder *b, const char *case_id, size_t case_len,
                     const char *act, size_t act_len, int64_t time_ms, const char *res,
                     size_t res_len, size_t line, const char *const *attr_vals,
                     const size_t *attr_lens)
{
    struct event_log *log = b->log;
    if (b->n == b->cap)
        builder_grow(b);
    size_t i = b->n++;
    b->ev_case[i] = intern_cached(log->case_ids, case_id, case_len, &b->last_case);
    b->ev_act[i] = intern_cached(log->activities, act, act_len, &b->last_act);
    b->ev_res[i] = res != NULL && res_len > 0
                       ? intern_cached(log->resources, res, res_len, &b->last_res)
                       : CF_NONE;
    b->ev_line[i] = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
    b->ev_time[i] = time_ms;
    for (size_t a = 0; a < log->n_attrs; a++) {
        const char *v = attr_vals ? attr_vals[a] : NULL;
        size_t vl = v ? attr_lens[a] : 0;
        b->ev_attr[a][i] = vl > 0 ? intern_cached(log->values, v, vl, &b->last_attr[a]) : CF_NONE;
    }
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
    for (size_t i = 0; i < b->log->n_attrs; i++)
        free(b->ev_attr[i]);
    free(b->ev_attr);
    free(b->last_attr);
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
        uint64_t h = cf_hash_bytes(seq, len * sizeof *seq, len);
        h ^= h >> 29;
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

struct event_log *
eventlog_builder_finish(struct eventlog_builder *b)
{
    struct event_log *log = b->log;
    size_t n = b->n;
    size_t nc = strpool_count(log->case_ids);

    /* Counting sort by case (cases numbered by first appearance): stable. */
    log->case_off = xcalloc(nc + 1, sizeof *log->case_off);
    for (size_t i = 0; i < n; i++)
        log->case_off[b->ev_case[i] + 1]++;
    for (size_t c = 0; c < nc; c++)
        log->case_off[c + 1] += log->case_off[c];
    uint32_t *perm = xmalloc((n ? n : 1) * sizeof *perm);
    size_t *fill = xmalloc((nc ? nc : 1) * sizeof *fill);
    memcpy(fill, log->case_off, nc * sizeof *fill);
    for (size_t i = 0; i < n; i++)
        perm[fill[b->ev_case[i]]++] = (uint32_t)i;
    free(fill);

    /* Within each case, a stable sort by time keeps file order for ties. */
    struct tkey *keys = NULL, *tmp = NULL;
    size_t kcap = 0;
    for (size_t c = 0; c < nc; c++) {
        size_t lo = log->case_off[c], len = log->case_off[c + 1] - lo;
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

    PERMUTE(uint32_t, b->ev_case);
    PERMUTE(uint32_t, b->ev_act);
    PERMUTE(uint32_t, b->ev_res);
    PERMUTE(uint32_t, b->ev_line);
    PERMUTE(int64_t, b->ev_time);
    for (size_t a = 0; a < log->n_attrs; a++)
        PERMUTE(uint32_t, b->ev_attr[a]);
    free(perm);

    log->n_events = n;
    log->n_cases = nc;
    log->ev_case = b->ev_case;
    log->ev_act = b->ev_act;
    log->ev_res = b->ev_res;
    log->ev_line = b->ev_line;
    log->ev_time = b->ev_time;
    log->ev_attr = b->ev_attr;
    log->t_min = log->t_max = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || log->ev_time[i] < log->t_min)
            log->t_min = log->ev_time[i];
        if (i == 0 || log->ev_time[i] > log->t_max)
            log->t_max = log->ev_time[i];
    }
    compute_variants(log);
    free(b->last_attr);
    free(b);
    return log;
}

void
eventlog_free(struct event_log *log)
{
    if (log == NULL)
        return;
    free(log->name);
    free(log->ev_case);
    free(log->ev_act);
    free(log->ev_time);
    free(log->ev_res);
    free(log->ev_line);
    if (log->ev_attr != NULL)
        for (size_t i = 0; i < log->n_attrs; i++)
            free(log->ev_attr[i]);
    free(log->ev_attr);
    for (size_t i = 0; i < log->n_attrs; i++)
        free(log->attr_names[i]);
    free(log->attr_names);
    free(log->case_off);
    free(log->case_variant);
    free(log->variant_case);
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
    m += log->n_events * (4 * sizeof(uint32_t) + sizeof(int64_t) + log->n_attrs * sizeof(uint32_t));
    m += (log->n_cases + 1) * sizeof(size_t) + log->n_cases * sizeof(uint32_t);
    m += log->n_variants * sizeof(uint32_t);
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

/* XES import: a small streaming XML scanner feeding the event-log builder. */
/* SPDX-License-Identifier: MIT */
#include "import_xes.h"

#include <errno.h>
#include <stdio.h>
#include <strings.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "strpool.h"
#include "timeparse.h"

#define CHUNK (256 * 1024)
#define MAX_DEPTH 256
#define MAX_ACT_KEYS 8

enum el { EL_OTHER, EL_LOG, EL_TRACE, EL_EVENT, EL_ATTR };

/* One key/value pair of the current trace or event; the value lives in vals. */
struct kv {
    uint32_t key;
    size_t off, len;
};

struct kvlist {
    struct kv *v;
    size_t n, cap;
};

/* A buffered event of the current trace: its attributes are kvs[first, first+n). */
struct pending_event {
    size_t line, first, n;
};

struct xes {
    const char *name;
    const struct import_opts *opts;
    struct cf_error *err;
    struct eventlog_builder *b;
    struct import_report *rep;

    enum el stack[MAX_DEPTH];
    size_t depth;
    bool seen_root;
    size_t line; /* line at the scan position */

    struct strpool *keys; /* XES keys seen */
    struct cf_buf vals;   /* values of the current trace */
    struct kvlist trace_kv, event_kv;
    struct pending_event *events;
    size_t n_events, cap_events;
    bool in_event;
    size_t event_line;

    /* Roles, as key ids (CF_NONE until the key is seen; resolved lazily). */
    const char *case_key, *time_key, *res_key;
    const char *act_keys[MAX_ACT_KEYS];
    size_t n_act_keys;

    /* Column of each key id as event / trace attribute (CF_NONE: none yet). */
    uint32_t *ev_col, *tr_col;
    size_t col_cap;
    const char **attr_vals;
    size_t *attr_lens;
    size_t attr_cap;
    struct cf_buf act;
    struct strpool *colnames; /* attribute column names, id == column index */
    char act_copy[1024];
};

static void
kv_push(struct kvlist *l, uint32_t key, size_t off, size_t len)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
    }
    l->v[l->n++] = (struct kv){key, off, len};
}

/* Does XES key k answer to the option name o? ':' may be written '_', and the
 * CSV role names stand for the standard keys. */
static bool
key_matches(const char *k, const char *o)
{
    if (strcmp(k, o) == 0)
        return true;
    size_t n = strlen(k);
    if (strlen(o) == n) {
        size_t i;
        for (i = 0; i < n; i++)
            if (!(k[i] == o[i] || (k[i] == ':' && o[i] == '_')))
                break;
        if (i == n)
            return true;
    }
    static const char *const alias[][2] = {
        {"concept:name", "activity"},    {"concept:name", "case_id"},  {"concept:name", "case"},
        {"time:timestamp", "timestamp"}, {"org:resource", "resource"},
    };
    for (size_t i = 0; i < sizeof alias / sizeof alias[0]; i++)
        if (strcmp(k, alias[i][0]) == 0 && strcasecmp(o, alias[i][1]) == 0)
            return true;
    return false;
}

/* Decode XML entities of [s, s+n) onto the end of out. Returns -1 on a bad one. */
static int
decode_append(struct cf_buf *out, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        const char *amp = memchr(s + i, '&', n - i);
        size_t run = amp ? (size_t)(amp - (s + i)) : n - i;
        cf_buf_append(out, s + i, run);
        i += run;
        if (amp == NULL)
            break;
        const char *semi = memchr(s + i, ';', n - i);
        if (semi == NULL || semi - (s + i) > 12)
            return -1;
        size_t elen = (size_t)(semi - (s + i)) + 1;
        const char *e = s + i + 1;
        size_t el = elen - 2;
        static const struct {
            const char *name;
            char c;
        } named[] = {{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}};
        bool done = false;
        for (size_t k = 0; k < 5 && !done; k++)
            if (strlen(named[k].name) == el && memcmp(e, named[k].name, el) == 0) {
                cf_buf_append(out, &named[k].c, 1);
                done = true;
            }
        if (!done) {
            if (el < 2 || e[0] != '#')
                return -1;
            char num[16];
            memcpy(num, e + 1, el - 1);
            num[el - 1] = '\0';
            char *end;
            errno = 0;
            unsigned long cp = num[0] == 'x' ? strtoul(num + 1, &end, 16) : strtoul(num, &end, 10);
            if (*end != '\0' || errno != 0 || cp == 0 || cp > 0x10ffff)
                return -1;
            char u[4];
            size_t ul;
            if (cp < 0x80) {
                u[0] = (char)cp;
                ul = 1;
            } else if (cp < 0x800) {
                u[0] = (char)(0xc0 | (cp >> 6));
                u[1] = (char)(0x80 | (cp & 0x3f));
                ul = 2;
            } else if (cp < 0x10000) {
                u[0] = (char)(0xe0 | (cp >> 12));
                u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
                u[2] = (char)(0x80 | (cp & 0x3f));
                ul = 3;
            } else {
                u[0] = (char)(0xf0 | (cp >> 18));
                u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
                u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
                u[3] = (char)(0x80 | (cp & 0x3f));
                ul = 4;
            }
            cf_buf_append(out, u, ul);
        }
        i += elen;
    }
    return 0;
}

static void
reject(struct xes *x, enum cf_reject why, size_t line, const char *detail)
{
    struct import_report *r = x->rep;
    if (r->rejected[why] < CF_REJ_KEEP_LINES)
        r->first_lines[why][r->rejected[why]] = line;
    if (r->rejected[why] == 0 && detail != NULL)
        snprintf(r->first_detail[why], sizeof r->first_detail[why], "%s", detail);
    r->rejected[why]++;
}

static uint32_t
column(struct xes *x, uint32_t key, bool trace)
{
    size_t nk = strpool_count(x->keys);
    if (nk > x->col_cap) {
        size_t old = x->col_cap;
        x->col_cap = nk * 2;
        x->ev_col = xreallocarray(x->ev_col, x->col_cap, sizeof *x->ev_col);
        x->tr_col = xreallocarray(x->tr_col, x->col_cap, sizeof *x->tr_col);
        for (size_t i = old; i < x->col_cap; i++)
            x->ev_col[i] = x->tr_col[i] = CF_NONE;
    }
    uint32_t *col = trace ? x->tr_col : x->ev_col;
    if (col[key] != CF_NONE)
        return col[key];
    const char *k = strpool_get(x->keys, key);
    char name[256], alt[300];
    snprintf(name, sizeof name, "%s", k);
    for (char *p = name; *p; p++)
        if (*p == ':')
            *p = '_';
    /* An event and a trace attribute of the same name: prefix the later one. */
    if (strpool_find(x->colnames, name, strlen(name)) != CF_NONE) {
        snprintf(alt, sizeof alt, "%s_%s", trace ? "case" : "event", name);
        for (int i = 2; strpool_find(x->colnames, alt, strlen(alt)) != CF_NONE; i++)
            snprintf(alt, sizeof alt, "%s_%s_%d", trace ? "case" : "event", name, i);
        snprintf(name, sizeof name, "%s", alt);
    }
    strpool_intern(x->colnames, name, strlen(name));
    col[key] = (uint32_t)eventlog_builder_add_attr(x->b, name);
    return col[key];
}

static bool
is_role_key(const struct xes *x, const char *k)
{
    if (key_matches(k, x->time_key) || (x->res_key && key_matches(k, x->res_key)))
        return true;
    for (size_t i = 0; i < x->n_act_keys; i++)
        if (key_matches(k, x->act_keys[i]))
            return true;
    return false;
}

/* Emit the buffered events of a finished trace. */
static void
flush_trace(struct xes *x)
{
    const char *case_id = NULL;
    size_t case_len = 0;
    for (size_t i = 0; i < x->trace_kv.n; i++) {
        const struct kv *kv = &x->trace_kv.v[i];
        if (key_matches(strpool_get(x->keys, kv->key), x->case_key)) {
            case_id = x->vals.data + kv->off;
            case_len = kv->len;
        }
    }
    for (size_t ei = 0; ei < x->n_events; ei++) {
        const struct pending_event *pe = &x->events[ei];
        x->rep->rows++;
        if (case_id == NULL || case_len == 0) {
            reject(x, CF_REJ_MISSING_CASE, pe->line, "trace without concept:name");
            continue;
        }
        /* Roles. */
        const char *actv[MAX_ACT_KEYS] = {NULL};
        size_t actl[MAX_ACT_KEYS] = {0};
        const char *tv = NULL, *rv = NULL;
        size_t tl = 0, rl = 0;
        for (size_t i = pe->first; i < pe->first + pe->n; i++) {
            const struct kv *kv = &x->event_kv.v[i];
            const char *k = strpool_get(x->keys, kv->key);
            for (size_t a = 0; a < x->n_act_keys; a++)
                if (key_matches(k, x->act_keys[a])) {
                    actv[a] = x->vals.data + kv->off;
                    actl[a] = kv->len;
                }
            if (key_matches(k, x->time_key)) {
                tv = x->vals.data + kv->off;
                tl = kv->len;
            }
            if (x->res_key && key_matches(k, x->res_key)) {
                rv = x->vals.data + kv->off;
                rl = kv->len;
            }
        }
        x->act.len = 0;
        if (x->act.data)
            x->act.data[0] = '\0';
        for (size_t a = 0; a < x->n_act_keys; a++) {
            if (actv[a] == NULL)
                continue;
            if (x->act.len > 0)
                cf_buf_append(&x->act, "+", 1);
            cf_buf_append(&x->act, actv[a], actl[a]);
        }
        if (x->act.len == 0) {
            reject(x, CF_REJ_MISSING_ACTIVITY, pe->line, "event without concept:name");
            continue;
        }
        struct timeparse_result tr;
        int64_t ms;
        if (tv == NULL) {
            reject(x, CF_REJ_BAD_TIME, pe->line, "event without time:timestamp");
            continue;
        }
        timeparse_auto(tv, tl, &tr);
        if (timeparse_resolve(&tr, TIMEPARSE_ORDER_UNKNOWN, &ms) != 0) {
            char d[160];
            snprintf(d, sizeof d, "bad timestamp \"%.*s\"", (int)(tl > 60 ? 60 : tl), tv);
            reject(x, CF_REJ_BAD_TIME, pe->line, d);
            continue;
        }
        /* Attributes: event keys, then trace keys. */
        for (size_t i = pe->first; i < pe->first + pe->n; i++) {
            const struct kv *kv = &x->event_kv.v[i];
            if (!is_role_key(x, strpool_get(x->keys, kv->key)))
                column(x, kv->key, false);
        }
        for (size_t i = 0; i < x->trace_kv.n; i++) {
            const struct kv *kv = &x->trace_kv.v[i];
            if (!key_matches(strpool_get(x->keys, kv->key), x->case_key))
                column(x, kv->key, true);
        }
        size_t ncols = strpool_count(x->colnames);
        if (ncols > x->attr_cap) {
            x->attr_cap = ncols * 2;
            x->attr_vals = xreallocarray(x->attr_vals, x->attr_cap, sizeof *x->attr_vals);
            x->attr_lens = xreallocarray(x->attr_lens, x->attr_cap, sizeof *x->attr_lens);
        }
        for (size_t i = 0; i < ncols; i++) {
            x->attr_vals[i] = NULL;
            x->attr_lens[i] = 0;
        }
        for (size_t i = 0; i < x->trace_kv.n; i++) {
            const struct kv *kv = &x->trace_kv.v[i];
            uint32_t c = kv->key < x->col_cap ? x->tr_col[kv->key] : CF_NONE;
            if (c != CF_NONE) {
                x->attr_vals[c] = x->vals.data + kv->off;
                x->attr_lens[c] = kv->len;
            }
        }
        for (size_t i = pe->first; i < pe->first + pe->n; i++) {
            const struct kv *kv = &x->event_kv.v[i];
            uint32_t c = kv->key < x->col_cap ? x->ev_col[kv->key] : CF_NONE;
            if (c != CF_NONE) {
                x->attr_vals[c] = x->vals.data + kv->off;
                x->attr_lens[c] = kv->len;
            }
        }
        eventlog_builder_add(x->b, case_id, case_len, x->act.data, x->act.len, ms, rv, rl, pe->line,
                             x->attr_vals, x->attr_lens);
        x->rep->accepted++;
    }
    x->n_events = 0;
    x->trace_kv.n = 0;
    x->event_kv.n = 0;
    x->vals.len = 0;
}

static bool
is_attr_element(const char *n, size_t len)
{
    static const char *const names[] = {"string",  "date", "int",  "float",
                                        "boolean", "id",   "list", "container"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i]) == len && memcmp(names[i], n, len) == 0)
            return true;
    return false;
}

static bool
name_is(const char *n, size_t len, const char *s)
{
    return strlen(s) == len && memcmp(n, s, len) == 0;
}

/* Find attribute name=... in a tag's attribute text; sets value span. */
static bool
tag_attr(const char *s, size_t n, const char *name, const char **v, size_t *vl)
{
    size_t k = strlen(name), i = 0;
    while (i < n) {
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
            i++;
        size_t ns = i;
        while (i < n && s[i] != '=' && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
            i++;
        size_t nl = i - ns;
        while (i < n && s[i] != '=')
            i++;
        if (i >= n)
            return false;
        i++;
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
            i++;
        if (i >= n || (s[i] != '"' && s[i] != '\''))
            return false;
        char q = s[i++];
        size_t vs = i;
        while (i < n && s[i] != q)
            i++;
        if (i >= n)
            return false;
        if (nl == k && memcmp(s + ns, name, k) == 0) {
            *v = s + vs;
            *vl = i - vs;
            return true;
        }
        i++;
    }
    return false;
}

/* Handle one tag (without '<' and '>'), at line x->line. 0 or -1 with err set. */
static int
handle_tag(struct xes *x, const char *t, size_t n)
{
    if (n > 0 && t[0] == '/') {
        if (x->depth == 0) {
            cf_error_set(x->err, x->name, x->line, "unexpected closing tag </%.*s>",
                         (int)(n - 1 > 40 ? 40 : n - 1), t + 1);
            return -1;
        }
        x->depth--;
        enum el e = x->depth < MAX_DEPTH ? x->stack[x->depth] : EL_OTHER;
        static const char *const names[] = {NULL, "log", "trace", "event", NULL};
        size_t nl = n - 1;
        while (nl > 0 && (t[nl] == ' ' || t[nl] == '\t' || t[nl] == '\n' || t[nl] == '\r'))
            nl--;
        if (names[e] != NULL && !name_is(t + 1, nl, names[e])) {
            cf_error_set(x->err, x->name, x->line, "malformed XES: </%.*s> closes <%s>",
                         (int)(nl > 40 ? 40 : nl), t + 1, names[e]);
            return -1;
        }
        if (e == EL_EVENT) {
            x->events[x->n_events - 1].n = x->event_kv.n - x->events[x->n_events - 1].first;
            x->in_event = false;
        } else if (e == EL_TRACE) {
            flush_trace(x);
        }
        return 0;
    }
    bool self = n > 0 && t[n - 1] == '/';
    if (self)
        n--;
    size_t nl = 0;
    while (nl < n && t[nl] != ' ' && t[nl] != '\t' && t[nl] != '\n' && t[nl] != '\r')
        nl++;
    const char *attrs = t + nl;
    size_t al = n - nl;
    enum el parent = x->depth == 0           ? EL_OTHER
                     : x->depth <= MAX_DEPTH ? x->stack[x->depth - 1]
                                             : EL_OTHER;
    enum el e = EL_OTHER;
    if (x->depth == 0) {
        if (x->seen_root || !name_is(t, nl, "log")) {
            cf_error_set(x->err, x->name, x->line, "not an XES log: root element is <%.*s>",
                         (int)(nl > 40 ? 40 : nl), t);
            return -1;
        }
        x->seen_root = true;
        e = EL_LOG;
    } else if (parent == EL_LOG && name_is(t, nl, "trace")) {
        e = EL_TRACE;
        x->n_events = 0;
        x->trace_kv.n = x->event_kv.n = 0;
        x->vals.len = 0;
    } else if (parent == EL_TRACE && name_is(t, nl, "event")) {
        e = EL_EVENT;
        if (x->n_events == x->cap_events) {
            x->cap_events = x->cap_events ? x->cap_events * 2 : 64;
            x->events = xreallocarray(x->events, x->cap_events, sizeof *x->events);
        }
        x->events[x->n_events++] = (struct pending_event){x->line, x->event_kv.n, 0};
        x->in_event = true;
    } else if ((parent == EL_TRACE || parent == EL_EVENT) && is_attr_element(t, nl)) {
        e = EL_ATTR;
        const char *k, *v;
        size_t kl, vl;
        if (tag_attr(attrs, al, "key", &k, &kl) && tag_attr(attrs, al, "value", &v, &vl)) {
            size_t off = x->vals.len;
            struct cf_buf key = {0};
            if (decode_append(&x->vals, v, vl) != 0 || decode_append(&key, k, kl) != 0) {
                cf_error_set(x->err, x->name, x->line, "bad character reference in <%.*s>", (int)nl,
                             t);
                cf_buf_clear(&key);
                return -1;
            }
            cf_buf_append(&x->vals, "", 1); /* NUL, for values used as strings */
            uint32_t kid = strpool_intern(x->keys, key.data ? key.data : "", key.len);
            cf_buf_clear(&key);
            kv_push(parent == EL_EVENT ? &x->event_kv : &x->trace_kv, kid, off,
                    x->vals.len - off - 1);
        }
    }
    if (!self) {
        if (x->depth < MAX_DEPTH)
            x->stack[x->depth] = e;
        x->depth++;
    }
    return 0;
}

/* Scan complete tags of buf from *pos; stops at an incomplete one (returns 1),
 * at the end (0), or on error (-1). */
static int
scan(struct xes *x, const char *buf, size_t len, size_t *pos, bool eof)
{
    size_t i = *pos;
    while (i < len) {
        const char *lt = memchr(buf + i, '<', len - i);
        size_t stop = lt ? (size_t)(lt - buf) : len;
        for (size_t k = i; k < stop; k++) {
            if (buf[k] == '\n')
                x->line++;
            else if (buf[k] == '\0') {
                cf_error_set(x->err, x->name, x->line, "not an XES file (binary data)");
                return -1;
            }
        }
        i = stop;
        if (lt == NULL)
            break;
        const char *end = NULL;
        size_t skip = 1;
        const char *body = buf + i + 1;
        size_t rest = len - i - 1;
        if (rest >= 3 && memcmp(body, "!--", 3) == 0) {
            end = memmem(body + 3, rest - 3, "-->", 3);
            skip = 3;
        } else if (rest >= 8 && memcmp(body, "![CDATA[", 8) == 0) {
            end = memmem(body, rest, "]]>", 3);
            skip = 3;
        } else if (rest >= 1 && body[0] == '?') {
            end = memmem(body, rest, "?>", 2);
            skip = 2;
        } else {
            char q = 0;
            for (size_t k = 0; k < rest; k++) {
                char ch = body[k];
                if (q) {
                    if (ch == q)
                        q = 0;
                } else if (ch == '"' || ch == '\'') {
                    q = ch;
                } else if (ch == '>') {
                    end = body + k;
                    break;
                } else if (ch == '<') {
                    cf_error_set(x->err, x->name, x->line, "malformed XML: '<' inside a tag");
                    return -1;
                }
            }
            skip = 1;
        }
        if (end == NULL) {
            if (eof) {
                cf_error_set(x->err, x->name, x->line, "unexpected end of file inside a tag");
                return -1;
            }
            *pos = i;
            return 1;
        }
        size_t tag_len = (size_t)(end - body);
        if (body[0] != '!' && body[0] != '?') {
            if (handle_tag(x, body, tag_len) != 0)
                return -1;
        }
        for (size_t k = 0; k < tag_len; k++)
            if (body[k] == '\n')
                x->line++;
        i = (size_t)(end - buf) + skip;
    }
    *pos = i;
    return 0;
}

static void
xes_init(struct xes *x, const char *name, const struct import_opts *opts, struct cf_error *err)
{
    memset(x, 0, sizeof *x);
    x->name = name;
    x->opts = opts;
    x->err = err;
    x->line = 1;
    x->keys = strpool_new();
    x->colnames = strpool_new();
    x->b = eventlog_builder_new(name, 0, NULL);
    x->rep = eventlog_builder_report(x->b);
    x->case_key = opts && opts->case_col ? opts->case_col : "concept:name";
    x->time_key = opts && opts->time_col ? opts->time_col : "time:timestamp";
    x->res_key = opts && opts->resource_col ? (opts->resource_col[0] ? opts->resource_col : NULL)
                                            : "org:resource";
    const char *acts = opts && opts->activity_col ? opts->activity_col : "concept:name";
    snprintf(x->act_copy, sizeof x->act_copy, "%s", acts);
    char *save = NULL;
    for (char *tok = strtok_r(x->act_copy, ",", &save); tok && x->n_act_keys < MAX_ACT_KEYS;
         tok = strtok_r(NULL, ",", &save))
        x->act_keys[x->n_act_keys++] = tok;
}

static void
xes_free(struct xes *x)
{
    strpool_free(x->keys);
    strpool_free(x->colnames);
    cf_buf_clear(&x->vals);
    cf_buf_clear(&x->act);
    free(x->trace_kv.v);
    free(x->event_kv.v);
    free(x->events);
    free(x->ev_col);
    free(x->tr_col);
    free(x->attr_vals);
    free(x->attr_lens);
}

static struct event_log *
xes_finish(struct xes *x)
{
    if (x->depth != 0) {
        cf_error_set(x->err, x->name, x->line, "unexpected end of file: %zu elements not closed",
                     x->depth);
        goto fail;
    }
    if (!x->seen_root) {
        cf_error_set(x->err, x->name, x->line, "not an XES log: no <log> element");
        goto fail;
    }
    struct import_report *r = x->rep;
    snprintf(r->case_col, sizeof r->case_col, "%s (trace)", x->case_key);
    snprintf(r->activity_col, sizeof r->activity_col, "%s",
             x->opts && x->opts->activity_col ? x->opts->activity_col : "concept:name");
    snprintf(r->time_col, sizeof r->time_col, "%s", x->time_key);
    snprintf(r->resource_col, sizeof r->resource_col, "%s", x->res_key ? x->res_key : "");
    if (r->accepted == 0) {
        if (r->rows > 0)
            cf_error_set(x->err, x->name, 0, "no usable events (%zu rejected)", r->rows);
        else
            cf_error_set(x->err, x->name, 0, "no events in the log");
        goto fail;
    }
    if (x->opts && x->opts->strict && import_report_rejected_total(r) > 0) {
        for (int k = 0; k < CF_REJ__COUNT; k++)
            if (r->rejected[k] > 0) {
                cf_error_set(x->err, x->name, r->first_lines[k][0], "%s%s%s (--strict)",
                             cf_reject_text((enum cf_reject)k), r->first_detail[k][0] ? ": " : "",
                             r->first_detail[k]);
                break;
            }
        goto fail;
    }
    struct event_log *log = eventlog_builder_finish(x->b);
    x->b = NULL;
    xes_free(x);
    return log;
fail:
    eventlog_builder_free(x->b);
    x->b = NULL;
    xes_free(x);
    return NULL;
}

struct event_log *
import_xes_buffer(const char *name, const char *data, size_t len, const struct import_opts *opts,
                  struct cf_error *err)
{
    struct xes x;
    xes_init(&x, name, opts, err);
    size_t pos = 0;
    if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
        pos = 3;
    if (scan(&x, data, len, &pos, true) != 0) {
        eventlog_builder_free(x.b);
        xes_free(&x);
        return NULL;
    }
    return xes_finish(&x);
}

struct event_log *
import_xes(const char *path, const struct import_opts *opts, struct cf_error *err)
{
    bool is_stdin = strcmp(path, "-") == 0;
    gzFile gz = is_stdin ? gzdopen(dup(0), "rb") : gzopen(path, "rb");
    if (gz == NULL) {
        cf_error_set(err, path, 0, "%s", errno ? strerror(errno) : "cannot open");
        return NULL;
    }
    gzbuffer(gz, CHUNK);
    struct xes x;
    xes_init(&x, path, opts, err);
    struct cf_buf buf = {0};
    size_t pos = 0;
    bool first = true;
    for (;;) {
        /* Keep the unscanned tail, read the next chunk after it. */
        if (pos > 0) {
            memmove(buf.data, buf.data + pos, buf.len - pos);
            buf.len -= pos;
            pos = 0;
        }
        char chunk[CHUNK];
        int n = gzread(gz, chunk, sizeof chunk);
        if (n < 0) {
            int zerr;
            cf_error_set(err, path, x.line, "read error: %s", gzerror(gz, &zerr));
            goto fail;
        }
        cf_buf_append(&buf, chunk, (size_t)n);
        if (first && buf.len >= 3 && memcmp(buf.data, "\xef\xbb\xbf", 3) == 0)
            pos = 3;
        first = false;
        bool eof = n == 0;
        int r = scan(&x, buf.data, buf.len, &pos, eof);
        if (r < 0)
            goto fail;
        if (opts && opts->progress)
            opts->progress(opts->progress_ud, (size_t)gzoffset(gz), 0, x.rep->rows);
        if (eof)
            break;
    }
    gzclose(gz);
    cf_buf_clear(&buf);
    return xes_finish(&x);
fail:
    gzclose(gz);
    cf_buf_clear(&buf);
    eventlog_builder_free(x.b);
    xes_free(&x);
    return NULL;
}

bool
import_is_xes(const char *path)
{
    size_t n = strlen(path);
    if ((n >= 4 && strcasecmp(path + n - 4, ".xes") == 0) ||
        (n >= 7 && strcasecmp(path + n - 7, ".xes.gz") == 0))
        return true;
    struct stat st;
    if (strcmp(path, "-") == 0 || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return false;
    gzFile gz = gzopen(path, "rb");
    if (gz == NULL)
        return false;
    char head[64];
    int got = gzread(gz, head, sizeof head);
    gzclose(gz);
    int i = 0;
    if (got >= 3 && memcmp(head, "\xef\xbb\xbf", 3) == 0)
        i = 3;
    while (i < got && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t'))
        i++;
    return i < got && head[i] == '<';
}

/* XES import: expat parses the (plain or gzip) stream, traces feed the event-log builder. */
/* SPDX-License-Identifier: MIT */
#include "import_xes.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#ifdef HAVE_XML_SETBILLIONLAUGHSATTACKPROTECTIONMAXIMUMAMPLIFICATION
#define XML_DTD 1 /* the library has it (configure linked the call): declare the limits */
#endif
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "strpool.h"
#include "termsafe.h"
#include "timeparse.h"

#define CHUNK (256 * 1024)

/* What an open element is; children of IGNORE elements are ignored whole. */
enum el { EL_IGNORE, EL_LOG, EL_GLOBAL, EL_TRACE, EL_EVENT, EL_ATTR, EL_VALUES };

/* Role bits of a key, computed once per distinct key. */
enum { ROLE_CASE = 1, ROLE_TIME = 2, ROLE_RES = 4, ROLE_ACT = 8 };

struct keyinfo {
    uint8_t roles;
    uint32_t act;            /* index among the activity keys (ROLE_ACT) */
    uint32_t ev_col, tr_col; /* builder column as event / trace attribute, or CF_NONE */
};

/* One key/value pair of the current trace or event; the value lives in vals. */
struct kv {
    uint32_t key;
    size_t off, len;
};

struct kvlist {
    struct kv *v;
    size_t n, cap;
};

/* A buffered event of the current trace: its attributes are event_kv[first, first+n). */
struct pending_event {
    size_t line, first, n;
};

struct frame {
    enum el kind;
    size_t path_len;     /* length of the attribute path before this element */
    struct kvlist *list; /* where attributes inside go (trace or event list) */
};

/* One attribute of the event being emitted: its column and value. */
struct item {
    uint32_t col;
    uint32_t order;
    const char *v;
    size_t len;
};

struct xes {
    const char *name;
    const struct import_opts *opts;
    struct cf_error *err;
    struct eventlog_builder *b;
    struct import_report *rep;
    XML_Parser p;
    bool failed; /* err set by a handler; the parser was stopped */

    struct frame *stack;
    size_t depth, stack_cap;
    bool seen_root, roles_ready;
    struct cf_buf path; /* flattened key of the open attribute ("tags.item") */

    struct strpool *keys; /* flattened XES keys seen */
    struct keyinfo *ki;
    size_t ki_cap;
    struct cf_buf vals; /* values of the current trace */
    struct kvlist trace_kv, event_kv;
    struct pending_event *events;
    size_t n_events, cap_events;
    size_t event_serial;

    /* Roles. */
    const char *case_key, *time_key, *res_key;
    char **act_keys;
    size_t n_act_keys;
    char *act_label; /* what the report says the activity is */

    /* Column names given so far, and the next suffix to try for a clashing name. */
    struct strpool *colnames;
    uint32_t *next_suffix;
    size_t next_cap;

    /* Scratch for emitting an event. */
    struct item *items;
    size_t items_cap;
    uint32_t *col_stamp; /* event serial that last set a column */
    size_t stamp_cap;
    const char **ivals;
    size_t *ilens;
    uint32_t *icols;
    size_t icap;
    struct cf_buf joined, act;

    /* Declared classifiers, parsed from <classifier> (owned until the log takes them). */
    struct eventlog_classifier *cls;
    size_t n_cls;
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

/* Stop the parser with an error at line (0 = the parser's current line). */
static void xes_fail(struct xes *x, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
xes_fail(struct xes *x, size_t line, const char *fmt, ...)
{
    if (x->failed)
        return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (line == 0 && x->p != NULL)
        line = (size_t)XML_GetCurrentLineNumber(x->p);
    cf_error_set(x->err, x->name, line, "%s", msg);
    x->failed = true;
    if (x->p != NULL)
        XML_StopParser(x->p, XML_FALSE);
}

/* A name from the file, made safe and short for a message. */
static const char *
safe_name(char *buf, size_t size, const char *s)
{
    return cf_term_safe(buf, size, s);
}

/* Does XES key k answer to the option name o? ':' may be written '_', and the
 * CSV role names stand for the standard keys. */
static bool
key_matches(const char *k, size_t n, const char *o)
{
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

static void
key_info_compute(struct xes *x, uint32_t id)
{
    const char *k = strpool_get(x->keys, id);
    size_t n = strpool_len(x->keys, id);
    struct keyinfo *ki = &x->ki[id];
    ki->roles = 0;
    ki->act = 0;
    if (key_matches(k, n, x->case_key))
        ki->roles |= ROLE_CASE;
    if (key_matches(k, n, x->time_key))
        ki->roles |= ROLE_TIME;
    if (x->res_key != NULL && key_matches(k, n, x->res_key))
        ki->roles |= ROLE_RES;
    for (size_t a = 0; a < x->n_act_keys; a++)
        if (key_matches(k, n, x->act_keys[a])) {
            ki->roles |= ROLE_ACT;
            ki->act = (uint32_t)a;
            break;
        }
}

/* Intern a flattened key; its roles are known once the roles are settled. */
static uint32_t
key_intern(struct xes *x, const char *k, size_t n)
{
    size_t before = strpool_count(x->keys);
    uint32_t id = strpool_intern(x->keys, k, n);
    if (strpool_count(x->keys) > before) {
        if (id >= x->ki_cap) {
            x->ki_cap = x->ki_cap ? x->ki_cap * 2 : 256;
            x->ki = xreallocarray(x->ki, x->ki_cap, sizeof *x->ki);
        }
        x->ki[id].ev_col = x->ki[id].tr_col = CF_NONE;
        if (x->roles_ready)
            key_info_compute(x, id);
    }
    return id;
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

/* The builder column of key id as an event or trace attribute, made on first use.
 * Its name is the key with ':' written '_' (full length); a name already taken
 * (an event and a trace attribute of the same key) gets "case_"/"event_" and, if
 * need be, a number. */
static uint32_t
column(struct xes *x, uint32_t key, bool trace)
{
    uint32_t *slot = trace ? &x->ki[key].tr_col : &x->ki[key].ev_col;
    if (*slot != CF_NONE)
        return *slot;
    struct cf_buf name = {0};
    cf_buf_append(&name, strpool_get(x->keys, key), strpool_len(x->keys, key));
    for (size_t i = 0; i < name.len; i++)
        if (name.data[i] == ':')
            name.data[i] = '_';
    if (strpool_find(x->colnames, name.data, name.len) != CF_NONE) {
        struct cf_buf alt = {0};
        cf_buf_printf(&alt, "%s_%s", trace ? "case" : "event", name.data);
        uint32_t base = strpool_intern(x->colnames, alt.data, alt.len);
        if (base >= x->next_cap) {
            size_t old = x->next_cap;
            x->next_cap = (size_t)base * 2 + 16;
            x->next_suffix = xreallocarray(x->next_suffix, x->next_cap, sizeof *x->next_suffix);
            for (size_t i = old; i < x->next_cap; i++)
                x->next_suffix[i] = 0;
        }
        if (x->next_suffix[base] == 0) { /* alt itself was free */
            x->next_suffix[base] = 2;
        } else {
            size_t keep = alt.len;
            do {
                alt.len = keep;
                cf_buf_printf(&alt, "_%u", (unsigned)x->next_suffix[base]++);
            } while (strpool_find(x->colnames, alt.data, alt.len) != CF_NONE);
            strpool_intern(x->colnames, alt.data, alt.len);
        }
        cf_buf_clear(&name);
        name = alt;
    } else {
        strpool_intern(x->colnames, name.data, name.len);
    }
    *slot = (uint32_t)eventlog_builder_add_attr(x->b, name.data);
    cf_buf_clear(&name);
    return *slot;
}

static int
cmp_item(const void *pa, const void *pb)
{
    const struct item *a = pa, *b = pb;
    if (a->col != b->col)
        return a->col < b->col ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

static void
item_push(struct xes *x, size_t *n, uint32_t col, const char *v, size_t len, bool *dup)
{
    if (*n == x->items_cap) {
        x->items_cap = x->items_cap ? x->items_cap * 2 : 64;
        x->items = xreallocarray(x->items, x->items_cap, sizeof *x->items);
    }
    if (col >= x->stamp_cap) {
        size_t old = x->stamp_cap;
        x->stamp_cap = (size_t)col * 2 + 64;
        x->col_stamp = xreallocarray(x->col_stamp, x->stamp_cap, sizeof *x->col_stamp);
        for (size_t i = old; i < x->stamp_cap; i++)
            x->col_stamp[i] = UINT32_MAX;
    }
    if (x->col_stamp[col] == (uint32_t)x->event_serial)
        *dup = true;
    x->col_stamp[col] = (uint32_t)x->event_serial;
    x->items[*n] = (struct item){col, (uint32_t)*n, v, len};
    (*n)++;
}

/* Emit one buffered event with the trace's case id. */
static void
emit_event(struct xes *x, const struct pending_event *pe, const char *case_id, size_t case_len)
{
    x->rep->rows++;
    if (case_id == NULL || case_len == 0) {
        reject(x, CF_REJ_MISSING_CASE, pe->line, "trace without concept:name");
        return;
    }
    const char *tv = NULL, *rv = NULL;
    size_t tl = 0, rl = 0;
    bool any_act = false;
    for (size_t i = pe->first; i < pe->first + pe->n; i++) {
        const struct kv *kv = &x->event_kv.v[i];
        uint8_t r = x->ki[kv->key].roles;
        if (r & ROLE_TIME) {
            tv = x->vals.data + kv->off;
            tl = kv->len;
        }
        if (r & ROLE_RES) {
            rv = x->vals.data + kv->off;
            rl = kv->len;
        }
        if (r & ROLE_ACT)
            any_act = true;
    }
    /* The activity: the activity keys' values in the order the keys were given. */
    x->act.len = 0;
    if (any_act) {
        for (size_t a = 0; a < x->n_act_keys; a++) {
            const struct kv *last = NULL;
            for (size_t i = pe->first; i < pe->first + pe->n; i++) {
                const struct kv *kv = &x->event_kv.v[i];
                if ((x->ki[kv->key].roles & ROLE_ACT) && x->ki[kv->key].act == a)
                    last = kv;
            }
            if (last == NULL)
                continue;
            if (x->act.len > 0)
                cf_buf_append(&x->act, "+", 1);
            cf_buf_append(&x->act, x->vals.data + last->off, last->len);
        }
    }
    if (x->act.len == 0) {
        reject(x, CF_REJ_MISSING_ACTIVITY, pe->line, "event without concept:name");
        return;
    }
    struct timeparse_result tr;
    int64_t ms;
    if (tv == NULL) {
        reject(x, CF_REJ_BAD_TIME, pe->line, "event without time:timestamp");
        return;
    }
    timeparse_auto(tv, tl, &tr);
    if (timeparse_resolve(&tr, TIMEPARSE_ORDER_UNKNOWN, &ms) != 0) {
        char d[160];
        snprintf(d, sizeof d, "bad timestamp \"%.*s\"", (int)(tl > 60 ? 60 : tl), tv);
        reject(x, CF_REJ_BAD_TIME, pe->line, d);
        return;
    }
    /* Attributes: trace keys (but the case id), then event keys (but the roles). */
    x->event_serial++;
    size_t n = 0;
    bool dup = false;
    for (size_t i = 0; i < x->trace_kv.n; i++) {
        const struct kv *kv = &x->trace_kv.v[i];
        if (!(x->ki[kv->key].roles & ROLE_CASE) && kv->len > 0)
            item_push(x, &n, column(x, kv->key, true), x->vals.data + kv->off, kv->len, &dup);
    }
    for (size_t i = pe->first; i < pe->first + pe->n; i++) {
        const struct kv *kv = &x->event_kv.v[i];
        if (!(x->ki[kv->key].roles & (ROLE_TIME | ROLE_RES | ROLE_ACT)) && kv->len > 0)
            item_push(x, &n, column(x, kv->key, false), x->vals.data + kv->off, kv->len, &dup);
    }
    if (x->icap < x->items_cap) {
        x->icap = x->items_cap;
        x->ivals = xreallocarray(x->ivals, x->icap, sizeof *x->ivals);
        x->ilens = xreallocarray(x->ilens, x->icap, sizeof *x->ilens);
        x->icols = xreallocarray(x->icols, x->icap, sizeof *x->icols);
    }
    size_t m = 0;
    if (!dup) {
        for (size_t i = 0; i < n; i++) {
            x->icols[i] = x->items[i].col;
            x->ivals[i] = x->items[i].v;
            x->ilens[i] = x->items[i].len;
        }
        m = n;
    } else {
        /* A key repeated in one element (list items): its values joined with ", ". */
        qsort(x->items, n, sizeof *x->items, cmp_item);
        x->joined.len = 0;
        size_t *offs = xmalloc((n ? n : 1) * sizeof *offs);
        for (size_t i = 0; i < n;) {
            size_t j = i + 1;
            while (j < n && x->items[j].col == x->items[i].col)
                j++;
            offs[m] = x->joined.len;
            for (size_t k = i; k < j; k++) {
                if (k > i)
                    cf_buf_append(&x->joined, ", ", 2);
                cf_buf_append(&x->joined, x->items[k].v, x->items[k].len);
            }
            x->icols[m] = x->items[i].col;
            x->ilens[m] = x->joined.len - offs[m];
            m++;
            i = j;
        }
        for (size_t i = 0; i < m; i++)
            x->ivals[i] = x->joined.data + offs[i];
        free(offs);
    }
    eventlog_builder_add_sparse(x->b, case_id, case_len, x->act.data, x->act.len, ms, rv, rl,
                                pe->line, x->icols, x->ivals, x->ilens, m);
    x->rep->accepted++;
}

/* Emit the buffered events of a finished trace. */
static void
flush_trace(struct xes *x)
{
    const char *case_id = NULL;
    size_t case_len = 0;
    for (size_t i = 0; i < x->trace_kv.n; i++) {
        const struct kv *kv = &x->trace_kv.v[i];
        if (x->ki[kv->key].roles & ROLE_CASE) {
            case_id = x->vals.data + kv->off;
            case_len = kv->len;
        }
    }
    for (size_t ei = 0; ei < x->n_events; ei++)
        emit_event(x, &x->events[ei], case_id, case_len);
    x->n_events = 0;
    x->trace_kv.n = 0;
    x->event_kv.n = 0;
    x->vals.len = 0;
}

/* Split a classifier's keys: blank-separated, a key with blanks in single quotes. */
static void
classifier_parse_keys(struct eventlog_classifier *c, const char *s)
{
    size_t cap = 0;
    while (*s) {
        while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
            s++;
        if (*s == '\0')
            break;
        const char *start = s, *end;
        if (*s == '\'') {
            start = ++s;
            while (*s && *s != '\'')
                s++;
            end = s;
            if (*s)
                s++;
        } else {
            while (*s && *s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
                s++;
            end = s;
        }
        if (end == start)
            continue;
        if (c->n_keys == cap) {
            cap = cap ? cap * 2 : 4;
            c->keys = xreallocarray(c->keys, cap, sizeof *c->keys);
        }
        c->keys[c->n_keys++] = xstrndup(start, (size_t)(end - start));
    }
}

static void
set_act_keys_from_list(struct xes *x, const char *list)
{
    const char *s = list;
    for (;;) {
        const char *comma = strchr(s, ',');
        size_t len = comma ? (size_t)(comma - s) : strlen(s);
        x->act_keys = xreallocarray(x->act_keys, x->n_act_keys + 1, sizeof *x->act_keys);
        x->act_keys[x->n_act_keys++] = xstrndup(s, len);
        if (comma == NULL)
            break;
        s = comma + 1;
    }
}

static bool
same_keys(const struct xes *x, const struct eventlog_classifier *c)
{
    if (c->n_keys != x->n_act_keys)
        return false;
    for (size_t i = 0; i < c->n_keys; i++)
        if (!key_matches(c->keys[i], strlen(c->keys[i]), x->act_keys[i]))
            return false;
    return true;
}

/* Settle which keys play which role (at the first trace: the classifiers come
 * before it). Returns -1 (parser stopped) for an unknown --classifier. */
static int
settle_roles(struct xes *x)
{
    if (x->roles_ready)
        return 0;
    const struct import_opts *o = x->opts;
    struct event_log *log = eventlog_builder_log(x->b);
    struct cf_buf label = {0};
    if (o && o->classifier) {
        const struct eventlog_classifier *c = NULL;
        for (size_t i = 0; i < x->n_cls && c == NULL; i++)
            if (strcmp(x->cls[i].name, o->classifier) == 0)
                c = &x->cls[i];
        for (size_t i = 0; i < x->n_cls && c == NULL; i++)
            if (strcasecmp(x->cls[i].name, o->classifier) == 0)
                c = &x->cls[i];
        if (c == NULL || c->n_keys == 0) {
            struct cf_buf names = {0};
            for (size_t i = 0; i < x->n_cls; i++) {
                char nb[128];
                cf_buf_printf(&names, "%s'%s'", i ? ", " : "",
                              safe_name(nb, sizeof nb, x->cls[i].name));
            }
            char ob[128];
            xes_fail(x, 0, "no classifier '%s' in this log (%s%s)",
                     safe_name(ob, sizeof ob, o->classifier),
                     x->n_cls ? "it declares " : "it declares none", names.data ? names.data : "");
            cf_buf_clear(&names);
            return -1;
        }
        for (size_t i = 0; i < c->n_keys; i++) {
            x->act_keys = xreallocarray(x->act_keys, x->n_act_keys + 1, sizeof *x->act_keys);
            x->act_keys[x->n_act_keys++] = xstrdup(c->keys[i]);
        }
        log->classifier_used = xstrdup(c->name);
        cf_buf_printf(&label, "classifier %s (", c->name);
        for (size_t i = 0; i < c->n_keys; i++)
            cf_buf_printf(&label, "%s%s", i ? "+" : "", c->keys[i]);
        cf_buf_puts(&label, ")");
    } else {
        set_act_keys_from_list(x, o && o->activity_col ? o->activity_col : "concept:name");
        for (size_t i = 0; i < x->n_act_keys; i++)
            cf_buf_printf(&label, "%s%s", i ? "+" : "", x->act_keys[i]);
        if (x->n_cls > 0 && !same_keys(x, &x->cls[0])) {
            struct cf_buf note = {0};
            cf_buf_printf(&note, "activity = %s, not the log's classifier '%s' (--classifier)",
                          label.data, x->cls[0].name);
            log->classifier_note = note.data;
        }
    }
    x->act_label = label.data;
    x->roles_ready = true;
    for (uint32_t id = 0; id < strpool_count(x->keys); id++)
        key_info_compute(x, id);
    return 0;
}

/* The local part of a possibly prefixed XML name ("xes:log" -> "log"). */
static const char *
local_name(const char *n)
{
    const char *colon = strrchr(n, ':');
    return colon ? colon + 1 : n;
}

static const char *
att_get(const char **atts, const char *name)
{
    for (size_t i = 0; atts[i] != NULL; i += 2)
        if (strcmp(local_name(atts[i]), name) == 0)
            return atts[i + 1];
    return NULL;
}

static bool
is_attr_element(const char *n)
{
    static const char *const names[] = {"string",  "date", "int",  "float",
                                        "boolean", "id",   "list", "container"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i], n) == 0)
            return true;
    return false;
}

static void
push_frame(struct xes *x, enum el kind, struct kvlist *list)
{
    if (x->depth == x->stack_cap) {
        x->stack_cap = x->stack_cap ? x->stack_cap * 2 : 32;
        x->stack = xreallocarray(x->stack, x->stack_cap, sizeof *x->stack);
    }
    x->stack[x->depth++] = (struct frame){kind, x->path.len, list};
}

static void
add_classifier(struct xes *x, const char **atts)
{
    const char *name = att_get(atts, "name"), *keys = att_get(atts, "keys");
    if (name == NULL || keys == NULL)
        return;
    x->cls = xreallocarray(x->cls, x->n_cls + 1, sizeof *x->cls);
    struct eventlog_classifier *c = &x->cls[x->n_cls++];
    memset(c, 0, sizeof *c);
    c->name = xstrdup(name);
    classifier_parse_keys(c, keys);
}

static void XMLCALL
on_start(void *ud, const XML_Char *qname, const XML_Char **atts)
{
    struct xes *x = ud;
    const char *n = local_name(qname);
    enum el parent = x->depth ? x->stack[x->depth - 1].kind : EL_IGNORE;
    struct kvlist *plist = x->depth ? x->stack[x->depth - 1].list : NULL;
    size_t line = (size_t)XML_GetCurrentLineNumber(x->p);

    if (x->depth == 0) {
        if (strcmp(n, "log") != 0) {
            char nb[128];
            xes_fail(x, line, "not an XES log: root element is <%s>",
                     safe_name(nb, sizeof nb, qname));
            return;
        }
        x->seen_root = true;
        push_frame(x, EL_LOG, NULL);
        return;
    }
    if (parent == EL_LOG) {
        if (strcmp(n, "trace") == 0) {
            if (settle_roles(x) != 0)
                return;
            x->n_events = 0;
            x->trace_kv.n = x->event_kv.n = 0;
            x->vals.len = 0;
            push_frame(x, EL_TRACE, &x->trace_kv);
        } else if (strcmp(n, "global") == 0) {
            push_frame(x, EL_GLOBAL, NULL);
        } else if (strcmp(n, "classifier") == 0) {
            add_classifier(x, atts);
            push_frame(x, EL_IGNORE, NULL);
        } else if (strcmp(n, "event") == 0) {
            x->rep->rows++;
            reject(x, CF_REJ_MISSING_CASE, line, "event outside a trace");
            push_frame(x, EL_IGNORE, NULL);
        } else {
            push_frame(x, EL_IGNORE, NULL); /* extensions, log attributes */
        }
        return;
    }
    if (parent == EL_TRACE && strcmp(n, "event") == 0) {
        if (x->n_events == x->cap_events) {
            x->cap_events = x->cap_events ? x->cap_events * 2 : 64;
            x->events = xreallocarray(x->events, x->cap_events, sizeof *x->events);
        }
        x->events[x->n_events++] = (struct pending_event){line, x->event_kv.n, 0};
        push_frame(x, EL_EVENT, &x->event_kv);
        return;
    }
    if (parent == EL_ATTR && strcmp(n, "values") == 0) {
        push_frame(x, EL_VALUES, plist);
        return;
    }
    if ((parent == EL_TRACE || parent == EL_EVENT || parent == EL_ATTR || parent == EL_VALUES) &&
        is_attr_element(n)) {
        const char *k = att_get(atts, "key");
        if (k == NULL) {
            push_frame(x, EL_IGNORE, NULL);
            return;
        }
        size_t before = x->path.len;
        if (parent == EL_ATTR || parent == EL_VALUES)
            cf_buf_append(&x->path, ".", 1);
        cf_buf_puts(&x->path, k);
        push_frame(x, EL_ATTR, plist);
        x->stack[x->depth - 1].path_len = before;
        const char *v = att_get(atts, "value");
        if (v != NULL) {
            size_t off = x->vals.len, vl = strlen(v);
            cf_buf_append(&x->vals, v, vl);
            cf_buf_append(&x->vals, "", 1); /* NUL, for values used as strings */
            kv_push(plist, key_intern(x, x->path.data, x->path.len), off, vl);
        }
        return;
    }
    push_frame(x, EL_IGNORE, NULL);
}

static void XMLCALL
on_end(void *ud, const XML_Char *qname)
{
    struct xes *x = ud;
    (void)qname;
    if (x->depth == 0)
        return;
    struct frame *f = &x->stack[--x->depth];
    if (f->kind == EL_ATTR) {
        x->path.len = f->path_len;
        if (x->path.data)
            x->path.data[x->path.len] = '\0';
    } else if (f->kind == EL_EVENT) {
        struct pending_event *pe = &x->events[x->n_events - 1];
        pe->n = x->event_kv.n - pe->first;
    } else if (f->kind == EL_TRACE) {
        flush_trace(x);
    }
}

#ifndef HAVE_XML_SETBILLIONLAUGHSATTACKPROTECTIONMAXIMUMAMPLIFICATION
/* Without expat's amplification limit, entity declarations are refused: XES has
 * no use for them and they are how entity bombs are built. */
static void XMLCALL
on_entity_decl(void *ud, const XML_Char *name, int is_param, const XML_Char *value, int vlen,
               const XML_Char *base, const XML_Char *sys, const XML_Char *pub,
               const XML_Char *notation)
{
    (void)name, (void)is_param, (void)value, (void)vlen, (void)base, (void)sys, (void)pub;
    (void)notation;
    xes_fail(ud, 0, "entity declarations are not allowed in XES");
}
#endif

static int XMLCALL
on_external_entity(XML_Parser p, const XML_Char *context, const XML_Char *base, const XML_Char *sys,
                   const XML_Char *pub)
{
    (void)context, (void)base, (void)sys, (void)pub;
    struct xes *x = XML_GetUserData(p);
    xes_fail(x, 0, "external entities are not read");
    return XML_STATUS_ERROR;
}

/* Windows-1252, which some exporters declare: Latin-1 but for 0x80..0x9F. */
static int XMLCALL
on_unknown_encoding(void *ud, const XML_Char *name, XML_Encoding *info)
{
    (void)ud;
    static const int cp1252[32] = {
        0x20ac, -1,     0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160,
        0x2039, 0x0152, -1,     0x017d, -1,     -1,     0x2018, 0x2019, 0x201c, 0x201d, 0x2022,
        0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, -1,     0x017e, 0x0178,
    };
    if (strcasecmp(name, "windows-1252") != 0 && strcasecmp(name, "cp1252") != 0)
        return XML_STATUS_ERROR;
    for (int i = 0; i < 256; i++)
        info->map[i] = i >= 0x80 && i < 0xa0 ? cp1252[i - 0x80] : i;
    info->data = NULL;
    info->convert = NULL;
    info->release = NULL;
    return XML_STATUS_OK;
}

static unsigned long
hash_salt(void)
{
    unsigned long salt = 0;
#ifdef HAVE_GETENTROPY
    if (getentropy(&salt, sizeof salt) == 0 && salt != 0)
        return salt;
#endif
    salt = (unsigned long)getpid() * 2654435761u ^ (unsigned long)(uintptr_t)&salt;
    return salt ? salt : 1;
}

static void
xes_init(struct xes *x, const char *name, const struct import_opts *opts, struct cf_error *err)
{
    memset(x, 0, sizeof *x);
    x->name = name;
    x->opts = opts;
    x->err = err;
    x->keys = strpool_new();
    x->colnames = strpool_new();
    x->b = eventlog_builder_new(name, 0, NULL);
    x->rep = eventlog_builder_report(x->b);
    x->case_key = opts && opts->case_col ? opts->case_col : "concept:name";
    x->time_key = opts && opts->time_col ? opts->time_col : "time:timestamp";
    x->res_key = opts && opts->resource_col ? (opts->resource_col[0] ? opts->resource_col : NULL)
                                            : "org:resource";
    x->p = XML_ParserCreate(NULL);
    if (x->p == NULL)
        cf_fatal("out of memory (XML parser)");
    XML_SetHashSalt(x->p, hash_salt());
    XML_SetUserData(x->p, x);
    XML_SetElementHandler(x->p, on_start, on_end);
    XML_SetParamEntityParsing(x->p, XML_PARAM_ENTITY_PARSING_NEVER);
    XML_SetExternalEntityRefHandler(x->p, on_external_entity);
    XML_SetUnknownEncodingHandler(x->p, on_unknown_encoding, NULL);
#ifdef HAVE_XML_SETBILLIONLAUGHSATTACKPROTECTIONMAXIMUMAMPLIFICATION
    XML_SetBillionLaughsAttackProtectionMaximumAmplification(x->p, 50.0f);
    XML_SetBillionLaughsAttackProtectionActivationThreshold(x->p, 1024 * 1024);
#else
    XML_SetEntityDeclHandler(x->p, on_entity_decl);
#endif
#ifdef HAVE_XML_SETREPARSEDEFERRALENABLED
    XML_SetReparseDeferralEnabled(x->p, XML_TRUE); /* a huge token is not rescanned per chunk */
#endif
}

static void
xes_free(struct xes *x)
{
    if (x->p != NULL)
        XML_ParserFree(x->p);
    strpool_free(x->keys);
    strpool_free(x->colnames);
    free(x->ki);
    free(x->next_suffix);
    cf_buf_clear(&x->vals);
    cf_buf_clear(&x->act);
    cf_buf_clear(&x->path);
    cf_buf_clear(&x->joined);
    free(x->trace_kv.v);
    free(x->event_kv.v);
    free(x->events);
    free(x->stack);
    free(x->items);
    free(x->col_stamp);
    free(x->ivals);
    free(x->ilens);
    free(x->icols);
    for (size_t i = 0; i < x->n_act_keys; i++)
        free(x->act_keys[i]);
    free(x->act_keys);
    free(x->act_label);
    for (size_t i = 0; i < x->n_cls; i++) {
        free(x->cls[i].name);
        for (size_t k = 0; k < x->cls[i].n_keys; k++)
            free(x->cls[i].keys[k]);
        free(x->cls[i].keys);
    }
    free(x->cls);
}

/* Feed n bytes (the parser's buffer holds them); 0, or -1 with err set. */
static int
xes_feed(struct xes *x, size_t n, bool final)
{
    if (XML_ParseBuffer(x->p, (int)n, final) == XML_STATUS_OK && !x->failed)
        return 0;
    if (!x->failed) {
        enum XML_Error code = XML_GetErrorCode(x->p);
        size_t line = (size_t)XML_GetCurrentLineNumber(x->p);
        if (code == XML_ERROR_NO_ELEMENTS && !x->seen_root)
            cf_error_set(x->err, x->name, line, "not an XES log: no <log> element");
        else if (code == XML_ERROR_NO_ELEMENTS)
            cf_error_set(x->err, x->name, line,
                         "unexpected end of file: %zu elements not closed (XML: %s)", x->depth,
                         XML_ErrorString(code));
        else
            cf_error_set(x->err, x->name, line, "malformed XML: %s (column %lu)",
                         XML_ErrorString(code),
                         (unsigned long)XML_GetCurrentColumnNumber(x->p) + 1);
        x->failed = true;
    }
    return -1;
}

static struct event_log *
xes_finish(struct xes *x)
{
    if (!x->seen_root) {
        cf_error_set(x->err, x->name, 0, "not an XES log: no <log> element");
        goto fail;
    }
    if (settle_roles(x) != 0)
        goto fail;
    struct import_report *r = x->rep;
    snprintf(r->case_col, sizeof r->case_col, "%s (trace)", x->case_key);
    snprintf(r->activity_col, sizeof r->activity_col, "%s", x->act_label ? x->act_label : "");
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
    struct event_log *log = eventlog_builder_log(x->b);
    log->classifiers = x->cls;
    log->n_classifiers = x->n_cls;
    x->cls = NULL;
    x->n_cls = 0;
    log = eventlog_builder_finish(x->b);
    x->b = NULL;
    xes_free(x);
    return log;
fail:
    eventlog_builder_free(x->b);
    x->b = NULL;
    xes_free(x);
    return NULL;
}

static struct event_log *
xes_abandon(struct xes *x)
{
    eventlog_builder_free(x->b);
    x->b = NULL;
    xes_free(x);
    return NULL;
}

static bool
opts_conflict(const char *name, const struct import_opts *opts, struct cf_error *err)
{
    if (opts && opts->classifier && opts->activity_col) {
        cf_error_set(err, name, 0, "give --classifier or --activity, not both");
        return true;
    }
    return false;
}

struct event_log *
import_xes_buffer(const char *name, const char *data, size_t len, const struct import_opts *opts,
                  struct cf_error *err)
{
    if (opts_conflict(name, opts, err))
        return NULL;
    struct xes x;
    xes_init(&x, name, opts, err);
    /* In pieces, as from a file, so both paths see the same parser states. */
    size_t pos = 0;
    do {
        size_t n = len - pos < CHUNK ? len - pos : CHUNK;
        void *buf = XML_GetBuffer(x.p, (int)(n ? n : 1));
        if (buf == NULL)
            cf_fatal("out of memory (XML buffer)");
        memcpy(buf, data + pos, n);
        pos += n;
        if (xes_feed(&x, n, pos == len) != 0)
            return xes_abandon(&x);
    } while (pos < len);
    return xes_finish(&x);
}

struct event_log *
import_xes(const char *path, const struct import_opts *opts, struct cf_error *err)
{
    if (opts_conflict(path, opts, err))
        return NULL;
    bool is_stdin = strcmp(path, "-") == 0;
    errno = 0;
    gzFile gz = is_stdin ? gzdopen(dup(0), "rb") : gzopen(path, "rb");
    if (gz == NULL) {
        cf_error_set(err, path, 0, "%s", errno ? strerror(errno) : "cannot open");
        return NULL;
    }
    gzbuffer(gz, CHUNK);
    struct xes x;
    xes_init(&x, path, opts, err);
    for (;;) {
        void *buf = XML_GetBuffer(x.p, CHUNK);
        if (buf == NULL)
            cf_fatal("out of memory (XML buffer)");
        int n = gzread(gz, buf, CHUNK);
        if (n < 0) {
            int zerr;
            cf_error_set(err, path, (size_t)XML_GetCurrentLineNumber(x.p), "read error: %s",
                         gzerror(gz, &zerr));
            gzclose(gz);
            return xes_abandon(&x);
        }
        if (xes_feed(&x, (size_t)n, n == 0) != 0) {
            gzclose(gz);
            return xes_abandon(&x);
        }
        if (opts && opts->progress)
            opts->progress(opts->progress_ud, (size_t)gzoffset(gz), 0, x.rep->rows);
        if (n == 0)
            break;
    }
    gzclose(gz);
    return xes_finish(&x);
}

bool
import_xes_sniff(const void *head, size_t n)
{
    const unsigned char *h = head;
    unsigned char out[256] = {0};
    size_t got = n;
    if (n >= 2 && h[0] == 0x1f && h[1] == 0x8b) {
        z_stream zs;
        memset(&zs, 0, sizeof zs);
        if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
            return false;
        zs.next_in = (unsigned char *)(uintptr_t)h;
        zs.avail_in = (uInt)(n > UINT32_MAX ? UINT32_MAX : n);
        zs.next_out = out;
        zs.avail_out = sizeof out;
        inflate(&zs, Z_SYNC_FLUSH);
        got = sizeof out - zs.avail_out;
        inflateEnd(&zs);
        h = out;
    }
    size_t i = 0;
    if (got >= 3 && memcmp(h, "\xef\xbb\xbf", 3) == 0)
        i = 3;
    while (i < got && (h[i] == ' ' || h[i] == '\n' || h[i] == '\r' || h[i] == '\t'))
        i++;
    return i < got && h[i] == '<';
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
    return got > 0 && import_xes_sniff(head, (size_t)got);
}

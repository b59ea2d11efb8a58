/* The table model and its three renderers: text fitted to a width, JSON and CSV. */
/* SPDX-License-Identifier: MIT */
#include "table.h"

#include <csv.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jsonw.h"
#include "termsafe.h"
#include "util.h"

/* ---- arena: the strings of a document or a stand-alone table ----------- */

struct arena_blk {
    struct arena_blk *next;
    size_t used, cap;
    char data[];
};

struct arena {
    struct arena_blk *head;
};

static char *
arena_alloc(struct arena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    struct arena_blk *b = a->head;
    if (b == NULL || b->cap - b->used < n) {
        size_t cap = n > 16384 ? n : 16384;
        b = xmalloc(sizeof *b + cap);
        b->cap = cap;
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    char *p = b->data + b->used;
    b->used += n;
    return p;
}

static const char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static const char *
arena_strdup(struct arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

static void
arena_clear(struct arena *a)
{
    struct arena_blk *b = a->head;
    while (b) {
        struct arena_blk *n = b->next;
        free(b);
        b = n;
    }
    a->head = NULL;
}

/* ---- the model ----------------------------------------------------------- */

struct tsub {
    size_t row;
    const char *key;
    struct table *t;
};

struct table {
    const char *name, *title;
    const struct table_col *cols;
    size_t ncols;
    const struct strpool *names;
    struct table_cell *cells; /* nrows * ncols */
    size_t nrows, caprows;
    int *roles; /* NULL until a role is set */
    struct tsub *subs;
    size_t nsubs, capsubs;
    size_t text_limit;
    unsigned flags;   /* TTAB_* */
    bool copied_cols; /* cols live in own (table_new_copy) */
    struct arena *arena;
    struct arena own; /* for table_new tables */
    /* A table whose rows are made when read (table_set_source): cells hold one row. */
    table_fill_fn fill;
    void *fill_ud;         /* a copy, in arena */
    size_t fill_row;       /* the row the cells hold; SIZE_MAX: none yet */
    bool filling;          /* fill is setting fill_row's cells */
    int fill_role;         /* its role */
    struct arena fill_own; /* its strings */
};

enum field_type {
    FT_SCALAR,
    FT_TABLE,
    FT_OBJECT,
    FT_TITLE,
    FT_NOTE,
    FT_STRINGS,
    FT_NAMES,
    FT_COUNTS
};

struct field {
    enum field_type type;
    enum table_kind kind; /* FT_SCALAR; a null scalar has v.set == 0 */
    const char *key, *label;
    struct table_cell v;
    struct table *t;
    struct tnode *obj;
    const char **strs;    /* FT_STRINGS */
    const uint32_t *ids;  /* FT_NAMES (copied into the arena) */
    const size_t *counts; /* FT_COUNTS (copied) */
    size_t n;
    const struct strpool *pool;
};

struct tnode {
    struct tdoc *doc;
    struct field *f;
    size_t n, cap;
};

struct tdoc {
    struct arena arena;
    const char *cmd, *log;
    struct tnode *root;
    struct tnode **nodes; /* every node, for freeing */
    size_t nnodes, capnodes;
};

static struct tnode *
node_new(struct tdoc *d)
{
    struct tnode *n = xcalloc(1, sizeof *n);
    n->doc = d;
    if (d->nnodes == d->capnodes) {
        d->capnodes = d->capnodes ? d->capnodes * 2 : 8;
        d->nodes = xreallocarray(d->nodes, d->capnodes, sizeof *d->nodes);
    }
    d->nodes[d->nnodes++] = n;
    return n;
}

struct tdoc *
tdoc_new(const char *cmd, const char *log_name)
{
    struct tdoc *d = xcalloc(1, sizeof *d);
    d->cmd = arena_strdup(&d->arena, cmd ? cmd : "");
    d->log = arena_strdup(&d->arena, log_name);
    d->root = node_new(d);
    return d;
}

static void table_destroy(struct table *t);

void
tdoc_free(struct tdoc *d)
{
    if (d == NULL)
        return;
    for (size_t i = 0; i < d->nnodes; i++) {
        struct tnode *n = d->nodes[i];
        for (size_t k = 0; k < n->n; k++)
            if (n->f[k].type == FT_TABLE)
                table_destroy(n->f[k].t);
        free(n->f);
        free(n);
    }
    free(d->nodes);
    arena_clear(&d->arena);
    free(d);
}

struct tnode *
tdoc_root(struct tdoc *d)
{
    return d->root;
}

static struct field *
node_add(struct tnode *n, enum field_type type, const char *key, const char *label)
{
    if (n->n == n->cap) {
        n->cap = n->cap ? n->cap * 2 : 8;
        n->f = xreallocarray(n->f, n->cap, sizeof *n->f);
    }
    struct field *f = &n->f[n->n++];
    memset(f, 0, sizeof *f);
    f->type = type;
    f->key = arena_strdup(&n->doc->arena, key);
    f->label = arena_strdup(&n->doc->arena, label);
    return f;
}

static void
node_vtext(struct tnode *n, enum field_type type, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int len = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (len < 0)
        len = 0;
    char *p = arena_alloc(&n->doc->arena, (size_t)len + 1);
    vsnprintf(p, (size_t)len + 1, fmt, ap);
    struct field *f = node_add(n, type, NULL, NULL);
    f->label = p;
}

void
tnode_title(struct tnode *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    node_vtext(n, FT_TITLE, fmt, ap);
    va_end(ap);
}

void
tnode_note(struct tnode *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    node_vtext(n, FT_NOTE, fmt, ap);
    va_end(ap);
}

static struct field *
scalar(struct tnode *n, const char *key, const char *label, enum table_kind kind)
{
    struct field *f = node_add(n, FT_SCALAR, key, label);
    f->kind = kind;
    f->v.set = 1;
    return f;
}

void
tnode_text(struct tnode *n, const char *key, const char *label, const char *s)
{
    struct field *f = scalar(n, key, label, TK_TEXT);
    if (s == NULL)
        f->v.set = 0;
    else
        f->v.v.s = arena_strdup(&n->doc->arena, s);
}

void
tnode_count(struct tnode *n, const char *key, const char *label, uint64_t v)
{
    scalar(n, key, label, TK_COUNT)->v.v.i = (int64_t)v;
}

void
tnode_int(struct tnode *n, const char *key, const char *label, int64_t v)
{
    scalar(n, key, label, TK_INT)->v.v.i = v;
}

void
tnode_share(struct tnode *n, const char *key, const char *label, double v)
{
    scalar(n, key, label, TK_SHARE)->v.v.d = v;
}

void
tnode_dur(struct tnode *n, const char *key, const char *label, double ms)
{
    struct field *f = scalar(n, key, label, TK_DURATION);
    f->v.v.d = ms;
    f->v.is_f = 1;
}

void
tnode_time(struct tnode *n, const char *key, const char *label, int64_t ms)
{
    scalar(n, key, label, TK_TIME)->v.v.i = ms;
}

void
tnode_number(struct tnode *n, const char *key, const char *label, double v)
{
    scalar(n, key, label, TK_NUMBER)->v.v.d = v;
}

void
tnode_bool(struct tnode *n, const char *key, const char *label, bool v)
{
    scalar(n, key, label, TK_BOOL)->v.v.i = v;
}

void
tnode_null(struct tnode *n, const char *key, const char *label)
{
    scalar(n, key, label, TK_TEXT)->v.set = 0;
}

void
tnode_strings(struct tnode *n, const char *key, const char *label, const char *const *v,
              size_t count)
{
    struct field *f = node_add(n, FT_STRINGS, key, label);
    const char **s = (const char **)(void *)arena_alloc(&n->doc->arena, (count + 1) * sizeof *s);
    for (size_t i = 0; i < count; i++)
        s[i] = arena_strdup(&n->doc->arena, v[i] ? v[i] : "");
    f->strs = s;
    f->n = count;
}

void
tnode_names(struct tnode *n, const char *key, const char *label, const struct strpool *pool,
            const uint32_t *ids, size_t count)
{
    struct field *f = node_add(n, FT_NAMES, key, label);
    uint32_t *c = (uint32_t *)(void *)arena_alloc(&n->doc->arena, (count + 1) * sizeof *c);
    if (count)
        memcpy(c, ids, count * sizeof *c);
    f->ids = c;
    f->n = count;
    f->pool = pool;
}

void
tnode_counts(struct tnode *n, const char *key, const char *label, const size_t *v, size_t count)
{
    struct field *f = node_add(n, FT_COUNTS, key, label);
    size_t *c = (size_t *)(void *)arena_alloc(&n->doc->arena, (count + 1) * sizeof *c);
    if (count)
        memcpy(c, v, count * sizeof *c);
    f->counts = c;
    f->n = count;
}

struct tnode *
tnode_object(struct tnode *n, const char *key, const char *label)
{
    struct field *f = node_add(n, FT_OBJECT, key, label);
    f->obj = node_new(n->doc);
    return f->obj;
}

static struct table *
table_make(struct arena *a, const char *name, const char *title, const struct table_col *cols,
           size_t ncols, const struct strpool *names)
{
    struct table *t = xcalloc(1, sizeof *t);
    t->arena = a ? a : &t->own;
    t->name = arena_strdup(t->arena, name ? name : "");
    t->title = arena_strdup(t->arena, title);
    t->cols = cols;
    t->ncols = ncols;
    t->names = names;
    return t;
}

struct table *
tnode_table(struct tnode *n, const char *key, const char *title, const struct table_col *cols,
            size_t ncols, const struct strpool *names)
{
    struct field *f = node_add(n, FT_TABLE, key, NULL);
    f->t = table_make(&n->doc->arena, key, title, cols, ncols, names);
    return f->t;
}

struct table *
table_new(const char *name, const char *title, const struct table_col *cols, size_t ncols,
          const struct strpool *names)
{
    return table_make(NULL, name, title, cols, ncols, names);
}

struct table *
table_new_copy(const char *name, const char *title, const struct table_col *cols, size_t ncols,
               const struct strpool *names)
{
    struct table *t = table_make(NULL, name, title, NULL, ncols, names);
    struct table_col *c =
        (struct table_col *)(void *)arena_alloc(t->arena, (ncols + 1) * sizeof *c);
    for (size_t i = 0; i < ncols; i++) {
        c[i] = cols[i];
        c[i].key = arena_strdup(t->arena, cols[i].key ? cols[i].key : "");
        c[i].header = arena_strdup(t->arena, cols[i].header ? cols[i].header : "");
        c[i].true_text = arena_strdup(t->arena, cols[i].true_text);
    }
    t->cols = c;
    t->copied_cols = true;
    return t;
}

void
tnode_adopt(struct tnode *n, const char *key, struct table *t)
{
    struct field *f = node_add(n, FT_TABLE, key, NULL);
    f->t = t;
}

static void
free_subs(struct table *t)
{
    for (size_t i = 0; i < t->nsubs; i++)
        table_destroy(t->subs[i].t);
    t->nsubs = 0;
}

static void
table_destroy(struct table *t)
{
    if (t == NULL)
        return;
    free_subs(t);
    free(t->subs);
    free(t->cells);
    free(t->roles);
    arena_clear(&t->fill_own);
    arena_clear(&t->own);
    free(t);
}

void
table_free(struct table *t)
{
    table_destroy(t);
}

void
table_reset(struct table *t)
{
    free_subs(t);
    t->nrows = 0;
    free(t->roles);
    t->roles = NULL;
    t->fill = NULL; /* rows are added again */
    arena_clear(&t->fill_own);
    if (t->arena == &t->own) {
        /* Keep the name and title: copy them out of the arena before it goes. */
        char *name = xstrdup(t->name), *title = t->title ? xstrdup(t->title) : NULL;
        struct arena keep = t->own;
        t->own.head = NULL;
        t->name = arena_strdup(&t->own, name);
        t->title = arena_strdup(&t->own, title);
        if (t->copied_cols) {
            struct table_col *c =
                (struct table_col *)(void *)arena_alloc(&t->own, (t->ncols + 1) * sizeof *c);
            for (size_t i = 0; i < t->ncols; i++) {
                c[i] = t->cols[i];
                c[i].key = arena_strdup(&t->own, t->cols[i].key);
                c[i].header = arena_strdup(&t->own, t->cols[i].header);
                c[i].true_text = arena_strdup(&t->own, t->cols[i].true_text);
            }
            t->cols = c;
        }
        arena_clear(&keep);
        free(name);
        free(title);
    }
}

void
table_reserve(struct table *t, size_t rows)
{
    if (rows <= t->caprows || t->fill != NULL)
        return;
    t->cells = xreallocarray(t->cells, rows, (t->ncols ? t->ncols : 1) * sizeof *t->cells);
    if (t->roles) {
        t->roles = xreallocarray(t->roles, rows, sizeof *t->roles);
        memset(t->roles + t->caprows, 0, (rows - t->caprows) * sizeof *t->roles);
    }
    t->caprows = rows;
}

size_t
table_add_row(struct table *t)
{
    if (t->fill != NULL)
        cf_fatal("table: rows added to a table whose rows are made when read");
    if (t->nrows == t->caprows)
        table_reserve(t, t->caprows ? t->caprows * 2 : 16);
    memset(t->cells + t->nrows * t->ncols, 0, t->ncols * sizeof *t->cells);
    if (t->roles)
        t->roles[t->nrows] = 0;
    return t->nrows++;
}

void
table_set_source(struct table *t, size_t nrows, table_fill_fn fill, const void *ud, size_t ud_size)
{
    if (t->nrows > 0 || t->nsubs > 0 || t->fill != NULL)
        cf_fatal("table: a source for a table that has rows");
    t->fill = fill;
    t->fill_ud = ud_size > 0 ? memcpy(arena_alloc(t->arena, ud_size), ud, ud_size) : NULL;
    t->nrows = nrows;
    t->fill_row = SIZE_MAX;
    free(t->cells);
    t->cells = xcalloc(t->ncols ? t->ncols : 1, sizeof *t->cells);
    t->caprows = 1;
}

/* A source table's cells now hold row (made by its fill unless they hold it already). The
 * table is read-only to its readers; the cells are a cache of one row. */
static void
source_load(const struct table *ct, size_t row)
{
    struct table *t = (struct table *)ct;
    if (t->fill_row == row)
        return;
    memset(t->cells, 0, t->ncols * sizeof *t->cells);
    arena_clear(&t->fill_own);
    t->fill_role = 0;
    t->fill_row = row;
    t->filling = true;
    t->fill(t->fill_ud, t, row);
    t->filling = false;
}

/* Where the strings of a cell being set go: the document's, or the made row's. */
static struct arena *
cell_arena(struct table *t)
{
    return t->fill != NULL ? &t->fill_own : t->arena;
}

static struct table_cell *
cell_at(struct table *t, size_t row, size_t col)
{
    if (row >= t->nrows || col >= t->ncols)
        cf_fatal("table: cell out of range");
    if (t->fill != NULL) {
        if (!t->filling || row != t->fill_row)
            cf_fatal("table: a cell set outside its table's fill");
        row = 0;
    }
    struct table_cell *c = &t->cells[row * t->ncols + col];
    c->set = 1;
    c->is_f = 0;
    return c;
}

void
table_set_text(struct table *t, size_t row, size_t col, const char *s)
{
    if (s == NULL)
        return;
    table_set_textn(t, row, col, s, strlen(s));
}

void
table_set_textn(struct table *t, size_t row, size_t col, const char *s, size_t n)
{
    struct table_cell *c = cell_at(t, row, col);
    c->v.s = arena_strndup(cell_arena(t), s, n);
}

void
table_set_count(struct table *t, size_t row, size_t col, uint64_t v)
{
    cell_at(t, row, col)->v.i = (int64_t)v;
}

void
table_set_int(struct table *t, size_t row, size_t col, int64_t v)
{
    cell_at(t, row, col)->v.i = v;
}

void
table_set_number(struct table *t, size_t row, size_t col, double v)
{
    cell_at(t, row, col)->v.d = v;
}

void
table_set_dur(struct table *t, size_t row, size_t col, double ms)
{
    struct table_cell *c = cell_at(t, row, col);
    c->v.d = ms;
    c->is_f = 1;
}

void
table_set_time(struct table *t, size_t row, size_t col, int64_t ms)
{
    cell_at(t, row, col)->v.i = ms;
}

void
table_set_bool(struct table *t, size_t row, size_t col, bool v)
{
    cell_at(t, row, col)->v.i = v;
}

void
table_set_path(struct table *t, size_t row, size_t col, const uint32_t *ids, size_t n)
{
    struct table_cell *c = cell_at(t, row, col);
    c->v.path.ids = ids;
    c->v.path.n = (uint32_t)n;
}

void
table_set_ints(struct table *t, size_t row, size_t col, const int64_t *v, size_t n)
{
    struct table_cell *x = cell_at(t, row, col);
    int64_t *c = (int64_t *)(void *)arena_alloc(cell_arena(t), (n + 1) * sizeof *c);
    if (n)
        memcpy(c, v, n * sizeof *c);
    x->v.ints.v = c;
    x->v.ints.n = (uint32_t)n;
}

void
table_set_role(struct table *t, size_t row, int role)
{
    if (row >= t->nrows)
        return;
    if (t->fill != NULL) {
        if (!t->filling || row != t->fill_row)
            cf_fatal("table: a role set outside its table's fill");
        t->fill_role = role;
        return;
    }
    if (t->roles == NULL)
        t->roles = xcalloc(t->caprows ? t->caprows : 1, sizeof *t->roles);
    t->roles[row] = role;
}

struct table *
table_sub(struct table *t, size_t row, const char *key, const struct table_col *cols, size_t ncols)
{
    if (t->fill != NULL)
        cf_fatal("table: a sub-table in a table whose rows are made when read");
    if (t->nsubs == t->capsubs) {
        t->capsubs = t->capsubs ? t->capsubs * 2 : 8;
        t->subs = xreallocarray(t->subs, t->capsubs, sizeof *t->subs);
    }
    struct tsub *s = &t->subs[t->nsubs++];
    s->row = row;
    s->key = arena_strdup(t->arena, key);
    s->t = table_make(t->arena, key, NULL, cols, ncols, t->names);
    return s->t;
}

void
table_set_flags(struct table *t, unsigned flags)
{
    t->flags = flags;
}

void
table_set_text_limit(struct table *t, size_t limit)
{
    t->text_limit = limit;
}

size_t
table_rows(const struct table *t)
{
    return t->nrows;
}

size_t
table_ncols(const struct table *t)
{
    return t->ncols;
}

const struct table_col *
table_col(const struct table *t, size_t col)
{
    return &t->cols[col];
}

const struct table_cell *
table_cell(const struct table *t, size_t row, size_t col)
{
    if (t->fill != NULL) {
        if (row >= t->nrows || col >= t->ncols)
            cf_fatal("table: cell out of range");
        source_load(t, row);
        return &t->cells[col];
    }
    return &t->cells[row * t->ncols + col];
}

int
table_role(const struct table *t, size_t row)
{
    if (t->fill != NULL) {
        if (row >= t->nrows)
            return 0;
        source_load(t, row);
        return t->fill_role;
    }
    return t->roles && row < t->nrows ? t->roles[row] : 0;
}

const char *
table_name(const struct table *t)
{
    return t->name;
}

const char *
table_title(const struct table *t)
{
    return t->title;
}

int
table_col_index(const struct table *t, const char *key)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (strcmp(t->cols[i].key, key) == 0)
            return (int)i;
    return -1;
}

static double
cell_num(enum table_kind kind, const struct table_cell *c)
{
    if (!c->set)
        return NAN;
    switch (kind) {
    case TK_COUNT:
    case TK_INT:
    case TK_TIME:
    case TK_BOOL: return (double)c->v.i;
    case TK_DURATION: return c->is_f ? c->v.d : (double)c->v.i;
    case TK_SHARE:
    case TK_NUMBER:
    case TK_BAR: return c->v.d;
    case TK_PATH: return (double)c->v.path.n;
    case TK_INTS: return (double)c->v.ints.n;
    case TK_TEXT: break;
    }
    return NAN;
}

double
table_cell_number(const struct table *t, size_t row, size_t col)
{
    return cell_num(t->cols[col].kind, table_cell(t, row, col));
}

/* ---- formatting of values ------------------------------------------------ */

static const char *
path_name(const struct strpool *names, uint32_t id)
{
    return names && id < strpool_count(names) ? strpool_get(names, id) : "?";
}

/* ISO 8601 with the offset of f ("Z" when none). */
static void
put_time(struct cf_buf *b, int64_t ms, const struct table_fmt *f)
{
    int off = f && f->tz_set ? f->tz_offset_min : 0;
    int64_t t = ms + (int64_t)off * 60000;
    int64_t secs = t >= 0 ? t / 1000 : -((-t + 999) / 1000);
    int frac = (int)(t - secs * 1000);
    time_t tt = (time_t)secs;
    struct tm tm;
    if (gmtime_r(&tt, &tm) == NULL) {
        cf_buf_printf(b, "%lld", (long long)ms);
        return;
    }
    cf_buf_printf(b, "%04lld-%02d-%02dT%02d:%02d:%02d", (long long)tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    if (frac)
        cf_buf_printf(b, ".%03d", frac);
    if (off == 0 && !(f && f->tz_set))
        cf_buf_puts(b, "Z");
    else
        cf_buf_printf(b, "%c%02d:%02d", off < 0 ? '-' : '+', abs(off) / 60, abs(off) % 60);
}

static void
put_grouped(struct cf_buf *b, uint64_t v)
{
    char d[32];
    int n = snprintf(d, sizeof d, "%llu", (unsigned long long)v);
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            cf_buf_append(b, ",", 1);
        cf_buf_append(b, d + i, 1);
    }
}

/* A number as JSON and CSV write it: integral values without a fraction, else up to
 * 15 significant digits. */
static void
put_plain_number(struct cf_buf *b, double v)
{
    if (!isfinite(v))
        return;
    if (v == floor(v) && fabs(v) < 1e15)
        cf_buf_printf(b, "%.0f", v);
    else
        cf_buf_printf(b, "%.15g", v);
}

static void
put_bar(struct cf_buf *b, double frac, size_t width, bool unicode)
{
    static const char *const eighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
    if (!(frac > 0))
        frac = 0;
    if (frac > 1)
        frac = 1;
    if (!unicode) {
        size_t n = (size_t)lround(frac * (double)width);
        if (n == 0 && frac > 0)
            n = 1;
        for (size_t i = 0; i < n; i++)
            cf_buf_append(b, "#", 1);
        return;
    }
    size_t e = (size_t)lround(frac * (double)width * 8);
    if (e == 0 && frac > 0)
        e = 1;
    for (size_t i = 0; i < e / 8; i++)
        cf_buf_puts(b, "█");
    cf_buf_puts(b, eighths[e % 8]);
}

static void
put_dur_text(struct cf_buf *b, double ms)
{
    char d[64];
    if (!isfinite(ms) || fabs(ms) > 9e18) {
        cf_buf_puts(b, "-");
        return;
    }
    cf_format_duration((int64_t)llround(ms), d, sizeof d);
    cf_buf_puts(b, d);
}

/* The human text of a value of kind with column c (may be NULL). */
static void
value_text(struct cf_buf *b, enum table_kind kind, const struct table_col *c,
           const struct table_cell *v, const struct strpool *names, const struct table_fmt *f)
{
    if (!v->set)
        return;
    switch (kind) {
    case TK_TEXT: cf_buf_puts(b, v->v.s); break;
    case TK_COUNT:
        if (v->v.i < 0)
            cf_buf_printf(b, "%lld", (long long)v->v.i);
        else
            put_grouped(b, (uint64_t)v->v.i);
        break;
    case TK_INT: cf_buf_printf(b, "%lld", (long long)v->v.i); break;
    case TK_SHARE:
        if (isfinite(v->v.d))
            cf_buf_printf(b, "%.1f%%", 100.0 * v->v.d);
        else
            cf_buf_puts(b, "-");
        break;
    case TK_DURATION: put_dur_text(b, v->is_f ? v->v.d : (double)v->v.i); break;
    case TK_TIME: put_time(b, v->v.i, f); break;
    case TK_NUMBER:
        if (!isfinite(v->v.d))
            break;
        if (v->v.d == floor(v->v.d) && fabs(v->v.d) < 1e15)
            cf_buf_printf(b, "%.0f", v->v.d);
        else
            cf_buf_printf(b, "%.4g", v->v.d);
        break;
    case TK_BOOL:
        if (v->v.i)
            cf_buf_puts(b, c && c->true_text ? c->true_text : "yes");
        break;
    case TK_PATH:
        for (uint32_t i = 0; i < v->v.path.n; i++) {
            if (i)
                cf_buf_puts(b, " > ");
            cf_buf_puts(b, path_name(names, v->v.path.ids[i]));
        }
        break;
    case TK_BAR:
        if (isfinite(v->v.d))
            cf_buf_printf(b, "%.1f%%", 100.0 * v->v.d);
        break;
    case TK_INTS:
        for (uint32_t i = 0; i < v->v.ints.n; i++)
            cf_buf_printf(b, "%s%lld", i ? " " : "", (long long)v->v.ints.v[i]);
        break;
    }
}

const char *
table_cell_text(const struct table *t, size_t row, size_t col, const struct table_fmt *f,
                struct cf_buf *buf)
{
    value_text(buf, t->cols[col].kind, &t->cols[col], table_cell(t, row, col), t->names, f);
    cf_buf_append(buf, "", 0);
    return buf->data;
}

static int
cmp_num(double a, double b)
{
    return a < b ? -1 : a > b ? 1 : 0;
}

int
table_cmp_rows(const struct table *t, size_t col, size_t a, size_t b)
{
    if (t->fill != NULL) /* one row at a time: two cannot be held */
        cf_fatal("table: rows of a table whose rows are made when read compared");
    const struct table_col *c = &t->cols[col];
    const struct table_cell *x = table_cell(t, a, col), *y = table_cell(t, b, col);
    if (!x->set || !y->set)
        return x->set == y->set ? 0 : x->set ? -1 : 1;
    if (c->kind == TK_TEXT)
        return strcmp(x->v.s, y->v.s);
    if (c->kind == TK_PATH) {
        if (x->v.path.n != y->v.path.n)
            return x->v.path.n < y->v.path.n ? -1 : 1;
        for (uint32_t i = 0; i < x->v.path.n; i++) {
            if (x->v.path.ids[i] == y->v.path.ids[i])
                continue;
            int r = strcmp(path_name(t->names, x->v.path.ids[i]),
                           path_name(t->names, y->v.path.ids[i]));
            if (r)
                return r;
        }
        return 0;
    }
    double p = cell_num(c->kind, x), q = cell_num(c->kind, y);
    bool pn = isnan(p), qn = isnan(q);
    if (pn || qn)
        return pn == qn ? 0 : pn ? 1 : -1;
    return cmp_num(p, q);
}

/* ---- text ---------------------------------------------------------------- */

/* Display width of s[0..n), which is escaped (valid, printable UTF-8). */
static size_t
disp_width(const char *s, size_t n)
{
    size_t w = 0, i = 0;
    while (i < n) {
        if ((unsigned char)s[i] < 0x80) {
            w++, i++;
            continue;
        }
        unsigned cp;
        size_t len = cf_utf8_decode(s + i, n - i, &cp);
        if (len == 0)
            w++, i++;
        else
            w += (size_t)cf_cp_width(cp), i += len;
    }
    return w;
}

/* Length in bytes of the longest prefix of s[0..n) at most w columns wide; its width
 * into *got. */
static size_t
prefix_fit(const char *s, size_t n, size_t w, size_t *got)
{
    size_t i = 0, acc = 0;
    while (i < n) {
        unsigned cp = (unsigned char)s[i];
        size_t len = 1, cw = 1;
        if (cp >= 0x80) {
            len = cf_utf8_decode(s + i, n - i, &cp);
            if (len == 0)
                len = 1;
            else
                cw = (size_t)cf_cp_width(cp);
        }
        if (acc + cw > w)
            break;
        acc += cw;
        i += len;
    }
    if (got)
        *got = acc;
    return i;
}

/* Append s (escaped, width sw) cut to at most w columns with the ellipsis at its end or
 * in its middle; returns the width appended. */
static size_t
put_cut(struct cf_buf *b, const char *s, size_t n, size_t sw, size_t w, enum table_cut cut,
        bool unicode)
{
    const char *ell = unicode ? "…" : "~";
    if (sw <= w) {
        cf_buf_append(b, s, n);
        return sw;
    }
    if (w == 0)
        return 0;
    size_t got, got2;
    if (cut == TC_MIDDLE && w >= 5) {
        size_t left = (w - 1 + 1) / 2, right = w - 1 - left;
        size_t pl = prefix_fit(s, n, left, &got);
        /* The suffix: skip characters from pl on until what is left fits right. */
        size_t i = pl, rest = disp_width(s + pl, n - pl);
        while (i < n && rest > right) {
            unsigned cp = (unsigned char)s[i];
            size_t len = 1, cw = 1;
            if (cp >= 0x80) {
                len = cf_utf8_decode(s + i, n - i, &cp);
                if (len == 0)
                    len = 1;
                else
                    cw = (size_t)cf_cp_width(cp);
            }
            rest -= cw < rest ? cw : rest;
            i += len;
        }
        cf_buf_append(b, s, pl);
        cf_buf_puts(b, ell);
        cf_buf_append(b, s + i, n - i);
        return got + 1 + rest;
    }
    size_t p = prefix_fit(s, n, w - 1, &got2);
    cf_buf_append(b, s, p);
    cf_buf_puts(b, ell);
    return got2 + 1;
}

static void
pad(struct cf_buf *b, size_t n)
{
    static const char sp[] = "                                ";
    while (n > 0) {
        size_t k = n < sizeof sp - 1 ? n : sizeof sp - 1;
        cf_buf_append(b, sp, k);
        n -= k;
    }
}

struct text_out {
    FILE *f;
    const struct table_fmt *fmt;
    struct cf_buf line;
    bool any;        /* something printed */
    bool want_blank; /* a blank line before the next block */
    int err;
};

/* Write the gathered line, cut so that it never passes the width. */
static void
emit_line(struct text_out *o)
{
    struct cf_buf *l = &o->line;
    size_t n = l->len;
    while (n > 0 && l->data[n - 1] == ' ')
        n--;
    if (o->fmt->width > 0 && disp_width(l->data ? l->data : "", n) > o->fmt->width) {
        size_t got;
        n = prefix_fit(l->data, n, o->fmt->width - 1, &got);
        l->len = n;
        cf_buf_puts(l, o->fmt->unicode ? "…" : "~");
        n = l->len;
    }
    if ((n && fwrite(l->data, 1, n, o->f) != n) || fputc('\n', o->f) == EOF)
        o->err = -1;
    l->len = 0;
    if (l->data)
        l->data[0] = '\0';
    o->any = true;
}

static void
blank_if_wanted(struct text_out *o)
{
    if (o->want_blank && o->any) {
        o->line.len = 0;
        emit_line(o);
    }
    o->want_blank = false;
}

/* Escaped text lines (a note or title, which may hold '\n') at indent. */
static void
text_lines(struct text_out *o, const char *s, size_t indent)
{
    do {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        pad(&o->line, indent);
        cf_term_escape(&o->line, s, n);
        emit_line(o);
        s = nl ? nl + 1 : NULL;
    } while (s);
}

static bool
numeric_kind(enum table_kind k)
{
    return k != TK_TEXT && k != TK_PATH && k != TK_BOOL && k != TK_BAR && k != TK_INTS;
}

static bool
right_aligned(const struct table_col *c)
{
    return c->align == TA_RIGHT || (c->align == TA_AUTO && numeric_kind(c->kind));
}

#define GAP 2
#define BAR_WIDTH 12

struct tcell_txt {
    size_t off, len, w;
};

static void render_table_text(struct text_out *o, const struct table *t, size_t indent,
                              bool show_title);

/* Fit the visible columns vis[0..nv) to avail columns: fills wd[], marks dropped ones
 * with SIZE_MAX. */
static void
fit_widths(const struct table *t, const size_t *vis, size_t nv, const size_t *nat,
           const size_t *minw, size_t avail, size_t *wd)
{
    for (size_t i = 0; i < nv; i++)
        wd[i] = nat[i];
    if (avail == 0)
        return; /* never cut */
    for (;;) {
        size_t total = 0, cnt = 0;
        for (size_t i = 0; i < nv; i++)
            if (wd[i] != SIZE_MAX)
                total += minw[i] + (cnt++ ? GAP : 0);
        if (total <= avail)
            break;
        /* Drop the column with the highest priority number (the rightmost on ties). */
        size_t best = SIZE_MAX;
        for (size_t i = 0; i < nv; i++)
            if (wd[i] != SIZE_MAX && t->cols[vis[i]].priority > 0 &&
                (best == SIZE_MAX || t->cols[vis[i]].priority >= t->cols[vis[best]].priority))
                best = i;
        if (best == SIZE_MAX)
            break;
        wd[best] = SIZE_MAX;
    }
    size_t total = 0, cnt = 0;
    for (size_t i = 0; i < nv; i++)
        if (wd[i] != SIZE_MAX)
            total += wd[i] + (cnt++ ? GAP : 0);
    if (total <= avail)
        return;
    size_t excess = total - avail;
    /* The widest shrinkable columns give way first, down to their minimum (so a long
     * name and a long list share the cut); then, as the last resort, below it. */
    for (int pass = 0; pass < 2 && excess; pass++) {
        while (excess) {
            size_t best = SIZE_MAX, second = 0;
            for (size_t i = 0; i < nv; i++) {
                if (wd[i] == SIZE_MAX)
                    continue;
                size_t floor_w = pass == 0 ? minw[i] : 1;
                if (pass == 0 && t->cols[vis[i]].cut == TC_NONE)
                    continue;
                if (wd[i] <= floor_w)
                    continue;
                if (best == SIZE_MAX || wd[i] > wd[best]) {
                    if (best != SIZE_MAX && wd[best] > second)
                        second = wd[best];
                    best = i;
                } else if (wd[i] > second) {
                    second = wd[i];
                }
            }
            if (best == SIZE_MAX)
                break;
            size_t floor_w = pass == 0 ? minw[best] : 1;
            size_t target = second > floor_w ? second : floor_w;
            size_t k = wd[best] - target;
            if (k == 0)
                k = 1;
            if (k > excess)
                k = excess;
            wd[best] -= k, excess -= k;
        }
    }
}

static void
render_table_text(struct text_out *o, const struct table *t, size_t indent, bool show_title)
{
    const struct table_fmt *fmt = o->fmt;
    size_t shown = t->text_limit && t->text_limit < t->nrows ? t->text_limit : t->nrows;
    size_t *vis = xcalloc(t->ncols + 1, sizeof *vis);
    size_t nv = 0;
    for (size_t c = 0; c < t->ncols; c++)
        if (!(t->cols[c].flags & TCOL_NO_TEXT))
            vis[nv++] = c;
    if (show_title && t->title) {
        blank_if_wanted(o);
        text_lines(o, t->title, indent);
    }
    size_t rindent = indent + 2;
    /* Every shown cell as escaped text, once. */
    struct cf_buf txt = {0}, tmp = {0};
    struct tcell_txt *cells = xcalloc(shown * nv + 1, sizeof *cells);
    size_t *nat = xcalloc(nv + 1, sizeof *nat), *minw = xcalloc(nv + 1, sizeof *minw);
    size_t *wd = xcalloc(nv + 1, sizeof *wd);
    for (size_t i = 0; i < nv; i++) {
        const struct table_col *c = &t->cols[vis[i]];
        size_t hw = disp_width(c->header, strlen(c->header));
        nat[i] = hw;
        if (c->kind == TK_BAR) {
            size_t bw = c->min_width ? (size_t)c->min_width : BAR_WIDTH;
            nat[i] = bw > hw ? bw : hw;
        }
    }
    /* Row by row: a table whose rows are made when read makes each once. */
    for (size_t r = 0; r < shown; r++) {
        int role = table_role(t, r);
        for (size_t i = 0; i < nv; i++) {
            const struct table_col *c = &t->cols[vis[i]];
            struct tcell_txt *ct = &cells[r * nv + i];
            ct->off = txt.len;
            if (c->kind != TK_BAR && role != TROW_HEADING && role != TROW_HIDDEN) {
                tmp.len = 0;
                value_text(&tmp, c->kind, c, table_cell(t, r, vis[i]), t->names, fmt);
                if (tmp.len)
                    ct->w = cf_term_escape(&txt, tmp.data, tmp.len);
            }
            ct->len = txt.len - ct->off;
            if (ct->w > nat[i])
                nat[i] = ct->w;
        }
    }
    for (size_t i = 0; i < nv; i++) {
        const struct table_col *c = &t->cols[vis[i]];
        size_t hw = disp_width(c->header, strlen(c->header));
        size_t mw = c->min_width > 0 ? (size_t)c->min_width : hw;
        if (c->kind == TK_BAR || c->cut == TC_NONE || numeric_kind(c->kind))
            mw = nat[i]; /* a cut number would mislead: only as the last resort */
        if (mw == 0)
            mw = 1;
        minw[i] = mw < nat[i] ? mw : nat[i];
    }
    size_t avail = 0;
    if (fmt->width > 0)
        avail = fmt->width > rindent ? fmt->width - rindent : 1;
    fit_widths(t, vis, nv, nat, minw, avail, wd);
    size_t last = SIZE_MAX;
    for (size_t i = 0; i < nv; i++)
        if (wd[i] != SIZE_MAX)
            last = i;
    if (!show_title || !t->title)
        blank_if_wanted(o);
    o->want_blank = false;
    if (t->nrows == 0) {
        pad(&o->line, rindent);
        cf_buf_puts(&o->line, "none");
        emit_line(o);
        goto done;
    }
    /* The header. */
    pad(&o->line, rindent);
    bool first = true;
    for (size_t i = 0; i < nv; i++) {
        if (wd[i] == SIZE_MAX)
            continue;
        const struct table_col *c = &t->cols[vis[i]];
        if (!first)
            pad(&o->line, GAP);
        first = false;
        size_t hw = disp_width(c->header, strlen(c->header));
        size_t used;
        if (right_aligned(c) && hw < wd[i])
            pad(&o->line, wd[i] - hw);
        used = put_cut(&o->line, c->header, strlen(c->header), hw, wd[i], TC_END, fmt->unicode);
        if (!right_aligned(c) && i != last)
            pad(&o->line, wd[i] - (used < wd[i] ? used : wd[i]));
    }
    emit_line(o);
    /* Sub-tables by row, in insertion order. */
    size_t sub_i = 0;
    for (size_t r = 0; r < shown; r++) {
        if (table_role(t, r) == TROW_HIDDEN)
            continue;
        pad(&o->line, rindent);
        if (table_role(t, r) == TROW_HEADING) {
            for (size_t c = 0; c < t->ncols; c++) {
                if (!table_cell(t, r, c)->set)
                    continue;
                tmp.len = 0;
                value_text(&tmp, t->cols[c].kind, &t->cols[c], table_cell(t, r, c), t->names, fmt);
                cf_term_escape(&o->line, tmp.data ? tmp.data : "", tmp.len);
                break;
            }
        } else {
            first = true;
            for (size_t i = 0; i < nv; i++) {
                if (wd[i] == SIZE_MAX)
                    continue;
                const struct table_col *c = &t->cols[vis[i]];
                struct tcell_txt *ct = &cells[r * nv + i];
                if (!first)
                    pad(&o->line, GAP);
                first = false;
                size_t used;
                if (c->kind == TK_BAR) {
                    size_t before = o->line.len;
                    const struct table_cell *v = table_cell(t, r, vis[i]);
                    if (v->set)
                        put_bar(&o->line, v->v.d, wd[i], fmt->unicode);
                    used = disp_width(o->line.data + before, o->line.len - before);
                } else {
                    if (right_aligned(c) && ct->w < wd[i])
                        pad(&o->line, wd[i] - ct->w);
                    used = put_cut(&o->line, txt.data + ct->off, ct->len, ct->w, wd[i], c->cut,
                                   fmt->unicode);
                    if (right_aligned(c))
                        used = wd[i];
                }
                if (i != last && used < wd[i])
                    pad(&o->line, wd[i] - used);
            }
        }
        emit_line(o);
        for (size_t s = sub_i; s < t->nsubs; s++) {
            if (t->subs[s].row != r || (t->subs[s].t->flags & TTAB_NO_TEXT))
                continue;
            render_table_text(o, t->subs[s].t, rindent + 2, false);
            if (s == sub_i)
                sub_i++;
        }
    }
    if (shown < t->nrows) {
        pad(&o->line, rindent);
        cf_buf_printf(&o->line, "... %zu more (--limit 0 shows all)", t->nrows - shown);
        emit_line(o);
    }
done:
    o->want_blank = true;
    cf_buf_clear(&txt);
    cf_buf_clear(&tmp);
    free(cells);
    free(nat);
    free(minw);
    free(wd);
    free(vis);
}

static void
field_value_text(struct cf_buf *b, const struct field *f, const struct table_fmt *fmt)
{
    switch (f->type) {
    case FT_SCALAR: value_text(b, f->kind, NULL, &f->v, NULL, fmt); break;
    case FT_STRINGS:
        for (size_t i = 0; i < f->n; i++) {
            if (i)
                cf_buf_puts(b, ", ");
            cf_buf_puts(b, f->strs[i]);
        }
        break;
    case FT_NAMES:
        for (size_t i = 0; i < f->n; i++) {
            if (i)
                cf_buf_puts(b, ", ");
            cf_buf_puts(b, path_name(f->pool, f->ids[i]));
        }
        break;
    case FT_COUNTS:
        for (size_t i = 0; i < f->n; i++)
            cf_buf_printf(b, "%s%zu", i ? ", " : "", f->counts[i]);
        break;
    default: break;
    }
}

static void
render_node_text(struct text_out *o, const struct tnode *n, size_t indent)
{
    /* Labels of the scalar fields line up. */
    size_t lw = 0;
    for (size_t i = 0; i < n->n; i++) {
        const struct field *f = &n->f[i];
        if ((f->type == FT_SCALAR || f->type == FT_STRINGS || f->type == FT_NAMES ||
             f->type == FT_COUNTS) &&
            f->label) {
            size_t w = disp_width(f->label, strlen(f->label)) + 1;
            if (w > lw)
                lw = w;
        }
    }
    if (lw > 32)
        lw = 32;
    struct cf_buf tmp = {0};
    for (size_t i = 0; i < n->n; i++) {
        const struct field *f = &n->f[i];
        switch (f->type) {
        case FT_TITLE:
            blank_if_wanted(o);
            text_lines(o, f->label, indent);
            break;
        case FT_NOTE:
            blank_if_wanted(o);
            text_lines(o, f->label, indent);
            break;
        case FT_SCALAR:
        case FT_STRINGS:
        case FT_NAMES:
        case FT_COUNTS: {
            if (!f->label)
                break;
            blank_if_wanted(o);
            pad(&o->line, indent);
            cf_buf_puts(&o->line, f->label);
            cf_buf_puts(&o->line, ":");
            size_t w = disp_width(f->label, strlen(f->label)) + 1;
            pad(&o->line, (w < lw ? lw - w : 0) + 2);
            tmp.len = 0;
            field_value_text(&tmp, f, o->fmt);
            cf_term_escape(&o->line, tmp.data ? tmp.data : "", tmp.len);
            emit_line(o);
            break;
        }
        case FT_TABLE:
            if (f->t->flags & TTAB_NO_TEXT)
                break;
            o->want_blank = true;
            render_table_text(o, f->t, indent, true);
            break;
        case FT_OBJECT:
            if (!f->label)
                break;
            o->want_blank = true;
            blank_if_wanted(o);
            pad(&o->line, indent);
            cf_term_escape(&o->line, f->label, strlen(f->label));
            emit_line(o);
            render_node_text(o, f->obj, indent + 2);
            o->want_blank = true;
            break;
        }
    }
    cf_buf_clear(&tmp);
}

/* ---- JSON ---------------------------------------------------------------- */

static void
json_time(struct jsonw *j, int64_t ms, const struct table_fmt *f)
{
    struct cf_buf b = {0};
    put_time(&b, ms, f);
    jsonw_strn(j, b.data, b.len);
    cf_buf_clear(&b);
}

static void
json_value(struct jsonw *j, enum table_kind kind, const struct table_cell *v,
           const struct strpool *names, const struct table_fmt *f, unsigned flags)
{
    if (!v->set) {
        jsonw_null(j);
        return;
    }
    if (kind == TK_PATH && (flags & TCOL_JSON_STRING)) {
        struct cf_buf b = {0};
        value_text(&b, kind, NULL, v, names, f);
        jsonw_strn(j, b.data ? b.data : "", b.len);
        cf_buf_clear(&b);
        return;
    }
    switch (kind) {
    case TK_TEXT: jsonw_str(j, v->v.s); break;
    case TK_COUNT:
        if (v->v.i < 0)
            jsonw_int(j, v->v.i);
        else
            jsonw_uint(j, (uint64_t)v->v.i);
        break;
    case TK_INT: jsonw_int(j, v->v.i); break;
    case TK_SHARE:
    case TK_NUMBER:
    case TK_BAR: jsonw_double(j, v->v.d); break;
    case TK_DURATION: jsonw_double(j, (v->is_f ? v->v.d : (double)v->v.i) / 1000.0); break;
    case TK_TIME: json_time(j, v->v.i, f); break;
    case TK_BOOL: jsonw_bool(j, v->v.i != 0); break;
    case TK_PATH:
        jsonw_arr_begin(j);
        for (uint32_t i = 0; i < v->v.path.n; i++)
            jsonw_str(j, path_name(names, v->v.path.ids[i]));
        jsonw_arr_end(j);
        break;
    case TK_INTS:
        jsonw_arr_begin(j);
        for (uint32_t i = 0; i < v->v.ints.n; i++) {
            bool pairs = (flags & TCOL_PAIRS) != 0;
            if (pairs && i % 2 == 0)
                jsonw_arr_begin(j);
            jsonw_int(j, v->v.ints.v[i]);
            if (pairs && (i % 2 == 1 || i + 1 == v->v.ints.n))
                jsonw_arr_end(j);
        }
        jsonw_arr_end(j);
        break;
    }
}

static void json_table(struct jsonw *j, const struct table *t, const struct table_fmt *f);

static void
json_row(struct jsonw *j, const struct table *t, size_t r, const struct table_fmt *f, size_t *sub_i)
{
    jsonw_obj_begin(j);
    for (size_t c = 0; c < t->ncols; c++) {
        if (t->cols[c].flags & TCOL_NO_JSON)
            continue;
        jsonw_key(j, t->cols[c].key);
        json_value(j, t->cols[c].kind, table_cell(t, r, c), t->names, f, t->cols[c].flags);
    }
    for (size_t s = *sub_i; s < t->nsubs; s++) {
        if (t->subs[s].row != r || (t->subs[s].t->flags & TTAB_NO_JSON))
            continue;
        jsonw_key(j, t->subs[s].key);
        json_table(j, t->subs[s].t, f);
        if (s == *sub_i)
            (*sub_i)++;
    }
    jsonw_obj_end(j);
}

static void
json_table(struct jsonw *j, const struct table *t, const struct table_fmt *f)
{
    size_t sub_i = 0;
    jsonw_arr_begin(j);
    for (size_t r = 0; r < t->nrows; r++)
        if (table_role(t, r) != TROW_HEADING && table_role(t, r) != TROW_TEXT_ONLY)
            json_row(j, t, r, f, &sub_i);
    jsonw_arr_end(j);
}

static void
json_node(struct jsonw *j, const struct tnode *n, const struct table_fmt *f)
{
    for (size_t i = 0; i < n->n; i++) {
        const struct field *x = &n->f[i];
        if (x->type == FT_TITLE || x->type == FT_NOTE || x->key == NULL ||
            (x->type == FT_TABLE && (x->t->flags & TTAB_NO_JSON)))
            continue;
        jsonw_key(j, x->key);
        switch (x->type) {
        case FT_SCALAR: json_value(j, x->kind, &x->v, NULL, f, 0); break;
        case FT_TABLE: json_table(j, x->t, f); break;
        case FT_OBJECT:
            jsonw_obj_begin(j);
            json_node(j, x->obj, f);
            jsonw_obj_end(j);
            break;
        case FT_STRINGS:
            jsonw_arr_begin(j);
            for (size_t k = 0; k < x->n; k++)
                jsonw_str(j, x->strs[k]);
            jsonw_arr_end(j);
            break;
        case FT_NAMES:
            jsonw_arr_begin(j);
            for (size_t k = 0; k < x->n; k++)
                jsonw_str(j, path_name(x->pool, x->ids[k]));
            jsonw_arr_end(j);
            break;
        case FT_COUNTS:
            jsonw_arr_begin(j);
            for (size_t k = 0; k < x->n; k++)
                jsonw_uint(j, x->counts[k]);
            jsonw_arr_end(j);
            break;
        default: break;
        }
    }
}

/* ---- CSV ----------------------------------------------------------------- */

struct csv_out {
    FILE *f;
    const struct table_fmt *fmt;
    struct cf_buf b, clean;
    bool first;
    int err;
};

/* One field: valid UTF-8 (bad bytes become U+FFFD), quoted by libcsv when needed. */
static void
csv_field(struct csv_out *o, const char *s, size_t n, bool guard)
{
    if (!o->first && fputc(',', o->f) == EOF)
        o->err = -1;
    o->first = false;
    struct cf_buf *c = &o->clean;
    c->len = 0;
    if (guard && !o->fmt->csv_raw && n > 0 &&
        (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r'))
        cf_buf_append(c, "'", 1);
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && (unsigned char)s[j] < 0x80)
            j++;
        cf_buf_append(c, s + i, j - i);
        i = j;
        if (i >= n)
            break;
        unsigned cp;
        size_t len = cf_utf8_decode(s + i, n - i, &cp);
        if (len == 0) {
            cf_buf_puts(c, "\xef\xbf\xbd");
            i++;
        } else {
            cf_buf_append(c, s + i, len);
            i += len;
        }
    }
    if (c->len == 0)
        return;
    bool quote = false;
    for (size_t k = 0; k < c->len && !quote; k++)
        quote = c->data[k] == ',' || c->data[k] == '"' || c->data[k] == '\n' || c->data[k] == '\r';
    if (quote ? csv_fwrite(o->f, c->data, c->len) != 0 : fwrite(c->data, 1, c->len, o->f) != c->len)
        o->err = -1;
}

static void
csv_end_row(struct csv_out *o)
{
    if (fputc('\n', o->f) == EOF) /* RFC 4180 quoting; records end in LF, as Unix tools read */
        o->err = -1;
    o->first = true;
}

static bool
csv_readable(const struct table_col *c)
{
    return c->kind == TK_DURATION && (c->flags & TCOL_READABLE);
}

static void
csv_readable_key(struct cf_buf *b, const char *key)
{
    size_t n = strlen(key);
    if (n > 2 && strcmp(key + n - 2, "_s") == 0)
        n -= 2;
    cf_buf_append(b, key, n);
    cf_buf_puts(b, "_text");
}

static void
csv_value(struct csv_out *o, enum table_kind kind, const struct table_cell *v,
          const struct strpool *names)
{
    struct cf_buf *b = &o->b;
    b->len = 0;
    bool guard = false;
    if (v->set) {
        switch (kind) {
        case TK_TEXT: csv_field(o, v->v.s, strlen(v->v.s), true); return;
        case TK_COUNT:
        case TK_INT:
        case TK_BOOL:
            if (kind == TK_BOOL)
                cf_buf_puts(b, v->v.i ? "true" : "false");
            else
                cf_buf_printf(b, "%lld", (long long)v->v.i);
            break;
        case TK_SHARE:
        case TK_NUMBER:
        case TK_BAR: put_plain_number(b, v->v.d); break;
        case TK_DURATION: put_plain_number(b, (v->is_f ? v->v.d : (double)v->v.i) / 1000.0); break;
        case TK_TIME: put_time(b, v->v.i, o->fmt); break;
        case TK_INTS:
            for (uint32_t i = 0; i < v->v.ints.n; i++)
                cf_buf_printf(b, "%s%lld", i ? " " : "", (long long)v->v.ints.v[i]);
            break;
        case TK_PATH:
            guard = true;
            for (uint32_t i = 0; i < v->v.path.n; i++) {
                if (i)
                    cf_buf_puts(b, " > ");
                cf_buf_puts(b, path_name(names, v->v.path.ids[i]));
            }
            break;
        }
    }
    csv_field(o, b->data ? b->data : "", b->len, guard);
}

static void
csv_table(struct csv_out *o, const struct table *t)
{
    for (size_t c = 0; c < t->ncols; c++) {
        if (t->cols[c].flags & TCOL_NO_CSV)
            continue;
        csv_field(o, t->cols[c].key, strlen(t->cols[c].key), false);
        if (csv_readable(&t->cols[c])) {
            o->b.len = 0;
            csv_readable_key(&o->b, t->cols[c].key);
            csv_field(o, o->b.data, o->b.len, false);
        }
    }
    csv_end_row(o);
    for (size_t r = 0; r < t->nrows; r++) {
        if (table_role(t, r) == TROW_HEADING || table_role(t, r) == TROW_TEXT_ONLY)
            continue;
        for (size_t c = 0; c < t->ncols; c++) {
            const struct table_col *col = &t->cols[c];
            if (col->flags & TCOL_NO_CSV)
                continue;
            const struct table_cell *v = table_cell(t, r, c);
            csv_value(o, col->kind, v, t->names);
            if (csv_readable(col)) {
                o->b.len = 0;
                if (v->set)
                    put_dur_text(&o->b, v->is_f ? v->v.d : (double)v->v.i);
                csv_field(o, o->b.data ? o->b.data : "", o->b.len, false);
            }
        }
        csv_end_row(o);
    }
}

/* The table named key (or the first when key is NULL) in n, depth first. */
static const struct table *
find_table(const struct tnode *n, const char *key)
{
    for (size_t i = 0; i < n->n; i++) {
        const struct field *f = &n->f[i];
        if (f->type == FT_TABLE && !(f->t->flags & TTAB_NO_CSV) &&
            (key == NULL || (f->key && strcmp(f->key, key) == 0)))
            return f->t;
        if (f->type == FT_OBJECT) {
            const struct table *t = find_table(f->obj, key);
            if (t)
                return t;
        }
    }
    return NULL;
}

/* A document without tables: its scalar fields as key,value rows. */
static void
csv_fields(struct csv_out *o, const struct tnode *n, const char *prefix)
{
    struct cf_buf key = {0}, val = {0};
    for (size_t i = 0; i < n->n; i++) {
        const struct field *f = &n->f[i];
        if (!f->key || f->type == FT_TITLE || f->type == FT_NOTE || f->type == FT_TABLE)
            continue;
        key.len = 0;
        if (prefix)
            cf_buf_printf(&key, "%s.", prefix);
        cf_buf_puts(&key, f->key);
        if (f->type == FT_OBJECT) {
            csv_fields(o, f->obj, key.data);
            continue;
        }
        csv_field(o, key.data, key.len, true);
        if (f->type == FT_SCALAR)
            csv_value(o, f->kind, &f->v, NULL);
        else {
            val.len = 0;
            field_value_text(&val, f, o->fmt);
            csv_field(o, val.data ? val.data : "", val.len, true);
        }
        csv_end_row(o);
    }
    cf_buf_clear(&key);
    cf_buf_clear(&val);
}

/* ---- entry points -------------------------------------------------------- */

static int
render_csv(const struct tdoc *d, const struct table *t, const struct table_fmt *fmt, FILE *f)
{
    struct csv_out o = {.f = f, .fmt = fmt, .first = true};
    if (t)
        csv_table(&o, t);
    else if (d) {
        const struct table *m = find_table(d->root, fmt->csv_table);
        if (m == NULL && fmt->csv_table)
            m = find_table(d->root, NULL);
        if (m)
            csv_table(&o, m);
        else {
            csv_field(&o, "key", 3, false);
            csv_field(&o, "value", 5, false);
            csv_end_row(&o);
            csv_field(&o, "log", 3, false);
            csv_field(&o, d->log ? d->log : "", d->log ? strlen(d->log) : 0, true);
            csv_end_row(&o);
            csv_fields(&o, d->root, NULL);
        }
    }
    cf_buf_clear(&o.b);
    cf_buf_clear(&o.clean);
    return o.err;
}

int
tdoc_render(const struct tdoc *d, const struct table_fmt *fmt, FILE *f)
{
    int rc = 0;
    if (fmt->format == TF_JSON) {
        struct jsonw *j = xmalloc(sizeof *j);
        jsonw_init(j, f, fmt->pretty);
        jsonw_obj_begin(j);
        jsonw_key(j, "format");
        jsonw_str(j, "caseflow/1");
        jsonw_key(j, "log");
        if (d->log)
            jsonw_str(j, d->log);
        else
            jsonw_null(j);
        json_node(j, d->root, fmt);
        jsonw_obj_end(j);
        rc = jsonw_end(j);
        free(j);
    } else if (fmt->format == TF_CSV) {
        rc = render_csv(d, NULL, fmt, f);
    } else {
        struct text_out o = {.f = f, .fmt = fmt};
        render_node_text(&o, d->root, 0);
        cf_buf_clear(&o.line);
        rc = o.err;
    }
    if (ferror(f))
        rc = -1;
    return rc;
}

int
table_render(const struct table *t, const struct table_fmt *fmt, FILE *f)
{
    int rc = 0;
    if (fmt->format == TF_JSON) {
        struct jsonw *j = xmalloc(sizeof *j);
        jsonw_init(j, f, fmt->pretty);
        json_table(j, t, fmt);
        rc = jsonw_end(j);
        free(j);
    } else if (fmt->format == TF_CSV) {
        rc = render_csv(NULL, t, fmt, f);
    } else {
        struct text_out o = {.f = f, .fmt = fmt};
        render_table_text(&o, t, 0, true);
        cf_buf_clear(&o.line);
        rc = o.err;
    }
    if (ferror(f))
        rc = -1;
    return rc;
}

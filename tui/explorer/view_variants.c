/* The Variants view: distinct paths with cases, share, coverage and duration; Enter filters to one.
 */
/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "clusters.h"
#include "filter.h"
#include "theme.h"
#include "variants.h"
#include "viewfetch.h"

/* The variants of a selection in one order: made on the worker, shared with the cache. */
struct vres {
    struct rescache_item it;
    struct variant_table vt;
    size_t *rank; /* frequency rank (1-based) of each variant id of the log */
    double top_share;
};

struct vv {
    struct vres *res;        /* what is shown (NULL before the first result) */
    struct variant_table vt; /* res->vt, borrowed */
    size_t *rank;            /* res->rank, borrowed */
    enum variants_order order;
    bool rev;         /* s: the order reversed */
    double top_share; /* the largest share: bars are scaled to it */
    unsigned long seen;
    bool computing; /* a result for seen / order is on its way */
    const struct event_log *log;
    struct listw list;
    /* c: grouped by cluster. row[i] < CLUSTER_ROW is an index into vt.v, else the
     * heading of cluster row[i] - CLUSTER_ROW. */
    bool grouped;
    struct clusters cl;
    size_t *row, nrows;
};

#define CLUSTER_ROW ((size_t)1 << 40)

static const char *const order_names[] = {"cases", "median duration", "length"};

static const struct list_col vv_cols[] = {
    {"#", 5, LIST_RIGHT, false, false},     {"Cases", 7, LIST_RIGHT, false, false},
    {"Share", 6, LIST_RIGHT, false, false}, {"", 10, LIST_LEFT, false, true},
    {"Cum", 6, LIST_RIGHT, false, false},   {"Median", 8, LIST_RIGHT, false, false},
    {"Path", 20, LIST_LEFT, true, false},
};

static void
heading_cell(const struct vv *s, size_t j, size_t col, char *buf, size_t size)
{
    const struct cluster *c = &s->cl.c[j];
    switch (col) {
    case 0: snprintf(buf, size, "C%zu", j + 1); break;
    case 1: ui_fmt_count(c->cases, buf, size); break;
    case 2: snprintf(buf, size, "%.1f%%", 100.0 * c->share); break;
    case 3: snprintf(buf, size, "%.4f", c->share); break;
    case 4: snprintf(buf, size, "%zu var", c->variants); break;
    case 5: app_fmt_ms(c->median_ms, buf, size); break;
    default: {
        struct cf_buf b = {0};
        cf_buf_printf(&b, "cluster %zu, medoid: ", j + 1);
        app_variant_path(s->log, c->medoid, &b);
        snprintf(buf, size, "%s", b.data);
        cf_buf_clear(&b);
    }
    }
}

static void
vv_cell(void *ud, size_t row, size_t col, char *buf, size_t size)
{
    const struct vv *s = ud;
    if (s->grouped) {
        if (s->row[row] >= CLUSTER_ROW) {
            heading_cell(s, s->row[row] - CLUSTER_ROW, col, buf, size);
            return;
        }
        row = s->row[row];
    }
    const struct variant_stat *v = &s->vt.v[row];
    switch (col) {
    case 0: snprintf(buf, size, "%zu", s->rank[v->variant]); break;
    case 1: ui_fmt_count(v->cases, buf, size); break;
    case 2: snprintf(buf, size, "%.1f%%", 100.0 * v->share); break;
    case 3: snprintf(buf, size, "%.4f", v->share); break;
    case 4: snprintf(buf, size, "%.1f%%", 100.0 * v->cum_share); break;
    case 5: app_fmt_ms(v->median_ms, buf, size); break;
    default: {
        struct cf_buf b = {0};
        app_variant_path(s->log, v->variant, &b);
        snprintf(buf, size, "%s", b.data);
        cf_buf_clear(&b);
    }
    }
}

static double
vv_bar(void *ud, size_t row, size_t col)
{
    (void)col;
    const struct vv *s = ud;
    if (s->grouped) {
        if (s->row[row] >= CLUSTER_ROW)
            return s->cl.c[s->row[row] - CLUSTER_ROW].share;
        row = s->row[row];
    }
    /* Scaled to the biggest variant so that the bars stay readable. */
    return s->top_share > 0 ? s->vt.v[row].share / s->top_share : 0;
}

static int
vv_role(void *ud, size_t row)
{
    const struct vv *s = ud;
    return s->grouped && s->row[row] >= CLUSTER_ROW ? ROLE_HEADER : -1;
}

/* Cluster the selection's variants and lay the rows out: each cluster's heading,
 * then its variants in the current order. Returns false (with a message) when the
 * variants are too few. */
static bool
vv_group(struct vv *s, struct app *a)
{
    clusters_clear(&s->cl);
    free(s->row);
    s->row = NULL;
    s->nrows = 0;
    struct clusters_opts o = {0, false, 0};
    struct cf_error err = {0};
    if (clusters_build(a->log, a->sel, a->cmp.has_outcome ? a->cmp.seg : NULL, &o, &s->cl, &err) !=
        0) {
        app_message(a, true, "clusters: %s", err.msg);
        return false;
    }
    uint32_t *vcl = xmalloc((a->log->n_variants ? a->log->n_variants : 1) * sizeof *vcl);
    for (size_t i = 0; i < s->cl.n_variants; i++)
        vcl[s->cl.variant[i]] = s->cl.cluster[i];
    s->row = xmalloc((s->vt.n + s->cl.k) * sizeof *s->row);
    for (size_t j = 0; j < s->cl.k; j++) {
        s->row[s->nrows++] = CLUSTER_ROW + j;
        for (size_t i = 0; i < s->vt.n; i++)
            if (vcl[s->vt.v[i].variant] == j)
                s->row[s->nrows++] = i;
    }
    free(vcl);
    return true;
}

static void
vres_free(struct rescache_item *it)
{
    struct vres *r = (struct vres *)it;
    variants_clear(&r->vt);
    free(r->rank);
    free(r);
}

/* A result's key in the cache: its order and direction. */
static uint64_t
cache_key(enum variants_order o, bool rev)
{
    return (uint64_t)o * 2 + rev;
}

/* The variants of sel in order o, reversed if rev (any thread). */
static struct vres *
vres_build(const struct event_log *log, const struct selection *sel, enum variants_order o,
           bool rev)
{
    struct vres *r = xcalloc(1, sizeof *r);
    r->it.refs = 1;
    r->it.free_fn = vres_free;
    r->rank = xcalloc(log->n_variants + 1, sizeof *r->rank);
    variants_build(log, sel, &r->vt);
    for (size_t i = 0; i < r->vt.n; i++)
        r->rank[r->vt.v[i].variant] = i + 1;
    r->top_share = r->vt.n > 0 ? r->vt.v[0].share : 0;
    if (o != VARIANTS_BY_CASES)
        variants_sort(log, &r->vt, o);
    if (rev)
        variants_reverse(&r->vt);
    return r;
}

/* Show r (a reference is taken). */
static void
vv_install(struct vv *s, struct app *a, struct vres *r)
{
    rescache_release(s->res != NULL ? &s->res->it : NULL);
    s->res = (struct vres *)rescache_ref(&r->it);
    s->vt = r->vt;
    s->rank = r->rank;
    s->top_share = r->top_share;
    s->computing = false;
    if (s->grouped && !vv_group(s, a))
        s->grouped = false;
    listw_set_rows(&s->list, s->grouped ? s->nrows : s->vt.n);
}

/* The variants of sel for a cache key (its order and direction), for viewfetch. */
static struct rescache_item *
vv_build(const struct event_log *log, const struct selection *sel, const void *arg)
{
    uint64_t key = *(const uint64_t *)arg;
    return &vres_build(log, sel, (enum variants_order)(key / 2), key % 2)->it;
}

static void
vv_show(void *view, struct app *a, struct rescache_item *it)
{
    vv_install(view, a, (struct vres *)it);
}

static bool
vv_current(const void *view, unsigned long gen, uint64_t param)
{
    const struct vv *s = view;
    return s->seen == gen && cache_key(s->order, s->rev) == param;
}

/*
 * Bring the view to the selection and order: from the cache, else computed
 * here (wait) or on the worker (the last result stays shown meanwhile).
 */
static void
vv_fetch(struct vv *s, struct app *a, bool wait)
{
    uint64_t key = cache_key(s->order, s->rev);
    struct viewfetch f = {.kind = APP_RES_VARIANTS,
                          .slot = APP_SLOT_VIEW(1),
                          .param = key,
                          .build = vv_build,
                          .arg = &key,
                          .arg_size = sizeof key,
                          .install = vv_show,
                          .current = vv_current,
                          .view = s,
                          .gen = s->seen};
    s->computing = true; /* until installed, now or when the worker is done */
    viewfetch(a, &f, wait);
}

static void
vv_init(struct view *v, struct app *a)
{
    struct vv *s = xcalloc(1, sizeof *s);
    s->log = a->log;
    listw_init(&s->list, vv_cols, sizeof vv_cols / sizeof vv_cols[0], vv_cell, s);
    s->list.bar = vv_bar;
    s->list.role = vv_role;
    v->priv = s;
}

/* :export: the result of now, waited for. */
static void
vv_update(struct view *v, struct app *a)
{
    struct vv *s = v->priv;
    if (app_stale(a, &s->seen) || s->computing)
        vv_fetch(s, a, true);
}

static void
vv_draw(struct view *v, struct app *a, WINDOW *w, int rows, int cols)
{
    struct vv *s = v->priv;
    if (app_stale(a, &s->seen))
        vv_fetch(s, a, false);
    char line[512], n1[32];
    ui_fmt_count(s->vt.n, n1, sizeof n1);
    if (s->grouped)
        snprintf(line, sizeof line,
                 "%s variants in %zu clusters (silhouette %.2f; c ungroups, Enter filters)", n1,
                 s->cl.k, s->cl.silhouette);
    else
        snprintf(line, sizeof line,
                 "%s variants, sorted by %s%s (<> sort, s reverses, c clusters, Enter filters)", n1,
                 order_names[s->order], s->rev ? ", reversed" : "");
    app_draw_line(w, 0, cols, ROLE_DETAIL, line);
    int detail = 3;
    listw_draw(&s->list, w, 1, rows - 1 - detail, cols);
    if (s->vt.n == 0) {
        app_draw_line(w, 2, cols, ROLE_DIM,
                      s->computing ? "  computing the variants..."
                                   : "  no case selected (u undoes the last filter)");
        return;
    }
    size_t vi = s->list.sel;
    if (s->grouped && s->row[vi] >= CLUSTER_ROW) {
        const struct cluster *c = &s->cl.c[s->row[vi] - CLUSTER_ROW];
        struct cf_buf b = {0};
        cf_buf_printf(&b, "Cluster %zu: %zu variants, %zu cases (%.1f%%)",
                      s->row[vi] - CLUSTER_ROW + 1, c->variants, c->cases, 100 * c->share);
        if (c->won + c->lost)
            cf_buf_printf(&b, ", win rate %.1f%%", 100 * c->win_rate);
        app_draw_line(w, rows - detail, cols, ROLE_DETAIL, b.data);
        b.len = 0;
        b.data[0] = '\0';
        cf_buf_puts(&b, "distinguishing: ");
        for (size_t k = 0; k < c->n_acts; k++)
            cf_buf_printf(&b, "%s%s %.0f%% (rest %.0f%%)", k ? ", " : "",
                          eventlog_activity_name(a->log, c->acts[k].activity),
                          100 * c->acts[k].in_share, 100 * c->acts[k].out_share);
        app_draw_line(w, rows - detail + 1, cols, ROLE_NORMAL, b.data);
        app_draw_line(w, rows - detail + 2, cols, ROLE_DIM, "Enter filters to the cluster's cases");
        cf_buf_clear(&b);
        return;
    }
    if (s->grouped)
        vi = s->row[vi];
    const struct variant_stat *vs = &s->vt.v[vi];
    char med[32], mean[32], c[32];
    app_fmt_ms(vs->median_ms, med, sizeof med);
    app_fmt_ms(vs->mean_ms, mean, sizeof mean);
    ui_fmt_count(vs->cases, c, sizeof c);
    snprintf(line, sizeof line, "Variant #%zu: %s cases (%.1f%%), %zu events, median %s, mean %s",
             s->rank[vs->variant], c, 100.0 * vs->share, vs->length, med, mean);
    int y = rows - detail;
    app_draw_line(w, y, cols, ROLE_DETAIL, line);
    /* The full path, wrapped over the remaining detail rows. */
    struct cf_buf b = {0};
    app_variant_path(a->log, vs->variant, &b);
    const char *p = b.data;
    for (int r = 1; r < detail; r++) {
        wmove(w, y + r, 0);
        wattrset(w, theme_attr(ROLE_NORMAL));
        if (r == detail - 1) {
            ui_put_pad(w, p, cols);
            break;
        }
        /* Break after the last " > " that fits. */
        const char *cut = p, *q = p;
        while ((q = strstr(q, " > ")) != NULL) {
            char tmp[4096];
            size_t len = (size_t)(q - p) + 2;
            if (len >= sizeof tmp)
                break;
            memcpy(tmp, p, len);
            tmp[len] = '\0';
            if (ui_strwidth(tmp) > cols)
                break;
            cut = q + 3;
            q += 3;
        }
        if (cut == p || ui_strwidth(p) <= cols) {
            ui_put_pad(w, p, cols);
            p += strlen(p);
        } else {
            char tmp[4096];
            size_t len = (size_t)(cut - p);
            if (len >= sizeof tmp)
                len = sizeof tmp - 1;
            memcpy(tmp, p, len);
            tmp[len] = '\0';
            ui_put_pad(w, tmp, cols);
            p = cut;
        }
    }
    cf_buf_clear(&b);
}

static int
vv_key(struct view *v, struct app *a, enum action act, int key)
{
    (void)key;
    struct vv *s = v->priv;
    if (act == ACT_VARIANTS_CLUSTER) {
        s->grouped = !s->grouped && vv_group(s, a);
        listw_set_rows(&s->list, s->grouped ? s->nrows : s->vt.n);
        listw_select(&s->list, 0);
        return APP_REDRAW;
    }
    if (act == ACT_SORT_NEXT || act == ACT_SORT_PREV || act == ACT_SORT_REVERSE) {
        if (act == ACT_SORT_REVERSE)
            s->rev = !s->rev;
        else
            s->order = (enum variants_order)((s->order + (act == ACT_SORT_NEXT ? 1 : 2)) % 3);
        vv_fetch(s, a, false);
        listw_select(&s->list, 0);
        return APP_REDRAW;
    }
    if (act == ACT_ENTER && s->grouped && s->nrows > 0 && s->row[s->list.sel] >= CLUSTER_ROW) {
        size_t j = s->row[s->list.sel] - CLUSTER_ROW;
        bool *in = xcalloc(a->log->n_variants ? a->log->n_variants : 1, sizeof *in);
        for (size_t i = 0; i < s->cl.n_variants; i++)
            in[s->cl.variant[i]] = s->cl.cluster[i] == j;
        struct selection *sel = selection_new(a->log->n_cases, false);
        for (size_t c = 0; c < a->log->n_cases; c++)
            if (in[a->log->case_variant[c]])
                selection_set(sel, c, true);
        free(in);
        char desc[64];
        snprintf(desc, sizeof desc, "variant cluster %zu", j + 1);
        s->grouped = false; /* the filtered selection starts ungrouped */
        return app_push_selection(a, sel, desc);
    }
    if (act == ACT_ENTER && s->vt.n > 0) {
        size_t vi = s->grouped ? s->row[s->list.sel] : s->list.sel;
        const struct variant_stat *vs = &s->vt.v[vi];
        struct cf_error err = {0};
        struct filter *f = filter_new_variant_id(a->log, vs->variant, &err);
        if (f == NULL) {
            app_message(a, true, "%s", err.msg);
            return APP_REDRAW;
        }
        char desc[64];
        snprintf(desc, sizeof desc, "variant #%zu", s->rank[vs->variant]);
        return app_push_filter_obj(a, f, desc);
    }
    return APP_PASS;
}

static void
vv_free(struct view *v)
{
    struct vv *s = v->priv;
    if (s == NULL)
        return;
    rescache_release(s->res != NULL ? &s->res->it : NULL);
    clusters_clear(&s->cl);
    free(s->row);
    listw_free(&s->list);
    free(s);
    v->priv = NULL;
}

static struct listw *
vv_list(struct view *v)
{
    return &((struct vv *)v->priv)->list;
}

const struct view_ops view_variants_ops = {
    .name = "Variants",
    .init = vv_init,
    .draw = vv_draw,
    .key = vv_key,
    .free = vv_free,
    .update = vv_update,
    .list = vv_list,
};

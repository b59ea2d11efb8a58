/* The Variants view: distinct paths with cases, share, coverage and duration; Enter filters to one.
 */
/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "filter.h"
#include "theme.h"
#include "variants.h"

struct vv {
    struct variant_table vt;
    size_t *rank; /* frequency rank (1-based) of each variant id of the log */
    enum variants_order order;
    double top_share; /* the largest share: bars are scaled to it */
    unsigned long seen;
    const struct event_log *log;
    struct listw list;
};

static const char *const order_names[] = {"cases", "median duration", "length"};

static const struct list_col vv_cols[] = {
    {"#", 5, LIST_RIGHT, false, false},     {"Cases", 7, LIST_RIGHT, false, false},
    {"Share", 6, LIST_RIGHT, false, false}, {"", 10, LIST_LEFT, false, true},
    {"Cum", 6, LIST_RIGHT, false, false},   {"Median", 8, LIST_RIGHT, false, false},
    {"Path", 20, LIST_LEFT, true, false},
};

static void
vv_cell(void *ud, size_t row, size_t col, char *buf, size_t size)
{
    const struct vv *s = ud;
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
    /* Scaled to the biggest variant so that the bars stay readable. */
    return s->top_share > 0 ? s->vt.v[row].share / s->top_share : 0;
}

static void
vv_init(struct view *v, struct app *a)
{
    struct vv *s = xcalloc(1, sizeof *s);
    s->log = a->log;
    s->rank = xcalloc(a->log->n_variants + 1, sizeof *s->rank);
    listw_init(&s->list, vv_cols, sizeof vv_cols / sizeof vv_cols[0], vv_cell, s);
    s->list.bar = vv_bar;
    v->priv = s;
}

static void
vv_update(struct view *v, struct app *a)
{
    struct vv *s = v->priv;
    if (!app_stale(a, &s->seen))
        return;
    variants_clear(&s->vt);
    variants_build(a->log, a->sel, &s->vt);
    for (size_t i = 0; i < s->vt.n; i++)
        s->rank[s->vt.v[i].variant] = i + 1;
    s->top_share = s->vt.n > 0 ? s->vt.v[0].share : 0;
    if (s->order != VARIANTS_BY_CASES)
        variants_sort(a->log, &s->vt, s->order);
    listw_set_rows(&s->list, s->vt.n);
}

static void
vv_draw(struct view *v, struct app *a, WINDOW *w, int rows, int cols)
{
    struct vv *s = v->priv;
    vv_update(v, a);
    char line[512], n1[32];
    ui_fmt_count(s->vt.n, n1, sizeof n1);
    snprintf(line, sizeof line, "%s variants, sorted by %s (<> sort, Enter filters to one)", n1,
             order_names[s->order]);
    app_draw_line(w, 0, cols, ROLE_DETAIL, line);
    int detail = 3;
    listw_draw(&s->list, w, 1, rows - 1 - detail, cols);
    if (s->vt.n == 0) {
        app_draw_line(w, 2, cols, ROLE_DIM, "  no case selected (u undoes the last filter)");
        return;
    }
    const struct variant_stat *vs = &s->vt.v[s->list.sel];
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
    if (act == ACT_SORT_NEXT || act == ACT_SORT_PREV) {
        s->order = (enum variants_order)((s->order + (act == ACT_SORT_NEXT ? 1 : 2)) % 3);
        variants_sort(a->log, &s->vt, s->order);
        listw_select(&s->list, 0);
        return APP_REDRAW;
    }
    if (act == ACT_ENTER && s->vt.n > 0) {
        const struct variant_stat *vs = &s->vt.v[s->list.sel];
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
    variants_clear(&s->vt);
    free(s->rank);
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

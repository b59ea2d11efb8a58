/* The Compare view's drill-down: the attribute values whose share differs most between A and B. */
/* SPDX-License-Identifier: MIT */
#include "cmpvalues.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrstats.h"
#include "filter.h"
#include "theme.h"
#include "timeparse.h"

/* One attribute value (or bucket) of the drill-down. */
struct cmpval_row {
    char *label; /* "industry = Retail" */
    char *name;  /* the attribute ("resource" for the resource column) */
    char *value; /* the group's label */
    enum attr_type type;
    double lo, hi;
    bool lo_open; /* a number bucket but the first: lo itself belongs to the one before */
    size_t cases_a, cases_b;
    double share_a, share_b, diff, lift, p;
};

enum { CC_VALUE, CC_A, CC_B, CC_DIFF, CC_LIFT, CC_SIG, CC__N };
static const struct list_col cc_cols[CC__N] = {
    [CC_VALUE] = {"Attribute = value", 20, LIST_LEFT, true, false},
    [CC_A] = {"A", 6, LIST_RIGHT, false, false},
    [CC_B] = {"B", 6, LIST_RIGHT, false, false},
    [CC_DIFF] = {"Diff", 6, LIST_RIGHT, false, false},
    [CC_LIFT] = {"Lift", 5, LIST_RIGHT, false, false},
    [CC_SIG] = {"Sig", 3, LIST_LEFT, false, false},
};

static void
rows_free(struct cmpvals *cv)
{
    for (size_t i = 0; i < cv->n; i++) {
        free(cv->rows[i].label);
        free(cv->rows[i].name);
        free(cv->rows[i].value);
    }
    free(cv->rows);
    cv->rows = NULL;
    cv->n = 0;
}

void
cmpvals_clear(struct cmpvals *cv)
{
    rows_free(cv);
    listw_free(&cv->list);
    free(cv->what);
    cv->what = NULL;
    cv->open = false;
}

static void
pct(double x, char *buf, size_t size)
{
    snprintf(buf, size, "%.1f%%", 100.0 * x);
}

static const char *
stars(double p)
{
    return p < 0.001 ? "***" : p < 0.01 ? "**" : p < 0.05 ? "*" : "";
}

static void
cc_cell(void *ud, size_t row, size_t col, char *buf, size_t size)
{
    const struct cmpvals *cv = ud;
    const struct cmpval_row *r = &cv->rows[row];
    switch (col) {
    case CC_VALUE: snprintf(buf, size, "%s", r->label); break;
    case CC_A: pct(r->share_a, buf, size); break;
    case CC_B: pct(r->share_b, buf, size); break;
    case CC_DIFF: snprintf(buf, size, "%+.1f", 100.0 * r->diff); break;
    case CC_LIFT: snprintf(buf, size, "%.2f", r->lift); break;
    default: snprintf(buf, size, "%s", stars(r->p)); break;
    }
}

static int
cc_role(void *ud, size_t row)
{
    const struct cmpvals *cv = ud;
    const struct cmpval_row *r = &cv->rows[row];
    if (r->p >= 0.05)
        return -1;
    return r->diff > 0 ? ROLE_SEGMENT_A : ROLE_SEGMENT_B;
}

static int
by_diff(const void *x, const void *y)
{
    const struct cmpval_row *a = x, *b = y;
    double da = fabs(a->diff), db = fabs(b->diff);
    if (da != db)
        return da > db ? -1 : 1;
    if (a->p != b->p)
        return a->p < b->p ? -1 : 1;
    return strcmp(a->label, b->label);
}

/* Whether attribute column at defines the outcome (its values would say 100% and 0%). */
static bool
outcome_attr(const struct app *a, int at)
{
    if (a->cmp.mode != APP_CMP_OUTCOME || at < 0)
        return false;
    const struct outcome *o = &a->cmp.o;
    return (o->a.kind == OUTCOME_ATTR && o->a.attr == at) ||
           (o->has_b && o->b.kind == OUTCOME_ATTR && o->b.attr == at);
}

void
cmpvals_open(struct cmpvals *cv, struct app *a, const struct selection *cases, const char *what)
{
    cmpvals_clear(cv);
    const struct event_log *log = a->log;
    /* The segments as an outcome: A "won", B "lost", the rest (or cases in both) unknown. */
    uint8_t *seg = xcalloc(log->n_cases ? log->n_cases : 1, 1);
    struct selection *sel = selection_new(log->n_cases, false);
    cv->cases_a = cv->cases_b = 0;
    for (size_t k = 0; k < log->n_cases; k++) {
        bool ia = sel_has(a->cmp.sa, k), ib = sel_has(a->cmp.sb, k);
        if (!sel_has(cases, k) || ia == ib)
            continue;
        seg[k] = ia ? SEG_A : SEG_B;
        *(ia ? &cv->cases_a : &cv->cases_b) += 1;
        selection_set(sel, k, true);
    }
    struct attrstats_opts opts = {.seg = seg, .min_cases = 1};
    size_t cap = 0;
    int first = strpool_count(log->resources) > 0 ? -1 : 0;
    int *attrs = xmalloc((log->n_attrs + 1) * sizeof *attrs);
    size_t n_attrs = 0;
    for (int at = first; at < (int)log->n_attrs; at++)
        if (!outcome_attr(a, at))
            attrs[n_attrs++] = at;
    struct attr_profile *profiles = xcalloc(n_attrs ? n_attrs : 1, sizeof *profiles);
    attrstats_profile_many(log, sel, attrs, n_attrs, &opts, profiles);
    for (size_t i = 0; i < n_attrs; i++) {
        int at = attrs[i];
        struct attr_profile p = profiles[i];
        for (size_t g = 0; g < p.n_groups; g++) {
            const struct attr_group *gr = &p.groups[g];
            if (gr->none || gr->won + gr->lost == 0 || p.won == 0 || p.lost == 0)
                continue;
            if (cv->n == cap) {
                cap = cap ? cap * 2 : 64;
                cv->rows = xreallocarray(cv->rows, cap, sizeof *cv->rows);
            }
            struct cmpval_row *r = &cv->rows[cv->n++];
            struct cf_buf b = {0};
            cf_buf_printf(&b, "%s %s %s", p.name, p.type == ATTR_TEXT ? "=" : "in", gr->label);
            r->label = b.data;
            r->name = xstrdup(at >= 0 ? log->attr_names[at] : "resource");
            r->value = xstrdup(gr->label);
            r->type = p.type;
            r->lo = gr->lo;
            r->hi = gr->hi;
            r->lo_open = p.type == ATTR_NUMBER && gr->lo < gr->hi && gr->lo > p.min;
            r->cases_a = gr->won;
            r->cases_b = gr->lost;
            r->share_a = (double)gr->won / (double)p.won;
            r->share_b = (double)gr->lost / (double)p.lost;
            r->diff = r->share_a - r->share_b;
            r->lift = gr->lift;
            r->p = gr->p_value;
        }
        attr_profile_clear(&p);
    }
    free(profiles);
    free(attrs);
    if (cv->n > 1)
        qsort(cv->rows, cv->n, sizeof *cv->rows, by_diff);
    free(seg);
    selection_free(sel);
    cv->what = xstrdup(what);
    cv->open = true;
    cv->gen = a->gen;
    listw_free(&cv->list);
    listw_init(&cv->list, cc_cols, CC__N, cc_cell, cv);
    cv->list.sortable = true;
    cv->list.role = cc_role;
    listw_set_rows(&cv->list, cv->n);
}

void
cmpvals_draw(struct cmpvals *cv, struct app *a, WINDOW *w, int rows, int cols)
{
    const char *la, *lb;
    app_segment_labels(a, &la, &lb);
    char line[700], na[32], nb[32];
    ui_fmt_count(cv->cases_a, na, sizeof na);
    ui_fmt_count(cv->cases_b, nb, sizeof nb);
    snprintf(line, sizeof line, "Values, A %s %s vs B %s %s: %s (q: back)", la, na, lb, nb,
             cv->what);
    app_draw_line(w, 0, cols, ROLE_DETAIL, line);
    app_draw_line(w, 1, cols, ROLE_DIM,
                  "A, B: share of the segment with the value; Lift: A's share of them vs all");
    listw_draw(&cv->list, w, 2, rows - 3, cols);
    if (cv->n == 0) {
        app_draw_line(w, rows - 1, cols, ROLE_DIM,
                      cv->cases_a == 0 || cv->cases_b == 0
                          ? "  these cases are all in one segment: nothing to set against"
                          : "  no attribute values in these cases");
        return;
    }
    const struct cmpval_row *r = &cv->rows[listw_cur(&cv->list)];
    char sa[16], sb[16], ca[32], cb[32], p[32];
    pct(r->share_a, sa, sizeof sa);
    pct(r->share_b, sb, sizeof sb);
    ui_fmt_count(r->cases_a, ca, sizeof ca);
    ui_fmt_count(r->cases_b, cb, sizeof cb);
    if (r->p < 0.001)
        snprintf(p, sizeof p, "p<0.001");
    else
        snprintf(p, sizeof p, "p=%.3f", r->p);
    snprintf(line, sizeof line, "%s: A %s (%s/%s), B %s (%s/%s), %s; Enter filters", r->label, sa,
             ca, na, sb, cb, nb, p);
    app_draw_line(w, rows - 1, cols, ROLE_DIM, line);
}

int
cmpvals_filter(struct app *a, const char *name, enum attr_type type, const char *label, double lo,
               double hi, bool lo_open)
{
    struct cf_error err = {0};
    struct filter *f = NULL;
    struct cf_buf d = {0};
    if (type == ATTR_TEXT) {
        f = filter_new_attr_equals(a->log, name, label, &err);
        cf_buf_printf(&d, "%s=%s", name, label);
    } else {
        struct cf_buf spec = {0};
        if (type == ATTR_NUMBER) {
            /* (lo, hi] as an inclusive range: the next double after lo. */
            cf_buf_printf(&spec, "%s=%.17g..%.17g", name, lo_open ? nextafter(lo, INFINITY) : lo,
                          hi);
        } else {
            char t1[64], t2[64];
            timeparse_format_iso((int64_t)lo, t1, sizeof t1);
            timeparse_format_iso((int64_t)hi, t2, sizeof t2);
            cf_buf_printf(&spec, "%s=%s..%s", name, t1, t2);
        }
        f = filter_new_where(a->log, spec.data, &err);
        cf_buf_clear(&spec);
        cf_buf_printf(&d, "%s in %s", name, label);
    }
    int rc = APP_REDRAW;
    if (f != NULL)
        rc = app_push_filter_obj(a, f, d.data);
    else
        app_message(a, true, "%s", err.msg);
    cf_buf_clear(&d);
    return rc;
}

int
cmpvals_key(struct cmpvals *cv, struct app *a, enum action act)
{
    switch (act) {
    case ACT_BACK: cv->open = false; return APP_REDRAW;
    case ACT_ENTER: {
        if (cv->n == 0)
            return APP_REDRAW;
        const struct cmpval_row *r = &cv->rows[listw_cur(&cv->list)];
        int rc = cmpvals_filter(a, r->name, r->type, r->value, r->lo, r->hi, r->lo_open);
        if (rc & APP_RECOMPUTE)
            cv->open = false; /* back to the comparison, of the filtered cases */
        return rc;
    }
    default: break;
    }
    if (listw_action(&cv->list, act))
        return APP_REDRAW;
    return APP_PASS;
}

struct listw *
cmpvals_list(struct cmpvals *cv)
{
    return &cv->list;
}

/* The Compare view: two segments' key figures, the transitions and activities that differ, and
 * where the paths diverge. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmpvalues.h"
#include "filter.h"
#include "segments.h"
#include "theme.h"

enum cv_table { CV_EDGES, CV_ACTS, CV_SPLITS, CV__TABLES };

struct cv {
    const struct event_log *log;
    enum cv_table cur;
    unsigned long seen;
    const struct comparison *cmp; /* res's; NULL: nothing defined, or not made yet */
    struct app_cmpres *res;       /* a reference of the view's */
    bool computing;               /* the comparison of generation seen is on its way */
    bool defined;                 /* something is defined to compare */
    int after_w;                  /* the After column's width in the last draw (0: full text) */
    struct listw list;
    struct cmpvals vals; /* v: the attribute values behind the selected row */
};

static const struct list_col edge_cols[] = {
    {"Transition", 20, LIST_LEFT, true, false}, {"A", 6, LIST_RIGHT, false, false},
    {"B", 6, LIST_RIGHT, false, false},         {"Diff", 6, LIST_RIGHT, false, false},
    {"Sig", 3, LIST_LEFT, false, false},        {"Med A", 7, LIST_RIGHT, false, false},
    {"Med B", 7, LIST_RIGHT, false, false},
};
static const struct list_col act_cols[] = {
    {"Activity (time in stage)", 20, LIST_LEFT, true, false},
    {"A", 6, LIST_RIGHT, false, false},
    {"B", 6, LIST_RIGHT, false, false},
    {"Diff", 6, LIST_RIGHT, false, false},
    {"Sig", 3, LIST_LEFT, false, false},
    {"Med A", 7, LIST_RIGHT, false, false},
    {"Med B", 7, LIST_RIGHT, false, false},
};
static const struct list_col split_cols[] = {
    {"After", 20, LIST_LEFT, true, false},
    {"Then", 24, LIST_LEFT, false, false},
    {"Cases", 7, LIST_RIGHT, false, false},
    {"A share", 7, LIST_RIGHT, false, false},
};
#define N_ITEM_COLS (sizeof edge_cols / sizeof edge_cols[0])
#define N_SPLIT_COLS (sizeof split_cols / sizeof split_cols[0])

static const char *const table_titles[CV__TABLES] = {
    "transitions, biggest share difference first; * p<.05 ** p<.01 *** p<.001",
    "activities (median time in stage), biggest share difference first",
    "where the paths diverge: ways on after a shared start, strongest first",
};

static const char *
stars(const struct compare_item *it)
{
    if (!it->significant)
        return "";
    return it->p < 0.001 ? "***" : it->p < 0.01 ? "**" : "*";
}

static void
pct(double x, char *buf, size_t size)
{
    if (isnan(x))
        snprintf(buf, size, "-");
    else
        snprintf(buf, size, "%.1f%%", 100.0 * x);
}

static const struct compare_item *
item_at(const struct cv *s, size_t row)
{
    return s->cur == CV_EDGES ? &s->cmp->edges[row] : &s->cmp->acts[row];
}

/* Whether cells are being written for a CSV export (then paths are given whole). */
static bool
exporting(void)
{
    bool plain = ui_plain_counts(true);
    ui_plain_counts(plain);
    return plain;
}

static const char *
act_or_end(const struct event_log *log, uint32_t a)
{
    /* No next step: the case stops (outcome markers are hidden from the paths). */
    return a == CF_NONE ? "(stops here)" : eventlog_activity_name(log, a);
}

static void
split_cell(const struct cv *s, size_t row, size_t col, char *buf, size_t size)
{
    const struct compare_split *sp = &s->cmp->splits[row / 2];
    bool first = row % 2 == 0;
    switch (col) {
    case 0: {
        if (!first && !exporting()) {
            buf[0] = '\0';
            return;
        }
        if (sp->prefix_len == 0) {
            snprintf(buf, size, "(start)");
            return;
        }
        struct cf_buf b = {0};
        segments_path_tail(s->log, sp->prefix, sp->prefix_len, " > ", ui_glyph(GLYPH_ELLIPSIS),
                           exporting() ? 0 : s->after_w, &b);
        snprintf(buf, size, "%s", b.data ? b.data : "");
        cf_buf_clear(&b);
        return;
    }
    case 1:
        snprintf(buf, size, "%s%s%s", exporting() ? "" : ui_glyph(GLYPH_ARROW),
                 exporting() ? "" : " ", act_or_end(s->log, first ? sp->next_a : sp->next_b));
        return;
    case 2: ui_fmt_count(first ? sp->cases_next_a : sp->cases_next_b, buf, size); return;
    default: pct(first ? sp->rate_next_a : sp->rate_next_b, buf, size);
    }
}

static void
cv_cell(void *ud, size_t row, size_t col, char *buf, size_t size)
{
    const struct cv *s = ud;
    if (s->cur == CV_SPLITS) {
        split_cell(s, row, col, buf, size);
        return;
    }
    const struct compare_item *it = item_at(s, row);
    switch (col) {
    case 0:
        if (s->cur == CV_EDGES)
            snprintf(buf, size, "%s %s %s", eventlog_activity_name(s->log, it->from),
                     ui_glyph(GLYPH_ARROW), eventlog_activity_name(s->log, it->to));
        else
            snprintf(buf, size, "%s", eventlog_activity_name(s->log, it->from));
        break;
    case 1: pct(it->share_a, buf, size); break;
    case 2: pct(it->share_b, buf, size); break;
    case 3: snprintf(buf, size, "%+.1f", 100.0 * it->diff); break;
    case 4: snprintf(buf, size, "%s", stars(it)); break;
    case 5: app_fmt_ms(it->median_a_ms, buf, size); break;
    default: app_fmt_ms(it->median_b_ms, buf, size);
    }
}

/* Rows A or B has clearly more of take that segment's colour (the Diff sign says it too). */
static int
cv_role(void *ud, size_t row)
{
    const struct cv *s = ud;
    if (s->cur == CV_SPLITS)
        return -1;
    int lean = segments_lean(item_at(s, row));
    return lean > 0 ? ROLE_SEGMENT_A : lean < 0 ? ROLE_SEGMENT_B : -1;
}

static size_t
cv_rows(const struct cv *s)
{
    if (s->cmp == NULL)
        return 0;
    switch (s->cur) {
    case CV_EDGES: return s->cmp->n_edges;
    case CV_ACTS: return s->cmp->n_acts;
    default: return 2 * s->cmp->n_splits;
    }
}

/* A split's first row (A's way on) heads its pair. */
static bool
split_head(void *ud, size_t row)
{
    (void)ud;
    return row % 2 == 0;
}

static void
set_table(struct cv *s)
{
    if (s->cur == CV_SPLITS) {
        s->list.cols = split_cols;
        s->list.ncols = N_SPLIT_COLS;
    } else {
        s->list.cols = s->cur == CV_EDGES ? edge_cols : act_cols;
        s->list.ncols = N_ITEM_COLS;
    }
    /* The divergence table's rows go in pairs (the two ways on): they sort as pairs. */
    s->list.sortable = true;
    s->list.group_head = s->cur == CV_SPLITS ? split_head : NULL;
    listw_set_rows(&s->list, cv_rows(s));
}

static void
cv_init(struct view *v, struct app *a)
{
    struct cv *s = xcalloc(1, sizeof *s);
    s->log = a->log;
    listw_init(&s->list, edge_cols, N_ITEM_COLS, cv_cell, s);
    s->list.role = cv_role;
    v->priv = s;
}

/* Catch up with the app's comparison: made now (wait), or the last one while it is computed. */
static void
cv_refresh(struct cv *s, struct app *a, bool wait)
{
    if (!app_stale(a, &s->seen) && !s->computing && !wait)
        return;
    if (wait)
        app_comparison(a);
    struct app_cmpres *r = app_comparison_bg(a, &s->computing, &s->defined);
    if (r != NULL && r == s->res) {
        rescache_release(&r->it); /* the one shown */
        return;
    }
    rescache_release(s->res != NULL ? &s->res->it : NULL);
    s->res = r;
    s->cmp = r != NULL ? &r->cmp : NULL;
    set_table(s);
}

static void
cv_update(struct view *v, struct app *a)
{
    cv_refresh(v->priv, a, true);
}

/* ------------------------------------------------------------ drawing */

/* One figure row: label at x, then A's and B's values right-aligned in 11 columns each. */
static void
figure(WINDOW *w, int y, int x, const char *label, const char *va, const char *vb)
{
    wmove(w, y, x);
    ui_put_pad(w, label, 17);
    ui_put_right(w, va, 11);
    ui_put_right(w, vb, 11);
}

static void
draw_figures(const struct cv *s, struct app *a, WINDOW *w, int y, int cols)
{
    /* The right-hand block needs 79 columns; a narrower window shows the left one. */
    bool right = cols >= 79;
    const struct comparison *c = s->cmp;
    const char *la, *lb;
    app_segment_labels(a, &la, &lb);
    char ha[64], hb[64], x1[32], x2[32];
    snprintf(ha, sizeof ha, "A %s", la);
    snprintf(hb, sizeof hb, "B %s", lb);
    char fa[16], fb[16];
    ui_fit(ha, 10, fa, sizeof fa);
    ui_fit(hb, 10, fb, sizeof fb);
    wattrset(w, theme_attr(ROLE_HEADER));
    figure(w, y, 0, "", fa, fb);
    if (right)
        figure(w, y, 40, "", fa, fb);
    wattrset(w, theme_attr(ROLE_NORMAL));
    ui_fmt_count(c->a.cases, x1, sizeof x1);
    ui_fmt_count(c->b.cases, x2, sizeof x2);
    figure(w, y + 1, 0, "Cases", x1, x2);
    if (a->cmp.mode == APP_CMP_OUTCOME) {
        /* The segments are the outcome itself: the win rate would read 100% / 0%. */
        ui_fmt_count(a->cmp.counts[SEG_UNKNOWN], x1, sizeof x1);
        figure(w, y + 2, 0, "Open (neither)", x1, "");
    } else {
        pct(c->a.win_rate, x1, sizeof x1);
        pct(c->b.win_rate, x2, sizeof x2);
        figure(w, y + 2, 0, "Win rate", x1, x2);
    }
    app_fmt_ms(c->a.median_dur_ms, x1, sizeof x1);
    app_fmt_ms(c->b.median_dur_ms, x2, sizeof x2);
    figure(w, y + 3, 0, "Median duration", x1, x2);
    app_fmt_ms(c->a.mean_dur_ms, x1, sizeof x1);
    app_fmt_ms(c->b.mean_dur_ms, x2, sizeof x2);
    figure(w, y + 4, 0, "Mean duration", x1, x2);
    if (!right)
        return;
    snprintf(x1, sizeof x1, "%.2f", c->a.events_per_case);
    snprintf(x2, sizeof x2, "%.2f", c->b.events_per_case);
    figure(w, y + 1, 40, "Events per case", x1, x2);
    pct(c->a.rework_share, x1, sizeof x1);
    pct(c->b.rework_share, x2, sizeof x2);
    figure(w, y + 2, 40, "Cases with rework", x1, x2);
    ui_fmt_count(c->a.variants.n, x1, sizeof x1);
    ui_fmt_count(c->b.variants.n, x2, sizeof x2);
    figure(w, y + 3, 40, "Variants", x1, x2);
    if (a->cmp.mode == APP_CMP_OUTCOME) {
        ui_fmt_count(a->cmp.counts[SEG_UNKNOWN], x1, sizeof x1);
        figure(w, y + 4, 40, "Unknown outcome", x1, "(neither)");
    } else {
        size_t both = 0;
        for (size_t k = 0; k < s->log->n_cases; k++)
            both += sel_has(a->cmp.sa, k) && sel_has(a->cmp.sb, k);
        ui_fmt_count(both, x1, sizeof x1);
        figure(w, y + 4, 40, "In both A and B", x1, "");
    }
}

/* The detail line: the selected row in full. */
static void
describe_row(const struct cv *s, char *buf, size_t size)
{
    const struct event_log *log = s->log;
    if (s->list.n == 0) {
        snprintf(buf, size, "%s",
                 s->cur == CV_SPLITS ? "  no split with enough cases on both ways (5 each, p<0.05)"
                                     : "  none in the selected cases");
        return;
    }
    char ca[32], cb[32], na[32], nb[32], sa[16], sb[16];
    if (s->cur == CV_SPLITS) {
        const struct compare_split *sp = &s->cmp->splits[listw_cur(&s->list) / 2];
        bool first = listw_cur(&s->list) % 2 == 0;
        struct cf_buf b = {0};
        if (sp->prefix_len == 0)
            cf_buf_puts(&b, "(start)");
        segments_path_tail(log, sp->prefix, sp->prefix_len, " > ", ui_glyph(GLYPH_ELLIPSIS), 40,
                           &b);
        ui_fmt_count(sp->cases, ca, sizeof ca);
        ui_fmt_count(first ? sp->cases_next_a : sp->cases_next_b, cb, sizeof cb);
        pct(first ? sp->rate_next_a : sp->rate_next_b, sa, sizeof sa);
        snprintf(buf, size, "after %s (%s cases) %s %s: %s cases, %s A; Enter filters", b.data, ca,
                 ui_glyph(GLYPH_ARROW), act_or_end(log, first ? sp->next_a : sp->next_b), cb, sa);
        cf_buf_clear(&b);
        return;
    }
    const struct compare_item *it = item_at(s, listw_cur(&s->list));
    ui_fmt_count(it->cases_a, ca, sizeof ca);
    ui_fmt_count(it->cases_b, cb, sizeof cb);
    ui_fmt_count(s->cmp->a.cases, na, sizeof na);
    ui_fmt_count(s->cmp->b.cases, nb, sizeof nb);
    pct(it->share_a, sa, sizeof sa);
    pct(it->share_b, sb, sizeof sb);
    char name[256], p[32];
    if (s->cur == CV_EDGES)
        snprintf(name, sizeof name, "%s %s %s", eventlog_activity_name(log, it->from),
                 ui_glyph(GLYPH_ARROW), eventlog_activity_name(log, it->to));
    else
        snprintf(name, sizeof name, "%s", eventlog_activity_name(log, it->from));
    if (it->p < 0.001)
        snprintf(p, sizeof p, "p<0.001");
    else
        snprintf(p, sizeof p, "p=%.3f", it->p);
    snprintf(buf, size, "%s: A %s (%s/%s), B %s (%s/%s), %s", name, sa, ca, na, sb, cb, nb, p);
}

static void
draw_undefined(WINDOW *w, int cols)
{
    app_draw_line(
        w, 0, cols, ROLE_DETAIL,
        "No segments to compare. Define an outcome: :outcome ATTR=V, :outcome-activity A");
    app_draw_line(w, 1, cols, ROLE_DETAIL,
                  "or :outcome-last A (then :versus B), or filter and :compare (filter vs rest).");
    app_draw_line(
        w, 3, cols, ROLE_DIM,
        "  On the command line: --outcome, --outcome-activity, --outcome-last, --versus.");
    app_draw_line(
        w, 4, cols, ROLE_DIM,
        "  :save NAME remembers the selection; :compare NAME sets the filter against it.");
}

static void
cv_draw(struct view *v, struct app *a, WINDOW *w, int rows, int cols)
{
    struct cv *s = v->priv;
    cv_refresh(s, a, false);
    if (s->cmp == NULL && s->defined && s->computing) {
        app_draw_line(w, 0, cols, ROLE_DETAIL, "Comparing the segments...");
        return;
    }
    if (s->cmp == NULL) {
        draw_undefined(w, cols);
        return;
    }
    if (s->vals.open && s->vals.gen != a->gen)
        s->vals.open = false; /* the selection changed under it */
    if (s->vals.open) {
        cmpvals_draw(&s->vals, a, w, rows, cols);
        return;
    }
    char line[512];
    app_segments_describe(a, line, sizeof line);
    app_draw_line(w, 0, cols, ROLE_DETAIL, line);
    draw_figures(s, a, w, 1, cols);
    if (s->list.sort_col >= 0) /* sorted with < >: the title's own order no longer holds */
        snprintf(line, sizeof line, "[%d/%d] %s, by %s%s", (int)s->cur + 1, CV__TABLES,
                 s->cur == CV_EDGES  ? "transitions"
                 : s->cur == CV_ACTS ? "activities"
                                     : "ways on (pairs, by their first row)",
                 s->list.cols[s->list.sort_col].title,
                 s->cur == CV_SPLITS ? "" : "; * p<.05 ** p<.01 *** p<.001");
    else
        snprintf(line, sizeof line, "[%d/%d] %s", (int)s->cur + 1, CV__TABLES,
                 table_titles[s->cur]);
    app_draw_line(w, 6, cols, ROLE_DETAIL, line);
    /* The After column's width, as the list lays it out, to cut prefixes from the left. */
    int fixed = 0;
    for (size_t c = 1; c < s->list.ncols; c++)
        fixed += s->list.cols[c].width + 1;
    s->after_w = cols - fixed > 1 ? cols - fixed : 1;
    listw_draw(&s->list, w, 7, rows - 8, cols);
    describe_row(s, line, sizeof line);
    app_draw_line(w, rows - 1, cols, ROLE_DIM, line);
}

/* ------------------------------------------------------------ keys */

/* The filter to the cases through the selected transition or activity, described in desc. */
static struct filter *
item_filter(struct cv *s, struct app *a, char *desc, size_t size)
{
    const struct event_log *log = a->log;
    const struct compare_item *it = item_at(s, listw_cur(&s->list));
    struct cf_buf re = {0};
    cf_buf_puts(&re, "(^| > )");
    app_regex_quote(eventlog_activity_name(log, it->from), &re);
    if (s->cur == CV_EDGES) {
        cf_buf_puts(&re, " > ");
        app_regex_quote(eventlog_activity_name(log, it->to), &re);
        snprintf(desc, size, "%s > %s", eventlog_activity_name(log, it->from),
                 eventlog_activity_name(log, it->to));
    } else {
        snprintf(desc, size, "through %s", eventlog_activity_name(log, it->from));
    }
    cf_buf_puts(&re, "( > |$)");
    struct cf_error err = {0};
    struct filter *f = filter_new_path(log, re.data, 0, &err);
    cf_buf_clear(&re);
    if (f == NULL)
        app_message(a, true, "%s", err.msg);
    return f;
}

static int
enter_item(struct cv *s, struct app *a)
{
    char desc[256];
    struct filter *f = item_filter(s, a, desc, sizeof desc);
    return f != NULL ? app_push_filter_obj(a, f, desc) : APP_REDRAW;
}

/* v: open the attribute values of the cases behind the selected row (all cases, no rows). */
static int
open_values(struct cv *s, struct app *a)
{
    if (!app_segments(a))
        return APP_REDRAW;
    struct selection *cases = selection_new(a->log->n_cases, true);
    struct cf_buf what = {0};
    if (s->list.n == 0) {
        cf_buf_puts(&what, "every case");
    } else if (s->cur == CV_SPLITS) {
        const struct compare_split *sp = &s->cmp->splits[listw_cur(&s->list) / 2];
        uint32_t next = listw_cur(&s->list) % 2 == 0 ? sp->next_a : sp->next_b;
        struct selection *both = selection_copy(a->cmp.sa);
        selection_or(both, a->cmp.sb);
        selection_fill(cases, false);
        compare_split_select(a->log, both, s->cmp->path_hidden, sp->prefix, sp->prefix_len, next,
                             cases);
        selection_free(both);
        cf_buf_puts(&what, "the cases going ");
        if (sp->prefix_len == 0)
            cf_buf_puts(&what, "(start)");
        segments_path_tail(a->log, sp->prefix, sp->prefix_len, " > ", ui_glyph(GLYPH_ELLIPSIS), 32,
                           &what);
        cf_buf_printf(&what, " > %s", act_or_end(a->log, next));
    } else {
        char desc[256];
        struct cf_error err = {0};
        struct filter *f = item_filter(s, a, desc, sizeof desc);
        if (f == NULL || filter_apply(f, a->log, cases, &err) != 0) {
            if (f != NULL)
                app_message(a, true, "%s", err.msg);
            filter_free(f);
            selection_free(cases);
            return APP_REDRAW;
        }
        filter_free(f);
        cf_buf_printf(&what, "the cases %s%s", s->cur == CV_EDGES ? "through " : "", desc);
    }
    cmpvals_open(&s->vals, a, cases, what.data);
    selection_free(cases);
    cf_buf_clear(&what);
    return APP_REDRAW;
}

static int
enter_split(struct cv *s, struct app *a)
{
    const struct compare_split *sp = &s->cmp->splits[listw_cur(&s->list) / 2];
    uint32_t next = listw_cur(&s->list) % 2 == 0 ? sp->next_a : sp->next_b;
    struct selection *out = selection_new(a->log->n_cases, false);
    compare_split_select(a->log, a->sel, s->cmp->path_hidden, sp->prefix, sp->prefix_len, next,
                         out);
    struct cf_buf d = {0};
    cf_buf_puts(&d, "split ");
    if (sp->prefix_len == 0)
        cf_buf_puts(&d, "(start)");
    segments_path_tail(a->log, sp->prefix, sp->prefix_len, " > ", ui_glyph(GLYPH_ELLIPSIS), 32, &d);
    cf_buf_printf(&d, " > %s", act_or_end(a->log, next));
    int r = app_push_selection(a, out, d.data);
    cf_buf_clear(&d);
    return r;
}

static int
cv_key(struct view *v, struct app *a, enum action act, int key)
{
    (void)key;
    struct cv *s = v->priv;
    if (s->vals.open && s->vals.gen == a->gen)
        return cmpvals_key(&s->vals, a, act);
    s->vals.open = false;
    switch (act) {
    case ACT_COMPARE_VALUES:
        cv_refresh(s, a, false);
        if (s->cmp == NULL)
            return APP_REDRAW;
        return open_values(s, a);
    case ACT_TOGGLE_TABLE:
        s->cur = (enum cv_table)((s->cur + 1) % CV__TABLES);
        listw_sort(&s->list, -1, false);
        set_table(s);
        listw_select(&s->list, 0);
        return APP_REDRAW;
    case ACT_ENTER:
        cv_refresh(s, a, false);
        if (s->cmp == NULL || s->list.n == 0)
            return APP_REDRAW;
        return s->cur == CV_SPLITS ? enter_split(s, a) : enter_item(s, a);
    default: return APP_PASS;
    }
}

static void
cv_free(struct view *v)
{
    struct cv *s = v->priv;
    if (s != NULL) {
        rescache_release(s->res != NULL ? &s->res->it : NULL);
        cmpvals_clear(&s->vals);
        listw_free(&s->list);
    }
    free(v->priv);
    v->priv = NULL;
}

static struct listw *
cv_list(struct view *v)
{
    struct cv *s = v->priv;
    return s->vals.open ? cmpvals_list(&s->vals) : &s->list;
}

static const char *
cv_context(const struct view *v)
{
    const struct cv *s = v->priv;
    return s->vals.open ? "Compare values" : NULL;
}

const struct view_ops view_compare_ops = {
    .name = "Compare",
    .init = cv_init,
    .draw = cv_draw,
    .key = cv_key,
    .free = cv_free,
    .update = cv_update,
    .list = cv_list,
    .context = cv_context,
};

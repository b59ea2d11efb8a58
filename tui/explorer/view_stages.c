/* The Stages view: time in each stage as log-bucket histograms with n, median, p90, mean. */
/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "stages.h"
#include "theme.h"
#include "viewfetch.h"

enum stages_order { BY_MEDIAN, BY_COUNT, BY_NAME, N_ORDERS };
static const char *const order_names[N_ORDERS] = {"median", "count", "name"};

/* Row 0 is the case-duration histogram; row i > 0 is stage order[i - 1]. */
/* The stage times of a selection: made on the worker, shared with the cache. */
struct svres {
    struct rescache_item it;
    struct stages st;
};

struct sv {
    const struct event_log *log;
    struct svres *res; /* what is shown; NULL before the first result */
    bool computing;    /* the times of generation seen are on their way */
    struct stages st;  /* res's, borrowed */
    size_t *order;
    enum stages_order by;
    bool rev; /* s: the order reversed (the case durations row stays first) */
    unsigned long seen;
    struct listw list;
};

static const struct list_col sv_cols[] = {
    {"Stage (time to next event)", 16, LIST_LEFT, true, false},
    {"n", 7, LIST_RIGHT, false, false},
    {"Median", 8, LIST_RIGHT, false, false},
    {"P90", 8, LIST_RIGHT, false, false},
    {"Mean", 8, LIST_RIGHT, false, false},
    {"1m..>90d", 11, LIST_LEFT, false, false},
};

static void
row_data(const struct sv *s, size_t row, const char **name, const struct stats_summary **sum,
         const size_t **hist)
{
    if (row == 0) {
        *name = "(case duration)";
        *sum = &s->st.case_duration;
        *hist = s->st.case_hist;
        return;
    }
    const struct stage_stat *t = &s->st.stages[s->order[row - 1]];
    *name = eventlog_activity_name(s->log, t->activity);
    *sum = &t->s;
    *hist = t->hist;
}

/* One character per bucket, its height the bucket's share of the largest. */
static void
sparkline(const size_t *hist, char *buf, size_t size)
{
    static const char *const levels_utf8[9] = {" ",
                                               "\xe2\x96\x81",
                                               "\xe2\x96\x82",
                                               "\xe2\x96\x83",
                                               "\xe2\x96\x84",
                                               "\xe2\x96\x85",
                                               "\xe2\x96\x86",
                                               "\xe2\x96\x87",
                                               "\xe2\x96\x88"};
    static const char *const levels_ascii[9] = {" ", ".", ".", ":", ":", "=", "=", "#", "#"};
    const char *const *lv = ui_unicode() ? levels_utf8 : levels_ascii;
    size_t top = 0, o = 0;
    for (size_t i = 0; i < STATS_NBUCKETS; i++)
        if (hist[i] > top)
            top = hist[i];
    for (size_t i = 0; i < STATS_NBUCKETS; i++) {
        int k = top == 0 ? 0 : (int)((8 * hist[i] + top - 1) / top);
        const char *g = lv[k];
        size_t gl = strlen(g);
        if (o + gl + 1 > size)
            break;
        memcpy(buf + o, g, gl);
        o += gl;
    }
    buf[o] = '\0';
}

static void
sv_cell(void *ud, size_t row, size_t col, char *buf, size_t size)
{
    const struct sv *s = ud;
    const char *name;
    const struct stats_summary *sum;
    const size_t *hist;
    row_data(s, row, &name, &sum, &hist);
    switch (col) {
    case 0: snprintf(buf, size, "%s", name); break;
    case 1: ui_fmt_count(sum->n, buf, size); break;
    case 2: sum->n ? app_fmt_ms(sum->median, buf, size) : (void)snprintf(buf, size, "-"); break;
    case 3: sum->n ? app_fmt_ms(sum->p90, buf, size) : (void)snprintf(buf, size, "-"); break;
    case 4: sum->n ? app_fmt_ms(sum->mean, buf, size) : (void)snprintf(buf, size, "-"); break;
    default: sparkline(hist, buf, size);
    }
}

static int
sv_role(void *ud, size_t row)
{
    (void)ud;
    return row == 0 ? ROLE_DETAIL : -1;
}

static const struct sv *sort_ctx;

static int
cmp_stage(const void *pa, const void *pb)
{
    const struct stage_stat *a = &sort_ctx->st.stages[*(const size_t *)pa];
    const struct stage_stat *b = &sort_ctx->st.stages[*(const size_t *)pb];
    if (sort_ctx->by == BY_MEDIAN && a->s.median != b->s.median)
        return a->s.median < b->s.median ? 1 : -1;
    if (sort_ctx->by != BY_NAME && a->s.n != b->s.n)
        return a->s.n < b->s.n ? 1 : -1;
    return strcmp(eventlog_activity_name(sort_ctx->log, a->activity),
                  eventlog_activity_name(sort_ctx->log, b->activity));
}

static void
sv_sort(struct sv *s)
{
    for (size_t i = 0; i < s->st.n; i++)
        s->order[i] = i;
    sort_ctx = s;
    qsort(s->order, s->st.n, sizeof *s->order, cmp_stage);
    sort_ctx = NULL;
    for (size_t i = 0, j = s->st.n; s->rev && i + 1 < j; i++, j--) {
        size_t x = s->order[i];
        s->order[i] = s->order[j - 1];
        s->order[j - 1] = x;
    }
}

static void
sv_init(struct view *v, struct app *a)
{
    struct sv *s = xcalloc(1, sizeof *s);
    s->log = a->log;
    s->order = xcalloc(eventlog_n_activities(a->log) + 1, sizeof *s->order);
    listw_init(&s->list, sv_cols, sizeof sv_cols / sizeof sv_cols[0], sv_cell, s);
    s->list.role = sv_role;
    v->priv = s;
}

static void
svres_free(struct rescache_item *it)
{
    struct svres *r = (struct svres *)it;
    stages_clear(&r->st);
    free(r);
}

static struct svres *
svres_build(const struct event_log *log, const struct selection *sel)
{
    struct svres *r = xcalloc(1, sizeof *r);
    r->it.refs = 1;
    r->it.free_fn = svres_free;
    stages_build(log, sel, &r->st);
    return r;
}

/* Show r (a reference is taken). */
static void
sv_install(struct sv *s, struct svres *r)
{
    rescache_ref(&r->it);
    rescache_release(s->res != NULL ? &s->res->it : NULL);
    s->res = r;
    s->st = r->st;
    s->computing = false;
    sv_sort(s);
    listw_set_rows(&s->list, s->st.n + 1);
}

static struct rescache_item *
sv_build(const struct event_log *log, const struct selection *sel, const void *arg)
{
    (void)arg;
    return &svres_build(log, sel)->it;
}

static void
sv_show(void *view, struct app *a, struct rescache_item *it)
{
    (void)a;
    sv_install(view, (struct svres *)it);
}

static bool
sv_current(const void *view, unsigned long gen, uint64_t param)
{
    (void)param;
    return ((const struct sv *)view)->seen == gen;
}

/* Bring the view to the selection: from the cache, else made here (wait) or on the worker. */
static void
sv_fetch(struct sv *s, struct app *a, bool wait)
{
    struct viewfetch f = {.kind = APP_RES_STAGES,
                          .slot = APP_SLOT_VIEW(3),
                          .build = sv_build,
                          .install = sv_show,
                          .current = sv_current,
                          .view = s,
                          .gen = s->seen};
    s->computing = true; /* until installed, now or when the worker is done */
    viewfetch(a, &f, wait);
}

/* :export: the times of now, waited for. */
static void
sv_update(struct view *v, struct app *a)
{
    struct sv *s = v->priv;
    if (app_stale(a, &s->seen) || s->computing)
        sv_fetch(s, a, true);
}

/* The selected row's histogram: one bar per bucket. */
static void
draw_histogram(const struct sv *s, WINDOW *w, int y, int h, int cols)
{
    const char *name;
    const struct stats_summary *sum;
    const size_t *hist;
    row_data(s, s->list.sel, &name, &sum, &hist);
    char line[512], med[32], p90[32], mean[32], n[32];
    ui_fmt_count(sum->n, n, sizeof n);
    app_fmt_ms(sum->median, med, sizeof med);
    app_fmt_ms(sum->p90, p90, sizeof p90);
    app_fmt_ms(sum->mean, mean, sizeof mean);
    if (sum->n > 0)
        snprintf(line, sizeof line, "%s: n %s, median %s, p90 %s, mean %s", name, n, med, p90,
                 mean);
    else
        snprintf(line, sizeof line, "%s: no stage times", name);
    app_draw_line(w, y, cols, ROLE_HEADER, line);
    size_t top = 0;
    for (size_t i = 0; i < STATS_NBUCKETS; i++)
        if (hist[i] > top)
            top = hist[i];
    int barw = cols - 6 - 1 - 16;
    for (int i = 0; i < STATS_NBUCKETS && i + 1 < h; i++) {
        wmove(w, y + 1 + i, 0);
        wattrset(w, theme_attr(ROLE_DIM));
        ui_put_right(w, stats_bucket_label[i], 6);
        waddch(w, ' ');
        wattrset(w, theme_attr(s->list.sel == 0 ? ROLE_BAR_ALT : ROLE_BAR));
        ui_bar(w, top ? (double)hist[i] / (double)top : 0, barw);
        wattrset(w, theme_attr(ROLE_NORMAL));
        char cnt[32], pct[16];
        ui_fmt_count(hist[i], cnt, sizeof cnt);
        snprintf(pct, sizeof pct, "%5.1f%%",
                 sum->n ? 100.0 * (double)hist[i] / (double)sum->n : 0.0);
        snprintf(line, sizeof line, " %8s %s", cnt, pct);
        ui_put_pad(w, line, 16);
    }
}

static void
sv_draw(struct view *v, struct app *a, WINDOW *w, int rows, int cols)
{
    struct sv *s = v->priv;
    if (app_stale(a, &s->seen))
        sv_fetch(s, a, false);
    if (s->res == NULL) {
        app_draw_line(w, 0, cols, ROLE_DIM, "  computing the stage times...");
        return;
    }
    char line[256];
    snprintf(line, sizeof line, "Time in stage, sorted by %s%s (<> sort, s reverses, d: cases)",
             order_names[s->by], s->rev ? ", reversed" : "");
    app_draw_line(w, 0, cols, ROLE_DETAIL, line);
    int hist_rows = STATS_NBUCKETS + 1;
    int list_rows = rows - 1 - hist_rows;
    if (list_rows < 3)
        list_rows = 3;
    listw_draw(&s->list, w, 1, list_rows, cols);
    draw_histogram(s, w, 1 + list_rows, rows - 1 - list_rows, cols);
}

static int
sv_key(struct view *v, struct app *a, enum action act, int key)
{
    (void)a;
    (void)key;
    struct sv *s = v->priv;
    if (act == ACT_SORT_NEXT || act == ACT_SORT_PREV || act == ACT_SORT_REVERSE) {
        if (act == ACT_SORT_REVERSE)
            s->rev = !s->rev;
        else
            s->by =
                (enum stages_order)((s->by + (act == ACT_SORT_NEXT ? 1 : N_ORDERS - 1)) % N_ORDERS);
        sv_sort(s);
        listw_select(&s->list, s->list.sel == 0 ? 0 : 1);
        return APP_REDRAW;
    }
    if (act == ACT_STAGES_CASES) {
        listw_select(&s->list, 0);
        return APP_REDRAW;
    }
    return APP_PASS;
}

static void
sv_free(struct view *v)
{
    struct sv *s = v->priv;
    if (s == NULL)
        return;
    rescache_release(s->res != NULL ? &s->res->it : NULL);
    free(s->order);
    listw_free(&s->list);
    free(s);
    v->priv = NULL;
}

static struct listw *
sv_list(struct view *v)
{
    return &((struct sv *)v->priv)->list;
}

const struct view_ops view_stages_ops = {
    .name = "Stages",
    .init = sv_init,
    .draw = sv_draw,
    .key = sv_key,
    .free = sv_free,
    .update = sv_update,
    .list = sv_list,
};

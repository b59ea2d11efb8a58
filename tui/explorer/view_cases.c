/* The Cases view: selected cases with events, start, end, duration, age and path, sorted by any
 * column; Enter opens a timeline. */
/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "theme.h"
#include "timeline.h"
#include "viewfetch.h"

/* Every column, in the order < > go through them. */
enum cases_order {
    BY_START,
    BY_END,
    BY_DURATION,
    BY_AGE,
    BY_EVENTS,
    BY_LAST,
    BY_PATH,
    BY_ID,
    N_ORDERS
};
static const char *const order_names[N_ORDERS] = {"start",
                                                  "end (latest first)",
                                                  "duration (longest first)",
                                                  "age (idle longest first)",
                                                  "events (most first)",
                                                  "last activity",
                                                  "path",
                                                  "case id"};

enum { CC_CASE, CC_EVENTS, CC_START, CC_END, CC_DURATION, CC_AGE, CC_LAST, CC_PATH, CC__N };

/* The selected cases in one order: sorted on the worker, shared with the cache. */
struct ccres {
    struct rescache_item it;
    uint32_t *ids;
    size_t n;
};

struct cv {
    const struct event_log *log;
    struct ccres *res;   /* what is shown; NULL before the first result */
    bool computing;      /* the cases of generation seen / order are on their way */
    const uint32_t *ids; /* the selected cases, in the current order (res's) */
    size_t n;
    enum cases_order order;
    bool rev; /* s: the order reversed */
    unsigned long seen;
    struct listw list;
    struct list_col cols[CC__N];
    bool wide;          /* room for times, not only dates, in Start and End */
    struct timeline tl; /* Enter: the selected case's events */
};

/* Age: the log's last event time minus the case's last event (as Dead ends has it). */
static const struct list_col case_cols[CC__N] = {
    [CC_CASE] = {"Case", 11, LIST_LEFT, false, false},
    [CC_EVENTS] = {"Events", 6, LIST_RIGHT, false, false},
    [CC_START] = {"Start", 10, LIST_LEFT, false, false},
    [CC_END] = {"End", 10, LIST_LEFT, false, false},
    [CC_DURATION] = {"Duration", 8, LIST_RIGHT, false, false},
    [CC_AGE] = {"Age", 8, LIST_RIGHT, false, false},
    [CC_LAST] = {"Last activity", 16, LIST_LEFT, false, false},
    [CC_PATH] = {"Path", 4, LIST_LEFT, true, false},
};

static void
case_cell(void *ud, size_t row, size_t col, char *buf, size_t size)
{
    const struct cv *s = ud;
    const struct event_log *log = s->log;
    size_t c = s->ids[row];
    size_t first = log->case_off[c], last = log->case_off[c + 1] - 1;
    switch (col) {
    case CC_CASE: snprintf(buf, size, "%s", eventlog_case_name(log, c)); break;
    case CC_EVENTS: ui_fmt_count(eventlog_case_len(log, c), buf, size); break;
    case CC_START:
    case CC_END: {
        char t[64];
        app_fmt_time(log->ev_time[col == CC_START ? first : last], false, t, sizeof t);
        /* 80 columns: the date; the timeline and wider terminals give the time. */
        snprintf(buf, size, "%.*s", s->wide ? (int)sizeof t : 10, t);
        break;
    }
    case CC_DURATION: app_fmt_ms((double)eventlog_case_duration(log, c), buf, size); break;
    case CC_AGE: app_fmt_ms((double)(log->t_max - log->ev_time[last]), buf, size); break;
    case CC_LAST: snprintf(buf, size, "%s", eventlog_activity_name(log, log->ev_act[last])); break;
    default: {
        struct cf_buf b = {0};
        app_case_path(log, c, &b);
        snprintf(buf, size, "%s", b.data);
        cf_buf_clear(&b);
    }
    }
}

/* What the cases are sorted by. */
struct case_sort {
    const struct event_log *log;
    enum cases_order order;
};

static int
cmp_cases(const void *pa, const void *pb, void *ctx)
{
    const struct case_sort *s = ctx;
    const struct event_log *log = s->log;
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    int64_t ka = 0, kb = 0;
    size_t la = log->case_off[a + 1] - 1, lb = log->case_off[b + 1] - 1;
    switch (s->order) {
    case BY_START:
        ka = log->ev_time[log->case_off[a]];
        kb = log->ev_time[log->case_off[b]];
        break;
    case BY_END:
        ka = -log->ev_time[la];
        kb = -log->ev_time[lb];
        break;
    case BY_AGE: /* idle longest first: the earliest last event */
        ka = log->ev_time[la];
        kb = log->ev_time[lb];
        break;
    case BY_LAST: {
        int r = strcmp(eventlog_activity_name(log, log->ev_act[la]),
                       eventlog_activity_name(log, log->ev_act[lb]));
        if (r != 0)
            return r;
        break;
    }
    case BY_PATH: {
        /* Activity names in order, a path before its own extensions. */
        size_t i = log->case_off[a], j = log->case_off[b];
        for (; i <= la && j <= lb; i++, j++) {
            if (log->ev_act[i] == log->ev_act[j])
                continue;
            return strcmp(eventlog_activity_name(log, log->ev_act[i]),
                          eventlog_activity_name(log, log->ev_act[j]));
        }
        ka = (int64_t)(la - log->case_off[a]);
        kb = (int64_t)(lb - log->case_off[b]);
        break;
    }
    case BY_DURATION:
        ka = -eventlog_case_duration(log, a);
        kb = -eventlog_case_duration(log, b);
        break;
    case BY_EVENTS:
        ka = -(int64_t)eventlog_case_len(log, a);
        kb = -(int64_t)eventlog_case_len(log, b);
        break;
    default: {
        int r = strverscmp(eventlog_case_name(log, a), eventlog_case_name(log, b));
        if (r != 0)
            return r;
    }
    }
    if (ka != kb)
        return ka < kb ? -1 : 1;
    return a < b ? -1 : a > b;
}

/* A result's key in the cache: its order and direction. */
static uint64_t
cache_key(enum cases_order o, bool rev)
{
    return (uint64_t)o * 2 + rev;
}

static void
ccres_free(struct rescache_item *it)
{
    struct ccres *r = (struct ccres *)it;
    free(r->ids);
    free(r);
}

/* The cases of sel in order o, reversed if rev (any thread). */
static struct ccres *
ccres_build(const struct event_log *log, const struct selection *sel, enum cases_order o, bool rev)
{
    struct ccres *r = xcalloc(1, sizeof *r);
    r->it.refs = 1;
    r->it.free_fn = ccres_free;
    r->ids = xmalloc((log->n_cases + 1) * sizeof *r->ids);
    for (size_t c = 0; c < log->n_cases; c++)
        if (sel_has(sel, c))
            r->ids[r->n++] = (uint32_t)c;
    struct case_sort ctx = {log, o};
    qsort_r(r->ids, r->n, sizeof *r->ids, cmp_cases, &ctx);
    for (size_t i = 0, j = r->n; rev && i + 1 < j; i++, j--) {
        uint32_t x = r->ids[i];
        r->ids[i] = r->ids[j - 1];
        r->ids[j - 1] = x;
    }
    return r;
}

/* Show r (a reference is taken). */
static void
cv_install(struct cv *s, struct ccres *r)
{
    rescache_ref(&r->it);
    rescache_release(s->res != NULL ? &s->res->it : NULL);
    s->res = r;
    s->ids = r->ids;
    s->n = r->n;
    s->computing = false;
    listw_set_rows(&s->list, s->n);
}

/* The cases of sel for a cache key (its order and direction), for viewfetch. */
static struct rescache_item *
cv_build(const struct event_log *log, const struct selection *sel, const void *arg)
{
    uint64_t key = *(const uint64_t *)arg;
    return &ccres_build(log, sel, (enum cases_order)(key / 2), key % 2)->it;
}

static void
cv_show(void *view, struct app *a, struct rescache_item *it)
{
    (void)a;
    cv_install(view, (struct ccres *)it);
}

static bool
cv_current(const void *view, unsigned long gen, uint64_t param)
{
    const struct cv *s = view;
    return s->seen == gen && cache_key(s->order, s->rev) == param;
}

/* Bring the list to the selection and order: from the cache, else here (wait) or on the worker. */
static void
cv_fetch(struct cv *s, struct app *a, bool wait)
{
    uint64_t key = cache_key(s->order, s->rev);
    struct viewfetch f = {.kind = APP_RES_CASES,
                          .slot = APP_SLOT_VIEW(2),
                          .param = key,
                          .build = cv_build,
                          .arg = &key,
                          .arg_size = sizeof key,
                          .install = cv_show,
                          .current = cv_current,
                          .view = s,
                          .gen = s->seen};
    s->computing = true; /* until installed, now or when the worker is done */
    viewfetch(a, &f, wait);
}

static void
cv_init(struct view *v, struct app *a)
{
    struct cv *s = xcalloc(1, sizeof *s);
    s->log = a->log;
    memcpy(s->cols, case_cols, sizeof s->cols);
    listw_init(&s->list, s->cols, CC__N, case_cell, s);
    timeline_init(&s->tl, a->log);
    v->priv = s;
}

/* Catch up with the selection: now (wait, :export) or from the worker. */
static void
cv_refresh(struct cv *s, struct app *a, bool wait)
{
    if (!app_stale(a, &s->seen) && !(wait && s->computing))
        return;
    cv_fetch(s, a, wait);
    timeline_follow(&s->tl, a->sel);
}

static void
cv_update(struct view *v, struct app *a)
{
    cv_refresh(v->priv, a, true);
}

static void
cv_draw(struct view *v, struct app *a, WINDOW *w, int rows, int cols)
{
    struct cv *s = v->priv;
    cv_refresh(s, a, false);
    if (s->tl.open) {
        timeline_draw(&s->tl, w, rows, cols);
        return;
    }
    /* Start and End with the time when the path keeps 20 columns anyway. */
    s->wide = cols >= 100;
    s->cols[CC_START].width = s->cols[CC_END].width = s->wide ? 16 : 10;
    char line[512], n1[32];
    ui_fmt_count(s->n, n1, sizeof n1);
    snprintf(line, sizeof line, "%s cases, sorted by %s%s (<> sort, s reverses, Enter: timeline)",
             n1, order_names[s->order], s->rev ? ", reversed" : "");
    app_draw_line(w, 0, cols, ROLE_DETAIL, line);
    listw_draw(&s->list, w, 1, rows - 2, cols);
    if (s->n == 0) {
        app_draw_line(w, 2, cols, ROLE_DIM,
                      s->computing ? "  sorting the cases..."
                                   : "  no case selected (u undoes the last filter)");
        return;
    }
    struct cf_buf b = {0};
    cf_buf_printf(&b, "%s: ", eventlog_case_name(a->log, s->ids[s->list.sel]));
    app_case_path(a->log, s->ids[s->list.sel], &b);
    app_draw_line(w, rows - 1, cols, ROLE_DIM, b.data);
    cf_buf_clear(&b);
}

static int
cv_key(struct view *v, struct app *a, enum action act, int key)
{
    (void)a;
    (void)key;
    struct cv *s = v->priv;
    if (s->tl.open)
        return timeline_key(&s->tl, act);
    if (act == ACT_SORT_NEXT || act == ACT_SORT_PREV || act == ACT_SORT_REVERSE) {
        if (act == ACT_SORT_REVERSE)
            s->rev = !s->rev;
        else
            s->order = (enum cases_order)((s->order + (act == ACT_SORT_NEXT ? 1 : N_ORDERS - 1)) %
                                          N_ORDERS);
        cv_fetch(s, a, false);
        listw_select(&s->list, 0);
        return APP_REDRAW;
    }
    if (act == ACT_ENTER && s->n > 0) {
        timeline_open(&s->tl, s->ids[s->list.sel]);
        return APP_REDRAW;
    }
    return APP_PASS;
}

static void
cv_free(struct view *v)
{
    struct cv *s = v->priv;
    if (s == NULL)
        return;
    rescache_release(s->res != NULL ? &s->res->it : NULL);
    listw_free(&s->list);
    timeline_free(&s->tl);
    free(s);
    v->priv = NULL;
}

static struct listw *
cv_list(struct view *v)
{
    struct cv *s = v->priv;
    return s->tl.open ? &s->tl.list : &s->list;
}

static const char *
cv_context(const struct view *v)
{
    const struct cv *s = v->priv;
    return s != NULL && s->tl.open ? "Timeline" : NULL;
}

const struct view_ops view_cases_ops = {
    .name = "Cases",
    .init = cv_init,
    .draw = cv_draw,
    .key = cv_key,
    .free = cv_free,
    .update = cv_update,
    .list = cv_list,
    .context = cv_context,
};

/* The Map view's detail pane: the figures of the selected activity or transition (i), drawn and
 * exported. */
/* SPDX-License-Identifier: MIT */
#include "mappane.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "theme.h"

void
mappane_update(struct map_pane *p, struct app *a)
{
    if (p->seen != 0 && !app_stale(a, &p->seen))
        return;
    p->seen = a->gen;
    dfg_clear(&p->g);
    stages_clear(&p->st);
    rework_clear(&p->rw);
    dfg_build(a->log, a->sel, NULL, &p->g);
    stages_build(a->log, a->sel, &p->st);
    rework_build(a->log, a->sel, NULL, 0, &p->rw);
}

void
mappane_clear(struct map_pane *p)
{
    if (p == NULL)
        return;
    dfg_clear(&p->g);
    stages_clear(&p->st);
    rework_clear(&p->rw);
    memset(p, 0, sizeof *p);
}

/* what, name, count, share, median, p90: one figure a row. */
static const struct table_col pane_cols[] = {
    {.key = "what", .header = "what", .kind = TK_TEXT},
    {.key = "name", .header = "name", .kind = TK_TEXT, .flags = TCOL_FLEX},
    {.key = "count", .header = "count", .kind = TK_COUNT},
    {.key = "share", .header = "share", .kind = TK_SHARE},
    {.key = "median_s", .header = "median", .kind = TK_DURATION, .flags = TCOL_READABLE},
    {.key = "p90_s", .header = "p90", .kind = TK_DURATION, .flags = TCOL_READABLE},
};
enum { PC_WHAT, PC_NAME, PC_COUNT, PC_SHARE, PC_MEDIAN, PC_P90 };

static size_t
add(struct table *t, const char *what, const char *name, size_t count)
{
    size_t r = table_add_row(t);
    table_set_text(t, r, PC_WHAT, what);
    if (name != NULL)
        table_set_text(t, r, PC_NAME, name);
    table_set_count(t, r, PC_COUNT, count);
    return r;
}

static double
frac(size_t n, size_t of)
{
    return of > 0 ? (double)n / (double)of : 0.0;
}

static void
activity_rows(const struct map_pane *p, const struct app *a, uint32_t act, struct table *t)
{
    const struct event_log *log = a->log;
    const struct dfg_node *nd = &p->g.nodes[act];
    const char *name = eventlog_activity_name(log, act);
    add(t, "events", name, nd->events);
    size_t r = add(t, "cases", name, nd->cases);
    table_set_number(t, r, PC_SHARE, frac(nd->cases, a->n_selected));
    for (size_t i = 0; i < p->st.n; i++) {
        const struct stage_stat *ss = &p->st.stages[i];
        if (ss->activity != act)
            continue;
        r = add(t, "time in stage", name, ss->s.n);
        table_set_dur(t, r, PC_MEDIAN, ss->s.median);
        table_set_dur(t, r, PC_P90, ss->s.p90);
    }
    size_t rep = 0;
    for (size_t i = 0; i < p->rw.n_activities; i++)
        if (p->rw.activities[i].activity == act)
            rep = p->rw.activities[i].cases_repeated;
    r = add(t, "rework cases", name, rep);
    table_set_number(t, r, PC_SHARE, frac(rep, nd->cases));
    /* Every way in and out; the edges come sorted by count, heaviest first. */
    if (nd->starts > 0) {
        r = add(t, "from", "(start)", nd->starts);
        table_set_number(t, r, PC_SHARE, frac(nd->starts, nd->events));
    }
    for (size_t e = 0; e < p->g.n_edges; e++) {
        const struct dfg_edge *de = &p->g.edges[e];
        if (de->to != act)
            continue;
        r = add(t, "from", eventlog_activity_name(log, de->from), de->count);
        table_set_number(t, r, PC_SHARE, frac(de->count, nd->events));
        table_set_dur(t, r, PC_MEDIAN, de->median_ms);
    }
    for (size_t e = 0; e < p->g.n_edges; e++) {
        const struct dfg_edge *de = &p->g.edges[e];
        if (de->from != act)
            continue;
        r = add(t, "to", eventlog_activity_name(log, de->to), de->count);
        table_set_number(t, r, PC_SHARE, frac(de->count, nd->events));
        table_set_dur(t, r, PC_MEDIAN, de->median_ms);
    }
    if (nd->ends > 0) {
        r = add(t, "to", "(end)", nd->ends);
        table_set_number(t, r, PC_SHARE, frac(nd->ends, nd->events));
    }
}

static void
transition_rows(const struct map_pane *p, const struct app *a, uint32_t from, uint32_t to,
                bool projected, struct table *t)
{
    const struct event_log *log = a->log;
    char name[512];
    snprintf(name, sizeof name, "%s %s %s",
             from == CF_NONE ? "(start)" : eventlog_activity_name(log, from),
             projected ? ">..>" : ">", to == CF_NONE ? "(end)" : eventlog_activity_name(log, to));
    if (from == CF_NONE || to == CF_NONE) {
        uint32_t act = from == CF_NONE ? to : from;
        if (act == CF_NONE)
            return;
        const struct dfg_node *nd = &p->g.nodes[act];
        size_t n = from == CF_NONE ? nd->starts : nd->ends;
        size_t r = add(t, "cases", name, n);
        table_set_number(t, r, PC_SHARE, frac(n, a->n_selected));
        return;
    }
    if (projected) {
        /* Through hidden activities: the direct edge's figures would mislead. */
        size_t r = table_add_row(t);
        table_set_text(t, r, PC_WHAT, "eventually");
        table_set_text(t, r, PC_NAME, name);
        return;
    }
    long e = dfg_find_edge(&p->g, from, to);
    if (e < 0)
        return;
    const struct dfg_edge *de = &p->g.edges[e];
    size_t r = add(t, "times", name, de->count);
    table_set_number(t, r, PC_SHARE, frac(de->count, p->g.nodes[from].events));
    table_set_dur(t, r, PC_MEDIAN, de->median_ms);
    r = add(t, "cases", name, de->cases);
    table_set_number(t, r, PC_SHARE, frac(de->cases, a->n_selected));
}

struct table *
mappane_table(const struct map_pane *p, const struct app *a, uint32_t from, uint32_t to,
              bool projected)
{
    struct table *t =
        table_new("detail", NULL, pane_cols, sizeof pane_cols / sizeof pane_cols[0], NULL);
    if (p->g.nodes == NULL)
        return t;
    if (to == MAPPANE_NODE) {
        if (from != CF_NONE && from < p->g.n_act)
            activity_rows(p, a, from, t);
    } else if ((from == CF_NONE || from < p->g.n_act) && (to == CF_NONE || to < p->g.n_act)) {
        transition_rows(p, a, from, to, projected, t);
    }
    return t;
}

/* One row as "what name  count  share  median / p90", the name cut to fit. */
static void
draw_row(const struct table *t, size_t row, WINDOW *w, int y, int x, int width)
{
    struct cf_buf b = {0};
    struct table_fmt f = {.format = TF_TEXT, .unicode = ui_unicode()};
    char nums[160] = "";
    size_t used = 0;
    const struct table_cell *wc = table_cell(t, row, PC_WHAT), *nc = table_cell(t, row, PC_NAME);
    const char *what = wc && wc->set ? wc->v.s : "";
    const char *name = nc && nc->set ? nc->v.s : "";
    /* Time in stage: the count of its events is the events row; show the times. */
    size_t first = strcmp(what, "time in stage") == 0 ? PC_MEDIAN : PC_COUNT;
    for (size_t c = first; c <= PC_P90; c++) {
        const struct table_cell *cell = table_cell(t, row, c);
        if (cell == NULL || !cell->set)
            continue;
        b.len = 0;
        const char *txt = table_cell_text(t, row, c, &f, &b);
        const char *pre = c == PC_P90 ? " p90 " : c == PC_MEDIAN ? " med " : " ";
        int n = snprintf(nums + used, sizeof nums - used, "%s%s",
                         used || c >= PC_MEDIAN ? pre + (used ? 0 : 1) : "", txt);
        if (n > 0 && (size_t)n < sizeof nums - used)
            used += (size_t)n;
    }
    cf_buf_clear(&b);
    bool named_row = strcmp(what, "from") == 0 || strcmp(what, "to") == 0;
    char head[64];
    snprintf(head, sizeof head, "%s%s",
             named_row ? (strcmp(what, "to") == 0 ? "  to " : "  from ") : what,
             named_row ? "" : " ");
    int nw = ui_strwidth(nums);
    wmove(w, y, x);
    int col = ui_put(w, head, width);
    int left = width - col - nw - 1;
    if (named_row && left > 0)
        col += ui_put(w, name, left);
    for (; col < width - nw; col++)
        waddch(w, ' ');
    if (col < width)
        ui_put(w, nums, width - col);
}

void
mappane_draw(const struct table *t, WINDOW *w, int y, int x, int h, int width)
{
    if (h <= 0 || width <= 2)
        return;
    size_t n = table_rows(t);
    const struct table_cell *nc = n > 0 ? table_cell(t, 0, PC_NAME) : NULL;
    wattrset(w, theme_attr(ROLE_TITLE));
    wmove(w, y, x);
    ui_put_pad(w, nc && nc->set ? nc->v.s : "select an activity (e, g)", width);
    wattrset(w, theme_attr(ROLE_NORMAL));
    for (size_t r = 0; r < n && (int)r + 1 < h; r++) {
        bool named = strcmp(table_cell(t, r, PC_WHAT)->v.s, "from") == 0 ||
                     strcmp(table_cell(t, r, PC_WHAT)->v.s, "to") == 0;
        wattrset(w, theme_attr(named ? ROLE_NORMAL : ROLE_DETAIL));
        draw_row(t, r, w, y + 1 + (int)r, x, width);
    }
    wattrset(w, theme_attr(ROLE_NORMAL));
}

/* The explorer's views on a push-down aggregate: the Map over the stand-in log, Variants, Stages,
 * the needs-the-events panel. */
/* SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggsource.h"
#include "appagg.h"
#include "theme.h"

/* ------------------------------------------------------------ Map */

/* The usual Map (its graph comes from the aggregate through the stand-in log), less
 * what needs events: filters from Enter, the detail pane's stage and rework figures,
 * the A/B overlay. */
int
view_agg_map_key(struct view *v, struct app *a, enum action act, int key)
{
    if (act == ACT_ENTER || act == ACT_MAP_INFO || act == ACT_MAP_OVERLAY) {
        app_message(a, true, "%s needs every event: L loads them",
                    act == ACT_ENTER      ? "filtering"
                    : act == ACT_MAP_INFO ? "the detail pane"
                                          : "the A/B overlay");
        return APP_REDRAW;
    }
    return view_map_ops.key(v, a, act, key);
}

int
view_agg_map_mouse(struct view *v, struct app *a, int y, int x, bool dbl, int wheel)
{
    if (dbl) /* a double click is Enter */
        return view_agg_map_key(v, a, ACT_ENTER, '\r');
    return view_map_ops.mouse(v, a, y, x, dbl, wheel);
}

/* ------------------------------------------------------------ Variants */

struct av {
    const struct aggregate *ag;
    struct listw list;
};

static const struct list_col av_cols[] = {
    {"#", 4, LIST_RIGHT, false, false},
    {"Path (from the aggregate)", 20, LIST_LEFT, true, false},
    {"Cases", 7, LIST_RIGHT, false, false},
    {"Share", 6, LIST_RIGHT, false, false},
    {"Median", 8, LIST_RIGHT, false, false},
    {"Mean", 8, LIST_RIGHT, false, false},
};

static void
av_cell(void *ud, size_t row, size_t col, char *buf, size_t size)
{
    const struct av *s = ud;
    const struct agg_variant *v = &s->ag->variants[row];
    switch (col) {
    case 0: snprintf(buf, size, "%zu", row + 1); break;
    case 1: {
        size_t o = 0;
        buf[0] = '\0';
        for (size_t k = 0; k < v->len; k++) {
            int n = snprintf(buf + o, size - o, "%s%s", k ? " > " : "",
                             strpool_get(s->ag->names, v->acts[k]));
            if (n < 0 || (size_t)n >= size - o)
                break; /* the widget shows a cell this long cut anyway */
            o += (size_t)n;
        }
        break;
    }
    case 2: ui_fmt_count(v->cases, buf, size); break;
    case 3:
        snprintf(buf, size, "%.1f%%",
                 s->ag->cases ? 100.0 * (double)v->cases / (double)s->ag->cases : 0.0);
        break;
    case 4: app_fmt_ms(v->median_ms, buf, size); break;
    default: app_fmt_ms(v->mean_ms, buf, size);
    }
}

static void
av_init(struct view *v, struct app *a)
{
    struct av *s = xcalloc(1, sizeof *s);
    s->ag = a->agg->ag;
    listw_init(&s->list, av_cols, sizeof av_cols / sizeof av_cols[0], av_cell, s);
    s->list.sortable = true;
    listw_set_rows(&s->list, s->ag->n_variants);
    v->priv = s;
}

static void
av_draw(struct view *v, struct app *a, WINDOW *w, int rows, int cols)
{
    struct av *s = v->priv;
    char line[200], n[32];
    ui_fmt_count(s->ag->n_variants, n, sizeof n);
    snprintf(line, sizeof line, "%s variants with their cases and durations, from the aggregate%s",
             n, a->agg->db != NULL ? " the database computed" : " file");
    app_draw_line(w, 0, cols, ROLE_TITLE, line);
    listw_draw(&s->list, w, 1, rows - 1, cols);
}

static int
av_key(struct view *v, struct app *a, enum action act, int key)
{
    (void)v;
    (void)key;
    if (act == ACT_ENTER) {
        app_message(a, true, "filtering to a variant needs every event: L loads them");
        return APP_REDRAW;
    }
    return APP_PASS;
}

static void
av_free(struct view *v)
{
    struct av *s = v->priv;
    if (s == NULL)
        return;
    listw_free(&s->list);
    free(s);
    v->priv = NULL;
}

static struct listw *
av_list(struct view *v)
{
    struct av *s = v->priv;
    return &s->list;
}

static const char *
av_context(const struct view *v)
{
    (void)v;
    return "Aggregate variants";
}

static struct table *
av_table(struct view *v, struct app *a)
{
    (void)a;
    struct av *s = v->priv;
    return listw_table(&s->list, "variants");
}

const struct view_ops view_agg_variants_ops = {
    .name = "Variants",
    .init = av_init,
    .draw = av_draw,
    .key = av_key,
    .free = av_free,
    .list = av_list,
    .context = av_context,
    .table = av_table,
};

/* ------------------------------------------------------------ Stages */

/* Time in stage is the time from an event to the case's next event: the activity's
 * outgoing edges' durations, so the aggregate has its count, mean, min and max (a
 * median of medians would not be one, so none is shown). */
struct as_act {
    uint32_t act;
    size_t events, cases, starts, ends, hops;
    double mean_ms;
    int64_t max_ms;
};

struct as {
    const struct aggregate *ag;
    struct as_act *acts;
    size_t n;
    bool edges; /* the transitions table (t) */
    struct listw list;
};

static const struct list_col as_act_cols[] = {
    {"Activity", 16, LIST_LEFT, true, false},  {"Events", 8, LIST_RIGHT, false, false},
    {"Cases", 7, LIST_RIGHT, false, false},    {"Starts", 7, LIST_RIGHT, false, false},
    {"Ends", 7, LIST_RIGHT, false, false},     {"Mean stay", 9, LIST_RIGHT, false, false},
    {"Max stay", 9, LIST_RIGHT, false, false},
};
static const struct list_col as_edge_cols[] = {
    {"Transition", 16, LIST_LEFT, true, false}, {"Count", 8, LIST_RIGHT, false, false},
    {"Cases", 7, LIST_RIGHT, false, false},     {"Median", 8, LIST_RIGHT, false, false},
    {"Mean", 8, LIST_RIGHT, false, false},      {"Max", 8, LIST_RIGHT, false, false},
};

static void
as_cell(void *ud, size_t row, size_t col, char *buf, size_t size)
{
    const struct as *s = ud;
    if (s->edges) {
        const struct agg_edge *e = &s->ag->edges[row];
        switch (col) {
        case 0:
            snprintf(buf, size, "%s > %s", strpool_get(s->ag->names, e->from),
                     strpool_get(s->ag->names, e->to));
            break;
        case 1: ui_fmt_count(e->count, buf, size); break;
        case 2: ui_fmt_count(e->cases, buf, size); break;
        case 3: app_fmt_ms(e->median_ms, buf, size); break;
        case 4: app_fmt_ms(e->mean_ms, buf, size); break;
        default: app_fmt_ms((double)e->max_ms, buf, size);
        }
        return;
    }
    const struct as_act *r = &s->acts[row];
    switch (col) {
    case 0: snprintf(buf, size, "%s", strpool_get(s->ag->names, r->act)); break;
    case 1: ui_fmt_count(r->events, buf, size); break;
    case 2: ui_fmt_count(r->cases, buf, size); break;
    case 3: ui_fmt_count(r->starts, buf, size); break;
    case 4: ui_fmt_count(r->ends, buf, size); break;
    case 5: r->hops ? app_fmt_ms(r->mean_ms, buf, size) : (void)snprintf(buf, size, "-"); break;
    default: r->hops ? app_fmt_ms((double)r->max_ms, buf, size) : (void)snprintf(buf, size, "-");
    }
}

/* One row per activity (in the aggregate's order: events descending), with its stay. */
static void
as_build(struct as *s)
{
    const struct aggregate *ag = s->ag;
    size_t na = strpool_count(ag->names);
    size_t *at = xmalloc((na ? na : 1) * sizeof *at); /* activity -> row, or SIZE_MAX */
    for (size_t i = 0; i < na; i++)
        at[i] = SIZE_MAX;
    s->acts = xcalloc(ag->n_acts ? ag->n_acts : 1, sizeof *s->acts);
    for (size_t i = 0; i < ag->n_acts; i++) {
        s->acts[i] = (struct as_act){
            .act = ag->acts[i].act, .events = ag->acts[i].events, .cases = ag->acts[i].cases};
        at[ag->acts[i].act] = i;
    }
    s->n = ag->n_acts;
    for (size_t i = 0; i < ag->n_starts; i++)
        if (at[ag->starts[i].act] != SIZE_MAX)
            s->acts[at[ag->starts[i].act]].starts = ag->starts[i].cases;
    for (size_t i = 0; i < ag->n_ends; i++)
        if (at[ag->ends[i].act] != SIZE_MAX)
            s->acts[at[ag->ends[i].act]].ends = ag->ends[i].cases;
    double *sum = xcalloc(s->n ? s->n : 1, sizeof *sum);
    for (size_t i = 0; i < ag->n_edges; i++) {
        const struct agg_edge *e = &ag->edges[i];
        if (at[e->from] == SIZE_MAX)
            continue;
        struct as_act *r = &s->acts[at[e->from]];
        sum[at[e->from]] += e->mean_ms * (double)e->count;
        if (r->hops == 0 || e->max_ms > r->max_ms)
            r->max_ms = e->max_ms;
        r->hops += e->count;
    }
    for (size_t i = 0; i < s->n; i++)
        s->acts[i].mean_ms = s->acts[i].hops ? sum[i] / (double)s->acts[i].hops : 0;
    free(sum);
    free(at);
}

static void
as_set_table(struct as *s)
{
    listw_free(&s->list);
    if (s->edges)
        listw_init(&s->list, as_edge_cols, sizeof as_edge_cols / sizeof as_edge_cols[0], as_cell,
                   s);
    else
        listw_init(&s->list, as_act_cols, sizeof as_act_cols / sizeof as_act_cols[0], as_cell, s);
    s->list.sortable = true;
    listw_set_rows(&s->list, s->edges ? s->ag->n_edges : s->n);
}

static void
as_init(struct view *v, struct app *a)
{
    struct as *s = xcalloc(1, sizeof *s);
    s->ag = a->agg->ag;
    as_build(s);
    as_set_table(s);
    v->priv = s;
}

static void
as_draw(struct view *v, struct app *a, WINDOW *w, int rows, int cols)
{
    (void)a;
    struct as *s = v->priv;
    const struct stats_summary *d = &s->ag->case_duration;
    char line[300], med[32], mean[32], p90[32];
    app_draw_line(w, 0, cols, ROLE_TITLE,
                  s->edges ? "Transitions from the aggregate: time between the two events (t: "
                             "activities)"
                           : "Activities from the aggregate: counts, stay until the next event "
                             "(t: transitions)");
    app_fmt_ms(d->median, med, sizeof med);
    app_fmt_ms(d->mean, mean, sizeof mean);
    app_fmt_ms(d->p90, p90, sizeof p90);
    snprintf(line, sizeof line, "Case duration: median %s, mean %s, p90 %s (%zu cases)", med, mean,
             p90, d->n);
    app_draw_line(w, 1, cols, ROLE_DETAIL, line);
    listw_draw(&s->list, w, 2, rows - 2, cols);
}

static int
as_key(struct view *v, struct app *a, enum action act, int key)
{
    (void)key;
    struct as *s = v->priv;
    if (act == ACT_TOGGLE_TABLE) {
        s->edges = !s->edges;
        as_set_table(s);
        return APP_REDRAW;
    }
    if (act == ACT_ENTER) {
        app_message(a, true, "histograms and filters need every event: L loads them");
        return APP_REDRAW;
    }
    return APP_PASS;
}

static void
as_free(struct view *v)
{
    struct as *s = v->priv;
    if (s == NULL)
        return;
    listw_free(&s->list);
    free(s->acts);
    free(s);
    v->priv = NULL;
}

static struct listw *
as_list(struct view *v)
{
    struct as *s = v->priv;
    return &s->list;
}

static const char *
as_context(const struct view *v)
{
    (void)v;
    return "Aggregate stages";
}

static struct table *
as_table(struct view *v, struct app *a)
{
    (void)a;
    struct as *s = v->priv;
    return listw_table(&s->list, s->edges ? "transitions" : "activities");
}

const struct view_ops view_agg_stages_ops = {
    .name = "Stages",
    .init = as_init,
    .draw = as_draw,
    .key = as_key,
    .free = as_free,
    .list = as_list,
    .context = as_context,
    .table = as_table,
};

/* ------------------------------------------------------------ the panel */

struct panel_draw {
    WINDOW *w;
    int y, rows, cols;
};

static void
panel_line(void *ud, int role, const char *text)
{
    struct panel_draw *p = ud;
    if (p->y >= p->rows)
        return;
    wmove(p->w, p->y, 0);
    wattrset(p->w, theme_attr(ROLE_NORMAL));
    ui_put(p->w, "  ", p->cols);
    wattrset(p->w, theme_attr((enum theme_role)role));
    ui_put(p->w, text, p->cols - 2);
    wattrset(p->w, theme_attr(ROLE_NORMAL));
    p->y++;
}

void
view_agg_panel_draw(struct view *v, struct app *a, WINDOW *w, int rows, int cols)
{
    struct panel_draw p = {w, 1, rows, cols};
    appagg_panel_lines(a, v->ops->name, panel_line, &p);
}

int
view_agg_panel_key(struct view *v, struct app *a, enum action act, int key)
{
    (void)v;
    (void)a;
    (void)act;
    (void)key;
    return APP_PASS;
}

const char *
view_agg_panel_context(const struct view *v)
{
    (void)v;
    return "Needs events";
}

/* The process map's node and edge lists as tables: for `map --format json|csv` and the Map view's
 * :export. */
/* SPDX-License-Identifier: MIT */
#include "maptable.h"

#include <stdlib.h>

#include "util.h"

const struct table_col maptable_edge_cols[] = {
    {.key = "from", .header = "from", .kind = TK_TEXT, .min_width = 12, .flags = TCOL_FLEX},
    {.key = "to", .header = "to", .kind = TK_TEXT, .min_width = 12},
    {.key = "source", .header = "source", .kind = TK_COUNT, .flags = TCOL_NO_TEXT},
    {.key = "target", .header = "target", .kind = TK_COUNT, .flags = TCOL_NO_TEXT},
    {.key = "count", .header = "count", .kind = TK_COUNT},
    {.key = "cases", .header = "cases", .kind = TK_COUNT, .priority = 2},
    {.key = "mean_s", .header = "mean", .kind = TK_DURATION, .priority = 3},
    {.key = "median_s",
     .header = "median",
     .kind = TK_DURATION,
     .priority = 1,
     .flags = TCOL_READABLE},
    {.key = "max_s", .header = "max", .kind = TK_DURATION, .priority = 3},
    {.key = "rework", .header = "rework", .kind = TK_BOOL, .priority = 4},
    {.key = "self_loop", .header = "loop", .kind = TK_BOOL, .priority = 4},
    {.key = "main_path", .header = "main", .kind = TK_BOOL, .priority = 4},
    {.key = "level", .header = "level", .kind = TK_INT, .flags = TCOL_NO_TEXT},
    {.key = "label", .header = "label", .kind = TK_TEXT, .flags = TCOL_NO_TEXT},
    {.key = "label_at", .header = "label at", .kind = TK_INTS, .flags = TCOL_NO_TEXT | TCOL_NO_CSV},
    {.key = "points",
     .header = "points",
     .kind = TK_INTS,
     .flags = TCOL_NO_TEXT | TCOL_NO_CSV | TCOL_PAIRS},
};
const size_t maptable_n_edge_cols = sizeof maptable_edge_cols / sizeof maptable_edge_cols[0];

const struct table_col maptable_node_cols[] = {
    {.key = "id", .header = "id", .kind = TK_COUNT, .flags = TCOL_NO_TEXT},
    {.key = "kind", .header = "kind", .kind = TK_TEXT, .priority = 2},
    {.key = "name", .header = "name", .kind = TK_TEXT, .min_width = 12, .flags = TCOL_FLEX},
    {.key = "x", .header = "x", .kind = TK_INT, .flags = TCOL_NO_TEXT},
    {.key = "y", .header = "y", .kind = TK_INT, .flags = TCOL_NO_TEXT},
    {.key = "w", .header = "w", .kind = TK_INT, .flags = TCOL_NO_TEXT},
    {.key = "h", .header = "h", .kind = TK_INT, .flags = TCOL_NO_TEXT},
    {.key = "count", .header = "events", .kind = TK_COUNT},
    {.key = "cases", .header = "cases", .kind = TK_COUNT},
    {.key = "layer", .header = "layer", .kind = TK_INT, .priority = 1},
    {.key = "level", .header = "level", .kind = TK_INT, .flags = TCOL_NO_TEXT},
    {.key = "main_path", .header = "main", .kind = TK_BOOL, .priority = 3},
};
const size_t maptable_n_node_cols = sizeof maptable_node_cols / sizeof maptable_node_cols[0];

const char *
maptable_node_name(const struct event_log *log, const struct map_node *n)
{
    return n->kind == MAP_NODE_START ? "start"
           : n->kind == MAP_NODE_END ? "end"
                                     : eventlog_activity_name(log, n->act);
}

void
maptable_fill_edges(struct table *t, const struct event_log *log, const struct map_layout *l)
{
    table_reserve(t, table_rows(t) + l->n_edges);
    int64_t *pts = NULL;
    size_t cap = 0;
    for (size_t i = 0; i < l->n_edges; i++) {
        const struct map_edge *e = &l->edges[i];
        size_t row = table_add_row(t);
        table_set_text(t, row, 0, maptable_node_name(log, &l->nodes[e->from]));
        table_set_text(t, row, 1, maptable_node_name(log, &l->nodes[e->to]));
        table_set_count(t, row, 2, e->from);
        table_set_count(t, row, 3, e->to);
        table_set_count(t, row, 4, e->count);
        table_set_count(t, row, 5, e->cases);
        if (e->dfg_edge >= 0) { /* start and end edges have no times: null */
            table_set_dur(t, row, 6, e->mean_ms);
            table_set_dur(t, row, 7, e->median_ms);
            table_set_dur(t, row, 8, (double)e->max_ms);
        }
        table_set_bool(t, row, 9, e->rework);
        table_set_bool(t, row, 10, e->self_loop);
        table_set_bool(t, row, 11, e->main_path);
        table_set_int(t, row, 12, e->level);
        table_set_text(t, row, 13, e->label);
        if (e->label_x >= 0) {
            const int64_t at[3] = {e->label_x, e->label_y, e->label_w};
            table_set_ints(t, row, 14, at, 3);
        }
        if (2 * e->n_points > cap) {
            cap = 2 * e->n_points;
            pts = xreallocarray(pts, cap, sizeof *pts);
        }
        for (size_t k = 0; k < e->n_points; k++) {
            pts[2 * k] = e->points[k].x;
            pts[2 * k + 1] = e->points[k].y;
        }
        table_set_ints(t, row, 15, pts, 2 * e->n_points);
    }
    free(pts);
}

void
maptable_fill_nodes(struct table *t, const struct event_log *log, const struct map_layout *l)
{
    static const char *const kinds[] = {"activity", "start", "end"};
    table_reserve(t, table_rows(t) + l->n_nodes);
    for (size_t i = 0; i < l->n_nodes; i++) {
        const struct map_node *n = &l->nodes[i];
        size_t row = table_add_row(t);
        table_set_count(t, row, 0, i);
        table_set_text(t, row, 1, kinds[n->kind]);
        table_set_text(t, row, 2, maptable_node_name(log, n));
        table_set_int(t, row, 3, n->x);
        table_set_int(t, row, 4, n->y);
        table_set_int(t, row, 5, n->w);
        table_set_int(t, row, 6, n->h);
        table_set_count(t, row, 7, n->events);
        table_set_count(t, row, 8, n->cases);
        table_set_int(t, row, 9, n->layer);
        table_set_int(t, row, 10, n->level);
        table_set_bool(t, row, 11, n->main_path);
    }
}

struct table *
maptable_edges_new(const struct event_log *log, const struct map_layout *l)
{
    struct table *t =
        table_new("edges", "Map edges", maptable_edge_cols, maptable_n_edge_cols, NULL);
    maptable_fill_edges(t, log, l);
    return t;
}

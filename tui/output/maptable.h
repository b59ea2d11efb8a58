/* The process map's node and edge lists as tables: for `map --format json|csv` and the Map view's
 * :export. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_MAPTABLE_H
#define CF_MAPTABLE_H

#include "eventlog.h"
#include "maplayout.h"
#include "table.h"

/* The columns of the edge list: from, to, source, target, count, cases, mean_s,
 * median_s, max_s, rework, self_loop, main_path, level, label, label_at, points. */
extern const struct table_col maptable_edge_cols[];
extern const size_t maptable_n_edge_cols;
/* The columns of the node list: id, kind, name, x, y, w, h, count, cases, layer, level,
 * main_path. */
extern const struct table_col maptable_node_cols[];
extern const size_t maptable_n_node_cols;

/* Append one row per edge (per node) of l to t, a table with maptable_edge_cols
 * (maptable_node_cols). */
void maptable_fill_edges(struct table *t, const struct event_log *log, const struct map_layout *l);
void maptable_fill_nodes(struct table *t, const struct event_log *log, const struct map_layout *l);

/* A new stand-alone table "edges" of l (free with table_free). */
struct table *maptable_edges_new(const struct event_log *log, const struct map_layout *l);

/* The full name of a node ("start" / "end" for the markers; boxes may show it cut). */
const char *maptable_node_name(const struct event_log *log, const struct map_node *n);

#endif

/* The process map layout's internals: the state the pipeline stages share, and their entry points.
 */
/* SPDX-License-Identifier: MIT */
#ifndef CF_MAPLAYOUT_INT_H
#define CF_MAPLAYOUT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "maplayout.h"
#include "util.h"

/* Blank columns between neighbours in a layer: boxes, box and line, two lines. */
#define GAP_BOX 3
#define GAP_MIXED 2
#define GAP_LINE 1
#define BOX_H 3
#define DEFAULT_NAME_WIDTH 24
#define MIN_NAME_WIDTH 8
/* Work budgets (element visits), so that any graph lays out in well under 2 s. */
#define ORDER_WORK 2000000LL  /* barycenter sweeps over all layers */
#define ORDER_ROUNDS 16       /* sweeps when the budget allows */
#define ROUTE_WORK 30000000LL /* track packing over all channels */

/*
 * The layout under construction. Nodes: 0 is the start marker, nv - 1 the end
 * marker. "DAG edges" are the map edges that are not self-loops, each pointing
 * down from d_top to d_bot (a rework edge points the other way). Elements are
 * the nodes plus one dummy per layer a DAG edge crosses; a segment joins two
 * elements of consecutive layers, and the segments between layer L and L + 1
 * form channel L, where the edges are routed.
 */
struct lay {
    const struct event_log *log;
    const struct map_graph *g;
    struct map_layout_opts o;

    size_t nv;
    struct map_node *nodes;
    int *anc; /* anchor (main column) offset of each node */
    int *layer;
    size_t ne;
    struct map_edge *edges;

    size_t nd;
    uint32_t *d_edge, *d_top, *d_bot;
    size_t *d_w;
    size_t *d_seg;   /* first segment */
    size_t *d_dummy; /* first dummy element */

    int nl;
    size_t nel;
    int *el_layer, *el_x, *el_w, *el_anc, *el_order;
    uint32_t *el_dag; /* dummies: their DAG edge; nodes: UINT32_MAX */
    bool *el_main;
    size_t *lay_off, *lay_el;

    size_t nseg;
    uint32_t *s_up, *s_dn, *s_dag;
    int *s_xt, *s_xb;
    size_t *ch_off, *ch_seg;
    size_t *up_off, *up_seg, *dn_off, *dn_seg;

    int *s_t1, *s_xm, *s_t2;  /* routing: first track, dogleg column, second track */
    int *s_side_t, *s_side_b; /* sparse styles: the box end column a segment leaves (enters)
                                 its top (bottom) box from along the box's row, or -1 */
    int *ch_tracks, *band_y, *band_h, *ch_y;
    int width, height;

    char **short_names;   /* overview: each node's short name (NULL for markers) */
    long long route_work; /* packing work done so far (see ROUTE_WORK) */
    bool fewer_sweeps, simple_routing;
    size_t hidden; /* edges left out to stay within MAPLAYOUT_MAX_SEGMENTS */
};

static inline bool
is_dummy(const struct lay *L, size_t el)
{
    return el >= L->nv;
}

/* Compressed adjacency over the DAG candidates: out/in lists of edge indices. */
struct adj {
    size_t *out_off, *out, *in_off, *in;
};

void maplay_adj_build(const struct lay *L, struct adj *a);

void maplay_adj_free(struct adj *a);

/*
 * Longest path from the start in topological order, the end below everything,
 * then nodes pulled towards the heavier side of their edges within their
 * slack, and layers without a node removed.
 */
void maplay_assign_layers(struct lay *L, const size_t *pos);

/*
 * Break cycles: a linear order of the nodes in which the edges pointing
 * backwards (the rework edges) weigh as little as possible. Two candidates,
 * each improved by sifting: the usual flow (activities by the mean position
 * of their first occurrence) and the Eades-Lin-Smyth order; the lighter wins,
 * the flow on a tie, so loops point back to where cases usually come from.
 * Fills pos (node -> rank: a topological order of the resulting DAG).
 */
void maplay_break_cycles(struct lay *L, const struct adj *a, size_t *pos);

/* Dummies for every layer a DAG edge crosses; segments; adjacency lists. */
void maplay_build_elements(struct lay *L);

/* The DAG edges: top and bottom node of each non-self-loop map edge. */
void maplay_dag_build(struct lay *L);

/*
 * The main path: among the start-to-end paths along forward (not rework)
 * edges, the one whose lightest edge is heaviest, ties by total weight.
 */
void maplay_find_main_path(struct lay *L, const size_t *pos);

/*
 * Past MAPLAYOUT_MAX_SEGMENTS, leave out light edges in rounds, each halving
 * the excess, so that re-layering after each round keeps as many as it can.
 */
void maplay_hide_edges(struct lay *L, const size_t *pos);

/* Barycenter sweeps down and up, keeping the order with the fewest crossings. */
void maplay_order_layers(struct lay *L);

/*
 * x coordinates: the main path's elements share one column; the others are
 * drawn towards the weighted mean of their neighbours, layer by layer, down
 * and up (Sugiyama's priority method: lines first, heavy boxes next).
 */
void maplay_assign_x(struct lay *L);

/* n with thousands separators ("2,823") into buf. */
void maplay_group_digits(size_t n, char *buf, size_t size);

/*
 * Overview names: for each activity node the shortest prefix of at least four
 * cells (at most ten) that no other kept name starts with; where none is
 * unique, the nine-cell prefix and the node's number.
 */
void maplay_make_short_names(struct lay *L);

/* The metric as a number for ranking (levels). */
double maplay_metric_value(const struct map_edge *e, enum map_metric m);

void maplay_size_nodes(struct lay *L, int name_width);

/* Ports of every box and marker; dummies pass straight through at their column. */
void maplay_assign_ports(struct lay *L);

/* Node boxes in place; the polyline of every edge from its segments' routes. */
void maplay_build_geometry(struct lay *L);

/* Route every channel; then rows: bands of layers and channels between them. */
void maplay_route_all(struct lay *L);
/*
 * Sparse styles: a segment from a one-row box whose lower end lies beside the
 * box leaves from the box's end along its row, and one entering a one-row
 * box from beside it arrives along the row, so neither needs a track. Fills
 * s_side_t / s_side_b and moves s_xt / s_xb accordingly. After assign_ports.
 */
void maplay_side_ports(struct lay *L);
/*
 * Sparse styles, after labels: a single arrow from the start marker becomes
 * "● start─N─►" on its target's row, and the rows above go.
 */
void maplay_inline_start(struct lay *L);

/*
 * Cells where a line passes straight across another: inside a horizontal
 * run (not at its ends) and inside a vertical one. Ends are excluded, so the
 * fork and merge points of shared ports are junctions, not crossings.
 */
size_t maplay_count_crossings(const struct lay *L);

/* Labels of the edges: the main path first, then the busiest; self-loops on their box. */
void maplay_place_labels(struct lay *L);

#endif

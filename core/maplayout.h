/* The process map's layout: a layered drawing of the map graph in character cells. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_MAPLAYOUT_H
#define CF_MAPLAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eventlog.h"
#include "mapsimplify.h"

/*
 * Geometry is in cells: x grows to the right, y downwards, (0, 0) is the top
 * left corner of the drawing, which spans width x height cells. The layout is
 * independent of any terminal; mapgrid.h renders it into cells.
 *
 * Sugiyama-style: cycles are broken by turning the lightest feedback edges
 * backwards (weighted Eades-Lin-Smyth; those are the rework edges, drawn
 * upwards), layers run from a start marker at the top to an end marker at the
 * bottom, the heaviest start-to-end path stays in one straight column, layer
 * orders come from barycenter sweeps (the best of several passes), and edges
 * are routed orthogonally in the channels between layers.
 */

/* What the numbers on the map are. */
enum map_metric {
    MAP_METRIC_FREQ,   /* arrows: times directly followed; boxes: events */
    MAP_METRIC_CASES,  /* arrows and boxes: cases */
    MAP_METRIC_MEAN,   /* arrows: mean time between the two events; boxes: events */
    MAP_METRIC_MEDIAN, /* arrows: median time */
    MAP_METRIC_MAX,    /* arrows: longest time */
};

/* "freq", "cases", "mean", "median", "max". */
const char *maplayout_metric_name(enum map_metric m);
/* Parse one of those names: 0 and *m, or -1. */
int maplayout_metric_parse(const char *s, enum map_metric *m);
/* True for the time metrics (mean, median, max). */
bool maplayout_metric_is_time(enum map_metric m);

/*
 * How the map is drawn. normal: three-row boxes " name  count ", arrows of at
 * least three rows. compact: one-row boxes "[ name 2,823 ]" (the main path's
 * "⟦ name 2,823 ⟧"), straight arrows one row long. overview: compact with
 * names cut to a short unique prefix and no numbers on boxes or arrows (the
 * legend lists them).
 */
enum map_style { MAP_STYLE_NORMAL, MAP_STYLE_COMPACT, MAP_STYLE_OVERVIEW };

/* "normal", "compact", "overview". */
const char *maplayout_style_name(enum map_style s);
/* Parse one of those names: 0 and *s, or -1. */
int maplayout_style_parse(const char *str, enum map_style *s);

enum map_node_kind { MAP_NODE_ACTIVITY, MAP_NODE_START, MAP_NODE_END };

/*
 * A box (activity) or a marker (start: "● start", end: "■ end", one row).
 * An activity box is three rows: border, " name  count ", border.
 */
struct map_node {
    enum map_node_kind kind;
    uint32_t act;        /* activity id; CF_NONE for the markers */
    int x, y, w, h;      /* columns x..x+w-1, rows y..y+h-1 */
    int layer;           /* 0 = the start marker's layer */
    size_t events;       /* events of the activity; markers: cases starting / ending */
    size_t cases;        /* cases with the activity; markers: as events */
    int level;           /* 0, 1, 2: tercile of the box's number among the boxes (2 = top) */
    bool main_path;      /* on the heaviest start-to-end path */
    char *name;          /* the name as drawn: cut to the name width with "…" (UTF-8) */
    char count_text[24]; /* the number drawn after the name ("" for markers) */
    long self_edge;      /* index into edges of the a->a edge, or -1 */
    int loop_x, loop_w;  /* the "↻N" self-loop marker on the top border row y: columns
                            loop_x..loop_x+loop_w-1 (loop_w 0: none) */
};

struct map_point {
    int x, y;
};

/*
 * An arrow. points is its polyline: axis-parallel segments, points[0] on the
 * source's border (bottom row; a rework edge leaves from the top row) and the
 * last point on the target's border (top row; a rework edge enters the bottom
 * row). The arrowhead is drawn in the cell before the last point. Consecutive
 * points differ (no zero-length segment) and turn (no collinear middle point).
 * A self-loop has no points: it is drawn as the marker on its box.
 */
struct map_edge {
    uint32_t from, to; /* node indices */
    long dfg_edge;     /* index into the map graph's dfg.edges, -1 for start / end edges */
    size_t count;      /* times directly followed (start/end edges: cases) */
    size_t cases;      /* cases in which it happens */
    double mean_ms, median_ms;
    int64_t max_ms; /* 0 for start and end edges */
    bool rework;    /* turned backwards to break a cycle: drawn upwards */
    bool self_loop; /* from == to */
    bool main_path; /* on the heaviest start-to-end path */
    int level;      /* 0, 1, 2: tercile of the edge's metric value (2 = top) */
    size_t n_points;
    struct map_point *points;
    char label[32];       /* the metric as text ("" when nothing is shown) */
    int label_x, label_y; /* where the label starts (one row); label_x < 0: not placed */
    int label_w;          /* display width of label */
};

/*
 * Element ids, shared by the layout and the grid: a node i is i, an edge j is
 * n_nodes + j, MAP_ELEM_NONE is nothing.
 */
#define MAP_ELEM_NONE UINT32_MAX

struct map_layout {
    size_t n_nodes;
    struct map_node *nodes; /* sorted by (y, x): top to bottom, left to right */
    size_t n_edges;
    struct map_edge *edges; /* sorted by (from, to) */
    int width, height;      /* the drawing's size in cells */
    size_t crossings;       /* cells where one edge's line crosses another's */
    size_t layers;
    enum map_metric metric;
    bool simplified;     /* the work budget was reached: see note */
    size_t hidden_edges; /* kept paths not drawn (the lightest) to stay within the budget */
    char note[160];      /* "map simplified: ..." when simplified, else "" */
    enum map_style style;
    char *legend;       /* what the numbers and lines mean (UTF-8; overview: also the names) */
    char *legend_ascii; /* the same for the ASCII rendering */
    char *legend_short; /* a shorter one for a fitted map (overview: the same) */
    char *legend_short_ascii;
};

/* Line segments (an edge's layers crossed, summed) a map draws at most. */
#define MAPLAYOUT_MAX_SEGMENTS 60000

struct map_layout_opts {
    enum map_metric metric;
    enum map_style style;
    int name_width; /* widest name drawn, in cells (0 = 24; at least 6) */
    int max_width;  /* if > 0, narrow the boxes (names down to 8 cells) to try to fit */
    /* Optional: a marker to append to the number of activity from's box (to ==
     * CF_NONE) or of the arrow from activity from to activity to (e.g. "▲A" for
     * an overlay); NULL or "" for none. Kept short: the number and it share a
     * 24-byte field (boxes) or a 32-byte one (arrows). */
    const char *(*suffix)(void *ud, uint32_t from, uint32_t to);
    void *suffix_ud;
};

/* Defaults: frequency, normal style, names up to 24 cells, no width limit. */
void maplayout_opts_init(struct map_layout_opts *o);

/*
 * Lay out g (built by mapsimplify_build over log): its kept activities, kept
 * paths, a start and an end marker. Never fails; the result is read-only,
 * free it with maplayout_free. Time: a few ms for 40 activities, well under a
 * second for any graph: the costly stages run on work budgets (counted, not
 * timed, so the result is deterministic). Past them the layout simplifies:
 * fewer ordering sweeps, routing without the no-overlap constraints, and
 * beyond MAPLAYOUT_MAX_SEGMENTS line segments the lightest paths are not drawn
 * (each activity keeps its heaviest incoming and outgoing one and the main
 * path stays); then simplified is set and note says what was done.
 */
struct map_layout *maplayout_new(const struct event_log *log, const struct map_graph *g,
                                 const struct map_layout_opts *o);
void maplayout_free(struct map_layout *l);

static inline bool
maplayout_elem_is_node(const struct map_layout *l, uint32_t id)
{
    return id < l->n_nodes;
}
static inline bool
maplayout_elem_is_edge(const struct map_layout *l, uint32_t id)
{
    return id != MAP_ELEM_NONE && id >= l->n_nodes && id - l->n_nodes < l->n_edges;
}

/*
 * The element drawn at cell (x, y): a node's box or marker (its whole
 * rectangle), else an edge whose line, arrowhead or label covers the cell (the
 * heaviest one where several do), else MAP_ELEM_NONE. For mouse clicks.
 */
uint32_t maplayout_hit(const struct map_layout *l, int x, int y);

/* Index of the node of activity act, or -1 (not kept). */
long maplayout_find_node(const struct map_layout *l, uint32_t act);

/*
 * Decode one UTF-8 character at s (NUL-terminated, *s != 0): stores its code
 * point (U+FFFD for an invalid byte) and returns the bytes it took (>= 1).
 */
int maplayout_utf8_decode(const char *s, uint32_t *cp);

/* Cells code point cp takes: 0 (combining), 1 or 2 (wide); controls count 1. */
int maplayout_cp_width(uint32_t cp);

/* Display width of the UTF-8 string s in cells (invalid bytes count 1). */
int maplayout_text_width(const char *s);

/*
 * Copy s into a new string cut to at most width cells, ending with "…" when cut
 * (never splitting a character). The caller frees it.
 */
char *maplayout_text_cut(const char *s, int width);

#endif

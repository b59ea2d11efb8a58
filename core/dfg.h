/* The directly-follows graph of a selection, optionally projected onto a subset of activities. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_DFG_H
#define CF_DFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eventlog.h"
#include "selection.h"

struct dfg_node {
    size_t events; /* occurrences in the selected cases */
    size_t cases;  /* selected cases in which it occurs */
    size_t starts; /* cases starting with it */
    size_t ends;   /* cases ending with it */
};

struct dfg_edge {
    uint32_t from, to; /* activity ids */
    size_t count;      /* times from is directly followed by to */
    size_t cases;      /* cases in which that happens */
    double mean_ms, median_ms;
    int64_t min_ms, max_ms;
};

struct dfg {
    size_t n_act;           /* = eventlog_n_activities(log) */
    struct dfg_node *nodes; /* n_act entries, indexed by activity id */
    size_t n_edges;
    struct dfg_edge *edges; /* sorted by count descending, then from name, then to name */
    size_t cases;           /* selected cases that contribute (non-empty after projection) */
};

/*
 * Build the graph over the selected cases (sel NULL = all). keep (NULL = all)
 * is a mask over activity ids: events of other activities are removed and each
 * case reconnected (the projection Disco draws), so an edge a->b counts cases in
 * which b is the next *kept* activity after a. Durations are between the two
 * events' timestamps. Free with dfg_clear.
 */
void dfg_build(const struct event_log *log, const struct selection *sel, const bool *keep,
               struct dfg *out);
void dfg_clear(struct dfg *g);

/* Index of edge from->to in g->edges, or -1. Linear; build your own index if hot. */
long dfg_find_edge(const struct dfg *g, uint32_t from, uint32_t to);

#endif

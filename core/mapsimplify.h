/* The map's sliders: which activities and which paths (edges) the process map shows. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_MAPSIMPLIFY_H
#define CF_MAPSIMPLIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dfg.h"
#include "eventlog.h"
#include "selection.h"

/* Without --activities, the map keeps at most this many activities. */
#define MAPSIMPLIFY_DEFAULT_ACTIVITIES 15
/* Without --paths, the map keeps this percentage of the paths (then the rule below). */
#define MAPSIMPLIFY_DEFAULT_PATHS 25.0
/* Each activity keeps paths in and out until they carry this share of it... */
#define MAPSIMPLIFY_COVER (2.0 / 3.0)
/* ...or this many on a side. */
#define MAPSIMPLIFY_COVER_PATHS 3

/*
 * What the map draws. "Paths" are the edges of the projected graph between kept
 * activities (self-loops included) plus the start edges (cases beginning with
 * an activity) and end edges (cases ending with it).
 */
struct map_graph {
    struct dfg dfg;      /* the selection's DFG projected onto the kept activities */
    size_t n_act;        /* activities in the log (= dfg.n_act) */
    size_t n_present;    /* activities occurring in the selected cases */
    size_t n_kept;       /* activities kept by the activities slider */
    bool *keep_act;      /* n_act: kept by the activities slider */
    bool *keep_edge;     /* dfg.n_edges: kept by the paths slider */
    bool *keep_start;    /* n_act: start edge kept (only where dfg.nodes[a].starts > 0) */
    bool *keep_end;      /* n_act: end edge kept (only where dfg.nodes[a].ends > 0) */
    double *position;    /* n_act: mean index of the activity's first occurrence in the
                            projected cases having it (its place in the usual flow) */
    size_t n_paths;      /* paths of the projected graph */
    size_t n_paths_kept; /* paths kept (slider share plus the rule's additions) */
    double act_pct;      /* the activities percentage applied (100 * n_kept / n_present) */
    double path_pct;     /* the paths percentage asked for */
};

/*
 * Build the map's graph over the selected cases (sel NULL = all).
 * act_pct in (0, 100]: keep the ceil(act_pct% of the present activities) most
 * frequent ones by event count (ties by name), at least one; a negative value
 * keeps at most MAPSIMPLIFY_DEFAULT_ACTIVITIES. The graph is the DFG of the log
 * projected onto them (dfg_build with a keep mask). path_pct (negative =
 * MAPSIMPLIFY_DEFAULT_PATHS) is then applied with mapsimplify_paths. Never
 * fails; free with mapsimplify_clear.
 */
void mapsimplify_build(const struct event_log *log, const struct selection *sel, double act_pct,
                       double path_pct, struct map_graph *out);

/*
 * (Re)apply the paths slider to g, e.g. when only that slider moved: keep the
 * ceil(path_pct% of g->n_paths) heaviest paths (by event count; start and end
 * edges count cases; ties by names), then for every kept activity its
 * heaviest incoming and outgoing paths, start and end included, self-loops
 * aside: on each side heaviest first until they carry MAPSIMPLIFY_COVER of its
 * events (less self-loops), at most MAPSIMPLIFY_COVER_PATHS (so its largest
 * drop-offs show, as in Disco), then the heaviest paths needed so that every
 * kept activity is reachable from the start and reaches the end. path_pct is
 * clamped to [0, 100]; negative means the default.
 */
void mapsimplify_paths(struct map_graph *g, const struct event_log *log, double path_pct);

/*
 * Graphs of one selection at several slider settings, each projection built
 * once: the activities' ranking is counted when the memo is made, and each
 * number of kept activities scans the events once (the paths slider is then
 * applied to a copy). log and sel must outlive the memo. A graph built while
 * the thread's work is cancelled (cancel.h) is returned but not kept; a memo
 * made while cancelled has a partial ranking and must be thrown away.
 */
struct mapsimplify_memo;
struct mapsimplify_memo *mapsimplify_memo_new(const struct event_log *log,
                                              const struct selection *sel);
/* As mapsimplify_build over the memo's log and selection; out is the caller's to clear. */
void mapsimplify_memo_build(struct mapsimplify_memo *m, double act_pct, double path_pct,
                            struct map_graph *out);
/* Free the memo (NULL is fine); the graphs built from it are the callers'. */
void mapsimplify_memo_free(struct mapsimplify_memo *m);

/* Free what mapsimplify_build allocated (accepts a zeroed struct). */
void mapsimplify_clear(struct map_graph *g);

#endif

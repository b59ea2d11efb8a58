/* Fitting the process map into a given number of columns and rows: denser styles first, then fewer
 * activities and paths. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_MAPFIT_H
#define CF_MAPFIT_H

#include <stdbool.h>

#include "eventlog.h"
#include "maplayout.h"
#include "mapsimplify.h"
#include "selection.h"

/*
 * Rows the text around the drawing takes (title, legend, notes) when the map
 * g laid out as l is shown cols wide; for mapfit_run.
 */
typedef int (*mapfit_chrome_fn)(void *ud, const struct map_graph *g, const struct map_layout *l,
                                int cols);

struct map_fit {
    struct map_graph g;   /* the graph drawn (clear with mapfit_clear) */
    struct map_layout *l; /* its layout */
    double act_pct;       /* the sliders that fitted (negative: the defaults asked for) */
    double path_pct;
    bool lowered;       /* the sliders had to go down */
    bool fits;          /* l->width <= cols and l->height + chrome <= rows */
    int layouts;        /* layouts tried (for the curious and the tests) */
    size_t asked_paths; /* paths of the graph at the sliders asked for */
    size_t asked_kept;  /* activities kept at the sliders asked for */
};

/*
 * Fit the map of (log, sel) at sliders act_pct / path_pct (negative: the
 * defaults, as mapsimplify_build) into cols x rows: lay it out in the normal,
 * compact and overview styles in that order (o gives the metric and the
 * rest; its style and max_width are set here) and keep the first whose
 * drawing plus chrome(ud, ...) rows fits. If none does, lower the paths
 * slider to 0, then search (bisection) for the most activities that fit in
 * the compact or overview style. If even one activity does not fit, the
 * result is that one-activity overview with fits false. Never fails; free
 * with mapfit_clear. Cost: a few layouts of the map, then about log2(kept
 * activities) pairs of layouts of smaller ones.
 */
void mapfit_run(const struct event_log *log, const struct selection *sel, double act_pct,
                double path_pct, const struct map_layout_opts *o, int cols, int rows,
                mapfit_chrome_fn chrome, void *ud, struct map_fit *out);

/* The same over the selection of memo m (of log), whose graphs it reuses and adds to: fits of
 * one selection in a row (other sizes, chrome) then scan the events less often. */
void mapfit_run_memo(struct mapsimplify_memo *m, const struct event_log *log, double act_pct,
                     double path_pct, const struct map_layout_opts *o, int cols, int rows,
                     mapfit_chrome_fn chrome, void *ud, struct map_fit *out);

/* Free what mapfit_run made (accepts a zeroed struct). */
void mapfit_clear(struct map_fit *f);

#endif

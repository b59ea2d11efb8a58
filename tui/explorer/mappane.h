/* The Map view's detail pane: the figures of the selected activity or transition (i), drawn and
 * exported. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_MAPPANE_H
#define CF_MAPPANE_H

#include <stdint.h>

#include "app.h"
#include "dfg.h"
#include "rework.h"
#include "stages.h"
#include "table.h"

/* The analyses behind the pane, for one selection. */
struct map_pane {
    unsigned long seen; /* a->gen they were built for (0: never) */
    struct dfg g;       /* the selection's directly-follows graph, every activity */
    struct stages st;   /* time in stage */
    struct rework rw;   /* repeated activities */
};

/* Bring p up to date with a's selection (cost: a pass over its events, once per selection). */
void mappane_update(struct map_pane *p, struct app *a);

/*
 * The pane as a table (the caller frees it with table_free): for activity from
 * (to == MAPPANE_NODE) its events, cases, share of the selected cases, time
 * in stage (median, p90), rework and every incoming and outgoing transition
 * with count, share and median time; for the transition from -> to (CF_NONE
 * for the start or the end) its count, cases, share of from's events and
 * times. projected: the map hides activities between from and to. Call
 * mappane_update first. Names are raw: renderers escape them.
 */
#define MAPPANE_NODE (UINT32_MAX - 1)
struct table *mappane_table(const struct map_pane *p, const struct app *a, uint32_t from,
                            uint32_t to, bool projected);

/* Draw t in w at (y, x), h rows by width columns: a title line, then one line a row. */
void mappane_draw(const struct table *t, WINDOW *w, int y, int x, int h, int width);

/* Free what p holds (a zeroed p is fine). */
void mappane_clear(struct map_pane *p);

#endif

/* An aggregate standing in for an event log: the explorer's stand-in log and the analyses that
 * answer from it. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_AGGSOURCE_H
#define CF_AGGSOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "dfg.h"
#include "eventlog.h"
#include "pushdown.h"
#include "transitions.h"

/*
 * A log without events that stands for ag (its agg field points at ag, which
 * must outlive it): its activities are ag's names with the same ids, it has no
 * cases, attributes or resources, and its name and time range are ag's.
 * dfg_build and mapsimplify_build answer for such a log from ag's variants and
 * edges (below), so the Map works on it unchanged; every analysis that needs
 * events sees an empty log. Free with eventlog_free (ag is not freed).
 */
struct event_log *aggsource_log(const struct aggregate *ag);

/*
 * The directly-follows graph of ag projected onto keep (NULL = all), as
 * dfg_build makes it for a log: node and edge counts and cases come exactly
 * from the variants (each variant's cases count once per case). Durations are
 * ag's edge figures where the projected edge is an edge of ag that no dropped
 * activity ever bridged; otherwise (a reconnected edge, whose times the
 * aggregate does not have) mean and median are NaN and min/max 0. Free with
 * dfg_clear. Linear in the variants' total length.
 */
void aggsource_dfg(const struct aggregate *ag, const bool *keep, struct dfg *out);

/* Events of each activity (na = strpool_count(ag->names) entries, zeroed first). */
void aggsource_events(const struct aggregate *ag, size_t *events, size_t na);

/*
 * Mean index of each kept activity's first occurrence in the projected cases
 * having it (mapsimplify's positions), weighted by the variants' cases. A new
 * array of na entries (caller frees).
 */
double *aggsource_first_positions(const struct aggregate *ag, const bool *keep, size_t na);

/*
 * ag's variants weighted by w (n_variants entries: e.g. each variant's cases, or
 * 0 to leave it out), for transitions_build_weighted and pathinfo_build_weighted.
 * out points into ag and w.
 */
void aggsource_wvariants(const struct aggregate *ag, const size_t *w, struct wvariants *out);

/*
 * Cases repeating each activity (rework_cases[na], zeroed first), and, returned,
 * cases with an activity directly followed by itself: summary_build's figures, exact
 * from the variants.
 */
size_t aggsource_rework(const struct aggregate *ag, size_t *rework_cases, size_t na);

#endif

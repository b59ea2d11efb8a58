/* The happy path (top variant, widest route through the DFG) and likely-parallel activities. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_PATHINFO_H
#define CF_PATHINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eventlog.h"
#include "selection.h"
#include "transitions.h"

/*
 * Two activities are likely parallel when each directly follows the other in
 * some case and the dependency measure |a>b| - |b>a| / (|a>b| + |b>a| + 1)
 * (the Heuristics Miner's) is within +-PATHINFO_PARALLEL_MAX_DEP of zero.
 */
#define PATHINFO_PARALLEL_MAX_DEP 0.2

struct parallel_pair {
    uint32_t a, b;     /* a directly followed by b at least as often as the reverse */
    size_t ab, ba;     /* directly-follows counts both ways */
    double dependency; /* (ab - ba) / (ab + ba + 1), in [0, PATHINFO_PARALLEL_MAX_DEP] */
};

struct pathinfo {
    /* The most frequent variant (ties: by activity names, as variants_build). */
    bool has_variant; /* false when no case is selected */
    uint32_t variant;
    size_t variant_cases;
    double variant_share; /* of the selected cases */

    /*
     * The heaviest route from start to end through the directly-follows graph
     * (arcs weighted by how often they are taken, start and end arcs by the
     * cases starting/ending there): the widest path, whose least-taken arc is
     * taken as often as possible; among those, the one with the fewest steps,
     * preferring heavier arcs. No activity repeats.
     */
    size_t path_len;
    uint32_t *path;         /* path_len activity ids */
    size_t path_bottleneck; /* times its least-taken arc is taken */

    size_t n_parallel;
    struct parallel_pair *parallel; /* ab + ba desc, then names */
};

/* Fill out over the selected cases (sel NULL = all). Never fails; free with pathinfo_clear. */
void pathinfo_build(const struct event_log *log, const struct selection *sel, struct pathinfo *out);
/* The same over weighted variants (variant = an index of wv's). */
void pathinfo_build_weighted(const struct wvariants *wv, struct pathinfo *out);
void pathinfo_clear(struct pathinfo *p);

#endif

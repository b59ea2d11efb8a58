/* Variants: distinct activity sequences over a selection, with counts and durations. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_VARIANTS_H
#define CF_VARIANTS_H

#include <stddef.h>
#include <stdint.h>

#include "eventlog.h"
#include "selection.h"

struct variant_stat {
    uint32_t variant; /* variant id in the log (log->variant_case[variant] is an example) */
    size_t cases;     /* selected cases with this variant */
    size_t length;    /* number of events */
    double share;     /* cases / selected cases */
    double cum_share; /* coverage of this and all more frequent variants */
    double median_ms; /* case duration median over its selected cases */
    double mean_ms;
};

struct variant_table {
    size_t n;               /* variants with at least one selected case */
    size_t total_cases;     /* selected cases */
    struct variant_stat *v; /* sorted: cases descending, then activity sequence by name */
};

/* Fill out for the selected cases (sel NULL = all). Free with variants_clear. */
void variants_build(const struct event_log *log, const struct selection *sel,
                    struct variant_table *out);
void variants_clear(struct variant_table *t);

/* The activity sequence of variant v: *len ids, pointing into the log. */
const uint32_t *variants_sequence(const struct event_log *log, uint32_t v, size_t *len);

/* Compare two variants' sequences by activity name, then length (<0, 0, >0). */
int variants_compare_sequence(const struct event_log *log, uint32_t a, uint32_t b);

/* Sort orders for the Variants view. */
enum variants_order { VARIANTS_BY_CASES, VARIANTS_BY_DURATION, VARIANTS_BY_LENGTH };
/* Re-sort a table; cum_share is recomputed in the new order. */
void variants_sort(const struct event_log *log, struct variant_table *t, enum variants_order o);
/* Reverse a table's order (the Variants view's s); cum_share is recomputed. O(n). */
void variants_reverse(struct variant_table *t);

#endif

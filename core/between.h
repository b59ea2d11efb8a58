/* Time between two activities of a case (first A to the first B after it, and variants). */
/* SPDX-License-Identifier: MIT */
#ifndef CF_BETWEEN_H
#define CF_BETWEEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eventlog.h"
#include "selection.h"
#include "stats.h"

/*
 * Which pair of events a case is measured by. "After" is later in the case's
 * event order (an A and a B at the same time, A first in the order, give 0).
 *   from first (default): the case's first A;
 *   from last:            the last A that some B follows;
 *   to first (default):   the first B after that A;
 *   to last:              the case's last B (when it is after that A).
 * With each, every A opens a pair unless one is open, and the next B closes
 * it: A A B A B gives two pairs (first A to first B, third A to second B).
 */
struct between_opts {
    bool from_last, to_last, each;
};

struct between {
    uint32_t a, b;
    size_t cases_with_a;    /* selected cases with an A */
    size_t cases;           /* cases with an A and a B after it */
    size_t cases_without_b; /* cases with an A and no B after it */
    size_t n;               /* measured pairs: = cases, or more with each */
    struct stats_summary s; /* ms over the pairs */
    size_t hist[STATS_NBUCKETS];
    int64_t *times; /* n sorted durations */
};

/*
 * Measure over the selected cases (sel NULL = all); a and b are activity ids
 * (a may equal b: an A to the next A). Never fails; free with between_clear.
 */
void between_build(const struct event_log *log, const struct selection *sel, uint32_t a, uint32_t b,
                   const struct between_opts *opts, struct between *out);
void between_clear(struct between *bt);

/*
 * The one measured duration of case c under opts without each (0 and *ms), or
 * -1 when the case has no A with a B after it. Used by the filter.
 */
int between_case(const struct event_log *log, size_t c, uint32_t a, uint32_t b,
                 const struct between_opts *opts, int64_t *ms);

#endif

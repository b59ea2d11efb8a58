/* The explorer's segment helpers without curses: A/B selections, leanings, paths cut from the left.
 */
/* SPDX-License-Identifier: MIT */
#ifndef CF_SEGMENTS_H
#define CF_SEGMENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "compare.h"
#include "eventlog.h"
#include "pairmap.h"
#include "selection.h"
#include "util.h"

/* What a difference in share must reach (with p < 0.05) to mark an item as one side's. */
#define SEGMENTS_MIN_DIFF 0.05

/*
 * Split the cases of sel (NULL = all) by seg (enum segment per case of the log):
 * sa and sb (log->n_cases cases each) get the A and the B cases, counts[] the
 * number of each segment (indexed by enum segment) within sel.
 */
void segments_select(const struct event_log *log, const struct selection *sel, const uint8_t *seg,
                     struct selection *sa, struct selection *sb, size_t counts[3]);

/*
 * Which side an edge or activity of a comparison leans to: +1 when A has it
 * significantly more often (p < 0.05, enough cases, share difference at least
 * SEGMENTS_MIN_DIFF), -1 for B, 0 otherwise.
 */
int segments_lean(const struct compare_item *it);

/* A comparison's activities and edges looked up by activity ids (the map overlay). */
struct segments_marks {
    size_t n_act;
    const struct compare_item **act; /* n_act: the activity's item, or NULL */
    struct pairmap ei;               /* (from, to) -> index into edge */
    const struct compare_item **edge;
};

/* Index cmp (which must outlive m) over a log of n_act activities. Free with segments_marks_clear.
 */
void segments_marks_build(const struct comparison *cmp, size_t n_act, struct segments_marks *m);
void segments_marks_clear(struct segments_marks *m);

/* The item of activity from (to == CF_NONE) or of the edge from -> to, or NULL. */
const struct compare_item *segments_marks_find(const struct segments_marks *m, uint32_t from,
                                               uint32_t to);

/* Its leaning (segments_lean), 0 when there is no such item. */
int segments_marks_get(const struct segments_marks *m, uint32_t from, uint32_t to);

/*
 * Append to out the path seq[0..len) (activity names joined by sep) in at
 * most width display cells, keeping its end: the leading steps that do not
 * fit give way to ellipsis (one cell wide, e.g. "…" or "~") followed by as
 * much of the end of the step before as fits (when at least 3 cells do), and
 * when even the last step does not fit, it is cut from its left. len 0
 * appends nothing; width <= 0 appends the whole path.
 */
void segments_path_tail(const struct event_log *log, const uint32_t *seq, size_t len,
                        const char *sep, const char *ellipsis, int width, struct cf_buf *out);

#endif

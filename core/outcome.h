/* Outcomes: splitting cases into segment A (e.g. won), B (lost) and unknown (open). */
/* SPDX-License-Identifier: MIT */
#ifndef CF_OUTCOME_H
#define CF_OUTCOME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eventlog.h"
#include "util.h"

enum outcome_kind {
    OUTCOME_ATTR,     /* a case attribute has one of the values ("outcome=won") */
    OUTCOME_ACTIVITY, /* the case reaches one of the activities, anywhere */
    OUTCOME_LAST,     /* the case's last activity is one of them */
};

enum segment { SEG_UNKNOWN = 0, SEG_A = 1, SEG_B = 2 };

/*
 * One side's rule: a kind and a set. For OUTCOME_ATTR the spec is
 * "ATTR=V1,V2"; otherwise a comma-separated list of activity names.
 */
struct outcome_rule {
    enum outcome_kind kind;
    int attr;     /* attribute column for OUTCOME_ATTR, else -1 */
    bool *values; /* OUTCOME_ATTR: mask over value ids of log->values */
    bool *acts;   /* activity kinds: mask over activity ids */
    char *text;   /* as given, for descriptions */
};

/*
 * An outcome definition. A case is in A when rule a holds. When rule b is
 * given, B is the cases where b holds and a does not, and the rest is unknown.
 * Without b: if ends is given, B is the cases not in A whose last activity is an
 * accepted end (the rest, still open, unknown); otherwise B is every case not in A.
 * Cases matching both a and b count as A and are counted in `overlap`.
 */
struct outcome {
    struct outcome_rule a, b;
    bool has_b;
    bool *ends;                    /* mask over activities, or NULL */
    char label_a[64], label_b[80]; /* "won"/"lost" or derived from the rules */
};

/*
 * Build an outcome over log. a_spec is required; b_spec and ends_spec may be
 * NULL. Unknown attribute or activity names are errors (with the list of known
 * names for attributes). Returns 0, or -1 with err set. Free with outcome_clear.
 */
int outcome_init(struct outcome *o, const struct event_log *log, enum outcome_kind kind,
                 const char *a_spec, const char *b_spec, const char *ends_spec,
                 struct cf_error *err);
void outcome_clear(struct outcome *o);

/* Segment of every case into seg[n_cases]; returns counts in counts[3] (by enum segment)
 * and the number of cases matching both rules in *overlap (may be NULL). */
void outcome_segments(const struct outcome *o, const struct event_log *log, uint8_t *seg,
                      size_t counts[3], size_t *overlap);

/* The segment of a case with these activities in order, for an outcome whose rules
 * look at activities only (not OUTCOME_ATTR): a variant's, say. */
enum segment outcome_sequence_segment(const struct outcome *o, const uint32_t *acts, size_t len);

/* Parse a comma-separated list of activity names into a mask over activities
 * (xcalloc'd, caller frees). Unknown names are an error naming the first. */
bool *outcome_activity_mask(const struct event_log *log, const char *list, const char *what,
                            struct cf_error *err);

#endif

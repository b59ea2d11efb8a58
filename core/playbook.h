/* Playbooks (the intended stage order) and checking cases against them. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_PLAYBOOK_H
#define CF_PLAYBOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eventlog.h"
#include "selection.h"
#include "util.h"

/*
 * A playbook file, one item per line, '#' starts a comment:
 *
 *   Prospecting              a stage, in order; required, at most once
 *   Value Proposition?       optional
 *   Proposal/Price Quote*    required, may repeat
 *   Negotiation/Review?*     optional, may repeat
 *   allow: A -> B            an extra allowed transition (e.g. a loop back)
 *   anywhere: Call, E-mail   activities allowed anywhere, not checked
 *   end: Closed Won, Closed Lost   accepted end activities
 *   win: Closed Won          which ends count as the good outcome (for effects)
 *
 * Reaching a winning end (any end when there is no win: line) with required
 * stages not visited counts them as skipped; reaching another end early is an
 * exit (a lost deal need not pass through the later stages).
 */
struct playbook {
    char *name;
    size_t n_stages;
    char **stage;
    bool *optional, *repeat;
    size_t n_allow;
    char **allow_from, **allow_to;
    size_t n_anywhere, n_end, n_win;
    char **anywhere, **end, **win;
};

/* Caps on what a playbook may hold: it describes a process, it is no log. */
#define PLAYBOOK_MAX_BYTES (1u << 20)
#define PLAYBOOK_MAX_ENTRIES 10000u

/* Parse playbook text; name is used in messages. NULL + err (name:line: reason) on error,
 * among them more than PLAYBOOK_MAX_BYTES of text or PLAYBOOK_MAX_ENTRIES stages and rules. */
struct playbook *playbook_parse(const char *name, const char *text, struct cf_error *err);
/* Read and parse a file; reading stops past PLAYBOOK_MAX_BYTES (a FIFO that never ends). */
struct playbook *playbook_load(const char *path, struct cf_error *err);
void playbook_free(struct playbook *pb);

enum deviation_kind {
    DEV_SKIPPED,      /* a required stage was passed over */
    DEV_OUT_OF_ORDER, /* back to an earlier stage without an allowed transition */
    DEV_UNEXPECTED,   /* an activity the playbook does not name */
    DEV_REPEATED,     /* a stage directly again that may not repeat */
    DEV_NO_END,       /* the case did not end with an accepted end */
    DEV_AFTER_END,    /* events after an accepted end */
    DEV__COUNT
};
/* "skipped", "out_of_order", ... and "skipped stage", ... for people. */
const char *deviation_key(enum deviation_kind k);
const char *deviation_text(enum deviation_kind k);

struct deviation {
    uint8_t kind;
    uint32_t act;   /* the stage or activity concerned (activity id; CF_NONE if absent from log) */
    uint32_t prev;  /* for out-of-order: the activity before it; else CF_NONE */
    uint32_t pos;   /* index of the event within the case where it shows */
    uint32_t stage; /* for skipped stages: the playbook stage index */
};

/* A specific deviation (kind + activity + previous) aggregated over cases. */
struct deviation_stat {
    uint8_t kind;
    uint32_t act, prev, stage;
    size_t cases;
    size_t won, known; /* outcome among the deviating cases (known = A or B) */
    double rate;       /* won / known, NaN if none known */
    double diff;       /* rate - conforming rate */
    double p;          /* two-proportion z-test vs the conforming cases */
    int effect;        /* +1 beneficial, -1 detrimental, 0 neutral; see conformance.c */
    bool low_support;  /* fewer cases than the minimum support */
};

struct conformance {
    size_t cases, conforming;
    size_t conforming_won, conforming_known;
    double conforming_rate;
    size_t n_cases_log;
    size_t *case_off; /* n_cases_log + 1 offsets into devs (empty for unselected) */
    struct deviation *devs;
    size_t n_devs;
    struct deviation_stat kinds[DEV__COUNT]; /* per kind (act/prev CF_NONE) */
    struct deviation_stat *specific;         /* sorted by cases descending */
    size_t n_specific;
    size_t min_support;
    char missing_stages[256]; /* playbook names absent from the log, for a warning */
};

/*
 * Check every selected case against pb. seg (may be NULL) gives each case's
 * outcome (enum segment from outcome.h); without it, the playbook's win/end
 * lines define it (win end reached = A, another end = B, no end = unknown).
 * min_support: cases a deviation needs before it is labelled (0 = max(10, 1% of
 * the selection)). Effect rule: beneficial when the deviating cases' win rate
 * is at least 5 points above the conforming cases' and p < 0.05 (two-proportion
 * z-test); detrimental when 5 points below and p < 0.05; otherwise neutral.
 * Free with conformance_clear.
 */
void conformance_check(const struct event_log *log, const struct selection *sel,
                       const struct playbook *pb, const uint8_t *seg, size_t min_support,
                       struct conformance *out);
void conformance_clear(struct conformance *c);

/*
 * Set in out (log->n_cases cases; cleared first) the checked cases having a
 * deviation like s: of its kind and, when specific, with the same act, prev
 * and stage. s NULL: the cases with any deviation.
 */
void conformance_select(const struct conformance *cf, const struct deviation_stat *s, bool specific,
                        struct selection *out);

/* Describe one deviation in words ("skipped Needs Analysis") into buf. */
void deviation_describe(const struct event_log *log, const struct playbook *pb, uint8_t kind,
                        uint32_t act, uint32_t prev, uint32_t stage, char *buf, size_t size);

#endif

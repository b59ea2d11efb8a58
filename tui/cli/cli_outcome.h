/* Outcome options (--outcome, --outcome-activity, --outcome-last, --versus, --end) for commands. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_CLI_OUTCOME_H
#define CF_CLI_OUTCOME_H

#include <stdbool.h>
#include <stdint.h>

#include "eventlog.h"
#include "outcome.h"

struct cli_outcome {
    const char *attr;     /* --outcome ATTR=V[,V] */
    const char *activity; /* --outcome-activity A[,B] */
    const char *last;     /* --outcome-last A[,B] */
    const char *versus;   /* --versus: segment B, same kind as the outcome */
    const char *end;      /* --end A[,B]: accepted ends */
};

/* The cli_opt entries for struct cli_outcome o, to put in a command's option table. */
#define CLI_OUTCOME_OPTS(o)                                                                        \
    {"outcome", true, &(o).attr, NULL, "ATTR=V[,V]  segment A: cases with this attribute value"},  \
        {"outcome-activity", true, &(o).activity, NULL, "A[,B]  segment A: cases reaching A"},     \
        {"outcome-last", true, &(o).last, NULL, "A[,B]  segment A: cases ending with A"},          \
        {"versus", true, &(o).versus, NULL, "SPEC  segment B, same kind as the outcome"},          \
    {                                                                                              \
        "end", true, &(o).end, NULL, "A[,B]  accepted end activities (others are open)"            \
    }

/* Help text for those options. */
extern const char cli_outcome_help[];

/* True when some outcome option was given. */
bool cli_outcome_given(const struct cli_outcome *co);

/*
 * Build the outcome the options describe. Returns 0, or -1 with err set (two
 * outcome kinds given, --versus without an outcome, unknown names).
 */
int cli_outcome_init(const struct cli_outcome *co, const struct event_log *log, struct outcome *o,
                     struct cf_error *err);

/* The activities that define the outcome (to hide from divergence paths); NULL if none.
 * Caller frees. */
bool *cli_outcome_hide_mask(const struct outcome *o, const struct event_log *log);

/* cli_outcome_init, then every case's segment (xmalloc'd, log->n_cases; caller frees it
 * and clears o). NULL with err set when the options are wrong. */
uint8_t *cli_outcome_segments(const struct cli_outcome *co, const struct event_log *log,
                              struct outcome *o, struct cf_error *err);

#endif

/* Command-line plumbing shared by every subcommand: import and filter options, loading. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_CLI_H
#define CF_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "eventlog.h"
#include "import_csv.h"
#include "selection.h"
#include "util.h"

/* Exit statuses. */
#define CF_EXIT_OK 0
#define CF_EXIT_INPUT 1 /* the log could not be used */
#define CF_EXIT_USAGE 2 /* bad option, bad regex, bad value */

#define CLI_MAX_FILTERS 64
#define CLI_MAX_ARGS 16

/* One filter option as given, in order; core/filter.c turns them into a stack. */
struct cli_filter_spec {
    const char *opt; /* option name without dashes: "grep", "where", ... */
    const char *arg; /* its argument (NULL for flags) */
    bool invert;     /* --invert followed it */
};

struct cli_common {
    const char *cmd; /* subcommand name, for messages */
    struct import_opts import;
    bool json;
    bool help;
    struct cli_filter_spec filters[CLI_MAX_FILTERS];
    size_t n_filters;
    char *args[CLI_MAX_ARGS]; /* positional arguments */
    size_t n_args;
};

/* A subcommand's own option: a string target (has_arg) or a flag target. */
struct cli_opt {
    const char *name; /* without dashes */
    bool has_arg;
    const char **str;
    bool *flag;
    const char *help; /* "ARG  what it does", for --help */
};

/*
 * Parse argv[1..] (argv[0] is the subcommand) into c, with the common options
 * (import, filters, --json, --help) and the command's own extra options
 * (array ending with a NULL name; extra may be NULL). Accepts --opt=value and
 * --opt value. Returns 0, or CF_EXIT_USAGE after printing the reason.
 */
int cli_parse(struct cli_common *c, int argc, char **argv, const struct cli_opt *extra);

/* Print the common options' help to f. */
void cli_print_common_help(FILE *f);

/*
 * Load c->args[0] (or "-") with c->import and apply c->filters. On success
 * sets *log and *sel (free both) and returns 0; otherwise prints
 * "caseflow: FILE:LINE: reason" to stderr and returns the exit status.
 */
int cli_load(struct cli_common *c, struct event_log **log, struct selection **sel);

/* Load a log by path (CSV; .gz transparently) with the given options. */
struct event_log *cli_import(const char *path, const struct import_opts *o, struct cf_error *err);

/* Print "caseflow: " + the formatted error to stderr, through cf_term_escape
 * (a message may carry a file name or a value from the log). */
void cli_error(const struct cf_error *err);

/* The largest count a numeric option takes. */
#define CLI_COUNT_MAX 1000000000ULL

/* Parse a count option's value: decimal digits only (no sign, blanks or
 * suffix), from min to CLI_COUNT_MAX. Returns 0 with *out set, or -1. */
int cli_parse_count(const char *s, size_t min, size_t *out);

/*
 * Apply the filter specs in order to sel (all cases selected on entry).
 * Returns 0, or -1 with err set (bad regex, unknown attribute, bad date...).
 * Defined in cli_filters.c.
 */
int cli_apply_filters(const struct cli_common *c, const struct event_log *log,
                      struct selection *sel, struct cf_error *err);

#endif

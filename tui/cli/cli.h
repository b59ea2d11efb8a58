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
#include "table.h"
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
    bool json;                /* --format json (or --json) */
    enum table_format format; /* --format text|json|csv */
    size_t width;             /* --width N (0 = never cut) */
    bool width_given;
    bool csv_raw; /* --csv-raw */
    bool ascii;   /* set by commands with --ascii: '#' bars and '~' cuts */
    bool help;
    struct cli_filter_spec filters[CLI_MAX_FILTERS];
    size_t n_filters;
    char *args[CLI_MAX_ARGS]; /* positional arguments */
    size_t n_args;
    const char *display_tz;      /* --display-tz ZONE, or NULL: the log's own offset */
    const char *redact;          /* --redact case,resource,ATTR..., or NULL */
    const char *redact_key_file; /* --redact-key-file FILE */
    const char *snapshot_out;    /* --snapshot FILE: write the loaded log as a snapshot */
    int tz_off_min;              /* after cli_load: the display offset (cli_display_tz) */
    bool tz_set;                 /* ... text output shows times at that offset */
    char tz_label[96];
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

/*
 * The table format c asks for: c->format, the width (--width N; else, when stdout
 * is a terminal, COLUMNS or the terminal's width; else 100), Unicode when the
 * locale is UTF-8, pretty JSON, times in UTC.
 */
void cli_table_fmt(const struct cli_common *c, struct table_fmt *f);

/*
 * Render d to stdout in the format c asks for (csv_table: the table CSV prints,
 * NULL for the first), free d, and return the exit status (0, or 1 when stdout
 * could not be written).
 */
int cli_output(const struct cli_common *c, struct tdoc *d, const char *csv_table);

/*
 * The start of every subcommand: cli_parse, then for --help the command's help
 * (help_fmt, printf-style) and the common options' help. Returns true to go on;
 * false with *rc the exit status (0 after --help, or the usage error's).
 */
bool cli_start(struct cli_common *c, int argc, char **argv, const struct cli_opt *extra, int *rc,
               const char *help_fmt, ...) __attribute__((format(printf, 6, 7)));

/*
 * Parse the number val of option --opt (NULL: leave *out as it is) into *out: digits
 * only, from min to CLI_COUNT_MAX. Returns 0, or CF_EXIT_USAGE after "caseflow CMD:
 * --opt takes a number" ("a positive number" when min is 1, "a number of at least
 * MIN" above).
 */
int cli_size_opt(const struct cli_common *c, const char *opt, const char *val, size_t *out,
                 size_t min);

/* Free what cli_load gave (either may be NULL). */
void cli_unload(struct event_log *log, struct selection *sel);

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

/*
 * After a load: --redact (pseudonyms in place of the values; with a random key
 * note gets its fingerprint, to show the user) and --display-tz checked.
 * Returns 0, or -1 with err set (bad key file, unknown attribute or zone).
 * Defined in cli_reshape.c.
 */
int cli_postload(const struct cli_common *c, struct event_log *log, char *note, size_t nsz,
                 struct cf_error *err);

/*
 * Write the event log of sel's cases to path (XES when it ends in .xes, else
 * CSV; times at offset off_min), for the explorer's ":export log FILE".
 * Returns 0 or -1; msg says what was written or what went wrong.
 */
int cli_export_log_file(const struct event_log *log, const struct selection *sel, int off_min,
                        const char *path, char *msg, size_t msz);

/*
 * The offset times are shown in for log under --display-tz (NULL: the log's
 * dominant offset, else local time for logs without offsets): minutes east,
 * and a label ("UTC", "+01:00", "Europe/Berlin +01:00"). Returns 0, or -1
 * for an unknown zone. Defined in cli_reshape.c.
 */
int cli_display_tz(const char *display_tz, const struct event_log *log, int *off_min, char *label,
                   size_t lsz);

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
/* The same, appending to notes (may be NULL) one line per filter that met values it
 * could not read: "caseflow: --where amount>5: 3 cases have a value that is not a
 * number (counted as not matching)\n". The lines carry log text: escape them. */
int cli_apply_filters_notes(const struct cli_common *c, const struct event_log *log,
                            struct selection *sel, struct cf_buf *notes, struct cf_error *err);

#endif

/* Row-level reshaping at import: wide rows, change histories, row filters, composite case ids. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_RESHAPE_H
#define CF_RESHAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define RESHAPE_MAX_CASE_COLS 8

/* HubSpot's stage-date headers: `Date entered "Closed Won (Sales Pipeline)"`.
 * The first capture group is the stage without the pipeline suffix. */
#define RESHAPE_WIDE_DEFAULT "^Date entered \"(.+?)(?: \\([^()]*\\))?\"$"

/* What the user asked for (all NULL/false: no reshaping). */
struct reshape_opts {
    const char *wide;          /* NULL = off; "" = RESHAPE_WIDE_DEFAULT; else a PCRE2 pattern */
    const char *changes;       /* --changes FIELD: keep rows whose field column equals FIELD */
    const char *field_col;     /* NULL = guessed (Field, field_name, Changed Field, ...) */
    const char *new_value_col; /* NULL = guessed (NewValue, New Value, To, toString, ...) */
    const char *keep_rows;     /* COL=VALUE or COL~REGEX; NULL = every row */
    bool collapse_repeats;     /* consecutive same-activity events of a case: keep the first */
};

/*
 * The state for one import, built from the header. Fields are public to the
 * CSV importer; NO_COL (SIZE_MAX) marks an unused column.
 */
struct reshape {
    /* --wide: the matching columns and the activity each one names. */
    size_t n_wide;
    size_t *wide_cols;
    char **wide_act;
    /* Headers matching the default pattern when --wide is off (a hint). */
    size_t n_wide_hint;
    /* --changes */
    const char *changes;
    size_t changes_len;
    size_t field_col, new_value_col;
    /* --keep-rows */
    size_t keep_col;
    char *keep_value; /* COL=VALUE */
    size_t keep_len;
    void *keep_re, *keep_md; /* COL~REGEX: pcre2_code / pcre2_match_data */
    /* --case a,b: several columns joined with '/' */
    size_t n_case;
    size_t case_cols[RESHAPE_MAX_CASE_COLS];
    struct cf_buf case_buf;
    /* Counts for the import report. */
    size_t skipped_field, skipped_keep, skipped_wide_empty;
};

/*
 * Resolve the options against the header (ncols names). Fills rs (zeroed by
 * the caller) and, for --changes, *activity_col with the new-value column's
 * name when the user named none. case_opt is --case as given: when it lists
 * several columns (a,b) that are not one column's name, they become the case
 * columns. Returns 0, or -1 with msg set (the options do not fit this file:
 * a --wide pattern that is invalid or matches no header, --changes without a
 * field or new-value column, an unknown --keep-rows column or bad regex).
 */
int reshape_header(struct reshape *rs, const struct reshape_opts *o, const char *case_opt,
                   const char *const *cols, size_t ncols, const char **activity_col, char *msg,
                   size_t msz);

/* Does the row (nf fields) pass --keep-rows and --changes? Counts it when not. */
bool reshape_keep(struct reshape *rs, const char *const *f, const size_t *len);

/* The composite case id of the row (joined with '/'); *n its length. */
const char *reshape_case(struct reshape *rs, const char *const *f, const size_t *len, size_t *n);

/* Free what reshape_header allocated (rs itself is the caller's). */
void reshape_clear(struct reshape *rs);

/* Count the headers matching RESHAPE_WIDE_DEFAULT (for the hint). */
size_t reshape_count_wide_headers(const char *const *cols, size_t ncols);

/*
 * The UTC offset written at the end of an ISO 8601 time (Z, +hh:mm, +hhmm,
 * +hh, " UTC"): 0 and *minutes east, or -1 when it carries none.
 */
int reshape_offset_of(const char *s, size_t n, int *minutes);

/* A small histogram of offsets, for the log's dominant offset. */
struct offset_hist {
    int off[8];
    size_t count[8];
    size_t n, other;
};
void offset_hist_add(struct offset_hist *h, int minutes);
/* The most frequent offset: 0 and *minutes, or -1 when none was seen. */
int offset_hist_dominant(const struct offset_hist *h, int *minutes);

#endif

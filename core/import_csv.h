/* CSV import through libcsv: streaming, .gz, stdin, sniffed delimiter, guessed roles. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_IMPORT_CSV_H
#define CF_IMPORT_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "eventlog.h"
#include "util.h"

enum date_order { DATE_ORDER_AUTO, DATE_ORDER_DMY, DATE_ORDER_MDY };

/* AUTO: XES for .xes/.xes.gz names or content starting with '<', else CSV. */
enum import_format { IMPORT_FORMAT_AUTO, IMPORT_FORMAT_CSV, IMPORT_FORMAT_XES };

/* Progress callback: bytes consumed of the (compressed) input, its total size
 * (0 if unknown, e.g. stdin), rows read so far. Called every few thousand rows. */
typedef void (*import_progress_fn)(void *ud, size_t bytes, size_t total, size_t rows);

struct import_opts {
    const char *case_col;     /* header names; NULL = guess from the header */
    const char *activity_col; /* may list several columns joined by ','; joined with '+' */
    const char *time_col;
    const char *resource_col; /* NULL = guess; "" = none */
    char delimiter;           /* 0 = sniff among , ; TAB | */
    const char *time_format;  /* strptime format, NULL = automatic */
    enum date_order date_order;
    bool strict;              /* any rejected row makes the import fail */
    enum import_format format; /* which importer cli_import uses (XES: import_xes.h) */
    import_progress_fn progress;
    void *progress_ud;
};

/* Defaults: everything guessed, nothing strict. */
void import_opts_init(struct import_opts *o);

/*
 * Load path ("-" = stdin; a .gz file, or any gzip stream, is decompressed).
 * On success returns a log whose report says what was rejected and why.
 * Returns NULL and sets err (file, line, reason) when the file cannot be used
 * at all: missing, empty, no header, no case/activity/timestamp column, an
 * unterminated quote at EOF, binary data, or (strict) any rejected row.
 */
struct event_log *import_csv(const char *path, const struct import_opts *opts,
                             struct cf_error *err);

/* The same from a memory buffer (tests, fuzzing); name is used in messages. */
struct event_log *import_csv_buffer(const char *name, const char *data, size_t len,
                                    const struct import_opts *opts, struct cf_error *err);

#endif

/* CSV import through libcsv: streaming, .gz, stdin, sniffed delimiter, guessed roles. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_IMPORT_CSV_H
#define CF_IMPORT_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "eventlog.h"
#include "reshape.h"
#include "util.h"

enum date_order { DATE_ORDER_AUTO, DATE_ORDER_DMY, DATE_ORDER_MDY };

/* AUTO: XES for .xes/.xes.gz names or content starting with '<', else CSV. */
enum import_format { IMPORT_FORMAT_AUTO, IMPORT_FORMAT_CSV, IMPORT_FORMAT_XES };

/* Progress callback: bytes consumed of the (compressed) input, its total size
 * (0 if unknown, e.g. stdin), rows read so far. Called every few thousand
 * rows and once at the end. */
typedef void (*import_progress_fn)(void *ud, size_t bytes, size_t total, size_t rows);

struct import_opts {
    const char *case_col;     /* header names; NULL = guess from the header */
    const char *activity_col; /* may list several columns joined by ','; joined with '+' */
    const char *time_col;
    const char *resource_col; /* NULL = guess; "" = none */
    char delimiter;           /* 0 = sniff among , ; TAB | */
    const char *time_format;  /* strptime format, NULL = automatic */
    enum date_order date_order;
    bool strict;               /* any rejected row makes the import fail */
    enum import_format format; /* which importer cli_import uses (XES: import_xes.h) */
    import_progress_fn progress;
    void *progress_ud;
    struct reshape_opts reshape; /* --wide, --changes, --keep-rows, --collapse-repeats */
    const char *timezone;        /* IANA zone for times without an offset; NULL = UTC */
    const char *encoding;        /* iconv name of the input's encoding; NULL = UTF-8 */
    const char *classifier;      /* XES: name of a <classifier> of the log giving the activity */
    /* Database sources (core/source_pg.h), used when the LOG names a database. */
    const char *db_table;  /* --table T */
    const char *db_query;  /* --query 'SELECT ...' */
    const char *order_col; /* --order-column C: stable tie-break for equal times */
    /* Polled about ten times a second while waiting on a database (NULL: never): true
     * cancels the query, on the server too, and the read fails saying so. */
    bool (*interrupt)(void *ud);
    void *interrupt_ud;
};

/* Defaults: everything guessed, nothing strict. */
void import_opts_init(struct import_opts *o);

/*
 * Load path ("-" = stdin; a .gz file, or any gzip stream, is decompressed).
 * On success returns a log (free with eventlog_free) whose report says what
 * was rejected and why; ev_line is the physical line where each row began
 * (header = line 1; quoted newlines count). Unquoted leading and trailing
 * blanks of a field are trimmed (libcsv's rule).
 * Returns NULL and sets err (file, line, reason) when the file cannot be used
 * at all: missing, empty, no header, header only, no case/activity/timestamp
 * column, an unknown column named in opts, an unterminated quote at EOF,
 * binary data, every row rejected, or (strict) any rejected row. Also when
 * NN/NN/YYYY dates are ambiguous: with date_order AUTO the order is taken
 * from the first date that fits only one reading (a day over 12); if no row
 * tells, the import fails asking for --date-order rather than guessing, and
 * rows that contradict an order learnt from the data are an error too.
 */
struct event_log *import_csv(const char *path, const struct import_opts *opts,
                             struct cf_error *err);

/* The same from a memory buffer (tests, fuzzing; gzip data is decompressed);
 * name is used in messages and as the log's name. */
struct event_log *import_csv_buffer(const char *name, const char *data, size_t len,
                                    const struct import_opts *opts, struct cf_error *err);

/*
 * A reader for import_csv_reader: copies up to cap bytes of the stream into
 * buf and returns how many (0 at the end), or -1 with a reason in msg (size
 * msz, e.g. "cannot read: server closed the connection").
 */
typedef long (*import_read_fn)(void *ud, unsigned char *buf, size_t cap, char *msg, size_t msz);

/* The same from a stream read through read(ud, ...) (a database COPY, ...);
 * name is used in messages and as the log's name. Plain CSV, not gzip. */
struct event_log *import_csv_reader(const char *name, import_read_fn read, void *ud,
                                    const struct import_opts *opts, struct cf_error *err);

#endif

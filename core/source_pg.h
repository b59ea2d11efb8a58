/* Reading event logs and aggregates from PostgreSQL through libpq, streamed with COPY. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_SOURCE_PG_H
#define CF_SOURCE_PG_H

#include <stdbool.h>
#include <stddef.h>

#include "eventlog.h"
#include "import_csv.h"
#include "util.h"

/* What to read from a database: a table, or a query; with an order for ties. */
struct pg_source {
    const char *conninfo;  /* postgresql://..., postgres://..., or libpq "key=value ..." */
    const char *table;     /* --table (or ?table= in the URL); NULL = from the URL */
    const char *query;     /* --query 'SELECT ...'; takes the place of the table */
    const char *order_col; /* --order-column: ORDER BY it (stable tie-break), or NULL */
};

/* True when caseflow was built with libpq (configure --with-postgresql). */
bool source_pg_available(void);

/*
 * True when s names a database rather than a file: it starts with
 * postgresql:// or postgres://, or is a libpq keyword string whose first word
 * is service=, dbname=, host=, hostaddr=, port= or user=.
 */
bool source_pg_is_conninfo(const char *s);

/*
 * The table named in a URL's ?table=T (percent-decoded), or NULL when there is
 * none. Caller frees.
 */
char *source_pg_url_table(const char *conninfo);

/*
 * The FROM item for src: "(query) AS q" for a query, else the table name,
 * quoted as an identifier per dot-separated part unless it already holds a
 * double quote. NULL (err set) when neither is given. Caller frees.
 */
char *source_pg_from_item(const struct pg_source *src, struct cf_error *err);

/*
 * Load the events of src: COPY (SELECT * FROM T [ORDER BY order_col]) TO
 * STDOUT (FORMAT csv, HEADER) fed into the CSV importer, so every import option
 * applies and memory and time are those of a CSV import. The session's TimeZone
 * is UTC, so timestamptz columns arrive with a +00 offset. Passwords come only
 * from libpq's own sources (PGPASSWORD, ~/.pgpass, a service file): a password
 * in conninfo is refused. Returns a log (eventlog_free) or NULL with err set to
 * a message carrying the server's words (terminal-safe): connection refused,
 * authentication failed, missing table, a query failing half-way, or libpq not
 * built in, or cancelled by o->interrupt. The log is named name.
 */
struct event_log *source_pg_import(const char *name, const struct pg_source *src,
                                   const struct import_opts *o, struct cf_error *err);

/*
 * Run sql (a SELECT) on the database of conninfo as COPY (sql) TO STDOUT
 * (FORMAT csv, HEADER), handing the bytes to sink in pieces. Returns 0, or -1
 * with err set (sink failing with -1 stops the copy; sink sets err then).
 * o (may be NULL): its interrupt, polled while the server works, cancels.
 */
typedef int (*pg_sink_fn)(void *ud, const char *data, size_t n, struct cf_error *err);
int source_pg_copy(const char *name, const char *conninfo, const char *sql, pg_sink_fn sink,
                   void *ud, const struct import_opts *o, struct cf_error *err);

/* The message of a read that o's interrupt cancelled (after "NAME: "). */
extern const char source_pg_cancelled[];

#endif

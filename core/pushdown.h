/* Push-down: the aggregation queries for SQL engines, and the aggregates they return. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_PUSHDOWN_H
#define CF_PUSHDOWN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stats.h"
#include "strpool.h"
#include "util.h"

enum sql_dialect { SQL_POSTGRES, SQL_DUCKDB, SQL_SPARK, SQL_TRINO, SQL_BIGQUERY };

/* "postgres" (or "postgresql"), "duckdb", "spark", "trino", "bigquery": 0, else -1. */
int sql_dialect_parse(const char *s, enum sql_dialect *out);
const char *sql_dialect_name(enum sql_dialect d);

/* What the query reads: the FROM item and the roles of its columns. */
struct pushdown_spec {
    enum sql_dialect dialect;
    const char *from;         /* a table name or "(SELECT ...) AS q", inserted as written */
    const char *case_col;     /* column names, quoted by the generator */
    const char *activity_col; /* one column, or several joined by ',' (values joined by '+') */
    const char *time_col;     /* a timestamp, or a string the engine casts to one */
    const char *order_col;    /* tie-break among equal times; NULL: the engine's physical
                                 order when it has one (postgres ctid, duckdb rowid), else
                                 the activity name */
    bool from_is_query;       /* from is a subquery: no physical order to use */
    const char *where;        /* NULL, or a condition on from's rows ANDed in (pushfilter.h) */
};

/*
 * The one aggregation query for spec, as a new string (caller frees). It
 * returns a long table, one row per aggregate, with the columns
 *   kind, a, b, n, cases, mean_ms, median_ms, min_ms, max_ms, p10_ms, p25_ms,
 *   p75_ms, p90_ms
 * where kind is
 *   log            n = events, cases, min_ms/max_ms = first/last timestamp
 *   activity       a = activity, n = events, cases = cases containing it
 *   start, end     a = activity, cases = cases starting/ending with it
 *   variant        a = the activities joined by U+001F in case order, cases,
 *                  duration figures of its cases
 *   edge           a -> b directly follows: n, cases, duration figures
 *   case_duration  cases, duration figures with quantiles
 * Durations and times are milliseconds. Events are ordered within a case by
 * (time, spec->order_col or the default above).
 */
char *pushdown_sql(const struct pushdown_spec *spec);

/* The aggregates a push-down (or a file of its results) brings back. */
struct agg_count {
    uint32_t act;
    size_t events, cases;
};
struct agg_variant {
    uint32_t *acts; /* activity ids in case order */
    size_t len;
    size_t cases;
    double mean_ms, median_ms;
    int64_t min_ms, max_ms;
};
struct agg_edge {
    uint32_t from, to;
    size_t count, cases;
    double mean_ms, median_ms;
    int64_t min_ms, max_ms;
};

struct aggregate {
    char *name; /* where it came from */
    size_t cases, events;
    int64_t t_first, t_last;
    struct strpool *names; /* activity names */
    struct agg_count *acts, *starts, *ends;
    size_t n_acts, n_starts, n_ends;
    struct agg_variant *variants; /* sorted by cases descending, then path */
    uint32_t *variant_acts;       /* every variant's activities: their acts point into it */
    size_t n_variants;
    struct agg_edge *edges; /* sorted by count descending, then names */
    size_t n_edges;
    struct stats_summary case_duration; /* ms; n = cases */
};

/*
 * Parse the results of pushdown_sql as CSV (with its header; column order
 * free, extra columns ignored) or JSON (an array of row objects, or one
 * object per line, as engines export). Numbers may be written as integers or
 * decimals; empty/null cells are absent values. Returns a new aggregate
 * (aggregate_free) or NULL with err set (name, line, reason): a missing column,
 * an unknown kind, a bad number, no "log" row.
 */
struct aggregate *aggregate_parse(const char *name, const char *data, size_t len,
                                  struct cf_error *err);

/* The same in pieces as they arrive (a database COPY): CSV is parsed as it
 * comes, JSON gathered and parsed at the end. feed returns 0, or -1 once the
 * input is known bad (err set); finish returns the aggregate or NULL (err set)
 * and frees the parser either way; abandon frees it without a result. */
struct agg_parser;
struct agg_parser *aggregate_parser_new(const char *name, struct cf_error *err);
int aggregate_parser_feed(struct agg_parser *p, const char *data, size_t len);
struct aggregate *aggregate_parser_finish(struct agg_parser *p);
void aggregate_parser_abandon(struct agg_parser *p);

/* Read and parse a file ("-" = stdin; .gz decompressed). NULL with err set. */
struct aggregate *aggregate_load(const char *path, struct cf_error *err);

void aggregate_free(struct aggregate *a);

#endif

/* Push-down: the aggregation query in each SQL dialect (the results are read by aggregate.c). */
/* SPDX-License-Identifier: MIT */
#include "pushdown.h"

#include <stdlib.h>
#include <string.h>

static const char *const dialect_names[] = {"postgres", "duckdb", "spark", "trino", "bigquery"};

int
sql_dialect_parse(const char *s, enum sql_dialect *out)
{
    if (strcmp(s, "postgresql") == 0) {
        *out = SQL_POSTGRES;
        return 0;
    }
    for (size_t i = 0; i < sizeof dialect_names / sizeof dialect_names[0]; i++) {
        if (strcmp(s, dialect_names[i]) == 0) {
            *out = (enum sql_dialect)i;
            return 0;
        }
    }
    return -1;
}

const char *
sql_dialect_name(enum sql_dialect d)
{
    return dialect_names[d];
}

/* Identifiers: backquotes in Spark and BigQuery, double quotes elsewhere. */
static void
ident(struct cf_buf *b, enum sql_dialect d, const char *s, size_t n)
{
    char q = d == SQL_SPARK || d == SQL_BIGQUERY ? '`' : '"';
    cf_buf_append(b, &q, 1);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == q)
            cf_buf_append(b, &q, 1); /* doubled (BigQuery would want \`, rare enough) */
        cf_buf_append(b, s + i, 1);
    }
    cf_buf_append(b, &q, 1);
}

static void
ident0(struct cf_buf *b, enum sql_dialect d, const char *s)
{
    ident(b, d, s, strlen(s));
}

static const char *
t_string(enum sql_dialect d)
{
    return d == SQL_SPARK || d == SQL_BIGQUERY ? "STRING" : "VARCHAR";
}

static const char *
t_double(enum sql_dialect d)
{
    return d == SQL_BIGQUERY ? "FLOAT64" : d == SQL_POSTGRES ? "DOUBLE PRECISION" : "DOUBLE";
}

static const char *
t_bigint(enum sql_dialect d)
{
    return d == SQL_BIGQUERY ? "INT64" : "BIGINT";
}

/* The separator of activities in a variant string: U+001F (unit separator). */
static const char *
sep_expr(enum sql_dialect d)
{
    switch (d) {
    case SQL_SPARK: return "char(31)";
    case SQL_BIGQUERY: return "CODE_POINTS_TO_STRING([31])";
    default: return "chr(31)";
    }
}

/* Milliseconds since the epoch of the time column. */
static void
time_ms(struct cf_buf *b, const struct pushdown_spec *s)
{
    enum sql_dialect d = s->dialect;
    switch (d) {
    case SQL_POSTGRES:
        /* date_part is double precision (EXTRACT is numeric since PostgreSQL 14, about
         * twice as slow over a million rows); exact to the millisecond for any year. */
        cf_buf_puts(b, "CAST(ROUND(date_part('epoch', CAST(");
        ident0(b, d, s->time_col);
        cf_buf_puts(b, " AS TIMESTAMPTZ)) * 1000) AS BIGINT)");
        break;
    case SQL_DUCKDB:
        cf_buf_puts(b, "epoch_ms(CAST(");
        ident0(b, d, s->time_col);
        cf_buf_puts(b, " AS TIMESTAMPTZ))");
        break;
    case SQL_SPARK:
        cf_buf_puts(b, "unix_millis(CAST(");
        ident0(b, d, s->time_col);
        cf_buf_puts(b, " AS TIMESTAMP))");
        break;
    case SQL_TRINO:
        cf_buf_puts(b, "CAST(ROUND(to_unixtime(CAST(");
        ident0(b, d, s->time_col);
        cf_buf_puts(b, " AS TIMESTAMP(3) WITH TIME ZONE)) * 1000) AS BIGINT)");
        break;
    case SQL_BIGQUERY:
        cf_buf_puts(b, "UNIX_MILLIS(CAST(");
        ident0(b, d, s->time_col);
        cf_buf_puts(b, " AS TIMESTAMP))");
        break;
    }
}

/* The activity: one column as a string, or several joined with '+'. */
static void
activity_expr(struct cf_buf *b, const struct pushdown_spec *s)
{
    const char *a = s->activity_col;
    bool several = strchr(a, ',') != NULL;
    if (several)
        cf_buf_puts(b, "CONCAT(");
    for (bool first = true;; first = false) {
        size_t n = strcspn(a, ",");
        if (!first)
            cf_buf_puts(b, ", '+', ");
        cf_buf_puts(b, "CAST(");
        ident(b, s->dialect, a, n);
        cf_buf_printf(b, " AS %s)", t_string(s->dialect));
        if (a[n] == '\0')
            break;
        a += n + 1;
    }
    if (several)
        cf_buf_puts(b, ")");
}

/* The tie-break key among equal times. */
static void
order_expr(struct cf_buf *b, const struct pushdown_spec *s)
{
    if (s->order_col != NULL)
        ident0(b, s->dialect, s->order_col);
    else if (s->dialect == SQL_POSTGRES && !s->from_is_query)
        cf_buf_puts(b, "ctid");
    else if (s->dialect == SQL_DUCKDB && !s->from_is_query)
        cf_buf_puts(b, "rowid");
    else
        activity_expr(b, s);
}

/* Quantile q of the BIGINT expression e over the group. */
static void
quantile(struct cf_buf *b, enum sql_dialect d, const char *e, const char *q)
{
    switch (d) {
    case SQL_POSTGRES:
        cf_buf_printf(b, "percentile_cont(%s) WITHIN GROUP (ORDER BY %s)", q, e);
        break;
    case SQL_DUCKDB: cf_buf_printf(b, "quantile_cont(%s, %s)", e, q); break;
    case SQL_SPARK: cf_buf_printf(b, "percentile(%s, %s)", e, q); break;
    case SQL_TRINO: cf_buf_printf(b, "approx_percentile(%s, %s)", e, q); break;
    case SQL_BIGQUERY: {
        /* APPROX_QUANTILES(x, 100)[OFFSET(50)] for q = 0.5 */
        int pct = (int)(strtod(q, NULL) * 100 + 0.5);
        cf_buf_printf(b, "APPROX_QUANTILES(%s, 100)[OFFSET(%d)]", e, pct);
        break;
    }
    }
}

/* The duration columns mean_ms .. p90_ms over expression e (or NULLs for the quantiles). */
static void
durations(struct cf_buf *b, enum sql_dialect d, const char *e, bool quantiles, bool named)
{
    cf_buf_printf(b, ", CAST(AVG(%s) AS %s)%s, CAST(", e, t_double(d), named ? " AS mean_ms" : "");
    quantile(b, d, e, "0.5");
    cf_buf_printf(b, " AS %s)%s, MIN(%s)%s, MAX(%s)%s", t_double(d), named ? " AS median_ms" : "",
                  e, named ? " AS min_ms" : "", e, named ? " AS max_ms" : "");
    static const char *const qs[] = {"0.1", "0.25", "0.75", "0.9"};
    static const char *const qn[] = {"10", "25", "75", "90"};
    for (size_t i = 0; i < 4; i++) {
        if (quantiles) {
            cf_buf_puts(b, ", CAST(");
            quantile(b, d, e, qs[i]);
            cf_buf_printf(b, " AS %s)", t_double(d));
        } else {
            cf_buf_printf(b, ", CAST(NULL AS %s)", t_double(d));
        }
        if (named)
            cf_buf_printf(b, " AS p%s_ms", qn[i]);
    }
}

/* The ordered aggregation of a case's activities by position. */
static void
variant_agg(struct cf_buf *b, enum sql_dialect d)
{
    switch (d) {
    case SQL_POSTGRES:
    case SQL_DUCKDB: cf_buf_printf(b, "string_agg(act, %s ORDER BY pos)", sep_expr(d)); break;
    case SQL_SPARK:
        cf_buf_printf(b,
                      "array_join(transform(array_sort(collect_list(struct(pos, act))), "
                      "x -> x.act), %s)",
                      sep_expr(d));
        break;
    case SQL_TRINO:
        cf_buf_printf(b, "array_join(array_agg(act ORDER BY pos), %s)", sep_expr(d));
        break;
    case SQL_BIGQUERY: cf_buf_printf(b, "STRING_AGG(act, %s ORDER BY pos)", sep_expr(d)); break;
    }
}

char *
pushdown_sql(const struct pushdown_spec *s)
{
    enum sql_dialect d = s->dialect;
    const char *str = t_string(d);
    struct cf_buf b = {0};

    cf_buf_printf(&b, "-- caseflow push-down aggregation (%s dialect)\n", sql_dialect_name(d));
    cf_buf_puts(&b, "WITH ev AS (\n  SELECT CAST(");
    ident0(&b, d, s->case_col);
    /* PostgreSQL sorts and groups these: in the C collation they compare as bytes, with
     * abbreviated keys, not through the database's locale (equality is the same). */
    const char *collate = d == SQL_POSTGRES ? " COLLATE \"C\"" : "";
    cf_buf_printf(&b, " AS %s)%s AS case_id, ", str, collate);
    activity_expr(&b, s);
    cf_buf_printf(&b, "%s AS act,\n    ", collate);
    time_ms(&b, s);
    cf_buf_puts(&b, " AS ts,\n    ");
    order_expr(&b, s);
    cf_buf_printf(&b, " AS ord\n  FROM %s\n  WHERE ", s->from);
    ident0(&b, d, s->case_col);
    cf_buf_puts(&b, " IS NOT NULL AND ");
    ident0(&b, d, s->time_col);
    cf_buf_puts(&b, " IS NOT NULL AND CAST(");
    ident0(&b, d, s->case_col);
    cf_buf_printf(&b, " AS %s) <> ''", str);
    for (const char *a = s->activity_col;;) {
        size_t n = strcspn(a, ",");
        cf_buf_puts(&b, " AND CAST(");
        ident(&b, d, a, n);
        cf_buf_printf(&b, " AS %s) <> ''", str);
        if (a[n] == '\0')
            break;
        a += n + 1;
    }
    if (s->where != NULL)
        cf_buf_printf(&b, "\n    AND (%s)", s->where);
    cf_buf_puts(&b,
                "\n),\nseq AS (\n  SELECT case_id, act, ts,\n"
                "    ROW_NUMBER() OVER (PARTITION BY case_id ORDER BY ts, ord) AS pos,\n"
                "    LEAD(act) OVER (PARTITION BY case_id ORDER BY ts, ord) AS next_act,\n"
                "    LEAD(ts) OVER (PARTITION BY case_id ORDER BY ts, ord) AS next_ts\n"
                "  FROM ev\n),\n"
                "cases AS (\n  SELECT case_id, COUNT(*) AS n_ev, MIN(ts) AS t0, MAX(ts) AS t1,\n"
                "    MAX(ts) - MIN(ts) AS dur, ");
    variant_agg(&b, d);
    /* Counts per activity, start and end activities and each edge's cases follow
     * exactly from the variants with their cases: caseflow derives them
     * (aggregate.c), sparing the server a pass over every event for each. */
    cf_buf_puts(&b, " AS variant\n  FROM seq\n  GROUP BY case_id\n),\n"
                    "edge AS (\n  SELECT act, next_act, COUNT(*) AS n");
    durations(&b, d, "dt", false, true);
    /* The time of each transition computed once, not once per aggregate over it. */
    cf_buf_puts(&b, "\n  FROM (SELECT act, next_act, next_ts - ts AS dt FROM seq WHERE next_act IS "
                    "NOT NULL) AS hop\n  GROUP BY act, next_act\n)\n");

    /* kind, a, b, n, cases, mean_ms, median_ms, min_ms, max_ms, p10..p90 */
    cf_buf_printf(&b,
                  "SELECT 'log' AS kind, CAST(NULL AS %s) AS a, CAST(NULL AS %s) AS b, "
                  "SUM(n_ev) AS n, COUNT(*) AS cases,\n"
                  "  CAST(NULL AS %s) AS mean_ms, CAST(NULL AS %s) AS median_ms, "
                  "MIN(t0) AS min_ms, MAX(t1) AS max_ms,\n"
                  "  CAST(NULL AS %s) AS p10_ms, CAST(NULL AS %s) AS p25_ms, "
                  "CAST(NULL AS %s) AS p75_ms, CAST(NULL AS %s) AS p90_ms\nFROM cases\n",
                  str, str, t_double(d), t_double(d), t_double(d), t_double(d), t_double(d),
                  t_double(d));
    cf_buf_printf(&b, "UNION ALL\nSELECT 'variant', variant, CAST(NULL AS %s), COUNT(*), COUNT(*)",
                  str);
    durations(&b, d, "dur", false, false);
    cf_buf_puts(&b, "\nFROM cases GROUP BY variant\n");
    cf_buf_printf(&b,
                  "UNION ALL\nSELECT 'edge', act, next_act, n, CAST(NULL AS %s),\n"
                  "  mean_ms, median_ms, min_ms, max_ms, p10_ms, p25_ms, p75_ms, p90_ms\n"
                  "FROM edge\n",
                  t_bigint(d));
    cf_buf_printf(&b,
                  "UNION ALL\nSELECT 'case_duration', CAST(NULL AS %s), CAST(NULL AS %s), "
                  "COUNT(*), COUNT(*)",
                  str, str);
    durations(&b, d, "dur", true, false);
    cf_buf_puts(&b, "\nFROM cases\n");
    return b.data;
}

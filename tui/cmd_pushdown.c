/* `caseflow sql` (the push-down queries) and `report --pushdown` / `report --aggregate FILE`. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "jsonw.h"
#include "pushdown.h"
#include "source_pg.h"
#include "termsafe.h"
#include "timeparse.h"

/* Views that need every event, not only the aggregates. */
static const char *const needs_events[] = {"rework_cases", "self_loop_cases", "happy_path",
                                           "parallel", "rejected"};

static const char *
agg_name(const struct aggregate *ag, uint32_t id)
{
    return strpool_get(ag->names, id);
}

static void
json_counts(struct jsonw *j, const char *key, const struct aggregate *ag, const struct agg_count *c,
            size_t n, bool events)
{
    jsonw_key(j, key);
    jsonw_obj_begin(j);
    for (size_t i = 0; i < n; i++) {
        jsonw_key(j, agg_name(ag, c[i].act));
        jsonw_uint(j, events ? c[i].events : c[i].cases);
    }
    jsonw_obj_end(j);
}

static void
json_time(struct jsonw *j, const char *key, bool have, int64_t ms)
{
    char buf[64];
    jsonw_key(j, key);
    if (have) {
        timeparse_format_iso(ms, buf, sizeof buf);
        jsonw_str(j, buf);
    } else {
        jsonw_null(j);
    }
}

/* The same keys as `report --json` where the aggregates have them. */
static void
print_json(const struct aggregate *ag)
{
    struct jsonw j;
    jsonw_init(&j, stdout, true);
    jsonw_obj_begin(&j);
    jsonw_key(&j, "log");
    jsonw_str(&j, ag->name);
    jsonw_key(&j, "source");
    jsonw_str(&j, "aggregate");
    jsonw_key(&j, "cases");
    jsonw_uint(&j, ag->cases);
    jsonw_key(&j, "events");
    jsonw_uint(&j, ag->events);
    jsonw_key(&j, "activities");
    jsonw_uint(&j, ag->n_acts);
    jsonw_key(&j, "variants_count");
    jsonw_uint(&j, ag->n_variants);
    jsonw_key(&j, "time_range");
    jsonw_obj_begin(&j);
    json_time(&j, "first", ag->cases > 0, ag->t_first);
    json_time(&j, "last", ag->cases > 0, ag->t_last);
    jsonw_obj_end(&j);
    json_counts(&j, "activity_counts", ag, ag->acts, ag->n_acts, true);
    json_counts(&j, "start_activities", ag, ag->starts, ag->n_starts, false);
    json_counts(&j, "end_activities", ag, ag->ends, ag->n_ends, false);

    jsonw_key(&j, "variants");
    jsonw_arr_begin(&j);
    for (size_t i = 0; i < ag->n_variants; i++) {
        const struct agg_variant *v = &ag->variants[i];
        jsonw_obj_begin(&j);
        jsonw_key(&j, "activities");
        jsonw_arr_begin(&j);
        for (size_t k = 0; k < v->len; k++)
            jsonw_str(&j, agg_name(ag, v->acts[k]));
        jsonw_arr_end(&j);
        jsonw_key(&j, "cases");
        jsonw_uint(&j, v->cases);
        jsonw_key(&j, "median_duration_s");
        jsonw_double(&j, v->median_ms / 1000.0);
        jsonw_key(&j, "mean_duration_s");
        jsonw_double(&j, v->mean_ms / 1000.0);
        jsonw_obj_end(&j);
    }
    jsonw_arr_end(&j);

    jsonw_key(&j, "dfg");
    jsonw_arr_begin(&j);
    for (size_t i = 0; i < ag->n_edges; i++) {
        const struct agg_edge *e = &ag->edges[i];
        jsonw_obj_begin(&j);
        jsonw_key(&j, "from");
        jsonw_str(&j, agg_name(ag, e->from));
        jsonw_key(&j, "to");
        jsonw_str(&j, agg_name(ag, e->to));
        jsonw_key(&j, "count");
        jsonw_uint(&j, e->count);
        jsonw_key(&j, "cases");
        jsonw_uint(&j, e->cases);
        jsonw_key(&j, "mean_s");
        jsonw_double(&j, e->mean_ms / 1000.0);
        jsonw_key(&j, "median_s");
        jsonw_double(&j, e->median_ms / 1000.0);
        jsonw_key(&j, "min_s");
        jsonw_double(&j, (double)e->min_ms / 1000.0);
        jsonw_key(&j, "max_s");
        jsonw_double(&j, (double)e->max_ms / 1000.0);
        jsonw_obj_end(&j);
    }
    jsonw_arr_end(&j);

    const struct stats_summary *d = &ag->case_duration;
    jsonw_key(&j, "case_duration_s");
    jsonw_obj_begin(&j);
    const char *keys[] = {"min", "p10", "p25", "median", "mean", "p75", "p90", "max"};
    double vals[] = {(double)d->min, d->p10, d->p25, d->median,
                     d->mean,        d->p75, d->p90, (double)d->max};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        jsonw_key(&j, keys[k]);
        jsonw_double(&j, vals[k] / 1000.0);
    }
    jsonw_obj_end(&j);
    jsonw_key(&j, "needs_full_load");
    jsonw_arr_begin(&j);
    for (size_t k = 0; k < sizeof needs_events / sizeof needs_events[0]; k++)
        jsonw_str(&j, needs_events[k]);
    jsonw_arr_end(&j);
    jsonw_obj_end(&j);
    jsonw_end(&j);
}

static void
put_name(const char *s)
{
    cf_term_fputs(s, stdout);
}

static void
print_text(const struct aggregate *ag)
{
    char a[64], b[64];
    printf("Log:            ");
    put_name(ag->name);
    printf("\nComputed by:    the database (aggregates only)\n");
    printf("Cases:          %zu\n", ag->cases);
    printf("Events:         %zu\n", ag->events);
    printf("Activities:     %zu\n", ag->n_acts);
    printf("Variants:       %zu\n", ag->n_variants);
    if (ag->cases) {
        timeparse_format_iso(ag->t_first, a, sizeof a);
        timeparse_format_iso(ag->t_last, b, sizeof b);
        printf("Time range:     %s .. %s\n", a, b);
        const struct stats_summary *d = &ag->case_duration;
        char q[5][32];
        cf_format_duration(d->min, q[0], sizeof q[0]);
        cf_format_duration((int64_t)d->p25, q[1], sizeof q[1]);
        cf_format_duration((int64_t)d->median, q[2], sizeof q[2]);
        cf_format_duration((int64_t)d->p75, q[3], sizeof q[3]);
        cf_format_duration(d->max, q[4], sizeof q[4]);
        cf_format_duration((int64_t)d->mean, a, sizeof a);
        printf("\nCase duration:  min %s  p25 %s  median %s\n"
               "                p75 %s  max %s  mean %s\n",
               q[0], q[1], q[2], q[3], q[4], a);
    }
    printf("\nTop variants:\n");
    for (size_t i = 0; i < ag->n_variants && i < 10; i++) {
        const struct agg_variant *v = &ag->variants[i];
        printf("  %2zu. %6zu cases %5.1f%%  ", i + 1, v->cases,
               ag->cases ? 100.0 * (double)v->cases / (double)ag->cases : 0.0);
        for (size_t k = 0; k < v->len; k++) {
            if (k)
                printf(" > ");
            put_name(agg_name(ag, v->acts[k]));
        }
        putchar('\n');
    }
    if (ag->n_variants > 10)
        printf("  ... %zu more variants\n", ag->n_variants - 10);
    const struct agg_count *lists[2] = {ag->starts, ag->ends};
    size_t ns[2] = {ag->n_starts, ag->n_ends};
    for (int l = 0; l < 2; l++) {
        printf("\n%s activities:\n", l ? "End" : "Start");
        for (size_t i = 0; i < ns[l] && i < 8; i++) {
            printf("  %6zu  ", lists[l][i].cases);
            put_name(agg_name(ag, lists[l][i].act));
            putchar('\n');
        }
    }
    printf("\nBusiest transitions:\n");
    for (size_t i = 0; i < ag->n_edges && i < 10; i++) {
        const struct agg_edge *e = &ag->edges[i];
        cf_format_duration((int64_t)e->median_ms, a, sizeof a);
        printf("  %7zu  ", e->count);
        put_name(agg_name(ag, e->from));
        printf(" -> ");
        put_name(agg_name(ag, e->to));
        printf("  (median %s)\n", a);
    }
    printf("\nRework, self-loops, the happy path and rejected rows need every event:\n"
           "run without --pushdown/--aggregate for them.\n");
}

/* Column roles for the query: given ones, else those the importer guesses
 * from a sample of the source (its first rows). */
static int
pg_roles(const char *name, const struct pg_source *src, const struct import_opts *o,
         char **case_col, char **act_col, char **time_col, struct cf_error *err)
{
    if (o->case_col && o->activity_col && o->time_col) {
        *case_col = xstrdup(o->case_col);
        *act_col = xstrdup(o->activity_col);
        *time_col = xstrdup(o->time_col);
        return 0;
    }
    char *from = source_pg_from_item(src, err);
    if (from == NULL)
        return -1;
    struct cf_buf q = {0};
    cf_buf_printf(&q, "SELECT * FROM %s LIMIT 1000", from);
    free(from);
    struct pg_source sample = {src->conninfo, NULL, q.data, NULL};
    struct import_opts so = *o;
    so.strict = false;
    struct event_log *log = source_pg_import(name, &sample, &so, err);
    cf_buf_clear(&q);
    if (log == NULL)
        return -1;
    *case_col = xstrdup(o->case_col ? o->case_col : log->report.case_col);
    *act_col = xstrdup(o->activity_col ? o->activity_col : log->report.activity_col);
    *time_col = xstrdup(o->time_col ? o->time_col : log->report.time_col);
    eventlog_free(log);
    return 0;
}

static int
sink_parser(void *ud, const char *data, size_t n, struct cf_error *err)
{
    (void)err; /* the parser was given err when made */
    return aggregate_parser_feed(ud, data, n);
}

/* Run the aggregation on the database of path; NULL with err set. */
static struct aggregate *
pg_pushdown(const char *path, const struct import_opts *o, struct cf_error *err)
{
    struct pg_source src = {path, o->db_table, o->db_query, o->order_col};
    char *cc = NULL, *ac = NULL, *tc = NULL, *from = NULL;
    struct aggregate *ag = NULL;
    if (pg_roles(path, &src, o, &cc, &ac, &tc, err) != 0 ||
        (from = source_pg_from_item(&src, err)) == NULL)
        goto out;
    struct pushdown_spec spec = {SQL_POSTGRES, from, cc, ac, tc, o->order_col, o->db_query != NULL};
    char *sql = pushdown_sql(&spec);
    /* Parsed as the rows arrive: caseflow holds the aggregates, never the whole result. */
    struct agg_parser *p = aggregate_parser_new(path, err);
    if (source_pg_copy(path, path, sql, sink_parser, p, err) == 0)
        ag = aggregate_parser_finish(p);
    else
        aggregate_parser_abandon(p);
    free(sql);
out:
    free(cc);
    free(ac);
    free(tc);
    free(from);
    return ag;
}

int
report_from_aggregate(struct cli_common *c, bool pushdown, const char *file)
{
    struct cf_error err = {0};
    struct aggregate *ag;
    if (c->n_filters > 0) {
        fprintf(stderr, "caseflow report: filters need every event: leave out --pushdown and "
                        "--aggregate to use them\n");
        return CF_EXIT_USAGE;
    }
    if (pushdown) {
        const char *path = c->n_args > 0 ? c->args[0] : "";
        if (!source_pg_is_conninfo(path)) {
            fprintf(stderr, "caseflow report: --pushdown needs a database LOG "
                            "(postgresql://..., service=...); for another engine print the "
                            "queries with 'caseflow sql' and read their results with "
                            "--aggregate FILE\n");
            return CF_EXIT_USAGE;
        }
        ag = pg_pushdown(path, &c->import, &err);
    } else {
        ag = aggregate_load(file, &err);
    }
    if (ag == NULL) {
        cli_error(&err);
        return CF_EXIT_INPUT;
    }
    if (c->json)
        print_json(ag);
    else
        print_text(ag);
    aggregate_free(ag);
    return fflush(stdout) == 0 ? 0 : 1;
}

int
cmd_sql(int argc, char **argv)
{
    struct cli_common c = {.cmd = "sql"};
    const char *dialect = "postgres";
    const struct cli_opt extra[] = {
        {"dialect", true, &dialect, NULL, "NAME  postgres, duckdb, spark, trino or bigquery"},
        {NULL, false, NULL, NULL, NULL},
    };
    int rc = cli_parse(&c, argc, argv, extra);
    if (rc != 0)
        return rc;
    if (c.help) {
        printf("Usage: caseflow sql --dialect NAME (--table T | --query 'SELECT ...')\n"
               "                    [--case COL] [--activity COL[,COL]] [--timestamp COL]\n"
               "                    [--order-column COL]\n"
               "Print the push-down aggregation query (counts, variants, the directly-follows\n"
               "graph, durations) for NAME: postgres, duckdb, spark, trino or bigquery. Run it\n"
               "in the warehouse, save the result as CSV or JSON, and read it with\n"
               "'caseflow report --aggregate FILE'. Columns default to case_id, activity and\n"
               "timestamp; T is inserted as written (quote it as the engine wants). Ties in\n"
               "time are broken by --order-column, else by the physical row order (postgres\n"
               "ctid, duckdb rowid) or, where there is none, by the activity name.\n");
        return 0;
    }
    enum sql_dialect d;
    if (sql_dialect_parse(dialect, &d) != 0) {
        fprintf(stderr,
                "caseflow sql: --dialect takes postgres, duckdb, spark, trino or "
                "bigquery, not '%s'\n",
                dialect);
        return CF_EXIT_USAGE;
    }
    const struct import_opts *o = &c.import;
    if ((o->db_table == NULL) == (o->db_query == NULL) || c.n_args > 0) {
        fprintf(stderr, "caseflow sql: give one of --table T or --query 'SELECT ...' (and no "
                        "LOG)\n");
        return CF_EXIT_USAGE;
    }
    struct cf_buf from = {0};
    if (o->db_query != NULL) {
        size_t n = strlen(o->db_query);
        while (n > 0 && (o->db_query[n - 1] == ';' || o->db_query[n - 1] == ' ' ||
                         o->db_query[n - 1] == '\n'))
            n--;
        cf_buf_puts(&from, "(");
        cf_buf_append(&from, o->db_query, n);
        cf_buf_puts(&from, ") AS q");
    } else {
        cf_buf_puts(&from, o->db_table);
    }
    struct pushdown_spec spec = {
        d,
        from.data,
        o->case_col ? o->case_col : "case_id",
        o->activity_col ? o->activity_col : "activity",
        o->time_col ? o->time_col : "timestamp",
        o->order_col,
        o->db_query != NULL,
    };
    char *sql = pushdown_sql(&spec);
    printf("%s;\n", sql);
    free(sql);
    cf_buf_clear(&from);
    return fflush(stdout) == 0 ? 0 : 1;
}

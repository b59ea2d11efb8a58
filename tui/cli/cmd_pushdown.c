/* `caseflow sql` (the push-down queries) and `report --pushdown` / `report --aggregate FILE`. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggsource.h"
#include "cli.h"
#include "cli_outcome.h"
#include "commands.h"
#include "pathinfo.h"
#include "pushdown.h"
#include "pushsplit.h"
#include "source_pg.h"
#include "table.h"
#include "termsafe.h"

/* The report's keys that need every event, not only the aggregates. */
static const char *const needs_events[] = {"rejected"};

static const char *
agg_name(const struct aggregate *ag, uint32_t id)
{
    return strpool_get(ag->names, id);
}

/* An object of activity name -> count (JSON; the text shows the tables below). */
static void
add_counts(struct tnode *n, const char *key, const struct aggregate *ag, const struct agg_count *c,
           size_t count, bool events)
{
    struct tnode *o = tnode_object(n, key, NULL);
    for (size_t i = 0; i < count; i++)
        tnode_count(o, agg_name(ag, c[i].act), NULL, events ? c[i].events : c[i].cases);
}

static const struct table_col variant_cols[] = {
    {.key = "rank", .header = "#", .kind = TK_COUNT, .flags = TCOL_NO_JSON},
    {.key = "activities",
     .header = "path",
     .kind = TK_PATH,
     .cut = TC_MIDDLE,
     .min_width = 20,
     .flags = TCOL_FLEX},
    {.key = "cases", .header = "cases", .kind = TK_COUNT},
    {.key = "share", .header = "share", .kind = TK_SHARE, .flags = TCOL_NO_JSON},
    {.key = "median_duration_s", .header = "median", .kind = TK_DURATION, .priority = 1},
    {.key = "mean_duration_s", .header = "mean", .kind = TK_DURATION, .flags = TCOL_NO_TEXT},
};

/* Start or end activities as a text table (JSON has the object). */
static void
add_count_table(struct tnode *n, const char *key, const char *title, const struct aggregate *ag,
                const struct agg_count *c, size_t count)
{
    struct table *t = tnode_table(n, key, title, report_count_cols, 2, NULL);
    table_set_flags(t, TTAB_NO_JSON);
    table_set_text_limit(t, 8);
    for (size_t i = 0; i < count; i++) {
        size_t row = table_add_row(t);
        table_set_count(t, row, 0, c[i].cases);
        table_set_text(t, row, 1, agg_name(ag, c[i].act));
    }
}

/* The same keys as `report` where the aggregates have them, and the views that
 * need every event named (needs_full_load). */
/* The variants table's rows, made as they are written: held, 63k variants at 1M events took
 * 9 MB, the most of caseflow's memory on a push-down. */
static void
variant_row(void *ud, struct table *t, size_t row)
{
    const struct aggregate *ag = *(const struct aggregate *const *)ud;
    const struct agg_variant *v = &ag->variants[row];
    table_set_count(t, row, 0, row + 1);
    table_set_path(t, row, 1, v->acts, v->len);
    table_set_count(t, row, 2, v->cases);
    table_set_number(t, row, 3, ag->cases ? (double)v->cases / (double)ag->cases : 0.0);
    table_set_dur(t, row, 4, v->median_ms);
    table_set_dur(t, row, 5, v->mean_ms);
}

/* pi: made over the winning variants when won (the winning segment's label) is not NULL. */
static struct tdoc *
build_doc(const struct aggregate *ag, const struct pathinfo *pi, const char *won)
{
    struct tdoc *doc = tdoc_new("report", ag->name);
    struct tnode *n = tdoc_root(doc);
    tnode_text(n, NULL, "Log", ag->name);
    tnode_text(n, "source", "Computed by", "aggregate");
    report_add_totals(n, ag->cases, ag->events, ag->n_acts, ag->n_variants, ag->t_first,
                      ag->t_last);
    if (ag->cases)
        report_add_duration_note(n, &ag->case_duration);
    tnode_text(n, NULL, "Rejected rows", "not known (they need a full load)");
    add_counts(n, "activity_counts", ag, ag->acts, ag->n_acts, true);
    add_counts(n, "start_activities", ag, ag->starts, ag->n_starts, false);
    add_counts(n, "end_activities", ag, ag->ends, ag->n_ends, false);

    struct table *t = tnode_table(n, "variants", "Top variants:", variant_cols,
                                  sizeof variant_cols / sizeof variant_cols[0], ag->names);
    table_set_text_limit(t, 10);
    table_set_source(t, ag->n_variants, variant_row, &ag, sizeof ag);
    add_count_table(n, "start", "Start activities:", ag, ag->starts, ag->n_starts);
    add_count_table(n, "end", "End activities:", ag, ag->ends, ag->n_ends);

    t = tnode_table(n, "dfg", "Busiest transitions:", report_dfg_cols, REPORT_N_DFG_COLS, NULL);
    table_set_text_limit(t, 10);
    table_reserve(t, ag->n_edges);
    for (size_t i = 0; i < ag->n_edges; i++) {
        const struct agg_edge *e = &ag->edges[i];
        report_add_dfg_row(t, agg_name(ag, e->from), agg_name(ag, e->to), e->count, e->cases,
                           e->mean_ms, e->median_ms, e->min_ms, e->max_ms);
    }

    size_t na = strpool_count(ag->names);
    size_t *rework = xmalloc((na ? na : 1) * sizeof *rework);
    size_t self_loops = aggsource_rework(ag, rework, na);
    report_add_rework(n, ag->names, rework, na, self_loops);
    free(rework);

    const struct stats_summary *d = &ag->case_duration;
    struct tnode *cd = tnode_object(n, "case_duration_s", NULL);
    const char *keys[] = {"min", "p10", "p25", "median", "mean", "p75", "p90", "max"};
    double vals[] = {(double)d->min, d->p10, d->p25, d->median,
                     d->mean,        d->p75, d->p90, (double)d->max};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        tnode_number(cd, keys[k], NULL, vals[k] / 1000.0);
    tnode_strings(n, "needs_full_load", NULL, needs_events,
                  sizeof needs_events / sizeof needs_events[0]);
    const struct agg_variant *top = pi->has_variant ? &ag->variants[pi->variant] : NULL;
    report_add_pathinfo(n, ag->names, pi, won, top ? top->acts : NULL, top ? top->len : 0);
    return doc;
}

/* Column roles for the query: given ones, else those the importer guesses
 * from a sample of the source (its first rows). */
static int
pg_roles(const char *name, const struct pg_source *src, const struct import_opts *o,
         char **case_col, char **act_col, char **time_col, struct cf_error *err)
{
    *case_col = *act_col = *time_col = NULL;
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

int
pushdown_roles(const char *path, const struct import_opts *o, char **case_col, char **act_col,
               char **time_col, struct cf_error *err)
{
    struct pg_source src = {path, o->db_table, o->db_query, o->order_col};
    if (pg_roles(path, &src, o, case_col, act_col, time_col, err) == 0)
        return 0;
    free(*case_col);
    free(*act_col);
    free(*time_col);
    *case_col = *act_col = *time_col = NULL;
    return -1;
}

struct aggregate *
pushdown_run(const char *path, const struct import_opts *o, const char *cc, const char *ac,
             const char *tc, const char *where, struct cf_error *err)
{
    struct pg_source src = {path, o->db_table, o->db_query, o->order_col};
    char *from = source_pg_from_item(&src, err);
    if (from == NULL)
        return NULL;
    struct aggregate *ag = NULL;
    struct pushdown_spec spec = {SQL_POSTGRES,        from, cc, ac, tc, o->order_col,
                                 o->db_query != NULL, where};
    char *sql = pushdown_sql(&spec);
    /* Parsed as the rows arrive: caseflow holds the aggregates, never the whole result. */
    struct agg_parser *p = aggregate_parser_new(path, err);
    if (source_pg_copy(path, path, sql, sink_parser, p, o, err) == 0)
        ag = aggregate_parser_finish(p);
    else
        aggregate_parser_abandon(p);
    free(sql);
    free(from);
    return ag;
}

/* Run the aggregation on the database of path, c's filters in its WHERE clause (each
 * must translate: pushsplit.h); NULL with err set. */
static struct aggregate *
pg_pushdown(const char *path, const struct cli_common *c, struct cf_error *err)
{
    const struct import_opts *o = &c->import;
    char *cc, *ac, *tc;
    if (pushdown_roles(path, o, &cc, &ac, &tc, err) != 0)
        return NULL;
    struct pushed_filters pf = {0};
    struct aggregate *ag = NULL;
    if (c->n_filters > 0) {
        struct pg_source src = {path, o->db_table, o->db_query, o->order_col};
        char *from = source_pg_from_item(&src, err);
        if (from == NULL)
            goto out;
        pushed_filters_split(c, from, cc, tc, &pf);
        free(from);
        if (pf.n_kept > 0) {
            cf_error_set(err, NULL, 0,
                         "%s: no SQL for them (--where ATTR=VALUE, ATTR!=VALUE, --from and --to "
                         "have one): leave out --pushdown to apply them to every event",
                         pf.kept);
            err->usage = true;
            goto out;
        }
    }
    ag = pushdown_run(path, o, cc, ac, tc, pf.where, err);
out:
    pushed_filters_clear(&pf);
    free(cc);
    free(ac);
    free(tc);
    return ag;
}

/* The happy path over ag's variants, or with an outcome over its winning ones (*won set to
 * the winning segment's label, in *o to clear). 0, or -1 with err set. */
static int
agg_pathinfo(const struct aggregate *ag, const struct cli_outcome *co, struct outcome *o,
             const char **won, struct pathinfo *pi, struct cf_error *err)
{
    size_t nv = ag->n_variants;
    size_t *w = xmalloc((nv ? nv : 1) * sizeof *w);
    for (size_t i = 0; i < nv; i++)
        w[i] = ag->variants[i].cases;
    *won = NULL;
    if (cli_outcome_given(co) || co->versus || co->end) {
        /* The stand-in log has ag's activities with ag's ids: the names resolve the same. */
        struct event_log *names = aggsource_log(ag);
        int rc = cli_outcome_init(co, names, o, err);
        eventlog_free(names);
        if (rc != 0) {
            free(w);
            return -1;
        }
        /* An aggregate has activities only, and these rules look at nothing else. */
        for (size_t i = 0; i < nv; i++) {
            const struct agg_variant *v = &ag->variants[i];
            if (outcome_sequence_segment(o, v->acts, v->len) != SEG_A)
                w[i] = 0;
        }
        *won = o->label_a;
    }
    struct wvariants wv;
    aggsource_wvariants(ag, w, &wv);
    pathinfo_build_weighted(&wv, pi);
    free(w);
    return 0;
}

int
report_from_aggregate(struct cli_common *c, bool pushdown, const char *file,
                      const struct cli_outcome *co)
{
    struct cf_error err = {0};
    struct aggregate *ag;
    if (c->n_filters > 0 && !pushdown) {
        fprintf(stderr,
                "caseflow report: filters need every event: an aggregate file has none "
                "(with --pushdown, --where ATTR=VALUE, --from and --to go to the database)\n");
        return CF_EXIT_USAGE;
    }
    if (co->attr != NULL) {
        fprintf(stderr, "caseflow report: --outcome ATTR=V needs the events' attributes, which "
                        "aggregates do not have: use --outcome-activity or --outcome-last, or "
                        "read every event (without --pushdown/--aggregate)\n");
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
        ag = pg_pushdown(path, c, &err);
    } else {
        ag = aggregate_load(file, &err);
    }
    if (ag == NULL) {
        cli_error(&err);
        return err.usage ? CF_EXIT_USAGE : CF_EXIT_INPUT;
    }
    struct pathinfo pi;
    struct outcome o;
    const char *won;
    int rc;
    if (agg_pathinfo(ag, co, &o, &won, &pi, &err) != 0) {
        cli_error(&err);
        rc = CF_EXIT_USAGE;
    } else {
        rc = cli_output(c, build_doc(ag, &pi, won), "variants");
        pathinfo_clear(&pi);
        if (won)
            outcome_clear(&o);
    }
    aggregate_free(ag);
    return rc;
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
        NULL,
    };
    char *sql = pushdown_sql(&spec);
    printf("%s;\n", sql);
    free(sql);
    cf_buf_clear(&from);
    return fflush(stdout) == 0 ? 0 : 1;
}

/* Unit tests of push-down: dialect SQL, the aggregate reader, database source names. */
/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "pushdown.h"
#include "source_pg.h"
#include "tap.h"

static struct aggregate *
parse(const char *s, struct cf_error *err)
{
    return aggregate_parse("t.csv", s, strlen(s), err);
}

static void
test_csv(void)
{
    /* Two cases: A B (10 s) and A C B (30 s); worked out by hand. */
    const char *csv =
        "kind,a,b,n,cases,mean_ms,median_ms,min_ms,max_ms,p10_ms,p25_ms,p75_ms,p90_ms\n"
        "log,,,5,2,,,1000,31000,,,,\n"
        "activity,A,,2,2,,,,,,,,\n"
        "activity,B,,2,2,,,,,,,,\n"
        "activity,C,,1,1,,,,,,,,\n"
        "start,A,,2,2,,,,,,,,\n"
        "end,B,,2,2,,,,,,,,\n"
        "variant,A\x1f"
        "B,,1,1,10000.0,10000.0,10000,10000,,,,\n"
        "variant,A\x1f"
        "C\x1f"
        "B,,1,1,30000,30000,30000,30000,,,,\n"
        "edge,A,B,1,1,10000,10000,10000,10000,,,,\n"
        "edge,A,C,1,1,5000,5000,5000,5000,,,,\n"
        "edge,C,B,1,1,25000,25000,25000,25000,,,,\n"
        "case_duration,,,2,2,20000,20000,10000,30000,12000,15000,25000,28000\n";
    struct cf_error err = {0};
    struct aggregate *ag = parse(csv, &err);
    CHECK(ag != NULL);
    if (ag == NULL)
        return;
    CHECK_EQ_U(ag->cases, 2);
    CHECK_EQ_U(ag->events, 5);
    CHECK_EQ_I(ag->t_first, 1000);
    CHECK_EQ_I(ag->t_last, 31000);
    CHECK_EQ_U(ag->n_acts, 3);
    CHECK_EQ_U(ag->n_variants, 2);
    /* Ties in cases: by path, A>B before A>C>B. */
    CHECK_EQ_U(ag->variants[0].len, 2);
    CHECK_EQ_U(ag->variants[1].len, 3);
    CHECK(strcmp(strpool_get(ag->names, ag->variants[1].acts[1]), "C") == 0);
    CHECK_NEAR(ag->variants[1].median_ms, 30000, 1e-9);
    CHECK_EQ_U(ag->n_edges, 3);
    CHECK_NEAR(ag->case_duration.p90, 28000, 1e-9);
    CHECK_EQ_U(ag->case_duration.n, 2);
    aggregate_free(ag);
}

/* The query's own output: no activity, start or end rows and no edge cases; caseflow
 * derives them from the variants. Cases: A B A (x3) and A C (x2), worked out by hand. */
static void
test_derived(void)
{
    const char *csv =
        "kind,a,b,n,cases,mean_ms,median_ms,min_ms,max_ms,p10_ms,p25_ms,p75_ms,p90_ms\n"
        "log,,,13,5,,,0,100,,,,\n"
        "variant,A\x1f"
        "B\x1f"
        "A,,3,3,20,20,20,20,,,,\n"
        "variant,A\x1f"
        "C,,2,2,5,5,5,5,,,,\n"
        "edge,A,B,3,,1,1,1,1,,,,\n"
        "edge,B,A,3,,1,1,1,1,,,,\n"
        "edge,A,C,2,,1,1,1,1,,,,\n"
        "case_duration,,,5,5,14,20,5,20,5,5,20,20\n";
    struct cf_error err = {0};
    struct aggregate *ag = parse(csv, &err);
    CHECK(ag != NULL);
    if (ag == NULL)
        return;
    /* Activities by events: A 3*2 + 2 = 8 events in 5 cases; B 3 in 3; C 2 in 2. */
    CHECK_EQ_U(ag->n_acts, 3);
    CHECK(strcmp(strpool_get(ag->names, ag->acts[0].act), "A") == 0);
    CHECK_EQ_U(ag->acts[0].events, 8);
    CHECK_EQ_U(ag->acts[0].cases, 5);
    CHECK_EQ_U(ag->acts[1].events, 3);
    CHECK_EQ_U(ag->acts[2].events, 2);
    /* Every case starts at A; 3 end at A, 2 at C. */
    CHECK_EQ_U(ag->n_starts, 1);
    CHECK_EQ_U(ag->starts[0].cases, 5);
    CHECK_EQ_U(ag->n_ends, 2);
    CHECK_EQ_U(ag->ends[0].cases, 3);
    /* Edge cases: A->B in 3 cases (once each), B->A 3, A->C 2. */
    for (size_t i = 0; i < ag->n_edges; i++) {
        const char *f = strpool_get(ag->names, ag->edges[i].from);
        const char *t = strpool_get(ag->names, ag->edges[i].to);
        CHECK_EQ_U(ag->edges[i].cases, strcmp(f, "A") == 0 && strcmp(t, "C") == 0 ? 2 : 3);
    }
    aggregate_free(ag);
}

static void
test_json(void)
{
    const char *js = "{\"kind\":\"log\",\"a\":null,\"n\":3,\"cases\":1,\"min_ms\":0,\"max_ms\":5}\n"
                     "{\"kind\":\"variant\",\"a\":\"X\\u001fY\\u00e9\",\"cases\":1,"
                     "\"median_ms\":5.0E0}\n";
    struct cf_error err = {0};
    struct aggregate *ag = parse(js, &err);
    CHECK(ag != NULL);
    if (ag == NULL)
        return;
    CHECK_EQ_U(ag->events, 3);
    CHECK_EQ_U(ag->n_variants, 1);
    CHECK_EQ_U(ag->variants[0].len, 2);
    CHECK(strcmp(strpool_get(ag->names, ag->variants[0].acts[1]), "Y\xc3\xa9") == 0);
    CHECK_NEAR(ag->variants[0].median_ms, 5, 1e-9);
    aggregate_free(ag);
}

static void
test_errors(void)
{
    struct cf_error err = {0};
    CHECK(parse("kind,a,b,n,cases,mean_ms,median_ms,min_ms\nlog,,,1,1,,,0\n", &err) == NULL);
    CHECK(strstr(err.msg, "max_ms") != NULL);
    const char *head = "kind,a,b,n,cases,mean_ms,median_ms,min_ms,max_ms\n";
    char buf[256];
    snprintf(buf, sizeof buf, "%slog,,,1,1,,,0,0\nwhat,,,1,1,,,,\n", head);
    CHECK(parse(buf, &err) == NULL);
    CHECK(strstr(err.msg, "unknown kind 'what'") != NULL);
    CHECK_EQ_U(err.line, 3);
    snprintf(buf, sizeof buf, "%slog,,,x1,1,,,0,0\n", head);
    CHECK(parse(buf, &err) == NULL);
    CHECK(strstr(err.msg, "not a number") != NULL);
    snprintf(buf, sizeof buf, "%sactivity,A,,1,1,,,,\n", head);
    CHECK(parse(buf, &err) == NULL);
    CHECK(strstr(err.msg, "no 'log' row") != NULL);
    CHECK(parse("[{\"kind\": \"log\", \"n\": tru}]", &err) == NULL);
    CHECK(parse("", &err) == NULL);
}

static void
test_sql(void)
{
    struct pushdown_spec s = {SQL_POSTGRES, "events", "case id", "act,life",
                              "ts",         NULL,     false,     NULL};
    char *q = pushdown_sql(&s);
    CHECK(strstr(q, "string_agg(act, chr(31) ORDER BY pos)") != NULL);
    CHECK(strstr(q, "ctid AS ord") != NULL);
    CHECK(strstr(q, "CONCAT(CAST(\"act\" AS VARCHAR), '+', CAST(\"life\" AS VARCHAR))") != NULL);
    CHECK(strstr(q, "\"case id\"") != NULL);
    CHECK(strstr(q, "percentile_cont(0.5) WITHIN GROUP") != NULL);
    free(q);
    s.dialect = SQL_SPARK;
    s.order_col = "seq";
    q = pushdown_sql(&s);
    CHECK(strstr(q, "`seq` AS ord") != NULL);
    CHECK(strstr(q, "array_sort(collect_list(struct(pos, act)))") != NULL);
    CHECK(strstr(q, "percentile(dur, 0.5)") != NULL);
    free(q);
    s.dialect = SQL_BIGQUERY;
    s.order_col = NULL;
    q = pushdown_sql(&s);
    CHECK(strstr(q, "APPROX_QUANTILES(dur, 100)[OFFSET(90)]") != NULL);
    CHECK(strstr(q, "ctid") == NULL); /* no physical order: the activity breaks ties */
    free(q);
    s.dialect = SQL_TRINO;
    q = pushdown_sql(&s);
    CHECK(strstr(q, "array_join(array_agg(act ORDER BY pos), chr(31))") != NULL);
    CHECK(strstr(q, "approx_percentile(") != NULL);
    free(q);
    enum sql_dialect d;
    CHECK(sql_dialect_parse("duckdb", &d) == 0 && d == SQL_DUCKDB);
    CHECK(sql_dialect_parse("postgresql", &d) == 0 && d == SQL_POSTGRES);
    CHECK(sql_dialect_parse("oracle", &d) != 0);
}

static void
test_conninfo(void)
{
    CHECK(source_pg_is_conninfo("postgresql://h/db?table=t"));
    CHECK(source_pg_is_conninfo("postgres:///db"));
    CHECK(source_pg_is_conninfo("service=crm"));
    CHECK(source_pg_is_conninfo("host=/tmp dbname=x"));
    CHECK(!source_pg_is_conninfo("events.csv"));
    CHECK(!source_pg_is_conninfo("servicedesk.csv"));
    CHECK(!source_pg_is_conninfo("-"));
    char *t = source_pg_url_table("postgresql://h/db?sslmode=disable&table=crm.stage%20history");
    CHECK(t != NULL && strcmp(t, "crm.stage history") == 0);
    free(t);
    CHECK(source_pg_url_table("postgresql://h/db") == NULL);
    struct pg_source src = {"postgresql://h/db?table=crm.stage", NULL, NULL, NULL};
    struct cf_error err = {0};
    char *f = source_pg_from_item(&src, &err);
    CHECK(f != NULL && strcmp(f, "\"crm\".\"stage\"") == 0);
    free(f);
    src.query = "SELECT 1;  ";
    f = source_pg_from_item(&src, &err);
    CHECK(f != NULL && strcmp(f, "(SELECT 1) AS q") == 0);
    free(f);
    struct pg_source none = {"service=x", NULL, NULL, NULL};
    CHECK(source_pg_from_item(&none, &err) == NULL);
}

int
main(void)
{
    test_csv();
    test_derived();
    test_json();
    test_errors();
    test_sql();
    test_conninfo();
    TAP_DONE();
}

/* Unit tests of the aggregate as a log (the stand-in, its DFG and map graph) and of filters as SQL.
 */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "aggsource.h"
#include "mapsimplify.h"
#include "pushfilter.h"
#include "tap.h"

/* Two cases: A B (10 s) and A C B (30 s); A->C 5 s, C->B 25 s. Worked out by hand. */
static const char agg_csv[] =
    "kind,a,b,n,cases,mean_ms,median_ms,min_ms,max_ms,p10_ms,p25_ms,p75_ms,p90_ms\n"
    "log,,,5,2,,,1000,31000,,,,\n"
    "variant,A\x1f"
    "B,,1,1,10000,10000,10000,10000,,,,\n"
    "variant,A\x1f"
    "C\x1f"
    "B,,1,1,30000,30000,30000,30000,,,,\n"
    "edge,A,B,1,,10000,10000,10000,10000,,,,\n"
    "edge,A,C,1,,5000,5000,5000,5000,,,,\n"
    "edge,C,B,1,,25000,25000,25000,25000,,,,\n"
    "case_duration,,,2,2,20000,20000,10000,30000,12000,15000,25000,28000\n";

static uint32_t
act(const struct event_log *log, const char *name)
{
    return strpool_find(log->activities, name, strlen(name));
}

static const struct dfg_edge *
edge(const struct dfg *g, uint32_t from, uint32_t to)
{
    long i = dfg_find_edge(g, from, to);
    return i < 0 ? NULL : &g->edges[i];
}

static void
test_stand_in(void)
{
    struct cf_error err = {0};
    struct aggregate *ag = aggregate_parse("t.csv", agg_csv, strlen(agg_csv), &err);
    CHECK(ag != NULL);
    if (ag == NULL)
        return;
    struct event_log *log = aggsource_log(ag);
    CHECK_EQ_U(eventlog_n_activities(log), 3);
    CHECK_EQ_U(log->n_cases, 0);
    CHECK_EQ_U(log->n_events, 0);
    CHECK(log->agg == ag);
    CHECK_EQ_I(log->t_min, 1000);
    CHECK_EQ_I(log->t_max, 31000);
    uint32_t A = act(log, "A"), B = act(log, "B"), C = act(log, "C");
    CHECK(A != CF_NONE && B != CF_NONE && C != CF_NONE);

    /* The whole graph: the aggregate's edges with their times. */
    struct dfg g;
    dfg_build(log, NULL, NULL, &g);
    CHECK_EQ_U(g.n_edges, 3);
    CHECK_EQ_U(g.cases, 2);
    CHECK_EQ_U(g.nodes[A].events, 2);
    CHECK_EQ_U(g.nodes[A].starts, 2);
    CHECK_EQ_U(g.nodes[B].ends, 2);
    CHECK_EQ_U(g.nodes[C].cases, 1);
    const struct dfg_edge *e = edge(&g, A, B);
    CHECK(e != NULL && e->count == 1 && e->cases == 1 && e->median_ms == 10000);
    e = edge(&g, C, B);
    CHECK(e != NULL && e->max_ms == 25000 && e->mean_ms == 25000);
    dfg_clear(&g);

    /* Without C: A -> B in both cases; the second one bridges C, so its time is unknown. */
    bool keep[3] = {true, true, true};
    keep[C] = false;
    dfg_build(log, NULL, keep, &g);
    CHECK_EQ_U(g.n_edges, 1);
    e = edge(&g, A, B);
    CHECK(e != NULL && e->count == 2 && e->cases == 2);
    CHECK(e != NULL && isnan(e->median_ms) && isnan(e->mean_ms));
    CHECK_EQ_U(g.nodes[C].events, 0);
    CHECK_EQ_U(g.nodes[B].events, 2);
    dfg_clear(&g);

    /* The map graph: every activity kept at 100%; B is first seen at index 1 in one case
     * and at index 2 in the other: position 1.5. */
    struct map_graph mg;
    mapsimplify_build(log, NULL, 100, 100, &mg);
    CHECK_EQ_U(mg.n_present, 3);
    CHECK_EQ_U(mg.n_kept, 3);
    CHECK_EQ_U(mg.dfg.n_edges, 3);
    CHECK_NEAR(mg.position[A], 0.0, 1e-9);
    CHECK_NEAR(mg.position[C], 1.0, 1e-9);
    CHECK_NEAR(mg.position[B], 1.5, 1e-9);
    mapsimplify_clear(&mg);
    /* One activity (33%): the most frequent by events, A and B tie at 2, A by name. */
    mapsimplify_build(log, NULL, 33, 100, &mg);
    CHECK_EQ_U(mg.n_kept, 1);
    CHECK(mg.keep_act[A] && !mg.keep_act[B] && !mg.keep_act[C]);
    mapsimplify_clear(&mg);
    eventlog_free(log);
    aggregate_free(ag);
}

static char *
sql(const char *opt, const char *arg, bool invert, bool contained)
{
    struct pushfilter_src src = {"events", "case id", "ts"};
    struct cf_buf b = {0};
    if (!pushfilter_sql(&src, opt, arg, invert, contained, &b))
        return NULL;
    return b.data;
}

static void
test_pushfilter(void)
{
    char *s = sql("where", "region=EU", false, false);
    CHECK_STR(s, "\"case id\" IN (SELECT \"case id\" FROM events WHERE \"case id\" IS NOT NULL "
                 "AND COALESCE(CAST(\"region\" AS VARCHAR), '') = 'EU')");
    free(s);
    s = sql("where", "o\"k=it's", true, false); /* quotes doubled; --invert: NOT IN */
    CHECK_STR(s, "\"case id\" NOT IN (SELECT \"case id\" FROM events WHERE \"case id\" IS NOT "
                 "NULL AND COALESCE(CAST(\"o\"\"k\" AS VARCHAR), '') = 'it''s')");
    free(s);
    s = sql("where", "region!=EU", false, false);
    CHECK(s != NULL && strncmp(s, "\"case id\" NOT IN", 16) == 0);
    free(s);
    s = sql("where", "region!=EU", true, false); /* not (not =): IN */
    CHECK(s != NULL && strncmp(s, "\"case id\" IN", 12) == 0);
    free(s);
    /* Intersecting: the case's last time is on or after the start of --from's day... */
    s = sql("from", "2011-01-08", false, false);
    CHECK(s != NULL && strstr(s, "GROUP BY \"case id\" HAVING MAX(CAST(\"ts\" AS TIMESTAMPTZ)) >= "
                                 "CAST('2011-01-08 00:00:00.000+00' AS TIMESTAMPTZ))") != NULL);
    free(s);
    /* ...its first time on or before the end of --to's day; contained: first and last inside. */
    s = sql("to", "2011-01-05", false, false);
    CHECK(s != NULL && strstr(s, "MIN(CAST(\"ts\" AS TIMESTAMPTZ)) <= CAST('2011-01-05 "
                                 "23:59:59.999+00' AS TIMESTAMPTZ)") != NULL);
    free(s);
    s = sql("to", "2011-01-05", false, true);
    CHECK(s != NULL && strstr(s, "MAX(CAST(\"ts\" AS TIMESTAMPTZ)) <= ") != NULL);
    free(s);
    s = sql("from", "2011-01-05T10:30:00+01:00", false, true);
    CHECK(s != NULL && strstr(s, "MIN(CAST(\"ts\" AS TIMESTAMPTZ)) >= CAST('2011-01-05 "
                                 "09:30:00.000+00' AS TIMESTAMPTZ)") != NULL);
    free(s);
    /* What does not translate. */
    CHECK(sql("where", "region~E.", false, false) == NULL);
    CHECK(sql("where", "amount>5", false, false) == NULL);
    CHECK(sql("where", "amount=1..5", false, false) == NULL);
    CHECK(sql("where", "=x", false, false) == NULL);
    CHECK(sql("from", "2011-01-08", true, false) == NULL);
    CHECK(sql("from", "not a date", false, false) == NULL);
    CHECK(sql("grep", "A > B", false, false) == NULL);
    CHECK(sql("min-duration", "3d", false, false) == NULL);

    /* The push-down query carries the condition. */
    struct pushdown_spec spec = {SQL_POSTGRES, "events", "case id", "act",
                                 "ts",         NULL,     false,     "x = 1"};
    char *q = pushdown_sql(&spec);
    CHECK(strstr(q, "<> ''\n    AND (x = 1)\n)") != NULL);
    free(q);
}

int
main(void)
{
    test_stand_in();
    test_pushfilter();
    TAP_DONE();
}

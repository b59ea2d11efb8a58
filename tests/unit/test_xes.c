/* Unit tests of the XES importer: roles, attributes, entities, rejections, malformed files. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_xes.h"
#include "tap.h"

static struct event_log *
load(const char *xml, struct cf_error *err)
{
    return import_xes_buffer("t.xes", xml, strlen(xml), NULL, err);
}

static void
test_basic(void)
{
    const char *xml =
        "\xef\xbb\xbf<?xml version='1.0' encoding='UTF-8'?>\n"
        "<!-- a comment with <tags> inside -->\n"
        "<log xes.version=\"1.0\">\n"
        "  <global scope=\"event\"><string key=\"concept:name\" value=\"x\"/></global>\n"
        "  <string key=\"concept:name\" value=\"the log\"/>\n"
        "  <trace>\n"
        "    <string key=\"concept:name\" value=\"c&amp;1\"/>\n"
        "    <string key=\"outcome\" value=\"won\"/>\n"
        "    <event>\n"
        "      <string key=\"concept:name\" value=\"B &#x2192; C\"/>\n"
        "      <date key=\"time:timestamp\" value=\"2024-01-01T10:00:00.000+01:00\"/>\n"
        "      <string key=\"org:resource\" value=\"ann\"/>\n"
        "      <string key=\"lifecycle:transition\" value=\"complete\"/>\n"
        "      <list key=\"tags\"><values><string key=\"t\" value=\"ignored\"/></values></list>\n"
        "    </event>\n"
        "    <event>\n"
        "      <string key=\"concept:name\" value='A'/>\n"
        "      <date key=\"time:timestamp\" value=\"2024-01-01T08:30:00Z\"/>\n"
        "    </event>\n"
        "  </trace>\n"
        "  <trace>\n"
        "    <string key=\"concept:name\" value=\"c2\"/>\n"
        "    <event><string key=\"concept:name\" value=\"A\"/></event>\n"
        "    <event><date key=\"time:timestamp\" value=\"2024-01-02T00:00:00Z\"/></event>\n"
        "    <event><string key=\"concept:name\" value=\"A\"/>"
        "<date key=\"time:timestamp\" value=\"2024-02-30T00:00:00Z\"/></event>\n"
        "    <event><string key=\"concept:name\" value=\"D\"/>"
        "<date key=\"time:timestamp\" value=\"2024-01-03T00:00:00Z\"/></event>\n"
        "  </trace>\n"
        "  <trace><event><string key=\"concept:name\" value=\"A\"/>"
        "<date key=\"time:timestamp\" value=\"2024-01-03T00:00:00Z\"/></event></trace>\n"
        "</log>\n";
    struct cf_error err = {0};
    struct event_log *log = load(xml, &err);
    CHECK(log != NULL);
    if (log == NULL) {
        printf("# %s\n", err.msg);
        return;
    }
    CHECK_EQ_U(log->n_cases, 2);
    CHECK_EQ_U(log->n_events, 3);
    CHECK_STR(eventlog_case_name(log, 0), "c&1");
    /* Sorted by time: A (08:30Z) before "B → C" (09:00Z). */
    CHECK_STR(eventlog_activity_name(log, log->ev_act[0]), "A");
    CHECK_STR(eventlog_activity_name(log, log->ev_act[1]), "B \xe2\x86\x92 C");
    CHECK_EQ_I(log->ev_time[1] - log->ev_time[0], 30 * 60000);
    CHECK_STR(eventlog_resource_name(log, log->ev_res[1]), "ann");
    CHECK_EQ_U(log->ev_line[1], 9); /* the <event> tag's line */
    int lc = eventlog_attr_index(log, "lifecycle_transition");
    int oc = eventlog_attr_index(log, "outcome");
    CHECK(lc >= 0 && oc >= 0);
    CHECK_EQ_I(eventlog_attr_index(log, "t"), -1); /* nested in a list: not an attribute */
    if (lc >= 0 && oc >= 0) {
        CHECK_STR(strpool_get(log->values, eventlog_attr_value(log, (size_t)lc, 1)), "complete");
        CHECK_EQ_U(eventlog_attr_value(log, (size_t)lc, 0), CF_NONE);
        CHECK_STR(strpool_get(log->values, eventlog_attr_value(log, (size_t)oc, 0)), "won");
    }
    const struct import_report *r = &log->report;
    CHECK_EQ_U(r->rows, 7);
    CHECK_EQ_U(r->accepted, 3);
    CHECK_EQ_U(r->rejected[CF_REJ_BAD_TIME], 2); /* missing, and Feb 30 */
    CHECK_EQ_U(r->first_lines[CF_REJ_BAD_TIME][0], 23);
    CHECK_EQ_U(r->rejected[CF_REJ_MISSING_ACTIVITY], 1);
    CHECK_EQ_U(r->rejected[CF_REJ_MISSING_CASE], 1); /* the trace without a name */
    CHECK_EQ_U(r->first_lines[CF_REJ_MISSING_CASE][0], 28);
    eventlog_free(log);

    /* Activity from two keys, CSV-style names accepted. */
    struct import_opts o;
    import_opts_init(&o);
    o.activity_col = "activity,lifecycle_transition";
    log = import_xes_buffer("t.xes", xml, strlen(xml), &o, &err);
    CHECK(log != NULL);
    if (log != NULL) {
        CHECK_STR(eventlog_activity_name(log, log->ev_act[1]), "B \xe2\x86\x92 C+complete");
        CHECK_STR(eventlog_activity_name(log, log->ev_act[0]), "A");
        CHECK_EQ_I(eventlog_attr_index(log, "lifecycle_transition"), -1);
        eventlog_free(log);
    }
    o.activity_col = NULL;
    o.strict = true;
    CHECK(import_xes_buffer("t.xes", xml, strlen(xml), &o, &err) == NULL);
    CHECK_EQ_U(err.line, 28);
}

static void
test_malformed(void)
{
    struct cf_error err = {0};
    CHECK(load("<html><body/></html>", &err) == NULL);
    CHECK(strstr(err.msg, "not an XES log") != NULL);
    CHECK(load("<log>\n<trace>\n<event>\n", &err) == NULL);
    CHECK(strstr(err.msg, "not closed") != NULL);
    CHECK(load("<log>\n<trace>\n</event>\n</log>", &err) == NULL);
    CHECK(strstr(err.msg, "closes <trace>") != NULL);
    CHECK_EQ_U(err.line, 3);
    CHECK(load("<log><trace><string key=\"a\" value=\"x</log>", &err) == NULL);
    CHECK(load("<log></log>", &err) == NULL);
    CHECK(strstr(err.msg, "no events") != NULL);
    CHECK(load("<log><trace><string key=\"concept:name\" value=\"&bogus;\"/></trace></log>",
               &err) == NULL);
    CHECK(strstr(err.msg, "character reference") != NULL);
    const char bin[] = "<log>\0\0\0";
    CHECK(import_xes_buffer("b.xes", bin, sizeof bin, NULL, &err) == NULL);
    CHECK(strstr(err.msg, "binary") != NULL);
    CHECK(import_xes("/nonexistent/x.xes", NULL, &err) == NULL);
    CHECK(import_is_xes("foo.XES.gz"));
    CHECK(!import_is_xes("foo.csv"));
}

int
main(void)
{
    test_basic();
    test_malformed();
    TAP_DONE();
}

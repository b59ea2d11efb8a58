/* Unit tests of the XES importer: roles, attributes, encodings, classifiers, sparse keys, hostile
 * and malformed files. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_xes.h"
#include "strpool.h"
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
    CHECK_EQ_I(eventlog_attr_index(log, "t"), -1); /* nested in a list: flattened, */
    int tc = eventlog_attr_index(log, "tags.t");   /* as key.child */
    CHECK(tc >= 0);
    if (tc >= 0)
        CHECK_STR(strpool_get(log->values, eventlog_attr_value(log, (size_t)tc, 1)), "ignored");
    CHECK_EQ_I(eventlog_attr_index(log, "x"), -1); /* a <global> default is no attribute */
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
    CHECK(strstr(err.msg, "mismatched tag") != NULL); /* expat's own words */
    CHECK_EQ_U(err.line, 3);
    CHECK_STR(err.file, "t.xes");
    CHECK(load("<log>\n<trace>\n<event>\n<string key=\"a\" value=\"1\" value=\"2\"/>", &err) ==
          NULL);
    CHECK(strstr(err.msg, "duplicate attribute") != NULL);
    CHECK_EQ_U(err.line, 4);
    CHECK(load("<log><trace><string key=\"a\" value=\"x</log>", &err) == NULL);
    CHECK(load("<log></log>", &err) == NULL);
    CHECK(strstr(err.msg, "no events") != NULL);
    CHECK(load("<log><trace><string key=\"concept:name\" value=\"&bogus;\"/></trace></log>",
               &err) == NULL);
    CHECK(strstr(err.msg, "undefined entity") != NULL);
    const char bin[] = "<log>\n\0\0\0";
    CHECK(import_xes_buffer("b.xes", bin, sizeof bin, NULL, &err) == NULL);
    CHECK(strstr(err.msg, "invalid token") != NULL);
    CHECK_EQ_U(err.line, 2);
    CHECK(load("<html/>", &err) == NULL);
    CHECK(strstr(err.msg, "root element is <html>") != NULL);
    /* Names from the file reach messages escaped (XML allows C1 controls in values). */
    struct import_opts o;
    import_opts_init(&o);
    o.classifier = "x";
    const char *c1 = "<log><classifier name=\"a&#x9b;31m&#x85;\" keys=\"k\"/><trace/></log>";
    CHECK(import_xes_buffer("t.xes", c1, strlen(c1), &o, &err) == NULL);
    CHECK(strstr(err.msg, "\xc2\x9b") == NULL && strstr(err.msg, "\xc2\x85") == NULL &&
          strstr(err.msg, "\\u009b") != NULL);
    CHECK(strstr(err.msg, "no classifier 'x'") != NULL);
    CHECK(import_xes("/nonexistent/x.xes", NULL, &err) == NULL);
    CHECK(import_is_xes("foo.XES.gz"));
    CHECK(!import_is_xes("foo.csv"));
}

/* A trace of one event with the given extra XML inside the event. */
static char *
one_event(const char *head, const char *inside)
{
    struct cf_buf b = {0};
    cf_buf_printf(&b,
                  "%s<log><trace><string key=\"concept:name\" value=\"c1\"/>"
                  "<event><string key=\"concept:name\" value=\"A\"/>"
                  "<date key=\"time:timestamp\" value=\"2024-01-01T00:00:00Z\"/>%s</event>"
                  "</trace></log>\n",
                  head, inside);
    return b.data;
}

static const char *
val(const struct event_log *log, const char *attr, size_t e)
{
    int a = eventlog_attr_index(log, attr);
    if (a < 0)
        return "(no such attribute)";
    uint32_t v = eventlog_attr_value(log, (size_t)a, e);
    return v == CF_NONE ? "(none)" : strpool_get(log->values, v);
}

static void
test_encodings(void)
{
    struct cf_error err = {0};
    /* ISO-8859-1: 0xE9 is e-acute, 0x80 a C1 control; windows-1252: 0x80 is the euro sign. */
    char *xml = one_event("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n",
                          "<string key=\"city\" value=\"Li\xe8ge \xe9t\xe9\"/>");
    struct event_log *log = load(xml, &err);
    CHECK(log != NULL);
    if (log)
        CHECK_STR(val(log, "city", 0), "Li\xc3\xa8ge \xc3\xa9t\xc3\xa9");
    eventlog_free(log);
    free(xml);
    xml = one_event("<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n",
                    "<string key=\"price\" value=\"5\x80 \x93q\x94\"/>");
    log = load(xml, &err);
    CHECK(log != NULL);
    if (log)
        CHECK_STR(val(log, "price", 0), "5\xe2\x82\xac \xe2\x80\x9cq\xe2\x80\x9d");
    eventlog_free(log);
    free(xml);
    /* UTF-8 declared but Latin-1 bytes: a clear error with the line. */
    xml = one_event("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\n",
                    "<string key=\"city\" value=\"Li\xe8ge\"/>");
    CHECK(load(xml, &err) == NULL);
    CHECK(strstr(err.msg, "invalid token") != NULL);
    CHECK_EQ_U(err.line, 3);
    free(xml);
    /* An encoding expat does not know is refused, not misread. */
    xml = one_event("<?xml version=\"1.0\" encoding=\"EBCDIC-xyz\"?>\n", "");
    CHECK(load(xml, &err) == NULL);
    CHECK(strstr(err.msg, "encoding") != NULL);
    free(xml);
}

static void
test_namespaces(void)
{
    const char *xml =
        "<xes:log xmlns:xes=\"http://www.xes-standard.org/\" xes:version=\"1.0\">\n"
        "<xes:trace><xes:string xes:key=\"concept:name\" xes:value=\"c1\"/>\n"
        "<xes:event><xes:string key=\"concept:name\" value=\"A\"/>"
        "<xes:date key=\"time:timestamp\" value=\"2024-01-01T00:00:00Z\"/></xes:event>\n"
        "<xes:event><xes:string key=\"concept:name\" value=\"B\"/>"
        "<xes:date key=\"time:timestamp\" value=\"2024-01-01T00:01:00Z\"/></xes:event>\n"
        "</xes:trace></xes:log>\n";
    struct cf_error err = {0};
    struct event_log *log = load(xml, &err);
    CHECK(log != NULL);
    if (log) {
        CHECK_EQ_U(log->n_cases, 1);
        CHECK_EQ_U(log->n_events, 2);
        CHECK_STR(eventlog_case_name(log, 0), "c1");
        CHECK_STR(eventlog_activity_name(log, log->ev_act[1]), "B");
        CHECK_EQ_U(log->ev_line[1], 4);
    }
    eventlog_free(log);
}

static void
test_flattening(void)
{
    char *xml = one_event(
        "", "<list key=\"items\"><values><string key=\"sku\" value=\"a1\"/>"
            "<string key=\"sku\" value=\"b2\"/><int key=\"qty\" value=\"3\"/></values></list>"
            "<container key=\"addr\"><string key=\"city\" value=\"Gent\"/>"
            "<container key=\"geo\"><float key=\"lat\" value=\"51.05\"/></container></container>"
            "<string key=\"amount\" value=\"10\"><string key=\"unit\" value=\"EUR\"/></string>");
    struct cf_error err = {0};
    struct event_log *log = load(xml, &err);
    CHECK(log != NULL);
    if (log) {
        CHECK_STR(val(log, "items.sku", 0), "a1, b2"); /* repeated key: values joined */
        CHECK_STR(val(log, "items.qty", 0), "3");
        CHECK_STR(val(log, "addr.city", 0), "Gent");
        CHECK_STR(val(log, "addr.geo.lat", 0), "51.05");
        CHECK_STR(val(log, "amount", 0), "10");
        CHECK_STR(val(log, "amount.unit", 0), "EUR");
        CHECK_EQ_I(eventlog_attr_index(log, "items"), -1); /* a list has no value itself */
        CHECK_EQ_U(log->n_attrs, 6);
    }
    eventlog_free(log);
    free(xml);
}

static const char *const classified =
    "<log>\n"
    "<classifier name=\"Activity classifier\" keys=\"concept:name lifecycle:transition\"/>\n"
    "<classifier name=\"Who\" keys=\"org:resource 'org:role name'\"/>\n"
    "<trace><string key=\"concept:name\" value=\"c1\"/>\n"
    "<event><string key=\"concept:name\" value=\"A\"/>"
    "<string key=\"lifecycle:transition\" value=\"start\"/>"
    "<string key=\"org:resource\" value=\"ann\"/>"
    "<string key=\"org:role name\" value=\"clerk\"/>"
    "<date key=\"time:timestamp\" value=\"2024-01-01T00:00:00Z\"/></event>\n"
    "<event><string key=\"concept:name\" value=\"A\"/>"
    "<string key=\"lifecycle:transition\" value=\"complete\"/>"
    "<date key=\"time:timestamp\" value=\"2024-01-01T00:01:00Z\"/></event>\n"
    "</trace></log>\n";

static void
test_classifiers(void)
{
    struct cf_error err = {0};
    struct event_log *log = load(classified, &err);
    CHECK(log != NULL);
    if (log == NULL)
        return;
    CHECK_EQ_U(log->n_classifiers, 2);
    CHECK_STR(log->classifiers[0].name, "Activity classifier");
    CHECK_EQ_U(log->classifiers[0].n_keys, 2);
    CHECK_STR(log->classifiers[0].keys[1], "lifecycle:transition");
    CHECK_EQ_U(log->classifiers[1].n_keys, 2);
    CHECK_STR(log->classifiers[1].keys[1], "org:role name"); /* quoted key with a blank */
    CHECK(log->classifier_used == NULL);
    /* Default stays concept:name: one activity; the report says the log declares otherwise. */
    CHECK_EQ_U(eventlog_n_activities(log), 1);
    CHECK(log->classifier_note != NULL && strstr(log->classifier_note, "Activity classifier"));
    eventlog_free(log);

    struct import_opts o;
    import_opts_init(&o);
    o.classifier = "Activity classifier";
    log = import_xes_buffer("t.xes", classified, strlen(classified), &o, &err);
    CHECK(log != NULL);
    if (log) {
        CHECK_EQ_U(eventlog_n_activities(log), 2);
        CHECK_STR(eventlog_activity_name(log, log->ev_act[0]), "A+start");
        CHECK_STR(eventlog_activity_name(log, log->ev_act[1]), "A+complete");
        CHECK_STR(log->classifier_used, "Activity classifier");
        CHECK(log->classifier_note == NULL);
        CHECK_EQ_I(eventlog_attr_index(log, "lifecycle_transition"), -1); /* a role now */
        CHECK(strstr(log->report.activity_col, "Activity classifier") != NULL);
    }
    eventlog_free(log);
    o.classifier = "who"; /* case-insensitive fallback; the second event lacks both keys */
    log = import_xes_buffer("t.xes", classified, strlen(classified), &o, &err);
    CHECK(log != NULL);
    if (log) {
        CHECK_EQ_U(log->n_events, 1);
        CHECK_STR(eventlog_activity_name(log, log->ev_act[0]), "ann+clerk");
        CHECK_EQ_U(log->report.rejected[CF_REJ_MISSING_ACTIVITY], 1);
    }
    eventlog_free(log);
    o.classifier = "Nope";
    CHECK(import_xes_buffer("t.xes", classified, strlen(classified), &o, &err) == NULL);
    CHECK(strstr(err.msg, "no classifier 'Nope'") && strstr(err.msg, "'Who'"));
    CHECK_EQ_U(err.line, 4); /* at the first trace, where it was needed */
    o.classifier = "Who";
    o.activity_col = "concept:name";
    CHECK(import_xes_buffer("t.xes", classified, strlen(classified), &o, &err) == NULL);
    CHECK(strstr(err.msg, "not both") != NULL);
    /* A classifier that matches the default gets no note. */
    const char *same = "<log><classifier name=\"Name\" keys=\"concept:name\"/>"
                       "<trace><string key=\"concept:name\" value=\"c\"/><event>"
                       "<string key=\"concept:name\" value=\"A\"/>"
                       "<date key=\"time:timestamp\" value=\"2024-01-01T00:00:00Z\"/>"
                       "</event></trace></log>";
    log = load(same, &err);
    CHECK(log != NULL && log->n_classifiers == 1 && log->classifier_note == NULL);
    eventlog_free(log);
}

/* #10 item 1: five or more 255+-byte keys sharing their first 255 bytes overflowed
 * the heap; every key must keep its full name and its own column. */
static void
test_long_keys(void)
{
    char prefix[301];
    memset(prefix, 'k', 300);
    prefix[300] = '\0';
    struct cf_buf inside = {0};
    for (int i = 0; i < 7; i++)
        cf_buf_printf(&inside, "<string key=\"%s%d\" value=\"v%d\"/>", prefix, i, i);
    char *xml = one_event("", inside.data);
    struct cf_error err = {0};
    struct event_log *log = load(xml, &err);
    CHECK(log != NULL);
    if (log) {
        CHECK_EQ_U(log->n_attrs, 7);
        for (int i = 0; i < 7; i++) {
            char key[320], want[8];
            snprintf(key, sizeof key, "%s%d", prefix, i);
            snprintf(want, sizeof want, "v%d", i);
            CHECK_STR(val(log, key, 0), want);
            CHECK_EQ_U(strlen(log->attr_names[i]), 301);
        }
    }
    eventlog_free(log);
    /* The same keys at trace and event level: prefixed names, still full length. */
    struct cf_buf x2 = {0};
    cf_buf_printf(&x2, "<log><trace><string key=\"concept:name\" value=\"c\"/>");
    for (int i = 0; i < 6; i++)
        cf_buf_printf(&x2,
                      "<string key=\"%s:%d\" value=\"t%d\"/><string key=\"%s_%d\" value=\"u\"/>",
                      prefix, i, i, prefix, i);
    cf_buf_printf(&x2, "<event><string key=\"concept:name\" value=\"A\"/>"
                       "<date key=\"time:timestamp\" value=\"2024-01-01T00:00:00Z\"/>");
    for (int i = 0; i < 6; i++)
        cf_buf_printf(&x2, "<string key=\"%s:%d\" value=\"e%d\"/>", prefix, i, i);
    cf_buf_puts(&x2, "</event></trace></log>");
    log = load(x2.data, &err);
    CHECK(log != NULL);
    if (log) {
        CHECK_EQ_U(log->n_attrs, 18);
        char key[340];
        snprintf(key, sizeof key, "%s_5", prefix);
        CHECK_STR(val(log, key, 0), "t5"); /* trace attributes come first */
        snprintf(key, sizeof key, "case_%s_5", prefix);
        CHECK_STR(val(log, key, 0), "u");
        snprintf(key, sizeof key, "event_%s_5", prefix);
        CHECK_STR(val(log, key, 0), "e5");
    }
    eventlog_free(log);
    cf_buf_clear(&x2);
    cf_buf_clear(&inside);
    free(xml);
}

/* #10 item 4: each event with its own key; columns must be sparse, not events x keys. */
static void
test_sparse_keys(void)
{
    const size_t n = 20000;
    struct cf_buf b = {0};
    cf_buf_puts(&b, "<log>\n");
    for (size_t i = 0; i < n; i++)
        cf_buf_printf(
            &b,
            "<trace><string key=\"concept:name\" value=\"c%zu\"/><event>"
            "<string key=\"concept:name\" value=\"A\"/><string key=\"k%zu\" value=\"v%zu\"/>"
            "<string key=\"common\" value=\"x\"/>"
            "<date key=\"time:timestamp\" value=\"2024-01-01T00:00:00Z\"/></event></trace>\n",
            i, i, i);
    cf_buf_puts(&b, "</log>\n");
    struct cf_error err = {0};
    struct event_log *log = import_xes_buffer("s.xes", b.data, b.len, NULL, &err);
    cf_buf_clear(&b);
    CHECK(log != NULL);
    if (log == NULL)
        return;
    CHECK_EQ_U(log->n_events, n);
    CHECK_EQ_U(log->n_attrs, n + 1);
    CHECK_STR(val(log, "k12345", 12345), "v12345");
    CHECK_STR(val(log, "k12345", 12344), "(none)");
    CHECK_STR(val(log, "common", 777), "x");
    int a = eventlog_attr_index(log, "k19999");
    int c = eventlog_attr_index(log, "common");
    CHECK(a >= 0 && c >= 0);
    if (a >= 0 && c >= 0) {
        CHECK(log->attrs[a].dense == NULL && log->attrs[a].n == 1);
        CHECK(log->attrs[c].dense != NULL && log->attrs[c].n == n);
        struct eventlog_attr_iter it;
        size_t e;
        uint32_t v;
        size_t hits = 0;
        eventlog_attr_iter_init(&it, log, (size_t)a, 0, n);
        while (eventlog_attr_iter_next(&it, &e, &v)) {
            hits++;
            CHECK_EQ_U(e, n - 1);
        }
        CHECK_EQ_U(hits, 1);
        eventlog_attr_iter_init(&it, log, (size_t)a, 0, n - 1); /* range excludes it */
        CHECK(!eventlog_attr_iter_next(&it, &e, &v));
    }
    /* Linear memory: far below a column per key per event (20000 x 20000 x 4 bytes). */
    CHECK(eventlog_memory(log) < 16u * 1024 * 1024);
    eventlog_free(log);
}

/* Entity bombs, external entities and a huge value. */
static void
test_hostile(void)
{
    struct cf_buf b = {0};
    cf_buf_puts(&b, "<?xml version=\"1.0\"?>\n<!DOCTYPE log [\n<!ENTITY l0 \"lollollollollol\">\n");
    for (int i = 1; i < 10; i++)
        cf_buf_printf(&b, "<!ENTITY l%d \"&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;\">\n",
                      i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
    cf_buf_puts(&b,
                "]>\n<log><trace><string key=\"concept:name\" value=\"&l9;\"/></trace></log>\n");
    struct cf_error err = {0};
    CHECK(import_xes_buffer("bomb.xes", b.data, b.len, NULL, &err) == NULL);
    CHECK(strstr(err.msg, "amplification") != NULL || strstr(err.msg, "entity") != NULL);
    printf("# bomb: %s:%zu: %s\n", err.file, err.line, err.msg);
    cf_buf_clear(&b);

    const char *ext = "<?xml version=\"1.0\"?>\n<!DOCTYPE log [<!ENTITY x SYSTEM "
                      "\"file:///etc/passwd\">]>\n<log>&x;</log>\n";
    CHECK(load(ext, &err) == NULL);
    CHECK(strstr(err.msg, "external entit") != NULL);
    CHECK_EQ_U(err.line, 3);

    /* A 12 MB value crossing many read chunks keeps its full length. */
    size_t big = 12u * 1024 * 1024;
    char *v = xmalloc(big + 1);
    memset(v, 'z', big);
    v[big] = '\0';
    struct cf_buf inside = {0};
    cf_buf_printf(&inside, "<string key=\"blob\" value=\"%s\"/>", v);
    char *xml = one_event("", inside.data);
    struct event_log *log = load(xml, &err);
    CHECK(log != NULL);
    if (log) {
        int a = eventlog_attr_index(log, "blob");
        CHECK(a >= 0);
        if (a >= 0)
            CHECK_EQ_U(strpool_len(log->values, eventlog_attr_value(log, (size_t)a, 0)), big);
    }
    eventlog_free(log);
    free(xml);
    free(v);
    cf_buf_clear(&inside);

    /* An event outside any trace is counted, not dropped silently. */
    const char *stray = "<log><event><string key=\"concept:name\" value=\"A\"/></event>\n"
                        "<trace><string key=\"concept:name\" value=\"c\"/><event>"
                        "<string key=\"concept:name\" value=\"A\"/>"
                        "<date key=\"time:timestamp\" value=\"2024-01-01T00:00:00Z\"/>"
                        "</event></trace></log>";
    log = load(stray, &err);
    CHECK(log != NULL);
    if (log) {
        CHECK_EQ_U(log->report.rows, 2);
        CHECK_EQ_U(log->report.rejected[CF_REJ_MISSING_CASE], 1);
        CHECK_EQ_U(log->report.first_lines[CF_REJ_MISSING_CASE][0], 1);
    }
    eventlog_free(log);
}

/* Content sniffing for stdin and FIFOs. */
static void
test_sniff(void)
{
    CHECK(import_xes_sniff("<?xml version", 13));
    CHECK(import_xes_sniff("\xef\xbb\xbf\n  <log>", 11));
    CHECK(!import_xes_sniff("case,activity\n", 14));
    CHECK(!import_xes_sniff("", 0));
    /* gzip of "<log/>\n" (gzip -n). */
    static const unsigned char gz[] = {0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                       0x03, 0xb3, 0xc9, 0xc9, 0x4f, 0xd7, 0xb7, 0xe3, 0x02,
                                       0x00, 0xe1, 0x03, 0x0b, 0xa2, 0x07, 0x00, 0x00, 0x00};
    CHECK(import_xes_sniff(gz, sizeof gz));
    CHECK(import_xes_sniff(gz, 16)); /* a prefix is enough */
}

int
main(void)
{
    test_basic();
    test_malformed();
    test_encodings();
    test_namespaces();
    test_flattening();
    test_classifiers();
    test_long_keys();
    test_sparse_keys();
    test_hostile();
    test_sniff();
    TAP_DONE();
}

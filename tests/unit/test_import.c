/* Unit tests of the CSV importer: quoting, lines, delimiters, roles, rejections, dates, gzip. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "eventlog.h"
#include "import_csv.h"
#include "tap.h"

#define T2024 1704067200000LL /* 2024-01-01T00:00:00Z */
#define HOUR 3600000LL
#define DAY 86400000LL

static struct event_log *
load_opts(const char *csv, const struct import_opts *o, struct cf_error *err)
{
    memset(err, 0, sizeof *err);
    return import_csv_buffer("t.csv", csv, strlen(csv), o, err);
}

static struct event_log *
load(const char *csv)
{
    struct cf_error err;
    struct event_log *log = load_opts(csv, NULL, &err);
    if (log == NULL)
        printf("# load failed: %s:%zu: %s\n", err.file, err.line, err.msg);
    return log;
}

/* Index of the first event with activity act, or n_events. */
static size_t
ev_of(const struct event_log *log, const char *act)
{
    for (size_t i = 0; i < log->n_events; i++)
        if (strcmp(eventlog_activity_name(log, log->ev_act[i]), act) == 0)
            return i;
    return log->n_events;
}

/* The activities of case name joined by ' ' (static buffer). */
static const char *
path_of(const struct event_log *log, const char *name)
{
    static char buf[512];
    buf[0] = '\0';
    uint32_t c = strpool_find(log->case_ids, name, strlen(name));
    if (c == CF_NONE)
        return "(no such case)";
    for (size_t i = log->case_off[c]; i < log->case_off[c + 1]; i++) {
        if (i > log->case_off[c])
            strncat(buf, " ", sizeof buf - strlen(buf) - 1);
        strncat(buf, eventlog_activity_name(log, log->ev_act[i]), sizeof buf - strlen(buf) - 1);
    }
    return buf;
}

/* Attribute name of event i ("" when empty). */
static const char *
attr_of(const struct event_log *log, size_t i, const char *name)
{
    int a = eventlog_attr_index(log, name);
    if (a < 0)
        return "(no such attribute)";
    uint32_t v = eventlog_attr_value(log, (size_t)a, i);
    return v == CF_NONE ? "" : strpool_get(log->values, v);
}

static void
test_basic(void)
{
    struct event_log *log = load("case_id,activity,timestamp,resource,amount,region\n"
                                 "c1,A,2024-01-01T00:00:00Z,ann,100,EU\n"
                                 "c1,B,2024-01-01T01:00:00Z,bob,,EU\n"
                                 "c2,A,2024-01-02T00:00:00+01:00,,7,US\n");
    CHECK(log != NULL);
    if (log == NULL)
        return;
    CHECK_EQ_U(log->n_events, 3);
    CHECK_EQ_U(log->n_cases, 2);
    CHECK_STR(path_of(log, "c1"), "A B");
    CHECK_STR(log->name, "t.csv");
    const struct import_report *r = &log->report;
    CHECK_EQ_U(r->rows, 3);
    CHECK_EQ_U(r->accepted, 3);
    CHECK_EQ_U(import_report_rejected_total(r), 0);
    CHECK_STR(r->case_col, "case_id");
    CHECK_STR(r->activity_col, "activity");
    CHECK_STR(r->time_col, "timestamp");
    CHECK_STR(r->resource_col, "resource");
    CHECK_EQ_I(r->delimiter, ',');
    CHECK_STR(r->time_note, "");
    CHECK_EQ_U(log->n_attrs, 2);
    CHECK_STR(log->attr_names[0], "amount");
    CHECK_STR(log->attr_names[1], "region");
    size_t b = ev_of(log, "B");
    CHECK_EQ_U(log->ev_line[b], 3);
    CHECK_EQ_I(log->ev_time[b], T2024 + HOUR);
    CHECK_STR(eventlog_resource_name(log, log->ev_res[b]), "bob");
    CHECK_STR(attr_of(log, b, "amount"), "");
    CHECK_STR(attr_of(log, b, "region"), "EU");
    /* c2's A: its own offset, no resource. */
    CHECK_EQ_I(log->ev_time[2], T2024 + DAY - HOUR);
    CHECK_EQ_U(log->ev_res[2], CF_NONE);
    CHECK_STR(attr_of(log, 2, "amount"), "7");
    CHECK_EQ_U(log->ev_line[2], 4);
    eventlog_free(log);
}

static void
test_quoting(void)
{
    /* Line 3 holds a quoted comma and "" escapes; the record on line 4 has a
     * field running over lines 4-6; line 7 is the next record; line 8 is bad. */
    struct event_log *log = load("case,activity,time,note\n"
                                 "1,\"A, with comma\",2024-01-01,plain\n"
                                 "1,\"say \"\"hi\"\"\",2024-01-02,\"q\"\"\"\n"
                                 "1,C,2024-01-03,\"first\n"
                                 "second\n"
                                 "third\"\n"
                                 "1,D,2024-01-04,x\n"
                                 "1,E,not a date,y\n"
                                 "2,5\" screen,2024-01-05,\"\"\n");
    CHECK(log != NULL);
    if (log == NULL)
        return;
    CHECK_STR(path_of(log, "1"), "A, with comma say \"hi\" C D");
    CHECK_STR(attr_of(log, ev_of(log, "say \"hi\""), "note"), "q\"");
    CHECK_STR(attr_of(log, ev_of(log, "C"), "note"), "first\nsecond\nthird");
    CHECK_EQ_U(log->ev_line[ev_of(log, "C")], 4);
    CHECK_EQ_U(log->ev_line[ev_of(log, "D")], 7);
    CHECK_EQ_U(log->report.rejected[CF_REJ_BAD_TIME], 1);
    CHECK_EQ_U(log->report.first_lines[CF_REJ_BAD_TIME][0], 8);
    CHECK_STR(log->report.first_detail[CF_REJ_BAD_TIME],
              "bad timestamp \"not a date\" (give its format with --time-format, e.g. '%d %b %Y')");
    /* A quote inside an unquoted field is text (not CSV_STRICT). */
    CHECK_EQ_U(log->ev_line[ev_of(log, "5\" screen")], 9);
    eventlog_free(log);

    /* Quoted newlines in the header and in the first field. */
    log = load("\"case\nid\",activity,time\n\"x\ny\",A,2024-01-01\nz,B,2024-01-01\n");
    CHECK(log != NULL);
    if (log != NULL) {
        CHECK_STR(log->report.case_col, "case\nid");
        CHECK_EQ_U(log->ev_line[ev_of(log, "A")], 3);
        CHECK_EQ_U(log->ev_line[ev_of(log, "B")], 5);
        CHECK_STR(eventlog_case_name(log, 0), "x\ny");
        eventlog_free(log);
    }
}

static void
test_bom_crlf_blank(void)
{
    struct event_log *log = load("\xEF\xBB\xBF"
                                 "case,activity,timestamp\r\n"
                                 "1,A,2024-01-01\r\n"
                                 "\r\n"
                                 "1,\"B\r\nb\",2024-01-02\r\n"
                                 "   \r\n"
                                 "1,C,2024-01-03\r\n");
    CHECK(log != NULL);
    if (log == NULL)
        return;
    CHECK_STR(log->report.case_col, "case");
    CHECK_EQ_U(log->report.rows, 3);
    CHECK_STR(path_of(log, "1"), "A B\r\nb C");
    CHECK_EQ_U(log->ev_line[0], 2);
    CHECK_EQ_U(log->ev_line[1], 4);
    CHECK_EQ_U(log->ev_line[2], 7);
    eventlog_free(log);

    /* Old Mac line ends (CR only), no newline at the end. */
    log = load("case,activity,timestamp\r1,A,2024-01-01\r1,B,2024-01-02");
    CHECK(log != NULL);
    if (log != NULL) {
        CHECK_STR(path_of(log, "1"), "A B");
        CHECK_EQ_U(log->ev_line[1], 3);
        eventlog_free(log);
    }
}

static void
test_delimiters(void)
{
    static const struct {
        const char *csv;
        char delim;
    } cases[] = {
        {"case;activity;time\n1;A,x;2024-01-01\n1;B;2024-01-02\n", ';'},
        {"case\tactivity\ttime\n1\tA,x\t2024-01-01\n1\tB\t2024-01-02\n", '\t'},
        {"case|activity|time\n1|A,x|2024-01-01\n1|B|2024-01-02\n", '|'},
        {"case,activity,time\n1,\"A,x\",2024-01-01\n1,B,2024-01-02\n", ','},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct event_log *log = load(cases[i].csv);
        CHECK(log != NULL);
        if (log == NULL)
            continue;
        CHECK_EQ_I(log->report.delimiter, cases[i].delim);
        CHECK_STR(path_of(log, "1"), "A,x B");
        eventlog_free(log);
    }
    /* Overridden: sniffing would take ',' (4 per line against 3 ';'). */
    struct import_opts o;
    struct cf_error err;
    const char *semi = "case;activity;time;a,b,c,d,e\n1;A;2024-01-01;v,w,x,y,z\n";
    import_opts_init(&o);
    CHECK(load_opts(semi, &o, &err) == NULL);
    CHECK_STR(err.msg, "no case id column found (name it with --case COL); columns: "
                       "case;activity;time;a, b, c, d, e");
    o.delimiter = ';';
    struct event_log *log = load_opts(semi, &o, &err);
    CHECK(log != NULL);
    if (log != NULL) {
        CHECK_EQ_I(log->report.delimiter, ';');
        CHECK_STR(log->attr_names[0], "a,b,c,d,e");
        CHECK_STR(attr_of(log, 0, "a,b,c,d,e"), "v,w,x,y,z");
        eventlog_free(log);
    }
    /* Unquoted blanks are trimmed, tabs too unless they delimit. */
    log = load("case\tactivity\ttime\n 1 \t A B \t2024-01-01\n");
    CHECK(log != NULL);
    if (log != NULL) {
        CHECK_STR(path_of(log, "1"), "A B");
        eventlog_free(log);
    }
}

static void
test_ties_and_dst(void)
{
    /* Ties keep file order; a later row with an earlier time sorts first. */
    struct event_log *log = load("case,activity,timestamp\n"
                                 "k,T1,2024-01-01T10:00:00Z\n"
                                 "k,T2,2024-01-01T10:00:00Z\n"
                                 "k,T3,2024-01-01T10:00:00Z\n"
                                 "k,E,2024-01-01T09:00:00Z\n");
    CHECK(log != NULL);
    if (log != NULL) {
        CHECK_STR(path_of(log, "k"), "E T1 T2 T3");
        eventlog_free(log);
    }
    /* Daylight saving ends 2011-10-30 03:00 CEST: 02:30+02:00 (00:30Z) comes
     * before 02:10+01:00 (01:10Z) and 01:50+01:00 (00:50Z) in between. */
    log = load("case,activity,timestamp\n"
               "d,late_clock,2011-10-30T02:10:00+01:00\n"
               "d,early,2011-10-30T02:30:00+02:00\n"
               "d,middle,2011-10-30T01:50:00+01:00\n");
    CHECK(log != NULL);
    if (log != NULL) {
        CHECK_STR(path_of(log, "d"), "early middle late_clock");
        CHECK_EQ_I(log->ev_time[2] - log->ev_time[0], 40 * 60000);
        eventlog_free(log);
    }
}

static void
test_epochs_and_notes(void)
{
    struct event_log *log = load("case,activity,timestamp\n"
                                 "e,S,1704067200\n"
                                 "e,M,1704067260000\n"
                                 "e,N,2024-01-01 00:02:00\n");
    CHECK(log != NULL);
    if (log == NULL)
        return;
    CHECK_EQ_I(log->ev_time[0], T2024);
    CHECK_EQ_I(log->ev_time[1], T2024 + 60000);
    CHECK_EQ_I(log->ev_time[2], T2024 + 120000);
    CHECK_STR(log->report.time_note, "1 without UTC offset, read as UTC (--timezone ZONE to read "
                                     "them in a zone); 1 read as epoch seconds; "
                                     "1 read as epoch milliseconds");
    eventlog_free(log);
}

static void
test_date_order(void)
{
    struct cf_error err;
    struct import_opts o;
    import_opts_init(&o);
    /* Lines 2-3 are ambiguous and held back; line 4 (25/03) says DD/MM. */
    struct event_log *log = load("case,activity,timestamp\n"
                                 "b,A,05/03/2024\n"
                                 "a,X,06/03/2024 10:00\n"
                                 "b,B,25/03/2024\n"
                                 "a,Y,07/03/2024\n");
    CHECK(log != NULL);
    if (log != NULL) {
        long long mar5 = T2024 + (31 + 29 + 4) * DAY;
        CHECK_STR(eventlog_case_name(log, 0), "b"); /* file order kept through the hold */
        CHECK_EQ_I(log->ev_time[0], mar5);
        CHECK_EQ_I(log->ev_time[1], mar5 + 20 * DAY);
        CHECK_EQ_U(log->ev_line[0], 2);
        CHECK_EQ_I(log->ev_time[2], mar5 + DAY + 10 * HOUR);
        CHECK_EQ_U(log->report.rows, 4);
        CHECK_STR(log->report.time_note, "dates read as DD/MM/YYYY (line 4: \"25/03/2024\")");
        eventlog_free(log);
    }
    /* MM/DD, told by line 3; rejected rows while held keep their lines. */
    log = load("case,activity,timestamp\n"
               "b,A,05/03/2024\n"
               ",A,05/04/2024\n"
               "b,B,03/25/2024\n");
    CHECK(log != NULL);
    if (log != NULL) {
        CHECK_EQ_I(log->ev_time[ev_of(log, "A")], T2024 + (31 + 29 + 31 + 30 + 2) * DAY);
        CHECK_STR(path_of(log, "b"), "B A");
        CHECK_EQ_U(log->report.rejected[CF_REJ_MISSING_CASE], 1);
        CHECK_EQ_U(log->report.first_lines[CF_REJ_MISSING_CASE][0], 3);
        CHECK_STR(log->report.time_note, "dates read as MM/DD/YYYY (line 4: \"03/25/2024\")");
        eventlog_free(log);
    }
    /* Never told: an error naming the first ambiguous date, not a guess. */
    const char *amb = "case,activity,timestamp\n"
                      "a,A,05/05/2024\n"
                      "a,B,05/03/2024\n"
                      "a,C,06/03/2024\n";
    CHECK(load_opts(amb, &o, &err) == NULL);
    CHECK_EQ_U(err.line, 3);
    CHECK(strstr(err.msg, "ambiguous dates: \"05/03/2024\"") == err.msg);
    CHECK(strstr(err.msg, "--date-order dmy") != NULL);
    o.date_order = DATE_ORDER_MDY;
    log = load_opts(amb, &o, &err);
    CHECK(log != NULL);
    if (log != NULL) {
        CHECK_EQ_I(log->ev_time[ev_of(log, "B")], T2024 + (31 + 29 + 31 + 30 + 2) * DAY);
        CHECK_STR(path_of(log, "a"), "B A C");
        CHECK_STR(log->report.time_note, "dates read as MM/DD/YYYY (--date-order)");
        eventlog_free(log);
    }
    /* With a given order, a date that does not fit it is a bad row. */
    o.date_order = DATE_ORDER_DMY;
    log = load_opts("case,activity,timestamp\na,A,05/03/2024\na,B,03/25/2024\n", &o, &err);
    CHECK(log != NULL);
    if (log != NULL) {
        CHECK_EQ_U(log->report.rejected[CF_REJ_BAD_TIME], 1);
        CHECK_STR(log->report.first_detail[CF_REJ_BAD_TIME],
                  "bad timestamp \"03/25/2024\" (not a DD/MM/YYYY date)");
        eventlog_free(log);
    }
    /* Conflicting evidence in the data is an error. */
    o.date_order = DATE_ORDER_AUTO;
    CHECK(load_opts("case,activity,timestamp\na,A,25/03/2024\na,B,03/25/2024\n", &o, &err) == NULL);
    CHECK_EQ_U(err.line, 3);
    CHECK_STR(err.msg, "date \"03/25/2024\" is MM/DD/YYYY but line 2 (\"25/03/2024\") was "
                       "DD/MM/YYYY: mixed date orders (use --time-format)");
    /* --time-format reads everything with strptime. */
    o.time_format = "%d.%m.%Y %H:%M";
    log = load_opts("case,activity,timestamp\na,A,01.01.2024 01:00\na,B,1/1/2024\n", &o, &err);
    CHECK(log != NULL);
    if (log != NULL) {
        CHECK_EQ_I(log->ev_time[0], T2024 + HOUR);
        CHECK_EQ_U(log->report.rejected[CF_REJ_BAD_TIME], 1);
        CHECK_STR(log->report.first_detail[CF_REJ_BAD_TIME],
                  "bad timestamp \"1/1/2024\" (--time-format %d.%m.%Y %H:%M)");
        CHECK_STR(log->report.time_note, "read with --time-format %d.%m.%Y %H:%M");
        eventlog_free(log);
    }
}

static void
test_roles(void)
{
    static const struct {
        const char *header, *c, *a, *t, *r;
    } cases[] = {
        {"Case ID;Activity;Complete Timestamp;Resource", "Case ID", "Activity",
         "Complete Timestamp", "Resource"},
        {"case:concept:name,concept:name,time:timestamp,org:resource", "case:concept:name",
         "concept:name", "time:timestamp", "org:resource"},
        {"OpportunityId,StageName,Amount,CreatedDate,CreatedById,CloseDate", "OpportunityId",
         "StageName", "CreatedDate", "CreatedById"},
        {"ticket_id,status,changed_at,assignee", "ticket_id", "status", "changed_at", "assignee"},
        {"session_id,event,ts", "session_id", "event", "ts", ""},
        {"case_id,activity,timestamp,resource,Activity,Resource", "case_id", "activity",
         "timestamp", "resource"},
        {"Start Timestamp,Complete Timestamp,Case_No,Stage Entered", "Case_No", "Stage Entered",
         "Complete Timestamp", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char csv[512];
        char d = strchr(cases[i].header, ';') ? ';' : ',';
        /* One data row: every field is a date, which fits any role. */
        snprintf(csv, sizeof csv, "%s\n", cases[i].header);
        for (const char *p = cases[i].header; *p; p++)
            if (*p == d)
                strncat(csv, "2024-01-01,", sizeof csv - strlen(csv) - 1);
        strncat(csv, "2024-01-01\n", sizeof csv - strlen(csv) - 1);
        if (d == ';')
            for (char *p = csv + strlen(cases[i].header); *p; p++)
                if (*p == ',')
                    *p = ';';
        struct event_log *log = load(csv);
        CHECK(log != NULL);
        if (log == NULL)
            continue;
        CHECK_STR(log->report.case_col, cases[i].c);
        CHECK_STR(log->report.activity_col, cases[i].a);
        CHECK_STR(log->report.time_col, cases[i].t);
        CHECK_STR(log->report.resource_col, cases[i].r);
        eventlog_free(log);
    }
}

static void
test_overrides(void)
{
    struct cf_error err;
    struct import_opts o;
    const char *csv = "id,name,lifecycle,when,who,extra\n"
                      "1,W_Foo,START,2024-01-01,ann,x\n"
                      "1,W_Foo,COMPLETE,2024-01-02,ann,y\n"
                      "1,W_Bar,,2024-01-03,ann,z\n";
    import_opts_init(&o);
    o.case_col = "id";
    o.activity_col = "name,LIFECYCLE"; /* case-insensitive */
    o.time_col = "When";
    o.resource_col = "";
    struct event_log *log = load_opts(csv, &o, &err);
    CHECK(log != NULL);
    if (log != NULL) {
        CHECK_STR(path_of(log, "1"), "W_Foo+START W_Foo+COMPLETE W_Bar");
        CHECK_STR(log->report.activity_col, "name+lifecycle");
        CHECK_STR(log->report.time_col, "when");
        CHECK_STR(log->report.resource_col, "");
        CHECK_EQ_U(log->ev_res[0], CF_NONE);
        /* Role columns are not attributes; "who" is one now. */
        CHECK_EQ_U(log->n_attrs, 2);
        CHECK_STR(log->attr_names[0], "who");
        CHECK_STR(log->attr_names[1], "extra");
        eventlog_free(log);
    }
    o.case_col = "nope";
    CHECK(load_opts(csv, &o, &err) == NULL);
    CHECK_EQ_U(err.line, 1);
    CHECK_STR(err.msg,
              "no column \"nope\" (--case); columns: id, name, lifecycle, when, who, extra");
    o.case_col = "id";
    o.activity_col = "name,phase";
    CHECK(load_opts(csv, &o, &err) == NULL);
    CHECK(strstr(err.msg, "no column \"phase\" (--activity)") == err.msg);
    /* Nothing to guess from. */
    CHECK(load_opts("id,name,when\n1,A,2024-01-01\n", NULL, &err) == NULL);
    CHECK_STR(err.msg,
              "no case id column found (name it with --case COL); columns: id, name, when");
    CHECK(load_opts("case,name,when\n1,A,2024-01-01\n", NULL, &err) == NULL);
    CHECK_STR(err.msg,
              "no activity column found (name it with --activity COL); columns: case, name, when");
    CHECK(load_opts("case,activity,owner\n1,A,2024-01-01\n", NULL, &err) == NULL);
    CHECK_STR(err.msg, "no timestamp column found (name it with --timestamp COL); columns: case, "
                       "activity, owner");
}

static void
test_rejections(void)
{
    const char *csv = "case,activity,timestamp,x\n" /* 1 */
                      "1,A,2024-01-01,a\n"          /* 2 ok */
                      ",A,2024-01-01,a\n"           /* 3 missing case */
                      "1,,2024-01-01,a\n"           /* 4 missing activity */
                      "1,B,2024-13-45,a\n"          /* 5 bad time */
                      "1,B,,a\n"                    /* 6 missing time */
                      "1,B,2024-01-02\n"            /* 7 3 fields */
                      "1,B,2024-01-02,a,b\n"        /* 8 5 fields */
                      "1,\"multi\nline\",nope,a\n"  /* 9-10 bad time */
                      "2,C,2024-01-03,a\n";         /* 11 ok */
    struct event_log *log = load(csv);
    CHECK(log != NULL);
    if (log != NULL) {
        const struct import_report *r = &log->report;
        CHECK_EQ_U(r->rows, 9);
        CHECK_EQ_U(r->accepted, 2);
        CHECK_EQ_U(r->rejected[CF_REJ_MISSING_CASE], 1);
        CHECK_EQ_U(r->rejected[CF_REJ_MISSING_ACTIVITY], 1);
        CHECK_EQ_U(r->rejected[CF_REJ_BAD_TIME], 3);
        CHECK_EQ_U(r->rejected[CF_REJ_FIELD_COUNT], 2);
        CHECK_EQ_U(import_report_rejected_total(r), 7);
        CHECK_EQ_U(r->first_lines[CF_REJ_MISSING_CASE][0], 3);
        CHECK_EQ_U(r->first_lines[CF_REJ_MISSING_ACTIVITY][0], 4);
        CHECK_EQ_U(r->first_lines[CF_REJ_BAD_TIME][0], 5);
        CHECK_EQ_U(r->first_lines[CF_REJ_BAD_TIME][1], 6);
        CHECK_EQ_U(r->first_lines[CF_REJ_BAD_TIME][2], 9);
        CHECK_EQ_U(r->first_lines[CF_REJ_FIELD_COUNT][0], 7);
        CHECK_EQ_U(r->first_lines[CF_REJ_FIELD_COUNT][1], 8);
        CHECK_STR(r->first_detail[CF_REJ_MISSING_CASE], "empty \"case\"");
        CHECK_STR(r->first_detail[CF_REJ_MISSING_ACTIVITY], "empty \"activity\"");
        CHECK_STR(r->first_detail[CF_REJ_BAD_TIME], "bad timestamp \"2024-13-45\"");
        CHECK_STR(r->first_detail[CF_REJ_FIELD_COUNT], "3 fields, header has 4");
        CHECK_EQ_U(log->ev_line[log->n_events - 1], 11);
        eventlog_free(log);
    }
    log = load("case,activity,timestamp\n1,A,\n1,A,2024-01-01\n");
    CHECK(log != NULL);
    if (log != NULL) {
        CHECK_STR(log->report.first_detail[CF_REJ_BAD_TIME], "empty \"timestamp\"");
        eventlog_free(log);
    }
    /* Only the first five lines are kept. */
    char big[4096] = "case,activity,timestamp\n";
    for (int i = 0; i < 8; i++)
        strncat(big, "1,A,x\n", sizeof big - strlen(big) - 1);
    strncat(big, "1,A,2024-01-01\n", sizeof big - strlen(big) - 1);
    log = load(big);
    CHECK(log != NULL);
    if (log != NULL) {
        CHECK_EQ_U(log->report.rejected[CF_REJ_BAD_TIME], 8);
        CHECK_EQ_U(log->report.first_lines[CF_REJ_BAD_TIME][4], 6);
        eventlog_free(log);
    }
    /* --strict: the first bad row is an error. */
    struct import_opts o;
    struct cf_error err;
    import_opts_init(&o);
    o.strict = true;
    CHECK(load_opts(csv, &o, &err) == NULL);
    CHECK_STR(err.file, "t.csv");
    CHECK_EQ_U(err.line, 3);
    CHECK_STR(err.msg, "missing case id: empty \"case\" (row rejected: --strict)");
    /* ... and a bad timestamp says so once. */
    CHECK(load_opts("case,activity,timestamp\n1,A,2024-02-30\n", &o, &err) == NULL);
    CHECK_STR(err.msg, "bad timestamp \"2024-02-30\" (row rejected: --strict)");
    /* All rows bad: an error with the counts. */
    CHECK(load_opts("case,activity,timestamp\n1,A,x\n1,,2024-01-01\n1,A,y\n", NULL, &err) == NULL);
    CHECK_EQ_U(err.line, 2);
    CHECK_STR(err.msg,
              "no usable rows: all 3 rows rejected (1 missing activity, 2 bad timestamp); "
              "first: bad timestamp \"x\" (give its format with --time-format, e.g. '%d %b %Y')");
}

static void
test_fatal(void)
{
    struct cf_error err;
    CHECK(load_opts("", NULL, &err) == NULL);
    CHECK_EQ_U(err.line, 1);
    CHECK_STR(err.msg, "empty file (no header line)");
    CHECK(load_opts("\n\n  \n", NULL, &err) == NULL);
    CHECK_STR(err.msg, "empty file (no header line)");
    CHECK(load_opts("case,activity,timestamp\n", NULL, &err) == NULL);
    CHECK_EQ_U(err.line, 1);
    CHECK_STR(err.msg, "no data rows after the header");
    /* Unterminated quotes: the line where the open field began. */
    CHECK(load_opts("case,activity,timestamp\n1,A,2024-01-01\n1,\"B,2024-01-02\n1,C,2024-01-03\n",
                    NULL, &err) == NULL);
    CHECK_EQ_U(err.line, 3);
    CHECK_STR(err.msg, "unterminated quoted field (a \" opened here is never closed)");
    CHECK(load_opts("case,activity,timestamp\n1,A,2024-01-01\n\"2,B,2024", NULL, &err) == NULL);
    CHECK_EQ_U(err.line, 3);
    /* Line 4's quote closes on line 6 with text after it: line 4 is rejected
     * as malformed, lines 5-6 are read again, and line 6's own quote is the
     * one never closed. */
    CHECK(load_opts("case,activity,timestamp,n\n1,A,2024-01-01,\"x\ny\"\n1,B,\"2\n\n4,\"ab\n", NULL,
                    &err) == NULL);
    CHECK_EQ_U(err.line, 6);
    /* Binary data. */
    static const char bin[] = "case,activity\0,timestamp\n1,A,2024\n";
    CHECK(import_csv_buffer("b.bin", bin, sizeof bin - 1, NULL, &err) == NULL);
    CHECK_EQ_U(err.line, 1);
    CHECK_STR(err.msg, "not a CSV file (binary data)");
    static const char bin2[] = "case,activity,timestamp\n1,A,2024-01-01\n\x01\x02\0\x03";
    CHECK(import_csv_buffer("b.bin", bin2, sizeof bin2 - 1, NULL, &err) == NULL);
    CHECK_EQ_U(err.line, 3);
    CHECK(load_opts("\x89PNG\r\n\x1a\n", NULL, &err) == NULL);
    CHECK_STR(err.msg, "not a CSV file (binary data)");
    CHECK(load_opts("PK\x03\x04stuff", NULL, &err) == NULL);
    CHECK(strstr(err.msg, "zip archive") != NULL);
    CHECK(load_opts("\xff\xfe"
                    "c",
                    NULL, &err) == NULL);
    CHECK(strstr(err.msg, "UTF-16") != NULL);
    /* Truncated gzip. */
    static const unsigned char gz[] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0x4b, 0x4c};
    CHECK(import_csv_buffer("t.gz", (const char *)gz, sizeof gz, NULL, &err) == NULL);
    CHECK(strstr(err.msg, "cannot read") == err.msg);
}

/* gzip-compress s (a gzip stream, not zlib's format); caller frees. */
static char *
gzip_mem(const char *s, size_t n, size_t *out_len)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    size_t cap = deflateBound(&zs, n) + 64;
    char *out = malloc(cap);
    zs.next_in = (Bytef *)(uintptr_t)s;
    zs.avail_in = (unsigned)n;
    zs.next_out = (Bytef *)out;
    zs.avail_out = (unsigned)cap;
    deflate(&zs, Z_FINISH);
    *out_len = zs.total_out;
    deflateEnd(&zs);
    return out;
}

static void
progress_cb(void *ud, size_t bytes, size_t total, size_t rows)
{
    size_t *st = ud;
    st[0]++;
    CHECK(rows > st[1]);
    CHECK(bytes <= total);
    st[1] = rows;
}

/* A log big enough for several 256 KiB chunks, with a quoted field that
 * runs over lines across a chunk boundary and long lines. */
static char *
make_big(size_t rows, size_t *len)
{
    struct cf_buf b = {0};
    cf_buf_puts(&b, "case,activity,timestamp,note\n");
    for (size_t i = 0; i < rows; i++) {
        if (i % 1000 == 999)
            cf_buf_printf(&b, "c%zu,Q,2024-01-01T00:00:%02zuZ,\"two\nlines, %0300zu\"\n", i / 10,
                          i % 60, i);
        else
            cf_buf_printf(&b, "c%zu,A%zu,2024-01-01T00:00:%02zuZ,n%zu\n", i / 10, i % 7, i % 60, i);
    }
    *len = b.len;
    return b.data;
}

static void
test_chunks_gzip_stdin(void)
{
    size_t len, gzlen, st[2] = {0, 0};
    char *csv = make_big(30000, &len);
    struct import_opts o;
    struct cf_error err;
    import_opts_init(&o);
    o.progress = progress_cb;
    o.progress_ud = st;
    CHECK(len > 3 * 256 * 1024);
    struct event_log *a = import_csv_buffer("big.csv", csv, len, &o, &err);
    CHECK(a != NULL);
    CHECK(st[0] >= 3);
    if (a != NULL) {
        CHECK_EQ_U(a->n_events, 30000);
        CHECK_EQ_U(a->n_cases, 3000);
        CHECK_EQ_U(a->report.rows, 30000);
        /* Row i is on line i + 2 + (number of earlier Q rows). */
        size_t q = ev_of(a, "Q");
        CHECK_EQ_U(a->ev_line[q], 999 + 2);
        CHECK_EQ_U(a->ev_line[a->n_events - 1], 29999 + 2 + 29);
    }
    /* The same bytes gzip-compressed in memory. */
    char *gz = gzip_mem(csv, len, &gzlen);
    struct event_log *b = import_csv_buffer("big.csv.gz", gz, gzlen, NULL, &err);
    CHECK(b != NULL);
    if (a != NULL && b != NULL) {
        CHECK_EQ_U(b->n_events, a->n_events);
        CHECK(memcmp(a->ev_line, b->ev_line, a->n_events * sizeof *a->ev_line) == 0);
        CHECK(memcmp(a->ev_time, b->ev_time, a->n_events * sizeof *a->ev_time) == 0);
    }
    eventlog_free(b);

    /* From a file and from stdin (gzip too). */
    char path[] = "/tmp/cf_test_import_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd >= 0) {
        CHECK(write(fd, gz, gzlen) == (ssize_t)gzlen);
        close(fd);
        b = import_csv(path, NULL, &err);
        CHECK(b != NULL);
        if (b != NULL && a != NULL) {
            CHECK_STR(b->name, path);
            CHECK_EQ_U(b->n_events, a->n_events);
        }
        eventlog_free(b);
        CHECK(freopen(path, "rb", stdin) != NULL);
        b = import_csv("-", NULL, &err);
        CHECK(b != NULL);
        if (b != NULL && a != NULL) {
            CHECK_STR(b->name, "-");
            CHECK_EQ_U(b->n_events, a->n_events);
            CHECK(memcmp(a->ev_case, b->ev_case, a->n_events * sizeof *a->ev_case) == 0);
        }
        eventlog_free(b);
        unlink(path);
    }
    CHECK(import_csv("/nonexistent/log.csv", NULL, &err) == NULL);
    CHECK_STR(err.file, "/nonexistent/log.csv");
    CHECK_EQ_U(err.line, 0);
    CHECK_STR(err.msg, "cannot open: No such file or directory");
    CHECK(import_csv("/tmp", NULL, &err) == NULL);
    CHECK_STR(err.msg, "cannot read: Is a directory");
    eventlog_free(a);
    free(gz);
    free(csv);
}

/* Lines without quotes take a fast path; quoting every field forces libcsv:
 * both must give the same log. */
static void
test_fast_path_equivalence(void)
{
    const char *plain = "case , activity,timestamp,v\n"
                        " 1 ,\tA\t, 2024-01-01T00:00:00Z ,  x y \n"
                        "\n"
                        "1,B,2024-01-02T00:00:00Z,\n"
                        "2,A,2024-01-03T00:00:00Z, \n"
                        "2,,2024-01-03T00:00:00Z,z\n"
                        "2,C,2024-01-03T00:00:00Z\n"
                        "  \n"
                        "3,D,2024-01-04T00:00:00Z,q,\n";
    /* The same with a quote on each line, so that libcsv parses every line. */
    const char *quoted = "\"case\" , activity,timestamp,v\n"
                         " \"1\" ,\tA\t, 2024-01-01T00:00:00Z ,  x y \n"
                         "\n"
                         "\"1\",B,2024-01-02T00:00:00Z,\n"
                         "\"2\",A,2024-01-03T00:00:00Z, \n"
                         "\"2\",,2024-01-03T00:00:00Z,z\n"
                         "\"2\",C,2024-01-03T00:00:00Z\n"
                         "  \n"
                         "\"3\",D,2024-01-04T00:00:00Z,q,\n";
    struct event_log *a = load(plain), *b = load(quoted);
    CHECK(a != NULL && b != NULL);
    if (a != NULL && b != NULL) {
        CHECK_EQ_U(a->n_events, 3);
        CHECK_EQ_U(b->n_events, a->n_events);
        for (size_t i = 0; i < a->n_events && i < b->n_events; i++) {
            CHECK_STR(eventlog_case_name(a, a->ev_case[i]), eventlog_case_name(b, b->ev_case[i]));
            CHECK_STR(eventlog_activity_name(a, a->ev_act[i]),
                      eventlog_activity_name(b, b->ev_act[i]));
            CHECK_EQ_U(a->ev_line[i], b->ev_line[i]);
            CHECK_STR(attr_of(a, i, "v"), attr_of(b, i, "v"));
        }
        CHECK_STR(attr_of(a, 0, "v"), "x y");
        CHECK_EQ_U(a->report.rows, 6);
        CHECK_EQ_U(b->report.rows, 6);
        CHECK(memcmp(a->report.rejected, b->report.rejected, sizeof a->report.rejected) == 0);
        CHECK(memcmp(a->report.first_lines, b->report.first_lines, sizeof a->report.first_lines) ==
              0);
        CHECK_EQ_U(a->report.first_lines[CF_REJ_FIELD_COUNT][0], 7);
        CHECK_EQ_U(a->report.first_lines[CF_REJ_FIELD_COUNT][1], 9);
    }
    eventlog_free(a);
    eventlog_free(b);

    /* A quote or a lone CR far into a line (past the 16-byte blocks) sends it
     * to libcsv too; a lone CR ends a record within the physical line. */
    a = load("case,activity,timestamp,note\n"
             "1,A,2024-01-01T00:00:00Z,plain text here,,,\n"
             "1,B,2024-01-02T00:00:00Z,\"quoted, late\"\n"
             "1,C,2024-01-03T00:00:00Z,n\r1,D,2024-01-04T00:00:00Z,a much longer note \"x\"\n"
             "1,E,2024-01-05T00:00:00Z,last\n");
    CHECK(a != NULL);
    if (a != NULL) {
        CHECK_STR(path_of(a, "1"), "B C D E");
        CHECK_EQ_U(a->report.rejected[CF_REJ_FIELD_COUNT], 1);
        CHECK_STR(attr_of(a, ev_of(a, "B"), "note"), "quoted, late");
        CHECK_STR(attr_of(a, ev_of(a, "D"), "note"), "a much longer note \"x\"");
        CHECK_EQ_U(a->ev_line[ev_of(a, "C")], 4);
        CHECK_EQ_U(a->ev_line[ev_of(a, "D")], 4);
        CHECK_EQ_U(a->ev_line[ev_of(a, "E")], 5);
        eventlog_free(a);
    }
}

/* Issue 10: every record is an event or a counted rejection. */
static void
test_malformed_records(void)
{
    /* Line 3: text after a closing quote; line 5's stray quote would once
     * have closed line 3's field and swallowed line 4. */
    struct event_log *log = load("case,activity,time,note\n"
                                 "1,A,2024-01-01,ok\n"
                                 "1,\"B\" tail,2024-01-02,x\n"
                                 "1,C,2024-01-03,y\n"
                                 "1,D,2024-01-04,5\" stray\n"
                                 "1,E,2024-01-05,\"q\"  \n");
    CHECK(log != NULL);
    if (log == NULL)
        return;
    CHECK_STR(path_of(log, "1"), "A C D E");
    CHECK_EQ_U(log->report.rows, 5);
    CHECK_EQ_U(log->report.accepted, 4);
    CHECK_EQ_U(log->report.rejected[CF_REJ_MALFORMED], 1);
    CHECK_EQ_U(log->report.first_lines[CF_REJ_MALFORMED][0], 3);
    CHECK_STR(log->report.first_detail[CF_REJ_MALFORMED],
              "text after the closing quote in field 2 (line 3)");
    CHECK_STR(attr_of(log, ev_of(log, "E"), "note"), "q");
    eventlog_free(log);

    /* A quoted field opened on line 2 closes on line 4 with text after it:
     * line 2 is rejected, lines 3 and 4 are read again as records. */
    log = load("case,activity,time\n"
               "1,\"A,2024-01-01\n"
               "1,B,2024-01-02\n"
               "1,\"C\"x,2024-01-03\n"
               "1,D,2024-01-04\n");
    CHECK(log != NULL);
    if (log != NULL) {
        CHECK_STR(path_of(log, "1"), "B D");
        CHECK_EQ_U(log->report.rows, 4);
        CHECK_EQ_U(log->report.rejected[CF_REJ_MALFORMED], 2);
        CHECK_EQ_U(log->report.first_lines[CF_REJ_MALFORMED][0], 2);
        CHECK_EQ_U(log->report.first_lines[CF_REJ_MALFORMED][1], 4);
        CHECK_EQ_U(log->ev_line[ev_of(log, "B")], 3);
        CHECK_EQ_U(log->ev_line[ev_of(log, "D")], 5);
        eventlog_free(log);
    }

    /* A NUL past the first kilobyte rejects its record, quoted or not;
     * the same value without it is an event. */
    struct cf_buf b = {0};
    cf_buf_append(&b, "case,activity,time\n", 19);
    for (int i = 0; i < 60; i++)
        cf_buf_append(&b, "1,A,2024-01-01T00:00:00Z\n", 25);
    static const char tail[] = "2,EVIL\0HIDDEN,2024-01-02\n3,\"EVIL\0X\",2024-01-02\n"
                               "4,EVIL,2024-01-02\n";
    cf_buf_append(&b, tail, sizeof tail - 1);
    struct cf_error err = {0};
    log = import_csv_buffer("nul.csv", b.data, b.len, NULL, &err);
    CHECK(log != NULL);
    if (log != NULL) {
        CHECK_EQ_U(log->report.rejected[CF_REJ_MALFORMED], 2);
        CHECK_EQ_U(log->report.first_lines[CF_REJ_MALFORMED][0], 62);
        CHECK_EQ_U(log->report.first_lines[CF_REJ_MALFORMED][1], 63);
        CHECK_STR(log->report.first_detail[CF_REJ_MALFORMED], "NUL byte in field 2 (line 62)");
        CHECK_EQ_U(log->n_events, 61);
        CHECK_STR(path_of(log, "4"), "EVIL");
        eventlog_free(log);
    }
    cf_buf_clear(&b);

    /* A BOM at the start of a field (files pasted together) is no part of
     * the case id: one case, not two. */
    log = load("case,activity,time\n1,A,2024-01-01\n\xEF\xBB\xBF"
               "1,B,2024-01-02\n\"\xEF\xBB\xBF"
               "1\",C,2024-01-03\n");
    CHECK(log != NULL);
    if (log != NULL) {
        CHECK_EQ_U(log->n_cases, 1);
        CHECK_STR(path_of(log, "1"), "A B C");
        eventlog_free(log);
    }

    /* --strict turns a malformed record into the error. */
    struct import_opts o;
    import_opts_init(&o);
    o.strict = true;
    CHECK(load_opts("case,activity,time\n1,\"A\"b,2024-01-01\n", &o, &err) == NULL);
    CHECK_EQ_U(err.line, 2);
    CHECK_STR(err.msg, "malformed field: text after the closing quote in field 2 (line 2) (row "
                       "rejected: --strict)");
}

/* Issue 10: compact dates and Excel serial days when the column has them;
 * never an implausible epoch. */
static void
test_compact_and_serial_columns(void)
{
    const int64_t d = 19787 * 86400000LL; /* 2024-03-05 */
    struct event_log *log = load("case,activity,event_date\n"
                                 "1,A,20240305\n"
                                 "1,B,20240305142210\n"
                                 "1,C,45356.5\n"
                                 "1,D,1709652000\n"
                                 "1,E,0\n");
    CHECK(log != NULL);
    if (log == NULL)
        return;
    CHECK_STR(path_of(log, "1"), "A B D");
    CHECK_EQ_I(log->ev_time[ev_of(log, "A")], d);
    CHECK_EQ_I(log->ev_time[ev_of(log, "B")], d + 51730000LL);
    CHECK_EQ_U(log->report.rejected[CF_REJ_BAD_TIME], 2);
    CHECK_EQ_U(log->report.first_lines[CF_REJ_BAD_TIME][0], 4);
    CHECK_EQ_U(log->report.first_lines[CF_REJ_BAD_TIME][1], 6);
    CHECK_STR(log->report.first_detail[CF_REJ_BAD_TIME],
              "bad timestamp \"45356.5\" (looks like an Excel serial day, but the column's first "
              "timestamp, line 2, does not: use --time-format)");
    CHECK_STR(log->report.time_note,
              "2 read as YYYYMMDD[hhmm[ss]] UTC (line 2: \"20240305\"); 1 read as epoch seconds");
    eventlog_free(log);

    log = load("case,activity,timestamp\n1,A,45356.599\n1,B,45357\n");
    CHECK(log != NULL);
    if (log != NULL) {
        CHECK_EQ_I(log->ev_time[ev_of(log, "A")], d + 51753600LL);
        CHECK_EQ_I(log->ev_time[ev_of(log, "B")], d + 86400000LL);
        CHECK_STR(log->report.time_note,
                  "2 read as Excel serial days, UTC (line 2: \"45356.599\")");
        eventlog_free(log);
    }

    struct cf_error err;
    CHECK(load_opts("case,activity,timestamp\n1,A,12345678\n", NULL, &err) == NULL);
    CHECK(strstr(err.msg, "bad timestamp \"12345678\" (a number, but no epoch time of 1990-2100, "
                          "YYYYMMDD date or Excel serial day: use --time-format)") != NULL);
}

/* libcsv's strict mode and what is done around it: doubled quotes, quoted
 * line ends, a quote opened at a line's end, a closing quote followed by
 * blanks then a quote, NUL and BOM next to quotes. */
static void
test_quoting_edges(void)
{
    struct event_log *log = load("case,activity,time,note\n"
                                 "1,A,2024-01-01,\"\"\"\"\n"
                                 "1,B,2024-01-02,\"a\"\"\"\n"
                                 "1,C,2024-01-03,\"\"\"a\"\n"
                                 "1,D,2024-01-04,\"\"\n"
                                 "1,E,2024-01-05,\"\n"
                                 "\"\n"
                                 "1,F,2024-01-06,ab \"c\"\n"
                                 "1,G,2024-01-07,\"a\" \"\n"
                                 "1,H,2024-01-08,\"x\r\ny\"\r\n"
                                 "1,I,2024-01-09,\"a\xEF\xBB\xBF\"\n"
                                 "1,J,2024-01-10,\"a\"\xEF\xBB\xBF\n"
                                 "1,K,2024-01-11, \xEF\xBB\xBF \"q\" \n");
    CHECK(log != NULL);
    if (log == NULL)
        return;
    CHECK_STR(path_of(log, "1"), "A B C D E F H I K");
    CHECK_STR(attr_of(log, ev_of(log, "A"), "note"), "\"");
    CHECK_STR(attr_of(log, ev_of(log, "B"), "note"), "a\"");
    CHECK_STR(attr_of(log, ev_of(log, "C"), "note"), "\"a");
    CHECK_STR(attr_of(log, ev_of(log, "D"), "note"), "");
    /* A quote right after the delimiter at the line's end opens a field
     * that holds the line end; the record ends on line 7. */
    CHECK_STR(attr_of(log, ev_of(log, "E"), "note"), "\n");
    CHECK_EQ_U(log->ev_line[ev_of(log, "E")], 6);
    /* Quotes inside an unquoted field are text, even after blanks. */
    CHECK_STR(attr_of(log, ev_of(log, "F"), "note"), "ab \"c\"");
    CHECK_EQ_U(log->ev_line[ev_of(log, "F")], 8);
    CHECK_STR(attr_of(log, ev_of(log, "H"), "note"), "x\r\ny");
    CHECK_EQ_U(log->ev_line[ev_of(log, "H")], 10);
    /* A BOM is dropped only where a value begins (K: after blanks, before
     * the quote); inside a quoted value it is kept. */
    CHECK_STR(attr_of(log, ev_of(log, "I"), "note"), "a\xEF\xBB\xBF");
    CHECK_STR(attr_of(log, ev_of(log, "K"), "note"), "q");
    CHECK_EQ_U(log->ev_line[ev_of(log, "K")], 14);
    /* G: blanks then a quote after the closing quote; J: a BOM there. */
    CHECK_EQ_U(log->report.rejected[CF_REJ_MALFORMED], 2);
    CHECK_EQ_U(log->report.first_lines[CF_REJ_MALFORMED][0], 9);
    CHECK_EQ_U(log->report.first_lines[CF_REJ_MALFORMED][1], 13);
    CHECK_STR(log->report.first_detail[CF_REJ_MALFORMED],
              "text after the closing quote in field 4 (line 9)");
    CHECK_EQ_U(import_report_rejected_total(&log->report), 2);
    eventlog_free(log);

    /* A NUL on the second line of a quoted field: the record is rejected
     * with the NUL's line, and read again from that line, where the NUL
     * rejects it again up to the lone CR, and B, after the CR, is read once.
     * A NUL right after a closing quote is text after it. Past the first
     * kilobyte, where a NUL is no longer binary data. */
    struct cf_buf b = {0};
    cf_buf_puts(&b, "case,activity,time,note\n");
    for (int i = 0; i < 60; i++)
        cf_buf_puts(&b, "1,A,2024-01-01T00:00:00Z,p\n");
    static const char tail[] = "1,N,2024-01-02,\"x\ny\0z\"\r1,B,2024-01-03,w\n"
                               "1,Q,2024-01-04,\"x\"\0\n1,C,2024-01-05,v\n";
    cf_buf_append(&b, tail, sizeof tail - 1);
    struct cf_error err;
    log = import_csv_buffer("nul.csv", b.data, b.len, NULL, &err);
    CHECK(log != NULL);
    if (log != NULL) {
        CHECK_EQ_U(log->report.rejected[CF_REJ_MALFORMED], 3);
        CHECK_EQ_U(log->report.first_lines[CF_REJ_MALFORMED][0], 62);
        CHECK_EQ_U(log->report.first_lines[CF_REJ_MALFORMED][1], 63);
        CHECK_EQ_U(log->report.first_lines[CF_REJ_MALFORMED][2], 64);
        CHECK_STR(log->report.first_detail[CF_REJ_MALFORMED], "NUL byte in field 4 (line 63)");
        CHECK_EQ_U(log->ev_line[ev_of(log, "B")], 63);
        CHECK_EQ_U(log->ev_line[ev_of(log, "C")], 65);
        CHECK_EQ_U(log->n_events, 62);
        CHECK_EQ_U(log->report.rows, 65);
        eventlog_free(log);
    }
    cf_buf_clear(&b);

    /* A malformed header is the error, naming the field. */
    CHECK(load_opts("case,\"activity\" x,time\n1,A,2024-01-01\n", NULL, &err) == NULL);
    CHECK_EQ_U(err.line, 1);
    CHECK_STR(err.msg, "malformed header: text after the closing quote in field 2");
    /* An unterminated quote in the header, after a quoted line end. */
    CHECK(load_opts("case,\"act\nivity\",\"time\n1,A,2024-01-01\n", NULL, &err) == NULL);
    CHECK_EQ_U(err.line, 2);
    CHECK_STR(err.msg, "unterminated quoted field (a \" opened here is never closed)");
}

/* Records with quotes in UTF-16 (--encoding): converted, then parsed. */
static void
test_quoting_encoding(void)
{
    static const char text[] = "case,activity,time,note\n"
                               "1,\"A, a\",2024-01-01,\"two\nlines\"\n"
                               "1,\"B\" x,2024-01-02,y\n"
                               "1,C,2024-01-03,\"\xC3\xA9\"\n";
    /* UTF-16LE of text: its ASCII bytes, and U+00E9 for the two bytes of é. */
    struct cf_buf b = {0};
    for (size_t i = 0; i < sizeof text - 1; i++) {
        if ((unsigned char)text[i] == 0xC3) {
            cf_buf_append(&b, "\xE9\0", 2);
            i++;
        } else {
            char u[2] = {text[i], 0};
            cf_buf_append(&b, u, 2);
        }
    }
    struct import_opts o;
    struct cf_error err;
    import_opts_init(&o);
    o.encoding = "UTF-16LE";
    struct event_log *log = import_csv_buffer("u16.csv", b.data, b.len, &o, &err);
    CHECK(log != NULL);
    if (log != NULL) {
        CHECK_STR(path_of(log, "1"), "A, a C");
        CHECK_STR(attr_of(log, 0, "note"), "two\nlines");
        CHECK_STR(attr_of(log, ev_of(log, "C"), "note"), "\xC3\xA9");
        CHECK_EQ_U(log->ev_line[ev_of(log, "C")], 5);
        CHECK_EQ_U(log->report.first_lines[CF_REJ_MALFORMED][0], 4);
        eventlog_free(log);
    } else {
        printf("# %s\n", err.msg);
    }
    cf_buf_clear(&b);
}

/*
 * The importer reads 256 KiB chunks and feeds whole lines (a line cut by a
 * chunk's end waits for the next chunk). A malformed record over three
 * lines, placed at every offset across a chunk boundary: the record is
 * rejected, its second line read again as a record and its third rejected,
 * whatever the cut.
 */
#define CHUNK_SIZE (256 * 1024)
static void
test_chunk_boundary(void)
{
    static const char rec[] = "1,M,2024-01-02,\"open\n"
                              "1,R,2024-01-03,r\n"
                              "1,S,2024-01-04,\"x\" tail\n";
    const size_t rlen = sizeof rec - 1;
    size_t bad = 0;
    for (size_t cut = 0; cut <= rlen; cut++) {
        /* Rows of 40 bytes from line 2, then one row padded so that the
         * record begins cut bytes before the chunk's end. */
        struct cf_buf b = {0};
        cf_buf_puts(&b, "case,activity,timestamp,note\n");
        size_t line = 2;
        while (b.len + 80 + rlen < CHUNK_SIZE - cut) {
            cf_buf_puts(&b, "1,A,2024-01-01T00:00:00Z,padding_abcde\n");
            line++;
        }
        size_t fill = CHUNK_SIZE - cut - b.len - strlen("1,A,2024-01-01T00:00:00Z,\n");
        cf_buf_puts(&b, "1,A,2024-01-01T00:00:00Z,");
        for (size_t i = 0; i < fill; i++)
            cf_buf_append(&b, "p", 1);
        cf_buf_puts(&b, "\n");
        line++;
        if (b.len != CHUNK_SIZE - cut)
            bad++;
        cf_buf_append(&b, rec, rlen);
        cf_buf_puts(&b, "1,Z,2024-01-05,z\n");
        struct cf_error err;
        struct event_log *log = import_csv_buffer("cut.csv", b.data, b.len, NULL, &err);
        const struct import_report *r = log ? &log->report : NULL;
        if (log == NULL || r->rejected[CF_REJ_MALFORMED] != 2 ||
            r->first_lines[CF_REJ_MALFORMED][0] != line ||
            r->first_lines[CF_REJ_MALFORMED][1] != line + 2 ||
            log->ev_line[ev_of(log, "R")] != line + 1 ||
            log->ev_line[ev_of(log, "Z")] != line + 3 || ev_of(log, "M") != log->n_events ||
            import_report_rejected_total(r) != 2 || r->rows != line + 2) {
            printf("# cut %zu: wrong\n", cut);
            bad++;
        }
        eventlog_free(log);
        cf_buf_clear(&b);
    }
    CHECK_EQ_U(bad, 0);
}

/* A quoted value far longer than a chunk and than libcsv's runs (64 KiB),
 * with "" escapes and line ends across them; then a line as long with text
 * after its closing quote, rejected, and the line after it read. */
static void
test_huge_quoted_field(void)
{
    const size_t n = 600 * 1000;
    struct cf_buf b = {0}, want = {0};
    cf_buf_puts(&b, "case,activity,timestamp,note\n1,A,2024-01-01,\"");
    for (size_t i = 0; i < n; i++) {
        char c = i % 1000 == 999 ? '"' : i % 5000 == 77 ? '\n' : (char)('a' + i % 26);
        cf_buf_append(&want, &c, 1);
        cf_buf_append(&b, &c, 1);
        if (c == '"')
            cf_buf_append(&b, "\"", 1);
    }
    /* B: one line of 300,000 bytes, its quotes doubled, then a tail. */
    cf_buf_puts(&b, "\"\n1,B,2024-01-02,\"");
    for (size_t i = 0; i < 300 * 1000; i++)
        cf_buf_puts(&b, i % 1000 == 999 ? "\"\"" : "b");
    cf_buf_puts(&b, "\" tail\n1,C,2024-01-03,c\n");
    struct cf_error err;
    struct event_log *log = import_csv_buffer("huge.csv", b.data, b.len, NULL, &err);
    CHECK(log != NULL);
    if (log != NULL) {
        size_t newlines = n / 5000;
        const char *v = attr_of(log, 0, "note");
        CHECK_EQ_U(strlen(v), n);
        CHECK(memcmp(v, want.data, n) == 0);
        CHECK_STR(path_of(log, "1"), "A C");
        CHECK_EQ_U(log->report.rejected[CF_REJ_MALFORMED], 1);
        CHECK_EQ_U(import_report_rejected_total(&log->report), 1);
        CHECK_EQ_U(log->report.first_lines[CF_REJ_MALFORMED][0], 3 + newlines);
        CHECK_STR(log->report.first_detail[CF_REJ_MALFORMED],
                  "text after the closing quote in field 4 (line 123)");
        CHECK_EQ_U(log->ev_line[ev_of(log, "C")], 4 + newlines);
        eventlog_free(log);
    }
    cf_buf_clear(&b);
    cf_buf_clear(&want);
}

int
main(void)
{
    test_basic();
    test_quoting();
    test_bom_crlf_blank();
    test_delimiters();
    test_ties_and_dst();
    test_epochs_and_notes();
    test_date_order();
    test_roles();
    test_overrides();
    test_rejections();
    test_fatal();
    test_chunks_gzip_stdin();
    test_fast_path_equivalence();
    test_malformed_records();
    test_compact_and_serial_columns();
    test_quoting_edges();
    test_quoting_encoding();
    test_chunk_boundary();
    test_huge_quoted_field();
    TAP_DONE();
}

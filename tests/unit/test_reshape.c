/* Unit tests of import reshaping, time zones, encodings, export and redaction, on tiny logs. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eventlog.h"
#include "export.h"
#include "import_csv.h"
#include "import_xes.h"
#include "redact.h"
#include "reshape.h"
#include "tap.h"
#include "textenc.h"
#include "tzconv.h"

#define T2024 1704067200000LL /* 2024-01-01T00:00:00Z */
#define HOUR 3600000LL
#define DAY 86400000LL

static struct event_log *
load(const char *csv, const struct import_opts *o, struct cf_error *err)
{
    memset(err, 0, sizeof *err);
    struct event_log *log = import_csv_buffer("t.csv", csv, strlen(csv), o, err);
    if (log == NULL)
        printf("# load: %s:%zu: %s\n", err->file, err->line, err->msg);
    return log;
}

static const char *
act(const struct event_log *log, size_t e)
{
    return eventlog_activity_name(log, log->ev_act[e]);
}

static void
test_wide(void)
{
    struct import_opts o;
    struct cf_error err;
    import_opts_init(&o);
    o.reshape.wide = "";
    const char *csv = "Record ID,Deal owner,\"Date entered \"\"Won (Sales Pipeline)\"\"\","
                      "\"Date entered \"\"Lead (Sales Pipeline)\"\"\",Amount\n"
                      "7,ann,2024-01-03,2024-01-01,10\n"
                      "8,bob,,2024-01-02,20\n"
                      "9,cyd,,,30\n";
    struct event_log *log = load(csv, &o, &err);
    CHECK(log != NULL);
    if (log == NULL)
        return;
    CHECK_EQ_U(log->n_cases, 2);
    CHECK_EQ_U(log->n_events, 3);
    CHECK_EQ_U(log->report.skipped_empty, 1);
    CHECK_EQ_U(log->report.wide_events, 3);
    /* Case 7: Lead on the 1st before Won on the 3rd (sorted by time, not column). */
    CHECK_STR(act(log, 0), "Lead");
    CHECK_STR(act(log, 1), "Won");
    CHECK_EQ_I(log->ev_time[1], T2024 + 2 * DAY);
    CHECK_STR(eventlog_resource_name(log, log->ev_res[0]), "ann");
    int a = eventlog_attr_index(log, "Amount");
    CHECK(a >= 0);
    if (a >= 0)
        CHECK_STR(strpool_get(log->values, eventlog_attr_value(log, a, 2)), "20");
    eventlog_free(log);

    /* A pattern without a group names the activity by the whole header. */
    o.reshape.wide = "^Date entered";
    log = load(csv, &o, &err);
    CHECK(log != NULL && strstr(act(log, 0), "Lead (Sales Pipeline)") != NULL);
    eventlog_free(log);
    o.reshape.wide = "^Stage";
    CHECK(load(csv, &o, &err) == NULL && err.usage);
    CHECK(strstr(err.msg, "no column header matches") != NULL);
}

static void
test_changes_keep_case(void)
{
    struct import_opts o;
    struct cf_error err;
    import_opts_init(&o);
    const char *csv = "key,user,when,Field,OldValue,NewValue\n"
                      "A,u1,2024-01-01,Status,,Open\n"
                      "A,u1,2024-01-02,Priority,Low,High\n"
                      "A,u2,2024-01-03,Status,Open,Done\n"
                      "B,u2,2024-01-01,Status,,Open\n";
    o.case_col = "key";
    o.time_col = "when";
    o.reshape.changes = "Status";
    struct event_log *log = load(csv, &o, &err);
    CHECK(log != NULL);
    if (log != NULL) {
        CHECK_EQ_U(log->n_events, 3);
        CHECK_EQ_U(log->report.skipped_field, 1);
        CHECK_EQ_U(import_report_rejected_total(&log->report), 0);
        CHECK_STR(act(log, 1), "Done");
        CHECK_STR(log->report.activity_col, "NewValue");
    }
    eventlog_free(log);
    o.reshape.changes = "Stage";
    CHECK(load(csv, &o, &err) == NULL && err.usage);
    CHECK(strstr(err.msg, "no row has \"Stage\"") != NULL);

    /* --keep-rows, = and ~. */
    o.reshape.changes = NULL;
    o.activity_col = "NewValue";
    o.reshape.keep_rows = "user=u2";
    log = load(csv, &o, &err);
    CHECK(log != NULL && log->n_events == 2 && log->report.skipped_keep == 2);
    eventlog_free(log);
    o.reshape.keep_rows = "NewValue~^(Open|High)$";
    log = load(csv, &o, &err);
    CHECK(log != NULL && log->n_events == 3 && log->report.skipped_keep == 1);
    eventlog_free(log);
    o.reshape.keep_rows = "nope=1";
    CHECK(load(csv, &o, &err) == NULL && err.usage);

    /* Composite case ids joined with '/'. */
    o.reshape.keep_rows = NULL;
    o.case_col = "key,user";
    log = load(csv, &o, &err);
    CHECK(log != NULL && log->n_cases == 3);
    if (log != NULL) {
        CHECK_STR(eventlog_case_name(log, 0), "A/u1");
        CHECK_STR(eventlog_case_name(log, 2), "B/u2");
        CHECK_STR(log->report.case_col, "key,user");
    }
    eventlog_free(log);

    /* Guessing takes NewValue, never OldValue. */
    import_opts_init(&o);
    o.case_col = "key";
    o.time_col = "when";
    log = load(csv, &o, &err);
    CHECK(log != NULL && strcmp(log->report.activity_col, "NewValue") == 0);
    eventlog_free(log);
    log = load("case,From Status,To Status,ts\n1,a,b,2024-01-01\n", NULL, &err);
    CHECK(log != NULL && strcmp(log->report.activity_col, "To Status") == 0);
    eventlog_free(log);
}

static void
test_collapse(void)
{
    struct import_opts o;
    struct cf_error err;
    import_opts_init(&o);
    o.reshape.collapse_repeats = true;
    /* Case 1: A A B A A (file order scrambled in time): A B A; case 2: C C: C. */
    const char *csv = "case,activity,timestamp\n"
                      "1,A,2024-01-02\n"
                      "1,A,2024-01-01\n"
                      "2,C,2024-01-01\n"
                      "1,B,2024-01-03\n"
                      "1,A,2024-01-04\n"
                      "2,C,2024-01-05\n"
                      "1,A,2024-01-05\n";
    struct event_log *log = load(csv, &o, &err);
    CHECK(log != NULL);
    if (log == NULL)
        return;
    CHECK_EQ_U(log->n_events, 4);
    CHECK_EQ_U(log->report.collapsed, 3);
    CHECK_EQ_U(eventlog_case_len(log, 0), 3);
    CHECK_EQ_U(eventlog_case_len(log, 1), 1);
    CHECK_EQ_I(log->ev_time[0], T2024); /* the first of the repeats is kept */
    CHECK_EQ_U(log->ev_line[0], 3);
    CHECK_STR(act(log, 2), "A");
    CHECK_EQ_I(log->ev_time[2], T2024 + 3 * DAY);
    CHECK_EQ_U(log->n_variants, 2);
    eventlog_free(log);
}

static void
test_offsets_and_zones(void)
{
    int m = 99;
    CHECK(reshape_offset_of("2024-01-01T10:00:00+01:00", 25, &m) == 0 && m == 60);
    CHECK(reshape_offset_of("2024-01-01T10:00:00.000-0530", 28, &m) == 0 && m == -330);
    CHECK(reshape_offset_of("2024-01-01T10:00:00Z", 20, &m) == 0 && m == 0);
    CHECK(reshape_offset_of("2024-01-01 10:00 +02", 20, &m) == 0 && m == 120);
    CHECK(reshape_offset_of("2024-01-01", 10, &m) == -1);
    CHECK(reshape_offset_of("2024-01-01T10:00:00", 19, &m) == -1);

    char msg[256];
    CHECK(tzconv_open("Nowhere/Atlantis", msg, sizeof msg) == NULL);
    CHECK(tzconv_open("../etc/passwd", msg, sizeof msg) == NULL);
    struct tzconv *z = tzconv_open("Europe/Berlin", msg, sizeof msg);
    CHECK(z != NULL);
    if (z != NULL) {
        int off;
        /* 2024-01-15 12:00 CET = 11:00Z; 2024-07-15 12:00 CEST = 10:00Z. */
        int64_t jan = T2024 + 14 * DAY + 12 * HOUR, jul = 1721044800000LL; /* 07-15 12:00 */
        CHECK_EQ_I(tzconv_to_utc(z, jan, &off), jan - HOUR);
        CHECK_EQ_I(off, 60);
        CHECK_EQ_I(tzconv_to_utc(z, jul, &off), jul - 2 * HOUR);
        CHECK_EQ_I(off, 120);
        /* 2024-03-31 02:30 does not exist: read with the offset before (+01:00). */
        int64_t gap = 1711852200000LL; /* 2024-03-31T02:30 as wall clock */
        CHECK_EQ_I(tzconv_to_utc(z, gap, &off), gap - HOUR);
        CHECK_EQ_I(tzconv_offset_at(z, jul), 120);
        tzconv_close(z);
    }

    struct import_opts o;
    struct cf_error err;
    import_opts_init(&o);
    o.timezone = "America/New_York";
    struct event_log *log =
        load("case,activity,timestamp\n1,A,2024-01-01 09:00\n1,B,2024-01-01T09:00:00Z\n", &o, &err);
    CHECK(log != NULL);
    if (log != NULL) {
        CHECK_EQ_I(log->ev_time[0], T2024 + 9 * HOUR); /* the one with Z stays */
        CHECK_EQ_I(log->ev_time[1], T2024 + 14 * HOUR);
        CHECK_STR(log->report.tz_name, "America/New_York");
        CHECK(strstr(log->report.time_note, "read in America/New_York") != NULL);
    }
    eventlog_free(log);
    o.timezone = "Mars/Base";
    CHECK(load("case,activity,timestamp\n1,A,2024-01-01\n", &o, &err) == NULL && err.usage);

    /* The dominant offset of the log. */
    log = load("case,activity,timestamp\n1,A,2024-01-01T09:00+02:00\n1,B,2024-01-02T09:00+01:00\n"
               "1,C,2024-01-03T09:00+01:00\n",
               NULL, &err);
    CHECK(log != NULL && log->report.tz_known && log->report.tz_offset_min == 60);
    eventlog_free(log);
}

static void
test_encoding(void)
{
    struct import_opts o;
    struct cf_error err;
    import_opts_init(&o);
    const char *cp = "case,activity,timestamp\n1,Pr\xfc"
                     "fung,2024-01-01\n2,Z\xe4hlung,2024-01-01\n";
    struct event_log *log = load(cp, &o, &err);
    CHECK(log != NULL && strstr(log->report.text_note, "invalid UTF-8 on 2 lines (first: line 2)"));
    eventlog_free(log);
    o.encoding = "cp1252";
    log = load(cp, &o, &err);
    CHECK(log != NULL);
    if (log != NULL) {
        CHECK_STR(act(log, 0), "Pr\xc3\xbc"
                               "fung");
        CHECK(strstr(log->report.text_note, "cp1252") != NULL);
    }
    eventlog_free(log);
    o.encoding = "no-such-charset";
    CHECK(load(cp, &o, &err) == NULL && err.usage);
    /* Valid UTF-8, overlong and surrogate forms. */
    char msg[64], note[256];
    struct textenc *t = textenc_open(NULL, msg, sizeof msg);
    const unsigned char ok[] = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\n", *d = ok;
    size_t n = sizeof ok - 1, bl;
    textenc_feed(t, &d, &n, 1, '\n', &bl, msg, sizeof msg);
    textenc_finish(t, msg, sizeof msg);
    textenc_note(t, note, sizeof note);
    CHECK_STR(note, "");
    textenc_close(t);
    t = textenc_open(NULL, msg, sizeof msg);
    const unsigned char bad[] = "x\n\xc0\xaf\n\xed\xa0\x80\nok\n";
    d = bad;
    n = sizeof bad - 1;
    textenc_feed(t, &d, &n, 1, '\n', &bl, msg, sizeof msg);
    textenc_note(t, note, sizeof note);
    CHECK(strstr(note, "on 2 lines (first: line 2)") != NULL);
    textenc_close(t);
}

static void
test_export(void)
{
    char b[64];
    export_format_time(T2024 + 9 * HOUR + 5, 60, b, sizeof b);
    CHECK_STR(b, "2024-01-01T10:00:00.005+01:00");
    export_format_time(T2024, -330, b, sizeof b);
    CHECK_STR(b, "2023-12-31T18:30:00-05:30");
    export_format_time(-1000, 0, b, sizeof b);
    CHECK_STR(b, "1969-12-31T23:59:59+00:00");

    struct cf_error err;
    const char *csv = "id,step,at,who,note\n"
                      "c1,\"A, first\",2024-01-01T10:00:00+01:00,ann,\"say \"\"hi\"\"\"\n"
                      "c1,B,2024-01-01T11:00:00+01:00,,\" padded \"\n"
                      "c2,A,2024-01-02T10:00:00+01:00,bob,\"tab\there <&>\"\n";
    struct import_opts o;
    import_opts_init(&o);
    o.case_col = "id";
    o.activity_col = "step";
    o.time_col = "at";
    o.resource_col = "who";
    struct event_log *log = load(csv, &o, &err);
    CHECK(log != NULL);
    if (log == NULL)
        return;
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    struct export_opts eo = {.format = EXPORT_CSV, .tz_offset_min = 60};
    struct export_stats st;
    CHECK(export_log(log, NULL, &eo, f, &st, &err) == 0);
    fclose(f);
    CHECK_STR(out, "id,step,at,who,note\n"
                   "c1,\"A, first\",2024-01-01T10:00:00+01:00,ann,\"say \"\"hi\"\"\"\n"
                   "c1,B,2024-01-01T11:00:00+01:00,,\" padded \"\n"
                   "c2,A,2024-01-02T10:00:00+01:00,bob,tab\there <&>\n");
    free(out);
    /* Reading the CSV export back: the same events. */
    /* XES with the characters XML must escape, and a control character. */
    const char *xname = "x", *xval = "q\"\x01";
    size_t xlen = strlen(xval);
    struct eventlog_builder *bld = eventlog_builder_new("t", 1, &xname);
    eventlog_builder_add(bld, "k<1>", 4, "a&b", 3, T2024, NULL, 0, 2, &xval, &xlen);
    struct event_log *l2 = eventlog_builder_finish(bld);
    CHECK(l2 != NULL);
    if (l2 != NULL) {
        f = open_memstream(&out, &len);
        eo.format = EXPORT_XES;
        eo.tz_offset_min = 0;
        CHECK(export_log(l2, NULL, &eo, f, &st, &err) == 0);
        fclose(f);
        CHECK(strstr(out, "value=\"k&lt;1&gt;\"") != NULL);
        CHECK(strstr(out, "value=\"a&amp;b\"") != NULL);
        CHECK(strstr(out, "value=\"q&quot;\xef\xbf\xbd\"") != NULL);
        CHECK(strstr(out, "<date key=\"time:timestamp\" value=\"2024-01-01T00:00:00+00:00\"/>"));
        CHECK(strstr(out, "prefix=\"concept\"") != NULL && strstr(out, "prefix=\"org\"") != NULL);
        CHECK_EQ_U(st.replaced, 1);
        CHECK_EQ_U(st.events, 1);
        struct event_log *back = import_xes_buffer("t.xes", out, len, NULL, &err);
        CHECK(back != NULL && back->n_events == 1);
        if (back != NULL) {
            CHECK_STR(eventlog_case_name(back, 0), "k<1>");
            CHECK_STR(act(back, 0), "a&b");
        }
        eventlog_free(back);
        free(out);
        eventlog_free(l2);
    }
    /* A selection: only c2. */
    struct selection *sel = selection_new(log->n_cases, false);
    selection_set(sel, 1, true);
    f = open_memstream(&out, &len);
    eo.format = EXPORT_CSV;
    eo.xes_names = true;
    CHECK(export_log(log, sel, &eo, f, &st, &err) == 0);
    fclose(f);
    CHECK(strncmp(out, "case:concept:name,concept:name,time:timestamp,org:resource,note\nc2,",
                  67) == 0);
    CHECK_EQ_U(st.cases, 1);
    free(out);
    selection_free(sel);
    eventlog_free(log);
}

static void
test_redact(void)
{
    struct redact_key k1 = {.len = 16}, k2 = {.len = 16};
    memcpy(k1.k, "0123456789abcdef", 16);
    memcpy(k2.k, "0123456789abcdeg", 16);
    char p1[16], p2[16], p3[16];
    redact_pseudonym(&k1, "ann", 3, p1);
    redact_pseudonym(&k1, "ann", 3, p2);
    redact_pseudonym(&k2, "ann", 3, p3);
    CHECK_STR(p1, p2);
    CHECK(strcmp(p1, p3) != 0);
    CHECK_EQ_U(strlen(p1), 14);
    /* RFC 4231 test case 2: HMAC-SHA256("Jefe", "what do ya want for nothing?") =
     * 5bdcc146bf60754e6a042426089575c7... */
    struct redact_key jefe = {.len = 4};
    memcpy(jefe.k, "Jefe", 4);
    redact_pseudonym(&jefe, "what do ya want for nothing?", 28, p1);
    CHECK_STR(p1, "p-5bdcc146bf60");

    struct cf_error err;
    struct event_log *log = eventlog_from_spec("c1 {o=ann}: A B\nc2 {o=bob}: A\n", &err);
    CHECK(log != NULL);
    if (log == NULL)
        return;
    char msg[256];
    CHECK(redact_log(log, "case,nope", &k1, msg, sizeof msg) == -1);
    CHECK(redact_log(log, "case,o", &k1, msg, sizeof msg) == 0);
    redact_pseudonym(&k1, "c1", 2, p1);
    CHECK_STR(eventlog_case_name(log, 0), p1);
    redact_pseudonym(&k1, "bob", 3, p1);
    CHECK_STR(strpool_get(log->values, eventlog_attr_value(log, 0, 2)), p1);
    CHECK(strpool_find(log->values, "ann", 3) == CF_NONE);
    CHECK_EQ_U(log->n_variants, 2);
    eventlog_free(log);
}

int
main(void)
{
    test_wide();
    test_changes_keep_case();
    test_collapse();
    test_offsets_and_zones();
    test_encoding();
    test_export();
    test_redact();
    TAP_DONE();
}

/* Unit tests of the timestamp parser: ISO forms, offsets, epochs, DD/MM vs MM/DD, strptime. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "timeparse.h"

/* Well-known instants, worked out by hand or common knowledge. */
#define T2000 946684800000LL  /* 2000-01-01T00:00:00Z */
#define T2024 1704067200000LL /* 2024-01-01T00:00:00Z */
#define HOUR 3600000LL
#define MIN 60000LL
#define DAY 86400000LL

static struct timeparse_result
P(const char *s) {
    struct timeparse_result r;
    timeparse_auto(s, strlen(s), &r);
    return r;
}

/* The time of s, or a sentinel when it does not resolve (order UNKNOWN). */
static long long
T(const char *s)
{
    int64_t ms;
    struct timeparse_result r = P(s);
    return timeparse_resolve(&r, TIMEPARSE_ORDER_UNKNOWN, &ms) == 0 ? (long long)ms : -999;
}

static void
test_iso(void)
{
    CHECK_EQ_I(T("1970-01-01"), 0);
    CHECK_EQ_I(P("1970-01-01").kind, TIMEPARSE_NAIVE);
    CHECK_EQ_I(T("2000-01-01T00:00:00Z"), T2000);
    CHECK_EQ_I(P("2000-01-01T00:00:00Z").kind, TIMEPARSE_ISO);
    CHECK_EQ_I(T("2024-01-01 00:00"), T2024);
    CHECK_EQ_I(T("2024-01-01T00:00"), T2024);
    CHECK_EQ_I(T("2024-01-01 10:20:30"), T2024 + 10 * HOUR + 20 * MIN + 30000);
    CHECK_EQ_I(T("  2024-01-01T10:20:30  "), T2024 + 10 * HOUR + 20 * MIN + 30000);
    CHECK_EQ_I(T("2024/01/02"), T2024 + DAY);
    CHECK_EQ_I(T("2024.01.02 01:00"), T2024 + DAY + HOUR);
    CHECK_EQ_I(T("2024-1-2"), T2024 + DAY);
    /* Fractions of any length, kept to the millisecond (truncated). */
    CHECK_EQ_I(T("2024-01-01T00:00:00.5"), T2024 + 500);
    CHECK_EQ_I(T("2024-01-01T00:00:00.123456789Z"), T2024 + 123);
    CHECK_EQ_I(T("2024-01-01T00:00:00,25"), T2024 + 250);
    CHECK_EQ_I(T("2024-01-01T00:00:00.999999"), T2024 + 999);
    CHECK_EQ_I(T("2024-01-01 00:00:00.1 +01:00"), T2024 + 100 - HOUR);
    /* 31 days in January, 29 in February 2024: 1 March is day 60. */
    CHECK_EQ_I(T("2024-03-01"), T2024 + 60 * DAY);
    /* Before 1970: 1948-05-01 is 245 + 21 * 365 + 5 leap days = 7915 days before. */
    CHECK_EQ_I(T("1948-05-01T00:00:00+00:00"), -7915LL * DAY);
    CHECK_EQ_I(T("1969-12-31T23:59:59.999Z"), -1);
    char buf[64];
    timeparse_format_iso(-7915LL * DAY, buf, sizeof buf);
    CHECK_STR(buf, "1948-05-01T00:00:00Z");
    timeparse_format_iso(-1, buf, sizeof buf);
    CHECK_STR(buf, "1969-12-31T23:59:59.999Z");
    /* 24:00 is the end of the day; a leap second runs into the next minute. */
    CHECK_EQ_I(T("2023-12-31T24:00:00"), T2024);
    CHECK_EQ_I(T("2023-12-31T23:59:60Z"), T2024);
    /* AM/PM. */
    CHECK_EQ_I(T("2024-01-01 12:00 AM"), T2024);
    CHECK_EQ_I(T("2024-01-01 12:30 PM"), T2024 + 12 * HOUR + 30 * MIN);
    CHECK_EQ_I(T("2024-01-01 1:05:00 pm"), T2024 + 13 * HOUR + 5 * MIN);
}

static void
test_offsets(void)
{
    /* The BPIC 2012 first event, in its own offset and in UTC. */
    CHECK_EQ_I(T("2011-10-01T00:38:44.546+02:00"), T("2011-09-30T22:38:44.546Z"));
    CHECK(T("2011-10-01T00:38:44.546+02:00") != -999);
    CHECK_EQ_I(T("2024-01-01T02:00:00+0200"), T2024);
    CHECK_EQ_I(T("2024-01-01T02:00:00+02"), T2024);
    CHECK_EQ_I(T("2024-01-01T02:00:00 +02:00"), T2024);
    CHECK_EQ_I(T("2023-12-31T19:00:00-05:00"), T2024);
    CHECK_EQ_I(T("2024-01-01T05:30:00+05:30"), T2024);
    CHECK_EQ_I(T("2024-01-01T00:00:00 UTC"), T2024);
    CHECK_EQ_I(T("2024-01-01T00:00:00z"), T2024);
    CHECK_EQ_I(P("2024-01-01T00:00:00+00:00").kind, TIMEPARSE_ISO);
    /* Daylight saving ends in Europe on 2011-10-30 at 03:00 CEST: 02:30+02:00
     * (00:30Z) comes before 02:10+01:00 (01:10Z), though its clock time is later. */
    long long a = T("2011-10-30T02:30:00+02:00"), b = T("2011-10-30T02:10:00+01:00");
    CHECK_EQ_I(b - a, 40 * MIN);
    CHECK_EQ_I(a, T("2011-10-30T00:30:00Z"));
}

static void
test_epoch(void)
{
    CHECK_EQ_I(T("1704067200"), T2024);
    CHECK_EQ_I(P("1704067200").kind, TIMEPARSE_EPOCH_S);
    CHECK_EQ_I(T("1704067200.5"), T2024 + 500);
    CHECK_EQ_I(T("1704067200123"), T2024 + 123);
    CHECK_EQ_I(P("1704067200123").kind, TIMEPARSE_EPOCH_MS);
    CHECK_EQ_I(T("1704067200123456"), T2024 + 123);
    CHECK_EQ_I(P("1704067200123456").kind, TIMEPARSE_EPOCH_US);
    CHECK_EQ_I(T("1704067200123456789"), T2024 + 123);
    CHECK_EQ_I(P("1704067200123456789").kind, TIMEPARSE_EPOCH_NS);
    /* Only plausible epochs, 1990-01-01 .. 2100-01-01 in each unit (issue 10):
     * 0, negative values and the gaps between the units are no times. */
    CHECK_EQ_I(P("0").kind, TIMEPARSE_BAD);
    CHECK_EQ_I(P("-86400").kind, TIMEPARSE_BAD);
    CHECK_EQ_I(P("631152000").kind, TIMEPARSE_EPOCH_S);
    CHECK_EQ_I(T("631152000"), 631152000000LL);
    CHECK_EQ_I(P("631151999").kind, TIMEPARSE_BAD);
    CHECK_EQ_I(P("4102444800").kind, TIMEPARSE_EPOCH_S);
    CHECK_EQ_I(P("4102444801").kind, TIMEPARSE_BAD);
    CHECK_EQ_I(P("99999999999").kind, TIMEPARSE_BAD);
    CHECK_EQ_I(P("631152000000").kind, TIMEPARSE_EPOCH_MS);
    CHECK_EQ_I(P("5000000000000").kind, TIMEPARSE_BAD);
    CHECK_EQ_I(P("12345678901234567890").kind, TIMEPARSE_BAD);
    CHECK_EQ_I(P("123456789012345678901234").kind, TIMEPARSE_BAD);
}

/* YYYYMMDD[hhmm[ss]] and Excel serial days (issue 10). */
static void
test_compact_serial(void)
{
    /* 2024-03-05 is 19787 days after 1970-01-01. */
    const int64_t d = 19787 * DAY;
    CHECK_EQ_I(P("20240305").kind, TIMEPARSE_COMPACT);
    CHECK_EQ_I(T("20240305"), d);
    CHECK_EQ_I(T("202403051422"), d + 14 * 3600000LL + 22 * 60000LL);
    CHECK_EQ_I(T("20240305142210"), d + 14 * 3600000LL + 22 * 60000LL + 10000);
    CHECK_EQ_I(P("20240230").kind, TIMEPARSE_BAD);       /* no 30 February */
    CHECK_EQ_I(P("20241305").kind, TIMEPARSE_BAD);       /* no month 13 */
    CHECK_EQ_I(P("20240305246000").kind, TIMEPARSE_BAD); /* no 24:60 */
    CHECK_EQ_I(P("12345678").kind, TIMEPARSE_BAD);
    /* Serial days: 45356 is 2024-03-05 (25569 is 1970-01-01); .599 of a day. */
    CHECK_EQ_I(P("45356").kind, TIMEPARSE_SERIAL);
    CHECK_EQ_I(T("45356"), d);
    CHECK_EQ_I(T("45356.5"), d + 12 * 3600000LL);
    CHECK_EQ_I(T("45356.599"), d + 51753600LL);
    CHECK_EQ_I(P("25569").kind, TIMEPARSE_BAD); /* 1970: before 1990 */
    CHECK_EQ_I(P("32874").kind, TIMEPARSE_SERIAL);
    CHECK_EQ_I(P("73052").kind, TIMEPARSE_BAD);
}

static void
test_numeric_dates(void)
{
    struct timeparse_result r = P("05/03/2024");
    int64_t ms;
    long long mar5 = T2024 + (31 + 29 + 4) * DAY, may3 = T2024 + (31 + 29 + 31 + 30 + 2) * DAY;
    CHECK_EQ_I(r.kind, TIMEPARSE_NUMERIC);
    CHECK(r.dmy_ok && r.mdy_ok);
    CHECK_EQ_I(r.dmy_ms, mar5);
    CHECK_EQ_I(r.mdy_ms, may3);
    CHECK_EQ_I(timeparse_resolve(&r, TIMEPARSE_ORDER_UNKNOWN, &ms), -1);
    CHECK_EQ_I(timeparse_resolve(&r, TIMEPARSE_ORDER_DMY, &ms), 0);
    CHECK_EQ_I(ms, mar5);
    CHECK_EQ_I(timeparse_resolve(&r, TIMEPARSE_ORDER_MDY, &ms), 0);
    CHECK_EQ_I(ms, may3);
    /* A first field over 12 can only be a day, a second one only a day too. */
    r = P("25/03/2024");
    CHECK(r.dmy_ok && !r.mdy_ok);
    CHECK_EQ_I(timeparse_resolve(&r, TIMEPARSE_ORDER_MDY, &ms), -1);
    r = P("03/25/2024");
    CHECK(!r.dmy_ok && r.mdy_ok);
    CHECK_EQ_I(r.mdy_ms, T2024 + (31 + 29 + 24) * DAY);
    /* Same day and month: both readings agree, no order needed. */
    CHECK_EQ_I(T("05/05/2024"), T2024 + (31 + 29 + 31 + 30 + 4) * DAY);
    CHECK_EQ_I(P("13/13/2024").kind, TIMEPARSE_BAD);
    CHECK_EQ_I(P("31/02/2024").kind, TIMEPARSE_BAD);
    /* '-' and '.' separators, times, two-digit years (POSIX %y: 69-99 -> 19xx). */
    r = P("25.03.2024 14:30");
    CHECK_EQ_I(r.dmy_ms, T2024 + (31 + 29 + 24) * DAY + 14 * HOUR + 30 * MIN);
    r = P("25-03-2024T14:30:00+01:00");
    CHECK_EQ_I(r.dmy_ms, T2024 + (31 + 29 + 24) * DAY + 13 * HOUR + 30 * MIN);
    r = P("3/5/24 1:05 PM");
    CHECK_EQ_I(r.mdy_ms, T2024 + (31 + 29 + 4) * DAY + 13 * HOUR + 5 * MIN);
    r = P("1/1/69");
    CHECK_EQ_I(r.dmy_ms, -365LL * DAY);
    r = P("1/1/00");
    CHECK_EQ_I(r.dmy_ms, T2000);
    CHECK_EQ_I(P("1/1/2024x").kind, TIMEPARSE_BAD);
    CHECK_EQ_I(P("1/1/202").kind, TIMEPARSE_BAD);
    CHECK_EQ_I(P("1-1").kind, TIMEPARSE_BAD);
    /* timeparse_string: dates typed by people. */
    CHECK_EQ_I(timeparse_string("05/03/2024", TIMEPARSE_ORDER_DMY, &ms), 0);
    CHECK_EQ_I(ms, mar5);
    CHECK_EQ_I(timeparse_string("05/03/2024", TIMEPARSE_ORDER_UNKNOWN, &ms), -1);
    CHECK_EQ_I(timeparse_string("2024-01-01", TIMEPARSE_ORDER_UNKNOWN, &ms), 0);
    CHECK_EQ_I(ms, T2024);
}

static void
test_invalid(void)
{
    static const char *const bad[] = {
        "2023-02-29",
        "1900-02-29",
        "2024-13-01",
        "2024-00-10",
        "2024-04-31",
        "2024-01-00",
        "2024-01-01T25:00",
        "2024-01-01T23:60",
        "2024-01-01T24:00:01",
        "2024-01-01T10:00:61",
        "2024-01-01T10:00:00+25:00",
        "2024-01-01T10:00:00+01:60",
        "2024-01-01T10:00:00 junk",
        "2024-01-01T",
        "2024-01-01T10",
        "2024-01-01T10:0",
        "2024-01-01 13:00 PM",
        "2024-01-01T10:00:00.",
        "abc",
        "12:00",
        "2024-01-01T10:00:00+1",
        "20240101T100000",
        "2024--01-01",
        "2024-01/01",
        "+",
        "-",
        "1.2.3.4",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct timeparse_result r = P(bad[i]);
        if (r.kind != TIMEPARSE_BAD)
            printf("# expected BAD: \"%s\" (kind %d)\n", bad[i], r.kind);
        CHECK_EQ_I(r.kind, TIMEPARSE_BAD);
    }
    CHECK_EQ_I(T("2024-02-29"), T2024 + 59 * DAY);
    CHECK_EQ_I(T("2000-02-29"), T2000 + 59 * DAY);
    CHECK_EQ_I(P("").kind, TIMEPARSE_EMPTY);
    CHECK_EQ_I(P("   ").kind, TIMEPARSE_EMPTY);
    /* Not NUL-terminated: only n bytes are read. */
    struct timeparse_result r;
    timeparse_auto("2024-01-01T00:00:00Zjunk", 20, &r);
    CHECK_EQ_I(r.kind, TIMEPARSE_ISO);
    CHECK_EQ_I(r.ms, T2024);
    CHECK_EQ_U(timeparse_days_in_month(2024, 2), 29);
    CHECK_EQ_U(timeparse_days_in_month(2100, 2), 28);
    CHECK_EQ_U(timeparse_days_in_month(2000, 2), 29);
    CHECK_EQ_U(timeparse_days_in_month(2023, 4), 30);
    CHECK_EQ_U(timeparse_days_in_month(2023, 13), 0);
}

static void
test_strptime(void)
{
    int64_t ms;
    CHECK_EQ_I(timeparse_strptime("05 Mar 2024 14:30", "%d %b %Y %H:%M", &ms), 0);
    CHECK_EQ_I(ms, T2024 + (31 + 29 + 4) * DAY + 14 * HOUR + 30 * MIN);
    CHECK_EQ_I(timeparse_strptime("2024-03-05 14:30:00 +0100", "%Y-%m-%d %H:%M:%S %z", &ms), 0);
    CHECK_EQ_I(ms, T2024 + (31 + 29 + 4) * DAY + 13 * HOUR + 30 * MIN);
    CHECK_EQ_I(timeparse_strptime("2024-03-05 14:30:00 -01:30", "%Y-%m-%d %H:%M:%S %z", &ms), 0);
    CHECK_EQ_I(ms, T2024 + (31 + 29 + 4) * DAY + 16 * HOUR);
    CHECK_EQ_I(timeparse_strptime("20240101 000000.25", "%Y%m%d %H%M%S.%f", &ms), 0);
    CHECK_EQ_I(ms, T2024 + 250);
    CHECK_EQ_I(timeparse_strptime(" 20240101 ", "%Y%m%d", &ms), 0);
    CHECK_EQ_I(ms, T2024);
    CHECK_EQ_I(timeparse_strptime("2024", "%Y", &ms), 0); /* day defaults to the 1st */
    CHECK_EQ_I(ms, T2024);
    CHECK_EQ_I(timeparse_strptime("31 Feb 2024", "%d %b %Y", &ms), -1);
    CHECK_EQ_I(timeparse_strptime("20240101x", "%Y%m%d", &ms), -1);
    CHECK_EQ_I(timeparse_strptime("20240101 000000.", "%Y%m%d %H%M%S.%f", &ms), -1);
    CHECK_EQ_I(timeparse_strptime("", "%Y", &ms), -1);
}

int
main(void)
{
    test_iso();
    test_offsets();
    test_epoch();
    test_compact_serial();
    test_numeric_dates();
    test_invalid();
    test_strptime();
    TAP_DONE();
}

/* Timestamp parsing and formatting: a hand-written fast path, strptime for the rest. */
/* SPDX-License-Identifier: MIT */
#include "timeparse.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define MS_PER_DAY 86400000LL

int64_t
timeparse_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    /* Howard Hinnant's days_from_civil. */
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void
timeparse_format_iso(int64_t ms, char *buf, size_t size)
{
    int64_t days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
    int64_t rem = ms - days * 86400000;
    /* civil_from_days */
    int64_t z = days + 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = (int64_t)yoe + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    int h = (int)(rem / 3600000), mi = (int)(rem / 60000 % 60), s = (int)(rem / 1000 % 60);
    int frac = (int)(rem % 1000);
    if (frac)
        snprintf(buf, size, "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ", (long long)y, m, d, h, mi, s,
                 frac);
    else
        snprintf(buf, size, "%04lld-%02u-%02uT%02d:%02d:%02dZ", (long long)y, m, d, h, mi, s);
}

unsigned
timeparse_days_in_month(int64_t y, unsigned m)
{
    static const unsigned char dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    if (m == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
        return 29;
    return dim[m - 1];
}

static inline int
is_digit(char c)
{
    return (unsigned)(c - '0') < 10u;
}

static inline int
is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static inline int
is_datesep(char c)
{
    return c == '-' || c == '/' || c == '.';
}

/* Read 1..maxd digits at *pp; returns how many (0: none), the value in *v. */
static inline int
read_num(const char **pp, const char *e, int maxd, int *v)
{
    const char *p = *pp;
    int x = 0, k = 0;
    while (p < e && k < maxd && is_digit(*p)) {
        x = x * 10 + (*p - '0');
        p++;
        k++;
    }
    *pp = p;
    *v = x;
    return k;
}

static inline int
lower(char c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Digits of a fraction of a second at *pp (at least one): milliseconds, truncated. */
static inline int
read_frac(const char **pp, const char *e, int *ms)
{
    const char *p = *pp;
    int frac = 0, k = 0;
    if (p == e || !is_digit(*p))
        return -1;
    for (; p < e && is_digit(*p); p++, k++)
        if (k < 3)
            frac = frac * 10 + (*p - '0');
    for (; k < 3; k++)
        frac *= 10;
    *pp = p;
    *ms = frac;
    return 0;
}

/*
 * The zone after a time: Z, UTC, GMT, +hh:mm, +hhmm, +hh (also -), after
 * optional blanks. Sets *off_ms (to subtract) and *zone; -1 when something
 * unparsable follows. Consumes everything up to e on success.
 */
static int
parse_zone(const char *p, const char *e, int64_t *off_ms, int *zone)
{
    *off_ms = 0;
    *zone = 0;
    while (p < e && is_blank(*p))
        p++;
    if (p == e)
        return 0;
    if ((*p == 'Z' || *p == 'z') && p + 1 == e) {
        *zone = 1;
        return 0;
    }
    if (e - p == 3) {
        char a = (char)lower(p[0]), b = (char)lower(p[1]), c = (char)lower(p[2]);
        if ((a == 'u' && b == 't' && c == 'c') || (a == 'g' && b == 'm' && c == 't')) {
            *zone = 1;
            return 0;
        }
    }
    if (*p != '+' && *p != '-')
        return -1;
    int sign = *p == '-' ? -1 : 1, hh, mm = 0;
    p++;
    if (read_num(&p, e, 2, &hh) != 2 || hh > 23)
        return -1;
    if (p < e) {
        if (*p == ':')
            p++;
        if (read_num(&p, e, 2, &mm) != 2 || mm > 59)
            return -1;
    }
    if (p != e)
        return -1;
    *off_ms = sign * ((int64_t)hh * 3600000 + (int64_t)mm * 60000);
    *zone = 1;
    return 0;
}

/*
 * What follows a date: nothing, or ('T' | blanks) H[H]:MM[:SS[.fff]] [AM|PM]
 * [zone]. Sets *tod_ms (time of day, 24:00 allowed as the day's end), *off_ms
 * and *zone. Returns 0, or -1 when malformed or out of range.
 */
static int
parse_time(const char *p, const char *e, int64_t *tod_ms, int64_t *off_ms, int *zone)
{
    *tod_ms = 0;
    *off_ms = 0;
    *zone = 0;
    if (p == e)
        return 0;
    if (*p == 'T' || *p == 't') {
        p++;
    } else if (is_blank(*p)) {
        while (p < e && is_blank(*p))
            p++;
    } else {
        return -1;
    }
    int h, mi, s = 0, frac = 0;
    if (read_num(&p, e, 2, &h) == 0 || p == e || *p != ':')
        return -1;
    p++;
    if (read_num(&p, e, 2, &mi) != 2)
        return -1;
    if (p < e && *p == ':') {
        p++;
        if (read_num(&p, e, 2, &s) != 2)
            return -1;
        if (p < e && (*p == '.' || *p == ',')) {
            p++;
            if (read_frac(&p, e, &frac) != 0)
                return -1;
        }
    }
    const char *q = p;
    while (q < e && is_blank(*q))
        q++;
    if (e - q >= 2 && lower(q[1]) == 'm' && (lower(q[0]) == 'a' || lower(q[0]) == 'p')) {
        if (h < 1 || h > 12)
            return -1;
        h = h % 12 + (lower(q[0]) == 'p' ? 12 : 0);
        p = q + 2;
    }
    if (mi > 59 || s > 60 || h > 24 || (h == 24 && (mi || s || frac)))
        return -1;
    *tod_ms = (((int64_t)h * 60 + mi) * 60 + s) * 1000 + frac;
    return parse_zone(p, e, off_ms, zone);
}

/* Plausible epoch times: 1990-01-01 .. 2100-01-01, in seconds. */
#define EPOCH_MIN_S 631152000ULL
#define EPOCH_MAX_S 4102444800ULL
/* Excel serial days (days since 1899-12-30) of the same range, and of 1970. */
#define SERIAL_MIN 32874ULL
#define SERIAL_MAX 73051ULL
#define SERIAL_1970 25569LL

/* YYYYMMDD[hhmm[ss]] in the nd digits at p (8, 12 or 14); 1 and r filled, or 0. */
static int
parse_compact(const char *p, size_t nd, struct timeparse_result *r)
{
    if (nd != 8 && nd != 12 && nd != 14)
        return 0;
    int y = ((p[0] - '0') * 10 + (p[1] - '0')) * 100 + (p[2] - '0') * 10 + (p[3] - '0');
    unsigned m = (unsigned)((p[4] - '0') * 10 + (p[5] - '0'));
    unsigned d = (unsigned)((p[6] - '0') * 10 + (p[7] - '0'));
    int h = 0, mi = 0, sec = 0;
    if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > timeparse_days_in_month(y, m))
        return 0;
    if (nd >= 12) {
        h = (p[8] - '0') * 10 + (p[9] - '0');
        mi = (p[10] - '0') * 10 + (p[11] - '0');
        if (h > 23 || mi > 59)
            return 0;
    }
    if (nd == 14) {
        sec = (p[12] - '0') * 10 + (p[13] - '0');
        if (sec > 60)
            return 0;
    }
    r->kind = TIMEPARSE_COMPACT;
    r->ms = timeparse_days_from_civil(y, m, d) * MS_PER_DAY +
            (((int64_t)h * 60 + mi) * 60 + sec) * 1000;
    return 1;
}

/*
 * All digits, an optional sign and fraction. In that order:
 *  - YYYYMMDD, YYYYMMDDhhmm, YYYYMMDDhhmmss (8, 12 or 14 digits, a valid date
 *    of 1900-2100): TIMEPARSE_COMPACT (GA4 event_date, SAP);
 *  - an Excel serial day of 1990-2100 (32874..73051, any fraction of a day):
 *    TIMEPARSE_SERIAL;
 *  - an epoch time, only when plausible: 1990..2100 read as seconds (9-10
 *    digits), milliseconds (12-13), microseconds (15-16) or nanoseconds
 *    (18-19), with no sign. None of these ranges overlap, so the unit and the
 *    kind follow from the value.
 * Anything else all-digit (0, -86400, 12345678) is TIMEPARSE_BAD: read as an
 * epoch it would be a silent 1970 or year 2611. Returns 1 when s is
 * digit-shaped (r filled, possibly BAD), 0 when not.
 */
static int
parse_epoch(const char *p, const char *e, struct timeparse_result *r)
{
    bool sign = false;
    if (*p == '-' || *p == '+') {
        sign = true;
        p++;
    }
    const char *d0 = p;
    uint64_t v = 0;
    while (p < e && is_digit(*p) && p - d0 < 20)
        v = v * 10 + (uint64_t)(*p++ - '0');
    while (p < e && is_digit(*p))
        p++;
    size_t nd = (size_t)(p - d0);
    if (nd == 0)
        return 0;
    const char *fs = NULL, *fe = NULL;
    int frac = 0;
    if (p < e && (*p == '.' || *p == ',')) {
        p++;
        fs = p;
        if (read_frac(&p, e, &frac) != 0)
            return 0;
        fe = p;
    }
    if (p != e)
        return 0;
    if (sign || nd > 19)
        return 1;
    if (fs == NULL && parse_compact(d0, nd, r))
        return 1;
    if (v >= SERIAL_MIN && v <= SERIAL_MAX) {
        /* The fraction is of a day: .5 is noon. */
        double f = 0, scale = 0.1;
        for (const char *q = fs; q != NULL && q < fe && scale > 1e-12; q++, scale /= 10)
            f += (*q - '0') * scale;
        r->kind = TIMEPARSE_SERIAL;
        r->ms = ((int64_t)v - SERIAL_1970) * MS_PER_DAY + (int64_t)(f * MS_PER_DAY + 0.5);
        return 1;
    }
    if (v >= EPOCH_MIN_S && v <= EPOCH_MAX_S) {
        r->kind = TIMEPARSE_EPOCH_S;
        r->ms = (int64_t)v * 1000 + frac;
    } else if (v >= EPOCH_MIN_S * 1000 && v <= EPOCH_MAX_S * 1000) {
        r->kind = TIMEPARSE_EPOCH_MS;
        r->ms = (int64_t)v;
    } else if (v >= EPOCH_MIN_S * 1000000 && v <= EPOCH_MAX_S * 1000000) {
        r->kind = TIMEPARSE_EPOCH_US;
        r->ms = (int64_t)(v / 1000);
    } else if (v >= EPOCH_MIN_S * 1000000000 && v <= EPOCH_MAX_S * 1000000000) {
        r->kind = TIMEPARSE_EPOCH_NS;
        r->ms = (int64_t)(v / 1000000);
    }
    return 1;
}

#define D2(p) (((p)[0] - '0') * 10 + ((p)[1] - '0'))

/*
 * The shape nearly every log uses, at fixed places: YYYY-MM-DD(T| )HH:MM:SS
 * then an optional fraction and zone. Returns 1 when it parsed s (r filled),
 * 0 to let the general parser try (it accepts everything this one does).
 */
static int
parse_iso_fixed(const char *p, const char *e, struct timeparse_result *r)
{
    if (e - p < 19 || p[4] != '-' || p[7] != '-' || (p[10] != 'T' && p[10] != ' ') ||
        p[13] != ':' || p[16] != ':')
        return 0;
#define ND(i) ((unsigned)(p[i] - '0') > 9u)
    if (ND(0) | ND(1) | ND(2) | ND(3) | ND(5) | ND(6) | ND(8) | ND(9) | ND(11) | ND(12) | ND(14) |
        ND(15) | ND(17) | ND(18))
        return 0;
#undef ND
    int y = D2(p) * 100 + D2(p + 2), mo = D2(p + 5), d = D2(p + 8);
    int h = D2(p + 11), mi = D2(p + 14), sec = D2(p + 17), frac = 0;
    const char *q = p + 19;
    if (q < e && (*q == '.' || *q == ',')) {
        q++;
        if (read_frac(&q, e, &frac) != 0)
            return 0;
    }
    int64_t off;
    int zone;
    if (parse_zone(q, e, &off, &zone) != 0)
        return 0; /* AM/PM and the like: the general parser */
    if (mo < 1 || mo > 12 || d < 1 || (unsigned)d > timeparse_days_in_month(y, (unsigned)mo) ||
        mi > 59 || sec > 60 || h > 24 || (h == 24 && (mi || sec || frac))) {
        r->kind = TIMEPARSE_BAD;
        return 1;
    }
    r->kind = zone ? TIMEPARSE_ISO : TIMEPARSE_NAIVE;
    r->ms = timeparse_days_from_civil(y, (unsigned)mo, (unsigned)d) * MS_PER_DAY +
            (((int64_t)h * 60 + mi) * 60 + sec) * 1000 + frac - off;
    return 1;
}

void
timeparse_auto(const char *s, size_t n, struct timeparse_result *r)
{
    const char *p = s, *e = s + n;
    int64_t tod, off;
    int zone, a, b, y;

    r->kind = TIMEPARSE_BAD;
    r->ms = 0;
    r->dmy_ok = r->mdy_ok = false;
    r->dmy_ms = r->mdy_ms = 0;
    while (p < e && is_blank(*p))
        p++;
    while (e > p && is_blank(e[-1]))
        e--;
    if (p == e) {
        r->kind = TIMEPARSE_EMPTY;
        return;
    }
    if (parse_iso_fixed(p, e, r))
        return;
    const char *q = p;
    int k = read_num(&q, e, 4, &a);
    if (k == 4 && q < e && is_datesep(*q)) {
        /* Year first: YYYY-M[M]-D[D], the same separator twice. */
        char sep = *q++;
        y = a;
        if (read_num(&q, e, 2, &a) == 0 || q == e || *q++ != sep || read_num(&q, e, 2, &b) == 0)
            return;
        if (a < 1 || a > 12 || b < 1 || (unsigned)b > timeparse_days_in_month(y, (unsigned)a))
            return;
        if (parse_time(q, e, &tod, &off, &zone) != 0)
            return;
        r->kind = zone ? TIMEPARSE_ISO : TIMEPARSE_NAIVE;
        r->ms = timeparse_days_from_civil(y, (unsigned)a, (unsigned)b) * MS_PER_DAY + tod - off;
        return;
    }
    if (parse_epoch(p, e, r))
        return;
    q = p;
    if (read_num(&q, e, 2, &a) != 0 && q < e && is_datesep(*q)) {
        /* NN/NN/YYYY or NN/NN/YY: both readings are worked out. */
        char sep = *q++;
        if (read_num(&q, e, 2, &b) == 0 || q == e || *q++ != sep)
            return;
        int yd = read_num(&q, e, 4, &y);
        if (yd == 2)
            y += y < 69 ? 2000 : 1900;
        else if (yd != 4)
            return;
        if (q < e && is_digit(*q))
            return;
        if (parse_time(q, e, &tod, &off, &zone) != 0)
            return;
        r->kind = TIMEPARSE_NUMERIC;
        if (b >= 1 && b <= 12 && a >= 1 && (unsigned)a <= timeparse_days_in_month(y, (unsigned)b)) {
            r->dmy_ok = true;
            r->dmy_ms =
                timeparse_days_from_civil(y, (unsigned)b, (unsigned)a) * MS_PER_DAY + tod - off;
        }
        if (a >= 1 && a <= 12 && b >= 1 && (unsigned)b <= timeparse_days_in_month(y, (unsigned)a)) {
            r->mdy_ok = true;
            r->mdy_ms =
                timeparse_days_from_civil(y, (unsigned)a, (unsigned)b) * MS_PER_DAY + tod - off;
        }
        if (!r->dmy_ok && !r->mdy_ok)
            r->kind = TIMEPARSE_BAD;
    }
}

int
timeparse_resolve(const struct timeparse_result *r, enum timeparse_order order, int64_t *ms)
{
    switch (r->kind) {
    case TIMEPARSE_BAD:
    case TIMEPARSE_EMPTY: return -1;
    case TIMEPARSE_NUMERIC:
        if (order == TIMEPARSE_ORDER_DMY && r->dmy_ok) {
            *ms = r->dmy_ms;
            return 0;
        }
        if (order == TIMEPARSE_ORDER_MDY && r->mdy_ok) {
            *ms = r->mdy_ms;
            return 0;
        }
        if (order == TIMEPARSE_ORDER_UNKNOWN && r->dmy_ok && r->mdy_ok && r->dmy_ms == r->mdy_ms) {
            *ms = r->dmy_ms;
            return 0;
        }
        return -1;
    default: *ms = r->ms; return 0;
    }
}

int
timeparse_string(const char *s, enum timeparse_order order, int64_t *ms)
{
    struct timeparse_result r;
    timeparse_auto(s, strlen(s), &r);
    return timeparse_resolve(&r, order, ms);
}

int
timeparse_strptime(const char *s, const char *fmt, int64_t *ms)
{
    struct tm tm;
    char seg[256];
    int frac = 0;

    memset(&tm, 0, sizeof tm);
    tm.tm_mday = 1; /* a format without a day means the first */
    while (is_blank(*s))
        s++;
    /* glibc has no %f: run strptime on the pieces between "%f"s, read fractions here. */
    for (const char *f = fmt; *f != '\0';) {
        const char *pf = strstr(f, "%f");
        size_t len = pf ? (size_t)(pf - f) : strlen(f);
        if (len >= sizeof seg)
            return -1;
        if (len > 0) {
            memcpy(seg, f, len);
            seg[len] = '\0';
            s = strptime(s, seg, &tm);
            if (s == NULL)
                return -1;
        }
        if (pf == NULL)
            break;
        if (!is_digit(*s))
            return -1;
        int k = 0;
        frac = 0;
        for (; is_digit(*s); s++, k++)
            if (k < 3)
                frac = frac * 10 + (*s - '0');
        for (; k < 3; k++)
            frac *= 10;
        f = pf + 2;
    }
    while (is_blank(*s))
        s++;
    if (*s != '\0')
        return -1;
    int64_t y = (int64_t)tm.tm_year + 1900;
    unsigned m = (unsigned)tm.tm_mon + 1;
    if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 ||
        (unsigned)tm.tm_mday > timeparse_days_in_month(y, m) || tm.tm_hour < 0 || tm.tm_hour > 23 ||
        tm.tm_min < 0 || tm.tm_min > 59 || tm.tm_sec < 0 || tm.tm_sec > 60)
        return -1;
    /* Years 1..9999 and offsets within a day (%s or %Y can say anything): the
     * arithmetic below then never overflows (found by fuzz_time). */
    if (y < 1 || y > 9999 || tm.tm_gmtoff < -86400 || tm.tm_gmtoff > 86400)
        return -1;
    int64_t days = timeparse_days_from_civil(y, m, (unsigned)tm.tm_mday);
    *ms = ((days * 24 + tm.tm_hour) * 60 + tm.tm_min) * 60000 + (int64_t)tm.tm_sec * 1000 + frac -
          (int64_t)tm.tm_gmtoff * 1000;
    return 0;
}

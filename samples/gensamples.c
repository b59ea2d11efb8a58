/* Deterministic generator of the bundled sample logs (sales, support, web) and the benchmark log.
 */
/* SPDX-License-Identifier: MIT */

/*
 * Usage: gensamples sales|support|web|bench [N_EVENTS]  (CSV on stdout)
 *
 * Output must be byte-identical on every machine, so nothing here depends on
 * the platform: a private splitmix64 generator with fixed seeds, integer-only
 * arithmetic (no floating point, no libm), our own calendar code instead of the
 * C library's time zones, and sorts whose keys are unique. Times are handled as
 * "wall-clock seconds": local time counted like UTC seconds since 1970; the
 * Central European offset (+01:00, +02:00 in summer) is worked out from it when
 * a row is written.
 */

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define MINUTE 60
#define HOUR 3600
#define DAY 86400

/* ---------------------------------------------------------------- output */

static char out_buf[1 << 16];
static size_t out_len;

static void
out_flush(void)
{
    if (out_len > 0 && fwrite(out_buf, 1, out_len, stdout) != out_len) {
        perror("gensamples: write");
        exit(1);
    }
    out_len = 0;
}

static void
out_mem(const char *s, size_t n)
{
    if (n > sizeof out_buf - out_len)
        out_flush();
    if (n > sizeof out_buf) {
        if (fwrite(s, 1, n, stdout) != n) {
            perror("gensamples: write");
            exit(1);
        }
        return;
    }
    memcpy(out_buf + out_len, s, n);
    out_len += n;
}

static void
out_str(const char *s)
{
    out_mem(s, strlen(s));
}

static void
out_char(char c)
{
    out_mem(&c, 1);
}

/* v in decimal, zero-padded to at least width digits. */
static void
out_uint(uint64_t v, int width)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[sizeof tmp - 1 - n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    while (n < width && n < (int)sizeof tmp)
        tmp[sizeof tmp - 1 - n++] = '0';
    out_mem(tmp + sizeof tmp - n, (size_t)n);
}

/* One CSV field, quoted (RFC 4180) only when it needs to be. */
static void
out_field(const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        out_str(s);
        return;
    }
    out_char('"');
    for (; *s != '\0'; s++) {
        if (*s == '"')
            out_char('"');
        out_char(*s);
    }
    out_char('"');
}

/* ---------------------------------------------------------------- random numbers */

static uint64_t rng_state;

static void
rng_seed(uint64_t seed)
{
    rng_state = seed;
}

/* splitmix64 (Steele, Lea, Flood 2014). */
static uint64_t
rng_next(void)
{
    uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* Uniform in [0, n), n >= 1. */
static uint32_t
rng_below(uint32_t n)
{
    return (uint32_t)(((rng_next() >> 32) * n) >> 32);
}

/* Uniform in [lo, hi]. */
static int64_t
rng_range(int64_t lo, int64_t hi)
{
    return lo + (int64_t)rng_below((uint32_t)(hi - lo + 1));
}

/* True with probability p/1000 (p may be out of range: clamped). */
static bool
rng_permille(int p)
{
    return (int)rng_below(1000) < p;
}

/* Index drawn with the given integer weights. */
static int
rng_pick(const int *w, int n)
{
    int total = 0;
    for (int i = 0; i < n; i++)
        total += w[i];
    int r = (int)rng_below((uint32_t)total);
    for (int i = 0; i < n; i++) {
        if (r < w[i])
            return i;
        r -= w[i];
    }
    return n - 1;
}

/* Approximately standard normal, in 1/65536 units: the Irwin-Hall sum of 12 uniforms. */
static int64_t
rng_normal_q16(void)
{
    int64_t sum = 0;
    for (int i = 0; i < 3; i++) {
        uint64_t r = rng_next();
        for (int k = 0; k < 4; k++)
            sum += (int64_t)((r >> (16 * k)) & 0xffff);
    }
    return sum - 6 * 65536;
}

/* v * 2^(e / 65536) in integer arithmetic (a degree-6 series for the fraction). */
static int64_t
scale_pow2(int64_t v, int64_t e)
{
    static const int64_t c[] = {1073741824, 744261118, 257941248, 59597083,
                                10327387,   1431680,   165394}; /* ln2^k/k! in Q30 */
    int64_t ip = e >= 0 ? e / 65536 : -((-e + 65535) / 65536);
    int64_t f = e - ip * 65536;
    int64_t p = c[6];
    for (int k = 5; k >= 0; k--)
        p = c[k] + ((p * f) >> 16);
    uint64_t r = ((uint64_t)v * (uint64_t)p) >> 30;
    if (ip > 16)
        ip = 16;
    if (ip < -60)
        ip = -60;
    return (int64_t)(ip >= 0 ? r << ip : r >> -ip);
}

/* Log-normal around median; sigma in hundredths of a doubling (100: x2 per s.d.). */
static int64_t
rng_lognormal(int64_t median, int sigma)
{
    return scale_pow2(median, rng_normal_q16() * sigma / 100);
}

/* ---------------------------------------------------------------- calendar */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* 0 = Monday .. 6 = Sunday (1970-01-01 was a Thursday). */
static int
weekday(int64_t day)
{
    return (int)((day + 3) % 7);
}

static int64_t
last_sunday(int y, int m, int mdays)
{
    int64_t d = days_from_civil(y, m, mdays);
    return d - (weekday(d) + 1) % 7;
}

/* Central European Time: summer time from the last Sunday of March, 02:00, to the
 * last Sunday of October, 03:00 (wall clock). Returns the UTC offset in minutes. */
static int
cet_offset(int64_t wall)
{
    int y, m, d;
    civil_from_days(wall / DAY, &y, &m, &d);
    int64_t start = last_sunday(y, 3, 31) * DAY + 2 * HOUR;
    int64_t end = last_sunday(y, 10, 31) * DAY + 3 * HOUR;
    return wall >= start && wall < end ? 120 : 60;
}

/* Public holidays on which nobody works (2024-2025, most of Europe). */
static bool
is_holiday(int64_t day)
{
    static const int h[][3] = {{2024, 1, 1},   {2024, 4, 1},   {2024, 5, 1},   {2024, 12, 24},
                               {2024, 12, 25}, {2024, 12, 26}, {2024, 12, 31}, {2025, 1, 1},
                               {2025, 4, 21},  {2025, 5, 1},   {2025, 12, 24}, {2025, 12, 25}};
    static int64_t days[ARRAY_LEN(h)];
    if (days[0] == 0)
        for (size_t i = 0; i < ARRAY_LEN(h); i++)
            days[i] = days_from_civil(h[i][0], h[i][1], h[i][2]);
    for (size_t i = 0; i < ARRAY_LEN(h); i++)
        if (days[i] == day)
            return true;
    return false;
}

static bool
is_workday(int64_t day)
{
    return weekday(day) < 5 && !is_holiday(day);
}

/* t if it lies inside [open, close) o'clock on a working day (or on any day if
 * every_day); otherwise a moment in the first `spread` seconds of the next such
 * opening (a backlog worked off in the morning, or spread over the day). */
static int64_t
snap_hours(int64_t t, int open, int close, bool every_day, int spread)
{
    for (;;) {
        int64_t day = t / DAY, sod = t % DAY;
        if (!every_day && !is_workday(day))
            t = (day + 1) * DAY + open * HOUR + rng_below((uint32_t)spread);
        else if (sod < open * HOUR)
            t = day * DAY + open * HOUR + rng_below((uint32_t)spread);
        else if (sod >= close * HOUR)
            t = (day + 1) * DAY + open * HOUR + rng_below((uint32_t)spread);
        else
            return t;
    }
}

enum time_style {
    TS_OFFSET,    /* 2024-03-05T14:03:22+01:00 (wall clock, CET/CEST) */
    TS_OFFSET_MS, /* 2024-03-05T14:03:22.123+01:00 */
    TS_NAIVE,     /* 2025-02-12 10:41:07 (wall clock, no zone) */
    TS_UTC_MS,    /* 2025-05-12T07:14:03.512Z (t is UTC) */
};

/* Write a timestamp given in milliseconds (wall clock, or UTC for TS_UTC_MS). */
static void
out_time(int64_t ms, enum time_style style)
{
    int64_t s = ms / 1000, day = s / DAY, sod = s % DAY;
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    out_uint((uint64_t)y, 4);
    out_char('-');
    out_uint((uint64_t)m, 2);
    out_char('-');
    out_uint((uint64_t)d, 2);
    out_char(style == TS_NAIVE ? ' ' : 'T');
    out_uint((uint64_t)(sod / HOUR), 2);
    out_char(':');
    out_uint((uint64_t)(sod / MINUTE % 60), 2);
    out_char(':');
    out_uint((uint64_t)(sod % 60), 2);
    if (style == TS_OFFSET_MS || style == TS_UTC_MS) {
        out_char('.');
        out_uint((uint64_t)(ms % 1000), 3);
    }
    if (style == TS_UTC_MS)
        out_char('Z');
    if (style == TS_OFFSET || style == TS_OFFSET_MS) {
        int off = cet_offset(s);
        out_char('+');
        out_uint((uint64_t)(off / 60), 2);
        out_str(":00");
    }
}

static int
cmp_int64(const void *pa, const void *pb)
{
    int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
    return (a > b) - (a < b);
}

/* ================================================================ sales pipeline */

enum sales_act {
    PROSPECTING,
    QUALIFICATION,
    NEEDS,
    VALUE,
    DECISION,
    PERCEPTION,
    PROPOSAL,
    NEGOTIATION,
    WON,
    LOST,
    CALL,
    EMAIL,
    MEETING,
};
static const char *const sales_names[] = {"Prospecting",
                                          "Qualification",
                                          "Needs Analysis",
                                          "Value Proposition",
                                          "Id. Decision Makers",
                                          "Perception Analysis",
                                          "Proposal/Price Quote",
                                          "Negotiation/Review",
                                          "Closed Won",
                                          "Closed Lost",
                                          "Call",
                                          "Email",
                                          "Meeting"};

/* Median calendar hours spent in each open stage before the next change. */
static const int stage_hours[] = {36, 72, 96, 72, 96, 72, 60, 120};

struct industry {
    const char *name;
    int weight;
    int64_t amount; /* median deal size, EUR */
    int time_pct;   /* how slowly its buyers move */
    int win;        /* added to the win propensity */
    int stall;      /* per mille chance of a long stall at each stage */
};
static const struct industry industries[] = {
    {"Manufacturing", 20, 40000, 110, 0, 45}, {"Financial Services", 15, 60000, 130, -20, 55},
    {"Healthcare", 12, 35000, 160, -10, 75},  {"Retail", 15, 20000, 85, 30, 35},
    {"Technology", 20, 30000, 75, 40, 25},    {"Public Sector", 8, 80000, 250, -40, 120},
    {"Energy", 10, 70000, 140, -10, 55},
};

static const char *const regions[] = {"DACH",    "Benelux",      "France",
                                      "Nordics", "UK & Ireland", "Southern Europe"};
static const int region_time_pct[] = {100, 95, 110, 85, 95, 125};

enum { SRC_WEB, SRC_OUTBOUND, SRC_REFERRAL, SRC_PARTNER, SRC_EVENT };
struct lead_source {
    const char *name;
    int weight;
    int propensity; /* starting win propensity, per mille */
};
static const struct lead_source sources[] = {
    {"Web", 30, 600},     {"Outbound", 25, 510}, {"Referral", 15, 760},
    {"Partner", 15, 710}, {"Event", 15, 620},
};

/* The sales team: skill shifts win rates; sloppy reps skip "Id. Decision Makers". */
struct rep {
    int region;
    int skill;
    bool sloppy;
    int weight; /* share of new deals */
    int hired[3], left[3];
    int heir; /* rep (index) who takes over open deals after leaving; -1 none */
};
static const struct rep reps[] = {
    /* region, skill, sloppy, weight, hired, left, heir */
    {0, 60, false, 10, {0}, {0}, -1},            /* rep001 */
    {0, 0, false, 10, {0}, {0}, -1},             /* rep002 */
    {0, -40, false, 9, {0}, {0}, -1},            /* rep003 */
    {0, 20, false, 10, {0}, {0}, -1},            /* rep004 */
    {0, 0, true, 10, {0}, {0}, -1},              /* rep005 */
    {0, -20, false, 8, {0}, {0}, -1},            /* rep006 */
    {1, 40, false, 10, {0}, {0}, -1},            /* rep007 */
    {1, 0, false, 9, {0}, {0}, -1},              /* rep008 */
    {1, -10, false, 9, {0}, {2024, 11, 29}, 23}, /* rep009: leaves, rep024 takes over */
    {2, 0, false, 10, {0}, {0}, -1},             /* rep010 */
    {2, 30, false, 10, {0}, {0}, -1},            /* rep011 */
    {2, -30, false, 9, {0}, {0}, -1},            /* rep012 */
    {2, 0, false, 8, {0}, {0}, -1},              /* rep013 */
    {3, 50, false, 10, {0}, {0}, -1},            /* rep014 */
    {3, 0, false, 9, {0}, {0}, -1},              /* rep015 */
    {3, -50, true, 9, {0}, {0}, -1},             /* rep016 */
    {4, 20, false, 10, {0}, {0}, -1},            /* rep017 */
    {4, 0, false, 10, {0}, {0}, -1},             /* rep018 */
    {4, 80, false, 9, {0}, {0}, -1},             /* rep019 */
    {4, -30, true, 10, {0}, {0}, -1},            /* rep020 */
    {5, 0, false, 9, {0}, {0}, -1},              /* rep021 */
    {5, -20, false, 9, {0}, {0}, -1},            /* rep022 */
    {5, 10, false, 10, {0}, {0}, -1},            /* rep023 */
    {1, -20, false, 9, {2024, 7, 1}, {0}, -1},   /* rep024: hired */
    {5, 0, false, 9, {2025, 1, 6}, {0}, -1},     /* rep025: hired */
};
#define N_REPS ((int)ARRAY_LEN(reps))

/* First and last day of the sales log, and the moment its export was taken. */
#define SALES_FIRST_DAY days_from_civil(2024, 1, 2)
#define SALES_LAST_DAY days_from_civil(2025, 6, 30)
#define SALES_END (days_from_civil(2025, 7, 1) * DAY)

/* Does rep r (index) take new deals on this day? */
static bool
rep_active(int r, int64_t day)
{
    const struct rep *p = &reps[r];
    if (p->hired[0] != 0 && day < days_from_civil(p->hired[0], p->hired[1], p->hired[2]))
        return false;
    if (p->left[0] != 0 && day > days_from_civil(p->left[0], p->left[1], p->left[2]))
        return false;
    return true;
}

struct sales_event {
    int64_t ms; /* wall clock */
    uint8_t act;
    int16_t rep;
    int64_t amount;
};

#define SALES_MAX_EVENTS 160

struct deal {
    int industry, source, rep, size; /* size: 0 small, 1 medium, 2 large */
    int64_t amount;
    int h;     /* win propensity, per mille: rises and falls with how the deal is run */
    int64_t t; /* wall clock, seconds */
    bool refined;
    int n;
    struct sales_event ev[SALES_MAX_EVENTS];
};

/* The owner at wall time t: a rep's deals pass to the heir once the rep has left. */
static int
deal_owner(const struct deal *d, int64_t t)
{
    const struct rep *p = &reps[d->rep];
    if (p->left[0] != 0 && t / DAY > days_from_civil(p->left[0], p->left[1], p->left[2]))
        return p->heir;
    return d->rep;
}

static void
deal_push(struct deal *d, int act)
{
    if (d->n >= SALES_MAX_EVENTS)
        return;
    struct sales_event *e = &d->ev[d->n++];
    e->ms = d->t * 1000;
    e->act = (uint8_t)act;
    e->rep = (int16_t)deal_owner(d, d->t);
    e->amount = d->amount;
}

static int64_t
round_to(int64_t v, int64_t step)
{
    v = (v + step / 2) / step * step;
    return v < step ? step : v;
}

/* The first estimate is coarse; Needs Analysis refines it to the hundred. */
static int64_t
coarse_amount(int64_t a)
{
    return round_to(a, a < 10000 ? 1000 : a < 100000 ? 5000 : 10000);
}

/* How long the deal sits in stage s (calendar seconds, before office hours). */
static int64_t
deal_dwell(const struct deal *d, int s)
{
    static const int size_pct[] = {70, 100, 150};
    int64_t med = (int64_t)stage_hours[s] * HOUR;
    med = med * industries[d->industry].time_pct / 100 * size_pct[d->size] / 100;
    med = med * region_time_pct[reps[d->rep].region] / 100;
    return rng_lognormal(med, 100);
}

/* Advance the clock by dwell, honouring the August lull and office hours. */
static void
deal_wait(struct deal *d, int64_t dwell)
{
    int y, m, day;
    d->t += dwell;
    civil_from_days(d->t / DAY, &y, &m, &day);
    if (m == 8 && day <= 20 && rng_permille(400))
        d->t += rng_range(7, 14) * DAY;
    d->t = snap_hours(d->t, 8, 18, false, 10 * HOUR) + rng_below(60);
}

/* Last working day of the quarter that contains day. */
static int64_t
quarter_end(int64_t day)
{
    int y, m, dd;
    civil_from_days(day, &y, &m, &dd);
    int qm = (m - 1) / 3 * 3 + 4;
    int64_t last = qm > 12 ? days_from_civil(y + 1, 1, 1) - 1 : days_from_civil(y, qm, 1) - 1;
    while (!is_workday(last))
        last--;
    return last;
}

/* A loss hazard scaled by how weak the deal is (1x at propensity 450). */
static bool
deal_loses(const struct deal *d, int base)
{
    return rng_permille(base * (1000 - d->h) / 550);
}

/* After stage from, the next stage on the path: the optional stages are taken
 * or skipped here, and skipping the wrong ones weakens the deal. */
static int
deal_next(struct deal *d, int from)
{
    static const int take[3][3] = {{550, 750, 800}, {400, 750, 900}, {100, 350, 600}};
    static const int skip_cost[3][3] = {{0, 0, 0}, {20, 180, 260}, {0, 0, 0}};
    static const int take_gain[3][3] = {{0, 0, 0}, {0, 0, 0}, {0, 20, 60}};
    for (int s = from + 1; s <= PERCEPTION; s++) {
        if (s < VALUE)
            continue;
        int p = take[s - VALUE][d->size];
        if (s == DECISION && reps[d->rep].sloppy)
            p -= 350;
        if (rng_permille(p)) {
            d->h += take_gain[s - VALUE][d->size];
            return s;
        }
        d->h -= skip_cost[s - VALUE][d->size];
    }
    return PROPOSAL;
}

/* Close the deal from stage cur: bad leads are disqualified quickly, late losses
 * linger, and won deals are often pulled to the quarter's last days. */
static void
deal_close(struct deal *d, int cur, bool won, int64_t dwell)
{
    deal_wait(d, won ? dwell : cur <= QUALIFICATION ? dwell / 2 : dwell * 13 / 10);
    if (won) {
        int64_t q = quarter_end(d->t / DAY);
        if (q > d->t / DAY && q - d->t / DAY <= 21 && rng_permille(450))
            d->t = q * DAY + rng_range(9 * HOUR, 18 * HOUR - 1);
    }
    deal_push(d, won ? WON : LOST);
}

/* Walk one opportunity through the pipeline from its creation time. */
static void
deal_simulate(struct deal *d)
{
    int cur = PROSPECTING, regressions = 0, revisions = 0;
    if ((d->source == SRC_REFERRAL || d->source == SRC_PARTNER) && rng_permille(220))
        cur = QUALIFICATION; /* partners and referrers hand over qualified leads */
    deal_push(d, cur);
    while (d->n < SALES_MAX_EVENTS - 2) {
        int64_t dwell = deal_dwell(d, cur);
        if (rng_permille(industries[d->industry].stall)) {
            dwell *= 4;
            d->h -= 100;
            if (rng_permille(200)) {
                if (rng_permille(400))
                    return; /* abandoned: nobody ever closes it */
                d->t = quarter_end(d->t / DAY + 60) * DAY + rng_range(16 * HOUR, 18 * HOUR - 1);
                deal_push(d, LOST); /* pipeline clean-up at the quarter's end */
                return;
            }
        }
        int next;
        switch (cur) {
        case PROSPECTING: next = deal_loses(d, 180) ? LOST : QUALIFICATION; break;
        case QUALIFICATION:
            if (deal_loses(d, 150)) {
                next = LOST;
            } else if (d->size == 0 && (d->source == SRC_WEB || d->source == SRC_EVENT) &&
                       rng_permille(300)) {
                d->h -= 20; /* small web deals go straight to a quote */
                next = deal_next(d, NEEDS);
            } else if (d->size > 0 && rng_permille(40)) {
                d->h -= 120;
                next = deal_next(d, NEEDS);
            } else {
                next = NEEDS;
            }
            break;
        case NEEDS:
        case VALUE:
        case DECISION:
            if (deal_loses(d, cur == NEEDS ? 100 : 65))
                next = LOST;
            else if (regressions < 2 && rng_permille(cur == NEEDS ? 50 : 40))
                next = QUALIFICATION; /* budget or stakeholders changed */
            else
                next = deal_next(d, cur);
            if (next == QUALIFICATION) {
                regressions++;
                d->h -= 120;
            }
            break;
        case PERCEPTION: next = deal_loses(d, 60) ? LOST : PROPOSAL; break;
        case PROPOSAL: next = deal_loses(d, revisions >= 2 ? 160 : 80) ? LOST : NEGOTIATION; break;
        default: { /* NEGOTIATION */
            static const int revise[] = {330, 230, 130, 0};
            static const int effect[] = {0, 40, -100, -180};
            if (rng_permille(10))
                return; /* stuck in negotiation for good */
            if (rng_permille(revise[revisions < 3 ? revisions : 3])) {
                revisions++;
                d->h += effect[revisions];
                d->amount = round_to(d->amount * rng_range(880, 975) / 1000, 100);
                next = PROPOSAL;
            } else {
                int p = d->h < 50 ? 50 : d->h > 950 ? 950 : d->h;
                deal_close(d, cur, rng_permille(p), dwell);
                return;
            }
            break;
        }
        }
        if (next == LOST) {
            deal_close(d, cur, false, dwell);
            return;
        }
        if (next > cur && rng_permille(15))
            d->t += rng_below(2); /* bulk update: two changes in the same second */
        else
            deal_wait(d, dwell);
        if (next == NEEDS && !d->refined) {
            d->refined = true;
            d->amount = round_to(rng_lognormal(d->amount, 35), 100);
        }
        deal_push(d, next);
        cur = next;
    }
}

/* A new opportunity created at wall time t (seconds) by one of the team's reps. */
static void
deal_init(struct deal *d, int64_t t)
{
    int iw[ARRAY_LEN(industries)], sw[ARRAY_LEN(sources)], rw[N_REPS];
    for (size_t i = 0; i < ARRAY_LEN(industries); i++)
        iw[i] = industries[i].weight;
    for (size_t i = 0; i < ARRAY_LEN(sources); i++)
        sw[i] = sources[i].weight;
    for (int i = 0; i < N_REPS; i++)
        rw[i] = rep_active(i, t / DAY) ? reps[i].weight : 0;
    memset(d, 0, sizeof *d);
    d->t = t;
    d->industry = rng_pick(iw, (int)ARRAY_LEN(industries));
    d->source = rng_pick(sw, (int)ARRAY_LEN(sources));
    d->rep = rng_pick(rw, N_REPS);
    int64_t a = rng_lognormal(industries[d->industry].amount, 140);
    d->size = a < 15000 ? 0 : a < 75000 ? 1 : 2;
    d->amount = coarse_amount(a);
    d->h = sources[d->source].propensity + industries[d->industry].win + reps[d->rep].skill -
           (d->size == 2 ? 60 : 0) + (d->size == 0 ? 40 : 0);
}

/* n creation times (wall seconds), sorted: working hours, quieter in August and
 * December, busier after the summer, and a business that grows ~17% a year. */
static int64_t *
sales_creation_times(size_t n)
{
    static const int month_w[] = {110, 105, 100, 100, 100, 95, 90, 55, 120, 110, 105, 70};
    int64_t first = SALES_FIRST_DAY, span = SALES_LAST_DAY - first + 1;
    int64_t *t = malloc((n ? n : 1) * sizeof *t);
    if (t == NULL) {
        fprintf(stderr, "gensamples: out of memory\n");
        exit(1);
    }
    for (size_t i = 0; i < n;) {
        int64_t day = first + rng_below((uint32_t)span);
        int y, m, dd;
        civil_from_days(day, &y, &m, &dd);
        int64_t w = month_w[m - 1] * (1000 + 250 * (day - first) / span);
        if (!is_workday(day) || (int64_t)rng_below(120 * 1250) >= w)
            continue;
        t[i++] = day * DAY + rng_range(8 * HOUR, 18 * HOUR - 1);
    }
    qsort(t, n, sizeof *t, cmp_int64);
    return t;
}

/* Bench only: calls, e-mails and meetings between two stage changes. */
static int
deal_add_activities(struct sales_event *out, const struct sales_event *a,
                    const struct sales_event *b, int room)
{
    static const int act_w[] = {40, 45, 15};
    int64_t gap = (b->ms - a->ms) / 1000;
    int want = (int)rng_below(4) + (int)(gap / (4 * DAY) > 4 ? 4 : gap / (4 * DAY));
    int n = 0;
    if (gap < 2 * HOUR)
        return 0;
    for (int i = 0; i < want && n < room; i++) {
        int64_t t = a->ms / 1000 + 1 + rng_below((uint32_t)(gap - 1));
        int64_t sod = t % DAY;
        if (!is_workday(t / DAY) || sod < 8 * HOUR || sod >= 18 * HOUR)
            continue;
        int k = n;
        while (k > 0 && out[k - 1].ms > t * 1000) {
            out[k] = out[k - 1];
            k--;
        }
        out[k] = *a;
        out[k].ms = t * 1000;
        out[k].act = (uint8_t)(CALL + rng_pick(act_w, 3));
        n++;
    }
    return n;
}

/* Write the rows of one deal, its events ev[0..n), keeping only those before
 * end (wall ms) and at most max_rows; returns the rows written. A deal cut
 * short is open, whatever happened to it later. */
static size_t
deal_write(const struct deal *d, const struct sales_event *ev, size_t n, size_t id, int id_width,
           int team, int64_t end_ms, size_t max_rows, bool bench)
{
    size_t keep = 0;
    while (keep < n && keep < max_rows && ev[keep].ms < end_ms)
        keep++;
    const char *outcome = "open";
    if (keep == n && ev[n - 1].act == WON)
        outcome = "won";
    else if (keep == n && ev[n - 1].act == LOST)
        outcome = "lost";
    for (size_t i = 0; i < keep; i++) {
        const struct sales_event *e = &ev[i];
        out_str("OPP-");
        out_uint(id, id_width);
        out_char(',');
        out_str(sales_names[e->act]);
        out_char(',');
        out_time(e->ms, bench ? TS_OFFSET_MS : TS_OFFSET);
        out_str(",rep");
        out_uint((uint64_t)(team * N_REPS + e->rep + 1), 3);
        out_char(',');
        out_uint((uint64_t)e->amount, 1);
        out_char(',');
        out_field(industries[d->industry].name);
        out_char(',');
        out_field(regions[reps[d->rep].region]);
        out_char(',');
        out_str(sources[d->source].name);
        out_char(',');
        out_str(outcome);
        out_char('\n');
    }
    return keep;
}

static void
gen_sales(void)
{
    enum { N_OPPS = 3000 };
    rng_seed(UINT64_C(20240102));
    int64_t *created = sales_creation_times(N_OPPS);
    static struct deal d;
    out_str("opportunity_id,stage,changed_at,owner,amount,industry,region,lead_source,outcome\n");
    for (size_t i = 0; i < N_OPPS; i++) {
        deal_init(&d, created[i]);
        deal_simulate(&d);
        deal_write(&d, d.ev, (size_t)d.n, i + 1, 6, 0, SALES_END * 1000, SIZE_MAX, false);
    }
    free(created);
}

/*
 * The benchmark log: the sales pipeline with calls, e-mails and meetings merged
 * in, a team of 25 reps for every ~3,000 deals, exactly n_events rows (the last
 * deal may be cut short, i.e. open).
 */
static void
gen_bench(size_t n_events)
{
    enum { MEAN_EVENTS_X100 = 1015 }; /* measured rows per deal, to size the case list */
    rng_seed(UINT64_C(1000000));
    size_t n_cases = n_events * 100 / MEAN_EVENTS_X100 + 1;
    int teams = (int)(n_cases / 3000) + 1;
    int64_t *created = sales_creation_times(n_cases);
    static struct deal d;
    static struct sales_event merged[SALES_MAX_EVENTS * 4];
    out_str("opportunity_id,activity,timestamp,owner,amount,industry,region,lead_source,outcome\n");
    size_t written = 0;
    for (size_t i = 0; written < n_events; i++) {
        int64_t t =
            i < n_cases ? created[i] : created[rng_below((uint32_t)n_cases)] + rng_below(600);
        deal_init(&d, t);
        deal_simulate(&d);
        int m = 0, room = (int)ARRAY_LEN(merged);
        for (int k = 0; k < d.n; k++) {
            merged[m++] = d.ev[k];
            int left = room - m - (d.n - k - 1); /* keep space for the stage changes to come */
            if (k + 1 < d.n && left > 0)
                m += deal_add_activities(merged + m, &d.ev[k], &d.ev[k + 1], left);
        }
        for (int k = 0; k < m; k++) { /* milliseconds, keeping the order */
            merged[k].ms += rng_below(1000);
            if (k > 0 && merged[k].ms < merged[k - 1].ms)
                merged[k].ms = merged[k - 1].ms;
        }
        written += deal_write(&d, merged, (size_t)m, i + 1, 7, (int)rng_below((uint32_t)teams),
                              SALES_END * 1000, n_events - written, true);
    }
    free(created);
}

/* ================================================================ support tickets */

enum ticket_act {
    T_CREATED,
    T_ASSIGNED,
    T_IN_PROGRESS,
    T_WAITING,
    T_REPLIED,
    T_ESCALATED,
    T_TRANSFERRED,
    T_RESOLVED,
    T_REOPENED,
    T_CLOSED,
};
static const char *const ticket_names[] = {
    "Ticket Created",   "Assigned",        "In Progress", "Waiting for Customer",
    "Customer Replied", "Escalated to L2", "Transferred", "Resolved",
    "Reopened",         "Closed"};

/* Agents 0 and 1 are the helpdesk automation and the customer; then L1, then L2. */
static const char *const agents[] = {"system", "customer", "Anna",  "Ben",    "Chloe",  "David",
                                     "Emma",   "Felix",    "Greta", "Hugo",   "Ines",   "Jonas",
                                     "Klara",  "Lukas",    "Mia",   "Noah",   "Olivia", "Paul",
                                     "Rosa",   "Simon",    "Tara",  "Viktor", "Yara"};
#define AGENT_SYSTEM 0
#define AGENT_CUSTOMER 1
#define L1_FIRST 2
#define L1_COUNT 16
#define L2_FIRST 18
#define L2_COUNT 5
/* Per agent: how long they take, in percent of the usual (Paul is new). */
static const int agent_pace[] = {100, 100, 90,  110, 100, 80,  120, 100, 95, 105, 100, 130,
                                 85,  100, 115, 100, 90,  160, 100, 120, 90, 140, 100};

static const char *const channels[] = {"email", "web", "chat", "phone"};
static const int channel_w[] = {40, 25, 20, 15};
static const char *const priorities[] = {"Low", "Normal", "High", "Urgent"};
static const int priority_w[] = {30, 45, 20, 5};
static const int queue_minutes[] = {720, 240, 60, 10}; /* median wait for assignment */
static const char *const products[] = {"Billing",    "Accounts", "Mobile App",
                                       "Web Portal", "API",      "Integrations"};
static const int product_w[] = {22, 18, 20, 18, 12, 10};
static const int product_escalate[] = {50, 60, 110, 100, 240, 260}; /* per mille */
static const char *const tiers[] = {"Standard", "Premium", "Enterprise"};
static const int tier_w[] = {70, 22, 8};

#define SUPPORT_FIRST_DAY days_from_civil(2025, 1, 2)
#define SUPPORT_END (days_from_civil(2025, 4, 1) * DAY)
#define N_TICKETS 2000
#define N_OUTAGE 90 /* tickets about the Mobile App outage of 12 February */

struct ticket {
    int channel, priority, product, tier;
    bool outage;
};

struct ticket_event {
    int64_t t; /* wall clock, seconds */
    uint32_t seq;
    uint16_t ticket;
    uint8_t act, agent;
};

static struct ticket_event *tev;
static size_t tev_n, tev_cap;

static void
ticket_push(size_t ticket, int64_t t, int act, int agent)
{
    if (t >= SUPPORT_END)
        return; /* after the export: still open */
    if (tev_n == tev_cap) {
        tev_cap = tev_cap ? 2 * tev_cap : 4096;
        tev = realloc(tev, tev_cap * sizeof *tev);
        if (tev == NULL) {
            fprintf(stderr, "gensamples: out of memory\n");
            exit(1);
        }
    }
    tev[tev_n] =
        (struct ticket_event){t, (uint32_t)tev_n, (uint16_t)ticket, (uint8_t)act, (uint8_t)agent};
    tev_n++;
}

/* Support works Monday to Friday, 08:00-20:00; customers answer 07:00-23:00. */
static int64_t
agent_time(int64_t t, int agent, int64_t median)
{
    return snap_hours(t + rng_lognormal(median * agent_pace[agent] / 100, 110), 8, 20, false,
                      2 * HOUR) +
           rng_below(60);
}

static int64_t
customer_time(int64_t t, int64_t median)
{
    return snap_hours(t + rng_lognormal(median, 120), 7, 23, true, 4 * HOUR) + rng_below(60);
}

static int
pick_l1(int avoid)
{
    int a;
    do
        a = L1_FIRST + (int)rng_below(L1_COUNT);
    while (a == avoid);
    return a;
}

/* Waiting for the customer, possibly several rounds; false if the customer
 * never answered and the ticket was closed automatically after 7 days. */
static bool
ticket_waits(size_t id, int64_t *t, int agent)
{
    static const int again[] = {420, 250, 120, 0};
    for (int k = 0; rng_permille(again[k]); k++) {
        *t = agent_time(*t, agent, 40 * MINUTE);
        ticket_push(id, *t, T_WAITING, agent);
        if (rng_permille(110)) {
            ticket_push(id, *t + 7 * DAY, T_CLOSED, AGENT_SYSTEM);
            return false;
        }
        *t = customer_time(*t, 16 * HOUR);
        ticket_push(id, *t, T_REPLIED, AGENT_CUSTOMER);
        *t = agent_time(*t, agent, 90 * MINUTE);
        ticket_push(id, *t, T_IN_PROGRESS, agent);
    }
    return true;
}

/* Handle a ticket that was not solved on first contact; returns the agent who
 * resolved it, or -1 if it was closed without an answer. */
static int
ticket_work(size_t id, const struct ticket *k, int64_t *t)
{
    int a = pick_l1(-1);
    *t = agent_time(*t, a, queue_minutes[k->priority] * MINUTE);
    ticket_push(id, *t, T_ASSIGNED, a);
    if (rng_permille(k->product >= 4 ? 160 : 90)) { /* wrong queue */
        *t = agent_time(*t, a, 45 * MINUTE);
        ticket_push(id, *t, T_TRANSFERRED, a);
        a = pick_l1(a);
        *t = agent_time(*t, a, 50 * MINUTE);
        ticket_push(id, *t, T_ASSIGNED, a);
    }
    *t = agent_time(*t, a, (k->priority >= 2 ? 15 : 60) * MINUTE);
    ticket_push(id, *t, T_IN_PROGRESS, a);
    if (!k->outage && !ticket_waits(id, t, a))
        return -1;
    int esc = product_escalate[k->product] * (k->tier == 2 ? 15 : 10) / 10;
    esc = esc * (k->priority == 3 ? 18 : 10) / 10;
    if (k->outage || rng_permille(esc)) {
        *t = agent_time(*t, a, (k->outage ? 20 : 90) * MINUTE);
        ticket_push(id, *t, T_ESCALATED, a);
        a = L2_FIRST + (int)rng_below(L2_COUNT);
        if (!k->outage && !rng_permille(400)) /* else routed to L2 at once */
            *t = agent_time(*t, a, 2 * HOUR);
        ticket_push(id, *t, T_ASSIGNED, a);
        if (k->outage)
            return a;
        *t = agent_time(*t, a, 60 * MINUTE);
        ticket_push(id, *t, T_IN_PROGRESS, a);
        if (!ticket_waits(id, t, a))
            return -1;
        *t = agent_time(*t, a, 20 * HOUR);
    } else {
        *t = agent_time(*t, a, 2 * HOUR);
    }
    return a;
}

/* One ticket's whole life from its creation at t. */
static void
ticket_simulate(size_t id, const struct ticket *k, int64_t t)
{
    static const int fcr[] = {0, 0, 400, 520}; /* solved on first contact, per channel */
    int a = k->channel == 3 ? pick_l1(-1) : AGENT_SYSTEM;
    ticket_push(id, t, T_CREATED, a);
    if (!k->outage && rng_permille(fcr[k->channel] + (k->product <= 1 ? 150 : 0))) {
        if (a == AGENT_SYSTEM)
            a = pick_l1(-1);
        t += rng_range(20, 180);
        ticket_push(id, t, T_IN_PROGRESS, a);
        t += rng_lognormal(7 * MINUTE, 90);
    } else {
        a = ticket_work(id, k, &t);
        if (a < 0)
            return;
        if (k->outage) /* the L2 fix at 17:32 resolved every outage ticket at once */
            t = t < days_from_civil(2025, 2, 12) * DAY + 17 * HOUR + 32 * MINUTE
                    ? days_from_civil(2025, 2, 12) * DAY + 17 * HOUR + 32 * MINUTE
                    : t + 5 * MINUTE;
    }
    ticket_push(id, t, T_RESOLVED, k->outage ? L2_FIRST : a);
    if (rng_permille(k->outage ? 150 : 80)) {
        t = customer_time(t, 30 * HOUR);
        ticket_push(id, t, T_REOPENED, AGENT_CUSTOMER);
        a = k->outage ? L2_FIRST : a;
        t = agent_time(t, a, 2 * HOUR);
        ticket_push(id, t, T_IN_PROGRESS, a);
        t = agent_time(t, a, 4 * HOUR);
        ticket_push(id, t, T_RESOLVED, a);
    }
    if (rng_permille(300)) {
        t = customer_time(t, 5 * HOUR);
        ticket_push(id, t, T_CLOSED, AGENT_CUSTOMER); /* the customer confirmed */
    } else {
        ticket_push(id, t + 3 * DAY, T_CLOSED, AGENT_SYSTEM);
    }
}

/* A ticket's creation time: e-mail and web round the clock (mostly by day),
 * chat and phone only while support is open. Busier on Mondays. */
static int64_t
ticket_created(int channel)
{
    static const int day_w[] = {130, 110, 100, 100, 90, 35, 25};
    static const int hour_w[] = {2,  1,  1,  1,  1,  2,  4, 8, 12, 14, 14, 13,
                                 11, 12, 13, 12, 11, 10, 8, 7, 6,  5,  4,  3};
    int64_t span = SUPPORT_END / DAY - SUPPORT_FIRST_DAY;
    for (;;) {
        int64_t day = SUPPORT_FIRST_DAY + rng_below((uint32_t)span);
        if ((int)rng_below(130) >= day_w[weekday(day)] || is_holiday(day))
            continue;
        if (channel >= 2) {
            if (!is_workday(day))
                continue;
            return day * DAY + rng_range(8 * HOUR, 20 * HOUR - 1);
        }
        int h = rng_pick(hour_w, 24);
        return day * DAY + h * HOUR + rng_below(HOUR);
    }
}

static int
cmp_ticket_event(const void *pa, const void *pb)
{
    const struct ticket_event *a = pa, *b = pb;
    if (a->t != b->t)
        return a->t < b->t ? -1 : 1;
    return (a->seq > b->seq) - (a->seq < b->seq);
}

static int
cmp_ticket_start(const void *pa, const void *pb)
{
    const int64_t *a = pa, *b = pb; /* {time, unique number} pairs */
    if (a[0] != b[0])
        return a[0] < b[0] ? -1 : 1;
    return (a[1] > b[1]) - (a[1] < b[1]);
}

/*
 * Helpdesk audit log, as such exports are: one stream sorted by time (tickets
 * interleave), naive local timestamps. Includes the Mobile App outage of
 * 2025-02-12, whose tickets were all resolved by one L2 fix at 17:32.
 */
static void
gen_support(void)
{
    rng_seed(UINT64_C(20250102));
    static int64_t start[N_TICKETS][2];
    static struct ticket tk[N_TICKETS];
    for (size_t i = 0; i < N_TICKETS; i++) {
        int ch = rng_pick(channel_w, (int)ARRAY_LEN(channel_w));
        if (i < N_OUTAGE) {
            ch = rng_permille(500) ? 0 : 2 + (int)rng_below(2);
            start[i][0] = days_from_civil(2025, 2, 12) * DAY + rng_range(10 * HOUR, 16 * HOUR);
        } else {
            start[i][0] = ticket_created(ch);
        }
        start[i][1] = (int64_t)i * 4 + ch; /* unique: keeps the sort deterministic */
    }
    qsort(start, N_TICKETS, sizeof start[0], cmp_ticket_start);
    for (size_t i = 0; i < N_TICKETS; i++) {
        struct ticket *k = &tk[i];
        k->outage = start[i][1] / 4 < N_OUTAGE;
        k->channel = (int)(start[i][1] % 4);
        k->priority = k->outage ? 2 + (int)rng_below(2) : rng_pick(priority_w, 4);
        k->product = k->outage ? 2 : rng_pick(product_w, (int)ARRAY_LEN(product_w));
        k->tier = rng_pick(tier_w, 3);
        ticket_simulate(i, k, start[i][0]);
    }
    qsort(tev, tev_n, sizeof *tev, cmp_ticket_event);
    out_str("ticket_id,activity,timestamp,agent,team,channel,priority,product,customer_tier\n");
    for (size_t i = 0; i < tev_n; i++) {
        const struct ticket_event *e = &tev[i];
        const struct ticket *k = &tk[e->ticket];
        out_str("TCK-");
        out_uint(40001 + (uint64_t)e->ticket, 5);
        out_char(',');
        out_str(ticket_names[e->act]);
        out_char(',');
        out_time(e->t * 1000, TS_NAIVE);
        out_char(',');
        out_str(agents[e->agent]);
        out_str(e->agent >= L2_FIRST ? ",L2," : e->agent >= L1_FIRST ? ",L1," : ",,");
        out_str(channels[k->channel]);
        out_char(',');
        out_str(priorities[k->priority]);
        out_char(',');
        out_str(products[k->product]);
        out_char(',');
        out_str(tiers[k->tier]);
        out_char('\n');
    }
    free(tev);
}

/* ================================================================ web journeys */

enum web_act {
    W_LANDING,
    W_SEARCH,
    W_VIEW,
    W_ADD,
    W_REMOVE,
    W_CART,
    W_CHECKOUT,
    W_SHIPPING,
    W_PAYMENT,
    W_ORDER,
    W_EXIT, /* not an event: the visitor leaves */
};
static const char *const web_names[] = {
    "Landing",   "Search",         "View Product",  "Add to Cart", "Remove from Cart",
    "View Cart", "Checkout Start", "Shipping Info", "Payment",     "Order Confirmed"};

/* Next-step weights from each step, columns in enum order from W_SEARCH to W_EXIT. */
static const int web_next[][10] = {
    /*               SEARCH VIEW ADD REMOVE CART CHECKOUT SHIP PAY ORDER EXIT */
    [W_LANDING] = {180, 420, 0, 0, 10, 0, 0, 0, 0, 390},
    [W_SEARCH] = {120, 600, 0, 0, 10, 0, 0, 0, 0, 270},
    [W_VIEW] = {130, 330, 200, 0, 40, 0, 0, 0, 0, 300},
    [W_ADD] = {60, 330, 0, 0, 420, 0, 0, 0, 0, 190},
    [W_REMOVE] = {0, 250, 0, 60, 0, 330, 0, 0, 0, 360},
    [W_CART] = {0, 200, 0, 120, 0, 480, 0, 0, 0, 200},
    [W_CHECKOUT] = {0, 0, 0, 0, 90, 0, 740, 0, 0, 170},
    [W_SHIPPING] = {0, 0, 0, 0, 40, 0, 0, 760, 0, 200},
    [W_PAYMENT] = {0, 0, 0, 0, 0, 0, 40, 70, 800, 90}, /* 70: card declined, again */
};
/* Median seconds before each step, by the step. */
static const int web_secs[] = {0, 15, 25, 40, 20, 10, 20, 70, 60, 8};

static const char *const countries[] = {"DE", "FR", "NL", "AT", "CH", "BE", "IT", "ES", "PL", "SE"};
static const int country_w[] = {30, 15, 10, 6, 6, 6, 9, 8, 5, 5};
static const char *const devices[] = {"mobile", "desktop", "tablet"};
static const int device_w[] = {55, 38, 7};
static const int device_exit_pct[] = {130, 80, 110};
static const char *const traffic[] = {"organic", "paid", "direct", "email", "social"};
static const int traffic_w[] = {35, 25, 15, 12, 13};
static const int traffic_exit_pct[] = {100, 110, 85, 70, 140};
static const char *const categories[] = {"shoes",    "jackets", "shirts",
                                         "trousers", "bags",    "accessories"};
static const char *const queries[] = {
    "running shoes", "rain jacket",  "socks,wool",       "white sneakers", "gift card",
    "backpack",      "linen shirt",  "boots,waterproof", "jeans slim",     "sale",
    "hoodie",        "belt,leather", "trail shoes",      "scarf"};

#define N_SESSIONS 5000
#define N_SKUS 120

/* A product, the popular ones far more often. */
static int
web_sku(void)
{
    return 1001 + (int)rng_below(rng_below(N_SKUS) + 1);
}

/* The page of a step into buf: a product, a search, the cart, the checkout. */
static void
web_page(char *buf, size_t size, int act, int sku, int query)
{
    switch (act) {
    case W_SEARCH: snprintf(buf, size, "/search?q=%s", queries[query]); return;
    case W_VIEW:
    case W_ADD: snprintf(buf, size, "/p/sku-%d", sku); return;
    case W_REMOVE:
    case W_CART: snprintf(buf, size, "/cart"); return;
    case W_CHECKOUT: snprintf(buf, size, "/checkout"); return;
    case W_SHIPPING: snprintf(buf, size, "/checkout/shipping"); return;
    case W_PAYMENT: snprintf(buf, size, "/checkout/payment"); return;
    default: snprintf(buf, size, "/checkout/confirmation"); return;
    }
}

/* 12 hex digits that look random but are unique per session. */
static void
out_session_id(uint64_t i)
{
    uint64_t z = (i + 1) * UINT64_C(0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    z ^= z >> 31;
    for (int k = 11; k >= 0; k--)
        out_char("0123456789abcdef"[(z >> (4 * k)) & 15]);
}

struct web_session {
    int country, device, source;
    int64_t ms; /* UTC */
};

static void
web_row(uint64_t id, const struct web_session *s, int act, int sku, int query)
{
    out_session_id(id);
    out_char(',');
    out_str(web_names[act]);
    out_char(',');
    out_time(s->ms, TS_UTC_MS);
    out_char(',');
    char page[64];
    if (act == W_LANDING && sku == 0 && query >= 0)
        snprintf(page, sizeof page, "/c/%s", categories[query]);
    else if (act == W_LANDING && sku == 0)
        snprintf(page, sizeof page, "%s", query == -1 ? "/" : "/sale");
    else
        web_page(page, sizeof page, act == W_LANDING ? W_VIEW : act, sku, query);
    out_field(page); /* searches with a comma get quoted */
    out_char(',');
    out_str(devices[s->device]);
    out_char(',');
    out_str(countries[s->country]);
    out_char(',');
    out_str(traffic[s->source]);
    out_char('\n');
}

/* One visit: landing page, then a walk over web_next until the visitor leaves. */
static void
web_simulate(uint64_t id, struct web_session *s)
{
    static const int landing_w[] = {35, 15, 30, 20}; /* home, sale, category, product */
    int kind = rng_pick(landing_w, 4), sku = kind == 3 ? web_sku() : 0;
    int query = kind == 2 ? (int)rng_below(ARRAY_LEN(categories)) : kind == 1 ? -2 : -1;
    web_row(id, s, W_LANDING, sku, query);
    int cur = W_LANDING, items = 0;
    for (int step = 0; step < 60; step++) {
        int w[10];
        memcpy(w, web_next[cur], sizeof w);
        if (cur == W_LANDING && sku > 0)
            memcpy(w, web_next[W_VIEW], sizeof w); /* landed on a product page */
        w[9] = w[9] * device_exit_pct[s->device] / 100 * traffic_exit_pct[s->source] / 100;
        if (items == 0)
            w[W_REMOVE - 1] = w[W_CHECKOUT - 1] = w[W_CART - 1] = 0;
        int next = 1 + rng_pick(w, 10);
        if (next == W_EXIT)
            return;
        s->ms += rng_lognormal((int64_t)web_secs[next] * 1000, 120) + 300;
        if (next == W_VIEW)
            sku = web_sku();
        if (next == W_SEARCH)
            query = (int)rng_below(ARRAY_LEN(queries));
        items += next == W_ADD ? 1 : next == W_REMOVE ? -1 : 0;
        web_row(id, s, next, sku, query);
        if (next == W_ORDER)
            return;
        cur = next;
    }
}

/*
 * Web-shop sessions over two weeks in May 2025 (CEST, written as UTC with Z),
 * busiest at lunch and in the evening, grouped by session in order of start.
 */
static void
gen_web(void)
{
    static const int hour_w[] = {3,  2,  1,  1,  1,  2,  4,  7,  9,  10, 11, 12,
                                 14, 13, 11, 10, 10, 11, 13, 16, 18, 17, 12, 6};
    static int64_t start[N_SESSIONS];
    int64_t first = days_from_civil(2025, 5, 5);
    rng_seed(UINT64_C(20250505));
    for (size_t i = 0; i < N_SESSIONS; i++) {
        int64_t day = first + rng_below(14);
        int64_t wall = day * DAY + rng_pick(hour_w, 24) * HOUR + rng_below(HOUR);
        start[i] = (wall - cet_offset(wall) * MINUTE) * 1000 + rng_below(1000);
    }
    qsort(start, N_SESSIONS, sizeof start[0], cmp_int64);
    out_str("session_id,event,timestamp,page,device,country,traffic_source\n");
    for (size_t i = 0; i < N_SESSIONS; i++) {
        struct web_session s;
        s.ms = start[i];
        s.country = rng_pick(country_w, (int)ARRAY_LEN(country_w));
        s.device = rng_pick(device_w, 3);
        s.source = rng_pick(traffic_w, (int)ARRAY_LEN(traffic_w));
        web_simulate(i, &s);
    }
}

/* ================================================================ main */

static void
usage(FILE *f)
{
    fprintf(f, "Usage: gensamples sales|support|web     a bundled sample log, CSV on stdout\n"
               "       gensamples bench [N_EVENTS]       the benchmark log (default 1000000 "
               "events)\n");
}

int
main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "sales") == 0) {
        gen_sales();
    } else if (argc == 2 && strcmp(argv[1], "support") == 0) {
        gen_support();
    } else if (argc == 2 && strcmp(argv[1], "web") == 0) {
        gen_web();
    } else if ((argc == 2 || argc == 3) && strcmp(argv[1], "bench") == 0) {
        unsigned long long n = 1000000;
        if (argc == 3) {
            char *end;
            errno = 0;
            n = strtoull(argv[2], &end, 10);
            if (errno != 0 || end == argv[2] || *end != '\0' || argv[2][0] == '-' ||
                n > 2000000000ULL) {
                fprintf(stderr, "gensamples: bad number of events: %s\n", argv[2]);
                return 2;
            }
        }
        gen_bench((size_t)n);
    } else if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return 0;
    } else {
        usage(stderr);
        return 2;
    }
    out_flush();
    if (fflush(stdout) != 0 || ferror(stdout)) {
        perror("gensamples: write");
        return 1;
    }
    return 0;
}

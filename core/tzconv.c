/* Wall-clock times in an IANA time zone to UTC, through the system's tz database. */
/* SPDX-License-Identifier: MIT */
#include "tzconv.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

#define CACHE 4096
#define HOUR_MS 3600000LL

struct tzconv {
    char *old_tz; /* TZ before, or NULL when it was unset */
    bool had_tz;
    int64_t hour[CACHE]; /* wall-clock hour cached in each slot (INT64_MIN: none) */
    int32_t off_s[CACHE];
};

static bool
zone_file_ok(const char *zone)
{
    if (zone[0] == '\0' || zone[0] == '/' || zone[0] == ':' || strstr(zone, "..") != NULL)
        return false;
    const char *dir = getenv("TZDIR");
    if (dir == NULL || dir[0] == '\0')
        dir = "/usr/share/zoneinfo";
    struct cf_buf path = {0};
    cf_buf_printf(&path, "%s/%s", dir, zone);
    FILE *f = fopen(path.data, "rb");
    cf_buf_clear(&path);
    if (f == NULL)
        return false;
    char magic[4];
    bool ok = fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
    fclose(f);
    return ok;
}

struct tzconv *
tzconv_open(const char *zone, char *msg, size_t msz)
{
    if (!zone_file_ok(zone)) {
        snprintf(msg, msz,
                 "unknown time zone \"%s\" (an IANA name such as Europe/Berlin or "
                 "America/New_York; see /usr/share/zoneinfo)",
                 zone);
        return NULL;
    }
    struct tzconv *z = xcalloc(1, sizeof *z);
    const char *old = getenv("TZ");
    z->had_tz = old != NULL;
    z->old_tz = old ? xstrdup(old) : NULL;
    for (size_t i = 0; i < CACHE; i++)
        z->hour[i] = INT64_MIN;
    setenv("TZ", zone, 1);
    tzset();
    return z;
}

static int64_t
floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Offset (seconds) of the zone for the wall-clock hour h (hours since 1970). */
static int32_t
hour_offset(int64_t h)
{
    time_t wall = (time_t)(h * 3600);
    struct tm tm;
    gmtime_r(&wall, &tm); /* the wall-clock fields */
    tm.tm_isdst = -1;
    time_t utc = mktime(&tm);
    if (utc == (time_t)-1)
        return 0;
    /* In a gap mktime moves forward: take the offset in force just before. */
    int64_t off = (int64_t)wall - (int64_t)utc;
    struct tm chk;
    localtime_r(&utc, &chk);
    if (chk.tm_hour != (int)((h % 24 + 24) % 24)) {
        time_t before = utc - 3600;
        struct tm b;
        localtime_r(&before, &b);
        off = b.tm_gmtoff;
    }
    return (int32_t)off;
}

int64_t
tzconv_to_utc(struct tzconv *z, int64_t wall_ms, int *off_min)
{
    int64_t h = floor_div(wall_ms, HOUR_MS);
    size_t slot = (size_t)((uint64_t)h % CACHE);
    if (z->hour[slot] != h) {
        z->hour[slot] = h;
        z->off_s[slot] = hour_offset(h);
    }
    int32_t off = z->off_s[slot];
    if (off_min != NULL)
        *off_min = off / 60;
    return wall_ms - (int64_t)off * 1000;
}

int
tzconv_offset_at(struct tzconv *z, int64_t utc_ms)
{
    (void)z;
    time_t t = (time_t)floor_div(utc_ms, 1000);
    struct tm tm;
    localtime_r(&t, &tm);
    return (int)(tm.tm_gmtoff / 60);
}

void
tzconv_close(struct tzconv *z)
{
    if (z == NULL)
        return;
    if (z->had_tz)
        setenv("TZ", z->old_tz, 1);
    else
        unsetenv("TZ");
    tzset();
    free(z->old_tz);
    free(z);
}

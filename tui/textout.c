/* Column, bar and histogram printing shared by the analysis subcommands. */
/* SPDX-License-Identifier: MIT */
#include "textout.h"

#include <langinfo.h>
#include <math.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "filter.h"

bool
textout_unicode(bool ascii)
{
    if (ascii)
        return false;
    const char *cs = nl_langinfo(CODESET);
    return cs != NULL && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
}

size_t
textout_width(const char *s)
{
    size_t w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xc0) != 0x80)
            w++;
    return w;
}

void
textout_cell(FILE *f, const char *s, size_t width, bool right)
{
    size_t w = textout_width(s);
    if (w <= width) {
        if (right)
            fprintf(f, "%*s", (int)(width - w), "");
        fputs(s, f);
        if (!right)
            fprintf(f, "%*s", (int)(width - w), "");
        return;
    }
    /* Cut at a code point boundary, leaving a column for the marker. */
    size_t cols = 0;
    const char *p = s;
    while (*p) {
        const char *q = p + 1;
        while ((*(const unsigned char *)q & 0xc0) == 0x80)
            q++;
        if (cols + 1 >= width)
            break;
        fwrite(p, 1, (size_t)(q - p), f);
        cols++;
        p = q;
    }
    if (width > 0)
        fputc('~', f);
}

void
textout_clip(FILE *f, const char *s, size_t width)
{
    size_t w = textout_width(s);
    textout_cell(f, s, w < width ? w : width, false);
}

void
textout_bar(FILE *f, double frac, size_t width, bool unicode, bool pad)
{
    static const char *const eighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
    if (!(frac > 0))
        frac = 0;
    if (frac > 1)
        frac = 1;
    if (!unicode) {
        size_t n = (size_t)lround(frac * (double)width);
        if (n == 0 && frac > 0)
            n = 1;
        for (size_t i = 0; i < n; i++)
            fputc('#', f);
        if (pad)
            fprintf(f, "%*s", (int)(width - n), "");
        return;
    }
    size_t e = (size_t)lround(frac * (double)width * 8);
    if (e == 0 && frac > 0)
        e = 1;
    size_t full = e / 8, used = full;
    for (size_t i = 0; i < full; i++)
        fputs("█", f);
    if (e % 8) {
        fputs(eighths[e % 8], f);
        used++;
    }
    if (pad)
        fprintf(f, "%*s", (int)(width - used), "");
}

void
textout_histogram(FILE *f, const size_t hist[STATS_NBUCKETS], bool unicode)
{
    size_t lo = STATS_NBUCKETS, hi = 0, max = 0, total = 0;
    for (size_t b = 0; b < STATS_NBUCKETS; b++) {
        if (hist[b] == 0)
            continue;
        if (lo == STATS_NBUCKETS)
            lo = b;
        hi = b;
        total += hist[b];
        if (hist[b] > max)
            max = hist[b];
    }
    if (total == 0) {
        fputs("  (no values)\n", f);
        return;
    }
    for (size_t b = lo; b <= hi; b++) {
        fprintf(f, "  %-6s ", stats_bucket_label[b]);
        textout_bar(f, (double)hist[b] / (double)max, 48, unicode, true);
        fprintf(f, " %8zu %5.1f%%\n", hist[b], 100.0 * (double)hist[b] / (double)total);
    }
}

const char *
textout_dur(double ms, char *buf, size_t size)
{
    cf_format_duration((int64_t)llround(ms), buf, size);
    return buf;
}

int
textout_activities(const struct event_log *log, const char *opt, const char *list, uint32_t **ids,
                   size_t *n)
{
    struct cf_error err = {0};
    if (filter_parse_activities(log, list, ids, n, &err) == 0)
        return 0;
    char msg[sizeof err.msg];
    snprintf(msg, sizeof msg, "%s", err.msg);
    cf_error_set(&err, NULL, 0, "--%s: %s", opt, msg);
    cli_error(&err);
    return CF_EXIT_USAGE;
}

void
textout_names(FILE *f, const struct event_log *log, const uint32_t *ids, size_t n, const char *sep)
{
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%s%s", i ? sep : "", eventlog_activity_name(log, ids[i]));
}

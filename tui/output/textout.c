/* Small text helpers for the subcommands: the locale's Unicode, widths, durations, activity lists.
 */
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

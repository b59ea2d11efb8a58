/* Event-log export: the selected cases' events as CSV or XES 1849, every column kept. */
/* SPDX-License-Identifier: MIT */
#include "export.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "termsafe.h"

static int64_t
floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Civil date of days since 1970-01-01 (Howard Hinnant's algorithm). */
static void
civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t yy = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yy + (*m <= 2);
}

void
export_format_time(int64_t ms, int off_min, char *buf, size_t size)
{
    int64_t local = ms + (int64_t)off_min * 60000;
    int64_t days = floor_div(local, 86400000);
    int64_t rest = local - days * 86400000;
    int64_t y;
    unsigned mo, d;
    civil_from_days(days, &y, &mo, &d);
    unsigned h = (unsigned)(rest / 3600000), mi = (unsigned)(rest / 60000 % 60);
    unsigned s = (unsigned)(rest / 1000 % 60), milli = (unsigned)(rest % 1000);
    int aoff = off_min < 0 ? -off_min : off_min;
    char frac[16] = "";
    if (milli != 0)
        snprintf(frac, sizeof frac, ".%03u", milli);
    snprintf(buf, size, "%04lld-%02u-%02uT%02u:%02u:%02u%s%c%02d:%02d", (long long)y, mo, d, h, mi,
             s, frac, off_min < 0 ? '-' : '+', aoff / 60, aoff % 60);
}

/* ------------------------------------------------------------------ CSV */

static void
csv_field(struct cf_buf *b, const char *s, size_t n)
{
    bool quote = n > 0 && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t');
    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    if (!quote) {
        cf_buf_append(b, s, n);
        return;
    }
    cf_buf_append(b, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            cf_buf_append(b, "\"", 1);
        cf_buf_append(b, s + i, 1);
    }
    cf_buf_append(b, "\"", 1);
}

/* A role's header: the original column when it is one plain column. */
static const char *
role_name(const struct event_log *log, const char *orig, const char *plain, const char *xes,
          bool xes_names)
{
    if (xes_names)
        return xes;
    if (log->report.delimiter == 0 || orig[0] == '\0' || strpbrk(orig, ",+(") != NULL)
        return plain;
    return orig;
}

static int
flush(struct cf_buf *b, FILE *f)
{
    int rc = b->len > 0 && fwrite(b->data, 1, b->len, f) != b->len ? -1 : 0;
    b->len = 0;
    return rc;
}

static int
write_csv(const struct event_log *log, const struct selection *sel, const struct export_opts *o,
          FILE *f, struct export_stats *st)
{
    const struct import_report *r = &log->report;
    bool has_res = r->resource_col[0] != '\0';
    struct cf_buf b = {0};
    const char *names[4] = {
        role_name(log, r->case_col, "case_id", "case:concept:name", o->xes_names),
        role_name(log, r->activity_col, "activity", "concept:name", o->xes_names),
        role_name(log, r->time_col, "timestamp", "time:timestamp", o->xes_names),
        role_name(log, r->resource_col, "resource", "org:resource", o->xes_names)};
    for (int k = 0; k < (has_res ? 4 : 3); k++) {
        if (k)
            cf_buf_append(&b, ",", 1);
        csv_field(&b, names[k], strlen(names[k]));
    }
    for (size_t a = 0; a < log->n_attrs; a++) {
        cf_buf_append(&b, ",", 1);
        csv_field(&b, log->attr_names[a], strlen(log->attr_names[a]));
    }
    cf_buf_append(&b, "\n", 1);
    int rc = 0;
    char t[64];
    for (size_t c = 0; c < log->n_cases && rc == 0; c++) {
        if (!sel_has(sel, c))
            continue;
        st->cases++;
        const char *cid = strpool_get(log->case_ids, (uint32_t)c);
        size_t clen = strpool_len(log->case_ids, (uint32_t)c);
        for (size_t e = log->case_off[c]; e < log->case_off[c + 1]; e++) {
            csv_field(&b, cid, clen);
            cf_buf_append(&b, ",", 1);
            csv_field(&b, strpool_get(log->activities, log->ev_act[e]),
                      strpool_len(log->activities, log->ev_act[e]));
            cf_buf_append(&b, ",", 1);
            export_format_time(log->ev_time[e], o->tz_offset_min, t, sizeof t);
            cf_buf_puts(&b, t);
            if (has_res) {
                cf_buf_append(&b, ",", 1);
                if (log->ev_res[e] != CF_NONE)
                    csv_field(&b, strpool_get(log->resources, log->ev_res[e]),
                              strpool_len(log->resources, log->ev_res[e]));
            }
            for (size_t a = 0; a < log->n_attrs; a++) {
                cf_buf_append(&b, ",", 1);
                uint32_t v = eventlog_attr_value(log, a, e);
                if (v != CF_NONE)
                    csv_field(&b, strpool_get(log->values, v), strpool_len(log->values, v));
            }
            cf_buf_append(&b, "\n", 1);
            st->events++;
        }
        if (b.len > 1 << 16)
            rc = flush(&b, f);
    }
    if (rc == 0)
        rc = flush(&b, f);
    cf_buf_clear(&b);
    return rc;
}

/* ------------------------------------------------------------------ XES */

/* Append s[0..n) escaped for an XML 1.0 attribute value; *bad is set when
 * a character had to be replaced. */
static void
xml_text(struct cf_buf *b, const char *s, size_t n, bool *bad)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x80 && c != '&' && c != '<' && c != '>' && c != '"') {
            size_t j = i + 1;
            while (j < n && (unsigned char)s[j] >= 0x20 && (unsigned char)s[j] < 0x80 &&
                   s[j] != '&' && s[j] != '<' && s[j] != '>' && s[j] != '"')
                j++;
            cf_buf_append(b, s + i, j - i);
            i = j;
            continue;
        }
        switch (c) {
        case '&':
            cf_buf_puts(b, "&amp;");
            i++;
            continue;
        case '<':
            cf_buf_puts(b, "&lt;");
            i++;
            continue;
        case '>':
            cf_buf_puts(b, "&gt;");
            i++;
            continue;
        case '"':
            cf_buf_puts(b, "&quot;");
            i++;
            continue;
        case '\t':
            cf_buf_puts(b, "&#9;");
            i++;
            continue;
        case '\n':
            cf_buf_puts(b, "&#10;");
            i++;
            continue;
        case '\r':
            cf_buf_puts(b, "&#13;");
            i++;
            continue;
        default: break;
        }
        unsigned cp;
        size_t len = c >= 0x80 ? cf_utf8_decode(s + i, n - i, &cp) : 0;
        if (len == 0 || cp == 0xFFFE || cp == 0xFFFF) {
            cf_buf_puts(b, "\xEF\xBF\xBD"); /* U+FFFD */
            *bad = true;
            i += len ? len : 1;
            continue;
        }
        cf_buf_append(b, s + i, len);
        i += len;
    }
}

static void
xml_attr(struct cf_buf *b, const char *indent, const char *type, const char *key, const char *v,
         size_t n, bool *bad)
{
    cf_buf_printf(b, "%s<%s key=\"", indent, type);
    xml_text(b, key, strlen(key), bad);
    cf_buf_puts(b, "\" value=\"");
    xml_text(b, v, n, bad);
    cf_buf_puts(b, "\"/>\n");
}

static int
write_xes(const struct event_log *log, const struct selection *sel, const struct export_opts *o,
          FILE *f, struct export_stats *st)
{
    struct cf_buf b = {0};
    char t[64];
    bool bad = false;
    export_format_time(0, o->tz_offset_min, t, sizeof t);
    cf_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<log xes.version=\"1849-2016\" xes.features=\"\" "
                    "xmlns=\"http://www.xes-standard.org/\">\n"
                    "  <extension name=\"Concept\" prefix=\"concept\" "
                    "uri=\"http://www.xes-standard.org/concept.xesext\"/>\n"
                    "  <extension name=\"Time\" prefix=\"time\" "
                    "uri=\"http://www.xes-standard.org/time.xesext\"/>\n"
                    "  <extension name=\"Organizational\" prefix=\"org\" "
                    "uri=\"http://www.xes-standard.org/org.xesext\"/>\n"
                    "  <global scope=\"trace\">\n"
                    "    <string key=\"concept:name\" value=\"__INVALID__\"/>\n"
                    "  </global>\n"
                    "  <global scope=\"event\">\n"
                    "    <string key=\"concept:name\" value=\"__INVALID__\"/>\n");
    cf_buf_printf(&b, "    <date key=\"time:timestamp\" value=\"%s\"/>\n  </global>\n", t);
    cf_buf_puts(&b, "  <classifier name=\"Activity\" keys=\"concept:name\"/>\n");
    int rc = 0;
    for (size_t c = 0; c < log->n_cases && rc == 0; c++) {
        if (!sel_has(sel, c))
            continue;
        st->cases++;
        cf_buf_puts(&b, "  <trace>\n");
        bad = false;
        xml_attr(&b, "    ", "string", "concept:name", strpool_get(log->case_ids, (uint32_t)c),
                 strpool_len(log->case_ids, (uint32_t)c), &bad);
        st->replaced += bad;
        for (size_t e = log->case_off[c]; e < log->case_off[c + 1]; e++) {
            cf_buf_puts(&b, "    <event>\n");
            bad = false;
            xml_attr(&b, "      ", "string", "concept:name",
                     strpool_get(log->activities, log->ev_act[e]),
                     strpool_len(log->activities, log->ev_act[e]), &bad);
            st->replaced += bad;
            export_format_time(log->ev_time[e], o->tz_offset_min, t, sizeof t);
            cf_buf_printf(&b, "      <date key=\"time:timestamp\" value=\"%s\"/>\n", t);
            if (log->ev_res[e] != CF_NONE) {
                bad = false;
                xml_attr(&b, "      ", "string", "org:resource",
                         strpool_get(log->resources, log->ev_res[e]),
                         strpool_len(log->resources, log->ev_res[e]), &bad);
                st->replaced += bad;
            }
            for (size_t a = 0; a < log->n_attrs; a++) {
                uint32_t v = eventlog_attr_value(log, a, e);
                if (v == CF_NONE)
                    continue;
                bad = false;
                xml_attr(&b, "      ", "string", log->attr_names[a], strpool_get(log->values, v),
                         strpool_len(log->values, v), &bad);
                st->replaced += bad;
            }
            cf_buf_puts(&b, "    </event>\n");
            st->events++;
        }
        cf_buf_puts(&b, "  </trace>\n");
        if (b.len > 1 << 16)
            rc = flush(&b, f);
    }
    cf_buf_puts(&b, "</log>\n");
    if (rc == 0)
        rc = flush(&b, f);
    cf_buf_clear(&b);
    return rc;
}

int
export_log(const struct event_log *log, const struct selection *sel, const struct export_opts *o,
           FILE *f, struct export_stats *stats, struct cf_error *err)
{
    struct export_stats st = {0};
    int rc =
        o->format == EXPORT_XES ? write_xes(log, sel, o, f, &st) : write_csv(log, sel, o, f, &st);
    if (rc == 0 && fflush(f) != 0)
        rc = -1;
    if (rc != 0)
        cf_error_set(err, NULL, 0, "cannot write the export: %s", strerror(errno));
    if (stats != NULL)
        *stats = st;
    return rc;
}

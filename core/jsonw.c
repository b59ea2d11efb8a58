/* Streaming JSON output with escaping, for every --json subcommand. */
/* SPDX-License-Identifier: MIT */
#include "jsonw.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void
jsonw_init(struct jsonw *j, FILE *f, bool pretty)
{
    memset(j, 0, sizeof *j);
    j->f = f;
    j->pretty = pretty;
}

static void
flush_buf(struct jsonw *j)
{
    if (j->len > 0 && fwrite(j->buf, 1, j->len, j->f) != j->len)
        j->error = true;
    j->len = 0;
}

static void
put(struct jsonw *j, const char *s, size_t n)
{
    if (j->len + n > JSONW_BUF) {
        flush_buf(j);
        if (n > JSONW_BUF) {
            if (fwrite(s, 1, n, j->f) != n)
                j->error = true;
            return;
        }
    }
    memcpy(j->buf + j->len, s, n);
    j->len += n;
}

static void
putch(struct jsonw *j, char c)
{
    if (j->len == JSONW_BUF)
        flush_buf(j);
    j->buf[j->len++] = c;
}

static void
indent(struct jsonw *j)
{
    static const char spaces[] = "                                                                ";
    if (!j->pretty)
        return;
    putch(j, '\n');
    size_t n = (size_t)j->depth * 2;
    while (n > 0) {
        size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
        put(j, spaces, k);
        n -= k;
    }
}

/* Before any value or key: comma and indentation as needed. */
static void
pre_value(struct jsonw *j)
{
    if (j->after_key) {
        j->after_key = false;
        return;
    }
    if (j->depth > 0) {
        if (j->need_comma[j->depth])
            putch(j, ',');
        j->need_comma[j->depth] = true;
        indent(j);
    }
}

static void
open_(struct jsonw *j, char c)
{
    pre_value(j);
    putch(j, c);
    if (j->depth < JSONW_MAX_DEPTH - 1)
        j->depth++;
    j->need_comma[j->depth] = false;
}

static void
close_(struct jsonw *j, char c)
{
    bool had = j->need_comma[j->depth];
    if (j->depth > 0)
        j->depth--;
    if (had)
        indent(j);
    putch(j, c);
}

void
jsonw_obj_begin(struct jsonw *j)
{
    open_(j, '{');
}

void
jsonw_obj_end(struct jsonw *j)
{
    close_(j, '}');
}

void
jsonw_arr_begin(struct jsonw *j)
{
    open_(j, '[');
}

void
jsonw_arr_end(struct jsonw *j)
{
    close_(j, ']');
}

/* Length of a valid UTF-8 sequence at p (at most end - p bytes), or 0. */
static size_t
utf8_len(const unsigned char *p, const unsigned char *end)
{
    unsigned char c = *p;
    size_t len = c >= 0xf0 && c < 0xf5   ? 4
                 : c >= 0xe0 && c < 0xf0 ? 3
                 : c >= 0xc2 && c < 0xe0 ? 2
                                         : 0;
    if (len == 0 || (size_t)(end - p) < len)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((p[i] & 0xc0) != 0x80)
            return 0;
    if ((len == 3 && c == 0xe0 && p[1] < 0xa0) || (len == 3 && c == 0xed && p[1] >= 0xa0) ||
        (len == 4 && c == 0xf0 && p[1] < 0x90) || (len == 4 && c == 0xf4 && p[1] >= 0x90))
        return 0;
    return len;
}

static void
write_escaped(struct jsonw *j, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    putch(j, '"');
    while (p < end) {
        /* Copy the longest run that needs no escaping in one go. */
        const unsigned char *run = p;
        while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
            p++;
        if (p > run)
            put(j, (const char *)run, (size_t)(p - run));
        if (p == end)
            break;
        unsigned char c = *p;
        if (c == '"' || c == '\\') {
            char esc[2] = {'\\', (char)c};
            put(j, esc, 2);
            p++;
        } else if (c < 0x20) {
            char esc[8];
            switch (c) {
            case '\n': put(j, "\\n", 2); break;
            case '\r': put(j, "\\r", 2); break;
            case '\t': put(j, "\\t", 2); break;
            default:
                snprintf(esc, sizeof esc, "\\u%04x", c);
                put(j, esc, 6);
                break;
            }
            p++;
        } else {
            size_t len = utf8_len(p, end);
            if (len > 0) {
                put(j, (const char *)p, len);
                p += len;
            } else {
                /* An invalid byte 0xXY becomes the lone surrogate U+DCXY
                 * (Python's "surrogateescape"): no valid UTF-8 text decodes
                 * to a surrogate, so names that differ only in such bytes stay
                 * distinct (and JSON keys unique), and the bytes can be had
                 * back. U+FFFD for all of them made "A\xff" and "A\xfe" one key. */
                char esc[8];
                snprintf(esc, sizeof esc, "\\udc%02x", (unsigned)c);
                put(j, esc, 6);
                p++;
            }
        }
    }
    putch(j, '"');
}

void
jsonw_key(struct jsonw *j, const char *k)
{
    pre_value(j);
    write_escaped(j, k, strlen(k));
    if (j->pretty)
        put(j, ": ", 2);
    else
        putch(j, ':');
    j->after_key = true;
}

void
jsonw_str(struct jsonw *j, const char *s)
{
    jsonw_strn(j, s, strlen(s));
}

void
jsonw_strn(struct jsonw *j, const char *s, size_t n)
{
    pre_value(j);
    write_escaped(j, s, n);
}

void
jsonw_int(struct jsonw *j, int64_t v)
{
    char b[32];
    pre_value(j);
    int n = snprintf(b, sizeof b, "%lld", (long long)v);
    put(j, b, (size_t)n);
}

void
jsonw_uint(struct jsonw *j, uint64_t v)
{
    char b[32], *p = b + sizeof b;
    pre_value(j);
    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    put(j, p, (size_t)(b + sizeof b - p));
}

void
jsonw_double(struct jsonw *j, double v)
{
    char b[40];
    int n;
    pre_value(j);
    if (!isfinite(v)) {
        put(j, "null", 4);
        return;
    }
    if (v == floor(v) && fabs(v) < 1e15)
        n = snprintf(b, sizeof b, "%.0f", v);
    else
        n = snprintf(b, sizeof b, "%.15g", v);
    put(j, b, (size_t)n);
}

void
jsonw_bool(struct jsonw *j, bool v)
{
    pre_value(j);
    if (v)
        put(j, "true", 4);
    else
        put(j, "false", 5);
}

void
jsonw_null(struct jsonw *j)
{
    pre_value(j);
    put(j, "null", 4);
}

int
jsonw_end(struct jsonw *j)
{
    putch(j, '\n');
    return jsonw_flush(j);
}

int
jsonw_flush(struct jsonw *j)
{
    flush_buf(j);
    return j->error ? -1 : 0;
}

/* Streaming JSON output with escaping, for every --json subcommand. */
/* SPDX-License-Identifier: MIT */
#include "jsonw.h"

#include <math.h>
#include <string.h>

void
jsonw_init(struct jsonw *j, FILE *f, bool pretty)
{
    memset(j, 0, sizeof *j);
    j->f = f;
    j->pretty = pretty;
}

static void
indent(struct jsonw *j)
{
    if (!j->pretty)
        return;
    fputc('\n', j->f);
    for (int i = 0; i < j->depth; i++)
        fputs("  ", j->f);
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
            fputc(',', j->f);
        j->need_comma[j->depth] = true;
        indent(j);
    }
}

static void
open_(struct jsonw *j, char c)
{
    pre_value(j);
    fputc(c, j->f);
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
    fputc(c, j->f);
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

static void
write_escaped(FILE *f, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    fputc('"', f);
    while (p < end) {
        unsigned char c = *p;
        if (c == '"' || c == '\\') {
            fputc('\\', f);
            fputc(c, f);
            p++;
        } else if (c < 0x20) {
            switch (c) {
            case '\n': fputs("\\n", f); break;
            case '\r': fputs("\\r", f); break;
            case '\t': fputs("\\t", f); break;
            default: fprintf(f, "\\u%04x", c); break;
            }
            p++;
        } else if (c < 0x80) {
            fputc(c, f);
            p++;
        } else {
            /* Validate one UTF-8 sequence; copy it whole or replace the byte. */
            size_t len = c >= 0xf0 && c < 0xf5 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 0;
            bool ok = len > 0 && c < 0xf5 && (size_t)(end - p) >= len;
            for (size_t i = 1; ok && i < len; i++)
                ok = (p[i] & 0xc0) == 0x80;
            if (ok && len == 3 && c == 0xe0 && p[1] < 0xa0)
                ok = false;
            if (ok && len == 3 && c == 0xed && p[1] >= 0xa0)
                ok = false;
            if (ok && len == 4 && c == 0xf0 && p[1] < 0x90)
                ok = false;
            if (ok && len == 4 && c == 0xf4 && p[1] >= 0x90)
                ok = false;
            if (ok) {
                fwrite(p, 1, len, f);
                p += len;
            } else {
                fputs("\xef\xbf\xbd", f);
                p++;
            }
        }
    }
    fputc('"', f);
}

void
jsonw_key(struct jsonw *j, const char *k)
{
    pre_value(j);
    write_escaped(j->f, k, strlen(k));
    fputs(j->pretty ? ": " : ":", j->f);
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
    write_escaped(j->f, s, n);
}

void
jsonw_int(struct jsonw *j, int64_t v)
{
    pre_value(j);
    fprintf(j->f, "%lld", (long long)v);
}

void
jsonw_uint(struct jsonw *j, uint64_t v)
{
    pre_value(j);
    fprintf(j->f, "%llu", (unsigned long long)v);
}

void
jsonw_double(struct jsonw *j, double v)
{
    pre_value(j);
    if (!isfinite(v)) {
        fputs("null", j->f);
        return;
    }
    if (v == floor(v) && fabs(v) < 1e15)
        fprintf(j->f, "%.0f", v);
    else
        fprintf(j->f, "%.15g", v);
}

void
jsonw_bool(struct jsonw *j, bool v)
{
    pre_value(j);
    fputs(v ? "true" : "false", j->f);
}

void
jsonw_null(struct jsonw *j)
{
    pre_value(j);
    fputs("null", j->f);
}

void
jsonw_end(struct jsonw *j)
{
    fputc('\n', j->f);
}

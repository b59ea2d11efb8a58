/* Input text encodings: conversion to UTF-8 through iconv, and invalid UTF-8 found and reported. */
/* SPDX-License-Identifier: MIT */
#include "textenc.h"

#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

struct textenc {
    char *name; /* the source encoding, NULL for UTF-8 */
    iconv_t cd; /* (iconv_t)-1 without conversion */
    struct cf_buf in, out;
    /* UTF-8 check: continuation bytes still expected, code point so far, its minimum. */
    unsigned need, cp, min;
    size_t bad_lines, first_bad, last_bad;
};

static bool
is_utf8_name(const char *e)
{
    return strcasecmp(e, "utf-8") == 0 || strcasecmp(e, "utf8") == 0;
}

struct textenc *
textenc_open(const char *encoding, char *msg, size_t msz)
{
    iconv_t cd = (iconv_t)-1;
    if (encoding != NULL && !is_utf8_name(encoding)) {
        cd = iconv_open("UTF-8", encoding);
        if (cd == (iconv_t)-1) {
            snprintf(msg, msz,
                     "--encoding: unknown encoding \"%s\" (cp1252, latin1, ISO-8859-15, "
                     "UTF-16...; iconv -l lists them)",
                     encoding);
            return NULL;
        }
    }
    struct textenc *t = xcalloc(1, sizeof *t);
    t->cd = cd;
    t->name = cd != (iconv_t)-1 ? xstrdup(encoding) : NULL;
    return t;
}

/* Convert in+chunk; what a cut character leaves stays in t->in. */
static int
convert(struct textenc *t, const unsigned char *d, size_t n, size_t line, char sep,
        size_t *bad_line, char *msg, size_t msz)
{
    cf_buf_append(&t->in, (const char *)d, n);
    char *ip = t->in.data;
    size_t il = t->in.len;
    t->out.len = 0;
    while (il > 0) {
        if (t->out.cap - t->out.len < il * 4 + 16) {
            t->out.cap = t->out.len + il * 4 + 16;
            t->out.data = xrealloc(t->out.data, t->out.cap);
        }
        char *op = t->out.data + t->out.len;
        size_t ol = t->out.cap - t->out.len - 1;
        size_t rc = iconv(t->cd, &ip, &il, &op, &ol);
        t->out.len = (size_t)(op - t->out.data);
        if (rc != (size_t)-1 || errno == E2BIG)
            continue;
        if (errno == EINVAL) /* a character cut by the chunk's end */
            break;
        /* EILSEQ: where, for the message. */
        size_t l = line;
        for (const char *p = t->out.data; p < t->out.data + t->out.len; p++)
            l += *p == sep;
        *bad_line = l;
        snprintf(msg, msz, "byte 0x%02X is not valid %s text", (unsigned char)*ip, t->name);
        return -1;
    }
    memmove(t->in.data, ip, il);
    t->in.len = il;
    t->out.data[t->out.len] = '\0';
    return 0;
}

/* Count the lines holding invalid UTF-8 (overlong forms and surrogates too). */
static void
check_utf8(struct textenc *t, const unsigned char *d, size_t n, size_t line, char sep)
{
    size_t i = 0, counted = 0;
    while (i < n) {
        if (t->need == 0) {
            /* ASCII eight bytes at a time. */
            while (i + 8 <= n) {
                uint64_t w;
                memcpy(&w, d + i, 8);
                if (w & 0x8080808080808080ULL)
                    break;
                i += 8;
            }
            while (i < n && d[i] < 0x80)
                i++;
            if (i >= n)
                break;
        }
        unsigned char c = d[i];
        bool bad = false;
        if (t->need > 0) {
            if ((c & 0xC0) == 0x80) {
                t->cp = (t->cp << 6) | (c & 0x3F);
                if (--t->need == 0 &&
                    (t->cp < t->min || t->cp > 0x10FFFF || (t->cp >= 0xD800 && t->cp <= 0xDFFF)))
                    bad = true;
                i++;
            } else {
                bad = true; /* a sequence cut short: look at c again */
                t->need = 0;
            }
        } else if (c >= 0xC2 && c <= 0xDF) {
            t->need = 1, t->cp = c & 0x1F, t->min = 0x80, i++;
        } else if (c >= 0xE0 && c <= 0xEF) {
            t->need = 2, t->cp = c & 0x0F, t->min = 0x800, i++;
        } else if (c >= 0xF0 && c <= 0xF4) {
            t->need = 3, t->cp = c & 0x07, t->min = 0x10000, i++;
        } else {
            bad = true;
            i++;
        }
        if (bad) {
            for (; counted < i && counted < n; counted++)
                line += d[counted] == (unsigned char)sep;
            if (t->bad_lines == 0 || line != t->last_bad) {
                t->bad_lines++;
                t->last_bad = line;
                if (t->first_bad == 0)
                    t->first_bad = line;
            }
        }
    }
}

int
textenc_feed(struct textenc *t, const unsigned char **d, size_t *n, size_t line, char sep,
             size_t *bad_line, char *msg, size_t msz)
{
    if (t->cd != (iconv_t)-1) {
        if (convert(t, *d, *n, line, sep, bad_line, msg, msz) != 0)
            return -1;
        *d = (const unsigned char *)t->out.data;
        *n = t->out.len;
        return 0;
    }
    check_utf8(t, *d, *n, line, sep);
    return 0;
}

int
textenc_finish(struct textenc *t, char *msg, size_t msz)
{
    if (t->cd != (iconv_t)-1 && t->in.len > 0) {
        snprintf(msg, msz, "the file ends inside a %s character", t->name);
        return -1;
    }
    if (t->need > 0 && t->bad_lines == 0) {
        t->bad_lines = 1;
        t->first_bad = t->last_bad;
    }
    return 0;
}

int
textenc_merge(struct textenc *t, const struct textenc *next)
{
    if (t->cd != (iconv_t)-1 || next->cd != (iconv_t)-1 || t->need != 0)
        return -1;
    if (next->bad_lines > 0) {
        if (t->first_bad == 0)
            t->first_bad = next->first_bad;
        t->bad_lines += next->bad_lines - (t->bad_lines > 0 && t->last_bad == next->first_bad);
        t->last_bad = next->last_bad;
    }
    t->need = next->need;
    t->cp = next->cp;
    t->min = next->min;
    return 0;
}

void
textenc_note(const struct textenc *t, char *out, size_t size)
{
    if (t->name != NULL)
        snprintf(out, size, "read as %s (--encoding), converted to UTF-8", t->name);
    else if (t->bad_lines > 0)
        snprintf(out, size,
                 "invalid UTF-8 on %zu line%s (first: line %zu): the file is probably not UTF-8; "
                 "try --encoding cp1252 (Excel on Windows) or --encoding latin1",
                 t->bad_lines, t->bad_lines == 1 ? "" : "s", t->first_bad);
    else
        out[0] = '\0';
}

void
textenc_close(struct textenc *t)
{
    if (t == NULL)
        return;
    if (t->cd != (iconv_t)-1)
        iconv_close(t->cd);
    free(t->name);
    cf_buf_clear(&t->in);
    cf_buf_clear(&t->out);
    free(t);
}

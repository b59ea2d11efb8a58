/* Allocation wrappers, error values, small buffers and formatting helpers. */
/* SPDX-License-Identifier: MIT */
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
default_fatal(const char *msg)
{
    (void)msg;
    abort();
}

static cf_fatal_hook fatal_hook = default_fatal;

void
cf_set_fatal_hook(cf_fatal_hook hook)
{
    fatal_hook = hook ? hook : default_fatal;
}

void
cf_fatal(const char *msg)
{
    fatal_hook(msg);
    abort();
}

void *
xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (p == NULL)
        cf_fatal("out of memory");
    return p;
}

void *
xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (p == NULL)
        cf_fatal("out of memory");
    return p;
}

void *
xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (q == NULL)
        cf_fatal("out of memory");
    return q;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        cf_fatal("out of memory (size overflow)");
    return xrealloc(p, n * size);
}

char *
xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void
cf_error_set(struct cf_error *err, const char *file, size_t line, const char *fmt, ...)
{
    va_list ap;

    if (err == NULL)
        return;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->usage = false;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
}

void
cf_error_format(const struct cf_error *err, char *buf, size_t size)
{
    if (err->file[0] != '\0' && err->line > 0)
        snprintf(buf, size, "%s:%zu: %s", err->file, err->line, err->msg);
    else if (err->file[0] != '\0')
        snprintf(buf, size, "%s: %s", err->file, err->msg);
    else
        snprintf(buf, size, "%s", err->msg);
}

static void
buf_reserve(struct cf_buf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
}

void
cf_buf_append(struct cf_buf *b, const char *s, size_t n)
{
    buf_reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void
cf_buf_puts(struct cf_buf *b, const char *s)
{
    cf_buf_append(b, s, strlen(s));
}

void
cf_buf_printf(struct cf_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    buf_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void
cf_buf_clear(struct cf_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

uint64_t
cf_hash_bytes(const void *p, size_t n, uint64_t seed)
{
    const unsigned char *s = p;
    uint64_t h = 1469598103934665603ULL ^ seed;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

void
cf_format_duration(int64_t ms, char *buf, size_t size)
{
    const char *sign = "";
    if (ms < 0) {
        sign = "-";
        ms = -ms;
    }
    int64_t s = ms / 1000;
    if (ms < 1000)
        snprintf(buf, size, "%s%lldms", sign, (long long)ms);
    else if (s < 60)
        snprintf(buf, size, "%s%llds", sign, (long long)s);
    else if (s < 3600)
        snprintf(buf, size, "%s%lldm %llds", sign, (long long)(s / 60), (long long)(s % 60));
    else if (s < 86400)
        snprintf(buf, size, "%s%lldh %lldm", sign, (long long)(s / 3600),
                 (long long)(s % 3600 / 60));
    else
        snprintf(buf, size, "%s%lldd %lldh", sign, (long long)(s / 86400),
                 (long long)(s % 86400 / 3600));
}

size_t
cf_str_fit(char *dst, size_t size, const char *s, size_t n)
{
    if (n < size) {
        memcpy(dst, s, n);
        dst[n] = '\0';
        return n;
    }
    size_t k = size - 4;
    /* Back to the start of a character: never a lone continuation byte. */
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    memcpy(dst, s, k);
    memcpy(dst + k, "...", 4);
    return k + 3;
}

int
cf_parse_duration(const char *s, int64_t *ms)
{
    double total = 0;
    int any = 0;

    while (*s != '\0') {
        char *end;
        /* Digits and a point only: no sign, blanks, hex, "inf" or "nan". */
        if (!((*s >= '0' && *s <= '9') || *s == '.'))
            return -1;
        errno = 0;
        double v = strtod(s, &end);
        if (end == s || errno != 0 || !isfinite(v) || v < 0)
            return -1;
        double unit;
        switch (*end) {
        case 'w': unit = 7 * 86400000.0; break;
        case 'd': unit = 86400000.0; break;
        case 'h': unit = 3600000.0; break;
        case 'm': unit = 60000.0; break;
        case 's': unit = 1000.0; break;
        default: return -1;
        }
        total += v * unit;
        if (!(total <= (double)CF_DURATION_MAX_MS))
            return -1;
        s = end + 1;
        any = 1;
    }
    if (!any)
        return -1;
    *ms = (int64_t)total;
    return 0;
}

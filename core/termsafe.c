/* The one gate for text from a log on its way to a terminal: controls and bad UTF-8 become visible
 * escapes. */
/* SPDX-License-Identifier: MIT */
#include "termsafe.h"

#include <string.h>

size_t
cf_utf8_decode(const char *s, size_t n, unsigned *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    *cp = n ? u[0] : 0;
    if (n == 0)
        return 0;
    if (u[0] < 0x80)
        return 1;
    size_t len;
    unsigned c, min;
    if ((u[0] & 0xe0) == 0xc0) {
        len = 2, c = u[0] & 0x1f, min = 0x80;
    } else if ((u[0] & 0xf0) == 0xe0) {
        len = 3, c = u[0] & 0x0f, min = 0x800;
    } else if ((u[0] & 0xf8) == 0xf0) {
        len = 4, c = u[0] & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((u[i] & 0xc0) != 0x80)
            return 0;
        c = (c << 6) | (u[i] & 0x3f);
    }
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *cp = c;
    return len;
}

/* Ranges of wide (2-column) code points: East Asian Wide and Fullwidth, emoji. */
static const unsigned wide[][2] = {
    {0x1100, 0x115f},   {0x231a, 0x231b},   {0x2329, 0x232a},   {0x23e9, 0x23ec},
    {0x23f0, 0x23f0},   {0x23f3, 0x23f3},   {0x25fd, 0x25fe},   {0x2614, 0x2615},
    {0x2648, 0x2653},   {0x267f, 0x267f},   {0x2693, 0x2693},   {0x26a1, 0x26a1},
    {0x26aa, 0x26ab},   {0x26bd, 0x26be},   {0x26c4, 0x26c5},   {0x26ce, 0x26ce},
    {0x26d4, 0x26d4},   {0x26ea, 0x26ea},   {0x26f2, 0x26f3},   {0x26f5, 0x26f5},
    {0x26fa, 0x26fa},   {0x26fd, 0x26fd},   {0x2705, 0x2705},   {0x270a, 0x270b},
    {0x2728, 0x2728},   {0x274c, 0x274c},   {0x274e, 0x274e},   {0x2753, 0x2755},
    {0x2757, 0x2757},   {0x2795, 0x2797},   {0x27b0, 0x27b0},   {0x27bf, 0x27bf},
    {0x2b1b, 0x2b1c},   {0x2b50, 0x2b50},   {0x2b55, 0x2b55},   {0x2e80, 0x303e},
    {0x3041, 0x33ff},   {0x3400, 0x4dbf},   {0x4e00, 0x9fff},   {0xa000, 0xa4cf},
    {0xa960, 0xa97f},   {0xac00, 0xd7a3},   {0xf900, 0xfaff},   {0xfe10, 0xfe19},
    {0xfe30, 0xfe6f},   {0xff00, 0xff60},   {0xffe0, 0xffe6},   {0x1f004, 0x1f004},
    {0x1f0cf, 0x1f0cf}, {0x1f18e, 0x1f18e}, {0x1f191, 0x1f19a}, {0x1f200, 0x1f251},
    {0x1f300, 0x1f64f}, {0x1f680, 0x1f6ff}, {0x1f900, 0x1f9ff}, {0x1fa70, 0x1faff},
    {0x20000, 0x2fffd}, {0x30000, 0x3fffd},
};

/* Zero-width: combining marks and joiners (the common blocks). */
static const unsigned zero[][2] = {
    {0x0300, 0x036f}, {0x0483, 0x0489}, {0x0591, 0x05bd}, {0x0610, 0x061a}, {0x064b, 0x065f},
    {0x0e31, 0x0e31}, {0x0e34, 0x0e3a}, {0x1ab0, 0x1aff}, {0x1dc0, 0x1dff}, {0x200b, 0x200f},
    {0x20d0, 0x20ff}, {0xfe00, 0xfe0f}, {0xfe20, 0xfe2f}, {0xfeff, 0xfeff},
};

static bool
in_ranges(unsigned cp, const unsigned (*r)[2], size_t n)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp < r[mid][0])
            hi = mid;
        else if (cp > r[mid][1])
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

int
cf_cp_width(unsigned cp)
{
    if (cp >= 0x300 && in_ranges(cp, zero, sizeof zero / sizeof zero[0]))
        return 0;
    if (cp >= 0x1100 && in_ranges(cp, wide, sizeof wide / sizeof wide[0]))
        return 2;
    return 1;
}

static void
put_hex(struct cf_buf *out, unsigned byte)
{
    static const char hex[] = "0123456789abcdef";
    char e[4] = {'\\', 'x', hex[(byte >> 4) & 15], hex[byte & 15]};
    cf_buf_append(out, e, 4);
}

size_t
cf_term_escape(struct cf_buf *out, const char *s, size_t n)
{
    size_t width = 0, i = 0;
    while (i < n) {
        /* Copy a run of printable ASCII in one go. */
        size_t j = i;
        while (j < n && (unsigned char)s[j] >= 0x20 && (unsigned char)s[j] < 0x7f)
            j++;
        if (j > i) {
            cf_buf_append(out, s + i, j - i);
            width += j - i;
            i = j;
            continue;
        }
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            const char *esc = c == '\t' ? "\\t" : c == '\n' ? "\\n" : c == '\r' ? "\\r" : NULL;
            if (esc)
                cf_buf_append(out, esc, 2), width += 2;
            else
                put_hex(out, c), width += 4;
            i++;
            continue;
        }
        unsigned cp;
        size_t len = cf_utf8_decode(s + i, n - i, &cp);
        if (len == 0) {
            put_hex(out, c);
            width += 4;
            i++;
        } else if (cp >= 0x80 && cp <= 0x9f) {
            /* An encoded C1 control: shown as its code point. */
            cf_buf_printf(out, "\\u%04x", cp);
            width += 6;
            i += len;
        } else if (cp == 0x2028 || cp == 0x2029 || (cp >= 0x202a && cp <= 0x202e) ||
                   (cp >= 0x2066 && cp <= 0x2069)) {
            /* Line separators and bidirectional overrides reorder or break a terminal
             * line: shown as escapes too. */
            cf_buf_printf(out, "\\u%04x", cp);
            width += 6;
            i += len;
        } else {
            cf_buf_append(out, s + i, len);
            width += (size_t)cf_cp_width(cp);
            i += len;
        }
    }
    if (out->data == NULL)
        cf_buf_append(out, "", 0);
    return width;
}

const char *
cf_term_safe(char *buf, size_t size, const char *s)
{
    if (size == 0)
        return buf;
    struct cf_buf b = {0};
    cf_term_escape(&b, s ? s : "", s ? strlen(s) : 0);
    size_t len = b.len < size - 1 ? b.len : size - 1;
    /* Do not cut inside a UTF-8 sequence or an escape's bytes. */
    while (len > 0 && len < b.len && ((unsigned char)b.data[len] & 0xc0) == 0x80)
        len--;
    memcpy(buf, b.data, len);
    buf[len] = '\0';
    cf_buf_clear(&b);
    return buf;
}

int
cf_term_fputs(const char *s, FILE *f)
{
    struct cf_buf b = {0};
    cf_term_escape(&b, s, strlen(s));
    int rc = fwrite(b.data, 1, b.len, f) == b.len ? 0 : -1;
    cf_buf_clear(&b);
    return rc;
}

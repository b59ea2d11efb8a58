/* The one gate for text from a log on its way to a terminal: controls and bad UTF-8 become visible
 * escapes. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_TERMSAFE_H
#define CF_TERMSAFE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util.h"

/*
 * Append s[0..n) to out so that it is safe to write to a terminal: C0 controls
 * (including ESC, BEL, BS, CR, LF, TAB), DEL, C1 controls (U+0080..U+009F,
 * encoded or raw), invalid UTF-8 bytes and NUL become visible escapes ("\x1b",
 * "\t", "\n", "\xc3"); a backslash stays a backslash. Valid printable UTF-8 is
 * copied as is. Returns the display width of what was appended (escapes count
 * their characters; wide characters count 2).
 */
size_t cf_term_escape(struct cf_buf *out, const char *s, size_t n);

/* The same into a caller's buffer: cut (at a character boundary) to fit size,
 * always NUL-terminated. Returns buf. For messages ("caseflow: FILE:LINE: ..."). */
const char *cf_term_safe(char *buf, size_t size, const char *s);

/* Write s to f escaped as cf_term_escape does. Returns 0, or -1 on a write error. */
int cf_term_fputs(const char *s, FILE *f);

/* Display width of valid UTF-8 code point cp (0 for combining marks, 2 for wide). */
int cf_cp_width(unsigned cp);

/*
 * Decode one UTF-8 code point from s[0..n): returns its length (1..4) and sets
 * *cp, or returns 0 for an invalid or truncated sequence (then *cp is the byte).
 * Overlong forms and surrogates are invalid.
 */
size_t cf_utf8_decode(const char *s, size_t n, unsigned *cp);

#endif

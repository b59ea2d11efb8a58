/* Allocation that never fails, and the error value core/ hands back. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_UTIL_H
#define CF_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* "No such id": a missing resource or attribute value, an unknown activity. */
#define CF_NONE UINT32_MAX

/*
 * An error a user can cause (bad input, bad regex, I/O). core/ fills it and
 * returns -1 (or NULL); the front-end prints it as "caseflow: FILE:LINE: msg".
 * line is 0 when no line applies; file is empty when no file applies.
 */
struct cf_error {
    char file[256];
    size_t line;
    char msg[512];
    bool usage; /* the options do not fit the input (exit 2), not bad input */
};

/* Set err (may be NULL) to file:line: printf-style message. file may be NULL. */
void cf_error_set(struct cf_error *err, const char *file, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Format err as "file:line: msg" (parts left out when empty) into buf. */
void cf_error_format(const struct cf_error *err, char *buf, size_t size);

/*
 * Out of memory is fatal. The front-end installs a hook that restores the
 * terminal and prints; without one, the default hook aborts. The hook must not
 * return.
 */
typedef void (*cf_fatal_hook)(const char *msg);
void cf_set_fatal_hook(cf_fatal_hook hook);
void cf_fatal(const char *msg) __attribute__((noreturn));

/* These never return NULL; size 0 allocates 1 byte. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
/* Array growth with overflow check: xreallocarray(p, n, size). */
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Growable byte buffer; always NUL-terminated after any append. */
struct cf_buf {
    char *data;
    size_t len, cap;
};
void cf_buf_append(struct cf_buf *b, const char *s, size_t n);
void cf_buf_puts(struct cf_buf *b, const char *s);
void cf_buf_printf(struct cf_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cf_buf_clear(struct cf_buf *b); /* frees */

/* 64-bit FNV-1a over n bytes, seeded. */
uint64_t cf_hash_bytes(const void *p, size_t n, uint64_t seed);

/* Format a duration in milliseconds as a short human string: "3d 4h", "12m", "45s". */
void cf_format_duration(int64_t ms, char *buf, size_t size);

/*
 * Copy s[0..n) into dst (size bytes, NUL-terminated). If it does not fit it is
 * cut at a UTF-8 character boundary and ends with "..." so the cut shows.
 * Returns the length written. size must be at least 4.
 */
size_t cf_str_fit(char *dst, size_t size, const char *s, size_t n);

/* The longest duration cf_parse_duration accepts: 10,000 years. */
#define CF_DURATION_MAX_MS (10000LL * 366 * 86400000LL)

/* Parse a duration like "3d", "12h", "90m", "45s", "2w", "1d12h", "1.5h" into ms.
 * Returns -1 if bad: no number, a unit other than w/d/h/m/s, a sign, "inf",
 * "nan", or a total beyond CF_DURATION_MAX_MS (so it never overflows). */
int cf_parse_duration(const char *s, int64_t *ms);

/* a[0, n) == b[0, n): inline for the short strings most fields are (interning). */
static inline bool
cf_bytes_eq(const char *a, const char *b, size_t n)
{
    uint64_t x, y, z, w;
    if (n >= 8 && n <= 16) {
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        memcpy(&z, a + n - 8, 8);
        memcpy(&w, b + n - 8, 8);
        return x == y && z == w;
    }
    if (n < 8) {
        for (size_t i = 0; i < n; i++)
            if (a[i] != b[i])
                return false;
        return true;
    }
    return memcmp(a, b, n) == 0;
}

#endif

/* A small streaming JSON writer for the --json forms of the subcommands. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_JSONW_H
#define CF_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JSONW_MAX_DEPTH 64

#define JSONW_BUF 65536

struct jsonw {
    FILE *f;
    char buf[JSONW_BUF]; /* output is gathered here and written in large blocks */
    size_t len;
    bool pretty;
    int depth;
    bool need_comma[JSONW_MAX_DEPTH];
    bool after_key;
    bool error; /* a write to f failed */
};

/* Start writing to f; pretty adds newlines and two-space indents. */
void jsonw_init(struct jsonw *j, FILE *f, bool pretty);
void jsonw_obj_begin(struct jsonw *j);
void jsonw_obj_end(struct jsonw *j);
void jsonw_arr_begin(struct jsonw *j);
void jsonw_arr_end(struct jsonw *j);
/* An object key; the next value call writes its value. */
void jsonw_key(struct jsonw *j, const char *k);
/* A string value, escaped as JSON: controls and NUL as \uXXXX, and each byte
 * that is not valid UTF-8 (0xXY) as the lone surrogate escape \udcXY (the
 * "surrogateescape" scheme), so distinct byte strings stay distinct strings. */
void jsonw_str(struct jsonw *j, const char *s);
void jsonw_strn(struct jsonw *j, const char *s, size_t n);
void jsonw_int(struct jsonw *j, int64_t v);
void jsonw_uint(struct jsonw *j, uint64_t v);
/* A number; NaN and infinities become null. Up to 15 significant digits. */
void jsonw_double(struct jsonw *j, double v);
void jsonw_bool(struct jsonw *j, bool v);
void jsonw_null(struct jsonw *j);
/* Finish: a final newline, and everything written out to f. Returns 0, or -1 if
 * any write to f failed. */
int jsonw_end(struct jsonw *j);
/* Write out what is gathered so far, without the final newline. Returns as jsonw_end. */
int jsonw_flush(struct jsonw *j);

#endif

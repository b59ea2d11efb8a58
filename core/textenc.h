/* Input text encodings: conversion to UTF-8 through iconv, and invalid UTF-8 found and reported. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_TEXTENC_H
#define CF_TEXTENC_H

#include <stddef.h>

struct textenc;

/*
 * A converter from encoding (an iconv name: cp1252, latin1, ISO-8859-15,
 * UTF-16, ...) to UTF-8, or, with encoding NULL (or UTF-8), a checker that only
 * counts invalid UTF-8. Returns NULL with msg set for an encoding iconv does
 * not know.
 */
struct textenc *textenc_open(const char *encoding, char *msg, size_t msz);

/*
 * Take the next chunk of input (*d, *n): a converted chunk replaces *d and *n
 * (valid until the next call; a character cut by the chunk's end waits for
 * the next one). line is the line number the chunk begins on and sep the
 * line terminator, for reporting where invalid UTF-8 is. Returns 0, or -1
 * with msg and *bad_line set when a byte is not valid in the encoding.
 */
int textenc_feed(struct textenc *t, const unsigned char **d, size_t *n, size_t line, char sep,
                 size_t *bad_line, char *msg, size_t msz);

/* End of input: 0, or -1 with msg when a character is cut off at the end. */
int textenc_finish(struct textenc *t, char *msg, size_t msz);

/* What the report should say ("" when all was valid UTF-8): the encoding
 * converted from, or the lines with invalid UTF-8 and a hint to use --encoding. */
void textenc_note(const struct textenc *t, char *out, size_t size);

/* Fold into t what next (a UTF-8 checker) found in the input that follows t's,
 * from a line start on: 0, or -1 when either converts or t is inside a character. */
int textenc_merge(struct textenc *t, const struct textenc *next);

void textenc_close(struct textenc *t); /* accepts NULL */

#endif

/* Selections: a bitset over the cases of a log, the result of the filter stack. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_SELECTION_H
#define CF_SELECTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct selection {
    size_t n;       /* number of cases it ranges over */
    uint64_t *bits; /* (n + 63) / 64 words; bits past n are always 0 */
};

/* A new selection over n cases, all selected when all is true. Free with selection_free. */
struct selection *selection_new(size_t n, bool all);
void selection_free(struct selection *s);
struct selection *selection_copy(const struct selection *s);

void selection_fill(struct selection *s, bool all);
void selection_set(struct selection *s, size_t i, bool on);
/* Number of selected cases. */
size_t selection_count(const struct selection *s);
/* dst &= src (same n). */
void selection_and(struct selection *dst, const struct selection *src);
/* dst |= src (same n). */
void selection_or(struct selection *dst, const struct selection *src);
/* Complement in place. */
void selection_invert(struct selection *s);
bool selection_equal(const struct selection *a, const struct selection *b);

/* Case i selected? A NULL selection means "every case". */
static inline bool
sel_has(const struct selection *s, size_t i)
{
    return s == NULL || ((s->bits[i >> 6] >> (i & 63)) & 1u);
}

#endif

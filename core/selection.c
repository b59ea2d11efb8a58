/* Bitset selections over cases. */
/* SPDX-License-Identifier: MIT */
#include "selection.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

static size_t
words(size_t n)
{
    return (n + 63) / 64;
}

static void
clear_tail(struct selection *s)
{
    if (s->n % 64 != 0)
        s->bits[s->n / 64] &= (UINT64_C(1) << (s->n % 64)) - 1;
}

struct selection *
selection_new(size_t n, bool all)
{
    struct selection *s = xmalloc(sizeof *s);
    s->n = n;
    s->bits = xcalloc(words(n) ? words(n) : 1, sizeof *s->bits);
    if (all)
        selection_fill(s, true);
    return s;
}

void
selection_free(struct selection *s)
{
    if (s == NULL)
        return;
    free(s->bits);
    free(s);
}

struct selection *
selection_copy(const struct selection *s)
{
    struct selection *c = selection_new(s->n, false);
    memcpy(c->bits, s->bits, words(s->n) * sizeof *s->bits);
    return c;
}

void
selection_fill(struct selection *s, bool all)
{
    memset(s->bits, all ? 0xff : 0, words(s->n) * sizeof *s->bits);
    clear_tail(s);
}

void
selection_set(struct selection *s, size_t i, bool on)
{
    if (on)
        s->bits[i >> 6] |= UINT64_C(1) << (i & 63);
    else
        s->bits[i >> 6] &= ~(UINT64_C(1) << (i & 63));
}

size_t
selection_count(const struct selection *s)
{
    size_t c = 0;
    for (size_t w = 0; w < words(s->n); w++)
        c += (size_t)__builtin_popcountll(s->bits[w]);
    return c;
}

void
selection_and(struct selection *dst, const struct selection *src)
{
    for (size_t w = 0; w < words(dst->n); w++)
        dst->bits[w] &= src->bits[w];
}

void
selection_or(struct selection *dst, const struct selection *src)
{
    for (size_t w = 0; w < words(dst->n); w++)
        dst->bits[w] |= src->bits[w];
}

void
selection_invert(struct selection *s)
{
    for (size_t w = 0; w < words(s->n); w++)
        s->bits[w] = ~s->bits[w];
    clear_tail(s);
}

bool
selection_equal(const struct selection *a, const struct selection *b)
{
    return a->n == b->n && memcmp(a->bits, b->bits, words(a->n) * sizeof *a->bits) == 0;
}

/* Dense ids for pairs of 32-bit ids (edges, trie children): a dense table or a hash. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_PAIRMAP_H
#define CF_PAIRMAP_H

#include <stddef.h>
#include <stdint.h>

struct pairmap {
    size_t dense_n;  /* > 0: pairs (a, b) with a, b < dense_n live in a table */
    uint32_t *dense; /* dense_n * dense_n slots, CF_NONE = absent */
    uint64_t *keys;  /* hash mode: open addressing on a << 32 | b */
    uint32_t *slot;
    size_t size;
    size_t n, cap; /* pairs so far; first/second by pair id */
    uint32_t *first, *second;
};

/*
 * Start an empty map. When every id will be below max_id (> 0) and max_id is
 * small enough (at most 1024), a dense table is used; otherwise a hash table.
 * Free with pairmap_clear.
 */
void pairmap_init(struct pairmap *m, size_t max_id);
void pairmap_clear(struct pairmap *m);

/* The id of (a, b), created if new: ids are dense, 0, 1, 2, ... in order of creation. */
uint32_t pairmap_get(struct pairmap *m, uint32_t a, uint32_t b);

/* The id of (a, b), or CF_NONE. */
uint32_t pairmap_find(const struct pairmap *m, uint32_t a, uint32_t b);

#endif

/* String interning: each distinct string stored once, named by a dense 32-bit id. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_STRPOOL_H
#define CF_STRPOOL_H

#include <stddef.h>
#include <stdint.h>

struct strpool;

/* A new empty pool; free with strpool_free (accepts NULL). */
struct strpool *strpool_new(void);
void strpool_free(struct strpool *sp);

/*
 * Intern the n bytes at s (need not be NUL-terminated). Returns its id: ids are
 * dense, 0, 1, 2, ... in order of first interning. The same bytes always get
 * the same id.
 */
uint32_t strpool_intern(struct strpool *sp, const char *s, size_t n);

/* The id of s if interned, else CF_NONE (UINT32_MAX). */
uint32_t strpool_find(const struct strpool *sp, const char *s, size_t n);

/* The NUL-terminated string of id; valid as long as the pool lives. */
const char *strpool_get(const struct strpool *sp, uint32_t id);

/* Its length in bytes. */
size_t strpool_len(const struct strpool *sp, uint32_t id);

/* How many distinct strings the pool holds. */
size_t strpool_count(const struct strpool *sp);

/* Bytes the pool uses (for memory reports). */
size_t strpool_memory(const struct strpool *sp);

#endif

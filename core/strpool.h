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
 * A pool over count strings that live elsewhere (a snapshot's mapping, which must
 * outlive the pool): string i is bytes + off[i], NUL-terminated at off[i+1] - 1;
 * the caller has checked the offsets (ascending, each string at least its NUL).
 * Nothing is copied or hashed: the index is built on the first find or intern
 * (any thread; once, under a lock), so opening a big snapshot costs no hashing.
 * If two strings are equal, find names the first. Strings interned later are
 * stored in the pool as usual.
 */
struct strpool *strpool_new_view(const char *bytes, const uint64_t *off, size_t count);

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

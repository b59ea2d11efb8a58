/* Analysis results kept per selection, so that undo and going back to a view are instant. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_RESCACHE_H
#define CF_RESCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "selection.h"

/*
 * A cached result: embed it as the first member of the result's struct. The
 * cache and each holder own one reference; the last rescache_release frees it
 * with free_fn. Results are never changed once made (holders share them).
 */
struct rescache_item {
    int refs;
    void (*free_fn)(struct rescache_item *it);
};

/* Entries per kind (the selection now and a few undo levels before it). */
#define RESCACHE_PER_KIND 4

struct rescache_entry {
    int kind;
    uint64_t param; /* what else the result depends on (an order, a slider...) */
    uint64_t hash;  /* of the selection */
    struct selection *sel;
    struct rescache_item *item;
    unsigned long used; /* for least recently used */
};

struct rescache {
    struct rescache_entry *e;
    size_t n, cap;
    unsigned long clock;
};

/* A hash of the selected cases (the same for equal selections). */
uint64_t rescache_hash(const struct selection *sel);

/*
 * The result of kind for (sel, param), with a reference for the caller
 * (rescache_release it), or NULL when not cached.
 */
struct rescache_item *rescache_get(struct rescache *c, int kind, const struct selection *sel,
                                   uint64_t param);

/*
 * Keep it as the result of kind for (sel, param) (sel is copied; the cache
 * takes a reference of its own, the caller keeps its). The least recently
 * used entry of the kind goes when it has RESCACHE_PER_KIND already; an entry
 * for the same key is replaced.
 */
void rescache_put(struct rescache *c, int kind, const struct selection *sel, uint64_t param,
                  struct rescache_item *it);

/* Drop every entry of kind (kind < 0: all), e.g. when a setting they depend on changed. */
void rescache_drop(struct rescache *c, int kind);

/* Take a reference / give one back (NULL is fine); the last one frees the item. */
struct rescache_item *rescache_ref(struct rescache_item *it);
void rescache_release(struct rescache_item *it);

/* Free the cache (its references released). */
void rescache_clear(struct rescache *c);

#endif

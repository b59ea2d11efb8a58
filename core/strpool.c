/* String interning with an open-addressing hash table and an arena of chunks. */
/* SPDX-License-Identifier: MIT */
#include "strpool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define CHUNK_SIZE (256 * 1024)

struct chunk {
    struct chunk *next;
    size_t used, cap;
    char data[];
};

struct strpool {
    struct chunk *chunks;
    const char **str; /* id -> string */
    uint32_t *len;    /* id -> length */
    size_t count, cap;
    /* Slots hold the low 32 bits of the string's hash above id + 1 (0 = empty): a
     * probe reads one slot, and only a hash that matches leads to the string. */
    uint64_t *table;
    size_t tsize; /* power of two */
    size_t bytes;
    /* A view (strpool_new_view) has no table until its first find or intern. */
    atomic_bool indexed;
    pthread_mutex_t lock;
};

struct strpool *
strpool_new(void)
{
    struct strpool *sp = xcalloc(1, sizeof *sp);
    sp->tsize = 64;
    sp->table = xcalloc(sp->tsize, sizeof *sp->table);
    atomic_init(&sp->indexed, true);
    pthread_mutex_init(&sp->lock, NULL);
    return sp;
}

struct strpool *
strpool_new_view(const char *bytes, const uint64_t *off, size_t count)
{
    struct strpool *sp = xcalloc(1, sizeof *sp);
    sp->count = sp->cap = count;
    sp->str = xmalloc((count ? count : 1) * sizeof *sp->str);
    sp->len = xmalloc((count ? count : 1) * sizeof *sp->len);
    for (size_t i = 0; i < count; i++) {
        sp->str[i] = bytes + off[i];
        sp->len[i] = (uint32_t)(off[i + 1] - off[i] - 1);
    }
    atomic_init(&sp->indexed, false);
    pthread_mutex_init(&sp->lock, NULL);
    return sp;
}

void
strpool_free(struct strpool *sp)
{
    if (sp == NULL)
        return;
    struct chunk *c = sp->chunks;
    while (c != NULL) {
        struct chunk *next = c->next;
        free(c);
        c = next;
    }
    free(sp->str);
    free(sp->len);
    free(sp->table);
    pthread_mutex_destroy(&sp->lock);
    free(sp);
}

static uint64_t
hash_str(const char *s, size_t n)
{
    /* Eight bytes a step, multiply-xorshift mixing, a murmur-style finish:
     * strings are hashed once per imported field, so this is on the hot path. */
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ (n * 0xff51afd7ed558ccdULL);
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ (w * 0xbf58476d1ce4e5b9ULL)) * 0x94d049bb133111ebULL;
        h ^= h >> 31;
        s += 8;
        n -= 8;
    }
    if (n > 0) {
        uint64_t w = 0;
        memcpy(&w, s, n);
        h = (h ^ (w * 0xbf58476d1ce4e5b9ULL)) * 0x94d049bb133111ebULL;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

static const char *
store(struct strpool *sp, const char *s, size_t n)
{
    struct chunk *c = sp->chunks;
    if (c == NULL || c->cap - c->used < n + 1) {
        size_t cap = n + 1 > CHUNK_SIZE ? n + 1 : CHUNK_SIZE;
        struct chunk *nc = xmalloc(sizeof *nc + cap);
        nc->used = 0;
        nc->cap = cap;
        /* Keep a partly-filled chunk at the head when a huge string arrives. */
        if (c != NULL && cap > CHUNK_SIZE) {
            nc->next = c->next;
            c->next = nc;
        } else {
            nc->next = c;
            sp->chunks = nc;
        }
        c = nc;
        sp->bytes += sizeof *nc + cap;
    }
    char *p = c->data + c->used;
    memcpy(p, s, n);
    p[n] = '\0';
    c->used += n + 1;
    return p;
}

static void
grow_table(struct strpool *sp)
{
    size_t tsize = sp->tsize * 2;
    uint64_t *table = xcalloc(tsize, sizeof *table);
    for (size_t k = 0; k < sp->tsize; k++) {
        uint64_t slot = sp->table[k];
        if (slot == 0)
            continue;
        size_t i = (uint32_t)(slot >> 32) & (tsize - 1);
        while (table[i] != 0)
            i = (i + 1) & (tsize - 1);
        table[i] = slot;
    }
    free(sp->table);
    sp->table = table;
    sp->tsize = tsize;
}

static size_t
lookup(const struct strpool *sp, const char *s, size_t n, uint32_t h32)
{
    size_t i = h32 & (sp->tsize - 1);
    for (;;) {
        uint64_t slot = sp->table[i];
        if (slot == 0)
            return i;
        uint32_t id = (uint32_t)slot - 1;
        if ((uint32_t)(slot >> 32) == h32 && sp->len[id] == n && cf_bytes_eq(sp->str[id], s, n))
            return i;
        i = (i + 1) & (sp->tsize - 1);
    }
}

/* A view's index, built once: a table of twice its strings, each placed by its hash
 * (an equal string met later is left out, so find names the first). */
static void
ensure_index(struct strpool *sp)
{
    if (atomic_load_explicit(&sp->indexed, memory_order_acquire))
        return;
    pthread_mutex_lock(&sp->lock);
    if (!atomic_load_explicit(&sp->indexed, memory_order_relaxed)) {
        size_t tsize = 64;
        while (tsize < 2 * sp->count + 2)
            tsize *= 2;
        sp->tsize = tsize;
        sp->table = xcalloc(tsize, sizeof *sp->table);
        for (size_t id = 0; id < sp->count; id++) {
            uint32_t h32 = (uint32_t)hash_str(sp->str[id], sp->len[id]);
            size_t i = lookup(sp, sp->str[id], sp->len[id], h32);
            if (sp->table[i] == 0)
                sp->table[i] = (uint64_t)h32 << 32 | (id + 1);
        }
        atomic_store_explicit(&sp->indexed, true, memory_order_release);
    }
    pthread_mutex_unlock(&sp->lock);
}

uint32_t
strpool_intern(struct strpool *sp, const char *s, size_t n)
{
    ensure_index(sp);
    uint32_t h32 = (uint32_t)hash_str(s, n);
    size_t i = lookup(sp, s, n, h32);
    if (sp->table[i] != 0)
        return (uint32_t)sp->table[i] - 1;

    if (sp->count == sp->cap) {
        sp->cap = sp->cap ? sp->cap * 2 : 64;
        sp->str = xreallocarray(sp->str, sp->cap, sizeof *sp->str);
        sp->len = xreallocarray(sp->len, sp->cap, sizeof *sp->len);
    }
    if (sp->count >= CF_NONE - 1)
        cf_fatal("string pool full");
    uint32_t id = (uint32_t)sp->count++;
    sp->str[id] = store(sp, s, n);
    sp->len[id] = (uint32_t)n;
    sp->table[i] = (uint64_t)h32 << 32 | (id + 1);
    if (sp->count * 2 > sp->tsize)
        grow_table(sp);
    return id;
}

uint32_t
strpool_find(const struct strpool *sp, const char *s, size_t n)
{
    ensure_index((struct strpool *)sp); /* logically const: the index is a cache */
    uint32_t h32 = (uint32_t)hash_str(s, n);
    size_t i = lookup(sp, s, n, h32);
    return sp->table[i] != 0 ? (uint32_t)sp->table[i] - 1 : CF_NONE;
}

const char *
strpool_get(const struct strpool *sp, uint32_t id)
{
    return id < sp->count ? sp->str[id] : "";
}

size_t
strpool_len(const struct strpool *sp, uint32_t id)
{
    return id < sp->count ? sp->len[id] : 0;
}

size_t
strpool_count(const struct strpool *sp)
{
    return sp->count;
}

size_t
strpool_memory(const struct strpool *sp)
{
    return sp->bytes + sp->cap * (sizeof *sp->str + sizeof *sp->len) +
           (sp->table != NULL ? sp->tsize * sizeof *sp->table : 0);
}

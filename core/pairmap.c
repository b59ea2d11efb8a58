/* Pair-to-id maps: a direct table for few activities, open addressing otherwise. */
/* SPDX-License-Identifier: MIT */
#include "pairmap.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define DENSE_MAX 1024

void
pairmap_init(struct pairmap *m, size_t max_id)
{
    memset(m, 0, sizeof *m);
    if (max_id > 0 && max_id <= DENSE_MAX) {
        m->dense_n = max_id;
        m->dense = xmalloc(max_id * max_id * sizeof *m->dense);
        memset(m->dense, 0xff, max_id * max_id * sizeof *m->dense);
    }
}

void
pairmap_clear(struct pairmap *m)
{
    if (m == NULL)
        return;
    free(m->dense);
    free(m->keys);
    free(m->slot);
    free(m->first);
    free(m->second);
    memset(m, 0, sizeof *m);
}

static size_t
hash_slot(uint64_t k, size_t size)
{
    k *= 0x9E3779B97F4A7C15ULL;
    return (size_t)(k >> 29) & (size - 1);
}

static void
grow(struct pairmap *m)
{
    size_t ns = m->size ? m->size * 2 : 1024;
    uint64_t *nk = xmalloc(ns * sizeof *nk);
    uint32_t *nsl = xmalloc(ns * sizeof *nsl);
    memset(nsl, 0xff, ns * sizeof *nsl);
    for (size_t i = 0; i < m->size; i++) {
        if (m->slot[i] == CF_NONE)
            continue;
        size_t h = hash_slot(m->keys[i], ns);
        while (nsl[h] != CF_NONE)
            h = (h + 1) & (ns - 1);
        nk[h] = m->keys[i];
        nsl[h] = m->slot[i];
    }
    free(m->keys);
    free(m->slot);
    m->keys = nk;
    m->slot = nsl;
    m->size = ns;
}

static uint32_t
add(struct pairmap *m, uint32_t a, uint32_t b)
{
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 256;
        m->first = xreallocarray(m->first, m->cap, sizeof *m->first);
        m->second = xreallocarray(m->second, m->cap, sizeof *m->second);
    }
    m->first[m->n] = a;
    m->second[m->n] = b;
    return (uint32_t)m->n++;
}

uint32_t
pairmap_get(struct pairmap *m, uint32_t a, uint32_t b)
{
    if (m->dense != NULL && a < m->dense_n && b < m->dense_n) {
        uint32_t *s = &m->dense[(size_t)a * m->dense_n + b];
        if (*s == CF_NONE)
            *s = add(m, a, b);
        return *s;
    }
    if (m->dense != NULL) {
        /* An id beyond the promise: move to hashing for good. */
        while (m->size < (m->n + 1) * 2 + 1)
            grow(m);
        for (size_t i = 0; i < m->n; i++) {
            uint64_t k = ((uint64_t)m->first[i] << 32) | m->second[i];
            size_t h = hash_slot(k, m->size);
            while (m->slot[h] != CF_NONE)
                h = (h + 1) & (m->size - 1);
            m->keys[h] = k;
            m->slot[h] = (uint32_t)i;
        }
        free(m->dense);
        m->dense = NULL;
        m->dense_n = 0;
    }
    if (m->size == 0 || (m->n + 1) * 2 >= m->size)
        grow(m);
    uint64_t k = ((uint64_t)a << 32) | b;
    size_t h = hash_slot(k, m->size);
    while (m->slot[h] != CF_NONE) {
        if (m->keys[h] == k)
            return m->slot[h];
        h = (h + 1) & (m->size - 1);
    }
    m->keys[h] = k;
    m->slot[h] = add(m, a, b);
    return m->slot[h];
}

uint32_t
pairmap_find(const struct pairmap *m, uint32_t a, uint32_t b)
{
    if (m->dense != NULL)
        return a < m->dense_n && b < m->dense_n ? m->dense[(size_t)a * m->dense_n + b] : CF_NONE;
    if (m->size == 0)
        return CF_NONE;
    uint64_t k = ((uint64_t)a << 32) | b;
    size_t h = hash_slot(k, m->size);
    while (m->slot[h] != CF_NONE) {
        if (m->keys[h] == k)
            return m->slot[h];
        h = (h + 1) & (m->size - 1);
    }
    return CF_NONE;
}

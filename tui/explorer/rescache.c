/* Analysis results kept per selection, so that undo and going back to a view are instant. */
/* SPDX-License-Identifier: MIT */
#include "rescache.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

uint64_t
rescache_hash(const struct selection *sel)
{
    uint64_t h = 0x9e3779b97f4a7c15u ^ (uint64_t)sel->n;
    size_t words = (sel->n + 63) / 64;
    for (size_t i = 0; i < words; i++) {
        h ^= sel->bits[i] + 0x9e3779b97f4a7c15u + (h << 6) + (h >> 2);
        h *= 0xff51afd7ed558ccdu;
    }
    return h ^ (h >> 33);
}

struct rescache_item *
rescache_ref(struct rescache_item *it)
{
    if (it != NULL)
        it->refs++;
    return it;
}

void
rescache_release(struct rescache_item *it)
{
    if (it != NULL && --it->refs == 0)
        it->free_fn(it);
}

static long
find(const struct rescache *c, int kind, uint64_t h, const struct selection *sel, uint64_t param)
{
    for (size_t i = 0; i < c->n; i++) {
        const struct rescache_entry *e = &c->e[i];
        if (e->kind == kind && e->hash == h && e->param == param && selection_equal(e->sel, sel))
            return (long)i;
    }
    return -1;
}

struct rescache_item *
rescache_get(struct rescache *c, int kind, const struct selection *sel, uint64_t param)
{
    long i = find(c, kind, rescache_hash(sel), sel, param);
    if (i < 0)
        return NULL;
    c->e[i].used = ++c->clock;
    return rescache_ref(c->e[i].item);
}

static void
remove_at(struct rescache *c, size_t i)
{
    selection_free(c->e[i].sel);
    rescache_release(c->e[i].item);
    c->e[i] = c->e[--c->n];
}

void
rescache_put(struct rescache *c, int kind, const struct selection *sel, uint64_t param,
             struct rescache_item *it)
{
    uint64_t h = rescache_hash(sel);
    long at = find(c, kind, h, sel, param);
    if (at >= 0)
        remove_at(c, (size_t)at);
    size_t n_kind = 0, oldest = 0;
    for (size_t i = 0; i < c->n; i++) {
        if (c->e[i].kind != kind)
            continue;
        if (n_kind++ == 0 || c->e[i].used < c->e[oldest].used)
            oldest = i;
    }
    if (n_kind >= RESCACHE_PER_KIND)
        remove_at(c, oldest);
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 16;
        c->e = xreallocarray(c->e, c->cap, sizeof *c->e);
    }
    struct rescache_entry *e = &c->e[c->n++];
    e->kind = kind;
    e->param = param;
    e->hash = h;
    e->sel = selection_copy(sel);
    e->item = rescache_ref(it);
    e->used = ++c->clock;
}

void
rescache_drop(struct rescache *c, int kind)
{
    for (size_t i = c->n; i-- > 0;)
        if (kind < 0 || c->e[i].kind == kind)
            remove_at(c, i);
}

void
rescache_clear(struct rescache *c)
{
    rescache_drop(c, -1);
    free(c->e);
    memset(c, 0, sizeof *c);
}

/* A view's result for the selection: kept in the cache, made at once, or made on the worker. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_VIEWFETCH_H
#define CF_VIEWFETCH_H

#include <stdbool.h>
#include <stdint.h>

#include "eventlog.h"
#include "rescache.h"
#include "selection.h"

struct app;

/*
 * What a view keeps about the result it asked for: embed it and name it in
 * the viewfetch (state), and viewfetch_due says when to ask again.
 */
struct vf_state {
    unsigned long seen; /* the selection's generation asked for */
    uint64_t want;      /* the param asked for */
    bool computing;     /* on its way from the worker */
};

/*
 * What a view asks for. The result of (kind, selection, param) comes from the
 * cache when it is there; otherwise build makes it, at once (wait, or no
 * worker) or on the worker in slot, a newer request of the slot cancelling the
 * older. install shows it in view, on the loop's thread, at once or when the
 * worker is done (then only if current says the view still wants it).
 */
struct viewfetch {
    int kind;       /* the cache's kind (APP_RES_*) */
    int slot;       /* the worker's slot (APP_SLOT_*) */
    uint64_t param; /* what else the result depends on (an order, a setting) */
    /* Make the result (any thread; no curses, no app): a new item with one reference. */
    struct rescache_item *(*build)(const struct event_log *log, const struct selection *sel,
                                   const void *arg);
    /* build's input beyond the selection (may be NULL). The job keeps a copy of
     * arg_size bytes, or a xstrdup of it when arg_size is 0 and arg_is_string. */
    const void *arg;
    size_t arg_size;
    bool arg_is_string;
    /* Show it (a reference is taken); whether view still wants the result asked
     * for at generation gen with param. */
    void (*install)(void *view, struct app *a, struct rescache_item *it);
    bool (*current)(const void *view, unsigned long gen, uint64_t param);
    void *view;
    unsigned long gen;
    /* Instead of current and gen: the view's state (want and computing are set
     * here; the result is current while seen and want are still those asked for). */
    struct vf_state *state;
};

/*
 * Whether a view with state st must ask for its result again: the selection
 * moved on (then marked seen), param is not the one asked for, it has none
 * (have false), or it waits (wait) for one still on its way.
 */
bool viewfetch_due(const struct app *a, struct vf_state *st, uint64_t param, bool have, bool wait);

/*
 * Bring the view its result as f says. Returns true when it was installed at
 * once, false when it is on its way from the worker (the view shows its last
 * result meanwhile, marked as computing).
 */
bool viewfetch(struct app *a, const struct viewfetch *f, bool wait);

#endif

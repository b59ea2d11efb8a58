/* A view's result for the selection: kept in the cache, made at once, or made on the worker. */
/* SPDX-License-Identifier: MIT */
#include "viewfetch.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "util.h"
#include "worker.h"

struct vfjob {
    struct worker_job base;
    struct viewfetch f;    /* arg points at the job's own copy */
    struct selection *sel; /* a copy: the loop goes on changing its own */
    const struct event_log *log;
    struct rescache_item *res;
};

static void
vfjob_run(struct worker_job *j)
{
    struct vfjob *q = (struct vfjob *)j;
    q->res = q->f.build(q->log, q->sel, q->f.arg);
}

/* Whether the view still wants the result f asked for. */
static bool
still_wanted(const struct viewfetch *f)
{
    if (f->state != NULL)
        return f->state->seen == f->gen && f->state->want == f->param;
    return f->current(f->view, f->gen, f->param);
}

/* Show it (a reference is taken by install). */
static void
show(const struct viewfetch *f, struct app *a, struct rescache_item *it)
{
    if (f->state != NULL)
        f->state->computing = false;
    f->install(f->view, a, it);
}

static void
vfjob_done(struct worker_job *j, void *ud)
{
    struct vfjob *q = (struct vfjob *)j;
    struct app *a = ud;
    rescache_put(&a->cache, q->f.kind, q->sel, q->f.param, q->res);
    if (still_wanted(&q->f))
        show(&q->f, a, q->res);
}

bool
viewfetch_due(const struct app *a, struct vf_state *st, uint64_t param, bool have, bool wait)
{
    bool stale = app_stale(a, &st->seen);
    return stale || !have || st->want != param || (wait && st->computing);
}

static void
vfjob_free(struct worker_job *j)
{
    struct vfjob *q = (struct vfjob *)j;
    selection_free(q->sel);
    free((void *)q->f.arg);
    rescache_release(q->res);
    free(q);
}

bool
viewfetch(struct app *a, const struct viewfetch *fa, bool wait)
{
    struct viewfetch fs = *fa, *f = &fs;
    if (f->state != NULL) {
        f->gen = f->state->seen;
        f->state->want = f->param;
        f->state->computing = true; /* until shown, now or when the worker is done */
    }
    struct rescache_item *it = rescache_get(&a->cache, f->kind, a->sel, f->param);
    if (it != NULL || wait || !a->worker_on) {
        worker_cancel(f->slot);
        if (it == NULL) {
            it = f->build(a->log, a->sel, f->arg);
            rescache_put(&a->cache, f->kind, a->sel, f->param, it);
        }
        show(f, a, it);
        rescache_release(it);
        return true;
    }
    struct vfjob *q = xcalloc(1, sizeof *q);
    q->base.slot = f->slot;
    q->base.run = vfjob_run;
    q->base.done = vfjob_done;
    q->base.free = vfjob_free;
    q->f = *f;
    if (f->arg != NULL && f->arg_size > 0) {
        void *copy = xmalloc(f->arg_size);
        memcpy(copy, f->arg, f->arg_size);
        q->f.arg = copy;
    } else {
        q->f.arg = f->arg != NULL && f->arg_is_string ? xstrdup(f->arg) : NULL;
    }
    q->sel = selection_copy(a->sel);
    q->log = a->log;
    worker_submit(&q->base);
    return false;
}

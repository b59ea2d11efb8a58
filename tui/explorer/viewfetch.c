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

static void
vfjob_done(struct worker_job *j, void *ud)
{
    struct vfjob *q = (struct vfjob *)j;
    struct app *a = ud;
    rescache_put(&a->cache, q->f.kind, q->sel, q->f.param, q->res);
    if (q->f.current(q->f.view, q->f.gen, q->f.param))
        q->f.install(q->f.view, a, q->res);
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
viewfetch(struct app *a, const struct viewfetch *f, bool wait)
{
    struct rescache_item *it = rescache_get(&a->cache, f->kind, a->sel, f->param);
    if (it != NULL || wait || !a->worker_on) {
        worker_cancel(f->slot);
        if (it == NULL) {
            it = f->build(a->log, a->sel, f->arg);
            rescache_put(&a->cache, f->kind, a->sel, f->param, it);
        }
        f->install(f->view, a, it);
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

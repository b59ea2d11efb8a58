/* The explorer's typed filters and their live counts, computed on the worker thread. */
/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "appagg.h"
#include "worker.h"

/* A filter to push, or (preview) a count to show while typing. */
struct filter_job {
    struct worker_job base;
    const struct event_log *log;
    char *opt, *arg, *desc;
    bool invert, preview;
    size_t at;                  /* push: the level it replaces + 1 (0: a new level) */
    struct selection *own;      /* the result: the filter's own cases */
    struct selection *count_in; /* preview: the cases counted within */
    long count;
    int rc;
    struct cf_buf notes;
    struct cf_error err;
};

static void
filter_run(struct worker_job *j)
{
    struct filter_job *f = (struct filter_job *)j;
    f->own = selection_new(f->log->n_cases, true);
    f->rc = app_filter_compute(f->log, f->opt, f->arg, f->invert, f->own,
                               f->preview ? NULL : &f->notes, &f->err);
    if (f->rc == 0 && f->preview) {
        selection_and(f->own, f->count_in);
        f->count = (long)selection_count(f->own);
    }
}

static void
filter_free(struct worker_job *j)
{
    struct filter_job *f = (struct filter_job *)j;
    free(f->opt);
    free(f->arg);
    free(f->desc);
    selection_free(f->own);
    selection_free(f->count_in);
    cf_buf_clear(&f->notes);
    free(f);
}

static void
filter_done(struct worker_job *j, void *ud)
{
    struct filter_job *f = (struct filter_job *)j;
    struct app *a = ud;
    struct selection *s = NULL;
    if (f->rc == 0) { /* taken over by the stack */
        s = f->own;
        f->own = NULL;
    }
    app_filter_install(a, f->at, f->opt, f->arg, f->invert, f->desc, s, &f->notes, &f->err);
}

static struct filter_job *
job_new(struct app *a, const char *opt, const char *arg, bool invert, const char *desc)
{
    struct filter_job *f = xcalloc(1, sizeof *f);
    f->base.free = filter_free;
    f->base.run = filter_run;
    f->log = a->log;
    f->opt = xstrdup(opt);
    f->arg = arg != NULL ? xstrdup(arg) : NULL;
    f->desc = desc != NULL ? xstrdup(desc) : NULL;
    f->invert = invert;
    return f;
}

int
app_push_filter_bg(struct app *a, const char *opt, const char *arg, bool invert, const char *desc)
{
    if (a->agg != NULL) /* into the database's query, or refused */
        return appagg_push_filter(a, opt, arg, invert);
    if (!a->worker_on)
        return app_push_filter(a, opt, arg, invert, desc);
    struct filter_job *f = job_new(a, opt, arg, invert, desc);
    f->base.slot = APP_SLOT_FILTER;
    f->base.done = filter_done;
    f->at = a->edit_at <= a->depth ? a->edit_at : 0;
    a->edit_at = 0;
    worker_cancel(APP_SLOT_PREVIEW); /* its count is of no use now */
    worker_submit(&f->base);
    return APP_REDRAW;
}

static void
preview_text(struct app *a, long n, const struct cf_error *err)
{
    struct prompt *p = &a->prompt;
    if (n < 0) {
        char e[700];
        app_filter_error_text(err, e, sizeof e);
        snprintf(p->feedback, sizeof p->feedback, "%.200s", e);
        p->feedback_error = true;
        return;
    }
    char c1[32], c2[32];
    ui_fmt_count((size_t)n, c1, sizeof c1);
    ui_fmt_count(app_preview_base(a), c2, sizeof c2);
    snprintf(p->feedback, sizeof p->feedback, "%s of %s cases", c1, c2);
    p->feedback_error = false;
}

static void
preview_done(struct worker_job *j, void *ud)
{
    struct filter_job *f = (struct filter_job *)j;
    struct app *a = ud;
    /* Only for the text still in the prompt. */
    if (!a->prompting || strcmp(a->prompt.buf, f->arg) != 0)
        return;
    preview_text(a, f->rc == 0 ? f->count : -1, &f->err);
}

void
app_preview_bg(struct app *a, const char *opt)
{
    struct prompt *p = &a->prompt;
    if (!a->worker_on) {
        struct cf_error err = {0};
        long n = app_preview_filter(a, opt, p->buf, &err);
        preview_text(a, n, &err);
        return;
    }
    struct filter_job *f = job_new(a, opt, p->buf, false, NULL);
    f->base.slot = APP_SLOT_PREVIEW;
    f->base.done = preview_done;
    f->preview = true;
    f->count_in = app_preview_base_sel(a);
    snprintf(p->feedback, sizeof p->feedback, "counting...");
    p->feedback_error = false;
    worker_submit(&f->base);
}

const char *
app_busy_label(const struct app *a)
{
    if (!a->worker_on)
        return NULL;
    if (worker_pending(APP_SLOT_FILTER))
        return "filtering...";
    /* The Map also waits for the list of transitions and the overlay's comparison. */
    if (worker_pending(APP_SLOT_VIEW(a->cur)) ||
        (a->cur == 0 && (worker_pending(APP_SLOT_MAPLIST) || worker_pending(APP_SLOT_COMPARE))))
        return "computing...";
    return NULL;
}

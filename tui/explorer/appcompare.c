/* The explorer's outcome, comparison and playbook: defined by commands, computed once, read by
 * views.
 */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cli_outcome.h"
#include "segments.h"
#include "worker.h"

/* Cases each continuation of a divergence split needs (as `caseflow compare`). */
#define APP_SPLIT_MIN_CASES 5

/* The filter stack as one text ("all cases" when empty). */
static char *
stack_text(const struct app *a)
{
    if (a->depth == 0)
        return xstrdup("all cases");
    struct cf_buf b = {0};
    for (size_t i = 0; i < a->depth; i++)
        if (!a->stack[i].off)
            cf_buf_printf(&b, "%s%s", b.len ? " " : "", a->stack[i].desc);
    if (b.data == NULL)
        return xstrdup("all cases");
    return b.data;
}

/* Something the views compute from changed: they recompute when next drawn. */
static int
changed(struct app *a)
{
    a->gen++;
    a->cmp.defs++;
    rescache_drop(&a->cache, APP_RES_SEGMENTS); /* made under the old definitions */
    return APP_RECOMPUTE;
}

static void
fixed_drop(struct app_cmp *c)
{
    selection_free(c->fixed_a);
    selection_free(c->fixed_b);
    free(c->desc_a);
    free(c->desc_b);
    c->fixed_a = c->fixed_b = NULL;
    c->desc_a = c->desc_b = NULL;
}

int
app_outcome_set(struct app *a, enum outcome_kind kind, const char *spec_a, const char *spec_b,
                struct cf_error *err)
{
    struct app_cmp *c = &a->cmp;
    struct outcome o;
    if (outcome_init(&o, a->log, kind, spec_a, spec_b, a->ends, err) != 0)
        return -1;
    size_t counts[3];
    uint8_t *seg = xmalloc(a->log->n_cases ? a->log->n_cases : 1);
    outcome_segments(&o, a->log, seg, counts, NULL);
    /* Copy the specs first: they may be c's own. */
    char *sa = xstrdup(spec_a), *sb = spec_b != NULL ? xstrdup(spec_b) : NULL;
    outcome_clear(&c->o);
    free(c->seg);
    free(c->hide);
    free(c->spec_a);
    free(c->spec_b);
    c->o = o;
    c->seg = seg;
    c->hide = cli_outcome_hide_mask(&c->o, a->log);
    c->kind = kind;
    c->spec_a = sa;
    c->spec_b = sb;
    c->has_outcome = true;
    c->preset = false;
    fixed_drop(c);
    c->mode = APP_CMP_OUTCOME;
    changed(a);
    return 0;
}

static void
outcome_drop(struct app *a)
{
    struct app_cmp *c = &a->cmp;
    outcome_clear(&c->o);
    free(c->seg);
    free(c->hide);
    free(c->spec_a);
    free(c->spec_b);
    c->seg = NULL;
    c->hide = NULL;
    c->spec_a = c->spec_b = NULL;
    c->has_outcome = false;
    c->preset = false;
    if (c->mode == APP_CMP_OUTCOME)
        c->mode = APP_CMP_NONE;
}

int
app_outcome_ends_changed(struct app *a)
{
    struct app_cmp *c = &a->cmp;
    if (!c->has_outcome || c->spec_b != NULL)
        return changed(a); /* with :versus the ends play no part */
    struct cf_error err = {0};
    if (app_outcome_set(a, c->kind, c->spec_a, NULL, &err) != 0) {
        app_message(a, true, "%s (the outcome keeps its ends)", err.msg);
        return changed(a);
    }
    return APP_RECOMPUTE;
}

/* "A = won: 867 cases, B = lost: 1,805, unknown 328 (8 Compare)". */
static void
say_segments(struct app *a)
{
    const char *la, *lb;
    char na[32], nb[32], nu[32];
    app_segments(a);
    app_segment_labels(a, &la, &lb);
    ui_fmt_count(a->cmp.counts[SEG_A], na, sizeof na);
    ui_fmt_count(a->cmp.counts[SEG_B], nb, sizeof nb);
    ui_fmt_count(a->cmp.counts[SEG_UNKNOWN], nu, sizeof nu);
    if (a->cmp.mode == APP_CMP_OUTCOME)
        app_message(a, false, "A %.40s %s, B %.40s %s, unknown %s (8 Compare)", la, na, lb, nb, nu);
    else
        app_message(a, false, "A %.40s %s vs B %.40s %s (8 Compare)", la, na, lb, nb);
}

static const char *const outcome_usage =
    ":outcome ATTR=V[,V] | :outcome-activity A[,B] | :outcome-last A[,B] | :outcome off";

int
app_cmd_outcome(struct app *a, const char *name, const char *arg)
{
    enum outcome_kind kind = strcmp(name, "outcome") == 0            ? OUTCOME_ATTR
                             : strcmp(name, "outcome-activity") == 0 ? OUTCOME_ACTIVITY
                                                                     : OUTCOME_LAST;
    if (arg[0] == '\0') {
        char line[400];
        app_segments_describe(a, line, sizeof line);
        app_message(a, false, "%s", line);
        return APP_REDRAW;
    }
    if (kind == OUTCOME_ATTR && strcmp(arg, "off") == 0) {
        if (!a->cmp.has_outcome) {
            app_message(a, false, "no outcome defined (%s)", outcome_usage);
            return APP_REDRAW;
        }
        outcome_drop(a);
        app_message(a, false, "outcome cleared");
        return changed(a);
    }
    struct cf_error err = {0};
    if (app_outcome_set(a, kind, arg, NULL, &err) != 0) {
        app_message(a, true, "%s", err.msg);
        return APP_REDRAW;
    }
    say_segments(a);
    return APP_RECOMPUTE;
}

int
app_cmd_versus(struct app *a, const char *name, const char *arg)
{
    (void)name;
    struct app_cmp *c = &a->cmp;
    if (!c->has_outcome) {
        app_message(a, true, ":versus needs an outcome first (%s)", outcome_usage);
        return APP_REDRAW;
    }
    struct cf_error err = {0};
    char *spec_a = xstrdup(c->spec_a);
    int rc = app_outcome_set(a, c->kind, spec_a, arg[0] != '\0' ? arg : NULL, &err);
    free(spec_a);
    if (rc != 0) {
        app_message(a, true, "%s", err.msg);
        return APP_REDRAW;
    }
    say_segments(a);
    return APP_RECOMPUTE;
}

static struct app_saved *
find_saved(struct app *a, const char *name)
{
    for (size_t i = 0; i < a->cmp.n_saved; i++)
        if (strcmp(a->cmp.saved[i].name, name) == 0)
            return &a->cmp.saved[i];
    return NULL;
}

int
app_cmd_compare(struct app *a, const char *name, const char *arg)
{
    (void)name;
    struct app_cmp *c = &a->cmp;
    if (strcmp(arg, "off") == 0) {
        if (c->mode != APP_CMP_COMPLEMENT && c->mode != APP_CMP_SAVED) {
            app_message(a, false, "no :compare to turn off");
            return APP_REDRAW;
        }
        fixed_drop(c);
        c->mode = c->has_outcome ? APP_CMP_OUTCOME : APP_CMP_NONE;
        app_message(a, false, "%s",
                    c->has_outcome ? "comparing the outcome's segments again" : "comparison off");
        return changed(a);
    }
    struct selection *b;
    char *desc_b;
    if (arg[0] == '\0') {
        if (a->depth == 0) {
            app_message(a, true,
                        "filter first: :compare sets it against the other cases (or :save NAME, "
                        "then :compare NAME)");
            return APP_REDRAW;
        }
        b = selection_copy(a->sel);
        selection_invert(b);
        desc_b = xstrdup("the other cases");
    } else {
        const struct app_saved *s = find_saved(a, arg);
        if (s == NULL) {
            struct cf_buf names = {0};
            for (size_t i = 0; i < c->n_saved; i++)
                cf_buf_printf(&names, "%s%s", i ? ", " : "", c->saved[i].name);
            app_message(a, true, "no saved selection '%s' (:save NAME saves one; saved: %s)", arg,
                        names.data ? names.data : "none");
            cf_buf_clear(&names);
            return APP_REDRAW;
        }
        b = selection_copy(s->sel);
        struct cf_buf d = {0};
        cf_buf_printf(&d, "%s (%s)", s->name, s->desc);
        desc_b = d.data;
    }
    fixed_drop(c);
    c->fixed_a = selection_copy(a->sel);
    c->fixed_b = b;
    c->desc_a = stack_text(a);
    c->desc_b = desc_b;
    c->mode = arg[0] == '\0' ? APP_CMP_COMPLEMENT : APP_CMP_SAVED;
    changed(a);
    say_segments(a);
    return APP_RECOMPUTE;
}

int
app_cmd_save(struct app *a, const char *name, const char *arg)
{
    (void)name;
    struct app_cmp *c = &a->cmp;
    if (arg[0] == '\0' || strchr(arg, ' ') != NULL) {
        app_message(a, true, ":save NAME (one word) remembers the current selection");
        return APP_REDRAW;
    }
    if (strcmp(arg, "off") == 0) {
        app_message(a, true, "'off' turns :compare off: save under another name");
        return APP_REDRAW;
    }
    struct app_saved *s = find_saved(a, arg);
    if (s == NULL) {
        if (c->n_saved == APP_MAX_SAVED) {
            app_message(a, true, "at most %d saved selections", APP_MAX_SAVED);
            return APP_REDRAW;
        }
        s = &c->saved[c->n_saved++];
        s->name = xstrdup(arg);
    } else {
        free(s->desc);
        selection_free(s->sel);
    }
    s->desc = stack_text(a);
    s->sel = selection_copy(a->sel);
    char n[32];
    ui_fmt_count(a->n_selected, n, sizeof n);
    app_message(a, false, "saved %s cases as '%s' (:compare %s sets a filter against them)", n, arg,
                arg);
    return APP_REDRAW;
}

/* The playbook goes out of use (NULL is fine): kept until the end, see pb_retired. */
static void
pb_retire(struct app_cmp *c)
{
    if (c->pb == NULL)
        return;
    c->pb_retired = xreallocarray(c->pb_retired, c->n_pb_retired + 1, sizeof *c->pb_retired);
    c->pb_retired[c->n_pb_retired++] = c->pb;
    c->pb = NULL;
}

int
app_playbook_load(struct app *a, const char *path, struct cf_error *err)
{
    struct playbook *pb = playbook_load(path, err);
    if (pb == NULL)
        return -1;
    pb_retire(&a->cmp);
    free(a->cmp.pb_path);
    a->cmp.pb = pb;
    a->cmp.pb_path = xstrdup(path);
    changed(a);
    return 0;
}

int
app_cmd_playbook(struct app *a, const char *name, const char *arg)
{
    (void)name;
    struct app_cmp *c = &a->cmp;
    if (arg[0] == '\0') {
        if (c->pb != NULL)
            app_message(a, false, "playbook %s (%zu stages; 9 Conformance)", c->pb_path,
                        c->pb->n_stages);
        else
            app_message(a, false, "no playbook: :playbook FILE loads one");
        return APP_REDRAW;
    }
    if (strcmp(arg, "off") == 0) {
        pb_retire(c);
        free(c->pb_path);
        c->pb_path = NULL;
        app_message(a, false, "playbook off");
        return changed(a);
    }
    struct cf_error err = {0};
    if (app_playbook_load(a, arg, &err) != 0) {
        char e[600];
        cf_error_format(&err, e, sizeof e);
        app_message(a, true, "%s", e);
        return APP_REDRAW;
    }
    app_message(a, false, "playbook %s: %zu stages (9 Conformance)", arg, c->pb->n_stages);
    return APP_RECOMPUTE;
}

bool
app_segments(struct app *a)
{
    struct app_cmp *c = &a->cmp;
    if (c->mode == APP_CMP_NONE)
        return false;
    if (c->sa != NULL && c->seg_seen == a->gen)
        return true;
    c->seg_seen = a->gen;
    if (c->sa == NULL) {
        c->sa = selection_new(a->log->n_cases, false);
        c->sb = selection_new(a->log->n_cases, false);
    }
    if (c->mode == APP_CMP_OUTCOME) {
        segments_select(a->log, a->sel, c->seg, c->sa, c->sb, c->counts);
        return true;
    }
    selection_fill(c->sa, false);
    selection_fill(c->sb, false);
    selection_or(c->sa, c->fixed_a);
    selection_or(c->sb, c->fixed_b);
    c->counts[SEG_A] = selection_count(c->sa);
    c->counts[SEG_B] = selection_count(c->sb);
    c->counts[SEG_UNKNOWN] = 0;
    return true;
}

static void
cmpres_free(struct rescache_item *it)
{
    struct app_cmpres *r = (struct app_cmpres *)it;
    compare_clear(&r->cmp);
    free(r);
}

/* Make r the comparison of generation gen (a reference is taken). */
static void
cmp_adopt(struct app *a, struct app_cmpres *r, unsigned long gen)
{
    struct app_cmp *c = &a->cmp;
    rescache_ref(&r->it);
    rescache_release(c->item != NULL ? &c->item->it : NULL);
    c->item = r;
    c->cmp = r->cmp;
    c->cmp_valid = true;
    c->cmp_seen = gen;
}

/* What a comparison is made from: copies, so that the worker can use them. */
struct cmp_job {
    struct worker_job base;
    const struct event_log *log;
    struct selection *sel, *sa, *sb;
    uint8_t *seg; /* NULL: no outcome */
    bool *hide;
    unsigned long gen, defs;
    struct app_cmpres *res;
};

static void
cmp_job_run(struct worker_job *j)
{
    struct cmp_job *q = (struct cmp_job *)j;
    q->res = xcalloc(1, sizeof *q->res);
    q->res->it.refs = 1;
    q->res->it.free_fn = cmpres_free;
    compare_build(q->log, q->sa, q->sb, q->seg, APP_SPLIT_MIN_CASES, q->hide, &q->res->cmp);
}

static void
cmp_job_done(struct worker_job *j, void *ud)
{
    struct cmp_job *q = (struct cmp_job *)j;
    struct app *a = ud;
    if (q->defs != a->cmp.defs)
        return; /* made under definitions since changed: not to be cached for the new */
    rescache_put(&a->cache, APP_RES_SEGMENTS, q->sel, 0, &q->res->it);
    if (q->gen == a->gen)
        cmp_adopt(a, q->res, q->gen);
}

static void
cmp_job_free(struct worker_job *j)
{
    struct cmp_job *q = (struct cmp_job *)j;
    selection_free(q->sel);
    selection_free(q->sa);
    selection_free(q->sb);
    free(q->seg);
    free(q->hide);
    rescache_release(q->res != NULL ? &q->res->it : NULL);
    free(q);
}

/* The comparison of now from the cache, or made now (wait) or queued; true when it is current. */
static bool
cmp_fetch(struct app *a, bool wait)
{
    struct app_cmp *c = &a->cmp;
    if (c->cmp_valid && c->cmp_seen == a->gen)
        return true;
    struct rescache_item *it = rescache_get(&a->cache, APP_RES_SEGMENTS, a->sel, 0);
    if (it != NULL) {
        cmp_adopt(a, (struct app_cmpres *)it, a->gen);
        rescache_release(it);
        return true;
    }
    bool bg = !wait && a->worker_on;
    if (bg && c->cmp_seen == a->gen && worker_pending(APP_SLOT_COMPARE))
        return false; /* on its way */
    bool outcome = c->mode == APP_CMP_OUTCOME;
    struct cmp_job *q = xcalloc(1, sizeof *q);
    q->base.slot = APP_SLOT_COMPARE;
    q->base.run = cmp_job_run;
    q->base.done = cmp_job_done;
    q->base.free = cmp_job_free;
    q->log = a->log;
    q->sel = selection_copy(a->sel);
    q->sa = selection_copy(c->sa);
    q->sb = selection_copy(c->sb);
    if (c->has_outcome && c->seg != NULL) {
        q->seg = xmalloc(a->log->n_cases ? a->log->n_cases : 1);
        memcpy(q->seg, c->seg, a->log->n_cases);
    }
    size_t na = eventlog_n_activities(a->log);
    if (outcome && c->hide != NULL) {
        q->hide = xmalloc((na ? na : 1) * sizeof *q->hide);
        memcpy(q->hide, c->hide, na * sizeof *q->hide);
    }
    q->gen = a->gen;
    q->defs = c->defs;
    if (!bg) {
        worker_cancel(APP_SLOT_COMPARE);
        cmp_job_run(&q->base);
        cmp_job_done(&q->base, a);
        cmp_job_free(&q->base);
        return true;
    }
    c->cmp_seen = a->gen; /* asked for: not asked again until gen moves on */
    c->cmp_valid = false;
    worker_submit(&q->base);
    return false;
}

const struct comparison *
app_comparison(struct app *a)
{
    if (!app_segments(a))
        return NULL;
    cmp_fetch(a, true);
    return &a->cmp.cmp;
}

struct app_cmpres *
app_comparison_bg(struct app *a, bool *computing, bool *defined)
{
    *defined = app_segments(a);
    *computing = false;
    if (!*defined)
        return NULL;
    *computing = !cmp_fetch(a, false);
    struct app_cmpres *r = a->cmp.item;
    return r != NULL ? (struct app_cmpres *)rescache_ref(&r->it) : NULL;
}

void
app_segment_labels(const struct app *a, const char **la, const char **lb)
{
    const struct app_cmp *c = &a->cmp;
    switch (c->mode) {
    case APP_CMP_OUTCOME:
        *la = c->o.label_a;
        *lb = c->o.label_b;
        return;
    case APP_CMP_COMPLEMENT:
    case APP_CMP_SAVED:
        *la = c->desc_a;
        *lb = c->desc_b;
        return;
    default: *la = *lb = "-";
    }
}

void
app_segments_describe(const struct app *a, char *buf, size_t size)
{
    const struct app_cmp *c = &a->cmp;
    static const char *const kinds[] = {"outcome", "outcome-activity", "outcome-last"};
    switch (c->mode) {
    case APP_CMP_NONE: snprintf(buf, size, "no outcome: %s", outcome_usage); return;
    case APP_CMP_OUTCOME:
        if (c->spec_b != NULL)
            snprintf(buf, size, "A: %s %s, B: versus %s%s", kinds[c->kind], c->spec_a, c->spec_b,
                     c->preset ? " (preset for the sample)" : "");
        else if (c->o.ends != NULL)
            snprintf(buf, size, "A: %s %s, B: other cases ending in %s (others open)",
                     kinds[c->kind], c->spec_a, a->ends);
        else
            snprintf(buf, size, "A: %s %s, B: every other case (:versus sets B)", kinds[c->kind],
                     c->spec_a);
        return;
    case APP_CMP_COMPLEMENT:
        snprintf(buf, size, "A: %s, B: all other cases (as of :compare; :compare off)", c->desc_a);
        return;
    case APP_CMP_SAVED:
        snprintf(buf, size, "A: %s, B: saved %s (as of :compare; :compare off)", c->desc_a,
                 c->desc_b);
        return;
    }
}

void
app_cmp_free(struct app *a)
{
    struct app_cmp *c = &a->cmp;
    outcome_drop(a);
    fixed_drop(c);
    for (size_t i = 0; i < c->n_saved; i++) {
        free(c->saved[i].name);
        free(c->saved[i].desc);
        selection_free(c->saved[i].sel);
    }
    c->n_saved = 0;
    pb_retire(c);
    for (size_t i = 0; i < c->n_pb_retired; i++)
        playbook_free(c->pb_retired[i]);
    free(c->pb_retired);
    c->pb_retired = NULL;
    c->n_pb_retired = 0;
    free(c->pb_path);
    c->pb_path = NULL;
    selection_free(c->sa);
    selection_free(c->sb);
    c->sa = c->sb = NULL;
    rescache_release(c->item != NULL ? &c->item->it : NULL);
    c->item = NULL;
    memset(&c->cmp, 0, sizeof c->cmp);
    c->cmp_valid = false;
}

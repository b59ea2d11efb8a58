/* The explorer's filter stack: push, undo, clear, switch off, edit, remove, live previews, and
 * the texts filters match. */
/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cli.h"
#include "filter.h"
#include "worker.h"

int
app_filter_compute(const struct event_log *log, const char *opt, const char *arg, bool invert,
                   struct selection *out, struct cf_buf *notes, struct cf_error *err)
{
    struct cli_common c;
    memset(&c, 0, sizeof c);
    import_opts_init(&c.import);
    c.filters[0].opt = opt;
    c.filters[0].arg = arg;
    c.filters[0].invert = invert;
    c.n_filters = 1;
    selection_fill(out, true);
    return cli_apply_filters_notes(&c, log, out, notes, err);
}

/* "path~Demo.*", "owner=rep042", "from 2024-01-01", with "not " when inverted. */
static char *
describe(const char *opt, const char *arg, bool invert)
{
    static const struct {
        const char *opt, *prefix;
    } forms[] = {
        {"grep", "path~"},      {"case-grep", "case~"},  {"where", ""},
        {"from", "from "},      {"to", "to "},           {"variant", "variant #"},
        {"min-duration", ">="}, {"max-duration", "<="},  {"starts-with", "starts "},
        {"ends-with", "ends "}, {"follows", "follows "},
    };
    struct cf_buf b = {0};
    if (invert)
        cf_buf_puts(&b, "not ");
    size_t i;
    for (i = 0; i < sizeof forms / sizeof forms[0]; i++)
        if (strcmp(forms[i].opt, opt) == 0)
            break;
    if (i < sizeof forms / sizeof forms[0])
        cf_buf_printf(&b, "%s%s", forms[i].prefix, arg ? arg : "");
    else
        cf_buf_printf(&b, "%s %s", opt, arg ? arg : "");
    return b.data;
}

void
app_selection_changed(struct app *a)
{
    a->sel = a->depth > 0 ? a->stack[a->depth - 1].sel : a->all;
    const struct event_log *log = a->log;
    size_t n = 0, ev = 0;
    for (size_t c = 0; c < log->n_cases; c++) {
        if (sel_has(a->sel, c)) {
            n++;
            ev += eventlog_case_len(log, c);
        }
    }
    a->n_selected = n;
    a->events_selected = ev;
    a->gen++;
}

void
app_filter_clear(struct app_filter *f)
{
    free(f->desc);
    free(f->opt);
    free(f->arg);
    selection_free(f->sel);
    selection_free(f->own);
    memset(f, 0, sizeof *f);
}

void
app_filters_recompute(struct app *a, size_t from)
{
    for (size_t i = from; i < a->depth; i++) {
        struct app_filter *f = &a->stack[i];
        selection_free(f->sel);
        f->sel = selection_copy(i > 0 ? a->stack[i - 1].sel : a->all);
        if (!f->off)
            selection_and(f->sel, f->own);
    }
    app_selection_changed(a);
}

static bool
stack_full(struct app *a)
{
    if (a->depth < APP_MAX_FILTERS)
        return false;
    app_message(a, true, "at most %d filters: u undoes one, U clears all", APP_MAX_FILTERS);
    return true;
}

/* Push a level keeping own (taken over) over the current selection. */
static struct app_filter *
push_level(struct app *a, struct selection *own, char *desc)
{
    struct app_filter *f = &a->stack[a->depth++];
    memset(f, 0, sizeof *f);
    f->own = own;
    f->sel = selection_copy(a->sel);
    selection_and(f->sel, own);
    f->desc = desc;
    app_selection_changed(a);
    return f;
}

int
app_push_filter(struct app *a, const char *opt, const char *arg, bool invert, const char *desc)
{
    size_t at = a->edit_at; /* the Filters pane's e: replace that level */
    a->edit_at = 0;
    if (at > a->depth)
        at = 0;
    if (at == 0 && stack_full(a))
        return APP_REDRAW;
    struct cf_error err = {0};
    struct selection *s = selection_new(a->log->n_cases, true);
    struct cf_buf notes = {0};
    int rc = app_filter_compute(a->log, opt, arg, invert, s, &notes, &err);
    int r = app_filter_install(a, at, opt, arg, invert, desc, rc == 0 ? s : NULL, &notes, &err);
    if (rc != 0)
        selection_free(s);
    cf_buf_clear(&notes);
    return r;
}

int
app_filter_install(struct app *a, size_t at, const char *opt, const char *arg, bool invert,
                   const char *desc, struct selection *s, const struct cf_buf *notes,
                   const struct cf_error *err)
{
    if (s == NULL) {
        char buf[700];
        app_filter_error_text(err, buf, sizeof buf);
        app_message(a, true, "%s", buf);
        return APP_REDRAW;
    }
    if (at > a->depth) /* the level went away meanwhile: push instead */
        at = 0;
    if (at == 0 && stack_full(a)) {
        selection_free(s);
        return APP_REDRAW;
    }
    char *d = desc != NULL ? xstrdup(desc) : describe(opt, arg, invert);
    struct app_filter *f;
    if (at > 0) {
        f = &a->stack[at - 1];
        app_filter_clear(f);
        f->own = s;
        f->desc = d;
        app_filters_recompute(a, at - 1);
    } else {
        f = push_level(a, s, d);
    }
    f->opt = xstrdup(opt);
    f->arg = arg != NULL ? xstrdup(arg) : NULL;
    f->invert = invert;
    if (a->n_selected == 0)
        app_message(a, true, "no case matches %s: u undoes it", f->desc);
    else if (notes->len > 0) /* "caseflow: --where ...: 3 cases with a value that is not ..." */
        app_message(a, true, "%.*s", (int)(notes->len - 1 - 10), notes->data + 10);
    else if (at > 0)
        app_message(a, false, "filter %zu is now %s", at, f->desc);
    return APP_RECOMPUTE;
}

int
app_push_filter_obj(struct app *a, struct filter *f, const char *desc)
{
    if (stack_full(a)) {
        filter_free(f);
        return APP_REDRAW;
    }
    struct cf_error err = {0};
    /* Over every case, so that switching an earlier filter off widens this one too. */
    struct selection *s = selection_copy(a->all);
    if (filter_apply(f, a->log, s, &err) != 0) {
        char buf[700];
        cf_error_format(&err, buf, sizeof buf);
        app_message(a, true, "%s", buf);
        selection_free(s);
        filter_free(f);
        return APP_REDRAW;
    }
    struct app_filter *af = push_level(a, s, xstrdup(desc != NULL ? desc : filter_describe(f)));
    filter_free(f);
    if (a->n_selected == 0)
        app_message(a, true, "no case matches %s: u undoes it", af->desc);
    return APP_RECOMPUTE;
}

int
app_push_selection(struct app *a, struct selection *sel, const char *desc)
{
    if (stack_full(a)) {
        selection_free(sel);
        return APP_REDRAW;
    }
    struct app_filter *f = push_level(a, sel, xstrdup(desc));
    if (a->n_selected == 0)
        app_message(a, true, "no case matches %s: u undoes it", f->desc);
    return APP_RECOMPUTE;
}

/* A typed filter still being computed: u and U cancel it first. */
static bool
cancel_pending(struct app *a)
{
    if (!a->worker_on || !worker_pending(APP_SLOT_FILTER))
        return false;
    worker_cancel(APP_SLOT_FILTER);
    app_message(a, false, "filter cancelled before it was applied");
    return true;
}

int
app_pop_filter(struct app *a)
{
    if (cancel_pending(a))
        return APP_REDRAW;
    if (a->depth == 0) {
        app_message(a, false, "no filter to undo");
        return APP_REDRAW;
    }
    struct app_filter *f = &a->stack[--a->depth];
    app_message(a, false, "undid %s", f->desc);
    app_filter_clear(f);
    app_selection_changed(a);
    return APP_RECOMPUTE;
}

int
app_clear_filters(struct app *a)
{
    bool cancelled = cancel_pending(a);
    if (a->depth == 0 && cancelled)
        return APP_REDRAW;
    if (a->depth == 0) {
        app_message(a, false, "no filters");
        return APP_REDRAW;
    }
    while (a->depth > 0)
        app_filter_clear(&a->stack[--a->depth]);
    app_selection_changed(a);
    app_message(a, false, "all filters cleared");
    return APP_RECOMPUTE;
}

int
app_filter_toggle(struct app *a, size_t i)
{
    if (i >= a->depth)
        return APP_REDRAW;
    struct app_filter *f = &a->stack[i];
    f->off = !f->off;
    app_filters_recompute(a, i);
    app_message(a, false, "%s %s", f->off ? "switched off" : "switched on", f->desc);
    return APP_RECOMPUTE;
}

int
app_filter_remove(struct app *a, size_t i)
{
    if (i >= a->depth)
        return APP_REDRAW;
    app_message(a, false, "removed %s", a->stack[i].desc);
    app_filter_clear(&a->stack[i]);
    memmove(&a->stack[i], &a->stack[i + 1], (a->depth - i - 1) * sizeof a->stack[0]);
    a->depth--;
    memset(&a->stack[a->depth], 0, sizeof a->stack[0]);
    app_filters_recompute(a, i);
    return APP_RECOMPUTE;
}

/* The selection without the level being edited (the other active levels); NULL: not editing. */
static struct selection *
edit_base(const struct app *a)
{
    if (a->edit_at == 0 || a->edit_at > a->depth)
        return NULL;
    size_t i = a->edit_at - 1;
    struct selection *s = selection_copy(i > 0 ? a->stack[i - 1].sel : a->all);
    for (size_t k = i + 1; k < a->depth; k++)
        if (!a->stack[k].off)
            selection_and(s, a->stack[k].own);
    return s;
}

struct selection *
app_preview_base_sel(const struct app *a)
{
    struct selection *b = edit_base(a);
    return b != NULL ? b : selection_copy(a->sel);
}

size_t
app_preview_base(const struct app *a)
{
    struct selection *b = edit_base(a);
    if (b == NULL)
        return a->n_selected;
    size_t n = selection_count(b);
    selection_free(b);
    return n;
}

long
app_preview_filter(struct app *a, const char *opt, const char *arg, struct cf_error *err)
{
    struct selection *s = selection_new(a->log->n_cases, true);
    if (app_filter_compute(a->log, opt, arg, false, s, NULL, err) != 0) {
        selection_free(s);
        return -1;
    }
    struct selection *base = edit_base(a); /* editing: the new text in the level's place */
    selection_and(s, base != NULL ? base : a->sel);
    selection_free(base);
    long n = (long)selection_count(s);
    selection_free(s);
    return n;
}

void
app_regex_quote(const char *s, struct cf_buf *out)
{
    for (; *s != '\0'; s++) {
        if (strchr("\\^$.|?*+()[]{}", *s) != NULL)
            cf_buf_append(out, "\\", 1);
        cf_buf_append(out, s, 1);
    }
}

void
app_case_path(const struct event_log *log, size_t c, struct cf_buf *out)
{
    for (size_t e = log->case_off[c]; e < log->case_off[c + 1]; e++) {
        if (e > log->case_off[c])
            cf_buf_append(out, " > ", 3);
        cf_buf_puts(out, eventlog_activity_name(log, log->ev_act[e]));
    }
}

void
app_variant_path(const struct event_log *log, uint32_t v, struct cf_buf *out)
{
    app_case_path(log, log->variant_case[v], out);
}

/* The explorer's filter stack: push, undo, clear, live previews, and the texts filters match. */
/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cli.h"
#include "filter.h"

/* Apply one filter option to out (all cases on entry), as the command line does. */
static int
apply_one(const struct app *a, const char *opt, const char *arg, bool invert, struct selection *out,
          struct cf_buf *notes, struct cf_error *err)
{
    struct cli_common c;
    memset(&c, 0, sizeof c);
    import_opts_init(&c.import);
    c.filters[0].opt = opt;
    c.filters[0].arg = arg;
    c.filters[0].invert = invert;
    c.n_filters = 1;
    selection_fill(out, true);
    return cli_apply_filters_notes(&c, a->log, out, notes, err);
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

int
app_push_filter(struct app *a, const char *opt, const char *arg, bool invert, const char *desc)
{
    if (a->depth == APP_MAX_FILTERS) {
        app_message(a, true, "at most %d filters: u undoes one, U clears all", APP_MAX_FILTERS);
        return APP_REDRAW;
    }
    struct cf_error err = {0};
    struct selection *s = selection_new(a->log->n_cases, true);
    struct cf_buf notes = {0};
    if (apply_one(a, opt, arg, invert, s, &notes, &err) != 0) {
        cf_buf_clear(&notes);
        char buf[700];
        app_filter_error_text(&err, buf, sizeof buf);
        app_message(a, true, "%s", buf);
        selection_free(s);
        return APP_REDRAW;
    }
    selection_and(s, a->sel);
    struct app_filter *f = &a->stack[a->depth++];
    f->sel = s;
    f->desc = desc != NULL ? xstrdup(desc) : describe(opt, arg, invert);
    app_selection_changed(a);
    if (a->n_selected == 0)
        app_message(a, true, "no case matches %s: u undoes it", f->desc);
    else if (notes.len > 0) /* "caseflow: --where ...: 3 cases with a value that is not ..." */
        app_message(a, true, "%.*s", (int)(notes.len - 1 - 10), notes.data + 10);
    cf_buf_clear(&notes);
    return APP_RECOMPUTE;
}

int
app_push_filter_obj(struct app *a, struct filter *f, const char *desc)
{
    if (a->depth == APP_MAX_FILTERS) {
        filter_free(f);
        app_message(a, true, "at most %d filters: u undoes one, U clears all", APP_MAX_FILTERS);
        return APP_REDRAW;
    }
    struct cf_error err = {0};
    struct selection *s = selection_copy(a->sel);
    if (filter_apply(f, a->log, s, &err) != 0) {
        char buf[700];
        cf_error_format(&err, buf, sizeof buf);
        app_message(a, true, "%s", buf);
        selection_free(s);
        filter_free(f);
        return APP_REDRAW;
    }
    struct app_filter *af = &a->stack[a->depth++];
    af->sel = s;
    af->desc = xstrdup(desc != NULL ? desc : filter_describe(f));
    filter_free(f);
    app_selection_changed(a);
    if (a->n_selected == 0)
        app_message(a, true, "no case matches %s: u undoes it", af->desc);
    return APP_RECOMPUTE;
}

int
app_push_selection(struct app *a, struct selection *sel, const char *desc)
{
    if (a->depth == APP_MAX_FILTERS) {
        selection_free(sel);
        app_message(a, true, "at most %d filters: u undoes one, U clears all", APP_MAX_FILTERS);
        return APP_REDRAW;
    }
    selection_and(sel, a->sel);
    struct app_filter *f = &a->stack[a->depth++];
    f->sel = sel;
    f->desc = xstrdup(desc);
    app_selection_changed(a);
    if (a->n_selected == 0)
        app_message(a, true, "no case matches %s: u undoes it", f->desc);
    return APP_RECOMPUTE;
}

int
app_pop_filter(struct app *a)
{
    if (a->depth == 0) {
        app_message(a, false, "no filter to undo");
        return APP_REDRAW;
    }
    struct app_filter *f = &a->stack[--a->depth];
    app_message(a, false, "undid %s", f->desc);
    free(f->desc);
    selection_free(f->sel);
    f->desc = NULL;
    f->sel = NULL;
    app_selection_changed(a);
    return APP_RECOMPUTE;
}

int
app_clear_filters(struct app *a)
{
    if (a->depth == 0) {
        app_message(a, false, "no filters");
        return APP_REDRAW;
    }
    while (a->depth > 0) {
        struct app_filter *f = &a->stack[--a->depth];
        free(f->desc);
        selection_free(f->sel);
        f->desc = NULL;
        f->sel = NULL;
    }
    app_selection_changed(a);
    app_message(a, false, "all filters cleared");
    return APP_RECOMPUTE;
}

long
app_preview_filter(struct app *a, const char *opt, const char *arg, struct cf_error *err)
{
    struct selection *s = selection_new(a->log->n_cases, true);
    if (apply_one(a, opt, arg, false, s, NULL, err) != 0) {
        selection_free(s);
        return -1;
    }
    selection_and(s, a->sel);
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

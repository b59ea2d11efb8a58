/* Turning the filter options of the command line into the core filter stack and a selection. */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "filter.h"

/* Prefix err's message with "--opt: ". */
static void
prefix_error(struct cf_error *err, const char *opt)
{
    char msg[sizeof err->msg];
    snprintf(msg, sizeof msg, "%s", err->msg);
    cf_error_set(err, NULL, 0, "--%s: %s", opt, msg);
}

static bool
is_date_opt(const char *opt)
{
    return strcmp(opt, "from") == 0 || strcmp(opt, "to") == 0 || strcmp(opt, "range") == 0;
}

/* The --range mode of the whole command line (intersecting when not given). */
static int
range_mode(const struct cli_common *c, enum filter_range *mode, struct cf_error *err)
{
    bool has_range = false, has_bound = false;
    *mode = FILTER_RANGE_INTERSECTING;
    for (size_t i = 0; i < c->n_filters; i++) {
        const struct cli_filter_spec *s = &c->filters[i];
        if (strcmp(s->opt, "range") == 0) {
            if (strcmp(s->arg, "contained") == 0) {
                *mode = FILTER_RANGE_CONTAINED;
            } else if (strcmp(s->arg, "intersecting") == 0) {
                *mode = FILTER_RANGE_INTERSECTING;
            } else {
                cf_error_set(err, NULL, 0, "--range: expected contained or intersecting, not '%s'",
                             s->arg);
                return -1;
            }
            has_range = true;
        } else if (is_date_opt(s->opt)) {
            has_bound = true;
        }
    }
    if (has_range && !has_bound) {
        cf_error_set(err, NULL, 0, "--range: needs --from or --to");
        return -1;
    }
    return 0;
}

/*
 * One date filter from the run of adjacent --from/--to/--range specs starting
 * at *i (advanced past it): "--from A --to B --invert" negates the range.
 */
static struct filter *
date_filter(const struct cli_common *c, size_t *i, enum filter_range mode,
            const struct event_log *log, struct cf_error *err)
{
    int64_t from = CF_TIME_NONE, to = CF_TIME_NONE;
    bool invert = false;
    size_t j = *i;
    for (; j < c->n_filters && is_date_opt(c->filters[j].opt); j++) {
        const struct cli_filter_spec *s = &c->filters[j];
        invert = invert || s->invert;
        if (strcmp(s->opt, "range") == 0)
            continue;
        bool is_to = strcmp(s->opt, "to") == 0;
        int64_t *dst = is_to ? &to : &from;
        if (*dst != CF_TIME_NONE) {
            cf_error_set(err, NULL, 0, "--%s: given twice for one range", s->opt);
            return NULL;
        }
        if (filter_parse_date(s->arg, is_to, dst, err) != 0) {
            prefix_error(err, s->opt);
            return NULL;
        }
    }
    *i = j;
    struct filter *f = filter_new_date(log, from, to, mode, err);
    if (f == NULL) {
        prefix_error(err, "to");
        return NULL;
    }
    filter_set_invert(f, invert);
    return f;
}

static int
parse_rank(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s || *end != '\0' || errno != 0 || s[0] == '-')
        return -1;
    *out = (size_t)v;
    return 0;
}

/*
 * The --between A,B filter at *i with the --min-time/--max-time specs right
 * after it (*i advanced past them); an --invert on any of them negates it.
 */
static struct filter *
between_filter(const struct cli_common *c, size_t *i, const struct event_log *log,
               struct cf_error *err)
{
    const struct cli_filter_spec *s = &c->filters[*i];
    uint32_t *ids;
    size_t n;
    if (filter_parse_activities(log, s->arg, &ids, &n, err) != 0) {
        prefix_error(err, "between");
        return NULL;
    }
    if (n != 2) {
        cf_error_set(err, NULL, 0, "--between: expected two activities A,B, got %zu", n);
        free(ids);
        return NULL;
    }
    int64_t lim[2] = {-1, -1};
    bool invert = s->invert;
    size_t j = *i + 1;
    for (; j < c->n_filters; j++) {
        const struct cli_filter_spec *t = &c->filters[j];
        int which = strcmp(t->opt, "min-time") == 0 ? 0 : strcmp(t->opt, "max-time") == 0 ? 1 : -1;
        if (which < 0)
            break;
        if (cf_parse_duration(t->arg, &lim[which]) != 0) {
            cf_error_set(err, NULL, 0, "--%s: bad duration '%s' (e.g. 3d, 12h, 90m, 1d12h)", t->opt,
                         t->arg);
            free(ids);
            return NULL;
        }
        invert = invert || t->invert;
    }
    *i = j;
    struct filter *f = filter_new_between(log, eventlog_activity_name(log, ids[0]),
                                          eventlog_activity_name(log, ids[1]), lim[0], lim[1], err);
    free(ids);
    if (f == NULL) {
        prefix_error(err, "between");
        return NULL;
    }
    filter_set_invert(f, invert);
    return f;
}

/* A filter for one spec other than the date options; NULL with err set (no prefix). */
static struct filter *
spec_filter(const struct cli_filter_spec *s, const struct event_log *log, struct cf_error *err)
{
    const char *o = s->opt;
    if (strcmp(o, "grep") == 0)
        return filter_new_path(log, s->arg, 0, err);
    if (strcmp(o, "case-grep") == 0)
        return filter_new_case_id(log, s->arg, 0, err);
    if (strcmp(o, "where") == 0)
        return filter_new_where(log, s->arg, err);
    if (strcmp(o, "variant") == 0) {
        size_t rank;
        if (parse_rank(s->arg, &rank) != 0) {
            cf_error_set(err, NULL, 0, "expected a rank 1, 2, ..., not '%s'", s->arg);
            return NULL;
        }
        return filter_new_variant(log, rank, err);
    }
    if (strcmp(o, "min-duration") == 0 || strcmp(o, "max-duration") == 0) {
        int64_t ms;
        if (cf_parse_duration(s->arg, &ms) != 0) {
            cf_error_set(err, NULL, 0,
                         "bad duration '%s' (a number and a unit w, d, h, m or s, e.g. 3d, 12h, "
                         "90m, 1d12h; at most 10000 years)",
                         s->arg);
            return NULL;
        }
        return o[1] == 'i' ? filter_new_duration(log, ms, -1, err)
                           : filter_new_duration(log, -1, ms, err);
    }
    if (strcmp(o, "starts-with") == 0)
        return filter_new_starts_with(log, s->arg, err);
    if (strcmp(o, "ends-with") == 0)
        return filter_new_ends_with(log, s->arg, err);
    if (strcmp(o, "follows") == 0) {
        uint32_t *ids;
        size_t n;
        if (filter_parse_activities(log, s->arg, &ids, &n, err) != 0)
            return NULL;
        struct filter *f = NULL;
        if (n != 2)
            cf_error_set(err, NULL, 0, "expected two activities A,B, got %zu", n);
        else
            f = filter_new_follows(log, eventlog_activity_name(log, ids[0]),
                                   eventlog_activity_name(log, ids[1]), err);
        free(ids);
        return f;
    }
    cf_error_set(err, NULL, 0, "unknown filter");
    return NULL;
}

/* Build the stack for c's filter specs; 0, or -1 with err set ("--grep: ..."). */
static int
build_stack(const struct cli_common *c, const struct event_log *log, struct filter_stack *st,
            const char **opts, struct cf_error *err)
{
    enum filter_range mode;
    if (range_mode(c, &mode, err) != 0)
        return -1;
    for (size_t i = 0; i < c->n_filters;) {
        const struct cli_filter_spec *s = &c->filters[i];
        struct filter *f;
        if (strcmp(s->opt, "min-time") == 0 || strcmp(s->opt, "max-time") == 0) {
            cf_error_set(err, NULL, 0, "--%s: goes right after --between A,B", s->opt);
            return -1;
        }
        if (strcmp(s->opt, "between") == 0) {
            f = between_filter(c, &i, log, err);
            if (f == NULL)
                return -1;
        } else if (is_date_opt(s->opt)) {
            /* A run made of --range alone selects nothing by itself. */
            size_t j = i;
            bool bound = false;
            for (; j < c->n_filters && is_date_opt(c->filters[j].opt); j++)
                bound = bound || strcmp(c->filters[j].opt, "range") != 0;
            if (!bound) {
                i = j;
                continue;
            }
            f = date_filter(c, &i, mode, log, err);
            if (f == NULL)
                return -1;
        } else {
            f = spec_filter(s, log, err);
            if (f == NULL) {
                prefix_error(err, s->opt);
                return -1;
            }
            filter_set_invert(f, filter_inverted(f) != s->invert); /* "!=" is inverted */
            i++;
        }
        opts[st->n] = s->opt;
        filter_stack_push(st, f);
    }
    return 0;
}

int
cli_apply_filters(const struct cli_common *c, const struct event_log *log, struct selection *sel,
                  struct cf_error *err)
{
    return cli_apply_filters_notes(c, log, sel, NULL, err);
}

int
cli_apply_filters_notes(const struct cli_common *c, const struct event_log *log,
                        struct selection *sel, struct cf_buf *notes, struct cf_error *err)
{
    struct filter_stack st;
    const char *opts[CLI_MAX_FILTERS];
    filter_stack_init(&st);
    int rc = build_stack(c, log, &st, opts, err);
    /* Applied one by one (sel holds every case on entry) to name the option on failure. */
    for (size_t i = 0; rc == 0 && i < st.n; i++) {
        rc = filter_apply(st.items[i], log, sel, err);
        if (rc != 0)
            prefix_error(err, opts[i]);
        size_t bad = filter_unparsed(st.items[i]);
        if (rc == 0 && bad > 0 && notes != NULL)
            cf_buf_printf(notes,
                          "caseflow: --%s %s: %zu case%s with a value that is not a number or "
                          "date (counted as not matching)\n",
                          opts[i], filter_describe(st.items[i]), bad, bad == 1 ? "" : "s");
    }
    filter_stack_clear(&st);
    return rc;
}

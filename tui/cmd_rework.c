/* `caseflow rework`: repeated activities, loops, regressions and skips as text or JSON. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "jsonw.h"
#include "rework.h"
#include "textout.h"

static void
json_path(struct jsonw *j, const struct event_log *log, const uint32_t *p, size_t n)
{
    struct cf_buf b = {0};
    for (size_t i = 0; i < n; i++) {
        if (i)
            cf_buf_puts(&b, " > ");
        cf_buf_puts(&b, eventlog_activity_name(log, p[i]));
    }
    jsonw_str(j, b.data ? b.data : "");
    cf_buf_clear(&b);
}

static void
json_jumps(struct jsonw *j, const struct event_log *log, const char *key,
           const struct rework_jump *v, size_t n, bool skips)
{
    jsonw_key(j, key);
    jsonw_arr_begin(j);
    for (size_t i = 0; i < n; i++) {
        jsonw_obj_begin(j);
        jsonw_key(j, "from");
        jsonw_str(j, eventlog_activity_name(log, v[i].from));
        jsonw_key(j, "to");
        jsonw_str(j, eventlog_activity_name(log, v[i].to));
        jsonw_key(j, "cases");
        jsonw_uint(j, v[i].cases);
        jsonw_key(j, "count");
        jsonw_uint(j, v[i].count);
        if (skips) {
            jsonw_key(j, "skipped");
            jsonw_arr_begin(j);
            for (size_t k = 0; k < v[i].n_skipped; k++)
                jsonw_str(j, eventlog_activity_name(log, v[i].skipped[k]));
            jsonw_arr_end(j);
        }
        jsonw_obj_end(j);
    }
    jsonw_arr_end(j);
}

static void
print_json(const struct event_log *log, size_t cases, const struct rework *r)
{
    struct jsonw j;
    jsonw_init(&j, stdout, true);
    jsonw_obj_begin(&j);
    jsonw_key(&j, "log");
    jsonw_str(&j, log->name);
    jsonw_key(&j, "cases");
    jsonw_uint(&j, cases);
    jsonw_key(&j, "activities");
    jsonw_arr_begin(&j);
    for (size_t i = 0; i < r->n_activities; i++) {
        const struct rework_activity *a = &r->activities[i];
        jsonw_obj_begin(&j);
        jsonw_key(&j, "activity");
        jsonw_str(&j, eventlog_activity_name(log, a->activity));
        jsonw_key(&j, "cases_repeated");
        jsonw_uint(&j, a->cases_repeated);
        jsonw_key(&j, "extra_occurrences");
        jsonw_uint(&j, a->extra_occurrences);
        jsonw_key(&j, "self_loop_cases");
        jsonw_uint(&j, a->self_loop_cases);
        jsonw_key(&j, "redo_cases");
        jsonw_uint(&j, a->redo_cases);
        jsonw_obj_end(&j);
    }
    jsonw_arr_end(&j);
    jsonw_key(&j, "loops");
    jsonw_arr_begin(&j);
    for (size_t i = 0; i < r->n_loops; i++) {
        const struct rework_loop *l = &r->loops[i];
        jsonw_obj_begin(&j);
        jsonw_key(&j, "path");
        json_path(&j, log, l->path, l->len);
        jsonw_key(&j, "cases");
        jsonw_uint(&j, l->cases);
        jsonw_key(&j, "occurrences");
        jsonw_uint(&j, l->occurrences);
        jsonw_key(&j, "median_s");
        jsonw_double(&j, l->median_ms / 1000.0);
        jsonw_obj_end(&j);
    }
    jsonw_arr_end(&j);
    jsonw_key(&j, "stages_inferred");
    jsonw_bool(&j, r->stages_inferred);
    jsonw_key(&j, "stage_order");
    jsonw_arr_begin(&j);
    for (size_t i = 0; i < r->n_stages; i++) {
        jsonw_obj_begin(&j);
        jsonw_key(&j, "activity");
        jsonw_str(&j, eventlog_activity_name(log, r->stages[i]));
        jsonw_key(&j, "rank");
        jsonw_uint(&j, r->stage_rank[i] + 1);
        jsonw_key(&j, "median_position");
        jsonw_double(&j, r->stage_median[i]); /* NaN (given order) is written as null */
        jsonw_obj_end(&j);
    }
    jsonw_arr_end(&j);
    json_jumps(&j, log, "regressions", r->regressions, r->n_regressions, false);
    json_jumps(&j, log, "skips", r->skips, r->n_skips, true);
    jsonw_obj_end(&j);
    jsonw_end(&j);
}

static void
more(size_t shown, size_t n)
{
    if (shown < n)
        printf("  ... %zu more (--limit 0 shows all)\n", n - shown);
}

static void
print_path(const struct event_log *log, const uint32_t *p, size_t n, size_t width)
{
    struct cf_buf b = {0};
    for (size_t i = 0; i < n; i++) {
        if (i)
            cf_buf_puts(&b, " > ");
        cf_buf_puts(&b, eventlog_activity_name(log, p[i]));
    }
    textout_clip(stdout, b.data ? b.data : "", width);
    cf_buf_clear(&b);
}

static void
print_jumps(const struct event_log *log, const struct rework_jump *v, size_t n, size_t limit,
            bool skips)
{
    if (n == 0) {
        printf("  none\n");
        return;
    }
    printf("    count    cases  transition\n");
    size_t shown = limit && limit < n ? limit : n;
    for (size_t i = 0; i < shown; i++) {
        printf("  %7zu  %7zu  ", v[i].count, v[i].cases);
        struct cf_buf b = {0};
        cf_buf_printf(&b, "%s -> %s", eventlog_activity_name(log, v[i].from),
                      eventlog_activity_name(log, v[i].to));
        if (skips) {
            cf_buf_puts(&b, "  (skips ");
            for (size_t k = 0; k < v[i].n_skipped; k++)
                cf_buf_printf(&b, "%s%s", k ? ", " : "",
                              eventlog_activity_name(log, v[i].skipped[k]));
            cf_buf_puts(&b, ")");
        }
        textout_clip(stdout, b.data, 58);
        cf_buf_clear(&b);
        putchar('\n');
    }
    more(shown, n);
}

static void
print_text(const struct event_log *log, size_t cases, const struct rework *r, size_t limit)
{
    char d[32];
    printf("Rework in %zu cases (of %zu in %s)\n\n", cases, log->n_cases, log->name);
    printf("Repeated activities (in how many cases):\n");
    if (r->n_activities == 0)
        printf("  none\n");
    else
        printf("  %-38s %8s %8s %10s %8s\n", "activity", "repeated", "extra", "self-loop", "redo");
    size_t shown = limit && limit < r->n_activities ? limit : r->n_activities;
    for (size_t i = 0; i < shown; i++) {
        const struct rework_activity *a = &r->activities[i];
        fputs("  ", stdout);
        textout_cell(stdout, eventlog_activity_name(log, a->activity), 38, false);
        printf(" %8zu %8zu %10zu %8zu\n", a->cases_repeated, a->extra_occurrences,
               a->self_loop_cases, a->redo_cases);
    }
    more(shown, r->n_activities);

    printf("\nLoops (from an activity to its next occurrence), most frequent first:\n");
    if (r->n_loops == 0)
        printf("  none\n");
    else
        printf("  %7s  %7s  %8s  %s\n", "times", "cases", "median", "loop");
    shown = limit && limit < r->n_loops ? limit : r->n_loops;
    for (size_t i = 0; i < shown; i++) {
        const struct rework_loop *l = &r->loops[i];
        printf("  %7zu  %7zu  %8s  ", l->occurrences, l->cases,
               textout_dur(l->median_ms, d, sizeof d));
        print_path(log, l->path, l->len, 48);
        putchar('\n');
    }
    more(shown, r->n_loops);

    printf("\nStage order (%s):\n",
           r->stages_inferred ? "inferred from the median relative position of each activity's"
                                "\n  first occurrence in its cases; equal medians share a stage;"
                                "\n  set it with --stages A,B,C"
                              : "as given by --stages");
    for (size_t i = 0; i < r->n_stages; i++) {
        printf("  %3zu  %s", r->stage_rank[i] + 1, eventlog_activity_name(log, r->stages[i]));
        if (r->stages_inferred)
            printf("  (%.2f)", r->stage_median[i]);
        putchar('\n');
    }
    printf("\nRegressions (back to an earlier stage):\n");
    print_jumps(log, r->regressions, r->n_regressions, limit, false);
    printf("\nSkips (forward over one or more stages):\n");
    print_jumps(log, r->skips, r->n_skips, limit, true);
}

int
cmd_rework(int argc, char **argv)
{
    const char *stages_s = NULL, *limit_s = NULL;
    const struct cli_opt extra[] = {
        {"stages", true, &stages_s, NULL, NULL},
        {"limit", true, &limit_s, NULL, NULL},
        {NULL, false, NULL, NULL, NULL},
    };
    struct cli_common c = {.cmd = "rework"};
    int rc = cli_parse(&c, argc, argv, extra);
    if (rc != 0)
        return rc;
    if (c.help) {
        printf("Usage: caseflow rework [OPTIONS] [--stages A,B,C] LOG\n"
               "Where cases loop back. Per activity: cases in which it is repeated, the\n"
               "occurrences beyond the first, cases with it immediately repeated (A > A,\n"
               "self-loop) and repeated after other steps (redo). Loops: each recurrence of\n"
               "an activity closes a loop from its previous occurrence (e.g. Proposal >\n"
               "Negotiation > Proposal), listed with times, cases and median duration.\n"
               "Regressions and skips: transitions back to an earlier stage, or over stages,\n"
               "against a stage order (--stages, or inferred: activities by the median of\n"
               "their relative position, index / (length - 1), at their first occurrence in\n"
               "cases of two or more events; equal medians share a stage). Activities not\n"
               "in the order are left out of the transitions.\n\n"
               "  --stages A,B,C        the stage order\n"
               "  --limit N             rows per table in text output (default 15; 0 = all)\n\n");
        cli_print_common_help(stdout);
        return 0;
    }
    size_t limit = 15;
    if (limit_s && cli_parse_count(limit_s, 0, &limit) != 0) {
        fprintf(stderr, "caseflow rework: --limit takes a number\n");
        return CF_EXIT_USAGE;
    }
    struct event_log *log;
    struct selection *sel;
    rc = cli_load(&c, &log, &sel);
    if (rc != 0)
        return rc;
    uint32_t *stages = NULL;
    size_t n_stages = 0;
    if (stages_s != NULL &&
        (rc = textout_activities(log, "stages", stages_s, &stages, &n_stages)) != 0) {
        selection_free(sel);
        eventlog_free(log);
        return rc;
    }
    struct rework r;
    rework_build(log, sel, stages, n_stages, &r);
    size_t cases = selection_count(sel);
    if (c.json)
        print_json(log, cases, &r);
    else
        print_text(log, cases, &r, limit);
    rework_clear(&r);
    free(stages);
    selection_free(sel);
    eventlog_free(log);
    return fflush(stdout) == 0 ? 0 : 1;
}

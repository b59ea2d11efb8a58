/* `caseflow deadends`: where cases stop, accepted ends, and the open cases, as text or JSON. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "deadends.h"
#include "jsonw.h"
#include "textout.h"

/* The inference rule (DEADENDS_MIN_EXIT_RATE, DEADENDS_MIN_END_SHARE), as --help and the
 * output say it; a printf format. */
#define RULE_TEXT                                                                                  \
    "activities that are the last activity\n  of at least 90%% of the cases reaching them "        \
    "and of at least 1%% of all cases"

static void
print_json(const struct event_log *log, const struct deadends *d)
{
    struct jsonw j;
    jsonw_init(&j, stdout, true);
    jsonw_obj_begin(&j);
    jsonw_key(&j, "log");
    jsonw_str(&j, log->name);
    jsonw_key(&j, "cases");
    jsonw_uint(&j, d->cases);
    jsonw_key(&j, "accepted_ends");
    jsonw_arr_begin(&j);
    for (size_t i = 0; i < d->n_accepted; i++)
        jsonw_str(&j, eventlog_activity_name(log, d->accepted[i]));
    jsonw_arr_end(&j);
    jsonw_key(&j, "accepted_ends_inferred");
    jsonw_bool(&j, d->inferred);
    if (d->inferred) {
        jsonw_key(&j, "inference_rule");
        jsonw_obj_begin(&j);
        jsonw_key(&j, "min_exit_rate");
        jsonw_double(&j, DEADENDS_MIN_EXIT_RATE);
        jsonw_key(&j, "min_share_of_cases");
        jsonw_double(&j, DEADENDS_MIN_END_SHARE);
        jsonw_obj_end(&j);
    }
    jsonw_key(&j, "activities");
    jsonw_arr_begin(&j);
    for (size_t i = 0; i < d->n_activities; i++) {
        const struct deadend_activity *a = &d->activities[i];
        jsonw_obj_begin(&j);
        jsonw_key(&j, "activity");
        jsonw_str(&j, eventlog_activity_name(log, a->activity));
        jsonw_key(&j, "accepted_end");
        jsonw_bool(&j, a->accepted);
        jsonw_key(&j, "cases_reached");
        jsonw_uint(&j, a->cases_reached);
        jsonw_key(&j, "cases_ended");
        jsonw_uint(&j, a->cases_ended);
        jsonw_key(&j, "exit_rate");
        jsonw_double(&j, a->exit_rate);
        jsonw_key(&j, "completion_after");
        jsonw_double(&j, a->completion_after);
        jsonw_obj_end(&j);
    }
    jsonw_arr_end(&j);
    jsonw_key(&j, "open_cases");
    jsonw_obj_begin(&j);
    jsonw_key(&j, "count");
    jsonw_uint(&j, d->open_count);
    jsonw_key(&j, "by_last_activity");
    jsonw_arr_begin(&j);
    for (size_t i = 0; i < d->n_open; i++) {
        const struct deadend_open *o = &d->open[i];
        jsonw_obj_begin(&j);
        jsonw_key(&j, "activity");
        jsonw_str(&j, eventlog_activity_name(log, o->activity));
        jsonw_key(&j, "cases");
        jsonw_uint(&j, o->cases);
        jsonw_key(&j, "age_median_s");
        jsonw_double(&j, o->age_median_ms / 1000.0);
        jsonw_key(&j, "age_max_s");
        jsonw_double(&j, (double)o->age_max_ms / 1000.0);
        jsonw_obj_end(&j);
    }
    jsonw_arr_end(&j);
    jsonw_key(&j, "age_median_s");
    jsonw_double(&j, d->age_median_ms / 1000.0);
    jsonw_key(&j, "age_max_s");
    jsonw_double(&j, (double)d->age_max_ms / 1000.0);
    jsonw_obj_end(&j);
    jsonw_obj_end(&j);
    jsonw_end(&j);
}

static void
print_text(const struct event_log *log, const struct deadends *d, size_t limit)
{
    char a[32], b[32];
    printf("Dead ends in %zu cases (of %zu in %s)\n\n", d->cases, log->n_cases, log->name);
    if (d->n_accepted == 0)
        printf("Accepted ends: none%s\n",
               d->inferred ? " could be inferred (give them with --end A,B)" : "");
    else {
        printf("Accepted ends: ");
        textout_names(stdout, log, d->accepted, d->n_accepted, ", ");
        putchar('\n');
    }
    if (d->inferred)
        printf("  inferred as the " RULE_TEXT "\n");

    printf("\nWhere cases stop (dead ends first: high exit rate, not an accepted end):\n");
    printf("  %-36s %8s %8s %6s %10s\n", "activity", "reached", "ended", "exit", "completed");
    size_t shown = limit && limit < d->n_activities ? limit : d->n_activities;
    for (size_t i = 0; i < shown; i++) {
        const struct deadend_activity *x = &d->activities[i];
        fputs(x->accepted ? "* " : "  ", stdout);
        textout_cell(stdout, eventlog_activity_name(log, x->activity), 36, false);
        printf(" %8zu %8zu %5.1f%% %9.1f%%\n", x->cases_reached, x->cases_ended, 100 * x->exit_rate,
               100 * x->completion_after);
    }
    if (shown < d->n_activities)
        printf("  ... %zu more (--limit 0 shows all)\n", d->n_activities - shown);
    printf("  (* accepted end; completed = share of the cases reaching it that reach an\n"
           "   accepted end at or after its first occurrence)\n");

    printf("\nOpen cases (not ending in an accepted end): %zu", d->open_count);
    if (d->cases)
        printf(" (%.1f%%)", 100.0 * (double)d->open_count / (double)d->cases);
    printf("\n");
    if (d->open_count)
        printf("  age median %s, max %s\n", textout_dur(d->age_median_ms, a, sizeof a),
               textout_dur((double)d->age_max_ms, b, sizeof b));
    if (d->n_open == 0)
        return;
    printf("  %-40s %8s %11s %11s\n", "last activity", "cases", "age median", "age max");
    shown = limit && limit < d->n_open ? limit : d->n_open;
    for (size_t i = 0; i < shown; i++) {
        const struct deadend_open *o = &d->open[i];
        fputs("  ", stdout);
        textout_cell(stdout, eventlog_activity_name(log, o->activity), 40, false);
        printf(" %8zu %11s %11s\n", o->cases, textout_dur(o->age_median_ms, a, sizeof a),
               textout_dur((double)o->age_max_ms, b, sizeof b));
    }
    if (shown < d->n_open)
        printf("  ... %zu more (--limit 0 shows all)\n", d->n_open - shown);
    printf("  (age = the log's last event time minus the case's last event time)\n");
}

int
cmd_deadends(int argc, char **argv)
{
    const char *end_s = NULL, *limit_s = NULL;
    const struct cli_opt extra[] = {
        {"end", true, &end_s, NULL, NULL},
        {"limit", true, &limit_s, NULL, NULL},
        {NULL, false, NULL, NULL, NULL},
    };
    struct cli_common c = {.cmd = "deadends"};
    int rc = cli_parse(&c, argc, argv, extra);
    if (rc != 0)
        return rc;
    if (c.help) {
        printf("Usage: caseflow deadends [OPTIONS] [--end A,B] LOG\n"
               "Where cases stop. Accepted end activities (outcomes) come from --end, or\n"
               "are inferred: the " RULE_TEXT ".\n"
               "Per activity: cases reaching it, cases ending there, the exit rate (ended /\n"
               "reached) and the completion after it (share of the cases reaching it that\n"
               "reach an accepted end at or after its first occurrence); dead ends (high exit\n"
               "rate, not accepted) rank first. Open cases (not ending in an accepted end)\n"
               "by last activity, with their age (the log's last event time minus the\n"
               "case's last event time), median and max.\n\n"
               "  --end A,B             accepted end activities (e.g. \"Closed Won,Closed Lost\")\n"
               "  --limit N             rows per table in text output (default 20; 0 = all)\n\n");
        cli_print_common_help(stdout);
        return 0;
    }
    size_t limit = 20;
    if (limit_s && cli_parse_count(limit_s, 0, &limit) != 0) {
        fprintf(stderr, "caseflow deadends: --limit takes a number\n");
        return CF_EXIT_USAGE;
    }
    struct event_log *log;
    struct selection *sel;
    rc = cli_load(&c, &log, &sel);
    if (rc != 0)
        return rc;
    uint32_t *ends = NULL;
    size_t n_ends = 0;
    if (end_s != NULL && (rc = textout_activities(log, "end", end_s, &ends, &n_ends)) != 0) {
        selection_free(sel);
        eventlog_free(log);
        return rc;
    }
    struct deadends d;
    deadends_build(log, sel, ends, n_ends, &d);
    if (c.json)
        print_json(log, &d);
    else
        print_text(log, &d, limit);
    deadends_clear(&d);
    free(ends);
    selection_free(sel);
    eventlog_free(log);
    return fflush(stdout) == 0 ? 0 : 1;
}

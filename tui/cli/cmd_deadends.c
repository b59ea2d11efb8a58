/* `caseflow deadends`: where cases stop, accepted ends, and the open cases, as text, JSON or CSV.
 */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "deadends.h"
#include "textout.h"

/* The inference rule (DEADENDS_MIN_EXIT_RATE, DEADENDS_MIN_END_SHARE), as --help and the
 * output say it; a printf format. */
#define RULE_TEXT                                                                                  \
    "activities that are the last activity\n  of at least 90%% of the cases reaching them "        \
    "and of at least 1%% of all cases"

static const struct table_col activity_cols[] = {
    {.key = "activity", .header = "activity", .kind = TK_TEXT, .min_width = 16, .flags = TCOL_FLEX},
    {.key = "accepted_end", .header = "accepted", .kind = TK_BOOL, .true_text = "*", .priority = 3},
    {.key = "cases_reached", .header = "reached", .kind = TK_COUNT},
    {.key = "cases_ended", .header = "ended", .kind = TK_COUNT, .priority = 2},
    {.key = "exit_rate", .header = "exit", .kind = TK_SHARE},
    {.key = "completion_after", .header = "completed", .kind = TK_SHARE, .priority = 1},
};

static const struct table_col open_cols[] = {
    {.key = "activity",
     .header = "last activity",
     .kind = TK_TEXT,
     .min_width = 16,
     .flags = TCOL_FLEX},
    {.key = "cases", .header = "cases", .kind = TK_COUNT},
    {.key = "age_median_s", .header = "age median", .kind = TK_DURATION, .flags = TCOL_READABLE},
    {.key = "age_max_s",
     .header = "age max",
     .kind = TK_DURATION,
     .priority = 1,
     .flags = TCOL_READABLE},
};

static struct tdoc *
build_doc(const struct event_log *log, const struct deadends *d, size_t limit)
{
    struct tdoc *doc = tdoc_new("deadends", log->name);
    struct tnode *r = tdoc_root(doc);
    tnode_title(r, "Dead ends in %zu cases (of %zu in %s)", d->cases, log->n_cases, log->name);
    tnode_count(r, "cases", NULL, d->cases);
    tnode_names(r, "accepted_ends", "Accepted ends", log->activities, d->accepted, d->n_accepted);
    if (d->n_accepted == 0 && d->inferred)
        tnode_note(r, "  none could be inferred (give them with --end A,B)");
    tnode_bool(r, "accepted_ends_inferred", NULL, d->inferred);
    if (d->inferred) {
        tnode_note(r, "  inferred as the " RULE_TEXT);
        struct tnode *rule = tnode_object(r, "inference_rule", NULL);
        tnode_number(rule, "min_exit_rate", NULL, DEADENDS_MIN_EXIT_RATE);
        tnode_number(rule, "min_share_of_cases", NULL, DEADENDS_MIN_END_SHARE);
    }
    struct table *t = tnode_table(
        r, "activities",
        "Where cases stop (dead ends first: high exit rate, not an accepted end):", activity_cols,
        sizeof activity_cols / sizeof activity_cols[0], NULL);
    table_set_text_limit(t, limit);
    table_reserve(t, d->n_activities);
    for (size_t i = 0; i < d->n_activities; i++) {
        const struct deadend_activity *a = &d->activities[i];
        size_t row = table_add_row(t);
        table_set_text(t, row, 0, eventlog_activity_name(log, a->activity));
        table_set_bool(t, row, 1, a->accepted);
        table_set_count(t, row, 2, a->cases_reached);
        table_set_count(t, row, 3, a->cases_ended);
        table_set_number(t, row, 4, a->exit_rate);
        table_set_number(t, row, 5, a->completion_after);
    }
    tnode_note(r, "  (* accepted end; completed = share of the cases reaching it that reach an\n"
                  "   accepted end at or after its first occurrence)");

    struct tnode *o = tnode_object(r, "open_cases", "Open cases (not ending in an accepted end):");
    tnode_count(o, "count", "Open cases", d->open_count);
    if (d->cases)
        tnode_share(o, NULL, "Share", (double)d->open_count / (double)d->cases);
    t = tnode_table(o, "by_last_activity", NULL, open_cols, sizeof open_cols / sizeof open_cols[0],
                    NULL);
    table_set_text_limit(t, limit);
    for (size_t i = 0; i < d->n_open; i++) {
        const struct deadend_open *x = &d->open[i];
        size_t row = table_add_row(t);
        table_set_text(t, row, 0, eventlog_activity_name(log, x->activity));
        table_set_count(t, row, 1, x->cases);
        table_set_dur(t, row, 2, x->age_median_ms);
        table_set_dur(t, row, 3, (double)x->age_max_ms);
    }
    tnode_dur(o, "age_median_s", "Age median", d->age_median_ms);
    tnode_dur(o, "age_max_s", "Age max", (double)d->age_max_ms);
    tnode_note(o, "(age = the log's last event time minus the case's last event time)");
    return doc;
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
    int rc;
    if (!cli_start(
            &c, argc, argv, extra, &rc,
            "Usage: caseflow deadends [OPTIONS] [--end A,B] LOG\n"
            "Where cases stop. Accepted end activities (outcomes) come from --end, or\n"
            "are inferred: the " RULE_TEXT ".\n"
            "Per activity: cases reaching it, cases ending there, the exit rate (ended /\n"
            "reached) and the completion after it (share of the cases reaching it that\n"
            "reach an accepted end at or after its first occurrence); dead ends (high exit\n"
            "rate, not accepted) rank first. Open cases (not ending in an accepted end)\n"
            "by last activity, with their age (the log's last event time minus the\n"
            "case's last event time), median and max.\n\n"
            "  --end A,B             accepted end activities (e.g. \"Closed Won,Closed Lost\")\n"
            "  --limit N             rows per table in text output (default 20; 0 = all)\n\n"))
        return rc;
    size_t limit = 20;
    if ((rc = cli_size_opt(&c, "limit", limit_s, &limit, 0)) != 0)
        return rc;
    struct event_log *log;
    struct selection *sel;
    rc = cli_load(&c, &log, &sel);
    if (rc != 0)
        return rc;
    uint32_t *ends = NULL;
    size_t n_ends = 0;
    if (end_s != NULL && (rc = textout_activities(log, "end", end_s, &ends, &n_ends)) != 0) {
        cli_unload(log, sel);
        return rc;
    }
    struct deadends d;
    deadends_build(log, sel, ends, n_ends, &d);
    rc = cli_output(&c, build_doc(log, &d, limit), "activities");
    deadends_clear(&d);
    free(ends);
    cli_unload(log, sel);
    return rc;
}

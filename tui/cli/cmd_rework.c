/* `caseflow rework`: repeated activities, loops, regressions and skips as text, JSON or CSV. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "rework.h"
#include "textout.h"

static const struct table_col activity_cols[] = {
    {.key = "activity", .header = "activity", .kind = TK_TEXT, .min_width = 16, .flags = TCOL_FLEX},
    {.key = "cases_repeated", .header = "repeated", .kind = TK_COUNT},
    {.key = "extra_occurrences", .header = "extra", .kind = TK_COUNT, .priority = 1},
    {.key = "self_loop_cases", .header = "self-loop", .kind = TK_COUNT, .priority = 2},
    {.key = "redo_cases", .header = "redo", .kind = TK_COUNT, .priority = 2},
};

static const struct table_col loop_cols[] = {
    {.key = "path",
     .header = "loop",
     .kind = TK_PATH,
     .cut = TC_MIDDLE,
     .min_width = 20,
     .flags = TCOL_FLEX | TCOL_JSON_STRING},
    {.key = "cases", .header = "cases", .kind = TK_COUNT},
    {.key = "occurrences", .header = "times", .kind = TK_COUNT, .priority = 1},
    {.key = "median_s",
     .header = "median",
     .kind = TK_DURATION,
     .priority = 2,
     .flags = TCOL_READABLE},
};

static const struct table_col stage_cols[] = {
    {.key = "rank", .header = "rank", .kind = TK_COUNT},
    {.key = "activity", .header = "activity", .kind = TK_TEXT, .min_width = 16, .flags = TCOL_FLEX},
    {.key = "median_position", .header = "median position", .kind = TK_NUMBER, .priority = 1},
};

static const struct table_col jump_cols[] = {
    {.key = "from", .header = "from", .kind = TK_TEXT, .min_width = 12, .flags = TCOL_FLEX},
    {.key = "to", .header = "to", .kind = TK_TEXT, .min_width = 12},
    {.key = "cases", .header = "cases", .kind = TK_COUNT},
    {.key = "count", .header = "count", .kind = TK_COUNT, .priority = 1},
    {.key = "skipped", .header = "skipped", .kind = TK_PATH, .min_width = 10, .priority = 2},
};

static void
add_jumps(struct tnode *r, const struct event_log *log, const char *key, const char *title,
          const struct rework_jump *v, size_t n, bool skips, size_t limit)
{
    struct table *t = tnode_table(r, key, title, jump_cols, skips ? 5 : 4, log->activities);
    table_set_text_limit(t, limit);
    table_reserve(t, n);
    for (size_t i = 0; i < n; i++) {
        size_t row = table_add_row(t);
        table_set_text(t, row, 0, eventlog_activity_name(log, v[i].from));
        table_set_text(t, row, 1, eventlog_activity_name(log, v[i].to));
        table_set_count(t, row, 2, v[i].cases);
        table_set_count(t, row, 3, v[i].count);
        if (skips)
            table_set_path(t, row, 4, v[i].skipped, v[i].n_skipped);
    }
}

static struct tdoc *
build_doc(const struct event_log *log, size_t cases, const struct rework *r, size_t limit)
{
    struct tdoc *doc = tdoc_new("rework", log->name);
    struct tnode *n = tdoc_root(doc);
    tnode_title(n, "Rework in %zu cases (of %zu in %s)", cases, log->n_cases, log->name);
    tnode_count(n, "cases", NULL, cases);
    struct table *t =
        tnode_table(n, "activities", "Repeated activities (in how many cases):", activity_cols,
                    sizeof activity_cols / sizeof activity_cols[0], NULL);
    table_set_text_limit(t, limit);
    table_reserve(t, r->n_activities);
    for (size_t i = 0; i < r->n_activities; i++) {
        const struct rework_activity *a = &r->activities[i];
        size_t row = table_add_row(t);
        table_set_text(t, row, 0, eventlog_activity_name(log, a->activity));
        table_set_count(t, row, 1, a->cases_repeated);
        table_set_count(t, row, 2, a->extra_occurrences);
        table_set_count(t, row, 3, a->self_loop_cases);
        table_set_count(t, row, 4, a->redo_cases);
    }
    t = tnode_table(n, "loops",
                    "Loops (from an activity to its next occurrence), most frequent first:",
                    loop_cols, sizeof loop_cols / sizeof loop_cols[0], log->activities);
    table_set_text_limit(t, limit);
    table_reserve(t, r->n_loops);
    for (size_t i = 0; i < r->n_loops; i++) {
        const struct rework_loop *l = &r->loops[i];
        size_t row = table_add_row(t);
        table_set_path(t, row, 0, l->path, l->len);
        table_set_count(t, row, 1, l->cases);
        table_set_count(t, row, 2, l->occurrences);
        table_set_dur(t, row, 3, l->median_ms);
    }
    tnode_bool(n, "stages_inferred", NULL, r->stages_inferred);
    t = tnode_table(n, "stage_order",
                    r->stages_inferred
                        ? "Stage order (inferred from the median relative position of each "
                          "activity's\n  first occurrence in its cases; equal medians share a "
                          "stage;\n  set it with --stages A,B,C):"
                        : "Stage order (as given by --stages):",
                    stage_cols, sizeof stage_cols / sizeof stage_cols[0], NULL);
    for (size_t i = 0; i < r->n_stages; i++) {
        size_t row = table_add_row(t);
        table_set_count(t, row, 0, r->stage_rank[i] + 1);
        table_set_text(t, row, 1, eventlog_activity_name(log, r->stages[i]));
        table_set_number(t, row, 2, r->stage_median[i]); /* NaN (given order): null */
    }
    add_jumps(n, log, "regressions", "Regressions (back to an earlier stage):", r->regressions,
              r->n_regressions, false, limit);
    add_jumps(n, log, "skips", "Skips (forward over one or more stages):", r->skips, r->n_skips,
              true, limit);
    return doc;
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
    int rc;
    if (!cli_start(
            &c, argc, argv, extra, &rc,
            "Usage: caseflow rework [OPTIONS] [--stages A,B,C] LOG\n"
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
            "  --limit N             rows per table in text output (default 15; 0 = all)\n\n"))
        return rc;
    size_t limit = 15;
    if ((rc = cli_size_opt(&c, "limit", limit_s, &limit, 0)) != 0)
        return rc;
    struct event_log *log;
    struct selection *sel;
    rc = cli_load(&c, &log, &sel);
    if (rc != 0)
        return rc;
    uint32_t *stages = NULL;
    size_t n_stages = 0;
    if (stages_s != NULL &&
        (rc = textout_activities(log, "stages", stages_s, &stages, &n_stages)) != 0) {
        cli_unload(log, sel);
        return rc;
    }
    struct rework r;
    rework_build(log, sel, stages, n_stages, &r);
    size_t cases = selection_count(sel);
    rc = cli_output(&c, build_doc(log, cases, &r, limit), "activities");
    rework_clear(&r);
    free(stages);
    cli_unload(log, sel);
    return rc;
}

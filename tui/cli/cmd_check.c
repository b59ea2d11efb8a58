/* `caseflow check`: cases checked against a playbook, deviations and their effect on the outcome.
 */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_outcome.h"
#include "commands.h"
#include "playbook.h"

static const char *
effect_word(const struct deviation_stat *s)
{
    if (s->known == 0)
        return "n/a";
    if (s->low_support)
        return "few cases";
    return s->effect > 0 ? "beneficial" : s->effect < 0 ? "detrimental" : "neutral";
}

static const struct table_col stat_cols[] = {
    {.key = "kind", .header = "kind", .kind = TK_TEXT, .flags = TCOL_NO_TEXT},
    {.key = "deviation",
     .header = "deviation",
     .kind = TK_TEXT,
     .min_width = 16,
     .flags = TCOL_FLEX},
    {.key = "activity", .header = "activity", .kind = TK_TEXT, .flags = TCOL_NO_TEXT},
    {.key = "after", .header = "after", .kind = TK_TEXT, .flags = TCOL_NO_TEXT},
    {.key = "cases", .header = "cases", .kind = TK_COUNT},
    {.key = "win_rate", .header = "win rate", .kind = TK_SHARE},
    {.key = "diff", .header = "diff", .kind = TK_SHARE, .priority = 1},
    {.key = "p", .header = "p", .kind = TK_NUMBER, .flags = TCOL_NO_TEXT},
    {.key = "effect", .header = "effect", .kind = TK_TEXT},
};

/* The kinds' table has no deviation, activity or after (columns 1..3). */
static const struct table_col kind_cols[] = {
    {.key = "kind", .header = "kind", .kind = TK_TEXT, .flags = TCOL_NO_TEXT},
    {.key = "kind_text",
     .header = "kind",
     .kind = TK_TEXT,
     .min_width = 16,
     .flags = TCOL_FLEX | TCOL_NO_JSON | TCOL_NO_CSV},
    {.key = "activity",
     .header = "",
     .kind = TK_TEXT,
     .flags = TCOL_NO_TEXT | TCOL_NO_JSON | TCOL_NO_CSV},
    {.key = "after",
     .header = "",
     .kind = TK_TEXT,
     .flags = TCOL_NO_TEXT | TCOL_NO_JSON | TCOL_NO_CSV},
    {.key = "cases", .header = "cases", .kind = TK_COUNT},
    {.key = "win_rate", .header = "win rate", .kind = TK_SHARE},
    {.key = "diff", .header = "diff", .kind = TK_SHARE, .priority = 1},
    {.key = "p", .header = "p", .kind = TK_NUMBER, .flags = TCOL_NO_TEXT},
    {.key = "effect", .header = "effect", .kind = TK_TEXT},
};

static void
add_stat(struct table *t, const struct event_log *log, const struct playbook *pb,
         const struct deviation_stat *s, bool specific, bool text_row)
{
    char desc[256];
    size_t row = table_add_row(t);
    table_set_text(t, row, 0, deviation_key((enum deviation_kind)s->kind));
    if (specific) {
        deviation_describe(log, pb, s->kind, s->act, s->prev, s->stage, desc, sizeof desc);
        table_set_text(t, row, 1, desc);
        if (s->act != CF_NONE)
            table_set_text(t, row, 2, eventlog_activity_name(log, s->act));
        else if (s->stage != CF_NONE)
            table_set_text(t, row, 2, pb->stage[s->stage]);
        if (s->prev != CF_NONE)
            table_set_text(t, row, 3, eventlog_activity_name(log, s->prev));
    } else {
        table_set_text(t, row, 1, deviation_text((enum deviation_kind)s->kind));
    }
    table_set_count(t, row, 4, s->cases);
    table_set_number(t, row, 5, s->rate);
    table_set_number(t, row, 6, s->diff);
    table_set_number(t, row, 7, s->p);
    table_set_text(t, row, 8, effect_word(s));
    if (!text_row)
        table_set_role(t, row, TROW_HIDDEN);
}

static const struct table_col case_cols[] = {
    {.key = "case", .header = "case", .kind = TK_TEXT, .min_width = 8},
    {.key = "deviations_text",
     .header = "deviations",
     .kind = TK_TEXT,
     .min_width = 16,
     .flags = TCOL_FLEX | TCOL_NO_JSON | TCOL_NO_CSV},
    {.key = "count", .header = "count", .kind = TK_COUNT, .flags = TCOL_NO_TEXT | TCOL_NO_JSON},
};
static const struct table_col case_dev_cols[] = {
    {.key = "kind", .header = "kind", .kind = TK_TEXT},
    {.key = "deviation", .header = "deviation", .kind = TK_TEXT},
    {.key = "event", .header = "event", .kind = TK_COUNT},
};

static void
add_cases(struct tnode *n, const struct event_log *log, const struct playbook *pb,
          const struct conformance *cf)
{
    struct table *t = tnode_table(n, "case_deviations", "Deviating cases:", case_cols,
                                  sizeof case_cols / sizeof case_cols[0], NULL);
    struct cf_buf b = {0};
    for (size_t c = 0; c < log->n_cases; c++) {
        if (cf->case_off[c + 1] == cf->case_off[c])
            continue;
        size_t row = table_add_row(t);
        table_set_text(t, row, 0, eventlog_case_name(log, c));
        table_set_count(t, row, 2, cf->case_off[c + 1] - cf->case_off[c]);
        struct table *d = table_sub(t, row, "deviations", case_dev_cols, 3);
        table_set_flags(d, TTAB_NO_TEXT);
        b.len = 0;
        for (size_t i = cf->case_off[c]; i < cf->case_off[c + 1]; i++) {
            const struct deviation *x = &cf->devs[i];
            char desc[256];
            deviation_describe(log, pb, x->kind, x->act, x->prev, x->stage, desc, sizeof desc);
            size_t r = table_add_row(d);
            table_set_text(d, r, 0, deviation_key((enum deviation_kind)x->kind));
            table_set_text(d, r, 1, desc);
            table_set_count(d, r, 2, x->pos);
            cf_buf_printf(&b, "%s%s (event %u)", i > cf->case_off[c] ? "; " : "", desc, x->pos + 1);
        }
        table_set_text(t, row, 1, b.data);
    }
    cf_buf_clear(&b);
}

static struct tdoc *
build_doc(const struct event_log *log, const struct playbook *pb, const struct conformance *cf,
          const char *outcome_desc, size_t top, bool list_cases)
{
    struct tdoc *doc = tdoc_new("check", log->name);
    struct tnode *n = tdoc_root(doc);
    struct cf_buf b = {0};
    tnode_text(n, "playbook", NULL, pb->name);
    cf_buf_printf(&b, "%s (%zu stages)", pb->name, pb->n_stages);
    tnode_text(n, NULL, "Playbook", b.data);
    if (cf->missing_stages[0])
        tnode_text(n, NULL, "Warning", cf->missing_stages);
    tnode_text(n, NULL, "Outcome", outcome_desc);
    tnode_count(n, "cases", NULL, cf->cases);
    tnode_count(n, "conforming", NULL, cf->conforming);
    b.len = 0;
    cf_buf_printf(&b, "%zu checked, %zu conforming (%.1f%%)", cf->cases, cf->conforming,
                  cf->cases ? 100.0 * (double)cf->conforming / (double)cf->cases : 0.0);
    tnode_text(n, NULL, "Cases", b.data);
    tnode_share(n, "conforming_win_rate", "Win rate of conforming cases", cf->conforming_rate);
    b.len = 0;
    cf_buf_printf(&b, "%zu of %zu", cf->conforming_won, cf->conforming_known);
    tnode_text(n, NULL, "With a known outcome", b.data);
    tnode_count(n, "min_support", NULL, cf->min_support);
    tnode_note(n,
               "Effect rule: beneficial/detrimental when the deviating cases' win rate is at\n"
               "least 5 points above/below the conforming cases' with p < 0.05 (two-proportion\n"
               "z-test) and at least %zu cases; otherwise neutral.",
               cf->min_support);
    cf_buf_clear(&b);
    struct table *t = tnode_table(n, "kinds", "Deviations by kind:", kind_cols,
                                  sizeof kind_cols / sizeof kind_cols[0], NULL);
    for (int k = 0; k < DEV__COUNT; k++)
        add_stat(t, log, pb, &cf->kinds[k], false, cf->kinds[k].cases > 0);
    t = tnode_table(n, "deviations", "Most frequent deviations:", stat_cols,
                    sizeof stat_cols / sizeof stat_cols[0], NULL);
    table_set_text_limit(t, top);
    for (size_t i = 0; i < cf->n_specific; i++)
        add_stat(t, log, pb, &cf->specific[i], true, true);
    if (list_cases)
        add_cases(n, log, pb, cf);
    return doc;
}

int
cmd_check(int argc, char **argv)
{
    struct cli_outcome co = {0};
    const char *pb_path = NULL, *top_s = NULL, *min_s = NULL;
    bool list_cases = false;
    const struct cli_opt extra[] = {
        {"playbook", true, &pb_path, NULL, NULL},  CLI_OUTCOME_OPTS(co),
        {"top", true, &top_s, NULL, NULL},         {"min-support", true, &min_s, NULL, NULL},
        {"cases", false, NULL, &list_cases, NULL}, {NULL, false, NULL, NULL, NULL},
    };
    struct cli_common c = {.cmd = "check"};
    int rc;
    if (!cli_start(&c, argc, argv, extra, &rc,
                   "Usage: caseflow check --playbook FILE [OUTCOME] [FILTERS] LOG\n"
                   "Checks every case against the playbook (the intended stage order) and\n"
                   "classifies deviations: skipped stage, stage out of order, unexpected\n"
                   "activity, repeated stage that may not repeat, no accepted end, activity\n"
                   "after the end. Each deviation's win rate is compared with the conforming\n"
                   "cases' and labelled beneficial, detrimental or neutral.\n\n"
                   "Playbook syntax (one item per line, # comments):\n"
                   "  Stage name            a required stage, in order, at most once\n"
                   "  Stage name?           optional          Stage name*   may repeat\n"
                   "  allow: A -> B         an extra allowed transition (e.g. a loop back)\n"
                   "  anywhere: A, B        activities allowed anywhere, not checked\n"
                   "  end: A, B             accepted end activities\n"
                   "  win: A                which end counts as the good outcome\n\n"
                   "  --playbook FILE           the playbook (required)\n"
                   "  --top N                   deviations listed in text output (default 15)\n"
                   "  --min-support N           cases a deviation needs to be labelled\n"
                   "                            (default max(10, 1%% of the cases))\n"
                   "  --cases                   also list each deviating case's deviations\n\n"
                   "%s(without an outcome option, the playbook's win/end lines define it)\n\n",
                   cli_outcome_help))
        return rc;
    if (pb_path == NULL) {
        fprintf(stderr, "caseflow check: --playbook FILE is required\n");
        return CF_EXIT_USAGE;
    }
    size_t top = 15, min_support = 0;
    if ((rc = cli_size_opt(&c, "top", top_s, &top, 1)) != 0)
        return rc;
    if ((rc = cli_size_opt(&c, "min-support", min_s, &min_support, 1)) != 0)
        return rc;
    struct cf_error err = {0};
    struct playbook *pb = playbook_load(pb_path, &err);
    if (pb == NULL) {
        cli_error(&err);
        return CF_EXIT_INPUT;
    }
    struct event_log *log;
    struct selection *sel;
    rc = cli_load(&c, &log, &sel);
    if (rc != 0) {
        playbook_free(pb);
        return rc;
    }
    uint8_t *seg = NULL;
    char desc[256];
    if (cli_outcome_given(&co) || co.versus || co.end) {
        struct outcome o;
        if (cli_outcome_init(&co, log, &o, &err) != 0) {
            cli_error(&err);
            playbook_free(pb);
            cli_unload(log, sel);
            return CF_EXIT_USAGE;
        }
        size_t counts[3];
        seg = xmalloc(log->n_cases ? log->n_cases : 1);
        outcome_segments(&o, log, seg, counts, NULL);
        snprintf(desc, sizeof desc, "win = %s, versus %s", o.label_a, o.label_b);
        outcome_clear(&o);
    } else if (pb->n_win > 0) {
        struct cf_buf b = {0};
        for (size_t i = 0; i < pb->n_win; i++)
            cf_buf_printf(&b, "%s%s", i ? ", " : "", pb->win[i]);
        snprintf(desc, sizeof desc,
                 "win = ending with %s (playbook); other ends lose; no end: open", b.data);
        cf_buf_clear(&b);
    } else {
        snprintf(desc, sizeof desc, "none (no win: line in the playbook, no --outcome)");
    }
    struct conformance cf;
    conformance_check(log, sel, pb, seg, min_support, &cf);
    rc = cli_output(&c, build_doc(log, pb, &cf, desc, top, list_cases), "deviations");
    conformance_clear(&cf);
    free(seg);
    playbook_free(pb);
    cli_unload(log, sel);
    return rc;
}

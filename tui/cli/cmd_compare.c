/* `caseflow compare`: two segments (won vs lost, filter vs rest) side by side. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_outcome.h"
#include "commands.h"
#include "compare.h"

static const char *
stars(const struct compare_item *it)
{
    if (!it->significant)
        return "";
    return it->p < 0.001 ? "***" : it->p < 0.01 ? "**" : "*";
}

static const struct table_col variant_cols[] = {
    {.key = "share", .header = "share", .kind = TK_SHARE},
    {.key = "cases", .header = "cases", .kind = TK_COUNT, .priority = 1},
    {.key = "activities",
     .header = "path",
     .kind = TK_PATH,
     .cut = TC_MIDDLE,
     .min_width = 20,
     .flags = TCOL_FLEX},
};

static void
add_side(struct tnode *n, const char *key, const char *label, const struct event_log *log,
         const struct compare_side *s, const char *name)
{
    struct tnode *o = tnode_object(n, key, label);
    tnode_text(o, "label", "Segment", name);
    tnode_count(o, "cases", "Cases", s->cases);
    /* JSON only: the segments are the outcome itself, so this reads 100% and 0%. */
    tnode_share(o, "win_rate", NULL, s->win_rate);
    tnode_dur(o, "median_duration_s", "Median duration", s->median_dur_ms);
    tnode_dur(o, "mean_duration_s", "Mean duration", s->mean_dur_ms);
    tnode_number(o, "events_per_case", "Events per case", s->events_per_case);
    tnode_share(o, "rework_share", "Cases with rework", s->rework_share);
    tnode_count(o, NULL, "Variants", s->variants.n);
    struct table *t = tnode_table(o, "top_variants", "Top variants:", variant_cols,
                                  sizeof variant_cols / sizeof variant_cols[0], log->activities);
    table_set_text_limit(t, 3);
    for (size_t i = 0; i < s->variants.n && i < 10; i++) {
        size_t len, row = table_add_row(t);
        const uint32_t *seq = variants_sequence(log, s->variants.v[i].variant, &len);
        table_set_number(t, row, 0, s->variants.v[i].share);
        table_set_count(t, row, 1, s->variants.v[i].cases);
        table_set_path(t, row, 2, seq, len);
    }
}

/* The item columns; for activities the first is "activity" and "to" is left out. */
#define ITEM_COLS(first, flags0)                                                                   \
    {.key = first, .header = first, .kind = TK_TEXT, .min_width = 12, .flags = TCOL_FLEX},         \
        {.key = "to", .header = "to", .kind = TK_TEXT, .min_width = 12, .flags = flags0},          \
        {.key = "cases_a", .header = "cases A", .kind = TK_COUNT, .flags = TCOL_NO_TEXT},          \
        {.key = "cases_b", .header = "cases B", .kind = TK_COUNT, .flags = TCOL_NO_TEXT},          \
        {.key = "share_a", .header = "share A", .kind = TK_SHARE},                                 \
        {.key = "share_b", .header = "share B", .kind = TK_SHARE},                                 \
        {.key = "diff", .header = "diff", .kind = TK_SHARE},                                       \
        {.key = "ratio", .header = "ratio", .kind = TK_NUMBER, .flags = TCOL_NO_TEXT},             \
        {.key = "median_s_a", .header = "median A", .kind = TK_DURATION, .priority = 2},           \
        {.key = "median_s_b", .header = "median B", .kind = TK_DURATION, .priority = 2},           \
        {.key = "z", .header = "z", .kind = TK_NUMBER, .flags = TCOL_NO_TEXT},                     \
        {.key = "p", .header = "p", .kind = TK_NUMBER, .flags = TCOL_NO_TEXT},                     \
        {.key = "significant", .header = "sig", .kind = TK_BOOL, .flags = TCOL_NO_TEXT},           \
    {                                                                                              \
        .key = "sig", .header = "sig", .kind = TK_TEXT, .priority = 1,                             \
        .flags = TCOL_NO_JSON | TCOL_NO_CSV                                                        \
    }

static const struct table_col edge_cols[] = {ITEM_COLS("from", 0)};
static const struct table_col act_cols[] = {
    ITEM_COLS("activity", TCOL_NO_TEXT | TCOL_NO_JSON | TCOL_NO_CSV)};

static void
add_items(struct tnode *n, const char *key, const char *title, const struct event_log *log,
          const struct compare_item *items, size_t count, bool edges, size_t top)
{
    struct table *t = tnode_table(n, key, title, edges ? edge_cols : act_cols,
                                  sizeof edge_cols / sizeof edge_cols[0], NULL);
    table_set_text_limit(t, top);
    table_reserve(t, count);
    for (size_t i = 0; i < count; i++) {
        const struct compare_item *it = &items[i];
        size_t row = table_add_row(t);
        table_set_text(t, row, 0, eventlog_activity_name(log, it->from));
        if (edges)
            table_set_text(t, row, 1, eventlog_activity_name(log, it->to));
        table_set_count(t, row, 2, it->cases_a);
        table_set_count(t, row, 3, it->cases_b);
        table_set_number(t, row, 4, it->share_a);
        table_set_number(t, row, 5, it->share_b);
        table_set_number(t, row, 6, it->diff);
        table_set_number(t, row, 7, it->ratio);
        table_set_dur(t, row, 8, it->median_a_ms);
        table_set_dur(t, row, 9, it->median_b_ms);
        table_set_number(t, row, 10, it->z);
        table_set_number(t, row, 11, it->p);
        table_set_bool(t, row, 12, it->significant);
        table_set_text(t, row, 13, stars(it));
    }
}

static const struct table_col split_cols[] = {
    {.key = "prefix",
     .header = "after",
     .kind = TK_PATH,
     .cut = TC_MIDDLE,
     .min_width = 16,
     .flags = TCOL_FLEX},
    {.key = "cases", .header = "cases", .kind = TK_COUNT},
    {.key = "next_a", .header = "then", .kind = TK_TEXT, .min_width = 10},
    {.key = "next_b", .header = "or", .kind = TK_TEXT, .min_width = 10},
    {.key = "cases_next_a", .header = "cases", .kind = TK_COUNT, .priority = 2},
    {.key = "cases_next_b", .header = "cases", .kind = TK_COUNT, .priority = 2},
    {.key = "win_rate_next_a", .header = "A rate", .kind = TK_SHARE, .priority = 1},
    {.key = "win_rate_next_b", .header = "A rate", .kind = TK_SHARE, .priority = 1},
    {.key = "z", .header = "z", .kind = TK_NUMBER, .flags = TCOL_NO_TEXT},
};

static struct tdoc *
build_doc(const struct event_log *log, const struct comparison *cmp, const char *la, const char *lb,
          size_t unknown, size_t top)
{
    struct tdoc *doc = tdoc_new("compare", log->name);
    struct tnode *n = tdoc_root(doc);
    if (unknown)
        tnode_title(n,
                    "Comparing A = %s (%zu cases) with B = %s (%zu cases); %zu cases of "
                    "unknown outcome left out",
                    la, cmp->a.cases, lb, cmp->b.cases, unknown);
    else
        tnode_title(n, "Comparing A = %s (%zu cases) with B = %s (%zu cases)", la, cmp->a.cases, lb,
                    cmp->b.cases);
    struct tnode *seg = tnode_object(n, "segments", NULL);
    add_side(seg, "a", "A:", log, &cmp->a, la);
    add_side(seg, "b", "B:", log, &cmp->b, lb);
    tnode_count(tnode_object(seg, "unknown", NULL), "cases", NULL, unknown);
    /* The segments object has no text label: show the sides in text from a copy. */
    add_side(n, NULL, "A:", log, &cmp->a, la);
    add_side(n, NULL, "B:", log, &cmp->b, lb);

    add_items(n, "edges",
              "Transitions that differ most (share of each segment's cases; sig: two-proportion\n"
              "z-test, * p<0.05, ** p<0.01, *** p<0.001):",
              log, cmp->edges, cmp->n_edges, true, top);
    add_items(n, "activities", "Activities that differ most (time in stage):", log, cmp->acts,
              cmp->n_acts, false, top);
    struct table *t =
        tnode_table(n, "divergence",
                    "Where the paths diverge (significant splits, strongest first):", split_cols,
                    sizeof split_cols / sizeof split_cols[0], log->activities);
    table_set_text_limit(t, top);
    for (size_t i = 0; i < cmp->n_splits; i++) {
        const struct compare_split *s = &cmp->splits[i];
        size_t row = table_add_row(t);
        table_set_path(t, row, 0, s->prefix, s->prefix_len);
        table_set_count(t, row, 1, s->cases);
        if (s->next_a != CF_NONE)
            table_set_text(t, row, 2, eventlog_activity_name(log, s->next_a));
        if (s->next_b != CF_NONE)
            table_set_text(t, row, 3, eventlog_activity_name(log, s->next_b));
        table_set_count(t, row, 4, s->cases_next_a);
        table_set_count(t, row, 5, s->cases_next_b);
        table_set_number(t, row, 6, s->rate_next_a);
        table_set_number(t, row, 7, s->rate_next_b);
        table_set_number(t, row, 8, s->z);
    }
    if (cmp->n_splits > 0)
        tnode_note(n, "A blank 'then' or 'or': the case stops there (only its outcome, hidden "
                      "from paths, follows).");
    return doc;
}

int
cmd_compare(int argc, char **argv)
{
    struct cli_outcome co = {0};
    const char *top_s = NULL, *min_s = NULL;
    const struct cli_opt extra[] = {
        CLI_OUTCOME_OPTS(co),
        {"top", true, &top_s, NULL, NULL},
        {"min-cases", true, &min_s, NULL, NULL},
        {NULL, false, NULL, NULL, NULL},
    };
    struct cli_common c = {.cmd = "compare"};
    int rc;
    if (!cli_start(&c, argc, argv, extra, &rc,
                   "Usage: caseflow compare [OUTCOME] [FILTERS] [--top N] [--min-cases N] LOG\n"
                   "Two segments side by side: with an outcome, A (e.g. won) against B (lost)\n"
                   "within the filtered cases; without one, the filtered cases (A) against all\n"
                   "the others (B). Shows key figures, the transitions and activities whose\n"
                   "share of cases differs most (with a two-proportion z-test), time in stage\n"
                   "per segment, and where the paths diverge (prefix-tree splits whose\n"
                   "continuations have significantly different shares of A).\n\n%s"
                   "  --top N                   rows per table in text output (default 10)\n"
                   "  --min-cases N             cases each side of a split needs (default 5)\n\n",
                   cli_outcome_help))
        return rc;
    size_t top = 10, min_cases = 5;
    if ((rc = cli_size_opt(&c, "top", top_s, &top, 1)) != 0)
        return rc;
    if ((rc = cli_size_opt(&c, "min-cases", min_s, &min_cases, 1)) != 0)
        return rc;
    if (!cli_outcome_given(&co) && (co.versus || co.end)) {
        fprintf(stderr, "caseflow compare: --versus and --end need an outcome option\n");
        return CF_EXIT_USAGE;
    }
    if (!cli_outcome_given(&co) && c.n_filters == 0) {
        fprintf(stderr, "caseflow compare: give an outcome (--outcome, --outcome-activity,\n"
                        "--outcome-last) or a filter to compare against the other cases\n");
        return CF_EXIT_USAGE;
    }
    struct event_log *log;
    struct selection *sel;
    rc = cli_load(&c, &log, &sel);
    if (rc != 0)
        return rc;

    struct selection *sa = selection_new(log->n_cases, false);
    struct selection *sb = selection_new(log->n_cases, false);
    uint8_t *seg = NULL;
    bool *hide = NULL;
    size_t unknown = 0;
    char la[128], lb[128];
    struct outcome o;
    if (cli_outcome_given(&co)) {
        struct cf_error err = {0};
        if (cli_outcome_init(&co, log, &o, &err) != 0) {
            cli_error(&err);
            selection_free(sa);
            selection_free(sb);
            cli_unload(log, sel);
            return CF_EXIT_USAGE;
        }
        size_t counts[3];
        seg = xmalloc(log->n_cases ? log->n_cases : 1);
        outcome_segments(&o, log, seg, counts, NULL);
        for (size_t k = 0; k < log->n_cases; k++) {
            if (!sel_has(sel, k))
                continue;
            selection_set(sa, k, seg[k] == SEG_A);
            selection_set(sb, k, seg[k] == SEG_B);
            unknown += seg[k] == SEG_UNKNOWN;
        }
        snprintf(la, sizeof la, "%s", o.label_a);
        snprintf(lb, sizeof lb, "%s", o.label_b);
        hide = cli_outcome_hide_mask(&o, log);
        outcome_clear(&o);
    } else {
        selection_or(sa, sel);
        selection_or(sb, sel);
        selection_invert(sb);
        snprintf(la, sizeof la, "filtered cases");
        snprintf(lb, sizeof lb, "the other cases");
    }
    struct comparison cmp;
    compare_build(log, sa, sb, seg, min_cases, hide, &cmp);
    rc = cli_output(&c, build_doc(log, &cmp, la, lb, unknown, top), "edges");
    compare_clear(&cmp);
    free(hide);
    free(seg);
    selection_free(sa);
    selection_free(sb);
    cli_unload(log, sel);
    return rc;
}

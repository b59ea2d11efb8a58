/* `caseflow stages`: time in each stage and case durations, quantiles and histograms. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "filter.h"
#include "stages.h"
#include "textout.h"

static const struct table_col stage_cols[] = {
    {.key = "activity", .header = "activity", .kind = TK_TEXT, .min_width = 12, .flags = TCOL_FLEX},
    {.key = "n", .header = "n", .kind = TK_COUNT},
    {.key = "mean_s", .header = "mean", .kind = TK_DURATION, .priority = 2},
    {.key = "median_s", .header = "median", .kind = TK_DURATION},
    {.key = "p10_s", .header = "p10", .kind = TK_DURATION, .priority = 3},
    {.key = "p25_s", .header = "p25", .kind = TK_DURATION, .flags = TCOL_NO_TEXT},
    {.key = "p75_s", .header = "p75", .kind = TK_DURATION, .flags = TCOL_NO_TEXT},
    {.key = "p90_s", .header = "p90", .kind = TK_DURATION, .priority = 3},
    {.key = "min_s", .header = "min", .kind = TK_DURATION, .flags = TCOL_NO_TEXT},
    {.key = "max_s", .header = "max", .kind = TK_DURATION, .priority = 1},
};

/* The histogram as JSON has it (nested in each stage) and as text draws it. */
static const struct table_col hist_cols[] = {
    {.key = "upto", .header = "up to", .kind = TK_TEXT, .flags = TCOL_NO_JSON | TCOL_NO_CSV},
    {.key = "bar",
     .header = "",
     .kind = TK_BAR,
     .min_width = 48,
     .priority = 1,
     .flags = TCOL_NO_JSON | TCOL_NO_CSV},
    {.key = "upto_s", .header = "up to", .kind = TK_DURATION, .flags = TCOL_NO_TEXT},
    {.key = "count", .header = "count", .kind = TK_COUNT},
    {.key = "share", .header = "share", .kind = TK_SHARE, .flags = TCOL_NO_JSON | TCOL_NO_CSV},
};

/* Fill t with hist: every bucket (JSON), the span from the first to the last
 * non-empty one in text. */
static void
fill_hist(struct table *t, const size_t *hist)
{
    size_t lo = STATS_NBUCKETS, hi = 0, max = 0, total = 0;
    for (size_t b = 0; b < STATS_NBUCKETS; b++) {
        if (hist[b] == 0)
            continue;
        lo = lo == STATS_NBUCKETS ? b : lo;
        hi = b;
        total += hist[b];
        max = hist[b] > max ? hist[b] : max;
    }
    for (size_t b = 0; b < STATS_NBUCKETS; b++) {
        size_t row = table_add_row(t);
        table_set_text(t, row, 0, stats_bucket_label[b]);
        if (max)
            table_set_number(t, row, 1, (double)hist[b] / (double)max);
        if (b < STATS_NBUCKETS - 1) /* the last bucket is open: null */
            table_set_dur(t, row, 2, (double)stats_bucket_upto_ms[b]);
        table_set_count(t, row, 3, hist[b]);
        if (total)
            table_set_number(t, row, 4, (double)hist[b] / (double)total);
        if (total == 0 || b < lo || b > hi)
            table_set_role(t, row, TROW_HIDDEN);
    }
}

/* The statistics of s into row of t from column col on (n, mean .. max). */
static void
set_stats(struct table *t, size_t row, const struct stats_summary *s)
{
    table_set_count(t, row, 1, s->n);
    if (s->n == 0)
        return; /* nulls */
    const double v[] = {s->mean, s->median, s->p10,         s->p25,
                        s->p75,  s->p90,    (double)s->min, (double)s->max};
    for (size_t k = 0; k < 8; k++)
        table_set_dur(t, row, 2 + k, v[k]);
}

static struct tdoc *
build_doc(const struct event_log *log, const struct stages *s, uint32_t only)
{
    struct tdoc *doc = tdoc_new("stages", log->name);
    struct tnode *n = tdoc_root(doc);
    tnode_title(n,
                "Time in stage over %zu cases (of %zu in %s)\n"
                "From each event to the case's next event; slowest median first.",
                s->cases, log->n_cases, log->name);
    tnode_count(n, "cases", NULL, s->cases);
    struct table *t =
        tnode_table(n, "stages", NULL, stage_cols, sizeof stage_cols / sizeof stage_cols[0], NULL);
    for (size_t i = 0; i < s->n; i++) {
        const struct stage_stat *st = &s->stages[i];
        if (only != CF_NONE && st->activity != only)
            continue;
        size_t row = table_add_row(t);
        table_set_text(t, row, 0, eventlog_activity_name(log, st->activity));
        set_stats(t, row, &st->s);
        struct table *h = table_sub(t, row, "histogram", hist_cols, 5);
        table_set_flags(h, TTAB_NO_TEXT);
        fill_hist(h, st->hist);
    }
    size_t row = table_add_row(t);
    table_set_text(t, row, 0, "(case duration)");
    set_stats(t, row, &s->case_duration);
    table_set_role(t, row, TROW_TEXT_ONLY);

    struct tnode *cd = tnode_object(n, "case_duration", NULL);
    tnode_count(cd, "n", NULL, s->case_duration.n);
    const char *keys[] = {"mean_s", "median_s", "p10_s", "p25_s",
                          "p75_s",  "p90_s",    "min_s", "max_s"};
    const struct stats_summary *c = &s->case_duration;
    const double v[] = {c->mean, c->median, c->p10,         c->p25,
                        c->p75,  c->p90,    (double)c->min, (double)c->max};
    for (size_t k = 0; k < 8; k++) {
        if (c->n)
            tnode_dur(cd, keys[k], NULL, v[k]);
        else
            tnode_null(cd, keys[k], NULL);
    }
    struct table *h = tnode_table(cd, "histogram", NULL, hist_cols, 5, NULL);
    table_set_flags(h, TTAB_NO_TEXT | TTAB_NO_CSV);
    fill_hist(h, s->case_hist);

    /* Text draws the histograms after the table. */
    h = tnode_table(n, "case_histogram", "Case duration (first to last event):", hist_cols, 5,
                    NULL);
    table_set_flags(h, TTAB_NO_JSON | TTAB_NO_CSV);
    fill_hist(h, s->case_hist);
    struct cf_buf title = {0};
    for (size_t i = 0; i < s->n; i++) {
        const struct stage_stat *st = &s->stages[i];
        if (only != CF_NONE && st->activity != only)
            continue;
        char m[32];
        title.len = 0;
        cf_buf_printf(&title, "%s (n %zu, median %s):", eventlog_activity_name(log, st->activity),
                      st->s.n, textout_dur(st->s.median, m, sizeof m));
        h = tnode_table(n, "stage_histogram", title.data, hist_cols, 5, NULL);
        table_set_flags(h, TTAB_NO_JSON | TTAB_NO_CSV);
        fill_hist(h, st->hist);
    }
    cf_buf_clear(&title);
    return doc;
}

int
cmd_stage_times(int argc, char **argv)
{
    const char *act_s = NULL;
    bool ascii = false;
    const struct cli_opt extra[] = {
        {"only", true, &act_s, NULL, NULL},
        {"ascii", false, NULL, &ascii, NULL},
        {NULL, false, NULL, NULL, NULL},
    };
    struct cli_common c = {.cmd = "stages"};
    int rc;
    if (!cli_start(
            &c, argc, argv, extra, &rc,
            "Usage: caseflow stages [OPTIONS] LOG\n"
            "Time in stage per activity: from each of its events to the case's next event\n"
            "(a case's last event has none), with n, mean, p10, p25, median, p75, p90 and\n"
            "max (quantiles interpolate linearly between order statistics, as numpy), and\n"
            "a histogram on fixed buckets (1m 10m 1h 4h 1d 3d 1w 2w 30d 90d, more). The\n"
            "same for case durations. Text output draws the histograms as bars.\n\n"
            "  --only A              only this activity's stage\n"
            "  --ascii               draw bars with '#' (the default in non-UTF-8 locales)\n\n"))
        return rc;
    struct event_log *log;
    struct selection *sel;
    rc = cli_load(&c, &log, &sel);
    if (rc != 0)
        return rc;
    uint32_t only = CF_NONE;
    if (act_s != NULL) {
        struct cf_error err = {0};
        only = filter_find_activity(log, act_s, strlen(act_s), &err);
        if (only == CF_NONE) {
            char msg[sizeof err.msg];
            snprintf(msg, sizeof msg, "%s", err.msg);
            cf_error_set(&err, NULL, 0, "--only: %s", msg);
            cli_error(&err);
            cli_unload(log, sel);
            return CF_EXIT_USAGE;
        }
    }
    struct stages s;
    stages_build(log, sel, &s);
    c.ascii = ascii;
    rc = cli_output(&c, build_doc(log, &s, only), "stages");
    stages_clear(&s);
    cli_unload(log, sel);
    return rc;
}

/* `caseflow stages`: time in each stage and case durations, quantiles and histograms. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "filter.h"
#include "jsonw.h"
#include "stages.h"
#include "textout.h"

static void
json_stats(struct jsonw *j, const struct stats_summary *s, const size_t *hist)
{
    jsonw_key(j, "n");
    jsonw_uint(j, s->n);
    const char *keys[] = {"mean_s", "median_s", "p10_s", "p25_s", "p75_s", "p90_s"};
    const double vals[] = {s->mean, s->median, s->p10, s->p25, s->p75, s->p90};
    for (size_t k = 0; k < 6; k++) {
        jsonw_key(j, keys[k]);
        if (s->n)
            jsonw_double(j, vals[k] / 1000.0);
        else
            jsonw_null(j);
    }
    jsonw_key(j, "min_s");
    if (s->n)
        jsonw_double(j, (double)s->min / 1000.0);
    else
        jsonw_null(j);
    jsonw_key(j, "max_s");
    if (s->n)
        jsonw_double(j, (double)s->max / 1000.0);
    else
        jsonw_null(j);
    jsonw_key(j, "histogram");
    jsonw_arr_begin(j);
    for (size_t b = 0; b < STATS_NBUCKETS; b++) {
        jsonw_obj_begin(j);
        jsonw_key(j, "upto_s");
        if (b < STATS_NBUCKETS - 1)
            jsonw_double(j, (double)stats_bucket_upto_ms[b] / 1000.0);
        else
            jsonw_null(j); /* the open last bucket */
        jsonw_key(j, "count");
        jsonw_uint(j, hist[b]);
        jsonw_obj_end(j);
    }
    jsonw_arr_end(j);
}

static void
print_json(const struct event_log *log, const struct stages *s, uint32_t only)
{
    struct jsonw j;
    jsonw_init(&j, stdout, true);
    jsonw_obj_begin(&j);
    jsonw_key(&j, "log");
    jsonw_str(&j, log->name);
    jsonw_key(&j, "cases");
    jsonw_uint(&j, s->cases);
    jsonw_key(&j, "stages");
    jsonw_arr_begin(&j);
    for (size_t i = 0; i < s->n; i++) {
        if (only != CF_NONE && s->stages[i].activity != only)
            continue;
        jsonw_obj_begin(&j);
        jsonw_key(&j, "activity");
        jsonw_str(&j, eventlog_activity_name(log, s->stages[i].activity));
        json_stats(&j, &s->stages[i].s, s->stages[i].hist);
        jsonw_obj_end(&j);
    }
    jsonw_arr_end(&j);
    jsonw_key(&j, "case_duration");
    jsonw_obj_begin(&j);
    json_stats(&j, &s->case_duration, s->case_hist);
    jsonw_obj_end(&j);
    jsonw_obj_end(&j);
    jsonw_end(&j);
}

/* One table row: name, n and the quantiles. */
static void
print_row(const char *name, const struct stats_summary *s)
{
    char q[5][32];
    textout_cell(stdout, name, 24, false);
    printf(" %7zu %8s %8s %8s %8s %8s\n", s->n, textout_dur(s->p10, q[0], sizeof q[0]),
           textout_dur(s->median, q[1], sizeof q[1]), textout_dur(s->mean, q[2], sizeof q[2]),
           textout_dur(s->p90, q[3], sizeof q[3]), textout_dur((double)s->max, q[4], sizeof q[4]));
}

static void
print_text(const struct event_log *log, const struct stages *s, uint32_t only, bool unicode)
{
    printf("Time in stage over %zu cases (of %zu in %s)\n"
           "From each event to the case's next event; slowest median first.\n\n",
           s->cases, log->n_cases, log->name);
    printf("  %-24s %7s %8s %8s %8s %8s %8s\n", "activity", "n", "p10", "median", "mean", "p90",
           "max");
    for (size_t i = 0; i < s->n; i++) {
        if (only != CF_NONE && s->stages[i].activity != only)
            continue;
        fputs("  ", stdout);
        print_row(eventlog_activity_name(log, s->stages[i].activity), &s->stages[i].s);
    }
    fputs("  ", stdout);
    print_row("(case duration)", &s->case_duration);

    printf("\nCase duration (first to last event):\n");
    textout_histogram(stdout, s->case_hist, unicode);
    for (size_t i = 0; i < s->n; i++) {
        const struct stage_stat *st = &s->stages[i];
        if (only != CF_NONE && st->activity != only)
            continue;
        char m[32];
        printf("\n%s (n %zu, median %s):\n", eventlog_activity_name(log, st->activity), st->s.n,
               textout_dur(st->s.median, m, sizeof m));
        textout_histogram(stdout, st->hist, unicode);
    }
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
    int rc = cli_parse(&c, argc, argv, extra);
    if (rc != 0)
        return rc;
    if (c.help) {
        printf("Usage: caseflow stages [OPTIONS] LOG\n"
               "Time in stage per activity: from each of its events to the case's next event\n"
               "(a case's last event has none), with n, mean, p10, p25, median, p75, p90 and\n"
               "max (quantiles interpolate linearly between order statistics, as numpy), and\n"
               "a histogram on fixed buckets (1m 10m 1h 4h 1d 3d 1w 2w 30d 90d, more). The\n"
               "same for case durations. Text output draws the histograms as bars.\n\n"
               "  --only A              only this activity's stage\n"
               "  --ascii               draw bars with '#' (the default in non-UTF-8 locales)\n\n");
        cli_print_common_help(stdout);
        return 0;
    }
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
            selection_free(sel);
            eventlog_free(log);
            return CF_EXIT_USAGE;
        }
    }
    struct stages s;
    stages_build(log, sel, &s);
    if (c.json)
        print_json(log, &s, only);
    else
        print_text(log, &s, only, textout_unicode(ascii));
    stages_clear(&s);
    selection_free(sel);
    eventlog_free(log);
    return fflush(stdout) == 0 ? 0 : 1;
}

/* `caseflow stats`: activities, resources, attributes; --by ATTR with win rates; --why. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrstats.h"
#include "cli.h"
#include "cli_outcome.h"
#include "commands.h"
#include "statstables.h"
#include "termsafe.h"

static void
usage_text(void)
{
    printf("Usage: caseflow stats [--by ATTR[,ATTR]] [--why] [OUTCOME] [FILTERS] LOG\n"
           "Statistics over the selected cases.\n"
           "Without --by: per activity (events, cases, share of cases, first and last time,\n"
           "median and p90 time in stage per visit and per case, rework cases), per resource\n"
           "(events, cases, activities, handovers out and in between consecutive events of\n"
           "a case, median time in stage) and per attribute (case level when constant in\n"
           "every case, else event level; numbers get quantiles and --buckets quantile\n"
           "buckets, dates months) with cases and share per value.\n"
           "--by ATTR: a row per value (or bucket) with cases, share, median duration and\n"
           "rework rate and, with an outcome, won, lost, unknown, win rate with its Wilson\n"
           "95%% interval, lift (win rate / overall) and the two-proportion z-test p-value\n"
           "against the other cases. Text values are ranked by p-value (by distance from\n"
           "the median duration without an outcome); numbers and dates keep their order so\n"
           "a trend reads top to bottom. Values with fewer than --min-cases cases are left\n"
           "out (counted). An event-level attribute counts a case under every value it has.\n"
           "--why (needs an outcome): every attribute's values ranked together, as\n"
           "sentences (\"cases with lead_source = Referral win 1.9x as often\").\n\n"
           "  --by ATTR[,ATTR]          one table per attribute\n"
           "  --buckets N               quantile buckets for numbers (default 5)\n"
           "  --min-cases N             least support of a value (default max(10, 1%%))\n"
           "  --why                     rank all attributes' values by the outcome\n"
           "  --limit N                 text: rows per table (default 20; 0 all)\n\n%s%s\n",
           cli_outcome_help, statstables_cli_help);
    cli_print_common_help(stdout);
}

/* Split a comma list of attribute names into columns; -1 with a message on an unknown one. */
static int
parse_attrs(const struct event_log *log, const char *list, int **cols, size_t *n)
{
    *n = 0;
    *cols = xcalloc(strlen(list) + 1, sizeof **cols);
    const char *p = list;
    while (*p) {
        size_t k = strcspn(p, ",");
        char *name = xstrndup(p, k);
        int i = eventlog_attr_index(log, name);
        const char *rescol = log->report.resource_col;
        if (i < 0 && strpool_count(log->resources) > 0 &&
            (strcmp(name, "resource") == 0 || (rescol[0] && strcmp(name, rescol) == 0)))
            i = -1;
        else if (i < 0) {
            struct cf_buf b = {0};
            cf_buf_printf(&b, "caseflow stats: --by: no attribute '%s'; attributes: resource",
                          name);
            for (size_t a = 0; a < log->n_attrs; a++)
                cf_buf_printf(&b, ", %s", log->attr_names[a]);
            cf_term_fputs(b.data, stderr);
            fputc('\n', stderr);
            cf_buf_clear(&b);
            free(name);
            free(*cols);
            *cols = NULL;
            return -1;
        }
        free(name);
        (*cols)[(*n)++] = i;
        p += k;
        if (*p == ',')
            p++;
    }
    return 0;
}

int
cmd_stats(int argc, char **argv)
{
    struct cli_common c = {.cmd = "stats"};
    struct cli_outcome co = {0};
    const char *csv_table = NULL;
    const char *by_s = NULL, *buckets_s = NULL, *min_s = NULL, *limit_s = NULL;
    bool why = false;
    const struct cli_opt extra[] = {
        CLI_OUTCOME_OPTS(co),
        {"table", true, &csv_table, NULL, NULL},
        {"ascii", false, NULL, &c.ascii, NULL},
        {"by", true, &by_s, NULL, NULL},
        {"buckets", true, &buckets_s, NULL, NULL},
        {"min-cases", true, &min_s, NULL, NULL},
        {"limit", true, &limit_s, NULL, NULL},
        {"why", false, NULL, &why, NULL},
        {NULL, false, NULL, NULL, NULL},
    };
    int rc = cli_parse(&c, argc, argv, extra);
    if (rc != 0)
        return rc;
    if (c.help) {
        usage_text();
        return 0;
    }
    struct attrstats_opts opts = {0};
    size_t limit = 20;
    if (buckets_s && (cli_parse_count(buckets_s, 1, &opts.buckets) != 0 || opts.buckets > 1000)) {
        fprintf(stderr, "caseflow stats: --buckets takes a number from 1 to 1000\n");
        return CF_EXIT_USAGE;
    }

    if ((rc = cli_size_opt(&c, "min-cases", min_s, &opts.min_cases, 1)) != 0 ||
        (rc = cli_size_opt(&c, "limit", limit_s, &limit, 0)) != 0)
        return rc;
    if (!cli_outcome_given(&co) && (co.versus || co.end)) {
        fprintf(stderr, "caseflow stats: --versus and --end need an outcome option\n");
        return CF_EXIT_USAGE;
    }
    if (why && !cli_outcome_given(&co)) {
        fprintf(stderr, "caseflow stats: --why needs an outcome (--outcome, --outcome-activity "
                        "or --outcome-last)\n");
        return CF_EXIT_USAGE;
    }
    if (why && by_s) {
        fprintf(stderr, "caseflow stats: give --why or --by, not both\n");
        return CF_EXIT_USAGE;
    }
    struct event_log *log;
    struct selection *sel;
    rc = cli_load(&c, &log, &sel);
    if (rc != 0)
        return rc;

    struct outcome o;
    uint8_t *seg = NULL;
    int *cols = NULL;
    size_t ncols = 0;
    rc = CF_EXIT_USAGE;
    if (cli_outcome_given(&co)) {
        struct cf_error err = {0};
        seg = cli_outcome_segments(&co, log, &o, &err);
        if (seg == NULL) {
            cli_error(&err);
            goto out;
        }
    }
    if (by_s && parse_attrs(log, by_s, &cols, &ncols) != 0)
        goto out;
    opts.seg = seg;

    struct tdoc *d = tdoc_new("stats", log->name);
    struct tnode *root = tdoc_root(d);
    size_t nsel = selection_count(sel);
    tnode_count(root, "cases", NULL, nsel);
    if (seg)
        tnode_text(root, "outcome", NULL, o.label_a);
    if (why) {
        struct why w;
        attrstats_why(log, sel, &o, seg, &opts, &w);
        statstables_why(root, &w, &o, nsel, limit);
        why_clear(&w);
    } else if (ncols > 0) {
        statstables_by(root, log, sel, cols, ncols, &opts, limit);
    } else {
        statstables_overview(root, log, sel, &opts, limit);
    }
    rc = cli_output(&c, d, csv_table);
out:
    free(cols);
    if (seg) {
        free(seg);
        outcome_clear(&o);
    }
    selection_free(sel);
    eventlog_free(log);
    return rc;
}

/* `caseflow between A B`: time from an A to a later B per case, quantiles and a histogram. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "between.h"
#include "cli.h"
#include "commands.h"
#include "filter.h"
#include "statstables.h"

int
cmd_between(int argc, char **argv)
{
    struct cli_common c = {.cmd = "between"};
    const char *csv_table = NULL;
    struct between_opts bo = {0};
    const struct cli_opt extra[] = {
        {"table", true, &csv_table, NULL, NULL},
        {"ascii", false, NULL, &c.ascii, NULL},
        {"from-last", false, NULL, &bo.from_last, NULL},
        {"to-last", false, NULL, &bo.to_last, NULL},
        {"each", false, NULL, &bo.each, NULL},
        {NULL, false, NULL, NULL, NULL},
    };
    int rc = cli_parse(&c, argc, argv, extra);
    if (rc != 0)
        return rc;
    if (c.help) {
        printf("Usage: caseflow between [OPTIONS] A B LOG\n"
               "Time between two activities, per case: from the first A to the first B after\n"
               "it. cases: cases with both; cases_without_b: cases with an A and no B after\n"
               "it. Mean, median, p10, p25, p75, p90 and max (quantiles interpolate linearly\n"
               "between order statistics, as numpy) and the log-scaled histogram of stages.\n\n"
               "  --from-last               from the last A that a B follows\n"
               "  --to-last                 to the last B of the case\n"
               "  --each                    every A to the next B (A's in between ignored)\n\n"
               "%s\nAs a filter on any command: --between A,B --min-time 3d --max-time 2w.\n\n",
               statstables_cli_help);
        cli_print_common_help(stdout);
        return 0;
    }
    if (bo.each && (bo.from_last || bo.to_last)) {
        fprintf(stderr, "caseflow between: --each pairs every A with the next B; it does not "
                        "combine with --from-last or --to-last\n");
        return CF_EXIT_USAGE;
    }
    if (c.n_args != 3) {
        fprintf(stderr, "caseflow between: expected A B LOG (see caseflow between --help)\n");
        return CF_EXIT_USAGE;
    }
    const char *an = c.args[0], *bn = c.args[1];
    c.args[0] = c.args[2];
    c.n_args = 1;
    struct event_log *log;
    struct selection *sel;
    rc = cli_load(&c, &log, &sel);
    if (rc != 0)
        return rc;
    struct cf_error err = {0};
    uint32_t a = filter_find_activity(log, an, strlen(an), &err);
    uint32_t b = a == CF_NONE ? CF_NONE : filter_find_activity(log, bn, strlen(bn), &err);
    if (b == CF_NONE) {
        cli_error(&err);
        selection_free(sel);
        eventlog_free(log);
        return CF_EXIT_USAGE;
    }
    struct between bt;
    between_build(log, sel, a, b, &bo, &bt);
    struct table_fmt fmt;
    cli_table_fmt(&c, &fmt);
    bool unicode = fmt.unicode;
    struct tdoc *d = tdoc_new("between", log->name);
    statstables_between(tdoc_root(d), log, &bt, &bo, unicode);
    rc = cli_output(&c, d, csv_table);
    between_clear(&bt);
    selection_free(sel);
    eventlog_free(log);
    return rc;
}

/* caseflow's entry point: subcommand dispatch, --help and --version. */
/* SPDX-License-Identifier: MIT */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "source_pg.h"

const struct command commands[] = {
    {"report", cmd_report, "summary: counts, variants, starts/ends, durations, rework"},
    {"compare", cmd_compare, "two segments side by side (won vs lost, filter vs rest)"},
    {"check", cmd_check, "conformance to a playbook and the effect of deviations"},
    {"rework", cmd_rework, "repeated activities, loops, regressions and skipped stages"},
    {"deadends", cmd_deadends, "where cases stop: exit rates, accepted ends, open cases"},
    {"stages", cmd_stage_times, "time in each stage and case durations, with histograms"},
    {"transitions", cmd_transitions, "transition probabilities P(next | current)"},
    {"funnel", cmd_funnel, "cases reaching each of --stages A,B,C in order"},
    {"map", cmd_map, "the process map drawn in text (or DOT / JSON geometry)"},
    {"sql", cmd_sql, "the push-down aggregation query for a SQL engine (postgres, duckdb...)"},
    {NULL, NULL, NULL},
};

static void
usage(FILE *f)
{
    fprintf(f, "Usage: caseflow [OPTIONS] [LOG]        explore LOG interactively\n"
               "       caseflow COMMAND [OPTIONS] LOG  print one analysis\n\n"
               "LOG is a CSV or XES event log (.gz read transparently; - for stdin). Without\n"
               "LOG, caseflow opens the bundled CRM sales sample.\n\nCommands:\n");
    for (const struct command *c = commands; c->name != NULL; c++)
        fprintf(f, "  %-12s %s\n", c->name, c->summary);
    fprintf(f, "\nRun 'caseflow COMMAND --help' for a command's options.\n"
               "  --help       this text\n  --version    print the version\n");
    fprintf(f, "\nThe explorer's options: --theme NAME, --no-color, --no-mouse, --ascii,\n"
               "--view NAME, the outcome options of compare (--outcome, --versus...) and\n"
               "--playbook FILE, and the commands' import and filter options; inside, ?\n"
               "lists every key. See man caseflow.\n");
}

static void
fatal_hook(const char *msg)
{
    fprintf(stderr, "caseflow: %s\n", msg);
    exit(3);
}

int
main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    cf_set_fatal_hook(fatal_hook);

    if (argc >= 2 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)) {
        printf("caseflow %s\n", PACKAGE_VERSION);
        printf("PostgreSQL sources: %s\n",
               source_pg_available() ? "built in (libpq)" : "not built in");
        return 0;
    }
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return 0;
    }
    if (argc >= 2 && strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    for (const struct command *c = commands; argc >= 2 && c->name != NULL; c++)
        if (strcmp(argv[1], c->name) == 0)
            return c->run(argc - 1, argv + 1);
    return tui_main(argc, argv);
}

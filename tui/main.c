/* caseflow's entry point: subcommand dispatch, --help and --version. */
/* SPDX-License-Identifier: MIT */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "commands.h"
#include "userconfig.h"
#include "termsafe.h"
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
    {"snapshot", cmd_snapshot, "write LOG as a snapshot file that opens in a moment"},
    {"stats", cmd_stats, "statistics by activity, resource and attribute; --by, --why"},
    {"between", cmd_between, "time from an activity A to a later B, per case"},
    {"cohorts", cmd_cohorts, "cases by start month (week, quarter, attribute): trends"},
    {"export", cmd_export_log, "the event log of the selected cases as CSV or XES"},
    {"predict", cmd_predict, "outlook for open cases (p_win, next, remaining, stuck); --backtest"},
    {"clusters", cmd_clusters, "variants grouped by edit distance (k-medoids)"},
    {"sql", cmd_sql, "the push-down aggregation query for a SQL engine (postgres, duckdb...)"},
    {"completion", cmd_completion, "a bash or zsh completion script"},
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

/* Edit distance between a and b (short words: a command name and what was typed). */
static size_t
edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 32 || lb > 32)
        return SIZE_MAX;
    size_t d[33][33];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            /* A swap of two neighbours ("reprot") counts as one edit. */
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[la][lb];
}

/*
 * A first argument that is no file and looks like a word (no '/', '.', '-')
 * is a mistyped command, not a LOG: say so, with the nearest command.
 * Returns the exit status, or -1 when arg may well be a LOG.
 */
static int
unknown_command(const char *arg)
{
    struct stat st;
    if (arg[0] == '\0' || arg[0] == '-' || strpbrk(arg, "/.") != NULL || stat(arg, &st) == 0)
        return -1;
    const char *best = NULL;
    size_t best_d = SIZE_MAX;
    for (const struct command *c = commands; c->name != NULL; c++) {
        size_t dist = edit_distance(arg, c->name);
        if (dist < best_d) {
            best_d = dist;
            best = c->name;
        }
    }
    char safe[128];
    cf_term_safe(safe, sizeof safe, arg);
    if (best != NULL && best_d <= 2)
        fprintf(stderr, "caseflow: unknown command '%s' (did you mean %s?)\n", safe, best);
    else
        fprintf(stderr, "caseflow: unknown command '%s', and no such file (see caseflow --help)\n",
                safe);
    return CF_EXIT_USAGE;
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
    for (const struct command *c = commands; argc >= 2 && c->name != NULL; c++) {
        if (strcmp(argv[1], c->name) != 0)
            continue;
        /* Defaults from the config file go before the command line's options
         * (completion takes none). */
        if (c->run != cmd_completion && (argv = config_argv(c->name, &argc, argv)) == NULL)
            return CF_EXIT_USAGE;
        /* --version works on every subcommand (up to a "--"). */
        for (int i = 2; i < argc && strcmp(argv[i], "--") != 0; i++) {
            if (strcmp(argv[i], "--version") == 0) {
                printf("caseflow %s\n", PACKAGE_VERSION);
                return 0;
            }
        }
        return c->run(argc - 1, argv + 1);
    }
    if (argc >= 2) {
        int rc = unknown_command(argv[1]);
        if (rc >= 0)
            return rc;
    }
    if ((argv = config_argv(NULL, &argc, argv)) == NULL)
        return CF_EXIT_USAGE;
    return tui_main(argc, argv);
}

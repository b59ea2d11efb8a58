/* `caseflow snapshot`: load a log once and write it as a snapshot file that opens in a moment. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "snapshot.h"

int
cmd_snapshot(int argc, char **argv)
{
    const char *out = NULL;
    const struct cli_opt extra[] = {
        {"o", true, &out, NULL, NULL},
        {"output", true, &out, NULL, NULL},
        {NULL, false, NULL, NULL, NULL},
    };
    struct cli_common c = {.cmd = "snapshot"};
    int rc = cli_parse(&c, argc, argv, extra);
    if (rc != 0)
        return rc;
    if (c.help) {
        printf("Usage: caseflow snapshot [IMPORT OPTIONS] LOG -o FILE.cfsnap\n"
               "Load LOG once and write its columns, string pools, cases and variants to\n"
               "FILE, a versioned, checksummed binary file that every command and the\n"
               "explorer open in place of LOG (recognised by its first bytes, not its name)\n"
               "in a fraction of the time. Filters are not taken: a snapshot holds the\n"
               "whole log. A snapshot made by another version of caseflow is refused.\n\n"
               "  -o, --output FILE     the snapshot to write (replaced atomically)\n\n");
        cli_print_common_help(stdout);
        return 0;
    }
    if (out == NULL) {
        fprintf(stderr, "caseflow snapshot: -o FILE is required\n");
        return CF_EXIT_USAGE;
    }
    if (c.n_filters > 0) {
        fprintf(stderr, "caseflow snapshot: filters are not taken (a snapshot holds the "
                        "whole log)\n");
        return CF_EXIT_USAGE;
    }
    struct event_log *log;
    struct selection *sel;
    rc = cli_load(&c, &log, &sel);
    if (rc != 0)
        return rc;
    struct cf_error err = {0};
    rc = snapshot_write(log, out, &err);
    if (rc != 0)
        cli_error(&err);
    else
        fprintf(stderr, "caseflow snapshot: wrote %s (%zu events, %zu cases, %zu variants)\n", out,
                log->n_events, log->n_cases, log->n_variants);
    selection_free(sel);
    eventlog_free(log);
    return rc == 0 ? 0 : CF_EXIT_INPUT;
}

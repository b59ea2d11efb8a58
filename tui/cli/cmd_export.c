/* `caseflow export`: the event log of the selected cases as CSV or XES. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "commands.h"
#include "export.h"
#include "termsafe.h"

/* The same file as the log being read? */
static bool
same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

int
cmd_export_log(int argc, char **argv)
{
    const char *format = NULL, *out = NULL, *names = NULL;
    const struct cli_opt extra[] = {
        {"format", true, &format, NULL, NULL},
        {"output", true, &out, NULL, NULL},
        {"names", true, &names, NULL, NULL},
        {NULL, false, NULL, NULL, NULL},
    };
    /* -o FILE is --output FILE. */
    char **av = xcalloc((size_t)argc + 1, sizeof *av);
    for (int i = 0; i < argc; i++)
        av[i] = strcmp(argv[i], "-o") == 0 ? (char *)"--output" : argv[i];
    struct cli_common c = {.cmd = "export"};
    int rc = cli_parse(&c, argc, av, extra);
    free(av);
    if (rc != 0)
        return rc;
    if (c.help) {
        printf("Usage: caseflow export [FILTERS] LOG [--format csv|xes] [-o FILE]\n"
               "Write the event log of the selected cases: every event with its case,\n"
               "activity, time (ISO 8601 with the log's offset, or --display-tz), resource\n"
               "and every attribute column. Reading the file back gives the same report as\n"
               "the filters give on LOG.\n\n"
               "  --format csv|xes      CSV (the default; XES when FILE ends in .xes)\n"
               "  -o, --output FILE     write to FILE (default: standard output)\n"
               "  --names orig|xes      CSV headers: the log's own (default) or the XES keys\n"
               "                        case:concept:name, concept:name, time:timestamp,\n"
               "                        org:resource (as PM4Py and Disco read them)\n"
               "XES: IEEE 1849-2016 with the Concept, Time and Organizational extensions;\n"
               "characters XML 1.0 cannot hold become U+FFFD (counted on stderr).\n\n");
        cli_print_common_help(stdout);
        return 0;
    }
    struct export_opts eo = {0};
    size_t olen = out ? strlen(out) : 0;
    if (format == NULL)
        eo.format = olen > 4 && strcmp(out + olen - 4, ".xes") == 0 ? EXPORT_XES : EXPORT_CSV;
    else if (strcmp(format, "csv") == 0)
        eo.format = EXPORT_CSV;
    else if (strcmp(format, "xes") == 0)
        eo.format = EXPORT_XES;
    else {
        fprintf(stderr, "caseflow export: --format takes csv or xes, not '%s'\n", format);
        return CF_EXIT_USAGE;
    }
    if (names != NULL && strcmp(names, "xes") != 0 && strcmp(names, "orig") != 0) {
        fprintf(stderr, "caseflow export: --names takes orig or xes, not '%s'\n", names);
        return CF_EXIT_USAGE;
    }
    eo.xes_names = names != NULL && strcmp(names, "xes") == 0;
    if (out != NULL && c.n_args > 0 && same_file(out, c.args[0])) {
        fprintf(stderr, "caseflow export: -o %s is the log being read\n", out);
        return CF_EXIT_USAGE;
    }
    struct event_log *log;
    struct selection *sel;
    rc = cli_load(&c, &log, &sel);
    if (rc != 0)
        return rc;
    char label[128];
    cli_display_tz(c.display_tz, log, &eo.tz_offset_min, label, sizeof label);
    FILE *f = out != NULL ? fopen(out, "wb") : stdout;
    struct cf_error err = {0};
    struct export_stats st;
    if (f == NULL) {
        cf_error_set(&err, out, 0, "cannot create: %s", strerror(errno));
        rc = CF_EXIT_INPUT;
    } else if (export_log(log, sel, &eo, f, &st, &err) != 0) {
        rc = CF_EXIT_INPUT;
    }
    if (f != NULL && f != stdout && fclose(f) != 0 && rc == 0) {
        cf_error_set(&err, out, 0, "cannot write: %s", strerror(errno));
        rc = CF_EXIT_INPUT;
    }
    if (rc != 0) {
        cli_error(&err);
    } else {
        if (st.replaced > 0)
            fprintf(stderr,
                    "caseflow export: %zu values held characters XML 1.0 cannot carry "
                    "(control characters, bad UTF-8): written as U+FFFD\n",
                    st.replaced);
        if (out != NULL) {
            char safe[512];
            fprintf(stderr, "caseflow export: %zu cases, %zu events written to %s (times in %s)\n",
                    st.cases, st.events, cf_term_safe(safe, sizeof safe, out), label);
        }
    }
    selection_free(sel);
    eventlog_free(log);
    return rc;
}

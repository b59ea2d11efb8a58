/* The --format/--width/--table/--ascii options of table-built commands, and rendering. */
/* SPDX-License-Identifier: MIT */
#include "cli_tdoc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "textout.h"

const char cli_tdoc_help[] =
    "Output:\n"
    "  --format text|json|csv    output format (default text; --json is --format json)\n"
    "  --width N                 text width in columns (default: the terminal's; uncut\n"
    "                            when not a terminal)\n"
    "  --table KEY               CSV: the table to write (default the first)\n"
    "  --ascii                   text: '#' bars and '~' for cut names\n";

int
cli_tdoc_prepare(const struct cli_common *c, const struct cli_tdoc *t, struct table_fmt *fmt)
{
    memset(fmt, 0, sizeof *fmt);
    fmt->format = c->json ? TF_JSON : TF_TEXT;
    fmt->pretty = true;
    if (t->format != NULL) {
        if (strcmp(t->format, "text") == 0)
            fmt->format = TF_TEXT;
        else if (strcmp(t->format, "json") == 0)
            fmt->format = TF_JSON;
        else if (strcmp(t->format, "csv") == 0)
            fmt->format = TF_CSV;
        else {
            fprintf(stderr, "caseflow %s: --format takes text, json or csv\n", c->cmd);
            return CF_EXIT_USAGE;
        }
        if (c->json && fmt->format != TF_JSON) {
            fprintf(stderr, "caseflow %s: --json and --format %s disagree\n", c->cmd, t->format);
            return CF_EXIT_USAGE;
        }
    }
    if (t->width != NULL) {
        char *end;
        errno = 0;
        long w = strtol(t->width, &end, 10);
        if (end == t->width || *end != '\0' || errno != 0 || w < 20 || w > 10000) {
            fprintf(stderr, "caseflow %s: --width takes a number of columns from 20 to 10000\n",
                    c->cmd);
            return CF_EXIT_USAGE;
        }
        fmt->width = (size_t)w;
    } else if (isatty(STDOUT_FILENO)) {
        struct winsize ws;
        if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
            fmt->width = ws.ws_col;
        else
            fmt->width = 80;
    }
    fmt->unicode = textout_unicode(t->ascii);
    fmt->csv_table = t->table;
    return 0;
}

int
cli_tdoc_render(const struct tdoc *d, const struct table_fmt *fmt)
{
    if (tdoc_render(d, fmt, stdout) != 0)
        return 1;
    return fflush(stdout) == 0 ? 0 : 1;
}

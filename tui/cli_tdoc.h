/* Rendering a command's table document as --format text|json|csv at --width columns. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_CLI_TDOC_H
#define CF_CLI_TDOC_H

#include <stdbool.h>

#include "cli.h"
#include "table.h"

struct cli_tdoc {
    const char *format; /* --format text|json|csv (--json means json) */
    const char *width;  /* --width N: text columns (default: the terminal's, else uncut) */
    const char *table;  /* --table KEY: which table CSV writes (default the first) */
    bool ascii;         /* --ascii: no Unicode bars or ellipses */
};

/* The cli_opt entries for struct cli_tdoc t. */
#define CLI_TDOC_OPTS(t)                                                                           \
    {"format", true, &(t).format, NULL, NULL}, {"width", true, &(t).width, NULL, NULL},            \
        {"table", true, &(t).table, NULL, NULL},                                                   \
    {                                                                                              \
        "ascii", false, NULL, &(t).ascii, NULL                                                     \
    }

extern const char cli_tdoc_help[];

/*
 * Check the options (before loading the log): 0, or CF_EXIT_USAGE after
 * printing why. Fills fmt for cli_tdoc_render.
 */
int cli_tdoc_prepare(const struct cli_common *c, const struct cli_tdoc *t, struct table_fmt *fmt);

/* Render d to stdout; returns the exit status (1 on a write error). */
int cli_tdoc_render(const struct tdoc *d, const struct table_fmt *fmt);

#endif

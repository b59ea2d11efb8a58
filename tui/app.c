/* The interactive explorer (placeholder until the TUI lands). */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "commands.h"

int
tui_main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "caseflow: the interactive explorer is not built yet\n");
    return 2;
}

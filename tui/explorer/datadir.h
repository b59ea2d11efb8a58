/* Where caseflow finds its data files (samples, themes) at run time. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_DATADIR_H
#define CF_DATADIR_H

#include <stddef.h>

/*
 * The directories searched for data, in order: $CASEFLOW_DATADIR when set (the
 * tests point it at the source tree), the installed data dir (CF_DATADIR), and
 * the directory of the running program (/proc/self/exe) when it holds the file
 * (a build in the source tree). Nothing of the build machine's paths is kept
 * in the binary beyond the installed data dir.
 *
 * datadir_find writes the first "DIR/rel" that is readable into buf and
 * returns 0, or returns -1 (buf then holds datadir_list's text).
 */
int datadir_find(const char *rel, char *buf, size_t size);

/* "DIR1, DIR2, ..." of the directories searched, for messages. */
void datadir_list(char *buf, size_t size);

#endif

/* Run-time lookup of caseflow's data files: $CASEFLOW_DATADIR, the installed data dir, the
 * program's dir. */
/* SPDX-License-Identifier: MIT */
#include "datadir.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

/* Fill dirs (up to 3) with the candidate directories; returns how many. */
static size_t
candidates(char dirs[3][PATH_MAX])
{
    size_t n = 0;
    const char *env = getenv("CASEFLOW_DATADIR");
    if (env != NULL && env[0] != '\0')
        snprintf(dirs[n++], PATH_MAX, "%s", env);
    snprintf(dirs[n++], PATH_MAX, "%s", CF_DATADIR);
    ssize_t len = readlink("/proc/self/exe", dirs[n], PATH_MAX - 1);
    if (len > 0 && (size_t)len < PATH_MAX - 1) {
        dirs[n][len] = '\0';
        char *slash = strrchr(dirs[n], '/');
        if (slash != NULL && slash != dirs[n]) {
            *slash = '\0';
            n++;
        }
    }
    return n;
}

int
datadir_find(const char *rel, char *buf, size_t size)
{
    char dirs[3][PATH_MAX];
    size_t n = candidates(dirs);
    for (size_t i = 0; i < n; i++) {
        int w = snprintf(buf, size, "%s/%s", dirs[i], rel);
        if (w > 0 && (size_t)w < size && access(buf, R_OK) == 0)
            return 0;
    }
    datadir_list(buf, size);
    return -1;
}

void
datadir_list(char *buf, size_t size)
{
    char dirs[3][PATH_MAX];
    size_t n = candidates(dirs), o = 0;
    if (size == 0)
        return;
    buf[0] = '\0';
    for (size_t i = 0; i < n && o < size; i++) {
        int w = snprintf(buf + o, size - o, "%s%s", i ? ", " : "", dirs[i]);
        if (w < 0)
            break;
        o += (size_t)w;
    }
}

/* Default options from a config file ($XDG_CONFIG_HOME/caseflow/config), put before the command
 * line's. */
/* SPDX-License-Identifier: MIT */
#include "userconfig.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "termsafe.h"
#include "util.h"

/* The argv made last: held (reachable) for the program's life. */
static char **kept;

/* The config file's path (malloc'd), or NULL for none. */
static char *
config_path(void)
{
    const char *env = getenv("CASEFLOW_CONFIG");
    if (env != NULL)
        return env[0] ? xstrdup(env) : NULL;
    struct cf_buf b = {0};
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    if (xdg != NULL && xdg[0] == '/')
        cf_buf_printf(&b, "%s/caseflow/config", xdg);
    else if (home != NULL && home[0] != '\0')
        cf_buf_printf(&b, "%s/.config/caseflow/config", home);
    return b.data;
}

static bool
known_section(const char *name)
{
    if (strcmp(name, "explorer") == 0)
        return true;
    for (const struct command *c = commands; c->name != NULL; c++)
        if (strcmp(c->name, name) == 0)
            return true;
    return false;
}

static void
config_error(const char *path, size_t line, const char *what)
{
    char safe[512];
    cf_term_safe(safe, sizeof safe, path);
    fprintf(stderr, "caseflow: %s:%zu: %s\n", safe, line, what);
}

/* Split line into words (quotes keep blanks); appends to *out. -1: a quote is not closed. */
static int
split_words(const char *line, char ***out, size_t *n, size_t *cap)
{
    const char *p = line;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\0' || *p == '#')
            return 0;
        struct cf_buf w = {0};
        cf_buf_puts(&w, "");
        while (*p != '\0' && *p != ' ' && *p != '\t') {
            if (*p == '"' || *p == '\'') {
                char q = *p++;
                const char *end = strchr(p, q);
                if (end == NULL) {
                    cf_buf_clear(&w);
                    return -1;
                }
                cf_buf_append(&w, p, (size_t)(end - p));
                p = end + 1;
            } else {
                cf_buf_append(&w, p++, 1);
            }
        }
        if (*n == *cap) {
            *cap = *cap ? *cap * 2 : 16;
            *out = xreallocarray(*out, *cap, sizeof **out);
        }
        (*out)[(*n)++] = w.data;
    }
}

char **
config_argv(const char *cmd, int *argc, char **argv)
{
    char *path = config_path();
    if (path == NULL)
        return argv;
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        if (errno != ENOENT) {
            config_error(path, 0, strerror(errno));
            free(path);
            return NULL;
        }
        free(path);
        return argv;
    }
    const char *want = cmd != NULL ? cmd : "explorer";
    char **words = NULL;
    size_t n = 0, cap = 0, lineno = 0;
    bool applies = true, bad = false;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    while (!bad && (len = getline(&line, &lcap, f)) >= 0) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        const char *s = line + strspn(line, " \t");
        if (*s == '[') {
            const char *end = strchr(s, ']');
            if (end == NULL || end[1 + strspn(end + 1, " \t")] != '\0') {
                config_error(path, lineno, "a section is written [NAME]");
                bad = true;
                break;
            }
            char *name = xstrndup(s + 1, (size_t)(end - s - 1));
            if (!known_section(name)) {
                config_error(path, lineno,
                             "unknown section (explorer or a command's name, see caseflow --help)");
                bad = true;
            }
            applies = strcmp(name, want) == 0;
            free(name);
            continue;
        }
        char **mine = NULL;
        size_t mn = 0, mcap = 0;
        if (split_words(s, &mine, &mn, &mcap) != 0) {
            config_error(path, lineno, "a quote is not closed");
            bad = true;
        }
        for (size_t i = 0; i < mn; i++) {
            if (applies && !bad) {
                if (n == cap) {
                    cap = cap ? cap * 2 : 16;
                    words = xreallocarray(words, cap, sizeof *words);
                }
                words[n++] = mine[i];
            } else {
                free(mine[i]);
            }
        }
        free(mine);
    }
    free(line);
    fclose(f);
    free(path);
    if (bad) {
        for (size_t i = 0; i < n; i++)
            free(words[i]);
        free(words);
        return NULL;
    }
    if (n == 0) {
        free(words);
        return argv;
    }
    /* argv[0], the command, the file's words, the rest; NULL-terminated. */
    int head = cmd != NULL ? 2 : 1;
    char **out = xmalloc(((size_t)*argc + n + 1) * sizeof *out);
    int k = 0;
    for (int i = 0; i < head && i < *argc; i++)
        out[k++] = argv[i];
    for (size_t i = 0; i < n; i++)
        out[k++] = words[i];
    for (int i = head; i < *argc; i++)
        out[k++] = argv[i];
    out[k] = NULL;
    free(words);
    *argc = k;
    kept = out;
    return out;
}

/* Colour themes on the screen: roles to curses attributes, loading by name, mono mode. */
/* SPDX-License-Identifier: MIT */
#include "theme.h"

#include "datadir.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What every role looks like before a theme file says otherwise. */
static const char builtin_color[] = "normal = default default\n"
                                    "title = white blue\n"
                                    "tab = white blue\n"
                                    "tab.active = black cyan bold\n"
                                    "header = cyan default bold underline\n"
                                    "selected = black cyan bold\n"
                                    "status = white blue\n"
                                    "filter = yellow blue bold\n"
                                    "keybar = default default\n"
                                    "keybar.key = black cyan\n"
                                    "bar = green default\n"
                                    "bar.alt = blue default\n"
                                    "dim = default default dim\n"
                                    "error = white red bold\n"
                                    "message = black green\n"
                                    "match = yellow default bold\n"
                                    "prompt = default default bold\n"
                                    "detail = yellow default\n"
                                    "map.box = default default bold\n"
                                    "map.edge = cyan default\n"
                                    "map.rework = red default\n"
                                    "map.selected = black yellow bold\n"
                                    "map.start = green default bold\n"
                                    "segment.a = green default bold\n"
                                    "segment.b = magenta default bold\n";

/* Monochrome: meaning carried by attributes alone. */
static const char builtin_mono[] = "normal = default default\n"
                                   "title = default default reverse\n"
                                   "tab = default default reverse\n"
                                   "tab.active = default default bold underline\n"
                                   "header = default default bold underline\n"
                                   "selected = default default reverse bold\n"
                                   "status = default default reverse\n"
                                   "filter = default default reverse bold\n"
                                   "keybar = default default\n"
                                   "keybar.key = default default reverse\n"
                                   "bar = default default\n"
                                   "bar.alt = default default dim\n"
                                   "dim = default default dim\n"
                                   "error = default default reverse bold\n"
                                   "message = default default bold\n"
                                   "match = default default bold underline\n"
                                   "prompt = default default bold\n"
                                   "detail = default default bold\n"
                                   "map.box = default default bold\n"
                                   "map.edge = default default\n"
                                   "map.rework = default default bold\n"
                                   "map.selected = default default reverse\n"
                                   "map.start = default default bold\n"
                                   "segment.a = default default bold underline\n"
                                   "segment.b = default default underline\n";

static attr_t role_attr[ROLE__COUNT];
static char current[64] = "mono";
static bool colored;
static bool loaded; /* some theme applied already: a failed switch keeps it */

static attr_t
curses_attrs(unsigned a)
{
    attr_t r = A_NORMAL;
    if (a & THEME_BOLD)
        r |= A_BOLD;
    if (a & THEME_DIM)
        r |= A_DIM;
    if (a & THEME_UNDERLINE)
        r |= A_UNDERLINE;
    if (a & THEME_REVERSE)
        r |= A_REVERSE;
    if (a & THEME_STANDOUT)
        r |= A_STANDOUT;
    if (a & THEME_ITALIC)
        r |= A_ITALIC;
    if (a & THEME_BLINK)
        r |= A_BLINK;
    return r;
}

/* Find NAME.theme along the search path; returns 0 with the path in buf, or -1. */
static int
theme_find(const char *name, char *buf, size_t size)
{
    if (strchr(name, '/') != NULL) {
        snprintf(buf, size, "%s", name);
        return 0;
    }
    char dirs[4][PATH_MAX];
    size_t nd = 0;
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    if (xdg != NULL && xdg[0] != '\0')
        snprintf(dirs[nd++], PATH_MAX, "%s/caseflow/themes", xdg);
    if (home != NULL && home[0] != '\0')
        snprintf(dirs[nd++], PATH_MAX, "%s/.config/caseflow/themes", home);
    for (size_t i = 0; i < nd; i++) {
        int n = snprintf(buf, size, "%s/%s.theme", dirs[i], name);
        if (n < 0 || (size_t)n >= size)
            continue;
        FILE *f = fopen(buf, "r");
        if (f != NULL) {
            fclose(f);
            return 0;
        }
    }
    char rel[PATH_MAX];
    snprintf(rel, sizeof rel, "themes/%s.theme", name);
    return datadir_find(rel, buf, size);
}

static void
theme_apply(const struct theme_spec *spec, bool use_color)
{
    for (int r = 0; r < ROLE__COUNT; r++) {
        const struct theme_style *st = &spec->style[r];
        attr_t a = curses_attrs(st->attrs);
        if (use_color && r + 1 < COLOR_PAIRS) {
            int fg = themefile_degrade(st->fg, COLORS), bg = themefile_degrade(st->bg, COLORS);
            init_pair((short)(r + 1), (short)fg, (short)bg);
            a |= COLOR_PAIR(r + 1);
        }
        role_attr[r] = a;
    }
}

int
theme_load(const char *name, bool color, char *msg, size_t msgsize)
{
    struct theme_spec spec;
    memset(&spec, 0, sizeof spec);
    msg[0] = '\0';
    bool use_color = color && has_colors() && COLORS >= 8;
    if (!use_color || strcmp(name, "mono") == 0) {
        themefile_parse("(built-in)", builtin_mono, sizeof builtin_mono - 1, &spec, NULL);
        theme_apply(&spec, false);
        colored = false;
        loaded = true;
        snprintf(current, sizeof current, "mono");
        if (strcmp(name, "mono") != 0)
            snprintf(msg, msgsize, "no colours (%s): theme %s not used",
                     color ? "terminal" : "NO_COLOR or --no-color", name);
        return 0;
    }
    char path[PATH_MAX];
    /* "dark" is what people type for the dark theme. */
    if (strcmp(name, "dark") == 0 && theme_find(name, path, sizeof path) != 0)
        name = "dark-256";
    if (theme_find(name, path, sizeof path) != 0) {
        snprintf(msg, msgsize,
                 "theme '%s' not found (looked for %s.theme in "
                 "~/.config/caseflow/themes and themes/ of %s)",
                 name, name, path);
        if (loaded)
            return -1;
        /* Nothing applied yet: fall back to the built-in colours. */
        themefile_parse("(built-in)", builtin_color, sizeof builtin_color - 1, &spec, NULL);
        theme_apply(&spec, true);
        colored = true;
        loaded = true;
        snprintf(current, sizeof current, "built-in");
        return -1;
    }
    themefile_parse("(built-in)", builtin_color, sizeof builtin_color - 1, &spec, NULL);
    struct cf_error err = {0};
    long bad = themefile_load(path, &spec, &err);
    if (bad < 0) {
        char e[600];
        cf_error_format(&err, e, sizeof e);
        snprintf(msg, msgsize, "theme: %s", e);
        return -1;
    }
    theme_apply(&spec, true);
    colored = true;
    loaded = true;
    snprintf(current, sizeof current, "%s", name);
    if (bad > 0) {
        /* The file's own name is enough on a status line. */
        const char *base = strrchr(err.file, '/');
        snprintf(msg, msgsize, "%s:%zu: %s (%ld bad line%s skipped)",
                 base != NULL ? base + 1 : err.file, err.line, err.msg, bad, bad == 1 ? "" : "s");
    }
    return 0;
}

attr_t
theme_attr(enum theme_role role)
{
    return role_attr[role];
}

const char *
theme_name(void)
{
    return current;
}

bool
theme_colored(void)
{
    return colored;
}

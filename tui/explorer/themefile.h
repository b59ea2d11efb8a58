/* Theme files: colour roles and the `element = fg bg attrs` parser (no curses here). */
/* SPDX-License-Identifier: MIT */
#ifndef CF_THEMEFILE_H
#define CF_THEMEFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* What a piece of the screen means; code draws by role, themes give roles colours. */
enum theme_role {
    ROLE_NORMAL,
    ROLE_TITLE,      /* the tab bar */
    ROLE_TAB,        /* a view's name in the tab bar */
    ROLE_TAB_ACTIVE, /* the current view's name */
    ROLE_HEADER,     /* column headings */
    ROLE_SELECTED,   /* the selected row */
    ROLE_STATUS,     /* the status line */
    ROLE_FILTER,     /* active filters in the status line */
    ROLE_KEYBAR,     /* the key bar's labels */
    ROLE_KEYBAR_KEY, /* the key bar's keys */
    ROLE_BAR,        /* histogram and share bars */
    ROLE_BAR_ALT,    /* the second kind of bar (case durations, cumulative) */
    ROLE_DIM,        /* secondary text */
    ROLE_ERROR,
    ROLE_MESSAGE,
    ROLE_MATCH, /* rows matching the search */
    ROLE_PROMPT,
    ROLE_DETAIL,     /* the detail line under a list */
    ROLE_MAP_BOX,    /* process map: activity boxes */
    ROLE_MAP_EDGE,   /* process map: edges */
    ROLE_MAP_REWORK, /* process map: edges looping back */
    ROLE_MAP_SELECTED,
    ROLE_MAP_START, /* process map: start and end markers */
    ROLE_SEGMENT_A, /* what segment A has more of (map overlay, Compare rows) */
    ROLE_SEGMENT_B, /* what segment B has more of */
    ROLE__COUNT
};

/* The element name of each role as written in theme files ("tab.active"). */
extern const char *const theme_role_names[ROLE__COUNT];

#define THEME_DEFAULT_COLOR (-1)

/* Attribute bits (mapped to curses attributes by theme.c). */
enum {
    THEME_BOLD = 1u << 0,
    THEME_DIM = 1u << 1,
    THEME_UNDERLINE = 1u << 2,
    THEME_REVERSE = 1u << 3,
    THEME_STANDOUT = 1u << 4,
    THEME_ITALIC = 1u << 5,
    THEME_BLINK = 1u << 6
};

struct theme_style {
    int fg, bg; /* 0..255, or THEME_DEFAULT_COLOR */
    unsigned attrs;
};

struct theme_spec {
    struct theme_style style[ROLE__COUNT];
    bool set[ROLE__COUNT]; /* the file said something about this role */
};

/*
 * Parse a theme text into spec: each line `element = fg bg [attr ...]` sets one
 * role; `#` starts a comment; colours are names (default, black, red, green,
 * yellow, blue, magenta, cyan, white, bright-red...) or numbers 0..255; attrs are
 * bold dim underline reverse standout italic blink or none (spaces or commas
 * between them). Lines are applied in order; a bad line is skipped and the rest
 * still apply. Returns the number of bad lines; the first one's reason goes to
 * first_err (name, its line number, what is wrong) when it is not NULL.
 */
size_t themefile_parse(const char *name, const char *text, size_t len, struct theme_spec *spec,
                       struct cf_error *first_err);

/*
 * Read and parse the file at path into spec. Returns -1 with err set when the
 * file cannot be read, else the number of bad lines (first one in err).
 */
long themefile_load(const char *path, struct theme_spec *spec, struct cf_error *err);

/*
 * The colour to use for color (0..255 or THEME_DEFAULT_COLOR) on a terminal with
 * ncolors colours: unchanged when it fits; a 256-colour index becomes the nearest
 * of the 16 standard colours, and bright colours (8..15) their plain ones on
 * 8-colour terminals. Returns THEME_DEFAULT_COLOR for it or when ncolors < 8.
 */
int themefile_degrade(int color, int ncolors);

#endif

/* Colour themes on the screen: roles to curses attributes, loading by name, mono mode. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_THEME_H
#define CF_THEME_H

#include <stdbool.h>
#include <stddef.h>

#include "themefile.h"
#include "ui.h"

/*
 * Load theme name (a file NAME.theme from ~/.config/caseflow/themes,
 * $XDG_CONFIG_HOME/caseflow/themes, the installed data dir, then the source
 * tree; a name with '/' is a path) over the built-in defaults, and set up the
 * colour pairs. With color false, or a terminal without colours, the theme's
 * colours are ignored and the built-in monochrome roles apply (then name is
 * only remembered). Call after ui_init. Returns 0 when the theme applied
 * (msg may still report bad lines: "FILE:LINE: reason (N bad lines skipped)"),
 * or -1 with the reason in msg when it was not found (the current theme stays).
 */
int theme_load(const char *name, bool color, char *msg, size_t msgsize);

/* The curses attribute (colour pair and attributes) to draw role with. */
attr_t theme_attr(enum theme_role role);

/* The theme in use ("mono" in monochrome). */
const char *theme_name(void);

/* Whether colours are in use. */
bool theme_colored(void);

#endif

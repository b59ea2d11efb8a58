/* The one key table: which key does what in which view, and the help and key bar built from it. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_KEYS_H
#define CF_KEYS_H

#include <stdbool.h>
#include <stddef.h>

/* What a key asks for. Views receive the actions their table rows name. */
enum action {
    A_NONE,
    A_UP,
    A_DOWN,
    A_LEFT,
    A_RIGHT,
    A_PGUP,
    A_PGDN,
    A_HOME,
    A_END,
    A_NEXT_VIEW,
    A_PREV_VIEW,
    A_GOTO_VIEW, /* the digit says which */
    A_ENTER,
    A_BACK,
    A_QUIT,
    A_HELP,
    A_FILTER_PATH,
    A_FILTER_CASE,
    A_FILTER_ATTR,
    A_SEARCH_NEXT,
    A_SEARCH_PREV,
    A_UNDO,
    A_CLEAR,
    A_SORT_PREV,
    A_SORT_NEXT,
    A_COMMAND,
    A_REFRESH,
    A_MAP_ACT_LESS,
    A_MAP_ACT_MORE,
    A_MAP_PATH_LESS,
    A_MAP_PATH_MORE,
    A_MAP_FREQ,
    A_MAP_PERF,
    A_MAP_NEXT_ELEM,
    A_MAP_PREV_ELEM,
    A_STAGES_CASES, /* Stages: jump to the case-duration histogram */
    A_TOGGLE_TABLE, /* Rework: loops / regressions / activities */
    A__COUNT
};

/* A key as the loop sees it: a character, or a curses key code with KEY_FN set. */
#define KEY_FN 0x40000000
#define KEYS_CTRL(c) ((c) & 0x1f)

struct key_binding {
    const char *view; /* the view (or sub-view) it applies in; NULL = everywhere */
    int key;          /* character, or KEY_FN | KEY_xxx */
    enum action action;
    const char *help; /* for the help screen */
    const char *bar;  /* short label for the key bar, or NULL to leave it off */
};

/* The table, ending with a row whose key is 0. */
extern const struct key_binding keys_table[];

/*
 * The action of key in view (a view name such as "Variants" or a sub-view such
 * as "Timeline"): a row for that view wins over an everywhere row. Returns
 * A_NONE when the key means nothing there.
 */
enum action keys_lookup(const char *view, int key);

/* The name people know a key by: "j", "Down", "PgUp", "Tab", "^L", "Enter". */
void keys_name(int key, char *buf, size_t size);

/*
 * Visit the help lines for view (NULL = the everywhere rows): one call per
 * distinct (action, help) with all keys that do it joined ("j, Down").
 */
typedef void (*keys_help_fn)(void *ud, const char *keys, const char *help);
void keys_help(const char *view, keys_help_fn fn, void *ud);

/* The key bar for view: "key label" pairs, view rows first, then everywhere rows. */
typedef void (*keys_bar_fn)(void *ud, const char *key, const char *label);
void keys_bar(const char *view, keys_bar_fn fn, void *ud);

/* The views (and sub-views) that have rows of their own, in table order, for the help screen. */
size_t keys_views(const char **out, size_t max);

#endif

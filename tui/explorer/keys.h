/* The one key table: which key does what in which view, and the help and key bar built from it. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_KEYS_H
#define CF_KEYS_H

#include <stdbool.h>
#include <stddef.h>

/* What a key asks for. Views receive the actions their table rows name. */
enum action {
    ACT_NONE,
    ACT_UP,
    ACT_DOWN,
    ACT_LEFT,
    ACT_RIGHT,
    ACT_PGUP,
    ACT_PGDN,
    ACT_HOME,
    ACT_END,
    ACT_NEXT_VIEW,
    ACT_PREV_VIEW,
    ACT_GOTO_VIEW, /* the digit says which */
    ACT_ENTER,
    ACT_BACK,
    ACT_QUIT,
    ACT_HELP,
    ACT_FILTER_PATH,
    ACT_FILTER_CASE,
    ACT_FILTER_ATTR,
    ACT_SEARCH_NEXT,
    ACT_SEARCH_PREV,
    ACT_UNDO,
    ACT_CLEAR,
    ACT_SORT_PREV,
    ACT_SORT_NEXT,
    ACT_COMMAND,
    ACT_REFRESH,
    ACT_MAP_ACT_LESS,
    ACT_MAP_ACT_MORE,
    ACT_MAP_PATH_LESS,
    ACT_MAP_PATH_MORE,
    ACT_MAP_FREQ,
    ACT_MAP_PERF,
    ACT_MAP_NEXT_ELEM,
    ACT_MAP_PREV_ELEM,
    ACT_MAP_TOGGLE,       /* Map: the drawn map or the list of transitions */
    ACT_STAGES_CASES,     /* Stages: jump to the case-duration histogram */
    ACT_TOGGLE_TABLE,     /* Rework, Dead ends, Compare, Conformance: the next table */
    ACT_MAP_OVERLAY,      /* Map: colour by the segment that has more of each element */
    ACT_VARIANTS_CLUSTER, /* Variants: group the variants by edit-distance cluster */
    ACT_MAP_STYLE,        /* Map: fit / normal / compact / overview */
    ACT_MAP_CENTRE,       /* Map: back to the main path */
    ACT_MAP_GOTO,         /* Map: jump to an activity by name (:goto) */
    ACT_MAP_INFO,         /* Map: the detail pane */
    ACT_FILTERS,          /* the Filters pane */
    ACT_FILTER_TOGGLE,    /* Filters pane: switch the selected filter off or on */
    ACT_FILTER_EDIT,      /* Filters pane: edit the selected filter */
    ACT_FILTER_REMOVE,    /* Filters pane: remove the selected filter */
    ACT_COMPARE_VALUES,   /* Compare: the attribute values behind the selected row */
    ACT_SORT_REVERSE,     /* lists the widget sorts: reverse the order */
    ACT_FULL_LOAD,        /* the explorer on a push-down aggregate: load every event */
    ACT__COUNT
};

/* A key as the loop sees it: a character, or a curses key code with KEY_FN set. */
#define KEY_FN 0x40000000
#define KEYS_CTRL(c) ((c)&0x1f)

struct key_binding {
    const char *view; /* the view (or sub-view) it applies in; NULL = everywhere */
    int key;          /* character, or KEY_FN | KEY_xxx */
    enum action action;
    const char *help; /* for the help screen */
    const char *bar;  /* short label for the key bar, or NULL to leave it off */
    const int *also;  /* further keys that do the same, ending with 0; may be NULL */
};

/* Whether key is one of row r's keys (its key or one of also). */
bool keys_row_has(const struct key_binding *r, int key);

/* The table, ending with a row whose key is 0. */
extern const struct key_binding keys_table[];

/*
 * The action of key in view (a view name such as "Variants" or a sub-view such
 * as "Timeline"): a row for that view wins over an everywhere row. Returns
 * ACT_NONE when the key means nothing there.
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

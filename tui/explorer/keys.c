/* The one key table: which key does what in which view, and the help and key bar built from it. */
/* SPDX-License-Identifier: MIT */
#include "keys.h"

#include <stdio.h>
#include <string.h>

#include "ui.h"

#define FN(k) (KEY_FN | (k))
/* The further keys of a row, ending with 0. */
#define ALSO(...) ((const int[]){__VA_ARGS__, 0})
/* Enter is three codes to curses. */
#define ENTER_KEYS ALSO('\n', FN(KEY_ENTER))

/* clang-format off */
const struct key_binding keys_table[] = {
    /* Rows for one view come before the everywhere rows they override. */
    {"Map", '\r', ACT_ENTER, "filter to cases through the selected activity or transition", "Filter", ENTER_KEYS},
    {"Map", 'e', ACT_MAP_NEXT_ELEM, "select the next activity or transition (centred)", "Next", NULL},
    {"Map", 'E', ACT_MAP_PREV_ELEM, "select the previous activity or transition", NULL, NULL},
    {"Map", '[', ACT_MAP_ACT_LESS, "fewer activities (activities slider)", NULL, NULL},
    {"Map", ']', ACT_MAP_ACT_MORE, "more activities (activities slider)", "Acts", NULL},
    {"Map", '{', ACT_MAP_PATH_LESS, "fewer paths (paths slider)", NULL, NULL},
    {"Map", '}', ACT_MAP_PATH_MORE, "more paths (paths slider)", NULL, NULL},
    {"Map", 'f', ACT_MAP_FREQ, "frequency: events, again for cases", NULL, NULL},
    {"Map", 'p', ACT_MAP_PERF, "performance: median time, again for mean, max", NULL, NULL},
    {"Map", 'm', ACT_MAP_TOGGLE, "the drawn map or the list of every transition", "List", NULL},
    {"Map", 'o', ACT_MAP_OVERLAY, "overlay: mark what segment A or B has more of (8 Compare)", "A/B", NULL},
    {"Map", 'k', ACT_UP, "pan up (in the list: move up)", NULL, ALSO(FN(KEY_UP))},
    {"Map", 'j', ACT_DOWN, "pan down (in the list: move down)", NULL, ALSO(FN(KEY_DOWN))},
    {"Map", 'h', ACT_LEFT, "pan left", NULL, ALSO(FN(KEY_LEFT))},
    {"Map", 'l', ACT_RIGHT, "pan right", NULL, ALSO(FN(KEY_RIGHT))},
    {"Map", 'z', ACT_MAP_STYLE, "layout: fit to the window, normal, compact, overview (cycles)", "Style", NULL},
    {"Map", '.', ACT_MAP_CENTRE, "re-centre on the main path (0 is the Stats view)", NULL, NULL},
    {"Map", 'g', ACT_MAP_GOTO, "go to an activity by name (:goto NAME; a unique prefix will do)", "Goto", NULL},
    {"Map", 'i', ACT_MAP_INFO, "detail pane: figures of the selected activity or transition", "Info", NULL},
    {"Variants", '\r', ACT_ENTER, "filter to the selected variant", "Filter", ENTER_KEYS},
    {"Variants", '<', ACT_SORT_PREV, "sort by the previous key (cases, duration, length)", NULL, NULL},
    {"Variants", '>', ACT_SORT_NEXT, "sort by the next key (cases, duration, length)", "Sort", NULL},
    {"Variants", 's', ACT_SORT_REVERSE, "reverse the order (e.g. the rarest variants first)", NULL, NULL},
    {"Variants", 'c', ACT_VARIANTS_CLUSTER, "group the variants by cluster (edit distance; again: ungroup)", "Clusters", NULL},
    {"Cases", '\r', ACT_ENTER, "open the selected case's timeline", "Timeline", ENTER_KEYS},
    {"Cases", '<', ACT_SORT_PREV, "sort by the previous column (start, end, duration, age, events, last activity, path, id)", NULL, NULL},
    {"Cases", '>', ACT_SORT_NEXT, "sort by the next column (start, end, duration, age, events, last activity, path, id)", "Sort", NULL},
    {"Cases", 's', ACT_SORT_REVERSE, "reverse the order (e.g. the latest start first)", NULL, NULL},
    {"Outlook", '\r', ACT_ENTER, "open the selected open case's timeline", "Timeline", ENTER_KEYS},
    {"Timeline", 'q', ACT_BACK, "back to the case list", "Back", ALSO(27, FN(KEY_BACKSPACE))},
    {"Stages", '<', ACT_SORT_PREV, "sort by the previous key (median, count, name)", NULL, NULL},
    {"Stages", '>', ACT_SORT_NEXT, "sort by the next key (median, count, name)", "Sort", NULL},
    {"Stages", 's', ACT_SORT_REVERSE, "reverse the order (e.g. the quickest stages first)", NULL, NULL},
    {"Stages", 'd', ACT_STAGES_CASES, "show the case-duration histogram", "Durations", NULL},
    {"Rework", '\r', ACT_ENTER, "filter to the cases behind the selected row", "Filter", ENTER_KEYS},
    {"Rework", 't', ACT_TOGGLE_TABLE, "next table: activities, loops, regressions, skips", "Table", NULL},
    {"Rework", '<', ACT_SORT_PREV, "sort by the previous column", NULL, NULL},
    {"Rework", '>', ACT_SORT_NEXT, "sort by the next column", "Sort", NULL},
    {"Dead ends", '\r', ACT_ENTER, "filter to the cases ending at the selected activity", "Filter", ENTER_KEYS},
    {"Dead ends", 't', ACT_TOGGLE_TABLE, "next table: activities, open cases", "Table", NULL},
    {"Dead ends", '<', ACT_SORT_PREV, "sort by the previous column", NULL, NULL},
    {"Dead ends", '>', ACT_SORT_NEXT, "sort by the next column", "Sort", NULL},
    {"Compare", '\r', ACT_ENTER, "filter to the cases behind the selected row", "Filter", ENTER_KEYS},
    {"Compare", 't', ACT_TOGGLE_TABLE, "next table: transitions, activities, divergence", "Table", NULL},
    {"Compare", 'v', ACT_COMPARE_VALUES, "the attribute values that differ most between A and B in the row's cases", "Values", NULL},
    {"Compare values", '\r', ACT_ENTER, "filter to the cases with the selected value", "Filter", ENTER_KEYS},
    {"Compare values", 'q', ACT_BACK, "back to the comparison", "Back", ALSO(27)},
    {"Conformance", '\r', ACT_ENTER, "filter to the cases with the selected deviation", "Filter", ENTER_KEYS},
    {"Conformance", 't', ACT_TOGGLE_TABLE, "next table: deviation kinds, deviations", "Table", NULL},
    {"Stats", 't', ACT_TOGGLE_TABLE, "next table: activities, resources, attributes, cohorts, :between", "Table", NULL},
    {"Stats", '\r', ACT_ENTER, "filter to the value, resource or time bucket", "Filter", ENTER_KEYS},
    {"Filters", ' ', ACT_FILTER_TOGGLE, "switch the selected filter off or on", "On/off", ALSO('x')},
    {"Filters", 'e', ACT_FILTER_EDIT, "edit the selected filter: the prompt opens with its text", "Edit", ALSO('\r', '\n')},
    {"Filters", 'd', ACT_FILTER_REMOVE, "remove the selected filter", "Remove", ALSO(FN(KEY_DC))},
    {"Filters", 'q', ACT_BACK, "close the Filters pane", "Back", ALSO(27, 'F')},
    {"Needs events", 'L', ACT_FULL_LOAD, "load every event from the database, the pushed filters in its WHERE", "Load", NULL},
    {"Aggregate variants", 'L', ACT_FULL_LOAD, "load every event from the database (then Enter filters)", "Load", NULL},
    {"Aggregate stages", 't', ACT_TOGGLE_TABLE, "next table: activities, transitions (from the aggregate)", "Table", NULL},
    {"Aggregate stages", 'L', ACT_FULL_LOAD, "load every event from the database (then histograms)", "Load", NULL},

    {NULL, 'k', ACT_UP, "move up", NULL, ALSO(FN(KEY_UP))},
    {NULL, 'j', ACT_DOWN, "move down", NULL, ALSO(FN(KEY_DOWN))},
    {NULL, 'h', ACT_LEFT, "scroll left", NULL, ALSO(FN(KEY_LEFT))},
    {NULL, 'l', ACT_RIGHT, "scroll right", NULL, ALSO(FN(KEY_RIGHT))},
    {NULL, FN(KEY_PPAGE), ACT_PGUP, "page up", NULL, ALSO(KEYS_CTRL('b'))},
    {NULL, FN(KEY_NPAGE), ACT_PGDN, "page down", NULL, ALSO(KEYS_CTRL('f'), ' ')},
    {NULL, 'g', ACT_HOME, "first row", NULL, ALSO(FN(KEY_HOME))},
    {NULL, 'G', ACT_END, "last row", NULL, ALSO(FN(KEY_END))},
    {NULL, '\t', ACT_NEXT_VIEW, "next view", NULL, NULL},
    {NULL, FN(KEY_BTAB), ACT_PREV_VIEW, "previous view", NULL, NULL},
    {NULL, '1', ACT_GOTO_VIEW, "go to the view of that key on the tab bar (0 Stats, O Outlook)", NULL, ALSO('2', '3', '4', '5', '6', '7', '8', '9', '0', 'O')},
    {NULL, '\r', ACT_ENTER, "drill down", NULL, ENTER_KEYS},
    {NULL, '/', ACT_FILTER_PATH, "filter: regex on case paths (A > B > C), live count; Enter applies, Esc cancels", "Filter", NULL},
    {NULL, 'c', ACT_FILTER_CASE, "filter: regex on case ids", NULL, NULL},
    {NULL, 'a', ACT_FILTER_ATTR, "filter: attribute, NAME=VALUE or NAME~REGEX", NULL, NULL},
    {NULL, 'n', ACT_SEARCH_NEXT, "next row matching the last regex", NULL, NULL},
    {NULL, 'N', ACT_SEARCH_PREV, "previous row matching the last regex", NULL, NULL},
    {NULL, '<', ACT_SORT_PREV, "lists: sort by the column to the left (numbers numerically)", NULL, NULL},
    {NULL, '>', ACT_SORT_NEXT, "lists: sort by the column to the right (past the last: unsorted)", NULL, NULL},
    {NULL, 's', ACT_SORT_REVERSE, "lists: reverse the sort order (the header marks the column and direction)", NULL, NULL},
    {NULL, 'u', ACT_UNDO, "undo the last filter", "Undo", NULL},
    {NULL, 'U', ACT_CLEAR, "clear all filters", NULL, NULL},
    {NULL, 'F', ACT_FILTERS, "the Filters pane: every filter; switch off and on, edit, remove", NULL, NULL},
    {NULL, ':', ACT_COMMAND, "command line (:help lists the commands)", "Cmd", NULL},
    {NULL, '?', ACT_HELP, "help: every key", "Help", NULL},
    {NULL, KEYS_CTRL('l'), ACT_REFRESH, "redraw the screen", NULL, NULL},
    {NULL, 'L', ACT_FULL_LOAD, "explorer on a push-down (--pushdown): load every event from the database", NULL, NULL},
    {NULL, 'q', ACT_BACK, "back; quits on a top view", "Quit", ALSO(27)},
    {NULL, 'Q', ACT_QUIT, "quit", NULL, NULL},
    {NULL, 0, ACT_NONE, NULL, NULL, NULL},
};
/* clang-format on */

static bool
same_view(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    return strcmp(a, b) == 0;
}

bool
keys_row_has(const struct key_binding *r, int key)
{
    if (r->key == key)
        return true;
    for (const int *a = r->also; a != NULL && *a != 0; a++)
        if (*a == key)
            return true;
    return false;
}

enum action
keys_lookup(const char *view, int key)
{
    enum action global = ACT_NONE;
    for (const struct key_binding *k = keys_table; k->key != 0; k++) {
        if (!keys_row_has(k, key))
            continue;
        if (k->view == NULL && global == ACT_NONE)
            global = k->action;
        else if (view != NULL && same_view(k->view, view))
            return k->action;
    }
    return global;
}

void
keys_name(int key, char *buf, size_t size)
{
    static const struct {
        int code;
        const char *name;
    } fn_names[] = {
        {KEY_UP, "Up"},       {KEY_DOWN, "Down"},      {KEY_LEFT, "Left"},
        {KEY_RIGHT, "Right"}, {KEY_PPAGE, "PgUp"},     {KEY_NPAGE, "PgDn"},
        {KEY_HOME, "Home"},   {KEY_END, "End"},        {KEY_BTAB, "Shift-Tab"},
        {KEY_ENTER, "Enter"}, {KEY_BACKSPACE, "Bksp"}, {KEY_DC, "Del"},
    };
    if (key & KEY_FN) {
        int code = key & ~KEY_FN;
        for (size_t i = 0; i < sizeof fn_names / sizeof fn_names[0]; i++) {
            if (fn_names[i].code == code) {
                snprintf(buf, size, "%s", fn_names[i].name);
                return;
            }
        }
        snprintf(buf, size, "key %d", code);
    } else if (key == '\t') {
        snprintf(buf, size, "Tab");
    } else if (key == '\r' || key == '\n') {
        snprintf(buf, size, "Enter");
    } else if (key == 27) {
        snprintf(buf, size, "Esc");
    } else if (key == ' ') {
        snprintf(buf, size, "Space");
    } else if (key > 0 && key < 32) {
        snprintf(buf, size, "^%c", key + '@');
    } else {
        snprintf(buf, size, "%c", key);
    }
}

/* Whether row r is the first of the rows with its (view, action, help). */
static bool
first_of_group(const struct key_binding *r)
{
    for (const struct key_binding *k = keys_table; k < r; k++)
        if (same_view(k->view, r->view) && k->action == r->action && strcmp(k->help, r->help) == 0)
            return false;
    return true;
}

/* Append key's name to keys (size bytes, used so far), ", " between names. */
static void
add_key_name(char *keys, size_t size, size_t *used, int key)
{
    char name[32];
    keys_name(key, name, sizeof name);
    if (strstr(keys, name) != NULL && strcmp(name, "Enter") == 0)
        return; /* \r, \n and KEY_ENTER are one key to people */
    int w = snprintf(keys + *used, size - *used, "%s%s", *used ? ", " : "", name);
    if (w > 0 && (size_t)w < size - *used)
        *used += (size_t)w;
}

void
keys_help(const char *view, keys_help_fn fn, void *ud)
{
    for (const struct key_binding *r = keys_table; r->key != 0; r++) {
        if (!same_view(r->view, view) || !first_of_group(r))
            continue;
        char keys[128] = "";
        size_t used = 0;
        for (const struct key_binding *k = r; k->key != 0; k++) {
            if (!same_view(k->view, r->view) || k->action != r->action ||
                strcmp(k->help, r->help) != 0)
                continue;
            add_key_name(keys, sizeof keys, &used, k->key);
            for (const int *a = k->also; a != NULL && *a != 0; a++)
                add_key_name(keys, sizeof keys, &used, *a);
        }
        fn(ud, keys, r->help);
    }
}

static bool
view_binds(const char *view, int key)
{
    for (const struct key_binding *k = keys_table; k->key != 0; k++)
        if (keys_row_has(k, key) && k->view != NULL && strcmp(k->view, view) == 0)
            return true;
    return false;
}

void
keys_bar(const char *view, keys_bar_fn fn, void *ud)
{
    for (int pass = 0; pass < 2; pass++) {
        for (const struct key_binding *r = keys_table; r->key != 0; r++) {
            if (r->bar == NULL ||
                (pass == 0 ? !same_view(r->view, view) || view == NULL : r->view != NULL))
                continue;
            /* An everywhere key that this view binds itself is not shown twice. */
            if (pass == 1 && view != NULL && view_binds(view, r->key))
                continue;
            char name[32];
            if (r->action == ACT_SORT_NEXT)
                snprintf(name, sizeof name, "<>");
            else
                keys_name(r->key, name, sizeof name);
            fn(ud, name, r->bar);
        }
    }
}

size_t
keys_views(const char **out, size_t max)
{
    size_t n = 0;
    for (const struct key_binding *r = keys_table; r->key != 0; r++) {
        if (r->view == NULL)
            continue;
        bool seen = false;
        for (size_t i = 0; i < n; i++)
            if (strcmp(out[i], r->view) == 0)
                seen = true;
        if (!seen && n < max)
            out[n++] = r->view;
    }
    return n;
}

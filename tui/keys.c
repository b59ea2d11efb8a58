/* The one key table: which key does what in which view, and the help and key bar built from it. */
/* SPDX-License-Identifier: MIT */
#include "keys.h"

#include <stdio.h>
#include <string.h>

#include "ui.h"

#define FN(k) (KEY_FN | (k))

/* clang-format off */
const struct key_binding keys_table[] = {
    /* Rows for one view come before the everywhere rows they override. */
    {"Map", '\r', A_ENTER, "filter to cases through the selected activity or transition", "Filter"},
    {"Map", '\n', A_ENTER, "filter to cases through the selected activity or transition", NULL},
    {"Map", FN(KEY_ENTER), A_ENTER, "filter to cases through the selected activity or transition", NULL},
    {"Map", '[', A_MAP_ACT_LESS, "fewer activities (activities slider)", NULL},
    {"Map", ']', A_MAP_ACT_MORE, "more activities (activities slider)", "Acts"},
    {"Map", '{', A_MAP_PATH_LESS, "fewer paths (paths slider)", NULL},
    {"Map", '}', A_MAP_PATH_MORE, "more paths (paths slider)", "Paths"},
    {"Map", 'f', A_MAP_FREQ, "frequency overlay (counts)", NULL},
    {"Map", 'p', A_MAP_PERF, "performance overlay (median times)", NULL},
    {"Map", 'e', A_MAP_NEXT_ELEM, "select the next activity or transition", NULL},
    {"Map", 'E', A_MAP_PREV_ELEM, "select the previous activity or transition", NULL},
    {"Variants", '\r', A_ENTER, "filter to the selected variant", "Filter"},
    {"Variants", '\n', A_ENTER, "filter to the selected variant", NULL},
    {"Variants", FN(KEY_ENTER), A_ENTER, "filter to the selected variant", NULL},
    {"Variants", '<', A_SORT_PREV, "sort by the previous key (cases, duration, length)", NULL},
    {"Variants", '>', A_SORT_NEXT, "sort by the next key (cases, duration, length)", "Sort"},
    {"Cases", '\r', A_ENTER, "open the selected case's timeline", "Timeline"},
    {"Cases", '\n', A_ENTER, "open the selected case's timeline", NULL},
    {"Cases", FN(KEY_ENTER), A_ENTER, "open the selected case's timeline", NULL},
    {"Cases", '<', A_SORT_PREV, "sort by the previous key (start, duration, events, id)", NULL},
    {"Cases", '>', A_SORT_NEXT, "sort by the next key (start, duration, events, id)", "Sort"},
    {"Timeline", 'q', A_BACK, "back to the case list", "Back"},
    {"Timeline", 27, A_BACK, "back to the case list", NULL},
    {"Timeline", FN(KEY_BACKSPACE), A_BACK, "back to the case list", NULL},
    {"Stages", '<', A_SORT_PREV, "sort by the previous key (median, count, name)", NULL},
    {"Stages", '>', A_SORT_NEXT, "sort by the next key (median, count, name)", "Sort"},
    {"Stages", 'd', A_STAGES_CASES, "show the case-duration histogram", "Durations"},
    {"Rework", 't', A_TOGGLE_TABLE, "next table: activities, loops, regressions, skips", "Table"},
    {"Rework", '<', A_SORT_PREV, "sort by the previous column", NULL},
    {"Rework", '>', A_SORT_NEXT, "sort by the next column", "Sort"},
    {"Dead ends", 't', A_TOGGLE_TABLE, "next table: activities, open cases", "Table"},
    {"Dead ends", '<', A_SORT_PREV, "sort by the previous column", NULL},
    {"Dead ends", '>', A_SORT_NEXT, "sort by the next column", "Sort"},

    {NULL, 'k', A_UP, "move up", NULL},
    {NULL, FN(KEY_UP), A_UP, "move up", NULL},
    {NULL, 'j', A_DOWN, "move down", NULL},
    {NULL, FN(KEY_DOWN), A_DOWN, "move down", NULL},
    {NULL, 'h', A_LEFT, "scroll left", NULL},
    {NULL, FN(KEY_LEFT), A_LEFT, "scroll left", NULL},
    {NULL, 'l', A_RIGHT, "scroll right", NULL},
    {NULL, FN(KEY_RIGHT), A_RIGHT, "scroll right", NULL},
    {NULL, FN(KEY_PPAGE), A_PGUP, "page up", NULL},
    {NULL, KEYS_CTRL('b'), A_PGUP, "page up", NULL},
    {NULL, FN(KEY_NPAGE), A_PGDN, "page down", NULL},
    {NULL, KEYS_CTRL('f'), A_PGDN, "page down", NULL},
    {NULL, ' ', A_PGDN, "page down", NULL},
    {NULL, 'g', A_HOME, "first row", NULL},
    {NULL, FN(KEY_HOME), A_HOME, "first row", NULL},
    {NULL, 'G', A_END, "last row", NULL},
    {NULL, FN(KEY_END), A_END, "last row", NULL},
    {NULL, '\t', A_NEXT_VIEW, "next view", NULL},
    {NULL, FN(KEY_BTAB), A_PREV_VIEW, "previous view", NULL},
    {NULL, '1', A_GOTO_VIEW, "go to view N: 1 Map 2 Variants 3 Cases 4 Stages 5 Rework 6 Dead ends 7 Help", NULL},
    {NULL, '2', A_GOTO_VIEW, "go to view N: 1 Map 2 Variants 3 Cases 4 Stages 5 Rework 6 Dead ends 7 Help", NULL},
    {NULL, '3', A_GOTO_VIEW, "go to view N: 1 Map 2 Variants 3 Cases 4 Stages 5 Rework 6 Dead ends 7 Help", NULL},
    {NULL, '4', A_GOTO_VIEW, "go to view N: 1 Map 2 Variants 3 Cases 4 Stages 5 Rework 6 Dead ends 7 Help", NULL},
    {NULL, '5', A_GOTO_VIEW, "go to view N: 1 Map 2 Variants 3 Cases 4 Stages 5 Rework 6 Dead ends 7 Help", NULL},
    {NULL, '6', A_GOTO_VIEW, "go to view N: 1 Map 2 Variants 3 Cases 4 Stages 5 Rework 6 Dead ends 7 Help", NULL},
    {NULL, '7', A_GOTO_VIEW, "go to view N: 1 Map 2 Variants 3 Cases 4 Stages 5 Rework 6 Dead ends 7 Help", NULL},
    {NULL, '\r', A_ENTER, "drill down", NULL},
    {NULL, '\n', A_ENTER, "drill down", NULL},
    {NULL, FN(KEY_ENTER), A_ENTER, "drill down", NULL},
    {NULL, '/', A_FILTER_PATH, "filter: regex on case paths (A > B > C), live count; Enter applies, Esc cancels", "Filter"},
    {NULL, 'c', A_FILTER_CASE, "filter: regex on case ids", NULL},
    {NULL, 'a', A_FILTER_ATTR, "filter: attribute, NAME=VALUE or NAME~REGEX", NULL},
    {NULL, 'n', A_SEARCH_NEXT, "next row matching the last regex", NULL},
    {NULL, 'N', A_SEARCH_PREV, "previous row matching the last regex", NULL},
    {NULL, 'u', A_UNDO, "undo the last filter", "Undo"},
    {NULL, 'U', A_CLEAR, "clear all filters", NULL},
    {NULL, ':', A_COMMAND, "command line (:help lists the commands)", "Cmd"},
    {NULL, '?', A_HELP, "help: every key", "Help"},
    {NULL, KEYS_CTRL('l'), A_REFRESH, "redraw the screen", NULL},
    {NULL, 'q', A_BACK, "back; quits on a top view", "Quit"},
    {NULL, 27, A_BACK, "back; quits on a top view", NULL},
    {NULL, 'Q', A_QUIT, "quit", NULL},
    {NULL, 0, A_NONE, NULL, NULL},
};
/* clang-format on */

static bool
same_view(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    return strcmp(a, b) == 0;
}

enum action
keys_lookup(const char *view, int key)
{
    enum action global = A_NONE;
    for (const struct key_binding *k = keys_table; k->key != 0; k++) {
        if (k->key != key)
            continue;
        if (k->view == NULL && global == A_NONE)
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
        {KEY_UP, "Up"},       {KEY_DOWN, "Down"},     {KEY_LEFT, "Left"},
        {KEY_RIGHT, "Right"}, {KEY_PPAGE, "PgUp"},    {KEY_NPAGE, "PgDn"},
        {KEY_HOME, "Home"},   {KEY_END, "End"},       {KEY_BTAB, "Shift-Tab"},
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
        if (same_view(k->view, r->view) && k->action == r->action &&
            strcmp(k->help, r->help) == 0)
            return false;
    return true;
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
            char name[32];
            keys_name(k->key, name, sizeof name);
            if (strstr(keys, name) != NULL && strcmp(name, "Enter") == 0)
                continue; /* \r, \n and KEY_ENTER are one key to people */
            int w = snprintf(keys + used, sizeof keys - used, "%s%s", used ? ", " : "", name);
            if (w > 0 && (size_t)w < sizeof keys - used)
                used += (size_t)w;
        }
        fn(ud, keys, r->help);
    }
}

void
keys_bar(const char *view, keys_bar_fn fn, void *ud)
{
    for (int pass = 0; pass < 2; pass++) {
        for (const struct key_binding *r = keys_table; r->key != 0; r++) {
            if (r->bar == NULL || (pass == 0 ? !same_view(r->view, view) || view == NULL
                                             : r->view != NULL))
                continue;
            /* An everywhere key overridden in this view is not shown twice. */
            if (pass == 1 && view != NULL && keys_lookup(view, r->key) != r->action)
                continue;
            char name[32];
            if (r->action == A_SORT_NEXT)
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

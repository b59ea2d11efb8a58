/* One scrolling list/table widget for every view: columns, selection, paging, search, export. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_LISTWIDGET_H
#define CF_LISTWIDGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "keys.h"
#include "table.h"
#include "themefile.h"
#include "ui.h"

enum list_align { LIST_LEFT, LIST_RIGHT };

struct list_col {
    const char *title;
    int width; /* display columns; for the flexible column, the least it gets */
    enum list_align align;
    bool flex; /* takes the room the others leave (one column per table) */
    bool bar;  /* drawn as a bar of the fraction bar() gives; cell() is its exported value */
};

/* Text of a cell (full, not cut: the widget cuts by display width). */
typedef void (*list_cell_fn)(void *ud, size_t row, size_t col, char *buf, size_t size);
/* Fraction 0..1 of a bar column. */
typedef double (*list_bar_fn)(void *ud, size_t row, size_t col);
/* Role of a row (e.g. a group heading), or -1 for the normal one. */
typedef int (*list_role_fn)(void *ud, size_t row);

struct listw {
    const struct list_col *cols;
    size_t ncols;
    size_t n;    /* rows */
    size_t sel;  /* selected row (0 when n == 0) */
    size_t top;  /* first row shown */
    int hscroll; /* display columns the flexible column is scrolled by */
    list_cell_fn cell;
    list_bar_fn bar;   /* may be NULL when no column is a bar */
    list_role_fn role; /* may be NULL */
    /* May be NULL: whether row is drawn as its first cell across the whole width
     * (a group heading longer than the first column). */
    bool (*span)(void *ud, size_t row);
    void *ud;
    bool header; /* draw the column titles */
    int height;  /* data rows shown by the last draw (paging) */
    int y0;      /* window row of the first data row in the last draw (mouse) */
    /* The widget's own sort (views without sort keys of their own set sortable):
     * row positions on screen map to the view's rows through perm (NULL: the same). */
    bool sortable;
    int sort_col;   /* -1: the view's own order */
    bool sort_desc; /* largest (or last in text order) first */
    size_t *perm;   /* perm[position] = the view's row */
    size_t perm_cap;
    /* May be NULL: the number a cell sorts by; *ok false when it has none. Without
     * it, cells that read as numbers (listsort_number) sort as numbers. */
    double (*num)(void *ud, size_t row, size_t col, bool *ok);
    /* May be NULL: whether row heads a group (the rows after it, up to the next
     * head). A sort then orders the groups by their heads' cells, each followed by
     * its own rows sorted by theirs: groups stay whole. Rows before the first head
     * stay first. */
    bool (*group_head)(void *ud, size_t row);
};

/* Set up l over cols (which must outlive it); no rows yet; header on. */
void listw_init(struct listw *l, const struct list_col *cols, size_t ncols, list_cell_fn cell,
                void *ud);

/* Free what the widget holds (its sort permutation); l can be set up again. */
void listw_free(struct listw *l);

/*
 * The view's row shown at position pos (rows are drawn, selected and searched by
 * position; a view reads its own row through this, e.g. listw_row(l, l->sel)).
 */
size_t listw_row(const struct listw *l, size_t pos);

/* The view's row under the selection. */
size_t listw_cur(const struct listw *l);

/*
 * Sort the rows by column col (-1: the view's order), descending if desc. A column
 * whose cells all read as numbers (num, or listsort_number) sorts numerically,
 * otherwise by text, case-insensitively; empty cells and "-" go last either way;
 * ties keep the view's order; with group_head, groups stay whole (see there).
 * O(n log n): each cell's key is computed once. The selection stays on the row
 * it was on.
 */
void listw_sort(struct listw *l, int col, bool desc);

/*
 * < and > in a sortable list: the sort column moves one column right (dir > 0) or
 * left through every column, then back to the view's order; a new
 * column starts descending for numbers, ascending for text; the first row is then
 * selected. Returns false when l is not sortable.
 */
bool listw_sort_step(struct listw *l, int dir);

/* Reverse the sort direction (sorting by the first column if none) and select the
 * first row. False when not sortable. */
bool listw_sort_reverse(struct listw *l);

/* Change the number of rows, keeping the selection in range (and the sort, if any). */
void listw_set_rows(struct listw *l, size_t n);

/* Select row (clamped) and scroll it into view. */
void listw_select(struct listw *l, size_t row);

/*
 * Draw the table in rows [y, y+h) of w, width columns wide: the titles (if
 * header) then as many rows as fit, the selected one highlighted.
 */
void listw_draw(struct listw *l, WINDOW *w, int y, int h, int width);

/* Handle a movement action (up/down/page/home/end/left/right). Returns true if it was one. */
bool listw_action(struct listw *l, enum action a);

/*
 * Move the selection to the next (forward) or previous row whose cells, joined
 * by spaces, match re, wrapping around. Returns true if a row matched.
 */
bool listw_search(struct listw *l, const pcre2_code *re, bool forward);

/* A click on window row y: selects the row there. Returns true if y was a row. */
bool listw_click(struct listw *l, int y);

/* Scroll by delta rows (the mouse wheel), moving the selection along. */
void listw_scroll(struct listw *l, int delta);

/*
 * The whole list as a new table named name (free with table_free): a text column
 * per list column, keyed by its title in lower_snake_case, every row's full cell
 * text, in the order shown. For :export of views that draw their own cells.
 */
struct table *listw_table(const struct listw *l, const char *name);

#endif

/* The Filters pane (F, :filters): the whole filter stack; any level switched off and on,
 * edited or removed. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "theme.h"

enum { FC_NUM, FC_ON, FC_KEEPS, FC_AFTER, FC_DESC, FC__N };
static const struct list_col fp_cols[FC__N] = {
    [FC_NUM] = {"#", 2, LIST_RIGHT, false, false},
    [FC_ON] = {"on", 3, LIST_LEFT, false, false},
    [FC_KEEPS] = {"keeps", 8, LIST_RIGHT, false, false},
    [FC_AFTER] = {"cases after", 11, LIST_RIGHT, false, false},
    [FC_DESC] = {"filter", 20, LIST_LEFT, true, false},
};

static void
fp_cell(void *ud, size_t row, size_t col, char *buf, size_t size)
{
    const struct app *a = ud;
    const struct app_filter *f = &a->stack[row];
    switch (col) {
    case FC_NUM: snprintf(buf, size, "%zu", row + 1); break;
    case FC_ON: snprintf(buf, size, "%s", f->off ? "off" : "on"); break;
    case FC_KEEPS: ui_fmt_count(selection_count(f->own), buf, size); break;
    case FC_AFTER: ui_fmt_count(selection_count(f->sel), buf, size); break;
    default:
        snprintf(buf, size, "%s%s", f->desc, f->opt == NULL ? "  (on/off and remove only)" : "");
        break;
    }
}

static int
fp_role(void *ud, size_t row)
{
    const struct app *a = ud;
    return a->stack[row].off ? ROLE_DIM : -1;
}

static void
fp_sync(struct app *a)
{
    if (a->filters_list.cols != fp_cols) {
        listw_init(&a->filters_list, fp_cols, FC__N, fp_cell, a);
        a->filters_list.role = fp_role;
    }
    listw_set_rows(&a->filters_list, a->depth);
}

void
filterpane_draw(struct app *a, WINDOW *w, int rows, int cols)
{
    fp_sync(a);
    char line[300];
    size_t off = 0;
    for (size_t i = 0; i < a->depth; i++)
        off += a->stack[i].off;
    if (a->depth == 0)
        snprintf(line, sizeof line,
                 "Filters: none yet (/ c a add one, so does Enter in most views; q: back)");
    else
        snprintf(line, sizeof line,
                 "Filters: %zu, %zu off; the cases are those every active one keeps (q: back)",
                 a->depth, off);
    app_draw_line(w, 0, cols, ROLE_DETAIL, line);
    if (rows > 1)
        listw_draw(&a->filters_list, w, 1, rows - 1, cols);
}

/* e: open the prompt the filter was typed in, with its text; Enter replaces the level. */
static int
fp_edit(struct app *a, size_t i)
{
    const struct app_filter *f = &a->stack[i];
    if (f->opt == NULL) {
        app_message(a, true, "%s was made in a view: Space switches it off, d removes it", f->desc);
        return APP_REDRAW;
    }
    a->edit_at = i + 1;
    if (!f->invert && strcmp(f->opt, "grep") == 0) {
        app_start_prompt(a, PROMPT_PATH, f->arg);
    } else if (!f->invert && strcmp(f->opt, "case-grep") == 0) {
        app_start_prompt(a, PROMPT_CASE, f->arg);
    } else if (!f->invert && strcmp(f->opt, "where") == 0) {
        app_start_prompt(a, PROMPT_ATTR, f->arg);
    } else {
        struct cf_buf b = {0};
        cf_buf_printf(&b, "%s%s %s", f->invert ? "not " : "", f->opt, f->arg ? f->arg : "");
        app_start_prompt(a, PROMPT_COMMAND, b.data);
        cf_buf_clear(&b);
    }
    return APP_REDRAW;
}

int
filterpane_key(struct app *a, enum action act, int key)
{
    (void)key;
    fp_sync(a);
    struct listw *l = &a->filters_list;
    switch (act) {
    case ACT_BACK: a->filters_open = false; return APP_REDRAW;
    case ACT_NEXT_VIEW:
    case ACT_PREV_VIEW:
    case ACT_GOTO_VIEW:
    case ACT_HELP: a->filters_open = false; return APP_PASS;
    case ACT_FILTERS: return APP_REDRAW;
    case ACT_FILTER_TOGGLE:
    case ACT_FILTER_EDIT:
    case ACT_FILTER_REMOVE:
        if (a->depth == 0) {
            app_message(a, false, "no filters");
            return APP_REDRAW;
        }
        if (act == ACT_FILTER_TOGGLE)
            return app_filter_toggle(a, l->sel) | APP_REDRAW;
        if (act == ACT_FILTER_REMOVE) {
            int r = app_filter_remove(a, l->sel);
            fp_sync(a);
            return r | APP_REDRAW;
        }
        return fp_edit(a, l->sel);
    default: break;
    }
    if (listw_action(l, act))
        return APP_REDRAW;
    return APP_PASS; /* the filter prompts, u, U, : and Q keep their meaning */
}

int
filterpane_mouse(struct app *a)
{
    MEVENT ev;
    if (getmouse(&ev) != OK)
        return 0;
    fp_sync(a);
    if (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))
        return listw_click(&a->filters_list, ev.y - 1) ? APP_REDRAW : 0;
    return 0;
}

int
app_cmd_filters(struct app *a, const char *name, const char *arg)
{
    (void)name;
    (void)arg;
    a->filters_open = true;
    fp_sync(a);
    return APP_REDRAW;
}

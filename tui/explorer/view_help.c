/* The Help view: every key (from the key table) and every ':' command. */
/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "theme.h"

struct help_row {
    char *keys, *text;
    bool heading;
};

struct help {
    struct help_row *rows;
    size_t n, cap;
    struct listw list;
};

static const struct list_col help_cols[] = {
    {"Key", 22, LIST_LEFT, false, false},
    {"What it does", 20, LIST_LEFT, true, false},
};

static void
add_row(struct help *h, const char *keys, const char *text, bool heading)
{
    if (h->n == h->cap) {
        h->cap = h->cap ? 2 * h->cap : 64;
        h->rows = xreallocarray(h->rows, h->cap, sizeof *h->rows);
    }
    h->rows[h->n].keys = xstrdup(keys);
    h->rows[h->n].text = xstrdup(text);
    h->rows[h->n].heading = heading;
    h->n++;
}

/* Help texts wrap at this width (80 columns less the key column). */
#define HELP_TEXT_WIDTH 56

/* Add text as rows no wider than HELP_TEXT_WIDTH, keys on the first one. */
static void
add_wrapped(struct help *h, const char *keys, const char *text)
{
    char line[512];
    size_t used = 0;
    const char *p = text;
    bool first = true;
    while (*p != '\0') {
        size_t wl = strcspn(p, " ");
        char word[256];
        snprintf(word, sizeof word, "%.*s", (int)(wl < 255 ? wl : 255), p);
        if (used > 0 && ui_strwidth(line) + 1 + ui_strwidth(word) > HELP_TEXT_WIDTH) {
            add_row(h, first ? keys : "", line, false);
            first = false;
            used = 0;
        }
        int n = snprintf(line + used, sizeof line - used, "%s%s", used ? " " : "", word);
        if (n > 0 && (size_t)n < sizeof line - used)
            used += (size_t)n;
        p += wl;
        while (*p == ' ')
            p++;
    }
    if (used > 0 || first)
        add_row(h, first ? keys : "", used ? line : "", false);
}

static void
add_key(void *ud, const char *keys, const char *text)
{
    add_wrapped(ud, keys, text);
}

static void
add_command(void *ud, const char *usage, const char *text)
{
    char k[128];
    snprintf(k, sizeof k, ":%s", usage);
    /* Long usages get a row of their own. */
    if (strlen(k) > 22) {
        add_row(ud, k, "", false);
        add_wrapped(ud, "", text);
    } else {
        add_wrapped(ud, k, text);
    }
}

static void
help_cell(void *ud, size_t row, size_t col, char *buf, size_t size)
{
    const struct help *h = ud;
    snprintf(buf, size, "%s", col == 0 ? h->rows[row].keys : h->rows[row].text);
}

static int
help_role(void *ud, size_t row)
{
    const struct help *h = ud;
    return h->rows[row].heading ? ROLE_HEADER : -1;
}

static void
help_init(struct view *v, struct app *a)
{
    (void)a;
    struct help *h = xcalloc(1, sizeof *h);
    v->priv = h;
    add_row(h, "Everywhere", "", true);
    keys_help(NULL, add_key, h);
    const char *views[16];
    size_t nv = keys_views(views, 16);
    for (size_t i = 0; i < nv; i++) {
        char title[64];
        snprintf(title, sizeof title, "%s view", views[i]);
        add_row(h, "", "", false);
        add_row(h, title, "", true);
        keys_help(views[i], add_key, h);
    }
    add_row(h, "", "", false);
    add_row(h, "Commands (after :)", "", true);
    app_commands_help(add_command, h);
    add_row(h, "", "", false);
    add_row(h, "Segments, playbook", "", true);
    add_wrapped(h, "8 Compare",
                "segment A against B: an outcome (--outcome, :outcome, :outcome-activity, "
                ":outcome-last; :versus for B) splits the selected cases, or :compare sets the "
                "filter against the other cases or a :save'd selection");
    add_wrapped(h, "9 Conformance",
                "cases checked against a playbook (--playbook FILE, :playbook FILE)");
    add_wrapped(h, "o in the Map",
                ui_unicode() ? "marks what A (\xe2\x96\xb2"
                               "A) or B (\xe2\x96\xbc"
                               "B) has more of"
                             : "marks what A (+A) or B (+B) has more of");
    add_wrapped(h, "sample",
                "the bundled sales sample opens with outcome=won versus outcome=lost and "
                "samples/sales.playbook preset");
    add_row(h, "", "", false);
    add_row(h, "Mouse", "", true);
    add_row(h, "click", "select a row or a view tab (double click: Enter)", false);
    add_row(h, "wheel", "scroll (--no-mouse turns the mouse off)", false);
    listw_init(&h->list, help_cols, 2, help_cell, h);
    h->list.role = help_role;
    listw_set_rows(&h->list, h->n);
}

static void
help_draw(struct view *v, struct app *a, WINDOW *w, int rows, int cols)
{
    (void)a;
    struct help *h = v->priv;
    app_draw_line(w, 0, cols, ROLE_DETAIL,
                  "caseflow keys and commands (q or Esc goes back; j/k, PgUp/PgDn scroll)");
    listw_draw(&h->list, w, 1, rows - 1, cols);
}

static void
help_free(struct view *v)
{
    struct help *h = v->priv;
    if (h == NULL)
        return;
    for (size_t i = 0; i < h->n; i++) {
        free(h->rows[i].keys);
        free(h->rows[i].text);
    }
    free(h->rows);
    listw_free(&h->list);
    free(h);
    v->priv = NULL;
}

static struct listw *
help_list(struct view *v)
{
    return &((struct help *)v->priv)->list;
}

const struct view_ops view_help_ops = {
    .name = "Help",
    .init = help_init,
    .draw = help_draw,
    .free = help_free,
    .list = help_list,
};

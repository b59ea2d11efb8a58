/* One scrolling list/table widget for every view: columns, selection, paging, search, export. */
/* SPDX-License-Identifier: MIT */
#include "listwidget.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "listsort.h"
#include "theme.h"
#include "util.h"

#define LIST_MAX_COLS 16

void
listw_init(struct listw *l, const struct list_col *cols, size_t ncols, list_cell_fn cell, void *ud)
{
    memset(l, 0, sizeof *l);
    l->cols = cols;
    l->ncols = ncols < LIST_MAX_COLS ? ncols : LIST_MAX_COLS;
    l->cell = cell;
    l->ud = ud;
    l->header = true;
    l->height = 1;
    l->sort_col = -1;
}

void
listw_free(struct listw *l)
{
    free(l->perm);
    l->perm = NULL;
    l->perm_cap = 0;
    l->sort_col = -1;
}

size_t
listw_row(const struct listw *l, size_t pos)
{
    return l->perm != NULL && l->sort_col >= 0 && pos < l->n ? l->perm[pos] : pos;
}

size_t
listw_cur(const struct listw *l)
{
    return listw_row(l, l->sel);
}

/* Keep top so that sel is visible in a window of height rows. */
static void
listw_follow(struct listw *l)
{
    size_t h = l->height > 0 ? (size_t)l->height : 1;
    if (l->sel < l->top)
        l->top = l->sel;
    else if (l->sel >= l->top + h)
        l->top = l->sel - h + 1;
    if (l->n <= h)
        l->top = 0;
    else if (l->top > l->n - h)
        l->top = l->n - h;
}

/* ------------------------------------------------------------ sorting */

/* Reorder k[0..n) (one key per row, in row order) group by group: the rows before
 * the first head, then the groups in their heads' order, each head followed by its
 * rows in theirs. O(n log n). */
static void
sort_groups(const struct listw *l, struct listsort_key *k, size_t n)
{
    size_t *end = xcalloc(n + 1, sizeof *end); /* end[h]: one past head h's group */
    struct listsort_key *heads = xcalloc(n + 1, sizeof *heads);
    size_t nh = 0, lead = n;
    for (size_t r = n; r-- > 0;) {
        if (!l->group_head(l->ud, r))
            continue;
        end[r] = lead;
        lead = r;
    }
    for (size_t r = lead; r < n; r = end[r]) {
        heads[nh++] = k[r];
        listsort_sort(k + r + 1, end[r] - r - 1, l->sort_desc);
    }
    listsort_sort(k, lead, l->sort_desc);
    listsort_sort(heads, nh, l->sort_desc);
    struct listsort_key *out = xcalloc(n + 1, sizeof *out);
    size_t o = lead;
    memcpy(out, k, lead * sizeof *k);
    for (size_t i = 0; i < nh; i++) {
        size_t h = heads[i].row;
        out[o++] = k[h];
        memcpy(out + o, k + h + 1, (end[h] - h - 1) * sizeof *k);
        o += end[h] - h - 1;
    }
    memcpy(k, out, n * sizeof *k);
    free(out);
    free(heads);
    free(end);
}

/* Sort perm by the sort column; with pick_dir, descending when its cells all read as
 * numbers, ascending otherwise. */
static void
apply_sort(struct listw *l, bool pick_dir)
{
    size_t n = l->n;
    if (n + 1 > l->perm_cap) {
        l->perm_cap = n + 1;
        l->perm = xreallocarray(l->perm, l->perm_cap, sizeof *l->perm);
    }
    struct listsort_key *k = xcalloc(n + 1, sizeof *k);
    size_t col = (size_t)l->sort_col;
    bool numeric = true;
    char buf[4096];
    bool was = ui_plain_counts(true);
    for (size_t r = 0; r < n; r++) {
        k[r].row = r;
        bool ok = false;
        if (l->num != NULL) {
            k[r].num = l->num(l->ud, r, col, &ok);
            if (ok && isnan(k[r].num))
                ok = false;
        }
        if (ok)
            continue;
        buf[0] = '\0';
        l->cell(l->ud, r, col, buf, sizeof buf);
        if (listsort_missing(buf)) {
            k[r].missing = true;
            continue;
        }
        if (numeric && listsort_number(buf, &k[r].num))
            continue;
        numeric = false;
        k[r].text = xstrdup(buf);
    }
    if (!numeric) {
        /* Mixed: every cell by its text. */
        for (size_t r = 0; r < n; r++) {
            if (k[r].missing || k[r].text != NULL)
                continue;
            buf[0] = '\0';
            l->cell(l->ud, r, col, buf, sizeof buf);
            k[r].text = xstrdup(buf);
        }
    }
    ui_plain_counts(was);
    if (pick_dir)
        l->sort_desc = numeric;
    if (l->group_head != NULL)
        sort_groups(l, k, n);
    else
        listsort_sort(k, n, l->sort_desc);
    for (size_t r = 0; r < n; r++) {
        l->perm[r] = k[r].row;
        free(k[r].text);
    }
    free(k);
}

/* The position where view row row is shown. */
static size_t
position_of(const struct listw *l, size_t row)
{
    if (l->perm == NULL || l->sort_col < 0)
        return row;
    for (size_t i = 0; i < l->n; i++)
        if (l->perm[i] == row)
            return i;
    return 0;
}

/* listw_sort; with pick_dir, the direction as listw_sort_step says. */
static void
sort_by(struct listw *l, int col, bool desc, bool pick_dir)
{
    size_t row = l->n > 0 ? listw_cur(l) : 0;
    l->sort_col = col >= 0 && (size_t)col < l->ncols ? col : -1;
    l->sort_desc = desc;
    if (l->sort_col >= 0 && l->cell != NULL)
        apply_sort(l, pick_dir);
    l->sel = l->n > 0 ? position_of(l, row) : 0;
    listw_follow(l);
}

void
listw_sort(struct listw *l, int col, bool desc)
{
    sort_by(l, col, desc, false);
}

bool
listw_sort_step(struct listw *l, int dir)
{
    if (!l->sortable)
        return false;
    int n = (int)l->ncols, c = l->sort_col + (dir > 0 ? 1 : -1);
    if (c >= n)
        c = -1;
    if (c < -1)
        c = n - 1;
    sort_by(l, c, false, true);
    listw_select(l, 0);
    return true;
}

bool
listw_sort_reverse(struct listw *l)
{
    if (!l->sortable)
        return false;
    int c = l->sort_col;
    if (c < 0)
        sort_by(l, 0, false, true);
    else
        listw_sort(l, c, !l->sort_desc);
    listw_select(l, 0);
    return true;
}

void
listw_set_rows(struct listw *l, size_t n)
{
    l->n = n;
    if (l->sort_col >= 0 && (size_t)l->sort_col < l->ncols && l->cell != NULL)
        apply_sort(l, false);
    else
        l->sort_col = -1;
    if (l->sel >= n)
        l->sel = n > 0 ? n - 1 : 0;
    listw_follow(l);
}

void
listw_select(struct listw *l, size_t row)
{
    l->sel = row < l->n ? row : (l->n > 0 ? l->n - 1 : 0);
    listw_follow(l);
}

/* Column widths for a table width columns wide (one space between columns). */
static void
layout(const struct listw *l, int width, int *w)
{
    int fixed = 0;
    long flex = -1;
    for (size_t c = 0; c < l->ncols; c++) {
        w[c] = l->cols[c].width;
        if (l->cols[c].flex && flex < 0)
            flex = (long)c;
        else
            fixed += w[c];
        if (c > 0)
            fixed++;
    }
    if (flex >= 0) {
        /* A narrow window drops columns from the right (w -1; never the first) before the
         * flexible one (names, paths) vanishes. */
        /* From 80 columns the view's own least width holds (Cases keeps Last activity
         * beside a short path); narrower, at least 12 cells, a third of the width at most. */
        int need = l->cols[flex].width;
        if (width < 80 && need < 12)
            need = 12;
        if (need > width / 3)
            need = width / 3;
        for (long c = (long)l->ncols - 1; c > 0 && width - fixed < need; c--) {
            if (c == flex)
                continue;
            fixed -= w[c] + 1;
            w[c] = -1;
        }
        int room = width - fixed;
        w[flex] = room > 0 ? room : 0;
    }
}

static void
draw_cell(const struct listw *l, WINDOW *w, size_t row, size_t c, int cw, attr_t base)
{
    char buf[4096];
    if (l->cols[c].bar && l->bar != NULL) {
        attr_t ba = base == theme_attr(ROLE_SELECTED) ? base : theme_attr(ROLE_BAR);
        wattrset(w, ba);
        ui_bar(w, l->bar(l->ud, row, c), cw);
        wattrset(w, base);
        return;
    }
    l->cell(l->ud, row, c, buf, sizeof buf);
    const char *s = buf;
    if (l->cols[c].flex && l->hscroll > 0)
        s = ui_skip(buf, l->hscroll);
    if (l->cols[c].align == LIST_RIGHT)
        ui_put_right(w, s, cw);
    else
        ui_put_pad(w, s, cw);
}

void
listw_draw(struct listw *l, WINDOW *w, int y, int h, int width)
{
    int cw[LIST_MAX_COLS];
    layout(l, width, cw);
    if (l->header && h > 0) {
        wmove(w, y, 0);
        wattrset(w, theme_attr(ROLE_HEADER));
        int used = 0;
        for (size_t c = 0; c < l->ncols && used < width; c++) {
            if (cw[c] < 0)
                continue;
            if (c > 0) {
                waddch(w, ' ');
                used++;
            }
            int room = cw[c] < width - used ? cw[c] : width - used;
            char title[256];
            if ((int)c == l->sort_col)
                snprintf(title, sizeof title, "%s%s", l->cols[c].title,
                         l->sort_desc ? (ui_unicode() ? "\xe2\x96\xbc" : "v")
                                      : (ui_unicode() ? "\xe2\x96\xb2" : "^"));
            else
                snprintf(title, sizeof title, "%s", l->cols[c].title);
            if (l->cols[c].align == LIST_RIGHT)
                ui_put_right(w, title, room);
            else
                ui_put_pad(w, title, room);
            used += room;
        }
        for (; used < width; used++)
            waddch(w, ' ');
        y++;
        h--;
    }
    l->height = h > 0 ? h : 1;
    l->y0 = y;
    listw_follow(l);
    for (int i = 0; i < h; i++) {
        size_t pos = l->top + (size_t)i;
        wmove(w, y + i, 0);
        if (pos >= l->n) {
            wattrset(w, theme_attr(ROLE_NORMAL));
            wclrtoeol(w);
            continue;
        }
        size_t row = listw_row(l, pos);
        attr_t base = theme_attr(ROLE_NORMAL);
        int r = l->role != NULL ? l->role(l->ud, row) : -1;
        if (pos == l->sel)
            base = theme_attr(ROLE_SELECTED);
        else if (r >= 0 && r < ROLE__COUNT)
            base = theme_attr((enum theme_role)r);
        wattrset(w, base);
        int used = 0;
        if (l->span != NULL && l->ncols > 0 && l->span(l->ud, row)) {
            char buf[4096];
            l->cell(l->ud, row, 0, buf, sizeof buf);
            ui_put_pad(w, buf, width);
            used = width;
        }
        for (size_t c = 0; c < l->ncols && used < width; c++) {
            if (cw[c] < 0)
                continue;
            if (c > 0) {
                waddch(w, ' ');
                used++;
            }
            int room = cw[c] < width - used ? cw[c] : width - used;
            draw_cell(l, w, row, c, room, base);
            used += room;
        }
        for (; used < width; used++)
            waddch(w, ' ');
    }
    wattrset(w, theme_attr(ROLE_NORMAL));
}

bool
listw_action(struct listw *l, enum action a)
{
    size_t page = l->height > 1 ? (size_t)l->height - 1 : 1;
    switch (a) {
    case ACT_UP:
        if (l->sel > 0)
            l->sel--;
        break;
    case ACT_DOWN:
        if (l->sel + 1 < l->n)
            l->sel++;
        break;
    case ACT_PGUP:
        l->sel = l->sel > page ? l->sel - page : 0;
        l->top = l->top > page ? l->top - page : 0;
        break;
    case ACT_PGDN:
        l->sel = l->sel + page < l->n ? l->sel + page : (l->n > 0 ? l->n - 1 : 0);
        l->top += page;
        break;
    case ACT_HOME: l->sel = 0; break;
    case ACT_END: l->sel = l->n > 0 ? l->n - 1 : 0; break;
    case ACT_LEFT: l->hscroll = l->hscroll > 8 ? l->hscroll - 8 : 0; break;
    case ACT_RIGHT: l->hscroll += 8; break;
    default: return false;
    }
    listw_follow(l);
    return true;
}

/* Whether row's cells, joined by spaces, match re. */
static bool
row_matches(const struct listw *l, size_t row, const pcre2_code *re, pcre2_match_data *md)
{
    struct cf_buf b = {0};
    char buf[4096];
    for (size_t c = 0; c < l->ncols; c++) {
        if (l->cols[c].bar)
            continue;
        l->cell(l->ud, row, c, buf, sizeof buf);
        if (b.len > 0)
            cf_buf_puts(&b, " ");
        cf_buf_puts(&b, buf);
    }
    int rc = pcre2_match(re, (PCRE2_SPTR)(b.data ? b.data : ""), b.len, 0, 0, md, NULL);
    cf_buf_clear(&b);
    return rc >= 0;
}

bool
listw_search(struct listw *l, const pcre2_code *re, bool forward)
{
    if (l->n == 0)
        return false;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    if (md == NULL)
        cf_fatal("out of memory");
    bool found = false;
    for (size_t k = 1; k <= l->n && !found; k++) {
        size_t row = forward ? (l->sel + k) % l->n : (l->sel + l->n - k % l->n) % l->n;
        if (row_matches(l, listw_row(l, row), re, md)) {
            listw_select(l, row);
            found = true;
        }
    }
    pcre2_match_data_free(md);
    return found;
}

bool
listw_click(struct listw *l, int y)
{
    if (y < l->y0 || y >= l->y0 + l->height)
        return false;
    size_t row = l->top + (size_t)(y - l->y0);
    if (row >= l->n)
        return false;
    l->sel = row;
    return true;
}

void
listw_scroll(struct listw *l, int delta)
{
    size_t h = l->height > 0 ? (size_t)l->height : 1;
    if (delta < 0) {
        size_t d = (size_t)-delta;
        l->top = l->top > d ? l->top - d : 0;
        if (l->sel >= l->top + h)
            l->sel = l->top + h - 1;
    } else {
        size_t d = (size_t)delta;
        size_t max_top = l->n > h ? l->n - h : 0;
        l->top = l->top + d < max_top ? l->top + d : max_top;
        if (l->sel < l->top)
            l->sel = l->top;
    }
    if (l->sel >= l->n)
        l->sel = l->n > 0 ? l->n - 1 : 0;
}

/* The longest cell listw_table exports (bytes). */
#define LISTW_CELL_MAX ((size_t)256 << 20)

struct table *
listw_table(const struct listw *l, const char *name)
{
    struct table_col *cols = xcalloc(l->ncols + 1, sizeof *cols);
    char **keys = xcalloc(l->ncols + 1, sizeof *keys);
    for (size_t c = 0; c < l->ncols; c++) {
        /* The key is the title as shown: the CSV header reads like the screen. */
        char *k = xstrdup(l->cols[c].title);
        keys[c] = k;
        cols[c].key = k;
        cols[c].header = l->cols[c].title;
        cols[c].kind = TK_TEXT;
    }
    struct table *t = table_new_copy(name, NULL, cols, l->ncols, NULL);
    for (size_t c = 0; c < l->ncols; c++)
        free(keys[c]);
    free(keys);
    free(cols);
    /* Paths of long cases run to tens of kilobytes: export them whole. A cell that
     * fills the buffer may have been cut, so it is asked again with twice the room,
     * up to LISTW_CELL_MAX; one still longer says so at its end. */
    size_t size = 1u << 16;
    char *buf = xmalloc(size);
    bool was = ui_plain_counts(true);
    table_reserve(t, l->n);
    for (size_t r = 0; r < l->n; r++) {
        size_t row = table_add_row(t);
        for (size_t c = 0; c < l->ncols; c++) {
            size_t len;
            for (;;) {
                buf[0] = '\0';
                l->cell(l->ud, listw_row(l, r), c, buf, size);
                len = strlen(buf);
                if (len + 1 < size || size >= LISTW_CELL_MAX)
                    break;
                size *= 2;
                buf = xrealloc(buf, size);
            }
            if (len + 1 >= size) {
                static const char cut[] = " [cut: longer than the export's cell limit]";
                size_t at = size - sizeof cut;
                while (at > 0 && ((unsigned char)buf[at] & 0xC0) == 0x80)
                    at--; /* not inside a UTF-8 sequence */
                memcpy(buf + at, cut, sizeof cut);
            }
            table_set_text(t, row, c, buf);
        }
    }
    free(buf);
    ui_plain_counts(was);
    return t;
}

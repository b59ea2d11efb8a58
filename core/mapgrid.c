/* Map rendering into cells: boxes, merged box-drawing lines, arrowheads, labels, roles. */
/* SPDX-License-Identifier: MIT */
#include "mapgrid.h"

#include <stdlib.h>
#include <string.h>

/* Line directions of a cell: light bits in the low nibble, heavy in the high one. */
#define D_UP 1
#define D_DOWN 2
#define D_LEFT 4
#define D_RIGHT 8
/* Scratch bytes per cell: directions, then "contributors" (1 solid, 2 dashed, 4 no lines). */
#define SC_DIR 0
#define SC_KIND 1
#define SC_BYTES 2
#define K_SOLID 1
#define K_DASHED 2
#define K_TEXT 4

/*
 * Box-drawing characters by weight of each arm (0 none, 1 light, 2 heavy),
 * index up * 27 + down * 9 + left * 3 + right; generated from the Unicode
 * names of U+2500..U+257F.
 */
/* clang-format off */
static const uint16_t box_chars[81] = {
    0x0020, 0x2576, 0x257a, 0x2574, 0x2500, 0x257c, 0x2578, 0x257e, 0x2501,
    0x2577, 0x250c, 0x250d, 0x2510, 0x252c, 0x252e, 0x2511, 0x252d, 0x252f,
    0x257b, 0x250e, 0x250f, 0x2512, 0x2530, 0x2532, 0x2513, 0x2531, 0x2533,
    0x2575, 0x2514, 0x2515, 0x2518, 0x2534, 0x2536, 0x2519, 0x2535, 0x2537,
    0x2502, 0x251c, 0x251d, 0x2524, 0x253c, 0x253e, 0x2525, 0x253d, 0x253f,
    0x257d, 0x251f, 0x2522, 0x2527, 0x2541, 0x2546, 0x252a, 0x2545, 0x2548,
    0x2579, 0x2516, 0x2517, 0x251a, 0x2538, 0x253a, 0x251b, 0x2539, 0x253b,
    0x257f, 0x251e, 0x2521, 0x2526, 0x2540, 0x2544, 0x2529, 0x2543, 0x2547,
    0x2503, 0x2520, 0x2523, 0x2528, 0x2542, 0x254a, 0x252b, 0x2549, 0x254b,
};
/* clang-format on */

void
mapgrid_opts_init(struct map_render_opts *o)
{
    o->ascii = false;
    o->selected = MAP_ELEM_NONE;
}

void
mapgrid_clear(struct map_grid *g)
{
    if (g == NULL)
        return;
    free(g->cells);
    free(g->scratch);
    memset(g, 0, sizeof *g);
}

/* Window state while rendering. */
struct win {
    struct map_grid *g;
    const struct map_layout *l;
    const struct map_render_opts *o;
};

static bool
inside(const struct win *w, int x, int y)
{
    return x >= w->g->x0 && y >= w->g->y0 && x < w->g->x0 + w->g->width &&
           y < w->g->y0 + w->g->height;
}

static size_t
cell_index(const struct win *w, int x, int y)
{
    return (size_t)(y - w->g->y0) * (size_t)w->g->width + (size_t)(x - w->g->x0);
}

/* Add line arms dirs (light or heavy) to cell (x, y) if it is in the window. */
static void
add_dirs(struct win *w, int x, int y, unsigned dirs, bool heavy, int kind)
{
    if (!inside(w, x, y))
        return;
    uint8_t *sc = &w->g->scratch[cell_index(w, x, y) * SC_BYTES];
    if (sc[SC_KIND] & K_TEXT)
        return;
    sc[SC_DIR] |= (uint8_t)(heavy ? dirs << 4 : dirs);
    sc[SC_KIND] |= (uint8_t)kind;
}

static void
set_cell(struct win *w, int x, int y, uint32_t cp, uint8_t role, uint32_t elem, int level,
         uint8_t flags)
{
    if (!inside(w, x, y))
        return;
    struct map_cell *c = &w->g->cells[cell_index(w, x, y)];
    c->cp = cp;
    c->role = role;
    c->elem = elem;
    c->level = (uint8_t)level;
    c->flags |= flags;
}

/* Put UTF-8 text s at (x, y) within max cells; returns the cells used. */
static int
put_text(struct win *w, int x, int y, const char *s, int max, uint8_t role, uint32_t elem,
         int level, uint8_t flags)
{
    int used = 0;
    while (*s != '\0') {
        uint32_t cp;
        s += maplayout_utf8_decode(s, &cp);
        int cw = maplayout_cp_width(cp);
        if (cw == 0)
            continue; /* combining marks are not kept in single cells */
        if (used + cw > max)
            break;
        if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
            cp = '?';
        if (w->o->ascii && cp >= 0x80)
            cp = cp == 0x2026 ? '~' : '?';
        set_cell(w, x + used, y, cp, role, elem, level, flags);
        if (cw == 2) {
            if (w->o->ascii)
                set_cell(w, x + used + 1, y, '?', role, elem, level, flags);
            else
                set_cell(w, x + used + 1, y, 0, role, elem, level, flags);
        }
        used += cw;
    }
    return used;
}

static void
mark_text(struct win *w, int x, int y, int n)
{
    for (int i = 0; i < n; i++)
        if (inside(w, x + i, y))
            w->g->scratch[cell_index(w, x + i, y) * SC_BYTES + SC_KIND] |= K_TEXT;
}

/* Box borders as line arms (so edges leaving them make junctions), interiors as text. */
static void
draw_node_frame(struct win *w, size_t i)
{
    const struct map_node *n = &w->l->nodes[i];
    bool sel = w->o->selected == (uint32_t)i;
    uint8_t fl = (uint8_t)((sel ? MAP_CELL_SELECTED : 0) | (n->main_path ? MAP_CELL_MAIN : 0));
    if (n->kind != MAP_NODE_ACTIVITY || n->h == 1) {
        mark_text(w, n->x, n->y, n->w);
        return;
    }
    bool heavy = n->level == 2;
    int x1 = n->x + n->w - 1, y1 = n->y + n->h - 1;
    for (int x = n->x; x <= x1; x++) {
        unsigned arms = (x > n->x ? D_LEFT : 0) | (x < x1 ? D_RIGHT : 0);
        add_dirs(w, x, n->y, arms | (x == n->x || x == x1 ? D_DOWN : 0), heavy, K_SOLID);
        add_dirs(w, x, y1, arms | (x == n->x || x == x1 ? D_UP : 0), heavy, K_SOLID);
        set_cell(w, x, n->y, ' ', MAP_ROLE_BOX, (uint32_t)i, n->level, fl);
        set_cell(w, x, y1, ' ', MAP_ROLE_BOX, (uint32_t)i, n->level, fl);
    }
    for (int y = n->y + 1; y < y1; y++) {
        add_dirs(w, n->x, y, D_UP | D_DOWN, heavy, K_SOLID);
        add_dirs(w, x1, y, D_UP | D_DOWN, heavy, K_SOLID);
        set_cell(w, n->x, y, ' ', MAP_ROLE_BOX, (uint32_t)i, n->level, fl);
        set_cell(w, x1, y, ' ', MAP_ROLE_BOX, (uint32_t)i, n->level, fl);
        for (int x = n->x + 1; x < x1; x++)
            set_cell(w, x, y, ' ', MAP_ROLE_NAME, (uint32_t)i, n->level, fl);
        mark_text(w, n->x + 1, y, n->w - 2);
    }
    if (n->loop_w > 0)
        mark_text(w, n->loop_x, n->y, n->loop_w);
}

/*
 * A one-row box (compact and overview styles): "[ name 2,823 ↻5 ]", the main
 * path's with white square brackets "⟦ … ⟧" (ASCII "{ … }"); overview "[name]".
 */
static void
draw_row_box(struct win *w, size_t i, uint8_t fl)
{
    const struct map_node *n = &w->l->nodes[i];
    uint32_t id = (uint32_t)i;
    bool main = n->main_path;
    uint32_t open = main ? (w->o->ascii ? '{' : 0x27e6) : '[';
    uint32_t close = main ? (w->o->ascii ? '}' : 0x27e7) : ']';
    for (int x = n->x; x < n->x + n->w; x++)
        set_cell(w, x, n->y, ' ', MAP_ROLE_NAME, id, n->level, fl);
    set_cell(w, n->x, n->y, open, MAP_ROLE_BOX, id, n->level, fl);
    set_cell(w, n->x + n->w - 1, n->y, close, MAP_ROLE_BOX, id, n->level, fl);
    bool over = n->count_text[0] == '\0' && n->loop_w == 0;
    int pad = over ? 1 : 2;
    int cw = maplayout_text_width(n->count_text);
    int room = n->w - 2 * pad - (over ? 0 : 1 + cw) - (n->loop_w > 0 ? n->loop_w + 1 : 0);
    int used = put_text(w, n->x + pad, n->y, n->name, room, MAP_ROLE_NAME, id, n->level, fl);
    if (cw > 0)
        put_text(w, n->x + pad + used + 1, n->y, n->count_text, cw, MAP_ROLE_COUNT, id, n->level,
                 fl);
    if (n->loop_w > 0 && n->self_edge >= 0) {
        const struct map_edge *e = &w->l->edges[n->self_edge];
        uint32_t eid = (uint32_t)(w->l->n_nodes + (size_t)n->self_edge);
        uint8_t efl = w->o->selected == eid ? MAP_CELL_SELECTED : 0;
        set_cell(w, n->loop_x, n->y, w->o->ascii ? '@' : 0x21bb, MAP_ROLE_LOOP, eid, e->level, efl);
        put_text(w, n->loop_x + 1, n->y, e->label, n->loop_w - 1, MAP_ROLE_LOOP, eid, e->level,
                 efl);
    }
}

/* Names, numbers, markers and self-loop markers, after the lines. */
static void
draw_node_text(struct win *w, size_t i)
{
    const struct map_node *n = &w->l->nodes[i];
    bool sel = w->o->selected == (uint32_t)i;
    uint8_t fl = (uint8_t)((sel ? MAP_CELL_SELECTED : 0) | (n->main_path ? MAP_CELL_MAIN : 0));
    if (n->kind != MAP_NODE_ACTIVITY) {
        bool start = n->kind == MAP_NODE_START;
        const char *t = start ? (w->o->ascii ? "* start" : "\xe2\x97\x8f start")
                              : (w->o->ascii ? "# end" : "\xe2\x96\xa0 end");
        put_text(w, n->x, n->y, t, n->w, start ? MAP_ROLE_START : MAP_ROLE_END, (uint32_t)i, 1, fl);
        return;
    }
    if (n->h == 1) {
        draw_row_box(w, i, fl);
        return;
    }
    int ty = n->y + 1;
    put_text(w, n->x + 2, ty, n->name, n->w - 4, MAP_ROLE_NAME, (uint32_t)i, n->level, fl);
    int cw = maplayout_text_width(n->count_text);
    put_text(w, n->x + n->w - 2 - cw, ty, n->count_text, cw, MAP_ROLE_COUNT, (uint32_t)i, n->level,
             fl);
    if (n->loop_w > 0 && n->self_edge >= 0) {
        const struct map_edge *e = &w->l->edges[n->self_edge];
        uint32_t id = (uint32_t)(w->l->n_nodes + (size_t)n->self_edge);
        uint8_t efl = w->o->selected == id ? MAP_CELL_SELECTED : 0;
        set_cell(w, n->loop_x, n->y, w->o->ascii ? '@' : 0x21bb, MAP_ROLE_LOOP, id, e->level, efl);
        put_text(w, n->loop_x + 1, n->y, e->label, n->loop_w - 1, MAP_ROLE_LOOP, id, e->level, efl);
    }
}

static unsigned
step_dir(int dx, int dy)
{
    return dy < 0 ? D_UP : dy > 0 ? D_DOWN : dx < 0 ? D_LEFT : D_RIGHT;
}

static unsigned
opposite(unsigned d)
{
    return d == D_UP ? D_DOWN : d == D_DOWN ? D_UP : d == D_LEFT ? D_RIGHT : D_LEFT;
}

/* Is segment p-q (inclusive) disjoint from the window (with a one-cell margin)? */
static bool
segment_outside(const struct win *w, struct map_point p, struct map_point q)
{
    int xa = p.x < q.x ? p.x : q.x, xb = p.x < q.x ? q.x : p.x;
    int ya = p.y < q.y ? p.y : q.y, yb = p.y < q.y ? q.y : p.y;
    return xb < w->g->x0 - 1 || xa > w->g->x0 + w->g->width || yb < w->g->y0 - 1 ||
           ya > w->g->y0 + w->g->height;
}

/* Lines of edge j: arms for every unit step, except into the target's border. */
static void
draw_edge_lines(struct win *w, size_t j)
{
    const struct map_edge *e = &w->l->edges[j];
    uint32_t id = (uint32_t)(w->l->n_nodes + j);
    uint8_t role = e->rework ? MAP_ROLE_REWORK : MAP_ROLE_EDGE;
    uint8_t fl = (uint8_t)((w->o->selected == id ? MAP_CELL_SELECTED : 0) |
                           (e->main_path ? MAP_CELL_MAIN : 0));
    bool heavy = e->level == 2;
    int kind = e->rework ? K_DASHED : K_SOLID;
    for (size_t k = 0; k + 1 < e->n_points; k++) {
        struct map_point p = e->points[k], q = e->points[k + 1];
        if (segment_outside(w, p, q))
            continue;
        int dx = q.x > p.x ? 1 : q.x < p.x ? -1 : 0, dy = q.y > p.y ? 1 : q.y < p.y ? -1 : 0;
        unsigned d = step_dir(dx, dy);
        int len = dx ? abs(q.x - p.x) : abs(q.y - p.y);
        /* Clip the walk to the window plus one cell. */
        int from = 0, to = len;
        if (dx == 0) {
            int lo = w->g->y0 - 1, hi = w->g->y0 + w->g->height;
            int a = dy > 0 ? lo - p.y : p.y - hi, b = dy > 0 ? hi - p.y : p.y - lo;
            from = a > 0 ? a : 0;
            to = b < len ? b : len;
        } else {
            int lo = w->g->x0 - 1, hi = w->g->x0 + w->g->width;
            int a = dx > 0 ? lo - p.x : p.x - hi, b = dx > 0 ? hi - p.x : p.x - lo;
            from = a > 0 ? a : 0;
            to = b < len ? b : len;
        }
        bool last_seg = k + 2 == e->n_points;
        for (int i = from; i < to; i++) {
            int ax = p.x + dx * i, ay = p.y + dy * i;
            int bx = ax + dx, by = ay + dy;
            bool into_target = last_seg && i + 1 == len;
            if (into_target)
                break;
            add_dirs(w, ax, ay, d, heavy, kind);
            add_dirs(w, bx, by, opposite(d), heavy, kind);
            if (inside(w, bx, by)) {
                struct map_cell *c = &w->g->cells[cell_index(w, bx, by)];
                if (c->role == MAP_ROLE_NONE || c->role == MAP_ROLE_EDGE ||
                    c->role == MAP_ROLE_REWORK) {
                    c->role = role;
                    c->elem = id;
                    c->level = (uint8_t)e->level;
                }
                c->flags |= fl;
            }
        }
    }
}

/* The character for line arms and contributors (Unicode or ASCII). */
static uint32_t
line_char(unsigned dirs, unsigned kind, bool ascii)
{
    unsigned light = dirs & 15, heavy = dirs >> 4, any = light | heavy;
    bool dashed = (kind & K_DASHED) && !(kind & K_SOLID);
    bool vert = (any & ~(unsigned)(D_UP | D_DOWN)) == 0;
    bool horz = (any & ~(unsigned)(D_LEFT | D_RIGHT)) == 0;
    if (ascii) {
        if (vert)
            return dashed ? ':' : '|';
        if (horz)
            return dashed ? '.' : heavy ? '=' : '-';
        return '+';
    }
    if (dashed && vert && (any & D_UP) && (any & D_DOWN))
        return heavy ? 0x2507 : 0x2506;
    if (dashed && horz && (any & D_LEFT) && (any & D_RIGHT))
        return heavy ? 0x2505 : 0x2504;
    int wt[4];
    for (int b = 0; b < 4; b++)
        wt[b] = (heavy >> b) & 1 ? 2 : (light >> b) & 1 ? 1 : 0;
    return box_chars[wt[0] * 27 + wt[1] * 9 + wt[2] * 3 + wt[3]];
}

static _Thread_local const struct map_edge *order_edges;

static int
cmp_draw(const void *pa, const void *pb)
{
    const struct map_edge *a = &order_edges[*(const size_t *)pa];
    const struct map_edge *b = &order_edges[*(const size_t *)pb];
    if (a->level != b->level)
        return a->level - b->level;
    if (a->count != b->count)
        return a->count < b->count ? -1 : 1;
    return *(const size_t *)pa < *(const size_t *)pb ? -1 : 1;
}

/* Arrowheads in the cell before each edge's last point. */
static void
draw_arrows(struct win *w, const size_t *order)
{
    for (size_t k = 0; k < w->l->n_edges; k++) {
        size_t j = order[k];
        const struct map_edge *e = &w->l->edges[j];
        if (e->n_points < 2)
            continue;
        struct map_point p = e->points[e->n_points - 2], q = e->points[e->n_points - 1];
        int dx = q.x > p.x ? 1 : q.x < p.x ? -1 : 0, dy = q.y > p.y ? 1 : q.y < p.y ? -1 : 0;
        int ax = q.x - dx, ay = q.y - dy;
        if (!inside(w, ax, ay))
            continue;
        uint32_t cp;
        if (dy > 0)
            cp = w->o->ascii ? 'v' : 0x25bc;
        else if (dy < 0)
            cp = w->o->ascii ? '^' : 0x25b2;
        else if (dx > 0)
            cp = w->o->ascii ? '>' : 0x25ba;
        else
            cp = w->o->ascii ? '<' : 0x25c4;
        uint32_t id = (uint32_t)(w->l->n_nodes + j);
        struct map_cell *c = &w->g->cells[cell_index(w, ax, ay)];
        c->cp = cp;
        c->role = e->rework ? MAP_ROLE_REWORK : MAP_ROLE_EDGE;
        c->elem = id;
        c->level = (uint8_t)e->level;
        c->flags |= MAP_CELL_ARROW | (w->o->selected == id ? MAP_CELL_SELECTED : 0);
    }
}

void
mapgrid_render(struct map_grid *g, const struct map_layout *l, const struct map_render_opts *o,
               int x0, int y0, int w, int h)
{
    struct map_render_opts def;
    if (o == NULL) {
        mapgrid_opts_init(&def);
        o = &def;
    }
    if (w < 0)
        w = 0;
    if (h < 0)
        h = 0;
    size_t n = (size_t)w * (size_t)h;
    if (n > g->cap) {
        g->cells = xreallocarray(g->cells, n, sizeof *g->cells);
        g->scratch = xreallocarray(g->scratch, n, SC_BYTES);
        g->cap = n;
    }
    g->x0 = x0;
    g->y0 = y0;
    g->width = w;
    g->height = h;
    for (size_t i = 0; i < n; i++)
        g->cells[i] = (struct map_cell){' ', MAP_ELEM_NONE, MAP_ROLE_NONE, 0, 0};
    if (n > 0)
        memset(g->scratch, 0, n * SC_BYTES);
    struct win win = {g, l, o};

    for (size_t i = 0; i < l->n_nodes; i++) {
        const struct map_node *nd = &l->nodes[i];
        if (nd->x + nd->w < x0 - 1 || nd->x > x0 + w || nd->y + nd->h < y0 - 1 || nd->y > y0 + h)
            continue;
        draw_node_frame(&win, i);
    }
    size_t *order = xmalloc((l->n_edges + 1) * sizeof *order);
    for (size_t j = 0; j < l->n_edges; j++)
        order[j] = j;
    order_edges = l->edges;
    qsort(order, l->n_edges, sizeof *order, cmp_draw);
    for (size_t k = 0; k < l->n_edges; k++)
        draw_edge_lines(&win, order[k]);

    for (size_t i = 0; i < n; i++) {
        const uint8_t *sc = &g->scratch[i * SC_BYTES];
        if (sc[SC_DIR] != 0)
            g->cells[i].cp = line_char(sc[SC_DIR], sc[SC_KIND], o->ascii);
    }
    draw_arrows(&win, order);
    free(order);

    for (size_t i = 0; i < l->n_nodes; i++) {
        const struct map_node *nd = &l->nodes[i];
        if (nd->x + nd->w < x0 || nd->x >= x0 + w || nd->y + nd->h < y0 || nd->y >= y0 + h)
            continue;
        draw_node_text(&win, i);
    }
    for (size_t j = 0; j < l->n_edges; j++) {
        const struct map_edge *e = &l->edges[j];
        if (e->self_loop || e->label_x < 0 || e->label_y < y0 || e->label_y >= y0 + h)
            continue;
        uint32_t id = (uint32_t)(l->n_nodes + j);
        put_text(&win, e->label_x, e->label_y, e->label, e->label_w, MAP_ROLE_LABEL, id, e->level,
                 o->selected == id ? MAP_CELL_SELECTED : 0);
    }
}

/* Append code point cp as UTF-8. */
static void
put_utf8(struct cf_buf *b, uint32_t cp)
{
    char s[4];
    size_t n;
    if (cp < 0x80) {
        s[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        s[0] = (char)(0xc0 | (cp >> 6));
        s[1] = (char)(0x80 | (cp & 0x3f));
        n = 2;
    } else if (cp < 0x10000) {
        s[0] = (char)(0xe0 | (cp >> 12));
        s[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        s[2] = (char)(0x80 | (cp & 0x3f));
        n = 3;
    } else {
        s[0] = (char)(0xf0 | (cp >> 18));
        s[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
        s[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
        s[3] = (char)(0x80 | (cp & 0x3f));
        n = 4;
    }
    cf_buf_append(b, s, n);
}

void
mapgrid_append_text(const struct map_grid *g, struct cf_buf *out)
{
    for (int y = 0; y < g->height; y++) {
        const struct map_cell *row = &g->cells[(size_t)y * (size_t)g->width];
        int end = g->width;
        while (end > 0 && row[end - 1].cp == ' ')
            end--;
        for (int x = 0; x < end; x++)
            if (row[x].cp != 0)
                put_utf8(out, row[x].cp);
        cf_buf_append(out, "\n", 1);
    }
}

void
mapgrid_text(const struct map_layout *l, const struct map_render_opts *o, struct cf_buf *out)
{
    struct map_grid g = {0};
    const int strip = 64;
    for (int y = 0; y < l->height; y += strip) {
        int h = l->height - y < strip ? l->height - y : strip;
        mapgrid_render(&g, l, o, 0, y, l->width, h);
        mapgrid_append_text(&g, out);
    }
    mapgrid_clear(&g);
}

/* Append one character of a wrapped line, made safe. */
static void
wrap_put(struct cf_buf *out, const char *s, int len, uint32_t cp, bool ascii)
{
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0xfffd || (ascii && cp >= 0x80))
        cf_buf_puts(out, "?");
    else
        cf_buf_append(out, s, (size_t)len);
}

size_t
mapgrid_wrap(const char *s, int width, bool ascii, struct cf_buf *out)
{
    if (width < 1)
        width = 1;
    size_t lines = 0;
    while (*s != '\0') {
        while (*s == ' ')
            s++;
        if (*s == '\0')
            break;
        /* Take words while they fit. */
        const char *end = s, *p = s;
        int used = 0;
        while (*p != '\0') {
            const char *w = p;
            int ww = 0;
            while (*w != '\0' && *w != ' ') {
                uint32_t cp;
                int n = maplayout_utf8_decode(w, &cp);
                ww += maplayout_cp_width(cp);
                w += n;
            }
            int need = (end == s ? 0 : 1) + ww;
            if (used + need > width)
                break;
            used += need;
            end = w;
            p = w;
            while (*p == ' ')
                p++;
        }
        if (end == s) { /* one word wider than the line: cut it */
            int u = 0;
            while (*end != '\0' && *end != ' ') {
                uint32_t cp;
                int n = maplayout_utf8_decode(end, &cp);
                int cw = maplayout_cp_width(cp);
                if (u + cw > width)
                    break;
                u += cw;
                end += n;
            }
            if (end == s) /* a wide character in a one-cell line */
                end += maplayout_utf8_decode(s, &(uint32_t){0});
        }
        while (s < end) {
            uint32_t cp;
            int n = maplayout_utf8_decode(s, &cp);
            wrap_put(out, s, n, cp, ascii);
            s += n;
        }
        cf_buf_puts(out, "\n");
        lines++;
    }
    return lines;
}

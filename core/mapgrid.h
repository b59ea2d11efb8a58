/* Rendering a map layout into a grid of character cells, each with a style role and an element id.
 */
/* SPDX-License-Identifier: MIT */
#ifndef CF_MAPGRID_H
#define CF_MAPGRID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "maplayout.h"
#include "util.h"

/* What a cell shows, for colouring by a theme. */
enum map_role {
    MAP_ROLE_NONE,   /* blank */
    MAP_ROLE_BOX,    /* a box's border (with the junctions where edges leave) */
    MAP_ROLE_NAME,   /* an activity's name inside its box */
    MAP_ROLE_COUNT,  /* the number inside a box */
    MAP_ROLE_LOOP,   /* a self-loop marker "↻N" on a box's top border (elem: the loop edge) */
    MAP_ROLE_EDGE,   /* a line or arrowhead of a forward edge */
    MAP_ROLE_REWORK, /* a line or arrowhead of a rework (backwards) edge */
    MAP_ROLE_LABEL,  /* an edge's number or time */
    MAP_ROLE_START,  /* the start marker */
    MAP_ROLE_END,    /* the end marker */
};

/* Cell flags. */
#define MAP_CELL_SELECTED 0x01 /* part of the selected element (a shared line counts for each) */
#define MAP_CELL_ARROW 0x02    /* an arrowhead */
#define MAP_CELL_MAIN 0x04     /* part of the main (heaviest start-to-end) path */

struct map_cell {
    uint32_t cp;   /* code point to show; 0: right half of the wide character to its left */
    uint32_t elem; /* element drawn here (see maplayout.h; the heaviest edge where several
                      share a line), or MAP_ELEM_NONE */
    uint8_t role;  /* enum map_role */
    uint8_t level; /* the element's level 0..2 (2 = top third by the metric) */
    uint8_t flags; /* MAP_CELL_* */
};

/*
 * A window of the map: cells[(y - y0) * width + (x - x0)] is layout cell (x, y).
 * Zero-initialise; mapgrid_render sizes it; free with mapgrid_clear.
 */
struct map_grid {
    int x0, y0, width, height;
    struct map_cell *cells;
    uint8_t *scratch; /* line directions while rendering */
    size_t cap;
};

struct map_render_opts {
    bool ascii;        /* plain ASCII: - | + for lines, v ^ for arrows, '?' for other text */
    uint32_t selected; /* element to flag MAP_CELL_SELECTED, or MAP_ELEM_NONE */
};

/* Defaults: Unicode box drawing, nothing selected. */
void mapgrid_opts_init(struct map_render_opts *o);

/*
 * Render the part of l at columns x0..x0+w-1, rows y0..y0+h-1 (may extend past
 * the drawing: those cells are blank) into g, resizing it. Boxes: light
 * borders, heavy (━┃) for level 2; lines: light, heavy for level 2, dashed
 * (┄┆) where only rework edges run; junctions merge (├┬┼...). The cost is the
 * window's cells plus the number of nodes and edge segments, so a viewport
 * redraw stays cheap on a huge map.
 */
void mapgrid_render(struct map_grid *g, const struct map_layout *l, const struct map_render_opts *o,
                    int x0, int y0, int w, int h);

/* Free the grid's cells (accepts a zeroed grid). */
void mapgrid_clear(struct map_grid *g);

/* The cell at layout (x, y), or NULL outside the grid. */
static inline struct map_cell *
mapgrid_at(const struct map_grid *g, int x, int y)
{
    if (x < g->x0 || y < g->y0 || x >= g->x0 + g->width || y >= g->y0 + g->height)
        return NULL;
    return &g->cells[(size_t)(y - g->y0) * (size_t)g->width + (size_t)(x - g->x0)];
}

/* Append the grid's rows to out as UTF-8 lines, trailing blanks trimmed, each ending "\n". */
void mapgrid_append_text(const struct map_grid *g, struct cf_buf *out);

/*
 * The whole map as text (what `caseflow map` prints), rendered in strips so a
 * huge map needs no full-size grid. Appends to out.
 */
void mapgrid_text(const struct map_layout *l, const struct map_render_opts *o, struct cf_buf *out);

/*
 * Append s wrapped at spaces to lines of at most width cells (a word wider
 * than that is cut), each ending "\n"; control characters become '?' (as in
 * the map), ascii: any non-ASCII character too. Returns the number of lines.
 */
size_t mapgrid_wrap(const char *s, int width, bool ascii, struct cf_buf *out);

#endif

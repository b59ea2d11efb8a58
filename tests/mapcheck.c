/* Structural checks of a map's geometry (from `caseflow map --format json` flattened by jq). */
/* SPDX-License-Identifier: MIT */
/*
 * Input, one item per line:
 *   N id x y w h                      a node's box
 *   E source target n x1 y1 ... xn yn  an edge's polyline (n = 0: a self-loop)
 *   L x y w                           a placed edge label (one row)
 * Checks: no two boxes overlap; every polyline has >= 2 points, axis-parallel
 * segments of non-zero length, starts on its source box's border and ends on
 * its target box's border; no segment touches another box, or its own boxes
 * anywhere but at its end cells; labels overlap no box and no other label.
 * Prints each violation (up to 20) and a summary; exits 1 on any violation.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct box {
    long id, x, y, w, h;
};

struct edge {
    long src, dst;
    size_t n;
    long *p; /* 2n coordinates */
};

static size_t violations;

static void
violation(const char *fmt, long a, long b, long c)
{
    violations++;
    if (violations <= 20) {
        printf("VIOLATION: ");
        printf(fmt, a, b, c);
        putchar('\n');
    }
}

static bool
rects_overlap(long ax, long ay, long aw, long ah, long bx, long by, long bw, long bh)
{
    return ax < bx + bw && bx < ax + aw && ay < by + bh && by < ay + ah;
}

static bool
on_border(const struct box *b, long x, long y)
{
    if (x < b->x || x >= b->x + b->w || y < b->y || y >= b->y + b->h)
        return false;
    return x == b->x || x == b->x + b->w - 1 || y == b->y || y == b->y + b->h - 1;
}

static const struct box *
find_box(const struct box *boxes, size_t n, long id)
{
    for (size_t i = 0; i < n; i++)
        if (boxes[i].id == id)
            return &boxes[i];
    return NULL;
}

/* Number of cells of segment (x1,y1)-(x2,y2) inside box b. */
static long
cells_in_box(long x1, long y1, long x2, long y2, const struct box *b)
{
    long xa = x1 < x2 ? x1 : x2, xb = x1 < x2 ? x2 : x1;
    long ya = y1 < y2 ? y1 : y2, yb = y1 < y2 ? y2 : y1;
    long ox = (xb < b->x + b->w - 1 ? xb : b->x + b->w - 1) - (xa > b->x ? xa : b->x) + 1;
    long oy = (yb < b->y + b->h - 1 ? yb : b->y + b->h - 1) - (ya > b->y ? ya : b->y) + 1;
    return ox > 0 && oy > 0 ? ox * oy : 0;
}

static bool
in_box(const struct box *b, long x, long y)
{
    return x >= b->x && x < b->x + b->w && y >= b->y && y < b->y + b->h;
}

static void
check_edge(const struct edge *e, size_t k, const struct box *boxes, size_t nb)
{
    const struct box *s = find_box(boxes, nb, e->src), *t = find_box(boxes, nb, e->dst);
    if (s == NULL || t == NULL) {
        violation("edge %ld: unknown node %ld or %ld", (long)k, e->src, e->dst);
        return;
    }
    if (e->n == 0) {
        if (e->src != e->dst)
            violation("edge %ld: no points but %ld != %ld", (long)k, e->src, e->dst);
        return;
    }
    if (e->n < 2) {
        violation("edge %ld: %ld point(s)%.0ld", (long)k, (long)e->n, 0);
        return;
    }
    if (!on_border(s, e->p[0], e->p[1]))
        violation("edge %ld: starts at (%ld,%ld), not on its source's border", (long)k, e->p[0],
                  e->p[1]);
    long lx = e->p[2 * e->n - 2], ly = e->p[2 * e->n - 1];
    if (!on_border(t, lx, ly))
        violation("edge %ld: ends at (%ld,%ld), not on its target's border", (long)k, lx, ly);
    for (size_t i = 0; i + 1 < e->n; i++) {
        long x1 = e->p[2 * i], y1 = e->p[2 * i + 1], x2 = e->p[2 * i + 2], y2 = e->p[2 * i + 3];
        if (x1 != x2 && y1 != y2)
            violation("edge %ld: segment %ld is diagonal (x %ld)", (long)k, (long)i, x1);
        if (x1 == x2 && y1 == y2)
            violation("edge %ld: segment %ld has length 0 (x %ld)", (long)k, (long)i, x1);
        for (size_t b = 0; b < nb; b++) {
            const struct box *bx = &boxes[b];
            long inside = cells_in_box(x1, y1, x2, y2, bx);
            if (inside == 0)
                continue;
            /* Allowed: the first cell on the source, the last cell on the target. */
            long allowed = (bx == s && i == 0 && in_box(bx, x1, y1)) +
                           (bx == t && i + 2 == e->n && in_box(bx, x2, y2));
            if (inside > allowed)
                violation("edge %ld: segment %ld passes through box %ld", (long)k, (long)i,
                          bx->id);
        }
    }
}

int
main(void)
{
    size_t nb = 0, cb = 0, ne = 0, ce = 0, nl = 0, cl = 0;
    struct box *boxes = NULL, *labels = NULL;
    struct edge *edges = NULL;
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, stdin) > 0) {
        char *p = line;
        char kind = *p++;
        if (kind == 'N') {
            if (nb == cb) {
                cb = cb ? cb * 2 : 64;
                boxes = realloc(boxes, cb * sizeof *boxes);
            }
            struct box *b = &boxes[nb++];
            if (sscanf(p, "%ld %ld %ld %ld %ld", &b->id, &b->x, &b->y, &b->w, &b->h) != 5) {
                fprintf(stderr, "mapcheck: bad line: %s", line);
                return 2;
            }
        } else if (kind == 'L') {
            if (nl == cl) {
                cl = cl ? cl * 2 : 64;
                labels = realloc(labels, cl * sizeof *labels);
            }
            struct box *b = &labels[nl++];
            b->id = (long)nl - 1;
            b->h = 1;
            if (sscanf(p, "%ld %ld %ld", &b->x, &b->y, &b->w) != 3) {
                fprintf(stderr, "mapcheck: bad line: %s", line);
                return 2;
            }
        } else if (kind == 'E') {
            if (ne == ce) {
                ce = ce ? ce * 2 : 64;
                edges = realloc(edges, ce * sizeof *edges);
            }
            struct edge *e = &edges[ne++];
            char *end;
            e->src = strtol(p, &end, 10);
            e->dst = strtol(end, &end, 10);
            e->n = (size_t)strtol(end, &end, 10);
            e->p = malloc((2 * e->n + 1) * sizeof *e->p);
            for (size_t i = 0; i < 2 * e->n; i++) {
                char *q = end;
                e->p[i] = strtol(q, &end, 10);
                if (end == q) {
                    fprintf(stderr, "mapcheck: short edge line: %s", line);
                    return 2;
                }
            }
        }
    }
    free(line);
    for (size_t i = 0; i < nb; i++)
        for (size_t j = i + 1; j < nb; j++)
            if (rects_overlap(boxes[i].x, boxes[i].y, boxes[i].w, boxes[i].h, boxes[j].x,
                              boxes[j].y, boxes[j].w, boxes[j].h))
                violation("boxes %ld and %ld overlap%.0ld", boxes[i].id, boxes[j].id, 0);
    for (size_t k = 0; k < ne; k++)
        check_edge(&edges[k], k, boxes, nb);
    for (size_t i = 0; i < nl; i++) {
        const struct box *a = &labels[i];
        for (size_t b = 0; b < nb; b++)
            if (rects_overlap(a->x, a->y, a->w, 1, boxes[b].x, boxes[b].y, boxes[b].w,
                              boxes[b].h))
                violation("label %ld overlaps box %ld%.0ld", (long)i, boxes[b].id, 0);
        for (size_t j = i + 1; j < nl; j++)
            if (rects_overlap(a->x, a->y, a->w, 1, labels[j].x, labels[j].y, labels[j].w, 1))
                violation("labels %ld and %ld overlap%.0ld", (long)i, (long)j, 0);
    }
    printf("mapcheck: %zu boxes, %zu edges, %zu labels, %zu violations\n", nb, ne, nl,
           violations);
    for (size_t k = 0; k < ne; k++)
        free(edges[k].p);
    free(edges);
    free(boxes);
    free(labels);
    return violations ? 1 : 0;
}

/* Structural checks of a map's geometry, read from `caseflow map --format json` on stdin. */
/* SPDX-License-Identifier: MIT */
/*
 * Reads nodes [{id, x, y, w, h}] and edges [{source, target, points, label_at,
 * self_loop}] with a minimal JSON parser (jq is too slow on the big maps).
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

/* Report a violation: what, and up to three numbers saying where. */
static void
violation(const char *what, long a, long b, long c)
{
    violations++;
    if (violations <= 20)
        printf("VIOLATION: %s (%ld %ld %ld)\n", what, a, b, c);
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
        violation("edge: unknown node (edge, source, target)", (long)k, e->src, e->dst);
        return;
    }
    if (e->n == 0) {
        if (e->src != e->dst)
            violation("edge without points is no self-loop (edge, source, target)", (long)k, e->src,
                      e->dst);
        return;
    }
    if (e->n < 2) {
        violation("edge with fewer than 2 points (edge, points, 0)", (long)k, (long)e->n, 0);
        return;
    }
    if (!on_border(s, e->p[0], e->p[1]))
        violation("edge starts off its source's border (edge, x, y)", (long)k, e->p[0], e->p[1]);
    long lx = e->p[2 * e->n - 2], ly = e->p[2 * e->n - 1];
    if (!on_border(t, lx, ly))
        violation("edge ends off its target's border (edge, x, y)", (long)k, lx, ly);
    for (size_t i = 0; i + 1 < e->n; i++) {
        long x1 = e->p[2 * i], y1 = e->p[2 * i + 1], x2 = e->p[2 * i + 2], y2 = e->p[2 * i + 3];
        if (x1 != x2 && y1 != y2)
            violation("diagonal segment (edge, segment, x)", (long)k, (long)i, x1);
        if (x1 == x2 && y1 == y2)
            violation("segment of length 0 (edge, segment, x)", (long)k, (long)i, x1);
        for (size_t b = 0; b < nb; b++) {
            const struct box *bx = &boxes[b];
            long inside = cells_in_box(x1, y1, x2, y2, bx);
            if (inside == 0)
                continue;
            /* Allowed: the first cell on the source, the last cell on the target. */
            long allowed = (bx == s && i == 0 && in_box(bx, x1, y1)) +
                           (bx == t && i + 2 == e->n && in_box(bx, x2, y2));
            if (inside > allowed)
                violation("segment passes through a box (edge, segment, box)", (long)k, (long)i,
                          bx->id);
        }
    }
}

/* ------------------------------------------------ a minimal JSON reader */

enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jv {
    enum jtype t;
    double num;
    char *str;        /* J_STR */
    size_t n;         /* J_ARR, J_OBJ: number of items */
    struct jv *items; /* J_ARR, J_OBJ */
    char **keys;      /* J_OBJ */
};

static const char *jp;

static void
json_fail(const char *what)
{
    fprintf(stderr, "mapcheck: bad JSON: %s near '%.20s'\n", what, jp);
    exit(2);
}

static void
skip_ws(void)
{
    while (*jp == ' ' || *jp == '\n' || *jp == '\t' || *jp == '\r')
        jp++;
}

static char *
parse_string(void)
{
    if (*jp != '"')
        json_fail("string expected");
    const char *start = ++jp;
    while (*jp != '"') {
        if (*jp == '\0')
            json_fail("unterminated string");
        if (*jp == '\\' && jp[1] != '\0')
            jp++;
        jp++;
    }
    size_t len = (size_t)(jp - start);
    char *out = malloc(len + 1);
    memcpy(out, start, len);
    out[len] = '\0';
    jp++;
    return out;
}

static void
parse_value(struct jv *v)
{
    skip_ws();
    memset(v, 0, sizeof *v);
    if (*jp == '{' || *jp == '[') {
        bool obj = *jp == '{';
        char close = obj ? '}' : ']';
        size_t cap = 0;
        v->t = obj ? J_OBJ : J_ARR;
        jp++;
        skip_ws();
        while (*jp != close) {
            if (v->n == cap) {
                cap = cap ? cap * 2 : 4;
                v->items = realloc(v->items, cap * sizeof *v->items);
                if (obj)
                    v->keys = realloc(v->keys, cap * sizeof *v->keys);
            }
            if (obj) {
                skip_ws();
                v->keys[v->n] = parse_string();
                skip_ws();
                if (*jp++ != ':')
                    json_fail("':' expected");
            }
            parse_value(&v->items[v->n++]);
            skip_ws();
            if (*jp == ',')
                jp++;
            else if (*jp != close)
                json_fail("',' expected");
            skip_ws();
        }
        jp++;
    } else if (*jp == '"') {
        v->t = J_STR;
        v->str = parse_string();
    } else if (strncmp(jp, "null", 4) == 0) {
        jp += 4;
    } else if (strncmp(jp, "true", 4) == 0 || strncmp(jp, "false", 5) == 0) {
        v->t = J_BOOL;
        v->num = *jp == 't';
        jp += *jp == 't' ? 4 : 5;
    } else {
        char *end;
        v->t = J_NUM;
        v->num = strtod(jp, &end);
        if (end == jp)
            json_fail("value expected");
        jp = end;
    }
}

static void
jv_free(struct jv *v)
{
    for (size_t i = 0; i < v->n; i++) {
        jv_free(&v->items[i]);
        if (v->t == J_OBJ)
            free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->str);
}

static const struct jv *
get(const struct jv *o, const char *key)
{
    for (size_t i = 0; o->t == J_OBJ && i < o->n; i++)
        if (strcmp(o->keys[i], key) == 0)
            return &o->items[i];
    fprintf(stderr, "mapcheck: missing key '%s'\n", key);
    exit(2);
}

static long
num(const struct jv *v)
{
    if (v->t != J_NUM)
        json_fail("number expected");
    return (long)v->num;
}

static char *
read_all(FILE *f)
{
    size_t len = 0, cap = 1 << 16;
    char *buf = malloc(cap);
    size_t n;
    while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len < 2) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    buf[len] = '\0';
    return buf;
}

int
main(void)
{
    char *text = read_all(stdin);
    jp = text;
    struct jv root;
    parse_value(&root);
    const struct jv *jn = get(&root, "nodes"), *je = get(&root, "edges");
    size_t nb = jn->n, ne = je->n, nl = 0;
    struct box *boxes = calloc(nb + 1, sizeof *boxes), *labels = calloc(ne + 1, sizeof *labels);
    struct edge *edges = calloc(ne + 1, sizeof *edges);
    for (size_t i = 0; i < nb; i++) {
        const struct jv *o = &jn->items[i];
        boxes[i] = (struct box){num(get(o, "id")), num(get(o, "x")), num(get(o, "y")),
                                num(get(o, "w")), num(get(o, "h"))};
    }
    for (size_t k = 0; k < ne; k++) {
        const struct jv *o = &je->items[k], *pts = get(o, "points"), *lab = get(o, "label_at");
        struct edge *e = &edges[k];
        e->src = num(get(o, "source"));
        e->dst = num(get(o, "target"));
        e->n = pts->n;
        e->p = malloc((2 * e->n + 1) * sizeof *e->p);
        for (size_t i = 0; i < e->n; i++) {
            if (pts->items[i].t != J_ARR || pts->items[i].n != 2)
                json_fail("point [x, y] expected");
            e->p[2 * i] = num(&pts->items[i].items[0]);
            e->p[2 * i + 1] = num(&pts->items[i].items[1]);
        }
        if (lab->t == J_ARR && lab->n == 3 && get(o, "self_loop")->num == 0)
            labels[nl++] = (struct box){(long)nl, num(&lab->items[0]), num(&lab->items[1]),
                                        num(&lab->items[2]), 1};
    }
    jv_free(&root);
    free(text);
    for (size_t i = 0; i < nb; i++)
        for (size_t j = i + 1; j < nb; j++)
            if (rects_overlap(boxes[i].x, boxes[i].y, boxes[i].w, boxes[i].h, boxes[j].x,
                              boxes[j].y, boxes[j].w, boxes[j].h))
                violation("boxes overlap (box, box, 0)", boxes[i].id, boxes[j].id, 0);
    for (size_t k = 0; k < ne; k++)
        check_edge(&edges[k], k, boxes, nb);
    for (size_t i = 0; i < nl; i++) {
        const struct box *a = &labels[i];
        for (size_t b = 0; b < nb; b++)
            if (rects_overlap(a->x, a->y, a->w, 1, boxes[b].x, boxes[b].y, boxes[b].w, boxes[b].h))
                violation("label overlaps a box (label, box, 0)", (long)i, boxes[b].id, 0);
        for (size_t j = i + 1; j < nl; j++)
            if (rects_overlap(a->x, a->y, a->w, 1, labels[j].x, labels[j].y, labels[j].w, 1))
                violation("labels overlap (label, label, 0)", (long)i, (long)j, 0);
    }
    printf("mapcheck: %zu boxes, %zu edges, %zu labels, %zu violations\n", nb, ne, nl, violations);
    for (size_t k = 0; k < ne; k++)
        free(edges[k].p);
    free(edges);
    free(boxes);
    free(labels);
    return violations ? 1 : 0;
}

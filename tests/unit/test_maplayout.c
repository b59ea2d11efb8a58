/* Unit tests of the process map: sliders, cycle breaking, layout geometry, rendering. */
/* SPDX-License-Identifier: MIT */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eventlog.h"
#include "mapgrid.h"
#include "maplayout.h"
#include "mapsimplify.h"
#include "tap.h"

static struct event_log *
spec(const char *s)
{
    struct cf_error err = {0};
    struct event_log *log = eventlog_from_spec(s, &err);
    if (log == NULL) {
        printf("# bad spec: %s\n", err.msg);
        exit(1);
    }
    return log;
}

static uint32_t
act(const struct event_log *log, const char *name)
{
    for (uint32_t a = 0; a < eventlog_n_activities(log); a++)
        if (strcmp(eventlog_activity_name(log, a), name) == 0)
            return a;
    return CF_NONE;
}

static const struct map_node *
node_of(const struct map_layout *l, const struct event_log *log, const char *name)
{
    long i = maplayout_find_node(l, act(log, name));
    return i < 0 ? NULL : &l->nodes[i];
}

/* The edge between two named nodes ("start"/"end" for the markers), or NULL. */
static const struct map_edge *
edge_of(const struct map_layout *l, const struct event_log *log, const char *from, const char *to)
{
    for (size_t i = 0; i < l->n_edges; i++) {
        const struct map_edge *e = &l->edges[i];
        const struct map_node *a = &l->nodes[e->from], *b = &l->nodes[e->to];
        const char *an = a->kind == MAP_NODE_START ? "start" : eventlog_activity_name(log, a->act);
        const char *bn = b->kind == MAP_NODE_END ? "end" : eventlog_activity_name(log, b->act);
        if (strcmp(an, from) == 0 && strcmp(bn, to) == 0)
            return e;
    }
    return NULL;
}

static long
dfg_count(const struct map_graph *g, const struct event_log *log, const char *from, const char *to)
{
    long i = dfg_find_edge(&g->dfg, act(log, from), act(log, to));
    return i < 0 ? -1 : (long)g->dfg.edges[i].count;
}

static bool
dfg_kept(const struct map_graph *g, const struct event_log *log, const char *from, const char *to)
{
    long i = dfg_find_edge(&g->dfg, act(log, from), act(log, to));
    return i >= 0 && g->keep_edge[i];
}

static bool
in_rect(int x, int y, int rx, int ry, int rw, int rh)
{
    return x >= rx && x < rx + rw && y >= ry && y < ry + rh;
}

static bool
on_border(const struct map_node *n, int x, int y)
{
    return in_rect(x, y, n->x, n->y, n->w, n->h) &&
           (x == n->x || x == n->x + n->w - 1 || y == n->y || y == n->y + n->h - 1);
}

/* Does edge e's polyline cover cell (x, y)? */
static bool
covers(const struct map_edge *e, int x, int y)
{
    for (size_t k = 0; k + 1 < e->n_points; k++) {
        struct map_point p = e->points[k], q = e->points[k + 1];
        int xa = p.x < q.x ? p.x : q.x, xb = p.x < q.x ? q.x : p.x;
        int ya = p.y < q.y ? p.y : q.y, yb = p.y < q.y ? q.y : p.y;
        if (x >= xa && x <= xb && y >= ya && y <= yb)
            return true;
    }
    return false;
}

/*
 * The invariants every layout must keep: boxes apart, polylines orthogonal
 * from border to border, through no box, labels on free cells. Returns the
 * number of violations (and prints the first few).
 */
static int
structure_violations(const struct map_layout *l)
{
    int bad = 0;
#define BAD(...)                                                                                   \
    do {                                                                                           \
        if (bad++ < 5)                                                                             \
            printf("# " __VA_ARGS__);                                                              \
    } while (0)
    for (size_t i = 0; i < l->n_nodes; i++) {
        const struct map_node *a = &l->nodes[i];
        if (a->x < 0 || a->y < 0 || a->x + a->w > l->width || a->y + a->h > l->height)
            BAD("node %zu outside the drawing\n", i);
        for (size_t j = i + 1; j < l->n_nodes; j++) {
            const struct map_node *b = &l->nodes[j];
            if (a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h &&
                b->y < a->y + a->h)
                BAD("nodes %zu and %zu overlap\n", i, j);
        }
    }
    for (size_t i = 0; i < l->n_edges; i++) {
        const struct map_edge *e = &l->edges[i];
        if (e->self_loop) {
            if (e->n_points != 0 || e->from != e->to)
                BAD("self-loop %zu has points\n", i);
            continue;
        }
        if (e->n_points < 2) {
            BAD("edge %zu has %zu points\n", i, e->n_points);
            continue;
        }
        const struct map_node *s = &l->nodes[e->from], *t = &l->nodes[e->to];
        struct map_point p0 = e->points[0], pn = e->points[e->n_points - 1];
        if (!on_border(s, p0.x, p0.y))
            BAD("edge %zu starts off its source's border\n", i);
        if (!on_border(t, pn.x, pn.y))
            BAD("edge %zu ends off its target's border\n", i);
        /* A rework edge leaves upwards; a forward edge downwards. */
        if (e->n_points >= 2 && (e->rework ? e->points[1].y >= p0.y : e->points[1].y <= p0.y))
            BAD("edge %zu leaves its source the wrong way\n", i);
        for (size_t k = 0; k + 1 < e->n_points; k++) {
            struct map_point p = e->points[k], q = e->points[k + 1];
            if ((p.x != q.x && p.y != q.y) || (p.x == q.x && p.y == q.y))
                BAD("edge %zu segment %zu not axis-parallel\n", i, k);
            if (k + 2 < e->n_points) {
                struct map_point r = e->points[k + 2];
                if ((p.x == q.x && q.x == r.x) || (p.y == q.y && q.y == r.y))
                    BAD("edge %zu has a collinear middle point\n", i);
            }
            int xa = p.x < q.x ? p.x : q.x, xb = p.x < q.x ? q.x : p.x;
            int ya = p.y < q.y ? p.y : q.y, yb = p.y < q.y ? q.y : p.y;
            for (size_t b = 0; b < l->n_nodes; b++) {
                const struct map_node *n = &l->nodes[b];
                for (int y = ya; y <= yb; y++) {
                    for (int x = xa; x <= xb; x++) {
                        if (!in_rect(x, y, n->x, n->y, n->w, n->h))
                            continue;
                        bool first = k == 0 && b == e->from && x == p0.x && y == p0.y;
                        bool last = k + 2 == e->n_points && b == e->to && x == pn.x && y == pn.y;
                        if (!first && !last)
                            BAD("edge %zu passes through node %zu at (%d,%d)\n", i, b, x, y);
                    }
                }
            }
        }
        if (e->label_x >= 0 && !e->self_loop) {
            for (int x = e->label_x; x < e->label_x + e->label_w; x++) {
                for (size_t b = 0; b < l->n_nodes; b++) {
                    const struct map_node *n = &l->nodes[b];
                    if (in_rect(x, e->label_y, n->x, n->y, n->w, n->h))
                        BAD("label of edge %zu on node %zu\n", i, b);
                }
                for (size_t j = 0; j < l->n_edges; j++)
                    if (covers(&l->edges[j], x, e->label_y))
                        BAD("label of edge %zu on the line of edge %zu\n", i, j);
            }
        }
    }
#undef BAD
    return bad;
}

static struct map_layout *
lay(const struct event_log *log, double acts, double paths, enum map_metric m, struct map_graph *g)
{
    mapsimplify_build(log, NULL, acts, paths, g);
    struct map_layout_opts o;
    maplayout_opts_init(&o);
    o.metric = m;
    return maplayout_new(log, g, &o);
}

static void
test_text(void)
{
    CHECK_EQ_I(maplayout_text_width("abc"), 3);
    CHECK_EQ_I(maplayout_text_width("\xc3\xa9t\xc3\xa9"), 3);        /* "été" */
    CHECK_EQ_I(maplayout_text_width("\xe6\x97\xa5\xe6\x9c\xac"), 4); /* two CJK, wide */
    CHECK_EQ_I(maplayout_text_width("a\xffz"), 3);                   /* stray byte: 1 */
    char *s = maplayout_text_cut("register request", 8);
    CHECK_STR(s, "registe\xe2\x80\xa6");
    CHECK_EQ_I(maplayout_text_width(s), 8);
    free(s);
    s = maplayout_text_cut("short", 8);
    CHECK_STR(s, "short");
    free(s);
    /* Cut by width, never inside a character: 日本語テ cut to 5 cells = 日本… */
    s = maplayout_text_cut("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x83\x86", 5);
    CHECK_STR(s, "\xe6\x97\xa5\xe6\x9c\xac\xe2\x80\xa6");
    free(s);
    uint32_t cp;
    CHECK_EQ_I(maplayout_utf8_decode("\xe2\x86\xbb", &cp), 3);
    CHECK_EQ_U(cp, 0x21bb);
    CHECK_EQ_I(maplayout_utf8_decode("\xc0\x80", &cp), 1); /* overlong: invalid */
    CHECK_EQ_U(cp, 0xfffd);
    enum map_metric m;
    CHECK_EQ_I(maplayout_metric_parse("median", &m), 0);
    CHECK_EQ_I(m, MAP_METRIC_MEDIAN);
    CHECK_EQ_I(maplayout_metric_parse("avg", &m), -1);
}

static void
test_projection(void)
{
    /* A and B occur in every case; X once, Y twice (in one case). */
    struct event_log *log = spec("c1: A X B\nc2: A B\nc3: A Y Y B\n");
    struct map_graph g;
    mapsimplify_build(log, NULL, 50, 100, &g);
    CHECK_EQ_U(g.n_present, 4);
    CHECK_EQ_U(g.n_kept, 2); /* ceil(50% of 4) */
    CHECK(g.keep_act[act(log, "A")] && g.keep_act[act(log, "B")]);
    CHECK(!g.keep_act[act(log, "X")] && !g.keep_act[act(log, "Y")]);
    /* Projected: hidden events removed, cases reconnected: A->B in all three. */
    CHECK_EQ_I(dfg_count(&g, log, "A", "B"), 3);
    CHECK_EQ_U(g.dfg.edges[dfg_find_edge(&g.dfg, act(log, "A"), act(log, "B"))].cases, 3);
    CHECK_EQ_I(dfg_count(&g, log, "A", "X"), -1);
    CHECK_EQ_U(g.dfg.n_edges, 1);
    CHECK_EQ_U(g.n_paths, 3); /* start->A, A->B, B->end */
    /* First positions in the projected cases: A at 0, B at 1. */
    CHECK_NEAR(g.position[act(log, "A")], 0.0, 1e-9);
    CHECK_NEAR(g.position[act(log, "B")], 1.0, 1e-9);
    mapsimplify_clear(&g);

    /* 75% of 4 = 3: Y (2 events) beats X (1); Y Y stays a self-loop. */
    mapsimplify_build(log, NULL, 75, 100, &g);
    CHECK_EQ_U(g.n_kept, 3);
    CHECK(g.keep_act[act(log, "Y")] && !g.keep_act[act(log, "X")]);
    CHECK_EQ_I(dfg_count(&g, log, "A", "B"), 2); /* c1 (X hidden) and c2 */
    CHECK_EQ_I(dfg_count(&g, log, "Y", "Y"), 1);
    mapsimplify_clear(&g);

    /* At least one activity, whatever the percentage. */
    mapsimplify_build(log, NULL, 0.001, 0, &g);
    CHECK_EQ_U(g.n_kept, 1);
    mapsimplify_clear(&g);
    eventlog_free(log);

    /* Default: at most MAPSIMPLIFY_DEFAULT_ACTIVITIES activities. */
    struct cf_buf b = {0};
    cf_buf_puts(&b, "c1:");
    for (int i = 0; i < 20; i++)
        cf_buf_printf(&b, " a%02d", i);
    cf_buf_puts(&b, "\nc2: a00 a01\n");
    log = spec(b.data);
    cf_buf_clear(&b);
    mapsimplify_build(log, NULL, -1, -1, &g);
    CHECK_EQ_U(g.n_present, 20);
    CHECK_EQ_U(g.n_kept, MAPSIMPLIFY_DEFAULT_ACTIVITIES);
    CHECK(g.keep_act[act(log, "a00")] && g.keep_act[act(log, "a14")]);
    CHECK(!g.keep_act[act(log, "a15")]); /* ties (one event each) go by name */
    CHECK_NEAR(g.path_pct, MAPSIMPLIFY_DEFAULT_PATHS, 1e-9);
    mapsimplify_clear(&g);
    eventlog_free(log);
}

static void
test_paths_rule(void)
{
    /* Paths: start->A 9, A->B 6, B->D 5, D->end 9, A->C 2, C->D 3, A->E 1,
     * E->D 1, B->C 1: nine in all. */
    struct event_log *log = spec("c1: A B D\nc2: A B D\nc3: A B D\nc4: A B D\nc5: A B D\n"
                                 "c6: A C D\nc7: A C D\nc8: A E D\nc9: A B C D\n");
    struct map_graph g;
    mapsimplify_build(log, NULL, 100, 100, &g);
    CHECK_EQ_U(g.n_paths, 9);
    CHECK_EQ_U(g.n_paths_kept, 9);
    mapsimplify_paths(&g, log, 0);
    /* Only each activity's heaviest in and out: B->C (1) is neither C's heaviest
     * in (A->C, 2) nor B's heaviest out (B->D, 5). */
    CHECK(!dfg_kept(&g, log, "B", "C"));
    CHECK(dfg_kept(&g, log, "A", "C") && dfg_kept(&g, log, "C", "D"));
    CHECK(dfg_kept(&g, log, "A", "E") && dfg_kept(&g, log, "E", "D"));
    CHECK(dfg_kept(&g, log, "A", "B") && dfg_kept(&g, log, "B", "D"));
    CHECK(g.keep_start[act(log, "A")] && g.keep_end[act(log, "D")]);
    CHECK_EQ_U(g.n_paths_kept, 8);
    CHECK_NEAR(g.path_pct, 0, 1e-9);
    mapsimplify_clear(&g);
    eventlog_free(log);

    /* X and Y loop among themselves: their heaviest in and out edges are X->Y
     * and Y->X, so the rule alone would cut them off; the paths slider still
     * connects them from the start (A->X) and to the end (Y->D). */
    log = spec("c1: A B D\nc2: A B D\nc3: A B D\nc4: A B D\nc5: A B D\n"
               "c6: A X Y X Y X Y D\n");
    mapsimplify_build(log, NULL, 100, 0, &g);
    CHECK(dfg_kept(&g, log, "X", "Y") && dfg_kept(&g, log, "Y", "X"));
    CHECK(dfg_kept(&g, log, "A", "X"));
    CHECK(dfg_kept(&g, log, "Y", "D"));
    mapsimplify_clear(&g);
    eventlog_free(log);
}

static void
test_linear(void)
{
    struct event_log *log = spec("c1: A B C\nc2: A B C\nc3: A B C\n");
    struct map_graph g;
    struct map_layout *l = lay(log, 100, 100, MAP_METRIC_FREQ, &g);
    CHECK_EQ_U(l->n_nodes, 5);
    CHECK_EQ_U(l->n_edges, 4);
    CHECK_EQ_U(l->crossings, 0);
    CHECK_EQ_I(structure_violations(l), 0);
    /* Top to bottom: start, A, B, C, end, all on one column (the main path). */
    CHECK_EQ_I(l->nodes[0].kind, MAP_NODE_START);
    CHECK_EQ_I(l->nodes[4].kind, MAP_NODE_END);
    int col = l->nodes[0].x; /* the start marker's bullet */
    for (size_t i = 0; i < l->n_nodes; i++) {
        const struct map_node *n = &l->nodes[i];
        int anchor = n->kind == MAP_NODE_ACTIVITY ? n->x + n->w / 2 : n->x;
        CHECK_EQ_I(anchor, col);
        CHECK(n->main_path);
        if (i > 0)
            CHECK(n->y > l->nodes[i - 1].y);
    }
    for (size_t i = 0; i < l->n_edges; i++) {
        const struct map_edge *e = &l->edges[i];
        CHECK(!e->rework && e->main_path);
        CHECK_EQ_U(e->n_points, 2); /* straight down */
        CHECK_EQ_I(e->points[0].x, col);
        CHECK_EQ_I(e->points[1].x, col);
        CHECK_EQ_U(e->count, 3);
        CHECK_STR(e->label, "3");
        CHECK(e->label_x >= 0);
    }
    const struct map_node *a = node_of(l, log, "A");
    CHECK(a != NULL && strcmp(a->name, "A") == 0 && strcmp(a->count_text, "3") == 0);
    CHECK_EQ_I(a->h, 3);
    maplayout_free(l);
    mapsimplify_clear(&g);
    eventlog_free(log);
}

static void
test_rework(void)
{
    /* A->B 3, B->C 2, C->B 1, B->D 2, C->D 1: the lighter of B<->C turns back. */
    struct event_log *log = spec("c1: A B C B D\nc2: A B C D\nc3: A B D\n");
    struct map_graph g;
    struct map_layout *l = lay(log, 100, 100, MAP_METRIC_FREQ, &g);
    CHECK_EQ_I(structure_violations(l), 0);
    const struct map_edge *cb = edge_of(l, log, "C", "B"), *bc = edge_of(l, log, "B", "C");
    CHECK(cb != NULL && bc != NULL);
    CHECK(cb->rework);
    CHECK(!bc->rework);
    for (size_t i = 0; i < l->n_edges; i++)
        if (&l->edges[i] != cb)
            CHECK(!l->edges[i].rework);
    const struct map_node *b = node_of(l, log, "B"), *c = node_of(l, log, "C");
    CHECK(b->y < c->y);
    /* The rework edge leaves C's top border and enters B's bottom border. */
    CHECK_EQ_I(cb->points[0].y, c->y);
    CHECK_EQ_I(cb->points[cb->n_points - 1].y, b->y + b->h - 1);
    maplayout_free(l);
    mapsimplify_clear(&g);
    eventlog_free(log);

    /* A two-cycle: A->B three times, B->A once: B->A is the rework edge. */
    log = spec("c1: A B\nc2: A B\nc3: A B\nc4: B A\n");
    l = lay(log, 100, 100, MAP_METRIC_FREQ, &g);
    CHECK(edge_of(l, log, "B", "A")->rework);
    CHECK(!edge_of(l, log, "A", "B")->rework);
    CHECK(node_of(l, log, "A")->y < node_of(l, log, "B")->y);
    CHECK_EQ_I(structure_violations(l), 0);
    maplayout_free(l);
    mapsimplify_clear(&g);
    eventlog_free(log);
}

static void
test_self_loop_and_render(void)
{
    struct event_log *log = spec("c1: A A A B\nc2: A B\n");
    struct map_graph g;
    struct map_layout *l = lay(log, 100, 100, MAP_METRIC_FREQ, &g);
    CHECK_EQ_I(structure_violations(l), 0);
    const struct map_node *a = node_of(l, log, "A");
    CHECK(a->self_edge >= 0);
    const struct map_edge *loop = &l->edges[a->self_edge];
    CHECK(loop->self_loop && loop->n_points == 0 && loop->count == 2);
    CHECK_STR(loop->label, "2");
    CHECK_EQ_I(a->loop_w, 2); /* "↻2" */
    CHECK(a->loop_x > a->x && a->loop_x + a->loop_w < a->x + a->w);

    struct map_grid grid = {0};
    struct map_render_opts o;
    mapgrid_opts_init(&o);
    mapgrid_render(&grid, l, &o, 0, 0, l->width, l->height);
    const struct map_cell *c = mapgrid_at(&grid, a->loop_x, a->y);
    CHECK(c != NULL && c->cp == 0x21bb && c->role == MAP_ROLE_LOOP);
    CHECK_EQ_U(c->elem, l->n_nodes + (size_t)a->self_edge);
    CHECK_EQ_U(mapgrid_at(&grid, a->loop_x + 1, a->y)->cp, '2');
    /* Box corners, the name and the count inside. */
    uint32_t tl = mapgrid_at(&grid, a->x, a->y)->cp;
    CHECK(tl == 0x250c || tl == 0x250f);
    CHECK_EQ_U(mapgrid_at(&grid, a->x + 2, a->y + 1)->cp, 'A');
    CHECK_EQ_I(mapgrid_at(&grid, a->x + 2, a->y + 1)->role, MAP_ROLE_NAME);
    CHECK_EQ_U(mapgrid_at(&grid, a->x + a->w - 3, a->y + 1)->cp, '4');
    CHECK_EQ_I(mapgrid_at(&grid, a->x + a->w - 3, a->y + 1)->role, MAP_ROLE_COUNT);
    /* The start marker, and the arrowhead above A's top border. */
    const struct map_node *s = &l->nodes[0];
    CHECK_EQ_U(mapgrid_at(&grid, s->x, s->y)->cp, 0x25cf);
    CHECK_EQ_I(mapgrid_at(&grid, s->x, s->y)->role, MAP_ROLE_START);
    const struct map_edge *in = edge_of(l, log, "start", "A");
    struct map_point last = in->points[in->n_points - 1];
    c = mapgrid_at(&grid, last.x, last.y - 1);
    CHECK(c->cp == 0x25bc && (c->flags & MAP_CELL_ARROW) && c->role == MAP_ROLE_EDGE);
    /* Where the edge leaves A, A's bottom border has a junction. */
    const struct map_edge *ab = edge_of(l, log, "A", "B");
    uint32_t j = mapgrid_at(&grid, ab->points[0].x, ab->points[0].y)->cp;
    CHECK(j == 0x252c || j == 0x2530 || j == 0x252f || j == 0x2533);

    /* Selecting the edge flags its cells, and only those. */
    o.selected = (uint32_t)(l->n_nodes + (size_t)(ab - l->edges));
    mapgrid_render(&grid, l, &o, 0, 0, l->width, l->height);
    size_t flagged = 0, wrong = 0;
    for (int y = 0; y < grid.height; y++)
        for (int x = 0; x < grid.width; x++) {
            const struct map_cell *k = mapgrid_at(&grid, x, y);
            if (k->flags & MAP_CELL_SELECTED) {
                flagged++;
                if (!covers(ab, x, y) &&
                    !(y == ab->label_y && x >= ab->label_x && x < ab->label_x + ab->label_w))
                    wrong++;
            }
        }
    CHECK(flagged >= 2);
    CHECK_EQ_U(wrong, 0);

    /* ASCII: nothing but ASCII. */
    o.ascii = true;
    o.selected = MAP_ELEM_NONE;
    mapgrid_render(&grid, l, &o, 0, 0, l->width, l->height);
    size_t non_ascii = 0;
    for (int i = 0; i < grid.width * grid.height; i++)
        if (grid.cells[i].cp >= 0x80)
            non_ascii++;
    CHECK_EQ_U(non_ascii, 0);
    CHECK_EQ_U(mapgrid_at(&grid, a->loop_x, a->y)->cp, '@');

    /* A window: cells beyond the drawing are blank, coordinates stay the layout's. */
    mapgrid_render(&grid, l, &o, a->x - 3, a->y, 5, 2);
    CHECK_EQ_I(grid.width, 5);
    CHECK_EQ_U(mapgrid_at(&grid, a->x, a->y)->cp, '+');
    CHECK_EQ_U(mapgrid_at(&grid, a->x - 3, a->y)->cp, ' ');
    CHECK(mapgrid_at(&grid, a->x + 2, a->y) == NULL);
    mapgrid_clear(&grid);

    /* Hit testing: the box, an edge's line, nothing. */
    CHECK_EQ_U(maplayout_hit(l, a->x + 1, a->y + 1), (uint32_t)(a - l->nodes));
    struct map_point p = ab->points[0];
    CHECK_EQ_U(maplayout_hit(l, p.x, p.y + 1), (uint32_t)(l->n_nodes + (size_t)(ab - l->edges)));
    CHECK_EQ_U(maplayout_hit(l, l->width + 5, 0), MAP_ELEM_NONE);
    CHECK_EQ_I(maplayout_find_node(l, CF_NONE), -1);
    maplayout_free(l);
    mapsimplify_clear(&g);
    eventlog_free(log);
}

static void
test_exact_text(void)
{
    /* The whole text of a tiny map, checked by hand: start->A 3 straight down
     * A's column, A->B 2, A->end 1 passing B on the right and merging into
     * B->end 2 above the end marker; labels beside their own lines. */
    struct event_log *log = spec("c1: A B\nc2: A B\nc3: A\n");
    struct map_graph g;
    struct map_layout *l = lay(log, 100, 100, MAP_METRIC_FREQ, &g);
    struct map_render_opts o;
    mapgrid_opts_init(&o);
    o.ascii = true;
    struct cf_buf b = {0};
    mapgrid_text(l, &o, &b);
    const char *want = "    * start\n"
                       "    |\n"
                       "    |\n"
                       "    v 3\n"
                       "+-------+\n"
                       "| A   3 |\n"
                       "+---+-+-+\n"
                       "    | |\n"
                       "    | +----+\n"
                       "    |      |\n"
                       "    v 2    |\n"
                       "+-------+  |\n"
                       "| B   2 |  |\n"
                       "+---+---+  |\n"
                       "    | 2    | 1\n"
                       "    +------+\n"
                       "    |\n"
                       "    v\n"
                       "    # end\n";
    CHECK_STR(b.data, want);
    if (b.data && strcmp(b.data, want) != 0)
        printf("# got:\n%s", b.data);
    cf_buf_clear(&b);
    maplayout_free(l);
    mapsimplify_clear(&g);
    eventlog_free(log);
}

static void
test_metrics(void)
{
    /* A->B after 1h and 3h: mean 2h, median 2h, max 3h. */
    struct event_log *log = spec("c1: A@0 B@3600\nc2: A@0 B@10800\n");
    struct map_graph g;
    struct map_layout *l = lay(log, 100, 100, MAP_METRIC_MAX, &g);
    CHECK_STR(edge_of(l, log, "A", "B")->label, "3h 0m");
    CHECK_STR(edge_of(l, log, "start", "A")->label, ""); /* no time into the start */
    CHECK_EQ_I(edge_of(l, log, "start", "A")->label_x, -1);
    CHECK_STR(node_of(l, log, "A")->count_text, "2"); /* boxes keep the event count */
    CHECK(strstr(l->legend, "longest time") != NULL);
    maplayout_free(l);
    mapsimplify_clear(&g);
    l = lay(log, 100, 100, MAP_METRIC_MEDIAN, &g);
    CHECK_STR(edge_of(l, log, "A", "B")->label, "2h 0m");
    maplayout_free(l);
    mapsimplify_clear(&g);
    l = lay(log, 100, 100, MAP_METRIC_CASES, &g);
    CHECK_STR(edge_of(l, log, "A", "B")->label, "2");
    CHECK(strstr(l->legend, "cases") != NULL);
    maplayout_free(l);
    mapsimplify_clear(&g);
    eventlog_free(log);
}

static void
test_wide_names(void)
{
    /* 活動 "activity", 2 CJK characters = 4 cells; the cell after each is a continuation. */
    struct event_log *log = spec("c1: \xe6\xb4\xbb\xe5\x8b\x95 B\n");
    struct map_graph g;
    struct map_layout *l = lay(log, 100, 100, MAP_METRIC_FREQ, &g);
    const struct map_node *n = node_of(l, log, "\xe6\xb4\xbb\xe5\x8b\x95");
    CHECK(n != NULL);
    CHECK_EQ_I(n->w, 4 + 1 + 6); /* name 4 cells, count 1, frame and spaces 6 */
    struct map_grid grid = {0};
    mapgrid_render(&grid, l, NULL, 0, 0, l->width, l->height);
    CHECK_EQ_U(mapgrid_at(&grid, n->x + 2, n->y + 1)->cp, 0x6d3b);
    CHECK_EQ_U(mapgrid_at(&grid, n->x + 3, n->y + 1)->cp, 0);
    CHECK_EQ_U(mapgrid_at(&grid, n->x + 4, n->y + 1)->cp, 0x52d5);
    struct cf_buf b = {0};
    mapgrid_append_text(&grid, &b);
    CHECK(strstr(b.data, "\xe6\xb4\xbb\xe5\x8b\x95  1") != NULL);
    cf_buf_clear(&b);
    mapgrid_clear(&grid);
    maplayout_free(l);
    mapsimplify_clear(&g);

    /* Long names are cut to the name width; a width limit narrows them further. */
    eventlog_free(log);
    log = spec("c1: a_rather_long_activity_name_indeed_yes another_long_activity_name_too "
               "third_long_activity_name_here\n"
               "c2: a_rather_long_activity_name_indeed_yes third_long_activity_name_here\n");
    struct map_layout_opts o;
    maplayout_opts_init(&o);
    mapsimplify_build(log, NULL, 100, 100, &g);
    l = maplayout_new(log, &g, &o);
    int wide = l->width;
    CHECK_EQ_I(
        maplayout_text_width(node_of(l, log, "a_rather_long_activity_name_indeed_yes")->name), 24);
    maplayout_free(l);
    o.max_width = 20;
    l = maplayout_new(log, &g, &o);
    /* Names of 10 cells: boxes of 17, and the line from the first to the third
     * activity passing the second one's box 3 cells away: 20 columns. */
    CHECK(l->width < wide);
    CHECK_EQ_I(l->width, 20);
    CHECK_EQ_I(
        maplayout_text_width(node_of(l, log, "a_rather_long_activity_name_indeed_yes")->name), 10);
    CHECK_EQ_I(structure_violations(l), 0);
    maplayout_free(l);
    mapsimplify_clear(&g);
    eventlog_free(log);
}

/* A deterministic pseudo-random generator for the random logs. */
static uint32_t rng_state = 12345;

static uint32_t
rng(uint32_t n)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return (rng_state >> 16) % n;
}

static void
test_random_structure(void)
{
    int bad_logs = 0, layouts = 0;
    for (int round = 0; round < 40; round++) {
        uint32_t na = 3 + rng(14), nc = 3 + rng(40);
        struct cf_buf b = {0};
        for (uint32_t c = 0; c < nc; c++) {
            cf_buf_printf(&b, "c%u:", c);
            uint32_t len = 1 + rng(12), cur = rng(na / 2 + 1);
            for (uint32_t k = 0; k < len; k++) {
                cf_buf_printf(&b, " act%u", cur);
                /* Mostly forward, sometimes back or repeated: loops and rework. */
                uint32_t r = rng(10);
                cur = r < 6 ? (cur + 1 + rng(2)) % na : r < 8 ? rng(na) : cur;
            }
            cf_buf_puts(&b, "\n");
        }
        struct event_log *log = spec(b.data);
        cf_buf_clear(&b);
        static const double sliders[][2] = {{100, 100}, {60, 30}, {100, 0}, {-1, -1}};
        for (size_t s = 0; s < 4; s++) {
            struct map_graph g;
            struct map_layout *l =
                lay(log, sliders[s][0], sliders[s][1], (enum map_metric)(round % 5), &g);
            layouts++;
            int v = structure_violations(l);
            size_t acts = 0;
            for (size_t i = 0; i < l->n_nodes; i++)
                acts += l->nodes[i].kind == MAP_NODE_ACTIVITY;
            if (v != 0 || acts != g.n_kept || l->n_nodes != g.n_kept + 2) {
                printf("# round %d sliders %zu: %d violations, %zu of %zu activities\n", round, s,
                       v, acts, g.n_kept);
                bad_logs++;
            }
            /* Every kept path is drawn, with the projected graph's count. */
            size_t kept = 0;
            for (size_t i = 0; i < g.dfg.n_edges; i++)
                kept += g.keep_edge[i];
            for (size_t a = 0; a < g.n_act; a++)
                kept += g.keep_start[a] + g.keep_end[a];
            if (kept != l->n_edges || kept != g.n_paths_kept) {
                printf("# round %d: %zu kept paths, %zu edges drawn\n", round, kept, l->n_edges);
                bad_logs++;
            }
            for (size_t i = 0; i < l->n_edges; i++) {
                const struct map_edge *e = &l->edges[i];
                if (e->dfg_edge >= 0 && e->count != g.dfg.edges[e->dfg_edge].count)
                    bad_logs++;
            }
            maplayout_free(l);
            mapsimplify_clear(&g);
        }
        eventlog_free(log);
    }
    CHECK_EQ_I(bad_logs, 0);
    CHECK_EQ_I(layouts, 160);
}

static void
test_levels(void)
{
    /* Edge counts 6 (A->B), 3 (B->C), 1 (C->D) among others: the busiest is heavy. */
    struct event_log *log = spec("c1: A B\nc2: A B\nc3: A B\nc4: A B C\nc5: A B C\nc6: A B C D\n");
    struct map_graph g;
    struct map_layout *l = lay(log, 100, 100, MAP_METRIC_FREQ, &g);
    CHECK_EQ_I(edge_of(l, log, "A", "B")->level, 2);
    CHECK_EQ_I(edge_of(l, log, "C", "D")->level, 0);
    CHECK_EQ_I(node_of(l, log, "A")->level, 2);
    CHECK_EQ_I(node_of(l, log, "D")->level, 0);
    maplayout_free(l);
    mapsimplify_clear(&g);
    eventlog_free(log);
}

/* The overlay's markers: B's box and the A->B arrow (not the start/end ones) get a suffix. */
static const char *
mark_b(void *ud, uint32_t from, uint32_t to)
{
    const struct event_log *log = ud;
    uint32_t b = act(log, "B");
    if (to == CF_NONE)
        return from == b ? "\xe2\x96\xb2"
                           "A"
                         : NULL; /* "▲A" */
    return to == b ? "+B" : "";
}

static void
test_suffix(void)
{
    struct event_log *log = spec("c1: A B C\nc2: A B\nc3: A C\n");
    struct map_graph g;
    mapsimplify_build(log, NULL, 100, 100, &g);
    struct map_layout_opts o;
    maplayout_opts_init(&o);
    o.suffix = mark_b;
    o.suffix_ud = log;
    struct map_layout *l = maplayout_new(log, &g, &o);
    CHECK_EQ_I(structure_violations(l), 0);
    const struct map_node *b = node_of(l, log, "B");
    CHECK_STR(b->count_text, "2\xe2\x96\xb2"
                             "A");
    CHECK_STR(node_of(l, log, "A")->count_text, "3");
    /* Box width by display width (name 1 + count 3 + 6), not by bytes (7). */
    CHECK_EQ_I(b->w, 10);
    const struct map_edge *ab = edge_of(l, log, "A", "B");
    CHECK_STR(ab->label, "2+B");
    CHECK_EQ_I(ab->label_w, 3);
    CHECK_STR(edge_of(l, log, "A", "C")->label, "1");
    CHECK_STR(edge_of(l, log, "start", "A")->label, "3"); /* start/end arrows: never */
    struct map_grid grid = {0};
    struct map_render_opts ro;
    mapgrid_opts_init(&ro);
    mapgrid_render(&grid, l, &ro, 0, 0, l->width, l->height);
    /* The count is right-aligned in the box by width: "2▲A" ends two cells before the border. */
    CHECK_EQ_U(mapgrid_at(&grid, b->x + b->w - 3, b->y + 1)->cp, 'A');
    CHECK_EQ_U(mapgrid_at(&grid, b->x + b->w - 4, b->y + 1)->cp, 0x25b2);
    CHECK_EQ_U(mapgrid_at(&grid, b->x + b->w - 5, b->y + 1)->cp, '2');
    if (ab->label_x >= 0)
        CHECK_EQ_U(mapgrid_at(&grid, ab->label_x + 2, ab->label_y)->cp, 'B');
    mapgrid_clear(&grid);
    maplayout_free(l);
    mapsimplify_clear(&g);
    eventlog_free(log);
}

int
main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    test_text();
    test_projection();
    test_paths_rule();
    test_linear();
    test_rework();
    test_self_loop_and_render();
    test_exact_text();
    test_metrics();
    test_wide_names();
    test_random_structure();
    test_levels();
    test_suffix();
    TAP_DONE();
}

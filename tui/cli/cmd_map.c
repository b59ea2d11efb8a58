/* `caseflow map`: the process map as text (what the Map view draws), Graphviz DOT or JSON geometry.
 */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "commands.h"
#include "mapfit.h"
#include "mapgrid.h"
#include "maptable.h"
#include "maplayout.h"
#include "mapsimplify.h"
#include "termsafe.h"
#include "textout.h"

enum map_format { FMT_TEXT, FMT_DOT, FMT_JSON, FMT_CSV };

struct map_args {
    double act_pct, path_pct; /* negative: default */
    enum map_metric metric;
    enum map_format format;
    bool ascii;
    int width;
    enum map_style style;
    int fit_cols, fit_rows; /* --fit; 0: none */
};

/* "COLSxROWS": 0 and the two numbers, or -1. */
static int
parse_fit(const char *s, int *cols, int *rows)
{
    char *end;
    errno = 0;
    long c = strtol(s, &end, 10);
    if (end == s || (*end != 'x' && *end != 'X') || errno != 0)
        return -1;
    const char *r0 = end + 1;
    long r = strtol(r0, &end, 10);
    if (end == r0 || *end != '\0' || errno != 0 || c < 20 || r < 8 || c > 100000 || r > 100000)
        return -1;
    *cols = (int)c;
    *rows = (int)r;
    return 0;
}

static int
bad_value(const char *opt, const char *val, const char *want)
{
    fprintf(stderr, "caseflow map: --%s takes %s, not '%s' (see caseflow map --help)\n", opt, want,
            val);
    return CF_EXIT_USAGE;
}

/* A percentage in [lo, 100]; returns 0 or the usage exit status. */
static int
parse_pct(const char *opt, const char *val, double lo, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(val, &end);
    if (end != val && *end == '%')
        end++;
    if (end == val || *end != '\0' || errno != 0 || !(v >= lo && v <= 100) || (lo > 0 && v == 0))
        return bad_value(opt, val,
                         lo > 0 ? "a percentage in (0, 100]" : "a percentage in [0, 100]");
    *out = v;
    return 0;
}

static int
parse_args(struct map_args *a, const char *act, const char *paths, const char *metric,
           const char *format, const char *width, bool json)
{
    a->act_pct = -1;
    a->path_pct = -1;
    a->metric = MAP_METRIC_FREQ;
    a->format = json ? FMT_JSON : FMT_TEXT;
    a->width = 0;
    a->fit_cols = a->fit_rows = 0;
    if (act != NULL && parse_pct("activities", act, 1e-9, &a->act_pct) != 0)
        return CF_EXIT_USAGE;
    if (paths != NULL && parse_pct("paths", paths, 0, &a->path_pct) != 0)
        return CF_EXIT_USAGE;
    if (metric != NULL && maplayout_metric_parse(metric, &a->metric) != 0)
        return bad_value("metric", metric, "freq, cases, mean, median or max");
    if (format != NULL) {
        if (strcmp(format, "text") == 0)
            a->format = FMT_TEXT;
        else if (strcmp(format, "dot") == 0)
            a->format = FMT_DOT;
        else if (strcmp(format, "json") == 0)
            a->format = FMT_JSON;
        else if (strcmp(format, "csv") == 0)
            a->format = FMT_CSV;
        else
            return bad_value("format", format, "text, dot, json or csv");
    }
    if (width != NULL) {
        char *end;
        errno = 0;
        long v = strtol(width, &end, 10);
        if (end == width || *end != '\0' || errno != 0 || v < 20 || v > 100000)
            return bad_value("width", width, "a number of columns from 20");
        a->width = (int)v;
    }
    return 0;
}

static const char *
base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/*
 * The text map: title, drawing, legend and the note, appended to out, all
 * wrapped to wrap cells (0: the title on one line, the rest wrapped to the
 * drawing's width, at least 80).
 */
static void
text_map(const struct event_log *log, const struct map_graph *g, const struct map_layout *l,
         bool ascii, int wrap, struct cf_buf *out)
{
    struct cf_buf t = {0};
    char safe[256];
    cf_term_safe(safe, sizeof safe, base_name(log->name));
    cf_buf_printf(&t,
                  "Process map of %s: %zu of %zu activities (%.4g%%), %zu of %zu paths (%.4g%%), "
                  "%zu cases",
                  safe, g->n_kept, g->n_present, g->act_pct, g->n_paths_kept, g->n_paths,
                  g->path_pct, g->dfg.cases);
    if (wrap > 0) {
        mapgrid_wrap(t.data, wrap, ascii, out);
    } else {
        cf_buf_printf(out, "%s\n", t.data);
        wrap = l->width > 80 ? l->width : 80;
    }
    cf_buf_clear(&t);
    cf_buf_puts(out, "\n");
    struct map_render_opts o;
    mapgrid_opts_init(&o);
    o.ascii = ascii;
    mapgrid_text(l, &o, out);
    cf_buf_puts(out, "\n");
    mapgrid_wrap(ascii ? l->legend_ascii : l->legend, wrap, ascii, out);
    if (l->simplified)
        mapgrid_wrap(l->note, wrap, ascii, out);
}

/* Activity boxes of l. */
static size_t
activities_drawn(const struct map_layout *l)
{
    size_t n = 0;
    for (size_t i = 0; i < l->n_nodes; i++)
        n += l->nodes[i].kind == MAP_NODE_ACTIVITY;
    return n;
}

struct fit_text_ctx {
    const struct event_log *log;
    const struct map_fit *f; /* NULL while fitting: asked_* from the fields below */
    size_t asked_paths;
    bool ascii;
};

/*
 * A fitted map's text: "LOG fitted: K of N activities, P of M paths (style)",
 * the drawing (unless !drawing), the short legend and the note, all wrapped
 * to cols. Returns its rows.
 */
static size_t
fit_text(const struct fit_text_ctx *c, const struct map_graph *g, const struct map_layout *l,
         int cols, bool drawing, struct cf_buf *out)
{
    struct cf_buf t = {0};
    char safe[256];
    cf_term_safe(safe, sizeof safe, base_name(c->log->name));
    size_t paths = l->n_edges;
    cf_buf_printf(&t, "%s fitted: %zu of %zu activities, %zu of %zu paths (%s)", safe,
                  activities_drawn(l), g->n_present, paths, c->asked_paths,
                  maplayout_style_name(l->style));
    size_t rows = mapgrid_wrap(t.data, cols, c->ascii, out);
    cf_buf_clear(&t);
    if (drawing) {
        struct map_render_opts o;
        mapgrid_opts_init(&o);
        o.ascii = c->ascii;
        mapgrid_text(l, &o, out);
    }
    rows += (size_t)l->height;
    rows += mapgrid_wrap(c->ascii ? l->legend_short_ascii : l->legend_short, cols, c->ascii, out);
    if (l->simplified)
        rows += mapgrid_wrap(l->note, cols, c->ascii, out);
    return rows;
}

static int
fit_chrome(void *ud, const struct map_graph *g, const struct map_layout *l, int cols)
{
    struct cf_buf b = {0};
    size_t rows = fit_text(ud, g, l, cols, false, &b);
    cf_buf_clear(&b);
    return (int)(rows - (size_t)l->height);
}

/* Print text cut to cols cells a line and rows lines (the last resort of --fit). */
static void
print_clipped(const char *text, int cols, int rows)
{
    int row = 0;
    const char *p = text;
    while (*p != '\0' && row < rows) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        int used = 0;
        size_t k = 0;
        while (k < len) {
            uint32_t cp;
            int n = maplayout_utf8_decode(p + k, &cp);
            int w = maplayout_cp_width(cp);
            if (used + w > cols)
                break;
            used += w;
            k += (size_t)n;
        }
        fwrite(p, 1, k, stdout);
        putchar('\n');
        row++;
        p += len + (e ? 1 : 0);
    }
}

static void
print_fitted(const struct event_log *log, const struct selection *sel, const struct map_args *a)
{
    struct map_layout_opts lo;
    maplayout_opts_init(&lo);
    lo.metric = a->metric;
    bool ascii = !textout_unicode(a->ascii);
    struct fit_text_ctx c = {log, NULL, 0, ascii};
    /* The paths "of": the graph at the sliders asked for. */
    struct map_graph g0;
    mapsimplify_build(log, sel, a->act_pct, a->path_pct, &g0);
    c.asked_paths = g0.n_paths;
    mapsimplify_clear(&g0);
    struct map_fit f;
    mapfit_run(log, sel, a->act_pct, a->path_pct, &lo, a->fit_cols, a->fit_rows, fit_chrome, &c,
               &f);
    struct cf_buf b = {0};
    fit_text(&c, &f.g, f.l, a->fit_cols, true, &b);
    print_clipped(b.data != NULL ? b.data : "", a->fit_cols, a->fit_rows);
    cf_buf_clear(&b);
    mapfit_clear(&f);
}

static void
print_text(const struct event_log *log, const struct map_graph *g, const struct map_layout *l,
           bool ascii)
{
    struct cf_buf b = {0};
    text_map(log, g, l, ascii, 0, &b);
    if (b.data != NULL)
        fputs(b.data, stdout);
    cf_buf_clear(&b);
}

/*
 * Append s to b as the inside of a DOT string literal showing s as it is:
 * control characters and invalid UTF-8 first become visible escapes ("\x1b",
 * cf_term_escape), then every backslash is doubled (DOT reads "\n", "\l",
 * "\N"... in labels as commands) and every quote escaped.
 */
static void
dot_escape(struct cf_buf *b, const char *s)
{
    struct cf_buf vis = {0};
    cf_term_escape(&vis, s, strlen(s));
    for (size_t i = 0; i < vis.len; i++) {
        char ch = vis.data[i];
        if (ch == '"' || ch == '\\')
            cf_buf_append(b, "\\", 1);
        cf_buf_append(b, &ch, 1);
    }
    cf_buf_clear(&vis);
}

/* Print a DOT string literal of s, then the raw DOT text after (e.g. "\\n2,823"). */
static void
dot_str(const char *s, const char *after)
{
    struct cf_buf b = {0};
    cf_buf_puts(&b, "\"");
    dot_escape(&b, s);
    if (after != NULL)
        cf_buf_puts(&b, after);
    cf_buf_puts(&b, "\"");
    fputs(b.data, stdout);
    cf_buf_clear(&b);
}

static void
print_dot(const struct event_log *log, const struct map_layout *l)
{
    printf("digraph caseflow {\n  rankdir=TB;\n"
           "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#eef3fb\", "
           "fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n");
    for (size_t i = 0; i < l->n_nodes; i++) {
        const struct map_node *n = &l->nodes[i];
        printf("  n%zu [label=", i);
        if (n->kind == MAP_NODE_ACTIVITY) {
            struct cf_buf b = {0};
            cf_buf_puts(&b, "\\n");
            dot_escape(&b, n->count_text);
            dot_str(eventlog_activity_name(log, n->act), b.data);
            cf_buf_clear(&b);
            printf(", penwidth=%d%s];\n", 1 + n->level,
                   n->level == 2 ? ", fillcolor=\"#c6d8f0\"" : "");
        } else {
            dot_str(n->kind == MAP_NODE_START ? "start" : "end", NULL);
            printf(", shape=%s, style=filled, fillcolor=\"%s\"];\n",
                   n->kind == MAP_NODE_START ? "circle" : "doublecircle",
                   n->kind == MAP_NODE_START ? "#9bd49b" : "#e79b9b");
        }
    }
    for (size_t i = 0; i < l->n_edges; i++) {
        const struct map_edge *e = &l->edges[i];
        printf("  n%u -> n%u [label=", e->from, e->to);
        dot_str(e->label, NULL);
        printf(", penwidth=%d%s];\n", 1 + 2 * e->level,
               e->rework ? ", style=dashed, color=\"#b03030\"" : "");
    }
    printf("}\n");
}

static struct tdoc *
build_doc(const struct event_log *log, const struct map_graph *g, const struct map_layout *l,
          double layout_ms)
{
    struct tdoc *doc = tdoc_new("map", log->name);
    struct tnode *n = tdoc_root(doc);
    tnode_title(n, "Process map of %s: %zu of %zu activities (%.4g%%), %zu of %zu paths (%.4g%%)",
                base_name(log->name), g->n_kept, g->n_present, g->act_pct, g->n_paths_kept,
                g->n_paths, g->path_pct);
    tnode_text(n, "metric", "Metric", maplayout_metric_name(l->metric));
    tnode_count(n, "cases", "Cases", g->dfg.cases);
    struct tnode *a = tnode_object(n, "activities", NULL);
    tnode_count(a, "shown", NULL, g->n_kept);
    tnode_count(a, "present", NULL, g->n_present);
    tnode_number(a, "percent", NULL, g->act_pct);
    struct tnode *p = tnode_object(n, "paths", NULL);
    tnode_count(p, "shown", NULL, g->n_paths_kept);
    tnode_count(p, "total", NULL, g->n_paths);
    tnode_number(p, "percent", NULL, g->path_pct);
    tnode_int(n, "width", NULL, l->width);
    tnode_int(n, "height", NULL, l->height);
    tnode_count(n, "layers", NULL, l->layers);
    tnode_count(n, "crossings", NULL, l->crossings);
    tnode_number(n, "layout_ms", NULL, layout_ms);
    struct table *t =
        tnode_table(n, "nodes", "Activities:", maptable_node_cols, maptable_n_node_cols, NULL);
    maptable_fill_nodes(t, log, l);
    t = tnode_table(n, "edges", "Paths:", maptable_edge_cols, maptable_n_edge_cols, NULL);
    maptable_fill_edges(t, log, l);
    tnode_text(n, "legend", NULL, l->legend);
    tnode_bool(n, "simplified", NULL, l->simplified);
    tnode_count(n, "hidden_paths", NULL, l->hidden_edges);
    tnode_text(n, "note", NULL, l->note);
    return doc;
}

static void
print_help(void)
{
    printf("Usage: caseflow map [OPTIONS] LOG\n"
           "The process map: activities as boxes with their counts, arrows for the\n"
           "directly-follows relation, rework (backward) edges dashed, self-loops as ↻N.\n\n"
           "Map options:\n"
           "  --activities P        keep the most frequent P%% of activities (by events; at\n"
           "                        least one); the map is the log projected onto them.\n"
           "                        Default: at most %d activities\n"
           "  --paths P             keep the most frequent P%% of paths, plus each activity's\n"
           "                        heaviest incoming and outgoing paths (end included)\n"
           "                        until they carry 2/3 of it (default %g)\n"
           "  --metric M            freq (default), cases, mean, median or max\n"
           "  --format F            text (default), dot (Graphviz), json (geometry) or csv\n"
           "                        (the edge list: from, to, count, cases, median_s...)\n"
           "  --ascii               plain ASCII lines instead of Unicode box drawing\n"
           "  --width N             narrow the boxes to try to fit N columns\n"
           "  --style S             normal (three-row boxes, default), compact (one-row\n"
           "                        boxes) or overview (short names, numbers in the legend)\n"
           "  --fit COLSxROWS       draw within COLS columns and ROWS rows, title and legend\n"
           "                        included: the roomiest style that fits, else fewer\n"
           "                        activities and paths (says what it left out)\n\n",
           MAPSIMPLIFY_DEFAULT_ACTIVITIES, MAPSIMPLIFY_DEFAULT_PATHS);
    cli_print_common_help(stdout);
}

static double
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

int
cmd_map(int argc, char **argv)
{
    const char *act = NULL, *paths = NULL, *metric = NULL, *format = NULL, *width = NULL;
    const char *style = NULL, *fit = NULL;
    bool ascii = false;
    const struct cli_opt extra[] = {
        {"activities", true, &act, NULL, "P"}, {"paths", true, &paths, NULL, "P"},
        {"metric", true, &metric, NULL, "M"},  {"format", true, &format, NULL, "F"},
        {"width", true, &width, NULL, "N"},    {"ascii", false, NULL, &ascii, ""},
        {"style", true, &style, NULL, "S"},    {"fit", true, &fit, NULL, "COLSxROWS"},
        {NULL, false, NULL, NULL, NULL},
    };
    struct cli_common c = {.cmd = "map"};
    int rc = cli_parse(&c, argc, argv, extra);
    if (rc != 0)
        return rc;
    if (c.help) {
        print_help();
        return 0;
    }
    struct map_args a;
    rc = parse_args(&a, act, paths, metric, format, width, c.json);
    if (rc != 0)
        return rc;
    a.ascii = ascii;
    a.style = MAP_STYLE_NORMAL;
    if (style != NULL && maplayout_style_parse(style, &a.style) != 0)
        return bad_value("style", style, "normal, compact or overview");
    if (fit != NULL && parse_fit(fit, &a.fit_cols, &a.fit_rows) != 0)
        return bad_value("fit", fit, "COLSxROWS, e.g. 80x24 (from 20x8)");
    struct event_log *log;
    struct selection *sel;
    rc = cli_load(&c, &log, &sel);
    if (rc != 0)
        return rc;

    if (a.fit_cols > 0 && a.format == FMT_TEXT) {
        print_fitted(log, sel, &a);
        selection_free(sel);
        eventlog_free(log);
        return fflush(stdout) == 0 ? 0 : 1;
    }
    struct map_graph g;
    mapsimplify_build(log, sel, a.act_pct, a.path_pct, &g);
    struct map_layout_opts lo;
    maplayout_opts_init(&lo);
    lo.metric = a.metric;
    lo.style = a.style;
    lo.max_width = a.width;
    double t0 = now_ms();
    struct map_layout *l = maplayout_new(log, &g, &lo);
    double layout_ms = now_ms() - t0;

    rc = 0;
    if (a.format == FMT_JSON || a.format == FMT_CSV) {
        c.format = a.format == FMT_JSON ? TF_JSON : TF_CSV;
        rc = cli_output(&c, build_doc(log, &g, l, layout_ms), "edges");
    } else if (a.format == FMT_DOT) {
        print_dot(log, l);
    } else {
        print_text(log, &g, l, !textout_unicode(a.ascii));
    }

    maplayout_free(l);
    mapsimplify_clear(&g);
    selection_free(sel);
    eventlog_free(log);
    if (fflush(stdout) != 0)
        rc = 1;
    return rc;
}

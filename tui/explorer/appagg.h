/* The explorer on a push-down aggregate: opening it, the views that answer from it, and loading
 * every event (L). */
/* SPDX-License-Identifier: MIT */
#ifndef CF_APPAGG_H
#define CF_APPAGG_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "cli.h"
#include "pushsplit.h"
#include "pushdown.h"

/*
 * While the explorer holds an aggregate (a->agg not NULL), a->log is its
 * stand-in (aggsource_log: the activity names, no events), the Map works on it
 * unchanged (dfg_build and mapsimplify_build answer from the aggregate), the
 * Variants and Stages views show the aggregate's own tables (view_agg.c), Help
 * is the usual one, and every other view is a panel saying it needs the events
 * and, for a database, that L loads them.
 */
/* A filter typed in the explorer and pushed into the database's query: what was before it. */
struct appagg_level {
    struct aggregate *ag; /* the aggregate before it (undo puts it back) */
    char *opt, *arg;      /* the filter (cc.filters points at them) */
};

struct appagg {
    struct aggregate *ag;
    const struct cli_common *c; /* &cc */
    struct cli_common cc;       /* tui_main's options, plus the filters pushed from the explorer */
    struct appagg_level levels[CLI_MAX_FILTERS];
    size_t n_levels; /* the last cc.n_filters are those */
    const char *db;  /* the database (conninfo), or NULL for an aggregate file */
    char *case_col, *act_col, *time_col;
    struct pushed_filters pf; /* pushed to the server; the others applied after L */
    const struct view_ops *normal[APP_NVIEWS]; /* the views L puts back */
    struct view_ops panel[APP_NVIEWS];         /* needs-the-events panels, named as those */
    struct view_ops map;                       /* the usual Map with view_agg_map_key */
};

/*
 * Open the aggregate: computed by the database db (--pushdown; c's filters
 * that translate go into its WHERE, pushfilter.h) or read from file
 * (--aggregate FILE). Sets a->agg, installs the aggregate views in a->views
 * (whose ops must be set) and returns the stand-in log that becomes a->log, or
 * NULL with err set (nothing changed).
 */
struct event_log *appagg_open(struct app *a, const struct cli_common *c, const char *db,
                              const char *file, struct cf_error *err);

/*
 * L: load every event of the database with the pushed filters in the query's
 * WHERE, apply the rest as the first filter level, free the aggregate and put
 * the usual views back. On a failure the aggregate stays and the message says
 * why. Without an aggregate, or for an aggregate file, only a message. Returns
 * APP_* flags.
 */
int appagg_full_load(struct app *a);

/*
 * Act on act while the aggregate is open: the filter keys are refused (they
 * need the events; the message says which commands go into the database's
 * query), u and U take back the filters pushed from the explorer (at once: the
 * aggregates before them are kept). Returns APP_* flags, or -1 when act is not
 * the aggregate's (or there is none).
 */
int appagg_action(struct app *a, enum action act);

/*
 * The filter opt arg (invert: its negation) on the aggregate: for a database,
 * when it has SQL (pushfilter.h: where ATTR=VALUE or ATTR!=VALUE, from, to),
 * the aggregation runs again with it in the WHERE clause (blocking; the screen
 * says so first) and the views show the new aggregate; otherwise refused with a
 * message. Returns APP_* flags.
 */
int appagg_push_filter(struct app *a, const char *opt, const char *arg, bool invert);

/* The aggregate's cases (for the status line's count). */
size_t appagg_cases(const struct app *a);

/* The status line's text for the aggregate, into buf. */
void appagg_status(const struct app *a, char *buf, size_t size);

/* The lines of the needs-the-events panel for view name, each passed to fn. */
typedef void (*appagg_line_fn)(void *ud, int role, const char *text);
void appagg_panel_lines(const struct app *a, const char *name, appagg_line_fn fn, void *ud);

/* Free a->agg (the stand-in log is a->log's to free). */
void appagg_free(struct app *a);

/* The views of view_agg.c: Variants and Stages from the aggregate, the Map's key and mouse
 * over the stand-in (the rest is the usual Map's), and the panel's draw, key and context. */
extern const struct view_ops view_agg_variants_ops, view_agg_stages_ops;
int view_agg_map_key(struct view *v, struct app *a, enum action act, int key);
int view_agg_map_mouse(struct view *v, struct app *a, int y, int x, bool dbl, int wheel);
void view_agg_panel_draw(struct view *v, struct app *a, WINDOW *w, int rows, int cols);
int view_agg_panel_key(struct view *v, struct app *a, enum action act, int key);
const char *view_agg_panel_context(const struct view *v);

#endif

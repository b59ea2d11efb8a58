/* The explorer's state shared by the loop and the views: log, filter stack, views, messages. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_APP_H
#define CF_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "compare.h"
#include "eventlog.h"
#include "keys.h"
#include "listwidget.h"
#include "outcome.h"
#include "playbook.h"
#include "prompt.h"
#include "rescache.h"
#include "selection.h"
#include "ui.h"
#include "util.h"

/* What an action asks of the loop (bit flags; 0 = nothing to do). */
enum {
    APP_REDRAW = 1,    /* draw again */
    APP_RELAYOUT = 2,  /* the windows must be rebuilt (size, theme) */
    APP_RECOMPUTE = 4, /* the selection changed: views recompute when next drawn */
    APP_QUIT = 8,
    APP_PASS = 16 /* a view did not take the action: the app's meaning applies */
};

struct app;
struct view;

/* A view: what it shows, drawn from the core analyses over the current selection. */
struct view_ops {
    const char *name; /* tab label and key-table name: "Variants" */
    void (*init)(struct view *v, struct app *a);
    /* Draw into w (rows x cols); recompute first if a->gen moved on since the last draw. */
    void (*draw)(struct view *v, struct app *a, WINDOW *w, int rows, int cols);
    /* Take an action (key is the raw key); returns APP_* flags, APP_PASS if not taken. */
    int (*key)(struct view *v, struct app *a, enum action act, int key);
    void (*resize)(struct view *v, struct app *a, int rows, int cols);
    void (*free)(struct view *v);
    /* Optional: bring the view's data up to date with a->gen without drawing (:export). */
    void (*update)(struct view *v, struct app *a);
    /* Optional: the list that n/N, clicks, the wheel and :export act on. */
    struct listw *(*list)(struct view *v);
    /* Optional: a click (y, x in the view's window; dbl: double click) or the wheel
     * (wheel -1 up, +1 down, else 0); returns APP_* flags, APP_PASS to let the list take it. */
    int (*mouse)(struct view *v, struct app *a, int y, int x, bool dbl, int wheel);
    /* Optional: the key-table name while a sub-view is open ("Timeline"); NULL = name. */
    const char *(*context)(const struct view *v);
    /* Optional: what :export writes, as a new table (the caller frees it), or NULL when
     * there is nothing to export; without it :export writes the list's text. */
    struct table *(*table)(struct view *v, struct app *a);
};

struct view {
    const struct view_ops *ops;
    void *priv;
};

extern const struct view_ops view_map_ops, view_variants_ops, view_cases_ops, view_stages_ops,
    view_rework_ops, view_deadends_ops, view_help_ops, view_compare_ops, view_conform_ops,
    view_stats_ops, view_outlook_ops;

#define APP_NVIEWS 11
#define APP_STATS_VIEW 9    /* digit 0 */
#define APP_OUTLOOK_VIEW 10 /* key O: the digits are taken */
#define APP_HELP_VIEW 6     /* digit 7; Compare and Conformance, added later, are 8 and 9 */
/* The key that goes to view i: 1-9, 0, then O. */
static inline char
app_view_key(size_t i)
{
    return i < 9 ? (char)('1' + i) : i == APP_STATS_VIEW ? '0' : 'O';
}
#define APP_MAX_FILTERS 64
#define APP_MAX_SAVED 16

/*
 * One level of the filter stack: the cases it keeps on its own (own), the
 * selection after it and the levels before it (sel: own and the selection
 * before, or just the selection before while off), how to say it, and for
 * a typed filter what was typed, so the Filters pane can edit it.
 */
struct app_filter {
    char *desc;
    struct selection *sel, *own;
    bool off;
    char *opt, *arg; /* "grep", "Wait"; NULL opt: made by a view, not editable */
    bool invert;
};

/* What the Compare view and the map overlay set against each other. */
enum app_cmp_mode {
    APP_CMP_NONE,       /* nothing defined yet */
    APP_CMP_OUTCOME,    /* the outcome's segments A and B within the current selection */
    APP_CMP_COMPLEMENT, /* :compare: the selection then against every other case */
    APP_CMP_SAVED,      /* :compare NAME: the selection then against a saved one */
};

/* A selection remembered by :save NAME. */
struct app_saved {
    char *name, *desc;
    struct selection *sel;
};

/*
 * The outcome, the comparison and the playbook: set by options and ':'
 * commands (appcompare.c), the segments and the comparison computed there
 * once per selection, read by the Compare, Conformance and Map views.
 */
struct app_cmp {
    bool has_outcome;
    enum outcome_kind kind;
    char *spec_a, *spec_b; /* as typed; spec_b NULL: no :versus */
    struct outcome o;
    uint8_t *seg; /* each case's enum segment under the outcome */
    bool *hide;   /* the activities defining the outcome, or NULL */
    bool preset;  /* set up for the bundled sample */

    enum app_cmp_mode mode;
    struct selection *fixed_a, *fixed_b; /* APP_CMP_COMPLEMENT and APP_CMP_SAVED */
    char *desc_a, *desc_b;

    struct app_saved saved[APP_MAX_SAVED];
    size_t n_saved;

    struct playbook *pb;
    char *pb_path;
    /* Playbooks replaced or turned off: kept until the explorer ends, since results made
     * with them (on the worker, in the cache) point at them. */
    struct playbook **pb_retired;
    size_t n_pb_retired;

    /* Derived for the selection of generation seg_seen / cmp_seen. */
    unsigned long seg_seen, cmp_seen;
    struct selection *sa, *sb;
    size_t counts[3];      /* cases of each enum segment (fixed modes: A, B, 0) */
    struct comparison cmp; /* item's, borrowed */
    bool cmp_valid;
    struct app_cmpres *item; /* the comparison shown, shared with a->cache */
    /* Moves on whenever the outcome, :compare, :end or the playbook change: part
     * of the cache key of every result made under them. */
    unsigned long defs;
};

/* A comparison shared by the views and the result cache (appcompare.c). */
struct app_cmpres {
    struct rescache_item it;
    struct comparison cmp;
};

struct app {
    struct event_log *log;
    const char *log_label; /* file name as shown */

    struct selection *all; /* every case */
    struct app_filter stack[APP_MAX_FILTERS];
    size_t depth;
    const struct selection *sel; /* the current selection: top of the stack, or all */
    size_t n_selected, events_selected;
    unsigned long gen; /* moves on whenever sel (or an analysis parameter) changes */

    struct view views[APP_NVIEWS];
    size_t cur, prev;

    WINDOW *w_top, *w_body, *w_status, *w_bar;
    int rows, cols;
    bool too_small;
    int tab_x[APP_NVIEWS + 1]; /* tab bar column where each tab starts (mouse) */

    bool prompting;
    struct prompt prompt;
    char msg[512];
    bool msg_error;

    pcre2_code *search_re; /* the last regex typed, for n/N */

    char *stages; /* :stages A,B,C (NULL = inferred) */
    char *ends;   /* :end A,B (NULL = inferred); also the outcome's accepted ends */

    struct app_cmp cmp;

    bool filters_open; /* the Filters pane (F) is shown over the view */
    struct listw filters_list;
    size_t edit_at; /* 1 + the level the prompt edits (Filters pane e), 0 none */

    bool color, mouse;
    FILE *timing; /* $CASEFLOW_TIMING: per-key times, for measuring */

    struct appagg *agg;    /* not NULL: the explorer on a push-down aggregate (appagg.h) */
    bool worker_on;        /* analyses and typed filters run in the background (worker.h) */
    struct rescache cache; /* views' results per selection: undo and revisits are instant */
};

/* Logs with fewer events have every analysis computed at once (a few ms), not in the
 * background (unless CASEFLOW_TEST_WORKER_DELAY_MS is set). */
#define APP_BG_MIN_EVENTS 200000

/* The worker's slots (worker.h): one live job each, a newer one cancels the older. */
enum { APP_SLOT_PREVIEW, APP_SLOT_FILTER, APP_SLOT_VIEW0 };
#define APP_SLOT_VIEW(i) (APP_SLOT_VIEW0 + (int)(i))
/* The Map's list of transitions (m), beside its drawing. */
#define APP_SLOT_MAPLIST APP_SLOT_VIEW(APP_NVIEWS)
/* The comparison of the segments (Compare's, the Map's overlay's). */
#define APP_SLOT_COMPARE APP_SLOT_VIEW(7)
/* The kinds of results in a->cache. */
enum {
    APP_RES_VARIANTS,
    APP_RES_MAP,
    APP_RES_SEGMENTS,
    APP_RES_REWORK,
    APP_RES_DEADENDS,
    APP_RES_STAGES,
    APP_RES_CASES,
    APP_RES_MAPLIST,
    APP_RES_STATS,
    APP_RES_OUTLOOK,
    APP_RES_CONFORM
};

/* Draw the screen now, before some work that blocks the loop (a database query). */
void app_draw_now(struct app *a);

/* A cache key's param from parts (FNV-1a over them). */
uint64_t app_param_key(const int64_t *parts, size_t n);

/*
 * Push a filter (a filter option of the command line: "grep", "where",
 * "case-grep", "from", ...) over the current selection. desc (may be NULL)
 * replaces the generated description. Returns APP_RECOMPUTE, or APP_REDRAW
 * with an error message set (bad regex, unknown attribute...) and the
 * selection unchanged.
 */
int app_push_filter(struct app *a, const char *opt, const char *arg, bool invert, const char *desc);

/*
 * Push a core filter object built by a view (filter.h); the app applies it
 * and frees it. desc NULL uses filter_describe. Returns APP_* flags as above.
 */
struct filter;
int app_push_filter_obj(struct app *a, struct filter *f, const char *desc);

/* A filter error of the command-line machinery, worded for the TUI, into buf. */
void app_filter_error_text(const struct cf_error *err, char *buf, size_t size);

/* Make the top of the stack current: recount, move gen on. */
void app_selection_changed(struct app *a);

/*
 * Push the cases of sel (taken over: the app frees it) that are in the current
 * selection, described by desc. Returns APP_* flags as app_push_filter.
 */
int app_push_selection(struct app *a, struct selection *sel, const char *desc);

/*
 * The Filters pane (filterpane.c): switch level i of the stack off or on,
 * remove it, or start editing it (the prompt opens with its text; Enter then
 * replaces the level). The selection is recomputed from the active levels.
 * Each returns APP_* flags.
 */
int app_filter_toggle(struct app *a, size_t i);
int app_filter_remove(struct app *a, size_t i);
/* Recompute the levels from..depth-1 from their own selections, then app_selection_changed. */
void app_filters_recompute(struct app *a, size_t from);
/* Free what level f holds (not f itself). */
void app_filter_clear(struct app_filter *f);

/* Drop the last filter (u) or all of them (U). Returns APP_* flags. */
int app_pop_filter(struct app *a);
int app_clear_filters(struct app *a);

/*
 * Count the cases of the current selection that the filter would keep, for
 * live feedback while typing. Returns the count, or -1 with err set.
 */
long app_preview_filter(struct app *a, const char *opt, const char *arg, struct cf_error *err);
/* The cases that preview counts within: the selection, or while the Filters pane edits a
 * level, the other active levels' cases. */
size_t app_preview_base(const struct app *a);

/* Show a message (or an error) in the status line until the next key. */
void app_message(struct app *a, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Append s to out with every regex metacharacter escaped. */
void app_regex_quote(const char *s, struct cf_buf *out);

/* Append the activities of case c joined by " > " (the text path filters match). */
void app_case_path(const struct event_log *log, size_t c, struct cf_buf *out);

/* The same for variant v. */
void app_variant_path(const struct event_log *log, uint32_t v, struct cf_buf *out);

/* Visit the ':' commands with their help, for the help view. */
typedef void (*app_cmd_help_fn)(void *ud, const char *usage, const char *help);
void app_commands_help(app_cmd_help_fn fn, void *ud);

/* Show times at --display-tz (NULL: log's own offset) from now on (after a full load, L). */
void app_display_tz(const char *display_tz, const struct event_log *log);

/* Helpers for views. */
/* Draw text on row y of w across cols columns in role (a caption or detail line). */
void app_draw_line(WINDOW *w, int y, int cols, int role, const char *text);
/* "2024-01-31 17:05" into buf, in the display zone (app_tz_label: the log's own
 * offset, or --display-tz); with seconds "2024-01-31 17:05:09". */
void app_fmt_time(int64_t ms, bool seconds, char *buf, size_t size);
/* The zone times are shown in ("UTC", "+01:00", "Europe/Berlin +02:00"). */
const char *app_tz_label(void);
/* A duration in ms as "3d 4h" ("-" for a NaN). */
void app_fmt_ms(double ms, char *buf, size_t size);
/* Whether v's cached data is stale: gen moved on since *seen (then *seen catches up). */
bool app_stale(const struct app *a, unsigned long *seen);

/*
 * :export [VIEW] FILE: write the view's table (the current view when name is NULL)
 * to path, JSON when it ends in ".json", else CSV. Refuses an existing file or a
 * symbolic link unless force (:export!). Says what happened in the message line;
 * returns 0 or -1.
 */
int app_export(struct app *a, const char *name, const char *path, bool force);

/* ------------------------------------------------ outcome, comparison, playbook (appcompare.c) */

/*
 * The ':' commands outcome, outcome-activity, outcome-last, versus, compare,
 * save and playbook (name says which). Each returns APP_* flags; on an error
 * it sets a message and changes nothing.
 */
int app_cmd_outcome(struct app *a, const char *name, const char *arg);
int app_cmd_versus(struct app *a, const char *name, const char *arg);
int app_cmd_compare(struct app *a, const char *name, const char *arg);
int app_cmd_save(struct app *a, const char *name, const char *arg);
int app_cmd_playbook(struct app *a, const char *name, const char *arg);

/*
 * Define the outcome: kind, segment A's rule and B's (NULL: the rest, or the
 * other cases ending in one of a->ends), with a->ends as the accepted ends. The
 * Compare view then sets A against B. Returns 0, or -1 with err set and nothing
 * changed (unknown names).
 */
int app_outcome_set(struct app *a, enum outcome_kind kind, const char *spec_a, const char *spec_b,
                    struct cf_error *err);

/* a->ends changed: define the outcome again with them. Returns APP_* flags. */
int app_outcome_ends_changed(struct app *a);

/* Load the playbook at path for the Conformance view: 0, or -1 with err set and nothing changed. */
int app_playbook_load(struct app *a, const char *path, struct cf_error *err);

/*
 * Bring a->cmp.sa, sb and counts up to date with the selection. Returns false
 * when nothing is defined to compare.
 */
bool app_segments(struct app *a);

/* The comparison of the segments, built at most once per selection; NULL when none is defined. */
const struct comparison *app_comparison(struct app *a);

/*
 * The comparison in the background: a new reference (rescache_release it) to
 * the comparison of the selection, or while that is computed (*computing set)
 * to the last one made, or NULL when there is none yet. *defined: whether
 * anything is defined to compare (NULL returned when not).
 */
struct app_cmpres *app_comparison_bg(struct app *a, bool *computing, bool *defined);

/* Short names of segments A and B ("won", "lost"; "path~X", "the other cases"). */
void app_segment_labels(const struct app *a, const char **la, const char **lb);

/* One line saying how A and B are defined, or how to define them, into buf. */
void app_segments_describe(const struct app *a, char *buf, size_t size);

/* Free what the outcome, comparison and playbook hold. */
void app_cmp_free(struct app *a);

/* Open the prompt of kind k with text initial (may be NULL), its live feedback shown. */
void app_start_prompt(struct app *a, enum prompt_kind k, const char *initial);

/* The Filters pane (filterpane.c), drawn over the view while a->filters_open:
 * draw it, take an action (APP_PASS when it leaves it to the app), take a mouse
 * event, and :filters (or F), which opens it. */
void filterpane_draw(struct app *a, WINDOW *w, int rows, int cols);
int filterpane_key(struct app *a, enum action act, int key);
int filterpane_mouse(struct app *a);
int app_cmd_filters(struct app *a, const char *name, const char *arg);

/* :between A,B and :stats [TABLE]: open the Statistics view there (view_stats.c). */
int view_stats_command(struct app *a, const char *name, const char *arg);

/* Open the ':' prompt with initial text (the Map's g: "goto "). */
void app_prompt_command(struct app *a, const char *initial);

/* :goto NAME: select activity NAME (or the one a unique prefix names) on the Map (view_map.c). */
int view_map_goto(struct app *a, const char *name, const char *arg);
/* What :goto ARG would select (or why nothing), for the prompt's feedback, into buf. */
void view_map_goto_hint(struct app *a, const char *arg, char *buf, size_t size);

/* ------------------------------------------------ background work (appasync.c, appfilter.c) */

/*
 * Filter option opt/arg over every case of log into out (all cases on entry),
 * as the command line applies it; notes gets the command line's warnings.
 * Touches nothing of the app: the worker calls it. Returns 0 or -1 with err set.
 */
int app_filter_compute(const struct event_log *log, const char *opt, const char *arg, bool invert,
                       struct selection *out, struct cf_buf *notes, struct cf_error *err);

/*
 * Put a computed filter on the stack: push it, or with at > 0 replace level
 * at - 1 (a push when that level is gone). s (taken over) is its own cases, or
 * NULL when the filter failed with err. Sets the message. Returns APP_* flags.
 */
int app_filter_install(struct app *a, size_t at, const char *opt, const char *arg, bool invert,
                       const char *desc, struct selection *s, const struct cf_buf *notes,
                       const struct cf_error *err);

/* A copy of the cases the preview counts within (app_preview_base's); the caller frees it. */
struct selection *app_preview_base_sel(const struct app *a);

/*
 * app_push_filter in the background: returns at once (APP_REDRAW); the level
 * is pushed when the filter is computed, the views meanwhile show the results
 * they have with a "filtering" mark. Without the worker: app_push_filter.
 */
int app_push_filter_bg(struct app *a, const char *opt, const char *arg, bool invert,
                       const char *desc);

/*
 * Count what the prompt's text would keep, in the background: the feedback
 * says "counting" until the count arrives for the text still typed (a newer
 * text cancels the count of an older one). Without the worker: at once.
 */
void app_preview_bg(struct app *a, const char *opt);

/* What the worker is doing for the screen ("filtering", "computing"), or NULL. */
const char *app_busy_label(const struct app *a);

#endif

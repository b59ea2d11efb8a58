/* The interactive explorer: options, loading with progress, the loop, global actions, commands. */
/* SPDX-License-Identifier: MIT */
#include "app.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "appagg.h"
#include "cli.h"
#include "cli_outcome.h"
#include "termsafe.h"
#include "commands.h"
#include "datadir.h"
#include "source_pg.h"
#include "theme.h"
#include "worker.h"

static const struct view_ops *const view_table[APP_NVIEWS] = {
    &view_map_ops,     &view_variants_ops, &view_cases_ops,  &view_stages_ops,
    &view_rework_ops,  &view_deadends_ops, &view_help_ops,   &view_compare_ops,
    &view_conform_ops, &view_stats_ops,    &view_outlook_ops};
#define HELP_VIEW APP_HELP_VIEW

static double
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

void
app_message(struct app *a, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->msg, sizeof a->msg, fmt, ap);
    va_end(ap);
    a->msg_error = error;
}

void
app_draw_line(WINDOW *w, int y, int cols, int role, const char *text)
{
    wmove(w, y, 0);
    wattrset(w, theme_attr((enum theme_role)role));
    ui_put_pad(w, text, cols);
    wattrset(w, theme_attr(ROLE_NORMAL));
}

/* The display zone (cli_display_tz), set once the log is loaded. */
static int tz_off_min;
static char tz_label[96] = "UTC";

const char *
app_tz_label(void)
{
    return tz_label;
}

void
app_display_tz(const char *display_tz, const struct event_log *log)
{
    cli_display_tz(display_tz, log, &tz_off_min, tz_label, sizeof tz_label);
}

void
app_fmt_time(int64_t ms, bool seconds, char *buf, size_t size)
{
    ms += (int64_t)tz_off_min * 60000;
    time_t t = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
    struct tm tm;
    if (gmtime_r(&t, &tm) == NULL) {
        snprintf(buf, size, "?");
        return;
    }
    strftime(buf, size, seconds ? "%Y-%m-%d %H:%M:%S" : "%Y-%m-%d %H:%M", &tm);
}

void
app_fmt_ms(double ms, char *buf, size_t size)
{
    if (ms != ms) {
        snprintf(buf, size, "-");
        return;
    }
    cf_format_duration((int64_t)(ms + (ms < 0 ? -0.5 : 0.5)), buf, size);
}

uint64_t
app_param_key(const int64_t *parts, size_t n)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++) {
        h ^= (uint64_t)parts[i];
        h *= 0x100000001b3u;
    }
    return h;
}

bool
app_stale(const struct app *a, unsigned long *seen)
{
    if (*seen == a->gen)
        return false;
    *seen = a->gen;
    return true;
}

/* ------------------------------------------------------------ loading */

struct progress {
    const char *name;
    double last;
    bool db; /* a database: Esc cancels its query */
};

static void
draw_progress(const struct progress *p, size_t bytes, size_t total, size_t rows)
{
    const char *name = p->name;
    char line[256], count[32];
    erase();
    int y = LINES / 2 - 2, w = COLS - 8 < 60 ? COLS - 8 : 60, x = (COLS - w) / 2;
    if (w < 10)
        w = 10, x = 0;
    snprintf(line, sizeof line, "Loading %s", name);
    move(y, x);
    attrset(theme_attr(ROLE_HEADER));
    ui_put(stdscr, line, w);
    attrset(theme_attr(ROLE_NORMAL));
    ui_fmt_count(rows, count, sizeof count);
    if (total > 0) {
        double frac = (double)bytes / (double)total;
        move(y + 2, x);
        attrset(theme_attr(ROLE_BAR));
        ui_bar(stdscr, frac, w);
        attrset(theme_attr(ROLE_NORMAL));
        snprintf(line, sizeof line, "%s rows read, %.0f%% of the file", count, 100.0 * frac);
    } else {
        snprintf(line, sizeof line, "%s rows read", count);
    }
    move(y + 4, x);
    ui_put(stdscr, line, w);
    if (p->db) {
        move(y + 6, x);
        attrset(theme_attr(ROLE_DIM));
        ui_put(stdscr, "the database is working: Esc cancels its query", w);
        attrset(theme_attr(ROLE_NORMAL));
    }
    wnoutrefresh(stdscr);
    doupdate();
}

static void
on_progress(void *ud, size_t bytes, size_t total, size_t rows)
{
    struct progress *p = ud;
    /* Ctrl-C while loading: stop now, not when the log is read. */
    if (ui_sig_quit) {
        int sig = ui_sig_quit;
        ui_shutdown();
        fprintf(stderr, "caseflow: interrupted while loading\n");
        exit(128 + sig);
    }
    double t = now_ms();
    if (t - p->last < 50)
        return;
    p->last = t;
    draw_progress(p, bytes, total, rows);
}

/* The bundled sample, found as datadir_find says; -1 with the dirs searched in buf. */
static int
sample_path(char *buf, size_t size)
{
    return datadir_find("samples/sales.csv", buf, size);
}

/* ------------------------------------------------------------ layout and drawing */

static void
free_windows(struct app *a)
{
    WINDOW **ws[] = {&a->w_top, &a->w_body, &a->w_status, &a->w_bar};
    for (size_t i = 0; i < 4; i++) {
        if (*ws[i] != NULL)
            delwin(*ws[i]);
        *ws[i] = NULL;
    }
}

static void
app_layout(struct app *a)
{
    free_windows(a);
    getmaxyx(stdscr, a->rows, a->cols);
    a->too_small = a->rows < UI_MIN_ROWS || a->cols < UI_MIN_COLS;
    werase(stdscr);
    wnoutrefresh(stdscr);
    if (a->too_small)
        return;
    a->w_top = newwin(1, a->cols, 0, 0);
    a->w_body = newwin(a->rows - 3, a->cols, 1, 0);
    a->w_status = newwin(1, a->cols, a->rows - 2, 0);
    a->w_bar = newwin(1, a->cols, a->rows - 1, 0);
    if (a->w_top == NULL || a->w_body == NULL || a->w_status == NULL || a->w_bar == NULL)
        cf_fatal("out of memory (curses windows)");
    for (size_t i = 0; i < APP_NVIEWS; i++)
        if (a->views[i].ops->resize != NULL)
            a->views[i].ops->resize(&a->views[i], a, a->rows - 3, a->cols);
}

static const char *
view_context(const struct app *a)
{
    if (a->filters_open)
        return "Filters";
    const struct view *v = &a->views[a->cur];
    const char *c = v->ops->context != NULL ? v->ops->context(v) : NULL;
    return c != NULL ? c : v->ops->name;
}

static void
draw_tabs(struct app *a)
{
    WINDOW *w = a->w_top;
    wattrset(w, theme_attr(ROLE_TITLE));
    werase(w);
    wbkgdset(w, ' ' | theme_attr(ROLE_TITLE));
    wmove(w, 0, 0);
    /* Eleven tabs do not fit 80 columns padded: then the current tab keeps its
     * padded name and the others go short ("2Var"), and on a narrower window
     * their names give way, longest first, down to the key alone. */
    int name_w[APP_NVIEWS], total = 0;
    for (size_t i = 0; i < APP_NVIEWS; i++) {
        name_w[i] = ui_strwidth(a->views[i].ops->name);
        total += name_w[i] + 5; /* " N name " and the space after it */
    }
    bool compact = total > a->cols;
    /* The other tabs' names are cut to the same width: 3, else less. */
    for (int cap = 3; compact && cap >= 0; cap--) {
        total = 0;
        for (size_t i = 0; i < APP_NVIEWS; i++) {
            int full = ui_strwidth(a->views[i].ops->name);
            name_w[i] = i == a->cur || full < cap ? full : cap;
            total += i == a->cur ? name_w[i] + 5 : name_w[i] + 2; /* "Nname" and a space */
        }
        if (total <= a->cols)
            break;
    }
    int x = 0;
    for (size_t i = 0; i < APP_NVIEWS; i++) {
        char label[64];
        const char *nm = a->views[i].ops->name;
        if (compact && i != a->cur) /* view names are ASCII: cut without an ellipsis */
            snprintf(label, sizeof label, "%c%.*s", app_view_key(i), name_w[i], nm);
        else
            snprintf(label, sizeof label, " %c %s ", app_view_key(i), nm);
        a->tab_x[i] = x;
        wattrset(w, theme_attr(i == a->cur ? ROLE_TAB_ACTIVE : ROLE_TAB));
        x += ui_put(w, label, a->cols - x);
        wattrset(w, theme_attr(ROLE_TITLE));
        if (x < a->cols) {
            waddch(w, ' ');
            x++;
        }
    }
    a->tab_x[APP_NVIEWS] = x;
    const char *ctx = view_context(a);
    if (strcmp(ctx, a->views[a->cur].ops->name) != 0 && x + (int)strlen(ctx) + 3 < a->cols) {
        char sub[64];
        snprintf(sub, sizeof sub, "%s %s", ui_glyph(GLYPH_ARROW), ctx);
        x += ui_put(w, sub, a->cols - x);
    }
    for (; x < a->cols; x++)
        waddch(w, ' ');
    wnoutrefresh(w);
}

/* Put s at the cursor in role r, cut to what is left of the line; returns columns used. */
static int
put_role(WINDOW *w, enum theme_role r, const char *s, int left)
{
    if (left <= 0)
        return 0;
    wattrset(w, theme_attr(r));
    return ui_put(w, s, left);
}

static void
draw_status(struct app *a)
{
    WINDOW *w = a->w_status;
    char buf[600], sel[32], tot[32], ev[32];
    const char *sep = ui_glyph(GLYPH_VLINE);
    wattrset(w, theme_attr(ROLE_STATUS));
    wbkgdset(w, ' ' | theme_attr(ROLE_STATUS));
    werase(w);
    wmove(w, 0, 0);
    int x = 0;
    char name[64];
    ui_fit(a->log_label, 24, name, sizeof name);
    ui_fmt_count(a->n_selected, sel, sizeof sel);
    ui_fmt_count(a->log->n_cases, tot, sizeof tot);
    ui_fmt_count(a->events_selected, ev, sizeof ev);
    if (a->agg != NULL) { /* the aggregate's cases: it has no selection */
        ui_fmt_count(appagg_cases(a), sel, sizeof sel);
        memcpy(tot, sel, sizeof tot);
    }
    /* What the worker is busy with (the view shows its last result meanwhile) is never
     * crowded out: a long message gives way to it. */
    const char *busy = app_busy_label(a);
    int bw = busy != NULL ? ui_strwidth(busy) + 2 : 0;
    if (a->msg[0] != '\0') {
        /* A message takes the room of the file name and the event count. */
        snprintf(buf, sizeof buf, " %s/%s cases %s ", sel, tot, sep);
        x += put_role(w, ROLE_STATUS, buf, a->cols - x);
        int room = a->cols - x - bw;
        x += put_role(w, a->msg_error ? ROLE_ERROR : ROLE_MESSAGE, a->msg, room > 0 ? room : 0);
    } else if (a->agg != NULL) {
        appagg_status(a, buf, sizeof buf);
        x += put_role(w, ROLE_STATUS, buf, a->cols - x);
    } else {
        snprintf(buf, sizeof buf, " %s %s %s/%s cases %s %s events ", name, sep, sel, tot, sep, ev);
        x += put_role(w, ROLE_STATUS, buf, a->cols - x);
    }
    if (a->msg[0] == '\0' && a->depth > 0) {
        x += put_role(w, ROLE_STATUS, sep, a->cols - x);
        for (size_t i = 0; i < a->depth && x < a->cols; i++) {
            x += put_role(w, ROLE_STATUS, " ", a->cols - x);
            if (a->stack[i].off) { /* switched off in the Filters pane (F) */
                x += put_role(w, ROLE_STATUS, "(", a->cols - x);
                x += put_role(w, ROLE_STATUS, a->stack[i].desc, a->cols - x);
                x += put_role(w, ROLE_STATUS, ")", a->cols - x);
            } else {
                x += put_role(w, ROLE_FILTER, a->stack[i].desc, a->cols - x);
            }
        }
    }
    wattrset(w, theme_attr(ROLE_STATUS));
    /* The zone times are shown in, at the right end when there is room; before it, busy. */
    int tzw = ui_strwidth(tz_label) + ui_strwidth(sep) + 2;
    if (busy != NULL) {
        int at = x + tzw + bw < a->cols ? a->cols - tzw - bw : x;
        for (; x < at; x++)
            waddch(w, ' ');
        x += put_role(w, ROLE_STATUS, " ", a->cols - x);
        x += put_role(w, ROLE_MESSAGE, busy, a->cols - x);
        x += put_role(w, ROLE_STATUS, " ", a->cols - x);
    }
    int tz_at = x + tzw < a->cols ? a->cols - tzw : a->cols;
    for (; x < tz_at; x++)
        waddch(w, ' ');
    if (x < a->cols) {
        x += put_role(w, ROLE_STATUS, sep, a->cols - x);
        snprintf(buf, sizeof buf, " %s ", tz_label);
        x += put_role(w, ROLE_STATUS, buf, a->cols - x);
    }
    for (; x < a->cols; x++)
        waddch(w, ' ');
    wnoutrefresh(w);
}

struct bar_state {
    WINDOW *w;
    int x, cols;
};

static void
bar_item(void *ud, const char *key, const char *label)
{
    struct bar_state *b = ud;
    int need = ui_strwidth(key) + ui_strwidth(label) + 2;
    if (b->x + need > b->cols)
        return;
    b->x += put_role(b->w, ROLE_KEYBAR_KEY, key, b->cols - b->x);
    b->x += put_role(b->w, ROLE_KEYBAR, " ", b->cols - b->x);
    b->x += put_role(b->w, ROLE_KEYBAR, label, b->cols - b->x);
    b->x += put_role(b->w, ROLE_KEYBAR, " ", b->cols - b->x);
}

static void
draw_bar(struct app *a)
{
    WINDOW *w = a->w_bar;
    wbkgdset(w, ' ' | theme_attr(ROLE_KEYBAR));
    werase(w);
    if (a->prompting) {
        prompt_draw(&a->prompt, w, 0, a->cols);
    } else {
        struct bar_state b = {w, 0, a->cols};
        wmove(w, 0, 0);
        keys_bar(view_context(a), bar_item, &b);
    }
    wnoutrefresh(w);
}

static void
draw_too_small(struct app *a)
{
    char line[128];
    werase(stdscr);
    snprintf(line, sizeof line, "terminal too small: %dx%d", a->cols, a->rows);
    mvaddnstr(a->rows / 2 - 1 > 0 ? a->rows / 2 - 1 : 0, 0, line, a->cols);
    snprintf(line, sizeof line, "caseflow needs %dx%d (q quits)", UI_MIN_COLS, UI_MIN_ROWS);
    mvaddnstr(a->rows / 2 > 0 ? a->rows / 2 : 0, 0, line, a->cols);
    wnoutrefresh(stdscr);
}

static void
app_draw(struct app *a)
{
    if (a->too_small) {
        draw_too_small(a);
        return;
    }
    /* stdscr is never drawn on here, but keep it untouched so reading keys never repaints it. */
    wnoutrefresh(stdscr);
    draw_tabs(a);
    struct view *v = &a->views[a->cur];
    wbkgdset(a->w_body, ' ' | theme_attr(ROLE_NORMAL));
    werase(a->w_body);
    if (a->filters_open)
        filterpane_draw(a, a->w_body, a->rows - 3, a->cols);
    else
        v->ops->draw(v, a, a->w_body, a->rows - 3, a->cols);
    wnoutrefresh(a->w_body);
    draw_status(a);
    draw_bar(a);
}

/* ------------------------------------------------------------ commands */

static int cmd_filter(struct app *a, const char *name, const char *arg);
static int cmd_not(struct app *a, const char *name, const char *arg);
static int cmd_stages(struct app *a, const char *name, const char *arg);
static int cmd_export(struct app *a, const char *name, const char *arg);
static int cmd_theme(struct app *a, const char *name, const char *arg);
static int cmd_simple(struct app *a, const char *name, const char *arg);
static int cmd_find(struct app *a, const char *name, const char *arg);

static const struct app_command {
    const char *name;
    int (*run)(struct app *a, const char *name, const char *arg);
    const char *usage, *help;
} app_commands[] = {
    {"where", cmd_filter, "where ATTR=VALUE | ATTR~REGEX",
     "cases with an event whose attribute matches"},
    {"grep", cmd_filter, "grep REGEX", "cases whose path (A > B > C) matches"},
    {"case-grep", cmd_filter, "case-grep REGEX", "cases whose id matches"},
    {"from", cmd_filter, "from DATE", "cases within the range starting at DATE"},
    {"to", cmd_filter, "to DATE", "cases within the range ending at DATE"},
    {"variant", cmd_filter, "variant N", "cases of the N-th most frequent variant"},
    {"min-duration", cmd_filter, "min-duration D", "cases lasting at least D (3d, 12h, 90m)"},
    {"max-duration", cmd_filter, "max-duration D", "cases lasting at most D"},
    {"starts-with", cmd_filter, "starts-with A", "cases whose first activity is A"},
    {"ends-with", cmd_filter, "ends-with A", "cases whose last activity is A"},
    {"follows", cmd_filter, "follows A,B", "cases where A is eventually followed by B"},
    {"not", cmd_not, "not FILTER ARG", "the cases a filter command would drop"},
    {"stages", cmd_stages, "stages A,B,C",
     "stage order for regressions and skips (empty: inferred)"},
    {"end", cmd_stages, "end A,B",
     "accepted end activities for dead ends and the outcome (empty: inferred)"},
    {"outcome", app_cmd_outcome, "outcome ATTR=V[,V]",
     "segment A: cases with this attribute value (off: none)"},
    {"outcome-activity", app_cmd_outcome, "outcome-activity A[,B]",
     "segment A: cases reaching one of the activities"},
    {"outcome-last", app_cmd_outcome, "outcome-last A[,B]",
     "segment A: cases ending with one of the activities"},
    {"versus", app_cmd_versus, "versus SPEC",
     "segment B, the same kind of rule as the outcome (empty: every other case)"},
    {"compare", app_cmd_compare, "compare [NAME|off]",
     "set the current filter against the other cases, or against a saved selection"},
    {"save", app_cmd_save, "save NAME", "remember the current selection for :compare NAME"},
    {"playbook", app_cmd_playbook, "playbook FILE", "check cases against a playbook (off: none)"},
    {"export", cmd_export, "export [VIEW|log] FILE",
     "write a view's table as CSV (FILE.csv) or JSON (FILE.json); log: the selected cases' event "
     "log (.xes: XES)"},
    {"export!", cmd_export, "export! [VIEW|log] FILE", "the same, overwriting FILE"},
    {"theme", cmd_theme, "theme NAME", "switch colours: default light dark-256 high-contrast mono"},
    {"undo", cmd_simple, "undo", "undo the last filter (u)"},
    {"clear", cmd_simple, "clear", "clear all filters (U)"},
    {"help", cmd_simple, "help", "show the help view (?)"},
    {"q", cmd_simple, "q", "quit"},
    {"quit", cmd_simple, "quit", "quit"},
    {"between", view_stats_command, "between A,B",
     "time from the first A to the first B after it, as a histogram (Enter filters)"},
    {"stats", view_stats_command, "stats [activities|resources|attributes|cohorts]",
     "the Statistics view (0)"},
    {"goto", view_map_goto, "goto NAME",
     "select an activity on the Map (a unique prefix will do; g there)"},
    {"filters", app_cmd_filters, "filters",
     "the Filters pane (F): every filter; switch off and on, edit or remove any of them"},
    {"find", cmd_find, "find TEXT",
     "select the next row containing TEXT in any cell, any case (then n/N: next/previous)"},
};
#define N_COMMANDS (sizeof app_commands / sizeof app_commands[0])

void
app_commands_help(app_cmd_help_fn fn, void *ud)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(app_commands[i].name, "q") != 0)
            fn(ud, app_commands[i].usage, app_commands[i].help);
}

static const struct app_command *
find_command(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(app_commands[i].name, name) == 0)
            return &app_commands[i];
    return NULL;
}

static int
cmd_filter(struct app *a, const char *name, const char *arg)
{
    if (arg[0] == '\0') {
        app_message(a, true, ":%s needs an argument: :%s", name, find_command(name)->usage);
        return APP_REDRAW;
    }
    return app_push_filter_bg(a, name, arg, false, NULL);
}

static int
cmd_not(struct app *a, const char *name, const char *arg)
{
    (void)name;
    char filter[64];
    size_t n = strcspn(arg, " ");
    const char *rest = arg + n;
    while (*rest == ' ')
        rest++;
    if (n == 0 || n >= sizeof filter) {
        app_message(a, true, ":not needs a filter command: :not where owner=rep042");
        return APP_REDRAW;
    }
    memcpy(filter, arg, n);
    filter[n] = '\0';
    const struct app_command *c = find_command(filter);
    if (c == NULL || c->run != cmd_filter) {
        app_message(a, true, ":not %s: not a filter command", filter);
        return APP_REDRAW;
    }
    if (rest[0] == '\0') {
        app_message(a, true, ":not %s needs an argument", filter);
        return APP_REDRAW;
    }
    return app_push_filter_bg(a, filter, rest, true, NULL);
}

static int
cmd_stages(struct app *a, const char *name, const char *arg)
{
    char **slot = strcmp(name, "stages") == 0 ? &a->stages : &a->ends;
    free(*slot);
    *slot = arg[0] != '\0' ? xstrdup(arg) : NULL;
    app_message(a, false, "%s: %s", strcmp(name, "stages") == 0 ? "stage order" : "accepted ends",
                arg[0] != '\0' ? arg : "inferred from the log");
    if (slot == &a->ends)
        return app_outcome_ends_changed(a);
    a->gen++; /* the analyses that use them must run again */
    return APP_RECOMPUTE;
}

static int
cmd_export(struct app *a, const char *name, const char *arg)
{
    (void)name;
    char view[64] = "";
    const char *file = arg;
    const char *sp = strrchr(arg, ' ');
    if (sp != NULL) {
        size_t n = (size_t)(sp - arg);
        if (n >= sizeof view)
            n = sizeof view - 1;
        memcpy(view, arg, n);
        view[n] = '\0';
        file = sp + 1;
    }
    if (file[0] == '\0') {
        app_message(a, true, ":export [VIEW] FILE: which file?");
        return APP_REDRAW;
    }
    if (strcmp(view, "log") == 0) { /* the event log of the selection (cli_reshape.c) */
        char msg[600];
        int rc = cli_export_log_file(a->log, a->sel, tz_off_min, file, msg, sizeof msg);
        app_message(a, rc != 0, "%s", msg);
        return APP_REDRAW;
    }
    app_export(a, view[0] ? view : NULL, file, strcmp(name, "export!") == 0);
    return APP_REDRAW;
}

static int
cmd_theme(struct app *a, const char *name, const char *arg)
{
    (void)name;
    char msg[512];
    if (arg[0] == '\0') {
        app_message(a, false, "theme %s (:theme NAME switches)", theme_name());
        return APP_REDRAW;
    }
    int rc = theme_load(arg, a->color, msg, sizeof msg);
    if (msg[0] != '\0')
        app_message(a, rc != 0 || strstr(msg, "bad line") != NULL, "%s", msg);
    else
        app_message(a, false, "theme %s", theme_name());
    return APP_RELAYOUT;
}

static int
cmd_simple(struct app *a, const char *name, const char *arg)
{
    (void)arg;
    if (strcmp(name, "undo") == 0)
        return app_pop_filter(a);
    if (strcmp(name, "clear") == 0)
        return app_clear_filters(a);
    if (strcmp(name, "help") == 0) {
        if (a->cur != HELP_VIEW)
            a->prev = a->cur;
        a->cur = HELP_VIEW;
        return APP_REDRAW;
    }
    return APP_QUIT;
}

static int
run_command(struct app *a, const char *line)
{
    while (*line == ' ')
        line++;
    char name[64];
    size_t n = strcspn(line, " ");
    if (n == 0)
        return APP_REDRAW;
    if (n >= sizeof name)
        n = sizeof name - 1;
    memcpy(name, line, n);
    name[n] = '\0';
    const char *arg = line + strcspn(line, " ");
    while (*arg == ' ')
        arg++;
    char argbuf[PROMPT_MAX];
    snprintf(argbuf, sizeof argbuf, "%s", arg);
    for (size_t len = strlen(argbuf); len > 0 && argbuf[len - 1] == ' '; len--)
        argbuf[len - 1] = '\0';
    const struct app_command *c = find_command(name);
    if (c == NULL) {
        app_message(a, true, "unknown command ':%s' (? lists the commands)", name);
        return APP_REDRAW;
    }
    return c->run(a, name, argbuf);
}

/*
 * The command line's error for a filter option ("--grep: missing ...") in the
 * words of the prompt that took it ("path regex: missing ...").
 */
void
app_filter_error_text(const struct cf_error *err, char *buf, size_t size)
{
    static const struct {
        const char *opt, *name;
    } names[] = {{"--grep: ", "path regex: "},
                 {"--case-grep: ", "case id regex: "},
                 {"--where: ", "attribute: "},
                 {"--", ""}};
    char e[700];
    cf_error_format(err, e, sizeof e);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        size_t n = strlen(names[i].opt);
        if (strncmp(e, names[i].opt, n) == 0) {
            snprintf(buf, size, "%s%.600s", names[i].name, e + n);
            return;
        }
    }
    snprintf(buf, size, "%s", e);
}

/* ------------------------------------------------------------ export */

static struct view *
find_view(struct app *a, const char *name)
{
    for (size_t i = 0; i < APP_NVIEWS; i++) {
        const char *vn = a->views[i].ops->name;
        size_t k = 0, j = 0;
        /* Compare ignoring case and spaces: "deadends" is "Dead ends". */
        for (;;) {
            while (vn[k] == ' ')
                k++;
            while (name[j] == ' ' || name[j] == '-')
                j++;
            if (vn[k] == '\0' || name[j] == '\0' ||
                tolower((unsigned char)vn[k]) != tolower((unsigned char)name[j]))
                break;
            k++;
            j++;
        }
        if (vn[k] == '\0' && name[j] == '\0')
            return &a->views[i];
    }
    return NULL;
}

/* Whether path ends in ext, ignoring case. */
static bool
ends_with(const char *path, const char *ext)
{
    size_t n = strlen(path), k = strlen(ext);
    return n >= k && strcasecmp(path + n - k, ext) == 0;
}

int
app_export(struct app *a, const char *name, const char *path, bool force)
{
    struct view *v = name != NULL ? find_view(a, name) : &a->views[a->cur];
    if (v == NULL) {
        app_message(a, true, "no view called '%s'", name);
        return -1;
    }
    if (v->ops->update != NULL)
        v->ops->update(v, a);
    struct table *t = NULL;
    if (v->ops->table != NULL)
        t = v->ops->table(v, a);
    else if (v->ops->list != NULL && v->ops->list(v) != NULL)
        t = listw_table(v->ops->list(v), v->ops->name);
    if (t == NULL) {
        app_message(a, true, "the %s view has no table to export", v->ops->name);
        return -1;
    }
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (force ? O_TRUNC : O_EXCL | O_NOFOLLOW);
    int fd = open(path, flags, 0644);
    if (fd < 0) {
        int e = errno;
        struct stat st;
        table_free(t);
        if (e == EEXIST && lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
            e = ELOOP; /* O_EXCL refuses any existing name, a link among them */
        if (e == EEXIST || e == ELOOP)
            app_message(a, true, "%s: %s (:export! %s overwrites it)", path,
                        e == EEXIST ? "exists" : "is a symbolic link", path);
        else
            app_message(a, true, "%s: %s", path, strerror(e));
        return -1;
    }
    FILE *f = fdopen(fd, "w");
    if (f == NULL) {
        close(fd);
        table_free(t);
        app_message(a, true, "%s: %s", path, strerror(errno));
        return -1;
    }
    size_t rows = table_rows(t);
    struct table_fmt fmt = {.format = ends_with(path, ".json") ? TF_JSON : TF_CSV, .pretty = true};
    int rc;
    if (fmt.format == TF_JSON) {
        struct tdoc *d = tdoc_new("explore", a->log->name);
        tnode_text(tdoc_root(d), "view", NULL, v->ops->name);
        tnode_adopt(tdoc_root(d), "rows", t);
        rc = tdoc_render(d, &fmt, f);
        tdoc_free(d);
    } else {
        rc = table_render(t, &fmt, f);
        table_free(t);
    }
    if (fclose(f) != 0)
        rc = -1;
    if (rc != 0)
        app_message(a, true, "%s: write error", path);
    else
        app_message(a, false, "wrote %zu rows of %s to %s", rows, v->ops->name, path);
    return rc;
}

/* ------------------------------------------------------------ prompts and search */

static const char *const prompt_filter_opt[PROMPT__KINDS] = {"grep", "case-grep", "where", NULL};

static void
set_search(struct app *a, const char *pattern)
{
    int errcode;
    PCRE2_SIZE off;
    pcre2_code *re =
        pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                      PCRE2_CASELESS | PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &errcode, &off, NULL);
    if (re == NULL)
        return;
    pcre2_code_free(a->search_re);
    a->search_re = re;
}

/* The regex part of an attribute filter "name~regex" (NULL for name=value). */
static const char *
attr_regex(const char *s)
{
    const char *t = strchr(s, '~'), *e = strchr(s, '=');
    if (t != NULL && (e == NULL || t < e))
        return t + 1;
    return NULL;
}

static void
update_feedback(struct app *a)
{
    struct prompt *p = &a->prompt;
    p->feedback[0] = '\0';
    p->feedback_error = false;
    if (p->kind == PROMPT_COMMAND) {
        char name[64];
        size_t n = strcspn(p->buf, " ");
        if (n == 0 || n >= sizeof name)
            return;
        memcpy(name, p->buf, n);
        name[n] = '\0';
        const struct app_command *c = find_command(name);
        if (c != NULL && c->run == view_map_goto && p->buf[n] == ' ')
            view_map_goto_hint(a, p->buf + n + 1, p->feedback, sizeof p->feedback);
        else if (c != NULL)
            snprintf(p->feedback, sizeof p->feedback, "%s", p->buf[n] == ' ' ? c->help : c->usage);
        return;
    }
    if (p->len == 0) {
        if (p->kind == PROMPT_ATTR) {
            /* Say which attributes there are. */
            struct cf_buf b = {0};
            cf_buf_puts(&b, "NAME=VALUE or NAME~REGEX; names:");
            for (size_t i = 0; i < a->log->n_attrs && b.len < 200; i++)
                cf_buf_printf(&b, " %s", a->log->attr_names[i]);
            snprintf(p->feedback, sizeof p->feedback, "%s", b.data);
            cf_buf_clear(&b);
        }
        return;
    }
    app_preview_bg(a, prompt_filter_opt[p->kind]);
}

static int
prompt_accept(struct app *a)
{
    struct prompt *p = &a->prompt;
    a->prompting = false;
    if (p->len == 0) {
        a->edit_at = 0;
        return APP_REDRAW;
    }
    if (p->kind == PROMPT_COMMAND) {
        int rc = run_command(a, p->buf);
        a->edit_at = 0; /* a command that was not a filter edits nothing */
        return rc;
    }
    /* n/N search for what was typed (a regex that does not compile changes nothing). */
    const char *re = p->kind == PROMPT_ATTR ? attr_regex(p->buf) : p->buf;
    if (re != NULL)
        set_search(a, re);
    return app_push_filter_bg(a, prompt_filter_opt[p->kind], p->buf, false, NULL);
}

static bool preview_pending;

static int
prompt_input(struct app *a, int key)
{
    switch (prompt_key(&a->prompt, key)) {
    case PROMPT_ACCEPT: preview_pending = false; return prompt_accept(a);
    case PROMPT_CANCEL:
        preview_pending = false;
        worker_cancel(APP_SLOT_PREVIEW);
        a->prompting = false;
        a->edit_at = 0;
        return APP_REDRAW;
    case PROMPT_CHANGED: preview_pending = true; return APP_REDRAW;
    case PROMPT_EDITED: return APP_REDRAW;
    }
    return APP_REDRAW;
}

void
app_start_prompt(struct app *a, enum prompt_kind k, const char *initial)
{
    static const char *const labels[PROMPT__KINDS] = {"path regex /",
                                                      "case id regex: ", "attribute: ", ":"};
    prompt_start(&a->prompt, k, labels[k], initial);
    a->prompting = true;
    update_feedback(a);
}

void
app_prompt_command(struct app *a, const char *initial)
{
    app_start_prompt(a, PROMPT_COMMAND, initial);
}

static int
search(struct app *a, bool forward)
{
    struct view *v = &a->views[a->cur];
    struct listw *l = v->ops->list != NULL ? v->ops->list(v) : NULL;
    if (a->search_re == NULL) {
        app_message(a, true, "no regex yet: n/N find rows matching the last / c or a regex");
        return APP_REDRAW;
    }
    if (l == NULL) {
        app_message(a, true, "nothing to search here");
        return APP_REDRAW;
    }
    if (!listw_search(l, a->search_re, forward))
        app_message(a, true, "no row matches");
    return APP_REDRAW;
}

/* :find TEXT: the next row with TEXT in a cell, ignoring case; n/N go on from there. */
static int
cmd_find(struct app *a, const char *name, const char *arg)
{
    (void)name;
    int errcode;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile(
        (PCRE2_SPTR)arg, PCRE2_ZERO_TERMINATED,
        PCRE2_LITERAL | PCRE2_CASELESS | PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &errcode, &off, NULL);
    if (re == NULL) {
        app_message(a, true, "find: not valid UTF-8 text");
        return APP_REDRAW;
    }
    pcre2_code_free(a->search_re);
    a->search_re = re;
    struct view *v = &a->views[a->cur];
    struct listw *l = v->ops->list != NULL ? v->ops->list(v) : NULL;
    if (l == NULL) {
        app_message(a, true, "nothing to search here");
        return APP_REDRAW;
    }
    size_t from = l->sel;
    if (!listw_search(l, re, true))
        app_message(a, true, "no match for \"%s\"", arg);
    else if (l->sel == from)
        app_message(a, false, "only this row matches");
    return APP_REDRAW;
}

/* < > s in a list the widget sorts; views with sort keys of their own take them first. */
static int
sort_list(struct app *a, struct listw *l, enum action act)
{
    bool ok =
        l != NULL && (act == ACT_SORT_REVERSE ? listw_sort_reverse(l)
                                              : listw_sort_step(l, act == ACT_SORT_NEXT ? 1 : -1));
    if (!ok)
        app_message(a, true, "this view does not sort%s",
                    act == ACT_SORT_REVERSE ? " both ways (< and > pick its order)" : "");
    return APP_REDRAW;
}

/* ------------------------------------------------------------ keys */

static void
switch_view(struct app *a, size_t to)
{
    if (to == a->cur)
        return;
    if (to == HELP_VIEW)
        a->prev = a->cur;
    a->cur = to;
}

void
app_draw_now(struct app *a)
{
    app_draw(a);
    doupdate();
}

static int
app_action(struct app *a, enum action act, int key)
{
    struct view *v = &a->views[a->cur];
    struct listw *l = v->ops->list != NULL ? v->ops->list(v) : NULL;
    int agg_rc = appagg_action(a, act);
    if (agg_rc >= 0)
        return agg_rc;
    switch (act) {
    case ACT_FULL_LOAD: return appagg_full_load(a);
    case ACT_NEXT_VIEW: switch_view(a, (a->cur + 1) % APP_NVIEWS); return APP_REDRAW;
    case ACT_PREV_VIEW: switch_view(a, (a->cur + APP_NVIEWS - 1) % APP_NVIEWS); return APP_REDRAW;
    case ACT_GOTO_VIEW:
        switch_view(a, key == '0'   ? APP_STATS_VIEW
                       : key == 'O' ? APP_OUTLOOK_VIEW
                                    : (size_t)(key - '1'));
        return APP_REDRAW;
    case ACT_HELP: switch_view(a, HELP_VIEW); return APP_REDRAW;
    case ACT_BACK:
        if (a->cur == HELP_VIEW) {
            a->cur = a->prev;
            return APP_REDRAW;
        }
        return key == 'q' ? APP_QUIT : APP_REDRAW;
    case ACT_QUIT: return APP_QUIT;
    case ACT_FILTER_PATH: app_start_prompt(a, PROMPT_PATH, NULL); return APP_REDRAW;
    case ACT_FILTER_CASE: app_start_prompt(a, PROMPT_CASE, NULL); return APP_REDRAW;
    case ACT_FILTER_ATTR: app_start_prompt(a, PROMPT_ATTR, NULL); return APP_REDRAW;
    case ACT_COMMAND: app_start_prompt(a, PROMPT_COMMAND, NULL); return APP_REDRAW;
    case ACT_SEARCH_NEXT: return search(a, true);
    case ACT_SEARCH_PREV: return search(a, false);
    case ACT_SORT_NEXT:
    case ACT_SORT_PREV:
    case ACT_SORT_REVERSE: return sort_list(a, l, act);
    case ACT_UNDO: return app_pop_filter(a);
    case ACT_CLEAR: return app_clear_filters(a);
    case ACT_FILTERS: return app_cmd_filters(a, "filters", "");
    case ACT_REFRESH: clearok(curscr, TRUE); return APP_RELAYOUT;
    default: break;
    }
    if (l != NULL && listw_action(l, act))
        return APP_REDRAW;
    return 0;
}

static int
handle_mouse(struct app *a)
{
    MEVENT ev;
    if (getmouse(&ev) != OK || a->too_small)
        return 0;
    struct view *v = &a->views[a->cur];
    struct listw *l = v->ops->list != NULL ? v->ops->list(v) : NULL;
    if (ev.y == 0 && (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))) {
        for (size_t i = 0; i < APP_NVIEWS; i++)
            if (ev.x >= a->tab_x[i] && ev.x < a->tab_x[i + 1])
                switch_view(a, i);
        return APP_REDRAW;
    }
    if (ev.y < 1 || ev.y >= a->rows - 2)
        return 0;
    if (v->ops->mouse != NULL) {
        int wheel = (ev.bstate & BUTTON4_PRESSED) ? -1 : (ev.bstate & BUTTON5_PRESSED) ? 1 : 0;
        bool dbl = (ev.bstate & BUTTON1_DOUBLE_CLICKED) != 0;
        int r = v->ops->mouse(v, a, ev.y - 1, ev.x, dbl, wheel);
        if (!(r & APP_PASS))
            return r;
    }
    if (l == NULL)
        return 0;
    if (ev.bstate & BUTTON4_PRESSED) {
        listw_scroll(l, -3);
        return APP_REDRAW;
    }
    if (ev.bstate & BUTTON5_PRESSED) {
        listw_scroll(l, 3);
        return APP_REDRAW;
    }
    if (ev.bstate & BUTTON1_DOUBLE_CLICKED) {
        if (listw_click(l, ev.y - 1) && v->ops->key != NULL)
            return v->ops->key(v, a, ACT_ENTER, '\r') & ~APP_PASS;
        return APP_REDRAW;
    }
    if (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))
        return listw_click(l, ev.y - 1) ? APP_REDRAW : 0;
    return 0;
}

static int
app_key(struct app *a, int key)
{
    if (key == (KEY_FN | KEY_RESIZE))
        return APP_RELAYOUT;
    if (a->too_small)
        return key == 'q' || key == 'Q' ? APP_QUIT : 0;
    if (a->prompting)
        return prompt_input(a, key);
    a->msg[0] = '\0';
    if (key == (KEY_FN | KEY_MOUSE))
        return a->filters_open ? filterpane_mouse(a) : handle_mouse(a);
    enum action act = keys_lookup(view_context(a), key);
    if (act == ACT_NONE)
        return APP_REDRAW;
    if (a->filters_open) {
        int fr = filterpane_key(a, act, key);
        if (!(fr & APP_PASS))
            return fr;
    }
    struct view *v = &a->views[a->cur];
    int r = v->ops->key != NULL ? v->ops->key(v, a, act, key) : APP_PASS;
    if (!(r & APP_PASS))
        return r;
    return (r & ~APP_PASS) | app_action(a, act, key) | APP_REDRAW;
}

/* How long the loop waits for a key while the worker computes, before it looks for results. */
#define POLL_MS 15

/* Read a key; with wait false, return 0 at once when none is waiting, and while the
 * worker is busy return 0 after POLL_MS. */
static int
read_key(bool wait)
{
    wint_t ch;
    wtimeout(stdscr, !wait ? 0 : worker_busy() ? POLL_MS : -1);
    int rc = wget_wch(stdscr, &ch);
    if (rc == ERR)
        return 0;
    if (rc == KEY_CODE_YES)
        return KEY_FN | (int)ch;
    return (int)ch;
}

/* ------------------------------------------------------------ the loop */

/* $CASEFLOW_TIMING: "VIEW KEY MS ms" once the key's answer is drawn ("VIEW KEY busy MS ms"
 * when it left work to the worker), then "VIEW KEY done MS ms" when that work's results are
 * drawn, the time since the key. */
static void
log_time(struct app *a, int key, const char *what, double since)
{
    char name[32];
    keys_name(key, name, sizeof name);
    fprintf(a->timing, "%s %s%s%s %.2f ms\n", view_context(a), name, what ? " " : "",
            what ? what : "", now_ms() - since);
    fflush(a->timing);
}

static void
app_loop(struct app *a)
{
    int dirty = APP_RELAYOUT | APP_REDRAW;
    int key = 0, last_key = 0;
    double t0 = 0;
    bool was_busy = false;
    while (!(dirty & APP_QUIT) && !ui_sig_quit) {
        if (dirty & APP_RELAYOUT)
            app_layout(a);
        if (preview_pending && a->prompting) {
            /* Typing ahead: preview only once the keys stop coming. */
            int next = read_key(false);
            if (next != 0) {
                key = last_key = next;
                t0 = now_ms();
                dirty = app_key(a, key);
                continue;
            }
            update_feedback(a);
            preview_pending = false;
        }
        app_draw(a);
        doupdate();
        /* Views ask the worker for what they lack as they draw: busy from here. */
        bool busy = worker_busy();
        if (a->timing != NULL && key != 0)
            log_time(a, key, busy ? "busy" : NULL, t0);
        else if (a->timing != NULL && last_key != 0 && was_busy && !busy)
            log_time(a, last_key, "done", t0);
        was_busy = busy;
        key = read_key(true);
        /* No key: deliver the worker's results, and draw once there are some. */
        while (key == 0 && !ui_sig_quit && worker_collect(a) == 0 && !(was_busy && !worker_busy()))
            key = read_key(true);
        if (key == 0) {
            dirty = APP_REDRAW;
            continue;
        }
        last_key = key;
        t0 = now_ms();
        worker_collect(a); /* what is ready goes in before the key acts */
        dirty = app_key(a, key);
    }
}

/* ------------------------------------------------------------ entry */

static void
usage(void)
{
    printf("Usage: caseflow [OPTIONS] [LOG]\n"
           "Explore LOG in the terminal: process map, variants, cases, stage times, rework,\n"
           "dead ends. LOG is a CSV event log (.gz read transparently; - for stdin).\n"
           "Without LOG the bundled CRM sales sample opens. Press ? inside for every key.\n\n"
           "Display options:\n"
           "  --theme NAME          colours: default, light, dark-256, high-contrast, mono,\n"
           "                        or a theme file path\n"
           "  --no-color            no colours (also when NO_COLOR is set)\n"
           "  --no-mouse            ignore the mouse\n"
           "  --ascii               ASCII line drawing even in a UTF-8 locale\n"
           "  --view NAME           start in view NAME (map, variants, cases, stages, rework,\n"
           "                        deadends, help, compare, conformance)\n"
           "  --pushdown            with a database LOG: explore the aggregate the server\n"
           "                        computes (Map, Variants, Stages; L loads every event)\n"
           "  --aggregate FILE      explore the results of 'caseflow sql' queries\n\n"
           "Comparing segments (8 Compare, map overlay o) and conformance (9 Conformance):\n"
           "%s"
           "  --playbook FILE           check cases against a playbook (see caseflow check)\n"
           "The bundled sample opens with --outcome outcome=won --versus outcome=lost and\n"
           "--playbook samples/sales.playbook preset.\n\n",
           cli_outcome_help);
    cli_print_common_help(stdout);
}

static void
app_free(struct app *a)
{
    if (a->worker_on)
        worker_stop(); /* no job runs on what is freed below */
    a->worker_on = false;
    for (size_t i = 0; i < APP_NVIEWS; i++)
        if (a->views[i].ops != NULL && a->views[i].ops->free != NULL)
            a->views[i].ops->free(&a->views[i]);
    while (a->depth > 0)
        app_filter_clear(&a->stack[--a->depth]);
    rescache_clear(&a->cache);
    free_windows(a);
    selection_free(a->all);
    pcre2_code_free(a->search_re);
    free(a->stages);
    free(a->ends);
    app_cmp_free(a);
    appagg_free(a);
    prompt_history_save();
    prompt_history_clear();
    if (a->timing != NULL)
        fclose(a->timing);
}

/* The command-line filters become the first level of the stack (one undo removes them). */
static int
initial_filters(struct app *a, const struct cli_common *c, struct cf_error *err)
{
    if (c->n_filters == 0)
        return 0;
    struct selection *s = selection_new(a->log->n_cases, true);
    if (cli_apply_filters(c, a->log, s, err) != 0) {
        selection_free(s);
        return -1;
    }
    struct cf_buf d = {0};
    for (size_t i = 0; i < c->n_filters; i++)
        cf_buf_printf(&d, "%s%s%s%s%s", i ? " " : "", c->filters[i].invert ? "not " : "",
                      c->filters[i].opt, c->filters[i].arg ? "=" : "",
                      c->filters[i].arg ? c->filters[i].arg : "");
    a->stack[0].sel = s;
    a->stack[0].own = selection_copy(s);
    a->stack[0].desc = d.data;
    if (c->n_filters == 1) { /* editable in the Filters pane */
        a->stack[0].opt = xstrdup(c->filters[0].opt);
        a->stack[0].arg = c->filters[0].arg ? xstrdup(c->filters[0].arg) : NULL;
        a->stack[0].invert = c->filters[0].invert;
    }
    a->depth = 1;
    return 0;
}

static void
rejected_message(struct app *a)
{
    const struct import_report *r = &a->log->report;
    size_t total = import_report_rejected_total(r);
    if (total == 0) {
        if (r->time_note[0])
            app_message(a, false, "%s", r->time_note);
        return;
    }
    for (int k = 0; k < CF_REJ__COUNT; k++) {
        if (r->rejected[k] == 0)
            continue;
        app_message(a, true,
                    "%zu of %zu rows rejected (%s, first at line %zu): caseflow report "
                    "lists them",
                    total, r->rows, cf_reject_text((enum cf_reject)k), r->first_lines[k][0]);
        return;
    }
}

/*
 * The outcome of the options, or for the bundled sample (when sample is not
 * NULL and the options say nothing) won vs lost and, without --playbook, the
 * playbook beside it. Returns 0, or -1 with err set.
 */
static int
initial_outcome(struct app *a, const struct cli_outcome *co, const char *sample,
                struct cf_error *err)
{
    if (co->end != NULL)
        a->ends = xstrdup(co->end);
    if (cli_outcome_given(co)) {
        struct outcome check;
        if (cli_outcome_init(co, a->log, &check, err) != 0)
            return -1;
        outcome_clear(&check);
        enum outcome_kind k = co->attr       ? OUTCOME_ATTR
                              : co->activity ? OUTCOME_ACTIVITY
                                             : OUTCOME_LAST;
        const char *spec = co->attr ? co->attr : co->activity ? co->activity : co->last;
        if (app_outcome_set(a, k, spec, co->versus, err) != 0)
            return -1;
    } else if (co->versus != NULL) {
        cf_error_set(err, NULL, 0,
                     "--versus needs an outcome (--outcome, --outcome-activity or --outcome-last)");
        return -1;
    } else if (sample != NULL && eventlog_attr_index(a->log, "outcome") >= 0) {
        struct cf_error ignored = {0};
        if (app_outcome_set(a, OUTCOME_ATTR, "outcome=won", "outcome=lost", &ignored) == 0)
            a->cmp.preset = true;
    }
    if (sample != NULL && a->cmp.pb == NULL) {
        /* samples/sales.playbook beside samples/sales.csv; without it, no playbook. */
        char path[4096];
        const char *slash = strrchr(sample, '/');
        int dir = slash != NULL ? (int)(slash - sample) : 0;
        snprintf(path, sizeof path, "%.*s%ssales.playbook", dir, sample, slash ? "/" : "");
        struct cf_error ignored = {0};
        app_playbook_load(a, path, &ignored);
    }
    return 0;
}

int
tui_main(int argc, char **argv)
{
    const char *theme = NULL, *start_view = NULL, *pb_path = NULL, *agg_file = NULL;
    bool no_color = false, no_mouse = false, ascii = false, pushdown = false;
    struct cli_outcome co = {0};
    const struct cli_opt extra[] = {
        {"theme", true, &theme, NULL, "NAME  colour theme"},
        {"no-color", false, NULL, &no_color, "no colours"},
        {"no-mouse", false, NULL, &no_mouse, "ignore the mouse"},
        {"ascii", false, NULL, &ascii, "ASCII line drawing"},
        {"view", true, &start_view, NULL, "NAME  the view to start in"},
        {"playbook", true, &pb_path, NULL, "FILE  check cases against a playbook"},
        {"pushdown", false, NULL, &pushdown,
         "with a database LOG: explore its push-down aggregate"},
        {"aggregate", true, &agg_file, NULL, "FILE  explore the results of 'caseflow sql' queries"},
        CLI_OUTCOME_OPTS(co),
        {NULL, false, NULL, NULL, NULL},
    };
    struct cli_common c = {.cmd = NULL};
    int rc = cli_parse(&c, argc, argv, extra);
    if (rc != 0)
        return rc;
    if (c.help) {
        usage();
        return CF_EXIT_OK;
    }
    if (c.n_args > 1) {
        char extra_arg[256];
        fprintf(stderr, "caseflow: one LOG at a time: extra argument '%s' (see caseflow --help)\n",
                cf_term_safe(extra_arg, sizeof extra_arg, c.args[1]));
        return CF_EXIT_USAGE;
    }
    char sample[4096];
    const char *path = c.n_args == 1 ? c.args[0] : agg_file;
    if ((pushdown || agg_file != NULL) && (cli_outcome_given(&co) || co.versus || co.end)) {
        fprintf(stderr, "caseflow: outcome options need every event: on a push-down, set them "
                        "with :outcome once L has loaded the events\n");
        return CF_EXIT_USAGE;
    }
    if (pushdown && (path == NULL || !source_pg_is_conninfo(path))) {
        fprintf(stderr,
                "caseflow: --pushdown needs a database LOG (postgresql://..., service=...)\n");
        return CF_EXIT_USAGE;
    }
    if (path == NULL) {
        if (sample_path(sample, sizeof sample) != 0) {
            fprintf(stderr,
                    "caseflow: no LOG given and the bundled sample is missing (looked for "
                    "samples/sales.csv in %s)\n",
                    sample);
            return CF_EXIT_INPUT;
        }
        path = sample;
    }
    const char *nc = getenv("NO_COLOR");
    bool color = !no_color && !(nc != NULL && nc[0] != '\0');

    struct app a;
    memset(&a, 0, sizeof a);
    a.color = color;
    a.mouse = !no_mouse;
    for (size_t i = 0; i < APP_NVIEWS; i++)
        a.views[i].ops = view_table[i];
    if (start_view != NULL) {
        struct view *v = find_view(&a, start_view);
        if (v == NULL) {
            fprintf(stderr, "caseflow: --view: no view called '%s'\n", start_view);
            return CF_EXIT_USAGE;
        }
        a.cur = (size_t)(v - a.views);
    }

    struct cf_error err = {0};
    if (pb_path != NULL && app_playbook_load(&a, pb_path, &err) != 0) {
        cli_error(&err);
        return CF_EXIT_INPUT;
    }

    char err_text[700];
    struct ui_opts uo = {.mouse = a.mouse, .ascii = ascii};
    if (ui_init(&uo, err_text, sizeof err_text) != 0) {
        fprintf(stderr, "caseflow: %s\n", err_text);
        app_cmp_free(&a);
        return CF_EXIT_INPUT;
    }
    prompt_history_load();
    char msg[512];
    int theme_rc = theme_load(theme != NULL ? theme : "default", color, msg, sizeof msg);

    const char *slash = strrchr(path, '/');
    a.log_label = slash != NULL && slash[1] != '\0' ? slash + 1 : path;
    if (strcmp(path, "-") == 0)
        a.log_label = "(stdin)";
    struct progress pr = {a.log_label, 0, source_pg_is_conninfo(path)};
    draw_progress(&pr, 0, 0, 0);
    c.import.progress = on_progress;
    c.import.progress_ud = &pr;
    c.import.interrupt = ui_interrupt_requested;
    bool on_agg = pushdown || agg_file != NULL;
    if (on_agg)
        a.log = appagg_open(&a, &c, pushdown ? path : NULL, agg_file, &err);
    else
        a.log = cli_import(path, &c.import, &err);
    char note[256] = "";
    if (a.log == NULL || ui_sig_quit ||
        (!on_agg && cli_postload(&c, a.log, note, sizeof note, &err) != 0)) {
        ui_shutdown();
        int sig = ui_sig_quit;
        if (sig)
            fprintf(stderr, "caseflow: interrupted while loading\n");
        else
            cli_error(&err);
        app_cmp_free(&a);
        appagg_free(&a);
        bool usage = !sig && (a.log != NULL || err.usage);
        eventlog_free(a.log);
        return sig ? 128 + sig : usage ? CF_EXIT_USAGE : CF_EXIT_INPUT;
    }
    cli_display_tz(c.display_tz, a.log, &tz_off_min, tz_label, sizeof tz_label);
    a.all = selection_new(a.log->n_cases, true);
    if (!on_agg && initial_filters(&a, &c, &err) != 0) { /* on an aggregate: appagg.c */
        ui_shutdown();
        cli_error(&err);
        app_free(&a);
        eventlog_free(a.log);
        return CF_EXIT_USAGE;
    }
    app_selection_changed(&a);
    if (!on_agg && initial_outcome(&a, &co, c.n_args == 0 ? path : NULL, &err) != 0) {
        ui_shutdown();
        cli_error(&err);
        app_free(&a);
        eventlog_free(a.log);
        return CF_EXIT_USAGE;
    }
    if (a.cmp.preset && a.cmp.pb != NULL)
        app_message(&a, false, "sales.csv: won vs lost and playbook preset (views 8, 9)");
    else if (a.cmp.preset)
        app_message(&a, false, "sales.csv: outcome won vs lost preset (view 8 Compare)");
    rejected_message(&a);
    if (note[0] != '\0')
        app_message(&a, false, "%s", note);
    if (msg[0] != '\0' && (theme != NULL || theme_rc != 0 || strstr(msg, "bad line")))
        app_message(&a, true, "%s", msg);

    const char *timing = getenv("CASEFLOW_TIMING");
    if (timing != NULL && timing[0] != '\0')
        a.timing = fopen(timing, "a");
    for (size_t i = 0; i < APP_NVIEWS; i++)
        if (a.views[i].ops->init != NULL)
            a.views[i].ops->init(&a.views[i], &a);
    /* Small logs are computed at once; big ones (or tests asking) in the background. */
    const char *delay = getenv("CASEFLOW_TEST_WORKER_DELAY_MS");
    /* An aggregate has no events to work on (and after L, the loaded log goes without one). */
    if (a.agg == NULL &&
        (a.log->n_events >= APP_BG_MIN_EVENTS || (delay != NULL && delay[0] != '\0')))
        a.worker_on = worker_start() == 0;

    if (!ui_sig_quit)
        app_loop(&a);
    ui_shutdown();
    app_free(&a);
    eventlog_free(a.log);
    /* Ctrl-C (or a TERM/HUP) is how the explorer was left: say so by the status. */
    return ui_sig_quit ? 128 + ui_sig_quit : CF_EXIT_OK;
}

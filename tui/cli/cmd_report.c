/* `caseflow report`: the summary of a log as text, JSON or CSV. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_outcome.h"
#include "commands.h"
#include "dfg.h"
#include "pathinfo.h"
#include "summary.h"
#include "termsafe.h"
#include "textout.h"
#include "timeparse.h"
#include "variants.h"

/* Activity ids sorted by a per-activity count, descending, then name. */
static const size_t *sort_counts;
static const struct strpool *sort_names;

static int
cmp_by_count(const void *pa, const void *pb)
{
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    if (sort_counts[a] != sort_counts[b])
        return sort_counts[a] < sort_counts[b] ? 1 : -1;
    return strcmp(strpool_get(sort_names, a), strpool_get(sort_names, b));
}

/* Activities with a non-zero count, ordered; returns how many. Caller frees *out. */
static size_t
ranked(const struct strpool *names, const size_t *counts, size_t na, uint32_t **out)
{
    uint32_t *ids = xmalloc((na ? na : 1) * sizeof *ids);
    size_t n = 0;
    for (size_t a = 0; a < na; a++)
        if (counts[a] > 0)
            ids[n++] = (uint32_t)a;
    sort_counts = counts;
    sort_names = names;
    qsort(ids, n, sizeof *ids, cmp_by_count);
    *out = ids;
    return n;
}

/* A JSON object of activity name -> count for the non-zero counts, most first. */
static void
add_count_object(struct tnode *n, const char *key, const struct strpool *names,
                 const size_t *counts, size_t na)
{
    uint32_t *ids;
    size_t k = ranked(names, counts, na, &ids);
    struct tnode *o = tnode_object(n, key, NULL);
    for (size_t i = 0; i < k; i++)
        tnode_count(o, strpool_get(names, ids[i]), NULL, counts[ids[i]]);
    free(ids);
}

const struct table_col report_count_cols[2] = {
    {.key = "cases", .header = "cases", .kind = TK_COUNT},
    {.key = "activity", .header = "activity", .kind = TK_TEXT, .min_width = 12, .flags = TCOL_FLEX},
};

/* The same counts as a text table (JSON has the object above). */
static void
add_count_table(struct tnode *n, const char *key, const char *title, const struct strpool *names,
                const size_t *counts, size_t na, size_t limit)
{
    uint32_t *ids;
    size_t k = ranked(names, counts, na, &ids);
    struct table *t = tnode_table(n, key, title, report_count_cols, 2, NULL);
    table_set_flags(t, TTAB_NO_JSON | TTAB_NO_CSV);
    table_set_text_limit(t, limit);
    for (size_t i = 0; i < k; i++) {
        size_t row = table_add_row(t);
        table_set_count(t, row, 0, counts[ids[i]]);
        table_set_text(t, row, 1, strpool_get(names, ids[i]));
    }
    free(ids);
}

/* Activity names joined by " > ", wrapped at 78 columns under a 4-column indent, as a note. */
static void
add_route(struct tnode *n, const struct strpool *names, const uint32_t *ids, size_t len)
{
    struct cf_buf b = {0};
    size_t col = 4;
    cf_buf_puts(&b, "    ");
    for (size_t k = 0; k < len; k++) {
        const char *nm = strpool_get(names, ids[k]);
        size_t w = textout_width(nm) + (k ? 3 : 0);
        if (k && col + w > 78) {
            cf_buf_puts(&b, " >\n    ");
            col = 4;
            w -= 3;
        } else if (k) {
            cf_buf_puts(&b, " > ");
        }
        cf_buf_puts(&b, nm);
        col += w;
    }
    tnode_note(n, "%s", b.data);
    cf_buf_clear(&b);
}

void
report_add_rework(struct tnode *n, const struct strpool *names, const size_t *rework_cases,
                  size_t na, size_t self_loop_cases)
{
    add_count_object(n, "rework_cases", names, rework_cases, na);
    add_count_table(n, "rework", "Rework (cases repeating an activity):", names, rework_cases, na,
                    8);
    tnode_count(n, "self_loop_cases", NULL, self_loop_cases);
    tnode_note(n, "Self-loop cases: %zu", self_loop_cases);
}

static const struct table_col parallel_cols[] = {
    {.key = "a", .header = "a", .kind = TK_TEXT, .min_width = 12, .flags = TCOL_FLEX},
    {.key = "b", .header = "b", .kind = TK_TEXT, .min_width = 12},
    {.key = "a_then_b", .header = "a>b", .kind = TK_COUNT},
    {.key = "b_then_a", .header = "b>a", .kind = TK_COUNT},
    {.key = "dependency", .header = "dependency", .kind = TK_NUMBER, .priority = 1},
};

/*
 * JSON keys happy_path {rule, variant, dfg_path} and parallel [...]; the text says the
 * same. won: the label of the winning segment when the outcome is known (pi was then
 * built over the winning cases only), else NULL.
 */
void
report_add_pathinfo(struct tnode *n, const struct strpool *names, const struct pathinfo *pi,
                    const char *won, const uint32_t *seq, size_t len)
{
    struct tnode *hp = tnode_object(n, "happy_path", NULL);
    tnode_text(hp, "rule", NULL,
               won ? "most_frequent_successful_variant" : "most_frequent_variant");
    if (won && pi->has_variant) {
        struct tnode *v = tnode_object(hp, "variant", NULL);
        tnode_names(v, "activities", NULL, names, seq, len);
        tnode_count(v, "cases", NULL, pi->variant_cases);
        tnode_share(v, "share", NULL, pi->variant_share);
        tnode_note(n,
                   "\nHappy path: the most frequent successful variant (%zu cases, %.1f%% of %s):",
                   pi->variant_cases, 100.0 * pi->variant_share, won);
        add_route(n, names, seq, len);
    } else if (won) {
        tnode_null(hp, "variant", NULL);
        tnode_note(n, "\nHappy path: no %s case among the selected ones.", won);
    } else if (pi->has_variant) {
        struct tnode *v = tnode_object(hp, "variant", NULL);
        tnode_names(v, "activities", NULL, names, seq, len);
        tnode_count(v, "cases", NULL, pi->variant_cases);
        tnode_share(v, "share", NULL, pi->variant_share);
        tnode_note(n, "\nHappy path: the most frequent variant (%zu cases, %.1f%%):",
                   pi->variant_cases, 100.0 * pi->variant_share);
        add_route(n, names, seq, len);
    } else {
        tnode_null(hp, "variant", NULL);
    }
    struct tnode *dp = tnode_object(hp, "dfg_path", NULL);
    tnode_names(dp, "activities", NULL, names, pi->path, pi->path_len);
    tnode_count(dp, "bottleneck", NULL, pi->path_bottleneck);
    if (pi->path_len > 0 && won) {
        tnode_note(
            n, "Heaviest route to a winning end (each step taken at least %zu times in %s cases):",
            pi->path_bottleneck, won);
        add_route(n, names, pi->path, pi->path_len);
    } else if (pi->path_len > 0) {
        tnode_note(n, "Heaviest route through the map (each step taken at least %zu times):",
                   pi->path_bottleneck);
        add_route(n, names, pi->path, pi->path_len);
    }
    struct cf_buf title = {0};
    cf_buf_printf(&title, "Likely parallel (follow each other both ways, |dependency| <= %.1f):",
                  PATHINFO_PARALLEL_MAX_DEP);
    struct table *t = tnode_table(n, "parallel", title.data, parallel_cols,
                                  sizeof parallel_cols / sizeof parallel_cols[0], NULL);
    cf_buf_clear(&title);
    table_set_text_limit(t, 8);
    for (size_t i = 0; i < pi->n_parallel; i++) {
        const struct parallel_pair *p = &pi->parallel[i];
        size_t row = table_add_row(t);
        table_set_text(t, row, 0, strpool_get(names, p->a));
        table_set_text(t, row, 1, strpool_get(names, p->b));
        table_set_count(t, row, 2, p->ab);
        table_set_count(t, row, 3, p->ba);
        table_set_number(t, row, 4, p->dependency);
    }
}

/* Line k of the rejected rows' report ("  missing case id    1   first at x line 4 (...)"). */
static void
rejected_line(struct cf_buf *b, const char *name, const struct import_report *r, int k)
{
    cf_buf_printf(b, "  %-24s %8zu   first at %s line", cf_reject_text((enum cf_reject)k),
                  r->rejected[k], name);
    for (size_t l = 0; l < r->rejected[k] && l < CF_REJ_KEEP_LINES; l++)
        cf_buf_printf(b, "%s%zu", l ? ", " : " ", r->first_lines[k][l]);
    if (r->first_detail[k][0])
        cf_buf_printf(b, " (%s)", r->first_detail[k]);
}

void
report_print_rejected(FILE *f, const char *name, const struct import_report *r)
{
    size_t total = import_report_rejected_total(r);
    if (total == 0) {
        fprintf(f, "Rejected rows:  none (%zu rows read)\n", r->rows);
        return;
    }
    fprintf(f, "Rejected rows:  %zu of %zu\n", total, r->rows);
    struct cf_buf b = {0};
    for (int k = 0; k < CF_REJ__COUNT; k++) {
        if (r->rejected[k] == 0)
            continue;
        b.len = 0;
        rejected_line(&b, name, r, k);
        cf_term_fputs(b.data, f);
        fputc('\n', f);
    }
    cf_buf_clear(&b);
}

static const struct table_col variant_cols[] = {
    {.key = "rank", .header = "#", .kind = TK_COUNT, .flags = TCOL_NO_JSON},
    {.key = "activities",
     .header = "path",
     .kind = TK_PATH,
     .cut = TC_MIDDLE,
     .min_width = 20,
     .flags = TCOL_FLEX},
    {.key = "cases", .header = "cases", .kind = TK_COUNT},
    {.key = "share", .header = "share", .kind = TK_SHARE, .flags = TCOL_NO_JSON},
};

const struct table_col report_dfg_cols[REPORT_N_DFG_COLS] = {
    {.key = "from", .header = "from", .kind = TK_TEXT, .min_width = 12, .flags = TCOL_FLEX},
    {.key = "to", .header = "to", .kind = TK_TEXT, .min_width = 12},
    {.key = "count", .header = "count", .kind = TK_COUNT},
    {.key = "cases", .header = "cases", .kind = TK_COUNT, .priority = 2},
    {.key = "mean_s", .header = "mean", .kind = TK_DURATION, .flags = TCOL_NO_TEXT},
    {.key = "median_s", .header = "median", .kind = TK_DURATION, .priority = 1},
    {.key = "min_s", .header = "min", .kind = TK_DURATION, .flags = TCOL_NO_TEXT},
    {.key = "max_s", .header = "max", .kind = TK_DURATION, .flags = TCOL_NO_TEXT},
};

static const struct table_col classifier_cols[] = {
    {.key = "name", .header = "classifier", .kind = TK_TEXT, .min_width = 10, .flags = TCOL_FLEX},
    {.key = "keys", .header = "keys", .kind = TK_TEXT, .min_width = 10},
    {.key = "used", .header = "used", .kind = TK_BOOL},
};

/* The log's declared classifiers (XES): a table, the one used and a note when it
 * is not the first declared. */
static void
add_classifiers(struct tnode *n, const struct event_log *log)
{
    if (log->n_classifiers == 0)
        return;
    struct table *t =
        tnode_table(n, "classifiers", "Classifiers declared by the log:", classifier_cols,
                    sizeof classifier_cols / sizeof classifier_cols[0], NULL);
    struct cf_buf b = {0};
    for (size_t i = 0; i < log->n_classifiers; i++) {
        const struct eventlog_classifier *c = &log->classifiers[i];
        b.len = 0;
        for (size_t k = 0; k < c->n_keys; k++) {
            cf_buf_puts(&b, k ? "+" : "");
            cf_buf_puts(&b, c->keys[k]);
        }
        size_t row = table_add_row(t);
        table_set_text(t, row, 0, c->name);
        table_set_text(t, row, 1, b.data ? b.data : "");
        table_set_bool(t, row, 2,
                       log->classifier_used && strcmp(log->classifier_used, c->name) == 0);
    }
    cf_buf_clear(&b);
    tnode_text(n, "classifier", "Classifier", log->classifier_used);
    if (log->classifier_note)
        tnode_text(n, "classifier_note", "Note", log->classifier_note);
}

static void
add_header(struct tnode *n, const struct event_log *log, const struct summary *s,
           const struct variant_table *vt)
{
    const struct import_report *r = &log->report;
    struct cf_buf b = {0};
    tnode_text(n, NULL, "Log", log->name);
    cf_buf_printf(&b, "case=%s activity=%s timestamp=%s resource=%s", r->case_col, r->activity_col,
                  r->time_col, r->resource_col[0] ? r->resource_col : "(none)");
    tnode_text(n, NULL, "Columns", b.data);
    struct tnode *cols = tnode_object(n, "columns", NULL);
    tnode_text(cols, "case", NULL, r->case_col);
    tnode_text(cols, "activity", NULL, r->activity_col);
    tnode_text(cols, "timestamp", NULL, r->time_col);
    tnode_text(cols, "resource", NULL, r->resource_col[0] ? r->resource_col : NULL);
    tnode_text(n, "timestamps", r->time_note[0] ? "Timestamps" : NULL,
               r->time_note[0] ? r->time_note : NULL);
    report_add_import_notes(n, r);
    add_classifiers(n, log);
    report_add_totals(n, s->cases, s->events, s->activities, vt->n, s->t_first, s->t_last);
    size_t total = import_report_rejected_total(r);
    b.len = 0;
    if (total == 0)
        cf_buf_printf(&b, "none (%zu rows read)", r->rows);
    else
        cf_buf_printf(&b, "%zu of %zu", total, r->rows);
    tnode_text(n, NULL, "Rejected rows", b.data);
    for (int k = 0; k < CF_REJ__COUNT && total; k++) {
        if (r->rejected[k] == 0)
            continue;
        b.len = 0;
        rejected_line(&b, log->name, r, k);
        tnode_note(n, "%s", b.data);
    }
    cf_buf_clear(&b);
}

void
report_add_totals(struct tnode *n, size_t cases, size_t events, size_t activities, size_t variants,
                  int64_t t_first, int64_t t_last)
{
    tnode_count(n, "cases", "Cases", cases);
    tnode_count(n, "events", "Events", events);
    tnode_count(n, "activities", "Activities", activities);
    tnode_count(n, "variants_count", "Variants", variants);
    struct tnode *tr = tnode_object(n, "time_range", NULL);
    if (cases == 0) {
        tnode_null(tr, "first", NULL);
        tnode_null(tr, "last", NULL);
        return;
    }
    tnode_time(tr, "first", NULL, t_first);
    tnode_time(tr, "last", NULL, t_last);
    char a[64], b[64];
    timeparse_format_iso(t_first, a, sizeof a);
    timeparse_format_iso(t_last, b, sizeof b);
    struct cf_buf range = {0};
    cf_buf_printf(&range, "%s .. %s", a, b);
    tnode_text(n, NULL, "Time range", range.data);
    cf_buf_clear(&range);
}

void
report_add_dfg_row(struct table *t, const char *from, const char *to, size_t count, size_t cases,
                   double mean_ms, double median_ms, int64_t min_ms, int64_t max_ms)
{
    size_t row = table_add_row(t);
    table_set_text(t, row, 0, from);
    table_set_text(t, row, 1, to);
    table_set_count(t, row, 2, count);
    table_set_count(t, row, 3, cases);
    table_set_dur(t, row, 4, mean_ms);
    table_set_dur(t, row, 5, median_ms);
    table_set_dur(t, row, 6, (double)min_ms);
    table_set_dur(t, row, 7, (double)max_ms);
}

void
report_add_duration_note(struct tnode *n, const struct stats_summary *d)
{
    char q[6][32];
    cf_format_duration(d->min, q[0], sizeof q[0]);
    cf_format_duration((int64_t)d->p25, q[1], sizeof q[1]);
    cf_format_duration((int64_t)d->median, q[2], sizeof q[2]);
    cf_format_duration((int64_t)d->p75, q[3], sizeof q[3]);
    cf_format_duration(d->max, q[4], sizeof q[4]);
    cf_format_duration((int64_t)d->mean, q[5], sizeof q[5]);
    tnode_note(n,
               "\nCase duration:  min %s  p25 %s  median %s\n"
               "                p75 %s  max %s  mean %s",
               q[0], q[1], q[2], q[3], q[4], q[5]);
}

/* The variants table's rows, made as they are written (a log has hundreds of thousands). */
struct variant_rows {
    const struct event_log *log;
    const struct variant_table *vt;
};

static void
variant_row(void *ud, struct table *t, size_t row)
{
    const struct variant_rows *v = ud;
    size_t len;
    const uint32_t *seq = variants_sequence(v->log, v->vt->v[row].variant, &len);
    table_set_count(t, row, 0, row + 1);
    table_set_path(t, row, 1, seq, len);
    table_set_count(t, row, 2, v->vt->v[row].cases);
    table_set_number(t, row, 3, v->vt->v[row].share);
}

static struct tdoc *
build_doc(const struct event_log *log, const struct summary *s, const struct variant_table *vt,
          const struct dfg *g, const struct pathinfo *pi, const char *won, size_t limit)
{
    struct tdoc *doc = tdoc_new("report", log->name);
    struct tnode *n = tdoc_root(doc);
    add_header(n, log, s, vt);

    const struct stats_summary *d = &s->case_duration;
    if (s->cases)
        report_add_duration_note(n, d);
    add_count_object(n, "activity_counts", log->activities, s->activity_events, s->n_act);
    add_count_object(n, "start_activities", log->activities, s->start_cases, s->n_act);
    add_count_object(n, "end_activities", log->activities, s->end_cases, s->n_act);

    struct table *t = tnode_table(n, "variants", "Top variants:", variant_cols,
                                  sizeof variant_cols / sizeof variant_cols[0], log->activities);
    table_set_text_limit(t, limit);
    struct variant_rows vr = {log, vt};
    table_set_source(t, vt->n, variant_row, &vr, sizeof vr);
    add_count_table(n, "start", "Start activities:", log->activities, s->start_cases, s->n_act, 8);
    add_count_table(n, "end", "End activities:", log->activities, s->end_cases, s->n_act, 8);

    t = tnode_table(n, "dfg", "Busiest transitions:", report_dfg_cols, REPORT_N_DFG_COLS, NULL);
    table_set_text_limit(t, limit);
    table_reserve(t, g->n_edges);
    for (size_t i = 0; i < g->n_edges; i++) {
        const struct dfg_edge *e = &g->edges[i];
        report_add_dfg_row(t, eventlog_activity_name(log, e->from),
                           eventlog_activity_name(log, e->to), e->count, e->cases, e->mean_ms,
                           e->median_ms, e->min_ms, e->max_ms);
    }

    report_add_rework(n, log->activities, s->rework_cases, s->n_act, s->self_loop_cases);

    struct tnode *cd = tnode_object(n, "case_duration_s", NULL);
    tnode_number(cd, "min", NULL, (double)d->min / 1000.0);
    tnode_number(cd, "median", NULL, d->median / 1000.0);
    tnode_number(cd, "mean", NULL, d->mean / 1000.0);
    tnode_number(cd, "max", NULL, (double)d->max / 1000.0);

    const struct import_report *r = &log->report;
    tnode_count(n, "rows", NULL, r->rows);
    struct tnode *rej = tnode_object(n, "rejected", NULL);
    struct tnode *first = tnode_object(n, "rejected_first_lines", NULL);
    for (int k = 0; k < CF_REJ__COUNT; k++) {
        const char *key = cf_reject_key((enum cf_reject)k);
        tnode_count(rej, key, NULL, r->rejected[k]);
        size_t nl = r->rejected[k] < CF_REJ_KEEP_LINES ? r->rejected[k] : CF_REJ_KEEP_LINES;
        tnode_counts(first, key, NULL, r->first_lines[k], nl);
    }
    size_t len = 0;
    const uint32_t *seq = pi->has_variant ? variants_sequence(log, pi->variant, &len) : NULL;
    report_add_pathinfo(n, log->activities, pi, won, seq, len);
    return doc;
}

int
cmd_report(int argc, char **argv)
{
    const char *limit_s = NULL, *aggregate = NULL;
    bool pushdown = false;
    struct cli_outcome co = {0};
    const struct cli_opt extra[] = {
        {"limit", true, &limit_s, NULL, NULL},
        {"pushdown", false, NULL, &pushdown, NULL},
        {"aggregate", true, &aggregate, NULL, NULL},
        CLI_OUTCOME_OPTS(co),
        {NULL, false, NULL, NULL, NULL},
    };
    struct cli_common c = {.cmd = "report"};
    int rc;
    if (!cli_start(
            &c, argc, argv, extra, &rc,
            "Usage: caseflow report [OPTIONS] LOG\n"
            "Summary of LOG: cases, events, activities, time range, rejected rows, top\n"
            "variants, start/end activities, case durations, busiest transitions,\n"
            "rework, the happy path (the most frequent variant, and the route through the\n"
            "directly-follows graph whose least-taken step is taken most often) and likely\n"
            "parallel activities (directly following each other both ways with a\n"
            "dependency (a>b - b>a) / (a>b + b>a + 1) near zero).\n\n"
            "With an outcome, the happy path is the most frequent variant among the\n"
            "winning cases, and the route the heaviest one through their map, which ends\n"
            "in a winning end; the output says which rule it used.\n\n"
            "  --limit N             rows of variants and transitions in text (default 10;\n"
            "                        0 = all)\n"
            "  --pushdown            with a database LOG: compute the aggregates in the\n"
            "                        database and receive only them (see caseflow sql)\n"
            "  --aggregate FILE      read the results of 'caseflow sql' queries (CSV/JSON)\n\n"
            "%s\n",
            cli_outcome_help))
        return rc;
    if (pushdown || aggregate != NULL)
        return report_from_aggregate(&c, pushdown, aggregate, &co);
    size_t limit = 10;
    if ((rc = cli_size_opt(&c, "limit", limit_s, &limit, 0)) != 0)
        return rc;
    struct event_log *log;
    struct selection *sel;
    rc = cli_load(&c, &log, &sel);
    if (rc != 0)
        return rc;

    struct summary s;
    struct variant_table vt;
    struct dfg g;
    summary_build(log, sel, &s);
    variants_build(log, sel, &vt);
    dfg_build(log, sel, NULL, &g);
    struct pathinfo pi;
    struct outcome o;
    const char *won = NULL;
    if (cli_outcome_given(&co) || co.versus || co.end) {
        struct cf_error err = {0};
        uint8_t *seg = cli_outcome_segments(&co, log, &o, &err);
        if (seg == NULL) {
            cli_error(&err);
            rc = CF_EXIT_USAGE;
            goto out;
        }
        struct selection *ws = selection_copy(sel);
        for (size_t k = 0; k < log->n_cases; k++)
            if (seg[k] != SEG_A)
                selection_set(ws, k, false);
        pathinfo_build(log, ws, &pi);
        selection_free(ws);
        free(seg);
        won = o.label_a;
    } else {
        pathinfo_build(log, sel, &pi);
    }
    rc = cli_output(&c, build_doc(log, &s, &vt, &g, &pi, won, limit), "variants");
    if (won)
        outcome_clear(&o);
    pathinfo_clear(&pi);
out:
    dfg_clear(&g);
    variants_clear(&vt);
    summary_clear(&s);
    cli_unload(log, sel);
    return rc;
}

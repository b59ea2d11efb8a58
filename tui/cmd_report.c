/* `caseflow report`: the summary of a log as text or JSON. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "dfg.h"
#include "jsonw.h"
#include "pathinfo.h"
#include "summary.h"
#include "timeparse.h"
#include "variants.h"

/* Activity ids sorted by a per-activity count, descending, then name. */
static const size_t *sort_counts;
static const struct event_log *sort_log;

static int
cmp_by_count(const void *pa, const void *pb)
{
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    if (sort_counts[a] != sort_counts[b])
        return sort_counts[a] < sort_counts[b] ? 1 : -1;
    return strcmp(eventlog_activity_name(sort_log, a), eventlog_activity_name(sort_log, b));
}

/* Activities with a non-zero count, ordered; returns how many. Caller frees *out. */
static size_t
ranked(const struct event_log *log, const size_t *counts, size_t na, uint32_t **out)
{
    uint32_t *ids = xmalloc((na ? na : 1) * sizeof *ids);
    size_t n = 0;
    for (size_t a = 0; a < na; a++)
        if (counts[a] > 0)
            ids[n++] = (uint32_t)a;
    sort_counts = counts;
    sort_log = log;
    qsort(ids, n, sizeof *ids, cmp_by_count);
    *out = ids;
    return n;
}

static void
json_counts(struct jsonw *j, const char *key, const struct event_log *log, const size_t *counts,
            size_t na)
{
    uint32_t *ids;
    size_t n = ranked(log, counts, na, &ids);
    jsonw_key(j, key);
    jsonw_obj_begin(j);
    for (size_t i = 0; i < n; i++) {
        jsonw_key(j, eventlog_activity_name(log, ids[i]));
        jsonw_uint(j, counts[ids[i]]);
    }
    jsonw_obj_end(j);
    free(ids);
}

/* ---- happy path and parallel activities (core/pathinfo.h) ---- */

static void
json_names(struct jsonw *j, const struct event_log *log, const uint32_t *ids, size_t n)
{
    jsonw_arr_begin(j);
    for (size_t k = 0; k < n; k++)
        jsonw_str(j, eventlog_activity_name(log, ids[k]));
    jsonw_arr_end(j);
}

/* JSON keys happy_path {variant, dfg_path} and parallel [...]. */
static void
json_pathinfo(struct jsonw *j, const struct event_log *log, const struct pathinfo *pi)
{
    jsonw_key(j, "happy_path");
    jsonw_obj_begin(j);
    jsonw_key(j, "variant");
    if (pi->has_variant) {
        size_t len;
        const uint32_t *seq = variants_sequence(log, pi->variant, &len);
        jsonw_obj_begin(j);
        jsonw_key(j, "activities");
        json_names(j, log, seq, len);
        jsonw_key(j, "cases");
        jsonw_uint(j, pi->variant_cases);
        jsonw_key(j, "share");
        jsonw_double(j, pi->variant_share);
        jsonw_obj_end(j);
    } else {
        jsonw_null(j);
    }
    jsonw_key(j, "dfg_path");
    jsonw_obj_begin(j);
    jsonw_key(j, "activities");
    json_names(j, log, pi->path, pi->path_len);
    jsonw_key(j, "bottleneck");
    jsonw_uint(j, pi->path_bottleneck);
    jsonw_obj_end(j);
    jsonw_obj_end(j);

    jsonw_key(j, "parallel");
    jsonw_arr_begin(j);
    for (size_t i = 0; i < pi->n_parallel; i++) {
        const struct parallel_pair *p = &pi->parallel[i];
        jsonw_obj_begin(j);
        jsonw_key(j, "a");
        jsonw_str(j, eventlog_activity_name(log, p->a));
        jsonw_key(j, "b");
        jsonw_str(j, eventlog_activity_name(log, p->b));
        jsonw_key(j, "a_then_b");
        jsonw_uint(j, p->ab);
        jsonw_key(j, "b_then_a");
        jsonw_uint(j, p->ba);
        jsonw_key(j, "dependency");
        jsonw_double(j, p->dependency);
        jsonw_obj_end(j);
    }
    jsonw_arr_end(j);
}

/* Activity names joined by " > ", wrapped at 78 columns under a 4-column indent. */
static void
text_route(const struct event_log *log, const uint32_t *ids, size_t n)
{
    size_t col = 4;
    fputs("    ", stdout);
    for (size_t k = 0; k < n; k++) {
        const char *nm = eventlog_activity_name(log, ids[k]);
        size_t w = strlen(nm) + (k ? 3 : 0);
        if (k && col + w > 78) {
            fputs(" >\n    ", stdout);
            col = 4;
            w -= 3;
        } else if (k) {
            fputs(" > ", stdout);
        }
        fputs(nm, stdout);
        col += w;
    }
    putchar('\n');
}

static void
text_pathinfo(const struct event_log *log, const struct pathinfo *pi)
{
    if (pi->has_variant) {
        size_t len;
        const uint32_t *seq = variants_sequence(log, pi->variant, &len);
        printf("\nHappy path: the most frequent variant (%zu cases, %.1f%%):\n", pi->variant_cases,
               100.0 * pi->variant_share);
        text_route(log, seq, len);
    }
    if (pi->path_len > 0) {
        printf("Heaviest route through the map (each step taken at least %zu times):\n",
               pi->path_bottleneck);
        text_route(log, pi->path, pi->path_len);
    }
    printf("\nLikely parallel (follow each other both ways, |dependency| <= %.1f):%s\n",
           PATHINFO_PARALLEL_MAX_DEP, pi->n_parallel ? "" : " none");
    for (size_t i = 0; i < pi->n_parallel && i < 8; i++) {
        const struct parallel_pair *p = &pi->parallel[i];
        printf("  %6zu/%-6zu %s || %s\n", p->ab, p->ba, eventlog_activity_name(log, p->a),
               eventlog_activity_name(log, p->b));
    }
    if (pi->n_parallel > 8)
        printf("  ... %zu more pairs (see --json)\n", pi->n_parallel - 8);
}

/* ---- end of happy path and parallel activities ---- */

static void
print_json(const struct event_log *log, const struct summary *s, const struct variant_table *vt,
           const struct dfg *g, const struct pathinfo *pi)
{
    struct jsonw j;
    jsonw_init(&j, stdout, true);
    jsonw_obj_begin(&j);
    jsonw_key(&j, "log");
    jsonw_str(&j, log->name);
    jsonw_key(&j, "cases");
    jsonw_uint(&j, s->cases);
    jsonw_key(&j, "events");
    jsonw_uint(&j, s->events);
    jsonw_key(&j, "activities");
    jsonw_uint(&j, s->activities);
    jsonw_key(&j, "variants_count");
    jsonw_uint(&j, vt->n);
    char buf[64];
    jsonw_key(&j, "time_range");
    jsonw_obj_begin(&j);
    jsonw_key(&j, "first");
    if (s->cases) {
        timeparse_format_iso(s->t_first, buf, sizeof buf);
        jsonw_str(&j, buf);
    } else {
        jsonw_null(&j);
    }
    jsonw_key(&j, "last");
    if (s->cases) {
        timeparse_format_iso(s->t_last, buf, sizeof buf);
        jsonw_str(&j, buf);
    } else {
        jsonw_null(&j);
    }
    jsonw_obj_end(&j);

    json_counts(&j, "activity_counts", log, s->activity_events, s->n_act);
    json_counts(&j, "start_activities", log, s->start_cases, s->n_act);
    json_counts(&j, "end_activities", log, s->end_cases, s->n_act);

    jsonw_key(&j, "variants");
    jsonw_arr_begin(&j);
    for (size_t i = 0; i < vt->n; i++) {
        size_t len;
        const uint32_t *seq = variants_sequence(log, vt->v[i].variant, &len);
        jsonw_obj_begin(&j);
        jsonw_key(&j, "activities");
        jsonw_arr_begin(&j);
        for (size_t k = 0; k < len; k++)
            jsonw_str(&j, eventlog_activity_name(log, seq[k]));
        jsonw_arr_end(&j);
        jsonw_key(&j, "cases");
        jsonw_uint(&j, vt->v[i].cases);
        jsonw_obj_end(&j);
    }
    jsonw_arr_end(&j);

    jsonw_key(&j, "dfg");
    jsonw_arr_begin(&j);
    for (size_t i = 0; i < g->n_edges; i++) {
        const struct dfg_edge *e = &g->edges[i];
        jsonw_obj_begin(&j);
        jsonw_key(&j, "from");
        jsonw_str(&j, eventlog_activity_name(log, e->from));
        jsonw_key(&j, "to");
        jsonw_str(&j, eventlog_activity_name(log, e->to));
        jsonw_key(&j, "count");
        jsonw_uint(&j, e->count);
        jsonw_key(&j, "cases");
        jsonw_uint(&j, e->cases);
        jsonw_key(&j, "mean_s");
        jsonw_double(&j, e->mean_ms / 1000.0);
        jsonw_key(&j, "median_s");
        jsonw_double(&j, e->median_ms / 1000.0);
        jsonw_key(&j, "min_s");
        jsonw_double(&j, (double)e->min_ms / 1000.0);
        jsonw_key(&j, "max_s");
        jsonw_double(&j, (double)e->max_ms / 1000.0);
        jsonw_obj_end(&j);
    }
    jsonw_arr_end(&j);

    json_counts(&j, "rework_cases", log, s->rework_cases, s->n_act);
    jsonw_key(&j, "self_loop_cases");
    jsonw_uint(&j, s->self_loop_cases);

    jsonw_key(&j, "case_duration_s");
    jsonw_obj_begin(&j);
    jsonw_key(&j, "min");
    jsonw_double(&j, (double)s->case_duration.min / 1000.0);
    jsonw_key(&j, "median");
    jsonw_double(&j, s->case_duration.median / 1000.0);
    jsonw_key(&j, "mean");
    jsonw_double(&j, s->case_duration.mean / 1000.0);
    jsonw_key(&j, "max");
    jsonw_double(&j, (double)s->case_duration.max / 1000.0);
    jsonw_obj_end(&j);

    const struct import_report *r = &log->report;
    jsonw_key(&j, "rows");
    jsonw_uint(&j, r->rows);
    jsonw_key(&j, "rejected");
    jsonw_obj_begin(&j);
    for (int k = 0; k < CF_REJ__COUNT; k++) {
        jsonw_key(&j, cf_reject_key((enum cf_reject)k));
        jsonw_uint(&j, r->rejected[k]);
    }
    jsonw_obj_end(&j);
    jsonw_key(&j, "rejected_first_lines");
    jsonw_obj_begin(&j);
    for (int k = 0; k < CF_REJ__COUNT; k++) {
        jsonw_key(&j, cf_reject_key((enum cf_reject)k));
        jsonw_arr_begin(&j);
        for (size_t l = 0; l < r->rejected[k] && l < CF_REJ_KEEP_LINES; l++)
            jsonw_uint(&j, r->first_lines[k][l]);
        jsonw_arr_end(&j);
    }
    jsonw_obj_end(&j);
    json_pathinfo(&j, log, pi);
    jsonw_obj_end(&j);
    jsonw_end(&j);
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
    for (int k = 0; k < CF_REJ__COUNT; k++) {
        if (r->rejected[k] == 0)
            continue;
        fprintf(f, "  %-24s %8zu   first at %s line", cf_reject_text((enum cf_reject)k),
                r->rejected[k], name);
        for (size_t l = 0; l < r->rejected[k] && l < CF_REJ_KEEP_LINES; l++)
            fprintf(f, "%s%zu", l ? ", " : " ", r->first_lines[k][l]);
        if (r->first_detail[k][0])
            fprintf(f, " (%s)", r->first_detail[k]);
        fputc('\n', f);
    }
}

/* Display width of a UTF-8 name, counting code points (names are mostly narrow). */
static size_t
name_width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xc0) != 0x80;
    return w;
}

/* name cut to at most w columns (ending in "…" when cut) into buf. */
static void
cut_name(const char *name, size_t w, char *buf, size_t size)
{
    if (name_width(name) <= w) {
        snprintf(buf, size, "%s", name);
        return;
    }
    size_t bytes = 0, cols = 0;
    while (name[bytes] != '\0' && cols < w - 1) {
        bytes++;
        while (((unsigned char)name[bytes] & 0xc0) == 0x80)
            bytes++;
        cols++;
    }
    snprintf(buf, size, "%.*s…", (int)bytes, name);
}

/* A variant's path within width columns: whole when it fits, else its head and
 * its tail around "…" (the tail says how the cases ended). */
static void
print_path(const struct event_log *log, uint32_t v, size_t width)
{
    size_t len, total = 0;
    const uint32_t *seq = variants_sequence(log, v, &len);
    for (size_t k = 0; k < len; k++)
        total += name_width(eventlog_activity_name(log, seq[k])) + (k ? 3 : 0);
    size_t head = len, tail = 0;
    if (total > width) {
        /* Take the last activity, then alternate head and tail while they fit. */
        size_t used = 4; /* " … " joiner, plus " > " on one side */
        head = 0;
        tail = 0;
        for (bool from_head = false;; from_head = !from_head) {
            if (head + tail >= len)
                break;
            size_t k = from_head ? head : len - 1 - tail;
            size_t need = name_width(eventlog_activity_name(log, seq[k])) + 3;
            if (used + need > width)
                break;
            used += need;
            if (from_head)
                head++;
            else
                tail++;
        }
    }
    for (size_t k = 0; k < head; k++)
        printf("%s%s", k ? " > " : "", eventlog_activity_name(log, seq[k]));
    if (head + tail < len)
        printf("%s… (%zu)", head ? " > " : "", len - head - tail);
    for (size_t k = len - tail; k < len; k++)
        printf(" > %s", eventlog_activity_name(log, seq[k]));
}

static void
print_text(const struct event_log *log, const struct summary *s, const struct variant_table *vt,
           const struct dfg *g, const struct pathinfo *pi)
{
    char a[64], b[64];
    const struct import_report *r = &log->report;
    printf("Log:            %s\n", log->name);
    printf("Columns:        case=%s activity=%s timestamp=%s resource=%s\n", r->case_col,
           r->activity_col, r->time_col, r->resource_col[0] ? r->resource_col : "(none)");
    if (r->time_note[0])
        printf("Timestamps:     %s\n", r->time_note);
    printf("Cases:          %zu\n", s->cases);
    printf("Events:         %zu\n", s->events);
    printf("Activities:     %zu\n", s->activities);
    printf("Variants:       %zu\n", vt->n);
    if (s->cases) {
        timeparse_format_iso(s->t_first, a, sizeof a);
        timeparse_format_iso(s->t_last, b, sizeof b);
        printf("Time range:     %s .. %s\n", a, b);
    }
    report_print_rejected(stdout, log->name, r);

    const struct stats_summary *d = &s->case_duration;
    if (s->cases) {
        char q[5][32];
        cf_format_duration(d->min, q[0], sizeof q[0]);
        cf_format_duration((int64_t)d->p25, q[1], sizeof q[1]);
        cf_format_duration((int64_t)d->median, q[2], sizeof q[2]);
        cf_format_duration((int64_t)d->p75, q[3], sizeof q[3]);
        cf_format_duration(d->max, q[4], sizeof q[4]);
        cf_format_duration((int64_t)d->mean, a, sizeof a);
        printf("\nCase duration:  min %s  p25 %s  median %s\n"
               "                p75 %s  max %s  mean %s\n",
               q[0], q[1], q[2], q[3], q[4], a);
    }

    printf("\nTop variants:\n");
    for (size_t i = 0; i < vt->n && i < 10; i++) {
        printf("  %2zu. %6zu cases %5.1f%%  ", i + 1, vt->v[i].cases, 100.0 * vt->v[i].share);
        print_path(log, vt->v[i].variant, 52);
        putchar('\n');
    }
    if (vt->n > 10)
        printf("  ... %zu more variants (top 10 cover %.1f%% of cases)\n", vt->n - 10,
               100.0 * vt->v[9].cum_share);

    uint32_t *ids;
    size_t n = ranked(log, s->start_cases, s->n_act, &ids);
    printf("\nStart activities:\n");
    for (size_t i = 0; i < n && i < 8; i++)
        printf("  %6zu  %s\n", s->start_cases[ids[i]], eventlog_activity_name(log, ids[i]));
    free(ids);
    n = ranked(log, s->end_cases, s->n_act, &ids);
    printf("\nEnd activities:\n");
    for (size_t i = 0; i < n && i < 8; i++)
        printf("  %6zu  %s\n", s->end_cases[ids[i]], eventlog_activity_name(log, ids[i]));
    free(ids);

    printf("\nBusiest transitions:\n");
    for (size_t i = 0; i < g->n_edges && i < 10; i++) {
        const struct dfg_edge *e = &g->edges[i];
        cf_format_duration((int64_t)e->median_ms, a, sizeof a);
        char from[96], to[96];
        cut_name(eventlog_activity_name(log, e->from), 27, from, sizeof from);
        cut_name(eventlog_activity_name(log, e->to), 27, to, sizeof to);
        printf("  %7zu  %s -> %s  (median %s)\n", e->count, from, to, a);
    }

    n = ranked(log, s->rework_cases, s->n_act, &ids);
    printf("\nRework (cases repeating an activity):%s\n", n ? "" : " none");
    for (size_t i = 0; i < n && i < 8; i++)
        printf("  %6zu  %s\n", s->rework_cases[ids[i]], eventlog_activity_name(log, ids[i]));
    free(ids);
    printf("Self-loop cases: %zu\n", s->self_loop_cases);
    text_pathinfo(log, pi);
}

int
cmd_report(int argc, char **argv)
{
    struct cli_common c = {.cmd = "report"};
    bool pushdown = false;
    const char *aggregate = NULL;
    const struct cli_opt extra[] = {
        {"pushdown", false, NULL, &pushdown, ""},
        {"aggregate", true, &aggregate, NULL, ""},
        {NULL, false, NULL, NULL, NULL},
    };
    int rc = cli_parse(&c, argc, argv, extra);
    if (rc != 0)
        return rc;
    if (c.help) {
        printf("Usage: caseflow report [OPTIONS] LOG\n"
               "Summary of LOG: cases, events, activities, time range, rejected rows, top\n"
               "variants, start/end activities, case durations, busiest transitions,\n"
               "rework, the happy path (the most frequent variant, and the route through the\n"
               "directly-follows graph whose least-taken step is taken most often) and likely\n"
               "parallel activities (directly following each other both ways with a\n"
               "dependency (a>b - b>a) / (a>b + b>a + 1) near zero).\n\n");
        printf("  --pushdown            with a database LOG: compute the aggregates in the\n"
               "                        database and receive only them (see caseflow sql)\n"
               "  --aggregate FILE      read the results of 'caseflow sql' queries (CSV/JSON)\n");
        cli_print_common_help(stdout);
        return 0;
    }
    if (pushdown || aggregate != NULL)
        return report_from_aggregate(&c, pushdown, aggregate);
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
    pathinfo_build(log, sel, &pi);
    if (c.json)
        print_json(log, &s, &vt, &g, &pi);
    else
        print_text(log, &s, &vt, &g, &pi);
    pathinfo_clear(&pi);
    dfg_clear(&g);
    variants_clear(&vt);
    summary_clear(&s);
    selection_free(sel);
    eventlog_free(log);
    return fflush(stdout) == 0 ? 0 : 1;
}

/* `caseflow compare`: two segments (won vs lost, filter vs rest) side by side. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_outcome.h"
#include "commands.h"
#include "compare.h"
#include "jsonw.h"

static void
dur_str(double ms, char *buf, size_t size)
{
    if (isnan(ms))
        snprintf(buf, size, "-");
    else
        cf_format_duration((int64_t)ms, buf, size);
}

static void
pct_str(double x, char *buf, size_t size)
{
    if (isnan(x))
        snprintf(buf, size, "-");
    else
        snprintf(buf, size, "%.1f%%", 100.0 * x);
}

static void
print_seq(const struct event_log *log, const uint32_t *seq, size_t len, size_t width)
{
    size_t used = 0;
    for (size_t k = 0; k < len; k++) {
        const char *nm = eventlog_activity_name(log, seq[k]);
        size_t need = strlen(nm) + (k ? 3 : 0);
        if (used + need > width && k + 1 < len) {
            printf(" > ... (+%zu)", len - k);
            return;
        }
        printf("%s%s", k ? " > " : "", nm);
        used += need;
    }
}

/* The last steps of a long sequence: "... (3 more) > C > D > E" within width. */
static void
print_seq_tail(const struct event_log *log, const uint32_t *seq, size_t len, size_t width)
{
    size_t first = len, used = 0;
    while (first > 0) {
        size_t need = strlen(eventlog_activity_name(log, seq[first - 1])) + 3;
        if (used + need > width && first < len)
            break;
        used += need;
        first--;
    }
    if (first > 0)
        printf("... (%zu more) > ", first);
    print_seq(log, seq + first, len - first, width + 20);
}

static const char *
act_or_end(const struct event_log *log, uint32_t a)
{
    return a == CF_NONE ? "(end)" : eventlog_activity_name(log, a);
}

static const char *
stars(const struct compare_item *it)
{
    if (!it->significant)
        return "";
    return it->p < 0.001 ? "***" : it->p < 0.01 ? "**" : "*";
}

static void
print_items(const struct event_log *log, const struct compare_item *items, size_t n, size_t top,
            bool edges)
{
    printf("  share A  share B    diff  sig  median A  median B  %s\n",
           edges ? "transition" : "activity (time in stage)");
    for (size_t i = 0; i < n && i < top; i++) {
        const struct compare_item *it = &items[i];
        char a[16], b[16], ma[24], mb[24];
        pct_str(it->share_a, a, sizeof a);
        pct_str(it->share_b, b, sizeof b);
        dur_str(it->median_a_ms, ma, sizeof ma);
        dur_str(it->median_b_ms, mb, sizeof mb);
        printf("  %7s  %7s  %+6.1f  %-3s  %8s  %8s  %s", a, b, 100.0 * it->diff, stars(it), ma, mb,
               eventlog_activity_name(log, it->from));
        if (edges)
            printf(" -> %s", eventlog_activity_name(log, it->to));
        putchar('\n');
    }
    if (n > top)
        printf("  ... %zu more (--top N shows more)\n", n - top);
}

static void
print_text(const struct event_log *log, const struct comparison *cmp, const char *la,
           const char *lb, size_t unknown, size_t top)
{
    char x[32], y[32];
    printf("Comparing A = %s (%zu cases) with B = %s (%zu cases)", la, cmp->a.cases, lb,
           cmp->b.cases);
    if (unknown)
        printf("; %zu cases of unknown outcome left out", unknown);
    printf("\n\n%-22s %14s %14s\n", "", "A", "B");
    printf("%-22s %14zu %14zu\n", "Cases", cmp->a.cases, cmp->b.cases);
    pct_str(cmp->a.win_rate, x, sizeof x);
    pct_str(cmp->b.win_rate, y, sizeof y);
    printf("%-22s %14s %14s\n", "Win rate (A outcome)", x, y);
    dur_str(cmp->a.median_dur_ms, x, sizeof x);
    dur_str(cmp->b.median_dur_ms, y, sizeof y);
    printf("%-22s %14s %14s\n", "Median duration", x, y);
    dur_str(cmp->a.mean_dur_ms, x, sizeof x);
    dur_str(cmp->b.mean_dur_ms, y, sizeof y);
    printf("%-22s %14s %14s\n", "Mean duration", x, y);
    printf("%-22s %14.2f %14.2f\n", "Events per case", cmp->a.events_per_case,
           cmp->b.events_per_case);
    pct_str(cmp->a.rework_share, x, sizeof x);
    pct_str(cmp->b.rework_share, y, sizeof y);
    printf("%-22s %14s %14s\n", "Cases with rework", x, y);
    printf("%-22s %14zu %14zu\n", "Variants", cmp->a.variants.n, cmp->b.variants.n);

    for (int side = 0; side < 2; side++) {
        const struct variant_table *vt = side ? &cmp->b.variants : &cmp->a.variants;
        printf("\nTop variants of %s:\n", side ? "B" : "A");
        for (size_t i = 0; i < vt->n && i < 3; i++) {
            size_t len;
            const uint32_t *seq = variants_sequence(log, vt->v[i].variant, &len);
            printf("  %5.1f%%  ", 100.0 * vt->v[i].share);
            print_seq(log, seq, len, 68);
            putchar('\n');
        }
    }

    printf("\nTransitions that differ most (share of each segment's cases; sig: two-proportion\n"
           "z-test, * p<0.05, ** p<0.01, *** p<0.001):\n");
    print_items(log, cmp->edges, cmp->n_edges, top, true);
    printf("\nActivities that differ most:\n");
    print_items(log, cmp->acts, cmp->n_acts, top, false);

    printf("\nWhere the paths diverge (significant splits, strongest first):\n");
    if (cmp->n_splits == 0)
        printf("  none with enough cases on both sides\n");
    for (size_t i = 0; i < cmp->n_splits && i < top; i++) {
        const struct compare_split *s = &cmp->splits[i];
        printf("  after ");
        if (s->prefix_len == 0)
            printf("(start)");
        print_seq_tail(log, s->prefix, s->prefix_len, 56);
        printf("  [%zu cases]\n", s->cases);
        printf("    -> %-30s %6zu cases  %5.1f%% A\n", act_or_end(log, s->next_a), s->cases_next_a,
               100.0 * s->rate_next_a);
        printf("    -> %-30s %6zu cases  %5.1f%% A\n", act_or_end(log, s->next_b), s->cases_next_b,
               100.0 * s->rate_next_b);
    }
}

static void
json_side(struct jsonw *j, const struct event_log *log, const struct compare_side *s,
          const char *label)
{
    jsonw_obj_begin(j);
    jsonw_key(j, "label");
    jsonw_str(j, label);
    jsonw_key(j, "cases");
    jsonw_uint(j, s->cases);
    jsonw_key(j, "win_rate");
    jsonw_double(j, s->win_rate);
    jsonw_key(j, "median_duration_s");
    jsonw_double(j, s->median_dur_ms / 1000);
    jsonw_key(j, "mean_duration_s");
    jsonw_double(j, s->mean_dur_ms / 1000);
    jsonw_key(j, "events_per_case");
    jsonw_double(j, s->events_per_case);
    jsonw_key(j, "rework_share");
    jsonw_double(j, s->rework_share);
    jsonw_key(j, "top_variants");
    jsonw_arr_begin(j);
    for (size_t i = 0; i < s->variants.n && i < 10; i++) {
        size_t len;
        const uint32_t *seq = variants_sequence(log, s->variants.v[i].variant, &len);
        jsonw_obj_begin(j);
        jsonw_key(j, "activities");
        jsonw_arr_begin(j);
        for (size_t k = 0; k < len; k++)
            jsonw_str(j, eventlog_activity_name(log, seq[k]));
        jsonw_arr_end(j);
        jsonw_key(j, "cases");
        jsonw_uint(j, s->variants.v[i].cases);
        jsonw_key(j, "share");
        jsonw_double(j, s->variants.v[i].share);
        jsonw_obj_end(j);
    }
    jsonw_arr_end(j);
    jsonw_obj_end(j);
}

static void
json_items(struct jsonw *j, const struct event_log *log, const struct compare_item *items, size_t n,
           bool edges)
{
    jsonw_arr_begin(j);
    for (size_t i = 0; i < n; i++) {
        const struct compare_item *it = &items[i];
        jsonw_obj_begin(j);
        jsonw_key(j, edges ? "from" : "activity");
        jsonw_str(j, eventlog_activity_name(log, it->from));
        if (edges) {
            jsonw_key(j, "to");
            jsonw_str(j, eventlog_activity_name(log, it->to));
        }
        jsonw_key(j, "cases_a");
        jsonw_uint(j, it->cases_a);
        jsonw_key(j, "cases_b");
        jsonw_uint(j, it->cases_b);
        jsonw_key(j, "share_a");
        jsonw_double(j, it->share_a);
        jsonw_key(j, "share_b");
        jsonw_double(j, it->share_b);
        jsonw_key(j, "diff");
        jsonw_double(j, it->diff);
        jsonw_key(j, "ratio");
        jsonw_double(j, it->ratio);
        jsonw_key(j, "median_s_a");
        jsonw_double(j, it->median_a_ms / 1000);
        jsonw_key(j, "median_s_b");
        jsonw_double(j, it->median_b_ms / 1000);
        jsonw_key(j, "z");
        jsonw_double(j, it->z);
        jsonw_key(j, "p");
        jsonw_double(j, it->p);
        jsonw_key(j, "significant");
        jsonw_bool(j, it->significant);
        jsonw_obj_end(j);
    }
    jsonw_arr_end(j);
}

static void
print_json(const struct event_log *log, const struct comparison *cmp, const char *la,
           const char *lb, size_t unknown)
{
    struct jsonw j;
    jsonw_init(&j, stdout, true);
    jsonw_obj_begin(&j);
    jsonw_key(&j, "segments");
    jsonw_obj_begin(&j);
    jsonw_key(&j, "a");
    json_side(&j, log, &cmp->a, la);
    jsonw_key(&j, "b");
    json_side(&j, log, &cmp->b, lb);
    jsonw_key(&j, "unknown");
    jsonw_obj_begin(&j);
    jsonw_key(&j, "cases");
    jsonw_uint(&j, unknown);
    jsonw_obj_end(&j);
    jsonw_obj_end(&j);
    jsonw_key(&j, "edges");
    json_items(&j, log, cmp->edges, cmp->n_edges, true);
    jsonw_key(&j, "activities");
    json_items(&j, log, cmp->acts, cmp->n_acts, false);
    jsonw_key(&j, "divergence");
    jsonw_arr_begin(&j);
    for (size_t i = 0; i < cmp->n_splits; i++) {
        const struct compare_split *s = &cmp->splits[i];
        jsonw_obj_begin(&j);
        jsonw_key(&j, "prefix");
        jsonw_arr_begin(&j);
        for (size_t k = 0; k < s->prefix_len; k++)
            jsonw_str(&j, eventlog_activity_name(log, s->prefix[k]));
        jsonw_arr_end(&j);
        jsonw_key(&j, "cases");
        jsonw_uint(&j, s->cases);
        jsonw_key(&j, "next_a");
        if (s->next_a == CF_NONE)
            jsonw_null(&j);
        else
            jsonw_str(&j, eventlog_activity_name(log, s->next_a));
        jsonw_key(&j, "next_b");
        if (s->next_b == CF_NONE)
            jsonw_null(&j);
        else
            jsonw_str(&j, eventlog_activity_name(log, s->next_b));
        jsonw_key(&j, "cases_next_a");
        jsonw_uint(&j, s->cases_next_a);
        jsonw_key(&j, "cases_next_b");
        jsonw_uint(&j, s->cases_next_b);
        jsonw_key(&j, "win_rate_next_a");
        jsonw_double(&j, s->rate_next_a);
        jsonw_key(&j, "win_rate_next_b");
        jsonw_double(&j, s->rate_next_b);
        jsonw_key(&j, "z");
        jsonw_double(&j, s->z);
        jsonw_obj_end(&j);
    }
    jsonw_arr_end(&j);
    jsonw_obj_end(&j);
    jsonw_end(&j);
}

int
cmd_compare(int argc, char **argv)
{
    struct cli_outcome co = {0};
    const char *top_s = NULL, *min_s = NULL;
    const struct cli_opt extra[] = {
        CLI_OUTCOME_OPTS(co),
        {"top", true, &top_s, NULL, NULL},
        {"min-cases", true, &min_s, NULL, NULL},
        {NULL, false, NULL, NULL, NULL},
    };
    struct cli_common c = {.cmd = "compare"};
    int rc = cli_parse(&c, argc, argv, extra);
    if (rc != 0)
        return rc;
    if (c.help) {
        printf("Usage: caseflow compare [OUTCOME] [FILTERS] [--top N] [--min-cases N] LOG\n"
               "Two segments side by side: with an outcome, A (e.g. won) against B (lost)\n"
               "within the filtered cases; without one, the filtered cases (A) against all\n"
               "the others (B). Shows key figures, the transitions and activities whose\n"
               "share of cases differs most (with a two-proportion z-test), time in stage\n"
               "per segment, and where the paths diverge (prefix-tree splits whose\n"
               "continuations have significantly different shares of A).\n\n%s"
               "  --top N                   rows per table in text output (default 10)\n"
               "  --min-cases N             cases each side of a split needs (default 5)\n\n",
               cli_outcome_help);
        cli_print_common_help(stdout);
        return 0;
    }
    size_t top = 10, min_cases = 5;
    if (top_s && (cli_parse_count(top_s, 1, &top) != 0)) {
        fprintf(stderr, "caseflow compare: --top takes a positive number\n");
        return CF_EXIT_USAGE;
    }
    if (min_s && (cli_parse_count(min_s, 1, &min_cases) != 0)) {
        fprintf(stderr, "caseflow compare: --min-cases takes a positive number\n");
        return CF_EXIT_USAGE;
    }
    if (!cli_outcome_given(&co) && (co.versus || co.end)) {
        fprintf(stderr, "caseflow compare: --versus and --end need an outcome option\n");
        return CF_EXIT_USAGE;
    }
    if (!cli_outcome_given(&co) && c.n_filters == 0) {
        fprintf(stderr, "caseflow compare: give an outcome (--outcome, --outcome-activity,\n"
                        "--outcome-last) or a filter to compare against the other cases\n");
        return CF_EXIT_USAGE;
    }
    struct event_log *log;
    struct selection *sel;
    rc = cli_load(&c, &log, &sel);
    if (rc != 0)
        return rc;

    struct selection *sa = selection_new(log->n_cases, false);
    struct selection *sb = selection_new(log->n_cases, false);
    uint8_t *seg = NULL;
    bool *hide = NULL;
    size_t unknown = 0;
    char la[128], lb[128];
    struct outcome o;
    if (cli_outcome_given(&co)) {
        struct cf_error err = {0};
        if (cli_outcome_init(&co, log, &o, &err) != 0) {
            cli_error(&err);
            selection_free(sa);
            selection_free(sb);
            selection_free(sel);
            eventlog_free(log);
            return CF_EXIT_USAGE;
        }
        size_t counts[3];
        seg = xmalloc(log->n_cases ? log->n_cases : 1);
        outcome_segments(&o, log, seg, counts, NULL);
        for (size_t k = 0; k < log->n_cases; k++) {
            if (!sel_has(sel, k))
                continue;
            selection_set(sa, k, seg[k] == SEG_A);
            selection_set(sb, k, seg[k] == SEG_B);
            unknown += seg[k] == SEG_UNKNOWN;
        }
        snprintf(la, sizeof la, "%s", o.label_a);
        snprintf(lb, sizeof lb, "%s", o.label_b);
        hide = cli_outcome_hide_mask(&o, log);
        outcome_clear(&o);
    } else {
        selection_or(sa, sel);
        selection_or(sb, sel);
        selection_invert(sb);
        snprintf(la, sizeof la, "filtered cases");
        snprintf(lb, sizeof lb, "the other cases");
    }
    struct comparison cmp;
    compare_build(log, sa, sb, seg, min_cases, hide, &cmp);
    if (c.json)
        print_json(log, &cmp, la, lb, unknown);
    else
        print_text(log, &cmp, la, lb, unknown, top);
    compare_clear(&cmp);
    free(hide);
    free(seg);
    selection_free(sa);
    selection_free(sb);
    selection_free(sel);
    eventlog_free(log);
    return fflush(stdout) == 0 ? 0 : 1;
}

/* `caseflow check`: cases checked against a playbook, deviations and their effect on the outcome.
 */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_outcome.h"
#include "commands.h"
#include "jsonw.h"
#include "playbook.h"

static const char *
effect_word(const struct deviation_stat *s)
{
    if (s->known == 0)
        return "n/a";
    if (s->low_support)
        return "few cases";
    return s->effect > 0 ? "beneficial" : s->effect < 0 ? "detrimental" : "neutral";
}

static void
rate_str(double r, char *buf, size_t size)
{
    if (isnan(r))
        snprintf(buf, size, "-");
    else
        snprintf(buf, size, "%.1f%%", 100.0 * r);
}

static void
print_stat_row(const struct event_log *log, const struct playbook *pb,
               const struct deviation_stat *s, const char *label)
{
    char desc[256], rate[16];
    if (label == NULL) {
        deviation_describe(log, pb, s->kind, s->act, s->prev, s->stage, desc, sizeof desc);
        label = desc;
    }
    rate_str(s->rate, rate, sizeof rate);
    printf("  %7zu  %7s  %+6.1f  %-11s  %s\n", s->cases, rate,
           isnan(s->diff) ? 0.0 : 100.0 * s->diff, effect_word(s), label);
}

static void
print_text(const struct event_log *log, const struct playbook *pb, const struct conformance *cf,
           const char *outcome_desc, size_t top)
{
    char r[16];
    printf("Playbook:    %s (%zu stages)\n", pb->name, pb->n_stages);
    if (cf->missing_stages[0])
        printf("Warning:     stages never seen in the log: %s\n", cf->missing_stages);
    printf("Outcome:     %s\n", outcome_desc);
    printf("Cases:       %zu checked, %zu conforming (%.1f%%)\n", cf->cases, cf->conforming,
           cf->cases ? 100.0 * (double)cf->conforming / (double)cf->cases : 0.0);
    rate_str(cf->conforming_rate, r, sizeof r);
    printf("Win rate of conforming cases: %s (%zu of %zu with a known outcome)\n", r,
           cf->conforming_won, cf->conforming_known);
    printf("Effect rule: beneficial/detrimental when the deviating cases' win rate is at\n"
           "least 5 points above/below the conforming cases' with p < 0.05 (two-proportion\n"
           "z-test) and at least %zu cases; otherwise neutral.\n",
           cf->min_support);

    printf("\nDeviations by kind:\n    cases  win rate    diff  effect       kind\n");
    for (int k = 0; k < DEV__COUNT; k++)
        if (cf->kinds[k].cases > 0)
            print_stat_row(log, pb, &cf->kinds[k], deviation_text((enum deviation_kind)k));
    printf("\nMost frequent deviations:\n    cases  win rate    diff  effect       deviation\n");
    for (size_t i = 0; i < cf->n_specific && i < top; i++)
        print_stat_row(log, pb, &cf->specific[i], NULL);
    if (cf->n_specific > top)
        printf("  ... %zu more (--top N shows more)\n", cf->n_specific - top);
}

static void
json_stat(struct jsonw *j, const struct event_log *log, const struct playbook *pb,
          const struct deviation_stat *s, bool specific)
{
    char desc[256];
    jsonw_obj_begin(j);
    jsonw_key(j, "kind");
    jsonw_str(j, deviation_key((enum deviation_kind)s->kind));
    if (specific) {
        deviation_describe(log, pb, s->kind, s->act, s->prev, s->stage, desc, sizeof desc);
        jsonw_key(j, "deviation");
        jsonw_str(j, desc);
        jsonw_key(j, "activity");
        if (s->act != CF_NONE)
            jsonw_str(j, eventlog_activity_name(log, s->act));
        else if (s->stage != CF_NONE)
            jsonw_str(j, pb->stage[s->stage]);
        else
            jsonw_null(j);
        jsonw_key(j, "after");
        if (s->prev != CF_NONE)
            jsonw_str(j, eventlog_activity_name(log, s->prev));
        else
            jsonw_null(j);
    }
    jsonw_key(j, "cases");
    jsonw_uint(j, s->cases);
    jsonw_key(j, "win_rate");
    jsonw_double(j, s->rate);
    jsonw_key(j, "diff");
    jsonw_double(j, s->diff);
    jsonw_key(j, "p");
    jsonw_double(j, s->p);
    jsonw_key(j, "effect");
    jsonw_str(j, effect_word(s));
    jsonw_obj_end(j);
}

static void
print_json(const struct event_log *log, const struct playbook *pb, const struct conformance *cf,
           bool list_cases)
{
    struct jsonw j;
    jsonw_init(&j, stdout, true);
    jsonw_obj_begin(&j);
    jsonw_key(&j, "playbook");
    jsonw_str(&j, pb->name);
    jsonw_key(&j, "cases");
    jsonw_uint(&j, cf->cases);
    jsonw_key(&j, "conforming");
    jsonw_uint(&j, cf->conforming);
    jsonw_key(&j, "conforming_win_rate");
    jsonw_double(&j, cf->conforming_rate);
    jsonw_key(&j, "min_support");
    jsonw_uint(&j, cf->min_support);
    jsonw_key(&j, "kinds");
    jsonw_arr_begin(&j);
    for (int k = 0; k < DEV__COUNT; k++)
        json_stat(&j, log, pb, &cf->kinds[k], false);
    jsonw_arr_end(&j);
    jsonw_key(&j, "deviations");
    jsonw_arr_begin(&j);
    for (size_t i = 0; i < cf->n_specific; i++)
        json_stat(&j, log, pb, &cf->specific[i], true);
    jsonw_arr_end(&j);
    if (list_cases) {
        jsonw_key(&j, "case_deviations");
        jsonw_arr_begin(&j);
        for (size_t c = 0; c < log->n_cases; c++) {
            if (cf->case_off[c + 1] == cf->case_off[c])
                continue;
            jsonw_obj_begin(&j);
            jsonw_key(&j, "case");
            jsonw_str(&j, eventlog_case_name(log, c));
            jsonw_key(&j, "deviations");
            jsonw_arr_begin(&j);
            for (size_t i = cf->case_off[c]; i < cf->case_off[c + 1]; i++) {
                const struct deviation *d = &cf->devs[i];
                char desc[256];
                deviation_describe(log, pb, d->kind, d->act, d->prev, d->stage, desc, sizeof desc);
                jsonw_obj_begin(&j);
                jsonw_key(&j, "kind");
                jsonw_str(&j, deviation_key((enum deviation_kind)d->kind));
                jsonw_key(&j, "deviation");
                jsonw_str(&j, desc);
                jsonw_key(&j, "event");
                jsonw_uint(&j, d->pos);
                jsonw_obj_end(&j);
            }
            jsonw_arr_end(&j);
            jsonw_obj_end(&j);
        }
        jsonw_arr_end(&j);
    }
    jsonw_obj_end(&j);
    jsonw_end(&j);
}

static void
print_cases(const struct event_log *log, const struct playbook *pb, const struct conformance *cf)
{
    printf("\nDeviating cases:\n");
    for (size_t c = 0; c < log->n_cases; c++) {
        if (cf->case_off[c + 1] == cf->case_off[c])
            continue;
        printf("  %s:", eventlog_case_name(log, c));
        for (size_t i = cf->case_off[c]; i < cf->case_off[c + 1]; i++) {
            const struct deviation *d = &cf->devs[i];
            char desc[256];
            deviation_describe(log, pb, d->kind, d->act, d->prev, d->stage, desc, sizeof desc);
            printf("%s %s (event %u)", i > cf->case_off[c] ? ";" : "", desc, d->pos + 1);
        }
        putchar('\n');
    }
}

int
cmd_check(int argc, char **argv)
{
    struct cli_outcome co = {0};
    const char *pb_path = NULL, *top_s = NULL, *min_s = NULL;
    bool list_cases = false;
    const struct cli_opt extra[] = {
        {"playbook", true, &pb_path, NULL, NULL},  CLI_OUTCOME_OPTS(co),
        {"top", true, &top_s, NULL, NULL},         {"min-support", true, &min_s, NULL, NULL},
        {"cases", false, NULL, &list_cases, NULL}, {NULL, false, NULL, NULL, NULL},
    };
    struct cli_common c = {.cmd = "check"};
    int rc = cli_parse(&c, argc, argv, extra);
    if (rc != 0)
        return rc;
    if (c.help) {
        printf("Usage: caseflow check --playbook FILE [OUTCOME] [FILTERS] LOG\n"
               "Checks every case against the playbook (the intended stage order) and\n"
               "classifies deviations: skipped stage, stage out of order, unexpected\n"
               "activity, repeated stage that may not repeat, no accepted end, activity\n"
               "after the end. Each deviation's win rate is compared with the conforming\n"
               "cases' and labelled beneficial, detrimental or neutral.\n\n"
               "Playbook syntax (one item per line, # comments):\n"
               "  Stage name            a required stage, in order, at most once\n"
               "  Stage name?           optional          Stage name*   may repeat\n"
               "  allow: A -> B         an extra allowed transition (e.g. a loop back)\n"
               "  anywhere: A, B        activities allowed anywhere, not checked\n"
               "  end: A, B             accepted end activities\n"
               "  win: A                which end counts as the good outcome\n\n"
               "  --playbook FILE           the playbook (required)\n"
               "  --top N                   deviations listed in text output (default 15)\n"
               "  --min-support N           cases a deviation needs to be labelled\n"
               "                            (default max(10, 1%% of the cases))\n"
               "  --cases                   also list each deviating case's deviations\n\n"
               "%s(without an outcome option, the playbook's win/end lines define it)\n\n",
               cli_outcome_help);
        cli_print_common_help(stdout);
        return 0;
    }
    if (pb_path == NULL) {
        fprintf(stderr, "caseflow check: --playbook FILE is required\n");
        return CF_EXIT_USAGE;
    }
    size_t top = 15, min_support = 0;
    if (top_s && (cli_parse_count(top_s, 1, &top) != 0)) {
        fprintf(stderr, "caseflow check: --top takes a positive number\n");
        return CF_EXIT_USAGE;
    }
    if (min_s && (cli_parse_count(min_s, 1, &min_support) != 0)) {
        fprintf(stderr, "caseflow check: --min-support takes a positive number\n");
        return CF_EXIT_USAGE;
    }
    struct cf_error err = {0};
    struct playbook *pb = playbook_load(pb_path, &err);
    if (pb == NULL) {
        cli_error(&err);
        return CF_EXIT_INPUT;
    }
    struct event_log *log;
    struct selection *sel;
    rc = cli_load(&c, &log, &sel);
    if (rc != 0) {
        playbook_free(pb);
        return rc;
    }
    uint8_t *seg = NULL;
    char desc[256];
    if (cli_outcome_given(&co) || co.versus || co.end) {
        struct outcome o;
        if (cli_outcome_init(&co, log, &o, &err) != 0) {
            cli_error(&err);
            playbook_free(pb);
            selection_free(sel);
            eventlog_free(log);
            return CF_EXIT_USAGE;
        }
        size_t counts[3];
        seg = xmalloc(log->n_cases ? log->n_cases : 1);
        outcome_segments(&o, log, seg, counts, NULL);
        snprintf(desc, sizeof desc, "win = %s, versus %s", o.label_a, o.label_b);
        outcome_clear(&o);
    } else if (pb->n_win > 0) {
        struct cf_buf b = {0};
        for (size_t i = 0; i < pb->n_win; i++)
            cf_buf_printf(&b, "%s%s", i ? ", " : "", pb->win[i]);
        snprintf(desc, sizeof desc,
                 "win = ending with %s (playbook); other ends lose; no end: open", b.data);
        cf_buf_clear(&b);
    } else {
        snprintf(desc, sizeof desc, "none (no win: line in the playbook, no --outcome)");
    }
    struct conformance cf;
    conformance_check(log, sel, pb, seg, min_support, &cf);
    if (c.json) {
        print_json(log, pb, &cf, list_cases);
    } else {
        print_text(log, pb, &cf, desc, top);
        if (list_cases)
            print_cases(log, pb, &cf);
    }
    conformance_clear(&cf);
    free(seg);
    playbook_free(pb);
    selection_free(sel);
    eventlog_free(log);
    return fflush(stdout) == 0 ? 0 : 1;
}

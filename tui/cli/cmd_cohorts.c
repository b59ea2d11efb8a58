/* `caseflow cohorts`: cases by the month (week, quarter, attribute) they started, with trends. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_outcome.h"
#include "cohorts.h"
#include "commands.h"
#include "filter.h"
#include "pathinfo.h"
#include "statstables.h"
#include "termsafe.h"
#include "variants.h"

/* One sparkline per numeric column over the rows, as notes under the table. */
static void
sparklines(struct tnode *root, const struct table *t, bool unicode)
{
    size_t rows = table_rows(t);
    if (rows < 2)
        return;
    double *v = xmalloc(rows * sizeof *v);
    for (size_t col = 0; col < table_ncols(t); col++) {
        const struct table_col *tc = table_col(t, col);
        if (tc->kind == TK_TEXT || tc->kind == TK_TIME || (tc->flags & TCOL_NO_TEXT) ||
            strcmp(tc->key, "share") == 0 || strcmp(tc->key, "won") == 0 ||
            strcmp(tc->key, "lost") == 0)
            continue; /* the share follows cases; won and lost follow cases and win rate */
        for (size_t r = 0; r < rows; r++)
            v[r] = table_cell_number(t, r, col);
        struct cf_buf b = {0};
        statstables_sparkline(v, rows, unicode, &b);
        tnode_note(root, "%-12.12s %s", tc->header, b.data);
        cf_buf_clear(&b);
    }
    free(v);
}

int
cmd_cohorts(int argc, char **argv)
{
    struct cli_common c = {.cmd = "cohorts"};
    struct cli_outcome co = {0};
    const char *csv_table = NULL;
    const char *by_s = NULL, *stages_s = NULL;
    const struct cli_opt extra[] = {
        CLI_OUTCOME_OPTS(co),
        {"table", true, &csv_table, NULL, NULL},
        {"ascii", false, NULL, &c.ascii, NULL},
        {"by", true, &by_s, NULL, NULL},
        {"stages", true, &stages_s, NULL, NULL},
        {NULL, false, NULL, NULL, NULL},
    };
    int rc = cli_parse(&c, argc, argv, extra);
    if (rc != 0)
        return rc;
    if (c.help) {
        printf("Usage: caseflow cohorts [--by week|month|quarter|ATTR] [--stages A,B] [OUTCOME] "
               "LOG\n"
               "Cases grouped by the period of their first event (UTC; ISO weeks) or by an\n"
               "attribute's first value: cases, share, median duration, the share reaching\n"
               "each stage (anywhere in the case) and, with an outcome, won, lost, win rate and\n"
               "the share still open (neither won nor lost). Text draws a sparkline per\n"
               "column, oldest cohort first.\n\n"
               "  --by week|month|quarter|ATTR   how to group (default month)\n"
               "  --stages A,B,...          stages to count (default: the activities of the\n"
               "                            most frequent variant)\n\n%s%s\n",
               cli_outcome_help, statstables_cli_help);
        cli_print_common_help(stdout);
        return 0;
    }
    if (!cli_outcome_given(&co) && (co.versus || co.end)) {
        fprintf(stderr, "caseflow cohorts: --versus and --end need an outcome option\n");
        return CF_EXIT_USAGE;
    }
    struct event_log *log;
    struct selection *sel;
    rc = cli_load(&c, &log, &sel);
    if (rc != 0)
        return rc;
    rc = CF_EXIT_USAGE;
    enum cohort_by by = COHORT_MONTH;
    int attr = -1;
    uint32_t *stages = NULL;
    size_t n_stages = 0;
    uint8_t *seg = NULL;
    struct outcome o;
    struct cf_error err = {0};
    if (by_s && cohorts_parse_by(by_s, &by) != 0) {
        attr = eventlog_attr_index(log, by_s);
        if (attr < 0) {
            struct cf_buf b = {0};
            cf_buf_printf(&b,
                          "caseflow cohorts: --by takes week, month, quarter or an attribute "
                          "(no '%s'; attributes:",
                          by_s);
            for (size_t i = 0; i < log->n_attrs; i++)
                cf_buf_printf(&b, "%s %s", i ? "," : "", log->attr_names[i]);
            cf_buf_puts(&b, ")");
            cf_term_fputs(b.data, stderr);
            fputc('\n', stderr);
            cf_buf_clear(&b);
            goto out;
        }
        by = COHORT_ATTR;
    }
    if (cli_outcome_given(&co)) {
        seg = cli_outcome_segments(&co, log, &o, &err);
        if (seg == NULL) {
            cli_error(&err);
            goto out;
        }
    }
    const char *rule = "given with --stages";
    if (stages_s) {
        if (filter_parse_activities(log, stages_s, &stages, &n_stages, &err) != 0) {
            char msg[sizeof err.msg];
            snprintf(msg, sizeof msg, "%s", err.msg);
            cf_error_set(&err, NULL, 0, "--stages: %s", msg);
            cli_error(&err);
            goto out;
        }
    } else {
        /* The happy path's activities: those of the most frequent variant (of the won
           cases when there is an outcome), once each. */
        struct selection *hp = selection_copy(sel);
        rule = "the most frequent variant's activities";
        if (seg) {
            for (size_t k = 0; k < log->n_cases; k++)
                if (seg[k] != SEG_A)
                    selection_set(hp, k, false);
            rule = "the most frequent successful variant's activities";
        }
        struct pathinfo pi;
        pathinfo_build(log, hp, &pi);
        selection_free(hp);
        if (pi.has_variant) {
            size_t n;
            const uint32_t *seq = variants_sequence(log, pi.variant, &n);
            stages = xmalloc((n ? n : 1) * sizeof *stages);
            for (size_t i = 0; i < n; i++) {
                bool dup = false;
                for (size_t k = 0; k < n_stages && !dup; k++)
                    dup = stages[k] == seq[i];
                if (!dup)
                    stages[n_stages++] = seq[i];
            }
        }
        pathinfo_clear(&pi);
    }
    struct cohorts ch;
    cohorts_build(log, sel, by, attr, stages, n_stages, seg, &ch);
    size_t ncols;
    struct table_col *cols = statstables_cohort_cols(log, &ch, &ncols);
    struct table_fmt fmt;
    cli_table_fmt(&c, &fmt);
    bool unicode = fmt.unicode;
    struct tdoc *d = tdoc_new("cohorts", log->name);
    struct tnode *root = tdoc_root(d);
    static const char *const by_names[] = {"week", "month", "quarter", "attribute"};
    tnode_title(root, "Cohorts by %s of %zu cases (of %zu in %s)",
                by == COHORT_ATTR ? log->attr_names[attr] : by_names[by], selection_count(sel),
                log->n_cases, log->name);
    tnode_text(root, "by", NULL, by == COHORT_ATTR ? log->attr_names[attr] : by_names[by]);
    tnode_names(root, "stages", "Stages (share of cases reaching each)", log->activities, ch.stages,
                ch.n_stages);
    tnode_text(root, "stages_rule", "Stages are", rule);
    if (seg)
        tnode_text(root, "outcome", NULL, o.label_a);
    struct table *t = tnode_table(root, "cohorts", NULL, cols, ncols, NULL);
    statstables_fill_cohorts(t, &ch);
    if (by != COHORT_ATTR)
        sparklines(root, t, unicode);
    rc = cli_output(&c, d, csv_table);
    statstables_cohort_cols_free(cols, ncols);
    cohorts_clear(&ch);
out:
    if (seg) {
        free(seg);
        outcome_clear(&o);
    }
    free(stages);
    selection_free(sel);
    eventlog_free(log);
    return rc;
}

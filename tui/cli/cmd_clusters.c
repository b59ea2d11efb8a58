/* `caseflow clusters`: variants grouped by edit distance (k-medoids), as a document of tables. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_outcome.h"
#include "clusters.h"
#include "commands.h"
#include "playbook.h"
#include "table.h"
#include "textout.h"
#include "variants.h"

static const char clusters_help[] =
    "Usage: caseflow clusters [-k N|auto] [OPTIONS] LOG\n"
    "Groups the variants (weighted by their cases) by the edit distance between\n"
    "their activity sequences (Levenshtein; with --transpositions an adjacent swap\n"
    "costs 1) into k clusters by k-medoids (PAM: BUILD, then swaps; deterministic).\n"
    "-k auto (the default) picks k in 2..10 by the silhouette: each variant against\n"
    "the other variants, weighted by cases. Per cluster: the medoid path, variants,\n"
    "cases, share, median case duration, win rate (with an outcome option or a\n"
    "playbook's win: line), and the activities that distinguish it (the largest\n"
    "difference between the share of its cases containing the activity and the\n"
    "share of the other cases; more common in the cluster first).\n"
    "Many variants: the most frequent ones (at most --exact N, default 1500, fewer\n"
    "when the distance matrix would cost more than 3e8 cells) are clustered exactly;\n"
    "every other variant joins its nearest medoid.\n\n"
    "  -k N|auto             clusters (default auto)\n"
    "  --transpositions      optimal string alignment distance\n"
    "  --exact N             variants clustered exactly (default 1500)\n"
    "  --playbook FILE       its win: line defines the outcome\n"
    "  --limit N             variants listed per cluster in text (default 3; 0 = all)\n\n";

enum { CC_ID, CC_CASES, CC_SHARE, CC_VARIANTS, CC_MEDIAN, CC_WIN, CC_ACTS, CC_MEDOID, CC__N };

static const struct table_col cluster_cols[CC__N] = {
    [CC_ID] = {"id", "#", TK_INT, TA_RIGHT, TC_NONE, 0, 0, 0, NULL},
    [CC_CASES] = {"cases", "cases", TK_COUNT, TA_RIGHT, TC_NONE, 0, 0, 0, NULL},
    [CC_SHARE] = {"share", "share", TK_SHARE, TA_RIGHT, TC_NONE, 2, 0, 0, NULL},
    [CC_VARIANTS] = {"variants", "variants", TK_COUNT, TA_RIGHT, TC_NONE, 3, 0, 0, NULL},
    [CC_MEDIAN] = {"median_s", "median", TK_DURATION, TA_RIGHT, TC_NONE, 3, 0, 0, NULL},
    [CC_WIN] = {"win_rate", "win", TK_SHARE, TA_RIGHT, TC_NONE, 2, 0, 0, NULL},
    [CC_ACTS] = {"distinguishing_text", "distinguishing", TK_TEXT, TA_LEFT, TC_END, 4, 12,
                 TCOL_NO_JSON | TCOL_NO_TEXT, NULL},
    [CC_MEDOID] = {"medoid", "medoid", TK_PATH, TA_LEFT, TC_MIDDLE, 1, 16, TCOL_FLEX, NULL},
};

static const struct table_col act_cols[] = {
    {"activity", "activity", TK_TEXT, TA_LEFT, TC_END, 0, 0, 0, NULL},
    {"in_share", "in", TK_SHARE, TA_RIGHT, TC_NONE, 0, 0, 0, NULL},
    {"out_share", "rest", TK_SHARE, TA_RIGHT, TC_NONE, 0, 0, 0, NULL},
};

static const struct table_col dist_cols[] = {
    {"cluster", "#", TK_INT, TA_RIGHT, TC_NONE, 0, 0, 0, NULL},
    {"activity", "activity", TK_TEXT, TA_LEFT, TC_END, 0, 0, TCOL_FLEX, NULL},
    {"in_share", "in cluster", TK_SHARE, TA_RIGHT, TC_NONE, 0, 0, 0, NULL},
    {"out_share", "in the rest", TK_SHARE, TA_RIGHT, TC_NONE, 0, 0, 0, NULL},
};

static const struct table_col assign_cols[] = {
    {"cluster", "#", TK_INT, TA_RIGHT, TC_NONE, 0, 0, 0, NULL},
    {"cases", "cases", TK_COUNT, TA_RIGHT, TC_NONE, 0, 0, 0, NULL},
    {"distance", "dist", TK_COUNT, TA_RIGHT, TC_NONE, 2, 0, 0, NULL},
    {"variant", "variant", TK_PATH, TA_LEFT, TC_MIDDLE, 1, 16, TCOL_FLEX, NULL},
};

/* The outcome segments for win rates, when an outcome is given; NULL otherwise. */
static int
segments(const struct cli_outcome *co, const char *pb_path, const struct event_log *log,
         uint8_t **seg, struct cf_error *err)
{
    *seg = NULL;
    struct outcome o;
    if (cli_outcome_given(co) || co->versus || co->end) {
        if (cli_outcome_init(co, log, &o, err) != 0)
            return -1;
    } else if (pb_path) {
        struct playbook *pb = playbook_load(pb_path, err);
        if (pb == NULL)
            return -1;
        if (pb->n_win == 0) {
            playbook_free(pb);
            return 0;
        }
        struct cf_buf w = {0}, e = {0};
        for (size_t i = 0; i < pb->n_win; i++)
            cf_buf_printf(&w, "%s%s", i ? "," : "", pb->win[i]);
        for (size_t i = 0; i < pb->n_end; i++)
            cf_buf_printf(&e, "%s%s", i ? "," : "", pb->end[i]);
        int rc = outcome_init(&o, log, OUTCOME_LAST, w.data, NULL, pb->n_end ? e.data : NULL, err);
        cf_buf_clear(&w);
        cf_buf_clear(&e);
        playbook_free(pb);
        if (rc != 0)
            return -1;
    } else {
        return 0;
    }
    size_t counts[3];
    *seg = xmalloc(log->n_cases ? log->n_cases : 1);
    outcome_segments(&o, log, *seg, counts, NULL);
    outcome_clear(&o);
    return 0;
}

static void
build_doc(struct tdoc *d, const struct event_log *log, const struct clusters *cl, bool has_seg,
          size_t limit, enum table_format fmt, bool transpositions, bool auto_k)
{
    struct tnode *root = tdoc_root(d);
    tnode_title(root, "%zu clusters of %zu variants (%zu cases) in %s", cl->k, cl->n_variants,
                cl->total_cases, log->name);
    tnode_count(root, "k", NULL, cl->k);
    tnode_text(root, "distance", "Distance",
               transpositions ? "optimal string alignment (edit distance with adjacent swaps)"
                              : "Levenshtein (edit distance on activities)");
    tnode_number(root, "silhouette", "Silhouette", cl->silhouette);
    tnode_text(root, "k_chosen_by", NULL, auto_k ? "silhouette" : "given");
    tnode_count(root, "variants", NULL, cl->n_variants);
    tnode_count(root, "exact_variants", "Clustered exactly", cl->exact);
    tnode_count(root, "exact_cases", NULL, cl->exact_cases);
    if (cl->exact < cl->n_variants)
        tnode_note(root,
                   "The %zu most frequent variants (%zu cases) were clustered exactly; the other "
                   "%zu joined their nearest medoid.",
                   cl->exact, cl->exact_cases, cl->n_variants - cl->exact);
    if (auto_k) {
        struct cf_buf b = {0};
        for (size_t k = 2, n = 0; k <= CLUSTERS_MAX_K; k++) {
            if (isnan(cl->silhouette_by_k[k]))
                continue;
            cf_buf_printf(&b, "%sk=%zu %.3f", n % 5 ? ", " : "", k, cl->silhouette_by_k[k]);
            if (++n % 5 == 0 || k == CLUSTERS_MAX_K) {
                tnode_note(root, "Silhouette by %s", b.data);
                b.len = 0;
                b.data[0] = '\0';
            }
        }
        if (b.len)
            tnode_note(root, "Silhouette by %s", b.data);
        cf_buf_clear(&b);
    }

    static struct table_col cols[CC__N];
    size_t nc = 0;
    for (size_t i = 0; i < CC__N; i++)
        if (has_seg || i != CC_WIN)
            cols[nc++] = cluster_cols[i];
    struct table *t = tnode_table(root, "clusters", NULL, cols, nc, log->activities);
    int ci[CC__N];
    for (size_t i = 0; i < CC__N; i++)
        ci[i] = table_col_index(t, cluster_cols[i].key);
    struct cf_buf b = {0};
    for (size_t j = 0; j < cl->k; j++) {
        const struct cluster *c = &cl->c[j];
        size_t r = table_add_row(t);
        table_set_int(t, r, (size_t)ci[CC_ID], (int64_t)j + 1);
        table_set_count(t, r, (size_t)ci[CC_CASES], c->cases);
        table_set_number(t, r, (size_t)ci[CC_SHARE], c->share);
        table_set_count(t, r, (size_t)ci[CC_VARIANTS], c->variants);
        table_set_dur(t, r, (size_t)ci[CC_MEDIAN], c->median_ms);
        if (has_seg && !isnan(c->win_rate))
            table_set_number(t, r, (size_t)ci[CC_WIN], c->win_rate);
        size_t len;
        const uint32_t *seq = variants_sequence(log, c->medoid, &len);
        table_set_path(t, r, (size_t)ci[CC_MEDOID], seq, len);
        b.len = 0;
        if (b.data)
            b.data[0] = '\0';
        for (size_t a = 0; a < c->n_acts; a++)
            cf_buf_printf(&b, "%s%s %s%.0f%%", a ? ", " : "",
                          eventlog_activity_name(log, c->acts[a].activity),
                          c->acts[a].in_share >= c->acts[a].out_share ? "" : "only ",
                          100 * c->acts[a].in_share);
        table_set_text(t, r, (size_t)ci[CC_ACTS], b.data ? b.data : "");
        if (fmt == TF_JSON) {
            struct table *s = table_sub(t, r, "distinguishing", act_cols, 3);
            for (size_t a = 0; a < c->n_acts; a++) {
                size_t sr = table_add_row(s);
                table_set_text(s, sr, 0, eventlog_activity_name(log, c->acts[a].activity));
                table_set_number(s, sr, 1, c->acts[a].in_share);
                table_set_number(s, sr, 2, c->acts[a].out_share);
            }
        }
    }
    cf_buf_clear(&b);
    {
        /* text: the distinguishing activities as their own table, the medoids get the room;
         * JSON has them inside each cluster */
        struct table *dt =
            tnode_table(root, "distinguishing",
                        "Distinguishing activities (share of cases with it)", dist_cols, 4, NULL);
        table_set_flags(dt, TTAB_NO_JSON | TTAB_NO_CSV);
        for (size_t j = 0; j < cl->k; j++)
            for (size_t a = 0; a < cl->c[j].n_acts; a++) {
                size_t r = table_add_row(dt);
                table_set_int(dt, r, 0, (int64_t)j + 1);
                table_set_text(dt, r, 1, eventlog_activity_name(log, cl->c[j].acts[a].activity));
                table_set_number(dt, r, 2, cl->c[j].acts[a].in_share);
                table_set_number(dt, r, 3, cl->c[j].acts[a].out_share);
            }
    }

    /* assignment: every variant in JSON/CSV; text: the top `limit` of each cluster */
    struct table *a =
        tnode_table(root, "assignment", fmt == TF_TEXT ? "Top variants by cluster" : NULL,
                    assign_cols, 4, log->activities);
    size_t *shown = xcalloc(cl->k, sizeof *shown);
    for (size_t j = 0; j < cl->k; j++) {
        for (size_t i = 0; i < cl->n_variants; i++) {
            if (cl->cluster[i] != j)
                continue;
            if (fmt == TF_TEXT && limit && shown[j] >= limit)
                break;
            shown[j]++;
            size_t r = table_add_row(a), len;
            const uint32_t *seq = variants_sequence(log, cl->variant[i], &len);
            table_set_int(a, r, 0, (int64_t)j + 1);
            table_set_count(a, r, 1, cl->variant_cases[i]);
            table_set_count(a, r, 2, cl->distance[i]);
            table_set_path(a, r, 3, seq, len);
        }
    }
    free(shown);
}

int
cmd_clusters(int argc, char **argv)
{
    /* "-k N" is the one short option: spelled --k for the common parser */
    char **av = xmalloc(((size_t)argc + 1) * sizeof *av);
    for (int i = 0; i < argc; i++)
        av[i] = strcmp(argv[i], "-k") == 0 ? (char *)"--k" : argv[i];
    av[argc] = NULL;
    struct cli_outcome co = {0};
    const char *k_s = NULL, *exact_s = NULL, *limit_s = NULL, *pb_path = NULL;
    bool transpositions = false;
    const struct cli_opt extra[] = {
        {"k", true, &k_s, NULL, NULL},
        {"transpositions", false, NULL, &transpositions, NULL},
        {"exact", true, &exact_s, NULL, NULL},
        {"limit", true, &limit_s, NULL, NULL},
        {"playbook", true, &pb_path, NULL, NULL},
        CLI_OUTCOME_OPTS(co),
        {NULL, false, NULL, NULL, NULL},
    };
    struct cli_common c = {.cmd = "clusters"};
    int rc = cli_parse(&c, argc, av, extra);
    free(av);
    if (rc != 0)
        return rc;
    if (c.help) {
        fputs(clusters_help, stdout);
        fputs(cli_outcome_help, stdout);
        putchar('\n');
        cli_print_common_help(stdout);
        return 0;
    }
    struct clusters_opts o = {0, transpositions, 0};
    size_t limit = 3;
    if (k_s && strcmp(k_s, "auto") != 0 && (rc = cli_size_opt(&c, "k", k_s, &o.k, 1)) != 0)
        return rc;
    if ((rc = cli_size_opt(&c, "exact", exact_s, &o.max_sample, 2)) != 0 ||
        (rc = cli_size_opt(&c, "limit", limit_s, &limit, 0)) != 0)
        return rc;
    if (o.k > 1000) {
        fprintf(stderr, "caseflow clusters: -k is at most 1000\n");
        return CF_EXIT_USAGE;
    }
    struct event_log *log;
    struct selection *sel;
    rc = cli_load(&c, &log, &sel);
    if (rc != 0)
        return rc;
    struct cf_error err = {0};
    uint8_t *seg = NULL;
    struct clusters cl;
    memset(&cl, 0, sizeof cl);
    if (segments(&co, pb_path, log, &seg, &err) != 0 ||
        clusters_build(log, sel, seg, &o, &cl, &err) != 0) {
        cli_error(&err);
        rc = CF_EXIT_USAGE;
    } else {
        struct tdoc *d = tdoc_new("clusters", log->name);
        build_doc(d, log, &cl, seg != NULL, limit, c.format, transpositions, o.k == 0);
        rc = cli_output(&c, d, "clusters");
    }
    clusters_clear(&cl);
    free(seg);
    selection_free(sel);
    eventlog_free(log);
    return rc;
}

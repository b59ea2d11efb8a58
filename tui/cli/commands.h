/* The subcommands: each takes argv with argv[0] = its name and returns an exit status. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_COMMANDS_H
#define CF_COMMANDS_H

#include <stdbool.h>
#include <stdio.h>

#include "table.h"

struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
};

/* The table, ending with a NULL name (main.c). */
extern const struct command commands[];

int cmd_report(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_rework(int argc, char **argv);
int cmd_deadends(int argc, char **argv);
int cmd_stage_times(int argc, char **argv); /* `stages` (app.c has a static cmd_stages) */
int cmd_transitions(int argc, char **argv);
int cmd_funnel(int argc, char **argv);
int cmd_map(int argc, char **argv);
int cmd_snapshot(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_between(int argc, char **argv);
int cmd_cohorts(int argc, char **argv);
int cmd_export_log(int argc, char **argv); /* `export` (app.c has a static cmd_export) */
int cmd_predict(int argc, char **argv);
int cmd_clusters(int argc, char **argv);

int cmd_sql(int argc, char **argv);
int cmd_completion(int argc, char **argv);

/* `report --pushdown` (database LOG) and `report --aggregate FILE` (cmd_pushdown.c), with
 * report's outcome options (activity kinds only: an aggregate has no attributes). */
struct cli_common;
struct cli_outcome;
int report_from_aggregate(struct cli_common *c, bool pushdown, const char *file,
                          const struct cli_outcome *co);

/* The interactive explorer (app.c): argv as for the program, options and LOG. */
int tui_main(int argc, char **argv);

/* Print the rejected-rows part of an import report as text (cmd_report.c). */
struct import_report;
void report_print_rejected(FILE *f, const char *name, const struct import_report *r);

/* The reshaping, text and time-zone lines of an import report (cli_reshape.c):
 * "Reshaped" and "Text" lines, and in JSON the skipped, wide_events, collapsed,
 * reshape_note, text_note, timezone and utc_offset_min keys. */
struct tnode;
void report_add_import_notes(struct tnode *n, const struct import_report *r);

/* Shared by report and report --pushdown/--aggregate (cmd_report.c): the
 * transitions table's columns (from, to, count, cases, mean_s, median_s, min_s,
 * max_s), the (cases, activity) columns of start/end lists, and the
 * "Case duration: min .. mean" note. */
struct stats_summary;
#define REPORT_N_DFG_COLS 8
extern const struct table_col report_dfg_cols[REPORT_N_DFG_COLS];
extern const struct table_col report_count_cols[2];
void report_add_duration_note(struct tnode *n, const struct stats_summary *d);
/* Cases, Events, Activities, Variants and the time range (JSON time_range), as
 * report shows them. */
void report_add_totals(struct tnode *n, size_t cases, size_t events, size_t activities,
                       size_t variants, int64_t t_first, int64_t t_last);
/* rework_cases (JSON, and the Rework text table) and self_loop_cases, as report shows them. */
void report_add_rework(struct tnode *n, const struct strpool *names, const size_t *rework_cases,
                       size_t na, size_t self_loop_cases);
/* happy_path and parallel from pi; won: the winning segment's label when pi was made
 * over its cases, else NULL; seq, len: pi's top variant's activities. */
struct pathinfo;
void report_add_pathinfo(struct tnode *n, const struct strpool *names, const struct pathinfo *pi,
                         const char *won, const uint32_t *seq, size_t len);
/* A row of the report_dfg_cols table. */
void report_add_dfg_row(struct table *t, const char *from, const char *to, size_t count,
                        size_t cases, double mean_ms, double median_ms, int64_t min_ms,
                        int64_t max_ms);

/*
 * Push-down for the explorer (cmd_pushdown.c). pushdown_roles: the case,
 * activity and timestamp columns of the database source path (the import
 * options', else guessed from its first rows), three new strings; 0 or -1 with
 * err set. pushdown_run: the aggregate of the source's rows meeting where
 * (NULL: all; SQL as pushfilter.h writes), computed by the server; NULL with
 * err set (the server's words).
 */
struct import_opts;
struct aggregate;
struct cf_error;
int pushdown_roles(const char *path, const struct import_opts *o, char **case_col, char **act_col,
                   char **time_col, struct cf_error *err);
struct aggregate *pushdown_run(const char *path, const struct import_opts *o, const char *cc,
                               const char *ac, const char *tc, const char *where,
                               struct cf_error *err);

#endif

/* The event-log model: interned strings, column-wise events, cases as slices. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_EVENTLOG_H
#define CF_EVENTLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strpool.h"
#include "util.h"

/* Sentinel for a missing timestamp (never produced by the importers: a row
 * without a usable timestamp is rejected and counted). */
#define CF_TIME_NONE INT64_MIN

/* Why an input row was not used. */
enum cf_reject {
    CF_REJ_MISSING_CASE,
    CF_REJ_MISSING_ACTIVITY,
    CF_REJ_BAD_TIME,
    CF_REJ_FIELD_COUNT,
    CF_REJ_MALFORMED, /* bad quoting or a NUL byte: the record's fields are unknown */
    CF_REJ__COUNT
};
/* "missing_case", "missing_activity", "bad_timestamp", "field_count", "malformed". */
const char *cf_reject_key(enum cf_reject r);
/* "missing case id", ... for people. */
const char *cf_reject_text(enum cf_reject r);

#define CF_REJ_KEEP_LINES 5

/* What an importer did: rows read, rows rejected by reason, roles chosen. */
struct import_report {
    size_t rows;                                          /* data rows seen (header excluded) */
    size_t accepted;                                      /* rows that became events */
    size_t rejected[CF_REJ__COUNT];                       /* rows rejected, by reason */
    size_t first_lines[CF_REJ__COUNT][CF_REJ_KEEP_LINES]; /* first source lines, by reason */
    char first_detail[CF_REJ__COUNT][160];                /* what the first such row said */
    char case_col[128], activity_col[256], time_col[128], resource_col[128];
    char delimiter;      /* ',' ';' '\t' '|', or 0 for XES */
    char time_note[256]; /* e.g. "dates read as DD/MM/YYYY (...)" */
    /* Reshaping (core/reshape.h) and text: rows skipped on purpose are not rejected. */
    size_t skipped_field;   /* --changes: rows of other fields */
    size_t skipped_keep;    /* --keep-rows: rows not matching */
    size_t skipped_empty;   /* --wide: rows without any stage date */
    size_t wide_events;     /* --wide: events made from stage-date cells */
    size_t collapsed;       /* --collapse-repeats: events merged into the one before */
    char reshape_note[256]; /* what reshaping did, or a hint ("use --wide") */
    char text_note[256];    /* encoding used, or invalid UTF-8 found (with a hint) */
    int tz_offset_min;      /* the log's dominant UTC offset (minutes east) */
    bool tz_known;          /* false: no time carried an offset (and no --timezone) */
    char tz_name[64];       /* --timezone ZONE naive times were read in, or "" */
    char warning[256];      /* e.g. "duplicate column names: owner (2 columns)"; "" if none */
};

size_t import_report_rejected_total(const struct import_report *r);

/*
 * One attribute column of value ids (into the log's values pool), in one of three
 * forms. A column whose value is the same on every event of each case (a case
 * attribute: CF_NONE on all of a case's events, or one id on all of them) is held
 * once per case (per_case); otherwise one with more than one event in eight
 * holding a value is dense (an id per event, CF_NONE when empty); a mostly empty
 * one is sparse: the events holding a value, ascending, and their values. Memory
 * is linear in the values present (or the cases) in every form.
 */
struct eventlog_attr {
    uint32_t *dense;    /* n_events ids, or NULL when the column is not dense */
    uint32_t *ev;       /* sparse: the n events holding a value, ascending */
    uint32_t *val;      /* sparse: their value ids */
    uint32_t *per_case; /* per case: n_cases ids (CF_NONE: the case has none), or NULL */
    size_t n;           /* events holding a value */
};

/* A classifier a log declares (XES <classifier>): a name and the event keys whose
 * values, joined with '+', name an activity. */
struct eventlog_classifier {
    char *name;
    char **keys;
    size_t n_keys;
};

/*
 * A loaded log. Events are ordered by (case, timestamp, source line), so each
 * case is the contiguous slice [case_off[c], case_off[c+1]) and ties keep file
 * order. Read-only after loading; analyses take (log, selection).
 */
struct aggregate;
struct event_log {
    char *name; /* source as given ("-" for stdin) */

    size_t n_events;
    uint32_t *ev_case; /* case index of each event */
    uint32_t *ev_act;  /* activity id (dense, into activities) */
    int64_t *ev_time;  /* ms since the epoch, UTC */
    uint32_t *ev_res;  /* resource id, or CF_NONE */
    uint32_t *ev_line; /* source line (1-based; header is line 1 for CSV) */

    size_t n_attrs;              /* extra columns */
    char **attr_names;           /* n_attrs names */
    struct eventlog_attr *attrs; /* n_attrs columns: read with eventlog_attr_value */

    size_t n_cases;
    size_t *case_off;       /* n_cases + 1 offsets into the event columns */
    uint32_t *case_variant; /* variant id of each case */

    size_t n_variants;
    uint32_t *variant_case; /* first case (in log order) with that variant */
    uint32_t *variant_rank; /* position of each variant in the order of its activity
                               names (variants_compare_sequence), computed at load */

    struct strpool *case_ids;   /* case index == case id string id */
    struct strpool *activities; /* activity id -> name */
    struct strpool *resources;
    struct strpool *values; /* all attribute values, shared */

    int64_t t_min, t_max; /* first and last event time (0 if no events) */
    /* Not NULL: a stand-in without events for this aggregate (aggsource.h), not owned. */
    const struct aggregate *agg;
    struct import_report report;

    void *map;       /* a snapshot's mapping the columns point into (snapshot.c), or NULL */
    size_t map_size; /* its length */
    /* XES only: the classifiers the log declares, in file order; which one named
     * the activities (NULL: the keys given by --activity or concept:name); and a
     * note for people when the log's first declared classifier is not the one used
     * (NULL otherwise). All owned by the log. */
    size_t n_classifiers;
    struct eventlog_classifier *classifiers;
    char *classifier_used;
    char *classifier_note;
};

void eventlog_free(struct event_log *log);

static inline size_t
eventlog_case_len(const struct event_log *log, size_t c)
{
    return log->case_off[c + 1] - log->case_off[c];
}

/* Duration of case c: last event time minus first (0 for one event). */
int64_t eventlog_case_duration(const struct event_log *log, size_t c);

/* Attribute column index by name, or -1. */
int eventlog_attr_index(const struct event_log *log, const char *name);

/* The value id of attribute column attr at event e (an index in log order), or
 * CF_NONE when that event has none. O(1) for dense and per-case columns, O(log n)
 * for sparse. */
uint32_t eventlog_attr_sparse_value(const struct eventlog_attr *col, size_t e);
static inline uint32_t
eventlog_attr_value(const struct event_log *log, size_t attr, size_t e)
{
    const struct eventlog_attr *col = &log->attrs[attr];
    if (col->dense != NULL)
        return col->dense[e];
    if (col->per_case != NULL)
        return col->per_case[log->ev_case[e]];
    return eventlog_attr_sparse_value(col, e);
}

/*
 * Visiting the events of [lo, hi) that hold a value of one attribute, in event
 * order, without touching the empty ones of a sparse column:
 *   struct eventlog_attr_iter it;
 *   eventlog_attr_iter_init(&it, log, attr, lo, hi);
 *   while (eventlog_attr_iter_next(&it, &e, &v)) ...
 */
struct eventlog_attr_iter {
    const struct eventlog_attr *col;
    const struct event_log *log; /* per-case columns: the cases' slices */
    size_t pos, hi;
};
void eventlog_attr_iter_init(struct eventlog_attr_iter *it, const struct event_log *log,
                             size_t attr, size_t lo, size_t hi);
bool eventlog_attr_iter_next(struct eventlog_attr_iter *it, size_t *event, uint32_t *value);

/* Name of activity a / case c / resource r ("" for CF_NONE). */
const char *eventlog_activity_name(const struct event_log *log, uint32_t a);
const char *eventlog_case_name(const struct event_log *log, size_t c);
const char *eventlog_resource_name(const struct event_log *log, uint32_t r);

/* Number of distinct activities. */
size_t eventlog_n_activities(const struct event_log *log);

/* Bytes the loaded log occupies (columns, pools, indexes). */
size_t eventlog_memory(const struct event_log *log);

/*
 * Building a log, row by row, as importers do. Strings are copied (interned);
 * attr values may be NULL or empty for "none". eventlog_builder_finish sorts,
 * cuts cases and computes variants; it consumes the builder and never fails.
 */
struct eventlog_builder;
struct eventlog_builder *eventlog_builder_new(const char *name, size_t n_attrs,
                                              const char *const *attr_names);
void eventlog_builder_add(struct eventlog_builder *b, const char *case_id, size_t case_len,
                          const char *act, size_t act_len, int64_t time_ms, const char *res,
                          size_t res_len, size_t line, const char *const *attr_vals,
                          const size_t *attr_lens);
/* Add an attribute column after creation (events added so far get "none");
 * returns its index. Later calls to eventlog_builder_add pass that many values. */
size_t eventlog_builder_add_attr(struct eventlog_builder *b, const char *name);
/* Room for about n_events in all (an importer's estimate from the input's size):
 * the columns then grow in small steps past it. */
void eventlog_builder_reserve(struct eventlog_builder *b, size_t n_events);
/* Merge consecutive events of a case with the same activity into the first of
 * them when the log is finished (--collapse-repeats); the report counts them. */
void eventlog_builder_set_collapse(struct eventlog_builder *b, bool on);
/*
 * The same as eventlog_builder_add for importers whose events each carry a few
 * of many columns (XES): only the n columns cols[i] (indexes from
 * eventlog_builder_add_attr, each at most once) get values vals[i] (lens[i]
 * bytes; empty = none); every other column is empty for this event. Cost is in
 * n, not in the number of columns.
 */
void eventlog_builder_add_sparse(struct eventlog_builder *b, const char *case_id, size_t case_len,
                                 const char *act, size_t act_len, int64_t time_ms, const char *res,
                                 size_t res_len, size_t line, const uint32_t *cols,
                                 const char *const *vals, const size_t *lens, size_t n);
/* The log being built, for importers that attach what only they know
 * (classifiers); valid until finish or free. */
struct event_log *eventlog_builder_log(struct eventlog_builder *b);
/* The import report the log will carry; the importer fills it while reading. */
struct import_report *eventlog_builder_report(struct eventlog_builder *b);
struct event_log *eventlog_builder_finish(struct eventlog_builder *b);
/*
 * Add src's events after dst's, as if they had been added to dst in that order
 * (case ids met first in src are numbered after dst's; strings re-interned), for
 * importers that read parts of one input in parallel. Both builders must have the
 * same attribute columns. Consumes src; the reports are the caller's to merge.
 */
void eventlog_builder_append(struct eventlog_builder *dst, struct eventlog_builder *src);
void eventlog_builder_free(struct eventlog_builder *b); /* abandon (accepts NULL) */

/*
 * Convenience for tests and samples: build a log from a compact text,
 * one case per line: "case: A B C" with events one minute apart from
 * 2024-01-01T00:00Z, or "case: A@0 B@90 C@3600" with times in seconds.
 * Case attributes (set on every event of the case) go in braces before the
 * colon: "case {outcome=won,region=EU}: A B C". Activity names cannot hold
 * spaces here. Returns NULL and sets err on a malformed line.
 */
struct event_log *eventlog_from_spec(const char *spec, struct cf_error *err);

#endif

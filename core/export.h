/* Event-log export: the selected cases' events as CSV or XES 1849, every column kept. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_EXPORT_H
#define CF_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "eventlog.h"
#include "selection.h"
#include "util.h"

enum export_format { EXPORT_CSV, EXPORT_XES };

struct export_opts {
    enum export_format format;
    bool xes_names;    /* CSV: case:concept:name, concept:name, time:timestamp, org:resource */
    int tz_offset_min; /* times are written with this UTC offset (minutes east) */
};

/* What an export wrote. */
struct export_stats {
    size_t cases, events;
    size_t replaced; /* XES: values with characters XML 1.0 cannot hold (written as U+FFFD) */
};

/*
 * Write the events of the cases selected in sel (NULL = all) to f, in log
 * order (case by case, by time, ties in file order), so that reading the
 * file back gives the same cases, variants and times.
 * CSV: a header, then one row per event: case, activity, timestamp, resource
 * (left out when the log has none), then every attribute column by its name.
 * Role columns keep their original header names when the log came from a
 * CSV with plain single-column roles, otherwise (XES, --wide, composite
 * columns) they are case_id, activity, timestamp, resource; xes_names uses the
 * XES keys instead. Fields holding the delimiter, a quote, a line end or
 * leading/trailing blanks are quoted (RFC 4180); values are written as they
 * are (no spreadsheet formula guard: this is data for tools).
 * XES: IEEE 1849-2016 with the Concept, Time and Organizational extensions
 * declared, one <trace> per case (concept:name), each event with
 * concept:name, time:timestamp, org:resource and a <string> per attribute
 * that has a value. &, <, >, " are escaped; tab, LF and CR as character
 * references (so attribute-value normalisation keeps them); characters XML
 * 1.0 does not allow (other C0 controls, U+FFFE, U+FFFF) and bytes that are
 * not UTF-8 become U+FFFD and are counted in stats->replaced.
 * Times are ISO 8601 with the offset tz_offset_min ("+01:00"), milliseconds
 * when not zero. Returns 0, or -1 with err set on a write error.
 */
int export_log(const struct event_log *log, const struct selection *sel,
               const struct export_opts *o, FILE *f, struct export_stats *stats,
               struct cf_error *err);

/* ms as "YYYY-MM-DDTHH:MM:SS[.mmm]+hh:mm" at offset off_min. */
void export_format_time(int64_t ms, int off_min, char *buf, size_t size);

#endif

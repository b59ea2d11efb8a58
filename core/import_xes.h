/* XES import (the IEEE process-mining standard, plain or gzip): streamed, no XML library. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_IMPORT_XES_H
#define CF_IMPORT_XES_H

#include <stdbool.h>
#include <stddef.h>

#include "eventlog.h"
#include "import_csv.h"
#include "util.h"

/*
 * Load an XES log from path ("-" = stdin; gzip read transparently). Roles:
 * case id = the trace's concept:name, activity = the event's concept:name,
 * timestamp = time:timestamp, resource = org:resource; opts may name other keys
 * (case_col a trace key; activity_col one or more event keys joined with '+';
 * XES keys may be written with '_' for ':' and "activity" for concept:name, as
 * in CSV exports). Every other event attribute becomes an attribute column named
 * with ':' turned into '_'; trace attributes follow (prefixed "case_" where an
 * event attribute has the same name). Events lacking a case id, activity or
 * valid timestamp are rejected and counted like CSV rows, by the line of their
 * <event> tag. Returns NULL with err (file, line, reason) for malformed XML,
 * a file that is not XES, or no events.
 */
struct event_log *import_xes(const char *path, const struct import_opts *opts,
                             struct cf_error *err);

/* The same from memory. */
struct event_log *import_xes_buffer(const char *name, const char *data, size_t len,
                                    const struct import_opts *opts, struct cf_error *err);

/* True when path names an XES file: by its name (.xes, .xes.gz) or, for a
 * regular file, when its (decompressed) content starts with '<'. */
bool import_is_xes(const char *path);

#endif

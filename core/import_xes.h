/* XES import (the IEEE process-mining standard, plain or gzip): streamed through expat. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_IMPORT_XES_H
#define CF_IMPORT_XES_H

#include <stdbool.h>
#include <stddef.h>

#include "eventlog.h"
#include "import_csv.h"
#include "util.h"

/*
 * Load an XES log from path ("-" = stdin; gzip read transparently), parsed by
 * expat in chunks: memory is the log plus one trace. Declared encodings (UTF-8,
 * UTF-16, ISO-8859-1, US-ASCII, windows-1252) are read; element names may carry
 * a namespace prefix (<xes:log>). Roles: case id = the trace's concept:name,
 * activity = the event's concept:name, timestamp = time:timestamp, resource =
 * org:resource; opts may name other keys (case_col a trace key; activity_col one
 * or more event keys, comma-separated, values joined with '+'; XES keys may be
 * written with '_' for ':' and "activity" for concept:name, as in CSV exports),
 * or opts->classifier the name of one of the log's <classifier>s whose keys then
 * give the activity (an error if the log has none of that name; an error with
 * activity_col too). The log keeps its classifiers (log->classifiers) and, when
 * the first declared one is not what named the activities, a note saying so.
 * Every other event attribute becomes an attribute column named by its key with
 * ':' turned into '_', whatever its length; attributes nested in <list>,
 * <container> or another attribute are flattened as "key.child" (a key
 * repeated within one event, as list items are, keeps every value, joined with
 * ", "); trace attributes follow (prefixed "case_" where an event attribute has
 * the same name). Log attributes and <global> defaults are not event data.
 * Events lacking a case id, activity or valid timestamp are rejected and
 * counted like CSV rows, by the line of their <event> tag (events outside a
 * trace too). Returns NULL with err (file, line: reason, with expat's message)
 * for malformed XML, entity declarations beyond expat's amplification limit,
 * external entities, a file that is not XES, or no events.
 */
struct event_log *import_xes(const char *path, const struct import_opts *opts,
                             struct cf_error *err);

/* The same from memory. */
struct event_log *import_xes_buffer(const char *name, const char *data, size_t len,
                                    const struct import_opts *opts, struct cf_error *err);

/* True when the first bytes of a stream (raw: gzip is inflated here) look like
 * XML: after a BOM and blanks, '<'. For stdin and FIFOs, sniffed by content. */
bool import_xes_sniff(const void *head, size_t n);

/* True when path names an XES file: by its name (.xes, .xes.gz) or, for a
 * regular file, when its (decompressed) content starts with '<'. */
bool import_is_xes(const char *path);

#endif

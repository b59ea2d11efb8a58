/* Snapshot files: a loaded log's columns, string pools, cases and variants, memory-mapped on open.
 */
/* SPDX-License-Identifier: MIT */
#ifndef CF_SNAPSHOT_H
#define CF_SNAPSHOT_H

#include <stdbool.h>

#include "eventlog.h"
#include "util.h"

/*
 * File layout (native byte order, which the header records and the reader
 * checks): a 64-byte header (magic "CFSNAP\0\1", format version, byte-order
 * mark, sizes of the host's size_t and of struct import_report, number of
 * sections, checksum of the section table), the section table, then the
 * sections, each 64-byte aligned and with its own 64-bit checksum. Event
 * columns, case offsets and variant arrays are mapped in place; string pools
 * are re-interned (their ids are checked to come out as stored).
 */

/* 2: sparse attribute columns; 3: per-case attribute columns. A new version: remake
 * tests/fuzz/corpus/snapshot/ (see tests/snapshot.sh, which checks that its seeds open). */
#define SNAPSHOT_VERSION 3

/* Whether the file at path starts with the snapshot magic (false for "-" and
 * anything unreadable). */
bool snapshot_is(const char *path);

/*
 * Write log to path (through a temporary file renamed into place, so a
 * reader never sees half a snapshot). Returns 0, or -1 with err set (I/O).
 */
int snapshot_write(const struct event_log *log, const char *path, struct cf_error *err);

/*
 * Open a snapshot: every checksum is verified (reading through a small buffer,
 * so the check does not keep the file resident) and every id and offset is
 * checked against its range before the log is handed out. A file of another
 * version, another byte order or build, a truncated or damaged one is refused
 * with a message naming the reason. Returns the log (free with eventlog_free,
 * which unmaps it) or NULL with err set.
 */
struct event_log *snapshot_open(const char *path, struct cf_error *err);

/*
 * For the fuzz target only: with on false the checksums are not compared, so that
 * mutated files reach the range checks, which are what keeps a crafted file (one
 * with correct checksums: they are not a signature) from misleading an analysis.
 */
void snapshot_check_sums(bool on);

#endif

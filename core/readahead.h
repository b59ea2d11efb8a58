/* Decompressing a gzip file on a second thread while the importer parses what is ready. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_READAHEAD_H
#define CF_READAHEAD_H

#include <stddef.h>
#include <zlib.h>

/*
 * A reader thread that fills a few chunk-sized buffers from gz (gzread) ahead of
 * the caller, so that inflating and parsing use two cores. Only for regular
 * files: the thread must never block for long in read(2), since stopping it waits
 * for its current read. The thread blocks every signal; they reach the caller's
 * thread as before. gz belongs to the caller (close it after readahead_stop).
 */
struct readahead;

struct readahead *readahead_start(gzFile gz, size_t chunk);

/* The next chunk, in file order: 1 with *data and *len (valid until the next
 * call), 0 at the end, -1 with msg set ("cannot read: ...") after every chunk
 * read before the error has been handed out. */
int readahead_next(struct readahead *r, const unsigned char **data, size_t *len, char *msg,
                   size_t msz);

/* Compressed bytes the thread has consumed so far (progress). */
size_t readahead_offset(struct readahead *r);

/* Stop the thread (it finishes its current read) and free r. NULL is fine. */
void readahead_stop(struct readahead *r);

#endif

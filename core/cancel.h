/* Cancelling long analyses from another thread: a per-thread flag that long loops poll. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_CANCEL_H
#define CF_CANCEL_H

#include <stdatomic.h>
#include <stdbool.h>

/*
 * Make flag (NULL: none) the calling thread's cancel flag: while it is set
 * (non-zero), cf_cancelled() on this thread returns true. The explorer's
 * worker sets it around each job; nothing else needs to. The flag must
 * outlive its use on the thread.
 */
void cf_cancel_attach(const atomic_int *flag);

/*
 * Whether the calling thread's work has been cancelled. Long loops of core
 * analyses poll it (every few thousand steps) and stop early; a stopped
 * analysis returns a consistent but partial result (or an error saying
 * "cancelled"), which the caller throws away. Always false without a flag.
 */
bool cf_cancelled(void);

#endif

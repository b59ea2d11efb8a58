/* The explorer's background thread: analyses run there, results come back to the loop. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_WORKER_H
#define CF_WORKER_H

#include <stdatomic.h>
#include <stdbool.h>

/*
 * A job: embed it as the first member of a struct holding the inputs (copies:
 * the main thread goes on changing its own state) and the result. run() works
 * on the worker thread and must not touch curses or the app; done() and
 * free() run on the thread that calls worker_collect (the loop's).
 */
struct worker_job {
    int slot; /* at most one live job per slot: submitting cancels the older one */
    void (*run)(struct worker_job *j);
    /* The result is wanted: install it (not called for a cancelled job). */
    void (*done)(struct worker_job *j, void *ud);
    /* Free the job and whatever it still owns (always called, once). */
    void (*free)(struct worker_job *j);
    atomic_int cancel; /* set when the job went stale; core loops poll it (cancel.h) */
    struct worker_job *next;
};

/*
 * Start the thread. CASEFLOW_TEST_WORKER_DELAY_MS (tests only) makes each job
 * wait that long before it runs (cancellable), so that a screen test can see
 * the explorer while work is pending. When the thread cannot start, jobs run
 * at once inside worker_submit. Returns 0, or -1 (then the inline mode).
 */
int worker_start(void);

/* Cancel everything, wait for the thread and free every job. */
void worker_stop(void);

/* Queue j (taken over); the live job of the same slot, queued or running, is cancelled. */
void worker_submit(struct worker_job *j);

/* Cancel the live job of slot (if any): its done() will not be called. */
void worker_cancel(int slot);

/* Whether a job of slot is queued or running and not cancelled. */
bool worker_pending(int slot);

/* Whether any job is queued or running (the loop then polls for results). */
bool worker_busy(void);

/*
 * Deliver the finished jobs: done(j, ud) for those not cancelled, in the order
 * they finished, then free(j). Returns the number of done() calls.
 */
int worker_collect(void *ud);

#endif

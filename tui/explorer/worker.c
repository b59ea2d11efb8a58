/* The explorer's background thread: analyses run there, results come back to the loop. */
/* SPDX-License-Identifier: MIT */
#include "worker.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>

#include "cancel.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static pthread_t thread;
static bool running, stopping;
static struct worker_job *queue, *queue_tail; /* waiting, oldest first */
static struct worker_job *current;            /* on the thread now */
static struct worker_job *finished, *finished_tail;
static long delay_ms; /* CASEFLOW_TEST_WORKER_DELAY_MS */

static void
append(struct worker_job **head, struct worker_job **tail, struct worker_job *j)
{
    j->next = NULL;
    if (*tail != NULL)
        (*tail)->next = j;
    else
        *head = j;
    *tail = j;
}

/* The test delay, in small steps so that a cancel ends it early. */
static void
test_delay(struct worker_job *j)
{
    for (long left = delay_ms; left > 0 && !atomic_load(&j->cancel); left -= 5) {
        struct timespec ts = {0, (left < 5 ? left : 5) * 1000000L};
        while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
        }
    }
}

static void
run_job(struct worker_job *j)
{
    if (delay_ms > 0)
        test_delay(j);
    if (atomic_load(&j->cancel))
        return;
    cf_cancel_attach(&j->cancel);
    j->run(j);
    cf_cancel_attach(NULL);
}

static void *
thread_main(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&lock);
    for (;;) {
        while (queue == NULL && !stopping)
            pthread_cond_wait(&wake, &lock);
        if (stopping)
            break;
        struct worker_job *j = queue;
        queue = j->next;
        if (queue == NULL)
            queue_tail = NULL;
        current = j;
        pthread_mutex_unlock(&lock);
        run_job(j);
        pthread_mutex_lock(&lock);
        current = NULL;
        append(&finished, &finished_tail, j);
    }
    pthread_mutex_unlock(&lock);
    return NULL;
}

int
worker_start(void)
{
    const char *d = getenv("CASEFLOW_TEST_WORKER_DELAY_MS");
    delay_ms = d != NULL ? strtol(d, NULL, 10) : 0;
    if (delay_ms < 0 || delay_ms > 60000)
        delay_ms = 0;
    stopping = false;
    /* Signals (^C, resize) must reach the main thread, whose reads they interrupt: the
     * worker starts with every signal blocked. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    running = pthread_create(&thread, NULL, thread_main, NULL) == 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return running ? 0 : -1;
}

static void
free_list(struct worker_job *j)
{
    while (j != NULL) {
        struct worker_job *next = j->next;
        j->free(j);
        j = next;
    }
}

void
worker_stop(void)
{
    pthread_mutex_lock(&lock);
    for (struct worker_job *j = queue; j != NULL; j = j->next)
        atomic_store(&j->cancel, 1);
    if (current != NULL)
        atomic_store(&current->cancel, 1);
    stopping = true;
    pthread_cond_signal(&wake);
    pthread_mutex_unlock(&lock);
    if (running)
        pthread_join(thread, NULL);
    running = false;
    free_list(queue);
    free_list(finished);
    queue = queue_tail = finished = finished_tail = NULL;
}

/* Cancel the live job of slot; the lock is held. */
static void
cancel_slot(int slot)
{
    for (struct worker_job *j = queue; j != NULL; j = j->next)
        if (j->slot == slot)
            atomic_store(&j->cancel, 1);
    if (current != NULL && current->slot == slot)
        atomic_store(&current->cancel, 1);
    for (struct worker_job *j = finished; j != NULL; j = j->next)
        if (j->slot == slot) /* done but not yet delivered: stale all the same */
            atomic_store(&j->cancel, 1);
}

void
worker_submit(struct worker_job *j)
{
    atomic_init(&j->cancel, 0);
    pthread_mutex_lock(&lock);
    cancel_slot(j->slot);
    if (!running) { /* no thread: do it now, deliver at the next collect */
        pthread_mutex_unlock(&lock);
        run_job(j);
        pthread_mutex_lock(&lock);
        append(&finished, &finished_tail, j);
    } else {
        append(&queue, &queue_tail, j);
        pthread_cond_signal(&wake);
    }
    pthread_mutex_unlock(&lock);
}

void
worker_cancel(int slot)
{
    pthread_mutex_lock(&lock);
    cancel_slot(slot);
    pthread_mutex_unlock(&lock);
}

bool
worker_pending(int slot)
{
    bool found = false;
    pthread_mutex_lock(&lock);
    for (struct worker_job *j = queue; j != NULL && !found; j = j->next)
        found = j->slot == slot && !atomic_load(&j->cancel);
    if (current != NULL && current->slot == slot && !atomic_load(&current->cancel))
        found = true;
    for (struct worker_job *j = finished; j != NULL && !found; j = j->next)
        found = j->slot == slot && !atomic_load(&j->cancel);
    pthread_mutex_unlock(&lock);
    return found;
}

bool
worker_busy(void)
{
    pthread_mutex_lock(&lock);
    bool busy = queue != NULL || current != NULL || finished != NULL;
    pthread_mutex_unlock(&lock);
    return busy;
}

int
worker_collect(void *ud)
{
    pthread_mutex_lock(&lock);
    struct worker_job *j = finished;
    finished = finished_tail = NULL;
    pthread_mutex_unlock(&lock);
    int n = 0;
    while (j != NULL) {
        struct worker_job *next = j->next;
        if (!atomic_load(&j->cancel)) {
            j->done(j, ud);
            n++;
        }
        j->free(j);
        j = next;
    }
    return n;
}

/* Decompressing a gzip file on a second thread while the importer parses what is ready. */
/* SPDX-License-Identifier: MIT */
#include "readahead.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Buffers in the ring: one the caller holds, the rest filled ahead. */
#define RA_SLOTS 4

struct readahead {
    gzFile gz;
    size_t chunk;
    unsigned char *buf[RA_SLOTS];
    size_t len[RA_SLOTS];
    int head, count; /* filled slots: head .. head+count-1 (mod RA_SLOTS) */
    int held;        /* the slot the caller reads, or -1 */
    bool done, failed, stop, started;
    char msg[256];
    size_t offset;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t thread;
};

/* gzread's error as the importer words it: zlib prefixes the path ("<fd:3>: ..."). */
static void
read_error(struct readahead *r, char *msg, size_t msz)
{
    int errnum = Z_OK;
    const char *zmsg = gzerror(r->gz, &errnum);
    const char *colon = zmsg ? strstr(zmsg, ": ") : NULL;
    if (colon != NULL)
        zmsg = colon + 2;
    snprintf(msg, msz, "cannot read: %s",
             errnum == Z_ERRNO ? strerror(errno) : (zmsg && *zmsg ? zmsg : "gzip error"));
}

static void *
reader(void *arg)
{
    struct readahead *r = arg;
    pthread_mutex_lock(&r->mu);
    for (;;) {
        while (!r->stop && r->count + (r->held >= 0) >= RA_SLOTS)
            pthread_cond_wait(&r->cv, &r->mu);
        if (r->stop)
            break;
        int slot = (r->head + r->count) % RA_SLOTS;
        pthread_mutex_unlock(&r->mu);
        /* The slot is ours until count covers it: read without the lock. */
        int n = gzread(r->gz, r->buf[slot], (unsigned)r->chunk);
        int errnum = Z_OK;
        gzerror(r->gz, &errnum);
        char msg[sizeof r->msg] = "";
        bool bad = n < 0 || (n == 0 && errnum != Z_OK);
        if (bad)
            read_error(r, msg, sizeof msg);
        z_off_t off = gzoffset(r->gz);
        pthread_mutex_lock(&r->mu);
        r->offset = off > 0 ? (size_t)off : 0;
        if (bad) {
            r->failed = true;
            memcpy(r->msg, msg, sizeof msg);
        } else if (n == 0) {
            r->done = true;
        } else {
            r->len[slot] = (size_t)n;
            r->count++;
        }
        pthread_cond_broadcast(&r->cv);
        if (r->failed || r->done)
            break;
    }
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

struct readahead *
readahead_start(gzFile gz, size_t chunk)
{
    struct readahead *r = xcalloc(1, sizeof *r);
    r->gz = gz;
    r->chunk = chunk;
    r->held = -1;
    for (int i = 0; i < RA_SLOTS; i++)
        r->buf[i] = xmalloc(chunk);
    pthread_mutex_init(&r->mu, NULL);
    pthread_cond_init(&r->cv, NULL);
    /* The thread is born with every signal blocked: handlers run on the caller's. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = pthread_create(&r->thread, NULL, reader, r);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        readahead_stop(r);
        return NULL;
    }
    r->started = true;
    return r;
}

int
readahead_next(struct readahead *r, const unsigned char **data, size_t *len, char *msg, size_t msz)
{
    pthread_mutex_lock(&r->mu);
    if (r->held >= 0) {
        r->held = -1;
        pthread_cond_broadcast(&r->cv);
    }
    while (r->count == 0 && !r->done && !r->failed)
        pthread_cond_wait(&r->cv, &r->mu);
    int rc = 0;
    if (r->count > 0) {
        int slot = r->head;
        r->head = (r->head + 1) % RA_SLOTS;
        r->count--;
        r->held = slot;
        *data = r->buf[slot];
        *len = r->len[slot];
        rc = 1;
    } else if (r->failed) {
        snprintf(msg, msz, "%s", r->msg);
        rc = -1;
    }
    pthread_mutex_unlock(&r->mu);
    return rc;
}

size_t
readahead_offset(struct readahead *r)
{
    pthread_mutex_lock(&r->mu);
    size_t o = r->offset;
    pthread_mutex_unlock(&r->mu);
    return o;
}

void
readahead_stop(struct readahead *r)
{
    if (r == NULL)
        return;
    if (r->started) {
        pthread_mutex_lock(&r->mu);
        r->stop = true;
        pthread_cond_broadcast(&r->cv);
        pthread_mutex_unlock(&r->mu);
        pthread_join(r->thread, NULL);
    }
    pthread_cond_destroy(&r->cv);
    pthread_mutex_destroy(&r->mu);
    for (int i = 0; i < RA_SLOTS; i++)
        free(r->buf[i]);
    free(r);
}

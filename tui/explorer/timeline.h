/* A case's timeline: its events one per row, opened with Enter from Cases and Outlook. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_TIMELINE_H
#define CF_TIMELINE_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"

struct timeline {
    const struct event_log *log;
    bool open; /* the timeline of case c is shown instead of the view's list */
    size_t c;
    struct listw list;
};

void timeline_init(struct timeline *t, const struct event_log *log);
void timeline_free(struct timeline *t);

/* Show case c's events, the first selected. */
void timeline_open(struct timeline *t, size_t c);

/* Close it when the selection no longer holds its case. */
void timeline_follow(struct timeline *t, const struct selection *sel);

/* The case's line, its events and the selected event's attributes (in rows x cols). */
void timeline_draw(struct timeline *t, WINDOW *w, int rows, int cols);

/* While open: q (ACT_BACK) closes it, the list keys move in it; else APP_PASS. */
int timeline_key(struct timeline *t, enum action act);

#endif

/* Dead ends: where cases stop, which ends are accepted outcomes, and the open cases left over. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_DEADENDS_H
#define CF_DEADENDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eventlog.h"
#include "selection.h"

/*
 * Without a given list, an activity is inferred to be an accepted end when it
 * is the last activity of at least DEADENDS_MIN_EXIT_RATE of the selected cases
 * that contain it, and of at least DEADENDS_MIN_END_SHARE of all selected cases.
 */
#define DEADENDS_MIN_EXIT_RATE 0.9
#define DEADENDS_MIN_END_SHARE 0.01

struct deadend_activity {
    uint32_t activity;
    bool accepted;           /* an accepted end activity */
    size_t cases_reached;    /* selected cases containing it */
    size_t cases_ended;      /* ... whose last activity it is */
    double exit_rate;        /* cases_ended / cases_reached */
    double completion_after; /* share of cases_reached with an accepted end activity at or
                                after its first occurrence (1 for an accepted end itself) */
};

/* Open cases (last activity not an accepted end) that stopped at one activity. */
struct deadend_open {
    uint32_t activity;
    size_t cases;
    double age_median_ms; /* age = the log's last event time minus the case's last event time */
    int64_t age_max_ms;
};

struct deadends {
    size_t n_accepted;
    uint32_t *accepted; /* accepted end activities, by name */
    bool inferred;      /* accepted ends were inferred by the rule above */
    size_t cases;       /* selected cases */

    size_t n_activities;
    struct deadend_activity *activities; /* non-accepted first, by exit_rate desc, cases_ended
                                            desc, name; then accepted ends by cases_ended desc */
    size_t open_count;                   /* selected cases whose last activity is not accepted */
    double age_median_ms;                /* over all open cases (0 when none) */
    int64_t age_max_ms;
    size_t n_open;
    struct deadend_open *open; /* by last activity: cases desc, name */
};

/*
 * Fill out over the selected cases (sel NULL = all). ends (n_ends ids) are the
 * accepted end activities; NULL infers them by the rule above (possibly none:
 * then every case is open). Never fails; free with deadends_clear.
 */
void deadends_build(const struct event_log *log, const struct selection *sel, const uint32_t *ends,
                    size_t n_ends, struct deadends *out);
void deadends_clear(struct deadends *d);

#endif

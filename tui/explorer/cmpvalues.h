/* The Compare view's drill-down into the attribute values that differ most between A and B. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_CMPVALUES_H
#define CF_CMPVALUES_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "attrstats.h"

struct cmpval_row;

/* The drill-down's state, embedded in the Compare view (zeroed: closed). */
struct cmpvals {
    bool open;
    unsigned long gen; /* the selection it was built for */
    char *what;        /* "the 1,234 cases through Proposal > Negotiation" */
    size_t cases_a, cases_b;
    struct cmpval_row *rows;
    size_t n;
    struct listw list;
};

/*
 * Build and open the table for the cases of `cases` that are in exactly one of
 * the app's segments (a->cmp.sa, sb, up to date): for every attribute value or
 * bucket (the resource column too, the outcome's own attribute left out) its
 * share of A's cases and of B's, the difference, attrstats' lift and p-value with
 * A as the outcome; rows by the size of the difference. what says which cases
 * (copied).
 */
void cmpvals_open(struct cmpvals *cv, struct app *a, const struct selection *cases,
                  const char *what);
/* Draw it in rows x cols of w. */
void cmpvals_draw(struct cmpvals *cv, struct app *a, WINDOW *w, int rows, int cols);
/* q/Esc close it; Enter filters to the selected value (and closes it). APP_* flags;
 * APP_PASS for what it does not take. */
int cmpvals_key(struct cmpvals *cv, struct app *a, enum action act);
struct listw *cmpvals_list(struct cmpvals *cv);
/* Free the rows and close. */
void cmpvals_clear(struct cmpvals *cv);

/*
 * Push the filter to the cases with attribute name (or "resource") at the group
 * label (text), or within [lo, hi] (numbers; dates as ms; lo_open: (lo, hi], as
 * attrstats' buckets after the first are). Returns APP_* flags.
 */
int cmpvals_filter(struct app *a, const char *name, enum attr_type type, const char *label,
                   double lo, double hi, bool lo_open);

#endif

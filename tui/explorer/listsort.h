/* Sort keys of list cells: numbers, shares and durations read from their text, and their order. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_LISTSORT_H
#define CF_LISTSORT_H

#include <stdbool.h>
#include <stddef.h>

/* One row's key, computed once per sort. */
struct listsort_key {
    size_t row;   /* the view's row: ties keep this order */
    double num;   /* when text is NULL */
    char *text;   /* compared case-insensitively; NULL for a number */
    bool missing; /* an empty cell: last in either direction */
};

/*
 * Read a cell as a number for sorting: "1,234", "-3.5", "12.5%" (12.5), durations as
 * the views write them ("3d 4h", "2m 45s", "500ms", "+1h 2m", "1y 3d", "2w") in
 * seconds. Leading and trailing spaces are allowed. Returns false (*out untouched)
 * for anything else ("<=4h", "12 cases", "1,23", "").
 */
bool listsort_number(const char *s, double *out);

/* Whether a cell counts as empty: blanks, "-", an en or em dash. */
bool listsort_missing(const char *s);

/*
 * Sort k[0..n): missing keys last, then by number or text (a column is one or the
 * other: do not mix), descending if desc; equal keys by row. O(n log n).
 */
void listsort_sort(struct listsort_key *k, size_t n, bool desc);

#endif

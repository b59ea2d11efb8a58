/* Timestamp parsing: ISO 8601, common date-times, epochs, DD/MM vs MM/DD, strptime. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_TIMEPARSE_H
#define CF_TIMEPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Days since 1970-01-01 of a proleptic Gregorian date (no range check). */
int64_t timeparse_days_from_civil(int64_t y, unsigned m, unsigned d);

/* Format ms since the epoch as ISO 8601 UTC "YYYY-MM-DDTHH:MM:SS[.mmm]Z". */
void timeparse_format_iso(int64_t ms, char *buf, size_t size);

/* Days in month m (1-12) of year y, leap years included; 0 for a bad month. */
unsigned timeparse_days_in_month(int64_t y, unsigned m);

/* How NN/NN/YYYY dates are read. */
enum timeparse_order { TIMEPARSE_ORDER_UNKNOWN, TIMEPARSE_ORDER_DMY, TIMEPARSE_ORDER_MDY };

/* What timeparse_auto recognised. */
enum timeparse_kind {
    TIMEPARSE_BAD,      /* not a timestamp it knows, or a field out of range */
    TIMEPARSE_EMPTY,    /* empty or only blanks */
    TIMEPARSE_ISO,      /* YYYY-MM-DD[(T| )HH:MM[:SS[.f]]] (also / or .) with Z or an offset */
    TIMEPARSE_NAIVE,    /* the same without a zone: read as UTC */
    TIMEPARSE_EPOCH_S,  /* all digits (optional fraction), seconds of 1990..2100 */
    TIMEPARSE_EPOCH_MS, /* milliseconds of 1990..2100 */
    TIMEPARSE_EPOCH_US, /* microseconds of 1990..2100 */
    TIMEPARSE_EPOCH_NS, /* nanoseconds of 1990..2100 */
    TIMEPARSE_NUMERIC,  /* NN/NN/YYYY (or - .) [time]: day and month order unknown */
    TIMEPARSE_COMPACT,  /* YYYYMMDD[hhmm[ss]], read as UTC */
    TIMEPARSE_SERIAL,   /* an Excel serial day (days since 1899-12-30) of 1990..2100, UTC */
    TIMEPARSE__COUNT
};

/*
 * The outcome of timeparse_auto. ms is the time (UTC ms) for every kind but
 * BAD, EMPTY and NUMERIC. For NUMERIC, dmy_ok/dmy_ms hold the time read as
 * DD/MM/YYYY and mdy_ok/mdy_ms as MM/DD/YYYY, each only when that reading is a
 * valid date; the caller decides the order (timeparse_resolve).
 */
struct timeparse_result {
    enum timeparse_kind kind;
    int64_t ms;
    bool dmy_ok, mdy_ok;
    int64_t dmy_ms, mdy_ms;
};

/*
 * Parse the n bytes at s (need not be NUL-terminated; leading and trailing
 * blanks ignored) without strptime: fast enough for millions of rows. Accepts
 *   ISO 8601 dates and date-times, 'T' or space between, fractions of any
 *   length (kept to the millisecond, truncated), Z / +hh:mm / +hhmm / +hh
 *   offsets (also after a space, and "UTC"/"GMT"), 24:00:00, a leap second 60;
 *   YYYY/MM/DD and YYYY.MM.DD likewise;
 *   epoch seconds / milliseconds / micro / nanoseconds (all digits), only
 *   when the time is plausible (1990..2100; other digit strings are BAD);
 *   YYYYMMDD[hhmm[ss]] and Excel serial days (see parse_epoch in the .c:
 *   the importer takes them only when a column's first timestamp has the form);
 *   DD/MM/YYYY or MM/DD/YYYY (separator / - or ., two-digit years read as
 *   1969-2068 like POSIX %y), time optionally with AM/PM.
 * Always fills r; r->kind says what was found.
 */
void timeparse_auto(const char *s, size_t n, struct timeparse_result *r);

/*
 * The time of a parsed value under a date order: 0 and *ms, or -1 when the
 * value is bad or empty, is NUMERIC and invalid in that order, or is NUMERIC
 * with order UNKNOWN and its two readings differ.
 */
int timeparse_resolve(const struct timeparse_result *r, enum timeparse_order order, int64_t *ms);

/*
 * Parse the NUL-terminated s with a strptime(3) format. Extras: "%f" reads a
 * fraction of a second (any number of digits), "%z" an offset (+hh:mm, +hhmm,
 * +hh or Z, glibc). Without %z the time is UTC. Leading and trailing blanks are
 * ignored; the whole string must match. Returns 0 and *ms, or -1.
 */
int timeparse_strptime(const char *s, const char *fmt, int64_t *ms);

/*
 * Convenience for dates typed by people (filters): timeparse_auto on the
 * NUL-terminated s, NN/NN/YYYY read in order (UNKNOWN accepts such a date only
 * when both readings agree). Returns 0 and *ms, or -1.
 */
int timeparse_string(const char *s, enum timeparse_order order, int64_t *ms);

#endif

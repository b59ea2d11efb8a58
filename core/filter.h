/* The filter stack: filters on paths, ids, attributes, dates, variants, durations, activities. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_FILTER_H
#define CF_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eventlog.h"
#include "selection.h"
#include "util.h"

/*
 * A filter is bound to the log it was made for (names are resolved to ids at
 * construction) and selects a set of that log's cases; inverted, the
 * complement. Constructors validate their input and return NULL with err set
 * (for a bad regex: PCRE2's message and the offset, "missing closing
 * parenthesis at offset 7"); free with filter_free (accepts NULL).
 *
 * Regexes are PCRE2 with PCRE2_UTF | PCRE2_MATCH_INVALID_UTF (invalid UTF-8 in
 * the data never fails a match, it just cannot match a character), JIT-compiled
 * when the library has a JIT, and matched under a match, depth and heap limit:
 * a pathological pattern makes filter_apply fail with "regex too complex: match
 * limit exceeded on case X" instead of hanging.
 */
struct filter;

enum filter_kind {
    FILTER_PATH,     /* activities joined by " > " match a regex */
    FILTER_CASE_ID,  /* the case id matches a regex */
    FILTER_ATTR,     /* some event's attribute matches a regex or equals a value */
    FILTER_DATE,     /* time range, contained or intersecting */
    FILTER_VARIANT,  /* the N-th most frequent variant of the cases selected so far */
    FILTER_DURATION, /* case duration within [min, max] */
    FILTER_STARTS,   /* first activity is A */
    FILTER_ENDS,     /* last activity is A */
    FILTER_FOLLOWS,  /* A eventually followed by B */
    FILTER_COMPARE,  /* some event's attribute, as a number or date, compares with a bound */
    FILTER_BETWEEN,  /* the time from the first A to the first B after it is within bounds */
};

/* Regex flags for the regex constructors. */
#define FILTER_CASELESS 1u

/* How a date filter relates a case's [first, last] event times to the range. */
enum filter_range {
    FILTER_RANGE_INTERSECTING, /* some part of the case lies in the range (the default) */
    FILTER_RANGE_CONTAINED,    /* the whole case lies in the range */
};

/* The separator between activities in the path that FILTER_PATH matches. */
#define FILTER_PATH_SEP " > "

/* Cases whose path (activity names joined by " > ") matches re. */
struct filter *filter_new_path(const struct event_log *log, const char *re, unsigned flags,
                               struct cf_error *err);
/* Cases whose id matches re. */
struct filter *filter_new_case_id(const struct event_log *log, const char *re, unsigned flags,
                                  struct cf_error *err);
/*
 * Cases with at least one event whose attribute attr matches re (regex) or is
 * exactly value (equality). attr is an attribute column name, or "resource" /
 * the log's resource header name for the resource column. A missing value is
 * the empty string. An unknown attr fails, listing the available names.
 */
struct filter *filter_new_attr_regex(const struct event_log *log, const char *attr, const char *re,
                                     unsigned flags, struct cf_error *err);
struct filter *filter_new_attr_equals(const struct event_log *log, const char *attr,
                                      const char *value, struct cf_error *err);
/*
 * Parse an --where argument into the matching filter, split at the first of
 * '~' '=' '<' '>' '!':
 *   ATTR~REGEX, ATTR=VALUE (text equality), ATTR!=VALUE (NOT ATTR=VALUE);
 *   ATTR>X, >=, <, <= and ATTR=LO..HI (inclusive): X a number or a date
 *   (filter_parse_date; a date alone compares by whole days: "<=2025-01-01"
 *   includes that day, "<2025-01-01" does not). A case matches when one of its
 *   events has a value that parses (numbers with strtod, dates as ISO 8601) and
 *   compares; a value that does not parse never matches, and filter_unparsed
 *   counts the cases that had one (and no matching value) in the last apply.
 */
struct filter *filter_new_where(const struct event_log *log, const char *spec,
                                struct cf_error *err);
/*
 * Cases related to the time range [from_ms, to_ms] (both inclusive;
 * CF_TIME_NONE for an open end) as mode says. Fails if from > to.
 */
struct filter *filter_new_date(const struct event_log *log, int64_t from_ms, int64_t to_ms,
                               enum filter_range mode, struct cf_error *err);
/*
 * Cases of the rank-th (1-based) most frequent variant among the cases that
 * are selected when the filter is applied (variants ordered as variants_build
 * orders them). Fails if rank is 0 or exceeds the log's variant count.
 */
struct filter *filter_new_variant(const struct event_log *log, size_t rank, struct cf_error *err);
/* Cases of variant id v (an id of the log, as in struct variant_stat). */
struct filter *filter_new_variant_id(const struct event_log *log, uint32_t v, struct cf_error *err);
/* Cases whose duration is within [min_ms, max_ms]; -1 for an open end. */
struct filter *filter_new_duration(const struct event_log *log, int64_t min_ms, int64_t max_ms,
                                   struct cf_error *err);
/* Cases starting / ending with activity name. Unknown names fail. */
struct filter *filter_new_starts_with(const struct event_log *log, const char *name,
                                      struct cf_error *err);
struct filter *filter_new_ends_with(const struct event_log *log, const char *name,
                                    struct cf_error *err);
/* Cases where an event of a is followed, later in the case, by an event of b. */
struct filter *filter_new_follows(const struct event_log *log, const char *a, const char *b,
                                  struct cf_error *err);

/*
 * Cases where the time from the first a to the first b after it (between.h)
 * is at least min_ms and at most max_ms (-1 for an open end). Unknown names
 * fail; so does min > max.
 */
struct filter *filter_new_between(const struct event_log *log, const char *a, const char *b,
                                  int64_t min_ms, int64_t max_ms, struct cf_error *err);

/* FILTER_COMPARE: the cases of its last filter_apply that had a value that does not
 * parse as a number (or date) and no matching value; 0 for other kinds. */
size_t filter_unparsed(const struct filter *f);

void filter_free(struct filter *f);

enum filter_kind filter_kind(const struct filter *f);
/* Negate (or un-negate) the filter; its description follows. */
void filter_set_invert(struct filter *f, bool invert);
bool filter_inverted(const struct filter *f);

/* Regex steps a run of a regex filter may spend beyond each match's free
 * allowance (linear in the subject's length); see filter.c. */
#define FILTER_RUN_BUDGET 30000000u
/* Set that budget (tests use a small one); FILTER_RUN_BUDGET by default. */
void filter_set_budget(struct filter *f, uint64_t steps);
/* For a status line: "path ~ /Demo.*Proposal/", "NOT ends with Closed Lost". Owned by f. */
const char *filter_describe(const struct filter *f);

/*
 * sel &= the cases f selects (of the log f was made for; sel ranges over its
 * cases). Returns 0, or -1 with err set when a regex hits its match limit on
 * one case or spends the run's budget ("regex too costly: ..."); sel
 * is then unchanged. Never prints. A regex filter keeps its match scratch space
 * inside f: do not apply the same filter from two threads at once.
 */
int filter_apply(const struct filter *f, const struct event_log *log, struct selection *sel,
                 struct cf_error *err);

/* A stack of filters, all of which must hold: what the TUI's `u` pops. */
struct filter_stack {
    size_t n, cap;
    struct filter **items; /* bottom first */
};

void filter_stack_init(struct filter_stack *s);
/* Free every filter and the stack's storage; the stack is empty afterwards. */
void filter_stack_clear(struct filter_stack *s);
/* Push f; the stack owns it from now on. */
void filter_stack_push(struct filter_stack *s, struct filter *f);
/* Remove the top filter and hand it back (the caller frees it); NULL if empty. */
struct filter *filter_stack_pop(struct filter_stack *s);
/*
 * Select every case, then apply the filters bottom to top. Returns 0, or -1
 * with err set by the filter that failed (sel then holds the filters below it).
 */
int filter_stack_apply(const struct filter_stack *s, const struct event_log *log,
                       struct selection *sel, struct cf_error *err);
/* The filters' descriptions joined by ", " into buf ("" when empty). */
void filter_stack_describe(const struct filter_stack *s, char *buf, size_t size);

/*
 * Parse a date for --from / --to with timeparse_auto: YYYY-MM-DD, an ISO 8601
 * date-time YYYY-MM-DD[T ]HH:MM[:SS[.fff]] with an optional Z or +HH:MM offset
 * (UTC when none), or DD/MM/YYYY where day and month cannot be confused.
 * Epoch numbers are refused (too easy to mistype). A date alone means its
 * first millisecond, or with end_of_day its last (so "--to 2012-01-31"
 * includes that whole day). Returns 0 or -1 with err set.
 */
int filter_parse_date(const char *s, bool end_of_day, int64_t *ms, struct cf_error *err);

/*
 * Resolve a comma-separated list of activity names into ids (*ids, *n; the
 * caller frees *ids). Names may themselves contain commas: at each point the
 * longest run of comma-separated parts that names an activity is taken; parts
 * are also tried with surrounding blanks trimmed. Fails on an empty list or an
 * unknown name (suggesting a case-insensitive match if there is one).
 */
int filter_parse_activities(const struct event_log *log, const char *list, uint32_t **ids,
                            size_t *n, struct cf_error *err);

/* The id of activity name, or CF_NONE with err set ("no activity 'X' in the log"). */
uint32_t filter_find_activity(const struct event_log *log, const char *name, size_t len,
                              struct cf_error *err);

#endif

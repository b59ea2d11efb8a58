/* Time between activities per case: pairs of an A and a later B, quantiles and a histogram. */
/* SPDX-License-Identifier: MIT */
#include "between.h"

#include <stdlib.h>
#include <string.h>

#include "stages.h"

int
between_case(const struct event_log *log, size_t c, uint32_t a, uint32_t b,
             const struct between_opts *opts, int64_t *ms)
{
    size_t lo = log->case_off[c], hi = log->case_off[c + 1];
    const uint32_t *act = log->ev_act;
    size_t first_a = SIZE_MAX;
    for (size_t e = lo; e < hi; e++)
        if (act[e] == a) {
            first_a = e;
            break;
        }
    if (first_a == SIZE_MAX)
        return -1;
    size_t last_b = SIZE_MAX;
    for (size_t e = hi; e > first_a + 1; e--)
        if (act[e - 1] == b) {
            last_b = e - 1;
            break;
        }
    if (last_b == SIZE_MAX)
        return -1; /* no B after the first A */
    size_t from = first_a;
    if (opts && opts->from_last) {
        /* The last A before the last B. */
        for (size_t e = last_b; e > first_a; e--)
            if (act[e - 1] == a) {
                from = e - 1;
                break;
            }
    }
    size_t to = last_b;
    if (!(opts && opts->to_last)) {
        for (size_t e = from + 1; e < hi; e++)
            if (act[e] == b) {
                to = e;
                break;
            }
    }
    *ms = log->ev_time[to] - log->ev_time[from];
    return 0;
}

void
between_build(const struct event_log *log, const struct selection *sel, uint32_t a, uint32_t b,
              const struct between_opts *opts, struct between *out)
{
    memset(out, 0, sizeof *out);
    out->a = a;
    out->b = b;
    bool each = opts && opts->each;
    size_t cap = 64, n = 0;
    int64_t *t = xmalloc(cap * sizeof *t);
    for (size_t c = 0; c < log->n_cases; c++) {
        if (!sel_has(sel, c))
            continue;
        size_t lo = log->case_off[c], hi = log->case_off[c + 1];
        bool has_a = false;
        for (size_t e = lo; e < hi && !has_a; e++)
            has_a = log->ev_act[e] == a;
        if (!has_a)
            continue;
        out->cases_with_a++;
        size_t before = n;
        if (each) {
            size_t open = SIZE_MAX;
            for (size_t e = lo; e < hi; e++) {
                uint32_t x = log->ev_act[e];
                if (open != SIZE_MAX && x == b) {
                    if (n == cap)
                        t = xreallocarray(t, cap *= 2, sizeof *t);
                    t[n++] = log->ev_time[e] - log->ev_time[open];
                    open = SIZE_MAX;
                    if (a == b)
                        open = e; /* this A-B is also the next pair's A */
                } else if (open == SIZE_MAX && x == a)
                    open = e;
            }
        } else {
            int64_t ms;
            if (between_case(log, c, a, b, opts, &ms) == 0) {
                if (n == cap)
                    t = xreallocarray(t, cap *= 2, sizeof *t);
                t[n++] = ms;
            }
        }
        if (n > before)
            out->cases++;
        else
            out->cases_without_b++;
    }
    stats_sort_i64(t, n);
    out->n = n;
    out->times = t;
    stats_summarize_sorted(t, n, &out->s);
    stages_histogram_sorted(t, n, out->hist);
}

void
between_clear(struct between *bt)
{
    if (bt == NULL)
        return;
    free(bt->times);
    memset(bt, 0, sizeof *bt);
}

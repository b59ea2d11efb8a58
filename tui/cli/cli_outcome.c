/* Turning the outcome options into a core outcome definition. */
/* SPDX-License-Identifier: MIT */
#include "cli_outcome.h"

#include <stdlib.h>
#include <string.h>

const char cli_outcome_help[] =
    "Outcome (segment A vs B; cases matching neither are 'unknown', shown, not merged):\n"
    "  --outcome ATTR=V[,V]      A: cases with an event whose attribute ATTR is one of V\n"
    "  --outcome-activity A[,B]  A: cases that reach one of the activities\n"
    "  --outcome-last A[,B]      A: cases whose last activity is one of them\n"
    "  --versus SPEC             B: the same kind of rule; the rest is unknown\n"
    "  --end A[,B]               without --versus: B = other cases ending in an accepted\n"
    "                            end, the rest (still open) unknown; without --end, B = all\n"
    "                            cases not in A\n";

bool
cli_outcome_given(const struct cli_outcome *co)
{
    return co->attr || co->activity || co->last;
}

int
cli_outcome_init(const struct cli_outcome *co, const struct event_log *log, struct outcome *o,
                 struct cf_error *err)
{
    int kinds = (co->attr != NULL) + (co->activity != NULL) + (co->last != NULL);
    if (kinds > 1) {
        cf_error_set(err, NULL, 0, "give one of --outcome, --outcome-activity and --outcome-last");
        return -1;
    }
    if (kinds == 0) {
        cf_error_set(err, NULL, 0,
                     "--versus and --end need an outcome (--outcome, "
                     "--outcome-activity or --outcome-last)");
        return -1;
    }
    enum outcome_kind k = co->attr ? OUTCOME_ATTR : co->activity ? OUTCOME_ACTIVITY : OUTCOME_LAST;
    const char *spec = co->attr ? co->attr : co->activity ? co->activity : co->last;
    return outcome_init(o, log, k, spec, co->versus, co->end, err);
}

bool *
cli_outcome_hide_mask(const struct outcome *o, const struct event_log *log)
{
    size_t na = eventlog_n_activities(log);
    bool *hide = xcalloc(na ? na : 1, sizeof *hide);
    bool any = false;
    for (size_t a = 0; a < na; a++) {
        hide[a] =
            (o->a.acts && o->a.acts[a]) || (o->b.acts && o->b.acts[a]) || (o->ends && o->ends[a]);
        any |= hide[a];
    }
    if (!any) {
        free(hide);
        return NULL;
    }
    return hide;
}

uint8_t *
cli_outcome_segments(const struct cli_outcome *co, const struct event_log *log, struct outcome *o,
                     struct cf_error *err)
{
    if (cli_outcome_init(co, log, o, err) != 0)
        return NULL;
    uint8_t *seg = xmalloc(log->n_cases ? log->n_cases : 1);
    size_t counts[3];
    outcome_segments(o, log, seg, counts, NULL);
    return seg;
}

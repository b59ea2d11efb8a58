/* The outlook's closing rule from the outcome options, a playbook, or inferred ends. */
/* SPDX-License-Identifier: MIT */
#include "predict_setup.h"

#include <stdlib.h>
#include <string.h>

#include "deadends.h"
#include "playbook.h"

void
predict_cli_init(struct predict_cli *pc)
{
    memset(pc, 0, sizeof *pc);
}

void
predict_cli_clear(struct predict_cli *pc)
{
    (void)pc;
}

static void
join(struct cf_buf *b, char *const *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        cf_buf_printf(b, "%s%s", i ? "," : "", v[i]);
}

int
predict_cli_truth(const struct predict_cli *pc, const struct event_log *log,
                  const struct selection *sel, struct predict_truth *t, struct cf_buf *desc,
                  struct cf_buf *closing, struct cf_error *err)
{
    memset(t, 0, sizeof *t);
    struct playbook *pb = NULL;
    if (pc->playbook && (pb = playbook_load(pc->playbook, err)) == NULL)
        return -1;
    struct outcome o;
    int rc = -1;
    struct cf_buf win = {0}, ends = {0};
    const char *end_spec = pc->co.end;
    if (end_spec == NULL && pb && pb->n_end > 0) {
        join(&ends, pb->end, pb->n_end);
        end_spec = ends.data;
    }
    if (cli_outcome_given(&pc->co)) {
        struct cli_outcome co = pc->co;
        co.end = end_spec;
        rc = cli_outcome_init(&co, log, &o, err);
    } else if (pb && pb->n_win > 0) {
        join(&win, pb->win, pb->n_win);
        rc = outcome_init(&o, log, OUTCOME_LAST, win.data, NULL, end_spec, err);
    } else {
        cf_error_set(err, NULL, 0,
                     "predict needs an outcome: --outcome-last A (--versus B), "
                     "--outcome-activity A, --outcome ATTR=V with --end, or --playbook "
                     "with a win: line");
    }
    if (rc != 0)
        goto out;
    /* closing ends: given, or inferred (not when --versus rules on activities close cases) */
    bool *mask = o.ends;
    bool *inferred = NULL;
    struct cf_buf inf = {0};
    if (mask == NULL && (!o.has_b || o.a.kind == OUTCOME_ATTR)) {
        struct deadends d;
        deadends_build(log, sel, NULL, 0, &d);
        size_t na = eventlog_n_activities(log);
        inferred = xcalloc(na ? na : 1, sizeof *inferred);
        for (size_t i = 0; i < d.n_accepted; i++) {
            inferred[d.accepted[i]] = true;
            cf_buf_printf(&inf, "%s%s", i ? ", " : "", eventlog_activity_name(log, d.accepted[i]));
        }
        deadends_clear(&d);
        mask = inferred;
    }
    predict_truth_init(t, log, &o, mask);
    cf_buf_printf(desc, "won = %s, lost = %s", o.label_a, o.label_b);
    if (o.ends)
        cf_buf_printf(closing, "at an accepted end (%s)", end_spec);
    else if (inferred)
        cf_buf_printf(closing, "at the ends deadends infers (%s)", inf.len ? inf.data : "none");
    else
        cf_buf_printf(closing, "when either outcome is reached");
    if (o.a.kind == OUTCOME_ATTR && mask == NULL)
        cf_buf_printf(closing, " (an attribute outcome never closes a case: give --end)");
    cf_buf_clear(&inf);
    free(inferred);
    outcome_clear(&o);
out:
    cf_buf_clear(&win);
    cf_buf_clear(&ends);
    playbook_free(pb);
    return rc;
}

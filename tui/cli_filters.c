/* Turning the filter options into a selection (filters land with the analyses work). */
/* SPDX-License-Identifier: MIT */
#include "cli.h"

int
cli_apply_filters(const struct cli_common *c, const struct event_log *log, struct selection *sel,
                  struct cf_error *err)
{
    (void)log;
    (void)sel;
    if (c->n_filters > 0) {
        cf_error_set(err, NULL, 0, "--%s: filters are not built yet", c->filters[0].opt);
        return -1;
    }
    return 0;
}

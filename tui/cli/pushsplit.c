/* The command line's filters against a database: the SQL of those that translate, and the rest. */
/* SPDX-License-Identifier: MIT */
#include "pushsplit.h"

#include <stdlib.h>
#include <string.h>

#include "pushfilter.h"

void
pushed_filters_describe(struct cf_buf *b, const struct cli_filter_spec *s)
{
    cf_buf_printf(b, "%s%s%s%s%s", b->len ? ", " : "", s->invert ? "not " : "", s->opt,
                  s->arg ? "=" : "", s->arg ? s->arg : "");
}

static bool
is_date(const char *opt)
{
    return strcmp(opt, "from") == 0 || strcmp(opt, "to") == 0 || strcmp(opt, "range") == 0;
}

void
pushed_filters_split(const struct cli_common *c, const char *from, const char *case_col,
                     const char *time_col, struct pushed_filters *g)
{
    memset(g, 0, sizeof *g);
    bool contained = false, date_ok = true;
    for (size_t i = 0; i < c->n_filters; i++) {
        const struct cli_filter_spec *s = &c->filters[i];
        if (strcmp(s->opt, "range") == 0 && s->arg != NULL)
            contained = strcmp(s->arg, "contained") == 0;
        if (is_date(s->opt) && s->invert)
            date_ok = false; /* an inverted range negates both bounds at once */
    }
    struct pushfilter_src src = {from, case_col, time_col};
    struct cf_buf where = {0}, pushed = {0}, kept = {0};
    bool date_kept = false;
    for (size_t i = 0; i < c->n_filters; i++) {
        const struct cli_filter_spec *s = &c->filters[i];
        if (strcmp(s->opt, "range") == 0)
            continue; /* a mode of the bounds, below */
        struct cf_buf one = {0};
        bool ok = (!is_date(s->opt) || date_ok) &&
                  pushfilter_sql(&src, s->opt, s->arg, s->invert, contained, &one);
        if (ok) {
            cf_buf_printf(&where, "%s%s", where.len ? " AND " : "", one.data);
            pushed_filters_describe(&pushed, s);
            g->n_pushed++;
        } else {
            g->kept_filter[i] = true;
            g->n_kept++;
            date_kept = date_kept || is_date(s->opt);
            pushed_filters_describe(&kept, s);
        }
        cf_buf_clear(&one);
    }
    for (size_t i = 0; i < c->n_filters; i++) /* the range mode goes with the bounds kept */
        if (strcmp(c->filters[i].opt, "range") == 0 && date_kept) {
            g->kept_filter[i] = true;
            g->n_kept++;
        }
    g->where = where.data;
    g->pushed = pushed.data;
    g->kept = kept.data;
}

void
pushed_filters_clear(struct pushed_filters *pf)
{
    free(pf->where);
    free(pf->pushed);
    free(pf->kept);
    memset(pf, 0, sizeof *pf);
}

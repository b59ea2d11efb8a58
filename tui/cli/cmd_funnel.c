/* `caseflow funnel`: cases reaching each stage in order, conversion and losses, as text, JSON or
 * CSV. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "textout.h"
#include "transitions.h"

static const struct table_col cols[] = {
    {.key = "stage", .header = "stage", .kind = TK_TEXT, .min_width = 12, .flags = TCOL_FLEX},
    {.key = "cases_reached", .header = "reached", .kind = TK_COUNT},
    {.key = "share", .header = "share", .kind = TK_SHARE},
    {.key = "conversion", .header = "conv.", .kind = TK_SHARE, .priority = 1},
    {.key = "lost", .header = "lost", .kind = TK_COUNT, .priority = 2},
    {.key = "bar",
     .header = "",
     .kind = TK_BAR,
     .min_width = 16,
     .priority = 3,
     .flags = TCOL_NO_JSON | TCOL_NO_CSV},
};

static struct tdoc *
build_doc(const struct event_log *log, const struct funnel *f)
{
    struct tdoc *doc = tdoc_new("funnel", log->name);
    struct tnode *n = tdoc_root(doc);
    tnode_title(n,
                "Funnel over %zu cases (of %zu in %s)\n"
                "A case reaches a stage when all the stages up to it occur in it in this\n"
                "order, not necessarily adjacent.",
                f->cases, log->n_cases, log->name);
    tnode_count(n, "cases", NULL, f->cases);
    struct table *t = tnode_table(n, "funnel", NULL, cols, sizeof cols / sizeof cols[0], NULL);
    for (size_t i = 0; i < f->n; i++) {
        const struct funnel_step *s = &f->steps[i];
        size_t row = table_add_row(t);
        table_set_text(t, row, 0, eventlog_activity_name(log, s->activity));
        table_set_count(t, row, 1, s->cases_reached);
        table_set_number(t, row, 2, s->share);
        table_set_number(t, row, 3, s->conversion);
        table_set_count(t, row, 4, s->lost);
        table_set_number(t, row, 5, s->share);
    }
    tnode_note(n, "  (share: of the first stage; conv.: of the previous stage, for the first of "
                  "all\n   cases; lost: cases of the previous stage that do not go on)");
    return doc;
}

int
cmd_funnel(int argc, char **argv)
{
    const char *stages_s = NULL;
    bool ascii = false;
    const struct cli_opt extra[] = {
        {"stages", true, &stages_s, NULL, NULL},
        {"ascii", false, NULL, &ascii, NULL},
        {NULL, false, NULL, NULL, NULL},
    };
    struct cli_common c = {.cmd = "funnel"};
    int rc;
    if (!cli_start(
            &c, argc, argv, extra, &rc,
            "Usage: caseflow funnel --stages A,B,C [OPTIONS] LOG\n"
            "Cases reaching each stage: a case reaches stage i when stages 1..i occur in\n"
            "it in that order, not necessarily adjacent. With the share of the first\n"
            "stage, the conversion from the previous stage (for the first: of all cases)\n"
            "and the cases lost between consecutive stages.\n\n"
            "  --stages A,B,C        the stages, in order (required)\n"
            "  --ascii               draw bars with '#' (the default in non-UTF-8 locales)\n\n"))
        return rc;
    if (stages_s == NULL) {
        fprintf(stderr,
                "caseflow funnel: --stages A,B,C is required (see caseflow funnel --help)\n");
        return CF_EXIT_USAGE;
    }
    struct event_log *log;
    struct selection *sel;
    rc = cli_load(&c, &log, &sel);
    if (rc != 0)
        return rc;
    uint32_t *stages;
    size_t n;
    if ((rc = textout_activities(log, "stages", stages_s, &stages, &n)) != 0) {
        cli_unload(log, sel);
        return rc;
    }
    struct funnel f;
    funnel_build(log, sel, stages, n, &f);
    c.ascii = ascii;
    rc = cli_output(&c, build_doc(log, &f), "funnel");
    funnel_clear(&f);
    free(stages);
    cli_unload(log, sel);
    return rc;
}

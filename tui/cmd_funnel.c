/* `caseflow funnel`: cases reaching each stage in order, conversion and losses, as text or JSON. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "jsonw.h"
#include "textout.h"
#include "transitions.h"

static void
print_json(const struct event_log *log, const struct funnel *f)
{
    struct jsonw j;
    jsonw_init(&j, stdout, true);
    jsonw_obj_begin(&j);
    jsonw_key(&j, "log");
    jsonw_str(&j, log->name);
    jsonw_key(&j, "cases");
    jsonw_uint(&j, f->cases);
    jsonw_key(&j, "funnel");
    jsonw_arr_begin(&j);
    for (size_t i = 0; i < f->n; i++) {
        const struct funnel_step *s = &f->steps[i];
        jsonw_obj_begin(&j);
        jsonw_key(&j, "stage");
        jsonw_str(&j, eventlog_activity_name(log, s->activity));
        jsonw_key(&j, "cases_reached");
        jsonw_uint(&j, s->cases_reached);
        jsonw_key(&j, "share");
        jsonw_double(&j, s->share);
        jsonw_key(&j, "conversion");
        jsonw_double(&j, s->conversion);
        jsonw_key(&j, "lost");
        jsonw_uint(&j, s->lost);
        jsonw_obj_end(&j);
    }
    jsonw_arr_end(&j);
    jsonw_obj_end(&j);
    jsonw_end(&j);
}

static void
print_text(const struct event_log *log, const struct funnel *f, bool unicode)
{
    printf("Funnel over %zu cases (of %zu in %s)\n"
           "A case reaches a stage when all the stages up to it occur in it in this\n"
           "order, not necessarily adjacent.\n\n",
           f->cases, log->n_cases, log->name);
    printf("  %-26s %8s %7s %7s %7s\n", "stage", "reached", "share", "conv.", "lost");
    for (size_t i = 0; i < f->n; i++) {
        const struct funnel_step *s = &f->steps[i];
        fputs("  ", stdout);
        textout_cell(stdout, eventlog_activity_name(log, s->activity), 26, false);
        printf(" %8zu %6.1f%% %6.1f%% %7zu  ", s->cases_reached, 100 * s->share,
               100 * s->conversion, s->lost);
        textout_bar(stdout, s->share, 16, unicode, false);
        printf("\n");
    }
    printf("  (share: of the first stage; conv.: of the previous stage, for the first of all\n"
           "   cases; lost: cases of the previous stage that do not go on)\n");
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
    int rc = cli_parse(&c, argc, argv, extra);
    if (rc != 0)
        return rc;
    if (c.help) {
        printf("Usage: caseflow funnel --stages A,B,C [OPTIONS] LOG\n"
               "Cases reaching each stage: a case reaches stage i when stages 1..i occur in\n"
               "it in that order, not necessarily adjacent. With the share of the first\n"
               "stage, the conversion from the previous stage (for the first: of all cases)\n"
               "and the cases lost between consecutive stages.\n\n"
               "  --stages A,B,C        the stages, in order (required)\n"
               "  --ascii               draw bars with '#' (the default in non-UTF-8 locales)\n\n");
        cli_print_common_help(stdout);
        return 0;
    }
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
        selection_free(sel);
        eventlog_free(log);
        return rc;
    }
    struct funnel f;
    funnel_build(log, sel, stages, n, &f);
    if (c.json)
        print_json(log, &f);
    else
        print_text(log, &f, textout_unicode(ascii));
    funnel_clear(&f);
    free(stages);
    selection_free(sel);
    eventlog_free(log);
    return fflush(stdout) == 0 ? 0 : 1;
}

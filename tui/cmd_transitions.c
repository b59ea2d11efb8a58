/* `caseflow transitions`: Markov transition probabilities P(next | current) as text or JSON. */
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
print_json(const struct event_log *log, const struct transitions *t)
{
    struct jsonw j;
    jsonw_init(&j, stdout, true);
    jsonw_obj_begin(&j);
    jsonw_key(&j, "log");
    jsonw_str(&j, log->name);
    jsonw_key(&j, "cases");
    jsonw_uint(&j, t->cases);
    jsonw_key(&j, "transitions");
    jsonw_arr_begin(&j);
    for (size_t i = 0; i < t->n; i++) {
        jsonw_obj_begin(&j);
        jsonw_key(&j, "from");
        jsonw_str(&j, transitions_name(log, t->t[i].from));
        jsonw_key(&j, "to");
        jsonw_str(&j, transitions_name(log, t->t[i].to));
        jsonw_key(&j, "count");
        jsonw_uint(&j, t->t[i].count);
        jsonw_key(&j, "probability");
        jsonw_double(&j, t->t[i].probability);
        jsonw_obj_end(&j);
    }
    jsonw_arr_end(&j);
    jsonw_obj_end(&j);
    jsonw_end(&j);
}

static void
print_text(const struct event_log *log, const struct transitions *t, double min_prob, bool unicode)
{
    printf("Transition probabilities P(next | current) over %zu cases (of %zu in %s)\n"
           "with the virtual (start) and (end); rows under %.1f%% hidden (--min-prob)\n",
           t->cases, log->n_cases, log->name, 100 * min_prob);
    for (size_t i = 0; i < t->n;) {
        size_t j = i, out = 0;
        while (j < t->n && t->t[j].from == t->t[i].from)
            out += t->t[j++].count;
        printf("\n%s (%zu):\n", transitions_name(log, t->t[i].from), out);
        size_t hidden = 0;
        for (size_t k = i; k < j; k++) {
            const struct transition *x = &t->t[k];
            if (x->probability < min_prob) {
                hidden++;
                continue;
            }
            printf("  %5.1f%% ", 100 * x->probability);
            textout_bar(stdout, x->probability, 20, unicode, true);
            printf(" %8zu  ", x->count);
            textout_clip(stdout, transitions_name(log, x->to), 38);
            putchar('\n');
        }
        if (hidden)
            printf("  (%zu more under %.1f%%)\n", hidden, 100 * min_prob);
        i = j;
    }
    if (t->n == 0)
        printf("\n  no cases\n");
}

int
cmd_transitions(int argc, char **argv)
{
    const char *min_s = NULL;
    bool ascii = false;
    const struct cli_opt extra[] = {
        {"min-prob", true, &min_s, NULL, NULL},
        {"ascii", false, NULL, &ascii, NULL},
        {NULL, false, NULL, NULL, NULL},
    };
    struct cli_common c = {.cmd = "transitions"};
    int rc = cli_parse(&c, argc, argv, extra);
    if (rc != 0)
        return rc;
    if (c.help) {
        printf("Usage: caseflow transitions [OPTIONS] LOG\n"
               "Markov transition probabilities: for each activity (and the virtual (start)\n"
               "before a case's first event), the share of its transitions that go directly\n"
               "to each next activity or to the virtual (end). Each source's probabilities\n"
               "sum to 1. JSON lists every transition as {from, to, count, probability}.\n\n"
               "  --min-prob P          hide text rows under P (default 0.05; 0 shows all)\n"
               "  --ascii               draw bars with '#' (the default in non-UTF-8 locales)\n\n");
        cli_print_common_help(stdout);
        return 0;
    }
    double min_prob = 0.05;
    if (min_s != NULL) {
        char *end;
        min_prob = strtod(min_s, &end);
        if (end == min_s || *end != '\0' || !(min_prob >= 0 && min_prob <= 1)) {
            fprintf(stderr, "caseflow transitions: --min-prob takes a number from 0 to 1\n");
            return CF_EXIT_USAGE;
        }
    }
    struct event_log *log;
    struct selection *sel;
    rc = cli_load(&c, &log, &sel);
    if (rc != 0)
        return rc;
    struct transitions t;
    transitions_build(log, sel, &t);
    if (c.json)
        print_json(log, &t);
    else
        print_text(log, &t, min_prob, textout_unicode(ascii));
    transitions_clear(&t);
    selection_free(sel);
    eventlog_free(log);
    return fflush(stdout) == 0 ? 0 : 1;
}

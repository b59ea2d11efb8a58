/* `caseflow transitions`: Markov transition probabilities P(next | current) as text, JSON or CSV.
 */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "transitions.h"

static const struct table_col cols[] = {
    {.key = "from", .header = "from", .kind = TK_TEXT, .flags = TCOL_NO_TEXT},
    {.key = "probability", .header = "P", .kind = TK_SHARE},
    {.key = "bar",
     .header = "",
     .kind = TK_BAR,
     .min_width = 20,
     .priority = 2,
     .flags = TCOL_NO_JSON | TCOL_NO_CSV},
    {.key = "count", .header = "count", .kind = TK_COUNT, .priority = 1},
    {.key = "to", .header = "to", .kind = TK_TEXT, .min_width = 12, .flags = TCOL_FLEX},
};

static struct tdoc *
build_doc(const struct event_log *log, const struct transitions *t, double min_prob)
{
    struct tdoc *doc = tdoc_new("transitions", log->name);
    struct tnode *n = tdoc_root(doc);
    tnode_title(n,
                "Transition probabilities P(next | current) over %zu cases (of %zu in %s)\n"
                "with the virtual (start) and (end); rows under %.1f%% hidden (--min-prob)",
                t->cases, log->n_cases, log->name, 100 * min_prob);
    tnode_count(n, "cases", NULL, t->cases);
    struct table *tb =
        tnode_table(n, "transitions", NULL, cols, sizeof cols / sizeof cols[0], NULL);
    table_reserve(tb, t->n);
    struct cf_buf b = {0};
    for (size_t i = 0; i < t->n;) {
        size_t j = i, out = 0;
        while (j < t->n && t->t[j].from == t->t[i].from)
            out += t->t[j++].count;
        const char *from = transitions_name(log, t->t[i].from);
        size_t row = table_add_row(tb);
        b.len = 0;
        cf_buf_printf(&b, "%s (%zu):", from, out);
        table_set_text(tb, row, 0, b.data);
        table_set_role(tb, row, TROW_HEADING);
        size_t hidden = 0;
        for (size_t k = i; k < j; k++) {
            const struct transition *x = &t->t[k];
            row = table_add_row(tb);
            table_set_text(tb, row, 0, from);
            table_set_number(tb, row, 1, x->probability);
            table_set_number(tb, row, 2, x->probability);
            table_set_count(tb, row, 3, x->count);
            table_set_text(tb, row, 4, transitions_name(log, x->to));
            if (x->probability < min_prob) {
                table_set_role(tb, row, TROW_HIDDEN);
                hidden++;
            }
        }
        if (hidden) {
            row = table_add_row(tb);
            b.len = 0;
            cf_buf_printf(&b, "  (%zu more under %.1f%%)", hidden, 100 * min_prob);
            table_set_text(tb, row, 0, b.data);
            table_set_role(tb, row, TROW_HEADING);
        }
        i = j;
    }
    cf_buf_clear(&b);
    return doc;
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
    int rc;
    if (!cli_start(
            &c, argc, argv, extra, &rc,
            "Usage: caseflow transitions [OPTIONS] LOG\n"
            "Markov transition probabilities: for each activity (and the virtual (start)\n"
            "before a case's first event), the share of its transitions that go directly\n"
            "to each next activity or to the virtual (end). Each source's probabilities\n"
            "sum to 1. JSON lists every transition as {from, to, count, probability}.\n\n"
            "  --min-prob P          hide text rows under P (default 0.05; 0 shows all)\n"
            "  --ascii               draw bars with '#' (the default in non-UTF-8 locales)\n\n"))
        return rc;
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
    c.ascii = ascii;
    rc = cli_output(&c, build_doc(log, &t, min_prob), "transitions");
    transitions_clear(&t);
    cli_unload(log, sel);
    return rc;
}

/* Parsing of the options every subcommand shares, and loading a log with them. */
/* SPDX-License-Identifier: MIT */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_xes.h"
#include "source_pg.h"

/* Filter options: kept in order, applied by cli_apply_filters. */
static const struct {
    const char *name;
    bool has_arg;
    const char *help;
} filter_opts[] = {
    {"grep", true, "REGEX          cases whose path (activities joined by \" > \") matches"},
    {"case-grep", true, "REGEX     cases whose id matches"},
    {"where", true,
     "ATTR~REGEX    cases with an event whose attribute ATTR matches;\n"
     "                        ATTR=VALUE: equals VALUE (ATTR may be 'resource')"},
    {"from", true, "DATE           cases active from DATE (YYYY-MM-DD or ISO date-time)"},
    {"to", true, "DATE             ... up to DATE (a date alone includes that whole day)"},
    {"range", true,
     "MODE          how --from/--to select: intersecting (default: the\n"
     "                        case overlaps the range) or contained (wholly inside)"},
    {"variant", true,
     "N           cases of the N-th most frequent variant among the\n"
     "                        cases the filters before it selected"},
    {"min-duration", true, "D      cases lasting at least D (3d, 12h, 90m, 1d12h)"},
    {"max-duration", true, "D      cases lasting at most D"},
    {"starts-with", true, "A       cases whose first activity is A"},
    {"ends-with", true, "A         cases whose last activity is A"},
    {"follows", true, "A,B         cases where A is eventually followed by B"},
};

static const char *const import_help =
    "  --case COL            case id column (guessed from the header otherwise)\n"
    "  --activity COL[,COL]  activity column(s); several are joined with '+'\n"
    "  --timestamp COL       timestamp column\n"
    "  --resource COL        resource column ('' for none)\n"
    "  --delimiter C         field delimiter: , ; tab | (sniffed otherwise)\n"
    "  --time-format FMT     strptime format for timestamps\n"
    "  --date-order dmy|mdy  how to read NN/NN/YYYY dates (detected otherwise)\n"
    "  --input-format csv|xes  input format (default: XES for .xes/.xes.gz or XML\n"
    "                        content, else CSV; stdin is CSV unless --input-format xes)\n"
    "  --strict              fail on any rejected row\n"
    "  --table T             with a database LOG (postgresql://..., service=...): the\n"
    "                        table of events (or ?table=T in the URL)\n"
    "  --query SQL           ... or a SELECT giving the events\n"
    "  --order-column C      break ties in time by C (default: the table's physical\n"
    "                        order)\n"
    "  --json                print JSON instead of text\n";

void
cli_print_common_help(FILE *f)
{
    fputs("Import options:\n", f);
    fputs(import_help, f);
    fputs("Filters (all must hold; --invert negates the filter before it):\n", f);
    for (size_t i = 0; i < sizeof filter_opts / sizeof filter_opts[0]; i++)
        fprintf(f, "  --%s %s\n", filter_opts[i].name, filter_opts[i].help);
    fputs("  --invert              negate the preceding filter\n", f);
}

static int usage_error(const struct cli_common *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
usage_error(const struct cli_common *c, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "caseflow%s%s: ", c->cmd ? " " : "", c->cmd ? c->cmd : "");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (see caseflow %s--help)\n", c->cmd ? "" : "");
    return CF_EXIT_USAGE;
}

static int
parse_delimiter(const char *v, char *out)
{
    if (strcmp(v, "tab") == 0 || strcmp(v, "\\t") == 0 || strcmp(v, "\t") == 0)
        *out = '\t';
    else if (strlen(v) == 1 && strchr(",;|", v[0]) != NULL)
        *out = v[0];
    else
        return -1;
    return 0;
}

/* Handle a common option; returns 1 if it was one, 0 if not, or an exit status < 0. */
static int
common_option(struct cli_common *c, const char *name, const char *val, bool *used_val)
{
    static const char *const import_str[] = {"case",     "activity",    "timestamp",
                                             "resource", "time-format", "table",
                                             "query",    "order-column"};
    const char **targets[] = {&c->import.case_col,     &c->import.activity_col, &c->import.time_col,
                              &c->import.resource_col, &c->import.time_format,  &c->import.db_table,
                              &c->import.db_query,     &c->import.order_col};
    *used_val = false;
    for (size_t i = 0; i < sizeof import_str / sizeof import_str[0]; i++) {
        if (strcmp(name, import_str[i]) == 0) {
            if (val == NULL)
                return -usage_error(c, "--%s needs a value", name);
            *targets[i] = val;
            *used_val = true;
            return 1;
        }
    }
    if (strcmp(name, "delimiter") == 0) {
        if (val == NULL || parse_delimiter(val, &c->import.delimiter) != 0)
            return -usage_error(c, "--delimiter takes one of , ; tab |, not '%s'", val ? val : "");
        *used_val = true;
        return 1;
    }
    if (strcmp(name, "date-order") == 0) {
        if (val != NULL && strcmp(val, "dmy") == 0)
            c->import.date_order = DATE_ORDER_DMY;
        else if (val != NULL && strcmp(val, "mdy") == 0)
            c->import.date_order = DATE_ORDER_MDY;
        else
            return -usage_error(c, "--date-order takes dmy or mdy, not '%s'", val ? val : "");
        *used_val = true;
        return 1;
    }
    if (strcmp(name, "input-format") == 0) {
        if (val != NULL && strcmp(val, "csv") == 0)
            c->import.format = IMPORT_FORMAT_CSV;
        else if (val != NULL && strcmp(val, "xes") == 0)
            c->import.format = IMPORT_FORMAT_XES;
        else
            return -usage_error(c, "--input-format takes csv or xes, not '%s'", val ? val : "");
        *used_val = true;
        return 1;
    }
    if (strcmp(name, "strict") == 0) {
        c->import.strict = true;
        return 1;
    }
    if (strcmp(name, "json") == 0) {
        c->json = true;
        return 1;
    }
    if (strcmp(name, "help") == 0) {
        c->help = true;
        return 1;
    }
    if (strcmp(name, "invert") == 0) {
        if (c->n_filters == 0)
            return -usage_error(c, "--invert must follow a filter option");
        c->filters[c->n_filters - 1].invert = !c->filters[c->n_filters - 1].invert;
        return 1;
    }
    for (size_t i = 0; i < sizeof filter_opts / sizeof filter_opts[0]; i++) {
        if (strcmp(name, filter_opts[i].name) != 0)
            continue;
        if (filter_opts[i].has_arg && val == NULL)
            return -usage_error(c, "--%s needs a value", name);
        if (c->n_filters == CLI_MAX_FILTERS)
            return -usage_error(c, "too many filters (at most %d)", CLI_MAX_FILTERS);
        c->filters[c->n_filters].opt = filter_opts[i].name;
        c->filters[c->n_filters].arg = filter_opts[i].has_arg ? val : NULL;
        c->filters[c->n_filters].invert = false;
        c->n_filters++;
        *used_val = filter_opts[i].has_arg;
        return 1;
    }
    return 0;
}

int
cli_parse(struct cli_common *c, int argc, char **argv, const struct cli_opt *extra)
{
    const char *cmd = c->cmd;
    memset(c, 0, sizeof *c);
    c->cmd = cmd;
    import_opts_init(&c->import);

    for (int i = 1; i < argc; i++) {
        char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            for (i++; i < argc; i++) {
                if (c->n_args == CLI_MAX_ARGS)
                    return usage_error(c, "too many arguments");
                c->args[c->n_args++] = argv[i];
            }
            break;
        }
        if (a[0] != '-' || a[1] == '\0') { /* "-" is stdin, a positional */
            if (c->n_args == CLI_MAX_ARGS)
                return usage_error(c, "too many arguments");
            c->args[c->n_args++] = a;
            continue;
        }
        if (strcmp(a, "-h") == 0) {
            c->help = true;
            continue;
        }
        if (a[1] != '-')
            return usage_error(c, "unknown option '%s'", a);

        char name[64];
        const char *eq = strchr(a + 2, '=');
        size_t nlen = eq ? (size_t)(eq - (a + 2)) : strlen(a + 2);
        if (nlen >= sizeof name)
            return usage_error(c, "unknown option '%s'", a);
        memcpy(name, a + 2, nlen);
        name[nlen] = '\0';
        const char *val = eq ? eq + 1 : (i + 1 < argc ? argv[i + 1] : NULL);

        bool handled = false, used_val = false;
        for (const struct cli_opt *o = extra; o != NULL && o->name != NULL; o++) {
            if (strcmp(o->name, name) != 0)
                continue;
            if (o->has_arg) {
                if (val == NULL)
                    return usage_error(c, "--%s needs a value", name);
                *o->str = val;
                used_val = true;
            } else {
                if (eq != NULL)
                    return usage_error(c, "--%s takes no value", name);
                *o->flag = true;
            }
            handled = true;
            break;
        }
        if (!handled) {
            int r = common_option(c, name, val, &used_val);
            if (r < 0)
                return -r;
            if (r == 0)
                return usage_error(c, "unknown option '%s'", a);
            if (!used_val && eq != NULL)
                return usage_error(c, "option '%s' takes no value", a);
        }
        if (used_val && eq == NULL)
            i++;
    }
    return 0;
}

void
cli_error(const struct cf_error *err)
{
    char buf[1024];
    cf_error_format(err, buf, sizeof buf);
    fprintf(stderr, "caseflow: %s\n", buf);
}

struct event_log *
cli_import(const char *path, const struct import_opts *o, struct cf_error *err)
{
    if (source_pg_is_conninfo(path)) {
        struct pg_source src = {path, o->db_table, o->db_query, o->order_col};
        return source_pg_import(path, &src, o, err);
    }
    if (o->format == IMPORT_FORMAT_XES || (o->format == IMPORT_FORMAT_AUTO && import_is_xes(path)))
        return import_xes(path, o, err);
    return import_csv(path, o, err);
}

int
cli_load(struct cli_common *c, struct event_log **log, struct selection **sel)
{
    struct cf_error err = {0};
    const char *path = c->n_args > 0 ? c->args[0] : "-";

    *log = cli_import(path, &c->import, &err);
    if (*log == NULL) {
        cli_error(&err);
        return CF_EXIT_INPUT;
    }
    *sel = selection_new((*log)->n_cases, true);
    if (cli_apply_filters(c, *log, *sel, &err) != 0) {
        cli_error(&err);
        selection_free(*sel);
        eventlog_free(*log);
        *sel = NULL;
        *log = NULL;
        return CF_EXIT_USAGE;
    }
    return CF_EXIT_OK;
}

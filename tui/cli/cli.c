/* Parsing of the options every subcommand shares, and loading a log with them. */
/* SPDX-License-Identifier: MIT */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "import_xes.h"
#include "snapshot.h"
#include "source_pg.h"
#include "termsafe.h"
#include "textout.h"

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
     "                        ATTR=VALUE: equals VALUE (ATTR may be 'resource');\n"
     "                        ATTR!=VALUE; numbers and dates: ATTR>N, >=, <, <=,\n"
     "                        ATTR=LO..HI ('amount>50000', 'close_date<2025-01-01')"},
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
    {"between", true,
     "A,B         cases where B follows A; with --min-time/--max-time right\n"
     "                        after it: the first A to the first B after it takes that long"},
    {"min-time", true, "D          (after --between) at least D (3d, 12h, 90m)"},
    {"max-time", true, "D          (after --between) at most D"},
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
    "                        content, stdin and FIFOs included; else CSV)\n"
    "  --classifier NAME     XES: activity from the log's <classifier> NAME (its keys'\n"
    "                        values joined with '+'; default concept:name). XES\n"
    "                        <list>/<container> attributes become columns key.child\n"
    "  --strict              fail on any rejected row\n"
    "  --wide[=REGEX]        wide rows: each column whose header matches REGEX\n"
    "                        (group 1 = activity; default: HubSpot's Date entered\n"
    "                        \"STAGE (PIPELINE)\") and holds a date is an event\n"
    "  --changes FIELD       change history: rows whose field column is FIELD,\n"
    "                        named by the new value (others are skipped)\n"
    "  --field-column COL    the field column for --changes (guessed otherwise)\n"
    "  --new-value-column COL  the new-value column for --changes (guessed)\n"
    "  --collapse-repeats    consecutive events of a case with the same activity\n"
    "                        become the first of them\n"
    "  --keep-rows COL=VALUE|COL~REGEX  import only matching rows (events)\n"
    "  --timezone ZONE       IANA zone of timestamps without an offset (default UTC)\n"
    "  --encoding NAME       the file's encoding (cp1252, latin1, ...; default UTF-8)\n"
    "  --display-tz ZONE     show times in ZONE (UTC, +01:00, an IANA name or local;\n"
    "                        default: the log's own offset)\n"
    "  --redact case,resource,ATTR...  replace these values everywhere by keyed\n"
    "                        pseudonyms (HMAC-SHA256)\n"
    "  --redact-key-file F   the key for --redact (default: a random key)\n"
    "  --snapshot FILE       also write the log as loaded (before filters) to FILE,\n"
    "                        a snapshot that opens in a moment in place of the log\n"
    "  --table T             with a database LOG (postgresql://..., service=...): the\n"
    "                        table of events (or ?table=T in the URL)\n"
    "  --query SQL           ... or a SELECT giving the events\n"
    "  --order-column C      break ties in time by C (default: the table's physical\n"
    "                        order)\n"
    "Output options:\n"
    "  --format text|json|csv  output format (default text; --json is --format json)\n"
    "  --width N             text width in columns (default: the terminal's, else 100;\n"
    "                        0 never cuts)\n"
    "  --csv-raw             CSV: no ' before cells starting with = + - @\n"
    "  --version             print the version\n";

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
    static const char *const import_str[] = {
        "case",     "activity",     "timestamp",        "resource",        "time-format",
        "changes",  "field-column", "new-value-column", "keep-rows",       "timezone",
        "encoding", "display-tz",   "redact",           "redact-key-file", "classifier",
        "table",    "query",        "order-column",     "snapshot"};
    const char **targets[] = {&c->import.case_col,
                              &c->import.activity_col,
                              &c->import.time_col,
                              &c->import.resource_col,
                              &c->import.time_format,
                              &c->import.reshape.changes,
                              &c->import.reshape.field_col,
                              &c->import.reshape.new_value_col,
                              &c->import.reshape.keep_rows,
                              &c->import.timezone,
                              &c->import.encoding,
                              &c->display_tz,
                              &c->redact,
                              &c->redact_key_file,
                              &c->import.classifier,
                              &c->import.db_table,
                              &c->import.db_query,
                              &c->import.order_col,
                              &c->snapshot_out};
    _Static_assert(sizeof import_str / sizeof import_str[0] == sizeof targets / sizeof targets[0],
                   "a target per option name");
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
    if (strcmp(name, "collapse-repeats") == 0) {
        c->import.reshape.collapse_repeats = true;
        return 1;
    }
    if (strcmp(name, "json") == 0) {
        c->json = true;
        c->format = TF_JSON;
        return 1;
    }
    if (strcmp(name, "format") == 0) {
        static const char *const names[] = {"text", "json", "csv"};
        static const enum table_format fmts[] = {TF_TEXT, TF_JSON, TF_CSV};
        for (size_t i = 0; val != NULL && i < 3; i++) {
            if (strcmp(val, names[i]) == 0) {
                c->format = fmts[i];
                c->json = fmts[i] == TF_JSON;
                *used_val = true;
                return 1;
            }
        }
        return -usage_error(c, "--format takes text, json or csv, not '%s'", val ? val : "");
    }
    if (strcmp(name, "width") == 0) {
        char *end;
        unsigned long long w = val ? strtoull(val, &end, 10) : 0;
        if (val == NULL || val[0] == '\0' || val[0] == '-' || *end != '\0' || w > 100000)
            return -usage_error(c, "--width takes a number of columns (0 = never cut), not '%s'",
                                val ? val : "");
        c->width = (size_t)w;
        c->width_given = true;
        *used_val = true;
        return 1;
    }
    if (strcmp(name, "csv-raw") == 0) {
        c->csv_raw = true;
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
        /* A one-letter option ("-o FILE") is the command's option of that name. */
        bool one_letter = a[1] != '-' && a[2] == '\0';
        if (a[1] != '-' && !one_letter)
            return usage_error(c, "unknown option '%s'", a);

        char name[64];
        const char *nm = one_letter ? a + 1 : a + 2;
        const char *eq = one_letter ? NULL : strchr(nm, '=');
        size_t nlen = eq ? (size_t)(eq - nm) : strlen(nm);
        if (nlen >= sizeof name)
            return usage_error(c, "unknown option '%s'", a);
        memcpy(name, nm, nlen);
        name[nlen] = '\0';
        const char *val = eq ? eq + 1 : (i + 1 < argc ? argv[i + 1] : NULL);

        bool handled = false, used_val = false;
        if (strcmp(name, "wide") == 0) { /* the value only after '=' */
            c->import.reshape.wide = eq ? eq + 1 : "";
            if (eq != NULL && eq[1] == '\0')
                return usage_error(c, "--wide= needs a regex (or plain --wide)");
            continue;
        }
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
        if (!handled && one_letter)
            return usage_error(c, "unknown option '%s'", a);
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

/* The terminal's width when stdout is one: COLUMNS, else the ioctl; 0 otherwise. */
static size_t
terminal_width(void)
{
    if (!isatty(STDOUT_FILENO))
        return 0;
    const char *cols = getenv("COLUMNS");
    if (cols != NULL && *cols != '\0') {
        char *end;
        unsigned long v = strtoul(cols, &end, 10);
        if (*end == '\0' && v > 0 && v < 100000)
            return (size_t)v;
    }
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    return 80;
}

void
cli_table_fmt(const struct cli_common *c, struct table_fmt *f)
{
    memset(f, 0, sizeof *f);
    f->format = c->format;
    if (c->width_given) {
        f->width = c->width;
    } else {
        size_t w = terminal_width();
        f->width = w ? w : 100;
    }
    f->unicode = textout_unicode(c->ascii);
    f->csv_raw = c->csv_raw;
    f->pretty = true;
    if (c->format == TF_TEXT && c->tz_set) { /* JSON and CSV stay in UTC */
        f->tz_offset_min = c->tz_off_min;
        f->tz_set = true;
    }
}

int
cli_output(const struct cli_common *c, struct tdoc *d, const char *csv_table)
{
    struct table_fmt f;
    cli_table_fmt(c, &f);
    f.csv_table = csv_table;
    int rc = tdoc_render(d, &f, stdout);
    tdoc_free(d);
    if (fflush(stdout) != 0)
        rc = -1;
    return rc == 0 ? 0 : 1;
}

bool
cli_start(struct cli_common *c, int argc, char **argv, const struct cli_opt *extra, int *rc,
          const char *help_fmt, ...)
{
    *rc = cli_parse(c, argc, argv, extra);
    if (*rc != 0)
        return false;
    if (!c->help)
        return true;
    va_list ap;
    va_start(ap, help_fmt);
    vprintf(help_fmt, ap);
    va_end(ap);
    cli_print_common_help(stdout);
    *rc = fflush(stdout) == 0 ? 0 : 1;
    return false;
}

int
cli_size_opt(const struct cli_common *c, const char *opt, const char *val, size_t *out, size_t min)
{
    if (val == NULL)
        return 0;
    if (cli_parse_count(val, min, out) != 0) {
        if (min > 1)
            fprintf(stderr, "caseflow %s: --%s takes a number of at least %zu (at most %llu)\n",
                    c->cmd, opt, min, CLI_COUNT_MAX);
        else
            fprintf(stderr, "caseflow %s: --%s takes a %snumber (at most %llu)\n", c->cmd, opt,
                    min ? "positive " : "", CLI_COUNT_MAX);
        return CF_EXIT_USAGE;
    }
    return 0;
}

void
cli_unload(struct event_log *log, struct selection *sel)
{
    selection_free(sel);
    eventlog_free(log);
}

void
cli_error(const struct cf_error *err)
{
    char buf[1024];
    struct cf_buf safe = {0};
    cf_error_format(err, buf, sizeof buf);
    cf_term_escape(&safe, buf, strlen(buf));
    fprintf(stderr, "caseflow: %s\n", safe.data ? safe.data : "");
    cf_buf_clear(&safe);
}

int
cli_parse_count(const char *s, size_t min, size_t *out)
{
    if (s == NULL || s[0] < '0' || s[0] > '9')
        return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end != '\0' || errno != 0 || v < min || v > CLI_COUNT_MAX)
        return -1;
    *out = (size_t)v;
    return 0;
}

/* Is the stream on fd XES? Peeks without consuming: pread for a regular file,
 * tee(2) for a pipe or FIFO (what the writer has sent so far, waiting briefly
 * while it is too little to tell). False when it cannot tell. */
static bool
sniff_fd(int fd)
{
    unsigned char head[4096];
    struct stat st;
    if (fstat(fd, &st) != 0)
        return false;
    if (S_ISREG(st.st_mode)) {
        off_t at = lseek(fd, 0, SEEK_CUR);
        ssize_t n = at < 0 ? -1 : pread(fd, head, sizeof head, at);
        return n > 0 && import_xes_sniff(head, (size_t)n);
    }
#ifdef HAVE_TEE
    if (!S_ISFIFO(st.st_mode))
        return false;
    int p[2];
    if (pipe(p) != 0)
        return false;
    bool xes = false;
    ssize_t last = -1;
    for (int tries = 0; tries < 50; tries++) {
        ssize_t n = tee(fd, p[1], sizeof head, 0);
        if (n <= 0)
            break;
        ssize_t got = read(p[0], head, (size_t)n);
        if (got <= 0)
            break;
        /* Drain what tee copied beyond our read (none: n <= sizeof head). */
        xes = import_xes_sniff(head, (size_t)got);
        size_t i = 0;
        while (i < (size_t)got && strchr(" \t\r\n", head[i]) != NULL)
            i++;
        bool gz = got >= 2 && head[0] == 0x1f && head[1] == 0x8b;
        if (xes || got == (ssize_t)sizeof head || got == last || (!gz && i < (size_t)got))
            break;
        last = got;
        nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
    }
    close(p[0]);
    close(p[1]);
    return xes;
#else
    return false;
#endif
}

/* Import from fd 0 as "-", then name the log and errors by path. */
static struct event_log *
import_by_format(const char *path, bool xes, const struct import_opts *o, struct cf_error *err)
{
    if (!xes && o->classifier != NULL) {
        cf_error_set(err, path, 0, "--classifier applies to XES logs only");
        return NULL;
    }
    return xes ? import_xes(path, o, err) : import_csv(path, o, err);
}

static struct event_log *
import_stdin_as(const char *path, bool xes, const struct import_opts *o, struct cf_error *err)
{
    struct event_log *log = import_by_format("-", xes, o, err);
    if (log != NULL) {
        free(log->name);
        log->name = xstrdup(path);
    } else if (strcmp(err->file, "-") == 0) {
        snprintf(err->file, sizeof err->file, "%s", path);
    }
    return log;
}

struct event_log *
cli_import(const char *path, const struct import_opts *o, struct cf_error *err)
{
    if (source_pg_is_conninfo(path)) {
        struct pg_source src = {path, o->db_table, o->db_query, o->order_col};
        return source_pg_import(path, &src, o, err);
    }
    if (o->format == IMPORT_FORMAT_AUTO && strcmp(path, "-") != 0 && snapshot_is(path))
        return snapshot_open(path, err);
    bool xes = o->format == IMPORT_FORMAT_XES;
    if (o->format == IMPORT_FORMAT_AUTO) {
        struct stat st;
        if (strcmp(path, "-") == 0) {
            xes = sniff_fd(0);
        } else if (stat(path, &st) == 0 && S_ISFIFO(st.st_mode)) {
            /* A FIFO is opened once: a second open would wait for a new writer
             * once this one has written everything and gone. It is read as
             * stdin for the time of the import. */
            int fd = open(path, O_RDONLY);
            int saved = fd >= 0 ? dup(0) : -1;
            if (saved >= 0 && dup2(fd, 0) == 0) {
                close(fd);
                struct event_log *log = import_stdin_as(path, sniff_fd(0), o, err);
                dup2(saved, 0);
                close(saved);
                return log;
            }
            if (fd >= 0)
                close(fd);
            if (saved >= 0)
                close(saved);
        } else {
            xes = import_is_xes(path);
        }
    }
    return import_by_format(path, xes, o, err);
}

int
cli_load(struct cli_common *c, struct event_log **log, struct selection **sel)
{
    struct cf_error err = {0};
    const char *path = c->n_args > 0 ? c->args[0] : "-";

    *log = NULL;
    *sel = NULL;
    if (c->n_args > 1) {
        char extra[256];
        fprintf(stderr,
                "caseflow %s: one LOG at a time: extra argument '%s' (see caseflow %s --help)\n",
                c->cmd ? c->cmd : "", cf_term_safe(extra, sizeof extra, c->args[1]),
                c->cmd ? c->cmd : "");
        return CF_EXIT_USAGE;
    }
    if (c->n_args == 0 && isatty(STDIN_FILENO))
        fprintf(stderr,
                "caseflow %s: no LOG given: reading the log from stdin (end it with Ctrl-D; "
                "give - to read stdin without this note)\n",
                c->cmd ? c->cmd : "");
    *log = cli_import(path, &c->import, &err);
    if (*log == NULL) {
        cli_error(&err);
        return err.usage ? CF_EXIT_USAGE : CF_EXIT_INPUT;
    }
    char note[256] = "";
    if (cli_postload(c, *log, note, sizeof note, &err) != 0) {
        cli_error(&err);
        eventlog_free(*log);
        *log = NULL;
        return CF_EXIT_USAGE;
    }
    if (note[0] != '\0')
        fprintf(stderr, "caseflow: %s\n", note);
    c->tz_set =
        cli_display_tz(c->display_tz, *log, &c->tz_off_min, c->tz_label, sizeof c->tz_label) == 0;
    if ((*log)->report.warning[0] != '\0') {
        struct cf_buf w = {0};
        const char *name = strcmp(path, "-") == 0 ? "(stdin)" : path;
        cf_term_escape(&w, name, strlen(name));
        cf_buf_append(&w, ": warning: ", 11);
        cf_term_escape(&w, (*log)->report.warning, strlen((*log)->report.warning));
        fprintf(stderr, "caseflow: %s\n", w.data);
        cf_buf_clear(&w);
    }
    *sel = selection_new((*log)->n_cases, true);
    struct cf_buf notes = {0};
    int frc = cli_apply_filters_notes(c, *log, *sel, &notes, &err);
    char *line = notes.data;
    while (line != NULL && *line != '\0') {
        char *nl = strchr(line, '\n');
        if (nl != NULL)
            *nl = '\0';
        cf_term_fputs(line, stderr);
        fputc('\n', stderr);
        line = nl != NULL ? nl + 1 : NULL;
    }
    cf_buf_clear(&notes);
    if (frc != 0) {
        cli_error(&err);
        selection_free(*sel);
        eventlog_free(*log);
        *sel = NULL;
        *log = NULL;
        return CF_EXIT_USAGE;
    }
    return CF_EXIT_OK;
}

/* CSV import: chunks, gzip, stdin, sniffed delimiter, guessed roles; quotes parsed by libcsv. */
/* SPDX-License-Identifier: MIT */
#include "import_csv.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "reshape.h"
#include "readahead.h"
#include "textenc.h"
#include "timeparse.h"
#include "tzconv.h"

#define CHUNK (256 * 1024)
#define SNIFF_RECORDS 20
#define PROGRESS_EVERY 8192
#define MAX_ACT_COLS 8
#define NO_COL SIZE_MAX

/* ------------------------------------------------------------------ input */

/* Where bytes come from: a gzFile (files, stdin; plain files pass through),
 * a memory buffer, or a gzip stream in a memory buffer. */
struct source {
    gzFile gz;
    const unsigned char *mem;
    size_t mem_len, mem_pos;
    z_stream zs;
    bool inflating, zs_end;
    unsigned char *buf;   /* CHUNK bytes, for gz and inflate */
    struct readahead *ra; /* a gzip regular file: inflated on a second thread */
    size_t total;         /* input size when known (progress), else 0 */

    /* A caller's reader (import_csv_reader), or NULL; read_pos: bytes it gave. */
    import_read_fn read;
    void *read_ud;
    size_t read_pos;
};

/* The next chunk: returns 1 with *data and *len, 0 at the end, -1 with msg set. */
static int
source_next(struct source *s, const unsigned char **data, size_t *len, char *msg, size_t msz)
{
    if (s->read != NULL) {
        long n = s->read(s->read_ud, s->buf, CHUNK, msg, msz);
        if (n < 0)
            return -1;
        *data = s->buf;
        *len = (size_t)n;
        s->read_pos += (size_t)n;
        return n > 0;
    }
    if (s->ra != NULL)
        return readahead_next(s->ra, data, len, msg, msz);
    if (s->gz != NULL) {
        int n = gzread(s->gz, s->buf, CHUNK);
        int errnum = Z_OK;
        const char *zmsg = gzerror(s->gz, &errnum);
        if (n < 0 || (n == 0 && errnum != Z_OK)) {
            /* zlib prefixes its messages with the path ("<fd:3>: ..."). */
            const char *colon = zmsg ? strstr(zmsg, ": ") : NULL;
            if (colon != NULL)
                zmsg = colon + 2;
            snprintf(msg, msz, "cannot read: %s",
                     errnum == Z_ERRNO ? strerror(errno) : (zmsg && *zmsg ? zmsg : "gzip error"));
            return -1;
        }
        *data = s->buf;
        *len = (size_t)n;
        return n > 0;
    }
    if (!s->inflating) {
        size_t n = s->mem_len - s->mem_pos;
        if (n > CHUNK)
            n = CHUNK;
        *data = s->mem + s->mem_pos;
        *len = n;
        s->mem_pos += n;
        return n > 0;
    }
    /* gzip data in memory: inflate, following concatenated members. */
    s->zs.next_out = s->buf;
    s->zs.avail_out = CHUNK;
    while (s->zs.avail_out > 0 && !s->zs_end) {
        if (s->zs.avail_in == 0) {
            size_t left = s->mem_len - s->mem_pos;
            if (left == 0) {
                snprintf(msg, msz, "cannot read: unexpected end of file");
                return -1;
            }
            s->zs.next_in = (Bytef *)(uintptr_t)(s->mem + s->mem_pos);
            s->zs.avail_in = left > UINT_MAX ? UINT_MAX : (unsigned)left;
            s->mem_pos += s->zs.avail_in;
        }
        int rc = inflate(&s->zs, Z_NO_FLUSH);
        if (rc == Z_STREAM_END) {
            if (s->zs.avail_in >= 2 && s->zs.next_in[0] == 0x1f && s->zs.next_in[1] == 0x8b)
                inflateReset(&s->zs);
            else
                s->zs_end = true;
        } else if (rc != Z_OK) {
            snprintf(msg, msz, "cannot read: gzip: %s", s->zs.msg ? s->zs.msg : "bad data");
            return -1;
        }
    }
    *data = s->buf;
    *len = CHUNK - s->zs.avail_out;
    return *len > 0;
}

/* Compressed bytes consumed so far, for progress. */
static size_t
source_offset(struct source *s)
{
    if (s->read != NULL)
        return s->read_pos;
    if (s->ra != NULL)
        return readahead_offset(s->ra);
    if (s->gz != NULL) {
        z_off_t o = gzoffset(s->gz);
        return o > 0 ? (size_t)o : 0;
    }
    return s->inflating ? s->mem_pos - s->zs.avail_in : s->mem_pos;
}

static void
source_close(struct source *s)
{
    readahead_stop(s->ra); /* before gzclose: the thread reads through gz */
    if (s->gz != NULL)
        gzclose(s->gz);
    if (s->inflating)
        inflateEnd(&s->zs);
    free(s->buf);
}

/* ------------------------------------------------------------------ state */

struct importer {
    struct import_opts ocopy; /* the options, the delimiter filled in when sniffed */
    bool first;               /* no input fed yet */
    bool reserved;            /* the log's size estimated (reserve_events) */
    const struct import_opts *o;
    struct import_opts *mo; /* the same, for reshape_header to fill in */
    struct reshape rs;      /* core/reshape.c: the row-level stage */
    struct tzconv *tz;      /* --timezone, or NULL */
    struct textenc *enc;    /* --encoding conversion, or the UTF-8 check */
    struct offset_hist offsets;
    const char *name;     /* for messages */
    const char *log_name; /* for the log: the path, "-" for stdin */
    struct cf_error *err;
    bool failed;
    struct source *src;

    /* Position: the physical line being fed, where the record began. */
    char sep; /* line terminator used for counting: '\n', or '\r' for CR-only files */
    size_t line, rec_line, header_line;
    size_t n_records;    /* data records seen, for progress */
    struct cf_buf carry; /* a line cut by the end of a chunk */

    /* A record that needs libcsv (see csv_line): the parser, its raw lines
     * (to read again after its first line if it turns out malformed past
     * that line), and what was wrong with it. */
    bool in_record;
    struct csv_parser csv;
    int last_row_c;        /* what ended libcsv's last row (-2: a field came after) */
    bool skip_line;        /* the rest of the line is to be read again */
    size_t cur_n;          /* length of the line being fed */
    size_t field_line;     /* where libcsv's last field ended */
    struct cf_buf rec_raw; /* the record's physical lines */
    const char *rec_bad;   /* why the record is malformed, or NULL */
    size_t rec_bad_field, rec_bad_line;
    struct cf_buf replay; /* lines to read again, from replay_pos */
    size_t replay_pos;

    /* The current record: n views; libcsv's fields are first copied into buf. */
    const char **fptr;
    size_t *flen;
    size_t nf, fcap;
    char *buf;
    size_t blen, bcap;
    size_t *foff;

    /* Header and roles. */
    bool have_header;
    size_t ncols;
    char **cols;
    size_t case_col, time_col, res_col;
    size_t act_cols[MAX_ACT_COLS], n_act;
    size_t *attr_cols, n_attrs;
    const char **attr_vals;
    size_t *attr_lens;
    struct cf_buf act;  /* joined activity */
    struct cf_buf tbuf; /* a timestamp, NUL-terminated for strptime */

    struct eventlog_builder *b;
    struct import_report *rep;

    /* Timestamps. */
    enum timeparse_order order;
    bool order_from_data;
    size_t order_line;
    char order_sample[48];
    size_t n_kind[TIMEPARSE__COUNT];
    /* The column's first timestamp: YYYYMMDD and Excel serial days are taken
     * only when it has that form (a whole column of them). */
    int first_kind; /* enum timeparse_kind + 1; 0 before the first */
    size_t first_line;
    char first_sample[48];
    size_t n_strptime;
    size_t n_first_rule; /* rows whose use hung on first_kind (YYYYMMDD, serial days) */
    size_t header_end;   /* the line the header record ended on */
    /* Rows held back while NN/NN/YYYY dates are ambiguous: see hold_row. */
    bool holding;
    struct cf_buf pending;
    size_t ambig_line;
    char ambig_sample[48];
};

static void fail(struct importer *im, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
fail(struct importer *im, size_t line, const char *fmt, ...)
{
    char msg[sizeof im->err->msg];
    va_list ap;
    if (im->failed)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cf_error_set(im->err, im->name, line, "%s", msg);
    im->failed = true;
}

/* Copy a value for a message: at most max bytes, control characters as '?',
 * never cutting a UTF-8 sequence. */
static void
quote_value(char *out, size_t size, const char *s, size_t n, size_t max)
{
    size_t o = 0;
    bool cut = n > max;
    if (cut) {
        n = max;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    for (size_t i = 0; i < n && o + 1 < size; i++)
        out[o++] = (unsigned char)s[i] < 0x20 ? '?' : s[i];
    if (cut && o + 3 < size) {
        memcpy(out + o, "...", 3);
        o += 3;
    }
    out[o] = '\0';
}

/* "a, b, c" of the header names, shortened to fit. */
static void
list_columns(const struct importer *im, char *out, size_t size)
{
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < im->ncols; i++) {
        int w = snprintf(out + o, size - o, "%s%s", i ? ", " : "", im->cols[i]);
        if (w < 0 || (size_t)w >= size - o) {
            if (size > 4)
                memcpy(out + size - 4, "...", 4);
            return;
        }
        o += (size_t)w;
    }
}

/* ------------------------------------------------------------------ roles */

/* Header names people use for each role, compared lower-case without
 * ' ', '_', ':', '-' and '.', in order of preference. */
static const char *const case_names[] = {"caseid",
                                         "case",
                                         "caseconceptname",
                                         "casekey",
                                         "casenumber",
                                         "casenr",
                                         "caseref",
                                         "opportunityid",
                                         "opportunity",
                                         "ticketid",
                                         "ticket",
                                         "ticketnumber",
                                         "dealid",
                                         "deal",
                                         "sessionid",
                                         "session",
                                         "traceid",
                                         "trace",
                                         "incidentid",
                                         "issuekey",
                                         "issueid",
                                         "orderid",
                                         "processinstanceid",
                                         "instanceid",
                                         "applicationid",
                                         "recordid",
                                         "record",
                                         "documentkey",
                                         "userpseudoid",
                                         NULL};
static const char *const act_names[] = {
    "activity",  "conceptname", "activityname", "eventname",  "stagename", "stage",
    "event",     "status",      "newstatus",    "statusname", "action",    "step",
    "stepname",  "task",        "taskname",     "state",      "operation", "activitytype",
    "eventtype", "tostring",    "tostatus",     "newvalue",   "newstage",  NULL};
static const char *const time_names[] = {"timestamp",
                                         "timetimestamp",
                                         "completetimestamp",
                                         "completetime",
                                         "endtimestamp",
                                         "eventtimestamp",
                                         "eventtime",
                                         "datetime",
                                         "changedat",
                                         "changedate",
                                         "createddate",
                                         "createdat",
                                         "occurredat",
                                         "updatedat",
                                         "time",
                                         "date",
                                         "eventdate",
                                         "starttimestamp",
                                         "starttime",
                                         "endtime",
                                         "ts",
                                         "syscreatedon",
                                         "changeddate",
                                         "created",
                                         NULL};
static const char *const res_names[] = {
    "resource",  "orgresource", "user",         "username",  "userid",      "agent",
    "assignee",  "owner",       "ownerid",      "ownername", "createdbyid", "createdby",
    "changedby", "performer",   "actor",        "employee",  "author",      "operator",
    "staff",     "updaterid",   "syscreatedby", "dealowner", NULL};
/* Fallbacks when no exact name matched: a normalised name containing these. */
static const char *const case_parts[] = {"caseid", "case", NULL};
static const char *const act_parts[] = {"activity", "stage", "event", "status", NULL};
static const char *const time_parts[] = {"timestamp", "datetime", "time", "date", NULL};

static void
normalise(const char *s, char *out, size_t size)
{
    size_t o = 0;
    for (; *s && o + 1 < size; s++) {
        if (*s == ' ' || *s == '_' || *s == ':' || *s == '-' || *s == '.' || *s == '\t')
            continue;
        out[o++] = (char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
    }
    out[o] = '\0';
}

/* The first unused column whose normalised name equals (or, with partial,
 * contains) a name of the list, by the list's order; NO_COL if none. */
static size_t
guess_col(const struct importer *im, const char *const *names, const bool *used, bool partial)
{
    char norm[256];
    for (const char *const *n = names; *n != NULL; n++) {
        for (size_t i = 0; i < im->ncols; i++) {
            if (used[i])
                continue;
            normalise(im->cols[i], norm, sizeof norm);
            /* "From Status" / "OldValue" name what a change replaced. */
            if (partial && (strncmp(norm, "from", 4) == 0 || strncmp(norm, "old", 3) == 0 ||
                            strncmp(norm, "prev", 4) == 0))
                continue;
            if (partial ? strstr(norm, *n) != NULL : strcmp(norm, *n) == 0)
                return i;
        }
    }
    return NO_COL;
}

/* A column named exactly name, else case-insensitively; NO_COL if none. */
static size_t
named_col(const struct importer *im, const char *name, size_t len)
{
    for (size_t i = 0; i < im->ncols; i++)
        if (strlen(im->cols[i]) == len && memcmp(im->cols[i], name, len) == 0)
            return i;
    for (size_t i = 0; i < im->ncols; i++)
        if (strlen(im->cols[i]) == len && strncasecmp(im->cols[i], name, len) == 0)
            return i;
    return NO_COL;
}

static void
fail_no_column(struct importer *im, const char *opt, const char *name, size_t len)
{
    char cols[400];
    list_columns(im, cols, sizeof cols);
    fail(im, im->header_line, "no column \"%.*s\" (--%s); columns: %s", (int)len, name, opt, cols);
}

static void
fail_no_role(struct importer *im, const char *what, const char *opt)
{
    char cols[400];
    list_columns(im, cols, sizeof cols);
    fail(im, im->header_line, "no %s column found (name it with --%s COL); columns: %s", what, opt,
         cols);
}

/* One role column from an option (exact name, then any case) or guessed. */
static size_t
pick_role(struct importer *im, const char *opt_val, const char *opt, const char *const *names,
          const char *const *parts, bool *used)
{
    size_t c;
    if (opt_val != NULL) {
        c = named_col(im, opt_val, strlen(opt_val));
        if (c == NO_COL)
            fail_no_column(im, opt, opt_val, strlen(opt_val));
    } else {
        c = names != NULL ? guess_col(im, names, used, false) : NO_COL;
        if (c == NO_COL && parts != NULL)
            c = guess_col(im, parts, used, true);
    }
    if (c != NO_COL)
        used[c] = true;
    return c;
}

/* The activity column(s): "--activity a,b" names several, joined with '+'. */
static void
pick_activity(struct importer *im, bool *used)
{
    const char *v = im->o->activity_col;
    im->n_act = 0;
    if (v == NULL || named_col(im, v, strlen(v)) != NO_COL) {
        size_t c = pick_role(im, v, "activity", act_names, act_parts, used);
        if (c != NO_COL)
            im->act_cols[im->n_act++] = c;
        return;
    }
    for (const char *p = v;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        size_t c = named_col(im, p, len);
        if (c == NO_COL) {
            fail_no_column(im, "activity", p, len);
            return;
        }
        if (im->n_act == MAX_ACT_COLS) {
            fail(im, im->header_line, "--activity: at most %d columns", MAX_ACT_COLS);
            return;
        }
        im->act_cols[im->n_act++] = c;
        used[c] = true;
        if (comma == NULL)
            break;
        p = comma + 1;
    }
}

/* Decide every column's role from the header; fills the report's names. */
static void
assign_roles(struct importer *im)
{
    const struct import_opts *o = im->o;
    bool *used = xcalloc(im->ncols, sizeof *used);

    /* Named columns first, so that guesses never take them. */
    im->case_col = im->time_col = im->res_col = NO_COL;
    for (size_t k = 0; k < im->rs.n_case; k++)
        used[im->rs.case_cols[k]] = true;
    for (size_t k = 0; k < im->rs.n_wide; k++)
        used[im->rs.wide_cols[k]] = true;
    bool wide = im->rs.n_wide > 0;
    if (im->rs.n_case > 0)
        im->case_col = im->rs.case_cols[0];
    else if (o->case_col)
        im->case_col = pick_role(im, o->case_col, "case", NULL, NULL, used);
    if (o->time_col && !im->failed && !wide)
        im->time_col = pick_role(im, o->time_col, "timestamp", NULL, NULL, used);
    if (o->activity_col && !im->failed && !wide)
        pick_activity(im, used);
    if (o->resource_col && o->resource_col[0] && !im->failed)
        im->res_col = pick_role(im, o->resource_col, "resource", NULL, NULL, used);
    if (!o->case_col && !im->failed)
        im->case_col = pick_role(im, NULL, "case", case_names, NULL, used);
    if (!o->time_col && !im->failed && !wide)
        im->time_col = pick_role(im, NULL, "timestamp", time_names, NULL, used);
    if (!o->activity_col && !im->failed && !wide)
        pick_activity(im, used);
    if (im->case_col == NO_COL && !im->failed)
        im->case_col = pick_role(im, NULL, "case", NULL, case_parts, used);
    if (im->time_col == NO_COL && !im->failed && !wide)
        im->time_col = pick_role(im, NULL, "timestamp", NULL, time_parts, used);
    if (!o->resource_col && !im->failed)
        im->res_col = pick_role(im, NULL, "resource", res_names, NULL, used);

    if (!im->failed && im->case_col == NO_COL)
        fail_no_role(im, "case id", "case");
    else if (!im->failed && im->n_act == 0 && !wide)
        fail_no_role(im, "activity", "activity");
    else if (!im->failed && im->time_col == NO_COL && !wide)
        fail_no_role(im, "timestamp", "timestamp");
    if (im->failed) {
        free(used);
        return;
    }

    im->attr_cols = xmalloc(im->ncols * sizeof *im->attr_cols);
    const char **names = xmalloc(im->ncols * sizeof *names);
    im->n_attrs = 0;
    for (size_t i = 0; i < im->ncols; i++)
        if (!used[i]) {
            names[im->n_attrs] = im->cols[i];
            im->attr_cols[im->n_attrs++] = i;
        }
    im->attr_vals = xcalloc(im->n_attrs, sizeof *im->attr_vals);
    im->attr_lens = xcalloc(im->n_attrs, sizeof *im->attr_lens);
    im->b = eventlog_builder_new(im->log_name, im->n_attrs, names);
    free(names);
    free(used);

    struct import_report *r = im->rep = eventlog_builder_report(im->b);
    eventlog_builder_set_collapse(im->b, o->reshape.collapse_repeats);
    snprintf(r->case_col, sizeof r->case_col, "%s", im->cols[im->case_col]);
    for (size_t k = 1; k < im->rs.n_case; k++)
        snprintf(r->case_col + strlen(r->case_col), sizeof r->case_col - strlen(r->case_col), ",%s",
                 im->cols[im->rs.case_cols[k]]);
    if (wide) {
        snprintf(r->time_col, sizeof r->time_col, "(--wide: %zu stage columns)", im->rs.n_wide);
        snprintf(r->activity_col, sizeof r->activity_col, "(--wide: the stage of the column)");
    } else {
        snprintf(r->time_col, sizeof r->time_col, "%s", im->cols[im->time_col]);
    }
    if (im->res_col != NO_COL)
        snprintf(r->resource_col, sizeof r->resource_col, "%s", im->cols[im->res_col]);
    size_t off = 0;
    for (size_t k = 0; k < im->n_act && off < sizeof r->activity_col && !wide; k++) {
        int w = snprintf(r->activity_col + off, sizeof r->activity_col - off, "%s%s", k ? "+" : "",
                         im->cols[im->act_cols[k]]);
        off += w > 0 ? (size_t)w : 0;
    }
}

/* ------------------------------------------------------------------ rows */

/* Outcomes of a row's timestamp: usable, rejected, or held back (see hold_row). */
enum { ROW_OK, ROW_REJECTED, ROW_DEFER };

/* Count a rejected row; with --strict it ends the import. */
static void reject(struct importer *im, enum cf_reject why, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
reject(struct importer *im, enum cf_reject why, size_t line, const char *fmt, ...)
{
    struct import_report *r = im->rep;
    char detail[1024];
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    size_t k = r->rejected[why]++;
    if (k < CF_REJ_KEEP_LINES)
        r->first_lines[why][k] = line;
    if (k == 0)
        cf_str_fit(r->first_detail[why], sizeof r->first_detail[why], detail,
                   w < 0                       ? 0
                   : (size_t)w < sizeof detail ? (size_t)w
                                               : sizeof detail - 1);
    if (im->o->strict) {
        const char *why_text = cf_reject_text(why);
        if (strncmp(detail, why_text, strlen(why_text)) == 0)
            fail(im, line, "%s (row rejected: --strict)", detail);
        else
            fail(im, line, "%s: %s (row rejected: --strict)", why_text, detail);
    }
}

/* Digits with an optional leading sign and one decimal point or comma. */
static bool
is_number(const char *s)
{
    bool digits = false, point = false;
    if (*s == '-' || *s == '+')
        s++;
    for (; *s != '\0'; s++) {
        if (*s >= '0' && *s <= '9')
            digits = true;
        else if ((*s == '.' || *s == ',') && !point)
            point = true;
        else
            return false;
    }
    return digits;
}

static void
set_order_from_data(struct importer *im, enum timeparse_order ord, size_t line, const char *s,
                    size_t n)
{
    im->order = ord;
    im->order_from_data = true;
    im->order_line = line;
    quote_value(im->order_sample, sizeof im->order_sample, s, n, 32);
}

/* A wall-clock time read in --timezone: to UTC, its offset counted. */
static void
naive_in_zone(struct importer *im, int64_t *ms)
{
    int off;
    *ms = tzconv_to_utc(im->tz, *ms, &off);
    offset_hist_add(&im->offsets, off);
}

/* YYYY-MM-DD at the start (after blanks): a format timeparse knows. */
static bool
looks_iso(const char *s, size_t n)
{
    while (n > 0 && (*s == ' ' || *s == '\t'))
        s++, n--;
    if (n < 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    return true;
}

/* A strptime format for a rejected value, as an example in the message. */
static const char *
time_format_example(const char *s, size_t n)
{
    bool dot = memchr(s, '.', n) != NULL, slash = memchr(s, '/', n) != NULL;
    bool clock = memchr(s, ':', n) != NULL;
    bool ampm = n >= 2 && (s[n - 1] == 'M' || s[n - 1] == 'm');
    if (slash)
        return ampm ? "%m/%d/%Y %I:%M %p" : clock ? "%d/%m/%Y %H:%M" : "%d/%m/%Y";
    if (dot)
        return clock ? "%d.%m.%Y %H:%M:%S" : "%d.%m.%Y";
    bool alpha = false;
    for (size_t i = 0; i < n && !alpha; i++)
        alpha = (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z');
    if (alpha)
        return clock ? "%d %b %Y %H:%M" : "%d %b %Y";
    return clock ? "%Y-%m-%d %H:%M:%S" : "%Y%m%d";
}

/*
 * The timestamp of a row: ROW_OK and *ms; ROW_REJECTED (counted); ROW_DEFER
 * when it is an ambiguous NN/NN/YYYY date and the order is not known yet.
 */
static int
row_time(struct importer *im, const char *s, size_t n, size_t line, int64_t *ms)
{
    char q[80];
    if (im->o->time_format != NULL) {
        im->n_strptime++;
        im->tbuf.len = 0;
        cf_buf_append(&im->tbuf, s, n);
        if (timeparse_strptime(im->tbuf.data, im->o->time_format, ms) == 0) {
            if (im->tz != NULL && strstr(im->o->time_format, "%z") == NULL)
                naive_in_zone(im, ms);
            return ROW_OK;
        }
        quote_value(q, sizeof q, s, n, 60);
        reject(im, CF_REJ_BAD_TIME, line, "bad timestamp \"%s\" (--time-format %s)", q,
               im->o->time_format);
        return ROW_REJECTED;
    }
    struct timeparse_result r;
    timeparse_auto(s, n, &r);
    im->n_kind[r.kind]++;
    if (r.kind == TIMEPARSE_EMPTY) {
        reject(im, CF_REJ_BAD_TIME, line, "empty \"%s\"", im->rep->time_col);
        return ROW_REJECTED;
    }
    if (im->first_kind == 0 && r.kind != TIMEPARSE_BAD) {
        im->first_kind = (int)r.kind + 1;
        im->first_line = line;
        quote_value(im->first_sample, sizeof im->first_sample, s, n, 32);
    }
    im->n_first_rule += r.kind == TIMEPARSE_COMPACT || r.kind == TIMEPARSE_SERIAL;
    if ((r.kind == TIMEPARSE_COMPACT || r.kind == TIMEPARSE_SERIAL) &&
        im->first_kind != (int)r.kind + 1) {
        im->n_kind[r.kind]--;
        quote_value(q, sizeof q, s, n, 60);
        reject(im, CF_REJ_BAD_TIME, line,
               "bad timestamp \"%s\" (looks like %s, but the column's first timestamp, line %zu, "
               "does not: use --time-format)",
               q, r.kind == TIMEPARSE_COMPACT ? "YYYYMMDD" : "an Excel serial day", im->first_line);
        return ROW_REJECTED;
    }
    if (r.kind == TIMEPARSE_NUMERIC && im->order == TIMEPARSE_ORDER_UNKNOWN) {
        if (r.dmy_ok && r.mdy_ok && r.dmy_ms != r.mdy_ms) {
            if (im->ambig_line == 0) {
                im->ambig_line = line;
                quote_value(im->ambig_sample, sizeof im->ambig_sample, s, n, 32);
            }
            return ROW_DEFER;
        }
        if (r.dmy_ok != r.mdy_ok)
            set_order_from_data(im, r.dmy_ok ? TIMEPARSE_ORDER_DMY : TIMEPARSE_ORDER_MDY, line, s,
                                n);
    } else if (r.kind == TIMEPARSE_NUMERIC && im->order_from_data) {
        bool ok = im->order == TIMEPARSE_ORDER_DMY ? r.dmy_ok : r.mdy_ok;
        bool other = im->order == TIMEPARSE_ORDER_DMY ? r.mdy_ok : r.dmy_ok;
        if (!ok && other) {
            quote_value(q, sizeof q, s, n, 32);
            const char *now = im->order == TIMEPARSE_ORDER_DMY ? "MM/DD/YYYY" : "DD/MM/YYYY";
            const char *before = im->order == TIMEPARSE_ORDER_DMY ? "DD/MM/YYYY" : "MM/DD/YYYY";
            fail(im, line,
                 "date \"%s\" is %s but line %zu (\"%s\") was %s: mixed date orders "
                 "(use --time-format)",
                 q, now, im->order_line, im->order_sample, before);
            return ROW_REJECTED;
        }
    }
    if (timeparse_resolve(&r, im->order, ms) == 0) {
        /* The dominant offset: every row of the first 4096 lines, then one line in
         * 64 (by line number, which a parser of a file's second half knows). */
        if (r.kind == TIMEPARSE_ISO && (line < 4096 || (line & 63) == 0)) {
            int off;
            if (reshape_offset_of(s, n, &off) == 0)
                offset_hist_add(&im->offsets, off);
        } else if (im->tz != NULL && (r.kind == TIMEPARSE_NAIVE || r.kind == TIMEPARSE_NUMERIC)) {
            naive_in_zone(im, ms);
        }
        return ROW_OK;
    }
    quote_value(q, sizeof q, s, n, 60);
    if (r.kind == TIMEPARSE_NUMERIC)
        reject(im, CF_REJ_BAD_TIME, line, "bad timestamp \"%s\" (not a %s date)", q,
               im->order == TIMEPARSE_ORDER_DMY ? "DD/MM/YYYY" : "MM/DD/YYYY");
    else if (is_number(q))
        reject(im, CF_REJ_BAD_TIME, line,
               "bad timestamp \"%s\" (a number, but no epoch time of 1990-2100, YYYYMMDD date "
               "or Excel serial day: use --time-format)",
               q);
    else if (looks_iso(s, n)) /* a known format with a field out of range */
        reject(im, CF_REJ_BAD_TIME, line, "bad timestamp \"%s\"", q);
    else
        reject(im, CF_REJ_BAD_TIME, line,
               "bad timestamp \"%s\" (give its format with --time-format, e.g. '%s')", q,
               time_format_example(s, n));
    return ROW_REJECTED;
}

#define FIELD(im, i) ((im)->fptr[i])

/* The fields of an event, all but its activity and time. */
static void
row_attrs(struct importer *im)
{
    for (size_t a = 0; a < im->n_attrs; a++) {
        im->attr_vals[a] = FIELD(im, im->attr_cols[a]);
        im->attr_lens[a] = im->flen[im->attr_cols[a]];
    }
}

/* --wide: one event per stage column holding a timestamp. */
static int
wide_row(struct importer *im, const char *cid, size_t clen, size_t line)
{
    struct import_report *r = im->rep;
    const struct reshape *rs = &im->rs;
    const char *res = im->res_col != NO_COL ? FIELD(im, im->res_col) : NULL;
    size_t rlen = im->res_col != NO_COL ? im->flen[im->res_col] : 0, made = 0, bad = 0;
    /* An ambiguous date defers the whole row before any event is made. */
    for (size_t k = 0; k < rs->n_wide && im->order == TIMEPARSE_ORDER_UNKNOWN; k++) {
        size_t c = rs->wide_cols[k];
        struct timeparse_result t;
        if (im->flen[c] == 0 || im->o->time_format != NULL)
            continue;
        timeparse_auto(FIELD(im, c), im->flen[c], &t);
        if (t.kind == TIMEPARSE_NUMERIC && t.dmy_ok && t.mdy_ok && t.dmy_ms != t.mdy_ms) {
            if (im->ambig_line == 0) {
                im->ambig_line = line;
                quote_value(im->ambig_sample, sizeof im->ambig_sample, FIELD(im, c), im->flen[c],
                            32);
            }
            r->rows--;
            return ROW_DEFER;
        }
    }
    row_attrs(im);
    for (size_t k = 0; k < rs->n_wide; k++) {
        size_t c = rs->wide_cols[k];
        int64_t ms;
        if (im->flen[c] == 0)
            continue;
        if (row_time(im, FIELD(im, c), im->flen[c], line, &ms) != ROW_OK) {
            bad++;
            continue;
        }
        const char *act = rs->wide_act[k];
        eventlog_builder_add(im->b, cid, clen, act, strlen(act), ms, res, rlen, line, im->attr_vals,
                             im->attr_lens);
        made++;
    }
    r->wide_events += made;
    if (made > 0)
        r->accepted++;
    else if (bad == 0)
        r->skipped_empty++;
    return ROW_OK;
}

/* Turn the current record into an event, or count why not. */
static int
process_row(struct importer *im, size_t line)
{
    struct import_report *r = im->rep;
    r->rows++;
    if (im->nf != im->ncols) {
        reject(im, CF_REJ_FIELD_COUNT, line, "%zu fields, header has %zu", im->nf, im->ncols);
        return ROW_OK;
    }
    if ((im->rs.keep_col != NO_COL || im->rs.changes != NULL) &&
        !reshape_keep(&im->rs, im->fptr, im->flen))
        return ROW_OK;
    const char *cid = FIELD(im, im->case_col);
    size_t clen = im->flen[im->case_col];
    if (im->rs.n_case > 0)
        cid = reshape_case(&im->rs, im->fptr, im->flen, &clen);
    if (clen == 0) {
        reject(im, CF_REJ_MISSING_CASE, line, "empty \"%s\"", r->case_col);
        return ROW_OK;
    }
    if (im->rs.n_wide > 0)
        return wide_row(im, cid, clen, line);
    const char *act;
    size_t alen;
    if (im->n_act == 1) {
        act = FIELD(im, im->act_cols[0]);
        alen = im->flen[im->act_cols[0]];
    } else {
        im->act.len = 0;
        for (size_t k = 0; k < im->n_act; k++) {
            size_t c = im->act_cols[k];
            if (im->flen[c] == 0)
                continue;
            if (im->act.len > 0)
                cf_buf_append(&im->act, "+", 1);
            cf_buf_append(&im->act, FIELD(im, c), im->flen[c]);
        }
        act = im->act.data;
        alen = im->act.len;
    }
    if (alen == 0) {
        reject(im, CF_REJ_MISSING_ACTIVITY, line, "empty \"%s\"", r->activity_col);
        return ROW_OK;
    }
    int64_t ms;
    int t = row_time(im, FIELD(im, im->time_col), im->flen[im->time_col], line, &ms);
    if (t == ROW_DEFER) {
        r->rows--; /* counted again when replayed */
        return ROW_DEFER;
    }
    if (t != ROW_OK)
        return ROW_OK;
    const char *res = NULL;
    size_t rlen = 0;
    if (im->res_col != NO_COL) {
        res = FIELD(im, im->res_col);
        rlen = im->flen[im->res_col];
    }
    row_attrs(im);
    eventlog_builder_add(im->b, cid, clen, act, alen, ms, res, rlen, line, im->attr_vals,
                         im->attr_lens);
    r->accepted++;
    return ROW_OK;
}

/*
 * While the first ambiguous NN/NN/YYYY date waits for a row that tells the
 * order, every row is held back in order (so that case numbering, ties and
 * the first rejected lines stay in file order), then replayed.
 */
static void
hold_row(struct importer *im, size_t line)
{
    struct cf_buf *p = &im->pending;
    cf_buf_append(p, (const char *)&line, sizeof line);
    cf_buf_append(p, (const char *)&im->nf, sizeof im->nf);
    for (size_t i = 0; i < im->nf; i++) {
        cf_buf_append(p, (const char *)&im->flen[i], sizeof im->flen[i]);
        cf_buf_append(p, FIELD(im, i), im->flen[i]);
    }
}

static void row_push_field(struct importer *im, const char *s, size_t len);
static void row_views(struct importer *im);

static void
replay_held(struct importer *im)
{
    const char *p = im->pending.data, *end = p + im->pending.len;
    while (p < end && !im->failed) {
        size_t line, nf, len;
        memcpy(&line, p, sizeof line);
        p += sizeof line;
        memcpy(&nf, p, sizeof nf);
        p += sizeof nf;
        im->nf = 0;
        im->blen = 0;
        for (size_t i = 0; i < nf; i++) {
            memcpy(&len, p, sizeof len);
            p += sizeof len;
            row_push_field(im, p, len);
            p += len;
        }
        row_views(im);
        process_row(im, line);
    }
    cf_buf_clear(&im->pending);
    im->holding = false;
}

/* Does this row tell the date order (an NN/NN/YYYY date valid one way only)? */
static enum timeparse_order
row_evidence(const struct importer *im)
{
    struct timeparse_result r;
    if (im->nf != im->ncols || im->o->time_format != NULL)
        return TIMEPARSE_ORDER_UNKNOWN;
    for (size_t k = 0; k < im->rs.n_wide || k == 0; k++) {
        size_t c = im->rs.n_wide > 0 ? im->rs.wide_cols[k] : im->time_col;
        timeparse_auto(FIELD(im, c), im->flen[c], &r);
        if (r.kind == TIMEPARSE_NUMERIC && r.dmy_ok != r.mdy_ok)
            return r.dmy_ok ? TIMEPARSE_ORDER_DMY : TIMEPARSE_ORDER_MDY;
    }
    return TIMEPARSE_ORDER_UNKNOWN;
}

static void
data_row(struct importer *im, size_t line)
{
    if (im->holding) {
        hold_row(im, line);
        enum timeparse_order ord = row_evidence(im);
        if (ord != TIMEPARSE_ORDER_UNKNOWN) {
            size_t tc = im->rs.n_wide > 0 ? im->rs.wide_cols[0] : im->time_col;
            set_order_from_data(im, ord, line, FIELD(im, tc), im->flen[tc]);
            replay_held(im);
        }
    } else if (process_row(im, line) == ROW_DEFER) {
        im->holding = true;
        hold_row(im, line);
    }
    if (im->o->progress != NULL && ++im->n_records % PROGRESS_EVERY == 0)
        im->o->progress(im->o->progress_ud, im->src ? source_offset(im->src) : 0,
                        im->src ? im->src->total : 0, im->rep->rows);
}

static int
cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Two columns with one name: the second is still read, but a name (in
 * --where, --case) means the first; say which names, in the report. */
static void
warn_duplicates(struct importer *im)
{
    char **sorted = xmalloc((im->ncols ? im->ncols : 1) * sizeof *sorted);
    memcpy(sorted, im->cols, im->ncols * sizeof *sorted);
    qsort(sorted, im->ncols, sizeof *sorted, cmp_names);
    struct cf_buf names = {0};
    size_t n_dup = 0;
    for (size_t i = 1; i < im->ncols; i++) {
        if (strcmp(sorted[i], sorted[i - 1]) != 0 ||
            (i >= 2 && strcmp(sorted[i], sorted[i - 2]) == 0))
            continue;
        size_t count = 2;
        while (i + count - 1 < im->ncols && strcmp(sorted[i + count - 1], sorted[i]) == 0)
            count++;
        char part[64];
        snprintf(part, sizeof part, " (%zu columns)", count);
        if (n_dup++ > 0)
            cf_buf_append(&names, ", ", 2);
        cf_buf_append(&names, "\"", 1);
        cf_buf_append(&names, sorted[i], strlen(sorted[i]));
        cf_buf_append(&names, "\"", 1);
        cf_buf_append(&names, part, strlen(part));
    }
    if (n_dup > 0) {
        struct cf_buf w = {0};
        const char *head = n_dup > 1 ? "duplicate column names: " : "duplicate column name: ";
        cf_buf_append(&w, head, strlen(head));
        cf_buf_append(&w, names.data, names.len);
        static const char tail[] = "; a name given to an option means the first";
        cf_buf_append(&w, tail, sizeof tail - 1);
        cf_str_fit(im->rep->warning, sizeof im->rep->warning, w.data, w.len);
        cf_buf_clear(&w);
    }
    cf_buf_clear(&names);
    free(sorted);
}

static void
header_row(struct importer *im, size_t line)
{
    im->header_line = line;
    im->header_end = im->line;
    im->ncols = im->nf;
    im->cols = xcalloc(im->ncols, sizeof *im->cols);
    for (size_t i = 0; i < im->nf; i++) {
        const char *s = FIELD(im, i);
        for (size_t k = 0; k < im->flen[i]; k++)
            if ((unsigned char)s[k] < 0x20 && s[k] != '\t' && s[k] != '\n' && s[k] != '\r') {
                fail(im, line, "not a CSV file (binary data in the header)");
                return;
            }
        if (im->flen[i] > 0) {
            im->cols[i] = xstrndup(s, im->flen[i]);
        } else {
            char nm[32];
            snprintf(nm, sizeof nm, "column_%zu", i + 1);
            im->cols[i] = xstrdup(nm);
        }
    }
    im->have_header = true;
    char msg[400];
    if (reshape_header(&im->rs, &im->o->reshape, im->o->case_col, (const char *const *)im->cols,
                       im->ncols, &im->mo->activity_col, msg, sizeof msg) != 0) {
        fail(im, line, "%s", msg);
        im->err->usage = true;
        return;
    }
    assign_roles(im);
    if (!im->failed)
        warn_duplicates(im);
    if (!im->failed)
        im->rep->delimiter = im->o->delimiter;
}

/* ------------------------------------------------------------------ records */

static void
row_grow(struct importer *im)
{
    im->fcap = im->fcap ? im->fcap * 2 : 32;
    im->fptr = xreallocarray(im->fptr, im->fcap, sizeof *im->fptr);
    im->flen = xreallocarray(im->flen, im->fcap, sizeof *im->flen);
    im->foff = xreallocarray(im->foff, im->fcap, sizeof *im->foff);
}

/* Copy a field (libcsv reuses its buffer): NUL-terminated, by offset until
 * row_views, as buf may move. */
static void
row_push_field(struct importer *im, const char *s, size_t len)
{
    if (im->nf == im->fcap)
        row_grow(im);
    if (im->blen + len + 1 > im->bcap) {
        while (im->blen + len + 1 > im->bcap)
            im->bcap = im->bcap ? im->bcap * 2 : 4096;
        im->buf = xrealloc(im->buf, im->bcap);
    }
    memcpy(im->buf + im->blen, s, len);
    im->buf[im->blen + len] = '\0';
    im->foff[im->nf] = im->blen;
    im->flen[im->nf] = len;
    im->nf++;
    im->blen += len + 1;
}

static void
row_views(struct importer *im)
{
    for (size_t i = 0; i < im->nf; i++)
        im->fptr[i] = im->buf + im->foff[i];
}

/* A complete record that began on line: the header or a data row. */
static void
row_end(struct importer *im, size_t line)
{
    if (im->nf > 0 && !im->failed) {
        if (im->have_header)
            data_row(im, line);
        else
            header_row(im, line);
    }
    im->nf = 0;
    im->blen = 0;
}

/* A UTF-8 byte order mark: at the start of a field (a file pasted after
 * another) it is no part of the value. */
static inline bool
is_bom(const char *s, const char *e)
{
    return e - s >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
           (unsigned char)s[2] == 0xBF;
}

/* A field of a plain line: unquoted blanks (space, and tab unless it
 * delimits, which it cannot inside a field) and a leading BOM trimmed. */
static inline void
push_plain(struct importer *im, const char *fs, const char *fe)
{
    while (fs < fe && (*fs == ' ' || *fs == '\t' || is_bom(fs, fe)))
        fs += *fs == ' ' || *fs == '\t' ? 1 : 3;
    while (fe > fs && (fe[-1] == ' ' || fe[-1] == '\t'))
        fe--;
    if (im->nf == im->fcap)
        row_grow(im);
    im->fptr[im->nf] = fs;
    im->flen[im->nf++] = (size_t)(fe - fs);
}

/*
 * Split a line body (n bytes, terminator excluded) if it holds no quote, no
 * NUL and no other line-end byte: fields at each delimiter, blanks trimmed, a
 * line of blanks being no record. Fields are views into the line, nothing is
 * copied. This is most lines of most files, and several times faster than
 * libcsv's byte-by-byte state machine. Returns false (and leaves no fields)
 * when the line needs libcsv (csv_line).
 */
static bool
split_plain(struct importer *im, const char *s, size_t n)
{
    const char delim = im->o->delimiter, other_end = im->sep == '\n' ? '\r' : '\n';
    size_t i = 0, start = 0;
    im->nf = 0;
#ifdef __SSE2__
    /* 16 bytes at a time: any quote, NUL or line end, and where the delimiters are. */
    const __m128i vd = _mm_set1_epi8(delim), vq = _mm_set1_epi8('"');
    const __m128i ve = _mm_set1_epi8(other_end), vz = _mm_setzero_si128();
    for (; i + 16 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i special = _mm_or_si128(_mm_cmpeq_epi8(x, vq), _mm_cmpeq_epi8(x, ve));
        if (_mm_movemask_epi8(_mm_or_si128(special, _mm_cmpeq_epi8(x, vz)))) {
            im->nf = 0;
            return false;
        }
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, vd));
        while (m != 0) {
            size_t k = i + (size_t)__builtin_ctz(m);
            push_plain(im, s + start, s + k);
            start = k + 1;
            m &= m - 1;
        }
    }
#endif
    for (; i < n; i++) {
        char c = s[i];
        if (c == '"' || c == other_end || c == '\0') {
            im->nf = 0;
            return false;
        }
        if (c == delim) {
            push_plain(im, s + start, s + i);
            start = i + 1;
        }
    }
    push_plain(im, s + start, s + n);
    if (im->nf == 1 && im->flen[0] == 0)
        im->nf = 0;
    return true;
}

/* ------------------------------------------------------------------ quoting */

/*
 * Lines that split_plain leaves (a quote, a NUL, a stray line-end byte) go to
 * libcsv in strict mode: a field that begins with '"' (after blanks) is
 * quoted, may hold delimiters, line ends and "" for a quote, and ends at its
 * closing quote, which only blanks may follow before the delimiter or the
 * line end; every CR or LF outside quotes ends a record (CSV_REPALL_NL
 * reports each, which tells a line ending inside a quoted field from one
 * that ends the record). Around it:
 * - a quote inside an unquoted field (5" screen) is text, as spreadsheets
 *   write it: strict mode stops there, and that one byte is fed again in
 *   libcsv's lenient mode;
 * - anything else after a closing quote ("quoted" tail) makes the record
 *   malformed: it is rejected with the reason, and when it ran over several
 *   lines, reading starts again on the line after its first, so that a stray
 *   quote never swallows rows;
 * - a NUL byte in a field rejects its record (C strings would cut the value
 *   there), and a BOM at the start of a field's value is dropped: the line is
 *   fed in runs between them, and the parser's state read at each.
 * The state read is two members of struct csv_parser (csv.h): quoted (is
 * the current field quoted) and entry_pos (bytes in the current field).
 */
#define CSV_OPTS (CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL)
#define CSV_RUN (64 * 1024) /* bytes per csv_parse call, see csv_run */

static void
mark_bad(struct importer *im, const char *why)
{
    if (im->rec_bad == NULL) {
        im->rec_bad = why;
        im->rec_bad_field = im->nf + 1;
        im->rec_bad_line = im->line;
    }
}

/* Read again the record's lines after its first (see above). */
static void
schedule_replay(struct importer *im)
{
    const char *raw = im->rec_raw.data;
    const char *nl = memchr(raw, im->sep, im->rec_raw.len);
    size_t skip = nl != NULL ? (size_t)(nl - raw) + 1 : im->rec_raw.len;
    struct cf_buf next = {0};
    cf_buf_append(&next, raw + skip, im->rec_raw.len - skip);
    if (im->replay.len > im->replay_pos)
        cf_buf_append(&next, im->replay.data + im->replay_pos, im->replay.len - im->replay_pos);
    cf_buf_clear(&im->replay);
    im->replay = next;
    im->replay_pos = 0;
    im->line = im->rec_line + 1;
}

static void reject(struct importer *im, enum cf_reject why, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The record ended (line end outside quotes): use it, or reject it. Returns
 * true when its lines after the first must be read again. */
static bool
record_done(struct importer *im)
{
    bool replay = false;
    im->in_record = false;
    if (im->rec_bad != NULL && im->have_header && !im->failed) {
        im->rep->rows++;
        reject(im, CF_REJ_MALFORMED, im->rec_line, "%s in field %zu (line %zu)", im->rec_bad,
               im->rec_bad_field, im->rec_bad_line);
        replay = im->rec_bad_line != im->rec_line;
        if (replay)
            schedule_replay(im);
    } else if (im->rec_bad != NULL && !im->failed) {
        fail(im, im->rec_line, "malformed header: %s in field %zu", im->rec_bad, im->rec_bad_field);
    } else {
        row_views(im);
        row_end(im, im->rec_line);
    }
    im->nf = 0;
    im->blen = 0;
    im->rec_bad = NULL;
    return replay;
}

/* A record began after a lone CR: its raw lines begin with this one, the
 * last n bytes of rec_raw. */
static void
record_restart(struct importer *im, size_t n)
{
    if (im->rec_raw.len > n) {
        memmove(im->rec_raw.data, im->rec_raw.data + im->rec_raw.len - n, n);
        im->rec_raw.len = n;
    }
    im->rec_line = im->line;
}

/* libcsv's field callback: the field is copied (libcsv reuses its buffer). */
static void
on_field(void *s, size_t len, void *ud)
{
    struct importer *im = ud;
    im->last_row_c = -2;
    if (im->skip_line || im->failed)
        return;
    im->field_line = im->line;
    row_push_field(im, s, len);
}

/* libcsv's row callback, at every CR or LF outside quotes (c), even where
 * no field came before it (a CRLF's LF, a blank line). */
static void
on_row(int c, void *ud)
{
    struct importer *im = ud;
    im->last_row_c = c;
    if (im->skip_line || im->failed)
        return;
    if (im->nf > 0 || im->rec_bad != NULL) {
        if (record_done(im)) {
            /* The rest of the line is in the replay: libcsv's callbacks
             * for it are ignored, its state dropped (see csv_line). */
            im->skip_line = true;
            return;
        }
    }
    im->nf = 0;
    im->blen = 0;
    record_restart(im, im->cur_n);
}

/* libcsv between records again, whatever it held. */
static void
csv_reset(struct importer *im)
{
    csv_set_opts(&im->csv, CSV_OPTS & ~CSV_STRICT_FINI);
    csv_fini(&im->csv, NULL, NULL, NULL);
    csv_set_opts(&im->csv, CSV_OPTS);
}

/* What feeding a run of bytes to libcsv came to. */
enum { RUN_OK, RUN_SKIP, RUN_MALFORMED };

/*
 * Feed n bytes (no NUL, no BOM) to libcsv. RUN_SKIP: a record ended and
 * must be read again (skip_line), or the import failed. RUN_MALFORMED: text
 * after a closing quote at the byte where it stopped. Long runs are fed in
 * CSV_RUN pieces, the parser's block size kept at its buffer's size so that
 * a huge field's buffer grows geometrically (libcsv adds the block size, 128
 * bytes by default, at each growth).
 */
static int
csv_run(struct importer *im, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t piece = n - i < CSV_RUN ? n - i : CSV_RUN;
        size_t have = csv_get_buffer_size(&im->csv);
        csv_set_blk_size(&im->csv, have > 4096 ? have : 4096);
        size_t k = csv_parse(&im->csv, s + i, piece, on_field, on_row, im);
        i += k;
        if (im->skip_line || im->failed)
            return RUN_SKIP;
        if (k == piece)
            continue;
        if (csv_error(&im->csv) != CSV_EPARSE) {
            fail(im, im->line, "cannot parse: %s", csv_strerror(csv_error(&im->csv)));
            return RUN_SKIP;
        }
        if (im->csv.quoted)
            return RUN_MALFORMED;
        /* A quote inside an unquoted field: text, through the lenient mode. */
        csv_set_opts(&im->csv, CSV_OPTS & ~CSV_STRICT);
        csv_parse(&im->csv, s + i, 1, on_field, on_row, im);
        csv_set_opts(&im->csv, CSV_OPTS);
        i++;
    }
    return RUN_OK;
}

/* The next NUL or BOM in s[from, n), or n; *nul and *bom cache the next of
 * each (SIZE_MAX: not searched yet). */
static size_t
next_special(const char *s, size_t from, size_t n, size_t *nul, size_t *bom)
{
    if (*nul == SIZE_MAX || *nul < from) {
        const char *p = memchr(s + from, '\0', n - from);
        *nul = p != NULL ? (size_t)(p - s) : n;
    }
    if (*bom == SIZE_MAX || *bom < from) {
        size_t i = from;
        const char *p;
        while ((p = memchr(s + i, 0xEF, n - i)) != NULL && !is_bom(p, s + n))
            i = (size_t)(p - s) + 1;
        *bom = p != NULL ? (size_t)(p - s) : n;
    }
    return *nul < *bom ? *nul : *bom;
}

/*
 * Run libcsv over one physical line (n bytes with its terminator) of a
 * record. A record may end before the line does (a lone CR); the next one
 * then begins on the same line. Returns true if a replay was scheduled (the
 * rest of this line is in it).
 */
static bool
csv_line(struct importer *im, const char *s, size_t n)
{
    size_t i = 0, nul = SIZE_MAX, bom = SIZE_MAX;
    int r = RUN_OK;
    im->cur_n = n;
    im->skip_line = false;
    im->last_row_c = -2;
    while (i < n && r == RUN_OK) {
        size_t j = next_special(s, i, n, &nul, &bom);
        if (j > i) {
            r = csv_run(im, s + i, j - i);
            i = j;
        } else if (s[i] == '\0') {
            r = csv_run(im, s + i, 1);
            if (r == RUN_OK)
                mark_bad(im, "NUL byte");
            i++;
        } else if (im->csv.entry_pos == 0) {
            i += 3; /* a BOM where a field's value begins */
        } else {
            r = csv_run(im, s + i, 3);
            i += 3;
        }
    }
    if (r == RUN_SKIP) {
        if (im->skip_line)
            csv_reset(im);
        return im->skip_line;
    }
    if (r == RUN_MALFORMED) {
        /* The record ends with this line, whatever follows on it. */
        mark_bad(im, "text after the closing quote");
        csv_reset(im);
        return record_done(im);
    }
    /* A record goes on if the line's end was inside quotes. */
    im->in_record = im->last_row_c != (unsigned char)s[n - 1];
    return false;
}

/* One physical line, n bytes ending with the line terminator. */
static void
feed_one(struct importer *im, const char *s, size_t n)
{
    if (!im->in_record) {
        size_t body = n - 1;
        im->rec_line = im->line;
        if (im->sep == '\n' && body > 0 && s[body - 1] == '\r')
            body--;
        if (split_plain(im, s, body)) {
            row_end(im, im->line);
            im->line++;
            return;
        }
        im->in_record = true;
        im->rec_raw.len = 0;
        im->nf = 0;
        im->blen = 0;
    }
    cf_buf_append(&im->rec_raw, s, n);
    if (!csv_line(im, s, n))
        im->line++;
}

/* A line, then whatever a malformed record left to read again. */
static void
feed_line(struct importer *im, const char *s, size_t n)
{
    feed_one(im, s, n);
    while (im->replay.len > im->replay_pos && !im->failed) {
        const char *d = im->replay.data + im->replay_pos;
        size_t left = im->replay.len - im->replay_pos;
        const char *nl = memchr(d, im->sep, left);
        size_t len = nl != NULL ? (size_t)(nl - d) + 1 : left;
        struct cf_buf line = {0};
        /* feed_one may schedule a new replay, which replaces this buffer. */
        cf_buf_append(&line, d, len);
        im->replay_pos += len;
        feed_one(im, line.data, line.len);
        cf_buf_clear(&line);
    }
    if (im->replay.len > 0 && im->replay_pos >= im->replay.len) {
        im->replay.len = 0;
        im->replay_pos = 0;
    }
}

/* A chunk of input: whole lines are fed, a cut line waits in carry. */
static void
feed_chunk(struct importer *im, const char *d, size_t n)
{
    const char *e = d + n;
    if (im->carry.len > 0) {
        const char *nl = memchr(d, im->sep, n);
        if (nl == NULL) {
            cf_buf_append(&im->carry, d, n);
            return;
        }
        cf_buf_append(&im->carry, d, (size_t)(nl - d) + 1);
        d = nl + 1;
        feed_line(im, im->carry.data, im->carry.len);
        im->carry.len = 0;
    }
    while (d < e && !im->failed) {
        const char *nl = memchr(d, im->sep, (size_t)(e - d));
        if (nl == NULL) {
            cf_buf_append(&im->carry, d, (size_t)(e - d));
            return;
        }
        feed_line(im, d, (size_t)(nl - d) + 1);
        d = nl + 1;
    }
}

/* ------------------------------------------------------------------ sniffing */

/* Count the delimiter candidates outside quotes in the first records of the
 * sample; the delimiter is the one whose count in the header is repeated by
 * most records, then the most frequent in the header. */
static char
sniff_delimiter(const unsigned char *d, size_t n)
{
    static const char cand[4] = {',', ';', '\t', '|'};
    size_t counts[SNIFF_RECORDS][4];
    size_t nrec = 0, i = 0;
    while (i < n && nrec < SNIFF_RECORDS) {
        size_t c[4] = {0, 0, 0, 0};
        bool inq = false, any = false;
        for (; i < n; i++) {
            unsigned char ch = d[i];
            if (ch == '"') {
                inq = !inq;
            } else if (!inq && (ch == '\n' || ch == '\r')) {
                i++;
                break;
            } else if (!inq) {
                for (int k = 0; k < 4; k++)
                    c[k] += ch == (unsigned char)cand[k];
            }
            any = true;
        }
        if (any)
            memcpy(counts[nrec++], c, sizeof c);
    }
    int best = 0;
    size_t best_cons = 0, best_hc = 0;
    for (int k = 0; k < 4 && nrec > 0; k++) {
        size_t hc = counts[0][k], cons = 0;
        if (hc == 0)
            continue;
        for (size_t r = 1; r < nrec; r++)
            cons += counts[r][k] == hc;
        if (best_hc == 0 || cons > best_cons || (cons == best_cons && hc > best_hc)) {
            best = k;
            best_cons = cons;
            best_hc = hc;
        }
    }
    return cand[best];
}

/* Line number (1-based) of offset off in the sample. */
static size_t
line_of(const unsigned char *d, size_t off, char sep)
{
    size_t line = 1;
    for (size_t i = 0; i < off; i++)
        line += d[i] == (unsigned char)sep;
    return line;
}

/* Reject what is plainly not text; returns -1 (failed) or 0. */
static int
check_binary(struct importer *im, const unsigned char *d, size_t n)
{
    if (n >= 2 && ((d[0] == 0xFF && d[1] == 0xFE) || (d[0] == 0xFE && d[1] == 0xFF))) {
        fail(im, 1, "not a CSV file (UTF-16 text: convert it with iconv -f UTF-16 -t UTF-8)");
        return -1;
    }
    if (n >= 4 && memcmp(d, "PK\x03\x04", 4) == 0) {
        fail(im, 1, "not a CSV file (a zip archive; an Excel workbook? save it as CSV)");
        return -1;
    }
    /* A NUL or control characters in the first kilobyte (a DOS end-of-file
     * ^Z aside) say the file is no text at all: reported where the first
     * is. Past that, a NUL rejects its record (see csv_line). */
    const unsigned char *nul = memchr(d, '\0', n < 1024 ? n : 1024);
    size_t at = nul != NULL ? (size_t)(nul - d) : SIZE_MAX;
    for (size_t i = 0; i < n && i < 1024 && i < at; i++) {
        unsigned char c = d[i];
        if (c < 0x20 && c != '\t' && c != '\r' && c != '\n' && !(c == 0x1a && i + 1 == n))
            at = i;
    }
    if (at != SIZE_MAX) {
        fail(im, line_of(d, at, im->sep), "not a CSV file (binary data)");
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------ driver */

/*
 * Size the log's columns for the whole file from its first chunk's lines (a
 * plain file of known size only): doubling from small would touch up to twice
 * the memory the events need. Returns whether it is decided.
 */
static bool
reserve_events(struct importer *im, const unsigned char *d, size_t n)
{
    const struct source *s = im->src;
    if (s->total == 0 || s->ra != NULL || s->inflating || s->read != NULL ||
        (s->gz != NULL && !gzdirect(s->gz)) || im->rs.n_wide > 0)
        return true;
    size_t lines = 0;
    for (const unsigned char *p = d, *e = d + n; (p = memchr(p, im->sep, (size_t)(e - p))) != NULL;
         p++)
        lines++;
    if (lines < 2)
        return n >= CHUNK;
    /* 2% more than the first chunk's line length says, and a little. */
    double est = (double)s->total / (double)n * (double)lines * 1.02 + 1024;
    if (est < 1e9)
        eventlog_builder_reserve(im->b, (size_t)est);
    return true;
}

static void
compose_time_note(struct importer *im)
{
    char *note = im->rep->time_note;
    size_t size = sizeof im->rep->time_note, o = 0;
    char part[200];

#define NOTE(...)                                                                                  \
    do {                                                                                           \
        snprintf(part, sizeof part, __VA_ARGS__);                                                  \
        int w_ = snprintf(note + o, size - o, "%s%s", o ? "; " : "", part);                        \
        o = w_ > 0 && (size_t)w_ < size - o ? o + (size_t)w_ : size - 1;                           \
    } while (0)

    if (im->n_strptime > 0)
        NOTE("read with --time-format %s", im->o->time_format);
    if (im->n_kind[TIMEPARSE_NUMERIC] > 0) {
        const char *ord = im->order == TIMEPARSE_ORDER_DMY ? "DD/MM/YYYY" : "MM/DD/YYYY";
        if (im->order_from_data)
            NOTE("dates read as %s (line %zu: \"%s\")", ord, im->order_line, im->order_sample);
        else if (im->order != TIMEPARSE_ORDER_UNKNOWN)
            NOTE("dates read as %s (--date-order)", ord);
    }
    if (im->n_kind[TIMEPARSE_NAIVE] > 0 && im->tz != NULL)
        NOTE("%zu without UTC offset, read in %s (--timezone)", im->n_kind[TIMEPARSE_NAIVE],
             im->o->timezone);
    else if (im->n_kind[TIMEPARSE_NAIVE] > 0)
        NOTE("%zu without UTC offset, read as UTC (--timezone ZONE to read them in a zone)",
             im->n_kind[TIMEPARSE_NAIVE]);
    else if (im->tz != NULL)
        NOTE("times without offset read in %s (--timezone)", im->o->timezone);
    if (im->n_kind[TIMEPARSE_COMPACT] > 0)
        NOTE("%zu read as YYYYMMDD[hhmm[ss]] UTC (line %zu: \"%s\")", im->n_kind[TIMEPARSE_COMPACT],
             im->first_line, im->first_sample);
    if (im->n_kind[TIMEPARSE_SERIAL] > 0)
        NOTE("%zu read as Excel serial days, UTC (line %zu: \"%s\")", im->n_kind[TIMEPARSE_SERIAL],
             im->first_line, im->first_sample);
    static const char *const units[] = {"seconds", "milliseconds", "microseconds", "nanoseconds"};
    for (int k = 0; k < 4; k++)
        if (im->n_kind[TIMEPARSE_EPOCH_S + k] > 0)
            NOTE("%zu read as epoch %s", im->n_kind[TIMEPARSE_EPOCH_S + k], units[k]);
#undef NOTE
}

/* The report's reshaping note, hint and dominant offset. */
static void
compose_reshape_note(struct importer *im)
{
    struct import_report *r = im->rep;
    const struct reshape *rs = &im->rs;
    struct cf_buf b = {0};
    r->skipped_field = rs->skipped_field;
    r->skipped_keep = rs->skipped_keep;
    if (rs->n_wide > 0)
        cf_buf_printf(&b,
                      "--wide: %zu events from %zu stage columns; rows without any stage "
                      "date skipped: %zu",
                      r->wide_events, rs->n_wide, r->skipped_empty);
    if (rs->changes != NULL)
        cf_buf_printf(&b,
                      "%s--changes %s: rows of field \"%s\" named by \"%s\"; rows of "
                      "other fields skipped: %zu",
                      b.len ? "; " : "", rs->changes, im->cols[rs->field_col],
                      im->cols[rs->new_value_col], rs->skipped_field);
    if (im->o->reshape.keep_rows != NULL)
        cf_buf_printf(&b, "%s--keep-rows %s: rows skipped: %zu", b.len ? "; " : "",
                      im->o->reshape.keep_rows, rs->skipped_keep);
    if (rs->n_wide_hint >= 2)
        cf_buf_printf(&b,
                      "%s%zu columns look like HubSpot stage dates (Date entered \"...\"): use "
                      "--wide to make each one an event",
                      b.len ? "; " : "", rs->n_wide_hint);
    snprintf(r->reshape_note, sizeof r->reshape_note, "%s", b.len ? b.data : "");
    cf_buf_clear(&b);
    int off;
    if (offset_hist_dominant(&im->offsets, &off) == 0) {
        r->tz_offset_min = off;
        r->tz_known = true;
    }
    if (im->tz != NULL)
        snprintf(r->tz_name, sizeof r->tz_name, "%s", im->o->timezone);
}

/* Fatal checks once the input is read; fills the note; 0 or -1. */
static int
finish_checks(struct importer *im)
{
    if (!im->have_header) {
        fail(im, 1, "empty file (no header line)");
        return -1;
    }
    if (im->holding) {
        fail(im, im->ambig_line,
             "ambiguous dates: \"%s\" and every other NN/NN/YYYY date in the file read as both "
             "DD/MM/YYYY and MM/DD/YYYY; rerun with --date-order dmy or --date-order mdy",
             im->ambig_sample);
        return -1;
    }
    const struct import_report *r = im->rep;
    if (r->rows == 0) {
        fail(im, im->header_line, "no data rows after the header");
        return -1;
    }
    compose_reshape_note(im);
    if (r->accepted == 0 && import_report_rejected_total(r) == 0) {
        if (im->rs.changes != NULL && im->rs.skipped_field > 0)
            fail(im, im->header_line, "--changes %s: no row has \"%s\" in column \"%s\"",
                 im->rs.changes, im->rs.changes, im->cols[im->rs.field_col]);
        else if (im->rs.skipped_keep > 0)
            fail(im, im->header_line, "--keep-rows %s: no row matches", im->o->reshape.keep_rows);
        else
            fail(im, im->header_line, "--wide: no row has a date in any of the %zu stage columns",
                 im->rs.n_wide);
        im->err->usage = true;
        return -1;
    }
    if (r->accepted == 0) {
        char counts[300];
        size_t o = 0, first = SIZE_MAX;
        int fk = 0;
        counts[0] = '\0';
        for (int k = 0; k < CF_REJ__COUNT; k++) {
            if (r->rejected[k] == 0)
                continue;
            int w = snprintf(counts + o, sizeof counts - o, "%s%zu %s", o ? ", " : "",
                             r->rejected[k], cf_reject_text((enum cf_reject)k));
            o = w > 0 && (size_t)w < sizeof counts - o ? o + (size_t)w : sizeof counts - 1;
            if (r->first_lines[k][0] < first) {
                first = r->first_lines[k][0];
                fk = k;
            }
        }
        fail(im, first, "no usable rows: all %zu rows rejected (%s); first: %s", r->rows, counts,
             r->first_detail[fk]);
        return -1;
    }
    compose_time_note(im);
    return 0;
}

static void
importer_clear(struct importer *im)
{
    free(im->buf);
    free(im->foff);
    free(im->fptr);
    free(im->flen);
    cf_buf_clear(&im->carry);
    cf_buf_clear(&im->tbuf);
    for (size_t i = 0; i < im->ncols && im->cols; i++)
        free(im->cols[i]);
    free(im->cols);
    free(im->attr_cols);
    free(im->attr_vals);
    free(im->attr_lens);
    cf_buf_clear(&im->act);
    cf_buf_clear(&im->pending);
    reshape_clear(&im->rs);
    tzconv_close(im->tz);
    textenc_close(im->enc);
    cf_buf_clear(&im->rec_raw);
    cf_buf_clear(&im->replay);
    csv_free(&im->csv);
}

/* Ready an importer for input from src (opts NULL: defaults); 0, or -1 with err set. */
static int
importer_open(struct importer *im, const char *name, const char *log_name, struct source *src,
              const struct import_opts *opts, struct cf_error *err)
{
    memset(im, 0, sizeof *im);
    if (opts != NULL)
        im->ocopy = *opts;
    else
        import_opts_init(&im->ocopy);
    struct import_opts *o = &im->ocopy; /* a copy: the delimiter is filled in when sniffed */
    im->o = o;
    im->mo = o;
    im->name = name;
    im->log_name = log_name;
    im->err = err;
    im->src = src;
    im->line = im->rec_line = 1;
    csv_init(&im->csv, CSV_OPTS);
    csv_set_realloc_func(&im->csv, xrealloc);
    im->order = o->date_order == DATE_ORDER_DMY   ? TIMEPARSE_ORDER_DMY
                : o->date_order == DATE_ORDER_MDY ? TIMEPARSE_ORDER_MDY
                                                  : TIMEPARSE_ORDER_UNKNOWN;
    if (o->timezone != NULL) {
        char zmsg[256];
        im->tz = tzconv_open(o->timezone, zmsg, sizeof zmsg);
        if (im->tz == NULL) {
            cf_error_set(err, name, 0, "--timezone: %s", zmsg);
            err->usage = true;
            importer_clear(im);
            return -1;
        }
    }
    char emsg[256];
    im->enc = textenc_open(o->encoding, emsg, sizeof emsg);
    if (im->enc == NULL) {
        cf_error_set(err, name, 0, "%s", emsg);
        err->usage = true;
        importer_clear(im);
        return -1;
    }
    im->first = true;
    return 0;
}

/* The next n bytes of input: converted or checked, the first chunk sniffed, fed. */
static void
importer_feed(struct importer *im, const unsigned char *d, size_t n)
{
    char msg[256];
    size_t bad_line = im->line;
    if (textenc_feed(im->enc, &d, &n, im->line, im->first ? '\n' : im->sep, &bad_line, msg,
                     sizeof msg) != 0) {
        fail(im, bad_line, "%s (--encoding %s)", msg, im->o->encoding);
        return;
    }
    if (n == 0)
        return;
    if (im->first) {
        im->first = false;
        if (n >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF) {
            d += 3;
            n -= 3;
        }
        const unsigned char *lf = memchr(d, '\n', n), *cr = memchr(d, '\r', n);
        im->sep = cr != NULL && (lf == NULL || (cr < lf && cr + 1 != lf)) ? '\r' : '\n';
        if (check_binary(im, d, n) != 0)
            return;
        if (im->mo->delimiter == 0)
            im->mo->delimiter = sniff_delimiter(d, n);
        csv_set_delim(&im->csv, (unsigned char)im->o->delimiter);
    }
    feed_chunk(im, (const char *)d, n);
    if (!im->reserved && im->b != NULL)
        im->reserved = reserve_events(im, d, n);
}

/* The end of the input: the last line ended, an open quote reported. */
static void
importer_end(struct importer *im)
{
    char msg[256];
    /* End the last line: then the parser is between records unless a
     * quoted field is still open. */
    if (!im->failed && im->carry.len > 0) {
        cf_buf_append(&im->carry, &im->sep, 1);
        feed_line(im, im->carry.data, im->carry.len);
    }
    /* A record still open at the end is in a quoted field (the last line
     * has its terminator): csv_fini says so (CSV_STRICT_FINI). The field
     * began after the last field's delimiter, or with the record. */
    if (!im->failed && im->in_record && csv_fini(&im->csv, on_field, on_row, im) != 0)
        fail(im, im->nf > 0 ? im->field_line : im->rec_line,
             "unterminated quoted field (a \" opened here is never closed)");
    if (!im->failed && textenc_finish(im->enc, msg, sizeof msg) != 0)
        fail(im, im->line, "%s", msg);
    if (!im->failed && im->o->progress != NULL && im->rep != NULL)
        im->o->progress(im->o->progress_ud, source_offset(im->src), im->src->total, im->rep->rows);
}

/* The log, or NULL with err set; the importer is cleared either way. */
static struct event_log *
importer_finish(struct importer *im)
{
    struct cf_error *err = im->err;
    struct event_log *log = NULL;
    if (!im->failed && finish_checks(im) == 0) {
        ;
    } else if (im->rs.n_wide_hint >= 2 && err != NULL) {
        size_t l = strlen(err->msg);
        snprintf(err->msg + l, sizeof err->msg - l,
                 " (%zu columns look like HubSpot stage dates, Date entered \"...\": try --wide)",
                 im->rs.n_wide_hint);
    }
    if (!im->failed) {
        log = eventlog_builder_finish(im->b);
        im->b = NULL;
        struct import_report *r = &log->report;
        textenc_note(im->enc, r->text_note, sizeof r->text_note);
        if (im->o->reshape.collapse_repeats) {
            size_t l = strlen(r->reshape_note);
            snprintf(r->reshape_note + l, sizeof r->reshape_note - l,
                     "%s--collapse-repeats: %zu repeated events merged into the one before",
                     l ? "; " : "", r->collapsed);
        }
    }
    eventlog_builder_free(im->b);
    im->b = NULL;
    importer_clear(im);
    return log;
}

static struct event_log *
import_source(const char *name, const char *log_name, struct source *src,
              const struct import_opts *opts, struct cf_error *err)
{
    struct importer im;
    if (importer_open(&im, name, log_name, src, opts, err) != 0)
        return NULL;
    const unsigned char *d;
    size_t n;
    char msg[256];
    int rc;
    while (!im.failed && (rc = source_next(src, &d, &n, msg, sizeof msg)) != 0) {
        if (rc < 0) {
            fail(&im, im.line, "%s", msg);
            break;
        }
        importer_feed(&im, d, n);
    }
    importer_end(&im);
    return importer_finish(&im);
}

/* ------------------------------------------------------------------ two threads */

/*
 * A plain file of at least this many bytes is parsed by two threads, one per
 * half (CASEFLOW_PARALLEL_MIN overrides it, for tests: 0 splits any file).
 */
#define PARALLEL_MIN (4u << 20)

/* The second half's parser and what it needs. */
struct half {
    struct importer im;
    struct source src;
    int fd;
    size_t hdr_end, split, size;
    char sep, delim;
    size_t ncols;
    bool ok; /* header read alike, ran to the end */
};

/* Read n bytes at off into buf: 0, or -1 with the importer failed (an I/O error,
 * or a file shorter than it was: it changed while it was read). */
static int
read_at(struct importer *im, int fd, unsigned char *buf, size_t n, size_t off)
{
    size_t got = 0;
    while (got < n) {
        ssize_t k = pread(fd, buf + got, n - got, (off_t)(off + got));
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            fail(im, im->line, "cannot read: %s",
                 k < 0 ? strerror(errno) : "the file changed while it was read");
            return -1;
        }
        got += (size_t)k;
    }
    return 0;
}

/* Feed the file's bytes [from, to) in chunks (through the source's buffer),
 * stopping at a failure. */
static void
feed_range(struct importer *im, int fd, size_t from, size_t to)
{
    while (from < to && !im->failed) {
        size_t n = to - from < CHUNK ? to - from : CHUNK;
        if (read_at(im, fd, im->src->buf, n, from) != 0)
            return;
        im->src->mem_pos = from + n;
        importer_feed(im, im->src->buf, n);
        from += n;
    }
}

/* The line terminators in the file's bytes [from, to); -1 on a read error. */
static long long
count_sep(struct importer *im, int fd, size_t from, size_t to, char sep)
{
    long long k = 0;
    while (from < to) {
        size_t n = to - from < CHUNK ? to - from : CHUNK;
        const unsigned char *d = im->src->buf;
        if (read_at(im, fd, im->src->buf, n, from) != 0)
            return -1;
        for (const unsigned char *p = d, *e = d + n;
             (p = memchr(p, (unsigned char)sep, (size_t)(e - p))) != NULL; p++)
            k++;
        from += n;
    }
    return k;
}

/* The second thread: the header again (the same roles), then lines from split on,
 * numbered from the line split is on, as if nothing came before. */
static void *
half_run(void *arg)
{
    struct half *h = arg;
    struct importer *im = &h->im;
    feed_range(im, h->fd, 0, h->hdr_end);
    if (im->failed || !im->have_header || im->in_record || im->sep != h->sep ||
        im->ncols != h->ncols || im->o->delimiter != h->delim)
        return NULL;
    long long lines = count_sep(im, h->fd, h->hdr_end, h->split, h->sep);
    if (lines < 0)
        return NULL;
    im->line += (size_t)lines;
    h->src.total = h->size - h->split;
    im->reserved = false;
    feed_range(im, h->fd, h->split, h->size);
    importer_end(im);
    h->ok = !im->failed;
    return NULL;
}

/* Can the second half's parse stand for a serial one (see import_plain)? */
static bool
half_usable(const struct importer *a, const struct half *h)
{
    const struct importer *b = &h->im;
    return h->ok && !a->failed && !a->in_record && a->carry.len == 0 &&
           a->replay.len <= a->replay_pos && !a->holding && !b->holding && !b->order_from_data &&
           b->ambig_line == 0 && b->n_first_rule == 0 && b->offsets.other == 0 && b->b != NULL &&
           a->b != NULL;
}

/* Fold the second half into the first: events, report, time kinds, offsets. */
static void
half_merge(struct importer *a, struct importer *b)
{
    struct import_report *ra = a->rep, *rb = b->rep;
    ra->rows += rb->rows;
    ra->accepted += rb->accepted;
    for (int k = 0; k < CF_REJ__COUNT; k++) {
        size_t have = ra->rejected[k];
        for (size_t j = 0; j < rb->rejected[k] && have + j < CF_REJ_KEEP_LINES; j++)
            ra->first_lines[k][have + j] = rb->first_lines[k][j];
        if (have == 0 && rb->rejected[k] > 0)
            memcpy(ra->first_detail[k], rb->first_detail[k], sizeof ra->first_detail[k]);
        ra->rejected[k] += rb->rejected[k];
    }
    for (int k = 0; k < TIMEPARSE__COUNT; k++)
        a->n_kind[k] += b->n_kind[k];
    a->n_strptime += b->n_strptime;
    if (a->first_kind == 0 && b->first_kind != 0) {
        a->first_kind = b->first_kind;
        a->first_line = b->first_line;
        memcpy(a->first_sample, b->first_sample, sizeof a->first_sample);
    }
    for (size_t i = 0; i < b->offsets.n; i++)
        for (size_t c = 0; c < b->offsets.count[i]; c++)
            offset_hist_add(&a->offsets, b->offsets.off[i]);
    a->line = b->line;
    a->n_records += b->n_records;
    eventlog_builder_append(a->b, b->b);
    b->b = NULL;
}

/* Where the line after the header ends in the first chunk (d, n), or SIZE_MAX. */
static size_t
header_bytes(const struct importer *a, const unsigned char *d, size_t n)
{
    size_t lines = 0, i = 0;
    while (lines < a->header_end && i < n) {
        const unsigned char *p = memchr(d + i, a->sep, n - i);
        if (p == NULL)
            return SIZE_MAX;
        i = (size_t)(p - d) + 1;
        lines++;
    }
    return lines == a->header_end ? i : SIZE_MAX;
}

/*
 * A plain file (fd, size bytes), parsed in two threads when large enough: this
 * thread reads the header and the first half, a second one the header again and
 * the lines from the first line start past the middle (split) to the end,
 * numbering lines from where split is. The second half is a guess that split is
 * outside quotes and that no row there depends on one before it; it is kept only
 * if the first half ended exactly at split between records, with nothing held
 * back, and the second learnt nothing a serial reader would have known already
 * (a date order, a YYYYMMDD or serial-day column, more than 8 UTC offsets, a
 * failure of any kind); else this thread reads the second half again itself.
 * Either way the result is the serial one: events and case numbers in file
 * order, the same rejected rows, lines and messages.
 */
/* Progress of a two-thread parse: the first thread reports, and while the second
 * reads the rest, the first half's share stands for the whole file's. */
struct plain_progress {
    import_progress_fn fn;
    void *ud;
    size_t size;
    size_t split; /* > 0 while the second thread reads [split, size) */
};

static void
plain_progress_cb(void *ud, size_t bytes, size_t total, size_t rows)
{
    (void)total; /* the first half's estimate, not the file */
    struct plain_progress *pp = ud;
    if (pp->split > 0 && bytes <= pp->split) {
        double k = (double)pp->size / (double)pp->split;
        bytes = (size_t)((double)bytes * k);
        rows = (size_t)((double)rows * k);
    }
    pp->fn(pp->ud, bytes < pp->size ? bytes : pp->size, pp->size, rows);
}

static struct event_log *
import_plain(const char *name, const char *log_name, int fd, size_t size,
             const struct import_opts *user_opts, struct cf_error *err)
{
    struct import_opts mine;
    if (user_opts != NULL)
        mine = *user_opts;
    else
        import_opts_init(&mine);
    struct plain_progress pp = {mine.progress, mine.progress_ud, size, 0};
    if (mine.progress != NULL) {
        mine.progress = plain_progress_cb;
        mine.progress_ud = &pp;
    }
    const struct import_opts *opts = &mine;
    struct source src = {0};
    src.mem_len = size;
    /* The first half's columns are sized for half the file (reserve_events): the
     * second's are appended to them (a realloc, which moves pages). */
    src.total = size / 15 * 8 + 1;
    src.buf = xmalloc(CHUNK);
    struct importer a;
    if (importer_open(&a, name, log_name, &src, opts, err) != 0) {
        free(src.buf);
        return NULL;
    }
    size_t first = size < CHUNK ? size : CHUNK;
    feed_range(&a, fd, 0, first);
    const struct import_opts *o = a.o;
    size_t split = first, hdr = SIZE_MAX;
    if (!a.failed && a.have_header && !a.in_record && size > first &&
        (o->encoding == NULL || strcasecmp(o->encoding, "utf-8") == 0 ||
         strcasecmp(o->encoding, "utf8") == 0) &&
        o->reshape.wide == NULL && o->reshape.changes == NULL && o->reshape.keep_rows == NULL) {
        hdr = header_bytes(&a, src.buf, first); /* the buffer still holds the first chunk */
        /* A little past the middle, at a line start: the second thread first
         * counts the first half's lines, about an eighth of the work of parsing. */
        for (split = size / 15 * 8; split < size && !a.failed;) {
            size_t n = size - split < 4096 ? size - split : 4096;
            unsigned char w[4096];
            if (read_at(&a, fd, w, n, split) != 0)
                break;
            const unsigned char *p = memchr(w, a.sep, n);
            split = p != NULL ? split + (size_t)(p - w) + 1 : split + n;
            if (p != NULL)
                break;
        }
        if (split < first)
            split = first;
    }
    struct half *h = NULL;
    pthread_t th;
    if (!a.failed && hdr != SIZE_MAX && split > first && split < size) {
        h = xcalloc(1, sizeof *h);
        h->fd = fd;
        h->size = size;
        h->split = split;
        h->hdr_end = hdr;
        h->sep = a.sep;
        h->delim = o->delimiter;
        h->ncols = a.ncols;
        h->src.mem_len = size;
        h->src.buf = xmalloc(CHUNK);
        struct import_opts bo = *o;
        bo.progress = NULL; /* called on this thread only */
        struct cf_error *berr = xcalloc(1, sizeof *berr);
        bool started = false;
        if (importer_open(&h->im, name, log_name, &h->src, &bo, berr) == 0) {
            started = pthread_create(&th, NULL, half_run, h) == 0;
            if (!started)
                importer_clear(&h->im);
        }
        if (!started) {
            free(h->src.buf);
            free(berr);
            free(h);
            h = NULL;
        }
    }
    if (h != NULL)
        pp.split = split;
    feed_range(&a, fd, first, h != NULL ? split : size);
    bool merged = false;
    if (h != NULL) {
        pthread_join(th, NULL);
        merged = half_usable(&a, h) && textenc_merge(a.enc, h->im.enc) == 0;
        if (merged)
            half_merge(&a, &h->im);
        struct cf_error *berr = h->im.err;
        eventlog_builder_free(h->im.b);
        h->im.b = NULL;
        importer_clear(&h->im);
        free(h->src.buf);
        free(berr);
        free(h);
        pp.split = 0; /* what is read from here on is the file's own offset */
        if (!merged)
            feed_range(&a, fd, split, size);
    }
    if (!merged)
        importer_end(&a);
    else if (o->progress != NULL)
        o->progress(o->progress_ud, size, size, a.rep->rows);
    struct event_log *log = importer_finish(&a);
    free(src.buf);
    return log;
}

void
import_opts_init(struct import_opts *o)
{
    memset(o, 0, sizeof *o);
}

struct event_log *
import_csv(const char *path, const struct import_opts *opts, struct cf_error *err)
{
    struct source src = {0};
    bool is_stdin = strcmp(path, "-") == 0;
    const char *name = is_stdin ? "(stdin)" : path;
    int fd = is_stdin ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        cf_error_set(err, name, 0, "cannot open: %s", strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            close(fd);
            cf_error_set(err, name, 0, "cannot read: %s", strerror(EISDIR));
            return NULL;
        }
        if (S_ISREG(st.st_mode))
            src.total = (size_t)st.st_size;
    }
    /* A gzip regular file is inflated on a second thread (readahead.h): never a
     * pipe or terminal, whose reads could block the stop. */
    unsigned char magic[2];
    bool gzip_file =
        src.total > 0 && pread(fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    /* A large plain file is parsed by two threads (import_plain). */
    size_t min = PARALLEL_MIN;
    const char *env = getenv("CASEFLOW_PARALLEL_MIN");
    if (env != NULL && *env >= '0' && *env <= '9')
        min = (size_t)strtoull(env, NULL, 10);
    if (!gzip_file && !is_stdin && src.total > 0 && src.total >= min) {
        struct event_log *log = import_plain(name, path, fd, src.total, opts, err);
        close(fd);
        return log;
    }
    src.gz = gzdopen(fd, "rb");
    if (src.gz == NULL) {
        close(fd);
        cf_error_set(err, name, 0, "cannot open: out of memory");
        return NULL;
    }
    gzbuffer(src.gz, CHUNK);
    src.buf = xmalloc(CHUNK);
    if (gzip_file)
        src.ra = readahead_start(src.gz, CHUNK); /* NULL: read on this thread */
    struct event_log *log = import_source(name, path, &src, opts, err);
    source_close(&src);
    return log;
}

struct event_log *
import_csv_buffer(const char *name, const char *data, size_t len, const struct import_opts *opts,
                  struct cf_error *err)
{
    struct source src = {0};
    src.mem = (const unsigned char *)data;
    src.mem_len = len;
    src.total = len;
    if (len >= 2 && src.mem[0] == 0x1f && src.mem[1] == 0x8b) {
        if (inflateInit2(&src.zs, 16 + MAX_WBITS) != Z_OK) {
            cf_error_set(err, name, 0, "cannot read: zlib initialisation failed");
            return NULL;
        }
        src.inflating = true;
        src.buf = xmalloc(CHUNK);
    }
    struct event_log *log = import_source(name, name, &src, opts, err);
    source_close(&src);
    return log;
}

struct event_log *
import_csv_reader(const char *name, import_read_fn read, void *ud, const struct import_opts *opts,
                  struct cf_error *err)
{
    struct source src = {0};
    src.read = read;
    src.read_ud = ud;
    src.buf = xmalloc(CHUNK);
    struct event_log *log = import_source(name, name, &src, opts, err);
    source_close(&src);
    return log;
}

/* Unit tests of the two-thread CSV parse: every log and report equals the serial parse's. */
/* SPDX-License-Identifier: MIT */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "import_csv.h"
#include "tap.h"

static char tmpdir[] = "/tmp/cf-par-XXXXXX";

/* Import path serially (no split) or split in two (threshold 0). */
static struct event_log *
load(const char *path, bool parallel, struct cf_error *err)
{
    setenv("CASEFLOW_PARALLEL_MIN", parallel ? "0" : "999999999999999", 1);
    memset(err, 0, sizeof *err);
    return import_csv(path, NULL, err);
}

static const char *
attr_str(const struct event_log *log, size_t a, size_t e)
{
    uint32_t v = eventlog_attr_value(log, a, e);
    return v == CF_NONE ? "\x01none" : strpool_get(log->values, v);
}

/* Everything a reader can see of two logs; returns the number of differences. */
static int
same_logs(const char *label, const struct event_log *x, const struct event_log *y)
{
    int bad = 0;
#define DIFF(cond, ...)                                                                            \
    do {                                                                                           \
        if (cond) {                                                                                \
            if (bad++ < 5) {                                                                       \
                printf("# %s: ", label);                                                           \
                printf(__VA_ARGS__);                                                               \
                printf("\n");                                                                      \
            }                                                                                      \
        }                                                                                          \
    } while (0)
    DIFF(x->n_events != y->n_events, "events %zu vs %zu", x->n_events, y->n_events);
    DIFF(x->n_cases != y->n_cases, "cases %zu vs %zu", x->n_cases, y->n_cases);
    DIFF(x->n_variants != y->n_variants, "variants %zu vs %zu", x->n_variants, y->n_variants);
    DIFF(x->n_attrs != y->n_attrs, "attributes %zu vs %zu", x->n_attrs, y->n_attrs);
    if (bad)
        return bad;
    for (size_t c = 0; c < x->n_cases; c++)
        DIFF(strcmp(eventlog_case_name(x, c), eventlog_case_name(y, c)) != 0 ||
                 x->case_off[c] != y->case_off[c] || x->case_variant[c] != y->case_variant[c],
             "case %zu", c);
    for (size_t e = 0; e < x->n_events; e++) {
        DIFF(x->ev_case[e] != y->ev_case[e] || x->ev_time[e] != y->ev_time[e] ||
                 x->ev_line[e] != y->ev_line[e] ||
                 strcmp(eventlog_activity_name(x, x->ev_act[e]),
                        eventlog_activity_name(y, y->ev_act[e])) != 0 ||
                 strcmp(eventlog_resource_name(x, x->ev_res[e]),
                        eventlog_resource_name(y, y->ev_res[e])) != 0,
             "event %zu (line %u vs %u)", e, x->ev_line[e], y->ev_line[e]);
        for (size_t a = 0; a < x->n_attrs; a++)
            DIFF(strcmp(attr_str(x, a, e), attr_str(y, a, e)) != 0, "event %zu attribute %zu", e,
                 a);
    }
    const struct import_report *r = &x->report, *s = &y->report;
    DIFF(r->rows != s->rows || r->accepted != s->accepted, "rows %zu/%zu vs %zu/%zu", r->rows,
         r->accepted, s->rows, s->accepted);
    for (int k = 0; k < CF_REJ__COUNT; k++) {
        DIFF(r->rejected[k] != s->rejected[k], "rejected %s: %zu vs %zu",
             cf_reject_key((enum cf_reject)k), r->rejected[k], s->rejected[k]);
        DIFF(memcmp(r->first_lines[k], s->first_lines[k], sizeof r->first_lines[k]) != 0,
             "first lines of %s", cf_reject_key((enum cf_reject)k));
        DIFF(strcmp(r->first_detail[k], s->first_detail[k]) != 0, "detail \"%s\" vs \"%s\"",
             r->first_detail[k], s->first_detail[k]);
    }
    DIFF(strcmp(r->time_note, s->time_note) != 0, "time note \"%s\" vs \"%s\"", r->time_note,
         s->time_note);
    DIFF(strcmp(r->text_note, s->text_note) != 0, "text note \"%s\" vs \"%s\"", r->text_note,
         s->text_note);
    DIFF(r->tz_known != s->tz_known || r->tz_offset_min != s->tz_offset_min, "offsets");
    DIFF(x->t_min != y->t_min || x->t_max != y->t_max, "time range");
#undef DIFF
    return bad;
}

/* Both parses of path agree: the same log, or the same error (message and line). */
static void
check_file(const char *label, const char *path)
{
    struct cf_error e1, e2;
    struct event_log *a = load(path, false, &e1);
    struct event_log *b = load(path, true, &e2);
    if (a == NULL || b == NULL) {
        CHECK(a == NULL && b == NULL);
        CHECK_STR(e1.msg, e2.msg);
        CHECK_EQ_U(e1.line, e2.line);
    } else {
        int d = same_logs(label, a, b);
        CHECK_EQ_I(d, 0);
    }
    eventlog_free(a);
    eventlog_free(b);
}

static void
write_file(const char *path, const char *s, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(s, 1, n, f) != n)
        cf_fatal("cannot write a test file");
    fclose(f);
}

/*
 * Generated logs: multi-line quoted fields everywhere (so the middle falls inside
 * quotes or not as the prefix shifts it), quotes in unquoted fields, bad rows in
 * both halves, a malformed multi-line record, CRLF lines, invalid UTF-8, and
 * several UTC offsets.
 */
static void
test_generated(void)
{
    char path[64];
    snprintf(path, sizeof path, "%s/gen.csv", tmpdir);
    for (int variant = 0; variant < 24; variant++) {
        struct cf_buf b = {0};
        const char *nl = variant % 4 == 3 ? "\r\n" : "\n";
        cf_buf_printf(&b, "case_id,activity,timestamp,resource,note,region%s", nl);
        for (int pad = 0; pad < variant; pad++)
            cf_buf_printf(&b, "p%d,Pad,2024-01-01T00:00:%02dZ,r,x,EU%s", pad, pad, nl);
        int rows = 9000 + variant * 37; /* over 512 KiB: the first 256 are read alone */
        for (int i = 0; i < rows; i++) {
            int c = i / 5 + (i % 3); /* cases interleave a little */
            const char *act = i % 4 == 0 ? "A" : i % 4 == 1 ? "B \"big\"" : i % 4 == 2 ? "C" : "D";
            const char *off = i % 7 == 0 ? "+02:00" : i % 5 == 0 ? "-05:00" : "Z";
            if (variant % 3 == 0 || i % 2 == 0)
                cf_buf_printf(&b,
                              "c%d,%s,2024-02-%02dT10:%02d:00%s,\"r%d\",\"first\nsecond, "
                              "\"\"quoted\"\"\nthird\",%s%s",
                              c, act, 1 + i % 27, i % 60, off, i % 9, c % 2 ? "EU" : "US", nl);
            else
                cf_buf_printf(&b, "c%d,%s,2024-02-%02dT10:%02d:00%s,r%d,plain,%s%s", c, act,
                              1 + i % 27, i % 60, off, i % 9, c % 2 ? "EU" : "US", nl);
            if (i == rows / 4 || i == rows * 3 / 4)
                cf_buf_printf(&b, "c%d,A,not a time,r,x,EU%s,,2024-01-01,r,x,EU%s", c, nl, nl);
            if (i == rows * 2 / 3)
                cf_buf_printf(&b, "c%d,A,2024-01-01,r,\"open\nstill\" tail,EU%s", c, nl);
            if (i == rows * 5 / 6)
                cf_buf_printf(&b, "c%d,\xff\xfe,2024-01-01,r,x,EU%s", c, nl);
        }
        write_file(path, b.data, b.len);
        char label[32];
        snprintf(label, sizeof label, "generated %d", variant);
        check_file(label, path);
        /* Cut inside the last quoted field: an unterminated quote, as an error. */
        if (variant % 6 == 0) {
            write_file(path, b.data, b.len - 8);
            snprintf(label, sizeof label, "generated %d cut", variant);
            check_file(label, path);
        }
        cf_buf_clear(&b);
    }
}

/* Inflate src (.csv.gz) to dst; 0 or -1. */
static int
inflate_to(const char *src, const char *dst)
{
    gzFile g = gzopen(src, "rb");
    FILE *f = fopen(dst, "wb");
    int rc = g != NULL && f != NULL ? 0 : -1;
    static char buf[1 << 16];
    int n;
    while (rc == 0 && (n = gzread(g, buf, sizeof buf)) > 0)
        if (fwrite(buf, 1, (size_t)n, f) != (size_t)n)
            rc = -1;
    if (g != NULL)
        gzclose(g);
    if (f != NULL)
        fclose(f);
    return rc;
}

/* Every shared real log (.csv.gz), inflated: the parallel path needs a plain file. */
static int
test_shared(void)
{
    const char *dir = getenv("CF_SHARED_DATA");
    DIR *dp = dir != NULL ? opendir(dir) : NULL;
    if (dp == NULL)
        return 0;
    struct dirent *de;
    int n = 0;
    char src[4096], dst[64];
    snprintf(dst, sizeof dst, "%s/real.csv", tmpdir);
    while ((de = readdir(dp)) != NULL) {
        size_t l = strlen(de->d_name);
        if (l < 8 || strcmp(de->d_name + l - 7, ".csv.gz") != 0)
            continue;
        snprintf(src, sizeof src, "%s/%s", dir, de->d_name);
        if (inflate_to(src, dst) != 0) {
            CHECK(!"inflate");
            continue;
        }
        check_file(de->d_name, dst);
        n++;
    }
    closedir(dp);
    unlink(dst);
    return n;
}

/* What the progress callback was told. */
struct seen {
    size_t calls, last_bytes, max_mid, size;
    bool total_ok, monotonic;
};

static void
record(void *ud, size_t bytes, size_t total, size_t rows)
{
    (void)rows;
    struct seen *s = ud;
    s->total_ok = s->total_ok && total == s->size && bytes <= total;
    s->monotonic = s->monotonic && bytes >= s->last_bytes;
    if (s->calls++ > 0 && s->last_bytes > s->max_mid)
        s->max_mid = s->last_bytes; /* the calls before the last one */
    s->last_bytes = bytes;
}

/* A two-thread parse reports the whole file's progress: against the file's size,
 * never backwards, past the middle before the end (while the second half is read,
 * the first half's share stands for it), the whole file at the end. */
static void
test_progress(void)
{
    char path[64];
    snprintf(path, sizeof path, "%s/progress.csv", tmpdir);
    struct cf_buf b = {0};
    cf_buf_puts(&b, "case,activity,timestamp\n");
    for (int i = 0; i < 200000; i++)
        cf_buf_printf(&b, "c%d,%s,2024-01-%02d 10:%02d:00\n", i / 4, i % 2 ? "B" : "A", 1 + i % 28,
                      i % 60);
    write_file(path, b.data, b.len);
    struct seen s = {.size = b.len, .total_ok = true, .monotonic = true};
    cf_buf_clear(&b);
    struct import_opts o;
    import_opts_init(&o);
    o.progress = record;
    o.progress_ud = &s;
    setenv("CASEFLOW_PARALLEL_MIN", "0", 1);
    struct cf_error err = {0};
    struct event_log *log = import_csv(path, &o, &err);
    CHECK(log != NULL);
    CHECK_EQ_U(log != NULL ? log->n_events : 0, 200000);
    CHECK(s.calls >= 10);
    CHECK(s.total_ok);
    CHECK(s.monotonic);
    CHECK_EQ_U(s.last_bytes, s.size);
    CHECK(s.max_mid > s.size * 3 / 4);
    eventlog_free(log);
    unlink(path);
}

int
main(void)
{
    if (mkdtemp(tmpdir) == NULL)
        return 99;
    test_generated();
    test_progress();
    int n = test_shared();
    printf("# %d shared logs compared%s\n", n, n ? "" : " (CF_SHARED_DATA absent)");
    char path[64];
    snprintf(path, sizeof path, "%s/gen.csv", tmpdir);
    unlink(path);
    rmdir(tmpdir);
    TAP_DONE();
}

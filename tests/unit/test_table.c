/* Unit tests of the table model and its text, JSON and CSV renderers. */
/* SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table.h"
#include "tap.h"
#include "termsafe.h"
#include "util.h"

/* Render d (or t) in fmt into a new string (free it). */
static char *
render(const struct tdoc *d, const struct table *t, const struct table_fmt *fmt)
{
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    int rc = d ? tdoc_render(d, fmt, f) : table_render(t, fmt, f);
    fclose(f);
    if (rc != 0) {
        free(s);
        return NULL;
    }
    return s;
}

static size_t
width_of(const char *s, size_t n)
{
    size_t w = 0, i = 0;
    while (i < n) {
        unsigned cp;
        size_t len = cf_utf8_decode(s + i, n - i, &cp);
        if (len == 0)
            return (size_t)-1; /* invalid UTF-8 in text output is a failure */
        w += (size_t)cf_cp_width(cp);
        i += len;
    }
    return w;
}

/* The widest line of s, or SIZE_MAX when s holds a raw control character or bad UTF-8. */
static size_t
max_line_width(const char *s)
{
    size_t max = 0;
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        for (size_t i = 0; i < n; i++)
            if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
                return SIZE_MAX;
        size_t w = width_of(s, n);
        if (w > max)
            max = w;
        s += n + (nl != NULL);
    }
    return max;
}

/* The line of s starting (after blanks) with prefix, or NULL; in a static buffer. */
static const char *
line_with(const char *s, const char *prefix)
{
    static char buf[4096];
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        const char *p = s;
        while (p < s + n && *p == ' ')
            p++;
        if (strncmp(p, prefix, strlen(prefix)) == 0) {
            size_t k = (size_t)(s + n - p) < sizeof buf - 1 ? (size_t)(s + n - p) : sizeof buf - 1;
            memcpy(buf, p, k);
            buf[k] = '\0';
            return buf;
        }
        s += n + (nl != NULL);
    }
    return NULL;
}

static const struct table_col act_cols[] = {
    {.key = "activity", .header = "activity", .kind = TK_TEXT, .min_width = 8, .flags = TCOL_FLEX},
    {.key = "cases", .header = "cases", .kind = TK_COUNT},
    {.key = "share", .header = "share", .kind = TK_SHARE, .priority = 2},
    {.key = "median_s",
     .header = "median",
     .kind = TK_DURATION,
     .priority = 1,
     .flags = TCOL_READABLE},
};

static struct tdoc *
sample_doc(const char *long_name)
{
    struct tdoc *d = tdoc_new("test", "log.csv");
    struct tnode *r = tdoc_root(d);
    tnode_title(r, "Activities of %s", "log.csv");
    tnode_count(r, "cases", "Cases", 1234567);
    struct table *t = tnode_table(r, "activities", "By activity:", act_cols, 4, NULL);
    const char *names[] = {"Prospecting", "Negotiation/Review > Proposal", long_name,
                           "\xe5\x95\x86\xe8\xab\x87\xe4\xb8\xad\xe3\x81\xae\xe6\xa1\x88\xe4"
                           "\xbb\xb6\xe3\x82\x92\xe7\xa2\xba\xe8\xaa\x8d\xe3\x81\x99\xe3\x82"
                           "\x8b\xe9\x95\xb7\xe3\x81\x84\xe5\x90\x8d\xe5\x89\x8d"};
    for (size_t i = 0; i < 4; i++) {
        size_t row = table_add_row(t);
        table_set_text(t, row, 0, names[i]);
        table_set_count(t, row, 1, 1000 * (i + 1));
        table_set_number(t, row, 2, 0.127 * (double)(i + 1));
        table_set_dur(t, row, 3, (3 * 86400.0 + 4 * 3600) * 1000);
    }
    return d;
}

static void
test_widths(void)
{
    size_t n = 100000;
    char *huge = xmalloc(n + 1);
    for (size_t i = 0; i < n; i++)
        huge[i] = (char)('a' + i % 26);
    huge[n] = '\0';
    struct tdoc *d = sample_doc(huge);
    bool ok = true;
    for (size_t w = 1; w <= 130; w++) {
        struct table_fmt f = {.format = TF_TEXT, .width = w, .unicode = (w % 2) == 0};
        char *s = render(d, NULL, &f);
        size_t mw = s ? max_line_width(s) : SIZE_MAX;
        if (mw > w) {
            printf("# width %zu: a line of %zu columns\n", w, mw);
            ok = false;
        }
        free(s);
    }
    CHECK(ok);

    /* The cases column (priority 0) survives; share goes before median. */
    struct table_fmt f = {.format = TF_TEXT, .width = 26, .unicode = true};
    char *s = render(d, NULL, &f);
    const char *h = line_with(s, "activity");
    CHECK(h != NULL && strstr(h, "cases") != NULL);
    CHECK(h != NULL && strstr(h, "share") == NULL);
    CHECK(h != NULL && strstr(h, "median") != NULL);
    free(s);
    f.width = 100;
    s = render(d, NULL, &f);
    h = line_with(s, "activity");
    CHECK(h != NULL && strstr(h, "share") != NULL && strstr(h, "median") != NULL);
    /* Thousands, durations, shares. */
    CHECK_STR(line_with(s, "Cases:"), "Cases:  1,234,567");
    h = line_with(s, "Prospecting");
    CHECK(h != NULL && strstr(h, "1,000") && strstr(h, "12.7%") && strstr(h, "3d 4h"));
    /* Wide characters count two columns: the CJK name is cut. */
    CHECK(max_line_width(s) <= 100);
    free(s);

    /* Width 0 never cuts: the huge name is there in full. */
    f.width = 0;
    s = render(d, NULL, &f);
    CHECK(s != NULL && strstr(s, huge) != NULL);
    CHECK(max_line_width(s) > 100000);
    free(s);
    tdoc_free(d);
    free(huge);
}

static const struct table_col cut_cols[] = {
    {.key = "name",
     .header = "name",
     .kind = TK_TEXT,
     .cut = TC_END,
     .min_width = 4,
     .flags = TCOL_FLEX},
};
static const struct table_col mid_cols[] = {
    {.key = "path",
     .header = "path",
     .kind = TK_TEXT,
     .cut = TC_MIDDLE,
     .min_width = 4,
     .flags = TCOL_FLEX},
};

static void
test_cutting(void)
{
    struct table *t = table_new("t", NULL, cut_cols, 1, NULL);
    table_set_text(t, table_add_row(t), 0, "Negotiation/Review > Proposal");
    struct table_fmt f = {.format = TF_TEXT, .width = 20, .unicode = true};
    char *s = render(NULL, t, &f);
    CHECK_STR(line_with(s, "Neg"), "Negotiation/Revie…");
    free(s);
    f.unicode = false;
    s = render(NULL, t, &f);
    CHECK_STR(line_with(s, "Neg"), "Negotiation/Revie~");
    free(s);
    table_free(t);

    t = table_new("t", NULL, mid_cols, 1, NULL);
    table_set_text(t, table_add_row(t), 0, "Prospecting > Qualified > Closed Won");
    f.unicode = true;
    s = render(NULL, t, &f);
    CHECK_STR(line_with(s, "Pro"), "Prospecti…osed Won");
    free(s);
    /* Wide characters are never split: 10 of them (20 columns) into 18. */
    table_reset(t);
    CHECK_STR(table_name(t), "t");
    CHECK_EQ_U(table_rows(t), 0);
    table_set_text(t, table_add_row(t), 0,
                   "\xe4\xb8\x80\xe4\xba\x8c\xe4\xb8\x89\xe5\x9b\x9b\xe4\xba\x94"
                   "\xe5\x85\xad\xe4\xb8\x83\xe5\x85\xab\xe4\xb9\x9d\xe5\x8d\x81");
    s = render(NULL, t, &f);
    CHECK(max_line_width(s) <= 20);
    CHECK(strstr(s, "\xe4\xb8\x80\xe4\xba\x8c\xe4\xb8\x89\xe5\x9b\x9b\xe2\x80\xa6") != NULL);
    free(s);
    table_free(t);
}

static void
test_escaping(void)
{
    struct table *t = table_new("t", NULL, cut_cols, 1, NULL);
    table_set_text(t, table_add_row(t), 0,
                   "a\x1b[31mb\xc2\x9b"
                   "c\xff"
                   "d\ne\x07");
    struct table_fmt f = {.format = TF_TEXT, .width = 0, .unicode = true};
    char *s = render(NULL, t, &f);
    CHECK(s != NULL && strchr(s, 0x1b) == NULL && strchr(s, 0x07) == NULL);
    CHECK(max_line_width(s) != SIZE_MAX);
    CHECK_STR(line_with(s, "a\\x1b"), "a\\x1b[31mb\\u009bc\\xffd\\ne\\x07");
    free(s);
    table_free(t);

    /* Titles and labels from the data are escaped too. */
    struct tdoc *d = tdoc_new("x", "evil\x1b.csv");
    tnode_title(tdoc_root(d), "Log %s", "evil\x1b]0;x\x07.csv");
    tnode_text(tdoc_root(d), "who", "Who", "r\x9b");
    s = render(d, NULL, &f);
    CHECK(s != NULL && strchr(s, 0x1b) == NULL && strchr(s, 0x07) == NULL);
    CHECK(max_line_width(s) != SIZE_MAX);
    free(s);
    tdoc_free(d);
}

static const struct table_col csv_cols[] = {
    {.key = "name", .header = "name", .kind = TK_TEXT},
    {.key = "n", .header = "n", .kind = TK_INT},
    {.key = "median_s", .header = "median", .kind = TK_DURATION, .flags = TCOL_READABLE},
    {.key = "share", .header = "share", .kind = TK_SHARE},
    {.key = "secret", .header = "secret", .kind = TK_TEXT, .flags = TCOL_NO_CSV},
};

static void
test_csv(void)
{
    struct table *t = table_new("t", NULL, csv_cols, 5, NULL);
    const char *names[] = {"plain", "a,\"b\"", "line\nbreak", "=1+2", "-3", "@x", "+y", "bad\xff"};
    for (size_t i = 0; i < 8; i++) {
        size_t r = table_add_row(t);
        table_set_text(t, r, 0, names[i]);
        table_set_int(t, r, 1, -(int64_t)i);
        if (i == 0)
            table_set_dur(t, r, 2, (3 * 86400.0 + 4 * 3600) * 1000);
        table_set_number(t, r, 3, 0.5);
        table_set_text(t, r, 4, "hidden");
    }
    struct table_fmt f = {.format = TF_CSV};
    char *s = render(NULL, t, &f);
    CHECK_STR(s, "name,n,median_s,median_text,share\n"
                 "plain,0,273600,3d 4h,0.5\n"
                 "\"a,\"\"b\"\"\",-1,,,0.5\n"
                 "\"line\nbreak\",-2,,,0.5\n"
                 "'=1+2,-3,,,0.5\n"
                 "'-3,-4,,,0.5\n"
                 "'@x,-5,,,0.5\n"
                 "'+y,-6,,,0.5\n"
                 "bad\xef\xbf\xbd,-7,,,0.5\n");
    free(s);
    f.csv_raw = true;
    s = render(NULL, t, &f);
    CHECK(s != NULL && strstr(s, "\n=1+2,-3,") != NULL && strstr(s, "\n-3,-4,") != NULL);
    free(s);
    table_free(t);

    /* A document: the table named by csv_table, else the first. */
    struct tdoc *d = tdoc_new("x", "l");
    struct table *a = tnode_table(tdoc_root(d), "first", NULL, cut_cols, 1, NULL);
    table_set_text(a, table_add_row(a), 0, "A");
    struct tnode *o = tnode_object(tdoc_root(d), "inner", "Inner");
    struct table *b = tnode_table(o, "second", NULL, mid_cols, 1, NULL);
    table_set_text(b, table_add_row(b), 0, "B");
    f.csv_table = NULL;
    s = render(d, NULL, &f);
    CHECK_STR(s, "name\nA\n");
    free(s);
    f.csv_table = "second";
    s = render(d, NULL, &f);
    CHECK_STR(s, "path\nB\n");
    free(s);
    tdoc_free(d);
}

static const struct table_col json_cols[] = {
    {.key = "name", .header = "name", .kind = TK_TEXT},
    {.key = "cases", .header = "cases", .kind = TK_COUNT},
    {.key = "share", .header = "share", .kind = TK_SHARE},
    {.key = "median_s", .header = "median", .kind = TK_DURATION},
    {.key = "first", .header = "first", .kind = TK_TIME},
    {.key = "path", .header = "path", .kind = TK_PATH},
    {.key = "ok", .header = "ok", .kind = TK_BOOL},
    {.key = "none", .header = "none", .kind = TK_NUMBER},
    {.key = "textonly", .header = "t", .kind = TK_TEXT, .flags = TCOL_NO_JSON},
};
static const struct table_col sub_cols[] = {
    {.key = "to", .header = "to", .kind = TK_TEXT},
};

static void
test_json(void)
{
    struct strpool *sp = strpool_new();
    uint32_t ids[2] = {strpool_intern(sp, "A", 1), strpool_intern(sp, "B \"q\"", 5)};
    struct tdoc *d = tdoc_new("x", "log.csv");
    struct tnode *r = tdoc_root(d);
    tnode_note(r, "not in JSON");
    tnode_count(r, "cases", "Cases", 3);
    tnode_dur(r, "age_s", NULL, 1500);
    tnode_names(r, "ends", "Ends", sp, ids, 2);
    struct table *t = tnode_table(r, "rows", "Rows", json_cols, 9, sp);
    size_t row = table_add_row(t);
    table_set_text(t, row, 0, "q\"\\\n\x1b\xff");
    table_set_count(t, row, 1, 12);
    table_set_number(t, row, 2, 0.25);
    table_set_dur(t, row, 3, 90000);
    table_set_time(t, row, 4, 1293703320000); /* 2010-12-30T10:02:00Z */
    table_set_path(t, row, 5, ids, 2);
    table_set_bool(t, row, 6, true);
    table_set_text(t, row, 8, "x");
    struct table *s = table_sub(t, row, "next", sub_cols, 1);
    table_set_text(s, table_add_row(s), 0, "B");
    struct table_fmt f = {.format = TF_JSON, .pretty = false};
    char *out = render(d, NULL, &f);
    CHECK_STR(out, "{\"format\":\"caseflow/1\",\"log\":\"log.csv\",\"cases\":3,\"age_s\":1.5,"
                   "\"ends\":[\"A\",\"B \\\"q\\\"\"],\"rows\":[{\"name\":\"q\\\"\\\\\\n\\u001b"
                   "\\udcff\",\"cases\":12,\"share\":0.25,\"median_s\":90,"
                   "\"first\":\"2010-12-30T10:02:00Z\",\"path\":[\"A\",\"B \\\"q\\\"\"],"
                   "\"ok\":true,\"none\":null,\"next\":[{\"to\":\"B\"}]}]}\n");
    free(out);
    f.tz_set = true;
    f.tz_offset_min = 60;
    out = render(d, NULL, &f);
    CHECK(out != NULL && strstr(out, "\"first\":\"2010-12-30T11:02:00+01:00\"") != NULL);
    free(out);
    f.tz_offset_min = -330;
    out = render(d, NULL, &f);
    CHECK(out != NULL && strstr(out, "\"first\":\"2010-12-30T04:32:00-05:30\"") != NULL);
    free(out);

    /* Text: the sub-table under its row, the path joined. */
    struct table_fmt tf = {.format = TF_TEXT, .width = 200, .unicode = true};
    out = render(d, NULL, &tf);
    CHECK(out != NULL && strstr(out, "A > B \"q\"") != NULL);
    CHECK(out != NULL && strstr(out, "not in JSON") != NULL);
    CHECK_STR(line_with(out, "Ends:"), "Ends:   A, B \"q\""); /* values line up after "Cases:" */
    free(out);
    tdoc_free(d);
    strpool_free(sp);
}

static void
test_cells_and_sort(void)
{
    struct table *t = table_new("t", NULL, json_cols, 9, NULL);
    size_t a = table_add_row(t), b = table_add_row(t), c = table_add_row(t);
    table_set_count(t, a, 1, 10);
    table_set_count(t, b, 1, 9);
    table_set_text(t, a, 0, "b");
    table_set_text(t, b, 0, "a");
    table_set_text(t, c, 0, "c");
    CHECK(table_cmp_rows(t, 1, a, b) > 0); /* 10 > 9 numerically, not "10" < "9" */
    CHECK(table_cmp_rows(t, 1, b, c) < 0); /* null last */
    CHECK(table_cmp_rows(t, 1, c, a) > 0);
    CHECK(table_cmp_rows(t, 0, a, b) > 0);
    CHECK_EQ_I(table_col_index(t, "median_s"), 3);
    CHECK_EQ_I(table_col_index(t, "nope"), -1);
    struct cf_buf buf = {0};
    table_set_dur(t, a, 3, 45 * 60000.0 + 3000);
    CHECK_STR(table_cell_text(t, a, 3, NULL, &buf), "45m 3s");
    buf.len = 0;
    CHECK_STR(table_cell_text(t, c, 1, NULL, &buf), "");
    CHECK_NEAR(table_cell_number(t, a, 3), 2703000.0, 1e-9);
    CHECK(isnan(table_cell_number(t, c, 1)));
    cf_buf_clear(&buf);

    /* Text limit. */
    table_set_text_limit(t, 1);
    struct table_fmt f = {.format = TF_TEXT, .width = 80};
    char *s = render(NULL, t, &f);
    CHECK(s != NULL && strstr(s, "... 2 more (--limit 0 shows all)") != NULL);
    free(s);
    table_free(t);
    table_free(NULL);
}

/* ---- a table whose rows are made when read ---------------------------------- */

static const struct table_col src_cols[] = {
    {.key = "name", .header = "Name", .kind = TK_TEXT, .flags = TCOL_FLEX},
    {.key = "n", .header = "N", .kind = TK_COUNT},
    {.key = "ints", .header = "Ints", .kind = TK_INTS},
    {.key = "share", .header = "Share", .kind = TK_SHARE},
};

struct src_ctx {
    size_t *calls;
    size_t heading; /* this row is a heading (SIZE_MAX: none) */
};

/* Row r of the test table: "row r" (a heading "group r" at ctx->heading), r*r, [r, -r]. */
static void
src_row(struct table *t, size_t r, size_t heading)
{
    char name[32];
    int64_t iv[2] = {(int64_t)r, -(int64_t)r};
    if (r == heading) {
        snprintf(name, sizeof name, "group %zu", r);
        table_set_text(t, r, 0, name);
        table_set_role(t, r, TROW_HEADING);
        return;
    }
    snprintf(name, sizeof name, "row %zu \"q\",\n", r); /* quoting and escaping too */
    table_set_text(t, r, 0, name);
    table_set_count(t, r, 1, r * r);
    table_set_ints(t, r, 2, iv, 2);
    table_set_number(t, r, 3, (double)r / 100.0);
}

static void
src_fill(void *ud, struct table *t, size_t row)
{
    struct src_ctx *c = ud;
    (*c->calls)++;
    src_row(t, row, c->heading);
}

static void
test_source(void)
{
    const size_t n = 1000;
    for (int fmt_i = 0; fmt_i < 3; fmt_i++) {
        for (int limit = 0; limit < 2; limit++) {
            struct table *plain = table_new("t", "Rows:", src_cols, 4, NULL);
            struct table *src = table_new("t", "Rows:", src_cols, 4, NULL);
            for (size_t r = 0; r < n; r++)
                src_row(plain, table_add_row(plain), 7);
            size_t calls = 0;
            struct src_ctx ctx = {&calls, 7};
            table_set_source(src, n, src_fill, &ctx, sizeof ctx);
            ctx.calls = NULL; /* the table's copy is used, not this */
            CHECK_EQ_U(table_rows(src), n);
            if (limit) {
                table_set_text_limit(plain, 10);
                table_set_text_limit(src, 10);
            }
            struct table_fmt f = {.format = fmt_i == 0   ? TF_TEXT
                                            : fmt_i == 1 ? TF_JSON
                                                         : TF_CSV,
                                  .width = 80,
                                  .unicode = true};
            char *a = render(NULL, plain, &f), *b = render(NULL, src, &f);
            CHECK(a != NULL && b != NULL);
            CHECK_STR(b, a);
            /* Each row made once for JSON and CSV; for text, once to measure the columns and
             * once to write it, and only the rows shown. */
            size_t want = fmt_i == 0 ? 2 * (limit ? 10 : n) : n;
            CHECK_EQ_U(calls, want);
            CHECK(fmt_i != 0 || strstr(b, "group 7") != NULL);
            CHECK(fmt_i != 1 || strstr(b, "group 7") == NULL); /* headings are text only */
            free(a);
            free(b);
            /* Reading cells: any row, any order, the same as the plain table's. */
            CHECK_EQ_I(table_cell(src, 999, 1)->v.i, 999 * 999);
            CHECK_EQ_I(table_cell(src, 3, 2)->v.ints.v[1], -3);
            CHECK(strcmp(table_cell(src, 12, 0)->v.s, table_cell(plain, 12, 0)->v.s) == 0);
            CHECK_EQ_I(table_role(src, 7), TROW_HEADING);
            CHECK_EQ_I(table_role(src, 8), 0);
            table_free(plain);
            table_free(src);
        }
    }
    /* Reset: rows are added again. */
    size_t calls = 0;
    struct src_ctx ctx = {&calls, SIZE_MAX};
    struct table *t = table_new("t", NULL, src_cols, 4, NULL);
    table_set_source(t, 5, src_fill, &ctx, sizeof ctx);
    CHECK_EQ_I(table_cell(t, 4, 1)->v.i, 16);
    table_reset(t);
    CHECK_EQ_U(table_rows(t), 0);
    src_row(t, table_add_row(t), SIZE_MAX);
    CHECK_EQ_U(table_rows(t), 1);
    table_free(t);
}

int
main(void)
{
    test_widths();
    test_cutting();
    test_escaping();
    test_csv();
    test_json();
    test_cells_and_sort();
    test_source();
    TAP_DONE();
}

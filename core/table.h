/* One table model for every result shown as rows: typed columns and cells, rendered once per
 * output. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_TABLE_H
#define CF_TABLE_H

/*
 * A command's output is a *document*: a tree of nodes. A node is an object
 * with ordered fields; a field is a scalar (a typed cell), a table, or a child
 * object. The same document renders as text, JSON and CSV (tdoc_render,
 * table_render), and a single table feeds the
 * explorer's list widget (tui/explorer/listwidget.c). Commands and views build
 * documents and tables; they never format numbers, cut names or escape text by
 * hand.
 *
 * Kinds carry meaning: a duration is seconds in JSON (keys end in "_s") and CSV,
 * and reads "3d 4h" only in text; a share is a fraction 0..1 and reads "12.7%"
 * only in text; a time is milliseconds UTC inside, ISO 8601 with offset in JSON
 * and CSV; a path is a list of activity names (a JSON array; " > "-joined in text
 * and CSV).
 *
 * Memory: a document owns everything added to it. Strings are copied into its
 * arena, except path cells, which refer to activity ids resolved through the
 * strpool given to table_new (that pool and the ids must outlive the table).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "strpool.h"

enum table_kind {
    TK_TEXT,     /* a string from the log or from us */
    TK_COUNT,    /* a non-negative integer: "1,234" in text */
    TK_INT,      /* a signed integer, no grouping (ranks, years) */
    TK_SHARE,    /* a fraction 0..1: "12.7%" in text */
    TK_DURATION, /* milliseconds inside; seconds in JSON/CSV; "3d 4h" in text */
    TK_TIME,     /* ms since the epoch UTC; ISO 8601 with offset outside */
    TK_NUMBER,   /* a double: up to 15 significant digits, "%.4g"-ish in text */
    TK_BOOL,     /* true/false; a mark in text (see col.true_text) */
    TK_PATH,     /* a sequence of activity ids */
    TK_BAR,      /* a fraction 0..1 drawn as a bar in text and the explorer; a number elsewhere */
    TK_INTS,     /* a list of integers (coordinates): a JSON array; " "-joined in text and CSV */
};

enum table_align { TA_AUTO, TA_LEFT, TA_RIGHT }; /* AUTO: numbers right, text left */

enum table_cut {
    TC_END,    /* "Negotiation/Rev…" */
    TC_MIDDLE, /* "Prospecting > … > Closed Won": for paths and ids */
    TC_NONE,   /* never cut (short, fixed-width figures) */
};

/* Column flags. */
#define TCOL_NO_TEXT 0x01 /* leave out of text output (e.g. a raw id beside a readable one) */
#define TCOL_NO_JSON 0x02 /* leave out of JSON */
#define TCOL_NO_CSV 0x04  /* leave out of CSV */
#define TCOL_FLEX 0x08    /* the explorer gives it the room the others leave (at most one) */
/* TK_DURATION: CSV also gets a column KEY_text with "3d 4h" beside the seconds (KEY
 * without a trailing "_s": median_s -> median_text). */
#define TCOL_READABLE 0x10
/* TK_PATH: JSON gets the " > "-joined string, not an array. */
#define TCOL_JSON_STRING 0x20
/* TK_INTS: JSON groups them in pairs, [[x, y], ...] (polyline points). */
#define TCOL_PAIRS 0x40

struct table_col {
    const char *key;    /* JSON key / CSV header: lower_snake_case, stable ("median_s") */
    const char *header; /* text and explorer heading ("median") */
    enum table_kind kind;
    enum table_align align;
    enum table_cut cut;
    int priority;  /* text: when the width is short, columns with the highest priority
                      number are dropped first; 0 = never dropped */
    int min_width; /* display columns it may shrink to (0: the header's width) */
    unsigned flags;
    const char *true_text; /* TK_BOOL in text: shown for true (default "yes"); false shows "" */
};

/* One cell. Set through the table_set_* calls; a cell never set is null
 * (JSON null, CSV empty, text blank). */
struct table_cell {
    union {
        int64_t i;     /* COUNT, INT, DURATION (ms), TIME (ms), BOOL */
        double d;      /* SHARE, NUMBER, BAR; DURATION when set by table_set_dur_f */
        const char *s; /* TEXT: in the document's arena */
        struct {
            const uint32_t *ids;
            uint32_t n;
        } path; /* PATH */
        struct {
            const int64_t *v;
            uint32_t n;
        } ints; /* INTS: in the document's arena */
    } v;
    uint8_t set;  /* 0 = null */
    uint8_t is_f; /* DURATION held as double ms in v.d */
};

struct table;
struct tdoc;
struct tnode;

/* ---- documents ---------------------------------------------------------- */

/*
 * A new document for command cmd ("rework") over log_name (may be NULL).
 * JSON output starts {"format": "caseflow/1", "log": log_name, ...}.
 * Free with tdoc_free.
 */
struct tdoc *tdoc_new(const char *cmd, const char *log_name);
void tdoc_free(struct tdoc *d);

/* The root object of d. */
struct tnode *tdoc_root(struct tdoc *d);

/* A heading line for text output ("Dead ends in 120 cases (of 300 in x.csv)");
 * not part of JSON/CSV. May be called more than once (lines in order). */
void tnode_title(struct tnode *n, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A free-text note shown in text output at this point (legends, rules, "3 more");
 * JSON/CSV leave it out. */
void tnode_note(struct tnode *n, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Scalar fields of an object, in order. label is the text form's label
 * ("Accepted ends"); NULL means "JSON only" (not shown in text). key NULL means
 * "text only" (not in JSON or CSV).
 */
void tnode_text(struct tnode *n, const char *key, const char *label, const char *s);
void tnode_count(struct tnode *n, const char *key, const char *label, uint64_t v);
void tnode_int(struct tnode *n, const char *key, const char *label, int64_t v);
void tnode_share(struct tnode *n, const char *key, const char *label, double v);
void tnode_dur(struct tnode *n, const char *key, const char *label, double ms);
void tnode_time(struct tnode *n, const char *key, const char *label, int64_t ms);
void tnode_number(struct tnode *n, const char *key, const char *label, double v);
void tnode_bool(struct tnode *n, const char *key, const char *label, bool v);
void tnode_null(struct tnode *n, const char *key, const char *label);
/* An array of strings (JSON array; ", "-joined in text). */
void tnode_strings(struct tnode *n, const char *key, const char *label, const char *const *v,
                   size_t count);
/* An array of counts (JSON array of numbers; ", "-joined in text). */
void tnode_counts(struct tnode *n, const char *key, const char *label, const size_t *v,
                  size_t count);
/* An array of activity names by id through pool. */
void tnode_names(struct tnode *n, const char *key, const char *label, const struct strpool *pool,
                 const uint32_t *ids, size_t count);

/* A child object under key (JSON object; text: its fields indented under label). */
struct tnode *tnode_object(struct tnode *n, const char *key, const char *label);

/*
 * A table under key (JSON: an array of row objects; text: the title then the
 * columns, or "none" when it has no rows). The table belongs to the document. cols must outlive the
 * document (static const arrays). names resolves TK_PATH cells (may be NULL
 * when the table has no path column).
 */
struct table *tnode_table(struct tnode *n, const char *key, const char *title,
                          const struct table_col *cols, size_t ncols, const struct strpool *names);

/* ---- tables -------------------------------------------------------------- */

/* A table outside any document (the explorer's views). Free with table_free. */
struct table *table_new(const char *name, const char *title, const struct table_col *cols,
                        size_t ncols, const struct strpool *names);
void table_free(struct table *t); /* only for table_new tables; NULL is fine */

/* As table_new, but the column descriptions (and their strings) are copied into
 * the table: for columns made at run time (the explorer's lists). */
struct table *table_new_copy(const char *name, const char *title, const struct table_col *cols,
                             size_t ncols, const struct strpool *names);

/* Put t (from table_new or table_new_copy) under key in n: the document owns it
 * from now on (do not table_free it). */
void tnode_adopt(struct tnode *n, const char *key, struct table *t);

/* Remove every row (keeps columns; the explorer rebuilds tables per selection). */
void table_reset(struct table *t);

/* Append a row of null cells; returns its index. Reserve ahead with table_reserve. */
size_t table_add_row(struct table *t);
void table_reserve(struct table *t, size_t rows);

/* Set the cell (row, col). col is an index into the table's columns. */
void table_set_text(struct table *t, size_t row, size_t col, const char *s);
void table_set_textn(struct table *t, size_t row, size_t col, const char *s, size_t n);
void table_set_count(struct table *t, size_t row, size_t col, uint64_t v);
void table_set_int(struct table *t, size_t row, size_t col, int64_t v);
void table_set_number(struct table *t, size_t row, size_t col, double v); /* SHARE, NUMBER, BAR */
void table_set_dur(struct table *t, size_t row, size_t col, double ms);
void table_set_time(struct table *t, size_t row, size_t col, int64_t ms);
void table_set_bool(struct table *t, size_t row, size_t col, bool v);
void table_set_path(struct table *t, size_t row, size_t col, const uint32_t *ids, size_t n);
/* TK_INTS: v[0..n) is copied. */
void table_set_ints(struct table *t, size_t row, size_t col, const int64_t *v, size_t n);

/* A row's role in the explorer and text (e.g. a group heading); 0 = normal. */
void table_set_role(struct table *t, size_t row, int role);

/*
 * A table of nrows rows made when they are read, one at a time: fill(ud, t,
 * row) sets row's cells (and role) with the table_set_* calls, as for a row
 * added. The table keeps a copy of ud's ud_size bytes; what they point at
 * must live as long as the table. For output of big tables (a report's
 * variants): the memory is one row's, whatever nrows is (each row is made once
 * for JSON and CSV, twice for text: to measure, to write). Such a table has no
 * added rows and no sub-tables and is not sorted (table_cmp_rows). t must have
 * no rows yet.
 */
typedef void (*table_fill_fn)(void *ud, struct table *t, size_t row);
void table_set_source(struct table *t, size_t nrows, table_fill_fn fill, const void *ud,
                      size_t ud_size);
/* A group heading: text and the explorer print its first non-null cell across the
 * row; JSON and CSV leave it out. */
#define TROW_HEADING 1
/* A row for JSON and CSV only: text leaves it out (e.g. under a --min-prob). */
#define TROW_HIDDEN 2
/* A row for text and the explorer only (e.g. a total): JSON and CSV leave it out. */
#define TROW_TEXT_ONLY 3

/*
 * A nested table belonging to row of t (e.g. a variant's top transitions):
 * JSON puts it in the row object under key; text prints it indented under the
 * row; CSV leaves it out.
 */
struct table *table_sub(struct table *t, size_t row, const char *key, const struct table_col *cols,
                        size_t ncols);

/* Table flags: which outputs leave the whole table out (e.g. a histogram drawn only
 * in text, or a nested table the text shows elsewhere). */
#define TTAB_NO_TEXT 0x01
#define TTAB_NO_JSON 0x02
#define TTAB_NO_CSV 0x04
void table_set_flags(struct table *t, unsigned flags);

/* Text output: rows shown at most (0 = all); "... N more (--limit 0 shows all)". */
void table_set_text_limit(struct table *t, size_t limit);

/* Accessors for renderers and views. */
size_t table_rows(const struct table *t);
size_t table_ncols(const struct table *t);
const struct table_col *table_col(const struct table *t, size_t col);
const struct table_cell *table_cell(const struct table *t, size_t row, size_t col);
int table_role(const struct table *t, size_t row);
const char *table_name(const struct table *t);
const char *table_title(const struct table *t);
/* Column index by key, or -1. */
int table_col_index(const struct table *t, const char *key);
/* A numeric cell as a double (durations in ms, times in ms, bools 0/1, paths their
 * length); NAN for a null or text cell. */
double table_cell_number(const struct table *t, size_t row, size_t col);

/*
 * The cell as text for a person: durations "3d 4h", shares "12.7%", counts
 * with thousands separators, paths " > "-joined, times per opts' zone. Not cut,
 * not escaped (the text renderer and the list widget escape and cut). Appends to
 * buf (struct cf_buf, util.h) and returns its data.
 */
struct cf_buf;
struct table_fmt; /* below */
const char *table_cell_text(const struct table *t, size_t row, size_t col,
                            const struct table_fmt *f, struct cf_buf *buf);

/*
 * Compare rows a and b by column col: numbers numerically, text by bytes,
 * paths by length then names; null sorts last. For the explorer's < > sort.
 */
int table_cmp_rows(const struct table *t, size_t col, size_t a, size_t b);

/* ---- rendering ----------------------------------------------------------- */

enum table_format { TF_TEXT, TF_JSON, TF_CSV };

struct table_fmt {
    enum table_format format;
    size_t width;          /* text: display columns; 0 = never cut */
    bool unicode;          /* text: "…", block bars; else "~" and '#' */
    bool csv_raw;          /* CSV: no formula guard on cells starting with = + - @ */
    bool pretty;           /* JSON: indented (the default for commands) */
    const char *csv_table; /* CSV: which table (by key); NULL = the first */
    int tz_offset_min;     /* times: the offset they are shown in (minutes east of UTC) */
    bool tz_set;           /* false: UTC with "Z" */
};

/*
 * Write d to f in f->format. Text never exceeds fmt->width columns on any line
 * (when width > 0); every string from the data passes cf_term_escape. JSON:
 * {"format": "caseflow/1", "log": ..., fields}. CSV: the table named
 * fmt->csv_table (else the first; a document without tables: key,value rows),
 * a header of keys, RFC 4180 quoting through libcsv, records ending in LF,
 * invalid UTF-8 as U+FFFD, cells starting with = + - @ TAB CR prefixed with '
 * unless csv_raw. Returns 0, or -1 on a write error.
 */
int tdoc_render(const struct tdoc *d, const struct table_fmt *fmt, FILE *f);

/* Render one table (text columns or CSV rows) on its own. */
int table_render(const struct table *t, const struct table_fmt *fmt, FILE *f);

#endif

/* Reading event logs and aggregates from PostgreSQL through libpq, streamed with COPY. */
/* SPDX-License-Identifier: MIT */
#include "source_pg.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "termsafe.h"

#ifdef HAVE_LIBPQ
#include <libpq-fe.h>
#include <poll.h>
#endif

bool
source_pg_is_conninfo(const char *s)
{
    static const char *const keys[] = {"service", "dbname", "host", "hostaddr", "port", "user"};
    if (strncmp(s, "postgresql://", 13) == 0 || strncmp(s, "postgres://", 11) == 0)
        return true;
    while (isspace((unsigned char)*s))
        s++;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        size_t n = strlen(keys[i]);
        if (strncmp(s, keys[i], n) != 0)
            continue;
        const char *p = s + n;
        while (*p == ' ')
            p++;
        if (*p == '=')
            return true;
    }
    return false;
}

static int
hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Percent-decode s[0..n) into a new string. */
static char *
url_decode(const char *s, size_t n)
{
    char *out = xmalloc(n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int h, l;
        if (s[i] == '%' && i + 2 < n && (h = hexval((unsigned char)s[i + 1])) >= 0 &&
            (l = hexval((unsigned char)s[i + 2])) >= 0) {
            out[k++] = (char)(h * 16 + l);
            i += 2;
        } else {
            out[k++] = s[i] == '+' ? ' ' : s[i];
        }
    }
    out[k] = '\0';
    return out;
}

/* Where "table=" starts as a URL query parameter (after ? or &), or NULL. */
static const char *
url_table_param(const char *conninfo)
{
    if (strncmp(conninfo, "postgres", 8) != 0 || strstr(conninfo, "://") == NULL)
        return NULL;
    const char *q = strchr(conninfo, '?');
    while (q != NULL) {
        if (strncmp(q + 1, "table=", 6) == 0)
            return q + 1;
        q = strchr(q + 1, '&');
    }
    return NULL;
}

char *
source_pg_url_table(const char *conninfo)
{
    const char *p = url_table_param(conninfo);
    if (p == NULL)
        return NULL;
    p += 6;
    return url_decode(p, strcspn(p, "&#"));
}

/* conninfo without the ?table= parameter libpq does not know. Caller frees. */
static char *
strip_table_param(const char *conninfo)
{
    const char *p = url_table_param(conninfo);
    if (p == NULL)
        return xstrdup(conninfo);
    struct cf_buf b = {0};
    const char *end = p + strcspn(p, "&#");
    /* Drop "table=..." and its separator: "?table=x&a=b" -> "?a=b", "?a=b&table=x" -> "?a=b". */
    if (*end == '&') {
        cf_buf_append(&b, conninfo, (size_t)(p - conninfo));
        cf_buf_puts(&b, end + 1);
    } else {
        cf_buf_append(&b, conninfo, (size_t)(p - 1 - conninfo));
        cf_buf_puts(&b, end);
    }
    return b.data;
}

/* Append an SQL identifier in double quotes (inner quotes doubled). */
static void
quote_ident(struct cf_buf *b, const char *s, size_t n)
{
    cf_buf_append(b, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            cf_buf_append(b, "\"", 1);
        cf_buf_append(b, s + i, 1);
    }
    cf_buf_append(b, "\"", 1);
}

/* A table name: "a.b" -> "a"."b"; a name already holding '"' is taken as written. */
static void
append_table(struct cf_buf *b, const char *t)
{
    if (strchr(t, '"') != NULL) {
        cf_buf_puts(b, t);
        return;
    }
    for (;;) {
        size_t n = strcspn(t, ".");
        quote_ident(b, t, n);
        if (t[n] == '\0')
            break;
        cf_buf_append(b, ".", 1);
        t += n + 1;
    }
}

/* A query without trailing blanks and semicolons, which COPY (...) refuses. */
static size_t
query_len(const char *q)
{
    size_t n = strlen(q);
    while (n > 0 && (isspace((unsigned char)q[n - 1]) || q[n - 1] == ';'))
        n--;
    return n;
}

char *
source_pg_from_item(const struct pg_source *src, struct cf_error *err)
{
    struct cf_buf b = {0};
    if (src->query != NULL) {
        cf_buf_append(&b, "(", 1);
        cf_buf_append(&b, src->query, query_len(src->query));
        cf_buf_puts(&b, ") AS q");
        return b.data;
    }
    char *url_table = src->table == NULL ? source_pg_url_table(src->conninfo) : NULL;
    const char *t = src->table != NULL ? src->table : url_table;
    if (t == NULL || *t == '\0') {
        free(url_table);
        cf_error_set(err, NULL, 0,
                     "name the events: --table T, --query 'SELECT ...', or ?table=T in the URL");
        return NULL;
    }
    append_table(&b, t);
    free(url_table);
    return b.data;
}

/* Server or libpq text, made one terminal-safe line: newlines become "; ". */
static void
set_server_error(struct cf_error *err, const char *name, const char *what, const char *text)
{
    struct cf_buf line = {0};
    size_t n = text ? strlen(text) : 0;
    while (n > 0 && isspace((unsigned char)text[n - 1]))
        n--;
    for (size_t i = 0; i < n; i++) {
        if (text[i] == '\n') {
            while (i + 1 < n && isspace((unsigned char)text[i + 1]))
                i++;
            cf_buf_puts(&line, "; ");
        } else {
            cf_buf_append(&line, text + i, 1);
        }
    }
    char safe[480];
    cf_term_safe(safe, sizeof safe, line.data ? line.data : "unknown error");
    char safe_name[256];
    cf_term_safe(safe_name, sizeof safe_name, name);
    cf_error_set(err, safe_name, 0, "%s: %s", what, safe);
    cf_buf_clear(&line);
}

#ifdef HAVE_LIBPQ

bool
source_pg_available(void)
{
    return true;
}

/* The server's message: primary text, then detail and hint when present. */
static void
set_result_error(struct cf_error *err, const char *name, const char *what, const PGresult *res,
                 PGconn *conn)
{
    const char *prim = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    if (prim == NULL) {
        set_server_error(err, name, what, PQerrorMessage(conn));
        return;
    }
    struct cf_buf b = {0};
    cf_buf_puts(&b, prim);
    const char *detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
    const char *hint = PQresultErrorField(res, PG_DIAG_MESSAGE_HINT);
    if (detail != NULL)
        cf_buf_printf(&b, " (%s)", detail);
    if (hint != NULL)
        cf_buf_printf(&b, " (hint: %s)", hint);
    set_server_error(err, name, what, b.data);
    cf_buf_clear(&b);
}

/* Connect with conninfo (?table= removed); NULL with err set on failure. */
static PGconn *
pg_connect(const char *name, const char *conninfo, struct cf_error *err)
{
    char *ci = strip_table_param(conninfo);
    char *perr = NULL;
    PQconninfoOption *opts = PQconninfoParse(ci, &perr);
    if (opts == NULL) {
        set_server_error(err, name, "bad connection string", perr ? perr : "cannot parse");
        PQfreemem(perr);
        free(ci);
        return NULL;
    }
    for (PQconninfoOption *o = opts; o->keyword != NULL; o++) {
        if (strcmp(o->keyword, "password") == 0 && o->val != NULL && o->val[0] != '\0') {
            PQconninfoFree(opts);
            free(ci);
            cf_error_set(err, NULL, 0,
                         "a password in the connection string is refused (it shows in the "
                         "process list and shell history): use ~/.pgpass, PGPASSWORD or a "
                         "service file");
            return NULL;
        }
    }
    PQconninfoFree(opts);
    PGconn *conn = PQconnectdb(ci);
    free(ci);
    if (conn == NULL) {
        cf_error_set(err, name, 0, "cannot connect: out of memory");
        return NULL;
    }
    if (PQstatus(conn) != CONNECTION_OK) {
        set_server_error(err, name, "cannot connect", PQerrorMessage(conn));
        PQfinish(conn);
        return NULL;
    }
    /* Times arrive in UTC, in ISO form, whatever the server's defaults. */
    PGresult *r = PQexec(conn, "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'");
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        set_result_error(err, name, "cannot set up the session", r, conn);
        PQclear(r);
        PQfinish(conn);
        return NULL;
    }
    PQclear(r);
    /* JIT compiles the push-down query's expressions for about a second, more than
     * it saves on a scan of a few million rows; servers before 11 have no jit, and
     * the failed SET changes nothing. */
    PQclear(PQexec(conn, "SET jit = off"));
    /* A caseflow stopped by Ctrl-C leaves no query behind: the server looks for the
     * client every second while it works (PostgreSQL 14 on; older ones refuse, as above). */
    PQclear(PQexec(conn, "SET client_connection_check_interval = 1000"));
    /* The filters caseflow writes as SQL (pushfilter.c) quote by doubling quotes only. */
    PQclear(PQexec(conn, "SET standard_conforming_strings = on"));
    return conn;
}

static double
mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* o's interrupt, asked at most every 100 ms (also while rows stream in); when it
 * says stop, the server is asked to cancel the query. */
static bool
pg_interrupted(PGconn *conn, const char *name, const struct import_opts *o, bool now,
               struct cf_error *err)
{
    static _Thread_local double last;
    double t = mono_ms();
    if (!now && t - last < 100)
        return false;
    last = t;
    if (!o->interrupt(o->interrupt_ud))
        return false;
    PGcancel *c = PQgetCancel(conn);
    char why[256];
    if (c != NULL) {
        PQcancel(c, why, sizeof why);
        PQfreeCancel(c);
    }
    cf_error_set(err, name, 0, "%s", source_pg_cancelled);
    return true;
}

/*
 * Wait until the server has sent more, then take it in. While waiting, o's interrupt
 * is polled every 100 ms; when it says so, the server is asked to cancel the query
 * (the caller then closes the connection). 0, or -1 with err set.
 */
static int
pg_wait(PGconn *conn, const char *name, const struct import_opts *o, struct cf_error *err)
{
    bool polled = o != NULL && o->interrupt != NULL;
    struct pollfd pfd = {PQsocket(conn), POLLIN, 0};
    if (polled && pg_interrupted(conn, name, o, false, err))
        return -1;
    for (;;) {
        int n = poll(&pfd, 1, polled ? 100 : -1);
        if (n > 0)
            break;
        if (n < 0 && errno != EINTR) {
            set_server_error(err, name, "cannot wait for the server", strerror(errno));
            return -1;
        }
        if (polled && pg_interrupted(conn, name, o, true, err))
            return -1;
    }
    if (!PQconsumeInput(conn)) {
        set_server_error(err, name, "query failed while reading", PQerrorMessage(conn));
        return -1;
    }
    return 0;
}

/* PQgetCopyData without blocking in libpq: a row's length, -1 at the end, -2 on a
 * server error; -3 when pg_wait failed or was interrupted (err set). */
static int
pg_copy_row(PGconn *conn, char **row, const char *name, const struct import_opts *o,
            struct cf_error *err)
{
    for (;;) {
        int n = PQgetCopyData(conn, row, 1);
        if (n != 0)
            return n;
        if (pg_wait(conn, name, o, err) != 0)
            return -3;
    }
}

/* Start COPY (sql) TO STDOUT; 0, or -1 with err set. */
static int
pg_copy_start(PGconn *conn, const char *name, const char *sql, const struct import_opts *o,
              struct cf_error *err)
{
    struct cf_buf q = {0};
    cf_buf_printf(&q, "COPY (%s) TO STDOUT (FORMAT csv, HEADER)", sql);
    int sent = PQsendQuery(conn, q.data);
    cf_buf_clear(&q);
    if (!sent) {
        set_server_error(err, name, "query failed", PQerrorMessage(conn));
        return -1;
    }
    while (PQisBusy(conn))
        if (pg_wait(conn, name, o, err) != 0)
            return -1;
    PGresult *r = PQgetResult(conn);
    if (PQresultStatus(r) != PGRES_COPY_OUT) {
        set_result_error(err, name, "query failed", r, conn);
        PQclear(r);
        return -1;
    }
    PQclear(r);
    return 0;
}

/* After the last row: the COPY's own result says whether it finished. */
static int
pg_copy_end(PGconn *conn, const char *name, struct cf_error *err)
{
    int rc = 0;
    PGresult *r;
    while ((r = PQgetResult(conn)) != NULL) {
        if (rc == 0 && PQresultStatus(r) != PGRES_COMMAND_OK) {
            set_result_error(err, name, "query failed while reading", r, conn);
            rc = -1;
        }
        PQclear(r);
    }
    return rc;
}

const char source_pg_cancelled[] = "cancelled (the server's query too)";

struct pg_reader {
    PGconn *conn;
    const char *name;
    const struct import_opts *o;
    char *row; /* the row being handed out (PQfreemem) */
    int row_len, row_pos;
    bool done;
    struct cf_error *err;
};

/* import_read_fn over PQgetCopyData: whole rows, split across calls when needed. */
static long
pg_read(void *ud, unsigned char *buf, size_t cap, char *msg, size_t msz)
{
    struct pg_reader *r = ud;
    size_t got = 0;
    while (got < cap && !r->done) {
        if (r->row == NULL) {
            int n = pg_copy_row(r->conn, &r->row, r->name, r->o, r->err);
            if (n == -3) {
                r->done = true;
                snprintf(msg, msz, "%s", r->err->msg);
                return -1;
            }
            if (n == -1) {
                r->done = true;
                if (pg_copy_end(r->conn, r->name, r->err) != 0) {
                    snprintf(msg, msz, "%s", r->err->msg);
                    return -1;
                }
                break;
            }
            if (n < 0) {
                r->done = true;
                set_server_error(r->err, r->name, "query failed while reading",
                                 PQerrorMessage(r->conn));
                snprintf(msg, msz, "%s", r->err->msg);
                return -1;
            }
            r->row_len = n;
            r->row_pos = 0;
        }
        size_t left = (size_t)(r->row_len - r->row_pos);
        size_t take = left < cap - got ? left : cap - got;
        memcpy(buf + got, r->row + r->row_pos, take);
        got += take;
        r->row_pos += (int)take;
        if (r->row_pos == r->row_len) {
            PQfreemem(r->row);
            r->row = NULL;
        }
    }
    return (long)got;
}

struct event_log *
source_pg_import(const char *name, const struct pg_source *src, const struct import_opts *o,
                 struct cf_error *err)
{
    char *from = source_pg_from_item(src, err);
    if (from == NULL)
        return NULL;
    PGconn *conn = pg_connect(name, src->conninfo, err);
    if (conn == NULL) {
        free(from);
        return NULL;
    }
    struct cf_buf sql = {0};
    cf_buf_printf(&sql, "SELECT * FROM %s", from);
    if (src->order_col != NULL) {
        cf_buf_puts(&sql, " ORDER BY ");
        quote_ident(&sql, src->order_col, strlen(src->order_col));
    }
    free(from);
    struct event_log *log = NULL;
    if (pg_copy_start(conn, name, sql.data, o, err) == 0) {
        struct cf_error rerr = {0};
        struct pg_reader r = {.conn = conn, .name = name, .o = o, .err = &rerr};
        log = import_csv_reader(name, pg_read, &r, o, err);
        PQfreemem(r.row); /* an importer that stopped early leaves the copy to PQfinish */
    }
    cf_buf_clear(&sql);
    PQfinish(conn);
    return log;
}

int
source_pg_copy(const char *name, const char *conninfo, const char *sql, pg_sink_fn sink, void *ud,
               const struct import_opts *o, struct cf_error *err)
{
    PGconn *conn = pg_connect(name, conninfo, err);
    if (conn == NULL)
        return -1;
    int rc = pg_copy_start(conn, name, sql, o, err);
    while (rc == 0) {
        char *row;
        int n = pg_copy_row(conn, &row, name, o, err);
        if (n == -3) {
            rc = -1;
            break;
        }
        if (n == -1) {
            rc = pg_copy_end(conn, name, err);
            break;
        }
        if (n < 0) {
            set_server_error(err, name, "query failed while reading", PQerrorMessage(conn));
            rc = -1;
            break;
        }
        if (sink(ud, row, (size_t)n, err) != 0)
            rc = -1;
        PQfreemem(row);
    }
    PQfinish(conn);
    return rc;
}

#else /* !HAVE_LIBPQ */

bool
source_pg_available(void)
{
    return false;
}

static const char no_pg[] = "this caseflow was built without PostgreSQL support "
                            "(install libpq-dev and run configure --with-postgresql)";

struct event_log *
source_pg_import(const char *name, const struct pg_source *src, const struct import_opts *o,
                 struct cf_error *err)
{
    (void)src;
    (void)o;
    set_server_error(err, name, "cannot read", no_pg);
    return NULL;
}

const char source_pg_cancelled[] = "cancelled (the server's query too)";

int
source_pg_copy(const char *name, const char *conninfo, const char *sql, pg_sink_fn sink, void *ud,
               const struct import_opts *o, struct cf_error *err)
{
    (void)o;
    (void)conninfo;
    (void)sql;
    (void)sink;
    (void)ud;
    set_server_error(err, name, "cannot read", no_pg);
    return -1;
}

#endif

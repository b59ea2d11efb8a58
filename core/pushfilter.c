/* Filters as SQL conditions on a database source's rows (case-level, as caseflow's filters are). */
/* SPDX-License-Identifier: MIT */
#include "pushfilter.h"

#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>

#include "filter.h"

static void
ident(struct cf_buf *b, const char *s)
{
    cf_buf_append(b, "\"", 1);
    for (; *s; s++) {
        if (*s == '"')
            cf_buf_append(b, "\"", 1);
        cf_buf_append(b, s, 1);
    }
    cf_buf_append(b, "\"", 1);
}

static void
literal(struct cf_buf *b, const char *s, size_t n)
{
    cf_buf_append(b, "'", 1);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\'')
            cf_buf_append(b, "'", 1);
        cf_buf_append(b, s + i, 1);
    }
    cf_buf_append(b, "'", 1);
}

/* "case" [NOT] IN (SELECT "case" FROM from WHERE "case" IS NOT NULL */
static void
case_in(struct cf_buf *b, const struct pushfilter_src *src, bool invert)
{
    ident(b, src->case_col);
    cf_buf_puts(b, invert ? " NOT IN (SELECT " : " IN (SELECT ");
    ident(b, src->case_col);
    cf_buf_printf(b, " FROM %s WHERE ", src->from);
    ident(b, src->case_col);
    cf_buf_puts(b, " IS NOT NULL");
}

/* A moment as a TIMESTAMPTZ literal: CAST('2012-01-31 23:59:59.999+00' AS TIMESTAMPTZ). */
static void
moment(struct cf_buf *b, int64_t ms)
{
    time_t t = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
    int frac = (int)(ms - (int64_t)t * 1000);
    struct tm tm;
    char s[64] = "";
    if (gmtime_r(&t, &tm) != NULL)
        strftime(s, sizeof s, "%Y-%m-%d %H:%M:%S", &tm);
    cf_buf_printf(b, "CAST('%s.%03d+00' AS TIMESTAMPTZ)", s, frac);
}

bool
pushfilter_sql(const struct pushfilter_src *src, const char *opt, const char *arg, bool invert,
               bool contained, struct cf_buf *out)
{
    if (arg == NULL)
        return false;
    if (strcmp(opt, "where") == 0) {
        size_t n = strcspn(arg, "~=<>!");
        if (n == 0 || arg[n] == '\0')
            return false;
        bool ne = arg[n] == '!' && arg[n + 1] == '=';
        if (!ne && arg[n] != '=')
            return false; /* regexes and comparisons stay with caseflow */
        const char *val = arg + n + (ne ? 2 : 1);
        if (strstr(val, "..") != NULL)
            return false; /* ATTR=LO..HI: a numeric or date range */
        char *attr = xstrndup(arg, n);
        case_in(out, src, ne != invert);
        cf_buf_puts(out, " AND COALESCE(CAST(");
        ident(out, attr);
        cf_buf_puts(out, " AS VARCHAR), '') = ");
        literal(out, val, strlen(val));
        cf_buf_puts(out, ")");
        free(attr);
        return true;
    }
    bool is_from = strcmp(opt, "from") == 0, is_to = strcmp(opt, "to") == 0;
    if ((!is_from && !is_to) || invert)
        return false; /* an inverted range negates both bounds together: not one by one */
    int64_t ms;
    struct cf_error err = {0};
    if (filter_parse_date(arg, is_to, &ms, &err) != 0)
        return false;
    case_in(out, src, invert);
    cf_buf_puts(out, " GROUP BY ");
    ident(out, src->case_col);
    /* intersecting: from <= last and first <= to; contained: from <= first, last <= to */
    cf_buf_puts(out, " HAVING ");
    cf_buf_puts(out, (is_from && !contained) || (is_to && contained) ? "MAX(CAST(" : "MIN(CAST(");
    ident(out, src->time_col);
    cf_buf_puts(out, is_from ? " AS TIMESTAMPTZ)) >= " : " AS TIMESTAMPTZ)) <= ");
    moment(out, ms);
    cf_buf_puts(out, ")");
    return true;
}

/* Row-level reshaping at import: wide rows, change histories, row filters, composite case ids. */
/* SPDX-License-Identifier: MIT */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "reshape.h"

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NO_COL SIZE_MAX

/* Field and new-value headers of change-history exports, lower-case without
 * ' ', '_' and '-': Salesforce (Field, NewValue), Jira (Field, To, toString),
 * Dynamics 365 (Changed Field, New Value), Zendesk (field_name, value),
 * ServiceNow sys_audit (fieldname, newvalue). */
static const char *const field_names[] = {"field",     "fieldname", "changedfield",
                                          "attribute", "property",  NULL};
static const char *const newval_names[] = {"newvalue", "tostring", "to",    "value",
                                           "newval",   "new",      "after", NULL};

static void
norm(const char *s, char *out, size_t size)
{
    size_t o = 0;
    for (; *s && o + 1 < size; s++) {
        if (*s == ' ' || *s == '_' || *s == '-' || *s == '.' || *s == ':')
            continue;
        out[o++] = (char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
    }
    out[o] = '\0';
}

static size_t
find_named(const char *const *cols, size_t ncols, const char *name, size_t len)
{
    for (size_t i = 0; i < ncols; i++)
        if (strlen(cols[i]) == len && memcmp(cols[i], name, len) == 0)
            return i;
    for (size_t i = 0; i < ncols; i++)
        if (strlen(cols[i]) == len && strncasecmp(cols[i], name, len) == 0)
            return i;
    return NO_COL;
}

static size_t
find_guess(const char *const *cols, size_t ncols, const char *const *names)
{
    char n[256];
    for (const char *const *w = names; *w; w++)
        for (size_t i = 0; i < ncols; i++) {
            norm(cols[i], n, sizeof n);
            if (strcmp(n, *w) == 0)
                return i;
        }
    return NO_COL;
}

static pcre2_code *
compile(const char *pat, uint32_t flags, char *msg, size_t msz, const char *opt)
{
    int ec;
    PCRE2_SIZE eo;
    pcre2_code *re =
        pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, flags | PCRE2_UTF, &ec, &eo, NULL);
    if (re == NULL) {
        PCRE2_UCHAR e[160];
        pcre2_get_error_message(ec, e, sizeof e);
        snprintf(msg, msz, "%s: bad regex \"%s\" at offset %zu: %s", opt, pat, (size_t)eo,
                 (const char *)e);
    }
    return re;
}

size_t
reshape_count_wide_headers(const char *const *cols, size_t ncols)
{
    char msg[8];
    pcre2_code *re = compile(RESHAPE_WIDE_DEFAULT, PCRE2_CASELESS, msg, sizeof msg, "");
    if (re == NULL)
        return 0;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    size_t n = 0;
    for (size_t i = 0; i < ncols; i++)
        n += pcre2_match(re, (PCRE2_SPTR)cols[i], strlen(cols[i]), 0, 0, md, NULL) >= 0;
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    return n;
}

static int
header_wide(struct reshape *rs, const char *pat, const char *const *cols, size_t ncols, char *msg,
            size_t msz)
{
    bool dflt = pat[0] == '\0';
    pcre2_code *re =
        compile(dflt ? RESHAPE_WIDE_DEFAULT : pat, dflt ? PCRE2_CASELESS : 0, msg, msz, "--wide");
    if (re == NULL)
        return -1;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    rs->wide_cols = xcalloc(ncols ? ncols : 1, sizeof *rs->wide_cols);
    rs->wide_act = xcalloc(ncols ? ncols : 1, sizeof *rs->wide_act);
    for (size_t i = 0; i < ncols; i++) {
        int rc = pcre2_match(re, (PCRE2_SPTR)cols[i], strlen(cols[i]), 0, 0, md, NULL);
        if (rc < 0)
            continue;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        size_t s = 0, e = strlen(cols[i]);
        if (rc >= 2 && ov[2] != PCRE2_UNSET) {
            s = ov[2];
            e = ov[3];
        }
        if (e <= s) /* an empty capture names nothing: use the header */
            s = 0, e = strlen(cols[i]);
        rs->wide_cols[rs->n_wide] = i;
        rs->wide_act[rs->n_wide++] = xstrndup(cols[i] + s, e - s);
    }
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    if (rs->n_wide == 0) {
        snprintf(msg, msz, "--wide: no column header matches \"%s\"",
                 dflt ? RESHAPE_WIDE_DEFAULT : pat);
        return -1;
    }
    return 0;
}

static int
header_keep(struct reshape *rs, const char *spec, const char *const *cols, size_t ncols, char *msg,
            size_t msz)
{
    const char *op = strpbrk(spec, "=~");
    if (op == NULL || op == spec) {
        snprintf(msg, msz, "--keep-rows takes COL=VALUE or COL~REGEX, not \"%s\"", spec);
        return -1;
    }
    rs->keep_col = find_named(cols, ncols, spec, (size_t)(op - spec));
    if (rs->keep_col == NO_COL) {
        snprintf(msg, msz, "--keep-rows: no column \"%.*s\"", (int)(op - spec), spec);
        return -1;
    }
    if (*op == '=') {
        rs->keep_value = xstrdup(op + 1);
        rs->keep_len = strlen(op + 1);
        return 0;
    }
    pcre2_code *re = compile(op + 1, 0, msg, msz, "--keep-rows");
    if (re == NULL)
        return -1;
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    rs->keep_re = re;
    rs->keep_md = pcre2_match_data_create_from_pattern(re, NULL);
    return 0;
}

static int
header_changes(struct reshape *rs, const struct reshape_opts *o, const char *const *cols,
               size_t ncols, const char **activity_col, char *msg, size_t msz)
{
    rs->changes = o->changes;
    rs->changes_len = strlen(o->changes);
    rs->field_col = o->field_col ? find_named(cols, ncols, o->field_col, strlen(o->field_col))
                                 : find_guess(cols, ncols, field_names);
    if (rs->field_col == NO_COL) {
        if (o->field_col)
            snprintf(msg, msz, "--field-column: no column \"%s\"", o->field_col);
        else
            snprintf(msg, msz,
                     "--changes %s: no field column found (Field, field_name, Changed Field; "
                     "name it with --field-column COL)",
                     o->changes);
        return -1;
    }
    rs->new_value_col = o->new_value_col
                            ? find_named(cols, ncols, o->new_value_col, strlen(o->new_value_col))
                            : find_guess(cols, ncols, newval_names);
    if (rs->new_value_col == NO_COL) {
        if (o->new_value_col)
            snprintf(msg, msz, "--new-value-column: no column \"%s\"", o->new_value_col);
        else
            snprintf(msg, msz,
                     "--changes %s: no new-value column found (NewValue, New Value, To, "
                     "toString, value; name it with --new-value-column COL)",
                     o->changes);
        return -1;
    }
    if (*activity_col == NULL)
        *activity_col = cols[rs->new_value_col];
    return 0;
}

static int
header_case(struct reshape *rs, const char *case_opt, const char *const *cols, size_t ncols,
            char *msg, size_t msz)
{
    if (case_opt == NULL || strchr(case_opt, ',') == NULL ||
        find_named(cols, ncols, case_opt, strlen(case_opt)) != NO_COL)
        return 0;
    for (const char *p = case_opt;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        size_t c = find_named(cols, ncols, p, len);
        if (c == NO_COL) {
            snprintf(msg, msz, "--case: no column \"%.*s\"", (int)len, p);
            return -1;
        }
        if (rs->n_case == RESHAPE_MAX_CASE_COLS) {
            snprintf(msg, msz, "--case: at most %d columns", RESHAPE_MAX_CASE_COLS);
            return -1;
        }
        rs->case_cols[rs->n_case++] = c;
        if (comma == NULL)
            break;
        p = comma + 1;
    }
    return 0;
}

int
reshape_header(struct reshape *rs, const struct reshape_opts *o, const char *case_opt,
               const char *const *cols, size_t ncols, const char **activity_col, char *msg,
               size_t msz)
{
    rs->field_col = rs->new_value_col = rs->keep_col = NO_COL;
    if (header_case(rs, case_opt, cols, ncols, msg, msz) != 0)
        return -1;
    if (o == NULL)
        return 0;
    if (o->wide != NULL && header_wide(rs, o->wide, cols, ncols, msg, msz) != 0)
        return -1;
    if (o->wide == NULL)
        rs->n_wide_hint = reshape_count_wide_headers(cols, ncols);
    if (o->changes != NULL && header_changes(rs, o, cols, ncols, activity_col, msg, msz) != 0)
        return -1;
    if (o->changes == NULL && (o->field_col || o->new_value_col)) {
        snprintf(msg, msz, "--field-column and --new-value-column need --changes FIELD");
        return -1;
    }
    if (o->keep_rows != NULL && header_keep(rs, o->keep_rows, cols, ncols, msg, msz) != 0)
        return -1;
    return 0;
}

bool
reshape_keep(struct reshape *rs, const char *const *f, const size_t *len)
{
    if (rs->keep_col != NO_COL) {
        const char *v = f[rs->keep_col];
        size_t n = len[rs->keep_col];
        bool ok = rs->keep_re != NULL
                      ? pcre2_match(rs->keep_re, (PCRE2_SPTR)v, n, 0, 0, rs->keep_md, NULL) >= 0
                      : n == rs->keep_len && memcmp(v, rs->keep_value, n) == 0;
        if (!ok) {
            rs->skipped_keep++;
            return false;
        }
    }
    if (rs->changes != NULL) {
        size_t n = len[rs->field_col];
        if (n != rs->changes_len || memcmp(f[rs->field_col], rs->changes, n) != 0) {
            rs->skipped_field++;
            return false;
        }
    }
    return true;
}

const char *
reshape_case(struct reshape *rs, const char *const *f, const size_t *len, size_t *n)
{
    rs->case_buf.len = 0;
    cf_buf_append(&rs->case_buf, "", 0);
    for (size_t k = 0; k < rs->n_case; k++) {
        size_t c = rs->case_cols[k];
        if (k > 0)
            cf_buf_append(&rs->case_buf, "/", 1);
        cf_buf_append(&rs->case_buf, f[c], len[c]);
    }
    /* Every part empty: no case id at all. */
    *n = rs->case_buf.len == rs->n_case - 1 ? 0 : rs->case_buf.len;
    return rs->case_buf.data;
}

void
reshape_clear(struct reshape *rs)
{
    for (size_t i = 0; i < rs->n_wide; i++)
        free(rs->wide_act[i]);
    free(rs->wide_act);
    free(rs->wide_cols);
    free(rs->keep_value);
    pcre2_match_data_free(rs->keep_md);
    pcre2_code_free(rs->keep_re);
    cf_buf_clear(&rs->case_buf);
}

static int
two_digits(const char *s)
{
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
        return -1;
    return (s[0] - '0') * 10 + (s[1] - '0');
}

int
reshape_offset_of(const char *s, size_t n, int *minutes)
{
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n >= 1 && (s[n - 1] == 'Z' || s[n - 1] == 'z')) {
        *minutes = 0;
        return 0;
    }
    if (n >= 3 && (s[n - 1] | 0x20) > '9') { /* "UTC" / "GMT", any case (cheap test first) */
        char z[3] = {(char)(s[n - 3] | 0x20), (char)(s[n - 2] | 0x20), (char)(s[n - 1] | 0x20)};
        if (memcmp(z, "utc", 3) == 0 || memcmp(z, "gmt", 3) == 0) {
            *minutes = 0;
            return 0;
        }
        return -1;
    }
    /* +hh:mm, +hhmm, +hh after a time (a digit before the sign, a ':' earlier). */
    int h = -1, m = 0;
    size_t sign = 0;
    if (n >= 7 && s[n - 3] == ':' && (s[n - 6] == '+' || s[n - 6] == '-')) {
        h = two_digits(s + n - 5);
        m = two_digits(s + n - 2);
        sign = n - 6;
    } else if (n >= 6 && (s[n - 5] == '+' || s[n - 5] == '-')) {
        h = two_digits(s + n - 4);
        m = two_digits(s + n - 2);
        sign = n - 5;
    } else if (n >= 4 && (s[n - 3] == '+' || s[n - 3] == '-')) {
        h = two_digits(s + n - 2);
        sign = n - 3;
    }
    if (h < 0 || m < 0 || h > 23 || m > 59 || sign == 0 || memchr(s, ':', sign) == NULL)
        return -1;
    char before = s[sign - 1];
    if (!((before >= '0' && before <= '9') || before == ' '))
        return -1;
    *minutes = (s[sign] == '-' ? -1 : 1) * (h * 60 + m);
    return 0;
}

void
offset_hist_add(struct offset_hist *h, int minutes)
{
    for (size_t i = 0; i < h->n; i++)
        if (h->off[i] == minutes) {
            h->count[i]++;
            return;
        }
    if (h->n < sizeof h->off / sizeof h->off[0]) {
        h->off[h->n] = minutes;
        h->count[h->n++] = 1;
    } else {
        h->other++;
    }
}

int
offset_hist_dominant(const struct offset_hist *h, int *minutes)
{
    if (h->n == 0)
        return -1;
    size_t best = 0;
    for (size_t i = 1; i < h->n; i++)
        if (h->count[i] > h->count[best])
            best = i;
    *minutes = h->off[best];
    return 0;
}

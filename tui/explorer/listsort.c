/* Sort keys of list cells: numbers, shares and durations read from their text, and their order. */
/* SPDX-License-Identifier: MIT */
#include "listsort.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A number with an optional fraction; thousands commas allowed in the integer part. */
static const char *
parse_decimal(const char *p, double *out)
{
    double v = 0;
    int digits = 0;
    while (isdigit((unsigned char)*p) ||
           (*p == ',' && digits > 0 && isdigit((unsigned char)p[1]) &&
            isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3]) &&
            !isdigit((unsigned char)p[4]))) {
        if (*p != ',') {
            v = v * 10 + (*p - '0');
            digits++;
        }
        p++;
    }
    if (*p == '.' && isdigit((unsigned char)p[1])) {
        double f = 0.1;
        for (p++; isdigit((unsigned char)*p); p++, f /= 10)
            v += (*p - '0') * f;
        digits++;
    }
    if (digits == 0)
        return NULL;
    *out = v;
    return p;
}

bool
listsort_number(const char *s, double *out)
{
    const char *p = s;
    while (*p == ' ')
        p++;
    double sign = 1;
    if (*p == '-' || *p == '+') {
        sign = *p == '-' ? -1 : 1;
        p++;
    }
    double v;
    const char *q = parse_decimal(p, &v);
    if (q == NULL)
        return false;
    double total = 0;
    if (*q == '%') {
        total = v;
        q++;
    } else if (*q == '\0' || *q == ' ') {
        total = v;
    } else {
        /* A duration: one or more NUMBER UNIT parts separated by spaces. */
        for (;;) {
            double unit;
            if (strncmp(q, "ms", 2) == 0 && !isalpha((unsigned char)q[2])) {
                unit = 0.001;
                q += 2;
            } else {
                switch (*q) {
                case 'y': unit = 365.0 * 86400; break;
                case 'w': unit = 7.0 * 86400; break;
                case 'd': unit = 86400; break;
                case 'h': unit = 3600; break;
                case 'm': unit = 60; break;
                case 's': unit = 1; break;
                default: return false;
                }
                q++;
                if (isalpha((unsigned char)*q))
                    return false;
            }
            total += v * unit;
            while (*q == ' ')
                q++;
            if (*q == '\0')
                break;
            q = parse_decimal(q, &v);
            if (q == NULL)
                return false;
        }
    }
    while (*q == ' ')
        q++;
    if (*q != '\0')
        return false;
    *out = sign * total;
    return true;
}

static bool sort_desc_now; /* qsort has no context argument */

static int
cmp_keys(const void *pa, const void *pb)
{
    const struct listsort_key *a = pa, *b = pb;
    if (a->missing != b->missing)
        return a->missing ? 1 : -1; /* empty cells last, whatever the direction */
    int c = 0;
    if (!a->missing) {
        if (a->text != NULL)
            c = strcasecmp(a->text, b->text);
        else
            c = a->num < b->num ? -1 : a->num > b->num;
        if (sort_desc_now)
            c = -c;
    }
    if (c != 0)
        return c;
    return a->row < b->row ? -1 : a->row > b->row;
}

bool
listsort_missing(const char *s)
{
    while (*s == ' ')
        s++;
    return *s == '\0' || strcmp(s, "-") == 0 || strcmp(s, "\xe2\x80\x93") == 0 ||
           strcmp(s, "\xe2\x80\x94") == 0;
}

void
listsort_sort(struct listsort_key *k, size_t n, bool desc)
{
    sort_desc_now = desc;
    qsort(k, n, sizeof *k, cmp_keys);
}

/* Outcome rules and the A/B/unknown segmentation of cases. */
/* SPDX-License-Identifier: MIT */
#include "outcome.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Trim spaces at both ends of [s, s+n): returns the start, sets *len. */
static const char *
trim(const char *s, size_t n, size_t *len)
{
    while (n > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    *len = n;
    return s;
}

bool *
outcome_activity_mask(const struct event_log *log, const char *list, const char *what,
                      struct cf_error *err)
{
    size_t na = eventlog_n_activities(log);
    bool *mask = xcalloc(na ? na : 1, sizeof *mask);
    const char *p = list;
    size_t any = 0;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p), len;
        const char *name = trim(p, n, &len);
        if (len > 0) {
            uint32_t id = strpool_find(log->activities, name, len);
            if (id == CF_NONE) {
                cf_error_set(err, NULL, 0, "%s: no activity named \"%.*s\" in the log", what,
                             (int)len, name);
                free(mask);
                return NULL;
            }
            mask[id] = true;
            any++;
        }
        if (comma == NULL)
            break;
        p = comma + 1;
    }
    if (any == 0) {
        cf_error_set(err, NULL, 0, "%s: no activity given", what);
        free(mask);
        return NULL;
    }
    return mask;
}

static int
rule_init(struct outcome_rule *r, const struct event_log *log, enum outcome_kind kind,
          const char *spec, const char *what, struct cf_error *err)
{
    memset(r, 0, sizeof *r);
    r->kind = kind;
    r->attr = -1;
    r->text = xstrdup(spec);
    if (kind != OUTCOME_ATTR) {
        r->acts = outcome_activity_mask(log, spec, what, err);
        return r->acts ? 0 : -1;
    }
    const char *eq = strchr(spec, '=');
    if (eq == NULL || eq == spec) {
        cf_error_set(err, NULL, 0, "%s: expected ATTR=VALUE[,VALUE...], got \"%s\"", what, spec);
        return -1;
    }
    char *name = xstrndup(spec, (size_t)(eq - spec));
    r->attr = eventlog_attr_index(log, name);
    if (r->attr < 0) {
        struct cf_buf b = {0};
        for (size_t i = 0; i < log->n_attrs; i++)
            cf_buf_printf(&b, "%s%s", i ? ", " : "", log->attr_names[i]);
        cf_error_set(err, NULL, 0, "%s: no attribute \"%s\" (attributes: %s)", what, name,
                     b.data ? b.data : "none");
        cf_buf_clear(&b);
        free(name);
        return -1;
    }
    free(name);
    size_t nv = strpool_count(log->values);
    r->values = xcalloc(nv ? nv : 1, sizeof *r->values);
    const char *p = eq + 1;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p), len;
        const char *v = trim(p, n, &len);
        uint32_t id = len ? strpool_find(log->values, v, len) : CF_NONE;
        if (id != CF_NONE)
            r->values[id] = true; /* a value nobody has simply matches no case */
        if (comma == NULL)
            break;
        p = comma + 1;
    }
    return 0;
}

static void
rule_clear(struct outcome_rule *r)
{
    free(r->values);
    free(r->acts);
    free(r->text);
    memset(r, 0, sizeof *r);
}

static void
label_from(char *dst, size_t size, const struct outcome_rule *r)
{
    const char *t = r->text;
    if (r->kind == OUTCOME_ATTR) {
        const char *eq = strchr(t, '=');
        t = eq ? eq + 1 : t;
    }
    snprintf(dst, size, "%s", t);
}

int
outcome_init(struct outcome *o, const struct event_log *log, enum outcome_kind kind,
             const char *a_spec, const char *b_spec, const char *ends_spec, struct cf_error *err)
{
    memset(o, 0, sizeof *o);
    if (rule_init(&o->a, log, kind, a_spec, "outcome", err) != 0)
        goto fail;
    if (b_spec != NULL) {
        if (rule_init(&o->b, log, kind, b_spec, "versus", err) != 0)
            goto fail;
        o->has_b = true;
    }
    if (ends_spec != NULL) {
        o->ends = outcome_activity_mask(log, ends_spec, "end", err);
        if (o->ends == NULL)
            goto fail;
    }
    label_from(o->label_a, sizeof o->label_a, &o->a);
    if (o->has_b)
        label_from(o->label_b, sizeof o->label_b, &o->b);
    else
        snprintf(o->label_b, sizeof o->label_b, "not %s", o->label_a);
    return 0;
fail:
    outcome_clear(o);
    return -1;
}

void
outcome_clear(struct outcome *o)
{
    if (o == NULL)
        return;
    rule_clear(&o->a);
    rule_clear(&o->b);
    free(o->ends);
    memset(o, 0, sizeof *o);
}

/* An activity rule on a case's activities in order. */
static bool
seq_holds(const struct outcome_rule *r, const uint32_t *acts, size_t len)
{
    if (len == 0)
        return false;
    if (r->kind == OUTCOME_LAST)
        return r->acts[acts[len - 1]];
    for (size_t i = 0; i < len; i++)
        if (r->acts[acts[i]])
            return true;
    return false;
}

static bool
rule_holds(const struct outcome_rule *r, const struct event_log *log, size_t c)
{
    size_t lo = log->case_off[c], hi = log->case_off[c + 1];
    if (r->kind != OUTCOME_ATTR)
        return seq_holds(r, log->ev_act + lo, hi - lo);
    for (size_t e = lo; e < hi; e++) {
        uint32_t v = eventlog_attr_value(log, (size_t)r->attr, e);
        if (v != CF_NONE && r->values[v])
            return true;
    }
    return false;
}

/* The segment from whether the rules hold and the last activity (CF_NONE: none). */
static uint8_t
segment_of(const struct outcome *o, bool a, bool b, uint32_t last)
{
    if (o->has_b)
        return a ? SEG_A : b ? SEG_B : SEG_UNKNOWN;
    if (a)
        return SEG_A;
    if (o->ends != NULL)
        return last != CF_NONE && o->ends[last] ? SEG_B : SEG_UNKNOWN;
    return SEG_B;
}

enum segment
outcome_sequence_segment(const struct outcome *o, const uint32_t *acts, size_t len)
{
    bool a = seq_holds(&o->a, acts, len), b = o->has_b && seq_holds(&o->b, acts, len);
    return (enum segment)segment_of(o, a, b, len ? acts[len - 1] : CF_NONE);
}

void
outcome_segments(const struct outcome *o, const struct event_log *log, uint8_t *seg,
                 size_t counts[3], size_t *overlap)
{
    size_t ov = 0;
    counts[0] = counts[1] = counts[2] = 0;
    for (size_t c = 0; c < log->n_cases; c++) {
        bool a = rule_holds(&o->a, log, c), b = o->has_b && rule_holds(&o->b, log, c);
        if (a && b)
            ov++;
        size_t lo = log->case_off[c], hi = log->case_off[c + 1];
        uint8_t s = segment_of(o, a, b, hi > lo ? log->ev_act[hi - 1] : CF_NONE);
        seg[c] = s;
        counts[s]++;
    }
    if (overlap != NULL)
        *overlap = ov;
}

/* Playbook parsing and the conformance check of cases against it. */
/* SPDX-License-Identifier: MIT */
#include "playbook.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "outcome.h"

static const char *const dev_keys[DEV__COUNT] = {
    "skipped", "out_of_order", "unexpected", "repeated", "no_end", "after_end",
};
static const char *const dev_texts[DEV__COUNT] = {
    "skipped stage",  "stage out of order", "unexpected activity",
    "repeated stage", "no accepted end",    "activity after the end",
};

const char *
deviation_key(enum deviation_kind k)
{
    return k < DEV__COUNT ? dev_keys[k] : "?";
}

const char *
deviation_text(enum deviation_kind k)
{
    return k < DEV__COUNT ? dev_texts[k] : "?";
}

static char *
trimmed(const char *s, size_t n)
{
    while (n > 0 && isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        n--;
    return xstrndup(s, n);
}

/* Append the comma-separated names in s to (*list, *n). */
static void
add_list(char ***list, size_t *n, const char *s)
{
    for (;;) {
        const char *comma = strchr(s, ',');
        size_t len = comma ? (size_t)(comma - s) : strlen(s);
        char *item = trimmed(s, len);
        if (item[0] != '\0') {
            *list = xreallocarray(*list, *n + 1, sizeof **list);
            (*list)[(*n)++] = item;
        } else {
            free(item);
        }
        if (comma == NULL)
            break;
        s = comma + 1;
    }
}

/* A "key:" directive at the start of the line: returns the rest, or NULL. */
static const char *
directive(const char *line, const char *key)
{
    size_t k = strlen(key);
    if (strncmp(line, key, k) == 0 && line[k] == ':')
        return line + k + 1;
    return NULL;
}

struct playbook *
playbook_parse(const char *name, const char *text, struct cf_error *err)
{
    if (strlen(text) > PLAYBOOK_MAX_BYTES) {
        cf_error_set(err, name, 0, "playbook too large (more than %u bytes)", PLAYBOOK_MAX_BYTES);
        return NULL;
    }
    struct playbook *pb = xcalloc(1, sizeof *pb);
    pb->name = xstrdup(name);
    size_t lineno = 0;
    const char *p = text;
    while (*p != '\0') {
        if (pb->n_stages + pb->n_allow + pb->n_anywhere + pb->n_end + pb->n_win >
            PLAYBOOK_MAX_ENTRIES) {
            cf_error_set(err, name, lineno, "playbook too large (more than %u stages and rules)",
                         PLAYBOOK_MAX_ENTRIES);
            playbook_free(pb);
            return NULL;
        }
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        char *raw = xstrndup(p, len);
        p += len + (eol ? 1 : 0);
        lineno++;
        char *hash = strchr(raw, '#');
        if (hash != NULL)
            *hash = '\0';
        char *line = trimmed(raw, strlen(raw));
        free(raw);
        const char *rest;
        if (line[0] == '\0') {
            /* blank */
        } else if ((rest = directive(line, "end")) != NULL) {
            add_list(&pb->end, &pb->n_end, rest);
        } else if ((rest = directive(line, "win")) != NULL) {
            add_list(&pb->win, &pb->n_win, rest);
        } else if ((rest = directive(line, "anywhere")) != NULL) {
            add_list(&pb->anywhere, &pb->n_anywhere, rest);
        } else if ((rest = directive(line, "allow")) != NULL) {
            const char *arrow = strstr(rest, "->");
            char *from = arrow ? trimmed(rest, (size_t)(arrow - rest)) : NULL;
            char *to = arrow ? trimmed(arrow + 2, strlen(arrow + 2)) : NULL;
            if (from == NULL || from[0] == '\0' || to[0] == '\0') {
                cf_error_set(err, name, lineno, "expected \"allow: FROM -> TO\"");
                free(from);
                free(to);
                free(line);
                playbook_free(pb);
                return NULL;
            }
            pb->allow_from = xreallocarray(pb->allow_from, pb->n_allow + 1, sizeof(char *));
            pb->allow_to = xreallocarray(pb->allow_to, pb->n_allow + 1, sizeof(char *));
            pb->allow_from[pb->n_allow] = from;
            pb->allow_to[pb->n_allow++] = to;
        } else {
            size_t n = strlen(line);
            bool opt = false, rep = false;
            while (n > 0 && (line[n - 1] == '?' || line[n - 1] == '*')) {
                if (line[n - 1] == '?')
                    opt = true;
                else
                    rep = true;
                n--;
            }
            char *stage = trimmed(line, n);
            if (stage[0] == '\0') {
                cf_error_set(err, name, lineno, "a stage line needs a name");
                free(stage);
                free(line);
                playbook_free(pb);
                return NULL;
            }
            for (size_t i = 0; i < pb->n_stages; i++) {
                if (strcmp(pb->stage[i], stage) == 0) {
                    cf_error_set(err, name, lineno, "stage \"%s\" listed twice", stage);
                    free(stage);
                    free(line);
                    playbook_free(pb);
                    return NULL;
                }
            }
            pb->stage = xreallocarray(pb->stage, pb->n_stages + 1, sizeof(char *));
            pb->optional = xreallocarray(pb->optional, pb->n_stages + 1, sizeof(bool));
            pb->repeat = xreallocarray(pb->repeat, pb->n_stages + 1, sizeof(bool));
            pb->stage[pb->n_stages] = stage;
            pb->optional[pb->n_stages] = opt;
            pb->repeat[pb->n_stages++] = rep;
        }
        free(line);
    }
    if (pb->n_stages == 0) {
        cf_error_set(err, name, 0, "no stages in the playbook");
        playbook_free(pb);
        return NULL;
    }
    return pb;
}

struct playbook *
playbook_load(const char *path, struct cf_error *err)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        cf_error_set(err, path, 0, "%s", strerror(errno));
        return NULL;
    }
    struct cf_buf b = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (memchr(chunk, '\0', n) != NULL) {
            cf_error_set(err, path, 0, "not a playbook (binary data)");
            fclose(f);
            cf_buf_clear(&b);
            return NULL;
        }
        cf_buf_append(&b, chunk, n);
        if (b.len > PLAYBOOK_MAX_BYTES) {
            cf_error_set(err, path, 0,
                         "playbook too large (more than %u bytes; a playbook lists stages, at "
                         "most %u)",
                         PLAYBOOK_MAX_BYTES, PLAYBOOK_MAX_ENTRIES);
            fclose(f);
            cf_buf_clear(&b);
            return NULL;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        cf_error_set(err, path, 0, "read error");
        cf_buf_clear(&b);
        return NULL;
    }
    struct playbook *pb = playbook_parse(path, b.data ? b.data : "", err);
    cf_buf_clear(&b);
    return pb;
}

static void
free_list(char **l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(l[i]);
    free(l);
}

void
playbook_free(struct playbook *pb)
{
    if (pb == NULL)
        return;
    free(pb->name);
    free_list(pb->stage, pb->n_stages);
    free(pb->optional);
    free(pb->repeat);
    free_list(pb->allow_from, pb->n_allow);
    free_list(pb->allow_to, pb->n_allow);
    free_list(pb->anywhere, pb->n_anywhere);
    free_list(pb->end, pb->n_end);
    free_list(pb->win, pb->n_win);
    free(pb);
}

static uint32_t
act_id(const struct event_log *log, const char *name)
{
    return strpool_find(log->activities, name, strlen(name));
}

/* Mark the activities named in list in mask (names absent from the log are skipped). */
static void
mark(const struct event_log *log, char **list, size_t n, bool *mask)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t a = act_id(log, list[i]);
        if (a != CF_NONE)
            mask[a] = true;
    }
}

struct devbuf {
    struct deviation *d;
    size_t n, cap;
};

static void
dev_push(struct devbuf *b, uint8_t kind, uint32_t act, uint32_t prev, size_t pos, uint32_t stage)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 1024;
        b->d = xreallocarray(b->d, b->cap, sizeof *b->d);
    }
    b->d[b->n++] = (struct deviation){kind, act, prev, (uint32_t)pos, stage};
}

/* Aggregation key of a deviation, with the case that had it. */
struct devkey {
    uint8_t kind;
    uint32_t act, prev, stage;
    uint32_t c;
};

static int
cmp_devkey(const void *pa, const void *pb)
{
    const struct devkey *a = pa, *b = pb;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    if (a->act != b->act)
        return a->act < b->act ? -1 : 1;
    if (a->prev != b->prev)
        return a->prev < b->prev ? -1 : 1;
    if (a->stage != b->stage)
        return a->stage < b->stage ? -1 : 1;
    return (a->c > b->c) - (a->c < b->c);
}

static int
cmp_stat(const void *pa, const void *pb)
{
    const struct deviation_stat *a = pa, *b = pb;
    if (a->cases != b->cases)
        return a->cases < b->cases ? 1 : -1;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    return (a->act > b->act) - (a->act < b->act);
}

static void
rate_and_effect(struct deviation_stat *s, const struct conformance *out)
{
    s->rate = s->known ? (double)s->won / (double)s->known : NAN;
    s->diff = s->rate - out->conforming_rate;
    compare_ztest(s->won, s->known, out->conforming_won, out->conforming_known, &s->p);
    s->low_support = s->cases < out->min_support;
    s->effect = 0;
    if (!s->low_support && s->known > 0 && out->conforming_known > 0 && s->p < 0.05) {
        if (s->diff >= 0.05)
            s->effect = 1;
        else if (s->diff <= -0.05)
            s->effect = -1;
    }
}

void
conformance_check(const struct event_log *log, const struct selection *sel,
                  const struct playbook *pb, const uint8_t *seg, size_t min_support,
                  struct conformance *out)
{
    size_t na = eventlog_n_activities(log), ns = pb->n_stages;
    memset(out, 0, sizeof *out);
    out->n_cases_log = log->n_cases;

    int32_t *stage_of = xmalloc((na ? na : 1) * sizeof *stage_of);
    for (size_t a = 0; a < na; a++)
        stage_of[a] = -1;
    uint32_t *stage_act = xmalloc(ns * sizeof *stage_act);
    struct cf_buf missing = {0};
    for (size_t s = 0; s < ns; s++) {
        stage_act[s] = act_id(log, pb->stage[s]);
        if (stage_act[s] != CF_NONE)
            stage_of[stage_act[s]] = (int32_t)s;
        else
            cf_buf_printf(&missing, "%s%s", missing.len ? ", " : "", pb->stage[s]);
    }
    snprintf(out->missing_stages, sizeof out->missing_stages, "%s",
             missing.data ? missing.data : "");
    cf_buf_clear(&missing);
    bool *anywhere = xcalloc(na ? na : 1, 1), *end = xcalloc(na ? na : 1, 1),
         *win = xcalloc(na ? na : 1, 1);
    mark(log, pb->anywhere, pb->n_anywhere, anywhere);
    mark(log, pb->end, pb->n_end, end);
    mark(log, pb->win, pb->n_win, win);
    /* Allowed transitions as a small list of id pairs. */
    uint32_t *al_from = xmalloc((pb->n_allow ? pb->n_allow : 1) * sizeof *al_from);
    uint32_t *al_to = xmalloc((pb->n_allow ? pb->n_allow : 1) * sizeof *al_to);
    for (size_t i = 0; i < pb->n_allow; i++) {
        al_from[i] = act_id(log, pb->allow_from[i]);
        al_to[i] = act_id(log, pb->allow_to[i]);
    }
    uint32_t *visited = xcalloc(ns, sizeof *visited);
    struct devbuf db = {0};
    out->case_off = xcalloc(log->n_cases + 1, sizeof *out->case_off);
    uint8_t *case_seg = xcalloc(log->n_cases ? log->n_cases : 1, 1);

    for (size_t c = 0; c < log->n_cases; c++) {
        out->case_off[c] = db.n;
        if (!sel_has(sel, c))
            continue;
        size_t lo = log->case_off[c], hi = log->case_off[c + 1];
        size_t before = db.n;
        memset(visited, 0, ns * sizeof *visited);
        long cur = -1;
        bool ended = false, won = false;
        uint32_t prev = CF_NONE;
        for (size_t e = lo; e < hi; e++) {
            uint32_t a = log->ev_act[e];
            size_t pos = e - lo;
            bool allowed = false;
            for (size_t i = 0; i < pb->n_allow && !allowed; i++)
                allowed = al_from[i] == prev && al_to[i] == a;
            if (ended) {
                if (!anywhere[a])
                    dev_push(&db, DEV_AFTER_END, a, CF_NONE, pos, CF_NONE);
                continue;
            }
            if (anywhere[a])
                continue;
            if (end[a]) {
                /* Ending early with a loss is an exit, not a skip: only the
                 * winning ends (every end without a win: line) owe the stages. */
                bool owes = pb->n_win == 0 || win[a];
                for (size_t s = (size_t)(cur + 1); owes && s < ns; s++)
                    if (!pb->optional[s] && visited[s] == 0 && !allowed)
                        dev_push(&db, DEV_SKIPPED, stage_act[s], CF_NONE, pos, (uint32_t)s);
                ended = true;
                won = win[a];
                prev = a;
                continue;
            }
            int32_t s = stage_of[a];
            if (s < 0) {
                dev_push(&db, DEV_UNEXPECTED, a, CF_NONE, pos, CF_NONE);
                prev = a;
                continue;
            }
            /* A stage again right after itself is a repeat; going back is out of
             * order unless allowed (and walking forward again after it is then
             * expected, not a repeat); going forward owes the stages between. */
            if (s == cur && !pb->repeat[s] && !allowed) {
                dev_push(&db, DEV_REPEATED, a, CF_NONE, pos, CF_NONE);
            } else if (s < cur && !allowed) {
                dev_push(&db, DEV_OUT_OF_ORDER, a, prev, pos, CF_NONE);
            } else if (s > cur && !allowed) {
                for (long k = cur + 1; k < s; k++)
                    if (!pb->optional[k] && visited[k] == 0)
                        dev_push(&db, DEV_SKIPPED, stage_act[k], CF_NONE, pos, (uint32_t)k);
            }
            cur = s;
            visited[s]++;
            prev = a;
        }
        if (!ended)
            dev_push(&db, DEV_NO_END, CF_NONE, CF_NONE, hi - lo, CF_NONE);
        out->cases++;
        uint8_t sg = seg ? seg[c] : !ended ? SEG_UNKNOWN : won ? SEG_A : SEG_B;
        case_seg[c] = sg;
        if (db.n == before) {
            out->conforming++;
            if (sg != SEG_UNKNOWN) {
                out->conforming_known++;
                out->conforming_won += sg == SEG_A;
            }
        }
    }
    out->case_off[log->n_cases] = db.n;
    out->devs = db.d;
    out->n_devs = db.n;
    out->conforming_rate =
        out->conforming_known ? (double)out->conforming_won / (double)out->conforming_known : NAN;
    out->min_support = min_support ? min_support : (out->cases / 100 > 10 ? out->cases / 100 : 10);

    /* Aggregate: distinct cases per specific deviation and per kind. */
    struct devkey *keys = xmalloc((db.n ? db.n : 1) * sizeof *keys);
    for (size_t c = 0; c < log->n_cases; c++)
        for (size_t i = out->case_off[c]; i < out->case_off[c + 1]; i++)
            keys[i] = (struct devkey){db.d[i].kind, db.d[i].act, db.d[i].prev, db.d[i].stage,
                                      (uint32_t)c};
    qsort(keys, db.n, sizeof *keys, cmp_devkey);
    size_t cap = 0;
    uint32_t *kind_last = xmalloc(DEV__COUNT * sizeof *kind_last);
    memset(kind_last, 0xff, DEV__COUNT * sizeof *kind_last);
    for (int k = 0; k < DEV__COUNT; k++) {
        out->kinds[k].kind = (uint8_t)k;
        out->kinds[k].act = out->kinds[k].prev = out->kinds[k].stage = CF_NONE;
    }
    /* Kind-level counts need distinct cases per kind: a second pass per case. */
    for (size_t c = 0; c < log->n_cases; c++) {
        for (size_t i = out->case_off[c]; i < out->case_off[c + 1]; i++) {
            uint8_t k = db.d[i].kind;
            if (kind_last[k] == (uint32_t)c)
                continue;
            kind_last[k] = (uint32_t)c;
            struct deviation_stat *ks = &out->kinds[k];
            ks->cases++;
            if (case_seg[c] != SEG_UNKNOWN) {
                ks->known++;
                ks->won += case_seg[c] == SEG_A;
            }
        }
    }
    free(kind_last);
    for (size_t i = 0; i < db.n;) {
        size_t j = i;
        if (out->n_specific == cap) {
            cap = cap ? cap * 2 : 64;
            out->specific = xreallocarray(out->specific, cap, sizeof *out->specific);
        }
        struct deviation_stat *s = &out->specific[out->n_specific++];
        memset(s, 0, sizeof *s);
        s->kind = keys[i].kind;
        s->act = keys[i].act;
        s->prev = keys[i].prev;
        s->stage = keys[i].stage;
        while (j < db.n && keys[j].kind == keys[i].kind && keys[j].act == keys[i].act &&
               keys[j].prev == keys[i].prev && keys[j].stage == keys[i].stage) {
            if (j == i || keys[j].c != keys[j - 1].c) {
                s->cases++;
                uint8_t sg = case_seg[keys[j].c];
                if (sg != SEG_UNKNOWN) {
                    s->known++;
                    s->won += sg == SEG_A;
                }
            }
            j++;
        }
        i = j;
    }
    for (int k = 0; k < DEV__COUNT; k++)
        rate_and_effect(&out->kinds[k], out);
    for (size_t i = 0; i < out->n_specific; i++)
        rate_and_effect(&out->specific[i], out);
    if (out->n_specific > 1) /* qsort must not get the NULL of an empty list */
        qsort(out->specific, out->n_specific, sizeof *out->specific, cmp_stat);

    free(keys);
    free(case_seg);
    free(visited);
    free(al_from);
    free(al_to);
    free(anywhere);
    free(end);
    free(win);
    free(stage_act);
    free(stage_of);
}

void
conformance_clear(struct conformance *c)
{
    if (c == NULL)
        return;
    free(c->case_off);
    free(c->devs);
    free(c->specific);
    memset(c, 0, sizeof *c);
}

void
conformance_select(const struct conformance *cf, const struct deviation_stat *s, bool specific,
                   struct selection *out)
{
    selection_fill(out, false);
    for (size_t c = 0; c < cf->n_cases_log; c++) {
        for (size_t i = cf->case_off[c]; i < cf->case_off[c + 1]; i++) {
            const struct deviation *d = &cf->devs[i];
            if (s == NULL ||
                (d->kind == s->kind &&
                 (!specific || (d->act == s->act && d->prev == s->prev && d->stage == s->stage)))) {
                selection_set(out, c, true);
                break;
            }
        }
    }
}

void
deviation_describe(const struct event_log *log, const struct playbook *pb, uint8_t kind,
                   uint32_t act, uint32_t prev, uint32_t stage, char *buf, size_t size)
{
    const char *an = act != CF_NONE                             ? eventlog_activity_name(log, act)
                     : stage != CF_NONE && stage < pb->n_stages ? pb->stage[stage]
                                                                : "";
    switch (kind) {
    case DEV_SKIPPED: snprintf(buf, size, "skipped %s", an); break;
    case DEV_OUT_OF_ORDER:
        snprintf(buf, size, "%s after %s (out of order)", an,
                 prev != CF_NONE ? eventlog_activity_name(log, prev) : "start");
        break;
    case DEV_UNEXPECTED: snprintf(buf, size, "unexpected %s", an); break;
    case DEV_REPEATED: snprintf(buf, size, "repeated %s", an); break;
    case DEV_NO_END: snprintf(buf, size, "ended without an accepted end"); break;
    case DEV_AFTER_END: snprintf(buf, size, "%s after the end", an); break;
    default: snprintf(buf, size, "?"); break;
    }
}

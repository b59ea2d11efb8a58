/* The explorer's segment helpers without curses: A/B selections, leanings, paths cut from the left.
 */
/* SPDX-License-Identifier: MIT */
#include "segments.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "maplayout.h"
#include "outcome.h"

void
segments_select(const struct event_log *log, const struct selection *sel, const uint8_t *seg,
                struct selection *sa, struct selection *sb, size_t counts[3])
{
    counts[SEG_UNKNOWN] = counts[SEG_A] = counts[SEG_B] = 0;
    selection_fill(sa, false);
    selection_fill(sb, false);
    for (size_t c = 0; c < log->n_cases; c++) {
        if (!sel_has(sel, c))
            continue;
        uint8_t s = seg[c] <= SEG_B ? seg[c] : SEG_UNKNOWN;
        counts[s]++;
        if (s == SEG_A)
            selection_set(sa, c, true);
        else if (s == SEG_B)
            selection_set(sb, c, true);
    }
}

int
segments_lean(const struct compare_item *it)
{
    if (!it->significant || fabs(it->diff) < SEGMENTS_MIN_DIFF)
        return 0;
    return it->diff > 0 ? 1 : -1;
}

void
segments_marks_build(const struct comparison *cmp, size_t n_act, struct segments_marks *m)
{
    memset(m, 0, sizeof *m);
    m->n_act = n_act;
    m->act = xcalloc(n_act ? n_act : 1, sizeof *m->act);
    for (size_t i = 0; i < cmp->n_acts; i++)
        if (cmp->acts[i].from < n_act)
            m->act[cmp->acts[i].from] = &cmp->acts[i];
    pairmap_init(&m->ei, n_act);
    m->edge = xcalloc(cmp->n_edges ? cmp->n_edges : 1, sizeof *m->edge);
    for (size_t i = 0; i < cmp->n_edges; i++)
        m->edge[pairmap_get(&m->ei, cmp->edges[i].from, cmp->edges[i].to)] = &cmp->edges[i];
}

void
segments_marks_clear(struct segments_marks *m)
{
    if (m == NULL)
        return;
    free(m->act);
    free(m->edge);
    pairmap_clear(&m->ei);
    memset(m, 0, sizeof *m);
}

const struct compare_item *
segments_marks_find(const struct segments_marks *m, uint32_t from, uint32_t to)
{
    if (m->act == NULL || from >= m->n_act)
        return NULL;
    if (to == CF_NONE)
        return m->act[from];
    if (to >= m->n_act)
        return NULL;
    uint32_t k = pairmap_find(&m->ei, from, to);
    return k == CF_NONE ? NULL : m->edge[k];
}

int
segments_marks_get(const struct segments_marks *m, uint32_t from, uint32_t to)
{
    const struct compare_item *it = segments_marks_find(m, from, to);
    return it != NULL ? segments_lean(it) : 0;
}

/* The part of s (UTF-8) that fits in width cells, taken from its end. */
static const char *
tail_fit(const char *s, int width)
{
    int w = maplayout_text_width(s);
    while (*s != '\0' && w > width) {
        uint32_t cp;
        int n = maplayout_utf8_decode(s, &cp);
        w -= maplayout_cp_width(cp);
        s += n;
    }
    return s;
}

void
segments_path_tail(const struct event_log *log, const uint32_t *seq, size_t len, const char *sep,
                   const char *ellipsis, int width, struct cf_buf *out)
{
    if (len == 0)
        return;
    int sep_w = maplayout_text_width(sep);
    /* Width of the steps first..len-1 joined, growing from the end. */
    int tail_w = 0;
    size_t first = len;
    while (first > 0) {
        int w = maplayout_text_width(eventlog_activity_name(log, seq[first - 1])) +
                (first < len ? sep_w : 0);
        /* The first step must fit with the rest; any other, with "…" and a separator too. */
        if (width > 0 && tail_w + w + (first == 1 ? 0 : 1 + sep_w) > width)
            break;
        tail_w += w;
        first--;
    }
    if (first == len) {
        /* Not even the last step: its end after the ellipsis. */
        cf_buf_puts(out, ellipsis);
        cf_buf_puts(out, tail_fit(eventlog_activity_name(log, seq[len - 1]), width - 1));
        return;
    }
    if (first > 0) {
        /* The room left shows the end of the step before, when it is worth it. */
        int room = width - tail_w - sep_w - 1;
        cf_buf_puts(out, ellipsis);
        if (room >= 3)
            cf_buf_puts(out, tail_fit(eventlog_activity_name(log, seq[first - 1]), room));
        cf_buf_puts(out, sep);
    }
    for (size_t k = first; k < len; k++) {
        if (k > first)
            cf_buf_puts(out, sep);
        cf_buf_puts(out, eventlog_activity_name(log, seq[k]));
    }
}

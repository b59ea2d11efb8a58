/* A case's timeline: its events one per row, opened with Enter from Cases and Outlook. */
/* SPDX-License-Identifier: MIT */
#include "timeline.h"

#include <stdio.h>
#include <string.h>

#include "theme.h"

static const struct list_col event_cols[] = {
    {"Time", 19, LIST_LEFT, false, false},      {"Since prev", 10, LIST_RIGHT, false, false},
    {"Activity", 20, LIST_LEFT, false, false},  {"Resource", 10, LIST_LEFT, false, false},
    {"Attributes", 10, LIST_LEFT, true, false},
};

static void
event_cell(void *ud, size_t row, size_t col, char *buf, size_t size)
{
    const struct timeline *t = ud;
    const struct event_log *log = t->log;
    size_t e = log->case_off[t->c] + row;
    switch (col) {
    case 0: app_fmt_time(log->ev_time[e], true, buf, size); break;
    case 1:
        if (row == 0) {
            snprintf(buf, size, "start");
        } else {
            char d[32];
            app_fmt_ms((double)(log->ev_time[e] - log->ev_time[e - 1]), d, sizeof d);
            snprintf(buf, size, "+%s", d);
        }
        break;
    case 2: snprintf(buf, size, "%s", eventlog_activity_name(log, log->ev_act[e])); break;
    case 3: snprintf(buf, size, "%s", eventlog_resource_name(log, log->ev_res[e])); break;
    default: {
        struct cf_buf b = {0};
        for (size_t k = 0; k < log->n_attrs; k++) {
            uint32_t v = eventlog_attr_value(log, k, e);
            if (v == CF_NONE)
                continue;
            cf_buf_printf(&b, "%s%s=%s", b.len ? " " : "", log->attr_names[k],
                          strpool_get(log->values, v));
        }
        snprintf(buf, size, "%s", b.data ? b.data : "");
        cf_buf_clear(&b);
    }
    }
}

void
timeline_init(struct timeline *t, const struct event_log *log)
{
    memset(t, 0, sizeof *t);
    t->log = log;
    listw_init(&t->list, event_cols, sizeof event_cols / sizeof event_cols[0], event_cell, t);
}

void
timeline_free(struct timeline *t)
{
    listw_free(&t->list);
}

void
timeline_open(struct timeline *t, size_t c)
{
    t->open = true;
    t->c = c;
    listw_set_rows(&t->list, eventlog_case_len(t->log, c));
    listw_select(&t->list, 0);
}

void
timeline_follow(struct timeline *t, const struct selection *sel)
{
    if (t->open && !sel_has(sel, t->c))
        t->open = false; /* the filter dropped the case on display */
}

void
timeline_draw(struct timeline *t, WINDOW *w, int rows, int cols)
{
    const struct event_log *log = t->log;
    size_t c = t->c;
    char line[1400], t0[32], t1[32], d[32];
    app_fmt_time(log->ev_time[log->case_off[c]], false, t0, sizeof t0);
    app_fmt_time(log->ev_time[log->case_off[c + 1] - 1], false, t1, sizeof t1);
    app_fmt_ms((double)eventlog_case_duration(log, c), d, sizeof d);
    snprintf(line, sizeof line, "%s: %zu events, %s .. %s %s, %s (q goes back)",
             eventlog_case_name(log, c), eventlog_case_len(log, c), t0, t1, app_tz_label(), d);
    app_draw_line(w, 0, cols, ROLE_DETAIL, line);
    listw_draw(&t->list, w, 1, rows - 2, cols);
    /* The selected event's attributes in full. */
    char attrs[1024];
    event_cell(t, t->list.sel, 4, attrs, sizeof attrs);
    snprintf(line, sizeof line, "line %u: %s", log->ev_line[log->case_off[c] + t->list.sel],
             attrs[0] ? attrs : "(no attributes)");
    app_draw_line(w, rows - 1, cols, ROLE_DIM, line);
}

int
timeline_key(struct timeline *t, enum action act)
{
    if (!t->open)
        return APP_PASS;
    if (act == ACT_BACK) {
        t->open = false;
        return APP_REDRAW;
    }
    return listw_action(&t->list, act) ? APP_REDRAW : APP_PASS;
}

/* The command line's side of import reshaping: report lines, redaction, display time zone. */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "commands.h"
#include "export.h"
#include "table.h"
#include "redact.h"
#include "snapshot.h"
#include "termsafe.h"
#include "tzconv.h"

void
report_add_import_notes(struct tnode *n, const struct import_report *r)
{
    tnode_text(n, "reshape_note", r->reshape_note[0] ? "Reshaped" : NULL,
               r->reshape_note[0] ? r->reshape_note : NULL);
    tnode_text(n, "text_note", r->text_note[0] ? "Text" : NULL,
               r->text_note[0] ? r->text_note : NULL);
    struct tnode *sk = tnode_object(n, "skipped", NULL);
    tnode_count(sk, "other_field", NULL, r->skipped_field);
    tnode_count(sk, "keep_rows", NULL, r->skipped_keep);
    tnode_count(sk, "no_stage_date", NULL, r->skipped_empty);
    tnode_count(n, "wide_events", NULL, r->wide_events);
    tnode_count(n, "collapsed", NULL, r->collapsed);
    tnode_text(n, "timezone", NULL, r->tz_name[0] ? r->tz_name : "UTC");
    if (r->tz_known)
        tnode_int(n, "utc_offset_min", NULL, r->tz_offset_min);
    else
        tnode_null(n, "utc_offset_min", NULL);
}

static int
local_offset(int64_t ms)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    localtime_r(&t, &tm);
    return (int)(tm.tm_gmtoff / 60);
}

static void
offset_label(int off, char *out, size_t size)
{
    int a = off < 0 ? -off : off;
    if (off == 0)
        snprintf(out, size, "UTC");
    else
        snprintf(out, size, "%c%02d:%02d", off < 0 ? '-' : '+', a / 60, a % 60);
}

/* "+01:00", "-0500", "+05": 0 and *off, or -1. */
static int
parse_offset(const char *s, int *off)
{
    if ((s[0] != '+' && s[0] != '-') || strlen(s) < 3)
        return -1;
    int h = 0, m = 0;
    char extra;
    if (sscanf(s + 1, "%2d:%2d%c", &h, &m, &extra) != 2 &&
        sscanf(s + 1, "%2d%2d%c", &h, &m, &extra) != 2 &&
        !(strlen(s) == 3 && sscanf(s + 1, "%2d", &h) == 1))
        return -1;
    if (h > 18 || m > 59)
        return -1;
    *off = (s[0] == '-' ? -1 : 1) * (h * 60 + m);
    return 0;
}

int
cli_display_tz(const char *zone, const struct event_log *log, int *off_min, char *label, size_t lsz)
{
    char o[16];
    const struct import_report *r = &log->report;
    if (zone == NULL) {
        if (r->tz_known) {
            *off_min = r->tz_offset_min;
            offset_label(*off_min, o, sizeof o);
            snprintf(label, lsz, "%s%s%s", r->tz_name, r->tz_name[0] ? " " : "", o);
            return 0;
        }
        zone = "local";
    }
    if (strcmp(zone, "UTC") == 0 || strcmp(zone, "Z") == 0 || strcmp(zone, "utc") == 0) {
        *off_min = 0;
        snprintf(label, lsz, "UTC");
        return 0;
    }
    if (parse_offset(zone, off_min) == 0) {
        offset_label(*off_min, label, lsz);
        return 0;
    }
    if (strcmp(zone, "local") == 0) {
        *off_min = local_offset(log->t_max);
        offset_label(*off_min, o, sizeof o);
        snprintf(label, lsz, "%s%s", *off_min != 0 ? "local " : "", o);
        return 0;
    }
    char msg[256];
    struct tzconv *z = tzconv_open(zone, msg, sizeof msg);
    if (z == NULL)
        return -1;
    *off_min = tzconv_offset_at(z, log->t_max);
    tzconv_close(z);
    offset_label(*off_min, o, sizeof o);
    snprintf(label, lsz, "%s %s", zone, o);
    return 0;
}

/* --snapshot FILE: the log as loaded (redacted, unfiltered) written to FILE, said in
 * note (after what note already says). A log that is a snapshot is not written again. */
static int
postload_snapshot(const struct cli_common *c, const struct event_log *log, char *note, size_t nsz,
                  struct cf_error *err)
{
    if (c->snapshot_out == NULL)
        return 0;
    if (log->map != NULL) {
        cf_error_set(err, NULL, 0, "--snapshot: %s is a snapshot already", log->name);
        err->usage = true;
        return -1;
    }
    if (snapshot_write(log, c->snapshot_out, err) != 0)
        return -1;
    size_t l = strlen(note);
    snprintf(note + l, nsz - l, "%swrote the snapshot %s (%zu events; open it in place of the log)",
             l ? "; " : "", c->snapshot_out, log->n_events);
    return 0;
}

int
cli_postload(const struct cli_common *c, struct event_log *log, char *note, size_t nsz,
             struct cf_error *err)
{
    int off;
    char label[128], msg[512];
    if (cli_display_tz(c->display_tz, log, &off, label, sizeof label) != 0) {
        cf_error_set(err, NULL, 0,
                     "--display-tz: unknown time zone \"%s\" (UTC, local, +01:00 or an IANA "
                     "name such as Europe/Berlin)",
                     c->display_tz);
        return -1;
    }
    if (c->redact == NULL) {
        if (c->redact_key_file != NULL) {
            cf_error_set(err, NULL, 0, "--redact-key-file needs --redact case,resource,...");
            return -1;
        }
        return postload_snapshot(c, log, note, nsz, err);
    }
    struct redact_key key;
    if (c->redact_key_file != NULL ? redact_key_load(&key, c->redact_key_file, msg, sizeof msg)
                                   : redact_key_random(&key, msg, sizeof msg)) {
        cf_error_set(err, NULL, 0, "%s", msg);
        return -1;
    }
    if (redact_log(log, c->redact, &key, msg, sizeof msg) != 0) {
        cf_error_set(err, NULL, 0, "%s", msg);
        return -1;
    }
    char fp[32];
    redact_fingerprint(&key, fp, sizeof fp);
    if (c->redact_key_file == NULL)
        snprintf(note, nsz,
                 "--redact: random key, fingerprint %s (pseudonyms differ on every run; "
                 "--redact-key-file FILE keeps them)",
                 fp);
    memset(&key, 0, sizeof key);
    return postload_snapshot(c, log, note, nsz, err);
}

int
cli_export_log_file(const struct event_log *log, const struct selection *sel, int off_min,
                    const char *path, char *msg, size_t msz)
{
    struct export_opts eo = {0};
    size_t n = strlen(path);
    eo.format = n > 4 && strcmp(path + n - 4, ".xes") == 0 ? EXPORT_XES : EXPORT_CSV;
    eo.tz_offset_min = off_min;
    char safe[256];
    cf_term_safe(safe, sizeof safe, path);
    FILE *f = fopen(path, "wb");
    if (f == NULL) {
        snprintf(msg, msz, "%s: %s", safe, strerror(errno));
        return -1;
    }
    struct export_stats st;
    struct cf_error err = {0};
    int rc = export_log(log, sel, &eo, f, &st, &err);
    if (fclose(f) != 0)
        rc = -1;
    if (rc != 0)
        snprintf(msg, msz, "%s: write error", safe);
    else
        snprintf(msg, msz, "wrote %zu cases, %zu events (%s) to %s", st.cases, st.events,
                 eo.format == EXPORT_XES ? "XES" : "CSV", safe);
    return rc;
}

/* CSV import (placeholder until the importer lands). */
/* SPDX-License-Identifier: MIT */
#include "import_csv.h"

#include <string.h>

void
import_opts_init(struct import_opts *o)
{
    memset(o, 0, sizeof *o);
}

struct event_log *
import_csv(const char *path, const struct import_opts *opts, struct cf_error *err)
{
    (void)opts;
    cf_error_set(err, path, 0, "CSV import not built yet");
    return NULL;
}

struct event_log *
import_csv_buffer(const char *name, const char *data, size_t len, const struct import_opts *opts,
                  struct cf_error *err)
{
    (void)data;
    (void)len;
    (void)opts;
    cf_error_set(err, name, 0, "CSV import not built yet");
    return NULL;
}

/* libFuzzer target: the snapshot reader on arbitrary bytes (bit 0 of the first byte: checksums
 * off). */
/* SPDX-License-Identifier: MIT */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "dfg.h"
#include "eventlog.h"
#include "selection.h"
#include "snapshot.h"
#include "strpool.h"
#include "summary.h"
#include "variants.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The reader takes a path: one scratch file for the whole run. */
static char scratch[64];

static bool
write_scratch(const uint8_t *data, size_t size)
{
    if (scratch[0] == '\0') {
        snprintf(scratch, sizeof scratch, "/tmp/cf-fuzz-snapshot-XXXXXX");
        int fd = mkstemp(scratch);
        if (fd < 0)
            return false;
        close(fd);
    }
    FILE *f = fopen(scratch, "wb");
    if (f == NULL)
        return false;
    bool ok = fwrite(data, 1, size, f) == size;
    return fclose(f) == 0 && ok;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || !write_scratch(data + 1, size - 1))
        return 0;
    snapshot_check_sums((data[0] & 1) == 0);
    struct cf_error err = {0};
    struct event_log *log = snapshot_open(scratch, &err);
    if (log != NULL) {
        /* What a command does with a log: every analysis reads through the ids. */
        struct selection *sel = selection_new(log->n_cases, true);
        struct summary s;
        summary_build(log, sel, &s);
        summary_clear(&s);
        struct variant_table vt;
        variants_build(log, sel, &vt);
        variants_clear(&vt);
        struct dfg g;
        dfg_build(log, sel, NULL, &g);
        dfg_clear(&g);
        size_t sum = 0;
        for (size_t a = 0; a < log->n_attrs; a++) {
            struct eventlog_attr_iter it;
            size_t e;
            uint32_t v;
            eventlog_attr_iter_init(&it, log, a, 0, log->n_events);
            while (eventlog_attr_iter_next(&it, &e, &v))
                sum += strpool_len(log->values, v);
        }
        (void)sum;
        selection_free(sel);
        eventlog_free(log);
    }
    return 0;
}

/* libFuzzer target: the XES importer on arbitrary bytes, with options chosen by the first byte. */
/* SPDX-License-Identifier: MIT */
#include <stddef.h>
#include <stdint.h>

#include "eventlog.h"
#include "import_xes.h"
#include "strpool.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    uint8_t opt = data[0];
    struct import_opts o;
    import_opts_init(&o);
    if (opt & 1)
        o.classifier = "Activity classifier";
    else if (opt & 2)
        o.activity_col = "concept:name,lifecycle:transition";
    if (opt & 4)
        o.strict = true;
    if (opt & 8)
        o.case_col = "case_id";
    if (opt & 16)
        o.resource_col = "";
    struct cf_error err = {0};
    struct event_log *log =
        import_xes_buffer("fuzz.xes", (const char *)data + 1, size - 1, &o, &err);
    if (log != NULL) {
        /* Touch every stored value through the accessor and the iterator. */
        size_t sum = 0;
        for (size_t a = 0; a < log->n_attrs; a++) {
            struct eventlog_attr_iter it;
            size_t e;
            uint32_t v;
            eventlog_attr_iter_init(&it, log, a, 0, log->n_events);
            while (eventlog_attr_iter_next(&it, &e, &v)) {
                if (eventlog_attr_value(log, a, e) != v)
                    __builtin_trap();
                sum += strpool_len(log->values, v);
            }
        }
        (void)sum;
        (void)eventlog_memory(log);
        eventlog_free(log);
    }
    return 0;
}

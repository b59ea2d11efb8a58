/* libFuzzer target: the CSV importer, with an option byte choosing delimiter, date order,
 * strictness and time format. */
/* SPDX-License-Identifier: MIT */
#include <stddef.h>
#include <stdint.h>

#include "eventlog.h"
#include "import_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char delims[] = {0, ',', ';', '\t', '|', 0, ',', ';'};
    static const char *const formats[] = {NULL, NULL, "%d.%m.%Y %H:%M", "%Y%m%d%H%M%S"};
    if (size < 1)
        return 0;
    /* Option byte: bits 0-2 delimiter (0 = sniff), 3-4 date order, 5 strict, 6-7 format. */
    uint8_t opt = data[0];
    struct import_opts o;
    import_opts_init(&o);
    o.delimiter = delims[opt & 7];
    static const enum date_order orders[] = {DATE_ORDER_AUTO, DATE_ORDER_DMY, DATE_ORDER_MDY,
                                             DATE_ORDER_AUTO};
    o.date_order = orders[(opt >> 3) & 3];
    o.strict = (opt >> 5) & 1;
    o.time_format = formats[(opt >> 6) & 3];
    struct cf_error err = {0};
    struct event_log *log =
        import_csv_buffer("fuzz.csv", (const char *)data + 1, size - 1, &o, &err);
    if (log != NULL) {
        /* Touch what was built: every event's case and activity name. */
        size_t total = 0;
        for (size_t e = 0; e < log->n_events; e++)
            total += eventlog_activity_name(log, log->ev_act[e])[0] != '\0';
        (void)total;
        eventlog_free(log);
    }
    return 0;
}

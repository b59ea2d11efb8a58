/* libFuzzer target: timestamp parsing (automatic forms, strptime formats, dates typed in filters).
 */
/* SPDX-License-Identifier: MIT */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "timeparse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const formats[] = {"%Y-%m-%d %H:%M:%S", "%d.%m.%Y %H:%M%z",  "%s",
                                          "%Y%m%d%H%M%S%f",    "%b %d %Y %I:%M %p", "%j/%Y"};
    struct timeparse_result r;
    int64_t ms;
    timeparse_auto((const char *)data, size, &r);
    for (int order = 0; order < 3; order++)
        (void)timeparse_resolve(&r, (enum timeparse_order)order, &ms);
    char buf[64];
    timeparse_format_iso(r.ms, buf, sizeof buf);
    /* NUL-terminated forms: the first byte picks a strptime format. */
    char *s = malloc(size + 1);
    if (s == NULL)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    if (size > 0)
        (void)timeparse_strptime(s + 1, formats[data[0] % 6], &ms);
    (void)timeparse_string(s, TIMEPARSE_ORDER_DMY, &ms);
    struct cf_error err = {0};
    (void)filter_parse_date(s, true, &ms, &err);
    free(s);
    return 0;
}

/* libFuzzer target: the filter parsers with regexes (path, case id, where, follows) applied to a
 * small log. */
/* SPDX-License-Identifier: MIT */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "eventlog.h"
#include "filter.h"
#include "selection.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct event_log *log_;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (log_ == NULL) {
        struct cf_error e = {0};
        log_ = eventlog_from_spec("c1 {owner=ann,region=EU}: Lead Qualified Proposal Won\n"
                                  "c2 {owner=bob}: Lead Proposal Lost\n"
                                  "c3: Lead Lead Qualified Qualified Proposal\n",
                                  &e);
        if (log_ == NULL)
            abort();
    }
    if (size < 1)
        return 0;
    /* First byte: which filter; the rest, NUL-terminated, its argument. */
    char *s = malloc(size);
    if (s == NULL)
        return 0;
    memcpy(s, data + 1, size - 1);
    s[size - 1] = '\0';
    struct cf_error err = {0};
    struct filter *f = NULL;
    unsigned flags = data[0] & 0x80 ? FILTER_CASELESS : 0;
    switch (data[0] % 6) {
    case 0: f = filter_new_path(log_, s, flags, &err); break;
    case 1: f = filter_new_case_id(log_, s, flags, &err); break;
    case 2: f = filter_new_where(log_, s, &err); break;
    case 3: f = filter_new_starts_with(log_, s, &err); break;
    case 4: {
        char *comma = strchr(s, ',');
        if (comma != NULL) {
            *comma = '\0';
            f = filter_new_follows(log_, s, comma + 1, &err);
        }
        break;
    }
    default: {
        uint32_t *ids = NULL;
        size_t n = 0;
        if (filter_parse_activities(log_, s, &ids, &n, &err) == 0)
            free(ids);
        break;
    }
    }
    if (f != NULL) {
        struct selection *sel = selection_new(log_->n_cases, true);
        filter_set_invert(f, data[0] & 0x40);
        (void)filter_apply(f, log_, sel, &err);
        (void)filter_describe(f);
        selection_free(sel);
        filter_free(f);
    }
    free(s);
    return 0;
}

/* libFuzzer target: the playbook parser, and conformance of a small log against what it parsed. */
/* SPDX-License-Identifier: MIT */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "eventlog.h"
#include "playbook.h"
#include "selection.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct event_log *log_;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (log_ == NULL) {
        struct cf_error e = {0};
        log_ = eventlog_from_spec("c1 {outcome=won}: Lead Qualified Proposal Won\n"
                                  "c2: Lead Proposal Lost\nc3: Lead Lead Qualified\n",
                                  &e);
        if (log_ == NULL)
            abort();
    }
    char *s = malloc(size + 1);
    if (s == NULL)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    struct cf_error err = {0};
    struct playbook *pb = playbook_parse("fuzz.playbook", s, &err);
    if (pb != NULL) {
        struct selection *sel = selection_new(log_->n_cases, true);
        struct conformance c;
        conformance_check(log_, sel, pb, NULL, 0, &c);
        conformance_clear(&c);
        selection_free(sel);
        playbook_free(pb);
    }
    free(s);
    return 0;
}

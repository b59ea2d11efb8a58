/* From the outcome options and a playbook to the closing rule of the outlook (predict, the
 * explorer). */
/* SPDX-License-Identifier: MIT */
#ifndef CF_PREDICT_SETUP_H
#define CF_PREDICT_SETUP_H

#include "cli_outcome.h"
#include "eventlog.h"
#include "predict.h"
#include "selection.h"
#include "util.h"

struct predict_cli {
    struct cli_outcome co;
    const char *playbook; /* --playbook FILE, or NULL */
};

void predict_cli_init(struct predict_cli *pc);
void predict_cli_clear(struct predict_cli *pc);

/*
 * The truth for the outlook. The outcome: the outcome options, else the
 * playbook's win: line (A = ending with it, B = other accepted ends). Closing
 * ends: --end, else the playbook's end: line, else (without --versus, or with an
 * attribute outcome) the ends deadends infers over sel. desc gets the outcome ("won = A, lost =
 * B"), closing the closing rule ("at an accepted end (A,B)"), for output. Returns 0, or -1 with err
 * set (no outcome, unknown names, bad playbook).
 */
int predict_cli_truth(const struct predict_cli *pc, const struct event_log *log,
                      const struct selection *sel, struct predict_truth *t, struct cf_buf *desc,
                      struct cf_buf *closing, struct cf_error *err);

#endif

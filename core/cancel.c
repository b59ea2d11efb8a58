/* Cancelling long analyses from another thread: a per-thread flag that long loops poll. */
/* SPDX-License-Identifier: MIT */
#include "cancel.h"

#include <stddef.h>

static _Thread_local const atomic_int *cancel_flag;

void
cf_cancel_attach(const atomic_int *flag)
{
    cancel_flag = flag;
}

bool
cf_cancelled(void)
{
    return cancel_flag != NULL && atomic_load_explicit(cancel_flag, memory_order_relaxed) != 0;
}

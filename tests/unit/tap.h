/* A tiny TAP-style test harness for the unit tests: checks, counts, exit status. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_TAP_H
#define CF_TAP_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_fail;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        tap_n++;                                                                                   \
        if (!(cond)) {                                                                             \
            tap_fail++;                                                                            \
            printf("not ok %d - %s:%d: %s\n", tap_n, __FILE__, __LINE__, #cond);                   \
        }                                                                                          \
    } while (0)

#define CHECK_EQ_U(a, b)                                                                           \
    do {                                                                                           \
        unsigned long long a_ = (unsigned long long)(a), b_ = (unsigned long long)(b);             \
        tap_n++;                                                                                   \
        if (a_ != b_) {                                                                            \
            tap_fail++;                                                                            \
            printf("not ok %d - %s:%d: %s == %s (%llu != %llu)\n", tap_n, __FILE__, __LINE__, #a,  \
                   #b, a_, b_);                                                                    \
        }                                                                                          \
    } while (0)

#define CHECK_EQ_I(a, b)                                                                           \
    do {                                                                                           \
        long long a_ = (long long)(a), b_ = (long long)(b);                                        \
        tap_n++;                                                                                   \
        if (a_ != b_) {                                                                            \
            tap_fail++;                                                                            \
            printf("not ok %d - %s:%d: %s == %s (%lld != %lld)\n", tap_n, __FILE__, __LINE__, #a,  \
                   #b, a_, b_);                                                                    \
        }                                                                                          \
    } while (0)

#define CHECK_NEAR(a, b, eps)                                                                      \
    do {                                                                                           \
        double a_ = (double)(a), b_ = (double)(b);                                                 \
        tap_n++;                                                                                   \
        if (!(fabs(a_ - b_) <= (eps))) {                                                           \
            tap_fail++;                                                                            \
            printf("not ok %d - %s:%d: %s ~= %s (%.9g != %.9g)\n", tap_n, __FILE__, __LINE__, #a,  \
                   #b, a_, b_);                                                                    \
        }                                                                                          \
    } while (0)

#define CHECK_STR(a, b)                                                                            \
    do {                                                                                           \
        const char *a_ = (a), *b_ = (b);                                                           \
        tap_n++;                                                                                   \
        if (a_ == NULL || b_ == NULL || strcmp(a_, b_) != 0) {                                     \
            tap_fail++;                                                                            \
            printf("not ok %d - %s:%d: %s == %s (\"%s\" != \"%s\")\n", tap_n, __FILE__, __LINE__,  \
                   #a, #b, a_ ? a_ : "(null)", b_ ? b_ : "(null)");                                \
        }                                                                                          \
    } while (0)

/* End of main: a summary line, exit 0 only when every check held. */
#define TAP_DONE()                                                                                 \
    do {                                                                                           \
        printf("1..%d\n# %d passed, %d failed\n", tap_n, tap_n - tap_fail, tap_fail);              \
        return tap_fail ? 1 : 0;                                                                   \
    } while (0)

#endif

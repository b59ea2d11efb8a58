/* Times the statistics, between and cohorts analyses on a loaded log, in-process. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attrstats.h"
#include "between.h"
#include "cohorts.h"
#include "filter.h"
#include "import_csv.h"
#include "outcome.h"

static double
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

#define RUNS 7

/* argv[2]: time only the analyses whose label starts with it ("none": load only), so that a
 * whole-process timer can set one analysis against loading alone. */
static const char *only;

/* Median of RUNS timings of one analysis. */
#define TIME(label, body)                                                                          \
    do {                                                                                           \
        if (only != NULL && strncmp(label, only, strlen(only)) != 0)                               \
            break;                                                                                 \
        double t_[RUNS];                                                                           \
        for (int r_ = 0; r_ < RUNS; r_++) {                                                        \
            double t0_ = now_ms();                                                                 \
            body;                                                                                  \
            t_[r_] = now_ms() - t0_;                                                               \
        }                                                                                          \
        qsort(t_, RUNS, sizeof t_[0], cmp_d);                                                      \
        printf("%-44s %8.1f ms (min %.1f, max %.1f)\n", label, t_[RUNS / 2], t_[0], t_[RUNS - 1]); \
    } while (0)

int
main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: whybench LOG.csv [LABEL-PREFIX|none]\n");
        return 2;
    }
    only = argc > 2 ? argv[2] : NULL;
    struct import_opts io;
    import_opts_init(&io);
    struct cf_error err = {0};
    double t0 = now_ms();
    struct event_log *log = import_csv(argv[1], &io, &err);
    if (log == NULL) {
        fprintf(stderr, "whybench: %s\n", err.msg);
        return 1;
    }
    printf("loaded %zu events, %zu cases in %.0f ms\n", log->n_events, log->n_cases, now_ms() - t0);
    struct outcome o;
    uint8_t *seg = xmalloc(log->n_cases);
    if (outcome_init(&o, log, OUTCOME_ATTR, "outcome=won", "outcome=lost", NULL, &err) != 0) {
        fprintf(stderr, "whybench: %s\n", err.msg);
        return 1;
    }
    size_t counts[3];
    outcome_segments(&o, log, seg, counts, NULL); /* whatever is timed below uses them */
    TIME("outcome segments", outcome_segments(&o, log, seg, counts, NULL));
    struct attrstats_opts op = {.seg = seg};
    TIME("activities", {
        struct astat_activities a;
        attrstats_activities(log, NULL, &a);
        attrstats_activities_clear(&a);
    });
    TIME("resources", {
        struct astat_resources a;
        attrstats_resources(log, NULL, &a);
        attrstats_resources_clear(&a);
    });
    for (size_t k = 0; k < log->n_attrs; k++) {
        char label[128];
        snprintf(label, sizeof label, "attribute %s (with outcome)", log->attr_names[k]);
        TIME(label, {
            struct attr_profile p;
            attrstats_profile(log, NULL, (int)k, &op, &p);
            attrstats_rank(&p);
            attr_profile_clear(&p);
        });
    }
    TIME("attribute resource (with outcome)", {
        struct attr_profile p;
        attrstats_profile(log, NULL, -1, &op, &p);
        attr_profile_clear(&p);
    });
    int attrs[64];
    size_t n_attrs = 0;
    for (int k = strpool_count(log->resources) > 0 ? -1 : 0; k < (int)log->n_attrs && n_attrs < 64;
         k++)
        if (strcmp(k >= 0 ? log->attr_names[k] : "", "outcome") != 0)
            attrs[n_attrs++] = k;
    TIME("attributes table (every attribute, as the Stats view)", {
        struct attr_profile p[64];
        attrstats_profile_many(log, NULL, attrs, n_attrs, &op, p);
        for (size_t k = 0; k < n_attrs; k++) {
            if (p[k].type == ATTR_TEXT)
                attrstats_rank(&p[k]);
            attr_profile_clear(&p[k]);
        }
    });
    TIME("why (every attribute, ranked)", {
        struct why w;
        attrstats_why(log, NULL, &o, seg, &op, &w);
        why_clear(&w);
    });
    uint32_t a = strpool_find(log->activities, "Prospecting", 11);
    uint32_t b = strpool_find(log->activities, "Closed Won", 10);
    struct between_opts bo = {0};
    TIME("between Prospecting, Closed Won", {
        struct between bt;
        between_build(log, NULL, a, b, &bo, &bt);
        between_clear(&bt);
    });
    bo.each = true;
    uint32_t call = strpool_find(log->activities, "Call", 4);
    TIME("between Call, Prospecting --each", {
        struct between bt;
        between_build(log, NULL, call, a, &bo, &bt);
        between_clear(&bt);
    });
    uint32_t st[3] = {a, strpool_find(log->activities, "Qualification", 13), b};
    TIME("cohorts by month (3 stages, outcome)", {
        struct cohorts c;
        cohorts_build(log, NULL, COHORT_MONTH, -1, st, 3, seg, &c);
        cohorts_clear(&c);
    });
    TIME("cohorts by week", {
        struct cohorts c;
        cohorts_build(log, NULL, COHORT_WEEK, -1, st, 3, seg, &c);
        cohorts_clear(&c);
    });
    TIME("filter amount>50000", {
        struct filter *f = filter_new_where(log, "amount>50000", &err);
        struct selection *s = selection_new(log->n_cases, true);
        filter_apply(f, log, s, &err);
        selection_free(s);
        filter_free(f);
    });
    TIME("filter --between Prospecting,Closed Won --min-time 30d", {
        struct filter *f =
            filter_new_between(log, "Prospecting", "Closed Won", 30LL * 86400000, -1, &err);
        struct selection *s = selection_new(log->n_cases, true);
        filter_apply(f, log, s, &err);
        selection_free(s);
        filter_free(f);
    });
    outcome_clear(&o);
    free(seg);
    eventlog_free(log);
    return 0;
}

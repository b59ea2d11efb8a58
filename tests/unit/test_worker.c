/* Unit tests of the explorer's background machinery: the worker thread, cancellation, the
 * result cache, and the map's memo of projections. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cancel.h"
#include "dfg.h"
#include "eventlog.h"
#include "filter.h"
#include "mapsimplify.h"
#include "rescache.h"
#include "selection.h"
#include "tap.h"
#include "worker.h"

static void
sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* ------------------------------------------------------------ the worker */

struct tjob {
    struct worker_job base;
    int id;
    int value;       /* set by run */
    bool spin;       /* run until cancelled (at most 10 s) */
    bool saw_cancel; /* cf_cancelled() turned true inside run */
};

static int done_ids[16], n_done, n_freed, saw_cancel_total;
static atomic_int spinning; /* a spinning job has started */

static void
tjob_run(struct worker_job *j)
{
    struct tjob *t = (struct tjob *)j;
    t->value = t->id * 10;
    if (t->spin)
        atomic_store(&spinning, 1);
    for (int i = 0; t->spin && i < 10000 && !cf_cancelled(); i++)
        sleep_ms(1);
    t->saw_cancel = cf_cancelled();
}

static void
tjob_done(struct worker_job *j, void *ud)
{
    struct tjob *t = (struct tjob *)j;
    (void)ud;
    if (n_done < 16)
        done_ids[n_done] = t->id * 100 + t->value;
    n_done++;
}

static void
tjob_free(struct worker_job *j)
{
    struct tjob *t = (struct tjob *)j;
    saw_cancel_total += t->saw_cancel;
    n_freed++;
    free(t);
}

static struct tjob *
tjob_new(int slot, int id, bool spin)
{
    struct tjob *t = calloc(1, sizeof *t);
    t->base.slot = slot;
    t->base.run = tjob_run;
    t->base.done = tjob_done;
    t->base.free = tjob_free;
    t->id = id;
    t->spin = spin;
    return t;
}

/* Collect until the worker is idle (at most 10 s). */
static void
drain(void)
{
    for (int i = 0; i < 10000 && worker_busy(); i++) {
        worker_collect(NULL);
        sleep_ms(1);
    }
    worker_collect(NULL);
}

static void
reset_counts(void)
{
    n_done = n_freed = saw_cancel_total = 0;
    memset(done_ids, 0, sizeof done_ids);
}

static void
test_order(void)
{
    reset_counts();
    CHECK(worker_start() == 0);
    for (int i = 1; i <= 3; i++)
        worker_submit(&tjob_new(i, i, false)->base);
    drain();
    /* Each done once, in the order submitted, with what run computed. */
    CHECK_EQ_I(n_done, 3);
    CHECK_EQ_I(done_ids[0], 110);
    CHECK_EQ_I(done_ids[1], 220);
    CHECK_EQ_I(done_ids[2], 330);
    CHECK_EQ_I(n_freed, 3);
    CHECK(!worker_busy());
    worker_stop();
}

static void
test_slots(void)
{
    /* With the test delay, the first job of a slot is still waiting when the second comes. */
    setenv("CASEFLOW_TEST_WORKER_DELAY_MS", "200", 1);
    reset_counts();
    CHECK(worker_start() == 0);
    worker_submit(&tjob_new(5, 1, false)->base);
    CHECK(worker_pending(5));
    CHECK(!worker_pending(6));
    worker_submit(&tjob_new(5, 2, false)->base); /* replaces job 1 */
    worker_submit(&tjob_new(6, 3, false)->base); /* another slot: kept */
    drain();
    CHECK_EQ_I(n_done, 2);
    CHECK_EQ_I(done_ids[0], 220);
    CHECK_EQ_I(done_ids[1], 330);
    CHECK_EQ_I(n_freed, 3); /* the stale job is freed all the same */
    /* worker_cancel: nothing delivered. */
    reset_counts();
    worker_submit(&tjob_new(7, 4, false)->base);
    worker_cancel(7);
    CHECK(!worker_pending(7));
    drain();
    CHECK_EQ_I(n_done, 0);
    CHECK_EQ_I(n_freed, 1);
    /* Stopping frees what is queued without running it. */
    reset_counts();
    worker_submit(&tjob_new(8, 5, false)->base);
    worker_submit(&tjob_new(9, 6, false)->base);
    worker_stop();
    CHECK_EQ_I(n_done, 0);
    CHECK_EQ_I(n_freed, 2);
    unsetenv("CASEFLOW_TEST_WORKER_DELAY_MS");
}

static void
test_cancel_running(void)
{
    reset_counts();
    CHECK(worker_start() == 0);
    worker_submit(&tjob_new(1, 1, true)->base);
    /* Wait until it runs (it spins until cancelled), then replace it. */
    for (int i = 0; i < 10000 && !atomic_load(&spinning); i++)
        sleep_ms(1);
    worker_submit(&tjob_new(1, 2, false)->base);
    drain();
    CHECK_EQ_I(n_done, 1);
    CHECK_EQ_I(done_ids[0], 220);
    CHECK_EQ_I(saw_cancel_total, 1); /* the running job saw cf_cancelled() turn true */
    worker_stop();
    /* Without a flag attached, nothing is cancelled. */
    CHECK(!cf_cancelled());
}

/* ------------------------------------------------------------ cancellation in core */

static const char *const spec = "c1: Lead@0 Demo@3600 Proposal@86400 Won@172800\n"
                                "c2: Lead@0 Demo@3600 Proposal@86400 Won@172800\n"
                                "c3: Lead@86400 Proposal@90000 Negotiation@93600 Proposal@97200 "
                                "Negotiation@100800 Lost@432000\n"
                                "c4: Lead@864000 Lost@864010\n"
                                "c5: Lead@950400\n"
                                "c6: Demo@1728000 Lead@1728005 Proposal@1814400\n";

static void
test_core_cancel(const struct event_log *log)
{
    atomic_int flag;
    atomic_init(&flag, 0);
    cf_cancel_attach(&flag);
    struct dfg g;
    dfg_build(log, NULL, NULL, &g);
    CHECK_EQ_U(g.cases, 6);
    dfg_clear(&g);
    atomic_store(&flag, 1);
    CHECK(cf_cancelled());
    dfg_build(log, NULL, NULL, &g); /* stops at once: a partial graph */
    CHECK_EQ_U(g.cases, 0);
    dfg_clear(&g);
    /* A regex filter says so. */
    struct cf_error err = {0};
    struct filter *f = filter_new_path(log, "Demo", 0, &err);
    CHECK(f != NULL);
    struct selection *s = selection_new(log->n_cases, true);
    CHECK_EQ_I(filter_apply(f, log, s, &err), -1);
    CHECK(strstr(err.msg, "cancelled") != NULL);
    atomic_store(&flag, 0);
    selection_fill(s, true);
    CHECK_EQ_I(filter_apply(f, log, s, &err), 0);
    CHECK_EQ_U(selection_count(s), 3); /* c1 c2 c6 */
    selection_free(s);
    filter_free(f);
    cf_cancel_attach(NULL);
}

/* ------------------------------------------------------------ the cache */

struct titem {
    struct rescache_item it;
    int id;
};

static int items_freed;

static void
titem_free(struct rescache_item *it)
{
    items_freed++;
    free(it);
}

static struct titem *
titem_new(int id)
{
    struct titem *t = calloc(1, sizeof *t);
    t->it.refs = 1;
    t->it.free_fn = titem_free;
    t->id = id;
    return t;
}

static int
got(struct rescache *c, int kind, const struct selection *s, uint64_t param)
{
    struct rescache_item *it = rescache_get(c, kind, s, param);
    int id = it != NULL ? ((struct titem *)it)->id : -1;
    rescache_release(it);
    return id;
}

static void
test_cache(void)
{
    struct rescache c = {0};
    struct selection *s[6];
    for (int i = 0; i < 6; i++) { /* six different selections over 100 cases */
        s[i] = selection_new(100, false);
        selection_set(s[i], (size_t)(10 * i + 3), true);
    }
    struct selection *s0b = selection_copy(s[0]);
    CHECK(rescache_hash(s[0]) == rescache_hash(s0b));
    CHECK(rescache_hash(s[0]) != rescache_hash(s[1]));

    items_freed = 0;
    struct titem *t = titem_new(1);
    rescache_put(&c, 0, s[0], 7, &t->it);
    CHECK_EQ_I(t->it.refs, 2);
    CHECK_EQ_I(got(&c, 0, s0b, 7), 1); /* an equal selection finds it */
    CHECK_EQ_I(got(&c, 0, s0b, 8), -1);
    CHECK_EQ_I(got(&c, 1, s0b, 7), -1);
    CHECK_EQ_I(got(&c, 0, s[1], 7), -1);
    /* The holder's reference keeps it alive after the cache lets it go. */
    rescache_drop(&c, 0);
    CHECK_EQ_I(items_freed, 0);
    CHECK_EQ_I(t->it.refs, 1);
    rescache_release(&t->it);
    CHECK_EQ_I(items_freed, 1);

    /* At most RESCACHE_PER_KIND per kind, the least recently used goes. */
    items_freed = 0;
    for (int i = 0; i < RESCACHE_PER_KIND; i++) {
        struct titem *u = titem_new(10 + i);
        rescache_put(&c, 2, s[i], 0, &u->it);
        rescache_release(&u->it);
    }
    struct titem *other = titem_new(99);
    rescache_put(&c, 3, s[5], 0, &other->it); /* another kind: not counted */
    rescache_release(&other->it);
    CHECK_EQ_I(got(&c, 2, s[0], 0), 10); /* s[0] used: s[1] is now the oldest */
    struct titem *u = titem_new(20);
    rescache_put(&c, 2, s[4], 0, &u->it);
    rescache_release(&u->it);
    CHECK_EQ_I(items_freed, 1);
    CHECK_EQ_I(got(&c, 2, s[1], 0), -1);
    CHECK_EQ_I(got(&c, 2, s[0], 0), 10);
    CHECK_EQ_I(got(&c, 2, s[4], 0), 20);
    CHECK_EQ_I(got(&c, 3, s[5], 0), 99);
    /* The same key again replaces the entry. */
    u = titem_new(21);
    rescache_put(&c, 2, s[4], 0, &u->it);
    rescache_release(&u->it);
    CHECK_EQ_I(got(&c, 2, s[4], 0), 21);
    CHECK_EQ_I(items_freed, 2);
    rescache_clear(&c);
    CHECK_EQ_I(items_freed, 2 + RESCACHE_PER_KIND + 1);
    for (int i = 0; i < 6; i++)
        selection_free(s[i]);
    selection_free(s0b);
}

/* ------------------------------------------------------------ the map's memo */

static bool
same_graph(const struct map_graph *a, const struct map_graph *b)
{
    if (a->n_kept != b->n_kept || a->n_present != b->n_present || a->n_paths != b->n_paths ||
        a->n_paths_kept != b->n_paths_kept || a->dfg.n_edges != b->dfg.n_edges ||
        a->dfg.cases != b->dfg.cases)
        return false;
    for (size_t i = 0; i < a->dfg.n_edges; i++) {
        const struct dfg_edge *x = &a->dfg.edges[i], *y = &b->dfg.edges[i];
        if (x->from != y->from || x->to != y->to || x->count != y->count ||
            x->median_ms != y->median_ms || a->keep_edge[i] != b->keep_edge[i])
            return false;
    }
    for (size_t k = 0; k < a->n_act; k++)
        if (a->keep_act[k] != b->keep_act[k] || a->keep_start[k] != b->keep_start[k] ||
            a->keep_end[k] != b->keep_end[k] || a->position[k] != b->position[k] ||
            a->dfg.nodes[k].events != b->dfg.nodes[k].events)
            return false;
    return true;
}

static void
test_memo(const struct event_log *log)
{
    struct selection *s = selection_new(log->n_cases, true);
    selection_set(s, 4, false); /* without c5 */
    struct mapsimplify_memo *m = mapsimplify_memo_new(log, s);
    static const double acts[] = {-1, 100, 60, 30, 1, 60, 100};
    static const double paths[] = {-1, 0, 50, 100, 0, 10, 100};
    for (size_t i = 0; i < sizeof acts / sizeof acts[0]; i++) {
        struct map_graph a, b;
        mapsimplify_memo_build(m, acts[i], paths[i], &a);
        mapsimplify_build(log, s, acts[i], paths[i], &b);
        CHECK(same_graph(&a, &b));
        mapsimplify_clear(&a);
        mapsimplify_clear(&b);
    }
    mapsimplify_memo_free(m);
    selection_free(s);
}

int
main(void)
{
    test_order();
    test_slots();
    test_cancel_running();
    struct cf_error err = {0};
    struct event_log *log = eventlog_from_spec(spec, &err);
    if (log == NULL) {
        printf("not ok - spec: %s\n", err.msg);
        return 1;
    }
    test_core_cancel(log);
    test_cache();
    test_memo(log);
    eventlog_free(log);
    TAP_DONE();
}

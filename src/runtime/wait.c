/* wait.c — memory.atomic.wait/notify, and the lifetime of memories shared
 * between threads.
 *
 * Each shared memory gets, on its first wait, a table of buckets keyed by
 * address; a bucket is a mutex and a FIFO list of waiters, each blocked on
 * its own condition variable (monotonic clock). The waiter compares the
 * value under the bucket lock and enqueues itself before unlocking; a
 * notifier stores first, then takes the same lock, so no wake-up is lost.
 * No spinning: waiters sleep in pthread_cond_(timed)wait.
 *
 * Interruption: a blocked waiter registers itself in its store (under
 * reg_lock, never while holding a bucket lock); wf_store_interrupt takes
 * reg_lock, then the waiter's bucket lock, marks it cancelled and signals
 * it. The lock order is always reg_lock before a bucket lock. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

#include "runtime.h"

#define WAIT_BUCKETS 64

typedef struct bucket bucket;

typedef struct rt_waiter {
    uint64_t ea;
    pthread_cond_t cond;
    bool woken;
    bool cancelled;           /* interrupted (under the bucket lock) */
    bucket *b;
    struct rt_waiter *next;
} waiter;

struct bucket {
    pthread_mutex_t lock;
    waiter *head, *tail;
};

/* Guards every store's `waiting` field. */
static pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;

struct rt_waitq {
    bucket b[WAIT_BUCKETS];
};

static bucket *bucket_of(struct rt_waitq *q, uint64_t ea)
{
    uint64_t h = (ea >> 2) * 0x9E3779B97F4A7C15ull;
    return &q->b[h >> 58];   /* top 6 bits: 64 buckets */
}

static void waitq_free(struct rt_waitq *q)
{
    if (!q)
        return;
    for (int i = 0; i < WAIT_BUCKETS; i++)
        pthread_mutex_destroy(&q->b[i].lock);
    free(q);
}

/* The memory's queue table, made on first use by whichever thread wins. */
static struct rt_waitq *waitq_get(wf_memory *mem)
{
    struct rt_waitq *q = __atomic_load_n(&mem->waitq, __ATOMIC_ACQUIRE);
    if (q)
        return q;
    struct rt_waitq *fresh = calloc(1, sizeof *fresh);
    if (!fresh)
        return NULL;
    for (int i = 0; i < WAIT_BUCKETS; i++)
        pthread_mutex_init(&fresh->b[i].lock, NULL);
    if (__atomic_compare_exchange_n(&mem->waitq, &q, fresh, false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE))
        return fresh;
    waitq_free(fresh);
    return q;
}

static void unlink_waiter(bucket *b, waiter *w)
{
    waiter *prev = NULL;
    for (waiter *p = b->head; p; prev = p, p = p->next) {
        if (p != w)
            continue;
        if (prev)
            prev->next = p->next;
        else
            b->head = p->next;
        if (b->tail == p)
            b->tail = prev;
        return;
    }
}

/* Absolute monotonic deadline now + ns, saturating far in the future. */
static struct timespec deadline_after(int64_t ns)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    int64_t sec = ns / 1000000000, nsec = t.tv_nsec + ns % 1000000000;
    if (nsec >= 1000000000)
        sec++, nsec -= 1000000000;
    if (sec > (int64_t)1 << 40)   /* ~35,000 years: as good as forever */
        sec = (int64_t)1 << 40;
    t.tv_sec += (time_t)sec;
    t.tv_nsec = (long)nsec;
    return t;
}

static bool value_equals(wf_memory *mem, uint64_t ea, uint64_t expected, bool is64)
{
    if (is64)
        return __atomic_load_n((uint64_t *)(mem->base + ea), __ATOMIC_SEQ_CST) == expected;
    return __atomic_load_n((uint32_t *)(mem->base + ea), __ATOMIC_SEQ_CST) ==
           (uint32_t)expected;
}

/* Block on w (enqueued in b, b locked) until woken, cancelled or the
 * deadline. */
static int sleep_on(bucket *b, waiter *w, int64_t timeout_ns)
{
    struct timespec until;
    if (timeout_ns >= 0)
        until = deadline_after(timeout_ns);
    while (!w->woken) {
        if (w->cancelled) {
            unlink_waiter(b, w);
            return 3;
        }
        int rc = timeout_ns < 0 ? pthread_cond_wait(&w->cond, &b->lock)
                                : pthread_cond_timedwait(&w->cond, &b->lock, &until);
        if (rc == ETIMEDOUT && !w->woken) {
            unlink_waiter(b, w);
            return 2;
        }
    }
    return 0;
}

/* Compare, enqueue and sleep (w registered in its store). */
static int wait_in_bucket(wf_memory *mem, waiter *w, uint64_t expected, int64_t timeout_ns,
                          bool is64)
{
    bucket *b = w->b;
    pthread_mutex_lock(&b->lock);
    int r;
    if (w->cancelled)
        r = 3;
    else if (!value_equals(mem, w->ea, expected, is64))
        r = 1;
    else if (timeout_ns == 0)
        r = 2;
    else {
        if (b->tail)
            b->tail->next = w;
        else
            b->head = w;
        b->tail = w;
        r = sleep_on(b, w, timeout_ns);
    }
    pthread_mutex_unlock(&b->lock);
    return r;
}

static void register_waiter(wf_store *store, waiter *w)
{
    pthread_mutex_lock(&reg_lock);
    store->waiting = w;
    /* An interrupt that came before registering finds no waiter: see it here. */
    if (__atomic_load_n(&store->checks, __ATOMIC_SEQ_CST) & RT_CHECK_INTERRUPT)
        w->cancelled = true;
    pthread_mutex_unlock(&reg_lock);
}

static void unregister_waiter(wf_store *store)
{
    pthread_mutex_lock(&reg_lock);
    store->waiting = NULL;
    pthread_mutex_unlock(&reg_lock);
}

int rt_atomic_wait(wf_store *store, wf_memory *mem, uint64_t ea, uint64_t expected,
                   int64_t timeout_ns, bool is64)
{
    /* Fast answers need no lock: the value already differs, or no wait. */
    if (!value_equals(mem, ea, expected, is64))
        return 1;
    if (timeout_ns == 0)
        return 2;
    struct rt_waitq *q = waitq_get(mem);
    if (!q)
        return -1;
    waiter w = { .ea = ea, .b = bucket_of(q, ea) };
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    int rc = pthread_cond_init(&w.cond, &attr);
    pthread_condattr_destroy(&attr);
    if (rc)
        return -1;
    register_waiter(store, &w);
    int r = wait_in_bucket(mem, &w, expected, timeout_ns, is64);
    unregister_waiter(store);
    pthread_cond_destroy(&w.cond);
    return r;
}

void rt_wait_interrupt(wf_store *store)
{
    pthread_mutex_lock(&reg_lock);
    waiter *w = store->waiting;
    if (w) {
        pthread_mutex_lock(&w->b->lock);
        w->cancelled = true;
        pthread_cond_signal(&w->cond);
        pthread_mutex_unlock(&w->b->lock);
    }
    pthread_mutex_unlock(&reg_lock);
}

uint32_t rt_atomic_notify(wf_memory *mem, uint64_t ea, uint32_t count)
{
    struct rt_waitq *q = __atomic_load_n(&mem->waitq, __ATOMIC_ACQUIRE);
    if (!q || count == 0)
        return 0;   /* nobody ever waited on this memory */
    bucket *b = bucket_of(q, ea);
    uint32_t n = 0;
    pthread_mutex_lock(&b->lock);
    waiter *prev = NULL;
    for (waiter *w = b->head, *next; w && n < count; w = next) {
        next = w->next;
        if (w->ea != ea) {
            prev = w;
            continue;
        }
        if (prev)
            prev->next = next;
        else
            b->head = next;
        if (b->tail == w)
            b->tail = prev;
        w->woken = true;
        pthread_cond_signal(&w->cond);
        n++;
    }
    pthread_mutex_unlock(&b->lock);
    return n;
}

/* ---- lifetime ---- */

void rt_memory_ref(wf_memory *mem)
{
    __atomic_add_fetch(&mem->refs, 1, __ATOMIC_RELAXED);
}

void rt_memory_release(wf_memory *mem)
{
    if (__atomic_fetch_sub(&mem->refs, 1, __ATOMIC_ACQ_REL) > 0)
        return;
    if (mem->base)
        munmap(mem->base, mem->reserved);
    waitq_free(mem->waitq);
    free(mem);
}

/* wait.c — memory.atomic.wait/notify, and the lifetime of memories shared
 * between threads.
 *
 * Each shared memory gets, on its first wait, a table of buckets keyed by
 * address; a bucket is a mutex and a FIFO list of waiters, each blocked on
 * its own condition variable (monotonic clock). The waiter compares the
 * value under the bucket lock and enqueues itself before unlocking; a
 * notifier stores first, then takes the same lock, so no wake-up is lost.
 * No spinning: waiters sleep in pthread_cond_(timed)wait. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

#include "runtime.h"

#define WAIT_BUCKETS 64

typedef struct waiter {
    uint64_t ea;
    pthread_cond_t cond;
    bool woken;
    struct waiter *next;
} waiter;

typedef struct bucket {
    pthread_mutex_t lock;
    waiter *head, *tail;
} bucket;

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

/* Block on w (enqueued in b, b locked) until woken or the deadline. */
static int sleep_on(bucket *b, waiter *w, int64_t timeout_ns)
{
    struct timespec until;
    if (timeout_ns >= 0)
        until = deadline_after(timeout_ns);
    while (!w->woken) {
        int rc = timeout_ns < 0 ? pthread_cond_wait(&w->cond, &b->lock)
                                : pthread_cond_timedwait(&w->cond, &b->lock, &until);
        if (rc == ETIMEDOUT && !w->woken) {
            unlink_waiter(b, w);
            return 2;
        }
    }
    return 0;
}

int rt_atomic_wait(wf_memory *mem, uint64_t ea, uint64_t expected, int64_t timeout_ns,
                   bool is64)
{
    struct rt_waitq *q = waitq_get(mem);
    if (!q)
        return -1;
    bucket *b = bucket_of(q, ea);
    pthread_mutex_lock(&b->lock);
    if (!value_equals(mem, ea, expected, is64)) {
        pthread_mutex_unlock(&b->lock);
        return 1;
    }
    if (timeout_ns == 0) {
        pthread_mutex_unlock(&b->lock);
        return 2;
    }
    waiter w = { .ea = ea };
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    int rc = pthread_cond_init(&w.cond, &attr);
    pthread_condattr_destroy(&attr);
    if (rc) {
        pthread_mutex_unlock(&b->lock);
        return -1;
    }
    if (b->tail)
        b->tail->next = &w;
    else
        b->head = &w;
    b->tail = &w;
    int r = sleep_on(b, &w, timeout_ns);
    pthread_mutex_unlock(&b->lock);
    pthread_cond_destroy(&w.cond);
    return r;
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

/* limits.c — fuel, interruption from other threads, the timeout
 * watchdog, and the per-store memory/table/stack limits (weft.h). */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "runtime.h"

/* ---- fuel and interruption ---- */

bool wf_store_set_fuel(wf_store *store, uint64_t fuel)
{
    store->fuel = fuel > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)fuel;
    store->fuel_on = true;
    __atomic_fetch_or(&store->checks, RT_CHECK_FUEL, __ATOMIC_SEQ_CST);
    return true;
}

bool wf_store_get_fuel(const wf_store *store, uint64_t *remaining)
{
    if (!store->fuel_on)
        return false;
    *remaining = store->fuel < 0 ? 0 : (uint64_t)store->fuel;
    return true;
}

void wf_store_fuel_off(wf_store *store)
{
    store->fuel_on = false;
    __atomic_fetch_and(&store->checks, ~RT_CHECK_FUEL, __ATOMIC_SEQ_CST);
}

/* The running guest's next check sees the bit (relaxed load: it lands
 * within a few checks at worst, and the loop ones repeat). */
void wf_store_interrupt(wf_store *store)
{
    __atomic_fetch_or(&store->checks, RT_CHECK_INTERRUPT, __ATOMIC_SEQ_CST);
    rt_wait_interrupt(store);   /* a thread blocked in memory.atomic.wait */
}

void wf_store_clear_interrupt(wf_store *store)
{
    __atomic_fetch_and(&store->checks, ~RT_CHECK_INTERRUPT, __ATOMIC_SEQ_CST);
}

bool rt_fuel_charge(wf_store *store, uint64_t cost, wf_trapcode *code)
{
    int bits = __atomic_load_n(&store->checks, __ATOMIC_SEQ_CST);
    if (bits & RT_CHECK_INTERRUPT) {
        /* Consume exactly the interrupt seen (another may follow). */
        __atomic_fetch_and(&store->checks, ~RT_CHECK_INTERRUPT, __ATOMIC_SEQ_CST);
        *code = WF_TRAP_INTERRUPTED;
        return false;
    }
    if (!store->fuel_on)
        return true;
    if (cost > (uint64_t)store->fuel) {
        store->fuel = 0;
        *code = WF_TRAP_OUT_OF_FUEL;
        return false;
    }
    store->fuel -= (int64_t)cost;
    return true;
}

/* ---- the timeout watchdog ---- */

struct rt_watchdog {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct timespec deadline;   /* CLOCK_MONOTONIC */
    bool stop;
    wf_store *store;
};

static void *watchdog_main(void *arg)
{
    struct rt_watchdog *w = arg;
    pthread_mutex_lock(&w->mu);
    while (!w->stop) {
        int rc = pthread_cond_timedwait(&w->cv, &w->mu, &w->deadline);
        if (rc == ETIMEDOUT && !w->stop) {
            wf_store_interrupt(w->store);
            break;
        }
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

void rt_watchdog_stop(wf_store *store)
{
    struct rt_watchdog *w = store->watchdog;
    if (!w)
        return;
    pthread_mutex_lock(&w->mu);
    w->stop = true;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    free(w);
    store->watchdog = NULL;
}

static bool watchdog_init(struct rt_watchdog *w, uint64_t timeout_ns)
{
    pthread_condattr_t ca;
    if (pthread_condattr_init(&ca))
        return false;
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    int rc = pthread_cond_init(&w->cv, &ca);
    pthread_condattr_destroy(&ca);
    if (rc)
        return false;
    if (pthread_mutex_init(&w->mu, NULL)) {
        pthread_cond_destroy(&w->cv);
        return false;
    }
    clock_gettime(CLOCK_MONOTONIC, &w->deadline);
    uint64_t ns = (uint64_t)w->deadline.tv_nsec + timeout_ns % 1000000000u;
    w->deadline.tv_sec += (time_t)(timeout_ns / 1000000000u + ns / 1000000000u);
    w->deadline.tv_nsec = (long)(ns % 1000000000u);
    return true;
}

bool wf_store_set_timeout(wf_store *store, uint64_t timeout_ns)
{
    rt_watchdog_stop(store);
    wf_store_clear_interrupt(store);
    if (!timeout_ns)
        return true;
    struct rt_watchdog *w = calloc(1, sizeof *w);
    if (!w)
        return false;
    w->store = store;
    if (!watchdog_init(w, timeout_ns)) {
        free(w);
        return false;
    }
    if (pthread_create(&w->thread, NULL, watchdog_main, w)) {
        pthread_cond_destroy(&w->cv);
        pthread_mutex_destroy(&w->mu);
        free(w);
        return false;
    }
    store->watchdog = w;
    return true;
}

/* ---- limits ---- */

/* The stack is made on a store's first call; later it is in use. */
bool wf_store_set_limits(wf_store *store, uint64_t memory_bytes, uint64_t table_elems,
                         uint64_t stack_bytes)
{
    store->max_memory = memory_bytes;
    store->max_table = table_elems;
    if (store->stack && stack_bytes != store->max_stack)
        return false;
    store->max_stack = stack_bytes;
    return true;
}

uint64_t rt_table_cap(const wf_store *store)
{
    return store->max_table ? store->max_table : RT_TABLE_MAX_DEFAULT;
}

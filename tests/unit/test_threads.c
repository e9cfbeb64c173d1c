/* test_threads.c — memory.atomic.wait/notify across real threads through
 * the embedding API: one shared memory, one store per thread (stores are
 * single-threaded), instances in each importing the same memory.
 * Checks notify's counts (never more than asked, only the waiters on that
 * address, all of them in the end), that each woken waiter sees 0 ("ok"),
 * wait64 woken by a notify, timeouts that really wait, and contended
 * atomic increments from many threads. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "weft.h"

static const char *wat =
    "(module\n"
    "  (import \"m\" \"mem\" (memory 1 1 shared))\n"
    "  (func (export \"wait32\") (param i32 i32 i64) (result i32)\n"
    "    (memory.atomic.wait32 (local.get 0) (local.get 1) (local.get 2)))\n"
    "  (func (export \"wait64\") (param i32 i64 i64) (result i32)\n"
    "    (memory.atomic.wait64 (local.get 0) (local.get 1) (local.get 2)))\n"
    "  (func (export \"notify\") (param i32 i32) (result i32)\n"
    "    (memory.atomic.notify (local.get 0) (local.get 1)))\n"
    "  (func (export \"bump\") (param i32 i32)\n"
    "    (loop $l\n"
    "      (drop (i32.atomic.rmw.add (local.get 0) (i32.const 1)))\n"
    "      (br_if $l (local.tee 1 (i32.sub (local.get 1) (i32.const 1)))))))\n";

static int failures;
static wf_module *module;
static wf_memory *shared_mem;

static void check(bool cond, const char *what)
{
    if (!cond) {
        printf("FAIL: %s\n", what);
        failures++;
    }
}

/* A store of its own with an instance importing the shared memory. */
typedef struct ctx { wf_store *store; wf_instance *inst; } ctx;

static ctx ctx_new(void)
{
    ctx c = { wf_store_new(), NULL };
    wf_extern imp = { .kind = WF_EXTERN_MEMORY, .of.memory = shared_mem };
    wf_error err = {0};
    c.inst = c.store ? wf_instance_new(c.store, module, &imp, 1, &err) : NULL;
    if (!c.inst) {
        printf("FAIL: instantiate: %s\n", err.msg);
        exit(1);
    }
    return c;
}

static int32_t call(ctx *c, const char *name, wf_val *args, size_t n)
{
    wf_extern f;
    wf_val r[1] = { { .kind = WF_I32 } };
    if (!wf_instance_export(c->inst, name, &f))
        return -100;
    size_t nres = wf_func_type(f.of.func)->nresults;
    wf_trap *t = wf_func_call(f.of.func, args, n, r, nres);
    if (t) {
        printf("FAIL: %s trapped: %s\n", name, wf_trap_message(t));
        wf_trap_free(t);
        failures++;
        return -101;
    }
    return r[0].of.i32;
}

static wf_val i32(int32_t v) { return (wf_val){ .kind = WF_I32, .of.i32 = v }; }
static wf_val i64(int64_t v) { return (wf_val){ .kind = WF_I64, .of.i64 = v }; }

static int32_t notify(ctx *c, int32_t addr, int32_t count)
{
    wf_val a[2] = { i32(addr), i32(count) };
    return call(c, "notify", a, 2);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* ---- waiters ---- */

typedef struct waiter_arg { int32_t addr; bool is64; int32_t result; } waiter_arg;

static void *waiter(void *p)
{
    waiter_arg *w = p;
    ctx c = ctx_new();
    if (w->is64) {
        wf_val a[3] = { i32(w->addr), i64(0), i64(-1) };
        w->result = call(&c, "wait64", a, 3);
    } else {
        wf_val a[3] = { i32(w->addr), i32(0), i64(-1) };
        w->result = call(&c, "wait32", a, 3);
    }
    wf_store_free(c.store);
    return NULL;
}

#define NWAIT 5

static void test_notify_counts(ctx *main_ctx)
{
    pthread_t th[NWAIT];
    waiter_arg args[NWAIT];
    for (int i = 0; i < NWAIT; i++) {
        args[i] = (waiter_arg){ 0, i == NWAIT - 1, -1 };   /* one waits with wait64 */
        pthread_create(&th[i], NULL, waiter, &args[i]);
    }
    usleep(200 * 1000);
    check(notify(main_ctx, 8, -1) == 0, "notify at another address wakes none");
    int total = 0;
    for (int tries = 0; total < NWAIT && tries < 2000; tries++) {
        int32_t n = notify(main_ctx, 0, 2);
        check(n >= 0 && n <= 2, "notify wakes at most count");
        total += n;
        if (total < NWAIT)
            usleep(5 * 1000);
    }
    check(total == NWAIT, "every waiter woken exactly once");
    for (int i = 0; i < NWAIT; i++) {
        pthread_join(th[i], NULL);
        check(args[i].result == 0, "woken waiter returns 0 (ok)");
    }
    check(notify(main_ctx, 0, -1) == 0, "nobody left to wake");
}

static void test_timeout(ctx *c)
{
    double t0 = now();
    wf_val a[3] = { i32(16), i32(0), i64(50 * 1000 * 1000) };
    check(call(c, "wait32", a, 3) == 2, "wait32 times out");
    double dt = now() - t0;
    check(dt >= 0.049, "the timeout really waited");
    check(dt < 5.0, "and not forever");
    wf_val b[3] = { i32(16), i64(1), i64(-1) };
    check(call(c, "wait64", b, 3) == 1, "wait64 not-equal returns at once");
}

/* ---- interruption ---- */

typedef struct intr_arg { ctx c; wf_trap *trap; } intr_arg;

static void *blocked_waiter(void *p)
{
    intr_arg *a = p;
    wf_extern f;
    wf_val args[3] = { i32(32), i32(0), i64(-1) }, r[1];
    wf_instance_export(a->c.inst, "wait32", &f);
    a->trap = wf_func_call(f.of.func, args, 3, r, 1);
    return NULL;
}

/* wf_store_interrupt from another thread wakes a guest blocked in
 * memory.atomic.wait32 forever; it traps "interrupted". */
static void test_interrupt(void)
{
    intr_arg a = { ctx_new(), NULL };
    pthread_t th;
    pthread_create(&th, NULL, blocked_waiter, &a);
    usleep(100 * 1000);
    wf_store_interrupt(a.c.store);
    pthread_join(th, NULL);
    check(a.trap && wf_trap_code(a.trap) == WF_TRAP_INTERRUPTED, "interrupt wakes a wait");
    wf_trap_free(a.trap);
    /* The interrupt was taken: the store waits (and times out) normally. */
    wf_val args[3] = { i32(32), i32(0), i64(1000) };
    check(call(&a.c, "wait32", args, 3) == 2, "store usable after the interrupt");
    wf_store_free(a.c.store);
}

/* ---- contended increments ---- */

#define NBUMP 8
#define KBUMP 50000

static void *bumper(void *p)
{
    ctx c = ctx_new();
    wf_val a[2] = { i32(64), i32(KBUMP) };
    call(&c, "bump", a, 2);
    wf_store_free(c.store);
    return p;
}

static void test_increments(void)
{
    pthread_t th[NBUMP];
    for (int i = 0; i < NBUMP; i++)
        pthread_create(&th[i], NULL, bumper, NULL);
    for (int i = 0; i < NBUMP; i++)
        pthread_join(th[i], NULL);
    uint32_t v;
    memcpy(&v, wf_memory_data(shared_mem) + 64, 4);
    check(v == NBUMP * KBUMP, "N threads x K atomic adds");
}

int main(void)
{
    uint8_t *bytes;
    size_t len;
    wf_error err = {0};
    if (!wf_wat_to_wasm(wat, strlen(wat), &bytes, &len, &err) ||
        !(module = wf_module_new(bytes, len, &err))) {
        printf("FAIL: module: %s\n", err.msg);
        return 1;
    }
    free(bytes);
    wf_store *owner = wf_store_new();
    wf_limits lim = { .min = 1, .max = 1, .has_max = true, .shared = true };
    shared_mem = wf_memory_new(owner, lim, &err);
    check(shared_mem != NULL, "shared memory created");
    if (!shared_mem)
        return 1;
    ctx main_ctx = ctx_new();
    test_notify_counts(&main_ctx);
    test_timeout(&main_ctx);
    test_increments();
    test_interrupt();
    wf_store_free(main_ctx.store);
    wf_store_free(owner);
    wf_module_free(module);
    if (failures)
        return 1;
    puts("test_threads: ok");
    return 0;
}

/* threads_mm.c — threads on a shared memory that is a module's memory 1
 * (weft.h): waiters blocked in memory.atomic.wait32 on memory 1 are woken
 * by notify on memory 1 only (a notify at the same address of memory 0,
 * another shared memory, wakes none), and atomic adds on memory 1 from
 * several threads all land. Prints "ok" or the failed checks; exit 1. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "weft.h"

static const char *wat =
    "(module\n"
    "  (import \"m\" \"zero\" (memory $z 1 1 shared))\n"
    "  (import \"m\" \"one\" (memory $s 1 1 shared))\n"
    "  (func (export \"wait\") (param i32) (result i32)\n"
    "    (memory.atomic.wait32 $s (local.get 0) (i32.const 0) (i64.const -1)))\n"
    "  (func (export \"notify1\") (param i32 i32) (result i32)\n"
    "    (memory.atomic.notify $s (local.get 0) (local.get 1)))\n"
    "  (func (export \"notify0\") (param i32 i32) (result i32)\n"
    "    (memory.atomic.notify (local.get 0) (local.get 1)))\n"
    "  (func (export \"bump\") (param i32 i32)\n"
    "    (loop $l\n"
    "      (drop (i32.atomic.rmw.add $s (local.get 0) (i32.const 1)))\n"
    "      (br_if $l (local.tee 1 (i32.sub (local.get 1) (i32.const 1)))))))\n";

#define NWAIT 4
#define NBUMP 4
#define KBUMP 20000

static int failures;
static wf_module *module;
static wf_memory *mem0, *mem1;

static void check(bool cond, const char *what)
{
    if (!cond) {
        printf("FAIL: %s\n", what);
        failures++;
    }
}

typedef struct ctx { wf_store *store; wf_instance *inst; } ctx;

static ctx ctx_new(void)
{
    ctx c = { wf_store_new(), NULL };
    wf_extern imp[2] = { { .kind = WF_EXTERN_MEMORY, .of.memory = mem0 },
                         { .kind = WF_EXTERN_MEMORY, .of.memory = mem1 } };
    wf_error err = {0};
    c.inst = c.store ? wf_instance_new(c.store, module, imp, 2, &err) : NULL;
    if (!c.inst) {
        printf("FAIL: instantiate: %s\n", err.msg);
        exit(1);
    }
    return c;
}

static int32_t call(ctx *c, const char *name, int32_t a, int32_t b, size_t n)
{
    wf_extern f;
    wf_val args[2] = { { .kind = WF_I32, .of.i32 = a }, { .kind = WF_I32, .of.i32 = b } };
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
    return nres ? r[0].of.i32 : 0;
}

static void *waiter(void *p)
{
    ctx c = ctx_new();
    *(int32_t *)p = call(&c, "wait", 16, 0, 1);
    wf_store_free(c.store);
    return NULL;
}

static void *bumper(void *p)
{
    ctx c = ctx_new();
    call(&c, "bump", 64, KBUMP, 2);
    wf_store_free(c.store);
    return p;
}

static void test_wait_notify(ctx *main_ctx)
{
    pthread_t th[NWAIT];
    int32_t res[NWAIT];
    for (int i = 0; i < NWAIT; i++) {
        res[i] = -1;
        pthread_create(&th[i], NULL, waiter, &res[i]);
    }
    int woken = 0;
    for (int tries = 0; woken < NWAIT && tries < 2000; tries++) {
        usleep(1000);
        check(call(main_ctx, "notify0", 16, -1, 2) == 0, "notify on memory 0 wakes no waiter of memory 1");
        int n = call(main_ctx, "notify1", 16, 1, 2);
        check(n == 0 || n == 1, "notify on memory 1 wakes at most count");
        woken += n > 0 ? n : 0;
    }
    for (int i = 0; i < NWAIT; i++)
        pthread_join(th[i], NULL);
    check(woken == NWAIT, "every waiter on memory 1 woken by notify on memory 1");
    for (int i = 0; i < NWAIT; i++)
        check(res[i] == 0, "a woken waiter returns 0 (ok)");
}

static void test_increments(void)
{
    pthread_t th[NBUMP];
    for (int i = 0; i < NBUMP; i++)
        pthread_create(&th[i], NULL, bumper, NULL);
    for (int i = 0; i < NBUMP; i++)
        pthread_join(th[i], NULL);
    uint32_t v1, v0;
    memcpy(&v1, wf_memory_data(mem1) + 64, 4);
    memcpy(&v0, wf_memory_data(mem0) + 64, 4);
    check(v1 == NBUMP * KBUMP, "N threads x K atomic adds on memory 1");
    check(v0 == 0, "memory 0 untouched");
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
    mem0 = wf_memory_new(owner, lim, &err);
    mem1 = mem0 ? wf_memory_new(owner, lim, &err) : NULL;
    if (!mem1) {
        printf("FAIL: shared memories: %s\n", err.msg);
        return 1;
    }
    ctx main_ctx = ctx_new();
    test_wait_notify(&main_ctx);
    test_increments();
    wf_store_free(main_ctx.store);
    wf_store_free(owner);
    wf_module_free(module);
    if (failures)
        return 1;
    puts("ok");
    return 0;
}

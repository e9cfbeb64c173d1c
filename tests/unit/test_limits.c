/* test_limits.c — fuel, interruption from another thread, the timeout
 * watchdog, memory/table/stack limits, traps that leave the store usable
 * and backtraces with guest function names (weft.h). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "weft.h"

static int failures;

static void check(bool cond, const char *what)
{
    if (!cond) {
        printf("FAIL %s\n", what);
        failures++;
    }
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static const char wat[] =
    "(module\n"
    "  (import \"env\" \"fail\" (func $fail))\n"
    "  (memory (export \"mem\") 1)\n"
    "  (table (export \"tab\") 1 funcref)\n"
    "  (global $n (export \"n\") (mut i32) (i32.const 0))\n"
    "  (func $spin (export \"spin\") (loop $l (global.set $n (i32.add (global.get $n)\n"
    "    (i32.const 1))) (br $l)))\n"
    "  (func $count (export \"count\") (param i32) (result i32) (local i32)\n"
    "    (loop $l (local.set 1 (i32.add (local.get 1) (i32.const 1)))\n"
    "      (br_if $l (i32.lt_u (local.get 1) (local.get 0))))\n"
    "    (local.get 1))\n"
    "  (func $rec (export \"rec\") (param i32) (result i32)\n"
    "    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))\n"
    "      (else (i32.add (i32.const 1) (call $rec (i32.sub (local.get 0) (i32.const 1)))))))\n"
    "  (func $oob (export \"oob\") (result i32) (i32.load (i32.const 65536)))\n"
    "  (func $inner (call $fail))\n"
    "  (func $outer (export \"host_trap\") (call $inner))\n"
    "  (func (export \"grow\") (param i32) (result i32) (memory.grow (local.get 0)))\n"
    "  (func (export \"tgrow\") (param i32) (result i32)\n"
    "    (table.grow (ref.null func) (local.get 0))))\n";

static wf_trap *host_fail(wf_caller *c, void *env, const wf_val *a, wf_val *r)
{
    (void)c, (void)env, (void)a, (void)r;
    return wf_trap_new(WF_TRAP_HOST, "host says no");
}

static wf_module *module;

static wf_instance *make(wf_store *s)
{
    static const wf_functype ty = {0, 0, NULL, NULL};
    wf_extern imp = {WF_EXTERN_FUNC, {.func = wf_func_new_host(s, &ty, host_fail, NULL, NULL)}};
    wf_error err = {0};
    wf_instance *inst = wf_instance_new(s, module, &imp, 1, &err);
    if (!inst)
        printf("FAIL instantiate: %s\n", err.msg), failures++;
    return inst;
}

static wf_func *fn(wf_instance *inst, const char *name)
{
    wf_extern e;
    if (!wf_instance_export(inst, name, &e) || e.kind != WF_EXTERN_FUNC)
        return NULL;
    return e.of.func;
}

static wf_trap *call1(wf_instance *inst, const char *name, int32_t arg, int32_t *out)
{
    wf_func *f = fn(inst, name);
    const wf_functype *ty = wf_func_type(f);
    wf_val a = {.kind = WF_I32, .of.i32 = arg}, r = {.kind = WF_I32};
    wf_trap *t = wf_func_call(f, &a, ty->nparams, &r, ty->nresults);
    if (!t && out)
        *out = r.of.i32;
    return t;
}

static bool traps_with(wf_trap *t, wf_trapcode code)
{
    bool ok = t && wf_trap_code(t) == code;
    if (t && !ok)
        printf("  (trap was: %s)\n", wf_trap_message(t));
    wf_trap_free(t);
    return ok;
}

static int32_t global_n(wf_instance *inst)
{
    wf_extern e;
    wf_instance_export(inst, "n", &e);
    return wf_global_get(e.of.global).of.i32;
}

/* ---- interruption from another thread ---- */

typedef struct { wf_store *store; int delay_ms; } interrupter;

static void *interrupt_later(void *arg)
{
    interrupter *it = arg;
    struct timespec d = {0, it->delay_ms * 1000000L};
    nanosleep(&d, NULL);
    wf_store_interrupt(it->store);
    return NULL;
}

static void test_interrupt(void)
{
    wf_store *s = wf_store_new();
    wf_instance *inst = make(s);
    if (!inst)
        return;
    interrupter it = {s, 50};
    pthread_t th;
    pthread_create(&th, NULL, interrupt_later, &it);
    double t0 = now_ms();
    check(traps_with(call1(inst, "spin", 0, NULL), WF_TRAP_INTERRUPTED), "spin interrupted");
    double ms = now_ms() - t0;
    pthread_join(th, NULL);
    printf("interrupt from another thread: spin stopped after %.1f ms (interrupt at 50 ms)\n", ms);
    check(ms < 1000, "interrupt lands promptly");
    /* The store stays usable, and the interrupt was consumed. */
    int32_t r = 0;
    check(!call1(inst, "count", 1000, &r) && r == 1000, "call after interrupt");
    /* Interrupt while idle: the next call traps, the one after runs. */
    wf_store_interrupt(s);
    check(traps_with(call1(inst, "count", 10, NULL), WF_TRAP_INTERRUPTED), "pending interrupt");
    check(!call1(inst, "count", 10, &r) && r == 10, "interrupt consumed");
    wf_store_interrupt(s);
    wf_store_clear_interrupt(s);
    check(!call1(inst, "count", 10, &r) && r == 10, "interrupt cleared");
    wf_store_free(s);
}

static void test_timeout(void)
{
    wf_store *s = wf_store_new();
    wf_instance *inst = make(s);
    if (!inst)
        return;
    check(wf_store_set_timeout(s, 100 * 1000000ull), "set timeout");
    double t0 = now_ms();
    check(traps_with(call1(inst, "spin", 0, NULL), WF_TRAP_INTERRUPTED), "timeout interrupts");
    double ms = now_ms() - t0;
    printf("timeout 100 ms: spin stopped after %.1f ms\n", ms);
    check(ms >= 99 && ms < 1000, "timeout within bounds");
    /* A timeout cancelled before it fires does nothing; freeing a store
     * with an armed watchdog stops it. */
    check(wf_store_set_timeout(s, 50 * 1000000ull) && wf_store_set_timeout(s, 0), "cancel");
    struct timespec d = {0, 80 * 1000000L};
    nanosleep(&d, NULL);
    int32_t r = 0;
    check(!call1(inst, "count", 5, &r) && r == 5, "cancelled timeout");
    wf_store_set_timeout(s, 10ull * 1000000000ull);
    wf_store_free(s);
}

/* ---- fuel ---- */

static int32_t spin_with_fuel(uint64_t fuel, uint64_t *left)
{
    wf_store *s = wf_store_new();
    wf_instance *inst = make(s);
    if (!inst)
        return -1;
    wf_store_set_fuel(s, fuel);
    check(traps_with(call1(inst, "spin", 0, NULL), WF_TRAP_OUT_OF_FUEL), "spin out of fuel");
    int32_t n = global_n(inst);
    wf_store_get_fuel(s, left);
    wf_store_free(s);
    return n;
}

static void test_fuel(void)
{
    uint64_t left = 1;
    int32_t a = spin_with_fuel(100000, &left);
    int32_t b = spin_with_fuel(100000, &left);
    int32_t c = spin_with_fuel(200000, &left);
    printf("fuel 100000: spin trapped after %d iterations (twice), fuel 200000: %d\n", a, c);
    check(a > 0 && a == b, "fuel is deterministic");
    check(c > 2 * a - 2 && c < 2 * a + 2, "fuel is proportional");
    check(left == 0, "no fuel left after the trap");

    wf_store *s = wf_store_new();
    wf_instance *inst = make(s);
    uint64_t f;
    check(!wf_store_get_fuel(s, &f), "fuel off by default");
    wf_store_set_fuel(s, 1000000);
    int32_t r = 0;
    check(!call1(inst, "count", 100, &r) && r == 100, "enough fuel");
    check(wf_store_get_fuel(s, &f) && f < 1000000 && f > 1000000 - 2000, "fuel consumed");
    check(traps_with(call1(inst, "count", 1000000, NULL), WF_TRAP_OUT_OF_FUEL), "count out of fuel");
    /* Recursion without loops is charged at function entry. */
    wf_store_set_fuel(s, 1000);
    check(traps_with(call1(inst, "rec", 100000, NULL), WF_TRAP_OUT_OF_FUEL), "recursion out of fuel");
    wf_store_fuel_off(s);
    check(!call1(inst, "count", 1000000, &r) && r == 1000000, "fuel off again");
    wf_store_free(s);
}

/* ---- limits ---- */

static void test_limits(void)
{
    wf_store *s = wf_store_new();
    check(wf_store_set_limits(s, 3 * 65536, 5, 64 * 1024), "set limits");
    wf_instance *inst = make(s);
    if (!inst)
        return;
    int32_t r = 0;
    check(!call1(inst, "grow", 2, &r) && r == 1, "grow within the limit");
    check(!call1(inst, "grow", 1, &r) && r == -1, "grow beyond the limit fails");
    check(!call1(inst, "tgrow", 4, &r) && r == 1, "table grow within the limit");
    check(!call1(inst, "tgrow", 1, &r) && r == -1, "table grow beyond the limit fails");
    check(traps_with(call1(inst, "rec", 100000, NULL), WF_TRAP_STACK_EXHAUSTED), "small stack");
    check(!call1(inst, "rec", 100, &r) && r == 100, "small stack still works");
    check(!wf_store_set_limits(s, 0, 0, 1 << 20), "stack size fixed once used");
    wf_store_free(s);

    /* Initial sizes beyond the limits fail to instantiate. */
    s = wf_store_new();
    wf_store_set_limits(s, 32768, 0, 0);
    wf_error err = {0};
    static const wf_functype ty = {0, 0, NULL, NULL};
    wf_extern imp = {WF_EXTERN_FUNC, {.func = wf_func_new_host(s, &ty, host_fail, NULL, NULL)}};
    check(!wf_instance_new(s, module, &imp, 1, &err) && err.kind == WF_ERR_LIMIT,
          "memory over the limit");
    wf_store_free(s);
    s = wf_store_new();
    wf_limits tl = {.min = 20000000};
    wf_val null = {.kind = WF_FUNCREF};
    check(!wf_table_new(s, WF_FUNCREF, tl, null, &err) && err.kind == WF_ERR_LIMIT,
          "default table limit");
    wf_store_free(s);

    /* Default stack: deep recursion works, deeper traps, store usable. */
    s = wf_store_new();
    inst = make(s);
    check(!call1(inst, "rec", 100000, &r) && r == 100000, "deep recursion");
    check(traps_with(call1(inst, "rec", 100000000, NULL), WF_TRAP_STACK_EXHAUSTED),
          "stack exhausted");
    check(!call1(inst, "rec", 10, &r) && r == 10, "usable after stack exhaustion");
    wf_store_free(s);
}

/* ---- traps: backtraces and a usable store ---- */

static void test_traps(void)
{
    wf_store *s = wf_store_new();
    wf_instance *inst = make(s);
    if (!inst)
        return;
    wf_trap *t = call1(inst, "oob", 0, NULL);
    check(t && wf_trap_code(t) == WF_TRAP_MEMORY_OOB, "out of bounds traps");
    check(t && !strcmp(wf_trap_backtrace(t), "oob\n"), "oob backtrace names the function");
    wf_trap_free(t);
    int32_t r = 0;
    check(!call1(inst, "count", 7, &r) && r == 7, "usable after out of bounds");
    t = call1(inst, "host_trap", 0, NULL);
    check(t && wf_trap_code(t) == WF_TRAP_HOST && !strcmp(wf_trap_message(t), "host says no"),
          "host trap");
    check(t && !strcmp(wf_trap_backtrace(t), "inner\nouter\n"), "host trap backtrace");
    if (t)
        printf("host trap backtrace: %s", wf_trap_backtrace(t));
    wf_trap_free(t);
    check(!call1(inst, "count", 8, &r) && r == 8, "usable after host trap");
    wf_store_free(s);
}

/* ---- host -> guest -> host ... nesting ---- */

static wf_trap *host_reenter(wf_caller *c, void *env, const wf_val *a, wf_val *r)
{
    (void)c, (void)a, (void)r;
    wf_func *down = *(wf_func **)env;
    return wf_func_call(down, NULL, 0, NULL, 0);
}

/* Each level of nesting takes C stack: it is bounded, traps, and the
 * store stays usable. */
static void test_reentry(void)
{
    static const char w[] = "(module (import \"env\" \"up\" (func $up))\n"
                            "  (func $down (export \"down\") (call $up))\n"
                            "  (func (export \"one\") (result i32) (i32.const 1)))";
    uint8_t *bin;
    size_t len;
    wf_error err = {0};
    wf_module *m = NULL;
    if (!wf_wat_to_wasm(w, sizeof w - 1, &bin, &len, &err) || !(m = wf_module_new(bin, len, &err))) {
        printf("FAIL reentry module: %s\n", err.msg);
        failures++;
        return;
    }
    free(bin);
    wf_store *s = wf_store_new();
    static const wf_functype ty = {0, 0, NULL, NULL};
    wf_func *down = NULL;
    wf_extern imp = {WF_EXTERN_FUNC, {.func = wf_func_new_host(s, &ty, host_reenter, &down, NULL)}};
    wf_instance *inst = wf_instance_new(s, m, &imp, 1, &err);
    check(inst != NULL, "reentry instance");
    if (inst) {
        down = fn(inst, "down");
        wf_trap *t = wf_func_call(down, NULL, 0, NULL, 0);
        check(t && wf_trap_code(t) == WF_TRAP_STACK_EXHAUSTED, "unbounded re-entry traps");
        wf_trap_free(t);
        wf_val r = {.kind = WF_I32};
        check(!wf_func_call(fn(inst, "one"), NULL, 0, &r, 1) && r.of.i32 == 1,
              "usable after re-entry trap");
    }
    wf_store_free(s);
    wf_module_free(m);
}

int main(void)
{
    uint8_t *bin;
    size_t len;
    wf_error err = {0};
    if (!wf_wat_to_wasm(wat, sizeof wat - 1, &bin, &len, &err) ||
        !(module = wf_module_new(bin, len, &err))) {
        printf("FAIL module: %s\n", err.msg);
        return 1;
    }
    free(bin);
    test_interrupt();
    test_timeout();
    test_fuel();
    test_limits();
    test_traps();
    test_reentry();
    wf_module_free(module);
    if (failures)
        printf("%d failures\n", failures);
    return failures != 0;
}

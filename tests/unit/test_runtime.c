/* test_runtime.c — memories keep their base and cost nothing up front,
 * tables grow, instantiation links imports, checks them, initialises
 * segments in order and reports traps the 2.0 way. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "runtime/runtime.h"

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

/* Imports env.f (func), env.g (global i32); exports table "tab" (2,
 * element 1 = f), memory "mem" (1 page, "hi" at g), global "k" = -5. */
static const char mod_link[] =
    "\x00\x61\x73\x6d\x01\x00\x00\x00\x01\x04\x01\x60\x00\x00\x02\x12\x02\x03\x65\x6e\x76\x01"
    "\x66\x00\x00\x03\x65\x6e\x76\x01\x67\x03\x7f\x00\x04\x04\x01\x70\x00\x02\x05\x03\x01\x00"
    "\x01\x06\x06\x01\x7e\x00\x42\x7b\x0b\x07\x11\x03\x03\x74\x61\x62\x01\x00\x03\x6d\x65\x6d"
    "\x02\x00\x01\x6b\x03\x01\x09\x07\x01\x00\x41\x01\x0b\x01\x00\x0b\x08\x01\x00\x23\x00\x0b"
    "\x02\x68\x69";
/* Imports env.mem (memory 1); data "ok" at 0, then "xx" at 65535 (out of
 * bounds). */
static const char mod_oob[] =
    "\x00\x61\x73\x6d\x01\x00\x00\x00\x02\x0c\x01\x03\x65\x6e\x76\x03\x6d\x65\x6d\x02\x00\x01"
    "\x0b\x11\x02\x00\x41\x00\x0b\x02\x6f\x6b\x00\x41\xff\xff\x03\x0b\x02\x78\x78";
/* (memory 0 65536) */
static const char mod_bigmem[] = "\x00\x61\x73\x6d\x01\x00\x00\x00\x05\x06\x01\x01\x00\x80\x80\x04";

static wf_module *load(const char *bytes, size_t len)
{
    wf_error err = {0};
    wf_module *m = wf_module_new((const uint8_t *)bytes, len, &err);
    if (!m)
        printf("FAIL load: %s\n", err.msg), failures++;
    return m;
}

static void test_memory(void)
{
    wf_store *s = wf_store_new();
    wf_limits l = {.min = 1, .max = 65536, .has_max = true};
    wf_memory *mem = wf_memory_new(s, l, NULL);
    check(mem != NULL, "memory created");
    if (!mem)
        return;
    uint8_t *base = wf_memory_data(mem);
    base[0] = 1;
    check(wf_memory_grow(mem, 10) == 1, "grow returns old size");
    check(wf_memory_data(mem) == base, "base does not move");
    check(wf_memory_size(mem) == 11 * 65536ull, "size after grow");
    base[11 * 65536 - 1] = 7;
    check(base[0] == 1 && base[65536] == 0, "contents kept, new pages zero");
    check(wf_memory_grow(mem, 65536) == -1, "grow past max fails");
    check(wf_memory_grow(mem, 0) == 11, "grow by 0");
    wf_limits l2 = {.min = 2, .max = 1, .has_max = true};
    wf_error err = {0};
    check(wf_memory_new(s, l2, &err) == NULL, "min > max refused");
    wf_store_free(s);
}

/* Declaring 65536 pages must cost no more than declaring one. */
static void test_memory_cost(void)
{
    wf_module *m = load(mod_bigmem, sizeof mod_bigmem - 1);
    if (!m)
        return;
    double t0 = now_ms();
    for (int i = 0; i < 200; i++) {
        wf_store *s = wf_store_new();
        wf_error err = {0};
        wf_instance *inst = wf_instance_new(s, m, NULL, 0, &err);
        check(inst != NULL, "big memory instance");
        wf_store_free(s);
    }
    double per = (now_ms() - t0) / 200;
    if (per > 5.0)  /* committing 4 GiB would take seconds */
        printf("FAIL 65536-page memory takes %.3f ms to instantiate\n", per), failures++;
    wf_module_free(m);
}

static void test_table(void)
{
    wf_store *s = wf_store_new();
    wf_limits l = {.min = 2, .max = 4, .has_max = true};
    wf_val null = {.kind = WF_FUNCREF};
    wf_table *t = wf_table_new(s, WF_FUNCREF, l, null, NULL);
    check(t && wf_table_size(t) == 2, "table created");
    check(rt_table_grow(t, 2, NULL) == 2 && wf_table_size(t) == 4, "table grows");
    check(rt_table_grow(t, 1, NULL) == -1, "table stops at max");
    wf_val v;
    check(wf_table_get(t, 3, &v) && v.of.funcref == NULL, "new elements null");
    check(!wf_table_get(t, 4, &v), "get out of range");
    wf_store_free(s);
}

static wf_trap *nop_host(wf_caller *c, void *env, const wf_val *a, wf_val *r) { return NULL; }

static wf_trap *add_host(wf_caller *c, void *env, const wf_val *a, wf_val *r)
{
    r[0].kind = WF_I32;
    r[0].of.i32 = a[0].of.i32 + a[1].of.i32;
    return NULL;
}

static int finalized;
static void count_final(void *env) { finalized++; }

/* Host functions called from the host; arity is checked. */
static void test_host_call(void)
{
    wf_store *s = wf_store_new();
    static const uint8_t params[2] = {WF_I32, WF_I32}, results[1] = {WF_I32};
    wf_functype ft = {2, 1, params, results};
    wf_func *f = wf_func_new_host(s, &ft, add_host, NULL, count_final);
    wf_val args[2] = {{.kind = WF_I32, .of.i32 = 40}, {.kind = WF_I32, .of.i32 = 2}}, res[1];
    wf_trap *t = wf_func_call(f, args, 2, res, 1);
    check(!t && res[0].of.i32 == 42, "host call result");
    wf_trap_free(t);
    t = wf_func_call(f, args, 1, res, 1);
    check(t && wf_trap_code(t) == WF_TRAP_HOST, "arity checked");
    wf_trap_free(t);
    check(rt_functype_eq(wf_func_type(f), &ft), "type copied");
    wf_store_free(s);
    check(finalized == 1, "finalizer ran once");
}

static void test_link(void)
{
    wf_module *m = load(mod_link, sizeof mod_link - 1);
    if (!m)
        return;
    wf_store *s = wf_store_new();
    wf_linker *lk = wf_linker_new(s);
    wf_functype ft = {0};
    wf_func *f = wf_func_new_host(s, &ft, nop_host, NULL, NULL);
    wf_error err = {0};

    check(!wf_linker_instantiate(lk, m, &err) && err.kind == WF_ERR_LINK &&
              !strncmp(err.msg, "unknown import", 14), "unknown import");
    wf_linker_define(lk, "env", "f", (wf_extern){WF_EXTERN_FUNC, {.func = f}});
    wf_val g64 = {.kind = WF_I64};
    wf_global *bad = wf_global_new(s, WF_I64, false, g64);
    wf_linker_define(lk, "env", "g", (wf_extern){WF_EXTERN_GLOBAL, {.global = bad}});
    check(!wf_linker_instantiate(lk, m, &err) && err.kind == WF_ERR_LINK &&
              !strncmp(err.msg, "incompatible import type", 24), "incompatible global");
    wf_val g32 = {.kind = WF_I32, .of.i32 = 100};
    wf_global *g = wf_global_new(s, WF_I32, false, g32);
    wf_linker_define(lk, "env", "g", (wf_extern){WF_EXTERN_GLOBAL, {.global = g}});
    wf_instance *inst = wf_linker_instantiate(lk, m, &err);
    check(inst != NULL, "instantiate with imports");
    if (inst) {
        wf_extern mem, tab, k;
        check(wf_instance_export(inst, "mem", &mem) && mem.kind == WF_EXTERN_MEMORY, "mem export");
        check(!memcmp(wf_memory_data(mem.of.memory) + 100, "hi", 2), "data at imported offset");
        check(wf_instance_export(inst, "tab", &tab) && tab.of.table->elems[1] == f, "elem written");
        check(wf_instance_export(inst, "k", &k) && wf_global_get(k.of.global).of.i64 == -5, "global init");
        check(!wf_instance_export(inst, "nope", &k), "missing export");
    }
    /* Every export under one module name; the imported memory links. */
    wf_module *m2 = load(mod_oob, sizeof mod_oob - 1);
    if (inst && m2) {
        wf_linker_define_instance(lk, "env", inst);
        check(!wf_linker_instantiate(lk, m2, &err) && err.kind == WF_ERR_TRAP, "define_instance links");
    }
    wf_module_free(m2);
    wf_linker_free(lk);
    wf_store_free(s);
    wf_module_free(m);
}

/* 2.0: a trapping segment leaves the earlier ones written. */
static void test_segment_trap(void)
{
    wf_module *m = load(mod_oob, sizeof mod_oob - 1);
    if (!m)
        return;
    wf_store *s = wf_store_new();
    wf_limits l = {.min = 1};
    wf_memory *mem = wf_memory_new(s, l, NULL);
    wf_extern imp = {WF_EXTERN_MEMORY, {.memory = mem}};
    wf_error err = {0};
    check(!wf_instance_new(s, m, &imp, 1, &err) && err.kind == WF_ERR_TRAP &&
              !strcmp(err.msg, "out of bounds memory access"), "data segment traps");
    check(!memcmp(wf_memory_data(mem), "ok", 2), "earlier segment stays written");
    wf_limits small = {.min = 0};
    wf_memory *mem0 = wf_memory_new(s, small, NULL);
    imp.of.memory = mem0;
    check(!wf_instance_new(s, m, &imp, 1, &err) && err.kind == WF_ERR_LINK, "memory too small");
    wf_store_free(s);
    wf_module_free(m);
}

int main(void)
{
    test_memory();
    test_memory_cost();
    test_table();
    test_link();
    test_host_call();
    test_segment_trap();
    if (failures)
        printf("test_runtime: %d failures\n", failures);
    return failures != 0;
}

/* test_tailcall.c — tail calls into host functions (weft.h): return_call
 * and return_call_indirect of a host function give its results to the
 * guest's caller (several, and a v128), a host trap carries through, and
 * a host that calls back into guests while a tail call's frame is being
 * replaced finds the stack intact. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weft.h"

static int failures;

static void check(bool cond, const char *what)
{
    if (!cond) {
        printf("FAIL %s\n", what);
        failures++;
    }
}

static const char wat[] =
    "(module\n"
    "  (import \"env\" \"pair\" (func $pair (param i32) (result i32 i64)))\n"
    "  (import \"env\" \"back\" (func $back (param i32) (result i32)))\n"
    "  (type $p (func (param i32) (result i32 i64)))\n"
    "  (table funcref (elem $pair))\n"
    "  (func $pad (param i32) (result i32 i64) (local i64 i64 i64)\n"
    "    (return_call $pair (i32.add (local.get 0) (i32.const 1))))\n"
    "  (func (export \"direct\") (param i32) (result i32 i64 i32)\n"
    "    (call $pad (local.get 0)) (i32.const 99))\n"
    "  (func (export \"indirect\") (param i32) (result i32 i64)\n"
    "    (local v128)\n"
    "    (return_call_indirect (type $p) (local.get 0) (i32.const 0)))\n"
    "  (func (export \"sq\") (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))\n"
    "  (func (export \"via-back\") (param i32) (result i32)\n"
    "    (i32.add (call $tail-back (local.get 0)) (i32.const 1)))\n"
    "  (func $tail-back (param i32) (result i32) (return_call $back (local.get 0))))\n";

static wf_instance *inst;

static wf_func *fn(const char *name)
{
    wf_extern e;
    return wf_instance_export(inst, name, &e) && e.kind == WF_EXTERN_FUNC ? e.of.func : NULL;
}

/* pair(x) = (x * 2, x + 2^40); traps for x = 13. */
static wf_trap *pair(wf_caller *c, void *env, const wf_val *args, wf_val *results)
{
    (void)c, (void)env;
    if (args[0].of.i32 == 13)
        return wf_trap_new(WF_TRAP_HOST, "thirteen");
    results[0].of.i32 = args[0].of.i32 * 2;
    results[1].of.i64 = args[0].of.i32 + ((int64_t)1 << 40);
    return NULL;
}

/* back(x) = sq(x) + 3, calling into the guest. */
static wf_trap *back(wf_caller *c, void *env, const wf_val *args, wf_val *results)
{
    (void)c, (void)env;
    wf_val r = {.kind = WF_I32};
    wf_trap *t = wf_func_call(fn("sq"), args, 1, &r, 1);
    if (t)
        return t;
    results[0].of.i32 = r.of.i32 + 3;
    return NULL;
}

static wf_module *load(const char *text, wf_error *err)
{
    uint8_t *bin;
    size_t n;
    if (!wf_wat_to_wasm(text, strlen(text), &bin, &n, err))
        return NULL;
    wf_module *m = wf_module_new(bin, n, err);
    free(bin);
    return m;
}

static void test_calls(void)
{
    wf_val a = {.kind = WF_I32, .of.i32 = 20}, r[3] = {{.kind = WF_I32}, {.kind = WF_I64}, {.kind = WF_I32}};
    wf_trap *t = wf_func_call(fn("direct"), &a, 1, r, 3);
    check(!t && r[0].of.i32 == 42 && r[1].of.i64 == 21 + ((int64_t)1 << 40) && r[2].of.i32 == 99,
          "return_call of a host: both results where the caller's go");
    wf_trap_free(t);
    a.of.i32 = 7;
    t = wf_func_call(fn("indirect"), &a, 1, r, 2);
    check(!t && r[0].of.i32 == 14 && r[1].of.i64 == 7 + ((int64_t)1 << 40),
          "return_call_indirect of a host, from the outermost frame");
    wf_trap_free(t);
    a.of.i32 = 12;
    t = wf_func_call(fn("direct"), &a, 1, r, 3);
    check(t && wf_trap_code(t) == WF_TRAP_HOST && !strcmp(wf_trap_message(t), "thirteen"),
          "a host trap in a tail call reaches the caller");
    wf_trap_free(t);
    a.of.i32 = 6;
    t = wf_func_call(fn("via-back"), &a, 1, r, 1);
    check(!t && r[0].of.i32 == 40, "a tail-called host calling back into the guest");
    wf_trap_free(t);
    for (int i = 0; i < 3; i++) {
        a.of.i32 = i;
        t = wf_func_call(fn("direct"), &a, 1, r, 3);
        check(!t && r[0].of.i32 == 2 * (i + 1), "repeated calls: the stack is back where it was");
        wf_trap_free(t);
    }
}

int main(void)
{
    wf_error err;
    wf_module *m = load(wat, &err);
    if (!m) {
        printf("FAIL load: %s\n", err.msg);
        return 1;
    }
    wf_store *s = wf_store_new();
    static const uint8_t i32[] = {WF_I32}, i32_i64[] = {WF_I32, WF_I64};
    static const wf_functype pair_ty = {1, 2, i32, i32_i64}, back_ty = {1, 1, i32, i32};
    wf_extern imps[2] = {
        {WF_EXTERN_FUNC, {.func = wf_func_new_host(s, &pair_ty, pair, NULL, NULL)}},
        {WF_EXTERN_FUNC, {.func = wf_func_new_host(s, &back_ty, back, NULL, NULL)}},
    };
    inst = wf_instance_new(s, m, imps, 2, &err);
    if (!inst) {
        printf("FAIL instantiate: %s\n", err.msg);
        return 1;
    }
    test_calls();
    wf_store_free(s);
    wf_module_free(m);
    if (failures)
        printf("test_tailcall: %d failures\n", failures);
    return failures != 0;
}

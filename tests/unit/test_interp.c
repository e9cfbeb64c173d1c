/* test_interp.c — the interpreter through the embedding API: results,
 * traps with the spec's wording, deep recursion trapping cleanly,
 * host functions calling back into guests (re-entrancy), multi-value. */
#include <stdio.h>
#include <string.h>

#include "weft.h"

/* Built from this text with `wat2wasm --debug-names`:
 * (module
 *   (import "host" "cb" (func $cb (param i32) (result i32)))
 *   (func $fac (export "fac") (param i64) (result i64)
 *     (if (result i64) (i64.eqz (local.get 0))
 *       (then (i64.const 1))
 *       (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1)))))))
 *   (func $deep (export "deep") (param i32) (result i32)
 *     (if (result i32) (i32.eqz (local.get 0))
 *       (then (i32.const 0))
 *       (else (i32.add (call $deep (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))))
 *   (func $div (export "div") (param i32 i32) (result i32)
 *     (i32.div_s (local.get 0) (local.get 1)))
 *   (func (export "viahost") (param i32) (result i32)
 *     (i32.add (call $cb (local.get 0)) (i32.const 1000)))
 *   (func (export "twice") (param i32) (result i32)
 *     (i32.mul (local.get 0) (i32.const 2)))
 *   (func (export "multi") (param i32 i32) (result i32 i32 i32)
 *     (local.get 1) (local.get 0)
 *     (block (param i32 i32) (result i32 i32 i32)
 *       (i32.const 7)
 *       (br 0)))
 *   (func (export "loop") (param i32) (result i32) (local i32)
 *     (block (loop
 *       (br_if 1 (i32.eqz (local.get 0)))
 *       (local.set 1 (i32.add (local.get 1) (local.get 0)))
 *       (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
 *       (br 0)))
 *     (local.get 1))
 * )
 */
static const unsigned char t_wasm[] = {
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x19, 0x04, 0x60,
  0x01, 0x7f, 0x01, 0x7f, 0x60, 0x01, 0x7e, 0x01, 0x7e, 0x60, 0x02, 0x7f,
  0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x03, 0x7f, 0x7f, 0x7f, 0x02,
  0x0b, 0x01, 0x04, 0x68, 0x6f, 0x73, 0x74, 0x02, 0x63, 0x62, 0x00, 0x00,
  0x03, 0x08, 0x07, 0x01, 0x00, 0x02, 0x00, 0x00, 0x03, 0x00, 0x07, 0x35,
  0x07, 0x03, 0x66, 0x61, 0x63, 0x00, 0x01, 0x04, 0x64, 0x65, 0x65, 0x70,
  0x00, 0x02, 0x03, 0x64, 0x69, 0x76, 0x00, 0x03, 0x07, 0x76, 0x69, 0x61,
  0x68, 0x6f, 0x73, 0x74, 0x00, 0x04, 0x05, 0x74, 0x77, 0x69, 0x63, 0x65,
  0x00, 0x05, 0x05, 0x6d, 0x75, 0x6c, 0x74, 0x69, 0x00, 0x06, 0x04, 0x6c,
  0x6f, 0x6f, 0x70, 0x00, 0x07, 0x0a, 0x78, 0x07, 0x15, 0x00, 0x20, 0x00,
  0x50, 0x04, 0x7e, 0x42, 0x01, 0x05, 0x20, 0x00, 0x20, 0x00, 0x42, 0x01,
  0x7d, 0x10, 0x01, 0x7e, 0x0b, 0x0b, 0x15, 0x00, 0x20, 0x00, 0x45, 0x04,
  0x7f, 0x41, 0x00, 0x05, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x10, 0x02, 0x41,
  0x01, 0x6a, 0x0b, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6d, 0x0b,
  0x0a, 0x00, 0x20, 0x00, 0x10, 0x00, 0x41, 0xe8, 0x07, 0x6a, 0x0b, 0x07,
  0x00, 0x20, 0x00, 0x41, 0x02, 0x6c, 0x0b, 0x0d, 0x00, 0x20, 0x01, 0x20,
  0x00, 0x02, 0x03, 0x41, 0x07, 0x0c, 0x00, 0x0b, 0x0b, 0x21, 0x01, 0x01,
  0x7f, 0x02, 0x40, 0x03, 0x40, 0x20, 0x00, 0x45, 0x0d, 0x01, 0x20, 0x01,
  0x20, 0x00, 0x6a, 0x21, 0x01, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x21, 0x00,
  0x0c, 0x00, 0x0b, 0x0b, 0x20, 0x01, 0x0b, 0x00, 0x2f, 0x04, 0x6e, 0x61,
  0x6d, 0x65, 0x01, 0x15, 0x04, 0x00, 0x02, 0x63, 0x62, 0x01, 0x03, 0x66,
  0x61, 0x63, 0x02, 0x04, 0x64, 0x65, 0x65, 0x70, 0x03, 0x03, 0x64, 0x69,
  0x76, 0x02, 0x11, 0x08, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00, 0x03, 0x00,
  0x04, 0x00, 0x05, 0x00, 0x06, 0x00, 0x07, 0x00
};
static const unsigned int t_wasm_len = 284;

static int failures;

#define CHECK(cond) do { if (!(cond)) { failures++; \
    fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); } } while (0)

static wf_val i32(int32_t x) { wf_val v; memset(&v, 0, sizeof v); v.kind = WF_I32; v.of.i32 = x; return v; }
static wf_val i64(int64_t x) { wf_val v; memset(&v, 0, sizeof v); v.kind = WF_I64; v.of.i64 = x; return v; }

static wf_func *export_func(wf_instance *inst, const char *name) {
    wf_extern e;
    if (!wf_instance_export(inst, name, &e) || e.kind != WF_EXTERN_FUNC) return NULL;
    return e.of.func;
}

/* Host import: calls back into the guest that called it. */
static wf_trap *cb(wf_caller *caller, void *env, const wf_val *args, wf_val *results) {
    (void)env;
    wf_instance *inst = wf_caller_instance(caller);
    wf_val r[1];
    wf_trap *t;
    if (args[0].of.i32 == -1) {
        wf_val a[2] = { i32(1), i32(0) };
        t = wf_func_call(export_func(inst, "div"), a, 2, r, 1);
    } else if (args[0].of.i32 == -3) {
        /* guest -> host -> guest -> host ... without end */
        wf_val a[1] = { i32(-3) };
        t = wf_func_call(export_func(inst, "viahost"), a, 1, r, 1);
    } else if (args[0].of.i32 == -2) {
        wf_val a[1] = { i32(1000000) };
        t = wf_func_call(export_func(inst, "deep"), a, 1, r, 1);
    } else {
        wf_val a[1] = { args[0] };
        t = wf_func_call(export_func(inst, "twice"), a, 1, r, 1);
    }
    if (t) return t;
    results[0] = r[0];
    return NULL;
}

static void expect_trap(wf_trap *t, const char *msg) {
    CHECK(t != NULL);
    if (!t) return;
    if (strcmp(wf_trap_message(t), msg) != 0)
        fprintf(stderr, "trap message %s, want %s\n", wf_trap_message(t), msg);
    CHECK(strcmp(wf_trap_message(t), msg) == 0);
    wf_trap_free(t);
}

int main(void) {
    wf_error err;
    wf_module *m = wf_module_new(t_wasm, t_wasm_len, &err);
    if (!m) { fprintf(stderr, "load: %s\n", err.msg); return 1; }
    wf_store *store = wf_store_new();
    uint8_t p[] = { WF_I32 }, r[] = { WF_I32 };
    wf_functype ty = { 1, 1, p, r };
    wf_extern imp = { WF_EXTERN_FUNC, { .func = wf_func_new_host(store, &ty, cb, NULL, NULL) } };
    wf_instance *inst = wf_instance_new(store, m, &imp, 1, &err);
    if (!inst) { fprintf(stderr, "instantiate: %s\n", err.msg); return 1; }

    wf_val res[3];
    wf_val a1[1] = { i64(20) };
    CHECK(wf_func_call(export_func(inst, "fac"), a1, 1, res, 1) == NULL);
    CHECK(res[0].of.i64 == 2432902008176640000LL);

    /* A million frames deep: a clean trap, and the store stays usable. */
    wf_val a2[1] = { i32(1000000) };
    expect_trap(wf_func_call(export_func(inst, "deep"), a2, 1, res, 1), "call stack exhausted");
    wf_val a3[1] = { i32(10000) };
    CHECK(wf_func_call(export_func(inst, "deep"), a3, 1, res, 1) == NULL);
    CHECK(res[0].of.i32 == 10000);

    wf_val a4[2] = { i32(INT32_MIN), i32(-1) };
    expect_trap(wf_func_call(export_func(inst, "div"), a4, 2, res, 1), "integer overflow");
    a4[1] = i32(0);
    wf_trap *t = wf_func_call(export_func(inst, "div"), a4, 2, res, 1);
    CHECK(t && strstr(wf_trap_backtrace(t), "div") != NULL);
    expect_trap(t, "integer divide by zero");

    /* Re-entrancy: guest -> host -> guest, and traps passing through. */
    wf_val a5[1] = { i32(21) };
    CHECK(wf_func_call(export_func(inst, "viahost"), a5, 1, res, 1) == NULL);
    CHECK(res[0].of.i32 == 1042);
    a5[0] = i32(-1);
    expect_trap(wf_func_call(export_func(inst, "viahost"), a5, 1, res, 1), "integer divide by zero");
    a5[0] = i32(-2);
    expect_trap(wf_func_call(export_func(inst, "viahost"), a5, 1, res, 1), "call stack exhausted");
    a5[0] = i32(-3);
    expect_trap(wf_func_call(export_func(inst, "viahost"), a5, 1, res, 1), "call stack exhausted");
    a5[0] = i32(5);
    CHECK(wf_func_call(export_func(inst, "viahost"), a5, 1, res, 1) == NULL);
    CHECK(res[0].of.i32 == 1010);

    wf_val a6[2] = { i32(1), i32(2) };
    CHECK(wf_func_call(export_func(inst, "multi"), a6, 2, res, 3) == NULL);
    CHECK(res[0].of.i32 == 2 && res[1].of.i32 == 1 && res[2].of.i32 == 7);

    wf_val a7[1] = { i32(100) };
    CHECK(wf_func_call(export_func(inst, "loop"), a7, 1, res, 1) == NULL);
    CHECK(res[0].of.i32 == 5050);

    wf_store_free(store);
    wf_module_free(m);
    if (failures) fprintf(stderr, "%d checks failed\n", failures);
    return failures != 0;
}

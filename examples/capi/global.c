/* global: globals made by the host, imported, exported, read and written
 * from the host and from the guest. */
#include <inttypes.h>
#include <stdio.h>

#include "example.h"

static void call(wasm_func_t *f, wasm_val_t *args, size_t nargs, wasm_val_t *results, size_t nres) {
    wasm_val_vec_t a = {nargs, args}, r = {nres, results};
    wasm_trap_t *trap = wasm_func_call(f, &a, &r);
    if (trap) example_fail("call trapped");
}

int main(void) {
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = example_load(store, "global.wasm");

    wasm_globaltype_t *ticks_type = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_VAR);
    wasm_globaltype_t *scale_type = wasm_globaltype_new(wasm_valtype_new_f64(), WASM_CONST);
    wasm_val_t ticks0 = WASM_I64_VAL(100), scale0 = WASM_F64_VAL(2.5);
    wasm_global_t *ticks = wasm_global_new(store, ticks_type, &ticks0);
    wasm_global_t *scale = wasm_global_new(store, scale_type, &scale0);
    wasm_globaltype_delete(ticks_type);
    wasm_globaltype_delete(scale_type);

    wasm_extern_t *imports_data[] = {wasm_global_as_extern(ticks), wasm_global_as_extern(scale)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(imports_data);
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    if (!instance) example_fail("instantiation failed");

    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_global_t *total = wasm_extern_as_global(example_export(&exports, 0, WASM_EXTERN_GLOBAL));
    wasm_global_t *answer = wasm_extern_as_global(example_export(&exports, 1, WASM_EXTERN_GLOBAL));
    wasm_func_t *tick = wasm_extern_as_func(example_export(&exports, 2, WASM_EXTERN_FUNC));
    wasm_func_t *accumulate = wasm_extern_as_func(example_export(&exports, 3, WASM_EXTERN_FUNC));
    wasm_func_t *read_total = wasm_extern_as_func(example_export(&exports, 4, WASM_EXTERN_FUNC));

    wasm_globaltype_t *gt = wasm_global_type(total);
    printf("total: %s f64? %s\n", wasm_globaltype_mutability(gt) == WASM_VAR ? "var" : "const",
           wasm_valtype_kind(wasm_globaltype_content(gt)) == WASM_F64 ? "yes" : "no");
    wasm_globaltype_delete(gt);

    wasm_val_t v;
    wasm_global_get(answer, &v);
    printf("answer = %" PRId32 "\n", v.of.i32);

    /* The guest bumps the host's global; the host sees it, and back. */
    wasm_val_t r[1] = {WASM_INIT_VAL};
    call(tick, NULL, 0, r, 1);
    call(tick, NULL, 0, r, 1);
    wasm_global_get(ticks, &v);
    printf("after two ticks: guest %" PRId64 ", host %" PRId64 "\n", r[0].of.i64, v.of.i64);
    wasm_val_t t1000 = WASM_I64_VAL(1000);
    wasm_global_set(ticks, &t1000);
    call(tick, NULL, 0, r, 1);
    printf("after host set 1000 and a tick: %" PRId64 "\n", r[0].of.i64);

    wasm_val_t x[1] = {WASM_F64_VAL(4.0)};
    call(accumulate, x, 1, NULL, 0);
    wasm_global_get(total, &v);
    printf("total after accumulate(4.0) = %g\n", v.of.f64);
    wasm_val_t t10 = WASM_F64_VAL(10.25);
    wasm_global_set(total, &t10);
    call(read_total, NULL, 0, r, 1);
    printf("guest reads total = %g\n", r[0].of.f64);

    /* A const global ignores writes. */
    wasm_val_t s9 = WASM_F64_VAL(9.0);
    wasm_global_set(scale, &s9);
    wasm_global_get(scale, &v);
    printf("const scale stays %g\n", v.of.f64);

    wasm_global_t *copy = wasm_global_copy(total);
    printf("copy is the same global: %s\n", wasm_global_same(copy, total) ? "yes" : "no");
    wasm_global_delete(copy);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_global_delete(ticks);
    wasm_global_delete(scale);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    return 0;
}

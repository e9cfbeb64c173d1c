/* multi: functions with several results, both guest and host. */
#include <inttypes.h>
#include <stdio.h>

#include "example.h"

static wasm_trap_t *divmod_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
    int32_t a = args->data[0].of.i32, b = args->data[1].of.i32;
    if (b == 0) {
        wasm_message_t msg;
        wasm_name_new_from_string_nt(&msg, "divmod by zero");
        wasm_trap_t *t = wasm_trap_new(NULL, &msg);
        wasm_name_delete(&msg);
        return t;
    }
    results->data[0].of.i32 = a / b;
    results->data[1].of.i32 = a % b;
    return NULL;
}

int main(void) {
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = example_load(store, "multi.wasm");

    wasm_functype_t *t = wasm_functype_new_2_2(wasm_valtype_new_i32(), wasm_valtype_new_i32(),
                                               wasm_valtype_new_i32(), wasm_valtype_new_i32());
    wasm_func_t *divmod = wasm_func_new(store, t, divmod_cb);
    wasm_functype_delete(t);
    wasm_extern_t *imports_data[] = {wasm_func_as_extern(divmod)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(imports_data);
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    if (!instance) example_fail("instantiation failed");

    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_func_t *swap3 = wasm_extern_as_func(example_export(&exports, 0, WASM_EXTERN_FUNC));
    wasm_func_t *divmod_sum = wasm_extern_as_func(example_export(&exports, 1, WASM_EXTERN_FUNC));

    wasm_val_t a[3] = {WASM_I32_VAL(-5), WASM_I64_VAL(1234567890123), WASM_F64_VAL(0.125)};
    wasm_val_t r[3] = {WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL};
    wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
    if (wasm_func_call(swap3, &av, &rv)) example_fail("swap3 trapped");
    printf("swap3 -> %g %" PRId64 " %" PRId32 " (kinds %d %d %d)\n", r[0].of.f64, r[1].of.i64,
           r[2].of.i32, r[0].kind, r[1].kind, r[2].kind);

    wasm_val_t b[2] = {WASM_I32_VAL(47), WASM_I32_VAL(5)};
    wasm_val_vec_t bv = WASM_ARRAY_VEC(b);
    if (wasm_func_call(divmod_sum, &bv, &rv)) example_fail("divmod_sum trapped");
    printf("divmod_sum(47, 5) -> %" PRId32 " %" PRId32 " %" PRId32 "\n", r[0].of.i32, r[1].of.i32, r[2].of.i32);

    b[1].of.i32 = 0;
    wasm_trap_t *trap = wasm_func_call(divmod_sum, &bv, &rv);
    wasm_message_t msg;
    if (trap) {
        wasm_trap_message(trap, &msg);
        printf("divmod_sum(47, 0) -> trap \"%s\"\n", msg.data);
        wasm_byte_vec_delete(&msg);
        wasm_trap_delete(trap);
    }

    wasm_val_t c[2] = {WASM_I32_VAL(9), WASM_I32_VAL(4)};
    wasm_val_vec_t cv = WASM_ARRAY_VEC(c), cr = {2, r};
    if (wasm_func_call(divmod, &cv, &cr)) example_fail("divmod trapped");
    printf("host divmod(9, 4) called directly -> %" PRId32 " %" PRId32 "\n", r[0].of.i32, r[1].of.i32);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    return 0;
}

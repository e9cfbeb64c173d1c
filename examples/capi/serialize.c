/* serialize: a compiled module saved to bytes, the original dropped, and
 * the bytes loaded again, here and in another store. */
#include <inttypes.h>
#include <stdio.h>

#include "example.h"

static int64_t fib(wasm_store_t *store, wasm_module_t *module, int32_t n) {
    wasm_extern_vec_t none = WASM_EMPTY_VEC;
    wasm_instance_t *inst = wasm_instance_new(store, module, &none, NULL);
    if (!inst) example_fail("instantiation failed");
    wasm_extern_vec_t exports;
    wasm_instance_exports(inst, &exports);
    wasm_val_t a[1] = {WASM_I32_VAL(n)}, r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
    if (wasm_func_call(wasm_extern_as_func(exports.data[0]), &av, &rv)) example_fail("fib trapped");
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(inst);
    return r[0].of.i64;
}

int main(void) {
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = example_load(store, "serialize.wasm");
    printf("fib(50) from the original: %" PRId64 "\n", fib(store, module, 50));

    wasm_byte_vec_t saved;
    wasm_module_serialize(module, &saved);
    printf("serialized: %s\n", saved.size > 0 ? "some bytes" : "nothing");
    wasm_module_delete(module);

    wasm_module_t *again = wasm_module_deserialize(store, &saved);
    if (!again) example_fail("deserialize failed");
    printf("fib(60) from the deserialized module: %" PRId64 "\n", fib(store, again, 60));

    wasm_store_t *other = wasm_store_new(engine);
    wasm_module_t *elsewhere = wasm_module_deserialize(other, &saved);
    printf("fib(10) in another store: %" PRId64 "\n", fib(other, elsewhere, 10));

    /* Damaged bytes are refused cleanly. */
    saved.data[0] = 'X';
    wasm_module_t *bad = wasm_module_deserialize(store, &saved);
    printf("damaged bytes: %s\n", bad ? "accepted" : "refused");
    printf("validate damaged bytes: %s\n", wasm_module_validate(store, &saved) ? "valid" : "invalid");
    wasm_byte_vec_delete(&saved);

    wasm_module_delete(elsewhere);
    wasm_module_delete(again);
    wasm_store_delete(other);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    return 0;
}

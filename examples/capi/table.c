/* table: a funcref table read, written and grown by the host, holding
 * guest and host functions that the guest calls indirectly. */
#include <inttypes.h>
#include <stdio.h>

#include "example.h"

static wasm_trap_t *mul_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
    results->data[0].kind = WASM_I32;
    results->data[0].of.i32 = args->data[0].of.i32 * args->data[1].of.i32;
    return NULL;
}

static wasm_func_t *apply;

static void try_apply(int32_t op, int32_t a, int32_t b) {
    wasm_val_t args[3] = {WASM_I32_VAL(op), WASM_I32_VAL(a), WASM_I32_VAL(b)};
    wasm_val_t res[1] = {WASM_INIT_VAL};
    wasm_val_vec_t av = WASM_ARRAY_VEC(args), rv = WASM_ARRAY_VEC(res);
    wasm_trap_t *trap = wasm_func_call(apply, &av, &rv);
    if (!trap) {
        printf("apply(%" PRId32 ", %" PRId32 ", %" PRId32 ") = %" PRId32 "\n", op, a, b, res[0].of.i32);
        return;
    }
    wasm_message_t msg;
    wasm_trap_message(trap, &msg);
    printf("apply(%" PRId32 ", ...) traps: %s\n", op, msg.data);
    wasm_byte_vec_delete(&msg);
    wasm_trap_delete(trap);
}

int main(void) {
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = example_load(store, "table.wasm");
    wasm_extern_vec_t imports = WASM_EMPTY_VEC;
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    if (!instance) example_fail("instantiation failed");

    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_table_t *ops = wasm_extern_as_table(example_export(&exports, 0, WASM_EXTERN_TABLE));
    wasm_func_t *add = wasm_extern_as_func(example_export(&exports, 1, WASM_EXTERN_FUNC));
    wasm_func_t *sub = wasm_extern_as_func(example_export(&exports, 2, WASM_EXTERN_FUNC));
    apply = wasm_extern_as_func(example_export(&exports, 3, WASM_EXTERN_FUNC));

    printf("table size %" PRIu32 "\n", wasm_table_size(ops));
    for (wasm_table_size_t i = 0; i < 3; i++) {
        wasm_ref_t *r = wasm_table_get(ops, i);
        const char *what = !r ? "null" : wasm_ref_same(r, wasm_func_as_ref(add)) ? "add"
                         : wasm_ref_same(r, wasm_func_as_ref(sub)) ? "sub" : "other";
        printf("slot %" PRIu32 ": %s\n", i, what);
        if (r) wasm_ref_delete(r);
    }
    try_apply(0, 7, 5);
    try_apply(1, 7, 5);
    try_apply(2, 7, 5);

    wasm_functype_t *t = wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_i32(),
                                               wasm_valtype_new_i32());
    wasm_func_t *mul = wasm_func_new(store, t, mul_cb);
    wasm_functype_delete(t);
    printf("set slot 2 to a host function: %s\n", wasm_table_set(ops, 2, wasm_func_as_ref(mul)) ? "ok" : "failed");
    try_apply(2, 7, 5);
    printf("swap slots 0 and 1\n");
    wasm_table_set(ops, 0, wasm_func_as_ref(sub));
    wasm_table_set(ops, 1, wasm_func_as_ref(add));
    try_apply(0, 7, 5);
    try_apply(1, 7, 5);
    printf("set out of bounds: %s\n", wasm_table_set(ops, 3, NULL) ? "ok" : "refused");

    bool grown = wasm_table_grow(ops, 2, wasm_func_as_ref(add));
    printf("grow by 2 with add: %s, size %" PRIu32 "\n", grown ? "ok" : "failed", wasm_table_size(ops));
    try_apply(4, 20, 22);
    try_apply(5, 0, 0);
    printf("grow past the maximum: %s\n", wasm_table_grow(ops, 4, NULL) ? "ok" : "refused");

    wasm_limits_t limits = {1, 2};
    wasm_tabletype_t *tt = wasm_tabletype_new(wasm_valtype_new_funcref(), &limits);
    wasm_table_t *mine = wasm_table_new(store, tt, wasm_func_as_ref(mul));
    wasm_tabletype_delete(tt);
    wasm_ref_t *first = wasm_table_get(mine, 0);
    printf("host table: size %" PRIu32 ", slot 0 is mul: %s\n", wasm_table_size(mine),
           first && wasm_ref_same(first, wasm_func_as_ref(mul)) ? "yes" : "no");
    wasm_ref_delete(first);
    wasm_table_delete(mine);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_func_delete(mul);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    return 0;
}

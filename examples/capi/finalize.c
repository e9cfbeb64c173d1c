/* finalize: host info with finalizers on instances, functions and foreign
 * objects, and environment finalizers; all run when the store goes. */
#include <inttypes.h>
#include <stdio.h>

#include "example.h"

enum { ROUNDS = 2000 };
static int live;

static void finalize(void *info) {
    (void)info;
    live--;
}

static wasm_trap_t *nop_cb(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
    return NULL;
}

static void fill(wasm_store_t *store, wasm_module_t *module) {
    wasm_functype_t *ft = wasm_functype_new_0_0();
    for (int i = 0; i < ROUNDS; i++) {
        wasm_extern_vec_t none = WASM_EMPTY_VEC;
        wasm_instance_t *inst = wasm_instance_new(store, module, &none, NULL);
        if (!inst) example_fail("instantiation failed");
        wasm_instance_set_host_info_with_finalizer(inst, (void *)(intptr_t)i, finalize);
        live++;
        wasm_instance_delete(inst);

        wasm_func_t *f = wasm_func_new_with_env(store, ft, nop_cb, (void *)(intptr_t)i, finalize);
        live++;
        wasm_func_delete(f);

        wasm_foreign_t *obj = wasm_foreign_new(store);
        wasm_foreign_set_host_info_with_finalizer(obj, (void *)(intptr_t)i, finalize);
        live++;
        wasm_foreign_delete(obj);
    }
    wasm_functype_delete(ft);
}

int main(void) {
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store1 = wasm_store_new(engine);
    wasm_store_t *store2 = wasm_store_new(engine);
    wasm_module_t *module = example_load(store1, "finalize.wasm");

    fill(store1, module);
    printf("after filling store 1: %d live\n", live);
    fill(store2, module);
    printf("after filling store 2: %d live\n", live);

    /* A module handle carries host info of its own. */
    wasm_module_t *copy = wasm_module_copy(module);
    wasm_module_set_host_info_with_finalizer(copy, NULL, finalize);
    live++;
    printf("module copy is the same module: %s\n", wasm_module_same(copy, module) ? "yes" : "no");
    wasm_module_delete(copy);
    printf("after deleting the module copy: %d live\n", live);

    wasm_module_delete(module);
    wasm_store_delete(store2);
    printf("after deleting store 2: %d live\n", live);
    wasm_store_delete(store1);
    printf("after deleting store 1: %d live\n", live);
    wasm_engine_delete(engine);
    return live == 0 ? 0 : 1;
}

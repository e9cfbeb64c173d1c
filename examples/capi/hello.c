/* hello: a host callback that reads a string out of the guest's memory.
 * The callback's environment learns the memory after instantiation. */
#include <stdio.h>
#include <string.h>

#include "example.h"

typedef struct { wasm_memory_t *memory; } host_state;

static wasm_trap_t *print_cb(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
    host_state *st = env;
    uint32_t ptr = (uint32_t)args->data[0].of.i32, len = (uint32_t)args->data[1].of.i32;
    if ((size_t)ptr + len > wasm_memory_data_size(st->memory)) {
        wasm_name_t msg;
        wasm_name_new_from_string_nt(&msg, "string out of bounds");
        wasm_trap_t *trap = wasm_trap_new(NULL, &msg);
        wasm_name_delete(&msg);
        return trap;
    }
    printf("guest says: %.*s\n", (int)len, wasm_memory_data(st->memory) + ptr);
    return NULL;
}

int main(void) {
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = example_load(store, "hello.wasm");

    host_state st = {NULL};
    wasm_functype_t *type = wasm_functype_new_2_0(wasm_valtype_new_i32(), wasm_valtype_new_i32());
    wasm_func_t *print = wasm_func_new_with_env(store, type, print_cb, &st, NULL);
    wasm_functype_delete(type);

    wasm_extern_t *imports_data[] = {wasm_func_as_extern(print)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(imports_data);
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    if (!instance) example_fail("instantiation failed");

    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    st.memory = wasm_extern_as_memory(example_export(&exports, 0, WASM_EXTERN_MEMORY));
    wasm_func_t *run = wasm_extern_as_func(example_export(&exports, 1, WASM_EXTERN_FUNC));

    wasm_val_vec_t none = WASM_EMPTY_VEC;
    wasm_trap_t *trap = wasm_func_call(run, &none, &none);
    printf("run: %s\n", trap ? "trapped" : "ok");
    if (trap) wasm_trap_delete(trap);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_func_delete(print);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    return 0;
}

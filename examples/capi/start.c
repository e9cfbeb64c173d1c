/* start: the start function runs during instantiation; a trap there makes
 * wasm_instance_new fail and hands the trap to the host. */
#include <stdio.h>

#include "example.h"

static int starts;

static wasm_trap_t *started_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
    starts++;
    return NULL;
}

static void instantiate(wasm_store_t *store, wasm_module_t *module, int32_t should_fail) {
    wasm_functype_t *ft = wasm_functype_new_0_0();
    wasm_func_t *started = wasm_func_new(store, ft, started_cb);
    wasm_functype_delete(ft);
    wasm_globaltype_t *gt = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
    wasm_val_t v = WASM_I32_VAL(should_fail);
    wasm_global_t *flag = wasm_global_new(store, gt, &v);
    wasm_globaltype_delete(gt);

    wasm_extern_t *imports_data[] = {wasm_global_as_extern(flag), wasm_func_as_extern(started)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(imports_data);
    wasm_trap_t *trap = NULL;
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, &trap);
    printf("should_fail=%d: instance %s, trap %s, start ran %d time(s) so far\n", should_fail,
           instance ? "made" : "not made", trap ? "reported" : "none", starts);
    if (trap) {
        wasm_message_t msg;
        wasm_trap_message(trap, &msg);
        printf("  message: %s\n", msg.data);
        wasm_byte_vec_delete(&msg);
        wasm_trap_delete(trap);
    }
    wasm_instance_delete(instance);
}

int main(void) {
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = example_load(store, "start.wasm");

    instantiate(store, module, 0);
    instantiate(store, module, 1);
    instantiate(store, module, 0);

    /* Missing imports are reported the same way. */
    wasm_extern_vec_t none = WASM_EMPTY_VEC;
    wasm_trap_t *trap = NULL;
    wasm_instance_t *instance = wasm_instance_new(store, module, &none, &trap);
    printf("no imports: instance %s, trap %s\n", instance ? "made" : "not made", trap ? "reported" : "none");
    wasm_trap_delete(trap);

    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    return 0;
}

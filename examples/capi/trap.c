/* trap: guest faults and host traps come back as wasm_trap_t with a
 * message and, where the engine recorded one, the guest frames. */
#include <inttypes.h>
#include <stdio.h>

#include "example.h"

static wasm_trap_t *fail_cb(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
    char text[64];
    snprintf(text, sizeof text, "host refused code %" PRId32, args->data[0].of.i32);
    wasm_message_t msg;
    wasm_name_new_from_string_nt(&msg, text);
    wasm_trap_t *trap = wasm_trap_new((wasm_store_t *)env, &msg);
    wasm_name_delete(&msg);
    return trap;
}

/* Calls f and reports the trap; `origin` is the function index the
 * innermost frame must name when the engine records frames. show_trace
 * prints the frames (guest faults always record them). */
static void run(const char *name, wasm_func_t *f, int32_t a, int32_t b, uint32_t origin,
                bool show_trace) {
    wasm_val_t args[2] = {WASM_I32_VAL(a), WASM_I32_VAL(b)};
    wasm_val_t res[1] = {WASM_INIT_VAL};
    wasm_val_vec_t av = {wasm_func_param_arity(f), args}, rv = {wasm_func_result_arity(f), res};
    wasm_trap_t *trap = wasm_func_call(f, &av, &rv);
    if (!trap) {
        printf("%s: returned %" PRId32 "\n", name, res[0].of.i32);
        return;
    }
    wasm_message_t msg;
    wasm_trap_message(trap, &msg);
    printf("%s: trap \"%s\"\n", name, msg.data);
    wasm_byte_vec_delete(&msg);

    wasm_frame_t *frame = wasm_trap_origin(trap);
    wasm_frame_vec_t trace;
    wasm_trap_trace(trap, &trace);
    bool ok = !frame || (wasm_frame_func_index(frame) == origin && trace.size > 0 &&
                         wasm_frame_func_index(trace.data[0]) == origin);
    printf("%s: origin %s\n", name, ok ? "consistent" : "WRONG");
    if (show_trace) {
        printf("%s: trace", name);
        for (size_t i = 0; i < trace.size; i++) printf(" func %" PRIu32, wasm_frame_func_index(trace.data[i]));
        printf("\n");
    }
    wasm_frame_delete(frame);
    wasm_frame_vec_delete(&trace);

    wasm_trap_t *copy = wasm_trap_copy(trap);
    wasm_trap_delete(trap);
    wasm_trap_message(copy, &msg);
    printf("%s: copy says \"%s\"\n", name, msg.data);
    wasm_byte_vec_delete(&msg);
    wasm_trap_delete(copy);
}

int main(void) {
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = example_load(store, "trap.wasm");

    wasm_functype_t *t = wasm_functype_new_1_0(wasm_valtype_new_i32());
    wasm_func_t *fail = wasm_func_new_with_env(store, t, fail_cb, store, NULL);
    wasm_functype_delete(t);
    wasm_extern_t *imports_data[] = {wasm_func_as_extern(fail)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(imports_data);
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    if (!instance) example_fail("instantiation failed");

    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_func_t *divide = wasm_extern_as_func(example_export(&exports, 0, WASM_EXTERN_FUNC));
    wasm_func_t *crash = wasm_extern_as_func(example_export(&exports, 1, WASM_EXTERN_FUNC));
    wasm_func_t *host_fail = wasm_extern_as_func(example_export(&exports, 2, WASM_EXTERN_FUNC));
    wasm_func_t *deep = wasm_extern_as_func(example_export(&exports, 3, WASM_EXTERN_FUNC));

    run("divide 7/2", divide, 7, 2, 1, true);
    run("divide 7/0", divide, 7, 0, 1, true);
    run("divide min/-1", divide, INT32_MIN, -1, 1, true);
    run("crash", crash, 0, 0, 2, true);
    run("deep", deep, 0, 0, 2, true);
    run("host_fail", host_fail, 0, 0, 3, false);
    run("divide after traps", divide, 9, 3, 1, true);

    /* Too few arguments is reported as a trap, not a crash. */
    wasm_val_vec_t none = WASM_EMPTY_VEC;
    wasm_trap_t *trap = wasm_func_call(divide, &none, &none);
    printf("call without arguments: %s\n", trap ? "trap" : "no trap");
    wasm_trap_delete(trap);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    return 0;
}

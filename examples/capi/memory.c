/* memory: an exported memory read, written and grown by host and guest,
 * plus a memory made by the host. */
#include <inttypes.h>
#include <stdio.h>

#include "example.h"

static wasm_func_t *peek, *poke, *pages, *grow;

/* Calls f; prints and returns -1 if it traps. */
static int32_t call(wasm_func_t *f, int32_t a, int32_t b, size_t nargs) {
    wasm_val_t args[2] = {WASM_I32_VAL(a), WASM_I32_VAL(b)};
    wasm_val_t res[1] = {WASM_INIT_VAL};
    wasm_val_vec_t av = {nargs, args}, rv = {wasm_func_result_arity(f), res};
    wasm_trap_t *trap = wasm_func_call(f, &av, &rv);
    if (!trap) return rv.size ? res[0].of.i32 : 0;
    wasm_message_t msg;
    wasm_trap_message(trap, &msg);
    printf("  trap: %s\n", msg.data);
    wasm_byte_vec_delete(&msg);
    wasm_trap_delete(trap);
    return -1;
}

int main(void) {
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = example_load(store, "memory.wasm");
    wasm_extern_vec_t imports = WASM_EMPTY_VEC;
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    if (!instance) example_fail("instantiation failed");

    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_memory_t *mem = wasm_extern_as_memory(example_export(&exports, 0, WASM_EXTERN_MEMORY));
    peek = wasm_extern_as_func(example_export(&exports, 1, WASM_EXTERN_FUNC));
    poke = wasm_extern_as_func(example_export(&exports, 2, WASM_EXTERN_FUNC));
    pages = wasm_extern_as_func(example_export(&exports, 3, WASM_EXTERN_FUNC));
    grow = wasm_extern_as_func(example_export(&exports, 4, WASM_EXTERN_FUNC));

    byte_t *data = wasm_memory_data(mem);
    printf("size %" PRIu32 " pages, %zu bytes\n", wasm_memory_size(mem), wasm_memory_data_size(mem));
    printf("data segment: %d %d %d %d\n", data[100], data[101], data[102], data[103]);

    data[200] = 99;
    printf("guest peeks the host's write: %d\n", call(peek, 200, 0, 1));
    call(poke, 201, 77, 2);
    printf("host sees the guest's write: %d\n", data[201]);

    printf("peek past the end:\n");
    call(peek, 65536, 0, 1);

    printf("host grows by 1: %s\n", wasm_memory_grow(mem, 1) ? "ok" : "failed");
    printf("guest grows by 1: old size %d\n", call(grow, 1, 0, 1));
    printf("guest sees %d pages, host %" PRIu32 "\n", call(pages, 0, 0, 0), wasm_memory_size(mem));
    printf("grow past the maximum: %s\n", wasm_memory_grow(mem, 1) ? "ok" : "refused");
    call(poke, 3 * 65536 - 1, 5, 2);
    printf("last byte after growth: %d (same data pointer: %s)\n",
           wasm_memory_data(mem)[3 * 65536 - 1], wasm_memory_data(mem) == data ? "yes" : "no");

    wasm_memorytype_t *mt = wasm_memory_type(mem);
    const wasm_limits_t *l = wasm_memorytype_limits(mt);
    printf("type now: min %" PRIu32 " max %" PRIu32 "\n", l->min, l->max);
    wasm_memorytype_delete(mt);

    wasm_limits_t limits = {2, wasm_limits_max_default};
    wasm_memorytype_t *own_type = wasm_memorytype_new(&limits);
    wasm_memory_t *own_mem = wasm_memory_new(store, own_type);
    wasm_memorytype_delete(own_type);
    printf("host memory: %" PRIu32 " pages\n", wasm_memory_size(own_mem));
    bool grown = wasm_memory_grow(own_mem, 3);
    printf("grows by 3: %s, now %" PRIu32 "\n", grown ? "yes" : "no", wasm_memory_size(own_mem));
    wasm_memory_delete(own_mem);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    return 0;
}

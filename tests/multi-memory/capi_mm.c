/* capi_mm.c — several memories through the standard C API (wasm.h):
 * host-made memories imported as a module's memories 0 and 1 next to one
 * it defines, every one exported and found again by index, written by
 * the guest and read by the host and the other way round, grown from
 * both sides. Prints "ok" or the first failed check; exit status 1 then. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm.h"
#include "weft.h"

static const char wat[] =
    "(module\n"
    "  (import \"h\" \"a\" (memory $a 1))\n"
    "  (import \"h\" \"b\" (memory $b 1 3))\n"
    "  (memory $c (export \"c\") 2)\n"
    "  (export \"a\" (memory $a))\n"
    "  (export \"b\" (memory $b))\n"
    "  (func (export \"poke\") (param i32 i32 i32)\n"
    "    (if (i32.eqz (local.get 0)) (then (i32.store8 $a (local.get 1) (local.get 2))))\n"
    "    (if (i32.eq (local.get 0) (i32.const 1)) (then (i32.store8 $b (local.get 1) (local.get 2))))\n"
    "    (if (i32.eq (local.get 0) (i32.const 2)) (then (i32.store8 $c (local.get 1) (local.get 2)))))\n"
    "  (func (export \"peek_b\") (param i32) (result i32) (i32.load8_u $b (local.get 0)))\n"
    "  (func (export \"size_b\") (result i32) (memory.size $b)))\n";

static int failures;
#define CHECK(c) do { if (!(c)) { printf("FAIL line %d: %s\n", __LINE__, #c); failures++; } } while (0)

static wasm_trap_t *call(wasm_func_t *f, int32_t *args, size_t n, int32_t *result) {
    wasm_val_t a[3], r[1] = {WASM_INIT_VAL};
    for (size_t i = 0; i < n; i++) a[i] = (wasm_val_t)WASM_I32_VAL(args[i]);
    wasm_val_vec_t av = {n, a}, rv = {wasm_func_result_arity(f), r};
    wasm_trap_t *t = wasm_func_call(f, &av, &rv);
    if (!t && result) *result = r[0].of.i32;
    return t;
}

static wasm_extern_t *export_named(const wasm_module_t *m, wasm_extern_vec_t *ex, const char *name) {
    wasm_exporttype_vec_t types;
    wasm_module_exports(m, &types);
    wasm_extern_t *found = NULL;
    for (size_t i = 0; i < types.size; i++) {
        const wasm_name_t *n = wasm_exporttype_name(types.data[i]);
        if (n->size == strlen(name) && !memcmp(n->data, name, n->size)) found = ex->data[i];
    }
    wasm_exporttype_vec_delete(&types);
    return found;
}

int main(void) {
    uint8_t *bin;
    size_t len;
    wf_error err;
    if (!wf_wat_to_wasm(wat, sizeof wat - 1, &bin, &len, &err)) {
        printf("FAIL wat: %s\n", err.msg);
        return 1;
    }
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_byte_vec_t bytes = {len, (wasm_byte_t *)bin};
    wasm_module_t *module = wasm_module_new(store, &bytes);
    free(bin);
    CHECK(module);
    if (!module) return 1;

    /* The module's imports and exports list three memories with their limits. */
    wasm_importtype_vec_t its;
    wasm_module_imports(module, &its);
    CHECK(its.size == 2);
    const wasm_limits_t *lb = wasm_memorytype_limits(
        wasm_externtype_as_memorytype_const(wasm_importtype_type(its.data[1])));
    CHECK(lb->min == 1 && lb->max == 3);
    wasm_importtype_vec_delete(&its);

    wasm_limits_t la = {1, wasm_limits_max_default}, lim_b = {1, 3};
    wasm_memorytype_t *ta = wasm_memorytype_new(&la), *tb = wasm_memorytype_new(&lim_b);
    wasm_memory_t *ma = wasm_memory_new(store, ta), *mb = wasm_memory_new(store, tb);
    wasm_memorytype_delete(ta);
    wasm_memorytype_delete(tb);
    wasm_extern_t *ins[2] = {wasm_memory_as_extern(ma), wasm_memory_as_extern(mb)};
    wasm_extern_vec_t imports = {2, ins};
    wasm_instance_t *inst = wasm_instance_new(store, module, &imports, NULL);
    CHECK(inst);
    if (!inst) return 1;
    wasm_extern_vec_t ex;
    wasm_instance_exports(inst, &ex);
    wasm_memory_t *ea = wasm_extern_as_memory(export_named(module, &ex, "a"));
    wasm_memory_t *eb = wasm_extern_as_memory(export_named(module, &ex, "b"));
    wasm_memory_t *ec = wasm_extern_as_memory(export_named(module, &ex, "c"));
    wasm_func_t *poke = wasm_extern_as_func(export_named(module, &ex, "poke"));
    wasm_func_t *peek_b = wasm_extern_as_func(export_named(module, &ex, "peek_b"));
    wasm_func_t *size_b = wasm_extern_as_func(export_named(module, &ex, "size_b"));
    CHECK(ea && eb && ec && poke && peek_b && size_b);
    if (failures) return 1;

    /* Exports are the imported memories themselves (same data), and c. */
    CHECK(wasm_memory_data(ea) == wasm_memory_data(ma));
    CHECK(wasm_memory_data(eb) == wasm_memory_data(mb));
    CHECK(wasm_memory_size(ec) == 2 && wasm_memory_size(eb) == 1);

    int32_t a1[] = {1, 65535, 7}, a2[] = {2, 131071, 9}, a0[] = {0, 5, 3};
    CHECK(!call(poke, a1, 3, NULL) && !call(poke, a2, 3, NULL) && !call(poke, a0, 3, NULL));
    CHECK(wasm_memory_data(mb)[65535] == 7 && wasm_memory_data(ma)[65535] == 0);
    CHECK(wasm_memory_data(ec)[131071] == 9);
    CHECK(wasm_memory_data(ma)[5] == 3 && wasm_memory_data(mb)[5] == 0);

    /* Host writes memory b; guest reads it; out of bounds traps. */
    wasm_memory_data(mb)[100] = 42;
    int32_t r = 0, at[] = {100}, past[] = {65536};
    CHECK(!call(peek_b, at, 1, &r) && r == 42);
    wasm_trap_t *t = call(peek_b, past, 1, &r);
    CHECK(t);
    if (t) wasm_trap_delete(t);

    /* Host grows b; guest sees it, and the new page. */
    CHECK(wasm_memory_grow(mb, 1));
    CHECK(!call(size_b, NULL, 0, &r) && r == 2);
    CHECK(!call(peek_b, past, 1, &r) && r == 0);
    CHECK(!wasm_memory_grow(mb, 2));

    wasm_extern_vec_delete(&ex);
    wasm_instance_delete(inst);
    wasm_memory_delete(ma);
    wasm_memory_delete(mb);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    if (!failures) printf("ok\n");
    return failures ? 1 : 0;
}

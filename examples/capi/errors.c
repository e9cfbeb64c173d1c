/* errors: misuse of the API is reported, never a crash — bad bytes, wrong
 * or missing imports, wrong argument kinds, wrong reference kinds. */
#include <inttypes.h>
#include <stdio.h>

#include "example.h"

static wasm_trap_t *inc_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
    results->data[0].of.i32 = args->data[0].of.i32 + 1;
    return NULL;
}

static void try_instance(wasm_store_t *store, wasm_module_t *module, const char *what,
                         wasm_extern_t **externs, size_t n) {
    wasm_extern_vec_t imports = {n, externs};
    wasm_trap_t *trap = NULL;
    wasm_instance_t *inst = wasm_instance_new(store, module, &imports, &trap);
    printf("%s: %s\n", what, inst ? "instantiated" : trap ? "refused with a trap" : "refused");
    wasm_trap_delete(trap);
}

static void try_call(wasm_func_t *f, const char *what, wasm_val_t *args, size_t n) {
    wasm_val_t r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t av = {n, args}, rv = WASM_ARRAY_VEC(r);
    wasm_trap_t *trap = wasm_func_call(f, &av, &rv);
    if (!trap) {
        printf("%s: returned %" PRId64 "\n", what, r[0].of.i64);
        return;
    }
    wasm_message_t msg;
    wasm_trap_message(trap, &msg);
    printf("%s: trap \"%s\"\n", what, msg.data);
    wasm_byte_vec_delete(&msg);
    wasm_trap_delete(trap);
}

int main(void) {
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);

    wasm_byte_vec_t junk;
    wasm_name_new_from_string(&junk, "\0asm but not really");
    printf("junk bytes: validate %s, compile %s\n", wasm_module_validate(store, &junk) ? "yes" : "no",
           wasm_module_new(store, &junk) ? "yes" : "no");
    wasm_byte_vec_delete(&junk);
    wasm_byte_vec_t empty = WASM_EMPTY_VEC;
    printf("empty bytes: compile %s\n", wasm_module_new(store, &empty) ? "yes" : "no");

    wasm_module_t *module = example_load(store, "errors.wasm");
    wasm_functype_t *ft = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
    wasm_func_t *inc = wasm_func_new(store, ft, inc_cb);
    wasm_functype_delete(ft);
    wasm_functype_t *ft2 = wasm_functype_new_1_1(wasm_valtype_new_i64(), wasm_valtype_new_i32());
    wasm_func_t *wrong_sig = wasm_func_new(store, ft2, inc_cb);
    wasm_functype_delete(ft2);
    wasm_globaltype_t *gt = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_VAR);
    wasm_globaltype_t *cgt = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
    wasm_val_t zero = WASM_I32_VAL(0);
    wasm_global_t *g = wasm_global_new(store, gt, &zero);
    wasm_global_t *cg = wasm_global_new(store, cgt, &zero);
    wasm_val_t wrong_val = WASM_F64_VAL(1.5);
    printf("global with a value of the wrong kind: %s\n", wasm_global_new(store, gt, &wrong_val) ? "made" : "refused");
    wasm_globaltype_delete(gt);
    wasm_globaltype_delete(cgt);

    wasm_extern_t *good[] = {wasm_func_as_extern(inc), wasm_global_as_extern(g)};
    wasm_extern_t *swapped[] = {wasm_global_as_extern(g), wasm_func_as_extern(inc)};
    wasm_extern_t *bad_sig[] = {wasm_func_as_extern(wrong_sig), wasm_global_as_extern(g)};
    wasm_extern_t *const_g[] = {wasm_func_as_extern(inc), wasm_global_as_extern(cg)};
    wasm_extern_t *with_null[] = {wasm_func_as_extern(inc), NULL};
    try_instance(store, module, "imports swapped", swapped, 2);
    try_instance(store, module, "function of the wrong type", bad_sig, 2);
    try_instance(store, module, "const global for a var import", const_g, 2);
    try_instance(store, module, "a NULL import", with_null, 2);
    try_instance(store, module, "one import short", good, 1);
    try_instance(store, module, "no import vector", NULL, 0);

    /* Objects of one store cannot be used in another. */
    wasm_store_t *other = wasm_store_new(engine);
    wasm_functype_t *oft = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
    wasm_func_t *foreign_inc = wasm_func_new(other, oft, inc_cb);
    wasm_functype_delete(oft);
    wasm_extern_t *cross[] = {wasm_func_as_extern(foreign_inc), wasm_global_as_extern(g)};
    try_instance(store, module, "import from another store", cross, 2);

    wasm_extern_vec_t imports = WASM_ARRAY_VEC(good);
    wasm_instance_t *inst = wasm_instance_new(store, module, &imports, NULL);
    if (!inst) example_fail("the right imports were refused");
    printf("right imports: instantiated\n");
    wasm_extern_vec_t exports;
    wasm_instance_exports(inst, &exports);
    wasm_table_t *t = wasm_extern_as_table(example_export(&exports, 0, WASM_EXTERN_TABLE));
    wasm_func_t *id = wasm_extern_as_func(example_export(&exports, 1, WASM_EXTERN_FUNC));

    wasm_val_t ok[1] = {WASM_I64_VAL(5)};
    wasm_val_t wrong[1] = {WASM_I32_VAL(5)};
    try_call(id, "id(i64 5)", ok, 1);
    try_call(id, "id(i32 5)", wrong, 1);
    try_call(id, "id()", NULL, 0);

    wasm_foreign_t *obj = wasm_foreign_new(store);
    printf("funcref table takes a foreign object: %s\n",
           wasm_table_set(t, 0, wasm_foreign_as_ref(obj)) ? "yes" : "no");
    printf("funcref table takes a function: %s\n", wasm_table_set(t, 0, wasm_func_as_ref(inc)) ? "yes" : "no");
    printf("funcref table takes another store's function: %s\n",
           wasm_table_set(t, 0, wasm_func_as_ref(foreign_inc)) ? "yes" : "no");
    wasm_foreign_t *other_obj = wasm_foreign_new(other);
    wasm_val_t ref_arg = WASM_REF_VAL(wasm_foreign_as_ref(other_obj));
    wasm_globaltype_t *rgt = wasm_globaltype_new(wasm_valtype_new_externref(), WASM_VAR);
    printf("externref global holding another store's object: %s\n",
           wasm_global_new(store, rgt, &ref_arg) ? "made" : "refused");
    wasm_globaltype_delete(rgt);
    wasm_store_delete(other);
    printf("table get out of bounds: %s\n", wasm_table_get(t, 99) ? "something" : "NULL");
    printf("extern as the wrong kind: %s\n", wasm_extern_as_memory(exports.data[0]) ? "something" : "NULL");

    wasm_extern_vec_delete(&exports);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    return 0;
}

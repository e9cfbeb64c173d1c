/* hostref: foreign host objects stored in a wasm table and global as
 * externref, passed to host callbacks and returned to the host. */
#include <inttypes.h>
#include <stdio.h>

#include "example.h"

typedef struct { const char *name; } thing;

static wasm_trap_t *describe_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
    wasm_ref_t *r = args->data[0].of.ref;
    thing *t = r ? wasm_ref_get_host_info(r) : NULL;
    printf("  host sees: %s\n", t ? t->name : "null");
    results->data[0].of.i32 = t ? 1 : 0;
    return NULL;
}

static void forget(void *info) { printf("finalizer: %s\n", ((thing *)info)->name); }

static wasm_func_t *keep, *fetch, *describe_slot, *is_null;

static void call(wasm_func_t *f, wasm_val_t *args, size_t n, wasm_val_t *res, size_t nres) {
    wasm_val_vec_t av = {n, args}, rv = {nres, res};
    wasm_trap_t *trap = wasm_func_call(f, &av, &rv);
    if (trap) example_fail("call trapped");
}

int main(void) {
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = example_load(store, "hostref.wasm");

    wasm_functype_t *ft = wasm_functype_new_1_1(wasm_valtype_new_externref(), wasm_valtype_new_i32());
    wasm_func_t *describe = wasm_func_new(store, ft, describe_cb);
    wasm_functype_delete(ft);
    wasm_extern_t *imports_data[] = {wasm_func_as_extern(describe)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(imports_data);
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    if (!instance) example_fail("instantiation failed");

    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_table_t *slots = wasm_extern_as_table(example_export(&exports, 0, WASM_EXTERN_TABLE));
    wasm_global_t *last = wasm_extern_as_global(example_export(&exports, 1, WASM_EXTERN_GLOBAL));
    keep = wasm_extern_as_func(example_export(&exports, 2, WASM_EXTERN_FUNC));
    fetch = wasm_extern_as_func(example_export(&exports, 3, WASM_EXTERN_FUNC));
    describe_slot = wasm_extern_as_func(example_export(&exports, 4, WASM_EXTERN_FUNC));
    is_null = wasm_extern_as_func(example_export(&exports, 5, WASM_EXTERN_FUNC));

    static thing apple = {"apple"}, pear = {"pear"};
    wasm_foreign_t *fa = wasm_foreign_new(store), *fp = wasm_foreign_new(store);
    wasm_foreign_set_host_info_with_finalizer(fa, &apple, forget);
    wasm_foreign_set_host_info_with_finalizer(fp, &pear, forget);
    wasm_ref_t *ra = wasm_foreign_as_ref(fa), *rp = wasm_foreign_as_ref(fp);

    printf("guest keeps apple in slot 1, pear in slot 2\n");
    wasm_val_t a[2] = {WASM_I32_VAL(1), WASM_REF_VAL(ra)};
    call(keep, a, 2, NULL, 0);
    a[0].of.i32 = 2;
    a[1].of.ref = rp;
    call(keep, a, 2, NULL, 0);

    for (int32_t i = 0; i < 3; i++) {
        wasm_val_t idx[1] = {WASM_I32_VAL(i)}, r[1] = {WASM_INIT_VAL};
        printf("describe_slot(%" PRId32 "):\n", i);
        call(describe_slot, idx, 1, r, 1);
        call(fetch, idx, 1, r, 1);
        printf("  fetch gives %s\n", !r[0].of.ref ? "null"
                                     : wasm_ref_same(r[0].of.ref, ra) ? "apple"
                                     : wasm_ref_same(r[0].of.ref, rp) ? "pear" : "?");
        wasm_val_delete(&r[0]);
    }

    wasm_val_t g;
    wasm_global_get(last, &g);
    printf("global last holds %s\n", g.of.ref ? ((thing *)wasm_ref_get_host_info(g.of.ref))->name : "null");
    wasm_val_delete(&g);

    wasm_ref_t *from_table = wasm_table_get(slots, 1);
    printf("table slot 1 from the host: %s\n",
           from_table ? ((thing *)wasm_ref_get_host_info(from_table))->name : "null");
    wasm_ref_delete(from_table);
    wasm_table_set(slots, 3, ra);
    wasm_val_t v[1] = {WASM_REF_VAL(NULL)}, r[1] = {WASM_INIT_VAL};
    call(is_null, v, 1, r, 1);
    printf("is_null(null) = %" PRId32 "\n", r[0].of.i32);
    v[0].of.ref = ra;
    call(is_null, v, 1, r, 1);
    printf("is_null(apple) = %" PRId32 "\n", r[0].of.i32);

    wasm_ref_t *copy = wasm_ref_copy(rp);
    printf("copy of pear is pear: %s, is apple: %s\n", wasm_ref_same(copy, rp) ? "yes" : "no",
           wasm_ref_same(copy, ra) ? "yes" : "no");
    wasm_ref_delete(copy);
    printf("foreign as func: %s\n", wasm_ref_as_func(ra) ? "yes" : "no (as expected)");

    wasm_foreign_delete(fa);
    wasm_foreign_delete(fp);
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_module_delete(module);
    printf("deleting the store\n");
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    return 0;
}

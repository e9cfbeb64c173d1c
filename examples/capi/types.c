/* types: vectors and types with their ownership rules — constructors take
 * ownership, copies are deep, deleting an owner deletes what it owns. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "wasm.h"

static void print_functype(const char *label, const wasm_functype_t *ft) {
    const wasm_valtype_vec_t *p = wasm_functype_params(ft), *r = wasm_functype_results(ft);
    printf("%s: %zu params, %zu results;", label, p->size, r->size);
    for (size_t i = 0; i < p->size; i++) printf(" p%zu=%d", i, wasm_valtype_kind(p->data[i]));
    for (size_t i = 0; i < r->size; i++) printf(" r%zu=%d", i, wasm_valtype_kind(r->data[i]));
    printf("\n");
}

int main(void) {
    /* Byte vectors and names. */
    wasm_name_t a, b, c;
    wasm_name_new_from_string(&a, "hello");
    wasm_name_new_from_string_nt(&b, "hello");
    wasm_name_copy(&c, &a);
    printf("names: %zu %zu %zu, copy equal: %s, copy distinct: %s\n", a.size, b.size, c.size,
           memcmp(a.data, c.data, a.size) == 0 ? "yes" : "no", a.data != c.data ? "yes" : "no");
    wasm_name_delete(&a);
    wasm_name_delete(&b);
    wasm_name_delete(&c);
    wasm_byte_vec_t empty;
    wasm_byte_vec_new_empty(&empty);
    printf("empty: size %zu data %s\n", empty.size, empty.data ? "set" : "NULL");
    wasm_byte_vec_delete(&empty);

    /* Value type vectors own their elements. */
    wasm_valtype_t *kinds[3] = {wasm_valtype_new_i32(), wasm_valtype_new_f64(), wasm_valtype_new_funcref()};
    wasm_valtype_vec_t params, results, copy;
    wasm_valtype_vec_new(&params, 3, kinds);
    wasm_valtype_vec_copy(&copy, &params);
    wasm_valtype_vec_new_uninitialized(&results, 1);
    results.data[0] = wasm_valtype_new(WASM_EXTERNREF);
    printf("valtypes: %s %s %s, num? %d %d, ref? %d\n",
           wasm_valtype_kind(copy.data[0]) == WASM_I32 ? "i32" : "?",
           wasm_valtype_kind(copy.data[1]) == WASM_F64 ? "f64" : "?",
           wasm_valtype_kind(copy.data[2]) == WASM_FUNCREF ? "funcref" : "?",
           wasm_valtype_is_num(copy.data[0]), wasm_valkind_is_num(WASM_FUNCREF),
           wasm_valtype_is_ref(copy.data[2]));
    wasm_valtype_vec_delete(&copy);

    /* A function type takes both vectors. */
    wasm_functype_t *ft = wasm_functype_new(&params, &results);
    print_functype("functype", ft);
    wasm_functype_t *ft2 = wasm_functype_copy(ft);
    wasm_functype_delete(ft);
    print_functype("its copy", ft2);
    wasm_functype_t *small = wasm_functype_new_3_2(wasm_valtype_new_i64(), wasm_valtype_new_f32(),
                                                  wasm_valtype_new_i32(), wasm_valtype_new_i64(),
                                                  wasm_valtype_new_externref());
    print_functype("new_3_2", small);

    /* Extern type views are the same object, checked by kind. */
    wasm_externtype_t *et = wasm_functype_as_externtype(ft2);
    printf("as externtype: kind %d, back to functype: %s, as globaltype: %s\n",
           wasm_externtype_kind(et), wasm_externtype_as_functype(et) == ft2 ? "same" : "different",
           wasm_externtype_as_globaltype(et) ? "something" : "NULL");

    wasm_limits_t lim = {1, wasm_limits_max_default};
    wasm_memorytype_t *mt = wasm_memorytype_new(&lim);
    wasm_tabletype_t *tt = wasm_tabletype_new(wasm_valtype_new_externref(), &lim);
    wasm_globaltype_t *gt = wasm_globaltype_new(wasm_valtype_new_f32(), WASM_VAR);
    printf("memory min %" PRIu32 " no max: %s; table of %d; global %s of %d\n",
           wasm_memorytype_limits(mt)->min, wasm_memorytype_limits(mt)->max == wasm_limits_max_default ? "yes" : "no",
           wasm_valtype_kind(wasm_tabletype_element(tt)),
           wasm_globaltype_mutability(gt) == WASM_VAR ? "var" : "const",
           wasm_valtype_kind(wasm_globaltype_content(gt)));

    /* Import and export types take their names and type. */
    wasm_name_t mod, name, ename;
    wasm_name_new_from_string(&mod, "env");
    wasm_name_new_from_string(&name, "f");
    wasm_name_new_from_string(&ename, "mem");
    wasm_importtype_t *it = wasm_importtype_new(&mod, &name, wasm_functype_as_externtype(ft2));
    wasm_exporttype_t *xt = wasm_exporttype_new(&ename, wasm_memorytype_as_externtype(mt));
    wasm_importtype_vec_t its;
    wasm_importtype_vec_new(&its, 1, &it);
    wasm_importtype_vec_t its2;
    wasm_importtype_vec_copy(&its2, &its);
    const wasm_importtype_t *it2 = its2.data[0];
    printf("import \"%.*s\" \"%.*s\" kind %d; export \"%.*s\" kind %d\n",
           (int)wasm_importtype_module(it2)->size, wasm_importtype_module(it2)->data,
           (int)wasm_importtype_name(it2)->size, wasm_importtype_name(it2)->data,
           wasm_externtype_kind(wasm_importtype_type(it2)),
           (int)wasm_exporttype_name(xt)->size, wasm_exporttype_name(xt)->data,
           wasm_externtype_kind(wasm_exporttype_type(xt)));
    wasm_importtype_vec_delete(&its);
    wasm_importtype_vec_delete(&its2);
    wasm_exporttype_delete(xt);

    /* Values: copying a value copies its reference. */
    wasm_val_t v = WASM_F32_VAL(1.5f), w;
    wasm_val_copy(&w, &v);
    wasm_val_t items[2] = {WASM_I64_VAL(-3), WASM_F64_VAL(2.25)};
    wasm_val_vec_t vals, vals2;
    wasm_val_vec_new(&vals, 2, items);
    wasm_val_vec_copy(&vals2, &vals);
    printf("values: %g %" PRId64 " %g\n", w.of.f32, vals2.data[0].of.i64, vals2.data[1].of.f64);
    wasm_val_delete(&w);
    wasm_val_vec_delete(&vals);
    wasm_val_vec_delete(&vals2);
    void *p = &v;
    wasm_val_init_ptr(&w, p);
    printf("pointer round trip: %s\n", wasm_val_ptr(&w) == p ? "yes" : "no");

    wasm_functype_delete(small);
    wasm_tabletype_delete(tt);
    wasm_globaltype_delete(gt);

    wasm_config_t *config = wasm_config_new();
    wasm_engine_t *engine = wasm_engine_new_with_config(config);
    printf("engine from a config: %s\n", engine ? "yes" : "no");
    wasm_engine_delete(engine);
    return 0;
}

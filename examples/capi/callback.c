/* callback: a plain host function and a closure with an environment and
 * a finalizer; the guest calls both. A third host function calls back
 * into the guest while the guest is calling it. */
#include <inttypes.h>
#include <stdio.h>

#include "example.h"

static int squares_computed;

static wasm_trap_t *square_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
    int32_t x = args->data[0].of.i32;
    squares_computed++;
    results->data[0].kind = WASM_I32;
    results->data[0].of.i32 = x * x;
    return NULL;
}

typedef struct { int64_t next; } id_source;

static wasm_trap_t *next_id_cb(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
    id_source *src = env;
    results->data[0].kind = WASM_I64;
    results->data[0].of.i64 = src->next++;
    return NULL;
}

static void id_source_finalize(void *env) {
    printf("finalizer: id source ends at %" PRId64 "\n", ((id_source *)env)->next);
}

/* Its environment is the guest function to call, known after instantiation. */
static wasm_trap_t *reenter_cb(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
    wasm_func_t **target = env;
    wasm_val_t a[1] = {WASM_I32_VAL(args->data[0].of.i32)};
    wasm_val_vec_t av = WASM_ARRAY_VEC(a);
    wasm_trap_t *trap = wasm_func_call(*target, &av, results);
    if (!trap) results->data[0].of.i32 += 1000;
    return trap;
}

int main(void) {
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = example_load(store, "callback.wasm");

    wasm_functype_t *sq_type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
    wasm_func_t *square = wasm_func_new(store, sq_type, square_cb);
    wasm_functype_delete(sq_type);

    id_source src = {7};
    wasm_functype_t *id_type = wasm_functype_new_0_1(wasm_valtype_new_i64());
    wasm_func_t *next_id = wasm_func_new_with_env(store, id_type, next_id_cb, &src, id_source_finalize);
    wasm_functype_delete(id_type);
    printf("host functions: square %zu->%zu, next_id %zu->%zu\n",
           wasm_func_param_arity(square), wasm_func_result_arity(square),
           wasm_func_param_arity(next_id), wasm_func_result_arity(next_id));

    wasm_func_t *reenter_target = NULL;
    wasm_functype_t *re_type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
    wasm_func_t *reenter = wasm_func_new_with_env(store, re_type, reenter_cb, &reenter_target, NULL);
    wasm_functype_delete(re_type);

    wasm_extern_t *imports_data[] = {wasm_func_as_extern(square), wasm_func_as_extern(next_id),
                                     wasm_func_as_extern(reenter)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(imports_data);
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    if (!instance) example_fail("instantiation failed");
    wasm_module_delete(module);  /* the instance keeps what it needs */

    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_func_t *sum_squares = wasm_extern_as_func(example_export(&exports, 0, WASM_EXTERN_FUNC));
    wasm_func_t *two_ids = wasm_extern_as_func(example_export(&exports, 1, WASM_EXTERN_FUNC));
    wasm_func_t *via_host = wasm_extern_as_func(example_export(&exports, 2, WASM_EXTERN_FUNC));
    reenter_target = sum_squares;

    wasm_val_t a[1] = {WASM_I32_VAL(10)};
    wasm_val_t r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
    if (wasm_func_call(sum_squares, &args, &results)) example_fail("sum_squares trapped");
    printf("sum_squares(10) = %" PRId32 " (%d host calls)\n", r[0].of.i32, squares_computed);

    wasm_val_vec_t none = WASM_EMPTY_VEC;
    if (wasm_func_call(two_ids, &none, &results)) example_fail("two_ids trapped");
    printf("two_ids() = %" PRId64 "\n", r[0].of.i64);

    a[0].of.i32 = 3;
    if (wasm_func_call(via_host, &args, &results)) example_fail("via_host trapped");
    printf("via_host(3) = %" PRId32 " (guest -> host -> guest -> host)\n", r[0].of.i32);

    /* Host functions can be called directly too. */
    wasm_val_t a2[1] = {WASM_I32_VAL(-12)};
    wasm_val_vec_t args2 = WASM_ARRAY_VEC(a2);
    if (wasm_func_call(square, &args2, &results)) example_fail("square trapped");
    printf("square(-12) = %" PRId32 "\n", r[0].of.i32);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_func_delete(square);
    wasm_func_delete(next_id);
    wasm_func_delete(reenter);
    printf("deleting the store\n");
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    return 0;
}

/* reflect: the types of a module's imports and exports, and of the
 * runtime objects an instance exports. */
#include <inttypes.h>
#include <stdio.h>

#include "example.h"

static const char *kind_name(wasm_valkind_t k) {
    switch (k) {
    case WASM_I32: return "i32";
    case WASM_I64: return "i64";
    case WASM_F32: return "f32";
    case WASM_F64: return "f64";
    case WASM_EXTERNREF: return "externref";
    case WASM_FUNCREF: return "funcref";
    default: return "?";
    }
}

static void print_valtypes(const wasm_valtype_vec_t *v) {
    printf("(");
    for (size_t i = 0; i < v->size; i++) printf("%s%s", i ? " " : "", kind_name(wasm_valtype_kind(v->data[i])));
    printf(")");
}

static void print_limits(const wasm_limits_t *l) {
    printf("%" PRIu32, l->min);
    if (l->max != wasm_limits_max_default) printf("..%" PRIu32, l->max);
}

static void print_type(const wasm_externtype_t *t) {
    switch (wasm_externtype_kind(t)) {
    case WASM_EXTERN_FUNC: {
        const wasm_functype_t *f = wasm_externtype_as_functype_const(t);
        printf("func ");
        print_valtypes(wasm_functype_params(f));
        printf(" -> ");
        print_valtypes(wasm_functype_results(f));
        break;
    }
    case WASM_EXTERN_GLOBAL: {
        const wasm_globaltype_t *g = wasm_externtype_as_globaltype_const(t);
        printf("global %s %s", wasm_globaltype_mutability(g) == WASM_VAR ? "var" : "const",
               kind_name(wasm_valtype_kind(wasm_globaltype_content(g))));
        break;
    }
    case WASM_EXTERN_TABLE: {
        const wasm_tabletype_t *tt = wasm_externtype_as_tabletype_const(t);
        printf("table %s ", kind_name(wasm_valtype_kind(wasm_tabletype_element(tt))));
        print_limits(wasm_tabletype_limits(tt));
        break;
    }
    case WASM_EXTERN_MEMORY:
        printf("memory ");
        print_limits(wasm_memorytype_limits(wasm_externtype_as_memorytype_const(t)));
        break;
    }
}

static wasm_trap_t *log_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
    results->data[0].kind = WASM_F32;
    results->data[0].of.f32 = 0;
    return NULL;
}

int main(void) {
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = example_load(store, "reflect.wasm");

    wasm_importtype_vec_t imports_t;
    wasm_module_imports(module, &imports_t);
    for (size_t i = 0; i < imports_t.size; i++) {
        const wasm_name_t *m = wasm_importtype_module(imports_t.data[i]);
        const wasm_name_t *n = wasm_importtype_name(imports_t.data[i]);
        printf("import %zu \"%.*s\" \"%.*s\": ", i, (int)m->size, m->data, (int)n->size, n->data);
        print_type(wasm_importtype_type(imports_t.data[i]));
        printf("\n");
    }

    /* Satisfy every import from its reflected type. */
    wasm_extern_t *externs[4];
    for (size_t i = 0; i < imports_t.size && i < 4; i++) {
        const wasm_externtype_t *t = wasm_importtype_type(imports_t.data[i]);
        wasm_val_t zero = WASM_I32_VAL(3);
        switch (wasm_externtype_kind(t)) {
        case WASM_EXTERN_FUNC:
            externs[i] = wasm_func_as_extern(wasm_func_new(store, wasm_externtype_as_functype_const(t), log_cb));
            break;
        case WASM_EXTERN_GLOBAL:
            externs[i] = wasm_global_as_extern(wasm_global_new(store, wasm_externtype_as_globaltype_const(t), &zero));
            break;
        case WASM_EXTERN_TABLE:
            externs[i] = wasm_table_as_extern(wasm_table_new(store, wasm_externtype_as_tabletype_const(t), NULL));
            break;
        case WASM_EXTERN_MEMORY:
            externs[i] = wasm_memory_as_extern(wasm_memory_new(store, wasm_externtype_as_memorytype_const(t)));
            break;
        }
    }
    wasm_extern_vec_t imports = {imports_t.size, externs};
    wasm_trap_t *trap = NULL;
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, &trap);
    if (!instance) example_fail("instantiation failed");
    wasm_importtype_vec_delete(&imports_t);

    wasm_exporttype_vec_t exports_t;
    wasm_extern_vec_t exports;
    wasm_module_exports(module, &exports_t);
    wasm_instance_exports(instance, &exports);
    for (size_t i = 0; i < exports_t.size; i++) {
        const wasm_name_t *n = wasm_exporttype_name(exports_t.data[i]);
        printf("export %zu \"%.*s\": ", i, (int)n->size, n->data);
        print_type(wasm_exporttype_type(exports_t.data[i]));
        wasm_externtype_t *now = wasm_extern_type(exports.data[i]);
        printf("; object: ");
        print_type(now);
        printf("\n");
        wasm_externtype_delete(now);
    }

    /* Types copy deeply. */
    wasm_exporttype_vec_t copy;
    wasm_exporttype_vec_copy(&copy, &exports_t);
    printf("copied %zu export types, first is \"%.*s\"\n", copy.size,
           (int)wasm_exporttype_name(copy.data[0])->size, wasm_exporttype_name(copy.data[0])->data);
    wasm_exporttype_vec_delete(&copy);

    wasm_exporttype_vec_delete(&exports_t);
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    return 0;
}

/* threads: one compiled module shared with several host threads; each
 * thread obtains it in a store of its own and runs it. */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>

#include "example.h"

enum { THREADS = 8, REPS = 50 };

static int64_t sums[THREADS];   /* each thread writes only its own slot */

static wasm_trap_t *report_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
    sums[args->data[0].of.i32] += args->data[1].of.i32;
    return NULL;
}

typedef struct {
    wasm_engine_t *engine;
    const wasm_shared_module_t *shared;
    int id;
    int ok;
} job;

static void *worker(void *arg) {
    job *j = arg;
    wasm_store_t *store = wasm_store_new(j->engine);
    wasm_module_t *module = wasm_module_obtain(store, j->shared);
    if (!module) return NULL;
    for (int rep = 0; rep < REPS; rep++) {
        wasm_functype_t *ft = wasm_functype_new_2_0(wasm_valtype_new_i32(), wasm_valtype_new_i32());
        wasm_func_t *report = wasm_func_new(store, ft, report_cb);
        wasm_functype_delete(ft);
        wasm_globaltype_t *gt = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
        wasm_val_t id = WASM_I32_VAL(j->id);
        wasm_global_t *idg = wasm_global_new(store, gt, &id);
        wasm_globaltype_delete(gt);

        wasm_extern_t *imports_data[] = {wasm_func_as_extern(report), wasm_global_as_extern(idg)};
        wasm_extern_vec_t imports = WASM_ARRAY_VEC(imports_data);
        wasm_instance_t *inst = wasm_instance_new(store, module, &imports, NULL);
        if (!inst) break;
        wasm_extern_vec_t exports;
        wasm_instance_exports(inst, &exports);
        wasm_val_t n[1] = {WASM_I32_VAL(100 + j->id)};
        wasm_val_vec_t args = WASM_ARRAY_VEC(n), none = WASM_EMPTY_VEC;
        wasm_trap_t *trap = wasm_func_call(wasm_extern_as_func(exports.data[0]), &args, &none);
        if (trap) {
            wasm_trap_delete(trap);
            break;
        }
        wasm_extern_vec_delete(&exports);
        wasm_instance_delete(inst);
        if (rep == REPS - 1) j->ok = 1;
    }
    wasm_module_delete(module);
    wasm_store_delete(store);
    return NULL;
}

int main(void) {
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = example_load(store, "threads.wasm");
    wasm_shared_module_t *shared = wasm_module_share(module);
    /* The shared token outlives the module handle and its store. */
    wasm_module_delete(module);
    wasm_store_delete(store);

    pthread_t tids[THREADS];
    job jobs[THREADS];
    for (int i = 0; i < THREADS; i++) {
        jobs[i] = (job){engine, shared, i, 0};
        if (pthread_create(&tids[i], NULL, worker, &jobs[i]) != 0) example_fail("pthread_create");
    }
    for (int i = 0; i < THREADS; i++) pthread_join(tids[i], NULL);
    wasm_shared_module_delete(shared);

    for (int i = 0; i < THREADS; i++) {
        int64_t n = 100 + i, expect = REPS * n * (n + 1) / 2;
        printf("thread %d: %s, sum %" PRId64 " (%s)\n", i, jobs[i].ok ? "ran" : "FAILED", sums[i],
               sums[i] == expect ? "right" : "WRONG");
    }
    wasm_engine_delete(engine);
    return 0;
}

/* fuzz_run.c — libFuzzer target: instantiate and run valid modules.
 * The input is a module (seeds are binaryen translate-to-fuzz output; see
 * `make seeds`). Imports get harmless stand-ins; every export is called
 * with zero arguments under a fuel budget, with memories and tables capped,
 * so every input ends quickly whatever its loops do.
 *
 * Each module runs twice in fresh stores with the same fuel: the outcome of
 * every call (results, trap code) and the fuel left must be identical, as
 * wf_store_set_fuel promises; a difference aborts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"

enum { FUEL = 200000, MAX_CALLS = 64 };

/* FNV-1a over a call's outcome. */
static uint64_t mix(uint64_t h, const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ull;
    return h;
}

static uint64_t mix_val(uint64_t h, const wf_val *v)
{
    h = mix(h, &v->kind, sizeof v->kind);
    switch (v->kind) {
    case WF_I32: case WF_F32: return mix(h, &v->of.i32, 4);
    case WF_I64: case WF_F64: return mix(h, &v->of.i64, 8);
    case WF_V128: return mix(h, &v->of.v128, 16);
    default: {  /* references differ by store: only null-ness is stable */
        uint8_t null = v->of.funcref == NULL;
        return mix(h, &null, 1);
    }
    }
}

static uint64_t call_all(wf_instance *inst, wf_store *store)
{
    uint64_t h = 0xcbf29ce484222325ull;
    wf_extern hang;
    bool has_hang = wf_instance_export(inst, "hangLimitInitializer", &hang) &&
                    hang.kind == WF_EXTERN_FUNC;
    size_t n = wf_instance_export_count(inst);
    int calls = 0;
    for (size_t i = 0; i < n && calls < MAX_CALLS; i++) {
        const char *name;
        wf_extern e;
        wf_instance_export_nth(inst, i, &name, &e);
        if (e.kind != WF_EXTERN_FUNC || (has_hang && e.of.func == hang.of.func))
            continue;
        if (has_hang) {
            wf_trap *t = wf_func_call(hang.of.func, NULL, 0, NULL, 0);
            if (t)
                wf_trap_free(t);
        }
        const wf_functype *ft = wf_func_type(e.of.func);
        wf_val args[64], res[64];
        if (ft->nparams > 64 || ft->nresults > 64)
            continue;
        for (uint32_t k = 0; k < ft->nparams; k++)
            args[k] = fz_zero(ft->params[k]);
        wf_store_set_fuel(store, FUEL);
        wf_trap *t = wf_func_call(e.of.func, args, ft->nparams, res, ft->nresults);
        if (t) {
            wf_trapcode code = wf_trap_code(t);
            h = mix(h, &code, sizeof code);
            wf_trap_free(t);
        } else {
            for (uint32_t k = 0; k < ft->nresults; k++)
                h = mix_val(h, &res[k]);
        }
        uint64_t left = 0;
        wf_store_get_fuel(store, &left);
        h = mix(h, &left, sizeof left);
        calls++;
    }
    return h;
}

/* Outcome digest of one run in a fresh store; 0 if it did not instantiate. */
static uint64_t run_module(const wf_module *m)
{
    wf_store *store = wf_store_new();
    if (!store)
        return 0;
    /* 64 MiB per memory, 100k table elements: bounded host memory. */
    wf_store_set_limits(store, 64u << 20, 100000, 0);
    wf_store_set_fuel(store, FUEL);  /* the start function too */
    uint64_t h = 0;
    wf_extern *imports = fz_stub_imports(store, m, NULL);
    if (imports) {
        wf_error err;
        wf_instance *inst = wf_instance_new(store, m, imports, m->nimports, &err);
        if (inst)
            h = call_all(inst, store);
        free(imports);
    }
    wf_store_free(store);
    return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wf_error err;
    wf_module *m = wf_module_new(data, size, &err);
    if (!m)
        return 0;
    uint64_t a = run_module(m), b = run_module(m);
    if (a != b) {
        fprintf(stderr, "fuzz_run: two runs with the same fuel differ (%016llx, %016llx)\n",
                (unsigned long long)a, (unsigned long long)b);
        abort();
    }
    wf_module_free(m);
    return 0;
}

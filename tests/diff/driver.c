/* driver.c — the weft side of differential testing (tests/diff/run.sh).
 * Usage: driver FILE      (a binary module, or text translated by weft)
 * Instantiates a binaryen translate-to-fuzz module with its
 * "fuzzing-support" log imports (other imports get zero-returning stubs),
 * then calls every exported function with zero arguments, calling
 * "hangLimitInitializer" before each. Prints, in the same format as
 * ref.mjs:
 *   call NAME          before each call
 *   log KIND:BITS      for each log import call (hex bits for floats)
 *   ret KIND:BITS ...  the results, or
 *   trap CATEGORY      the trap (see category())
 * Not a CLI feature: `weft run --invoke` cannot provide these imports. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../fuzz/fuzz_util.h"
#include "util/util.h"

static void print_val(const wf_val *v)
{
    switch (v->kind) {
    case WF_I32: printf("i32:%08" PRIx32, (uint32_t)v->of.i32); break;
    case WF_I64: printf("i64:%016" PRIx64, (uint64_t)v->of.i64); break;
    case WF_F32: printf("f32:%08" PRIx32, v->of.f32_bits); break;
    case WF_F64: printf("f64:%016" PRIx64, v->of.f64_bits); break;
    case WF_FUNCREF: printf("funcref:%s", v->of.funcref ? "obj" : "null"); break;
    case WF_EXTERNREF: printf("externref:%s", v->of.externref ? "obj" : "null"); break;
    default: printf("v128"); break;
    }
}

static bool has_v128(const wf_functype *ft)
{
    for (uint32_t i = 0; i < ft->nparams; i++)
        if (ft->params[i] == WF_V128)
            return true;
    for (uint32_t i = 0; i < ft->nresults; i++)
        if (ft->results[i] == WF_V128)
            return true;
    return false;
}

static wf_trap *log_fn(wf_caller *caller, void *env, const wf_val *args, wf_val *results)
{
    const wf_functype *ft = env;
    /* V8 throws a TypeError when wasm passes a v128 to JavaScript. */
    if (has_v128(ft))
        return wf_trap_new(WF_TRAP_HOST, "v128_boundary");
    fputs("log", stdout);
    for (uint32_t i = 0; i < ft->nparams; i++) {
        putchar(' ');
        print_val(&args[i]);
    }
    putchar('\n');
    return fz_stub_fn(caller, env, args, results);
}

/* The names ref.mjs maps JavaScript's RuntimeError messages to. */
static const char *category(wf_trap *t)
{
    switch (wf_trap_code(t)) {
    case WF_TRAP_UNREACHABLE: return "unreachable";
    case WF_TRAP_DIV_ZERO: return "div_zero";
    case WF_TRAP_INT_OVERFLOW: return "int_overflow";
    case WF_TRAP_INVALID_CONVERSION: return "invalid_conversion";
    case WF_TRAP_MEMORY_OOB: return "memory_oob";
    case WF_TRAP_TABLE_OOB:
    case WF_TRAP_UNDEFINED_ELEMENT: return "table_oob";
    case WF_TRAP_UNINITIALIZED:
    case WF_TRAP_INDIRECT_MISMATCH: return "indirect";  /* V8 tells them apart by name only */
    case WF_TRAP_STACK_EXHAUSTED: return "stack";
    case WF_TRAP_NULL_REFERENCE: return "null_reference";
    default: return wf_trap_message(t);
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: driver FILE.wasm\n", stderr);
        return 2;
    }
    setvbuf(stdout, NULL, _IOFBF, 1 << 16);
    wf_error err = {0};
    uint8_t *bytes;
    size_t len;
    if (!wf_read_file(argv[1], &bytes, &len, &err)) {
        printf("error %s\n", err.msg);
        return 1;
    }
    uint8_t *wasm = NULL;
    size_t wlen = 0;
    if (len < 4 || memcmp(bytes, "\0asm", 4)) {
        if (!wf_wat_to_wasm((const char *)bytes, len, &wasm, &wlen, &err)) {
            printf("invalid text: %s\n", err.msg);
            free(bytes);
            return 1;
        }
        free(bytes);
        bytes = wasm;
        len = wlen;
    }
    wf_module *m = wf_module_new(bytes, len, &err);
    free(bytes);
    if (!m) {
        printf("invalid %s\n", err.msg);
        return 1;
    }
    wf_store *store = wf_store_new();
    wf_extern *imports = fz_stub_imports(store, m, log_fn);
    wf_instance *inst = imports ? wf_instance_new(store, m, imports, m->nimports, &err) : NULL;
    free(imports);
    if (!inst) {
        printf("instantiate %s\n", err.msg);
        return 1;
    }
    wf_extern hang;
    bool has_hang = wf_instance_export(inst, "hangLimitInitializer", &hang) &&
                    hang.kind == WF_EXTERN_FUNC;
    for (size_t i = 0; i < wf_instance_export_count(inst); i++) {
        const char *name;
        wf_extern e;
        wf_instance_export_nth(inst, i, &name, &e);
        if (e.kind != WF_EXTERN_FUNC || !strcmp(name, "hangLimitInitializer"))
            continue;
        if (has_hang) {
            wf_trap *t = wf_func_call(hang.of.func, NULL, 0, NULL, 0);
            if (t)
                wf_trap_free(t);
        }
        printf("call %s\n", name);
        const wf_functype *ft = wf_func_type(e.of.func);
        if (has_v128(ft)) {  /* JavaScript cannot call these */
            puts("skip v128");
            continue;
        }
        wf_val *args = calloc(ft->nparams + 1, sizeof *args);
        wf_val *res = calloc(ft->nresults + 1, sizeof *res);
        for (uint32_t k = 0; k < ft->nparams; k++)
            args[k] = fz_zero(ft->params[k]);
        wf_trap *t = wf_func_call(e.of.func, args, ft->nparams, res, ft->nresults);
        if (t) {
            printf("trap %s\n", category(t));
            wf_trap_free(t);
        } else {
            fputs("ret", stdout);
            for (uint32_t k = 0; k < ft->nresults; k++) {
                putchar(' ');
                print_val(&res[k]);
            }
            putchar('\n');
        }
        free(args);
        free(res);
    }
    wf_store_free(store);
    wf_module_free(m);
    return 0;
}

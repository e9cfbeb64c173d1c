/* spectest.c — the `spectest` host module that the spec scripts import:
 * print functions (silent), globals 666 / 666.6, tables (table, table64) and memories. */
#include "script.h"

#include <string.h>

static wf_trap *print(wf_caller *c, void *env, const wf_val *args, wf_val *res)
{
    (void)c, (void)env, (void)args, (void)res;
    return NULL;
}

static void def(script *s, const char *name, wf_extern e)
{
    wf_linker_define(s->linker, "spectest", name, e);
}

static void def_func(script *s, const char *name, const uint8_t *params, uint32_t np)
{
    wf_functype ft = {np, 0, params, NULL};
    wf_func *f = wf_func_new_host(s->store, &ft, print, NULL, NULL);
    if (f)
        def(s, name, (wf_extern){.kind = WF_EXTERN_FUNC, .of.func = f});
}

static void def_global(script *s, const char *name, wf_val v)
{
    wf_global *g = wf_global_new(s->store, v.kind, false, v);
    if (g)
        def(s, name, (wf_extern){.kind = WF_EXTERN_GLOBAL, .of.global = g});
}

void scr_spectest(script *s)
{
    static const uint8_t i32[] = {WF_I32}, i64[] = {WF_I64}, f32[] = {WF_F32},
                         f64[] = {WF_F64}, i32f32[] = {WF_I32, WF_F32}, f64f64[] = {WF_F64, WF_F64};
    def_func(s, "print", NULL, 0);
    def_func(s, "print_i32", i32, 1);
    def_func(s, "print_i64", i64, 1);
    def_func(s, "print_f32", f32, 1);
    def_func(s, "print_f64", f64, 1);
    def_func(s, "print_i32_f32", i32f32, 2);
    def_func(s, "print_f64_f64", f64f64, 2);
    float f = 666.6f;
    double d = 666.6;
    wf_val v = {.kind = WF_I32, .of.i32 = 666};
    def_global(s, "global_i32", v);
    v = (wf_val){.kind = WF_I64, .of.i64 = 666};
    def_global(s, "global_i64", v);
    v = (wf_val){.kind = WF_F32};
    memcpy(&v.of.f32_bits, &f, 4);
    def_global(s, "global_f32", v);
    v = (wf_val){.kind = WF_F64};
    memcpy(&v.of.f64_bits, &d, 8);
    def_global(s, "global_f64", v);
    wf_error err;
    wf_val null = {.kind = WF_FUNCREF, .of.funcref = NULL};
    wf_table *t = wf_table_new(s->store, WF_FUNCREF, (wf_limits){10, 20, true, false, false}, null,
                               &err);
    if (t)
        def(s, "table", (wf_extern){.kind = WF_EXTERN_TABLE, .of.table = t});
    /* table64 (3.0): the same table with i64 indices. */
    t = wf_table_new(s->store, WF_FUNCREF, (wf_limits){10, 20, true, false, true}, null, &err);
    if (t)
        def(s, "table64", (wf_extern){.kind = WF_EXTERN_TABLE, .of.table = t});
    wf_memory *m = wf_memory_new(s->store, (wf_limits){1, 2, true, false, false}, &err);
    if (m)
        def(s, "memory", (wf_extern){.kind = WF_EXTERN_MEMORY, .of.memory = m});
    m = wf_memory_new(s->store, (wf_limits){1, 1, true, true, false}, &err);
    if (m)
        def(s, "shared_memory", (wf_extern){.kind = WF_EXTERN_MEMORY, .of.memory = m});
}

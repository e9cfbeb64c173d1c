/* fuzz_util.h — helpers shared by the fuzz targets (and tests/diff's
 * driver): satisfy any module's imports with harmless stand-ins, zero
 * values of each type. Header-only so that each
 * target is one .c file built outside the normal CMake build. */
#ifndef WEFT_FUZZ_UTIL_H
#define WEFT_FUZZ_UTIL_H

#include <stdlib.h>
#include <string.h>

#include "weft.h"
#include "binary/binary.h"

/* Zero of a value type (null for references). */
static inline wf_val fz_zero(uint8_t kind)
{
    wf_val v;
    memset(&v, 0, sizeof v);
    v.kind = (wf_valkind)kind;
    return v;
}

/* A host function that returns zeros; env is its wf_functype. */
static inline wf_trap *fz_stub_fn(wf_caller *caller, void *env, const wf_val *args,
                                  wf_val *results)
{
    const wf_functype *ft = env;
    (void)caller;
    (void)args;
    for (uint32_t i = 0; i < ft->nresults; i++)
        results[i] = fz_zero(ft->results[i]);
    return NULL;
}

/* Small memories and tables only: the point is the engine, not the host. */
static inline wf_limits fz_small(wf_limits l, uint64_t cap)
{
    if (l.min > cap)
        l.min = cap;
    return l;
}

/* One stand-in per import, in import order; NULL if one cannot be made
 * (e.g. an import whose limits we refuse to satisfy). Caller frees. */
static inline wf_extern *fz_stub_imports(wf_store *store, const wf_module *m,
                                         wf_host_fn fn_override)
{
    wf_extern *ext = calloc(m->nimports + 1, sizeof *ext);
    if (!ext)
        return NULL;
    for (uint32_t i = 0; i < m->nimports; i++) {
        const bin_import *imp = &m->imports[i];
        wf_error err;
        memset(&err, 0, sizeof err);
        ext[i].kind = imp->kind;
        switch (imp->kind) {
        case WF_EXTERN_FUNC: {
            const wf_functype *ft = &m->types[imp->of.type_index];
            ext[i].of.func = wf_func_new_host(store, ft, fn_override ? fn_override : fz_stub_fn,
                                              (void *)ft, NULL);
            break;
        }
        case WF_EXTERN_MEMORY:
            if (imp->of.memory.limits.min > 256)
                goto fail;
            ext[i].of.memory = wf_memory_new(store, imp->of.memory.limits, &err);
            break;
        case WF_EXTERN_TABLE:
            if (imp->of.table.limits.min > 100000)
                goto fail;
            ext[i].of.table = wf_table_new(store, (wf_valkind)imp->of.table.elem,
                                           imp->of.table.limits, fz_zero(imp->of.table.elem), &err);
            break;
        case WF_EXTERN_GLOBAL:
            ext[i].of.global = wf_global_new(store, (wf_valkind)imp->of.global.type,
                                             imp->of.global.is_mutable,
                                             fz_zero(imp->of.global.type));
            break;
        case WF_EXTERN_TAG:
            ext[i].of.tag = wf_tag_new(store, &m->types[imp->of.tag_type]);
            break;
        }
        if (!ext[i].of.func)  /* any member of the union */
            goto fail;
    }
    return ext;
fail:
    free(ext);
    return NULL;
}

#endif

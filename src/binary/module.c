/* module.c — the module form's index-space helpers and freeing. */
#include <stdio.h>
#include <stdlib.h>

#include "binary.h"
#include "../interp/interp.h"

uint32_t bin_total_funcs(const wf_module *m) { return m->nfunc_imports + m->nfuncs; }
uint32_t bin_total_tables(const wf_module *m) { return m->ntable_imports + m->ntables; }
uint32_t bin_total_memories(const wf_module *m) { return m->nmemory_imports + m->nmemories; }
uint32_t bin_total_globals(const wf_module *m) { return m->nglobal_imports + m->nglobals; }
uint32_t bin_total_tags(const wf_module *m) { return m->ntag_imports + m->ntags; }

/* The i-th import of `kind` (i below that kind's import count). */
static const bin_import *nth_import(const wf_module *m, wf_externkind kind, uint32_t i)
{
    return &m->imports[m->kind_imports[kind][i]];
}

/* Callers check indices first (the validator does); out-of-range gives
 * NULL or a zeroed type rather than a crash. */
const wf_functype *bin_func_type(const wf_module *m, uint32_t func_index)
{
    uint32_t ti;
    if (func_index < m->nfunc_imports) {
        ti = nth_import(m, WF_EXTERN_FUNC, func_index)->of.type_index;
    } else if (func_index - m->nfunc_imports < m->nfuncs) {
        ti = m->funcs[func_index - m->nfunc_imports].type_index;
    } else {
        return NULL;
    }
    return ti < m->ntypes ? &m->types[ti] : NULL;
}

bin_tabletype bin_table_type(const wf_module *m, uint32_t i)
{
    bin_tabletype t = {0};
    if (i < m->ntable_imports)
        t = nth_import(m, WF_EXTERN_TABLE, i)->of.table;
    else if (i - m->ntable_imports < m->ntables)
        t = m->tables[i - m->ntable_imports];
    return t;
}

bin_memtype bin_memory_type(const wf_module *m, uint32_t i)
{
    bin_memtype t = {0};
    if (i < m->nmemory_imports)
        t = nth_import(m, WF_EXTERN_MEMORY, i)->of.memory;
    else if (i - m->nmemory_imports < m->nmemories)
        t = m->memories[i - m->nmemory_imports];
    return t;
}

bin_globaltype bin_global_type(const wf_module *m, uint32_t i)
{
    bin_globaltype t = {0};
    if (i < m->nglobal_imports)
        t = nth_import(m, WF_EXTERN_GLOBAL, i)->of.global;
    else if (i - m->nglobal_imports < m->nglobals)
        t = m->globals[i - m->nglobal_imports].type;
    return t;
}

const wf_functype *bin_tag_type(const wf_module *m, uint32_t i)
{
    uint32_t ti;
    if (i < m->ntag_imports)
        ti = nth_import(m, WF_EXTERN_TAG, i)->of.tag_type;
    else if (i - m->ntag_imports < m->ntags)
        ti = m->tags[i - m->ntag_imports];
    else
        return NULL;
    return ti < m->ntypes ? &m->types[ti] : NULL;
}

const char *bin_func_name(const wf_module *m, uint32_t func_index, char *buf, size_t n)
{
    if (m->func_names && func_index < m->nfunc_names && m->func_names[func_index])
        snprintf(buf, n, "%s", m->func_names[func_index]);
    else
        snprintf(buf, n, "<func %u>", func_index);
    return buf;
}

void bin_module_retain(const wf_module *m)
{
    __atomic_add_fetch(&((wf_module *)m)->refs, 1, __ATOMIC_RELAXED);
}

void bin_module_release(const wf_module *m)
{
    if (m && __atomic_sub_fetch(&((wf_module *)m)->refs, 1, __ATOMIC_ACQ_REL) == 0)
        bin_module_free((wf_module *)m);
}

void bin_module_free(wf_module *m)
{
    if (!m)
        return;
    for (uint32_t i = 0; i < m->nfuncs && m->funcs; i++)
        if (m->funcs[i].compiled)
            interp_code_free(m->funcs[i].compiled);
    free(m->func_declared);
    free(m->bytes);
    wf_arena_free(&m->arena);
    free(m);
}

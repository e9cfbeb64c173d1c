/* instance.c — modules from bytes, import checks and instantiation in the
 * spec's order, constant evaluation and export lookup. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime.h"
#include "../interp/interp.h"
#include "../valid/valid.h"

/* ---- modules ---- */

wf_module *wf_module_new(const uint8_t *bytes, size_t len, wf_error *err)
{
    wf_module *m = bin_decode(bytes, len, err);
    if (m && !val_module(m, err)) {
        bin_module_free(m);
        return NULL;
    }
    return m;
}

void wf_module_free(wf_module *m) { bin_module_release(m); }

size_t wf_module_import_count(const wf_module *m) { return m->nimports; }

void wf_module_import(const wf_module *m, size_t i, const char **module_name, const char **name,
                      wf_externkind *kind)
{
    *module_name = m->imports[i].module;
    *name = m->imports[i].name;
    *kind = m->imports[i].kind;
}

size_t wf_module_export_count(const wf_module *m) { return m->nexports; }

void wf_module_export(const wf_module *m, size_t i, const char **name, wf_externkind *kind)
{
    *name = m->exports[i].name;
    *kind = m->exports[i].kind;
}

const wf_functype *wf_module_export_functype(const wf_module *m, const char *name)
{
    for (uint32_t i = 0; i < m->nexports; i++)
        if (m->exports[i].kind == WF_EXTERN_FUNC && !strcmp(m->exports[i].name, name))
            return bin_func_type(m, m->exports[i].index);
    return NULL;
}

/* ---- constant expressions ---- */

bool rt_eval_const(wf_instance *inst, const bin_expr *e, rt_slot *out, wf_error *err)
{
    wf_reader r = {e->start, e->start, e->start + e->len};
    const char *why;
    uint8_t op = *r.p++;
    memset(out, 0, 2 * sizeof *out);
    switch (op) {
    case 0x41: { int32_t v; wf_read_s32(&r, &v, &why); out->i32 = (uint32_t)v; return true; }
    case 0x42: { int64_t v; wf_read_s64(&r, &v, &why); out->i64 = (uint64_t)v; return true; }
    case 0x43: memcpy(&out->f32, r.p, 4); return true;
    case 0x44: memcpy(&out->f64, r.p, 8); return true;
    case 0xd0: out->ref = NULL; return true;
    case 0xd2: {
        uint32_t idx;
        wf_read_u32(&r, &idx, &why);
        out->ref = inst->funcs[idx];
        return true;
    }
    case 0x23: {
        uint32_t idx;
        wf_read_u32(&r, &idx, &why);
        memcpy(out, inst->globals[idx]->value, 2 * sizeof *out);
        return true;
    }
    case 0xfd: {
        uint32_t sub;
        wf_read_u32(&r, &sub, &why);
        memcpy(&out[0].i64, r.p, 8);
        memcpy(&out[1].i64, r.p + 8, 8);
        return true;
    }
    }
    return wf_fail(err, WF_ERR_INVALID, e->offset, "constant expression required");
}

/* ---- import checks ---- */

/* Limits subtyping: the provided object's current size is its minimum. */
static bool limits_match(uint64_t have_min, bool have_has_max, uint64_t have_max,
                         const wf_limits *want)
{
    if (have_min < want->min)
        return false;
    if (want->has_max && (!have_has_max || have_max > want->max))
        return false;
    return true;
}

static bool import_matches(const wf_module *m, const bin_import *im, const wf_extern *ext)
{
    if (ext->kind != im->kind)
        return false;
    switch (im->kind) {
    case WF_EXTERN_FUNC:
        return ext->of.func && rt_functype_eq(ext->of.func->type, &m->types[im->of.type_index]);
    case WF_EXTERN_TABLE: {
        const wf_table *t = ext->of.table;
        return t && t->elem_type == im->of.table.elem &&
               t->limits.is64 == im->of.table.limits.is64 &&
               limits_match(t->size, t->limits.has_max, t->limits.max, &im->of.table.limits);
    }
    case WF_EXTERN_MEMORY: {
        const wf_memory *mem = ext->of.memory;
        const wf_limits *want = &im->of.memory.limits;
        return mem && mem->limits.shared == want->shared && mem->limits.is64 == want->is64 &&
               limits_match(mem->size / RT_PAGE_SIZE, mem->limits.has_max, mem->limits.max, want);
    }
    case WF_EXTERN_GLOBAL: {
        const wf_global *g = ext->of.global;
        return g && g->type == im->of.global.type && g->is_mutable == im->of.global.is_mutable;
    }
    case WF_EXTERN_TAG:
        return ext->of.tag && rt_functype_eq(ext->of.tag->type, &m->types[im->of.tag_type]);
    }
    return false;
}

/* ---- instantiation ---- */

static bool alloc_arrays(wf_instance *inst, const wf_module *m)
{
    inst->funcs = wf_calloc(bin_total_funcs(m), sizeof *inst->funcs);
    inst->tables = wf_calloc(bin_total_tables(m), sizeof *inst->tables);
    inst->memories = wf_calloc(bin_total_memories(m), sizeof *inst->memories);
    inst->globals = wf_calloc(bin_total_globals(m), sizeof *inst->globals);
    inst->tags = wf_calloc(bin_total_tags(m), sizeof *inst->tags);
    inst->elem_dropped = wf_calloc(m->nelems, sizeof *inst->elem_dropped);
    inst->data_dropped = wf_calloc(m->ndatas, sizeof *inst->data_dropped);
    inst->elem_refs = wf_calloc(m->nelems, sizeof *inst->elem_refs);
    return inst->funcs && inst->tables && inst->memories && inst->globals && inst->tags &&
           inst->elem_dropped && inst->data_dropped && inst->elem_refs;
}

static void bind_imports(wf_instance *inst, const wf_extern *imports)
{
    const wf_module *m = inst->module;
    uint32_t nf = 0, nt = 0, nm = 0, ng = 0, nx = 0;
    for (uint32_t i = 0; i < m->nimports; i++) {
        const wf_extern *x = &imports[i];
        switch (x->kind) {
        case WF_EXTERN_FUNC: inst->funcs[nf++] = x->of.func; break;
        case WF_EXTERN_TABLE: inst->tables[nt++] = x->of.table; break;
        case WF_EXTERN_MEMORY: inst->memories[nm++] = x->of.memory; break;
        case WF_EXTERN_GLOBAL: inst->globals[ng++] = x->of.global; break;
        case WF_EXTERN_TAG: inst->tags[nx++] = x->of.tag; break;
        }
    }
}

/* Each instantiation makes its own tags: two instances of one module
 * throw exceptions the other cannot catch by tag. */
static bool make_tags(wf_instance *inst)
{
    const wf_module *m = inst->module;
    for (uint32_t i = 0; i < m->ntags; i++) {
        wf_tag *t = rt_tag_new(inst->store, &m->types[m->tags[i]]);
        if (!t)
            return false;
        inst->tags[m->ntag_imports + i] = t;
    }
    return true;
}

static bool make_funcs(wf_instance *inst)
{
    const wf_module *m = inst->module;
    for (uint32_t i = 0; i < m->nfuncs; i++) {
        wf_func *f = calloc(1, sizeof *f);
        if (!f)
            return false;
        f->type = &m->types[m->funcs[i].type_index];
        f->inst = inst;
        f->index = m->nfunc_imports + i;
        f->code = m->funcs[i].compiled;
        f->next = inst->store->funcs;
        inst->store->funcs = f;
        inst->funcs[f->index] = f;
    }
    return true;
}

static bool make_globals(wf_instance *inst, wf_error *err)
{
    const wf_module *m = inst->module;
    for (uint32_t i = 0; i < m->nglobals; i++) {
        wf_global *g = calloc(1, sizeof *g);
        if (!g)
            return wf_fail(err, WF_ERR_LIMIT, 0, "out of memory");
        g->type = m->globals[i].type.type;
        g->is_mutable = m->globals[i].type.is_mutable;
        g->next = inst->store->globals;
        inst->store->globals = g;
        if (!rt_eval_const(inst, &m->globals[i].init, g->value, err))
            return false;
        inst->globals[m->nglobal_imports + i] = g;
    }
    return true;
}

static bool make_tables_memories(wf_instance *inst, wf_error *err)
{
    const wf_module *m = inst->module;
    for (uint32_t i = 0; i < m->ntables; i++) {
        wf_table *t = rt_table_new(inst->store, m->tables[i].elem, m->tables[i].limits, NULL, err);
        if (!t)
            return false;
        inst->tables[m->ntable_imports + i] = t;
    }
    for (uint32_t i = 0; i < m->nmemories; i++) {
        wf_memory *mem = rt_memory_new(inst->store, m->memories[i].limits, err);
        if (!mem)
            return false;
        inst->memories[m->nmemory_imports + i] = mem;
    }
    inst->mem0 = bin_total_memories(m) ? inst->memories[0] : NULL;
    return true;
}

static bool eval_elem_refs(wf_instance *inst, wf_error *err)
{
    const wf_module *m = inst->module;
    for (uint32_t i = 0; i < m->nelems; i++) {
        const bin_elem *el = &m->elems[i];
        void **refs = wf_calloc(el->count, sizeof *refs);
        if (!refs)
            return wf_fail(err, WF_ERR_LIMIT, 0, "out of memory");
        inst->elem_refs[i] = refs;
        for (uint32_t k = 0; k < el->count; k++) {
            rt_slot s[2];
            if (!el->items[k].expr.len)
                refs[k] = inst->funcs[el->items[k].func_index];
            else if (rt_eval_const(inst, &el->items[k].expr, s, err))
                refs[k] = s[0].ref;
            else
                return false;
        }
    }
    return true;
}

static bool trap_err(wf_error *err, wf_trapcode code)
{
    return wf_fail(err, WF_ERR_TRAP, 0, "%s", rt_trap_text(code));
}

/* Active segments are written in order, each bounds-checked as a whole
 * (2.0: a trap leaves the earlier segments written); then active and
 * declarative element segments are dropped. */
static bool init_segments(wf_instance *inst, wf_error *err)
{
    const wf_module *m = inst->module;
    for (uint32_t i = 0; i < m->nelems; i++) {
        const bin_elem *el = &m->elems[i];
        if (el->mode != BIN_SEG_ACTIVE)
            continue;
        rt_slot off[2];
        if (!rt_eval_const(inst, &el->offset, off, err))
            return false;
        wf_table *t = inst->tables[el->table];
        uint64_t o = t->limits.is64 ? off[0].i64 : off[0].i32;   /* table64 */
        if (o > t->size || el->count > t->size - o)
            return trap_err(err, WF_TRAP_TABLE_OOB);
        if (el->count)
            memcpy(t->elems + o, inst->elem_refs[i], el->count * sizeof(void *));
        inst->elem_dropped[i] = true;
    }
    for (uint32_t i = 0; i < m->ndatas; i++) {
        const bin_data *dt = &m->datas[i];
        if (dt->mode != BIN_SEG_ACTIVE)
            continue;
        rt_slot off[2];
        if (!rt_eval_const(inst, &dt->offset, off, err))
            return false;
        wf_memory *mem = inst->memories[dt->memory];
        uint64_t o = mem->limits.is64 ? off[0].i64 : off[0].i32;
        if (o > mem->size || dt->len > mem->size - o)
            return trap_err(err, WF_TRAP_MEMORY_OOB);
        if (dt->len)
            memcpy(mem->base + o, dt->bytes, dt->len);
        inst->data_dropped[i] = true;
    }
    for (uint32_t i = 0; i < m->nelems; i++)
        if (m->elems[i].mode == BIN_SEG_DECLARATIVE)
            inst->elem_dropped[i] = true;
    return true;
}

static bool run_start(wf_instance *inst, wf_error *err)
{
    const wf_module *m = inst->module;
    if (!m->has_start)
        return true;
    wf_trap *trap = interp_invoke(inst->funcs[m->start], NULL, NULL);
    if (!trap)
        return true;
    int code;
    if (wf_trap_exit_code(trap, &code))
        wf_fail(err, WF_ERR_TRAP, (size_t)code, "exit %d", code);
    else
        wf_fail(err, WF_ERR_TRAP, 0, "%s", wf_trap_message(trap));
    wf_trap_free(trap);
    return false;
}

static bool check_imports(const wf_module *m, const wf_extern *imports, size_t n, wf_error *err)
{
    if (n != m->nimports)
        return wf_fail(err, WF_ERR_LINK, 0, "expected %u imports, got %zu", m->nimports, n);
    for (uint32_t i = 0; i < m->nimports; i++)
        if (!import_matches(m, &m->imports[i], &imports[i]))
            return wf_fail(err, WF_ERR_LINK, 0, "incompatible import type for \"%s\" \"%s\"",
                           m->imports[i].module, m->imports[i].name);
    return true;
}

wf_instance *wf_instance_new(wf_store *store, const wf_module *m, const wf_extern *imports,
                             size_t nimports, wf_error *err)
{
    if (!check_imports(m, imports, nimports, err))
        return NULL;
    wf_instance *inst = calloc(1, sizeof *inst);
    if (!inst) {
        wf_fail(err, WF_ERR_LIMIT, 0, "out of memory");
        return NULL;
    }
    inst->store = store;
    inst->module = m;
    bin_module_retain(m);
    /* In the store's list from the start: whatever a failed instantiation
     * already wrote (2.0 keeps it) is freed with the store. */
    inst->next = store->instances;
    store->instances = inst;
    if (!alloc_arrays(inst, m) || !make_funcs(inst) || !make_tags(inst)) {
        wf_fail(err, WF_ERR_LIMIT, 0, "out of memory");
        return NULL;
    }
    bind_imports(inst, imports);
    if (!make_globals(inst, err) || !make_tables_memories(inst, err) ||
        !eval_elem_refs(inst, err) || !init_segments(inst, err) || !run_start(inst, err))
        return NULL;
    return inst;
}

/* ---- exports ---- */

static void export_extern(const wf_instance *inst, const bin_export *ex, wf_extern *out)
{
    out->kind = ex->kind;
    switch (ex->kind) {
    case WF_EXTERN_FUNC: out->of.func = inst->funcs[ex->index]; break;
    case WF_EXTERN_TABLE: out->of.table = inst->tables[ex->index]; break;
    case WF_EXTERN_MEMORY: out->of.memory = inst->memories[ex->index]; break;
    case WF_EXTERN_GLOBAL: out->of.global = inst->globals[ex->index]; break;
    case WF_EXTERN_TAG: out->of.tag = inst->tags[ex->index]; break;
    }
}

bool rt_instance_export(const wf_instance *inst, const char *name, size_t len, wf_extern *out)
{
    const wf_module *m = inst->module;
    for (uint32_t i = 0; i < m->nexports; i++) {
        const bin_export *ex = &m->exports[i];
        if (ex->name_len == len && !memcmp(ex->name, name, len)) {
            export_extern(inst, ex, out);
            return true;
        }
    }
    return false;
}

bool wf_instance_export_n(const wf_instance *inst, const char *name, size_t len,
                          wf_extern *out)
{
    return rt_instance_export(inst, name, len, out);
}

bool wf_instance_export(const wf_instance *inst, const char *name, wf_extern *out)
{
    return rt_instance_export(inst, name, strlen(name), out);
}

size_t wf_instance_export_count(const wf_instance *inst) { return inst->module->nexports; }

void wf_instance_export_nth(const wf_instance *inst, size_t i, const char **name, wf_extern *out)
{
    *name = inst->module->exports[i].name;
    export_extern(inst, &inst->module->exports[i], out);
}

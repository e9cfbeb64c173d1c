/* module.c — module-level validation: everything outside function bodies.
 * Function bodies are validated and compiled by val_function (body.c),
 * called last, once the declared function references (C.refs) are known. */
#include <stdlib.h>
#include <string.h>

#include "valid.h"

#define MAX_PAGES 65536u

static bool invalid(wf_error *err, size_t off, const char *fmt, uint32_t a)
{
    return wf_fail(err, WF_ERR_INVALID, off, fmt, a);
}

/* ---- constant expressions ---- */

/* 2.0 constant expressions: one constant, ref.null, ref.func or global.get
 * of an immutable imported global, then `end`. */
bool val_const_expr(const wf_module *m, const bin_expr *e, uint8_t type,
                    uint32_t nglobals_visible, wf_error *err)
{
    wf_reader r = {m->bytes, e->start, e->start + e->len};
    uint8_t stack[2];
    unsigned depth = 0;
    const char *why;
    for (;;) {
        size_t at = wf_reader_offset(&r);
        if (r.p >= r.end)
            return wf_fail(err, WF_ERR_INVALID, at, "type mismatch");
        uint8_t op = *r.p++, t;
        uint32_t idx;
        int32_t i32v;
        int64_t i64v;
        switch (op) {
        case 0x0b:
            if (depth != 1 || stack[0] != type)
                return wf_fail(err, WF_ERR_INVALID, at, "type mismatch");
            return true;
        case 0x41: wf_read_s32(&r, &i32v, &why); t = WF_I32; break;
        case 0x42: wf_read_s64(&r, &i64v, &why); t = WF_I64; break;
        case 0x43: r.p += 4; t = WF_F32; break;
        case 0x44: r.p += 8; t = WF_F64; break;
        case 0xd0: t = *r.p++; break;
        case 0xd2:
            wf_read_u32(&r, &idx, &why);
            if (idx >= bin_total_funcs(m))
                return invalid(err, at, "unknown function %u", idx);
            t = WF_FUNCREF;
            break;
        case 0x23: {
            wf_read_u32(&r, &idx, &why);
            if (idx >= nglobals_visible)
                return invalid(err, at, "unknown global %u", idx);
            bin_globaltype g = bin_global_type(m, idx);
            if (g.is_mutable)
                return wf_fail(err, WF_ERR_INVALID, at, "constant expression required");
            t = g.type;
            break;
        }
        case 0xfd:
            /* v128.const is the only SIMD constant (decoder checked it). */
            if (!wf_read_u32(&r, &idx, &why) || idx != 12)
                return wf_fail(err, WF_ERR_INVALID, at, "constant expression required");
            r.p += 16;
            t = WF_V128;
            break;
        default:
            return wf_fail(err, WF_ERR_INVALID, at, "constant expression required");
        }
        if (depth == 2)
            return wf_fail(err, WF_ERR_INVALID, at, "type mismatch");
        stack[depth++] = t;
    }
}

/* Mark every ref.func inside a constant expression as declared. */
static void declare_refs(const wf_module *m, const bin_expr *e)
{
    if (e->len && e->start[0] == 0xd2) {
        wf_reader r = {m->bytes, e->start + 1, e->start + e->len};
        uint32_t idx;
        const char *why;
        if (wf_read_u32(&r, &idx, &why) && idx < bin_total_funcs(m))
            m->func_declared[idx] = 1;
    }
}

/* ---- types of entities ---- */

static bool check_limits(const wf_limits *l, uint64_t bound, const char *too_big,
                         size_t off, wf_error *err)
{
    if (l->min > bound || (l->has_max && l->max > bound))
        return wf_fail(err, WF_ERR_INVALID, off, "%s", too_big);
    if (l->has_max && l->min > l->max)
        return wf_fail(err, WF_ERR_INVALID, off, "size minimum must not be greater than maximum");
    return true;
}

static bool check_memtype(const bin_memtype *t, size_t off, wf_error *err)
{
    const wf_limits *l = &t->limits;
    bool ok = l->is64 ? check_limits(l, (uint64_t)1 << 48,
                                     "memory size must be at most 2^48 pages", off, err)
                      : check_limits(l, MAX_PAGES, "memory size must be at most 65536 pages (4GiB)",
                                     off, err);
    if (ok && l->shared && !l->has_max)
        return wf_fail(err, WF_ERR_INVALID, off, "shared memory must have maximum");
    return ok;
}

static bool check_tabletype(const bin_tabletype *t, size_t off, wf_error *err)
{
    /* table64: a 64-bit table's limits are any u64 (the store caps it). */
    if (t->limits.is64)
        return check_limits(&t->limits, UINT64_MAX, "table size", off, err);
    return check_limits(&t->limits, UINT32_MAX, "table size must be at most 2^32-1", off, err);
}

/* A tag's type: a function type with no results (exception tags). */
static bool check_tagtype(const wf_module *m, uint32_t type_index, size_t off, wf_error *err)
{
    if (type_index >= m->ntypes)
        return invalid(err, off, "unknown type %u", type_index);
    if (m->types[type_index].nresults)
        return wf_fail(err, WF_ERR_INVALID, off, "non-empty tag result type");
    return true;
}

static bool check_imports(const wf_module *m, wf_error *err)
{
    for (uint32_t i = 0; i < m->nimports; i++) {
        const bin_import *im = &m->imports[i];
        bool ok = true;
        if (im->kind == WF_EXTERN_FUNC && im->of.type_index >= m->ntypes)
            ok = invalid(err, im->offset, "unknown type %u", im->of.type_index);
        else if (im->kind == WF_EXTERN_TABLE)
            ok = check_tabletype(&im->of.table, im->offset, err);
        else if (im->kind == WF_EXTERN_MEMORY)
            ok = check_memtype(&im->of.memory, im->offset, err);
        else if (im->kind == WF_EXTERN_TAG)
            ok = check_tagtype(m, im->of.tag_type, im->offset, err);
        if (!ok)
            return false;
    }
    return true;
}

static bool check_definitions(const wf_module *m, wf_error *err)
{
    for (uint32_t i = 0; i < m->nfuncs; i++)
        if (m->funcs[i].type_index >= m->ntypes)
            return invalid(err, m->funcs[i].code_offset, "unknown type %u", m->funcs[i].type_index);
    for (uint32_t i = 0; i < m->ntables; i++)
        if (!check_tabletype(&m->tables[i], 0, err))
            return false;
    for (uint32_t i = 0; i < m->nmemories; i++)
        if (!check_memtype(&m->memories[i], 0, err))
            return false;
    for (uint32_t i = 0; i < m->ntags; i++)
        if (!check_tagtype(m, m->tags[i], 0, err))
            return false;
    for (uint32_t i = 0; i < m->nglobals; i++) {
        const bin_global *g = &m->globals[i];
        if (!val_const_expr(m, &g->init, g->type.type, m->nglobal_imports, err))
            return false;
        declare_refs(m, &g->init);
    }
    return true;
}

static int cmp_export_names(const void *a, const void *b)
{
    const bin_export *x = *(const bin_export *const *)a, *y = *(const bin_export *const *)b;
    if (x->name_len != y->name_len)
        return x->name_len < y->name_len ? -1 : 1;
    return memcmp(x->name, y->name, x->name_len);
}

/* Sorting pointers keeps the check O(n log n) for modules with very many
 * exports. */
static bool unique_export_names(const wf_module *m, wf_error *err)
{
    if (m->nexports < 2)
        return true;
    const bin_export **v = wf_calloc(m->nexports, sizeof *v);
    if (!v)
        return wf_fail(err, WF_ERR_LIMIT, 0, "out of memory");
    for (uint32_t i = 0; i < m->nexports; i++)
        v[i] = &m->exports[i];
    qsort(v, m->nexports, sizeof *v, cmp_export_names);
    bool ok = true;
    for (uint32_t i = 1; i < m->nexports && ok; i++)
        if (!cmp_export_names(&v[i - 1], &v[i]))
            ok = wf_fail(err, WF_ERR_INVALID, v[i]->offset, "duplicate export name");
    free(v);
    return ok;
}

static bool check_exports(const wf_module *m, wf_error *err)
{
    static const char *const unknown[] = {"unknown function %u", "unknown table %u",
                                          "unknown memory %u", "unknown global %u",
                                          "unknown tag %u"};
    for (uint32_t i = 0; i < m->nexports; i++) {
        const bin_export *ex = &m->exports[i];
        uint32_t limit = ex->kind == WF_EXTERN_FUNC    ? bin_total_funcs(m)
                         : ex->kind == WF_EXTERN_TABLE ? bin_total_tables(m)
                         : ex->kind == WF_EXTERN_MEMORY ? bin_total_memories(m)
                         : ex->kind == WF_EXTERN_TAG    ? bin_total_tags(m)
                                                         : bin_total_globals(m);
        if (ex->index >= limit)
            return invalid(err, ex->offset, unknown[ex->kind], ex->index);
        if (ex->kind == WF_EXTERN_FUNC)
            m->func_declared[ex->index] = 1;
    }
    return unique_export_names(m, err);
}

static bool check_start(const wf_module *m, wf_error *err)
{
    if (!m->has_start)
        return true;
    if (m->start >= bin_total_funcs(m))
        return invalid(err, m->start_offset, "unknown function %u", m->start);
    const wf_functype *ft = bin_func_type(m, m->start);
    if (ft->nparams || ft->nresults)
        return wf_fail(err, WF_ERR_INVALID, m->start_offset, "start function");
    return true;
}

/* ---- segments ---- */

static bool check_elem(const wf_module *m, const bin_elem *el, wf_error *err)
{
    if (el->mode == BIN_SEG_ACTIVE) {
        if (el->table >= bin_total_tables(m))
            return invalid(err, el->offset.offset, "unknown table %u", el->table);
        uint8_t t = bin_table_type(m, el->table).limits.is64 ? WF_I64 : WF_I32;
        if (!val_const_expr(m, &el->offset, t, m->nglobal_imports, err))
            return false;
        if (bin_table_type(m, el->table).elem != el->type)
            return wf_fail(err, WF_ERR_INVALID, el->offset.offset, "type mismatch");
    }
    for (uint32_t k = 0; k < el->count; k++) {
        const bin_elem_item *it = &el->items[k];
        if (it->expr.len) {
            if (!val_const_expr(m, &it->expr, el->type, m->nglobal_imports, err))
                return false;
            declare_refs(m, &it->expr);
        } else {
            if (it->func_index >= bin_total_funcs(m))
                return invalid(err, 0, "unknown function %u", it->func_index);
            m->func_declared[it->func_index] = 1;
        }
    }
    return true;
}

static bool check_segments(const wf_module *m, wf_error *err)
{
    for (uint32_t i = 0; i < m->nelems; i++)
        if (!check_elem(m, &m->elems[i], err))
            return false;
    for (uint32_t i = 0; i < m->ndatas; i++) {
        const bin_data *dt = &m->datas[i];
        if (dt->mode != BIN_SEG_ACTIVE)
            continue;
        if (dt->memory >= bin_total_memories(m))
            return invalid(err, dt->offset.offset, "unknown memory %u", dt->memory);
        uint8_t t = bin_memory_type(m, dt->memory).limits.is64 ? WF_I64 : WF_I32;
        if (!val_const_expr(m, &dt->offset, t, m->nglobal_imports, err))
            return false;
    }
    return true;
}

bool val_module(wf_module *m, wf_error *err)
{
    free(m->func_declared);
    m->func_declared = calloc(bin_total_funcs(m) + 1, 1);
    if (!m->func_declared)
        return wf_fail(err, WF_ERR_LIMIT, 0, "out of memory");
    if (!check_imports(m, err) || !check_definitions(m, err) || !check_exports(m, err) ||
        !check_start(m, err) || !check_segments(m, err))
        return false;
    for (uint32_t i = 0; i < m->nfuncs; i++)
        if (!val_function(m, i, err))
            return false;
    return true;
}

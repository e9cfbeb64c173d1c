/* types.c — vectors, value types, extern types, import/export types. */
#include <stdlib.h>
#include <string.h>

#include "capi.h"

/* ---- vectors ---------------------------------------------------------- */

/* Vectors of values (bytes, wasm_val_t): copy uses COPY_ELEM, delete runs
 * DEL_ELEM on each element. */
#define CAPI_VEC_COMMON(name, elem_t)                                        \
    void wasm_##name##_vec_new_empty(wasm_##name##_vec_t *out) {            \
        out->size = 0;                                                       \
        out->data = NULL;                                                    \
    }                                                                        \
    void wasm_##name##_vec_new_uninitialized(wasm_##name##_vec_t *out, size_t n) { \
        out->data = n ? (elem_t *)calloc(n, sizeof(elem_t)) : NULL;          \
        out->size = out->data ? n : 0;                                       \
    }                                                                        \
    void wasm_##name##_vec_new(wasm_##name##_vec_t *out, size_t n,           \
                               elem_t const data[]) {                        \
        wasm_##name##_vec_new_uninitialized(out, n);                         \
        if (out->size) memcpy(out->data, data, n * sizeof(elem_t));          \
    }

#define CAPI_VEC_VALUES(name, elem_t, COPY_ELEM, DEL_ELEM)                   \
    CAPI_VEC_COMMON(name, elem_t)                                            \
    void wasm_##name##_vec_copy(wasm_##name##_vec_t *out,                    \
                                const wasm_##name##_vec_t *src) {            \
        wasm_##name##_vec_new_uninitialized(out, src->size);                 \
        for (size_t i = 0; i < out->size; i++) COPY_ELEM(&out->data[i], &src->data[i]); \
    }                                                                        \
    void wasm_##name##_vec_delete(wasm_##name##_vec_t *v) {                  \
        if (!v) return;                                                      \
        for (size_t i = 0; i < v->size; i++) DEL_ELEM(&v->data[i]);          \
        free(v->data);                                                       \
        v->data = NULL;                                                      \
        v->size = 0;                                                         \
    }

/* Vectors of owned pointers: elements are copied and deleted with the
 * type's own functions; NULL elements are allowed. */
#define CAPI_VEC_POINTERS(name)                                              \
    CAPI_VEC_COMMON(name, wasm_##name##_t *)                                 \
    void wasm_##name##_vec_copy(wasm_##name##_vec_t *out,                    \
                                const wasm_##name##_vec_t *src) {            \
        wasm_##name##_vec_new_uninitialized(out, src->size);                 \
        for (size_t i = 0; i < out->size; i++)                               \
            out->data[i] = src->data[i] ? wasm_##name##_copy(src->data[i]) : NULL; \
    }                                                                        \
    void wasm_##name##_vec_delete(wasm_##name##_vec_t *v) {                  \
        if (!v) return;                                                      \
        for (size_t i = 0; i < v->size; i++)                                 \
            if (v->data[i]) wasm_##name##_delete(v->data[i]);                \
        free(v->data);                                                       \
        v->data = NULL;                                                      \
        v->size = 0;                                                         \
    }

#define COPY_BYTE(d, s) (*(d) = *(s))
#define DEL_NOTHING(p) ((void)(p))
CAPI_VEC_VALUES(byte, wasm_byte_t, COPY_BYTE, DEL_NOTHING)
CAPI_VEC_VALUES(val, wasm_val_t, wasm_val_copy, wasm_val_delete)
CAPI_VEC_POINTERS(valtype)
CAPI_VEC_POINTERS(functype)
CAPI_VEC_POINTERS(globaltype)
CAPI_VEC_POINTERS(tabletype)
CAPI_VEC_POINTERS(memorytype)
CAPI_VEC_POINTERS(externtype)
CAPI_VEC_POINTERS(importtype)
CAPI_VEC_POINTERS(exporttype)
CAPI_VEC_POINTERS(frame)
CAPI_VEC_POINTERS(extern)

/* ---- value types ------------------------------------------------------ */

struct wasm_valtype_t { wasm_valkind_t kind; };

wasm_valtype_t *wasm_valtype_new(wasm_valkind_t k) {
    wasm_valtype_t *t = malloc(sizeof *t);
    if (t) t->kind = k;
    return t;
}
wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t *t) { return t->kind; }
wasm_valtype_t *wasm_valtype_copy(const wasm_valtype_t *t) { return wasm_valtype_new(t->kind); }
void wasm_valtype_delete(wasm_valtype_t *t) { free(t); }

wf_valkind capi_kind_to_wf(wasm_valkind_t k) {
    switch (k) {
    case WASM_I32: return WF_I32;
    case WASM_I64: return WF_I64;
    case WASM_F32: return WF_F32;
    case WASM_F64: return WF_F64;
    case WASM_EXTERNREF: return WF_EXTERNREF;
    case WASM_FUNCREF: return WF_FUNCREF;
    default: return (wf_valkind)0xff;
    }
}

/* v128 has no wasm.h kind: it shows as 4 (the next free number). */
wasm_valkind_t capi_kind_from_wf(uint8_t k) {
    switch (k) {
    case WF_I32: return WASM_I32;
    case WF_I64: return WASM_I64;
    case WF_F32: return WASM_F32;
    case WF_F64: return WASM_F64;
    case WF_EXTERNREF: return WASM_EXTERNREF;
    case WF_FUNCREF: return WASM_FUNCREF;
    default: return 4;
    }
}

/* ---- extern types: one struct for all four kinds ---------------------- */

struct wasm_externtype_t {
    wasm_externkind_t kind;
    wasm_valtype_vec_t params, results;   /* func */
    wasm_valtype_t *content;              /* global value / table element */
    wasm_mutability_t mutability;         /* global */
    wasm_limits_t limits;                 /* table, memory */
};
struct wasm_functype_t { struct wasm_externtype_t x; };
struct wasm_globaltype_t { struct wasm_externtype_t x; };
struct wasm_tabletype_t { struct wasm_externtype_t x; };
struct wasm_memorytype_t { struct wasm_externtype_t x; };

static wasm_externtype_t *externtype_alloc(wasm_externkind_t kind) {
    wasm_externtype_t *t = calloc(1, sizeof *t);
    if (t) t->kind = kind;
    return t;
}

void wasm_externtype_delete(wasm_externtype_t *t) {
    if (!t) return;
    wasm_valtype_vec_delete(&t->params);
    wasm_valtype_vec_delete(&t->results);
    wasm_valtype_delete(t->content);
    free(t);
}

wasm_externtype_t *wasm_externtype_copy(const wasm_externtype_t *src) {
    if (!src) return NULL;
    wasm_externtype_t *t = externtype_alloc(src->kind);
    if (!t) return NULL;
    wasm_valtype_vec_copy(&t->params, &src->params);
    wasm_valtype_vec_copy(&t->results, &src->results);
    t->content = src->content ? wasm_valtype_copy(src->content) : NULL;
    t->mutability = src->mutability;
    t->limits = src->limits;
    return t;
}

wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t *t) { return t->kind; }

/* Per-kind delete/copy and the views to and from wasm_externtype_t. */
#define CAPI_EXTERNTYPE_KIND(name, KIND)                                     \
    void wasm_##name##_delete(wasm_##name##_t *t) {                          \
        wasm_externtype_delete(t ? &t->x : NULL);                            \
    }                                                                        \
    wasm_##name##_t *wasm_##name##_copy(const wasm_##name##_t *t) {          \
        return (wasm_##name##_t *)wasm_externtype_copy(&t->x);               \
    }                                                                        \
    wasm_externtype_t *wasm_##name##_as_externtype(wasm_##name##_t *t) {     \
        return t ? &t->x : NULL;                                             \
    }                                                                        \
    const wasm_externtype_t *wasm_##name##_as_externtype_const(const wasm_##name##_t *t) { \
        return t ? &t->x : NULL;                                             \
    }                                                                        \
    wasm_##name##_t *wasm_externtype_as_##name(wasm_externtype_t *t) {       \
        return t && t->kind == KIND ? (wasm_##name##_t *)t : NULL;           \
    }                                                                        \
    const wasm_##name##_t *wasm_externtype_as_##name##_const(const wasm_externtype_t *t) { \
        return t && t->kind == KIND ? (const wasm_##name##_t *)t : NULL;     \
    }

CAPI_EXTERNTYPE_KIND(functype, WASM_EXTERN_FUNC)
CAPI_EXTERNTYPE_KIND(globaltype, WASM_EXTERN_GLOBAL)
CAPI_EXTERNTYPE_KIND(tabletype, WASM_EXTERN_TABLE)
CAPI_EXTERNTYPE_KIND(memorytype, WASM_EXTERN_MEMORY)

/* Takes the vectors' contents; on OOM they are released. */
wasm_functype_t *wasm_functype_new(wasm_valtype_vec_t *params, wasm_valtype_vec_t *results) {
    wasm_externtype_t *t = externtype_alloc(WASM_EXTERN_FUNC);
    if (!t) {
        wasm_valtype_vec_delete(params);
        wasm_valtype_vec_delete(results);
        return NULL;
    }
    t->params = *params;
    t->results = *results;
    return (wasm_functype_t *)t;
}
const wasm_valtype_vec_t *wasm_functype_params(const wasm_functype_t *t) { return &t->x.params; }
const wasm_valtype_vec_t *wasm_functype_results(const wasm_functype_t *t) { return &t->x.results; }

wasm_globaltype_t *wasm_globaltype_new(wasm_valtype_t *content, wasm_mutability_t mut) {
    wasm_externtype_t *t = externtype_alloc(WASM_EXTERN_GLOBAL);
    if (!t) {
        wasm_valtype_delete(content);
        return NULL;
    }
    t->content = content;
    t->mutability = mut;
    return (wasm_globaltype_t *)t;
}
const wasm_valtype_t *wasm_globaltype_content(const wasm_globaltype_t *t) { return t->x.content; }
wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t *t) { return t->x.mutability; }

wasm_tabletype_t *wasm_tabletype_new(wasm_valtype_t *elem, const wasm_limits_t *limits) {
    wasm_externtype_t *t = externtype_alloc(WASM_EXTERN_TABLE);
    if (!t) {
        wasm_valtype_delete(elem);
        return NULL;
    }
    t->content = elem;
    t->limits = *limits;
    return (wasm_tabletype_t *)t;
}
const wasm_valtype_t *wasm_tabletype_element(const wasm_tabletype_t *t) { return t->x.content; }
const wasm_limits_t *wasm_tabletype_limits(const wasm_tabletype_t *t) { return &t->x.limits; }

wasm_memorytype_t *wasm_memorytype_new(const wasm_limits_t *limits) {
    wasm_externtype_t *t = externtype_alloc(WASM_EXTERN_MEMORY);
    if (!t) return NULL;
    t->limits = *limits;
    return (wasm_memorytype_t *)t;
}
const wasm_limits_t *wasm_memorytype_limits(const wasm_memorytype_t *t) { return &t->x.limits; }

/* ---- conversions from weft's types ------------------------------------ */

static bool valtypes_from_wf(wasm_valtype_vec_t *out, const uint8_t *kinds, uint32_t n) {
    wasm_valtype_vec_new_uninitialized(out, n);
    if (out->size != n) return false;
    for (uint32_t i = 0; i < n; i++)
        if (!(out->data[i] = wasm_valtype_new(capi_kind_from_wf(kinds[i])))) return false;
    return true;
}

wasm_functype_t *capi_functype_from_wf(const wf_functype *ft) {
    wasm_externtype_t *t = externtype_alloc(WASM_EXTERN_FUNC);
    if (!t) return NULL;
    if (!valtypes_from_wf(&t->params, ft->params, ft->nparams) ||
        !valtypes_from_wf(&t->results, ft->results, ft->nresults)) {
        wasm_externtype_delete(t);
        return NULL;
    }
    return (wasm_functype_t *)t;
}

wasm_globaltype_t *capi_globaltype_new(uint8_t wf_kind, bool is_mutable) {
    wasm_valtype_t *v = wasm_valtype_new(capi_kind_from_wf(wf_kind));
    return v ? wasm_globaltype_new(v, is_mutable ? WASM_VAR : WASM_CONST) : NULL;
}

/* wasm.h limits are 32-bit: clamp what does not fit (memory64, huge max). */
static wasm_limits_t limits_from(uint64_t min, bool has_max, uint64_t max) {
    wasm_limits_t l;
    l.min = min > UINT32_MAX ? UINT32_MAX : (uint32_t)min;
    l.max = !has_max || max > UINT32_MAX ? wasm_limits_max_default : (uint32_t)max;
    return l;
}

wasm_tabletype_t *capi_tabletype_new(uint8_t wf_elem, uint64_t min, bool has_max, uint64_t max) {
    wasm_valtype_t *v = wasm_valtype_new(capi_kind_from_wf(wf_elem));
    wasm_limits_t l = limits_from(min, has_max, max);
    return v ? wasm_tabletype_new(v, &l) : NULL;
}

wasm_memorytype_t *capi_memorytype_new(uint64_t min, bool has_max, uint64_t max) {
    wasm_limits_t l = limits_from(min, has_max, max);
    return wasm_memorytype_new(&l);
}

/* ---- import and export types ------------------------------------------ */

struct wasm_importtype_t {
    wasm_name_t module, name;
    wasm_externtype_t *type;
};

struct wasm_exporttype_t {
    wasm_name_t name;
    wasm_externtype_t *type;
};

wasm_importtype_t *wasm_importtype_new(wasm_name_t *module, wasm_name_t *name,
                                       wasm_externtype_t *type) {
    wasm_importtype_t *t = malloc(sizeof *t);
    if (!t) {
        wasm_name_delete(module);
        wasm_name_delete(name);
        wasm_externtype_delete(type);
        return NULL;
    }
    t->module = *module;
    t->name = *name;
    t->type = type;
    return t;
}
void wasm_importtype_delete(wasm_importtype_t *t) {
    if (!t) return;
    wasm_name_delete(&t->module);
    wasm_name_delete(&t->name);
    wasm_externtype_delete(t->type);
    free(t);
}
wasm_importtype_t *wasm_importtype_copy(const wasm_importtype_t *src) {
    wasm_name_t m, n;
    wasm_name_copy(&m, &src->module);
    wasm_name_copy(&n, &src->name);
    return wasm_importtype_new(&m, &n, wasm_externtype_copy(src->type));
}
const wasm_name_t *wasm_importtype_module(const wasm_importtype_t *t) { return &t->module; }
const wasm_name_t *wasm_importtype_name(const wasm_importtype_t *t) { return &t->name; }
const wasm_externtype_t *wasm_importtype_type(const wasm_importtype_t *t) { return t->type; }

wasm_exporttype_t *wasm_exporttype_new(wasm_name_t *name, wasm_externtype_t *type) {
    wasm_exporttype_t *t = malloc(sizeof *t);
    if (!t) {
        wasm_name_delete(name);
        wasm_externtype_delete(type);
        return NULL;
    }
    t->name = *name;
    t->type = type;
    return t;
}
void wasm_exporttype_delete(wasm_exporttype_t *t) {
    if (!t) return;
    wasm_name_delete(&t->name);
    wasm_externtype_delete(t->type);
    free(t);
}
wasm_exporttype_t *wasm_exporttype_copy(const wasm_exporttype_t *src) {
    wasm_name_t n;
    wasm_name_copy(&n, &src->name);
    return wasm_exporttype_new(&n, wasm_externtype_copy(src->type));
}
const wasm_name_t *wasm_exporttype_name(const wasm_exporttype_t *t) { return &t->name; }
const wasm_externtype_t *wasm_exporttype_type(const wasm_exporttype_t *t) { return t->type; }

/* extern.c — globals, tables, memories, and the extern views over them. */
#include <stdlib.h>
#include <string.h>

#include "capi.h"

#define WF_OF(x) (((const capi_extobj *)(x))->wf)
#define STORE_OF(x) (((const struct wasm_ref_t *)(x))->store)

static wf_limits limits_to_wf(const wasm_limits_t *l) {
    wf_limits w;
    memset(&w, 0, sizeof w);
    w.min = l->min;
    w.has_max = l->max != wasm_limits_max_default;
    w.max = w.has_max ? l->max : 0;
    return w;
}

/* ---- globals ---------------------------------------------------------- */

wasm_global_t *wasm_global_new(wasm_store_t *s, const wasm_globaltype_t *type,
                               const wasm_val_t *val) {
    if (!s || !type || !val || !wasm_globaltype_content(type)) return NULL;
    uint8_t kind = (uint8_t)capi_kind_to_wf(wasm_valtype_kind(wasm_globaltype_content(type)));
    wf_val v;
    if (kind == 0xff || !capi_val_to_wf(val, kind, s, &v)) return NULL;
    wf_global *g = wf_global_new(s->wf, (wf_valkind)kind,
                                 wasm_globaltype_mutability(type) == WASM_VAR, v);
    return g ? (wasm_global_t *)capi_object_for(s, CAPI_GLOBAL, g) : NULL;
}

wasm_globaltype_t *wasm_global_type(const wasm_global_t *g) {
    const wf_global *wg = WF_OF(g);
    return capi_globaltype_new(wg->type, wg->is_mutable);
}

void wasm_global_get(const wasm_global_t *g, wasm_val_t *out) {
    wf_val v = wf_global_get(WF_OF(g));
    capi_val_from_wf(STORE_OF(g), &v, out);
}

/* Setting an immutable global, or with a value of the wrong type, does
 * nothing (the API has no way to report it). */
void wasm_global_set(wasm_global_t *g, const wasm_val_t *val) {
    wf_global *wg = (wf_global *)WF_OF(g);
    wf_val v;
    if (!wg->is_mutable || !capi_val_to_wf(val, wg->type, STORE_OF(g), &v)) return;
    wf_global_set(wg, v);
}

/* ---- tables ----------------------------------------------------------- */

/* A table element from a wasm_ref_t; false if a funcref gets a non-func. */
static bool elem_to_wf(uint8_t elem, const wasm_ref_t *r, const wasm_store_t *s, wf_val *out) {
    wasm_val_t v;
    v.kind = WASM_EXTERNREF;
    v.of.ref = (wasm_ref_t *)r;
    return capi_val_to_wf(&v, elem, s, out);
}

wasm_table_t *wasm_table_new(wasm_store_t *s, const wasm_tabletype_t *type, wasm_ref_t *init) {
    if (!s || !type || !wasm_tabletype_element(type)) return NULL;
    uint8_t elem = (uint8_t)capi_kind_to_wf(wasm_valtype_kind(wasm_tabletype_element(type)));
    wf_val v;
    if ((elem != WF_FUNCREF && elem != WF_EXTERNREF) || !elem_to_wf(elem, init, s, &v)) return NULL;
    wf_error err;
    wf_table *t = wf_table_new(s->wf, (wf_valkind)elem, limits_to_wf(wasm_tabletype_limits(type)),
                               v, &err);
    return t ? (wasm_table_t *)capi_object_for(s, CAPI_TABLE, t) : NULL;
}

wasm_tabletype_t *wasm_table_type(const wasm_table_t *t) {
    const wf_table *wt = WF_OF(t);
    return capi_tabletype_new(wt->elem_type, wf_table_size(wt), wt->limits.has_max, wt->limits.max);
}

wasm_ref_t *wasm_table_get(const wasm_table_t *t, wasm_table_size_t index) {
    const wf_table *wt = WF_OF(t);
    wf_val v;
    if (!wf_table_get(wt, index, &v)) return NULL;
    void *p = wt->elem_type == WF_FUNCREF ? (void *)v.of.funcref : v.of.externref;
    return capi_ref_from_wf(STORE_OF(t), p, wt->elem_type);
}

bool wasm_table_set(wasm_table_t *t, wasm_table_size_t index, wasm_ref_t *r) {
    wf_table *wt = (wf_table *)WF_OF(t);
    wf_val v;
    return elem_to_wf(wt->elem_type, r, STORE_OF(t), &v) && wf_table_set(wt, index, v);
}

wasm_table_size_t wasm_table_size(const wasm_table_t *t) {
    uint64_t n = wf_table_size(WF_OF(t));
    return n > UINT32_MAX ? UINT32_MAX : (wasm_table_size_t)n;
}

bool wasm_table_grow(wasm_table_t *t, wasm_table_size_t delta, wasm_ref_t *init) {
    wf_table *wt = (wf_table *)WF_OF(t);
    wf_val v;
    if (!elem_to_wf(wt->elem_type, init, STORE_OF(t), &v)) return false;
    void *p = wt->elem_type == WF_FUNCREF ? (void *)v.of.funcref : v.of.externref;
    return rt_table_grow(wt, delta, p) >= 0;
}

/* ---- memories --------------------------------------------------------- */

wasm_memory_t *wasm_memory_new(wasm_store_t *s, const wasm_memorytype_t *type) {
    if (!s || !type) return NULL;
    wf_error err;
    wf_memory *m = wf_memory_new(s->wf, limits_to_wf(wasm_memorytype_limits(type)), &err);
    return m ? (wasm_memory_t *)capi_object_for(s, CAPI_MEMORY, m) : NULL;
}

wasm_memorytype_t *wasm_memory_type(const wasm_memory_t *m) {
    const wf_memory *wm = WF_OF(m);
    return capi_memorytype_new(wf_memory_size(wm) / RT_PAGE_SIZE, wm->limits.has_max,
                               wm->limits.max);
}

byte_t *wasm_memory_data(wasm_memory_t *m) { return (byte_t *)wf_memory_data(WF_OF(m)); }
size_t wasm_memory_data_size(const wasm_memory_t *m) { return (size_t)wf_memory_size(WF_OF(m)); }

wasm_memory_pages_t wasm_memory_size(const wasm_memory_t *m) {
    return (wasm_memory_pages_t)(wf_memory_size(WF_OF(m)) / RT_PAGE_SIZE);
}

bool wasm_memory_grow(wasm_memory_t *m, wasm_memory_pages_t delta) {
    return wf_memory_grow((wf_memory *)WF_OF(m), delta) >= 0;
}

/* ---- externs ---------------------------------------------------------- */

wasm_externkind_t wasm_extern_kind(const wasm_extern_t *x) {
    switch (((const struct wasm_ref_t *)x)->kind) {
    case CAPI_GLOBAL: return WASM_EXTERN_GLOBAL;
    case CAPI_TABLE: return WASM_EXTERN_TABLE;
    case CAPI_MEMORY: return WASM_EXTERN_MEMORY;
    default: return WASM_EXTERN_FUNC;
    }
}

wasm_externtype_t *wasm_extern_type(const wasm_extern_t *x) {
    switch (((const struct wasm_ref_t *)x)->kind) {
    case CAPI_FUNC: return wasm_functype_as_externtype(wasm_func_type((const wasm_func_t *)x));
    case CAPI_GLOBAL:
        return wasm_globaltype_as_externtype(wasm_global_type((const wasm_global_t *)x));
    case CAPI_TABLE: return wasm_tabletype_as_externtype(wasm_table_type((const wasm_table_t *)x));
    case CAPI_MEMORY:
        return wasm_memorytype_as_externtype(wasm_memory_type((const wasm_memory_t *)x));
    default: return NULL;
    }
}

/* Views between an extern and its specific kind: the same object. */
#define CAPI_EXTERN_VIEWS(name, KIND)                                        \
    wasm_extern_t *wasm_##name##_as_extern(wasm_##name##_t *x) { return (wasm_extern_t *)x; } \
    const wasm_extern_t *wasm_##name##_as_extern_const(const wasm_##name##_t *x) { \
        return (const wasm_extern_t *)x;                                     \
    }                                                                        \
    wasm_##name##_t *wasm_extern_as_##name(wasm_extern_t *x) {               \
        return x && ((struct wasm_ref_t *)x)->kind == KIND ? (wasm_##name##_t *)x : NULL; \
    }                                                                        \
    const wasm_##name##_t *wasm_extern_as_##name##_const(const wasm_extern_t *x) { \
        return x && ((const struct wasm_ref_t *)x)->kind == KIND ? (const wasm_##name##_t *)x \
                                                                 : NULL;     \
    }

CAPI_EXTERN_VIEWS(func, CAPI_FUNC)
CAPI_EXTERN_VIEWS(global, CAPI_GLOBAL)
CAPI_EXTERN_VIEWS(table, CAPI_TABLE)
CAPI_EXTERN_VIEWS(memory, CAPI_MEMORY)

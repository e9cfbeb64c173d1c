/* store.c — engine, store, canonical objects, references and values. */
#include <stdlib.h>
#include <string.h>

#include "capi.h"

/* ---- config and engine: nothing to configure yet ---------------------- */

wasm_config_t *wasm_config_new(void) { return calloc(1, sizeof(wasm_config_t)); }
void wasm_config_delete(wasm_config_t *c) { free(c); }

wasm_engine_t *wasm_engine_new(void) { return calloc(1, sizeof(wasm_engine_t)); }
wasm_engine_t *wasm_engine_new_with_config(wasm_config_t *c) {
    wasm_config_delete(c);
    return wasm_engine_new();
}
void wasm_engine_delete(wasm_engine_t *e) { free(e); }

/* ---- pointer map ------------------------------------------------------ */

static size_t map_slot(const capi_map *m, const void *key) {
    uintptr_t h = (uintptr_t)key;
    h ^= h >> 17;
    h *= (uintptr_t)0x9E3779B97F4A7C15ull;
    size_t i = (size_t)(h ^ (h >> 29)) & (m->cap - 1);
    while (m->keys[i] && m->keys[i] != key) i = (i + 1) & (m->cap - 1);
    return i;
}

static struct wasm_ref_t *map_get(const capi_map *m, const void *key) {
    if (!m->cap) return NULL;
    size_t i = map_slot(m, key);
    return m->keys[i] ? m->vals[i] : NULL;
}

static bool map_grow(capi_map *m) {
    capi_map n = {0};
    n.cap = m->cap ? m->cap * 2 : 64;
    n.keys = calloc(n.cap, sizeof *n.keys);
    n.vals = calloc(n.cap, sizeof *n.vals);
    if (!n.keys || !n.vals) {
        free(n.keys);
        free(n.vals);
        return false;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i]) continue;
        size_t j = map_slot(&n, m->keys[i]);
        n.keys[j] = m->keys[i];
        n.vals[j] = m->vals[i];
        n.len++;
    }
    free(m->keys);
    free(m->vals);
    *m = n;
    return true;
}

static bool map_put(capi_map *m, void *key, struct wasm_ref_t *val) {
    if ((m->len + 1) * 2 > m->cap && !map_grow(m)) return false;
    size_t i = map_slot(m, key);
    if (!m->keys[i]) m->len++;
    m->keys[i] = key;
    m->vals[i] = val;
    return true;
}

/* ---- store ------------------------------------------------------------ */

wasm_store_t *wasm_store_new(wasm_engine_t *engine) {
    wasm_store_t *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->engine = engine;
    s->wf = wf_store_new();
    if (!s->wf) {
        free(s);
        return NULL;
    }
    return s;
}

static void run_finalizers(struct wasm_ref_t *o) {
    if (o->host_finalizer) o->host_finalizer(o->host_info);
    o->host_finalizer = NULL;
    if (o->kind == CAPI_FUNC) {
        capi_func *f = (capi_func *)o;
        if (f->env_finalizer) f->env_finalizer(f->env);
        f->env_finalizer = NULL;
    }
}

/* Finalizers first (hosts may still look at their objects), then weft's
 * store, then our objects, then the modules the instances ran. */
void wasm_store_delete(wasm_store_t *s) {
    if (!s) return;
    for (struct wasm_ref_t *o = s->objects; o; o = o->next) run_finalizers(o);
    wf_store_free(s->wf);
    struct wasm_ref_t *o = s->objects;
    while (o) {
        struct wasm_ref_t *next = o->next;
        if (o->kind == CAPI_FUNC) free(((capi_func *)o)->kinds);
        free(o);
        o = next;
    }
    for (size_t i = 0; i < s->nmodules; i++) capi_modshared_release(s->modules[i]);
    free(s->modules);
    free(s->map.keys);
    free(s->map.vals);
    free(s);
}

bool capi_store_map(wasm_store_t *s, void *wf, struct wasm_ref_t *obj) {
    return map_put(&s->map, wf, obj);
}

bool capi_store_keep_module(wasm_store_t *s, capi_modshared *m) {
    for (size_t i = s->nmodules; i > 0; i--)
        if (s->modules[i - 1] == m) return true;
    if (s->nmodules == s->capmodules) {
        size_t cap = s->capmodules ? s->capmodules * 2 : 8;
        capi_modshared **n = realloc(s->modules, cap * sizeof *n);
        if (!n) return false;
        s->modules = n;
        s->capmodules = cap;
    }
    atomic_fetch_add(&m->refs, 1);
    s->modules[s->nmodules++] = m;
    return true;
}

struct wasm_ref_t *capi_object_new(wasm_store_t *s, capi_kind kind, size_t size, void *wf) {
    struct wasm_ref_t *o = calloc(1, size);
    if (!o) return NULL;
    o->kind = kind;
    o->store = s;
    if (wf && !map_put(&s->map, wf, o)) {
        free(o);
        return NULL;
    }
    o->next = s->objects;
    s->objects = o;
    return o;
}

struct wasm_ref_t *capi_object_for(wasm_store_t *s, capi_kind kind, void *wf) {
    if (!wf) return NULL;
    /* The kind check guards against weft reusing an address for an
     * entity of another kind; then the new object takes over the key. */
    struct wasm_ref_t *o = map_get(&s->map, wf);
    if (o && o->kind == kind) return o;
    if (kind == CAPI_FUNC) {
        capi_func *f = (capi_func *)capi_object_new(s, kind, sizeof(capi_func), wf);
        if (f) f->wf = wf;
        return &f->hdr;
    }
    capi_extobj *e = (capi_extobj *)capi_object_new(s, kind, sizeof(capi_extobj), wf);
    if (e) e->wf = wf;
    return e ? &e->hdr : NULL;
}

/* ---- references: copy, same, delete, host info, views ------------------ */

void wasm_ref_delete(wasm_ref_t *r) {
    if (!r) return;
    if (r->kind == CAPI_MODULE) wasm_module_delete((wasm_module_t *)r);
    else if (r->kind == CAPI_TRAP) wasm_trap_delete((wasm_trap_t *)r);
}

wasm_ref_t *wasm_ref_copy(const wasm_ref_t *r) {
    if (!r) return NULL;
    if (r->kind == CAPI_MODULE) return (wasm_ref_t *)wasm_module_copy((const wasm_module_t *)r);
    if (r->kind == CAPI_TRAP) return (wasm_ref_t *)wasm_trap_copy((const wasm_trap_t *)r);
    return (wasm_ref_t *)r;
}

bool wasm_ref_same(const wasm_ref_t *a, const wasm_ref_t *b) {
    if (a == b) return true;
    if (!a || !b || a->kind != b->kind) return false;
    if (a->kind == CAPI_MODULE)
        return ((const wasm_module_t *)a)->shared == ((const wasm_module_t *)b)->shared;
    return false;
}

void *wasm_ref_get_host_info(const wasm_ref_t *r) { return r ? r->host_info : NULL; }
void wasm_ref_set_host_info(wasm_ref_t *r, void *info) {
    wasm_ref_set_host_info_with_finalizer(r, info, NULL);
}
/* A replaced finalizer is not run: the host gave the info a new owner. */
void wasm_ref_set_host_info_with_finalizer(wasm_ref_t *r, void *info, void (*fin)(void *)) {
    if (!r) return;
    r->host_info = info;
    r->host_finalizer = fin;
}

/* Everything wasm.h declares for a reference kind, given a predicate
 * saying whether a wasm_ref_t is of that kind. */
#define CAPI_REF_VIEWS(name, IS_KIND)                                        \
    void *wasm_##name##_get_host_info(const wasm_##name##_t *x) {            \
        return wasm_ref_get_host_info((const wasm_ref_t *)x);                \
    }                                                                        \
    void wasm_##name##_set_host_info(wasm_##name##_t *x, void *info) {       \
        wasm_ref_set_host_info((wasm_ref_t *)x, info);                       \
    }                                                                        \
    void wasm_##name##_set_host_info_with_finalizer(wasm_##name##_t *x, void *info, \
                                                    void (*fin)(void *)) {   \
        wasm_ref_set_host_info_with_finalizer((wasm_ref_t *)x, info, fin);   \
    }                                                                        \
    bool wasm_##name##_same(const wasm_##name##_t *a, const wasm_##name##_t *b) { \
        return wasm_ref_same((const wasm_ref_t *)a, (const wasm_ref_t *)b);  \
    }                                                                        \
    wasm_ref_t *wasm_##name##_as_ref(wasm_##name##_t *x) { return (wasm_ref_t *)x; } \
    const wasm_ref_t *wasm_##name##_as_ref_const(const wasm_##name##_t *x) { \
        return (const wasm_ref_t *)x;                                        \
    }                                                                        \
    wasm_##name##_t *wasm_ref_as_##name(wasm_ref_t *r) {                     \
        return r && IS_KIND(r->kind) ? (wasm_##name##_t *)r : NULL;          \
    }                                                                        \
    const wasm_##name##_t *wasm_ref_as_##name##_const(const wasm_ref_t *r) { \
        return r && IS_KIND(r->kind) ? (const wasm_##name##_t *)r : NULL;    \
    }

/* Store-owned kinds: copy is the same object, delete drops nothing. */
#define CAPI_REF_CANONICAL(name, IS_KIND)                                    \
    CAPI_REF_VIEWS(name, IS_KIND)                                            \
    void wasm_##name##_delete(wasm_##name##_t *x) { (void)x; }               \
    wasm_##name##_t *wasm_##name##_copy(const wasm_##name##_t *x) {          \
        return (wasm_##name##_t *)x;                                         \
    }

#define IS_FUNC(k) ((k) == CAPI_FUNC)
#define IS_GLOBAL(k) ((k) == CAPI_GLOBAL)
#define IS_TABLE(k) ((k) == CAPI_TABLE)
#define IS_MEMORY(k) ((k) == CAPI_MEMORY)
#define IS_INSTANCE(k) ((k) == CAPI_INSTANCE)
#define IS_FOREIGN(k) ((k) == CAPI_FOREIGN)
#define IS_EXTERN(k) ((k) <= CAPI_MEMORY)
#define IS_MODULE(k) ((k) == CAPI_MODULE)
#define IS_TRAP(k) ((k) == CAPI_TRAP)

CAPI_REF_CANONICAL(func, IS_FUNC)
CAPI_REF_CANONICAL(global, IS_GLOBAL)
CAPI_REF_CANONICAL(table, IS_TABLE)
CAPI_REF_CANONICAL(memory, IS_MEMORY)
CAPI_REF_CANONICAL(instance, IS_INSTANCE)
CAPI_REF_CANONICAL(foreign, IS_FOREIGN)
CAPI_REF_CANONICAL(extern, IS_EXTERN)
CAPI_REF_VIEWS(module, IS_MODULE)
CAPI_REF_VIEWS(trap, IS_TRAP)

wasm_foreign_t *wasm_foreign_new(wasm_store_t *s) {
    return (wasm_foreign_t *)capi_object_new(s, CAPI_FOREIGN, sizeof(struct wasm_ref_t), NULL);
}

/* ---- values ----------------------------------------------------------- */

void wasm_val_delete(wasm_val_t *v) {
    if (v && wasm_valkind_is_ref(v->kind) && v->of.ref) wasm_ref_delete(v->of.ref);
}

void wasm_val_copy(wasm_val_t *out, const wasm_val_t *v) {
    *out = *v;
    if (wasm_valkind_is_ref(v->kind) && v->of.ref) out->of.ref = wasm_ref_copy(v->of.ref);
}

void *capi_ref_to_wf(const wasm_ref_t *r, uint8_t kind) {
    if (!r) return NULL;
    if (kind == WF_FUNCREF) return r->kind == CAPI_FUNC ? ((const capi_func *)r)->wf : NULL;
    return (void *)r;
}

wasm_ref_t *capi_ref_from_wf(wasm_store_t *s, void *p, uint8_t kind) {
    if (!p) return NULL;
    if (kind == WF_FUNCREF) return capi_object_for(s, CAPI_FUNC, p);
    return (wasm_ref_t *)p;
}

/* Store-owned objects may only be used in their own store; traps and
 * modules are values, fine anywhere. */
static bool in_store(const struct wasm_ref_t *r, const wasm_store_t *s) {
    return !r || r->kind == CAPI_TRAP || r->kind == CAPI_MODULE || r->store == s;
}

/* Numbers must come with their own kind; a reference may be labelled with
 * either reference kind (WASM_REF_VAL always says externref). A funcref
 * must hold a function. (On the hot path of every call: no memset.) */
bool capi_val_to_wf(const wasm_val_t *v, uint8_t kind, const wasm_store_t *s, wf_val *out) {
    out->kind = (wf_valkind)kind;
    out->of.i64 = 0;
    switch (kind) {
    case WF_I32: out->of.i32 = v->of.i32; return v->kind == WASM_I32;
    case WF_I64: out->of.i64 = v->of.i64; return v->kind == WASM_I64;
    case WF_F32: memcpy(&out->of.f32_bits, &v->of.f32, 4); return v->kind == WASM_F32;
    case WF_F64: memcpy(&out->of.f64_bits, &v->of.f64, 8); return v->kind == WASM_F64;
    case WF_EXTERNREF:
        out->of.externref = v->of.ref;
        return wasm_valkind_is_ref(v->kind) && in_store(v->of.ref, s);
    case WF_FUNCREF: {
        const struct wasm_ref_t *r = v->of.ref;
        if (!wasm_valkind_is_ref(v->kind) || (r && r->kind != CAPI_FUNC) || !in_store(r, s))
            return false;
        out->of.funcref = r ? ((const capi_func *)r)->wf : NULL;
        return true;
    }
    default: return false;
    }
}

void capi_val_from_wf(wasm_store_t *s, const wf_val *v, wasm_val_t *out) {
    out->of.i64 = 0;
    switch (v->kind) {
    case WF_I32: out->kind = WASM_I32; out->of.i32 = v->of.i32; break;
    case WF_I64: out->kind = WASM_I64; out->of.i64 = v->of.i64; break;
    case WF_F32: out->kind = WASM_F32; memcpy(&out->of.f32, &v->of.f32_bits, 4); break;
    case WF_F64: out->kind = WASM_F64; memcpy(&out->of.f64, &v->of.f64_bits, 8); break;
    case WF_FUNCREF:
        out->kind = WASM_FUNCREF;
        out->of.ref = capi_ref_from_wf(s, v->of.funcref, WF_FUNCREF);
        break;
    case WF_EXTERNREF:
        out->kind = WASM_EXTERNREF;
        out->of.ref = v->of.externref;
        break;
    default: out->kind = capi_kind_from_wf(v->kind); break;
    }
}

/* module.c — modules (reflection, serialization, sharing) and instances. */
#include <stdlib.h>
#include <string.h>

#include "capi.h"

/* ---- shared core ------------------------------------------------------ */

void capi_modshared_release(capi_modshared *m) {
    if (m && atomic_fetch_sub(&m->refs, 1) == 1) {
        wf_module_free(m->wf);
        free(m);
    }
}

/* A new handle holding one count of m (taken here). */
static wasm_module_t *module_handle(wasm_store_t *s, capi_modshared *m) {
    wasm_module_t *h = calloc(1, sizeof *h);
    if (!h) return NULL;
    h->hdr.kind = CAPI_MODULE;
    h->hdr.store = s;
    h->shared = m;
    atomic_fetch_add(&m->refs, 1);
    return h;
}

/* wasm.h has no extern kind for exception tags: a module importing or
 * exporting one cannot be described or linked through it, so it is
 * refused (tags used only inside a module are fine). */
static bool has_tag_externs(const wf_module *m) {
    for (uint32_t i = 0; i < m->nimports; i++)
        if (m->imports[i].kind == WF_EXTERN_TAG) return true;
    for (uint32_t i = 0; i < m->nexports; i++)
        if (m->exports[i].kind == WF_EXTERN_TAG) return true;
    return false;
}

static wf_module *capi_module_load(const wasm_byte_vec_t *binary) {
    wf_error err = {0};
    wf_module *wm = wf_module_new((const uint8_t *)binary->data, binary->size, &err);
    if (wm && has_tag_externs(wm)) {
        wf_module_free(wm);
        return NULL;
    }
    return wm;
}

wasm_module_t *wasm_module_new(wasm_store_t *s, const wasm_byte_vec_t *binary) {
    if (!binary || (!binary->data && binary->size)) return NULL;
    wf_module *wm = capi_module_load(binary);
    if (!wm) return NULL;
    capi_modshared *m = calloc(1, sizeof *m);
    if (!m) {
        wf_module_free(wm);
        return NULL;
    }
    atomic_init(&m->refs, 0);
    m->wf = wm;
    wasm_module_t *h = module_handle(s, m);
    if (!h) {
        wf_module_free(wm);
        free(m);
    }
    return h;
}

bool wasm_module_validate(wasm_store_t *s, const wasm_byte_vec_t *binary) {
    if (!binary || (!binary->data && binary->size)) return false;
    wf_module *wm = capi_module_load(binary);
    wf_module_free(wm);
    return wm != NULL;
}

void wasm_module_delete(wasm_module_t *h) {
    if (!h) return;
    if (h->hdr.host_finalizer) h->hdr.host_finalizer(h->hdr.host_info);
    capi_modshared_release(h->shared);
    free(h);
}

wasm_module_t *wasm_module_copy(const wasm_module_t *h) {
    return module_handle(h->hdr.store, h->shared);
}

wasm_shared_module_t *wasm_module_share(const wasm_module_t *h) {
    wasm_shared_module_t *sh = malloc(sizeof *sh);
    if (!sh) return NULL;
    sh->shared = h->shared;
    atomic_fetch_add(&h->shared->refs, 1);
    return sh;
}

wasm_module_t *wasm_module_obtain(wasm_store_t *s, const wasm_shared_module_t *sh) {
    return sh ? module_handle(s, sh->shared) : NULL;
}

void wasm_shared_module_delete(wasm_shared_module_t *sh) {
    if (!sh) return;
    capi_modshared_release(sh->shared);
    free(sh);
}

/* The serialized form is the module's own binary: compiling again is
 * fast, and the bytes stay portable across weft versions. */
void wasm_module_serialize(const wasm_module_t *h, wasm_byte_vec_t *out) {
    const wf_module *m = h->shared->wf;
    wasm_byte_vec_new(out, m->len, (const wasm_byte_t *)m->bytes);
}

wasm_module_t *wasm_module_deserialize(wasm_store_t *s, const wasm_byte_vec_t *bytes) {
    return wasm_module_new(s, bytes);
}

/* ---- reflection ------------------------------------------------------- */

static wasm_externtype_t *table_externtype(bin_tabletype t) {
    wf_limits l = t.limits;
    return wasm_tabletype_as_externtype(capi_tabletype_new(t.elem, l.min, l.has_max, l.max));
}

static wasm_externtype_t *memory_externtype(bin_memtype t) {
    wf_limits l = t.limits;
    return wasm_memorytype_as_externtype(capi_memorytype_new(l.min, l.has_max, l.max));
}

static wasm_externtype_t *global_externtype(bin_globaltype t) {
    return wasm_globaltype_as_externtype(capi_globaltype_new(t.type, t.is_mutable));
}

static wasm_externtype_t *import_externtype(const wf_module *m, const bin_import *im) {
    switch (im->kind) {
    case WF_EXTERN_FUNC:
        if (im->of.type_index >= m->ntypes) return NULL;
        return wasm_functype_as_externtype(capi_functype_from_wf(&m->types[im->of.type_index]));
    case WF_EXTERN_TABLE: return table_externtype(im->of.table);
    case WF_EXTERN_MEMORY: return memory_externtype(im->of.memory);
    case WF_EXTERN_GLOBAL: return global_externtype(im->of.global);
    case WF_EXTERN_TAG: break;   /* refused by capi_module_load */
    }
    return NULL;
}

static wasm_externtype_t *export_externtype(const wf_module *m, const bin_export *ex) {
    switch (ex->kind) {
    case WF_EXTERN_FUNC:
        return wasm_functype_as_externtype(capi_functype_from_wf(bin_func_type(m, ex->index)));
    case WF_EXTERN_TABLE: return table_externtype(bin_table_type(m, ex->index));
    case WF_EXTERN_MEMORY: return memory_externtype(bin_memory_type(m, ex->index));
    case WF_EXTERN_GLOBAL: return global_externtype(bin_global_type(m, ex->index));
    case WF_EXTERN_TAG: break;   /* refused by capi_module_load */
    }
    return NULL;
}

void wasm_module_imports(const wasm_module_t *h, wasm_importtype_vec_t *out) {
    const wf_module *m = h->shared->wf;
    wasm_importtype_vec_new_uninitialized(out, m->nimports);
    for (size_t i = 0; i < out->size; i++) {
        const bin_import *im = &m->imports[i];
        wasm_name_t mod, name;
        wasm_name_new_from_string(&mod, im->module);
        wasm_name_new_from_string(&name, im->name);
        out->data[i] = wasm_importtype_new(&mod, &name, import_externtype(m, im));
    }
}

void wasm_module_exports(const wasm_module_t *h, wasm_exporttype_vec_t *out) {
    const wf_module *m = h->shared->wf;
    wasm_exporttype_vec_new_uninitialized(out, m->nexports);
    for (size_t i = 0; i < out->size; i++) {
        const bin_export *ex = &m->exports[i];
        wasm_name_t name;
        wasm_name_new_from_string(&name, ex->name);
        out->data[i] = wasm_exporttype_new(&name, export_externtype(m, ex));
    }
}

/* ---- instances -------------------------------------------------------- */

static capi_kind kind_from_wf(wf_externkind k) {
    switch (k) {
    case WF_EXTERN_FUNC: return CAPI_FUNC;
    case WF_EXTERN_TABLE: return CAPI_TABLE;
    case WF_EXTERN_MEMORY: return CAPI_MEMORY;
    case WF_EXTERN_GLOBAL: return CAPI_GLOBAL;
    case WF_EXTERN_TAG: break;   /* refused by capi_module_load */
    }
    return CAPI_FUNC;
}

static void *wf_of_extern(const wf_extern *e) {
    switch (e->kind) {
    case WF_EXTERN_FUNC: return e->of.func;
    case WF_EXTERN_TABLE: return e->of.table;
    case WF_EXTERN_MEMORY: return e->of.memory;
    case WF_EXTERN_GLOBAL: return e->of.global;
    case WF_EXTERN_TAG: break;   /* refused by capi_module_load */
    }
    return NULL;
}

/* Turns a wasm_extern_t into weft's form; false for NULL, a non-extern or
 * an object of another store. */
static bool extern_to_wf(const wasm_store_t *s, const wasm_extern_t *x, wf_extern *out) {
    const struct wasm_ref_t *r = (const struct wasm_ref_t *)x;
    if (!r || r->store != s) return false;
    switch (r->kind) {
    case CAPI_FUNC: out->kind = WF_EXTERN_FUNC; out->of.func = ((const capi_func *)r)->wf; return true;
    case CAPI_TABLE: out->kind = WF_EXTERN_TABLE; out->of.table = ((const capi_extobj *)r)->wf; return true;
    case CAPI_MEMORY: out->kind = WF_EXTERN_MEMORY; out->of.memory = ((const capi_extobj *)r)->wf; return true;
    case CAPI_GLOBAL: out->kind = WF_EXTERN_GLOBAL; out->of.global = ((const capi_extobj *)r)->wf; return true;
    default: return false;
    }
}

static wasm_instance_t *instance_fail(wasm_store_t *s, wasm_trap_t **trap, const char *msg) {
    if (trap) *trap = capi_trap_new(s, msg);
    return NULL;
}

wasm_instance_t *wasm_instance_new(wasm_store_t *s, const wasm_module_t *h,
                                   const wasm_extern_vec_t *imports, wasm_trap_t **trap) {
    if (trap) *trap = NULL;
    if (!s || !h) return instance_fail(s, trap, "no store or module");
    const wf_module *m = h->shared->wf;
    size_t n = imports && imports->data ? imports->size : 0;
    if (n < m->nimports) return instance_fail(s, trap, "too few imports");
    wf_extern *wx = calloc(m->nimports ? m->nimports : 1, sizeof *wx);
    if (!wx) return instance_fail(s, trap, "out of memory");
    for (size_t i = 0; i < m->nimports; i++) {
        if (!extern_to_wf(s, imports->data[i], &wx[i])) {
            free(wx);
            return instance_fail(s, trap, "import is not an extern of this store");
        }
    }
    if (!capi_store_keep_module(s, h->shared)) {
        free(wx);
        return instance_fail(s, trap, "out of memory");
    }
    wf_error err = {0};
    wf_instance *wi = wf_instance_new(s->wf, m, wx, m->nimports, &err);
    free(wx);
    if (!wi) return instance_fail(s, trap, err.msg);
    wasm_instance_t *inst = (wasm_instance_t *)capi_object_for(s, CAPI_INSTANCE, wi);
    if (!inst) return instance_fail(s, trap, "out of memory");
    return inst;
}

void wasm_instance_exports(const wasm_instance_t *inst, wasm_extern_vec_t *out) {
    const capi_extobj *o = (const capi_extobj *)inst;
    const wf_instance *wi = o->wf;
    wasm_extern_vec_new_uninitialized(out, wf_instance_export_count(wi));
    for (size_t i = 0; i < out->size; i++) {
        const char *name;
        wf_extern e;
        wf_instance_export_nth(wi, i, &name, &e);
        out->data[i] = (wasm_extern_t *)capi_object_for(o->hdr.store, kind_from_wf(e.kind),
                                                        wf_of_extern(&e));
    }
}

/* capi.h — internals of the standard C API (include/wasm.h) on weft.
 *
 * Object model. Runtime objects (func, global, table, memory, instance,
 * foreign) are *canonical*: one capi object per weft entity, owned by the
 * wasm_store_t, found again through a pointer map when weft hands back a
 * wf_func* (funcref) and freed with the store. So wasm_xxx_copy returns the
 * same pointer, wasm_xxx_same compares pointers, and wasm_xxx_delete on
 * them is a no-op: hosts may delete an import right after instantiating,
 * exactly as the public examples do.
 *
 * Modules are reference-counted (capi_modshared) so that instances, other
 * stores and other threads can keep one alive; each wasm_module_t handle
 * holds one count. Traps and frames are plain owned values.
 *
 * An externref crossing into weft is the wasm_ref_t* itself (weft treats
 * externref as an opaque host pointer). */
#ifndef WEFT_CAPI_H
#define WEFT_CAPI_H

#include <stdatomic.h>

#include "../runtime/runtime.h"
#include "wasm.h"

typedef enum capi_kind {
    CAPI_FUNC,
    CAPI_GLOBAL,
    CAPI_TABLE,
    CAPI_MEMORY,
    CAPI_INSTANCE,
    CAPI_FOREIGN,
    CAPI_MODULE,
    CAPI_TRAP,
} capi_kind;

/* The header every reference object starts with. */
struct wasm_ref_t {
    capi_kind kind;
    wasm_store_t *store;
    void *host_info;
    void (*host_finalizer)(void *);
    struct wasm_ref_t *next;      /* store's list of canonical objects */
};

typedef struct capi_func {
    struct wasm_ref_t hdr;
    wf_func *wf;
    /* Host functions made through this API. */
    wasm_func_callback_t cb;
    wasm_func_callback_with_env_t cb_env;
    void *env;
    void (*env_finalizer)(void *);
    wf_functype type;             /* storage for host functions' type */
    uint8_t *kinds;               /* params then results, wf_valkind */
} capi_func;

typedef struct capi_extobj {      /* global, table, memory, instance */
    struct wasm_ref_t hdr;
    void *wf;
} capi_extobj;

/* A module's shared core: one per compiled module, across stores/threads. */
typedef struct capi_modshared {
    atomic_int refs;
    wf_module *wf;
} capi_modshared;

struct wasm_module_t {
    struct wasm_ref_t hdr;
    capi_modshared *shared;
};

struct wasm_shared_module_t {
    capi_modshared *shared;
};

struct wasm_frame_t {
    wasm_instance_t *instance;
    uint32_t func_index;
    size_t func_offset;
    size_t module_offset;
};

struct wasm_trap_t {
    struct wasm_ref_t hdr;
    wasm_message_t message;       /* NUL-terminated, size counts the NUL */
    wasm_frame_vec_t trace;
    bool is_exit;                 /* a WASI proc_exit, with its status */
    int exit_code;
};

/* A pointer -> canonical object map, open addressing. */
typedef struct capi_map {
    void **keys;
    struct wasm_ref_t **vals;
    size_t cap, len;
} capi_map;

struct wasm_store_t {
    wasm_engine_t *engine;
    wf_store *wf;
    struct wasm_ref_t *objects;   /* every canonical object, newest first */
    capi_map map;                 /* weft entity -> its canonical object */
    capi_modshared **modules;     /* modules instantiated here, kept alive */
    size_t nmodules, capmodules;
};

struct wasm_engine_t { int unused; };
struct wasm_config_t { int unused; };

/* ---- types (types.c) ------------------------------------------------ */

/* wasm_valkind_t <-> wf_valkind; 0xff for a kind the other side lacks. */
wf_valkind capi_kind_to_wf(wasm_valkind_t k);
wasm_valkind_t capi_kind_from_wf(uint8_t k);
wasm_functype_t *capi_functype_from_wf(const wf_functype *t);
wasm_globaltype_t *capi_globaltype_new(uint8_t wf_kind, bool is_mutable);
wasm_tabletype_t *capi_tabletype_new(uint8_t wf_elem, uint64_t min, bool has_max,
                                     uint64_t max);
wasm_memorytype_t *capi_memorytype_new(uint64_t min, bool has_max, uint64_t max);

/* ---- store and objects (store.c) ------------------------------------ */

/* Canonical object for a weft entity, made on first sight; NULL on OOM. */
struct wasm_ref_t *capi_object_for(wasm_store_t *s, capi_kind kind, void *wf);
/* A new canonical object of `size` bytes (header first) registered in s
 * under key wf (NULL: not mapped). */
struct wasm_ref_t *capi_object_new(wasm_store_t *s, capi_kind kind, size_t size, void *wf);
/* Register obj as the canonical object of weft entity wf. */
bool capi_store_map(wasm_store_t *s, void *wf, struct wasm_ref_t *obj);
bool capi_store_keep_module(wasm_store_t *s, capi_modshared *m);
void capi_modshared_release(capi_modshared *m);

/* wasm_val_t <-> wf_val for a value of weft kind `kind`. A reference to
 * a runtime object must belong to store s (weft would otherwise keep a
 * pointer into a store that may be deleted first). */
bool capi_val_to_wf(const wasm_val_t *v, uint8_t kind, const wasm_store_t *s, wf_val *out);
void capi_val_from_wf(wasm_store_t *s, const wf_val *v, wasm_val_t *out);
/* externref/funcref element <-> wasm_ref_t*. */
void *capi_ref_to_wf(const wasm_ref_t *r, uint8_t kind);
wasm_ref_t *capi_ref_from_wf(wasm_store_t *s, void *p, uint8_t kind);

/* ---- traps (trap.c) ------------------------------------------------- */

wasm_trap_t *capi_trap_new(wasm_store_t *s, const char *msg);
/* Takes ownership of wt; `func` is the guest entry (for frames) or NULL. */
wasm_trap_t *capi_trap_from_wf(wasm_store_t *s, wf_trap *wt, wf_func *entry);

#endif

/* wasm.h — the standard WebAssembly C API, as implemented by weft.
 *
 * This header follows the published interface of WebAssembly/wasm-c-api
 * (the same one wasmtime, WAMR, wasmer and V8 implement): a host written
 * against that interface builds against weft unchanged. The text here is
 * weft's own.
 *
 * Ownership. The word `own` (an empty macro) marks data that is owned:
 *   - an `own` result passes ownership from the callee to the caller;
 *   - an `own` parameter passes ownership from the caller to the callee;
 *   - an `own` parameter named `out` is filled in by the callee and then
 *     owned by the caller;
 *   - an owned vector owns its elements too.
 * Whatever you own you release with the matching wasm_xxx_delete.
 *
 * In weft, runtime objects (functions, globals, tables, memories,
 * instances, foreign objects) live as long as the store they were made in:
 * wasm_xxx_delete on them drops the caller's claim, the store frees them
 * (and runs their finalizers) when it is deleted, and they may be used
 * only with that store (imports, table elements, values; other stores
 * refuse them). Values, types, vectors, traps and frames are freed when
 * deleted; a module when its last handle, shared token and instance are
 * gone. A store is used by one thread at a time; engines, and modules
 * shared with wasm_module_share, may be used from any thread. */
#ifndef WASM_H
#define WASM_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifndef WASM_API_EXTERN
#if defined(_WIN32) && !defined(__MINGW32__) && !defined(LIBWASM_STATIC)
#define WASM_API_EXTERN __declspec(dllimport)
#else
#define WASM_API_EXTERN
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ====================================================================
 * Basics
 * ==================================================================== */

/* The API carries floats as C float/double; they must match the wasm
 * widths, and pointers must fit in an i32 or an i64 value. */
#ifdef __cplusplus
#define WASM_H_STATIC_ASSERT_(c, m) static_assert(c, m)
#else
#define WASM_H_STATIC_ASSERT_(c, m) _Static_assert(c, m)
#endif
WASM_H_STATIC_ASSERT_(sizeof(float) == 4, "wasm.h needs a 32-bit float");
WASM_H_STATIC_ASSERT_(sizeof(double) == 8, "wasm.h needs a 64-bit double");
WASM_H_STATIC_ASSERT_(sizeof(intptr_t) == 4 || sizeof(intptr_t) == 8,
                      "wasm.h needs 32- or 64-bit pointers");

typedef char byte_t;
typedef float float32_t;
typedef double float64_t;

#define own

/* WASM_DECLARE_OWN(name): an opaque wasm_name_t and its destructor. */
#define WASM_DECLARE_OWN(name)                                              \
    typedef struct wasm_##name##_t wasm_##name##_t;                         \
    WASM_API_EXTERN void wasm_##name##_delete(wasm_##name##_t *);

/* WASM_DECLARE_VEC(name, ptr_or_none): a vector { size, data } of
 * wasm_name_t (ptr_or_none empty) or of wasm_name_t* (ptr_or_none `*`),
 * with its constructors and destructor. _new takes ownership of the
 * given elements; _copy copies them deeply; _delete deletes them. */
#define WASM_DECLARE_VEC(name, ptr_or_none)                                 \
    typedef struct wasm_##name##_vec_t {                                    \
        size_t size;                                                        \
        wasm_##name##_t ptr_or_none *data;                                  \
    } wasm_##name##_vec_t;                                                  \
    WASM_API_EXTERN void wasm_##name##_vec_new_empty(wasm_##name##_vec_t *out); \
    WASM_API_EXTERN void wasm_##name##_vec_new_uninitialized(               \
        wasm_##name##_vec_t *out, size_t size);                             \
    WASM_API_EXTERN void wasm_##name##_vec_new(                             \
        wasm_##name##_vec_t *out, size_t size,                              \
        wasm_##name##_t ptr_or_none const data[]);                          \
    WASM_API_EXTERN void wasm_##name##_vec_copy(                            \
        wasm_##name##_vec_t *out, const wasm_##name##_vec_t *src);          \
    WASM_API_EXTERN void wasm_##name##_vec_delete(wasm_##name##_vec_t *);

/* ---- bytes and names ------------------------------------------------ */

typedef byte_t wasm_byte_t;
WASM_DECLARE_VEC(byte, )

/* A name is a byte vector (UTF-8, not necessarily NUL-terminated). */
typedef wasm_byte_vec_t wasm_name_t;

#define wasm_name wasm_byte_vec
#define wasm_name_new wasm_byte_vec_new
#define wasm_name_new_empty wasm_byte_vec_new_empty
#define wasm_name_new_uninitialized wasm_byte_vec_new_uninitialized
/* The reference header spells this one with a doubled "new". */
#define wasm_name_new_new_uninitialized wasm_byte_vec_new_uninitialized
#define wasm_name_copy wasm_byte_vec_copy
#define wasm_name_delete wasm_byte_vec_delete

/* A name holding the characters of s, without the NUL. */
static inline void wasm_name_new_from_string(own wasm_name_t *out, const char *s) {
    wasm_name_new(out, strlen(s), s);
}

/* A name holding the characters of s and its NUL (as trap messages are). */
static inline void wasm_name_new_from_string_nt(own wasm_name_t *out, const char *s) {
    wasm_name_new(out, strlen(s) + 1, s);
}

/* ====================================================================
 * Runtime environment
 * ==================================================================== */

WASM_DECLARE_OWN(config)
WASM_API_EXTERN own wasm_config_t *wasm_config_new(void);

WASM_DECLARE_OWN(engine)
WASM_API_EXTERN own wasm_engine_t *wasm_engine_new(void);
/* Takes ownership of the config. */
WASM_API_EXTERN own wasm_engine_t *wasm_engine_new_with_config(own wasm_config_t *);

/* A store holds runtime objects; use one store from one thread at a time. */
WASM_DECLARE_OWN(store)
WASM_API_EXTERN own wasm_store_t *wasm_store_new(wasm_engine_t *);

/* ====================================================================
 * Types
 * ==================================================================== */

typedef uint8_t wasm_mutability_t;
enum wasm_mutability_enum {
    WASM_CONST,
    WASM_VAR,
};

/* Limits in pages (memories) or elements (tables); max is
 * wasm_limits_max_default when there is no maximum. */
typedef struct wasm_limits_t {
    uint32_t min;
    uint32_t max;
} wasm_limits_t;

static const uint32_t wasm_limits_max_default = 0xffffffff;

/* WASM_DECLARE_TYPE(name): an owned type, a vector of pointers to it,
 * and a deep copy. */
#define WASM_DECLARE_TYPE(name)                                             \
    WASM_DECLARE_OWN(name)                                                  \
    WASM_DECLARE_VEC(name, *)                                               \
    WASM_API_EXTERN wasm_##name##_t *wasm_##name##_copy(const wasm_##name##_t *);

/* ---- value types ---------------------------------------------------- */

WASM_DECLARE_TYPE(valtype)

typedef uint8_t wasm_valkind_t;
enum wasm_valkind_enum {
    WASM_I32,
    WASM_I64,
    WASM_F32,
    WASM_F64,
    WASM_EXTERNREF = 128,
    WASM_FUNCREF,
};

WASM_API_EXTERN own wasm_valtype_t *wasm_valtype_new(wasm_valkind_t);
WASM_API_EXTERN wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t *);

static inline bool wasm_valkind_is_num(wasm_valkind_t k) { return k < WASM_EXTERNREF; }
static inline bool wasm_valkind_is_ref(wasm_valkind_t k) { return k >= WASM_EXTERNREF; }
static inline bool wasm_valtype_is_num(const wasm_valtype_t *t) {
    return wasm_valkind_is_num(wasm_valtype_kind(t));
}
static inline bool wasm_valtype_is_ref(const wasm_valtype_t *t) {
    return wasm_valkind_is_ref(wasm_valtype_kind(t));
}

/* ---- function types ------------------------------------------------- */

WASM_DECLARE_TYPE(functype)

/* Takes ownership of both vectors (their contents move into the type). */
WASM_API_EXTERN own wasm_functype_t *wasm_functype_new(own wasm_valtype_vec_t *params,
                                                       own wasm_valtype_vec_t *results);
WASM_API_EXTERN const wasm_valtype_vec_t *wasm_functype_params(const wasm_functype_t *);
WASM_API_EXTERN const wasm_valtype_vec_t *wasm_functype_results(const wasm_functype_t *);

/* ---- global types --------------------------------------------------- */

WASM_DECLARE_TYPE(globaltype)

WASM_API_EXTERN own wasm_globaltype_t *wasm_globaltype_new(own wasm_valtype_t *,
                                                           wasm_mutability_t);
WASM_API_EXTERN const wasm_valtype_t *wasm_globaltype_content(const wasm_globaltype_t *);
WASM_API_EXTERN wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t *);

/* ---- table types ---------------------------------------------------- */

WASM_DECLARE_TYPE(tabletype)

WASM_API_EXTERN own wasm_tabletype_t *wasm_tabletype_new(own wasm_valtype_t *,
                                                         const wasm_limits_t *);
WASM_API_EXTERN const wasm_valtype_t *wasm_tabletype_element(const wasm_tabletype_t *);
WASM_API_EXTERN const wasm_limits_t *wasm_tabletype_limits(const wasm_tabletype_t *);

/* ---- memory types --------------------------------------------------- */

WASM_DECLARE_TYPE(memorytype)

WASM_API_EXTERN own wasm_memorytype_t *wasm_memorytype_new(const wasm_limits_t *);
WASM_API_EXTERN const wasm_limits_t *wasm_memorytype_limits(const wasm_memorytype_t *);

/* ---- extern types --------------------------------------------------- */

WASM_DECLARE_TYPE(externtype)

typedef uint8_t wasm_externkind_t;
enum wasm_externkind_enum {
    WASM_EXTERN_FUNC,
    WASM_EXTERN_GLOBAL,
    WASM_EXTERN_TABLE,
    WASM_EXTERN_MEMORY,
};

WASM_API_EXTERN wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t *);

/* Views between a specific type and the extern type: the same object,
 * not a copy. The as_functype etc. views return NULL on a kind mismatch. */
WASM_API_EXTERN wasm_externtype_t *wasm_functype_as_externtype(wasm_functype_t *);
WASM_API_EXTERN wasm_externtype_t *wasm_globaltype_as_externtype(wasm_globaltype_t *);
WASM_API_EXTERN wasm_externtype_t *wasm_tabletype_as_externtype(wasm_tabletype_t *);
WASM_API_EXTERN wasm_externtype_t *wasm_memorytype_as_externtype(wasm_memorytype_t *);

WASM_API_EXTERN wasm_functype_t *wasm_externtype_as_functype(wasm_externtype_t *);
WASM_API_EXTERN wasm_globaltype_t *wasm_externtype_as_globaltype(wasm_externtype_t *);
WASM_API_EXTERN wasm_tabletype_t *wasm_externtype_as_tabletype(wasm_externtype_t *);
WASM_API_EXTERN wasm_memorytype_t *wasm_externtype_as_memorytype(wasm_externtype_t *);

WASM_API_EXTERN const wasm_externtype_t *wasm_functype_as_externtype_const(const wasm_functype_t *);
WASM_API_EXTERN const wasm_externtype_t *wasm_globaltype_as_externtype_const(const wasm_globaltype_t *);
WASM_API_EXTERN const wasm_externtype_t *wasm_tabletype_as_externtype_const(const wasm_tabletype_t *);
WASM_API_EXTERN const wasm_externtype_t *wasm_memorytype_as_externtype_const(const wasm_memorytype_t *);

WASM_API_EXTERN const wasm_functype_t *wasm_externtype_as_functype_const(const wasm_externtype_t *);
WASM_API_EXTERN const wasm_globaltype_t *wasm_externtype_as_globaltype_const(const wasm_externtype_t *);
WASM_API_EXTERN const wasm_tabletype_t *wasm_externtype_as_tabletype_const(const wasm_externtype_t *);
WASM_API_EXTERN const wasm_memorytype_t *wasm_externtype_as_memorytype_const(const wasm_externtype_t *);

/* ---- import and export types ---------------------------------------- */

WASM_DECLARE_TYPE(importtype)

WASM_API_EXTERN own wasm_importtype_t *wasm_importtype_new(own wasm_name_t *module,
                                                           own wasm_name_t *name,
                                                           own wasm_externtype_t *);
WASM_API_EXTERN const wasm_name_t *wasm_importtype_module(const wasm_importtype_t *);
WASM_API_EXTERN const wasm_name_t *wasm_importtype_name(const wasm_importtype_t *);
WASM_API_EXTERN const wasm_externtype_t *wasm_importtype_type(const wasm_importtype_t *);

WASM_DECLARE_TYPE(exporttype)

WASM_API_EXTERN own wasm_exporttype_t *wasm_exporttype_new(own wasm_name_t *,
                                                           own wasm_externtype_t *);
WASM_API_EXTERN const wasm_name_t *wasm_exporttype_name(const wasm_exporttype_t *);
WASM_API_EXTERN const wasm_externtype_t *wasm_exporttype_type(const wasm_exporttype_t *);

/* ====================================================================
 * Runtime objects
 * ==================================================================== */

/* ---- values --------------------------------------------------------- */

struct wasm_ref_t;

/* A value; for reference kinds, of.ref is NULL for a null reference. */
typedef struct wasm_val_t {
    wasm_valkind_t kind;
    union {
        int32_t i32;
        int64_t i64;
        float32_t f32;
        float64_t f64;
        struct wasm_ref_t *ref;
    } of;
} wasm_val_t;

WASM_API_EXTERN void wasm_val_delete(own wasm_val_t *v);
WASM_API_EXTERN void wasm_val_copy(own wasm_val_t *out, const wasm_val_t *);

WASM_DECLARE_VEC(val, )

/* ---- references ----------------------------------------------------- */

/* Every reference object carries copy/same and host info: one pointer the
 * host may attach, with an optional finalizer run when the object dies. */
#define WASM_DECLARE_REF_BASE(name)                                         \
    WASM_DECLARE_OWN(name)                                                  \
    WASM_API_EXTERN wasm_##name##_t *wasm_##name##_copy(const wasm_##name##_t *); \
    WASM_API_EXTERN bool wasm_##name##_same(const wasm_##name##_t *,        \
                                            const wasm_##name##_t *);       \
    WASM_API_EXTERN void *wasm_##name##_get_host_info(const wasm_##name##_t *); \
    WASM_API_EXTERN void wasm_##name##_set_host_info(wasm_##name##_t *, void *); \
    WASM_API_EXTERN void wasm_##name##_set_host_info_with_finalizer(        \
        wasm_##name##_t *, void *, void (*)(void *));

/* A reference kind that also converts to and from the generic wasm_ref_t
 * (the same object; wasm_ref_as_xxx gives NULL on a kind mismatch). */
#define WASM_DECLARE_REF(name)                                              \
    WASM_DECLARE_REF_BASE(name)                                             \
    WASM_API_EXTERN wasm_ref_t *wasm_##name##_as_ref(wasm_##name##_t *);    \
    WASM_API_EXTERN wasm_##name##_t *wasm_ref_as_##name(wasm_ref_t *);      \
    WASM_API_EXTERN const wasm_ref_t *wasm_##name##_as_ref_const(const wasm_##name##_t *); \
    WASM_API_EXTERN const wasm_##name##_t *wasm_ref_as_##name##_const(const wasm_ref_t *);

/* A reference kind that can be handed to another thread: _share makes a
 * thread-safe token, _obtain turns it into an object of another store. */
#define WASM_DECLARE_SHARABLE_REF(name)                                     \
    WASM_DECLARE_REF(name)                                                  \
    WASM_DECLARE_OWN(shared_##name)                                         \
    WASM_API_EXTERN wasm_shared_##name##_t *wasm_##name##_share(const wasm_##name##_t *); \
    WASM_API_EXTERN wasm_##name##_t *wasm_##name##_obtain(wasm_store_t *,   \
                                                          const wasm_shared_##name##_t *);

WASM_DECLARE_REF_BASE(ref)

/* ---- frames --------------------------------------------------------- */

WASM_DECLARE_OWN(frame)
WASM_DECLARE_VEC(frame, *)
WASM_API_EXTERN own wasm_frame_t *wasm_frame_copy(const wasm_frame_t *);

WASM_API_EXTERN struct wasm_instance_t *wasm_frame_instance(const wasm_frame_t *);
WASM_API_EXTERN uint32_t wasm_frame_func_index(const wasm_frame_t *);
WASM_API_EXTERN size_t wasm_frame_func_offset(const wasm_frame_t *);
WASM_API_EXTERN size_t wasm_frame_module_offset(const wasm_frame_t *);

/* ---- traps ---------------------------------------------------------- */

/* A trap message is NUL-terminated, and its size counts the NUL. */
typedef wasm_name_t wasm_message_t;

WASM_DECLARE_REF(trap)

WASM_API_EXTERN own wasm_trap_t *wasm_trap_new(wasm_store_t *store, const wasm_message_t *);
WASM_API_EXTERN void wasm_trap_message(const wasm_trap_t *, own wasm_message_t *out);
/* The innermost guest frame, or NULL if none is known. */
WASM_API_EXTERN own wasm_frame_t *wasm_trap_origin(const wasm_trap_t *);
/* Guest frames, innermost first (empty if none are known). */
WASM_API_EXTERN void wasm_trap_trace(const wasm_trap_t *, own wasm_frame_vec_t *out);

/* ---- foreign objects ------------------------------------------------ */

/* An opaque host object that wasm can hold as an externref. */
WASM_DECLARE_REF(foreign)
WASM_API_EXTERN own wasm_foreign_t *wasm_foreign_new(wasm_store_t *);

/* ---- modules -------------------------------------------------------- */

WASM_DECLARE_SHARABLE_REF(module)

/* Decode, validate and compile; NULL if the bytes are not a valid module. */
WASM_API_EXTERN own wasm_module_t *wasm_module_new(wasm_store_t *, const wasm_byte_vec_t *binary);
WASM_API_EXTERN bool wasm_module_validate(wasm_store_t *, const wasm_byte_vec_t *binary);

WASM_API_EXTERN void wasm_module_imports(const wasm_module_t *, own wasm_importtype_vec_t *out);
WASM_API_EXTERN void wasm_module_exports(const wasm_module_t *, own wasm_exporttype_vec_t *out);

WASM_API_EXTERN void wasm_module_serialize(const wasm_module_t *, own wasm_byte_vec_t *out);
WASM_API_EXTERN own wasm_module_t *wasm_module_deserialize(wasm_store_t *, const wasm_byte_vec_t *);

/* ---- functions ------------------------------------------------------ */

WASM_DECLARE_REF(func)

/* Host callbacks read args and fill results (sized and kinded by the
 * function type); return NULL, or a trap that the runtime takes over. */
typedef own wasm_trap_t *(*wasm_func_callback_t)(const wasm_val_vec_t *args,
                                                 own wasm_val_vec_t *results);
typedef own wasm_trap_t *(*wasm_func_callback_with_env_t)(void *env,
                                                          const wasm_val_vec_t *args,
                                                          wasm_val_vec_t *results);

WASM_API_EXTERN own wasm_func_t *wasm_func_new(wasm_store_t *, const wasm_functype_t *,
                                               wasm_func_callback_t);
/* finalizer (may be NULL) is called with env when the function dies. */
WASM_API_EXTERN own wasm_func_t *wasm_func_new_with_env(wasm_store_t *,
                                                        const wasm_functype_t *type,
                                                        wasm_func_callback_with_env_t,
                                                        void *env,
                                                        void (*finalizer)(void *));

WASM_API_EXTERN own wasm_functype_t *wasm_func_type(const wasm_func_t *);
WASM_API_EXTERN size_t wasm_func_param_arity(const wasm_func_t *);
WASM_API_EXTERN size_t wasm_func_result_arity(const wasm_func_t *);

/* NULL on success (results filled), else a trap the caller owns. */
WASM_API_EXTERN own wasm_trap_t *wasm_func_call(const wasm_func_t *, const wasm_val_vec_t *args,
                                                wasm_val_vec_t *results);

/* ---- globals -------------------------------------------------------- */

WASM_DECLARE_REF(global)

WASM_API_EXTERN own wasm_global_t *wasm_global_new(wasm_store_t *, const wasm_globaltype_t *,
                                                   const wasm_val_t *);
WASM_API_EXTERN own wasm_globaltype_t *wasm_global_type(const wasm_global_t *);
WASM_API_EXTERN void wasm_global_get(const wasm_global_t *, own wasm_val_t *out);
WASM_API_EXTERN void wasm_global_set(wasm_global_t *, const wasm_val_t *);

/* ---- tables --------------------------------------------------------- */

WASM_DECLARE_REF(table)

typedef uint32_t wasm_table_size_t;

WASM_API_EXTERN own wasm_table_t *wasm_table_new(wasm_store_t *, const wasm_tabletype_t *,
                                                 wasm_ref_t *init);
WASM_API_EXTERN own wasm_tabletype_t *wasm_table_type(const wasm_table_t *);
/* NULL for a null element or an index out of bounds. */
WASM_API_EXTERN own wasm_ref_t *wasm_table_get(const wasm_table_t *, wasm_table_size_t index);
WASM_API_EXTERN bool wasm_table_set(wasm_table_t *, wasm_table_size_t index, wasm_ref_t *);
WASM_API_EXTERN wasm_table_size_t wasm_table_size(const wasm_table_t *);
WASM_API_EXTERN bool wasm_table_grow(wasm_table_t *, wasm_table_size_t delta, wasm_ref_t *init);

/* ---- memories ------------------------------------------------------- */

WASM_DECLARE_REF(memory)

typedef uint32_t wasm_memory_pages_t;

static const size_t MEMORY_PAGE_SIZE = 0x10000;

WASM_API_EXTERN own wasm_memory_t *wasm_memory_new(wasm_store_t *, const wasm_memorytype_t *);
WASM_API_EXTERN own wasm_memorytype_t *wasm_memory_type(const wasm_memory_t *);
/* The data pointer stays valid across growth (weft never moves memory). */
WASM_API_EXTERN byte_t *wasm_memory_data(wasm_memory_t *);
WASM_API_EXTERN size_t wasm_memory_data_size(const wasm_memory_t *);
WASM_API_EXTERN wasm_memory_pages_t wasm_memory_size(const wasm_memory_t *);
WASM_API_EXTERN bool wasm_memory_grow(wasm_memory_t *, wasm_memory_pages_t delta);

/* ---- externals ------------------------------------------------------ */

WASM_DECLARE_REF(extern)
WASM_DECLARE_VEC(extern, *)

WASM_API_EXTERN wasm_externkind_t wasm_extern_kind(const wasm_extern_t *);
WASM_API_EXTERN own wasm_externtype_t *wasm_extern_type(const wasm_extern_t *);

/* Views, not copies; wasm_extern_as_xxx gives NULL on a kind mismatch. */
WASM_API_EXTERN wasm_extern_t *wasm_func_as_extern(wasm_func_t *);
WASM_API_EXTERN wasm_extern_t *wasm_global_as_extern(wasm_global_t *);
WASM_API_EXTERN wasm_extern_t *wasm_table_as_extern(wasm_table_t *);
WASM_API_EXTERN wasm_extern_t *wasm_memory_as_extern(wasm_memory_t *);

WASM_API_EXTERN wasm_func_t *wasm_extern_as_func(wasm_extern_t *);
WASM_API_EXTERN wasm_global_t *wasm_extern_as_global(wasm_extern_t *);
WASM_API_EXTERN wasm_table_t *wasm_extern_as_table(wasm_extern_t *);
WASM_API_EXTERN wasm_memory_t *wasm_extern_as_memory(wasm_extern_t *);

WASM_API_EXTERN const wasm_extern_t *wasm_func_as_extern_const(const wasm_func_t *);
WASM_API_EXTERN const wasm_extern_t *wasm_global_as_extern_const(const wasm_global_t *);
WASM_API_EXTERN const wasm_extern_t *wasm_table_as_extern_const(const wasm_table_t *);
WASM_API_EXTERN const wasm_extern_t *wasm_memory_as_extern_const(const wasm_memory_t *);

WASM_API_EXTERN const wasm_func_t *wasm_extern_as_func_const(const wasm_extern_t *);
WASM_API_EXTERN const wasm_global_t *wasm_extern_as_global_const(const wasm_extern_t *);
WASM_API_EXTERN const wasm_table_t *wasm_extern_as_table_const(const wasm_extern_t *);
WASM_API_EXTERN const wasm_memory_t *wasm_extern_as_memory_const(const wasm_extern_t *);

/* ---- instances ------------------------------------------------------ */

WASM_DECLARE_REF(instance)

/* imports are given positionally, in the module's import order. On
 * failure returns NULL and, if trap is non-NULL, stores a trap explaining
 * why (a start-function trap or a link error) in *trap. */
WASM_API_EXTERN own wasm_instance_t *wasm_instance_new(wasm_store_t *, const wasm_module_t *,
                                                       const wasm_extern_vec_t *imports,
                                                       own wasm_trap_t **trap);
/* In the module's export order. */
WASM_API_EXTERN void wasm_instance_exports(const wasm_instance_t *, own wasm_extern_vec_t *out);

/* ====================================================================
 * Conveniences
 * ==================================================================== */

#define WASM_EMPTY_VEC {0, NULL}
#define WASM_ARRAY_VEC(array) {sizeof(array) / sizeof(*(array)), array}

static inline own wasm_valtype_t *wasm_valtype_new_i32(void) { return wasm_valtype_new(WASM_I32); }
static inline own wasm_valtype_t *wasm_valtype_new_i64(void) { return wasm_valtype_new(WASM_I64); }
static inline own wasm_valtype_t *wasm_valtype_new_f32(void) { return wasm_valtype_new(WASM_F32); }
static inline own wasm_valtype_t *wasm_valtype_new_f64(void) { return wasm_valtype_new(WASM_F64); }
static inline own wasm_valtype_t *wasm_valtype_new_externref(void) {
    return wasm_valtype_new(WASM_EXTERNREF);
}
static inline own wasm_valtype_t *wasm_valtype_new_funcref(void) {
    return wasm_valtype_new(WASM_FUNCREF);
}

/* Function types from up to three parameters and two results; each
 * short-hand takes ownership of the value types given to it. */
static inline own wasm_functype_t *wasm_functype_from_arrays_(size_t np, wasm_valtype_t **ps,
                                                             size_t nr, wasm_valtype_t **rs) {
    wasm_valtype_vec_t params, results;
    if (np) wasm_valtype_vec_new(&params, np, ps); else wasm_valtype_vec_new_empty(&params);
    if (nr) wasm_valtype_vec_new(&results, nr, rs); else wasm_valtype_vec_new_empty(&results);
    return wasm_functype_new(&params, &results);
}

static inline own wasm_functype_t *wasm_functype_new_0_0(void) {
    return wasm_functype_from_arrays_(0, NULL, 0, NULL);
}
static inline own wasm_functype_t *wasm_functype_new_1_0(own wasm_valtype_t *p) {
    wasm_valtype_t *ps[1] = {p};
    return wasm_functype_from_arrays_(1, ps, 0, NULL);
}
static inline own wasm_functype_t *wasm_functype_new_2_0(own wasm_valtype_t *p1,
                                                        own wasm_valtype_t *p2) {
    wasm_valtype_t *ps[2] = {p1, p2};
    return wasm_functype_from_arrays_(2, ps, 0, NULL);
}
static inline own wasm_functype_t *wasm_functype_new_3_0(own wasm_valtype_t *p1,
                                                        own wasm_valtype_t *p2,
                                                        own wasm_valtype_t *p3) {
    wasm_valtype_t *ps[3] = {p1, p2, p3};
    return wasm_functype_from_arrays_(3, ps, 0, NULL);
}
static inline own wasm_functype_t *wasm_functype_new_0_1(own wasm_valtype_t *r) {
    wasm_valtype_t *rs[1] = {r};
    return wasm_functype_from_arrays_(0, NULL, 1, rs);
}
static inline own wasm_functype_t *wasm_functype_new_1_1(own wasm_valtype_t *p,
                                                        own wasm_valtype_t *r) {
    wasm_valtype_t *ps[1] = {p};
    wasm_valtype_t *rs[1] = {r};
    return wasm_functype_from_arrays_(1, ps, 1, rs);
}
static inline own wasm_functype_t *wasm_functype_new_2_1(own wasm_valtype_t *p1,
                                                        own wasm_valtype_t *p2,
                                                        own wasm_valtype_t *r) {
    wasm_valtype_t *ps[2] = {p1, p2};
    wasm_valtype_t *rs[1] = {r};
    return wasm_functype_from_arrays_(2, ps, 1, rs);
}
static inline own wasm_functype_t *wasm_functype_new_3_1(own wasm_valtype_t *p1,
                                                        own wasm_valtype_t *p2,
                                                        own wasm_valtype_t *p3,
                                                        own wasm_valtype_t *r) {
    wasm_valtype_t *ps[3] = {p1, p2, p3};
    wasm_valtype_t *rs[1] = {r};
    return wasm_functype_from_arrays_(3, ps, 1, rs);
}
static inline own wasm_functype_t *wasm_functype_new_0_2(own wasm_valtype_t *r1,
                                                        own wasm_valtype_t *r2) {
    wasm_valtype_t *rs[2] = {r1, r2};
    return wasm_functype_from_arrays_(0, NULL, 2, rs);
}
static inline own wasm_functype_t *wasm_functype_new_1_2(own wasm_valtype_t *p,
                                                        own wasm_valtype_t *r1,
                                                        own wasm_valtype_t *r2) {
    wasm_valtype_t *ps[1] = {p};
    wasm_valtype_t *rs[2] = {r1, r2};
    return wasm_functype_from_arrays_(1, ps, 2, rs);
}
static inline own wasm_functype_t *wasm_functype_new_2_2(own wasm_valtype_t *p1,
                                                        own wasm_valtype_t *p2,
                                                        own wasm_valtype_t *r1,
                                                        own wasm_valtype_t *r2) {
    wasm_valtype_t *ps[2] = {p1, p2};
    wasm_valtype_t *rs[2] = {r1, r2};
    return wasm_functype_from_arrays_(2, ps, 2, rs);
}
static inline own wasm_functype_t *wasm_functype_new_3_2(own wasm_valtype_t *p1,
                                                        own wasm_valtype_t *p2,
                                                        own wasm_valtype_t *p3,
                                                        own wasm_valtype_t *r1,
                                                        own wasm_valtype_t *r2) {
    wasm_valtype_t *ps[3] = {p1, p2, p3};
    wasm_valtype_t *rs[2] = {r1, r2};
    return wasm_functype_from_arrays_(3, ps, 2, rs);
}

/* A host pointer carried as an integer value of pointer width. */
static inline void wasm_val_init_ptr(own wasm_val_t *out, void *p) {
#if UINTPTR_MAX == UINT32_MAX
    out->kind = WASM_I32;
    out->of.i32 = (int32_t)(intptr_t)p;
#else
    out->kind = WASM_I64;
    out->of.i64 = (int64_t)(intptr_t)p;
#endif
}

static inline void *wasm_val_ptr(const wasm_val_t *val) {
#if UINTPTR_MAX == UINT32_MAX
    return (void *)(intptr_t)val->of.i32;
#else
    return (void *)(intptr_t)val->of.i64;
#endif
}

#define WASM_I32_VAL(i) {.kind = WASM_I32, .of = {.i32 = i}}
#define WASM_I64_VAL(i) {.kind = WASM_I64, .of = {.i64 = i}}
#define WASM_F32_VAL(z) {.kind = WASM_F32, .of = {.f32 = z}}
#define WASM_F64_VAL(z) {.kind = WASM_F64, .of = {.f64 = z}}
#define WASM_REF_VAL(r) {.kind = WASM_EXTERNREF, .of = {.ref = r}}
#define WASM_INIT_VAL {.kind = WASM_EXTERNREF, .of = {.ref = NULL}}

#undef own

#ifdef __cplusplus
}
#endif

#endif

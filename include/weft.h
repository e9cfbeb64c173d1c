/* weft.h — the native embedding API of the weft WebAssembly runtime.
 *
 * Objects:
 *   wf_module    decoded, validated and compiled module; immutable, shareable.
 *   wf_store     owns every runtime object (instances, funcs, memories,
 *                tables, globals) made in it; freeing the store frees them.
 *   wf_instance  a module instantiated in a store.
 *   wf_linker    a name -> extern map used to resolve imports by name.
 *   wf_trap      a guest fault or host error; owned by whoever receives it.
 *
 * Every function that can fail reports through a wf_error (load/link) or
 * returns a wf_trap* (execution), never by crashing or exiting. */
#ifndef WEFT_H
#define WEFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wf_module wf_module;
typedef struct wf_store wf_store;
typedef struct wf_instance wf_instance;
typedef struct wf_func wf_func;
typedef struct wf_memory wf_memory;
typedef struct wf_table wf_table;
typedef struct wf_global wf_global;
typedef struct wf_tag wf_tag;            /* exception tag (exception handling) */
typedef struct wf_linker wf_linker;
typedef struct wf_trap wf_trap;
typedef struct wf_caller wf_caller;

/* ---- values and types ---------------------------------------------- */

/* Value types, numbered by their binary encoding. */
typedef enum wf_valkind {
    WF_I32 = 0x7f,
    WF_I64 = 0x7e,
    WF_F32 = 0x7d,
    WF_F64 = 0x7c,
    WF_V128 = 0x7b,
    WF_FUNCREF = 0x70,
    WF_EXTERNREF = 0x6f,
    WF_EXNREF = 0x69,        /* exception reference (exception handling) */
} wf_valkind;

typedef struct wf_v128 { uint8_t bytes[16]; } wf_v128;

/* Floats travel as raw bits so NaN payloads survive every copy. */
typedef struct wf_val {
    wf_valkind kind;
    union {
        int32_t i32;
        int64_t i64;
        uint32_t f32_bits;
        uint64_t f64_bits;
        wf_v128 v128;
        wf_func *funcref;  /* NULL is ref.null func */
        void *externref;   /* NULL is ref.null extern */
        void *exnref;      /* an exception of the store; NULL is ref.null exn */
    } of;
} wf_val;

typedef struct wf_functype {
    uint32_t nparams;
    uint32_t nresults;
    const uint8_t *params;  /* wf_valkind values */
    const uint8_t *results;
} wf_functype;

typedef enum wf_externkind {
    WF_EXTERN_FUNC = 0,
    WF_EXTERN_TABLE = 1,
    WF_EXTERN_MEMORY = 2,
    WF_EXTERN_GLOBAL = 3,
    WF_EXTERN_TAG = 4,
} wf_externkind;

typedef struct wf_extern {
    wf_externkind kind;
    union {
        wf_func *func;
        wf_table *table;
        wf_memory *memory;
        wf_global *global;
        wf_tag *tag;
    } of;
} wf_extern;

typedef struct wf_limits {
    uint64_t min;
    uint64_t max;      /* meaningful only if has_max */
    bool has_max;
    bool shared;
    bool is64;
} wf_limits;

/* ---- errors ---------------------------------------------------------- */

typedef enum wf_errkind {
    WF_OK = 0,
    WF_ERR_MALFORMED,  /* bytes or text that are not a module */
    WF_ERR_INVALID,    /* a well-formed module that fails validation */
    WF_ERR_LINK,       /* unknown or incompatible import */
    WF_ERR_TRAP,       /* a trap during instantiation (segments, start) */
    WF_ERR_LIMIT,      /* an implementation or configured limit */
    WF_ERR_IO,         /* reading a file */
} wf_errkind;

typedef struct wf_error {
    wf_errkind kind;
    size_t offset;     /* byte offset in the input, where it applies */
    char msg[256];     /* one line, no trailing newline */
} wf_error;

/* ---- traps ----------------------------------------------------------- */

typedef enum wf_trapcode {
    WF_TRAP_UNREACHABLE,        /* "unreachable" */
    WF_TRAP_DIV_ZERO,           /* "integer divide by zero" */
    WF_TRAP_INT_OVERFLOW,       /* "integer overflow" */
    WF_TRAP_INVALID_CONVERSION, /* "invalid conversion to integer" */
    WF_TRAP_MEMORY_OOB,         /* "out of bounds memory access" */
    WF_TRAP_TABLE_OOB,          /* "out of bounds table access" */
    WF_TRAP_UNDEFINED_ELEMENT,  /* "undefined element" */
    WF_TRAP_UNINITIALIZED,      /* "uninitialized element" */
    WF_TRAP_INDIRECT_MISMATCH,  /* "indirect call type mismatch" */
    WF_TRAP_STACK_EXHAUSTED,    /* "call stack exhausted" */
    WF_TRAP_UNALIGNED,          /* "unaligned atomic" */
    WF_TRAP_NULL_REFERENCE,     /* "null reference" */
    WF_TRAP_OUT_OF_FUEL,        /* "all fuel consumed" */
    WF_TRAP_INTERRUPTED,        /* "interrupted" */
    WF_TRAP_HOST,               /* message given by a host function */
    WF_TRAP_EXIT,               /* proc_exit: not a fault, carries a code */
    WF_TRAP_EXCEPTION,          /* "uncaught exception": a guest's throw left it */
} wf_trapcode;

wf_trap *wf_trap_new(wf_trapcode code, const char *msg);  /* msg may be NULL */
wf_trap *wf_trap_new_exit(int exit_code);
wf_trapcode wf_trap_code(const wf_trap *trap);
const char *wf_trap_message(const wf_trap *trap);
/* True, with *code set, if the trap is a proc_exit. */
bool wf_trap_exit_code(const wf_trap *trap, int *code);
/* Guest backtrace, innermost first, one function name (or "<func N>")
 * per line; "" if none was recorded. */
const char *wf_trap_backtrace(const wf_trap *trap);
void wf_trap_free(wf_trap *trap);

/* ---- modules --------------------------------------------------------- */

/* Decode, validate and compile a binary module. The bytes are copied. */
wf_module *wf_module_new(const uint8_t *bytes, size_t len, wf_error *err);
/* Translate text (a .wat module) to binary; *out is malloc'd. */
bool wf_wat_to_wasm(const char *text, size_t len, uint8_t **out, size_t *out_len,
                    wf_error *err);
void wf_module_free(wf_module *module);

size_t wf_module_import_count(const wf_module *module);
void wf_module_import(const wf_module *module, size_t i, const char **module_name,
                      const char **name, wf_externkind *kind);
size_t wf_module_export_count(const wf_module *module);
void wf_module_export(const wf_module *module, size_t i, const char **name,
                      wf_externkind *kind);
/* Type of exported function `name`, or NULL if there is none. */
const wf_functype *wf_module_export_functype(const wf_module *module, const char *name);

/* ---- stores and instances ------------------------------------------- */

wf_store *wf_store_new(void);
void wf_store_free(wf_store *store);

/* ---- limits, fuel and interruption ---------------------------------- */

/* Limits on what guests running in `store` may take. 0 means the default:
 *   memory_bytes  each linear memory made in the store: memory.grow (and
 *                 wf_memory_grow) beyond it returns -1, and a memory whose
 *                 initial size exceeds it fails to instantiate
 *                 (WF_ERR_LIMIT). Default: none beyond the type's maximum.
 *   table_elems   the same for each table's elements (table.grow returns
 *                 -1). Default: 10,000,000.
 *   stack_bytes   the interpreter's stack (value slots and call records):
 *                 deeper recursion traps with "call stack exhausted".
 *                 Default: 32 MiB of slots + 6 MiB of call records, as
 *                 address space that is committed only as it is used.
 * Memories and tables already made keep their limits. The stack is made
 * on the store's first call: returns false (the other two still set) if
 * stack_bytes differs from the stack already made. */
bool wf_store_set_limits(wf_store *store, uint64_t memory_bytes, uint64_t table_elems,
                         uint64_t stack_bytes);

/* Fuel: a deterministic budget of work. Guest code is charged at compile-
 * time-known points (each function entry and each loop iteration), each
 * charge being the number of instructions of that function or loop body
 * outside nested loops; when the remaining fuel would drop below zero the
 * call traps with WF_TRAP_OUT_OF_FUEL ("all fuel consumed"). The same
 * program with the same inputs traps at the same point every run. Fuel is
 * off by default; setting it turns it on. Not thread-safe: call while no
 * guest runs in the store (or from a host function it calls). */
bool wf_store_set_fuel(wf_store *store, uint64_t fuel);
/* Remaining fuel; false if fuel is off. */
bool wf_store_get_fuel(const wf_store *store, uint64_t *remaining);
void wf_store_fuel_off(wf_store *store);

/* Interrupt the guest running in `store`: the next function entry or loop
 * iteration traps with WF_TRAP_INTERRUPTED ("interrupted"), so even an
 * infinite loop stops promptly. Callable from any thread (thread-safe, not
 * async-signal-safe). If no guest is running, the next call that enters
 * guest code traps. A guest blocked in memory.atomic.wait is woken and
 * traps; host functions blocked in a system call (a WASI read, a sleep)
 * are not woken: the interrupt lands when they return. Cost while no
 * fuel is set and no interrupt is pending: one load and test per loop
 * iteration and per call. */
void wf_store_interrupt(wf_store *store);
/* Forget an interrupt that has not landed yet. */
void wf_store_clear_interrupt(wf_store *store);
/* A deadline: a watchdog thread interrupts the store timeout_ns from now
 * (once). Replaces any earlier timeout and forgets a pending interrupt;
 * 0 only cancels. False if the thread cannot be made. wf_store_free stops
 * the watchdog. */
bool wf_store_set_timeout(wf_store *store, uint64_t timeout_ns);

/* Instantiate with imports given in the module's import order. Runs the
 * start function. On failure returns NULL with err->kind WF_ERR_LINK or
 * WF_ERR_TRAP (the trap's message in err->msg). */
wf_instance *wf_instance_new(wf_store *store, const wf_module *module,
                             const wf_extern *imports, size_t nimports, wf_error *err);
bool wf_instance_export(const wf_instance *inst, const char *name, wf_extern *out);
/* The same for a name of `len` bytes (export names may hold NUL bytes). */
bool wf_instance_export_n(const wf_instance *inst, const char *name, size_t len,
                          wf_extern *out);
size_t wf_instance_export_count(const wf_instance *inst);
void wf_instance_export_nth(const wf_instance *inst, size_t i, const char **name,
                            wf_extern *out);

/* ---- linker ---------------------------------------------------------- */

wf_linker *wf_linker_new(wf_store *store);
void wf_linker_free(wf_linker *linker);
/* The store the linker defines into (host functions made for it, e.g. by
 * wasi_link, must belong to that store). */
wf_store *wf_linker_store(const wf_linker *linker);
/* Later definitions of the same module/name replace earlier ones. */
void wf_linker_define(wf_linker *linker, const char *module, const char *name,
                      wf_extern ext);
/* Define every export of `inst` under module name `module`. */
void wf_linker_define_instance(wf_linker *linker, const char *module,
                               const wf_instance *inst);
/* The extern defined as module/name, if any. */
bool wf_linker_get(const wf_linker *linker, const char *module, const char *name,
                   wf_extern *out);
/* Resolve imports by name ("unknown import" / "incompatible import type"
 * are WF_ERR_LINK) and instantiate. */
wf_instance *wf_linker_instantiate(wf_linker *linker, const wf_module *module,
                                   wf_error *err);

/* ---- functions ------------------------------------------------------- */

/* A host function. Reads args (typed as its wf_functype says), writes
 * results, returns NULL or a trap (ownership passes to the runtime). */
typedef wf_trap *(*wf_host_fn)(wf_caller *caller, void *env, const wf_val *args,
                               wf_val *results);

wf_func *wf_func_new_host(wf_store *store, const wf_functype *type, wf_host_fn fn,
                          void *env, void (*finalizer)(void *env));
const wf_functype *wf_func_type(const wf_func *func);
/* Call with nargs/nresults matching the type; returns NULL or a trap
 * the caller owns. The store stays usable after a trap. */
wf_trap *wf_func_call(wf_func *func, const wf_val *args, size_t nargs,
                      wf_val *results, size_t nresults);

/* Inside a host function: the calling instance and its exports. */
wf_instance *wf_caller_instance(wf_caller *caller);
bool wf_caller_export(wf_caller *caller, const char *name, wf_extern *out);
/* The calling instance's memory 0, or NULL. */
wf_memory *wf_caller_memory(wf_caller *caller);

/* ---- memories, tables, globals -------------------------------------- */

wf_memory *wf_memory_new(wf_store *store, wf_limits limits, wf_error *err);
uint8_t *wf_memory_data(const wf_memory *mem);
uint64_t wf_memory_size(const wf_memory *mem);       /* in bytes */
/* Grow by delta pages; returns old size in pages or -1. */
int64_t wf_memory_grow(wf_memory *mem, uint64_t delta_pages);

wf_table *wf_table_new(wf_store *store, wf_valkind elem, wf_limits limits,
                       wf_val init, wf_error *err);
uint64_t wf_table_size(const wf_table *table);
bool wf_table_get(const wf_table *table, uint64_t i, wf_val *out);
bool wf_table_set(wf_table *table, uint64_t i, wf_val v);

wf_global *wf_global_new(wf_store *store, wf_valkind type, bool mutable_, wf_val v);
wf_val wf_global_get(const wf_global *g);
void wf_global_set(wf_global *g, wf_val v);

/* ---- exception tags -------------------------------------------------- */

/* A new tag whose exceptions carry values of type->params; NULL if type
 * has results (tags have none) or memory is short. The type is not
 * copied: it must outlive the tag's use. A tag is its own identity: only
 * handlers naming this object catch its exceptions. A guest exception
 * nobody catches reaches the host as a WF_TRAP_EXCEPTION trap. */
wf_tag *wf_tag_new(wf_store *store, const wf_functype *type);
const wf_functype *wf_tag_type(const wf_tag *tag);

#ifdef __cplusplus
}
#endif
#endif

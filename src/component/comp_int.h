/* comp_int.h — internals shared by the files of src/component: the decoded
 * component form (a list of definitions in binary order, since every index
 * space is built incrementally), the runtime types and values the canonical
 * ABI works on, and component instances with their handle tables. */
#ifndef WEFT_COMP_INT_H
#define WEFT_COMP_INT_H

#include <stdint.h>
#include <stdbool.h>
#include "component.h"
#include "../util/util.h"

/* ---- sorts ----------------------------------------------------------- */

/* Component sorts are 1..5; core sorts are 0x100 | core:sort. */
enum {
    S_FUNC = 1, S_VALUE = 2, S_TYPE = 3, S_COMPONENT = 4, S_INSTANCE = 5,
    S_CORE = 0x100,
    S_CORE_FUNC = 0x100, S_CORE_TABLE = 0x101, S_CORE_MEMORY = 0x102,
    S_CORE_GLOBAL = 0x103, S_CORE_TAG = 0x104, S_CORE_TYPE = 0x110,
    S_CORE_MODULE = 0x111, S_CORE_INSTANCE = 0x112,
};

typedef struct cm_sortidx { uint16_t sort; uint32_t idx; } cm_sortidx;

/* ---- type definitions as decoded ------------------------------------ */

/* A valtype: a primitive code (0x73..0x7f) with VT_PRIM set, or a type
 * index. VT_NONE marks an absent optional type. */
#define VT_PRIM 0x80000000u
#define VT_NONE 0xffffffffu

enum {
    T_BOOL = 0x7f, T_S8 = 0x7e, T_U8 = 0x7d, T_S16 = 0x7c, T_U16 = 0x7b,
    T_S32 = 0x7a, T_U32 = 0x79, T_S64 = 0x78, T_U64 = 0x77, T_F32 = 0x76,
    T_F64 = 0x75, T_CHAR = 0x74, T_STRING = 0x73,
    T_RECORD = 0x72, T_VARIANT = 0x71, T_LIST = 0x70, T_TUPLE = 0x6f,
    T_FLAGS = 0x6e, T_ENUM = 0x6d, T_OPTION = 0x6b, T_RESULT = 0x6a,
    T_OWN = 0x69, T_BORROW = 0x68,
    /* Fixed-size lists, streams, futures, error contexts; map is
     * list<tuple<k, v>> in the ABI. */
    T_FIXLIST = 0x67, T_STREAM = 0x66, T_FUTURE = 0x65, T_ERRCTX = 0x64, T_MAP = 0x63,
    T_FUNC = 0x40, T_FUNC_ASYNC = 0x43, T_COMPONENT = 0x41, T_INSTANCE = 0x42, T_RESOURCE = 0x3f,
    T_CORE_FUNC = 0x60, T_CORE_MODULE = 0x50,
};

typedef struct cm_decl cm_decl;

typedef struct cm_externdesc {
    uint8_t kind;      /* 0 core module, 1 func, 2 value, 3 type, 4 component, 5 instance */
    bool sub_resource; /* kind 3: (sub resource) rather than (eq idx) */
    uint32_t idx;
} cm_externdesc;

typedef struct cm_alias cm_alias;
struct cm_alias {
    uint16_t sort;
    uint8_t kind;      /* 0 export, 1 core export, 2 outer */
    uint32_t inst;     /* export: instance index; outer: count */
    uint32_t idx;      /* outer: index */
    const char *name;  /* export */
};

/* A declaration of a core module type. */
typedef struct cm_coredecl {
    uint8_t kind;          /* 0 import, 1 type, 2 alias, 3 export */
    const char *module, *name;
    uint8_t ext;           /* extern kind: 0 func, 1 table, 2 memory, 3 global, 4 tag */
    uint32_t idx;          /* func, tag: type index */
    uint8_t elem;          /* table element, global value type */
    bool mut;
    wf_limits lim;
    struct cm_type *type;  /* kind 1 */
    cm_alias alias;        /* kind 2 */
} cm_coredecl;

typedef struct cm_type {
    uint8_t kind;          /* T_* */
    uint32_t n;            /* fields, cases, labels, params, decls; core func: params */
    const char **labels;
    uint32_t *types;       /* valtypes (VT_NONE for no payload) */
    uint32_t ret;          /* func result, VT_NONE for none; own/borrow: type idx */
    uint8_t rep;           /* resource: core valtype */
    bool has_dtor;
    uint32_t dtor;         /* resource: core func index */
    cm_decl *decls;        /* component/instance types */
    cm_coredecl *cdecls;   /* core module types (n of them) */
    uint8_t *core;         /* core func type: n params then ncr results */
    uint32_t ncr;
    bool async_;           /* func: (func async ...) */
} cm_type;

struct cm_decl {
    uint8_t kind;          /* 0 core type, 1 type, 2 alias, 3 import, 4 export */
    cm_type *type;
    cm_alias alias;
    const char *name;
    const char *impl;      /* (implements "...") attribute, or NULL */
    cm_externdesc desc;
};

typedef struct cm_arg { const char *name; const char *impl; cm_sortidx si; } cm_arg;

typedef struct cm_opts {
    uint8_t encoding;      /* 0 utf8, 1 utf16, 2 latin1+utf16 */
    bool has_memory, has_realloc, has_post;
    uint32_t memory, realloc, post;
    bool async_, has_callback;
    uint32_t callback;
} cm_opts;

enum {
    D_CORE_MODULE, D_CORE_INSTANCE, D_CORE_TYPE, D_COMPONENT, D_INSTANCE,
    D_ALIAS, D_TYPE, D_CANON, D_START, D_IMPORT, D_EXPORT,
};
enum {
    C_LIFT = 0, C_LOWER = 1, C_RES_NEW = 2, C_RES_DROP = 3, C_RES_REP = 4,
    /* The async ABI's built-ins (Binary.md canon opcodes): */
    C_TASK_CANCEL = 0x05, C_SUBTASK_CANCEL = 0x06, C_TASK_RETURN = 0x09,
    C_CONTEXT_GET = 0x0a, C_CONTEXT_SET = 0x0b, C_THREAD_YIELD = 0x0c, C_SUBTASK_DROP = 0x0d,
    C_STREAM_NEW = 0x0e, C_STREAM_READ = 0x0f, C_STREAM_WRITE = 0x10,
    C_STREAM_CANCEL_R = 0x11, C_STREAM_CANCEL_W = 0x12, C_STREAM_DROP_R = 0x13,
    C_STREAM_DROP_W = 0x14, C_FUTURE_NEW = 0x15, C_FUTURE_READ = 0x16, C_FUTURE_WRITE = 0x17,
    C_FUTURE_CANCEL_R = 0x18, C_FUTURE_CANCEL_W = 0x19, C_FUTURE_DROP_R = 0x1a,
    C_FUTURE_DROP_W = 0x1b, C_ERR_NEW = 0x1c, C_ERR_DEBUG = 0x1d, C_ERR_DROP = 0x1e,
    C_WSET_NEW = 0x1f, C_WSET_WAIT = 0x20, C_WSET_POLL = 0x21, C_WSET_DROP = 0x22,
    C_WAITABLE_JOIN = 0x23, C_BP_INC = 0x24, C_BP_DEC = 0x25, C_THREAD_INDEX = 0x26,
    C_THREAD_NEW_INDIRECT = 0x27, C_THREAD_RESUME_LATER = 0x28, C_THREAD_SUSPEND = 0x29,
    C_THREAD_SUSPEND_RESUME = 0x2a, C_THREAD_YIELD_RESUME = 0x2b,
    C_THREAD_SUSPEND_PROMOTE = 0x2c, C_THREAD_YIELD_PROMOTE = 0x2d,
};

typedef struct cm_def {
    uint8_t kind;          /* D_* */
    size_t offset;         /* in the input, for messages */
    union {
        wf_module *module;                                         /* D_CORE_MODULE */
        comp_component *component;                                 /* D_COMPONENT */
        struct { bool inline_; uint32_t of; uint32_t n; cm_arg *args; } inst;  /* D_*INSTANCE */
        cm_alias alias;
        cm_type *type;                                             /* D_TYPE */
        /* type: lift's func type, a resource/stream/future type, task.return's
         * result valtype; idx: context slot, thread.new-indirect's table;
         * flag: async? or cancellable. */
        struct { uint8_t op; bool flag; uint32_t func, type, idx; cm_opts opts; } canon;
        struct { const char *name, *impl; cm_externdesc desc; } import;
        struct { const char *name, *impl; cm_sortidx si; bool has_desc; cm_externdesc desc; } export_;
    } u;
} cm_def;

struct comp_component {
    wf_arena arena;
    cm_def *defs;
    uint32_t ndefs;
    comp_component *children, *sibling;  /* nested components, freed with their parent */
};

/* Validate a decoded component and everything nested in it (valid.c). */
bool comp_validate(const comp_component *c, wf_error *err);

/* Decode bytes (after the preamble check) into c; nested components too. */
bool comp_decode(comp_component *c, const uint8_t *bytes, size_t len, int depth,
                 wf_error *err);

/* ---- runtime types --------------------------------------------------- */

typedef struct comp_type comp_type;
typedef struct comp_inst comp_inst;

/* A resource type made at run time: by the host (host_drop set) or by a
 * component instance's (resource ...) definition (dtor, owner). */
typedef struct comp_resource {
    const char *name;
    comp_inst *owner;
    wf_func *dtor;
    void (*host_drop)(void *host, uint32_t rep);
    void *host;
} comp_resource;

struct comp_type {
    uint8_t kind;          /* T_* (value kinds, T_FUNC, T_RESOURCE) */
    uint32_t n;
    comp_type **t;         /* fields, cases (NULL: no payload), list/option elem, result ok/err, func params */
    const char **labels;
    comp_type *ret;        /* func result; own/borrow: the resource type */
    comp_resource *res;    /* T_RESOURCE */
    /* Cached at evaluation so that types sharing subtypes (a DAG) never
     * cost more than their number of definitions: */
    bool cached;
    bool mem;              /* holds strings or lists */
    bool borrow;           /* holds a borrow handle */
    bool named;            /* came in or went out through an import or export */
    bool async_;           /* func: an async function type */
    uint32_t len;          /* fixed-size list: its length */
    uint16_t depth;
    uint32_t size, align, nflat;
};

/* Type definitions nest at most this deep (as wasmparser's limit). */
#define COMP_MAX_TYPE_DEPTH 100
/* Fill the cached fields of a value type whose parts are cached; false if
 * it breaks a limit (depth, or an element size of 2^28 bytes or more). */
bool canon_cache(comp_type *t, const char **why);

/* ---- values ---------------------------------------------------------- */

typedef struct comp_val comp_val;
struct comp_val {
    uint8_t kind;          /* T_* of its type */
    bool bytes;            /* a list<u8>/list<s8> held as of.bytes, not elements */
    union {
        bool b;
        uint64_t u;
        int64_t s;
        float f32;
        double f64;
        uint32_t ch;
        uint32_t flags;
        struct { const char *p; uint32_t len; } str;      /* UTF-8, not NUL-terminated */
        struct { comp_val *v; uint32_t n; } agg;           /* list, record, tuple */
        struct { const uint8_t *p; uint32_t n; } bs;       /* list<u8> when `bytes` */
        struct { uint32_t disc; comp_val *payload; } var;  /* variant, enum, option, result */
        struct { uint32_t rep; comp_resource *res; } h;    /* own, borrow */
        void *end;                                         /* stream, future, error-context */
    } of;
};

/* The bytes of a list<u8> in either form; false if v is not one. The
 * buffer is v's own or allocated in a. */
bool comp_list_bytes(const comp_val *v, wf_arena *a, const uint8_t **p, uint32_t *n);
static inline comp_val comp_bytes_val(const uint8_t *p, uint32_t n)
{
    comp_val v = { .kind = T_LIST, .bytes = true };
    v.of.bs.p = p;
    v.of.bs.n = n;
    return v;
}

/* ---- functions and instances ---------------------------------------- */

typedef struct comp_func comp_func;
typedef struct comp_call comp_call;

/* A host function receives lifted arguments and writes at most one lifted
 * result, allocating aggregates in call->arena. */
typedef wf_trap *(*comp_host_fn)(comp_call *call, void *env, const comp_val *args,
                                 uint32_t nargs, comp_val *result);

struct comp_call {
    wf_arena *arena;
    comp_host *host;
};

struct comp_func {
    comp_type *type;       /* NULL for a host function not yet given a type */
    comp_host_fn host_fn;  /* host function, else lifted: */
    void *env;
    wf_func *core;
    cm_opts opts;
    wf_memory *memory;
    wf_func *realloc_, *post;
    wf_func *callback_;    /* async lifts with (callback ...) */
    comp_inst *inst;
};

/* An instance's exports: name -> (sort, item). */
typedef struct comp_item {
    uint16_t sort;
    void *p;               /* comp_func*, comp_type*, comp_inst*, comp_closure*, wf_module* */
} comp_item;

typedef struct comp_export { const char *name; comp_item item; } comp_export;

/* Handle table entries; free slots have res == NULL. */
typedef struct comp_handle {
    comp_resource *res;
    uint32_t rep;
    bool own;
    uint32_t lends;        /* borrows of this own handle still out */
    uint8_t kind;          /* H_* (async.h): a resource or an async object */
    void *obj;             /* the async object (waitable, set, error context) */
} comp_handle;

struct comp_inst {
    comp_export *exports;
    uint32_t nexports, cap;
    wf_arena *arena;       /* where the handle table grows; NULL: no handles */
    comp_handle *handles;  /* index 0 is never used */
    uint32_t nhandles, hcap;
    uint32_t hfree;        /* head of the free list (LIFO), 0 if none */
    bool may_leave, may_enter;
    bool host;             /* a host instance: exports it lacks become stubs */
    /* The async ABI (async*.c): the store's scheduler, the instance that
     * instantiated this one (entering a child enters its ancestors), the
     * backpressure counter and the exclusive lock of callback and sync
     * tasks. */
    struct async_sched *sched;
    comp_inst *parent;
    uint32_t backpressure, num_waiting_to_enter;
    struct async_thread *exclusive;
    /* The threads table (thread.index, thread.* built-ins): index 0 is
     * never used; free slots are NULL and reused lowest-last (LIFO). */
    struct async_thread **threads;
    uint32_t nthreads, thcap;
    uint32_t *thfree, nthfree;
    void *stream_free;     /* stream.c's recycled ends and records */
};

/* A component definition closed over the scope it was defined in (for
 * outer aliases). */
typedef struct comp_scope comp_scope;
typedef struct comp_closure { comp_component *def; comp_scope *scope; } comp_closure;

/* Everything one run makes: core store, arena, host. */
struct comp_store_ {
    wf_store *store;
    wf_arena arena;
    comp_host *host;
    comp_scope *scopes;    /* nested scopes, freed with the store */
    uint32_t ninstances;   /* core and component instances made so far */
    struct async_sched *sched;  /* threads and tasks of this store (async.c) */
};

/* Nested instantiation can multiply: cap what one component may make. */
#define COMP_MAX_INSTANCES 10000

/* Structural equality of two evaluated types (resources by identity). */
bool comp_type_eq(const comp_type *a, const comp_type *b);

bool comp_inst_add(wf_arena *a, comp_inst *inst, const char *name, uint16_t sort, void *p);
comp_item *comp_inst_find(comp_inst *inst, const char *name);

/* ---- canonical ABI (canon.c) ----------------------------------------- */

uint32_t canon_size(const comp_type *t);
uint32_t canon_align(const comp_type *t);
/* Core flat types of t appended to out (cap 17 enough after clamping). */
uint32_t canon_flatten(const comp_type *t, uint8_t *out, uint32_t cap);

/* The core function type of a lifted/lowered function. */
bool canon_core_type(const comp_type *ft, bool lower, uint8_t *params, uint32_t *np,
                     uint8_t *results, uint32_t *nr);

/* The same under options (the async ABI's lift and lower). */
bool canon_core_type_opts(const comp_type *ft, bool lower, const cm_opts *o, uint8_t *params,
                          uint32_t *np, uint8_t *results, uint32_t *nr);
/* A core function implementing `canon lower` of f with the given opts. */
wf_func *canon_lower(wf_store *store, wf_arena *a, comp_host *host, comp_func *f,
                     comp_inst *inst, const cm_opts *opts, wf_memory *mem, wf_func *realloc_,
                     wf_error *err);
wf_func *canon_resource_fn(wf_store *store, wf_arena *a, uint8_t op, comp_resource *res,
                           comp_inst *inst);
/* Validation of a lift's or lower's options against the function type:
 * memory and realloc present when values live in memory, realloc and
 * post-return with their core types. */
bool canon_check_opts(const comp_type *ft, bool lift, const cm_opts *o, wf_func *realloc_,
                      wf_func *post, wf_error *err);
/* Call a component function with lifted arguments. */
wf_trap *comp_func_call(comp_func *f, comp_host *host, wf_arena *a, const comp_val *args,
                        uint32_t nargs, comp_val *result);

/* n elements of type t at ptr, loaded into out / stored from vs (stream
 * and future copies; own handles move between the tables as in calls). */
wf_trap *canon_load_vals(comp_inst *inst, wf_memory *mem, uint8_t enc, const comp_type *t,
                         uint32_t ptr, uint32_t n, wf_arena *a, comp_val *out);
wf_trap *canon_store_vals(comp_inst *inst, wf_memory *mem, wf_func *realloc_, uint8_t enc,
                          const comp_type *t, const comp_val *vs, uint32_t n, uint32_t ptr,
                          wf_arena *a);

/* Handle tables. */
uint32_t comp_handle_new(comp_inst *inst, comp_resource *res, uint32_t rep, bool own);
wf_trap *comp_handle_drop(comp_inst *inst, comp_resource *res, uint32_t idx);
wf_trap *comp_handle_rep(comp_inst *inst, comp_resource *res, uint32_t idx, uint32_t *rep);
/* The live handle at idx (of resource res unless NULL), or NULL with a trap. */
comp_handle *comp_handle_get(comp_inst *inst, uint32_t idx, comp_resource *res, wf_trap **trap);

wf_trap *comp_trap(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- the host (host.c, wasi2_*.c) ------------------------------------ */

/* Run the embedder's store hook (0 = go on). */
int comp_host_store_setup(comp_host *host, wf_store *store);
/* The host instance for an import name (semver-compatible), or NULL. */
comp_inst *comp_host_instance(comp_host *host, const char *name);
/* A function for an export the host lacks: it traps "not implemented"
 * when called (the name is kept for the message). */
comp_func *comp_host_stub(comp_host *host, wf_arena *a, const char *what);

#endif

/* runtime.h — the objects the interpreter runs against, and the runtime's
 * internal API (instantiation, linking, traps).
 *
 * The structs here are the low layer: src/interp reads them directly on
 * the hot path. Instantiation (src/runtime/instance.c) sits above both the
 * validator and the interpreter. */
#ifndef WEFT_RUNTIME_H
#define WEFT_RUNTIME_H

#include "../binary/binary.h"
#include "../util/util.h"
#include "weft.h"

#define RT_PAGE_SIZE 65536u
/* Reserved address space per 32-bit memory: 4 GiB + 4 GiB guard + one
 * page, so that any i32 address plus any u32 offset plus an access's
 * width lands inside the reservation (the interpreter's guard-page bounds
 * checks rely on it: src/interp/guard.h). */
#define RT_MEMORY_RESERVE (((uint64_t)8 << 30) + RT_PAGE_SIZE)

/* One operand/local slot of the interpreter. A v128 takes two slots. */
typedef union rt_slot {
    uint32_t i32;
    uint64_t i64;
    uint32_t f32;   /* raw bits */
    uint64_t f64;   /* raw bits */
    void *ref;      /* wf_func* for funcref, host pointer for externref */
} rt_slot;

struct wf_memory {
    uint8_t *base;            /* never moves: reserved up front */
    uint64_t size;            /* current size in bytes */
    uint64_t max_pages;       /* declared max, or the implementation limit */
    uint64_t reserved;        /* bytes of address space reserved */
    wf_limits limits;         /* as declared (for import matching) */
    wf_memory *next;          /* store's list */
    /* Shared memories (wait.c): waiter queues, made on first wait, and
     * references held beyond the owning store (other threads' stores). */
    struct rt_waitq *waitq;
    int refs;                 /* extra references; 0 = only the store */
};

struct wf_table {
    void **elems;             /* wf_func* or externref; NULL is null */
    uint64_t size;
    uint64_t max;             /* declared max, or UINT32_MAX */
    uint8_t elem_type;        /* WF_FUNCREF or WF_EXTERNREF */
    wf_limits limits;         /* as declared */
    wf_table *next;
    wf_store *store;          /* the owner (limits.c) */
};

struct wf_global {
    uint8_t type;
    bool is_mutable;
    rt_slot value[2];         /* two slots so a v128 fits */
    wf_global *next;
};

struct wf_func {
    const wf_functype *type;
    /* Guest function: instance and index in its module's function space. */
    wf_instance *inst;
    uint32_t index;
    struct interp_code *code;
    /* Host function (code == NULL). */
    wf_host_fn host;
    void *env;
    void (*finalizer)(void *env);
    wf_func *next;
};

/* An exception tag. Its identity is the object: a module's tag is made
 * anew by each instantiation and shared by whoever imports it. */
struct wf_tag {
    const wf_functype *type;  /* params = the payload (its module outlives it) */
    wf_tag *next;             /* store's list */
};

/* An exception (exception handling): its tag and a copy of the payload,
 * in slots (v128: two). An exnref slot points to one. Exceptions live as
 * long as their store (there is no collector), except one caught by a
 * plain catch/catch_all before any exnref to it existed: nothing can
 * reach it any more, so it is freed at once (the usual throw-and-catch
 * loop allocates nothing that stays). */
typedef struct rt_exn {
    wf_tag *tag;
    struct rt_exn *prev, *next;   /* store's list */
    bool exposed;                 /* an exnref to it was handed out */
    uint32_t nslots;
    rt_slot payload[];
} rt_exn;

struct wf_instance {
    wf_store *store;
    const wf_module *module;
    wf_func **funcs;          /* whole function index space */
    wf_table **tables;
    wf_memory **memories;
    wf_global **globals;
    wf_tag **tags;
    bool *elem_dropped;       /* per element segment */
    bool *data_dropped;       /* per data segment */
    /* Per element segment: its references evaluated at instantiation
     * (wf_func* or externref, NULL for null), module's elems[i].count of
     * them. table.init reads these; elem_dropped says if it was dropped. */
    void ***elem_refs;
    /* Memory 0 cached for the interpreter (NULL if none). */
    wf_memory *mem0;
    wf_instance *next;
};

struct wf_trap {
    wf_trapcode code;
    int exit_code;            /* WF_TRAP_EXIT only */
    char *message;
    char *backtrace;
};

struct interp_stack;          /* per-store execution stack, src/interp */

struct wf_store {
    wf_instance *instances;
    wf_func *funcs;
    wf_memory *memories;
    wf_table *tables;
    wf_global *globals;
    wf_tag *tags;
    rt_exn *exns;                 /* live exceptions (exn.c) */
    struct interp_stack *stack;   /* created on first call */
    /* Fuel and interruption (limits.c). The interpreter's check points
     * (function entry, loop iterations) test `checks` (accessed
     * atomically: other threads set RT_CHECK_INTERRUPT) and call
     * rt_fuel_charge only when it is not 0, so a store with neither
     * costs one load and test per check. */
    int checks;
    int64_t fuel;
    bool fuel_on;
    /* Configured limits (wf_store_set_limits); 0 = the default. */
    uint64_t max_memory;          /* bytes per memory */
    uint64_t max_table;           /* elements per table */
    uint64_t max_stack;           /* bytes of interpreter stack */
    uint64_t table_total;         /* elements of all its tables */
    struct rt_watchdog *watchdog; /* wf_store_set_timeout's thread */
    /* wait.c: the store's thread's blocking memory.atomic.wait, if any,
     * so that wf_store_interrupt can wake it (under wait.c's lock). */
    struct rt_waiter *waiting;
};

/* Tables hold at most this many elements unless the store says otherwise
 * (a declared minimum of 2^32-1 would otherwise take 32 GiB of host memory). */
#define RT_TABLE_MAX_DEFAULT ((uint64_t)10000000)
/* All of a store's tables together (800 MiB of address space, touched
 * only where written). */
#define RT_TABLE_TOTAL ((uint64_t)100000000)

#define RT_CHECK_FUEL 1
#define RT_CHECK_INTERRUPT 2
/* A check point with `checks` set: charge cost if fuel is on; true to go
 * on, else false with the trap to raise in *code (out of fuel,
 * interrupted; an interrupt is consumed by its trap). */
bool rt_fuel_charge(wf_store *store, uint64_t cost, wf_trapcode *code);
/* The table element limit in force in a store. */
uint64_t rt_table_cap(const wf_store *store);
/* Stop a store's watchdog thread (wf_store_free). */
void rt_watchdog_stop(wf_store *store);
/* False for the static out-of-memory trap, which must not be changed. */
bool rt_trap_is_mutable(const wf_trap *trap);

struct wf_caller {
    wf_instance *inst;
};

/* Spec wording of each trap code. */
const char *rt_trap_text(wf_trapcode code);

/* Allocation of store objects (no module involved). */
wf_memory *rt_memory_new(wf_store *store, wf_limits limits, wf_error *err);
int64_t rt_memory_grow(wf_memory *mem, uint64_t delta_pages);  /* old pages or -1 */
wf_table *rt_table_new(wf_store *store, uint8_t elem, wf_limits limits, void *init,
                       wf_error *err);
int64_t rt_table_grow(wf_table *t, uint64_t delta, void *init); /* old size or -1 */

/* Threads (wait.c). ea is a checked, aligned byte address in a shared
 * memory. Wait (by a guest running in `store`): 0 woken, 1 value not
 * equal, 2 timed out (timeout_ns < 0: forever), 3 interrupted (the store
 * was interrupted: wf_store_interrupt wakes it), -1 out of memory.
 * Notify: number of waiters woken. */
int rt_atomic_wait(wf_store *store, wf_memory *mem, uint64_t ea, uint64_t expected,
                   int64_t timeout_ns, bool is64);
/* Wake the store's thread from a memory.atomic.wait (wf_store_interrupt). */
void rt_wait_interrupt(wf_store *store);
uint32_t rt_atomic_notify(wf_memory *mem, uint64_t ea, uint32_t count);
/* A memory's lifetime beyond its store: rt_memory_ref adds a reference;
 * rt_memory_release drops one (the store's own when the store is freed)
 * and unmaps the memory with the last. */
void rt_memory_ref(wf_memory *mem);
void rt_memory_release(wf_memory *mem);

/* Exception handling (exn.c). A new tag of type `type`, or NULL (out of
 * memory). A new exception of `tag` with its payload copied from
 * `payload` (the tag's parameter slots), or NULL. Freeing unlinks it
 * from the store; rt_store_free_exns frees what is left. */
wf_tag *rt_tag_new(wf_store *store, const wf_functype *type);
rt_exn *rt_exn_new(wf_store *store, wf_tag *tag, const rt_slot *payload);
void rt_exn_free(wf_store *store, rt_exn *exn);
void rt_store_free_exns(wf_store *store);

/* Function types are equal if their params and results match exactly. */
bool rt_functype_eq(const wf_functype *a, const wf_functype *b);

/* Evaluate a validated constant expression in an instance under
 * construction (globals and funcs filled so far). Writes 1 or 2 slots. */
bool rt_eval_const(wf_instance *inst, const bin_expr *e, rt_slot *out, wf_error *err);

/* Export lookup by a name of `len` bytes (names may hold NUL bytes). */
bool rt_instance_export(const wf_instance *inst, const char *name, size_t len, wf_extern *out);

/* Conversions between the API's wf_val and the interpreter's slots
 * (a v128 takes slots[0] (low) and slots[1] (high)). */
void rt_val_to_slots(const wf_val *v, rt_slot *slots);
wf_val rt_slots_to_val(uint8_t kind, const rt_slot *slots);

#endif

/* async.h — the component model's async ABI (CanonicalABI.md "Concurrency",
 * "Waitable State"): threads that can suspend mid-execution (each on its
 * own C stack and interpreter stack), tasks, and the waitables and waitable
 * sets that live in a component instance's handle table next to resource
 * handles. Streams, futures and error contexts (stream*.c) build on the
 * waitable interface here; async*.c implement it.
 *
 * Blocking: a built-in that must wait calls async_wait_event() on the
 * current thread; that suspends the thread (its C stack is kept) and runs
 * other ready threads until the condition holds. Waking: whoever completes
 * something calls async_set_event() on the waitable; nothing runs at that
 * moment, the waiting thread is resumed later by the scheduler. */
#ifndef WEFT_ASYNC_H
#define WEFT_ASYNC_H

#include "comp_int.h"
#include "async_switch.h"

/* Event codes delivered to core wasm (EventCode). */
enum {
    EV_NONE = 0, EV_SUBTASK = 1, EV_STREAM_READ = 2, EV_STREAM_WRITE = 3,
    EV_FUTURE_READ = 4, EV_FUTURE_WRITE = 5, EV_TASK_CANCELLED = 6,
};

/* Copy results packed into payloads and return values (CopyResult). */
enum { COPY_COMPLETED = 0, COPY_DROPPED = 1, COPY_CANCELLED = 2 };
#define ASYNC_BLOCKED 0xffffffffu

/* What a handle-table entry holds (comp_handle.kind). */
enum {
    H_FREE = 0, H_RESOURCE, H_SUBTASK, H_STREAM_READ, H_STREAM_WRITE,
    H_FUTURE_READ, H_FUTURE_WRITE, H_WSET, H_ERRCTX,
};

typedef struct async_waitable async_waitable;
typedef struct async_wset async_wset;

/* Every waitable (subtask, stream or future end) embeds one of these as
 * its first member, so the handle table's obj points at both. */
struct async_waitable {
    comp_inst *inst;
    uint8_t kind;              /* H_SUBTASK .. H_FUTURE_WRITE */
    uint32_t handle;           /* its index in inst's table (0: not in it) */
    bool pending;              /* an event is waiting to be delivered */
    uint32_t ev_code, ev_payload;
    /* Called right before the pending event is delivered to wasm (may
     * update ev_code/ev_payload or state, e.g. a copy's end goes idle);
     * NULL for none. */
    void (*on_deliver)(async_waitable *w);
    async_wset *wset;          /* at most one set */
    async_waitable *set_next;  /* in wset's list */
    bool sync_waiter;          /* a thread waits on it synchronously */
};

/* ---- handle table entries other than resources (async_table.c) ----- */

/* Add obj under kind; 0 when the table is full (trap "handle table full"). */
uint32_t comp_handle_put(comp_inst *inst, uint8_t kind, void *obj);
/* The obj at idx if it is of kind, else NULL with *trap set. */
void *comp_handle_obj(comp_inst *inst, uint32_t idx, uint8_t kind, wf_trap **trap);
/* The kind at idx (H_FREE for a free or out-of-range index). */
uint8_t comp_handle_kind(comp_inst *inst, uint32_t idx);
/* Free idx (the caller has checked it). */
void comp_handle_remove(comp_inst *inst, uint32_t idx);

/* ---- waitables ------------------------------------------------------ */

void async_waitable_init(async_waitable *w, comp_inst *inst, uint8_t kind);
/* Record the one pending event (replacing any). */
void async_set_event(async_waitable *w, uint32_t code, uint32_t payload);
/* Take the pending event (runs on_deliver first). */
void async_take_event(async_waitable *w, uint32_t *code, uint32_t *index, uint32_t *payload);
/* Block the current thread until w has a pending event (a synchronous
 * read/write/cancel). Traps when the current task may not block, or when
 * w is in a waitable set ("cannot wait synchronously on a waitable in a
 * set"). */
wf_trap *async_wait_event(async_waitable *w);
/* Leave the waitable set (before the waitable is freed). */
void async_waitable_drop(async_waitable *w);

/* True when the current thread of inst's store may block (an async-typed
 * task or an async lower); built-ins called with `async` never block. */
bool async_may_block(comp_inst *inst);

/* ---- threads, tasks and the scheduler (A's; async.c, async_task.c) -- */

typedef struct async_thread async_thread;
typedef struct async_task async_task;
typedef struct async_sched async_sched;
typedef bool (*async_ready_fn)(void *arg);

/* A thread of guest execution with its own C stack and interpreter stack
 * (fibers, async_switch.h): it can block in a host call and be resumed
 * later. */
struct async_thread {
    async_sched *sched;
    fiber_ctx ctx;             /* saved while not running */
    fiber_ctx *back;           /* the resumer's context (block returns there) */
    void *cstack;
    struct interp_stack *istack;
    async_task *task;
    void (*fn)(async_thread *t);
    async_ready_fn ready;      /* set while waiting (in sched->waiting) */
    void *ready_arg;
    async_thread *wnext;
    async_thread *switch_to;
    bool started, done, cancellable, block_result;
    bool blocked;              /* suspended in async_block */
    wf_func *entry;            /* an explicit thread's function and its */
    uint32_t entry_arg;        /* closure argument (thread.new-indirect) */
    wf_trap *trap;             /* the trap that ended the thread */
    uint32_t index;
    uint32_t storage[2];       /* context.get/set */
    async_thread *tprev, *tnext;  /* every live thread of the store */
};

struct async_sched {
    wf_store *store;
    async_thread *current;     /* NULL: the host's own stack */
    async_thread *waiting, *waiting_tail;
    async_thread *pool;        /* finished threads, their stacks kept */
    uint32_t npool;
    async_thread *threads;     /* live threads */
    void *objs;                /* live tasks, subtasks, sets (async_alloc) */
    bool poisoned;             /* a trap ended a call: nothing runs any more */
    void *task_pool;           /* freed tasks (still tracked), for reuse */
};

async_sched *async_sched_new(wf_store *store);
void async_sched_free(async_sched *s);
/* The running thread of inst's store, NULL on the host's stack. */
async_thread *async_current(comp_inst *inst);
/* A new suspended thread running fn; NULL when out of memory. */
async_thread *async_thread_new(async_sched *s, async_task *task, void (*fn)(async_thread *));
/* Run t (and what it switches to) until it blocks or ends; the trap that
 * ended it, if any. */
wf_trap *async_resume(async_thread *t, bool cancelled);
/* Block the running thread until ready(arg) holds (always yields first:
 * the deterministic schedule). True if cancelled instead. */
bool async_wait_until(async_thread *t, async_ready_fn ready, void *arg, bool cancellable);
/* The same, letting the instance's exclusive lock go meanwhile when t is
 * a callback lift's implicit thread holding it. */
bool async_wait_unlocked(async_thread *t, async_ready_fn ready, void *arg, bool cancellable);
/* Block without a condition (thread.suspend); switch_to runs next. */
bool async_block(async_thread *t, async_thread *switch_to, bool cancellable);
/* suspended: neither running nor waiting (thread.* built-ins' guard). */
bool async_thread_suspended(const async_thread *t);
/* Waiting, ready to run (resume-later, yield): t joins the waiting list. */
void async_ready_later(async_thread *t);
/* The threads table of an instance: 0 when full. */
uint32_t async_thread_register(comp_inst *inst, async_thread *t);
void async_thread_unregister(comp_inst *inst, uint32_t idx);
async_thread *async_thread_at(comp_inst *inst, uint32_t idx);
/* Resume one ready waiting thread (in inst if given, never its exclusive
 * holder); false if none is ready. */
bool async_tick(async_sched *s, comp_inst *inst, wf_trap **trap);

/* ---- hooks stream*.c provides for values crossing canon lift/lower --- */

/* Lifting a stream/future/error-context handle out of inst (the sender):
 * check idx names an end of type t that may be transferred, take it out of
 * the table, and return the end object. */
wf_trap *stream_lift_handle(comp_inst *inst, const comp_type *t, uint32_t idx, void **end);
/* Lowering it into inst (the receiver): add it, return the new index (0 if
 * the table is full). */
uint32_t stream_lower_handle(comp_inst *inst, const comp_type *t, void *end);

#endif

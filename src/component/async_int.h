/* async_int.h — internals of the async ABI shared by async*.c and canon.c:
 * waitable sets, tasks and subtasks, and the entry checks of component
 * instances (CanonicalABI.md "Component Instances", "Tasks"). */
#ifndef WEFT_ASYNC_INT_H
#define WEFT_ASYNC_INT_H

#include "async.h"
#include "canon_cx.h"

struct async_wset {
    async_waitable *elems;     /* in join order */
    uint32_t n, num_waiting;
};

void async_waitable_join(async_waitable *w, async_wset *s);
/* The first member with a pending event, or NULL. */
async_waitable *async_wset_pending(async_wset *s);
/* Wait for an event in s while also ready(arg) (NULL: no extra
 * condition); TASK_CANCELLED if cancelled instead. */
void async_wset_wait(async_thread *t, async_wset *s, async_ready_fn ready, void *arg,
                     bool cancellable, uint32_t ev[3]);

/* canon.c's handle_free for async objects. */
void comp_handle_free_slot(comp_inst *inst, uint32_t idx);

/* Allocations the store frees at the end if a trap left them behind. */
void *async_alloc(async_sched *s, size_t size);
void async_free(async_sched *s, void *p);
void async_free_all(async_sched *s);
/* Run dtor on p if the store frees it (not on async_free). */
void async_set_dtor(void *p, void (*dtor)(void *p));

/* ---- entering instances ----------------------------------------------- */

bool async_inst_may_enter_from(comp_inst *inst, comp_inst *caller);
void async_inst_enter_from(comp_inst *inst, comp_inst *caller);
void async_inst_leave_to(comp_inst *inst, comp_inst *caller);

/* ---- tasks (async_task.c) --------------------------------------------- */

enum { TS_INITIAL, TS_STARTED, TS_PENDING_CANCEL, TS_CANCEL_DELIVERED, TS_RESOLVED };
enum { ST_STARTING, ST_STARTED, ST_RETURNED, ST_CANCELLED_BEFORE_STARTED,
       ST_CANCELLED_BEFORE_RETURNED };

/* The caller's side of a call (OnStart/OnResolve). */
typedef struct async_call async_call;
struct async_call {
    /* Lift the arguments (n = the callee's parameter count). */
    wf_trap *(*on_start)(async_call *c, comp_val *args);
    /* Take the result; result NULL when the task was cancelled. */
    wf_trap *(*on_resolve)(async_call *c, const comp_val *result);
    wf_arena *arena;           /* where lifted values live */
    bool fused;                /* guest caller (for trap messages) */
};

struct async_task {
    comp_func *f;
    comp_inst *inst;
    async_call *call;
    uint8_t state;             /* TS_* */
    bool async_type;           /* an async function type */
    async_thread *implicit;
    uint32_t nthreads;
    cx c;                      /* the callee side: borrows given to it */
    uint32_t refs;             /* its caller and its threads */
};

/* Drop one reference (caller or thread); the last frees the task. */
void async_task_unref(async_task *k);

comp_inst *async_task_inst(async_task *k);
bool async_task_may_block(const async_task *k);
bool async_thread_may_interleave(const async_thread *t);
/* Task.unregister_thread (explicit threads end through it too). */
wf_trap *async_task_unregister(async_task *k, async_thread *th);
/* Deliver a pending cancellation if the caller can take it. */
bool async_task_take_cancel(async_task *k, bool cancellable);
/* Store.lift's FuncInst: call the lifted f for call; caller NULL for the
 * host. Returns when the callee resolves or blocks (async types). */
wf_trap *async_call_lifted(comp_func *f, async_call *call, comp_inst *caller, async_task **out);
/* Task.return_ / Task.cancel. */
wf_trap *async_task_return(async_task *k, const comp_val *result);
wf_trap *async_task_cancel(async_task *k);
/* Task.request_cancellation. */
wf_trap *async_task_request_cancel(async_task *k, comp_inst *caller);

/* The subtask a `canon lower` makes (async_task.c). */
typedef struct async_subtask {
    async_waitable w;          /* first: the handle table's obj */
    async_call call;
    uint8_t state;             /* ST_* */
    bool async_lower, delivered, cancel_requested;
    comp_func *callee;
    async_task *task;
    cx c;                      /* the caller side */
    wf_arena arena;
    uint64_t bits[MAX_FLAT_PARAMS + 2];
    uint32_t nbits;
    int64_t retptr;
    wf_val res[1];
    uint32_t nres;
} async_subtask;

/* The guest-callee path of a `canon lower` trampoline. */
wf_trap *async_lowered(comp_func *callee, comp_inst *inst, const cm_opts *opts, wf_memory *mem,
                       wf_func *realloc_, const wf_val *args, uint32_t nargs, wf_val *results);
/* A host call of a lifted function (Store.invoke, then ticks until it
 * resolves). */
wf_trap *async_host_call(comp_func *f, wf_arena *a, const comp_val *args, uint32_t nargs,
                         comp_val *result);
bool async_subtask_resolved(const async_subtask *st);
void async_subtask_deliver(async_subtask *st);
void async_subtask_free(async_subtask *st);

/* The core function of an async built-in (async_builtin.c); NULL with err
 * set for one it does not make. */
wf_func *async_builtin(wf_store *store, wf_arena *a, comp_inst *inst, const cm_def *df,
                       comp_type *type, wf_memory *mem, wf_func *realloc_, wf_table *table,
                       wf_error *err);

#endif

/* async_builtin.c — the task model's canon built-ins (CanonicalABI.md
 * "Canonical Definitions" 🔀/🧵): context.get/set, backpressure.inc/dec,
 * task.return/cancel, waitable-set.new/wait/poll/drop, waitable.join,
 * subtask.cancel/drop, thread.yield and the cooperative thread built-ins.
 * Each is one host function over a site (its immediates). */
#include <string.h>
#include "async_int.h"
#include "stream.h"

typedef struct site {
    uint8_t op;
    bool flag;                 /* cancellable / async */
    uint32_t idx;              /* context slot */
    comp_inst *inst;
    comp_type *type;           /* task.return's result (NULL: none) */
    cm_opts opts;
    wf_memory *mem;
    wf_func *realloc_;
    wf_table *table;           /* thread.new-indirect */
    uint32_t ftype;            /* its core type index */
    uint32_t nparams;          /* task.return: its core parameters */
} site;

static wf_val i32(uint32_t v) { return canon_bits_val(WF_I32, v); }

static async_thread *current(const site *s, wf_trap **t)
{
    async_thread *th = async_current(s->inst);
    if (!th || !th->task)
        *t = comp_trap("no current task (called outside of a lifted function)");
    return th && th->task ? th : NULL;
}

/* ---- waitable sets ------------------------------------------------------ */

typedef struct wait_cond { async_wset *s; async_ready_fn extra; void *arg; } wait_cond;

static bool set_ready(void *arg)
{
    wait_cond *w = arg;
    return (!w->extra || w->extra(w->arg)) && async_wset_pending(w->s);
}

void async_wset_wait(async_thread *t, async_wset *s, async_ready_fn ready, void *arg,
                     bool cancellable, uint32_t ev[3])
{
    wait_cond w = { s, ready, arg };
    s->num_waiting++;
    /* An event already there is delivered at once (definitions.py's
     * wait_until may return without blocking; the reference tests expect
     * it); a pending cancellation still comes first. */
    if (async_task_take_cancel(t->task, cancellable) ||
        (!set_ready(&w) && async_wait_until(t, set_ready, &w, cancellable))) {
        ev[0] = EV_TASK_CANCELLED;
        ev[1] = ev[2] = 0;
    } else {
        async_take_event(async_wset_pending(s), &ev[0], &ev[1], &ev[2]);
    }
    s->num_waiting--;
}

static wf_trap *put_event(const site *s, uint32_t ptr, const uint32_t ev[3], wf_val *res)
{
    if (!s->mem)
        return comp_trap("canonical option `memory` is required");
    uint8_t *m = wf_memory_data(s->mem);
    if (ptr % 4)
        return comp_trap("unaligned pointer");
    if ((uint64_t)ptr + 8 > wf_memory_size(s->mem))
        return comp_trap("pointer out of bounds of memory");
    memcpy(m + ptr, &ev[1], 4);
    memcpy(m + ptr + 4, &ev[2], 4);
    res[0] = i32(ev[0]);
    return NULL;
}

static wf_trap *wset_wait_poll(const site *s, const wf_val *a, wf_val *res)
{
    wf_trap *t = NULL;
    if (s->op == C_WSET_WAIT && !async_may_block(s->inst))
        return comp_trap("cannot block a synchronous task before returning");
    async_wset *ws = comp_handle_obj(s->inst, (uint32_t)a[0].of.i32, H_WSET, &t);
    uint32_t ev[3] = { EV_NONE, 0, 0 };
    if (!ws)
        return t;
    async_thread *th = current(s, &t);
    if (s->op == C_WSET_WAIT) {
        async_wset_wait(th, ws, NULL, NULL, s->flag, ev);
    } else if (th && async_task_take_cancel(th->task, s->flag)) {
        ev[0] = EV_TASK_CANCELLED;
    } else {
        async_waitable *w = async_wset_pending(ws);
        if (w)
            async_take_event(w, &ev[0], &ev[1], &ev[2]);
    }
    if (t)
        wf_trap_free(t);
    return put_event(s, (uint32_t)a[1].of.i32, ev, res);
}

static bool is_waitable(uint8_t k) { return k >= H_SUBTASK && k <= H_FUTURE_WRITE; }

static wf_trap *join(const site *s, uint32_t wi, uint32_t si)
{
    wf_trap *t = NULL;
    uint8_t k = comp_handle_kind(s->inst, wi);
    if (!is_waitable(k))
        return comp_trap(k == H_FREE ? "unknown handle index %u" : "handle index %u is not a waitable", wi);
    async_waitable *w = s->inst->handles[wi].obj;
    if (w->sync_waiter)
        return comp_trap("waitable cannot be used synchronously while added to a waitable set");
    async_wset *ws = NULL;
    if (si && !(ws = comp_handle_obj(s->inst, si, H_WSET, &t)))
        return t;
    async_waitable_join(w, ws);
    return NULL;
}

static wf_trap *wset_drop(const site *s, uint32_t i)
{
    wf_trap *t = NULL;
    async_wset *ws = comp_handle_obj(s->inst, i, H_WSET, &t);
    if (!ws)
        return t;
    if (ws->n || ws->num_waiting)
        return comp_trap("cannot drop waitable set with waiters");
    comp_handle_remove(s->inst, i);
    async_free(s->inst->sched, ws);
    return NULL;
}

/* ---- subtasks ----------------------------------------------------------- */

static wf_trap *subtask_drop(const site *s, uint32_t i)
{
    wf_trap *t = NULL;
    async_subtask *st = comp_handle_obj(s->inst, i, H_SUBTASK, &t);
    if (!st)
        return t;
    if (!st->delivered)
        return comp_trap("cannot drop a subtask which has not yet resolved");
    comp_handle_remove(s->inst, i);
    async_subtask_free(st);
    return NULL;
}

static wf_trap *subtask_cancel(const site *s, uint32_t i, wf_val *res)
{
    wf_trap *t = NULL;
    if (!s->flag && !async_may_block(s->inst))
        return comp_trap("cannot block a synchronous task before returning");
    async_subtask *st = comp_handle_obj(s->inst, i, H_SUBTASK, &t);
    if (!st)
        return t;
    if (st->delivered)
        return comp_trap("subtask has already resolved and delivered its result");
    if (st->cancel_requested)
        return comp_trap("subtask cancellation was already requested");
    if (st->w.wset && !s->flag)
        return comp_trap("waitable cannot be used synchronously while added to a waitable set");
    if (!async_subtask_resolved(st)) {
        st->cancel_requested = true;
        if ((t = async_task_request_cancel(st->task, s->inst)))
            return t;
        if (!async_subtask_resolved(st)) {
            if (s->flag) {
                res[0] = i32(ASYNC_BLOCKED);
                return NULL;
            }
            if ((t = async_wait_event(&st->w)))
                return t;
        }
    }
    uint32_t code, idx, payload;
    async_take_event(&st->w, &code, &idx, &payload);
    res[0] = i32(st->state);
    return NULL;
}

/* ---- task.return, task.cancel ------------------------------------------- */

static wf_trap *task_return(const site *s, const wf_val *a, uint32_t n)
{
    wf_trap *t = NULL;
    async_thread *th = current(s, &t);
    if (!th)
        return t;
    async_task *k = th->task;
    comp_func *f = k->f;
    if (!s->inst->may_leave)
        return comp_trap("cannot leave component instance");
    if (!f->opts.async_)
        return comp_trap("task.return called from a synchronously-lifted function");
    if (!comp_type_eq(s->type, f->type->ret))
        return comp_trap("task.return result type does not match the function's");
    /* The options must agree where the result needs them (a memory for
     * lists, strings or spilled values; the string encoding). */
    if (s->type && (s->type->mem || canon_flat_count(&s->type, 1) > MAX_FLAT_PARAMS) &&
        (s->mem != f->memory || s->opts.encoding != f->opts.encoding))
        return comp_trap("task.return options do not match the function's");
    uint64_t bits[MAX_FLAT_PARAMS];
    for (uint32_t i = 0; i < n && i < MAX_FLAT_PARAMS; i++)
        bits[i] = canon_val_bits(&a[i]);
    comp_val result = {0};
    cx c = { .mem = s->mem, .enc = s->opts.encoding, .inst = s->inst, .a = k->call->arena,
             .fused = k->call->fused };
    if (s->type && !canon_lift_values(&c, &s->type, 1, bits, n, MAX_FLAT_PARAMS, &result))
        return canon_cx_trap(&c);
    return async_task_return(k, &result);
}

static wf_trap *task_cancel(const site *s)
{
    wf_trap *t = NULL;
    async_thread *th = current(s, &t);
    if (!th)
        return t;
    if (!s->inst->may_leave)
        return comp_trap("cannot leave component instance");
    if (!th->task->f->opts.async_)
        return comp_trap("task.cancel called from a synchronously-lifted function");
    return async_task_cancel(th->task);
}

/* ---- threads ------------------------------------------------------------ */

static bool always(void *arg) { (void)arg; return true; }

static wf_trap *thread_yield(const site *s, wf_val *res)
{
    wf_trap *t = NULL;
    async_thread *th = current(s, &t);
    if (!th)
        return t;
    res[0] = i32(async_wait_until(th, always, NULL, s->flag));
    return NULL;
}

/* thread.new-indirect: a suspended thread of the current task that will
 * call a function from the table with the closure argument. */
static void explicit_thread(async_thread *th)
{
    wf_val a = i32(th->entry_arg);
    wf_trap *t = wf_func_call(th->entry, &a, 1, NULL, 0);
    th->trap = t ? t : async_task_unregister(th->task, th);
    async_task_unref(th->task);
}

static wf_trap *thread_new(const site *s, uint32_t fi, uint32_t c, wf_val *res)
{
    static const uint8_t p1[1] = { WF_I32 };
    wf_trap *t = NULL;
    async_thread *cur = current(s, &t);
    wf_val ref;
    if (!cur)
        return t;
    if (!s->table || !wf_table_get(s->table, fi, &ref))
        return comp_trap("undefined element: table index out of bounds");
    if (!ref.of.funcref)
        return comp_trap("uninitialized element");
    const wf_functype *ft = wf_func_type(ref.of.funcref);
    if (ft->nparams != 1 || ft->params[0] != p1[0] || ft->nresults != 0)
        return comp_trap("indirect call type mismatch");
    async_thread *th = async_thread_new(s->inst->sched, cur->task, explicit_thread);
    if (!th)
        return comp_trap("out of memory");
    th->entry = ref.of.funcref;
    th->entry_arg = c;
    cur->task->nthreads++;
    cur->task->refs++;
    if (!(th->index = async_thread_register(s->inst, th)))
        return comp_trap("thread table full");
    res[0] = i32(th->index);
    return NULL;
}

/* The thread.* built-ins that switch: suspend, resume-later and the
 * {suspend,yield}-then-{resume,promote} family. */
static wf_trap *thread_switch(const site *s, uint32_t i, wf_val *res)
{
    wf_trap *t = NULL;
    async_thread *th = current(s, &t), *other = NULL;
    if (!th)
        return t;
    if (s->op != C_THREAD_SUSPEND) {
        other = async_thread_at(s->inst, i);
        if (!other)
            return comp_trap("unknown thread index %u", i);
        bool promote = s->op == C_THREAD_SUSPEND_PROMOTE || s->op == C_THREAD_YIELD_PROMOTE;
        if (!promote && !async_thread_suspended(other))
            return comp_trap("thread %u is not suspended", i);
        if (s->op == C_THREAD_RESUME_LATER) {
            async_ready_later(other);
            return NULL;
        }
        if (promote && !(other->ready && other->ready(other->ready_arg)))
            other = NULL;   /* not ready: plain suspend or yield */
    }
    if (s->op == C_THREAD_SUSPEND && !async_may_block(s->inst))
        return comp_trap("cannot block a synchronous task before returning");
    if (async_task_take_cancel(th->task, s->flag)) {
        res[0] = i32(1);
        return NULL;
    }
    bool yield = s->op == C_THREAD_YIELD_RESUME || s->op == C_THREAD_YIELD_PROMOTE;
    if (yield)
        async_ready_later(th);
    res[0] = i32(async_block(th, other, s->flag));
    return NULL;
}

/* ---- dispatch ----------------------------------------------------------- */

static wf_trap *call(wf_caller *caller, void *env, const wf_val *a, wf_val *res)
{
    const site *s = env;
    wf_trap *t = NULL;
    async_thread *th;
    (void)caller;
    /* Only these may run while the instance may not leave (post-return). */
    if (!s->inst->may_leave && s->op != C_CONTEXT_GET && s->op != C_CONTEXT_SET &&
        s->op != C_BP_INC && s->op != C_BP_DEC)
        return comp_trap("cannot leave component instance");
    switch (s->op) {
    case C_CONTEXT_GET:
        if (!(th = current(s, &t)))
            return t;
        res[0] = i32(th->storage[s->idx]);
        return NULL;
    case C_CONTEXT_SET:
        if (!(th = current(s, &t)))
            return t;
        th->storage[s->idx] = (uint32_t)a[0].of.i32;
        return NULL;
    case C_BP_INC:
        if (s->inst->backpressure == 0xffff)
            return comp_trap("backpressure counter overflow");
        s->inst->backpressure++;
        return NULL;
    case C_BP_DEC:
        if (s->inst->backpressure == 0)
            return comp_trap("backpressure counter underflow");
        s->inst->backpressure--;
        return NULL;
    case C_TASK_RETURN: return task_return(s, a, s->nparams);
    case C_TASK_CANCEL: return task_cancel(s);
    case C_WSET_NEW: {
        async_wset *ws = async_alloc(s->inst->sched, sizeof *ws);
        uint32_t i = ws ? comp_handle_put(s->inst, H_WSET, ws) : 0;
        if (!i) {
            async_free(s->inst->sched, ws);
            return comp_trap("handle table full");
        }
        res[0] = i32(i);
        return NULL;
    }
    case C_WSET_WAIT: case C_WSET_POLL: return wset_wait_poll(s, a, res);
    case C_WSET_DROP: return wset_drop(s, (uint32_t)a[0].of.i32);
    case C_WAITABLE_JOIN: return join(s, (uint32_t)a[0].of.i32, (uint32_t)a[1].of.i32);
    case C_SUBTASK_DROP: return subtask_drop(s, (uint32_t)a[0].of.i32);
    case C_SUBTASK_CANCEL: return subtask_cancel(s, (uint32_t)a[0].of.i32, res);
    case C_THREAD_YIELD: return thread_yield(s, res);
    case C_THREAD_NEW_INDIRECT:
        return thread_new(s, (uint32_t)a[0].of.i32, (uint32_t)a[1].of.i32, res);
    case C_THREAD_RESUME_LATER: case C_THREAD_SUSPEND: case C_THREAD_SUSPEND_RESUME:
    case C_THREAD_YIELD_RESUME: case C_THREAD_SUSPEND_PROMOTE: case C_THREAD_YIELD_PROMOTE:
        return thread_switch(s, s->op == C_THREAD_SUSPEND ? 0 : (uint32_t)a[0].of.i32, res);
    case C_THREAD_INDEX:
        if (!(th = current(s, &t)))
            return t;
        res[0] = i32(th->index);
        return NULL;
    }
    return comp_trap("unsupported built-in");
}

static const uint8_t I32S[MAX_FLAT_PARAMS] = {
    WF_I32, WF_I32, WF_I32, WF_I32, WF_I32, WF_I32, WF_I32, WF_I32,
    WF_I32, WF_I32, WF_I32, WF_I32, WF_I32, WF_I32, WF_I32, WF_I32,
};

/* The core signature of each built-in: parameter and result counts of
 * i32 (task.return's come from its result type). */
static bool core_sig(uint8_t op, uint32_t *np, uint32_t *nr)
{
    switch (op) {
    case C_CONTEXT_GET: case C_WSET_NEW: case C_THREAD_YIELD: case C_THREAD_INDEX:
    case C_THREAD_SUSPEND:
        *np = 0; *nr = 1; return true;
    case C_CONTEXT_SET: case C_WSET_DROP: case C_SUBTASK_DROP: case C_THREAD_RESUME_LATER:
        *np = 1; *nr = 0; return true;
    case C_THREAD_SUSPEND_RESUME: case C_THREAD_YIELD_RESUME: case C_THREAD_SUSPEND_PROMOTE:
    case C_THREAD_YIELD_PROMOTE:
        *np = 1; *nr = 1; return true;
    case C_THREAD_NEW_INDIRECT:
        *np = 2; *nr = 1; return true;
    case C_BP_INC: case C_BP_DEC: case C_TASK_CANCEL:
        *np = 0; *nr = 0; return true;
    case C_WSET_WAIT: case C_WSET_POLL:
        *np = 2; *nr = 1; return true;
    case C_WAITABLE_JOIN:
        *np = 2; *nr = 0; return true;
    case C_SUBTASK_CANCEL:
        *np = 1; *nr = 1; return true;
    }
    return false;
}

wf_func *async_builtin(wf_store *store, wf_arena *a, comp_inst *inst, const cm_def *df,
                       comp_type *type, wf_memory *mem, wf_func *realloc_, wf_table *table,
                       wf_error *err)
{
    uint8_t op = df->u.canon.op;
    if ((op >= C_STREAM_NEW && op <= C_ERR_DROP))
        return stream_builtin(store, a, inst, df, type, mem, realloc_, err);
    site *s = wf_arena_alloc(a, sizeof *s);
    if (!s) {
        wf_fail(err, WF_ERR_LIMIT, 0, "out of memory");
        return NULL;
    }
    *s = (site){ .op = op, .flag = df->u.canon.flag, .idx = df->u.canon.idx, .inst = inst,
                 .type = type, .opts = df->u.canon.opts, .mem = mem, .realloc_ = realloc_,
                 .table = table };
    uint8_t ps[MAX_FLAT_PARAMS + 1];
    uint32_t np, nr;
    wf_functype ft;
    if (op == C_TASK_RETURN) {
        uint8_t tmp[MAX_FLAT_PARAMS + 1];
        np = type ? canon_flatten(type, tmp, sizeof tmp) : 0;
        if (np > MAX_FLAT_PARAMS) {
            ps[0] = WF_I32;
            np = 1;
        } else if (np) {
            memcpy(ps, tmp, np);
        }
        ft = (wf_functype){ np, 0, ps, I32S };
        s->nparams = np;
    } else if (op == C_CONTEXT_GET || op == C_CONTEXT_SET) {
        if (df->u.canon.idx >= 2) {
            wf_fail(err, WF_ERR_INVALID, 0, "context slot %u out of range", df->u.canon.idx);
            return NULL;
        }
        core_sig(op, &np, &nr);
        ft = (wf_functype){ np, nr, I32S, I32S };
    } else if (core_sig(op, &np, &nr)) {
        ft = (wf_functype){ np, nr, I32S, I32S };
    } else {
        wf_fail(err, WF_ERR_INVALID, 0, "unsupported canonical built-in 0x%02x", op);
        return NULL;
    }
    wf_func *f = wf_func_new_host(store, &ft, call, s, NULL);
    if (!f)
        wf_fail(err, WF_ERR_LIMIT, 0, "out of memory");
    return f;
}

/* async_task.c — tasks and subtasks (CanonicalABI.md "Tasks", "canon
 * lift", "canon lower"): every call of a lifted function runs as a task
 * on its own thread; sync, stackful-async and callback lifts; the entry
 * rules of component instances (may_enter, backpressure, the exclusive
 * lock); and the caller's subtask with its packed status for async lowers. */
#include <stddef.h>
#include <string.h>
#include "async_int.h"

/* ---- entering instances ------------------------------------------------
 * Entering an instance enters its ancestors too, minus those the caller
 * is already inside (CanonicalABI.md "Component Instances"). A call from
 * an instance into one of its own ancestors (donut wrapping) traps as a
 * reentrance, as the reference tests expect "for now"
 * (async/trap-on-reenter.wast); parent-to-child calls are allowed, as the
 * spec's entering sets say. */

static bool inside(comp_inst *caller, comp_inst *i)
{
    for (comp_inst *c = caller; c; c = c->parent)
        if (c == i)
            return true;
    return false;
}

bool async_inst_may_enter_from(comp_inst *inst, comp_inst *caller)
{
    if (caller && caller != inst && inside(caller, inst))
        return false;
    for (comp_inst *i = inst; i; i = i->parent)
        if (!inside(caller, i) && !i->may_enter)
            return false;
    return true;
}

void async_inst_enter_from(comp_inst *inst, comp_inst *caller)
{
    for (comp_inst *i = inst; i; i = i->parent)
        if (!inside(caller, i))
            i->may_enter = false;
}

void async_inst_leave_to(comp_inst *inst, comp_inst *caller)
{
    for (comp_inst *i = inst; i; i = i->parent)
        if (!inside(caller, i))
            i->may_enter = true;
}

/* ---- tasks ---------------------------------------------------------------- */

comp_inst *async_task_inst(async_task *k) { return k->inst; }

bool async_task_may_block(const async_task *k)
{
    return k->async_type || k->state == TS_RESOLVED;
}

static bool needs_exclusive(const async_task *k)
{
    return !k->f->opts.async_ || k->f->opts.has_callback;
}

/* Whether t may run while a sync call is in progress in its instance:
 * not the implicit thread of a callback or sync-lifted async task, which
 * needs the stack to itself. */
bool async_thread_may_interleave(const async_thread *t)
{
    const async_task *k = t->task;
    return !(k && k->async_type && needs_exclusive(k) && k->implicit == t);
}

bool async_task_take_cancel(async_task *k, bool cancellable)
{
    if (k && cancellable && k->state == TS_PENDING_CANCEL) {
        k->state = TS_CANCEL_DELIVERED;
        return true;
    }
    return false;
}

static bool has_backpressure(const async_task *k)
{
    return k->inst->backpressure > 0 || (needs_exclusive(k) && k->inst->exclusive);
}

static bool no_backpressure(void *arg) { return !has_backpressure(arg); }

/* Borrows the callee was given and has not dropped. */
static uint32_t live_borrows(async_task *k)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < k->c.nborrowed; i++) {
        comp_handle *h = &k->inst->handles[k->c.borrowed[i]];
        if (h->res && h->kind == H_RESOURCE && !h->own)
            n++;
    }
    return n;
}

wf_trap *async_task_return(async_task *k, const comp_val *result)
{
    if (k->state == TS_RESOLVED)
        return comp_trap("task already returned a value or was cancelled");
    if (live_borrows(k))
        return comp_trap("borrow handles still remain at the end of the call");
    k->state = TS_RESOLVED;
    return k->call->on_resolve(k->call, result);
}

wf_trap *async_task_cancel(async_task *k)
{
    if (k->state != TS_CANCEL_DELIVERED)
        return comp_trap("task.cancel called when cancellation was not delivered");
    if (live_borrows(k))
        return comp_trap("borrow handles still remain at the end of the call");
    k->state = TS_RESOLVED;
    return k->call->on_resolve(k->call, NULL);
}

/* Task.enter_implicit_thread: wait out backpressure; false if cancelled
 * meanwhile (then the task is resolved as cancelled). */
static bool enter_implicit(async_task *k, async_thread *th, wf_trap **trap)
{
    comp_inst *inst = k->inst;
    k->implicit = th;
    if (k->async_type) {
        if (has_backpressure(k) || inst->num_waiting_to_enter > 0) {
            inst->num_waiting_to_enter++;
            bool cancelled = async_wait_until(th, no_backpressure, k, true);
            inst->num_waiting_to_enter--;
            if (cancelled) {
                k->state = TS_CANCEL_DELIVERED;
                *trap = async_task_cancel(k);
                return false;
            }
        }
        if (needs_exclusive(k))
            inst->exclusive = th;
    }
    k->nthreads++;
    if (!(th->index = async_thread_register(inst, th))) {
        *trap = comp_trap("thread table full");
        return false;
    }
    return true;
}

wf_trap *async_task_unregister(async_task *k, async_thread *th);

static wf_trap *exit_implicit(async_task *k, async_thread *th)
{
    if (k->async_type && needs_exclusive(k) && k->inst->exclusive == th)
        k->inst->exclusive = NULL;
    k->implicit = NULL;
    return async_task_unregister(k, th);
}

/* Task.unregister_thread: the last thread may not end before the task
 * has resolved. */
wf_trap *async_task_unregister(async_task *k, async_thread *th)
{
    async_thread_unregister(k->inst, th->index);
    th->index = 0;
    if (--k->nthreads == 0 && k->state != TS_RESOLVED)
        return comp_trap("async-lifted export failed to produce a result");
    return NULL;
}

static bool not_exclusive(void *arg) { return !((comp_inst *)arg)->exclusive; }

/* The callback event loop (async callback lifts): packed codes EXIT,
 * YIELD, WAIT|set<<4; each event is handed to the callback. */
static wf_trap *callback_loop(async_task *k, async_thread *th, uint32_t packed)
{
    comp_inst *inst = k->inst;
    for (;;) {
        uint32_t code = packed & 0xf, ev[3] = { EV_NONE, 0, 0 };
        if (code > 2)
            return comp_trap("unsupported callback code: %u", code);
        if (code == 0)
            return NULL;
        inst->exclusive = NULL;
        if (code == 1) {
            if (async_wait_until(th, not_exclusive, inst, true))
                ev[0] = EV_TASK_CANCELLED;
        } else {
            wf_trap *t = NULL;
            async_wset *s = comp_handle_obj(inst, packed >> 4, H_WSET, &t);
            if (!s)
                return t;
            async_wset_wait(th, s, not_exclusive, inst, true, ev);
        }
        inst->exclusive = th;
        wf_val a[3], r[1];
        for (int i = 0; i < 3; i++)
            a[i] = canon_bits_val(WF_I32, ev[i]);
        wf_trap *t = wf_func_call(k->f->callback_, a, 3, r, 1);
        if (t)
            return t;
        packed = (uint32_t)r[0].of.i32;
    }
}

/* The body of a lifted call: after backpressure, lower the arguments and
 * run the core function in one of the three ways. */
static wf_trap *lift_body(async_task *k, async_thread *th)
{
    comp_func *f = k->f;
    const comp_type *ft = f->type;
    wf_trap *t = NULL;
    if (!enter_implicit(k, th, &t))
        return t;
    comp_val *args = wf_arena_alloc(k->call->arena, (ft->n + 1) * sizeof *args);
    if (!args)
        return comp_trap("out of memory");
    k->state = TS_STARTED;
    if ((t = k->call->on_start(k->call, args)))
        return t;
    k->c = (cx){ .mem = f->memory, .realloc_ = f->realloc_, .enc = f->opts.encoding,
                 .inst = k->inst, .a = k->call->arena, .fused = k->call->fused };
    wf_val core[MAX_FLAT_PARAMS + 1], res[1];
    uint32_t np, nr = 0;
    if (!canon_lower_values(&k->c, ft->t, ft->n, args, MAX_FLAT_PARAMS, -1, core, &np))
        return canon_cx_trap(&k->c);
    const wf_functype *cty = wf_func_type(f->core);
    nr = cty->nresults;
    if ((t = wf_func_call(f->core, core, np, res, nr)))
        return t;
    if (f->opts.async_) {
        if (f->opts.has_callback && (t = callback_loop(k, th, (uint32_t)res[0].of.i32)))
            return t;
        return exit_implicit(k, th);
    }
    comp_val result = {0};
    if (ft->ret) {
        uint64_t rb = nr ? canon_val_bits(&res[0]) : 0;
        if (!canon_lift_values(&k->c, &ft->ret, 1, &rb, nr, MAX_FLAT_RESULTS, &result))
            return canon_cx_trap(&k->c);
    }
    if ((t = async_task_return(k, ft->ret ? &result : &(comp_val){0})))
        return t;
    if (f->post) {
        /* Values were copied out above, so the callee may free them now;
         * it may not call out (nor block) meanwhile. */
        k->inst->may_leave = false;
        t = wf_func_call(f->post, res, nr, NULL, 0);
        k->inst->may_leave = true;
        if (t)
            return t;
    }
    return exit_implicit(k, th);
}

static void lift_thread(async_thread *th)
{
    th->trap = lift_body(th->task, th);
    async_task_unref(th->task);
}

/* Tasks are made and ended by every call: ended ones are kept for reuse
 * (still tracked by async_alloc, so the store frees them in the end). */
void async_task_unref(async_task *k)
{
    if (k && --k->refs == 0) {
        async_sched *s = k->inst->sched;
        *(void **)k = s->task_pool;
        s->task_pool = k;
    }
}

static async_task *task_new(async_sched *s)
{
    async_task *k = s->task_pool;
    if (!k)
        return async_alloc(s, sizeof *k);
    s->task_pool = *(void **)k;
    return k;
}

wf_trap *async_call_lifted(comp_func *f, async_call *call, comp_inst *caller, async_task **out)
{
    comp_inst *inst = f->inst;
    async_sched *s = inst->sched;
    *out = NULL;
    if (!async_inst_may_enter_from(inst, caller))
        return comp_trap("cannot enter component instance");
    async_task *k = task_new(s);
    async_thread *th = k ? async_thread_new(s, k, lift_thread) : NULL;
    if (!th) {
        if (k) {
            k->inst = inst;
            k->refs = 1;
            async_task_unref(k);
        }
        return comp_trap("out of memory");
    }
    *k = (async_task){ .f = f, .inst = inst, .call = call, .state = TS_INITIAL,
                       .async_type = f->type->async_, .refs = 2 };
    *out = k;
    async_inst_enter_from(inst, caller);
    wf_trap *t = async_resume(th, false);
    /* A sync-typed callee may not block: only other ready threads of its
     * instance may run until it has returned. */
    while (!t && !k->async_type && k->state != TS_RESOLVED)
        if (!async_tick(s, inst, &t) && !t)
            t = comp_trap("deadlock detected: event loop cannot make further progress");
    if (t)
        return t;   /* the instance stays entered: a trap poisons it */
    async_inst_leave_to(inst, caller);
    return NULL;
}

/* ---- calls from the host --------------------------------------------- */

typedef struct host_call {
    async_call call;
    const comp_val *args;
    uint32_t nargs;
    comp_val *result;
    bool resolved;
} host_call;

static wf_trap *host_start(async_call *c, comp_val *args)
{
    host_call *h = (host_call *)c;
    if (h->nargs)
        memcpy(args, h->args, h->nargs * sizeof *args);
    return NULL;
}

static wf_trap *host_resolve(async_call *c, const comp_val *result)
{
    host_call *h = (host_call *)c;
    h->resolved = true;
    if (result && h->result)
        *h->result = *result;
    return NULL;
}

wf_trap *async_host_call(comp_func *f, wf_arena *a, const comp_val *args, uint32_t nargs,
                         comp_val *result)
{
    host_call h = { { host_start, host_resolve, a, false }, args, nargs, result, false };
    async_task *k;
    async_sched *s = f->inst->sched;
    if (nargs != f->type->n)
        return comp_trap("wrong number of arguments");
    if (!s)
        return comp_trap("component instance without a scheduler");
    /* A trap tears the whole store down (nothing of it runs again, so no
     * task is left pointing at a call that has returned). */
    if (s->poisoned)
        return comp_trap("cannot enter component instance");
    wf_trap *t = async_call_lifted(f, &h.call, NULL, &k);
    /* Store.tick until the call resolves (the harness's event loop). */
    while (!t && !h.resolved)
        if (!async_tick(s, NULL, &t) && !t)
            t = comp_trap("deadlock detected: event loop cannot make further progress");
    if (t)
        s->poisoned = true;
    else
        async_task_unref(k);
    return t;
}

/* ---- canon lower: the caller's subtask ---------------------------------- */

bool async_subtask_resolved(const async_subtask *st)
{
    return st->state >= ST_RETURNED;
}

static bool resolved_fn(void *arg) { return async_subtask_resolved(arg); }

/* Subtask.deliver_resolve: lent handles come back to the caller. */
void async_subtask_deliver(async_subtask *st)
{
    if (st->delivered)
        return;
    canon_end_lends(&st->c);
    st->delivered = true;
}

static void subtask_on_deliver(async_waitable *w)
{
    async_subtask *st = (async_subtask *)w;
    if (async_subtask_resolved(st))
        async_subtask_deliver(st);
    w->ev_code = EV_SUBTASK;
    w->ev_payload = st->state;
}

static void progress(async_subtask *st)
{
    if (st->w.handle)
        async_set_event(&st->w, EV_SUBTASK, st->state);
}

static wf_trap *sub_start(async_call *c, comp_val *args)
{
    async_subtask *st = (async_subtask *)((char *)c - offsetof(async_subtask, call));
    const comp_type *ft = st->callee->type;
    st->state = ST_STARTED;
    progress(st);
    if (!canon_lift_values(&st->c, ft->t, ft->n, st->bits, st->nbits,
                           st->async_lower ? MAX_FLAT_ASYNC_PARAMS : MAX_FLAT_PARAMS, args))
        return canon_cx_trap(&st->c);
    return NULL;
}

static wf_trap *sub_resolve(async_call *c, const comp_val *result)
{
    async_subtask *st = (async_subtask *)((char *)c - offsetof(async_subtask, call));
    const comp_type *ft = st->callee->type;
    if (!result) {
        st->state = st->state == ST_STARTING ? ST_CANCELLED_BEFORE_STARTED
                                             : ST_CANCELLED_BEFORE_RETURNED;
        progress(st);
        return NULL;
    }
    if (ft->ret) {
        uint32_t max = st->async_lower ? 0 : MAX_FLAT_RESULTS;
        int64_t ptr = canon_flat_count(&ft->ret, 1) > max ? st->retptr : -1;
        if (!canon_lower_values(&st->c, &ft->ret, 1, result, max, ptr, st->res, &st->nres))
            return canon_cx_trap(&st->c);
    }
    st->state = ST_RETURNED;
    progress(st);
    return NULL;
}

static void subtask_dtor(void *p)
{
    wf_arena_free(&((async_subtask *)p)->arena);
}

/* A sync lower's subtask lives on its caller's stack; an async lower's
 * in the store until subtask.drop. */
static void subtask_end(async_subtask *st)
{
    async_task_unref(st->task);
    async_waitable_drop(&st->w);
    wf_arena_free(&st->arena);
}

void async_subtask_free(async_subtask *st)
{
    subtask_end(st);
    async_free(st->w.inst->sched, st);
}

wf_trap *async_lowered(comp_func *callee, comp_inst *inst, const cm_opts *opts, wf_memory *mem,
                       wf_func *realloc_, const wf_val *args, uint32_t nargs, wf_val *results)
{
    async_sched *s = inst->sched;
    const comp_type *ft = callee->type;
    if (!inst->may_leave)
        return comp_trap("cannot leave component instance");
    /* A sync call of an async-typed function may block. */
    if (!opts->async_ && ft->async_ && !async_may_block(inst))
        return comp_trap("cannot block a synchronous task before returning");
    async_subtask local, *st = &local;
    if (opts->async_) {
        if (!(st = async_alloc(s, sizeof *st)))
            return comp_trap("out of memory");
        async_set_dtor(st, subtask_dtor);
    } else {
        /* (c is set whole below; bits, nbits and retptr too) */
        memset(st, 0, offsetof(async_subtask, c));
        st->arena = (wf_arena){ 0 };
        st->nres = 0;
    }
    async_waitable_init(&st->w, inst, H_SUBTASK);
    st->w.on_deliver = subtask_on_deliver;
    st->callee = callee;
    st->async_lower = opts->async_;
    st->call = (async_call){ sub_start, sub_resolve, &st->arena, true };
    st->c = (cx){ .mem = mem, .realloc_ = realloc_, .enc = opts->encoding, .inst = inst,
                  .a = &st->arena, .fused = true };
    for (uint32_t i = 0; i < nargs && i < MAX_FLAT_PARAMS + 2; i++)
        st->bits[i] = canon_val_bits(&args[i]);
    st->nbits = nargs;
    uint32_t max = st->async_lower ? 0 : MAX_FLAT_RESULTS;
    st->retptr = ft->ret && canon_flat_count(&ft->ret, 1) > max ? (int64_t)st->bits[nargs - 1] : -1;
    if (st->retptr >= 0)
        st->nbits--;
    wf_trap *t = async_call_lifted(callee, &st->call, inst, &st->task);
    if (t) {
        /* The store is poisoned from here on; nothing uses st again. */
        if (st == &local)
            wf_arena_free(&st->arena);
        return t;
    }
    if (!st->async_lower) {
        if (!async_subtask_resolved(st)) {
            async_thread *th = async_current(inst);
            if (!th)
                return comp_trap("cannot block a synchronous task before returning");
            async_wait_until(th, resolved_fn, st, false);
        }
        async_subtask_deliver(st);
        if (st->nres)
            results[0] = st->res[0];
        subtask_end(st);
        return NULL;
    }
    if (async_subtask_resolved(st)) {
        async_subtask_deliver(st);
        async_subtask_free(st);
        results[0] = canon_bits_val(WF_I32, ST_RETURNED);
        return NULL;
    }
    uint32_t i = comp_handle_put(inst, H_SUBTASK, st);
    if (!i)
        return comp_trap("handle table full");
    st->w.handle = i;
    results[0] = canon_bits_val(WF_I32, st->state | (i << 4));
    return NULL;
}

/* Task.request_cancellation: a task still waiting to start is cancelled
 * at once; a started one is resumed if one of its threads takes
 * cancellation now, else the request waits for its next cancellable
 * point. */
wf_trap *async_task_request_cancel(async_task *k, comp_inst *caller)
{
    async_thread *th = k->implicit;
    if (k->state == TS_INITIAL) {
        k->state = TS_CANCEL_DELIVERED;
        return th ? async_resume(th, true) : NULL;
    }
    if (k->state != TS_STARTED)
        return NULL;
    comp_inst *inst = k->inst;
    bool ok = th && th->cancellable && (th->ready || !th->done);
    if (ok && k->async_type && needs_exclusive(k) && inst->exclusive && inst->exclusive != th)
        ok = false;
    if (!ok || !async_inst_may_enter_from(inst, caller)) {
        k->state = TS_PENDING_CANCEL;
        return NULL;
    }
    k->state = TS_CANCEL_DELIVERED;
    async_inst_enter_from(inst, caller);
    wf_trap *t = async_resume(th, true);
    if (!t)
        async_inst_leave_to(inst, caller);
    return t;
}

/* async.c — threads of the component model's async ABI (CanonicalABI.md
 * "Threads"): each on its own C stack (fibers, async_switch.c) with its own
 * interpreter stack, so a guest can block inside a built-in and resume
 * there later; the store's list of waiting threads and the deterministic
 * scheduler that resumes them (oldest ready first). Also the handle-table
 * entries for async objects and the waitables of async.h. */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "async.h"
#include "async_int.h"
#include "../runtime/runtime.h"
#include "../interp/interp.h"

/* Room for the interpreter's own 1 MiB C-stack budget plus the canonical
 * ABI and host calls around it; reserved lazily, with a guard page. */
#define FIBER_STACK ((size_t)4 << 20)
#define POOL_MAX 16

async_sched *async_sched_new(wf_store *store)
{
    async_sched *s = calloc(1, sizeof *s);
    if (s)
        s->store = store;
    return s;
}

static void stack_release(void *cstack)
{
    if (cstack)
        munmap(cstack, FIBER_STACK);
}

static void thread_unlink(async_sched *s, async_thread *t)
{
    if (t->tprev)
        t->tprev->tnext = t->tnext;
    else
        s->threads = t->tnext;
    if (t->tnext)
        t->tnext->tprev = t->tprev;
    t->tprev = t->tnext = NULL;
}

static void thread_destroy(async_thread *t)
{
    stack_release(t->cstack);
    interp_stack_free(t->istack);
    fiber_release(&t->ctx);
    free(t);
}

static void thread_free(async_sched *s, async_thread *t)
{
    thread_unlink(s, t);
    thread_destroy(t);
}

void async_sched_free(async_sched *s)
{
    if (!s)
        return;
    /* Threads a trap or the end of the run left blocked never resume. */
    while (s->threads)
        thread_free(s, s->threads);
    async_free_all(s);
    for (async_thread *p = s->pool, *n; p; p = n) {
        n = p->tnext;
        thread_destroy(p);
    }
    free(s);
}

async_thread *async_current(comp_inst *inst)
{
    return inst->sched ? inst->sched->current : NULL;
}

static void *stack_new(void)
{
    void *c = mmap(NULL, FIBER_STACK, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (c == MAP_FAILED)
        return NULL;
    mprotect(c, 4096, PROT_NONE);
    return c;
}

/* A finished thread keeps its stacks in the pool for the next one (most
 * component calls make a thread and end it). */
static void thread_done(async_sched *s, async_thread *t)
{
    thread_unlink(s, t);
    if (s->npool >= POOL_MAX) {
        thread_destroy(t);
        return;
    }
    t->tnext = s->pool;
    s->pool = t;
    s->npool++;
}

static void thread_entry(void *arg)
{
    async_thread *t = arg;
    t->fn(t);
    t->done = true;
    fiber_exit(&t->ctx, t->back);   /* never comes back: its stack is reused */
}

async_thread *async_thread_new(async_sched *s, async_task *task, void (*fn)(async_thread *))
{
    async_thread *t = s->pool;
    void *cstack;
    struct interp_stack *istack;
    fiber_ctx ctx;
    if (t) {
        s->pool = t->tnext;
        s->npool--;
        cstack = t->cstack;
        istack = t->istack;
        ctx = t->ctx;
    } else {
        if (!(t = malloc(sizeof *t)))
            return NULL;
        ctx = (fiber_ctx){ 0 };
        istack = NULL;   /* made by the interpreter on the first call */
        if (!(cstack = stack_new())) {
            free(t);
            return NULL;
        }
    }
    memset(t, 0, sizeof *t);
    t->cstack = cstack;
    t->istack = istack;
    t->ctx = ctx;
    if (!fiber_init(&t->ctx, t->cstack, FIBER_STACK, thread_entry, t)) {
        thread_destroy(t);
        return NULL;
    }
    t->sched = s;
    t->task = task;
    t->fn = fn;
    t->tnext = s->threads;
    if (s->threads)
        s->threads->tprev = t;
    s->threads = t;
    return t;
}

static void unwait(async_thread *t)
{
    async_sched *s = t->sched;
    async_thread **pp = &s->waiting, *prev = NULL;
    while (*pp && *pp != t) {
        prev = *pp;
        pp = &(*pp)->wnext;
    }
    if (*pp) {
        *pp = t->wnext;
        if (s->waiting_tail == t)
            s->waiting_tail = prev;
    }
    t->wnext = NULL;
    t->ready = NULL;
}

static void start_waiting(async_thread *t, async_ready_fn ready, void *arg)
{
    async_sched *s = t->sched;
    t->ready = ready;
    t->ready_arg = arg;
    t->wnext = NULL;
    if (s->waiting_tail)
        s->waiting_tail->wnext = t;
    else
        s->waiting = t;
    s->waiting_tail = t;
}

/* Switch into t; back here when it blocks or ends. The interpreter's
 * per-store stack follows the thread. */
static void switch_into(async_thread *t, bool cancelled)
{
    async_sched *s = t->sched;
    fiber_ctx here = { 0 };
    async_thread *prev = s->current;
    struct interp_stack *prev_stack = s->store->stack;
    t->back = &here;
    t->block_result = cancelled;
    t->started = true;
    s->current = t;
    s->store->stack = t->istack;
    fiber_switch(&here, &t->ctx);
    fiber_release(&here);
    t->istack = s->store->stack;   /* the interpreter may have made it */
    s->store->stack = prev_stack;
    s->current = prev;
}

wf_trap *async_resume(async_thread *t, bool cancelled)
{
    if (t->ready)
        unwait(t);
    while (t) {
        switch_into(t, cancelled);
        cancelled = false;
        async_thread *next = t->switch_to;
        t->switch_to = NULL;
        if (t->done) {
            wf_trap *tr = t->trap;
            thread_done(t->sched, t);
            if (tr)
                return tr;
        }
        t = next;
        if (t && t->ready)
            unwait(t);
    }
    return NULL;
}

bool async_block(async_thread *t, async_thread *switch_to, bool cancellable)
{
    t->cancellable = cancellable;
    t->switch_to = switch_to;
    t->blocked = true;
    fiber_switch(&t->ctx, t->back);
    t->blocked = false;
    t->cancellable = false;
    return t->block_result;
}

bool async_thread_suspended(const async_thread *t)
{
    return (!t->started || t->blocked) && !t->ready && !t->done;
}

static bool always(void *arg) { (void)arg; return true; }

void async_ready_later(async_thread *t)
{
    start_waiting(t, always, NULL);
}

/* ---- the threads table -------------------------------------------------- */

uint32_t async_thread_register(comp_inst *inst, async_thread *t)
{
    if (inst->nthfree) {
        uint32_t i = inst->thfree[--inst->nthfree];
        inst->threads[i] = t;
        return i;
    }
    uint32_t i = inst->nthreads ? inst->nthreads : 1;
    if (i >= inst->thcap) {
        uint32_t nc = inst->thcap ? inst->thcap * 2 : 16;
        async_thread **nt = nc <= (1u << 28) && inst->arena ?
                            wf_arena_alloc(inst->arena, nc * sizeof *nt) : NULL;
        uint32_t *nf = nt ? wf_arena_alloc(inst->arena, nc * sizeof *nf) : NULL;
        if (!nf)
            return 0;
        if (inst->thcap) {
            memcpy(nt, inst->threads, inst->thcap * sizeof *nt);
            memcpy(nf, inst->thfree, inst->nthfree * sizeof *nf);
        }
        inst->threads = nt;
        inst->thfree = nf;
        inst->thcap = nc;
    }
    inst->nthreads = i + 1;
    inst->threads[i] = t;
    return i;
}

void async_thread_unregister(comp_inst *inst, uint32_t idx)
{
    if (idx && idx < inst->nthreads && inst->threads[idx]) {
        inst->threads[idx] = NULL;
        inst->thfree[inst->nthfree++] = idx;
    }
}

async_thread *async_thread_at(comp_inst *inst, uint32_t idx)
{
    return idx && idx < inst->nthreads ? inst->threads[idx] : NULL;
}

/* The implicit thread of a callback lift holding its instance's exclusive
 * lock lets it go while it blocks in a built-in (other tasks of the
 * instance may start, as the reference tests' sync-streams.wast expects)
 * and takes it back before it resumes. Only for waits on waitables: a
 * sync call made by a callback lift, or any wait of a sync-ABI lift,
 * keeps it (the "synchronous backpressure" of async-calls-sync.wast). */
typedef struct relock { async_ready_fn ready; void *arg; async_thread *t; comp_inst *inst; } relock;

static bool relock_ready(void *arg)
{
    relock *r = arg;
    return !r->inst->exclusive && r->ready(r->arg);
}

bool async_wait_until(async_thread *t, async_ready_fn ready, void *arg, bool cancellable)
{
    if (async_task_take_cancel(t->task, cancellable))
        return true;
    start_waiting(t, ready, arg);
    return async_block(t, NULL, cancellable);
}

bool async_wait_unlocked(async_thread *t, async_ready_fn ready, void *arg, bool cancellable)
{
    if (async_task_take_cancel(t->task, cancellable))
        return true;
    comp_inst *inst = t->task ? async_task_inst(t->task) : NULL;
    if (!inst || inst->exclusive != t || !t->task->f->opts.has_callback) {
        start_waiting(t, ready, arg);
        return async_block(t, NULL, cancellable);
    }
    relock r = { ready, arg, t, inst };
    inst->exclusive = NULL;
    start_waiting(t, relock_ready, &r);
    bool cancelled = async_block(t, NULL, cancellable);
    inst->exclusive = t;
    return cancelled;
}

/* Pick the oldest ready waiting thread, in inst when given. */
static async_thread *pick(async_sched *s, comp_inst *inst)
{
    for (async_thread *t = s->waiting; t; t = t->wnext) {
        comp_inst *ti = async_task_inst(t->task);
        if (inst && (ti != inst || inst->exclusive == t || !async_thread_may_interleave(t)))
            continue;
        if (!inst && !async_inst_may_enter_from(ti, NULL))
            continue;
        if (t->ready(t->ready_arg))
            return t;
    }
    return NULL;
}

bool async_tick(async_sched *s, comp_inst *inst, wf_trap **trap)
{
    async_thread *t = pick(s, inst);
    *trap = NULL;
    if (!t)
        return false;
    comp_inst *ti = async_task_inst(t->task);
    if (!inst)
        async_inst_enter_from(ti, NULL);
    *trap = async_resume(t, false);
    if (!inst && !*trap)
        async_inst_leave_to(ti, NULL);
    return true;
}

/* ---- tracked allocations ------------------------------------------------- */

typedef struct obj_hdr {
    struct obj_hdr *prev, *next;
    void (*dtor)(void *p);
    max_align_t align[];
} obj_hdr;

void *async_alloc(async_sched *s, size_t size)
{
    obj_hdr *h = calloc(1, sizeof *h + size);
    if (!h)
        return NULL;
    h->next = s->objs;
    if (h->next)
        h->next->prev = h;
    s->objs = h;
    return h->align;
}

void async_free(async_sched *s, void *p)
{
    if (!p)
        return;
    obj_hdr *h = (obj_hdr *)((char *)p - offsetof(obj_hdr, align));
    if (h->prev)
        h->prev->next = h->next;
    else
        s->objs = h->next;
    if (h->next)
        h->next->prev = h->prev;
    free(h);
}

void async_set_dtor(void *p, void (*dtor)(void *p))
{
    ((obj_hdr *)((char *)p - offsetof(obj_hdr, align)))->dtor = dtor;
}

void async_free_all(async_sched *s)
{
    for (obj_hdr *h = s->objs, *n; h; h = n) {
        n = h->next;
        if (h->dtor)
            h->dtor(h->align);
        free(h);
    }
    s->objs = NULL;
}

/* ---- handle-table entries for async objects --------------------------- */

/* Async objects share the table with resource handles: their res is a
 * marker so that resource operations on them fail with the right trap. */
static comp_resource not_a_resource = { .name = "async object" };

uint32_t comp_handle_put(comp_inst *inst, uint8_t kind, void *obj)
{
    uint32_t i = comp_handle_new(inst, &not_a_resource, 0, false);
    if (i) {
        inst->handles[i].kind = kind;
        inst->handles[i].obj = obj;
    }
    return i;
}

uint8_t comp_handle_kind(comp_inst *inst, uint32_t idx)
{
    if (idx == 0 || idx >= inst->nhandles || !inst->handles[idx].res)
        return H_FREE;
    return inst->handles[idx].kind;
}

void *comp_handle_obj(comp_inst *inst, uint32_t idx, uint8_t kind, wf_trap **trap)
{
    uint8_t k = comp_handle_kind(inst, idx);
    if (k != kind) {
        *trap = comp_trap(k == H_FREE ? "unknown handle index %u"
                                      : "handle index %u used with the wrong type", idx);
        return NULL;
    }
    return inst->handles[idx].obj;
}

void comp_handle_remove(comp_inst *inst, uint32_t idx)
{
    comp_handle_free_slot(inst, idx);
}

/* ---- waitables ----------------------------------------------------------- */

void async_waitable_init(async_waitable *w, comp_inst *inst, uint8_t kind)
{
    memset(w, 0, sizeof *w);
    w->inst = inst;
    w->kind = kind;
}

void async_set_event(async_waitable *w, uint32_t code, uint32_t payload)
{
    w->pending = true;
    w->ev_code = code;
    w->ev_payload = payload;
}

void async_take_event(async_waitable *w, uint32_t *code, uint32_t *index, uint32_t *payload)
{
    if (w->on_deliver)
        w->on_deliver(w);
    w->pending = false;
    *code = w->ev_code;
    *index = w->handle;
    *payload = w->ev_payload;
}

/* Task.may_block: an async-typed task, or any task once it has returned;
 * never outside a task (start functions). A sync task may still block
 * when some other thread is ready to run (and may use the stack): whether
 * that helps is for its caller's loop to find out ("deadlock detected"
 * otherwise), as the reference tests expect. */
bool async_may_block(comp_inst *inst)
{
    async_thread *t = async_current(inst);
    if (!t || !t->task)
        return false;
    if (async_task_may_block(t->task))
        return true;
    for (async_thread *w = t->sched->waiting; w; w = w->wnext)
        if (w != t && w->ready(w->ready_arg))
            return true;
    return false;
}

static bool has_event(void *arg)
{
    return ((async_waitable *)arg)->pending;
}

wf_trap *async_wait_event(async_waitable *w)
{
    async_thread *t = async_current(w->inst);
    if (!async_may_block(w->inst))
        return comp_trap("cannot block a synchronous task before returning");
    if (w->wset)
        return comp_trap("waitable cannot be used synchronously while added to a waitable set");
    if (w->pending)
        return NULL;
    w->sync_waiter = true;
    async_wait_unlocked(t, has_event, w, false);
    w->sync_waiter = false;
    return NULL;
}

void async_waitable_drop(async_waitable *w)
{
    async_waitable_join(w, NULL);
}

void async_waitable_join(async_waitable *w, async_wset *s)
{
    if (w->wset) {
        async_waitable **pp = &w->wset->elems;
        while (*pp && *pp != w)
            pp = &(*pp)->set_next;
        if (*pp)
            *pp = w->set_next;
        w->wset->n--;
    }
    w->wset = s;
    w->set_next = NULL;
    if (s) {
        /* Appended: events are delivered oldest member first. */
        async_waitable **pp = &s->elems;
        while (*pp)
            pp = &(*pp)->set_next;
        *pp = w;
        s->n++;
    }
}

async_waitable *async_wset_pending(async_wset *s)
{
    for (async_waitable *w = s->elems; w; w = w->set_next)
        if (w->pending)
            return w;
    return NULL;
}

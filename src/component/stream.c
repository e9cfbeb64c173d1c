/* stream.c — streams, futures and error contexts (CanonicalABI.md "Buffer
 * State", "Stream State", "Future State", canon stream.* / future.* /
 * error-context.*).
 *
 * Both ends of a stream or future are waitables in the handle table of the
 * instance that holds them and share one `shared` record. A read or write
 * that finds no partner waiting parks its buffer in shared->pending; the
 * partner's later write or read copies straight between the two guest
 * buffers (a rendezvous, no buffer of ours in between) and sets events on
 * the ends. Only guests implement streams here: the host never holds an
 * end, so every copy completes or parks at once and cancel always returns
 * the buffer immediately. */
#include "stream.h"
#include "canon_cx.h"
#include "async_int.h"

#include <string.h>

enum { IDLE, COPYING, CANCELLING, DONE };   /* CopyState */

#define MAX_BUFFER ((1u << 28) - 1)         /* Buffer.MAX_LENGTH */
#define CHUNK 1024                          /* elements lifted per step */

/* A guest buffer (BufferGuestImpl): range and alignment were checked when
 * it was made, and memories never shrink, so copies need no more checks. */
typedef struct sbuf {
    comp_inst *inst;
    wf_memory *mem;
    wf_func *realloc_;
    uint8_t enc;
    uint32_t ptr, progress, length;
} sbuf;

typedef struct shared shared;

/* A readable or writable end (CopyEnd). */
typedef struct end {
    async_waitable w;      /* first: the table's obj is both */
    shared *sh;
    struct end *next;      /* in the free list */
    uint8_t state;
    sbuf buf;              /* of the copy in progress */
    uint8_t result;        /* CopyResult of the pending event */
    bool reclaim;          /* the event is a partial copy's (on_copy) */
} end;

/* What both ends share (SharedStreamImpl, SharedFutureImpl). */
struct shared {
    bool future;
    const comp_type *t;    /* element type, NULL for none */
    bool dropped;          /* one end is gone */
    end *pending;          /* a copy waiting for its partner */
    uint32_t refs;         /* ends, and readable ends in flight in values */
    struct pool *home;     /* of the instance that made it: reused there */
    shared *next;          /* in the free list */
};

/* Dropped and lifted ends and records no end refers to any more, kept in
 * the instance (comp_inst.stream_free) for reuse: a guest that makes and
 * drops streams in a loop runs in constant memory. (Both live in the
 * store's arena.) A record whose readable end was lifted and never
 * lowered (the call trapped first) is only reclaimed with the store. */
typedef struct pool { end *ends; shared *shareds; } pool;

/* The debug message is dropped as the deterministic profile does: no
 * guest may depend on it, and it is never even read (CanonicalABI.md). */
typedef struct errctx { const char *msg; } errctx;

/* One built-in of one instance. */
typedef struct site {
    uint8_t op;
    bool async_;           /* read/write: the async option; cancel: async? */
    comp_inst *inst;
    const comp_type *elem; /* T of (stream T)/(future T); NULL for none */
    wf_memory *mem;
    wf_func *realloc_;
    uint8_t enc;
} site;

static uint32_t remain(const sbuf *b) { return b->length - b->progress; }

/* none_or_number_type: copies within one instance are allowed for these
 * only (the spec's temporary limit, since lifting and lowering the same
 * memory could alias). */
static bool plain(const comp_type *t)
{
    return !t || (t->kind >= T_F64 && t->kind <= T_S8);
}

static bool readable(uint8_t kind) { return kind == H_STREAM_READ || kind == H_FUTURE_READ; }
static bool is_future(uint8_t kind) { return kind == H_FUTURE_READ || kind == H_FUTURE_WRITE; }

static const char *noun(bool future) { return future ? "future" : "stream"; }

/* ---- events ---------------------------------------------------------- */

/* Right before delivery (stream_event, future_event): take the buffer
 * back and settle the end's state from the result. */
static void on_deliver(async_waitable *w)
{
    end *e = (end *)w;
    if (e->reclaim && e->sh->pending == e)
        e->sh->pending = NULL;
    e->reclaim = false;
    if (e->sh->future) {
        e->state = e->result == COPY_CANCELLED ? IDLE : DONE;
        w->ev_payload = e->result;
    } else {
        e->state = e->result == COPY_DROPPED ? DONE : IDLE;
        w->ev_payload = e->result | e->buf.progress << 4;
    }
}

static uint32_t event_code(const end *e)
{
    switch (e->w.kind) {
    case H_STREAM_READ: return EV_STREAM_READ;
    case H_STREAM_WRITE: return EV_STREAM_WRITE;
    case H_FUTURE_READ: return EV_FUTURE_READ;
    default: return EV_FUTURE_WRITE;
    }
}

/* on_copy_done: the copy is over with result. */
static void copy_done(end *e, uint8_t result)
{
    e->result = result;
    e->reclaim = false;
    async_set_event(&e->w, event_code(e), 0);
}

/* on_copy: a partial copy; the buffer stays parked until delivery. */
static void copied(end *e)
{
    e->result = COPY_COMPLETED;
    e->reclaim = true;
    async_set_event(&e->w, event_code(e), 0);
}

/* reset_and_notify_pending */
static void notify_pending(shared *sh, uint8_t result)
{
    end *p = sh->pending;
    sh->pending = NULL;
    copy_done(p, result);
}

/* ---- copying values -------------------------------------------------- */

/* Lift k elements from src, then lower them into dst: the spec's
 * load_list_from_valid_range and store_list_into_valid_range. */
static wf_trap *move_chunk(const comp_type *t, sbuf *src, sbuf *dst, uint32_t at, uint32_t k)
{
    comp_type *ts[1] = { (comp_type *)t };
    uint32_t size = canon_size(t), nout;
    wf_arena a = {0};
    cx lc = { .mem = src->mem, .enc = src->enc, .inst = src->inst, .a = &a };
    cx sc = { .mem = dst->mem, .realloc_ = dst->realloc_, .enc = dst->enc, .inst = dst->inst,
              .a = &a };
    comp_val *vs = wf_arena_alloc(&a, k * sizeof *vs);
    wf_trap *tr = NULL;
    if (!vs)
        tr = comp_trap("out of memory");
    for (uint32_t i = 0; !tr && i < k; i++) {
        uint64_t p = src->ptr + (at + i) * size;
        if (!canon_lift_values(&lc, ts, 1, &p, 1, 0, &vs[i]))
            tr = canon_cx_trap(&lc);
    }
    for (uint32_t i = 0; !tr && i < k; i++)
        if (!canon_lower_values(&sc, ts, 1, &vs[i], 0, dst->ptr + (at + i) * size, NULL, &nout))
            tr = canon_cx_trap(&sc);
    wf_arena_free(&a);
    return tr;
}

/* Move n elements from src to dst, lifting from src's instance and memory
 * and lowering into dst's (own handles change tables, strings and lists
 * are reallocated), a chunk at a time to bound what is held in between;
 * numbers are plain bytes. */
static wf_trap *transfer(const shared *sh, sbuf *src, sbuf *dst, uint32_t n)
{
    const comp_type *t = sh->t;
    uint32_t size = t ? canon_size(t) : 0;
    if (t && plain(t)) {
        memmove(wf_memory_data(dst->mem) + dst->ptr, wf_memory_data(src->mem) + src->ptr,
                (size_t)n * size);
    } else if (t) {
        for (uint32_t done = 0; done < n; done += CHUNK) {
            wf_trap *tr = move_chunk(t, src, dst, done, n - done < CHUNK ? n - done : CHUNK);
            if (tr)
                return tr;
        }
    }
    src->ptr += n * size;
    dst->ptr += n * size;
    src->progress += n;
    dst->progress += n;
    return NULL;
}

static wf_trap *same_instance(const shared *sh, const end *e)
{
    if (sh->pending->buf.inst == e->buf.inst && !plain(sh->t))
        return comp_trap("cannot read from and write to intra-component %s", noun(sh->future));
    return NULL;
}

/* What a read or write of either kind starts with: the other end dropped
 * completes e at once (DROPPED); no partner waiting parks e; a partner in
 * the same instance traps (*t). Returns the waiting partner to copy with,
 * or NULL when the call is done. */
static end *partner(shared *sh, end *e, wf_trap **t)
{
    *t = NULL;
    if (sh->dropped) {
        copy_done(e, COPY_DROPPED);
        return NULL;
    }
    if (!sh->pending) {
        sh->pending = e;
        return NULL;
    }
    *t = same_instance(sh, e);
    return *t ? NULL : sh->pending;
}

/* SharedStreamImpl.read/write: e brings its buffer; a zero-length write
 * meeting a zero-length read completes and leaves the read parked. */
static wf_trap *stream_rw(shared *sh, end *e)
{
    bool reading = readable(e->w.kind);
    wf_trap *t;
    end *p = partner(sh, e, &t);
    if (!p)
        return t;
    if (remain(&p->buf) > 0) {
        if (remain(&e->buf) > 0) {
            uint32_t n = remain(&e->buf) < remain(&p->buf) ? remain(&e->buf) : remain(&p->buf);
            t = reading ? transfer(sh, &p->buf, &e->buf, n) : transfer(sh, &e->buf, &p->buf, n);
            if (t)
                return t;
            copied(p);
        }
        copy_done(e, COPY_COMPLETED);
    } else if (!reading && e->buf.length == 0 && p->buf.length == 0) {
        copy_done(e, COPY_COMPLETED);
    } else {
        notify_pending(sh, COPY_COMPLETED);
        sh->pending = e;
    }
    return NULL;
}

/* SharedFutureImpl.read/write: one value, and only the writer can see
 * the reader gone. */
static wf_trap *future_rw(shared *sh, end *e)
{
    bool reading = readable(e->w.kind);
    wf_trap *t;
    end *p = partner(sh, e, &t);
    if (!p)
        return t;
    t = reading ? transfer(sh, &p->buf, &e->buf, 1) : transfer(sh, &e->buf, &p->buf, 1);
    if (t)
        return t;
    notify_pending(sh, COPY_COMPLETED);
    copy_done(e, COPY_COMPLETED);
    return NULL;
}

/* ---- the built-ins --------------------------------------------------- */

static uint8_t end_kind(uint8_t op)
{
    switch (op) {
    case C_STREAM_READ: case C_STREAM_CANCEL_R: case C_STREAM_DROP_R: return H_STREAM_READ;
    case C_STREAM_WRITE: case C_STREAM_CANCEL_W: case C_STREAM_DROP_W: return H_STREAM_WRITE;
    case C_FUTURE_READ: case C_FUTURE_CANCEL_R: case C_FUTURE_DROP_R: return H_FUTURE_READ;
    default: return H_FUTURE_WRITE;
    }
}

/* The end at i for op, with the guards every stream/future built-in has;
 * a synchronous copy or cancel, which may have to wait, traps up front in
 * a task that may not block (Task.may_block: a sync-typed task before it
 * returns), whatever the handle. */
static end *get_end(const site *s, uint32_t i, bool may_wait, wf_trap **t)
{
    uint8_t kind = end_kind(s->op);
    if (!s->inst->may_leave) {
        *t = comp_trap("cannot leave component instance");
        return NULL;
    }
    if (may_wait && !s->async_ && !async_may_block(s->inst)) {
        *t = comp_trap("cannot block a synchronous task before returning");
        return NULL;
    }
    end *e = comp_handle_obj(s->inst, i, kind, t);
    if (e && !comp_type_eq(e->sh->t, s->elem)) {
        *t = comp_trap("%s type mismatch at handle index %u", noun(is_future(kind)), i);
        return NULL;
    }
    return e;
}

/* The event of a copy or cancel, or BLOCKED (async), or wait (sync). */
static wf_trap *finish(const site *s, end *e, uint32_t *out)
{
    uint32_t code, idx;
    if (!e->w.pending) {
        if (s->async_) {
            *out = ASYNC_BLOCKED;
            return NULL;
        }
        wf_trap *t = async_wait_event(&e->w);
        if (t)
            return t;
    }
    async_take_event(&e->w, &code, &idx, out);
    return NULL;
}

static wf_trap *not_idle(const end *e)
{
    if (e->state != DONE)
        return comp_trap("cannot have concurrent operations active on a future/stream");
    switch (e->w.kind) {
    case H_STREAM_READ:
        return comp_trap("cannot read from stream after being notified that the writable end dropped");
    case H_STREAM_WRITE:
        return comp_trap("cannot write to stream after being notified that the readable end dropped");
    case H_FUTURE_READ:
        return comp_trap("cannot read from future after previous read succeeded");
    default:
        return comp_trap("cannot write to future after previous write succeeded or readable end dropped");
    }
}

/* The buffer of a copy (BufferGuestImpl's constructor checks). */
static wf_trap *make_buffer(const site *s, uint32_t ptr, uint32_t n, sbuf *b)
{
    if (n > MAX_BUFFER)
        return comp_trap("buffer length %u is too large", n);
    if (s->elem && n > 0) {
        if (!s->mem)
            return comp_trap("canonical option `memory` is required");
        if (ptr % canon_align(s->elem))
            return comp_trap("unaligned pointer");
        if ((uint64_t)ptr + (uint64_t)n * canon_size(s->elem) > wf_memory_size(s->mem))
            return comp_trap("pointer out of bounds of memory");
    }
    *b = (sbuf){ s->inst, s->mem, s->realloc_, s->enc, ptr, 0, n };
    return NULL;
}

/* stream_copy, future_copy */
static wf_trap *copy(const site *s, uint32_t i, uint32_t ptr, uint32_t n, uint32_t *out)
{
    wf_trap *t = NULL;
    end *e = get_end(s, i, true, &t);
    if (!e)
        return t;
    if (e->state != IDLE)
        return not_idle(e);
    if (e->w.wset && !s->async_)
        return comp_trap("waitable cannot be used synchronously while added to a waitable set");
    if ((t = make_buffer(s, ptr, n, &e->buf)))
        return t;
    e->state = COPYING;
    t = e->sh->future ? future_rw(e->sh, e) : stream_rw(e->sh, e);
    return t ? t : finish(s, e, out);
}

/* cancel_copy: a guest's partner never holds on to a buffer, so a copy
 * still parked is cancelled at once. */
static wf_trap *cancel(const site *s, uint32_t i, uint32_t *out)
{
    wf_trap *t = NULL;
    end *e = get_end(s, i, true, &t);
    if (!e)
        return t;
    if (e->state != COPYING || e->w.sync_waiter)
        return comp_trap("there is no pending %s copy to cancel", noun(e->sh->future));
    if (e->w.wset && !s->async_)
        return comp_trap("waitable cannot be used synchronously while added to a waitable set");
    e->state = CANCELLING;
    if (!e->w.pending && e->sh->pending == e)
        notify_pending(e->sh, COPY_CANCELLED);
    /* A stream copy that made progress not yet delivered reports it as
     * CANCELLED (with its count): what the reference tests assert (and
     * wasmtime does), where definitions.py would deliver COMPLETED. */
    else if (e->w.pending && !e->sh->future && e->result == COPY_COMPLETED)
        e->result = COPY_CANCELLED;
    return finish(s, e, out);
}

static pool *pool_of(comp_inst *inst)
{
    if (!inst->stream_free && inst->arena)
        inst->stream_free = wf_arena_alloc(inst->arena, sizeof(pool));
    return inst->stream_free;
}

/* An end leaves inst's table for good (dropped, or lifted out: the record
 * goes on in the value); the record with its last end. */
static void free_end(comp_inst *inst, end *e, bool drop_ref)
{
    pool *p = pool_of(inst);
    shared *sh = e->sh;
    if (drop_ref && --sh->refs == 0 && sh->home) {
        sh->next = sh->home->shareds;
        sh->home->shareds = sh;
    }
    if (!p)
        return;
    e->next = p->ends;
    p->ends = e;
}

/* drop: the other end learns of it through its parked copy, if any. */
static wf_trap *drop_end(const site *s, uint32_t i)
{
    wf_trap *t = NULL;
    end *e = get_end(s, i, false, &t);
    if (!e)
        return t;
    bool writer = !readable(e->w.kind), fut = e->sh->future;
    if (fut && writer && e->state != DONE)
        return comp_trap("cannot drop future write end without first writing a value");
    if (e->state == COPYING || e->state == CANCELLING)
        return comp_trap("cannot %s busy %s", writer ? "drop" : "remove", noun(fut));
    if (!e->sh->dropped) {
        e->sh->dropped = true;
        if (e->sh->pending)
            notify_pending(e->sh, COPY_DROPPED);
    }
    async_waitable_drop(&e->w);
    comp_handle_remove(s->inst, i);
    free_end(s->inst, e, true);
    return NULL;
}

static end *new_end(comp_inst *inst, shared *sh, uint8_t kind)
{
    pool *p = pool_of(inst);
    end *e = NULL;
    if (p && p->ends) {
        e = p->ends;
        p->ends = e->next;
    } else if (inst->arena) {
        e = wf_arena_alloc(inst->arena, sizeof *e);
    }
    if (!e)
        return NULL;
    memset(e, 0, sizeof *e);
    async_waitable_init(&e->w, inst, kind);
    e->w.on_deliver = on_deliver;
    e->sh = sh;
    e->state = IDLE;
    e->w.handle = comp_handle_put(inst, kind, e);
    if (!e->w.handle && p) {     /* table full: the record goes back */
        e->next = p->ends;
        p->ends = e;
    }
    return e->w.handle ? e : NULL;
}

/* {stream,future}.new: readable end in the low half, writable in the high. */
static wf_trap *new_pair(const site *s, uint64_t *out)
{
    comp_inst *inst = s->inst;
    bool fut = s->op == C_FUTURE_NEW;
    if (!inst->may_leave)
        return comp_trap("cannot leave component instance");
    pool *p = pool_of(inst);
    shared *sh = p && p->shareds ? p->shareds : inst->arena ? wf_arena_alloc(inst->arena, sizeof *sh)
                                                            : NULL;
    if (!sh)
        return comp_trap("out of memory");
    if (p && sh == p->shareds)
        p->shareds = sh->next;
    *sh = (shared){ fut, s->elem, false, NULL, 2, p, NULL };
    end *r = new_end(inst, sh, fut ? H_FUTURE_READ : H_STREAM_READ);
    end *w = r ? new_end(inst, sh, fut ? H_FUTURE_WRITE : H_STREAM_WRITE) : NULL;
    if (!w) {                    /* table full: undo the half-made pair */
        if (r) {
            comp_handle_free_slot(inst, r->w.handle);
            if (p) {
                r->next = p->ends;
                p->ends = r;
            }
        }
        if (p) {
            sh->next = p->shareds;
            p->shareds = sh;
        }
        return comp_trap("handle table full");
    }
    *out = r->w.handle | (uint64_t)w->w.handle << 32;
    return NULL;
}

/* ---- error contexts -------------------------------------------------- */

static wf_trap *err_new(const site *s, uint32_t *out)
{
    if (!s->inst->may_leave)
        return comp_trap("cannot leave component instance");
    errctx *ec = s->inst->arena ? wf_arena_alloc(s->inst->arena, sizeof *ec) : NULL;
    if (!ec)
        return comp_trap("out of memory");
    ec->msg = "";
    *out = comp_handle_put(s->inst, H_ERRCTX, ec);
    return *out ? NULL : comp_trap("handle table full");
}

static wf_trap *err_debug(const site *s, uint32_t i, uint32_t ptr)
{
    static const comp_type str = { .kind = T_STRING };
    wf_trap *t = NULL;
    if (!s->inst->may_leave)
        return comp_trap("cannot leave component instance");
    errctx *ec = comp_handle_obj(s->inst, i, H_ERRCTX, &t);
    if (!ec)
        return t;
    comp_val v = { .kind = T_STRING };
    v.of.str.p = ec->msg;
    v.of.str.len = (uint32_t)strlen(ec->msg);
    comp_type *ts[1] = { (comp_type *)&str };
    uint32_t nout;
    wf_arena a = {0};
    cx c = { .mem = s->mem, .realloc_ = s->realloc_, .enc = s->enc, .inst = s->inst, .a = &a };
    if (!canon_lower_values(&c, ts, 1, &v, 0, ptr, NULL, &nout))
        t = canon_cx_trap(&c);
    wf_arena_free(&a);
    return t;
}

static wf_trap *err_drop(const site *s, uint32_t i)
{
    wf_trap *t = NULL;
    if (!s->inst->may_leave)
        return comp_trap("cannot leave component instance");
    if (!comp_handle_obj(s->inst, i, H_ERRCTX, &t))
        return t;
    comp_handle_remove(s->inst, i);
    return NULL;
}

/* ---- values crossing lift and lower (async.h hooks) ------------------ */

wf_trap *stream_lift_handle(comp_inst *inst, const comp_type *t, uint32_t idx, void **obj)
{
    wf_trap *tr = NULL;
    if (t->kind == T_ERRCTX) {
        /* lift_error_context: shared, not moved. */
        *obj = comp_handle_obj(inst, idx, H_ERRCTX, &tr);
        return *obj ? NULL : tr;
    }
    bool fut = t->kind == T_FUTURE;
    end *e = comp_handle_obj(inst, idx, fut ? H_FUTURE_READ : H_STREAM_READ, &tr);
    if (!e)
        return tr;
    if (!comp_type_eq(e->sh->t, t->n ? t->t[0] : NULL))
        return comp_trap("%s type mismatch at handle index %u", noun(fut), idx);
    if (e->state == DONE)
        return comp_trap(fut ? "cannot lift future after previous read succeeded"
                             : "cannot lift stream after being notified that the writable end dropped");
    if (e->state != IDLE)
        return comp_trap("cannot lift busy %s", noun(fut));
    if (e->w.wset)
        return comp_trap("cannot lift %s while it's in a waitable set", noun(fut));
    comp_handle_remove(inst, idx);
    *obj = e->sh;
    free_end(inst, e, false);   /* the record's reference goes on in the value */
    return NULL;
}

uint32_t stream_lower_handle(comp_inst *inst, const comp_type *t, void *obj)
{
    if (t->kind == T_ERRCTX)
        return comp_handle_put(inst, H_ERRCTX, obj);
    end *e = new_end(inst, obj, t->kind == T_FUTURE ? H_FUTURE_READ : H_STREAM_READ);
    return e ? e->w.handle : 0;
}

/* ---- core functions -------------------------------------------------- */


static wf_trap *call(wf_caller *caller, void *env, const wf_val *args, wf_val *results)
{
    const site *s = env;
    bool no_args = s->op == C_STREAM_NEW || s->op == C_FUTURE_NEW;
    uint32_t a0 = no_args ? 0 : (uint32_t)args[0].of.i32, r = 0;
    uint64_t pair = 0;
    wf_trap *t;
    (void)caller;
    switch (s->op) {
    case C_STREAM_NEW: case C_FUTURE_NEW:
        if ((t = new_pair(s, &pair)))
            return t;
        results[0] = (wf_val){ .kind = WF_I64, .of.i64 = (int64_t)pair };
        return NULL;
    case C_STREAM_READ: case C_STREAM_WRITE:
        t = copy(s, a0, (uint32_t)args[1].of.i32, (uint32_t)args[2].of.i32, &r);
        break;
    case C_FUTURE_READ: case C_FUTURE_WRITE:
        t = copy(s, a0, (uint32_t)args[1].of.i32, 1, &r);
        break;
    case C_STREAM_CANCEL_R: case C_STREAM_CANCEL_W:
    case C_FUTURE_CANCEL_R: case C_FUTURE_CANCEL_W:
        t = cancel(s, a0, &r);
        break;
    case C_ERR_NEW:
        t = err_new(s, &r);
        break;
    case C_ERR_DEBUG:
        return err_debug(s, a0, (uint32_t)args[1].of.i32);
    case C_ERR_DROP:
        return err_drop(s, a0);
    default:   /* the four drops */
        return drop_end(s, a0);
    }
    if (!t)
        results[0] = canon_bits_val(WF_I32, r);
    return t;
}

/* The core type of op (CanonicalABI.md, each built-in's validation). */
static wf_functype core_type(uint8_t op)
{
    static const uint8_t i32x3[3] = { WF_I32, WF_I32, WF_I32 }, i64[1] = { WF_I64 };
    switch (op) {
    case C_STREAM_NEW: case C_FUTURE_NEW: return (wf_functype){ 0, 1, NULL, i64 };
    case C_STREAM_READ: case C_STREAM_WRITE: return (wf_functype){ 3, 1, i32x3, i32x3 };
    case C_FUTURE_READ: case C_FUTURE_WRITE: case C_ERR_NEW:
        return (wf_functype){ 2, 1, i32x3, i32x3 };
    case C_ERR_DEBUG: return (wf_functype){ 2, 0, i32x3, NULL };
    case C_STREAM_CANCEL_R: case C_STREAM_CANCEL_W:
    case C_FUTURE_CANCEL_R: case C_FUTURE_CANCEL_W:
        return (wf_functype){ 1, 1, i32x3, i32x3 };
    default: return (wf_functype){ 1, 0, i32x3, NULL };   /* drops */
    }
}

wf_func *stream_builtin(wf_store *store, wf_arena *a, comp_inst *inst, const cm_def *canon,
                        comp_type *t, wf_memory *mem, wf_func *realloc_, wf_error *err)
{
    uint8_t op = canon->u.canon.op;
    bool errctx = op == C_ERR_NEW || op == C_ERR_DEBUG || op == C_ERR_DROP;
    if (op < C_STREAM_NEW || op > C_ERR_DROP) {
        wf_fail(err, WF_ERR_INVALID, 0, "not a stream, future or error-context built-in");
        return NULL;
    }
    if (!errctx && (!t || t->kind != (op < C_FUTURE_NEW ? T_STREAM : T_FUTURE))) {
        wf_fail(err, WF_ERR_INVALID, 0, "canon %s: type is not a %s type",
                op < C_FUTURE_NEW ? "stream" : "future", op < C_FUTURE_NEW ? "stream" : "future");
        return NULL;
    }
    site *s = wf_arena_alloc(a, sizeof *s);
    if (!s) {
        wf_fail(err, WF_ERR_LIMIT, 0, "out of memory");
        return NULL;
    }
    bool is_cancel = op == C_STREAM_CANCEL_R || op == C_STREAM_CANCEL_W ||
                     op == C_FUTURE_CANCEL_R || op == C_FUTURE_CANCEL_W;
    *s = (site){ op, is_cancel ? canon->u.canon.flag : canon->u.canon.opts.async_, inst,
                 !errctx && t->n ? t->t[0] : NULL, mem, realloc_, canon->u.canon.opts.encoding };
    wf_functype ft = core_type(op);
    wf_func *f = wf_func_new_host(store, &ft, call, s, NULL);
    if (!f)
        wf_fail(err, WF_ERR_LIMIT, 0, "out of memory");
    return f;
}

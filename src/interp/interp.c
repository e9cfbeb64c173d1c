/* interp.c — the interpreter loop, calls and traps.
 *
 * Guest-to-guest calls never recurse on the C stack: frames live on the
 * store's interp_stack (value slots + call records, reserved once with
 * mmap). Traps longjmp to the innermost interp_invoke. A host function may
 * call back into guests: the nested interp_invoke starts above the
 * caller's frame. */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "code.h"
#include "dispatch.h"
#include "guard.h"
#include "numeric.h"
#include "v128.h"
#include "simd_lanes.h"

/* The SIMD ops run out of line (simd_lanes.c). */
SIMD_LANE_CALLS(SIMD_LANE_DECL)

#define STACK_SLOTS ((size_t)4 << 20)     /* 32 MiB of value slots */
#define STACK_FRAMES ((size_t)256 << 10)  /* call records */
#define BACKTRACE_MAX 16
/* Host functions calling back into guests nest interp_invoke on the C
 * stack; bound the nesting so the C stack cannot overflow. */
#define NESTING_MAX 1000
/* ... and bound the C stack those nested calls use (run's frame is large
 * in unoptimised or sanitizer builds). */
#define CSTACK_BUDGET ((uintptr_t)1 << 20)

typedef struct frame {
    const code_word *pc;   /* return address */
    rt_slot *fp;
    wf_func *func;         /* the caller */
} frame;

struct interp_stack {
    rt_slot *slots, *slots_end;
    frame *frames, *frames_end;
    rt_slot *top;          /* first free slot for a nested invocation */
    frame *ftop;           /* first free call record */
    jmp_buf *jb;           /* innermost invocation */
    int depth;             /* nested interp_invoke calls */
    uintptr_t cstack_base; /* C stack address of the outermost one */
    wf_trap *trap;         /* trap in flight */
    /* Where the innermost run() is, for a trap raised from the guard-page
     * signal handler (its registers are out of reach there): updated on
     * every guest call and return. */
    wf_func *cur;
    frame *fr, *fbase;
    /* The frame a caught exception resumes in (unwind's second result:
     * run()'s fp must not have its address taken, or it leaves a register). */
    rt_slot *catch_fp;
};

/* The stack of the guest code this thread is running, NULL outside guest
 * code (and during host calls): guard faults count only while it is set. */
static _Thread_local struct interp_stack *running;

static void *reserve(size_t bytes) {
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

/* bytes: the store's limit (0 = default), split 7:1 between value slots
 * and call records. */
static struct interp_stack *stack_new(uint64_t bytes) {
    size_t nslots = STACK_SLOTS, nframes = STACK_FRAMES;
    if (bytes) {
        if (bytes > ((uint64_t)1 << 40)) bytes = (uint64_t)1 << 40;
        nframes = (size_t)(bytes / 8 / sizeof(frame));
        nslots = (size_t)(bytes / 8 * 7 / sizeof(rt_slot));
        if (nframes < 16) nframes = 16;
        if (nslots < 256) nslots = 256;
    }
    struct interp_stack *st = calloc(1, sizeof *st);
    if (!st) return NULL;
    st->slots = reserve(nslots * sizeof(rt_slot));
    st->frames = reserve(nframes * sizeof(frame));
    st->slots_end = st->slots + nslots;
    st->frames_end = st->frames + nframes;
    if (!st->slots || !st->frames) { interp_stack_free(st); return NULL; }
    st->top = st->slots;
    st->ftop = st->frames;
    return st;
}

void interp_stack_free(struct interp_stack *st) {
    if (!st) return;
    if (st->slots) munmap(st->slots, (size_t)(st->slots_end - st->slots) * sizeof(rt_slot));
    if (st->frames) munmap(st->frames, (size_t)(st->frames_end - st->frames) * sizeof(frame));
    free(st);
}

void interp_code_free(struct interp_code *code) {
    if (!code) return;
    free(code->words);
    free(code->handlers);
    free(code->loops);
    free(code);
}

/* ---- traps ----------------------------------------------------------- */

static char *backtrace_of(wf_func *cur, frame *fr, frame *base) {
    size_t cap = 64 * (BACKTRACE_MAX + 1), len = 0;
    char *out = malloc(cap), name[64];
    if (!out) return NULL;
    out[0] = 0;
    for (int n = 0; cur && n < BACKTRACE_MAX; n++) {
        if (cur->inst) bin_func_name(cur->inst->module, cur->index, name, sizeof name);
        else snprintf(name, sizeof name, "<host>");
        len += (size_t)snprintf(out + len, cap - len, "%s\n", name);
        if (fr <= base) break;
        fr--;
        cur = fr->func;
    }
    return out;
}

/* Raise `trap` (owned) to the innermost interp_invoke. */
static _Noreturn void raise_trap(struct interp_stack *st, wf_trap *trap, wf_func *cur,
                                 frame *fr, frame *base) {
    /* Host traps too, unless already traced by a nested invocation (and
     * never the static out-of-memory trap). */
    if (rt_trap_is_mutable(trap) && trap->code != WF_TRAP_EXIT && cur && trap->backtrace && !trap->backtrace[0]) {
        char *bt = backtrace_of(cur, fr, base);
        if (bt) { free(trap->backtrace); trap->backtrace = bt; }
    }
    st->trap = trap;
    longjmp(*st->jb, 1);
}

/* A fault at addr (guard.c's handler): inside a memory of the running
 * function's instance, whose out-of-bounds accesses are left to fault
 * (memory 0's, and any other's between mem_use and mem_use0), it is that
 * trap; anything else is not ours. */
static bool in_memory_of(const wf_instance *inst, uintptr_t addr) {
    uint32_t n = bin_total_memories(inst->module);
    for (uint32_t i = 0; i < n; i++) {
        const wf_memory *mem = inst->memories[i];
        if (mem && addr - (uintptr_t)mem->base < mem->reserved) return true;
    }
    return false;
}

void interp_guard_fault(const void *addr) {
    struct interp_stack *st = running;
    if (!st || !st->cur || !st->cur->inst) return;
    if (!in_memory_of(st->cur->inst, (uintptr_t)addr)) return;
    running = NULL;   /* interp_invoke sets it again as it unwinds */
    raise_trap(st, wf_trap_new(WF_TRAP_MEMORY_OOB, rt_trap_text(WF_TRAP_MEMORY_OOB)),
               st->cur, st->fr, st->fbase);
}

/* ---- exceptions ------------------------------------------------------ */

/* The first handler of code c covering word index at that catches e. */
static const interp_handler *find_handler(const struct interp_code *c, const wf_instance *inst,
                                          const rt_exn *e, size_t at) {
    for (uint32_t i = 0; i < c->nhandlers; i++) {
        const interp_handler *h = &c->handlers[i];
        if (at >= h->start && at < h->end &&
            (h->tag == INTERP_CATCH_ALL || inst->tags[h->tag] == e->tag))
            return h;
    }
    return NULL;
}

/* Throw e from the instruction at pc of the running function (frame
 * fp): unwind guest frames of this invocation (never past st->fbase:
 * frames below belong to a guest that called the host that called us)
 * to the innermost handler that catches it, hand it the payload (+
 * exnref) and return where to go on, with st->cur, st->fr and
 * st->catch_fp set to that frame. Uncaught, it becomes the "uncaught
 * exception" trap. Out of line and cold: nothing of it may weigh on
 * run()'s hot code. */
__attribute__((noinline, cold))
static const code_word *unwind(struct interp_stack *st, rt_exn *e, const code_word *pc,
                               rt_slot *fp) {
    wf_store *store = st->cur->inst->store;
    wf_trapcode code;
    /* A check point: a loop catching its own throws stays interruptible. */
    if (__atomic_load_n(&store->checks, __ATOMIC_RELAXED) && !rt_fuel_charge(store, 1, &code))
        raise_trap(st, wf_trap_new(code, rt_trap_text(code)), st->cur, st->fr, st->fbase);
    wf_func *cur = st->cur;
    frame *fr = st->fr;
    const code_word *at = pc;
    for (;;) {
        const struct interp_code *c = cur->code;
        const interp_handler *h = find_handler(c, cur->inst, e, (size_t)(at - c->words));
        if (h) {
            if (e->nslots) memcpy(&fp[h->dst], e->payload, e->nslots * sizeof(rt_slot));
            if (h->ref) { fp[h->dst + e->nslots].ref = e; e->exposed = true; }
            else if (!e->exposed) rt_exn_free(store, e);
            st->cur = cur; st->fr = fr; st->catch_fp = fp;
            return c->words + h->target;
        }
        if (fr == st->fbase) break;
        /* The caller, at the last word of its call instruction. */
        fr--; at = fr->pc - 1; fp = fr->fp; cur = fr->func;
    }
    if (!e->exposed) rt_exn_free(store, e);
    raise_trap(st, wf_trap_new(WF_TRAP_EXCEPTION, rt_trap_text(WF_TRAP_EXCEPTION)), st->cur,
               st->fr, st->fbase);
}

/* throw: a new exception of the instance's tag x, payload from args. */
__attribute__((noinline, cold))
static rt_exn *new_exn(struct interp_stack *st, wf_instance *inst, uint64_t x, const rt_slot *args) {
    rt_exn *e = rt_exn_new(inst->store, inst->tags[x], args);
    if (!e) raise_trap(st, wf_trap_new(WF_TRAP_HOST, "out of memory"), st->cur, st->fr, st->fbase);
    return e;
}

/* ---- values <-> slots ------------------------------------------------ */

/* Both return the number of slots the value takes (v128: 2). */
static uint32_t val_to_slot(const wf_val *v, rt_slot *s) {
    s->i64 = 0;
    switch (v->kind) {
    case WF_V128: memcpy(s, v->of.v128.bytes, 16); return 2;
    case WF_I32: s->i64 = (uint32_t)v->of.i32; break;
    case WF_I64: s->i64 = (uint64_t)v->of.i64; break;
    case WF_F32: s->i64 = v->of.f32_bits; break;
    case WF_F64: s->f64 = v->of.f64_bits; break;
    case WF_FUNCREF: s->ref = v->of.funcref; break;
    case WF_EXTERNREF: s->ref = v->of.externref; break;
    case WF_EXNREF: s->ref = v->of.exnref; break;
    default: break;
    }
    return 1;
}

static uint32_t slot_to_val(const rt_slot *s, uint8_t kind, wf_val *v) {
    memset(v, 0, sizeof *v);
    v->kind = (wf_valkind)kind;
    switch (kind) {
    case WF_V128: memcpy(v->of.v128.bytes, s, 16); return 2;
    case WF_I32: v->of.i32 = (int32_t)s->i32; break;
    case WF_I64: v->of.i64 = (int64_t)s->i64; break;
    case WF_F32: v->of.f32_bits = s->f32; break;
    case WF_F64: v->of.f64_bits = s->f64; break;
    case WF_FUNCREF: v->of.funcref = s->ref; break;
    case WF_EXTERNREF: v->of.externref = s->ref; break;
    case WF_EXNREF: v->of.exnref = s->ref; break;
    default: break;
    }
    return 1;
}

/* Call a host function with its arguments in slots; results replace them.
 * Returns the host's trap, if any. */
static wf_trap *host_call(wf_func *f, rt_slot *args, wf_instance *caller_inst) {
    const wf_functype *ty = f->type;
    wf_val small[16], *vals = small;
    size_t n = ty->nparams + ty->nresults;
    if (n > 16 && !(vals = calloc(n, sizeof *vals)))
        return wf_trap_new(WF_TRAP_HOST, "out of memory");
    for (uint32_t i = 0, k = 0; i < ty->nparams; i++) k += slot_to_val(&args[k], ty->params[i], &vals[i]);
    wf_val *res = vals + ty->nparams;
    for (uint32_t i = 0; i < ty->nresults; i++) res[i].kind = (wf_valkind)ty->results[i];
    wf_caller caller = { caller_inst };
    wf_trap *trap = f->host(&caller, f->env, vals, res);
    if (!trap)
        for (uint32_t i = 0, k = 0; i < ty->nresults; i++) k += val_to_slot(&res[i], &args[k]);
    if (vals != small) free(vals);
    return trap;
}

/* ---- the loop -------------------------------------------------------- */

static const void *const *op_table;

static void run(struct interp_stack *st, wf_func *cur, rt_slot *fp);

bool interp_acc(void) { return VM_ACC; }

const void *const *interp_op_table(void) {
    if (!op_table) run(NULL, NULL, NULL);
    return op_table;
}

#if VM_TAILCALL
/* The code travels in msize (dead once trapping) to one shared function,
 * so that a handler whose only call would be the trap needs no frame. */
#define TRAP(code) do { msize = (uint64_t)(code); VM_GOTO_SHARED(trap); } while (0)
#else
#define TRAP(code) raise_trap(st, wf_trap_new(code, rt_trap_text(code)), CUR, FR, st->fbase)
#endif
#define CUR (st->cur)
#define FR (st->fr)
#define S(i) (&fp[IMM(i)])

/* Operands are named by slot: [dst][a][b] (see code.h). Every handler
 * reads its operands before writing dst, which may equal one of them.
 * Results are stored as whole 8-byte slots (32-bit values zero-extended):
 * a later 8-byte copy of a slot then forwards from the store instead of
 * stalling on a partial one. */
#define W_i32(v) ((uint64_t)(uint32_t)(v))
#define W_f32(v) ((uint64_t)(uint32_t)(v))
#define W_i64(v) ((uint64_t)(v))
#define W_f64(v) ((uint64_t)(v))
/* Register forwarding (code.h): operand i read from its slot (RD_M) or
 * from acc (RD_A); the result written to slot 0 (WR_M) or acc (WR_A).
 * ACC_FORMS(G, name, args) adds NAME_o, NAME_i and NAME_io built by G,
 * ACC_FORM_I(x) the consumer form x, in builds with VM_ACC only. */
#define RD_M(i, F) (S(i)->F)
#define RD_A(i, F) ACC_##F
#define ACC_i32 ((uint32_t)acc)
#define ACC_f32 ((uint32_t)acc)
#define ACC_i64 (acc)
#define ACC_f64 (acc)
#define WR_M(v) (S(0)->i64 = (v))
#define WR_A(v) (acc_out = (v))
#if VM_ACC
#define ACC_FORMS(G, name, ...) G(name##_o, __VA_ARGS__, RD_M, WR_A) \
    G(name##_i, __VA_ARGS__, RD_A, WR_M) G(name##_io, __VA_ARGS__, RD_A, WR_A)
#define ACC_FORM_I(x) x
#else
#define ACC_FORMS(G, name, ...)
#define ACC_FORM_I(x)
#endif
#define BIN_G(label, F, T, expr, RD, WR) VM_CASE(label) { T x = RD(1, F), y = S(2)->F; \
    WR(W_##F(expr)); NEXT(3); }
#define BIN(name, F, T, expr) BIN_G(name, F, T, expr, RD_M, WR_M) ACC_FORMS(BIN_G, name, F, T, expr)
#define CMP_G(label, F, T, expr, RD, WR) VM_CASE(label) { T x = RD(1, F), y = S(2)->F; \
    WR((uint64_t)(expr)); NEXT(3); }
#define CMP(name, F, T, expr) CMP_G(name, F, T, expr, RD_M, WR_M) ACC_FORMS(CMP_G, name, F, T, expr)
#define UN_G(label, F, T, G, expr, RD, WR) VM_CASE(label) { T x = RD(1, F); WR(W_##G(expr)); NEXT(2); }
#define UN(name, F, T, G, expr) UN_G(name, F, T, G, expr, RD_M, WR_M) ACC_FORMS(UN_G, name, F, T, G, expr)
#define FBIN32(name, expr) VM_CASE(name) { float x = f32_of(S(1)->f32), \
    y = f32_of(S(2)->f32); S(0)->i64 = bits_f32(expr); NEXT(3); }
#define FBIN64_G(label, expr, RD, WR) VM_CASE(label) { double x = f64_of(RD(1, f64)), \
    y = f64_of(S(2)->f64); WR(bits_f64(expr)); NEXT(3); }
#define FBIN64(name, expr) FBIN64_G(name, expr, RD_M, WR_M) 
#define FCMP32_G(label, expr, RD, WR) VM_CASE(label) { float x = f32_of(RD(1, f32)), \
    y = f32_of(S(2)->f32); WR((uint64_t)(expr)); NEXT(3); }
#define FCMP32(name, expr) FCMP32_G(name, expr, RD_M, WR_M) ACC_FORMS(FCMP32_G, name, expr)
#define FCMP64_G(label, expr, RD, WR) VM_CASE(label) { double x = f64_of(RD(1, f64)), \
    y = f64_of(S(2)->f64); WR((uint64_t)(expr)); NEXT(3); }
#define FCMP64(name, expr) FCMP64_G(name, expr, RD_M, WR_M) ACC_FORMS(FCMP64_G, name, expr)
#define FUN32_G(label, expr, RD, WR) VM_CASE(label) { float x = f32_of(RD(1, f32)); \
    WR(bits_f32(expr)); NEXT(2); }
#define FUN32(name, expr) FUN32_G(name, expr, RD_M, WR_M) 
/* f32 arithmetic kept in an SSE register (numeric.h num_f32_*). */
#define FOP32_G(label, fn, RD, WR) VM_CASE(label) { WR(fn(RD(1, f32), S(2)->f32)); NEXT(3); }
#define FOP32(name, fn) FOP32_G(name, fn, RD_M, WR_M) 
#define FOP32_IMM_G(label, fn, RD, WR) VM_CASE(label) { \
    WR(fn(RD(1, f32), (uint32_t)IMM(2))); NEXT(3); }
#define FOP32_IMM(name, fn) FOP32_IMM_G(name##_imm, fn, RD_M, WR_M) \
    
#define FUN64_G(label, expr, RD, WR) VM_CASE(label) { double x = f64_of(RD(1, f64)); \
    WR(bits_f64(expr)); NEXT(2); }
#define FUN64(name, expr) FUN64_G(name, expr, RD_M, WR_M) 
/* Trapping float -> int: x is the source as a double (exact for f32). */
#define TRUNC(name, SRC, G, CT, inrange) VM_CASE(name) { double x = SRC; \
    if (x != x) TRAP(WF_TRAP_INVALID_CONVERSION); \
    if (!inrange(x)) TRAP(WF_TRAP_INT_OVERFLOW); \
    S(0)->i64 = W_##G((CT)x); NEXT(2); }
/* Another thread may have grown a shared memory since msize was cached:
 * look again before trapping (cold path). The size is read atomically
 * everywhere (a plain mov on x86-64) since other threads may write it. */
#define MEM_SIZE_NOW() __atomic_load_n(&mem->size, __ATOMIC_ACQUIRE)
#define OOB(ea, n) ((ea) + (n) > msize && (ea) + (n) > (msize = MEM_SIZE_NOW()))
#define CHECK(ea, n) if (OOB(ea, n)) TRAP(WF_TRAP_MEMORY_OOB);
/* Memory accesses (GUARDED_OPS) come in two builds of one handler. The
 * plain one leaves bounds to the guard pages: past its size a 32-bit
 * memory's reservation is PROT_NONE up to any i32 address plus any u32
 * offset, so an out-of-bounds access faults there and guard.c turns the
 * fault into this trap. chk_NAME compares with the size first; the op
 * table uses those when guard pages are off (interp_guarded). */
#if VM_THREADED && !WEFT_ALWAYS_CHECK
#define MEM_CASE(name, EA, CHECKS, BODY) \
    VM_CASE(name) { EA BODY } VM_CASE(chk_##name) { EA CHECKS BODY }
/* Two accesses, each checked before it is made: A CHK_A B CHK_B C. */
#define MEM_CASE2(name, A, CHK_A, B, CHK_B, C) \
    VM_CASE(name) { A B C } VM_CASE(chk_##name) { A CHK_A B CHK_B C }
#else
#define MEM_CASE(name, EA, CHECKS, BODY) VM_CASE(name) { EA CHECKS BODY }
#define MEM_CASE2(name, A, CHK_A, B, CHK_B, C) VM_CASE(name) { A CHK_A B CHK_B C }
#endif
static inline uint32_t pair_ld32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
/* The ops MEM_CASE builds twice. */
#if VM_ACC
#define GUARDED_ACC_OPS(X) ACC_MEM_OPS(X)
#else
#define GUARDED_ACC_OPS(X)
#endif
#define GUARDED_OPS(X) MEM_OPS(X) LOAD_ADD_OPS(X) STORE_ADD_OPS(X) STORE_IMM_OPS(X) MEMX_OPS(X) X(br_if_i32_load) X(br_unless_i32_load) \
    X(i32_load_add_imm) X(i32_load_store) X(i64_load_store) X(i32_load_field) X(i64_load_field) \
    X(i32_load_add_imm_br_table) GUARDED_ACC_OPS(X) PAIR_LD_OPS(X)
#define LOAD_ATW(label, CT, G, conv, EA, K, WR) MEM_CASE(label, uint64_t ea = (EA);, \
    CHECK(ea, sizeof(CT)), CT v; memcpy(&v, mbase + ea, sizeof v); \
    WR(W_##G(conv)); NEXT(K);)
#define LOAD_AT(label, CT, G, conv, EA, K) LOAD_ATW(label, CT, G, conv, EA, K, WR_M)
/* Each load also in its fused address-sum forms (code.h LOAD_ADD_OPS);
 * sfx: "" or a register-forwarding form (_o, _i, _io). */
#define LOAD_FORMS(name, sfx, CT, G, conv, RD, WR) \
    LOAD_ATW(name##sfx, CT, G, conv, (uint64_t)RD(1, i32) + IMM(2), 3, WR) \
    LOAD_ATW(name##_add##sfx, CT, G, conv, (uint64_t)(uint32_t)(RD(1, i32) + S(2)->i32) + IMM(3), 4, WR) \
    LOAD_ATW(name##_addi##sfx, CT, G, conv, (uint64_t)(uint32_t)(RD(1, i32) + (uint32_t)IMM(2)) + IMM(3), 4, WR) \
    LOAD_ATW(name##_idx##sfx, CT, G, conv, \
            (uint64_t)(uint32_t)(RD(1, i32) + (S(2)->i32 << (IMM(3) & 31))) + IMM(4), 5, WR)
#define LOAD(name, CT, G, conv) LOAD_FORMS(name, , CT, G, conv, RD_M, WR_M) \
    LOAD_AT(name##_abs, CT, G, conv, IMM(1), 2) \
    ACC_FORM_I(LOAD_FORMS(name, _o, CT, G, conv, RD_M, WR_A) \
               LOAD_FORMS(name, _i, CT, G, conv, RD_A, WR_M) \
               LOAD_FORMS(name, _io, CT, G, conv, RD_A, WR_A))
#define STORE_AT(label, CT, F, EA, V, K, RD) MEM_CASE(label, uint64_t ea = (EA);, \
    CHECK(ea, sizeof(CT)), CT v = (CT)RD(V, F); memcpy(mbase + ea, &v, sizeof v); NEXT(K);)
/* Each store also in its fused address-sum forms (code.h STORE_ADD_OPS). */
#define STORE_FORMS(name, sfx, CT, F, RD) \
    STORE_AT(name##sfx, CT, F, (uint64_t)S(0)->i32 + IMM(2), 1, 3, RD) \
    STORE_AT(name##_add##sfx, CT, F, (uint64_t)(uint32_t)(S(0)->i32 + S(1)->i32) + IMM(3), 2, 4, RD) \
    STORE_AT(name##_addi##sfx, CT, F, (uint64_t)(uint32_t)(S(0)->i32 + (uint32_t)IMM(1)) + IMM(3), 2, 4, RD)
#define STORE(name, CT, F) STORE_FORMS(name, , CT, F, RD_M) ACC_FORM_I(STORE_FORMS(name, _i, CT, F, RD_A)) \
    MEM_CASE(name##_imm, uint64_t ea = (uint64_t)S(0)->i32 + IMM(2);, CHECK(ea, sizeof(CT)), \
             CT v = (CT)IMM(1); memcpy(mbase + ea, &v, sizeof v); NEXT(3);)
/* Loads and stores on memory IMM(3) > 0 (code.h MEMX_OPS): its own base
 * and size, not the loop's cached ones; guard pages work as for memory 0
 * (interp_guard_fault knows every memory of the instance). */
#define MX_EA(A) wf_memory *mx = inst->memories[IMM(3)]; uint64_t ea = (uint64_t)S(A)->i32 + IMM(2);
#define MX_CHECK(ea, n) if ((ea) + (n) > __atomic_load_n(&mx->size, __ATOMIC_ACQUIRE)) \
    TRAP(WF_TRAP_MEMORY_OOB);
#define LOAD_MX(name, CT, G, conv) MEM_CASE(name##_mx, MX_EA(1), MX_CHECK(ea, sizeof(CT)), \
    CT v; memcpy(&v, mx->base + ea, sizeof v); S(0)->i64 = W_##G(conv); NEXT(4);)
#define STORE_MX(name, CT, F) MEM_CASE(name##_mx, MX_EA(0), MX_CHECK(ea, sizeof(CT)), \
    CT v = (CT)S(1)->F; memcpy(mx->base + ea, &v, sizeof v); NEXT(4);)
/* `*q = *p`: [daddr][saddr][soff][doff]; the load traps first (also
 * unchecked: the load is made, or faults, before the store). */
#define LOAD_STORE(name, CT) MEM_CASE(name, \
    uint64_t ea = (uint64_t)S(1)->i32 + IMM(2); uint64_t eb = (uint64_t)S(0)->i32 + IMM(3);, \
    CHECK(ea, sizeof(CT)) CHECK(eb, sizeof(CT)), \
    CT v; memcpy(&v, mbase + ea, sizeof v); memcpy(mbase + eb, &v, sizeof v); NEXT(4);)
/* Binary operator with a constant second operand: [dst][a][imm]. */
#define BIN_IMM_G(label, F, T, expr, RD, WR) VM_CASE(label) { T x = RD(1, F), y = (T)IMM(2); \
    WR(W_##F(expr)); NEXT(3); }
#define BIN_IMM(name, F, T, expr) BIN_IMM_G(name##_imm, F, T, expr, RD_M, WR_M) \
    ACC_FORMS(BIN_IMM_G, name##_imm, F, T, expr)
#define CMP_IMM_G(label, F, T, expr, RD, WR) VM_CASE(label) { T x = RD(1, F), y = (T)IMM(2); \
    WR((uint64_t)(expr)); NEXT(3); }
#define CMP_IMM(name, F, T, expr) CMP_IMM_G(name##_imm, F, T, expr, RD_M, WR_M) \
    ACC_FORMS(CMP_IMM_G, name##_imm, F, T, expr)
#define FBIN64_IMM_G(label, expr, RD, WR) VM_CASE(label) { double x = f64_of(RD(1, f64)), \
    y = f64_of(IMM(2)); WR(bits_f64(expr)); NEXT(3); }
#define FBIN64_IMM(name, expr) FBIN64_IMM_G(name##_imm, expr, RD_M, WR_M) \
    
#define FCMP32_IMM_G(label, expr, RD, WR) VM_CASE(label) { float x = f32_of(RD(1, f32)), \
    y = f32_of((uint32_t)IMM(2)); WR((uint64_t)(expr)); NEXT(3); }
#define FCMP32_IMM(name, expr) FCMP32_IMM_G(name##_imm, expr, RD_M, WR_M) \
    ACC_FORMS(FCMP32_IMM_G, name##_imm, expr)
#define FCMP64_IMM_G(label, expr, RD, WR) VM_CASE(label) { double x = f64_of(RD(1, f64)), \
    y = f64_of(IMM(2)); WR((uint64_t)(expr)); NEXT(3); }
#define FCMP64_IMM(name, expr) FCMP64_IMM_G(name##_imm, expr, RD_M, WR_M) \
    ACC_FORMS(FCMP64_IMM_G, name##_imm, expr)
#define BR_CMP_IMM_G(name, sfx, expr, RD) \
    VM_CASE(br_if_##name##_imm##sfx) { uint32_t x = RD(0, i32), y = (uint32_t)IMM(1); \
        if (expr) { JUMP(pc[3].target); } NEXT(3); } \
    VM_CASE(br_unless_##name##_imm##sfx) { uint32_t x = RD(0, i32), y = (uint32_t)IMM(1); \
        if (!(expr)) { JUMP(pc[3].target); } NEXT(3); }
#define BR_CMP_IMM(name, expr) BR_CMP_IMM_G(name, , expr, RD_M) \
    ACC_FORM_I(BR_CMP_IMM_G(name, _i, expr, RD_A))
/* Float compare-with-constant and branch: [a][imm][t]; br_unless
 * branches when the comparison is false, NaN operands included, as a
 * branch on the compare's 0 result would. */
#define BR_FCMP_IMM_G(name, sfx, T, get, expr, X0) \
    VM_CASE(br_if_##name##_imm##sfx) { T x = X0, y = get##_IMM(IMM(1)); \
        if (expr) { JUMP(pc[3].target); } NEXT(3); } \
    VM_CASE(br_unless_##name##_imm##sfx) { T x = X0, y = get##_IMM(IMM(1)); \
        if (!(expr)) { JUMP(pc[3].target); } NEXT(3); }
#define BR_FCMP_IMM(name, T, get, expr) BR_FCMP_IMM_G(name, , T, get, expr, get(S(0))) \
    ACC_FORM_I(BR_FCMP_IMM_G(name, _i, T, get, expr, get##_ACC))
#define F32_SLOT(s) f32_of((s)->f32)
#define F32_SLOT_ACC f32_of((uint32_t)acc)
#define F64_SLOT_ACC f64_of(acc)
#define F32_SLOT_IMM(k) f32_of((uint32_t)(k))
#define F64_SLOT(s) f64_of((s)->f64)
#define F64_SLOT_IMM(k) f64_of(k)
#define BR_FCMP_IMMS(P, T, get) \
    BR_FCMP_IMM(P##_eq, T, get, x == y) BR_FCMP_IMM(P##_ne, T, get, x != y) \
    BR_FCMP_IMM(P##_lt, T, get, x < y) BR_FCMP_IMM(P##_gt, T, get, x > y) \
    BR_FCMP_IMM(P##_le, T, get, x <= y) BR_FCMP_IMM(P##_ge, T, get, x >= y)
/* Compare-and-branch: [a][b][t] (eqz: [a][t]). */
#define BR_CMP_G(name, sfx, expr, RD) \
    VM_CASE(br_if_##name##sfx) { uint32_t x = RD(0, i32), y = S(1)->i32; (void)y; \
        if (expr) { JUMP(pc[3].target); } NEXT(3); } \
    VM_CASE(br_unless_##name##sfx) { uint32_t x = RD(0, i32), y = S(1)->i32; (void)y; \
        if (!(expr)) { JUMP(pc[3].target); } NEXT(3); }
#define BR_CMP(name, expr) BR_CMP_G(name, , expr, RD_M) ACC_FORM_I(BR_CMP_G(name, _i, expr, RD_A))

/* Producer→consumer pairs (pairs.h): the handlers of the table's rows.
 * PV_P(i): P's value from its operand words IMM(i)..; PEA_P/PCHK_P: a
 * load's address and bounds check (empty for ALU producers). CV_C(x, y):
 * C's result, or for a branch its condition. All i32: uint32_t wraps,
 * shift counts are taken mod 32 as the unfused handlers do. */
#define PV_i32_shl_imm(i) (S(i)->i32 << (IMM((i) + 1) & 31))
#define PV_i32_shr_u_and_imm(i) ((S(i)->i32 >> (IMM((i) + 1) & 31)) & (uint32_t)IMM((i) + 2))
#define PV_i32_add(i) (S(i)->i32 + S((i) + 1)->i32)
#define PV_i32_and_imm(i) (S(i)->i32 & (uint32_t)IMM((i) + 1))
#define PEA_i32_load(i) uint64_t ea = (uint64_t)S(i)->i32 + IMM((i) + 1);
#define PCHK_i32_load CHECK(ea, 4)
#define PV_i32_load(i) pair_ld32(mbase + ea)
#define PEA_i32_load8_u(i) PEA_i32_load(i)
#define PCHK_i32_load8_u CHECK(ea, 1)
#define PV_i32_load8_u(i) ((uint32_t)mbase[ea])
/* A fused pair as a producer: (load8_u & k). */
#define PEA_i32_load8_u__i32_and_imm_a_tmp(i) PEA_i32_load(i)
#define PCHK_i32_load8_u__i32_and_imm_a_tmp CHECK(ea, 1)
#define PV_i32_load8_u__i32_and_imm_a_tmp(i) (PV_i32_load8_u(i) & (uint32_t)IMM((i) + 2))
#define PV_i32_sub_imm(i) (S(i)->i32 - (uint32_t)IMM((i) + 1))
#define PV_i32_add_imm(i) (S(i)->i32 + (uint32_t)IMM((i) + 1))
#define PV_i64_ne_imm(i) ((uint32_t)(S(i)->i64 != IMM((i) + 1)))
#define PV_f32_le_imm(i) ((uint32_t)(f32_of(S(i)->f32) <= f32_of((uint32_t)IMM((i) + 1))))
#define CV_i32_add(x, y) ((x) + (y))
#define CV_i32_xor(x, y) ((x) ^ (y))
#define CV_i32_and_imm(x, y) ((x) & (y))
#define CV_br_if_i32_eq(x, y) ((x) == (y))
#define CV_br_unless_i32_eq(x, y) ((x) != (y))
#define CV_br_if_i32_ne_imm(x, y) ((x) != (y))
/* A load consumer (CK LD) of a load: ea is P's address, eb C's. */
#define CLD_i32_load(eb) pair_ld32(mbase + (eb))
#define CLDN_i32_load 4
#define CV_i32_add_imm(x, y) ((x) + (y))
#define CV_i32_sub_imm(x, y) ((x) - (y))
#define CV_br_if(x, y) ((x) != 0)
#define CV_br_unless(x, y) ((x) == 0)
#define CV_br_if_i32_eqz(x, y) ((x) == 0)
#define CV_br_unless_i32_eqz(x, y) ((x) != 0)
#define PSIDE_a(F, t, o) F(t, o)
#define PSIDE_b(F, t, o) F(o, t)
#define PSIDE_c(F, t, o) F(t, o)
/* An ALU producer's pair is one handler; a load's is a MEM_CASE pair. */
#define PCASE_ALU(name, EA, CHECKS, BODY) VM_CASE(name) { BODY }
#define PCASE_LD(name, EA, CHECKS, BODY) MEM_CASE(name, EA, CHECKS, BODY)
#define PEA_ALU(P, i)
#define PCHK_ALU(P)
#define PEA_LD(P, i) PEA_##P(i)
#define PCHK_LD(P) PCHK_##P
/* K keep: P's result is also written to its dst, the word after C's
 * operands (written first: C may read it as its other operand). */
#define KN_tmp 0
#define KN_keep 1
#define PKEEP_tmp(i)
#define PKEEP_keep(i) S(i)->i64 = t;
#define PAIR_BIN(name, P, PK, PN, C, side, K) PCASE_##PK(name, PEA_##PK(P, 1), PCHK_##PK(P), \
    uint32_t t = PV_##P(1); PKEEP_##K(2 + (PN)) uint32_t o = S(1 + (PN))->i32; \
    S(0)->i64 = (uint32_t)PSIDE_##side(CV_##C, t, o); NEXT(2 + (PN) + KN_##K);)
#define PAIR_BINI(name, P, PK, PN, C, side, K) PCASE_##PK(name, PEA_##PK(P, 1), PCHK_##PK(P), \
    uint32_t t = PV_##P(1); PKEEP_##K(2 + (PN)) uint32_t k = (uint32_t)IMM(1 + (PN)); \
    S(0)->i64 = (uint32_t)CV_##C(t, k); NEXT(2 + (PN) + KN_##K);)
#define PAIR_BR(name, P, PK, PN, C, side, K) PCASE_##PK(name, PEA_##PK(P, 0), PCHK_##PK(P), \
    uint32_t t = PV_##P(0); PKEEP_##K(PN) \
    if (CV_##C(t, 0)) { JUMP(pc[1 + (PN) + KN_##K].target); } NEXT(1 + (PN) + KN_##K);)
#define PAIR_BRCMP(name, P, PK, PN, C, side, K) PCASE_##PK(name, PEA_##PK(P, 0), PCHK_##PK(P), \
    uint32_t t = PV_##P(0); PKEEP_##K(1 + (PN)) uint32_t o = S(PN)->i32; (void)o; \
    if (PSIDE_##side(CV_##C, t, o)) { JUMP(pc[2 + (PN) + KN_##K].target); } \
    NEXT(2 + (PN) + KN_##K);)
#define PAIR_BRCMPI(name, P, PK, PN, C, side, K) PCASE_##PK(name, PEA_##PK(P, 0), PCHK_##PK(P), \
    uint32_t t = PV_##P(0); PKEEP_##K(1 + (PN)) uint32_t k = (uint32_t)IMM(PN); \
    if (CV_##C(t, k)) { JUMP(pc[2 + (PN) + KN_##K].target); } NEXT(2 + (PN) + KN_##K);)
#define PAIR_LD(name, P, PK, PN, C, side, K) MEM_CASE2(name, PEA_##P(1), PCHK_##P, \
    uint32_t t = PV_##P(1); PKEEP_##K(2 + (PN)) uint64_t eb = (uint64_t)t + IMM(1 + (PN));, \
    CHECK(eb, CLDN_##C), S(0)->i64 = (uint32_t)CLD_##C(eb); NEXT(2 + (PN) + KN_##K);)
#define PAIR_CASE(A, P, PK, PN, C, CK, side, K) \
    PAIR_##CK(P##__##C##_##side##_##K, P, PK, PN, C, side, K)

/* A function's fuel/interrupt check point (code.h, op `fuel`), with pc
 * just past its `fuel` op so that pc[-1] is its cost: one load and test
 * while neither fuel nor an interrupt is pending, else the shared slow
 * path (kept out of the handlers so that they stay small). */
#define CHECK_POINT() do { \
    if (__builtin_expect(__atomic_load_n(&inst->store->checks, __ATOMIC_RELAXED) != 0, 0)) \
        VM_GOTO_SHARED(check_slow); \
    } while (0)
/* A taken branch. A backward one is a loop's back-edge, the loop's
 * check point (code.h): the same test, but the slow path looks the
 * loop's cost up by its header, t. */
#define JUMP(t) do { const code_word *t_ = (t); \
    if (__builtin_expect(t_ <= pc, 1)) { pc = t_; \
        if (__builtin_expect(__atomic_load_n(&inst->store->checks, __ATOMIC_RELAXED) != 0, 0)) \
            VM_GOTO_SHARED(loop_slow); } \
    pc = t_; VM_DISPATCH(); } while (0)

/* The fuel cost of the loop whose header is at pc (code.h): a binary
 * search, made only when a back-edge finds fuel on or an interrupt. */
static uint64_t loop_cost(const struct interp_code *c, const code_word *pc) {
    uint32_t at = (uint32_t)(pc - c->words), lo = 0, hi = c->nloops;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (c->loops[mid].at < at) lo = mid + 1; else hi = mid;
    }
    return lo < c->nloops && c->loops[lo].at == at ? c->loops[lo].cost : 1;
}

#define F32S(a) ((double)f32_of(S(1)->f32))
#define F64S(a) (f64_of(S(1)->f64))

/* Branch values move down the stack (dst <= src), a few at a time:
 * a forward loop beats a memmove call. */
static inline void copy_slots(rt_slot *dst, const rt_slot *src, uint64_t n) {
#if VM_TAILCALL
    /* Mostly 0-2 slots: clang's vectorised and unrolled loop would cost
     * the branch handlers a stack frame and register shuffles. */
#pragma clang loop vectorize(disable) unroll(disable)
    for (uint64_t i = 0; i < n; i++) dst[i] = src[i];
#else
    for (uint64_t i = 0; i < n; i++) dst[i] = src[i];
#endif
}

static inline void zero_slots(rt_slot *p, uint32_t n) {
#if VM_TAILCALL
    /* clang would call memset (and so give the call handler a stack
     * frame): the empty asm keeps the loop a loop. */
    for (uint32_t i = 0; i < n; i++) { p[i].i64 = 0; __asm__ volatile(""); }
#else
    for (uint32_t i = 0; i < n; i++) p[i].i64 = 0;
#endif
}

/* A call_cK's argument source (code.h CALL_CONST): slot s of the frame,
 * or word s of the instruction at pc; a select of the base, then one
 * load. */
static inline rt_slot arg_src(const code_word *pc, const rt_slot *fp, uint64_t s) {
    const unsigned char *b = s & CALL_CONST ? (const unsigned char *)pc : (const unsigned char *)fp;
    rt_slot v;
    memcpy(&v, b + 8 * (size_t)(uint32_t)s, sizeof v);
    return v;
}

/* The return path (ret, ret1): back to the caller's frame, or out of
 * run() from the invocation's first frame. */
#define PATH_do_ret() \
        if (FR == st->fbase) return; \
        FR--; pc = FR->pc; fp = FR->fp; CUR = FR->func; \
        /* Same instance (the usual case): the cached memory is current. */ \
        if (CUR->inst != inst) { inst = CUR->inst; RELOAD_MEM(); } \
        VM_DISPATCH();
/* The call path (call, call_indirect): callee and its frame nfp set, pc
 * at the return address. */
#define PATH_do_call() \
        if (callee->code) { \
            struct interp_code *c = callee->code; \
            if (FR == st->frames_end || nfp + c->nslots > st->slots_end) \
                TRAP(WF_TRAP_STACK_EXHAUSTED); \
            FR->pc = pc; FR->fp = fp; FR->func = CUR; FR++; \
            fp = nfp; CUR = callee; \
            if (CUR->inst != inst) { inst = CUR->inst; RELOAD_MEM(); } \
            zero_slots(fp + c->nparams, c->nlocals); \
            /* Make the callee's entry check here and skip its `fuel` op. */ \
            pc = c->words + 2; \
            CHECK_POINT(); \
            VM_DISPATCH(); \
        } else { \
            HOST_CALL_DISPATCH(); \
        }

/* call_indirect's [table][typeidx][base][idx]: callee and nfp, or a trap.
 * The index is an i32 (IT uint32_t, F i32), or on a 64-bit table an i64. */
/* Out of line so that the indirect-call handlers keep no stack frame
 * for the message buffer. The reference interpreter names the element
 * (bulk.wast). */
static _Noreturn __attribute__((noinline, cold)) void trap_uninit(struct interp_stack *st,
                                                                 uint64_t i)
{
    char msg[48];
    snprintf(msg, sizeof msg, "uninitialized element %llu", (unsigned long long)i);
    raise_trap(st, wf_trap_new(WF_TRAP_UNINITIALIZED, msg), st->cur, st->fr, st->fbase);
}

#define INDIRECT_CALLEE(IT, F) \
        wf_table *t = inst->tables[IMM(0)]; \
        const wf_functype *ty = &inst->module->types[IMM(1)]; \
        nfp = S(2); \
        IT i = S(3)->F; \
        if (i >= t->size) TRAP(WF_TRAP_UNDEFINED_ELEMENT); \
        callee = t->elems[i]; \
        if (!callee) trap_uninit(st, i); \
        if (callee->type != ty && !rt_functype_eq(callee->type, ty)) \
            TRAP(WF_TRAP_INDIRECT_MISMATCH);
/* The tail-call path (return_call*, code.h): callee and its arguments
 * nfp set, pc at the op's nres word. A guest callee takes this frame
 * over (the arguments move down to fp: dst <= src) with the same call
 * record; a host callee is called as by `call`, then this frame returns
 * its results. */
#define PATH_do_tail_call() \
        if (callee->code) { \
            struct interp_code *c = callee->code; \
            if (fp + c->nslots > st->slots_end) TRAP(WF_TRAP_STACK_EXHAUSTED); \
            copy_slots(fp, nfp, c->nparams); \
            CUR = callee; \
            if (CUR->inst != inst) { inst = CUR->inst; RELOAD_MEM(); } \
            zero_slots(fp + c->nparams, c->nlocals); \
            pc = c->words + 2; \
            CHECK_POINT(); \
            VM_DISPATCH(); \
        } else { \
            CALL_HOST(st, callee, nfp, fp, inst); \
            RELOAD_MEM(); \
            copy_slots(fp, nfp, pc->u); \
            TAIL_RET(); \
        }
/* do_ret from inside another path (VM_GOTO_PATH cannot nest). */
#if VM_TAILCALL
#define TAIL_RET() PATH_do_ret()
#else
#define TAIL_RET() goto do_ret
#endif

/* A guest's call of a host function: nested guest calls start above the
 * caller's frame. Out of line in the tail-call build, so that the call
 * handlers' guest path needs no stack frame. */
#define CALL_HOST_BODY(st, callee, nfp, fp, inst) \
    st->top = fp + CUR->code->nslots; \
    st->ftop = FR; \
    running = NULL;   /* host code's faults are not guest traps */ \
    wf_trap *t = host_call(callee, nfp, inst); \
    running = st; \
    if (t) raise_trap(st, t, CUR, FR, st->fbase);
#if VM_TAILCALL
/* call's host path, a shared handler of its own so that the guest path
 * keeps no stack frame (push/pop) for a C call: callee and nfp travel
 * in msize and mbase, which the memory reload after the call resets. */
#define HOST_CALL_DISPATCH() do { msize = (uint64_t)(uintptr_t)callee; mbase = (uint8_t *)nfp; \
        VM_GOTO_SHARED(call_host); } while (0)
#else
#define HOST_CALL_DISPATCH() do { CALL_HOST(st, callee, nfp, fp, inst); RELOAD_MEM(); \
        VM_DISPATCH(); } while (0)
#endif
#if VM_TAILCALL
__attribute__((noinline, cold))
static void call_host(struct interp_stack *st, wf_func *callee, rt_slot *nfp, rt_slot *fp,
                      wf_instance *inst) {
    CALL_HOST_BODY(st, callee, nfp, fp, inst)
}
#define CALL_HOST call_host
#else
#define CALL_HOST(st, callee, nfp, fp, inst) do { CALL_HOST_BODY(st, callee, nfp, fp, inst) } while (0)
#endif

#if VM_TAILCALL
/* The state every handler receives in registers and passes on: pc and
 * fp, the current memory (mem: memory 0 but between mem_use and
 * mem_use0) with its base and cached size (mbase, msize), the current
 * instance and the stack (CUR and FR live in st, as in the goto build).
 * VM_PROLOGUE gives each handler the other locals run() has in the goto
 * build (unused ones cost nothing). */
/* acc: a register-forwarded value (code.h), live only from a NAME_o
 * handler to the NAME_i after it. It is the ninth argument: the eighth
 * (rcx, which shifts need) is passed an undefined value, so that no
 * handler has to keep it. */
#define VM_PARAMS const code_word *pc, rt_slot *fp, uint8_t *mbase, uint64_t msize, \
    wf_memory *mem, wf_instance *inst, struct interp_stack *st, uint64_t rcx_free, uint64_t acc
#define VM_ARGS pc, fp, mbase, msize, mem, inst, st, rcx_undef, acc_out
/* rcx_undef is never set: an undefined value costs no instruction
 * (__builtin_nondeterministic_value would be a zeroing xor). acc_out
 * likewise but in NAME_o handlers (WR_A): acc is dead everywhere else,
 * and passing it on unchanged would tie up its register. */
#define VM_PROLOGUE wf_func *callee __attribute__((unused)); rt_slot *nfp __attribute__((unused)); \
    uint64_t rcx_undef __attribute__((unused)), acc_out __attribute__((unused)); \
    (void)rcx_free; (void)acc;
#pragma clang diagnostic ignored "-Wuninitialized"
typedef VM_CC void (*vm_handler)(VM_PARAMS);
#define VM_DECL(name) static VM_HANDLER(h_##name);
#define VM_DECL_CHK(name) static VM_HANDLER(h_chk_##name);
ALL_OPS(VM_DECL)
#if !WEFT_ALWAYS_CHECK
GUARDED_OPS(VM_DECL_CHK)
#endif
/* The shared slow paths stay out of line (clang would inline them into
 * the tail calls, and with them their calls and stack frames). */
__attribute__((noinline, cold)) static VM_HANDLER(hs_check_slow);
__attribute__((noinline, cold)) static VM_HANDLER(hs_loop_slow);
__attribute__((noinline, cold)) static VM_HANDLER(hs_trap);
__attribute__((noinline, cold)) static VM_HANDLER(hs_simd_oob);
__attribute__((noinline, cold)) static VM_HANDLER(hs_call_host);
#undef VM_DECL
#undef VM_DECL_CHK
#endif

/* GCC would turn the few-slot zeroing loops into memset calls, and pack
 * the two stores of a return into one vector store (three more ops). */
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("no-tree-loop-distribute-patterns", "fp-contract=off", "no-tree-slp-vectorize")))
#endif
static void run(struct interp_stack *st, wf_func *entry, rt_slot *fp) {
#if VM_THREADED
    static const void *const labels[] = {
#define OP_LABEL(name) VM_ADDR(name),
#if VM_ACC
#define OP_ACC_LABEL(name) VM_ADDR(name),
#else
#define OP_ACC_LABEL(name) VM_ADDR(unreachable),   /* never emitted (code_forward) */
#endif
        BASE_OPS(OP_LABEL)
        ACC_OPS(OP_ACC_LABEL)
#undef OP_LABEL
#undef OP_ACC_LABEL
    };
#else
    static const void *const labels[] = {
#define OP_NUMBER(name) (const void *)(uintptr_t)OP_##name,
        ALL_OPS(OP_NUMBER)
#undef OP_NUMBER
    };
#endif
    if (!st) {
#if VM_THREADED && !WEFT_ALWAYS_CHECK
        if (!interp_guarded()) {
            static const void *checked[OP_COUNT];
            memcpy(checked, labels, sizeof checked);
#define OP_CHECKED(name) checked[OP_##name] = VM_ADDR(chk_##name);
            GUARDED_OPS(OP_CHECKED)
#undef OP_CHECKED
            op_table = checked;
            return;
        }
#endif
        op_table = labels;
        return;
    }

    /* The current function and call record live in st (CUR, FR), not in
     * locals: the guard-page handler reads them, and gcc keeps both in
     * memory anyway in this loop. */
    st->cur = entry; st->fr = st->fbase = st->ftop;
    wf_instance *inst = CUR->inst;
    /* Memory 0's base and size live in locals (registers); reloaded
     * whenever they may have changed: calls, returns, memory.grow. */
    wf_memory *mem;
    uint8_t *mbase;
    uint64_t msize;
#define RELOAD_MEM() do { mem = inst->mem0; mbase = mem ? mem->base : NULL; \
        msize = mem ? __atomic_load_n(&mem->size, __ATOMIC_RELAXED) : 0; } while (0)
    /* mem_use: another memory of the instance becomes the current one
     * until mem_use0 (code.h, multi-memory). */
#define USE_MEM(m) do { mem = (m); mbase = mem->base; \
        msize = __atomic_load_n(&mem->size, __ATOMIC_RELAXED); } while (0)
    RELOAD_MEM();
    const code_word *pc = CUR->code->words;
#if !VM_TAILCALL
    wf_func *callee;
    rt_slot *nfp;
#else
    uint64_t acc_out = 0, rcx_undef = 0;
#endif
    zero_slots(fp + CUR->code->nparams, CUR->code->nlocals);

    VM_LOOP_BEGIN

    /* ---- numeric ---- */
    UN(i32_eqz, i32, uint32_t, i32, x == 0)
    CMP(i32_eq, i32, uint32_t, x == y)
    CMP(i32_ne, i32, uint32_t, x != y)
    CMP(i32_lt_s, i32, uint32_t, (int32_t)x < (int32_t)y)
    CMP(i32_lt_u, i32, uint32_t, x < y)
    CMP(i32_gt_s, i32, uint32_t, (int32_t)x > (int32_t)y)
    CMP(i32_gt_u, i32, uint32_t, x > y)
    CMP(i32_le_s, i32, uint32_t, (int32_t)x <= (int32_t)y)
    CMP(i32_le_u, i32, uint32_t, x <= y)
    CMP(i32_ge_s, i32, uint32_t, (int32_t)x >= (int32_t)y)
    CMP(i32_ge_u, i32, uint32_t, x >= y)
    UN(i64_eqz, i64, uint64_t, i64, x == 0)
    CMP(i64_eq, i64, uint64_t, x == y)
    CMP(i64_ne, i64, uint64_t, x != y)
    CMP(i64_lt_s, i64, uint64_t, (int64_t)x < (int64_t)y)
    CMP(i64_lt_u, i64, uint64_t, x < y)
    CMP(i64_gt_s, i64, uint64_t, (int64_t)x > (int64_t)y)
    CMP(i64_gt_u, i64, uint64_t, x > y)
    CMP(i64_le_s, i64, uint64_t, (int64_t)x <= (int64_t)y)
    CMP(i64_le_u, i64, uint64_t, x <= y)
    CMP(i64_ge_s, i64, uint64_t, (int64_t)x >= (int64_t)y)
    CMP(i64_ge_u, i64, uint64_t, x >= y)
    FCMP32(f32_eq, x == y) FCMP32(f32_ne, x != y) FCMP32(f32_lt, x < y)
    FCMP32(f32_gt, x > y) FCMP32(f32_le, x <= y) FCMP32(f32_ge, x >= y)
    FCMP64(f64_eq, x == y) FCMP64(f64_ne, x != y) FCMP64(f64_lt, x < y)
    FCMP64(f64_gt, x > y) FCMP64(f64_le, x <= y) FCMP64(f64_ge, x >= y)

    UN(i32_clz, i32, uint32_t, i32, num_clz32(x))
    UN(i32_ctz, i32, uint32_t, i32, num_ctz32(x))
    UN(i32_popcnt, i32, uint32_t, i32, (uint32_t)__builtin_popcount(x))
    BIN(i32_add, i32, uint32_t, x + y)
    BIN(i32_sub, i32, uint32_t, x - y)
    BIN(i32_mul, i32, uint32_t, x * y)
    VM_CASE(i32_div_s) { int32_t x = (int32_t)S(1)->i32, y = (int32_t)S(2)->i32;
        if (y == 0) TRAP(WF_TRAP_DIV_ZERO);
        if (x == INT32_MIN && y == -1) TRAP(WF_TRAP_INT_OVERFLOW);
        S(0)->i64 = W_i32((uint32_t)(x / y)); NEXT(3); }
    VM_CASE(i32_div_u) { uint32_t x = S(1)->i32, y = S(2)->i32;
        if (y == 0) TRAP(WF_TRAP_DIV_ZERO);
        S(0)->i64 = W_i32(x / y); NEXT(3); }
    VM_CASE(i32_rem_s) { int32_t x = (int32_t)S(1)->i32, y = (int32_t)S(2)->i32;
        if (y == 0) TRAP(WF_TRAP_DIV_ZERO);
        S(0)->i64 = W_i32(y == -1 ? 0 : (uint32_t)(x % y)); NEXT(3); }
    VM_CASE(i32_rem_u) { uint32_t x = S(1)->i32, y = S(2)->i32;
        if (y == 0) TRAP(WF_TRAP_DIV_ZERO);
        S(0)->i64 = W_i32(x % y); NEXT(3); }
    BIN(i32_and, i32, uint32_t, x & y)
    BIN(i32_or, i32, uint32_t, x | y)
    BIN(i32_xor, i32, uint32_t, x ^ y)
    BIN(i32_shl, i32, uint32_t, x << (y & 31))
    BIN(i32_shr_s, i32, uint32_t, num_shrs32(x, y))
    BIN(i32_shr_u, i32, uint32_t, x >> (y & 31))
    BIN(i32_rotl, i32, uint32_t, num_rotl32(x, y))
    BIN(i32_rotr, i32, uint32_t, num_rotr32(x, y))

    UN(i64_clz, i64, uint64_t, i64, num_clz64(x))
    UN(i64_ctz, i64, uint64_t, i64, num_ctz64(x))
    UN(i64_popcnt, i64, uint64_t, i64, (uint64_t)__builtin_popcountll(x))
    BIN(i64_add, i64, uint64_t, x + y)
    BIN(i64_sub, i64, uint64_t, x - y)
    BIN(i64_mul, i64, uint64_t, x * y)
    VM_CASE(i64_div_s) { int64_t x = (int64_t)S(1)->i64, y = (int64_t)S(2)->i64;
        if (y == 0) TRAP(WF_TRAP_DIV_ZERO);
        if (x == INT64_MIN && y == -1) TRAP(WF_TRAP_INT_OVERFLOW);
        S(0)->i64 = (uint64_t)(x / y); NEXT(3); }
    VM_CASE(i64_div_u) { uint64_t x = S(1)->i64, y = S(2)->i64;
        if (y == 0) TRAP(WF_TRAP_DIV_ZERO);
        S(0)->i64 = x / y; NEXT(3); }
    VM_CASE(i64_rem_s) { int64_t x = (int64_t)S(1)->i64, y = (int64_t)S(2)->i64;
        if (y == 0) TRAP(WF_TRAP_DIV_ZERO);
        S(0)->i64 = y == -1 ? 0 : (uint64_t)(x % y); NEXT(3); }
    VM_CASE(i64_rem_u) { uint64_t x = S(1)->i64, y = S(2)->i64;
        if (y == 0) TRAP(WF_TRAP_DIV_ZERO);
        S(0)->i64 = x % y; NEXT(3); }
    BIN(i64_and, i64, uint64_t, x & y)
    BIN(i64_or, i64, uint64_t, x | y)
    BIN(i64_xor, i64, uint64_t, x ^ y)
    BIN(i64_shl, i64, uint64_t, x << (y & 63))
    BIN(i64_shr_s, i64, uint64_t, num_shrs64(x, y))
    BIN(i64_shr_u, i64, uint64_t, x >> (y & 63))
    BIN(i64_rotl, i64, uint64_t, num_rotl64(x, y))
    BIN(i64_rotr, i64, uint64_t, num_rotr64(x, y))

    UN(f32_abs, f32, uint32_t, f32, x & 0x7fffffffu)
    UN(f32_neg, f32, uint32_t, f32, x ^ 0x80000000u)
    FUN32(f32_ceil, NUM_ROUND(ceilf, x)) FUN32(f32_floor, NUM_ROUND(floorf, x)) FUN32(f32_trunc, NUM_ROUND(truncf, x))
    FUN32(f32_nearest, NUM_ROUND(nearbyintf, x))
    UN_G(f32_sqrt, f32, uint32_t, i64, num_f32_sqrt(x), RD_M, WR_M)
    FOP32(f32_add, num_f32_add) FOP32(f32_sub, num_f32_sub) FOP32(f32_mul, num_f32_mul)
    FOP32(f32_div, num_f32_div) FBIN32(f32_min, num_fminf(x, y)) FBIN32(f32_max, num_fmaxf(x, y))
    BIN(f32_copysign, f32, uint32_t, (x & 0x7fffffffu) | (y & 0x80000000u))
    UN(f64_abs, f64, uint64_t, f64, x & ~((uint64_t)1 << 63))
    UN(f64_neg, f64, uint64_t, f64, x ^ ((uint64_t)1 << 63))
    FUN64(f64_ceil, NUM_ROUND(ceil, x)) FUN64(f64_floor, NUM_ROUND(floor, x)) FUN64(f64_trunc, NUM_ROUND(trunc, x))
    FUN64(f64_nearest, NUM_ROUND(nearbyint, x)) FUN64(f64_sqrt, sqrt(x))
    FBIN64(f64_add, x + y) FBIN64(f64_sub, x - y) FBIN64(f64_mul, x * y)
    FBIN64(f64_div, x / y) FBIN64(f64_min, num_fmin(x, y)) FBIN64(f64_max, num_fmax(x, y))
    BIN(f64_copysign, f64, uint64_t, (x & ~((uint64_t)1 << 63)) | (y & ((uint64_t)1 << 63)))

    UN(i32_wrap_i64, i64, uint64_t, i32, (uint32_t)x)
    TRUNC(i32_trunc_f32_s, F32S(a), i32, int32_t, NUM_IN_S32)
    TRUNC(i32_trunc_f32_u, F32S(a), i32, uint32_t, NUM_IN_U32)
    TRUNC(i32_trunc_f64_s, F64S(a), i32, int32_t, NUM_IN_S32)
    TRUNC(i32_trunc_f64_u, F64S(a), i32, uint32_t, NUM_IN_U32)
    UN(i64_extend_i32_s, i32, uint32_t, i64, (uint64_t)(int64_t)(int32_t)x)
    UN(i64_extend_i32_u, i32, uint32_t, i64, (uint64_t)x)
    TRUNC(i64_trunc_f32_s, F32S(a), i64, int64_t, NUM_IN_S64)
    TRUNC(i64_trunc_f32_u, F32S(a), i64, uint64_t, NUM_IN_U64)
    TRUNC(i64_trunc_f64_s, F64S(a), i64, int64_t, NUM_IN_S64)
    TRUNC(i64_trunc_f64_u, F64S(a), i64, uint64_t, NUM_IN_U64)
    UN(f32_convert_i32_s, i32, uint32_t, i64, num_f32_of_s32(x))
    UN(f32_convert_i32_u, i32, uint32_t, i64, num_f32_of_u32(x))
    UN(f32_convert_i64_s, i64, uint64_t, i64, num_f32_of_s64(x))
    UN(f32_convert_i64_u, i64, uint64_t, f32, bits_f32((float)x))
    UN(f32_demote_f64, f64, uint64_t, f32, bits_f32((float)f64_of(x)))
    UN(f64_convert_i32_s, i32, uint32_t, i64, num_f64_of_s32(x))
    UN(f64_convert_i32_u, i32, uint32_t, i64, num_f64_of_u32(x))
    UN(f64_convert_i64_s, i64, uint64_t, i64, num_f64_of_s64(x))
    UN(f64_convert_i64_u, i64, uint64_t, f64, bits_f64((double)x))
    UN(f64_promote_f32, f32, uint32_t, f64, bits_f64((double)f32_of(x)))
    /* Slots hold raw bits, so reinterpretation is free: never emitted. */
    VM_CASE(i32_reinterpret_f32) VM_CASE(i64_reinterpret_f64)
    VM_CASE(f32_reinterpret_i32) VM_CASE(f64_reinterpret_i64) NEXT(2);
    UN(i32_extend8_s, i32, uint32_t, i32, (uint32_t)(int32_t)(int8_t)x)
    UN(i32_extend16_s, i32, uint32_t, i32, (uint32_t)(int32_t)(int16_t)x)
    UN(i64_extend8_s, i64, uint64_t, i64, (uint64_t)(int64_t)(int8_t)x)
    UN(i64_extend16_s, i64, uint64_t, i64, (uint64_t)(int64_t)(int16_t)x)
    UN(i64_extend32_s, i64, uint64_t, i64, (uint64_t)(int64_t)(int32_t)x)

    UN(i32_trunc_sat_f32_s, f32, uint32_t, i32, num_sat_s32((double)f32_of(x)))
    UN(i32_trunc_sat_f32_u, f32, uint32_t, i32, num_sat_u32((double)f32_of(x)))
    UN(i32_trunc_sat_f64_s, f64, uint64_t, i32, num_sat_s32(f64_of(x)))
    UN(i32_trunc_sat_f64_u, f64, uint64_t, i32, num_sat_u32(f64_of(x)))
    UN(i64_trunc_sat_f32_s, f32, uint32_t, i64, num_sat_s64((double)f32_of(x)))
    UN(i64_trunc_sat_f32_u, f32, uint32_t, i64, num_sat_u64((double)f32_of(x)))
    UN(i64_trunc_sat_f64_s, f64, uint64_t, i64, num_sat_s64(f64_of(x)))
    UN(i64_trunc_sat_f64_u, f64, uint64_t, i64, num_sat_u64(f64_of(x)))

    /* ---- memory ---- */
    LOAD(i32_load, uint32_t, i32, v)
    LOAD(i64_load, uint64_t, i64, v)
    LOAD(f32_load, uint32_t, f32, v)
    LOAD(f64_load, uint64_t, f64, v)
    LOAD(i32_load8_s, int8_t, i32, (uint32_t)(int32_t)v)
    LOAD(i32_load8_u, uint8_t, i32, v)
    LOAD(i32_load16_s, int16_t, i32, (uint32_t)(int32_t)v)
    LOAD(i32_load16_u, uint16_t, i32, v)
    LOAD(i64_load8_s, int8_t, i64, (uint64_t)(int64_t)v)
    LOAD(i64_load8_u, uint8_t, i64, v)
    LOAD(i64_load16_s, int16_t, i64, (uint64_t)(int64_t)v)
    LOAD(i64_load16_u, uint16_t, i64, v)
    LOAD(i64_load32_s, int32_t, i64, (uint64_t)(int64_t)v)
    LOAD(i64_load32_u, uint32_t, i64, v)
    STORE(i32_store, uint32_t, i32)
    STORE(i64_store, uint64_t, i64)
    STORE(f32_store, uint32_t, f32)
    STORE(f64_store, uint64_t, f64)
    STORE(i32_store8, uint8_t, i32)
    STORE(i32_store16, uint16_t, i32)
    STORE(i64_store8, uint8_t, i64)
    STORE(i64_store16, uint16_t, i64)
    STORE(i64_store32, uint32_t, i64)
    LOAD_MX(i32_load, uint32_t, i32, v) LOAD_MX(i64_load, uint64_t, i64, v)
    LOAD_MX(f32_load, uint32_t, f32, v) LOAD_MX(f64_load, uint64_t, f64, v)
    LOAD_MX(i32_load8_s, int8_t, i32, (uint32_t)(int32_t)v) LOAD_MX(i32_load8_u, uint8_t, i32, v)
    LOAD_MX(i32_load16_s, int16_t, i32, (uint32_t)(int32_t)v) LOAD_MX(i32_load16_u, uint16_t, i32, v)
    LOAD_MX(i64_load8_s, int8_t, i64, (uint64_t)(int64_t)v) LOAD_MX(i64_load8_u, uint8_t, i64, v)
    LOAD_MX(i64_load16_s, int16_t, i64, (uint64_t)(int64_t)v) LOAD_MX(i64_load16_u, uint16_t, i64, v)
    LOAD_MX(i64_load32_s, int32_t, i64, (uint64_t)(int64_t)v) LOAD_MX(i64_load32_u, uint32_t, i64, v)
    STORE_MX(i32_store, uint32_t, i32) STORE_MX(i64_store, uint64_t, i64)
    STORE_MX(f32_store, uint32_t, f32) STORE_MX(f64_store, uint64_t, f64)
    STORE_MX(i32_store8, uint8_t, i32) STORE_MX(i32_store16, uint16_t, i32)
    STORE_MX(i64_store8, uint8_t, i64) STORE_MX(i64_store16, uint16_t, i64)
    STORE_MX(i64_store32, uint32_t, i64)

    VM_CASE(memory_size) { S(0)->i64 = MEM_SIZE_NOW() / RT_PAGE_SIZE; NEXT(1); }
    VM_CASE(memory_grow) {
        int64_t r = rt_memory_grow(mem, S(1)->i32);
        RELOAD_MEM();
        S(0)->i64 = W_i32(r); NEXT(2); }
    VM_CASE(memory_fill) { rt_slot *a = S(0);
        uint64_t d = a[0].i32, n = a[2].i32;
        if (d + n > MEM_SIZE_NOW()) TRAP(WF_TRAP_MEMORY_OOB);
        memset(mem->base + d, (int)(a[1].i32 & 0xff), n); NEXT(1); }
    VM_CASE(memory_copy) { rt_slot *a = S(0);
        uint64_t d = a[0].i32, s = a[1].i32, n = a[2].i32;
        uint64_t size = MEM_SIZE_NOW();
        if (d + n > size || s + n > size) TRAP(WF_TRAP_MEMORY_OOB);
        memmove(mem->base + d, mem->base + s, n); NEXT(1); }
    VM_CASE(memory_init) { rt_slot *a = S(0);
        const bin_data *seg = &inst->module->datas[IMM(1)];
        uint64_t len = inst->data_dropped[IMM(1)] ? 0 : seg->len;
        uint64_t d = a[0].i32, s = a[1].i32, n = a[2].i32;
        if (d + n > MEM_SIZE_NOW() || s + n > len) TRAP(WF_TRAP_MEMORY_OOB);
        if (n) memcpy(mem->base + d, seg->bytes + s, n);
        NEXT(2); }
    VM_CASE(data_drop) { inst->data_dropped[IMM(0)] = true; NEXT(1); }
    VM_CASE(mem_use) { USE_MEM(inst->memories[IMM(0)]); NEXT(1); }
    VM_CASE(mem_use0) { RELOAD_MEM(); NEXT(0); }
    VM_CASE(memory_copy_mm) { rt_slot *a = S(0);
        wf_memory *md = inst->memories[IMM(1)], *ms = inst->memories[IMM(2)];
        uint64_t d = a[0].i32, s = a[1].i32, n = a[2].i32;
        if (d + n > __atomic_load_n(&md->size, __ATOMIC_ACQUIRE) ||
            s + n > __atomic_load_n(&ms->size, __ATOMIC_ACQUIRE))
            TRAP(WF_TRAP_MEMORY_OOB);
        memmove(md->base + d, ms->base + s, n); NEXT(3); }
    VM_CASE(fuel) { pc += 2; CHECK_POINT(); VM_DISPATCH(); }
#if VM_TAILCALL
    VM_SHARED(trap) { wf_trapcode code = (wf_trapcode)msize;
        raise_trap(st, wf_trap_new(code, rt_trap_text(code)), CUR, FR, st->fbase); }
    VM_SHARED(call_host) {
        call_host(st, (wf_func *)(uintptr_t)msize, (rt_slot *)mbase, fp, inst);
        RELOAD_MEM();
        VM_DISPATCH(); }
#endif
    VM_SHARED(check_slow) {
        wf_trapcode code;
        if (!rt_fuel_charge(inst->store, pc[-1].u, &code)) TRAP(code);
        VM_DISPATCH(); }
    VM_SHARED(loop_slow) {
        wf_trapcode code;
        if (!rt_fuel_charge(inst->store, loop_cost(CUR->code, pc), &code)) TRAP(code);
        VM_DISPATCH(); }

    /* ---- control ---- */
    BR_CMP(i32_eqz, x == 0) BR_CMP(i32_eq, x == y) BR_CMP(i32_ne, x != y)
    BR_CMP(i32_lt_s, (int32_t)x < (int32_t)y) BR_CMP(i32_lt_u, x < y)
    BR_CMP(i32_gt_s, (int32_t)x > (int32_t)y) BR_CMP(i32_gt_u, x > y)
    BR_CMP(i32_le_s, (int32_t)x <= (int32_t)y) BR_CMP(i32_le_u, x <= y)
    BR_CMP(i32_ge_s, (int32_t)x >= (int32_t)y) BR_CMP(i32_ge_u, x >= y)
    CMP_IMM(i32_eq, i32, uint32_t, x == y) CMP_IMM(i32_ne, i32, uint32_t, x != y)
    CMP_IMM(i32_lt_s, i32, uint32_t, (int32_t)x < (int32_t)y)
    CMP_IMM(i32_lt_u, i32, uint32_t, x < y)
    CMP_IMM(i32_gt_s, i32, uint32_t, (int32_t)x > (int32_t)y)
    CMP_IMM(i32_gt_u, i32, uint32_t, x > y)
    CMP_IMM(i32_le_s, i32, uint32_t, (int32_t)x <= (int32_t)y)
    CMP_IMM(i32_le_u, i32, uint32_t, x <= y)
    CMP_IMM(i32_ge_s, i32, uint32_t, (int32_t)x >= (int32_t)y)
    CMP_IMM(i32_ge_u, i32, uint32_t, x >= y)
    BIN_IMM(i32_add, i32, uint32_t, x + y) BIN_IMM(i32_sub, i32, uint32_t, x - y)
    BIN_IMM(i32_mul, i32, uint32_t, x * y) BIN_IMM(i32_and, i32, uint32_t, x & y)
    BIN_IMM(i32_or, i32, uint32_t, x | y) BIN_IMM(i32_xor, i32, uint32_t, x ^ y)
    BIN_IMM(i32_shl, i32, uint32_t, x << (y & 31))
    BIN_IMM(i32_shr_s, i32, uint32_t, num_shrs32(x, y))
    BIN_IMM(i32_shr_u, i32, uint32_t, x >> (y & 31))
    BIN_IMM(i32_rotl, i32, uint32_t, num_rotl32(x, y))
    BIN_IMM(i32_rotr, i32, uint32_t, num_rotr32(x, y))
    CMP_IMM(i64_eq, i64, uint64_t, x == y) CMP_IMM(i64_ne, i64, uint64_t, x != y)
    BIN_IMM(i64_add, i64, uint64_t, x + y) BIN_IMM(i64_sub, i64, uint64_t, x - y)
    BIN_IMM(i64_mul, i64, uint64_t, x * y) BIN_IMM(i64_and, i64, uint64_t, x & y)
    BIN_IMM(i64_or, i64, uint64_t, x | y) BIN_IMM(i64_xor, i64, uint64_t, x ^ y)
    BIN_IMM(i64_shl, i64, uint64_t, x << (y & 63))
    BIN_IMM(i64_shr_s, i64, uint64_t, num_shrs64(x, y))
    BIN_IMM(i64_shr_u, i64, uint64_t, x >> (y & 63))
    BIN_IMM(i64_rotl, i64, uint64_t, num_rotl64(x, y))
    BIN_IMM(i64_rotr, i64, uint64_t, num_rotr64(x, y))
    FOP32_IMM(f32_add, num_f32_add) FOP32_IMM(f32_sub, num_f32_sub)
    FOP32_IMM(f32_mul, num_f32_mul) FOP32_IMM(f32_div, num_f32_div)
    FBIN64_IMM(f64_add, x + y) FBIN64_IMM(f64_sub, x - y)
    FBIN64_IMM(f64_mul, x * y) FBIN64_IMM(f64_div, x / y)
    BIN_IMM_G(i32_rsub_imm, i32, uint32_t, y - x, RD_M, WR_M)
    VM_CASE(f32_rsub_imm) { S(0)->i64 = num_f32_sub((uint32_t)IMM(2), S(1)->f32); NEXT(3); }
    VM_CASE(f32_rdiv_imm) { S(0)->i64 = num_f32_div((uint32_t)IMM(2), S(1)->f32); NEXT(3); }
    FBIN64_IMM(f64_rsub, y - x) FBIN64_IMM(f64_rdiv, y / x)
    FCMP32_IMM(f32_eq, x == y) FCMP32_IMM(f32_ne, x != y) FCMP32_IMM(f32_lt, x < y)
    FCMP32_IMM(f32_gt, x > y) FCMP32_IMM(f32_le, x <= y) FCMP32_IMM(f32_ge, x >= y)
    FCMP64_IMM(f64_eq, x == y) FCMP64_IMM(f64_ne, x != y) FCMP64_IMM(f64_lt, x < y)
    FCMP64_IMM(f64_gt, x > y) FCMP64_IMM(f64_le, x <= y) FCMP64_IMM(f64_ge, x >= y)
    BR_CMP_IMM(i32_eq, x == y) BR_CMP_IMM(i32_ne, x != y)
    BR_CMP_IMM(i32_lt_s, (int32_t)x < (int32_t)y) BR_CMP_IMM(i32_lt_u, x < y)
    BR_CMP_IMM(i32_gt_s, (int32_t)x > (int32_t)y) BR_CMP_IMM(i32_gt_u, x > y)
    BR_CMP_IMM(i32_le_s, (int32_t)x <= (int32_t)y) BR_CMP_IMM(i32_le_u, x <= y)
    BR_CMP_IMM(i32_ge_s, (int32_t)x >= (int32_t)y) BR_CMP_IMM(i32_ge_u, x >= y)
    BR_FCMP_IMMS(f32, float, F32_SLOT)
    BR_FCMP_IMMS(f64, double, F64_SLOT)
    VM_CASE(unreachable) { TRAP(WF_TRAP_UNREACHABLE); }
    VM_CASE(jmp) { JUMP(pc[1].target); }
    VM_CASE(jmp_copy) { copy_slots(S(2), S(1), IMM(3)); JUMP(pc[1].target); }
    VM_CASE(br_if) { if (S(0)->i32) { JUMP(pc[2].target); } NEXT(2); }
    VM_CASE(br_unless) { if (!S(0)->i32) { JUMP(pc[2].target); } NEXT(2); }
#if VM_ACC
    VM_CASE(br_if_i) { if ((uint32_t)acc) { JUMP(pc[2].target); } NEXT(2); }
    VM_CASE(br_unless_i) { if (!(uint32_t)acc) { JUMP(pc[2].target); } NEXT(2); }
    /* br_table without values (code_forward checks n == 0). */
    VM_CASE(br_table_i) {
        uint64_t i = (uint32_t)acc, count = IMM(3);
        if (i > count) i = count;
        JUMP(pc[5 + 2 * i].target); }
    VM_CASE(br_table_and_i) {
        uint64_t i = (uint32_t)acc & (uint32_t)IMM(4), count = IMM(3);
        if (i > count) i = count;
        JUMP(pc[6 + 2 * i].target); }
#endif
    VM_CASE(br_if_copy) {
        if (S(0)->i32) { copy_slots(S(3), S(2), IMM(4)); JUMP(pc[2].target); }
        NEXT(5); }
    VM_CASE(br_table) {
        uint64_t i = S(0)->i32, count = IMM(3);
        if (i > count) i = count;
        const code_word *e = pc + 5 + 2 * i;
        copy_slots(&fp[e[1].u], S(1), IMM(2));
        JUMP(e[0].target); }
    VM_CASE(br_table_and) {
        uint64_t i = S(0)->i32 & (uint32_t)IMM(4), count = IMM(3);
        if (i > count) i = count;
        const code_word *e = pc + 6 + 2 * i;
        copy_slots(&fp[e[1].u], S(1), IMM(2));
        JUMP(e[0].target); }
    /* ret1: the usual single result, without copy_slots' loop. */
    VM_CASE(ret1) { *fp = *S(0); VM_GOTO_PATH(do_ret); }
    VM_CASE(ret) {
        copy_slots(fp, S(0), IMM(1));
        VM_PATH(do_ret); }
    VM_CASE(call) {
        callee = inst->funcs[IMM(0)];
        nfp = S(1);
        pc += 3;
        VM_GOTO_PATH(do_call); }
    VM_CASE(call_indirect) {
        INDIRECT_CALLEE(uint32_t, i32);
        pc += 5;
        VM_GOTO_PATH(do_call); }
    VM_CASE(call_indirect64) {
        INDIRECT_CALLEE(uint64_t, i64);
        pc += 5;
        VM_GOTO_PATH(do_call); }
    /* Calls that move their arguments into place (code.h CALL_MOVE_OPS):
     * all sources are read before any argument slot is written. */
#define MOVE_ARGS_1(a) rt_slot m0 = *S(a); nfp[0] = m0;
#define MOVE_ARGS_2(a) rt_slot m0 = *S(a), m1 = *S(a + 1); nfp[0] = m0; nfp[1] = m1;
#define MOVE_ARGS_3(a) rt_slot m0 = *S(a), m1 = *S(a + 1), m2 = *S(a + 2); \
        nfp[0] = m0; nfp[1] = m1; nfp[2] = m2;
#define MOVE_ARGS_4(a) rt_slot m0 = *S(a), m1 = *S(a + 1), m2 = *S(a + 2), m3 = *S(a + 3); \
        nfp[0] = m0; nfp[1] = m1; nfp[2] = m2; nfp[3] = m3;
#define CALL_MOVE(k) \
    VM_CASE(call_##k) { \
        callee = inst->funcs[IMM(0)]; \
        nfp = S(1); \
        { MOVE_ARGS_##k(2) } \
        pc += 3 + k; \
        VM_GOTO_PATH(do_call); } \
    VM_CASE(call_indirect_##k) { \
        INDIRECT_CALLEE(uint32_t, i32); \
        { MOVE_ARGS_##k(4) } \
        pc += 5 + k; \
        VM_GOTO_PATH(do_call); }
    CALL_MOVE(1) CALL_MOVE(2) CALL_MOVE(3) CALL_MOVE(4)
    /* With constants among the sources (code.h CALL_CONST): the source
     * word picks the frame or the instruction's own words, no branch. */
#define ARG_AT(i) arg_src(pc, fp, IMM(i))
#define CMOVE_ARGS_1(a) rt_slot m0 = ARG_AT(a); nfp[0] = m0;
#define CMOVE_ARGS_2(a) rt_slot m0 = ARG_AT(a), m1 = ARG_AT(a + 1); nfp[0] = m0; nfp[1] = m1;
#define CMOVE_ARGS_3(a) rt_slot m0 = ARG_AT(a), m1 = ARG_AT(a + 1), m2 = ARG_AT(a + 2); \
        nfp[0] = m0; nfp[1] = m1; nfp[2] = m2;
#define CMOVE_ARGS_4(a) rt_slot m0 = ARG_AT(a), m1 = ARG_AT(a + 1), m2 = ARG_AT(a + 2), \
        m3 = ARG_AT(a + 3); nfp[0] = m0; nfp[1] = m1; nfp[2] = m2; nfp[3] = m3;
#define CALL_CONST_MOVE(k) \
    VM_CASE(call_c##k) { \
        callee = inst->funcs[IMM(0)]; \
        nfp = S(1); \
        { CMOVE_ARGS_##k(2) } \
        pc += 3 + 2 * k; \
        VM_GOTO_PATH(do_call); } \
    VM_CASE(call_indirect_c##k) { \
        INDIRECT_CALLEE(uint32_t, i32); \
        { CMOVE_ARGS_##k(4) } \
        pc += 5 + 2 * k; \
        VM_GOTO_PATH(do_call); }
    CALL_CONST_MOVE(1) CALL_CONST_MOVE(2) CALL_CONST_MOVE(3) CALL_CONST_MOVE(4)
    VM_PATH_DEF(do_call);
    /* Tail calls (code.h): pc left at the nres word. */
    VM_CASE(return_call) {
        callee = inst->funcs[IMM(0)];
        nfp = S(1);
        pc += 3;
        VM_GOTO_PATH(do_tail_call); }
    VM_CASE(return_call_indirect) {
        INDIRECT_CALLEE(uint32_t, i32);
        pc += 5;
        VM_GOTO_PATH(do_tail_call); }
    VM_CASE(return_call_indirect64) {
        INDIRECT_CALLEE(uint64_t, i64);
        pc += 5;
        VM_GOTO_PATH(do_tail_call); }
    VM_PATH_DEF(do_tail_call);
#define SELECT_G(label, unused_, RD, WR) VM_CASE(label) { \
        rt_slot v = RD(3, i32) ? *S(1) : *S(2); WR(v.i64); NEXT(4); }
    SELECT_G(select, _, RD_M, WR_M) ACC_FORMS(SELECT_G, select, _)
    VM_CASE(select_ka) { S(0)->i64 = S(3)->i32 ? IMM(1) : S(2)->i64; NEXT(4); }
    VM_CASE(select_kb) { S(0)->i64 = S(3)->i32 ? S(1)->i64 : IMM(2); NEXT(4); }
    VM_CASE(copy) { *S(0) = *S(1); NEXT(2); }
#define ADD3_G(label, unused_, RD, WR) VM_CASE(label) { \
        uint32_t x = RD(1, i32) + S(2)->i32 + S(3)->i32; WR(x); NEXT(4); }
    ADD3_G(i32_add3, _, RD_M, WR_M) ACC_FORMS(ADD3_G, i32_add3, _)
#define ROTL_XOR_G(label, unused_, RD, WR) VM_CASE(label) { \
        uint32_t x = num_rotl32(RD(1, i32), (uint32_t)IMM(2)) ^ S(3)->i32; WR(x); NEXT(4); }
    ROTL_XOR_G(i32_rotl_xor, _, RD_M, WR_M)
    /* Two roundings, as wasm requires: separate statements (clang
     * contracts only within one) and fp-contract=off on run() for gcc. */
#define F32_MUL_ADD_G(label, unused_, RD, WR) VM_CASE(label) { \
        WR(num_f32_mul_add(RD(1, f32), S(2)->f32, S(3)->f32)); NEXT(4); }
    F32_MUL_ADD_G(f32_mul_add, _, RD_M, WR_M) 
#define F64_MUL_ADD_G(label, unused_, RD, WR) VM_CASE(label) { \
        double m = f64_of(RD(1, f64)) * f64_of(S(2)->f64); \
        WR(bits_f64(m + f64_of(S(3)->f64))); NEXT(4); }
    F64_MUL_ADD_G(f64_mul_add, _, RD_M, WR_M) 
#define SHR_AND_G(label, unused_, RD, WR) VM_CASE(label) { \
        uint32_t x = (RD(1, i32) >> (IMM(2) & 31)) & (uint32_t)IMM(3); WR(x); NEXT(4); }
    SHR_AND_G(i32_shr_u_and_imm, _, RD_M, WR_M) ACC_FORMS(SHR_AND_G, i32_shr_u_and_imm, _)
    MEM_CASE(br_if_i32_load, uint64_t ea = (uint64_t)S(1)->i32 + IMM(2);, CHECK(ea, 4),
        uint32_t x; memcpy(&x, mbase + ea, 4); S(0)->i64 = x;
        if (x) { JUMP(pc[4].target); } NEXT(4);)
    MEM_CASE(br_unless_i32_load, uint64_t ea = (uint64_t)S(1)->i32 + IMM(2);, CHECK(ea, 4),
        uint32_t x; memcpy(&x, mbase + ea, 4); S(0)->i64 = x;
        if (!x) { JUMP(pc[4].target); } NEXT(4);)
    MEM_CASE(i32_load_add_imm, uint64_t ea = (uint64_t)S(4)->i32 + IMM(5);, CHECK(ea, 4),
        uint32_t x; memcpy(&x, mbase + ea, 4); S(3)->i64 = x;
        x = S(1)->i32 + (uint32_t)IMM(2); S(0)->i64 = x; NEXT(6);)
    /* The same, then straight into the br_table_and that follows it (a
     * VM's fetch and dispatch: one indirect jump fewer). */
    /* The index is mostly the fetched word itself: taken from the
     * register, not reloaded from the slot just written. */
    MEM_CASE(i32_load_add_imm_br_table, uint64_t ea = (uint64_t)S(4)->i32 + IMM(5);, CHECK(ea, 4),
        uint32_t x; memcpy(&x, mbase + ea, 4); uint64_t ls = IMM(3); fp[ls].i64 = x;
        uint32_t y = S(1)->i32 + (uint32_t)IMM(2); uint64_t ds = IMM(0); fp[ds].i64 = y;
        pc += 7;
        uint64_t a = IMM(0);
        uint64_t i = (a == ds ? y : a == ls ? x : fp[a].i32) & (uint32_t)IMM(4);
        uint64_t count = IMM(3);
        if (i > count) i = count;
        const code_word *e = pc + 6 + 2 * i;
        copy_slots(&fp[e[1].u], S(1), IMM(2));
        JUMP(e[0].target);)
#define FIELD_EA(RD) (uint64_t)(uint32_t)(RD(1, i32) + ((S(2)->i32 >> (IMM(3) & 31)) & (uint32_t)IMM(4))) + IMM(5)
#define FIELD_G(label, CT, G, RD, WR) LOAD_ATW(label, CT, G, v, FIELD_EA(RD), 6, WR)
    FIELD_G(i32_load_field, uint32_t, i32, RD_M, WR_M) ACC_FORMS(FIELD_G, i32_load_field, uint32_t, i32)
    FIELD_G(i64_load_field, uint64_t, i64, RD_M, WR_M) ACC_FORMS(FIELD_G, i64_load_field, uint64_t, i64)
    LOAD_STORE(i32_load_store, uint32_t)
    LOAD_STORE(i64_load_store, uint64_t)
    PAIR_TABLE(PAIR_CASE, _)
    VM_CASE(copy2) { *S(0) = *S(1); *S(2) = *S(3); NEXT(4); }
    VM_CASE(copy_jmp) { *S(0) = *S(1); JUMP(pc[3].target); }
    VM_CASE(const_jmp) { S(0)->i64 = IMM(1); JUMP(pc[3].target); }
    VM_CASE(copy3) { *S(0) = *S(1); *S(2) = *S(3); *S(4) = *S(5); NEXT(6); }
    VM_CASE(copy4) { *S(0) = *S(1); *S(2) = *S(3); *S(4) = *S(5); *S(6) = *S(7); NEXT(8); }
    /* A counted loop's `i++; if (i != n) continue`: b is read after dst
     * is written, as the compare would. */
    VM_CASE(i32_add_imm_br_if_ne) { uint32_t x = S(1)->i32 + (uint32_t)IMM(2); S(0)->i64 = x;
        if (x != S(3)->i32) { JUMP(pc[5].target); } NEXT(5); }
    VM_CASE(i32_add_imm_br_if_ne_imm) { uint32_t x = S(1)->i32 + (uint32_t)IMM(2); S(0)->i64 = x;
        if (x != (uint32_t)IMM(3)) { JUMP(pc[5].target); } NEXT(5); }
    VM_CASE(copy_br_if) { *S(0) = *S(1); if (S(2)->i32) { JUMP(pc[4].target); } NEXT(4); }
    VM_CASE(copy_br_unless) { *S(0) = *S(1); if (!S(2)->i32) { JUMP(pc[4].target); } NEXT(4); }
    VM_CASE(const64) { S(0)->i64 = IMM(1); NEXT(2); }
    VM_CASE(global_get) { *S(0) = inst->globals[IMM(1)]->value[0]; NEXT(2); }
    VM_CASE(global_set) { inst->globals[IMM(1)]->value[0] = *S(0); NEXT(2); }
#if VM_ACC
    VM_CASE(global_set_i) { inst->globals[IMM(1)]->value[0].i64 = acc; NEXT(2); }
#endif
    /* The shadow-stack pointer's moves (instr.c fuse_global_set). */
    VM_CASE(global_get_add_set) { rt_slot *g = inst->globals[IMM(1)]->value;
        uint32_t x = g->i32 + (uint32_t)IMM(2); g->i64 = x; S(0)->i64 = x; NEXT(3); }
    VM_CASE(global_set_add) { uint32_t x = S(0)->i32 + (uint32_t)IMM(1);
        inst->globals[IMM(2)]->value[0].i64 = x; NEXT(3); }

    /* ---- references and tables ---- */
    VM_CASE(ref_is_null) { uint32_t r = S(1)->ref == NULL; S(0)->i64 = r; NEXT(2); }
    VM_CASE(ref_func) { S(0)->ref = inst->funcs[IMM(1)]; NEXT(2); }
    VM_CASE(ref_as_non_null) { if (!S(0)->ref) TRAP(WF_TRAP_NULL_REFERENCE); NEXT(1); }
    VM_CASE(br_on_null) {
        if (!S(0)->ref) { copy_slots(S(3), S(2), IMM(4)); JUMP(pc[2].target); }
        NEXT(5); }
    VM_CASE(br_on_non_null) {
        if (S(0)->ref) { copy_slots(S(3), S(2), IMM(4)); JUMP(pc[2].target); }
        NEXT(5); }
    VM_CASE(table_get) { wf_table *t = inst->tables[IMM(2)]; uint32_t i = S(1)->i32;
        if (i >= t->size) TRAP(WF_TRAP_TABLE_OOB);
        S(0)->ref = t->elems[i]; NEXT(3); }
    VM_CASE(table_set) { wf_table *t = inst->tables[IMM(2)]; uint32_t i = S(0)->i32;
        if (i >= t->size) TRAP(WF_TRAP_TABLE_OOB);
        t->elems[i] = S(1)->ref; NEXT(3); }
    VM_CASE(table_size) { S(0)->i64 = inst->tables[IMM(1)]->size; NEXT(2); }
    VM_CASE(table_grow) {
        int64_t r = rt_table_grow(inst->tables[IMM(3)], S(2)->i32, S(1)->ref);
        S(0)->i64 = W_i32(r); NEXT(4); }
    VM_CASE(table_fill) { rt_slot *a = S(0); wf_table *t = inst->tables[IMM(1)];
        uint64_t d = a[0].i32, n = a[2].i32;
        if (d + n > t->size) TRAP(WF_TRAP_TABLE_OOB);
        for (uint64_t i = 0; i < n; i++) t->elems[d + i] = a[1].ref;
        NEXT(2); }
    VM_CASE(table_copy) { rt_slot *a = S(0);
        wf_table *td = inst->tables[IMM(1)], *ts = inst->tables[IMM(2)];
        uint64_t d = a[0].i32, s = a[1].i32, n = a[2].i32;
        if (d + n > td->size || s + n > ts->size) TRAP(WF_TRAP_TABLE_OOB);
        memmove(td->elems + d, ts->elems + s, n * sizeof(void *));
        NEXT(3); }
    VM_CASE(table_init) { rt_slot *a = S(0); wf_table *t = inst->tables[IMM(1)];
        const bin_elem *seg = &inst->module->elems[IMM(2)];
        uint64_t len = inst->elem_dropped[IMM(2)] ? 0 : seg->count;
        void **refs = inst->elem_refs[IMM(2)];
        uint64_t d = a[0].i32, s = a[1].i32, n = a[2].i32;
        if (d + n > t->size || s + n > len) TRAP(WF_TRAP_TABLE_OOB);
        for (uint64_t i = 0; i < n; i++) t->elems[d + i] = refs[s + i];
        NEXT(3); }
    VM_CASE(elem_drop) { inst->elem_dropped[IMM(0)] = true; NEXT(1); }

    /* ---- exceptions: unwinding is unwind()'s, off the handlers' path ---- */
#define THROW(e) do { pc = unwind(st, (e), pc, fp); fp = st->catch_fp; \
        if (CUR->inst != inst) { inst = CUR->inst; } RELOAD_MEM(); VM_DISPATCH(); } while (0)
    VM_CASE(throw) { THROW(new_exn(st, inst, IMM(0), S(1))); }
    VM_CASE(throw_ref) { rt_exn *e = S(0)->ref;
        if (!e) TRAP(WF_TRAP_NULL_REFERENCE);
        THROW(e); }

#include "atomic_exec.inc"   /* threads proposal (atomic_ops.h) */
#include "mem64_exec.inc"    /* memory64 and table64 (code.h MEM64_OPS) */
#include "simd_exec.inc"     /* 128-bit SIMD (simd_ops.h) */

    VM_LOOP_END
}

/* ---- entry from the host --------------------------------------------- */

wf_trap *interp_invoke(wf_func *func, const wf_val *args, wf_val *results) {
    const wf_functype *ty = func->type;
    if (!func->code) {
        wf_caller caller = { NULL };
        return func->host(&caller, func->env, args, results);
    }
    wf_store *store = func->inst->store;
    if (!store->stack && !(store->stack = stack_new(store->max_stack)))
        return wf_trap_new(WF_TRAP_STACK_EXHAUSTED, "call stack exhausted");
    struct interp_stack *st = store->stack;
    rt_slot *base = st->top;
    frame *fbase = st->ftop;
    uintptr_t here = (uintptr_t)&here;
    if (st->depth == 0) st->cstack_base = here;
    uintptr_t used = st->cstack_base > here ? st->cstack_base - here : here - st->cstack_base;
    if (base + func->code->nslots > st->slots_end || fbase == st->frames_end ||
        st->depth >= NESTING_MAX || used > CSTACK_BUDGET)
        return wf_trap_new(WF_TRAP_STACK_EXHAUSTED, "call stack exhausted");
    for (uint32_t i = 0, k = 0; i < ty->nparams; i++) k += val_to_slot(&args[i], &base[k]);

    interp_guard_thread();
    jmp_buf jb;
    jmp_buf *prev = st->jb;
    struct interp_stack *prev_running = running;
    wf_func *prev_cur = st->cur;
    frame *prev_fr = st->fr, *prev_fbase = st->fbase;
    wf_trap *trap = NULL;
    st->jb = &jb;
    st->depth++;
    running = st;
    if (setjmp(jb) == 0) {
        run(st, func, base);
        for (uint32_t i = 0, k = 0; i < ty->nresults; i++)
            k += slot_to_val(&base[k], ty->results[i], &results[i]);
    } else {
        trap = st->trap;
        st->trap = NULL;
    }
    st->jb = prev;
    running = prev_running;
    st->cur = prev_cur; st->fr = prev_fr; st->fbase = prev_fbase;
    st->depth--;
    st->top = base;
    st->ftop = fbase;
    return trap;
}

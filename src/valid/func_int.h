/* func_int.h — state shared by the function validator/compiler files
 * (func.c: stacks and control; instr.c: the instruction switch). */
#ifndef WEFT_VALID_FUNC_INT_H
#define WEFT_VALID_FUNC_INT_H

#include "../interp/code.h"

#define T_UNKNOWN 0
#define NONE ((size_t)-1)
/* vslot of an operand that is a folded constant (i32/i64/f32/f64.const):
 * no code yet, its bits in vconst. Like a local.get it is written only
 * where a use needs it: an immediate operand, or one const64 straight
 * into the slot the value must reach (a local, a label's or call's slot,
 * its home when popped by anything else). */
#define VCONST ((uint32_t)-1)

typedef struct fix { size_t pos, next; } fix;

typedef struct ctl {
    uint8_t op;               /* 0x02 block, 0x03 loop, 0x04 if, 0x05 else */
    uint8_t single;           /* single result type, if type == NULL */
    const wf_functype *type;  /* block type with params/results, or NULL */
    uint32_t height;          /* operand stack height below the params */
    bool unreachable;
    bool dead;                /* entered from unreachable code: emit nothing */
    size_t loop_pc;           /* loop: its first instruction; try_table: its code's start */
    size_t fixes;             /* forward branches to patch at end */
    /* if: the br_unless target word; try_table: its first catch clause
     * in vstate.catches (vs_end_try sets it back to NONE). */
    size_t else_fix;
    /* Function or loop with a fuel check (code.h): the enclosing check's
     * fuel_pos and count, restored at its end. */
    bool fuel;
    size_t fuel_pos_saved;
    uint64_t fuel_n_saved;
} ctl;

/* A try_table's catch clause, until its end: kind 0 catch, 1 catch_ref,
 * 2 catch_all, 3 catch_all_ref; label depth from the try_table's parent. */
typedef struct catch_clause { uint8_t kind; uint32_t tag, label; } catch_clause;

/* A fix (func_int.h `fix`) whose position has this bit set patches the
 * target of handler (pos & ~FIX_HANDLER), not a code word. */
#define FIX_HANDLER ((size_t)1 << (sizeof(size_t) * 8 - 1))
/* vstate.fuel_pos of a loop: FUEL_LOOP | its index in vstate.loops. */
#define FUEL_LOOP ((size_t)1 << (sizeof(size_t) * 8 - 1))

typedef struct vstate {
    wf_module *m;
    const wf_functype *ft;
    wf_functype fn_type;      /* the function body's block type */
    wf_error *err;
    bool failed;
    wf_reader r;
    size_t op_off;            /* offset of the current instruction */
    uint8_t *vals;            /* operand types */
    uint32_t *vslot;          /* where each operand lives */
    uint32_t *vhome;          /* each operand's own slot (v128: two from there) */
    uint64_t *vconst;         /* a folded constant's bits (vslot[i] == VCONST) */
    size_t nvals, capvals, capvslot, capvhome, capvconst;
    ctl *ctls;
    size_t nctls, capctls;
    fix *fixes;
    size_t nfixes, capfixes;
    uint8_t *local_types;
    uint32_t *local_slot;     /* slot of each local (v128 locals take two) */
    uint32_t param_slots;
    uint32_t nlocals;         /* params + declared locals */
    uint32_t stack_base;      /* slot of operand-stack entry 0 */
    uint32_t max_slots;
    code_buf code;
    /* The innermost open fuel check: where its cost goes (the function's
     * cost word, or FUEL_LOOP | its index in `loops`), instructions so far. */
    size_t fuel_pos;
    uint64_t fuel_n;
    interp_loop *loops;       /* the function's loop headers (code.h) */
    size_t nloops, caploops;
    /* The last instruction, if its result is the top operand and nothing
     * (no label) came after it: local.set may retarget it, br_if fuse it. */
    size_t last_start, last_dst;   /* last_dst: position of its dst word, or NONE */
    int last_op;
    /* Instructions so far, and the last `end` that materialised exactly
     * one value with a plain copy [dst][src] (its position, and the
     * instruction count then), else endcopy_pos NONE: the function's
     * end right after it turns that copy into its ret1 (func.c). */
    uint64_t ninstr, endcopy_ninstr;
    size_t endcopy_pos;
    /* The last global_get's position and instruction count, NONE once
     * a label follows it: a global.set of that global plus or minus a
     * constant, at most 4 instructions later, may fuse with it. */
    size_t gg_pos;
    uint64_t gg_ninstr;
    /* Where the last label was placed (vs_label_here). */
    size_t label_pos;
    /* The op words of the function's jmp, copy_jmp and jmp_copy so far
     * (func.c thread_returns). */
    size_t *jumps, njumps, capjumps;
    size_t prev_start, prev_dst, prev_end;   /* the same, before this instruction */
    int prev_op;
    size_t pprev_start, pprev_dst, pprev_end;   /* and the one before that */
    int pprev_op;
    /* Where the branch being emitted starts and its op (vs_branch_op),
     * br_start NONE if merged into another op. */
    size_t br_start;
    int br_op;
    /* The last plain i32.load [op][dst][addr][off], while only local
     * moves, constants and i32.add came after it (no label): an add_imm
     * ending where it ends fuses into it (`x = *pc; pc += 4`), else NONE. */
    size_t ld_start, ld_end;
    /* The last i32_add_imm, while only local moves, constants and i32.ne
     * came after it: a br_if on `that sum != b` right after fuses with it
     * (a counted loop's `i++; if (i != n) continue`), else NONE. */
    size_t ai_start, ai_end;
    /* The last i32_load_add_imm, while only local moves, constants and
     * i32.and came after it: a br_table_and starting where it ends
     * chains into it (i32_load_add_imm_br_table), else NONE. */
    size_t la_start, la_end;
    /* An i32.add or i32_add_imm into a temporary followed by one
     * local.get, nothing else (no code, no label): a store of that local
     * at that sum fuses with the add (NAME_add/NAME_addi). sa_* is set
     * while the local.get is the last instruction, sa_prev_* during the
     * instruction after it; start NONE otherwise. */
    size_t sa_start, sa_end, sa_dst, sa_prev_start, sa_prev_end, sa_prev_dst;
    int sa_op, sa_prev_op;
    /* The last run of one-slot copies (copy .. copy4: its first word and
     * how many), while it ends the code and no label follows it: a next
     * copy merges into it; a jump or plain br_if/br_unless into a copy. */
    size_t copy_start;
    /* The last const64 of vs_emit_const, while it ends the code and no
     * label follows it: a jump merges into it (const_jmp), else NONE. */
    size_t const_start;
    uint32_t copy_n;
    /* Exception handling (exn.c): open try_tables' catch clauses, and
     * the function's handlers (code.h interp_handler) so far. */
    catch_clause *catches;
    size_t ncatches, capcatches;
    interp_handler *handlers;
    size_t nhandlers, caphandlers;
} vstate;

bool vs_invalid(vstate *v, const char *msg);
bool vs_malformed(vstate *v, const char *msg);
bool vs_u32(vstate *v, uint32_t *out);
bool vs_byte(vstate *v, uint8_t *out);
bool vs_zero_byte(vstate *v);
ctl *vs_top(vstate *v);
bool vs_push(vstate *v, uint8_t t);
bool vs_pop(vstate *v, uint8_t *out);
bool vs_push_at(vstate *v, uint8_t t, uint32_t slot);
bool vs_pop_slot(vstate *v, uint8_t *out, uint32_t *slot);
bool vs_pop_at(vstate *v, uint8_t want, uint32_t *slot);
/* Push a folded constant; pop one operand as it is (*slot may be
 * VCONST, its bits in *bits): every other pop writes a constant to its
 * home slot first (a const64 just before the popping instruction). */
bool vs_push_const(vstate *v, uint8_t t, uint64_t bits);
bool vs_pop_folded(vstate *v, uint8_t want, uint32_t *slot, uint64_t *bits);
/* Is operand depth (0 = top) of the current frame a folded constant. */
bool vs_is_const(vstate *v, size_t depth, uint64_t *bits);
/* Emit const64 [dst][bits]. */
void vs_emit_const(vstate *v, uint32_t dst, uint64_t bits);
/* Structure entry: operands folded from locals to their home slots;
 * folded constants stay folded (nothing inside can change them). */
void vs_materialize_locals(vstate *v, size_t from);
void vs_materialize(vstate *v, size_t from);
void vs_materialize_local(vstate *v, uint32_t x);
void vs_materialize_top(vstate *v, uint32_t n);
bool vs_pop_expect(vstate *v, uint8_t want);
bool vs_pop_types(vstate *v, uint32_t n, const uint8_t *types);
bool vs_push_types(vstate *v, uint32_t n, const uint8_t *types);
bool vs_live(vstate *v);
uint32_t vs_slot(vstate *v, size_t i);
void vs_set_unreachable(vstate *v);
uint32_t ctl_nparams(const ctl *c);
uint32_t ctl_nresults(const ctl *c);
const uint8_t *ctl_params(const ctl *c);
const uint8_t *ctl_results(const ctl *c);
uint32_t label_n(const ctl *c);
const uint8_t *label_types(const ctl *c);
bool vs_push_ctl(vstate *v, uint8_t op, const wf_functype *type, uint8_t single);
bool vs_add_fix(vstate *v, ctl *c, size_t pos);
void vs_resolve_fixes(vstate *v, ctl *c, size_t target);
bool vs_emit_target(vstate *v, ctl *c);
/* memarg.c: memory indices and memargs (3.0 multi-memory); an op on a
 * memory other than 0 is emitted between vs_mem_begin's mem_use and
 * vs_mem_end's mem_use0 (nothing is emitted for memory 0). */
bool vs_memidx_check(vstate *v, uint32_t mem);
bool vs_memidx(vstate *v, uint32_t *mem);
bool vs_memarg(vstate *v, uint32_t *align, uint32_t *mem, uint64_t *offset);
/* memory64: is memory mem 64-bit; its address type (WF_I64 or WF_I32). */
bool vs_mem64(const vstate *v, uint32_t mem);
uint8_t vs_addr_type(const vstate *v, uint32_t mem);
size_t vs_mem_begin(vstate *v, uint32_t mem);
size_t vs_mem_begin_at(vstate *v, uint32_t mem, uint32_t addr, uint64_t offset, uint32_t width);
void vs_mem_end(vstate *v, uint32_t mem, size_t start);
bool vs_else(vstate *v);
bool vs_end(vstate *v);
bool vs_blocktype(vstate *v, const wf_functype **type, uint8_t *single);
bool vs_is_valtype(uint8_t b);
/* Slots a value of type t takes (v128: 2), and a list of them. */
uint32_t vs_width(uint8_t t);
uint32_t vs_nslots(uint32_t n, const uint8_t *types);
/* Emit a one- or two-slot copy. */
void vs_emit_copy(vstate *v, uint32_t dst, uint32_t src, uint8_t t);
void vs_emit_cond_branch(vstate *v, int op, uint32_t cond);
/* Emit an unconditional jump to label c (merged into a copy just before). */
bool vs_emit_jmp(vstate *v, ctl *c);
/* Record a jump's op word at pos (vs_emit_jmp, jmp_copy). */
void vs_note_jump(vstate *v, size_t pos);
/* A label is placed at the current end of the code: nothing merges across. */
void vs_label_here(vstate *v);

/* One instruction (instr.c). */
bool vs_instr(vstate *v);
/* If the previous instruction is `op` and just wrote temporary `slot`
 * (the operand being consumed now), remove it and return its start. */
bool vs_take_prev(vstate *v, int op, uint32_t slot, size_t *start);
/* block/loop/if, br, br_if, br_table, return, call, call_indirect, the
 * tail calls, ref.as_non_null, br_on_null/non_null (control.c). */
bool vs_control(vstate *v, uint8_t op);
/* The instruction at c0, op (ending the code; a branch without its
 * target yet) and the one just before it: one fused op if they are a row of
 * the pair table (pairs.c, interp/pairs.h). */
void vs_pair_fuse_at(vstate *v, size_t c0, int op);
/* Whether op is some row's consumer: chains of compares the C compiler
 * turns into a few bit tests, inline (this runs for most instructions,
 * the call only for a likely pair). */
static inline bool vs_pair_consumer(int op) {
#define PAIR_IS_C(A, P, PK, PN, C, CK, side, K) || (A) == OP_##C
    return false PAIR_TABLE(PAIR_IS_C, op);
#undef PAIR_IS_C
}
static inline void vs_pair_fuse(vstate *v, size_t c0, int op) {
    if (vs_pair_consumer(op)) vs_pair_fuse_at(v, c0, op);
}
/* Start a branch op (its start and op noted for vs_pair_fuse). */
void vs_branch_op(vstate *v, int op);
/* One 0xFE (threads) instruction, after the prefix (atomic.c). */
bool vs_atomic(vstate *v);
/* Exception handling (exn.c): throw, throw_ref, try_table; a
 * try_table's end (its handlers); is t a reference type. */
bool vs_throw(vstate *v);
bool vs_throw_ref(vstate *v);
bool vs_try_table(vstate *v);
bool vs_end_try(vstate *v, ctl *c);
bool vs_is_ref(uint8_t t);
/* Grow *p (an array of *cap elements of `elem` bytes) to hold `need`. */
bool vs_grow(void **p, size_t *cap, size_t need, size_t elem);
/* One 0xFD (SIMD) instruction, after the prefix (simd.c). */
bool vs_simd(vstate *v);

#endif

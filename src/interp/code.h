/* code.h — the internal code format, shared by the compiler (src/valid)
 * and the interpreter (src/interp). Private to those two folders.
 *
 * Operand model: register-style frame slots of 8 bytes (rt_slot). A frame
 * is [params][declared locals][operand stack]. The validator's operand
 * stack height gives each wasm operand a fixed slot, so every internal
 * instruction names its operand slots as immediates, relative to the frame
 * pointer. A binary operator reads slots s and s+1 and writes s; a unary
 * one reads and writes s.
 *
 * Operators with three operands (memory.fill, table.copy...) read slots
 * s, s+1, s+2 of materialised operands.
 *
 * Widths: a v128 operand or local takes two consecutive slots (low half
 * first), every other value one. Slots are assigned by cumulative width:
 * params, then locals, then operand-stack entries, so the slot of entry i
 * is the validator's vhome[i], not base + i. Counts of values moved as a
 * block (branch copies, ret, call areas, nparams/nlocals/nresults below)
 * are slot counts. SIMD instructions are listed in simd_ops.h.
 *
 * Calls: the arguments already sit in consecutive slots at the top of the
 * caller's operand stack; the callee's frame begins at the first of them
 * (no copying) and its results come back in the same place.
 *
 * Code is an array of 8-byte words. The first word of each instruction is
 * the handler's address (computed goto) or its number (switch fallback,
 * see dispatch.h); immediates follow, one word each. Branch targets are
 * absolute word addresses, fixed up when the code is finalised. block,
 * end and nop produce no code; reinterpret and drop neither.
 *
 * The seam: the compiler only calls the code_emit* functions below and
 * names ops from OP_LIST; the interpreter only defines handlers. Changing
 * the operand model touches these two sides and this header. */
#ifndef WEFT_INTERP_CODE_H
#define WEFT_INTERP_CODE_H

#include "interp.h"
#include "simd_ops.h"
#include "atomic_ops.h"
#include "pairs.h"

typedef union code_word {
    const void *h;      /* handler address */
    uint64_t u;         /* immediate */
    const union code_word *target;
} code_word;

/* Numeric ops 0x45..0xC4 in wasm opcode order: internal number =
 * OP_NUM_FIRST + (opcode - 0x45). Binary: [dst][a][b]; unary: [dst][a]. */
#define NUM_OPS(X) \
    X(i32_eqz) X(i32_eq) X(i32_ne) X(i32_lt_s) X(i32_lt_u) X(i32_gt_s) X(i32_gt_u) \
    X(i32_le_s) X(i32_le_u) X(i32_ge_s) X(i32_ge_u) \
    X(i64_eqz) X(i64_eq) X(i64_ne) X(i64_lt_s) X(i64_lt_u) X(i64_gt_s) X(i64_gt_u) \
    X(i64_le_s) X(i64_le_u) X(i64_ge_s) X(i64_ge_u) \
    X(f32_eq) X(f32_ne) X(f32_lt) X(f32_gt) X(f32_le) X(f32_ge) \
    X(f64_eq) X(f64_ne) X(f64_lt) X(f64_gt) X(f64_le) X(f64_ge) \
    X(i32_clz) X(i32_ctz) X(i32_popcnt) X(i32_add) X(i32_sub) X(i32_mul) X(i32_div_s) \
    X(i32_div_u) X(i32_rem_s) X(i32_rem_u) X(i32_and) X(i32_or) X(i32_xor) X(i32_shl) \
    X(i32_shr_s) X(i32_shr_u) X(i32_rotl) X(i32_rotr) \
    X(i64_clz) X(i64_ctz) X(i64_popcnt) X(i64_add) X(i64_sub) X(i64_mul) X(i64_div_s) \
    X(i64_div_u) X(i64_rem_s) X(i64_rem_u) X(i64_and) X(i64_or) X(i64_xor) X(i64_shl) \
    X(i64_shr_s) X(i64_shr_u) X(i64_rotl) X(i64_rotr) \
    X(f32_abs) X(f32_neg) X(f32_ceil) X(f32_floor) X(f32_trunc) X(f32_nearest) X(f32_sqrt) \
    X(f32_add) X(f32_sub) X(f32_mul) X(f32_div) X(f32_min) X(f32_max) X(f32_copysign) \
    X(f64_abs) X(f64_neg) X(f64_ceil) X(f64_floor) X(f64_trunc) X(f64_nearest) X(f64_sqrt) \
    X(f64_add) X(f64_sub) X(f64_mul) X(f64_div) X(f64_min) X(f64_max) X(f64_copysign) \
    X(i32_wrap_i64) X(i32_trunc_f32_s) X(i32_trunc_f32_u) X(i32_trunc_f64_s) \
    X(i32_trunc_f64_u) X(i64_extend_i32_s) X(i64_extend_i32_u) X(i64_trunc_f32_s) \
    X(i64_trunc_f32_u) X(i64_trunc_f64_s) X(i64_trunc_f64_u) X(f32_convert_i32_s) \
    X(f32_convert_i32_u) X(f32_convert_i64_s) X(f32_convert_i64_u) X(f32_demote_f64) \
    X(f64_convert_i32_s) X(f64_convert_i32_u) X(f64_convert_i64_s) X(f64_convert_i64_u) \
    X(f64_promote_f32) X(i32_reinterpret_f32) X(i64_reinterpret_f64) \
    X(f32_reinterpret_i32) X(f64_reinterpret_i64) X(i32_extend8_s) X(i32_extend16_s) \
    X(i64_extend8_s) X(i64_extend16_s) X(i64_extend32_s)

/* Loads 0x28..0x35 [dst][addr][offset] and stores 0x36..0x3E
 * [addr][value][offset], in opcode order. */
#define MEM_OPS(X) \
    X(i32_load) X(i64_load) X(f32_load) X(f64_load) X(i32_load8_s) X(i32_load8_u) \
    X(i32_load16_s) X(i32_load16_u) X(i64_load8_s) X(i64_load8_u) X(i64_load16_s) \
    X(i64_load16_u) X(i64_load32_s) X(i64_load32_u) \
    X(i32_store) X(i64_store) X(f32_store) X(f64_store) X(i32_store8) X(i32_store16) \
    X(i64_store8) X(i64_store16) X(i64_store32)

/* Loads whose address is a sum (the wasm code's i32.add before the
 * load, fused): NAME_add [dst][a][b][offset] loads at (u32)(a+b)+offset,
 * NAME_addi [dst][a][k][offset] at (u32)(a+k)+offset. In MEM_OPS order. */
#define LOAD_NAMES(Y, X) \
    Y(X, i32_load) Y(X, i64_load) Y(X, f32_load) Y(X, f64_load) Y(X, i32_load8_s) \
    Y(X, i32_load8_u) Y(X, i32_load16_s) Y(X, i32_load16_u) Y(X, i64_load8_s) \
    Y(X, i64_load8_u) Y(X, i64_load16_s) Y(X, i64_load16_u) Y(X, i64_load32_s) \
    Y(X, i64_load32_u)
#define SUFFIX_ADD(X, n) X(n##_add)
#define SUFFIX_ADDI(X, n) X(n##_addi)
#define SUFFIX_IDX(X, n) X(n##_idx)
/* NAME_idx [dst][base][x][s][offset] loads at (u32)(base + (x << s)) +
 * offset: array indexing, the shift and add fused. */
/* NAME_abs [dst][ea] loads at ea, a constant address plus the offset
 * (< 2^33, inside a 32-bit memory's guard reservation): a global
 * variable in linear memory, `i32.const A; i32.load off`. */
#define SUFFIX_ABS(X, n) X(n##_abs)
#define LOAD_ADD_OPS(X) LOAD_NAMES(SUFFIX_ADD, X) LOAD_NAMES(SUFFIX_ADDI, X) LOAD_NAMES(SUFFIX_IDX, X) \
    LOAD_NAMES(SUFFIX_ABS, X)
/* Stores whose address is a sum computed by the instruction just before
 * (the value a local or constant, so nothing between): NAME_add
 * [a][b][value][offset] stores at (u32)(a+b)+offset, NAME_addi
 * [a][k][value][offset] at (u32)(a+k)+offset. In MEM_OPS order. */
#define STORE_NAMES(Y, X) \
    Y(X, i32_store) Y(X, i64_store) Y(X, f32_store) Y(X, f64_store) Y(X, i32_store8) \
    Y(X, i32_store16) Y(X, i64_store8) Y(X, i64_store16) Y(X, i64_store32)
#define STORE_ADD_OPS(X) STORE_NAMES(SUFFIX_ADD, X) STORE_NAMES(SUFFIX_ADDI, X)
/* Stores of a constant (a folded i32/i64/f32/f64.const, its bits as the
 * immediate): NAME_imm [addr][value][offset] (`*p = 0`). In MEM_OPS order. */
#define SUFFIX_IMM(X, n) X(n##_imm)
#define STORE_IMM_OPS(X) STORE_NAMES(SUFFIX_IMM, X)
/* Other ops taking a folded constant k. A constant first operand of an
 * operator that does not commute: [dst][a][k], i32_rsub_imm = k - a
 * (32-bit wrap), f32/f64_rsub_imm = k - a, f32/f64_rdiv_imm = k / a (the
 * plain op's arithmetic, operands in wasm's order). select with a
 * constant: select_ka [dst][k][b][cond] = cond ? k : b, select_kb
 * [dst][a][k][cond] = cond ? a : k (`x > y ? 10 : t`). const_jmp
 * [dst][k][t]: const64, then jmp (a branch carrying a constant). */
#define CONST_OPS(X) X(i32_rsub_imm) X(f32_rsub_imm) X(f64_rsub_imm) X(f32_rdiv_imm) X(f64_rdiv_imm) \
    X(select_ka) X(select_kb) X(const_jmp)
/* Loads and stores on a memory other than 0 (multi-memory): NAME_mx
 * [dst][addr][offset][mem] and [addr][value][offset][mem]. In MEM_OPS order. */
#define SUFFIX_MX(X, n) X(n##_mx)
#define MEMX_OPS(X) LOAD_NAMES(SUFFIX_MX, X) STORE_NAMES(SUFFIX_MX, X)
/* Loads and stores on a 64-bit memory (memory64, any index, 0 included):
 * NAME_m64 [dst][addr][offset][mem] and [addr][value][offset][mem]; i64
 * address, u64 offset, always compared with the size (guard pages cannot
 * cover a 64-bit address space). In MEM_OPS order. */
#define SUFFIX_M64(X, n) X(n##_m64)
#define MEM64_OPS(X) LOAD_NAMES(SUFFIX_M64, X) STORE_NAMES(SUFFIX_M64, X)

/* Fused pairs found by counting dispatched op pairs (profile.c):
 * i32_add3 [dst][a][b][c] = a+b+c; i32_shr_u_and_imm [dst][a][s][m] =
 * (a >> s) & m; br_if_i32_load / br_unless_i32_load [dst][a][offset][t]:
 * i32.load into dst, then branch on it (`while (p = p->next)`);
 * i32_rotl_xor [dst][x][k][y] = rotl(x, k) ^ y; f32_mul_add, f64_mul_add
 * [dst][x][y][z] = x*y + z (two roundings, not fused); i32_load_add_imm
 * [dst][a][k][ldst][addr][offset]: ldst = load32(addr + offset), then
 * dst = a + k (a may be ldst): `x = *pc; pc += 4`, or `p->n + 1`;
 * i32_load_store, i64_load_store [daddr][saddr][soff][doff]: a load
 * stored at once (`*q = *p`), the load's bounds checked first;
 * i32_load_field, i64_load_field [dst][base][x][s][m][offset]: load at
 * (u32)(base + ((x >> s) & m)) + offset (a register VM's operand);
 * i32_load_add_imm_br_table: an i32_load_add_imm whose next instruction
 * is a br_table_and, which it runs without a dispatch (the br_table_and
 * keeps its own op word: a branch to it still works). More pairs are
 * generated from one table, pairs.h (PAIR_OPS). */
#define FUSED_OPS(X) X(i32_add3) X(i32_shr_u_and_imm) X(br_if_i32_load) X(br_unless_i32_load) \
    X(i32_rotl_xor) X(f32_mul_add) X(f64_mul_add) X(i32_load_add_imm) \
    X(i32_load_store) X(i64_load_store) X(i32_load_field) X(i64_load_field) \
    X(i32_load_add_imm_br_table)

/* Calls whose arguments are moved into place by the call itself: the
 * wasm code's local.get arguments stay folded (no copies before the
 * call), and the op names the source slot of each of the callee's k
 * parameter slots (k = 1..4): call_K [funcidx][base][src0..srcK-1],
 * call_indirect_K [table][typeidx][base][idx][src0..srcK-1]. An
 * argument already in place names its own slot base+i. The moves run
 * before anything else of the call (sources are locals or the slot
 * itself, never another argument's slot, so order does not matter). */
#define CALL_MOVE_OPS(X) X(call_1) X(call_2) X(call_3) X(call_4) \
    X(call_indirect_1) X(call_indirect_2) X(call_indirect_3) X(call_indirect_4) \
    X(call_c1) X(call_c2) X(call_c3) X(call_c4) \
    X(call_indirect_c1) X(call_indirect_c2) X(call_indirect_c3) X(call_indirect_c4)
/* call_cK / call_indirect_cK: the same, some arguments constants: a
 * source with CALL_CONST set names a word of the instruction (counted
 * from its op word) holding the constant; K such words (the unused
 * ones 0) follow the sources. */
#define CALL_CONST ((uint64_t)1 << 63)

/* Saturating truncations 0xFC 0..7: [dst][a]. */
#define SAT_OPS(X) \
    X(i32_trunc_sat_f32_s) X(i32_trunc_sat_f32_u) X(i32_trunc_sat_f64_s) \
    X(i32_trunc_sat_f64_u) X(i64_trunc_sat_f32_s) X(i64_trunc_sat_f32_u) \
    X(i64_trunc_sat_f64_s) X(i64_trunc_sat_f64_u)

/* Fused compare-and-branch on i32 (br_if / if after a comparison):
 * br_if_X jumps if the comparison holds, br_unless_X if it does not.
 * Same order as the comparisons 0x45..0x4F. */
#define CMP_BR_OPS(X) \
    X(br_if_i32_eqz) X(br_if_i32_eq) X(br_if_i32_ne) X(br_if_i32_lt_s) X(br_if_i32_lt_u) \
    X(br_if_i32_gt_s) X(br_if_i32_gt_u) X(br_if_i32_le_s) X(br_if_i32_le_u) \
    X(br_if_i32_ge_s) X(br_if_i32_ge_u) \
    X(br_unless_i32_eqz) X(br_unless_i32_eq) X(br_unless_i32_ne) X(br_unless_i32_lt_s) \
    X(br_unless_i32_lt_u) X(br_unless_i32_gt_s) X(br_unless_i32_gt_u) \
    X(br_unless_i32_le_s) X(br_unless_i32_le_u) X(br_unless_i32_ge_s) X(br_unless_i32_ge_u)

/* Binary operators whose second operand is a constant: [dst][a][imm].
 * IMM_BASE lists the plain operators that have such a form. */
#define IMM_BASE(X) \
    X(i32_eq) X(i32_ne) X(i32_lt_s) X(i32_lt_u) X(i32_gt_s) X(i32_gt_u) X(i32_le_s) \
    X(i32_le_u) X(i32_ge_s) X(i32_ge_u) \
    X(i32_add) X(i32_sub) X(i32_mul) X(i32_and) X(i32_or) X(i32_xor) X(i32_shl) \
    X(i32_shr_s) X(i32_shr_u) X(i32_rotl) X(i32_rotr) \
    X(i64_eq) X(i64_ne) X(i64_add) X(i64_sub) X(i64_mul) X(i64_and) X(i64_or) X(i64_xor) \
    X(i64_shl) X(i64_shr_s) X(i64_shr_u) X(i64_rotl) X(i64_rotr) \
    X(f32_add) X(f32_sub) X(f32_mul) X(f32_div) X(f64_add) X(f64_sub) X(f64_mul) X(f64_div) \
    X(f32_eq) X(f32_ne) X(f32_lt) X(f32_gt) X(f32_le) X(f32_ge) \
    X(f64_eq) X(f64_ne) X(f64_lt) X(f64_gt) X(f64_le) X(f64_ge)
#define IMM_OPS(X) \
    X(i32_eq_imm) X(i32_ne_imm) X(i32_lt_s_imm) X(i32_lt_u_imm) X(i32_gt_s_imm) \
    X(i32_gt_u_imm) X(i32_le_s_imm) X(i32_le_u_imm) X(i32_ge_s_imm) X(i32_ge_u_imm) \
    X(i32_add_imm) X(i32_sub_imm) X(i32_mul_imm) X(i32_and_imm) X(i32_or_imm) \
    X(i32_xor_imm) X(i32_shl_imm) X(i32_shr_s_imm) X(i32_shr_u_imm) X(i32_rotl_imm) \
    X(i32_rotr_imm) \
    X(i64_eq_imm) X(i64_ne_imm) X(i64_add_imm) X(i64_sub_imm) X(i64_mul_imm) \
    X(i64_and_imm) X(i64_or_imm) X(i64_xor_imm) X(i64_shl_imm) X(i64_shr_s_imm) \
    X(i64_shr_u_imm) X(i64_rotl_imm) X(i64_rotr_imm) \
    X(f32_add_imm) X(f32_sub_imm) X(f32_mul_imm) X(f32_div_imm) \
    X(f64_add_imm) X(f64_sub_imm) X(f64_mul_imm) X(f64_div_imm) \
    X(f32_eq_imm) X(f32_ne_imm) X(f32_lt_imm) X(f32_gt_imm) X(f32_le_imm) X(f32_ge_imm) \
    X(f64_eq_imm) X(f64_ne_imm) X(f64_lt_imm) X(f64_gt_imm) X(f64_le_imm) X(f64_ge_imm)
/* Compare-with-constant and branch: [a][imm][t], i32_eq .. i32_ge_u order. */
#define CMP_BR_IMM_OPS(X) \
    X(br_if_i32_eq_imm) X(br_if_i32_ne_imm) X(br_if_i32_lt_s_imm) X(br_if_i32_lt_u_imm) \
    X(br_if_i32_gt_s_imm) X(br_if_i32_gt_u_imm) X(br_if_i32_le_s_imm) \
    X(br_if_i32_le_u_imm) X(br_if_i32_ge_s_imm) X(br_if_i32_ge_u_imm) \
    X(br_unless_i32_eq_imm) X(br_unless_i32_ne_imm) X(br_unless_i32_lt_s_imm) \
    X(br_unless_i32_lt_u_imm) X(br_unless_i32_gt_s_imm) X(br_unless_i32_gt_u_imm) \
    X(br_unless_i32_le_s_imm) X(br_unless_i32_le_u_imm) X(br_unless_i32_ge_s_imm) \
    X(br_unless_i32_ge_u_imm)

/* Float compare-with-constant and branch: [a][imm][t], in the order of
 * f32_eq_imm .. f64_ge_imm (the escape test of mandelbrot-like loops). */
#define FCMP_BR_IMM_OPS(X) \
    X(br_if_f32_eq_imm) X(br_if_f32_ne_imm) X(br_if_f32_lt_imm) X(br_if_f32_gt_imm) \
    X(br_if_f32_le_imm) X(br_if_f32_ge_imm) X(br_if_f64_eq_imm) X(br_if_f64_ne_imm) \
    X(br_if_f64_lt_imm) X(br_if_f64_gt_imm) X(br_if_f64_le_imm) X(br_if_f64_ge_imm) \
    X(br_unless_f32_eq_imm) X(br_unless_f32_ne_imm) X(br_unless_f32_lt_imm) \
    X(br_unless_f32_gt_imm) X(br_unless_f32_le_imm) X(br_unless_f32_ge_imm) \
    X(br_unless_f64_eq_imm) X(br_unless_f64_ne_imm) X(br_unless_f64_lt_imm) \
    X(br_unless_f64_gt_imm) X(br_unless_f64_le_imm) X(br_unless_f64_ge_imm)

/* Everything else. Immediates in brackets (s = slot, t = target). */
#define MISC_OPS(X) \
    X(unreachable)      /* */ \
    X(jmp)              /* [t] */ \
    X(jmp_copy)         /* [t][src][dst][n] */ \
    X(br_if)            /* [cond][t] */ \
    X(br_if_copy)       /* [cond][t][src][dst][n] */ \
    X(br_unless)        /* [cond][t] */ \
    X(br_table)         /* [idx][src][n][count] then count+1 x ([t][dst]) */ \
    X(br_table_and)     /* [a][src][n][count][mask], then as br_table: idx = a & mask */ \
    X(ret)              /* [src][n] */ \
    X(ret1)             /* [src][1]: ret of one slot ([src] alone where a jump became it) */ \
    X(call)             /* [funcidx][base] */ \
    X(call_indirect)    /* [table][typeidx][base][idx] */ \
    X(return_call)      /* [funcidx][base][nres]: tail call, see below */ \
    X(return_call_indirect) /* [table][typeidx][base][idx][nres] */ \
    X(return_call_indirect64) /* the same, i64 idx (table64) */ \
    X(select)           /* [dst][a][b][cond] */ \
    X(copy)             /* [dst][src] */ \
    X(copy2)            /* [dst][src][dst2][src2]: two copies, in order */ \
    X(copy_jmp)         /* [dst][src][t]: copy, then jmp */ \
    X(copy3)            /* [dst][src] x 3: three copies, in order */ \
    X(copy4)            /* [dst][src] x 4 */ \
    X(copy_br_if)       /* [dst][src][cond][t]: copy, then br_if */ \
    X(copy_br_unless)   /* [dst][src][cond][t]: copy, then br_unless */ \
    X(i32_add_imm_br_if_ne)      /* [dst][x][k][b][t]: dst = x + k; br_if dst != b */ \
    X(i32_add_imm_br_if_ne_imm)  /* [dst][x][k][imm][t]: dst = x + k; br_if dst != imm */ \
    X(const64)          /* [dst][value] */ \
    X(global_get)       /* [dst][idx] */ \
    X(global_set)       /* [src][idx] */ \
    X(global_get_add_set) /* [dst][idx][k]: dst = g = (u32)(g + k), g i32 (clang's prologue) */ \
    X(global_set_add)   /* [a][k][idx]: g = (u32)(a + k) (clang's epilogue) */ \
    X(ref_is_null)      /* [dst][a] */ \
    X(ref_func)         /* [dst][funcidx] */ \
    X(ref_as_non_null)  /* [s]: trap if null */ \
    X(br_on_null)       /* [s][t][src][dst][n]: if s is null, copy n slots, jump */ \
    X(br_on_non_null)   /* [s][t][src][dst][n]: if not null, copy n slots, jump */ \
    X(table_get)        /* [dst][idx][table] */ \
    X(table_set)        /* [idx][value][table] */ \
    X(table_size)       /* [dst][table] */ \
    X(table_grow)       /* [dst][init][n][table] */ \
    X(table_fill)       /* [s][table] */ \
    X(table_copy)       /* [s][dst table][src table] */ \
    X(table_init)       /* [s][table][elem] */ \
    X(elem_drop)        /* [elem] */ \
    X(memory_size)      /* [dst] */ \
    X(memory_grow)      /* [dst][a] */ \
    X(memory_fill)      /* [s] */ \
    X(memory_copy)      /* [s] */ \
    X(memory_init)      /* [s][data] */ \
    X(data_drop)        /* [data] */ \
    X(memory_copy_mm)   /* [s][dst mem][src mem]: memory.copy naming a memory > 0 */ \
    X(mem_use)          /* [mem]: make memory mem the loop's current memory */ \
    X(mem_use0)         /* back to memory 0 (see below) */ \
    MEMX_OPS(X) \
    MEM64_OPS(X) \
    X(mem_use64)        /* [mem][addr][offset][width]: see below */ \
    X(memory_grow64)    /* [dst][a]: i64 delta and result */ \
    X(memory_fill64)    /* [s]: i64 d, i32 value, i64 n */ \
    X(memory_init64)    /* [s][data]: i64 d, i32 s, i32 n */ \
    X(memory_copy64)    /* [s][dst mem][src mem][k]: k bit 0 dst 64-bit, bit 1 src */ \
    X(table_get64)      /* [dst][i][table]: i64 index */ \
    X(table_set64)      /* [i][val][table] */ \
    X(table_grow64)     /* [dst][init][n][table]: i64 n and result */ \
    X(table_fill64)     /* [s][table]: i64 d, ref, i64 n */ \
    X(table_copy64)     /* [s][dst table][src table][k], k as memory_copy64 */ \
    X(table_init64)     /* [s][table][elem]: i64 d, i32 s, i32 n */ \
    X(call_indirect64)  /* [table][typeidx][base][idx]: i64 idx */ \
    X(fuel)             /* [cost]: fuel/interrupt check, see below */ \
    X(throw)            /* [tag][s]: payload in slots from s */ \
    X(throw_ref)        /* [s]: exnref */


/* Register forwarding (acc.c). When an instruction's result is a
 * temporary that the very next instruction consumes (no label between),
 * the pair passes it in a register, `acc`, instead of a store and a
 * reload through the frame: the producer's NAME_o form writes acc, the
 * consumer's NAME_i form reads its first operand from acc (NAME_io: both,
 * a chain). Same immediates as NAME; the unused slot word stays. The
 * store-to-load forwarding through memory costs ~5 cycles on the
 * critical path of every dependent pair; a register costs none.
 * Tail-call builds only (dispatch.h VM_ACC); code_forward rewrites the
 * finished code. Kinds (which operand word the register replaces):
 *   UN [dst][a]..: a;   BIN [dst][a][b]: a;   BINC: a, or b swapped in
 *   (commutative);   CMP: a, or b with the comparison flipped;
 *   ST [addr][value][off]: value (consumer only);   ST2 [a][b][value][off]:
 *   value;   BRC [a][b][t]: a, or b flipped;   BR [a]..: a (br_table
 *   only without values);   SEL [dst][a][b][cond]: cond. */
#define ACC_UN_LIST(Y, X) \
    Y(X, i32_eqz, UN) Y(X, i64_eqz, UN) Y(X, i32_clz, UN) Y(X, i32_ctz, UN) \
    Y(X, i32_popcnt, UN) Y(X, i64_clz, UN) Y(X, i64_ctz, UN) Y(X, i64_popcnt, UN) \
    Y(X, f32_abs, UN) Y(X, f32_neg, UN) Y(X, f64_abs, UN) Y(X, f64_neg, UN) \
    Y(X, i32_wrap_i64, UN) Y(X, i64_extend_i32_s, UN) Y(X, i64_extend_i32_u, UN) \
    Y(X, f32_convert_i32_s, UN) Y(X, f32_convert_i32_u, UN) Y(X, f32_convert_i64_s, UN) \
    Y(X, f32_convert_i64_u, UN) Y(X, f32_demote_f64, UN) Y(X, f64_convert_i32_s, UN) \
    Y(X, f64_convert_i32_u, UN) Y(X, f64_convert_i64_s, UN) Y(X, f64_convert_i64_u, UN) \
    Y(X, f64_promote_f32, UN) Y(X, i32_extend8_s, UN) Y(X, i32_extend16_s, UN) \
    Y(X, i64_extend8_s, UN) Y(X, i64_extend16_s, UN) Y(X, i64_extend32_s, UN) \
    Y(X, i32_trunc_sat_f32_s, UN) Y(X, i32_trunc_sat_f32_u, UN) \
    Y(X, i32_trunc_sat_f64_s, UN) Y(X, i32_trunc_sat_f64_u, UN) \
    Y(X, i64_trunc_sat_f32_s, UN) Y(X, i64_trunc_sat_f32_u, UN) \
    Y(X, i64_trunc_sat_f64_s, UN) Y(X, i64_trunc_sat_f64_u, UN)
#define ACC_BINC_LIST(Y, X) \
    Y(X, i32_add, BINC) Y(X, i32_mul, BINC) Y(X, i32_and, BINC) Y(X, i32_or, BINC) \
    Y(X, i32_xor, BINC) Y(X, i64_add, BINC) Y(X, i64_mul, BINC) Y(X, i64_and, BINC) \
    Y(X, i64_or, BINC) Y(X, i64_xor, BINC)
#define ACC_BIN_LIST(Y, X) \
    Y(X, i32_sub, BIN) Y(X, i32_shl, BIN) Y(X, i32_shr_s, BIN) Y(X, i32_shr_u, BIN) \
    Y(X, i32_rotl, BIN) Y(X, i32_rotr, BIN) Y(X, i64_sub, BIN) Y(X, i64_shl, BIN) \
    Y(X, i64_shr_s, BIN) Y(X, i64_shr_u, BIN) Y(X, i64_rotl, BIN) Y(X, i64_rotr, BIN) \
    Y(X, f32_copysign, BIN) Y(X, f64_copysign, BIN)
#define ACC_CMP_LIST(Y, X) \
    Y(X, i32_eq, CMP) Y(X, i32_ne, CMP) Y(X, i32_lt_s, CMP) Y(X, i32_lt_u, CMP) \
    Y(X, i32_gt_s, CMP) Y(X, i32_gt_u, CMP) Y(X, i32_le_s, CMP) Y(X, i32_le_u, CMP) \
    Y(X, i32_ge_s, CMP) Y(X, i32_ge_u, CMP) Y(X, i64_eq, CMP) Y(X, i64_ne, CMP) \
    Y(X, i64_lt_s, CMP) Y(X, i64_lt_u, CMP) Y(X, i64_gt_s, CMP) Y(X, i64_gt_u, CMP) \
    Y(X, i64_le_s, CMP) Y(X, i64_le_u, CMP) Y(X, i64_ge_s, CMP) Y(X, i64_ge_u, CMP)
#define ACC_BINI_LIST(Y, X) \
    Y(X, i32_add_imm, UN) Y(X, i32_sub_imm, UN) Y(X, i32_mul_imm, UN) Y(X, i32_and_imm, UN) \
    Y(X, i32_or_imm, UN) Y(X, i32_xor_imm, UN) Y(X, i32_shl_imm, UN) Y(X, i32_shr_s_imm, UN) \
    Y(X, i32_shr_u_imm, UN) Y(X, i32_rotl_imm, UN) Y(X, i32_rotr_imm, UN) \
    Y(X, i64_add_imm, UN) Y(X, i64_sub_imm, UN) Y(X, i64_mul_imm, UN) Y(X, i64_and_imm, UN) \
    Y(X, i64_or_imm, UN) Y(X, i64_xor_imm, UN) Y(X, i64_shl_imm, UN) Y(X, i64_shr_s_imm, UN) \
    Y(X, i64_shr_u_imm, UN) Y(X, i64_rotl_imm, UN) Y(X, i64_rotr_imm, UN) \
    Y(X, i32_eq_imm, UN) Y(X, i32_ne_imm, UN) Y(X, i32_lt_s_imm, UN) Y(X, i32_lt_u_imm, UN) \
    Y(X, i32_gt_s_imm, UN) Y(X, i32_gt_u_imm, UN) Y(X, i32_le_s_imm, UN) \
    Y(X, i32_le_u_imm, UN) Y(X, i32_ge_s_imm, UN) Y(X, i32_ge_u_imm, UN) \
    Y(X, i64_eq_imm, UN) Y(X, i64_ne_imm, UN)
#define ACC_LD_LIST(Y, X) \
    Y(X, i32_load, UN) Y(X, i64_load, UN) Y(X, f32_load, UN) Y(X, f64_load, UN) \
    Y(X, i32_load8_s, UN) Y(X, i32_load8_u, UN) Y(X, i32_load16_s, UN) \
    Y(X, i32_load16_u, UN) Y(X, i64_load8_s, UN) Y(X, i64_load8_u, UN) \
    Y(X, i64_load16_s, UN) Y(X, i64_load16_u, UN) Y(X, i64_load32_s, UN) \
    Y(X, i64_load32_u, UN)
#define ACC_LDADD_LIST(Y, X) \
    Y(X, i32_load_add, BINC) Y(X, i64_load_add, BINC) Y(X, f32_load_add, BINC) \
    Y(X, f64_load_add, BINC) Y(X, i32_load8_s_add, BINC) Y(X, i32_load8_u_add, BINC) \
    Y(X, i32_load16_s_add, BINC) Y(X, i32_load16_u_add, BINC) Y(X, i64_load8_s_add, BINC) \
    Y(X, i64_load8_u_add, BINC) Y(X, i64_load16_s_add, BINC) Y(X, i64_load16_u_add, BINC) \
    Y(X, i64_load32_s_add, BINC) Y(X, i64_load32_u_add, BINC)
#define ACC_LDADDI_LIST(Y, X) \
    Y(X, i32_load_addi, UN) Y(X, i64_load_addi, UN) Y(X, f32_load_addi, UN) \
    Y(X, f64_load_addi, UN) Y(X, i32_load8_s_addi, UN) Y(X, i32_load8_u_addi, UN) \
    Y(X, i32_load16_s_addi, UN) Y(X, i32_load16_u_addi, UN) Y(X, i64_load8_s_addi, UN) \
    Y(X, i64_load8_u_addi, UN) Y(X, i64_load16_s_addi, UN) Y(X, i64_load16_u_addi, UN) \
    Y(X, i64_load32_s_addi, UN) Y(X, i64_load32_u_addi, UN)
#define ACC_LDIDX_LIST(Y, X) \
    Y(X, i32_load_idx, UN) Y(X, i64_load_idx, UN) Y(X, f32_load_idx, UN) \
    Y(X, f64_load_idx, UN) Y(X, i32_load8_s_idx, UN) Y(X, i32_load8_u_idx, UN) \
    Y(X, i32_load16_s_idx, UN) Y(X, i32_load16_u_idx, UN) Y(X, i64_load8_s_idx, UN) \
    Y(X, i64_load8_u_idx, UN) Y(X, i64_load16_s_idx, UN) Y(X, i64_load16_u_idx, UN) \
    Y(X, i64_load32_s_idx, UN) Y(X, i64_load32_u_idx, UN)
#define ACC_ST_LIST(Y, X) \
    Y(X, i32_store, ST) Y(X, i64_store, ST) Y(X, f32_store, ST) Y(X, f64_store, ST) \
    Y(X, i32_store8, ST) Y(X, i32_store16, ST) Y(X, i64_store8, ST) Y(X, i64_store16, ST) \
    Y(X, i64_store32, ST)
#define ACC_STADD_LIST(Y, X) \
    Y(X, i32_store_add, ST2) Y(X, i64_store_add, ST2) Y(X, f32_store_add, ST2) \
    Y(X, f64_store_add, ST2) Y(X, i32_store8_add, ST2) Y(X, i32_store16_add, ST2) \
    Y(X, i64_store8_add, ST2) Y(X, i64_store16_add, ST2) Y(X, i64_store32_add, ST2) \
    Y(X, i32_store_addi, ST2) Y(X, i64_store_addi, ST2) Y(X, f32_store_addi, ST2) \
    Y(X, f64_store_addi, ST2) Y(X, i32_store8_addi, ST2) Y(X, i32_store16_addi, ST2) \
    Y(X, i64_store8_addi, ST2) Y(X, i64_store16_addi, ST2) Y(X, i64_store32_addi, ST2)
#define ACC_BRC_LIST(Y, X) \
    Y(X, br_if_i32_eqz, BRC) Y(X, br_if_i32_eq, BRC) Y(X, br_if_i32_ne, BRC) \
    Y(X, br_if_i32_lt_s, BRC) Y(X, br_if_i32_lt_u, BRC) Y(X, br_if_i32_gt_s, BRC) \
    Y(X, br_if_i32_gt_u, BRC) Y(X, br_if_i32_le_s, BRC) Y(X, br_if_i32_le_u, BRC) \
    Y(X, br_if_i32_ge_s, BRC) Y(X, br_if_i32_ge_u, BRC) Y(X, br_unless_i32_eqz, BRC) \
    Y(X, br_unless_i32_eq, BRC) Y(X, br_unless_i32_ne, BRC) Y(X, br_unless_i32_lt_s, BRC) \
    Y(X, br_unless_i32_lt_u, BRC) Y(X, br_unless_i32_gt_s, BRC) \
    Y(X, br_unless_i32_gt_u, BRC) Y(X, br_unless_i32_le_s, BRC) \
    Y(X, br_unless_i32_le_u, BRC) Y(X, br_unless_i32_ge_s, BRC) \
    Y(X, br_unless_i32_ge_u, BRC)
#define ACC_BRCI_LIST(Y, X) \
    Y(X, br_if_i32_eq_imm, BR) Y(X, br_if_i32_ne_imm, BR) Y(X, br_if_i32_lt_s_imm, BR) \
    Y(X, br_if_i32_lt_u_imm, BR) Y(X, br_if_i32_gt_s_imm, BR) Y(X, br_if_i32_gt_u_imm, BR) \
    Y(X, br_if_i32_le_s_imm, BR) Y(X, br_if_i32_le_u_imm, BR) Y(X, br_if_i32_ge_s_imm, BR) \
    Y(X, br_if_i32_ge_u_imm, BR) Y(X, br_unless_i32_eq_imm, BR) \
    Y(X, br_unless_i32_ne_imm, BR) Y(X, br_unless_i32_lt_s_imm, BR) \
    Y(X, br_unless_i32_lt_u_imm, BR) Y(X, br_unless_i32_gt_s_imm, BR) \
    Y(X, br_unless_i32_gt_u_imm, BR) Y(X, br_unless_i32_le_s_imm, BR) \
    Y(X, br_unless_i32_le_u_imm, BR) Y(X, br_unless_i32_ge_s_imm, BR) \
    Y(X, br_unless_i32_ge_u_imm, BR) Y(X, br_if, BR) Y(X, br_unless, BR) Y(X, br_table, BR) \
    Y(X, br_table_and, BR)
#define ACC_FUSED_LIST(Y, X) \
    Y(X, i32_shr_u_and_imm, UN) Y(X, i32_add3, BINC) Y(X, select, SEL)
/* Floats: only comparisons (an integer result) and the branches on a
 * float compared with a constant take the register, which holds the
 * slot's bits. Float arithmetic through it pays two crossings between the
 * integer and SSE registers per op (stream +12%, raytrace -3..5%: not
 * kept); its handler macros have the _G form ready for an SSE register
 * of its own. */
#define ACC_FCMP_LIST(Y, X) \
    Y(X, f32_eq, CMP) Y(X, f32_ne, CMP) Y(X, f32_lt, CMP) Y(X, f32_gt, CMP) \
    Y(X, f32_le, CMP) Y(X, f32_ge, CMP) Y(X, f64_eq, CMP) Y(X, f64_ne, CMP) \
    Y(X, f64_lt, CMP) Y(X, f64_gt, CMP) Y(X, f64_le, CMP) Y(X, f64_ge, CMP)
#define ACC_FCMPI_LIST(Y, X) \
    Y(X, f32_eq_imm, UN) Y(X, f32_ne_imm, UN) Y(X, f32_lt_imm, UN) Y(X, f32_gt_imm, UN) \
    Y(X, f32_le_imm, UN) Y(X, f32_ge_imm, UN) Y(X, f64_eq_imm, UN) Y(X, f64_ne_imm, UN) \
    Y(X, f64_lt_imm, UN) Y(X, f64_gt_imm, UN) Y(X, f64_le_imm, UN) Y(X, f64_ge_imm, UN)
#define ACC_BRF_LIST(Y, X) \
    Y(X, br_if_f32_eq_imm, BR) Y(X, br_if_f32_ne_imm, BR) Y(X, br_if_f32_lt_imm, BR) \
    Y(X, br_if_f32_gt_imm, BR) Y(X, br_if_f32_le_imm, BR) Y(X, br_if_f32_ge_imm, BR) \
    Y(X, br_if_f64_eq_imm, BR) Y(X, br_if_f64_ne_imm, BR) Y(X, br_if_f64_lt_imm, BR) \
    Y(X, br_if_f64_gt_imm, BR) Y(X, br_if_f64_le_imm, BR) Y(X, br_if_f64_ge_imm, BR) \
    Y(X, br_unless_f32_eq_imm, BR) Y(X, br_unless_f32_ne_imm, BR) \
    Y(X, br_unless_f32_lt_imm, BR) Y(X, br_unless_f32_gt_imm, BR) \
    Y(X, br_unless_f32_le_imm, BR) Y(X, br_unless_f32_ge_imm, BR) \
    Y(X, br_unless_f64_eq_imm, BR) Y(X, br_unless_f64_ne_imm, BR) \
    Y(X, br_unless_f64_lt_imm, BR) Y(X, br_unless_f64_gt_imm, BR) \
    Y(X, br_unless_f64_le_imm, BR) Y(X, br_unless_f64_ge_imm, BR)
#define ACC_FIELD_LIST(Y, X) Y(X, i32_load_field, UN) Y(X, i64_load_field, UN)
#define ACC_PROD_LISTS(Y, X) ACC_UN_LIST(Y, X) ACC_BINC_LIST(Y, X) ACC_BIN_LIST(Y, X) \
    ACC_CMP_LIST(Y, X) ACC_BINI_LIST(Y, X) ACC_LD_LIST(Y, X) ACC_LDADD_LIST(Y, X) \
    ACC_LDADDI_LIST(Y, X) ACC_LDIDX_LIST(Y, X) ACC_FUSED_LIST(Y, X) ACC_FIELD_LIST(Y, X) \
    ACC_FCMP_LIST(Y, X) ACC_FCMPI_LIST(Y, X)
#define ACC_CONS_LISTS(Y, X) ACC_ST_LIST(Y, X) ACC_STADD_LIST(Y, X) ACC_BRC_LIST(Y, X) \
    ACC_BRCI_LIST(Y, X) Y(X, global_set, BR) ACC_BRF_LIST(Y, X)
#define ACC_V3(X, n, k) X(n##_o) X(n##_i) X(n##_io)
#define ACC_V1(X, n, k) X(n##_i)
#define ACC_OPS(X) ACC_PROD_LISTS(ACC_V3, X) ACC_CONS_LISTS(ACC_V1, X)
/* The memory variants, also built twice (interp.c GUARDED_OPS). */
#define ACC_MEM_OPS(X) ACC_LD_LIST(ACC_V3, X) ACC_LDADD_LIST(ACC_V3, X) \
    ACC_LDADDI_LIST(ACC_V3, X) ACC_LDIDX_LIST(ACC_V3, X) ACC_ST_LIST(ACC_V1, X) \
    ACC_STADD_LIST(ACC_V1, X) ACC_FIELD_LIST(ACC_V3, X)

#define BASE_OPS(X) \
    NUM_OPS(X) MEM_OPS(X) LOAD_ADD_OPS(X) STORE_ADD_OPS(X) STORE_IMM_OPS(X) CONST_OPS(X) FUSED_OPS(X) CALL_MOVE_OPS(X) SAT_OPS(X) CMP_BR_OPS(X) IMM_OPS(X) CMP_BR_IMM_OPS(X) FCMP_BR_IMM_OPS(X) MISC_OPS(X) \
    PAIR_OPS(X) SIMD_OPS(X) \
    ATOMIC_OPS(X)
#define ALL_OPS(X) BASE_OPS(X) ACC_OPS(X)

enum {
#define OP_ENUM(name) OP_##name,
    ALL_OPS(OP_ENUM)
#undef OP_ENUM
    OP_COUNT
};
#define OP_NUM_FIRST OP_i32_eqz
#define OP_MEM_FIRST OP_i32_load
#define OP_LOAD_ADD_FIRST OP_i32_load_add
#define OP_LOAD_ADDI_FIRST OP_i32_load_addi
#define OP_LOAD_IDX_FIRST OP_i32_load_idx
#define OP_LOAD_ABS_FIRST OP_i32_load_abs
#define OP_STORE_ADD_FIRST OP_i32_store_add
#define OP_STORE_ADDI_FIRST OP_i32_store_addi
#define OP_STORE_IMM_FIRST OP_i32_store_imm
#define OP_LOAD_MX_FIRST OP_i32_load_mx
#define OP_STORE_MX_FIRST OP_i32_store_mx
#define OP_LOAD_M64_FIRST OP_i32_load_m64
#define OP_STORE_M64_FIRST OP_i32_store_m64
#define OP_SAT_FIRST OP_i32_trunc_sat_f32_s
#define OP_CALL_MOVE_FIRST OP_call_1
#define OP_CALL_INDIRECT_MOVE_FIRST OP_call_indirect_1
#define OP_CALL_CONST_FIRST OP_call_c1
#define OP_CALL_INDIRECT_CONST_FIRST OP_call_indirect_c1
#define OP_BR_IF_FIRST OP_br_if_i32_eqz
#define OP_BR_UNLESS_FIRST OP_br_unless_i32_eqz
#define OP_BR_IF_IMM_FIRST OP_br_if_i32_eq_imm
#define OP_BR_UNLESS_IMM_FIRST OP_br_unless_i32_eq_imm
#define OP_BR_IF_FIMM_FIRST OP_br_if_f32_eq_imm
#define OP_BR_UNLESS_FIMM_FIRST OP_br_unless_f32_eq_imm

/* Multi-memory: the loop caches one memory's base and size (registers),
 * memory 0's, and every memory op other than memory_copy_mm and the
 * MEMX_OPS reads that current memory. Plain loads and stores on memory
 * N > 0 are the MEMX_OPS, which name it; any other op on memory N is
 * compiled as `mem_use [N]; op; mem_use0` (src/valid/memarg.c). Memory 0
 * pays nothing. Handlers must therefore reach memory only through the
 * loop's current memory (mem, mbase, msize in interp.c), never
 * inst->mem0.
 *
 * memory64: every access to a 64-bit memory is compared with its size.
 * Plain loads and stores are MEM64_OPS; SIMD and atomic accesses are
 * compiled as `mem_use64 [N][addr][offset][width]; op; mem_use0`:
 * mem_use64 checks the whole access and makes the current base the
 * memory's base plus the address's high 32 bits (msize less as much),
 * so the op, reading the address's low 32 bits, reaches the right byte.
 * memory.size's result is already an i64; grow/fill/init/copy on a
 * 64-bit memory, and table ops on a 64-bit table, have *64 forms. */

/* Fuel and interruption: check points at each function's entry and at
 * each loop's back-edges. A check tests the store's `checks` word and,
 * only if fuel is on or an interrupt pending, charges a cost (runtime.h
 * rt_fuel_charge): the number of wasm instructions of the function or
 * the loop body, nested loops' bodies included (their first iteration
 * is charged by the enclosing check, their others by their own
 * back-edges). The compiler emits `fuel [cost]` first in each function;
 * it runs only when a host call enters the function: guest calls make
 * the check themselves, charging the callee's word 1, and start at word
 * 2. Loop headers have no op, so entering a loop from above dispatches
 * nothing: a backward branch (only ever to a loop header) makes the
 * check, and only on its slow path looks up the loop's cost in the
 * code's `loops` (sorted by header; of loops sharing a header, the
 * first found is the outermost, whose cost is the largest). */

/* Tail calls (return_call*): the callee's frame replaces the caller's.
 * Its arguments (at base) move down to the frame's first slot, the call
 * record stack does not grow, and the callee starts at word 2 after the
 * fuel/interrupt check its `fuel` op would make, so a tail-call loop
 * stays bounded by fuel and interrupts. A host callee is called as by
 * `call`; its nres result slots then move to the frame's start and the
 * frame returns. */

/* Exception handlers (try_table catch clauses). A thrown exception is
 * looked up only when thrown: the innermost-first list of the function
 * whose code is running (or was calling) gives, for the word index of
 * the throwing instruction (a caller: its call's last word), the first
 * clause whose range holds it and whose tag matches. Its payload (and,
 * with `ref`, the exnref after it) goes to slots from dst, and the code
 * goes on at word `target`. Nothing runs for a try_table itself. */
#define INTERP_CATCH_ALL UINT32_MAX
typedef struct interp_handler {
    uint32_t start, end;  /* word indices: instructions in [start, end) */
    uint32_t tag;         /* tag index, or INTERP_CATCH_ALL */
    uint32_t dst;         /* first slot of the label's values */
    uint32_t target;      /* word index of the label */
    bool ref;             /* catch_ref / catch_all_ref */
} interp_handler;

/* A loop's fuel cost, by the word index of its header (see above). */
typedef struct interp_loop { uint32_t at, cost; } interp_loop;

struct interp_code {
    code_word *words;
    size_t nwords;
    interp_loop *loops;         /* sorted by `at`; NULL if none */
    uint32_t nloops;
    interp_handler *handlers;   /* innermost first; NULL if none */
    uint32_t nhandlers;
    uint32_t nparams;     /* parameter slots */
    uint32_t nlocals;     /* declared local slots (zeroed on entry) */
    uint32_t nslots;      /* whole frame: params + locals + max operand stack */
    uint32_t nresults;    /* result slots */
};

/* The handler table: the interpreter's label addresses (or op numbers). */
const void *const *interp_op_table(void);

/* A growing code buffer used by the compiler. Targets are emitted as word
 * indices and recorded, then turned into addresses by code_finish. */
typedef struct code_start { size_t pos; int op; } code_start;
typedef struct code_buf {
    code_word *w;
    size_t len, cap;
    size_t *relocs;
    size_t nrelocs, relocs_cap;
    /* Each instruction's first word and op, in order (code_op; a later
     * instruction emitted over discarded code drops the stale ones). */
    code_start *starts;
    size_t nstarts, starts_cap;
    bool oom;
    const void *const *table;
} code_buf;

void code_init(code_buf *b);
void code_op(code_buf *b, int op);
/* The op computing the same with its two operands exchanged: itself for
 * eq/ne, the flipped comparison for lt/gt/le/ge (NaN makes both sides
 * false alike), also for the i32 compare-and-branch ops; else -1. */
int code_op_swapped(int op);
/* The op of the instruction starting at pos (-1: none starts there). */
int code_op_at(const code_buf *b, size_t pos);
/* Change the op of the instruction starting at pos. */
void code_set_op(code_buf *b, size_t pos, int op);
void code_imm(code_buf *b, uint64_t v);
/* A target word; returns its position so it can be patched later. */
size_t code_target(code_buf *b, size_t target_index);
void code_patch(code_buf *b, size_t pos, size_t target_index);
/* Register forwarding (acc.c): rewrite producer/consumer pairs of
 * temporaries (slots >= stack_base) to their acc forms; handlers'
 * targets (word indices) are labels too. Before code_finish. */
void code_forward(code_buf *b, uint32_t stack_base, const interp_handler *h, size_t nh);
/* Does this build have the acc forms (interp.c)? */
bool interp_acc(void);
/* Finish into an interp_code (NULL on OOM); frees the buffer either way. */
struct interp_code *code_finish(code_buf *b);
void code_discard(code_buf *b);

#endif

/* pairs.h — producer→consumer fusions, generated from one table.
 *
 * Each row M(A, P, PK, PN, C, CK, side, K) says: op P writes a value
 * that the very next instruction (local.gets aside), op C, reads as one
 * operand. The fused op P__C_side_K computes P's value in a register
 * and goes straight on with C: one dispatch and one store/load through
 * the frame fewer. In a tmp row P's result is an operand-stack
 * temporary (the compiler checks its slot), dead after C since wasm
 * pops each value once: it is never written. A keep row also writes it
 * (to P's dst, a word after all the others but a branch target): a
 * local.tee'd value, which lives on. The compiler's peephole
 * (src/valid/pairs.c) and the handlers (interp.c, PAIR_*) are both
 * expanded from this table; adding a pair is adding a row (and, for an
 * op new to the table, its value macro PV_ or CV_ in interp.c).
 *
 * P: PK is ALU (no memory access) or LD (a load: its handler has the
 * guard-page and checked twins of every memory op); PN is the number of
 * P's operand words after its dst (P is always [dst][PN words]).
 * C: CK is its shape, side which operand is P's result (a: the first,
 * b: the second, c: either, for commutative C):
 *   BIN    [dst][x][y]          fused [dst][P words][other]
 *   BINI   [dst][x][k]          fused [dst][P words][k]      (side a)
 *   BR     [cond][t]            fused [P words][t]           (side a)
 *   BRCMP  [x][y][t]            fused [P words][other][t]
 *   BRCMPI [x][k][t]            fused [P words][k][t]        (side a)
 *   LD     [dst][addr][off]     fused [dst][P words][off]    (side a; P a
 *          load too: a pointer chase, each load checked before it is made)
 * A fused op whose P is a load traps, if it traps, before anything is
 * written, as P would.
 *
 * A producer may itself be a fused op of a row above (a triple), given
 * its value macros.
 *
 * Rows were chosen by dispatched op pairs (WEFT_PROFILE_OPS) over bench/
 * and public programs (bench/README.md, round 5 of session 4). */
#ifndef WEFT_INTERP_PAIRS_H
#define WEFT_INTERP_PAIRS_H

/* M(A, P, PK, PN, C, CK, side, K) for each row; A is passed through. */
#define PAIR_TABLE(M, A) \
    M(A, i32_shl_imm, ALU, 2, i32_add, BIN, c, tmp) \
    M(A, i32_shr_u_and_imm, ALU, 3, i32_add, BIN, c, tmp) \
    M(A, i32_add, ALU, 2, i32_sub_imm, BINI, a, tmp) \
    M(A, i32_add, ALU, 2, i32_add_imm, BINI, a, tmp) \
    M(A, i32_and_imm, ALU, 2, br_unless, BR, a, tmp) \
    M(A, i32_and_imm, ALU, 2, br_if_i32_eqz, BRCMP, a, tmp) \
    M(A, i32_and_imm, ALU, 2, br_unless_i32_eqz, BRCMP, a, tmp) \
    M(A, i32_load8_u, LD, 2, i32_and_imm, BINI, a, tmp) \
    M(A, i32_load8_u, LD, 2, br_if_i32_ne_imm, BRCMPI, a, tmp) \
    M(A, i32_load8_u, LD, 2, br_if_i32_eq, BRCMP, c, tmp) \
    M(A, i32_load, LD, 2, i32_xor, BIN, c, tmp) \
    M(A, i32_load, LD, 2, i32_load, LD, a, tmp) \
    M(A, i32_load8_u, LD, 2, i32_and_imm, BINI, a, keep) \
    M(A, i32_load8_u, LD, 2, br_if_i32_ne_imm, BRCMPI, a, keep) \
    M(A, i32_load8_u, LD, 2, br_unless_i32_eq, BRCMP, c, keep) \
    M(A, i32_load, LD, 2, i32_load, LD, a, keep) \
    M(A, i32_and_imm, ALU, 2, br_unless, BR, a, keep) \
    M(A, i32_load8_u__i32_and_imm_a_tmp, LD, 3, br_if, BR, a, tmp) \
    M(A, i32_load8_u__i32_and_imm_a_tmp, LD, 3, br_if_i32_eqz, BRCMP, a, tmp) \
    M(A, i32_sub_imm, ALU, 2, br_if, BR, a, keep) \
    M(A, i32_add_imm, ALU, 2, br_if, BR, a, keep) \
    M(A, i32_load8_u, LD, 2, br_unless, BR, a, keep) \
    M(A, i64_ne_imm, ALU, 2, br_if, BR, a, tmp) \
    M(A, f32_le_imm, ALU, 2, br_unless_i32_eqz, BRCMP, a, tmp)

/* The fused ops, for ALL_OPS (code.h). */
#define PAIR_OPS(X) PAIR_TABLE(PAIR_EACH_OP, X)
#define PAIR_EACH_OP(X, P, PK, PN, C, CK, side, K) X(P##__##C##_##side##_##K)
/* The fused ops that access memory (interp.c GUARDED_OPS). */
#define PAIR_LD_OPS(X) PAIR_TABLE(PAIR_EACH_LD, X)
#define PAIR_EACH_LD(X, P, PK, PN, C, CK, side, K) PAIR_IF_##PK(X, P##__##C##_##side##_##K)
#define PAIR_IF_LD(X, name) X(name)
#define PAIR_IF_ALU(X, name)

#endif

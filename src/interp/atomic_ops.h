/* atomic_ops.h — internal ops of the threads proposal (0xFE prefix),
 * added to ALL_OPS by code.h. Ops are per access width, not per wasm
 * type: slots hold results zero-extended, so i32.atomic.load16_u and
 * i64.atomic.load16_u are the same op. Every access is to memory 0.
 *
 *   load:    [dst][addr][offset]
 *   store:   [addr][value][offset]
 *   rmw:     [dst][addr][value][offset]
 *   cmpxchg: [dst][addr][expected][replacement][offset]
 *   notify:  [dst][addr][count][offset]
 *   wait:    [dst][addr][expected][timeout][offset]
 *   fence:   (none) */
#ifndef WEFT_INTERP_ATOMIC_OPS_H
#define WEFT_INTERP_ATOMIC_OPS_H

#define ATOMIC_WIDTHS(X, op) X(op##8) X(op##16) X(op##32) X(op##64)

#define ATOMIC_OPS(X) \
    ATOMIC_WIDTHS(X, atomic_load) ATOMIC_WIDTHS(X, atomic_store) \
    ATOMIC_WIDTHS(X, atomic_add) ATOMIC_WIDTHS(X, atomic_sub) \
    ATOMIC_WIDTHS(X, atomic_and) ATOMIC_WIDTHS(X, atomic_or) \
    ATOMIC_WIDTHS(X, atomic_xor) ATOMIC_WIDTHS(X, atomic_xchg) \
    ATOMIC_WIDTHS(X, atomic_cmpxchg) \
    X(atomic_notify) X(atomic_wait32) X(atomic_wait64) X(atomic_fence)

/* First op of each width group; + 0..3 for 8, 16, 32, 64 bits. */
#define OP_ATOMIC_LOAD OP_atomic_load8
#define OP_ATOMIC_STORE OP_atomic_store8
#define OP_ATOMIC_RMW_FIRST OP_atomic_add8   /* add sub and or xor xchg, 4 each */
#define OP_ATOMIC_CMPXCHG OP_atomic_cmpxchg8

#endif

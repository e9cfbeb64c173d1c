/* canon_cx.h — the lifting/lowering context of canon.c (LiftLowerContext),
 * shared with the async ABI's trampolines (async_task.c). */
#ifndef WEFT_CANON_CX_H
#define WEFT_CANON_CX_H

#include "comp_int.h"

typedef struct cx {
    wf_memory *mem;
    wf_func *realloc_;
    uint8_t enc;
    comp_inst *inst;         /* whose handle table */
    wf_arena *a;
    wf_trap *trap;
    uint32_t lent[64];       /* own handles lent as borrows for this call */
    uint32_t nlent;
    uint32_t borrowed[64];   /* borrow handles given to the callee */
    uint32_t nborrowed;
    bool fused;              /* guest to guest: both sides are components */
} cx;

#define MAX_FLAT_PARAMS 16
#define MAX_FLAT_RESULTS 1
#define MAX_FLAT_ASYNC_PARAMS 4

/* lower_flat_values: n values of types ts as core values (out, kinds
 * from the types), spilled through realloc'd memory when more than max
 * flat values; with a non-negative out_ptr, stored there instead. */
bool canon_lower_values(cx *c, comp_type *const *ts, uint32_t n, const comp_val *vals,
                        uint32_t max, int64_t out_ptr, wf_val *out, uint32_t *nout);
/* lift_flat_values: from core values (bits), through memory at bits[0]
 * when more than max flat values. */
bool canon_lift_values(cx *c, comp_type *const *ts, uint32_t n, const uint64_t *bits,
                       uint32_t nbits, uint32_t max, comp_val *out);
uint32_t canon_flat_count(comp_type *const *ts, uint32_t n);
uint64_t canon_val_bits(const wf_val *v);
wf_val canon_bits_val(uint8_t kind, uint64_t b);
void canon_end_lends(cx *c);
wf_trap *canon_cx_trap(cx *c);

#endif

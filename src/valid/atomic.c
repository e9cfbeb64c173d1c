/* atomic.c — validate and emit the threads proposal's 0xFE instructions
 * (the internal ops are listed in src/interp/atomic_ops.h). */
#include "func_int.h"

#define TRY(x) do { if (!(x)) return false; } while (0)

/* Within each group of seven (loads 0x10, stores 0x17, rmw add 0x1E, sub,
 * and, or, xor, xchg, cmpxchg 0x48): log2 of the access width and the
 * operand type. */
static const uint8_t group_width[7] = { 2, 3, 0, 1, 0, 1, 2 };
static const uint8_t group_type[7] = { WF_I32, WF_I64, WF_I32, WF_I32, WF_I64, WF_I64, WF_I64 };

/* memarg: the alignment must be exactly the access's natural one. */
static bool atomic_memarg(vstate *v, uint32_t log2, uint32_t *mem, uint64_t *offset) {
    uint32_t align;
    TRY(vs_memarg(v, &align, mem, offset));
    if (align != log2) return vs_invalid(v, "alignment must be exactly natural");
    return true;
}

/* Pop n operands (types in[], last on top), push `out` unless 0, then
 * emit op with [dst] (if out) then the operand slots, then the offset;
 * on a memory other than 0 bracketed (memarg.c). */
static bool pop_emit(vstate *v, int op, const uint8_t *in, int n, uint8_t out,
                     uint32_t mem, uint64_t offset, uint32_t log2) {
    bool live = vs_live(v);
    uint32_t slots[3];
    /* in[0], the address, has the memory's address type (memory64). */
    for (int i = n; i-- > 0;) TRY(vs_pop_at(v, i ? in[i] : vs_addr_type(v, mem), &slots[i]));
    uint32_t dst = vs_slot(v, v->nvals);
    if (out) TRY(vs_push(v, out));
    if (!live) return true;
    size_t start = vs_mem_begin_at(v, mem, slots[0], offset, 1u << log2);
    code_op(&v->code, op);
    if (out) code_imm(&v->code, dst);
    for (int i = 0; i < n; i++) code_imm(&v->code, slots[i]);
    code_imm(&v->code, offset);
    vs_mem_end(v, mem, start);
    return true;
}

static bool wait_notify(vstate *v, uint32_t sub) {
    uint32_t mem, log2 = sub == 2 ? 3 : 2;
    uint64_t offset;
    TRY(atomic_memarg(v, log2, &mem, &offset));
    if (sub == 0) {
        uint8_t in[] = { WF_I32, WF_I32 };
        return pop_emit(v, OP_atomic_notify, in, 2, WF_I32, mem, offset, log2);
    }
    uint8_t in[] = { WF_I32, sub == 1 ? WF_I32 : WF_I64, WF_I64 };
    return pop_emit(v, sub == 1 ? OP_atomic_wait32 : OP_atomic_wait64, in, 3, WF_I32, mem, offset, log2);
}

bool vs_atomic(vstate *v) {
    uint32_t sub, mem;
    uint64_t offset;
    TRY(vs_u32(v, &sub));
    if (sub <= 2) return wait_notify(v, sub);
    if (sub == 3) {
        TRY(vs_zero_byte(v));
        if (vs_live(v)) code_op(&v->code, OP_atomic_fence);
        return true;
    }
    if (sub < 0x10 || sub > 0x4e) return vs_malformed(v, "illegal opcode");
    uint32_t group = (sub - 0x10) / 7, k = (sub - 0x10) % 7;
    uint32_t log2 = group_width[k];
    uint8_t t = group_type[k];
    TRY(atomic_memarg(v, log2, &mem, &offset));
    if (group == 0) {
        uint8_t in[] = { WF_I32 };
        return pop_emit(v, OP_ATOMIC_LOAD + (int)log2, in, 1, t, mem, offset, log2);
    }
    if (group == 1) {
        uint8_t in[] = { WF_I32, t };
        return pop_emit(v, OP_ATOMIC_STORE + (int)log2, in, 2, 0, mem, offset, log2);
    }
    if (group == 8) {
        uint8_t in[] = { WF_I32, t, t };
        return pop_emit(v, OP_ATOMIC_CMPXCHG + (int)log2, in, 3, t, mem, offset, log2);
    }
    uint8_t in[] = { WF_I32, t };
    int op = OP_ATOMIC_RMW_FIRST + 4 * (int)(group - 2) + (int)log2;
    return pop_emit(v, op, in, 2, t, mem, offset, log2);
}

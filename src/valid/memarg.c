/* memarg.c — memory immediates (multi-memory, WebAssembly 3.0) and the
 * code that brackets an op on a memory other than 0.
 *
 * Memory 0 keeps the interpreter's fast path: its base and size are
 * cached in the loop's registers and its plain ops name no memory. Plain
 * loads and stores on memory N > 0 are ops of their own that name it
 * (instr.c memop_other, code.h MEMX_OPS). Every other op on memory N
 * (SIMD, atomics, memory.size/grow/fill/init) is emitted as
 * `mem_use [N]; op; mem_use0`: the first switches the cached memory to N,
 * the op runs as it would on memory 0 (guard pages or compares alike,
 * since every 32-bit memory has the same reservation), the last switches
 * back. The three act as one instruction for the compiler's peephole
 * state (vs_mem_end). */
#include <stdio.h>

#include "func_int.h"

#define TRY(x) do { if (!(x)) return false; } while (0)

bool vs_memidx_check(vstate *v, uint32_t mem) {
    if (mem < bin_total_memories(v->m)) return true;
    char msg[40];
    snprintf(msg, sizeof msg, "unknown memory %u", mem);
    return vs_invalid(v, msg);
}

bool vs_memidx(vstate *v, uint32_t *mem) {
    TRY(vs_u32(v, mem));
    return vs_memidx_check(v, *mem);
}

/* flags (< 0x80; bit 6: a memory index follows; bits 0-5: log2 of the
 * alignment), [memory index], offset — as the 3.0 reference reads it. */
bool vs_memarg(vstate *v, uint32_t *align, uint32_t *mem, uint32_t *offset) {
    uint32_t flags;
    TRY(vs_u32(v, &flags));
    if (flags >= 0x80) return vs_malformed(v, "malformed memop flags");
    *mem = 0;
    if (flags & 0x40) TRY(vs_u32(v, mem));
    TRY(vs_u32(v, offset));
    *align = flags & 0x3f;
    return vs_memidx_check(v, *mem);
}

size_t vs_mem_begin(vstate *v, uint32_t mem) {
    size_t start = v->code.len;
    if (mem && vs_live(v)) {
        code_op(&v->code, OP_mem_use);
        code_imm(&v->code, mem);
    }
    return start;
}

/* After the op: switch back, and make the three words' run look like
 * one instruction that no peephole knows (last_op), whose dst word (if
 * any) local.set may still retarget (last_dst is kept). */
void vs_mem_end(vstate *v, uint32_t mem, size_t start) {
    if (!mem || !vs_live(v)) return;
    code_op(&v->code, OP_mem_use0);
    v->last_start = start;
    v->last_op = OP_mem_use;
    v->ld_start = v->la_start = v->ai_start = v->sa_start = NONE;
}

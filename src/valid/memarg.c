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

bool vs_mem64(const vstate *v, uint32_t mem) {
    return mem < bin_total_memories(v->m) && bin_memory_type(v->m, mem).limits.is64;
}

uint8_t vs_addr_type(const vstate *v, uint32_t mem) {
    return vs_mem64(v, mem) ? WF_I64 : WF_I32;
}

/* flags (< 0x80; bit 6: a memory index follows; bits 0-5: log2 of the
 * alignment), [memory index], offset — as the 3.0 reference reads it.
 * The offset is a u64 (memory64); a 32-bit memory's must fit in 32 bits. */
bool vs_memarg(vstate *v, uint32_t *align, uint32_t *mem, uint64_t *offset) {
    uint32_t flags;
    const char *why = NULL;
    TRY(vs_u32(v, &flags));
    if (flags >= 0x80) return vs_malformed(v, "malformed memop flags");
    *mem = 0;
    if (flags & 0x40) TRY(vs_u32(v, mem));
    if (!wf_read_u64(&v->r, offset, &why)) return vs_malformed(v, why ? why : "unexpected end");
    *align = flags & 0x3f;
    TRY(vs_memidx_check(v, *mem));
    if (!vs_mem64(v, *mem) && *offset > UINT32_MAX) return vs_invalid(v, "offset out of range");
    return true;
}

/* Memory 0 of 32 bits needs no bracket; any other memory, or a 64-bit
 * memory 0, does. */
static bool bracketed(const vstate *v, uint32_t mem) { return mem || vs_mem64(v, mem); }

size_t vs_mem_begin(vstate *v, uint32_t mem) {
    size_t start = v->code.len;
    if (bracketed(v, mem) && vs_live(v)) {
        code_op(&v->code, OP_mem_use);
        code_imm(&v->code, mem);
    }
    return start;
}

/* An access of `width` bytes at (slot addr) + offset. On a 64-bit memory
 * the bracket opens with mem_use64, which checks the whole access (i64
 * address, u64 offset: guard pages cannot cover them) and makes the
 * current base the memory's base plus the address's high 32 bits, so the
 * op, which adds the address's low 32 bits and the offset, reaches the
 * right byte unchanged (alignment too: the high part is a multiple of
 * 2^32). */
size_t vs_mem_begin_at(vstate *v, uint32_t mem, uint32_t addr, uint64_t offset, uint32_t width) {
    if (!vs_mem64(v, mem)) return vs_mem_begin(v, mem);
    size_t start = v->code.len;
    if (vs_live(v)) {
        code_op(&v->code, OP_mem_use64);
        code_imm(&v->code, mem);
        code_imm(&v->code, addr);
        code_imm(&v->code, offset);
        code_imm(&v->code, width);
    }
    return start;
}

/* After the op: switch back, and make the three words' run look like
 * one instruction that no peephole knows (last_op), whose dst word (if
 * any) local.set may still retarget (last_dst is kept). */
void vs_mem_end(vstate *v, uint32_t mem, size_t start) {
    if (!bracketed(v, mem) || !vs_live(v)) return;
    code_op(&v->code, OP_mem_use0);
    v->last_start = start;
    v->last_op = OP_mem_use;
    v->ld_start = v->la_start = v->ai_start = v->sa_start = NONE;
}

/* simd.c — validate and emit the 128-bit SIMD instructions (0xFD prefix).
 *
 * One table row per instruction (src/interp/simd_ops.h) gives its class:
 * the operand types it pops and pushes and the immediates it carries.
 * A v128 operand takes two slots; the stack code in func.c places it. */
#include <string.h>

#include "func_int.h"

#define TRY(x) do { if (!(x)) return false; } while (0)

enum {
    SC_NONE, SC_LOAD, SC_STORE, SC_CONST, SC_SHUFFLE, SC_SPLAT, SC_EXTRACT, SC_REPLACE,
    SC_BIN, SC_UN, SC_TERN, SC_TEST, SC_SHIFT, SC_LDLANE, SC_STLANE
};

typedef struct simd_row {
    uint16_t op;     /* internal op */
    uint8_t cls;     /* SC_* (SC_NONE: no such instruction) */
    char type;       /* scalar lane type: i I f F */
    uint8_t n;       /* lanes, or log2 of the access size */
} simd_row;

#define SIMD_ROW(X, name, sub, cls, type, n) [sub] = { OP_##name, cls, type, n },
/* Subopcodes 0..0xff, then relaxed SIMD's 0x100..0x113. */
#define SIMD_NSUB 0x114
static const simd_row rows[SIMD_NSUB] = { SIMD_TABLE(SIMD_ROW, _) };
#undef SIMD_ROW

static uint8_t scalar_type(char c) {
    switch (c) {
    case 'i': return WF_I32;
    case 'I': return WF_I64;
    case 'f': return WF_F32;
    default: return WF_F64;
    }
}

/* Emit op whose result is the new top operand at `dst` (see instr.c's
 * emit_result: local.set may retarget the dst word). */
static void emit_result(vstate *v, int op, uint32_t dst) {
    v->last_start = v->code.len;
    code_op(&v->code, op);
    v->last_dst = v->code.len;
    v->last_op = op;
    code_imm(&v->code, dst);
}

static bool memarg(vstate *v, uint8_t log2size, uint32_t *mem, uint64_t *offset) {
    uint32_t align;
    TRY(vs_memarg(v, &align, mem, offset));
    if (align > log2size) return vs_invalid(v, "alignment must not be larger than natural");
    return true;
}

static bool lane_index(vstate *v, uint32_t lanes, uint8_t *lane) {
    TRY(vs_byte(v, lane));
    if (*lane >= lanes) return vs_invalid(v, "invalid lane index");
    return true;
}

static bool read16(vstate *v, uint64_t *lo, uint64_t *hi) {
    if (v->r.end - v->r.p < 16) return vs_malformed(v, "unexpected end");
    memcpy(lo, v->r.p, 8);   /* little-endian host, as the interpreter */
    memcpy(hi, v->r.p + 8, 8);
    v->r.p += 16;
    return true;
}

/* Pop the operands (types in order, deepest first), push `out` (0: none);
 * *dst is the result's slot, s[] the operands'. */
static bool pop_push(vstate *v, const uint8_t *in, int nin, uint8_t out, uint32_t *s, uint32_t *dst) {
    for (int i = nin; i-- > 0;) TRY(vs_pop_at(v, in[i], &s[i]));
    *dst = vs_slot(v, v->nvals);
    return out ? vs_push(v, out) : true;
}

/* Loads and stores; on a memory other than 0 bracketed by mem_class. */
static bool mem_class_op(vstate *v, const simd_row *row, uint32_t *mem, size_t *start) {
    uint32_t s[2], dst;
    uint64_t offset;
    uint8_t lane = 0;
    TRY(memarg(v, row->n, mem, &offset));
    if (row->cls == SC_LDLANE || row->cls == SC_STLANE) TRY(lane_index(v, 16u >> row->n, &lane));
    bool live = vs_live(v);
    /* The access is as wide as its natural alignment (memory64's check). */
    uint32_t width = 1u << row->n;
    const uint8_t addr_vec[] = { vs_addr_type(v, *mem), WF_V128 };
    switch (row->cls) {
    case SC_LOAD:
        TRY(pop_push(v, addr_vec, 1, WF_V128, s, &dst));
        if (!live) return true;
        *start = vs_mem_begin_at(v, *mem, s[0], offset, width);
        emit_result(v, row->op, dst);
        code_imm(&v->code, s[0]);
        code_imm(&v->code, offset);
        return true;
    case SC_LDLANE:
        TRY(pop_push(v, addr_vec, 2, WF_V128, s, &dst));
        if (!live) return true;
        *start = vs_mem_begin_at(v, *mem, s[0], offset, width);
        emit_result(v, row->op, dst);
        break;
    default:   /* stores */
        TRY(pop_push(v, addr_vec, 2, 0, s, &dst));
        if (!live) return true;
        *start = vs_mem_begin_at(v, *mem, s[0], offset, width);
        code_op(&v->code, row->op);
        break;
    }
    code_imm(&v->code, s[0]);
    code_imm(&v->code, s[1]);
    code_imm(&v->code, offset);
    if (row->cls != SC_STORE) code_imm(&v->code, lane);
    return true;
}

static bool mem_class(vstate *v, const simd_row *row) {
    uint32_t mem = 0;
    size_t start = 0;
    TRY(mem_class_op(v, row, &mem, &start));
    vs_mem_end(v, mem, start);
    return true;
}

/* Instructions whose immediates (if any) follow the operand slots. */
static bool value_class(vstate *v, const simd_row *row) {
    uint8_t in[3] = { WF_V128, WF_V128, WF_V128 }, out = WF_V128, lane = 0;
    int nin = 2;
    uint64_t lo = 0, hi = 0;
    switch (row->cls) {
    case SC_CONST: nin = 0; TRY(read16(v, &lo, &hi)); break;
    case SC_SHUFFLE: {
        TRY(read16(v, &lo, &hi));
        uint8_t idx[16];
        memcpy(idx, v->r.p - 16, 16);
        for (int i = 0; i < 16; i++)
            if (idx[i] >= 32) return vs_invalid(v, "invalid lane index");
        break;
    }
    case SC_SPLAT: nin = 1; in[0] = scalar_type(row->type); break;
    case SC_EXTRACT: nin = 1; out = scalar_type(row->type); TRY(lane_index(v, row->n, &lane)); break;
    case SC_REPLACE: in[1] = scalar_type(row->type); TRY(lane_index(v, row->n, &lane)); break;
    case SC_UN: nin = 1; break;
    case SC_TERN: nin = 3; break;
    case SC_TEST: nin = 1; out = WF_I32; break;
    case SC_SHIFT: in[1] = WF_I32; break;
    default: break;   /* SC_BIN */
    }
    bool live = vs_live(v);
    uint32_t s[3], dst;
    TRY(pop_push(v, in, nin, out, s, &dst));
    if (!live) return true;
    emit_result(v, row->op, dst);
    for (int i = 0; i < nin; i++) code_imm(&v->code, s[i]);
    if (row->cls == SC_CONST || row->cls == SC_SHUFFLE) {
        code_imm(&v->code, lo);
        code_imm(&v->code, hi);
    }
    if (row->cls == SC_EXTRACT || row->cls == SC_REPLACE) code_imm(&v->code, lane);
    return true;
}

bool vs_simd(vstate *v) {
    uint32_t sub;
    TRY(vs_u32(v, &sub));
    if (sub >= SIMD_NSUB || rows[sub].cls == SC_NONE) return vs_malformed(v, "illegal opcode");
    const simd_row *row = &rows[sub];
    switch (row->cls) {
    case SC_LOAD: case SC_STORE: case SC_LDLANE: case SC_STLANE: return mem_class(v, row);
    default: return value_class(v, row);
    }
}

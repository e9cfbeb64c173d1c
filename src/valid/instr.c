/* instr.c — validate and emit one instruction. */
#include <stdlib.h>
#include <string.h>

#include "func_int.h"

#define TRY(x) do { if (!(x)) return false; } while (0)

static uint8_t type_of_char(char c) {
    switch (c) {
    case 'i': return WF_I32;
    case 'I': return WF_I64;
    case 'f': return WF_F32;
    default: return WF_F64;
    }
}

/* Signature of numeric opcode 0x45..0xC4. */
static void num_sig(uint8_t op, uint8_t *tin, int *nin, uint8_t *tout) {
    static const char conv_in[] = "IffFFiiffFFiiIIFiiIIffFiIiiIII";
    static const char conv_out[] = "iiiiiIIIIIIfffffFFFFFiIfFiiIII";
    if (op >= 0xa7) {
        *nin = 1;
        *tin = type_of_char(conv_in[op - 0xa7]);
        *tout = type_of_char(conv_out[op - 0xa7]);
        return;
    }
    struct { uint8_t last; uint8_t in; int n; uint8_t out; } r[] = {
        { 0x45, WF_I32, 1, WF_I32 }, { 0x4f, WF_I32, 2, WF_I32 },
        { 0x50, WF_I64, 1, WF_I32 }, { 0x5a, WF_I64, 2, WF_I32 },
        { 0x60, WF_F32, 2, WF_I32 }, { 0x66, WF_F64, 2, WF_I32 },
        { 0x69, WF_I32, 1, WF_I32 }, { 0x78, WF_I32, 2, WF_I32 },
        { 0x7b, WF_I64, 1, WF_I64 }, { 0x8a, WF_I64, 2, WF_I64 },
        { 0x91, WF_F32, 1, WF_F32 }, { 0x98, WF_F32, 2, WF_F32 },
        { 0x9f, WF_F64, 1, WF_F64 }, { 0xa6, WF_F64, 2, WF_F64 },
    };
    for (size_t i = 0;; i++)
        if (op <= r[i].last) { *tin = r[i].in; *nin = r[i].n; *tout = r[i].out; return; }
}

/* Start an instruction whose result is the new top operand (at its home
 * slot): later local.set may retarget its dst word, br_if may fuse it. */
static void emit_result(vstate *v, int op, uint32_t dst) {
    v->last_start = v->code.len;
    code_op(&v->code, op);
    v->last_dst = v->code.len;
    v->last_op = op;
    code_imm(&v->code, dst);
}

/* The immediate form of a binary operator, or -1. */
static int imm_form(int op) {
    switch (op) {
#define IMM_CASE(name) case OP_##name: return OP_##name##_imm;
    IMM_BASE(IMM_CASE)
#undef IMM_CASE
    default: return -1;
    }
}

static bool commutative(int op) {
    switch (op) {
    case OP_i32_eq: case OP_i32_ne: case OP_i32_add: case OP_i32_mul: case OP_i32_and:
    case OP_i32_or: case OP_i32_xor: case OP_i64_eq: case OP_i64_ne: case OP_i64_add:
    case OP_i64_mul: case OP_i64_and: case OP_i64_or: case OP_i64_xor:
    case OP_f32_add: case OP_f32_mul: case OP_f64_add: case OP_f64_mul:
        return true;
    default:
        return false;
    }
}

/* The operator that gives op(k, x) as op'(x, k), for a constant first
 * operand: op itself if commutative, the mirrored comparison, else -1. */
static int mirrored(int op) { return commutative(op) ? op : code_op_swapped(op); }

/* (func_int.h) */
bool vs_take_prev(vstate *v, int op, uint32_t slot, size_t *start) {
    if (v->prev_dst == NONE || v->prev_end != v->code.len || v->prev_op != op) return false;
    if (v->code.w[v->prev_dst].u != slot || slot < v->stack_base) return false;
    *start = v->prev_start;
    return true;
}

/* A commutative operator (add, xor) of a just-computed [dst][x][y]
 * `first` and another operand: one `fused` [dst][x][y][other] (add3:
 * a+b+c; rotl_xor: rotl(x,k)^y, SHA-256's rounds; mul_add: x*y+z, each
 * step rounded as wasm requires, never an FMA). */
static bool fuse_pair(vstate *v, int first, int fused, uint32_t a, uint32_t b, uint32_t dst) {
    size_t p;
    uint32_t other;
    if (vs_take_prev(v, first, b, &p)) other = a;
    else if (vs_take_prev(v, first, a, &p)) other = b;
    else return false;
    uint64_t x = v->code.w[p + 2].u, y = v->code.w[p + 3].u;
    v->code.len = p;
    emit_result(v, fused, dst);
    code_imm(&v->code, x);
    code_imm(&v->code, y);
    code_imm(&v->code, other);
    return true;
}

/* (x >> s) & m, the mask a folded constant: the instruction before is
 * the shift. */
static bool fuse_shr_and(vstate *v, uint32_t a, uint32_t dst, uint64_t m) {
    size_t p;
    if (!vs_take_prev(v, OP_i32_shr_u_imm, a, &p)) return false;
    uint64_t x = v->code.w[p + 2].u, sh = v->code.w[p + 3].u;
    v->code.len = p;
    emit_result(v, OP_i32_shr_u_and_imm, dst);
    code_imm(&v->code, x);
    code_imm(&v->code, sh);
    code_imm(&v->code, m);
    return true;
}

/* x + k right after a plain i32.load (ld_start, see func_int.h), which
 * is independent (`x = *pc; pc += 4`, a VM's fetch) or gives x: one
 * i32_load_add_imm doing the load, then the add. */
static bool fuse_load_add(vstate *v, uint32_t a, uint32_t dst, uint64_t k) {
    if (v->ld_start == NONE || v->ld_end != v->code.len || v->code.oom) return false;
    size_t p = v->ld_start;
    uint64_t ldst = v->code.w[p + 1].u, addr = v->code.w[p + 2].u, off = v->code.w[p + 3].u;
    v->code.len = p;
    v->ld_start = NONE;
    emit_result(v, OP_i32_load_add_imm, dst);
    code_imm(&v->code, a);
    code_imm(&v->code, k);
    code_imm(&v->code, ldst);
    code_imm(&v->code, addr);
    code_imm(&v->code, off);
    v->la_start = p;
    v->la_end = v->code.len;
    return true;
}

/* After emitting op: remember an i32_add_imm (ai_start, func_int.h). */
static void note_add_imm(vstate *v, int op) {
    if (op != OP_i32_add_imm) return;
    v->ai_start = v->last_start;
    v->ai_end = v->code.len;
}

/* k op a for a folded constant k and an operator that does not commute
 * and has a reversed immediate form (code.h REV_IMM_OPS), or -1. */
static int reversed_imm(int op) {
    switch (op) {
    case OP_i32_sub: return OP_i32_rsub_imm;
    case OP_f32_sub: return OP_f32_rsub_imm;
    case OP_f64_sub: return OP_f64_rsub_imm;
    case OP_f32_div: return OP_f32_rdiv_imm;
    case OP_f64_div: return OP_f64_rdiv_imm;
    default: return -1;
    }
}

/* op(a, k) for a folded constant k: its immediate form iop, or a fusion. */
static bool emit_imm(vstate *v, int op, int iop, uint32_t a, uint32_t dst, uint64_t k) {
    if (op == OP_i32_and && fuse_shr_and(v, a, dst, k)) return true;
    if (op == OP_i32_add && fuse_load_add(v, a, dst, k)) return true;
    emit_result(v, iop, dst);
    code_imm(&v->code, a);
    code_imm(&v->code, k);
    note_add_imm(v, iop);
    vs_pair_fuse(v, v->last_start, iop);
    return true;
}

/* A binary operator with a folded constant operand: the immediate form,
 * the constant taken as second operand (mirrored() if it is the first).
 * False, with nothing popped, when there is none. */
static bool simple_imm(vstate *v, int op, uint8_t tin, uint8_t tout, bool *done) {
    uint64_t k;
    uint32_t a, b;
    int iop = imm_form(op), mop = iop >= 0 ? mirrored(op) : -1, rop = reversed_imm(op);
    *done = true;
    if (iop >= 0 && vs_is_const(v, 0, &k)) {
        TRY(vs_pop_folded(v, tin, &b, &k));
        TRY(vs_pop_at(v, tin, &a));
    } else if ((mop >= 0 || rop >= 0) && vs_is_const(v, 1, &k)) {
        TRY(vs_pop_at(v, tin, &b));
        TRY(vs_pop_folded(v, tin, &a, &k));
        a = b;
        op = mop >= 0 ? mop : op;
        iop = mop >= 0 ? imm_form(mop) : rop;
    } else {
        *done = false;
        return true;
    }
    uint32_t dst = vs_slot(v, v->nvals);
    TRY(vs_push(v, tout));
    return emit_imm(v, op, iop, a, dst, k);
}

/* Pop operands, push the result, emit [op][dst][a][b]. */
static bool simple(vstate *v, int op, uint8_t tin, int nin, uint8_t tout) {
    bool live = vs_live(v), done;
    uint32_t a = 0, b = 0;
    uint64_t k;
    if (op < 0 && live && vs_is_const(v, 0, &k)) {
        /* reinterpret of a constant: the same bits, still folded */
        TRY(vs_pop_folded(v, tin, &a, &k));
        return vs_push_const(v, tout, k);
    }
    if (nin == 2 && op >= 0 && live) {
        TRY(simple_imm(v, op, tin, tout, &done));
        if (done) return true;
    }
    if (nin == 2) TRY(vs_pop_at(v, tin, &b));
    TRY(vs_pop_at(v, tin, &a));
    if (op < 0) return vs_push_at(v, tout, a);   /* reinterpret: same bits */
    uint32_t dst = vs_slot(v, v->nvals);
    TRY(vs_push(v, tout));
    if (!live) return true;
    if (op == OP_i32_add && fuse_pair(v, OP_i32_add, OP_i32_add3, a, b, dst)) return true;
    if (op == OP_i32_xor && fuse_pair(v, OP_i32_rotl_imm, OP_i32_rotl_xor, a, b, dst)) return true;
    if (op == OP_f32_add && fuse_pair(v, OP_f32_mul, OP_f32_mul_add, a, b, dst)) return true;
    if (op == OP_f64_add && fuse_pair(v, OP_f64_mul, OP_f64_mul_add, a, b, dst)) return true;
    emit_result(v, op, dst);
    code_imm(&v->code, a);
    if (nin == 2) code_imm(&v->code, b);
    vs_pair_fuse(v, v->last_start, op);
    return true;
}

static bool is_reinterpret(uint8_t op) { return op >= 0xbc && op <= 0xbf; }

static bool numeric(vstate *v, uint8_t op) {
    uint8_t tin, tout;
    int nin;
    num_sig(op, &tin, &nin, &tout);
    return simple(v, is_reinterpret(op) ? -1 : OP_NUM_FIRST + (op - 0x45), tin, nin, tout);
}

/* ---- memory ----------------------------------------------------------- */

/* A load (k: its index in MEM_OPS) at base + (x << s) or, for i32.load
 * and i64.load, base + ((x >> s) & m), the add and the shift (or field
 * extract, i32_shr_u_and_imm) computed just before into temporaries:
 * one NAME_idx [dst][base][x][s][offset] (array indexing `a[i]`) or
 * NAME_field [dst][base][x][s][m][offset] (a register VM's operand
 * fetch, `regs[(ins >> 5) & 0x7f8]`). */
static bool fuse_load_scaled(vstate *v, int k, uint32_t addr, uint32_t dst, uint32_t offset) {
    size_t p;
    if (!vs_take_prev(v, OP_i32_add, addr, &p)) return false;
    bool field = v->pprev_op == OP_i32_shr_u_and_imm;
    if (v->pprev_dst == NONE || v->pprev_end != p || !(field || v->pprev_op == OP_i32_shl_imm))
        return false;
    if (field && k > 1) return false;
    uint32_t t = (uint32_t)v->code.w[v->pprev_dst].u;
    uint64_t a = v->code.w[p + 2].u, b = v->code.w[p + 3].u;
    if (t < v->stack_base || (a == t) == (b == t)) return false;
    uint64_t base = a == t ? b : a;
    size_t q = v->pprev_start;
    uint64_t x = v->code.w[q + 2].u, sh = v->code.w[q + 3].u, m = field ? v->code.w[q + 4].u : 0;
    v->code.len = q;
    emit_result(v, field ? (k == 0 ? OP_i32_load_field : OP_i64_load_field) : OP_LOAD_IDX_FIRST + k, dst);
    code_imm(&v->code, base);
    code_imm(&v->code, x);
    code_imm(&v->code, sh);
    if (field) code_imm(&v->code, m);
    code_imm(&v->code, offset);
    return true;
}

/* A store (k: its index in MEM_OPS) of a local (val) at a sum computed
 * by the add just before the local.get (sa_prev_*, nothing between):
 * one NAME_add [a][b][val][offset] or NAME_addi [a][k][val][offset]. The
 * add never runs, so its operands are read by the store; no code came
 * between, so they still hold what the add would have read. */
static bool fuse_store_add(vstate *v, int k, uint32_t addr, uint32_t val, uint32_t offset) {
    size_t p = v->sa_prev_start;
    if (p == NONE || v->sa_prev_end != v->code.len || v->code.oom) return false;
    if (v->code.w[v->sa_prev_dst].u != addr || addr < v->stack_base || val >= v->stack_base)
        return false;
    int first = v->sa_prev_op == OP_i32_add ? OP_STORE_ADD_FIRST : OP_STORE_ADDI_FIRST;
    uint64_t x = v->code.w[p + 2].u, y = v->code.w[p + 3].u;
    v->code.len = p;
    code_op(&v->code, first + (k - 14));
    code_imm(&v->code, x);
    code_imm(&v->code, y);
    code_imm(&v->code, val);
    code_imm(&v->code, offset);
    return true;
}

/* A load or store on memory mem > 0: NAME_mx naming it (code.h
 * MEMX_OPS), never fused (the fused forms read memory 0); on a 64-bit
 * memory (0 included) NAME_m64 (MEM64_OPS), with an i64 address. */
static bool memop_other(vstate *v, int k, uint8_t t, uint32_t mem, uint64_t offset) {
    bool live = vs_live(v), m64 = vs_mem64(v, mem);
    uint8_t at = m64 ? WF_I64 : WF_I32;
    uint32_t addr, val;
    if (k < 14) {
        TRY(vs_pop_at(v, at, &addr));
        uint32_t dst = vs_slot(v, v->nvals);
        TRY(vs_push(v, t));
        if (!live) return true;
        emit_result(v, (m64 ? OP_LOAD_M64_FIRST : OP_LOAD_MX_FIRST) + k, dst);
        code_imm(&v->code, addr);
    } else {
        TRY(vs_pop_at(v, t, &val));
        TRY(vs_pop_at(v, at, &addr));
        if (!live) return true;
        code_op(&v->code, (m64 ? OP_STORE_M64_FIRST : OP_STORE_MX_FIRST) + (k - 14));
        code_imm(&v->code, addr);
        code_imm(&v->code, val);
    }
    code_imm(&v->code, offset);
    code_imm(&v->code, mem);
    return true;
}

static bool memop(vstate *v, uint8_t op) {
    static const uint8_t natural[] = { 2, 3, 2, 3, 0, 0, 1, 1, 0, 0, 1, 1, 2, 2,
                                       2, 3, 2, 3, 0, 1, 0, 1, 2 };
    static const char types[] = "iIfFiiiiIIIIIIiIfFiiIII";
    uint32_t align, mem;
    uint64_t off64;
    TRY(vs_memarg(v, &align, &mem, &off64));
    int k = op - 0x28;
    if (align > natural[k]) return vs_invalid(v, "alignment must not be larger than natural");
    uint8_t t = type_of_char(types[k]);
    if (mem || vs_mem64(v, mem)) return memop_other(v, k, t, mem, off64);
    uint32_t offset = (uint32_t)off64;   /* a 32-bit memory's: vs_memarg */
    bool live = vs_live(v);
    uint32_t addr, val;
    uint64_t bits;
    if (op <= 0x35 && live && vs_is_const(v, 0, &bits)) {
        /* At a constant address: NAME_abs with the address plus offset. */
        TRY(vs_pop_folded(v, WF_I32, &addr, &bits));
        uint32_t dst = vs_slot(v, v->nvals);
        TRY(vs_push(v, t));
        emit_result(v, OP_LOAD_ABS_FIRST + k, dst);
        code_imm(&v->code, (uint64_t)(uint32_t)bits + offset);
        return true;
    }
    if (op <= 0x35) {
        TRY(vs_pop_at(v, WF_I32, &addr));
        uint32_t dst = vs_slot(v, v->nvals);
        TRY(vs_push(v, t));
        size_t p;
        int fop = -1;
        if (live && fuse_load_scaled(v, k, addr, dst, offset)) return true;
        if (live && vs_take_prev(v, OP_i32_add, addr, &p)) fop = OP_LOAD_ADD_FIRST + k;
        else if (live && vs_take_prev(v, OP_i32_add_imm, addr, &p)) fop = OP_LOAD_ADDI_FIRST + k;
        if (fop >= 0) {
            /* The address is a sum computed just before: fuse it. */
            uint64_t x = v->code.w[p + 2].u, y = v->code.w[p + 3].u;
            v->code.len = p;
            emit_result(v, fop, dst);
            code_imm(&v->code, x);
            code_imm(&v->code, y);
            code_imm(&v->code, offset);
            return true;
        }
        if (live) {
            emit_result(v, OP_MEM_FIRST + k, dst);
            code_imm(&v->code, addr);
            code_imm(&v->code, offset);
            if (k == 0) {
                v->ld_start = v->last_start;
                v->ld_end = v->code.len;
            }
            vs_pair_fuse(v, v->last_start, OP_MEM_FIRST + k);
        }
        return true;
    }
    if (live && vs_is_const(v, 0, &bits)) {
        /* A constant stored (`*p = 0`): NAME_imm, no const64. */
        TRY(vs_pop_folded(v, t, &val, &bits));
        TRY(vs_pop_at(v, WF_I32, &addr));
        code_op(&v->code, OP_STORE_IMM_FIRST + (k - 14));
        code_imm(&v->code, addr);
        code_imm(&v->code, bits);
        code_imm(&v->code, offset);
        return true;
    }
    TRY(vs_pop_at(v, t, &val));
    TRY(vs_pop_at(v, WF_I32, &addr));
    size_t p;
    if (live && (k == 14 || k == 15) && vs_take_prev(v, OP_MEM_FIRST + (k - 14), val, &p)) {
        /* Storing a value loaded just before (`*q = *p`): one op. */
        uint64_t saddr = v->code.w[p + 2].u, soff = v->code.w[p + 3].u;
        v->code.len = p;
        code_op(&v->code, k == 14 ? OP_i32_load_store : OP_i64_load_store);
        code_imm(&v->code, addr);
        code_imm(&v->code, saddr);
        code_imm(&v->code, soff);
        code_imm(&v->code, offset);
        return true;
    }
    if (live && fuse_store_add(v, k, addr, val, offset)) return true;
    if (live) {
        code_op(&v->code, OP_MEM_FIRST + k);
        code_imm(&v->code, addr);
        code_imm(&v->code, val);
        code_imm(&v->code, offset);
    }
    return true;
}

/* ---- variables --------------------------------------------------------- */

static bool emit2(vstate *v, int op, uint64_t a, uint64_t b) {
    code_op(&v->code, op);
    code_imm(&v->code, a);
    code_imm(&v->code, b);
    return true;
}


/* local.set after an instruction that just computed the value: make
 * that instruction write the local directly. */
static bool retarget(vstate *v, uint32_t src, uint32_t x) {
    if (v->prev_dst == NONE || v->prev_end != v->code.len || v->code.oom) return false;
    if (v->code.w[v->prev_dst].u != src || src < v->stack_base) return false;
    bool folded = false;
    for (size_t i = 0; i < v->nvals; i++) folded |= v->vslot[i] == x;
    size_t start = v->prev_start, n = v->code.len - start;
    if (folded) {
        /* Operands still folded from x need their copies before the
         * producer overwrites x: move the producer after them (it has no
         * branch target words). */
        code_word save[8];
        int op = code_op_at(&v->code, start);
        if (n > 8 || op < 0 || v->prev_op == OP_i32_load_add_imm) return false;
        memcpy(save, &v->code.w[start], n * sizeof *save);
        v->code.len = start;
        vs_materialize_local(v, x);
        start = v->code.len;
        code_op(&v->code, op);   /* save[0], recorded as an instruction start */
        for (size_t i = 1; i < n; i++) code_imm(&v->code, save[i].u);
        if (v->code.oom) return true;
    }
    v->code.w[start + (v->prev_dst - v->prev_start)].u = x;
    return true;
}

static bool op_local(vstate *v, uint8_t op) {
    uint32_t x;
    TRY(vs_u32(v, &x));
    if (x >= v->nlocals) return vs_invalid(v, "unknown local");
    uint8_t t = v->local_types[x];
    bool live = vs_live(v);
    x = v->local_slot[x];   /* from here on, the local's slot */
    if (op == 0x20) return vs_push_at(v, t, x);
    uint32_t src;
    uint64_t k;
    if (live && vs_is_const(v, 0, &k)) {
        /* A constant: one const64 into the local; tee keeps it folded. */
        TRY(vs_pop_folded(v, t, &src, &k));
        vs_materialize_local(v, x);
        vs_emit_const(v, x, k);
        return op == 0x22 ? vs_push_const(v, t, k) : true;
    }
    TRY(vs_pop_at(v, t, &src));
    if (!live) return op == 0x22 ? vs_push(v, t) : true;
    bool moved = retarget(v, src, x);
    vs_materialize_local(v, x);
    if (!moved && src != x) vs_emit_copy(v, x, src, t);
    if (op == 0x22 && moved && v->code.len == v->prev_end) {
        /* local.tee: the producer still ends the code, now writing x; a
         * branch on x may fuse with it (fuse_compare: i32.load). Other
         * fusions only take producers of temporaries, never of a local. */
        v->last_dst = v->prev_dst;
        v->last_start = v->prev_start;
        v->last_op = v->prev_op;
    }
    if (op == 0x22) TRY(vs_push_at(v, t, moved ? x : src));
    return true;
}

/* global.set of an i32 sum just computed, i32_add_imm/i32_sub_imm
 * [dst][a][k] (clang's shadow-stack pointer): when a is what a
 * global_get of the same global just read (`sp = sp - 32`, the sum
 * kept in dst by local.tee), one global_get_add_set; else, when the
 * sum is a temporary (dead once set), one global_set_add. */
static bool fuse_global_set(vstate *v, uint32_t src, uint32_t x) {
    if (v->prev_dst == NONE || v->prev_end != v->code.len || v->code.oom) return false;
    if (v->prev_op != OP_i32_add_imm && v->prev_op != OP_i32_sub_imm) return false;
    if (v->code.w[v->prev_dst].u != src) return false;
    size_t p = v->prev_start, g = v->ninstr - v->gg_ninstr <= 4 ? v->gg_pos : NONE;
    uint64_t a = v->code.w[p + 2].u;
    uint32_t k = (uint32_t)v->code.w[p + 3].u;
    if (v->prev_op == OP_i32_sub_imm) k = 0u - k;
    if (g != NONE && g + 3 == p && v->code.w[g].h == v->code.table[OP_global_get] &&
        v->code.w[g + 1].u == a && v->code.w[g + 2].u == x && a >= v->stack_base) {
        v->code.len = g;
        code_op(&v->code, OP_global_get_add_set);
        code_imm(&v->code, src);
        code_imm(&v->code, x);
        code_imm(&v->code, k);
        return true;
    }
    if (src < v->stack_base) return false;
    v->code.len = p;
    code_op(&v->code, OP_global_set_add);
    code_imm(&v->code, a);
    code_imm(&v->code, k);
    code_imm(&v->code, x);
    return true;
}

static bool op_global(vstate *v, uint8_t op) {
    uint32_t x;
    TRY(vs_u32(v, &x));
    if (x >= bin_total_globals(v->m)) return vs_invalid(v, "unknown global");
    bin_globaltype g = bin_global_type(v->m, x);
    bool live = vs_live(v);
    if (op == 0x23) {
        uint32_t dst = vs_slot(v, v->nvals);
        TRY(vs_push(v, g.type));
        int gop = g.type == WF_V128 ? OP_v128_global_get : OP_global_get;
        if (live) {
            v->gg_pos = v->code.len;
            v->gg_ninstr = v->ninstr;
            emit_result(v, gop, dst);
            code_imm(&v->code, x);
        }
        return true;
    }
    if (!g.is_mutable) return vs_invalid(v, "global is immutable");
    uint32_t src;
    TRY(vs_pop_at(v, g.type, &src));
    if (live && g.type == WF_I32 && fuse_global_set(v, src, x)) return true;
    if (live) emit2(v, g.type == WF_V128 ? OP_v128_global_set : OP_global_set, src, x);
    return true;
}

static bool op_const(vstate *v, uint8_t op) {
    uint64_t bits = 0;
    uint8_t t;
    const char *why = NULL;
    if (op == 0x41) {
        int32_t x;
        if (!wf_read_s32(&v->r, &x, &why)) return vs_malformed(v, why ? why : "unexpected end");
        bits = (uint32_t)x;
        t = WF_I32;
    } else if (op == 0x42) {
        int64_t x;
        if (!wf_read_s64(&v->r, &x, &why)) return vs_malformed(v, why ? why : "unexpected end");
        bits = (uint64_t)x;
        t = WF_I64;
    } else {
        size_t n = op == 0x43 ? 4 : 8;
        if ((size_t)(v->r.end - v->r.p) < n) return vs_malformed(v, "unexpected end");
        for (size_t i = 0; i < n; i++) bits |= (uint64_t)v->r.p[i] << (8 * i);
        v->r.p += n;
        t = op == 0x43 ? WF_F32 : WF_F64;
    }
    /* Folded (no code) where live; vs_instr keeps the peepholes' view
     * of the instructions before it. */
    if (vs_live(v)) return vs_push_const(v, t, bits);
    return vs_push(v, t);
}

bool vs_is_ref(uint8_t t) { return t == WF_FUNCREF || t == WF_EXTERNREF || t == WF_EXNREF; }

/* Pop one select operand: with keep, a folded constant (its bits in *k)
 * stays folded. */
static bool pop_sel(vstate *v, uint8_t want, bool keep, uint8_t *t, uint32_t *s, uint64_t *k) {
    if (keep) {
        *t = v->vals[v->nvals - 1];
        TRY(vs_pop_folded(v, T_UNKNOWN, s, k));
    } else {
        TRY(vs_pop_slot(v, t, s));
    }
    if (want != T_UNKNOWN && *t != want && *t != T_UNKNOWN) return vs_invalid(v, "type mismatch");
    return true;
}

static bool op_select(vstate *v, uint8_t op) {
    uint8_t want = T_UNKNOWN;
    if (op == 0x1c) {
        uint32_t n;
        TRY(vs_u32(v, &n));
        if (n != 1) return vs_invalid(v, "invalid result arity");
        TRY(vs_byte(v, &want));
        if (!vs_is_valtype(want)) return vs_malformed(v, "malformed value type");
    }
    bool live = vs_live(v);
    uint8_t t1, t2;
    uint32_t c, a, b;
    uint64_t ka = 0, kb = 0;
    TRY(vs_pop_at(v, WF_I32, &c));
    /* One constant operand: select_ka / select_kb take it. */
    bool cb = live && vs_is_const(v, 0, &kb);
    bool ca = live && !cb && vs_is_const(v, 1, &ka);
    TRY(pop_sel(v, want, cb, &t1, &b, &kb));
    TRY(pop_sel(v, want, ca, &t2, &a, &ka));
    if (op == 0x1c) {
        t1 = want;
    } else {
        if (vs_is_ref(t1) || vs_is_ref(t2)) return vs_invalid(v, "type mismatch");
        if (t1 != t2 && t1 != T_UNKNOWN && t2 != T_UNKNOWN) return vs_invalid(v, "type mismatch");
        if (t1 == T_UNKNOWN) t1 = t2;
    }
    uint32_t dst = vs_slot(v, v->nvals);
    TRY(vs_push(v, t1));
    if (live) {
        emit_result(v, t1 == WF_V128 ? OP_v128_select : cb ? OP_select_kb : ca ? OP_select_ka : OP_select, dst);
        code_imm(&v->code, ca ? ka : a);
        code_imm(&v->code, cb ? kb : b);
        code_imm(&v->code, c);
    }
    return true;
}

/* ---- references and tables --------------------------------------------- */

static bool op_ref(vstate *v, uint8_t op) {
    bool live = vs_live(v);
    uint32_t dst = vs_slot(v, v->nvals);
    if (op == 0xd0) {
        uint8_t t;
        TRY(vs_byte(v, &t));
        if (!vs_is_ref(t)) return vs_malformed(v, "malformed reference type");
        TRY(vs_push(v, t));
        if (live) { emit_result(v, OP_const64, dst); code_imm(&v->code, 0); }
        return true;
    }
    if (op == 0xd1) {
        uint8_t t;
        uint32_t a;
        TRY(vs_pop_slot(v, &t, &a));
        if (t != T_UNKNOWN && !vs_is_ref(t)) return vs_invalid(v, "type mismatch");
        uint32_t d = vs_slot(v, v->nvals);
        TRY(vs_push(v, WF_I32));
        if (live) { emit_result(v, OP_ref_is_null, d); code_imm(&v->code, a); }
        return true;
    }
    uint32_t f;
    TRY(vs_u32(v, &f));
    if (f >= bin_total_funcs(v->m)) return vs_invalid(v, "unknown function");
    if (!v->m->func_declared || !v->m->func_declared[f])
        return vs_invalid(v, "undeclared function reference");
    TRY(vs_push(v, WF_FUNCREF));
    if (live) { emit_result(v, OP_ref_func, dst); code_imm(&v->code, f); }
    return true;
}

static bool table_idx(vstate *v, uint32_t *x, uint8_t *elem) {
    TRY(vs_u32(v, x));
    if (*x >= bin_total_tables(v->m)) return vs_invalid(v, "unknown table");
    *elem = bin_table_type(v->m, *x).elem;
    return true;
}

static bool elem_idx(vstate *v, uint32_t *x) {
    TRY(vs_u32(v, x));
    if (*x >= v->m->nelems) return vs_invalid(v, "unknown elem segment");
    return true;
}

/* A data index, then (memory.init) a memory index into *mem. */
static bool data_idx(vstate *v, uint32_t *x, uint32_t *mem) {
    TRY(vs_u32(v, x));
    if (!v->m->has_data_count) return vs_malformed(v, "data count section required");
    if (mem) TRY(vs_memidx(v, mem));
    if (*x >= v->m->data_count) return vs_invalid(v, "unknown data segment");
    return true;
}

/* Pop `n` operands typed by `types` (chars i/r), emit [op][s][a][b]. */
static bool pop_emit(vstate *v, const uint8_t *types, int n, uint8_t push, int op, int nimm,
                     uint64_t a, uint64_t b) {
    bool live = vs_live(v);
    vs_materialize_top(v, (uint32_t)n);
    for (int i = n; i-- > 0;) TRY(vs_pop_expect(v, types[i]));
    uint32_t s = vs_slot(v, v->nvals);
    if (push) TRY(vs_push(v, push));
    if (!live) return true;
    code_op(&v->code, op);
    code_imm(&v->code, s);
    if (nimm > 0) code_imm(&v->code, a);
    if (nimm > 1) code_imm(&v->code, b);
    return true;
}

/* table64: a 64-bit table's index type is i64, and its ops *64 forms. */
static bool table64(const vstate *v, uint32_t x) { return bin_table_type(v->m, x).limits.is64; }
static uint8_t tab_at(const vstate *v, uint32_t x) { return table64(v, x) ? WF_I64 : WF_I32; }

static bool op_table(vstate *v, uint8_t op) {
    uint32_t x;
    uint8_t et;
    TRY(table_idx(v, &x, &et));
    bool live = vs_live(v), t64 = table64(v, x);
    uint32_t i, val;
    if (op == 0x25) {
        TRY(vs_pop_at(v, tab_at(v, x), &i));
        uint32_t dst = vs_slot(v, v->nvals);
        TRY(vs_push(v, et));
        if (live) {
            emit_result(v, t64 ? OP_table_get64 : OP_table_get, dst);
            code_imm(&v->code, i);
            code_imm(&v->code, x);
        }
        return true;
    }
    TRY(vs_pop_at(v, et, &val));
    TRY(vs_pop_at(v, tab_at(v, x), &i));
    if (live) {
        code_op(&v->code, t64 ? OP_table_set64 : OP_table_set);
        code_imm(&v->code, i);
        code_imm(&v->code, val);
        code_imm(&v->code, x);
    }
    return true;
}

static bool op_fc_table(vstate *v, uint32_t sub) {
    uint32_t x, y;
    uint8_t et, et2;
    uint8_t i3[] = { WF_I32, WF_I32, WF_I32 };
    switch (sub) {
    case 12:
        TRY(vs_u32(v, &y));
        TRY(table_idx(v, &x, &et));
        if (y >= v->m->nelems) return vs_invalid(v, "unknown elem segment");
        if (v->m->elems[y].type != et) return vs_invalid(v, "type mismatch");
        i3[0] = tab_at(v, x);
        return pop_emit(v, i3, 3, 0, table64(v, x) ? OP_table_init64 : OP_table_init, 2, x, y);
    case 13:
        TRY(elem_idx(v, &y));
        if (vs_live(v)) { code_op(&v->code, OP_elem_drop); code_imm(&v->code, y); }
        return true;
    case 14:
        TRY(table_idx(v, &x, &et));
        TRY(table_idx(v, &y, &et2));
        if (et != et2) return vs_invalid(v, "type mismatch");
        if (!table64(v, x) && !table64(v, y)) return pop_emit(v, i3, 3, 0, OP_table_copy, 2, x, y);
        /* The length's type is the narrower of the two index types. */
        i3[0] = tab_at(v, x);
        i3[1] = tab_at(v, y);
        i3[2] = table64(v, x) && table64(v, y) ? WF_I64 : WF_I32;
        TRY(pop_emit(v, i3, 3, 0, OP_table_copy64, 2, x, y));
        if (vs_live(v)) code_imm(&v->code, (uint64_t)table64(v, x) | (uint64_t)table64(v, y) << 1);
        return true;
    case 15: {
        TRY(table_idx(v, &x, &et));
        bool live = vs_live(v);
        uint32_t init, n;
        TRY(vs_pop_at(v, tab_at(v, x), &n));
        TRY(vs_pop_at(v, et, &init));
        uint32_t dst = vs_slot(v, v->nvals);
        TRY(vs_push(v, tab_at(v, x)));
        if (live) {
            emit_result(v, table64(v, x) ? OP_table_grow64 : OP_table_grow, dst);
            code_imm(&v->code, init);
            code_imm(&v->code, n);
            code_imm(&v->code, x);
        }
        return true;
    }
    case 16: {
        TRY(table_idx(v, &x, &et));
        bool live = vs_live(v);
        uint32_t dst = vs_slot(v, v->nvals);
        TRY(vs_push(v, tab_at(v, x)));   /* table_size writes a whole u64 */
        if (live) { emit_result(v, OP_table_size, dst); code_imm(&v->code, x); }
        return true;
    }
    default: {
        TRY(table_idx(v, &x, &et));
        uint8_t t[] = { tab_at(v, x), et, tab_at(v, x) };
        return pop_emit(v, t, 3, 0, table64(v, x) ? OP_table_fill64 : OP_table_fill, 1, x, 0);
    }
    }
}

static bool op_fc(vstate *v) {
    uint32_t sub, x, mem;
    TRY(vs_u32(v, &sub));
    uint8_t i3[] = { WF_I32, WF_I32, WF_I32 };
    if (sub <= 7) {
        static const char in[] = "ffFFffFF";
        return simple(v, OP_SAT_FIRST + (int)sub, type_of_char(in[sub]), 1,
                      sub < 4 ? WF_I32 : WF_I64);
    }
    switch (sub) {
    case 8: {
        TRY(data_idx(v, &x, &mem));
        size_t start = vs_mem_begin(v, mem);
        i3[0] = vs_addr_type(v, mem);
        TRY(pop_emit(v, i3, 3, 0, vs_mem64(v, mem) ? OP_memory_init64 : OP_memory_init, 1, x, 0));
        vs_mem_end(v, mem, start);
        return true;
    }
    case 9:
        TRY(data_idx(v, &x, NULL));
        if (vs_live(v)) { code_op(&v->code, OP_data_drop); code_imm(&v->code, x); }
        return true;
    case 10: {
        uint32_t src;
        TRY(vs_memidx(v, &mem));
        TRY(vs_memidx(v, &src));
        bool d64 = vs_mem64(v, mem), s64 = vs_mem64(v, src);
        if (d64 || s64) {
            /* The length's type is the narrower of the two address types. */
            uint8_t t[] = { vs_addr_type(v, mem), vs_addr_type(v, src), d64 && s64 ? WF_I64 : WF_I32 };
            TRY(pop_emit(v, t, 3, 0, OP_memory_copy64, 2, mem, src));
            if (vs_live(v)) code_imm(&v->code, (uint64_t)d64 | (uint64_t)s64 << 1);
            return true;
        }
        if (mem || src) return pop_emit(v, i3, 3, 0, OP_memory_copy_mm, 2, mem, src);
        return pop_emit(v, i3, 3, 0, OP_memory_copy, 0, 0, 0);
    }
    case 11: {
        TRY(vs_memidx(v, &mem));
        size_t start = vs_mem_begin(v, mem);
        uint8_t t[] = { vs_addr_type(v, mem), WF_I32, vs_addr_type(v, mem) };
        TRY(pop_emit(v, t, 3, 0, vs_mem64(v, mem) ? OP_memory_fill64 : OP_memory_fill, 0, 0, 0));
        vs_mem_end(v, mem, start);
        return true;
    }
    case 12: case 13: case 14: case 15: case 16: case 17:
        return op_fc_table(v, sub);
    default:
        return vs_malformed(v, "illegal opcode");
    }
}

static bool op_memory_size_grow(vstate *v, uint8_t op) {
    uint32_t mem;
    TRY(vs_memidx(v, &mem));
    uint8_t at = vs_addr_type(v, mem);
    if (op == 0x40) {
        size_t start = vs_mem_begin(v, mem);
        TRY(simple(v, at == WF_I64 ? OP_memory_grow64 : OP_memory_grow, at, 1, at));
        vs_mem_end(v, mem, start);
        return true;
    }
    bool live = vs_live(v);
    uint32_t dst = vs_slot(v, v->nvals);
    TRY(vs_push(v, at));   /* memory_size writes a whole u64 */
    if (!live) return true;
    size_t start = vs_mem_begin(v, mem);
    emit_result(v, OP_memory_size, dst);
    vs_mem_end(v, mem, start);
    return true;
}

/* Before instruction op (see sa_start, func_int.h): a local.get right
 * after an add into a temporary (4 words, ending the code) arms sa_*;
 * whatever it was, the next instruction sees it as sa_prev_*. */
static void note_store_add(vstate *v, uint8_t op) {
    v->sa_prev_start = v->sa_start;
    v->sa_prev_end = v->sa_end;
    v->sa_prev_dst = v->sa_dst;
    v->sa_prev_op = v->sa_op;
    v->sa_start = NONE;
    if (op != 0x20 || v->last_dst == NONE || v->code.len != v->last_start + 4) return;
    if (v->last_op != OP_i32_add && v->last_op != OP_i32_add_imm) return;
    v->sa_start = v->last_start;
    v->sa_end = v->code.len;
    v->sa_dst = v->last_dst;
    v->sa_op = v->last_op;
}

bool vs_instr(vstate *v) {
    v->op_off = wf_reader_offset(&v->r);
    /* local.get emits nothing and writes nothing: the instructions
     * around it see each other as adjacent (prev/pprev skip it). A
     * fusion of the one before with the one after reads the local when
     * the unfused code would, nothing running between; each fusion still
     * checks which slots its producer wrote (a temporary it may drop, or
     * a local it keeps writing). */
    if (v->r.p < v->r.end && *v->r.p == 0x20) {
        v->r.p++;
        note_store_add(v, 0x20);
        return op_local(v, 0x20);
    }
    if (*v->r.p >= 0x41 && *v->r.p <= 0x44) {
        /* A constant emits nothing: to the peepholes (prev_*, last_*,
         * ld_start...) the instruction before it is still the last. */
        uint8_t op = *v->r.p++;
        return op_const(v, op);
    }
    v->pprev_dst = v->prev_dst;
    v->pprev_start = v->prev_start;
    v->pprev_op = v->prev_op;
    v->pprev_end = v->prev_end;
    v->prev_dst = v->last_dst;
    v->prev_start = v->last_start;
    v->prev_op = v->last_op;
    v->prev_end = v->code.len;
    v->last_dst = NONE;
    uint8_t op = *v->r.p++;
    v->ninstr++;
    if (op != 0x20 && op != 0x21 && op != 0x22 && op != 0x41 && op != 0x6a) v->ld_start = NONE;
    if (op != 0x20 && op != 0x21 && op != 0x22 && op != 0x41 && op != 0x47 && op != 0x0d)
        v->ai_start = NONE;
    /* block (0x02) emits nothing, or copies that end the chain by moving
     * la_end: a VM's `switch` opens its case blocks between the fetch
     * and the br_table. */
    if (op != 0x20 && op != 0x21 && op != 0x22 && op != 0x41 && op != 0x71 && op != 0x0e &&
        op != 0x02)
        v->la_start = NONE;
    note_store_add(v, op);
    if (op >= 0x45 && op <= 0xc4) return numeric(v, op);
    if (op >= 0x28 && op <= 0x3e) return memop(v, op);
    switch (op) {
    case 0x00:
        if (vs_live(v)) code_op(&v->code, OP_unreachable);
        vs_set_unreachable(v);
        return true;
    case 0x01: return true;
    case 0x02: case 0x03: case 0x04: case 0x0c: case 0x0d: case 0x0e: case 0x0f:
    case 0x10: case 0x11: case 0x12: case 0x13: case 0xd4: case 0xd5: case 0xd6:
        return vs_control(v, op);   /* control.c */
    case 0x05: return vs_else(v);
    case 0x08: return vs_throw(v);      /* exn.c */
    case 0x0a: return vs_throw_ref(v);
    case 0x1f: return vs_try_table(v);
    case 0x0b: return vs_end(v);
    case 0x1a: { uint32_t s; uint64_t k; return vs_pop_folded(v, T_UNKNOWN, &s, &k); }
    case 0x1b: case 0x1c: return op_select(v, op);
    case 0x20: case 0x21: case 0x22: return op_local(v, op);
    case 0x23: case 0x24: return op_global(v, op);
    case 0x25: case 0x26: return op_table(v, op);
    case 0x3f: case 0x40: return op_memory_size_grow(v, op);
    case 0x41: case 0x42: case 0x43: case 0x44: return op_const(v, op);
    case 0xd0: case 0xd1: case 0xd2: return op_ref(v, op);
    case 0xfc: return op_fc(v);
    case 0xfd: return vs_simd(v);     /* simd.c */
    case 0xfe: return vs_atomic(v);   /* atomic.c */
    default:
        v->r.p--;
        return vs_malformed(v, "illegal opcode");
    }
}

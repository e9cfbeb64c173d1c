/* pairs.c — the compiler's side of the producer→consumer pair table
 * (src/interp/pairs.h): after a consumer is emitted, if the instruction
 * just before it is a row's producer and wrote the slot the consumer
 * reads (a temporary, or for a keep row any slot), both become the
 * row's fused op. */
#include "func_int.h"

enum { CK_BIN, CK_BINI, CK_BR, CK_BRCMP, CK_BRCMPI, CK_LD };
enum { SIDE_a, SIDE_b, SIDE_c };
enum { KEEP_tmp = 0, KEEP_keep = 1 };

typedef struct pair_row { int p, c, fused; uint8_t pn, ck, side; bool keep; } pair_row;

static const pair_row rows[] = {
#define PAIR_ROW(A, P, PK, PN, C, CK, side, K) \
    { OP_##P, OP_##C, OP_##P##__##C##_##side##_##K, PN, CK_##CK, SIDE_##side, KEEP_##K },
    PAIR_TABLE(PAIR_ROW, _)
#undef PAIR_ROW
};

/* Each consumer shape: a dst word first, how many operand words follow
 * (a branch's target comes later), which of them are slots (bit i). */
static const struct { uint8_t dst, nops, slots; } shapes[] = {
    [CK_BIN] = { 1, 2, 3 }, [CK_BINI] = { 1, 2, 1 }, [CK_BR] = { 0, 1, 1 },
    [CK_BRCMP] = { 0, 2, 3 }, [CK_BRCMPI] = { 0, 2, 1 }, [CK_LD] = { 1, 2, 1 },
};

/* The instruction ending at c0 with a result, if nothing lies between
 * but local.gets (vs_instr leaves them out of prev/pprev) or a removed
 * instruction (a compare that fuse_compare turned into the branch at
 * c0: then prev starts at c0; a constant taken as an immediate is
 * already gone from prev, take_const): its start, op and the position
 * of its dst word. */
static bool producer_at(vstate *v, size_t c0, size_t *start, int *op, size_t *dpos) {
    if (v->prev_dst != NONE && v->prev_end == c0 && v->prev_start < c0) {
        *start = v->prev_start; *op = v->prev_op; *dpos = v->prev_dst;
        return true;
    }
    bool removed = v->prev_dst != NONE && v->prev_start == c0;
    if (v->pprev_dst != NONE && v->pprev_end == c0 && removed) {
        *start = v->pprev_start; *op = v->pprev_op; *dpos = v->pprev_dst;
        return true;
    }
    return false;
}

/* The op byte after the current instruction, or after the one after
 * it if that is op `skip` (a local.get or local.tee; 0: none), else 0
 * (also at the end of the body). */
static uint8_t peek(vstate *v, uint8_t skip) {
    const uint8_t *q = v->r.p, *end = v->r.end;
    if (skip && (q >= end || *q != skip)) return 0;
    if (skip)
        for (q++; q < end;)
            if (!(*q++ & 0x80)) break;
    return q < end ? *q : 0;
}

/* Whether the next instruction may take consumer c (unfused) into one
 * of instr.c's own fusions, which save as much or more: an address sum
 * into a load or store (NAME_add/addi/idx, also through a local.get of
 * the stored value), add_imm or sub/xor_imm into a branch, and_imm into
 * br_table, shl_imm into an add feeding a load, an i32.load into a
 * branch, an add_imm or a store. */
static bool later_fusion(vstate *v, int c) {
    uint8_t n = peek(v, 0), m = peek(v, 0x20), tee = peek(v, 0x22);
    bool mem = n >= 0x28 && n <= 0x3e, store = m >= 0x36 && m <= 0x3e;
    bool branch = n == 0x0d || n == 0x04 || n == 0x45;
    switch (c) {
    case OP_i32_add: return mem || store;
    case OP_i32_add_imm: return mem || store || branch || n == 0x47;
    case OP_i32_sub_imm: case OP_i32_xor_imm: return branch;
    case OP_i32_and_imm: return n == 0x0e;
    case OP_i32_shl_imm: return n == 0x6a;
    /* br_if_i32_load (also through local.tee), i32_load_add_imm,
     * i32_load_store. */
    case OP_i32_load:
        return branch || tee == 0x0d || tee == 0x04 || n == 0x41 || n == 0x36 || n == 0x37;
    default: return false;
    }
}

/* Forget trackers (func_int.h) pointing into code removed from p on. */
static void drop_trackers(vstate *v, size_t p) {
    if (v->ld_start != NONE && v->ld_start >= p) v->ld_start = NONE;
    if (v->ai_start != NONE && v->ai_start >= p) v->ai_start = NONE;
    if (v->la_start != NONE && v->la_start >= p) v->la_start = NONE;
}

/* Which of consumer r's operand words (n of them at ops) is P's result
 * d: exactly one slot operand may be d, and it must be where r's side
 * says (a: the first, b: the second, c: either of the first two). */
static int temp_index(const code_word *ops, const pair_row *r, uint64_t d) {
    int found = -1;
    for (int i = 0; i < shapes[r->ck].nops; i++) {
        if (!(shapes[r->ck].slots >> i & 1) || ops[i].u != d) continue;
        if (found >= 0) return -1;
        found = i;
    }
    bool ok = r->side == SIDE_a ? found == 0 : r->side == SIDE_b ? found == 1
                                                                 : found == 0 || found == 1;
    return ok ? found : -1;
}

/* Rewrite producer p and consumer c0 (its temp the operand word ti) as
 * row r's op: [dst][P's operand words][the consumer's other operand
 * words][P's dst pd, if the row keeps it]. */
static void rewrite(vstate *v, const pair_row *r, size_t p, size_t c0, uint64_t pd, int ti) {
    code_word *w = v->code.w;
    bool dst = shapes[r->ck].dst;
    int nops = shapes[r->ck].nops, n = 0;
    uint64_t d = dst ? w[c0 + 1].u : 0, pw[4], cw[2];
    for (uint8_t i = 0; i < r->pn; i++) pw[i] = w[p + 2 + i].u;
    for (int i = 0; i < nops; i++)
        if (i != ti) cw[n++] = w[c0 + 1 + dst + i].u;
    bool was_last = v->last_dst != NONE && v->last_start == c0;
    v->code.len = p;
    code_op(&v->code, r->fused);
    if (dst) code_imm(&v->code, d);
    for (uint8_t i = 0; i < r->pn; i++) code_imm(&v->code, pw[i]);
    for (int i = 0; i < n; i++) code_imm(&v->code, cw[i]);
    if (r->keep) code_imm(&v->code, pd);
    drop_trackers(v, p);
    if (was_last) {
        /* The fused op's result is the top operand, as C's was. */
        v->last_start = p;
        v->last_dst = p + 1;
        v->last_op = r->fused;
    }
}

/* Whether op is some row's producer (vs_pair_consumer, func_int.h, for
 * the consumer). */
static bool is_producer(int op) {
#define PAIR_IS_P(A, P, PK, PN, C, CK, side, K) || (A) == OP_##P
    return false PAIR_TABLE(PAIR_IS_P, op);
#undef PAIR_IS_P
}

/* The rows of producer pop (at p, its result in slot d) and consumer
 * cop at c0: the first that applies fuses them. Out of line: the checks
 * before it run for most instructions and need no stack frame. */
__attribute__((noinline))
static void fuse_rows(vstate *v, size_t c0, int cop, size_t p, int pop, uint64_t d) {
    const code_word *w = v->code.w;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const pair_row *r = &rows[i];
        if (r->p != pop || r->c != cop) continue;
        /* A temporary is dead after C; anything else (a local.tee'd
         * local) needs a keep row, which still writes it. */
        if (!r->keep && d < v->stack_base) continue;
        size_t ops = c0 + 1 + shapes[r->ck].dst;
        if (v->code.len != ops + shapes[r->ck].nops) continue;
        int ti = temp_index(&w[ops], r, d);
        if (ti < 0) continue;
        if (shapes[r->ck].dst && later_fusion(v, r->c)) return;
        rewrite(v, r, p, c0, d, ti);
        return;
    }
}

void vs_pair_fuse_at(vstate *v, size_t c0, int cop) {
    size_t p, dpos;
    int pop;
    if (c0 == NONE || v->code.oom || c0 >= v->code.len) return;
    if (!producer_at(v, c0, &p, &pop, &dpos) || !is_producer(pop)) return;
    fuse_rows(v, c0, cop, p, pop, v->code.w[dpos].u);
}

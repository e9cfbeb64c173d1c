/* acc.c — register forwarding of temporaries (code.h "Register
 * forwarding"): a pass over a function's finished code that turns each
 * producer → consumer pair of a temporary into the producer's _o form
 * and the consumer's _i form, so the value goes through a register.
 *
 * Sound because a temporary (a slot at or above the function's
 * operand-stack base) holds one wasm operand, which exactly one
 * instruction pops: once the consumer has read it, nothing reads the
 * slot before it is written again. The pair must be adjacent with no
 * label on the consumer, so nothing runs between the two. */
#include <stdlib.h>
#include <string.h>

#include "code.h"

enum kind { K_NONE, K_UN, K_BIN, K_BINC, K_CMP, K_ST, K_ST2, K_BRC, K_BR, K_SEL };

typedef struct acc_desc {
    uint8_t kind;
    uint8_t producer;   /* has _o and _io forms */
    int variant;        /* its _o op (producers) or _i op (consumers); 0 = none */
} acc_desc;

/* Variants are laid out in ACC_OPS order: a producer's _o, _i, _io,
 * a consumer's _i. A constant table: nothing to set up (or race on)
 * when modules compile on several threads. */
#define DESC_P(X, n, k) [OP_##n] = { K_##k, 1, OP_##n##_o },
#define DESC_C(X, n, k) [OP_##n] = { K_##k, 0, OP_##n##_i },
static const acc_desc descs[OP_COUNT] = {
    ACC_PROD_LISTS(DESC_P, _)
    ACC_CONS_LISTS(DESC_C, _)
};

/* Where the consumer's register operand is (word offset after the op
 * word), and the other slot it reads (-1: none) that may be swapped in. */
static int in_word(uint8_t kind) {
    switch (kind) {
    case K_ST: return 1;
    case K_ST2: return 2;
    case K_SEL: return 3;
    case K_BRC: case K_BR: return 0;
    default: return 1;
    }
}

static int alt_word(uint8_t kind, int op) {
    if (kind == K_BINC) return 2;
    if ((kind == K_CMP || kind == K_BRC) && code_op_swapped(op) >= 0) return kind == K_CMP ? 2 : 1;
    return -1;
}

static bool is_label(const uint8_t *labels, size_t pos) { return labels[pos >> 3] & (1u << (pos & 7)); }

/* Can the instruction at word pos (len words, op *c) take the value its
 * producer leaves in slot t from the register? Swaps its operands (and
 * *c to the flipped op) if that puts t where the register goes — only
 * once the pair is certain: a refused pair leaves the code as it was. */
static bool take(code_buf *b, size_t pos, size_t len, int *c, uint64_t t) {
    const acc_desc *d = &descs[*c];
    if (!d->variant) return false;
    if ((*c == OP_br_table || *c == OP_br_table_and) && b->w[pos + 3].u != 0) return false;
    int in = in_word(d->kind), alt = alt_word(d->kind, *c);
    code_word *w = &b->w[pos + 1];
    int at = w[in].u == t ? in : alt >= 0 && w[alt].u == t ? alt : -1;
    if (at < 0) return false;
    /* No other word may name t (operands never share a temporary; an
     * immediate or a target that happens to equal it only costs the pair). */
    for (size_t i = 0; i + 1 < len; i++)
        if ((int)i != at && w[i].u == t) return false;
    if (at != in) {
        uint64_t x = w[in].u; w[in].u = w[alt].u; w[alt].u = x;
        *c = d->kind == K_BINC ? *c : code_op_swapped(*c);
    }
    return true;
}

/* The op for base op `op` reading (in) and/or writing (out) acc. */
static int variant_of(int op, bool in, bool out) {
    const acc_desc *d = &descs[op];
    if (!in && !out) return op;
    if (!d->producer) return d->variant;          /* _i */
    return d->variant + (in && out ? 2 : in ? 1 : 0);   /* _o, _i, _io */
}

void code_forward(code_buf *b, uint32_t stack_base, const interp_handler *h, size_t nh) {
    if (!interp_acc() || b->oom || b->nstarts < 2) return;
    uint8_t *labels = calloc(b->len / 8 + 1, 1);
    if (!labels) return;   /* the code stays correct without the pass */
    for (size_t i = 0; i < b->nrelocs; i++) {
        uint64_t t = b->w[b->relocs[i]].u;
        if (t < b->len) labels[t >> 3] |= (uint8_t)(1u << (t & 7));
    }
    for (size_t i = 0; i < nh; i++)
        if (h[i].target < b->len) labels[h[i].target >> 3] |= (uint8_t)(1u << (h[i].target & 7));
    bool in = false;   /* the previous instruction (p) reads acc */
    for (size_t i = 1; i < b->nstarts; i++) {
        code_start *p = &b->starts[i - 1], *c = &b->starts[i];
        bool p_in = in;
        in = false;
        /* A recorded start must hold its op (a safety net over code_op's
         * bookkeeping), the pair must be adjacent and unlabelled. */
        if (c->pos >= b->len || b->w[c->pos].h != b->table[c->op] || is_label(labels, c->pos))
            continue;
        if (b->w[p->pos].h != b->table[p_in ? variant_of(p->op, true, false) : p->op]) continue;
        if (!descs[p->op].producer) continue;
        uint64_t t = b->w[p->pos + 1].u;
        if (t < stack_base) continue;
        int cop = c->op;
        size_t end = i + 1 < b->nstarts ? b->starts[i + 1].pos : b->len;
        if (end <= c->pos || !take(b, c->pos, end - c->pos, &cop, t)) continue;
        b->w[p->pos].h = b->table[variant_of(p->op, p_in, true)];
        c->op = cop;
        b->w[c->pos].h = b->table[variant_of(cop, true, false)];
        in = true;
    }
    free(labels);
}

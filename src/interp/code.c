/* code.c — the code buffer the compiler emits into. */
#include <stdlib.h>
#include <string.h>

#include "code.h"

void code_init(code_buf *b) {
    memset(b, 0, sizeof *b);
    b->table = interp_op_table();
}

/* Drop recorded instruction starts at or past the end (discarded code). */
static void drop_stale(code_buf *b) {
    while (b->nstarts && b->starts[b->nstarts - 1].pos >= b->len) b->nstarts--;
}

/* Room for one more element in *p (of *cap, `size` bytes each, `len`
 * used); false (and oom set) if it cannot grow. */
static bool room(code_buf *b, void **p, size_t *cap, size_t len, size_t size) {
    if (len < *cap) return true;
    size_t ncap = *cap ? *cap * 2 : 64;
    void *n = realloc(*p, ncap * size);
    if (!n) { b->oom = true; return false; }
    *p = n;
    *cap = ncap;
    return true;
}

static void put(code_buf *b, code_word w) {
    if (!room(b, (void **)&b->w, &b->cap, b->len, sizeof *b->w)) return;
    b->w[b->len++] = w;
}

void code_op(code_buf *b, int op) {
    drop_stale(b);
    if (!room(b, (void **)&b->starts, &b->starts_cap, b->nstarts, sizeof *b->starts)) return;
    b->starts[b->nstarts].pos = b->len;
    b->starts[b->nstarts].op = op;
    b->nstarts++;
    code_word w;
    w.h = b->table[op];
    put(b, w);
}

int code_op_at(const code_buf *b, size_t pos) {
    for (size_t i = b->nstarts; i-- > 0 && b->starts[i].pos >= pos;)
        if (b->starts[i].pos == pos && pos < b->len) return b->starts[i].op;
    return -1;
}

void code_set_op(code_buf *b, size_t pos, int op) {
    if (b->oom || pos >= b->len) return;
    b->w[pos].h = b->table[op];
    for (size_t i = b->nstarts; i-- > 0;)
        if (b->starts[i].pos == pos) { b->starts[i].op = op; return; }
}

void code_imm(code_buf *b, uint64_t v) {
    drop_stale(b);
    code_word w;
    w.u = v;
    put(b, w);
}

size_t code_target(code_buf *b, size_t target_index) {
    if (!room(b, (void **)&b->relocs, &b->relocs_cap, b->nrelocs, sizeof *b->relocs)) return 0;
    b->relocs[b->nrelocs++] = b->len;
    code_imm(b, target_index);
    return b->len - 1;
}

void code_patch(code_buf *b, size_t pos, size_t target_index) {
    if (!b->oom && pos < b->len) b->w[pos].u = target_index;
}

void code_discard(code_buf *b) {
    free(b->w);
    free(b->relocs);
    free(b->starts);
    memset(b, 0, sizeof *b);
}

struct interp_code *code_finish(code_buf *b) {
    struct interp_code *c = b->oom ? NULL : calloc(1, sizeof *c);
    if (!c) { code_discard(b); return NULL; }
    /* Shrink to size first: relocated addresses must point into the final array. */
    code_word *w = b->len ? realloc(b->w, b->len * sizeof *w) : b->w;
    if (w) b->w = w;
    for (size_t i = 0; i < b->nrelocs; i++) {
        size_t pos = b->relocs[i];
        b->w[pos].target = b->w + b->w[pos].u;
    }
    c->words = b->w;
    c->nwords = b->len;
    b->w = NULL;
    code_discard(b);
    return c;
}

/* The op with operands a and b exchanged (a comparison flipped), or -1. */
int code_op_swapped(int op) {
    switch (op) {
#define FLIP(a, b) case OP_##a: return OP_##b; case OP_##b: return OP_##a;
    FLIP(i32_lt_s, i32_gt_s) FLIP(i32_lt_u, i32_gt_u) FLIP(i32_le_s, i32_ge_s)
    FLIP(i32_le_u, i32_ge_u) FLIP(i64_lt_s, i64_gt_s) FLIP(i64_lt_u, i64_gt_u)
    FLIP(i64_le_s, i64_ge_s) FLIP(i64_le_u, i64_ge_u)
    FLIP(f32_lt, f32_gt) FLIP(f32_le, f32_ge) FLIP(f64_lt, f64_gt) FLIP(f64_le, f64_ge)
    FLIP(br_if_i32_lt_s, br_if_i32_gt_s) FLIP(br_if_i32_lt_u, br_if_i32_gt_u)
    FLIP(br_if_i32_le_s, br_if_i32_ge_s) FLIP(br_if_i32_le_u, br_if_i32_ge_u)
    FLIP(br_unless_i32_lt_s, br_unless_i32_gt_s) FLIP(br_unless_i32_lt_u, br_unless_i32_gt_u)
    FLIP(br_unless_i32_le_s, br_unless_i32_ge_s) FLIP(br_unless_i32_le_u, br_unless_i32_ge_u)
#undef FLIP
    case OP_i32_eq: case OP_i32_ne: case OP_i64_eq: case OP_i64_ne:
    case OP_f32_eq: case OP_f32_ne: case OP_f64_eq: case OP_f64_ne:
    case OP_br_if_i32_eq: case OP_br_if_i32_ne: case OP_br_unless_i32_eq:
    case OP_br_unless_i32_ne:
        return op;
    default:
        return -1;
    }
}

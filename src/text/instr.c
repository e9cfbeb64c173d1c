/* instr.c — instructions: plain and folded forms, labels, immediates
 * (memargs, lane indices, v128 constants, block types), encoded straight
 * into p->out. */
#include "txt.h"

#include <string.h>

#define MAX_DEPTH 10000   /* folded nesting bound: the C stack must survive */

enum { L_BLOCK, L_LOOP, L_IF };

static void emit_op(txt_parser *p, const txt_op *op)
{
    if (op->prefix) {
        wf_buf_byte(p->out, op->prefix);
        wf_buf_u32(p->out, op->code);
    } else {
        wf_buf_byte(p->out, (uint8_t)op->code);
    }
}

static void push_label(txt_parser *p, const txt_token *id, int kind, bool folded)
{
    p->labels = txt_grow(p, p->labels, &p->caplabels, p->nlabels + 1, sizeof *p->labels);
    txt_label *l = &p->labels[p->nlabels++];
    l->s = id ? id->s : NULL;
    l->len = id ? (uint32_t)id->len : 0;
    l->kind = (uint8_t)kind;
    l->folded = folded;
    if (l->s)
        txt_label_bind(p, l, p->nlabels - 1);
}

static void pop_label(txt_parser *p)
{
    txt_label *l = &p->labels[--p->nlabels];
    if (l->s)
        txt_label_unbind(p, l);
}

static uint32_t label_index(txt_parser *p)
{
    if (p->tok.kind == TK_ID) {
        uint32_t i = txt_label_find(p, &p->tok);
        if (i == UINT32_MAX || i >= p->nlabels)
            txt_fail(p, p->tok.off, "unknown label %.*s", (int)p->tok.len, p->tok.s);
        txt_next(p);
        return p->nlabels - 1 - i;
    }
    uint64_t v;
    if (p->tok.kind != TK_ATOM || !txt_uint(p->tok.s, p->tok.len, UINT32_MAX, &v))
        txt_fail(p, p->tok.off, "unexpected token, expected a label");
    txt_next(p);
    return (uint32_t)v;
}

/* An optional $label after end/else must name the innermost block. */
static void check_end_label(txt_parser *p)
{
    if (p->tok.kind != TK_ID)
        return;
    txt_label *l = &p->labels[p->nlabels - 1];
    if (!l->s || l->len != p->tok.len || memcmp(l->s, p->tok.s, l->len))
        txt_fail(p, p->tok.off, "mismatching label %.*s", (int)p->tok.len, p->tok.s);
    txt_next(p);
}

static void emit_blocktype(txt_parser *p, int64_t bt)
{
    if (bt < 0)
        wf_buf_byte(p->out, 0x40);
    else if (bt & 0x100)
        wf_buf_byte(p->out, (uint8_t)bt);
    else
        wf_buf_s64(p->out, bt);
}

/* `block $l? blocktype` after the keyword: returns the block type. */
static int64_t block_head(txt_parser *p, txt_token *id, bool *named)
{
    *named = p->tok.kind == TK_ID;
    if (*named) {
        *id = p->tok;
        txt_next(p);
    }
    return txt_blocktype(p);
}

/* try_table's catch clauses, after its block type: (catch x l),
 * (catch_ref x l), (catch_all l), (catch_all_ref l), encoded into
 * p->brt; labels count from outside the try_table. Returns how many. */
static uint32_t catch_clauses(txt_parser *p)
{
    static const char *const kinds[] = {"catch", "catch_ref", "catch_all", "catch_all_ref"};
    p->brt.len = 0;
    uint32_t n = 0;
    for (;;) {
        int k = 0;
        while (k < 4 && !txt_peek_field(p, kinds[k]))
            k++;
        if (k == 4)
            return n;
        txt_next(p);
        txt_next(p);
        wf_buf_byte(&p->brt, (uint8_t)k);
        if (k < 2)
            wf_buf_u32(&p->brt, txt_index(p, SP_TAG));
        wf_buf_u32(&p->brt, label_index(p));
        txt_expect_rpar(p);
        n++;
    }
}

/* A block-like instruction's op, block type and (try_table) clauses. */
static void emit_block_start(txt_parser *p, const txt_op *op, int64_t bt)
{
    uint32_t n = op->code == 0x1f ? catch_clauses(p) : 0;
    emit_op(p, op);
    emit_blocktype(p, bt);
    if (op->code == 0x1f) {
        wf_buf_u32(p->out, n);
        wf_buf_bytes(p->out, p->brt.data, p->brt.len);
    }
}

/* ---- immediates ------------------------------------------------------- */

static bool kw_prefix(const txt_parser *p, const char *pre, size_t n)
{
    return p->tok.kind == TK_KEYWORD && p->tok.len > n && !memcmp(p->tok.s, pre, n);
}

static uint8_t lane_tok(txt_parser *p)
{
    uint64_t v;
    if (p->tok.kind != TK_ATOM || !txt_uint(p->tok.s, p->tok.len, 255, &v))
        txt_fail(p, p->tok.off, "malformed lane index");
    txt_next(p);
    return (uint8_t)v;
}

/* The token after the current one is an index, offset= or align=: for a
 * lane op, the current index is then a memory's, else it is the lane. */
static bool memidx_before_lane(txt_parser *p)
{
    txt_token first = p->tok;
    size_t pos = p->pos;
    txt_next(p);
    bool more = txt_is_index(p) || kw_prefix(p, "offset=", 7) || kw_prefix(p, "align=", 6);
    p->tok = first;
    p->pos = pos;
    return more;
}

/* [memory index] [offset=N] [align=N], then for lane ops the lane. A
 * memory index other than 0 sets bit 6 of the flags and follows them
 * (multi-memory). `v128.load8_lane 1` is lane 1 of memory 0;
 * `v128.load8_lane 1 1` lane 1 of memory 1. */
static void memarg(txt_parser *p, const txt_op *op, bool lane)
{
    uint64_t offset = 0, align = op->align;
    uint32_t mem = 0;
    if (txt_is_index(p) && (!lane || memidx_before_lane(p)))
        mem = txt_index(p, SP_MEM);
    if (kw_prefix(p, "offset=", 7)) {
        /* u64 (memory64); a 32-bit memory's is checked by validation. */
        if (!txt_uint(p->tok.s + 7, p->tok.len - 7, UINT64_MAX, &offset))
            txt_fail(p, p->tok.off, "bad memory offset (constant out of range)");
        txt_next(p);
    }
    if (kw_prefix(p, "align=", 6)) {
        if (!txt_uint(p->tok.s + 6, p->tok.len - 6, UINT32_MAX, &align) || !align ||
            (align & (align - 1)))
            txt_fail(p, p->tok.off, "alignment must be a power of two");
        txt_next(p);
    }
    emit_op(p, op);
    wf_buf_u32(p->out, (uint32_t)__builtin_ctzll(align) | (mem ? 0x40 : 0));
    if (mem)
        wf_buf_u32(p->out, mem);
    wf_buf_u64(p->out, offset);
    if (lane)
        wf_buf_byte(p->out, lane_tok(p));
}

static uint64_t int_tok(txt_parser *p, unsigned bits)
{
    uint64_t v;
    const char *why = "unexpected token";
    if (p->tok.kind != TK_ATOM || !txt_int(p->tok.s, p->tok.len, bits, &v, &why))
        txt_fail(p, p->tok.off, "%s", why);
    txt_next(p);
    return v;
}


static void put_le(wf_buf *b, uint64_t v, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; i++)
        wf_buf_byte(b, (uint8_t)(v >> (8 * i)));
}

static void float_tok(txt_parser *p, unsigned bits, wf_buf *b)
{
    const char *why = "unexpected token";
    if (p->tok.kind != TK_ATOM && p->tok.kind != TK_KEYWORD)
        txt_fail(p, p->tok.off, "%s", why);
    if (bits == 32) {
        uint32_t v;
        if (!txt_f32(p->tok.s, p->tok.len, &v, &why))
            txt_fail(p, p->tok.off, "%s", why);
        put_le(b, v, 4);
    } else {
        uint64_t v;
        if (!txt_f64(p->tok.s, p->tok.len, &v, &why))
            txt_fail(p, p->tok.off, "%s", why);
        put_le(b, v, 8);
    }
    txt_next(p);
}

/* v128 constant after `v128.const`: shape then lanes, little-endian. */
void txt_v128(txt_parser *p, wf_buf *b)
{
    static const struct { const char *n; unsigned lanes, bits; bool fl; } shapes[] = {
        {"i8x16", 16, 8, false}, {"i16x8", 8, 16, false}, {"i32x4", 4, 32, false},
        {"i64x2", 2, 64, false}, {"f32x4", 4, 32, true}, {"f64x2", 2, 64, true}};
    for (size_t s = 0; s < 6; s++) {
        if (!txt_is_kw(p, shapes[s].n))
            continue;
        txt_next(p);
        for (unsigned i = 0; i < shapes[s].lanes; i++) {
            if (shapes[s].fl)
                float_tok(p, shapes[s].bits, b);
            else
                put_le(b, int_tok(p, shapes[s].bits), shapes[s].bits / 8);
        }
        return;
    }
    txt_fail(p, p->tok.off, "unexpected token, expected a v128 shape");
}

static void br_table(txt_parser *p, const txt_op *op)
{
    p->brt.len = 0;
    uint32_t n = 0;
    while (txt_is_index(p)) {
        wf_buf_u32(&p->brt, label_index(p));
        n++;
    }
    if (!n)
        txt_fail(p, p->tok.off, "unexpected token, expected a label");
    emit_op(p, op);
    wf_buf_u32(p->out, n - 1);
    wf_buf_bytes(p->out, p->brt.data, p->brt.len);
}

static uint32_t opt_index(txt_parser *p, int space)
{
    return txt_is_index(p) ? txt_index(p, space) : 0;
}

static void table_init(txt_parser *p, const txt_op *op)
{
    if (!txt_is_index(p))
        txt_fail(p, p->tok.off, "unexpected token, expected an element index");
    txt_token first = p->tok;
    txt_next(p);
    uint32_t table = 0, elem;
    if (txt_is_index(p)) {
        txt_token save = p->tok;
        size_t pos = p->pos;
        p->tok = first;
        table = txt_index(p, SP_TABLE);
        p->tok = save;
        p->pos = pos;
        elem = txt_index(p, SP_ELEM);
    } else {
        txt_token save = p->tok;
        size_t pos = p->pos;
        p->tok = first;
        elem = txt_index(p, SP_ELEM);
        p->tok = save;
        p->pos = pos;
    }
    emit_op(p, op);
    wf_buf_u32(p->out, elem);
    wf_buf_u32(p->out, table);
}

/* memory.init [memory] data: with two indices the first is the memory's. */
static uint32_t mem_init(txt_parser *p, uint32_t *mem)
{
    if (!txt_is_index(p))
        txt_fail(p, p->tok.off, "unexpected token, expected a data index");
    txt_token first = p->tok;
    size_t pos = p->pos;
    txt_next(p);
    bool two = txt_is_index(p);
    p->tok = first;
    p->pos = pos;
    *mem = two ? txt_index(p, SP_MEM) : 0;
    return txt_index(p, SP_DATA);
}

static void select_imm(txt_parser *p)
{
    if (!txt_peek_field(p, "result")) {
        wf_buf_byte(p->out, 0x1b);
        return;
    }
    p->brt.len = 0;
    uint32_t n = 0;
    while (txt_peek_field(p, "result")) {
        txt_next(p);
        txt_next(p);
        while (txt_at_valtype(p)) {
            wf_buf_byte(&p->brt, txt_valtype(p));
            n++;
        }
        txt_expect_rpar(p);
    }
    wf_buf_byte(p->out, 0x1c);
    wf_buf_u32(p->out, n);
    wf_buf_bytes(p->out, p->brt.data, p->brt.len);
}

/* Emit a non-block instruction and its immediates; the keyword has been
 * consumed. */
static void immediates(txt_parser *p, const txt_op *op)
{
    wf_buf *o = p->out;
    switch (op->kind) {
    case IK_BR_TABLE:
        br_table(p, op);
        return;
    case IK_TABLE_INIT:
        table_init(p, op);
        return;
    case IK_SELECT:
        select_imm(p);
        return;
    case IK_MEMARG: case IK_MEMARG_LANE:
        memarg(p, op, op->kind == IK_MEMARG_LANE);
        return;
    case IK_MEM_COPY: {
        /* memory.copy [dst src] */
        uint32_t dst = 0, src = 0;
        if (txt_is_index(p)) {
            dst = txt_index(p, SP_MEM);
            src = txt_index(p, SP_MEM);
        }
        emit_op(p, op);
        wf_buf_u32(o, dst);
        wf_buf_u32(o, src);
        return;
    }
    case IK_CALL_INDIRECT: {
        uint32_t table = opt_index(p, SP_TABLE);
        p->no_param_names = true;
        uint32_t type = txt_typeuse(p, false);
        p->no_param_names = false;
        emit_op(p, op);
        wf_buf_u32(o, type);
        wf_buf_u32(o, table);
        return;
    }
    case IK_TABLE_COPY: {
        uint32_t a = 0, b = 0;
        if (txt_is_index(p)) {
            a = txt_index(p, SP_TABLE);
            b = txt_index(p, SP_TABLE);
        }
        emit_op(p, op);
        wf_buf_u32(o, a);
        wf_buf_u32(o, b);
        return;
    }
    default:
        break;
    }
    /* The rest read their immediate first, then emit op + immediate. */
    uint64_t v = 0;
    uint32_t mem = 0;
    switch (op->kind) {
    case IK_BR: v = label_index(p); break;
    case IK_CALL: case IK_FUNC: v = txt_index(p, SP_FUNC); break;
    case IK_LOCAL: v = txt_index(p, SP_LOCAL); break;
    case IK_GLOBAL: v = txt_index(p, SP_GLOBAL); break;
    case IK_TAG: v = txt_index(p, SP_TAG); break;
    case IK_TABLE: v = opt_index(p, SP_TABLE); break;
    case IK_ELEM: v = txt_index(p, SP_ELEM); break;
    case IK_DATA:
        v = txt_index(p, SP_DATA);
        p->need_datacount = true;
        break;
    case IK_MEM_INIT:
        v = mem_init(p, &mem);
        p->need_datacount = true;
        break;
    case IK_MEMIDX: mem = opt_index(p, SP_MEM); break;
    case IK_I32: v = int_tok(p, 32); break;
    case IK_I64: v = int_tok(p, 64); break;
    case IK_LANE: v = lane_tok(p); break;
    case IK_REF_NULL:
        if (txt_is_kw(p, "func") || txt_is_kw(p, "extern") || txt_is_kw(p, "exn"))
            v = txt_is_kw(p, "func") ? 0x70 : txt_is_kw(p, "extern") ? 0x6f : 0x69;
        else
            txt_fail(p, p->tok.off, "unexpected token, expected func, extern or exn");
        txt_next(p);
        break;
    default:
        break;
    }
    emit_op(p, op);
    switch (op->kind) {
    case IK_BR: case IK_CALL: case IK_FUNC: case IK_LOCAL: case IK_GLOBAL:
    case IK_TABLE: case IK_ELEM: case IK_DATA: case IK_TAG:
        wf_buf_u32(o, (uint32_t)v);
        break;
    case IK_MEM_INIT:
        wf_buf_u32(o, (uint32_t)v);
        wf_buf_u32(o, mem);
        break;
    case IK_MEMIDX: wf_buf_u32(o, mem); break;
    case IK_MEM0: wf_buf_byte(o, 0); break;
    case IK_I32: wf_buf_s32(o, (int32_t)(uint32_t)v); break;
    case IK_I64: wf_buf_s64(o, (int64_t)v); break;
    case IK_F32: float_tok(p, 32, o); break;
    case IK_F64: float_tok(p, 64, o); break;
    case IK_LANE: case IK_REF_NULL: wf_buf_byte(o, (uint8_t)v); break;
    case IK_V128: txt_v128(p, o); break;
    case IK_SHUFFLE:
        for (int i = 0; i < 16; i++)
            wf_buf_byte(o, lane_tok(p));
        break;
    default:
        break;
    }
}

static const txt_op *op_at(txt_parser *p)
{
    if (p->tok.kind != TK_KEYWORD)
        txt_fail(p, p->tok.off, "unexpected token");
    const txt_op *op = txt_op_find(p->tok.s, p->tok.len);
    if (!op)
        txt_fail(p, p->tok.off, "unknown operator %.*s", (int)(p->tok.len > 40 ? 40 : p->tok.len),
                 p->tok.s);
    return op;
}

/* ---- plain and folded forms ---------------------------------------------- */

static void plain(txt_parser *p)
{
    const txt_op *op = op_at(p);
    size_t at = p->tok.off;
    txt_next(p);
    if (op->kind == IK_BLOCK) {
        txt_token id;
        bool named;
        int64_t bt = block_head(p, &id, &named);
        emit_block_start(p, op, bt);
        push_label(p, named ? &id : NULL, op->code == 3 ? L_LOOP : op->code == 4 ? L_IF : L_BLOCK,
                   false);
        return;
    }
    if (op->kind == IK_ELSE || op->kind == IK_END) {
        if (!p->nlabels || p->labels[p->nlabels - 1].folded ||
            (op->kind == IK_ELSE && p->labels[p->nlabels - 1].kind != L_IF))
            txt_fail(p, at, "unexpected %s", op->name);
        check_end_label(p);
        emit_op(p, op);
        if (op->kind == IK_END)
            pop_label(p);
        else
            p->labels[p->nlabels - 1].kind = L_BLOCK;   /* a second else is an error */
        return;
    }
    immediates(p, op);
}

static void folded_if(txt_parser *p, const txt_op *op)
{
    txt_token id;
    bool named;
    int64_t bt = block_head(p, &id, &named);
    while (p->tok.kind == TK_LPAR && !txt_peek_field(p, "then"))
        txt_folded(p);
    emit_op(p, op);
    emit_blocktype(p, bt);
    uint32_t base = p->nlabels;
    push_label(p, named ? &id : NULL, L_IF, true);
    if (!txt_peek_field(p, "then"))
        txt_fail(p, p->tok.off, "unexpected token, expected (then");
    txt_next(p);
    txt_next(p);
    txt_instrs(p);
    txt_expect_rpar(p);
    if (txt_peek_field(p, "else")) {
        txt_next(p);
        txt_next(p);
        wf_buf_byte(p->out, 0x05);
        txt_instrs(p);
        txt_expect_rpar(p);
    }
    if (p->nlabels != base + 1)
        txt_fail(p, p->tok.off, "unclosed block inside if");
    pop_label(p);
    wf_buf_byte(p->out, 0x0b);
}

void txt_folded(txt_parser *p)
{
    if (++p->depth > MAX_DEPTH)
        txt_fail(p, p->tok.off, "nesting too deep");
    txt_next(p);   /* '(' */
    const txt_op *op = op_at(p);
    size_t at = p->tok.off;
    txt_next(p);
    if (op->kind == IK_BLOCK && op->code == 4) {
        folded_if(p, op);
    } else if (op->kind == IK_BLOCK) {
        txt_token id;
        bool named;
        int64_t bt = block_head(p, &id, &named);
        emit_block_start(p, op, bt);
        uint32_t base = p->nlabels;
        push_label(p, named ? &id : NULL, op->code == 3 ? L_LOOP : L_BLOCK, true);
        txt_instrs(p);
        if (p->nlabels != base + 1)
            txt_fail(p, p->tok.off, "unclosed block");
        pop_label(p);
        wf_buf_byte(p->out, 0x0b);
    } else if (op->kind == IK_ELSE || op->kind == IK_END) {
        txt_fail(p, at, "unexpected %s", op->name);
    } else {
        /* Immediates precede the operands in the text but follow them in
         * the code: encode, cut them out, emit the operands, re-append. */
        size_t mark = p->out->len;
        immediates(p, op);
        size_t n = p->out->len - mark;
        uint8_t small[32], *saved = small;
        if (n > sizeof small && !(saved = wf_arena_alloc(&p->arena, n)))
            txt_fail(p, at, "out of memory");
        if (n && p->out->data)
            memcpy(saved, p->out->data + mark, n);
        p->out->len = mark;
        while (p->tok.kind == TK_LPAR)
            txt_folded(p);
        wf_buf_bytes(p->out, saved, n);
    }
    txt_expect_rpar(p);
    p->depth--;
}

void txt_instrs(txt_parser *p)
{
    for (;;) {
        if (p->tok.kind == TK_LPAR)
            txt_folded(p);
        else if (p->tok.kind == TK_KEYWORD)
            plain(p);
        else
            break;
    }
}

void txt_const_expr(txt_parser *p)
{
    uint32_t base = p->nlabels;
    txt_instrs(p);
    if (p->nlabels != base)
        txt_fail(p, p->tok.off, "unclosed block");
    wf_buf_byte(p->out, 0x0b);
}

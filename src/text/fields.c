/* fields.c — pass 2 of the module parser: each module field (import,
 * func, table, memory, global, export, start, elem, data) is encoded into
 * its section, with the inline abbreviations expanded (inline imports and
 * exports, tables with inline elem, memories with inline data). */
#include "txt.h"

#include <stdlib.h>
#include <string.h>

/* A string token's bytes, decoded into the arena. */
static uint8_t *string_bytes(txt_parser *p, size_t *n)
{
    if (p->tok.kind != TK_STRING)
        txt_fail(p, p->tok.off, "unexpected token, expected a string");
    uint8_t *b = wf_arena_alloc(&p->arena, p->tok.len);
    if (!b)
        txt_fail(p, p->tok.off, "out of memory");
    const char *why;
    if (!txt_string_decode(&p->tok, b, n, &why))
        txt_fail(p, p->tok.off, "%s", why);
    txt_next(p);
    return b;
}

static void emit_name(txt_parser *p, wf_buf *b)
{
    size_t n;
    size_t at = p->tok.off;
    uint8_t *s = string_bytes(p, &n);
    if (!wf_utf8_valid(s, n))
        txt_fail(p, at, "malformed UTF-8 encoding");
    wf_buf_u32(b, (uint32_t)n);
    wf_buf_bytes(b, s, n);
}

static void inline_exports(txt_parser *p, uint8_t kind, uint32_t idx)
{
    while (txt_peek_field(p, "export")) {
        txt_next(p);
        txt_next(p);
        emit_name(p, &p->sec[7]);
        wf_buf_byte(&p->sec[7], kind);
        wf_buf_u32(&p->sec[7], idx);
        p->nsec[7]++;
        txt_expect_rpar(p);
    }
}

/* (import "m" "n") inside a definition: emit the names into the import
 * section and return true. */
static bool inline_import(txt_parser *p)
{
    if (!txt_peek_field(p, "import"))
        return false;
    txt_next(p);
    txt_next(p);
    emit_name(p, &p->sec[2]);
    emit_name(p, &p->sec[2]);
    txt_expect_rpar(p);
    p->nsec[2]++;
    return true;
}

static uint32_t u32_tok(txt_parser *p)
{
    uint64_t v;
    if (p->tok.kind != TK_ATOM || !txt_uint(p->tok.s, p->tok.len, UINT32_MAX, &v)) {
        uint64_t big;
        if (p->tok.kind == TK_ATOM && txt_uint(p->tok.s, p->tok.len, UINT64_MAX, &big))
            txt_fail(p, p->tok.off, "constant out of range");
        txt_fail(p, p->tok.off, "unexpected token, expected a number");
    }
    txt_next(p);
    return (uint32_t)v;
}

static uint64_t u64_tok(txt_parser *p)
{
    uint64_t v;
    if (p->tok.kind != TK_ATOM || !txt_uint(p->tok.s, p->tok.len, UINT64_MAX, &v))
        txt_fail(p, p->tok.off, "unexpected token, expected a number");
    txt_next(p);
    return v;
}

/* An optional address type (3.0: `i64` for memory64/table64, flag bit 2,
 * u64 limits; `i32` the default). */
static bool addrtype(txt_parser *p)
{
    if (txt_is_kw(p, "i32") || txt_is_kw(p, "i64")) {
        bool is64 = txt_is_kw(p, "i64");
        txt_next(p);
        return is64;
    }
    return false;
}

static void limits_of(txt_parser *p, wf_buf *b, bool mem, bool is64)
{
    uint64_t min = is64 ? u64_tok(p) : u32_tok(p), max = 0;
    bool has_max = p->tok.kind == TK_ATOM;
    if (has_max)
        max = is64 ? u64_tok(p) : u32_tok(p);
    bool shared = mem && txt_is_kw(p, "shared");
    if (shared)
        txt_next(p);
    wf_buf_byte(b, (uint8_t)(has_max | shared << 1 | is64 << 2));
    wf_buf_u64(b, min);
    if (has_max)
        wf_buf_u64(b, max);
}

static void limits(txt_parser *p, wf_buf *b, bool mem)
{
    bool is64 = addrtype(p);
    limits_of(p, b, mem, is64);
}

static uint8_t reftype(txt_parser *p)
{
    if (txt_is_kw(p, "funcref") || txt_is_kw(p, "externref") || txt_is_kw(p, "exnref") ||
        txt_peek_field(p, "ref"))
        return txt_valtype(p);
    txt_fail(p, p->tok.off, "unexpected token, expected a reference type");
}

/* limits come first in the text, the reference type first in binary; the
 * address type (i64: table64) already read */
static void tabletype(txt_parser *p, wf_buf *b, bool is64)
{
    p->tmp.len = 0;
    limits_of(p, &p->tmp, false, is64);
    wf_buf_byte(b, reftype(p));
    wf_buf_bytes(b, p->tmp.data, p->tmp.len);
}

static void globaltype(txt_parser *p, wf_buf *b)
{
    if (txt_peek_field(p, "mut")) {
        txt_next(p);
        txt_next(p);
        wf_buf_byte(b, txt_valtype(p));
        wf_buf_byte(b, 1);
        txt_expect_rpar(p);
    } else {
        wf_buf_byte(b, txt_valtype(p));
        wf_buf_byte(b, 0);
    }
}

static void skip_id(txt_parser *p)
{
    if (p->tok.kind == TK_ID)
        txt_next(p);
}

/* ---- functions -------------------------------------------------------- */

static void locals(txt_parser *p)
{
    p->nltypes = 0;
    while (txt_peek_field(p, "local")) {
        txt_next(p);
        txt_next(p);
        bool named = p->tok.kind == TK_ID;
        if (named) {
            txt_bind_local(p, &p->tok, p->count[SP_LOCAL]);
            txt_next(p);
        }
        while (txt_at_valtype(p)) {
            p->ltypes = txt_grow(p, p->ltypes, &p->capltypes, p->nltypes + 1, 1);
            p->ltypes[p->nltypes++] = txt_valtype(p);
            p->count[SP_LOCAL]++;
            if (named)
                break;
        }
        txt_expect_rpar(p);
    }
}

static void emit_code(txt_parser *p)
{
    wf_buf head = {0};
    uint32_t runs = 0;
    for (uint32_t i = 0; i < p->nltypes; i++)
        if (!i || p->ltypes[i] != p->ltypes[i - 1])
            runs++;
    wf_buf_u32(&head, runs);
    for (uint32_t i = 0; i < p->nltypes;) {
        uint32_t j = i;
        while (j < p->nltypes && p->ltypes[j] == p->ltypes[i])
            j++;
        wf_buf_u32(&head, j - i);
        wf_buf_byte(&head, p->ltypes[i]);
        i = j;
    }
    wf_buf *code = &p->sec[10];
    wf_buf_u32(code, (uint32_t)(head.len + p->body.len));
    wf_buf_bytes(code, head.data, head.len);
    wf_buf_bytes(code, p->body.data, p->body.len);
    p->nsec[10]++;
    wf_buf_free(&head);
}

static void func_field(txt_parser *p, uint32_t idx)
{
    skip_id(p);
    inline_exports(p, 0, idx);
    txt_names_clear_locals(p);
    if (inline_import(p)) {
        wf_buf_byte(&p->sec[2], 0x00);
        wf_buf_u32(&p->sec[2], txt_typeuse(p, false));
        txt_expect_rpar(p);
        return;
    }
    wf_buf_u32(&p->sec[3], txt_typeuse(p, true));
    p->nsec[3]++;
    locals(p);
    p->body.len = 0;
    p->out = &p->body;
    p->nlabels = 0;
    txt_instrs(p);
    if (p->nlabels)
        txt_fail(p, p->tok.off, "unclosed block at the end of the function");
    wf_buf_byte(&p->body, 0x0b);
    txt_expect_rpar(p);
    emit_code(p);
}

/* ---- segments --------------------------------------------------------- */

/* An offset: (offset instr*) or one folded instruction, into p->tmp. */
static void offset_expr(txt_parser *p)
{
    p->tmp.len = 0;
    p->out = &p->tmp;
    p->nlabels = 0;
    if (txt_peek_field(p, "offset")) {
        txt_next(p);
        txt_next(p);
        txt_const_expr(p);
        txt_expect_rpar(p);
    } else {
        txt_folded(p);
        wf_buf_byte(&p->tmp, 0x0b);
    }
}

/* Element items into p->body: function indices (returns false) or
 * expressions (returns true). *n gets the count. */
static bool elem_items(txt_parser *p, bool exprs, uint32_t *n)
{
    p->body.len = 0;
    p->out = &p->body;
    p->nlabels = 0;
    *n = 0;
    if (!exprs) {
        while (txt_is_index(p)) {
            wf_buf_u32(&p->body, txt_index(p, SP_FUNC));
            (*n)++;
        }
        return false;
    }
    while (p->tok.kind == TK_LPAR) {
        if (txt_peek_field(p, "item")) {
            txt_next(p);
            txt_next(p);
            txt_const_expr(p);
            txt_expect_rpar(p);
        } else {
            txt_folded(p);
            wf_buf_byte(&p->body, 0x0b);
        }
        (*n)++;
    }
    return true;
}

/* Encode one element segment; mode 0 active, 1 passive, 2 declarative. */
static void emit_elem(txt_parser *p, int mode, uint32_t table, bool exprs, uint8_t rt, uint32_t n)
{
    wf_buf *b = &p->sec[9];
    bool plain = mode == 0 && table == 0 && rt == 0x70;
    uint32_t flag = (exprs ? 4 : 0) | (mode == 0 ? (plain ? 0 : 2) : mode == 1 ? 1 : 3);
    wf_buf_u32(b, flag);
    if (mode == 0 && !plain)
        wf_buf_u32(b, table);
    if (mode == 0)
        wf_buf_bytes(b, p->tmp.data, p->tmp.len);
    if (!(mode == 0 && plain))
        wf_buf_byte(b, exprs ? rt : 0x00);
    wf_buf_u32(b, n);
    wf_buf_bytes(b, p->body.data, p->body.len);
    p->nsec[9]++;
}

static void elem_field(txt_parser *p)
{
    skip_id(p);
    int mode = 1;
    uint32_t table = 0;
    bool table_kw = false;   /* `(table x)` needs `func` or a reftype after the offset */
    if (txt_is_kw(p, "declare")) {
        txt_next(p);
        mode = 2;
    } else if (txt_peek_field(p, "table")) {
        txt_next(p);
        txt_next(p);
        table = txt_index(p, SP_TABLE);
        txt_expect_rpar(p);
        mode = 0;
        table_kw = true;
    } else if (txt_is_index(p)) {
        table = txt_index(p, SP_TABLE);
        mode = 0;
    }
    if (mode != 2 && p->tok.kind == TK_LPAR) {
        offset_expr(p);
        mode = 0;
    } else if (mode == 0) {
        txt_fail(p, p->tok.off, "unexpected token, expected an offset");
    }
    uint8_t rt = 0x70;
    bool exprs = false;
    if (txt_is_kw(p, "func")) {
        txt_next(p);
    } else if (p->tok.kind == TK_KEYWORD) {
        rt = reftype(p);
        exprs = true;
    } else if (mode != 0 || table_kw) {
        txt_fail(p, p->tok.off, "unexpected token, expected an element list");
    }
    uint32_t n;
    elem_items(p, exprs, &n);
    txt_expect_rpar(p);
    emit_elem(p, mode, table, exprs, rt, n);
}

static void data_bytes(txt_parser *p, wf_buf *b)
{
    while (p->tok.kind == TK_STRING) {
        size_t n;
        uint8_t *s = string_bytes(p, &n);
        wf_buf_bytes(b, s, n);
    }
}

static void emit_data(txt_parser *p, int mode, uint32_t mem)
{
    wf_buf *b = &p->sec[11];
    if (mode == 1) {
        wf_buf_byte(b, 1);
    } else {
        wf_buf_u32(b, mem ? 2 : 0);
        if (mem)
            wf_buf_u32(b, mem);
        wf_buf_bytes(b, p->tmp.data, p->tmp.len);
    }
    wf_buf_u32(b, (uint32_t)p->body.len);
    wf_buf_bytes(b, p->body.data, p->body.len);
    p->nsec[11]++;
}

static void data_field(txt_parser *p)
{
    skip_id(p);
    int mode = 1;
    uint32_t mem = 0;
    if (txt_peek_field(p, "memory")) {
        txt_next(p);
        txt_next(p);
        mem = txt_index(p, SP_MEM);
        txt_expect_rpar(p);
        mode = 0;
    } else if (txt_is_index(p)) {
        mem = txt_index(p, SP_MEM);
        mode = 0;
    }
    if (p->tok.kind == TK_LPAR) {
        offset_expr(p);
        mode = 0;
    } else if (mode == 0) {
        txt_fail(p, p->tok.off, "unexpected token, expected an offset");
    }
    p->body.len = 0;
    data_bytes(p, &p->body);
    txt_expect_rpar(p);
    emit_data(p, mode, mem);
}

/* ---- tables, memories, globals ------------------------------------------- */

/* Offset expression `i32.const 0` (`i64.const 0` for a 64-bit memory
 * or table) for inline segments. */
static void zero_offset(txt_parser *p, bool is64)
{
    p->tmp.len = 0;
    wf_buf_bytes(&p->tmp, is64 ? "\x42\x00\x0b" : "\x41\x00\x0b", 3);
}

static void table_field(txt_parser *p, uint32_t idx)
{
    skip_id(p);
    inline_exports(p, 1, idx);
    wf_buf *b = &p->sec[4];
    if (inline_import(p)) {
        b = &p->sec[2];
        wf_buf_byte(b, 0x01);
    } else {
        p->nsec[4]++;
    }
    bool is64 = addrtype(p);
    if (b == &p->sec[4] && p->tok.kind == TK_KEYWORD) {
        /* (table i64? reftype (elem ...)): sized by its elements. */
        uint8_t rt = reftype(p);
        if (!txt_peek_field(p, "elem"))
            txt_fail(p, p->tok.off, "unexpected token, expected (elem");
        txt_next(p);
        txt_next(p);
        uint32_t n;
        bool exprs = elem_items(p, p->tok.kind == TK_LPAR, &n);
        txt_expect_rpar(p);
        txt_expect_rpar(p);
        wf_buf_byte(b, rt);
        wf_buf_byte(b, is64 ? 5 : 1);
        wf_buf_u32(b, n);
        wf_buf_u32(b, n);
        zero_offset(p, is64);
        emit_elem(p, 0, idx, exprs || rt != 0x70, rt, n);
        return;
    }
    tabletype(p, b, is64);
    txt_expect_rpar(p);
}

static void memory_field(txt_parser *p, uint32_t idx)
{
    skip_id(p);
    inline_exports(p, 2, idx);
    wf_buf *b = &p->sec[5];
    if (inline_import(p)) {
        b = &p->sec[2];
        wf_buf_byte(b, 0x02);
    } else {
        p->nsec[5]++;
    }
    bool is64 = addrtype(p);
    if (b == &p->sec[5] && txt_peek_field(p, "data")) {
        txt_next(p);
        txt_next(p);
        p->body.len = 0;
        data_bytes(p, &p->body);
        txt_expect_rpar(p);
        txt_expect_rpar(p);
        uint32_t pages = (uint32_t)((p->body.len + 65535) / 65536);
        wf_buf_byte(b, is64 ? 5 : 1);
        wf_buf_u32(b, pages);
        wf_buf_u32(b, pages);
        zero_offset(p, is64);
        emit_data(p, 0, idx);
        return;
    }
    limits_of(p, b, true, is64);
    txt_expect_rpar(p);
}

static void global_field(txt_parser *p, uint32_t idx)
{
    skip_id(p);
    inline_exports(p, 3, idx);
    if (inline_import(p)) {
        wf_buf_byte(&p->sec[2], 0x03);
        globaltype(p, &p->sec[2]);
        txt_expect_rpar(p);
        return;
    }
    globaltype(p, &p->sec[6]);
    p->out = &p->sec[6];
    p->nlabels = 0;
    txt_const_expr(p);
    p->nsec[6]++;
    txt_expect_rpar(p);
}

/* (tag $id? (export "n")* (import "m" "n")? typeuse): attribute 0, then
 * the type index, in the tag section or the import. */
static void tag_field(txt_parser *p, uint32_t idx)
{
    skip_id(p);
    inline_exports(p, 4, idx);
    wf_buf *b = &p->sec[13];
    if (inline_import(p)) {
        b = &p->sec[2];
        wf_buf_byte(b, 0x04);
    } else {
        p->nsec[13]++;
    }
    wf_buf_byte(b, 0x00);
    wf_buf_u32(b, txt_typeuse(p, false));
    txt_expect_rpar(p);
}

/* (import "m" "n" (kind $id? desc)) */
static void import_field(txt_parser *p, uint32_t *next)
{
    wf_buf *b = &p->sec[2];
    emit_name(p, b);
    emit_name(p, b);
    p->nsec[2]++;
    if (p->tok.kind != TK_LPAR)
        txt_fail(p, p->tok.off, "unexpected token");
    txt_next(p);
    if (txt_is_kw(p, "func")) {
        txt_next(p);
        skip_id(p);
        next[SP_FUNC]++;
        wf_buf_byte(b, 0x00);
        wf_buf_u32(b, txt_typeuse(p, false));
    } else if (txt_is_kw(p, "table")) {
        txt_next(p);
        skip_id(p);
        next[SP_TABLE]++;
        wf_buf_byte(b, 0x01);
        tabletype(p, b, addrtype(p));
    } else if (txt_is_kw(p, "memory")) {
        txt_next(p);
        skip_id(p);
        next[SP_MEM]++;
        wf_buf_byte(b, 0x02);
        limits(p, b, true);
    } else if (txt_is_kw(p, "global")) {
        txt_next(p);
        skip_id(p);
        next[SP_GLOBAL]++;
        wf_buf_byte(b, 0x03);
        globaltype(p, b);
    } else if (txt_is_kw(p, "tag")) {
        txt_next(p);
        skip_id(p);
        next[SP_TAG]++;
        wf_buf_byte(b, 0x04);
        wf_buf_byte(b, 0x00);
        wf_buf_u32(b, txt_typeuse(p, false));
    } else {
        txt_fail(p, p->tok.off, "unexpected token in import");
    }
    txt_expect_rpar(p);
    txt_expect_rpar(p);
}

static void export_field(txt_parser *p)
{
    static const char *const kinds[] = {"func", "table", "memory", "global", "tag"};
    static const int spaces[] = {SP_FUNC, SP_TABLE, SP_MEM, SP_GLOBAL, SP_TAG};
    wf_buf *b = &p->sec[7];
    emit_name(p, b);
    if (p->tok.kind != TK_LPAR)
        txt_fail(p, p->tok.off, "unexpected token");
    txt_next(p);
    for (int k = 0; k < 5; k++) {
        if (txt_is_kw(p, kinds[k])) {
            txt_next(p);
            wf_buf_byte(b, (uint8_t)k);
            wf_buf_u32(b, txt_index(p, spaces[k]));
            p->nsec[7]++;
            txt_expect_rpar(p);
            txt_expect_rpar(p);
            return;
        }
    }
    txt_fail(p, p->tok.off, "unexpected token in export");
}

void txt_emit_field(txt_parser *p, int kind, uint32_t *next)
{
    switch (kind) {
    case F_TYPE:
        break;   /* bound and recorded in pass 1 */
    case F_IMPORT:
        import_field(p, next);
        break;
    case F_FUNC:
        func_field(p, next[SP_FUNC]++);
        break;
    case F_TABLE:
        table_field(p, next[SP_TABLE]++);
        break;
    case F_MEM:
        memory_field(p, next[SP_MEM]++);
        break;
    case F_GLOBAL:
        global_field(p, next[SP_GLOBAL]++);
        break;
    case F_EXPORT:
        export_field(p);
        break;
    case F_START:
        if (p->has_start)
            txt_fail(p, p->tok.off, "multiple start sections");
        p->has_start = true;
        wf_buf_u32(&p->sec[8], txt_index(p, SP_FUNC));
        txt_expect_rpar(p);
        break;
    case F_ELEM:
        elem_field(p);
        break;
    case F_DATA:
        data_field(p);
        break;
    case F_TAG:
        tag_field(p, next[SP_TAG]++);
        break;
    }
}

/* comp_text_fields.c — the fields of a component: core modules, core
 * instances, core types and core funcs, nested components, instances,
 * aliases, types, canonical functions, funcs, start, imports and exports,
 * with their sugar (inline exports and imports, `(func $i "name")`
 * aliases, inline instances in `with`). See comp_text.h. */
#include "comp_text.h"

#include <string.h>

/* Kind of the token after the current one. */
static txt_tokkind peek_kind(ct_state *st)
{
    size_t pos = st->tp.pos;
    txt_token t;
    const char *why;
    if (!txt_lex(st->tp.src, st->tp.len, &pos, &t, &why))
        return TK_BAD;
    return t.kind;
}

/* ---- references ------------------------------------------------------------- */

/* An alias of export `name` of instance `inst`, as the new last index of
 * `space` (core spaces alias core instances). */
static uint32_t alias_export(ct_state *st, int space, uint32_t inst, const wf_buf *name)
{
    wf_buf b = {0};
    ct_sort_bytes(&b, space);
    wf_buf_byte(&b, space < CS_CTYPE ? 0x01 : 0x00);
    wf_buf_u32(&b, inst);
    wf_buf_bytes(&b, name->data, name->len);
    bool oom = b.oom;
    uint32_t idx = oom ? 0 : ct_alias_ref(st, space, &b);
    wf_buf_free(&b);
    if (oom)
        ct_fail(st, st->tp.tok.off, "out of memory");
    return idx;
}

/* The index part of a reference form of `space`: an index, or the alias
 * sugar `$inst "name"+` (each name but the last an instance export). */
static uint32_t ref_rest(ct_state *st, int space)
{
    if (!ct_is_index(st))
        ct_fail(st, st->tp.tok.off, "unexpected token, expected an index");
    if (peek_kind(st) != TK_STRING)
        return ct_index(st, space);
    bool core = space < CS_CTYPE;   /* core instances export these */
    uint32_t inst = ct_index(st, core ? CS_CINST : CS_INST);
    for (;;) {
        wf_buf *name = ct_tmp_push(st);
        ct_name(st, name);
        bool last = st->tp.tok.kind != TK_STRING;
        if (!last && core)
            ct_fail(st, st->tp.tok.off, "core instances do not export instances");
        inst = alias_export(st, last ? space : CS_INST, inst, name);
        ct_tmp_pop(st);
        if (last)
            return inst;
    }
}

/* An index of `space`: plain, or a form `([core] sort idx|$i "name")`. */
uint32_t ct_sortidx_ref(ct_state *st, int space)
{
    txt_parser *p = &st->tp;
    if (p->tok.kind != TK_LPAR)
        return ct_index(st, space);
    size_t at = p->tok.off;
    txt_next(p);
    int s = ct_sort_kw(st, false);
    if (s != space)
        ct_fail(st, at, "unexpected sort, expected %s", ct_space_name(space));
    uint32_t idx = ref_rest(st, space);
    ct_rpar(st);
    return idx;
}

/* A reference that must be a form: `(func ...)`, `(core func ...)`. */
static uint32_t sortidx_form(ct_state *st, int space)
{
    if (st->tp.tok.kind != TK_LPAR)
        ct_fail(st, st->tp.tok.off, "unexpected token, expected (");
    return ct_sortidx_ref(st, space);
}

/* ---- inline exports and imports ---------------------------------------------- */

/* `(export "n")*` after a definition's $id: their encoded names, each
 * with a 4-byte length, in a temporary buffer (the caller pops it). */
static wf_buf *inline_exports(ct_state *st)
{
    wf_buf *b = ct_tmp_push(st);
    txt_parser *p = &st->tp;
    while (txt_peek_field(p, "export")) {
        size_t pos = p->pos;
        txt_token tok = p->tok;
        txt_next(p);
        txt_next(p);
        bool sugar = p->tok.kind == TK_STRING && peek_kind(st) != TK_LPAR;
        if (!sugar) {   /* `(export "n" (func $f))`: an instance's export */
            p->pos = pos;
            p->tok = tok;
            p->peek_valid = false;
            break;
        }
        size_t at = b->len;
        wf_buf_bytes(b, "\0\0\0\0", 4);
        ct_nameattrs(st, b);
        uint32_t n = (uint32_t)(b->len - at - 4);
        if (!b->oom)
            memcpy(b->data + at, &n, 4);
        ct_rpar(st);
    }
    return b;
}

static void emit_exports(ct_state *st, const wf_buf *ex, int space, uint32_t idx)
{
    for (size_t at = 0; at + 4 <= ex->len;) {
        uint32_t n;
        memcpy(&n, ex->data + at, 4);
        wf_buf *b = ct_tmp_push(st);
        wf_buf_bytes(b, ex->data + at + 4, n);
        ct_sort_bytes(b, space);
        wf_buf_u32(b, idx);
        wf_buf_byte(b, 0x00);
        ct_emit_later(st, b);
        ct_tmp_pop(st);
        at += 4 + n;
    }
}

/* `(import "n")` sugar inside a definition of `space`: the rest of the
 * form is the extern descriptor. The form's ')' is left to the caller. */
static bool inline_import(ct_state *st, int space, const txt_token *id, const wf_buf *ex)
{
    /* `(import "n")`, not a field `(import "n" (func ...))` of a nested
     * component or `(import "m" "n" ...)` of a core module. */
    txt_parser *p = &st->tp;
    if (!txt_peek_field(p, "import"))
        return false;
    size_t pos = p->pos;
    txt_token tok = p->tok;
    txt_next(p);
    txt_next(p);
    bool sugar = p->tok.kind == TK_STRING && peek_kind(st) == TK_RPAR;
    p->pos = pos;
    p->tok = tok;
    p->peek_valid = false;
    if (!sugar)
        return false;
    ct_form(st, "import");
    wf_buf *b = ct_tmp_push(st);
    ct_nameattrs(st, b);
    ct_rpar(st);
    ct_externdesc_body(st, b, space);
    ct_emit(st, CK_IMPORT, b);
    ct_tmp_pop(st);
    uint32_t idx = ct_bind_next(st, space, id);
    emit_exports(st, ex, space, idx);
    return true;
}

/* `(alias ...)` sugar inside a definition of `space`. */
static bool inline_alias(ct_state *st, int space, const txt_token *id, const wf_buf *ex)
{
    if (!ct_form(st, "alias"))
        return false;
    wf_buf *b = ct_tmp_push(st);
    txt_token none;
    ct_alias(st, b, &space, &none);
    ct_rpar(st);
    ct_emit(st, CK_ALIAS, b);
    ct_tmp_pop(st);
    uint32_t idx = ct_bind_next(st, space, id);
    emit_exports(st, ex, space, idx);
    return true;
}

/* Emit the item in `b` and bind it, then its inline exports. */
static void finish(ct_state *st, int kind, const wf_buf *b, int space, const txt_token *id,
                   const wf_buf *ex)
{
    ct_emit(st, kind, b);
    uint32_t idx = ct_bind_next(st, space, id);
    if (ex)
        emit_exports(st, ex, space, idx);
}

/* ---- canonical definitions ----------------------------------------------------- */

/* Canon options: vec(canonopt) until none is recognised. */
static void canon_opts(ct_state *st, wf_buf *b)
{
    static const struct { const char *kw; uint8_t code; } flags[] = {
        {"string-encoding=utf8", 0x00}, {"string-encoding=utf16", 0x01},
        {"string-encoding=latin1+utf16", 0x02}, {"async", 0x06}};
    static const struct { const char *kw; uint8_t code; int space; } refs[] = {
        {"memory", 0x03, CS_CMEM}, {"realloc", 0x04, CS_CFUNC},
        {"post-return", 0x05, CS_CFUNC}, {"callback", 0x07, CS_CFUNC}};
    wf_buf *t = ct_tmp_push(st);
    uint32_t n = 0;
    for (bool more = true; more; n += more) {
        more = false;
        for (size_t i = 0; i < 4 && !more; i++)
            if (ct_kw(st, flags[i].kw)) {
                wf_buf_byte(t, flags[i].code);
                more = true;
            }
        for (size_t i = 0; i < 4 && !more; i++)
            if (ct_form(st, refs[i].kw)) {
                wf_buf_byte(t, refs[i].code);
                wf_buf_u32(t, ct_sortidx_ref(st, refs[i].space));
                ct_rpar(st);
                more = true;
            }
    }
    wf_buf_u32(b, n);
    wf_buf_bytes(b, t->data, t->len);
    ct_tmp_pop(st);
}

/* Built-ins other than lift and lower: opcode and immediates, one letter
 * each: t type index, o options, a `async`?, c `cancellable`?, m (memory
 * m), v core value type, i u32, r result list, T core type, B core table. */
static const struct { const char *name; uint8_t code; const char *imm; } builtins[] = {
    {"resource.new", 0x02, "t"}, {"resource.drop", 0x03, "t"}, {"resource.rep", 0x04, "t"},
    {"backpressure.inc", 0x24, ""}, {"backpressure.dec", 0x25, ""},
    {"task.return", 0x09, "ro"}, {"task.cancel", 0x05, ""},
    {"context.get", 0x0a, "vi"}, {"context.set", 0x0b, "vi"},
    {"subtask.cancel", 0x06, "a"}, {"subtask.drop", 0x0d, ""},
    {"stream.new", 0x0e, "t"}, {"stream.read", 0x0f, "to"}, {"stream.write", 0x10, "to"},
    {"stream.cancel-read", 0x11, "ta"}, {"stream.cancel-write", 0x12, "ta"},
    {"stream.drop-readable", 0x13, "t"}, {"stream.drop-writable", 0x14, "t"},
    {"future.new", 0x15, "t"}, {"future.read", 0x16, "to"}, {"future.write", 0x17, "to"},
    {"future.cancel-read", 0x18, "ta"}, {"future.cancel-write", 0x19, "ta"},
    {"future.drop-readable", 0x1a, "t"}, {"future.drop-writable", 0x1b, "t"},
    {"error-context.new", 0x1c, "o"}, {"error-context.debug-message", 0x1d, "o"},
    {"error-context.drop", 0x1e, ""},
    {"waitable-set.new", 0x1f, ""}, {"waitable-set.wait", 0x20, "cm"},
    {"waitable-set.poll", 0x21, "cm"}, {"waitable-set.drop", 0x22, ""},
    {"waitable.join", 0x23, ""},
    {"thread.index", 0x26, ""}, {"thread.new-indirect", 0x27, "TB"},
    {"thread.resume-later", 0x28, ""}, {"thread.suspend", 0x29, "c"},
    {"thread.yield", 0x0c, "c"}, {"thread.suspend-then-resume", 0x2a, "c"},
    {"thread.yield-then-resume", 0x2b, "c"}, {"thread.suspend-then-promote", 0x2c, "c"},
    {"thread.yield-then-promote", 0x2d, "c"},
};

static void immediate(ct_state *st, wf_buf *b, char c)
{
    txt_parser *p = &st->tp;
    uint64_t v;
    switch (c) {
    case 't': wf_buf_u32(b, ct_sortidx_ref(st, CS_TYPE)); break;
    case 'T': wf_buf_u32(b, ct_sortidx_ref(st, CS_CTYPE)); break;
    case 'B': wf_buf_u32(b, ct_sortidx_ref(st, CS_CTABLE)); break;
    case 'o': canon_opts(st, b); break;
    case 'a': wf_buf_byte(b, ct_kw(st, "async")); break;
    case 'c': wf_buf_byte(b, ct_kw(st, "cancellable")); break;
    case 'm':
        ct_lpar_kw(st, "memory");
        wf_buf_u32(b, ct_sortidx_ref(st, CS_CMEM));
        ct_rpar(st);
        break;
    case 'v': wf_buf_byte(b, txt_valtype(p)); break;
    case 'i':
        if (p->tok.kind != TK_ATOM || !txt_uint(p->tok.s, p->tok.len, UINT32_MAX, &v))
            ct_fail(st, p->tok.off, "unexpected token, expected a number");
        wf_buf_u32(b, (uint32_t)v);
        txt_next(p);
        break;
    case 'r':
        if (ct_form(st, "result")) {
            wf_buf_byte(b, 0x00);
            ct_valtype(st, b);
            ct_rpar(st);
        } else {
            wf_buf_byte(b, 0x01);
            wf_buf_byte(b, 0x00);
        }
        break;
    }
}

/* A func's type use before `(canon lift`: (type $t), or an inline
 * function type emitted as its own definition. */
static uint32_t func_typeuse(ct_state *st)
{
    if (ct_form(st, "type")) {
        uint32_t idx = ct_index(st, CS_TYPE);
        ct_rpar(st);
        return idx;
    }
    wf_buf *t = ct_tmp_push(st);
    ct_functype(st, t);
    ct_emit(st, CK_TYPE, t);
    ct_tmp_pop(st);
    return ct_bind_next(st, CS_TYPE, NULL);
}

/* After `canon`: the built-in and its immediates. With `inline_def` the
 * definition form is the enclosing `(func ...)`/`(core func ...)` and
 * lift_type its type; otherwise a trailing `(core func $id?)` or `(func
 * $id? typeuse)` names it (*id). Returns the index space defined. */
static int canon(ct_state *st, wf_buf *b, bool inline_def, uint32_t lift_type, txt_token *id)
{
    txt_parser *p = &st->tp;
    int space = CS_CFUNC;
    if (ct_kw(st, "lift")) {
        wf_buf_byte(b, 0x00);
        wf_buf_byte(b, 0x00);
        wf_buf_u32(b, sortidx_form(st, CS_CFUNC));
        canon_opts(st, b);
        if (!inline_def) {
            ct_lpar_kw(st, "func");
            *id = ct_opt_id(st);
            lift_type = func_typeuse(st);
            ct_rpar(st);
        }
        wf_buf_u32(b, lift_type);
        return CS_FUNC;
    }
    if (ct_kw(st, "lower")) {
        wf_buf_byte(b, 0x01);
        wf_buf_byte(b, 0x00);
        wf_buf_u32(b, sortidx_form(st, CS_FUNC));
        canon_opts(st, b);
    } else {
        size_t i = 0, n = sizeof builtins / sizeof builtins[0];
        while (i < n && !txt_is_kw(p, builtins[i].name))
            i++;
        if (i == n)
            ct_fail(st, p->tok.off, "unknown canonical built-in \"%.*s\"",
                    (int)(p->tok.len > 40 ? 40 : p->tok.len), p->tok.s);
        txt_next(p);
        wf_buf_byte(b, builtins[i].code);
        for (const char *c = builtins[i].imm; *c; c++)
            immediate(st, b, *c);
    }
    if (!inline_def) {
        ct_lpar_kw(st, "core");
        if (!ct_kw(st, "func"))
            ct_fail(st, p->tok.off, "unexpected token, expected func");
        *id = ct_opt_id(st);
        ct_rpar(st);
    }
    return space;
}

/* ---- fields ------------------------------------------------------------------- */

/* `(func $id? (export "n")* ...)`: an import, an alias or a lift. */
static void func_field(ct_state *st)
{
    txt_token id = ct_opt_id(st);
    wf_buf *ex = inline_exports(st);
    if (!inline_import(st, CS_FUNC, &id, ex) && !inline_alias(st, CS_FUNC, &id, ex)) {
        uint32_t ty = func_typeuse(st);
        ct_lpar_kw(st, "canon");
        if (!txt_is_kw(&st->tp, "lift"))
            ct_fail(st, st->tp.tok.off, "unexpected token, expected lift");
        wf_buf *b = ct_tmp_push(st);
        canon(st, b, true, ty, NULL);
        ct_rpar(st);
        finish(st, CK_CANON, b, CS_FUNC, &id, ex);
        ct_tmp_pop(st);
    }
    ct_rpar(st);
    ct_tmp_pop(st);
}

/* `(core func $id? ...)`: a canon built-in or an alias. */
static void core_func_field(ct_state *st)
{
    txt_token id = ct_opt_id(st);
    if (!inline_alias(st, CS_CFUNC, &id, &(wf_buf){0})) {
        ct_lpar_kw(st, "canon");
        if (txt_is_kw(&st->tp, "lift"))
            ct_fail(st, st->tp.tok.off, "canon lift defines a component func");
        wf_buf *b = ct_tmp_push(st);
        canon(st, b, true, 0, NULL);
        ct_rpar(st);
        finish(st, CK_CANON, b, CS_CFUNC, &id, NULL);
        ct_tmp_pop(st);
    }
    ct_rpar(st);
}

/* `(core X $id? (alias ...))` for the other core sorts. */
static void core_alias_field(ct_state *st, int space)
{
    txt_token id = ct_opt_id(st);
    if (!inline_alias(st, space, &id, &(wf_buf){0}))
        ct_fail(st, st->tp.tok.off, "unexpected token, expected (alias");
    ct_rpar(st);
}

static void canon_field(ct_state *st)
{
    txt_token id = {0};
    wf_buf *b = ct_tmp_push(st);
    int space = canon(st, b, false, 0, &id);
    ct_rpar(st);
    finish(st, CK_CANON, b, space, &id, NULL);
    ct_tmp_pop(st);
}

/* Core instance exports `(export "n" (sort idx))*` as vec(core:inlineexport). */
static void core_exports(ct_state *st, wf_buf *b)
{
    wf_buf *t = ct_tmp_push(st);
    uint32_t n = 0;
    while (ct_form(st, "export")) {
        ct_name(st, t);
        if (st->tp.tok.kind != TK_LPAR)
            ct_fail(st, st->tp.tok.off, "unexpected token, expected a core sort");
        txt_next(&st->tp);
        size_t at = st->tp.tok.off;
        int space = ct_sort_kw(st, true);
        if (space > CS_CTAG)
            ct_fail(st, at, "core instances export funcs, tables, memories, globals and tags");
        wf_buf_byte(t, ct_core_sort_code(space));
        wf_buf_u32(t, ref_rest(st, space));
        ct_rpar(st);
        ct_rpar(st);
        n++;
    }
    wf_buf_byte(b, 0x01);
    wf_buf_u32(b, n);
    wf_buf_bytes(b, t->data, t->len);
    ct_tmp_pop(st);
}

/* A core instance made of exports in a `with`, emitted before its user. */
static uint32_t inline_core_instance(ct_state *st)
{
    wf_buf *b = ct_tmp_push(st);
    core_exports(st, b);
    ct_emit(st, CK_CINST, b);
    ct_tmp_pop(st);
    return ct_bind_next(st, CS_CINST, NULL);
}

static void core_instance_field(ct_state *st)
{
    txt_token id = ct_opt_id(st);
    wf_buf *b = ct_tmp_push(st);
    if (ct_form(st, "instantiate")) {
        wf_buf_byte(b, 0x00);
        if (ct_form(st, "module")) {   /* (module $i "m") */
            wf_buf_u32(b, ref_rest(st, CS_CMODULE));
            ct_rpar(st);
        } else {
            wf_buf_u32(b, ct_index(st, CS_CMODULE));
        }
        wf_buf *t = ct_tmp_push(st);
        uint32_t n = 0;
        while (ct_form(st, "with")) {
            ct_name(st, t);
            ct_lpar_kw(st, "instance");
            uint32_t idx = ct_is_index(st) ? ref_rest(st, CS_CINST) : inline_core_instance(st);
            ct_rpar(st);
            ct_rpar(st);
            wf_buf_byte(t, 0x12);
            wf_buf_u32(t, idx);
            n++;
        }
        wf_buf_u32(b, n);
        wf_buf_bytes(b, t->data, t->len);
        ct_tmp_pop(st);
        ct_rpar(st);
    } else {
        core_exports(st, b);
    }
    ct_rpar(st);
    finish(st, CK_CINST, b, CS_CINST, &id, NULL);
    ct_tmp_pop(st);
}

/* `(sort idx)` of an export or a `with`: sort bytes and index; returns
 * the space. An `(instance (export ...)*)` makes an inline instance. */
static int sortidx(ct_state *st, wf_buf *b)
{
    txt_parser *p = &st->tp;
    if (p->tok.kind != TK_LPAR)
        ct_fail(st, p->tok.off, "unexpected token, expected a sort and index");
    txt_next(p);
    int space = ct_sort_kw(st, false);
    uint32_t idx;
    if (space == CS_INST && !ct_is_index(st)) {
        /* The instance's buffer first: the aliases its exports use are
         * its own. */
        wf_buf *i = ct_tmp_push(st), *t = ct_tmp_push(st);
        uint32_t n = 0;
        while (ct_form(st, "export")) {
            ct_nameattrs(st, t);
            sortidx(st, t);
            ct_rpar(st);
            n++;
        }
        wf_buf_byte(i, 0x01);
        wf_buf_u32(i, n);
        wf_buf_bytes(i, t->data, t->len);
        ct_tmp_pop(st);
        ct_emit(st, CK_INST, i);
        ct_tmp_pop(st);
        idx = ct_bind_next(st, CS_INST, NULL);
    } else {
        idx = ref_rest(st, space);
    }
    ct_rpar(st);
    ct_sort_bytes(b, space);
    wf_buf_u32(b, idx);
    return space;
}

static void instance_field(ct_state *st)
{
    txt_token id = ct_opt_id(st);
    wf_buf *ex = inline_exports(st);
    if (!inline_import(st, CS_INST, &id, ex)) {
        wf_buf *b = ct_tmp_push(st), *t = ct_tmp_push(st);
        uint32_t n = 0;
        if (ct_form(st, "instantiate")) {
            wf_buf_byte(b, 0x00);
            wf_buf_u32(b, ct_sortidx_ref(st, CS_COMP));
            while (ct_form(st, "with")) {
                ct_name(st, t);
                sortidx(st, t);
                ct_rpar(st);
                n++;
            }
            ct_rpar(st);
        } else {
            wf_buf_byte(b, 0x01);
            while (ct_form(st, "export")) {
                ct_nameattrs(st, t);
                sortidx(st, t);
                ct_rpar(st);
                n++;
            }
        }
        wf_buf_u32(b, n);
        wf_buf_bytes(b, t->data, t->len);
        ct_tmp_pop(st);
        finish(st, CK_INST, b, CS_INST, &id, ex);
        ct_tmp_pop(st);
    }
    ct_rpar(st);
    ct_tmp_pop(st);
}

/* `(type $id? (export "n")* deftype)` or `(core type $id? deftype)`. */
static void type_field(ct_state *st, bool core)
{
    txt_token id = ct_opt_id(st);
    wf_buf *ex = core ? NULL : inline_exports(st);
    wf_buf *b = ct_tmp_push(st);
    if (core)
        ct_core_type_def(st, b);
    else
        ct_type_def(st, b);
    ct_rpar(st);
    finish(st, core ? CK_CTYPE : CK_TYPE, b, core ? CS_CTYPE : CS_TYPE, &id, ex);
    ct_tmp_pop(st);
    if (ex)
        ct_tmp_pop(st);
}

static void alias_field(ct_state *st)
{
    wf_buf *b = ct_tmp_push(st);
    int space = -1;
    txt_token id;
    ct_alias(st, b, &space, &id);
    ct_rpar(st);
    finish(st, CK_ALIAS, b, space, &id, NULL);
    ct_tmp_pop(st);
}

static void import_field(ct_state *st)
{
    wf_buf *b = ct_tmp_push(st);
    txt_token id;
    ct_nameattrs(st, b);
    int space = ct_externdesc(st, b, &id);
    ct_rpar(st);
    finish(st, CK_IMPORT, b, space, &id, NULL);
    ct_tmp_pop(st);
}

/* `(export $id? "n" attrs (sort idx) externdesc?)` */
static void export_field(ct_state *st)
{
    txt_token id = ct_opt_id(st);
    wf_buf *b = ct_tmp_push(st);
    ct_nameattrs(st, b);
    int space = sortidx(st, b);
    if (st->tp.tok.kind == TK_LPAR) {
        txt_token none;
        wf_buf_byte(b, 0x01);
        ct_externdesc(st, b, &none);   /* the validator matches it */
    } else {
        wf_buf_byte(b, 0x00);
    }
    ct_rpar(st);
    finish(st, CK_EXPORT, b, space, &id, NULL);
    ct_tmp_pop(st);
}

/* `(start $f (value $v)* (result (value $id?))*)` */
static void start_field(ct_state *st)
{
    wf_buf *b = ct_tmp_push(st), *t = ct_tmp_push(st);
    wf_buf_u32(b, ct_index(st, CS_FUNC));
    uint32_t n = 0, r = 0;
    while (ct_form(st, "value")) {
        wf_buf_u32(t, ct_index(st, CS_VALUE));
        ct_rpar(st);
        n++;
    }
    wf_buf_u32(b, n);
    wf_buf_bytes(b, t->data, t->len);
    txt_token ids[64];
    while (ct_form(st, "result")) {
        ct_lpar_kw(st, "value");
        if (r == 64)
            ct_fail(st, st->tp.tok.off, "too many start results");
        ids[r++] = ct_opt_id(st);
        ct_rpar(st);
        ct_rpar(st);
    }
    wf_buf_u32(b, r);
    ct_rpar(st);
    ct_emit(st, CK_START, b);
    for (uint32_t i = 0; i < r; i++)
        ct_bind_next(st, CS_VALUE, &ids[i]);
    ct_tmp_pop(st);
    ct_tmp_pop(st);
}

static void component_field(ct_state *st)
{
    txt_token id = ct_opt_id(st);
    wf_buf *ex = inline_exports(st);
    if (!inline_import(st, CS_COMP, &id, ex)) {
        wf_buf *b = ct_tmp_push(st);
        ct_nested_component(st, b, &id);
        finish(st, CK_COMP, b, CS_COMP, &id, ex);
        ct_tmp_pop(st);
    } else {
        ct_rpar(st);
    }
    ct_tmp_pop(st);
}

static void core_module_field(ct_state *st, size_t lpar)
{
    txt_token id = ct_opt_id(st);
    wf_buf *ex = inline_exports(st);
    if (!inline_import(st, CS_CMODULE, &id, ex)) {
        wf_buf *b = ct_tmp_push(st);
        ct_core_module(st, lpar, b, &id);
        finish(st, CK_CMODULE, b, CS_CMODULE, &id, ex);
        ct_tmp_pop(st);
    } else {
        ct_rpar(st);
    }
    ct_tmp_pop(st);
}

/* One field at '('. */
static void field(ct_state *st)
{
    txt_parser *p = &st->tp;
    size_t lpar = p->tok.off;
    txt_next(p);
    if (ct_kw(st, "core")) {
        if (ct_kw(st, "module"))
            core_module_field(st, lpar);
        else if (ct_kw(st, "instance"))
            core_instance_field(st);
        else if (ct_kw(st, "type"))
            type_field(st, true);
        else if (ct_kw(st, "func"))
            core_func_field(st);
        else
            core_alias_field(st, ct_sort_kw(st, true));
    } else if (ct_kw(st, "component")) {
        component_field(st);
    } else if (ct_kw(st, "instance")) {
        instance_field(st);
    } else if (ct_kw(st, "alias")) {
        alias_field(st);
    } else if (ct_kw(st, "type")) {
        type_field(st, false);
    } else if (ct_kw(st, "canon")) {
        canon_field(st);
    } else if (ct_kw(st, "func")) {
        func_field(st);
    } else if (ct_kw(st, "start")) {
        start_field(st);
    } else if (ct_kw(st, "import")) {
        import_field(st);
    } else if (ct_kw(st, "export")) {
        export_field(st);
    } else if (txt_is_kw(p, "value")) {
        ct_fail(st, p->tok.off, "value definitions are not supported");
    } else {
        ct_fail(st, p->tok.off, "unexpected token \"%.*s\", expected a component field",
                (int)(p->tok.len > 40 ? 40 : p->tok.len), p->tok.s);
    }
}

/* `(core module` at the current '('? */
static bool core_module_next(ct_state *st)
{
    txt_parser *p = &st->tp;
    if (!txt_peek_field(p, "core"))
        return false;
    size_t pos = p->pos;
    txt_token tok = p->tok;
    txt_next(p);
    txt_next(p);
    bool yes = txt_is_kw(p, "module");
    p->pos = pos;
    p->tok = tok;
    p->peek_valid = false;
    return yes;
}

/* A field, in two passes (see comp_text.h): the first leaves the scope
 * as it was and records where the aliases its sugar needs will land, the
 * second writes. Core modules and nested components use no sugar of their
 * own and go in one. */
void ct_field(ct_state *st)
{
    txt_parser *p = &st->tp;
    if (st->pass || txt_peek_field(p, "component") || core_module_next(st)) {
        field(st);
        return;
    }
    ct_scope *s = st->sc;
    uint32_t count[CS_N];
    memcpy(count, s->count, sizeof count);
    size_t pos = p->pos;
    txt_token tok = p->tok;
    st->home = s;
    st->pass = 1;
    st->ntape = 0;
    field(st);
    if (st->npend)
        ct_fail(st, tok.off, "internal error: aliases left");
    memcpy(s->count, count, sizeof count);
    p->pos = pos;
    p->tok = tok;
    p->peek_valid = false;
    st->pass = 2;
    st->tpos = 0;
    field(st);
    if (st->npend || st->tpos != st->ntape)
        ct_fail(st, tok.off, "internal error: aliases left");
    st->pass = 0;
    st->home = NULL;
}

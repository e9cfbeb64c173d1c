/* comp_text_types.c — component types in text: value types and defined
 * value types, function types, component/instance/resource types, core
 * types (functions and module types), extern descriptors and aliases.
 * Inline compound types are emitted as separate type definitions just
 * before their user, as wasm-tools does (see comp_text.h). */
#include "comp_text.h"

#include <string.h>

static const struct { const char *n; uint8_t code; } prims[] = {
    {"bool", 0x7f}, {"s8", 0x7e}, {"u8", 0x7d}, {"s16", 0x7c}, {"u16", 0x7b},
    {"s32", 0x7a}, {"u32", 0x79}, {"s64", 0x78}, {"u64", 0x77}, {"f32", 0x76},
    {"float32", 0x76}, {"f64", 0x75}, {"float64", 0x75}, {"char", 0x74},
    {"string", 0x73}, {"error-context", 0x64}};

static bool prim(ct_state *st, wf_buf *b)
{
    for (size_t i = 0; i < sizeof prims / sizeof prims[0]; i++)
        if (ct_kw(st, prims[i].n)) {
            wf_buf_byte(b, prims[i].code);
            return true;
        }
    return false;
}

/* ---- value types -------------------------------------------------------- */

static void defvaltype(ct_state *st, wf_buf *b);

/* A nested compound type becomes its own type definition first. */
static uint32_t inline_type(ct_state *st, void (*parse)(ct_state *, wf_buf *))
{
    if (st->depth + st->ntmp >= CT_MAX_DEPTH * 2)
        ct_fail(st, st->tp.tok.off, "nesting too deep");
    wf_buf *t = ct_tmp_push(st);
    parse(st, t);
    ct_emit(st, CK_TYPE, t);
    ct_tmp_pop(st);
    return ct_bind_next(st, CS_TYPE, NULL);
}

/* A value type: a primitive's code, or a type index as a signed LEB128
 * (s33), the primitives being its negative numbers: 64 is c0 00. */
void ct_valtype(ct_state *st, wf_buf *b)
{
    if (prim(st, b))
        return;
    if (ct_is_index(st)) {
        wf_buf_s64(b, ct_index(st, CS_TYPE));
        return;
    }
    if (st->tp.tok.kind != TK_LPAR)
        ct_fail(st, st->tp.tok.off, "unexpected token, expected a value type");
    wf_buf_s64(b, inline_type(st, defvaltype));
}

static void opt_valtype(ct_state *st, wf_buf *b)
{
    if (st->tp.tok.kind == TK_RPAR) {
        wf_buf_byte(b, 0x00);
        return;
    }
    wf_buf_byte(b, 0x01);
    ct_valtype(st, b);
}

/* Flag or enum labels: vec(label). */
static void labels(ct_state *st, wf_buf *b)
{
    wf_buf *t = ct_tmp_push(st);
    uint32_t n = 0;
    while (st->tp.tok.kind == TK_STRING) {
        ct_name(st, t);
        n++;
    }
    wf_buf_u32(b, n);
    wf_buf_bytes(b, t->data, t->len);
    ct_tmp_pop(st);
}

static void record(ct_state *st, wf_buf *b)
{
    wf_buf *t = ct_tmp_push(st);
    uint32_t n = 0;
    while (ct_form(st, "field")) {
        ct_name(st, t);
        ct_valtype(st, t);
        ct_rpar(st);
        n++;
    }
    wf_buf_byte(b, 0x72);
    wf_buf_u32(b, n);
    wf_buf_bytes(b, t->data, t->len);
    ct_tmp_pop(st);
}

static void variant(ct_state *st, wf_buf *b)
{
    wf_buf *t = ct_tmp_push(st);
    uint32_t n = 0;
    while (ct_form(st, "case")) {
        ct_opt_id(st);
        ct_name(st, t);
        if (st->tp.tok.kind != TK_RPAR && !txt_peek_field(&st->tp, "refines")) {
            wf_buf_byte(t, 0x01);
            ct_valtype(st, t);
        } else {
            wf_buf_byte(t, 0x00);
        }
        if (ct_form(st, "refines"))
            ct_fail(st, st->tp.tok.off, "variant case refinements are not supported");
        wf_buf_byte(t, 0x00);
        ct_rpar(st);
        n++;
    }
    wf_buf_byte(b, 0x71);
    wf_buf_u32(b, n);
    wf_buf_bytes(b, t->data, t->len);
    ct_tmp_pop(st);
}

static void tuple(ct_state *st, wf_buf *b)
{
    wf_buf *t = ct_tmp_push(st);
    uint32_t n = 0;
    while (st->tp.tok.kind != TK_RPAR) {
        ct_valtype(st, t);
        n++;
    }
    wf_buf_byte(b, 0x6f);
    wf_buf_u32(b, n);
    wf_buf_bytes(b, t->data, t->len);
    ct_tmp_pop(st);
}

static void result(ct_state *st, wf_buf *b)
{
    wf_buf_byte(b, 0x6a);
    if (st->tp.tok.kind != TK_RPAR && !txt_peek_field(&st->tp, "error")) {
        wf_buf_byte(b, 0x01);
        ct_valtype(st, b);
    } else {
        wf_buf_byte(b, 0x00);
    }
    if (ct_form(st, "error")) {
        wf_buf_byte(b, 0x01);
        ct_valtype(st, b);
        ct_rpar(st);
    } else {
        wf_buf_byte(b, 0x00);
    }
}

/* A defined value type form at the current '(' (or a primitive). */
static void defvaltype(ct_state *st, wf_buf *b)
{
    if (prim(st, b))
        return;
    txt_parser *p = &st->tp;
    if (p->tok.kind != TK_LPAR)
        ct_fail(st, p->tok.off, "unexpected token, expected a type");
    txt_next(p);
    if (ct_kw(st, "record")) {
        record(st, b);
    } else if (ct_kw(st, "variant")) {
        variant(st, b);
    } else if (ct_kw(st, "list")) {
        wf_buf *t = ct_tmp_push(st);
        ct_valtype(st, t);
        if (p->tok.kind == TK_ATOM) {   /* fixed-size list */
            uint64_t n;
            if (!txt_uint(p->tok.s, p->tok.len, UINT32_MAX, &n))
                ct_fail(st, p->tok.off, "invalid list length");
            txt_next(p);
            wf_buf_byte(b, 0x67);
            wf_buf_bytes(b, t->data, t->len);
            wf_buf_u32(b, (uint32_t)n);
        } else {
            wf_buf_byte(b, 0x70);
            wf_buf_bytes(b, t->data, t->len);
        }
        ct_tmp_pop(st);
    } else if (ct_kw(st, "tuple")) {
        tuple(st, b);
    } else if (txt_is_kw(p, "flags") || txt_is_kw(p, "enum")) {
        wf_buf_byte(b, txt_is_kw(p, "flags") ? 0x6e : 0x6d);
        txt_next(p);
        labels(st, b);
    } else if (ct_kw(st, "option")) {
        wf_buf_byte(b, 0x6b);
        ct_valtype(st, b);
    } else if (ct_kw(st, "result")) {
        result(st, b);
    } else if (txt_is_kw(p, "own") || txt_is_kw(p, "borrow")) {
        wf_buf_byte(b, txt_is_kw(p, "own") ? 0x69 : 0x68);
        txt_next(p);
        wf_buf_u32(b, ct_index(st, CS_TYPE));
    } else if (ct_kw(st, "stream")) {
        wf_buf_byte(b, 0x66);
        opt_valtype(st, b);
    } else if (ct_kw(st, "future")) {
        wf_buf_byte(b, 0x65);
        opt_valtype(st, b);
    } else if (ct_kw(st, "map")) {
        wf_buf_byte(b, 0x63);
        ct_valtype(st, b);
        ct_valtype(st, b);
    } else {
        ct_fail(st, p->tok.off, "unexpected token, expected a type");
    }
    ct_rpar(st);
}

/* ---- function, resource, component and instance types --------------------- */

/* After `(func`: async? (param "l" t)* (result t)? */
void ct_functype(ct_state *st, wf_buf *b)
{
    wf_buf_byte(b, ct_kw(st, "async") ? 0x43 : 0x40);
    wf_buf *t = ct_tmp_push(st);
    uint32_t n = 0;
    while (ct_form(st, "param")) {
        ct_name(st, t);
        ct_valtype(st, t);
        ct_rpar(st);
        n++;
    }
    wf_buf_u32(b, n);
    wf_buf_bytes(b, t->data, t->len);
    ct_tmp_pop(st);
    if (ct_form(st, "result")) {
        if (st->tp.tok.kind == TK_STRING)
            ct_fail(st, st->tp.tok.off, "named results are not supported");
        wf_buf_byte(b, 0x00);
        ct_valtype(st, b);
        ct_rpar(st);
        if (txt_peek_field(&st->tp, "result"))
            ct_fail(st, st->tp.tok.off, "a function has at most one result");
    } else {
        wf_buf_byte(b, 0x01);
        wf_buf_byte(b, 0x00);
    }
}

/* After `(resource`: (rep i32) (dtor funcref)? */
static void resource(ct_state *st, wf_buf *b)
{
    wf_buf_byte(b, 0x3f);
    ct_lpar_kw(st, "rep");
    wf_buf_byte(b, txt_valtype(&st->tp));
    ct_rpar(st);
    if (ct_form(st, "dtor")) {
        wf_buf_byte(b, 0x01);
        wf_buf_u32(b, ct_sortidx_ref(st, CS_CFUNC));
        ct_rpar(st);
    } else {
        wf_buf_byte(b, 0x00);
    }
}

/* A component (0x41) or instance (0x42) type's declarations, up to ')'. */
static void decl_type(ct_state *st, wf_buf *b, int kind)
{
    ct_enter(st, kind, NULL);
    ct_decls(st);
    ct_scope keep = {0};
    ct_leave(st, &keep);
    wf_buf_byte(b, kind == SC_COMPTYPE ? 0x41 : 0x42);
    wf_buf_u32(b, keep.ndecls);
    wf_buf_bytes(b, keep.out.data, keep.out.len);
    wf_buf_free(&keep.out);
}

/* The deftype of a `(type $id? ...)`: a form (or a primitive). */
void ct_type_def(ct_state *st, wf_buf *b)
{
    if (ct_form(st, "func")) {
        ct_functype(st, b);
    } else if (ct_form(st, "component")) {
        decl_type(st, b, SC_COMPTYPE);
    } else if (ct_form(st, "instance")) {
        decl_type(st, b, SC_INSTTYPE);
    } else if (ct_form(st, "resource")) {
        resource(st, b);
    } else {
        defvaltype(st, b);
        return;
    }
    ct_rpar(st);
}

/* ---- core types ------------------------------------------------------------- */

/* After `(func`: core params and results, 0x60 vec vec. */
static void core_functype(ct_state *st, wf_buf *b)
{
    wf_buf *t[2] = {ct_tmp_push(st), ct_tmp_push(st)};
    uint32_t counts[2] = {0, 0};
    for (int r = 0; r < 2; r++) {
        while (ct_form(st, r ? "result" : "param")) {
            if (!r && st->tp.tok.kind == TK_ID) {   /* (param $x t) */
                txt_next(&st->tp);
                wf_buf_byte(t[r], txt_valtype(&st->tp));
                counts[r]++;
            } else {
                while (st->tp.tok.kind == TK_KEYWORD) {
                    wf_buf_byte(t[r], txt_valtype(&st->tp));
                    counts[r]++;
                }
            }
            ct_rpar(st);
        }
    }
    wf_buf_byte(b, 0x60);
    for (int r = 0; r < 2; r++) {
        wf_buf_u32(b, counts[r]);
        wf_buf_bytes(b, t[r]->data, t[r]->len);
    }
    ct_tmp_pop(st);
    ct_tmp_pop(st);
}

static void limits(ct_state *st, wf_buf *b)
{
    txt_parser *p = &st->tp;
    uint64_t v[2];
    int n = 0;
    while (n < 2 && p->tok.kind == TK_ATOM) {
        if (!txt_uint(p->tok.s, p->tok.len, UINT32_MAX, &v[n]))
            ct_fail(st, p->tok.off, "invalid limit");
        txt_next(p);
        n++;
    }
    if (!n)
        ct_fail(st, p->tok.off, "unexpected token, expected a limit");
    wf_buf_byte(b, n == 2);
    for (int i = 0; i < n; i++)
        wf_buf_u32(b, (uint32_t)v[i]);
}

static uint32_t core_typeuse(ct_state *st)
{
    if (ct_form(st, "type")) {
        uint32_t idx = ct_index(st, CS_CTYPE);
        ct_rpar(st);
        return idx;
    }
    wf_buf *t = ct_tmp_push(st);
    core_functype(st, t);
    ct_emit(st, CK_CTYPE, t);
    ct_tmp_pop(st);
    return ct_bind_next(st, CS_CTYPE, NULL);
}

/* A core extern type form at '(': func, table, memory, global, tag. */
static void core_externtype(ct_state *st, wf_buf *b)
{
    txt_parser *p = &st->tp;
    if (ct_form(st, "func")) {
        ct_opt_id(st);
        uint32_t idx = core_typeuse(st);
        wf_buf_byte(b, 0x00);
        wf_buf_u32(b, idx);
    } else if (ct_form(st, "table")) {
        ct_opt_id(st);
        wf_buf *t = ct_tmp_push(st);
        limits(st, t);
        wf_buf_byte(b, 0x01);
        wf_buf_byte(b, txt_valtype(p));
        wf_buf_bytes(b, t->data, t->len);
        ct_tmp_pop(st);
    } else if (ct_form(st, "memory")) {
        ct_opt_id(st);
        wf_buf_byte(b, 0x02);
        limits(st, b);
    } else if (ct_form(st, "global")) {
        ct_opt_id(st);
        wf_buf_byte(b, 0x03);
        if (ct_form(st, "mut")) {
            wf_buf_byte(b, txt_valtype(p));
            wf_buf_byte(b, 0x01);
            ct_rpar(st);
        } else {
            wf_buf_byte(b, txt_valtype(p));
            wf_buf_byte(b, 0x00);
        }
    } else if (ct_form(st, "tag")) {
        ct_opt_id(st);
        uint32_t idx = core_typeuse(st);
        wf_buf_byte(b, 0x04);
        wf_buf_byte(b, 0x00);
        wf_buf_u32(b, idx);
    } else {
        ct_fail(st, p->tok.off, "unexpected token, expected a core extern type");
    }
    ct_rpar(st);
}

/* Declarations of a core module type, up to ')'. */
static void module_decls(ct_state *st)
{
    txt_parser *p = &st->tp;
    while (p->tok.kind == TK_LPAR) {
        wf_buf *b = ct_tmp_push(st);
        if (ct_form(st, "import")) {
            ct_name(st, b);
            ct_name(st, b);
            core_externtype(st, b);
            ct_emit(st, CK_IMPORT, b);
        } else if (ct_form(st, "export")) {
            ct_name(st, b);
            core_externtype(st, b);
            ct_emit(st, CK_EXPORT, b);
        } else if (ct_form(st, "type")) {
            txt_token id = ct_opt_id(st);
            ct_core_type_def(st, b);
            ct_emit(st, CK_CTYPE, b);
            ct_bind_next(st, CS_CTYPE, &id);
        } else if (ct_form(st, "alias")) {
            int space = -1;
            txt_token id;
            ct_alias(st, b, &space, &id);
            ct_emit(st, CK_ALIAS, b);
            ct_bind_next(st, space, &id);
        } else {
            ct_fail(st, p->pos, "unexpected token in a module type");
        }
        ct_rpar(st);
        ct_tmp_pop(st);
    }
}

/* A core deftype at '(': (func ...) or (module decls). */
void ct_core_type_def(ct_state *st, wf_buf *b)
{
    if (ct_form(st, "func")) {
        core_functype(st, b);
    } else if (ct_form(st, "module")) {
        if (st->sc->kind == SC_MODTYPE)
            ct_fail(st, st->tp.tok.off, "module types cannot nest");
        ct_enter(st, SC_MODTYPE, NULL);
        module_decls(st);
        ct_scope keep = {0};
        ct_leave(st, &keep);
        wf_buf_byte(b, 0x50);
        wf_buf_u32(b, keep.ndecls);
        wf_buf_bytes(b, keep.out.data, keep.out.len);
        wf_buf_free(&keep.out);
    } else {
        ct_fail(st, st->tp.tok.off, "unexpected token, expected a core type (func or module)");
    }
    ct_rpar(st);
}

/* ---- sorts, names, aliases ---------------------------------------------------- */

static const char *const core_sorts[] = {"func", "table", "memory", "global", "tag",
                                         "type", "module", "instance"};
static const uint8_t core_codes[] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x10, 0x11, 0x12};
static const char *const sorts[] = {"func", "value", "type", "component", "instance"};

/* A sort keyword (after '('): `core X` (or X alone when core_ctx) or a
 * component sort. Returns its index space. */
int ct_sort_kw(ct_state *st, bool core_ctx)
{
    if (core_ctx || ct_kw(st, "core")) {
        for (int i = 0; i < 8; i++)
            if (ct_kw(st, core_sorts[i]))
                return CS_CFUNC + i;
        ct_fail(st, st->tp.tok.off, "unexpected token, expected a core sort");
    }
    for (int i = 0; i < 5; i++)
        if (ct_kw(st, sorts[i]))
            return CS_FUNC + i;
    ct_fail(st, st->tp.tok.off, "unexpected token, expected a sort");
}

/* The component-level sort encoding of `space`. */
void ct_sort_bytes(wf_buf *b, int space)
{
    if (space < CS_FUNC) {
        wf_buf_byte(b, 0x00);
        wf_buf_byte(b, core_codes[space]);
    } else {
        wf_buf_byte(b, (uint8_t)(space - CS_FUNC + 1));
    }
}

uint8_t ct_core_sort_code(int space)
{
    return core_codes[space];
}

/* An import/export name and its attributes: 0x00 name, or 0x02 name
 * vec(attribute) when (implements ...)/(versionsuffix ...)/(external-id
 * ...) follow. */
void ct_nameattrs(ct_state *st, wf_buf *b)
{
    static const char *const attrs[] = {"implements", "versionsuffix", "external-id"};
    wf_buf *name = ct_tmp_push(st), *a = ct_tmp_push(st);
    ct_name(st, name);
    uint32_t n = 0;
    bool seen[3] = {false, false, false};
    for (bool more = true; more;) {
        more = false;
        for (int i = 0; i < 3; i++)
            if (txt_peek_field(&st->tp, attrs[i])) {
                if (seen[i])
                    ct_fail(st, st->tp.tok.off, "duplicate '%s' option in name", attrs[i]);
                seen[i] = true;
                ct_form(st, attrs[i]);
                wf_buf_byte(a, (uint8_t)i);
                ct_name(st, a);
                ct_rpar(st);
                n++;
                more = true;
            }
    }
    wf_buf_byte(b, n ? 0x02 : 0x00);
    wf_buf_bytes(b, name->data, name->len);
    if (n) {
        wf_buf_u32(b, n);
        wf_buf_bytes(b, a->data, a->len);
    }
    ct_tmp_pop(st);
    ct_tmp_pop(st);
}

/* The scope `outer` names: a $name of an enclosing scope or a count. */
static ct_scope *outer_scope(ct_state *st, const txt_token *t, uint32_t *n)
{
    ct_scope *s = st->sc;
    uint64_t want = UINT64_MAX;
    if (t->kind != TK_ID && (t->kind != TK_ATOM || !txt_uint(t->s, t->len, UINT32_MAX, &want)))
        ct_fail(st, t->off, "unexpected token, expected an outer scope");
    for (*n = 0; s; s = s->parent, (*n)++) {
        if (t->kind == TK_ID ? s->id.kind == TK_ID && s->id.len == t->len &&
                                   !memcmp(s->id.s, t->s, t->len)
                             : *n == want)
            return s;
    }
    ct_fail(st, t->off, "unknown outer scope %.*s", (int)t->len, t->s);
}

/* After `alias`: export $i "n" | core export $i "n" | outer $c $i, then
 * the `(sort $id?)` unless *space is already known (the inline form
 * `(func $f (alias export $i "n"))`). */
void ct_alias(ct_state *st, wf_buf *b, int *space, txt_token *id)
{
    txt_parser *p = &st->tp;
    wf_buf *t = ct_tmp_push(st);
    int kind;
    txt_token scope_tok = {0}, idx_tok = {0};
    id->kind = TK_EOF;
    if (ct_kw(st, "export")) {
        kind = 0;
        wf_buf_u32(t, ct_index(st, CS_INST));
        ct_name(st, t);
    } else if (ct_kw(st, "core")) {
        if (!ct_kw(st, "export"))
            ct_fail(st, p->tok.off, "unexpected token, expected export");
        kind = 1;
        wf_buf_u32(t, ct_index(st, CS_CINST));
        ct_name(st, t);
    } else if (ct_kw(st, "outer")) {
        kind = 2;
        scope_tok = p->tok;
        txt_next(p);
        idx_tok = p->tok;
        if (!ct_is_index(st))
            ct_fail(st, p->tok.off, "unexpected token, expected an index");
        txt_next(p);
    } else {
        ct_fail(st, p->tok.off, "unexpected token, expected export, core export or outer");
    }
    size_t sort_at = p->tok.off;
    if (*space < 0) {
        if (p->tok.kind != TK_LPAR)
            ct_fail(st, p->tok.off, "unexpected token, expected a sort");
        txt_next(p);
        sort_at = p->tok.off;
        *space = ct_sort_kw(st, st->sc->kind == SC_MODTYPE);
        *id = ct_opt_id(st);
        ct_rpar(st);
    }
    if (kind == 2 && *space != CS_CMODULE && *space != CS_CTYPE && *space != CS_TYPE &&
        *space != CS_COMP)
        ct_fail(st, sort_at, "outer aliases are of core modules, core types, types and components");
    if (kind == 2) {
        uint32_t n, idx;
        uint64_t v;
        ct_scope *s = NULL;
        /* All-numeric outer aliases are encoded as written (the validator
         * judges the count); names need their scope. */
        if (scope_tok.kind == TK_ATOM && idx_tok.kind == TK_ATOM &&
            txt_uint(scope_tok.s, scope_tok.len, UINT32_MAX, &v))
            n = (uint32_t)v;
        else
            s = outer_scope(st, &scope_tok, &n);
        if (idx_tok.kind == TK_ID) {
            if (!ct_find(s, *space, &idx_tok, &idx))
                ct_fail(st, idx_tok.off, "unknown %.*s in outer scope", (int)idx_tok.len,
                        idx_tok.s);
        } else {
            if (!txt_uint(idx_tok.s, idx_tok.len, UINT32_MAX, &v))
                ct_fail(st, idx_tok.off, "invalid index");
            idx = (uint32_t)v;
        }
        wf_buf_u32(t, n);
        wf_buf_u32(t, idx);
    }
    if (st->sc->kind == SC_MODTYPE) {
        if (kind != 2 || *space != CS_CTYPE)
            ct_fail(st, p->tok.off, "only outer core type aliases are allowed in a module type");
        wf_buf_byte(b, 0x10);
        wf_buf_byte(b, 0x01);
    } else {
        ct_sort_bytes(b, *space);
        wf_buf_byte(b, (uint8_t)kind);
    }
    wf_buf_bytes(b, t->data, t->len);
    ct_tmp_pop(st);
}

/* ---- extern descriptors and type declarations ------------------------------- */

/* `(type idx)` exactly (a type use, not a type definition)? */
static bool is_typeuse(ct_state *st)
{
    txt_parser *p = &st->tp;
    if (!txt_peek_field(p, "type"))
        return false;
    size_t pos = p->pos;
    txt_token tok = p->tok;
    txt_next(p);
    txt_next(p);
    bool yes = ct_is_index(st);
    if (yes) {
        txt_next(p);
        yes = p->tok.kind == TK_RPAR;
    }
    p->pos = pos;
    p->tok = tok;
    p->peek_valid = false;
    return yes;
}

static uint32_t typeuse_idx(ct_state *st, int space)
{
    ct_lpar_kw(st, "type");
    uint32_t idx = ct_index(st, space);
    ct_rpar(st);
    return idx;
}

/* An inline type definition emitted before the current item. */
static uint32_t emit_type(ct_state *st, wf_buf *t, bool core)
{
    ct_emit(st, core ? CK_CTYPE : CK_TYPE, t);
    return ct_bind_next(st, core ? CS_CTYPE : CS_TYPE, NULL);
}

/* The part of an extern descriptor after its sort and $id, up to ')'. */
void ct_externdesc_body(ct_state *st, wf_buf *b, int space)
{
    txt_parser *p = &st->tp;
    uint32_t idx;
    wf_buf *t;
    switch (space) {
    case CS_CMODULE:
        wf_buf_byte(b, 0x00);
        wf_buf_byte(b, 0x11);
        if (is_typeuse(st)) {
            idx = typeuse_idx(st, CS_CTYPE);
        } else {
            t = ct_tmp_push(st);
            ct_enter(st, SC_MODTYPE, NULL);
            module_decls(st);
            ct_scope keep = {0};
            ct_leave(st, &keep);
            wf_buf_byte(t, 0x50);
            wf_buf_u32(t, keep.ndecls);
            wf_buf_bytes(t, keep.out.data, keep.out.len);
            wf_buf_free(&keep.out);
            idx = emit_type(st, t, true);
            ct_tmp_pop(st);
        }
        wf_buf_u32(b, idx);
        return;
    case CS_FUNC:
    case CS_COMP:
    case CS_INST:
        wf_buf_byte(b, space == CS_FUNC ? 0x01 : space == CS_COMP ? 0x04 : 0x05);
        if (is_typeuse(st)) {
            idx = typeuse_idx(st, CS_TYPE);
        } else {
            t = ct_tmp_push(st);
            if (space == CS_FUNC)
                ct_functype(st, t);
            else
                decl_type(st, t, space == CS_COMP ? SC_COMPTYPE : SC_INSTTYPE);
            idx = emit_type(st, t, false);
            ct_tmp_pop(st);
        }
        wf_buf_u32(b, idx);
        return;
    case CS_TYPE:
        wf_buf_byte(b, 0x03);
        if (ct_form(st, "eq")) {
            wf_buf_byte(b, 0x00);
            wf_buf_u32(b, ct_index(st, CS_TYPE));
        } else {
            ct_lpar_kw(st, "sub");
            if (!ct_kw(st, "resource"))
                ct_fail(st, p->tok.off, "unexpected token, expected resource");
            wf_buf_byte(b, 0x01);
        }
        ct_rpar(st);
        return;
    case CS_VALUE:
        /* As wasm-tools encodes it: the value type alone, no bound. */
        wf_buf_byte(b, 0x02);
        if (txt_peek_field(p, "eq"))
            ct_fail(st, p->tok.off, "value bounds (eq) are not supported");
        ct_valtype(st, b);
        return;
    default:
        ct_fail(st, p->tok.off, "this sort cannot be imported or exported");
    }
}

/* An extern descriptor form at '(': (sort $id? ...). Returns its space;
 * *id gets the $id (bound by the caller once the item is emitted). */
int ct_externdesc(ct_state *st, wf_buf *b, txt_token *id)
{
    txt_parser *p = &st->tp;
    if (p->tok.kind != TK_LPAR)
        ct_fail(st, p->tok.off, "unexpected token, expected an extern descriptor");
    txt_next(p);
    int space = ct_sort_kw(st, false);
    if (space < CS_FUNC && space != CS_CMODULE)
        ct_fail(st, p->tok.off, "only core modules can be imported or exported");
    *id = ct_opt_id(st);
    ct_externdesc_body(st, b, space);
    ct_rpar(st);
    return space;
}

/* Declarations of a component or instance type, up to ')'. */
void ct_decls(ct_state *st)
{
    txt_parser *p = &st->tp;
    while (p->tok.kind == TK_LPAR) {
        wf_buf *b = ct_tmp_push(st);
        txt_token id;
        int space, kind;
        txt_next(p);
        if (ct_kw(st, "core")) {
            if (!ct_kw(st, "type"))
                ct_fail(st, p->tok.off, "unexpected token, expected core type");
            id = ct_opt_id(st);
            ct_core_type_def(st, b);
            kind = CK_CTYPE;
            space = CS_CTYPE;
        } else if (ct_kw(st, "type")) {
            id = ct_opt_id(st);
            ct_type_def(st, b);
            kind = CK_TYPE;
            space = CS_TYPE;
        } else if (ct_kw(st, "alias")) {
            space = -1;
            ct_alias(st, b, &space, &id);
            kind = CK_ALIAS;
        } else if (txt_is_kw(p, "import") || txt_is_kw(p, "export")) {
            kind = txt_is_kw(p, "import") ? CK_IMPORT : CK_EXPORT;
            txt_next(p);
            ct_nameattrs(st, b);
            space = ct_externdesc(st, b, &id);
        } else {
            ct_fail(st, p->tok.off, "unexpected token, expected a declaration");
        }
        ct_emit(st, kind, b);
        ct_bind_next(st, space, &id);
        ct_rpar(st);
        ct_tmp_pop(st);
    }
}

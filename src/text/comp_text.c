/* comp_text.c — the component text format, "(component ...)" to component
 * binary bytes: the driver, scopes and identifiers, item emission and
 * nested core modules. The grammar itself is in comp_text_fields.c
 * (component fields) and comp_text_types.c (types). See comp_text.h. */
#include "comp_text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const uint8_t preamble[8] = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};

_Noreturn void ct_fail(ct_state *st, size_t off, const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    txt_fail(&st->tp, off, "%s", msg);
}

/* ---- temporary buffers: a stack, so an error frees them all ------------ */

wf_buf *ct_tmp_push(ct_state *st)
{
    if (st->ntmp == CT_MAX_TMP)
        ct_fail(st, st->tp.tok.off, "nesting too deep");
    wf_buf *b = st->tmp[st->ntmp];
    if (!b) {
        b = wf_calloc(1, sizeof *b);
        if (!b)
            ct_fail(st, st->tp.tok.off, "out of memory");
        st->tmp[st->ntmp] = b;
    }
    b->len = 0;
    b->oom = false;
    st->pushed[st->ntmp++] = ++st->clock;
    return b;
}

void ct_tmp_pop(ct_state *st)
{
    st->ntmp--;
}

/* ---- identifiers -------------------------------------------------------- */

static uint32_t hash(const char *s, uint32_t n)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)s[i]) * 16777619u;
    return h;
}

static txt_name *slot(ct_names *m, const char *s, uint32_t n)
{
    uint32_t mask = m->cap - 1, h = hash(s, n) & mask;
    while (m->ents[h].s && !(m->ents[h].len == n && !memcmp(m->ents[h].s, s, n)))
        h = (h + 1) & mask;
    return &m->ents[h];
}

static const txt_name *find(const ct_names *m, const txt_token *t)
{
    if (!m->cap)
        return NULL;
    txt_name *e = slot((ct_names *)m, t->s, (uint32_t)t->len);
    return e->s ? e : NULL;
}

bool ct_find(const ct_scope *s, int space, const txt_token *t, uint32_t *idx)
{
    const txt_name *e = find(&s->names[space], t);
    if (e)
        *idx = e->idx;
    return e != NULL;
}

static const char *const space_names[CS_N] = {
    "core func", "core table", "core memory", "core global", "core tag", "core type",
    "core module", "core instance", "func", "value", "type", "component", "instance"};

const char *ct_space_name(int space)
{
    return space_names[space];
}

static void bind(ct_state *st, int space, const txt_token *id, uint32_t idx)
{
    ct_names *m = &st->sc->names[space];
    if (m->count * 2 >= m->cap) {   /* keep the map at most half full */
        ct_names big = {wf_calloc(m->cap ? m->cap * 2 : 16, sizeof(txt_name)),
                        m->cap ? m->cap * 2 : 16, m->count};
        if (!big.ents)
            ct_fail(st, id->off, "out of memory");
        for (uint32_t i = 0; i < m->cap; i++)
            if (m->ents[i].s)
                *slot(&big, m->ents[i].s, m->ents[i].len) = m->ents[i];
        free(m->ents);
        *m = big;
    }
    txt_name *e = slot(m, id->s, (uint32_t)id->len);
    if (e->s)
        ct_fail(st, id->off, "duplicate %s identifier %.*s", space_names[space],
                (int)id->len, id->s);
    *e = (txt_name){id->s, (uint32_t)id->len, idx};
    m->count++;
}

/* A new item in `space`: its index, with `id` bound to it if it is a $name. */
uint32_t ct_bind_next(ct_state *st, int space, const txt_token *id)
{
    uint32_t idx = st->sc->count[space];
    if (idx == UINT32_MAX)
        ct_fail(st, st->tp.tok.off, "too many items");
    /* Pass 1 leaves the field's own scope as it was. */
    if (id && id->kind == TK_ID && !(st->pass == 1 && st->sc == st->home))
        bind(st, space, id, idx);
    st->sc->count[space]++;
    return idx;
}

static void emit_raw(ct_state *st, int kind, const wf_buf *b);

/* The index of a new alias (its bytes in `alias`) that a reference needs.
 * In one pass it is emitted at once; in two, it waits for the item being
 * written (the innermost temporary buffer) and pass 1 only records the
 * slot that ct_emit fills, pass 2 reads it. */
uint32_t ct_alias_ref(ct_state *st, int space, const wf_buf *alias)
{
    if (!st->pass) {
        emit_raw(st, CK_ALIAS, alias);
        return ct_bind_next(st, space, NULL);
    }
    uint32_t slot;
    if (st->pass == 2) {
        if (st->tpos >= st->ntape)
            ct_fail(st, st->tp.tok.off, "internal error: alias tape");
        slot = st->tpos++;
    } else {
        st->tape = txt_grow(&st->tp, st->tape, &st->captape, st->ntape + 1, sizeof *st->tape);
        slot = st->ntape++;
        st->tape[slot] = 0;
    }
    st->pend = txt_grow(&st->tp, st->pend, &st->cappend, st->npend + 1, sizeof *st->pend);
    st->pend[st->npend++] = (ct_pending){st->sc, space, ++st->clock, st->pbytes.len,
                                         alias->len, slot};
    wf_buf_bytes(&st->pbytes, alias->data, alias->len);
    if (st->pbytes.oom)
        ct_fail(st, st->tp.tok.off, "out of memory");
    return st->tape[slot];
}

/* Before item `b`: the aliases asked for since its buffer was pushed
 * (those of the inline items in it are out already), in order. */
static void emit_pending(ct_state *st, const wf_buf *b)
{
    uint64_t since = st->clock;
    for (unsigned i = 0; i < st->ntmp; i++)
        if (st->tmp[i] == b)
            since = st->pushed[i];
    uint32_t first = st->npend;
    while (first && st->pend[first - 1].when > since)
        first--;
    for (uint32_t i = first; i < st->npend; i++) {
        ct_pending *a = &st->pend[i];
        if (a->scope != st->sc)
            ct_fail(st, st->tp.tok.off, "internal error: alias scope");
        wf_buf w = {st->pbytes.data + a->off, a->len, a->len, false};
        emit_raw(st, CK_ALIAS, &w);
        uint32_t idx = ct_bind_next(st, a->space, NULL);
        if (st->pass == 1)
            st->tape[a->slot] = idx;
        else if (st->tape[a->slot] != idx)
            ct_fail(st, st->tp.tok.off, "internal error: alias index");
    }
    st->npend = first;
    if (!first)
        st->pbytes.len = 0;
}

bool ct_is_index(ct_state *st)
{
    return txt_is_index(&st->tp);
}

/* Sort bytes of an outer alias of `space`. */
static void outer_sort(wf_buf *b, int space)
{
    if (space == CS_CTYPE || space == CS_CMODULE) {
        wf_buf_byte(b, 0x00);
        wf_buf_byte(b, space == CS_CTYPE ? 0x10 : 0x11);
    } else {
        wf_buf_byte(b, space == CS_TYPE ? 0x03 : 0x04);
    }
}

/* A $name not bound in this scope but in an enclosing one: as wasm-tools
 * does, an `(alias outer N idx (sort))` is added before the current item
 * and its new local index used. Only the outer-aliasable sorts. */
static bool auto_outer(ct_state *st, int space, const txt_token *t, uint32_t *out)
{
    if (space != CS_TYPE && space != CS_CTYPE && space != CS_CMODULE && space != CS_COMP)
        return false;
    if (st->sc->kind == SC_MODTYPE)   /* module types see only their own types */
        return false;
    uint32_t n = 0;
    for (ct_scope *s = st->sc->parent; s; s = s->parent) {
        n++;
        const txt_name *e = find(&s->names[space], t);
        if (!e)
            continue;
        wf_buf b = {0};
        outer_sort(&b, space);
        wf_buf_byte(&b, 0x02);
        wf_buf_u32(&b, n);
        wf_buf_u32(&b, e->idx);
        bool oom = b.oom;
        if (!oom)
            *out = ct_alias_ref(st, space, &b);
        wf_buf_free(&b);
        if (oom)
            ct_fail(st, t->off, "out of memory");
        return true;
    }
    return false;
}

/* An index in `space`: a number or a $name (then advances). */
uint32_t ct_index(ct_state *st, int space)
{
    txt_token t = st->tp.tok;
    uint32_t idx;
    if (t.kind == TK_ID) {
        const txt_name *e = find(&st->sc->names[space], &t);
        if (e)
            idx = e->idx;
        else if (!auto_outer(st, space, &t, &idx))
            ct_fail(st, t.off, "unknown %s %.*s", space_names[space], (int)t.len, t.s);
    } else {
        uint64_t v;
        if (t.kind != TK_ATOM || !txt_uint(t.s, t.len, UINT32_MAX, &v))
            ct_fail(st, t.off, "unexpected token, expected a %s index", space_names[space]);
        idx = (uint32_t)v;
    }
    txt_next(&st->tp);
    return idx;
}

/* A string naming something: decoded, UTF-8, as len + bytes. */
void ct_name(ct_state *st, wf_buf *b)
{
    txt_token t = st->tp.tok;
    if (t.kind != TK_STRING)
        ct_fail(st, t.off, "unexpected token, expected a string");
    uint8_t *s = wf_arena_alloc(&st->tp.arena, t.len + 1);
    size_t n;
    const char *why = NULL;
    if (!s)
        ct_fail(st, t.off, "out of memory");
    if (!txt_string_decode(&t, s, &n, &why))
        ct_fail(st, t.off, "%s", why ? why : "malformed string");
    if (!wf_utf8_valid(s, n))
        ct_fail(st, t.off, "malformed UTF-8 encoding");
    wf_buf_u32(b, (uint32_t)n);
    wf_buf_bytes(b, s, n);
    txt_next(&st->tp);
}

bool ct_kw(ct_state *st, const char *kw)
{
    if (!txt_is_kw(&st->tp, kw))
        return false;
    txt_next(&st->tp);
    return true;
}

/* `(kw` at the current token: consume both. */
bool ct_form(ct_state *st, const char *kw)
{
    if (!txt_peek_field(&st->tp, kw))
        return false;
    txt_next(&st->tp);
    txt_next(&st->tp);
    return true;
}

void ct_rpar(ct_state *st)
{
    txt_expect_rpar(&st->tp);
}

/* Optional $id: returned (kind TK_EOF when absent) and skipped. */
txt_token ct_opt_id(ct_state *st)
{
    txt_token t = st->tp.tok;
    if (t.kind == TK_ID)
        txt_next(&st->tp);
    else
        t.kind = TK_EOF;
    return t;
}

void ct_lpar_kw(ct_state *st, const char *kw)
{
    if (!txt_peek_field(&st->tp, kw))
        ct_fail(st, st->tp.tok.off, "expected (%s", kw);
    txt_next(&st->tp);
    txt_next(&st->tp);
}

/* ---- scopes and items ------------------------------------------------------- */

void ct_enter(ct_state *st, int kind, const txt_token *id)
{
    if (st->depth >= CT_MAX_DEPTH)
        ct_fail(st, st->tp.tok.off, "nesting too deep");
    ct_scope *s = wf_calloc(1, sizeof *s);
    if (!s)
        ct_fail(st, st->tp.tok.off, "out of memory");
    s->parent = st->sc;
    s->kind = kind;
    if (id)
        s->id = *id;
    st->sc = s;
    st->depth++;
}

static void scope_free(ct_scope *s)
{
    for (int i = 0; i < CS_N; i++)
        free(s->names[i].ents);
    wf_buf_free(&s->out);
    wf_buf_free(&s->sec);
    wf_buf_free(&s->later);
    free(s);
}

/* Leave the innermost scope; its bytes are moved to `keep` if given. */
void ct_leave(ct_state *st, ct_scope *keep)
{
    ct_scope *s = st->sc;
    if (keep) {
        keep->out = s->out;
        keep->ndecls = s->ndecls;
        s->out = (wf_buf){0};
    }
    st->sc = s->parent;
    st->depth--;
    scope_free(s);
}

static void put_section(wf_buf *out, int id, const wf_buf *head, const uint8_t *p, size_t n)
{
    wf_buf_byte(out, (uint8_t)id);
    wf_buf_u32(out, (uint32_t)((head ? head->len : 0) + n));
    if (head)
        wf_buf_bytes(out, head->data, head->len);
    wf_buf_bytes(out, p, n);
}

static void flush(ct_scope *s)
{
    if (!s->cur)
        return;
    wf_buf head = {0};
    wf_buf_u32(&head, s->nsec);
    put_section(&s->out, s->cur, &head, s->sec.data, s->sec.len);
    s->out.oom |= head.oom || s->sec.oom;
    wf_buf_free(&head);
    s->sec.len = 0;
    s->nsec = 0;
    s->cur = 0;
}

/* Declaration opcodes in a component type, instance type, module type. */
static int decl_code(int scope, int kind)
{
    if (scope == SC_MODTYPE)
        return kind == CK_IMPORT ? 0 : kind == CK_CTYPE ? 1 : kind == CK_ALIAS ? 2
             : kind == CK_EXPORT ? 3 : -1;
    switch (kind) {
    case CK_CTYPE: return 0;
    case CK_TYPE: return 1;
    case CK_ALIAS: return 2;
    case CK_IMPORT: return scope == SC_COMPTYPE ? 3 : -1;
    case CK_EXPORT: return 4;
    default: return -1;
    }
}

/* Append one item of `kind` to the innermost scope, after the aliases it
 * uses. */
void ct_emit(ct_state *st, int kind, const wf_buf *b)
{
    if (st->pass)
        emit_pending(st, b);
    emit_raw(st, kind, b);
}

static void emit_raw(ct_state *st, int kind, const wf_buf *b)
{
    ct_scope *s = st->sc;
    if (b->oom)
        ct_fail(st, st->tp.tok.off, "out of memory");
    if (st->pass == 1 && s == st->home)
        return;   /* pass 1 only counts */
    if (s->kind != SC_COMPONENT) {
        int code = decl_code(s->kind, kind);
        if (code < 0)
            ct_fail(st, st->tp.tok.off, "this definition is not allowed in a type");
        if (s->ndecls == UINT32_MAX)
            ct_fail(st, st->tp.tok.off, "too many declarations");
        wf_buf_byte(&s->out, (uint8_t)code);
        wf_buf_bytes(&s->out, b->data, b->len);
        s->ndecls++;
        return;
    }
    if (kind == CK_CMODULE || kind == CK_COMP || kind == CK_START) {
        flush(s);   /* one item per section, no count */
        put_section(&s->out, kind, NULL, b->data, b->len);
        return;
    }
    if (s->cur != kind)
        flush(s);
    if (s->nsec == UINT32_MAX)
        ct_fail(st, st->tp.tok.off, "too many items");
    s->cur = kind;
    wf_buf_bytes(&s->sec, b->data, b->len);
    s->nsec++;
}

/* An export item for the end of the component (inline export sugar). */
void ct_emit_later(ct_state *st, const wf_buf *b)
{
    if (st->pass == 1 && st->sc == st->home)
        return;
    uint32_t n = (uint32_t)b->len;
    wf_buf_bytes(&st->sc->later, &n, 4);
    wf_buf_bytes(&st->sc->later, b->data, b->len);
}

static void emit_later(ct_state *st)
{
    ct_scope *s = st->sc;
    if (s->later.oom)
        ct_fail(st, st->tp.tok.off, "out of memory");
    for (size_t at = 0; at + 4 <= s->later.len;) {
        uint32_t n;
        memcpy(&n, s->later.data + at, 4);
        wf_buf item = {s->later.data + at + 4, n, n, false};
        ct_emit(st, CK_EXPORT, &item);
        at += 4 + n;
    }
}

/* ---- components --------------------------------------------------------- */

static void close_form(ct_state *st)
{
    if (st->depth > 1) {
        txt_expect_rpar(&st->tp);
        return;
    }
    if (st->tp.tok.kind != TK_RPAR)
        txt_expect_rpar(&st->tp);   /* fails with the right message */
    st->end = st->tp.tok.off + 1;
}

/* Fields up to the closing ')', which is consumed. */
/* Fields up to the closing ')'. The outermost form's ')' is not consumed:
 * what follows it is the caller's (a script may go on with anything). */
void ct_component_body(ct_state *st)
{
    while (st->tp.tok.kind == TK_LPAR)
        ct_field(st);
    close_form(st);
    emit_later(st);
    flush(st->sc);
}

/* Concatenated decoded strings (the body of `binary` and `quote` forms). */
static void strings(ct_state *st, wf_buf *b)
{
    while (st->tp.tok.kind == TK_STRING) {
        txt_token t = st->tp.tok;
        uint8_t *s = wf_arena_alloc(&st->tp.arena, t.len + 1);
        size_t n;
        const char *why = NULL;
        if (!s)
            ct_fail(st, t.off, "out of memory");
        if (!txt_string_decode(&t, s, &n, &why))
            ct_fail(st, t.off, "%s", why ? why : "malformed string");
        wf_buf_bytes(b, s, n);
        txt_next(&st->tp);
    }
}

/* A nested core module: the text module parser does the work on a copy
 * of the text where "core module $id" reads "module" (same offsets, so
 * error positions stay right). `lpar` is the form's '('; the current
 * token follows `module`. */
static size_t read_u32(const uint8_t *p, size_t n, size_t i, uint32_t *v)
{
    uint32_t r = 0;
    for (unsigned sh = 0; i < n && sh < 35; sh += 7) {
        uint8_t x = p[i++];
        r |= (uint32_t)(x & 0x7f) << sh;
        if (!(x & 0x80)) {
            *v = r;
            return i;
        }
    }
    return 0;
}

/* Copy the core module `m` to b with its $id as the module name
 * (subsection 0 of its `name` section, made if absent), as wasm-tools
 * writes it: the text parser names only functions. */
static void named_module(wf_buf *b, const uint8_t *m, size_t n, const txt_token *id)
{
    size_t i = 8, names = 0;
    while (i < n) {   /* find the `name` custom section (the module's last) */
        uint32_t size;
        size_t j = read_u32(m, n, i + 1, &size);
        if (!j || size > n - j)
            break;
        if (m[i] == 0 && size >= 5 && !memcmp(m + j, "\4name", 5))
            names = i;
        i = j + size;
    }
    wf_buf name = {0}, sub = {0};
    wf_buf_u32(&name, (uint32_t)id->len - 1);   /* without the '$' */
    wf_buf_bytes(&name, id->s + 1, id->len - 1);
    wf_buf_byte(&sub, 0);
    wf_buf_u32(&sub, (uint32_t)name.len);
    wf_buf_bytes(&sub, name.data, name.len);
    sub.oom |= name.oom;
    wf_buf_free(&name);
    if (!names) {
        wf_buf_bytes(b, m, n);
        wf_buf_byte(b, 0);
        wf_buf_u32(b, (uint32_t)(5 + sub.len));
        wf_buf_bytes(b, "\4name", 5);
        wf_buf_bytes(b, sub.data, sub.len);
    } else {
        uint32_t size = 0;
        size_t j = read_u32(m, n, names + 1, &size);
        wf_buf_bytes(b, m, names);
        wf_buf_byte(b, 0);
        wf_buf_u32(b, (uint32_t)(size + sub.len));
        wf_buf_bytes(b, m + j, 5);
        wf_buf_bytes(b, sub.data, sub.len);
        wf_buf_bytes(b, m + j + 5, n - j - 5);
    }
    b->oom |= sub.oom;
    wf_buf_free(&sub);
}

void ct_core_module(ct_state *st, size_t lpar, wf_buf *b, const txt_token *id)
{
    if (ct_kw(st, "binary")) {
        strings(st, b);
        txt_expect_rpar(&st->tp);
        return;
    }
    if (!st->copy) {
        st->copy = wf_calloc(1, st->tp.len + 1);
        if (!st->copy)
            ct_fail(st, lpar, "out of memory");
        memcpy(st->copy, st->tp.src, st->tp.len);
    }
    size_t from = lpar + 1, to = st->tp.tok.off;
    memset(st->copy + from, ' ', to - from);
    memcpy(st->copy + from, "module", 6);
    uint8_t *mod;
    size_t n, end;
    if (!txt_module_to_wasm(st->copy, st->tp.len, lpar, &end, &mod, &n, st->tp.err))
        longjmp(st->tp.jb, 1);   /* its error is already set */
    if (id->kind == TK_ID && id->len > 1 && id->s[1] != '"')
        named_module(b, mod, n, id);
    else
        wf_buf_bytes(b, mod, n);
    free(mod);
    st->tp.pos = end;
    st->tp.peek_valid = false;
    txt_next(&st->tp);
}

static void emit_names(ct_state *st, const ct_scope *s, wf_buf *out);

static void component_form(ct_state *st, wf_buf *out)
{
    txt_parser *p = &st->tp;
    size_t start = p->tok.off;
    if (!txt_peek_field(p, "component"))
        ct_fail(st, p->tok.off, "expected (component");
    txt_next(p);
    txt_next(p);
    ct_kw(st, "definition");   /* script form: not instantiated */
    txt_token id = p->tok;
    if (id.kind == TK_ID)
        txt_next(p);
    if (ct_kw(st, "binary")) {
        strings(st, out);
        close_form(st);
        return;
    }
    if (ct_kw(st, "quote")) {
        /* The strings are the component's fields. */
        wf_buf *q = ct_tmp_push(st);
        wf_buf_bytes(q, "(component ", 11);
        strings(st, q);
        wf_buf_bytes(q, ")", 1);
        close_form(st);
        uint8_t *bin = NULL;
        size_t n = 0, e;
        wf_error sub = {0};
        if (q->oom)
            ct_fail(st, start, "out of memory");
        bool ok = txt_component_to_wasm((char *)q->data, q->len, 0, &e, &bin, &n, &sub);
        if (ok) {
            txt_token t;
            const char *why;
            ok = txt_lex((char *)q->data, q->len, &e, &t, &why) && t.kind == TK_EOF;
            if (!ok)
                snprintf(sub.msg, sizeof sub.msg, "unexpected token after the component");
        }
        ct_tmp_pop(st);
        if (ok)
            wf_buf_bytes(out, bin, n);
        free(bin);
        if (!ok)
            ct_fail(st, start, "in quoted component: %s", sub.msg);
        return;
    }
    ct_enter(st, SC_COMPONENT, &id);
    ct_component_body(st);
    wf_buf_bytes(out, preamble, 8);
    wf_buf_bytes(out, st->sc->out.data, st->sc->out.len);
    emit_names(st, st->sc, out);
    ct_leave(st, NULL);
}

/* A nested `(component ...)` field: current token follows `component`. */
void ct_nested_component(ct_state *st, wf_buf *b, const txt_token *id)
{
    if (ct_kw(st, "binary")) {
        strings(st, b);
        txt_expect_rpar(&st->tp);
        return;
    }
    ct_enter(st, SC_COMPONENT, id);
    ct_component_body(st);
    wf_buf_bytes(b, preamble, 8);
    wf_buf_bytes(b, st->sc->out.data, st->sc->out.len);
    emit_names(st, st->sc, b);
    ct_leave(st, NULL);
}

static int by_index(const void *a, const void *b)
{
    uint32_t x = ((const txt_name *)a)->idx, y = ((const txt_name *)b)->idx;
    return x < y ? -1 : x > y;
}

/* The `component-name` custom section, as wasm-tools writes it: the
 * component's own $id, then for each sort (in sort order) the $ids bound
 * in it, without the '$'. Nothing when there are no names. */
static void emit_names(ct_state *st, const ct_scope *s, wf_buf *out)
{
    wf_buf sub = {0};
    if (s->id.kind == TK_ID) {
        wf_buf name = {0};
        wf_buf_u32(&name, (uint32_t)s->id.len - 1);
        wf_buf_bytes(&name, s->id.s + 1, s->id.len - 1);
        wf_buf_byte(&sub, 0);
        wf_buf_u32(&sub, (uint32_t)name.len);
        wf_buf_bytes(&sub, name.data, name.len);
        sub.oom |= name.oom;
        wf_buf_free(&name);
    }
    for (int sp = 0; sp < CS_N; sp++) {
        const ct_names *m = &s->names[sp];
        if (!m->count || sp == CS_VALUE)   /* wasm-tools names no values */
            continue;
        txt_name *v = wf_calloc(m->count, sizeof *v);
        if (!v) {
            wf_buf_free(&sub);
            ct_fail(st, st->tp.tok.off, "out of memory");
        }
        uint32_t n = 0;
        for (uint32_t i = 0; i < m->cap; i++)
            if (m->ents[i].s && n < m->count)
                v[n++] = m->ents[i];
        qsort(v, n, sizeof *v, by_index);
        wf_buf map = {0};
        ct_sort_bytes(&map, sp);
        wf_buf_u32(&map, n);
        for (uint32_t i = 0; i < n; i++) {
            wf_buf_u32(&map, v[i].idx);
            wf_buf_u32(&map, v[i].len - 1);
            wf_buf_bytes(&map, v[i].s + 1, v[i].len - 1);
        }
        free(v);
        wf_buf_byte(&sub, 1);
        wf_buf_u32(&sub, (uint32_t)map.len);
        wf_buf_bytes(&sub, map.data, map.len);
        sub.oom |= map.oom;
        wf_buf_free(&map);
    }
    if (sub.len) {
        static const char key[] = "component-name";
        wf_buf_byte(out, 0);
        wf_buf_u32(out, (uint32_t)(1 + sizeof key - 1 + sub.len));
        wf_buf_u32(out, sizeof key - 1);
        wf_buf_bytes(out, key, sizeof key - 1);
        wf_buf_bytes(out, sub.data, sub.len);
    }
    out->oom |= sub.oom;
    wf_buf_free(&sub);
}

static void state_free(ct_state *st)
{
    while (st->sc) {
        ct_scope *s = st->sc;
        st->sc = s->parent;
        scope_free(s);
    }
    for (unsigned i = 0; i < CT_MAX_TMP; i++) {
        if (st->tmp[i]) {
            wf_buf_free(st->tmp[i]);
            free(st->tmp[i]);
        }
    }
    free(st->copy);
    free(st->tape);
    free(st->pend);
    wf_buf_free(&st->pbytes);
    wf_arena_free(&st->tp.arena);
}

bool txt_component_to_wasm(const char *text, size_t len, size_t start, size_t *end,
                           uint8_t **out, size_t *out_len, wf_error *err)
{
    ct_state *st = wf_calloc(1, sizeof *st);
    if (!st)
        return wf_fail(err, WF_ERR_LIMIT, 0, "out of memory");
    st->tp.src = text;
    st->tp.len = len;
    st->tp.pos = start;
    st->tp.err = err;
    wf_buf res = {0};
    volatile bool ok = false;
    if (!setjmp(st->tp.jb)) {
        txt_next(&st->tp);
        component_form(st, &res);
        if (end)
            *end = st->end;
        ok = !res.oom;
        if (!ok)
            wf_fail(err, WF_ERR_LIMIT, 0, "out of memory");
    }
    state_free(st);
    free(st);
    if (!ok) {
        wf_buf_free(&res);
        return false;
    }
    *out = res.data;
    *out_len = res.len;
    return true;
}

/* parse.c — parser core (tokens, errors, identifiers, types) and the
 * module-level driver: pass 1 binds identifiers, pass 2 emits sections
 * (fields.c), then the sections are assembled into module bytes. */
#include "txt.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Noreturn void txt_fail(txt_parser *p, size_t off, const char *fmt, ...)
{
    if (p->err) {
        unsigned line, col;
        txt_line_col(p->src, p->len, off, &line, &col);
        char msg[200];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        /* Keep the error one line: a quoted id may decode to a newline. */
        for (char *c = msg; *c; c++)
            if ((unsigned char)*c < 0x20 || *c == 0x7f)
                *c = '?';
        wf_fail(p->err, WF_ERR_MALFORMED, off, "%u:%u: %s", line, col, msg);
    }
    longjmp(p->jb, 1);
}

void txt_next(txt_parser *p)
{
    const char *why = NULL;
    if (p->peek_valid && p->peek_from == p->pos) {
        p->tok = p->peek;
        p->pos = p->peek_end;
        p->peek_valid = false;
    } else if (!txt_lex(p->src, p->len, &p->pos, &p->tok, &why)) {
        txt_fail(p, p->tok.off, "%s", why ? why : "unexpected token");
    }
    if (!txt_quoted_id(&p->tok, &p->arena, &why))
        txt_fail(p, p->tok.off, "%s", why);
}

bool txt_is_kw(const txt_parser *p, const char *kw)
{
    size_t n = strlen(kw);
    return p->tok.kind == TK_KEYWORD && p->tok.len == n && !memcmp(p->tok.s, kw, n);
}

bool txt_peek_field(txt_parser *p, const char *kw)
{
    if (p->tok.kind != TK_LPAR)
        return false;
    if (!p->peek_valid || p->peek_from != p->pos) {
        size_t pos = p->pos;
        const char *why;
        p->peek_valid = false;
        if (!txt_lex(p->src, p->len, &pos, &p->peek, &why))
            return false;
        p->peek_from = p->pos;
        p->peek_end = pos;
        p->peek_valid = true;
    }
    const txt_token *t = &p->peek;
    size_t n = strlen(kw);
    return t->kind == TK_KEYWORD && t->len == n && !memcmp(t->s, kw, n);
}

void txt_expect_rpar(txt_parser *p)
{
    if (p->tok.kind == TK_EOF)
        txt_fail(p, p->tok.off, "unbalanced parentheses: unexpected end of input");
    if (p->tok.kind != TK_RPAR)
        txt_fail(p, p->tok.off, "unexpected token \"%.*s\"", (int)(p->tok.len > 40 ? 40 : p->tok.len),
                 p->tok.s);
    txt_next(p);
}

static void expect_lpar_kw(txt_parser *p, const char *kw)
{
    if (!txt_peek_field(p, kw))
        txt_fail(p, p->tok.off, "expected (%s", kw);
    txt_next(p);
    txt_next(p);
}

void *txt_grow(txt_parser *p, void *arr, uint32_t *cap, uint32_t need, size_t elem)
{
    if (need <= *cap)
        return arr;
    uint32_t n = *cap ? *cap : 8;
    while (n < need) {
        if (n > UINT32_MAX / 2)
            txt_fail(p, p->tok.off, "too many items");
        n *= 2;
    }
    void *q = wf_realloc(arr, (size_t)n * elem);
    if (!q || (size_t)n * elem / elem != n)
        txt_fail(p, p->tok.off, "out of memory");
    *cap = n;
    return q;
}

/* ---- identifiers ------------------------------------------------------ */

static uint32_t name_hash(const char *s, uint32_t n)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)s[i]) * 16777619u;
    return h;
}

static txt_name *name_slot(txt_names *m, const char *s, uint32_t n)
{
    uint32_t mask = m->cap - 1, h = name_hash(s, n) & mask;
    while (m->ents[h].s && !(m->ents[h].len == n && !memcmp(m->ents[h].s, s, n)))
        h = (h + 1) & mask;
    return &m->ents[h];
}

static const char *space_name(int space)
{
    static const char *const names[] = {"func", "table", "memory", "global", "elem", "data",
                                        "type", "local", "label", "signature", "tag"};
    return names[space];
}

/* Keep the map at most half full. */
static void names_reserve(txt_parser *p, txt_names *m, size_t off)
{
    if (m->count * 2 < m->cap)
        return;
    txt_names big = {NULL, m->cap ? m->cap * 2 : 16, 0};
    big.ents = wf_calloc(big.cap, sizeof *big.ents);
    if (!big.ents)
        txt_fail(p, off, "out of memory");
    for (uint32_t i = 0; i < m->cap; i++)
        if (m->ents[i].s)
            *name_slot(&big, m->ents[i].s, m->ents[i].len) = m->ents[i];
    big.count = m->count;
    free(m->ents);
    *m = big;
}

static void bind(txt_parser *p, int space, const txt_token *id, uint32_t idx)
{
    txt_names *m = &p->names[space];
    names_reserve(p, m, id->off);
    txt_name *e = name_slot(m, id->s, (uint32_t)id->len);
    if (e->s)
        txt_fail(p, id->off, "duplicate %s %.*s", space_name(space), (int)id->len, id->s);
    e->s = id->s;
    e->len = (uint32_t)id->len;
    e->idx = idx;
    m->count++;
}

/* Labels may shadow each other: the map holds the innermost label of
 * each name, and each label remembers the one it shadows. */
void txt_label_bind(txt_parser *p, txt_label *l, uint32_t idx)
{
    txt_names *m = &p->names[SP_LABEL];
    names_reserve(p, m, p->tok.off);
    txt_name *e = name_slot(m, l->s, l->len);
    if (e->s) {
        l->prev = e->idx;
    } else {
        l->prev = UINT32_MAX;
        e->s = l->s;
        e->len = l->len;
        m->count++;
    }
    e->idx = idx;
}

void txt_label_unbind(txt_parser *p, const txt_label *l)
{
    txt_names *m = &p->names[SP_LABEL];
    if (m->cap)
        name_slot(m, l->s, l->len)->idx = l->prev;
}

uint32_t txt_label_find(txt_parser *p, const txt_token *t)
{
    txt_names *m = &p->names[SP_LABEL];
    if (!m->cap)
        return UINT32_MAX;
    txt_name *e = name_slot(m, t->s, (uint32_t)t->len);
    return e->s ? e->idx : UINT32_MAX;
}

static void names_clear(txt_names *m)
{
    if (m->count)
        memset(m->ents, 0, m->cap * sizeof *m->ents);
    m->count = 0;
}

uint32_t txt_lookup(txt_parser *p, int space, const txt_token *t)
{
    txt_names *m = &p->names[space];
    if (m->cap) {
        txt_name *e = name_slot(m, t->s, (uint32_t)t->len);
        if (e->s)
            return e->idx;
    }
    txt_fail(p, t->off, "unknown %s %.*s", space_name(space), (int)t->len, t->s);
}

bool txt_is_index(const txt_parser *p)
{
    return p->tok.kind == TK_ID ||
           (p->tok.kind == TK_ATOM && p->tok.s[0] >= '0' && p->tok.s[0] <= '9');
}

uint32_t txt_index(txt_parser *p, int space)
{
    uint32_t idx;
    if (p->tok.kind == TK_ID) {
        idx = txt_lookup(p, space, &p->tok);
    } else {
        uint64_t v;
        if (p->tok.kind != TK_ATOM || !txt_uint(p->tok.s, p->tok.len, UINT32_MAX, &v))
            txt_fail(p, p->tok.off, "unexpected token, expected %s index", space_name(space));
        idx = (uint32_t)v;
    }
    txt_next(p);
    return idx;
}

/* Optional $id at the current token: bind it in `space` as `idx`. */
static void opt_bind(txt_parser *p, int space, uint32_t idx)
{
    if (p->tok.kind == TK_ID) {
        bind(p, space, &p->tok, idx);
        txt_next(p);
    }
}

/* ---- types ------------------------------------------------------------ */

bool txt_at_valtype(txt_parser *p)
{
    return p->tok.kind == TK_KEYWORD || txt_peek_field(p, "ref");
}

/* (ref null func|extern|exn): the nullable abstract references, which
 * have one-byte forms. Non-nullable ones need typed function references
 * (not implemented). */
static uint8_t ref_type(txt_parser *p)
{
    static const struct { const char *n; uint8_t t; } ht[] = {
        {"func", 0x70}, {"extern", 0x6f}, {"exn", 0x69}};
    size_t at = p->tok.off;
    txt_next(p);
    txt_next(p);
    if (!txt_is_kw(p, "null"))
        txt_fail(p, at, "non-nullable reference types are not supported");
    txt_next(p);
    for (size_t i = 0; i < sizeof ht / sizeof ht[0]; i++)
        if (txt_is_kw(p, ht[i].n)) {
            txt_next(p);
            txt_expect_rpar(p);
            return ht[i].t;
        }
    txt_fail(p, p->tok.off, "unexpected token, expected a heap type");
}

uint8_t txt_valtype(txt_parser *p)
{
    static const struct { const char *n; uint8_t t; } vt[] = {
        {"i32", 0x7f}, {"i64", 0x7e}, {"f32", 0x7d}, {"f64", 0x7c},
        {"v128", 0x7b}, {"funcref", 0x70}, {"externref", 0x6f}, {"exnref", 0x69}};
    if (txt_peek_field(p, "ref"))
        return ref_type(p);
    for (size_t i = 0; i < sizeof vt / sizeof vt[0]; i++)
        if (txt_is_kw(p, vt[i].n)) {
            txt_next(p);
            return vt[i].t;
        }
    txt_fail(p, p->tok.off, "unexpected token, expected a value type");
}

/* Signature key for the SP_SIG map: np (4 bytes) then the types. */
static txt_name *sig_slot(txt_parser *p, const uint8_t *t, uint32_t np, uint32_t nr,
                          const char **key)
{
    char *k = wf_arena_alloc(&p->arena, 4 + np + nr);
    if (!k)
        txt_fail(p, p->tok.off, "out of memory");
    memcpy(k, &np, 4);
    memcpy(k + 4, t, np + nr);
    *key = k;
    names_reserve(p, &p->names[SP_SIG], p->tok.off);
    return name_slot(&p->names[SP_SIG], k, 4 + np + nr);
}

uint32_t txt_add_type(txt_parser *p, const uint8_t *t, uint32_t np, uint32_t nr)
{
    p->types = txt_grow(p, p->types, &p->captypes, p->ntypes + 1, sizeof *p->types);
    uint8_t *copy = wf_arena_alloc(&p->arena, np + nr + 1);
    if (!copy)
        txt_fail(p, p->tok.off, "out of memory");
    memcpy(copy, t, np + nr);
    p->types[p->ntypes] = (txt_functype){np, nr, copy};
    /* The map keeps the smallest index of each signature. */
    const char *key;
    txt_name *e = sig_slot(p, t, np, nr, &key);
    if (!e->s) {
        e->s = key;
        e->len = 4 + np + nr;
        e->idx = p->ntypes;
        p->names[SP_SIG].count++;
    }
    return p->ntypes++;
}

/* Params and results: (param $x t) | (param t*) then (result t*). Param
 * names are bound as locals when bind is set. Returns the count of
 * params in *np, results in *nr; types in a growable scratch. */
static uint8_t *sig(txt_parser *p, bool bind_params, uint32_t *np, uint32_t *nr)
{
    uint32_t n = 0;
    while (txt_peek_field(p, "param")) {
        txt_next(p);
        txt_next(p);
        if (p->tok.kind == TK_ID) {
            txt_token id = p->tok;
            if (p->no_param_names)
                txt_fail(p, id.off, "unexpected token: a parameter name is not allowed here");
            txt_next(p);
            if (bind_params)
                bind(p, SP_LOCAL, &id, n);
            p->scratch = txt_grow(p, p->scratch, &p->capscratch, n + 1, 1);
            p->scratch[n++] = txt_valtype(p);
        } else {
            while (txt_at_valtype(p)) {
                p->scratch = txt_grow(p, p->scratch, &p->capscratch, n + 1, 1);
                p->scratch[n++] = txt_valtype(p);
            }
        }
        txt_expect_rpar(p);
    }
    *np = n;
    while (txt_peek_field(p, "result")) {
        txt_next(p);
        txt_next(p);
        while (txt_at_valtype(p)) {
            p->scratch = txt_grow(p, p->scratch, &p->capscratch, n + 1, 1);
            p->scratch[n++] = txt_valtype(p);
        }
        txt_expect_rpar(p);
    }
    *nr = n - *np;
    /* Copy out: the scratch is reused by nested signatures. */
    uint8_t *a = wf_arena_alloc(&p->arena, n + 1);
    if (!a)
        txt_fail(p, p->tok.off, "out of memory");
    if (n)
        memcpy(a, p->scratch, n);
    return a;
}

static bool same_type(const txt_functype *f, const uint8_t *t, uint32_t np, uint32_t nr)
{
    return f->np == np && f->nr == nr && !memcmp(f->t, t, np + nr);
}

static uint32_t find_or_add(txt_parser *p, const uint8_t *t, uint32_t np, uint32_t nr)
{
    const char *key;
    txt_name *e = sig_slot(p, t, np, nr, &key);
    return e->s ? e->idx : txt_add_type(p, t, np, nr);
}

/* typeuse: (type x)? (param ...)* (result ...)*. With bind_params, the
 * current function's locals start with the params. */
uint32_t txt_typeuse(txt_parser *p, bool bind_params)
{
    bool has_type = false;
    uint32_t idx = 0;
    size_t at = p->tok.off;
    if (txt_peek_field(p, "type")) {
        txt_next(p);
        txt_next(p);
        idx = txt_index(p, SP_TYPE);
        txt_expect_rpar(p);
        has_type = true;
        if (idx >= p->ntypes)
            txt_fail(p, at, "unknown type %u", idx);
    }
    uint32_t np, nr;
    uint8_t *t = sig(p, bind_params, &np, &nr);
    if (has_type) {
        if ((np || nr) && !same_type(&p->types[idx], t, np, nr))
            txt_fail(p, at, "inline function type does not match the type definition");
        np = p->types[idx].np;
    } else {
        idx = find_or_add(p, t, np, nr);
    }
    if (bind_params)
        p->count[SP_LOCAL] = np;
    return idx;
}

/* Block type: returns -1 for none, a value type byte | 0x100, or a type
 * index. */
int64_t txt_blocktype(txt_parser *p)
{
    p->no_param_names = true;
    int64_t r;
    if (txt_peek_field(p, "type")) {
        r = txt_typeuse(p, false);
    } else {
        uint32_t np, nr;
        uint8_t *t = sig(p, false, &np, &nr);
        r = !np && !nr ? -1 : !np && nr == 1 ? (int64_t)(0x100 | t[0]) : (int64_t)find_or_add(p, t, np, nr);
    }
    p->no_param_names = false;
    return r;
}

/* ---- pass 1: bind identifiers ----------------------------------------- */


static int field_kind(txt_parser *p)
{
    static const char *const kw[] = {"type", "import", "func", "table", "memory",
                                     "global", "export", "start", "elem", "data", "tag"};
    for (int i = 0; i < 11; i++)
        if (txt_is_kw(p, kw[i]))
            return i;
    txt_fail(p, p->tok.off, "unknown operator \"%.*s\"", (int)(p->tok.len > 40 ? 40 : p->tok.len),
             p->tok.s);
}

/* Skip to just past the ')' closing the form whose '(' was already read. */
static void skip_form(txt_parser *p)
{
    size_t depth = 1;
    while (depth) {
        if (p->tok.kind == TK_EOF)
            txt_fail(p, p->tok.off, "unbalanced parentheses: unexpected end of input");
        if (p->tok.kind == TK_LPAR)
            depth++;
        else if (p->tok.kind == TK_RPAR)
            depth--;
        txt_next(p);
    }
}

static void scan_type(txt_parser *p)
{
    txt_token id = p->tok;
    bool named = id.kind == TK_ID;
    if (named)
        txt_next(p);
    expect_lpar_kw(p, "func");
    uint32_t np, nr;
    uint8_t *t = sig(p, false, &np, &nr);
    txt_expect_rpar(p);
    if (named)
        bind(p, SP_TYPE, &id, p->ntypes);
    txt_add_type(p, t, np, nr);
}

static const int space_of_field[] = {-1, -1, SP_FUNC, SP_TABLE, SP_MEM, SP_GLOBAL,
                                     -1, -1, -1, -1, SP_TAG};

/* Fields that define an item of an index space (or import one). */
static bool defines(int kind) { return (kind >= F_FUNC && kind <= F_GLOBAL) || kind == F_TAG; }

static void scan_field(txt_parser *p, int kind, bool *defined)
{
    static const char *const what[] = {"", "", "function", "table", "memory", "global",
                                       "", "", "", "", "tag"};
    if (kind == F_TYPE) {
        scan_type(p);
        return;
    }
    int space = -1;
    bool import = false;
    txt_token id = {0};
    if (kind == F_IMPORT) {
        import = true;
        for (int i = 0; i < 2; i++) {
            if (p->tok.kind != TK_STRING)
                txt_fail(p, p->tok.off, "unexpected token, expected a string");
            txt_next(p);
        }
        if (p->tok.kind != TK_LPAR)
            txt_fail(p, p->tok.off, "unexpected token");
        txt_next(p);
        int k = field_kind(p);
        if (!defines(k))
            txt_fail(p, p->tok.off, "unexpected token in import");
        space = space_of_field[k];
        kind = k;
        txt_next(p);
        id = p->tok;
        skip_form(p);   /* the descriptor; the caller closes the import */
    } else if (defines(kind)) {
        space = space_of_field[kind];
        id = p->tok;
        if (id.kind == TK_ID)
            txt_next(p);
        while (txt_peek_field(p, "export")) {
            txt_next(p);
            skip_form(p);
        }
        import = txt_peek_field(p, "import");
        /* Inline elem/data take the next segment index. */
        if (kind == F_TABLE && !import) {
            while (p->tok.kind == TK_KEYWORD)
                txt_next(p);
            if (txt_peek_field(p, "elem"))
                p->count[SP_ELEM]++;
        }
        if (kind == F_MEM && txt_peek_field(p, "data"))
            p->count[SP_DATA]++;
    } else if (kind == F_ELEM || kind == F_DATA) {
        int sp = kind == F_ELEM ? SP_ELEM : SP_DATA;
        opt_bind(p, sp, p->count[sp]);
        p->count[sp]++;
        return;
    } else {
        return;
    }
    if (import && (defined[SP_FUNC] || defined[SP_TABLE] || defined[SP_MEM] || defined[SP_GLOBAL] ||
                   defined[SP_TAG])) {
        int s = defined[SP_FUNC] ? 2 : defined[SP_TABLE] ? 3 : defined[SP_MEM] ? 4
              : defined[SP_GLOBAL] ? 5 : F_TAG;
        txt_fail(p, id.off, "import after %s", what[s]);
    }
    if (!import)
        defined[space] = true;
    if (id.kind == TK_ID)
        bind(p, space, &id, p->count[space]);
    p->count[space]++;
}

static void scan_module(txt_parser *p)
{
    bool defined[NSPACES] = {false};
    while (p->tok.kind == TK_LPAR) {
        size_t at = p->tok.off;
        txt_next(p);
        int kind = field_kind(p);
        p->fields = txt_grow(p, p->fields, &p->capfields, p->nfields + 1, sizeof *p->fields);
        p->fields[p->nfields++] = (txt_field){at, (uint8_t)kind};
        txt_next(p);
        scan_field(p, kind, defined);
        skip_form(p);
    }
}

/* ---- assembling the module ----------------------------------------------- */


static void emit_types(txt_parser *p)
{
    wf_buf *b = &p->sec[1];
    for (uint32_t i = 0; i < p->ntypes; i++) {
        txt_functype *f = &p->types[i];
        wf_buf_byte(b, 0x60);
        wf_buf_u32(b, f->np);
        wf_buf_bytes(b, f->t, f->np);
        wf_buf_u32(b, f->nr);
        wf_buf_bytes(b, f->t + f->np, f->nr);
    }
    p->nsec[1] = p->ntypes;
}

static int name_cmp(const void *a, const void *b)
{
    uint32_t x = ((const txt_name *)a)->idx, y = ((const txt_name *)b)->idx;
    return x < y ? -1 : x > y;
}

/* The `name` custom section's function names, from the functions' $ids
 * (without the '$'), as wat2wasm and wasmtime do: traps then show them
 * in backtraces. A quoted id ($"...") gives its decoded string. */
static bool emit_names(txt_parser *p, wf_buf *out)
{
    txt_names *m = &p->names[SP_FUNC];
    if (!m->count)
        return true;
    txt_name *v = wf_calloc(m->count, sizeof *v);
    if (!v)
        return false;
    uint32_t n = 0;
    for (uint32_t i = 0; i < m->cap; i++)
        if (m->ents[i].s && m->ents[i].len > 1 && n < m->count)
            v[n++] = m->ents[i];
    qsort(v, n, sizeof *v, name_cmp);
    wf_buf sub = {0}, sec = {0};
    wf_buf_u32(&sub, n);
    for (uint32_t i = 0; i < n; i++) {
        wf_buf_u32(&sub, v[i].idx);
        wf_buf_u32(&sub, v[i].len - 1);
        wf_buf_bytes(&sub, v[i].s + 1, v[i].len - 1);
    }
    wf_buf_u32(&sec, 4);
    wf_buf_bytes(&sec, "name", 4);
    wf_buf_byte(&sec, 1);
    wf_buf_u32(&sec, (uint32_t)sub.len);
    wf_buf_bytes(&sec, sub.data, sub.len);
    wf_buf_byte(out, 0);
    wf_buf_u32(out, (uint32_t)sec.len);
    wf_buf_bytes(out, sec.data, sec.len);
    bool ok = !sub.oom && !sec.oom;
    wf_buf_free(&sub);
    wf_buf_free(&sec);
    free(v);
    return ok;
}

static bool assemble(txt_parser *p, wf_buf *out)
{
    static const uint8_t order[] = {1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11};
    wf_buf_bytes(out, "\0asm\1\0\0\0", 8);
    for (size_t i = 0; i < sizeof order; i++) {
        int id = order[i];
        if (!p->nsec[id] && !(id == 8 && p->has_start) && !(id == 12 && p->need_datacount))
            continue;
        wf_buf head = {0};
        if (id != 8)
            wf_buf_u32(&head, id == 12 ? p->nsec[11] : p->nsec[id]);
        wf_buf_byte(out, (uint8_t)id);
        wf_buf_u32(out, (uint32_t)(head.len + p->sec[id].len));
        wf_buf_bytes(out, head.data, head.len);
        wf_buf_bytes(out, p->sec[id].data, p->sec[id].len);
        bool oom = head.oom || p->sec[id].oom;
        wf_buf_free(&head);
        if (oom)
            return false;
    }
    return emit_names(p, out) && !out->oom;
}

static void parser_free(txt_parser *p)
{
    for (int i = 0; i < NSPACES; i++)
        free(p->names[i].ents);
    free(p->types);
    free(p->labels);
    free(p->fields);
    free(p->ltypes);
    free(p->scratch);
    wf_buf_free(&p->body);
    wf_buf_free(&p->tmp);
    wf_buf_free(&p->brt);
    for (int i = 0; i < 14; i++)
        wf_buf_free(&p->sec[i]);
    wf_arena_free(&p->arena);
}

void txt_names_clear_locals(txt_parser *p)
{
    names_clear(&p->names[SP_LOCAL]);
    p->count[SP_LOCAL] = 0;
}

void txt_bind_local(txt_parser *p, const txt_token *id, uint32_t idx)
{
    bind(p, SP_LOCAL, id, idx);
}

/* Parse fields from p->tok up to the closing ')' or EOF; returns its offset. */
static size_t parse_fields(txt_parser *p)
{
    scan_module(p);
    if (p->tok.kind != TK_RPAR && p->tok.kind != TK_EOF)
        txt_fail(p, p->tok.off, "unexpected token");
    size_t end = p->tok.off;
    uint32_t next[NSPACES] = {0};
    for (uint32_t i = 0; i < p->nfields; i++) {
        p->pos = p->fields[i].pos;
        txt_next(p);   /* '(' */
        txt_next(p);   /* keyword */
        txt_next(p);
        txt_emit_field(p, p->fields[i].kind, next);
    }
    emit_types(p);
    return end;
}

bool txt_module_to_wasm(const char *text, size_t len, size_t start, size_t *end,
                        uint8_t **out, size_t *out_len, wf_error *err)
{
    txt_parser *p = wf_calloc(1, sizeof *p);
    if (!p)
        return wf_fail(err, WF_ERR_LIMIT, 0, "out of memory");
    p->src = text;
    p->len = len;
    p->pos = start;
    p->err = err;
    wf_buf res = {0};
    volatile bool ok = false;
    if (!setjmp(p->jb)) {
        txt_next(p);
        bool wrapped = txt_peek_field(p, "module");
        if (wrapped) {
            txt_next(p);
            txt_next(p);
            if (txt_is_kw(p, "definition"))   /* script form: a module not instantiated */
                txt_next(p);
            if (p->tok.kind == TK_ID)
                txt_next(p);
        }
        size_t fend = parse_fields(p);
        p->pos = fend;
        txt_next(p);
        if (wrapped && p->tok.kind != TK_RPAR)
            txt_fail(p, p->tok.off, "unbalanced parentheses: unexpected end of input");
        if (!wrapped && p->tok.kind != TK_EOF)
            txt_fail(p, p->tok.off, "unbalanced parentheses: unexpected \")\"");
        if (end)
            *end = wrapped ? fend + 1 : fend;
        ok = assemble(p, &res);
        if (!ok)
            wf_fail(err, WF_ERR_LIMIT, 0, "out of memory");
    }
    parser_free(p);
    free(p);
    if (!ok) {
        wf_buf_free(&res);
        return false;
    }
    *out = res.data;
    *out_len = res.len;
    return true;
}

/* Does the text start with "(component"? Then it is a component. */
static bool is_component(const char *text, size_t len)
{
    size_t pos = 0;
    txt_token t;
    const char *why;
    if (!txt_lex(text, len, &pos, &t, &why) || t.kind != TK_LPAR ||
        !txt_lex(text, len, &pos, &t, &why))
        return false;
    return t.kind == TK_KEYWORD && t.len == 9 && !memcmp(t.s, "component", 9);
}

bool wf_wat_to_wasm(const char *text, size_t len, uint8_t **out, size_t *out_len,
                    wf_error *err)
{
    size_t end;
    bool comp = is_component(text, len);
    bool ok = comp ? txt_component_to_wasm(text, len, 0, &end, out, out_len, err)
                   : txt_module_to_wasm(text, len, 0, &end, out, out_len, err);
    if (!ok)
        return false;
    /* Nothing but space and comments may follow the module. */
    txt_token t;
    const char *why;
    size_t pos = end;
    if (!txt_lex(text, len, &pos, &t, &why) || t.kind != TK_EOF) {
        free(*out);
        *out = NULL;
        unsigned line, col;
        txt_line_col(text, len, t.off, &line, &col);
        return wf_fail(err, WF_ERR_MALFORMED, t.off, "%u:%u: %s", line, col,
                       t.kind == TK_RPAR ? "unbalanced parentheses: unexpected \")\""
                       : comp            ? "unexpected token after the component"
                                         : "unexpected token after the module");
    }
    return true;
}

/* script_comp_val.c — component values as .wast scripts write them:
 *   (bool.const true) (u8.const 255) (s64.const -1) (f32.const 1.5)
 *   (char.const "x") (str.const "...") (list.const V*) (tuple.const V*)
 *   (record.const (field "name" V)*)   the field value also written bare:
 *                                      (field "name" u32.const 7)
 *   (variant.const "case" V?) (enum.const "case") (flags.const "f"*)
 *   (option.none) (option.some V) (result.ok V?) (result.err V?)
 * parsed into untyped comp_sval trees; the export's types are applied in
 * src/component/comp_api.c. In expected results a float may be a NaN
 * pattern (nan, nan:canonical, nan:arithmetic), all meaning "any NaN": the
 * canonical ABI does not preserve NaN bits across a call. */
#include "script_comp.h"

#include <string.h>

static const struct { const char *name; uint8_t kind, bits; bool sign; } forms[] = {
    { "bool.const", CSV_BOOL, 1, false },   { "s8.const", CSV_S8, 8, true },
    { "u8.const", CSV_U8, 8, false },       { "s16.const", CSV_S16, 16, true },
    { "u16.const", CSV_U16, 16, false },    { "s32.const", CSV_S32, 32, true },
    { "u32.const", CSV_U32, 32, false },    { "s64.const", CSV_S64, 64, true },
    { "u64.const", CSV_U64, 64, false },    { "f32.const", CSV_F32, 32, false },
    { "f64.const", CSV_F64, 64, false },    { "char.const", CSV_CHAR, 0, false },
    { "str.const", CSV_STRING, 0, false },  { "list.const", CSV_LIST, 0, false },
    { "record.const", CSV_RECORD, 0, false }, { "tuple.const", CSV_TUPLE, 0, false },
    { "variant.const", CSV_VARIANT, 0, false }, { "enum.const", CSV_ENUM, 0, false },
    { "flags.const", CSV_FLAGS, 0, false }, { "option.none", CSV_NONE, 0, false },
    { "option.some", CSV_SOME, 0, false },  { "result.ok", CSV_OK, 0, false },
    { "result.err", CSV_ERR, 0, false },
};

#define MAX_DEPTH 100

static void value(script *s, comp_sval *v, bool pattern, unsigned depth);

/* Number of Unicode scalar values in UTF-8 text, or -1 if not UTF-8;
 * *first gets the first one. */
static long utf8_count(const uint8_t *b, size_t n, uint32_t *first)
{
    long count = 0;
    for (size_t i = 0; i < n; count++) {
        uint32_t c = b[i], need = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2
                                : (c & 0xf8) == 0xf0 ? 3 : 9;
        if (need == 9 || n - i <= need)
            return -1;
        c = need ? c & (0x3f >> need) : c;
        for (uint32_t k = 1; k <= need; k++) {
            if ((b[i + k] & 0xc0) != 0x80)
                return -1;
            c = c << 6 | (b[i + k] & 0x3f);
        }
        static const uint32_t min[] = { 0, 0x80, 0x800, 0x10000 };
        if (c < min[need] || c > 0x10ffff || (c >= 0xd800 && c < 0xe000))
            return -1;
        if (!count)
            *first = c;
        i += need + 1;
    }
    return count;
}

static uint64_t int_const(script *s, unsigned bits, bool sign)
{
    txt_parser *p = &s->p;
    uint64_t v;
    const char *why = "expected an integer";
    bool neg = p->tok.len && p->tok.s[0] == '-';
    if (p->tok.kind != TK_ATOM || !txt_int(p->tok.s, p->tok.len, bits, &v, &why))
        txt_fail(p, p->tok.off, "%s", why);
    /* txt_int takes either range; a script value has one. */
    if ((!sign && neg) || (sign && !neg && bits < 64 && v >> (bits - 1)) ||
        (sign && !neg && bits == 64 && v >> 63))
        txt_fail(p, p->tok.off, "constant out of range");
    if (sign && bits < 64 && (v >> (bits - 1) & 1))
        v |= ~0ull << bits;   /* sign-extend */
    txt_next(p);
    return v;
}

static bool tok_eq(const txt_token *t, const char *w)
{
    return t->len == strlen(w) && !memcmp(t->s, w, t->len);
}

static void float_const(script *s, comp_sval *v, unsigned bits, bool pattern)
{
    txt_parser *p = &s->p;
    const txt_token *t = &p->tok;
    const char *why = "expected a float";
    size_t sign = t->len && (t->s[0] == '-' || t->s[0] == '+');
    bool nan = t->len >= sign + 3 && !memcmp(t->s + sign, "nan", 3);
    bool ok;
    if (pattern && (tok_eq(t, "nan:canonical") || tok_eq(t, "nan:arithmetic"))) {
        ok = true;
    } else if (bits == 32) {
        uint32_t b;
        ok = txt_f32(t->s, t->len, &b, &why);
        v->bits = b;
    } else {
        ok = txt_f64(t->s, t->len, &v->bits, &why);
    }
    if (!ok || (t->kind != TK_ATOM && t->kind != TK_KEYWORD))
        txt_fail(p, t->off, "%s", why);
    if (pattern && nan)
        v->nan = CSV_NAN_ANY;
    txt_next(p);
}

/* Grow-by-copy arrays in the arena. */
static void *grow(script *s, void *a, uint32_t n, uint32_t *cap, size_t elem)
{
    if (n < *cap)
        return a;
    uint32_t nc = *cap ? *cap * 2 : 8;
    void *b = wf_arena_alloc(&s->p.arena, nc * elem);
    if (!b || nc > 100000000u)
        txt_fail(&s->p, s->p.tok.off, "out of memory");
    if (n)
        memcpy(b, a, n * elem);
    *cap = nc;
    return b;
}

/* Values up to ')' into v->v / v->n. */
static void elems(script *s, comp_sval *v, bool pattern, unsigned depth)
{
    uint32_t cap = 0;
    while (s->p.tok.kind == TK_LPAR) {
        v->v = grow(s, v->v, v->n, &cap, sizeof *v->v);
        value(s, &v->v[v->n++], pattern, depth + 1);
    }
}

/* Label strings up to ')' into v->names / v->n. */
static void names(script *s, comp_sval *v)
{
    uint32_t cap = 0;
    while (s->p.tok.kind == TK_STRING) {
        size_t len;
        v->names = grow(s, v->names, v->n, &cap, sizeof *v->names);
        v->names[v->n++] = scr_string(s, &len);
    }
}

static void body(script *s, comp_sval *v, bool pattern, unsigned depth);

/* (field "name" V) or (field "name" kind.const ...) of a record. */
static void fields(script *s, comp_sval *v, bool pattern, unsigned depth)
{
    txt_parser *p = &s->p;
    uint32_t cap = 0, vcap = 0;
    while (txt_peek_field(p, "field")) {
        txt_next(p);
        txt_next(p);
        size_t len;
        v->names = grow(s, v->names, v->n, &cap, sizeof *v->names);
        v->v = grow(s, v->v, v->n, &vcap, sizeof *v->v);
        v->names[v->n] = scr_string(s, &len);
        comp_sval *f = &v->v[v->n++];
        if (p->tok.kind == TK_LPAR) {
            value(s, f, pattern, depth + 1);
            txt_expect_rpar(p);
        } else {
            body(s, f, pattern, depth + 1);   /* consumes the field's ')' */
        }
    }
}

/* After '(': the form's keyword, its contents and the closing ')'. */
static void body(script *s, comp_sval *v, bool pattern, unsigned depth)
{
    txt_parser *p = &s->p;
    memset(v, 0, sizeof *v);
    if (depth > MAX_DEPTH)
        txt_fail(p, p->tok.off, "value nested too deeply");
    size_t i = 0, nf = sizeof forms / sizeof forms[0];
    while (i < nf && !txt_is_kw(p, forms[i].name))
        i++;
    if (i == nf)
        txt_fail(p, p->tok.off, "unknown component value form %.*s",
                 (int)(p->tok.len > 30 ? 30 : p->tok.len), p->tok.s);
    size_t off = p->tok.off, len;
    txt_next(p);
    v->kind = forms[i].kind;
    switch (v->kind) {
    case CSV_BOOL:
        if (!txt_is_kw(p, "true") && !txt_is_kw(p, "false"))
            txt_fail(p, p->tok.off, "expected true or false");
        v->bits = txt_is_kw(p, "true");
        txt_next(p);
        break;
    case CSV_F32: case CSV_F64: float_const(s, v, forms[i].bits, pattern); break;
    case CSV_CHAR: case CSV_STRING: {
        uint32_t first = 0;
        v->s = scr_string(s, &len);
        v->len = len;
        long n = utf8_count((const uint8_t *)v->s, len, &first);
        if (n < 0 || (v->kind == CSV_CHAR && n != 1))
            txt_fail(p, off, v->kind == CSV_CHAR ? "expected one character" : "string is not UTF-8");
        v->bits = first;
        break;
    }
    case CSV_LIST: case CSV_TUPLE: elems(s, v, pattern, depth); break;
    case CSV_RECORD: fields(s, v, pattern, depth); break;
    case CSV_VARIANT: case CSV_ENUM:
        v->s = scr_string(s, &len);
        v->len = len;
        if (v->kind == CSV_VARIANT && p->tok.kind == TK_LPAR) {
            v->v = wf_arena_alloc(&p->arena, sizeof *v->v);
            if (!v->v)
                txt_fail(p, off, "out of memory");
            value(s, v->v, pattern, depth + 1);
            v->n = 1;
        }
        break;
    case CSV_FLAGS: names(s, v); break;
    case CSV_NONE: break;
    case CSV_SOME: case CSV_OK: case CSV_ERR:
        elems(s, v, pattern, depth);
        if (v->n > 1 || (v->kind == CSV_SOME && v->n != 1))
            txt_fail(p, off, "expected one payload value");
        break;
    default:
        v->bits = int_const(s, forms[i].bits, forms[i].sign);
    }
    txt_expect_rpar(p);
}

static void value(script *s, comp_sval *v, bool pattern, unsigned depth)
{
    if (s->p.tok.kind != TK_LPAR)
        txt_fail(&s->p, s->p.tok.off, "expected a component value");
    txt_next(&s->p);
    body(s, v, pattern, depth);
}

comp_sval *scr_comp_values(script *s, uint32_t *n, bool pattern)
{
    comp_sval all = {0};
    elems(s, &all, pattern, 0);
    *n = all.n;
    return all.v;
}

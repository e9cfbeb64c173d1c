/* script_val.c — .wast values: argument constants, result patterns
 * (nan:canonical, nan:arithmetic, ref.func, ref.extern, per-lane v128),
 * running an action and comparing its results. */
#include "script.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static void *extern_ref(uint64_t n)
{
    /* Non-NULL for every N, distinct per N; never dereferenced. */
    return (void *)(uintptr_t)(n + 1);
}

char *scr_string(script *s, size_t *len)
{
    txt_parser *p = &s->p;
    if (p->tok.kind != TK_STRING)
        txt_fail(p, p->tok.off, "expected a string");
    char *b = wf_arena_alloc(&p->arena, p->tok.len + 1);
    size_t n;
    const char *why;
    if (!b || !txt_string_decode(&p->tok, (uint8_t *)b, &n, &why))
        txt_fail(p, p->tok.off, "bad string");
    b[n] = 0;
    txt_next(p);
    if (len)
        *len = n;
    return b;
}


static bool tok_is(const txt_parser *p, const char *s)
{
    size_t n = strlen(s);
    return p->tok.len == n && !memcmp(p->tok.s, s, n);
}

/* A float token or, in a pattern, nan:canonical / nan:arithmetic. */
static uint8_t float_lane(script *s, unsigned bits, uint64_t *out, bool pattern)
{
    txt_parser *p = &s->p;
    if (pattern && tok_is(p, "nan:canonical")) {
        txt_next(p);
        return PAT_CANON;
    }
    if (pattern && tok_is(p, "nan:arithmetic")) {
        txt_next(p);
        return PAT_ARITH;
    }
    const char *why = "unexpected token";
    bool ok;
    if (bits == 32) {
        uint32_t v;
        ok = txt_f32(p->tok.s, p->tok.len, &v, &why);
        *out = v;
    } else {
        ok = txt_f64(p->tok.s, p->tok.len, out, &why);
    }
    if (!ok || (p->tok.kind != TK_ATOM && p->tok.kind != TK_KEYWORD))
        txt_fail(p, p->tok.off, "%s", why);
    txt_next(p);
    return PAT_EXACT;
}

static void v128_value(script *s, scr_expect *e, bool pattern)
{
    txt_parser *p = &s->p;
    e->v.kind = WF_V128;
    unsigned bits = txt_is_kw(p, "f32x4") ? 32 : txt_is_kw(p, "f64x2") ? 64 : 0;
    if (!bits) {
        /* The script's own buffer: txt_v128 longjmps on bad input, and a
         * local buffer would then leak (found by fuzz_wast). */
        wf_buf *b = &s->sbuf;
        b->len = 0;
        txt_v128(p, b);
        if (b->len == 16)
            memcpy(e->v.of.v128.bytes, b->data, 16);
        return;
    }
    txt_next(p);
    e->shape_bits = (uint8_t)bits;
    for (unsigned i = 0; i < 128 / bits; i++) {
        uint64_t v = 0;
        e->lanes[i] = float_lane(s, bits, &v, pattern);
        memcpy(e->v.of.v128.bytes + i * (bits / 8), &v, bits / 8);   /* little-endian host */
    }
}

static uint64_t int_value(txt_parser *p, unsigned bits)
{
    uint64_t v;
    const char *why = "unexpected token";
    if (p->tok.kind != TK_ATOM || !txt_int(p->tok.s, p->tok.len, bits, &v, &why))
        txt_fail(p, p->tok.off, "%s", why);
    txt_next(p);
    return v;
}

/* One (kind.const ...) form; with pattern, result patterns are allowed. */
static void value(script *s, scr_expect *e, bool pattern)
{
    txt_parser *p = &s->p;
    memset(e, 0, sizeof *e);
    if (p->tok.kind != TK_LPAR)
        txt_fail(p, p->tok.off, "expected a constant");
    txt_next(p);
    if (pattern && txt_is_kw(p, "either")) {
        if (++p->depth > 100)
            txt_fail(p, p->tok.off, "either nested too deeply");
        txt_next(p);
        size_t n = 0, cap = 4;
        scr_expect *alt = wf_arena_alloc(&p->arena, cap * sizeof *alt);
        while (alt && p->tok.kind == TK_LPAR) {
            if (n == cap) {
                scr_expect *bigger = wf_arena_alloc(&p->arena, 2 * cap * sizeof *alt);
                if (!bigger)
                    break;
                memcpy(bigger, alt, n * sizeof *alt);
                alt = bigger;
                cap *= 2;
            }
            value(s, &alt[n++], true);
        }
        if (!alt || !n || n > 255)
            txt_fail(p, p->tok.off, "bad either");
        *e = alt[0];
        e->alt = alt;
        e->nalt = (uint8_t)n;
        txt_expect_rpar(p);
        p->depth--;
        return;
    }
    if (txt_is_kw(p, "i32.const")) {
        txt_next(p);
        e->v.kind = WF_I32;
        e->v.of.i32 = (int32_t)(uint32_t)int_value(p, 32);
    } else if (txt_is_kw(p, "i64.const")) {
        txt_next(p);
        e->v.kind = WF_I64;
        e->v.of.i64 = (int64_t)int_value(p, 64);
    } else if (txt_is_kw(p, "f32.const") || txt_is_kw(p, "f64.const")) {
        unsigned bits = p->tok.s[1] == '3' ? 32 : 64;
        txt_next(p);
        uint64_t v = 0;
        e->v.kind = bits == 32 ? WF_F32 : WF_F64;
        e->pat = float_lane(s, bits, &v, pattern);
        if (bits == 32)
            e->v.of.f32_bits = (uint32_t)v;
        else
            e->v.of.f64_bits = v;
    } else if (txt_is_kw(p, "v128.const")) {
        txt_next(p);
        v128_value(s, e, pattern);
    } else if (txt_is_kw(p, "ref.null")) {
        txt_next(p);
        /* 3.0 scripts: the bottom types name the same nulls, and a
         * result (ref.null) is a null of any reference type. */
        if (pattern && p->tok.kind == TK_RPAR) {
            e->v.kind = WF_FUNCREF;
            e->pat = PAT_NULLREF;
            txt_expect_rpar(p);
            return;
        }
        if (txt_is_kw(p, "func") || txt_is_kw(p, "funcref") || txt_is_kw(p, "nofunc"))
            e->v.kind = WF_FUNCREF;
        else if (txt_is_kw(p, "extern") || txt_is_kw(p, "externref") || txt_is_kw(p, "noextern"))
            e->v.kind = WF_EXTERNREF;
        else if (txt_is_kw(p, "exn") || txt_is_kw(p, "exnref") || txt_is_kw(p, "noexn"))
            e->v.kind = WF_EXNREF;
        else
            txt_fail(p, p->tok.off, "unexpected token in ref.null");
        txt_next(p);
    } else if (txt_is_kw(p, "ref.extern")) {
        txt_next(p);
        e->v.kind = WF_EXTERNREF;
        if (p->tok.kind == TK_ATOM)
            e->v.of.externref = extern_ref(int_value(p, 64));
        else if (pattern)
            e->pat = PAT_ANYREF;
        else
            txt_fail(p, p->tok.off, "expected a number");
    } else if (pattern && txt_is_kw(p, "ref.func")) {
        txt_next(p);
        e->v.kind = WF_FUNCREF;
        e->pat = PAT_ANYREF;
        if (txt_is_index(p))
            txt_next(p);
    } else {
        txt_fail(p, p->tok.off, "unknown constant");
    }
    txt_expect_rpar(p);
}

void scr_parse_action(script *s, scr_action *a)
{
    txt_parser *p = &s->p;
    txt_next(p);
    a->get = txt_is_kw(p, "get");
    txt_next(p);
    a->module.kind = TK_EOF;
    if (p->tok.kind == TK_ID) {
        a->module = p->tok;
        txt_next(p);
    }
    a->name = scr_string(s, &a->name_len);
    a->nargs = 0;
    while (!a->get && p->tok.kind == TK_LPAR) {
        if (a->nargs == SCR_MAX_ARGS)
            txt_fail(p, p->tok.off, "too many arguments");
        scr_expect e;
        value(s, &e, false);
        a->args[a->nargs++] = e.v;
    }
    txt_expect_rpar(p);
}

scr_expect *scr_parse_expects(script *s, size_t *n)
{
    txt_parser *p = &s->p;
    size_t cap = 8;
    scr_expect *v = wf_arena_alloc(&p->arena, cap * sizeof *v);
    *n = 0;
    while (v && p->tok.kind == TK_LPAR) {
        if (*n == cap) {
            scr_expect *bigger = wf_arena_alloc(&p->arena, 2 * cap * sizeof *v);
            if (!bigger)
                break;
            memcpy(bigger, v, cap * sizeof *v);
            v = bigger;
            cap *= 2;
        }
        value(s, &v[(*n)++], true);
    }
    if (!v)
        txt_fail(p, p->tok.off, "out of memory");
    return v;
}

char *scr_run_action(script *s, const scr_action *a, wf_val *res, size_t *nres, wf_trap **trap)
{
    *trap = NULL;
    *nres = 0;
    scr_inst *e = scr_find_inst(s, &a->module);
    if (!e)
        return "unknown module";
    wf_extern ext;
    if (!wf_instance_export_n(e->inst, a->name, a->name_len, &ext))
        return "unknown export";
    if (a->get) {
        if (ext.kind != WF_EXTERN_GLOBAL)
            return "export is not a global";
        res[0] = wf_global_get(ext.of.global);
        *nres = 1;
        return NULL;
    }
    if (ext.kind != WF_EXTERN_FUNC)
        return "export is not a function";
    const wf_functype *ft = wf_func_type(ext.of.func);
    if (!ft || ft->nparams != a->nargs)
        return "wrong number of arguments";
    if (ft->nresults > SCR_MAX_ARGS)
        return "too many results";
    for (size_t i = 0; i < a->nargs; i++)
        if (a->args[i].kind != (wf_valkind)ft->params[i])
            return "argument type mismatch";
    *nres = ft->nresults;
    for (size_t i = 0; i < *nres; i++)
        res[i].kind = (wf_valkind)ft->results[i];
    *trap = wf_func_call(ext.of.func, a->args, a->nargs, res, *nres);
    return NULL;
}

/* ---- comparing -------------------------------------------------------- */

static bool nan_match(uint64_t bits, unsigned width, uint8_t pat)
{
    uint64_t sign = 1ull << (width - 1);
    uint64_t quiet = width == 32 ? 0x7fc00000u : 0x7ff8000000000000ull;
    if (pat == PAT_CANON)
        return (bits & ~sign) == quiet;
    return (bits & quiet) == quiet;
}

static bool lane_match(uint64_t got, uint64_t want, unsigned width, uint8_t pat)
{
    return pat == PAT_EXACT ? got == want : nan_match(got, width, pat);
}

static bool match1(const scr_expect *e, const wf_val *g)
{
    if (e->pat == PAT_NULLREF)
        return (g->kind == WF_FUNCREF && !g->of.funcref) ||
               (g->kind == WF_EXTERNREF && !g->of.externref) ||
               (g->kind == WF_EXNREF && !g->of.exnref);
    if (g->kind != e->v.kind)
        return false;
    switch (g->kind) {
    case WF_I32: return g->of.i32 == e->v.of.i32;
    case WF_I64: return g->of.i64 == e->v.of.i64;
    case WF_F32: return lane_match(g->of.f32_bits, e->v.of.f32_bits, 32, e->pat);
    case WF_F64: return lane_match(g->of.f64_bits, e->v.of.f64_bits, 64, e->pat);
    case WF_V128:
        if (!e->shape_bits)
            return !memcmp(g->of.v128.bytes, e->v.of.v128.bytes, 16);
        for (unsigned i = 0, w = e->shape_bits; i < 128 / w; i++) {
            uint64_t a = 0, b = 0;
            memcpy(&a, g->of.v128.bytes + i * w / 8, w / 8);
            memcpy(&b, e->v.of.v128.bytes + i * w / 8, w / 8);
            if (!lane_match(a, b, w, e->lanes[i]))
                return false;
        }
        return true;
    case WF_FUNCREF:
        return e->pat == PAT_ANYREF ? g->of.funcref != NULL : g->of.funcref == e->v.of.funcref;
    case WF_EXTERNREF:
        return e->pat == PAT_ANYREF ? g->of.externref != NULL
                                    : g->of.externref == e->v.of.externref;
    case WF_EXNREF:
        return e->pat == PAT_ANYREF ? g->of.exnref != NULL : g->of.exnref == e->v.of.exnref;
    }
    return false;
}

static bool match(const scr_expect *e, const wf_val *g)
{
    if (!e->nalt)
        return match1(e, g);
    for (unsigned i = 0; i < e->nalt; i++)
        if (match1(&e->alt[i], g))
            return true;
    return false;
}

static void fmt_val(char *b, size_t n, const wf_val *v, uint8_t pat)
{
    static const char *const pats[] = {"", "nan:canonical", "nan:arithmetic", "any", "null"};
    switch (v->kind) {
    case WF_I32: snprintf(b, n, "i32:%" PRIu32 " (0x%08" PRIx32 ")", (uint32_t)v->of.i32,
                          (uint32_t)v->of.i32); break;
    case WF_I64: snprintf(b, n, "i64:%" PRIu64 " (0x%016" PRIx64 ")", (uint64_t)v->of.i64,
                          (uint64_t)v->of.i64); break;
    case WF_F32:
        if (pat) snprintf(b, n, "f32:%s", pats[pat]);
        else snprintf(b, n, "f32:0x%08" PRIx32, v->of.f32_bits);
        break;
    case WF_F64:
        if (pat) snprintf(b, n, "f64:%s", pats[pat]);
        else snprintf(b, n, "f64:0x%016" PRIx64, v->of.f64_bits);
        break;
    case WF_V128: {
        size_t k = (size_t)snprintf(b, n, "v128:");
        for (int i = 0; i < 16 && k + 3 < n; i++)
            k += (size_t)snprintf(b + k, n - k, "%02x", v->of.v128.bytes[i]);
        break;
    }
    case WF_FUNCREF:
        if (pat == PAT_NULLREF) snprintf(b, n, "ref.null");
        else if (pat) snprintf(b, n, "ref.func");
        else if (v->of.funcref) snprintf(b, n, "funcref:%p", (void *)v->of.funcref);
        else snprintf(b, n, "ref.null func");
        break;
    case WF_EXTERNREF:
        if (pat) snprintf(b, n, "ref.extern");
        else if (v->of.externref) snprintf(b, n, "ref.extern %" PRIuPTR,
                                           (uintptr_t)v->of.externref - 1);
        else snprintf(b, n, "ref.null extern");
        break;
    default:
        snprintf(b, n, "?");
    }
}

void scr_check_results(script *s, const scr_expect *want, size_t nwant, const wf_val *got,
                       size_t ngot)
{
    bool ok = nwant == ngot;
    for (size_t i = 0; ok && i < ngot; i++)
        ok = match(&want[i], &got[i]);
    if (ok) {
        s->passed++;
        return;
    }
    char w[512] = "", g[512] = "";
    size_t kw = 0, kg = 0;
    for (size_t i = 0; i < nwant && kw < sizeof w - 80; i++) {
        fmt_val(w + kw, sizeof w - kw, &want[i].v, want[i].pat);
        kw += strlen(w + kw);
        if (i + 1 < nwant)
            w[kw++] = ' ', w[kw] = 0;
    }
    for (size_t i = 0; i < ngot && kg < sizeof g - 80; i++) {
        fmt_val(g + kg, sizeof g - kg, &got[i], 0);
        kg += strlen(g + kg);
        if (i + 1 < ngot)
            g[kg++] = ' ', g[kg] = 0;
    }
    scr_fail(s, "assert_return expected [%s], got [%s]", w, g);
}

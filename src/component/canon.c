/* canon.c — the canonical ABI (CanonicalABI.md): sizes, alignments and
 * flattening of types; loading and storing values in linear memory; lifting
 * and lowering flat core values; strings in utf8, utf16 and latin1+utf16;
 * handles; and the trampolines `canon lower` and host calls into `canon
 * lift`ed functions (handle tables and resource built-ins: canon_handle.c).
 * Values cross as comp_val trees allocated in a per-call
 * arena; every malformed guest value is a trap. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "comp_int.h"
#include "async.h"
#include "async_int.h"
#include "stream.h"

#define MAX_STRING (1u << 31)

wf_trap *comp_trap(const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return wf_trap_new(WF_TRAP_HOST, msg);
}

/* ---- sizes, alignment, flattening ----------------------------------- */

static uint32_t align_to(uint32_t p, uint32_t a) { return (p + a - 1) / a * a; }

static uint32_t disc_size(uint32_t n) { return n <= 256 ? 1 : n <= 65536 ? 2 : 4; }

static uint32_t flags_size(uint32_t n) { return n <= 8 ? 1 : n <= 16 ? 2 : 4; }

/* Variant-like types viewed as a case list (option, result, enum). */
static uint32_t cases_of(const comp_type *t, const comp_type **out)
{
    switch (t->kind) {
    case T_OPTION: out[0] = NULL; out[1] = t->t[0]; return 2;
    case T_RESULT: out[0] = t->t[0]; out[1] = t->t[1]; return 2;
    default: return 0;
    }
}

#define CASE_AT(t, i, tmp) ((t)->kind == T_VARIANT ? (t)->t[i] : (t)->kind == T_ENUM ? NULL : (tmp)[i])

static uint32_t ncases(const comp_type *t)
{
    return t->kind == T_OPTION || t->kind == T_RESULT ? 2 : t->n;
}

static uint32_t compute_align(const comp_type *t)
{
    const comp_type *tmp[2];
    uint32_t a = 1;
    switch (t->kind) {
    case T_BOOL: case T_S8: case T_U8: return 1;
    case T_S16: case T_U16: return 2;
    case T_S32: case T_U32: case T_F32: case T_CHAR: case T_OWN: case T_BORROW:
    case T_STREAM: case T_FUTURE: case T_ERRCTX: return 4;
    case T_S64: case T_U64: case T_F64: return 8;
    case T_STRING: case T_LIST: return 4;
    case T_FIXLIST: return canon_align(t->t[0]);
    case T_FLAGS: return flags_size(t->n);
    case T_RECORD: case T_TUPLE:
        for (uint32_t i = 0; i < t->n; i++) {
            uint32_t x = canon_align(t->t[i]);
            a = x > a ? x : a;
        }
        return a;
    default:
        cases_of(t, tmp);
        a = disc_size(ncases(t));
        for (uint32_t i = 0; i < ncases(t); i++) {
            const comp_type *c = CASE_AT(t, i, tmp);
            uint32_t x = c ? canon_align(c) : 1;
            a = x > a ? x : a;
        }
        return a;
    }
}

static uint32_t max_case_align(const comp_type *t)
{
    const comp_type *tmp[2];
    uint32_t a = 1;
    cases_of(t, tmp);
    for (uint32_t i = 0; i < ncases(t); i++) {
        const comp_type *c = CASE_AT(t, i, tmp);
        uint32_t x = c ? canon_align(c) : 1;
        a = x > a ? x : a;
    }
    return a;
}

static uint32_t compute_size(const comp_type *t)
{
    const comp_type *tmp[2];
    uint32_t s = 0;
    switch (t->kind) {
    case T_BOOL: case T_S8: case T_U8: return 1;
    case T_S16: case T_U16: return 2;
    case T_S32: case T_U32: case T_F32: case T_CHAR: case T_OWN: case T_BORROW:
    case T_STREAM: case T_FUTURE: case T_ERRCTX: return 4;
    case T_S64: case T_U64: case T_F64: return 8;
    case T_STRING: case T_LIST: return 8;
    case T_FIXLIST: return canon_size(t->t[0]) * t->len;   /* validated < 2^28 */
    case T_FLAGS: return flags_size(t->n);
    case T_RECORD: case T_TUPLE:
        for (uint32_t i = 0; i < t->n; i++)
            s = align_to(s, canon_align(t->t[i])) + canon_size(t->t[i]);
        return align_to(s, canon_align(t));
    default: {
        cases_of(t, tmp);
        uint32_t m = 0;
        s = align_to(disc_size(ncases(t)), max_case_align(t));
        for (uint32_t i = 0; i < ncases(t); i++) {
            const comp_type *c = CASE_AT(t, i, tmp);
            uint32_t x = c ? canon_size(c) : 0;
            m = x > m ? x : m;
        }
        return align_to(s + m, canon_align(t));
    }
    }
}

uint32_t canon_align(const comp_type *t)
{
    return t->cached ? t->align : compute_align(t);
}

uint32_t canon_size(const comp_type *t)
{
    return t->cached ? t->size : compute_size(t);
}

static uint8_t join(uint8_t a, uint8_t b)
{
    if (a == b)
        return a;
    if ((a == WF_I32 && b == WF_F32) || (a == WF_F32 && b == WF_I32))
        return WF_I32;
    return WF_I64;
}

/* Appends up to cap flat types; returns the full count (may exceed cap). */
uint32_t canon_flatten(const comp_type *t, uint8_t *out, uint32_t cap)
{
    const comp_type *tmp[2];
    uint32_t n = 0;
#define PUT(k) do { if (n < cap) out[n] = (k); n++; } while (0)
    switch (t->kind) {
    case T_S64: case T_U64: PUT(WF_I64); break;
    case T_F32: PUT(WF_F32); break;
    case T_F64: PUT(WF_F64); break;
    case T_STRING: case T_LIST: PUT(WF_I32); PUT(WF_I32); break;
    case T_FIXLIST: {
        uint32_t k = canon_flatten(t->t[0], out, 0);
        if ((uint64_t)k * t->len > cap)
            return (uint64_t)k * t->len > UINT32_MAX ? UINT32_MAX : k * t->len;
        for (uint32_t i = 0; i < t->len; i++, n += k)
            canon_flatten(t->t[0], out + n, cap - n);
        break;
    }
    case T_RECORD: case T_TUPLE:
        if (t->cached && t->nflat > cap)
            return t->nflat;
        for (uint32_t i = 0; i < t->n; i++)
            n += canon_flatten(t->t[i], n < cap ? out + n : out, n < cap ? cap - n : 0);
        break;
    case T_VARIANT: case T_OPTION: case T_RESULT: case T_ENUM: {
        uint8_t payload[64], c[64];
        uint32_t np = 0;
        cases_of(t, tmp);
        for (uint32_t i = 0; i < ncases(t); i++) {
            const comp_type *ct = CASE_AT(t, i, tmp);
            if (!ct)
                continue;
            uint32_t k = canon_flatten(ct, c, 64);
            if (k > 64) {
                /* Too wide to ever be passed flat; only the count matters. */
                np = k > np ? k : np;
                continue;
            }
            for (uint32_t j = 0; j < k; j++) {
                if (j < np)
                    payload[j] = j < 64 ? join(payload[j], c[j]) : WF_I64;
                else
                    payload[np++] = c[j];
            }
        }
        PUT(WF_I32);
        for (uint32_t j = 0; j < np; j++)
            PUT(j < 64 ? payload[j] : WF_I64);
        break;
    }
    default: PUT(WF_I32); break;
    }
#undef PUT
    return n;
}

bool canon_core_type(const comp_type *ft, bool lower, uint8_t *params, uint32_t *np,
                     uint8_t *results, uint32_t *nr)
{
    uint8_t buf[MAX_FLAT_PARAMS + 1];
    uint32_t n = 0;
    for (uint32_t i = 0; i < ft->n; i++)
        n += canon_flatten(ft->t[i], buf + (n < sizeof buf ? n : 0),
                           n < sizeof buf ? (uint32_t)sizeof buf - n : 0);
    if (n > MAX_FLAT_PARAMS) {
        params[0] = WF_I32;
        n = 1;
    } else {
        memcpy(params, buf, n);
    }
    uint32_t r = ft->ret ? canon_flatten(ft->ret, buf, sizeof buf) : 0;
    if (r > MAX_FLAT_RESULTS) {
        if (lower) {
            params[n++] = WF_I32;
            r = 0;
        } else {
            results[0] = WF_I32;
            r = 1;
        }
    } else if (r) {
        results[0] = buf[0];
    }
    *np = n;
    *nr = r;
    return true;
}

/* flatten_functype for the async ABI: a lift returns the callback code
 * (or nothing, stackful); a lower takes at most 4 flat parameters and a
 * result pointer, and returns the packed status. */
bool canon_core_type_opts(const comp_type *ft, bool lower, const cm_opts *o, uint8_t *params,
                          uint32_t *np, uint8_t *results, uint32_t *nr)
{
    if (!o->async_)
        return canon_core_type(ft, lower, params, np, results, nr);
    uint8_t buf[MAX_FLAT_PARAMS + 1];
    uint32_t n = 0, max = lower ? MAX_FLAT_ASYNC_PARAMS : MAX_FLAT_PARAMS;
    for (uint32_t i = 0; i < ft->n; i++)
        n += canon_flatten(ft->t[i], buf + (n < sizeof buf ? n : 0),
                           n < sizeof buf ? (uint32_t)sizeof buf - n : 0);
    if (n > max) {
        params[0] = WF_I32;
        n = 1;
    } else {
        memcpy(params, buf, n);
    }
    *nr = 0;
    if (lower) {
        if (ft->ret)
            params[n++] = WF_I32;
        results[(*nr)++] = WF_I32;
    } else if (o->has_callback) {
        results[(*nr)++] = WF_I32;
    }
    *np = n;
    return true;
}

/* ---- lift/lower context ---------------------------------------------- */

#include "canon_cx.h"

static bool trap(cx *c, const char *fmt, const char *arg)
{
    if (!c->trap)
        c->trap = comp_trap(fmt, arg);
    return false;
}

/* Messages follow the reference tests' (and wasmtime's) wording, which
 * differs between a host calling a guest and one component calling
 * another (wasmtime's fused adapters). */
enum { R_VALUE, R_STRING, R_LIST, R_REALLOC };

static bool mem_range_k(cx *c, uint32_t ptr, uint64_t len, uint32_t align, uint8_t **out, int what)
{
    static const char *oob[] = { "pointer out of bounds of memory",
                                 "string pointer/length out of bounds of memory",
                                 "list pointer/length out of bounds of memory",
                                 "realloc return: beyond end of memory" };
    static const char *oob_fused[] = { "pointer out of bounds of memory",
                                       "string content out-of-bounds",
                                       "list content out-of-bounds",
                                       "list content out-of-bounds" };
    if (!c->mem)
        return trap(c, "%s", "canonical option `memory` is required");
    if (align > 1 && ptr % align)
        return trap(c, "%s", what == R_REALLOC && !c->fused ? "realloc return: result not aligned"
                                                            : "unaligned pointer");
    if ((uint64_t)ptr + len > wf_memory_size(c->mem))
        return trap(c, "%s", (c->fused ? oob_fused : oob)[what]);
    *out = wf_memory_data(c->mem) + ptr;
    return true;
}

static bool mem_range(cx *c, uint32_t ptr, uint64_t len, uint32_t align, uint8_t **out)
{
    return mem_range_k(c, ptr, len, align, out, R_VALUE);
}

static void *xalloc(cx *c, size_t n)
{
    void *p = wf_arena_alloc(c->a, n ? n : 1);
    if (!p)
        trap(c, "%s", "out of memory");
    return p;
}

static bool call_realloc(cx *c, uint32_t align, uint64_t size, uint32_t *out)
{
    if (!c->realloc_)
        return trap(c, "%s", "canonical option `realloc` is required");
    if (size > UINT32_MAX)
        return trap(c, "%s", "allocation too large");
    wf_val a[4] = { { .kind = WF_I32 }, { .kind = WF_I32 },
                    { .kind = WF_I32, .of.i32 = (int32_t)align },
                    { .kind = WF_I32, .of.i32 = (int32_t)(uint32_t)size } };
    wf_val r = { .kind = WF_I32 };
    /* realloc may not call out (reallocate() clears may_leave) — between
     * components; a host call's results keep the old leniency, which the
     * preview-1 adapter relies on (its realloc logs through fd_write). */
    bool leave = c->inst->may_leave;
    if (c->fused)
        c->inst->may_leave = false;
    wf_trap *t = wf_func_call(c->realloc_, a, 4, &r, 1);
    c->inst->may_leave = leave;
    if (t) {
        if (!c->trap)
            c->trap = t;
        else
            wf_trap_free(t);
        return false;
    }
    uint8_t *p;
    *out = (uint32_t)r.of.i32;
    return mem_range_k(c, *out, size, align, &p, R_REALLOC);
}

/* ---- strings ----------------------------------------------------------- */

/* Next code point of valid UTF-8. */
static uint32_t utf8_next(const uint8_t *s, uint32_t *i)
{
    uint8_t b = s[*i];
    uint32_t cp, n;
    if (b < 0x80) { cp = b; n = 1; }
    else if (b < 0xe0) { cp = b & 31; n = 2; }
    else if (b < 0xf0) { cp = b & 15; n = 3; }
    else { cp = b & 7; n = 4; }
    for (uint32_t k = 1; k < n; k++)
        cp = cp << 6 | (s[*i + k] & 63);
    *i += n;
    return cp;
}

static bool lift_utf16(cx *c, const uint8_t *p, uint32_t units, comp_val *v)
{
    uint8_t *o = xalloc(c, (size_t)units * 3 + 1);
    uint32_t n = 0;
    if (!o)
        return false;
    for (uint32_t i = 0; i < units; i++) {
        uint32_t u = (uint32_t)p[2 * i] | (uint32_t)p[2 * i + 1] << 8;
        if (u >= 0xd800 && u < 0xdc00 && i + 1 < units) {
            uint32_t l = (uint32_t)p[2 * i + 2] | (uint32_t)p[2 * i + 3] << 8;
            if (l >= 0xdc00 && l < 0xe000) {
                u = 0x10000 + ((u - 0xd800) << 10) + (l - 0xdc00);
                i++;
            }
        }
        if (u >= 0xd800 && u < 0xe000)
            return trap(c, "%s", "invalid utf-16: unpaired surrogate");
        n += (uint32_t)wf_utf8_put(o + n, u);
    }
    v->of.str.p = (const char *)o;
    v->of.str.len = n;
    return true;
}

/* Invalid UTF-8 that is only a sequence cut short by the end of the
 * string (everything before it valid), as Rust's decoder reports it. */
static bool utf8_cut_short(const uint8_t *p, uint32_t len)
{
    uint32_t start = len > 3 ? len - 3 : 0;
    for (uint32_t i = len; i-- > start;) {
        if ((p[i] & 0xc0) == 0x80)
            continue;
        uint32_t need = p[i] >= 0xf0 ? 4 : p[i] >= 0xe0 ? 3 : p[i] >= 0xc2 ? 2 : 0;
        if (need <= len - i || !wf_utf8_valid(p, i))
            return false;
        /* The tail must be a valid prefix: some continuation completes it
         * (E0 needs A0.., F0 90.., ED ..9F, F4 ..8F). */
        static const uint8_t pads[] = {0x80, 0x90, 0xa0};
        for (size_t k = 0; k < sizeof pads; k++) {
            uint8_t buf[4];
            memset(buf, pads[k], sizeof buf);
            memcpy(buf, p + i, len - i);
            if (wf_utf8_valid(buf, need))
                return true;
        }
        return false;
    }
    return false;
}

static bool lift_string(cx *c, uint32_t ptr, uint32_t len, comp_val *v)
{
    uint8_t *p;
    v->kind = T_STRING;
    if (c->enc == 1 || (c->enc == 2 && (len & MAX_STRING))) {
        uint32_t units = len & ~MAX_STRING;
        if (c->enc == 1 && (len & MAX_STRING))
            return trap(c, "%s", "string length out of range");
        if (!mem_range_k(c, ptr, (uint64_t)units * 2, 2, &p, R_STRING))
            return false;
        return lift_utf16(c, p, units, v);
    }
    if (!mem_range_k(c, ptr, len, c->enc == 2 ? 2 : 1, &p, R_STRING))
        return false;
    if (c->enc == 2) {
        uint8_t *o = xalloc(c, (size_t)len * 2 + 1);
        uint32_t n = 0;
        if (!o)
            return false;
        for (uint32_t i = 0; i < len; i++)
            n += (uint32_t)wf_utf8_put(o + n, p[i]);
        v->of.str.p = (const char *)o;
        v->of.str.len = n;
        return true;
    }
    if (!wf_utf8_valid(p, len))
        return trap(c, "%s", utf8_cut_short(p, len) ? "incomplete utf-8 byte sequence"
                                                    : "invalid utf-8");
    char *o = xalloc(c, (size_t)len + 1);
    if (!o)
        return false;
    memcpy(o, p, len);
    v->of.str.p = o;
    v->of.str.len = len;
    return true;
}

static bool lower_string(cx *c, const comp_val *v, uint32_t *ptr, uint32_t *len)
{
    const uint8_t *s = (const uint8_t *)v->of.str.p;
    uint32_t n = v->of.str.len, units = 0, i = 0;
    bool latin1 = true;
    uint8_t *p;
    if (c->enc == 0) {
        if (n >= MAX_STRING)
            return trap(c, "%s", "string too long");
        if (!call_realloc(c, 1, n, ptr) || !mem_range(c, *ptr, n, 1, &p))
            return false;
        memcpy(p, s, n);
        *len = n;
        return true;
    }
    while (i < n) {
        uint32_t cp = utf8_next(s, &i);
        units += cp >= 0x10000 ? 2 : 1;
        latin1 &= cp < 0x100;
    }
    if (units >= MAX_STRING)
        return trap(c, "%s", "string too long");
    if (c->enc == 2 && latin1) {
        if (!call_realloc(c, 2, units, ptr) || !mem_range(c, *ptr, units, 2, &p))
            return false;
        for (i = 0; i < n;)
            *p++ = (uint8_t)utf8_next(s, &i);
        *len = units;
        return true;
    }
    if (!call_realloc(c, 2, (uint64_t)units * 2, ptr) || !mem_range(c, *ptr, (uint64_t)units * 2, 2, &p))
        return false;
    for (i = 0; i < n;) {
        uint32_t cp = utf8_next(s, &i);
        if (cp >= 0x10000) {
            uint32_t hi = 0xd800 + ((cp - 0x10000) >> 10), lo = 0xdc00 + ((cp - 0x10000) & 0x3ff);
            p[0] = (uint8_t)hi; p[1] = (uint8_t)(hi >> 8); p[2] = (uint8_t)lo; p[3] = (uint8_t)(lo >> 8);
            p += 4;
        } else {
            p[0] = (uint8_t)cp; p[1] = (uint8_t)(cp >> 8);
            p += 2;
        }
    }
    *len = units | (c->enc == 2 ? MAX_STRING : 0);
    return true;
}

/* ---- handles in values ----------------------------------------------- */

static bool lift_handle(cx *c, const comp_type *t, uint32_t idx, comp_val *v)
{
    wf_trap *tr = NULL;
    comp_handle *h = comp_handle_get(c->inst, idx, t->ret->res, &tr);
    v->kind = t->kind;
    if (!h) {
        if (!c->trap)
            c->trap = tr;
        else
            wf_trap_free(tr);
        return false;
    }
    v->of.h.rep = h->rep;
    v->of.h.res = h->res;
    if (t->kind == T_OWN) {
        if (!h->own)
            return trap(c, "%s", "an own handle was expected, a borrow was given");
        if (h->lends)
            return trap(c, "%s", "cannot remove owned resource while borrowed");
        comp_handle_free_slot(c->inst, idx);
        return true;
    }
    if (h->own) {
        if (c->nlent == 64)
            return trap(c, "%s", "too many borrows in one call");
        h->lends++;
        c->lent[c->nlent++] = idx;
    }
    return true;
}

static bool lower_handle(cx *c, const comp_type *t, const comp_val *v, uint32_t *out)
{
    if ((v->kind != T_OWN && v->kind != T_BORROW) || v->of.h.res != t->ret->res)
        return trap(c, "%s", "handle of the wrong resource type");
    /* A borrow of a resource the receiving instance defines is its rep. */
    if (t->kind == T_BORROW && v->of.h.res->owner == c->inst) {
        *out = v->of.h.rep;
        return true;
    }
    if (t->kind == T_BORROW && c->nborrowed == 64)
        return trap(c, "%s", "too many borrows in one call");
    *out = comp_handle_new(c->inst, v->of.h.res, v->of.h.rep, t->kind == T_OWN);
    if (*out && t->kind == T_BORROW)
        c->borrowed[c->nborrowed++] = *out;
    return *out ? true : trap(c, "%s", "handle table full");
}

/* Streams, futures and error contexts move between tables by stream*.c's
 * hooks (a stream end is transferred, an error context shared). */
static bool lift_end(cx *c, const comp_type *t, uint32_t idx, comp_val *v)
{
    wf_trap *tr = stream_lift_handle(c->inst, t, idx, &v->of.end);
    v->kind = t->kind;
    if (tr) {
        if (!c->trap)
            c->trap = tr;
        else
            wf_trap_free(tr);
        return false;
    }
    return true;
}

static bool lower_end(cx *c, const comp_type *t, const comp_val *v, uint32_t *out)
{
    if (v->kind != t->kind)
        return trap(c, "%s", "value does not match its type");
    *out = stream_lower_handle(c->inst, t, v->of.end);
    return *out ? true : trap(c, "%s", "handle table full");
}

/* ---- memory: load and store ------------------------------------------ */

static uint64_t rd(const uint8_t *p, uint32_t n)
{
    uint64_t v = 0;
    for (uint32_t i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static void wr(uint8_t *p, uint64_t v, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static bool load(cx *c, const comp_type *t, uint32_t ptr, comp_val *v);
static bool store(cx *c, const comp_type *t, const comp_val *v, uint32_t ptr);

static bool scalar_from_bits(cx *c, const comp_type *t, uint64_t b, comp_val *v)
{
    v->kind = t->kind;
    switch (t->kind) {
    case T_BOOL: v->of.b = (uint32_t)b != 0; return true;
    case T_S8: v->of.s = (int8_t)b; return true;
    case T_U8: v->of.u = (uint8_t)b; return true;
    case T_S16: v->of.s = (int16_t)b; return true;
    case T_U16: v->of.u = (uint16_t)b; return true;
    case T_S32: v->of.s = (int32_t)b; return true;
    case T_U32: v->of.u = (uint32_t)b; return true;
    case T_S64: v->of.s = (int64_t)b; return true;
    case T_U64: v->of.u = b; return true;
    case T_F32: {
        uint32_t x = (uint32_t)b;
        if ((x & 0x7f800000) == 0x7f800000 && (x & 0x7fffff))
            x = 0x7fc00000;   /* canonical NaN */
        memcpy(&v->of.f32, &x, 4);
        return true;
    }
    case T_F64: {
        if ((b & 0x7ff0000000000000ull) == 0x7ff0000000000000ull && (b & 0xfffffffffffffull))
            b = 0x7ff8000000000000ull;
        memcpy(&v->of.f64, &b, 8);
        return true;
    }
    case T_CHAR: {
        uint32_t ch = (uint32_t)b;
        if (ch >= 0x110000 || (ch >= 0xd800 && ch < 0xe000))
            return trap(c, "%s", "invalid `char` bit pattern");
        v->of.ch = ch;
        return true;
    }
    }
    return trap(c, "%s", "bad scalar type");
}

static bool bits_from_scalar(cx *c, const comp_type *t, const comp_val *v, uint64_t *b)
{
    if (v->kind != t->kind)
        return trap(c, "%s", "value does not match its type");
    switch (t->kind) {
    case T_BOOL: *b = v->of.b; return true;
    case T_S8: case T_S16: case T_S32: case T_S64: *b = (uint64_t)v->of.s; return true;
    case T_U8: case T_U16: case T_U32: case T_U64: *b = v->of.u; return true;
    case T_F32: { uint32_t x; memcpy(&x, &v->of.f32, 4); *b = x; return true; }
    case T_F64: memcpy(b, &v->of.f64, 8); return true;
    case T_CHAR: *b = v->of.ch; return true;
    }
    return trap(c, "%s", "bad scalar type");
}

static bool load_list(cx *c, const comp_type *t, uint32_t ptr, uint32_t len, comp_val *v)
{
    const comp_type *e = t->t[0];
    uint32_t es = canon_size(e);
    uint8_t *p;
    v->kind = T_LIST;
    if (!mem_range_k(c, ptr, (uint64_t)len * es, canon_align(e), &p, R_LIST))
        return false;
    if (e->kind == T_U8 || e->kind == T_S8) {
        /* Byte lists stay bytes: one copy, no element values. */
        uint8_t *b = xalloc(c, len);
        if (!b || !mem_range(c, ptr, len, 1, &p))
            return false;
        memcpy(b, p, len);
        *v = comp_bytes_val(b, len);
        return true;
    }
    v->of.agg.n = len;
    v->of.agg.v = xalloc(c, (size_t)len * sizeof(comp_val));
    if (!v->of.agg.v)
        return false;
    for (uint32_t i = 0; i < len; i++)
        if (!load(c, e, ptr + i * es, &v->of.agg.v[i]))
            return false;
    return true;
}

static bool lower_list(cx *c, const comp_type *t, const comp_val *v, uint32_t *ptr, uint32_t *len)
{
    const comp_type *e = t->t[0];
    uint32_t es = canon_size(e);
    uint8_t *p;
    if (v->kind != T_LIST)
        return trap(c, "%s", "value does not match its type");
    if (v->bytes) {
        if (e->kind != T_U8 && e->kind != T_S8)
            return trap(c, "%s", "value does not match its type");
        if (!call_realloc(c, 1, v->of.bs.n, ptr) || !mem_range(c, *ptr, v->of.bs.n, 1, &p))
            return false;
        memcpy(p, v->of.bs.p, v->of.bs.n);
        *len = v->of.bs.n;
        return true;
    }
    if (!call_realloc(c, canon_align(e), (uint64_t)v->of.agg.n * es, ptr))
        return false;
    for (uint32_t i = 0; i < v->of.agg.n; i++)
        if (!store(c, e, &v->of.agg.v[i], *ptr + i * es))
            return false;
    *len = v->of.agg.n;
    return true;
}

/* Element i of a list value, whichever form it is held in. */
static bool list_elem(cx *c, const comp_type *e, const comp_val *v, uint32_t i, comp_val *out)
{
    if (!v->bytes) {
        *out = v->of.agg.v[i];
        return true;
    }
    if (e->kind != T_U8 && e->kind != T_S8)
        return trap(c, "%s", "value does not match its type");
    *out = (comp_val){ .kind = e->kind };
    if (e->kind == T_U8)
        out->of.u = v->of.bs.p[i];
    else
        out->of.s = (int8_t)v->of.bs.p[i];
    return true;
}

static uint32_t list_count(const comp_val *v)
{
    return v->bytes ? v->of.bs.n : v->of.agg.n;
}

/* A fixed-size list's elements one after another, in memory or flat. */
static bool store_fixed(cx *c, const comp_type *t, const comp_val *v, uint32_t ptr)
{
    uint32_t es = canon_size(t->t[0]);
    comp_val e;
    if (v->kind != T_LIST || list_count(v) != t->len)
        return trap(c, "%s", "value does not match its type");
    for (uint32_t i = 0; i < t->len; i++)
        if (!list_elem(c, t->t[0], v, i, &e) || !store(c, t->t[0], &e, ptr + i * es))
            return false;
    return true;
}

static bool load(cx *c, const comp_type *t, uint32_t ptr, comp_val *v)
{
    const comp_type *tmp[2];
    uint8_t *p;
    uint32_t size = canon_size(t);
    if (!mem_range(c, ptr, size, canon_align(t), &p))
        return false;
    switch (t->kind) {
    case T_STRING:
        return lift_string(c, (uint32_t)rd(p, 4), (uint32_t)rd(p + 4, 4), v);
    case T_LIST:
        return load_list(c, t, (uint32_t)rd(p, 4), (uint32_t)rd(p + 4, 4), v);
    case T_FIXLIST:
        return load_list(c, t, ptr, t->len, v);
    case T_OWN: case T_BORROW:
        return lift_handle(c, t, (uint32_t)rd(p, 4), v);
    case T_STREAM: case T_FUTURE: case T_ERRCTX:
        return lift_end(c, t, (uint32_t)rd(p, 4), v);
    case T_FLAGS:
        v->kind = T_FLAGS;
        v->of.flags = (uint32_t)rd(p, size) & (t->n == 32 ? 0xffffffffu : (1u << t->n) - 1);
        return true;
    case T_RECORD: case T_TUPLE: {
        uint32_t off = 0;
        v->kind = t->kind;
        v->of.agg.n = t->n;
        v->of.agg.v = xalloc(c, t->n * sizeof(comp_val));
        if (!v->of.agg.v)
            return false;
        for (uint32_t i = 0; i < t->n; i++) {
            off = align_to(off, canon_align(t->t[i]));
            if (!load(c, t->t[i], ptr + off, &v->of.agg.v[i]))
                return false;
            off += canon_size(t->t[i]);
        }
        return true;
    }
    case T_VARIANT: case T_ENUM: case T_OPTION: case T_RESULT: {
        uint32_t n = ncases(t), ds = disc_size(n), d = (uint32_t)rd(p, ds);
        cases_of(t, tmp);
        v->kind = t->kind;
        if (d >= n)
            return trap(c, "%s", "invalid variant discriminant");
        v->of.var.disc = d;
        v->of.var.payload = NULL;
        const comp_type *ct = CASE_AT(t, d, tmp);
        if (!ct)
            return true;
        v->of.var.payload = xalloc(c, sizeof(comp_val));
        return v->of.var.payload &&
               load(c, ct, ptr + align_to(ds, max_case_align(t)), v->of.var.payload);
    }
    default:
        return scalar_from_bits(c, t, rd(p, size), v);
    }
}

static bool store(cx *c, const comp_type *t, const comp_val *v, uint32_t ptr)
{
    const comp_type *tmp[2];
    uint8_t *p;
    uint32_t size = canon_size(t), a, b;
    uint64_t bits;
    if (!mem_range(c, ptr, size, canon_align(t), &p))
        return false;
    switch (t->kind) {
    case T_STRING:
        if (v->kind != T_STRING)
            return trap(c, "%s", "value does not match its type");
        if (!lower_string(c, v, &a, &b) || !mem_range(c, ptr, 8, 4, &p))
            return false;
        wr(p, a, 4);
        wr(p + 4, b, 4);
        return true;
    case T_LIST:
        if (!lower_list(c, t, v, &a, &b) || !mem_range(c, ptr, 8, 4, &p))
            return false;
        wr(p, a, 4);
        wr(p + 4, b, 4);
        return true;
    case T_OWN: case T_BORROW:
        if (!lower_handle(c, t, v, &a))
            return false;
        wr(p, a, 4);
        return true;
    case T_STREAM: case T_FUTURE: case T_ERRCTX:
        if (!lower_end(c, t, v, &a))
            return false;
        wr(p, a, 4);
        return true;
    case T_FIXLIST:
        return store_fixed(c, t, v, ptr);
    case T_FLAGS:
        if (v->kind != T_FLAGS)
            return trap(c, "%s", "value does not match its type");
        wr(p, v->of.flags, size);
        return true;
    case T_RECORD: case T_TUPLE: {
        uint32_t off = 0;
        if (v->kind != t->kind || v->of.agg.n != t->n)
            return trap(c, "%s", "value does not match its type");
        for (uint32_t i = 0; i < t->n; i++) {
            off = align_to(off, canon_align(t->t[i]));
            if (!store(c, t->t[i], &v->of.agg.v[i], ptr + off))
                return false;
            off += canon_size(t->t[i]);
        }
        return true;
    }
    case T_VARIANT: case T_ENUM: case T_OPTION: case T_RESULT: {
        uint32_t n = ncases(t), ds = disc_size(n), d = v->of.var.disc;
        cases_of(t, tmp);
        if (v->kind != t->kind || d >= n)
            return trap(c, "%s", "value does not match its type");
        wr(p, d, ds);
        const comp_type *ct = CASE_AT(t, d, tmp);
        if (!ct)
            return true;
        if (!v->of.var.payload)
            return trap(c, "%s", "value does not match its type");
        return store(c, ct, v->of.var.payload, ptr + align_to(ds, max_case_align(t)));
    }
    default:
        if (!bits_from_scalar(c, t, v, &bits))
            return false;
        wr(p, bits, size);
        return true;
    }
}

/* ---- flat values ------------------------------------------------------ */

/* Flat values as raw bits: i32 zero-extended, floats as their bits, so
 * the variant join coercions are truncation and zero-extension. */
typedef struct flat { uint64_t *v; uint32_t n, i; } flat;

static bool next(cx *c, flat *f, uint64_t *out)
{
    if (f->i >= f->n)
        return trap(c, "%s", "internal: flat values exhausted");
    *out = f->v[f->i++];
    return true;
}

static bool lift_flat(cx *c, const comp_type *t, flat *f, comp_val *v);

static bool lift_flat_variant(cx *c, const comp_type *t, flat *f, comp_val *v)
{
    const comp_type *tmp[2];
    uint8_t all[64];
    uint32_t total = canon_flatten(t, all, 64), n = ncases(t);
    uint64_t d;
    if (!next(c, f, &d))
        return false;
    cases_of(t, tmp);
    v->kind = t->kind;
    if ((uint32_t)d >= n)
        return trap(c, "%s", "invalid variant discriminant");
    v->of.var.disc = (uint32_t)d;
    v->of.var.payload = NULL;
    const comp_type *ct = CASE_AT(t, (uint32_t)d, tmp);
    uint32_t start = f->i;
    if (ct) {
        uint8_t want[64];
        uint32_t k = canon_flatten(ct, want, 64);
        uint64_t sub[64];
        for (uint32_t j = 0; j < k; j++) {
            sub[j] = f->v[start + j];
            if (want[j] == WF_I32 || want[j] == WF_F32)
                sub[j] &= 0xffffffffu;
        }
        flat sf = { sub, k, 0 };
        v->of.var.payload = xalloc(c, sizeof(comp_val));
        if (!v->of.var.payload || !lift_flat(c, ct, &sf, v->of.var.payload))
            return false;
    }
    f->i = start + total - 1;
    return true;
}

static bool lift_flat(cx *c, const comp_type *t, flat *f, comp_val *v)
{
    uint64_t a, b;
    switch (t->kind) {
    case T_STRING:
        return next(c, f, &a) && next(c, f, &b) && lift_string(c, (uint32_t)a, (uint32_t)b, v);
    case T_LIST:
        return next(c, f, &a) && next(c, f, &b) && load_list(c, t, (uint32_t)a, (uint32_t)b, v);
    case T_OWN: case T_BORROW:
        return next(c, f, &a) && lift_handle(c, t, (uint32_t)a, v);
    case T_STREAM: case T_FUTURE: case T_ERRCTX:
        return next(c, f, &a) && lift_end(c, t, (uint32_t)a, v);
    case T_FIXLIST:
        v->kind = T_LIST;
        v->of.agg.n = t->len;
        if (!(v->of.agg.v = xalloc(c, (size_t)t->len * sizeof(comp_val))))
            return false;
        for (uint32_t i = 0; i < t->len; i++)
            if (!lift_flat(c, t->t[0], f, &v->of.agg.v[i]))
                return false;
        return true;
    case T_FLAGS:
        if (!next(c, f, &a))
            return false;
        v->kind = T_FLAGS;
        v->of.flags = (uint32_t)a & (t->n == 32 ? 0xffffffffu : (1u << t->n) - 1);
        return true;
    case T_RECORD: case T_TUPLE:
        v->kind = t->kind;
        v->of.agg.n = t->n;
        v->of.agg.v = xalloc(c, t->n * sizeof(comp_val));
        if (!v->of.agg.v)
            return false;
        for (uint32_t i = 0; i < t->n; i++)
            if (!lift_flat(c, t->t[i], f, &v->of.agg.v[i]))
                return false;
        return true;
    case T_VARIANT: case T_ENUM: case T_OPTION: case T_RESULT:
        return lift_flat_variant(c, t, f, v);
    default:
        return next(c, f, &a) && scalar_from_bits(c, t, a, v);
    }
}

static bool put(cx *c, flat *f, uint64_t b)
{
    if (f->i >= f->n)
        return trap(c, "%s", "internal: too many flat values");
    f->v[f->i++] = b;
    return true;
}

static bool lower_flat(cx *c, const comp_type *t, const comp_val *v, flat *f)
{
    const comp_type *tmp[2];
    uint32_t a, b;
    uint64_t bits;
    switch (t->kind) {
    case T_STRING:
        if (v->kind != T_STRING)
            return trap(c, "%s", "value does not match its type");
        return lower_string(c, v, &a, &b) && put(c, f, a) && put(c, f, b);
    case T_LIST:
        return lower_list(c, t, v, &a, &b) && put(c, f, a) && put(c, f, b);
    case T_OWN: case T_BORROW:
        return lower_handle(c, t, v, &a) && put(c, f, a);
    case T_STREAM: case T_FUTURE: case T_ERRCTX:
        return lower_end(c, t, v, &a) && put(c, f, a);
    case T_FIXLIST: {
        comp_val e;
        if (v->kind != T_LIST || list_count(v) != t->len)
            return trap(c, "%s", "value does not match its type");
        for (uint32_t i = 0; i < t->len; i++)
            if (!list_elem(c, t->t[0], v, i, &e) || !lower_flat(c, t->t[0], &e, f))
                return false;
        return true;
    }
    case T_FLAGS:
        if (v->kind != T_FLAGS)
            return trap(c, "%s", "value does not match its type");
        return put(c, f, v->of.flags);
    case T_RECORD: case T_TUPLE:
        if (v->kind != t->kind || v->of.agg.n != t->n)
            return trap(c, "%s", "value does not match its type");
        for (uint32_t i = 0; i < t->n; i++)
            if (!lower_flat(c, t->t[i], &v->of.agg.v[i], f))
                return false;
        return true;
    case T_VARIANT: case T_ENUM: case T_OPTION: case T_RESULT: {
        uint8_t all[64];
        uint32_t total = canon_flatten(t, all, 64), d = v->of.var.disc;
        cases_of(t, tmp);
        if (v->kind != t->kind || d >= ncases(t))
            return trap(c, "%s", "value does not match its type");
        uint32_t start = f->i;
        if (!put(c, f, d))
            return false;
        const comp_type *ct = CASE_AT(t, d, tmp);
        if (ct && (!v->of.var.payload || !lower_flat(c, ct, v->of.var.payload, f)))
            return v->of.var.payload ? false : trap(c, "%s", "value does not match its type");
        while (f->i < start + total)
            if (!put(c, f, 0))
                return false;
        return true;
    }
    default:
        return bits_from_scalar(c, t, v, &bits) && put(c, f, bits);
    }
}

/* ---- wf_val <-> raw bits ---------------------------------------------- */

static uint64_t val_bits(const wf_val *v)
{
    switch (v->kind) {
    case WF_I32: return (uint32_t)v->of.i32;
    case WF_I64: return (uint64_t)v->of.i64;
    case WF_F32: return v->of.f32_bits;
    case WF_F64: return v->of.f64_bits;
    default: return 0;
    }
}

static wf_val bits_val(uint8_t kind, uint64_t b)
{
    wf_val v = { .kind = kind };
    switch (kind) {
    case WF_I32: v.of.i32 = (int32_t)(uint32_t)b; break;
    case WF_I64: v.of.i64 = (int64_t)b; break;
    case WF_F32: v.of.f32_bits = (uint32_t)b; break;
    case WF_F64: v.of.f64_bits = b; break;
    }
    return v;
}

static uint32_t flat_count(comp_type *const *ts, uint32_t n)
{
    uint8_t ignored[1];
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++)
        k += canon_flatten(ts[i], ignored, 0);
    return k;
}

/* The parameters as a tuple type (for params passed through memory). */
static comp_type params_tuple(const comp_type *ft)
{
    comp_type t = { .kind = T_TUPLE, .n = ft->n, .t = ft->t };
    return t;
}

/* ---- calls into lifted functions ------------------------------------- */

static void end_lends(cx *c)
{
    for (uint32_t i = 0; i < c->nlent; i++) {
        comp_handle *h = &c->inst->handles[c->lent[i]];
        if (h->res && h->lends)
            h->lends--;
    }
    c->nlent = 0;
}

static wf_trap *cx_trap(cx *c)
{
    return c->trap ? c->trap : comp_trap("canonical ABI error");
}

wf_trap *comp_func_call(comp_func *f, comp_host *host, wf_arena *a, const comp_val *args,
                        uint32_t nargs, comp_val *result)
{
    if (!f->type)
        return comp_trap("function has no type");
    if (f->host_fn) {
        comp_call call = { a, host };
        return f->host_fn(&call, f->env, args, nargs, result);
    }
    return async_host_call(f, a, args, nargs, result);
}

/* ---- canon lower: calls of host functions (guest callees: async_task.c) */

typedef struct lower_site {
    comp_func *callee;
    comp_inst *inst;
    cm_opts opts;
    wf_memory *mem;
    wf_func *realloc_;
    comp_host *host;
    uint32_t np;
} lower_site;

static wf_trap *lowered(wf_caller *caller, void *env, const wf_val *args, wf_val *results)
{
    lower_site *ls = env;
    const comp_type *ft = ls->callee->type;
    if (!ls->callee->host_fn && ls->callee->type)
        return async_lowered(ls->callee, ls->inst, &ls->opts, ls->mem, ls->realloc_, args, ls->np,
                             results);
    /* Unreachable with the WASI 0.2 host (its functions are not async-typed,
     * and `async` lowers need async-typed functions). */
    if (ls->opts.async_)
        return comp_trap("async lower of a host function is not supported");
    wf_arena arena = {0};
    cx c = { .mem = ls->mem, .realloc_ = ls->realloc_, .enc = ls->opts.encoding,
             .inst = ls->inst, .a = &arena };
    uint64_t bits[MAX_FLAT_PARAMS + 1];
    uint32_t nflat = flat_count(ft->t, ft->n);
    bool via_mem = nflat > MAX_FLAT_PARAMS, ret_mem = ft->ret && flat_count(&ft->ret, 1) > 1;
    comp_val *vals = wf_arena_alloc(&arena, (ft->n + 1) * sizeof *vals), result = {0};
    wf_trap *t = NULL;
    for (uint32_t i = 0; i < ls->np; i++)
        bits[i] = val_bits(&args[i]);
    if (!vals) {
        t = comp_trap("out of memory");
        goto out;
    }
    if (!ls->inst->may_leave) {
        t = comp_trap("cannot leave component instance");
        goto out;
    }
    if (via_mem) {
        comp_type tt = params_tuple(ft);
        comp_val tv;
        if (!load(&c, &tt, (uint32_t)bits[0], &tv))
            goto fail;
        memcpy(vals, tv.of.agg.v, ft->n * sizeof *vals);
    } else {
        flat fl = { bits, nflat, 0 };
        for (uint32_t i = 0; i < ft->n; i++)
            if (!lift_flat(&c, ft->t[i], &fl, &vals[i]))
                goto fail;
    }
    t = comp_func_call(ls->callee, ls->host, &arena, vals, ft->n, &result);
    end_lends(&c);
    if (t)
        goto out;
    if (ft->ret) {
        if (ret_mem) {
            if (!store(&c, ft->ret, &result, (uint32_t)bits[ls->np - 1]))
                goto fail;
        } else {
            uint64_t rb = 0;
            uint8_t rk;
            flat rf = { &rb, 1, 0 };
            canon_flatten(ft->ret, &rk, 1);
            if (!lower_flat(&c, ft->ret, &result, &rf))
                goto fail;
            results[0] = bits_val(rk, rb);
        }
    }
    goto out;
fail:
    end_lends(&c);
    t = cx_trap(&c);
out:
    if (t && c.trap && c.trap != t)
        wf_trap_free(c.trap);
    wf_arena_free(&arena);
    return t;
}

wf_func *canon_lower(wf_store *store, wf_arena *a, comp_host *host, comp_func *f,
                     comp_inst *inst, const cm_opts *opts, wf_memory *mem, wf_func *realloc_,
                     wf_error *err)
{
    if (!f->type || f->type->kind != T_FUNC) {
        wf_fail(err, WF_ERR_INVALID, 0, "canon lower of a function without a type");
        return NULL;
    }
    lower_site *ls = wf_arena_alloc(a, sizeof *ls);
    uint8_t ps[MAX_FLAT_PARAMS + 2], rs[2];
    uint32_t np, nr;
    if (!ls) {
        wf_fail(err, WF_ERR_LIMIT, 0, "out of memory");
        return NULL;
    }
    canon_core_type_opts(f->type, true, opts, ps, &np, rs, &nr);
    *ls = (lower_site){ f, inst, *opts, mem, realloc_, host, np };
    wf_functype ft = { np, nr, ps, rs };
    wf_func *cf = wf_func_new_host(store, &ft, lowered, ls, NULL);
    if (!cf)
        wf_fail(err, WF_ERR_LIMIT, 0, "out of memory");
    return cf;
}


bool comp_list_bytes(const comp_val *v, wf_arena *a, const uint8_t **p, uint32_t *n)
{
    if (v->kind != T_LIST)
        return false;
    if (v->bytes) {
        *p = v->of.bs.p;
        *n = v->of.bs.n;
        return true;
    }
    uint8_t *b = wf_arena_alloc(a, v->of.agg.n + 1);
    if (!b)
        return false;
    for (uint32_t i = 0; i < v->of.agg.n; i++) {
        if (v->of.agg.v[i].kind != T_U8 && v->of.agg.v[i].kind != T_S8)
            return false;
        b[i] = (uint8_t)v->of.agg.v[i].of.u;
    }
    *p = b;
    *n = v->of.agg.n;
    return true;
}

/* ---- option validation (CanonicalABI.md, canon lift/lower) -------------- */

/* Does a value of t live (partly) in linear memory? */
static bool has_memory_data(const comp_type *t)
{
    const comp_type *tmp[2];
    if (!t)
        return false;
    if (t->cached)
        return t->mem;
    switch (t->kind) {
    case T_STRING: case T_LIST: return true;
    case T_FIXLIST: return has_memory_data(t->t[0]);
    case T_RECORD: case T_TUPLE:
        for (uint32_t i = 0; i < t->n; i++)
            if (has_memory_data(t->t[i]))
                return true;
        return false;
    case T_VARIANT: case T_OPTION: case T_RESULT:
        cases_of(t, tmp);
        for (uint32_t i = 0; i < ncases(t); i++)
            if (has_memory_data(CASE_AT(t, i, tmp)))
                return true;
        return false;
    default: return false;
    }
}

static bool core_sig(wf_func *f, uint32_t np, const uint8_t *ps, uint32_t nr, const uint8_t *rs)
{
    const wf_functype *t = wf_func_type(f);
    return t->nparams == np && t->nresults == nr && (!np || !memcmp(t->params, ps, np)) &&
           (!nr || !memcmp(t->results, rs, nr));
}

bool canon_check_opts(const comp_type *ft, bool lift, const cm_opts *o, wf_func *realloc_,
                      wf_func *post, wf_error *err)
{
    static const uint8_t four[4] = { WF_I32, WF_I32, WF_I32, WF_I32 };
    bool params_mem = false, ret_mem = ft->ret && has_memory_data(ft->ret);
    uint8_t ignored[1];
    for (uint32_t i = 0; i < ft->n; i++)
        params_mem |= has_memory_data(ft->t[i]);
    /* The async ABI: a lift's result goes through task.return (up to 16
     * flat), a lower takes up to 4 flat parameters and a result pointer. */
    uint32_t pmax = o->async_ && !lift ? MAX_FLAT_ASYNC_PARAMS : MAX_FLAT_PARAMS;
    uint32_t rmax = !o->async_ ? MAX_FLAT_RESULTS : lift ? MAX_FLAT_PARAMS : 0;
    bool spill = flat_count(ft->t, ft->n) > pmax ||
                 (ft->ret && canon_flatten(ft->ret, ignored, 0) > rmax);
    /* Lifting receives params (callee allocates); lowering receives results. */
    bool needs_realloc = lift ? params_mem || flat_count(ft->t, ft->n) > MAX_FLAT_PARAMS
                              : ret_mem;
    if ((params_mem || ret_mem || spill) && !o->has_memory)
        return wf_fail(err, WF_ERR_INVALID, 0, "canonical option `memory` is required");
    if (needs_realloc && !o->has_realloc)
        return wf_fail(err, WF_ERR_INVALID, 0, "canonical option `realloc` is required");
    if (realloc_ && !core_sig(realloc_, 4, four, 1, four))
        return wf_fail(err, WF_ERR_INVALID, 0, "canonical option `realloc` has the wrong type");
    if (o->has_post && !lift)
        return wf_fail(err, WF_ERR_INVALID, 0, "canonical option `post-return` on a lower");
    if (post) {
        uint8_t ps[MAX_FLAT_PARAMS + 1], rs[2];
        uint32_t np, nr;
        canon_core_type(ft, false, ps, &np, rs, &nr);
        if (!core_sig(post, nr, rs, 0, NULL))
            return wf_fail(err, WF_ERR_INVALID, 0, "canonical option `post-return` has the wrong type");
    }
    return true;
}

bool canon_cache(comp_type *t, const char **why)
{
    const comp_type *tmp[2];
    uint32_t depth = 0, n = t->kind == T_OPTION || t->kind == T_RESULT ? 2 : t->n;
    uint64_t size = 0;
    if (t->kind == T_OWN || t->kind == T_BORROW || t->kind == T_STREAM ||
        t->kind == T_FUTURE || !t->t)
        n = 0;
    cases_of(t, tmp);
    for (uint32_t i = 0; i < n; i++) {
        const comp_type *c = t->kind == T_OPTION || t->kind == T_RESULT ? tmp[i] : t->t[i];
        if (c && c->depth > depth)
            depth = c->depth;
        if (c && (c->kind == T_BORROW || (c->cached && c->borrow)))
            t->borrow = true;
        /* An upper bound of the size in 64 bits, so that compute_size's
         * 32-bit arithmetic is safe: a record's parts add up (with their
         * padding), a variant's cases do not (one of them, a
         * discriminant and padding). */
        uint64_t part = c ? (uint64_t)canon_size(c) + canon_align(c) - 1 : 0;
        if (t->kind == T_RECORD || t->kind == T_TUPLE)
            size += part;
        else if (part + 8 > size)
            size = part + 8;
    }
    if (t->kind == T_FIXLIST)
        size = (uint64_t)canon_size(t->t[0]) * t->len;
    else if (t->kind == T_LIST || t->kind == T_MAP || t->kind == T_STREAM ||
             t->kind == T_FUTURE)
        size = 8;
    if (depth + 1 > COMP_MAX_TYPE_DEPTH) {
        *why = "type nesting too deep";
        return false;
    }
    /* Validation holds element sizes under 2^28 (a map's key and value
     * each); this only keeps the arithmetic in range. */
    if (size >= (1u << 31)) {
        *why = "type too large";
        return false;
    }
    t->depth = (uint16_t)(depth + 1);
    t->align = compute_align(t);
    t->size = compute_size(t);
    t->mem = has_memory_data(t);
    if (t->kind == T_STREAM || t->kind == T_FUTURE)
        t->mem = t->borrow = false;   /* an i32 handle */
    uint8_t ignored[1];
    t->nflat = canon_flatten(t, ignored, 0);
    t->cached = true;
    return true;
}

/* ---- flat values for the async ABI's trampolines (canon_cx.h) ---------- */

uint32_t canon_flat_count(comp_type *const *ts, uint32_t n) { return flat_count(ts, n); }
uint64_t canon_val_bits(const wf_val *v) { return val_bits(v); }
wf_val canon_bits_val(uint8_t kind, uint64_t b) { return bits_val(kind, b); }
void canon_end_lends(cx *c) { end_lends(c); }
wf_trap *canon_cx_trap(cx *c) { return cx_trap(c); }

bool canon_lower_values(cx *c, comp_type *const *ts, uint32_t n, const comp_val *vals,
                        uint32_t max, int64_t out_ptr, wf_val *out, uint32_t *nout)
{
    comp_type tt = { .kind = T_TUPLE, .n = n, .t = (comp_type **)ts };
    comp_val tv = { .kind = T_TUPLE, .of.agg = { (comp_val *)vals, n } };
    *nout = 0;
    if (out_ptr >= 0 || flat_count(ts, n) > max) {
        uint32_t ptr = (uint32_t)out_ptr;
        if (n == 1 && out_ptr >= 0)
            return store(c, ts[0], &vals[0], ptr);
        if (out_ptr < 0) {
            if (!call_realloc(c, canon_align(&tt), canon_size(&tt), &ptr))
                return false;
            out[(*nout)++] = bits_val(WF_I32, ptr);
        }
        return store(c, &tt, &tv, ptr);
    }
    uint64_t bits[MAX_FLAT_PARAMS];
    uint8_t kinds[MAX_FLAT_PARAMS];
    flat fl = { bits, MAX_FLAT_PARAMS, 0 };
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (!lower_flat(c, ts[i], &vals[i], &fl))
            return false;
        k += canon_flatten(ts[i], kinds + k, MAX_FLAT_PARAMS - k);
    }
    for (uint32_t i = 0; i < fl.i; i++)
        out[i] = bits_val(kinds[i], bits[i]);
    *nout = fl.i;
    return true;
}

bool canon_lift_values(cx *c, comp_type *const *ts, uint32_t n, const uint64_t *bits,
                       uint32_t nbits, uint32_t max, comp_val *out)
{
    if (flat_count(ts, n) > max) {
        comp_type tt = { .kind = T_TUPLE, .n = n, .t = (comp_type **)ts };
        comp_val tv;
        if (!nbits || !load(c, &tt, (uint32_t)bits[0], &tv))
            return nbits ? false : trap(c, "%s", "missing pointer");
        if (n)
            memcpy(out, tv.of.agg.v, n * sizeof *out);
        return true;
    }
    flat fl = { (uint64_t *)bits, nbits, 0 };
    for (uint32_t i = 0; i < n; i++)
        if (!lift_flat(c, ts[i], &fl, &out[i]))
            return false;
    return true;
}

/* ---- element copies for streams and futures (stream.c) ----------------- */

wf_trap *canon_load_vals(comp_inst *inst, wf_memory *mem, uint8_t enc, const comp_type *t,
                         uint32_t ptr, uint32_t n, wf_arena *a, comp_val *out)
{
    cx c = { .mem = mem, .enc = enc, .inst = inst, .a = a, .fused = true };
    uint32_t size = canon_size(t);
    for (uint32_t i = 0; i < n; i++)
        if (!load(&c, t, ptr + i * size, &out[i]))
            return cx_trap(&c);
    return NULL;
}

wf_trap *canon_store_vals(comp_inst *inst, wf_memory *mem, wf_func *realloc_, uint8_t enc,
                          const comp_type *t, const comp_val *vs, uint32_t n, uint32_t ptr,
                          wf_arena *a)
{
    cx c = { .mem = mem, .realloc_ = realloc_, .enc = enc, .inst = inst, .a = a, .fused = true };
    uint32_t size = canon_size(t);
    for (uint32_t i = 0; i < n; i++)
        if (!store(&c, t, &vs[i], ptr + i * size))
            return cx_trap(&c);
    return NULL;
}

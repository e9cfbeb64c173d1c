/* comp_api.c — component instances for scripts (`weft wast`): instantiate,
 * call an export with values written as a script writes them (comp_sval,
 * untyped), and compare its results with expected values structurally.
 * The values are checked against the export's component types here, so
 * the script runner never sees the internal type or value model. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "comp_int.h"

/* From inst.c and wave.c (no internal header declares them). */
typedef struct comp_root comp_root;
comp_root *comp_instantiate(const comp_component *c, comp_host *host, wf_error *err);
void comp_root_free(comp_root *r);
comp_inst *comp_root_exports(comp_root *r);
void comp_val_print(FILE *out, const comp_type *t, const comp_val *v);

struct comp_instance {
    comp_root *root;
    comp_host *host;
};

struct comp_outcome {
    wf_arena arena;        /* arguments and results */
    const comp_type *ret;  /* NULL: no result */
    comp_val result;
    wf_trap *trap;
};

comp_instance *comp_instance_new(const comp_component *c, comp_host *host, wf_error *err)
{
    comp_instance *ci = calloc(1, sizeof *ci);
    if (!ci) {
        wf_fail(err, WF_ERR_LIMIT, 0, "out of memory");
        return NULL;
    }
    ci->host = host;
    ci->root = comp_instantiate(c, host, err);
    if (!ci->root) {
        free(ci);
        return NULL;
    }
    return ci;
}

void comp_instance_free(comp_instance *ci)
{
    if (!ci)
        return;
    comp_root_free(ci->root);
    free(ci);
}

/* ---- script values to component values -------------------------------- */

typedef struct conv {
    wf_arena *a;
    char *buf;
    size_t cap;
    const char *why;
} conv;

static bool cfail(conv *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool cfail(conv *c, const char *fmt, ...)
{
    if (c->why)
        return false;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->buf, c->cap, fmt, ap);
    va_end(ap);
    c->why = c->buf;
    return false;
}

static const char *type_name(uint8_t k)
{
    switch (k) {
    case T_BOOL: return "bool";
    case T_S8: return "s8";
    case T_U8: return "u8";
    case T_S16: return "s16";
    case T_U16: return "u16";
    case T_S32: return "s32";
    case T_U32: return "u32";
    case T_S64: return "s64";
    case T_U64: return "u64";
    case T_F32: return "f32";
    case T_F64: return "f64";
    case T_CHAR: return "char";
    case T_STRING: return "string";
    case T_LIST: case T_FIXLIST: return "list";
    case T_RECORD: return "record";
    case T_TUPLE: return "tuple";
    case T_VARIANT: return "variant";
    case T_ENUM: return "enum";
    case T_FLAGS: return "flags";
    case T_OPTION: return "option";
    case T_RESULT: return "result";
    case T_OWN: return "own";
    case T_BORROW: return "borrow";
    }
    return "?";
}

/* The type kind a script value form belongs to. */
/* A fixed-size list is written and compared as a list. */
static uint8_t kind_of(const comp_type *t)
{
    return t->kind == T_FIXLIST ? T_LIST : t->kind;
}

static uint8_t sval_type(uint8_t kind)
{
    static const uint8_t k[] = {
        [CSV_BOOL] = T_BOOL, [CSV_S8] = T_S8, [CSV_U8] = T_U8, [CSV_S16] = T_S16,
        [CSV_U16] = T_U16, [CSV_S32] = T_S32, [CSV_U32] = T_U32, [CSV_S64] = T_S64,
        [CSV_U64] = T_U64, [CSV_F32] = T_F32, [CSV_F64] = T_F64, [CSV_CHAR] = T_CHAR,
        [CSV_STRING] = T_STRING, [CSV_LIST] = T_LIST, [CSV_RECORD] = T_RECORD,
        [CSV_TUPLE] = T_TUPLE, [CSV_VARIANT] = T_VARIANT, [CSV_ENUM] = T_ENUM,
        [CSV_FLAGS] = T_FLAGS, [CSV_NONE] = T_OPTION, [CSV_SOME] = T_OPTION,
        [CSV_OK] = T_RESULT, [CSV_ERR] = T_RESULT,
    };
    return kind < sizeof k ? k[kind] : 0;
}

/* Index of label s among n labels, or n. */
static uint32_t label_index(const char *const *labels, uint32_t n, const char *s, size_t len)
{
    for (uint32_t i = 0; i < n; i++)
        if (strlen(labels[i]) == len && !memcmp(labels[i], s, len))
            return i;
    return n;
}

static bool to_val(conv *c, const comp_sval *sv, const comp_type *t, comp_val *v, int depth);

static bool payload_val(conv *c, const comp_sval *sv, const comp_type *pt, comp_val *v, int depth)
{
    if (!pt != !sv->n)
        return cfail(c, "%s: payload %s", type_name(v->kind), pt ? "missing" : "not expected");
    if (!pt)
        return true;
    v->of.var.payload = wf_arena_alloc(c->a, sizeof(comp_val));
    if (!v->of.var.payload)
        return cfail(c, "out of memory");
    return to_val(c, &sv->v[0], pt, v->of.var.payload, depth + 1);
}

static bool agg_vals(conv *c, const comp_sval *sv, comp_type *const *types, bool same,
                     comp_val *v, int depth)
{
    v->of.agg.n = sv->n;
    v->of.agg.v = wf_arena_alloc(c->a, (sv->n + 1) * sizeof(comp_val));
    if (!v->of.agg.v)
        return cfail(c, "out of memory");
    for (uint32_t i = 0; i < sv->n; i++)
        if (!to_val(c, &sv->v[i], same ? types[0] : types[i], &v->of.agg.v[i], depth + 1))
            return false;
    return true;
}

static bool case_val(conv *c, const comp_sval *sv, const comp_type *t, comp_val *v, int depth)
{
    if (t->kind == T_OPTION) {
        v->of.var.disc = sv->kind == CSV_SOME;
        return payload_val(c, sv, v->of.var.disc ? t->t[0] : NULL, v, depth);
    }
    if (t->kind == T_RESULT) {
        v->of.var.disc = sv->kind == CSV_ERR;
        return payload_val(c, sv, t->t[v->of.var.disc], v, depth);
    }
    uint32_t i = label_index(t->labels, t->n, sv->s, sv->len);
    if (i == t->n)
        return cfail(c, "%s has no case \"%.*s\"", type_name(t->kind), (int)sv->len, sv->s);
    v->of.var.disc = i;
    return t->kind == T_ENUM || payload_val(c, sv, t->t[i], v, depth);
}

static bool int_fits(uint8_t k, uint64_t b)
{
    switch (k) {
    case T_S8: return (int64_t)b >= INT8_MIN && (int64_t)b <= INT8_MAX;
    case T_U8: return b <= UINT8_MAX;
    case T_S16: return (int64_t)b >= INT16_MIN && (int64_t)b <= INT16_MAX;
    case T_U16: return b <= UINT16_MAX;
    case T_S32: return (int64_t)b >= INT32_MIN && (int64_t)b <= INT32_MAX;
    case T_U32: return b <= UINT32_MAX;
    }
    return true;
}

static bool to_val(conv *c, const comp_sval *sv, const comp_type *t, comp_val *v, int depth)
{
    memset(v, 0, sizeof *v);
    if (depth > COMP_MAX_TYPE_DEPTH)
        return cfail(c, "value nested too deeply");
    if (sval_type(sv->kind) != kind_of(t))
        return cfail(c, "expected a %s value", type_name(t->kind));
    v->kind = kind_of(t);
    switch (t->kind) {
    case T_BOOL: v->of.b = sv->bits != 0; return true;
    case T_S8: case T_S16: case T_S32: case T_S64: case T_U8: case T_U16: case T_U32: case T_U64:
        if (!int_fits(t->kind, sv->bits))
            return cfail(c, "%s out of range", type_name(t->kind));
        v->of.u = sv->bits;
        return true;
    case T_F32: {
        uint32_t b = (uint32_t)sv->bits;
        memcpy(&v->of.f32, &b, 4);
        return true;
    }
    case T_F64: memcpy(&v->of.f64, &sv->bits, 8); return true;
    case T_CHAR: v->of.ch = (uint32_t)sv->bits; return true;
    case T_STRING:
        if (sv->len > UINT32_MAX)
            return cfail(c, "string too long");
        v->of.str.p = sv->s;
        v->of.str.len = (uint32_t)sv->len;
        return true;
    case T_LIST: return agg_vals(c, sv, t->t, true, v, depth);
    case T_FIXLIST:
        if (sv->n != t->len)
            return cfail(c, "list of %u values, expected %u", sv->n, t->len);
        return agg_vals(c, sv, t->t, true, v, depth);
    case T_TUPLE:
        if (sv->n != t->n)
            return cfail(c, "tuple of %u values, expected %u", sv->n, t->n);
        return agg_vals(c, sv, t->t, false, v, depth);
    case T_RECORD:
        if (sv->n != t->n)
            return cfail(c, "record of %u fields, expected %u", sv->n, t->n);
        for (uint32_t i = 0; i < t->n; i++)
            if (strcmp(sv->names[i], t->labels[i]))
                return cfail(c, "record field \"%s\", expected \"%s\"", sv->names[i], t->labels[i]);
        return agg_vals(c, sv, t->t, false, v, depth);
    case T_FLAGS:
        for (uint32_t i = 0; i < sv->n; i++) {
            uint32_t f = label_index(t->labels, t->n, sv->names[i], strlen(sv->names[i]));
            if (f == t->n || f >= 32)
                return cfail(c, "flags have no flag \"%s\"", sv->names[i]);
            v->of.flags |= 1u << f;
        }
        return true;
    case T_VARIANT: case T_ENUM: case T_OPTION: case T_RESULT:
        return case_val(c, sv, t, v, depth);
    }
    return cfail(c, "values of type %s cannot be written in a script", type_name(t->kind));
}

/* ---- calling ------------------------------------------------------------ */

comp_outcome *comp_instance_call(comp_instance *ci, const char *name, const comp_sval *args,
                                 uint32_t nargs, char *buf, size_t bufsize, const char **why)
{
    comp_item *it = comp_inst_find(comp_root_exports(ci->root), name);
    if (!it || it->sort != S_FUNC || !((comp_func *)it->p)->type) {
        snprintf(buf, bufsize, "no exported function \"%s\"", name);
        *why = buf;
        return NULL;
    }
    comp_func *f = it->p;
    const comp_type *ft = f->type;
    if (nargs != ft->n) {
        snprintf(buf, bufsize, "\"%s\" takes %u arguments, given %u", name, ft->n, nargs);
        *why = buf;
        return NULL;
    }
    comp_outcome *o = calloc(1, sizeof *o);
    comp_val *vals = o ? wf_arena_alloc(&o->arena, (nargs + 1) * sizeof *vals) : NULL;
    if (!vals) {
        comp_outcome_free(o);
        *why = "out of memory";
        return NULL;
    }
    conv c = { &o->arena, buf, bufsize, NULL };
    char sub[200];
    for (uint32_t i = 0; i < nargs; i++) {
        if (!to_val(&c, &args[i], ft->t[i], &vals[i], 0)) {
            /* Say which argument, keeping the reason. */
            snprintf(sub, sizeof sub, "%s", c.why);
            snprintf(buf, bufsize, "argument %u of \"%s\": %s", i + 1, name, sub);
            *why = buf;
            comp_outcome_free(o);
            return NULL;
        }
    }
    o->ret = ft->ret;
    o->trap = comp_func_call(f, ci->host, &o->arena, vals, nargs, &o->result);
    return o;
}

const wf_trap *comp_outcome_trap(const comp_outcome *o) { return o->trap; }

void comp_outcome_free(comp_outcome *o)
{
    if (!o)
        return;
    wf_trap_free(o->trap);
    wf_arena_free(&o->arena);
    free(o);
}

void comp_outcome_print(const comp_outcome *o, FILE *out)
{
    if (o->ret && !o->trap)
        comp_val_print(out, o->ret, &o->result);
}

/* ---- comparing results ---------------------------------------------------- */

static bool float_eq(const comp_sval *w, uint64_t got, bool f32)
{
    bool got_nan = f32 ? ((got >> 23 & 0xff) == 0xff && (got & 0x7fffff))
                       : ((got >> 52 & 0x7ff) == 0x7ff && (got & 0xfffffffffffffull));
    if (w->nan == CSV_NAN_ANY)
        return got_nan;
    return got == w->bits;
}

static bool equal(conv *c, const comp_sval *w, const comp_type *t, const comp_val *v, int depth);

static bool elems_equal(conv *c, const comp_sval *w, const comp_type *t, const comp_val *v,
                        int depth)
{
    if ((t->kind == T_LIST || t->kind == T_FIXLIST) && v->bytes) {
        if (w->n != v->of.bs.n)
            return cfail(c, "list of %u elements, expected %u", v->of.bs.n, w->n);
        for (uint32_t i = 0; i < w->n; i++) {
            comp_val e = { .kind = t->t[0]->kind };
            e.of.u = t->t[0]->kind == T_S8 ? (uint64_t)(int64_t)(int8_t)v->of.bs.p[i] : v->of.bs.p[i];
            if (!equal(c, &w->v[i], t->t[0], &e, depth + 1))
                return false;
        }
        return true;
    }
    if (w->n != v->of.agg.n)
        return cfail(c, "%s of %u elements, expected %u", type_name(t->kind), v->of.agg.n, w->n);
    for (uint32_t i = 0; i < w->n; i++)
        if (!equal(c, &w->v[i], t->kind == T_LIST || t->kind == T_FIXLIST ? t->t[0] : t->t[i],
                   &v->of.agg.v[i], depth + 1))
            return false;
    return true;
}

static bool case_equal(conv *c, const comp_sval *w, const comp_type *t, const comp_val *v,
                       int depth)
{
    uint32_t disc;
    if (t->kind == T_OPTION || t->kind == T_RESULT) {
        disc = w->kind == CSV_SOME || w->kind == CSV_ERR;
    } else {
        disc = label_index(t->labels, t->n, w->s, w->len);
        if (disc == t->n)
            return cfail(c, "%s has no case \"%.*s\"", type_name(t->kind), (int)w->len, w->s);
    }
    if (v->of.var.disc != disc)
        return cfail(c, "a different %s case", type_name(t->kind));
    const comp_type *pt = t->kind == T_VARIANT ? t->t[disc] : t->kind == T_ENUM ? NULL :
                          t->kind == T_OPTION ? (disc ? t->t[0] : NULL) : t->t[disc];
    if (!pt != !w->n)
        return cfail(c, "%s payload %s", type_name(t->kind), pt ? "missing" : "not expected");
    return !pt || equal(c, &w->v[0], pt, v->of.var.payload, depth + 1);
}

static bool equal(conv *c, const comp_sval *w, const comp_type *t, const comp_val *v, int depth)
{
    if (depth > COMP_MAX_TYPE_DEPTH)
        return cfail(c, "value nested too deeply");
    if (sval_type(w->kind) != kind_of(t))
        return cfail(c, "result is a %s, expected a %s", type_name(t->kind),
                     type_name(sval_type(w->kind)));
    switch (t->kind) {
    case T_BOOL: return v->of.b == (w->bits != 0) || cfail(c, "a different bool");
    case T_S8: case T_S16: case T_S32: case T_S64: case T_U8: case T_U16: case T_U32: case T_U64:
        return v->of.u == w->bits || cfail(c, "a different %s", type_name(t->kind));
    case T_F32: {
        uint32_t b;
        memcpy(&b, &v->of.f32, 4);
        return float_eq(w, b, true) || cfail(c, "a different f32");
    }
    case T_F64: {
        uint64_t b;
        memcpy(&b, &v->of.f64, 8);
        return float_eq(w, b, false) || cfail(c, "a different f64");
    }
    case T_CHAR: return v->of.ch == w->bits || cfail(c, "a different char");
    case T_STRING:
        return (v->of.str.len == w->len && !memcmp(v->of.str.p, w->s, w->len)) ||
               cfail(c, "a different string");
    case T_LIST: case T_FIXLIST: case T_TUPLE: case T_RECORD:
        if (t->kind == T_RECORD)
            for (uint32_t i = 0; i < t->n && i < w->n; i++)
                if (strcmp(w->names[i], t->labels[i]))
                    return cfail(c, "record field \"%s\", expected \"%s\"", t->labels[i],
                                 w->names[i]);
        return elems_equal(c, w, t, v, depth);
    case T_FLAGS: {
        uint32_t bits = 0;
        for (uint32_t i = 0; i < w->n; i++) {
            uint32_t f = label_index(t->labels, t->n, w->names[i], strlen(w->names[i]));
            if (f == t->n || f >= 32)
                return cfail(c, "flags have no flag \"%s\"", w->names[i]);
            bits |= 1u << f;
        }
        return v->of.flags == bits || cfail(c, "different flags");
    }
    case T_VARIANT: case T_ENUM: case T_OPTION: case T_RESULT:
        return case_equal(c, w, t, v, depth);
    }
    return cfail(c, "results of type %s cannot be compared", type_name(t->kind));
}

bool comp_outcome_matches(const comp_outcome *o, const comp_sval *want, uint32_t nwant,
                          char *buf, size_t bufsize, const char **why)
{
    uint32_t ngot = o->ret ? 1 : 0;
    if (nwant != ngot) {
        snprintf(buf, bufsize, "%u results, expected %u", ngot, nwant);
        *why = buf;
        return false;
    }
    conv c = { NULL, buf, bufsize, NULL };
    if (ngot && !equal(&c, want, o->ret, &o->result, 0)) {
        *why = c.why;
        return false;
    }
    return true;
}

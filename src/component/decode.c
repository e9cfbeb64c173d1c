/* decode.c — the component binary format (Binary.md): sections decoded into
 * a flat list of definitions in order. Core modules are decoded, validated
 * and compiled here by wf_module_new; everything else is checked for form
 * (opcodes, lengths, UTF-8 names) here, then validated as a whole by
 * comp_validate (valid.c) before comp_component_new returns. */
#include <stdlib.h>
#include <string.h>
#include "comp_int.h"

#define MAX_DEPTH 32
#define MAX_COUNT 1000000u

typedef struct dec {
    wf_reader r;
    comp_component *c;
    wf_error *err;
    int depth;
    size_t base;           /* offset of r.base in the whole input */
} dec;

static bool fail(dec *d, const char *msg)
{
    return wf_fail(d->err, WF_ERR_MALFORMED, d->base + wf_reader_offset(&d->r), "%s", msg);
}

static void *alloc(dec *d, size_t n)
{
    return wf_arena_alloc(&d->c->arena, n ? n : 1);
}

static bool byte(dec *d, uint8_t *out)
{
    *out = 0;
    if (d->r.p >= d->r.end)
        return fail(d, "unexpected end");
    *out = *d->r.p++;
    return true;
}

static bool u32(dec *d, uint32_t *out)
{
    const char *why = NULL;
    *out = 0;
    if (!wf_read_u32(&d->r, out, &why))
        return fail(d, why ? why : "bad integer");
    return true;
}

static bool count(dec *d, uint32_t *n)
{
    if (!u32(d, n))
        return false;
    /* Every element takes at least one byte. */
    if (*n > MAX_COUNT || *n > (size_t)(d->r.end - d->r.p))
        return fail(d, "count too large");
    return true;
}

static bool name(dec *d, const char **out)
{
    uint32_t n;
    if (!u32(d, &n))
        return false;
    if (n > (size_t)(d->r.end - d->r.p))
        return fail(d, "unexpected end");
    if (!wf_utf8_valid(d->r.p, n))
        return fail(d, "malformed UTF-8 encoding");
    char *s = alloc(d, (size_t)n + 1);
    if (!s)
        return fail(d, "out of memory");
    memcpy(s, d->r.p, n);
    d->r.p += n;
    *out = s;
    return true;
}

/* nameattributes: 0x00/0x01 name, or 0x02 name with attributes: 0x00
 * (implements "ns:pkg/iface", kept in *impl for validation), 0x01
 * version suffix, 0x02 external-id (both ignored), each at most once. */
static bool extern_name(dec *d, const char **out, const char **impl)
{
    uint8_t k;
    *impl = NULL;
    if (!byte(d, &k) || !name(d, out))
        return false;
    if (k <= 1)
        return true;
    if (k != 2)
        return fail(d, "bad name attribute kind");
    uint32_t n;
    uint8_t seen = 0;
    if (!count(d, &n))
        return false;
    for (uint32_t i = 0; i < n; i++) {
        const char *val;
        if (!byte(d, &k))
            return false;
        if (k > 2)
            return fail(d, "bad attribute");
        if (seen & (1u << k))
            return fail(d, "duplicate attribute");
        seen |= (uint8_t)(1u << k);
        if (!name(d, &val))
            return false;
        if (k == 0)
            *impl = val;
    }
    return true;
}

static bool sort(dec *d, uint16_t *out)
{
    uint8_t s, cs;
    if (!byte(d, &s))
        return false;
    if (s == 0) {
        if (!byte(d, &cs))
            return false;
        if (cs > 4 && (cs < 0x10 || cs > 0x12))
            return fail(d, "bad core sort");
        *out = (uint16_t)(S_CORE | cs);
        return true;
    }
    if (s > 5)
        return fail(d, "bad sort");
    *out = s;
    return true;
}

static bool sortidx(dec *d, cm_sortidx *si)
{
    return sort(d, &si->sort) && u32(d, &si->idx);
}

static bool core_sortidx(dec *d, cm_sortidx *si)
{
    uint8_t cs;
    if (!byte(d, &cs))
        return false;
    if (cs > 4 && (cs < 0x10 || cs > 0x12))
        return fail(d, "bad core sort");
    si->sort = (uint16_t)(S_CORE | cs);
    return u32(d, &si->idx);
}

/* ---- types ------------------------------------------------------------ */

static bool valtype(dec *d, uint32_t *out)
{
    if (d->r.p >= d->r.end)
        return fail(d, "unexpected end");
    uint8_t b = *d->r.p;
    if ((b >= T_STRING && b <= T_BOOL) || b == T_ERRCTX) {
        d->r.p++;
        *out = VT_PRIM | b;
        return true;
    }
    /* Type indices are non-negative s33; small ones fit the u32 reader. */
    if (b & 0x40 && !(b & 0x80))
        return fail(d, "bad value type");
    return u32(d, out);
}

static bool opt_valtype(dec *d, uint32_t *out)
{
    uint8_t f;
    if (!byte(d, &f))
        return false;
    if (f == 0) {
        *out = VT_NONE;
        return true;
    }
    if (f != 1)
        return fail(d, "bad optional type flag");
    return valtype(d, out);
}

/* Labels are kebab-case: words of [a-z0-9] or of [A-Z0-9], each starting
 * with a letter, joined by single '-'. */
static bool kebab(const char *s)
{
    if (!*s)
        return false;
    while (*s) {
        bool lower = *s >= 'a' && *s <= 'z', upper = *s >= 'A' && *s <= 'Z';
        if (!lower && !upper)
            return false;
        for (; *s && *s != '-'; s++) {
            bool digit = *s >= '0' && *s <= '9';
            if (!digit && (lower ? !(*s >= 'a' && *s <= 'z') : !(*s >= 'A' && *s <= 'Z')))
                return false;
        }
        if (*s == '-' && !*++s)
            return false;
    }
    return true;
}

static bool same_label(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if ((*a | 0x20) != (*b | 0x20))
            return false;
    return *a == *b;
}

static bool check_labels(dec *d, const cm_type *t)
{
    for (uint32_t i = 0; i < t->n; i++) {
        if (!kebab(t->labels[i]))
            return fail(d, *t->labels[i] ? "label is not in kebab case" : "label cannot be empty");
        for (uint32_t j = 0; j < i; j++)
            if (same_label(t->labels[i], t->labels[j]))
                return fail(d, "label conflicts with a previous label");
    }
    return true;
}

static bool labels_types(dec *d, cm_type *t, bool with_types, bool cases)
{
    if (!count(d, &t->n))
        return false;
    t->labels = alloc(d, sizeof *t->labels * t->n);
    t->types = alloc(d, sizeof *t->types * t->n);
    if (!t->labels || !t->types)
        return fail(d, "out of memory");
    for (uint32_t i = 0; i < t->n; i++) {
        t->types[i] = VT_NONE;
        if (!name(d, &t->labels[i]))
            return false;
        if (cases) {
            uint8_t z;
            if (!opt_valtype(d, &t->types[i]) || !byte(d, &z))
                return false;
            if (z != 0)
                return fail(d, "bad variant case refinement");
        } else if (with_types && !valtype(d, &t->types[i])) {
            return false;
        }
    }
    return check_labels(d, t);
}

static bool decls(dec *d, cm_type *t, bool component);

static bool core_valtype(dec *d, uint8_t *vt)
{
    if (!byte(d, vt))
        return false;
    if (*vt != WF_I32 && *vt != WF_I64 && *vt != WF_F32 && *vt != WF_F64 &&
        *vt != WF_V128 && *vt != WF_FUNCREF && *vt != WF_EXTERNREF)
        return fail(d, "bad core value type");
    return true;
}

static bool core_limits(dec *d, wf_limits *l)
{
    uint8_t f;
    uint32_t x;
    if (!byte(d, &f))
        return false;
    if (f & ~0x07)
        return fail(d, "bad limits flags");
    l->shared = f & 2;
    l->is64 = f & 4;
    if (!u32(d, &x))
        return false;
    l->min = x;
    l->has_max = f & 1;
    if (l->has_max) {
        if (!u32(d, &x))
            return false;
        l->max = x;
    }
    return true;
}

/* A core extern type in a module type: func/tag (type index), table,
 * memory or global. */
static bool core_externtype(dec *d, cm_coredecl *c)
{
    uint8_t b;
    if (!byte(d, &c->ext))
        return false;
    switch (c->ext) {
    case 0:
        return u32(d, &c->idx);
    case 1:
        return core_valtype(d, &c->elem) && core_limits(d, &c->lim);
    case 2:
        return core_limits(d, &c->lim);
    case 3:
        if (!core_valtype(d, &c->elem) || !byte(d, &b))
            return false;
        if (b > 1)
            return fail(d, "bad global mutability");
        c->mut = b;
        return true;
    case 4:
        if (!byte(d, &b) || b != 0)
            return fail(d, "bad tag type");
        return u32(d, &c->idx);
    }
    return fail(d, "bad core extern type");
}

static bool core_type(dec *d, cm_type *t);

static bool module_decl(dec *d, cm_coredecl *c)
{
    if (!byte(d, &c->kind))
        return false;
    switch (c->kind) {
    case 0:
        return name(d, &c->module) && name(d, &c->name) && core_externtype(d, c);
    case 1:
        c->type = alloc(d, sizeof *c->type);
        if (!c->type)
            return fail(d, "out of memory");
        if (!core_type(d, c->type))
            return false;
        if (c->type->kind == T_CORE_MODULE)
            return fail(d, "module type in a module type");
        return true;
    case 2: {
        uint8_t s, k;
        if (!byte(d, &s) || !byte(d, &k) || !u32(d, &c->alias.inst) || !u32(d, &c->alias.idx))
            return false;
        if (s != 0x10 || k != 1)
            return fail(d, "bad outer alias in a module type");
        c->alias.sort = S_CORE_TYPE;
        c->alias.kind = 2;
        return true;
    }
    case 3:
        return name(d, &c->name) && core_externtype(d, c);
    }
    return fail(d, "bad module type declaration");
}

static bool core_type(dec *d, cm_type *t)
{
    uint8_t k;
    if (!byte(d, &k))
        return false;
    t->kind = k;
    if (k == T_CORE_FUNC) {
        uint32_t np, nr;
        if (!count(d, &np))
            return false;
        uint8_t *p = alloc(d, np + 1);
        if (!p)
            return fail(d, "out of memory");
        for (uint32_t i = 0; i < np; i++)
            if (!core_valtype(d, &p[i]))
                return false;
        if (!count(d, &nr))
            return false;
        t->core = alloc(d, (size_t)np + nr + 1);
        if (!t->core)
            return fail(d, "out of memory");
        memcpy(t->core, p, np);
        for (uint32_t i = 0; i < nr; i++)
            if (!core_valtype(d, &t->core[np + i]))
                return false;
        t->n = np;
        t->ncr = nr;
        return true;
    }
    if (k != T_CORE_MODULE)
        return fail(d, "unsupported core type");
    if (!count(d, &t->n))
        return false;
    t->cdecls = alloc(d, sizeof *t->cdecls * t->n);
    if (!t->cdecls)
        return fail(d, "out of memory");
    for (uint32_t i = 0; i < t->n; i++)
        if (!module_decl(d, &t->cdecls[i]))
            return false;
    return true;
}

static bool externdesc(dec *d, cm_externdesc *e)
{
    uint8_t k;
    if (!byte(d, &k))
        return false;
    e->kind = k;
    switch (k) {
    case 0:
        if (!byte(d, &k))
            return false;
        if (k != 0x11)
            return fail(d, "bad core module extern type");
        return u32(d, &e->idx);
    case 1: case 4: case 5:
        return u32(d, &e->idx);
    case 2:
        return fail(d, "value imports and exports are not supported");
    case 3:
        if (!byte(d, &k))
            return false;
        if (k == 1) {
            e->sub_resource = true;
            return true;
        }
        if (k != 0)
            return fail(d, "bad type bound");
        return u32(d, &e->idx);
    }
    return fail(d, "bad extern type");
}

static bool alias_body(dec *d, cm_alias *a)
{
    uint8_t k;
    if (!sort(d, &a->sort) || !byte(d, &k))
        return false;
    a->kind = k;
    switch (k) {
    case 0: case 1:
        return u32(d, &a->inst) && name(d, &a->name);
    case 2:
        if (!u32(d, &a->inst) || !u32(d, &a->idx))
            return false;
        if (a->sort != S_CORE_MODULE && a->sort != S_CORE_TYPE && a->sort != S_TYPE &&
            a->sort != S_COMPONENT)
            return fail(d, "bad outer alias sort");
        return true;
    }
    return fail(d, "bad alias kind");
}

static bool deftype(dec *d, cm_type **out);

static bool deftype_value(dec *d, cm_type *t, uint8_t k)
{
    switch (k) {
    case T_RECORD:
        if (!labels_types(d, t, true, false))
            return false;
        return t->n ? true : fail(d, "record with no fields");
    case T_VARIANT:
        if (!labels_types(d, t, false, true))
            return false;
        return t->n ? true : fail(d, "variant with no cases");
    case T_FLAGS: case T_ENUM:
        if (!labels_types(d, t, false, false))
            return false;
        if (!t->n || (k == T_FLAGS && t->n > 32))
            return fail(d, k == T_FLAGS ? "flags must have 1 to 32 labels" : "enum with no cases");
        return true;
    case T_LIST: case T_OPTION:
        t->n = 1;
        t->types = alloc(d, sizeof *t->types);
        return t->types ? valtype(d, &t->types[0]) : fail(d, "out of memory");
    case T_TUPLE: {
        if (!count(d, &t->n))
            return false;
        if (!t->n)
            return fail(d, "tuple with no types");
        t->types = alloc(d, sizeof *t->types * t->n);
        if (!t->types)
            return fail(d, "out of memory");
        for (uint32_t i = 0; i < t->n; i++)
            if (!valtype(d, &t->types[i]))
                return false;
        return true;
    }
    case T_RESULT:
        t->n = 2;
        t->types = alloc(d, sizeof *t->types * 2);
        return t->types ? opt_valtype(d, &t->types[0]) && opt_valtype(d, &t->types[1])
                        : fail(d, "out of memory");
    case T_OWN: case T_BORROW:
        return u32(d, &t->ret);
    case T_MAP:
        t->n = 2;
        t->types = alloc(d, sizeof *t->types * 2);
        return t->types ? valtype(d, &t->types[0]) && valtype(d, &t->types[1])
                        : fail(d, "out of memory");
    case T_FIXLIST:
        t->n = 1;
        t->types = alloc(d, sizeof *t->types);
        return t->types ? valtype(d, &t->types[0]) && u32(d, &t->ret) : fail(d, "out of memory");
    case T_STREAM: case T_FUTURE:
        t->n = 1;
        t->types = alloc(d, sizeof *t->types);
        return t->types ? opt_valtype(d, &t->types[0]) : fail(d, "out of memory");
    }
    return fail(d, "unsupported type");
}

static bool deftype(dec *d, cm_type **out)
{
    cm_type *t = alloc(d, sizeof *t);
    uint8_t k;
    if (!t)
        return fail(d, "out of memory");
    *out = t;
    if (d->r.p >= d->r.end)
        return fail(d, "unexpected end");
    k = *d->r.p;
    t->kind = k;
    t->ret = VT_NONE;
    if ((k >= T_STRING && k <= T_BOOL) || k == T_ERRCTX) {
        d->r.p++;
        return true;
    }
    d->r.p++;
    if (k == T_FUNC_ASYNC) {
        t->kind = k = T_FUNC;
        t->async_ = true;
    }
    switch (k) {
    case T_FUNC: {
        uint8_t rk;
        if (!labels_types(d, t, true, false) || !byte(d, &rk))
            return false;
        if (rk == 0)
            return valtype(d, &t->ret);
        if (rk != 1 || !byte(d, &rk) || rk != 0)
            return fail(d, "bad result list");
        return true;
    }
    case T_COMPONENT: case T_INSTANCE:
        return decls(d, t, k == T_COMPONENT);
    case T_RESOURCE: {
        uint8_t f;
        if (!byte(d, &t->rep) || t->rep != WF_I32)
            return fail(d, "resource representation must be i32");
        if (!byte(d, &f) || f > 1)
            return f > 1 ? fail(d, "bad destructor flag") : false;
        t->has_dtor = f;
        return !f || u32(d, &t->dtor);
    }
    }
    return deftype_value(d, t, k);
}

static bool decls(dec *d, cm_type *t, bool component)
{
    if (++d->depth > MAX_DEPTH)
        return fail(d, "types nested too deeply");
    if (!count(d, &t->n))
        return false;
    t->decls = alloc(d, sizeof *t->decls * t->n);
    if (!t->decls)
        return fail(d, "out of memory");
    for (uint32_t i = 0; i < t->n; i++) {
        cm_decl *dc = &t->decls[i];
        uint8_t k;
        if (!byte(d, &k))
            return false;
        dc->kind = k;
        bool ok;
        switch (k) {
        case 0:
            dc->type = alloc(d, sizeof *dc->type);
            ok = dc->type ? core_type(d, dc->type) : fail(d, "out of memory");
            break;
        case 1: ok = deftype(d, &dc->type); break;
        case 2: ok = alias_body(d, &dc->alias); break;
        case 3:
            if (!component)
                return fail(d, "import in an instance type");
            ok = extern_name(d, &dc->name, &dc->impl) && externdesc(d, &dc->desc);
            break;
        case 4: ok = extern_name(d, &dc->name, &dc->impl) && externdesc(d, &dc->desc); break;
        default: return fail(d, "bad type declaration");
        }
        if (!ok)
            return false;
        if (k == 1 && dc->type->kind == T_RESOURCE)
            return fail(d, "resource type in a component or instance type");
    }
    d->depth--;
    return true;
}

/* ---- sections --------------------------------------------------------- */

static cm_def *new_def(dec *d, uint8_t kind, size_t *cap)
{
    comp_component *c = d->c;
    if (c->ndefs == *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        cm_def *nd = wf_realloc(c->defs, nc * sizeof *nd);
        if (!nd) {
            fail(d, "out of memory");
            return NULL;
        }
        c->defs = nd;
        *cap = nc;
    }
    cm_def *df = &c->defs[c->ndefs++];
    memset(df, 0, sizeof *df);
    df->kind = kind;
    df->offset = d->base + wf_reader_offset(&d->r);
    return df;
}

static bool opts(dec *d, cm_opts *o)
{
    uint32_t n;
    bool seen_enc = false;
    if (!count(d, &n))
        return false;
    for (uint32_t i = 0; i < n; i++) {
        uint8_t k;
        if (!byte(d, &k))
            return false;
        switch (k) {
        case 0: case 1: case 2:
            if (seen_enc)
                return fail(d, "duplicate string encoding option");
            seen_enc = true;
            o->encoding = k;
            break;
        case 3:
            if (o->has_memory)
                return fail(d, "duplicate memory option");
            o->has_memory = true;
            if (!u32(d, &o->memory))
                return false;
            break;
        case 4:
            if (o->has_realloc)
                return fail(d, "duplicate realloc option");
            o->has_realloc = true;
            if (!u32(d, &o->realloc))
                return false;
            break;
        case 5:
            if (o->has_post)
                return fail(d, "duplicate post-return option");
            o->has_post = true;
            if (!u32(d, &o->post))
                return false;
            break;
        case 6:
            if (o->async_)
                return fail(d, "duplicate async option");
            o->async_ = true;
            break;
        case 7:
            if (o->has_callback)
                return fail(d, "duplicate callback option");
            o->has_callback = true;
            if (!u32(d, &o->callback))
                return false;
            break;
        default:
            return fail(d, "unsupported canonical option");
        }
    }
    return true;
}

/* A 0x00/0x01 flag byte (async?, cancel?). */
static bool flag(dec *d, bool *out)
{
    uint8_t b;
    if (!byte(d, &b))
        return false;
    if (b > 1)
        return fail(d, "bad flag byte");
    *out = b;
    return true;
}

/* The async built-ins (0x05..0x2d): their immediates. */
static bool canon_async(dec *d, cm_def *df, uint8_t op)
{
    uint8_t b;
    switch (op) {
    case C_TASK_CANCEL: case C_SUBTASK_DROP: case C_ERR_DROP: case C_WSET_NEW:
    case C_WSET_DROP: case C_WAITABLE_JOIN: case C_BP_INC: case C_BP_DEC:
    case C_THREAD_INDEX: case C_THREAD_RESUME_LATER:
        return true;
    case C_TASK_RETURN:
        if (!byte(d, &b))
            return false;
        df->u.canon.type = VT_NONE;
        if (b == 0 && !valtype(d, &df->u.canon.type))
            return false;
        if (b == 1 && (!byte(d, &b) || b != 0))
            return fail(d, "bad result list");
        if (b > 1)
            return fail(d, "bad result list");
        return opts(d, &df->u.canon.opts);
    case C_CONTEXT_GET: case C_CONTEXT_SET:
        if (!byte(d, &b))
            return false;
        if (b != WF_I32)
            return fail(d, "context.get/set type must be i32");
        return u32(d, &df->u.canon.idx);
    case C_SUBTASK_CANCEL: case C_THREAD_SUSPEND: case C_THREAD_YIELD:
    case C_THREAD_SUSPEND_RESUME: case C_THREAD_YIELD_RESUME:
    case C_THREAD_SUSPEND_PROMOTE: case C_THREAD_YIELD_PROMOTE:
        return flag(d, &df->u.canon.flag);
    case C_STREAM_NEW: case C_STREAM_DROP_R: case C_STREAM_DROP_W:
    case C_FUTURE_NEW: case C_FUTURE_DROP_R: case C_FUTURE_DROP_W:
        return u32(d, &df->u.canon.type);
    case C_STREAM_READ: case C_STREAM_WRITE: case C_FUTURE_READ: case C_FUTURE_WRITE:
        return u32(d, &df->u.canon.type) && opts(d, &df->u.canon.opts);
    case C_STREAM_CANCEL_R: case C_STREAM_CANCEL_W: case C_FUTURE_CANCEL_R:
    case C_FUTURE_CANCEL_W:
        return u32(d, &df->u.canon.type) && flag(d, &df->u.canon.flag);
    case C_ERR_NEW: case C_ERR_DEBUG:
        return opts(d, &df->u.canon.opts);
    case C_WSET_WAIT: case C_WSET_POLL:
        return flag(d, &df->u.canon.flag) && u32(d, &df->u.canon.opts.memory) &&
               (df->u.canon.opts.has_memory = true);
    case C_THREAD_NEW_INDIRECT:
        return u32(d, &df->u.canon.type) && u32(d, &df->u.canon.idx);
    }
    return fail(d, "unsupported canonical function (shared-everything threads are not supported)");
}

static bool canon(dec *d, cm_def *df)
{
    uint8_t op, z;
    if (!byte(d, &op))
        return false;
    df->u.canon.op = op;
    switch (op) {
    case C_LIFT:
        if (!byte(d, &z) || z != 0)
            return fail(d, "bad canon lift");
        return u32(d, &df->u.canon.func) && opts(d, &df->u.canon.opts) &&
               u32(d, &df->u.canon.type);
    case C_LOWER:
        if (!byte(d, &z) || z != 0)
            return fail(d, "bad canon lower");
        return u32(d, &df->u.canon.func) && opts(d, &df->u.canon.opts);
    case C_RES_NEW: case C_RES_DROP: case C_RES_REP:
        return u32(d, &df->u.canon.type);
    }
    return canon_async(d, df, op);
}

static bool instance_expr(dec *d, cm_def *df, bool core)
{
    uint8_t k;
    if (!byte(d, &k))
        return false;
    if (k > 1)
        return fail(d, "bad instance expression");
    df->u.inst.inline_ = k == 1;
    if (k == 0 && !u32(d, &df->u.inst.of))
        return false;
    if (!count(d, &df->u.inst.n))
        return false;
    cm_arg *args = alloc(d, sizeof *args * df->u.inst.n);
    if (!args)
        return fail(d, "out of memory");
    df->u.inst.args = args;
    for (uint32_t i = 0; i < df->u.inst.n; i++) {
        if (core && k == 0) {
            uint8_t s;
            if (!name(d, &args[i].name) || !byte(d, &s))
                return false;
            if (s != 0x12)
                return fail(d, "core instantiate argument must be an instance");
            args[i].si.sort = S_CORE_INSTANCE;
            if (!u32(d, &args[i].si.idx))
                return false;
        } else if (core) {
            if (!name(d, &args[i].name) || !core_sortidx(d, &args[i].si))
                return false;
        } else {
            bool ok = k == 0 ? name(d, &args[i].name) : extern_name(d, &args[i].name, &args[i].impl);
            if (!ok || !sortidx(d, &args[i].si))
                return false;
        }
    }
    return true;
}

static bool vec_section(dec *d, uint8_t id, size_t *cap)
{
    static const uint8_t kinds[] = {
        [2] = D_CORE_INSTANCE, [3] = D_CORE_TYPE, [5] = D_INSTANCE, [6] = D_ALIAS,
        [7] = D_TYPE, [8] = D_CANON, [10] = D_IMPORT, [11] = D_EXPORT,
    };
    uint32_t n;
    if (!count(d, &n))
        return false;
    for (uint32_t i = 0; i < n; i++) {
        cm_def *df = new_def(d, kinds[id], cap);
        if (!df)
            return false;
        bool ok;
        switch (id) {
        case 2: ok = instance_expr(d, df, true); break;
        case 3:
            df->u.type = alloc(d, sizeof *df->u.type);
            ok = df->u.type ? core_type(d, df->u.type) : fail(d, "out of memory");
            break;
        case 5: ok = instance_expr(d, df, false); break;
        case 6: ok = alias_body(d, &df->u.alias); break;
        case 7: ok = deftype(d, &df->u.type); break;
        case 8: ok = canon(d, df); break;
        case 10: ok = extern_name(d, &df->u.import.name, &df->u.import.impl) &&
                       externdesc(d, &df->u.import.desc); break;
        default: {
            uint8_t has = 0;
            ok = extern_name(d, &df->u.export_.name, &df->u.export_.impl) && sortidx(d, &df->u.export_.si) &&
                 byte(d, &has);
            if (ok && has > 1)
                ok = fail(d, "bad export type flag");
            df->u.export_.has_desc = has == 1;
            if (ok && has == 1)
                ok = externdesc(d, &df->u.export_.desc);
        }
        }
        if (!ok)
            return false;
    }
    return true;
}

static bool section(dec *d, uint8_t id, const uint8_t *end, size_t *cap)
{
    cm_def *df;
    switch (id) {
    case 0: {
        const char *ignored;
        if (!name(d, &ignored))
            return false;
        d->r.p = end;
        return true;
    }
    case 1: {
        wf_error sub = {0};
        if (!(df = new_def(d, D_CORE_MODULE, cap)))
            return false;
        df->u.module = wf_module_new(d->r.p, (size_t)(end - d->r.p), &sub);
        if (!df->u.module) {
            d->c->ndefs--;
            return wf_fail(d->err, sub.kind, d->base + wf_reader_offset(&d->r) + sub.offset,
                           "core module: %s", sub.msg);
        }
        d->r.p = end;
        return true;
    }
    case 4: {
        if (d->depth + 1 > MAX_DEPTH)
            return fail(d, "components nested too deeply");
        if (!(df = new_def(d, D_COMPONENT, cap)))
            return false;
        comp_component *sub = calloc(1, sizeof *sub);
        if (!sub)
            return fail(d, "out of memory");
        sub->sibling = d->c->children;
        d->c->children = sub;
        df->u.component = sub;
        size_t len = (size_t)(end - d->r.p);
        if (len < 8 || memcmp(d->r.p, "\0asm\x0d\0\x01\0", 8))
            return fail(d, "nested component: bad preamble");
        size_t off = d->base + wf_reader_offset(&d->r);
        if (!comp_decode(sub, d->r.p + 8, len - 8, d->depth + 1, d->err)) {
            d->err->offset += off + 8;
            return false;
        }
        d->r.p = end;
        return true;
    }
    case 9:
        return fail(d, "start definitions (values) are not supported");
    case 12:
        return fail(d, "value definitions are not supported");
    case 2: case 3: case 5: case 6: case 7: case 8: case 10: case 11:
        return vec_section(d, id, cap);
    }
    return fail(d, "malformed section id");
}

bool comp_decode(comp_component *c, const uint8_t *bytes, size_t len, int depth, wf_error *err)
{
    dec d = { .r = { bytes, bytes, bytes + len }, .c = c, .err = err, .depth = depth };
    size_t cap = 0;
    while (d.r.p < d.r.end) {
        uint8_t id;
        uint32_t size;
        if (!byte(&d, &id) || !u32(&d, &size))
            return false;
        if (size > (size_t)(d.r.end - d.r.p))
            return fail(&d, "section size mismatch: unexpected end");
        const uint8_t *end = d.r.p + size;
        wf_reader saved = d.r;
        d.r.end = end;
        if (!section(&d, id, end, &cap))
            return false;
        if (d.r.p != end)
            return fail(&d, "section size mismatch");
        d.r.end = saved.end;
    }
    return true;
}

bool comp_is_component(const uint8_t *bytes, size_t len)
{
    return len >= 8 && !memcmp(bytes, "\0asm", 4) && bytes[6] == 1 && bytes[7] == 0;
}

static void free_one(comp_component *c)
{
    for (uint32_t i = 0; i < c->ndefs; i++)
        if (c->defs[i].kind == D_CORE_MODULE)
            wf_module_free(c->defs[i].u.module);
    free(c->defs);
    wf_arena_free(&c->arena);
}

void comp_component_free(comp_component *c)
{
    if (!c)
        return;
    comp_component *n = c->children;
    while (n) {
        comp_component *next = n->sibling;
        comp_component_free(n);
        n = next;
    }
    free_one(c);
    free(c);
}

comp_component *comp_component_new(const uint8_t *bytes, size_t len, wf_error *err)
{
    if (!comp_is_component(bytes, len)) {
        wf_fail(err, WF_ERR_MALFORMED, 0, "not a component");
        return NULL;
    }
    if (bytes[4] != 0x0d || bytes[5] != 0) {
        wf_fail(err, WF_ERR_MALFORMED, 4, "unsupported component version");
        return NULL;
    }
    comp_component *c = calloc(1, sizeof *c);
    if (!c) {
        wf_fail(err, WF_ERR_LIMIT, 0, "out of memory");
        return NULL;
    }
    if (!comp_decode(c, bytes + 8, len - 8, 0, err)) {
        err->offset += 8;
        comp_component_free(c);
        return NULL;
    }
    if (!comp_validate(c, err)) {
        comp_component_free(c);
        return NULL;
    }
    return c;
}

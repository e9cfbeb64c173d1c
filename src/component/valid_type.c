/* valid_type.c — the validator's types: vty nodes made from decoded type
 * definitions, resource substitution, subtyping and flattening. */
#include <string.h>
#include "valid.h"

static vty prims[0x80];

vty *vt_prim(uint8_t code)
{
    vty *t = &prims[code & 0x7f];
    t->kind = code;
    t->mem = code == T_STRING;
    t->flat = code == T_STRING ? 2 : 1;
    /* Sizes for the element-size limit are taken with 64-bit pointers
     * (elem_size(t, i64), CanonicalABI.md), the stricter of the two. */
    t->bytes = code == T_STRING ? 16 : code >= T_U16 && code <= T_BOOL ? (code >= T_U8 ? 1 : 2)
               : code == T_S64 || code == T_U64 || code == T_F64 ? 8 : 4;
    t->align = code == T_STRING ? 8 : (uint32_t)t->bytes;
    return t;
}

static bool is_value(const vty *t)
{
    uint8_t k = t->kind;
    return (k >= T_ERRCTX && k <= T_BOOL && k != 0x6c) || k == T_MAP || k == T_FIXLIST;
}

bool vt_valtype(vctx *v, vscope *s, uint32_t vt, vty **out)
{
    if (vt & VT_PRIM) {
        *out = vt_prim((uint8_t)(vt & 0xff));
        return true;
    }
    if (!vget(v, s, VS_TYPE, vt, out))
        return false;
    if (!is_value(*out))
        return vfail(v, "type index %u is not a defined type", vt);
    return true;
}

/* Depth, flattened size, and the flags a value type inherits from parts. */
static bool inherit(vctx *v, vty *t, vty *part)
{
    if (!part)
        return true;
    t->res |= part->res;
    t->dep |= part->dep;
    t->borrow |= part->borrow;
    t->mem |= part->mem;
    if (part->depth + 1 > t->depth)
        t->depth = part->depth + 1;
    if (t->depth > COMP_MAX_TYPE_DEPTH)
        return vfail(v, "type nesting too deep");
    return true;
}

static uint64_t sat_add(uint64_t a, uint64_t b) { return a + b < a || a + b > (1ull << 40) ? 1ull << 40 : a + b; }

/* A value's bytes in linear memory, saturating; used for the element-size
 * limit (elem_size < 2^28, CanonicalABI.md). */
static uint64_t bytes_of(const vty *t);

static uint64_t align_up(uint64_t x, uint64_t a) { return (x + a - 1) / a * a; }

static uint32_t align_of(const vty *t)
{
    switch (t->kind) {
    case T_BOOL: case T_S8: case T_U8: return 1;
    case T_S16: case T_U16: return 2;
    case T_S64: case T_U64: case T_F64: return 8;
    case T_RECORD: case T_TUPLE: case T_VARIANT: case T_OPTION: case T_RESULT: case T_FIXLIST: {
        uint32_t a = t->kind == T_VARIANT || t->kind == T_OPTION || t->kind == T_RESULT
                     ? (t->n <= 256 ? 1 : t->n <= 65536 ? 2 : 4) : 1;
        for (uint32_t i = 0; i < t->n; i++)
            if (t->t[i] && t->t[i]->align > a)
                a = t->t[i]->align;
        return a;
    }
    case T_FLAGS: return t->n <= 8 ? 1 : t->n <= 16 ? 2 : 4;
    case T_ENUM: return t->n <= 256 ? 1 : t->n <= 65536 ? 2 : 4;
    }
    return 4;
}

static uint64_t bytes_of(const vty *t)
{
    uint64_t s = 0;
    switch (t->kind) {
    case T_RECORD: case T_TUPLE:
        for (uint32_t i = 0; i < t->n; i++)
            s = sat_add(align_up(s, t->t[i]->align), t->t[i]->bytes);
        return align_up(s, align_of(t));
    case T_VARIANT: case T_OPTION: case T_RESULT: {
        uint64_t m = 0;
        for (uint32_t i = 0; i < t->n; i++)
            if (t->t[i] && t->t[i]->bytes > m)
                m = t->t[i]->bytes;
        uint32_t d = t->kind == T_VARIANT ? (t->n <= 256 ? 1 : t->n <= 65536 ? 2 : 4) : 1;
        return align_up(sat_add(align_up(d, align_of(t)), m), align_of(t));
    }
    case T_FIXLIST: {
        uint64_t e = t->t[0]->bytes, n = t->lim.min;
        return e && n > (1ull << 40) / e ? 1ull << 40 : e * n;
    }
    case T_FLAGS: return t->n <= 8 ? 1 : t->n <= 16 ? 2 : 4;
    case T_ENUM: return t->n <= 256 ? 1 : t->n <= 65536 ? 2 : 4;
    case T_BOOL: case T_S8: case T_U8: return 1;
    case T_S16: case T_U16: return 2;
    case T_S64: case T_U64: case T_F64: return 8;
    case T_STRING: case T_LIST: case T_MAP: return 16;
    }
    return 4;
}

static bool value_parts(vctx *v, vscope *s, const cm_type *d, vty *t)
{
    uint32_t n = d->n;
    if (d->kind == T_OPTION || d->kind == T_LIST || d->kind == T_FIXLIST)
        n = 1;
    else if (d->kind == T_RESULT || d->kind == T_MAP)
        n = 2;
    else if (d->kind == T_STREAM || d->kind == T_FUTURE)
        n = 1;
    t->n = n;
    t->labels = d->labels;
    t->t = valloc(v, sizeof *t->t * (n ? n : 1));
    if (!t->t)
        return false;
    for (uint32_t i = 0; i < n; i++) {
        if (d->types[i] == VT_NONE)
            continue;
        if (!vt_valtype(v, s, d->types[i], &t->t[i]) || !inherit(v, t, t->t[i]))
            return false;
    }
    /* Handles and futures/streams are i32 in memory; lists are (ptr, len). */
    if (d->kind == T_LIST || d->kind == T_MAP) {
        t->mem = true;
        t->flat = 2;
        t->bytes = 16;
        t->align = 8;
        /* (a map's key and value are each limited, as separate lists) */
        if (t->t[0]->bytes >= (1u << 28) || (d->kind == T_MAP && t->t[1]->bytes >= (1u << 28)))
            return vfail(v, "type too large: element size exceeds maximum byte size");
        return true;
    }
    if (d->kind == T_STREAM && t->t[0] && t->t[0]->kind == T_CHAR)
        return vfail(v, "`stream<char>` is not valid at this time");
    if (d->kind == T_STREAM || d->kind == T_FUTURE) {
        /* The value is an i32 handle: its element's memory needs are the
         * copy built-ins' concern, not the function's. */
        if (t->t[0] && (t->t[0]->borrow || t->t[0]->kind == T_BORROW))
            return vfail(v, "borrow handles cannot be sent through streams or futures");
        t->mem = t->borrow = false;
        t->flat = 1;
        t->bytes = t->align = 4;
        return true;
    }
    if (d->kind == T_FIXLIST) {
        t->lim.min = d->ret;
        if (!d->ret)
            return vfail(v, "fixed-size list length must be at least 1");
        t->flat = t->t[0]->flat * (uint64_t)d->ret;
        t->align = t->t[0]->align;
        if ((t->bytes = bytes_of(t)) >= (1u << 28))
            return vfail(v, "type too large: fixed-size list exceeds maximum byte size");
        return true;
    }
    uint64_t flat = 0;
    for (uint32_t i = 0; i < n; i++)
        if (t->t[i])
            flat = d->kind == T_RECORD || d->kind == T_TUPLE ? sat_add(flat, t->t[i]->flat)
                   : (t->t[i]->flat > flat ? t->t[i]->flat : flat);
    if (d->kind == T_VARIANT || d->kind == T_OPTION || d->kind == T_RESULT)
        flat = sat_add(flat, 1);
    else if (d->kind == T_FLAGS || d->kind == T_ENUM)
        flat = 1;
    t->flat = flat;
    t->align = align_of(t);
    if ((t->bytes = bytes_of(t)) >= (1u << 28))
        return vfail(v, "type too large: exceeds maximum byte size");
    return true;
}

static bool func_type(vctx *v, vscope *s, const cm_type *d, vty *t)
{
    t->n = d->n;
    t->labels = d->labels;
    t->async_ = d->async_;
    t->t = valloc(v, sizeof *t->t * (d->n ? d->n : 1));
    if (!t->t)
        return false;
    for (uint32_t i = 0; i < d->n; i++) {
        if (!vt_valtype(v, s, d->types[i], &t->t[i]))
            return false;
        t->res |= t->t[i]->res;
        t->dep |= t->t[i]->dep;
    }
    if (d->ret != VT_NONE) {
        if (!vt_valtype(v, s, d->ret, &t->ret))
            return false;
        if (t->ret->borrow || t->ret->kind == T_BORROW)
            return vfail(v, "function result cannot contain a `borrow` type");
        t->res |= t->ret->res;
        t->dep |= t->ret->dep;
    }
    return true;
}

bool valid_decls(vctx *v, vscope *s, const cm_type *d, vty *t);

bool vt_deftype(vctx *v, vscope *s, const cm_type *d, vty **out)
{
    if (d->kind >= T_STRING && d->kind <= T_BOOL) {
        *out = vt_prim(d->kind);
        return true;
    }
    if (d->kind == T_ERRCTX) {
        *out = vt_prim(d->kind);
        return true;
    }
    vty *t = valloc(v, sizeof *t);
    if (!t)
        return false;
    *out = t;
    t->kind = d->kind;
    switch (d->kind) {
    case T_FUNC:
        return func_type(v, s, d, t);
    case T_COMPONENT: case T_INSTANCE:
        return valid_decls(v, s, d, t);
    case T_RESOURCE: {
        t->res = t->local = true;
        t->owner = s->self;
        if (!d->has_dtor)
            return true;
        vty *f;
        if (!vget(v, s, VS_CORE_FUNC, d->dtor, &f))
            return false;
        if (f->ncp != 1 || f->cp[0] != WF_I32 || f->ncr != 0)
            return vfail(v, "wrong signature for a destructor");
        return true;
    }
    case T_OWN: case T_BORROW: {
        vty *r;
        if (!vget(v, s, VS_TYPE, d->ret, &r))
            return false;
        if (r->kind != T_RESOURCE)
            return vfail(v, "type index %u is not a resource type", d->ret);
        t->ret = r;
        t->res = true;
        t->borrow = d->kind == T_BORROW;
        t->flat = 1;
        t->bytes = t->align = 4;
        return true;
    }
    }
    return value_parts(v, s, d, t);
}

vty *vt_core_func(vctx *v, const uint8_t *p, uint32_t np, const uint8_t *r, uint32_t nr)
{
    vty *t = valloc(v, sizeof *t);
    uint8_t *cp = valloc(v, np + nr + 1);
    if (!t || !cp)
        return NULL;
    if (np)   /* p and r may be NULL when empty (memcpy's arguments may not) */
        memcpy(cp, p, np);
    if (nr)
        memcpy(cp + np, r, nr);
    t->kind = T_CORE_FUNC;
    t->cp = cp;
    t->cr = cp + np;
    t->ncp = np;
    t->ncr = nr;
    return t;
}

/* ---- substitution ------------------------------------------------------ */

bool vt_subst_add(vctx *v, vsubst *m, vty *from, vty *to)
{
    if (m->n == m->cap) {
        uint32_t nc = m->cap ? m->cap * 2 : 8;
        vty **f = valloc(v, sizeof *f * nc), **t = valloc(v, sizeof *t * nc);
        if (!f || !t)
            return false;
        if (m->n) {
            memcpy(f, m->from, sizeof *f * m->n);
            memcpy(t, m->to, sizeof *t * m->n);
        }
        m->from = f;
        m->to = t;
        m->cap = nc;
    }
    m->from[m->n] = from;
    m->to[m->n++] = to;
    m->nmemo = 0;
    return true;
}

static vty *lookup(vsubst *m, vty *r)
{
    for (uint32_t i = 0; m && i < m->n; i++)
        if (m->from[i] == vt_rid(r))
            return m->to[i];
    return r;
}

/* Memo: open addressing on node addresses, so a DAG is copied once. */
static vty **memo_slot(vctx *v, vsubst *m, vty *k, bool *found)
{
    if (m->nmemo * 2 >= m->capmemo) {
        uint32_t nc = m->capmemo ? m->capmemo * 2 : 64;
        vty **nk = valloc(v, sizeof *nk * nc), **nv = valloc(v, sizeof *nv * nc);
        if (!nk || !nv)
            return NULL;
        for (uint32_t i = 0; i < m->capmemo; i++) {
            if (!m->memo_k[i])
                continue;
            uint32_t h = (uint32_t)(((uintptr_t)m->memo_k[i] >> 4) * 2654435761u) & (nc - 1);
            while (nk[h])
                h = (h + 1) & (nc - 1);
            nk[h] = m->memo_k[i];
            nv[h] = m->memo_v[i];
        }
        m->memo_k = nk;
        m->memo_v = nv;
        m->capmemo = nc;
    }
    uint32_t h = (uint32_t)(((uintptr_t)k >> 4) * 2654435761u) & (m->capmemo - 1);
    while (m->memo_k[h] && m->memo_k[h] != k)
        h = (h + 1) & (m->capmemo - 1);
    *found = m->memo_k[h] == k;
    if (!*found) {
        m->memo_k[h] = k;
        m->nmemo++;
    }
    return &m->memo_v[h];
}

static vent *subst_ents(vctx *v, vsubst *m, const vent *e, uint32_t n)
{
    vent *out = valloc(v, sizeof *out * (n ? n : 1));
    if (!out)
        return NULL;
    for (uint32_t i = 0; i < n; i++) {
        out[i] = e[i];
        if (!(out[i].t = vt_subst(v, m, e[i].t)))
            return NULL;
    }
    return out;
}

vty *vt_subst(vctx *v, vsubst *m, vty *t)
{
    if (!t || !m || !m->n || (!t->res && !t->dep))
        return t;
    if (t->kind == T_RESOURCE) {
        /* an index naming the resource keeps its name for the new one */
        vty *to = lookup(m, t), *w;
        if (to == t || !t->named_in)
            return to;
        if (!(w = valloc(v, sizeof *w)))
            return NULL;
        *w = *vt_rid(to);
        w->base = vt_rid(to);
        w->named_in = t->named_in;
        w->vis_in = NULL;
        w->vis_modes = 0;
        return w;
    }
    for (uint32_t i = 0; t->named_in && i < m->n; i++)
        if (m->from[i] == t)
            return m->to[i];   /* an imported (eq) type given by an argument */
    bool found;
    vty **slot = memo_slot(v, m, t, &found);
    if (!slot)
        return NULL;
    if (found)
        return *slot;
    vty *c = valloc(v, sizeof *c);
    if (!c)
        return NULL;
    *c = *t;
    c->vis_in = NULL;   /* its parts differ: visibility is found again */
    c->vis_modes = 0;
    c->index = NULL;
    *slot = c;
    if (t->ret && (t->kind == T_FUNC || t->kind == T_OWN || t->kind == T_BORROW) &&
        !(c->ret = vt_subst(v, m, t->ret)))
        return NULL;
    if (t->t && t->kind != T_RESOURCE) {
        c->t = valloc(v, sizeof *c->t * (t->n ? t->n : 1));
        if (!c->t)
            return NULL;
        for (uint32_t i = 0; i < t->n; i++)
            if (t->t[i] && !(c->t[i] = vt_subst(v, m, t->t[i])))
                return NULL;
    }
    if ((t->nimp && !(c->imp = subst_ents(v, m, t->imp, t->nimp))) ||
        (t->nexp && !(c->exp = subst_ents(v, m, t->exp, t->nexp))))
        return NULL;
    return c;
}

/* Abstract resources t declares (in nested instance types too). */
static bool collect_fresh(vctx *v, vty *t, const vty *root, const vty *owner, vsubst *m,
                          int depth)
{
    if (depth > COMP_MAX_TYPE_DEPTH)
        return vfail(v, "instance types nested too deeply");
    for (uint32_t i = 0; i < t->nexp; i++) {
        vty *r = t->exp[i].t;
        if (t->exp[i].sort == S_INSTANCE && !collect_fresh(v, r, root, owner, m, depth + 1))
            return false;
        /* (a nested instance type was freshened for the outer one) */
        if (t->exp[i].sort != S_TYPE || r->kind != T_RESOURCE || (r->owner != t && r->owner != root))
            continue;
        vty *f = valloc(v, sizeof *f);
        if (!f || !vt_subst_add(v, m, vt_rid(r), f))
            return false;
        *f = *vt_rid(r);
        f->owner = owner;
        f->base = NULL;
        f->named_in = NULL;
    }
    return true;
}

vty *vt_freshen(vctx *v, vty *t, const vty *owner)
{
    vsubst m = {0};
    if (!collect_fresh(v, t, t, owner, &m, 0))
        return NULL;
    return vt_subst(v, &m, t);
}

/* ---- subtyping ----------------------------------------------------------- */

static const char *kind_name(uint8_t k)
{
    switch (k) {
    case T_BOOL: return "bool"; case T_S8: return "s8"; case T_U8: return "u8";
    case T_S16: return "s16"; case T_U16: return "u16"; case T_S32: return "s32";
    case T_U32: return "u32"; case T_S64: return "s64"; case T_U64: return "u64";
    case T_F32: return "f32"; case T_F64: return "f64"; case T_CHAR: return "char";
    case T_STRING: return "string"; case T_ERRCTX: return "error-context";
    case T_RECORD: return "record"; case T_VARIANT: return "variant";
    case T_LIST: return "list"; case T_TUPLE: return "tuple"; case T_FLAGS: return "flags";
    case T_ENUM: return "enum"; case T_OPTION: return "option"; case T_RESULT: return "result";
    case T_OWN: return "own"; case T_BORROW: return "borrow"; case T_MAP: return "map";
    case T_FIXLIST: return "list"; case T_STREAM: return "stream"; case T_FUTURE: return "future";
    case T_FUNC: return "func"; case T_RESOURCE: return "resource";
    case T_INSTANCE: return "instance"; case T_COMPONENT: return "component";
    case T_CORE_FUNC: return "func"; case T_CORE_MODULE: return "module";
    case VK_TABLE: return "table"; case VK_MEMORY: return "memory";
    case VK_GLOBAL: return "global"; case VK_TAG: return "tag";
    }
    return "type";
}

static bool is_prim(uint8_t k) { return (k >= T_STRING && k <= T_BOOL) || k == T_ERRCTX; }

static bool tick(vctx *v)
{
    if (v->budget == 0)
        return vfail(v, "types too complex to compare");
    v->budget--;
    return true;
}

static bool val_eq(vctx *v, vty *a, vty *b, vsubst *m);

/* Equal pairs are remembered, so types that share parts (a DAG) are
 * compared in time linear in their definitions. */
static uint32_t eq_hash(const veq *k, uint32_t cap)
{
    uintptr_t h = (uintptr_t)k->a * 31 + (uintptr_t)k->b * 17 + (uintptr_t)k->m + k->n;
    return (uint32_t)((h >> 4) * 2654435761u) & (cap - 1);
}

static bool eq_known(vctx *v, const veq *k)
{
    if (!v->capeq)
        return false;
    for (uint32_t h = eq_hash(k, v->capeq); v->eq[h].a; h = (h + 1) & (v->capeq - 1))
        if (!memcmp(&v->eq[h], k, sizeof *k))
            return true;
    return false;
}

static void eq_add(vctx *v, const veq *k)
{
    if ((v->neq + 1) * 2 > v->capeq) {
        uint32_t nc = v->capeq ? v->capeq * 2 : 256;
        veq *t = wf_arena_alloc(&v->arena, sizeof *t * nc);
        if (!t)
            return;   /* only a cache */
        for (uint32_t i = 0; i < v->capeq; i++) {
            if (!v->eq[i].a)
                continue;
            uint32_t h = eq_hash(&v->eq[i], nc);
            while (t[h].a)
                h = (h + 1) & (nc - 1);
            t[h] = v->eq[i];
        }
        v->eq = t;
        v->capeq = nc;
    }
    uint32_t h = eq_hash(k, v->capeq);
    while (v->eq[h].a)
        h = (h + 1) & (v->capeq - 1);
    v->eq[h] = *k;
    v->neq++;
}

static bool val_eq_(vctx *v, vty *a, vty *b, vsubst *m);

static bool val_eq(vctx *v, vty *a, vty *b, vsubst *m)
{
    veq k = { a, b, m, m ? m->n : 0 };
    if (is_prim(a->kind) || eq_known(v, &k))
        return is_prim(a->kind) ? val_eq_(v, a, b, m) : true;
    if (!val_eq_(v, a, b, m))
        return false;
    eq_add(v, &k);
    return true;
}

static bool part_eq(vctx *v, vty *a, vty *b, vsubst *m, const char *fmt, const char *what,
                    uint32_t i)
{
    if (!a && !b)
        return true;
    if (!a || !b)
        return vfail(v, "type mismatch: a part is missing");
    if (val_eq(v, a, b, m))
        return true;
    char msg[256];
    snprintf(msg, sizeof msg, "%s", v->err->msg);
    if (what)
        return vfail(v, fmt, what, msg);
    return vfail(v, "type mismatch in tuple field %u (%s)", i, msg);
}

static bool labels_eq(vctx *v, vty *a, vty *b, const char *what)
{
    if (a->n != b->n)
        return vfail(v, "expected %u %s, found %u", b->n, what, a->n);
    for (uint32_t i = 0; i < a->n; i++)
        if (strcmp(a->labels[i], b->labels[i]))
            return vfail(v, "mismatch in %s elements: expected `%s`, found `%s`",
                         a->kind == T_FLAGS ? "flags" : "enum", b->labels[i], a->labels[i]);
    return true;
}

/* Value types are compared for equality (b with resources mapped by m). */
static bool val_eq_(vctx *v, vty *a, vty *b, vsubst *m)
{
    if (!tick(v))
        return false;
    /* an index made by an import or export is the type it names */
    vty *ua = a->kind != T_RESOURCE && a->base ? a->base : a;
    vty *ub = b->kind != T_RESOURCE && b->base ? b->base : b;
    if (ua == ub && ((!ub->res && !ub->dep) || !m || !m->n))
        return true;
    if (a->kind != b->kind) {
        if (is_prim(a->kind) && is_prim(b->kind))
            return vfail(v, "expected primitive `%s` found primitive `%s`", kind_name(b->kind),
                         kind_name(a->kind));
        if (is_prim(b->kind))
            return vfail(v, "expected primitive, found %s", kind_name(a->kind));
        return vfail(v, "expected %s, found %s", kind_name(b->kind), kind_name(a->kind));
    }
    switch (a->kind) {
    case T_RECORD:
        if (a->n != b->n)
            return vfail(v, "expected %u fields, found %u", b->n, a->n);
        for (uint32_t i = 0; i < a->n; i++) {
            if (strcmp(a->labels[i], b->labels[i]))
                return vfail(v, "expected field name `%s`, found `%s`", b->labels[i], a->labels[i]);
            if (!part_eq(v, a->t[i], b->t[i], m, "type mismatch in record field `%s` (%s)", a->labels[i], i))
                return false;
        }
        return true;
    case T_VARIANT:
        if (a->n != b->n)
            return vfail(v, "expected %u cases, found %u", b->n, a->n);
        for (uint32_t i = 0; i < a->n; i++) {
            if (strcmp(a->labels[i], b->labels[i]))
                return vfail(v, "expected case named `%s`, found `%s`", b->labels[i], a->labels[i]);
            if (!a->t[i] != !b->t[i])
                return b->t[i] ? vfail(v, "expected case `%s` to have a type, found none", b->labels[i])
                               : vfail(v, "expected case `%s` to have no type", b->labels[i]);
            if (!part_eq(v, a->t[i], b->t[i], m, "type mismatch in variant case `%s` (%s)", a->labels[i], i))
                return false;
        }
        return true;
    case T_FLAGS: case T_ENUM:
        return labels_eq(v, a, b, a->kind == T_FLAGS ? "flags" : "cases");
    case T_TUPLE:
        if (a->n != b->n)
            return vfail(v, "expected %u types, found %u", b->n, a->n);
        for (uint32_t i = 0; i < a->n; i++)
            if (!part_eq(v, a->t[i], b->t[i], m, NULL, NULL, i))
                return false;
        return true;
    case T_RESULT:
        for (int i = 0; i < 2; i++) {
            const char *w = i ? "err" : "ok";
            if (!a->t[i] != !b->t[i])
                return b->t[i] ? vfail(v, "expected %s type, but found none", w)
                               : vfail(v, "expected %s type to not be present", w);
            if (!part_eq(v, a->t[i], b->t[i], m, "type mismatch in %s variant (%s)", w, 0))
                return false;
        }
        return true;
    case T_FIXLIST:
        if (a->lim.min != b->lim.min)
            return vfail(v, "mismatch in fixed-size list length");
        /* fall through */
    case T_LIST: case T_OPTION: case T_MAP: case T_STREAM: case T_FUTURE:
        for (uint32_t i = 0; i < a->n; i++)
            if (!part_eq(v, a->t[i], b->t[i], m, "type mismatch in %s element (%s)", kind_name(a->kind), i))
                return false;
        return true;
    case T_OWN: case T_BORROW:
        if (vt_rid(a->ret) != vt_rid(lookup(m, b->ret)))
            return vfail(v, "resource types are not the same");
        return true;
    }
    return true;   /* primitives of the same kind */
}

static bool func_sub(vctx *v, vty *a, vty *b, vsubst *m)
{
    if (a->async_ != b->async_)
        return vfail(v, "expected %s function, found %s function", b->async_ ? "async" : "sync",
                     a->async_ ? "async" : "sync");
    if (a->n != b->n)
        return vfail(v, "expected %u parameters, found %u", b->n, a->n);
    for (uint32_t i = 0; i < a->n; i++) {
        if (strcmp(a->labels[i], b->labels[i]))
            return vfail(v, "expected parameter named `%s`, found `%s`", b->labels[i], a->labels[i]);
        if (!val_eq(v, a->t[i], b->t[i], m)) {
            char msg[256];
            snprintf(msg, sizeof msg, "%s", v->err->msg);
            return vfail(v, "type mismatch in function parameter `%s` (%s)", a->labels[i], msg);
        }
    }
    if (!a->ret != !b->ret)
        return b->ret ? vfail(v, "expected a result, found none")
                      : vfail(v, "expected no result, found one");
    if (a->ret && !val_eq(v, a->ret, b->ret, m)) {
        char msg[256];
        snprintf(msg, sizeof msg, "%s", v->err->msg);
        return vfail(v, "type mismatch with result type (%s)", msg);
    }
    return true;
}

static const vent *find(const vent *e, uint32_t n, const char *name)
{
    for (uint32_t i = 0; i < n; i++)
        if (!strcmp(e[i].name, name))
            return &e[i];
    return NULL;
}

static const char *sort_name(uint16_t s)
{
    switch (s) {
    case S_FUNC: return "func"; case S_VALUE: return "value"; case S_TYPE: return "type";
    case S_COMPONENT: return "component"; case S_INSTANCE: return "instance";
    case S_CORE_FUNC: return "core func"; case S_CORE_TABLE: return "table";
    case S_CORE_MEMORY: return "memory"; case S_CORE_GLOBAL: return "global";
    case S_CORE_TAG: return "tag"; case S_CORE_TYPE: return "core type";
    case S_CORE_MODULE: return "module"; case S_CORE_INSTANCE: return "core instance";
    }
    return "item";
}

/* Exports of a (given) must cover those of b (expected), each a subtype. */
static bool exports_sub(vctx *v, const vent *ae, uint32_t na, const vent *be, uint32_t nb,
                        vsubst *m, const char *what)
{
    for (uint32_t i = 0; i < nb; i++) {
        const vent *x = find(ae, na, be[i].name);
        if (!x)
            return vfail(v, "missing expected export `%s`", be[i].name);
        if (x->sort != be[i].sort)
            return vfail(v, "type mismatch in %s `%s` (expected %s, found %s)", what, be[i].name,
                         sort_name(be[i].sort), sort_name(x->sort));
        if (!vt_sub(v, x->sort, x->t, be[i].t, m, NULL)) {
            char msg[256];
            snprintf(msg, sizeof msg, "%s", v->err->msg);
            return vfail(v, "type mismatch in %s `%s` (%s)", what, be[i].name, msg);
        }
    }
    return true;
}

bool vt_sub(vctx *v, uint16_t sort, vty *a, vty *b, vsubst *m, const char *what)
{
    (void)what;
    if (!tick(v))
        return false;
    if (sort & S_CORE)
        return sort == S_CORE_MODULE ? exports_sub(v, a->exp, a->nexp, b->exp, b->nexp, m, "export") &&
                                       exports_sub(v, b->imp, b->nimp, a->imp, a->nimp, m, "import")
                                     : vt_core_sub(v, a, b);
    switch (sort) {
    case S_FUNC:
        return func_sub(v, a, b, m);
    case S_TYPE:
        if (b->kind == T_RESOURCE) {
            if (a->kind != T_RESOURCE)
                return vfail(v, "expected resource, found defined type");
            return vt_rid(a) == vt_rid(lookup(m, b)) ? true : vfail(v, "resource types are not the same");
        }
        if (a->kind == T_RESOURCE)
            return vfail(v, "expected defined type, found resource");
        if (a->kind != b->kind && (a->kind == T_FUNC || b->kind == T_FUNC || a->kind == T_INSTANCE ||
                                   b->kind == T_INSTANCE || a->kind == T_COMPONENT || b->kind == T_COMPONENT))
            return vfail(v, "expected %s, found %s", kind_name(b->kind), kind_name(a->kind));
        if (a->kind == T_FUNC)
            return func_sub(v, a, b, m);
        if (a->kind == T_INSTANCE || a->kind == T_COMPONENT)
            return vt_sub(v, a->kind == T_INSTANCE ? S_INSTANCE : S_COMPONENT, a, b, m, what);
        return val_eq(v, a, b, m);
    case S_INSTANCE:
        return exports_sub(v, a->exp, a->nexp, b->exp, b->nexp, m, "instance export");
    case S_COMPONENT: {
        /* Imports are contravariant: what a needs, b must promise. a's
         * abstract imported resources stand for b's of the same name. */
        vsubst in = {0}, out = {0};
        for (uint32_t i = 0; i < a->nimp; i++) {
            const vent *x = find(b->imp, b->nimp, a->imp[i].name);
            vty *r = a->imp[i].t;
            if (x && x->sort == S_TYPE && a->imp[i].sort == S_TYPE && r->kind == T_RESOURCE &&
                r->owner == a && x->t->kind == T_RESOURCE &&
                (!vt_subst_add(v, &in, vt_rid(r), x->t) || !vt_subst_add(v, &out, vt_rid(x->t), r)))
                return false;
        }
        for (uint32_t i = 0; i < a->nimp; i++) {
            const vent *x = find(b->imp, b->nimp, a->imp[i].name);
            if (!x)
                return vfail(v, "missing expected import `%s`", a->imp[i].name);
            if (x->sort != a->imp[i].sort || !vt_sub(v, x->sort, x->t, a->imp[i].t, &in, NULL)) {
                char msg[256];
                snprintf(msg, sizeof msg, "%s", x->sort != a->imp[i].sort ? "another sort" : v->err->msg);
                return vfail(v, "type mismatch in import `%s` (%s)", a->imp[i].name, msg);
            }
        }
        for (uint32_t i = 0; m && i < m->n; i++)
            if (!vt_subst_add(v, &out, m->from[i], m->to[i]))
                return false;
        return exports_sub(v, a->exp, a->nexp, b->exp, b->nexp, &out, "export");
    }
    }
    return vfail(v, "values are not supported");
}

static bool limits_sub(const wf_limits *a, const wf_limits *b)
{
    if (a->min < b->min)
        return false;
    if (b->has_max && (!a->has_max || a->max > b->max))
        return false;
    return true;
}

bool vt_core_sub(vctx *v, vty *a, vty *b)
{
    if (a->kind != b->kind)
        return vfail(v, "expected %s, found %s", kind_name(b->kind), kind_name(a->kind));
    switch (a->kind) {
    case T_CORE_FUNC:
        if (a->ncp != b->ncp || a->ncr != b->ncr || memcmp(a->cp, b->cp, a->ncp) ||
            memcmp(a->cr, b->cr, a->ncr))
            return vfail(v, "type mismatch: function types differ");
        return true;
    case VK_TABLE:
        if (a->elem != b->elem)
            return vfail(v, "expected table element type %s, found %s",
                         b->elem == WF_FUNCREF ? "funcref" : "externref",
                         a->elem == WF_FUNCREF ? "funcref" : "externref");
        return limits_sub(&a->lim, &b->lim) ? true : vfail(v, "mismatch in table limits");
    case VK_MEMORY:
        if (a->lim.shared != b->lim.shared)
            return vfail(v, "mismatch in the shared flag for memories");
        if (a->lim.is64 != b->lim.is64)
            return vfail(v, "mismatch in index type used for memories");
        return limits_sub(&a->lim, &b->lim) ? true : vfail(v, "mismatch in memory limits");
    case VK_GLOBAL:
        if (a->elem != b->elem || a->mut != b->mut) {
            static const char *const n[] = { [WF_I32 & 0xf] = "i32", [WF_I64 & 0xf] = "i64",
                                             [WF_F32 & 0xf] = "f32", [WF_F64 & 0xf] = "f64" };
            const char *an = (a->elem & 0xf) < 4 && n[a->elem & 0xf] ? n[a->elem & 0xf] : "ref";
            const char *bn = (b->elem & 0xf) < 4 && n[b->elem & 0xf] ? n[b->elem & 0xf] : "ref";
            if (a->elem != b->elem)
                return vfail(v, "expected global type %s, found %s", bn, an);
            return vfail(v, "global mutability mismatch");
        }
        return true;
    }
    return true;
}

/* ---- flattening (CanonicalABI.md "Flattening") ----------------------------- */

static uint8_t join(uint8_t a, uint8_t b)
{
    if (a == b)
        return a;
    if ((a == WF_I32 && b == WF_F32) || (a == WF_F32 && b == WF_I32))
        return WF_I32;
    return WF_I64;
}

bool vt_flatten(vty *t, uint8_t *out, uint32_t *n, uint32_t cap)
{
#define PUT(x) do { if (*n >= cap) return false; out[(*n)++] = (x); } while (0)
    switch (t->kind) {
    case T_S64: case T_U64: PUT(WF_I64); return true;
    case T_F32: PUT(WF_F32); return true;
    case T_F64: PUT(WF_F64); return true;
    case T_STRING: case T_LIST: case T_MAP: PUT(WF_I32); PUT(WF_I32); return true;
    case T_RECORD: case T_TUPLE:
        for (uint32_t i = 0; i < t->n; i++)
            if (!vt_flatten(t->t[i], out, n, cap))
                return false;
        return true;
    case T_FIXLIST:
        for (uint64_t i = 0; i < t->lim.min; i++)
            if (!vt_flatten(t->t[0], out, n, cap))
                return false;
        return true;
    case T_VARIANT: case T_OPTION: case T_RESULT: {
        uint32_t start = *n, w = 0;
        PUT(WF_I32);
        for (uint32_t i = 0; i < t->n; i++) {
            if (!t->t[i])
                continue;
            uint8_t tmp[17];
            uint32_t k = 0;
            if (!vt_flatten(t->t[i], tmp, &k, sizeof tmp))
                return false;
            for (uint32_t j = 0; j < k; j++) {
                if (j < w)
                    out[start + 1 + j] = join(out[start + 1 + j], tmp[j]);
                else
                    PUT(tmp[j]);
            }
            if (k > w)
                w = k;
        }
        return true;
    }
    }
    PUT(WF_I32);
    return true;
#undef PUT
}

bool vt_flat_sig_opts(vctx *v, vty *ft, bool lower, const cm_opts *o, uint8_t *p, uint32_t *np,
                      uint8_t *r, uint32_t *nr)
{
    if (!o->async_)
        return vt_flat_sig(v, ft, lower, p, np, r, nr);
    bool ok = true;
    *np = *nr = 0;
    for (uint32_t i = 0; i < ft->n && ok; i++)
        ok = vt_flatten(ft->t[i], p, np, lower ? 4 : 16);
    if (!ok) {
        p[0] = WF_I32;
        *np = 1;
    }
    if (lower) {
        if (ft->ret)
            p[(*np)++] = WF_I32;
        r[(*nr)++] = WF_I32;
    } else if (o->has_callback) {
        r[(*nr)++] = WF_I32;
    }
    return true;
}

bool vt_flat_sig(vctx *v, vty *ft, bool lower, uint8_t *p, uint32_t *np, uint8_t *r, uint32_t *nr)
{
    (void)v;
    *np = *nr = 0;
    bool ok = true;
    for (uint32_t i = 0; i < ft->n && ok; i++)
        ok = vt_flatten(ft->t[i], p, np, 16);
    if (!ok) {
        p[0] = WF_I32;
        *np = 1;
    }
    if (ft->ret && !(vt_flatten(ft->ret, r, nr, 1))) {
        *nr = 0;
        if (lower)
            p[(*np)++] = WF_I32;
        else
            r[(*nr)++] = WF_I32;
    }
    return true;
}

/* ---- external visibility ----------------------------------------------------- */

static bool nominal(uint8_t k)
{
    return k == T_RECORD || k == T_VARIANT || k == T_ENUM || k == T_FLAGS || k == T_RESOURCE;
}

/* An import may only refer to what was imported before it. */
static bool allowed(const vty *t, const vty *in, bool inst, bool import)
{
    if (!t->named_in || (import && !t->by_import && t->named_in == in))
        return false;
    return t->named_in == in || (inst && t->named_in->kind == T_INSTANCE);
}

static bool vis(vctx *v, vty *t, bool self, const vty *in, bool inst, bool imp, int depth)
{
    uint8_t mode = (uint8_t)(1u << (inst * 2 + imp));
    if (!t || (t->vis_in == in && (t->vis_modes & mode)))
        return true;
    if (depth > COMP_MAX_TYPE_DEPTH + 8)
        return false;
    if (!self && nominal(t->kind))
        return allowed(t, in, inst, imp);
    bool ok = true;
    switch (t->kind) {
    case T_OWN: case T_BORROW:
        ok = allowed(t->ret, in, inst, imp);
        break;
    case T_FUNC:
        for (uint32_t i = 0; ok && i < t->n; i++)
            ok = vis(v, t->t[i], false, in, inst, imp, depth + 1);
        ok = ok && vis(v, t->ret, false, in, inst, imp, depth + 1);
        break;
    case T_INSTANCE: case T_COMPONENT: case T_RESOURCE:
        break;   /* declarations were checked where they were made */
    default:
        if (!is_prim(t->kind))
            for (uint32_t i = 0; ok && i < t->n; i++)
                ok = vis(v, t->t[i], false, in, inst, imp, depth + 1);
    }
    /* A node is walked to success once per scope and mode: linear on a
     * DAG (the first failure ends validation). */
    if (ok && !self) {
        if (t->vis_in != in)
            t->vis_modes = 0;
        t->vis_in = in;
        t->vis_modes |= mode;
    }
    return ok;
}

bool vt_visible(vctx *v, vty *t, bool self, const vty *in, bool inst, bool import)
{
    if (!vis(v, t, self, in, inst, import, 0))
        return false;
    /* A type that an imported or exported instance carries is named from
     * then on, for the instance's later exports and for the component's
     * later imports or exports: a record's field (a function's parameter)
     * keeps its definer's node, which the type's base chain reaches (e.g.
     * an inline instance re-exporting a child's types, then a function
     * using them: async/big-interleaving-test.wast). */
    if (self && inst) {
        uint8_t mode = (uint8_t)(1u << import | 1u << (2 + import));
        int n = 0;
        for (vty *b = t; b && n < COMP_MAX_TYPE_DEPTH; b = b->base, n++) {
            if (b->vis_in != in)
                b->vis_modes = 0;
            b->vis_in = in;
            b->vis_modes |= mode;
        }
    }
    return true;
}

/* ---- extern types and core types ---------------------------------------------- */

bool vt_externdesc(vctx *v, vscope *s, const cm_externdesc *e, uint16_t *sort, vty **out)
{
    vty *t;
    switch (e->kind) {
    case 0:
        *sort = S_CORE_MODULE;
        if (!vget(v, s, VS_CORE_TYPE, e->idx, &t))
            return false;
        if (t->kind != T_CORE_MODULE)
            return vfail(v, "core type index %u is not a module type", e->idx);
        break;
    case 1:
        *sort = S_FUNC;
        if (!vget(v, s, VS_TYPE, e->idx, &t))
            return false;
        if (t->kind != T_FUNC)
            return vfail(v, "type index %u is not a function type", e->idx);
        break;
    case 3:
        *sort = S_TYPE;
        if (e->sub_resource) {
            if (!(t = valloc(v, sizeof *t)))
                return false;
            t->kind = T_RESOURCE;
            t->res = true;
            t->owner = s->self;
        } else if (!vget(v, s, VS_TYPE, e->idx, &t)) {
            return false;
        }
        break;
    case 4:
        *sort = S_COMPONENT;
        if (!vget(v, s, VS_TYPE, e->idx, &t))
            return false;
        if (t->kind != T_COMPONENT)
            return vfail(v, "type index %u is not a component type", e->idx);
        break;
    case 5:
        *sort = S_INSTANCE;
        if (!vget(v, s, VS_TYPE, e->idx, &t))
            return false;
        if (t->kind != T_INSTANCE)
            return vfail(v, "type index %u is not an instance type", e->idx);
        if (!(t = vt_freshen(v, t, s->self)))
            return false;
        break;
    default:
        return vfail(v, "values are not supported");
    }
    *out = t;
    return true;
}

static bool core_limits(vctx *v, const wf_limits *l, bool memory)
{
    uint64_t cap = memory ? (l->is64 ? 1ull << 48 : 65536) : 0xffffffffu;
    if (l->min > cap || (l->has_max && l->max > cap))
        return memory ? vfail(v, "memory size must be at most 65536 pages (4GiB)")
                      : vfail(v, "table size must be at most 2^32-1");
    if (l->has_max && l->min > l->max)
        return vfail(v, "size minimum must not be greater than maximum");
    if (l->shared && !l->has_max)
        return vfail(v, "shared memory must have maximum size");
    return true;
}

static bool core_extern(vctx *v, vscope *ms, const cm_coredecl *c, vent *e)
{
    static const uint16_t sorts[5] = { S_CORE_FUNC, S_CORE_TABLE, S_CORE_MEMORY, S_CORE_GLOBAL,
                                       S_CORE_TAG };
    static const uint8_t kinds[5] = { T_CORE_FUNC, VK_TABLE, VK_MEMORY, VK_GLOBAL, VK_TAG };
    e->module = c->module;
    e->name = c->name;
    e->sort = sorts[c->ext];
    if (c->ext == 0 || c->ext == 4) {
        if (!vget(v, ms, VS_CORE_TYPE, c->idx, &e->t))
            return false;
        if (e->t->kind != T_CORE_FUNC)
            return vfail(v, "core type index %u is not a function type", c->idx);
        if (c->ext == 0)
            return true;
    }
    vty *t = valloc(v, sizeof *t);
    if (!t)
        return false;
    t->kind = kinds[c->ext];
    t->elem = c->elem;
    t->mut = c->mut;
    t->lim = c->lim;
    e->t = t;
    if (c->ext == 1 && c->elem != WF_FUNCREF && c->elem != WF_EXTERNREF)
        return vfail(v, "table element type must be a reference type");
    return c->ext == 1 || c->ext == 2 ? core_limits(v, &c->lim, c->ext == 2) : true;
}

static bool module_decls(vctx *v, vscope *s, const cm_type *d, vty *t)
{
    vscope ms = { .parent = s, .declarator = true, .self = t };
    uint32_t ni = 0, ne = 0, prev;
    vset imps = {0}, exps = {0};
    bool added;
    t->imp = valloc(v, sizeof *t->imp * (d->n + 1));
    t->exp = valloc(v, sizeof *t->exp * (d->n + 1));
    if (!t->imp || !t->exp)
        return false;
    for (uint32_t i = 0; i < d->n; i++) {
        const cm_coredecl *c = &d->cdecls[i];
        vty *x;
        switch (c->kind) {
        case 0:
            if (!core_extern(v, &ms, c, &t->imp[ni]) || !dup_import(v, &imps, c->module, c->name, ni))
                return false;
            ni++;
            break;
        case 1:
            if (!vt_core_type(v, &ms, c->type, &x) || !vpush(v, &ms, VS_CORE_TYPE, x))
                return false;
            break;
        case 2:
            if (!valid_alias(v, &ms, &c->alias))
                return false;
            break;
        case 3:
            if (!core_extern(v, &ms, c, &t->exp[ne]) || !vset_add(v, &exps, c->name, ne, &added, &prev))
                return false;
            if (!added)
                return vfail(v, "export name `%s` already defined", c->name);
            ne++;
            break;
        }
    }
    t->nimp = ni;
    t->nexp = ne;
    return true;
}

bool vt_core_type(vctx *v, vscope *s, const cm_type *d, vty **out)
{
    vty *t;
    if (d->kind == T_CORE_FUNC)
        t = vt_core_func(v, d->core, d->n, d->core + d->n, d->ncr);
    else if ((t = valloc(v, sizeof *t)))
        t->kind = T_CORE_MODULE;
    if (!t)
        return false;
    *out = t;
    return d->kind == T_CORE_FUNC || module_decls(v, s, d, t);
}

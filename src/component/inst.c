/* inst.c — instantiation: walk a component's definitions in order, growing
 * its index spaces, instantiating core modules with exactly the core
 * instances the component names, evaluating types (resource types become
 * fresh runtime objects per instance; imported ones are those the supplier
 * provides), and nesting component instances. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "comp_int.h"
#include "async_int.h"

enum {
    SP_CORE_FUNC, SP_CORE_TABLE, SP_CORE_MEMORY, SP_CORE_GLOBAL, SP_CORE_TAG,
    SP_CORE_TYPE, SP_CORE_MODULE, SP_CORE_INSTANCE, SP_FUNC, SP_VALUE, SP_TYPE,
    SP_COMPONENT, SP_INSTANCE, SP_COUNT,
};

typedef struct space { void **v; uint32_t n, cap; } space;

/* A core instance: a real one, or a bag of inline exports. */
typedef struct coreinst {
    wf_instance *inst;
    uint32_t n;
    const char **names;
    uint16_t *sorts;
    void **items;
} coreinst;

struct comp_scope {
    comp_scope *outer;
    space sp[SP_COUNT];
    comp_inst *self;
    struct comp_store_ *cs;
    /* Imports supplied to a nested instantiation, by name. */
    const comp_export *args;
    uint32_t nargs;
    wf_error *err;
    comp_scope *next;      /* in comp_store_.scopes */
    bool type_scope;       /* an instance type's declarations, not a component */
};

static int space_of(uint16_t sort)
{
    switch (sort) {
    case S_CORE_FUNC: return SP_CORE_FUNC;
    case S_CORE_TABLE: return SP_CORE_TABLE;
    case S_CORE_MEMORY: return SP_CORE_MEMORY;
    case S_CORE_GLOBAL: return SP_CORE_GLOBAL;
    case S_CORE_TAG: return SP_CORE_TAG;
    case S_CORE_TYPE: return SP_CORE_TYPE;
    case S_CORE_MODULE: return SP_CORE_MODULE;
    case S_CORE_INSTANCE: return SP_CORE_INSTANCE;
    case S_FUNC: return SP_FUNC;
    case S_VALUE: return SP_VALUE;
    case S_TYPE: return SP_TYPE;
    case S_COMPONENT: return SP_COMPONENT;
    default: return SP_INSTANCE;
    }
}

static bool lfail(comp_scope *s, const char *fmt, const char *what)
{
    return wf_fail(s->err, WF_ERR_LINK, 0, fmt, what);
}

static void *aalloc(comp_scope *s, size_t n)
{
    return wf_arena_alloc(&s->cs->arena, n ? n : 1);
}

static bool push(comp_scope *s, int sp, void *item)
{
    space *x = &s->sp[sp];
    if (x->n == x->cap) {
        uint32_t nc = x->cap ? x->cap * 2 : 16;
        void **nv = wf_realloc(x->v, nc * sizeof *nv);
        if (!nv)
            return wf_fail(s->err, WF_ERR_LIMIT, 0, "out of memory");
        x->v = nv;
        x->cap = nc;
    }
    x->v[x->n++] = item;
    return true;
}

static bool get(comp_scope *s, int sp, uint32_t idx, void **out)
{
    *out = NULL;
    if (idx >= s->sp[sp].n)
        return wf_fail(s->err, WF_ERR_INVALID, 0, "index %u out of bounds (space %d has %u)",
                       idx, sp, s->sp[sp].n);
    *out = s->sp[sp].v[idx];
    return true;
}

static void scope_free(comp_scope *s)
{
    for (int i = 0; i < SP_COUNT; i++)
        free(s->sp[i].v);
}

/* ---- instances' exports ---------------------------------------------- */

bool comp_inst_add(wf_arena *a, comp_inst *inst, const char *name, uint16_t sort, void *p)
{
    if (inst->nexports == inst->cap) {
        uint32_t nc = inst->cap ? inst->cap * 2 : 8;
        comp_export *ne = wf_arena_alloc(a, nc * sizeof *ne);
        if (!ne)
            return false;
        if (inst->nexports)
            memcpy(ne, inst->exports, inst->nexports * sizeof *ne);
        inst->exports = ne;
        inst->cap = nc;
    }
    inst->exports[inst->nexports++] = (comp_export){ name, { sort, p } };
    return true;
}

comp_item *comp_inst_find(comp_inst *inst, const char *name)
{
    for (uint32_t i = 0; i < inst->nexports; i++)
        if (!strcmp(inst->exports[i].name, name))
            return &inst->exports[i].item;
    return NULL;
}

/* ---- types ------------------------------------------------------------ */

#define P(k) [k] = { .kind = k }
static comp_type prim_types[0x80] = {
    P(T_BOOL), P(T_S8), P(T_U8), P(T_S16), P(T_U16), P(T_S32), P(T_U32), P(T_S64),
    P(T_U64), P(T_F32), P(T_F64), P(T_CHAR), P(T_STRING), P(T_ERRCTX),
};
#undef P

static comp_type *prim(uint8_t code)
{
    return &prim_types[code];
}

static bool is_value_kind(uint8_t k)
{
    return (k >= T_BORROW && k <= T_BOOL && k != 0x6c) || k == T_STREAM || k == T_FUTURE ||
           k == T_ERRCTX || k == T_FIXLIST;
}

static bool valtype(comp_scope *s, uint32_t vt, comp_type **out);

/* map<k, v> is list<tuple<k, v>> in the canonical ABI. */
static bool eval_map(comp_scope *s, const cm_type *d, comp_type *t)
{
    comp_type *pair = aalloc(s, sizeof *pair);
    comp_type **kv = aalloc(s, 2 * sizeof *kv), **elem = aalloc(s, sizeof *elem);
    const char *why;
    if (!pair || !kv || !elem)
        return wf_fail(s->err, WF_ERR_LIMIT, 0, "out of memory");
    if (!valtype(s, d->types[0], &kv[0]) || !valtype(s, d->types[1], &kv[1]))
        return false;
    pair->kind = T_TUPLE;
    pair->n = 2;
    pair->t = kv;
    t->kind = T_LIST;
    t->n = 1;
    t->t = elem;
    elem[0] = pair;
    if (!canon_cache(pair, &why) || !canon_cache(t, &why))
        return wf_fail(s->err, WF_ERR_INVALID, 0, "%s", why);
    return true;
}

static bool valtype(comp_scope *s, uint32_t vt, comp_type **out)
{
    if (vt == VT_NONE) {
        *out = NULL;
        return true;
    }
    if (vt & VT_PRIM) {
        *out = prim((uint8_t)vt);
        return true;
    }
    void *p;
    if (!get(s, SP_TYPE, vt, &p))
        return false;
    comp_type *t = p;
    if (!t || !is_value_kind(t->kind))
        return wf_fail(s->err, WF_ERR_INVALID, 0, "type %u is not a value type", vt);
    *out = t;
    return true;
}

static bool eval_type(comp_scope *s, const cm_type *d, comp_type **out)
{
    comp_type *t = aalloc(s, sizeof *t);
    if (!t)
        return wf_fail(s->err, WF_ERR_LIMIT, 0, "out of memory");
    *out = t;
    t->kind = d->kind;
    if (d->kind >= T_STRING && d->kind <= T_BOOL) {
        *out = prim(d->kind);
        return true;
    }
    if (d->kind == T_MAP)
        return eval_map(s, d, t);
    if (d->kind == T_ERRCTX) {
        *out = prim(d->kind);
        return true;
    }
    if (d->kind == T_FIXLIST)
        t->len = d->ret;
    if (d->kind == T_COMPONENT || d->kind == T_INSTANCE) {
        /* Kept as the declaration; evaluated against what is supplied. */
        t->labels = (const char **)(void *)d;
        t->ret = (comp_type *)(void *)s;
        return true;
    }
    if (d->kind == T_RESOURCE) {
        t->res = aalloc(s, sizeof *t->res);
        if (!t->res)
            return wf_fail(s->err, WF_ERR_LIMIT, 0, "out of memory");
        t->res->owner = s->self;
        if (d->has_dtor) {
            void *f;
            if (!get(s, SP_CORE_FUNC, d->dtor, &f))
                return false;
            const wf_functype *ft = wf_func_type(f);
            if (ft->nparams != 1 || ft->params[0] != WF_I32 || ft->nresults != 0)
                return wf_fail(s->err, WF_ERR_INVALID, 0, "resource destructor must be [i32] -> []");
            t->res->dtor = f;
        }
        return true;
    }
    if (d->kind == T_OWN || d->kind == T_BORROW) {
        void *r;
        if (!get(s, SP_TYPE, d->ret, &r))
            return false;
        if (!r || ((comp_type *)r)->kind != T_RESOURCE)
            return wf_fail(s->err, WF_ERR_INVALID, 0, "handle of a non-resource type");
        t->ret = r;
        return true;
    }
    t->n = d->n;
    t->labels = d->labels;
    if (d->n) {
        t->t = aalloc(s, d->n * sizeof *t->t);
        if (!t->t)
            return wf_fail(s->err, WF_ERR_LIMIT, 0, "out of memory");
    }
    for (uint32_t i = 0; i < d->n; i++)
        if (d->types && !valtype(s, d->types[i], &t->t[i]))
            return false;
    if (d->kind == T_FUNC && !valtype(s, d->ret, &t->ret))
        return false;
    t->async_ = d->kind == T_FUNC && d->async_;
    if (d->kind == T_FUNC && t->ret && (t->ret->kind == T_BORROW || t->ret->borrow))
        return wf_fail(s->err, WF_ERR_INVALID, 0, "function result contains a borrow handle");
    if ((d->kind == T_RECORD || d->kind == T_TUPLE || d->kind == T_LIST ||
         d->kind == T_OPTION || d->kind == T_FIXLIST) && d->types)
        for (uint32_t i = 0; i < d->n; i++)
            if (!t->t[i])
                return wf_fail(s->err, WF_ERR_INVALID, 0, "missing type");
    const char *why;
    if (t->kind != T_FUNC && !canon_cache(t, &why))
        return wf_fail(s->err, WF_ERR_INVALID, 0, "%s", why);
    return true;
}

/* ---- type equality (what import matching needs of subtyping) ---------- */

/* Structural; `budget` bounds the work on types that share parts. */
static bool type_eq_b(const comp_type *a, const comp_type *b, uint32_t *budget)
{
    if (a == b)
        return true;
    if (!a || !b || a->kind != b->kind || a->n != b->n || !*budget)
        return false;
    --*budget;
    switch (a->kind) {
    case T_RESOURCE: return a->res == b->res;
    case T_OWN: case T_BORROW: return a->ret->res == b->ret->res;
    case T_FIXLIST: if (a->len != b->len) return false; break;
    default: break;
    }
    bool labelled = a->kind == T_RECORD || a->kind == T_VARIANT || a->kind == T_FLAGS ||
                    a->kind == T_ENUM || a->kind == T_FUNC;
    for (uint32_t i = 0; i < a->n; i++) {
        if (labelled && strcmp(a->labels[i], b->labels[i]))
            return false;
        if (a->t && !type_eq_b(a->t[i], b->t[i], budget))
            return false;
    }
    return a->kind != T_FUNC || (a->async_ == b->async_ && type_eq_b(a->ret, b->ret, budget));
}

bool comp_type_eq(const comp_type *a, const comp_type *b)
{
    uint32_t budget = 100000;
    if (!a || !b)
        return a == b;
    return type_eq_b(a, b, &budget);
}

static bool type_eq(const comp_type *a, const comp_type *b, int unused)
{
    uint32_t budget = 100000;
    (void)unused;
    return type_eq_b(a, b, &budget);
}

/* ---- external visibility (Explainer.md) ------------------------------- */

/* Imported and exported types are new names for their definitions: a
 * copy marked `named`, equal in every other respect. */
static comp_type *named_copy(comp_scope *s, comp_type *t)
{
    if (!t || (t->kind >= T_STRING && t->kind <= T_BOOL) || t->named)
        return t;
    comp_type *c = aalloc(s, sizeof *c);
    if (!c)
        return NULL;
    *c = *t;
    c->named = true;
    return c;
}

/* May a type appear in an export? Records, variants, enums, flags and
 * resources only by an imported or exported name. */
static bool visible(const comp_type *t, int depth)
{
    if (!t || (t->kind >= T_STRING && t->kind <= T_BOOL) || depth > COMP_MAX_TYPE_DEPTH)
        return true;
    switch (t->kind) {
    case T_RECORD: case T_VARIANT: case T_ENUM: case T_FLAGS: case T_RESOURCE:
        return t->named;
    case T_OWN: case T_BORROW:
        return t->ret->named;
    case T_FUNC:
        for (uint32_t i = 0; i < t->n; i++)
            if (!visible(t->t[i], depth + 1))
                return false;
        return visible(t->ret, depth + 1);
    default:
        for (uint32_t i = 0; t->t && i < t->n; i++)
            if (!visible(t->t[i], depth + 1))
                return false;
        return true;
    }
}

/* An exported named type's own parts must be visible too. */
static bool visible_parts(const comp_type *t)
{
    if (t->kind == T_RESOURCE)
        return true;
    comp_type tmp = *t;
    tmp.named = false;
    if (t->kind == T_RECORD || t->kind == T_VARIANT || t->kind == T_ENUM || t->kind == T_FLAGS) {
        for (uint32_t i = 0; t->t && i < t->n; i++)
            if (!visible(t->t[i], 1))
                return false;
        return true;
    }
    return visible(&tmp, 0);
}

/* ---- instance types against a supplied instance ---------------------- */

static bool typed_instance(comp_scope *outer, const cm_type *it, comp_inst *given,
                           const char *iname, comp_inst **out);

static bool refers_to_resources(const comp_type *t, uint32_t *budget)
{
    if (!t || (t->kind >= T_STRING && t->kind <= T_BOOL) || !*budget)
        return false;
    --*budget;
    if (t->kind == T_RESOURCE || t->kind == T_OWN || t->kind == T_BORROW)
        return true;
    if (t->kind == T_INSTANCE || t->kind == T_COMPONENT)
        return false;
    for (uint32_t i = 0; t->t && i < t->n; i++)
        if (refers_to_resources(t->t[i], budget))
            return true;
    return t->kind == T_FUNC && refers_to_resources(t->ret, budget);
}

static bool outer_get(comp_scope *s, uint32_t ct, uint16_t sort, uint32_t idx, void **out)
{
    comp_scope *t = s;
    bool crosses = false;
    for (uint32_t i = 0; i < ct && t; i++) {
        crosses |= !t->type_scope;
        t = t->outer;
    }
    if (!t)
        return wf_fail(s->err, WF_ERR_INVALID, 0, "outer alias count %u too large", ct);
    if (!get(t, space_of(sort), idx, out))
        return false;
    /* Resources are per instance: a component may not reach outward for one. */
    uint32_t budget = 100000;
    if (crosses && sort == S_TYPE && refers_to_resources(*out, &budget))
        return wf_fail(s->err, WF_ERR_INVALID, 0,
                       "outer alias of a type that transitively refers to resources");
    return true;
}

static bool sort_matches(uint16_t sort, uint8_t desc_kind)
{
    static const uint16_t map[] = { S_CORE_MODULE, S_FUNC, S_VALUE, S_TYPE, S_COMPONENT, S_INSTANCE };
    return desc_kind < 6 && map[desc_kind] == sort;
}

/* Resource types are equal when they are the same runtime resource. */
static bool same_resource(const comp_type *a, const comp_type *b)
{
    if (!a || !b || a->kind != T_RESOURCE)
        return true;
    return b->kind == T_RESOURCE && a->res == b->res;
}

/* One export declaration of an instance type: take the supplier's item,
 * typed as declared. */
static bool typed_export(comp_scope *ts, const cm_decl *dc, comp_inst *given, comp_inst *res,
                         const char *iname)
{
    comp_item *it = comp_inst_find(given, dc->name);
    char what[300];
    void *dt;
    snprintf(what, sizeof what, "%s#%s", iname, dc->name);
    /* A type equal to a known one needs nothing from the supplier (unless
     * it is a resource, whose identity the supplier must share). */
    if (dc->desc.kind == 3 && !dc->desc.sub_resource) {
        if (!get(ts, SP_TYPE, dc->desc.idx, &dt))
            return false;
        if (it && !same_resource(dt, it->p))
            return lfail(ts, "incompatible import type: %s", what);
        if (!(dt = named_copy(ts, dt)))
            return lfail(ts, "%s", "out of memory");
        return push(ts, SP_TYPE, dt) &&
               (comp_inst_add(&ts->cs->arena, res, dc->name, S_TYPE, dt) ||
                lfail(ts, "%s", "out of memory"));
    }
    comp_item stub;
    if (!it && given->host && (dc->desc.kind == 1 || (dc->desc.kind == 3 && dc->desc.sub_resource))) {
        /* Part of an interface the host knows but does not implement:
         * functions trap when called, resources are fresh and empty. */
        if (dc->desc.kind == 1) {
            stub = (comp_item){ S_FUNC, comp_host_stub(ts->cs->host, &ts->cs->arena, what) };
        } else {
            comp_type *t = aalloc(ts, sizeof *t);
            if (t && (t->res = aalloc(ts, sizeof *t->res)))
                t->kind = T_RESOURCE;
            stub = (comp_item){ S_TYPE, t && t->res ? t : NULL };
        }
        if (!stub.p)
            return wf_fail(ts->err, WF_ERR_LIMIT, 0, "out of memory");
        it = &stub;
    }
    if (!it || !sort_matches(it->sort, dc->desc.kind))
        return wf_fail(ts->err, WF_ERR_LINK, 0, "%s: %s", it ? "incompatible import type" :
                       "missing export of import", what);
    void *p = it->p;
    switch (dc->desc.kind) {
    case 3:
        if (((comp_type *)p)->kind != T_RESOURCE) {
            return lfail(ts, "incompatible import type: %s (not a resource)", what);
        }
        if (!(p = named_copy(ts, p)) || !push(ts, SP_TYPE, p))
            return p ? false : lfail(ts, "%s", "out of memory");
        break;
    case 1: {
        comp_func *f = p;
        if (!get(ts, SP_TYPE, dc->desc.idx, &dt))
            return false;
        if (!dt || ((comp_type *)dt)->kind != T_FUNC)
            return wf_fail(ts->err, WF_ERR_INVALID, 0, "func export of a non-function type");
        if (f->type && !type_eq(f->type, dt, 0))
            return lfail(ts, "incompatible import type: %s (function type differs)", what);
        if (!f->type) {
            comp_func *g = aalloc(ts, sizeof *g);
            if (!g)
                return lfail(ts, "%s", "out of memory");
            *g = *f;
            g->type = dt;
            p = g;
        }
        break;
    }
    case 5: {
        if (!get(ts, SP_TYPE, dc->desc.idx, &dt))
            return false;
        comp_type *t = dt;
        if (!t || t->kind != T_INSTANCE)
            return wf_fail(ts->err, WF_ERR_INVALID, 0, "instance export of a non-instance type");
        comp_inst *sub;
        if (!typed_instance((comp_scope *)(void *)t->ret, (const cm_type *)(void *)t->labels,
                            p, what, &sub))
            return false;
        p = sub;
        break;
    }
    default:
        break;
    }
    return comp_inst_add(&ts->cs->arena, res, dc->name, it->sort, p) ||
           lfail(ts, "%s", "out of memory");
}

static bool typed_instance(comp_scope *outer, const cm_type *it, comp_inst *given,
                           const char *iname, comp_inst **out)
{
    comp_scope ts = { .outer = outer, .self = outer->self, .cs = outer->cs, .err = outer->err,
                      .type_scope = true };
    comp_inst *res = aalloc(&ts, sizeof *res);
    bool ok = res != NULL;
    for (uint32_t i = 0; ok && i < it->n; i++) {
        const cm_decl *dc = &it->decls[i];
        comp_type *t;
        void *p;
        switch (dc->kind) {
        case 0: ok = push(&ts, SP_CORE_TYPE, NULL); break;
        case 1: ok = eval_type(&ts, dc->type, &t) && push(&ts, SP_TYPE, t); break;
        case 2:
            if (dc->alias.kind != 2) {
                ok = wf_fail(ts.err, WF_ERR_INVALID, 0, "export alias in an instance type");
                break;
            }
            ok = outer_get(&ts, dc->alias.inst, dc->alias.sort, dc->alias.idx, &p) &&
                 push(&ts, space_of(dc->alias.sort), p);
            break;
        case 4: ok = typed_export(&ts, dc, given, res, iname); break;
        default: ok = wf_fail(ts.err, WF_ERR_INVALID, 0, "bad instance type declaration");
        }
    }
    scope_free(&ts);
    *out = res;
    return ok;
}

/* ---- definitions ------------------------------------------------------ */

static bool coreinst_export(comp_scope *s, coreinst *ci, const char *name, uint16_t sort,
                            void **out)
{
    if (ci->inst) {
        wf_extern ext;
        static const uint16_t kinds[] = { S_CORE_FUNC, S_CORE_TABLE, S_CORE_MEMORY, S_CORE_GLOBAL,
                                          S_CORE_TAG };
        if (!wf_instance_export(ci->inst, name, &ext) || kinds[ext.kind] != sort)
            return wf_fail(s->err, WF_ERR_LINK, 0, "core instance has no export '%s' of that kind", name);
        *out = ext.kind == WF_EXTERN_FUNC ? (void *)ext.of.func :
               ext.kind == WF_EXTERN_TABLE ? (void *)ext.of.table :
               ext.kind == WF_EXTERN_MEMORY ? (void *)ext.of.memory :
               ext.kind == WF_EXTERN_TAG ? (void *)ext.of.tag : (void *)ext.of.global;
        return true;
    }
    for (uint32_t i = 0; i < ci->n; i++)
        if (!strcmp(ci->names[i], name) && ci->sorts[i] == sort) {
            *out = ci->items[i];
            return true;
        }
    return wf_fail(s->err, WF_ERR_LINK, 0, "core instance has no export '%s' of that kind", name);
}

static bool core_instantiate(comp_scope *s, const cm_def *df, coreinst *ci)
{
    void *m;
    if (++s->cs->ninstances > COMP_MAX_INSTANCES)
        return wf_fail(s->err, WF_ERR_LIMIT, 0, "too many instances (limit %d)", COMP_MAX_INSTANCES);
    if (!get(s, SP_CORE_MODULE, df->u.inst.of, &m))
        return false;
    size_t n = wf_module_import_count(m);
    wf_extern *imps = calloc(n + 1, sizeof *imps);
    if (!imps)
        return wf_fail(s->err, WF_ERR_LIMIT, 0, "out of memory");
    bool ok = true;
    for (size_t i = 0; ok && i < n; i++) {
        const char *mod, *nm;
        wf_externkind kind;
        wf_module_import(m, i, &mod, &nm, &kind);
        uint32_t a = 0;
        while (a < df->u.inst.n && strcmp(df->u.inst.args[a].name, mod))
            a++;
        void *cip, *item;
        if (a == df->u.inst.n) {
            ok = wf_fail(s->err, WF_ERR_LINK, 0, "core instantiation: no argument '%s'", mod);
            break;
        }
        ok = get(s, SP_CORE_INSTANCE, df->u.inst.args[a].si.idx, &cip) &&
             coreinst_export(s, cip, nm, (uint16_t)(S_CORE | kind), &item);
        if (ok) {
            imps[i].kind = kind;
            imps[i].of.func = item;   /* every member is a pointer */
            if (kind == WF_EXTERN_TABLE) imps[i].of.table = item;
            if (kind == WF_EXTERN_MEMORY) imps[i].of.memory = item;
            if (kind == WF_EXTERN_GLOBAL) imps[i].of.global = item;
            if (kind == WF_EXTERN_TAG) imps[i].of.tag = item;
        }
    }
    if (ok) {
        ci->inst = wf_instance_new(s->cs->store, m, imps, n, s->err);
        ok = ci->inst != NULL;
    }
    free(imps);
    return ok;
}

static bool def_core_instance(comp_scope *s, const cm_def *df)
{
    coreinst *ci = aalloc(s, sizeof *ci);
    if (!ci)
        return wf_fail(s->err, WF_ERR_LIMIT, 0, "out of memory");
    if (!df->u.inst.inline_) {
        if (!core_instantiate(s, df, ci))
            return false;
        return push(s, SP_CORE_INSTANCE, ci);
    }
    ci->n = df->u.inst.n;
    ci->names = aalloc(s, ci->n * sizeof *ci->names);
    ci->sorts = aalloc(s, ci->n * sizeof *ci->sorts);
    ci->items = aalloc(s, ci->n * sizeof *ci->items);
    if (!ci->names || !ci->sorts || !ci->items)
        return wf_fail(s->err, WF_ERR_LIMIT, 0, "out of memory");
    for (uint32_t i = 0; i < ci->n; i++) {
        const cm_arg *a = &df->u.inst.args[i];
        if (a->si.sort > S_CORE_TAG)
            return wf_fail(s->err, WF_ERR_INVALID, 0, "unsupported core export sort");
        ci->names[i] = a->name;
        ci->sorts[i] = a->si.sort;
        if (!get(s, space_of(a->si.sort), a->si.idx, &ci->items[i]))
            return false;
    }
    return push(s, SP_CORE_INSTANCE, ci);
}

static bool instantiate_closure(comp_scope *s, comp_closure *cl, const comp_export *args,
                                uint32_t nargs, comp_inst **out);

static bool def_instance(comp_scope *s, const cm_def *df)
{
    uint32_t n = df->u.inst.n;
    comp_export *items = aalloc(s, (n + 1) * sizeof *items);
    if (!items)
        return wf_fail(s->err, WF_ERR_LIMIT, 0, "out of memory");
    for (uint32_t i = 0; i < n; i++) {
        const cm_arg *a = &df->u.inst.args[i];
        if (a->si.sort >= S_CORE && a->si.sort != S_CORE_MODULE)
            return wf_fail(s->err, WF_ERR_INVALID, 0, "bad sort in instance");
        items[i].name = a->name;
        items[i].item.sort = a->si.sort;
        if (!get(s, space_of(a->si.sort), a->si.idx, &items[i].item.p))
            return false;
    }
    comp_inst *inst = NULL;
    if (df->u.inst.inline_) {
        inst = aalloc(s, sizeof *inst);
        if (!inst)
            return wf_fail(s->err, WF_ERR_LIMIT, 0, "out of memory");
        inst->exports = items;
        inst->nexports = inst->cap = n;
    } else {
        void *cl;
        if (!get(s, SP_COMPONENT, df->u.inst.of, &cl) ||
            !instantiate_closure(s, cl, items, n, &inst))
            return false;
    }
    return push(s, SP_INSTANCE, inst);
}

static bool def_alias(comp_scope *s, const cm_alias *a)
{
    void *p;
    int sp = space_of(a->sort);
    if (a->kind == 2)
        return outer_get(s, a->inst, a->sort, a->idx, &p) && push(s, sp, p);
    if (a->kind == 1) {
        if (a->sort > S_CORE_TAG || a->sort < S_CORE)
            return wf_fail(s->err, WF_ERR_INVALID, 0, "bad core export alias sort");
        return get(s, SP_CORE_INSTANCE, a->inst, &p) && coreinst_export(s, p, a->name, a->sort, &p) &&
               push(s, sp, p);
    }
    if (!get(s, SP_INSTANCE, a->inst, &p))
        return false;
    comp_item *it = comp_inst_find(p, a->name);
    if (!it || it->sort != a->sort)
        return wf_fail(s->err, WF_ERR_INVALID, 0, "instance has no export '%s' of that sort", a->name);
    return push(s, sp, it->p);
}

static bool core_func_arg(comp_scope *s, bool has, uint32_t idx, wf_func **out)
{
    void *p = NULL;
    if (has && !get(s, SP_CORE_FUNC, idx, &p))
        return false;
    *out = p;
    return true;
}


/* The async ABI's built-ins (async_builtin.c, stream.c): their type
 * immediate is a value type for task.return, a stream/future type for the
 * stream./future. ones. */
static bool def_async_canon(comp_scope *s, const cm_def *df, wf_memory *mem)
{
    const cm_opts *o = &df->u.canon.opts;
    uint8_t op = df->u.canon.op;
    comp_type *t = NULL;
    wf_func *re = NULL;
    void *p;
    if (op == C_TASK_RETURN) {
        if (!valtype(s, df->u.canon.type, &t))
            return false;
    } else if (op >= C_STREAM_NEW && op <= C_FUTURE_DROP_W) {
        if (!get(s, SP_TYPE, df->u.canon.type, &p))
            return false;
        t = p;
        if (!t || (t->kind != T_STREAM && t->kind != T_FUTURE))
            return wf_fail(s->err, WF_ERR_INVALID, 0, "not a stream or future type");
    }
    if (!core_func_arg(s, o->has_realloc, o->realloc, &re))
        return false;
    void *table = NULL;
    if (op == C_THREAD_NEW_INDIRECT && !get(s, SP_CORE_TABLE, df->u.canon.idx, &table))
        return false;
    wf_func *cf = async_builtin(s->cs->store, &s->cs->arena, s->self, df, t, mem, re, table,
                                s->err);
    return cf && push(s, SP_CORE_FUNC, cf);
}

static bool def_canon(comp_scope *s, const cm_def *df)
{
    const cm_opts *o = &df->u.canon.opts;
    void *mem = NULL, *p;
    if (o->has_memory && !get(s, SP_CORE_MEMORY, o->memory, &mem))
        return false;
    if (df->u.canon.op == C_LIFT) {
        comp_func *f = aalloc(s, sizeof *f);
        if (!f || !get(s, SP_CORE_FUNC, df->u.canon.func, &p))
            return f ? false : wf_fail(s->err, WF_ERR_LIMIT, 0, "out of memory");
        f->core = p;
        f->opts = *o;
        f->memory = mem;
        f->inst = s->self;
        if (!core_func_arg(s, o->has_realloc, o->realloc, &f->realloc_) ||
            !core_func_arg(s, o->has_post, o->post, &f->post) ||
            !core_func_arg(s, o->has_callback, o->callback, &f->callback_) ||
            !get(s, SP_TYPE, df->u.canon.type, &p))
            return false;
        f->type = p;
        if (!f->type || f->type->kind != T_FUNC)
            return wf_fail(s->err, WF_ERR_INVALID, 0, "canon lift: not a function type");
        uint8_t ps[32], rs[32];
        uint32_t np, nr;
        const wf_functype *ct = wf_func_type(f->core);
        if (!canon_core_type_opts(f->type, false, o, ps, &np, rs, &nr) || np != ct->nparams ||
            nr != ct->nresults || (np && memcmp(ps, ct->params, np)) ||
            (nr && memcmp(rs, ct->results, nr)))
            return wf_fail(s->err, WF_ERR_INVALID, 0, "canon lift: core function type mismatch");
        if (!canon_check_opts(f->type, true, o, f->realloc_, f->post, s->err))
            return false;
        return push(s, SP_FUNC, f);
    }
    if (df->u.canon.op == C_LOWER) {
        wf_func *re;
        if (!get(s, SP_FUNC, df->u.canon.func, &p) ||
            !core_func_arg(s, o->has_realloc, o->realloc, &re))
            return false;
        comp_func *callee = p;
        if (callee->type && callee->type->kind == T_FUNC &&
            !canon_check_opts(callee->type, false, o, re, NULL, s->err))
            return false;
        wf_func *cf = canon_lower(s->cs->store, &s->cs->arena, s->cs->host, p, s->self, o, mem, re,
                                  s->err);
        return cf && push(s, SP_CORE_FUNC, cf);
    }
    if (df->u.canon.op > C_RES_REP)
        return def_async_canon(s, df, mem);
    if (!get(s, SP_TYPE, df->u.canon.type, &p))
        return false;
    comp_type *rt = p;
    if (!rt || rt->kind != T_RESOURCE)
        return wf_fail(s->err, WF_ERR_INVALID, 0, "canon resource function of a non-resource type");
    if (df->u.canon.op != C_RES_DROP && rt->res->owner != s->self)
        return wf_fail(s->err, WF_ERR_INVALID, 0, "resource.new/rep of a resource not defined here");
    wf_func *cf = canon_resource_fn(s->cs->store, &s->cs->arena, df->u.canon.op, rt->res, s->self);
    if (!cf)
        return wf_fail(s->err, WF_ERR_LIMIT, 0, "out of memory");
    return push(s, SP_CORE_FUNC, cf);
}

/* Semver-compatible host lookups happen in comp_host_instance; nested
 * instantiations match argument names exactly. */
static bool supplied(comp_scope *s, const char *name, comp_item *out)
{
    if (!s->outer) {
        comp_inst *hi = comp_host_instance(s->cs->host, name);
        if (!hi)
            return wf_fail(s->err, WF_ERR_LINK, 0, "unknown import: %s", name);
        *out = (comp_item){ S_INSTANCE, hi };
        return true;
    }
    for (uint32_t i = 0; i < s->nargs; i++)
        if (!strcmp(s->args[i].name, name)) {
            *out = s->args[i].item;
            return true;
        }
    return wf_fail(s->err, WF_ERR_LINK, 0, "missing instantiation argument: %s", name);
}

static bool def_import(comp_scope *s, const cm_def *df)
{
    const cm_externdesc *d = &df->u.import.desc;
    comp_item it = {0};
    void *tp;
    if (!supplied(s, df->u.import.name, &it))
        return false;
    if (!sort_matches(it.sort, d->kind))
        return wf_fail(s->err, WF_ERR_LINK, 0, "incompatible import type: %s", df->u.import.name);
    if (d->kind == 5) {
        comp_inst *ti;
        if (!get(s, SP_TYPE, d->idx, &tp))
            return false;
        comp_type *t = tp;
        if (!t || t->kind != T_INSTANCE)
            return wf_fail(s->err, WF_ERR_INVALID, 0, "instance import of a non-instance type");
        if (!typed_instance((comp_scope *)(void *)t->ret, (const cm_type *)(void *)t->labels,
                            it.p, df->u.import.name, &ti))
            return false;
        it.p = ti;
    } else if (d->kind == 1) {
        comp_func *f = it.p;
        if (!get(s, SP_TYPE, d->idx, &tp))
            return false;
        if (!tp || ((comp_type *)tp)->kind != T_FUNC)
            return wf_fail(s->err, WF_ERR_INVALID, 0, "func import of a non-function type");
        if (f->type && !type_eq(f->type, tp, 0))
            return wf_fail(s->err, WF_ERR_LINK, 0, "incompatible import type: %s (function type differs)",
                           df->u.import.name);
        if (!f->type) {
            comp_func *g = aalloc(s, sizeof *g);
            if (!g)
                return wf_fail(s->err, WF_ERR_LIMIT, 0, "out of memory");
            *g = *f;
            g->type = tp;
            it.p = g;
        }
    } else if (d->kind == 3 && !d->sub_resource) {
        if (!get(s, SP_TYPE, d->idx, &tp))
            return false;
        if (!same_resource(tp, it.p) || !type_eq(tp, it.p, 0))
            return wf_fail(s->err, WF_ERR_LINK, 0, "incompatible import type: %s", df->u.import.name);
    }
    if (d->kind == 3 && !(it.p = named_copy(s, it.p)))
        return wf_fail(s->err, WF_ERR_LIMIT, 0, "out of memory");
    return push(s, space_of(it.sort), it.p);
}

static bool def_export(comp_scope *s, const cm_def *df)
{
    const cm_sortidx *si = &df->u.export_.si;
    void *p;
    if (si->sort >= S_CORE && si->sort != S_CORE_MODULE)
        return wf_fail(s->err, WF_ERR_INVALID, 0, "export of a core sort");
    if (!get(s, space_of(si->sort), si->idx, &p))
        return false;
    if (si->sort == S_FUNC) {
        const comp_type *ft = ((comp_func *)p)->type;
        void *asc;
        if (df->u.export_.has_desc) {
            /* An ascribed type must be the same function type. */
            if (df->u.export_.desc.kind != 1 || !get(s, SP_TYPE, df->u.export_.desc.idx, &asc) ||
                !asc || ((comp_type *)asc)->kind != T_FUNC || (ft && !type_eq(ft, asc, 0)))
                return s->err->msg[0] ? false :
                       wf_fail(s->err, WF_ERR_INVALID, 0, "export type does not match");
            ft = asc;
        }
        if (ft && !visible(ft, 0))
            return wf_fail(s->err, WF_ERR_INVALID, 0, "func not valid to be used as export");
    } else if (si->sort == S_TYPE) {
        if (p && !visible_parts(p))
            return wf_fail(s->err, WF_ERR_INVALID, 0, "type not valid to be used as export");
        if (!(p = named_copy(s, p)))
            return wf_fail(s->err, WF_ERR_LIMIT, 0, "out of memory");
    }
    if (!comp_inst_add(&s->cs->arena, s->self, df->u.export_.name, si->sort, p))
        return wf_fail(s->err, WF_ERR_LIMIT, 0, "out of memory");
    return push(s, space_of(si->sort), p);
}

static bool run_defs(comp_scope *s, const comp_component *c)
{
    for (uint32_t i = 0; i < c->ndefs; i++) {
        const cm_def *df = &c->defs[i];
        bool ok = true;
        comp_type *t;
        switch (df->kind) {
        case D_CORE_MODULE: ok = push(s, SP_CORE_MODULE, df->u.module); break;
        case D_CORE_INSTANCE: ok = def_core_instance(s, df); break;
        case D_CORE_TYPE: ok = push(s, SP_CORE_TYPE, NULL); break;
        case D_COMPONENT: {
            comp_closure *cl = aalloc(s, sizeof *cl);
            ok = cl != NULL;
            if (ok) {
                cl->def = df->u.component;
                cl->scope = s;
                ok = push(s, SP_COMPONENT, cl);
            }
            break;
        }
        case D_INSTANCE: ok = def_instance(s, df); break;
        case D_ALIAS: ok = def_alias(s, &df->u.alias); break;
        case D_TYPE: ok = eval_type(s, df->u.type, &t) && push(s, SP_TYPE, t); break;
        case D_CANON: ok = def_canon(s, df); break;
        case D_IMPORT: ok = def_import(s, df); break;
        case D_EXPORT: ok = def_export(s, df); break;
        default: ok = wf_fail(s->err, WF_ERR_INVALID, 0, "unsupported definition");
        }
        if (!ok) {
            if (!s->err->offset)
                s->err->offset = df->offset;
            return false;
        }
    }
    return true;
}

/* Nested scopes stay alive until the store goes: closures made inside
 * them may be instantiated later and alias outward. */
static bool instantiate_closure(comp_scope *s, comp_closure *cl, const comp_export *args,
                                uint32_t nargs, comp_inst **out)
{
    if (++s->cs->ninstances > COMP_MAX_INSTANCES)
        return wf_fail(s->err, WF_ERR_LIMIT, 0, "too many instances (limit %d)", COMP_MAX_INSTANCES);
    comp_scope *ns = aalloc(s, sizeof *ns);
    comp_inst *self = aalloc(s, sizeof *self);
    if (!ns || !self)
        return wf_fail(s->err, WF_ERR_LIMIT, 0, "out of memory");
    *ns = (comp_scope){ .outer = cl->scope, .self = self, .cs = s->cs, .args = args,
                        .nargs = nargs, .err = s->err };
    self->may_leave = self->may_enter = true;
    self->arena = &s->cs->arena;
    self->sched = s->cs->sched;
    self->parent = s->self;
    ns->next = s->cs->scopes;
    s->cs->scopes = ns;
    *out = self;
    return run_defs(ns, cl->def);
}

/* ---- the root ---------------------------------------------------------- */

typedef struct comp_root {
    struct comp_store_ cs;
    comp_scope scope;
    comp_inst self;
} comp_root;

comp_root *comp_instantiate(const comp_component *c, comp_host *host, wf_error *err);
void comp_root_free(comp_root *r);
comp_inst *comp_root_exports(comp_root *r);
struct comp_store_ *comp_root_store(comp_root *r);

comp_root *comp_instantiate(const comp_component *c, comp_host *host, wf_error *err)
{
    comp_root *r = calloc(1, sizeof *r);
    if (!r) {
        wf_fail(err, WF_ERR_LIMIT, 0, "out of memory");
        return NULL;
    }
    r->cs.store = wf_store_new();
    r->cs.host = host;
    r->cs.sched = r->cs.store ? async_sched_new(r->cs.store) : NULL;
    r->self.sched = r->cs.sched;
    r->self.may_leave = r->self.may_enter = true;
    r->self.arena = &r->cs.arena;
    r->scope = (comp_scope){ .self = &r->self, .cs = &r->cs, .err = err };
    if (r->cs.store && comp_host_store_setup(host, r->cs.store)) {
        wf_fail(err, WF_ERR_LIMIT, 0, "store setup failed");
        comp_root_free(r);
        return NULL;
    }
    if (!r->cs.store || !r->cs.sched || !run_defs(&r->scope, c)) {
        if (!r->cs.store || !r->cs.sched)
            wf_fail(err, WF_ERR_LIMIT, 0, "out of memory");
        comp_root_free(r);
        return NULL;
    }
    return r;
}

comp_inst *comp_root_exports(comp_root *r) { return &r->self; }
struct comp_store_ *comp_root_store(comp_root *r) { return &r->cs; }

void comp_root_free(comp_root *r)
{
    if (!r)
        return;
    scope_free(&r->scope);
    for (comp_scope *n = r->cs.scopes; n; n = n->next)
        scope_free(n);
    async_sched_free(r->cs.sched);
    wf_store_free(r->cs.store);
    wf_arena_free(&r->cs.arena);
    free(r);
}

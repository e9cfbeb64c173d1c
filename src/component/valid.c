/* valid.c — component validation at load time (Explainer.md "Validation",
 * Binary.md): every definition of a component, of its nested components
 * and of its type declarators is checked once, in order, against index
 * spaces that hold the type of each item (valid.h). Instantiation relies on
 * what is checked here but still checks what it needs for memory safety. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "valid.h"
#include "../binary/binary.h"

bool vfail(vctx *v, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char msg[200];
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return wf_fail(v->err, WF_ERR_INVALID, v->offset, "%s", msg);
}

void *valloc(vctx *v, size_t n)
{
    void *p = wf_arena_alloc(&v->arena, n ? n : 1);
    if (!p)
        wf_fail(v->err, WF_ERR_LIMIT, v->offset, "out of memory");
    return p;
}

int vspace_of(uint16_t sort)
{
    switch (sort) {
    case S_FUNC: return VS_FUNC;
    case S_VALUE: return VS_VALUE;
    case S_TYPE: return VS_TYPE;
    case S_COMPONENT: return VS_COMPONENT;
    case S_INSTANCE: return VS_INSTANCE;
    case S_CORE_FUNC: return VS_CORE_FUNC;
    case S_CORE_TABLE: return VS_CORE_TABLE;
    case S_CORE_MEMORY: return VS_CORE_MEMORY;
    case S_CORE_GLOBAL: return VS_CORE_GLOBAL;
    case S_CORE_TAG: return VS_CORE_TAG;
    case S_CORE_TYPE: return VS_CORE_TYPE;
    case S_CORE_MODULE: return VS_CORE_MODULE;
    case S_CORE_INSTANCE: return VS_CORE_INSTANCE;
    }
    return -1;
}

static const char *const space_names[VS_N] = {
    "function", "value", "type", "component", "instance", "core function", "table",
    "memory", "global", "tag", "core type", "module", "core instance",
};

bool vpush(vctx *v, vscope *s, int sp, vty *t)
{
    if (s->n[sp] == s->cap[sp]) {
        uint32_t nc = s->cap[sp] ? s->cap[sp] * 2 : 16;
        vty **a = valloc(v, sizeof *a * nc);
        if (!a)
            return false;
        if (s->n[sp])
            memcpy(a, s->sp[sp], sizeof *a * s->n[sp]);
        s->sp[sp] = a;
        s->cap[sp] = nc;
    }
    s->sp[sp][s->n[sp]++] = t;
    return true;
}

bool vget(vctx *v, vscope *s, int sp, uint32_t idx, vty **out)
{
    if (idx >= s->n[sp])
        return vfail(v, "%s index out of bounds: %u", space_names[sp], idx);
    *out = s->sp[sp][idx];
    return true;
}

static bool add_ent(vctx *v, vent **list, uint32_t *n, uint32_t *cap, vent e)
{
    if (*n == *cap) {
        uint32_t nc = *cap ? *cap * 2 : 8;
        vent *a = valloc(v, sizeof *a * nc);
        if (!a)
            return false;
        if (*n)
            memcpy(a, *list, sizeof *a * *n);
        *list = a;
        *cap = nc;
    }
    (*list)[(*n)++] = e;
    return true;
}

static uint32_t hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (uint8_t)*s) * 16777619u;
    return h;
}

bool vset_find(const vset *set, const char *key, uint32_t *val)
{
    if (!set->cap)
        return false;
    for (uint32_t h = hash(key) & (set->cap - 1); set->keys[h]; h = (h + 1) & (set->cap - 1))
        if (!strcmp(set->keys[h], key)) {
            *val = set->vals[h];
            return true;
        }
    return false;
}

static bool vset_grow(vctx *v, vset *set)
{
    uint32_t nc = set->cap ? set->cap * 2 : 16;
    const char **k = valloc(v, sizeof *k * nc);
    uint32_t *vals = valloc(v, sizeof *vals * nc);
    if (!k || !vals)
        return false;
    for (uint32_t i = 0; i < set->cap; i++) {
        if (!set->keys[i])
            continue;
        uint32_t h = hash(set->keys[i]) & (nc - 1);
        while (k[h])
            h = (h + 1) & (nc - 1);
        k[h] = set->keys[i];
        vals[h] = set->vals[i];
    }
    set->keys = k;
    set->vals = vals;
    set->cap = nc;
    return true;
}

bool vset_add(vctx *v, vset *set, const char *key, uint32_t val, bool *added, uint32_t *prev)
{
    *added = false;
    if (vset_find(set, key, prev))
        return true;
    if ((set->n + 1) * 2 > set->cap && !vset_grow(v, set))
        return false;
    size_t len = strlen(key);
    char *copy = valloc(v, len + 1);
    if (!copy)
        return false;
    memcpy(copy, key, len + 1);
    uint32_t h = hash(key) & (set->cap - 1);
    while (set->keys[h])
        h = (h + 1) & (set->cap - 1);
    set->keys[h] = copy;
    set->vals[h] = val;
    set->n++;
    *added = true;
    return true;
}

/* An export of an instance (or core instance, module) type by name; long
 * lists get an index on first use. NULL if absent (or out of memory, with
 * the error set: callers fail either way). */
const vent *vfind_export(vctx *v, vty *t, const char *name)
{
    if (t->nexp > 8) {
        if (!t->index) {
            bool added;
            uint32_t prev;
            if (!(t->index = valloc(v, sizeof *t->index)))
                return NULL;
            for (uint32_t i = 0; i < t->nexp; i++)
                if (!vset_add(v, t->index, t->exp[i].name, i, &added, &prev))
                    return NULL;
        }
        uint32_t i;
        return vset_find(t->index, name, &i) ? &t->exp[i] : NULL;
    }
    for (uint32_t i = 0; i < t->nexp; i++)
        if (!strcmp(t->exp[i].name, name))
            return &t->exp[i];
    return NULL;
}

/* ---- core modules ----------------------------------------------------------- */

static uint8_t core_kind(uint16_t sort)
{
    switch (sort) {
    case S_CORE_FUNC: return T_CORE_FUNC;
    case S_CORE_TABLE: return VK_TABLE;
    case S_CORE_MEMORY: return VK_MEMORY;
    case S_CORE_GLOBAL: return VK_GLOBAL;
    }
    return VK_TAG;
}

static vty *core_entity(vctx *v, uint8_t kind)
{
    vty *t = valloc(v, sizeof *t);
    if (t)
        t->kind = kind;
    return t;
}

static vty *functype_of(vctx *v, const wf_module *m, uint32_t type_index)
{
    const wf_functype *ft = &m->types[type_index];
    return vt_core_func(v, ft->params, ft->nparams, ft->results, ft->nresults);
}

static vty *import_type(vctx *v, const wf_module *m, const bin_import *im)
{
    switch (im->kind) {
    case WF_EXTERN_FUNC:
        return functype_of(v, m, im->of.type_index);
    case WF_EXTERN_TABLE: {
        vty *t = core_entity(v, VK_TABLE);
        if (t) {
            t->elem = im->of.table.elem;
            t->lim = im->of.table.limits;
        }
        return t;
    }
    case WF_EXTERN_MEMORY: {
        vty *t = core_entity(v, VK_MEMORY);
        if (t)
            t->lim = im->of.memory.limits;
        return t;
    }
    case WF_EXTERN_GLOBAL: {
        vty *t = core_entity(v, VK_GLOBAL);
        if (t) {
            t->elem = im->of.global.type;
            t->mut = im->of.global.is_mutable;
        }
        return t;
    }
    case WF_EXTERN_TAG:
        /* As core_extern describes a declared tag: by its kind. */
        return core_entity(v, VK_TAG);
    }
    return NULL;
}

/* The type of an item of the module's own index spaces (imports first). */
static vty *export_type(vctx *v, const wf_module *m, const bin_export *ex)
{
    static const uint16_t sorts[5] = { S_CORE_FUNC, S_CORE_TABLE, S_CORE_MEMORY, S_CORE_GLOBAL,
                                       S_CORE_TAG };
    uint32_t nimp[5] = { m->nfunc_imports, m->ntable_imports, m->nmemory_imports, m->nglobal_imports,
                         m->ntag_imports };
    uint32_t k = ex->kind, i = ex->index;
    if (i < nimp[k])
        return import_type(v, m, &m->imports[m->kind_imports[k][i]]);
    i -= nimp[k];
    vty *t = core_entity(v, core_kind(sorts[k]));
    if (!t)
        return NULL;
    switch (ex->kind) {
    case WF_EXTERN_FUNC: return functype_of(v, m, m->funcs[i].type_index);
    case WF_EXTERN_TABLE: t->elem = m->tables[i].elem; t->lim = m->tables[i].limits; break;
    case WF_EXTERN_MEMORY: t->lim = m->memories[i].limits; break;
    case WF_EXTERN_GLOBAL: t->elem = m->globals[i].type.type; t->mut = m->globals[i].type.is_mutable; break;
    case WF_EXTERN_TAG: break;
    }
    return t;
}

static const uint16_t extern_sorts[5] = { S_CORE_FUNC, S_CORE_TABLE, S_CORE_MEMORY, S_CORE_GLOBAL,
                                          S_CORE_TAG };

bool dup_import(vctx *v, vset *names, const char *module, const char *name, uint32_t i)
{
    size_t n = strlen(module) + strlen(name) + 32;
    char *key = valloc(v, n);
    bool added;
    uint32_t prev;
    if (!key)
        return false;
    snprintf(key, n, "%zu:%s:%s", strlen(module), module, name);
    if (!vset_add(v, names, key, i, &added, &prev))
        return false;
    return added ? true : vfail(v, "duplicate import name `%s:%s`", module, name);
}

static vty *module_type(vctx *v, const wf_module *m)
{
    vty *t = core_entity(v, T_CORE_MODULE);
    if (!t)
        return NULL;
    t->nimp = m->nimports;
    t->nexp = m->nexports;
    t->imp = valloc(v, sizeof *t->imp * (t->nimp + 1));
    t->exp = valloc(v, sizeof *t->exp * (t->nexp + 1));
    if (!t->imp || !t->exp)
        return NULL;
    vset names = {0};
    for (uint32_t i = 0; i < m->nimports; i++) {
        const bin_import *im = &m->imports[i];
        /* Two-level names become one (module:name) in the component world. */
        if (!dup_import(v, &names, im->module, im->name, i))
            return NULL;
        t->imp[i] = (vent){ im->module, im->name, extern_sorts[im->kind], import_type(v, m, im) };
        if (!t->imp[i].t)
            return NULL;
    }
    for (uint32_t i = 0; i < m->nexports; i++) {
        const bin_export *ex = &m->exports[i];
        t->exp[i] = (vent){ NULL, ex->name, extern_sorts[ex->kind], export_type(v, m, ex) };
        if (!t->exp[i].t)
            return NULL;
    }
    return t;
}

/* ---- core instances ---------------------------------------------------------- */

static bool core_instantiate(vctx *v, vscope *s, const cm_def *df, vty **out)
{
    vty *mt;
    if (!vget(v, s, VS_CORE_MODULE, df->u.inst.of, &mt))
        return false;
    const cm_arg *args = df->u.inst.args;
    vset names = {0};
    bool added;
    uint32_t a;
    vty **given = valloc(v, sizeof *given * (df->u.inst.n + 1));
    if (!given)
        return false;
    for (uint32_t i = 0; i < df->u.inst.n; i++) {
        if (!vset_add(v, &names, args[i].name, i, &added, &a))
            return false;
        if (!added)
            return vfail(v, "duplicate module instantiation argument named `%s`", args[i].name);
        if (!vget(v, s, VS_CORE_INSTANCE, args[i].si.idx, &given[i]))
            return false;
    }
    for (uint32_t i = 0; i < mt->nimp; i++) {
        const vent *im = &mt->imp[i];
        if (!vset_find(&names, im->module, &a))
            return vfail(v, "missing module instantiation argument named `%s`", im->module);
        const vent *ex = vfind_export(v, given[a], im->name);
        if (!ex)
            return vfail(v, "module instantiation argument `%s` does not export an item named `%s`",
                         im->module, im->name);
        if (!vt_core_sub(v, ex->t, im->t)) {
            char msg[256];
            snprintf(msg, sizeof msg, "%s", v->err->msg);
            return vfail(v, "type mismatch for export `%s` of module instantiation argument `%s`: %s",
                         im->name, im->module, msg);
        }
    }
    vty *t = core_entity(v, VK_CORE_INSTANCE);
    if (!t)
        return false;
    t->exp = mt->exp;
    t->nexp = mt->nexp;
    *out = t;
    return true;
}

static bool core_inline(vctx *v, vscope *s, const cm_def *df, vty **out)
{
    vty *t = core_entity(v, VK_CORE_INSTANCE);
    uint32_t cap = 0;
    vset names = {0};
    if (!t)
        return false;
    for (uint32_t i = 0; i < df->u.inst.n; i++) {
        const cm_arg *a = &df->u.inst.args[i];
        int sp = vspace_of(a->si.sort);
        vty *it;
        if (sp < VS_CORE_FUNC || sp > VS_CORE_TAG)
            return vfail(v, "core instance export must be a core item");
        if (!vget(v, s, sp, a->si.idx, &it))
            return false;
        bool added;
        uint32_t prev;
        if (!vset_add(v, &names, a->name, i, &added, &prev))
            return false;
        if (!added)
            return vfail(v, "export name `%s` already defined", a->name);
        if (!add_ent(v, &t->exp, &t->nexp, &cap, (vent){ NULL, a->name, a->si.sort, it }))
            return false;
    }
    *out = t;
    return true;
}

/* ---- component instances ------------------------------------------------------ */

/* The sort of an item as an entity, and its type. */
static bool entity(vctx *v, vscope *s, cm_sortidx si, vty **out)
{
    int sp = vspace_of(si.sort);
    if (sp < 0)
        return vfail(v, "bad sort");
    if (sp == VS_VALUE)
        return vfail(v, "values are not supported");
    return vget(v, s, sp, si.idx, out);
}

static const char *sort_word(uint16_t s)
{
    switch (s) {
    case S_FUNC: return "func"; case S_VALUE: return "value"; case S_TYPE: return "type";
    case S_COMPONENT: return "component"; case S_INSTANCE: return "instance";
    case S_CORE_MODULE: return "module";
    }
    return "core item";
}

/* Fresh identities for the resources ct made (imports are replaced by the
 * arguments already in m). */
static bool fresh_exports(vctx *v, vty *ct, vsubst *m)
{
    for (uint32_t i = 0; i < ct->nexp; i++) {
        vty *r = ct->exp[i].t;
        if (ct->exp[i].sort != S_TYPE || r->kind != T_RESOURCE || r->owner != ct)
            continue;
        bool mapped = false;
        for (uint32_t j = 0; j < m->n; j++)
            mapped |= m->from[j] == vt_rid(r);
        if (mapped)
            continue;
        vty *f = valloc(v, sizeof *f);
        if (!f || !vt_subst_add(v, m, vt_rid(r), f))
            return false;
        *f = *vt_rid(r);
        f->owner = NULL;
        f->local = false;
    }
    return true;
}

/* Bind the abstract resources of ct found in an imported instance's type
 * (want) to those of the argument (given), export by export. */
static bool bind(vctx *v, const vty *ct, vty *want, vty *given, vsubst *m, int depth)
{
    if (depth > COMP_MAX_TYPE_DEPTH)
        return vfail(v, "instance types nested too deeply");
    for (uint32_t i = 0; i < want->nexp; i++) {
        const vent *w = &want->exp[i], *g = vfind_export(v, given, w->name);
        if (!g || g->sort != w->sort)
            continue;   /* vt_sub reports it */
        if (w->sort == S_INSTANCE && !bind(v, ct, w->t, g->t, m, depth + 1))
            return false;
        if (w->sort == S_TYPE && w->t->kind == T_RESOURCE && w->t->owner == ct &&
            g->t->kind == T_RESOURCE && !vt_subst_add(v, m, vt_rid(w->t), g->t))
            return false;
    }
    return true;
}

static bool instantiate(vctx *v, vscope *s, const cm_def *df, vty **out)
{
    vty *ct;
    if (!vget(v, s, VS_COMPONENT, df->u.inst.of, &ct))
        return false;
    const cm_arg *args = df->u.inst.args;
    uint32_t n = df->u.inst.n;
    vty **given = valloc(v, sizeof *given * (n + 1));
    vent *argv = valloc(v, sizeof *argv * (n + 1));
    vset canon = {0}, exact = {0};
    bool added;
    uint32_t a;
    if (!given || !argv)
        return false;
    for (uint32_t i = 0; i < n; i++) {
        argv[i].name = args[i].name;
        if (!vname_unique(v, &canon, argv, args[i].name, i, "instantiation argument") ||
            !vset_add(v, &exact, args[i].name, i, &added, &a))
            return false;
        if (!entity(v, s, args[i].si, &given[i]))
            return false;
    }
    vsubst m = {0};
    for (uint32_t i = 0; i < ct->nimp; i++) {
        const vent *im = &ct->imp[i];
        if (!vset_find(&exact, im->name, &a))
            return vfail(v, "missing import named `%s`", im->name);
        if (args[a].si.sort != im->sort)
            return vfail(v, "expected %s, found %s for import `%s`", sort_word(im->sort),
                         sort_word(args[a].si.sort), im->name);
        bool bound = false;
        for (uint32_t j = 0; j < m.n; j++)
            bound |= m.from[j] == vt_rid(im->t);
        /* (eq $a) of an earlier abstract import is compared, not bound */
        if (im->sort == S_TYPE && im->t->kind == T_RESOURCE && im->t->owner == ct && !bound) {
            if (given[a]->kind != T_RESOURCE)
                return vfail(v, "expected resource, found defined type for import `%s`", im->name);
            if (!vt_subst_add(v, &m, vt_rid(im->t), given[a]))
                return false;
            continue;
        }
        if (im->sort == S_INSTANCE && !bind(v, ct, im->t, given[a], &m, 0))
            return false;
        if (im->sort == S_TYPE && im->t->dep && im->t->named_in == ct) {
            /* an imported (eq T) stands for the argument from here on */
            if (!vt_sub(v, S_TYPE, given[a], im->t, &m, im->name)) {
                char msg[256];
                snprintf(msg, sizeof msg, "%s", v->err->msg);
                return vfail(v, "type mismatch for import `%s`: %s", im->name, msg);
            }
            if (!vt_subst_add(v, &m, im->t, given[a]))
                return false;
            continue;
        }
        if (!vt_sub(v, im->sort, given[a], im->t, &m, im->name)) {
            char msg[256];
            snprintf(msg, sizeof msg, "%s", v->err->msg);
            return vfail(v, "type mismatch for import `%s`: %s", im->name, msg);
        }
    }
    if (!fresh_exports(v, ct, &m))
        return false;
    vty *t = core_entity(v, T_INSTANCE);
    if (!t)
        return false;
    t->nexp = ct->nexp;
    t->exp = valloc(v, sizeof *t->exp * (ct->nexp + 1));
    if (!t->exp)
        return false;
    for (uint32_t i = 0; i < ct->nexp; i++) {
        t->exp[i] = ct->exp[i];
        if (!(t->exp[i].t = vt_subst(v, &m, ct->exp[i].t)))
            return false;
        t->res |= t->exp[i].t->res;
    }
    *out = t;
    return true;
}

static bool inline_instance(vctx *v, vscope *s, const cm_def *df, vty **out)
{
    vty *t = core_entity(v, T_INSTANCE);
    uint32_t cap = 0;
    vset names = {0};
    if (!t)
        return false;
    for (uint32_t i = 0; i < df->u.inst.n; i++) {
        const cm_arg *a = &df->u.inst.args[i];
        vty *it;
        if (!entity(v, s, a->si, &it))
            return false;
        /* annotated names resolve against the instance's own exports */
        vscope ts = { .self = t, .exp = t->exp, .nexp = t->nexp };
        if (!vname_implements(v, a->name, a->impl, a->si.sort) ||
            !vname_check(v, &ts, a->name, false, a->si.sort, it) ||
            !vname_unique(v, &names, t->exp, a->name, t->nexp, "export"))
            return false;
        if (a->si.sort == S_TYPE && !(it = name_index(v, it, t, false)))
            return false;
        if (!add_ent(v, &t->exp, &t->nexp, &cap, (vent){ NULL, a->name, a->si.sort, it }))
            return false;
        t->res |= it->res;
    }
    *out = t;
    return true;
}

/* ---- aliases ------------------------------------------------------------------ */

bool valid_alias(vctx *v, vscope *s, const cm_alias *a)
{
    int sp = vspace_of(a->sort);
    vty *t;
    if (sp < 0 || sp == VS_VALUE)
        return vfail(v, "values are not supported");
    if (s->declarator && a->sort != S_TYPE && a->sort != S_INSTANCE && a->sort != S_CORE_TYPE)
        return vfail(v, "an alias in a type declarator may only refer to types or instances");
    if (s->declarator && a->kind == 2 && a->sort == S_INSTANCE)
        return vfail(v, "an outer alias in a type declarator may only refer to types or instances");
    switch (a->kind) {
    case 0: {
        vty *it;
        if (!vget(v, s, VS_INSTANCE, a->inst, &it))
            return false;
        const vent *e = vfind_export(v, it, a->name);
        if (!e)
            return vfail(v, "instance %u has no export named `%s`", a->inst, a->name);
        if (e->sort != a->sort)
            return vfail(v, "instance %u export `%s` is a %s, not a %s", a->inst, a->name,
                         sort_word(e->sort), sort_word(a->sort));
        return vpush(v, s, sp, e->t);
    }
    case 1: {
        vty *it;
        if (!vget(v, s, VS_CORE_INSTANCE, a->inst, &it))
            return false;
        const vent *e = vfind_export(v, it, a->name);
        if (!e)
            return vfail(v, "core instance %u has no export named `%s`", a->inst, a->name);
        if (e->sort != a->sort)
            return vfail(v, "core instance %u export `%s` is not of the aliased kind", a->inst, a->name);
        return vpush(v, s, sp, e->t);
    }
    }
    /* outer: count scopes up; types that refer to resources may not cross
     * a component boundary (a resource belongs to its component). */
    vscope *o = s;
    bool crossed = false;
    for (uint32_t i = 0; i < a->inst; i++) {
        if (!o->parent)
            return vfail(v, "invalid outer alias count of %u", a->inst);
        crossed |= !o->declarator;
        o = o->parent;
    }
    if (!vget(v, o, sp, a->idx, &t))
        return false;
    if (crossed && a->sort == S_TYPE && t->res)
        return vfail(v, "canonical type transitively refers to resources not defined in the current component");
    return vpush(v, s, sp, t);
}

/* ---- canonical functions -------------------------------------------------------- */

static void sig_text(char *buf, size_t n, const uint8_t *t, uint32_t k)
{
    size_t o = 0;
    o += (size_t)snprintf(buf + o, n - o, "[");
    for (uint32_t i = 0; i < k && o < n; i++)
        o += (size_t)snprintf(buf + o, n - o, "%s%s", i ? ", " : "",
                              t[i] == WF_I32 ? "I32" : t[i] == WF_I64 ? "I64" : t[i] == WF_F32 ? "F32"
                              : t[i] == WF_F64 ? "F64" : "?");
    if (o < n)
        snprintf(buf + o, n - o, "]");
}

static bool opts_check(vctx *v, vscope *s, vty *ft, bool lift, const cm_opts *o)
{
    static const uint8_t four[4] = { WF_I32, WF_I32, WF_I32, WF_I32 };
    vty *mem, *re, *post;
    bool pmem = false, rmem = ft->ret && ft->ret->mem;
    uint64_t pflat = 0;
    for (uint32_t i = 0; i < ft->n; i++) {
        pmem |= ft->t[i]->mem;
        pflat += ft->t[i]->flat;
    }
    uint64_t rmax = o->async_ && lift ? 16 : 1;
    bool spill = pflat > (o->async_ && !lift ? 4 : 16) || (ft->ret && ft->ret->flat > rmax) ||
                 (o->async_ && !lift && ft->ret);
    if (o->async_ && !ft->async_)
        return vfail(v, "the `async` canonical option requires an async function type");
    if (o->has_callback && !o->async_)
        return vfail(v, "cannot specify callback without async");
    if (o->has_callback) {
        static const uint8_t three[3] = { WF_I32, WF_I32, WF_I32 };
        vty *cb;
        if (!lift)
            return vfail(v, "canonical option `callback` cannot be specified for lowerings");
        if (!vget(v, s, VS_CORE_FUNC, o->callback, &cb))
            return false;
        if (cb->ncp != 3 || cb->ncr != 1 || memcmp(cb->cp, three, 3) || cb->cr[0] != WF_I32)
            return vfail(v, "canonical option `callback` uses a core function with an incorrect signature");
    }
    if (o->has_post && o->async_)
        return vfail(v, "cannot specify post-return function in async");
    if (o->has_memory && !vget(v, s, VS_CORE_MEMORY, o->memory, &mem))
        return false;
    if (o->has_realloc) {
        if (!vget(v, s, VS_CORE_FUNC, o->realloc, &re))
            return false;
        if (re->ncp != 4 || re->ncr != 1 || memcmp(re->cp, four, 4) || re->cr[0] != WF_I32)
            return vfail(v, "canonical option `realloc` uses a core function with an incorrect signature");
        if (!o->has_memory)
            return vfail(v, "canonical option `realloc` requires `memory` to also be specified");
    }
    if ((pmem || rmem || spill) && !o->has_memory)
        return vfail(v, "canonical option `memory` is required");
    if ((lift ? pmem || pflat > 16 : rmem) && !o->has_realloc)
        return vfail(v, "canonical option `realloc` is required");
    if (o->has_post) {
        if (!lift)
            return vfail(v, "canonical option `post-return` cannot be specified for lowerings");
        if (!vget(v, s, VS_CORE_FUNC, o->post, &post))
            return false;
        uint8_t p[18], r[2];
        uint32_t np, nr;
        vt_flat_sig(v, ft, false, p, &np, r, &nr);
        if (post->ncr != 0 || post->ncp != nr || memcmp(post->cp, r, nr))
            return vfail(v, "canonical option `post-return` uses a core function with an incorrect signature");
    }
    return true;
}

static bool canon_lift(vctx *v, vscope *s, const cm_def *df)
{
    vty *core, *ft;
    if (!vget(v, s, VS_CORE_FUNC, df->u.canon.func, &core) ||
        !vget(v, s, VS_TYPE, df->u.canon.type, &ft))
        return false;
    if (ft->kind != T_FUNC)
        return vfail(v, "type index %u is not a function type", df->u.canon.type);
    if (!opts_check(v, s, ft, true, &df->u.canon.opts))
        return false;
    uint8_t p[18], r[2];
    uint32_t np, nr;
    char want[120], got[120];
    vt_flat_sig_opts(v, ft, false, &df->u.canon.opts, p, &np, r, &nr);
    if (np != core->ncp || memcmp(p, core->cp, np)) {
        sig_text(want, sizeof want, p, np);
        sig_text(got, sizeof got, core->cp, core->ncp);
        return vfail(v, "lowered parameter types `%s` do not match parameter types `%s` of core function %u",
                     want, got, df->u.canon.func);
    }
    if (nr != core->ncr || memcmp(r, core->cr, nr)) {
        sig_text(want, sizeof want, r, nr);
        sig_text(got, sizeof got, core->cr, core->ncr);
        return vfail(v, "lowered result types `%s` do not match result types `%s` of core function %u",
                     want, got, df->u.canon.func);
    }
    return vpush(v, s, VS_FUNC, ft);
}

/* The async ABI's built-ins: immediates checked, core types given. */
static bool canon_async(vctx *v, vscope *s, const cm_def *df)
{
    static const uint8_t i32s[16] = { WF_I32, WF_I32, WF_I32, WF_I32, WF_I32, WF_I32, WF_I32, WF_I32,
                                      WF_I32, WF_I32, WF_I32, WF_I32, WF_I32, WF_I32, WF_I32, WF_I32 };
    static const uint8_t i64[1] = { WF_I64 };
    const cm_opts *o = &df->u.canon.opts;
    uint8_t op = df->u.canon.op;
    uint32_t np = 0, nr = 0;
    vty *t = NULL, *mem;
    const uint8_t *rs = i32s;
    if (o->has_memory && !vget(v, s, VS_CORE_MEMORY, o->memory, &mem))
        return false;
    if (o->has_realloc && !vget(v, s, VS_CORE_FUNC, o->realloc, &mem))
        return false;
    if (op >= C_STREAM_NEW && op <= C_FUTURE_DROP_W) {
        if (!vget(v, s, VS_TYPE, df->u.canon.type, &t))
            return false;
        bool fut = op >= C_FUTURE_NEW;
        if (t->kind != (fut ? T_FUTURE : T_STREAM))
            return vfail(v, "`%s` is not a %s type", "type index", fut ? "future" : "stream");
        bool rw = op == C_STREAM_READ || op == C_STREAM_WRITE || op == C_FUTURE_READ ||
                  op == C_FUTURE_WRITE;
        vty *e = t->t[0];
        if (rw && e && !o->has_memory)
            return vfail(v, "canonical option `memory` is required");
        if ((op == C_STREAM_READ || op == C_FUTURE_READ) && e && e->mem && !o->has_realloc)
            return vfail(v, "canonical option `realloc` is required");
    }
    if ((op == C_ERR_NEW || op == C_ERR_DEBUG) && !o->has_memory)
        return vfail(v, "canonical option `memory` is required");
    if (op == C_ERR_DEBUG && !o->has_realloc)
        return vfail(v, "canonical option `realloc` is required");
    switch (op) {
    case C_TASK_RETURN: {
        uint8_t p[18];
        if (df->u.canon.type != VT_NONE) {
            if (!vt_valtype(v, s, df->u.canon.type, &t))
                return false;
            if (!vt_flatten(t, p, &np, 16)) {
                p[0] = WF_I32;
                np = 1;
            }
            if ((t->mem || (np == 1 && t->flat > 16)) && !o->has_memory)
                return vfail(v, "canonical option `memory` is required");
        }
        if (o->has_realloc || o->has_post || o->async_ || o->has_callback)
            return vfail(v, "cannot specify `realloc`, `post-return`, `async` or `callback` on task.return");
        vty *f = vt_core_func(v, p, np, p, 0);
        return f && vpush(v, s, VS_CORE_FUNC, f);
    }
    case C_CONTEXT_GET: case C_CONTEXT_SET:
        if (df->u.canon.idx >= 2)
            return vfail(v, "context slot index %u out of range", df->u.canon.idx);
        np = op == C_CONTEXT_SET;
        nr = op == C_CONTEXT_GET;
        break;
    case C_TASK_CANCEL: case C_BP_INC: case C_BP_DEC: break;
    case C_WSET_NEW: case C_THREAD_INDEX: case C_THREAD_YIELD: nr = 1; break;
    case C_THREAD_SUSPEND: nr = 1; break;
    case C_SUBTASK_DROP: case C_WSET_DROP: case C_STREAM_DROP_R: case C_STREAM_DROP_W:
    case C_FUTURE_DROP_R: case C_FUTURE_DROP_W: case C_ERR_DROP: case C_THREAD_RESUME_LATER:
        np = 1;
        break;
    case C_SUBTASK_CANCEL: case C_STREAM_CANCEL_R: case C_STREAM_CANCEL_W:
    case C_FUTURE_CANCEL_R: case C_FUTURE_CANCEL_W: case C_THREAD_SUSPEND_RESUME:
    case C_THREAD_YIELD_RESUME: case C_THREAD_SUSPEND_PROMOTE: case C_THREAD_YIELD_PROMOTE:
        np = nr = 1;
        break;
    case C_STREAM_NEW: case C_FUTURE_NEW: nr = 1; rs = i64; break;
    case C_STREAM_READ: case C_STREAM_WRITE: np = 3; nr = 1; break;
    case C_FUTURE_READ: case C_FUTURE_WRITE: np = 2; nr = 1; break;
    case C_ERR_NEW: np = 2; nr = 1; break;
    case C_ERR_DEBUG: np = 2; break;
    case C_WSET_WAIT: case C_WSET_POLL: np = 2; nr = 1; break;
    case C_WAITABLE_JOIN: np = 2; break;
    case C_THREAD_NEW_INDIRECT: np = 2; nr = 1; break;
    default:
        return vfail(v, "unsupported canonical function 0x%02x", op);
    }
    vty *f = vt_core_func(v, i32s, np, rs, nr);
    return f && vpush(v, s, VS_CORE_FUNC, f);
}

static bool canon_def(vctx *v, vscope *s, const cm_def *df)
{
    static const uint8_t i32[1] = { WF_I32 };
    vty *t;
    switch (df->u.canon.op) {
    case C_LIFT:
        return canon_lift(v, s, df);
    case C_LOWER: {
        uint8_t p[18], r[2];
        uint32_t np, nr;
        if (!vget(v, s, VS_FUNC, df->u.canon.func, &t) || !opts_check(v, s, t, false, &df->u.canon.opts))
            return false;
        vt_flat_sig_opts(v, t, true, &df->u.canon.opts, p, &np, r, &nr);
        return vpush(v, s, VS_CORE_FUNC, vt_core_func(v, p, np, r, nr));
    }
    }
    if (df->u.canon.op > C_RES_REP)
        return canon_async(v, s, df);
    if (!vget(v, s, VS_TYPE, df->u.canon.type, &t))
        return false;
    if (t->kind != T_RESOURCE)
        return vfail(v, "type index %u is not a resource type", df->u.canon.type);
    if (df->u.canon.op != C_RES_DROP && (!t->local || t->owner != s->self))
        return vfail(v, "type index %u is not a local resource", df->u.canon.type);
    vty *f = vt_core_func(v, i32, 1, i32, df->u.canon.op == C_RES_DROP ? 0 : 1);
    return f && vpush(v, s, VS_CORE_FUNC, f);
}

/* ---- imports and exports --------------------------------------------------------- */

static bool nominal(const vty *t)
{
    return t->kind == T_RESOURCE || t->kind == T_RECORD || t->kind == T_VARIANT ||
           t->kind == T_ENUM || t->kind == T_FLAGS;
}

/* An import or export of a nominal type makes a new index that names it in
 * scope `in` (the component or declarator); other types stay as they are. */
vty *name_index(vctx *v, vty *t, const vty *in, bool import)
{
    if (!nominal(t))
        return t;
    vty *w = valloc(v, sizeof *w);
    if (!w)
        return NULL;
    *w = *t;
    w->base = t->kind == T_RESOURCE ? vt_rid(t) : t;
    w->named_in = in;
    w->by_import = import;
    w->vis_in = NULL;
    w->vis_modes = 0;
    w->index = NULL;
    return w;
}

/* Visibility of what an import or export carries: every nominal type it
 * refers to must have been imported or exported before. */
static bool visible(vctx *v, const vty *in, uint16_t sort, vty *t, bool import)
{
    bool ok = true;
    if (sort == S_FUNC)
        ok = vt_visible(v, t, false, in, false, import);
    else if (sort == S_TYPE && t->kind != T_INSTANCE)
        ok = vt_visible(v, t, true, in, false, import);
    else if (sort == S_INSTANCE || sort == S_TYPE)
        /* what an instance refers to may be named by it (or another instance) */
        for (uint32_t i = 0; ok && i < t->nexp; i++)
            ok = t->exp[i].sort == S_TYPE ? vt_visible(v, t->exp[i].t, true, in, true, import)
                 : t->exp[i].sort == S_FUNC ? vt_visible(v, t->exp[i].t, false, in, true, import) : true;
    if (!ok)
        return vfail(v, "%s not valid to be used as %s", sort_word(sort), import ? "import" : "export");
    return true;
}

/* The instance as imported or exported by scope in: its type exports are
 * indices named there (a copy; nested instances too). */
static vty *name_instance(vctx *v, vty *t, const vty *in, bool import, int depth)
{
    if (depth > COMP_MAX_TYPE_DEPTH)
        return t;
    vty *c = valloc(v, sizeof *c);
    vent *e = valloc(v, sizeof *e * (t->nexp + 1));
    if (!c || !e)
        return NULL;
    *c = *t;
    c->index = NULL;
    c->exp = e;
    for (uint32_t i = 0; i < t->nexp; i++) {
        e[i] = t->exp[i];
        if (e[i].sort == S_INSTANCE)
            e[i].t = name_instance(v, e[i].t, in, import, depth + 1);
        else if (e[i].sort == S_TYPE)
            e[i].t = name_index(v, e[i].t, in, import);
        if (!e[i].t)
            return NULL;
    }
    return c;
}

/* An import or export of s (a component or a type declarator). */
bool valid_extern(vctx *v, vscope *s, const char *name, const char *impl, uint16_t sort, vty *t,
                  bool import)
{
    if (!vname_implements(v, name, impl, sort) || !vname_check(v, s, name, import, sort, t))
        return false;
    if (!vname_unique(v, import ? &s->impnames : &s->expnames, import ? s->imp : s->exp, name,
                      import ? s->nimp : s->nexp, import ? "import" : "export"))
        return false;
    /* Instance types defer visibility until used by an import or export. */
    if (!s->instance_type && !visible(v, s->self, sort, t, import))
        return false;
    if (sort == S_INSTANCE && !(t = name_instance(v, t, s->self, import, 0)))
        return false;
    if (sort == S_TYPE && !(t = name_index(v, t, s->self, import)))
        return false;
    if (sort == S_TYPE && import && t->named_in && t->kind != T_RESOURCE)
        t->dep = true;
    vent e = { NULL, name, sort, t };
    if (import ? !add_ent(v, &s->imp, &s->nimp, &s->capimp, e)
               : !add_ent(v, &s->exp, &s->nexp, &s->capexp, e))
        return false;
    return vpush(v, s, vspace_of(sort), t);
}

static bool def_import(vctx *v, vscope *s, const cm_def *df)
{
    uint16_t sort;
    vty *t;
    if (!vt_externdesc(v, s, &df->u.import.desc, &sort, &t))
        return false;
    return valid_extern(v, s, df->u.import.name, df->u.import.impl, sort, t, true);
}

static bool def_export(vctx *v, vscope *s, const cm_def *df)
{
    vty *t;
    uint16_t sort = df->u.export_.si.sort;
    if (!entity(v, s, df->u.export_.si, &t))
        return false;
    if (df->u.export_.has_desc) {
        uint16_t dsort;
        vty *dt;
        if (!vt_externdesc(v, s, &df->u.export_.desc, &dsort, &dt))
            return false;
        if (dsort != sort || !vt_sub(v, sort, t, dt, NULL, NULL)) {
            char msg[256];
            snprintf(msg, sizeof msg, "%s", dsort != sort ? "another sort" : v->err->msg);
            return vfail(v, "ascribed type of export is not compatible with item's type (%s)", msg);
        }
        if (sort != S_TYPE)
            t = dt;   /* the ascribed type may name exported types */
    }
    return valid_extern(v, s, df->u.export_.name, df->u.export_.impl, sort, t, false);
}

/* ---- components and type declarators --------------------------------------------- */

static bool valid_component(vctx *v, vscope *parent, const comp_component *c, vty **out);

static bool def(vctx *v, vscope *s, const cm_def *df)
{
    vty *t = NULL;
    v->offset = df->offset;
    switch (df->kind) {
    case D_CORE_MODULE:
        return (t = module_type(v, df->u.module)) && vpush(v, s, VS_CORE_MODULE, t);
    case D_CORE_INSTANCE:
        return (df->u.inst.inline_ ? core_inline(v, s, df, &t) : core_instantiate(v, s, df, &t)) &&
               vpush(v, s, VS_CORE_INSTANCE, t);
    case D_CORE_TYPE:
        return vt_core_type(v, s, df->u.type, &t) && vpush(v, s, VS_CORE_TYPE, t);
    case D_COMPONENT:
        return valid_component(v, s, df->u.component, &t) && vpush(v, s, VS_COMPONENT, t);
    case D_INSTANCE:
        return (df->u.inst.inline_ ? inline_instance(v, s, df, &t) : instantiate(v, s, df, &t)) &&
               vpush(v, s, VS_INSTANCE, t);
    case D_ALIAS:
        return valid_alias(v, s, &df->u.alias);
    case D_TYPE:
        return vt_deftype(v, s, df->u.type, &t) && vpush(v, s, VS_TYPE, t);
    case D_CANON:
        return canon_def(v, s, df);
    case D_IMPORT:
        return def_import(v, s, df);
    case D_EXPORT:
        return def_export(v, s, df);
    }
    return vfail(v, "unsupported definition");
}

/* A scope's imports and exports become t's, and what they reach (resources,
 * dependencies) is t's too. */
static void take_externs(vty *t, const vscope *s)
{
    t->imp = s->imp;
    t->nimp = s->nimp;
    t->exp = s->exp;
    t->nexp = s->nexp;
    for (uint32_t i = 0; i < t->nimp; i++) {
        t->res |= t->imp[i].t->res;
        t->dep |= t->imp[i].t->dep;
    }
    for (uint32_t i = 0; i < t->nexp; i++) {
        t->res |= t->exp[i].t->res;
        t->dep |= t->exp[i].t->dep;
    }
}

static bool valid_component(vctx *v, vscope *parent, const comp_component *c, vty **out)
{
    vscope s = { .parent = parent };
    vty *t = core_entity(v, T_COMPONENT);
    if (!t)
        return false;
    s.self = t;
    for (uint32_t i = 0; i < c->ndefs; i++)
        if (!def(v, &s, &c->defs[i]))
            return false;
    take_externs(t, &s);
    *out = t;
    return true;
}

/* The declarations of a component or instance type, into t. */
bool valid_decls(vctx *v, vscope *parent, const cm_type *d, vty *t)
{
    vscope s = { .parent = parent, .declarator = true, .self = t,
                 .instance_type = d->kind == T_INSTANCE };
    for (uint32_t i = 0; i < d->n; i++) {
        const cm_decl *dc = &d->decls[i];
        vty *x;
        uint16_t sort;
        bool ok;
        switch (dc->kind) {
        case 0: ok = vt_core_type(v, &s, dc->type, &x) && vpush(v, &s, VS_CORE_TYPE, x); break;
        case 1: ok = vt_deftype(v, &s, dc->type, &x) && vpush(v, &s, VS_TYPE, x); break;
        case 2: ok = valid_alias(v, &s, &dc->alias); break;
        default:
            ok = vt_externdesc(v, &s, &dc->desc, &sort, &x) &&
                 valid_extern(v, &s, dc->name, dc->impl, sort, x, dc->kind == 3);
        }
        if (!ok)
            return false;
    }
    take_externs(t, &s);
    return true;
}

bool comp_validate(const comp_component *c, wf_error *err)
{
    vctx v = { .err = err, .budget = 1u << 25 };
    vty *t;
    bool ok = valid_component(&v, NULL, c, &t);
    wf_arena_free(&v.arena);
    return ok;
}

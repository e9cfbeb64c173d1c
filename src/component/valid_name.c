/* valid_name.c — import and export names (Explainer.md "Import and export
 * definitions"): kebab-case plain names, interface names with a semver,
 * annotated names of resource functions and the types they require, and
 * strong uniqueness ("Name Uniqueness"). */
#include <ctype.h>
#include <string.h>
#include "valid.h"

static bool lower(char c) { return c >= 'a' && c <= 'z'; }
static bool upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool digit(char c) { return c >= '0' && c <= '9'; }

/* A label at s, up to (not including) a character of stop; *end after it.
 * Words of [a-z0-9] or of [A-Z0-9] joined by single '-', the first
 * starting with a letter. */
static bool label(const char *s, const char **end)
{
    const char *p = s;
    bool first = true;
    *end = s;
    for (;;) {
        bool lo = lower(*p), up = upper(*p);
        if (!lo && !up && !(digit(*p) && !first))
            return false;
        if (digit(*p)) {   /* a fragment of digits only takes its case from what follows */
            while (digit(*p))
                p++;
            lo = lower(*p);
            up = upper(*p);
        }
        while (lo ? lower(*p) || digit(*p) : up ? upper(*p) || digit(*p) : false)
            p++;
        first = false;
        if (*p != '-')
            break;
        p++;
    }
    *end = p;
    return p > s && p[-1] != '-';
}

/* Lower-case words only (namespaces and packages). */
static bool words(const char *s, const char **end)
{
    const char *p = s;
    *end = s;
    if (!lower(*p))
        return false;
    for (;;) {
        while (lower(*p) || digit(*p))
            p++;
        if (*p != '-')
            break;
        p++;
        if (!lower(*p) && !digit(*p))
            return false;
    }
    *end = p;
    return true;
}

static bool semver_num(vctx *v, const char **p, bool last)
{
    const char *s = *p;
    if (!**p)
        return vfail(v, **p || s == *p ? (s[-1] == '@' ? "empty string" : "unexpected end of input")
                                      : "unexpected end of input");
    if (!digit(**p))
        return vfail(v, "unexpected character '%c'", **p);
    if (**p == '0' && digit((*p)[1]))
        return vfail(v, "invalid leading zero");
    while (digit(**p))
        (*p)++;
    if (!last && **p != '.')
        return **p ? vfail(v, "unexpected character '%c'", **p) : vfail(v, "unexpected end of input");
    if (last && **p && **p != '-' && **p != '+')
        return vfail(v, "unexpected character '%c'", **p);
    if (!last)
        (*p)++;
    return true;
}

/* Dot-separated identifiers of [0-9A-Za-z-] (pre-release, build). */
static bool semver_ids(vctx *v, const char **p, const char *stop)
{
    for (;;) {
        const char *s = *p;
        while (isalnum((unsigned char)**p) || **p == '-')
            (*p)++;
        if (*p == s)
            return vfail(v, "empty identifier segment");
        if (**p != '.')
            break;
        (*p)++;
    }
    if (**p && !strchr(stop, **p))
        return vfail(v, "unexpected character '%c'", **p);
    return true;
}

static bool semver(vctx *v, const char *s)
{
    const char *p = s;
    if (!*p)
        return vfail(v, "empty string");
    if (!semver_num(v, &p, false) || !semver_num(v, &p, false) || !semver_num(v, &p, true))
        return false;
    if (*p == '-') {
        p++;
        if (!semver_ids(v, &p, "+"))
            return false;
    }
    if (*p == '+') {
        p++;
        if (!semver_ids(v, &p, ""))
            return false;
    }
    return true;
}

/* ns:pkg/iface@version */
static bool interface_name(vctx *v, const char *name)
{
    const char *p = name, *e;
    if (!words(p, &e) || *e != ':')
        return vfail(v, "`%s` is not in kebab case", name);
    p = e + 1;
    if (!words(p, &e))
        return vfail(v, "`%s` is not in kebab case", name);
    if (*e != '/')
        return vfail(v, "expected `/` after package name in `%s`", name);
    p = e + 1;
    if (!label(p, &e))
        return vfail(v, "`%s` is not in kebab case", name);
    if (*e == '@')
        return semver(v, e + 1);
    if (*e)
        return vfail(v, "trailing characters found: `%s`", e);
    return true;
}

/* A resource of this scope imported (or exported) under `r`. */
static vty *resource_named(vscope *s, bool import, const char *r, size_t n)
{
    const vent *list = import ? s->imp : s->exp;
    uint32_t cnt = import ? s->nimp : s->nexp;
    for (uint32_t i = 0; i < cnt; i++)
        if (list[i].sort == S_TYPE && list[i].t->kind == T_RESOURCE &&
            strlen(list[i].name) == n && !strncmp(list[i].name, r, n))
            return list[i].t;
    return NULL;
}

static bool is_own_of(const vty *t, const vty *r)
{
    return t && t->kind == T_OWN && vt_rid(t->ret) == vt_rid((vty *)r);
}

/* The function must refer to the resource through a type index named in
 * this scope (its import or export), not to the resource as defined. */
static bool named_here(vctx *v, const vscope *s, const vty *r)
{
    if (r->named_in != s->self)
        return vfail(v, "resource used in function does not have a name in this context");
    return true;
}

static bool annotated(vctx *v, vscope *s, const char *name, bool import, uint16_t sort, vty *t)
{
    static const char *const kinds[3] = { "[constructor]", "[method]", "[static]" };
    int k = 0;
    while (strncmp(name, kinds[k], strlen(kinds[k])))
        k++;
    const char *r = name + strlen(kinds[k]), *e, *f = NULL;
    if (!label(r, &e) || (k == 0 ? *e != 0 : *e != '.'))
        return *r && k && !*e && e > r ? vfail(v, "failed to find `.` character in `%s`", name)
                                       : vfail(v, "`%s` is not a valid extern name", name);
    if (k) {
        f = e + 1;
        const char *fe;
        if (!label(f, &fe) || *fe)
            return vfail(v, "`%s` is not a valid extern name", name);
    }
    if (!s)
        return true;   /* syntax only */
    if (sort != S_FUNC)
        return vfail(v, "item with annotated name `%s` is not a func", name);
    vty *res = resource_named(s, import, r, (size_t)(e - r));
    if (!res)
        return k == 2 ? vfail(v, "static resource name is not known in this context")
                      : vfail(v, "resource `%.*s` is not known in this context: function does not "
                                 "match expected resource name", (int)(e - r), r);
    if (k == 0) {
        const vty *ret = t->ret;
        if (!ret)
            return vfail(v, "function should return `(own $T)` or `(result (own $T))`");
        if (ret->kind == T_RESULT && is_own_of(ret->t[0], res))
            return named_here(v, s, ret->t[0]->ret);
        if (is_own_of(ret, res))
            return named_here(v, s, ret->ret);
        if ((ret->kind == T_OWN) || (ret->kind == T_RESULT && ret->t[0] && ret->t[0]->kind == T_OWN))
            return vfail(v, "function does not match expected resource name `%.*s`", (int)(e - r), r);
        return vfail(v, "function should return `(own $T)` or `(result (own $T))`");
    }
    if (k == 1) {
        if (t->n == 0)
            return vfail(v, "function should have at least one argument");
        if (strcmp(t->labels[0], "self"))
            return vfail(v, "function should have a first argument called `self`");
        if (t->t[0]->kind != T_BORROW)
            return vfail(v, "function should take a first argument of `(borrow $T)`");
        if (vt_rid(t->t[0]->ret) != vt_rid(res))
            return vfail(v, "function does not match expected resource name `%.*s`", (int)(e - r), r);
        return named_here(v, s, t->t[0]->ret);
    }
    return true;
}

bool vname_check(vctx *v, vscope *s, const char *name, bool import, uint16_t sort, vty *t)
{
    const char *e;
    if (name[0] == '[') {
        if (!strncmp(name, "[constructor]", 13) || !strncmp(name, "[method]", 8) ||
            !strncmp(name, "[static]", 8))
            return annotated(v, s, name, import, sort, t);
        return vfail(v, "`%s` is not a valid extern name", name);
    }
    if (strchr(name, ':'))
        return interface_name(v, name);
    if (!label(name, &e) || *e)
        return vfail(v, "`%s` is not in kebab case", name);
    return true;
}

/* (implements "ns:pkg/iface") on a plain-named instance import/export. */
bool vname_implements(vctx *v, const char *name, const char *impl, uint16_t sort)
{
    if (!impl)
        return true;
    if (sort != S_INSTANCE)
        return vfail(v, "only instances can have an `implements` attribute");
    if (!*impl)
        return vfail(v, "`` is not a valid name for `implements`");
    if (!strchr(impl, ':'))
        return vfail(v, "`implements` value `%s` must be an interface name", impl);
    if (!interface_name(v, impl))
        return false;
    if (strchr(name, ':') || name[0] == '[')
        return vfail(v, "name `%s` is not valid with `implements`", name);
    return true;
}

/* Strong uniqueness: lower-cased, and `[method]l.l`/`[static]l.l` are `l`
 * while other annotations (not [constructor]) are dropped. */
static void canonical(const char *name, char *out, size_t cap)
{
    const char *p = name;
    if (!strncmp(p, "[method]", 8) || !strncmp(p, "[static]", 8)) {
        p += 8;
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : 0;
        if (dot && strlen(dot + 1) == n && !strncasecmp(p, dot + 1, n)) {
            snprintf(out, cap, "%.*s", (int)n, p);
            goto lower;
        }
    }
    snprintf(out, cap, "%s", p);
lower:
    for (char *q = out; *q; q++)
        *q = (char)tolower((unsigned char)*q);
}

bool vname_unique(vctx *v, vset *set, const vent *names, const char *name, uint32_t idx,
                  const char *what)
{
    char a[1024];
    bool added;
    uint32_t prev;
    if (strlen(name) >= sizeof a)
        return vfail(v, "%s name too long", what);
    canonical(name, a, sizeof a);
    if (!vset_add(v, set, a, idx, &added, &prev))
        return false;
    if (!added)
        return vfail(v, "%s name `%s` conflicts with previous name `%s`", what, name, names[prev].name);
    return true;
}

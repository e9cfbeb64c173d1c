/* valid.h — internals of the component validator (valid*.c).
 *
 * comp_validate() walks a decoded component (and its nested components
 * and type declarators) once, building every index space with a *type* for
 * each item, so that all the checks of the component model's validation
 * (Explainer.md "Validation") happen at load time, instantiated or not.
 *
 * Types are vty nodes made once per definition; a type that names another
 * points at its node (a DAG), so no check ever expands a type. Resource
 * types are nodes compared by identity; instantiating a component type or
 * importing an instance type gives its abstract resources fresh nodes by a
 * memoized substitution (linear in the type's definitions). */
#ifndef WEFT_COMP_VALID_H
#define WEFT_COMP_VALID_H

#include "comp_int.h"

/* Kinds beyond the T_* codes: core entities and core instances. */
enum { VK_TABLE = 1, VK_MEMORY, VK_GLOBAL, VK_TAG, VK_CORE_INSTANCE };

typedef struct vty vty;

/* A set of strings (open addressing), each with a value; keeps checks of
 * names linear in their number. */
typedef struct vset { const char **keys; uint32_t *vals; uint32_t n, cap; } vset;

/* An import or export of an instance/component/module type, or of a core
 * instance: its name, sort (S_*) and type. For a core module import,
 * module is the first name. */
typedef struct vent {
    const char *module;
    const char *name;
    uint16_t sort;
    vty *t;
} vent;

struct vty {
    uint8_t kind;          /* T_* (prim codes, value kinds, T_FUNC, T_RESOURCE,
                              T_INSTANCE, T_COMPONENT, T_CORE_FUNC,
                              T_CORE_MODULE) or VK_* */
    bool res;              /* refers to a resource type, transitively */
    bool dep;              /* refers to a nominal type index made by an import
                              (instantiation substitutes its argument) */
    bool borrow;           /* contains a borrow handle */
    bool mem;              /* contains a string or list (needs memory) */
    bool local;            /* resource defined by this component */
    bool async_;           /* func: an async function type */
    const vty *named_in;   /* nominal type index made by an import or export:
                              the component or type declarator it is in */
    bool by_import;        /* such an index made by an import */
    vty *base;             /* such an index: the type it names (resources
                              keep their identity through it) */
    uint32_t n;            /* labels/parts/params */
    const char **labels;
    vty **t;               /* parts (NULL: no payload), params */
    vty *ret;              /* func result; own/borrow: the resource */
    vent *imp, *exp;       /* component/instance/core module/core instance */
    uint32_t nimp, nexp;
    const uint8_t *cp, *cr; /* core func params/results */
    uint32_t ncp, ncr;
    uint8_t elem;          /* table element, global value type */
    bool mut;              /* global */
    wf_limits lim;         /* table/memory */
    const char *rname;     /* resource: the name it was imported/exported as */
    const vty *owner;      /* resource: the component or type that made it */
    const vty *vis_in;     /* vt_visible found it visible in this scope, */
    uint8_t vis_modes;     /* for these modes (names only ever get added) */
    uint32_t depth;        /* value type nesting */
    uint32_t align;        /* in linear memory */
    uint64_t flat;         /* flattened core values (saturating) */
    uint64_t bytes;        /* size in linear memory (saturating) */
    vset *index;           /* exp by name, made on first lookup of a long list */
};

/* Outer aliases walk up this chain; declarators are scopes too. */
enum {
    VS_FUNC, VS_VALUE, VS_TYPE, VS_COMPONENT, VS_INSTANCE,
    VS_CORE_FUNC, VS_CORE_TABLE, VS_CORE_MEMORY, VS_CORE_GLOBAL, VS_CORE_TAG,
    VS_CORE_TYPE, VS_CORE_MODULE, VS_CORE_INSTANCE, VS_N
};

typedef struct vscope vscope;
struct vscope {
    vscope *parent;
    bool declarator;       /* a component or instance type, not a component */
    vty *self;             /* the component or type being made */
    bool instance_type;
    vty **sp[VS_N];
    uint32_t n[VS_N], cap[VS_N];
    vent *imp, *exp;       /* what this scope imports and exports so far */
    uint32_t nimp, nexp, capimp, capexp;
    vset impnames, expnames; /* canonical names (strong uniqueness) */
};

/* Pairs of value types found equal (under a substitution and its size). */
typedef struct veq { const void *a, *b, *m; uint32_t n; } veq;

typedef struct vctx {
    wf_arena arena;
    veq *eq;               /* open addressing; cap a power of two */
    uint32_t neq, capeq;
    wf_error *err;
    size_t offset;         /* of the definition being checked */
    uint32_t budget;       /* bounds the work of comparisons */
} vctx;

bool vfail(vctx *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void *valloc(vctx *v, size_t n);
int vspace_of(uint16_t sort);
bool vpush(vctx *v, vscope *s, int sp, vty *t);
/* Item idx of space sp, or an "index out of bounds" failure naming what. */
bool vget(vctx *v, vscope *s, int sp, uint32_t idx, vty **out);

/* valid.c */
/* Add key (copied) with val; if present, false with *prev its value. */
bool vset_add(vctx *v, vset *set, const char *key, uint32_t val, bool *added, uint32_t *prev);
bool vset_find(const vset *set, const char *key, uint32_t *val);
const vent *vfind_export(vctx *v, vty *t, const char *name);
/* Core imports (module, name) must be unique as pairs. */
bool dup_import(vctx *v, vset *names, const char *module, const char *name, uint32_t i);
bool valid_alias(vctx *v, vscope *s, const cm_alias *a);
vty *name_index(vctx *v, vty *t, const vty *in, bool import);
bool valid_extern(vctx *v, vscope *s, const char *name, const char *impl, uint16_t sort, vty *t,
                  bool import);
bool valid_decls(vctx *v, vscope *parent, const cm_type *d, vty *t);

/* valid_type.c */
vty *vt_prim(uint8_t code);
bool vt_deftype(vctx *v, vscope *s, const cm_type *d, vty **out);
bool vt_core_type(vctx *v, vscope *s, const cm_type *d, vty **out);
bool vt_valtype(vctx *v, vscope *s, uint32_t vt, vty **out);
bool vt_externdesc(vctx *v, vscope *s, const cm_externdesc *e, uint16_t *sort, vty **out);
vty *vt_core_func(vctx *v, const uint8_t *p, uint32_t np, const uint8_t *r, uint32_t nr);
/* Substitution of resource types: from[i] -> to[i]. */
typedef struct vsubst { vty **from, **to; uint32_t n, cap; vty **memo_k, **memo_v; uint32_t nmemo, capmemo; } vsubst;
bool vt_subst_add(vctx *v, vsubst *m, vty *from, vty *to);
vty *vt_subst(vctx *v, vsubst *m, vty *t);
/* Give an instance type's exported abstract resources fresh identities,
 * owned by owner (the component or type that imports the instance). */
vty *vt_freshen(vctx *v, vty *t, const vty *owner);
/* Is a (with resources mapped by m) a subtype of b? On failure, fail(). */
bool vt_sub(vctx *v, uint16_t sort, vty *a, vty *b, vsubst *m, const char *what);
bool vt_core_sub(vctx *v, vty *a, vty *b);
/* Flattened core signature of a component function. */
/* flatten_functype under options (the async ABI's lift and lower). */
bool vt_flat_sig_opts(vctx *v, vty *ft, bool lower, const cm_opts *o, uint8_t *p, uint32_t *np,
                      uint8_t *r, uint32_t *nr);
bool vt_flat_sig(vctx *v, vty *ft, bool lower, uint8_t *p, uint32_t *np, uint8_t *r, uint32_t *nr);
bool vt_flatten(vty *t, uint8_t *out, uint32_t *n, uint32_t cap);
/* Nominal types t refers to are all named in scope `in` (or, with inst,
 * by some instance type): external visibility. self: t's own name is not
 * needed. */
bool vt_visible(vctx *v, vty *t, bool self, const vty *in, bool inst, bool import);
/* A resource's identity. */
static inline vty *vt_rid(vty *r) { return r && r->base ? r->base : r; }

/* valid_name.c */
/* Check an import/export name; kind 'i' or 'e'. Returns a message or NULL. */
bool vname_check(vctx *v, vscope *s, const char *name, bool import, uint16_t sort, vty *t);
bool vname_implements(vctx *v, const char *name, const char *impl, uint16_t sort);
/* Strongly-unique check of name against the names in set (names[i] is the
 * name set's value i refers to); adds it. */
bool vname_unique(vctx *v, vset *set, const vent *names, const char *name, uint32_t idx,
                  const char *what);

#endif

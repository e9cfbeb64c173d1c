/* comp_run.c — running a wasi:cli/command component: instantiate against
 * the WASI 0.2 host, find the wasi:cli/run@0.2.x export and call `run`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "comp_int.h"

typedef struct comp_root comp_root;
comp_root *comp_instantiate(const comp_component *c, comp_host *host, wf_error *err);
void comp_root_free(comp_root *r);
comp_inst *comp_root_exports(comp_root *r);

/* The run export, by WASI's semver rule: any wasi:cli/run@0.2.x. */
static comp_func *find_run(comp_inst *exports)
{
    static const char prefix[] = "wasi:cli/run@0.2.";
    for (uint32_t i = 0; i < exports->nexports; i++) {
        comp_export *e = &exports->exports[i];
        if (strncmp(e->name, prefix, sizeof prefix - 1) || e->item.sort != S_INSTANCE)
            continue;
        comp_item *f = comp_inst_find(e->item.p, "run");
        if (f && f->sort == S_FUNC)
            return f->p;
    }
    return NULL;
}

static int trap_status(wf_trap *t)
{
    int code;
    if (wf_trap_exit_code(t, &code)) {
        wf_trap_free(t);
        return code;
    }
    fprintf(stderr, "Error: %s\n", wf_trap_message(t));
    const char *bt = wf_trap_backtrace(t);
    if (*bt)
        fprintf(stderr, "%s%s", bt, bt[strlen(bt) - 1] == '\n' ? "" : "\n");
    wf_trap_free(t);
    return 1;
}

int comp_run_command(const comp_component *c, comp_host *host, const char *file)
{
    wf_error err = {0};
    comp_root *root = comp_instantiate(c, host, &err);
    if (!root) {
        if (err.kind == WF_ERR_TRAP && !strncmp(err.msg, "exit ", 5))
            return (int)err.offset;
        fprintf(stderr, "Error: %s: %s\n", file, err.msg);
        return 1;
    }
    comp_func *run = find_run(comp_root_exports(root));
    int status = 0;
    if (!run) {
        fprintf(stderr, "Error: %s: no export wasi:cli/run@0.2.x with a `run` function\n", file);
        status = 1;
    } else if (!run->type || run->type->n != 0 || !run->type->ret ||
               run->type->ret->kind != T_RESULT) {
        fprintf(stderr, "Error: %s: wasi:cli/run `run` has the wrong type\n", file);
        status = 1;
    } else {
        wf_arena arena = {0};
        comp_val result = {0};
        wf_trap *t = comp_func_call(run, host, &arena, NULL, 0, &result);
        if (t)
            status = trap_status(t);
        else
            status = result.of.var.disc ? 1 : 0;
        wf_arena_free(&arena);
    }
    fflush(stdout);
    comp_root_free(root);
    return status;
}

/* ---- printing a component's world, WIT-like -------------------------- */

/* Names of the type indices of one scope (an instance type or the
 * component): the export or import name that introduced each, else NULL. */
typedef struct tnames { const char **name; const cm_type **def; uint32_t n, cap; } tnames;

static void tn_push(tnames *t, const char *name, const cm_type *def)
{
    if (t->n == t->cap) {
        uint32_t nc = t->cap ? t->cap * 2 : 16;
        const char **nn = realloc(t->name, nc * sizeof *nn);
        const cm_type **nd = nn ? realloc(t->def, nc * sizeof *nd) : NULL;
        if (nn)
            t->name = nn;
        if (!nd)
            return;
        t->def = nd;
        t->cap = nc;
    }
    t->name[t->n] = name;
    t->def[t->n++] = def;
}

static void print_valtype(const tnames *t, uint32_t vt, int depth);

static const char *prim_name(uint8_t k)
{
    static const char *names[] = { "string", "char", "f64", "f32", "u64", "s64", "u32", "s32",
                                   "u16", "s16", "u8", "s8", "bool" };
    return k >= T_STRING && k <= T_BOOL ? names[k - T_STRING] : "?";
}

static void print_def(const tnames *t, const cm_type *d, int depth)
{
    if (depth > 8) {
        fputs("...", stdout);
        return;
    }
    switch (d->kind) {
    case T_LIST: fputs("list<", stdout); print_valtype(t, d->types[0], depth + 1); putchar('>'); return;
    case T_OPTION: fputs("option<", stdout); print_valtype(t, d->types[0], depth + 1); putchar('>'); return;
    case T_TUPLE:
        fputs("tuple<", stdout);
        for (uint32_t i = 0; i < d->n; i++) {
            if (i)
                fputs(", ", stdout);
            print_valtype(t, d->types[i], depth + 1);
        }
        putchar('>');
        return;
    case T_RESULT:
        if (d->types[0] == VT_NONE && d->types[1] == VT_NONE) {
            fputs("result", stdout);
            return;
        }
        fputs("result<", stdout);
        if (d->types[0] == VT_NONE)
            putchar('_');
        else
            print_valtype(t, d->types[0], depth + 1);
        if (d->types[1] != VT_NONE) {
            fputs(", ", stdout);
            print_valtype(t, d->types[1], depth + 1);
        }
        putchar('>');
        return;
    case T_OWN: case T_BORROW:
        fputs(d->kind == T_OWN ? "own<" : "borrow<", stdout);
        fputs(d->ret < t->n && t->name[d->ret] ? t->name[d->ret] : "?", stdout);
        putchar('>');
        return;
    case T_RECORD: fputs("record { ... }", stdout); return;
    case T_VARIANT: fputs("variant { ... }", stdout); return;
    case T_ENUM: fputs("enum { ... }", stdout); return;
    case T_FLAGS: fputs("flags { ... }", stdout); return;
    default:
        fputs(prim_name(d->kind), stdout);
    }
}

static void print_valtype(const tnames *t, uint32_t vt, int depth)
{
    if (vt & VT_PRIM)
        fputs(prim_name((uint8_t)vt), stdout);
    else if (vt < t->n && t->name[vt])
        fputs(t->name[vt], stdout);
    else if (vt < t->n && t->def[vt])
        print_def(t, t->def[vt], depth);
    else
        printf("type%u", vt);
}

static void print_func(const tnames *t, const char *name, const cm_type *f, const char *indent)
{
    printf("%s%s: func(", indent, name);
    for (uint32_t i = 0; i < f->n; i++) {
        printf("%s%s: ", i ? ", " : "", f->labels[i]);
        print_valtype(t, f->types[i], 0);
    }
    putchar(')');
    if (f->ret != VT_NONE) {
        fputs(" -> ", stdout);
        print_valtype(t, f->ret, 0);
    }
    puts(";");
}

/* A named value type's definition, as WIT writes it. */
static void print_named(const tnames *t, const char *name, const cm_type *d, const char *indent)
{
    const char *kw = d->kind == T_RECORD ? "record" : d->kind == T_VARIANT ? "variant" :
                     d->kind == T_ENUM ? "enum" : d->kind == T_FLAGS ? "flags" : NULL;
    if (!kw) {
        printf("%stype %s = ", indent, name);
        print_def(t, d, 0);
        puts(";");
        return;
    }
    printf("%s%s %s {", indent, kw, name);
    for (uint32_t i = 0; i < d->n; i++) {
        printf("%s%s", i ? ", " : " ", d->labels[i]);
        if (d->types && d->types[i] != VT_NONE) {
            fputs(d->kind == T_RECORD ? ": " : "(", stdout);
            print_valtype(t, d->types[i], 0);
            if (d->kind != T_RECORD)
                putchar(')');
        }
    }
    puts(" }");
}

static void print_instance_type(const cm_type *it, const char *indent)
{
    tnames t = {0};
    for (uint32_t i = 0; i < it->n; i++) {
        const cm_decl *dc = &it->decls[i];
        if (dc->kind == 1) {
            tn_push(&t, NULL, dc->type);
        } else if (dc->kind == 2) {
            if (dc->alias.sort == S_TYPE)
                tn_push(&t, NULL, NULL);
        } else if (dc->kind == 4 && dc->desc.kind == 3) {
            const cm_type *d = !dc->desc.sub_resource && dc->desc.idx < t.n ? t.def[dc->desc.idx] : NULL;
            if (dc->desc.sub_resource)
                printf("%sresource %s;\n", indent, dc->name);
            else if (d)
                print_named(&t, dc->name, d, indent);
            else
                printf("%suse %s;\n", indent, dc->name);
            tn_push(&t, dc->name, d);
        } else if (dc->kind == 4 && dc->desc.kind == 1 && dc->desc.idx < t.n && t.def[dc->desc.idx] &&
                   t.def[dc->desc.idx]->kind == T_FUNC) {
            print_func(&t, dc->name, t.def[dc->desc.idx], indent);
        } else if (dc->kind == 4) {
            printf("%s// export %s\n", indent, dc->name);
        }
    }
    free(t.name);
    free(t.def);
}

static const char *sort_name(uint16_t s)
{
    switch (s) {
    case S_FUNC: return "func";
    case S_TYPE: return "type";
    case S_COMPONENT: return "component";
    case S_INSTANCE: return "interface";
    case S_CORE_MODULE: return "core module";
    default: return "value";
    }
}

/* Imports with their instance types spelled out; exports by name. */
void comp_print_world(const comp_component *c)
{
    const cm_type **types = calloc(c->ndefs + 1, sizeof *types);
    uint32_t ntypes = 0;
    puts("world root {");
    for (uint32_t i = 0; i < c->ndefs; i++) {
        const cm_def *d = &c->defs[i];
        if (d->kind == D_TYPE && types)
            types[ntypes++] = d->u.type;
        else if (d->kind == D_ALIAS && d->u.alias.sort == S_TYPE && types)
            types[ntypes++] = NULL;
        else if (d->kind == D_IMPORT && d->u.import.desc.kind == 3 && types)
            types[ntypes++] = NULL;
        else if (d->kind == D_EXPORT && d->u.export_.si.sort == S_TYPE && types) {
            const cm_type *same = d->u.export_.si.idx < ntypes ? types[d->u.export_.si.idx] : NULL;
            types[ntypes++] = same;
        }
        if (d->kind == D_IMPORT) {
            const cm_externdesc *e = &d->u.import.desc;
            const cm_type *it = e->kind == 5 && types && e->idx < ntypes ? types[e->idx] : NULL;
            if (it && it->kind == T_INSTANCE) {
                printf("  import %s {\n", d->u.import.name);
                print_instance_type(it, "    ");
                puts("  }");
            } else {
                printf("  import %s; // %s\n", d->u.import.name, e->kind == 1 ? "func" : "other");
            }
        } else if (d->kind == D_EXPORT) {
            printf("  export %s; // %s\n", d->u.export_.name, sort_name(d->u.export_.si.sort));
        }
    }
    puts("}");
    free(types);
}

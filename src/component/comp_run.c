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

void comp_print_world(const comp_component *c)
{
    static const uint16_t kinds[] = { S_CORE_MODULE, S_FUNC, S_VALUE, S_TYPE, S_COMPONENT, S_INSTANCE };
    puts("world root {");
    for (uint32_t i = 0; i < c->ndefs; i++) {
        const cm_def *d = &c->defs[i];
        if (d->kind == D_IMPORT)
            printf("  import %s; // %s\n", d->u.import.name, sort_name(kinds[d->u.import.desc.kind % 6]));
        else if (d->kind == D_EXPORT)
            printf("  export %s; // %s\n", d->u.export_.name, sort_name(d->u.export_.si.sort));
    }
    puts("}");
}

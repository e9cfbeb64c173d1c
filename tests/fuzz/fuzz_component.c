/* fuzz_component.c — libFuzzer target: component binaries.
 * The input goes to comp_component_new (decode and full validation). If it
 * loads, it is instantiated against a WASI 0.2 host with nothing to reach
 * (no preopens, no network, stdio on /dev/null), and every exported
 * function, those of exported instances too, is called with the default
 * value of each parameter type (zeros, empty strings and lists, the first
 * case). Each store gets memory and table limits and a fuel budget, reset
 * before every call, so every input ends quickly whatever its loops do.
 * Functions taking handles (own, borrow) or async types are not called:
 * a default handle is not a value a caller can have.
 *
 * This is a white-box target: it walks the instance's exports through the
 * internal model (comp_int.h), since the public API (component.h) names
 * only top-level exports and hides their types.
 * FUZZ_COMPONENT_VERBOSE=1 in the environment prints each outcome (for
 * triage: ./fuzz_component FILE). */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "component/comp_int.h"
#include "component/wasi2_sock.h"

/* From inst.c (no internal header declares them; comp_api.c does the same). */
typedef struct comp_root comp_root;
comp_root *comp_instantiate(const comp_component *c, comp_host *host, wf_error *err);
void comp_root_free(comp_root *r);
comp_inst *comp_root_exports(comp_root *r);

enum { FUEL = 100000, MAX_CALLS = 64, MAX_INST_DEPTH = 8 };

typedef struct run { wf_store *store; int calls; bool verbose; } run;

/* Every store of the instance: bounded memories and tables, fuel for the
 * start functions. The last store made is the root's (the one calls use
 * for fuel); nested instantiation uses the same store. */
static int store_hook(wf_store *store, void *arg)
{
    run *r = arg;
    r->store = store;
    wf_store_set_limits(store, 64u << 20, 100000, 0);
    wf_store_set_fuel(store, FUEL);
    return 0;
}

/* The default value of t in v; false for types a caller cannot make from
 * nothing (handles, async types). */
static bool default_val(wf_arena *a, const comp_type *t, comp_val *v, int depth)
{
    memset(v, 0, sizeof *v);
    v->kind = t->kind;
    if (depth > COMP_MAX_TYPE_DEPTH)
        return false;
    switch (t->kind) {
    case T_BOOL: case T_S8: case T_U8: case T_S16: case T_U16: case T_S32: case T_U32:
    case T_S64: case T_U64: case T_F32: case T_F64: case T_CHAR: case T_FLAGS: case T_ENUM:
        return true;
    case T_STRING:
        v->of.str.p = "";
        return true;
    case T_LIST:
        return true;    /* empty */
    case T_RECORD: case T_TUPLE:
        v->of.agg.n = t->n;
        v->of.agg.v = wf_arena_alloc(a, (t->n + 1) * sizeof(comp_val));
        if (!v->of.agg.v)
            return false;
        for (uint32_t i = 0; i < t->n; i++)
            if (!default_val(a, t->t[i], &v->of.agg.v[i], depth + 1))
                return false;
        return true;
    case T_OPTION:
        return true;    /* none */
    case T_VARIANT: case T_RESULT:   /* first case (ok for a result) */
        if (!t->n || !t->t || !t->t[0])
            return true;
        v->of.var.payload = wf_arena_alloc(a, sizeof(comp_val));
        return v->of.var.payload && default_val(a, t->t[0], v->of.var.payload, depth + 1);
    default:
        return false;
    }
}

static void call_func(run *r, comp_host *host, comp_func *f)
{
    const comp_type *ft = f->type;
    if (!ft || ft->kind != T_FUNC || r->calls >= MAX_CALLS)
        return;
    r->calls++;
    wf_arena a = {0};
    comp_val *args = wf_arena_alloc(&a, (ft->n + 1) * sizeof *args);
    bool ok = args != NULL;
    for (uint32_t i = 0; ok && i < ft->n; i++)
        ok = default_val(&a, ft->t[i], &args[i], 0);
    if (ok) {
        if (r->store)
            wf_store_set_fuel(r->store, FUEL);
        comp_val result;
        memset(&result, 0, sizeof result);
        wf_trap *t = comp_func_call(f, host, &a, args, ft->n, &result);
        if (r->verbose)
            fprintf(stderr, "call %d: %s\n", r->calls, t ? wf_trap_message(t) : "returned");
        if (t)
            wf_trap_free(t);
    } else if (r->verbose) {
        fprintf(stderr, "call %d: skipped (a parameter has no default)\n", r->calls);
    }
    wf_arena_free(&a);
}

static void call_all(run *r, comp_host *host, comp_inst *inst, int depth)
{
    if (depth > MAX_INST_DEPTH)
        return;
    for (uint32_t i = 0; i < inst->nexports && r->calls < MAX_CALLS; i++) {
        comp_item *it = &inst->exports[i].item;
        if (it->sort == S_FUNC)
            call_func(r, host, it->p);
        else if (it->sort == S_INSTANCE)
            call_all(r, host, it->p, depth + 1);
    }
}

/* A WASI context that reaches nothing: no preopens, stdio on /dev/null. */
static wasi_ctx *null_ctx(void)
{
    wasi_ctx *ctx = wasi_ctx_new();
    if (!ctx)
        return NULL;
    for (int fd = 0; fd < 3; fd++) {
        int h = open("/dev/null", fd ? O_WRONLY : O_RDONLY);
        if (h < 0 || !wasi_ctx_set_stdio(ctx, fd, h)) {
            if (h >= 0)
                close(h);
            wasi_ctx_free(ctx);
            return NULL;
        }
    }
    return ctx;
}

static void run_component(const comp_component *c)
{
    wasi_ctx *ctx = null_ctx();
    comp_host *host = ctx ? comp_host_new(ctx) : NULL;
    if (host) {
        run r = { NULL, 0, getenv("FUZZ_COMPONENT_VERBOSE") != NULL };
        comp_host_set_network(host, 0);
        comp_host_set_store_hook(host, store_hook, &r);
        wf_error err;
        memset(&err, 0, sizeof err);
        comp_root *root = comp_instantiate(c, host, &err);
        if (!root && r.verbose)
            fprintf(stderr, "instantiate: %s\n", err.msg);
        if (root) {
            call_all(&r, host, comp_root_exports(root), 0);
            comp_root_free(root);
        }
        comp_host_free(host);
    }
    if (ctx)
        wasi_ctx_free(ctx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wf_error err;
    memset(&err, 0, sizeof err);
    comp_component *c = comp_component_new(data, size, &err);
    if (!c)
        return 0;
    run_component(c);
    comp_component_free(c);
    return 0;
}

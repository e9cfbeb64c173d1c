/* canon_handle.c — the canonical ABI's handles (CanonicalABI.md): each
 * component instance's handle table (own and borrow handles, lends,
 * destructors) and the resource.new / resource.drop / resource.rep
 * built-ins. Handles inside lifted and lowered values: canon.c. */
#include <string.h>
#include "comp_int.h"
#include "canon_cx.h"
#include "async.h"
#include "async_int.h"

/* ---- handle tables --------------------------------------------------- */

/* Free entries form a LIFO list through their rep fields (inst->hfree is
 * its head, 0 for empty): the order in which indices are reused is part of
 * the spec. */
uint32_t comp_handle_new(comp_inst *inst, comp_resource *res, uint32_t rep, bool own)
{
    uint32_t i = inst->hfree;
    if (i) {
        inst->hfree = inst->handles[i].rep;
        inst->handles[i] = (comp_handle){ res, rep, own, 0, H_RESOURCE, NULL };
        return i;
    }
    i = inst->nhandles ? inst->nhandles : 1;
    if (i >= inst->hcap) {
        uint32_t nc = inst->hcap ? inst->hcap * 2 : 16;
        if (nc > (1u << 28) || !inst->arena)
            return 0;
        /* Arena-grown: the old array is left for the arena to free. */
        comp_handle *nh = wf_arena_alloc(inst->arena, nc * sizeof *nh);
        if (!nh)
            return 0;
        if (inst->hcap)
            memcpy(nh, inst->handles, inst->hcap * sizeof *nh);
        inst->handles = nh;
        inst->hcap = nc;
    }
    inst->nhandles = i + 1;
    inst->handles[i] = (comp_handle){ res, rep, own, 0, H_RESOURCE, NULL };
    return i;
}

void comp_handle_free_slot(comp_inst *inst, uint32_t idx)
{
    inst->handles[idx] = (comp_handle){ NULL, inst->hfree, false, 0, H_FREE, NULL };
    inst->hfree = idx;
}

comp_handle *comp_handle_get(comp_inst *inst, uint32_t idx, comp_resource *res, wf_trap **trap)
{
    if (idx == 0 || idx >= inst->nhandles || !inst->handles[idx].res) {
        *trap = comp_trap("unknown handle index %u", idx);
        return NULL;
    }
    comp_handle *h = &inst->handles[idx];
    if (res && h->res != res) {
        /* wasmtime's wording, which the reference tests match */
        bool guests = h->kind == H_RESOURCE && !res->host_drop && !h->res->host_drop;
        *trap = comp_trap(guests ? "handle index %u used with the wrong type, expected "
                                   "guest-defined resource but found a different "
                                   "guest-defined resource"
                                 : "handle index %u used with the wrong type", idx);
        return NULL;
    }
    return h;
}

static wf_trap *run_dtor(comp_resource *res, uint32_t rep)
{
    if (res->host_drop) {
        res->host_drop(res->host, rep);
        return NULL;
    }
    if (!res->dtor)
        return NULL;
    wf_val a = { .kind = WF_I32, .of.i32 = (int32_t)rep };
    return wf_func_call(res->dtor, &a, 1, NULL, 0);
}

wf_trap *comp_handle_drop(comp_inst *inst, comp_resource *res, uint32_t idx)
{
    wf_trap *trap = NULL;
    comp_handle *h = comp_handle_get(inst, idx, res, &trap);
    if (!h)
        return trap;
    if (h->own && h->lends)
        return comp_trap("cannot remove owned resource while borrowed");
    comp_handle v = *h;
    comp_handle_free_slot(inst, idx);
    if (!v.own) {
        /* Dropping a borrow ends the lend of the handle it came from. */
        return NULL;
    }
    return run_dtor(v.res, v.rep);
}

wf_trap *comp_handle_rep(comp_inst *inst, comp_resource *res, uint32_t idx, uint32_t *rep)
{
    wf_trap *trap = NULL;
    comp_handle *h = comp_handle_get(inst, idx, res, &trap);
    if (!h)
        return trap;
    *rep = h->rep;
    return NULL;
}

/* ---- resource.new / drop / rep ---------------------------------------- */

typedef struct res_site { uint8_t op; comp_resource *res; comp_inst *inst; } res_site;

static wf_trap *res_fn(wf_caller *caller, void *env, const wf_val *args, wf_val *results)
{
    res_site *rs = env;
    uint32_t x = (uint32_t)args[0].of.i32, rep;
    wf_trap *t;
    if (rs->op != C_RES_REP && !rs->inst->may_leave)
        return comp_trap("cannot leave component instance");
    switch (rs->op) {
    case C_RES_NEW:
        x = comp_handle_new(rs->inst, rs->res, x, true);
        if (!x)
            return comp_trap("handle table full");
        results[0] = canon_bits_val(WF_I32, x);
        return NULL;
    case C_RES_REP:
        if ((t = comp_handle_rep(rs->inst, rs->res, x, &rep)))
            return t;
        if (!rs->inst->handles[x].own)
            return comp_trap("resource.rep of a borrowed handle");
        results[0] = canon_bits_val(WF_I32, rep);
        return NULL;
    default:
        return comp_handle_drop(rs->inst, rs->res, x);
    }
}

wf_func *canon_resource_fn(wf_store *store, wf_arena *a, uint8_t op, comp_resource *res,
                           comp_inst *inst)
{
    static const uint8_t i32[1] = { WF_I32 };
    res_site *rs = wf_arena_alloc(a, sizeof *rs);
    if (!rs)
        return NULL;
    *rs = (res_site){ op, res, inst };
    wf_functype ft = { 1, op == C_RES_DROP ? 0 : 1, i32, i32 };
    return wf_func_new_host(store, &ft, res_fn, rs, NULL);
}

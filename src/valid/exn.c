/* exn.c — exception handling in the validator/compiler: throw,
 * throw_ref and try_table (WebAssembly 3.0, exnref).
 *
 * A try_table emits no code. Its catch clauses become handler entries
 * (code.h interp_handler) at its end, when the range of code it covers
 * is known; entries are appended as try_tables close, so an inner one
 * comes before the outer ones and the interpreter's first match is the
 * innermost. A clause's label lies outside the try_table: its target is
 * patched through the label's fix list like a branch's (FIX_HANDLER). */
#include <string.h>

#include "valid.h"
#include "func_int.h"

#define TRY(x) do { if (!(x)) return false; } while (0)

static bool tag_type(vstate *v, uint32_t x, const wf_functype **ft) {
    *ft = x < bin_total_tags(v->m) ? bin_tag_type(v->m, x) : NULL;
    if (*ft) return true;
    if (!v->failed) wf_fail(v->err, WF_ERR_INVALID, v->op_off, "unknown tag %u", x);
    v->failed = true;
    return false;
}

bool vs_throw(vstate *v) {
    uint32_t x;
    const wf_functype *ft;
    TRY(vs_u32(v, &x));
    TRY(tag_type(v, x, &ft));
    bool live = vs_live(v);
    vs_materialize_top(v, ft->nparams);
    TRY(vs_pop_types(v, ft->nparams, ft->params));
    if (live) {
        code_op(&v->code, OP_throw);
        code_imm(&v->code, x);
        code_imm(&v->code, vs_slot(v, v->nvals));
    }
    vs_set_unreachable(v);
    return true;
}

bool vs_throw_ref(vstate *v) {
    uint32_t s;
    bool live = vs_live(v);
    TRY(vs_pop_at(v, WF_EXNREF, &s));
    if (live) {
        code_op(&v->code, OP_throw_ref);
        code_imm(&v->code, s);
    }
    vs_set_unreachable(v);
    return true;
}

/* What a clause hands its label must be exactly the label's types: the
 * tag's parameters (catch, catch_ref), then an exnref (*_ref). */
static bool clause_types(vstate *v, const catch_clause *k) {
    const ctl *c = &v->ctls[v->nctls - 1 - k->label];
    uint32_t n = label_n(c);
    const uint8_t *want = label_types(c);
    const wf_functype *ft = NULL;
    if (k->kind < 2) TRY(tag_type(v, k->tag, &ft));
    uint32_t np = ft ? ft->nparams : 0;
    bool ref = k->kind & 1;
    if (n != np + ref || (np && memcmp(want, ft->params, np)) || (ref && want[np] != WF_EXNREF))
        return vs_invalid(v, "type mismatch");
    return true;
}

static bool read_clause(vstate *v, catch_clause *k) {
    TRY(vs_byte(v, &k->kind));
    if (k->kind > 3) return vs_malformed(v, "malformed catch clause");
    k->tag = 0;
    if (k->kind < 2) TRY(vs_u32(v, &k->tag));
    TRY(vs_u32(v, &k->label));
    if (k->label >= v->nctls) return vs_invalid(v, "unknown label");
    return clause_types(v, k);
}

bool vs_try_table(vstate *v) {
    const wf_functype *type;
    uint8_t single;
    uint32_t n;
    TRY(vs_blocktype(v, &type, &single));
    TRY(vs_u32(v, &n));
    if (n > (size_t)(v->r.end - v->r.p)) return vs_malformed(v, "unexpected end");
    size_t from = v->ncatches;
    for (uint32_t i = 0; i < n; i++) {
        if (!vs_grow((void **)&v->catches, &v->capcatches, v->ncatches + 1, sizeof *v->catches))
            return vs_invalid(v, "out of memory");
        TRY(read_clause(v, &v->catches[v->ncatches]));
        v->ncatches++;
    }
    /* As a block: everything but constants in its home slot first. */
    vs_materialize_locals(v, 0);
    if (type) TRY(vs_pop_types(v, type->nparams, type->params));
    TRY(vs_push_ctl(v, 0x1f, type, single));
    /* Its code starts at loop_pc (set by vs_push_ctl); else_fix, unused
     * by a try_table, holds where its clauses start. */
    vs_top(v)->else_fix = from;
    return true;
}

static bool add_handler(vstate *v, const ctl *c, const catch_clause *k) {
    if (!vs_grow((void **)&v->handlers, &v->caphandlers, v->nhandlers + 1, sizeof *v->handlers))
        return vs_invalid(v, "out of memory");
    /* The label, counted from the try_table's parent (c is the top). */
    ctl *l = &v->ctls[v->nctls - 2 - k->label];
    interp_handler *h = &v->handlers[v->nhandlers];
    h->start = (uint32_t)c->loop_pc;
    h->end = (uint32_t)v->code.len;
    h->tag = k->kind < 2 ? k->tag : INTERP_CATCH_ALL;
    h->ref = k->kind & 1;
    h->dst = vs_slot(v, l->height);
    h->target = 0;
    if (l->op == 0x03) h->target = (uint32_t)l->loop_pc;
    else TRY(vs_add_fix(v, l, FIX_HANDLER | v->nhandlers));
    v->nhandlers++;
    return true;
}

bool vs_end_try(vstate *v, ctl *c) {
    size_t from = c->else_fix;
    c->else_fix = NONE;
    /* Dead code, or nothing emitted that could throw: no handlers. */
    if (!c->dead && c->loop_pc < v->code.len)
        for (size_t i = from; i < v->ncatches; i++)
            TRY(add_handler(v, c, &v->catches[i]));
    v->ncatches = from;
    return true;
}

/* control.c — validate and emit the control instructions that are not
 * structure ends: block/loop/if entry, br, br_if, br_table, return, the
 * calls (direct, indirect, tail) and the null tests on references.
 * Split from instr.c along its "branches" and "calls" sections; the
 * branch fusions (a compare or an add_imm before br_if) live here. */
#include <stdlib.h>
#include <string.h>

#include "func_int.h"

#define TRY(x) do { if (!(x)) return false; } while (0)

/* br_if on `a != b` (b a slot, or imm when b_is_imm) where a was just
 * computed by the i32_add_imm at ai_start, only moves and constants
 * between: one i32_add_imm_br_if_ne[_imm] [dst][x][k][b][t] (the caller
 * emits the target). Replaces the compare-and-branch at from. */
static bool fuse_add_branch(vstate *v, size_t from, uint64_t a, uint64_t b, bool b_is_imm) {
    if (v->ai_start == NONE || v->ai_end != from || v->code.oom) return false;
    size_t q = v->ai_start;
    uint64_t dst = v->code.w[q + 1].u, x = v->code.w[q + 2].u, k = v->code.w[q + 3].u;
    if (a != dst) {
        if (b_is_imm || b != dst) return false;
        b = a;   /* ne is symmetric */
    }
    v->code.len = q;
    v->ai_start = NONE;
    code_op(&v->code, b_is_imm ? OP_i32_add_imm_br_if_ne_imm : OP_i32_add_imm_br_if_ne);
    code_imm(&v->code, dst);
    code_imm(&v->code, x);
    code_imm(&v->code, k);
    code_imm(&v->code, b);
    return true;
}

/* ---- branches ---------------------------------------------------------- */

static bool label(vstate *v, ctl **out) {
    uint32_t l;
    TRY(vs_u32(v, &l));
    if (l >= v->nctls) return vs_invalid(v, "unknown label");
    *out = &v->ctls[v->nctls - 1 - l];
    return true;
}

/* If the previous instruction computed `cond` by an i32 comparison and
 * nothing followed it, replace it by a compare-and-branch (the caller
 * then emits the target). */
static bool fuse_compare(vstate *v, uint32_t cond, int first) {
    v->br_start = NONE;
    if (v->prev_dst == NONE || v->prev_end != v->code.len) return false;
    if (v->code.w[v->prev_dst].u == cond && v->prev_op == OP_i32_load && !v->code.oom) {
        /* i32.load then a branch on it (the loaded value may also live
         * on in a local.tee'd local): keep the load's write, add the test. */
        code_set_op(&v->code, v->prev_start,
                    first == OP_BR_IF_FIRST ? OP_br_if_i32_load : OP_br_unless_i32_load);
        return true;
    }
    if (v->code.w[v->prev_dst].u != cond || cond < v->stack_base) return false;
    /* A difference or xor tested against zero is an inequality. */
    int p = v->prev_op;
    bool br_if = first == OP_BR_IF_FIRST;
    if (p == OP_i32_sub_imm || p == OP_i32_add_imm || p == OP_i32_xor_imm) {
        uint64_t a = v->code.w[v->prev_start + 2].u, imm = v->code.w[v->prev_start + 3].u;
        if (p == OP_i32_add_imm) imm = (uint32_t)(0u - (uint32_t)imm);
        v->code.len = v->prev_start;
        vs_branch_op(v, br_if ? OP_br_if_i32_ne_imm : OP_br_unless_i32_ne_imm);
        code_imm(&v->code, a);
        code_imm(&v->code, imm);
        return true;
    }
    if (p == OP_i32_sub || p == OP_i32_xor) {
        uint64_t a = v->code.w[v->prev_start + 2].u, b = v->code.w[v->prev_start + 3].u;
        v->code.len = v->prev_start;
        vs_branch_op(v, br_if ? OP_br_if_i32_ne : OP_br_unless_i32_ne);
        code_imm(&v->code, a);
        code_imm(&v->code, b);
        return true;
    }
    int f = v->prev_op - OP_f32_eq_imm;
    if (f >= 0 && f <= OP_f64_ge_imm - OP_f32_eq_imm) {
        /* A float compare with a constant: [a][imm] as the i32 ones. */
        uint64_t a = v->code.w[v->prev_start + 2].u, imm = v->code.w[v->prev_start + 3].u;
        v->code.len = v->prev_start;
        vs_branch_op(v, (br_if ? OP_BR_IF_FIMM_FIRST : OP_BR_UNLESS_FIMM_FIRST) + f);
        code_imm(&v->code, a);
        code_imm(&v->code, imm);
        return true;
    }
    int k = v->prev_op - OP_i32_eq_imm;
    if (k >= 0 && k <= OP_i32_ge_u_imm - OP_i32_eq_imm) {
        uint64_t a = v->code.w[v->prev_start + 2].u, imm = v->code.w[v->prev_start + 3].u;
        if (br_if && p == OP_i32_ne_imm && fuse_add_branch(v, v->prev_start, a, imm, true))
            return true;
        v->code.len = v->prev_start;
        vs_branch_op(v, (first == OP_BR_IF_FIRST ? OP_BR_IF_IMM_FIRST : OP_BR_UNLESS_IMM_FIRST) + k);
        code_imm(&v->code, a);
        code_imm(&v->code, imm);
        return true;
    }
    k = v->prev_op - OP_i32_eqz;
    if (k < 0 || k > OP_i32_ge_u - OP_i32_eqz) return false;
    uint64_t a = v->code.w[v->prev_start + 2].u;
    uint64_t b = k == 0 ? 0 : v->code.w[v->prev_start + 3].u;
    if (br_if && p == OP_i32_ne && fuse_add_branch(v, v->prev_start, a, b, false)) return true;
    v->code.len = v->prev_start;
    vs_branch_op(v, first + k);
    code_imm(&v->code, a);
    code_imm(&v->code, b);
    return true;
}

/* Write the n values a branch carries (src: where each lives, VCONST
 * for a constant) straight into label c's slots. In order: a value's
 * own home is never below its label slot, so no source is overwritten
 * before it is read. */
static void emit_label_values(vstate *v, ctl *c, uint32_t n, const uint32_t *src,
                              const uint64_t *bits, const uint8_t *types) {
    for (uint32_t i = 0; i < n; i++) {
        uint32_t dst = vs_slot(v, c->height + i);
        if (src[i] == VCONST) vs_emit_const(v, dst, bits[i]);
        else if (src[i] != dst) vs_emit_copy(v, dst, src[i], types[i]);
    }
}

/* True when some of the top n operands are folded from locals or constants. */
static bool top_folded(vstate *v, uint32_t n) {
    if (n > 4 || v->nvals < vs_top(v)->height + n) return false;
    for (size_t i = v->nvals - n; i < v->nvals; i++)
        if (v->vslot[i] != v->vhome[i]) return true;
    return false;
}

/* Pop the n folded values a branch to c carries, noting where each
 * lives (src) and, for a constant, its bits. */
static bool pop_label_values(vstate *v, const ctl *c, uint32_t n, uint32_t *src, uint64_t *bits) {
    const uint8_t *types = label_types(c);
    uint32_t s;
    uint64_t k;
    size_t base = v->nvals - n;
    for (uint32_t i = 0; i < n; i++) src[i] = v->vslot[base + i], bits[i] = v->vconst[base + i];
    for (uint32_t i = n; i-- > 0;) TRY(vs_pop_folded(v, types[i], &s, &k));
    return true;
}

/* br whose values are folded: each written straight into its label
 * slot, then the jump (a last copy merges into copy_jmp). */
static bool br_folded(vstate *v, ctl *c, uint32_t n) {
    const uint8_t *types = label_types(c);
    uint32_t src[4];
    uint64_t bits[4];
    TRY(pop_label_values(v, c, n, src, bits));
    emit_label_values(v, c, n, src, bits, types);
    return vs_emit_jmp(v, c);
}

/* Emit the jump for `br` to c with its n values on top of the stack. */
static bool emit_br(vstate *v, ctl *c, uint32_t src) {
    uint32_t n = vs_nslots(label_n(c), label_types(c)), dst = vs_slot(v, c->height);
    if (n == 0 || src == dst) return vs_emit_jmp(v, c);
    vs_note_jump(v, v->code.len);
    code_op(&v->code, OP_jmp_copy);
    TRY(vs_emit_target(v, c));
    code_imm(&v->code, src);
    code_imm(&v->code, dst);
    code_imm(&v->code, n);
    return true;
}

static bool op_return(vstate *v);

static bool op_br(vstate *v) {
    ctl *c;
    TRY(label(v, &c));
    if (c == v->ctls) return op_return(v);   /* the function's label */
    bool live = vs_live(v);
    if (live && label_n(c) > 0 && top_folded(v, label_n(c))) {
        TRY(br_folded(v, c, label_n(c)));
        vs_set_unreachable(v);
        return true;
    }
    vs_materialize_top(v, label_n(c));
    TRY(vs_pop_types(v, label_n(c), label_types(c)));
    if (live) TRY(emit_br(v, c, vs_slot(v, v->nvals)));
    vs_set_unreachable(v);
    return true;
}

/* br_if whose values are folded (still in the locals they were read
 * from, or constants): copy them only when the branch is taken, as
 * `br_unless(cond) skip; copy...; jmp L; skip:`, so the fall-through
 * path (usually the hot one: block-result early exits) pays no copy. */
static bool br_if_folded(vstate *v, ctl *c, uint32_t cond, uint32_t n) {
    const uint8_t *types = label_types(c);
    uint32_t src[4];
    uint64_t bits[4];
    size_t base = v->nvals - n;
    TRY(pop_label_values(v, c, n, src, bits));
    TRY(vs_push_types(v, n, types));
    for (uint32_t i = 0; i < n; i++) v->vslot[base + i] = src[i], v->vconst[base + i] = bits[i];
    if (!fuse_compare(v, cond, OP_BR_UNLESS_FIRST)) {
        vs_branch_op(v, OP_br_unless);
        code_imm(&v->code, cond);
    }
    vs_pair_fuse(v, v->br_start, v->br_op);
    size_t skip = code_target(&v->code, 0);
    vs_label_here(v);
    emit_label_values(v, c, n, src, bits, types);
    TRY(vs_emit_jmp(v, c));
    code_patch(&v->code, skip, v->code.len);
    vs_label_here(v);
    v->last_dst = NONE;
    return true;
}

static bool op_br_if(vstate *v) {
    ctl *c;
    TRY(label(v, &c));
    bool live = vs_live(v);
    uint32_t cond;
    TRY(vs_pop_at(v, WF_I32, &cond));
    uint32_t n = label_n(c);
    if (live && n > 0 && top_folded(v, n)) return br_if_folded(v, c, cond, n);
    vs_materialize_top(v, n);
    TRY(vs_pop_types(v, n, label_types(c)));
    TRY(vs_push_types(v, n, label_types(c)));
    if (!live) return true;
    uint32_t src = vs_slot(v, v->nvals - n), dst = vs_slot(v, c->height);
    if (n == 0 || src == dst) {
        if (!fuse_compare(v, cond, OP_BR_IF_FIRST)) vs_emit_cond_branch(v, OP_br_if, cond);
        vs_pair_fuse(v, v->br_start, v->br_op);
        return vs_emit_target(v, c);
    }
    code_op(&v->code, OP_br_if_copy);
    code_imm(&v->code, cond);
    TRY(vs_emit_target(v, c));
    code_imm(&v->code, src);
    code_imm(&v->code, dst);
    code_imm(&v->code, vs_nslots(n, label_types(c)));
    return true;
}

/* Pop the types, then push back what was actually popped (unknown stays
 * unknown: labels of equal arity but different types meet in dead code). */
static bool repop(vstate *v, uint32_t n, const uint8_t *types) {
    uint8_t small[16], *got = n <= 16 ? small : malloc(n);
    if (!got) return vs_invalid(v, "out of memory");
    bool ok = true;
    for (uint32_t i = n; ok && i-- > 0;) {
        ok = vs_pop(v, &got[i]);
        if (ok && got[i] != types[i] && got[i] != T_UNKNOWN) ok = vs_invalid(v, "type mismatch");
    }
    if (ok) ok = vs_push_types(v, n, got);
    if (got != small) free(got);
    return ok;
}

static bool br_table_body(vstate *v, uint32_t *labels, uint32_t count) {
    for (uint32_t i = 0; i <= count; i++) {
        uint32_t l;
        TRY(vs_u32(v, &l));
        if (l >= v->nctls) return vs_invalid(v, "unknown label");
        labels[i] = l;
    }
    bool live = vs_live(v);
    uint32_t idx;
    TRY(vs_pop_at(v, WF_I32, &idx));
    ctl *def = &v->ctls[v->nctls - 1 - labels[count]];
    uint32_t arity = label_n(def);
    vs_materialize_top(v, arity);
    for (uint32_t i = 0; i < count; i++) {
        ctl *c = &v->ctls[v->nctls - 1 - labels[i]];
        if (label_n(c) != arity) return vs_invalid(v, "type mismatch");
        TRY(repop(v, arity, label_types(c)));
    }
    TRY(vs_pop_types(v, arity, label_types(def)));
    if (live) {
        /* An index masked just before (a bytecode VM's opcode field): one
         * br_table_and. */
        size_t p;
        uint64_t mask = 0;
        bool masked = vs_take_prev(v, OP_i32_and_imm, idx, &p);
        if (masked) {
            idx = (uint32_t)v->code.w[p + 2].u;
            mask = v->code.w[p + 3].u;
            v->code.len = p;
        }
        if (masked && v->la_start != NONE && v->la_end == v->code.len && !v->code.oom &&
            v->code.w[v->la_start].h == v->code.table[OP_i32_load_add_imm])
            code_set_op(&v->code, v->la_start, OP_i32_load_add_imm_br_table);
        v->la_start = NONE;
        code_op(&v->code, masked ? OP_br_table_and : OP_br_table);
        code_imm(&v->code, idx);
        code_imm(&v->code, vs_slot(v, v->nvals));
        code_imm(&v->code, vs_nslots(arity, label_types(def)));
        code_imm(&v->code, count);
        if (masked) code_imm(&v->code, mask);
        for (uint32_t i = 0; i <= count; i++) {
            ctl *c = &v->ctls[v->nctls - 1 - labels[i]];
            TRY(vs_emit_target(v, c));
            code_imm(&v->code, vs_slot(v, c->height));
        }
    }
    vs_set_unreachable(v);
    return true;
}

static bool op_br_table(vstate *v) {
    uint32_t count;
    TRY(vs_u32(v, &count));
    if (count > (size_t)(v->r.end - v->r.p)) return vs_malformed(v, "unexpected end");
    uint32_t *labels = malloc(((size_t)count + 1) * sizeof *labels);
    if (!labels) return vs_invalid(v, "out of memory");
    bool ok = br_table_body(v, labels, count);
    free(labels);
    return ok;
}

/* return, and br to the function's label: ret1 reads its one slot
 * wherever it is (a folded local included), so that needs no copy. */
static bool op_return(vstate *v) {
    uint32_t n = v->ft->nresults;
    bool live = vs_live(v);
    uint32_t ns = vs_nslots(n, v->ft->results);
    size_t top = v->nvals - 1;
    bool direct = ns == 1 && v->nvals > vs_top(v)->height &&
                  (v->vslot[top] < v->stack_base || v->vslot[top] == v->vhome[top]);
    uint32_t src = direct ? v->vslot[top] : 0;
    if (!direct) vs_materialize_top(v, n);
    TRY(vs_pop_types(v, n, v->ft->results));
    if (live) {
        if (!direct) src = vs_slot(v, v->nvals);
        code_op(&v->code, ns == 1 ? OP_ret1 : OP_ret);
        code_imm(&v->code, src);
        code_imm(&v->code, ns);
    }
    vs_set_unreachable(v);
    return true;
}

static bool op_block(vstate *v, uint8_t op) {
    const wf_functype *type;
    uint8_t single;
    TRY(vs_blocktype(v, &type, &single));
    uint32_t cond = 0;
    bool live = vs_live(v);
    if (op == 0x04) TRY(vs_pop_at(v, WF_I32, &cond));
    /* Everything but constants is in its home slot when a structure
     * begins (params too: the pops write constants home). */
    vs_materialize_locals(v, 0);
    if (type) TRY(vs_pop_types(v, type->nparams, type->params));
    bool fused = op == 0x04 && live && fuse_compare(v, cond, OP_BR_UNLESS_FIRST);
    size_t copy_start = v->copy_start;
    uint32_t copy_n = v->copy_n;
    TRY(vs_push_ctl(v, op, type, single));
    if (op == 0x04 && live) {
        /* An if's push emits nothing: a copy just before may still take
         * the branch in (vs_emit_cond_branch checks it ends the code). */
        v->copy_start = copy_start;
        v->copy_n = copy_n;
        if (!fused) vs_emit_cond_branch(v, OP_br_unless, cond);
        vs_pair_fuse(v, v->br_start, v->br_op);
        v->copy_start = NONE;
        vs_top(v)->else_fix = code_target(&v->code, 0);
    }
    return true;
}

/* ---- calls ------------------------------------------------------------- */

/* Constants the code's last instructions wrote into argument slots of
 * a call about to be emitted (const64s after the last other code, only
 * local.gets between, no label after the first): the call writes them
 * itself. srcs[i] of such a slot becomes CALL_CONST | c for the c-th
 * constant in consts; the const64s go. */
static bool take_arg_consts(vstate *v, uint32_t home0, uint32_t k, uint64_t srcs[4],
                            uint64_t consts[4], uint32_t *nconst) {
    code_buf *b = &v->code;
    bool took = false;
    for (size_t i = b->nstarts; i-- > 0 && !b->oom;) {
        const code_start *s = &b->starts[i];
        if (s->pos >= b->len) continue;   /* discarded code */
        if (s->op != OP_const64 || s->pos + 3 != b->len || s->pos < v->label_pos ||
            b->w[s->pos].h != b->table[OP_const64])
            break;
        uint64_t d = b->w[s->pos + 1].u;
        if (d < home0 || d >= (uint64_t)home0 + k || srcs[d - home0] != d) break;
        srcs[d - home0] = CALL_CONST | *nconst;
        consts[(*nconst)++] = b->w[s->pos + 2].u;
        b->len = s->pos;
        took = true;
    }
    return took;
}

/* The argument moves a call can make itself (code.h CALL_MOVE_OPS): the
 * source of each of its np (1..4) parameter slots (a local's slot, the
 * argument's own, or a constant, see take_arg_consts), when some
 * argument is folded or constant; else 0 (materialise them). */
static uint32_t arg_moves(vstate *v, const wf_functype *ft, uint64_t srcs[4], uint64_t consts[4],
                          uint32_t *nconst) {
    size_t n = ft->nparams;
    *nconst = 0;
    if (n == 0 || n > 4 || v->nvals < vs_top(v)->height + n) return 0;
    uint32_t k = 0;
    bool folded = false;
    for (size_t i = v->nvals - n; i < v->nvals; i++) {
        uint32_t w = vs_width(v->vals[i]);
        if (v->vslot[i] == VCONST && k < 4) {
            /* A folded constant: the call writes it (a CALL_CONST word). */
            consts[*nconst] = v->vconst[i];
            srcs[k++] = CALL_CONST | (*nconst)++;
            folded = true;
            continue;
        }
        /* Only a local's slot or the argument's own is a source. */
        if (k + w > 4 || (v->vslot[i] != v->vhome[i] && v->vslot[i] >= v->stack_base)) {
            *nconst = 0;
            return 0;
        }
        for (uint32_t j = 0; j < w; j++) srcs[k++] = v->vslot[i] + j;
        folded |= v->vslot[i] != v->vhome[i];
    }
    folded |= take_arg_consts(v, v->vhome[v->nvals - n], k, srcs, consts, nconst);
    return folded ? k : 0;
}

/* call / call_indirect, and with tail the return_call forms: the callee's
 * frame begins at the first argument's slot (base); a tail call also
 * carries the result slot count and ends the reachable code. */
static bool emit_call(vstate *v, const wf_functype *ft, bool live, int op,
                      uint64_t a, uint64_t b, uint32_t idx, bool tail) {
    const wf_functype *me = v->ft;
    if (tail && (ft->nresults != me->nresults ||
                 (ft->nresults && memcmp(ft->results, me->results, ft->nresults))))
        return vs_invalid(v, "type mismatch");
    uint64_t srcs[4], consts[4];
    uint32_t nmoves = 0, nconst = 0;
    if (live && (op == OP_call || op == OP_call_indirect))
        nmoves = arg_moves(v, ft, srcs, consts, &nconst);
    if (nmoves) {
        /* The call moves its arguments: pop them as they are (a
         * constant is not written to its home first). */
        uint32_t s;
        uint64_t k;
        v->last_dst = NONE;
        for (uint32_t i = ft->nparams; i-- > 0;) TRY(vs_pop_folded(v, ft->params[i], &s, &k));
    } else {
        vs_materialize_top(v, ft->nparams);
        TRY(vs_pop_types(v, ft->nparams, ft->params));
    }
    uint32_t base = vs_slot(v, v->nvals);
    if (!tail) TRY(vs_push_types(v, ft->nresults, ft->results));
    if (live) {
        bool indirect = op == OP_call_indirect || op == OP_call_indirect64 ||
                        op == OP_return_call_indirect || op == OP_return_call_indirect64;
        uint32_t np = vs_nslots(ft->nparams, ft->params), nr = vs_nslots(ft->nresults, ft->results);
        if (nmoves && nconst)
            op = (op == OP_call ? OP_CALL_CONST_FIRST : OP_CALL_INDIRECT_CONST_FIRST) + (int)nmoves - 1;
        else if (nmoves)
            op = (op == OP_call ? OP_CALL_MOVE_FIRST : OP_CALL_INDIRECT_MOVE_FIRST) + (int)nmoves - 1;
        code_op(&v->code, op);
        code_imm(&v->code, a);
        if (indirect) code_imm(&v->code, b);
        code_imm(&v->code, base);
        if (indirect) code_imm(&v->code, idx);
        /* A constant's source names its word: after the sources. */
        size_t first = (indirect ? 5 : 3) + nmoves;
        for (uint32_t i = 0; i < nmoves; i++)
            code_imm(&v->code, srcs[i] & CALL_CONST ? CALL_CONST | (first + (srcs[i] & 3)) : srcs[i]);
        for (uint32_t i = 0; nconst && i < nmoves; i++) code_imm(&v->code, i < nconst ? consts[i] : 0);
        if (tail) code_imm(&v->code, nr);
        /* The callee's results may need more slots than our stack has. */
        uint32_t top = base + (np > nr ? np : nr);
        if (top > v->max_slots) v->max_slots = top;
    }
    if (tail) vs_set_unreachable(v);
    return true;
}

static bool op_call(vstate *v) {
    uint32_t f;
    TRY(vs_u32(v, &f));
    if (f >= bin_total_funcs(v->m)) return vs_invalid(v, "unknown function");
    bool live = vs_live(v);
    return emit_call(v, bin_func_type(v->m, f), live, OP_call, f, 0, 0, false);
}

/* The immediates and the table-index operand (i64 on a 64-bit table) of
 * call_indirect and return_call_indirect; live as before the pop. */
typedef struct { uint32_t ti, tab, idx; bool live, t64; } indirect_ops;

static bool read_indirect(vstate *v, indirect_ops *o) {
    TRY(vs_u32(v, &o->ti));
    TRY(vs_u32(v, &o->tab));
    if (o->tab >= bin_total_tables(v->m)) return vs_invalid(v, "unknown table");
    if (o->ti >= v->m->ntypes) return vs_invalid(v, "unknown type");
    if (bin_table_type(v->m, o->tab).elem != WF_FUNCREF) return vs_invalid(v, "type mismatch");
    o->live = vs_live(v);
    o->t64 = bin_table_type(v->m, o->tab).limits.is64;
    TRY(vs_pop_at(v, o->t64 ? WF_I64 : WF_I32, &o->idx));
    return true;
}

static bool op_call_indirect(vstate *v) {
    indirect_ops o;
    TRY(read_indirect(v, &o));
    return emit_call(v, &v->m->types[o.ti], o.live,
                     o.t64 ? OP_call_indirect64 : OP_call_indirect, o.tab, o.ti, o.idx, false);
}

/* ---- null tests on references (typed function references, 3.0) -------- */

/* There are no non-nullable types yet: ref.as_non_null gives back the
 * operand's (nullable) type, after a trap check; br_on_null leaves the
 * reference on the stack. */
static bool op_ref_as_non_null(vstate *v) {
    uint8_t t;
    uint32_t a;
    bool live = vs_live(v);
    TRY(vs_pop_slot(v, &t, &a));
    if (t != T_UNKNOWN && !vs_is_ref(t)) return vs_invalid(v, "type mismatch");
    TRY(vs_push_at(v, t, a));
    if (live) { code_op(&v->code, OP_ref_as_non_null); code_imm(&v->code, a); }
    return true;
}

/* br_on_null $l: [t* ref] -> [t* ref], to $l with t* when null.
 * br_on_non_null $l: [t* ref] -> [t*], to $l with t* ref when not null
 * ($l's last type the reference's). Operands are made home first, so
 * the label's values (and, for br_on_non_null, the reference right
 * after them) are consecutive slots. */
static bool op_br_on_null(vstate *v, uint8_t op) {
    ctl *c;
    TRY(label(v, &c));
    bool live = vs_live(v);
    uint32_t n = label_n(c), nv = n;
    const uint8_t *lt = label_types(c);
    vs_materialize_top(v, n + 1);
    uint8_t t;
    uint32_t r;
    TRY(vs_pop_slot(v, &t, &r));
    if (t != T_UNKNOWN && !vs_is_ref(t)) return vs_invalid(v, "type mismatch");
    if (op == 0xd6) {
        if (n == 0 || !vs_is_ref(lt[n - 1]) || (t != T_UNKNOWN && t != lt[n - 1]))
            return vs_invalid(v, "type mismatch");
        nv = n - 1;
    }
    TRY(repop(v, nv, lt));
    uint32_t src = vs_slot(v, v->nvals - nv), dst = vs_slot(v, c->height);
    if (op == 0xd5) TRY(vs_push_at(v, t, r));
    if (!live) return true;
    code_op(&v->code, op == 0xd5 ? OP_br_on_null : OP_br_on_non_null);
    code_imm(&v->code, r);
    TRY(vs_emit_target(v, c));
    code_imm(&v->code, src);
    code_imm(&v->code, dst);
    code_imm(&v->code, vs_nslots(op == 0xd5 ? nv : n, lt));
    return true;
}

/* ---- tail calls -------------------------------------------------------- */

/* return_call / return_call_indirect (emit_call with tail): the callee's
 * results must be the caller's. The op carries the result slot count: a
 * host callee's results, left at the arguments' base, are moved to the
 * frame's start as `ret` would (a guest callee puts them there itself). */

static bool op_return_call(vstate *v) {
    uint32_t f;
    TRY(vs_u32(v, &f));
    if (f >= bin_total_funcs(v->m)) return vs_invalid(v, "unknown function");
    bool live = vs_live(v);
    return emit_call(v, bin_func_type(v->m, f), live, OP_return_call, f, 0, 0, true);
}

static bool op_return_call_indirect(vstate *v) {
    indirect_ops o;
    TRY(read_indirect(v, &o));
    return emit_call(v, &v->m->types[o.ti], o.live,
                     o.t64 ? OP_return_call_indirect64 : OP_return_call_indirect,
                     o.tab, o.ti, o.idx, true);
}

bool vs_control(vstate *v, uint8_t op) {
    switch (op) {
    case 0x02: case 0x03: case 0x04: return op_block(v, op);
    case 0x0c: return op_br(v);
    case 0x0d: return op_br_if(v);
    case 0x0e: return op_br_table(v);
    case 0x0f: return op_return(v);
    case 0x10: return op_call(v);
    case 0x11: return op_call_indirect(v);
    case 0x12: return op_return_call(v);
    case 0x13: return op_return_call_indirect(v);
    case 0xd4: return op_ref_as_non_null(v);
    default: return op_br_on_null(v, op);   /* 0xd5, 0xd6 */
    }
}

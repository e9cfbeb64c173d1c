/* func.c — validate and compile one function body in a single pass.
 *
 * The spec's validation algorithm (operand type stack with an "unknown"
 * type for unreachable code, control stack) drives code generation: the
 * height of the operand stack is the slot of each operand (see
 * src/interp/code.h). Code reached only through unreachable code is not
 * emitted at all. */
#include <stdlib.h>
#include <string.h>

#include "../interp/code.h"
#include "valid.h"
#include "func_int.h"

static bool fail_at(vstate *v, size_t off, wf_errkind kind, const char *msg) {
    if (!v->failed) wf_fail(v->err, kind, off, "%s", msg);
    v->failed = true;
    return false;
}

bool vs_invalid(vstate *v, const char *msg) { return fail_at(v, v->op_off, WF_ERR_INVALID, msg); }
bool vs_malformed(vstate *v, const char *msg) {
    return fail_at(v, wf_reader_offset(&v->r), WF_ERR_MALFORMED, msg);
}

/* ---- reading immediates ---------------------------------------------- */

bool vs_u32(vstate *v, uint32_t *out) {
    const char *why = NULL;
    if (!wf_read_u32(&v->r, out, &why)) return vs_malformed(v, why ? why : "unexpected end");
    return true;
}

bool vs_byte(vstate *v, uint8_t *out) {
    if (v->r.p >= v->r.end) return vs_malformed(v, "unexpected end");
    *out = *v->r.p++;
    return true;
}

bool vs_zero_byte(vstate *v) {
    uint8_t b;
    if (!vs_byte(v, &b)) return false;
    if (b != 0) return vs_malformed(v, "zero byte expected");
    return true;
}

/* ---- operand stack ---------------------------------------------------- */

static bool grow(void **p, size_t *cap, size_t need, size_t elem) {
    if (need <= *cap) return true;
    size_t n = *cap ? *cap * 2 : 64;
    while (n < need) n *= 2;
    void *q = realloc(*p, n * elem);
    if (!q) return false;
    *p = q;
    *cap = n;
    return true;
}

/* grow for the other files (exn.c); grow itself stays inlinable here. */
bool vs_grow(void **p, size_t *cap, size_t need, size_t elem) { return grow(p, cap, need, elem); }

ctl *vs_top(vstate *v) { return &v->ctls[v->nctls - 1]; }

/* Push a value living in `slot` (its home slot, or a local it was
 * folded from: local.get emits nothing and later readers name the local). */
bool vs_push_at(vstate *v, uint8_t t, uint32_t slot) {
    if (!grow((void **)&v->vals, &v->capvals, v->nvals + 1, 1) ||
        !grow((void **)&v->vslot, &v->capvslot, v->nvals + 1, sizeof(uint32_t)) ||
        !grow((void **)&v->vhome, &v->capvhome, v->nvals + 1, sizeof(uint32_t)) ||
        !grow((void **)&v->vconst, &v->capvconst, v->nvals + 1, sizeof(uint64_t)))
        return fail_at(v, v->op_off, WF_ERR_LIMIT, "out of memory");
    uint32_t home = vs_slot(v, v->nvals);
    v->vals[v->nvals] = t;
    v->vslot[v->nvals] = slot;
    v->vhome[v->nvals] = home;
    v->nvals++;
    uint32_t h = home + vs_width(t);
    if (h > v->max_slots) v->max_slots = h;
    return true;
}

bool vs_push(vstate *v, uint8_t t) { return vs_push_at(v, t, vs_slot(v, v->nvals)); }

bool vs_push_const(vstate *v, uint8_t t, uint64_t bits) {
    if (!vs_push_at(v, t, VCONST)) return false;
    v->vconst[v->nvals - 1] = bits;
    return true;
}

void vs_emit_const(vstate *v, uint32_t dst, uint64_t bits) {
    v->const_start = v->code.len;
    code_op(&v->code, OP_const64);
    code_imm(&v->code, dst);
    code_imm(&v->code, bits);
}

bool vs_is_const(vstate *v, size_t depth, uint64_t *bits) {
    if (v->nvals < vs_top(v)->height + depth + 1) return false;
    size_t i = v->nvals - 1 - depth;
    if (v->vslot[i] != VCONST) return false;
    *bits = v->vconst[i];
    return true;
}

/* Pop one value as it is: *slot is where it lives (0 in unreachable
 * code), VCONST for a folded constant. */
static bool pop_raw(vstate *v, uint8_t *out, uint32_t *slot, uint64_t *bits) {
    ctl *c = vs_top(v);
    if (v->nvals == c->height) {
        if (c->unreachable) { *out = T_UNKNOWN; *slot = 0; *bits = 0; return true; }
        return vs_invalid(v, "type mismatch");
    }
    v->nvals--;
    *out = v->vals[v->nvals];
    *slot = v->vslot[v->nvals];
    *bits = v->vconst[v->nvals];
    return true;
}

/* Pop one value; *slot is where it lives (0 in unreachable code). A
 * folded constant is written to its home slot now, just before the
 * popping instruction (nothing else writes that slot while the operand
 * is on the stack). */
bool vs_pop_slot(vstate *v, uint8_t *out, uint32_t *slot) {
    uint64_t bits = 0;
    if (!pop_raw(v, out, slot, &bits)) return false;
    if (*slot == VCONST) {
        *slot = v->vhome[v->nvals];
        vs_emit_const(v, *slot, bits);
    }
    return true;
}

bool vs_pop_folded(vstate *v, uint8_t want, uint32_t *slot, uint64_t *bits) {
    uint8_t t = T_UNKNOWN;
    if (!pop_raw(v, &t, slot, bits)) return false;
    if (t != want && t != T_UNKNOWN && want != T_UNKNOWN) return vs_invalid(v, "type mismatch");
    return true;
}

bool vs_pop(vstate *v, uint8_t *out) {
    uint32_t slot;
    return vs_pop_slot(v, out, &slot);
}

bool vs_pop_at(vstate *v, uint8_t want, uint32_t *slot) {
    uint8_t t;
    if (!vs_pop_slot(v, &t, slot)) return false;
    if (t != want && t != T_UNKNOWN && want != T_UNKNOWN) return vs_invalid(v, "type mismatch");
    return true;
}

/* Copy folded operands [from, nvals) to their home slots (constants
 * too, unless keep_consts). */
static void materialize(vstate *v, size_t from, bool keep_consts) {
    if (!vs_live(v)) return;
    for (size_t i = from; i < v->nvals; i++) {
        uint32_t home = vs_slot(v, i);
        if (v->vslot[i] == home || (keep_consts && v->vslot[i] == VCONST)) continue;
        if (v->vslot[i] == VCONST) vs_emit_const(v, home, v->vconst[i]);
        else vs_emit_copy(v, home, v->vslot[i], v->vals[i]);
        v->vslot[i] = home;
    }
    v->last_dst = NONE;
}

void vs_materialize(vstate *v, size_t from) { materialize(v, from, false); }
void vs_materialize_locals(vstate *v, size_t from) { materialize(v, from, true); }

/* Moves in a row (phi moves before a back-edge, materialisation)
 * become one copy2, copy3 or copy4: one dispatch for up to four. They
 * run in order, as the single copies would. */
static bool copy_run(vstate *v, uint32_t n) {
    return v->copy_start != NONE && v->copy_n == n &&
           v->copy_start + 1 + 2 * (size_t)n == v->code.len && !v->code.oom;
}

void vs_emit_copy(vstate *v, uint32_t dst, uint32_t src, uint8_t t) {
    static const int grown[] = { 0, OP_copy2, OP_copy3, OP_copy4 };
    if (t != WF_V128 && v->copy_start != NONE && v->copy_n < 4 && copy_run(v, v->copy_n)) {
        code_set_op(&v->code, v->copy_start, grown[v->copy_n]);
        code_imm(&v->code, dst);
        code_imm(&v->code, src);
        v->copy_n++;
        return;
    }
    size_t start = v->code.len;
    code_op(&v->code, t == WF_V128 ? OP_v128_copy : OP_copy);
    code_imm(&v->code, dst);
    code_imm(&v->code, src);
    v->copy_start = t == WF_V128 ? NONE : start;
    v->copy_n = 1;
}

/* A copy followed by a jump becomes copy_jmp [dst][src][t]; a const64,
 * const_jmp [dst][k][t]. */
bool vs_emit_jmp(vstate *v, ctl *c) {
    size_t k = v->const_start;
    if (copy_run(v, 1)) {
        vs_note_jump(v, v->copy_start);
        code_set_op(&v->code, v->copy_start, OP_copy_jmp);
    } else if (k != NONE && k + 3 == v->code.len && !v->code.oom &&
               v->code.w[k].h == v->code.table[OP_const64]) {
        code_set_op(&v->code, k, OP_const_jmp);
    } else {
        vs_note_jump(v, v->code.len);
        code_op(&v->code, OP_jmp);
    }
    v->copy_start = NONE;
    v->const_start = NONE;
    return vs_emit_target(v, c);
}

/* A copy followed by a plain br_if / br_unless (op) on cond becomes
 * copy_br_if / copy_br_unless [dst][src][cond] (the caller then emits
 * the target): `r = l; while (p)`. */
void vs_branch_op(vstate *v, int op) {
    v->br_start = v->code.len;
    v->br_op = op;
    code_op(&v->code, op);
}

void vs_emit_cond_branch(vstate *v, int op, uint32_t cond) {
    v->br_start = NONE;
    if (copy_run(v, 1)) {
        code_set_op(&v->code, v->copy_start, op == OP_br_if ? OP_copy_br_if : OP_copy_br_unless);
    } else {
        vs_branch_op(v, op);
    }
    code_imm(&v->code, cond);
    v->copy_start = NONE;
}

void vs_label_here(vstate *v) {
    v->copy_start = NONE;
    v->const_start = NONE;
    v->gg_pos = NONE;
    v->label_pos = v->code.len;
}

/* Before the local at slot x is written: operands folded from it get their own copy. */
void vs_materialize_local(vstate *v, uint32_t x) {
    if (!vs_live(v)) return;
    for (size_t i = 0; i < v->nvals; i++) {
        if (v->vslot[i] != x) continue;
        uint32_t home = vs_slot(v, i);
        vs_emit_copy(v, home, x, v->vals[i]);
        v->vslot[i] = home;
        v->last_dst = NONE;
    }
}

/* Materialize the top n operands of the current frame. */
void vs_materialize_top(vstate *v, uint32_t n) {
    size_t h = vs_top(v)->height;
    vs_materialize(v, v->nvals >= h + n ? v->nvals - n : h);
}

bool vs_pop_expect(vstate *v, uint8_t want) {
    uint32_t slot;
    return vs_pop_at(v, want, &slot);
}

bool vs_pop_types(vstate *v, uint32_t n, const uint8_t *types) {
    for (uint32_t i = n; i-- > 0;)
        if (!vs_pop_expect(v, types[i])) return false;
    return true;
}

bool vs_push_types(vstate *v, uint32_t n, const uint8_t *types) {
    for (uint32_t i = 0; i < n; i++)
        if (!vs_push(v, types[i])) return false;
    return true;
}

/* True when the current code is reachable, so instructions are emitted. */
bool vs_live(vstate *v) {
    ctl *c = vs_top(v);
    return !c->unreachable && !c->dead;
}

/* Slot of operand-stack entry i (0 = bottom; i = nvals: the next free
 * slot). Entries are packed by width (code.h). */
uint32_t vs_slot(vstate *v, size_t i) {
    if (i < v->nvals) return v->vhome[i];
    if (i == 0) return v->stack_base;
    return v->vhome[i - 1] + vs_width(v->vals[i - 1]);
}

uint32_t vs_width(uint8_t t) { return t == WF_V128 ? 2 : 1; }

uint32_t vs_nslots(uint32_t n, const uint8_t *types) {
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++) k += vs_width(types[i]);
    return k;
}

void vs_set_unreachable(vstate *v) {
    ctl *c = vs_top(v);
    v->nvals = c->height;
    c->unreachable = true;
}

/* ---- control ---------------------------------------------------------- */

uint32_t ctl_nparams(const ctl *c) { return c->type ? c->type->nparams : 0; }
uint32_t ctl_nresults(const ctl *c) { return c->type ? c->type->nresults : (c->single ? 1 : 0); }
const uint8_t *ctl_params(const ctl *c) { return c->type ? c->type->params : NULL; }
const uint8_t *ctl_results(const ctl *c) { return c->type ? c->type->results : &c->single; }

/* Types a branch to this label carries. */
uint32_t label_n(const ctl *c) { return c->op == 0x03 ? ctl_nparams(c) : ctl_nresults(c); }
const uint8_t *label_types(const ctl *c) { return c->op == 0x03 ? ctl_params(c) : ctl_results(c); }

bool vs_push_ctl(vstate *v, uint8_t op, const wf_functype *type, uint8_t single) {
    /* Operands folded from locals must not cross into a structure: a
     * local written inside a loop or one arm would change them. Folded
     * constants may: nothing inside reaches below its height. */
    if (v->nctls) vs_materialize_locals(v, 0);
    v->last_dst = NONE;
    vs_label_here(v);
    if (!grow((void **)&v->ctls, &v->capctls, v->nctls + 1, sizeof(ctl)))
        return fail_at(v, v->op_off, WF_ERR_LIMIT, "out of memory");
    bool dead = v->nctls ? !vs_live(v) : false;
    ctl *c = &v->ctls[v->nctls++];
    memset(c, 0, sizeof *c);
    c->op = op;
    c->type = type;
    c->single = single;
    c->height = (uint32_t)v->nvals;
    c->dead = dead;
    c->loop_pc = v->code.len;
    c->fixes = NONE;
    c->else_fix = NONE;
    if ((op == 0x03 || v->nctls == 1) && !dead) {
        /* Fuel/interrupt check (code.h): a `fuel` op at function entry, a
         * `loops` entry for a loop header (its back-edges check); the
         * cost is filled in at the end. */
        c->fuel = true;
        c->fuel_pos_saved = v->fuel_pos;
        c->fuel_n_saved = v->fuel_n;
        v->fuel_n = 0;
        if (op == 0x03) {
            if (!grow((void **)&v->loops, &v->caploops, v->nloops + 1, sizeof *v->loops))
                return fail_at(v, v->op_off, WF_ERR_LIMIT, "out of memory");
            v->loops[v->nloops] = (interp_loop){ (uint32_t)v->code.len, 1 };
            v->fuel_pos = FUEL_LOOP | v->nloops++;
        } else {
            code_op(&v->code, OP_fuel);
            v->fuel_pos = v->code.len;
            code_imm(&v->code, 1);
            c->loop_pc = v->code.len;
            vs_label_here(v);
        }
    }
    return vs_push_types(v, ctl_nparams(c), ctl_params(c));
}

/* Patch the closing check's cost, resume the enclosing one's count; a
 * loop's first iteration is the enclosing check's to charge. */
static void end_fuel(vstate *v, const ctl *c) {
    if (!c->fuel) return;
    uint64_t cost = v->fuel_n ? v->fuel_n : 1;
    if (v->fuel_pos & FUEL_LOOP)
        v->loops[v->fuel_pos & ~FUEL_LOOP].cost = cost > UINT32_MAX ? UINT32_MAX : (uint32_t)cost;
    else if (!v->code.oom && v->fuel_pos < v->code.len)
        v->code.w[v->fuel_pos].u = cost;
    v->fuel_pos = c->fuel_pos_saved;
    v->fuel_n = c->fuel_n_saved + (c->op == 0x03 ? cost : 0);
}

/* Record that the target word at `pos` must point at the end of label c. */
bool vs_add_fix(vstate *v, ctl *c, size_t pos) {
    if (!grow((void **)&v->fixes, &v->capfixes, v->nfixes + 1, sizeof(fix)))
        return fail_at(v, v->op_off, WF_ERR_LIMIT, "out of memory");
    v->fixes[v->nfixes].pos = pos;
    v->fixes[v->nfixes].next = c->fixes;
    c->fixes = v->nfixes++;
    return true;
}

void vs_resolve_fixes(vstate *v, ctl *c, size_t target) {
    for (size_t f = c->fixes; f != NONE; f = v->fixes[f].next) {
        size_t pos = v->fixes[f].pos;
        if (pos & FIX_HANDLER) v->handlers[pos & ~FIX_HANDLER].target = (uint32_t)target;
        else code_patch(&v->code, pos, target);
    }
    c->fixes = NONE;
}

/* Emit a target word for a branch to label c (known for loops). */
bool vs_emit_target(vstate *v, ctl *c) {
    if (c->op == 0x03) { code_target(&v->code, c->loop_pc); return true; }
    size_t pos = code_target(&v->code, 0);
    return vs_add_fix(v, c, pos);
}

/* Check the frame's results are exactly what is on the stack, pop them. */
static bool check_end_stack(vstate *v, ctl *c) {
    vs_materialize(v, c->height);
    v->last_dst = NONE;
    if (!vs_pop_types(v, ctl_nresults(c), ctl_results(c))) return false;
    if (v->nvals != c->height) return vs_invalid(v, "type mismatch");
    return true;
}

bool vs_else(vstate *v) {
    ctl *c = vs_top(v);
    if (c->op != 0x04) return vs_malformed(v, "else without if");
    bool live = vs_live(v);
    if (!check_end_stack(v, c)) return false;
    if (live && !vs_emit_jmp(v, c)) return false;
    vs_label_here(v);
    if (c->else_fix != NONE) code_patch(&v->code, c->else_fix, v->code.len);
    c->else_fix = NONE;
    c->op = 0x05;
    c->unreachable = false;
    return vs_push_types(v, ctl_nparams(c), ctl_params(c));
}

/* An `end` whose materialisation emitted one new plain copy (three
 * words at `before`): remember it for end_copy_ret. */
static void note_end_copy(vstate *v, size_t before) {
    v->endcopy_pos = NONE;
    if (v->code.oom || v->code.len != before + 3 || v->code.w[before].h != v->code.table[OP_copy])
        return;
    v->endcopy_pos = before;
    v->endcopy_ninstr = v->ninstr;
}

/* The function's end, its one result slot at stack_base: when the
 * code ends with the copy [stack_base][src] that this `end` or the
 * `end` just before it (a block's, whose value falls through to here)
 * made, that path returns fp[src] at once: the copy becomes
 * `ret1 [src][1]` (same length). The ret1 [stack_base] emitted after it
 * stays for the branches to the label between them. */
static void end_copy_ret(vstate *v) {
    size_t p = v->endcopy_pos;
    if (p == NONE || v->ninstr - v->endcopy_ninstr > 1 || v->code.oom || v->code.len != p + 3 ||
        v->code.w[p].h != v->code.table[OP_copy] || v->code.w[p + 1].u != v->stack_base)
        return;
    uint64_t src = v->code.w[p + 2].u;
    code_set_op(&v->code, p, OP_ret1);
    v->code.w[p + 1].u = src;
    v->code.w[p + 2].u = 1;
}

/* The op of the instruction starting at word pos, or -1. */
static int op_at(const code_buf *b, size_t pos) {
    size_t lo = 0, hi = b->nstarts;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (b->starts[mid].pos < pos) lo = mid + 1;
        else hi = mid;
    }
    if (lo == b->nstarts || b->starts[lo].pos != pos || pos >= b->len) return -1;
    int op = b->starts[lo].op;
    return b->w[pos].h == b->table[op] ? op : -1;
}

/* A jump's op word at pos (thread_returns checks it still is one). */
void vs_note_jump(vstate *v, size_t pos) {
    if (vs_grow((void **)&v->jumps, &v->capjumps, v->njumps + 1, sizeof *v->jumps))
        v->jumps[v->njumps++] = pos;
}

/* Jumps that land on a ret1 return themselves: jmp [t] becomes
 * `ret1 [src]` (two words: ret1 never reads its count), copy_jmp
 * [dst][src][t] and one-slot jmp_copy [t][src][dst][1] too, reading src
 * when the copy feeds the ret1 (else the ret1's own slot: the copy dies
 * with the frame). Once per function, before the code is finished; the
 * jumps' target words stop being relocations (lua: `jmp -> ret1` was
 * 0.5% of its dispatches). */
static void thread_returns(vstate *v) {
    code_buf *b = &v->code;
    if (b->oom || !b->nrelocs) return;
    uint8_t *dropped = NULL;
    for (size_t i = 0; i < v->njumps; i++) {
        size_t q = v->jumps[i], t, tw;
        int op = op_at(b, q);
        if (op == OP_jmp) tw = q + 1;
        else if (op == OP_copy_jmp) tw = q + 3;
        else if (op == OP_jmp_copy && b->w[q + 4].u == 1) tw = q + 1;
        else continue;
        t = b->w[tw].u;
        /* Forward only: a backward jump makes a fuel/interrupt check. */
        if (t <= q || op_at(b, t) != OP_ret1) continue;
        uint64_t s = b->w[t + 1].u;
        if (op == OP_copy_jmp && b->w[q + 1].u == s) s = b->w[q + 2].u;
        if (op == OP_jmp_copy && b->w[q + 3].u == s) s = b->w[q + 2].u;
        if (!dropped && !(dropped = calloc(b->len / 8 + 1, 1))) return;   /* stays correct */
        code_set_op(b, q, OP_ret1);
        b->w[q + 1].u = s;
        dropped[tw >> 3] |= (uint8_t)(1u << (tw & 7));
    }
    if (dropped) {
        size_t n = 0;
        for (size_t i = 0; i < b->nrelocs; i++) {
            size_t r = b->relocs[i];
            if (!(dropped[r >> 3] & (1u << (r & 7)))) b->relocs[n++] = r;
        }
        b->nrelocs = n;
    }
    free(dropped);
}

bool vs_end(vstate *v) {
    ctl *c = vs_top(v);
    if (c->op == 0x04) {
        /* if without else: the missing else passes its params through. */
        uint32_t np = ctl_nparams(c), nr = ctl_nresults(c);
        if (np != nr || (np && memcmp(ctl_params(c), ctl_results(c), np)))
            return vs_invalid(v, "type mismatch");
    }
    if (c->op == 0x1f && !vs_end_try(v, c)) return false;
    size_t before = v->code.len;
    if (!check_end_stack(v, c)) return false;
    note_end_copy(v, before);
    vs_label_here(v);
    if (c->else_fix != NONE) code_patch(&v->code, c->else_fix, v->code.len);
    vs_resolve_fixes(v, c, v->code.len);
    ctl done = *c;
    v->nctls--;
    end_fuel(v, &done);
    if (v->nctls == 0) {
        /* The function's end: results sit at the bottom of the stack. */
        uint32_t n = vs_nslots(ctl_nresults(&done), ctl_results(&done));
        if (n == 1) end_copy_ret(v);
        code_op(&v->code, n == 1 ? OP_ret1 : OP_ret);
        code_imm(&v->code, v->stack_base);
        code_imm(&v->code, n);
        thread_returns(v);
        return true;
    }
    return vs_push_types(v, ctl_nresults(&done), ctl_results(&done));
}

/* Block type: empty, one value type, or a type index. */
bool vs_blocktype(vstate *v, const wf_functype **type, uint8_t *single) {
    *type = NULL;
    *single = 0;
    if (v->r.p >= v->r.end) return vs_malformed(v, "unexpected end");
    uint8_t b = *v->r.p;
    if (b == 0x40) { v->r.p++; return true; }
    if (vs_is_valtype(b)) { v->r.p++; *single = b; return true; }
    int64_t idx;
    const char *why = NULL;
    if (!wf_read_s33(&v->r, &idx, &why)) return vs_malformed(v, why ? why : "unexpected end");
    if (idx < 0) return vs_malformed(v, "malformed value type");
    if ((uint64_t)idx >= v->m->ntypes) return vs_invalid(v, "unknown type");
    *type = &v->m->types[idx];
    return true;
}

bool vs_is_valtype(uint8_t b) {
    return b == WF_I32 || b == WF_I64 || b == WF_F32 || b == WF_F64 || b == WF_FUNCREF ||
           b == WF_EXTERNREF || b == WF_EXNREF || b == WF_V128;
}

/* ---- the function ----------------------------------------------------- */

static bool setup_locals(vstate *v, bin_func *f) {
    const wf_functype *ft = v->ft;
    uint64_t total = (uint64_t)ft->nparams + f->nlocals;
    if (total > 1000000) return fail_at(v, f->code_offset, WF_ERR_LIMIT, "too many locals");
    v->nlocals = (uint32_t)total;
    v->local_types = malloc(total ? total : 1);
    if (!v->local_types) return fail_at(v, f->code_offset, WF_ERR_LIMIT, "out of memory");
    memcpy(v->local_types, ft->params, ft->nparams);
    uint64_t k = ft->nparams;
    for (uint32_t i = 0; i < f->nlocal_runs; i++) {
        bin_localrun run = f->local_runs[i];
        if (k + run.count > total) return fail_at(v, f->code_offset, WF_ERR_MALFORMED, "too many locals");
        memset(v->local_types + k, run.type, run.count);
        k += run.count;
    }
    /* Slots by width: a v128 local takes two (code.h). */
    v->local_slot = malloc((total ? total : 1) * sizeof *v->local_slot);
    if (!v->local_slot) return fail_at(v, f->code_offset, WF_ERR_LIMIT, "out of memory");
    uint32_t slot = 0;
    for (uint32_t i = 0; i < v->nlocals; i++) {
        if (i == ft->nparams) v->param_slots = slot;
        v->local_slot[i] = slot;
        slot += vs_width(v->local_types[i]);
    }
    if (v->nlocals == ft->nparams) v->param_slots = slot;
    uint32_t nres = vs_nslots(ft->nresults, ft->results);
    v->stack_base = slot;
    v->max_slots = slot > nres ? slot : nres;
    return true;
}

static void vstate_free(vstate *v) {
    free(v->vals);
    free(v->vslot);
    free(v->vhome);
    free(v->vconst);
    free(v->jumps);
    free(v->local_slot);
    free(v->ctls);
    free(v->fixes);
    free(v->local_types);
    free(v->catches);
    free(v->handlers);
    free(v->loops);
    code_discard(&v->code);
}

bool val_function(wf_module *m, uint32_t defined_index, wf_error *err) {
    bin_func *f = &m->funcs[defined_index];
    vstate v;
    memset(&v, 0, sizeof v);
    v.m = m;
    v.err = err;
    v.ft = &m->types[f->type_index];
    v.r.base = f->code - f->code_offset;
    v.r.p = f->code;
    v.r.end = f->code + f->code_len;
    v.last_dst = NONE;
    v.ld_start = NONE;
    v.ai_start = NONE;
    v.la_start = NONE;
    v.sa_start = NONE;
    v.sa_prev_start = NONE;
    v.endcopy_pos = NONE;
    v.gg_pos = NONE;
    v.copy_start = NONE;
    v.const_start = NONE;
    v.br_start = NONE;
    code_init(&v.code);
    bool ok = setup_locals(&v, f);
    if (ok) {
        /* The function body is a block whose label is the function's results. */
        wf_functype *ft = (wf_functype *)v.ft;
        wf_functype res = { 0, ft->nresults, NULL, ft->results };
        v.fn_type = res;
        ok = vs_push_ctl(&v, 0x02, &v.fn_type, 0);
    }
    while (ok && v.nctls > 0) {
        if (v.r.p >= v.r.end) { ok = vs_malformed(&v, "END opcode expected"); break; }
        v.fuel_n++;
        ok = vs_instr(&v);
        if (ok && v.code.oom) ok = fail_at(&v, v.op_off, WF_ERR_LIMIT, "out of memory");
    }
    if (ok && v.r.p != v.r.end) ok = vs_malformed(&v, "section size mismatch");
    if (!ok) { vstate_free(&v); return false; }
    code_forward(&v.code, v.stack_base, v.handlers, v.nhandlers);
    struct interp_code *c = code_finish(&v.code);
    if (!c) { vstate_free(&v); return wf_fail(err, WF_ERR_LIMIT, f->code_offset, "out of memory"); }
    c->nparams = v.param_slots;
    c->nlocals = v.stack_base - v.param_slots;
    c->nresults = vs_nslots(v.ft->nresults, v.ft->results);
    c->nslots = v.max_slots + 1;
    /* The handlers move to the code (empty for most functions). */
    c->handlers = v.handlers;
    c->nhandlers = (uint32_t)v.nhandlers;
    v.handlers = NULL;
    c->loops = v.loops;
    c->nloops = (uint32_t)v.nloops;
    v.loops = NULL;
    interp_code_free(f->compiled);
    f->compiled = c;
    vstate_free(&v);
    return true;
}

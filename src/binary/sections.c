/* sections.c — element, code, data and custom sections, and finding the
 * extent of constant expressions. */
#include "decode.h"

#include <stdlib.h>
#include <string.h>

/* try_table's block type and catch clauses: (kind, tag?, label)*. */
static bool skip_try_table(dec *d)
{
    const char *why;
    int64_t l;
    uint32_t n, a;
    uint8_t kind;
    size_t at = wf_reader_offset(&d->r);
    if (!wf_read_s33(&d->r, &l, &why)) {
        d->r.p = d->r.base + at;
        return dec_fail(d, why);
    }
    if (!dec_count(d, &n, 2))
        return false;
    for (uint32_t i = 0; i < n; i++) {
        if (!dec_byte(d, &kind))
            return false;
        if (kind > 3) {
            d->r.p--;
            return dec_fail(d, "malformed catch clause");
        }
        if (kind < 2 && !dec_u32(d, &a))
            return false;
        if (!dec_u32(d, &a))
            return false;
    }
    return true;
}

/* flags, a memory index if flags has bit 6 (multi-memory), offset (a
 * u64: memory64). */
static bool skip_memarg(dec *d)
{
    uint32_t flags, x;
    uint64_t off;
    if (!dec_u32(d, &flags) || ((flags & 0x40) && !dec_u32(d, &x)))
        return false;
    return dec_u64(d, &off);
}

/* Skip one instruction's immediates. Constant expressions are scanned
 * only to find their `end`; the validator decides what is allowed, so a
 * non-constant but well-formed instruction is skipped here and rejected
 * there as "constant expression required". */
static bool skip_immediates(dec *d, uint8_t op)
{
    uint32_t a, n;
    int32_t s;
    int64_t l;
    uint8_t b;
    if (op <= 0x01 || op == 0x05 || op == 0x0a || op == 0x0f || op == 0x1a || op == 0x1b ||
        (op >= 0x45 && op <= 0xc4) || op == 0xd1 || op == 0xd4)
        return true;
    if (op == 0x08 || op == 0x0c || op == 0x0d || op == 0x10 || op == 0x12 || op == 0xd5 || op == 0xd6 || (op >= 0x20 && op <= 0x26) ||
        op == 0xd2 || op == 0x3f || op == 0x40)
        return dec_u32(d, &a);
    if (op == 0x11 || op == 0x13)
        return dec_u32(d, &a) && dec_u32(d, &a);
    if (op >= 0x28 && op <= 0x3e)
        return skip_memarg(d);
    switch (op) {
    case 0x02: case 0x03: case 0x04: {
        const char *why;
        size_t at = wf_reader_offset(&d->r);
        if (!wf_read_s33(&d->r, &l, &why)) {
            d->r.p = d->r.base + at;
            return dec_fail(d, why);
        }
        return true;
    }
    case 0x1f:
        return skip_try_table(d);
    case 0x0e:
        if (!dec_count(d, &n, 1))
            return false;
        for (uint32_t i = 0; i <= n; i++)
            if (!dec_u32(d, &a))
                return false;
        return true;
    case 0x1c:
        if (!dec_count(d, &n, 1))
            return false;
        for (uint32_t i = 0; i < n; i++)
            if (!dec_valtype(d, &b))
                return false;
        return true;
    case 0x41: return dec_s32(d, &s);
    case 0x42: return dec_s64(d, &l);
    case 0x43: return dec_skip(d, 4);
    case 0x44: return dec_skip(d, 8);
    case 0xd0: return dec_reftype(d, &b);
    case 0xfc:
        if (!dec_u32(d, &a))
            return false;
        if (a <= 7)
            return true;
        if (a == 8 || a == 10 || a == 12 || a == 14)
            return dec_u32(d, &n) && dec_u32(d, &n);
        if (a <= 17)
            return dec_u32(d, &n);
        break;
    case 0xfd:
        /* SIMD: memory ops take a memarg, some a lane index too. */
        if (!dec_u32(d, &a))
            return false;
        if (a <= 11 || a == 92 || a == 93)
            return skip_memarg(d);
        if (a == 12 || a == 13)
            return dec_skip(d, 16);
        if (a >= 21 && a <= 34)
            return dec_skip(d, 1);
        if (a >= 84 && a <= 91)
            return skip_memarg(d) && dec_skip(d, 1);
        if (a <= 0x113)   /* 0x100..0x113: relaxed SIMD */
            return true;
        break;
    case 0xfe:
        /* Atomics: a memarg, except atomic.fence's zero byte. */
        if (!dec_u32(d, &a))
            return false;
        return a == 3 ? dec_skip(d, 1) : skip_memarg(d);
    }
    return dec_fail(d, "illegal opcode");
}

bool dec_expr(dec *d, bin_expr *e)
{
    e->start = d->r.p;
    e->offset = wf_reader_offset(&d->r);
    uint32_t depth = 0;
    for (;;) {
        uint8_t op;
        if (!dec_byte(d, &op))
            return false;
        if (op == 0x0b) {
            if (depth == 0)
                break;
            depth--;
            continue;
        }
        if ((op >= 0x02 && op <= 0x04) || op == 0x1f)
            depth++;
        if (!skip_immediates(d, op))
            return false;
    }
    e->len = (size_t)(d->r.p - e->start);
    return true;
}

/* ---- element segments ---- */

static bool dec_elem_kind(dec *d, uint8_t *type)
{
    uint8_t k;
    if (!dec_byte(d, &k))
        return false;
    if (k != 0x00) {
        d->r.p--;
        return dec_fail(d, "malformed element kind");
    }
    *type = WF_FUNCREF;
    return true;
}

static bool dec_elem_items(dec *d, bin_elem *el, bool exprs)
{
    if (!dec_count(d, &el->count, 1) || !(el->items = dec_alloc(d, el->count, sizeof *el->items)))
        return false;
    for (uint32_t i = 0; i < el->count; i++) {
        bool ok = exprs ? dec_expr(d, &el->items[i].expr) : dec_u32(d, &el->items[i].func_index);
        if (!ok)
            return false;
    }
    return true;
}

/* The flags' three bits: 1 = passive/declarative (else active), 2 = explicit
 * table index (active) or declarative (otherwise), 4 = expressions. */
static bool dec_elem(dec *d, bin_elem *el)
{
    uint32_t flags;
    size_t at = wf_reader_offset(&d->r);
    if (!dec_u32(d, &flags))
        return false;
    if (flags > 7) {
        d->r.p = d->r.base + at;
        return dec_fail(d, "malformed elements segment kind");
    }
    bool exprs = flags & 4;
    el->type = WF_FUNCREF;
    if (flags & 1) {
        el->mode = (flags & 2) ? BIN_SEG_DECLARATIVE : BIN_SEG_PASSIVE;
    } else {
        el->mode = BIN_SEG_ACTIVE;
        if ((flags & 2) && !dec_u32(d, &el->table))
            return false;
        if (!dec_expr(d, &el->offset))
            return false;
    }
    /* Forms 0 and 4 have neither element kind nor type: funcref. */
    if (flags & 3) {
        bool ok = exprs ? dec_reftype(d, &el->type) : dec_elem_kind(d, &el->type);
        if (!ok)
            return false;
    }
    return dec_elem_items(d, el, exprs);
}

bool dec_elems(dec *d)
{
    wf_module *m = d->m;
    if (!dec_count_max(d, &m->nelems, 1, 100000, "element segments") || !(m->elems = dec_alloc(d, m->nelems, sizeof *m->elems)))
        return false;
    for (uint32_t i = 0; i < m->nelems; i++)
        if (!dec_elem(d, &m->elems[i]))
            return false;
    return true;
}

/* ---- code ---- */

static bool body_malformed(dec *d, const bin_func *f, bool to_end);

static bool dec_locals(dec *d, bin_func *f)
{
    if (!dec_count(d, &f->nlocal_runs, 1) ||
        !(f->local_runs = dec_alloc(d, f->nlocal_runs, sizeof *f->local_runs)))
        return false;
    for (uint32_t i = 0; i < f->nlocal_runs; i++) {
        size_t at = wf_reader_offset(&d->r);
        bin_localrun *run = &f->local_runs[i];
        if (!dec_u32(d, &run->count))
            return false;
        f->nlocals += run->count;
        if (f->nlocals > UINT32_MAX) {
            d->r.p = d->r.base + at;
            return dec_fail(d, "too many locals");
        }
        if (!dec_valtype(d, &run->type))
            return false;
    }
    return true;
}

bool dec_code(dec *d)
{
    wf_module *m = d->m;
    uint32_t n;
    if (!dec_count(d, &n, 1))
        return false;
    /* A count that disagrees with the function section is reported after
     * the last section, as the reference interpreter does. */
    d->ncode = n;
    for (uint32_t i = 0; i < n; i++) {
        bin_func spare = {0};
        bin_func *f = i < m->nfuncs ? &m->funcs[i] : &spare;
        uint32_t size;
        if (!dec_u32(d, &size))
            return false;
        if (size > (size_t)(d->r.end - d->r.p))
            return dec_fail(d, "length out of bounds");
        /* An implementation limit (wasmtime's too): compiling takes some
         * tens of bytes per body byte (a br_table target: 24). */
        if (size > BIN_MAX_FUNC_SIZE)
            return wf_fail(d->err, WF_ERR_LIMIT, wf_reader_offset(&d->r),
                           "function body of %u bytes exceeds the limit of %u", size,
                           BIN_MAX_FUNC_SIZE);
        const uint8_t *body_end = d->r.p + size;
        if (!dec_locals(d, f))
            return false;
        if (d->r.p >= body_end)
            return dec_fail(d, d->r.p > body_end ? "section size mismatch"
                                                 : "unexpected end of section or function");
        f->code = d->r.p;
        f->code_len = (size_t)(body_end - d->r.p);
        f->code_offset = wf_reader_offset(&d->r);
        /* A body not ending in `end` is malformed; find out how, as the
         * reference interpreter would see it (cheap: only such bodies). */
        if (body_end[-1] != 0x0b && body_malformed(d, f, true))
            return false;
        d->r.p = body_end;
    }
    return true;
}

/* Decode the instructions of one body from `f->code`, bounded only by the
 * input as in the reference interpreter; true if they are malformed (err
 * set). With `to_end`, decode on past the body's size until its `end`. */
static bool body_malformed(dec *d, const bin_func *f, bool to_end)
{
    d->r.p = f->code;
    uint32_t depth = 0;
    const uint8_t *body_end = f->code + f->code_len;
    while (to_end || d->r.p < body_end) {
        uint8_t op;
        if (!dec_byte(d, &op))
            return true;
        if (op == 0x0b && depth-- == 0) {
            if (d->r.p != body_end)
                return dec_fail(d, "section size mismatch"), true;
            return false;
        }
        if (op == 0x05 && depth == 0)
            return d->r.p--, dec_fail(d, "END opcode expected"), true;
        if ((op >= 0x02 && op <= 0x04) || op == 0x1f)
            depth++;
        if (op != 0x0b && !skip_immediates(d, op))
            return true;
    }
    return false;
}

bool dec_scan_bodies(dec *d)
{
    wf_error saved = {0};
    if (d->err)
        saved = *d->err;
    const uint8_t *p = d->r.p;
    for (uint32_t i = 0; i < d->m->nfuncs && i < d->ncode; i++) {
        if (d->m->funcs[i].code && body_malformed(d, &d->m->funcs[i], false))
            return true;
    }
    if (d->err)
        *d->err = saved;
    d->r.p = p;
    return false;
}

/* ---- data ---- */

static bool dec_data(dec *d, bin_data *seg)
{
    uint32_t flags, len;
    size_t at = wf_reader_offset(&d->r);
    if (!dec_u32(d, &flags))
        return false;
    if (flags > 2) {
        d->r.p = d->r.base + at;
        return dec_fail(d, "malformed data segment kind");
    }
    seg->mode = flags == 1 ? BIN_SEG_PASSIVE : BIN_SEG_ACTIVE;
    if (flags == 2 && !dec_u32(d, &seg->memory))
        return false;
    if (flags != 1 && !dec_expr(d, &seg->offset))
        return false;
    if (!dec_u32(d, &len))
        return false;
    seg->bytes = d->r.p;
    seg->len = len;
    return dec_skip(d, len);
}

bool dec_datas(dec *d)
{
    wf_module *m = d->m;
    if (!dec_count_max(d, &m->ndatas, 1, 100000, "data segments") || !(m->datas = dec_alloc(d, m->ndatas, sizeof *m->datas)))
        return false;
    for (uint32_t i = 0; i < m->ndatas; i++)
        if (!dec_data(d, &m->datas[i]))
            return false;
    return true;
}

/* ---- custom sections ---- */

/* The `name` section's function-name subsection (id 1). A custom section
 * never makes a module malformed beyond its own name, so any problem
 * inside just drops the names. */
static void dec_func_names(dec *d)
{
    wf_module *m = d->m;
    wf_error ignored;
    dec sub = {.r = {d->r.base, d->r.p, d->sec_end}, .m = m, .err = &ignored,
               .eof_msg = "unexpected end"};
    uint32_t total = bin_total_funcs(m);
    while (sub.r.p < sub.r.end) {
        uint8_t id;
        uint32_t size, count;
        if (!dec_byte(&sub, &id) || !dec_u32(&sub, &size) || size > (size_t)(sub.r.end - sub.r.p))
            return;
        const uint8_t *next = sub.r.p + size;
        if (id != 1 || m->func_names || !total) {
            sub.r.p = next;
            continue;
        }
        char **names = dec_alloc(&sub, total, sizeof *names);
        if (!names || !dec_count(&sub, &count, 1))
            return;
        for (uint32_t i = 0; i < count; i++) {
            uint32_t idx;
            char *name;
            if (!dec_u32(&sub, &idx) || !dec_name(&sub, &name, NULL))
                return;
            if (idx < total)
                names[idx] = name;
        }
        m->func_names = names;
        m->nfunc_names = total;
        sub.r.p = next;
    }
}

bool dec_custom(dec *d)
{
    char *name;
    if (!dec_name(d, &name, NULL))
        return false;
    /* Names are only known once the function and import sections are in,
     * which the spec's order puts before the name section in practice. */
    if (d->r.p > d->sec_end)
        return dec_fail(d, "unexpected end");
    if (!strcmp(name, "name"))
        dec_func_names(d);
    d->r.p = d->sec_end;
    return true;
}

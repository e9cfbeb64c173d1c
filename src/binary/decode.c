/* decode.c — the binary reader: preamble, section framing and the
 * module-level sections. Segments, code and custom sections are in
 * sections.c. Messages follow the reference interpreter's wording, which
 * the spec tests match by prefix. */
#include "decode.h"

#include <stdlib.h>
#include <string.h>

bool dec_fail(dec *d, const char *msg)
{
    return wf_fail(d->err, WF_ERR_MALFORMED, wf_reader_offset(&d->r), "%s", msg);
}

static bool leb_fail(dec *d, const char *why, size_t at)
{
    /* Running off the section (not the file) gets the longer wording. */
    if (!strcmp(why, "unexpected end"))
        why = d->eof_msg;
    return wf_fail(d->err, WF_ERR_MALFORMED, at, "%s", why);
}

bool dec_u32(dec *d, uint32_t *v)
{
    const char *why;
    size_t at = wf_reader_offset(&d->r);
    return wf_read_u32(&d->r, v, &why) || leb_fail(d, why, at);
}

bool dec_s32(dec *d, int32_t *v)
{
    const char *why;
    size_t at = wf_reader_offset(&d->r);
    return wf_read_s32(&d->r, v, &why) || leb_fail(d, why, at);
}

bool dec_s64(dec *d, int64_t *v)
{
    const char *why;
    size_t at = wf_reader_offset(&d->r);
    return wf_read_s64(&d->r, v, &why) || leb_fail(d, why, at);
}

bool dec_u64(dec *d, uint64_t *v)
{
    const char *why;
    size_t at = wf_reader_offset(&d->r);
    return wf_read_u64(&d->r, v, &why) || leb_fail(d, why, at);
}

bool dec_byte(dec *d, uint8_t *v)
{
    if (d->r.p >= d->r.end)
        return dec_fail(d, d->eof_msg);
    *v = *d->r.p++;
    return true;
}

bool dec_skip(dec *d, size_t n)
{
    if ((size_t)(d->r.end - d->r.p) < n)
        return dec_fail(d, d->eof_msg);
    d->r.p += n;
    return true;
}

void *dec_alloc(dec *d, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size) {
        wf_fail(d->err, WF_ERR_LIMIT, wf_reader_offset(&d->r), "out of memory");
        return NULL;
    }
    void *p = wf_arena_alloc(&d->m->arena, count * size);
    if (!p)
        wf_fail(d->err, WF_ERR_LIMIT, wf_reader_offset(&d->r), "out of memory");
    return p;
}

/* A vector count: each element takes at least `min_size` bytes, so a count
 * larger than the rest of the section cannot be right and must not make us
 * allocate (a cheap defence against absurd counts). */
bool dec_count(dec *d, uint32_t *n, size_t min_size)
{
    if (!dec_u32(d, n))
        return false;
    if (min_size && (uint64_t)*n * min_size > (uint64_t)(d->r.end - d->r.p)) {
        /* Report where the reference interpreter would: it runs off the end
         * while reading the elements. */
        d->r.p = d->r.end;
        return dec_fail(d, d->eof_msg);
    }
    return true;
}

bool dec_count_max(dec *d, uint32_t *n, size_t min_size, uint32_t max, const char *what)
{
    if (!dec_count(d, n, min_size))
        return false;
    if (*n > max)
        return wf_fail(d->err, WF_ERR_LIMIT, wf_reader_offset(&d->r),
                       "%u %s exceed the limit of %u", *n, what, max);
    return true;
}

bool dec_name(dec *d, char **out, uint32_t *len)
{
    uint32_t n;
    if (!dec_u32(d, &n))
        return false;
    if (n > (size_t)(d->r.end - d->r.p))
        return dec_fail(d, "length out of bounds");
    if (!wf_utf8_valid(d->r.p, n))
        return dec_fail(d, "malformed UTF-8 encoding");
    char *s = dec_alloc(d, 1, (size_t)n + 1);
    if (!s)
        return false;
    memcpy(s, d->r.p, n);
    d->r.p += n;
    *out = s;
    if (len)
        *len = n;
    return true;
}

bool dec_valtype(dec *d, uint8_t *t)
{
    if (!dec_byte(d, t))
        return false;
    switch (*t) {
    case WF_I32: case WF_I64: case WF_F32: case WF_F64: case WF_V128:
    case WF_FUNCREF: case WF_EXTERNREF: case WF_EXNREF:
        return true;
    }
    d->r.p--;
    return dec_fail(d, "malformed value type");
}

bool dec_reftype(dec *d, uint8_t *t)
{
    if (!dec_byte(d, t))
        return false;
    if (*t == WF_FUNCREF || *t == WF_EXTERNREF || *t == WF_EXNREF)
        return true;
    d->r.p--;
    return dec_fail(d, "malformed reference type");
}

/* Limits flags. 2.0 reads them as a one-bit LEB128 (hence its messages);
 * bit 1 = shared (threads, with a maximum) is accepted for memories, bit
 * 2 = 64-bit (memory64, table64: i64 indices, u64 limits) for both. */
static bool dec_limits(dec *d, wf_limits *l, bool memory)
{
    uint8_t flags;
    if (!dec_byte(d, &flags))
        return false;
    if (flags & 0x80) {
        d->r.p--;
        return dec_fail(d, "integer representation too long");
    }
    bool ok = flags <= 1 || (memory && flags <= 7 && (flags & 3) != 2) ||
              (!memory && (flags == 4 || flags == 5));
    if (!ok) {
        d->r.p--;
        return dec_fail(d, "integer too large");
    }
    memset(l, 0, sizeof *l);
    l->has_max = flags & 1;
    l->shared = (flags & 2) != 0;
    l->is64 = (flags & 4) != 0;
    if (l->is64) {
        if (!dec_u64(d, &l->min) || (l->has_max && !dec_u64(d, &l->max)))
            return false;
        return true;
    }
    uint32_t v;
    if (!dec_u32(d, &v))
        return false;
    l->min = v;
    if (l->has_max) {
        if (!dec_u32(d, &v))
            return false;
        l->max = v;
    }
    return true;
}

static bool dec_tabletype(dec *d, bin_tabletype *t)
{
    return dec_reftype(d, &t->elem) && dec_limits(d, &t->limits, false);
}

static bool dec_globaltype(dec *d, bin_globaltype *g)
{
    uint8_t mut;
    if (!dec_valtype(d, &g->type) || !dec_byte(d, &mut))
        return false;
    if (mut > 1) {
        d->r.p--;
        return dec_fail(d, "malformed mutability");
    }
    g->is_mutable = mut;
    return true;
}

/* A tag type: attribute 0 (exception), then a function type index. */
static bool dec_tagtype(dec *d, uint32_t *type_index)
{
    uint8_t attr;
    if (!dec_byte(d, &attr))
        return false;
    if (attr != 0) {
        d->r.p--;
        return dec_fail(d, "malformed tag attribute");
    }
    return dec_u32(d, type_index);
}

/* ---- sections ---- */

static bool dec_types(dec *d)
{
    wf_module *m = d->m;
    if (!dec_count_max(d, &m->ntypes, 1, 1000000, "types") || !(m->types = dec_alloc(d, m->ntypes, sizeof *m->types)))
        return false;
    for (uint32_t i = 0; i < m->ntypes; i++) {
        uint8_t form;
        if (!dec_byte(d, &form))
            return false;
        if (form != 0x60) {
            d->r.p--;
            return dec_fail(d, "integer representation too long");
        }
        wf_functype *ft = &m->types[i];
        for (int pass = 0; pass < 2; pass++) {
            uint32_t n;
            uint8_t *v;
            if (!dec_count(d, &n, 1) || !(v = dec_alloc(d, n, 1)))
                return false;
            for (uint32_t k = 0; k < n; k++)
                if (!dec_valtype(d, &v[k]))
                    return false;
            if (pass == 0)
                ft->nparams = n, ft->params = v;
            else
                ft->nresults = n, ft->results = v;
        }
    }
    return true;
}

static bool dec_imports(dec *d)
{
    wf_module *m = d->m;
    if (!dec_count_max(d, &m->nimports, 1, 100000, "imports") || !(m->imports = dec_alloc(d, m->nimports, sizeof *m->imports)))
        return false;
    for (uint32_t i = 0; i < m->nimports; i++) {
        bin_import *im = &m->imports[i];
        uint8_t kind;
        im->offset = wf_reader_offset(&d->r);
        if (!dec_name(d, &im->module, &im->module_len) || !dec_name(d, &im->name, &im->name_len) ||
            !dec_byte(d, &kind))
            return false;
        im->kind = kind;
        bool ok;
        switch (kind) {
        case WF_EXTERN_FUNC: ok = dec_u32(d, &im->of.type_index); m->nfunc_imports++; break;
        case WF_EXTERN_TABLE: ok = dec_tabletype(d, &im->of.table); m->ntable_imports++; break;
        case WF_EXTERN_MEMORY: ok = dec_limits(d, &im->of.memory.limits, true); m->nmemory_imports++; break;
        case WF_EXTERN_GLOBAL: ok = dec_globaltype(d, &im->of.global); m->nglobal_imports++; break;
        case WF_EXTERN_TAG: ok = dec_tagtype(d, &im->of.tag_type); m->ntag_imports++; break;
        default:
            d->r.p--;
            return dec_fail(d, "malformed import kind");
        }
        if (!ok)
            return false;
    }
    uint32_t counts[5] = {m->nfunc_imports, m->ntable_imports, m->nmemory_imports,
                          m->nglobal_imports, m->ntag_imports}, next[5] = {0};
    for (int k = 0; k < 5; k++)
        if (!(m->kind_imports[k] = dec_alloc(d, counts[k], sizeof(uint32_t))))
            return false;
    for (uint32_t i = 0; i < m->nimports; i++)
        m->kind_imports[m->imports[i].kind][next[m->imports[i].kind]++] = i;
    return true;
}

static bool dec_functions(dec *d)
{
    wf_module *m = d->m;
    if (!dec_count_max(d, &m->nfuncs, 1, 1000000, "functions") || !(m->funcs = dec_alloc(d, m->nfuncs, sizeof *m->funcs)))
        return false;
    for (uint32_t i = 0; i < m->nfuncs; i++)
        if (!dec_u32(d, &m->funcs[i].type_index))
            return false;
    return true;
}

static bool dec_tables(dec *d)
{
    wf_module *m = d->m;
    if (!dec_count_max(d, &m->ntables, 1, 100, "tables") || !(m->tables = dec_alloc(d, m->ntables, sizeof *m->tables)))
        return false;
    for (uint32_t i = 0; i < m->ntables; i++)
        if (!dec_tabletype(d, &m->tables[i]))
            return false;
    return true;
}

static bool dec_memories(dec *d)
{
    wf_module *m = d->m;
    if (!dec_count_max(d, &m->nmemories, 1, 100, "memories") || !(m->memories = dec_alloc(d, m->nmemories, sizeof *m->memories)))
        return false;
    for (uint32_t i = 0; i < m->nmemories; i++)
        if (!dec_limits(d, &m->memories[i].limits, true))
            return false;
    return true;
}

static bool dec_globals(dec *d)
{
    wf_module *m = d->m;
    if (!dec_count_max(d, &m->nglobals, 1, 1000000, "globals") || !(m->globals = dec_alloc(d, m->nglobals, sizeof *m->globals)))
        return false;
    for (uint32_t i = 0; i < m->nglobals; i++)
        if (!dec_globaltype(d, &m->globals[i].type) || !dec_expr(d, &m->globals[i].init))
            return false;
    return true;
}

static bool dec_tags(dec *d)
{
    wf_module *m = d->m;
    if (!dec_count_max(d, &m->ntags, 1, 1000000, "tags") || !(m->tags = dec_alloc(d, m->ntags, sizeof *m->tags)))
        return false;
    for (uint32_t i = 0; i < m->ntags; i++)
        if (!dec_tagtype(d, &m->tags[i]))
            return false;
    return true;
}

static bool dec_exports(dec *d)
{
    wf_module *m = d->m;
    if (!dec_count_max(d, &m->nexports, 1, 100000, "exports") || !(m->exports = dec_alloc(d, m->nexports, sizeof *m->exports)))
        return false;
    for (uint32_t i = 0; i < m->nexports; i++) {
        bin_export *ex = &m->exports[i];
        uint8_t kind;
        ex->offset = wf_reader_offset(&d->r);
        if (!dec_name(d, &ex->name, &ex->name_len) || !dec_byte(d, &kind))
            return false;
        if (kind > WF_EXTERN_TAG) {
            d->r.p--;
            return dec_fail(d, "malformed export kind");
        }
        ex->kind = kind;
        if (!dec_u32(d, &ex->index))
            return false;
    }
    return true;
}

static bool dec_start(dec *d)
{
    d->m->has_start = true;
    d->m->start_offset = wf_reader_offset(&d->r);
    return dec_u32(d, &d->m->start);
}

static bool dec_datacount(dec *d)
{
    d->m->has_data_count = true;
    return dec_u32(d, &d->m->data_count);
}

/* Section order: 1..5, 13 (tags), 6..9, 12 (data count), 10, 11. */
static int section_rank(uint8_t id)
{
    static const int rank[14] = {0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 11, 6};
    return rank[id];
}

static bool dec_section_body(dec *d, uint8_t id)
{
    switch (id) {
    case 0: return dec_custom(d);
    case 1: return dec_types(d);
    case 2: return dec_imports(d);
    case 3: return dec_functions(d);
    case 4: return dec_tables(d);
    case 5: return dec_memories(d);
    case 6: return dec_globals(d);
    case 7: return dec_exports(d);
    case 8: return dec_start(d);
    case 9: return dec_elems(d);
    case 10: return dec_code(d);
    case 11: return dec_datas(d);
    case 12: return dec_datacount(d);
    case 13: return dec_tags(d);
    }
    return false;
}

/* Report a late error, unless a function body already decoded holds an
 * earlier one (see dec_scan_bodies). */
static bool late_fail(dec *d, const char *msg)
{
    if (d->saw_code && dec_scan_bodies(d))
        return false;
    return dec_fail(d, msg);
}

static bool dec_section(dec *d, uint8_t id)
{
    uint32_t size;
    if (!dec_u32(d, &size))
        return false;
    if (size > (size_t)(d->r.end - d->r.p))
        return dec_fail(d, "length out of bounds");
    d->sec_end = d->r.p + size;
    const uint8_t *start = d->r.p;
    if (!dec_section_body(d, id))
        return false;
    if (d->r.p != d->sec_end) {
        d->r.p = start;
        return dec_fail(d, "section size mismatch");
    }
    return true;
}

static bool dec_sections(dec *d)
{
    int last = 0;
    d->eof_msg = "unexpected end of section or function";
    while (d->r.p < d->r.end) {
        uint8_t id = *d->r.p;
        if (id > 13)
            return late_fail(d, "malformed section id");
        if (id != 0 && section_rank(id) <= last)
            return late_fail(d, "unexpected content after last section");
        d->r.p++;
        if (!dec_section(d, id)) {
            if (d->saw_code && id != 10)
                dec_scan_bodies(d);
            return false;
        }
        if (id != 0)
            last = section_rank(id);
        d->saw_code |= id == 10;
    }
    wf_module *m = d->m;
    if (d->ncode != m->nfuncs)
        return dec_fail(d, "function and code section have inconsistent lengths");
    if (m->has_data_count && m->data_count != m->ndatas)
        return dec_fail(d, "data count and data section have inconsistent lengths");
    return true;
}

wf_module *bin_decode(const uint8_t *bytes, size_t len, wf_error *err)
{
    wf_module *m = calloc(1, sizeof *m);
    if (!m || !(m->bytes = wf_malloc(len))) {
        free(m);
        wf_fail(err, WF_ERR_LIMIT, 0, "out of memory");
        return NULL;
    }
    if (len)
        memcpy(m->bytes, bytes, len);
    m->len = len;
    m->refs = 1;
    dec d = {.r = {m->bytes, m->bytes, m->bytes + len}, .m = m, .err = err,
             .eof_msg = "unexpected end", .sec_end = m->bytes + len};
    static const uint8_t magic[4] = {0, 'a', 's', 'm'}, version[4] = {1, 0, 0, 0};
    bool ok;
    /* Short input is "unexpected end" whatever its bytes: the reference
     * interpreter reads the magic and version as whole words. */
    if (len < 4)
        ok = dec_fail(&d, "unexpected end");
    else if (memcmp(m->bytes, magic, 4))
        ok = dec_fail(&d, "magic header not detected");
    else if (len < 8)
        ok = (d.r.p += 4, dec_fail(&d, "unexpected end"));
    else if (memcmp(m->bytes + 4, version, 4))
        ok = (d.r.p += 4, dec_fail(&d, "unknown binary version"));
    else
        ok = (d.r.p += 8, dec_sections(&d));
    if (!ok) {
        bin_module_free(m);
        return NULL;
    }
    return m;
}

/* decode.h — private to src/binary: the reader state and helpers shared
 * by decode.c (framing, module-level sections) and sections.c (segments,
 * code, custom sections). */
#ifndef WEFT_BINARY_DECODE_H
#define WEFT_BINARY_DECODE_H

#include "binary.h"

typedef struct dec {
    /* Reads are bounded by the end of the input, not of the section, as
     * in the reference interpreter: a section's size is checked when it
     * ends ("section size mismatch"), so an element running past it is
     * reported the way the spec tests expect. */
    wf_reader r;
    const uint8_t *sec_end;  /* end of the current section */
    wf_module *m;
    wf_error *err;
    const char *eof_msg;     /* what running off the input is called */
    uint32_t ncode;          /* bodies in the code section */
    bool saw_code;
} dec;

bool dec_fail(dec *d, const char *msg);
bool dec_u32(dec *d, uint32_t *v);
bool dec_s32(dec *d, int32_t *v);
bool dec_s64(dec *d, int64_t *v);
bool dec_u64(dec *d, uint64_t *v);
bool dec_byte(dec *d, uint8_t *v);
bool dec_skip(dec *d, size_t n);
bool dec_count(dec *d, uint32_t *n, size_t min_size);
/* The same, and at most `max` (an implementation limit, WF_ERR_LIMIT):
 * the host memory a module takes stays a small multiple of its size. */
bool dec_count_max(dec *d, uint32_t *n, size_t min_size, uint32_t max, const char *what);
bool dec_name(dec *d, char **out, uint32_t *len);   /* len may be NULL */
bool dec_valtype(dec *d, uint8_t *t);
bool dec_reftype(dec *d, uint8_t *t);
void *dec_alloc(dec *d, size_t count, size_t size);

bool dec_expr(dec *d, bin_expr *e);
bool dec_elems(dec *d);
bool dec_code(dec *d);
bool dec_datas(dec *d);
bool dec_custom(dec *d);
/* After a later error: report the first malformed instruction in a
 * function body instead (the reference interpreter decodes bodies in
 * place, so it finds that first) and return true; false if none. */
bool dec_scan_bodies(dec *d);

#endif

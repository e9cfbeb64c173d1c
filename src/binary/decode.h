/* decode.h — private to src/binary: the reader state and helpers shared
 * by decode.c (framing, module-level sections) and sections.c (segments,
 * code, custom sections). */
#ifndef WEFT_BINARY_DECODE_H
#define WEFT_BINARY_DECODE_H

#include "binary.h"

typedef struct dec {
    wf_reader r;            /* r.end is the current section's end */
    wf_module *m;
    wf_error *err;
    const char *eof_msg;    /* what running off r.end is called */
    uint32_t ncode;         /* bodies in the code section */
} dec;

bool dec_fail(dec *d, const char *msg);
bool dec_u32(dec *d, uint32_t *v);
bool dec_s32(dec *d, int32_t *v);
bool dec_s64(dec *d, int64_t *v);
bool dec_u64(dec *d, uint64_t *v);
bool dec_byte(dec *d, uint8_t *v);
bool dec_skip(dec *d, size_t n);
bool dec_count(dec *d, uint32_t *n, size_t min_size);
bool dec_name(dec *d, char **out);
bool dec_valtype(dec *d, uint8_t *t);
bool dec_reftype(dec *d, uint8_t *t);
void *dec_alloc(dec *d, size_t count, size_t size);

bool dec_expr(dec *d, bin_expr *e);
bool dec_elems(dec *d);
bool dec_code(dec *d);
bool dec_datas(dec *d);
bool dec_custom(dec *d);

#endif

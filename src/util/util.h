/* util.h — small shared pieces: errors, arena, growable arrays, LEB128, UTF-8. */
#ifndef WEFT_UTIL_H
#define WEFT_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "weft.h"

/* Fill err (if non-NULL) with kind, offset and a printf-style message.
 * Always returns false so callers can `return wf_fail(...)`. */
bool wf_fail(wf_error *err, wf_errkind kind, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Abort on allocation failure is not allowed: these return NULL. */
void *wf_malloc(size_t n);
void *wf_calloc(size_t count, size_t size);   /* checks count*size overflow */
void *wf_realloc(void *p, size_t n);
char *wf_strndup(const char *s, size_t n);

/* Arena: many small allocations freed together. */
typedef struct wf_arena_block wf_arena_block;
typedef struct wf_arena { wf_arena_block *head; } wf_arena;
void *wf_arena_alloc(wf_arena *a, size_t n);   /* zeroed, 16-byte aligned; NULL on OOM */
void wf_arena_free(wf_arena *a);

/* A byte reader over [p, end) that tracks the offset from `base`. */
typedef struct wf_reader {
    const uint8_t *base;
    const uint8_t *p;
    const uint8_t *end;
} wf_reader;

static inline size_t wf_reader_offset(const wf_reader *r) { return (size_t)(r->p - r->base); }

/* LEB128 with the spec's strictness (no overlong encodings beyond the
 * width, unused bits must be sign/zero extension). Return false at EOF
 * or on a bad encoding; *why says which ("unexpected end",
 * "integer representation too long", "integer too large"). */
bool wf_read_u32(wf_reader *r, uint32_t *out, const char **why);
bool wf_read_s32(wf_reader *r, int32_t *out, const char **why);
bool wf_read_s33(wf_reader *r, int64_t *out, const char **why);
bool wf_read_u64(wf_reader *r, uint64_t *out, const char **why);
bool wf_read_s64(wf_reader *r, int64_t *out, const char **why);

/* Encoders for the text format: append to a growable buffer. */
typedef struct wf_buf { uint8_t *data; size_t len, cap; bool oom; } wf_buf;
void wf_buf_byte(wf_buf *b, uint8_t v);
void wf_buf_bytes(wf_buf *b, const void *p, size_t n);
void wf_buf_u32(wf_buf *b, uint32_t v);   /* unsigned LEB128 */
void wf_buf_s32(wf_buf *b, int32_t v);
void wf_buf_s64(wf_buf *b, int64_t v);
void wf_buf_u64(wf_buf *b, uint64_t v);
void wf_buf_free(wf_buf *b);

/* True if [s, s+n) is valid UTF-8 (no overlongs, surrogates, > U+10FFFF). */
bool wf_utf8_valid(const uint8_t *s, size_t n);
/* Code point cp (at most U+10FFFF) as UTF-8 at o (room for 4 bytes); its
 * length in bytes. */
size_t wf_utf8_put(uint8_t *o, uint32_t cp);

/* Read a whole file; *out malloc'd. */
bool wf_read_file(const char *path, uint8_t **out, size_t *len, wf_error *err);

#endif

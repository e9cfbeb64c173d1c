/* util.c — errors, allocation, arena, LEB128, byte buffers, UTF-8, files. */
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool wf_fail(wf_error *err, wf_errkind kind, size_t offset, const char *fmt, ...)
{
    if (!err)
        return false;
    err->kind = kind;
    err->offset = offset;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return false;
}

void *wf_malloc(size_t n) { return malloc(n ? n : 1); }

void *wf_calloc(size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    return calloc(count ? count : 1, size ? size : 1);
}

void *wf_realloc(void *p, size_t n) { return realloc(p, n ? n : 1); }

char *wf_strndup(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

/* ---- arena ---- */

struct wf_arena_block {
    wf_arena_block *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
};

void *wf_arena_alloc(wf_arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    wf_arena_block *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > 65536 - sizeof *b ? n : 65536 - sizeof *b;
        b = malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->used = 0;
        b->cap = cap;
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

void wf_arena_free(wf_arena *a)
{
    wf_arena_block *b = a->head;
    while (b) {
        wf_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
}

/* ---- LEB128 ---- */

static bool read_uleb(wf_reader *r, unsigned bits, uint64_t *out, const char **why)
{
    uint64_t v = 0;
    for (unsigned shift = 0;; shift += 7) {
        if (r->p >= r->end) {
            *why = "unexpected end";
            return false;
        }
        uint8_t byte = *r->p++;
        unsigned left = bits - shift;     /* bits still to fill */
        if (left < 7) {
            /* Last permitted byte: no continuation, no bits beyond width. */
            if (byte & 0x80) {
                *why = "integer representation too long";
                return false;
            }
            if (byte >> left) {
                *why = "integer too large";
                return false;
            }
        }
        v |= (uint64_t)(byte & 0x7f) << shift;
        if (!(byte & 0x80))
            break;
        if (left <= 7) {
            *why = "integer representation too long";
            return false;
        }
    }
    *out = v;
    return true;
}

static bool read_sleb(wf_reader *r, unsigned bits, int64_t *out, const char **why)
{
    uint64_t v = 0;
    unsigned shift = 0;
    uint8_t byte;
    for (;;) {
        if (r->p >= r->end) {
            *why = "unexpected end";
            return false;
        }
        byte = *r->p++;
        unsigned left = bits - shift;
        if (left < 7) {
            if (byte & 0x80) {
                *why = "integer representation too long";
                return false;
            }
            /* Unused bits (including the sign bit position) must all equal
             * the sign bit of the value. */
            int sign_and_unused = (int8_t)(byte << 1) >> (left);
            if (sign_and_unused != 0 && sign_and_unused != -1) {
                *why = "integer too large";
                return false;
            }
        }
        v |= (uint64_t)(byte & 0x7f) << shift;
        shift += 7;
        if (!(byte & 0x80))
            break;
        if (left <= 7) {
            *why = "integer representation too long";
            return false;
        }
    }
    if (shift < 64 && (byte & 0x40))
        v |= ~(uint64_t)0 << shift;
    *out = (int64_t)v;
    return true;
}

bool wf_read_u32(wf_reader *r, uint32_t *out, const char **why)
{
    uint64_t v;
    if (!read_uleb(r, 32, &v, why))
        return false;
    *out = (uint32_t)v;
    return true;
}

bool wf_read_u64(wf_reader *r, uint64_t *out, const char **why) { return read_uleb(r, 64, out, why); }

bool wf_read_s32(wf_reader *r, int32_t *out, const char **why)
{
    int64_t v;
    if (!read_sleb(r, 32, &v, why))
        return false;
    *out = (int32_t)v;
    return true;
}

bool wf_read_s33(wf_reader *r, int64_t *out, const char **why) { return read_sleb(r, 33, out, why); }
bool wf_read_s64(wf_reader *r, int64_t *out, const char **why) { return read_sleb(r, 64, out, why); }

/* ---- buffers ---- */

static bool buf_reserve(wf_buf *b, size_t n)
{
    if (b->oom)
        return false;
    if (b->cap - b->len >= n)
        return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->len < n) {
        if (cap > SIZE_MAX / 2) {
            b->oom = true;
            return false;
        }
        cap *= 2;
    }
    uint8_t *d = realloc(b->data, cap);
    if (!d) {
        b->oom = true;
        return false;
    }
    b->data = d;
    b->cap = cap;
    return true;
}

void wf_buf_byte(wf_buf *b, uint8_t v)
{
    if (buf_reserve(b, 1))
        b->data[b->len++] = v;
}

void wf_buf_bytes(wf_buf *b, const void *p, size_t n)
{
    if (n && buf_reserve(b, n)) {
        memcpy(b->data + b->len, p, n);
        b->len += n;
    }
}

void wf_buf_u64(wf_buf *b, uint64_t v)
{
    do {
        uint8_t byte = v & 0x7f;
        v >>= 7;
        wf_buf_byte(b, byte | (v ? 0x80 : 0));
    } while (v);
}

void wf_buf_u32(wf_buf *b, uint32_t v) { wf_buf_u64(b, v); }

void wf_buf_s64(wf_buf *b, int64_t v)
{
    for (;;) {
        uint8_t byte = v & 0x7f;
        v >>= 7;  /* arithmetic shift on every compiler we build with */
        bool done = (v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40));
        wf_buf_byte(b, byte | (done ? 0 : 0x80));
        if (done)
            return;
    }
}

void wf_buf_s32(wf_buf *b, int32_t v) { wf_buf_s64(b, v); }

void wf_buf_free(wf_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* ---- UTF-8 ---- */

size_t wf_utf8_put(uint8_t *o, uint32_t cp)
{
    if (cp < 0x80) {
        o[0] = (uint8_t)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (uint8_t)(0xc0 | (cp >> 6));
        o[1] = (uint8_t)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (uint8_t)(0xe0 | (cp >> 12));
        o[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
        o[2] = (uint8_t)(0x80 | (cp & 0x3f));
        return 3;
    }
    o[0] = (uint8_t)(0xf0 | (cp >> 18));
    o[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3f));
    o[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
    o[3] = (uint8_t)(0x80 | (cp & 0x3f));
    return 4;
}

bool wf_utf8_valid(const uint8_t *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint8_t c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t len;
        uint32_t cp, min;
        if ((c & 0xe0) == 0xc0) {
            len = 2, cp = c & 0x1f, min = 0x80;
        } else if ((c & 0xf0) == 0xe0) {
            len = 3, cp = c & 0x0f, min = 0x800;
        } else if ((c & 0xf8) == 0xf0) {
            len = 4, cp = c & 0x07, min = 0x10000;
        } else {
            return false;
        }
        if (n - i < len)
            return false;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += len;
    }
    return true;
}

/* ---- files ---- */

bool wf_read_file(const char *path, uint8_t **out, size_t *len, wf_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return wf_fail(err, WF_ERR_IO, 0, "cannot open %s: %s", path, strerror(errno));
    wf_buf b = {0};
    uint8_t chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        wf_buf_bytes(&b, chunk, n);
    bool bad = ferror(f) || b.oom;
    fclose(f);
    if (bad) {
        wf_buf_free(&b);
        return wf_fail(err, WF_ERR_IO, 0, "cannot read %s", path);
    }
    *out = b.data ? b.data : malloc(1);
    *len = b.len;
    return *out != NULL || wf_fail(err, WF_ERR_IO, 0, "out of memory reading %s", path);
}

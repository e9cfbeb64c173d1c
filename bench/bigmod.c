/* bigmod.c — writes a large, valid, synthetic wasm module for measuring
 * load+validate+compile speed:  bigmod OUT.wasm MIB
 * Functions of type (i32,i32)->i32 hold a random mix of stack-neutral
 * snippets (arithmetic, loads/stores, blocks, loops, if/else, br_table,
 * calls to earlier functions, i64 and f64 ops) until the code section
 * reaches MIB MiB; one more function "noop" ()->() is exported so that
 * `weft run --invoke noop` loads the whole module and runs nothing.
 * MIB 0 gives a module with only the noop (the start-up baseline). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { uint8_t *p; size_t n, cap; } buf;

static void put(buf *b, const void *src, size_t n)
{
    if (b->n + n > b->cap) {
        b->cap = (b->n + n) * 2 + 1024;
        b->p = realloc(b->p, b->cap);
        if (!b->p) { fprintf(stderr, "bigmod: out of memory\n"); exit(2); }
    }
    memcpy(b->p + b->n, src, n);
    b->n += n;
}
static void byte(buf *b, uint8_t v) { put(b, &v, 1); }
static void uleb(buf *b, uint64_t v)
{
    do { uint8_t c = v & 0x7f; v >>= 7; byte(b, (uint8_t)(c | (v ? 0x80 : 0))); } while (v);
}
static void bytes(buf *b, const char *s, size_t n) { put(b, s, n); }
#define B(b, lit) bytes(b, lit, sizeof(lit) - 1)

static uint32_t seed = 12345;
static uint32_t rnd(void) { seed = seed * 1103515245u + 12345u; return seed >> 8; }

static void snippet(buf *f, uint32_t self)
{
    uint8_t k = (uint8_t)(rnd() & 0x3f), off = (uint8_t)(rnd() & 0x7f);
    switch (rnd() % 10) {
    case 0: B(f, "\x20\x00\x20\x01\x6a\x41"); byte(f, k); B(f, "\x6c\x21\x02"); break;
    case 1: B(f, "\x02\x40\x20\x00\x45\x0d\x00\x20\x01\x41\x01\x6b\x21\x01\x0b"); break;
    case 2: B(f, "\x03\x40\x20\x02\x41\x01\x6a\x22\x02\x41"); byte(f, k); B(f, "\x49\x0d\x00\x0b"); break;
    case 3: B(f, "\x20\x00\x28\x02"); byte(f, off); B(f, "\x20\x01\x73\x21\x01"); break;
    case 4: B(f, "\x20\x00\x20\x01\x36\x02"); byte(f, off); break;
    case 5:
        if (self == 0) { B(f, "\x20\x01\x21\x03"); break; }
        B(f, "\x20\x00\x20\x02\x10"); uleb(f, rnd() % self); B(f, "\x21\x03");
        break;
    case 6: B(f, "\x20\x06\x44"); { double d = 1.0 + k / 64.0; put(f, &d, 8); } B(f, "\xa2\x21\x06"); break;
    case 7: B(f, "\x20\x00\x04\x7f\x20\x01\x05\x20\x02\x0b\x21\x00"); break;
    case 8: B(f, "\x20\x00\xad\x42"); byte(f, k); B(f, "\x7e\xa7\x21\x04"); break;
    default: B(f, "\x02\x40\x02\x40\x02\x40\x20\x00\x0e\x02\x00\x01\x02\x0b\x0b\x0b"); break;
    }
}

static void section(buf *out, uint8_t id, const buf *s)
{
    byte(out, id);
    uleb(out, s->n);
    put(out, s->p, s->n);
}

int main(int argc, char **argv)
{
    if (argc != 3) { fprintf(stderr, "usage: bigmod OUT.wasm MIB\n"); return 2; }
    size_t target = (size_t)(atof(argv[2]) * 1048576.0);
    buf code = { 0 }, body = { 0 }, fn = { 0 };
    uint32_t nf = 0;
    while (code.n < target) {
        body.n = 0;
        B(&body, "\x03\x03\x7f\x01\x7e\x01\x7c");  /* locals: 3 i32, i64, f64 */
        int n = 20 + (int)(rnd() % 380);
        for (int i = 0; i < n; i++)
            snippet(&body, nf);
        B(&body, "\x20\x02\x0b");
        uleb(&code, body.n);
        put(&code, body.p, body.n);
        nf++;
    }
    B(&code, "\x02\x00\x0b");  /* noop: no locals, end */
    buf codesec = { 0 }, s = { 0 }, out = { 0 };
    uleb(&codesec, nf + 1);
    put(&codesec, code.p, code.n);
    B(&out, "\0asm\x01\0\0\0");
    B(&s, "\x02\x60\x02\x7f\x7f\x01\x7f\x60\x00\x00"); section(&out, 1, &s);
    s.n = 0; uleb(&s, nf + 1);
    for (uint32_t i = 0; i < nf; i++) byte(&s, 0);
    byte(&s, 1); section(&out, 3, &s);
    s.n = 0; B(&s, "\x01\x00\x01"); section(&out, 5, &s);
    s.n = 0; B(&s, "\x02\x04noop\x00"); uleb(&s, nf); B(&s, "\x06memory\x02\x00"); section(&out, 7, &s);
    section(&out, 10, &codesec);
    FILE *fo = fopen(argv[1], "wb");
    if (!fo || fwrite(out.p, 1, out.n, fo) != out.n || fclose(fo)) { perror(argv[1]); return 2; }
    printf("%u functions, code section %zu bytes, module %zu bytes\n", nf + 1, codesec.n, out.n);
    free(code.p); free(body.p); free(fn.p); free(codesec.p); free(s.p); free(out.p);
    return 0;
}

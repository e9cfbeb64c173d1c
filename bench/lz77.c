/* lz77.c — an LZ77-style compressor (hash chains, greedy matching, byte
 * oriented tokens like LZ4) and its decompressor over generated text-like
 * data; every round trip is verified. Size = rounds over a 1 MiB input. */
#include "common.h"

enum { HBITS = 15, WINDOW = 65535, MINMATCH = 4, MAXCHAIN = 16 };

static uint32_t hash4(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return (v * 2654435761u) >> (32 - HBITS);
}

static uint8_t *put_len(uint8_t *o, size_t n)
{
    while (n >= 255) { *o++ = 255; n -= 255; }
    *o++ = (uint8_t)n;
    return o;
}

/* Token: [lit:4|match:4] [extra lit len] literals [off:16] [extra match len] */
static size_t compress(const uint8_t *in, size_t n, uint8_t *out, int32_t *head, int32_t *prev)
{
    for (int i = 0; i < 1 << HBITS; i++)
        head[i] = -1;
    uint8_t *o = out;
    size_t anchor = 0, i = 0;
    while (i + MINMATCH + 8 < n) {
        uint32_t h = hash4(in + i);
        size_t best = 0, boff = 0;
        int32_t cand = head[h];
        for (int chain = 0; cand >= 0 && chain < MAXCHAIN && i - (size_t)cand <= WINDOW; chain++) {
            const uint8_t *a = in + cand, *b = in + i;
            size_t l = 0, lim = n - 8 - i;
            while (l < lim && a[l] == b[l])
                l++;
            if (l > best) { best = l; boff = i - (size_t)cand; }
            cand = prev[cand];
        }
        prev[i] = head[h];
        head[h] = (int32_t)i;
        if (best < MINMATCH) { i++; continue; }
        size_t lit = i - anchor, ml = best - MINMATCH;
        uint8_t *tok = o++;
        *tok = (uint8_t)((lit < 15 ? lit : 15) << 4 | (ml < 15 ? ml : 15));
        if (lit >= 15) o = put_len(o, lit - 15);
        memcpy(o, in + anchor, lit);
        o += lit;
        *o++ = (uint8_t)boff;
        *o++ = (uint8_t)(boff >> 8);
        if (ml >= 15) o = put_len(o, ml - 15);
        /* insert the positions covered by the match into the chains */
        for (size_t j = i + 1; j < i + best && j + 4 <= n; j++) {
            uint32_t hj = hash4(in + j);
            prev[j] = head[hj];
            head[hj] = (int32_t)j;
        }
        i += best;
        anchor = i;
    }
    size_t lit = n - anchor;
    *o++ = (uint8_t)((lit < 15 ? lit : 15) << 4);
    if (lit >= 15) o = put_len(o, lit - 15);
    memcpy(o, in + anchor, lit);
    o += lit;
    return (size_t)(o - out);
}

static size_t get_len(const uint8_t **pp, size_t n)
{
    const uint8_t *p = *pp;
    if (n == 15) {
        uint8_t b;
        do { b = *p++; n += b; } while (b == 255);
    }
    *pp = p;
    return n;
}

static size_t decompress(const uint8_t *in, size_t n, uint8_t *out)
{
    const uint8_t *p = in, *end = in + n;
    uint8_t *o = out;
    for (;;) {
        uint8_t tok = *p++;
        size_t lit = get_len(&p, tok >> 4);
        memcpy(o, p, lit);
        o += lit;
        p += lit;
        if (p >= end)
            break;
        size_t off = p[0] | (size_t)p[1] << 8;
        p += 2;
        size_t ml = get_len(&p, tok & 15) + MINMATCH;
        const uint8_t *m = o - off;
        for (size_t k = 0; k < ml; k++)  /* byte copy: overlap is legal */
            o[k] = m[k];
        o += ml;
    }
    return (size_t)(o - out);
}

static size_t gen_text(uint8_t *buf, size_t n)
{
    static const char *words[] = { "the", "quick", "brown", "fox", "jumps", "over", "lazy",
        "dog", "webassembly", "interpreter", "module", "function", "memory", "table",
        "stack", "value", "branch", "loop", "call", "return", "compile", "and", "of", "a" };
    size_t i = 0;
    while (i + 16 < n) {
        uint32_t r = bench_rand();
        if ((r & 63) == 0) {
            buf[i++] = (uint8_t)('0' + (r >> 8) % 10);  /* some noise */
            continue;
        }
        const char *w = words[(r >> 8) % 24];
        size_t l = strlen(w);
        memcpy(buf + i, w, l);
        i += l;
        buf[i++] = (r >> 16) % 11 == 0 ? '\n' : ' ';
    }
    return i;
}

int main(int argc, char **argv)
{
    long rounds = bench_size(argc, argv, 40);
    size_t cap = 1 << 20;
    uint8_t *in = bench_alloc(cap), *comp = bench_alloc(cap + cap / 8 + 64);
    uint8_t *back = bench_alloc(cap + 64);
    int32_t *head = bench_alloc(sizeof(int32_t) << HBITS);
    int32_t *prev = bench_alloc(sizeof(int32_t) * cap);
    size_t n = gen_text(in, cap);
    uint64_t sum = 0;
    for (long r = 0; r < rounds; r++) {
        in[(r * 7919) % n] = (uint8_t)('a' + r % 26);  /* vary each round */
        size_t c = compress(in, n, comp, head, prev);
        size_t d = decompress(comp, c, back);
        if (d != n || memcmp(in, back, n) != 0) {
            printf("lz77 round trip FAILED in round %ld\n", r);
            return 1;
        }
        sum = bench_fnv(sum, comp, c) + c;
    }
    printf("lz77 rounds=%ld in=%zu checksum=%016llx\n", rounds, n, (unsigned long long)sum);
    return 0;
}

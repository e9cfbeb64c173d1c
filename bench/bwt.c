/* bwt.c — a Burrows-Wheeler block compressor in the style of bzip2:
 * BWT by prefix doubling with counting sorts, move-to-front, canonical
 * Huffman coding; then the full inverse, verified against the input.
 * Size = number of 64 KiB blocks. */
#include "common.h"

enum { BLOCK = 1 << 16, NSYM = 256, MAXLEN = 32 };

typedef struct {
    int32_t *p, *pn, *c, *cn, *cnt;
    uint8_t *L, *mtf, *bits, *dec, *out;
    uint32_t *lf;
} work;

/* Sorts the cyclic rotations of s; returns the primary index. */
static int32_t bwt_forward(work *w, const uint8_t *s, int32_t n)
{
    int32_t *p = w->p, *pn = w->pn, *c = w->c, *cn = w->cn, *cnt = w->cnt;
    memset(cnt, 0, sizeof(int32_t) * (n > NSYM ? n : NSYM));
    for (int32_t i = 0; i < n; i++) cnt[s[i]]++;
    for (int32_t i = 1; i < NSYM; i++) cnt[i] += cnt[i - 1];
    for (int32_t i = n - 1; i >= 0; i--) p[--cnt[s[i]]] = i;
    int32_t classes = 1;
    c[p[0]] = 0;
    for (int32_t i = 1; i < n; i++) {
        if (s[p[i]] != s[p[i - 1]]) classes++;
        c[p[i]] = classes - 1;
    }
    for (int32_t h = 1; h < n && classes < n; h <<= 1) {
        for (int32_t i = 0; i < n; i++) {
            pn[i] = p[i] - h;
            if (pn[i] < 0) pn[i] += n;
        }
        memset(cnt, 0, sizeof(int32_t) * classes);
        for (int32_t i = 0; i < n; i++) cnt[c[pn[i]]]++;
        for (int32_t i = 1; i < classes; i++) cnt[i] += cnt[i - 1];
        for (int32_t i = n - 1; i >= 0; i--) p[--cnt[c[pn[i]]]] = pn[i];
        cn[p[0]] = 0;
        classes = 1;
        for (int32_t i = 1; i < n; i++) {
            int32_t a = p[i] + h, b = p[i - 1] + h;
            if (a >= n) a -= n;
            if (b >= n) b -= n;
            if (c[p[i]] != c[p[i - 1]] || c[a] != c[b]) classes++;
            cn[p[i]] = classes - 1;
        }
        int32_t *t = c; c = cn; cn = t;
    }
    int32_t primary = 0;
    for (int32_t i = 0; i < n; i++) {
        int32_t j = p[i] == 0 ? n - 1 : p[i] - 1;
        w->L[i] = s[j];
        if (p[i] == 0) primary = i;
    }
    return primary;
}

static void bwt_inverse(work *w, const uint8_t *L, int32_t n, int32_t primary, uint8_t *out)
{
    int32_t base[NSYM] = { 0 }, seen[NSYM] = { 0 };
    for (int32_t i = 0; i < n; i++) base[L[i]]++;
    for (int32_t i = 0, sum = 0; i < NSYM; i++) { int32_t t = base[i]; base[i] = sum; sum += t; }
    for (int32_t i = 0; i < n; i++) w->lf[i] = (uint32_t)(base[L[i]] + seen[L[i]]++);
    int32_t j = primary;
    for (int32_t k = n - 1; k >= 0; k--) {
        out[k] = L[j];
        j = (int32_t)w->lf[j];
    }
}

static void mtf_encode(const uint8_t *in, int32_t n, uint8_t *out)
{
    uint8_t order[NSYM];
    for (int i = 0; i < NSYM; i++) order[i] = (uint8_t)i;
    for (int32_t i = 0; i < n; i++) {
        uint8_t ch = in[i], k = 0;
        while (order[k] != ch) k++;
        memmove(order + 1, order, k);
        order[0] = ch;
        out[i] = k;
    }
}

static void mtf_decode(const uint8_t *in, int32_t n, uint8_t *out)
{
    uint8_t order[NSYM];
    for (int i = 0; i < NSYM; i++) order[i] = (uint8_t)i;
    for (int32_t i = 0; i < n; i++) {
        uint8_t k = in[i], ch = order[k];
        memmove(order + 1, order, k);
        order[0] = ch;
        out[i] = ch;
    }
}

/* Code lengths by the classic two-queue Huffman construction on sorted
 * leaves; lengths stay well under MAXLEN for a 64 KiB block. */
static void huff_lengths(const uint32_t *freq, uint8_t *len)
{
    uint32_t w[2 * NSYM];
    int32_t parent[2 * NSYM], leaf[NSYM], nl = 0;
    for (int i = 0; i < NSYM; i++) {
        len[i] = 0;
        if (freq[i]) leaf[nl++] = i;
    }
    for (int i = 1; i < nl; i++)  /* insertion sort by frequency */
        for (int j = i; j > 0 && freq[leaf[j]] < freq[leaf[j - 1]]; j--) {
            int32_t t = leaf[j]; leaf[j] = leaf[j - 1]; leaf[j - 1] = t;
        }
    if (nl == 1) { len[leaf[0]] = 1; return; }
    for (int i = 0; i < nl; i++) w[i] = freq[leaf[i]];
    int32_t ql = 0, qi = nl, ni = nl;
    for (int k = 0; k < nl - 1; k++) {
        int32_t pick[2];
        for (int t = 0; t < 2; t++) {
            if (ql < nl && (qi >= ni || w[ql] <= w[qi])) pick[t] = ql++;
            else pick[t] = qi++;
        }
        w[ni] = w[pick[0]] + w[pick[1]];
        parent[pick[0]] = parent[pick[1]] = ni;
        ni++;
    }
    int32_t depth[2 * NSYM];
    depth[ni - 1] = 0;
    for (int32_t i = ni - 2; i >= 0; i--) depth[i] = depth[parent[i]] + 1;
    for (int i = 0; i < nl; i++) len[leaf[i]] = (uint8_t)depth[i];
}

typedef struct { uint32_t code[NSYM]; uint8_t len[NSYM]; int32_t first[MAXLEN + 1],
    count[MAXLEN + 1], sym[NSYM]; } huff;

static void huff_build(huff *h)
{
    memset(h->count, 0, sizeof h->count);
    for (int i = 0; i < NSYM; i++) h->count[h->len[i]]++;
    h->count[0] = 0;
    uint32_t code = 0;
    int32_t idx = 0;
    for (int l = 1; l <= MAXLEN; l++) {
        h->first[l] = idx;
        for (int i = 0; i < NSYM; i++)
            if (h->len[i] == l) { h->code[i] = code++; h->sym[idx++] = i; }
        code <<= 1;
    }
}

static size_t huff_encode(const huff *h, const uint8_t *in, int32_t n, uint8_t *out)
{
    uint64_t acc = 0;
    int nb = 0;
    size_t o = 0;
    for (int32_t i = 0; i < n; i++) {
        acc = acc << h->len[in[i]] | h->code[in[i]];
        nb += h->len[in[i]];
        while (nb >= 8) { nb -= 8; out[o++] = (uint8_t)(acc >> nb); }
    }
    if (nb) out[o++] = (uint8_t)(acc << (8 - nb));
    return o;
}

static void huff_decode(const huff *h, const uint8_t *in, int32_t n, uint8_t *out)
{
    size_t bit = 0;
    for (int32_t i = 0; i < n; i++) {
        int32_t code = 0, first = 0;
        for (int l = 1; l <= MAXLEN; l++) {
            code |= (in[bit >> 3] >> (7 - (bit & 7))) & 1;
            bit++;
            int32_t cnt = h->count[l];
            if (code - first < cnt) { out[i] = (uint8_t)h->sym[h->first[l] + code - first]; break; }
            first = (first + cnt) << 1;
            code <<= 1;
        }
    }
}

static void gen_block(uint8_t *b, int32_t n, uint32_t salt)
{
    static const char *syl[] = { "ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "en", "ar",
        "ost", "ing", "ent", "ion", "the", "wasm" };
    int32_t i = 0;
    while (i < n) {
        uint32_t r = bench_rand() ^ salt;
        int k = 1 + (int)(r % 3);
        for (int j = 0; j < k && i < n; j++) {
            const char *s = syl[(r >> (4 + 4 * j)) & 15];
            while (*s && i < n) b[i++] = (uint8_t)*s++;
        }
        if (i < n) b[i++] = (r >> 20) % 9 == 0 ? '.' : ' ';
    }
}

int main(int argc, char **argv)
{
    long blocks = bench_size(argc, argv, 160);
    work w;
    w.p = bench_alloc(sizeof(int32_t) * BLOCK);
    w.pn = bench_alloc(sizeof(int32_t) * BLOCK);
    w.c = bench_alloc(sizeof(int32_t) * BLOCK);
    w.cn = bench_alloc(sizeof(int32_t) * BLOCK);
    w.cnt = bench_alloc(sizeof(int32_t) * BLOCK);
    w.lf = bench_alloc(sizeof(uint32_t) * BLOCK);
    w.L = bench_alloc(BLOCK);
    w.mtf = bench_alloc(BLOCK);
    w.bits = bench_alloc(BLOCK * 4);
    w.dec = bench_alloc(BLOCK);
    w.out = bench_alloc(BLOCK);
    uint8_t *in = bench_alloc(BLOCK);
    huff h;
    uint64_t sum = 0, total = 0;
    for (long b = 0; b < blocks; b++) {
        gen_block(in, BLOCK, (uint32_t)b * 0x01000193u);
        int32_t primary = bwt_forward(&w, in, BLOCK);
        mtf_encode(w.L, BLOCK, w.mtf);
        uint32_t freq[NSYM] = { 0 };
        for (int32_t i = 0; i < BLOCK; i++) freq[w.mtf[i]]++;
        huff_lengths(freq, h.len);
        huff_build(&h);
        size_t nbytes = huff_encode(&h, w.mtf, BLOCK, w.bits);
        total += nbytes;
        sum = bench_fnv(sum, w.bits, nbytes) ^ (uint64_t)primary;
        /* full inverse */
        huff_decode(&h, w.bits, BLOCK, w.dec);
        mtf_decode(w.dec, BLOCK, w.L);
        bwt_inverse(&w, w.L, BLOCK, primary, w.out);
        if (memcmp(w.out, in, BLOCK) != 0) {
            printf("bwt round trip FAILED in block %ld\n", b);
            return 1;
        }
    }
    printf("bwt blocks=%ld compressed=%llu checksum=%016llx\n", blocks,
           (unsigned long long)total, (unsigned long long)sum);
    return 0;
}

/* coremark.c — a CoreMark-like mixed integer workload: linked-list
 * find/reverse/merge-sort, small matrix arithmetic, a number-parsing state
 * machine, all folded into a CRC-16. Size = iterations. */
#include "common.h"

enum { LIST_N = 400, MAT_N = 24, SM_LEN = 2048 };

typedef struct node { struct node *next; int16_t data; int16_t idx; } node;

static uint16_t crc_u8(uint8_t data, uint16_t crc)
{
    for (int i = 0; i < 8; i++) {
        uint8_t x = (uint8_t)((data & 1) ^ (crc & 1));
        data >>= 1;
        crc >>= 1;
        if (x)
            crc ^= 0xa001;
    }
    return crc;
}

static uint16_t crc_u16(uint16_t v, uint16_t crc)
{
    crc = crc_u8((uint8_t)v, crc);
    return crc_u8((uint8_t)(v >> 8), crc);
}

/* ---- linked list -------------------------------------------------- */

static node *list_reverse(node *l)
{
    node *r = NULL;
    while (l) {
        node *n = l->next;
        l->next = r;
        r = l;
        l = n;
    }
    return r;
}

static int cmp_data(const node *a, const node *b) { return a->data - b->data; }
static int cmp_idx(const node *a, const node *b) { return a->idx - b->idx; }

/* Bottom-up merge sort, no recursion, as CoreMark does. */
static node *list_sort(node *list, int (*cmp)(const node *, const node *))
{
    for (int insize = 1;; insize *= 2) {
        node *p = list, *tail = NULL;
        int merges = 0;
        list = NULL;
        while (p) {
            node *q = p;
            int psize = 0, qsize = insize;
            merges++;
            for (int i = 0; i < insize && q; i++, psize++)
                q = q->next;
            while (psize > 0 || (qsize > 0 && q)) {
                node *e;
                if (psize == 0) { e = q; q = q->next; qsize--; }
                else if (qsize == 0 || !q) { e = p; p = p->next; psize--; }
                else if (cmp(p, q) <= 0) { e = p; p = p->next; psize--; }
                else { e = q; q = q->next; qsize--; }
                if (tail) tail->next = e; else list = e;
                tail = e;
            }
            p = q;
        }
        tail->next = NULL;
        if (merges <= 1)
            return list;
    }
}

static node *list_find(node *l, int16_t data)
{
    while (l && l->data != data)
        l = l->next;
    return l;
}

static uint16_t bench_list(node *pool, int iter, uint16_t crc)
{
    node *l = NULL;
    for (int i = LIST_N - 1; i >= 0; i--) {
        pool[i].idx = (int16_t)i;
        pool[i].data = (int16_t)((i * 7919 + iter * 31) & 0x3fff);
        pool[i].next = l;
        l = &pool[i];
    }
    for (int i = 0; i < 40; i++) {
        node *f = list_find(l, (int16_t)((i * 977 + iter) & 0x3fff));
        crc = crc_u16(f ? (uint16_t)f->idx : 0xffff, crc);
        l = list_reverse(l);
    }
    l = list_sort(l, cmp_data);
    crc = crc_u16((uint16_t)l->data, crc);
    l = list_sort(l, cmp_idx);
    for (node *p = l; p; p = p->next)
        crc = crc_u16((uint16_t)(p->data ^ p->idx), crc);
    return crc;
}

/* ---- matrices ----------------------------------------------------- */

static uint16_t bench_matrix(int16_t *a, int16_t *b, int32_t *c, int iter, uint16_t crc)
{
    int n = MAT_N;
    for (int i = 0; i < n * n; i++) {
        a[i] = (int16_t)((i * 13 + iter) % 255 - 127);
        b[i] = (int16_t)((i * 29 + iter * 3) % 511 - 255);
    }
    int16_t val = (int16_t)(iter & 0xff);
    for (int i = 0; i < n * n; i++)
        a[i] = (int16_t)(a[i] + val);
    for (int i = 0; i < n * n; i++)
        c[i] = (int32_t)a[i] * val;
    for (int i = 0; i < n; i++) {
        int32_t acc = 0;
        for (int j = 0; j < n; j++)
            acc += (int32_t)a[i * n + j] * b[j];
        c[i] ^= acc;
    }
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            int32_t acc = 0;
            for (int k = 0; k < n; k++)
                acc += (int32_t)a[i * n + k] * b[k * n + j];
            c[i * n + j] += acc;
        }
    /* bit extraction pass, as CoreMark's matrix_mul_matrix_bitextract */
    int32_t sum = 0;
    for (int i = 0; i < n * n; i++) {
        int32_t bits = (c[i] >> 2) & 0xf;
        int32_t bits2 = (c[i] >> 5) & 0x7f;
        sum += bits * bits2;
        if (sum > 0x4000)
            sum -= 0x3000;
    }
    crc = crc_u16((uint16_t)sum, crc);
    for (int i = 0; i < n * n; i += 7)
        crc = crc_u16((uint16_t)c[i], crc);
    return crc;
}

/* ---- state machine ------------------------------------------------ */

enum { S_START, S_INVALID, S_S1, S_S2, S_INT, S_FLOAT, S_EXP, S_SCI, S_N };

static int is_digit(uint8_t c) { return c >= '0' && c <= '9'; }

static int sm_step(const uint8_t **pp, unsigned *trans)
{
    const uint8_t *p = *pp;
    int st = S_START;
    for (; *p && st != S_INVALID; p++) {
        uint8_t ch = *p;
        if (ch == ',') { p++; break; }
        int old = st;
        switch (st) {
        case S_START:
            if (is_digit(ch)) st = S_INT;
            else if (ch == '+' || ch == '-') st = S_S1;
            else if (ch == '.') st = S_FLOAT;
            else st = S_INVALID;
            break;
        case S_S1:
            if (is_digit(ch)) st = S_INT;
            else if (ch == '.') st = S_FLOAT;
            else st = S_INVALID;
            break;
        case S_INT:
            if (ch == '.') st = S_FLOAT;
            else if (!is_digit(ch)) st = S_INVALID;
            break;
        case S_FLOAT:
            if (ch == 'E' || ch == 'e') st = S_S2;
            else if (!is_digit(ch)) st = S_INVALID;
            break;
        case S_S2:
            if (ch == '+' || ch == '-') st = S_EXP;
            else st = S_INVALID;
            break;
        case S_EXP:
            if (is_digit(ch)) st = S_SCI;
            else st = S_INVALID;
            break;
        case S_SCI:
            if (!is_digit(ch)) st = S_INVALID;
            break;
        }
        if (st != old)
            trans[st]++;
    }
    *pp = p;
    return st;
}

static void sm_fill(uint8_t *s, int len)
{
    static const char *toks[] = { "5012", "1234", "-874", "+122", "35.54", ".1234",
        "-110.7", "+0.64", "5.5e+3", "-.123e-2", "-87e+832", "+0.6e-12",
        "T0.3e-1F", "-T.T++Tq", "1T3.4e4z", "34.0e-T^" };
    int pos = 0;
    for (unsigned i = 0; pos < len - 12; i++) {
        const char *t = toks[(i * 7 + (i >> 3)) & 15];
        size_t n = strlen(t);
        memcpy(s + pos, t, n);
        pos += (int)n;
        s[pos++] = ',';
    }
    s[pos] = 0;
}

static uint16_t bench_state(uint8_t *s, int iter, uint16_t crc)
{
    unsigned final[S_N] = { 0 }, trans[S_N] = { 0 };
    for (int pass = 0; pass < 2; pass++) {
        const uint8_t *p = s;
        while (*p)
            final[sm_step(&p, trans)]++;
        /* corrupt every 5th char deterministically, like CoreMark */
        for (int i = iter % 5; s[i]; i += 5)
            s[i] ^= (uint8_t)(pass ? 0x21 : 0x01);
    }
    for (int i = 0; i < S_N; i++) {
        crc = crc_u16((uint16_t)final[i], crc);
        crc = crc_u16((uint16_t)trans[i], crc);
    }
    return crc;
}

int main(int argc, char **argv)
{
    long iters = bench_size(argc, argv, 12000);
    node *pool = bench_alloc(sizeof(node) * LIST_N);
    int16_t *a = bench_alloc(sizeof(int16_t) * MAT_N * MAT_N);
    int16_t *b = bench_alloc(sizeof(int16_t) * MAT_N * MAT_N);
    int32_t *c = bench_alloc(sizeof(int32_t) * MAT_N * MAT_N);
    uint8_t *s = bench_alloc(SM_LEN + 1);
    uint16_t crc = 0;
    for (long it = 0; it < iters; it++) {
        crc = bench_list(pool, (int)it, crc);
        crc = bench_matrix(a, b, c, (int)it, crc);
        if ((it & 3) == 0)
            sm_fill(s, SM_LEN);
        crc = bench_state(s, (int)it, crc);
    }
    printf("coremark iterations=%ld crc=0x%04x\n", iters, crc);
    return 0;
}

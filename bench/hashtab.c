/* hashtab.c — a string-keyed hash table: word counting over generated
 * text (open addressing, linear probing, FNV hashing, keys in an arena),
 * lookups of present and absent keys, deletion with backward-shift, and a
 * final pass building and reversing strings. Size = rounds. */
#include "common.h"

enum { CAP = 1 << 16, WORDS = 200000, ARENA = 1 << 20 };

typedef struct { const char *key; uint32_t len, hash, count; } slot;

typedef struct { slot *s; size_t used; char *arena; size_t apos; } table;

static uint32_t hash_str(const char *p, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= (uint8_t)p[i];
        h *= 16777619u;
    }
    return h;
}

static slot *find(table *t, const char *k, uint32_t n, uint32_t h)
{
    for (uint32_t i = h & (CAP - 1);; i = (i + 1) & (CAP - 1)) {
        slot *s = &t->s[i];
        if (!s->key || (s->hash == h && s->len == n && memcmp(s->key, k, n) == 0))
            return s;
    }
}

static void add(table *t, const char *k, uint32_t n)
{
    uint32_t h = hash_str(k, n);
    slot *s = find(t, k, n, h);
    if (!s->key) {
        if (t->used >= CAP * 3 / 4 || t->apos + n + 1 > ARENA) {
            printf("hashtab: table full\n");
            exit(1);
        }
        char *dst = t->arena + t->apos;
        memcpy(dst, k, n);
        dst[n] = 0;
        t->apos += n + 1;
        s->key = dst;
        s->len = n;
        s->hash = h;
        t->used++;
    }
    s->count++;
}

/* Deletion by backward shift keeps probe chains intact without tombstones. */
static int del(table *t, const char *k, uint32_t n)
{
    uint32_t h = hash_str(k, n);
    slot *s = find(t, k, n, h);
    if (!s->key)
        return 0;
    uint32_t i = (uint32_t)(s - t->s), j = i;
    for (;;) {
        j = (j + 1) & (CAP - 1);
        if (!t->s[j].key)
            break;
        uint32_t home = t->s[j].hash & (CAP - 1);
        /* move j back to i if its home is not cyclically within (i, j] */
        if ((i <= j) ? (home <= i || home > j) : (home <= i && home > j)) {
            t->s[i] = t->s[j];
            i = j;
        }
    }
    t->s[i].key = NULL;
    t->used--;
    return 1;
}

static size_t gen_word(char *w)
{
    static const char *syl[] = { "ba", "ce", "di", "fo", "gu", "ha", "je", "ki", "lo", "mu",
        "na", "pe", "qi", "ro", "su", "ta", "ve", "wi", "xo", "yu", "za", "str", "th", "ng" };
    uint32_t r = bench_rand();
    size_t n = 0;
    int k = 1 + (int)(r % 3);
    r >>= 2;
    for (int j = 0; j < k; j++) {
        const char *s = syl[(r % 24)];
        r /= 24;
        while (*s)
            w[n++] = *s++;
    }
    return n;
}

int main(int argc, char **argv)
{
    long rounds = bench_size(argc, argv, 100);
    table t;
    t.s = bench_alloc(sizeof(slot) * CAP);
    t.arena = bench_alloc(ARENA);
    char *text = bench_alloc((size_t)WORDS * 14);
    uint32_t *off = bench_alloc(sizeof(uint32_t) * (WORDS + 1));
    uint64_t sum = 0;
    for (long r = 0; r < rounds; r++) {
        memset(t.s, 0, sizeof(slot) * CAP);
        t.used = 0;
        t.apos = 0;
        size_t pos = 0;
        for (int i = 0; i < WORDS; i++) {
            off[i] = (uint32_t)pos;
            pos += gen_word(text + pos);
        }
        off[WORDS] = (uint32_t)pos;
        for (int i = 0; i < WORDS; i++)
            add(&t, text + off[i], off[i + 1] - off[i]);
        uint64_t hits = 0;
        for (int i = 0; i < WORDS; i += 2) {  /* present keys, and their suffixes */
            const char *k = text + off[i];
            uint32_t n = off[i + 1] - off[i];
            hits += find(&t, k, n, hash_str(k, n))->count;
            if (n > 2)
                hits += find(&t, k + 1, n - 1, hash_str(k + 1, n - 1))->key != NULL;
        }
        uint64_t gone = 0;
        for (int i = 0; i < WORDS; i += 3)
            gone += (uint64_t)del(&t, text + off[i], off[i + 1] - off[i]);
        /* string pass: reverse every surviving key into a buffer and hash */
        char buf[64];
        uint64_t h = 0;
        for (uint32_t i = 0; i < CAP; i++) {
            slot *s = &t.s[i];
            if (!s->key)
                continue;
            size_t n = strlen(s->key);
            for (size_t j = 0; j < n; j++)
                buf[j] = s->key[n - 1 - j];
            h += hash_str(buf, n) * s->count;
        }
        sum = sum * 31 + hits + gone * 7 + t.used + h;
    }
    printf("hashtab rounds=%ld checksum=%016llx\n", rounds, (unsigned long long)sum);
    return 0;
}

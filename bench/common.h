/* common.h — small helpers shared by the benchmark programs.
 * Every program takes an optional size argument (argv[1]); without it the
 * default size runs for roughly 0.5-2 s natively. Each prints a checksum so
 * that runs under different runtimes can be compared byte for byte. Only
 * libc features present in both glibc and wasi-libc are used, and no libm
 * function other than sqrt (correctly rounded everywhere). */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* No fused multiply-add contraction, even at compile time: clang folds
 * a*b+c in constant expressions with one rounding, gcc with two, and the
 * checksums must agree bit for bit between native and wasm builds. */
#ifdef __clang__
#pragma clang fp contract(off)
#endif

static inline long bench_size(int argc, char **argv, long def)
{
    if (argc > 1) {
        long v = strtol(argv[1], NULL, 10);
        if (v > 0)
            return v;
    }
    return def;
}

/* xorshift64*: deterministic input data, identical on every platform. */
static uint64_t bench_rng_state __attribute__((unused)) = 0x9e3779b97f4a7c15ull;

static inline uint32_t bench_rand(void)
{
    uint64_t x = bench_rng_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    bench_rng_state = x;
    return (uint32_t)((x * 0x2545f4914f6cdd1dull) >> 32);
}

/* FNV-1a over a byte range, chained through h. */
static inline uint64_t bench_fnv(uint64_t h, const void *p, size_t n)
{
    const uint8_t *b = p;
    if (h == 0)
        h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

static inline void *bench_alloc(size_t n)
{
    void *p = calloc(1, n ? n : 1);
    if (!p) {
        fprintf(stderr, "out of memory (%zu bytes)\n", n);
        exit(3);
    }
    return p;
}

#endif

/* numeric.h — exact wasm numeric semantics the C operators don't give. */
#ifndef WEFT_INTERP_NUMERIC_H
#define WEFT_INTERP_NUMERIC_H

#include <math.h>
#include <stdint.h>
#include <string.h>

static inline float f32_of(uint32_t b) { float f; memcpy(&f, &b, 4); return f; }
static inline double f64_of(uint64_t b) { double f; memcpy(&f, &b, 8); return f; }
static inline uint32_t bits_f32(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }
static inline uint64_t bits_f64(double f) { uint64_t b; memcpy(&b, &f, 8); return b; }

/* Rounding keeps NaN payloads but must quiet them (libm may not). */
#define NUM_ROUND(fn, x) ((x) != (x) ? (x) + (x) : fn(x))

/* min/max: NaN if either is NaN; -0 < +0. */
static inline float num_fminf(float x, float y) {
    if (x != x || y != y) return x + y;
    if (x == 0 && y == 0) return signbit(x) ? x : y;
    return x < y ? x : y;
}
static inline float num_fmaxf(float x, float y) {
    if (x != x || y != y) return x + y;
    if (x == 0 && y == 0) return signbit(x) ? y : x;
    return x > y ? x : y;
}
static inline double num_fmin(double x, double y) {
    if (x != x || y != y) return x + y;
    if (x == 0 && y == 0) return signbit(x) ? x : y;
    return x < y ? x : y;
}
static inline double num_fmax(double x, double y) {
    if (x != x || y != y) return x + y;
    if (x == 0 && y == 0) return signbit(x) ? y : x;
    return x > y ? x : y;
}

static inline uint32_t num_rotl32(uint32_t x, uint32_t n) { n &= 31; return n ? (x << n) | (x >> (32 - n)) : x; }
static inline uint32_t num_rotr32(uint32_t x, uint32_t n) { n &= 31; return n ? (x >> n) | (x << (32 - n)) : x; }
static inline uint64_t num_rotl64(uint64_t x, uint64_t n) { n &= 63; return n ? (x << n) | (x >> (64 - n)) : x; }
static inline uint64_t num_rotr64(uint64_t x, uint64_t n) { n &= 63; return n ? (x >> n) | (x << (64 - n)) : x; }
static inline uint32_t num_clz32(uint32_t x) { return x ? (uint32_t)__builtin_clz(x) : 32; }
static inline uint32_t num_ctz32(uint32_t x) { return x ? (uint32_t)__builtin_ctz(x) : 32; }
static inline uint64_t num_clz64(uint64_t x) { return x ? (uint64_t)__builtin_clzll(x) : 64; }
static inline uint64_t num_ctz64(uint64_t x) { return x ? (uint64_t)__builtin_ctzll(x) : 64; }

/* Arithmetic shift right without relying on implementation-defined >>. */
static inline uint32_t num_shrs32(uint32_t x, uint32_t n) {
    n &= 31;
    return (x >> n) | ((x & 0x80000000u) && n ? ~(0xffffffffu >> n) : 0);
}
static inline uint64_t num_shrs64(uint64_t x, uint64_t n) {
    n &= 63;
    return (x >> n) | ((x >> 63) && n ? ~(~(uint64_t)0 >> n) : 0);
}

/* Range checks for float -> int conversion (x already truncated toward 0
 * conceptually; these test the open intervals the spec allows). */
#define NUM_IN_S32(x) ((x) > -2147483649.0 && (x) < 2147483648.0)
#define NUM_IN_U32(x) ((x) > -1.0 && (x) < 4294967296.0)
#define NUM_IN_S64(x) ((x) >= -9223372036854775808.0 && (x) < 9223372036854775808.0)
#define NUM_IN_U64(x) ((x) > -1.0 && (x) < 18446744073709551616.0)

static inline uint32_t num_sat_s32(double x) {
    if (x != x) return 0;
    if (x <= -2147483648.0) return 0x80000000u;
    if (x >= 2147483647.0) return 0x7fffffffu;
    return (uint32_t)(int32_t)x;
}
static inline uint32_t num_sat_u32(double x) {
    if (x != x || x <= 0) return 0;
    if (x >= 4294967295.0) return 0xffffffffu;
    return (uint32_t)x;
}
static inline uint64_t num_sat_s64(double x) {
    if (x != x) return 0;
    if (x <= -9223372036854775808.0) return (uint64_t)1 << 63;
    if (x >= 9223372036854775808.0) return ~((uint64_t)1 << 63);
    return (uint64_t)(int64_t)x;
}
static inline uint64_t num_sat_u64(double x) {
    if (x != x || x <= 0) return 0;
    if (x >= 18446744073709551616.0) return ~(uint64_t)0;
    return (uint64_t)x;
}

#endif

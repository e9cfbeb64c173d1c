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

/* f32 arithmetic and int->float conversions that stay in an SSE
 * register from load to store (x86-64). Each returns the result's slot
 * bits (an f32 zero-extended). The plain C form computes in xmm too but
 * then hops through a GPR (movd + mov) to build the zero-extended slot;
 * here the register already holds it (a movd load zeroes the upper
 * lanes, the _ss ops keep the first operand's), so it is stored whole
 * (movq): one instruction fewer, and no xmm->GPR hop in a float chain.
 * NUM_OPAQUE hides those zero lanes from clang, which would otherwise
 * rebuild them (xorps + movss) or take the GPR path again. The
 * conversions write into an explicitly zeroed register: cvtsi2ss/sd
 * write only the low lane, and clang does not break the false dependency
 * on the register's previous value across handler functions. Same
 * results as the C operators (the same instructions; no contraction:
 * mul_add rounds twice). */
#if defined(__x86_64__) && defined(__GNUC__)
#include <emmintrin.h>
#define NUM_OPAQUE(v) __asm__("" : "+x"(v))
static inline __m128 num_v32(uint32_t b) { return _mm_castsi128_ps(_mm_cvtsi32_si128((int)b)); }
static inline __m128 num_v32_first(uint32_t b) { __m128 x = num_v32(b); NUM_OPAQUE(x); return x; }
static inline uint64_t num_v32_slot(__m128 v) { return (uint64_t)_mm_cvtsi128_si64(_mm_castps_si128(v)); }
static inline uint64_t num_v64_slot(__m128d v) {
    NUM_OPAQUE(v);   /* keeps the zeroing: the upper lane looks used */
    return (uint64_t)_mm_cvtsi128_si64(_mm_castpd_si128(v));
}
static inline __m128 num_zero32(void) { __m128 z = _mm_setzero_ps(); NUM_OPAQUE(z); return z; }
static inline __m128d num_zero64(void) { __m128d z = _mm_setzero_pd(); NUM_OPAQUE(z); return z; }
#define NUM_F32_OP(op, a, b) num_v32_slot(_mm_##op##_ss(num_v32_first(a), num_v32(b)))
static inline uint64_t num_f32_add(uint32_t a, uint32_t b) { return NUM_F32_OP(add, a, b); }
static inline uint64_t num_f32_sub(uint32_t a, uint32_t b) { return NUM_F32_OP(sub, a, b); }
static inline uint64_t num_f32_mul(uint32_t a, uint32_t b) { return NUM_F32_OP(mul, a, b); }
static inline uint64_t num_f32_div(uint32_t a, uint32_t b) { return NUM_F32_OP(div, a, b); }
static inline uint64_t num_f32_sqrt(uint32_t a) { return num_v32_slot(_mm_sqrt_ss(num_v32_first(a))); }
static inline uint64_t num_f32_mul_add(uint32_t a, uint32_t b, uint32_t c) {
    __m128 m = _mm_mul_ss(num_v32_first(a), num_v32(b));
    NUM_OPAQUE(m);   /* else clang commutes the mul and adds a movss */
    return num_v32_slot(_mm_add_ss(m, num_v32(c)));
}
static inline uint64_t num_f32_of_s32(uint32_t x) { return num_v32_slot(_mm_cvtsi32_ss(num_zero32(), (int32_t)x)); }
static inline uint64_t num_f32_of_u32(uint32_t x) { return num_v32_slot(_mm_cvtsi64_ss(num_zero32(), (int64_t)x)); }
static inline uint64_t num_f32_of_s64(uint64_t x) { return num_v32_slot(_mm_cvtsi64_ss(num_zero32(), (int64_t)x)); }
static inline uint64_t num_f64_of_s32(uint32_t x) { return num_v64_slot(_mm_cvtsi32_sd(num_zero64(), (int32_t)x)); }
static inline uint64_t num_f64_of_u32(uint32_t x) { return num_v64_slot(_mm_cvtsi64_sd(num_zero64(), (int64_t)x)); }
static inline uint64_t num_f64_of_s64(uint64_t x) { return num_v64_slot(_mm_cvtsi64_sd(num_zero64(), (int64_t)x)); }
#else
static inline uint64_t num_f32_add(uint32_t a, uint32_t b) { return bits_f32(f32_of(a) + f32_of(b)); }
static inline uint64_t num_f32_sub(uint32_t a, uint32_t b) { return bits_f32(f32_of(a) - f32_of(b)); }
static inline uint64_t num_f32_mul(uint32_t a, uint32_t b) { return bits_f32(f32_of(a) * f32_of(b)); }
static inline uint64_t num_f32_div(uint32_t a, uint32_t b) { return bits_f32(f32_of(a) / f32_of(b)); }
static inline uint64_t num_f32_sqrt(uint32_t a) { return bits_f32(sqrtf(f32_of(a))); }
static inline uint64_t num_f32_mul_add(uint32_t a, uint32_t b, uint32_t c) {
    float m = f32_of(a) * f32_of(b);   /* two statements: two roundings */
    return bits_f32(m + f32_of(c));
}
static inline uint64_t num_f32_of_s32(uint32_t x) { return bits_f32((float)(int32_t)x); }
static inline uint64_t num_f32_of_u32(uint32_t x) { return bits_f32((float)x); }
static inline uint64_t num_f32_of_s64(uint64_t x) { return bits_f32((float)(int64_t)x); }
static inline uint64_t num_f64_of_s32(uint32_t x) { return bits_f64((double)(int32_t)x); }
static inline uint64_t num_f64_of_u32(uint32_t x) { return bits_f64((double)x); }
static inline uint64_t num_f64_of_s64(uint64_t x) { return bits_f64((double)(int64_t)x); }
#endif

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

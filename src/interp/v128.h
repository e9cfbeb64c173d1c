/* v128.h — the 128-bit vector value and the lane operations that have a
 * faster form on the host's vector unit.
 *
 * Two paths give identical results: GCC/Clang vector extensions (plus
 * SSE2 intrinsics on x86-64) by default, and plain per-lane C with
 * -DWEFT_SIMD_SCALAR=1 (any C11 compiler). Operations without a cheap
 * vector form (shuffles, rounding, min/max with NaN rules, conversions)
 * are per-lane C in both paths, in simd_exec.inc. Lanes are numbered in
 * memory order: a little-endian host is assumed, as elsewhere in weft. */
#ifndef WEFT_INTERP_V128_H
#define WEFT_INTERP_V128_H

#include <stdint.h>
#include <string.h>

#if !WEFT_SIMD_SCALAR && defined(__GNUC__)
#define V128_VEC 1
#define V128_T(name, T) typedef T name __attribute__((vector_size(16)))
V128_T(v128_vu8, uint8_t); V128_T(v128_vi8, int8_t);
V128_T(v128_vu16, uint16_t); V128_T(v128_vi16, int16_t);
V128_T(v128_vu32, uint32_t); V128_T(v128_vi32, int32_t);
V128_T(v128_vu64, uint64_t); V128_T(v128_vi64, int64_t);
V128_T(v128_vf32, float); V128_T(v128_vf64, double);
#undef V128_T
#if defined(__SSE2__)
#include <emmintrin.h>
#define V128_SSE2 1
#endif
#endif

typedef union v128_t {
    uint8_t u8[16];
    int8_t i8[16];
    uint16_t u16[8];
    int16_t i16[8];
    uint32_t u32[4];
    int32_t i32[4];
    uint64_t u64[2];
    int64_t i64[2];
    float f32[4];
    double f64[2];
#if V128_VEC
    v128_vu8 v_u8; v128_vi8 v_i8; v128_vu16 v_u16; v128_vi16 v_i16;
    v128_vu32 v_u32; v128_vi32 v_i32; v128_vu64 v_u64; v128_vi64 v_i64;
    v128_vf32 v_f32; v128_vf64 v_f64;
#endif
#if V128_SSE2
    __m128i m;
#endif
} v128_t;

/* Slots are 8-byte aligned only: copy in and out. */
static inline v128_t v128_ld(const void *p) { v128_t r; memcpy(&r, p, 16); return r; }
static inline void v128_st(void *p, v128_t v) { memcpy(p, &v, 16); }

/* Lane-wise r = a op b (wrapping integer or IEEE float arithmetic,
 * bitwise), and comparisons giving all-ones/all-zeros lanes. L is the
 * lane field (u8, i16, f32...), M the signed mask field of the same width. */
#if V128_VEC
#define V_BIN(r, a, b, L, N, op) ((r).v_##L = (a).v_##L op (b).v_##L)
#define V_CMP(r, a, b, L, M, N, op) ((r).v_##M = (__typeof__((r).v_##M))((a).v_##L op (b).v_##L))
#define V_SHIFT(r, a, L, N, op, n) ((r).v_##L = (a).v_##L op (int)(n))
#define V_NOT(r, a) ((r).v_u64 = ~(a).v_u64)
#else
#define V_BIN(r, a, b, L, N, op) \
    for (int i_ = 0; i_ < (N); i_++) (r).L[i_] = (a).L[i_] op (b).L[i_]
#define V_CMP(r, a, b, L, M, N, op) \
    for (int i_ = 0; i_ < (N); i_++) (r).M[i_] = (a).L[i_] op (b).L[i_] ? -1 : 0
/* Only for logical shifts: arithmetic ones use v128_shr_s* below. */
#define V_SHIFT(r, a, L, N, op, n) \
    for (int i_ = 0; i_ < (N); i_++) (r).L[i_] = (a).L[i_] op (int)(n)
#define V_NOT(r, a) ((r).u64[0] = ~(a).u64[0], (r).u64[1] = ~(a).u64[1])
#endif

static inline int32_t v128_sat(int32_t x, int32_t lo, int32_t hi) {
    return x < lo ? lo : x > hi ? hi : x;
}

/* Arithmetic shift right of a signed lane without relying on >> of a
 * negative value (implementation-defined in C). */
static inline int64_t v128_asr(int64_t x, unsigned n) {
    return x >= 0 ? (int64_t)((uint64_t)x >> n) : (int64_t)~(~(uint64_t)x >> n);
}

static inline v128_t v128_shr_s8(v128_t a, unsigned n) {
    v128_t r;
#if V128_VEC
    r.v_i8 = a.v_i8 >> (int)n;
#else
    for (int i = 0; i < 16; i++) r.i8[i] = (int8_t)v128_asr(a.i8[i], n);
#endif
    return r;
}
static inline v128_t v128_shr_s16(v128_t a, unsigned n) {
    v128_t r;
#if V128_VEC
    r.v_i16 = a.v_i16 >> (int)n;
#else
    for (int i = 0; i < 8; i++) r.i16[i] = (int16_t)v128_asr(a.i16[i], n);
#endif
    return r;
}
static inline v128_t v128_shr_s32(v128_t a, unsigned n) {
    v128_t r;
#if V128_VEC
    r.v_i32 = a.v_i32 >> (int)n;
#else
    for (int i = 0; i < 4; i++) r.i32[i] = (int32_t)v128_asr(a.i32[i], n);
#endif
    return r;
}
static inline v128_t v128_shr_s64(v128_t a, unsigned n) {
    v128_t r;
#if V128_VEC
    r.v_i64 = a.v_i64 >> (int)n;
#else
    for (int i = 0; i < 2; i++) r.i64[i] = v128_asr(a.i64[i], n);
#endif
    return r;
}

/* Saturating add/sub, rounding average, 16-bit min/max, dot product and
 * narrowing: one SSE2 instruction each on x86-64, per lane otherwise. */
#if V128_SSE2
#define V128_SSE(expr, scalar) do { r.m = (expr); } while (0)
#else
#define V128_SSE(expr, scalar) do { scalar; } while (0)
#endif
#define V128_LANES(N, stmt) for (int i = 0; i < (N); i++) { stmt; }

static inline v128_t v128_add_sat_s8(v128_t a, v128_t b) {
    v128_t r;
    V128_SSE(_mm_adds_epi8(a.m, b.m), V128_LANES(16, r.i8[i] = (int8_t)v128_sat(a.i8[i] + b.i8[i], -128, 127)));
    return r;
}
static inline v128_t v128_add_sat_u8(v128_t a, v128_t b) {
    v128_t r;
    V128_SSE(_mm_adds_epu8(a.m, b.m), V128_LANES(16, r.u8[i] = (uint8_t)v128_sat(a.u8[i] + b.u8[i], 0, 255)));
    return r;
}
static inline v128_t v128_sub_sat_s8(v128_t a, v128_t b) {
    v128_t r;
    V128_SSE(_mm_subs_epi8(a.m, b.m), V128_LANES(16, r.i8[i] = (int8_t)v128_sat(a.i8[i] - b.i8[i], -128, 127)));
    return r;
}
static inline v128_t v128_sub_sat_u8(v128_t a, v128_t b) {
    v128_t r;
    V128_SSE(_mm_subs_epu8(a.m, b.m), V128_LANES(16, r.u8[i] = (uint8_t)v128_sat(a.u8[i] - b.u8[i], 0, 255)));
    return r;
}
static inline v128_t v128_add_sat_s16(v128_t a, v128_t b) {
    v128_t r;
    V128_SSE(_mm_adds_epi16(a.m, b.m), V128_LANES(8, r.i16[i] = (int16_t)v128_sat(a.i16[i] + b.i16[i], -32768, 32767)));
    return r;
}
static inline v128_t v128_add_sat_u16(v128_t a, v128_t b) {
    v128_t r;
    V128_SSE(_mm_adds_epu16(a.m, b.m), V128_LANES(8, r.u16[i] = (uint16_t)v128_sat(a.u16[i] + b.u16[i], 0, 65535)));
    return r;
}
static inline v128_t v128_sub_sat_s16(v128_t a, v128_t b) {
    v128_t r;
    V128_SSE(_mm_subs_epi16(a.m, b.m), V128_LANES(8, r.i16[i] = (int16_t)v128_sat(a.i16[i] - b.i16[i], -32768, 32767)));
    return r;
}
static inline v128_t v128_sub_sat_u16(v128_t a, v128_t b) {
    v128_t r;
    V128_SSE(_mm_subs_epu16(a.m, b.m), V128_LANES(8, r.u16[i] = (uint16_t)v128_sat(a.u16[i] - b.u16[i], 0, 65535)));
    return r;
}
static inline v128_t v128_avgr_u8(v128_t a, v128_t b) {
    v128_t r;
    V128_SSE(_mm_avg_epu8(a.m, b.m), V128_LANES(16, r.u8[i] = (uint8_t)((a.u8[i] + b.u8[i] + 1) >> 1)));
    return r;
}
static inline v128_t v128_avgr_u16(v128_t a, v128_t b) {
    v128_t r;
    V128_SSE(_mm_avg_epu16(a.m, b.m), V128_LANES(8, r.u16[i] = (uint16_t)((a.u16[i] + b.u16[i] + 1) >> 1)));
    return r;
}
static inline v128_t v128_min_s16(v128_t a, v128_t b) {
    v128_t r;
    V128_SSE(_mm_min_epi16(a.m, b.m), V128_LANES(8, r.i16[i] = a.i16[i] < b.i16[i] ? a.i16[i] : b.i16[i]));
    return r;
}
static inline v128_t v128_max_s16(v128_t a, v128_t b) {
    v128_t r;
    V128_SSE(_mm_max_epi16(a.m, b.m), V128_LANES(8, r.i16[i] = a.i16[i] > b.i16[i] ? a.i16[i] : b.i16[i]));
    return r;
}
static inline v128_t v128_min_u8(v128_t a, v128_t b) {
    v128_t r;
    V128_SSE(_mm_min_epu8(a.m, b.m), V128_LANES(16, r.u8[i] = a.u8[i] < b.u8[i] ? a.u8[i] : b.u8[i]));
    return r;
}
static inline v128_t v128_max_u8(v128_t a, v128_t b) {
    v128_t r;
    V128_SSE(_mm_max_epu8(a.m, b.m), V128_LANES(16, r.u8[i] = a.u8[i] > b.u8[i] ? a.u8[i] : b.u8[i]));
    return r;
}
/* Pairwise products summed; the one overflowing case wraps in both. */
static inline v128_t v128_dot_s16(v128_t a, v128_t b) {
    v128_t r;
    V128_SSE(_mm_madd_epi16(a.m, b.m), V128_LANES(4, r.u32[i] =
        (uint32_t)(a.i16[2 * i] * b.i16[2 * i]) + (uint32_t)(a.i16[2 * i + 1] * b.i16[2 * i + 1])));
    return r;
}
static inline v128_t v128_narrow_s16_s8(v128_t a, v128_t b) {
    v128_t r;
    V128_SSE(_mm_packs_epi16(a.m, b.m), V128_LANES(8,
        r.i8[i] = (int8_t)v128_sat(a.i16[i], -128, 127); r.i8[i + 8] = (int8_t)v128_sat(b.i16[i], -128, 127)));
    return r;
}
static inline v128_t v128_narrow_s16_u8(v128_t a, v128_t b) {
    v128_t r;
    V128_SSE(_mm_packus_epi16(a.m, b.m), V128_LANES(8,
        r.u8[i] = (uint8_t)v128_sat(a.i16[i], 0, 255); r.u8[i + 8] = (uint8_t)v128_sat(b.i16[i], 0, 255)));
    return r;
}
static inline v128_t v128_narrow_s32_s16(v128_t a, v128_t b) {
    v128_t r;
    V128_SSE(_mm_packs_epi32(a.m, b.m), V128_LANES(4,
        r.i16[i] = (int16_t)v128_sat(a.i32[i], -32768, 32767); r.i16[i + 4] = (int16_t)v128_sat(b.i32[i], -32768, 32767)));
    return r;
}
static inline uint32_t v128_all_true8(v128_t a) {
    uint32_t t = 1;
    for (int i = 0; i < 16; i++) t &= a.u8[i] != 0;
    return t;
}
static inline uint32_t v128_all_true16(v128_t a) {
    uint32_t t = 1;
    for (int i = 0; i < 8; i++) t &= a.u16[i] != 0;
    return t;
}
static inline uint32_t v128_all_true32(v128_t a) {
    uint32_t t = 1;
    for (int i = 0; i < 4; i++) t &= a.u32[i] != 0;
    return t;
}
static inline uint32_t v128_bitmask16(v128_t a) {
    uint32_t m = 0;
    for (int i = 0; i < 8; i++) m |= (uint32_t)(a.u16[i] >> 15) << i;
    return m;
}
static inline uint32_t v128_bitmask32(v128_t a) {
    uint32_t m = 0;
    for (int i = 0; i < 4; i++) m |= (a.u32[i] >> 31) << i;
    return m;
}
static inline uint32_t v128_bitmask8(v128_t a) {
#if V128_SSE2
    return (uint32_t)_mm_movemask_epi8(a.m);
#else
    uint32_t m = 0;
    for (int i = 0; i < 16; i++) m |= (uint32_t)(a.u8[i] >> 7) << i;
    return m;
#endif
}

#endif

/* simd_lanes.c — the out-of-line SIMD handlers (simd_lanes.h): each is the
 * body an inline handler would have, as a function of the frame and the
 * instruction's words. Semantics per the spec; the vector/per-lane choice
 * is made in v128.h. */
#include "code.h"
#include "numeric.h"
#include "v128.h"
#include "simd_lanes.h"

SIMD_LANE_CALLS(SIMD_LANE_DECL)

#define VM_CASE(name) void simd_##name(rt_slot *fp, const code_word *pc)
#define NEXT(k) return
#define S(i) (&fp[pc[(i) + 1].u])
#define IMM(i) (pc[(i) + 1].u)
#define VB(name, body) VM_CASE(name) { v128_t a = v128_ld(S(1)), b = v128_ld(S(2)), r; \
    body; v128_st(S(0), r); NEXT(3); }
#define VU(name, body) VM_CASE(name) { v128_t a = v128_ld(S(1)), r; body; v128_st(S(0), r); NEXT(2); }
#define LANES(N, stmt) for (int i = 0; i < (N); i++) { stmt; }
/* Scalar result of a vector: [dst][a]. */
#define VTEST(name, expr) VM_CASE(name) { v128_t a = v128_ld(S(1)); S(0)->i64 = (uint32_t)(expr); NEXT(2); }

    /* ---- constants, shuffles, lanes ---- */
    VM_CASE(i8x16_shuffle) { v128_t ab[2] = { v128_ld(S(1)), v128_ld(S(2)) }, r;
        uint8_t idx[16]; memcpy(idx, &pc[4].u, 8); memcpy(idx + 8, &pc[5].u, 8);
        LANES(16, r.u8[i] = ab[idx[i] >> 4].u8[idx[i] & 15]);
        v128_st(S(0), r); NEXT(5); }
    VB(i8x16_swizzle, LANES(16, r.u8[i] = b.u8[i] < 16 ? a.u8[b.u8[i]] : 0))
#define VSPLAT(name, T, F, N, src) VM_CASE(name) { T x = (T)S(1)->src; v128_t r; \
    LANES(N, r.F[i] = x); v128_st(S(0), r); NEXT(2); }
    VSPLAT(i8x16_splat, uint8_t, u8, 16, i32)
    VSPLAT(i16x8_splat, uint16_t, u16, 8, i32)
    VSPLAT(i32x4_splat, uint32_t, u32, 4, i32)
    VSPLAT(i64x2_splat, uint64_t, u64, 2, i64)
    VSPLAT(f32x4_splat, uint32_t, u32, 4, f32)
    VSPLAT(f64x2_splat, uint64_t, u64, 2, f64)
#define VEXTRACT(name, expr) VM_CASE(name) { v128_t a = v128_ld(S(1)); unsigned l = (unsigned)IMM(2); \
    S(0)->i64 = (expr); NEXT(3); }
#define VREPLACE(name, F, T, src) VM_CASE(name) { v128_t r = v128_ld(S(1)); T x = (T)S(2)->src; \
    r.F[IMM(3)] = x; v128_st(S(0), r); NEXT(4); }
    VEXTRACT(i8x16_extract_lane_s, (uint32_t)(int32_t)a.i8[l])
    VEXTRACT(i8x16_extract_lane_u, a.u8[l])
    VREPLACE(i8x16_replace_lane, u8, uint8_t, i32)
    VEXTRACT(i16x8_extract_lane_s, (uint32_t)(int32_t)a.i16[l])
    VEXTRACT(i16x8_extract_lane_u, a.u16[l])
    VREPLACE(i16x8_replace_lane, u16, uint16_t, i32)
    VEXTRACT(i32x4_extract_lane, a.u32[l])
    VREPLACE(i32x4_replace_lane, u32, uint32_t, i32)
    VEXTRACT(i64x2_extract_lane, a.u64[l])
    VREPLACE(i64x2_replace_lane, u64, uint64_t, i64)
    VEXTRACT(f32x4_extract_lane, a.u32[l])
    VREPLACE(f32x4_replace_lane, u32, uint32_t, f32)
    VEXTRACT(f64x2_extract_lane, a.u64[l])
    VREPLACE(f64x2_replace_lane, u64, uint64_t, f64)

    /* ---- comparisons ---- */
#define VCMP(name, L, M, N, op) VB(name, V_CMP(r, a, b, L, M, N, op))
#define VCMPS(p, S8, U8, M, N) \
    VCMP(p##_eq, U8, M, N, ==) VCMP(p##_ne, U8, M, N, !=) \
    VCMP(p##_lt_s, S8, M, N, <) VCMP(p##_lt_u, U8, M, N, <) \
    VCMP(p##_gt_s, S8, M, N, >) VCMP(p##_gt_u, U8, M, N, >) \
    VCMP(p##_le_s, S8, M, N, <=) VCMP(p##_le_u, U8, M, N, <=) \
    VCMP(p##_ge_s, S8, M, N, >=) VCMP(p##_ge_u, U8, M, N, >=)
    VCMPS(i8x16, i8, u8, i8, 16)
    VCMPS(i16x8, i16, u16, i16, 8)
    VCMPS(i32x4, i32, u32, i32, 4)
    VCMP(i64x2_eq, u64, i64, 2, ==) VCMP(i64x2_ne, u64, i64, 2, !=)
    VCMP(i64x2_lt_s, i64, i64, 2, <) VCMP(i64x2_gt_s, i64, i64, 2, >)
    VCMP(i64x2_le_s, i64, i64, 2, <=) VCMP(i64x2_ge_s, i64, i64, 2, >=)
#define VFCMPS(p, F, M, N) \
    VCMP(p##_eq, F, M, N, ==) VCMP(p##_ne, F, M, N, !=) VCMP(p##_lt, F, M, N, <) \
    VCMP(p##_gt, F, M, N, >) VCMP(p##_le, F, M, N, <=) VCMP(p##_ge, F, M, N, >=)
    VFCMPS(f32x4, f32, i32, 4)
    VFCMPS(f64x2, f64, i64, 2)

    /* ---- bitwise ---- */
    VU(v128_not, V_NOT(r, a))
    VB(v128_and, V_BIN(r, a, b, u64, 2, &))
    VB(v128_andnot, V_NOT(b, b); V_BIN(r, a, b, u64, 2, &))
    VB(v128_or, V_BIN(r, a, b, u64, 2, |))
    VB(v128_xor, V_BIN(r, a, b, u64, 2, ^))
    VM_CASE(v128_bitselect) { v128_t a = v128_ld(S(1)), b = v128_ld(S(2)), c = v128_ld(S(3)), r, t;
        V_BIN(a, a, c, u64, 2, &); V_NOT(t, c); V_BIN(b, b, t, u64, 2, &); V_BIN(r, a, b, u64, 2, |);
        v128_st(S(0), r); NEXT(4); }
    VTEST(v128_any_true, (a.u64[0] | a.u64[1]) != 0)

    /* ---- per lane-shape integer arithmetic ---- */
    VTEST(i8x16_all_true, v128_all_true8(a))
    VTEST(i16x8_all_true, v128_all_true16(a))
    VTEST(i32x4_all_true, v128_all_true32(a))
    VTEST(i64x2_all_true, a.u64[0] && a.u64[1])
    VTEST(i8x16_bitmask, v128_bitmask8(a))
    VTEST(i16x8_bitmask, v128_bitmask16(a))
    VTEST(i32x4_bitmask, v128_bitmask32(a))
    VTEST(i64x2_bitmask, (a.u64[0] >> 63) | (a.u64[1] >> 63) << 1)

#define VINT_COMMON(p, U, S_, N, T, bits) \
    VU(p##_abs, LANES(N, r.U[i] = a.S_[i] < 0 ? (T)(0u - a.U[i]) : a.U[i])) \
    VU(p##_neg, LANES(N, r.U[i] = (T)(0u - a.U[i]))) \
    VB(p##_add, V_BIN(r, a, b, U, N, +)) \
    VB(p##_sub, V_BIN(r, a, b, U, N, -)) \
    VM_CASE(p##_shl) { v128_t a = v128_ld(S(1)), r; unsigned n = S(2)->i32 & (bits - 1); \
        V_SHIFT(r, a, U, N, <<, n); v128_st(S(0), r); NEXT(3); } \
    VM_CASE(p##_shr_u) { v128_t a = v128_ld(S(1)), r; unsigned n = S(2)->i32 & (bits - 1); \
        V_SHIFT(r, a, U, N, >>, n); v128_st(S(0), r); NEXT(3); } \
    VM_CASE(p##_shr_s) { v128_t a = v128_ld(S(1)); unsigned n = S(2)->i32 & (bits - 1); \
        v128_st(S(0), v128_shr_s##bits(a, n)); NEXT(3); }
    VINT_COMMON(i8x16, u8, i8, 16, uint8_t, 8)
    VINT_COMMON(i16x8, u16, i16, 8, uint16_t, 16)
    VINT_COMMON(i32x4, u32, i32, 4, uint32_t, 32)
    VINT_COMMON(i64x2, u64, i64, 2, uint64_t, 64)

#define VMINMAX(p, U, S_, N) \
    VB(p##_min_s, LANES(N, r.S_[i] = a.S_[i] < b.S_[i] ? a.S_[i] : b.S_[i])) \
    VB(p##_min_u, LANES(N, r.U[i] = a.U[i] < b.U[i] ? a.U[i] : b.U[i])) \
    VB(p##_max_s, LANES(N, r.S_[i] = a.S_[i] > b.S_[i] ? a.S_[i] : b.S_[i])) \
    VB(p##_max_u, LANES(N, r.U[i] = a.U[i] > b.U[i] ? a.U[i] : b.U[i]))
    VB(i8x16_min_s, LANES(16, r.i8[i] = a.i8[i] < b.i8[i] ? a.i8[i] : b.i8[i]))
    VB(i8x16_min_u, r = v128_min_u8(a, b))
    VB(i8x16_max_s, LANES(16, r.i8[i] = a.i8[i] > b.i8[i] ? a.i8[i] : b.i8[i]))
    VB(i8x16_max_u, r = v128_max_u8(a, b))
    VB(i16x8_min_s, r = v128_min_s16(a, b))
    VB(i16x8_min_u, LANES(8, r.u16[i] = a.u16[i] < b.u16[i] ? a.u16[i] : b.u16[i]))
    VB(i16x8_max_s, r = v128_max_s16(a, b))
    VB(i16x8_max_u, LANES(8, r.u16[i] = a.u16[i] > b.u16[i] ? a.u16[i] : b.u16[i]))
    VMINMAX(i32x4, u32, i32, 4)

    VU(i8x16_popcnt, LANES(16, r.u8[i] = (uint8_t)__builtin_popcount(a.u8[i])))
    VB(i8x16_narrow_i16x8_s, r = v128_narrow_s16_s8(a, b))
    VB(i8x16_narrow_i16x8_u, r = v128_narrow_s16_u8(a, b))
    VB(i16x8_narrow_i32x4_s, r = v128_narrow_s32_s16(a, b))
    VB(i16x8_narrow_i32x4_u, LANES(4, r.u16[i] = (uint16_t)v128_sat(a.i32[i], 0, 65535);
        r.u16[i + 4] = (uint16_t)v128_sat(b.i32[i], 0, 65535)))
    VB(i8x16_add_sat_s, r = v128_add_sat_s8(a, b))
    VB(i8x16_add_sat_u, r = v128_add_sat_u8(a, b))
    VB(i8x16_sub_sat_s, r = v128_sub_sat_s8(a, b))
    VB(i8x16_sub_sat_u, r = v128_sub_sat_u8(a, b))
    VB(i16x8_add_sat_s, r = v128_add_sat_s16(a, b))
    VB(i16x8_add_sat_u, r = v128_add_sat_u16(a, b))
    VB(i16x8_sub_sat_s, r = v128_sub_sat_s16(a, b))
    VB(i16x8_sub_sat_u, r = v128_sub_sat_u16(a, b))
    VB(i8x16_avgr_u, r = v128_avgr_u8(a, b))
    VB(i16x8_avgr_u, r = v128_avgr_u16(a, b))
    /* 16-bit products widened first: uint16 * uint16 overflows int. */
    VB(i16x8_mul, LANES(8, r.u16[i] = (uint16_t)((uint32_t)a.u16[i] * b.u16[i])))
    VB(i32x4_mul, V_BIN(r, a, b, u32, 4, *))
    VB(i64x2_mul, V_BIN(r, a, b, u64, 2, *))
    VB(i16x8_q15mulr_sat_s, LANES(8, r.i16[i] = (int16_t)v128_sat(
        (int32_t)v128_asr((int32_t)a.i16[i] * b.i16[i] + 0x4000, 15), -32768, 32767)))
    VB(i32x4_dot_i16x8_s, r = v128_dot_s16(a, b))

    VU(i16x8_extadd_pairwise_i8x16_s, LANES(8, r.i16[i] = (int16_t)(a.i8[2 * i] + a.i8[2 * i + 1])))
    VU(i16x8_extadd_pairwise_i8x16_u, LANES(8, r.u16[i] = (uint16_t)(a.u8[2 * i] + a.u8[2 * i + 1])))
    VU(i32x4_extadd_pairwise_i16x8_s, LANES(4, r.i32[i] = a.i16[2 * i] + a.i16[2 * i + 1]))
    VU(i32x4_extadd_pairwise_i16x8_u, LANES(4, r.u32[i] = (uint32_t)a.u16[2 * i] + a.u16[2 * i + 1]))

    VM_CASE(i16x8_extend_low_i8x16_s) { v128_t a = v128_ld(S(1)), r; LANES(8, r.i16[i] = a.i8[i]); v128_st(S(0), r); NEXT(2); }
    VM_CASE(i16x8_extend_high_i8x16_s) { v128_t a = v128_ld(S(1)), r; LANES(8, r.i16[i] = a.i8[i + 8]); v128_st(S(0), r); NEXT(2); }
    VM_CASE(i16x8_extend_low_i8x16_u) { v128_t a = v128_ld(S(1)), r; LANES(8, r.u16[i] = a.u8[i]); v128_st(S(0), r); NEXT(2); }
    VM_CASE(i16x8_extend_high_i8x16_u) { v128_t a = v128_ld(S(1)), r; LANES(8, r.u16[i] = a.u8[i + 8]); v128_st(S(0), r); NEXT(2); }
    VU(i32x4_extend_low_i16x8_s, LANES(4, r.i32[i] = a.i16[i]))
    VU(i32x4_extend_high_i16x8_s, LANES(4, r.i32[i] = a.i16[i + 4]))
    VU(i32x4_extend_low_i16x8_u, LANES(4, r.u32[i] = a.u16[i]))
    VU(i32x4_extend_high_i16x8_u, LANES(4, r.u32[i] = a.u16[i + 4]))
    VU(i64x2_extend_low_i32x4_s, LANES(2, r.i64[i] = a.i32[i]))
    VU(i64x2_extend_high_i32x4_s, LANES(2, r.i64[i] = a.i32[i + 2]))
    VU(i64x2_extend_low_i32x4_u, LANES(2, r.u64[i] = a.u32[i]))
    VU(i64x2_extend_high_i32x4_u, LANES(2, r.u64[i] = a.u32[i + 2]))
    VB(i16x8_extmul_low_i8x16_s, LANES(8, r.i16[i] = (int16_t)(a.i8[i] * b.i8[i])))
    VB(i16x8_extmul_high_i8x16_s, LANES(8, r.i16[i] = (int16_t)(a.i8[i + 8] * b.i8[i + 8])))
    VB(i16x8_extmul_low_i8x16_u, LANES(8, r.u16[i] = (uint16_t)(a.u8[i] * b.u8[i])))
    VB(i16x8_extmul_high_i8x16_u, LANES(8, r.u16[i] = (uint16_t)(a.u8[i + 8] * b.u8[i + 8])))
    VB(i32x4_extmul_low_i16x8_s, LANES(4, r.i32[i] = a.i16[i] * b.i16[i]))
    VB(i32x4_extmul_high_i16x8_s, LANES(4, r.i32[i] = a.i16[i + 4] * b.i16[i + 4]))
    VB(i32x4_extmul_low_i16x8_u, LANES(4, r.u32[i] = (uint32_t)a.u16[i] * b.u16[i]))
    VB(i32x4_extmul_high_i16x8_u, LANES(4, r.u32[i] = (uint32_t)a.u16[i + 4] * b.u16[i + 4]))
    VB(i64x2_extmul_low_i32x4_s, LANES(2, r.i64[i] = (int64_t)a.i32[i] * b.i32[i]))
    VB(i64x2_extmul_high_i32x4_s, LANES(2, r.i64[i] = (int64_t)a.i32[i + 2] * b.i32[i + 2]))
    VB(i64x2_extmul_low_i32x4_u, LANES(2, r.u64[i] = (uint64_t)a.u32[i] * b.u32[i]))
    VB(i64x2_extmul_high_i32x4_u, LANES(2, r.u64[i] = (uint64_t)a.u32[i + 2] * b.u32[i + 2]))

    /* ---- floating point ---- */
#define VFLOAT(p, F, U, N, T, sign, SFX, MIN, MAX) \
    VU(p##_abs, LANES(N, r.U[i] = a.U[i] & ~(sign))) \
    VU(p##_neg, LANES(N, r.U[i] = a.U[i] ^ (sign))) \
    VU(p##_sqrt, LANES(N, r.F[i] = sqrt##SFX(a.F[i]))) \
    VB(p##_add, V_BIN(r, a, b, F, N, +)) \
    VB(p##_sub, V_BIN(r, a, b, F, N, -)) \
    VB(p##_mul, V_BIN(r, a, b, F, N, *)) \
    VB(p##_div, V_BIN(r, a, b, F, N, /)) \
    VB(p##_min, LANES(N, r.F[i] = MIN(a.F[i], b.F[i]))) \
    VB(p##_max, LANES(N, r.F[i] = MAX(a.F[i], b.F[i]))) \
    VB(p##_pmin, LANES(N, r.U[i] = b.F[i] < a.F[i] ? b.U[i] : a.U[i])) \
    VB(p##_pmax, LANES(N, r.U[i] = a.F[i] < b.F[i] ? b.U[i] : a.U[i])) \
    VU(p##_ceil, LANES(N, T x = a.F[i]; r.F[i] = NUM_ROUND(ceil##SFX, x))) \
    VU(p##_floor, LANES(N, T x = a.F[i]; r.F[i] = NUM_ROUND(floor##SFX, x))) \
    VU(p##_trunc, LANES(N, T x = a.F[i]; r.F[i] = NUM_ROUND(trunc##SFX, x))) \
    VU(p##_nearest, LANES(N, T x = a.F[i]; r.F[i] = NUM_ROUND(nearbyint##SFX, x)))
    VFLOAT(f32x4, f32, u32, 4, float, 0x80000000u, f, num_fminf, num_fmaxf)
    VFLOAT(f64x2, f64, u64, 2, double, ((uint64_t)1 << 63), , num_fmin, num_fmax)

    VU(f32x4_demote_f64x2_zero, r.f32[0] = (float)a.f64[0]; r.f32[1] = (float)a.f64[1];
        r.u32[2] = r.u32[3] = 0)
    VU(f64x2_promote_low_f32x4, LANES(2, r.f64[i] = (double)a.f32[i]))
    VU(i32x4_trunc_sat_f32x4_s, LANES(4, r.u32[i] = num_sat_s32((double)a.f32[i])))
    VU(i32x4_trunc_sat_f32x4_u, LANES(4, r.u32[i] = num_sat_u32((double)a.f32[i])))
    VU(f32x4_convert_i32x4_s, LANES(4, r.f32[i] = (float)a.i32[i]))
    VU(f32x4_convert_i32x4_u, LANES(4, r.f32[i] = (float)a.u32[i]))
    VU(i32x4_trunc_sat_f64x2_s_zero, LANES(2, r.u32[i] = num_sat_s32(a.f64[i])); r.u64[1] = 0)
    VU(i32x4_trunc_sat_f64x2_u_zero, LANES(2, r.u32[i] = num_sat_u32(a.f64[i])); r.u64[1] = 0)
    VU(f64x2_convert_low_i32x4_s, LANES(2, r.f64[i] = (double)a.i32[i]))
    VU(f64x2_convert_low_i32x4_u, LANES(2, r.f64[i] = (double)a.u32[i]))


/* ---- relaxed SIMD (3.0) ----
 * Each instruction may give any of a few results; weft always gives the
 * same one, on every run and host: that of the deterministic counterpart
 * (swizzle, trunc_sat, bitselect, min/max, q15mulr_sat_s), fused for
 * madd/nmadd (fma/fmaf are exact by C99, so no host FMA unit changes the
 * result, and a*b+c written out could be contracted or not by the
 * compiler), and a signed second operand with wrapping 16-bit pair sums
 * for the dot products. */
    VB(i8x16_relaxed_swizzle, LANES(16, r.u8[i] = b.u8[i] < 16 ? a.u8[b.u8[i]] : 0))
    VU(i32x4_relaxed_trunc_f32x4_s, LANES(4, r.u32[i] = num_sat_s32((double)a.f32[i])))
    VU(i32x4_relaxed_trunc_f32x4_u, LANES(4, r.u32[i] = num_sat_u32((double)a.f32[i])))
    VU(i32x4_relaxed_trunc_f64x2_s_zero, LANES(2, r.u32[i] = num_sat_s32(a.f64[i])); r.u64[1] = 0)
    VU(i32x4_relaxed_trunc_f64x2_u_zero, LANES(2, r.u32[i] = num_sat_u32(a.f64[i])); r.u64[1] = 0)

/* Three v128 operands: [dst][a][b][c]. */
#define VT(name, body) VM_CASE(name) { v128_t a = v128_ld(S(1)), b = v128_ld(S(2)), \
    c = v128_ld(S(3)), r; body; v128_st(S(0), r); NEXT(4); }
    VT(f32x4_relaxed_madd, LANES(4, r.f32[i] = fmaf(a.f32[i], b.f32[i], c.f32[i])))
    VT(f32x4_relaxed_nmadd, LANES(4, r.f32[i] = fmaf(-a.f32[i], b.f32[i], c.f32[i])))
    VT(f64x2_relaxed_madd, LANES(2, r.f64[i] = fma(a.f64[i], b.f64[i], c.f64[i])))
    VT(f64x2_relaxed_nmadd, LANES(2, r.f64[i] = fma(-a.f64[i], b.f64[i], c.f64[i])))
    /* laneselect as bitselect: every lane shape is the same bitwise op. */
#define VLANESEL(name) VT(name, LANES(2, r.u64[i] = (a.u64[i] & c.u64[i]) | (b.u64[i] & ~c.u64[i])))
    VLANESEL(i8x16_relaxed_laneselect) VLANESEL(i16x8_relaxed_laneselect)
    VLANESEL(i32x4_relaxed_laneselect) VLANESEL(i64x2_relaxed_laneselect)
    VB(f32x4_relaxed_min, LANES(4, r.f32[i] = num_fminf(a.f32[i], b.f32[i])))
    VB(f32x4_relaxed_max, LANES(4, r.f32[i] = num_fmaxf(a.f32[i], b.f32[i])))
    VB(f64x2_relaxed_min, LANES(2, r.f64[i] = num_fmin(a.f64[i], b.f64[i])))
    VB(f64x2_relaxed_max, LANES(2, r.f64[i] = num_fmax(a.f64[i], b.f64[i])))
    VB(i16x8_relaxed_q15mulr_s, LANES(8, r.i16[i] = (int16_t)v128_sat(
        (int32_t)v128_asr((int32_t)a.i16[i] * b.i16[i] + 0x4000, 15), -32768, 32767)))
    /* -128 * -128 * 2 = 32768 does not fit: wrap (through uint16_t, defined). */
#define DOT_PAIR(a, b, j) (int16_t)(uint16_t)(a.i8[2 * (j)] * b.i8[2 * (j)] + a.i8[2 * (j) + 1] * b.i8[2 * (j) + 1])
    VB(i16x8_relaxed_dot_i8x16_i7x16_s, LANES(8, r.i16[i] = DOT_PAIR(a, b, i)))
    VT(i32x4_relaxed_dot_i8x16_i7x16_add_s, LANES(4, r.u32[i] = c.u32[i]
        + (uint32_t)((int32_t)DOT_PAIR(a, b, 2 * i) + DOT_PAIR(a, b, 2 * i + 1))))
#undef DOT_PAIR
#undef VLANESEL
#undef VT

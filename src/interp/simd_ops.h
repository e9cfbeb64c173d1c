/* simd_ops.h — the 128-bit SIMD instructions (0xFD prefix) of the
 * internal code, one row per wasm instruction, in opcode order
 * (0x00..0xff, then the relaxed SIMD ones 0x100..0x113).
 *
 * A row is Y(X, name, subopcode, class, type, n): the validator
 * (src/valid/simd.c) reads class/type/n to check and emit it, code.h's
 * ALL_OPS only takes the name (SIMD_OPS). A v128 operand occupies two
 * consecutive 8-byte slots (low half first).
 *
 * Classes and their immediates (s = slot):
 *   SC_LOAD    i32 -> v128            [dst][addr][offset]       n = log2 align
 *   SC_STORE   i32 v128 ->            [addr][val][offset]       n = log2 align
 *   SC_CONST   -> v128                [dst][lo][hi]
 *   SC_SHUFFLE v128 v128 -> v128      [dst][a][b][lanes lo][lanes hi]
 *   SC_SPLAT   type -> v128           [dst][a]
 *   SC_EXTRACT v128 -> type           [dst][a][lane]            n = lanes
 *   SC_REPLACE v128 type -> v128      [dst][a][b][lane]         n = lanes
 *   SC_BIN     v128 v128 -> v128      [dst][a][b]
 *   SC_UN      v128 -> v128           [dst][a]
 *   SC_TERN    v128 v128 v128 -> v128 [dst][a][b][c]
 *   SC_TEST    v128 -> i32            [dst][a]
 *   SC_SHIFT   v128 i32 -> v128       [dst][a][b]
 *   SC_LDLANE  i32 v128 -> v128       [dst][addr][vec][offset][lane]  n = log2 size
 *   SC_STLANE  i32 v128 ->            [addr][vec][offset][lane]       n = log2 size
 */
#ifndef WEFT_INTERP_SIMD_OPS_H
#define WEFT_INTERP_SIMD_OPS_H

#define SIMD_TABLE(Y, X) \
    Y(X, v128_load, 0x00, SC_LOAD, 0, 4) \
    Y(X, v128_load8x8_s, 0x01, SC_LOAD, 0, 3) \
    Y(X, v128_load8x8_u, 0x02, SC_LOAD, 0, 3) \
    Y(X, v128_load16x4_s, 0x03, SC_LOAD, 0, 3) \
    Y(X, v128_load16x4_u, 0x04, SC_LOAD, 0, 3) \
    Y(X, v128_load32x2_s, 0x05, SC_LOAD, 0, 3) \
    Y(X, v128_load32x2_u, 0x06, SC_LOAD, 0, 3) \
    Y(X, v128_load8_splat, 0x07, SC_LOAD, 0, 0) \
    Y(X, v128_load16_splat, 0x08, SC_LOAD, 0, 1) \
    Y(X, v128_load32_splat, 0x09, SC_LOAD, 0, 2) \
    Y(X, v128_load64_splat, 0x0a, SC_LOAD, 0, 3) \
    Y(X, v128_store, 0x0b, SC_STORE, 0, 4) \
    Y(X, v128_const, 0x0c, SC_CONST, 0, 0) \
    Y(X, i8x16_shuffle, 0x0d, SC_SHUFFLE, 0, 0) \
    Y(X, i8x16_swizzle, 0x0e, SC_BIN, 0, 0) \
    Y(X, i8x16_splat, 0x0f, SC_SPLAT, 'i', 16) \
    Y(X, i16x8_splat, 0x10, SC_SPLAT, 'i', 8) \
    Y(X, i32x4_splat, 0x11, SC_SPLAT, 'i', 4) \
    Y(X, i64x2_splat, 0x12, SC_SPLAT, 'I', 2) \
    Y(X, f32x4_splat, 0x13, SC_SPLAT, 'f', 4) \
    Y(X, f64x2_splat, 0x14, SC_SPLAT, 'F', 2) \
    Y(X, i8x16_extract_lane_s, 0x15, SC_EXTRACT, 'i', 16) \
    Y(X, i8x16_extract_lane_u, 0x16, SC_EXTRACT, 'i', 16) \
    Y(X, i8x16_replace_lane, 0x17, SC_REPLACE, 'i', 16) \
    Y(X, i16x8_extract_lane_s, 0x18, SC_EXTRACT, 'i', 8) \
    Y(X, i16x8_extract_lane_u, 0x19, SC_EXTRACT, 'i', 8) \
    Y(X, i16x8_replace_lane, 0x1a, SC_REPLACE, 'i', 8) \
    Y(X, i32x4_extract_lane, 0x1b, SC_EXTRACT, 'i', 4) \
    Y(X, i32x4_replace_lane, 0x1c, SC_REPLACE, 'i', 4) \
    Y(X, i64x2_extract_lane, 0x1d, SC_EXTRACT, 'I', 2) \
    Y(X, i64x2_replace_lane, 0x1e, SC_REPLACE, 'I', 2) \
    Y(X, f32x4_extract_lane, 0x1f, SC_EXTRACT, 'f', 4) \
    Y(X, f32x4_replace_lane, 0x20, SC_REPLACE, 'f', 4) \
    Y(X, f64x2_extract_lane, 0x21, SC_EXTRACT, 'F', 2) \
    Y(X, f64x2_replace_lane, 0x22, SC_REPLACE, 'F', 2) \
    Y(X, i8x16_eq, 0x23, SC_BIN, 0, 0) Y(X, i8x16_ne, 0x24, SC_BIN, 0, 0) \
    Y(X, i8x16_lt_s, 0x25, SC_BIN, 0, 0) Y(X, i8x16_lt_u, 0x26, SC_BIN, 0, 0) \
    Y(X, i8x16_gt_s, 0x27, SC_BIN, 0, 0) Y(X, i8x16_gt_u, 0x28, SC_BIN, 0, 0) \
    Y(X, i8x16_le_s, 0x29, SC_BIN, 0, 0) Y(X, i8x16_le_u, 0x2a, SC_BIN, 0, 0) \
    Y(X, i8x16_ge_s, 0x2b, SC_BIN, 0, 0) Y(X, i8x16_ge_u, 0x2c, SC_BIN, 0, 0) \
    Y(X, i16x8_eq, 0x2d, SC_BIN, 0, 0) Y(X, i16x8_ne, 0x2e, SC_BIN, 0, 0) \
    Y(X, i16x8_lt_s, 0x2f, SC_BIN, 0, 0) Y(X, i16x8_lt_u, 0x30, SC_BIN, 0, 0) \
    Y(X, i16x8_gt_s, 0x31, SC_BIN, 0, 0) Y(X, i16x8_gt_u, 0x32, SC_BIN, 0, 0) \
    Y(X, i16x8_le_s, 0x33, SC_BIN, 0, 0) Y(X, i16x8_le_u, 0x34, SC_BIN, 0, 0) \
    Y(X, i16x8_ge_s, 0x35, SC_BIN, 0, 0) Y(X, i16x8_ge_u, 0x36, SC_BIN, 0, 0) \
    Y(X, i32x4_eq, 0x37, SC_BIN, 0, 0) Y(X, i32x4_ne, 0x38, SC_BIN, 0, 0) \
    Y(X, i32x4_lt_s, 0x39, SC_BIN, 0, 0) Y(X, i32x4_lt_u, 0x3a, SC_BIN, 0, 0) \
    Y(X, i32x4_gt_s, 0x3b, SC_BIN, 0, 0) Y(X, i32x4_gt_u, 0x3c, SC_BIN, 0, 0) \
    Y(X, i32x4_le_s, 0x3d, SC_BIN, 0, 0) Y(X, i32x4_le_u, 0x3e, SC_BIN, 0, 0) \
    Y(X, i32x4_ge_s, 0x3f, SC_BIN, 0, 0) Y(X, i32x4_ge_u, 0x40, SC_BIN, 0, 0) \
    Y(X, f32x4_eq, 0x41, SC_BIN, 0, 0) Y(X, f32x4_ne, 0x42, SC_BIN, 0, 0) \
    Y(X, f32x4_lt, 0x43, SC_BIN, 0, 0) Y(X, f32x4_gt, 0x44, SC_BIN, 0, 0) \
    Y(X, f32x4_le, 0x45, SC_BIN, 0, 0) Y(X, f32x4_ge, 0x46, SC_BIN, 0, 0) \
    Y(X, f64x2_eq, 0x47, SC_BIN, 0, 0) Y(X, f64x2_ne, 0x48, SC_BIN, 0, 0) \
    Y(X, f64x2_lt, 0x49, SC_BIN, 0, 0) Y(X, f64x2_gt, 0x4a, SC_BIN, 0, 0) \
    Y(X, f64x2_le, 0x4b, SC_BIN, 0, 0) Y(X, f64x2_ge, 0x4c, SC_BIN, 0, 0) \
    Y(X, v128_not, 0x4d, SC_UN, 0, 0) \
    Y(X, v128_and, 0x4e, SC_BIN, 0, 0) \
    Y(X, v128_andnot, 0x4f, SC_BIN, 0, 0) \
    Y(X, v128_or, 0x50, SC_BIN, 0, 0) \
    Y(X, v128_xor, 0x51, SC_BIN, 0, 0) \
    Y(X, v128_bitselect, 0x52, SC_TERN, 0, 0) \
    Y(X, v128_any_true, 0x53, SC_TEST, 0, 0) \
    Y(X, v128_load8_lane, 0x54, SC_LDLANE, 0, 0) \
    Y(X, v128_load16_lane, 0x55, SC_LDLANE, 0, 1) \
    Y(X, v128_load32_lane, 0x56, SC_LDLANE, 0, 2) \
    Y(X, v128_load64_lane, 0x57, SC_LDLANE, 0, 3) \
    Y(X, v128_store8_lane, 0x58, SC_STLANE, 0, 0) \
    Y(X, v128_store16_lane, 0x59, SC_STLANE, 0, 1) \
    Y(X, v128_store32_lane, 0x5a, SC_STLANE, 0, 2) \
    Y(X, v128_store64_lane, 0x5b, SC_STLANE, 0, 3) \
    Y(X, v128_load32_zero, 0x5c, SC_LOAD, 0, 2) \
    Y(X, v128_load64_zero, 0x5d, SC_LOAD, 0, 3) \
    Y(X, f32x4_demote_f64x2_zero, 0x5e, SC_UN, 0, 0) \
    Y(X, f64x2_promote_low_f32x4, 0x5f, SC_UN, 0, 0) \
    Y(X, i8x16_abs, 0x60, SC_UN, 0, 0) \
    Y(X, i8x16_neg, 0x61, SC_UN, 0, 0) \
    Y(X, i8x16_popcnt, 0x62, SC_UN, 0, 0) \
    Y(X, i8x16_all_true, 0x63, SC_TEST, 0, 0) \
    Y(X, i8x16_bitmask, 0x64, SC_TEST, 0, 0) \
    Y(X, i8x16_narrow_i16x8_s, 0x65, SC_BIN, 0, 0) \
    Y(X, i8x16_narrow_i16x8_u, 0x66, SC_BIN, 0, 0) \
    Y(X, f32x4_ceil, 0x67, SC_UN, 0, 0) \
    Y(X, f32x4_floor, 0x68, SC_UN, 0, 0) \
    Y(X, f32x4_trunc, 0x69, SC_UN, 0, 0) \
    Y(X, f32x4_nearest, 0x6a, SC_UN, 0, 0) \
    Y(X, i8x16_shl, 0x6b, SC_SHIFT, 0, 0) \
    Y(X, i8x16_shr_s, 0x6c, SC_SHIFT, 0, 0) \
    Y(X, i8x16_shr_u, 0x6d, SC_SHIFT, 0, 0) \
    Y(X, i8x16_add, 0x6e, SC_BIN, 0, 0) \
    Y(X, i8x16_add_sat_s, 0x6f, SC_BIN, 0, 0) \
    Y(X, i8x16_add_sat_u, 0x70, SC_BIN, 0, 0) \
    Y(X, i8x16_sub, 0x71, SC_BIN, 0, 0) \
    Y(X, i8x16_sub_sat_s, 0x72, SC_BIN, 0, 0) \
    Y(X, i8x16_sub_sat_u, 0x73, SC_BIN, 0, 0) \
    Y(X, f64x2_ceil, 0x74, SC_UN, 0, 0) \
    Y(X, f64x2_floor, 0x75, SC_UN, 0, 0) \
    Y(X, i8x16_min_s, 0x76, SC_BIN, 0, 0) \
    Y(X, i8x16_min_u, 0x77, SC_BIN, 0, 0) \
    Y(X, i8x16_max_s, 0x78, SC_BIN, 0, 0) \
    Y(X, i8x16_max_u, 0x79, SC_BIN, 0, 0) \
    Y(X, f64x2_trunc, 0x7a, SC_UN, 0, 0) \
    Y(X, i8x16_avgr_u, 0x7b, SC_BIN, 0, 0) \
    Y(X, i16x8_extadd_pairwise_i8x16_s, 0x7c, SC_UN, 0, 0) \
    Y(X, i16x8_extadd_pairwise_i8x16_u, 0x7d, SC_UN, 0, 0) \
    Y(X, i32x4_extadd_pairwise_i16x8_s, 0x7e, SC_UN, 0, 0) \
    Y(X, i32x4_extadd_pairwise_i16x8_u, 0x7f, SC_UN, 0, 0) \
    Y(X, i16x8_abs, 0x80, SC_UN, 0, 0) \
    Y(X, i16x8_neg, 0x81, SC_UN, 0, 0) \
    Y(X, i16x8_q15mulr_sat_s, 0x82, SC_BIN, 0, 0) \
    Y(X, i16x8_all_true, 0x83, SC_TEST, 0, 0) \
    Y(X, i16x8_bitmask, 0x84, SC_TEST, 0, 0) \
    Y(X, i16x8_narrow_i32x4_s, 0x85, SC_BIN, 0, 0) \
    Y(X, i16x8_narrow_i32x4_u, 0x86, SC_BIN, 0, 0) \
    Y(X, i16x8_extend_low_i8x16_s, 0x87, SC_UN, 0, 0) \
    Y(X, i16x8_extend_high_i8x16_s, 0x88, SC_UN, 0, 0) \
    Y(X, i16x8_extend_low_i8x16_u, 0x89, SC_UN, 0, 0) \
    Y(X, i16x8_extend_high_i8x16_u, 0x8a, SC_UN, 0, 0) \
    Y(X, i16x8_shl, 0x8b, SC_SHIFT, 0, 0) \
    Y(X, i16x8_shr_s, 0x8c, SC_SHIFT, 0, 0) \
    Y(X, i16x8_shr_u, 0x8d, SC_SHIFT, 0, 0) \
    Y(X, i16x8_add, 0x8e, SC_BIN, 0, 0) \
    Y(X, i16x8_add_sat_s, 0x8f, SC_BIN, 0, 0) \
    Y(X, i16x8_add_sat_u, 0x90, SC_BIN, 0, 0) \
    Y(X, i16x8_sub, 0x91, SC_BIN, 0, 0) \
    Y(X, i16x8_sub_sat_s, 0x92, SC_BIN, 0, 0) \
    Y(X, i16x8_sub_sat_u, 0x93, SC_BIN, 0, 0) \
    Y(X, f64x2_nearest, 0x94, SC_UN, 0, 0) \
    Y(X, i16x8_mul, 0x95, SC_BIN, 0, 0) \
    Y(X, i16x8_min_s, 0x96, SC_BIN, 0, 0) \
    Y(X, i16x8_min_u, 0x97, SC_BIN, 0, 0) \
    Y(X, i16x8_max_s, 0x98, SC_BIN, 0, 0) \
    Y(X, i16x8_max_u, 0x99, SC_BIN, 0, 0) \
    Y(X, i16x8_avgr_u, 0x9b, SC_BIN, 0, 0) \
    Y(X, i16x8_extmul_low_i8x16_s, 0x9c, SC_BIN, 0, 0) \
    Y(X, i16x8_extmul_high_i8x16_s, 0x9d, SC_BIN, 0, 0) \
    Y(X, i16x8_extmul_low_i8x16_u, 0x9e, SC_BIN, 0, 0) \
    Y(X, i16x8_extmul_high_i8x16_u, 0x9f, SC_BIN, 0, 0) \
    Y(X, i32x4_abs, 0xa0, SC_UN, 0, 0) \
    Y(X, i32x4_neg, 0xa1, SC_UN, 0, 0) \
    Y(X, i32x4_all_true, 0xa3, SC_TEST, 0, 0) \
    Y(X, i32x4_bitmask, 0xa4, SC_TEST, 0, 0) \
    Y(X, i32x4_extend_low_i16x8_s, 0xa7, SC_UN, 0, 0) \
    Y(X, i32x4_extend_high_i16x8_s, 0xa8, SC_UN, 0, 0) \
    Y(X, i32x4_extend_low_i16x8_u, 0xa9, SC_UN, 0, 0) \
    Y(X, i32x4_extend_high_i16x8_u, 0xaa, SC_UN, 0, 0) \
    Y(X, i32x4_shl, 0xab, SC_SHIFT, 0, 0) \
    Y(X, i32x4_shr_s, 0xac, SC_SHIFT, 0, 0) \
    Y(X, i32x4_shr_u, 0xad, SC_SHIFT, 0, 0) \
    Y(X, i32x4_add, 0xae, SC_BIN, 0, 0) \
    Y(X, i32x4_sub, 0xb1, SC_BIN, 0, 0) \
    Y(X, i32x4_mul, 0xb5, SC_BIN, 0, 0) \
    Y(X, i32x4_min_s, 0xb6, SC_BIN, 0, 0) \
    Y(X, i32x4_min_u, 0xb7, SC_BIN, 0, 0) \
    Y(X, i32x4_max_s, 0xb8, SC_BIN, 0, 0) \
    Y(X, i32x4_max_u, 0xb9, SC_BIN, 0, 0) \
    Y(X, i32x4_dot_i16x8_s, 0xba, SC_BIN, 0, 0) \
    Y(X, i32x4_extmul_low_i16x8_s, 0xbc, SC_BIN, 0, 0) \
    Y(X, i32x4_extmul_high_i16x8_s, 0xbd, SC_BIN, 0, 0) \
    Y(X, i32x4_extmul_low_i16x8_u, 0xbe, SC_BIN, 0, 0) \
    Y(X, i32x4_extmul_high_i16x8_u, 0xbf, SC_BIN, 0, 0) \
    Y(X, i64x2_abs, 0xc0, SC_UN, 0, 0) \
    Y(X, i64x2_neg, 0xc1, SC_UN, 0, 0) \
    Y(X, i64x2_all_true, 0xc3, SC_TEST, 0, 0) \
    Y(X, i64x2_bitmask, 0xc4, SC_TEST, 0, 0) \
    Y(X, i64x2_extend_low_i32x4_s, 0xc7, SC_UN, 0, 0) \
    Y(X, i64x2_extend_high_i32x4_s, 0xc8, SC_UN, 0, 0) \
    Y(X, i64x2_extend_low_i32x4_u, 0xc9, SC_UN, 0, 0) \
    Y(X, i64x2_extend_high_i32x4_u, 0xca, SC_UN, 0, 0) \
    Y(X, i64x2_shl, 0xcb, SC_SHIFT, 0, 0) \
    Y(X, i64x2_shr_s, 0xcc, SC_SHIFT, 0, 0) \
    Y(X, i64x2_shr_u, 0xcd, SC_SHIFT, 0, 0) \
    Y(X, i64x2_add, 0xce, SC_BIN, 0, 0) \
    Y(X, i64x2_sub, 0xd1, SC_BIN, 0, 0) \
    Y(X, i64x2_mul, 0xd5, SC_BIN, 0, 0) \
    Y(X, i64x2_eq, 0xd6, SC_BIN, 0, 0) Y(X, i64x2_ne, 0xd7, SC_BIN, 0, 0) \
    Y(X, i64x2_lt_s, 0xd8, SC_BIN, 0, 0) Y(X, i64x2_gt_s, 0xd9, SC_BIN, 0, 0) \
    Y(X, i64x2_le_s, 0xda, SC_BIN, 0, 0) Y(X, i64x2_ge_s, 0xdb, SC_BIN, 0, 0) \
    Y(X, i64x2_extmul_low_i32x4_s, 0xdc, SC_BIN, 0, 0) \
    Y(X, i64x2_extmul_high_i32x4_s, 0xdd, SC_BIN, 0, 0) \
    Y(X, i64x2_extmul_low_i32x4_u, 0xde, SC_BIN, 0, 0) \
    Y(X, i64x2_extmul_high_i32x4_u, 0xdf, SC_BIN, 0, 0) \
    Y(X, f32x4_abs, 0xe0, SC_UN, 0, 0) \
    Y(X, f32x4_neg, 0xe1, SC_UN, 0, 0) \
    Y(X, f32x4_sqrt, 0xe3, SC_UN, 0, 0) \
    Y(X, f32x4_add, 0xe4, SC_BIN, 0, 0) \
    Y(X, f32x4_sub, 0xe5, SC_BIN, 0, 0) \
    Y(X, f32x4_mul, 0xe6, SC_BIN, 0, 0) \
    Y(X, f32x4_div, 0xe7, SC_BIN, 0, 0) \
    Y(X, f32x4_min, 0xe8, SC_BIN, 0, 0) \
    Y(X, f32x4_max, 0xe9, SC_BIN, 0, 0) \
    Y(X, f32x4_pmin, 0xea, SC_BIN, 0, 0) \
    Y(X, f32x4_pmax, 0xeb, SC_BIN, 0, 0) \
    Y(X, f64x2_abs, 0xec, SC_UN, 0, 0) \
    Y(X, f64x2_neg, 0xed, SC_UN, 0, 0) \
    Y(X, f64x2_sqrt, 0xef, SC_UN, 0, 0) \
    Y(X, f64x2_add, 0xf0, SC_BIN, 0, 0) \
    Y(X, f64x2_sub, 0xf1, SC_BIN, 0, 0) \
    Y(X, f64x2_mul, 0xf2, SC_BIN, 0, 0) \
    Y(X, f64x2_div, 0xf3, SC_BIN, 0, 0) \
    Y(X, f64x2_min, 0xf4, SC_BIN, 0, 0) \
    Y(X, f64x2_max, 0xf5, SC_BIN, 0, 0) \
    Y(X, f64x2_pmin, 0xf6, SC_BIN, 0, 0) \
    Y(X, f64x2_pmax, 0xf7, SC_BIN, 0, 0) \
    Y(X, i32x4_trunc_sat_f32x4_s, 0xf8, SC_UN, 0, 0) \
    Y(X, i32x4_trunc_sat_f32x4_u, 0xf9, SC_UN, 0, 0) \
    Y(X, f32x4_convert_i32x4_s, 0xfa, SC_UN, 0, 0) \
    Y(X, f32x4_convert_i32x4_u, 0xfb, SC_UN, 0, 0) \
    Y(X, i32x4_trunc_sat_f64x2_s_zero, 0xfc, SC_UN, 0, 0) \
    Y(X, i32x4_trunc_sat_f64x2_u_zero, 0xfd, SC_UN, 0, 0) \
    Y(X, f64x2_convert_low_i32x4_s, 0xfe, SC_UN, 0, 0) \
    Y(X, f64x2_convert_low_i32x4_u, 0xff, SC_UN, 0, 0) \
    /* relaxed SIMD (3.0): simd_lanes.c picks one fixed behaviour each */ \
    Y(X, i8x16_relaxed_swizzle, 0x100, SC_BIN, 0, 0) \
    Y(X, i32x4_relaxed_trunc_f32x4_s, 0x101, SC_UN, 0, 0) \
    Y(X, i32x4_relaxed_trunc_f32x4_u, 0x102, SC_UN, 0, 0) \
    Y(X, i32x4_relaxed_trunc_f64x2_s_zero, 0x103, SC_UN, 0, 0) \
    Y(X, i32x4_relaxed_trunc_f64x2_u_zero, 0x104, SC_UN, 0, 0) \
    Y(X, f32x4_relaxed_madd, 0x105, SC_TERN, 0, 0) \
    Y(X, f32x4_relaxed_nmadd, 0x106, SC_TERN, 0, 0) \
    Y(X, f64x2_relaxed_madd, 0x107, SC_TERN, 0, 0) \
    Y(X, f64x2_relaxed_nmadd, 0x108, SC_TERN, 0, 0) \
    Y(X, i8x16_relaxed_laneselect, 0x109, SC_TERN, 0, 0) \
    Y(X, i16x8_relaxed_laneselect, 0x10a, SC_TERN, 0, 0) \
    Y(X, i32x4_relaxed_laneselect, 0x10b, SC_TERN, 0, 0) \
    Y(X, i64x2_relaxed_laneselect, 0x10c, SC_TERN, 0, 0) \
    Y(X, f32x4_relaxed_min, 0x10d, SC_BIN, 0, 0) \
    Y(X, f32x4_relaxed_max, 0x10e, SC_BIN, 0, 0) \
    Y(X, f64x2_relaxed_min, 0x10f, SC_BIN, 0, 0) \
    Y(X, f64x2_relaxed_max, 0x110, SC_BIN, 0, 0) \
    Y(X, i16x8_relaxed_q15mulr_s, 0x111, SC_BIN, 0, 0) \
    Y(X, i16x8_relaxed_dot_i8x16_i7x16_s, 0x112, SC_BIN, 0, 0) \
    Y(X, i32x4_relaxed_dot_i8x16_i7x16_add_s, 0x113, SC_TERN, 0, 0)

/* Internal helpers for two-slot values (no wasm opcode of their own). */
#define SIMD_EXTRA(X) \
    X(v128_copy)        /* [dst][src] */ \
    X(v128_select)      /* [dst][a][b][cond] */ \
    X(v128_global_get)  /* [dst][idx] */ \
    X(v128_global_set)  /* [src][idx] */

#define SIMD_NAME(X, name, sub, cls, type, n) X(name)
#define SIMD_OPS(X) SIMD_TABLE(SIMD_NAME, X) SIMD_EXTRA(X)

#endif

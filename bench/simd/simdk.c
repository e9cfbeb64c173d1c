/* simdk.c — SIMD-heavy kernels for weft's 128-bit SIMD interpreter path.
 *
 * Built twice from this one source: with -msimd128 the kernels use
 * wasm_simd128.h intrinsics, without it plain C loops that compute
 * bit-identical results (same lane-wise float summation order), so the
 * two .wasm files print the same checksums and their times compare the
 * SIMD and scalar instruction paths of the same work:
 *   blur   3x3 binomial filter over an 8-bit image (u16 lanes, narrow)
 *   dot16  int16 dot product (i32x4.dot_i16x8_s)
 *   saxpy  y = a*x + y then a 4-lane f32 dot product
 * Usage: simdk [REPEAT]   (default 40) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

#ifdef __clang__
#pragma clang fp contract(off)
#endif

#define W 512
#define H 512
#define N 8192

static uint8_t img[H][W], out[H][W];
static int16_t va[N], vb[N];
static float fx[N], fy[N];

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint32_t rnd(void) {
    rng ^= rng >> 12; rng ^= rng << 25; rng ^= rng >> 27;
    return (uint32_t)((rng * 0x2545f4914f6cdd1dull) >> 32);
}

/* Rows 1..H-2, columns 1..W-2; weights 1 2 1 / 2 4 2 / 1 2 1, sum >> 4. */
static void blur(void) {
    for (int y = 1; y < H - 1; y++) {
        int x = 1;
#ifdef __wasm_simd128__
        for (; x + 8 <= W - 1; x += 8) {
            v128_t acc = wasm_i16x8_splat(0);
            for (int dy = -1; dy <= 1; dy++) {
                const uint8_t *r = &img[y + dy][x];
                v128_t l = wasm_u16x8_load8x8(r - 1), c = wasm_u16x8_load8x8(r),
                       rr = wasm_u16x8_load8x8(r + 1);
                v128_t row = wasm_i16x8_add(wasm_i16x8_add(l, rr), wasm_i16x8_shl(c, 1));
                acc = wasm_i16x8_add(acc, dy == 0 ? wasm_i16x8_shl(row, 1) : row);
            }
            acc = wasm_u16x8_shr(acc, 4);
            v128_t n = wasm_u8x16_narrow_i16x8(acc, acc);
            wasm_v128_store64_lane(&out[y][x], n, 0);
        }
#endif
        for (; x < W - 1; x++) {
            unsigned s = 0;
            for (int dy = -1; dy <= 1; dy++) {
                const uint8_t *r = &img[y + dy][x];
                unsigned row = r[-1] + r[1] + 2u * r[0];
                s += dy == 0 ? 2 * row : row;
            }
            out[y][x] = (uint8_t)(s >> 4);
        }
    }
}

static uint32_t dot16(void) {
    int i = 0;
    uint32_t sum = 0;
#ifdef __wasm_simd128__
    v128_t acc = wasm_i32x4_splat(0);
    for (; i + 8 <= N; i += 8)
        acc = wasm_i32x4_add(acc, wasm_i32x4_dot_i16x8(wasm_v128_load(&va[i]), wasm_v128_load(&vb[i])));
    sum = (uint32_t)wasm_i32x4_extract_lane(acc, 0) + (uint32_t)wasm_i32x4_extract_lane(acc, 1) +
          (uint32_t)wasm_i32x4_extract_lane(acc, 2) + (uint32_t)wasm_i32x4_extract_lane(acc, 3);
#endif
    for (; i < N; i++) sum += (uint32_t)(va[i] * vb[i]);
    return sum;
}

/* Four partial sums, lane j taking elements i with i % 4 == j. */
static float saxpy_dot(float a) {
    int i = 0;
    float s[4] = { 0, 0, 0, 0 };
#ifdef __wasm_simd128__
    v128_t av = wasm_f32x4_splat(a), acc = wasm_f32x4_splat(0);
    for (; i + 4 <= N; i += 4) {
        v128_t x = wasm_v128_load(&fx[i]);
        v128_t y = wasm_f32x4_add(wasm_f32x4_mul(av, x), wasm_v128_load(&fy[i]));
        wasm_v128_store(&fy[i], y);
        acc = wasm_f32x4_add(acc, wasm_f32x4_mul(x, y));
    }
    wasm_v128_store(s, acc);
#endif
    for (; i < N; i++) {
        fy[i] = a * fx[i] + fy[i];
        s[i % 4] += fx[i] * fy[i];
    }
    return (s[0] + s[1]) + (s[2] + s[3]);
}

int main(int argc, char **argv) {
    long reps = argc > 1 ? strtol(argv[1], NULL, 10) : 40;
    if (reps <= 0) reps = 40;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) img[y][x] = (uint8_t)rnd();
    for (int i = 0; i < N; i++) {
        va[i] = (int16_t)rnd();
        vb[i] = (int16_t)rnd();
        fx[i] = (float)(rnd() % 2001) / 1000.0f - 1.0f;
        fy[i] = (float)(rnd() % 2001) / 1000.0f - 1.0f;
    }
    uint32_t hblur = 2166136261u, hdot = 0;
    float fsum = 0;
    for (long r = 0; r < reps; r++) {
        blur();
        /* Feed the output back so every repetition does new work. */
        memcpy(img, out, sizeof img);
        for (int y = 0; y < H; y += 37) hblur = (hblur ^ img[y][(y * 7 + r) % W]) * 16777619u;
        for (int k = 0; k < 8; k++) {
            hdot = hdot * 31 + dot16();
            va[(r * 8 + k) % N] ^= (int16_t)hdot;
        }
        for (int k = 0; k < 8; k++) fsum += saxpy_dot(k & 1 ? 0.25f : -0.25f);
    }
    printf("blur %08x\ndot16 %08x\nsaxpy %.6e\n", (unsigned)hblur, (unsigned)hdot, (double)fsum);
    return 0;
}

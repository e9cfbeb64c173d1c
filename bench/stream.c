/* stream.c — STREAM-like memory kernels (copy, scale, add, triad) over
 * three arrays of doubles, 2 Mi elements each (48 MiB, well past cache).
 * The scalar q = sqrt(2) - 1 keeps the values bounded over many passes.
 * Size = passes over all four kernels. */
#include "common.h"

enum { N = 2 << 20 };

int main(int argc, char **argv)
{
    long passes = bench_size(argc, argv, 120);
    double *a = bench_alloc(sizeof(double) * N);
    double *b = bench_alloc(sizeof(double) * N);
    double *c = bench_alloc(sizeof(double) * N);
    const double q = 0.41421356237309503;
    for (long i = 0; i < N; i++) {
        a[i] = 1.0 + (double)(i & 1023) / 1024.0;
        b[i] = 2.0;
        c[i] = 0.0;
    }
    for (long p = 0; p < passes; p++) {
        for (long i = 0; i < N; i++) c[i] = a[i];             /* copy */
        for (long i = 0; i < N; i++) b[i] = q * c[i];         /* scale */
        for (long i = 0; i < N; i++) c[i] = a[i] + b[i];      /* add */
        for (long i = 0; i < N; i++) a[i] = b[i] + q * c[i];  /* triad */
    }
    double sa = 0, sb = 0, sc = 0;
    for (long i = 0; i < N; i++) {
        sa += a[i];
        sb += b[i];
        sc += c[i];
    }
    uint64_t h = bench_fnv(0, &sa, 8);
    h = bench_fnv(h, &sb, 8);
    h = bench_fnv(h, &sc, 8);
    printf("stream passes=%ld sums=%.6f %.6f %.6f hash=%016llx\n", passes, sa, sb, sc,
           (unsigned long long)h);
    return 0;
}

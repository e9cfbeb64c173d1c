/* mandelbrot.c — escape-time Mandelbrot set in double precision (the
 * classic benchmarks-game loop, no libm). Size = image width = height. */
#include "common.h"

int main(int argc, char **argv)
{
    long n = bench_size(argc, argv, 4000);
    const int max_iter = 50;
    uint64_t h = 0, inside = 0;
    uint8_t *row = bench_alloc((size_t)(n + 7) / 8);
    for (long y = 0; y < n; y++) {
        double ci = 2.0 * (double)y / (double)n - 1.0;
        memset(row, 0, (size_t)(n + 7) / 8);
        for (long x = 0; x < n; x++) {
            double cr = 2.0 * (double)x / (double)n - 1.5;
            double zr = 0, zi = 0, tr = 0, ti = 0;
            int i = 0;
            for (; i < max_iter && tr + ti <= 4.0; i++) {
                zi = 2.0 * zr * zi + ci;
                zr = tr - ti + cr;
                tr = zr * zr;
                ti = zi * zi;
            }
            if (i == max_iter) {
                row[x >> 3] |= (uint8_t)(0x80 >> (x & 7));
                inside++;
            }
        }
        h = bench_fnv(h, row, (size_t)(n + 7) / 8);
    }
    printf("mandelbrot n=%ld inside=%llu hash=%016llx\n", n, (unsigned long long)inside,
           (unsigned long long)h);
    return 0;
}

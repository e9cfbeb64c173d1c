/* fib.c — naive doubly recursive Fibonacci: call/return cost. Size = n. */
#include "common.h"

/* noinline keeps gcc from turning the recursion into something else */
__attribute__((noinline)) static uint32_t fib(uint32_t n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

int main(int argc, char **argv)
{
    long n = bench_size(argc, argv, 42);
    printf("fib(%ld)=%u\n", n, fib((uint32_t)n));
    return 0;
}

/* Clocks: realtime, monotonic, process and thread CPU time. */
#include <stdio.h>
#include <time.h>
#include <wasi/api.h>

#define CHECK(name, cond) printf("%-34s %s\n", name, (cond) ? "ok" : "FAILED")

static long long ns(clockid_t c)
{
    struct timespec t;
    if (clock_gettime(c, &t) != 0) return -1;
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(void)
{
    struct timespec r;
    CHECK("res realtime", clock_getres(CLOCK_REALTIME, &r) == 0 && (r.tv_sec || r.tv_nsec));
    CHECK("res monotonic", clock_getres(CLOCK_MONOTONIC, &r) == 0 && (r.tv_sec || r.tv_nsec));
    CHECK("res process cputime", clock_getres(CLOCK_PROCESS_CPUTIME_ID, &r) == 0);
    CHECK("res thread cputime", clock_getres(CLOCK_THREAD_CPUTIME_ID, &r) == 0);
    CHECK("realtime after 2020", ns(CLOCK_REALTIME) > 1577836800LL * 1000000000LL);
    long long a = ns(CLOCK_MONOTONIC), b = ns(CLOCK_MONOTONIC);
    CHECK("monotonic does not go back", a > 0 && b >= a);
    long long p0 = ns(CLOCK_PROCESS_CPUTIME_ID), t0 = ns(CLOCK_THREAD_CPUTIME_ID);
    volatile unsigned x = 0;
    for (unsigned i = 0; i < 20000000; i++) x += i * 7;
    long long p1 = ns(CLOCK_PROCESS_CPUTIME_ID), t1 = ns(CLOCK_THREAD_CPUTIME_ID);
    CHECK("process cputime advances", p0 >= 0 && p1 > p0);
    CHECK("thread cputime advances", t0 >= 0 && t1 > t0);
    long long s0 = ns(CLOCK_MONOTONIC);
    struct timespec d = { 0, 50 * 1000000 };
    nanosleep(&d, NULL);
    long long s1 = ns(CLOCK_MONOTONIC);
    CHECK("nanosleep 50ms", s1 - s0 >= 50000000LL && s1 - s0 < 2000000000LL);
    __wasi_timestamp_t ts;
    CHECK("bad clock id is EINVAL", __wasi_clock_time_get(4, 0, &ts) == __WASI_ERRNO_INVAL);
    CHECK("bad res id is EINVAL", __wasi_clock_res_get(77, &ts) == __WASI_ERRNO_INVAL);
    return 0;
}

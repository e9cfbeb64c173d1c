/* poll_oneoff: relative and absolute clock timeouts, regular files,
 * stdin (check.sh feeds "hello\n"), the earliest of several clocks. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

#define CHECK(name, cond) printf("%-40s %s\n", name, (cond) ? "ok" : "FAILED")

static long long now(clockid_t c)
{
    struct timespec t;
    clock_gettime(c, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static __wasi_subscription_t clock_sub(uint64_t ud, __wasi_clockid_t id, uint64_t t, int abs)
{
    __wasi_subscription_t s;
    memset(&s, 0, sizeof s);
    s.userdata = ud;
    s.u.tag = __WASI_EVENTTYPE_CLOCK;
    s.u.u.clock.id = id;
    s.u.u.clock.timeout = t;
    s.u.u.clock.flags = abs ? __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME : 0;
    return s;
}

static __wasi_subscription_t fd_sub(uint64_t ud, int fd, int write)
{
    __wasi_subscription_t s;
    memset(&s, 0, sizeof s);
    s.userdata = ud;
    s.u.tag = write ? __WASI_EVENTTYPE_FD_WRITE : __WASI_EVENTTYPE_FD_READ;
    s.u.u.fd_read.file_descriptor = fd;
    return s;
}

int main(void)
{
    __wasi_event_t ev[4];
    __wasi_size_t n = 0;
    __wasi_subscription_t s[4];

    long long t0 = now(CLOCK_MONOTONIC);
    s[0] = clock_sub(11, __WASI_CLOCKID_MONOTONIC, 100000000, 0);
    int e = __wasi_poll_oneoff(s, ev, 1, &n);
    long long dt = now(CLOCK_MONOTONIC) - t0;
    CHECK("relative 100ms", e == 0 && n == 1 && ev[0].userdata == 11 && ev[0].error == 0 &&
          ev[0].type == __WASI_EVENTTYPE_CLOCK && dt >= 100000000 && dt < 1500000000);

    t0 = now(CLOCK_MONOTONIC);
    s[0] = clock_sub(12, __WASI_CLOCKID_REALTIME, (uint64_t)now(CLOCK_REALTIME) + 80000000, 1);
    e = __wasi_poll_oneoff(s, ev, 1, &n);
    dt = now(CLOCK_MONOTONIC) - t0;
    CHECK("absolute realtime +80ms", e == 0 && n == 1 && ev[0].userdata == 12 && dt >= 70000000 && dt < 1500000000);

    t0 = now(CLOCK_MONOTONIC);
    s[0] = clock_sub(13, __WASI_CLOCKID_MONOTONIC, (uint64_t)now(CLOCK_MONOTONIC) - 1000, 1);
    e = __wasi_poll_oneoff(s, ev, 1, &n);
    CHECK("absolute in the past fires now", e == 0 && n == 1 && ev[0].userdata == 13 &&
          now(CLOCK_MONOTONIC) - t0 < 50000000);

    t0 = now(CLOCK_MONOTONIC);
    s[0] = clock_sub(21, __WASI_CLOCKID_MONOTONIC, 2000000000, 0);
    s[1] = clock_sub(22, __WASI_CLOCKID_MONOTONIC, 30000000, 0);
    e = __wasi_poll_oneoff(s, ev, 2, &n);
    dt = now(CLOCK_MONOTONIC) - t0;
    CHECK("earliest of two clocks", e == 0 && n == 1 && ev[0].userdata == 22 && dt < 1000000000);

    int fd = open("/sandbox/p.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
    write(fd, "0123456789", 10);
    lseek(fd, 4, SEEK_SET);
    s[0] = fd_sub(31, fd, 0);
    s[1] = clock_sub(32, __WASI_CLOCKID_MONOTONIC, 2000000000, 0);
    e = __wasi_poll_oneoff(s, ev, 2, &n);
    CHECK("file readable at once", e == 0 && n == 1 && ev[0].userdata == 31 &&
          ev[0].type == __WASI_EVENTTYPE_FD_READ && ev[0].fd_readwrite.nbytes == 6);
    s[0] = fd_sub(33, fd, 1);
    e = __wasi_poll_oneoff(s, ev, 2, &n);
    CHECK("file writable at once", e == 0 && n == 1 && ev[0].userdata == 33);
    close(fd);
    unlink("/sandbox/p.txt");

    s[0] = clock_sub(35, __WASI_CLOCKID_PROCESS_CPUTIME_ID, 1000, 0);
    e = __wasi_poll_oneoff(s, ev, 1, &n);
    CHECK("cputime clock refused in the event", e == 0 && n == 1 && ev[0].userdata == 35 &&
          ev[0].error == __WASI_ERRNO_NOTSUP);
    s[0] = clock_sub(36, 9, 1000, 0);
    e = __wasi_poll_oneoff(s, ev, 1, &n);
    CHECK("unknown clock refused in the event", e == 0 && n == 1 && ev[0].error == __WASI_ERRNO_INVAL);

    s[0] = fd_sub(41, 77, 0);
    e = __wasi_poll_oneoff(s, ev, 1, &n);
    CHECK("bad fd reported in the event", e == 0 && n == 1 && ev[0].error == __WASI_ERRNO_BADF);

    s[0] = fd_sub(51, 0, 0);
    s[1] = clock_sub(52, __WASI_CLOCKID_MONOTONIC, 5000000000ull, 0);
    t0 = now(CLOCK_MONOTONIC);
    e = __wasi_poll_oneoff(s, ev, 2, &n);
    CHECK("stdin readable", e == 0 && n >= 1 && ev[0].userdata == 51 && ev[0].error == 0 &&
          now(CLOCK_MONOTONIC) - t0 < 4000000000LL);
    char buf[16] = { 0 };
    CHECK("stdin data", read(0, buf, sizeof buf) == 6 && !strcmp(buf, "hello\n"));
    return 0;
}

/* wasi_misc.c — clocks, random, poll_oneoff, scheduling and sockets. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "wasi_int.h"

/* ---- clocks ---------------------------------------------------------- */

static bool host_clock(uint32_t id, clockid_t *out)
{
    static const clockid_t ids[4] = { CLOCK_REALTIME, CLOCK_MONOTONIC,
                                      CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID };
    if (id > 3) return false;
    *out = ids[id];
    return true;
}

static uint64_t ns_of(struct timespec t) { return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec; }

static uint32_t clock_res_get(wasi_ctx *c, wmem *m, const wf_val *a)
{
    clockid_t id;
    if (!host_clock(A32(0), &id)) return WE_INVAL;
    if (!wm_ok(m, A32(1), 8)) return WE_FAULT;
    struct timespec t;
    if (clock_getres(id, &t) != 0) return wasi_errno(errno);
    wm_put64(m, A32(1), ns_of(t));
    return WE_SUCCESS;
}

static uint32_t clock_time_get(wasi_ctx *c, wmem *m, const wf_val *a)
{
    clockid_t id;
    if (!host_clock(A32(0), &id)) return WE_INVAL;
    if (!wm_ok(m, A32(2), 8)) return WE_FAULT;
    struct timespec t;
    if (clock_gettime(id, &t) != 0) return wasi_errno(errno);
    wm_put64(m, A32(2), ns_of(t));
    return WE_SUCCESS;
}

static uint32_t random_get(wasi_ctx *c, wmem *m, const wf_val *a)
{
    uint32_t p = A32(0), len = A32(1);
    if (!wm_ok(m, p, len)) return WE_FAULT;
    while (len > 0) {
        ssize_t n = getrandom(m->base + p, len, 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            return wasi_errno(errno);
        }
        p += (uint32_t)n;
        len -= (uint32_t)n;
    }
    return WE_SUCCESS;
}

static uint32_t sched_yield_(wasi_ctx *c, wmem *m, const wf_val *a)
{
    sched_yield();
    return WE_SUCCESS;
}

/* ---- poll_oneoff ----------------------------------------------------- */

enum { EV_CLOCK = 0, EV_FD_READ = 1, EV_FD_WRITE = 2 };

typedef struct psub {
    uint64_t userdata;
    uint8_t type;
    uint16_t error;         /* set when the subscription is bad */
    clockid_t clock;
    uint64_t deadline;      /* absolute, in `clock` */
    int pfd;                /* index into the pollfd array, or -1 */
    wasi_fd *f;
} psub;

static void put_event(wmem *m, uint32_t at, const psub *s, uint16_t error, uint64_t nbytes,
                      uint16_t flags)
{
    memset(m->base + at, 0, 32);
    wm_put64(m, at, s->userdata);
    wm_put16(m, at + 8, error);
    m->base[at + 10] = s->type;
    wm_put64(m, at + 16, nbytes);
    wm_put16(m, at + 24, flags);
}

/* Bytes readable now: for files, what lies past the offset. */
static uint64_t readable(const wasi_fd *f)
{
    struct stat st;
    if (fstat(f->host, &st) == 0 && S_ISREG(st.st_mode)) {
        off_t pos = lseek(f->host, 0, SEEK_CUR);
        return pos >= 0 && st.st_size > pos ? (uint64_t)(st.st_size - pos) : 0;
    }
    int n = 0;
    if (ioctl(f->host, FIONREAD, &n) == 0 && n > 0) return (uint64_t)n;
    return 0;
}

static bool is_regular(const wasi_fd *f)
{
    struct stat st;
    return fstat(f->host, &st) == 0 && S_ISREG(st.st_mode);
}

/* Read the subscriptions; fd ones get a pollfd slot. */
static void parse_sub(wasi_ctx *c, wmem *m, uint32_t at, psub *s, struct pollfd *pfds, int *npfd)
{
    memset(s, 0, sizeof *s);
    s->pfd = -1;
    s->userdata = wm_u64(m, at);
    s->type = m->base[at + 8];
    if (s->type == EV_CLOCK) {
        uint32_t id = wm_u32(m, at + 16);
        uint64_t timeout = wm_u64(m, at + 24);
        uint16_t flags = wm_u16(m, at + 40);
        if (!host_clock(id, &s->clock) || (flags & ~1u)) { s->error = WE_INVAL; return; }
        /* CPU-time clocks do not advance while we sleep: waiting on one
         * could never end (wasmtime refuses them too). */
        if (id > 1) { s->error = WE_NOTSUP; return; }
        if (flags & 1) { s->deadline = timeout; return; }
        struct timespec now;
        clock_gettime(s->clock, &now);
        uint64_t n = ns_of(now);
        s->deadline = n + timeout < n ? UINT64_MAX : n + timeout;
        return;
    }
    if (s->type != EV_FD_READ && s->type != EV_FD_WRITE) { s->error = WE_INVAL; return; }
    uint32_t err;
    s->f = wasi_fd_get(c, wm_u32(m, at + 16), WR_POLL_FD_READWRITE, &err);
    if (!s->f) { s->error = (uint16_t)err; return; }
    pfds[*npfd].fd = s->f->host;
    pfds[*npfd].events = s->type == EV_FD_READ ? POLLIN : POLLOUT;
    pfds[*npfd].revents = 0;
    s->pfd = (*npfd)++;
}

static uint64_t clock_now(clockid_t id)
{
    struct timespec t;
    clock_gettime(id, &t);
    return ns_of(t);
}

/* How long to sleep: 0 if something is ready now, -1 for no limit, else
 * until the earliest clock's deadline. */
static int64_t wait_time(const psub *subs, uint32_t n)
{
    int64_t wait_ns = -1;
    for (uint32_t i = 0; i < n; i++) {
        const psub *s = &subs[i];
        /* Bad subscriptions and always-ready regular files answer at once. */
        if (s->error || (s->f && is_regular(s->f))) return 0;
        if (s->type != EV_CLOCK) continue;
        uint64_t now = clock_now(s->clock);
        int64_t left = s->deadline > now ? (int64_t)(s->deadline - now) : 0;
        if (left < 0) left = INT64_MAX;
        if (wait_ns < 0 || left < wait_ns) wait_ns = left;
    }
    return wait_ns;
}

/* Write an event for every subscription that is ready; returns how many. */
static uint32_t collect(wmem *m, uint32_t out, const psub *subs, uint32_t n,
                        const struct pollfd *pfds)
{
    uint32_t nev = 0;
    for (uint32_t i = 0; i < n; i++) {
        const psub *s = &subs[i];
        uint32_t at = out + nev * 32;
        if (s->error) { put_event(m, at, s, s->error, 0, 0); nev++; continue; }
        if (s->type == EV_CLOCK) {
            if (clock_now(s->clock) >= s->deadline) { put_event(m, at, s, 0, 0, 0); nev++; }
            continue;
        }
        short rev = is_regular(s->f) ? (s->type == EV_FD_READ ? POLLIN : POLLOUT) : pfds[s->pfd].revents;
        if (!rev) continue;
        uint64_t nb = s->type == EV_FD_READ ? readable(s->f) : 0;
        put_event(m, at, s, (rev & POLLNVAL) ? WE_BADF : 0, nb, (rev & POLLHUP) ? 1 : 0);
        nev++;
    }
    return nev;
}

static uint32_t poll_oneoff(wasi_ctx *c, wmem *m, const wf_val *a)
{
    uint32_t in = A32(0), out = A32(1), n = A32(2), pn = A32(3);
    if (n == 0) return WE_INVAL;
    if (n > 4096) return WE_NOTSUP;
    if (!wm_ok(m, in, (uint64_t)n * 48) || !wm_ok(m, out, (uint64_t)n * 32) || !wm_ok(m, pn, 4))
        return WE_FAULT;
    psub *subs = calloc(n, sizeof *subs);
    struct pollfd *pfds = calloc(n, sizeof *pfds);
    if (!subs || !pfds) { free(subs); free(pfds); return WE_NOMEM; }
    int npfd = 0;
    for (uint32_t i = 0; i < n; i++) parse_sub(c, m, in + i * 48, &subs[i], pfds, &npfd);
    uint32_t nev = 0, rc = WE_SUCCESS;
    while (nev == 0) {
        int64_t wait_ns = wait_time(subs, n);
        struct timespec ts = { (time_t)(wait_ns / 1000000000), (long)(wait_ns % 1000000000) };
        if (ppoll(pfds, (nfds_t)npfd, wait_ns < 0 ? NULL : &ts, NULL) < 0 && errno != EINTR) {
            rc = wasi_errno(errno);
            break;
        }
        nev = collect(m, out, subs, n, pfds);
    }
    free(subs);
    free(pfds);
    if (rc == WE_SUCCESS) wm_put32(m, pn, nev);
    return rc;
}

/* ---- sockets --------------------------------------------------------- */

static wasi_fd *sock_fd(wasi_ctx *c, uint32_t fd, uint64_t need, uint32_t *err)
{
    wasi_fd *f = wasi_fd_get(c, fd, 0, err);
    if (!f) return NULL;
    if (f->kind != WK_SOCKET) { *err = WE_NOTSOCK; return NULL; }
    if ((f->rights & need) != need) { *err = WE_NOTCAPABLE; return NULL; }
    return f;
}

static uint32_t sock_accept(wasi_ctx *c, wmem *m, const wf_val *a)
{
    uint32_t err, flags = A32(1);
    wasi_fd *f = sock_fd(c, A32(0), WR_SOCK_ACCEPT, &err);
    if (!f) return err;
    if (flags & ~(uint32_t)WF_FL_NONBLOCK) return WE_INVAL;
    if (!wm_ok(m, A32(2), 4)) return WE_FAULT;
    int s;
    do s = accept4(f->host, NULL, NULL, SOCK_CLOEXEC | ((flags & WF_FL_NONBLOCK) ? SOCK_NONBLOCK : 0));
    while (s < 0 && errno == EINTR);
    if (s < 0) return wasi_errno(errno);
    wasi_fd nf = { .kind = WK_SOCKET, .host = s, .filetype = WT_SOCKET_STREAM,
                   .fdflags = (uint16_t)flags,
                   .rights = WR_SOCK_BASE & ~WR_SOCK_ACCEPT, .inheriting = 0 };
    int64_t g = wasi_fd_install(c, nf);
    if (g < 0) { close(s); return WE_NFILE; }
    wm_put32(m, A32(2), (uint32_t)g);
    return WE_SUCCESS;
}

static uint32_t sock_recv(wasi_ctx *c, wmem *m, const wf_val *a)
{
    uint32_t err, riflags = A32(3);
    wasi_fd *f = sock_fd(c, A32(0), WR_FD_READ, &err);
    if (!f) return err;
    if (riflags & ~3u) return WE_INVAL;
    struct iovec iov[1024];
    int niov = 0;
    if ((err = wasi_iovs(m, A32(1), A32(2), iov, &niov))) return err;
    if (!wm_ok(m, A32(4), 4) || !wm_ok(m, A32(5), 2)) return WE_FAULT;
    struct msghdr msg = { .msg_iov = iov, .msg_iovlen = (size_t)niov };
    int fl = ((riflags & 1) ? MSG_PEEK : 0) | ((riflags & 2) ? MSG_WAITALL : 0);
    ssize_t r;
    do r = recvmsg(f->host, &msg, fl);
    while (r < 0 && errno == EINTR);
    if (r < 0) return wasi_errno(errno);
    wm_put32(m, A32(4), (uint32_t)r);
    wm_put16(m, A32(5), (msg.msg_flags & MSG_TRUNC) ? 1 : 0);
    return WE_SUCCESS;
}

static uint32_t sock_send(wasi_ctx *c, wmem *m, const wf_val *a)
{
    uint32_t err;
    wasi_fd *f = sock_fd(c, A32(0), WR_FD_WRITE, &err);
    if (!f) return err;
    if (A32(3) != 0) return WE_INVAL;
    struct iovec iov[1024];
    int niov = 0;
    if ((err = wasi_iovs(m, A32(1), A32(2), iov, &niov))) return err;
    if (!wm_ok(m, A32(4), 4)) return WE_FAULT;
    struct msghdr msg = { .msg_iov = iov, .msg_iovlen = (size_t)niov };
    ssize_t r;
    do r = sendmsg(f->host, &msg, MSG_NOSIGNAL);
    while (r < 0 && errno == EINTR);
    if (r < 0) return wasi_errno(errno);
    wm_put32(m, A32(4), (uint32_t)r);
    return WE_SUCCESS;
}

static uint32_t sock_shutdown(wasi_ctx *c, wmem *m, const wf_val *a)
{
    uint32_t err, how = A32(1);
    wasi_fd *f = sock_fd(c, A32(0), WR_SOCK_SHUTDOWN, &err);
    if (!f) return err;
    int h = how == 1 ? SHUT_RD : how == 2 ? SHUT_WR : how == 3 ? SHUT_RDWR : -1;
    if (h < 0) return WE_INVAL;
    return shutdown(f->host, h) ? wasi_errno(errno) : WE_SUCCESS;
}

const wasi_def wasi_defs_misc[] = {
    { "clock_res_get", "ii", clock_res_get },
    { "clock_time_get", "iIi", clock_time_get },
    { "random_get", "ii", random_get },
    { "sched_yield", "", sched_yield_ },
    { "poll_oneoff", "iiii", poll_oneoff },
    { "sock_accept", "iii", sock_accept },
    { "sock_recv", "iiiiii", sock_recv },
    { "sock_send", "iiiii", sock_send },
    { "sock_shutdown", "ii", sock_shutdown },
    { NULL, NULL, NULL },
};

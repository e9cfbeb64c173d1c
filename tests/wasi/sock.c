/* A preopened listening socket (--tcplisten): poll it, accept, receive,
 * send, shut down. check.sh's client sends "ping" and expects "pong:ping". */
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

#define SHOW(label, expr) printf("%-34s %d\n", label, (int)(expr))

int main(void)
{
    int lfd = -1;
    for (int fd = 3; fd < 16; fd++) {
        __wasi_fdstat_t st;
        if (__wasi_fd_fdstat_get(fd, &st) == 0 && st.fs_filetype == __WASI_FILETYPE_SOCKET_STREAM) { lfd = fd; break; }
    }
    printf("found listener: %s\n", lfd >= 0 ? "yes" : "no");
    if (lfd < 0) return 1;
    __wasi_fd_t cfd;
    SHOW("accept on a directory", __wasi_sock_accept(3, 0, &cfd));
    SHOW("shutdown on a directory", __wasi_sock_shutdown(3, __WASI_SDFLAGS_WR));
    SHOW("nonblocking accept, none waiting", __wasi_sock_accept(lfd, __WASI_FDFLAGS_NONBLOCK, &cfd));
    printf("ready\n");
    fflush(stdout);

    __wasi_subscription_t s[2];
    memset(s, 0, sizeof s);
    s[0].userdata = 1;
    s[0].u.tag = __WASI_EVENTTYPE_FD_READ;
    s[0].u.u.fd_read.file_descriptor = lfd;
    s[1].userdata = 2;
    s[1].u.tag = __WASI_EVENTTYPE_CLOCK;
    s[1].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    s[1].u.u.clock.timeout = 20000000000ull;
    __wasi_event_t ev[2];
    __wasi_size_t n;
    int e = __wasi_poll_oneoff(s, ev, 2, &n);
    SHOW("poll listener", e == 0 && n >= 1 && ev[0].userdata == 1 ? 0 : -1);
    SHOW("accept", __wasi_sock_accept(lfd, 0, &cfd));
    char buf[64] = { 0 };
    __wasi_iovec_t iov = { (uint8_t *)buf, 4 };
    __wasi_size_t got = 0;
    __wasi_roflags_t rof = 0;
    SHOW("recv waitall", __wasi_sock_recv(cfd, &iov, 1, __WASI_RIFLAGS_RECV_WAITALL, &got, &rof));
    printf("received [%.*s] %d bytes\n", (int)got, buf, (int)got);
    char reply[64];
    int rl = snprintf(reply, sizeof reply, "pong:%.*s", (int)got, buf);
    __wasi_ciovec_t ciov = { (const uint8_t *)reply, (size_t)rl };
    __wasi_size_t sent = 0;
    SHOW("send", __wasi_sock_send(cfd, &ciov, 1, 0, &sent));
    SHOW("sent bytes", sent);
    SHOW("shutdown bad how", __wasi_sock_shutdown(cfd, 7));
    SHOW("shutdown write", __wasi_sock_shutdown(cfd, __WASI_SDFLAGS_WR));
    iov.buf_len = sizeof buf;
    SHOW("recv at eof", __wasi_sock_recv(cfd, &iov, 1, 0, &got, &rof));
    SHOW("eof bytes", got);
    SHOW("close", __wasi_fd_close(cfd));
    return 0;
}

/* wasi2_sock_tcp.c — wasi:sockets/tcp and tcp-create-socket: the 0.2
 * state machine of a TCP socket on a non-blocking POSIX socket.
 *
 *   unbound --start-bind--> bind-started --finish-bind--> bound
 *   bound --start-listen--> listen-started --finish-listen--> listening
 *   unbound|bound --start-connect--> connecting --finish-connect--> connected
 *   (a failed connect or listen leaves the socket closed)
 *
 * Which error a call out of turn gets follows wasmtime's p2 host: a
 * finish-X is not-in-progress, a second start-connect while connecting is
 * concurrency-conflict, anything else invalid-state. The policy comes
 * first (access-denied), then the address (invalid-argument), then the
 * state. Connect errors (refused, unreachable...) are all reported by
 * finish-connect, and listen's by finish-listen, as there. */
#define _GNU_SOURCE   /* accept4 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include "wasi2_sock_int.h"

#define NS 1000000000u

static w2_sock *self(comp_call *c, const comp_val *a)
{
    w2_obj *o = w2_sock_self(c, &a[0], O_TCP);
    return o ? o->sock : NULL;
}

#define SELF(s) w2_sock *s = self(c, a); if (!s) return comp_trap("unknown tcp-socket")
/* Options have no socket to act on while a connect is under way or
 * after one failed. */
#define OPT_SELF(s) SELF(s); if (s->state == ST_CONNECTING || s->state == ST_CLOSED) \
        return w2_sock_fail(c, r, E_INVALID_STATE)

/* The address argument of start-bind/start-connect and the policy; an
 * error code, 0, or -1 for a bad network handle. */
static int take_addr(comp_call *c, const comp_val *a, w2_sock *s, struct sockaddr_storage *ss,
                     bool connect)
{
    if (!w2_obj_get(c->host, a[1].of.h.rep, O_NETWORK))
        return -1;
    if (!w2_net_allowed(c->host))
        return E_ACCESS_DENIED;
    if (!w2_addr_in(&a[2], s->family, ss) ||
        !(connect ? w2_addr_connectable(ss) : w2_addr_bindable(ss)))
        return E_INVALID_ARGUMENT;
    return 0;
}

SOCK_FN(create_tcp)
{
    SOCK_ARGS("e");
    uint8_t fam = (uint8_t)a[0].of.var.disc;
    if (!(c->host->net & COMP_NET_TCP))
        return w2_sock_fail(c, r, E_ACCESS_DENIED);
    if (fam > 1)
        return w2_sock_fail(c, r, E_INVALID_ARGUMENT);
    int fd = socket(fam ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return w2_sock_fail(c, r, w2_sock_code(errno));
    int one = 1;
    /* IPv6 sockets speak IPv6 only (no IPv4-mapped traffic), as wasmtime. */
    if (fam)
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    w2_sock *s = w2_sock_new(fd, P_TCP, fam);
    if (!s) {
        close(fd);
        return w2_oom();
    }
    uint32_t rep = w2_sock_obj(c->host, O_TCP, s);
    w2_sock_unref(s);
    if (!rep)
        return w2_oom();
    comp_val v = w2_own(&c->host->r_tcp, rep);
    return w2_sock_ok(c, r, &v);
}

SOCK_FN(start_bind)
{
    SOCK_ARGS("bbv");
    SELF(s);
    struct sockaddr_storage ss;
    int code = take_addr(c, a, s, &ss, false);
    if (code < 0)
        return comp_trap("unknown network");
    if (code)
        return w2_sock_fail(c, r, code);
    if (s->state != ST_UNBOUND)
        return w2_sock_fail(c, r, E_INVALID_STATE);
    /* A given port may be bound again while old connections on it sit in
     * TIME_WAIT (set every time: an earlier failed bind may have set it). */
    int reuse = w2_addr_port(&ss) != 0;
    setsockopt(s->fd, SOL_SOCKET, SO_REUSEADDR, &reuse, sizeof reuse);
    if (bind(s->fd, (struct sockaddr *)&ss, w2_addr_len(&ss)) != 0)
        return w2_sock_fail(c, r, errno == ENOBUFS ? E_ADDRESS_IN_USE : w2_sock_code(errno));
    s->state = ST_BIND_STARTED;
    return w2_sock_ok(c, r, NULL);
}

/* finish-bind and finish-listen: from the started state to the next. */
static wf_trap *finish(comp_call *c, const comp_val *a, uint32_t n, comp_val *r, uint8_t from)
{
    SOCK_ARGS("b");
    SELF(s);
    if (s->state != from)
        return w2_sock_fail(c, r, E_NOT_IN_PROGRESS);
    s->state = from + 1;
    return w2_sock_ok(c, r, NULL);
}

SOCK_FN(finish_bind) { return finish(c, a, n, r, ST_BIND_STARTED); }

SOCK_FN(start_connect)
{
    SOCK_ARGS("bbv");
    SELF(s);
    struct sockaddr_storage ss;
    int code = take_addr(c, a, s, &ss, true);
    if (code < 0)
        return comp_trap("unknown network");
    if (code == E_ACCESS_DENIED)
        return w2_sock_fail(c, r, code);
    if (s->state != ST_UNBOUND && s->state != ST_BOUND)
        return w2_sock_fail(c, r, s->state == ST_CONNECTING ? E_CONCURRENCY_CONFLICT : E_INVALID_STATE);
    if (code)
        return w2_sock_fail(c, r, code);
    int k;
    do
        k = connect(s->fd, (struct sockaddr *)&ss, w2_addr_len(&ss));
    while (k != 0 && errno == EINTR);
    s->connect_done = k == 0 || errno != EINPROGRESS;
    s->err = k == 0 ? 0 : s->connect_done ? errno : 0;
    s->state = ST_CONNECTING;
    return w2_sock_ok(c, r, NULL);
}

/* Input and output streams on a connected socket, as a tuple after
 * `first` (the accepted socket) if given. */
static wf_trap *streams(comp_call *c, comp_val *r, w2_sock *s, const comp_val *first)
{
    comp_host *h = c->host;
    uint32_t n = first ? 3 : 2;
    comp_val *t = w2_vals(c, n);
    uint32_t in = w2_sock_obj(h, O_IN, s);
    uint32_t out = in ? w2_sock_obj(h, O_OUT, s) : 0;
    if (!t || !out)
        return w2_oom();
    if (first)
        t[0] = *first;
    t[n - 2] = w2_own(&h->r_input, in);
    t[n - 1] = w2_own(&h->r_output, out);
    comp_val v = { .kind = T_TUPLE };
    v.of.agg.v = t;
    v.of.agg.n = n;
    return w2_sock_ok(c, r, &v);
}

SOCK_FN(finish_connect)
{
    SOCK_ARGS("b");
    SELF(s);
    if (s->state != ST_CONNECTING)
        return w2_sock_fail(c, r, E_NOT_IN_PROGRESS);
    if (!s->connect_done) {
        struct pollfd pf = { .fd = s->fd, .events = POLLOUT };
        if (poll(&pf, 1, 0) == 0)
            return w2_sock_fail(c, r, E_WOULD_BLOCK);
        socklen_t len = sizeof s->err;
        if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &s->err, &len) != 0)
            s->err = errno;
        s->connect_done = true;
    }
    if (s->err) {
        /* A failed connect leaves the socket unusable. */
        s->state = ST_CLOSED;
        return w2_sock_fail(c, r, w2_sock_code(s->err));
    }
    s->state = ST_CONNECTED;
    return streams(c, r, s, NULL);
}

SOCK_FN(start_listen)
{
    SOCK_ARGS("b");
    SELF(s);
    if (s->state != ST_BOUND)
        return w2_sock_fail(c, r, E_INVALID_STATE);
    s->state = ST_LISTEN_STARTED;
    return w2_sock_ok(c, r, NULL);
}

SOCK_FN(finish_listen)
{
    SOCK_ARGS("b");
    SELF(s);
    if (s->state != ST_LISTEN_STARTED)
        return w2_sock_fail(c, r, E_NOT_IN_PROGRESS);
    if (listen(s->fd, (int)s->backlog) != 0) {
        s->state = ST_CLOSED;
        return w2_sock_fail(c, r, w2_sock_code(errno));
    }
    s->state = ST_LISTENING;
    return w2_sock_ok(c, r, NULL);
}

SOCK_FN(accept_)
{
    SOCK_ARGS("b");
    SELF(s);
    if (s->state != ST_LISTENING)
        return w2_sock_fail(c, r, E_INVALID_STATE);
    int fd;
    do
        fd = accept4(s->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    while (fd < 0 && errno == EINTR);
    if (fd < 0)
        return w2_sock_fail(c, r, w2_sock_code(errno));
    w2_sock *ns = w2_sock_new(fd, P_TCP, s->family);
    if (!ns) {
        close(fd);
        return w2_oom();
    }
    ns->state = ST_CONNECTED;
    uint32_t rep = w2_sock_obj(c->host, O_TCP, ns);
    comp_val sock = w2_own(&c->host->r_tcp, rep);
    wf_trap *t = rep ? streams(c, r, ns, &sock) : w2_oom();
    w2_sock_unref(ns);
    return t;
}

SOCK_FN(local_address)
{
    SOCK_ARGS("b");
    SELF(s);
    if (s->state != ST_BOUND && s->state != ST_CONNECTED && s->state != ST_LISTENING)
        return w2_sock_fail(c, r, E_INVALID_STATE);
    return w2_sock_name(c, r, s, false);
}

SOCK_FN(remote_address)
{
    SOCK_ARGS("b");
    SELF(s);
    if (s->state != ST_CONNECTED)
        return w2_sock_fail(c, r, E_INVALID_STATE);
    return w2_sock_name(c, r, s, true);
}

SOCK_FN(is_listening)
{
    SOCK_ARGS("b");
    SELF(s);
    r->kind = T_BOOL;
    r->of.b = s->state == ST_LISTENING;
    return NULL;
}

SOCK_FN(address_family)
{
    SOCK_ARGS("b");
    SELF(s);
    return w2_sock_family(c, r, s);
}

SOCK_FN(set_backlog)
{
    SOCK_ARGS("bw");
    SELF(s);
    if (a[1].of.u == 0)
        return w2_sock_fail(c, r, E_INVALID_ARGUMENT);
    if (s->state != ST_UNBOUND && s->state != ST_BOUND && s->state != ST_LISTENING)
        return w2_sock_fail(c, r, E_INVALID_STATE);
    uint32_t v = a[1].of.u > INT_MAX ? INT_MAX : (uint32_t)a[1].of.u;
    /* Linux takes a new backlog by listening again. */
    if (s->state == ST_LISTENING && listen(s->fd, (int)v) != 0)
        return w2_sock_fail(c, r, E_NOT_SUPPORTED);
    s->backlog = v;
    return w2_sock_ok(c, r, NULL);
}

SOCK_FN(keep_alive)
{
    SOCK_ARGS("b");
    OPT_SELF(s);
    return w2_sock_getopt(c, r, s, SOL_SOCKET, SO_KEEPALIVE, T_BOOL, 1);
}

SOCK_FN(set_keep_alive)
{
    SOCK_ARGS("bz");
    OPT_SELF(s);
    int v = a[1].of.b;
    if (setsockopt(s->fd, SOL_SOCKET, SO_KEEPALIVE, &v, sizeof v) != 0)
        return w2_sock_fail(c, r, w2_sock_code(errno));
    return w2_sock_ok(c, r, NULL);
}

/* Keep-alive times are whole seconds on Linux (at most 32767); WASI's are
 * nanoseconds, rounded up. */
SOCK_FN(keep_idle) { SOCK_ARGS("b"); OPT_SELF(s); return w2_sock_getopt(c, r, s, IPPROTO_TCP, TCP_KEEPIDLE, T_U64, NS); }
SOCK_FN(keep_intvl) { SOCK_ARGS("b"); OPT_SELF(s); return w2_sock_getopt(c, r, s, IPPROTO_TCP, TCP_KEEPINTVL, T_U64, NS); }
SOCK_FN(keep_cnt) { SOCK_ARGS("b"); OPT_SELF(s); return w2_sock_getopt(c, r, s, IPPROTO_TCP, TCP_KEEPCNT, T_U32, 1); }
SOCK_FN(set_keep_idle) { SOCK_ARGS("bw"); OPT_SELF(s); return w2_sock_setopt(c, r, s, IPPROTO_TCP, TCP_KEEPIDLE, a[1].of.u, NS, 32767); }
SOCK_FN(set_keep_intvl) { SOCK_ARGS("bw"); OPT_SELF(s); return w2_sock_setopt(c, r, s, IPPROTO_TCP, TCP_KEEPINTVL, a[1].of.u, NS, 32767); }
SOCK_FN(set_keep_cnt) { SOCK_ARGS("bi"); OPT_SELF(s); return w2_sock_setopt(c, r, s, IPPROTO_TCP, TCP_KEEPCNT, a[1].of.u, 1, 127); }
SOCK_FN(hop_limit) { SOCK_ARGS("b"); OPT_SELF(s); return w2_sock_hops(c, r, s, NULL); }
SOCK_FN(set_hop_limit) { SOCK_ARGS("bc"); OPT_SELF(s); return w2_sock_hops(c, r, s, &a[1]); }
SOCK_FN(rcvbuf) { SOCK_ARGS("b"); OPT_SELF(s); return w2_sock_getopt(c, r, s, SOL_SOCKET, SO_RCVBUF, T_U64, 1); }
SOCK_FN(sndbuf) { SOCK_ARGS("b"); OPT_SELF(s); return w2_sock_getopt(c, r, s, SOL_SOCKET, SO_SNDBUF, T_U64, 1); }
SOCK_FN(set_rcvbuf) { SOCK_ARGS("bw"); OPT_SELF(s); return w2_sock_setopt(c, r, s, SOL_SOCKET, SO_RCVBUF, a[1].of.u, 1, INT_MAX / 2); }
SOCK_FN(set_sndbuf) { SOCK_ARGS("bw"); OPT_SELF(s); return w2_sock_setopt(c, r, s, SOL_SOCKET, SO_SNDBUF, a[1].of.u, 1, INT_MAX / 2); }

/* Ready when a connect has ended or a connection waits to be accepted;
 * in every other state at once. */
SOCK_FN(subscribe)
{
    SOCK_ARGS("b");
    SELF(s);
    if (s->state == ST_CONNECTING && !s->connect_done)
        return w2_pollable(c, r, (w2_obj){ .fd = s->fd, .events = POLLOUT, .sock = s });
    if (s->state == ST_LISTENING)
        return w2_pollable(c, r, (w2_obj){ .fd = s->fd, .events = POLLIN, .sock = s });
    return w2_pollable(c, r, (w2_obj){ .fd = -1 });
}

SOCK_FN(shutdown_)
{
    SOCK_ARGS("be");
    SELF(s);
    static const int how[] = { SHUT_RD, SHUT_WR, SHUT_RDWR };
    if (a[1].of.var.disc > 2)
        return comp_trap("shutdown: bad shutdown-type");
    if (s->state != ST_CONNECTED)
        return w2_sock_fail(c, r, E_INVALID_STATE);
    if (shutdown(s->fd, how[a[1].of.var.disc]) != 0)
        return w2_sock_fail(c, r, w2_sock_code(errno));
    return w2_sock_ok(c, r, NULL);
}

#define M(name, fn) { "wasi:sockets/tcp", "[method]tcp-socket." name, fn }
const w2_def w2_tcp_defs[] = {
    { "wasi:sockets/tcp-create-socket", "create-tcp-socket", create_tcp },
    M("start-bind", start_bind),
    M("finish-bind", finish_bind),
    M("start-connect", start_connect),
    M("finish-connect", finish_connect),
    M("start-listen", start_listen),
    M("finish-listen", finish_listen),
    M("accept", accept_),
    M("local-address", local_address),
    M("remote-address", remote_address),
    M("is-listening", is_listening),
    M("address-family", address_family),
    M("set-listen-backlog-size", set_backlog),
    M("keep-alive-enabled", keep_alive),
    M("set-keep-alive-enabled", set_keep_alive),
    M("keep-alive-idle-time", keep_idle),
    M("set-keep-alive-idle-time", set_keep_idle),
    M("keep-alive-interval", keep_intvl),
    M("set-keep-alive-interval", set_keep_intvl),
    M("keep-alive-count", keep_cnt),
    M("set-keep-alive-count", set_keep_cnt),
    M("hop-limit", hop_limit),
    M("set-hop-limit", set_hop_limit),
    M("receive-buffer-size", rcvbuf),
    M("set-receive-buffer-size", set_rcvbuf),
    M("send-buffer-size", sndbuf),
    M("set-send-buffer-size", set_sndbuf),
    M("subscribe", subscribe),
    M("shutdown", shutdown_),
    { NULL, NULL, NULL },
};
#undef M

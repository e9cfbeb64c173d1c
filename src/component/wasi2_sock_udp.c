/* wasi2_sock_udp.c — wasi:sockets/udp and udp-create-socket on a
 * non-blocking POSIX datagram socket.
 *
 *   unbound --start-bind--> bind-started --finish-bind--> bound
 *   bound --stream(none | some(remote))--> (incoming, outgoing) streams
 *
 * stream(some(remote)) connects the socket (datagrams then go to and come
 * from remote only); stream(none) undoes that. Outgoing datagrams need
 * permits from check-send: sending more than were granted traps, as the
 * WIT says. */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include "wasi2_sock_int.h"

/* Datagrams one call hands over at most (check-send's permits, receive's
 * batch). */
#define MAX_BATCH 16
#define MAX_DGRAM 65536

static w2_sock *self(comp_call *c, const comp_val *a, uint8_t kind)
{
    w2_obj *o = w2_sock_self(c, &a[0], kind);
    return o ? o->sock : NULL;
}

#define SELF(s) w2_sock *s = self(c, a, O_UDP); if (!s) return comp_trap("unknown udp-socket")

SOCK_FN(create_udp)
{
    SOCK_ARGS("e");
    uint8_t fam = (uint8_t)a[0].of.var.disc;
    if (!(c->host->net & COMP_NET_UDP))
        return w2_sock_fail(c, r, E_ACCESS_DENIED);
    if (fam > 1)
        return w2_sock_fail(c, r, E_INVALID_ARGUMENT);
    int fd = socket(fam ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return w2_sock_fail(c, r, w2_sock_code(errno));
    int one = 1;
    if (fam)
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    w2_sock *s = w2_sock_new(fd, P_UDP, fam);
    if (!s) {
        close(fd);
        return w2_oom();
    }
    uint32_t rep = w2_sock_obj(c->host, O_UDP, s);
    w2_sock_unref(s);
    if (!rep)
        return w2_oom();
    comp_val v = w2_own(&c->host->r_udp, rep);
    return w2_sock_ok(c, r, &v);
}

SOCK_FN(start_bind)
{
    SOCK_ARGS("bbv");
    SELF(s);
    struct sockaddr_storage ss;
    if (!w2_obj_get(c->host, a[1].of.h.rep, O_NETWORK))
        return comp_trap("unknown network");
    if (!w2_net_allowed(c->host))
        return w2_sock_fail(c, r, E_ACCESS_DENIED);
    if (!w2_addr_in(&a[2], s->family, &ss) || !w2_addr_bindable(&ss))
        return w2_sock_fail(c, r, E_INVALID_ARGUMENT);
    if (s->state != ST_UNBOUND)
        return w2_sock_fail(c, r, E_INVALID_STATE);
    if (bind(s->fd, (struct sockaddr *)&ss, w2_addr_len(&ss)) != 0)
        return w2_sock_fail(c, r, errno == ENOBUFS ? E_ADDRESS_IN_USE : w2_sock_code(errno));
    s->state = ST_BIND_STARTED;
    return w2_sock_ok(c, r, NULL);
}

SOCK_FN(finish_bind)
{
    SOCK_ARGS("b");
    SELF(s);
    if (s->state != ST_BIND_STARTED)
        return w2_sock_fail(c, r, E_NOT_IN_PROGRESS);
    s->state = ST_BOUND;
    return w2_sock_ok(c, r, NULL);
}

/* Connect to the remote of stream(some(remote)), or forget the old one. */
static int set_peer(comp_call *c, w2_sock *s, const comp_val *opt)
{
    struct sockaddr_storage ss;
    if (s->has_peer) {
        struct sockaddr unspec = { .sa_family = AF_UNSPEC };
        if (connect(s->fd, &unspec, sizeof unspec) != 0 && errno != EAFNOSUPPORT)
            return w2_sock_code(errno);
        s->has_peer = false;
    }
    if (!opt->of.var.disc)
        return 0;
    if (!opt->of.var.payload || !w2_addr_in(opt->of.var.payload, s->family, &ss) ||
        !w2_addr_connectable(&ss))
        return E_INVALID_ARGUMENT;
    if (!w2_net_allowed(c->host))
        return E_ACCESS_DENIED;
    if (connect(s->fd, (struct sockaddr *)&ss, w2_addr_len(&ss)) != 0)
        return w2_sock_code(errno);
    s->has_peer = true;
    s->peer = ss;
    return 0;
}

SOCK_FN(stream_)
{
    SOCK_ARGS("bp");
    SELF(s);
    comp_host *h = c->host;
    if (s->state != ST_BOUND)
        return w2_sock_fail(c, r, E_INVALID_STATE);
    int code = set_peer(c, s, &a[1]);
    if (code)
        return w2_sock_fail(c, r, code);
    comp_val *t = w2_vals(c, 2);
    uint32_t in = w2_sock_obj(h, O_DGRAM_IN, s);
    uint32_t out = in ? w2_sock_obj(h, O_DGRAM_OUT, s) : 0;
    if (!t || !out)
        return w2_oom();
    t[0] = w2_own(&h->r_dgram_in, in);
    t[1] = w2_own(&h->r_dgram_out, out);
    comp_val v = { .kind = T_TUPLE };
    v.of.agg.v = t;
    v.of.agg.n = 2;
    return w2_sock_ok(c, r, &v);
}

SOCK_FN(local_address)
{
    SOCK_ARGS("b");
    SELF(s);
    if (s->state != ST_BOUND)
        return w2_sock_fail(c, r, E_INVALID_STATE);
    return w2_sock_name(c, r, s, false);
}

SOCK_FN(remote_address)
{
    SOCK_ARGS("b");
    SELF(s);
    if (!s->has_peer)
        return w2_sock_fail(c, r, E_INVALID_STATE);
    return w2_sock_name(c, r, s, true);
}

SOCK_FN(address_family) { SOCK_ARGS("b"); SELF(s); return w2_sock_family(c, r, s); }
SOCK_FN(hop_limit) { SOCK_ARGS("b"); SELF(s); return w2_sock_hops(c, r, s, NULL); }
SOCK_FN(set_hop_limit) { SOCK_ARGS("bc"); SELF(s); return w2_sock_hops(c, r, s, &a[1]); }
SOCK_FN(rcvbuf) { SOCK_ARGS("b"); SELF(s); return w2_sock_getopt(c, r, s, SOL_SOCKET, SO_RCVBUF, T_U64, 1); }
SOCK_FN(sndbuf) { SOCK_ARGS("b"); SELF(s); return w2_sock_getopt(c, r, s, SOL_SOCKET, SO_SNDBUF, T_U64, 1); }
SOCK_FN(set_rcvbuf) { SOCK_ARGS("bw"); SELF(s); return w2_sock_setopt(c, r, s, SOL_SOCKET, SO_RCVBUF, a[1].of.u, 1, INT_MAX / 2); }
SOCK_FN(set_sndbuf) { SOCK_ARGS("bw"); SELF(s); return w2_sock_setopt(c, r, s, SOL_SOCKET, SO_SNDBUF, a[1].of.u, 1, INT_MAX / 2); }

SOCK_FN(subscribe)
{
    SOCK_ARGS("b");
    SELF(s);
    return w2_pollable(c, r, (w2_obj){ .fd = -1 });
}

/* ---- incoming-datagram-stream ------------------------------------------ */

/* One datagram as incoming-datagram { data, remote-address }. */
static wf_trap *datagram(comp_call *c, comp_val *out, const uint8_t *buf, size_t len,
                         const struct sockaddr_storage *from)
{
    comp_val *f = w2_vals(c, 2);
    uint8_t *data = wf_arena_alloc(c->arena, len + 1);
    if (!f || !data)
        return w2_oom();
    memcpy(data, buf, len);
    f[0] = comp_bytes_val(data, (uint32_t)len);
    wf_trap *t = w2_addr_out(c, &f[1], from);
    out->kind = T_RECORD;
    out->of.agg.v = f;
    out->of.agg.n = 2;
    return t;
}

SOCK_FN(receive)
{
    SOCK_ARGS("bw");
    w2_sock *s = self(c, a, O_DGRAM_IN);
    if (!s)
        return comp_trap("unknown incoming-datagram-stream");
    uint32_t max = a[1].of.u > MAX_BATCH ? MAX_BATCH : (uint32_t)a[1].of.u, got = 0;
    comp_val *l = w2_vals(c, max);
    uint8_t *buf = wf_arena_alloc(c->arena, MAX_DGRAM);
    if (!l || !buf)
        return w2_oom();
    while (got < max) {
        struct sockaddr_storage from = {0};
        socklen_t fl = sizeof from;
        ssize_t k = recvfrom(s->fd, buf, MAX_DGRAM, MSG_DONTWAIT, (struct sockaddr *)&from, &fl);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0 && (errno == EAGAIN || got > 0))
            break;
        if (k < 0)
            return w2_sock_fail(c, r, w2_sock_code(errno));
        wf_trap *t = datagram(c, &l[got++], buf, (size_t)k, &from);
        if (t)
            return t;
    }
    comp_val v = { .kind = T_LIST };
    v.of.agg.v = l;
    v.of.agg.n = got;
    return w2_sock_ok(c, r, &v);
}

SOCK_FN(in_subscribe)
{
    SOCK_ARGS("b");
    w2_sock *s = self(c, a, O_DGRAM_IN);
    if (!s)
        return comp_trap("unknown incoming-datagram-stream");
    return w2_pollable(c, r, (w2_obj){ .fd = s->fd, .events = POLLIN, .sock = s });
}

/* ---- outgoing-datagram-stream ------------------------------------------
 * The object's `offset` holds the permits check-send granted. */

SOCK_FN(check_send)
{
    SOCK_ARGS("b");
    w2_obj *o = w2_sock_self(c, &a[0], O_DGRAM_OUT);
    if (!o)
        return comp_trap("unknown outgoing-datagram-stream");
    struct pollfd pf = { .fd = o->fd, .events = POLLOUT };
    o->offset = poll(&pf, 1, 0) > 0 ? MAX_BATCH : 0;
    comp_val v;
    w2_int(&v, T_U64, o->offset);
    return w2_sock_ok(c, r, &v);
}

static bool same_addr(const struct sockaddr_storage *x, const struct sockaddr_storage *y)
{
    if (x->ss_family != y->ss_family || w2_addr_port(x) != w2_addr_port(y))
        return false;
    if (x->ss_family == AF_INET)
        return ((const struct sockaddr_in *)x)->sin_addr.s_addr ==
               ((const struct sockaddr_in *)y)->sin_addr.s_addr;
    return !memcmp(&((const struct sockaddr_in6 *)x)->sin6_addr,
                   &((const struct sockaddr_in6 *)y)->sin6_addr, sizeof(struct in6_addr));
}

/* Send one outgoing-datagram; an error code, or 0. */
static int send_one(comp_call *c, w2_sock *s, const comp_val *d)
{
    const uint8_t *data;
    uint32_t len;
    struct sockaddr_storage ss;
    if (d->kind != T_RECORD || d->of.agg.n != 2)
        return -1;
    const comp_val *f = d->of.agg.v, *opt = &f[1];
    if (opt->kind != T_OPTION || !comp_list_bytes(&f[0], c->arena, &data, &len))
        return -1;
    if (opt->of.var.disc) {
        if (!opt->of.var.payload || !w2_addr_in(opt->of.var.payload, s->family, &ss) ||
            !w2_addr_connectable(&ss) || (s->has_peer && !same_addr(&ss, &s->peer)))
            return E_INVALID_ARGUMENT;
    } else if (!s->has_peer) {
        return E_INVALID_ARGUMENT;
    }
    if (!w2_net_allowed(c->host))
        return E_ACCESS_DENIED;
    const struct sockaddr *to = s->has_peer ? NULL : (const struct sockaddr *)&ss;
    ssize_t k;
    do
        k = sendto(s->fd, data, len, MSG_DONTWAIT | MSG_NOSIGNAL, to, to ? w2_addr_len(&ss) : 0);
    while (k < 0 && errno == EINTR);
    return k < 0 ? w2_sock_code(errno) : 0;
}

/* Datagrams go out in order until one fails: its error if it was the
 * first, else the count sent. */
SOCK_FN(send_)
{
    SOCK_ARGS("bl");
    w2_obj *o = w2_sock_self(c, &a[0], O_DGRAM_OUT);
    if (!o)
        return comp_trap("unknown outgoing-datagram-stream");
    uint32_t nd = a[1].of.agg.n, sent = 0;
    if (nd > o->offset)
        return comp_trap("outgoing-datagram-stream.send: more datagrams than check-send permitted");
    for (; sent < nd; sent++) {
        int code = send_one(c, o->sock, &a[1].of.agg.v[sent]);
        if (code < 0)
            return comp_trap("host function: unexpected argument types");
        if (code && sent == 0)
            return w2_sock_fail(c, r, code);
        if (code)
            break;
    }
    o->offset -= sent;
    comp_val v;
    w2_int(&v, T_U64, sent);
    return w2_sock_ok(c, r, &v);
}

SOCK_FN(out_subscribe)
{
    SOCK_ARGS("b");
    w2_sock *s = self(c, a, O_DGRAM_OUT);
    if (!s)
        return comp_trap("unknown outgoing-datagram-stream");
    return w2_pollable(c, r, (w2_obj){ .fd = s->fd, .events = POLLOUT, .sock = s });
}

#define M(name, fn) { "wasi:sockets/udp", "[method]udp-socket." name, fn }
const w2_def w2_udp_defs[] = {
    { "wasi:sockets/udp-create-socket", "create-udp-socket", create_udp },
    M("start-bind", start_bind),
    M("finish-bind", finish_bind),
    M("stream", stream_),
    M("local-address", local_address),
    M("remote-address", remote_address),
    M("address-family", address_family),
    M("unicast-hop-limit", hop_limit),
    M("set-unicast-hop-limit", set_hop_limit),
    M("receive-buffer-size", rcvbuf),
    M("set-receive-buffer-size", set_rcvbuf),
    M("send-buffer-size", sndbuf),
    M("set-send-buffer-size", set_sndbuf),
    M("subscribe", subscribe),
    { "wasi:sockets/udp", "[method]incoming-datagram-stream.receive", receive },
    { "wasi:sockets/udp", "[method]incoming-datagram-stream.subscribe", in_subscribe },
    { "wasi:sockets/udp", "[method]outgoing-datagram-stream.check-send", check_send },
    { "wasi:sockets/udp", "[method]outgoing-datagram-stream.send", send_ },
    { "wasi:sockets/udp", "[method]outgoing-datagram-stream.subscribe", out_subscribe },
    { NULL, NULL, NULL },
};
#undef M

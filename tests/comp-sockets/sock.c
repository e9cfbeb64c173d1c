/* sock.c — a wasi:sockets@0.2.0 test program. Built for wasm32-wasi, the
 * socket imports declared by hand in their canonical-ABI lowered form
 * (see sockets.wit), then made a wasi:cli/command component (build.sh).
 *
 *   sock all     TCP listen/connect/accept/echo, state and option errors,
 *                connection refused, UDP round trip, name lookups
 *   sock deny    with no network: binds, connects, sends are access-denied,
 *                lookups fail (permanent-resolver-failure)
 *   sock notcp   create-tcp-socket is access-denied (-S tcp=n)
 *   sock tcp6    the same over IPv6 loopback, in short
 *   sock unresolvable   a lookup of nonexistent.invalid
 *   sock unpermitted    a UDP send without check-send's permits (traps)
 *   sock overwrite      a TCP write past check-write's permit (traps)
 *
 * It prints one line per check; the expected output is beside it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IMP(m, n) __attribute__((import_module(m), import_name(n)))
#define NET "wasi:sockets/network@0.2.0"
#define TCP "wasi:sockets/tcp@0.2.0"
#define UDP "wasi:sockets/udp@0.2.0"
#define LOOKUP "wasi:sockets/ip-name-lookup@0.2.0"
#define POLL "wasi:io/poll@0.2.0"
#define STREAMS "wasi:io/streams@0.2.0"
typedef int32_t i32;
typedef int64_t i64;
/* An ip-socket-address, flattened: case, then 11 joined i32s. */
#define AP i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32
#define AA(x) (x).v[0], (x).v[1], (x).v[2], (x).v[3], (x).v[4], (x).v[5], (x).v[6], (x).v[7], \
              (x).v[8], (x).v[9], (x).v[10], (x).v[11]
typedef struct { i32 v[12]; } addr;

IMP("wasi:sockets/instance-network@0.2.0", "instance-network") i32 instance_network(void);
IMP("wasi:io/error@0.2.0", "[method]error.to-debug-string") void error_string(i32, void *);
IMP("wasi:sockets/tcp-create-socket@0.2.0", "create-tcp-socket") void create_tcp(i32, void *);
IMP(TCP, "[method]tcp-socket.start-bind") void tcp_start_bind(i32, i32, AP, void *);
IMP(TCP, "[method]tcp-socket.finish-bind") void tcp_finish_bind(i32, void *);
IMP(TCP, "[method]tcp-socket.start-connect") void tcp_start_connect(i32, i32, AP, void *);
IMP(TCP, "[method]tcp-socket.finish-connect") void tcp_finish_connect(i32, void *);
IMP(TCP, "[method]tcp-socket.start-listen") void tcp_start_listen(i32, void *);
IMP(TCP, "[method]tcp-socket.finish-listen") void tcp_finish_listen(i32, void *);
IMP(TCP, "[method]tcp-socket.accept") void tcp_accept(i32, void *);
IMP(TCP, "[method]tcp-socket.local-address") void tcp_local(i32, void *);
IMP(TCP, "[method]tcp-socket.remote-address") void tcp_remote(i32, void *);
IMP(TCP, "[method]tcp-socket.is-listening") i32 tcp_is_listening(i32);
IMP(TCP, "[method]tcp-socket.address-family") i32 tcp_family(i32);
IMP(TCP, "[method]tcp-socket.set-listen-backlog-size") void tcp_set_backlog(i32, i64, void *);
IMP(TCP, "[method]tcp-socket.keep-alive-enabled") void tcp_keep_alive(i32, void *);
IMP(TCP, "[method]tcp-socket.set-keep-alive-enabled") void tcp_set_keep_alive(i32, i32, void *);
IMP(TCP, "[method]tcp-socket.keep-alive-idle-time") void tcp_keep_idle(i32, void *);
IMP(TCP, "[method]tcp-socket.set-keep-alive-idle-time") void tcp_set_keep_idle(i32, i64, void *);
IMP(TCP, "[method]tcp-socket.hop-limit") void tcp_hop_limit(i32, void *);
IMP(TCP, "[method]tcp-socket.set-hop-limit") void tcp_set_hop_limit(i32, i32, void *);
IMP(TCP, "[method]tcp-socket.receive-buffer-size") void tcp_rcvbuf(i32, void *);
IMP(TCP, "[method]tcp-socket.set-receive-buffer-size") void tcp_set_rcvbuf(i32, i64, void *);
IMP(TCP, "[method]tcp-socket.subscribe") i32 tcp_subscribe(i32);
IMP(TCP, "[method]tcp-socket.shutdown") void tcp_shutdown(i32, i32, void *);
IMP(TCP, "[resource-drop]tcp-socket") void tcp_drop(i32);
IMP("wasi:sockets/udp-create-socket@0.2.0", "create-udp-socket") void create_udp(i32, void *);
IMP(UDP, "[method]udp-socket.start-bind") void udp_start_bind(i32, i32, AP, void *);
IMP(UDP, "[method]udp-socket.finish-bind") void udp_finish_bind(i32, void *);
IMP(UDP, "[method]udp-socket.stream") void udp_stream(i32, i32, AP, void *);
IMP(UDP, "[method]udp-socket.local-address") void udp_local(i32, void *);
IMP(UDP, "[method]udp-socket.remote-address") void udp_remote(i32, void *);
IMP(UDP, "[method]incoming-datagram-stream.receive") void udp_receive(i32, i64, void *);
IMP(UDP, "[method]incoming-datagram-stream.subscribe") i32 udp_in_subscribe(i32);
IMP(UDP, "[method]outgoing-datagram-stream.check-send") void udp_check_send(i32, void *);
IMP(UDP, "[method]outgoing-datagram-stream.send") void udp_send(i32, void *, i32, void *);
IMP(LOOKUP, "resolve-addresses") void resolve(i32, const char *, i32, void *);
IMP(LOOKUP, "[method]resolve-address-stream.resolve-next-address") void resolve_next(i32, void *);
IMP(LOOKUP, "[method]resolve-address-stream.subscribe") i32 resolve_subscribe(i32);
IMP(POLL, "[method]pollable.block") void pollable_block(i32);
IMP(POLL, "[resource-drop]pollable") void pollable_drop(i32);
IMP(POLL, "poll") void poll_list(const i32 *, i32, void *);
IMP(STREAMS, "[method]output-stream.check-write") void out_check_write(i32, void *);
IMP(STREAMS, "[method]output-stream.write") void out_write_nb(i32, const void *, i32, void *);
IMP(STREAMS, "[method]output-stream.subscribe") i32 out_subscribe(i32);
IMP(STREAMS, "[method]input-stream.read") void in_read(i32, i64, void *);
IMP(STREAMS, "[method]input-stream.subscribe") i32 in_subscribe(i32);
IMP(STREAMS, "[method]input-stream.blocking-skip") void in_skip(i32, i64, void *);
IMP("wasi:clocks/monotonic-clock@0.2.0", "subscribe-duration") i32 subscribe_duration(i64);
IMP(STREAMS, "[method]output-stream.blocking-write-and-flush") void out_write(i32, const void *, i32, void *);
IMP(STREAMS, "[resource-drop]output-stream") void out_drop(i32);
IMP(STREAMS, "[resource-drop]input-stream") void in_drop(i32);

/* Lists the host returns are allocated here. */
__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size)
{
    (void)old_size; (void)align;
    return realloc(old, new_size ? new_size : 1);
}

static const char *const codes[] = {
    "unknown", "access-denied", "not-supported", "invalid-argument", "out-of-memory",
    "timeout", "concurrency-conflict", "not-in-progress", "would-block", "invalid-state",
    "new-socket-limit", "address-not-bindable", "address-in-use", "remote-unreachable",
    "connection-refused", "connection-reset", "connection-aborted", "datagram-too-large",
    "name-unresolvable", "temporary-resolver-failure", "permanent-resolver-failure",
};

/* A result in memory: the case byte, the payload at offset off. */
static _Alignas(8) uint8_t ret[64];
static int failed;

/* "ok" or the error code of a result<_, error-code> whose error payload
 * sits at off (1 after a case byte when ok is empty or a byte, 4 or 8
 * otherwise). */
static const char *res(int off)
{
    if (!ret[0])
        return "ok";
    return ret[off] < 21 ? codes[ret[off]] : "?";
}

static void expect(const char *what, const char *got, const char *want)
{
    int ok = !strcmp(got, want);
    failed += !ok;
    printf("%s: %s%s%s\n", what, got, ok ? "" : " (expected ", ok ? "" : want);
    if (!ok)
        puts(")");
}

static i32 u32at(int off) { i32 v; memcpy(&v, ret + off, 4); return v; }
static uint16_t u16at(int off) { uint16_t v; memcpy(&v, ret + off, 2); return v; }
static uint64_t u64at(int off) { uint64_t v; memcpy(&v, ret + off, 8); return v; }

static addr v4(int a, int b, int c, int d, int port)
{
    addr x = { { 0, port, a, b, c, d } };
    return x;
}

static addr v6_loopback(int port)
{
    addr x = { { 1, port, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0 } };
    return x;
}

/* The port of an ip-socket-address result at ret+4. */
static int port_of_result(void) { return u16at(8); }

static void block_on(i32 pollable)
{
    pollable_block(pollable);
    pollable_drop(pollable);
}

/* A bound (and listening, if listen) TCP socket on 127.0.0.1:port. */
static i32 tcp_bound(i32 net, int port, int listen, int *got_port)
{
    create_tcp(0, ret);
    i32 s = u32at(4);
    tcp_start_bind(s, net, AA(v4(127, 0, 0, 1, port)), ret);
    if (ret[0])
        return -1;
    tcp_finish_bind(s, ret);
    if (listen) {
        tcp_start_listen(s, ret);
        tcp_finish_listen(s, ret);
    }
    tcp_local(s, ret);
    *got_port = port_of_result();
    return s;
}

/* Read exactly n bytes from an input stream, polling. */
static void read_all(i32 in, char *buf, int n)
{
    int got = 0;
    while (got < n) {
        in_read(in, n - got, ret);
        if (ret[0]) {
            printf("read: stream error %d\n", ret[4]);
            failed++;
            return;
        }
        i32 len = u32at(8);
        void *p = (void *)(uintptr_t)u32at(4);
        memcpy(buf + got, p, (size_t)len);
        free(p);
        got += len;
        if (len == 0)
            block_on(in_subscribe(in));
    }
    buf[n] = 0;
}

static void write_str(i32 out, const char *s)
{
    out_write(out, s, (i32)strlen(s), ret);
    expect("write", ret[0] ? "error" : "ok", "ok");
}

static void tcp_states(i32 net)
{
    create_tcp(0, ret);
    expect("create-tcp-socket", res(4), "ok");
    i32 s = u32at(4);
    expect("address-family", tcp_family(s) == 0 ? "ipv4" : "ipv6", "ipv4");
    tcp_finish_bind(s, ret);
    expect("finish-bind before start", res(1), "not-in-progress");
    tcp_start_listen(s, ret);
    expect("start-listen unbound", res(1), "invalid-state");
    tcp_accept(s, ret);
    expect("accept unbound", res(4), "invalid-state");
    tcp_local(s, ret);
    expect("local-address unbound", res(4), "invalid-state");
    tcp_shutdown(s, 2, ret);
    expect("shutdown unconnected", res(1), "invalid-state");
    tcp_start_bind(s, net, AA(v6_loopback(0)), ret);
    expect("start-bind ipv6 on ipv4", res(1), "invalid-argument");
    tcp_start_bind(s, net, AA(v4(224, 0, 0, 1, 0)), ret);
    expect("start-bind multicast", res(1), "invalid-argument");
    tcp_start_connect(s, net, AA(v4(127, 0, 0, 1, 0)), ret);
    expect("start-connect port 0", res(1), "invalid-argument");
    tcp_finish_connect(s, ret);
    expect("finish-connect before start", res(4), "not-in-progress");
    tcp_set_backlog(s, 0, ret);
    expect("set-listen-backlog-size 0", res(1), "invalid-argument");
    tcp_set_keep_alive(s, 1, ret);
    expect("set-keep-alive-enabled", res(1), "ok");
    tcp_keep_alive(s, ret);
    expect("keep-alive-enabled", ret[0] ? "error" : ret[1] ? "true" : "false", "true");
    tcp_set_keep_idle(s, 0, ret);
    expect("set-keep-alive-idle-time 0", res(1), "invalid-argument");
    tcp_set_keep_idle(s, 2500000000ll, ret);
    tcp_keep_idle(s, ret);
    expect("keep-alive-idle-time 2.5s rounds up",
           !ret[0] && u64at(8) == 3000000000ull ? "3s" : "other", "3s");
    tcp_set_hop_limit(s, 0, ret);
    expect("set-hop-limit 0", res(1), "invalid-argument");
    tcp_set_hop_limit(s, 42, ret);
    tcp_hop_limit(s, ret);
    expect("hop-limit", !ret[0] && ret[1] == 42 ? "42" : "other", "42");
    tcp_set_rcvbuf(s, 0, ret);
    expect("set-receive-buffer-size 0", res(1), "invalid-argument");
    tcp_set_rcvbuf(s, 65536, ret);
    tcp_rcvbuf(s, ret);
    expect("receive-buffer-size", !ret[0] && u64at(8) >= 65536 ? "set" : "other", "set");
    tcp_start_bind(s, net, AA(v4(127, 0, 0, 1, 0)), ret);
    expect("start-bind", res(1), "ok");
    tcp_start_bind(s, net, AA(v4(127, 0, 0, 1, 0)), ret);
    expect("start-bind again", res(1), "invalid-state");
    tcp_finish_bind(s, ret);
    expect("finish-bind", res(1), "ok");
    tcp_drop(s);
}

/* 1 MiB from out to in, one component doing both ends: write what
 * check-write allows, read what is there, poll both when neither moves.
 * A write that blocked until the peer read would hang here. */
static void bulk(i32 out, i32 in)
{
    enum { TOTAL = 1 << 20 };
    static uint8_t chunk[65536];
    uint32_t sent = 0, got = 0, sum_out = 0, sum_in = 0;
    i32 rounds = 0;
    while (got < TOTAL && rounds++ < 100000) {
        int moved = 0;
        if (sent < TOTAL) {
            out_check_write(out, ret);
            uint64_t budget = ret[0] ? 0 : u64at(8);
            uint32_t k = TOTAL - sent;
            if (k > budget)
                k = (uint32_t)budget;
            if (k > sizeof chunk)
                k = sizeof chunk;
            for (uint32_t i = 0; i < k; i++) {
                chunk[i] = (uint8_t)((sent + i) * 7 + 3);
                sum_out += chunk[i];
            }
            if (k) {
                out_write_nb(out, chunk, (i32)k, ret);
                if (ret[0])
                    break;
                sent += k;
                moved = 1;
            }
        }
        in_read(in, 65536, ret);
        if (ret[0])
            break;
        uint8_t *p = (uint8_t *)(uintptr_t)u32at(4);
        i32 len = u32at(8);
        for (i32 i = 0; i < len; i++)
            sum_in += p[i];
        free(p);
        got += (uint32_t)len;
        moved |= len > 0;
        if (!moved) {
            i32 ps[2] = { out_subscribe(out), in_subscribe(in) };
            poll_list(ps, 2, ret);
            free((void *)(uintptr_t)u32at(0));
            pollable_drop(ps[0]);
            pollable_drop(ps[1]);
        }
    }
    expect("1 MiB through, interleaved", got == TOTAL && sum_in == sum_out ? "intact" : "broken", "intact");
}

static void tcp_echo(i32 net)
{
    int port, port2, cport;
    i32 l = tcp_bound(net, 0, 1, &port);
    expect("listen on 127.0.0.1:0", l >= 0 && port > 0 ? "ok" : "failed", "ok");
    expect("is-listening", tcp_is_listening(l) ? "true" : "false", "true");
    tcp_remote(l, ret);
    expect("remote-address of listener", res(4), "invalid-state");
    tcp_accept(l, ret);
    expect("accept with none waiting", res(4), "would-block");
    i32 dup = tcp_bound(net, port, 0, &port2);
    expect("bind the same port", dup < 0 ? res(1) : "ok", "address-in-use");

    create_tcp(0, ret);
    i32 cl = u32at(4);
    tcp_start_connect(cl, net, AA(v4(127, 0, 0, 1, port)), ret);
    expect("start-connect", res(1), "ok");
    tcp_start_connect(cl, net, AA(v4(127, 0, 0, 1, port)), ret);
    expect("start-connect again", res(1), "concurrency-conflict");
    block_on(tcp_subscribe(cl));
    tcp_finish_connect(cl, ret);
    expect("finish-connect", res(4), "ok");
    i32 cin = u32at(4), cout = u32at(8);
    tcp_local(cl, ret);
    cport = port_of_result();
    tcp_remote(cl, ret);
    expect("remote-address is the listener", port_of_result() == port ? "yes" : "no", "yes");

    block_on(tcp_subscribe(l));
    tcp_accept(l, ret);
    expect("accept", res(4), "ok");
    i32 sv = u32at(4), sin = u32at(8), sout = u32at(12);
    tcp_remote(sv, ret);
    expect("accepted peer is the client", port_of_result() == cport ? "yes" : "no", "yes");

    char buf[16];
    write_str(cout, "ping");
    read_all(sin, buf, 4);
    expect("server got", buf, "ping");
    write_str(sout, "pong!");
    read_all(cin, buf, 5);
    expect("client got", buf, "pong!");

    bulk(cout, sin);

    /* Skipping on a socket stream reads and drops. */
    write_str(cout, "0123456789");
    in_skip(sin, 4, ret);
    expect("blocking-skip 4", !ret[0] && u64at(8) == 4 ? "4" : "other", "4");
    read_all(sin, buf, 6);
    expect("then read", buf, "456789");

    /* poll over 64 pollables (canon.c's limit of borrows in one call):
     * 63 far timers, then the socket. */
    write_str(sout, "!");
    i32 ps[64];
    for (int i = 0; i < 63; i++)
        ps[i] = subscribe_duration(3600000000000ll);
    ps[63] = in_subscribe(cin);
    poll_list(ps, 64, ret);
    i32 *ready = (i32 *)(uintptr_t)u32at(0);
    expect("poll of 64 finds the 64th", u32at(4) == 1 && ready[0] == 63 ? "yes" : "no", "yes");
    free(ready);
    for (int i = 0; i < 64; i++)
        pollable_drop(ps[i]);
    read_all(cin, buf, 1);

    /* The client's end of sending: the server reads the end of stream. */
    out_drop(cout);
    block_on(in_subscribe(sin));
    in_read(sin, 16, ret);
    expect("server reads after client's output dropped",
           ret[0] && ret[4] == 1 ? "closed" : "data", "closed");
    tcp_shutdown(sv, 2, ret);
    expect("shutdown", res(1), "ok");
    in_drop(cin);
    in_drop(sin);
    out_drop(sout);
    tcp_drop(cl);
    tcp_drop(sv);
    tcp_drop(l);
}

/* The server closes with input left unread: the client's read fails with
 * last-operation-failed, an error that tells of the reset. */
static void tcp_reset(i32 net)
{
    int port;
    i32 l = tcp_bound(net, 0, 1, &port);
    create_tcp(0, ret);
    i32 cl = u32at(4);
    tcp_start_connect(cl, net, AA(v4(127, 0, 0, 1, port)), ret);
    block_on(tcp_subscribe(cl));
    tcp_finish_connect(cl, ret);
    i32 cin = u32at(4), cout = u32at(8);
    block_on(tcp_subscribe(l));
    tcp_accept(l, ret);
    i32 sv = u32at(4), sin = u32at(8), sout = u32at(12);
    write_str(cout, "unread");
    block_on(in_subscribe(sin));
    in_drop(sin);
    tcp_drop(sv);
    out_drop(sout);   /* the last user: the close resets */
    block_on(in_subscribe(cin));
    in_read(cin, 16, ret);
    const char *got = "no error";
    if (ret[0] && ret[4] == 0) {
        static char msg[128];
        error_string(u32at(8), ret);
        i32 len = u32at(4) < 127 ? u32at(4) : 127;
        memcpy(msg, (void *)(uintptr_t)u32at(0), (size_t)len);
        msg[len] = 0;
        got = strstr(msg, "reset") ? "connection reset" : msg;
    } else if (ret[0]) {
        got = "closed";
    }
    expect("read after the peer reset", got, "connection reset");
}

static void tcp_refused(i32 net)
{
    int port;
    /* A port bound but not listening: connecting is refused. */
    i32 b = tcp_bound(net, 0, 0, &port);
    create_tcp(0, ret);
    i32 cl = u32at(4);
    tcp_start_connect(cl, net, AA(v4(127, 0, 0, 1, port)), ret);
    expect("start-connect to a closed port", res(1), "ok");
    block_on(tcp_subscribe(cl));
    tcp_finish_connect(cl, ret);
    expect("finish-connect", res(4), "connection-refused");
    tcp_start_connect(cl, net, AA(v4(127, 0, 0, 1, port)), ret);
    expect("start-connect after a failure", res(1), "invalid-state");
    tcp_drop(cl);
    tcp_drop(b);
}

/* An outgoing-datagram list of one, to `to` (or none). */
static struct { uint8_t b[44]; } dgram;
static void *one_dgram(const char *data, const addr *to)
{
    memset(&dgram, 0, sizeof dgram);
    i32 p = (i32)(uintptr_t)data, n = (i32)strlen(data);
    memcpy(dgram.b, &p, 4);
    memcpy(dgram.b + 4, &n, 4);
    if (to) {
        dgram.b[8] = 1;
        dgram.b[12] = (uint8_t)to->v[0];
        uint16_t port = (uint16_t)to->v[1];
        memcpy(dgram.b + 16, &port, 2);
        for (int i = 0; i < 4; i++)
            dgram.b[18 + i] = (uint8_t)to->v[2 + i];
    }
    return &dgram;
}

static i32 udp_bound(i32 net, int *port)
{
    create_udp(0, ret);
    i32 s = u32at(4);
    udp_start_bind(s, net, AA(v4(127, 0, 0, 1, 0)), ret);
    udp_finish_bind(s, ret);
    udp_local(s, ret);
    *port = port_of_result();
    return s;
}

/* Receive one datagram on `in` and check its data. */
static void udp_expect(i32 in, const char *what, const char *want, int from_port)
{
    block_on(udp_in_subscribe(in));
    udp_receive(in, 10, ret);
    char buf[64] = "";
    int from = -1;
    if (!ret[0] && u32at(8) == 1) {
        uint8_t *d = (uint8_t *)(uintptr_t)u32at(4);
        i32 p, n;
        memcpy(&p, d, 4);
        memcpy(&n, d + 4, 4);
        if (n < 64)
            memcpy(buf, (void *)(uintptr_t)p, (size_t)n);
        uint16_t fp;
        memcpy(&fp, d + 12, 2);
        from = fp;
    }
    expect(what, buf, want);
    expect("  from the sender's port", from == from_port ? "yes" : "no", "yes");
}

static void udp_round_trip(i32 net)
{
    int pa, pb;
    create_udp(0, ret);
    i32 u = u32at(4);
    udp_stream(u, 0, AA(v4(0, 0, 0, 0, 0)), ret);
    expect("udp stream unbound", res(4), "invalid-state");
    i32 a = udp_bound(net, &pa), b = udp_bound(net, &pb);
    udp_stream(a, 0, AA(v4(0, 0, 0, 0, 0)), ret);
    expect("udp stream(none)", res(4), "ok");
    i32 ain = u32at(4), aout = u32at(8);
    addr to_a = v4(127, 0, 0, 1, pa), to_b = v4(127, 0, 0, 1, pb);
    udp_stream(b, 1, AA(to_a), ret);
    expect("udp stream(some(a))", res(4), "ok");
    i32 bin = u32at(4), bout = u32at(8);
    udp_remote(b, ret);
    expect("udp remote-address", port_of_result() == pa ? "a" : "other", "a");
    udp_remote(a, ret);
    expect("udp remote-address unconnected", res(4), "invalid-state");

    udp_check_send(bout, ret);
    expect("check-send", !ret[0] && u64at(8) > 0 ? "permits" : "none", "permits");
    udp_send(bout, one_dgram("hello", NULL), 1, ret);
    expect("send to the connected peer", !ret[0] && u64at(8) == 1 ? "1" : res(8), "1");
    udp_expect(ain, "a received", "hello", pb);

    udp_check_send(aout, ret);
    udp_send(aout, one_dgram("oops", NULL), 1, ret);
    expect("send with no address, unconnected", res(8), "invalid-argument");
    udp_send(aout, one_dgram("world", &to_b), 1, ret);
    expect("send to b", !ret[0] && u64at(8) == 1 ? "1" : res(8), "1");
    udp_expect(bin, "b received", "world", pa);
    udp_receive(bin, 0, ret);
    expect("receive(0)", !ret[0] && u32at(8) == 0 ? "empty" : "other", "empty");

    /* Two datagrams queued come back in one receive, in order. */
    udp_check_send(aout, ret);
    udp_send(aout, one_dgram("one", &to_b), 1, ret);
    udp_send(aout, one_dgram("two", &to_b), 1, ret);
    block_on(udp_in_subscribe(bin));
    udp_receive(bin, 10, ret);
    int n2 = !ret[0] ? u32at(8) : -1;
    if (n2 == 1) {   /* the second may trail the first by a moment */
        block_on(udp_in_subscribe(bin));
        udp_receive(bin, 10, ret);
        n2 += !ret[0] ? u32at(8) : 0;
    }
    expect("two datagrams received", n2 == 2 ? "2" : "other", "2");

    /* Larger than any UDP datagram. */
    static char huge[70001];
    memset(huge, 'x', sizeof huge - 1);
    udp_check_send(aout, ret);
    udp_send(aout, one_dgram(huge, &to_b), 1, ret);
    expect("send 70000 bytes", res(8), "datagram-too-large");
}

static void lookup(i32 net, const char *name, const char *want)
{
    resolve(net, name, (i32)strlen(name), ret);
    if (ret[0]) {
        expect(name, res(4), want);
        return;
    }
    i32 st = u32at(4);
    char got[64] = "no-127.0.0.1";
    for (int i = 0; i < 16; i++) {
        resolve_next(st, ret);
        if (ret[0] && ret[2] == 8) {   /* would-block: wait, try again */
            block_on(resolve_subscribe(st));
            i--;
            continue;
        }
        if (ret[0]) {
            snprintf(got, sizeof got, "%s", res(2));
            break;
        }
        if (!ret[2])
            break;
        if (ret[4] == 0 && ret[6] == 127 && ret[7] == 0 && ret[8] == 0 && ret[9] == 1)
            strcpy(got, "127.0.0.1");
        if (ret[4] == 1 && u16at(20) == 1 && u16at(6) == 0)
            strcpy(got, "::1");
    }
    expect(name, got, want);
}

/* Listen on [::1]:0, connect, send a line across. */
static void tcp6(i32 net)
{
    create_tcp(1, ret);
    i32 l = u32at(4);
    expect("ipv6 address-family", tcp_family(l) == 1 ? "ipv6" : "ipv4", "ipv6");
    tcp_start_bind(l, net, AA(v4(127, 0, 0, 1, 0)), ret);
    expect("ipv6 start-bind ipv4 address", res(1), "invalid-argument");
    tcp_start_bind(l, net, AA(v6_loopback(0)), ret);
    expect("ipv6 start-bind [::1]:0", res(1), "ok");
    tcp_finish_bind(l, ret);
    tcp_start_listen(l, ret);
    tcp_finish_listen(l, ret);
    tcp_local(l, ret);
    int port = port_of_result();
    expect("ipv6 local-address", ret[4] == 1 && port > 0 ? "ipv6" : "other", "ipv6");
    create_tcp(1, ret);
    i32 cl = u32at(4);
    tcp_start_connect(cl, net, AA(v6_loopback(port)), ret);
    block_on(tcp_subscribe(cl));
    tcp_finish_connect(cl, ret);
    expect("ipv6 finish-connect", res(4), "ok");
    i32 cout = u32at(8);
    block_on(tcp_subscribe(l));
    tcp_accept(l, ret);
    expect("ipv6 accept", res(4), "ok");
    i32 sin = u32at(8);
    char buf[8];
    write_str(cout, "six");
    read_all(sin, buf, 3);
    expect("ipv6 server got", buf, "six");
}

/* A write without check-write's permit traps. */
static void overwrite(i32 net)
{
    int port;
    i32 l = tcp_bound(net, 0, 1, &port);
    (void)l;
    create_tcp(0, ret);
    i32 cl = u32at(4);
    tcp_start_connect(cl, net, AA(v4(127, 0, 0, 1, port)), ret);
    block_on(tcp_subscribe(cl));
    tcp_finish_connect(cl, ret);
    i32 cout = u32at(8);
    out_check_write(cout, ret);
    uint64_t permit = u64at(8);
    static uint8_t big[65536 + 1];
    out_write_nb(cout, big, 16, ret);
    puts(ret[0] ? "write within the permit: error" : "write within the permit: ok");
    puts("writing past it");
    fflush(stdout);
    out_write_nb(cout, big, (i32)(permit - 16 + 1), ret);
    puts("not trapped");
}

/* Sending without permits from check-send traps. */
static void unpermitted(i32 net)
{
    int pa;
    i32 a = udp_bound(net, &pa);
    udp_stream(a, 0, AA(v4(0, 0, 0, 0, 0)), ret);
    i32 aout = u32at(8);
    addr to = v4(127, 0, 0, 1, pa);
    puts("sending without check-send");
    fflush(stdout);
    udp_send(aout, one_dgram("x", &to), 1, ret);
    puts("not trapped");
}

static void tcp_denied(i32 net)
{
    create_tcp(0, ret);
    i32 s = u32at(4);
    tcp_start_bind(s, net, AA(v4(127, 0, 0, 1, 0)), ret);
    expect("tcp start-bind", res(1), "access-denied");
    tcp_start_connect(s, net, AA(v4(127, 0, 0, 1, 80)), ret);
    expect("tcp start-connect", res(1), "access-denied");
    create_udp(0, ret);
    i32 u = u32at(4);
    udp_start_bind(u, net, AA(v4(127, 0, 0, 1, 0)), ret);
    expect("udp start-bind", res(1), "access-denied");
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "all";
    i32 net = instance_network();
    if (!strcmp(mode, "all")) {
        tcp_states(net);
        tcp_echo(net);
        tcp_refused(net);
        tcp_reset(net);
        udp_round_trip(net);
        lookup(net, "localhost", "127.0.0.1");
        lookup(net, "127.0.0.1", "127.0.0.1");
        lookup(net, "[::1]", "::1");
        lookup(net, "invalid name!", "invalid-argument");
        lookup(net, "", "invalid-argument");
        resolve(net, "127.0.0.1\0x", 11, ret);
        expect("a name with a NUL inside", res(4), "invalid-argument");
    } else if (!strcmp(mode, "unresolvable")) {
        /* Without DNS the resolver may say either. */
        resolve(net, "nonexistent.invalid", 19, ret);
        i32 st = u32at(4);
        resolve_next(st, ret);
        const char *got = ret[0] ? res(2) : "resolved";
        printf("nonexistent.invalid: %s\n",
               !strcmp(got, "temporary-resolver-failure") ? "name-unresolvable" : got);
    } else if (!strcmp(mode, "deny")) {
        tcp_denied(net);
        lookup(net, "localhost", "permanent-resolver-failure");
        lookup(net, "invalid name!", "invalid-argument");
    } else if (!strcmp(mode, "tcp6")) {
        tcp6(net);
    } else if (!strcmp(mode, "unpermitted")) {
        unpermitted(net);
    } else if (!strcmp(mode, "overwrite")) {
        overwrite(net);
    } else if (!strcmp(mode, "notcp")) {
        create_tcp(0, ret);
        expect("create-tcp-socket", res(4), "access-denied");
        create_udp(0, ret);
        expect("create-udp-socket", res(4), "ok");
    }
    printf("%s\n", failed ? "FAILED" : "done");
    return failed != 0;
}

/* wasi2_sock.c — wasi:sockets for the WASI 0.2 host, on POSIX sockets
 * kept non-blocking: what TCP and UDP share (the socket object, addresses,
 * error codes, options, the network policy), wasi:sockets/network,
 * instance-network and ip-name-lookup. The TCP and UDP state machines are
 * in wasi2_sock_tcp.c and wasi2_sock_udp.c.
 *
 * A socket is one w2_sock, counted: the tcp-socket or udp-socket object,
 * the streams made from it and their pollables each hold a reference, so
 * its fd stays open (and is never reused under a pollable) until the last
 * of them is dropped. */
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include "wasi2_sock_int.h"

/* ---- the socket object ------------------------------------------------- */

w2_sock *w2_sock_new(int fd, uint8_t proto, uint8_t family)
{
    w2_sock *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->refs = 1;
    s->fd = fd;
    s->proto = proto;
    s->family = family;
    s->backlog = 128;
    return s;
}

w2_sock *w2_sock_ref(w2_sock *s)
{
    s->refs++;
    return s;
}

void w2_sock_unref(w2_sock *s)
{
    if (--s->refs)
        return;
    if (s->fd >= 0)
        close(s->fd);
    free(s->addrs);
    free(s->wbuf);
    free(s);
}

void w2_sock_release(w2_obj *o, bool wait)
{
    w2_sock *s = o->sock;
    /* Dropping a TCP output stream ends the sending side, as closing it
     * would, once what it holds has gone out (as wasmtime waits for its
     * background write). When it is the last user, the close itself does
     * that (and resets the connection if input was left unread). */
    if (o->kind == O_OUT && s->proto == P_TCP && s->state == ST_CONNECTED) {
        w2_sock_send(o, NULL, 0, wait);
        if (s->refs > 1)
            shutdown(s->fd, SHUT_WR);
    }
    o->sock = NULL;
    w2_sock_unref(s);
}

/* ---- output streams of TCP sockets ---------------------------------------
 * A write takes all it is given (up to check-write's budget), sends what
 * the socket takes now and keeps the rest; check-write is 0 until that is
 * gone, so a guest that checks never blocks and its buffer stays small. */

#define WRITE_BUDGET 65536

/* Send what is buffered, without waiting unless block. */
static int drain(w2_sock *s, bool block)
{
    size_t done = 0;
    int err = 0;
    while (done < s->wlen) {
        ssize_t k = send(s->fd, s->wbuf + done, s->wlen - done, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (k >= 0) {
            done += (size_t)k;
            continue;
        }
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN) {
            err = errno;
            done = s->wlen;   /* the connection is broken: drop the rest */
            break;
        }
        if (!block)
            break;
        struct pollfd pf = { .fd = s->fd, .events = POLLOUT };
        poll(&pf, 1, -1);
    }
    if (done) {
        memmove(s->wbuf, s->wbuf + done, s->wlen - done);
        s->wlen -= done;
    }
    return err;
}

int w2_sock_send(w2_obj *o, const uint8_t *p, size_t n, bool block)
{
    w2_sock *s = o->sock;
    /* As the WIT says (and wasmtime does): write past the permit traps.
     * The blocking forms check by themselves. */
    if (!block && n > s->permit)
        return -1;
    if (!block)
        s->permit -= n;
    if (n) {
        uint8_t *nb = realloc(s->wbuf, s->wlen + n);
        if (!nb)
            return ENOMEM;
        s->wbuf = nb;
        memcpy(s->wbuf + s->wlen, p, n);
        s->wlen += n;
    }
    return drain(s, block);
}

uint64_t w2_sock_budget(w2_obj *o, int *err)
{
    w2_sock *s = o->sock;
    *err = drain(s, false);
    s->permit = s->wlen ? 0 : WRITE_BUDGET;
    return s->permit;
}

uint32_t w2_sock_obj(comp_host *h, uint8_t k, w2_sock *s)
{
    uint32_t rep = w2_obj_new(h, (w2_obj){ .kind = k, .fd = s->fd, .p1fd = -1, .sock = s });
    if (rep)
        w2_sock_ref(s);
    return rep;
}

w2_obj *w2_sock_self(comp_call *c, const comp_val *self, uint8_t k)
{
    w2_obj *o = w2_obj_get(c->host, self->of.h.rep, k);
    return o && o->sock ? o : NULL;
}

/* ---- results and errors ------------------------------------------------ */

wf_trap *w2_sock_ok(comp_call *c, comp_val *r, const comp_val *payload)
{
    return w2_result(c, r, true, payload);
}

wf_trap *w2_sock_fail(comp_call *c, comp_val *r, int code)
{
    comp_val e = { .kind = T_ENUM };
    e.of.var.disc = (uint32_t)code;
    return w2_result(c, r, false, &e);
}

int w2_sock_code(int err)
{
    switch (err) {
    case EACCES: case EPERM: return E_ACCESS_DENIED;
    case EOPNOTSUPP: case ENOPROTOOPT: case EPFNOSUPPORT: case EPROTONOSUPPORT:
    case ESOCKTNOSUPPORT: case EAFNOSUPPORT: return E_NOT_SUPPORTED;
    case EINVAL: case EDESTADDRREQ: return E_INVALID_ARGUMENT;
    case ENOMEM: case ENOBUFS: return E_OUT_OF_MEMORY;
    case ETIMEDOUT: return E_TIMEOUT;
    case EALREADY: return E_CONCURRENCY_CONFLICT;
    case EAGAIN: case EINPROGRESS: return E_WOULD_BLOCK;
    case EISCONN: case ENOTCONN: return E_INVALID_STATE;
    case EMFILE: case ENFILE: return E_NEW_SOCKET_LIMIT;
    case EADDRNOTAVAIL: return E_ADDRESS_NOT_BINDABLE;
    case EADDRINUSE: return E_ADDRESS_IN_USE;
    case EHOSTUNREACH: case ENETUNREACH: case ENETDOWN: case EHOSTDOWN: return E_REMOTE_UNREACHABLE;
    case ECONNREFUSED: return E_CONNECTION_REFUSED;
    case ECONNRESET: case EPIPE: return E_CONNECTION_RESET;
    case ECONNABORTED: return E_CONNECTION_ABORTED;
    case EMSGSIZE: return E_DATAGRAM_TOO_LARGE;
    }
    return E_UNKNOWN;
}

/* ---- addresses --------------------------------------------------------- */

static bool field_u(const comp_val *v, uint8_t kind, uint64_t *out)
{
    if (v->kind != kind)
        return false;
    *out = v->of.u;
    return true;
}

/* ipv4-socket-address { port, tuple<u8 x4> } or ipv6-socket-address
 * { port, flow-info, tuple<u16 x8>, scope-id }. */
static bool addr_parts(const comp_val *rec, bool v6, struct sockaddr_storage *ss)
{
    uint32_t nf = v6 ? 4 : 2, na = v6 ? 8 : 4;
    if (rec->kind != T_RECORD || rec->of.agg.n != nf)
        return false;
    const comp_val *f = rec->of.agg.v, *t = &f[v6 ? 2 : 1];
    uint64_t port, x, flow = 0, scope = 0;
    if (!field_u(&f[0], T_U16, &port) || t->kind != T_TUPLE || t->of.agg.n != na)
        return false;
    if (v6 && (!field_u(&f[1], T_U32, &flow) || !field_u(&f[3], T_U32, &scope)))
        return false;
    memset(ss, 0, sizeof *ss);
    if (!v6) {
        struct sockaddr_in *in = (struct sockaddr_in *)ss;
        in->sin_family = AF_INET;
        in->sin_port = htons((uint16_t)port);
        uint8_t *b = (uint8_t *)&in->sin_addr;
        for (uint32_t i = 0; i < 4; i++) {
            if (!field_u(&t->of.agg.v[i], T_U8, &x))
                return false;
            b[i] = (uint8_t)x;
        }
        return true;
    }
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons((uint16_t)port);
    in6->sin6_flowinfo = htonl((uint32_t)flow);
    in6->sin6_scope_id = (uint32_t)scope;
    for (uint32_t i = 0; i < 8; i++) {
        if (!field_u(&t->of.agg.v[i], T_U16, &x))
            return false;
        in6->sin6_addr.s6_addr[2 * i] = (uint8_t)(x >> 8);
        in6->sin6_addr.s6_addr[2 * i + 1] = (uint8_t)x;
    }
    return true;
}

bool w2_addr_in(const comp_val *v, uint8_t family, struct sockaddr_storage *ss)
{
    if (v->kind != T_VARIANT || v->of.var.disc > 1 || !v->of.var.payload)
        return false;
    return v->of.var.disc == family && addr_parts(v->of.var.payload, family == 1, ss);
}

socklen_t w2_addr_len(const struct sockaddr_storage *ss)
{
    return ss->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
}

uint16_t w2_addr_port(const struct sockaddr_storage *ss)
{
    return ss->ss_family == AF_INET6 ? ntohs(((const struct sockaddr_in6 *)ss)->sin6_port)
                                     : ntohs(((const struct sockaddr_in *)ss)->sin_port);
}

static comp_val *ints(comp_call *c, uint32_t n, uint8_t kind, const uint64_t *x)
{
    comp_val *v = w2_vals(c, n);
    for (uint32_t i = 0; v && i < n; i++)
        w2_int(&v[i], kind, x[i]);
    return v;
}

static comp_val agg(uint8_t kind, comp_val *v, uint32_t n)
{
    comp_val a = { .kind = kind };
    a.of.agg.v = v;
    a.of.agg.n = n;
    return a;
}

/* The address part alone (ip-address's payload) or, with port, the
 * ip-socket-address's record. */
static wf_trap *addr_rec(comp_call *c, comp_val *out, const struct sockaddr_storage *ss, bool port)
{
    uint64_t x[8];
    comp_val *t, *f = port ? w2_vals(c, 4) : NULL;
    if (port && !f)
        return w2_oom();
    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *in = (const void *)ss;
        const uint8_t *b = (const uint8_t *)&in->sin_addr;
        for (int i = 0; i < 4; i++)
            x[i] = b[i];
        if (!(t = ints(c, 4, T_U8, x)))
            return w2_oom();
        if (!port) {
            *out = agg(T_TUPLE, t, 4);
            return NULL;
        }
        w2_int(&f[0], T_U16, ntohs(in->sin_port));
        f[1] = agg(T_TUPLE, t, 4);
        *out = agg(T_RECORD, f, 2);
        return NULL;
    }
    const struct sockaddr_in6 *in6 = (const void *)ss;
    for (int i = 0; i < 8; i++)
        x[i] = (uint64_t)in6->sin6_addr.s6_addr[2 * i] << 8 | in6->sin6_addr.s6_addr[2 * i + 1];
    if (!(t = ints(c, 8, T_U16, x)))
        return w2_oom();
    if (!port) {
        *out = agg(T_TUPLE, t, 8);
        return NULL;
    }
    w2_int(&f[0], T_U16, ntohs(in6->sin6_port));
    w2_int(&f[1], T_U32, ntohl(in6->sin6_flowinfo));
    f[2] = agg(T_TUPLE, t, 8);
    w2_int(&f[3], T_U32, in6->sin6_scope_id);
    *out = agg(T_RECORD, f, 4);
    return NULL;
}

static wf_trap *addr_variant(comp_call *c, comp_val *out, const struct sockaddr_storage *ss, bool port)
{
    comp_val *p = w2_vals(c, 1);
    if (!p)
        return w2_oom();
    wf_trap *t = addr_rec(c, p, ss, port);
    if (t)
        return t;
    out->kind = T_VARIANT;
    out->of.var.disc = ss->ss_family == AF_INET6;
    out->of.var.payload = p;
    return NULL;
}

wf_trap *w2_addr_out(comp_call *c, comp_val *out, const struct sockaddr_storage *ss)
{
    return addr_variant(c, out, ss, true);
}

static bool is_v4mapped(const struct sockaddr_storage *ss)
{
    return ss->ss_family == AF_INET6 &&
           IN6_IS_ADDR_V4MAPPED(&((const struct sockaddr_in6 *)ss)->sin6_addr);
}

static bool is_unspecified(const struct sockaddr_storage *ss)
{
    if (ss->ss_family == AF_INET)
        return ((const struct sockaddr_in *)ss)->sin_addr.s_addr == htonl(INADDR_ANY);
    return IN6_IS_ADDR_UNSPECIFIED(&((const struct sockaddr_in6 *)ss)->sin6_addr);
}

static bool is_multi_or_broadcast(const struct sockaddr_storage *ss)
{
    if (ss->ss_family == AF_INET) {
        uint32_t a = ntohl(((const struct sockaddr_in *)ss)->sin_addr.s_addr);
        return IN_MULTICAST(a) || a == INADDR_BROADCAST;
    }
    return IN6_IS_ADDR_MULTICAST(&((const struct sockaddr_in6 *)ss)->sin6_addr);
}

bool w2_addr_bindable(const struct sockaddr_storage *ss)
{
    return !is_v4mapped(ss) && !is_multi_or_broadcast(ss);
}

bool w2_addr_connectable(const struct sockaddr_storage *ss)
{
    return w2_addr_bindable(ss) && !is_unspecified(ss) && w2_addr_port(ss) != 0;
}

bool w2_net_allowed(comp_host *h)
{
    return (h->net & COMP_NET_INHERIT) != 0;
}

/* ---- options shared by tcp and udp -------------------------------------- */

wf_trap *w2_sock_name(comp_call *c, comp_val *r, w2_sock *s, bool peer)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if ((peer ? getpeername(s->fd, (struct sockaddr *)&ss, &len)
              : getsockname(s->fd, (struct sockaddr *)&ss, &len)) != 0)
        return w2_sock_fail(c, r, w2_sock_code(errno));
    comp_val v;
    wf_trap *t = w2_addr_out(c, &v, &ss);
    return t ? t : w2_sock_ok(c, r, &v);
}

/* An int option as kind (u8/u32/u64/bool), times scale (durations are
 * seconds on the host, nanoseconds in WASI). */
wf_trap *w2_sock_getopt(comp_call *c, comp_val *r, w2_sock *s, int level, int opt,
                        uint8_t kind, uint64_t scale)
{
    int x = 0;
    socklen_t len = sizeof x;
    if (getsockopt(s->fd, level, opt, &x, &len) != 0)
        return w2_sock_fail(c, r, w2_sock_code(errno));
    comp_val v;
    if (kind == T_BOOL) {
        v.kind = T_BOOL;
        v.of.b = x != 0;
    } else {
        w2_int(&v, kind, (uint64_t)(x < 0 ? 0 : x) * scale);
    }
    return w2_sock_ok(c, r, &v);
}

/* Set an int option to v/scale rounded up, clamped to max; 0 is
 * invalid-argument (every such option needs a positive value). */
wf_trap *w2_sock_setopt(comp_call *c, comp_val *r, w2_sock *s, int level, int opt,
                        uint64_t v, uint64_t scale, uint64_t max)
{
    if (v == 0)
        return w2_sock_fail(c, r, E_INVALID_ARGUMENT);
    uint64_t q = v / scale + (v % scale != 0);
    int x = (int)(q > max ? max : q);
    if (setsockopt(s->fd, level, opt, &x, sizeof x) != 0)
        return w2_sock_fail(c, r, w2_sock_code(errno));
    return w2_sock_ok(c, r, NULL);
}

/* hop-limit / unicast-hop-limit: IP_TTL or IPV6_UNICAST_HOPS; set is the
 * new value or NULL to read it. */
wf_trap *w2_sock_hops(comp_call *c, comp_val *r, w2_sock *s, const comp_val *set)
{
    int level = s->family ? IPPROTO_IPV6 : IPPROTO_IP;
    int opt = s->family ? IPV6_UNICAST_HOPS : IP_TTL;
    if (!set)
        return w2_sock_getopt(c, r, s, level, opt, T_U8, 1);
    return w2_sock_setopt(c, r, s, level, opt, set->of.u, 1, 255);
}

wf_trap *w2_sock_family(comp_call *c, comp_val *r, w2_sock *s)
{
    r->kind = T_ENUM;
    r->of.var.disc = s->family;
    r->of.var.payload = NULL;
    return NULL;
}

/* ---- wasi:sockets/network, instance-network ------------------------------ */

SOCK_FN(instance_network)
{
    SOCK_ARGS("");
    uint32_t rep = w2_obj_new(c->host, (w2_obj){ .kind = O_NETWORK, .fd = -1 });
    if (!rep)
        return w2_oom();
    *r = w2_own(&c->host->r_network, rep);
    return NULL;
}

/* network-error-code(error) -> option<error-code>: stream errors of a
 * socket's streams carry the host errno. */
SOCK_FN(network_error_code)
{
    SOCK_ARGS("b");
    w2_obj *o = w2_obj_get(c->host, a[0].of.h.rep, O_ERROR);
    if (!o || !o->err)
        return w2_option(c, r, NULL);
    comp_val e = { .kind = T_ENUM };
    e.of.var.disc = (uint32_t)w2_sock_code(o->err);
    return w2_option(c, r, &e);
}

/* ---- wasi:sockets/ip-name-lookup ----------------------------------------
 * getaddrinfo blocks, so the lookup runs in full when resolve-addresses is
 * called; the stream then hands out its results and its pollable is always
 * ready. As wasmtime, a malformed name is invalid-argument at once, while
 * the policy and the resolver's own failures come from the first
 * resolve-next-address. */

/* A host name as the URL standard allows it: ASCII, none of its forbidden
 * code points. (Non-ASCII names would need IDNA; they are refused.) */
static bool valid_host(const char *p, uint32_t n)
{
    if (n == 0 || n > 253)
        return false;
    for (uint32_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)p[i];
        if (ch <= 0x20 || ch >= 0x7f || strchr("#%/:<>?@[\\]^|", ch))
            return false;
    }
    return true;
}

/* An IP literal (IPv6 maybe in brackets) into ss; false if it is none. */
static bool ip_literal(const char *name, struct sockaddr_storage *ss)
{
    char buf[64];
    size_t n = strlen(name);
    memset(ss, 0, sizeof *ss);
    struct sockaddr_in *in = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
    if (inet_pton(AF_INET, name, &in->sin_addr) == 1) {
        in->sin_family = AF_INET;
        return true;
    }
    if (n >= 2 && n < sizeof buf && name[0] == '[' && name[n - 1] == ']') {
        memcpy(buf, name + 1, n - 2);
        buf[n - 2] = 0;
        name = buf;
    }
    if (inet_pton(AF_INET6, name, &in6->sin6_addr) == 1) {
        in6->sin6_family = AF_INET6;
        return true;
    }
    return false;
}

static int gai_code(int e)
{
    switch (e) {
    case EAI_NONAME:
#ifdef EAI_NODATA
    case EAI_NODATA:
#endif
        return E_NAME_UNRESOLVABLE;
    case EAI_AGAIN: return E_TEMPORARY_RESOLVER_FAILURE;
    case EAI_MEMORY: return E_OUT_OF_MEMORY;
    }
    return E_PERMANENT_RESOLVER_FAILURE;
}

static bool add_addr(w2_sock *s, const struct sockaddr *sa)
{
    struct sockaddr_storage ss = {0};
    memcpy(&ss, sa, sa->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in));
    ((struct sockaddr_in *)&ss)->sin_port = 0;
    if (ss.ss_family == AF_INET6)
        ((struct sockaddr_in6 *)&ss)->sin6_flowinfo = 0;
    for (uint32_t i = 0; i < s->naddrs; i++)
        if (!memcmp(&s->addrs[i], &ss, sizeof ss))
            return true;   /* getaddrinfo repeats addresses per protocol */
    struct sockaddr_storage *na = realloc(s->addrs, (s->naddrs + 1) * sizeof *na);
    if (!na)
        return false;
    s->addrs = na;
    s->addrs[s->naddrs++] = ss;
    return true;
}

/* Fill s with the addresses of name, or set s->err to error-code + 1. */
static void lookup(comp_host *h, w2_sock *s, const char *name)
{
    struct sockaddr_storage ss;
    if (!(h->net & COMP_NET_LOOKUP)) {
        s->err = E_PERMANENT_RESOLVER_FAILURE + 1;
        return;
    }
    if (ip_literal(name, &ss)) {
        if (!add_addr(s, (struct sockaddr *)&ss))
            s->err = E_OUT_OF_MEMORY + 1;
        return;
    }
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM }, *res = NULL;
    int e = getaddrinfo(name, NULL, &hints, &res);
    if (e) {
        s->err = gai_code(e) + 1;
        return;
    }
    for (struct addrinfo *ai = res; ai && !s->err; ai = ai->ai_next)
        if ((ai->ai_family == AF_INET || ai->ai_family == AF_INET6) && !add_addr(s, ai->ai_addr))
            s->err = E_OUT_OF_MEMORY + 1;
    freeaddrinfo(res);
}

SOCK_FN(resolve_addresses)
{
    SOCK_ARGS("bs");
    if (!w2_obj_get(c->host, a[0].of.h.rep, O_NETWORK))
        return comp_trap("unknown network");
    const char *p = a[1].of.str.p;
    uint32_t len = a[1].of.str.len;
    struct sockaddr_storage ss;
    char *name = wf_arena_alloc(c->arena, (size_t)len + 1);
    if (!name)
        return w2_oom();
    memcpy(name, p, len);
    name[len] = 0;
    /* (a NUL inside the name makes it neither) */
    if (!valid_host(p, len) && (strlen(name) != len || !ip_literal(name, &ss)))
        return w2_sock_fail(c, r, E_INVALID_ARGUMENT);
    w2_sock *s = w2_sock_new(-1, P_RESOLVE, 0);
    if (!s)
        return w2_oom();
    lookup(c->host, s, name);
    uint32_t rep = w2_sock_obj(c->host, O_RESOLVE, s);
    w2_sock_unref(s);   /* the object holds its own reference now */
    if (!rep)
        return w2_oom();
    comp_val v = w2_own(&c->host->r_resolve, rep);
    return w2_sock_ok(c, r, &v);
}

/* Ok(some(address)) in order, then the error once if the lookup failed,
 * then ok(none). */
SOCK_FN(resolve_next)
{
    SOCK_ARGS("b");
    w2_obj *o = w2_sock_self(c, &a[0], O_RESOLVE);
    if (!o)
        return comp_trap("unknown resolve-address-stream");
    w2_sock *s = o->sock;
    if (s->err) {
        int code = s->err - 1;
        s->err = 0;
        return w2_sock_fail(c, r, code);
    }
    if (s->next >= s->naddrs) {
        comp_val none;
        wf_trap *t = w2_option(c, &none, NULL);
        return t ? t : w2_sock_ok(c, r, &none);
    }
    comp_val addr, some;
    wf_trap *t = addr_variant(c, &addr, &s->addrs[s->next++], false);
    if (!t)
        t = w2_option(c, &some, &addr);
    return t ? t : w2_sock_ok(c, r, &some);
}

SOCK_FN(resolve_subscribe)
{
    SOCK_ARGS("b");
    if (!w2_sock_self(c, &a[0], O_RESOLVE))
        return comp_trap("unknown resolve-address-stream");
    return w2_pollable(c, r, (w2_obj){ .fd = -1 });
}

/* ---- the policy (component.h's embedders set it) ------------------------ */

void comp_host_set_network(comp_host *host, unsigned flags)
{
    host->net = flags;
}

unsigned comp_host_network(const comp_host *host)
{
    return host->net;
}

bool comp_net_option(const char *item, size_t len, unsigned *flags)
{
    static const struct { const char *name; unsigned flag; } names[] = {
        { "inherit-network", COMP_NET_INHERIT }, { "allow-ip-name-lookup", COMP_NET_LOOKUP },
        { "tcp", COMP_NET_TCP }, { "udp", COMP_NET_UDP },
    };
    static const char *const yes[] = { "y", "yes", "true", "1" }, *const no[] = { "n", "no", "false", "0" };
    const char *eq = memchr(item, '=', len);
    size_t kl = eq ? (size_t)(eq - item) : len, vl = eq ? len - kl - 1 : 0;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        if (strlen(names[i].name) != kl || memcmp(item, names[i].name, kl))
            continue;
        int on = eq ? -1 : 1;
        for (size_t k = 0; eq && k < 4; k++) {
            if (strlen(yes[k]) == vl && !memcmp(eq + 1, yes[k], vl))
                on = 1;
            if (strlen(no[k]) == vl && !memcmp(eq + 1, no[k], vl))
                on = 0;
        }
        if (on < 0)
            return false;
        *flags = on ? *flags | names[i].flag : *flags & ~names[i].flag;
        return true;
    }
    return false;
}

const w2_def w2_sock_defs[] = {
    { "wasi:sockets/network", "network-error-code", network_error_code },
    { "wasi:sockets/instance-network", "instance-network", instance_network },
    { "wasi:sockets/ip-name-lookup", "resolve-addresses", resolve_addresses },
    { "wasi:sockets/ip-name-lookup", "[method]resolve-address-stream.resolve-next-address", resolve_next },
    { "wasi:sockets/ip-name-lookup", "[method]resolve-address-stream.subscribe", resolve_subscribe },
    { NULL, NULL, NULL },
};

/* wasi2_sock_int.h — internals shared by the wasi:sockets files:
 * wasi2_sock.c (sockets, addresses, errors, options, network,
 * ip-name-lookup), wasi2_sock_tcp.c and wasi2_sock_udp.c. */
#ifndef WEFT_WASI2_SOCK_INT_H
#define WEFT_WASI2_SOCK_INT_H

#include <sys/socket.h>
#include "wasi2.h"

/* wasi:sockets/network error-code, in WIT order. */
enum {
    E_UNKNOWN, E_ACCESS_DENIED, E_NOT_SUPPORTED, E_INVALID_ARGUMENT, E_OUT_OF_MEMORY,
    E_TIMEOUT, E_CONCURRENCY_CONFLICT, E_NOT_IN_PROGRESS, E_WOULD_BLOCK, E_INVALID_STATE,
    E_NEW_SOCKET_LIMIT, E_ADDRESS_NOT_BINDABLE, E_ADDRESS_IN_USE, E_REMOTE_UNREACHABLE,
    E_CONNECTION_REFUSED, E_CONNECTION_RESET, E_CONNECTION_ABORTED, E_DATAGRAM_TOO_LARGE,
    E_NAME_UNRESOLVABLE, E_TEMPORARY_RESOLVER_FAILURE, E_PERMANENT_RESOLVER_FAILURE,
};

enum { P_RESOLVE, P_TCP, P_UDP };

/* Socket states, the 0.2 state machines: start-X moves to X_STARTED,
 * finish-X completes it. UDP uses UNBOUND..BOUND only. */
enum {
    ST_UNBOUND, ST_BIND_STARTED, ST_BOUND, ST_LISTEN_STARTED, ST_LISTENING,
    ST_CONNECTING, ST_CONNECTED, ST_CLOSED,
};

struct w2_sock {
    uint32_t refs;
    int fd;                       /* -1 for a name lookup */
    uint8_t proto;                /* P_* */
    uint8_t family;               /* 0 ipv4, 1 ipv6 (ip-address-family) */
    uint8_t state;                /* ST_* */
    bool connect_done;            /* tcp: connect() ended at once (error in err) */
    int err;                      /* tcp: connect's errno; lookup: error-code+1 */
    uint32_t backlog;             /* tcp: for start-listen */
    uint8_t *wbuf;                /* tcp: bytes written, not yet sent */
    size_t wlen;
    uint64_t permit;              /* tcp: what writes may still add (check-write) */
    bool has_peer;                /* udp: stream(some(remote)) connected it */
    struct sockaddr_storage peer;
    /* name lookup: the addresses found, handed out in order */
    struct sockaddr_storage *addrs;
    uint32_t naddrs, next;
};

/* A new socket with one reference, the caller's (w2_sock_unref it once
 * the objects made from it hold theirs). */
w2_sock *w2_sock_new(int fd, uint8_t proto, uint8_t family);
void w2_sock_unref(w2_sock *s);
/* The socket behind a borrowed self of kind k (O_TCP, O_UDP...), or NULL. */
w2_obj *w2_sock_self(comp_call *c, const comp_val *self, uint8_t k);
/* A new object of kind k holding a reference to s; 0 if out of memory. */
uint32_t w2_sock_obj(comp_host *h, uint8_t k, w2_sock *s);

/* result<T, error-code>: ok with payload (NULL for none), or error. */
wf_trap *w2_sock_ok(comp_call *c, comp_val *r, const comp_val *payload);
wf_trap *w2_sock_fail(comp_call *c, comp_val *r, int code);
/* An errno as an error-code. */
int w2_sock_code(int err);

/* ip-socket-address <-> sockaddr. in checks the shape and the family
 * against the socket's (false: invalid-argument). */
bool w2_addr_in(const comp_val *v, uint8_t family, struct sockaddr_storage *ss);
socklen_t w2_addr_len(const struct sockaddr_storage *ss);
wf_trap *w2_addr_out(comp_call *c, comp_val *out, const struct sockaddr_storage *ss);
/* Checks of an address for bind (unicast or unspecified, no IPv4-mapped
 * on IPv6) and connect/send (also: not unspecified, port not 0). */
bool w2_addr_bindable(const struct sockaddr_storage *ss);
bool w2_addr_connectable(const struct sockaddr_storage *ss);
uint16_t w2_addr_port(const struct sockaddr_storage *ss);

/* Policy: may this host touch the network at all? */
bool w2_net_allowed(comp_host *h);

/* Shared socket options and addresses (tcp and udp). */
wf_trap *w2_sock_name(comp_call *c, comp_val *r, w2_sock *s, bool peer);
wf_trap *w2_sock_getopt(comp_call *c, comp_val *r, w2_sock *s, int level, int opt,
                        uint8_t kind, uint64_t scale);
wf_trap *w2_sock_setopt(comp_call *c, comp_val *r, w2_sock *s, int level, int opt,
                        uint64_t v, uint64_t scale, uint64_t max);
wf_trap *w2_sock_hops(comp_call *c, comp_val *r, w2_sock *s, const comp_val *set);
wf_trap *w2_sock_family(comp_call *c, comp_val *r, w2_sock *s);

#define SOCK_ARGS(sig) do { if (!w2_args(a, n, sig)) return comp_trap("host function: unexpected argument types"); } while (0)
#define SOCK_FN(name) static wf_trap *name(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)

#endif

/* wasi2.h — internals of the WASI 0.2 host shared by wasi2.c and
 * wasi2_fs.c: the host object table behind resources and the function
 * registry. */
#ifndef WEFT_WASI2_H
#define WEFT_WASI2_H

#include <stddef.h>
#include "comp_int.h"
#include "../wasi/wasi_int.h"
#include "wasi2_sock.h"

/* The 0.2 line this host implements: imports @0.2.x match. */
#define W2_MAJOR 0
#define W2_MINOR 2
#define W2_MAX_IFACES 64
/* Host objects (streams, pollables, errors...) one run may hold at once. */
#define W2_MAX_OBJS (1u << 20)

enum { O_FREE = 0, O_IN, O_OUT, O_ERROR, O_POLLABLE, O_TERMINAL, O_DIRSTREAM, O_NETWORK,
       O_TCP, O_UDP, O_DGRAM_IN, O_DGRAM_OUT, O_RESOLVE };

/* A socket (or a name lookup's results), shared by the objects made from
 * it: the socket itself, its streams, its pollables. wasi2_sock.c. */
typedef struct w2_sock w2_sock;

typedef struct w2_obj {
    uint8_t kind;
    bool failed;          /* streams: closed or failed; later calls say closed */
    bool append, timed;
    int fd;               /* host fd for stdio streams, pollables, terminals */
    int p1fd;             /* file streams: preview-1 fd of the descriptor, else -1 */
    uint64_t offset;
    uint64_t deadline;    /* pollables (monotonic ns) */
    int err;              /* errors: host errno */
    void *dir;            /* directory-entry streams */
    short events;         /* pollables on fd: poll(2) events, 0 for POLLIN */
    w2_sock *sock;        /* sockets and what they made: a counted reference */
} w2_obj;

typedef struct w2_def {
    const char *iface, *name;
    comp_host_fn fn;
} w2_def;

typedef struct w2_iface { const char *name; comp_inst *inst; } w2_iface;

struct comp_host {
    wasi_ctx *ctx;
    wf_arena arena;
    w2_iface ifaces[W2_MAX_IFACES];
    uint32_t nifaces;
    w2_obj *objs;
    uint32_t nobjs, objcap;
    uint32_t objfree;     /* no free slot below this index */
    int (*store_hook)(wf_store *store, void *arg);
    void *store_hook_arg;
    comp_resource r_error, r_pollable, r_input, r_output, r_term_in, r_term_out,
        r_desc, r_dirstream, r_network, r_tcp, r_udp, r_dgram_in, r_dgram_out, r_resolve;
    unsigned net;         /* COMP_NET_* */
};

uint32_t w2_obj_new(comp_host *h, w2_obj o);       /* 0 when out of memory */
w2_obj *w2_obj_get(comp_host *h, uint32_t rep, uint8_t kind);

comp_val *w2_vals(comp_call *c, uint32_t n);
wf_trap *w2_oom(void);
void w2_int(comp_val *r, uint8_t kind, uint64_t x);
wf_trap *w2_result(comp_call *c, comp_val *r, bool ok, const comp_val *payload);
wf_trap *w2_option(comp_call *c, comp_val *r, const comp_val *payload);
comp_val w2_own(comp_resource *res, uint32_t rep);
bool w2_args(const comp_val *a, uint32_t n, const char *sig);

/* wasi2_fs.c */
extern const w2_def w2_fs_defs[];
int w2_host_fd(comp_host *h, uint32_t p1fd);      /* -1 if closed; pair with w2_call_end */
void w2_call_end(comp_host *h);
void w2_fd_close(comp_host *h, uint32_t p1fd);
void w2_dirstream_close(w2_obj *o);

/* wasi2_sock.c */
extern const w2_def w2_sock_defs[], w2_tcp_defs[], w2_udp_defs[];
wf_trap *w2_pollable(comp_call *c, comp_val *r, w2_obj o);
wf_trap *w2_stream_err(comp_call *c, comp_val *r, int err);
w2_sock *w2_sock_ref(w2_sock *s);
/* Drop o's reference to its socket. An output stream first sends what it
 * still holds (waiting for it if wait), then shuts the sending side: the
 * peer reads the end of the stream. */
void w2_sock_release(w2_obj *o, bool wait);
/* A socket's output stream: buffer and send p[0..n) (n may be 0: just
 * flush), waiting until all is sent if block; an errno, 0, or -1 if a
 * write (not blocking) goes past what check-write permitted. The budget
 * is check-write's answer, and the new permit. */
int w2_sock_send(w2_obj *o, const uint8_t *p, size_t n, bool block);
uint64_t w2_sock_budget(w2_obj *o, int *err);

#endif

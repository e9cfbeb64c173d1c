/* wasi2.c — the WASI 0.2 host: its instances by interface name (found with
 * WASI's semver rule), the table of host objects behind its resources, and
 * wasi:cli, wasi:io, wasi:clocks and wasi:random. wasi:filesystem is in
 * wasi2_fs.c, wasi:sockets in wasi2_sock*.c. Host functions receive lifted
 * values; argument kinds are checked against a short signature before the
 * body runs. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/random.h>
#include <sys/stat.h>
#include "wasi2.h"

/* ---- host objects ----------------------------------------------------- */

uint32_t w2_obj_new(comp_host *h, w2_obj o)
{
    uint32_t i = h->objfree > 1 ? h->objfree : 1;
    while (i < h->nobjs && h->objs[i].kind)
        i++;
    if (i >= h->objcap) {
        uint32_t nc = h->objcap ? h->objcap * 2 : 32;
        if (nc > W2_MAX_OBJS)
            return 0;
        w2_obj *no = wf_realloc(h->objs, nc * sizeof *no);
        if (!no)
            return 0;
        memset(no + h->objcap, 0, (nc - h->objcap) * sizeof *no);
        h->objs = no;
        h->objcap = nc;
    }
    if (i >= h->nobjs)
        h->nobjs = i + 1;
    h->objs[i] = o;
    h->objfree = i + 1;
    return i;
}

w2_obj *w2_obj_get(comp_host *h, uint32_t rep, uint8_t kind)
{
    if (rep == 0 || rep >= h->nobjs || h->objs[rep].kind != kind)
        return NULL;
    return &h->objs[rep];
}

static void obj_drop(void *host, uint32_t rep)
{
    comp_host *h = host;
    if (rep == 0 || rep >= h->nobjs)
        return;
    w2_obj *o = &h->objs[rep];
    if (o->dir)
        w2_dirstream_close(o);
    if (o->sock)
        w2_sock_release(o, true);
    memset(o, 0, sizeof *o);
    if (rep < h->objfree)
        h->objfree = rep;
}

/* Descriptors are preview-1 fds; dropping one closes it. */
static void desc_drop(void *host, uint32_t rep)
{
    comp_host *h = host;
    w2_fd_close(h, rep);
}

/* ---- value helpers ---------------------------------------------------- */

comp_val *w2_vals(comp_call *c, uint32_t n)
{
    return wf_arena_alloc(c->arena, (n ? n : 1) * sizeof(comp_val));
}

wf_trap *w2_oom(void) { return comp_trap("out of memory"); }

void w2_int(comp_val *r, uint8_t kind, uint64_t x)
{
    r->kind = kind;
    r->of.u = x;
}

wf_trap *w2_result(comp_call *c, comp_val *r, bool ok, const comp_val *payload)
{
    r->kind = T_RESULT;
    r->of.var.disc = ok ? 0 : 1;
    r->of.var.payload = NULL;
    if (payload) {
        if (!(r->of.var.payload = w2_vals(c, 1)))
            return w2_oom();
        *r->of.var.payload = *payload;
    }
    return NULL;
}

wf_trap *w2_option(comp_call *c, comp_val *r, const comp_val *payload)
{
    r->kind = T_OPTION;
    r->of.var.disc = payload ? 1 : 0;
    r->of.var.payload = NULL;
    if (payload) {
        if (!(r->of.var.payload = w2_vals(c, 1)))
            return w2_oom();
        *r->of.var.payload = *payload;
    }
    return NULL;
}

comp_val w2_own(comp_resource *res, uint32_t rep)
{
    comp_val v = { .kind = T_OWN };
    v.of.h.rep = rep;
    v.of.h.res = res;
    return v;
}

/* stream-error: closed, or last-operation-failed(own<error>). */
wf_trap *w2_stream_err(comp_call *c, comp_val *r, int err)
{
    comp_host *h = c->host;
    comp_val e = { .kind = T_VARIANT };
    if (err == 0) {
        e.of.var.disc = 1;
    } else {
        uint32_t rep = w2_obj_new(h, (w2_obj){ .kind = O_ERROR, .err = err });
        if (!rep || !(e.of.var.payload = w2_vals(c, 1)))
            return w2_oom();
        *e.of.var.payload = w2_own(&h->r_error, rep);
    }
    return w2_result(c, r, false, &e);
}

bool w2_args(const comp_val *a, uint32_t n, const char *sig)
{
    if (strlen(sig) != n)
        return false;
    for (uint32_t i = 0; i < n; i++) {
        uint8_t k = a[i].kind;
        switch (sig[i]) {
        case 'b': if (k != T_BORROW) return false; break;
        case 'o': if (k != T_OWN) return false; break;
        case 's': if (k != T_STRING) return false; break;
        case 'l': if (k != T_LIST) return false; break;
        case 'w': if (k != T_U64) return false; break;
        case 'i': if (k != T_U32) return false; break;
        case 'f': if (k != T_FLAGS) return false; break;
        case 'v': if (k != T_VARIANT) return false; break;
        case 'e': if (k != T_ENUM) return false; break;
        case 'r': if (k != T_RECORD) return false; break;
        case 'z': if (k != T_BOOL) return false; break;
        case 'c': if (k != T_U8) return false; break;
        case 'p': if (k != T_OPTION) return false; break;
        default: return false;
        }
    }
    return true;
}

#define ARGS(sig) do { if (!w2_args(a, n, sig)) return comp_trap("host function: unexpected argument types"); } while (0)

/* ---- wasi:cli ---------------------------------------------------------- */

static wf_trap *strings(comp_call *c, comp_val *r, char **v, uint32_t n, bool split_env)
{
    comp_val *l = w2_vals(c, n);
    if (!l)
        return w2_oom();
    for (uint32_t i = 0; i < n; i++) {
        if (!split_env) {
            l[i] = (comp_val){ .kind = T_STRING, .of.str = { v[i], (uint32_t)strlen(v[i]) } };
            continue;
        }
        comp_val *kv = w2_vals(c, 2);
        if (!kv)
            return w2_oom();
        const char *eq = strchr(v[i], '=');
        size_t kl = eq ? (size_t)(eq - v[i]) : strlen(v[i]);
        kv[0] = (comp_val){ .kind = T_STRING, .of.str = { v[i], (uint32_t)kl } };
        kv[1] = (comp_val){ .kind = T_STRING, .of.str = { eq ? eq + 1 : "", eq ? (uint32_t)strlen(eq + 1) : 0 } };
        l[i] = (comp_val){ .kind = T_TUPLE, .of.agg = { kv, 2 } };
    }
    r->kind = T_LIST;
    r->of.agg.v = l;
    r->of.agg.n = n;
    return NULL;
}

static wf_trap *get_arguments(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    ARGS("");
    return strings(c, r, c->host->ctx->argv, c->host->ctx->argc, false);
}

static wf_trap *get_environment(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    ARGS("");
    return strings(c, r, c->host->ctx->env, c->host->ctx->nenv, true);
}

static wf_trap *initial_cwd(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    ARGS("");
    return w2_option(c, r, NULL);
}

static wf_trap *cli_exit(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    if (n != 1 || a[0].kind != T_RESULT)
        return comp_trap("host function: unexpected argument types");
    return wf_trap_new_exit(a[0].of.var.disc ? 1 : 0);
}

static wf_trap *exit_with_code(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    if (n != 1 || a[0].kind != T_U8)
        return comp_trap("host function: unexpected argument types");
    return wf_trap_new_exit((int)a[0].of.u);
}

/* The host descriptor behind guest stdio fd `which`: the embedder may have
 * redirected it in the preview-1 context (wasi_ctx_set_stdio); the entry
 * lives as long as the context, as nothing here closes fds 0-2. */
static int std_fd(comp_host *h, int which)
{
    int fd = w2_host_fd(h, (uint32_t)which);
    w2_call_end(h);
    return fd >= 0 ? fd : which;
}

static wf_trap *std_stream(comp_call *c, comp_val *r, uint8_t kind, int which)
{
    comp_host *h = c->host;
    int fd = std_fd(h, which);
    uint32_t rep = w2_obj_new(h, (w2_obj){ .kind = kind, .fd = fd, .p1fd = -1 });
    if (!rep)
        return w2_oom();
    *r = w2_own(kind == O_IN ? &h->r_input : &h->r_output, rep);
    return NULL;
}

static wf_trap *get_stdin(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    ARGS("");
    return std_stream(c, r, O_IN, 0);
}

static wf_trap *get_stdout(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    ARGS("");
    return std_stream(c, r, O_OUT, 1);
}

static wf_trap *get_stderr(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    ARGS("");
    return std_stream(c, r, O_OUT, 2);
}

/* Terminals: as wasmtime, stdio is reported as a terminal only if it is one. */
static wf_trap *terminal(comp_call *c, comp_val *r, int which, bool input)
{
    comp_host *h = c->host;
    int fd = std_fd(h, which);
    if (!isatty(fd))
        return w2_option(c, r, NULL);
    uint32_t rep = w2_obj_new(h, (w2_obj){ .kind = O_TERMINAL, .fd = fd });
    if (!rep)
        return w2_oom();
    comp_val v = w2_own(input ? &h->r_term_in : &h->r_term_out, rep);
    return w2_option(c, r, &v);
}

static wf_trap *term_stdin(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    ARGS("");
    return terminal(c, r, 0, true);
}

static wf_trap *term_stdout(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    ARGS("");
    return terminal(c, r, 1, false);
}

static wf_trap *term_stderr(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    ARGS("");
    return terminal(c, r, 2, false);
}

/* ---- wasi:io/streams --------------------------------------------------- */

#define STREAM_CHUNK 4096

static w2_obj *stream(comp_call *c, const comp_val *self, uint8_t kind)
{
    return w2_obj_get(c->host, self->of.h.rep, kind);
}

static wf_trap *check_write(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    ARGS("b");
    w2_obj *o = stream(c, &a[0], O_OUT);
    if (!o)
        return comp_trap("unknown output stream");
    if (o->failed)
        return w2_stream_err(c, r, 0);
    /* Sockets: what the host buffer takes (0 while earlier bytes wait
     * to go out); other streams write through at once. */
    int err = 0;
    uint64_t budget = o->sock ? w2_sock_budget(o, &err) : 1u << 20;
    if (err) {
        o->failed = true;
        return w2_stream_err(c, r, err);
    }
    comp_val v;
    w2_int(&v, T_U64, budget);
    return w2_result(c, r, true, &v);
}

/* Write all of buf; files write at the stream's offset. */
static int write_all(comp_host *h, w2_obj *o, const uint8_t *buf, size_t len)
{
    int err = 0;
    size_t done = 0;
    int fd = o->p1fd >= 0 ? w2_host_fd(h, (uint32_t)o->p1fd) : o->fd;
    struct stat st;
    /* Append streams write at the end as it is now (the fd itself may not
     * have O_APPEND). */
    if (o->p1fd >= 0 && o->append && fd >= 0 && fstat(fd, &st) == 0)
        o->offset = (uint64_t)st.st_size;
    while (done < len && !err) {
        ssize_t k = o->p1fd >= 0 ? pwrite(fd, buf + done, len - done, (off_t)o->offset)
                                 : write(fd, buf + done, len - done);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            err = errno;
        else {
            done += (size_t)k;
            o->offset += (uint64_t)k;
        }
    }
    if (o->p1fd >= 0)
        w2_call_end(h);
    return err;
}

/* write (block false) or blocking-write-and-flush; sockets buffer what
 * they cannot send at once and, blocking, wait until all is sent. */
static wf_trap *do_write(comp_call *c, const comp_val *a, uint32_t n, comp_val *r, bool block)
{
    ARGS("bl");
    w2_obj *o = stream(c, &a[0], O_OUT);
    if (!o)
        return comp_trap("unknown output stream");
    if (o->failed)
        return w2_stream_err(c, r, 0);
    const uint8_t *buf;
    uint32_t len;
    if (!comp_list_bytes(&a[1], c->arena, &buf, &len))
        return comp_trap("host function: unexpected argument types");
    int err = o->sock ? w2_sock_send(o, buf, len, block) : write_all(c->host, o, buf, len);
    if (err < 0)
        return comp_trap("output-stream.write: more bytes than check-write permitted");
    if (err) {
        o->failed = true;
        return w2_stream_err(c, r, err);
    }
    return w2_result(c, r, true, NULL);
}

static wf_trap *write_(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    return do_write(c, a, n, r, false);
}

static wf_trap *write_flush(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    return do_write(c, a, n, r, true);
}

static wf_trap *zeroes(comp_call *c, const comp_val *a, uint32_t n, comp_val *r, bool block)
{
    ARGS("bw");
    if (a[1].of.u > (1u << 20))
        return w2_stream_err(c, r, EINVAL);
    uint32_t len = (uint32_t)a[1].of.u;
    uint8_t *z = wf_arena_alloc(c->arena, len + 1);
    if (!z)
        return w2_oom();
    comp_val args[2] = { a[0], comp_bytes_val(z, len) };
    return do_write(c, args, 2, r, block);
}

static wf_trap *write_zeroes(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    return zeroes(c, a, n, r, false);
}

static wf_trap *write_zeroes_flush(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    return zeroes(c, a, n, r, true);
}

static wf_trap *do_flush(comp_call *c, const comp_val *a, uint32_t n, comp_val *r, bool block)
{
    ARGS("b");
    w2_obj *o = stream(c, &a[0], O_OUT);
    if (!o)
        return comp_trap("unknown output stream");
    if (o->failed)
        return w2_stream_err(c, r, 0);
    int err = o->sock ? w2_sock_send(o, NULL, 0, block) : 0;
    if (err) {
        o->failed = true;
        return w2_stream_err(c, r, err);
    }
    return w2_result(c, r, true, NULL);
}

static wf_trap *flush(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    return do_flush(c, a, n, r, false);
}

static wf_trap *blocking_flush(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    return do_flush(c, a, n, r, true);
}

static wf_trap *read_(comp_call *c, const comp_val *a, uint32_t n, comp_val *r, bool blocking)
{
    if (!w2_args(a, n, "bw"))
        return comp_trap("host function: unexpected argument types");
    w2_obj *o = stream(c, &a[0], O_IN);
    if (!o)
        return comp_trap("unknown input stream");
    if (o->failed)
        return w2_stream_err(c, r, 0);
    uint64_t want = a[1].of.u > (1u << 20) ? (1u << 20) : a[1].of.u;
    uint8_t *buf = wf_arena_alloc(c->arena, want + 1);
    if (!buf)
        return w2_oom();
    int fd = o->p1fd >= 0 ? w2_host_fd(c->host, (uint32_t)o->p1fd) : o->fd;
    ssize_t k;
    struct pollfd pf = { .fd = fd, .events = POLLIN };
    if (!blocking && o->p1fd < 0 && want > 0 && poll(&pf, 1, 0) == 0) {
        /* Nothing there yet: a non-blocking read returns no bytes. */
        comp_val v = comp_bytes_val(buf, 0);
        return w2_result(c, r, true, &v);
    }
    for (;;) {
        k = o->p1fd >= 0 ? pread(fd, buf, want, (off_t)o->offset) : read(fd, buf, want);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0 && errno == EAGAIN && o->sock) {
            /* A non-blocking socket with nothing to read: no bytes, or
             * wait for some. */
            if (!blocking) {
                k = 0;
                break;
            }
            poll(&pf, 1, -1);
            continue;
        }
        break;
    }
    if (o->p1fd >= 0)
        w2_call_end(c->host);
    if (k < 0) {
        o->failed = true;
        return w2_stream_err(c, r, errno);
    }
    if (k == 0 && want > 0) {
        o->failed = true;
        return w2_stream_err(c, r, 0);
    }
    o->offset += (uint64_t)k;
    comp_val v = comp_bytes_val(buf, (uint32_t)k);
    return w2_result(c, r, true, &v);
}

static wf_trap *read_nb(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    return read_(c, a, n, r, false);
}

static wf_trap *read_b(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    return read_(c, a, n, r, true);
}

/* Streams that are not files (stdin, sockets) skip by reading: the
 * bytes read are the count skipped. */
static wf_trap *skip_by_reading(comp_call *c, const comp_val *a, uint32_t n, comp_val *r, bool blocking)
{
    wf_trap *t = read_(c, a, n, r, blocking);
    if (t || r->of.var.disc != 0)
        return t;
    const uint8_t *p;
    uint32_t len;
    comp_list_bytes(r->of.var.payload, c->arena, &p, &len);
    w2_int(r->of.var.payload, T_U64, len);
    return NULL;
}

static wf_trap *skip_any(comp_call *c, const comp_val *a, uint32_t n, comp_val *r, bool blocking)
{
    ARGS("bw");
    w2_obj *o = stream(c, &a[0], O_IN);
    if (!o)
        return comp_trap("unknown input stream");
    if (o->p1fd < 0)
        return skip_by_reading(c, a, n, r, blocking);
    o->offset += a[1].of.u;
    comp_val v;
    w2_int(&v, T_U64, a[1].of.u);
    return w2_result(c, r, true, &v);
}

static wf_trap *skip_nb(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    return skip_any(c, a, n, r, false);
}

static wf_trap *skip_b(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    return skip_any(c, a, n, r, true);
}

static wf_trap *error_debug(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    ARGS("b");
    w2_obj *o = w2_obj_get(c->host, a[0].of.h.rep, O_ERROR);
    const char *s = strerror(o ? o->err : EINVAL);
    r->kind = T_STRING;
    r->of.str.p = s;
    r->of.str.len = (uint32_t)strlen(s);
    return NULL;
}

/* ---- wasi:io/poll and wasi:clocks ------------------------------------- */

static uint64_t mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* A new pollable; o.sock, if set, gets a reference of its own (the fd
 * stays open while the pollable lives). */
wf_trap *w2_pollable(comp_call *c, comp_val *r, w2_obj o)
{
    o.kind = O_POLLABLE;
    uint32_t rep = w2_obj_new(c->host, o);
    if (!rep)
        return w2_oom();
    if (o.sock)
        w2_sock_ref(o.sock);
    *r = w2_own(&c->host->r_pollable, rep);
    return NULL;
}

static wf_trap *subscribe_out(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    ARGS("b");
    w2_obj *o = stream(c, &a[0], O_OUT);
    /* Files and stdio writes always go through; sockets wait for room. */
    if (o && o->sock)
        return w2_pollable(c, r, (w2_obj){ .fd = o->fd, .events = POLLOUT, .sock = o->sock });
    return w2_pollable(c, r, (w2_obj){ .fd = -1 });
}

static wf_trap *subscribe_in(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    ARGS("b");
    w2_obj *o = stream(c, &a[0], O_IN);
    /* Files are always ready; stdin waits for input. */
    return w2_pollable(c, r, (w2_obj){ .fd = o && o->p1fd < 0 ? o->fd : -1, .sock = o ? o->sock : NULL });
}

static wf_trap *sub_duration(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    ARGS("w");
    return w2_pollable(c, r, (w2_obj){ .fd = -1, .deadline = mono_now() + a[0].of.u, .timed = true });
}

static wf_trap *sub_instant(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    ARGS("w");
    return w2_pollable(c, r, (w2_obj){ .fd = -1, .deadline = a[0].of.u, .timed = true });
}

static bool is_ready(w2_obj *p, uint64_t now)
{
    if (p->timed)
        return now >= p->deadline;
    if (p->fd < 0)
        return true;
    struct pollfd pf = { .fd = p->fd, .events = p->events ? p->events : POLLIN };
    return poll(&pf, 1, 0) != 0;
}

static wf_trap *poll_ready(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    ARGS("b");
    w2_obj *p = w2_obj_get(c->host, a[0].of.h.rep, O_POLLABLE);
    r->kind = T_BOOL;
    r->of.b = p && is_ready(p, mono_now());
    return NULL;
}

/* Wait until one of ps is ready: poll(2) on the fds, with the nearest
 * deadline as the timeout (at most a minute at a time). */
static wf_trap *wait_any(comp_host *h, const comp_val *ps, uint32_t n)
{
    struct pollfd small[64], *pf = n <= 64 ? small : malloc(n * sizeof *pf);
    if (!pf)
        return w2_oom();
    wf_trap *t = NULL;
    for (bool ready = false; !ready && !t;) {
        uint64_t now = mono_now(), next = UINT64_MAX;
        nfds_t nf = 0;
        for (uint32_t i = 0; i < n && !ready && !t; i++) {
            w2_obj *p = w2_obj_get(h, ps[i].of.h.rep, O_POLLABLE);
            if (!p)
                t = comp_trap("unknown pollable");
            else if (is_ready(p, now))
                ready = true;
            else if (p->timed && p->deadline < next)
                next = p->deadline;
            else if (!p->timed && p->fd >= 0)
                pf[nf++] = (struct pollfd){ .fd = p->fd, .events = p->events ? p->events : POLLIN };
        }
        if (ready || t)
            break;
        uint64_t ms = next == UINT64_MAX ? 60000 : (next - now) / 1000000u + 1;
        poll(pf, nf, ms > 60000 ? 60000 : (int)ms);
    }
    if (pf != small)
        free(pf);
    return t;
}

static wf_trap *poll_block(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    ARGS("b");
    return wait_any(c->host, a, 1);
}

static wf_trap *poll_list(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    ARGS("l");
    const comp_val *ps = a[0].of.agg.v;
    uint32_t np = a[0].of.agg.n, k = 0;
    if (np == 0)
        return comp_trap("poll: empty list of pollables");
    for (uint32_t i = 0; i < np; i++)
        if (ps[i].kind != T_BORROW)
            return comp_trap("host function: unexpected argument types");
    wf_trap *t = wait_any(c->host, ps, np);
    if (t)
        return t;
    comp_val *l = w2_vals(c, np);
    if (!l)
        return w2_oom();
    uint64_t now = mono_now();
    for (uint32_t i = 0; i < np; i++)
        if (is_ready(w2_obj_get(c->host, ps[i].of.h.rep, O_POLLABLE), now))
            w2_int(&l[k++], T_U32, i);
    r->kind = T_LIST;
    r->of.agg.v = l;
    r->of.agg.n = k;
    return NULL;
}

static wf_trap *mono_now_fn(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    ARGS("");
    w2_int(r, T_U64, mono_now());
    return NULL;
}

static wf_trap *mono_res(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    ARGS("");
    struct timespec ts;
    clock_getres(CLOCK_MONOTONIC, &ts);
    w2_int(r, T_U64, (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec);
    return NULL;
}

static wf_trap *datetime(comp_call *c, comp_val *r, bool res)
{
    struct timespec ts;
    if (res)
        clock_getres(CLOCK_REALTIME, &ts);
    else
        clock_gettime(CLOCK_REALTIME, &ts);
    comp_val *f = w2_vals(c, 2);
    if (!f)
        return w2_oom();
    w2_int(&f[0], T_U64, (uint64_t)ts.tv_sec);
    w2_int(&f[1], T_U32, (uint64_t)ts.tv_nsec);
    r->kind = T_RECORD;
    r->of.agg.v = f;
    r->of.agg.n = 2;
    return NULL;
}

static wf_trap *wall_now(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    ARGS("");
    return datetime(c, r, false);
}

static wf_trap *wall_res(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    ARGS("");
    return datetime(c, r, true);
}

/* ---- wasi:random --------------------------------------------------------- */

static wf_trap *random_bytes(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    ARGS("w");
    if (a[0].of.u > (64u << 20))
        return comp_trap("get-random-bytes: too many bytes");
    uint32_t len = (uint32_t)a[0].of.u;
    uint8_t *buf = wf_arena_alloc(c->arena, len + 1);
    if (!buf)
        return w2_oom();
    for (uint32_t done = 0; done < len;) {
        ssize_t k = getrandom(buf + done, len - done, 0);
        if (k < 0 && errno != EINTR)
            return comp_trap("getrandom failed");
        if (k > 0)
            done += (uint32_t)k;
    }
    *r = comp_bytes_val(buf, len);
    return NULL;
}

static wf_trap *random_u64(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    ARGS("");
    uint64_t v = 0;
    while (getrandom(&v, sizeof v, 0) != (ssize_t)sizeof v)
        ;
    w2_int(r, T_U64, v);
    return NULL;
}

static wf_trap *insecure_seed(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    ARGS("");
    comp_val *f = w2_vals(c, 2);
    if (!f)
        return w2_oom();
    uint64_t v[2] = {0};
    while (getrandom(v, sizeof v, 0) != (ssize_t)sizeof v)
        ;
    w2_int(&f[0], T_U64, v[0]);
    w2_int(&f[1], T_U64, v[1]);
    r->kind = T_TUPLE;
    r->of.agg.v = f;
    r->of.agg.n = 2;
    return NULL;
}

/* ---- the registry ------------------------------------------------------- */

static const w2_def defs[] = {
    { "wasi:cli/environment", "get-arguments", get_arguments },
    { "wasi:cli/environment", "get-environment", get_environment },
    { "wasi:cli/environment", "initial-cwd", initial_cwd },
    { "wasi:cli/exit", "exit", cli_exit },
    { "wasi:cli/exit", "exit-with-code", exit_with_code },
    { "wasi:cli/stdin", "get-stdin", get_stdin },
    { "wasi:cli/stdout", "get-stdout", get_stdout },
    { "wasi:cli/stderr", "get-stderr", get_stderr },
    { "wasi:cli/terminal-input", NULL, NULL },
    { "wasi:cli/terminal-output", NULL, NULL },
    { "wasi:cli/terminal-stdin", "get-terminal-stdin", term_stdin },
    { "wasi:cli/terminal-stdout", "get-terminal-stdout", term_stdout },
    { "wasi:cli/terminal-stderr", "get-terminal-stderr", term_stderr },
    { "wasi:io/error", "[method]error.to-debug-string", error_debug },
    { "wasi:io/poll", "[method]pollable.ready", poll_ready },
    { "wasi:io/poll", "[method]pollable.block", poll_block },
    { "wasi:io/poll", "poll", poll_list },
    { "wasi:io/streams", "[method]output-stream.check-write", check_write },
    { "wasi:io/streams", "[method]output-stream.write", write_ },
    { "wasi:io/streams", "[method]output-stream.blocking-write-and-flush", write_flush },
    { "wasi:io/streams", "[method]output-stream.flush", flush },
    { "wasi:io/streams", "[method]output-stream.write-zeroes", write_zeroes },
    { "wasi:io/streams", "[method]output-stream.blocking-write-zeroes-and-flush", write_zeroes_flush },
    { "wasi:io/streams", "[method]output-stream.blocking-flush", blocking_flush },
    { "wasi:io/streams", "[method]output-stream.subscribe", subscribe_out },
    { "wasi:io/streams", "[method]input-stream.read", read_nb },
    { "wasi:io/streams", "[method]input-stream.blocking-read", read_b },
    { "wasi:io/streams", "[method]input-stream.skip", skip_nb },
    { "wasi:io/streams", "[method]input-stream.blocking-skip", skip_b },
    { "wasi:io/streams", "[method]input-stream.subscribe", subscribe_in },
    { "wasi:clocks/monotonic-clock", "now", mono_now_fn },
    { "wasi:clocks/monotonic-clock", "resolution", mono_res },
    { "wasi:clocks/monotonic-clock", "subscribe-duration", sub_duration },
    { "wasi:clocks/monotonic-clock", "subscribe-instant", sub_instant },
    { "wasi:clocks/wall-clock", "now", wall_now },
    { "wasi:clocks/wall-clock", "resolution", wall_res },
    { "wasi:random/random", "get-random-bytes", random_bytes },
    { "wasi:random/random", "get-random-u64", random_u64 },
    { "wasi:random/insecure", "get-insecure-random-bytes", random_bytes },
    { "wasi:random/insecure", "get-insecure-random-u64", random_u64 },
    { "wasi:random/insecure-seed", "insecure-seed", insecure_seed },
    /* Known interfaces without an implementation yet: their functions are
     * stubs that trap when called (see comp_host_stub). */
    { "wasi:http/types", NULL, NULL },
    { "wasi:http/outgoing-handler", NULL, NULL },
    { NULL, NULL, NULL },
};

/* Which resource types each interface exports (re-exports use the same
 * object, as WIT's `use` makes them equal). */
typedef struct res_def { const char *iface, *name; size_t off; } res_def;
#define R(i, n, f) { i, n, offsetof(comp_host, f) }
static const res_def resdefs[] = {
    R("wasi:io/error", "error", r_error),
    R("wasi:io/poll", "pollable", r_pollable),
    R("wasi:io/streams", "error", r_error),
    R("wasi:io/streams", "pollable", r_pollable),
    R("wasi:io/streams", "input-stream", r_input),
    R("wasi:io/streams", "output-stream", r_output),
    R("wasi:cli/stdin", "input-stream", r_input),
    R("wasi:cli/stdout", "output-stream", r_output),
    R("wasi:cli/stderr", "output-stream", r_output),
    R("wasi:cli/terminal-input", "terminal-input", r_term_in),
    R("wasi:cli/terminal-output", "terminal-output", r_term_out),
    R("wasi:cli/terminal-stdin", "terminal-input", r_term_in),
    R("wasi:cli/terminal-stdout", "terminal-output", r_term_out),
    R("wasi:cli/terminal-stderr", "terminal-output", r_term_out),
    R("wasi:clocks/monotonic-clock", "pollable", r_pollable),
    R("wasi:filesystem/types", "descriptor", r_desc),
    R("wasi:filesystem/types", "directory-entry-stream", r_dirstream),
    R("wasi:filesystem/types", "input-stream", r_input),
    R("wasi:filesystem/types", "output-stream", r_output),
    R("wasi:filesystem/types", "error", r_error),
    R("wasi:filesystem/preopens", "descriptor", r_desc),
    R("wasi:sockets/network", "network", r_network),
    R("wasi:sockets/network", "error", r_error),
    R("wasi:sockets/instance-network", "network", r_network),
    R("wasi:sockets/ip-name-lookup", "network", r_network),
    R("wasi:sockets/ip-name-lookup", "pollable", r_pollable),
    R("wasi:sockets/ip-name-lookup", "resolve-address-stream", r_resolve),
    R("wasi:sockets/tcp", "network", r_network),
    R("wasi:sockets/tcp", "pollable", r_pollable),
    R("wasi:sockets/tcp", "input-stream", r_input),
    R("wasi:sockets/tcp", "output-stream", r_output),
    R("wasi:sockets/tcp", "tcp-socket", r_tcp),
    R("wasi:sockets/tcp-create-socket", "network", r_network),
    R("wasi:sockets/tcp-create-socket", "tcp-socket", r_tcp),
    R("wasi:sockets/udp", "network", r_network),
    R("wasi:sockets/udp", "pollable", r_pollable),
    R("wasi:sockets/udp", "udp-socket", r_udp),
    R("wasi:sockets/udp", "incoming-datagram-stream", r_dgram_in),
    R("wasi:sockets/udp", "outgoing-datagram-stream", r_dgram_out),
    R("wasi:sockets/udp-create-socket", "network", r_network),
    R("wasi:sockets/udp-create-socket", "udp-socket", r_udp),
    { NULL, NULL, 0 },
};
#undef R

static w2_iface *iface_get(comp_host *h, const char *name)
{
    for (uint32_t i = 0; i < h->nifaces; i++)
        if (!strcmp(h->ifaces[i].name, name))
            return &h->ifaces[i];
    if (h->nifaces == W2_MAX_IFACES)
        return NULL;
    w2_iface *f = &h->ifaces[h->nifaces++];
    f->name = name;
    f->inst = wf_arena_alloc(&h->arena, sizeof *f->inst);
    if (f->inst)
        f->inst->host = true;
    return f->inst ? f : NULL;
}

static bool add_res(comp_host *h, const res_def *d)
{
    w2_iface *f = iface_get(h, d->iface);
    comp_type *t = wf_arena_alloc(&h->arena, sizeof *t);
    if (!f || !t)
        return false;
    t->kind = T_RESOURCE;
    t->res = (comp_resource *)((char *)h + d->off);
    return comp_inst_add(&h->arena, f->inst, d->name, S_TYPE, t);
}

static bool add_fn(comp_host *h, const w2_def *d)
{
    w2_iface *f = iface_get(h, d->iface);
    if (!f)
        return false;
    if (!d->name)
        return true;
    comp_func *fn = wf_arena_alloc(&h->arena, sizeof *fn);
    if (!fn)
        return false;
    fn->host_fn = d->fn;
    return comp_inst_add(&h->arena, f->inst, d->name, S_FUNC, fn);
}

static void init_res(comp_host *h, comp_resource *r, const char *name, void (*drop)(void *, uint32_t))
{
    r->name = name;
    r->host = h;
    r->host_drop = drop;
}

comp_host *comp_host_new(wasi_ctx *ctx)
{
    comp_host *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->ctx = ctx;
    init_res(h, &h->r_error, "error", obj_drop);
    init_res(h, &h->r_pollable, "pollable", obj_drop);
    init_res(h, &h->r_input, "input-stream", obj_drop);
    init_res(h, &h->r_output, "output-stream", obj_drop);
    init_res(h, &h->r_term_in, "terminal-input", obj_drop);
    init_res(h, &h->r_term_out, "terminal-output", obj_drop);
    init_res(h, &h->r_desc, "descriptor", desc_drop);
    init_res(h, &h->r_dirstream, "directory-entry-stream", obj_drop);
    init_res(h, &h->r_network, "network", obj_drop);
    init_res(h, &h->r_tcp, "tcp-socket", obj_drop);
    init_res(h, &h->r_udp, "udp-socket", obj_drop);
    init_res(h, &h->r_dgram_in, "incoming-datagram-stream", obj_drop);
    init_res(h, &h->r_dgram_out, "outgoing-datagram-stream", obj_drop);
    init_res(h, &h->r_resolve, "resolve-address-stream", obj_drop);
    h->net = COMP_NET_DEFAULT;
    bool ok = true;
    for (const res_def *d = resdefs; ok && d->iface; d++)
        ok = add_res(h, d);
    for (const w2_def *d = defs; ok && d->iface; d++)
        ok = add_fn(h, d);
    for (const w2_def *d = w2_fs_defs; ok && d->iface; d++)
        ok = add_fn(h, d);
    const w2_def *sock_tabs[] = { w2_sock_defs, w2_tcp_defs, w2_udp_defs };
    for (size_t t = 0; t < 3; t++)
        for (const w2_def *d = sock_tabs[t]; ok && d->iface; d++)
            ok = add_fn(h, d);
    if (!ok) {
        comp_host_free(h);
        return NULL;
    }
    return h;
}

void comp_host_set_store_hook(comp_host *h, int (*hook)(wf_store *store, void *arg), void *arg)
{
    h->store_hook = hook;
    h->store_hook_arg = arg;
}

int comp_host_store_setup(comp_host *h, wf_store *store)
{
    return h->store_hook ? h->store_hook(store, h->store_hook_arg) : 0;
}

void comp_host_free(comp_host *h)
{
    if (!h)
        return;
    for (uint32_t i = 1; i < h->nobjs; i++)
    {
        if (h->objs[i].dir)
            w2_dirstream_close(&h->objs[i]);
        if (h->objs[i].sock)
            w2_sock_release(&h->objs[i], false);
    }
    free(h->objs);
    wf_arena_free(&h->arena);
    free(h);
}

static wf_trap *stub_fn(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)
{
    return comp_trap("not implemented by weft: %s", (const char *)env);
}

comp_func *comp_host_stub(comp_host *host, wf_arena *a, const char *what)
{
    comp_func *f = wf_arena_alloc(a, sizeof *f);
    char *name = wf_arena_alloc(a, strlen(what) + 1);
    if (!f || !name)
        return NULL;
    strcpy(name, what);
    f->host_fn = stub_fn;
    f->env = name;
    return f;
}

/* "ns:pkg/iface@1.2.3": compatible if the names are equal and the
 * versions agree on major (and on minor while major is 0). */
static bool parse_ver(const char *v, unsigned *maj, unsigned *min)
{
    return sscanf(v, "%u.%u", maj, min) == 2;
}

comp_inst *comp_host_instance(comp_host *h, const char *name)
{
    const char *at = strchr(name, '@');
    size_t nl = at ? (size_t)(at - name) : strlen(name);
    unsigned maj, min;
    if (at && (!parse_ver(at + 1, &maj, &min) || maj != W2_MAJOR || min != W2_MINOR))
        return NULL;
    for (uint32_t i = 0; i < h->nifaces; i++)
        if (strlen(h->ifaces[i].name) == nl && !memcmp(h->ifaces[i].name, name, nl))
            return h->ifaces[i].inst;
    return NULL;
}

/* wasi_ctx.c — the WASI process state (args, env, fd table, preopens,
 * listening sockets) and wasi_link, which turns the tables of preview-1
 * implementations in the other files into host functions. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "../util/util.h"
#include "wasi_int.h"

/* One linked function: the trampoline's env. */
typedef struct wasi_entry {
    wasi_ctx *ctx;
    wasi_impl impl;
    wf_functype type;
    uint8_t params[12];
} wasi_entry;

typedef struct wasi_entry_block {
    struct wasi_entry_block *next;
    wasi_entry e[];
} wasi_entry_block;

static const uint8_t res_i32[1] = { WF_I32 };

/* ---- context --------------------------------------------------------- */

/* The entry for guest stdio fd `which`: the host's own descriptor
 * (WK_STDIO, never closed) or, host >= 0, a redirection the ctx owns. */
static wasi_fd stdio_entry(int which, int host)
{
    struct stat st;
    wasi_fd f = { .kind = host >= 0 ? WK_FILE : WK_STDIO, .host = host >= 0 ? host : which,
                  .filetype = WT_UNKNOWN,
                  .rights = WR_FILE_BASE & ~(WR_FD_SEEK | WR_FD_TELL), .inheriting = 0 };
    if (fstat(f.host, &st) == 0) {
        f.filetype = wasi_filetype_of_mode(st.st_mode);
        if (S_ISREG(st.st_mode)) f.rights = WR_FILE_BASE;
    }
    return f;
}

static bool install_stdio(wasi_ctx *ctx)
{
    for (int i = 0; i < 3; i++) {
        ctx->stdio_flags[i] = fcntl(i, F_GETFL);
        if (wasi_fd_install(ctx, stdio_entry(i, -1)) < 0) return false;
    }
    return true;
}

static void fd_unref(wasi_ctx *ctx, wasi_fd *f);

bool wasi_ctx_set_stdio(wasi_ctx *ctx, int which, int host)
{
    if (which < 0 || which > 2) return false;
    wasi_fd *e = wf_malloc(sizeof *e);
    if (!e) return false;
    *e = stdio_entry(which, host);
    e->refs = 1;
    /* fds 0-2 exist from wasi_ctx_new on (nfds >= 16). */
    pthread_mutex_lock(&ctx->lock);
    wasi_fd *old = ctx->fds[which];
    ctx->fds[which] = e;
    pthread_mutex_unlock(&ctx->lock);
    if (old) fd_unref(ctx, old);
    return true;
}

void wasi_ctx_limit_stdio(wasi_ctx *ctx, int which, uint64_t max_size)
{
    if (which < 0 || which > 2) return;
    pthread_mutex_lock(&ctx->lock);
    if (ctx->fds[which]) ctx->fds[which]->max_size = max_size;
    pthread_mutex_unlock(&ctx->lock);
}

void wasi_ctx_clear_env(wasi_ctx *ctx)
{
    for (uint32_t i = 0; i < ctx->nenv; i++) free(ctx->env[i]);
    ctx->nenv = 0;
}

wasi_ctx *wasi_ctx_new(void)
{
    wasi_ctx *ctx = wf_calloc(1, sizeof *ctx);
    if (!ctx) return NULL;
    pthread_mutex_init(&ctx->lock, NULL);
    for (int i = 0; i < 3; i++) ctx->stdio_flags[i] = -1;
    if (!install_stdio(ctx)) { wasi_ctx_free(ctx); return NULL; }
    return ctx;
}

static void fd_destroy(wasi_fd *f);

static void free_strs(char **v, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) free(v[i]);
    free(v);
}

void wasi_ctx_free(wasi_ctx *ctx)
{
    if (!ctx) return;
    /* A guest may have made the shared stdio nonblocking or append-only:
     * the terminal and pipes outlive us, so put their flags back. */
    for (int i = 0; i < 3; i++)
        if (ctx->stdio_flags[i] >= 0 && fcntl(i, F_GETFL) != ctx->stdio_flags[i])
            fcntl(i, F_SETFL, ctx->stdio_flags[i]);
    free_strs(ctx->argv, ctx->argc);
    free_strs(ctx->env, ctx->nenv);
    for (uint32_t i = 0; i < ctx->nfds; i++) if (ctx->fds[i]) fd_destroy(ctx->fds[i]);
    free(ctx->fds);
    pthread_mutex_destroy(&ctx->lock);
    wasi_entry_block *b = (wasi_entry_block *)ctx->entries;
    while (b) { wasi_entry_block *n = b->next; free(b); b = n; }
    free(ctx);
}

bool wasi_ctx_set_args(wasi_ctx *ctx, int argc, const char *const *argv)
{
    if (argc < 0) return false;
    char **v = wf_calloc((size_t)argc + 1, sizeof *v);
    if (!v) return false;
    for (int i = 0; i < argc; i++) {
        v[i] = wf_strndup(argv[i], strlen(argv[i]));
        if (!v[i]) { free_strs(v, (uint32_t)i); return false; }
    }
    free_strs(ctx->argv, ctx->argc);
    ctx->argv = v;
    ctx->argc = (uint32_t)argc;
    return true;
}

bool wasi_ctx_add_env(wasi_ctx *ctx, const char *name, const char *value)
{
    size_t nl = strlen(name), vl = value ? strlen(value) : 0;
    if (ctx->nenv == ctx->env_cap) {
        uint32_t cap = ctx->env_cap ? ctx->env_cap * 2 : 8;
        char **v = wf_realloc(ctx->env, cap * sizeof *v);
        if (!v) return false;
        ctx->env = v;
        ctx->env_cap = cap;
    }
    char *s = wf_malloc(nl + vl + 2);
    if (!s) return false;
    memcpy(s, name, nl);
    s[nl] = '=';
    if (vl) memcpy(s + nl + 1, value, vl);
    s[nl + 1 + vl] = 0;
    ctx->env[ctx->nenv++] = s;
    return true;
}

/* What a read-only preopen and everything opened beneath it keep: no
 * creating, writing, truncating, renaming, linking, removing or touching. */
#define WR_READONLY_DIR (WR_FD_FDSTAT_SET_FLAGS | WR_FD_SYNC | WR_FD_DATASYNC | \
    WR_PATH_OPEN | WR_FD_READDIR | WR_PATH_READLINK | WR_PATH_FILESTAT_GET | \
    WR_FD_FILESTAT_GET | WR_POLL_FD_READWRITE)
#define WR_READONLY_FILE (WR_FD_READ | WR_FD_SEEK | WR_FD_TELL | WR_FD_FDSTAT_SET_FLAGS | \
    WR_FD_ADVISE | WR_FD_FILESTAT_GET | WR_POLL_FD_READWRITE | WR_FD_SYNC | WR_FD_DATASYNC)

static bool preopen(wasi_ctx *ctx, const char *host, const char *guest, uint64_t rights,
                    uint64_t inheriting, wf_error *err);

bool wasi_ctx_preopen_dir(wasi_ctx *ctx, const char *host, const char *guest, wf_error *err)
{
    return preopen(ctx, host, guest, WR_DIR_BASE, WR_DIR_BASE | WR_FILE_BASE, err);
}

bool wasi_ctx_preopen_dir_readonly(wasi_ctx *ctx, const char *host, const char *guest,
                                   wf_error *err)
{
    return preopen(ctx, host, guest, WR_READONLY_DIR, WR_READONLY_DIR | WR_READONLY_FILE, err);
}

static bool preopen(wasi_ctx *ctx, const char *host, const char *guest, uint64_t rights,
                    uint64_t inheriting, wf_error *err)
{
    if (!guest) guest = host;
    int d = open(host, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (d < 0) return wf_fail(err, WF_ERR_IO, 0, "cannot open directory %s: %s", host, strerror(errno));
    char *name = wf_strndup(guest, strlen(guest));
    if (!name) { close(d); return wf_fail(err, WF_ERR_LIMIT, 0, "out of memory"); }
    wasi_fd f = { .kind = WK_DIR, .host = d, .filetype = WT_DIRECTORY,
                  .rights = rights, .inheriting = inheriting, .preopen = name };
    if (wasi_fd_install(ctx, f) < 0) {
        close(d); free(name);
        return wf_fail(err, WF_ERR_LIMIT, 0, "out of memory");
    }
    return true;
}

/* Split "HOST:PORT" (HOST may be [v6]) and open a listening socket. */
static int listen_on(const char *addr, wf_error *err)
{
    const char *whole = addr;
    const char *colon = strrchr(addr, ':');
    if (!colon || colon == addr || !colon[1]) {
        wf_fail(err, WF_ERR_IO, 0, "bad --tcplisten address %s (want HOST:PORT)", addr);
        return -1;
    }
    char host[256];
    size_t hl = (size_t)(colon - addr);
    if (addr[0] == '[' && hl >= 2 && addr[hl - 1] == ']') { addr++; hl -= 2; }
    if (hl >= sizeof host) { wf_fail(err, WF_ERR_IO, 0, "address too long"); return -1; }
    memcpy(host, addr, hl);
    host[hl] = 0;
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                              .ai_flags = AI_PASSIVE | AI_NUMERICSERV }, *res = NULL;
    int rc = getaddrinfo(host, colon + 1, &hints, &res);
    if (rc != 0) { wf_fail(err, WF_ERR_IO, 0, "cannot resolve %s: %s", host, gai_strerror(rc)); return -1; }
    int s = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    if (s >= 0) setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (s < 0 || bind(s, res->ai_addr, res->ai_addrlen) != 0 || listen(s, 128) != 0) {
        wf_fail(err, WF_ERR_IO, 0, "cannot listen on %s: %s", whole, strerror(errno));
        if (s >= 0) close(s);
        s = -1;
    }
    freeaddrinfo(res);
    return s;
}

bool wasi_ctx_tcplisten(wasi_ctx *ctx, const char *addr, wf_error *err)
{
    int s = listen_on(addr, err);
    if (s < 0) return false;
    /* As wasmtime: the listener is nonblocking, so sock_accept with no
     * client waiting is EAGAIN and guests poll_oneoff on it first. */
    int fl = fcntl(s, F_GETFL);
    if (fl >= 0) fcntl(s, F_SETFL, fl | O_NONBLOCK);
    wasi_fd f = { .kind = WK_SOCKET, .host = s, .filetype = WT_SOCKET_STREAM,
                  .fdflags = WF_FL_NONBLOCK, .rights = WR_SOCK_BASE, .inheriting = WR_SOCK_BASE };
    if (wasi_fd_install(ctx, f) < 0) { close(s); return wf_fail(err, WF_ERR_LIMIT, 0, "out of memory"); }
    return true;
}

/* ---- fd table -------------------------------------------------------- */

static void fd_destroy(wasi_fd *f)
{
    if (f->dir) wasi_dirstream_free(f->dir);
    /* The host's stdio stays open for the host (and for error messages). */
    if (f->kind != WK_STDIO && f->host >= 0) close(f->host);
    free(f->preopen);
    free(f);
}

/* Drop one reference; the last one closes. */
static void fd_unref(wasi_ctx *ctx, wasi_fd *f)
{
    pthread_mutex_lock(&ctx->lock);
    bool last = --f->refs == 0;
    pthread_mutex_unlock(&ctx->lock);
    if (last) fd_destroy(f);
}

/* Entries the current thread took during the host call in progress. */
static _Thread_local struct { wasi_fd **v; size_t n, cap; } held;

wasi_fd *wasi_fd_get(wasi_ctx *ctx, uint32_t fd, uint64_t need, uint32_t *err)
{
    if (held.n == held.cap) {
        size_t cap = held.cap ? held.cap * 2 : 8;
        wasi_fd **v = realloc(held.v, cap * sizeof *v);
        if (!v) { *err = WE_NOMEM; return NULL; }
        held.v = v;
        held.cap = cap;
    }
    pthread_mutex_lock(&ctx->lock);
    wasi_fd *f = fd < ctx->nfds ? ctx->fds[fd] : NULL;
    if (f) f->refs++;
    pthread_mutex_unlock(&ctx->lock);
    if (!f) { *err = WE_BADF; return NULL; }
    held.v[held.n++] = f;
    if ((f->rights & need) != need) { *err = WE_NOTCAPABLE; return NULL; }
    return f;
}

void wasi_call_end(wasi_ctx *ctx)
{
    while (held.n > 0) fd_unref(ctx, held.v[--held.n]);
}

int64_t wasi_fd_install(wasi_ctx *ctx, wasi_fd f)
{
    wasi_fd *e = wf_malloc(sizeof *e);
    if (!e) return -1;
    *e = f;
    e->refs = 1;
    pthread_mutex_lock(&ctx->lock);
    uint32_t i = 0;
    while (i < ctx->nfds && ctx->fds[i]) i++;
    if (i == ctx->nfds) {
        uint32_t cap = ctx->nfds ? ctx->nfds * 2 : 16;
        wasi_fd **v = ctx->nfds >= (1u << 20) ? NULL : wf_realloc(ctx->fds, cap * sizeof *v);
        if (!v) { pthread_mutex_unlock(&ctx->lock); free(e); return -1; }
        memset(v + ctx->nfds, 0, (cap - ctx->nfds) * sizeof *v);
        ctx->fds = v;
        ctx->nfds = cap;
    }
    ctx->fds[i] = e;
    pthread_mutex_unlock(&ctx->lock);
    return i;
}

uint32_t wasi_fd_close(wasi_ctx *ctx, uint32_t fd)
{
    pthread_mutex_lock(&ctx->lock);
    wasi_fd *f = fd < ctx->nfds ? ctx->fds[fd] : NULL;
    if (f) ctx->fds[fd] = NULL;
    pthread_mutex_unlock(&ctx->lock);
    if (!f) return WE_BADF;
    fd_unref(ctx, f);
    return WE_SUCCESS;
}

uint32_t wasi_fd_renumber(wasi_ctx *ctx, uint32_t from, uint32_t to)
{
    pthread_mutex_lock(&ctx->lock);
    wasi_fd *a = from < ctx->nfds ? ctx->fds[from] : NULL;
    wasi_fd *b = to < ctx->nfds ? ctx->fds[to] : NULL;
    if (!a || !b) { pthread_mutex_unlock(&ctx->lock); return WE_BADF; }
    if (a == b) { pthread_mutex_unlock(&ctx->lock); return WE_SUCCESS; }
    ctx->fds[to] = a;
    ctx->fds[from] = NULL;
    pthread_mutex_unlock(&ctx->lock);
    fd_unref(ctx, b);
    return WE_SUCCESS;
}

uint8_t wasi_filetype_of_mode(unsigned mode)
{
    switch (mode & S_IFMT) {
    case S_IFREG: return WT_REGULAR_FILE;
    case S_IFDIR: return WT_DIRECTORY;
    case S_IFCHR: return WT_CHARACTER_DEVICE;
    case S_IFBLK: return WT_BLOCK_DEVICE;
    case S_IFLNK: return WT_SYMBOLIC_LINK;
    case S_IFSOCK: return WT_SOCKET_STREAM;
    default: return WT_UNKNOWN;
    }
}

uint32_t wasi_iovs(wmem *m, uint32_t iovs, uint32_t n, struct iovec *out, int *nout)
{
    if (n > 1024) return WE_INVAL;
    if (!wm_ok(m, iovs, (uint64_t)n * 8)) return WE_FAULT;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t p = wm_u32(m, iovs + i * 8), len = wm_u32(m, iovs + i * 8 + 4);
        if (!wm_ok(m, p, len)) return WE_FAULT;
        out[i].iov_base = m->base + p;
        out[i].iov_len = len;
    }
    *nout = (int)n;
    return WE_SUCCESS;
}

/* ---- args and environment ------------------------------------------- */

static uint32_t strs_sizes(char **v, uint32_t n, wmem *m, uint32_t pcount, uint32_t psize)
{
    uint64_t bytes = 0;
    for (uint32_t i = 0; i < n; i++) bytes += strlen(v[i]) + 1;
    if (!wm_ok(m, pcount, 4) || !wm_ok(m, psize, 4)) return WE_FAULT;
    wm_put32(m, pcount, n);
    wm_put32(m, psize, (uint32_t)bytes);
    return WE_SUCCESS;
}

static uint32_t strs_get(char **v, uint32_t n, wmem *m, uint32_t ptrs, uint32_t buf)
{
    if (!wm_ok(m, ptrs, (uint64_t)n * 4)) return WE_FAULT;
    for (uint32_t i = 0; i < n; i++) {
        size_t len = strlen(v[i]) + 1;
        if (!wm_ok(m, buf, len)) return WE_FAULT;
        memcpy(m->base + buf, v[i], len);
        wm_put32(m, ptrs + i * 4, buf);
        buf += (uint32_t)len;
    }
    return WE_SUCCESS;
}

static uint32_t args_sizes_get(wasi_ctx *c, wmem *m, const wf_val *a) { return strs_sizes(c->argv, c->argc, m, A32(0), A32(1)); }
static uint32_t args_get(wasi_ctx *c, wmem *m, const wf_val *a) { return strs_get(c->argv, c->argc, m, A32(0), A32(1)); }
static uint32_t environ_sizes_get(wasi_ctx *c, wmem *m, const wf_val *a) { return strs_sizes(c->env, c->nenv, m, A32(0), A32(1)); }
static uint32_t environ_get(wasi_ctx *c, wmem *m, const wf_val *a) { return strs_get(c->env, c->nenv, m, A32(0), A32(1)); }

static const wasi_def defs_ctx[] = {
    { "args_get", "ii", args_get },
    { "args_sizes_get", "ii", args_sizes_get },
    { "environ_get", "ii", environ_get },
    { "environ_sizes_get", "ii", environ_sizes_get },
    { NULL, NULL, NULL },
};

/* ---- linking --------------------------------------------------------- */

/* WASI reaches the memory the caller exports as "memory" (as wasmtime
 * does), which need not be memory 0 now that a module may have several.
 * A module exporting no memory of that name (wasi-threads programs that
 * only import theirs) keeps memory 0, as before multi-memory. */
static wmem caller_wasi_memory(wf_caller *caller)
{
    wmem m = { NULL, 0 };
    wf_extern ex;
    wf_memory *mem = wf_caller_memory(caller);
    if (wf_caller_export(caller, "memory", &ex) && ex.kind == WF_EXTERN_MEMORY)
        mem = ex.of.memory;
    if (mem) { m.base = wf_memory_data(mem); m.size = wf_memory_size(mem); }
    return m;
}

static wf_trap *trampoline(wf_caller *caller, void *env, const wf_val *args, wf_val *results)
{
    wasi_entry *e = env;
    wmem m = caller_wasi_memory(caller);
    results[0].kind = WF_I32;
    results[0].of.i32 = (int32_t)e->impl(e->ctx, &m, args);
    wasi_call_end(e->ctx);
    return NULL;
}

static wf_trap *proc_exit(wf_caller *caller, void *env, const wf_val *args, wf_val *results)
{
    /* As wasmtime: statuses a shell would read as signals are refused. */
    if ((uint32_t)args[0].of.i32 >= 126)
        return wf_trap_new(WF_TRAP_HOST, "exit with invalid exit status outside of [0..126)");
    return wf_trap_new_exit(args[0].of.i32);
}

/* Signals are not delivered to guests; wasmtime traps the same way. */
static wf_trap *proc_raise(wf_caller *caller, void *env, const wf_val *args, wf_val *results)
{
    return wf_trap_new(WF_TRAP_HOST, "proc_raise unsupported");
}

static const uint8_t proc_exit_params[1] = { WF_I32 };
static const wf_functype proc_exit_type = { 1, 0, proc_exit_params, NULL };
static const wf_functype proc_raise_type = { 1, 1, proc_exit_params, res_i32 };

static void define_fn(wf_linker *linker, wf_store *store, const char *name,
                      const wf_functype *type, wf_host_fn fn, void *env)
{
    wf_func *f = wf_func_new_host(store, type, fn, env, NULL);
    if (f) wf_linker_define(linker, "wasi_snapshot_preview1", name,
                            (wf_extern){ .kind = WF_EXTERN_FUNC, .of.func = f });
}

static size_t count_defs(const wasi_def *d) { size_t n = 0; while (d[n].name) n++; return n; }

static void fill_defs(wasi_ctx *ctx, const wasi_def *d, wasi_entry *out)
{
    for (; d->name; d++, out++) {
        out->ctx = ctx;
        out->impl = d->impl;
        size_t np = strlen(d->sig);
        for (size_t i = 0; i < np; i++) out->params[i] = d->sig[i] == 'I' ? WF_I64 : WF_I32;
        out->type = (wf_functype){ (uint32_t)np, 1, out->params, res_i32 };
    }
}

static void link_defs(wf_linker *linker, wf_store *store, const wasi_def *d, wasi_entry *e)
{
    for (; d->name; d++, e++)
        define_fn(linker, store, d->name, &e->type, trampoline, e);
}


void wasi_link(wasi_ctx *ctx, wf_linker *linker)
{
    const wasi_def *tables[] = { defs_ctx, wasi_defs_fd, wasi_defs_path, wasi_defs_misc };
    size_t n = 0;
    for (size_t t = 0; t < 4; t++) n += count_defs(tables[t]);
    /* Threads link their own instances against the same ctx: the entries
     * (the host functions' env) are made once and shared by every link,
     * so spawning threads does not grow the ctx. */
    pthread_mutex_lock(&ctx->lock);
    wasi_entry_block *b = (wasi_entry_block *)ctx->entries;
    if (!b && (b = wf_calloc(1, sizeof *b + n * sizeof(wasi_entry)))) {
        size_t at = 0;
        for (size_t t = 0; t < 4; t++) {
            fill_defs(ctx, tables[t], b->e + at);
            at += count_defs(tables[t]);
        }
        ctx->entries = (struct wasi_entry *)b;
    }
    pthread_mutex_unlock(&ctx->lock);
    if (!b) return;
    wf_store *store = wf_linker_store(linker);
    size_t at = 0;
    for (size_t t = 0; t < 4; t++) {
        link_defs(linker, store, tables[t], b->e + at);
        at += count_defs(tables[t]);
    }
    define_fn(linker, store, "proc_exit", &proc_exit_type, proc_exit, ctx);
    define_fn(linker, store, "proc_raise", &proc_raise_type, proc_raise, ctx);
}

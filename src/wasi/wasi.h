/* wasi.h — WASI preview 1 (wasi_snapshot_preview1) host.
 *
 * A wasi_ctx holds one process's WASI state: args, environment, the fd
 * table with its preopened directories, and the exit status. It is shared
 * by every instance of that process (wasi-threads makes one per thread).
 * The host functions are plain wf_host_fn functions defined into a linker;
 * they reach guest memory only through wf_caller_memory, and a bad guest
 * pointer or length is errno FAULT, never a host fault.
 *
 * Sandbox: the guest reaches only its preopened directories. Every path is
 * resolved beneath one (openat2 RESOLVE_BENEATH, or a component walk when
 * the kernel lacks it or WEFT_WASI_NO_OPENAT2=1 is set); `..`, absolute
 * paths and symlinks leading out fail with NOTCAPABLE.
 *
 * Threads: one ctx may serve instances running on several threads; the fd
 * table is locked and its entries reference-counted. wasi_ctx_free puts
 * back the host's stdio file status flags (a guest may set nonblock). */
#ifndef WEFT_WASI_H
#define WEFT_WASI_H

#include "weft.h"

typedef struct wasi_ctx wasi_ctx;

wasi_ctx *wasi_ctx_new(void);
void wasi_ctx_free(wasi_ctx *ctx);

/* argv[0] included (the program name the guest sees). Copied. */
bool wasi_ctx_set_args(wasi_ctx *ctx, int argc, const char *const *argv);
/* NAME=VALUE pairs, copied. */
bool wasi_ctx_add_env(wasi_ctx *ctx, const char *name, const char *value);
/* Forget every variable added so far. */
void wasi_ctx_clear_env(wasi_ctx *ctx);
/* Redirect guest fd `which` (0, 1 or 2) to host descriptor `host`, which
 * the ctx then owns and closes; host -1 gives back the host's own stdio
 * descriptor `which` (never closed). False on a bad `which` or no memory
 * (then `host` is still the caller's). */
bool wasi_ctx_set_stdio(wasi_ctx *ctx, int which, int host);
/* Writes to guest fd `which` (0-2, a redirection to a regular file) end
 * at file size max_size: a write with no room left is NOSPC. 0: none. */
void wasi_ctx_limit_stdio(wasi_ctx *ctx, int which, uint64_t max_size);
/* Preopen host directory `host` as guest path `guest` (NULL: same as
 * host). Preopens and listeners take fds 3, 4, ... in the order added. */
bool wasi_ctx_preopen_dir(wasi_ctx *ctx, const char *host, const char *guest, wf_error *err);
/* The same without any right to change what lies beneath: files open for
 * reading only; nothing is created, written, renamed, linked or removed. */
bool wasi_ctx_preopen_dir_readonly(wasi_ctx *ctx, const char *host, const char *guest,
                                   wf_error *err);
/* Preopen a listening TCP socket on HOST:PORT ([v6]:PORT too) for
 * sock_accept; nonblocking, as wasmtime's --tcplisten. */
bool wasi_ctx_tcplisten(wasi_ctx *ctx, const char *addr, wf_error *err);

/* Define every wasi_snapshot_preview1 function in `linker`. The ctx must
 * outlive the instances linked with it. */
void wasi_link(wasi_ctx *ctx, wf_linker *linker);

/* ---- wasi-threads (threads.c) ----
 * The `wasi` `thread-spawn` import: each thread is a new instance of the
 * module in its own store, sharing the ctx and the module's imported
 * shared memory, which the host makes (whatever the import's names). */
typedef struct wasi_threads wasi_threads;

/* True if the module imports `wasi` `thread-spawn` or a shared memory. */
bool wasi_threads_wanted(const wf_module *module);
/* At most max_threads threads (beyond the main one) live at once. */
wasi_threads *wasi_threads_new(wasi_ctx *ctx, const wf_module *module, uint32_t max_threads);
/* Define thread-spawn and the shared memory (made on the first call, in
 * the linker's store) in `linker`, after wasi_link. */
bool wasi_threads_link(wasi_threads *t, wf_linker *linker, wf_error *err);
/* Call fn on each spawned thread's new store before its instance is made
 * (e.g. to give it the main store's limits, fuel or timeout). */
void wasi_threads_on_store(wasi_threads *t, void (*fn)(wf_store *store, void *arg), void *arg);
/* Spawned threads still running. */
uint32_t wasi_threads_live(wasi_threads *t);
/* Only once no thread is live. */
void wasi_threads_free(wasi_threads *t);

#endif

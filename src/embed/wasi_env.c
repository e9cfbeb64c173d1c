/* wasi_env.c — the public WASI configuration API (include/wasi.h) over
 * src/wasi's wasi_ctx and the C API's store (src/capi).
 *
 * A config holds a wasi_ctx from the start: setters apply at once, so a
 * bad path fails where it is given. In-memory stdin and captured output
 * are anonymous files (memfd): the guest's fd is an ordinary descriptor,
 * so read, write, seek, poll and fdstat need no special case in src/wasi;
 * the env keeps its own duplicate of a captured stream to read it back
 * even after the guest closed its fd. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../capi/capi.h"
#include "../wasi/wasi.h"
#include "wasi.h"

extern char **environ;

#define PREVIEW1 "wasi_snapshot_preview1"

struct wasi_config_t {
    wasi_ctx *ctx;
    int capture[3];     /* our duplicate of a captured stream, else -1 */
    uint64_t capture_limit;
    char err[256];
};

/* The preview-1 functions made in one C API store, reused by every
 * import asked for there. A hidden object of the store owns this record:
 * its finalizer runs when the store is deleted, so a dead store is never
 * mistaken for a new one at the same address. */
typedef struct store_link {
    wasi_env_t *env;            /* NULL once the env is gone */
    wasm_store_t *store;
    wf_linker *linker;          /* NULL once the env is gone */
    struct store_link *next;
} store_link;

struct wasi_env_t {
    wasi_ctx *ctx;
    int capture[3];
    store_link *links;
    char err[256];
};

static bool failf(char *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, 256, fmt, ap);
    va_end(ap);
    return false;
}

/* An unnamed read/write file in memory. */
static int anon_file(void)
{
    int fd = memfd_create("weft-wasi", MFD_CLOEXEC);
    if (fd >= 0 || errno != ENOSYS) return fd;
    char path[] = "/tmp/weft-wasi-XXXXXX";
    fd = mkostemp(path, O_CLOEXEC);
    if (fd >= 0) unlink(path);
    return fd;
}

static bool write_all(int fd, const uint8_t *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

/* Point guest fd `which` at host fd `host` (taken over; -1: inherit),
 * forgetting an earlier capture of that stream. */
static bool set_stream(wasi_config_t *c, int which, int host)
{
    if (!wasi_ctx_set_stdio(c->ctx, which, host)) {
        if (host >= 0) close(host);
        return failf(c->err, "out of memory");
    }
    if (c->capture[which] >= 0) close(c->capture[which]);
    c->capture[which] = -1;
    return true;
}

static bool stream_to_null(wasi_config_t *c, int which)
{
    int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (fd < 0) fd = anon_file();
    if (fd < 0) return failf(c->err, "cannot open /dev/null: %s", strerror(errno));
    return set_stream(c, which, fd);
}

static bool stream_to_file(wasi_config_t *c, int which, const char *path, int flags)
{
    int fd = open(path, flags | O_CLOEXEC, 0666);
    if (fd < 0) return failf(c->err, "cannot open %s: %s", path, strerror(errno));
    return set_stream(c, which, fd);
}

static bool stream_capture(wasi_config_t *c, int which)
{
    int fd = anon_file();
    if (fd < 0) return failf(c->err, "cannot make a memory file: %s", strerror(errno));
    int keep = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (keep < 0) {
        close(fd);
        return failf(c->err, "cannot duplicate a descriptor: %s", strerror(errno));
    }
    if (!set_stream(c, which, fd)) { close(keep); return false; }
    c->capture[which] = keep;
    wasi_ctx_limit_stdio(c->ctx, which, c->capture_limit);
    return true;
}

void wasi_config_set_capture_limit(wasi_config_t *c, size_t max_bytes)
{
    c->capture_limit = max_bytes;
    for (int i = 1; i < 3; i++)
        if (c->capture[i] >= 0) wasi_ctx_limit_stdio(c->ctx, i, max_bytes);
}

/* ---- configuration ---------------------------------------------------- */

void wasi_config_delete(wasi_config_t *c)
{
    if (!c) return;
    for (int i = 0; i < 3; i++) if (c->capture[i] >= 0) close(c->capture[i]);
    wasi_ctx_free(c->ctx);
    free(c);
}

wasi_config_t *wasi_config_new(void)
{
    wasi_config_t *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    for (int i = 0; i < 3; i++) c->capture[i] = -1;
    c->ctx = wasi_ctx_new();
    bool ok = c->ctx != NULL;
    for (int i = 0; ok && i < 3; i++) ok = stream_to_null(c, i);
    if (!ok) { wasi_config_delete(c); return NULL; }
    c->err[0] = 0;
    return c;
}

const char *wasi_config_error(const wasi_config_t *c) { return c->err; }

bool wasi_config_set_argv(wasi_config_t *c, size_t argc, const char *const argv[])
{
    if (argc > 1u << 20) return failf(c->err, "too many arguments");
    for (size_t i = 0; i < argc; i++)
        if (!argv[i]) return failf(c->err, "argument %zu is NULL", i);
    if (!wasi_ctx_set_args(c->ctx, (int)argc, argv)) return failf(c->err, "out of memory");
    return true;
}

bool wasi_config_inherit_argv(wasi_config_t *c)
{
    int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return failf(c->err, "cannot read /proc/self/cmdline: %s", strerror(errno));
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 4096;
            char *p = realloc(buf, cap + 1);
            if (!p) { free(buf); close(fd); return failf(c->err, "out of memory"); }
            buf = p;
        }
        ssize_t r = read(fd, buf + len, cap - len);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        len += (size_t)r;
    }
    close(fd);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) n += buf[i] == 0;
    const char **v = calloc(n + 1, sizeof *v);
    bool ok = v != NULL;
    if (ok) {
        size_t k = 0;
        for (size_t i = 0; i < len && k < n; i += strlen(buf + i) + 1) v[k++] = buf + i;
        ok = wasi_config_set_argv(c, n, v);
    } else {
        failf(c->err, "out of memory");
    }
    free(v);
    free(buf);
    return ok;
}

bool wasi_config_set_env(wasi_config_t *c, size_t envc, const char *const names[],
                         const char *const values[])
{
    wasi_ctx_clear_env(c->ctx);
    for (size_t i = 0; i < envc; i++) {
        if (!names[i] || strchr(names[i], '='))
            return failf(c->err, "bad environment variable name");
        if (!wasi_ctx_add_env(c->ctx, names[i], values[i] ? values[i] : ""))
            return failf(c->err, "out of memory");
    }
    return true;
}

bool wasi_config_inherit_env(wasi_config_t *c)
{
    wasi_ctx_clear_env(c->ctx);
    for (char **e = environ; e && *e; e++) {
        const char *eq = strchr(*e, '=');
        if (!eq) continue;
        char *name = strndup(*e, (size_t)(eq - *e));
        bool ok = name && wasi_ctx_add_env(c->ctx, name, eq + 1);
        free(name);
        if (!ok) return failf(c->err, "out of memory");
    }
    return true;
}

bool wasi_config_set_stdin_file(wasi_config_t *c, const char *path)
{
    return stream_to_file(c, 0, path, O_RDONLY);
}

bool wasi_config_set_stdin_bytes(wasi_config_t *c, wasm_byte_vec_t *bytes)
{
    int fd = anon_file();
    bool ok = fd >= 0;
    if (!ok) failf(c->err, "cannot make a memory file: %s", strerror(errno));
    if (ok && bytes && bytes->size && !write_all(fd, (const uint8_t *)bytes->data, bytes->size))
        ok = failf(c->err, "cannot fill stdin: %s", strerror(errno));
    if (ok && lseek(fd, 0, SEEK_SET) != 0) ok = failf(c->err, "cannot rewind stdin");
    if (bytes) wasm_byte_vec_delete(bytes);
    if (!ok) {
        if (fd >= 0) close(fd);
        return false;
    }
    return set_stream(c, 0, fd);
}

void wasi_config_inherit_stdin(wasi_config_t *c) { set_stream(c, 0, -1); }

bool wasi_config_set_stdout_file(wasi_config_t *c, const char *path)
{
    return stream_to_file(c, 1, path, O_WRONLY | O_CREAT | O_TRUNC);
}
bool wasi_config_capture_stdout(wasi_config_t *c) { return stream_capture(c, 1); }
void wasi_config_inherit_stdout(wasi_config_t *c) { set_stream(c, 1, -1); }

bool wasi_config_set_stderr_file(wasi_config_t *c, const char *path)
{
    return stream_to_file(c, 2, path, O_WRONLY | O_CREAT | O_TRUNC);
}
bool wasi_config_capture_stderr(wasi_config_t *c) { return stream_capture(c, 2); }
void wasi_config_inherit_stderr(wasi_config_t *c) { set_stream(c, 2, -1); }

bool wasi_config_preopen_dir(wasi_config_t *c, const char *host_path, const char *guest_path)
{
    wf_error err = {0};
    if (!host_path) return failf(c->err, "no directory given");
    if (!wasi_ctx_preopen_dir(c->ctx, host_path, guest_path, &err))
        return failf(c->err, "%s", err.msg);
    return true;
}

bool wasi_config_preopen_dir_readonly(wasi_config_t *c, const char *host_path,
                                      const char *guest_path)
{
    wf_error err = {0};
    if (!host_path) return failf(c->err, "no directory given");
    if (!wasi_ctx_preopen_dir_readonly(c->ctx, host_path, guest_path, &err))
        return failf(c->err, "%s", err.msg);
    return true;
}

/* ---- env -------------------------------------------------------------- */

wasi_env_t *wasi_env_new(wasi_config_t *c)
{
    if (!c) return NULL;
    wasi_env_t *e = calloc(1, sizeof *e);
    if (!e) { wasi_config_delete(c); return NULL; }
    e->ctx = c->ctx;
    memcpy(e->capture, c->capture, sizeof e->capture);
    free(c);
    return e;
}

void wasi_env_delete(wasi_env_t *e)
{
    if (!e) return;
    /* The stores still hold the records; they free them. */
    for (store_link *k = e->links; k; k = k->next) {
        wf_linker_free(k->linker);
        k->linker = NULL;
        k->env = NULL;
    }
    for (int i = 0; i < 3; i++) if (e->capture[i] >= 0) close(e->capture[i]);
    wasi_ctx_free(e->ctx);
    free(e);
}

const char *wasi_env_error(const wasi_env_t *e) { return e->err; }

void wasi_env_link(wasi_env_t *e, wf_linker *linker) { wasi_link(e->ctx, linker); }

/* A wasm_name_t as a C string in buf; false if it holds a NUL or is long. */
static bool name_str(const wasm_name_t *n, char *buf, size_t cap)
{
    if (!n || n->size >= cap || (n->size && memchr(n->data, 0, n->size))) return false;
    if (n->size) memcpy(buf, n->data, n->size);
    buf[n->size] = 0;
    return true;
}

/* The preview-1 function `name` made in s through linker l, or NULL. */
static wasm_extern_t *lookup(wasm_store_t *s, wf_linker *l, const wasm_importtype_t *im)
{
    char mod[64], name[64];
    const wasm_externtype_t *t = wasm_importtype_type(im);
    if (!t || wasm_externtype_kind(t) != WASM_EXTERN_FUNC) return NULL;
    if (!name_str(wasm_importtype_module(im), mod, sizeof mod) || strcmp(mod, PREVIEW1)) return NULL;
    if (!name_str(wasm_importtype_name(im), name, sizeof name)) return NULL;
    wf_extern x;
    if (!wf_linker_get(l, PREVIEW1, name, &x) || x.kind != WF_EXTERN_FUNC) return NULL;
    wasm_func_t *f = (wasm_func_t *)capi_object_for(s, CAPI_FUNC, x.of.func);
    return f ? wasm_func_as_extern(f) : NULL;
}

/* The store is being deleted: forget its functions. */
static void store_gone(void *p)
{
    store_link *k = p;
    if (k->env) {
        store_link **at = &k->env->links;
        while (*at != k) at = &(*at)->next;
        *at = k->next;
        wf_linker_free(k->linker);
    }
    free(k);
}

/* A linker holding every preview-1 function made in s, made once. */
static wf_linker *linker_for(wasi_env_t *e, wasm_store_t *s)
{
    if (!s) { failf(e->err, "no store"); return NULL; }
    for (store_link *k = e->links; k; k = k->next)
        if (k->store == s) return k->linker;
    store_link *k = calloc(1, sizeof *k);
    struct wasm_ref_t *owner = NULL;
    if (k) k->linker = wf_linker_new(s->wf);
    if (k && k->linker) owner = capi_object_new(s, CAPI_FOREIGN, sizeof(capi_extobj), NULL);
    if (!owner) {
        if (k) wf_linker_free(k->linker);
        free(k);
        failf(e->err, "out of memory");
        return NULL;
    }
    wasi_link(e->ctx, k->linker);
    k->env = e;
    k->store = s;
    k->next = e->links;
    e->links = k;
    owner->host_info = k;
    owner->host_finalizer = store_gone;
    return k->linker;
}

wasm_extern_t *wasi_env_import(wasi_env_t *e, wasm_store_t *s, const wasm_importtype_t *im)
{
    if (!im) return NULL;
    wf_linker *l = linker_for(e, s);
    if (!l) return NULL;
    wasm_extern_t *x = lookup(s, l, im);
    if (!x) failf(e->err, "not a WASI preview 1 function import");
    return x;
}

static void import_label(const wasm_importtype_t *im, char *out, size_t cap)
{
    const wasm_name_t *m = wasm_importtype_module(im), *n = wasm_importtype_name(im);
    snprintf(out, cap, "%.*s::%.*s", (int)(m->size < 64 ? m->size : 64), m->size ? m->data : "",
             (int)(n->size < 64 ? n->size : 64), n->size ? n->data : "");
}

bool wasi_env_imports(wasi_env_t *e, wasm_store_t *s, const wasm_module_t *module,
                      wasm_extern_vec_t *out)
{
    wasm_extern_vec_new_empty(out);
    if (!module) return failf(e->err, "no module");
    wf_linker *l = linker_for(e, s);
    if (!l) return false;
    wasm_importtype_vec_t ims;
    wasm_module_imports(module, &ims);
    wasm_extern_vec_new_uninitialized(out, ims.size);
    bool ok = out->size == ims.size || failf(e->err, "out of memory");
    for (size_t i = 0; ok && i < ims.size; i++) {
        out->data[i] = lookup(s, l, ims.data[i]);
        if (!out->data[i]) {
            char label[140];
            import_label(ims.data[i], label, sizeof label);
            ok = failf(e->err, "import %s is not a WASI preview 1 function", label);
        }
    }
    wasm_importtype_vec_delete(&ims);
    if (!ok) wasm_extern_vec_delete(out);
    return ok;
}

/* ---- results ---------------------------------------------------------- */

static bool read_capture(int fd, wasm_byte_vec_t *out)
{
    wasm_byte_vec_new_empty(out);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || st.st_size < 0) return false;
    size_t n = (size_t)st.st_size;
    if (n == 0) return true;
    wasm_byte_vec_new_uninitialized(out, n);
    if (out->size != n) return false;
    size_t got = 0;
    while (got < n) {
        ssize_t r = pread(fd, out->data + got, n - got, (off_t)got);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        got += (size_t)r;
    }
    out->size = got;  /* the guest may have truncated it meanwhile */
    return true;
}

bool wasi_env_stdout(const wasi_env_t *e, wasm_byte_vec_t *out) { return read_capture(e->capture[1], out); }
bool wasi_env_stderr(const wasi_env_t *e, wasm_byte_vec_t *out) { return read_capture(e->capture[2], out); }

bool wasi_trap_exit_status(const wasm_trap_t *t, int *status)
{
    if (!t || !t->is_exit) return false;
    if (status) *status = t->exit_code;
    return true;
}

/* wasi2_fs.c — wasi:filesystem (types, preopens) on top of the preview-1
 * host: a descriptor is a preview-1 fd, and every path operation is the
 * preview-1 implementation itself, called with a small scratch memory that
 * holds its strings and results. So the same sandbox (openat2
 * RESOLVE_BENEATH or the component walk) applies to both. */
#include <dirent.h>
#include <pthread.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <stdio.h>
#include <sys/stat.h>
#include "wasi2.h"

/* ---- preview-1 calls with scratch memory ------------------------------ */

static wasi_impl p1_impl(const char *name)
{
    const wasi_def *tabs[] = { wasi_defs_fd, wasi_defs_path, wasi_defs_misc };
    for (int t = 0; t < 3; t++)
        for (const wasi_def *d = tabs[t]; d->name; d++)
            if (!strcmp(d->name, name))
                return d->impl;
    return NULL;
}

typedef struct scratch { uint8_t *buf; uint32_t size, used; } scratch;

static uint32_t put_str(scratch *s, const comp_val *str)
{
    uint32_t at = s->used;
    memcpy(s->buf + at, str->of.str.p, str->of.str.len);
    s->used += (str->of.str.len + 7) & ~7u;
    return at;
}

static uint32_t reserve(scratch *s, uint32_t n)
{
    uint32_t at = s->used;
    s->used += (n + 7) & ~7u;
    return at;
}

static bool scratch_new(scratch *s, uint32_t extra)
{
    s->size = extra + 4096;
    s->used = 8;   /* offset 0 stays unused */
    s->buf = calloc(1, s->size);
    return s->buf != NULL;
}

static uint32_t p1(comp_host *h, const char *name, scratch *s, wf_val *a, int n)
{
    wasi_impl impl = p1_impl(name);
    wmem m = { s ? s->buf : NULL, s ? s->size : 0 };
    (void)n;
    uint32_t e = impl ? impl(h->ctx, &m, a) : WE_NOSYS;
    wasi_call_end(h->ctx);
    return e;
}

static wf_val I32(uint32_t x) { return (wf_val){ .kind = WF_I32, .of.i32 = (int32_t)x }; }
static wf_val I64(uint64_t x) { return (wf_val){ .kind = WF_I64, .of.i64 = (int64_t)x }; }

int w2_host_fd(comp_host *h, uint32_t p1fd)
{
    uint32_t err;
    wasi_fd *f = wasi_fd_get(h->ctx, p1fd, 0, &err);
    return f ? f->host : -1;
}

void w2_call_end(comp_host *h) { wasi_call_end(h->ctx); }

/* Preopens stay open: get-directories hands out a new own handle for the
 * same directory on every call, and dropping one must not close it for
 * the others. */
void w2_fd_close(comp_host *h, uint32_t p1fd)
{
    uint32_t err;
    wasi_fd *f = wasi_fd_get(h->ctx, p1fd, 0, &err);
    bool preopen = f && f->preopen;
    wasi_call_end(h->ctx);
    if (preopen)
        return;
    wf_val a[1] = { I32(p1fd) };
    p1(h, "fd_close", NULL, a, 1);
}

void w2_dirstream_close(w2_obj *o)
{
    closedir(o->dir);
    o->dir = NULL;
}

/* ---- errors ------------------------------------------------------------ */

static uint32_t code_of(uint32_t we)
{
    switch (we) {
    case WE_ACCES: return 0; case WE_AGAIN: return 1; case WE_ALREADY: return 2;
    case WE_BADF: return 3; case WE_BUSY: return 4; case WE_DEADLK: return 5;
    case WE_DQUOT: return 6; case WE_EXIST: return 7; case WE_FBIG: return 8;
    case WE_ILSEQ: return 9; case WE_INPROGRESS: return 10; case WE_INTR: return 11;
    case WE_INVAL: return 12; case WE_IO: return 13; case WE_ISDIR: return 14;
    case WE_LOOP: return 15; case WE_MLINK: return 16; case WE_MSGSIZE: return 17;
    case WE_NAMETOOLONG: return 18; case WE_NODEV: return 19; case WE_NOENT: return 20;
    case WE_NOLCK: return 21; case WE_NOMEM: return 22; case WE_NOSPC: return 23;
    case WE_NOTDIR: return 24; case WE_NOTEMPTY: return 25; case WE_NOTRECOVERABLE: return 26;
    case WE_NOTSUP: case WE_NOSYS: return 27; case WE_NOTTY: return 28; case WE_NXIO: return 29;
    case WE_OVERFLOW: return 30; case WE_PERM: case WE_NOTCAPABLE: return 31;
    case WE_PIPE: return 32; case WE_ROFS: return 33; case WE_SPIPE: return 34;
    case WE_TXTBSY: return 35; case WE_XDEV: return 36;
    }
    return 13;
}

static wf_trap *fs_err(comp_call *c, comp_val *r, uint32_t we)
{
    comp_val e = { .kind = T_ENUM };
    e.of.var.disc = code_of(we);
    return w2_result(c, r, false, &e);
}

static wf_trap *fs_ok(comp_call *c, comp_val *r, const comp_val *v, uint32_t we)
{
    return we ? fs_err(c, r, we) : w2_result(c, r, true, v);
}

#define ARGS(sig) do { if (!w2_args(a, n, sig)) return comp_trap("host function: unexpected argument types"); } while (0)
#define SELF ((uint32_t)a[0].of.h.rep)
#define FN(name) static wf_trap *name(comp_call *c, void *env, const comp_val *a, uint32_t n, comp_val *r)

/* ---- preopens ------------------------------------------------------------ */

FN(get_directories)
{
    ARGS("");
    wasi_ctx *x = c->host->ctx;
    uint32_t k = 0;
    comp_val *l = w2_vals(c, x->nfds);
    if (!l)
        return w2_oom();
    /* The table only grows under the lock; read it the same way. */
    pthread_mutex_lock(&x->lock);
    for (uint32_t fd = 0; fd < x->nfds; fd++) {
        wasi_fd *f = x->fds[fd];
        if (!f || !f->preopen)
            continue;
        comp_val *t = w2_vals(c, 2);
        if (!t)
            break;
        t[0] = w2_own(&c->host->r_desc, fd);
        t[1] = (comp_val){ .kind = T_STRING, .of.str = { f->preopen, (uint32_t)strlen(f->preopen) } };
        l[k++] = (comp_val){ .kind = T_TUPLE, .of.agg = { t, 2 } };
    }
    pthread_mutex_unlock(&x->lock);
    r->kind = T_LIST;
    r->of.agg.v = l;
    r->of.agg.n = k;
    return NULL;
}

/* ---- descriptors ----------------------------------------------------------- */

static uint32_t dtype(uint8_t p1type)
{
    static const uint8_t map[8] = { 0, 1, 2, 3, 6, 7, 7, 5 };
    return p1type < 8 ? map[p1type] : 0;
}

FN(get_type)
{
    ARGS("b");
    scratch s;
    if (!scratch_new(&s, 64))
        return w2_oom();
    uint32_t at = reserve(&s, 64);
    wf_val x[2] = { I32(SELF), I32(at) };
    uint32_t e = p1(c->host, "fd_filestat_get", &s, x, 2);
    comp_val v = { .kind = T_ENUM };
    v.of.var.disc = dtype(s.buf[at + 16]);
    free(s.buf);
    return fs_ok(c, r, &v, e);
}

FN(get_flags)
{
    ARGS("b");
    uint32_t err;
    wasi_fd *f = wasi_fd_get(c->host->ctx, SELF, 0, &err);
    comp_val v = { .kind = T_FLAGS };
    if (f) {
        if (f->rights & (WR_FD_READ | WR_FD_READDIR)) v.of.flags |= 1;
        if (f->rights & WR_FD_WRITE) v.of.flags |= 2;
        if (f->fdflags & WF_FL_SYNC) v.of.flags |= 4;
        if (f->fdflags & WF_FL_DSYNC) v.of.flags |= 8;
        if (f->fdflags & WF_FL_RSYNC) v.of.flags |= 16;
        if (f->rights & WR_PATH_CREATE_FILE) v.of.flags |= 32;
        if (f->kind == WK_DIR) v.of.flags |= 1;
    }
    wasi_call_end(c->host->ctx);
    return fs_ok(c, r, &v, f ? 0 : err);
}

static wf_trap *put_stat(comp_call *c, comp_val *r, const uint8_t *st)
{
    comp_val *f = w2_vals(c, 6);
    if (!f)
        return w2_oom();
    uint64_t q[8];
    memcpy(q, st, 64);
    f[0] = (comp_val){ .kind = T_ENUM };
    f[0].of.var.disc = dtype(st[16]);
    w2_int(&f[1], T_U64, q[3]);
    w2_int(&f[2], T_U64, q[4]);
    for (int i = 0; i < 3; i++) {
        comp_val *dt = w2_vals(c, 2);
        if (!dt)
            return w2_oom();
        w2_int(&dt[0], T_U64, q[5 + i] / 1000000000u);
        w2_int(&dt[1], T_U32, q[5 + i] % 1000000000u);
        comp_val rec = { .kind = T_RECORD, .of.agg = { dt, 2 } };
        wf_trap *t = w2_option(c, &f[3 + i], &rec);
        if (t)
            return t;
    }
    comp_val v = { .kind = T_RECORD, .of.agg = { f, 6 } };
    return w2_result(c, r, true, &v);
}

/* Runs fd_filestat_get on the descriptor (at_path false) or
 * path_filestat_get on a[1] flags / a[2] path beneath it, then hands the
 * 64-byte filestat to finish, or maps the errno. */
typedef wf_trap *(*stat_finish)(comp_call *c, comp_val *r, const uint8_t *st);

static wf_trap *with_stat(comp_call *c, const comp_val *a, comp_val *r, bool at_path,
                          stat_finish finish)
{
    scratch s;
    if (!scratch_new(&s, (at_path ? a[2].of.str.len : 0) + 64))
        return w2_oom();
    uint32_t e;
    uint32_t at;
    if (at_path) {
        uint32_t p = put_str(&s, &a[2]);
        at = reserve(&s, 64);
        wf_val x[5] = { I32(SELF), I32(a[1].of.flags & 1), I32(p), I32(a[2].of.str.len),
                        I32(at) };
        e = p1(c->host, "path_filestat_get", &s, x, 5);
    } else {
        at = reserve(&s, 64);
        wf_val x[2] = { I32(SELF), I32(at) };
        e = p1(c->host, "fd_filestat_get", &s, x, 2);
    }
    wf_trap *t = e ? fs_err(c, r, e) : finish(c, r, s.buf + at);
    free(s.buf);
    return t;
}

FN(stat_)
{
    ARGS("b");
    return with_stat(c, a, r, false, put_stat);
}

FN(stat_at)
{
    ARGS("bfs");
    return with_stat(c, a, r, true, put_stat);
}

static wf_trap *hash_of(comp_call *c, comp_val *r, const uint8_t *st)
{
    comp_val *f = w2_vals(c, 2);
    if (!f)
        return w2_oom();
    uint64_t dev, ino;
    memcpy(&dev, st, 8);
    memcpy(&ino, st + 8, 8);
    w2_int(&f[0], T_U64, ino * 0x9e3779b97f4a7c15ull ^ dev);
    w2_int(&f[1], T_U64, dev * 0xc2b2ae3d27d4eb4full ^ ino);
    comp_val v = { .kind = T_RECORD, .of.agg = { f, 2 } };
    return w2_result(c, r, true, &v);
}

FN(metadata_hash)
{
    ARGS("b");
    return with_stat(c, a, r, false, hash_of);
}

FN(metadata_hash_at)
{
    ARGS("bfs");
    return with_stat(c, a, r, true, hash_of);
}

FN(open_at)
{
    ARGS("bfsff");
    uint32_t oflags = a[3].of.flags & 0xf, dflags = a[4].of.flags;
    uint64_t base = WR_FILE_BASE | WR_DIR_BASE;
    if (!(dflags & 2))
        base &= ~(WR_FD_WRITE | WR_FD_ALLOCATE | WR_FD_FILESTAT_SET_SIZE);
    if (!(dflags & 1) && (dflags & 2))
        base &= ~(WR_FD_READ | WR_FD_READDIR);
    if (!(dflags & 32))
        base &= ~(WR_PATH_CREATE_DIRECTORY | WR_PATH_CREATE_FILE | WR_PATH_REMOVE_DIRECTORY |
                  WR_PATH_UNLINK_FILE | WR_PATH_RENAME_SOURCE | WR_PATH_RENAME_TARGET |
                  WR_PATH_SYMLINK | WR_PATH_LINK_TARGET | WR_PATH_LINK_SOURCE);
    uint32_t fdflags = (dflags & 4 ? WF_FL_SYNC : 0) | (dflags & 8 ? WF_FL_DSYNC : 0) |
                       (dflags & 16 ? WF_FL_RSYNC : 0);
    scratch s;
    if (!scratch_new(&s, a[2].of.str.len + 8))
        return w2_oom();
    uint32_t p = put_str(&s, &a[2]), out = reserve(&s, 4);
    wf_val x[9] = { I32(SELF), I32(a[1].of.flags & 1), I32(p), I32(a[2].of.str.len), I32(oflags),
                    I64(base), I64(WR_FILE_BASE | WR_DIR_BASE), I32(fdflags), I32(out) };
    uint32_t e = p1(c->host, "path_open", &s, x, 9), fd;
    memcpy(&fd, s.buf + out, 4);
    free(s.buf);
    comp_val v = w2_own(&c->host->r_desc, fd);
    return fs_ok(c, r, &v, e);
}

static wf_trap *path_op(comp_call *c, const comp_val *a, uint32_t n, comp_val *r, const char *fn)
{
    ARGS("bs");
    scratch s;
    if (!scratch_new(&s, a[1].of.str.len))
        return w2_oom();
    uint32_t p = put_str(&s, &a[1]);
    wf_val x[3] = { I32(SELF), I32(p), I32(a[1].of.str.len) };
    uint32_t e = p1(c->host, fn, &s, x, 3);
    free(s.buf);
    return fs_ok(c, r, NULL, e);
}

FN(create_dir_at) { return path_op(c, a, n, r, "path_create_directory"); }
FN(remove_dir_at) { return path_op(c, a, n, r, "path_remove_directory"); }
FN(unlink_at) { return path_op(c, a, n, r, "path_unlink_file"); }

FN(rename_at)
{
    ARGS("bsbs");
    scratch s;
    if (!scratch_new(&s, a[1].of.str.len + a[3].of.str.len + 8))
        return w2_oom();
    uint32_t p = put_str(&s, &a[1]), q = put_str(&s, &a[3]);
    wf_val x[6] = { I32(SELF), I32(p), I32(a[1].of.str.len), I32(a[2].of.h.rep), I32(q),
                    I32(a[3].of.str.len) };
    uint32_t e = p1(c->host, "path_rename", &s, x, 6);
    free(s.buf);
    return fs_ok(c, r, NULL, e);
}

FN(symlink_at)
{
    ARGS("bss");
    scratch s;
    if (!scratch_new(&s, a[1].of.str.len + a[2].of.str.len + 8))
        return w2_oom();
    uint32_t p = put_str(&s, &a[1]), q = put_str(&s, &a[2]);
    wf_val x[5] = { I32(p), I32(a[1].of.str.len), I32(SELF), I32(q), I32(a[2].of.str.len) };
    uint32_t e = p1(c->host, "path_symlink", &s, x, 5);
    free(s.buf);
    return fs_ok(c, r, NULL, e);
}

FN(link_at)
{
    ARGS("bfsbs");
    scratch s;
    if (!scratch_new(&s, a[2].of.str.len + a[4].of.str.len + 8))
        return w2_oom();
    uint32_t p = put_str(&s, &a[2]), q = put_str(&s, &a[4]);
    wf_val x[7] = { I32(SELF), I32(a[1].of.flags & 1), I32(p), I32(a[2].of.str.len),
                    I32(a[3].of.h.rep), I32(q), I32(a[4].of.str.len) };
    uint32_t e = p1(c->host, "path_link", &s, x, 7);
    free(s.buf);
    return fs_ok(c, r, NULL, e);
}

FN(readlink_at)
{
    ARGS("bs");
    scratch s;
    if (!scratch_new(&s, a[1].of.str.len + 4096 + 8))
        return w2_oom();
    uint32_t p = put_str(&s, &a[1]), buf = reserve(&s, 4096), out = reserve(&s, 4);
    wf_val x[6] = { I32(SELF), I32(p), I32(a[1].of.str.len), I32(buf), I32(4096), I32(out) };
    uint32_t e = p1(c->host, "path_readlink", &s, x, 6), len;
    memcpy(&len, s.buf + out, 4);
    char *str = wf_arena_alloc(c->arena, len + 1);
    if (str)
        memcpy(str, s.buf + buf, len);
    free(s.buf);
    if (!str)
        return w2_oom();
    comp_val v = { .kind = T_STRING, .of.str = { str, len } };
    return fs_ok(c, r, &v, e);
}

static wf_trap *fd_op(comp_call *c, const comp_val *a, uint32_t n, comp_val *r, const char *fn)
{
    ARGS("b");
    wf_val x[1] = { I32(SELF) };
    return fs_ok(c, r, NULL, p1(c->host, fn, NULL, x, 1));
}

FN(sync_) { return fd_op(c, a, n, r, "fd_sync"); }
FN(sync_data) { return fd_op(c, a, n, r, "fd_datasync"); }

FN(set_size)
{
    ARGS("bw");
    wf_val x[2] = { I32(SELF), I64(a[1].of.u) };
    return fs_ok(c, r, NULL, p1(c->host, "fd_filestat_set_size", NULL, x, 2));
}

FN(advise)
{
    return fs_ok(c, r, NULL, 0);
}

/* new-timestamp: no-change, now, timestamp(datetime) -> p1 time + flags. */
static void timestamp(const comp_val *v, uint64_t *t, uint32_t *fl, uint32_t set, uint32_t now)
{
    *t = 0;
    if (v->of.var.disc == 1) {
        *fl |= now;
    } else if (v->of.var.disc == 2 && v->of.var.payload) {
        const comp_val *d = v->of.var.payload->of.agg.v;
        *t = d[0].of.u * 1000000000u + d[1].of.u;
        *fl |= set;
    }
}

FN(set_times)
{
    ARGS("bvv");
    uint64_t at, mt;
    uint32_t fl = 0;
    timestamp(&a[1], &at, &fl, WST_ATIM, WST_ATIM_NOW);
    timestamp(&a[2], &mt, &fl, WST_MTIM, WST_MTIM_NOW);
    wf_val x[4] = { I32(SELF), I64(at), I64(mt), I32(fl) };
    return fs_ok(c, r, NULL, p1(c->host, "fd_filestat_set_times", NULL, x, 4));
}

FN(set_times_at)
{
    ARGS("bfsvv");
    uint64_t at, mt;
    uint32_t fl = 0;
    timestamp(&a[3], &at, &fl, WST_ATIM, WST_ATIM_NOW);
    timestamp(&a[4], &mt, &fl, WST_MTIM, WST_MTIM_NOW);
    scratch s;
    if (!scratch_new(&s, a[2].of.str.len))
        return w2_oom();
    uint32_t p = put_str(&s, &a[2]);
    wf_val x[7] = { I32(SELF), I32(a[1].of.flags & 1), I32(p), I32(a[2].of.str.len), I64(at),
                    I64(mt), I32(fl) };
    uint32_t e = p1(c->host, "path_filestat_set_times", &s, x, 7);
    free(s.buf);
    return fs_ok(c, r, NULL, e);
}

/* ---- reading and writing ------------------------------------------------- */

static wf_trap *file_stream(comp_call *c, const comp_val *a, comp_val *r, uint8_t kind,
                            uint64_t off, bool append)
{
    comp_host *h = c->host;
    uint32_t err;
    wasi_fd *f = wasi_fd_get(h->ctx, SELF, 0, &err);
    bool dir = f && f->kind == WK_DIR;
    wasi_call_end(h->ctx);
    if (!f || dir)
        return fs_err(c, r, f ? WE_ISDIR : err);
    uint32_t rep = w2_obj_new(h, (w2_obj){ .kind = kind, .fd = -1, .p1fd = (int)SELF,
                                           .offset = off, .append = append });
    if (!rep)
        return w2_oom();
    comp_val v = w2_own(kind == O_IN ? &h->r_input : &h->r_output, rep);
    return w2_result(c, r, true, &v);
}

FN(read_via_stream) { ARGS("bw"); return file_stream(c, a, r, O_IN, a[1].of.u, false); }
FN(write_via_stream) { ARGS("bw"); return file_stream(c, a, r, O_OUT, a[1].of.u, false); }
FN(append_via_stream) { ARGS("b"); return file_stream(c, a, r, O_OUT, 0, true); }

FN(read_)
{
    ARGS("bww");
    uint64_t len = a[1].of.u > (16u << 20) ? (16u << 20) : a[1].of.u;
    int fd = w2_host_fd(c->host, SELF);
    uint8_t *buf = wf_arena_alloc(c->arena, len + 1);
    ssize_t k = fd < 0 || !buf ? -1 : pread(fd, buf, len, (off_t)a[2].of.u);
    int e = errno;
    w2_call_end(c->host);
    if (fd < 0)
        return fs_err(c, r, WE_BADF);
    if (k < 0)
        return fs_err(c, r, wasi_errno(e));
    comp_val *t = w2_vals(c, 2);
    if (!t)
        return w2_oom();
    t[0] = comp_bytes_val(buf, (uint32_t)k);
    t[1] = (comp_val){ .kind = T_BOOL, .of.b = k == 0 && len > 0 };
    comp_val v = { .kind = T_TUPLE, .of.agg = { t, 2 } };
    return w2_result(c, r, true, &v);
}

FN(write_)
{
    ARGS("blw");
    const uint8_t *buf;
    uint32_t len;
    if (!comp_list_bytes(&a[1], c->arena, &buf, &len))
        return comp_trap("host function: unexpected argument types");
    int fd = w2_host_fd(c->host, SELF);
    ssize_t k = fd < 0 ? -1 : pwrite(fd, buf, len, (off_t)a[2].of.u);
    int e = errno;
    w2_call_end(c->host);
    if (fd < 0 || k < 0)
        return fs_err(c, r, fd < 0 ? WE_BADF : wasi_errno(e));
    comp_val v;
    w2_int(&v, T_U64, (uint64_t)k);
    return w2_result(c, r, true, &v);
}

/* ---- directories ----------------------------------------------------------- */

FN(read_directory)
{
    ARGS("b");
    int fd = w2_host_fd(c->host, SELF);
    int d = fd < 0 ? -1 : openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int e = errno;
    w2_call_end(c->host);
    if (d < 0)
        return fs_err(c, r, fd < 0 ? WE_BADF : wasi_errno(e));
    DIR *dir = fdopendir(d);
    if (!dir) {
        close(d);
        return fs_err(c, r, WE_NOMEM);
    }
    uint32_t rep = w2_obj_new(c->host, (w2_obj){ .kind = O_DIRSTREAM, .fd = -1, .dir = dir });
    if (!rep) {
        closedir(dir);
        return w2_oom();
    }
    comp_val v = w2_own(&c->host->r_dirstream, rep);
    return w2_result(c, r, true, &v);
}

static uint32_t dirent_type(unsigned char t)
{
    switch (t) {
    case DT_BLK: return 1; case DT_CHR: return 2; case DT_DIR: return 3; case DT_FIFO: return 4;
    case DT_LNK: return 5; case DT_REG: return 6; case DT_SOCK: return 7;
    }
    return 0;
}

FN(read_dir_entry)
{
    ARGS("b");
    w2_obj *o = w2_obj_get(c->host, SELF, O_DIRSTREAM);
    if (!o)
        return comp_trap("unknown directory-entry-stream");
    struct dirent *de;
    do {
        errno = 0;
        de = readdir(o->dir);
    } while (de && (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")));
    comp_val opt;
    if (!de) {
        if (errno)
            return fs_err(c, r, wasi_errno(errno));
        w2_option(c, &opt, NULL);
        return w2_result(c, r, true, &opt);
    }
    comp_val *f = w2_vals(c, 2);
    size_t nl = strlen(de->d_name);
    char *name = wf_arena_alloc(c->arena, nl + 1);
    if (!f || !name)
        return w2_oom();
    memcpy(name, de->d_name, nl);
    f[0] = (comp_val){ .kind = T_ENUM };
    f[0].of.var.disc = dirent_type(de->d_type);
    f[1] = (comp_val){ .kind = T_STRING, .of.str = { name, (uint32_t)nl } };
    comp_val rec = { .kind = T_RECORD, .of.agg = { f, 2 } };
    wf_trap *t = w2_option(c, &opt, &rec);
    return t ? t : w2_result(c, r, true, &opt);
}

FN(is_same)
{
    ARGS("bb");
    struct stat s1, s2;
    int f1 = w2_host_fd(c->host, SELF), f2 = w2_host_fd(c->host, a[1].of.h.rep);
    bool same = f1 >= 0 && f2 >= 0 && !fstat(f1, &s1) && !fstat(f2, &s2) &&
                s1.st_dev == s2.st_dev && s1.st_ino == s2.st_ino;
    w2_call_end(c->host);
    r->kind = T_BOOL;
    r->of.b = same;
    return NULL;
}

/* filesystem-error-code: errors from streams over files. */
FN(error_code)
{
    ARGS("b");
    w2_obj *o = w2_obj_get(c->host, a[0].of.h.rep, O_ERROR);
    if (!o || !o->err)
        return w2_option(c, r, NULL);
    comp_val v = { .kind = T_ENUM };
    v.of.var.disc = code_of(wasi_errno(o->err));
    return w2_option(c, r, &v);
}

#define T "wasi:filesystem/types"
const w2_def w2_fs_defs[] = {
    { "wasi:filesystem/preopens", "get-directories", get_directories },
    { T, "[method]descriptor.read-via-stream", read_via_stream },
    { T, "[method]descriptor.write-via-stream", write_via_stream },
    { T, "[method]descriptor.append-via-stream", append_via_stream },
    { T, "[method]descriptor.advise", advise },
    { T, "[method]descriptor.sync-data", sync_data },
    { T, "[method]descriptor.get-flags", get_flags },
    { T, "[method]descriptor.get-type", get_type },
    { T, "[method]descriptor.set-size", set_size },
    { T, "[method]descriptor.set-times", set_times },
    { T, "[method]descriptor.read", read_ },
    { T, "[method]descriptor.write", write_ },
    { T, "[method]descriptor.read-directory", read_directory },
    { T, "[method]descriptor.sync", sync_ },
    { T, "[method]descriptor.create-directory-at", create_dir_at },
    { T, "[method]descriptor.stat", stat_ },
    { T, "[method]descriptor.stat-at", stat_at },
    { T, "[method]descriptor.set-times-at", set_times_at },
    { T, "[method]descriptor.link-at", link_at },
    { T, "[method]descriptor.open-at", open_at },
    { T, "[method]descriptor.readlink-at", readlink_at },
    { T, "[method]descriptor.remove-directory-at", remove_dir_at },
    { T, "[method]descriptor.rename-at", rename_at },
    { T, "[method]descriptor.symlink-at", symlink_at },
    { T, "[method]descriptor.unlink-file-at", unlink_at },
    { T, "[method]descriptor.is-same-object", is_same },
    { T, "[method]descriptor.metadata-hash", metadata_hash },
    { T, "[method]descriptor.metadata-hash-at", metadata_hash_at },
    { T, "[method]directory-entry-stream.read-directory-entry", read_dir_entry },
    { T, "filesystem-error-code", error_code },
    { NULL, NULL, NULL },
};
#undef T

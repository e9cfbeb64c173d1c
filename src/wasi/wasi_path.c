/* wasi_path.c — sandboxed path resolution and the path_* functions.
 *
 * Every guest path is resolved beneath the directory fd it is relative to:
 * with openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS) when the kernel has
 * it (atomic, so a symlink swapped in during the call cannot escape), else
 * by a component-by-component walk that opens each step with O_NOFOLLOW,
 * expands symlinks itself and refuses to climb above its start. Operations
 * on a final name (unlink, rename, mkdir, ...) resolve the parent that way
 * and then act on one plain component with an *at call that does not
 * follow it. An escape attempt fails with NOTCAPABLE. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../util/util.h"
#include "wasi_int.h"

#define MAX_PATH 4096
#define MAX_LINKS 40

/* ---- resolution ------------------------------------------------------ */

/* Whether openat2 works here; probed once (a kernel property the whole
 * process shares). WEFT_WASI_NO_OPENAT2=1 forces the walk, for tests. */
static int have_openat2 = -1;

static bool openat2_ok(void)
{
    if (have_openat2 < 0) {
        const char *e = getenv("WEFT_WASI_NO_OPENAT2");
        have_openat2 = (e && *e && *e != '0') ? 0 : 1;
    }
    return have_openat2 == 1;
}

typedef struct walk {
    int *stack;   /* stack[0] is the start dir (not ours); the rest we opened */
    size_t depth, cap;
} walk;

static void walk_close(walk *w)
{
    for (size_t i = 1; i <= w->depth; i++) close(w->stack[i]);
    free(w->stack);
}

static bool walk_push(walk *w, int fd)
{
    if (w->depth + 1 >= w->cap) {
        size_t cap = w->cap * 2;
        int *v = realloc(w->stack, cap * sizeof *v);
        if (!v) return false;
        w->stack = v;
        w->cap = cap;
    }
    w->stack[++w->depth] = fd;
    return true;
}

/* Replace the unwalked rest of the path with a symlink's target + rest. */
static int splice_link(int linkfd, char *path, size_t rest_at, bool trailing)
{
    char tgt[MAX_PATH];
    ssize_t n = readlinkat(linkfd, "", tgt, sizeof tgt - 1);
    if (n < 0) return -errno;
    if (n == 0) return -ENOENT;
    if (tgt[0] == '/') return -EXDEV;   /* absolute target: outside */
    const char *rest = path + rest_at;
    size_t rl = strlen(rest);
    if ((size_t)n + 1 + rl + 2 > MAX_PATH * 2) return -ENAMETOOLONG;
    char tmp[MAX_PATH * 2];
    memcpy(tmp, tgt, (size_t)n);
    size_t at = (size_t)n;
    if (rl) { tmp[at++] = '/'; memcpy(tmp + at, rest, rl); at += rl; }
    else if (trailing) tmp[at++] = '/';
    tmp[at] = 0;
    memcpy(path, tmp, at + 1);
    return 0;
}

static int at_open(int dir, const char *name, int flags, mode_t mode)
{
    int r = openat(dir, name, flags, mode);
    return r < 0 ? -errno : r;
}

/* The portable walk. `flags` are open flags; O_NOFOLLOW in them means the
 * last component is not followed. Returns an fd or -errno. */
static int walk_open(int dirfd, const char *in, int flags, mode_t mode)
{
    char path[MAX_PATH * 2];
    size_t len = strlen(in);
    if (len >= MAX_PATH) return -ENAMETOOLONG;
    memcpy(path, in, len + 1);
    /* O_CREAT|O_EXCL never follows a final symlink (EEXIST), as open(2). */
    bool follow_last = !(flags & O_NOFOLLOW) && (flags & (O_CREAT | O_EXCL)) != (O_CREAT | O_EXCL);
    walk w = { malloc(16 * sizeof(int)), 0, 16 };
    if (!w.stack) return -ENOMEM;
    w.stack[0] = dirfd;
    int links = 0, result = -ENOENT;
    size_t pos = 0;
    if (path[0] == '/') { result = -EXDEV; goto out; }
    if (!path[0]) goto out;
    for (;;) {
        while (path[pos] == '/') pos++;
        int cur = w.stack[w.depth];
        if (!path[pos]) { result = at_open(cur, ".", flags, mode); break; }
        size_t end = pos;
        while (path[end] && path[end] != '/') end++;
        size_t rest = end;
        while (path[rest] == '/') rest++;
        bool last = !path[rest], trailing = last && end != rest;
        char comp[MAX_PATH];
        size_t cl = end - pos;
        if (cl >= 256) { result = -ENAMETOOLONG; break; }
        memcpy(comp, path + pos, cl);
        comp[cl] = 0;
        pos = rest;
        if (!strcmp(comp, ".")) {
            if (last) { result = at_open(cur, ".", flags, mode); break; }
            continue;
        }
        if (!strcmp(comp, "..")) {
            if (w.depth == 0) { result = -EXDEV; break; }
            close(w.stack[w.depth--]);
            if (last) { result = at_open(w.stack[w.depth], ".", flags, mode); break; }
            continue;
        }
        if (!last || follow_last || trailing) {
            int fd = openat(cur, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
            struct stat st;
            if (fd >= 0 && fstat(fd, &st) == 0) {
                if (S_ISLNK(st.st_mode)) {
                    int r = ++links > MAX_LINKS ? -ELOOP : splice_link(fd, path, rest, trailing);
                    close(fd);
                    if (r) { result = r; break; }
                    pos = 0;
                    if (path[0] == '/') { result = -EXDEV; break; }
                    continue;
                }
                if (!last) {
                    if (!S_ISDIR(st.st_mode)) { close(fd); result = -ENOTDIR; break; }
                    if (!walk_push(&w, fd)) { close(fd); result = -ENOMEM; break; }
                    continue;
                }
                close(fd);
            } else {
                int e = errno;
                if (fd >= 0) close(fd);
                if (!last) { result = -e; break; }
            }
        }
        /* The final component is known not to be a symlink we must
         * follow: open it without following, so a swap cannot escape. A
         * trailing slash would make the kernel follow anyway, so it is
         * not passed on: it only demands a directory. */
        if (trailing && (flags & O_CREAT)) { result = -EISDIR; break; }
        result = at_open(cur, comp, flags | O_NOFOLLOW | (trailing ? O_DIRECTORY : 0), mode);
        break;
    }
out:
    walk_close(&w);
    return result;
}

/* Open `path` beneath `dirfd`. Returns an fd or -errno (-EXDEV: escape). */
static int open_beneath(int dirfd, const char *path, int flags, mode_t mode)
{
    flags |= O_CLOEXEC;
    if (!path[0]) return -ENOENT;
    if (openat2_ok()) {
        struct open_how how = { .flags = (uint64_t)flags,
                                .mode = (flags & O_CREAT) ? mode : 0,
                                .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS };
        for (int tries = 0; tries < 16; tries++) {
            long r = syscall(SYS_openat2, dirfd, path, &how, sizeof how);
            if (r >= 0) return (int)r;
            if (errno == EAGAIN || errno == EINTR) continue;
            if (errno != ENOSYS) return -errno;
            break;
        }
        if (errno != ENOSYS) return -errno;
        have_openat2 = 0;   /* an old kernel: walk instead */
    }
    return walk_open(dirfd, path, flags, mode);
}

static uint32_t path_errno(int neg)
{
    if (neg == -EXDEV) return WE_NOTCAPABLE;
    return wasi_errno(-neg);
}

/* Copy a guest path out (NUL-terminated); WE_* on a bad one. */
static uint32_t guest_path(wmem *m, uint32_t p, uint32_t len, char *out)
{
    if (!wm_ok(m, p, len)) return WE_FAULT;
    if (len >= MAX_PATH) return WE_NAMETOOLONG;
    if (memchr(m->base + p, 0, len)) return WE_INVAL;
    if (!wf_utf8_valid(m->base + p, len)) return WE_ILSEQ;
    memcpy(out, m->base + p, len);
    out[len] = 0;
    return WE_SUCCESS;
}

static wasi_fd *dir_fd(wasi_ctx *c, uint32_t fd, uint64_t need, uint32_t *err)
{
    wasi_fd *f = wasi_fd_get(c, fd, 0, err);
    if (!f) return NULL;
    if (f->kind != WK_DIR) { *err = WE_NOTDIR; return NULL; }
    if ((f->rights & need) != need) { *err = WE_NOTCAPABLE; return NULL; }
    return f;
}

/* A resolved parent directory and the final component's name. */
typedef struct wparent {
    int dir;
    bool own;
    char *name;             /* points into buf; may end with '/' */
    char buf[MAX_PATH + 2];
} wparent;

static void parent_close(wparent *p) { if (p->own) close(p->dir); }

static uint32_t resolve_parent(wasi_ctx *c, wmem *m, uint32_t fd, uint64_t need,
                               uint32_t ptr, uint32_t len, wparent *out)
{
    uint32_t err;
    wasi_fd *d = dir_fd(c, fd, need, &err);
    if (!d) return err;
    if ((err = guest_path(m, ptr, len, out->buf))) return err;
    out->dir = d->host;
    out->own = false;
    char *b = out->buf;
    if (!b[0]) return WE_NOENT;
    if (b[0] == '/') return WE_NOTCAPABLE;
    size_t e = strlen(b);
    while (e > 0 && b[e - 1] == '/') e--;
    size_t s = e;
    while (s > 0 && b[s - 1] != '/') s--;
    size_t nl = e - s;
    /* A final "." or ".." names a directory reached by the walk itself:
     * resolve all of it and act on "." there. */
    if ((nl == 1 && b[s] == '.') || (nl == 2 && b[s] == '.' && b[s + 1] == '.')) {
        int r = open_beneath(d->host, b, O_PATH | O_DIRECTORY, 0);
        if (r < 0) return path_errno(r);
        out->dir = r;
        out->own = true;
        strcpy(b, ".");
        out->name = b;
        return WE_SUCCESS;
    }
    out->name = b + s;
    if (s == 0) return WE_SUCCESS;
    char save = b[s - 1];
    b[s - 1] = 0;
    int r = open_beneath(d->host, b, O_PATH | O_DIRECTORY, 0);
    b[s - 1] = save;
    if (r < 0) return path_errno(r);
    out->dir = r;
    out->own = true;
    return WE_SUCCESS;
}

static bool has_trailing_slash(const char *name) { size_t n = strlen(name); return n && name[n - 1] == '/'; }

/* ---- path_open ------------------------------------------------------- */

/* Host open flags for a path_open; *wr says whether write access is asked
 * (explicitly, or implied by rights that need it). */
static int open_flags(uint32_t dirflags, uint32_t oflags, uint32_t fdflags, uint64_t base, bool *wr)
{
    int fl = O_NOCTTY;
    bool rd = base & (WR_FD_READ | WR_FD_READDIR);
    bool w = (base & (WR_FD_WRITE | WR_FD_ALLOCATE | WR_FD_FILESTAT_SET_SIZE)) ||
             (fdflags & WF_FL_APPEND) || (oflags & WO_TRUNC);
    /* A directory opens read-only, unless the guest asks to write it:
     * then the kernel's EISDIR is the answer (as wasmtime). */
    if (oflags & WO_DIRECTORY) { fl |= O_DIRECTORY; w = base & WR_FD_WRITE; }
    fl |= w ? (rd ? O_RDWR : O_WRONLY) : O_RDONLY;
    if (oflags & WO_CREAT) fl |= O_CREAT;
    if (oflags & WO_EXCL) fl |= O_EXCL;
    if (oflags & WO_TRUNC) fl |= O_TRUNC;
    if (fdflags & WF_FL_APPEND) fl |= O_APPEND;
    if (fdflags & WF_FL_NONBLOCK) fl |= O_NONBLOCK;
    if (fdflags & WF_FL_DSYNC) fl |= O_DSYNC;
    if (fdflags & WF_FL_SYNC) fl |= O_SYNC;
    if (fdflags & WF_FL_RSYNC) fl |= O_RSYNC;
    if (!(dirflags & WL_SYMLINK_FOLLOW)) fl |= O_NOFOLLOW;
    *wr = w;
    return fl;
}

static uint32_t path_open(wasi_ctx *c, wmem *m, const wf_val *a)
{
    uint32_t err, dirflags = A32(1), oflags = A32(4), fdflags = A32(7), pout = A32(8);
    uint64_t base = A64(5), inh = A64(6);
    uint64_t need = WR_PATH_OPEN;
    if (oflags & WO_CREAT) need |= WR_PATH_CREATE_FILE;
    if (oflags & WO_TRUNC) need |= WR_PATH_FILESTAT_SET_SIZE;
    wasi_fd *d = dir_fd(c, A32(0), need, &err);
    if (!d) return err;
    if ((oflags & ~0xfu) || (fdflags & ~0x1fu)) return WE_INVAL;
    char path[MAX_PATH + 2];
    if ((err = guest_path(m, A32(2), A32(3), path))) return err;
    if (!wm_ok(m, pout, 4)) return WE_FAULT;
    if (path[0] == '/') return WE_NOTCAPABLE;

    bool wr;
    /* Host access follows what the fd may get (a read-only tree stays
     * O_RDONLY even when the guest asks for write rights). */
    if ((fdflags & WF_FL_APPEND) && !(d->inheriting & WR_FD_WRITE)) return WE_NOTCAPABLE;
    int fl = open_flags(dirflags, oflags, fdflags, base & d->inheriting, &wr);
    int h = open_beneath(d->host, path, fl, 0666);
    bool implied = wr && !(base & WR_FD_WRITE) && !(oflags & (WO_CREAT | WO_TRUNC)) &&
                   !(fdflags & WF_FL_APPEND);
    if (implied && (h == -EISDIR || h == -EACCES || h == -EROFS || h == -ETXTBSY)) {
        /* Write access was only implied by rights such as allocate or
         * set-size (Go asks them with every read-only open): on a
         * directory or a file we may not write, open it read-only and
         * drop those rights instead of failing. */
        h = open_beneath(d->host, path, (fl & ~O_ACCMODE) | O_RDONLY, 0666);
        base &= ~(WR_FD_ALLOCATE | WR_FD_FILESTAT_SET_SIZE);
    }
    if (h < 0) return path_errno(h);
    struct stat st;
    if (fstat(h, &st) != 0) { int e = errno; close(h); return wasi_errno(e); }
    bool isdir = S_ISDIR(st.st_mode);
    wasi_fd nf = { .kind = isdir ? WK_DIR : WK_FILE, .host = h,
                   .filetype = wasi_filetype_of_mode(st.st_mode),
                   .fdflags = (uint16_t)fdflags,
                   .rights = base & d->inheriting & (isdir ? WR_DIR_BASE : WR_FILE_BASE),
                   .inheriting = inh & d->inheriting };
    int64_t g = wasi_fd_install(c, nf);
    if (g < 0) { close(h); return WE_NFILE; }
    wm_put32(m, pout, (uint32_t)g);
    return WE_SUCCESS;
}

/* ---- stat and times -------------------------------------------------- */

static uint32_t path_filestat_get(wasi_ctx *c, wmem *m, const wf_val *a)
{
    uint32_t err;
    wasi_fd *d = dir_fd(c, A32(0), WR_PATH_FILESTAT_GET, &err);
    if (!d) return err;
    char path[MAX_PATH + 2];
    if ((err = guest_path(m, A32(2), A32(3), path))) return err;
    if (!wm_ok(m, A32(4), 64)) return WE_FAULT;
    int fl = O_PATH | ((A32(1) & WL_SYMLINK_FOLLOW) ? 0 : O_NOFOLLOW);
    int h = open_beneath(d->host, path, fl, 0);
    if (h < 0) return path_errno(h);
    struct stat st;
    int r = fstat(h, &st);
    int e = errno;
    close(h);
    if (r != 0) return wasi_errno(e);
    return wasi_put_filestat(m, A32(4), &st);
}

static uint32_t path_filestat_set_times(wasi_ctx *c, wmem *m, const wf_val *a)
{
    struct timespec t[2];
    if (!wasi_times(A64(4), A64(5), A32(6), t)) return WE_INVAL;
    bool follow = A32(1) & WL_SYMLINK_FOLLOW;
    wparent p;
    uint32_t err = resolve_parent(c, m, A32(0), WR_PATH_FILESTAT_SET_TIMES, A32(2), A32(3), &p);
    if (err) return err;
    int r;
    if (!follow && !has_trailing_slash(p.name)) {
        r = utimensat(p.dir, p.name, t, AT_SYMLINK_NOFOLLOW) ? -errno : 0;
    } else {
        /* Resolve the target beneath the parent, then touch it by fd. */
        int h = open_beneath(p.dir, p.name, O_PATH, 0);
        if (h < 0) { r = h; }
        else {
            char proc[64];
            snprintf(proc, sizeof proc, "/proc/self/fd/%d", h);
            r = utimensat(AT_FDCWD, proc, t, 0) ? -errno : 0;
            close(h);
        }
    }
    parent_close(&p);
    return r ? path_errno(r) : WE_SUCCESS;
}

/* ---- creating and removing ------------------------------------------ */

static uint32_t path_create_directory(wasi_ctx *c, wmem *m, const wf_val *a)
{
    wparent p;
    uint32_t err = resolve_parent(c, m, A32(0), WR_PATH_CREATE_DIRECTORY, A32(1), A32(2), &p);
    if (err) return err;
    int r = mkdirat(p.dir, p.name, 0777) ? errno : 0;
    parent_close(&p);
    return wasi_errno(r);
}

static uint32_t path_remove_directory(wasi_ctx *c, wmem *m, const wf_val *a)
{
    wparent p;
    uint32_t err = resolve_parent(c, m, A32(0), WR_PATH_REMOVE_DIRECTORY, A32(1), A32(2), &p);
    if (err) return err;
    int r = unlinkat(p.dir, p.name, AT_REMOVEDIR) ? errno : 0;
    parent_close(&p);
    if (r == EEXIST) r = ENOTEMPTY;
    return wasi_errno(r);
}

static uint32_t path_unlink_file(wasi_ctx *c, wmem *m, const wf_val *a)
{
    wparent p;
    uint32_t err = resolve_parent(c, m, A32(0), WR_PATH_UNLINK_FILE, A32(1), A32(2), &p);
    if (err) return err;
    int r = unlinkat(p.dir, p.name, 0) ? errno : 0;
    parent_close(&p);
    return wasi_errno(r);
}

static uint32_t path_symlink(wasi_ctx *c, wmem *m, const wf_val *a)
{
    char target[MAX_PATH + 2];
    uint32_t err = guest_path(m, A32(0), A32(1), target);
    if (err) return err;
    /* An absolute target could only ever point outside (wasmtime agrees). */
    if (target[0] == '/') return WE_NOTCAPABLE;
    wparent p;
    if ((err = resolve_parent(c, m, A32(2), WR_PATH_SYMLINK, A32(3), A32(4), &p))) return err;
    int r = symlinkat(target, p.dir, p.name) ? errno : 0;
    parent_close(&p);
    return wasi_errno(r);
}

static uint32_t path_readlink(wasi_ctx *c, wmem *m, const wf_val *a)
{
    uint32_t buf = A32(3), len = A32(4), pused = A32(5);
    if (!wm_ok(m, buf, len) || !wm_ok(m, pused, 4)) return WE_FAULT;
    wparent p;
    uint32_t err = resolve_parent(c, m, A32(0), WR_PATH_READLINK, A32(1), A32(2), &p);
    if (err) return err;
    char tmp[MAX_PATH];
    ssize_t n = readlinkat(p.dir, p.name, tmp, sizeof tmp);
    int e = errno;
    parent_close(&p);
    if (n < 0) return wasi_errno(e);
    if ((uint64_t)n > len) n = len;   /* the first len bytes, as wasmtime */
    memcpy(m->base + buf, tmp, (size_t)n);
    wm_put32(m, pused, (uint32_t)n);
    return WE_SUCCESS;
}

/* Resolve the parents of a two-path call (rename, link): source beneath
 * fd a[sfd] with path at a[sp], a[sp+1]; target beneath a[tfd], a[tp],
 * a[tp+1]. On success both are open and the caller closes both. */
static uint32_t resolve_pair(wasi_ctx *c, wmem *m, const wf_val *a, int sfd, uint64_t srights,
                             int sp, int tfd, uint64_t trights, int tp, wparent *from,
                             wparent *to)
{
    uint32_t err = resolve_parent(c, m, A32(sfd), srights, A32(sp), A32(sp + 1), from);
    if (err)
        return err;
    err = resolve_parent(c, m, A32(tfd), trights, A32(tp), A32(tp + 1), to);
    if (err)
        parent_close(from);
    return err;
}

static uint32_t path_rename(wasi_ctx *c, wmem *m, const wf_val *a)
{
    wparent *from = malloc(sizeof *from), *to = malloc(sizeof *to);
    uint32_t err = WE_NOMEM;
    if (!from || !to) goto done;
    if ((err = resolve_pair(c, m, a, 0, WR_PATH_RENAME_SOURCE, 1, 3, WR_PATH_RENAME_TARGET, 4,
                            from, to)))
        goto done;
    err = renameat(from->dir, from->name, to->dir, to->name) ? wasi_errno(errno) : WE_SUCCESS;
    parent_close(from);
    parent_close(to);
done:
    free(from);
    free(to);
    return err;
}

static uint32_t path_link(wasi_ctx *c, wmem *m, const wf_val *a)
{
    wparent *from = malloc(sizeof *from), *to = malloc(sizeof *to);
    uint32_t err = WE_NOMEM;
    if (!from || !to) goto done;
    if ((err = resolve_pair(c, m, a, 0, WR_PATH_LINK_SOURCE, 2, 4, WR_PATH_LINK_TARGET, 5,
                            from, to)))
        goto done;
    int r;
    if (A32(1) & WL_SYMLINK_FOLLOW) {
        int h = open_beneath(from->dir, from->name, O_PATH, 0);
        if (h < 0) r = h;
        else {
            char proc[64];
            snprintf(proc, sizeof proc, "/proc/self/fd/%d", h);
            r = linkat(AT_FDCWD, proc, to->dir, to->name, AT_SYMLINK_FOLLOW) ? -errno : 0;
            close(h);
        }
    } else {
        r = linkat(from->dir, from->name, to->dir, to->name, 0) ? -errno : 0;
    }
    err = r ? path_errno(r) : WE_SUCCESS;
    parent_close(from);
    parent_close(to);
done:
    free(from);
    free(to);
    return err;
}

const wasi_def wasi_defs_path[] = {
    { "path_create_directory", "iii", path_create_directory },
    { "path_filestat_get", "iiiii", path_filestat_get },
    { "path_filestat_set_times", "iiiiIIi", path_filestat_set_times },
    { "path_link", "iiiiiii", path_link },
    { "path_open", "iiiiiIIii", path_open },
    { "path_readlink", "iiiiii", path_readlink },
    { "path_remove_directory", "iii", path_remove_directory },
    { "path_rename", "iiiiii", path_rename },
    { "path_symlink", "iiiii", path_symlink },
    { "path_unlink_file", "iii", path_unlink_file },
    { NULL, NULL, NULL },
};

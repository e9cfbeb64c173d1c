/* wasi_fd.c — preview-1 functions on open descriptors (fd_*). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/time.h>
#include <unistd.h>

#include "wasi_int.h"

uint32_t wasi_errno(int e)
{
    switch (e) {
    case 0: return WE_SUCCESS;
    case E2BIG: return WE_2BIG; case EACCES: return WE_ACCES; case EADDRINUSE: return WE_ADDRINUSE;
    case EADDRNOTAVAIL: return WE_ADDRNOTAVAIL; case EAFNOSUPPORT: return WE_AFNOSUPPORT;
    case EAGAIN: return WE_AGAIN; case EALREADY: return WE_ALREADY; case EBADF: return WE_BADF;
    case EBADMSG: return WE_BADMSG; case EBUSY: return WE_BUSY; case ECANCELED: return WE_CANCELED;
    case ECHILD: return WE_CHILD; case ECONNABORTED: return WE_CONNABORTED;
    case ECONNREFUSED: return WE_CONNREFUSED; case ECONNRESET: return WE_CONNRESET;
    case EDEADLK: return WE_DEADLK; case EDESTADDRREQ: return WE_DESTADDRREQ; case EDOM: return WE_DOM;
    case EDQUOT: return WE_DQUOT; case EEXIST: return WE_EXIST; case EFAULT: return WE_FAULT;
    case EFBIG: return WE_FBIG; case EHOSTUNREACH: return WE_HOSTUNREACH; case EIDRM: return WE_IDRM;
    case EILSEQ: return WE_ILSEQ; case EINPROGRESS: return WE_INPROGRESS; case EINTR: return WE_INTR;
    case EINVAL: return WE_INVAL; case EIO: return WE_IO; case EISCONN: return WE_ISCONN;
    case EISDIR: return WE_ISDIR; case ELOOP: return WE_LOOP; case EMFILE: return WE_MFILE;
    case EMLINK: return WE_MLINK; case EMSGSIZE: return WE_MSGSIZE; case EMULTIHOP: return WE_MULTIHOP;
    case ENAMETOOLONG: return WE_NAMETOOLONG; case ENETDOWN: return WE_NETDOWN;
    case ENETRESET: return WE_NETRESET; case ENETUNREACH: return WE_NETUNREACH;
    case ENFILE: return WE_NFILE; case ENOBUFS: return WE_NOBUFS; case ENODEV: return WE_NODEV;
    case ENOENT: return WE_NOENT; case ENOEXEC: return WE_NOEXEC; case ENOLCK: return WE_NOLCK;
    case ENOLINK: return WE_NOLINK; case ENOMEM: return WE_NOMEM; case ENOMSG: return WE_NOMSG;
    case ENOPROTOOPT: return WE_NOPROTOOPT; case ENOSPC: return WE_NOSPC; case ENOSYS: return WE_NOSYS;
    case ENOTCONN: return WE_NOTCONN; case ENOTDIR: return WE_NOTDIR; case ENOTEMPTY: return WE_NOTEMPTY;
    case ENOTRECOVERABLE: return WE_NOTRECOVERABLE; case ENOTSOCK: return WE_NOTSOCK;
    case EOPNOTSUPP: return WE_NOTSUP; case ENOTTY: return WE_NOTTY; case ENXIO: return WE_NXIO;
    case EOVERFLOW: return WE_OVERFLOW; case EOWNERDEAD: return WE_OWNERDEAD; case EPERM: return WE_PERM;
    case EPIPE: return WE_PIPE; case EPROTO: return WE_PROTO; case EPROTONOSUPPORT: return WE_PROTONOSUPPORT;
    case EPROTOTYPE: return WE_PROTOTYPE; case ERANGE: return WE_RANGE; case EROFS: return WE_ROFS;
    case ESPIPE: return WE_SPIPE; case ESRCH: return WE_SRCH; case ESTALE: return WE_STALE;
    case ETIMEDOUT: return WE_TIMEDOUT; case ETXTBSY: return WE_TXTBSY; case EXDEV: return WE_XDEV;
    default: return WE_IO;
    }
}

/* ---- read and write ------------------------------------------------- */

/* writev that turns a closed pipe or socket into EPIPE for the guest (as
 * wasmtime and Node do) instead of killing the host with SIGPIPE. The
 * signal is blocked in this thread only, and a SIGPIPE we caused is
 * consumed before unblocking, so the process's disposition is untouched. */
static ssize_t write_nosigpipe(int fd, const struct iovec *iov, int n)
{
    sigset_t pipe_set, old;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    bool was_pending = sigismember(&pending, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    ssize_t got;
    do got = writev(fd, iov, n);
    while (got < 0 && errno == EINTR);
    int e = errno;
    if (got < 0 && e == EPIPE && !was_pending) {
        struct timespec zero = { 0, 0 };
        while (sigtimedwait(&pipe_set, NULL, &zero) < 0 && errno == EINTR) {}
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    errno = e;
    return got;
}

/* Clip iov to the room left below f->max_size for a write at `at` (the
 * end of the file when unknown or appending); false if there is none. */
static bool clip_to_limit(const wasi_fd *f, int64_t at, struct iovec *iov, int *n)
{
    struct stat st;
    if (at < 0 || (f->fdflags & WF_FL_APPEND)) at = fstat(f->host, &st) == 0 ? st.st_size : 0;
    uint64_t room = (uint64_t)at >= f->max_size ? 0 : f->max_size - (uint64_t)at, asked = 0;
    for (int i = 0; i < *n; i++) asked += iov[i].iov_len;
    if (asked == 0) return true;
    if (room == 0) return false;
    for (int i = 0; i < *n; i++) {
        if (iov[i].iov_len >= room) {
            iov[i].iov_len = (size_t)room;
            *n = i + 1;
            break;
        }
        room -= iov[i].iov_len;
    }
    return true;
}

static uint32_t do_rw(wasi_ctx *c, wmem *m, const wf_val *a, bool write, bool positional)
{
    uint32_t err;
    uint64_t need = write ? WR_FD_WRITE : WR_FD_READ;
    if (positional) need |= WR_FD_SEEK;
    wasi_fd *f = wasi_fd_get(c, A32(0), need, &err);
    if (!f) return err;
    if (f->kind == WK_DIR) return WE_ISDIR;
    struct iovec iov[1024];
    int n = 0;
    uint32_t r = wasi_iovs(m, A32(1), A32(2), iov, &n);
    if (r) return r;
    uint32_t pout = positional ? A32(4) : A32(3);
    if (!wm_ok(m, pout, 4)) return WE_FAULT;
    if (positional && (int64_t)A64(3) < 0) return WE_INVAL;
    if (write && f->max_size) {
        int64_t at = positional ? (int64_t)A64(3) : (int64_t)lseek(f->host, 0, SEEK_CUR);
        if (!clip_to_limit(f, at, iov, &n)) return WE_NOSPC;
    }
    ssize_t got;
    if (write && !positional && f->filetype != WT_REGULAR_FILE) {
        got = write_nosigpipe(f->host, iov, n);
    } else {
        do {
            if (positional)
                got = write ? pwritev(f->host, iov, n, (off_t)A64(3)) : preadv(f->host, iov, n, (off_t)A64(3));
            else
                got = write ? writev(f->host, iov, n) : readv(f->host, iov, n);
        } while (got < 0 && errno == EINTR);
    }
    if (got < 0) return wasi_errno(errno);
    wm_put32(m, pout, (uint32_t)got);
    return WE_SUCCESS;
}

static uint32_t fd_read(wasi_ctx *c, wmem *m, const wf_val *a) { return do_rw(c, m, a, false, false); }
static uint32_t fd_write(wasi_ctx *c, wmem *m, const wf_val *a) { return do_rw(c, m, a, true, false); }
static uint32_t fd_pread(wasi_ctx *c, wmem *m, const wf_val *a) { return do_rw(c, m, a, false, true); }
static uint32_t fd_pwrite(wasi_ctx *c, wmem *m, const wf_val *a) { return do_rw(c, m, a, true, true); }

static uint32_t fd_close(wasi_ctx *c, wmem *m, const wf_val *a)
{
    return wasi_fd_close(c, A32(0));
}

/* ---- preopens -------------------------------------------------------- */

static uint32_t fd_prestat_get(wasi_ctx *c, wmem *m, const wf_val *a)
{
    uint32_t err;
    wasi_fd *f = wasi_fd_get(c, A32(0), 0, &err);
    if (!f) return err;
    if (!f->preopen) return WE_BADF;
    if (!wm_ok(m, A32(1), 8)) return WE_FAULT;
    memset(m->base + A32(1), 0, 8);
    wm_put32(m, A32(1) + 4, (uint32_t)strlen(f->preopen));
    return WE_SUCCESS;
}

static uint32_t fd_prestat_dir_name(wasi_ctx *c, wmem *m, const wf_val *a)
{
    uint32_t err;
    wasi_fd *f = wasi_fd_get(c, A32(0), 0, &err);
    if (!f) return err;
    if (!f->preopen) return WE_BADF;
    size_t len = strlen(f->preopen);
    if (A32(2) < len) return WE_NAMETOOLONG;
    if (!wm_ok(m, A32(1), len)) return WE_FAULT;
    memcpy(m->base + A32(1), f->preopen, len);
    return WE_SUCCESS;
}

/* ---- position ------------------------------------------------------ */

static uint32_t fd_seek(wasi_ctx *c, wmem *m, const wf_val *a)
{
    uint32_t err, whence = A32(2);
    int64_t off = (int64_t)A64(1);
    /* A pure query (offset 0 from CUR) is a tell, which needs less. */
    uint64_t need = (off == 0 && whence == 1) ? WR_FD_TELL : WR_FD_SEEK;
    wasi_fd *f = wasi_fd_get(c, A32(0), 0, &err);
    if (!f) return err;
    if (f->kind == WK_DIR) return WE_ISDIR;
    if ((f->rights & need) != need && (f->rights & WR_FD_SEEK) == 0) return WE_NOTCAPABLE;
    if (!wm_ok(m, A32(3), 8)) return WE_FAULT;
    int hw = whence == 0 ? SEEK_SET : whence == 1 ? SEEK_CUR : whence == 2 ? SEEK_END : -1;
    if (hw < 0) return WE_INVAL;
    off_t r = lseek(f->host, (off_t)off, hw);
    if (r < 0) return wasi_errno(errno);
    wm_put64(m, A32(3), (uint64_t)r);
    return WE_SUCCESS;
}

static uint32_t fd_tell(wasi_ctx *c, wmem *m, const wf_val *a)
{
    uint32_t err;
    wasi_fd *f = wasi_fd_get(c, A32(0), WR_FD_TELL, &err);
    if (!f) return err;
    if (f->kind == WK_DIR) return WE_ISDIR;
    if (!wm_ok(m, A32(1), 8)) return WE_FAULT;
    off_t r = lseek(f->host, 0, SEEK_CUR);
    if (r < 0) return wasi_errno(errno);
    wm_put64(m, A32(1), (uint64_t)r);
    return WE_SUCCESS;
}

/* ---- fdstat ---------------------------------------------------------- */

static uint16_t host_fdflags(int fd, uint16_t known)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0) return known;
    uint16_t r = 0;
    if (fl & O_APPEND) r |= WF_FL_APPEND;
    if (fl & O_NONBLOCK) r |= WF_FL_NONBLOCK;
#ifdef O_DSYNC
    if ((fl & O_SYNC) == O_SYNC) r |= WF_FL_SYNC | (known & WF_FL_RSYNC);
    else if (fl & O_DSYNC) r |= WF_FL_DSYNC;
#endif
    return r;
}

static uint32_t fd_fdstat_get(wasi_ctx *c, wmem *m, const wf_val *a)
{
    uint32_t err;
    wasi_fd *f = wasi_fd_get(c, A32(0), 0, &err);
    if (!f) return err;
    uint32_t p = A32(1);
    if (!wm_ok(m, p, 24)) return WE_FAULT;
    memset(m->base + p, 0, 24);
    m->base[p] = f->filetype;
    wm_put16(m, p + 2, host_fdflags(f->host, f->fdflags));
    wm_put64(m, p + 8, f->rights);
    wm_put64(m, p + 16, f->inheriting);
    return WE_SUCCESS;
}

static uint32_t fd_fdstat_set_flags(wasi_ctx *c, wmem *m, const wf_val *a)
{
    uint32_t err, fl = A32(1);
    wasi_fd *f = wasi_fd_get(c, A32(0), WR_FD_FDSTAT_SET_FLAGS, &err);
    if (!f) return err;
    if (fl & ~0x1fu) return WE_INVAL;
    /* Like wasmtime, only append and nonblock can change after open. */
    if (fl & (WF_FL_DSYNC | WF_FL_RSYNC | WF_FL_SYNC)) return WE_NOTSUP;
    int hfl = fcntl(f->host, F_GETFL);
    if (hfl < 0) return wasi_errno(errno);
    hfl &= ~(O_APPEND | O_NONBLOCK);
    if (fl & WF_FL_APPEND) hfl |= O_APPEND;
    if (fl & WF_FL_NONBLOCK) hfl |= O_NONBLOCK;
    if (fcntl(f->host, F_SETFL, hfl) < 0) return wasi_errno(errno);
    f->fdflags = (uint16_t)fl;
    return WE_SUCCESS;
}

static uint32_t fd_fdstat_set_rights(wasi_ctx *c, wmem *m, const wf_val *a)
{
    uint32_t err;
    wasi_fd *f = wasi_fd_get(c, A32(0), 0, &err);
    if (!f) return err;
    uint64_t base = A64(1), inh = A64(2);
    /* Rights only ever shrink. */
    if ((base & ~f->rights) || (inh & ~f->inheriting)) return WE_NOTCAPABLE;
    f->rights = base;
    f->inheriting = inh;
    return WE_SUCCESS;
}

/* ---- filestat -------------------------------------------------------- */

static uint64_t ts_ns(struct timespec t) { return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec; }

uint32_t wasi_put_filestat(wmem *m, uint32_t p, const struct stat *st)
{
    if (!wm_ok(m, p, 64)) return WE_FAULT;
    memset(m->base + p, 0, 64);
    wm_put64(m, p, (uint64_t)st->st_dev);
    wm_put64(m, p + 8, (uint64_t)st->st_ino);
    m->base[p + 16] = wasi_filetype_of_mode(st->st_mode);
    wm_put64(m, p + 24, (uint64_t)st->st_nlink);
    wm_put64(m, p + 32, (uint64_t)st->st_size);
    wm_put64(m, p + 40, ts_ns(st->st_atim));
    wm_put64(m, p + 48, ts_ns(st->st_mtim));
    wm_put64(m, p + 56, ts_ns(st->st_ctim));
    return WE_SUCCESS;
}

static uint32_t fd_filestat_get(wasi_ctx *c, wmem *m, const wf_val *a)
{
    uint32_t err;
    wasi_fd *f = wasi_fd_get(c, A32(0), WR_FD_FILESTAT_GET, &err);
    if (!f) return err;
    struct stat st;
    if (fstat(f->host, &st) != 0) return wasi_errno(errno);
    uint32_t r = wasi_put_filestat(m, A32(1), &st);
    if (r == WE_SUCCESS && f->kind == WK_STDIO && !S_ISREG(st.st_mode))
        m->base[A32(1) + 16] = f->filetype;
    return r;
}

static uint32_t fd_filestat_set_size(wasi_ctx *c, wmem *m, const wf_val *a)
{
    uint32_t err;
    wasi_fd *f = wasi_fd_get(c, A32(0), WR_FD_FILESTAT_SET_SIZE, &err);
    if (!f) return err;
    if ((int64_t)A64(1) < 0) return WE_INVAL;
    if (ftruncate(f->host, (off_t)A64(1)) != 0) return wasi_errno(errno);
    return WE_SUCCESS;
}

/* Build utimensat times from witx fstflags; false if contradictory. */
bool wasi_times(uint64_t atim, uint64_t mtim, uint32_t fl, struct timespec *t)
{
    if ((fl & ~0xfu) || ((fl & WST_ATIM) && (fl & WST_ATIM_NOW)) ||
        ((fl & WST_MTIM) && (fl & WST_MTIM_NOW)))
        return false;
    t[0].tv_sec = 0; t[1].tv_sec = 0;
    t[0].tv_nsec = UTIME_OMIT; t[1].tv_nsec = UTIME_OMIT;
    if (fl & WST_ATIM) { t[0].tv_sec = (time_t)(atim / 1000000000ull); t[0].tv_nsec = (long)(atim % 1000000000ull); }
    if (fl & WST_ATIM_NOW) t[0].tv_nsec = UTIME_NOW;
    if (fl & WST_MTIM) { t[1].tv_sec = (time_t)(mtim / 1000000000ull); t[1].tv_nsec = (long)(mtim % 1000000000ull); }
    if (fl & WST_MTIM_NOW) t[1].tv_nsec = UTIME_NOW;
    return true;
}

static uint32_t fd_filestat_set_times(wasi_ctx *c, wmem *m, const wf_val *a)
{
    uint32_t err;
    wasi_fd *f = wasi_fd_get(c, A32(0), WR_FD_FILESTAT_SET_TIMES, &err);
    if (!f) return err;
    struct timespec t[2];
    if (!wasi_times(A64(1), A64(2), A32(3), t)) return WE_INVAL;
    if (futimens(f->host, t) != 0) return wasi_errno(errno);
    return WE_SUCCESS;
}

/* ---- advice, allocation, sync --------------------------------------- */

static uint32_t fd_advise(wasi_ctx *c, wmem *m, const wf_val *a)
{
    uint32_t err;
    wasi_fd *f = wasi_fd_get(c, A32(0), WR_FD_ADVISE, &err);
    if (!f) return err;
    static const int adv[6] = { POSIX_FADV_NORMAL, POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                                POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE };
    if (A32(3) > 5) return WE_INVAL;
    if ((int64_t)A64(1) < 0 || (int64_t)A64(2) < 0) return WE_INVAL;
    int r = posix_fadvise(f->host, (off_t)A64(1), (off_t)A64(2), adv[A32(3)]);
    if (r == ESPIPE) return WE_SPIPE;
    return WE_SUCCESS;   /* advice is only advice */
}

static uint32_t fd_allocate(wasi_ctx *c, wmem *m, const wf_val *a)
{
    uint32_t err;
    wasi_fd *f = wasi_fd_get(c, A32(0), WR_FD_ALLOCATE, &err);
    if (!f) return err;
    if (f->kind == WK_DIR) return WE_ISDIR;
    uint64_t off = A64(1), len = A64(2);
    if ((int64_t)off < 0 || (int64_t)len < 0 || off + len < off || (int64_t)(off + len) < 0) return WE_INVAL;
    int r = posix_fallocate(f->host, (off_t)off, (off_t)len);
    return r ? wasi_errno(r) : WE_SUCCESS;
}

static uint32_t fd_datasync(wasi_ctx *c, wmem *m, const wf_val *a)
{
    uint32_t err;
    wasi_fd *f = wasi_fd_get(c, A32(0), WR_FD_DATASYNC, &err);
    if (!f) return err;
    return fdatasync(f->host) ? wasi_errno(errno) : WE_SUCCESS;
}

static uint32_t fd_sync(wasi_ctx *c, wmem *m, const wf_val *a)
{
    uint32_t err;
    wasi_fd *f = wasi_fd_get(c, A32(0), WR_FD_SYNC, &err);
    if (!f) return err;
    return fsync(f->host) ? wasi_errno(errno) : WE_SUCCESS;
}

static uint32_t fd_renumber(wasi_ctx *c, wmem *m, const wf_val *a)
{
    return wasi_fd_renumber(c, A32(0), A32(1));
}

/* ---- fd_readdir ------------------------------------------------------ */

/* A snapshot of the directory taken when the guest starts at cookie 0;
 * cookie k means "entry k of the snapshot", so cookies stay stable
 * however the guest splits its reads, and stay small: wasi-libc's
 * telldir returns a 32-bit long, which would truncate the host's hash
 * offsets (d_off on ext4). wasmtime numbers entries the same way. */
typedef struct wasi_dent { uint64_t ino; uint8_t type; uint32_t namelen; char *name; } wasi_dent;
struct wasi_dirstream { wasi_dent *e; size_t n; };

void wasi_dirstream_free(wasi_dirstream *d)
{
    if (!d) return;
    for (size_t i = 0; i < d->n; i++) free(d->e[i].name);
    free(d->e);
    free(d);
}

static uint8_t dtype_of(int dfd, const struct dirent *de)
{
    switch (de->d_type) {
    case DT_REG: return WT_REGULAR_FILE;
    case DT_DIR: return WT_DIRECTORY;
    case DT_LNK: return WT_SYMBOLIC_LINK;
    case DT_CHR: return WT_CHARACTER_DEVICE;
    case DT_BLK: return WT_BLOCK_DEVICE;
    case DT_SOCK: return WT_SOCKET_STREAM;
    case DT_UNKNOWN: {
        struct stat st;
        if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) return wasi_filetype_of_mode(st.st_mode);
        return WT_UNKNOWN;
    }
    default: return WT_UNKNOWN;
    }
}

static uint32_t snapshot_dir(wasi_fd *f)
{
    int dfd = openat(f->host, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) return wasi_errno(errno);
    DIR *d = fdopendir(dfd);
    if (!d) { close(dfd); return wasi_errno(errno); }
    wasi_dirstream *s = calloc(1, sizeof *s);
    size_t cap = 0;
    uint32_t rc = s ? WE_SUCCESS : WE_NOMEM;
    struct dirent *de;
    while (rc == WE_SUCCESS && (errno = 0, de = readdir(d)) != NULL) {
        if (s->n == cap) {
            cap = cap ? cap * 2 : 32;
            wasi_dent *v = realloc(s->e, cap * sizeof *v);
            if (!v) { rc = WE_NOMEM; break; }
            s->e = v;
        }
        wasi_dent *e = &s->e[s->n];
        e->namelen = (uint32_t)strlen(de->d_name);
        e->name = malloc(e->namelen + 1);
        if (!e->name) { rc = WE_NOMEM; break; }
        memcpy(e->name, de->d_name, e->namelen + 1);
        e->ino = de->d_ino;
        e->type = dtype_of(dirfd(d), de);
        s->n++;
    }
    if (rc == WE_SUCCESS && errno) rc = wasi_errno(errno);
    closedir(d);
    if (rc != WE_SUCCESS) { wasi_dirstream_free(s); return rc; }
    wasi_dirstream_free(f->dir);
    f->dir = s;
    return WE_SUCCESS;
}

static uint32_t fd_readdir(wasi_ctx *c, wmem *m, const wf_val *a)
{
    uint32_t err, buf = A32(1), len = A32(2), pused = A32(4);
    uint64_t cookie = A64(3);
    wasi_fd *f = wasi_fd_get(c, A32(0), WR_FD_READDIR, &err);
    if (!f) return err;
    if (f->kind != WK_DIR) return WE_NOTDIR;
    if (!wm_ok(m, buf, len) || !wm_ok(m, pused, 4)) return WE_FAULT;
    /* Threads sharing this fd must not swap the snapshot under us. */
    pthread_mutex_lock(&c->lock);
    if (cookie == 0 || !f->dir) {
        uint32_t r = snapshot_dir(f);
        if (r) { pthread_mutex_unlock(&c->lock); return r; }
    }
    uint32_t used = 0;
    for (uint64_t i = cookie; i < f->dir->n && used < len; i++) {
        wasi_dent *e = &f->dir->e[i];
        uint8_t hdr[24] = { 0 };
        uint64_t next = i + 1;
        memcpy(hdr, &next, 8);
        memcpy(hdr + 8, &e->ino, 8);
        memcpy(hdr + 16, &e->namelen, 4);
        hdr[20] = e->type;
        uint32_t n = len - used < 24 ? len - used : 24;
        memcpy(m->base + buf + used, hdr, n);
        used += n;
        n = len - used < e->namelen ? len - used : e->namelen;
        memcpy(m->base + buf + used, e->name, n);
        used += n;
    }
    pthread_mutex_unlock(&c->lock);
    wm_put32(m, pused, used);
    return WE_SUCCESS;
}

const wasi_def wasi_defs_fd[] = {
    { "fd_advise", "iIIi", fd_advise },
    { "fd_allocate", "iII", fd_allocate },
    { "fd_close", "i", fd_close },
    { "fd_datasync", "i", fd_datasync },
    { "fd_fdstat_get", "ii", fd_fdstat_get },
    { "fd_fdstat_set_flags", "ii", fd_fdstat_set_flags },
    { "fd_fdstat_set_rights", "iII", fd_fdstat_set_rights },
    { "fd_filestat_get", "ii", fd_filestat_get },
    { "fd_filestat_set_size", "iI", fd_filestat_set_size },
    { "fd_filestat_set_times", "iIIi", fd_filestat_set_times },
    { "fd_pread", "iiiIi", fd_pread },
    { "fd_prestat_get", "ii", fd_prestat_get },
    { "fd_prestat_dir_name", "iii", fd_prestat_dir_name },
    { "fd_pwrite", "iiiIi", fd_pwrite },
    { "fd_read", "iiii", fd_read },
    { "fd_readdir", "iiiIi", fd_readdir },
    { "fd_renumber", "ii", fd_renumber },
    { "fd_seek", "iIii", fd_seek },
    { "fd_sync", "i", fd_sync },
    { "fd_tell", "ii", fd_tell },
    { "fd_write", "iiii", fd_write },
    { NULL, NULL, NULL },
};

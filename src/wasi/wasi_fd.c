/* wasi_fd.c — preview-1 functions on open descriptors (fd_*). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/uio.h>
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
    ssize_t got;
    do {
        if (positional)
            got = write ? pwritev(f->host, iov, n, (off_t)A64(3)) : preadv(f->host, iov, n, (off_t)A64(3));
        else
            got = write ? writev(f->host, iov, n) : readv(f->host, iov, n);
    } while (got < 0 && errno == EINTR);
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
    uint32_t err;
    wasi_fd *f = wasi_fd_get(c, A32(0), 0, &err);
    if (!f) return err;
    wasi_fd_release(f);
    return WE_SUCCESS;
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

void wasi_dirstream_free(wasi_dirstream *d) { free(d); }

const wasi_def wasi_defs_fd[] = {
    { "fd_read", "iiii", fd_read },
    { "fd_write", "iiii", fd_write },
    { "fd_pread", "iiiIi", fd_pread },
    { "fd_pwrite", "iiiIi", fd_pwrite },
    { "fd_close", "i", fd_close },
    { "fd_prestat_get", "ii", fd_prestat_get },
    { "fd_prestat_dir_name", "iii", fd_prestat_dir_name },
    { NULL, NULL, NULL },
};

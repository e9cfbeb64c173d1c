/* wasi_int.h — internals shared by the files of src/wasi: the witx
 * constants, the fd table, guest-memory access and the host-function
 * signature every preview-1 function is written against. */
#ifndef WEFT_WASI_INT_H
#define WEFT_WASI_INT_H

#include <dirent.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include "wasi.h"

/* ---- witx constants (typenames.witx) --------------------------------- */

enum {
    WE_SUCCESS = 0, WE_2BIG = 1, WE_ACCES = 2, WE_ADDRINUSE = 3, WE_ADDRNOTAVAIL = 4,
    WE_AFNOSUPPORT = 5, WE_AGAIN = 6, WE_ALREADY = 7, WE_BADF = 8, WE_BADMSG = 9,
    WE_BUSY = 10, WE_CANCELED = 11, WE_CHILD = 12, WE_CONNABORTED = 13,
    WE_CONNREFUSED = 14, WE_CONNRESET = 15, WE_DEADLK = 16, WE_DESTADDRREQ = 17,
    WE_DOM = 18, WE_DQUOT = 19, WE_EXIST = 20, WE_FAULT = 21, WE_FBIG = 22,
    WE_HOSTUNREACH = 23, WE_IDRM = 24, WE_ILSEQ = 25, WE_INPROGRESS = 26,
    WE_INTR = 27, WE_INVAL = 28, WE_IO = 29, WE_ISCONN = 30, WE_ISDIR = 31,
    WE_LOOP = 32, WE_MFILE = 33, WE_MLINK = 34, WE_MSGSIZE = 35, WE_MULTIHOP = 36,
    WE_NAMETOOLONG = 37, WE_NETDOWN = 38, WE_NETRESET = 39, WE_NETUNREACH = 40,
    WE_NFILE = 41, WE_NOBUFS = 42, WE_NODEV = 43, WE_NOENT = 44, WE_NOEXEC = 45,
    WE_NOLCK = 46, WE_NOLINK = 47, WE_NOMEM = 48, WE_NOMSG = 49,
    WE_NOPROTOOPT = 50, WE_NOSPC = 51, WE_NOSYS = 52, WE_NOTCONN = 53,
    WE_NOTDIR = 54, WE_NOTEMPTY = 55, WE_NOTRECOVERABLE = 56, WE_NOTSOCK = 57,
    WE_NOTSUP = 58, WE_NOTTY = 59, WE_NXIO = 60, WE_OVERFLOW = 61,
    WE_OWNERDEAD = 62, WE_PERM = 63, WE_PIPE = 64, WE_PROTO = 65,
    WE_PROTONOSUPPORT = 66, WE_PROTOTYPE = 67, WE_RANGE = 68, WE_ROFS = 69,
    WE_SPIPE = 70, WE_SRCH = 71, WE_STALE = 72, WE_TIMEDOUT = 73, WE_TXTBSY = 74,
    WE_XDEV = 75, WE_NOTCAPABLE = 76,
};

/* rights */
#define WR_FD_DATASYNC            (1ull << 0)
#define WR_FD_READ                (1ull << 1)
#define WR_FD_SEEK                (1ull << 2)
#define WR_FD_FDSTAT_SET_FLAGS    (1ull << 3)
#define WR_FD_SYNC                (1ull << 4)
#define WR_FD_TELL                (1ull << 5)
#define WR_FD_WRITE               (1ull << 6)
#define WR_FD_ADVISE              (1ull << 7)
#define WR_FD_ALLOCATE            (1ull << 8)
#define WR_PATH_CREATE_DIRECTORY  (1ull << 9)
#define WR_PATH_CREATE_FILE       (1ull << 10)
#define WR_PATH_LINK_SOURCE       (1ull << 11)
#define WR_PATH_LINK_TARGET       (1ull << 12)
#define WR_PATH_OPEN              (1ull << 13)
#define WR_FD_READDIR             (1ull << 14)
#define WR_PATH_READLINK          (1ull << 15)
#define WR_PATH_RENAME_SOURCE     (1ull << 16)
#define WR_PATH_RENAME_TARGET     (1ull << 17)
#define WR_PATH_FILESTAT_GET      (1ull << 18)
#define WR_PATH_FILESTAT_SET_SIZE (1ull << 19)
#define WR_PATH_FILESTAT_SET_TIMES (1ull << 20)
#define WR_FD_FILESTAT_GET        (1ull << 21)
#define WR_FD_FILESTAT_SET_SIZE   (1ull << 22)
#define WR_FD_FILESTAT_SET_TIMES  (1ull << 23)
#define WR_PATH_SYMLINK           (1ull << 24)
#define WR_PATH_REMOVE_DIRECTORY  (1ull << 25)
#define WR_PATH_UNLINK_FILE       (1ull << 26)
#define WR_POLL_FD_READWRITE      (1ull << 27)
#define WR_SOCK_SHUTDOWN          (1ull << 28)
#define WR_SOCK_ACCEPT            (1ull << 29)
#define WR_ALL                    ((1ull << 30) - 1)

/* What a regular file and a directory may ever hold (as wasmtime grants). */
#define WR_FILE_BASE (WR_FD_DATASYNC | WR_FD_READ | WR_FD_SEEK | WR_FD_FDSTAT_SET_FLAGS | \
    WR_FD_SYNC | WR_FD_TELL | WR_FD_WRITE | WR_FD_ADVISE | WR_FD_ALLOCATE | \
    WR_FD_FILESTAT_GET | WR_FD_FILESTAT_SET_SIZE | WR_FD_FILESTAT_SET_TIMES | \
    WR_POLL_FD_READWRITE)
#define WR_DIR_BASE (WR_FD_FDSTAT_SET_FLAGS | WR_FD_SYNC | WR_FD_DATASYNC | \
    WR_PATH_CREATE_DIRECTORY | WR_PATH_CREATE_FILE | WR_PATH_LINK_SOURCE | \
    WR_PATH_LINK_TARGET | WR_PATH_OPEN | WR_FD_READDIR | WR_PATH_READLINK | \
    WR_PATH_RENAME_SOURCE | WR_PATH_RENAME_TARGET | WR_PATH_FILESTAT_GET | \
    WR_PATH_FILESTAT_SET_SIZE | WR_PATH_FILESTAT_SET_TIMES | WR_FD_FILESTAT_GET | \
    WR_FD_FILESTAT_SET_TIMES | WR_PATH_SYMLINK | WR_PATH_REMOVE_DIRECTORY | \
    WR_PATH_UNLINK_FILE | WR_POLL_FD_READWRITE)
#define WR_SOCK_BASE (WR_FD_READ | WR_FD_WRITE | WR_FD_FDSTAT_SET_FLAGS | \
    WR_FD_FILESTAT_GET | WR_POLL_FD_READWRITE | WR_SOCK_SHUTDOWN | WR_SOCK_ACCEPT)

enum {
    WT_UNKNOWN = 0, WT_BLOCK_DEVICE = 1, WT_CHARACTER_DEVICE = 2, WT_DIRECTORY = 3,
    WT_REGULAR_FILE = 4, WT_SOCKET_DGRAM = 5, WT_SOCKET_STREAM = 6, WT_SYMBOLIC_LINK = 7,
};
enum { WF_FL_APPEND = 1, WF_FL_DSYNC = 2, WF_FL_NONBLOCK = 4, WF_FL_RSYNC = 8, WF_FL_SYNC = 16 };
enum { WL_SYMLINK_FOLLOW = 1 };
enum { WO_CREAT = 1, WO_DIRECTORY = 2, WO_EXCL = 4, WO_TRUNC = 8 };
enum { WST_ATIM = 1, WST_ATIM_NOW = 2, WST_MTIM = 4, WST_MTIM_NOW = 8 };

/* ---- the fd table ---------------------------------------------------- */

typedef enum { WK_FREE = 0, WK_STDIO, WK_FILE, WK_DIR, WK_SOCKET } wasi_kind;

typedef struct wasi_dirstream wasi_dirstream;

typedef struct wasi_fd {
    wasi_kind kind;
    int host;                 /* host descriptor */
    uint8_t filetype;         /* WT_* */
    uint16_t fdflags;         /* WF_FL_* as the guest set them */
    uint64_t rights, inheriting;
    char *preopen;            /* guest name if this is a preopen, else NULL */
    wasi_dirstream *dir;      /* fd_readdir state, made on first use */
    int refs;                 /* the table's + calls in flight (under lock) */
    uint64_t max_size;        /* writes stop at this file size (0: none) */
} wasi_fd;

struct wasi_ctx {
    char **argv; uint32_t argc;
    char **env; uint32_t nenv, env_cap;
    /* Entries are allocated one by one and reference-counted, so that a
     * call in one thread keeps its descriptor alive while another thread
     * (wasi-threads) closes, renumbers or grows the table. */
    wasi_fd **fds; uint32_t nfds;
    pthread_mutex_t lock;
    int stdio_flags[3];           /* host file status flags, restored at free */
    struct wasi_entry *entries;   /* one per linked function */
};

/* Guest memory as seen by one host call. */
typedef struct wmem { uint8_t *base; uint64_t size; } wmem;

static inline bool wm_ok(const wmem *m, uint32_t ptr, uint64_t len)
{
    return (uint64_t)ptr + len <= m->size;
}
static inline uint32_t wm_u32(const wmem *m, uint32_t p) { uint32_t v; memcpy(&v, m->base + p, 4); return v; }
static inline uint64_t wm_u64(const wmem *m, uint32_t p) { uint64_t v; memcpy(&v, m->base + p, 8); return v; }
static inline uint16_t wm_u16(const wmem *m, uint32_t p) { uint16_t v; memcpy(&v, m->base + p, 2); return v; }
static inline void wm_put32(wmem *m, uint32_t p, uint32_t v) { memcpy(m->base + p, &v, 4); }
static inline void wm_put64(wmem *m, uint32_t p, uint64_t v) { memcpy(m->base + p, &v, 8); }
static inline void wm_put16(wmem *m, uint32_t p, uint16_t v) { memcpy(m->base + p, &v, 2); }

/* Every preview-1 function that returns an errno is one of these: it reads
 * its arguments (already typed), works, and returns a WE_* value. */
typedef uint32_t (*wasi_impl)(wasi_ctx *ctx, wmem *m, const wf_val *a);

#define A32(i) ((uint32_t)a[i].of.i32)
#define A64(i) ((uint64_t)a[i].of.i64)

/* host errno -> WE_* */
uint32_t wasi_errno(int host_errno);

/* The fd `fd` if it is open and holds every right in `need`; else NULL
 * with *err set (BADF, or NOTCAPABLE for missing rights). The entry stays
 * valid until the current host call returns (wasi_call_end). */
wasi_fd *wasi_fd_get(wasi_ctx *ctx, uint32_t fd, uint64_t need, uint32_t *err);
/* Install a host fd in the lowest free slot; returns the guest fd or -1. */
int64_t wasi_fd_install(wasi_ctx *ctx, wasi_fd f);
uint32_t wasi_fd_close(wasi_ctx *ctx, uint32_t fd);
uint32_t wasi_fd_renumber(wasi_ctx *ctx, uint32_t from, uint32_t to);
/* Drop the references the calling thread took during this host call. */
void wasi_call_end(wasi_ctx *ctx);
uint8_t wasi_filetype_of_mode(unsigned mode);

/* Scatter/gather: read the guest iovec array into host iovecs (<= 1024);
 * returns WE_SUCCESS or WE_FAULT / WE_INVAL. */
struct iovec;
uint32_t wasi_iovs(wmem *m, uint32_t iovs, uint32_t n, struct iovec *out, int *nout);

/* Function implementations in the other files, looked up by wasi_link. */
typedef struct wasi_def { const char *name; const char *sig; wasi_impl impl; } wasi_def;
extern const wasi_def wasi_defs_fd[];     /* wasi_fd.c, NULL-terminated */
extern const wasi_def wasi_defs_path[];   /* wasi_path.c */
extern const wasi_def wasi_defs_misc[];   /* wasi_misc.c */

struct stat;
struct timespec;
/* Write a witx filestat (64 bytes) at p. */
uint32_t wasi_put_filestat(wmem *m, uint32_t p, const struct stat *st);
/* utimensat times from witx timestamps and fstflags; false if invalid. */
bool wasi_times(uint64_t atim, uint64_t mtim, uint32_t fstflags, struct timespec *t);

/* fd_readdir state (wasi_fd.c) */
void wasi_dirstream_free(wasi_dirstream *d);

#endif

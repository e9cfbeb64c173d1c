/* fuzz_wasi.c — libFuzzer target: WASI preview 1 calls with hostile
 * arguments. A generated guest module imports every WASI function and
 * exports a trampoline for each ("t<N>"), so calls come from guest code
 * with the guest's memory. The input is:
 *   [u16 n][n bytes copied to memory at 0 and at 65536-n] then operations:
 *   [u8 function][per parameter: u8 selector + its bytes]
 * Selectors pick 0, small values, values near the end of memory, raw
 * 32/64-bit values, preopen fd 3 and fds opened since.
 * Each input runs in a fresh sandbox directory <base>/box preopened as
 * "/sandbox"; after every input <base> itself (outside the sandbox) must be
 * unchanged, or the target aborts: a guest escaped. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "weft.h"
#include "wasi/wasi.h"

typedef struct { const char *name; const char *params; bool has_result; } wasi_sig;

/* i = i32, I = i64; every function returns an errno except proc_exit. */
static const wasi_sig sigs[] = {
    {"args_get", "ii", 1}, {"args_sizes_get", "ii", 1}, {"environ_get", "ii", 1},
    {"environ_sizes_get", "ii", 1}, {"clock_res_get", "ii", 1}, {"clock_time_get", "iIi", 1},
    {"fd_advise", "iIIi", 1}, {"fd_allocate", "iII", 1}, {"fd_close", "i", 1},
    {"fd_datasync", "i", 1}, {"fd_fdstat_get", "ii", 1}, {"fd_fdstat_set_flags", "ii", 1},
    {"fd_fdstat_set_rights", "iII", 1}, {"fd_filestat_get", "ii", 1},
    {"fd_filestat_set_size", "iI", 1}, {"fd_filestat_set_times", "iIIi", 1},
    {"fd_pread", "iiiIi", 1}, {"fd_prestat_get", "ii", 1}, {"fd_prestat_dir_name", "iii", 1},
    {"fd_pwrite", "iiiIi", 1}, {"fd_read", "iiii", 1}, {"fd_readdir", "iiiIi", 1},
    {"fd_renumber", "ii", 1}, {"fd_seek", "iIii", 1}, {"fd_sync", "i", 1}, {"fd_tell", "ii", 1},
    {"fd_write", "iiii", 1}, {"path_create_directory", "iii", 1},
    {"path_filestat_get", "iiiii", 1}, {"path_filestat_set_times", "iiiiIIi", 1},
    {"path_link", "iiiiiii", 1}, {"path_open", "iiiiiIIii", 1}, {"path_readlink", "iiiiii", 1},
    {"path_remove_directory", "iii", 1}, {"path_rename", "iiiiii", 1},
    {"path_symlink", "iiiii", 1}, {"path_unlink_file", "iii", 1}, {"poll_oneoff", "iiii", 1},
    {"proc_exit", "i", 0}, {"proc_raise", "i", 1}, {"sched_yield", "", 1},
    {"random_get", "ii", 1}, {"sock_accept", "iii", 1}, {"sock_recv", "iiiiii", 1},
    {"sock_send", "iiiii", 1}, {"sock_shutdown", "ii", 1},
};
enum { NSIGS = sizeof sigs / sizeof sigs[0], PAGE = 65536 };

static wf_module *guest;
static char base[64], box[80], outside[96];
static struct stat base_st;

static void append(char **s, size_t *len, size_t *cap, const char *t)
{
    size_t n = strlen(t);
    if (*len + n + 1 > *cap) {
        *cap = (*len + n + 1) * 2;
        *s = realloc(*s, *cap);
        if (!*s)
            abort();
    }
    memcpy(*s + *len, t, n + 1);
    *len += n;
}

static wf_module *make_guest(void)
{
    char *s = NULL, line[512];
    size_t len = 0, cap = 0;
    append(&s, &len, &cap, "(module\n");
    for (int i = 0; i < NSIGS; i++) {
        char ps[64] = "";
        for (const char *p = sigs[i].params; *p; p++)
            strcat(ps, *p == 'I' ? " i64" : " i32");
        snprintf(line, sizeof line,
                 "(import \"wasi_snapshot_preview1\" \"%s\" (func $f%d (param%s)%s))\n",
                 sigs[i].name, i, ps, sigs[i].has_result ? " (result i32)" : "");
        append(&s, &len, &cap, line);
    }
    append(&s, &len, &cap, "(memory (export \"memory\") 1 1)\n");
    for (int i = 0; i < NSIGS; i++) {
        char ps[64] = "", gets[256] = "";
        int k = 0;
        for (const char *p = sigs[i].params; *p; p++, k++) {
            char g[16];
            strcat(ps, *p == 'I' ? " i64" : " i32");
            snprintf(g, sizeof g, " local.get %d", k);
            strcat(gets, g);
        }
        snprintf(line, sizeof line, "(func (export \"t%d\") (param%s)%s%s call $f%d)\n", i, ps,
                 sigs[i].has_result ? " (result i32)" : "", gets, i);
        append(&s, &len, &cap, line);
    }
    append(&s, &len, &cap, ")\n");
    uint8_t *wasm;
    size_t wlen;
    wf_error err;
    if (!wf_wat_to_wasm(s, len, &wasm, &wlen, &err)) {
        fprintf(stderr, "fuzz_wasi: guest: %s\n", err.msg);
        abort();
    }
    free(s);
    wf_module *m = wf_module_new(wasm, wlen, &err);
    free(wasm);
    if (!m) {
        fprintf(stderr, "fuzz_wasi: guest: %s\n", err.msg);
        abort();
    }
    return m;
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st; (void)flag;
    /* The box itself stays: recreating it would change <base>. */
    if (ftw->level > 0 && remove(p))
        chmod(p, 0755), remove(p);
    return 0;
}

static void write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write(fd, text, strlen(text)) < 0)
        abort();
    close(fd);
}

/* A fresh sandbox: a file, a directory, symlinks in and out. */
static void reset_box(void)
{
    char p[160];
    nftw(box, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    if (mkdir(box, 0755) && errno != EEXIST)
        abort();
    chmod(box, 0755);
    snprintf(p, sizeof p, "%s/f.txt", box);
    write_file(p, "hello, sandbox\n");
    snprintf(p, sizeof p, "%s/d", box);
    mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/d/g", box);
    write_file(p, "g\n");
    snprintf(p, sizeof p, "%s/out", box);
    if (symlink("../outside.txt", p)) abort();
    snprintf(p, sizeof p, "%s/abs", box);
    if (symlink(outside, p)) abort();
    snprintf(p, sizeof p, "%s/d/up", box);
    if (symlink("../..", p)) abort();
}

static void check_outside(void)
{
    struct stat st, ost;
    if (stat(base, &st) || st.st_mtim.tv_sec != base_st.st_mtim.tv_sec ||
        st.st_mtim.tv_nsec != base_st.st_mtim.tv_nsec || st.st_nlink != base_st.st_nlink) {
        fprintf(stderr, "fuzz_wasi: the directory around the sandbox changed\n");
        abort();
    }
    if (stat(outside, &ost) || ost.st_size != 6 || (ost.st_mode & 07777) != 0644) {
        fprintf(stderr, "fuzz_wasi: %s changed\n", outside);
        abort();
    }
}

static int rm_all(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st; (void)flag; (void)ftw;
    remove(p);
    return 0;
}

static void cleanup(void)
{
    nftw(base, rm_all, 16, FTW_DEPTH | FTW_PHYS);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    int null = open("/dev/null", O_RDWR);
    dup2(null, 0);  /* guest reads of stdin must not block */
    close(null);
    strcpy(base, "/tmp/weft-fuzz-wasi-XXXXXX");
    if (!mkdtemp(base))
        abort();
    snprintf(box, sizeof box, "%s/box", base);
    snprintf(outside, sizeof outside, "%s/outside.txt", base);
    write_file(outside, "secret");
    chmod(outside, 0644);
    reset_box();
    atexit(cleanup);
    /* The base directory changes only when entries are added/removed. */
    stat(base, &base_st);
    guest = make_guest();
    return 0;
}

typedef struct { const uint8_t *p; size_t n; } reader;

static uint64_t take(reader *r, int nbytes)
{
    uint64_t v = 0;
    for (int i = 0; i < nbytes && r->n; i++, r->p++, r->n--)
        v |= (uint64_t)*r->p << (8 * i);
    return v;
}

static uint64_t pick(reader *r, bool wide, int nfds)
{
    uint8_t sel = (uint8_t)take(r, 1);
    switch (sel & 7) {
    case 0: return 0;
    case 1: return take(r, 1);
    case 2: return PAGE - take(r, 1);
    case 3: return take(r, wide ? 8 : 4);
    case 4: return 3;
    case 5: return 3 + take(r, 1) % (uint64_t)(nfds + 2);
    case 6: return take(r, 2);
    default: return (wide ? UINT64_MAX : UINT32_MAX) - take(r, 1);
    }
}

/* Keep the host's resources bounded: clock waits short, allocations small. */
static void tame(int fn, wf_val *args, uint8_t *mem)
{
    if (!strcmp(sigs[fn].name, "poll_oneoff")) {
        uint32_t in = (uint32_t)args[0].of.i32, n = (uint32_t)args[2].of.i32;
        for (uint32_t i = 0; i < n && i < 4096 && (uint64_t)in + 48 * (i + 1) <= PAGE; i++) {
            uint8_t *s = mem + in + 48 * i;
            if (s[8] != 0)
                continue;
            uint64_t t;
            memcpy(&t, s + 24, 8);
            t %= 1000000;  /* at most 1 ms */
            memcpy(s + 24, &t, 8);
            s[40] &= (uint8_t)~1u;  /* absolute deadlines become relative */
        }
    } else if (!strcmp(sigs[fn].name, "fd_allocate")) {
        args[1].of.i64 &= 0xfffff;
        args[2].of.i64 &= 0xfffff;
    } else if (!strcmp(sigs[fn].name, "fd_filestat_set_size") ||
               !strcmp(sigs[fn].name, "fd_pwrite")) {
        /* Sparse, but keep st_size sane for later reads. */
        int k = sigs[fn].name[3] == 'f' ? 1 : 3;
        args[k].of.i64 &= 0xffffff;
    }
}

static void run(wf_instance *inst, reader *r)
{
    wf_extern mem;
    if (!wf_instance_export(inst, "memory", &mem))
        abort();
    uint8_t *base_mem = wf_memory_data(mem.of.memory);
    size_t n = (size_t)take(r, 2);
    if (n > r->n)
        n = r->n;
    if (n > PAGE)
        n = PAGE;
    memcpy(base_mem, r->p, n);
    memcpy(base_mem + PAGE - n, r->p, n);
    r->p += n;
    r->n -= n;
    int nfds = 1;
    for (int ops = 0; r->n && ops < 64; ops++) {
        int fn = (int)(take(r, 1) % NSIGS);
        wf_val args[9], res[1];
        int k = 0;
        for (const char *p = sigs[fn].params; *p; p++, k++) {
            bool wide = *p == 'I';
            uint64_t v = pick(r, wide, nfds);
            args[k].kind = wide ? WF_I64 : WF_I32;
            if (wide)
                args[k].of.i64 = (int64_t)v;
            else
                args[k].of.i32 = (int32_t)(uint32_t)v;
        }
        tame(fn, args, base_mem);
        char name[8];
        snprintf(name, sizeof name, "t%d", fn);
        wf_extern f;
        if (!wf_instance_export(inst, name, &f))
            abort();
        wf_trap *t = wf_func_call(f.of.func, args, (size_t)k, res, sigs[fn].has_result);
        if (t) {
            wf_trap_free(t);
            break;  /* proc_exit or a fault: the process is over */
        }
        if (!strcmp(sigs[fn].name, "path_open") || !strcmp(sigs[fn].name, "sock_accept"))
            nfds++;
    }
}

static int open_fds(void)
{
    int n = 0;
    DIR *d = opendir("/proc/self/fd");
    if (!d)
        return 0;
    while (readdir(d))
        n++;
    closedir(d);
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int fds_before = -1;
    reset_box();
    wasi_ctx *ctx = wasi_ctx_new();
    wf_store *store = wf_store_new();
    wf_linker *linker = wf_linker_new(store);
    wf_error err;
    const char *argv[] = {"guest", "arg one", ""};
    wasi_ctx_set_args(ctx, 3, argv);
    wasi_ctx_add_env(ctx, "HOME", "/sandbox");
    if (!wasi_ctx_preopen_dir(ctx, box, "/sandbox", &err))
        abort();
    wasi_link(ctx, linker);
    wf_instance *inst = wf_linker_instantiate(linker, guest, &err);
    if (!inst) {
        fprintf(stderr, "fuzz_wasi: instantiate: %s\n", err.msg);
        abort();
    }
    reader r = {data, size};
    run(inst, &r);
    wf_linker_free(linker);
    wf_store_free(store);
    wasi_ctx_free(ctx);
    check_outside();
    /* Every host fd a guest opened must be closed with its context. */
    int now = open_fds();
    if (fds_before < 0)
        fds_before = now;
    else if (now > fds_before + 2) {
        fprintf(stderr, "fuzz_wasi: host fds leak (%d -> %d)\n", fds_before, now);
        abort();
    }
    return 0;
}

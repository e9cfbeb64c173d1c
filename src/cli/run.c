/* run.c — `weft run`: load a module (binary or text), link WASI if it asks
 * for it, instantiate, then call `_start` or the function named by
 * --invoke with arguments parsed by its signature. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "weft.h"
#include "../util/util.h"
#include "../wasi/wasi.h"
#include "../component/component.h"
#include "../component/wasi2_sock.h"

typedef struct run_opts {
    const char *file;
    const char *invoke;
    const char *argv0;
    const char **dirs;        /* HOST[::GUEST] */
    int ndirs;
    const char **envs;        /* NAME[=VAL] */
    int nenvs;
    const char **listens;
    int nlistens;
    int threads;              /* wasi-threads: -1 if imported, 0 off, 1 on */
    uint32_t max_threads;     /* live spawned threads at most */
    cli_limits limits;        /* --fuel, --timeout, --max-* */
    int nargs;                /* guest arguments after FILE */
    char **args;
} run_opts;

static int usage(const char *why)
{
    if (why)
        fprintf(stderr, "weft run: %s\n", why);
    fputs("usage: weft run [--dir HOST[::GUEST]] [--env NAME[=VAL]] [--argv0 NAME]\n"
          "                [--tcplisten ADDR] [--invoke FUNC] [-S threads[=y|n]]\n"
          "                [-S inherit-network|allow-ip-name-lookup|tcp|udp[=y|n]] (components)\n"
          "                [--max-threads N] [--fuel N] [--timeout DURATION]\n"
          "                [--max-memory BYTES] [--max-table ELEMS] [--max-stack BYTES]\n"
          "                FILE [ARGS...]\n",
          stderr);
    return 2;
}

/* The name if argv[*i] is one of CLI_LIMIT_OPTIONS, with *v its value
 * (NULL if missing). */
static const char *limit_opt(int argc, char **argv, int *i, const char **v)
{
    const char *name = cli_limit_name(argv[*i]);
    if (name)
        *v = cli_opt_value(argc, argv, i, name);
    return name;
}

/* Options come before FILE; everything after FILE belongs to the guest. */
/* -S/--wasi LIST: threads switches for modules; the network switches of
 * components (wasi:sockets) are accepted too, and only components use
 * them (the component run parses them again). */
static int wasi_switches(const char *list, int *threads)
{
    char item[32];
    unsigned net = 0;
    for (const char *p = list;; p++) {
        size_t n = strcspn(p, ",");
        if (n < sizeof item) {
            memcpy(item, p, n);
            item[n] = 0;
        }
        if (n >= sizeof item || (cli_threads_switch(item, threads) && !comp_net_option(p, n, &net)))
            return 1;
        p += n;
        if (!*p)
            return 0;
    }
}

static int parse_opts(int argc, char **argv, run_opts *o)
{
    o->dirs = calloc((size_t)argc, sizeof *o->dirs);
    o->envs = calloc((size_t)argc, sizeof *o->envs);
    o->listens = calloc((size_t)argc, sizeof *o->listens);
    if (!o->dirs || !o->envs || !o->listens)
        return usage("out of memory");
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *v, *name;
        if (!strcmp(argv[i], "--")) {
            i++;
            break;
        }
        if ((v = cli_opt_value(argc, argv, &i, "--dir")))
            o->dirs[o->ndirs++] = v;
        else if ((v = cli_opt_value(argc, argv, &i, "--env")))
            o->envs[o->nenvs++] = v;
        else if ((v = cli_opt_value(argc, argv, &i, "--tcplisten")))
            o->listens[o->nlistens++] = v;
        else if ((v = cli_opt_value(argc, argv, &i, "--argv0")))
            o->argv0 = v;
        else if ((v = cli_opt_value(argc, argv, &i, "--invoke")))
            o->invoke = v;
        else if ((v = cli_opt_value(argc, argv, &i, "-S")) ||
                 (v = cli_opt_value(argc, argv, &i, "--wasi"))) {
            if (wasi_switches(v, &o->threads))
                return usage("unknown -S/--wasi option");
        } else if ((v = cli_opt_value(argc, argv, &i, "--max-threads"))) {
            if (cli_parse_max_threads(v, &o->max_threads))
                return usage("--max-threads takes a number from 1 to 65536");
        }
        else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
            return usage(NULL);
        else if ((name = limit_opt(argc, argv, &i, &v))) {
            if (!v)
                return usage("option needs a value");
            if (cli_limit_option(name, v, &o->limits))
                return 2;
        } else {
            fprintf(stderr, "weft run: unknown option '%s'\n", argv[i]);
            return usage(NULL);
        }
    }
    if (i >= argc)
        return usage("no FILE given");
    o->file = argv[i];
    o->args = argv + i + 1;
    o->nargs = argc - i - 1;
    return 0;
}

static void print_error(const wf_error *err, const char *file)
{
    if (err->kind == WF_ERR_MALFORMED || err->kind == WF_ERR_INVALID)
        fprintf(stderr, "Error: %s: %s (at byte offset %zu)\n", file, err->msg, err->offset);
    else
        fprintf(stderr, "Error: %s: %s\n", file, err->msg);
}

/* A .wasm binary, else text to translate. */
static wf_module *load_module(const char *file)
{
    wf_error err = {0};
    uint8_t *bytes = NULL, *wasm = NULL;
    size_t len = 0, wlen = 0;
    if (!wf_read_file(file, &bytes, &len, &err)) {
        fprintf(stderr, "Error: %s\n", err.msg);
        return NULL;
    }
    wf_module *m = NULL;
    if (len >= 4 && !memcmp(bytes, "\0asm", 4))
        m = wf_module_new(bytes, len, &err);
    else if (wf_wat_to_wasm((const char *)bytes, len, &wasm, &wlen, &err))
        m = wf_module_new(wasm, wlen, &err);
    if (!m)
        print_error(&err, file);
    free(bytes);
    free(wasm);
    return m;
}

static bool imports_wasi(const wf_module *m)
{
    for (size_t i = 0; i < wf_module_import_count(m); i++) {
        const char *mod, *name;
        wf_externkind kind;
        wf_module_import(m, i, &mod, &name, &kind);
        if (!strcmp(mod, "wasi_snapshot_preview1") || !strcmp(mod, "wasi"))
            return true;
    }
    return false;
}

static wasi_ctx *make_wasi(const run_opts *o)
{
    wasi_ctx *ctx = wasi_ctx_new();
    if (!ctx)
        return NULL;
    const char **argv = calloc((size_t)o->nargs + 1, sizeof *argv);
    bool ok = argv != NULL;
    if (ok) {
        argv[0] = o->argv0 ? o->argv0 : o->file;
        for (int i = 0; i < o->nargs; i++)
            argv[i + 1] = o->args[i];
        ok = wasi_ctx_set_args(ctx, o->nargs + 1, argv);
    }
    free(argv);
    for (int i = 0; ok && i < o->nenvs; i++)
        ok = cli_add_env(ctx, o->envs[i]);
    for (int i = 0; ok && i < o->ndirs; i++)
        ok = cli_add_dir(ctx, o->dirs[i]);
    for (int i = 0; ok && i < o->nlistens; i++) {
        wf_error err = {0};
        ok = wasi_ctx_tcplisten(ctx, o->listens[i], &err);
        if (!ok)
            fprintf(stderr, "Error: --tcplisten %s: %s\n", o->listens[i], err.msg);
    }
    if (!ok) {
        wasi_ctx_free(ctx);
        return NULL;
    }
    return ctx;
}

/* ---- --invoke arguments and results ---- */

static bool parse_arg(const char *s, uint8_t kind, wf_val *v)
{
    char *end;
    errno = 0;
    v->kind = kind;
    switch (kind) {
    case WF_I32:
    case WF_I64: {
        bool neg = s[0] == '-';
        uint64_t u = neg ? 0 : strtoull(s, &end, 10);
        int64_t i = neg ? strtoll(s, &end, 10) : (int64_t)u;
        if (!*s || *end || errno || s[0] == '+' || (!neg && s[0] == '-'))
            return false;
        if (kind == WF_I32) {
            if (neg ? i < INT32_MIN : u > UINT32_MAX)
                return false;
            v->of.i32 = (int32_t)(uint32_t)(neg ? (uint64_t)i : u);
        } else {
            v->of.i64 = neg ? i : (int64_t)u;
        }
        return true;
    }
    case WF_F32: {
        float f = strtof(s, &end);
        if (!*s || *end)
            return false;
        memcpy(&v->of.f32_bits, &f, 4);
        return true;
    }
    case WF_F64: {
        double d = strtod(s, &end);
        if (!*s || *end)
            return false;
        memcpy(&v->of.f64_bits, &d, 8);
        return true;
    }
    }
    return false;
}

/* Shortest round-tripping digits, written out without an exponent, the
 * way wasmtime (Rust's float Display) prints them. */
static void print_float(double d, bool is_f32)
{
    if (isnan(d)) {
        puts("NaN");
        return;
    }
    if (isinf(d)) {
        puts(d < 0 ? "-inf" : "inf");
        return;
    }
    char buf[64];
    for (int p = 1; p <= 17; p++) {
        snprintf(buf, sizeof buf, "%.*e", p - 1, d);
        double back = strtod(buf, NULL);
        if (is_f32 ? (float)back == (float)d : back == d)
            break;
    }
    /* buf is [-]D.DDDe[+-]XX: digits and exponent. */
    char digits[32];
    size_t nd = 0;
    const char *q = buf + (buf[0] == '-');
    for (; *q && *q != 'e'; q++)
        if (*q != '.')
            digits[nd++] = *q;
    int exp = atoi(q + 1);
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    if (buf[0] == '-')
        putchar('-');
    if (exp < 0) {
        fputs("0.", stdout);
        for (int k = -1; k > exp; k--)
            putchar('0');
        fwrite(digits, 1, nd, stdout);
    } else {
        for (int k = 0; k <= exp || k < (int)nd; k++) {
            if (k == exp + 1)
                putchar('.');
            putchar(k < (int)nd ? digits[k] : '0');
        }
    }
    putchar('\n');
}

static void print_result(const wf_val *v)
{
    switch (v->kind) {
    case WF_I32: printf("%" PRId32 "\n", v->of.i32); break;
    case WF_I64: printf("%" PRId64 "\n", v->of.i64); break;
    case WF_F32: { float f; memcpy(&f, &v->of.f32_bits, 4); print_float(f, true); break; }
    case WF_F64: { double d; memcpy(&d, &v->of.f64_bits, 8); print_float(d, false); break; }
    case WF_V128:
        fputs("0x", stdout);
        for (int i = 15; i >= 0; i--)
            printf("%02x", v->of.v128.bytes[i]);
        putchar('\n');
        break;
    case WF_FUNCREF: puts(v->of.funcref ? "<funcref>" : "null"); break;
    case WF_EXTERNREF: puts(v->of.externref ? "<externref>" : "null"); break;
    case WF_EXNREF: puts(v->of.exnref ? "<exnref>" : "null"); break;
    }
}

/* A trap's exit status: proc_exit's code, else 1 after the message. */
static int trap_status(wf_trap *trap)
{
    int code;
    if (wf_trap_exit_code(trap, &code)) {
        wf_trap_free(trap);
        return code;
    }
    fprintf(stderr, "Error: %s\n", wf_trap_message(trap));
    const char *bt = wf_trap_backtrace(trap);
    if (*bt)
        fprintf(stderr, "%s%s", bt, bt[strlen(bt) - 1] == '\n' ? "" : "\n");
    wf_trap_free(trap);
    return 1;
}

static int invoke(wf_instance *inst, const run_opts *o)
{
    wf_extern ext;
    if (!wf_instance_export(inst, o->invoke, &ext) || ext.kind != WF_EXTERN_FUNC) {
        fprintf(stderr, "Error: no exported function '%s'\n", o->invoke);
        return 1;
    }
    const wf_functype *ft = wf_func_type(ext.of.func);
    if ((uint32_t)o->nargs != ft->nparams) {
        fprintf(stderr, "Error: '%s' takes %u arguments, %d given\n", o->invoke, ft->nparams,
                o->nargs);
        return 2;
    }
    wf_val *args = calloc(ft->nparams + 1, sizeof *args);
    wf_val *res = calloc(ft->nresults + 1, sizeof *res);
    int status = 0;
    for (uint32_t i = 0; args && i < ft->nparams && !status; i++) {
        if (!parse_arg(o->args[i], ft->params[i], &args[i])) {
            fprintf(stderr, "Error: bad argument '%s' for parameter %u\n", o->args[i], i);
            status = 2;
        }
    }
    if (!args || !res) {
        fputs("Error: out of memory\n", stderr);
        status = 1;
    }
    if (!status) {
        wf_trap *trap = wf_func_call(ext.of.func, args, ft->nparams, res, ft->nresults);
        if (trap)
            status = trap_status(trap);
        else
            for (uint32_t i = 0; i < ft->nresults; i++)
                print_result(&res[i]);
    }
    free(args);
    free(res);
    return status;
}

static int run_instance(wf_linker *linker, wf_module *m, const run_opts *o)
{
    wf_error err = {0};
    wf_instance *inst = wf_linker_instantiate(linker, m, &err);
    if (!inst) {
        /* A proc_exit from the start function carries its code in offset. */
        if (err.kind == WF_ERR_TRAP && !strncmp(err.msg, "exit ", 5))
            return (int)err.offset;
        if (err.kind == WF_ERR_TRAP)
            fprintf(stderr, "Error: %s\n", err.msg);
        else
            print_error(&err, o->file);
        return 1;
    }
    if (o->invoke)
        return invoke(inst, o);
    wf_extern ext;
    if (!wf_instance_export(inst, "_start", &ext) || ext.kind != WF_EXTERN_FUNC)
        return 0;
    wf_trap *trap = wf_func_call(ext.of.func, NULL, 0, NULL, 0);
    return trap ? trap_status(trap) : 0;
}

int cli_run(int argc, char **argv)
{
    run_opts o = { .threads = -1, .max_threads = CLI_MAX_THREADS };
    int status = parse_opts(argc, argv, &o);
    if (!status && cli_file_is_component(o.file)) {
        free(o.dirs);
        free(o.envs);
        free(o.listens);
        return cli_run_component(argc, argv);
    }
    wf_module *m = status ? NULL : load_module(o.file);
    wf_store *store = NULL;
    wf_linker *linker = NULL;
    wasi_ctx *wasi = NULL;
    wasi_threads *threads = NULL;
    if (!status && !m)
        status = 1;
    if (!status) {
        store = wf_store_new();
        linker = store ? wf_linker_new(store) : NULL;
        if (!linker) {
            fputs("Error: out of memory\n", stderr);
            status = 1;
        } else {
            status = cli_limits_apply(&o.limits, store);
        }
    }
    if (!status && (imports_wasi(m) || wasi_threads_wanted(m))) {
        if (!(wasi = make_wasi(&o)))
            status = 1;
        else
            wasi_link(wasi, linker);
    }
    if (!status && wasi && (o.threads == 1 || (o.threads < 0 && wasi_threads_wanted(m))))
        status = cli_threads_link(wasi, m, o.max_threads, &o.limits, linker, &threads);
    if (!status)
        status = run_instance(linker, m, &o);
    fflush(stdout);
    /* Threads still running: the main thread's end ends the process, as
     * in wasmtime (they may be using everything freed below). */
    if (wasi_threads_live(threads))
        cli_threads_exit(status);
    wasi_threads_free(threads);
    wf_linker_free(linker);
    wf_store_free(store);
    wasi_ctx_free(wasi);
    wf_module_free(m);
    free(o.dirs);
    free(o.envs);
    free(o.listens);
    return status;
}

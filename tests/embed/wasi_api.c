/* wasi_api.c — tests of include/wasi.h: every stdio redirection, argv and
 * environment, preopens, error paths, imports for wasm_instance_new and for
 * a wf_linker, proc_exit statuses and traps. Prints "PASS embed/NAME" or
 * "FAIL embed/NAME: why" per check. Run in a scratch directory.
 * Usage: wasi_api [ARGS...] (the arguments are for the inherit_argv check) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi.h"
#include "wasm.h"
#include "weft.h"

static int failures;

static void check(const char *name, bool ok, const char *why)
{
    if (ok) printf("PASS embed/%s\n", name);
    else { printf("FAIL embed/%s: %s\n", name, why ? why : ""); failures++; }
}

#define IMPORT(n, sig) "(import \"wasi_snapshot_preview1\" \"" n "\" (func " sig "))\n"

/* Echo stdin (one read, <= 1000 bytes) to stdout, close fd 1, write
 * "err\n" to stderr, proc_exit(5). */
static const char echo_wat[] =
    "(module\n"
    IMPORT("fd_read", "$read (param i32 i32 i32 i32) (result i32)")
    IMPORT("fd_write", "$write (param i32 i32 i32 i32) (result i32)")
    IMPORT("fd_close", "$close (param i32) (result i32)")
    IMPORT("proc_exit", "$exit (param i32)")
    "(memory (export \"memory\") 1)\n"
    "(data (i32.const 0) \"err\\n\")\n"
    "(func (export \"_start\")\n"
    "  (i32.store (i32.const 16) (i32.const 100)) (i32.store (i32.const 20) (i32.const 1000))\n"
    "  (drop (call $read (i32.const 0) (i32.const 16) (i32.const 1) (i32.const 24)))\n"
    "  (i32.store (i32.const 20) (i32.load (i32.const 24)))\n"
    "  (drop (call $write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 28)))\n"
    "  (drop (call $close (i32.const 1)))\n"
    "  (i32.store (i32.const 32) (i32.const 0)) (i32.store (i32.const 36) (i32.const 4))\n"
    "  (drop (call $write (i32.const 2) (i32.const 32) (i32.const 1) (i32.const 28)))\n"
    "  (call $exit (i32.const 5))))\n";

/* argc and envc as results; "trap" traps. */
static const char counts_wat[] =
    "(module\n"
    IMPORT("args_sizes_get", "$args (param i32 i32) (result i32)")
    IMPORT("environ_sizes_get", "$envs (param i32 i32) (result i32)")
    "(memory (export \"memory\") 1)\n"
    "(func (export \"argc\") (result i32)\n"
    "  (drop (call $args (i32.const 0) (i32.const 4))) (i32.load (i32.const 0)))\n"
    "(func (export \"envc\") (result i32)\n"
    "  (drop (call $envs (i32.const 0) (i32.const 4))) (i32.load (i32.const 0)))\n"
    "(func (export \"trap\") unreachable))\n";

/* A WASI import beside one of the host's own. */
static const char mixed_wat[] =
    "(module\n"
    IMPORT("proc_exit", "$exit (param i32)")
    "(import \"env\" \"seven\" (func $seven (result i32)))\n"
    "(func (export \"_start\") (call $exit (call $seven))))\n";

static wasm_module_t *compile(wasm_store_t *store, const char *wat)
{
    uint8_t *bin;
    size_t len;
    wf_error err = {0};
    if (!wf_wat_to_wasm(wat, strlen(wat), &bin, &len, &err)) {
        printf("FAIL embed/wat: %s\n", err.msg);
        failures++;
        return NULL;
    }
    wasm_byte_vec_t v;
    wasm_byte_vec_new(&v, len, (const char *)bin);
    free(bin);
    wasm_module_t *m = wasm_module_new(store, &v);
    wasm_byte_vec_delete(&v);
    return m;
}

/* Export `name` of inst as a function (module needed for the names). */
static wasm_func_t *export_func(const wasm_module_t *m, wasm_instance_t *inst, const char *name)
{
    wasm_exporttype_vec_t types;
    wasm_extern_vec_t ex;
    wasm_module_exports(m, &types);
    wasm_instance_exports(inst, &ex);
    wasm_func_t *f = NULL;
    for (size_t i = 0; i < types.size; i++) {
        const wasm_name_t *n = wasm_exporttype_name(types.data[i]);
        if (n->size == strlen(name) && !memcmp(n->data, name, n->size)) f = wasm_extern_as_func(ex.data[i]);
    }
    wasm_extern_vec_delete(&ex);
    wasm_exporttype_vec_delete(&types);
    return f;
}

typedef struct run {
    int status;          /* exit status, 0 for a return, -1 trap, -2 no run */
    char out[256], err[256];
    bool out_captured, err_captured;
} run;

/* Instantiate m with env's imports, call `func`; read what was captured. */
static run run_in(wasm_store_t *store, wasm_module_t *m, wasi_env_t *env, const char *func)
{
    run r = { .status = -2 };
    wasm_extern_vec_t imports;
    if (!m || !env || !wasi_env_imports(env, store, m, &imports)) return r;
    wasm_instance_t *inst = wasm_instance_new(store, m, &imports, NULL);
    wasm_extern_vec_delete(&imports);
    wasm_func_t *f = inst ? export_func(m, inst, func) : NULL;
    if (f) {
        wasm_val_vec_t none = WASM_EMPTY_VEC;
        wasm_trap_t *trap = wasm_func_call(f, &none, &none);
        r.status = 0;
        if (trap && !wasi_trap_exit_status(trap, &r.status)) r.status = -1;
        wasm_trap_delete(trap);
    }
    wasm_instance_delete(inst);
    wasm_byte_vec_t v;
    r.out_captured = wasi_env_stdout(env, &v);
    snprintf(r.out, sizeof r.out, "%.*s", (int)v.size, v.size ? v.data : "");
    wasm_byte_vec_delete(&v);
    r.err_captured = wasi_env_stderr(env, &v);
    snprintf(r.err, sizeof r.err, "%.*s", (int)v.size, v.size ? v.data : "");
    wasm_byte_vec_delete(&v);
    return r;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) { fputs(text, f); fclose(f); }
}

static bool file_is(const char *path, const char *text)
{
    char buf[256] = {0};
    FILE *f = fopen(path, "r");
    if (!f) return false;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    return n == strlen(text) && !memcmp(buf, text, n);
}

static void test_capture(wasm_store_t *store, wasm_module_t *echo)
{
    wasi_config_t *c = wasi_config_new();
    wasm_byte_vec_t in;
    wasm_byte_vec_new(&in, 6, "hello\n");
    bool ok = wasi_config_set_stdin_bytes(c, &in) && wasi_config_capture_stdout(c) &&
              wasi_config_capture_stderr(c);
    check("config-memory", ok && in.data == NULL, wasi_config_error(c));
    wasi_env_t *env = wasi_env_new(c);
    run r = run_in(store, echo, env, "_start");
    check("proc-exit-status", r.status == 5, "status is not 5");
    check("stdin-bytes-to-captured-stdout", !strcmp(r.out, "hello\n"), r.out);
    check("captured-stderr", !strcmp(r.err, "err\n"), r.err);
    wasi_env_delete(env);
}

/* A capture limit: "hello\n" into 4 bytes keeps "hell"; the guest
 * carries on ("err\n" on stderr just fits). */
static void test_capture_limit(wasm_store_t *store, wasm_module_t *echo)
{
    wasi_config_t *c = wasi_config_new();
    wasm_byte_vec_t in;
    wasm_byte_vec_new(&in, 6, "hello\n");
    wasi_config_set_stdin_bytes(c, &in);
    wasi_config_capture_stdout(c);
    wasi_config_set_capture_limit(c, 4);   /* applies to the capture made before */
    wasi_config_set_capture_limit(c, 2);   /* the last one counts */
    wasi_config_set_capture_limit(c, 4);
    wasi_config_capture_stderr(c);         /* and to later ones */
    wasi_config_set_capture_limit(c, 2);
    wasi_config_set_capture_limit(c, 4);
    wasi_config_capture_stderr(c);
    wasi_env_t *env = wasi_env_new(c);
    run r = run_in(store, echo, env, "_start");
    check("capture-limit", r.status == 5 && !strcmp(r.out, "hell") && !strcmp(r.err, "err\n"),
          r.out);
    wasi_env_delete(env);
}

/* Writes "abcd" then "e" to stdout; exits with the second write's errno. */
static const char full_wat[] =
    "(module\n"
    IMPORT("fd_write", "$write (param i32 i32 i32 i32) (result i32)")
    IMPORT("proc_exit", "$exit (param i32)")
    "(memory (export \"memory\") 1)\n"
    "(data (i32.const 0) \"abcde\")\n"
    "(func (export \"_start\")\n"
    "  (i32.store (i32.const 16) (i32.const 0)) (i32.store (i32.const 20) (i32.const 4))\n"
    "  (drop (call $write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 28)))\n"
    "  (i32.store (i32.const 16) (i32.const 4)) (i32.store (i32.const 20) (i32.const 1))\n"
    "  (call $exit (call $write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 28)))))\n";

static void test_capture_full(wasm_store_t *store)
{
    wasm_module_t *m = compile(store, full_wat);
    wasi_config_t *c = wasi_config_new();
    wasi_config_capture_stdout(c);
    wasi_config_set_capture_limit(c, 4);
    wasi_env_t *env = wasi_env_new(c);
    run r = run_in(store, m, env, "_start");
    check("capture-full-nospc", r.status == 51 && !strcmp(r.out, "abcd"), r.out);
    wasi_env_delete(env);
    wasm_module_delete(m);
}

static void test_defaults(wasm_store_t *store, wasm_module_t *echo)
{
    /* Nothing inherited: stdin empty, output discarded, not captured. */
    wasi_env_t *env = wasi_env_new(wasi_config_new());
    run r = run_in(store, echo, env, "_start");
    check("defaults", r.status == 5 && !r.out_captured && !r.err_captured && !r.out[0],
          "default stdio is not empty/discarded");
    wasi_env_delete(env);
}

static void test_files(wasm_store_t *store, wasm_module_t *echo)
{
    write_file("in.txt", "from a file\n");
    write_file("out.txt", "old contents that must go away\n");
    wasi_config_t *c = wasi_config_new();
    bool ok = wasi_config_capture_stdout(c) &&   /* replaced by the file below */
              wasi_config_set_stdin_file(c, "in.txt") &&
              wasi_config_set_stdout_file(c, "out.txt") &&
              wasi_config_set_stderr_file(c, "err.txt");
    check("config-files", ok, wasi_config_error(c));
    wasi_env_t *env = wasi_env_new(c);
    run r = run_in(store, echo, env, "_start");
    check("stdin-file-to-stdout-file", r.status == 5 && file_is("out.txt", "from a file\n"),
          "out.txt");
    check("stderr-file", file_is("err.txt", "err\n"), "err.txt");
    check("file-replaces-capture", !r.out_captured, "stdout still captured");
    wasi_env_delete(env);
}

/* Inherited stdio: the host's own fds 0 and 1, pointed at files here. */
static void test_inherit(wasm_store_t *store, wasm_module_t *echo)
{
    write_file("host-in.txt", "inherited\n");
    fflush(stdout);
    int saved_in = dup(0), saved_out = dup(1);
    int in = open("host-in.txt", O_RDONLY), out = open("host-out.txt", O_WRONLY | O_CREAT | O_TRUNC, 0666);
    dup2(in, 0);
    dup2(out, 1);
    wasi_config_t *c = wasi_config_new();
    wasi_config_capture_stdout(c);
    wasi_config_inherit_stdin(c);
    wasi_config_inherit_stdout(c);   /* replaces the capture */
    wasi_env_t *env = wasi_env_new(c);
    run r = run_in(store, echo, env, "_start");
    wasi_env_delete(env);
    /* The guest closed its fd 1: the host's stays open. */
    bool host_fd1_open = fcntl(1, F_GETFD) >= 0;
    dup2(saved_in, 0);
    dup2(saved_out, 1);
    close(saved_in); close(saved_out); close(in); close(out);
    check("inherit-stdio", r.status == 5 && !r.out_captured && host_fd1_open &&
          file_is("host-out.txt", "inherited\n"), "host-out.txt");
}

static void test_errors(void)
{
    wasi_config_t *c = wasi_config_new();
    check("stdin-file-missing", !wasi_config_set_stdin_file(c, "no/such/file") &&
          strstr(wasi_config_error(c), "no/such/file"), wasi_config_error(c));
    check("stdout-file-bad-dir", !wasi_config_set_stdout_file(c, "no/such/dir/out"), "opened");
    check("preopen-missing", !wasi_config_preopen_dir(c, "no-such-dir", "/x") &&
          strstr(wasi_config_error(c), "no-such-dir"), wasi_config_error(c));
    check("preopen-not-dir", !wasi_config_preopen_dir(c, "in.txt", "/x"), "a file preopened");
    const char *names[] = { "A=B" }, *values[] = { "c" };
    check("env-bad-name", !wasi_config_set_env(c, 1, names, values), "accepted A=B");
    const char *argv[] = { "x", NULL };
    check("argv-null", !wasi_config_set_argv(c, 2, argv), "accepted NULL");
    wasi_config_delete(c);
    wasi_env_delete(NULL);
    wasi_config_delete(NULL);
    check("env-new-null", wasi_env_new(NULL) == NULL, "");
}

static void test_counts(wasm_store_t *store, wasm_module_t *counts, int argc, char **argv)
{
    wasi_config_t *c = wasi_config_new();
    const char *names[] = { "A", "B", "C" }, *values[] = { "1", "2", NULL };
    bool ok = wasi_config_set_env(c, 3, names, values) && wasi_config_set_argv(c, 2, (const char *[]){ "p", "q" });
    wasi_env_t *env = wasi_env_new(c);
    wasm_extern_vec_t imports;
    ok = ok && wasi_env_imports(env, store, counts, &imports);
    wasm_instance_t *inst = ok ? wasm_instance_new(store, counts, &imports, NULL) : NULL;
    if (ok) wasm_extern_vec_delete(&imports);
    int32_t got[3] = { -1, -1, -1 };
    const char *fns[] = { "argc", "envc" };
    for (int i = 0; inst && i < 2; i++) {
        wasm_val_t res[1] = { WASM_INIT_VAL };
        wasm_val_vec_t none = WASM_EMPTY_VEC, rv = WASM_ARRAY_VEC(res);
        wasm_trap_t *t = wasm_func_call(export_func(counts, inst, fns[i]), &none, &rv);
        if (!t) got[i] = res[0].of.i32;
        wasm_trap_delete(t);
    }
    check("set-argv-env", got[0] == 2 && got[1] == 3, "argc/envc");
    /* A real trap is not an exit. */
    wasm_val_vec_t none = WASM_EMPTY_VEC;
    wasm_trap_t *t = inst ? wasm_func_call(export_func(counts, inst, "trap"), &none, &none) : NULL;
    int st = 42;
    check("trap-is-not-exit", t && !wasi_trap_exit_status(t, &st) && st == 42, "");
    wasm_trap_delete(t);
    wasm_instance_delete(inst);
    wasi_env_delete(env);

    /* Inherited: the host's own argv and environment. */
    c = wasi_config_new();
    ok = wasi_config_inherit_argv(c) && wasi_config_inherit_env(c);
    env = wasi_env_new(c);
    ok = ok && wasi_env_imports(env, store, counts, &imports);
    inst = ok ? wasm_instance_new(store, counts, &imports, NULL) : NULL;
    if (ok) wasm_extern_vec_delete(&imports);
    extern char **environ;
    int envc = 0;
    for (char **e = environ; *e; e++) envc += strchr(*e, '=') != NULL;
    for (int i = 0; inst && i < 2; i++) {
        wasm_val_t res[1] = { WASM_INIT_VAL };
        wasm_val_vec_t rv = WASM_ARRAY_VEC(res);
        wasm_trap_t *t2 = wasm_func_call(export_func(counts, inst, fns[i]), &none, &rv);
        if (!t2) got[i] = res[0].of.i32;
        wasm_trap_delete(t2);
    }
    check("inherit-argv", got[0] == argc, "argc differs");
    check("inherit-env", got[1] == envc, "envc differs");
    wasm_instance_delete(inst);
    wasi_env_delete(env);
}

static wasm_trap_t *seven(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    results->data[0] = (wasm_val_t)WASM_I32_VAL(7);
    return NULL;
}

static void test_mixed(wasm_store_t *store, wasm_module_t *mixed)
{
    wasi_env_t *env = wasi_env_new(wasi_config_new());
    wasm_extern_vec_t imports;
    bool all = wasi_env_imports(env, store, mixed, &imports);
    check("imports-reject-non-wasi", !all && imports.size == 0 &&
          strstr(wasi_env_error(env), "env::seven"), wasi_env_error(env));
    /* Import by import: WASI's from the env, the rest from the host. */
    wasm_importtype_vec_t ims;
    wasm_module_imports(mixed, &ims);
    wasm_extern_vec_new_uninitialized(&imports, ims.size);
    wasm_functype_t *ft = wasm_functype_new_0_1(wasm_valtype_new_i32());
    wasm_func_t *host = wasm_func_new(store, ft, seven);
    wasm_functype_delete(ft);
    bool split = true;
    for (size_t i = 0; i < ims.size; i++) {
        imports.data[i] = wasi_env_import(env, store, ims.data[i]);
        if (!imports.data[i]) imports.data[i] = wasm_func_as_extern(host);
        split = split && (imports.data[i] == wasm_func_as_extern(host)) == (i == 1);
    }
    /* Made once per store: asking again gives the same function. */
    wasm_extern_t *again = wasi_env_import(env, store, ims.data[0]);
    check("import-reused", again && again == imports.data[0], "a new function");
    wasm_importtype_vec_delete(&ims);
    check("import-one-by-one", split, "wrong externs");
    wasm_trap_t *trap = NULL;
    wasm_instance_t *inst = wasm_instance_new(store, mixed, &imports, &trap);
    wasm_extern_vec_delete(&imports);
    int st = -1;
    if (inst) {
        wasm_val_vec_t none = WASM_EMPTY_VEC;
        wasm_trap_t *t = wasm_func_call(export_func(mixed, inst, "_start"), &none, &none);
        wasi_trap_exit_status(t, &st);
        wasm_trap_delete(t);
    }
    check("mixed-imports-run", st == 7, "exit status is not 7");
    wasm_trap_delete(trap);
    wasm_instance_delete(inst);
    wasi_env_delete(env);
}

/* One env in two stores; the second store dies first, then the env goes
 * while the first store lives on (valgrind checks the bookkeeping). */
static void test_two_stores(wasm_engine_t *engine, wasm_store_t *store, wasm_module_t *echo)
{
    wasi_config_t *c = wasi_config_new();
    wasi_config_capture_stdout(c);
    wasi_env_t *env = wasi_env_new(c);
    wasm_store_t *other = wasm_store_new(engine);
    wasm_module_t *echo2 = compile(other, echo_wat);
    run a = run_in(other, echo2, env, "_start");
    wasm_module_delete(echo2);
    wasm_store_delete(other);
    run b = run_in(store, echo, env, "_start");
    check("two-stores", a.status == 5 && b.status == 5, "status");
    wasi_env_delete(env);
}

/* weft's own API: wasi_env_link into a wf_linker. */
static void test_native(void)
{
    uint8_t *bin;
    size_t len;
    wf_error err = {0};
    if (!wf_wat_to_wasm(echo_wat, strlen(echo_wat), &bin, &len, &err)) return;
    wf_module *m = wf_module_new(bin, len, &err);
    free(bin);
    wasi_config_t *c = wasi_config_new();
    wasm_byte_vec_t in;
    wasm_byte_vec_new(&in, 7, "native\n");
    wasi_config_set_stdin_bytes(c, &in);
    wasi_config_capture_stdout(c);
    wasi_env_t *env = wasi_env_new(c);
    wf_store *store = wf_store_new();
    wf_linker *l = wf_linker_new(store);
    wasi_env_link(env, l);
    wf_instance *inst = m ? wf_linker_instantiate(l, m, &err) : NULL;
    wf_extern start;
    int code = -1;
    if (inst && wf_instance_export(inst, "_start", &start)) {
        wf_trap *t = wf_func_call(start.of.func, NULL, 0, NULL, 0);
        if (t) wf_trap_exit_code(t, &code);
        wf_trap_free(t);
    }
    wasm_byte_vec_t out;
    wasi_env_stdout(env, &out);
    check("native-linker", code == 5 && out.size == 7 && !memcmp(out.data, "native\n", 7),
          inst ? "wrong status or output" : err.msg);
    wasm_byte_vec_delete(&out);
    wf_linker_free(l);
    wf_store_free(store);
    wasi_env_delete(env);
    wf_module_free(m);
}

/* A preopen: the guest's view of a host directory (fd 3 named /dir). */
static const char prestat_wat[] =
    "(module\n"
    IMPORT("fd_prestat_get", "$get (param i32 i32) (result i32)")
    IMPORT("fd_prestat_dir_name", "$name (param i32 i32 i32) (result i32)")
    "(memory (export \"memory\") 1)\n"
    "(func (export \"namelen\") (result i32)\n"
    "  (if (call $get (i32.const 3) (i32.const 0)) (then (return (i32.const -1))))\n"
    "  (i32.load (i32.const 4))))\n";

/* Operations on preopen fd 3, each returning its errno (read: the first
 * byte of ro.txt, or 1000 + errno). */
static const char rw_wat[] =
    "(module\n"
    IMPORT("path_open", "$open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)")
    IMPORT("fd_write", "$write (param i32 i32 i32 i32) (result i32)")
    IMPORT("fd_read", "$read (param i32 i32 i32 i32) (result i32)")
    IMPORT("path_unlink_file", "$unlink (param i32 i32 i32) (result i32)")
    IMPORT("path_create_directory", "$mkdir (param i32 i32 i32) (result i32)")
    "(memory (export \"memory\") 1)\n"
    "(data (i32.const 0) \"new.txt\") (data (i32.const 16) \"ro.txt\")\n"
    "(data (i32.const 32) \"newdir\") (data (i32.const 48) \"XYZ\")\n"
    "(func $open_ro (param $oflags i32) (param $rights i64) (param $fdflags i32) (result i32)\n"
    "  (call $open (i32.const 3) (i32.const 0) (i32.const 16) (i32.const 6) (local.get $oflags)\n"
    "    (local.get $rights) (i64.const 0) (local.get $fdflags) (i32.const 200)))\n"
    "(func (export \"create\") (result i32)\n"
    "  (call $open (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 7) (i32.const 1)\n"
    "    (i64.const 64) (i64.const 0) (i32.const 0) (i32.const 200)))\n"
    "(func (export \"truncate\") (result i32) (call $open_ro (i32.const 8) (i64.const 64) (i32.const 0)))\n"
    "(func (export \"append\") (result i32) (call $open_ro (i32.const 0) (i64.const 64) (i32.const 1)))\n"
    "(func (export \"write\") (result i32) (local $e i32)\n"
    "  (local.set $e (call $open_ro (i32.const 0) (i64.const 66) (i32.const 0)))\n"
    "  (if (local.get $e) (then (return (i32.add (i32.const 1000) (local.get $e)))))\n"
    "  (i32.store (i32.const 100) (i32.const 48)) (i32.store (i32.const 104) (i32.const 3))\n"
    "  (call $write (i32.load (i32.const 200)) (i32.const 100) (i32.const 1) (i32.const 108)))\n"
    "(func (export \"read\") (result i32) (local $e i32)\n"
    "  (local.set $e (call $open_ro (i32.const 0) (i64.const 2) (i32.const 0)))\n"
    "  (if (local.get $e) (then (return (i32.add (i32.const 1000) (local.get $e)))))\n"
    "  (i32.store (i32.const 100) (i32.const 300)) (i32.store (i32.const 104) (i32.const 1))\n"
    "  (local.set $e (call $read (i32.load (i32.const 200)) (i32.const 100) (i32.const 1) (i32.const 108)))\n"
    "  (if (local.get $e) (then (return (i32.add (i32.const 1000) (local.get $e)))))\n"
    "  (i32.load8_u (i32.const 300)))\n"
    "(func (export \"mkdir\") (result i32) (call $mkdir (i32.const 3) (i32.const 32) (i32.const 6)))\n"
    "(func (export \"unlink\") (result i32) (call $unlink (i32.const 3) (i32.const 16) (i32.const 6))))\n";

/* Runs rw_wat's functions in order on a preopen of `dir`; results in got. */
static void rw_ops(wasm_store_t *store, wasm_module_t *m, const char *dir, bool readonly,
                   const char *const *ops, int32_t *got, size_t n)
{
    wasi_config_t *c = wasi_config_new();
    bool ok = readonly ? wasi_config_preopen_dir_readonly(c, dir, "/d")
                       : wasi_config_preopen_dir(c, dir, "/d");
    wasi_env_t *env = wasi_env_new(c);
    wasm_extern_vec_t imports;
    wasm_instance_t *inst = NULL;
    if (ok && wasi_env_imports(env, store, m, &imports)) {
        inst = wasm_instance_new(store, m, &imports, NULL);
        wasm_extern_vec_delete(&imports);
    }
    for (size_t i = 0; i < n; i++) {
        got[i] = -1;
        wasm_val_t res[1] = { WASM_INIT_VAL };
        wasm_val_vec_t none = WASM_EMPTY_VEC, rv = WASM_ARRAY_VEC(res);
        wasm_trap_t *t = inst ? wasm_func_call(export_func(m, inst, ops[i]), &none, &rv) : NULL;
        if (inst && !t) got[i] = res[0].of.i32;
        wasm_trap_delete(t);
    }
    wasm_instance_delete(inst);
    wasi_env_delete(env);
}

static void test_readonly(wasm_store_t *store)
{
    wasm_module_t *m = compile(store, rw_wat);
    if (!m) return;
    const char *ops[] = { "read", "create", "truncate", "append", "write", "mkdir", "unlink" };
    int32_t got[7];
    mkdir("ro", 0777);
    write_file("ro/ro.txt", "hello\n");
    rw_ops(store, m, "ro", true, ops, got, 7);
    bool denied = true;
    for (int i = 1; i < 7; i++) denied = denied && got[i] == 76;   /* NOTCAPABLE */
    struct stat st;
    check("readonly-preopen-reads", got[0] == 'h', "cannot read");
    check("readonly-preopen-denies", denied, "a change was allowed");
    check("readonly-preopen-unchanged", file_is("ro/ro.txt", "hello\n") &&
          stat("ro/new.txt", &st) != 0 && stat("ro/newdir", &st) != 0, "host tree changed");
    /* The same operations on an ordinary preopen all work. */
    mkdir("rw", 0777);
    rmdir("rw/newdir");
    unlink("rw/new.txt");
    write_file("rw/ro.txt", "hello\n");
    rw_ops(store, m, "rw", false, ops, got, 7);
    bool allowed = got[0] == 'h';
    for (int i = 1; i < 7; i++) allowed = allowed && got[i] == 0;
    check("writable-preopen-allows", allowed && stat("rw/newdir", &st) == 0 &&
          stat("rw/ro.txt", &st) != 0, "an operation failed");
    wasm_module_delete(m);
}

static void test_preopen(wasm_store_t *store)
{
    mkdir("pre", 0777);
    wasi_config_t *c = wasi_config_new();
    bool ok = wasi_config_preopen_dir(c, "pre", "/guest-dir");
    wasi_env_t *env = wasi_env_new(c);
    wasm_module_t *m = compile(store, prestat_wat);
    wasm_extern_vec_t imports;
    int32_t len = -2;
    if (ok && m && wasi_env_imports(env, store, m, &imports)) {
        wasm_instance_t *inst = wasm_instance_new(store, m, &imports, NULL);
        wasm_extern_vec_delete(&imports);
        wasm_val_t res[1] = { WASM_INIT_VAL };
        wasm_val_vec_t none = WASM_EMPTY_VEC, rv = WASM_ARRAY_VEC(res);
        wasm_trap_t *t = inst ? wasm_func_call(export_func(m, inst, "namelen"), &none, &rv) : NULL;
        if (inst && !t) len = res[0].of.i32;
        wasm_trap_delete(t);
        wasm_instance_delete(inst);
    }
    check("preopen-guest-name", len == (int32_t)strlen("/guest-dir"), "prestat name length");
    wasm_module_delete(m);
    wasi_env_delete(env);
}

int main(int argc, char **argv)
{
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *echo = compile(store, echo_wat);
    wasm_module_t *counts = compile(store, counts_wat);
    wasm_module_t *mixed = compile(store, mixed_wat);
    if (echo && counts && mixed) {
        test_capture(store, echo);
        test_defaults(store, echo);
        test_capture_limit(store, echo);
        test_capture_full(store);
        test_files(store, echo);
        test_inherit(store, echo);
        test_errors();
        test_counts(store, counts, argc, argv);
        test_mixed(store, mixed);
        test_preopen(store);
        test_readonly(store);
        test_two_stores(engine, store, echo);
    }
    test_native();
    wasm_module_delete(echo);
    wasm_module_delete(counts);
    wasm_module_delete(mixed);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    return failures ? 1 : 0;
}

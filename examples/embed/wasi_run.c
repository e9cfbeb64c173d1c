/* wasi_run.c — run a WASI command from C through the standard C API
 * (wasm.h) and weft's WASI configuration API (wasi.h).
 *
 *     wasi_run GUEST.wasm [ARGS...]
 *
 * The guest gets ARGS, GREETING=hello, a line on stdin, and the host
 * directory ./data as /data; its stdout and stderr are captured in
 * memory and printed afterwards with its exit status.
 *
 * Build against an installed weft:
 *     cc wasi_run.c $(pkg-config --cflags --libs weft) -o wasi_run */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasi.h"
#include "wasm.h"

static wasm_byte_vec_t read_file(const char *path)
{
    wasm_byte_vec_t v = { 0, NULL };
    FILE *f = fopen(path, "rb");
    if (!f) return v;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    if (n > 0) {
        wasm_byte_vec_new_uninitialized(&v, (size_t)n);
        if (fread(v.data, 1, v.size, f) != v.size) wasm_byte_vec_delete(&v);
    }
    fclose(f);
    return v;
}

/* The WASI setup: everything the guest may see. */
static wasi_env_t *configure(int argc, char **argv)
{
    wasi_config_t *c = wasi_config_new();
    if (!c) return NULL;
    const char *names[] = { "GREETING" }, *values[] = { "hello" };
    wasm_byte_vec_t input;
    const char *line = "a line from the host\n";
    wasm_byte_vec_new(&input, strlen(line), line);
    bool ok = wasi_config_set_argv(c, (size_t)argc, (const char *const *)argv) &&
              wasi_config_set_env(c, 1, names, values) &&
              wasi_config_set_stdin_bytes(c, &input) &&
              wasi_config_capture_stdout(c) && wasi_config_capture_stderr(c) &&
              wasi_config_preopen_dir(c, "data", "/data");
    if (!ok) {
        fprintf(stderr, "wasi config: %s\n", wasi_config_error(c));
        wasi_config_delete(c);
        return NULL;
    }
    return wasi_env_new(c);
}

static void print_stream(const char *label, wasm_byte_vec_t *bytes)
{
    printf("-- captured %s (%zu bytes)\n", label, bytes->size);
    fwrite(bytes->data, 1, bytes->size, stdout);
    wasm_byte_vec_delete(bytes);
}

/* Call _start; the guest's exit status, or -1 after a trap. */
static int run_start(wasm_instance_t *inst, const wasm_module_t *module)
{
    wasm_exporttype_vec_t types;
    wasm_extern_vec_t exports;
    wasm_module_exports(module, &types);
    wasm_instance_exports(inst, &exports);
    wasm_func_t *start = NULL;
    for (size_t i = 0; i < types.size; i++) {
        const wasm_name_t *n = wasm_exporttype_name(types.data[i]);
        if (n->size == 6 && !memcmp(n->data, "_start", 6)) start = wasm_extern_as_func(exports.data[i]);
    }
    int status = -1;
    if (start) {
        wasm_val_vec_t none = WASM_EMPTY_VEC;
        wasm_trap_t *trap = wasm_func_call(start, &none, &none);
        if (!trap) {
            status = 0;
        } else if (!wasi_trap_exit_status(trap, &status)) {
            wasm_message_t msg;
            wasm_trap_message(trap, &msg);
            printf("-- trap: %s\n", msg.data);
            wasm_byte_vec_delete(&msg);
        }
        wasm_trap_delete(trap);
    } else {
        printf("-- no _start export\n");
    }
    wasm_extern_vec_delete(&exports);
    wasm_exporttype_vec_delete(&types);
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: wasi_run GUEST.wasm [ARGS...]\n");
        return 2;
    }
    wasm_byte_vec_t binary = read_file(argv[1]);
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = binary.size ? wasm_module_new(store, &binary) : NULL;
    wasm_byte_vec_delete(&binary);
    wasi_env_t *env = module ? configure(argc - 1, argv + 1) : NULL;
    int status = -1;
    wasm_extern_vec_t imports = WASM_EMPTY_VEC;
    if (!module) {
        fprintf(stderr, "cannot load %s\n", argv[1]);
    } else if (env && !wasi_env_imports(env, store, module, &imports)) {
        fprintf(stderr, "link: %s\n", wasi_env_error(env));
    } else if (env) {
        wasm_trap_t *trap = NULL;
        wasm_instance_t *inst = wasm_instance_new(store, module, &imports, &trap);
        if (inst) status = run_start(inst, module);
        else printf("-- cannot instantiate\n");
        wasm_trap_delete(trap);
        wasm_instance_delete(inst);
        wasm_byte_vec_t out, err;
        wasi_env_stdout(env, &out);
        wasi_env_stderr(env, &err);
        print_stream("stdout", &out);
        print_stream("stderr", &err);
        printf("-- exit status %d\n", status);
    }
    wasm_extern_vec_delete(&imports);
    wasm_module_delete(module);
    /* The store (and the guest's functions in it) goes before the env
     * those functions refer to. */
    wasm_store_delete(store);
    wasi_env_delete(env);
    wasm_engine_delete(engine);
    return status < 0 ? 1 : 0;
}

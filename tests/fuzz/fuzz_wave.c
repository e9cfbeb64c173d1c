/* fuzz_wave.c — libFuzzer target: `weft run --invoke 'name(args)'` on a
 * component, i.e. the WAVE value parser (wave.c) against a function's
 * types, lowering the values into the guest, lifting its results and
 * printing them. The input is the invoke text; the component is
 * wave.component.wasm, the encoding of tests/comp-wast/text/values.wast:
 * one echo function per value type (bool, integers, floats, char, string,
 * list<u32>, list<u8>, record, tuple, variant, enum, flags, option,
 * result), plus "nothing". Results go to stdout (closed by the Makefile's
 * -close_fd_mask). */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "component/component.h"
#include "util/util.h"

#ifndef FUZZ_DIR
#define FUZZ_DIR "."
#endif

enum { FUEL = 100000 };

static comp_component *values;
static comp_host *host;

static int store_hook(wf_store *store, void *arg)
{
    (void)arg;
    wf_store_set_limits(store, 64u << 20, 100000, 0);
    wf_store_set_fuel(store, FUEL);
    return 0;
}

static void load(void)
{
    const char *path = FUZZ_DIR "/wave.component.wasm";
    uint8_t *bytes = NULL;
    size_t len = 0;
    wf_error err;
    memset(&err, 0, sizeof err);
    if (!wf_read_file(path, &bytes, &len, &err) || !(values = comp_component_new(bytes, len, &err))) {
        fprintf(stderr, "fuzz_wave: %s: %s\n", path, err.msg);
        abort();
    }
    free(bytes);
    /* The component imports nothing: the host is there for the store hook. */
    wasi_ctx *ctx = wasi_ctx_new();
    host = ctx ? comp_host_new(ctx) : NULL;
    if (!host)
        abort();
    comp_host_set_store_hook(host, store_hook, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!values)
        load();
    char *expr = malloc(size + 1);
    if (!expr)
        return 0;
    memcpy(expr, data, size);
    expr[size] = 0;
    const char *invokes[1] = { expr };
    comp_run_invokes(values, host, "wave", invokes, 1);
    free(expr);
    return 0;
}

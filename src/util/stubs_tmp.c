/* stubs_tmp.c — TEMPORARY weak placeholders so the tree links while the
 * text format, validator/compiler, interpreter and WASI are being written
 * in parallel. A real (strong) definition overrides each one. This file is
 * deleted once every part has landed. Each aborts loudly if reached. */
#include <stdio.h>
#include <stdlib.h>

#include "../interp/interp.h"
#include "../valid/valid.h"
#include "../wasi/wasi.h"
#include "../cli/cli.h"

#define MISSING(name) do { fprintf(stderr, "weft: %s is not built yet\n", name); abort(); } while (0)
#define WEAK __attribute__((weak))

WEAK bool wf_wat_to_wasm(const char *t, size_t l, uint8_t **o, size_t *ol, wf_error *e) { MISSING("wf_wat_to_wasm"); }
WEAK int cli_wast(int argc, char **argv) { MISSING("cli_wast"); }
WEAK void interp_code_free(struct interp_code *c) { (void)c; }
WEAK wf_trap *interp_invoke(wf_func *f, const wf_val *a, wf_val *r) { MISSING("interp_invoke"); }
WEAK void interp_stack_free(struct interp_stack *s) { (void)s; }
WEAK bool val_function(wf_module *m, uint32_t i, wf_error *e) { MISSING("val_function"); }
WEAK wasi_ctx *wasi_ctx_new(void) { MISSING("wasi_ctx_new"); }
WEAK void wasi_ctx_free(wasi_ctx *c) { (void)c; }
WEAK bool wasi_ctx_set_args(wasi_ctx *c, int n, const char *const *v) { MISSING("wasi_ctx_set_args"); }
WEAK bool wasi_ctx_add_env(wasi_ctx *c, const char *n, const char *v) { MISSING("wasi_ctx_add_env"); }
WEAK bool wasi_ctx_preopen_dir(wasi_ctx *c, const char *h, const char *g, wf_error *e) { MISSING("wasi_ctx_preopen_dir"); }
WEAK bool wasi_ctx_tcplisten(wasi_ctx *c, const char *a, wf_error *e) { MISSING("wasi_ctx_tcplisten"); }
WEAK void wasi_link(wasi_ctx *c, wf_linker *l) { MISSING("wasi_link"); }
WEAK int cli_run(int argc, char **argv) { MISSING("cli_run"); }
WEAK int cli_inspect(int argc, char **argv) { MISSING("cli_inspect"); }

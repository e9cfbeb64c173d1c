/* component.h — the component model: component binaries, instantiation
 * against host instances, the canonical ABI, and the WASI 0.2 host for the
 * wasi:cli/command world.
 *
 *   comp_component  a decoded component (core modules validated and
 *                   compiled); immutable.
 *   comp_host       the WASI 0.2 host: its instances by interface name, and
 *                   the state behind its resources (streams, descriptors).
 *                   Built on a preview-1 wasi_ctx for args, env and the
 *                   preopened-directory sandbox. */
#ifndef WEFT_COMPONENT_H
#define WEFT_COMPONENT_H

#include "weft.h"
#include "../wasi/wasi.h"

typedef struct comp_component comp_component;
typedef struct comp_host comp_host;

/* True if bytes start with the component preamble (layer 1). */
bool comp_is_component(const uint8_t *bytes, size_t len);

comp_component *comp_component_new(const uint8_t *bytes, size_t len, wf_error *err);
void comp_component_free(comp_component *c);

/* The WASI 0.2 host over a preview-1 context (args, env, preopens). The
 * ctx must outlive the host. */
comp_host *comp_host_new(wasi_ctx *ctx);
void comp_host_free(comp_host *host);
/* Called with each new store before anything runs in it (limits, fuel);
 * a non-zero return stops instantiation. */
void comp_host_set_store_hook(comp_host *host, int (*hook)(wf_store *store, void *arg),
                              void *arg);

/* Instantiate c against the host and call its wasi:cli/run@0.2.x `run`.
 * Returns the exit status (0 for ok, 1 for run's error result or a trap,
 * the code given to wasi:cli/exit); load/link errors print one line and
 * give 1. */
int comp_run_command(const comp_component *c, comp_host *host, const char *file);

/* Instantiate c and call its exported functions in order, each given as
 * `name` or `name(arg, ...)` with WAVE values; results are printed one a
 * line. Returns 0, 1 for a trap or load error, 2 for a bad call. */
int comp_run_invokes(const comp_component *c, comp_host *host, const char *file,
                     const char *const *invokes, int n);

/* Print the component's imports and exports, WIT-like, to stdout. */
void comp_print_world(const comp_component *c);

/* `weft run` for a component (src/cli/component.c): same flags as run. */
int cli_run_component(int argc, char **argv);
/* True if the file at path starts with the component preamble. */
bool cli_file_is_component(const char *path);

#endif

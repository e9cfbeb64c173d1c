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

#include <stdio.h>
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

/* ---- component instances for scripts (comp_api.c; `weft wast`) -------- */

typedef struct comp_instance comp_instance;

/* Instantiate c; imports are looked up in host (semver rules as for
 * `weft run`). Errors: WF_ERR_LINK for an unsatisfied import,
 * WF_ERR_INVALID for what instantiation finds invalid, WF_ERR_TRAP for a
 * trap while starting core instances. */
comp_instance *comp_instance_new(const comp_component *c, comp_host *host, wf_error *err);
void comp_instance_free(comp_instance *ci);

/* A component value as a script writes it, before it is checked against
 * a type: (u32.const 7), (str.const "x"), (record.const (field "a" ...)).
 * Trees live in the caller's memory. */
typedef enum {
    CSV_BOOL, CSV_S8, CSV_U8, CSV_S16, CSV_U16, CSV_S32, CSV_U32, CSV_S64, CSV_U64,
    CSV_F32, CSV_F64, CSV_CHAR, CSV_STRING, CSV_LIST, CSV_RECORD, CSV_TUPLE,
    CSV_VARIANT, CSV_ENUM, CSV_FLAGS, CSV_NONE, CSV_SOME, CSV_OK, CSV_ERR,
} comp_svkind;

enum { CSV_NAN_EXACT, CSV_NAN_ANY };   /* float patterns: bits, or any NaN */

typedef struct comp_sval {
    uint8_t kind;              /* CSV_* */
    uint8_t nan;               /* CSV_F32/F64 results: CSV_NAN_ANY matches every NaN */
    uint64_t bits;             /* bool 0/1, integers (two's complement), float bits, char */
    const char *s;             /* string bytes (UTF-8, may hold NUL); variant/enum case */
    size_t len;
    struct comp_sval *v;       /* list/tuple elements, record field values, payload (n <= 1) */
    const char **names;        /* record field names (n of them), flag names (n of them) */
    uint32_t n;
} comp_sval;

/* Result of comp_instance_call: a trap, a bad call, or values to check. */
typedef struct comp_outcome comp_outcome;

/* Call the exported function `name` with args checked against its
 * parameter types. Returns NULL with why (static or in buf) if the call
 * cannot be made: no such function, wrong number or type of arguments.
 * Otherwise the outcome, whose trap (comp_outcome_trap) is NULL if the
 * call returned. */
comp_outcome *comp_instance_call(comp_instance *ci, const char *name, const comp_sval *args,
                                 uint32_t nargs, char *buf, size_t bufsize, const char **why);
const wf_trap *comp_outcome_trap(const comp_outcome *o);
/* True if the results equal want structurally (NaN patterns as above);
 * otherwise why says where they differ (static or in buf). */
bool comp_outcome_matches(const comp_outcome *o, const comp_sval *want, uint32_t nwant,
                          char *buf, size_t bufsize, const char **why);
/* The results in WAVE notation (nothing for a function without result). */
void comp_outcome_print(const comp_outcome *o, FILE *out);
void comp_outcome_free(comp_outcome *o);

#endif

/* cli.h — the `weft` command's subcommands. Each returns the exit status:
 * the guest's, 1 for a load/link/trap error, 2 for bad usage. */
#ifndef WEFT_CLI_H
#define WEFT_CLI_H

#include <stdint.h>

int cli_run(int argc, char **argv);      /* weft run [options] FILE [ARGS...] */
int cli_wast(int argc, char **argv);     /* weft wast FILE.wast... */
int cli_inspect(int argc, char **argv);  /* weft inspect FILE */

/* wasi-threads glue for `weft run` (threads.c). */
struct wasi_ctx;
struct wasi_threads;
struct wf_linker;
struct wf_module;
#define CLI_MAX_THREADS 512   /* default limit on live spawned threads */
/* -S/--wasi VALUE: "threads", "threads=y|yes|true|1", "threads=n|no|false|0";
 * sets *threads to 1 or 0; nonzero if VALUE is something else. */
int cli_threads_switch(const char *value, int *threads);
int cli_parse_max_threads(const char *value, uint32_t *out);
/* Make *out and define thread-spawn and the shared memory in linker;
 * spawned threads' stores get `limits` (memory/table/stack, and fuel of
 * their own; the timeout is the main store's). Returns 0, or 1 after
 * printing the error. */
struct cli_limits;
int cli_threads_link(struct wasi_ctx *ctx, const struct wf_module *m, uint32_t max_threads,
                     const struct cli_limits *limits, struct wf_linker *linker,
                     struct wasi_threads **out);
/* End the process now with status (other threads still running). */
_Noreturn void cli_threads_exit(int status);

/* Resource options of `weft run` (limits.c). */
struct wf_store;
typedef struct cli_limits {
    uint64_t fuel, timeout_ns, memory, table, stack;
    _Bool has_fuel;
} cli_limits;
#define CLI_LIMIT_OPTIONS "--fuel", "--timeout", "--max-memory", "--max-table", "--max-stack"
/* Parse VALUE of option NAME (one of CLI_LIMIT_OPTIONS): 0, or 2 after a
 * message. */
int cli_limit_option(const char *name, const char *value, cli_limits *l);
/* Apply to a new store before anything runs in it: 0, or 1 after a message. */
int cli_limits_apply(const cli_limits *l, struct wf_store *store);

/* Option helpers shared by run.c and component.c (opts.c). */
/* "--name VALUE" or "--name=VALUE" at argv[*i]; advances *i past what it
 * used; NULL if argv[*i] is not that option or lacks its value. */
const char *cli_opt_value(int argc, char **argv, int *i, const char *name);
/* The option name if arg is one of CLI_LIMIT_OPTIONS, else NULL. */
const char *cli_limit_name(const char *arg);
/* --env NAME=VAL, or --env NAME to inherit the host's value. */
_Bool cli_add_env(struct wasi_ctx *ctx, const char *spec);
/* --dir HOST[::GUEST]; prints a one-line error on failure. */
_Bool cli_add_dir(struct wasi_ctx *ctx, const char *spec);

#endif

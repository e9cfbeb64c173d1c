/* component.c — `weft run` for components: the same --dir/--env/--argv0
 * flags as a module run; calls the wasi:cli/run@0.2.x export. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "weft.h"
#include "../util/util.h"
#include "../wasi/wasi.h"
#include "../component/component.h"
#include "../component/wasi2_sock.h"

static int usage(const char *why)
{
    if (why)
        fprintf(stderr, "weft run: %s\n", why);
    fputs("usage: weft run [--dir HOST[::GUEST]] [--env NAME[=VAL]] [--argv0 NAME]\n"
          "                [--fuel N] [--timeout DUR] [--max-memory N] [--max-table N]\n"
          "                [--max-stack N] [--invoke 'NAME(ARG, ...)']...\n"
          "                [-S inherit-network[=y|n]] [-S allow-ip-name-lookup[=y|n]]\n"
          "                [-S tcp[=y|n]] [-S udp[=y|n]] COMPONENT [ARGS...]\n",
          stderr);
    return 2;
}

/* -S/--wasi LIST: the network switches (wasmtime's names), comma-separated;
 * 0, or 2 after a message. */
static int net_switches(const char *list, unsigned *net)
{
    for (const char *p = list;; p++) {
        size_t n = strcspn(p, ",");
        if (!comp_net_option(p, n, net)) {
            bool threads = n >= 7 && !strncmp(p, "threads", 7);
            fprintf(stderr, threads ? "weft run: -S %.*s is not supported for components\n"
                                    : "weft run: unknown -S/--wasi option '%.*s'\n", (int)n, p);
            return 2;
        }
        p += n;
        if (!*p)
            return 0;
    }
}

static int apply_limits(wf_store *store, void *arg)
{
    return cli_limits_apply(arg, store);
}

/* Options, then FILE, then the guest's arguments; fills ctx. Each
 * --invoke is kept in invokes[*ninvokes]. */
static int setup(int argc, char **argv, wasi_ctx *ctx, const char **file,
                 const char **invokes, int *ninvokes, cli_limits *limits, unsigned *net)
{
    const char *argv0 = NULL, *name;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *v, *arg = argv[i];
        if (!strcmp(argv[i], "--")) {
            i++;
            break;
        }
        if ((v = cli_opt_value(argc, argv, &i, "--dir"))) {
            if (!cli_add_dir(ctx, v))
                return 1;
        } else if ((v = cli_opt_value(argc, argv, &i, "--env"))) {
            if (!cli_add_env(ctx, v))
                return 1;
        } else if ((v = cli_opt_value(argc, argv, &i, "--argv0"))) {
            argv0 = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--invoke"))) {
            invokes[(*ninvokes)++] = v;
        } else if ((name = cli_limit_name(argv[i]))) {
            if (!(v = cli_opt_value(argc, argv, &i, name)))
                return usage("option needs a value");
            if (cli_limit_option(name, v, limits))
                return 2;
        } else if ((v = cli_opt_value(argc, argv, &i, "-S")) ||
                   (v = cli_opt_value(argc, argv, &i, "--wasi"))) {
            if (net_switches(v, net))
                return 2;
        } else if (cli_opt_value(argc, argv, &i, "--max-threads") ||
                   cli_opt_value(argc, argv, &i, "--tcplisten")) {
            fprintf(stderr, "weft run: %s is not supported for components\n", arg);
            return 2;
        } else {
            fprintf(stderr, "weft run: unknown option '%s'\n", argv[i]);
            return usage(NULL);
        }
    }
    if (i >= argc)
        return usage("no FILE given");
    *file = argv[i];
    const char **args = calloc((size_t)(argc - i) + 1, sizeof *args);
    if (!args)
        return 1;
    args[0] = argv0 ? argv0 : argv[i];
    for (int k = i + 1; k < argc; k++)
        args[k - i] = argv[k];
    bool ok = wasi_ctx_set_args(ctx, argc - i, args);
    free(args);
    return ok ? 0 : 1;
}

/* Text (.wat) becomes binary in place; binary bytes are left alone. */
static bool text_to_binary(uint8_t **bytes, size_t *len, wf_error *err)
{
    if (*len >= 4 && !memcmp(*bytes, "\0asm", 4))
        return true;
    uint8_t *bin;
    size_t blen;
    if (!wf_wat_to_wasm((const char *)*bytes, *len, &bin, &blen, err))
        return false;
    free(*bytes);
    *bytes = bin;
    *len = blen;
    return true;
}

int cli_run_component(int argc, char **argv)
{
    wasi_ctx *ctx = wasi_ctx_new();
    const char *file = NULL;
    if (!ctx) {
        fputs("Error: out of memory\n", stderr);
        return 1;
    }
    const char **invokes = calloc((size_t)argc + 1, sizeof *invokes);
    int ninvokes = 0;
    cli_limits limits = {0};
    unsigned net = COMP_NET_DEFAULT;
    int status = invokes ? setup(argc, argv, ctx, &file, invokes, &ninvokes, &limits, &net) : 1;
    uint8_t *bytes = NULL;
    size_t len = 0;
    comp_component *c = NULL;
    comp_host *host = NULL;
    wf_error err = {0};
    if (!status && !wf_read_file(file, &bytes, &len, &err)) {
        fprintf(stderr, "Error: %s\n", err.msg);
        status = 1;
    }
    if (!status && !text_to_binary(&bytes, &len, &err)) {
        fprintf(stderr, "Error: %s: %s\n", file, err.msg);
        status = 1;
    }
    if (!status && !(c = comp_component_new(bytes, len, &err))) {
        fprintf(stderr, "Error: %s: %s (at byte offset %zu)\n", file, err.msg, err.offset);
        status = 1;
    }
    if (!status && !(host = comp_host_new(ctx))) {
        fputs("Error: out of memory\n", stderr);
        status = 1;
    }
    if (host) {
        comp_host_set_store_hook(host, apply_limits, &limits);
        comp_host_set_network(host, net);
    }
    if (!status)
        status = ninvokes ? comp_run_invokes(c, host, file, invokes, ninvokes)
                          : comp_run_command(c, host, file);
    fflush(stdout);
    comp_host_free(host);
    comp_component_free(c);
    free(bytes);
    free(invokes);
    wasi_ctx_free(ctx);
    return status;
}

/* A component binary, or text whose top form is (component ...). Text is
 * translated to tell (cheap next to running it); text that fails to
 * translate is left to the module path, which reports the error. */
bool cli_file_is_component(const char *path)
{
    uint8_t *bytes = NULL;
    size_t len = 0;
    wf_error err = {0};
    if (!wf_read_file(path, &bytes, &len, &err))
        return false;
    bool is = (len >= 4 && !memcmp(bytes, "\0asm", 4)) || text_to_binary(&bytes, &len, &err)
                  ? comp_is_component(bytes, len) : false;
    free(bytes);
    return is;
}

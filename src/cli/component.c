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

static int usage(const char *why)
{
    if (why)
        fprintf(stderr, "weft run: %s\n", why);
    fputs("usage: weft run [--dir HOST[::GUEST]] [--env NAME[=VAL]] [--argv0 NAME]\n"
          "                [--fuel N] [--timeout DUR] [--max-memory N] [--max-table N]\n"
          "                [--max-stack N] [--invoke 'NAME(ARG, ...)']... COMPONENT [ARGS...]\n",
          stderr);
    return 2;
}

static const char *opt_value(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    const char *a = argv[*i];
    if (strncmp(a, name, n))
        return NULL;
    if (a[n] == '=')
        return a + n + 1;
    if (a[n] || *i + 1 >= argc)
        return NULL;
    return argv[++*i];
}

static bool add_env(wasi_ctx *ctx, const char *spec)
{
    const char *eq = strchr(spec, '=');
    if (!eq) {
        const char *v = getenv(spec);
        return !v || wasi_ctx_add_env(ctx, spec, v);
    }
    char *name = strndup(spec, (size_t)(eq - spec));
    bool ok = name && wasi_ctx_add_env(ctx, name, eq + 1);
    free(name);
    return ok;
}

static bool add_dir(wasi_ctx *ctx, const char *spec)
{
    wf_error err = {0};
    const char *sep = strstr(spec, "::");
    char *host = sep ? strndup(spec, (size_t)(sep - spec)) : strdup(spec);
    bool ok = host && wasi_ctx_preopen_dir(ctx, host, sep ? sep + 2 : spec, &err);
    if (!ok)
        fprintf(stderr, "Error: --dir %s: %s\n", spec, host ? err.msg : "out of memory");
    free(host);
    return ok;
}

/* One of the resource options run.c also takes (--fuel, --max-memory...). */
static const char *limit_name(const char *arg)
{
    static const char *const names[] = { CLI_LIMIT_OPTIONS };
    for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
        size_t n = strlen(names[k]);
        if (!strncmp(arg, names[k], n) && (!arg[n] || arg[n] == '='))
            return names[k];
    }
    return NULL;
}

static int apply_limits(wf_store *store, void *arg)
{
    return cli_limits_apply(arg, store);
}

/* Options, then FILE, then the guest's arguments; fills ctx. Each
 * --invoke is kept in invokes[*ninvokes]. */
static int setup(int argc, char **argv, wasi_ctx *ctx, const char **file,
                 const char **invokes, int *ninvokes, cli_limits *limits)
{
    const char *argv0 = NULL, *name;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *v, *arg = argv[i];
        if (!strcmp(argv[i], "--")) {
            i++;
            break;
        }
        if ((v = opt_value(argc, argv, &i, "--dir"))) {
            if (!add_dir(ctx, v))
                return 1;
        } else if ((v = opt_value(argc, argv, &i, "--env"))) {
            if (!add_env(ctx, v))
                return 1;
        } else if ((v = opt_value(argc, argv, &i, "--argv0"))) {
            argv0 = v;
        } else if ((v = opt_value(argc, argv, &i, "--invoke"))) {
            invokes[(*ninvokes)++] = v;
        } else if ((name = limit_name(argv[i]))) {
            if (!(v = opt_value(argc, argv, &i, name)))
                return usage("option needs a value");
            if (cli_limit_option(name, v, limits))
                return 2;
        } else if (opt_value(argc, argv, &i, "-S") || opt_value(argc, argv, &i, "--wasi") ||
                   opt_value(argc, argv, &i, "--max-threads") ||
                   opt_value(argc, argv, &i, "--tcplisten")) {
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
    int status = invokes ? setup(argc, argv, ctx, &file, invokes, &ninvokes, &limits) : 1;
    uint8_t *bytes = NULL;
    size_t len = 0;
    comp_component *c = NULL;
    comp_host *host = NULL;
    wf_error err = {0};
    if (!status && !wf_read_file(file, &bytes, &len, &err)) {
        fprintf(stderr, "Error: %s\n", err.msg);
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
    if (host)
        comp_host_set_store_hook(host, apply_limits, &limits);
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

bool cli_file_is_component(const char *path)
{
    uint8_t head[8];
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    return comp_is_component(head, n);
}

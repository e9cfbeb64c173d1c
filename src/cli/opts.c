/* opts.c — option helpers shared by `weft run` for modules (run.c) and
 * for components (component.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../wasi/wasi.h"

const char *cli_opt_value(int argc, char **argv, int *i, const char *name)
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

const char *cli_limit_name(const char *arg)
{
    static const char *const names[] = { CLI_LIMIT_OPTIONS };
    for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
        size_t n = strlen(names[k]);
        if (!strncmp(arg, names[k], n) && (!arg[n] || arg[n] == '='))
            return names[k];
    }
    return NULL;
}

bool cli_add_env(struct wasi_ctx *ctx, const char *spec)
{
    const char *eq = strchr(spec, '=');
    if (eq) {
        char *name = strndup(spec, (size_t)(eq - spec));
        bool ok = name && wasi_ctx_add_env(ctx, name, eq + 1);
        free(name);
        return ok;
    }
    /* --env NAME: inherit the host's value, if it has one. */
    const char *v = getenv(spec);
    return !v || wasi_ctx_add_env(ctx, spec, v);
}

bool cli_add_dir(struct wasi_ctx *ctx, const char *spec)
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

/* threads.c — `weft run`'s wasi-threads switches and set-up. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "weft.h"
#include "../wasi/wasi.h"

static int one_switch(const char *value, int *threads)
{
    static const char *const on[] = { "threads", "threads=y", "threads=yes", "threads=true",
                                      "threads=1" };
    static const char *const off[] = { "threads=n", "threads=no", "threads=false",
                                       "threads=0" };
    for (size_t i = 0; i < sizeof on / sizeof *on; i++)
        if (!strcmp(value, on[i]))
            return *threads = 1, 0;
    for (size_t i = 0; i < sizeof off / sizeof *off; i++)
        if (!strcmp(value, off[i]))
            return *threads = 0, 0;
    return 1;
}

/* A comma-separated list, as wasmtime's -S takes (only threads is known). */
int cli_threads_switch(const char *value, int *threads)
{
    char item[32];
    for (const char *p = value;;) {
        size_t n = strcspn(p, ",");
        if (n == 0 || n >= sizeof item)
            return 1;
        memcpy(item, p, n);
        item[n] = 0;
        if (one_switch(item, threads))
            return 1;
        if (!p[n])
            return 0;
        p += n + 1;
    }
}

int cli_parse_max_threads(const char *value, uint32_t *out)
{
    char *end;
    long n = strtol(value, &end, 10);
    if (!*value || *end || n < 1 || n > 65536)
        return 1;
    *out = (uint32_t)n;
    return 0;
}

/* A spawned thread's store: the main store's limits and a fuel budget
 * of its own. (One --timeout watchdog, the main store's, is enough: its
 * interrupt ends the process.) */
static void limit_store(wf_store *store, void *arg)
{
    const cli_limits *l = arg;
    wf_store_set_limits(store, l->memory, l->table, l->stack);
    if (l->has_fuel)
        wf_store_set_fuel(store, l->fuel);
}

int cli_threads_link(wasi_ctx *ctx, const wf_module *m, uint32_t max_threads,
                     const cli_limits *limits, wf_linker *linker, wasi_threads **out)
{
    wf_error err = {0};
    wasi_threads *t = wasi_threads_new(ctx, m, max_threads);
    if (t && limits)
        wasi_threads_on_store(t, limit_store, (void *)limits);
    if (!t || !wasi_threads_link(t, linker, &err)) {
        fprintf(stderr, "Error: wasi-threads: %s\n", t ? err.msg : "out of memory");
        wasi_threads_free(t);
        return 1;
    }
    *out = t;
    return 0;
}

_Noreturn void cli_threads_exit(int status)
{
    fflush(stdout);
    fflush(stderr);
    _exit(status);
}

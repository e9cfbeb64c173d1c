/* stdio.c — the WASI 0.2 host writes the guest's stdio where the embedder
 * redirected the preview-1 context's fds 0-2 (wasi_ctx_set_stdio), not to
 * the process's own (found by fuzz_component: guests printed on the
 * fuzzer's terminal). Runs a wasi:cli/command component with stdin from
 * /dev/null and stdout, stderr to the given files.
 * Usage: stdio COMPONENT OUT ERR; exit status is the component's. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "component/component.h"

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    unsigned char *buf = NULL;
    size_t cap = 0, n = 0, k;
    do {
        if (n == cap) {
            unsigned char *nb = realloc(buf, cap = cap ? cap * 2 : 65536);
            if (!nb)
                break;
            buf = nb;
        }
        k = fread(buf + n, 1, cap - n, f);
        n += k;
    } while (k > 0);
    fclose(f);
    *len = n;
    return buf;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: stdio COMPONENT OUT ERR\n");
        return 2;
    }
    size_t len = 0;
    unsigned char *bytes = slurp(argv[1], &len);
    wf_error err = {0};
    comp_component *c = bytes ? comp_component_new(bytes, len, &err) : NULL;
    if (!c) {
        fprintf(stderr, "stdio: %s: %s\n", argv[1], bytes ? err.msg : "cannot read");
        return 2;
    }
    wasi_ctx *ctx = wasi_ctx_new();
    int in = open("/dev/null", O_RDONLY);
    int out = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int er = open(argv[3], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (!ctx || in < 0 || out < 0 || er < 0 || !wasi_ctx_set_stdio(ctx, 0, in) ||
        !wasi_ctx_set_stdio(ctx, 1, out) || !wasi_ctx_set_stdio(ctx, 2, er)) {
        fprintf(stderr, "stdio: cannot set up the context\n");
        return 2;
    }
    comp_host *host = comp_host_new(ctx);
    int status = host ? comp_run_command(c, host, argv[1]) : 2;
    comp_host_free(host);
    wasi_ctx_free(ctx);
    comp_component_free(c);
    free(bytes);
    return status;
}

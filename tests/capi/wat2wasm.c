/* wat2wasm.c — test helper: translates a .wat file to a .wasm file with
 * weft's own text support (wf_wat_to_wasm), so that the C API examples
 * can also run on modules weft itself produced.
 * Usage: wat2wasm IN.wat OUT.wasm */
#include <stdio.h>
#include <stdlib.h>

#include "weft.h"

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: wat2wasm IN.wat OUT.wasm\n");
        return 2;
    }
    FILE *in = fopen(argv[1], "rb");
    if (!in) {
        perror(argv[1]);
        return 1;
    }
    fseek(in, 0, SEEK_END);
    long n = ftell(in);
    fseek(in, 0, SEEK_SET);
    char *text = malloc((size_t)n + 1);
    if (!text || fread(text, 1, (size_t)n, in) != (size_t)n) {
        fprintf(stderr, "%s: cannot read\n", argv[1]);
        return 1;
    }
    fclose(in);
    uint8_t *bin;
    size_t len;
    wf_error err;
    if (!wf_wat_to_wasm(text, (size_t)n, &bin, &len, &err)) {
        fprintf(stderr, "%s: %s\n", argv[1], err.msg);
        free(text);
        return 1;
    }
    free(text);
    FILE *out = fopen(argv[2], "wb");
    if (!out || fwrite(bin, 1, len, out) != len || fclose(out) != 0) {
        perror(argv[2]);
        free(bin);
        return 1;
    }
    free(bin);
    return 0;
}

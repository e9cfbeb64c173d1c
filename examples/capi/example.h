/* example.h — the one helper every C API example shares: read a .wasm
 * file and compile it. Hosts written for wasm.h do the same by hand. */
#ifndef EXAMPLE_H
#define EXAMPLE_H

#include <stdio.h>
#include <stdlib.h>

#include "wasm.h"

static inline void example_fail(const char *what) {
    printf("error: %s\n", what);
    exit(1);
}

/* Reads `path` into a byte vector (owned by the caller). */
static inline void example_read(const char *path, wasm_byte_vec_t *out) {
    FILE *f = fopen(path, "rb");
    if (!f) example_fail("cannot open the .wasm file");
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    wasm_byte_vec_new_uninitialized(out, (size_t)n);
    if (n > 0 && fread(out->data, (size_t)n, 1, f) != 1) example_fail("cannot read the .wasm file");
    fclose(f);
}

/* Reads and compiles `path` in `store`. */
static inline wasm_module_t *example_load(wasm_store_t *store, const char *path) {
    wasm_byte_vec_t bytes;
    example_read(path, &bytes);
    wasm_module_t *module = wasm_module_new(store, &bytes);
    wasm_byte_vec_delete(&bytes);
    if (!module) example_fail("cannot compile the module");
    return module;
}

/* The export at position i, which must be of the given kind. */
static inline wasm_extern_t *example_export(const wasm_extern_vec_t *exports, size_t i,
                                            wasm_externkind_t kind) {
    if (i >= exports->size || wasm_extern_kind(exports->data[i]) != kind)
        example_fail("unexpected exports");
    return exports->data[i];
}

#endif

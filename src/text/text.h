/* text.h — the WebAssembly text format: .wat modules and .wast scripts.
 *
 * Design decision: the text parser does not build a wf_module itself. It
 * translates text to *binary module bytes* (wf_wat_to_wasm, declared in
 * weft.h), which then go through the one binary reader (src/binary) like
 * any .wasm file — as wasmtime's `wat` crate does. There is one reader to
 * trust for every malformed/invalid rule, and the script forms
 * `(module binary ...)` and `(module quote ...)` fall out for free.
 *
 * The parser works in two passes over each module: the first records the
 * fields and binds every identifier (so forward references resolve), the
 * second emits sections. Inline function types without a (type ...) are
 * appended to the type section in textual order, as the spec says.
 *
 * Errors are WF_ERR_MALFORMED with err->offset the byte offset in the text
 * and err->msg "LINE:COL: message". Lexing is lazy and every recursion is
 * bounded, so random or truncated text never crashes or hangs. */
#ifndef WEFT_TEXT_H
#define WEFT_TEXT_H

#include <stdio.h>
#include "weft.h"

/* Like wf_wat_to_wasm, but parse the module starting at byte `start` of
 * `text` (a "(module ...)" form or bare fields up to the end); `*end` gets
 * the offset just past it. Used by the script runner. */
bool txt_module_to_wasm(const char *text, size_t len, size_t start, size_t *end,
                        uint8_t **out, size_t *out_len, wf_error *err);

/* The component text format: translate the "(component ...)" form starting
 * at byte `start` of `text` to component binary bytes (layer 1), nested
 * core modules through txt_module_to_wasm. `*end` gets the offset just past
 * the form. Errors as above (WF_ERR_MALFORMED, "LINE:COL: message").
 * Implemented in comp_text*.c. */
bool txt_component_to_wasm(const char *text, size_t len, size_t start, size_t *end,
                           uint8_t **out, size_t *out_len, wf_error *err);

/* Run (or, with parse_only, just parse) a .wast script. Failed assertions
 * are printed to `out` as "file:line: ..." lines; counts are added to
 * *passed / *failed. Returns false if the script could not be read. */
typedef struct txt_script_opts {
    bool parse_only;  /* WEFT_WAST_PARSE_ONLY=1: parse commands, run nothing */
    bool verbose;     /* WEFT_WAST_VERBOSE=1: expected vs got for malformed/invalid */
} txt_script_opts;

bool txt_script_run(const char *path, const txt_script_opts *opts, FILE *out,
                    unsigned *passed, unsigned *failed);

#endif

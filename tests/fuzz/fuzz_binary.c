/* fuzz_binary.c — libFuzzer target: the binary reader, validator and
 * compiler (wf_module_new) on arbitrary bytes must return a module or a
 * clean error; never crash, hang or leak. Built by tests/fuzz/Makefile. */
#include <stdint.h>
#include <stdlib.h>

#include "weft.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wf_error err;
    wf_module *m = wf_module_new(data, size, &err);
    if (!m)
        return 0;
    /* Walk the reflection API too: names may hold anything. */
    for (size_t i = 0; i < wf_module_import_count(m); i++) {
        const char *mod, *name;
        wf_externkind kind;
        wf_module_import(m, i, &mod, &name, &kind);
    }
    for (size_t i = 0; i < wf_module_export_count(m); i++) {
        const char *name;
        wf_externkind kind;
        wf_module_export(m, i, &name, &kind);
        if (kind == WF_EXTERN_FUNC)
            (void)wf_module_export_functype(m, name);
    }
    wf_module_free(m);
    return 0;
}

/* fuzz_text.c — libFuzzer target for the text format: wat -> wasm must
 * never crash, hang or leak on any input. Not part of the normal build:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude -Isrc \
 *     tests/fuzz/fuzz_text.c src/text/{lex,num,ops,parse,fields,instr}.c src/util/util.c \
 *     -lpthread -o fuzz_text
 *   ./fuzz_text -max_total_time=60 CORPUS_DIR */
#include <stdint.h>
#include <stdlib.h>

#include "weft.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *out = NULL;
    size_t len = 0;
    wf_error err;
    if (wf_wat_to_wasm((const char *)data, size, &out, &len, &err))
        free(out);
    return 0;
}

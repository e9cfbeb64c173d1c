/* fuzz_wast.c — libFuzzer target: the .wast script runner in parse-only
 * mode (every command parsed, modules translated, nothing run: running
 * needs fuel first) must never crash, hang or leak on any text. The runner
 * reads a path, so each input goes through a file in /dev/shm (or /tmp). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "text/text.h"

static char path[64];
static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    snprintf(path, sizeof path, "%s/weft-fuzz-wast-%d.wast",
             access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp", (int)getpid());
    devnull = fopen("/dev/null", "w");
    return devnull ? 0 : 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    txt_script_opts opts = {.parse_only = true};
    unsigned passed = 0, failed = 0;
    txt_script_run(path, &opts, devnull, &passed, &failed);
    return 0;
}

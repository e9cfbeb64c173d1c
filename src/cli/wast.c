/* wast.c — `weft wast FILE...`: run .wast scripts of core modules and
 * components (tests/comp-wast/README.md), one line per failed
 * assertion, then "N passed, M failed". WEFT_WAST_PARSE_ONLY=1 only
 * parses; WEFT_WAST_VERBOSE=1 shows expected vs got for modules that
 * were correctly rejected. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../text/text.h"
#include "cli.h"

static bool env_on(const char *name)
{
    const char *v = getenv(name);
    return v && *v && strcmp(v, "0") != 0;
}

int cli_wast(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: weft wast FILE.wast...\n", stderr);
        return 2;
    }
    txt_script_opts opts = {env_on("WEFT_WAST_PARSE_ONLY"), env_on("WEFT_WAST_VERBOSE")};
    unsigned passed = 0, failed = 0;
    bool readable = true;
    for (int i = 1; i < argc; i++)
        readable &= txt_script_run(argv[i], &opts, stdout, &passed, &failed);
    printf("%u passed, %u failed\n", passed, failed);
    fflush(stdout);
    return failed || !readable ? 1 : 0;
}

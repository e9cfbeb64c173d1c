/* main.c — `weft` subcommand dispatch. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *to)
{
    fputs("usage: weft <command> [options]\n"
          "  run [--dir HOST[::GUEST]] [--env NAME[=VAL]] [--invoke FUNC] FILE [ARGS...]\n"
          "  wast FILE.wast...\n"
          "  inspect FILE\n",
          to);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "run"))
        return cli_run(argc - 1, argv + 1);
    if (!strcmp(cmd, "wast"))
        return cli_wast(argc - 1, argv + 1);
    if (!strcmp(cmd, "inspect"))
        return cli_inspect(argc - 1, argv + 1);
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        usage(stdout);
        return 0;
    }
    /* Like wasmtime, `weft FILE ...` means `weft run FILE ...`. */
    if (cmd[0] != '-' && (strstr(cmd, ".wasm") || strstr(cmd, ".wat")))
        return cli_run(argc, argv);
    fprintf(stderr, "weft: unknown command '%s'\n", cmd);
    usage(stderr);
    return 2;
}

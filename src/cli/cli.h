/* cli.h — the `weft` command's subcommands. Each returns the exit status:
 * the guest's, 1 for a load/link/trap error, 2 for bad usage. */
#ifndef WEFT_CLI_H
#define WEFT_CLI_H

int cli_run(int argc, char **argv);      /* weft run [options] FILE [ARGS...] */
int cli_wast(int argc, char **argv);     /* weft wast FILE.wast... */
int cli_inspect(int argc, char **argv);  /* weft inspect FILE */

#endif

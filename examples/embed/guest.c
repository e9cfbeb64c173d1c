/* guest.c — the WASI command that wasi_run.c runs: it shows what the host
 * configured (arguments, environment, stdin, a preopened directory) and
 * ends as its first argument says: "exit N" (proc_exit N), "trap"
 * (unreachable) or nothing (return 0 from main).
 * Rebuild: clang-16 --target=wasm32-wasi -O2 -s guest.c -o guest.wasm */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    printf("guest: %d argument(s):", argc);
    for (int i = 0; i < argc; i++) printf(" [%s]", argv[i]);
    printf("\nguest: GREETING=%s\n", getenv("GREETING") ? getenv("GREETING") : "(unset)");

    char line[256];
    if (fgets(line, sizeof line, stdin)) printf("guest: stdin says: %s", line);
    else printf("guest: stdin is empty\n");

    FILE *f = fopen("/data/message.txt", "r");
    if (f && fgets(line, sizeof line, f)) printf("guest: /data/message.txt: %s", line);
    else printf("guest: cannot read /data/message.txt\n");
    if (f) fclose(f);
    /* The sandbox: nothing outside the preopen. */
    printf("guest: /etc/passwd is %s\n", fopen("/etc/passwd", "r") ? "readable (bad)" : "out of reach");

    f = fopen("/data/out.txt", "w");
    if (f) { fputs("written by the guest\n", f); fclose(f); }
    fprintf(stderr, "guest: a line on stderr\n");
    fflush(stdout);

    if (argc > 2 && !strcmp(argv[1], "exit")) exit(atoi(argv[2]));
    if (argc > 1 && !strcmp(argv[1], "trap")) __builtin_trap();
    return 0;
}

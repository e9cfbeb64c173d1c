/* Writing to a pipe whose reader has gone: the guest gets EPIPE (as under
 * wasmtime and Node) and the host is not killed by SIGPIPE. Exits 3. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
    static char buf[65536];
    memset(buf, 'x', sizeof buf);
    for (int i = 0; i < 1000; i++) {
        if (write(1, buf, sizeof buf) < 0) {
            fprintf(stderr, "write: %s\n", errno == EPIPE ? "EPIPE" : strerror(errno));
            return 3;
        }
    }
    return 0;
}

/* Reads stdin to the end; prints bytes, lines and a checksum. Exits 7. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    unsigned char buf[4096];
    unsigned long bytes = 0, lines = 0, sum = 0;
    ssize_t n;
    while ((n = read(0, buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++) { sum = sum * 31 + buf[i]; lines += buf[i] == '\n'; }
        bytes += (unsigned long)n;
    }
    printf("bytes=%lu lines=%lu sum=%lu eof=%d\n", bytes, lines, sum & 0xffffffff, n == 0);
    fprintf(stderr, "to stderr\n");
    return 7;
}

/* A symlink swapped during the calls: check.sh flips sandbox/link between
 * "sub" (inside) and ".." (outside) in a tight host loop while this guest
 * opens, stats and creates through it. Nothing outside may ever be
 * reached; "escaped=0" is the verdict. */
#include <stdio.h>
#include <wasi/api.h>

int main(void)
{
    int escaped = 0, inside = 0;
    for (int i = 0; i < 20000; i++) {
        __wasi_fd_t fd;
        __wasi_filestat_t st;
        if (__wasi_path_open(3, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "link/outside.txt", 0,
                             __WASI_RIGHTS_FD_READ, 0, 0, &fd) == 0) {
            escaped++;
            __wasi_fd_close(fd);
        }
        if (__wasi_path_filestat_get(3, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "link/outside.txt", &st) == 0)
            escaped++;
        if (__wasi_path_create_directory(3, "link/made") == 0) {
            /* fine only if it landed inside (sub/made); check.sh verifies */
            __wasi_path_remove_directory(3, "link/made");
        }
        if (__wasi_path_filestat_get(3, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "link/marker", &st) == 0)
            inside++;
    }
    printf("escaped=%d\n", escaped);
    printf("reached inside: %s\n", inside > 0 ? "yes" : "no");
    return 0;
}

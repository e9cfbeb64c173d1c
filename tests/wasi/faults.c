/* Every guest pointer is checked: bad ones give EFAULT (21), never a crash. */
#include <stdint.h>
#include <stdio.h>
#include <wasi/api.h>

#define SHOW(label, expr) printf("%-32s %d\n", label, (int)(expr))

int main(void)
{
    uintptr_t top = __builtin_wasm_memory_size(0) * 65536;
    uint8_t *end = (uint8_t *)top;
    __wasi_size_t n;
    __wasi_ciovec_t good = { (const uint8_t *)"ok\n", 3 };
    __wasi_ciovec_t bad = { end - 2, 100 };
    SHOW("fd_write iovs off the end", __wasi_fd_write(1, (const __wasi_ciovec_t *)(end - 4), 1, &n));
    SHOW("fd_write buffer off the end", __wasi_fd_write(1, &bad, 1, &n));
    SHOW("fd_write result off the end", __wasi_fd_write(1, &good, 1, (__wasi_size_t *)(end - 2)));
    SHOW("fd_write wrapping pointer", __wasi_fd_write(1, (const __wasi_ciovec_t *)0xfffffffc, 1, &n));
    __wasi_iovec_t rbad = { end - 1, 16 };
    SHOW("fd_read buffer off the end", __wasi_fd_read(0, &rbad, 1, &n));
    SHOW("args_sizes_get bad", __wasi_args_sizes_get((__wasi_size_t *)end, &n));
    SHOW("environ_get bad", __wasi_environ_get((uint8_t **)(end - 1), end - 1));
    SHOW("clock_time_get bad", __wasi_clock_time_get(0, 0, (__wasi_timestamp_t *)(end - 7)));
    SHOW("random_get off the end", __wasi_random_get(end - 16, 17));
    SHOW("random_get at the end, 0", __wasi_random_get(end, 0));
    __wasi_fd_t fd;
    SHOW("path_open path at the very end", __wasi_path_open(3, 0, (const char *)(end - 3), 0, 0, 0, 0, &fd));
    SHOW("path_open result off the end", __wasi_path_open(3, 0, ".", 0, 0, 0, 0, (__wasi_fd_t *)end));
    SHOW("fd_readdir buffer off the end", __wasi_fd_readdir(3, end - 10, 100, 0, &n));
    SHOW("fd_prestat_dir_name off the end", __wasi_fd_prestat_dir_name(3, end - 2, 8));
    __wasi_event_t ev;
    SHOW("poll_oneoff subs off the end", __wasi_poll_oneoff((const __wasi_subscription_t *)(end - 40), &ev, 1, &n));
    SHOW("poll_oneoff zero subs", __wasi_poll_oneoff((const __wasi_subscription_t *)&ev, &ev, 0, &n));
    SHOW("clock_time_get bad id", __wasi_clock_time_get(99, 0, (__wasi_timestamp_t *)&ev));
    SHOW("fd_seek bad whence", __wasi_fd_seek(3, 0, 9, (__wasi_filesize_t *)&ev));
    SHOW("fd_readdir on stdout", __wasi_fd_readdir(1, (uint8_t *)&ev, 32, 0, &n));
    printf("still alive\n");
    return 0;
}

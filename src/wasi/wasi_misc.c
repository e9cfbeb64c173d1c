/* wasi_misc.c — clocks, random, poll_oneoff, scheduling and sockets. */
#include "wasi_int.h"

const wasi_def wasi_defs_misc[] = {
    { NULL, NULL, NULL },
};

/* wasi_path.c — sandboxed path resolution and the path_* functions. */
#include "wasi_int.h"

const wasi_def wasi_defs_path[] = {
    { NULL, NULL, NULL },
};

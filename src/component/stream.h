/* stream.h — streams, futures and error contexts of the component model's
 * async ABI (CanonicalABI.md "Buffer State", "Stream State", "Future
 * State" and the stream./future./error-context. built-ins). Their ends are
 * waitables (async.h) in a component instance's handle table; a copy is a
 * rendezvous between a reader's and a writer's buffer, with no buffer of
 * the runtime's own in between. */
#ifndef WEFT_STREAM_H
#define WEFT_STREAM_H

#include "async.h"

/* The core function of one stream./future./error-context. canon definition
 * of inst: t is its (stream T?)/(future T?) type (NULL for error-context),
 * mem and realloc_ the resolved options (NULL when absent). */
wf_func *stream_builtin(wf_store *store, wf_arena *a, comp_inst *inst, const cm_def *canon,
                        comp_type *t, wf_memory *mem, wf_func *realloc_, wf_error *err);

#endif

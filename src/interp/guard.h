/* guard.h — bounds checks by guard pages instead of compares.
 *
 * Every 32-bit memory reserves RT_MEMORY_RESERVE bytes of address space
 * (any i32 address plus any u32 offset plus the access width) and opens
 * only its current size: an out-of-bounds access of the interpreter's
 * memory-0 ops faults inside the reservation. guard.c catches SIGSEGV and
 * SIGBUS and, for such a fault on a thread running guest code, raises
 * the trap as an explicit check would (interp_guard_fault); any other
 * fault goes on to the handler that was there before, or kills as usual.
 *
 * The mode is decided once per process, before any code is compiled or
 * memory made: off when the reservations cannot be had (ulimit -v: the
 * process probes for a few), under sanitizers, with -DWEFT_EXPLICIT_BOUNDS,
 * with switch dispatch, or when the environment sets WEFT_EXPLICIT_BOUNDS
 * to anything but 0 (=0 forces them on without the probe). Off, the op table maps the memory ops to handlers
 * that compare with the size first, as before.
 *
 * An embedder that installs its own SIGSEGV/SIGBUS handler after weft
 * made its choice must pass faults it does not own on to the previous
 * handler (as weft's does), or run with WEFT_EXPLICIT_BOUNDS=1: else a
 * guest's out-of-bounds access reaches that handler instead of trapping. */
#ifndef WEFT_INTERP_GUARD_H
#define WEFT_INTERP_GUARD_H

#include <stdbool.h>

#include "dispatch.h"

#if defined(WEFT_EXPLICIT_BOUNDS) || defined(__SANITIZE_ADDRESS__) || !VM_THREADED
#define WEFT_ALWAYS_CHECK 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define WEFT_ALWAYS_CHECK 1
#endif
#endif
#ifndef WEFT_ALWAYS_CHECK
#define WEFT_ALWAYS_CHECK 0
#endif

/* Whether guard pages stand in for bounds compares (decided on first call). */
bool interp_guarded(void);
/* Per thread, before it runs guest code: an alternate signal stack, so that
 * the handler runs even when the fault is a C stack overflow. */
void interp_guard_thread(void);
/* In interp.c: called by the handler with the fault address; raises the
 * out-of-bounds trap if it is a guest access, else returns. */
void interp_guard_fault(const void *addr);

#endif

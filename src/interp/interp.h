/* interp.h — the interpreter: internal code and how the runtime calls it.
 *
 * The validator (src/valid) compiles each function body into an
 * interp_code; the runtime calls functions through interp_invoke. The
 * layout of interp_code and of the execution stack is private to
 * src/interp and src/valid (the compiler's emit calls are the seam). */
#ifndef WEFT_INTERP_H
#define WEFT_INTERP_H

#include "../runtime/runtime.h"

struct interp_code;   /* defined in src/interp (internal header shared with src/valid) */

void interp_code_free(struct interp_code *code);

/* Call func (guest or host) with wf_val args; on success fill results and
 * return NULL, else return a trap (caller owns it). Re-entrant: a host
 * function may call back into guests. Stack exhaustion is a trap. */
wf_trap *interp_invoke(wf_func *func, const wf_val *args, wf_val *results);

/* Free a store's execution stack. */
void interp_stack_free(struct interp_stack *stack);

#endif

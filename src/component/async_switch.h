/* async_switch.h — switching between C stacks for the async ABI's threads
 * (async.c): a small assembly switch on x86-64 (told to AddressSanitizer
 * when it is on), ucontext elsewhere. */
#ifndef WEFT_ASYNC_SWITCH_H
#define WEFT_ASYNC_SWITCH_H

#include <stdbool.h>
#include <stddef.h>

/* A saved context (the stack pointer, or a ucontext_t), the stack it runs
 * on (for AddressSanitizer; learnt on the first switch for the host's
 * own stack) and what it starts with. */
typedef struct fiber_ctx {
    void *p;
    const void *bottom;
    size_t size;
    void *fake;                /* AddressSanitizer's fake stack while away */
    void (*entry)(void *);
    void *arg;
} fiber_ctx;

/* Make ctx start entry(arg) on the stack [base, base + size) when first
 * switched to; entry never returns (it ends with fiber_exit). */
bool fiber_init(fiber_ctx *ctx, void *base, size_t size, void (*entry)(void *), void *arg);
/* Save the running context in from and continue in to. */
void fiber_switch(fiber_ctx *from, fiber_ctx *to);
/* The same when from never runs again. */
void fiber_exit(fiber_ctx *from, fiber_ctx *to);
/* Release what fiber_init or fiber_switch allocated for ctx. */
void fiber_release(fiber_ctx *ctx);

#endif

/* async_switch.c — see async_switch.h. The x86-64 switch saves what the
 * SysV ABI says a call preserves (rbx, rbp, r12-r15, the stack pointer,
 * the SSE and x87 control words) and nothing else: no signal mask, so no
 * system call per switch as with swapcontext (3 per component call). */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "async_switch.h"

#if defined(__SANITIZE_ADDRESS__)
#define WEFT_FIBER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WEFT_FIBER_ASAN 1
#endif
#endif

/* ---- AddressSanitizer's view of the switches ---------------------------- */

#ifdef WEFT_FIBER_ASAN
#include <sanitizer/common_interface_defs.h>

static _Thread_local fiber_ctx *switching_from;

static void before(fiber_ctx *from, fiber_ctx *to, bool final)
{
    switching_from = from;
    __sanitizer_start_switch_fiber(final ? NULL : &from->fake, to->bottom, to->size);
}

/* In the context switched to: where it came from gets its stack's bounds. */
static void after(fiber_ctx *me)
{
    fiber_ctx *from = switching_from;
    __sanitizer_finish_switch_fiber(me ? me->fake : NULL, &from->bottom, &from->size);
}
#else
static void before(fiber_ctx *from, fiber_ctx *to, bool final) { (void)from; (void)to; (void)final; }
static void after(fiber_ctx *me) { (void)me; }
#endif

static void boot(fiber_ctx *ctx)
{
    after(NULL);
    ctx->entry(ctx->arg);
    abort();   /* entry ends with fiber_exit */
}

#if defined(__x86_64__) && defined(__linux__)

void weft_fiber_swap(void **save_sp, void *new_sp);
void weft_fiber_start(void);

__asm__(
    ".text\n"
    ".globl weft_fiber_swap\n"
    ".hidden weft_fiber_swap\n"
    ".type weft_fiber_swap,@function\n"
    "weft_fiber_swap:\n"
    "  pushq %rbp\n  pushq %rbx\n  pushq %r12\n  pushq %r13\n  pushq %r14\n  pushq %r15\n"
    "  subq $8, %rsp\n  stmxcsr (%rsp)\n  fnstcw 4(%rsp)\n"
    "  movq %rsp, (%rdi)\n"
    "  movq %rsi, %rsp\n"
    "  ldmxcsr (%rsp)\n  fldcw 4(%rsp)\n  addq $8, %rsp\n"
    "  popq %r15\n  popq %r14\n  popq %r13\n  popq %r12\n  popq %rbx\n  popq %rbp\n"
    "  ret\n"
    ".size weft_fiber_swap, .-weft_fiber_swap\n"
    /* First entry: r12 holds the argument, r13 the function. */
    ".globl weft_fiber_start\n"
    ".hidden weft_fiber_start\n"
    ".type weft_fiber_start,@function\n"
    "weft_fiber_start:\n"
    "  movq %r12, %rdi\n"
    "  andq $-16, %rsp\n"
    "  call *%r13\n"
    "  ud2\n"
    ".size weft_fiber_start, .-weft_fiber_start\n");

bool fiber_init(fiber_ctx *ctx, void *base, size_t size, void (*entry)(void *), void *arg)
{
    uintptr_t top = ((uintptr_t)base + size) & ~(uintptr_t)15;
    uint64_t *sp = (uint64_t *)(top - 80);
    uint32_t ctl[2] = { 0x1f80, 0x037f };   /* the default MXCSR and x87 control word */
    *ctx = (fiber_ctx){ .bottom = base, .size = size, .entry = entry, .arg = arg };
    memcpy(&sp[0], ctl, 8);
    sp[1] = 0;                          /* r15 */
    sp[2] = 0;                          /* r14 */
    sp[3] = (uint64_t)(uintptr_t)boot;  /* r13 */
    sp[4] = (uint64_t)(uintptr_t)ctx;   /* r12 */
    sp[5] = 0;                          /* rbx */
    sp[6] = 0;                          /* rbp */
    sp[7] = (uint64_t)(uintptr_t)weft_fiber_start;
    ctx->p = sp;
    return true;
}

void fiber_switch(fiber_ctx *from, fiber_ctx *to)
{
    before(from, to, false);
    weft_fiber_swap(&from->p, to->p);
    after(from);
}

void fiber_exit(fiber_ctx *from, fiber_ctx *to)
{
    before(from, to, true);
    weft_fiber_swap(&from->p, to->p);
    abort();
}

void fiber_release(fiber_ctx *ctx)
{
    ctx->p = NULL;
}

#else

#include <ucontext.h>

/* makecontext passes ints: the context pointer comes in two halves. */
static void start(unsigned lo, unsigned hi)
{
    boot((fiber_ctx *)(((uintptr_t)hi << 32) | lo));
}

bool fiber_init(fiber_ctx *ctx, void *base, size_t size, void (*entry)(void *), void *arg)
{
    ucontext_t *uc = ctx->p ? ctx->p : calloc(1, sizeof *uc);   /* reused when pooled */
    uintptr_t c = (uintptr_t)ctx;
    *ctx = (fiber_ctx){ .p = uc, .bottom = base, .size = size, .entry = entry, .arg = arg };
    if (!uc || getcontext(uc) != 0)
        return false;
    uc->uc_stack.ss_sp = base;
    uc->uc_stack.ss_size = size;
    uc->uc_link = NULL;
    makecontext(uc, (void (*)(void))start, 2, (unsigned)c, (unsigned)(c >> 32));
    return true;
}

void fiber_switch(fiber_ctx *from, fiber_ctx *to)
{
    if (!from->p && !(from->p = calloc(1, sizeof(ucontext_t))))
        abort();   /* no context to come back to: nothing sane is left */
    before(from, to, false);
    swapcontext(from->p, to->p);
    after(from);
}

void fiber_exit(fiber_ctx *from, fiber_ctx *to)
{
    before(from, to, true);
    setcontext(to->p);
    abort();
}

void fiber_release(fiber_ctx *ctx)
{
    free(ctx->p);
    ctx->p = NULL;
}

#endif

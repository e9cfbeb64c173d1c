/* dispatch.h — how the interpreter loop dispatches, in one place.
 *
 * Three builds of the same handler source (interp.c, *.inc):
 *
 * - Tail calls (clang >= 19; off with -DWEFT_NO_TAILCALL): each handler
 *   is its own small function with clang's preserve_none convention and
 *   ends in a guaranteed tail call (musttail) of the next instruction's
 *   handler, so the interpreter state (VM_PARAMS, interp.c: pc, fp, the
 *   memory-0 base...) stays in argument registers along the whole chain
 *   and every handler gets its own register allocation and code layout.
 *   VM_CASE(name) closes the previous handler's function and opens
 *   h_NAME's, so the handler bodies read as in the other two builds.
 * - Direct threading with GNU C's computed goto (gcc): one function,
 *   each handler a label, each instruction's first word its address.
 * - Otherwise (or with -DWEFT_SWITCH_DISPATCH) the first word is the op
 *   number and a switch dispatches.
 *
 * Cross-handler code: VM_SHARED(x) { ... } is a shared slow path with no
 * state beyond VM_PARAMS (a label, or the function hs_x), reached by
 * VM_GOTO_SHARED(x); VM_GOTO_OP(op) continues in op's handler, pc
 * already at an instruction of that op; a path that needs a handler's locals (a call's callee) is
 * a macro PATH_x(): VM_PATH_DEF(x) places it once for goto/switch
 * builds, VM_GOTO_PATH(x) reaches it (a goto, or the code inline in a
 * tail-call build), VM_PATH(x) places it inline at the end of a handler
 * in every build and labels it for the others' gotos. */
#ifndef WEFT_INTERP_DISPATCH_H
#define WEFT_INTERP_DISPATCH_H

/* -DWEFT_PROFILE_OPS: a counting build (switch dispatch) that prints the
 * most frequent ops and op pairs at exit (profile.c), to find fusions. */
#ifdef WEFT_PROFILE_OPS
#ifndef WEFT_SWITCH_DISPATCH
#define WEFT_SWITCH_DISPATCH 1
#endif
void interp_prof_hit(int op);
#define VM_PROF(op) interp_prof_hit(op)
#else
#define VM_PROF(op) ((void)0)
#endif

/* Not under sanitizers: clang-19's backend aborts on an ASan frame in a
 * preserve_none function ("stack realignment in presence of dynamic
 * allocas"); such builds take the goto loop, as they take explicit
 * bounds checks (guard.h). */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define VM_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) || \
    __has_feature(thread_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define VM_SANITIZED 1
#endif
#endif
#if !defined(WEFT_NO_TAILCALL) && !defined(WEFT_SWITCH_DISPATCH) && !defined(VM_SANITIZED) && \
    defined(__has_attribute) && (defined(__x86_64__) || defined(__aarch64__))
#if __has_attribute(musttail) && __has_attribute(preserve_none)
#define VM_TAILCALL 1
#endif
#endif
#ifndef VM_TAILCALL
#define VM_TAILCALL 0
#endif
/* Register forwarding (code.h): a value passed from handler to handler
 * in an argument register needs the tail-call build. */
#define VM_ACC VM_TAILCALL

#if VM_TAILCALL
#define VM_GOTO 0
#define VM_THREADED 1   /* first words are handler addresses */
#define VM_CC __attribute__((preserve_none))
/* vm_handler: typedef VM_CC void (*vm_handler)(VM_PARAMS), in interp.c
 * next to VM_PARAMS. */
#define VM_HANDLER(fn) VM_CC void fn(VM_PARAMS)
#define VM_TAIL(fn) __attribute__((musttail)) return (fn)(VM_ARGS)
#define VM_DISPATCH() VM_TAIL(((vm_handler)pc->h))
/* A handler that falls off its end (no NEXT/JUMP/TRAP) is a bug: trap. */
#define VM_CASE(name) __builtin_trap(); } static VM_HANDLER(h_##name) { VM_PROLOGUE
#define VM_ADDR(name) ((const void *)h_##name)
#define VM_LOOP_BEGIN ((vm_handler)pc->h)(VM_ARGS); return; } \
    __attribute__((unused)) static void vm_first_(void) {
#define VM_LOOP_END __builtin_trap();
#define VM_SHARED(x) __builtin_trap(); } static VM_HANDLER(hs_##x) { VM_PROLOGUE
#define VM_GOTO_SHARED(x) VM_TAIL(hs_##x)
#define VM_GOTO_OP(name) VM_TAIL(h_##name)
#define VM_PATH_DEF(x)
#define VM_GOTO_PATH(x) PATH_##x()
#define VM_PATH(x) PATH_##x()
#elif defined(__GNUC__) && !defined(WEFT_SWITCH_DISPATCH)
#define VM_GOTO 1
#define VM_THREADED 1
#define VM_DISPATCH() goto *pc->h
#define VM_CASE(name) L_##name:
#define VM_ADDR(name) &&L_##name
#define VM_LOOP_BEGIN VM_DISPATCH(); {
#define VM_LOOP_END }
#else
#define VM_GOTO 0
#define VM_THREADED 0
#define VM_DISPATCH() goto vm_dispatch
#define VM_CASE(name) case OP_##name:
#define VM_LOOP_BEGIN vm_dispatch: VM_PROF((int)pc->u); switch ((int)pc->u) {
#define VM_LOOP_END default: abort(); }
#endif

#if !VM_TAILCALL
#define VM_SHARED(x) x:
#define VM_GOTO_SHARED(x) goto x
#define VM_PATH_DEF(x) x: PATH_##x()
#define VM_GOTO_PATH(x) goto x
#define VM_PATH(x) x: PATH_##x()
#endif
#if VM_GOTO
#define VM_GOTO_OP(name) goto L_##name
#elif !VM_TAILCALL
#define VM_GOTO_OP(name) VM_DISPATCH()   /* pc is at that op */
#endif

/* Immediate i (0-based) of the current instruction, and advance past an
 * instruction with k immediates. */
#define IMM(i) (pc[(i) + 1].u)
#define NEXT(k) do { pc += (k) + 1; VM_DISPATCH(); } while (0)

#endif

/* dispatch.h — how the interpreter loop dispatches, in one place.
 *
 * With GNU C, direct threading: each instruction's first word is the
 * address of its handler label and every handler ends by jumping to the
 * next one. Otherwise (or with -DWEFT_SWITCH_DISPATCH) the first word is
 * the op number and a switch dispatches. The loop reads the same way. */
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

#if defined(__GNUC__) && !defined(WEFT_SWITCH_DISPATCH)
#define VM_GOTO 1
#define VM_DISPATCH() goto *pc->h
#define VM_CASE(name) L_##name:
#define VM_LOOP_BEGIN VM_DISPATCH(); {
#define VM_LOOP_END }
#else
#define VM_GOTO 0
#define VM_DISPATCH() goto vm_dispatch
#define VM_CASE(name) case OP_##name:
#define VM_LOOP_BEGIN vm_dispatch: VM_PROF((int)pc->u); switch ((int)pc->u) {
#define VM_LOOP_END default: abort(); }
#endif

/* Immediate i (0-based) of the current instruction, and advance past an
 * instruction with k immediates. */
#define IMM(i) (pc[(i) + 1].u)
#define NEXT(k) do { pc += (k) + 1; VM_DISPATCH(); } while (0)

#endif

/* vm.c — a small register-based bytecode interpreter in the style of Lua's
 * VM (32-bit instructions, switch dispatch, call frames on a register
 * stack) running a script of a sieve, Collatz walks and recursive fib.
 * Dispatch-heavy, like running a Lua program. Size = script rounds. */
#include "common.h"

enum op { LOADK, MOV, ADD, SUB, MUL, AND, SHR, ADDI, LT, JMP, JZ, JNZ,
          GETA, SETA, CALL, RET };

#define INS(o, a, b, c) ((uint32_t)(o) | (uint32_t)(a) << 8 | (uint32_t)(b) << 16 | (uint32_t)(c) << 24)
#define OP(i) ((i) & 0xff)
#define A(i) (((i) >> 8) & 0xff)
#define B(i) (((i) >> 16) & 0xff)
#define C(i) ((i) >> 24)
#define SBX(i) ((int16_t)((i) >> 16))

enum { MAXCODE = 512, NFUNC = 4, REGS = 1 << 16, HEAP = 1 << 15, MAXDEPTH = 4096 };

typedef struct { uint32_t code[MAXCODE]; int n; } func;
static func F[NFUNC];
static func *cur;

/* ---- a tiny assembler --------------------------------------------- */

static int here(void) { return cur->n; }
static void emit(int o, int a, int b, int c) { cur->code[cur->n++] = INS(o, a, b, c); }
static void emitk(int o, int a, int k) { cur->code[cur->n++] = (uint32_t)o | (uint32_t)a << 8 | (uint32_t)(uint16_t)k << 16; }
/* jump relative to the instruction after the jump */
static void jump_to(int o, int a, int target) { emitk(o, a, target - (here() + 1)); }
static int jump_fwd(int o, int a) { emitk(o, a, 0); return here() - 1; }
static void patch(int at)
{
    int off = here() - (at + 1);
    cur->code[at] = (cur->code[at] & 0xffff) | (uint32_t)(uint16_t)off << 16;
}

enum { F_MAIN, F_FIB, F_SIEVE, F_COLLATZ };

static void build_fib(void)  /* r0 = n */
{
    cur = &F[F_FIB];
    emitk(LOADK, 1, 2);
    emit(LT, 2, 0, 1);
    int rec = jump_fwd(JZ, 2);
    emit(RET, 0, 0, 0);
    patch(rec);
    emit(ADDI, 4, 0, (uint8_t)-1);
    emit(CALL, 3, F_FIB, 0);
    emit(ADDI, 6, 0, (uint8_t)-2);
    emit(CALL, 5, F_FIB, 0);
    emit(ADD, 3, 3, 5);
    emit(RET, 3, 0, 0);
}

static void build_sieve(void)  /* r0 = n; returns the number of primes < n */
{
    cur = &F[F_SIEVE];
    emitk(LOADK, 1, 0);
    emitk(LOADK, 3, 1);
    int l1 = here();
    emit(LT, 2, 1, 0);
    int e1 = jump_fwd(JZ, 2);
    emit(SETA, 1, 3, 0);
    emit(ADDI, 1, 1, 1);
    jump_to(JMP, 0, l1);
    patch(e1);
    emitk(LOADK, 1, 2);
    emitk(LOADK, 4, 0);
    emitk(LOADK, 7, 0);
    int l2 = here();
    emit(LT, 2, 1, 0);
    int e2 = jump_fwd(JZ, 2);
    emit(GETA, 5, 1, 0);
    int skip = jump_fwd(JZ, 5);
    emit(ADDI, 4, 4, 1);
    emit(MUL, 6, 1, 1);
    int l3 = here();
    emit(LT, 2, 6, 0);
    int e3 = jump_fwd(JZ, 2);
    emit(SETA, 6, 7, 0);
    emit(ADD, 6, 6, 1);
    jump_to(JMP, 0, l3);
    patch(e3);
    patch(skip);
    emit(ADDI, 1, 1, 1);
    jump_to(JMP, 0, l2);
    patch(e2);
    emit(RET, 4, 0, 0);
}

static void build_collatz(void)  /* r0 = k; total steps for 1..k */
{
    cur = &F[F_COLLATZ];
    emitk(LOADK, 1, 1);
    emitk(LOADK, 2, 0);
    emitk(LOADK, 5, 1);
    emitk(LOADK, 8, 3);
    int outer = here();
    emit(LT, 3, 0, 1);
    int done = jump_fwd(JNZ, 3);
    emit(MOV, 4, 1, 0);
    int inner = here();
    emit(LT, 3, 5, 4);
    int next = jump_fwd(JZ, 3);
    emit(AND, 7, 4, 5);
    int even = jump_fwd(JZ, 7);
    emit(MUL, 4, 4, 8);
    emit(ADDI, 4, 4, 1);
    int cont = jump_fwd(JMP, 0);
    patch(even);
    emit(SHR, 4, 4, 5);
    patch(cont);
    emit(ADDI, 2, 2, 1);
    jump_to(JMP, 0, inner);
    patch(next);
    emit(ADDI, 1, 1, 1);
    jump_to(JMP, 0, outer);
    patch(done);
    emit(RET, 2, 0, 0);
}

static void build_main(void)  /* r0 = rounds */
{
    cur = &F[F_MAIN];
    emitk(LOADK, 1, 0);
    emitk(LOADK, 2, 0);
    int loop = here();
    emit(LT, 3, 1, 0);
    int end = jump_fwd(JZ, 3);
    emitk(LOADK, 5, 12000);
    emit(CALL, 4, F_SIEVE, 0);
    emit(ADD, 2, 2, 4);
    emitk(LOADK, 5, 1500);
    emit(CALL, 4, F_COLLATZ, 0);
    emit(ADD, 2, 2, 4);
    emitk(LOADK, 5, 17);
    emit(CALL, 4, F_FIB, 0);
    emit(ADD, 2, 2, 4);
    emit(ADD, 2, 2, 1);
    emit(ADDI, 1, 1, 1);
    jump_to(JMP, 0, loop);
    patch(end);
    emit(RET, 2, 0, 0);
}

/* ---- the interpreter ---------------------------------------------- */

typedef struct { const uint32_t *pc; int64_t *base; int ret; } frame;

static int64_t run(int64_t *regs, int64_t *heap, int64_t arg)
{
    static frame stack[MAXDEPTH];
    int depth = 0;
    const uint32_t *pc = F[F_MAIN].code;
    int64_t *r = regs;
    r[0] = arg;
    for (;;) {
        uint32_t i = *pc++;
        switch (OP(i)) {
        case LOADK: r[A(i)] = SBX(i); break;
        case MOV: r[A(i)] = r[B(i)]; break;
        case ADD: r[A(i)] = r[B(i)] + r[C(i)]; break;
        case SUB: r[A(i)] = r[B(i)] - r[C(i)]; break;
        case MUL: r[A(i)] = r[B(i)] * r[C(i)]; break;
        case AND: r[A(i)] = r[B(i)] & r[C(i)]; break;
        case SHR: r[A(i)] = r[B(i)] >> (r[C(i)] & 63); break;
        case ADDI: r[A(i)] = r[B(i)] + (int8_t)C(i); break;
        case LT: r[A(i)] = r[B(i)] < r[C(i)]; break;
        case JMP: pc += SBX(i); break;
        case JZ: if (!r[A(i)]) pc += SBX(i); break;
        case JNZ: if (r[A(i)]) pc += SBX(i); break;
        case GETA: r[A(i)] = heap[r[B(i)] & (HEAP - 1)]; break;
        case SETA: heap[r[A(i)] & (HEAP - 1)] = r[B(i)]; break;
        case CALL:
            if (depth == MAXDEPTH || r + 2 * A(i) + 300 > regs + REGS) {
                printf("vm: stack overflow\n");
                exit(1);
            }
            stack[depth].pc = pc;
            stack[depth].base = r;
            stack[depth].ret = A(i);
            depth++;
            r += A(i) + 1;
            pc = F[B(i)].code;
            break;
        case RET: {
            int64_t v = r[A(i)];
            if (depth == 0)
                return v;
            depth--;
            pc = stack[depth].pc;
            r = stack[depth].base;
            r[stack[depth].ret] = v;
            break;
        }
        default:
            printf("vm: bad opcode %u\n", OP(i));
            exit(1);
        }
    }
}

int main(int argc, char **argv)
{
    long rounds = bench_size(argc, argv, 500);
    build_fib();
    build_sieve();
    build_collatz();
    build_main();
    int64_t *regs = bench_alloc(sizeof(int64_t) * REGS);
    int64_t *heap = bench_alloc(sizeof(int64_t) * HEAP);
    int64_t v = run(regs, heap, rounds);
    printf("vm rounds=%ld result=%lld\n", rounds, (long long)v);
    return 0;
}

/* fuzz_run.c — libFuzzer target: instantiate and run valid modules.
 * The input is a module (seeds are binaryen translate-to-fuzz output, whose
 * loops and calls count down a "hangLimit" global). Imports get harmless
 * stand-ins; every export is called with zero arguments.
 *
 * There is no fuel yet, so a mutated module may loop forever or take
 * seconds (memory.fill of gigabytes). A module whose bodies could loop or
 * recurse is first run in a forked child under alarm(): if the child
 * times out or is slow the input is skipped; otherwise (it finished, or it
 * crashed) it is run again in-process, where coverage and sanitizer
 * reports count. */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fuzz_util.h"

static void run_module(const wf_module *m)
{
    wf_store *store = wf_store_new();
    if (!store)
        return;
    wf_extern *imports = fz_stub_imports(store, m, NULL);
    if (imports) {
        wf_error err;
        wf_instance *inst = wf_instance_new(store, m, imports, m->nimports, &err);
        if (inst)
            fz_run_exports(inst, 64);
        free(imports);
    }
    wf_store_free(store);
}

/* Could any body loop or call? Scans raw bytes: a false "yes" only costs a
 * fork. Opcodes: loop 0x03, call 0x10, call_indirect 0x11, tail calls
 * 0x12/0x13, call_ref 0x14. */
static bool may_run_long(const wf_module *m)
{
    for (uint32_t f = 0; f < m->nfuncs; f++)
        for (size_t i = 0; i < m->funcs[f].code_len; i++) {
            uint8_t b = m->funcs[f].code[i];
            if (b == 0x03 || (b >= 0x10 && b <= 0x14))
                return true;
        }
    return false;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* True if the module should run in-process. */
static bool probe(const wf_module *m)
{
    double t0 = now_ms();
    pid_t pid = fork();
    if (pid < 0)
        return false;
    if (pid == 0) {
        /* libFuzzer's own SIGALRM handler (its -timeout) would ignore ours. */
        signal(SIGALRM, SIG_DFL);
        alarm(1);
        run_module(m);
        _exit(0);
    }
    /* Reap the child whatever happens: libFuzzer's timer interrupts
     * waitpid, and a child left running would spin forever. */
    int st = 0;
    while (waitpid(pid, &st, 0) < 0) {
        if (errno != EINTR)
            return false;
        if (now_ms() - t0 > 3000)
            kill(pid, SIGKILL);
    }
    if (WIFSIGNALED(st) && (WTERMSIG(st) == SIGALRM || WTERMSIG(st) == SIGKILL))
        return false;  /* a hang: needs fuel to test in-process */
    if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
        return now_ms() - t0 < 300;  /* slow modules cost too many execs */
    return true;  /* it crashed: crash again here, where it counts */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wf_error err;
    wf_module *m = wf_module_new(data, size, &err);
    if (!m)
        return 0;
    if (!may_run_long(m) || probe(m))
        run_module(m);
    wf_module_free(m);
    return 0;
}

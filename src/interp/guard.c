/* guard.c — the guard-page mode and its signal handler (see guard.h). */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "guard.h"
#include "interp.h"

/* Reservations the probe asks for at once (512 GiB of PROT_NONE address
 * space, which costs nothing): if that much cannot be had (ulimit -v,
 * valgrind), the process keeps compares rather than failing to make
 * memories later, since with guard pages a memory cannot fall back to a
 * smaller reservation. */
#define PROBE_MEMORIES 64

static bool guarded;
static pthread_once_t decided = PTHREAD_ONCE_INIT;
#if !WEFT_ALWAYS_CHECK
/* Builds that always compare (switch dispatch, ASan, explicit bounds)
 * have no handler: none of this is compiled there. */
static struct sigaction old_segv, old_bus;

/* Not a guest access: pass the signal on as if we had not been here. */
static void pass_on(int sig, siginfo_t *si, void *uc) {
    struct sigaction *old = sig == SIGSEGV ? &old_segv : &old_bus;
    if ((old->sa_flags & SA_SIGINFO) && old->sa_sigaction) {
        old->sa_sigaction(sig, si, uc);
        return;
    }
    if (!(old->sa_flags & SA_SIGINFO) && old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN) {
        old->sa_handler(sig);
        return;
    }
    /* Default action: put it back and return; the access faults again
     * and the process ends as it would have without us. */
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, NULL);
}

static void on_fault(int sig, siginfo_t *si, void *uc) {
    interp_guard_fault(si->si_addr);   /* does not return for a guest access */
    pass_on(sig, si, uc);
}

static bool probe(void) {
    size_t bytes = (size_t)RT_MEMORY_RESERVE * PROBE_MEMORIES;
    void *p = mmap(NULL, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) return false;
    munmap(p, bytes);
    return true;
}

static void decide(void) {
    const char *env = getenv("WEFT_EXPLICIT_BOUNDS");
    if (env && *env && strcmp(env, "0") != 0) return;
    /* WEFT_EXPLICIT_BOUNDS=0 skips the probe (to measure under valgrind). */
    if (sizeof(void *) < 8 || (!(env && *env) && !probe())) return;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    /* SA_NODEFER: the trap leaves the handler by longjmp, which does not
     * restore the signal mask; the signal must not stay blocked. */
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGSEGV, &sa, &old_segv) != 0) return;
    if (sigaction(SIGBUS, &sa, &old_bus) != 0) {
        sigaction(SIGSEGV, &old_segv, NULL);
        return;
    }
    guarded = true;
}
#else
static void decide(void) {}
#endif

bool interp_guarded(void) {
    pthread_once(&decided, decide);
    return guarded;
}

/* ---- per-thread alternate signal stack ---- */

static pthread_key_t altstack_key;
static pthread_once_t altstack_once = PTHREAD_ONCE_INIT;
static _Thread_local bool thread_ready;

static void altstack_free(void *mem) {
    stack_t off;
    memset(&off, 0, sizeof off);
    off.ss_flags = SS_DISABLE;
    sigaltstack(&off, NULL);
    free(mem);
}

static void altstack_key_make(void) { (void)pthread_key_create(&altstack_key, altstack_free); }

void interp_guard_thread(void) {
    if (thread_ready || !interp_guarded()) return;
    thread_ready = true;
    stack_t cur;
    if (sigaltstack(NULL, &cur) == 0 && !(cur.ss_flags & SS_DISABLE)) return;  /* the host's own */
    pthread_once(&altstack_once, altstack_key_make);
    size_t size = 64 << 10;
    stack_t ss;
    memset(&ss, 0, sizeof ss);
    ss.ss_sp = malloc(size);
    ss.ss_size = size;
    if (!ss.ss_sp) return;   /* the handler then runs on the thread's stack */
    if (sigaltstack(&ss, NULL) != 0 || pthread_setspecific(altstack_key, ss.ss_sp) != 0) {
        altstack_free(ss.ss_sp);
        return;
    }
}

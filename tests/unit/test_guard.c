/* test_guard.c — out-of-bounds accesses left to guard pages
 * (src/interp/guard.h): they trap as explicit checks would, with a
 * backtrace, the store stays usable, on several threads at once and in
 * nested host -> guest calls; faults that are not guest accesses (host
 * code touching the reservation, a stray pointer) still kill the process.
 * Runs again in a fresh process with WEFT_EXPLICIT_BOUNDS=1 (compares). */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "weft.h"
#include "interp/guard.h"

static int failures;

#define CHECK(cond) do { if (!(cond)) { failures++; \
    fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); } } while (0)

static const char wat[] =
    "(module (import \"host\" \"poke\" (func $poke (param i32)))\n"
    "  (memory (export \"mem\") 1)\n"
    "  (func $ld (export \"load\") (param i32) (result i32) (i32.load (local.get 0)))\n"
    "  (func (export \"store\") (param i32 i32) (i32.store (local.get 0) (local.get 1)))\n"
    "  (func (export \"deep\") (param i32) (result i32) (call $ld (local.get 0)))\n"
    "  (func (export \"poke\") (param i32) (call $poke (local.get 0))))";

static wf_val i32(int32_t x) { wf_val v; memset(&v, 0, sizeof v); v.kind = WF_I32; v.of.i32 = x; return v; }

static wf_func *export_func(wf_instance *inst, const char *name) {
    wf_extern e;
    if (!wf_instance_export(inst, name, &e) || e.kind != WF_EXTERN_FUNC) return NULL;
    return e.of.func;
}

/* poke(a): a >= 0 calls the guest's load(a) (nested guest trap);
 * a < 0 writes the guest memory at -a from host code, no bounds check. */
static wf_trap *poke(wf_caller *caller, void *env, const wf_val *args, wf_val *results) {
    (void)env; (void)results;
    int32_t a = args[0].of.i32;
    if (a < 0) {
        volatile uint8_t *p = wf_memory_data(wf_caller_memory(caller));
        p[-(int64_t)a] = 1;
        return NULL;
    }
    wf_val arg = i32(a), r;
    return wf_func_call(export_func(wf_caller_instance(caller), "load"), &arg, 1, &r, 1);
}

typedef struct world { wf_module *m; wf_store *store; wf_instance *inst; } world;

static bool world_new(world *w) {
    wf_error err;
    uint8_t *bin; size_t len;
    if (!wf_wat_to_wasm(wat, sizeof wat - 1, &bin, &len, &err)) return false;
    w->m = wf_module_new(bin, len, &err);
    free(bin);
    if (!w->m) return false;
    w->store = wf_store_new();
    uint8_t p[] = { WF_I32 };
    wf_functype ty = { 1, 0, p, NULL };
    wf_extern imp = { WF_EXTERN_FUNC, { .func = wf_func_new_host(w->store, &ty, poke, NULL, NULL) } };
    w->inst = wf_instance_new(w->store, w->m, &imp, 1, &err);
    return w->inst != NULL;
}

static void world_free(world *w) { wf_store_free(w->store); wf_module_free(w->m); }

/* The call's trap, if any; *out gets the i32 result of load and deep. */
static wf_trap *call1(world *w, const char *name, int32_t a, int32_t *out) {
    wf_val arg = i32(a), r;
    size_t nres = strcmp(name, "poke") != 0;
    wf_trap *t = wf_func_call(export_func(w->inst, name), &arg, 1, &r, nres);
    if (!t && out) *out = r.of.i32;
    return t;
}

static bool is_oob(wf_trap *t) {
    bool ok = t && wf_trap_code(t) == WF_TRAP_MEMORY_OOB &&
              strcmp(wf_trap_message(t), "out of bounds memory access") == 0;
    if (t) wf_trap_free(t);
    return ok;
}

static void basics(void) {
    world w;
    CHECK(world_new(&w));
    int32_t v = -1;
    wf_val a[2] = { i32(65532), i32(0x1234) };
    CHECK(!wf_func_call(export_func(w.inst, "store"), a, 2, NULL, 0));
    CHECK(!call1(&w, "load", 65532, &v) && v == 0x1234);
    for (int i = 0; i < 3; i++) {   /* traps leave the store usable */
        CHECK(is_oob(call1(&w, "load", 65533, NULL)));
        CHECK(is_oob(call1(&w, "load", -4, NULL)));
        a[0] = i32(65535);
        CHECK(is_oob(wf_func_call(export_func(w.inst, "store"), a, 2, NULL, 0)));
        CHECK(!call1(&w, "load", 65532, &v) && v == 0x1234);
    }
    wf_trap *t = call1(&w, "deep", 70000, NULL);
    /* innermost first: $ld, then deep (func 3: its export name is not kept) */
    CHECK(t && strcmp(wf_trap_backtrace(t), "ld\n<func 3>\n") == 0);
    CHECK(is_oob(t));
    /* guest -> host -> guest trap: the inner trap comes out of the outer call */
    CHECK(is_oob(call1(&w, "poke", 65536, NULL)));
    CHECK(!call1(&w, "poke", 16, NULL));
    CHECK(!call1(&w, "load", 16, &v) && v == 0);
    world_free(&w);
}

static void *thread_body(void *arg) {
    world w;
    int *bad = arg;
    if (!world_new(&w)) { (*bad)++; return NULL; }
    for (int i = 0; i < 500; i++) {
        int32_t v;
        if (!is_oob(call1(&w, "load", 65536 + i, NULL))) (*bad)++;
        if (call1(&w, "load", i * 4, &v) || v != 0) (*bad)++;
    }
    world_free(&w);
    return NULL;
}

static void threads(void) {
    pthread_t th[4];
    int bad[4] = { 0 };
    for (int i = 0; i < 4; i++) CHECK(pthread_create(&th[i], NULL, thread_body, &bad[i]) == 0);
    for (int i = 0; i < 4; i++) { pthread_join(th[i], NULL); CHECK(bad[i] == 0); }
}

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZER 1   /* its SEGV handler reports and exits 1 instead */
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZER 1
#endif
#endif
#ifndef SANITIZER
#define SANITIZER 0
#endif

/* Run fn in a child; it must die of SIGSEGV or SIGBUS, never return. */
static void dies(void (*fn)(void), const char *what) {
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) { fn(); _exit(0); }
    int st = 0;
    waitpid(pid, &st, 0);
    bool ok = WIFSIGNALED(st) && (WTERMSIG(st) == SIGSEGV || WTERMSIG(st) == SIGBUS);
    if (SANITIZER && WIFEXITED(st) && WEXITSTATUS(st) == 1) ok = true;
    if (!ok) fprintf(stderr, "%s: status %#x, want death by SIGSEGV\n", what, st);
    CHECK(ok);
}

static void host_fault(void) {
    signal(SIGABRT, SIG_DFL);
    world w;
    if (!world_new(&w)) _exit(2);
    wf_trap *t = call1(&w, "poke", -70000, NULL);   /* host writes past the size */
    (void)t;
    _exit(3);
}

static void stray_pointer(void) {
    world w;
    if (!world_new(&w)) _exit(2);
    volatile uintptr_t addr = 16;   /* volatile: no compile-time warning */
    *(volatile int *)addr = 1;
    _exit(3);
}

int main(int argc, char **argv) {
    bool explicit_run = argc > 1 && strcmp(argv[1], "explicit") == 0;
    bool guarded = interp_guarded();
    if (explicit_run) CHECK(!guarded);
    printf("test_guard: %s\n", guarded ? "guard pages" : "explicit bounds checks");
    basics();
    threads();
    dies(host_fault, "host write past the memory's size");
    dies(stray_pointer, "stray pointer");
    if (!explicit_run) {
        /* Again in a fresh process with compares. */
        fflush(NULL);
        pid_t pid = fork();
        if (pid == 0) {
            setenv("WEFT_EXPLICIT_BOUNDS", "1", 1);
            execl("/proc/self/exe", argv[0], "explicit", (char *)NULL);
            _exit(127);
        }
        int st = 0;
        waitpid(pid, &st, 0);
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    }
    if (failures) fprintf(stderr, "test_guard%s: %d failures\n", explicit_run ? " (explicit)" : "", failures);
    return failures ? 1 : 0;
}

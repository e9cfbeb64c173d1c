/* threads.c — wasi-threads: the `wasi` `thread-spawn` import.
 *
 * Each spawned thread gets its own store (a store is single-threaded) and
 * a new instance of the same immutable module, linked to the same shared
 * memory and the same wasi_ctx, then runs the export
 * wasi_thread_start(tid, start_arg) on a detached OS thread.
 *
 * The instance is made in the spawning thread, so that a module that
 * cannot be instantiated gives thread-spawn a negative result rather than
 * a dead thread. The shared memory is reference-counted (rt_memory_ref):
 * it outlives the main store until every thread has let go of it.
 *
 * As the proposal says, proc_exit in any thread ends the process with its
 * code and a trap in any thread ends it with failure; those end it here,
 * from the thread that saw them. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../binary/binary.h"
#include "../runtime/runtime.h"
#include "../util/util.h"
#include "wasi.h"

#define TID_LIMIT ((uint32_t)1 << 29)

struct wasi_threads {
    wasi_ctx *ctx;
    const wf_module *module;
    const bin_import *mem_import;   /* the module's shared memory import, or NULL */
    wf_memory *mem;                 /* made by the host; one reference ours */
    uint32_t max_threads;
    uint32_t live;                  /* threads running or being spawned */
    uint32_t next_tid;
    pthread_mutex_t lock;           /* wasi_link grows the ctx's entry list */
    void (*on_store)(wf_store *store, void *arg);   /* each new thread's store */
    void *on_store_arg;
};

typedef struct worker {
    wasi_threads *t;
    wf_store *store;
    wf_func *start;
    int32_t tid, arg;
} worker;

static const uint8_t spawn_params[1] = { WF_I32 };
static const uint8_t spawn_results[1] = { WF_I32 };
static const wf_functype spawn_type = { 1, 1, spawn_params, spawn_results };

static const bin_import *shared_memory_import(const wf_module *m)
{
    for (uint32_t i = 0; i < m->nimports; i++)
        if (m->imports[i].kind == WF_EXTERN_MEMORY && m->imports[i].of.memory.limits.shared)
            return &m->imports[i];
    return NULL;
}

bool wasi_threads_wanted(const wf_module *m)
{
    if (shared_memory_import(m))
        return true;
    for (uint32_t i = 0; i < m->nimports; i++)
        if (m->imports[i].kind == WF_EXTERN_FUNC && !strcmp(m->imports[i].module, "wasi") &&
            !strcmp(m->imports[i].name, "thread-spawn"))
            return true;
    return false;
}

wasi_threads *wasi_threads_new(wasi_ctx *ctx, const wf_module *module, uint32_t max_threads)
{
    wasi_threads *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->ctx = ctx;
    t->module = module;
    t->mem_import = shared_memory_import(module);
    t->max_threads = max_threads;
    t->next_tid = 1;
    pthread_mutex_init(&t->lock, NULL);
    return t;
}

void wasi_threads_on_store(wasi_threads *t, void (*fn)(wf_store *store, void *arg), void *arg)
{
    t->on_store = fn;
    t->on_store_arg = arg;
}

uint32_t wasi_threads_live(wasi_threads *t)
{
    return t ? __atomic_load_n(&t->live, __ATOMIC_ACQUIRE) : 0;
}

void wasi_threads_free(wasi_threads *t)
{
    if (!t)
        return;
    if (t->mem)
        rt_memory_release(t->mem);
    pthread_mutex_destroy(&t->lock);
    free(t);
}

/* ---- ending the process ---- */

static _Noreturn void end_process(int status)
{
    fflush(stdout);
    fflush(stderr);
    _exit(status);
}

/* A thread's wasi_thread_start ended with `trap`: proc_exit's code, or
 * failure after the message (as `weft run` prints a trap). */
static _Noreturn void end_with_trap(wf_trap *trap)
{
    int code;
    if (wf_trap_exit_code(trap, &code))
        end_process(code);
    fprintf(stderr, "Error: %s\n", wf_trap_message(trap));
    const char *bt = wf_trap_backtrace(trap);
    if (*bt)
        fprintf(stderr, "%s%s", bt, bt[strlen(bt) - 1] == '\n' ? "" : "\n");
    end_process(1);
}

/* ---- spawning ---- */

static void *thread_main(void *p)
{
    worker *w = p;
    wasi_threads *t = w->t;
    wf_val args[2] = { { .kind = WF_I32, .of.i32 = w->tid }, { .kind = WF_I32, .of.i32 = w->arg } };
    wf_trap *trap = wf_func_call(w->start, args, 2, NULL, 0);
    if (trap)
        end_with_trap(trap);
    wf_store_free(w->store);
    if (t->mem)
        rt_memory_release(t->mem);
    free(w);
    /* Last: after this the main thread may free t. */
    __atomic_sub_fetch(&t->live, 1, __ATOMIC_ACQ_REL);
    return NULL;
}

/* A new store with an instance of the module; NULL if it cannot be made. */
static wf_func *instantiate(wasi_threads *t, wf_store *store)
{
    if (t->on_store)
        t->on_store(store, t->on_store_arg);
    wf_linker *linker = wf_linker_new(store);
    if (!linker)
        return NULL;
    pthread_mutex_lock(&t->lock);
    wasi_link(t->ctx, linker);
    pthread_mutex_unlock(&t->lock);
    wf_error err = {0};
    wf_instance *inst = wasi_threads_link(t, linker, &err)
                            ? wf_linker_instantiate(linker, t->module, &err) : NULL;
    wf_linker_free(linker);
    wf_extern ext;
    if (!inst || !wf_instance_export(inst, "wasi_thread_start", &ext) ||
        ext.kind != WF_EXTERN_FUNC)
        return NULL;
    const wf_functype *ft = wf_func_type(ext.of.func);
    if (ft->nparams != 2 || ft->nresults != 0 || ft->params[0] != WF_I32 ||
        ft->params[1] != WF_I32)
        return NULL;
    return ext.of.func;
}

static int32_t spawn(wasi_threads *t, int32_t arg)
{
    /* Without an imported shared memory each thread would get a memory of
     * its own: refuse, as wasmtime does. */
    if (!t->mem)
        return -1;
    if (__atomic_fetch_add(&t->live, 1, __ATOMIC_ACQ_REL) >= t->max_threads)
        goto no_slot;
    uint32_t tid = __atomic_fetch_add(&t->next_tid, 1, __ATOMIC_RELAXED);
    if (tid >= TID_LIMIT)
        goto no_slot;
    worker *w = calloc(1, sizeof *w);
    wf_store *store = wf_store_new();
    wf_func *start = w && store ? instantiate(t, store) : NULL;
    if (!start)
        goto fail;
    *w = (worker){ t, store, start, (int32_t)tid, arg };
    if (t->mem)
        rt_memory_ref(t->mem);
    pthread_attr_t attr;
    pthread_t th;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    int rc = pthread_create(&th, &attr, thread_main, w);
    pthread_attr_destroy(&attr);
    if (rc == 0)
        return (int32_t)tid;
    if (t->mem)
        rt_memory_release(t->mem);
fail:
    wf_store_free(store);
    free(w);
no_slot:
    __atomic_sub_fetch(&t->live, 1, __ATOMIC_ACQ_REL);
    return -1;
}

static wf_trap *thread_spawn(wf_caller *caller, void *env, const wf_val *args, wf_val *results)
{
    results[0].kind = WF_I32;
    results[0].of.i32 = spawn(env, args[0].of.i32);
    return NULL;
}

/* ---- linking ---- */

bool wasi_threads_link(wasi_threads *t, wf_linker *linker, wf_error *err)
{
    wf_store *store = wf_linker_store(linker);
    const bin_import *imp = t->mem_import;
    if (imp && !t->mem) {
        /* The first (main) instance: the host makes the memory. */
        if (!(t->mem = wf_memory_new(store, imp->of.memory.limits, err)))
            return false;
        rt_memory_ref(t->mem);
    }
    if (imp)
        wf_linker_define(linker, imp->module, imp->name,
                         (wf_extern){ .kind = WF_EXTERN_MEMORY, .of.memory = t->mem });
    wf_func *f = wf_func_new_host(store, &spawn_type, thread_spawn, t, NULL);
    if (!f) {
        wf_fail(err, WF_ERR_LIMIT, 0, "out of memory");
        return false;
    }
    wf_linker_define(linker, "wasi", "thread-spawn",
                     (wf_extern){ .kind = WF_EXTERN_FUNC, .of.func = f });
    return true;
}

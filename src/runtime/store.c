/* store.c — stores and the objects they own: traps, memories, tables,
 * globals, host functions; calling functions from the host. */
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/mman.h>

#include "runtime.h"
#include "../interp/guard.h"
#include "../interp/interp.h"

/* ---- traps ---- */

const char *rt_trap_text(wf_trapcode code)
{
    switch (code) {
    case WF_TRAP_UNREACHABLE: return "unreachable";
    case WF_TRAP_DIV_ZERO: return "integer divide by zero";
    case WF_TRAP_INT_OVERFLOW: return "integer overflow";
    case WF_TRAP_INVALID_CONVERSION: return "invalid conversion to integer";
    case WF_TRAP_MEMORY_OOB: return "out of bounds memory access";
    case WF_TRAP_TABLE_OOB: return "out of bounds table access";
    case WF_TRAP_UNDEFINED_ELEMENT: return "undefined element";
    case WF_TRAP_UNINITIALIZED: return "uninitialized element";
    case WF_TRAP_INDIRECT_MISMATCH: return "indirect call type mismatch";
    case WF_TRAP_STACK_EXHAUSTED: return "call stack exhausted";
    case WF_TRAP_UNALIGNED: return "unaligned atomic";
    case WF_TRAP_NULL_REFERENCE: return "null reference";
    case WF_TRAP_OUT_OF_FUEL: return "all fuel consumed";
    case WF_TRAP_INTERRUPTED: return "interrupted";
    case WF_TRAP_HOST: return "host error";
    case WF_TRAP_EXIT: return "exit";
    case WF_TRAP_EXCEPTION: return "uncaught exception";
    }
    return "trap";
}

/* Traps are made where memory may be short; a static fallback keeps the
 * "never crash" promise if even this small allocation fails. */
static wf_trap oom_trap = {WF_TRAP_HOST, 0, "out of memory", ""};

wf_trap *wf_trap_new(wf_trapcode code, const char *msg)
{
    wf_trap *t = calloc(1, sizeof *t);
    if (!t)
        return &oom_trap;
    t->code = code;
    const char *text = msg ? msg : rt_trap_text(code);
    t->message = wf_strndup(text, strlen(text));
    t->backtrace = wf_strndup("", 0);
    if (!t->message || !t->backtrace) {
        free(t->message);
        free(t->backtrace);
        free(t);
        return &oom_trap;
    }
    return t;
}

wf_trap *wf_trap_new_exit(int exit_code)
{
    wf_trap *t = wf_trap_new(WF_TRAP_EXIT, NULL);
    if (t != &oom_trap)
        t->exit_code = exit_code;
    return t;
}

wf_trapcode wf_trap_code(const wf_trap *t) { return t->code; }
const char *wf_trap_message(const wf_trap *t) { return t->message; }
const char *wf_trap_backtrace(const wf_trap *t) { return t->backtrace ? t->backtrace : ""; }

bool wf_trap_exit_code(const wf_trap *t, int *code)
{
    if (t->code != WF_TRAP_EXIT)
        return false;
    *code = t->exit_code;
    return true;
}

bool rt_trap_is_mutable(const wf_trap *t) { return t != &oom_trap; }

void wf_trap_free(wf_trap *t)
{
    if (!t || t == &oom_trap)
        return;
    free(t->message);
    free(t->backtrace);
    free(t);
}

/* ---- values ---- */

void rt_val_to_slots(const wf_val *v, rt_slot *s)
{
    switch (v->kind) {
    case WF_I32: s[0].i64 = 0; s[0].i32 = (uint32_t)v->of.i32; break;
    case WF_I64: s[0].i64 = (uint64_t)v->of.i64; break;
    case WF_F32: s[0].i64 = 0; s[0].f32 = v->of.f32_bits; break;
    case WF_F64: s[0].f64 = v->of.f64_bits; break;
    case WF_V128: memcpy(&s[0].i64, v->of.v128.bytes, 8); memcpy(&s[1].i64, v->of.v128.bytes + 8, 8); break;
    case WF_FUNCREF: s[0].ref = v->of.funcref; break;
    case WF_EXTERNREF: s[0].ref = v->of.externref; break;
    case WF_EXNREF: s[0].ref = v->of.exnref; break;
    }
}

wf_val rt_slots_to_val(uint8_t kind, const rt_slot *s)
{
    wf_val v;
    memset(&v, 0, sizeof v);
    v.kind = kind;
    switch (kind) {
    case WF_I32: v.of.i32 = (int32_t)s[0].i32; break;
    case WF_I64: v.of.i64 = (int64_t)s[0].i64; break;
    case WF_F32: v.of.f32_bits = s[0].f32; break;
    case WF_F64: v.of.f64_bits = s[0].f64; break;
    case WF_V128: memcpy(v.of.v128.bytes, &s[0].i64, 8); memcpy(v.of.v128.bytes + 8, &s[1].i64, 8); break;
    case WF_FUNCREF: v.of.funcref = s[0].ref; break;
    case WF_EXTERNREF: v.of.externref = s[0].ref; break;
    case WF_EXNREF: v.of.exnref = s[0].ref; break;
    }
    return v;
}

/* ---- stores ---- */

wf_store *wf_store_new(void)
{
    return calloc(1, sizeof(wf_store));
}

static void instance_free(wf_instance *inst)
{
    if (inst->elem_refs)
        for (uint32_t i = 0; i < inst->module->nelems; i++)
            free(inst->elem_refs[i]);
    free(inst->elem_refs);
    free(inst->funcs);
    free(inst->tables);
    free(inst->memories);
    free(inst->globals);
    free(inst->tags);
    free(inst->elem_dropped);
    free(inst->data_dropped);
    bin_module_release(inst->module);
    free(inst);
}

void wf_store_free(wf_store *store)
{
    if (!store)
        return;
    rt_watchdog_stop(store);
    for (wf_instance *i = store->instances, *n; i; i = n)
        n = i->next, instance_free(i);
    for (wf_func *f = store->funcs, *n; f; f = n) {
        n = f->next;
        if (f->finalizer)
            f->finalizer(f->env);
        free(f);
    }
    for (wf_memory *m = store->memories, *n; m; m = n) {
        n = m->next;
        rt_memory_release(m);   /* threads may still hold it (wait.c) */
    }
    for (wf_table *t = store->tables, *n; t; t = n)
        n = t->next, free(t->elems), free(t);
    for (wf_global *g = store->globals, *n; g; g = n)
        n = g->next, free(g);
    rt_store_free_exns(store);
    if (store->stack)
        interp_stack_free(store->stack);
    free(store);
}

/* ---- memories ---- */

/* Reserve the memory's whole reach as PROT_NONE address space (costs no
 * memory), and open it up page by page as it grows: the base never moves
 * and out-of-bounds accesses past the reservation's guard fault. */
wf_memory *rt_memory_new(wf_store *store, wf_limits limits, wf_error *err)
{
    uint64_t cap_pages = limits.is64 ? ((uint64_t)1 << 48) : 65536;
    uint64_t max_pages = limits.has_max && limits.max < cap_pages ? limits.max : cap_pages;
    if (limits.min > max_pages) {
        wf_fail(err, WF_ERR_LIMIT, 0, "memory minimum exceeds its maximum");
        return NULL;
    }
    /* The store's limit caps growth; a larger minimum cannot be made. */
    if (store->max_memory) {
        uint64_t lim = store->max_memory / RT_PAGE_SIZE;
        if (limits.min > lim) {
            wf_fail(err, WF_ERR_LIMIT, 0,
                    "memory of %llu pages exceeds the limit of %llu bytes",
                    (unsigned long long)limits.min, (unsigned long long)store->max_memory);
            return NULL;
        }
        if (max_pages > lim)
            max_pages = lim;
    }
    wf_memory *mem = calloc(1, sizeof *mem);
    if (!mem) {
        wf_fail(err, WF_ERR_LIMIT, 0, "out of memory");
        return NULL;
    }
    /* With guard pages (src/interp/guard.h) every memory needs the whole
     * reservation: the interpreter leaves out-of-bounds accesses to fault. */
    bool guarded = interp_guarded();
    uint64_t reserve = RT_MEMORY_RESERVE;
    /* (compared in pages: 2^48 pages of 2^16 bytes would wrap to 0; a
     * maximum of 0 still gets one page, as mmap takes no empty mapping) */
    if (limits.is64 && !guarded && max_pages < reserve / RT_PAGE_SIZE)
        reserve = max_pages ? max_pages * RT_PAGE_SIZE : RT_PAGE_SIZE;
    void *base = mmap(NULL, reserve, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED && !limits.is64 && !guarded) {
        /* Address space is limited (ulimit -v): reserve just the maximum;
         * the interpreter bounds-checks every access anyway. */
        reserve = max_pages * RT_PAGE_SIZE;
        base = mmap(NULL, reserve ? reserve : RT_PAGE_SIZE, PROT_NONE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    }
    /* Compared in pages: a 64-bit memory's 2^48 pages are 2^64 bytes. */
    uint64_t min_bytes = limits.min * RT_PAGE_SIZE;
    if (base == MAP_FAILED || limits.min > reserve / RT_PAGE_SIZE ||
        (min_bytes && mprotect(base, min_bytes, PROT_READ | PROT_WRITE))) {
        if (base != MAP_FAILED)
            munmap(base, reserve);
        free(mem);
        wf_fail(err, WF_ERR_LIMIT, 0, "cannot allocate memory of %llu pages",
                (unsigned long long)limits.min);
        return NULL;
    }
    mem->base = base;
    mem->reserved = reserve;
    mem->size = min_bytes;
    mem->max_pages = max_pages;
    if (mem->max_pages > reserve / RT_PAGE_SIZE)
        mem->max_pages = reserve / RT_PAGE_SIZE;
    mem->limits = limits;
    mem->next = store->memories;
    store->memories = mem;
    return mem;
}

static int64_t grow_unlocked(wf_memory *mem, uint64_t delta)
{
    uint64_t old = mem->size / RT_PAGE_SIZE;
    if (delta > mem->max_pages - old)
        return -1;
    if (delta && mprotect(mem->base + mem->size, delta * RT_PAGE_SIZE, PROT_READ | PROT_WRITE))
        return -1;
    /* Pages are accessible before the new size is published. */
    __atomic_store_n(&mem->size, mem->size + delta * RT_PAGE_SIZE, __ATOMIC_RELEASE);
    return (int64_t)old;
}

/* Threads sharing a memory may grow it at once; growth is rare, so one
 * process-wide lock serialises it for shared memories. */
static pthread_mutex_t shared_grow_lock = PTHREAD_MUTEX_INITIALIZER;

int64_t rt_memory_grow(wf_memory *mem, uint64_t delta)
{
    if (!mem->limits.shared)
        return grow_unlocked(mem, delta);
    pthread_mutex_lock(&shared_grow_lock);
    int64_t old = grow_unlocked(mem, delta);
    pthread_mutex_unlock(&shared_grow_lock);
    return old;
}

wf_memory *wf_memory_new(wf_store *store, wf_limits limits, wf_error *err)
{
    return rt_memory_new(store, limits, err);
}

uint8_t *wf_memory_data(const wf_memory *mem) { return mem->base; }
/* Atomic: another thread may be growing a shared memory. */
uint64_t wf_memory_size(const wf_memory *mem) { return __atomic_load_n(&mem->size, __ATOMIC_ACQUIRE); }
int64_t wf_memory_grow(wf_memory *mem, uint64_t delta) { return rt_memory_grow(mem, delta); }

/* ---- tables ---- */

wf_table *rt_table_new(wf_store *store, uint8_t elem, wf_limits limits, void *init, wf_error *err)
{
    uint64_t cap = rt_table_cap(store);
    if (limits.min > cap) {
        wf_fail(err, WF_ERR_LIMIT, 0, "table of %llu elements exceeds the limit of %llu elements",
                (unsigned long long)limits.min, (unsigned long long)cap);
        return NULL;
    }
    if (limits.min > RT_TABLE_TOTAL - store->table_total) {
        wf_fail(err, WF_ERR_LIMIT, 0, "tables exceed the store's limit of %llu elements in all",
                (unsigned long long)RT_TABLE_TOTAL);
        return NULL;
    }
    wf_table *t = calloc(1, sizeof *t);
    void **elems = limits.min <= UINT32_MAX ? wf_calloc(limits.min, sizeof *elems) : NULL;
    if (!t || !elems) {
        free(t);
        free(elems);
        wf_fail(err, WF_ERR_LIMIT, 0, "cannot allocate table of %llu elements",
                (unsigned long long)limits.min);
        return NULL;
    }
    /* calloc's zeroes are null: a large untouched table costs no memory. */
    for (uint64_t i = 0; init && i < limits.min; i++)
        elems[i] = init;
    store->table_total += limits.min;
    t->store = store;
    t->elems = elems;
    t->size = limits.min;
    t->max = limits.has_max && limits.max < UINT32_MAX ? limits.max : UINT32_MAX;
    if (t->max > cap)
        t->max = cap;   /* table.grow beyond the limit fails with -1 */
    t->elem_type = elem;
    t->limits = limits;
    t->next = store->tables;
    store->tables = t;
    return t;
}

int64_t rt_table_grow(wf_table *t, uint64_t delta, void *init)
{
    uint64_t old = t->size;
    if (delta > t->max - old)
        return -1;
    if (delta == 0)
        return (int64_t)old;
    uint64_t n = old + delta;
    if (n > SIZE_MAX / sizeof(void *) || delta > RT_TABLE_TOTAL - t->store->table_total)
        return -1;
    void **e = wf_realloc(t->elems, (size_t)n * sizeof *e);
    if (!e)
        return -1;
    for (uint64_t i = old; i < n; i++)
        e[i] = init;
    t->elems = e;
    t->size = n;
    t->store->table_total += delta;
    return (int64_t)old;
}

wf_table *wf_table_new(wf_store *store, wf_valkind elem, wf_limits limits, wf_val init,
                       wf_error *err)
{
    void *ref = elem == WF_FUNCREF ? (void *)init.of.funcref : init.of.externref;
    return rt_table_new(store, (uint8_t)elem, limits, ref, err);
}

uint64_t wf_table_size(const wf_table *t) { return t->size; }

bool wf_table_get(const wf_table *t, uint64_t i, wf_val *out)
{
    if (i >= t->size)
        return false;
    rt_slot s = {.ref = t->elems[i]};
    *out = rt_slots_to_val(t->elem_type, &s);
    return true;
}

bool wf_table_set(wf_table *t, uint64_t i, wf_val v)
{
    if (i >= t->size || v.kind != t->elem_type)
        return false;
    t->elems[i] = v.kind == WF_FUNCREF ? (void *)v.of.funcref : v.of.externref;
    return true;
}

/* ---- globals ---- */

wf_global *wf_global_new(wf_store *store, wf_valkind type, bool mutable_, wf_val v)
{
    wf_global *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->type = (uint8_t)type;
    g->is_mutable = mutable_;
    v.kind = type;
    rt_val_to_slots(&v, g->value);
    g->next = store->globals;
    store->globals = g;
    return g;
}

wf_val wf_global_get(const wf_global *g) { return rt_slots_to_val(g->type, g->value); }

void wf_global_set(wf_global *g, wf_val v)
{
    v.kind = g->type;
    rt_val_to_slots(&v, g->value);
}

/* ---- functions ---- */

/* Host function types are copied so the caller's arrays need not live on. */
wf_func *wf_func_new_host(wf_store *store, const wf_functype *type, wf_host_fn fn, void *env,
                          void (*finalizer)(void *env))
{
    size_t n = type->nparams + type->nresults;
    wf_func *f = calloc(1, sizeof *f + sizeof(wf_functype) + n);
    if (!f)
        return NULL;
    wf_functype *ft = (wf_functype *)(f + 1);
    uint8_t *kinds = (uint8_t *)(ft + 1);
    if (type->nparams)
        memcpy(kinds, type->params, type->nparams);
    if (type->nresults)
        memcpy(kinds + type->nparams, type->results, type->nresults);
    ft->nparams = type->nparams;
    ft->nresults = type->nresults;
    ft->params = kinds;
    ft->results = kinds + type->nparams;
    f->type = ft;
    f->host = fn;
    f->env = env;
    f->finalizer = finalizer;
    f->next = store->funcs;
    store->funcs = f;
    return f;
}

const wf_functype *wf_func_type(const wf_func *f) { return f->type; }

bool rt_functype_eq(const wf_functype *a, const wf_functype *b)
{
    /* An empty list may be NULL (a host's type): no memcmp on it. */
    return a->nparams == b->nparams && a->nresults == b->nresults &&
           (!a->nparams || !memcmp(a->params, b->params, a->nparams)) &&
           (!a->nresults || !memcmp(a->results, b->results, a->nresults));
}

wf_trap *wf_func_call(wf_func *f, const wf_val *args, size_t nargs, wf_val *results,
                      size_t nresults)
{
    const wf_functype *ft = f->type;
    if (nargs != ft->nparams || nresults != ft->nresults)
        return wf_trap_new(WF_TRAP_HOST, "wrong number of arguments or results");
    for (size_t i = 0; i < nargs; i++)
        if (args[i].kind != ft->params[i])
            return wf_trap_new(WF_TRAP_HOST, "argument type mismatch");
    return interp_invoke(f, args, results);
}

wf_instance *wf_caller_instance(wf_caller *c) { return c->inst; }
wf_memory *wf_caller_memory(wf_caller *c) { return c->inst ? c->inst->mem0 : NULL; }

bool wf_caller_export(wf_caller *c, const char *name, wf_extern *out)
{
    return c->inst && wf_instance_export(c->inst, name, out);
}

/* func.c — host functions (the trampoline from weft) and calls into wasm. */
#include <stdlib.h>
#include <string.h>

#include "capi.h"

/* Small calls use the stack; bigger ones allocate. */
#define CAPI_INLINE_VALS 8

static wasm_val_t *vals_alloc(wasm_val_t *buf, size_t n) {
    return n <= CAPI_INLINE_VALS ? buf : calloc(n, sizeof(wasm_val_t));
}

static void vals_free(wasm_val_t *buf, wasm_val_t *v) {
    if (v != buf) free(v);
}

/* A host trap's message becomes a weft host trap; the wasm_trap_t dies. */
static wf_trap *trap_to_wf(wasm_trap_t *t) {
    wasm_message_t msg;
    wasm_trap_message(t, &msg);
    wf_trap *wt = wf_trap_new(WF_TRAP_HOST, msg.size ? msg.data : "host trap");
    wasm_byte_vec_delete(&msg);
    wasm_trap_delete(t);
    return wt;
}

/* Called by weft for every host function made through wasm.h. */
static wf_trap *host_trampoline(wf_caller *caller, void *env, const wf_val *args,
                                wf_val *results) {
    capi_func *f = env;
    const wf_functype *t = &f->type;
    wasm_val_t abuf[CAPI_INLINE_VALS], rbuf[CAPI_INLINE_VALS];
    wasm_val_t *a = vals_alloc(abuf, t->nparams), *r = vals_alloc(rbuf, t->nresults);
    if (!a || !r) {
        vals_free(abuf, a);
        vals_free(rbuf, r);
        return wf_trap_new(WF_TRAP_HOST, "out of memory");
    }
    for (uint32_t i = 0; i < t->nparams; i++) capi_val_from_wf(f->hdr.store, &args[i], &a[i]);
    for (uint32_t i = 0; i < t->nresults; i++) {
        r[i].kind = capi_kind_from_wf(t->results[i]);
        r[i].of.i64 = 0;
    }
    wasm_val_vec_t av = {t->nparams, a}, rv = {t->nresults, r};
    wasm_trap_t *trap = f->cb ? f->cb(&av, &rv) : f->cb_env(f->env, &av, &rv);
    wf_trap *wt = NULL;
    if (trap) {
        wt = trap_to_wf(trap);
    } else {
        for (uint32_t i = 0; i < t->nresults && !wt; i++)
            if (!capi_val_to_wf(&r[i], t->results[i], f->hdr.store, &results[i]))
                wt = wf_trap_new(WF_TRAP_HOST, "host function returned a value of the wrong type");
    }
    vals_free(abuf, a);
    vals_free(rbuf, r);
    return wt;
}

static wasm_func_t *func_new(wasm_store_t *s, const wasm_functype_t *type,
                             wasm_func_callback_t cb, wasm_func_callback_with_env_t cb_env,
                             void *env, void (*finalizer)(void *)) {
    if (!s || !type) return NULL;
    const wasm_valtype_vec_t *ps = wasm_functype_params(type), *rs = wasm_functype_results(type);
    size_t n = ps->size + rs->size;
    uint8_t *kinds = malloc(n ? n : 1);
    if (!kinds) return NULL;
    for (size_t i = 0; i < n; i++) {
        const wasm_valtype_t *v = i < ps->size ? ps->data[i] : rs->data[i - ps->size];
        kinds[i] = v ? (uint8_t)capi_kind_to_wf(wasm_valtype_kind(v)) : 0xff;
        if (kinds[i] == 0xff) {
            free(kinds);
            return NULL;
        }
    }
    capi_func *f = (capi_func *)capi_object_new(s, CAPI_FUNC, sizeof(capi_func), NULL);
    if (!f) {
        free(kinds);
        return NULL;
    }
    f->kinds = kinds;
    f->type.nparams = (uint32_t)ps->size;
    f->type.nresults = (uint32_t)rs->size;
    f->type.params = kinds;
    f->type.results = kinds + ps->size;
    f->cb = cb;
    f->cb_env = cb_env;
    f->env = env;
    f->wf = wf_func_new_host(s->wf, &f->type, host_trampoline, f, NULL);
    if (!f->wf || !capi_store_map(s, f->wf, &f->hdr)) return NULL;  /* f dies with s */
    /* Only now: a failed function must not finalize the caller's env. */
    f->env_finalizer = finalizer;
    return (wasm_func_t *)f;
}

wasm_func_t *wasm_func_new(wasm_store_t *s, const wasm_functype_t *type,
                           wasm_func_callback_t cb) {
    return func_new(s, type, cb, NULL, NULL, NULL);
}

wasm_func_t *wasm_func_new_with_env(wasm_store_t *s, const wasm_functype_t *type,
                                    wasm_func_callback_with_env_t cb, void *env,
                                    void (*finalizer)(void *)) {
    return func_new(s, type, NULL, cb, env, finalizer);
}

wasm_functype_t *wasm_func_type(const wasm_func_t *func) {
    return capi_functype_from_wf(wf_func_type(((const capi_func *)func)->wf));
}

size_t wasm_func_param_arity(const wasm_func_t *func) {
    return wf_func_type(((const capi_func *)func)->wf)->nparams;
}

size_t wasm_func_result_arity(const wasm_func_t *func) {
    return wf_func_type(((const capi_func *)func)->wf)->nresults;
}

/* wf_val buffers sized for one call. */
typedef struct { wf_val *args, *results; wf_val buf[2 * CAPI_INLINE_VALS]; } call_bufs;

static bool call_bufs_init(call_bufs *b, size_t na, size_t nr) {
    if (na + nr <= 2 * CAPI_INLINE_VALS) {
        b->args = b->buf;
    } else if (!(b->args = calloc(na + nr, sizeof(wf_val)))) {
        return false;
    }
    b->results = b->args + na;
    return true;
}

static void call_bufs_free(call_bufs *b) {
    if (b->args != b->buf) free(b->args);
}

wasm_trap_t *wasm_func_call(const wasm_func_t *func, const wasm_val_vec_t *args,
                            wasm_val_vec_t *results) {
    const capi_func *f = (const capi_func *)func;
    wasm_store_t *s = f->hdr.store;
    const wf_functype *t = wf_func_type(f->wf);
    size_t na = args ? args->size : 0, nr = results ? results->size : 0;
    /* Too few result slots is tolerated (the public trap example passes
     * none): the surplus results are dropped. Too few arguments is not. */
    if (na < t->nparams) return capi_trap_new(s, "too few arguments");
    call_bufs b;
    if (!call_bufs_init(&b, t->nparams, t->nresults)) return capi_trap_new(s, "out of memory");
    for (uint32_t i = 0; i < t->nparams; i++) {
        if (!capi_val_to_wf(&args->data[i], t->params[i], s, &b.args[i])) {
            call_bufs_free(&b);
            return capi_trap_new(s, "argument type mismatch");
        }
    }
    wf_trap *wt = wf_func_call(f->wf, b.args, t->nparams, b.results, t->nresults);
    if (!wt)
        for (uint32_t i = 0; i < t->nresults && i < nr; i++)
            capi_val_from_wf(s, &b.results[i], &results->data[i]);
    call_bufs_free(&b);
    return wt ? capi_trap_from_wf(s, wt, f->wf) : NULL;
}

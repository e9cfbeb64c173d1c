/* trap.c — traps and frames. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capi.h"

/* ---- frames ----------------------------------------------------------- */

static wasm_frame_t *frame_new(wasm_instance_t *inst, uint32_t func_index, size_t func_offset,
                               size_t module_offset) {
    wasm_frame_t *f = malloc(sizeof *f);
    if (!f) return NULL;
    f->instance = inst;
    f->func_index = func_index;
    f->func_offset = func_offset;
    f->module_offset = module_offset;
    return f;
}

void wasm_frame_delete(wasm_frame_t *f) { free(f); }
wasm_frame_t *wasm_frame_copy(const wasm_frame_t *f) {
    return frame_new(f->instance, f->func_index, f->func_offset, f->module_offset);
}
wasm_instance_t *wasm_frame_instance(const wasm_frame_t *f) { return f->instance; }
uint32_t wasm_frame_func_index(const wasm_frame_t *f) { return f->func_index; }
size_t wasm_frame_func_offset(const wasm_frame_t *f) { return f->func_offset; }
size_t wasm_frame_module_offset(const wasm_frame_t *f) { return f->module_offset; }

/* ---- traps ------------------------------------------------------------ */

static wasm_trap_t *trap_alloc(wasm_store_t *s) {
    wasm_trap_t *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->hdr.kind = CAPI_TRAP;
    t->hdr.store = s;
    return t;
}

/* Message bytes with exactly one terminating NUL (counted in size). */
static void set_message(wasm_trap_t *t, const char *p, size_t n) {
    while (n && p[n - 1] == '\0') n--;
    wasm_byte_vec_new_uninitialized(&t->message, n + 1);
    if (t->message.size != n + 1) return;
    if (n) memcpy(t->message.data, p, n);
    t->message.data[n] = '\0';
}

wasm_trap_t *capi_trap_new(wasm_store_t *s, const char *msg) {
    wasm_trap_t *t = trap_alloc(s);
    if (t) set_message(t, msg, strlen(msg));
    return t;
}

wasm_trap_t *wasm_trap_new(wasm_store_t *s, const wasm_message_t *msg) {
    wasm_trap_t *t = trap_alloc(s);
    if (t) set_message(t, msg && msg->data ? msg->data : "", msg && msg->data ? msg->size : 0);
    return t;
}

void wasm_trap_delete(wasm_trap_t *t) {
    if (!t) return;
    if (t->hdr.host_finalizer) t->hdr.host_finalizer(t->hdr.host_info);
    wasm_byte_vec_delete(&t->message);
    wasm_frame_vec_delete(&t->trace);
    free(t);
}

wasm_trap_t *wasm_trap_copy(const wasm_trap_t *src) {
    wasm_trap_t *t = trap_alloc(src->hdr.store);
    if (!t) return NULL;
    wasm_byte_vec_copy(&t->message, &src->message);
    wasm_frame_vec_copy(&t->trace, &src->trace);
    t->is_exit = src->is_exit;
    t->exit_code = src->exit_code;
    return t;
}

void wasm_trap_message(const wasm_trap_t *t, wasm_message_t *out) {
    wasm_byte_vec_copy(out, &t->message);
}

wasm_frame_t *wasm_trap_origin(const wasm_trap_t *t) {
    return t->trace.size && t->trace.data[0] ? wasm_frame_copy(t->trace.data[0]) : NULL;
}

void wasm_trap_trace(const wasm_trap_t *t, wasm_frame_vec_t *out) {
    wasm_frame_vec_copy(out, &t->trace);
}

/* ---- from weft's traps ------------------------------------------------ */

/* Function index named by one backtrace line of `m`: "<func N>" or a
 * name from the name section. */
static bool func_index_of(const wf_module *m, const char *line, size_t n, uint32_t *out) {
    unsigned long idx;
    char tail;
    char buf[32];
    if (n < sizeof buf && line[0] == '<') {
        memcpy(buf, line, n);
        buf[n] = '\0';
        if (sscanf(buf, "<func %lu%c", &idx, &tail) == 2 && tail == '>') {
            *out = (uint32_t)idx;
            return true;
        }
    }
    for (uint32_t i = 0; m->func_names && i < m->nfunc_names; i++) {
        const char *name = m->func_names[i];
        if (name && strlen(name) == n && memcmp(name, line, n) == 0) {
            *out = i;
            return true;
        }
    }
    return false;
}

/* weft records the backtrace as names, innermost first, without the
 * instance; the frames are attributed to the entry function's instance
 * (exact unless the trap crossed instances), with each frame's offsets
 * at its function body's start. */
static void trace_from_wf(wasm_store_t *s, wasm_trap_t *t, const char *bt, wf_func *entry) {
    if (!entry || !entry->inst || !bt || !*bt) return;
    wasm_instance_t *inst = (wasm_instance_t *)capi_object_for(s, CAPI_INSTANCE, entry->inst);
    const wf_module *m = entry->inst->module;
    size_t lines = 1;
    for (const char *p = bt; *p; p++) lines += *p == '\n';
    wasm_frame_vec_new_uninitialized(&t->trace, lines);
    size_t k = 0;
    for (const char *p = bt; *p && k < t->trace.size;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        uint32_t idx;
        if (n && func_index_of(m, p, n, &idx)) {
            size_t off = 0;
            if (idx >= m->nfunc_imports && idx - m->nfunc_imports < m->nfuncs)
                off = m->funcs[idx - m->nfunc_imports].code_offset;
            t->trace.data[k++] = frame_new(inst, idx, 0, off);
        }
        p += n + (e != NULL);
    }
    t->trace.size = k;
}

wasm_trap_t *capi_trap_from_wf(wasm_store_t *s, wf_trap *wt, wf_func *entry) {
    const char *msg = wf_trap_message(wt);
    if (!msg || !*msg) msg = rt_trap_text(wf_trap_code(wt));
    wasm_trap_t *t = capi_trap_new(s, msg ? msg : "trap");
    if (t) {
        trace_from_wf(s, t, wf_trap_backtrace(wt), entry);
        t->is_exit = wf_trap_exit_code(wt, &t->exit_code);
    }
    wf_trap_free(wt);
    return t;
}

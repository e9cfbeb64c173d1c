/* linker.c — a (module, name) -> extern map that resolves imports. */
#include <stdlib.h>
#include <string.h>

#include "runtime.h"

typedef struct link_entry {
    char *module;
    char *name;
    wf_extern ext;
} link_entry;

struct wf_linker {
    wf_store *store;
    link_entry *entries;
    size_t n, cap;
    bool oom;           /* a define failed; reported at instantiation */
};

wf_linker *wf_linker_new(wf_store *store)
{
    wf_linker *l = calloc(1, sizeof *l);
    if (l)
        l->store = store;
    return l;
}

wf_store *wf_linker_store(const wf_linker *l) { return l->store; }

void wf_linker_free(wf_linker *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++) {
        free(l->entries[i].module);
        free(l->entries[i].name);
    }
    free(l->entries);
    free(l);
}

static link_entry *find(const wf_linker *l, const char *module, const char *name)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->entries[i].module, module) && !strcmp(l->entries[i].name, name))
            return &l->entries[i];
    return NULL;
}

void wf_linker_define(wf_linker *l, const char *module, const char *name, wf_extern ext)
{
    link_entry *e = find(l, module, name);
    if (e) {
        e->ext = ext;
        return;
    }
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        link_entry *p = realloc(l->entries, cap * sizeof *p);
        if (!p) {
            l->oom = true;
            return;
        }
        l->entries = p;
        l->cap = cap;
    }
    e = &l->entries[l->n];
    e->module = wf_strndup(module, strlen(module));
    e->name = wf_strndup(name, strlen(name));
    if (!e->module || !e->name) {
        free(e->module);
        free(e->name);
        l->oom = true;
        return;
    }
    e->ext = ext;
    l->n++;
}

bool wf_linker_get(const wf_linker *l, const char *module, const char *name, wf_extern *out)
{
    link_entry *e = find(l, module, name);
    if (e)
        *out = e->ext;
    return e != NULL;
}

void wf_linker_define_instance(wf_linker *l, const char *module, const wf_instance *inst)
{
    size_t n = wf_instance_export_count(inst);
    for (size_t i = 0; i < n; i++) {
        const char *name;
        wf_extern ext;
        wf_instance_export_nth(inst, i, &name, &ext);
        wf_linker_define(l, module, name, ext);
    }
}

wf_instance *wf_linker_instantiate(wf_linker *l, const wf_module *m, wf_error *err)
{
    if (l->oom) {
        wf_fail(err, WF_ERR_LIMIT, 0, "out of memory in linker");
        return NULL;
    }
    wf_extern *imports = wf_calloc(m->nimports, sizeof *imports);
    if (!imports) {
        wf_fail(err, WF_ERR_LIMIT, 0, "out of memory");
        return NULL;
    }
    for (uint32_t i = 0; i < m->nimports; i++) {
        const bin_import *im = &m->imports[i];
        link_entry *e = find(l, im->module, im->name);
        if (!e) {
            wf_fail(err, WF_ERR_LINK, 0, "unknown import \"%s\" \"%s\"", im->module, im->name);
            free(imports);
            return NULL;
        }
        imports[i] = e->ext;
    }
    wf_instance *inst = wf_instance_new(l->store, m, imports, m->nimports, err);
    free(imports);
    return inst;
}

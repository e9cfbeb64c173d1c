/* exn.c — exception tags and exception objects (exception handling).
 * The interpreter throws and catches them (src/interp); they belong to
 * the store, which frees whatever is left with itself. */
#include <stdlib.h>
#include <string.h>

#include "runtime.h"

wf_tag *rt_tag_new(wf_store *store, const wf_functype *type)
{
    wf_tag *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->type = type;
    t->next = store->tags;
    store->tags = t;
    return t;
}

wf_tag *wf_tag_new(wf_store *store, const wf_functype *type)
{
    return type && !type->nresults ? rt_tag_new(store, type) : NULL;
}

const wf_functype *wf_tag_type(const wf_tag *tag) { return tag->type; }

static uint32_t payload_slots(const wf_functype *ft)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < ft->nparams; i++)
        n += ft->params[i] == WF_V128 ? 2 : 1;
    return n;
}

rt_exn *rt_exn_new(wf_store *store, wf_tag *tag, const rt_slot *payload)
{
    uint32_t n = payload_slots(tag->type);
    rt_exn *e = malloc(sizeof *e + n * sizeof(rt_slot));
    if (!e)
        return NULL;
    e->tag = tag;
    e->exposed = false;
    e->nslots = n;
    if (n)
        memcpy(e->payload, payload, n * sizeof(rt_slot));
    e->prev = NULL;
    e->next = store->exns;
    if (store->exns)
        store->exns->prev = e;
    store->exns = e;
    return e;
}

void rt_exn_free(wf_store *store, rt_exn *e)
{
    if (e->prev)
        e->prev->next = e->next;
    else
        store->exns = e->next;
    if (e->next)
        e->next->prev = e->prev;
    free(e);
}

void rt_store_free_exns(wf_store *store)
{
    for (rt_exn *e = store->exns, *n; e; e = n)
        n = e->next, free(e);
    store->exns = NULL;
    for (wf_tag *t = store->tags, *n; t; t = n)
        n = t->next, free(t);
    store->tags = NULL;
}

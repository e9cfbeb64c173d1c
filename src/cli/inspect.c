/* inspect.c — `weft inspect FILE`: imports, exports and section sizes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../binary/binary.h"
#include "../component/component.h"

static const char *kind_name(wf_externkind k)
{
    static const char *const names[] = {"func", "table", "memory", "global", "tag"};
    return k <= WF_EXTERN_TAG ? names[k] : "?";
}

static const char *val_name(uint8_t t)
{
    switch (t) {
    case WF_I32: return "i32";
    case WF_I64: return "i64";
    case WF_F32: return "f32";
    case WF_F64: return "f64";
    case WF_V128: return "v128";
    case WF_FUNCREF: return "funcref";
    case WF_EXTERNREF: return "externref";
    case WF_EXNREF: return "exnref";
    }
    return "?";
}

static void print_functype(const wf_functype *ft)
{
    if (!ft)
        return;
    fputs(" (", stdout);
    for (uint32_t i = 0; i < ft->nparams; i++)
        printf("%s%s", i ? ", " : "", val_name(ft->params[i]));
    fputs(") -> (", stdout);
    for (uint32_t i = 0; i < ft->nresults; i++)
        printf("%s%s", i ? ", " : "", val_name(ft->results[i]));
    putchar(')');
}

static void print_limits(const wf_limits *l)
{
    printf(" %llu", (unsigned long long)l->min);
    if (l->has_max)
        printf("..%llu", (unsigned long long)l->max);
    if (l->shared)
        fputs(" shared", stdout);
}

static void print_imports(const wf_module *m)
{
    printf("imports (%u):\n", m->nimports);
    for (uint32_t i = 0; i < m->nimports; i++) {
        const bin_import *im = &m->imports[i];
        printf("  %s \"%s\" \"%s\"", kind_name(im->kind), im->module, im->name);
        if (im->kind == WF_EXTERN_FUNC)
            print_functype(im->of.type_index < m->ntypes ? &m->types[im->of.type_index] : NULL);
        else if (im->kind == WF_EXTERN_TABLE)
            printf(" %s", val_name(im->of.table.elem)), print_limits(&im->of.table.limits);
        else if (im->kind == WF_EXTERN_MEMORY)
            print_limits(&im->of.memory.limits);
        else if (im->kind == WF_EXTERN_TAG)
            print_functype(im->of.tag_type < m->ntypes ? &m->types[im->of.tag_type] : NULL);
        else
            printf(" %s%s", im->of.global.is_mutable ? "mut " : "", val_name(im->of.global.type));
        putchar('\n');
    }
}

static void print_exports(const wf_module *m)
{
    printf("exports (%u):\n", m->nexports);
    for (uint32_t i = 0; i < m->nexports; i++) {
        const bin_export *ex = &m->exports[i];
        printf("  %s \"%s\" %u", kind_name(ex->kind), ex->name, ex->index);
        if (ex->kind == WF_EXTERN_FUNC)
            print_functype(bin_func_type(m, ex->index));
        else if (ex->kind == WF_EXTERN_TAG)
            print_functype(bin_tag_type(m, ex->index));
        putchar('\n');
    }
}

/* Walks the section framing again (the module form keeps no sizes); the
 * module already decoded, so the framing is known to be sound. */
static void print_sections(const uint8_t *b, size_t len)
{
    static const char *const names[] = {"custom", "type", "import", "function", "table",
                                        "memory", "global", "export", "start", "element",
                                        "code", "data", "datacount", "tag"};
    wf_reader r = {b, b + 8, b + len};
    puts("sections:");
    while (r.p < r.end) {
        uint8_t id = *r.p++;
        uint32_t size;
        const char *why;
        if (id > 13 || !wf_read_u32(&r, &size, &why) || size > (size_t)(r.end - r.p))
            return;
        printf("  %-10s %8u bytes at offset %zu", names[id], size, wf_reader_offset(&r));
        if (id == 0) {
            wf_reader n = {b, r.p, r.p + size};
            uint32_t nl;
            if (wf_read_u32(&n, &nl, &why) && nl <= (size_t)(n.end - n.p))
                printf("  \"%.*s\"", (int)nl, (const char *)n.p);
        }
        putchar('\n');
        r.p += size;
    }
}

/* A component: its world, WIT-like. */
static int inspect_component(const char *path, uint8_t *bytes, size_t len)
{
    wf_error err = {0};
    comp_component *c = comp_component_new(bytes, len, &err);
    free(bytes);
    if (!c) {
        fprintf(stderr, "Error: %s: %s\n", path, err.msg);
        return 1;
    }
    comp_print_world(c);
    comp_component_free(c);
    return 0;
}

int cli_inspect(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: weft inspect FILE\n", stderr);
        return 2;
    }
    wf_error err = {0};
    uint8_t *bytes = NULL, *wasm = NULL;
    size_t len = 0;
    if (!wf_read_file(argv[1], &bytes, &len, &err)) {
        fprintf(stderr, "Error: %s\n", err.msg);
        return 1;
    }
    if (len < 4 || memcmp(bytes, "\0asm", 4)) {
        size_t wlen;
        if (!wf_wat_to_wasm((const char *)bytes, len, &wasm, &wlen, &err)) {
            fprintf(stderr, "Error: %s: %s\n", argv[1], err.msg);
            free(bytes);
            return 1;
        }
        free(bytes);
        bytes = wasm;
        len = wlen;
    }
    if (comp_is_component(bytes, len))
        return inspect_component(argv[1], bytes, len);
    wf_module *m = bin_decode(bytes, len, &err);
    if (!m) {
        fprintf(stderr, "Error: %s: %s (at byte offset %zu)\n", argv[1], err.msg, err.offset);
        free(bytes);
        return 1;
    }
    print_imports(m);
    print_exports(m);
    print_sections(bytes, len);
    bin_module_free(m);
    free(bytes);
    return 0;
}

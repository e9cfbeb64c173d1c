/* binary.h — the module form and the binary reader.
 *
 * bin_decode() turns bytes into a wf_module: every section parsed and
 * checked for the spec's *malformed* conditions. Function bodies and
 * constant expressions stay as byte ranges into the module's own copy of
 * the input; the validator (src/valid) checks and compiles them in one pass.
 * The text format (src/text) produces binary bytes and comes through here. */
#ifndef WEFT_BINARY_H
#define WEFT_BINARY_H

#include "../util/util.h"
#include "weft.h"

/* Implementation limit on one function body, in bytes (as wasmtime's). */
#define BIN_MAX_FUNC_SIZE 7654321u

typedef struct { uint8_t type; bool is_mutable; } bin_globaltype;
typedef struct { uint8_t elem; wf_limits limits; } bin_tabletype;
typedef struct { wf_limits limits; } bin_memtype;

/* A constant expression: bytes from its first opcode to its `end` inclusive. */
typedef struct { const uint8_t *start; size_t len; size_t offset; } bin_expr;

typedef struct bin_import {
    char *module;
    char *name;
    uint32_t module_len, name_len;   /* names may hold NUL bytes */
    size_t offset;                   /* of the entry, for messages */
    wf_externkind kind;
    union {
        uint32_t type_index;   /* WF_EXTERN_FUNC */
        bin_tabletype table;
        bin_memtype memory;
        bin_globaltype global;
        uint32_t tag_type;     /* WF_EXTERN_TAG: its function type's index */
    } of;
} bin_import;

typedef struct bin_export {
    char *name;
    uint32_t name_len;        /* the name may hold NUL bytes */
    size_t offset;            /* of the entry, for messages */
    wf_externkind kind;
    uint32_t index;
} bin_export;

typedef struct bin_global {
    bin_globaltype type;
    bin_expr init;
} bin_global;

typedef enum { BIN_SEG_ACTIVE, BIN_SEG_PASSIVE, BIN_SEG_DECLARATIVE } bin_segmode;

/* An element item: a function index (expr.len == 0) or an expression. */
typedef struct { uint32_t func_index; bin_expr expr; } bin_elem_item;

typedef struct bin_elem {
    bin_segmode mode;
    uint32_t table;
    bin_expr offset;          /* active only */
    uint8_t type;             /* WF_FUNCREF or WF_EXTERNREF */
    uint32_t count;
    bin_elem_item *items;
} bin_elem;

typedef struct bin_data {
    bin_segmode mode;         /* ACTIVE or PASSIVE */
    uint32_t memory;
    bin_expr offset;          /* active only */
    const uint8_t *bytes;
    uint32_t len;
} bin_data;

typedef struct { uint32_t count; uint8_t type; } bin_localrun;

struct interp_code;           /* compiled form, owned by src/interp */

/* A function defined in the module (imports are not in this array). */
typedef struct bin_func {
    uint32_t type_index;
    uint32_t nlocal_runs;
    bin_localrun *local_runs; /* declared locals, run-length as in the binary */
    uint64_t nlocals;         /* total declared locals (params not included) */
    const uint8_t *code;      /* first instruction byte, after the locals */
    size_t code_len;          /* through the final `end` */
    size_t code_offset;       /* offset of `code` in the input, for errors */
    struct interp_code *compiled;  /* set by the validator */
} bin_func;

struct wf_module {
    uint8_t *bytes;           /* owned copy of the input */
    size_t len;

    uint32_t ntypes;
    wf_functype *types;

    uint32_t nimports;
    bin_import *imports;
    /* Counts of imported entities per kind; their indices come first. */
    uint32_t nfunc_imports, ntable_imports, nmemory_imports, nglobal_imports, ntag_imports;
    /* Per wf_externkind: the i-th import of that kind is
     * imports[kind_imports[kind][i]] (constant-time index-space lookup). */
    uint32_t *kind_imports[5];

    uint32_t nfuncs;          /* defined functions */
    bin_func *funcs;
    uint32_t ntables;         /* defined tables */
    bin_tabletype *tables;
    uint32_t nmemories;       /* defined memories */
    bin_memtype *memories;
    uint32_t nglobals;        /* defined globals */
    bin_global *globals;
    uint32_t ntags;           /* defined tags (exception handling) */
    uint32_t *tags;           /* each tag's function type index */

    uint32_t nexports;
    bin_export *exports;

    bool has_start;
    uint32_t start;
    size_t start_offset;

    uint32_t nelems;
    bin_elem *elems;

    bool has_data_count;
    uint32_t data_count;
    uint32_t ndatas;
    bin_data *datas;

    /* From the `name` custom section; entries may be NULL. Indexed by
     * function index space (imports first). NULL if no names. */
    char **func_names;
    uint32_t nfunc_names;

    /* Functions that may appear in ref.func inside bodies (C.refs): set by
     * val_module before function bodies are validated; one byte per
     * function index. */
    uint8_t *func_declared;

    wf_arena arena;           /* everything above that was allocated */

    /* References: wf_module_new's caller holds one and each instance one,
     * since a store's objects (functions left in tables by a failed
     * instantiation, say) outlive the caller's wf_module_free. */
    uint32_t refs;
};

/* Decode bytes (copied) into a module, checking every malformed condition.
 * Returns NULL with err->kind WF_ERR_MALFORMED, a message naming the
 * condition, and err->offset. Does not validate or compile. */
wf_module *bin_decode(const uint8_t *bytes, size_t len, wf_error *err);
void bin_module_free(wf_module *m);
/* Take or drop a reference (atomic); the last drop frees the module. */
void bin_module_retain(const wf_module *m);
void bin_module_release(const wf_module *m);

/* Index-space helpers: types of functions/tables/memories/globals by their
 * index in the module's index space (imports first). */
const wf_functype *bin_func_type(const wf_module *m, uint32_t func_index);
bin_tabletype bin_table_type(const wf_module *m, uint32_t table_index);
bin_memtype bin_memory_type(const wf_module *m, uint32_t mem_index);
bin_globaltype bin_global_type(const wf_module *m, uint32_t global_index);
uint32_t bin_total_funcs(const wf_module *m);
uint32_t bin_total_tables(const wf_module *m);
uint32_t bin_total_memories(const wf_module *m);
uint32_t bin_total_globals(const wf_module *m);
uint32_t bin_total_tags(const wf_module *m);
/* A tag's function type (its parameters are the exception's payload);
 * NULL for an index or type index out of range. */
const wf_functype *bin_tag_type(const wf_module *m, uint32_t tag_index);

/* Function name for messages: the name section's, else "<func N>".
 * Writes into buf and returns it. */
const char *bin_func_name(const wf_module *m, uint32_t func_index, char *buf, size_t n);

#endif

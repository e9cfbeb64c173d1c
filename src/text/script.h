/* script.h — internals of the .wast runner (script.c, script_val.c,
 * spectest.c). */
#ifndef WEFT_SCRIPT_H
#define WEFT_SCRIPT_H

#include <stdarg.h>

#include "txt.h"

typedef struct comp_component comp_component;
typedef struct comp_instance comp_instance;
typedef struct comp_host comp_host;
typedef struct wasi_ctx wasi_ctx;

/* A module or component: a definition (inst and ci NULL, failed false),
 * an instance, or a component that failed to instantiate (failed: its
 * invokes fail cleanly instead of reaching an older instance). */
typedef struct scr_inst {
    char *name;            /* $id or NULL */
    wf_module *module;     /* owned; NULL for instances of a definition */
    wf_instance *inst;     /* NULL for a (module definition ...) */
    comp_component *comp;  /* owned; NULL for component instances of a definition */
    comp_instance *ci;     /* owned; a component instance */
    bool cdef;             /* a component definition (comp NULL: it failed to load) */
    bool failed;
} scr_inst;

typedef struct script {
    const char *path;
    const txt_script_opts *opts;
    FILE *out;
    txt_parser p;          /* tokens, errors (p.jb per command), arena */
    wf_error perr;
    wf_buf sbuf;           /* concatenating strings; v128 values */
    bool first, last_quote, last_def;
    size_t first_off;      /* offset of the first command */
    size_t cmd_off;        /* offset of the current command's '(' */
    size_t line_off;       /* incremental line counting */
    unsigned line;
    unsigned passed, failed;
    unsigned nmodules;     /* (module ...) commands seen, for WEFT_WAST_DUMP */
    wf_store *store;
    wf_linker *linker;
    scr_inst *insts;
    size_t ninst, capinst, cur;
    comp_host *host;       /* components' imports (made on first use) */
    wasi_ctx *wasi;
    char externs[1];       /* ref.extern N is the address externs + N + 1 as an integer */
} script;

/* A value pattern of assert_return. */
enum { PAT_EXACT, PAT_CANON, PAT_ARITH, PAT_ANYREF, PAT_NULLREF /* (ref.null): any null */ };
typedef struct scr_expect {
    wf_val v;
    uint8_t pat;           /* for scalars and references */
    uint8_t shape_bits;    /* v128 float shapes: 32 or 64; 0 otherwise */
    uint8_t lanes[4];      /* per-lane pattern for float v128 */
    uint8_t nalt;          /* (either ...): alternatives follow in alt */
    struct scr_expect *alt;
} scr_expect;

#define SCR_MAX_ARGS 64
typedef struct scr_action {
    bool get;
    txt_token module;      /* TK_ID or TK_EOF */
    char *name;            /* arena */
    size_t name_len;       /* may hold NUL bytes */
    size_t nargs;
    wf_val args[SCR_MAX_ARGS];
} scr_action;

void scr_fail(script *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void scr_skip_form(script *s);
void scr_parse_action(script *s, scr_action *a);
scr_expect *scr_parse_expects(script *s, size_t *n);
/* Returns NULL or a reason the action could not run (static or arena). */
char *scr_run_action(script *s, const scr_action *a, wf_val *res, size_t *nres, wf_trap **trap);
void scr_check_results(script *s, const scr_expect *want, size_t nwant, const wf_val *got,
                       size_t ngot);
void scr_spectest(script *s);
scr_inst *scr_find_inst(script *s, const txt_token *name);
uint8_t *scr_strings(script *s, size_t *n);
scr_inst *scr_add_inst(script *s, const txt_token *name);
bool scr_msg_prefix(const char *got, const char *want);
/* The string token at hand, decoded into the parser's arena (NUL added;
 * *len, if given, its length, which may include NUL bytes); advances. */
char *scr_string(script *s, size_t *len);
/* An error kind's word in failure lines ("invalid", "link error"...). */
const char *scr_kind_name(wf_errkind k);
/* After "(module instance" or "(component instance": the optional
 * instance $name and definition $name, then ')'. */
void scr_instance_names(script *s, txt_token *iname, txt_token *dname);
unsigned scr_line(script *s, size_t off);

/* script_comp.c: components. */
void scr_comp_command(script *s);                 /* at '(' component */
void scr_comp_assert(script *s, const char *what);   /* at '(' component */
/* If the action at p->tok ('(' invoke/get) targets a component instance,
 * run it as `what` and return true. */
bool scr_comp_action(script *s, const char *what);
void scr_comp_free(script *s);

#endif

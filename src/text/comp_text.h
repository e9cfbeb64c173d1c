/* comp_text.h — internals of the component text encoder (comp_text*.c).
 *
 * The encoder works in one pass, as components need no forward
 * references: every definition may only use indices defined before it.
 * Each "(...)" field is parsed into a temporary buffer; the sugar it
 * contains (inline types, `(func $i "name")` aliases, outer aliases of
 * types named in an enclosing scope) is emitted as separate items *before*
 * the field as it is met, exactly where wasm-tools puts them, so index
 * assignment matches its encoder: inline types and instances first (they
 * are its expansion), then the aliases the item itself uses, then the
 * item. As an alias's index is only known once the later inline types of
 * its item are out, each field is parsed twice (the first pass records the
 * indices). Inline `(export "n")` sugar becomes export items appended at
 * the end of the component, as there.
 *
 * A scope is a component, a component or instance type, or a core module
 * type; each has its own index spaces and identifiers. Consecutive items
 * of one section kind share a section (a component) or are appended as
 * declarations (a type). */
#ifndef WEFT_COMP_TEXT_H
#define WEFT_COMP_TEXT_H

#include "txt.h"

/* Index spaces of a scope. */
enum {
    CS_CFUNC, CS_CTABLE, CS_CMEM, CS_CGLOBAL, CS_CTAG, CS_CTYPE, CS_CMODULE, CS_CINST,
    CS_FUNC, CS_VALUE, CS_TYPE, CS_COMP, CS_INST, CS_N
};

/* Item kinds; in a component they are the section ids. */
enum {
    CK_CMODULE = 1, CK_CINST = 2, CK_CTYPE = 3, CK_COMP = 4, CK_INST = 5, CK_ALIAS = 6,
    CK_TYPE = 7, CK_CANON = 8, CK_START = 9, CK_IMPORT = 10, CK_EXPORT = 11
};

enum { SC_COMPONENT, SC_COMPTYPE, SC_INSTTYPE, SC_MODTYPE };

typedef struct ct_names { txt_name *ents; uint32_t cap, count; } ct_names;

typedef struct ct_scope {
    struct ct_scope *parent;
    int kind;
    txt_token id;              /* $name of the scope, for outer aliases */
    ct_names names[CS_N];
    uint32_t count[CS_N];
    wf_buf out;                /* component: finished sections; type: decls */
    uint32_t ndecls;
    int cur;                   /* component: kind of the open section, 0 none */
    wf_buf sec;
    uint32_t nsec;
    wf_buf later;              /* inline exports, each with a 4-byte length */
} ct_scope;

#define CT_MAX_DEPTH 100
#define CT_MAX_TMP 400

/* An alias the sugar asks for, emitted just before the item it is used
 * in (see ct_alias_ref). */
typedef struct ct_pending {
    ct_scope *scope;
    int space;
    uint64_t when;             /* st->clock when asked for */
    size_t off, len;           /* its bytes in ct_state.pbytes */
    uint32_t slot;             /* its index in the tape */
} ct_pending;

typedef struct ct_state {
    txt_parser tp;             /* lexer state, error reporting, jmp_buf */
    ct_scope *sc;              /* innermost scope */
    unsigned depth;
    char *copy;                /* the text, patched for nested core modules */
    wf_buf *tmp[CT_MAX_TMP];   /* temporary item buffers, a stack */
    uint64_t pushed[CT_MAX_TMP];   /* st->clock when each was pushed */
    uint64_t clock;
    unsigned ntmp;
    size_t end;                /* just past the outermost form's ')' */
    /* Two passes per field (ct_field): pass 1 finds where each alias the
     * sugar needs lands, pass 2 writes. 0: one pass, aliases at once. */
    int pass;
    ct_scope *home;            /* the field's scope, untouched by pass 1 */
    uint32_t *tape;            /* alias indices, in order of use */
    uint32_t ntape, captape, tpos;
    ct_pending *pend;
    uint32_t npend, cappend;
    wf_buf pbytes;
} ct_state;

/* comp_text.c */
_Noreturn void ct_fail(ct_state *st, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
wf_buf *ct_tmp_push(ct_state *st);
void ct_tmp_pop(ct_state *st);
void ct_emit(ct_state *st, int kind, const wf_buf *b);
uint32_t ct_alias_ref(ct_state *st, int space, const wf_buf *alias);
void ct_emit_later(ct_state *st, const wf_buf *b);
uint32_t ct_bind_next(ct_state *st, int space, const txt_token *id);
uint32_t ct_index(ct_state *st, int space);
bool ct_find(const ct_scope *s, int space, const txt_token *t, uint32_t *idx);
bool ct_is_index(ct_state *st);
const char *ct_space_name(int space);
void ct_name(ct_state *st, wf_buf *b);
void ct_lpar_kw(ct_state *st, const char *kw);
bool ct_form(ct_state *st, const char *kw);
void ct_rpar(ct_state *st);
txt_token ct_opt_id(ct_state *st);
bool ct_kw(ct_state *st, const char *kw);
void ct_enter(ct_state *st, int kind, const txt_token *id);
void ct_leave(ct_state *st, ct_scope *keep);
void ct_component_body(ct_state *st);
void ct_core_module(ct_state *st, size_t lpar, wf_buf *b, const txt_token *id);
void ct_nested_component(ct_state *st, wf_buf *b, const txt_token *id);

/* comp_text_types.c */
void ct_valtype(ct_state *st, wf_buf *b);
void ct_type_def(ct_state *st, wf_buf *b);       /* deftype after `(type $id?` */
void ct_functype(ct_state *st, wf_buf *b);       /* params and results, 0x40/0x43 first */
void ct_core_type_def(ct_state *st, wf_buf *b);  /* core deftype after `(core type $id?` */
void ct_decls(ct_state *st);                     /* decls of a component/instance type */
int ct_externdesc(ct_state *st, wf_buf *b, txt_token *id);  /* returns the space bound */
void ct_externdesc_body(ct_state *st, wf_buf *b, int space);
void ct_alias(ct_state *st, wf_buf *b, int *space, txt_token *id);
int ct_sort_kw(ct_state *st, bool core_ctx);
void ct_sort_bytes(wf_buf *b, int space);
uint8_t ct_core_sort_code(int space);
void ct_nameattrs(ct_state *st, wf_buf *b);

/* comp_text_fields.c */
void ct_field(ct_state *st);
uint32_t ct_sortidx_ref(ct_state *st, int space);
void ct_canon(ct_state *st, wf_buf *b, int *space);

#endif

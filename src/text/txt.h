/* txt.h — internals of the text format shared by the files of src/text:
 * the lexer, number literals, the instruction table and the parser state.
 * Other folders include text.h only. */
#ifndef WEFT_TXT_H
#define WEFT_TXT_H

#include <setjmp.h>

#include "../util/util.h"
#include "text.h"

/* ---- lexer ---------------------------------------------------------- */

typedef enum {
    TK_EOF, TK_LPAR, TK_RPAR,
    TK_KEYWORD,   /* idchars starting with a lowercase letter */
    TK_ID,        /* $name */
    TK_STRING,    /* "..." (escapes undecoded) */
    TK_ATOM,      /* any other idchar run: numbers and reserved words */
    TK_BAD,       /* a character that starts no token */
} txt_tokkind;

typedef struct txt_token {
    txt_tokkind kind;
    const char *s;
    size_t len;
    size_t off;
} txt_token;

/* Lex the token at *pos of [src, src+n) and advance *pos. Returns false
 * with *why set on a lexical error (unterminated string or comment). */
bool txt_lex(const char *src, size_t n, size_t *pos, txt_token *t, const char **why);

/* A quoted id ($"...", WebAssembly 3.0) in place: t->s becomes '$' and
 * the decoded string (in arena a), so that $"a" and $a compare equal;
 * false with *why if it is empty or not UTF-8. Other tokens unchanged. */
bool txt_quoted_id(txt_token *t, wf_arena *a, const char **why);

/* Decode a string token's escapes into out (at least t->len bytes). */
bool txt_string_decode(const txt_token *t, uint8_t *out, size_t *out_len, const char **why);

/* Line and column (1-based) of byte `off`. */
void txt_line_col(const char *src, size_t n, size_t off, unsigned *line, unsigned *col);

/* ---- number literals ------------------------------------------------ */

/* Integers of `bits` (8..64) width, signed or unsigned range accepted.
 * Return false with "constant out of range" / "unknown operator" style
 * reasons in *why. */
bool txt_int(const char *s, size_t n, unsigned bits, uint64_t *out, const char **why);
/* Unsigned only (indices, memarg, limits). */
bool txt_uint(const char *s, size_t n, uint64_t max, uint64_t *out);
bool txt_f32(const char *s, size_t n, uint32_t *bits, const char **why);
bool txt_f64(const char *s, size_t n, uint64_t *bits, const char **why);

/* ---- instruction table ---------------------------------------------- */

typedef enum {
    IK_NONE, IK_BLOCK, IK_ELSE, IK_END, IK_BR, IK_BR_TABLE, IK_CALL,
    IK_CALL_INDIRECT, IK_LOCAL, IK_GLOBAL, IK_TABLE, IK_TABLE_COPY,
    IK_TABLE_INIT, IK_ELEM, IK_MEMARG, IK_MEM0, IK_MEMIDX, IK_MEM_COPY, IK_MEM_INIT,
    IK_DATA, IK_I32, IK_I64, IK_F32, IK_F64, IK_REF_NULL, IK_FUNC,
    IK_SELECT, IK_V128, IK_SHUFFLE, IK_LANE, IK_MEMARG_LANE,
    IK_TAG,       /* throw: a tag index */
} txt_ikind;

typedef struct txt_op {
    const char *name;
    uint8_t prefix;   /* 0, 0xFC, 0xFD or 0xFE */
    uint8_t kind;     /* txt_ikind */
    uint8_t align;    /* natural alignment in bytes, for IK_MEMARG* */
    uint32_t code;
} txt_op;

const txt_op *txt_op_find(const char *name, size_t len);

/* ---- parser state --------------------------------------------------- */

/* Index spaces that identifiers name. */
enum { SP_FUNC, SP_TABLE, SP_MEM, SP_GLOBAL, SP_ELEM, SP_DATA, SP_TYPE, SP_LOCAL,
       SP_LABEL,    /* innermost label of each name (see txt_label_bind) */
       SP_SIG,      /* function signatures -> smallest type index */
       SP_TAG,      /* exception tags */
       NSPACES };

typedef struct txt_name { const char *s; uint32_t len, idx; } txt_name;
typedef struct txt_names { txt_name *ents; uint32_t cap, count; } txt_names;

typedef struct txt_functype {
    uint32_t np, nr;
    uint8_t *t;    /* np params then nr results */
} txt_functype;

typedef struct txt_label {
    const char *s;
    uint32_t len;
    uint32_t prev;    /* index of the label of the same name it shadows, or UINT32_MAX */
    uint8_t kind, folded;
} txt_label;

typedef struct txt_field { size_t pos; uint8_t kind; } txt_field;

typedef struct txt_parser {
    const char *src;
    size_t len, pos;
    txt_token tok;
    txt_token peek;               /* token lexed ahead from peek_from (cache) */
    size_t peek_from, peek_end;
    bool peek_valid;
    jmp_buf jb;
    wf_error *err;
    wf_arena arena;
    unsigned depth;

    txt_names names[NSPACES];
    uint32_t count[NSPACES];      /* items so far in each index space */
    txt_functype *types;
    uint32_t ntypes, captypes;
    txt_label *labels;
    uint32_t nlabels, caplabels;
    txt_field *fields;
    uint32_t nfields, capfields;
    uint8_t *scratch;             /* signature being parsed */
    uint32_t capscratch;
    uint8_t *ltypes;              /* declared local types of the current function */
    uint32_t nltypes, capltypes;

    wf_buf *out;                  /* where instructions go */
    wf_buf body;                  /* the current function body */
    wf_buf tmp;                   /* segment offsets, table limits */
    wf_buf brt;                   /* br_table targets */
    wf_buf sec[14];               /* section contents by id (13: tags) */
    uint32_t nsec[14];            /* item counts */
    bool has_start, need_datacount;
    bool no_param_names;          /* block types and call_indirect */
} txt_parser;

_Noreturn void txt_fail(txt_parser *p, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void txt_next(txt_parser *p);
bool txt_is_kw(const txt_parser *p, const char *kw);
/* Current token is '(' and the one after it is keyword kw. */
bool txt_peek_field(txt_parser *p, const char *kw);
void txt_expect_rpar(txt_parser *p);
void *txt_grow(txt_parser *p, void *arr, uint32_t *cap, uint32_t need, size_t elem);
uint32_t txt_lookup(txt_parser *p, int space, const txt_token *t);
uint32_t txt_index(txt_parser *p, int space);   /* parse a numeric or $name index */
bool txt_is_index(const txt_parser *p);
uint8_t txt_valtype(txt_parser *p);              /* parse a value type keyword */
/* A value type starts here: a keyword or `(ref ...)`. */
bool txt_at_valtype(txt_parser *p);
uint32_t txt_typeuse(txt_parser *p, bool bind_params);
uint32_t txt_add_type(txt_parser *p, const uint8_t *t, uint32_t np, uint32_t nr);

/* instr.c */
void txt_instrs(txt_parser *p);       /* instr* up to ')' (not consumed) */
void txt_folded(txt_parser *p);       /* one '(' instr ... ')' */
void txt_const_expr(txt_parser *p);   /* instr* then `end` into p->out */
int64_t txt_blocktype(txt_parser *p);
void txt_v128(txt_parser *p, wf_buf *b);   /* shape and lanes of v128.const */ /* -1 none, 0x100|valtype, or a type index */
void txt_names_clear_locals(txt_parser *p);
void txt_bind_local(txt_parser *p, const txt_token *id, uint32_t idx);
void txt_label_bind(txt_parser *p, txt_label *l, uint32_t idx);
void txt_label_unbind(txt_parser *p, const txt_label *l);
uint32_t txt_label_find(txt_parser *p, const txt_token *t);   /* UINT32_MAX if none */
void txt_emit_field(txt_parser *p, int kind, uint32_t *next);
enum { F_TYPE, F_IMPORT, F_FUNC, F_TABLE, F_MEM, F_GLOBAL, F_EXPORT, F_START, F_ELEM, F_DATA,
       F_TAG };

#endif

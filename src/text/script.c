/* script.c — .wast scripts: commands, actions and assertions, run on the
 * public embedding API (weft.h) only. Values and result patterns are in
 * script_val.c; the spectest host module in spectest.c.
 *
 * Each command is parsed under its own setjmp: a command that cannot be
 * parsed counts as one failure and the runner skips to the next one. */
#include "script.h"

#include <stdlib.h>
#include <string.h>

/* ---- reporting -------------------------------------------------------- */

unsigned scr_line(script *s, size_t off)
{
    /* Commands come in order, so count lines incrementally. */
    if (off < s->line_off) {
        s->line_off = 0;
        s->line = 1;
    }
    for (size_t i = s->line_off; i < off && i < s->p.len; i++)
        if (s->p.src[i] == '\n')
            s->line++;
    s->line_off = off;
    return s->line;
}

void scr_fail(script *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(s->out, "%s:%u: ", s->path, scr_line(s, s->cmd_off));
    vfprintf(s->out, fmt, ap);
    fputc('\n', s->out);
    va_end(ap);
    s->failed++;
}

/* ---- modules ---------------------------------------------------------- */

/* Copy n bytes into the per-command arena (freed even after a longjmp). */
static uint8_t *arena_copy(script *s, const void *b, size_t n)
{
    uint8_t *a = wf_arena_alloc(&s->p.arena, n + 1);
    if (!a)
        txt_fail(&s->p, s->cmd_off, "out of memory");
    memcpy(a, b, n);
    a[n] = 0;
    return a;
}

/* Concatenated decoded strings up to ')', NUL-terminated, in the arena. */
uint8_t *scr_strings(script *s, size_t *n)
{
    wf_buf *b = &s->sbuf;
    b->len = 0;
    while (s->p.tok.kind == TK_STRING) {
        uint8_t *tmp = wf_arena_alloc(&s->p.arena, s->p.tok.len);
        size_t k;
        const char *why;
        if (!tmp || !txt_string_decode(&s->p.tok, tmp, &k, &why))
            txt_fail(&s->p, s->p.tok.off, "bad string");
        wf_buf_bytes(b, tmp, k);
        txt_next(&s->p);
    }
    if (b->oom)
        txt_fail(&s->p, s->p.tok.off, "out of memory");
    *n = b->len;
    return arena_copy(s, b->data ? b->data : (uint8_t *)"", b->len);
}

/* Parse a (module ...) form at the current '(' into binary bytes.
 * Returns false (with err filled) if the text is malformed; the form is
 * consumed either way. *name gets the $id token if any. */
static bool module_bytes(script *s, uint8_t **bytes, size_t *len, txt_token *name,
                         wf_error *err)
{
    txt_parser *p = &s->p;
    size_t start = p->tok.off;
    name->kind = TK_EOF;
    s->last_quote = false;
    if (p->tok.kind == TK_EOF) {
        /* Bare fields: the module runs from p->pos to the end. */
        start = p->pos;
        goto text;
    }
    txt_next(p);
    txt_next(p);   /* module */
    s->last_def = txt_is_kw(p, "definition");
    if (s->last_def)
        txt_next(p);
    if (p->tok.kind == TK_ID) {
        *name = p->tok;
        txt_next(p);
    }
    if (txt_is_kw(p, "binary") || txt_is_kw(p, "quote")) {
        bool quote = p->tok.s[0] == 'q';
        s->last_quote = quote;
        txt_next(p);
        size_t n;
        uint8_t *data = scr_strings(s, &n);
        txt_expect_rpar(p);
        if (!quote) {
            *bytes = data;
            *len = n;
            return true;
        }
        uint8_t *out;
        if (!wf_wat_to_wasm((const char *)data, n, &out, len, err))
            return false;
        *bytes = arena_copy(s, out, *len);
        free(out);
        return true;
    }
text:;
    size_t end;
    uint8_t *out;
    bool ok = txt_module_to_wasm(p->src, p->len, start, &end, &out, len, err);
    if (ok) {
        uint8_t *copy = wf_arena_alloc(&p->arena, *len + 1);
        if (copy)
            memcpy(copy, out, *len);
        free(out);
        if (!copy)
            txt_fail(p, start, "out of memory");
        *bytes = copy;
    }
    if (!ok) {
        /* Skip the malformed module's form by parentheses. */
        p->pos = start;
        scr_skip_form(s);
        return false;
    }
    p->pos = end;
    txt_next(p);
    return true;
}

scr_inst *scr_find_inst(script *s, const txt_token *name)
{
    for (size_t i = s->ninst; i-- > 0;) {
        scr_inst *e = &s->insts[i];
        if (!e->inst && !e->ci && !e->failed)
            continue;   /* a module or component definition */
        if (name->kind != TK_ID)
            return i == s->cur ? e : NULL;
        if (e->name && strlen(e->name) == name->len && !memcmp(e->name, name->s, name->len))
            return e;
    }
    return NULL;
}

/* A new zeroed entry named by name (if an id); NULL if out of memory. */
scr_inst *scr_add_inst(script *s, const txt_token *name)
{
    if (s->ninst == s->capinst) {
        size_t cap = s->capinst ? s->capinst * 2 : 16;
        scr_inst *q = realloc(s->insts, cap * sizeof *q);
        if (!q)
            return NULL;
        s->insts = q;
        s->capinst = cap;
    }
    scr_inst *e = &s->insts[s->ninst++];
    memset(e, 0, sizeof *e);
    e->name = name->kind == TK_ID ? wf_strndup(name->s, name->len) : NULL;
    return e;
}

static void add_inst(script *s, const txt_token *name, wf_module *m, wf_instance *inst)
{
    scr_inst *e = scr_add_inst(s, name);
    if (!e) {
        wf_module_free(m);
        txt_fail(&s->p, s->cmd_off, "out of memory");
    }
    e->module = m;
    e->inst = inst;
    if (inst)
        s->cur = s->ninst - 1;
}

/* Load + instantiate; reports into err. Returns the module on success of
 * decoding (even if instantiation fails: *inst is NULL then). */
static wf_module *load(script *s, const uint8_t *b, size_t n, wf_instance **inst, wf_error *err)
{
    *inst = NULL;
    wf_module *m = wf_module_new(b, n, err);
    if (!m)
        return NULL;
    *inst = wf_linker_instantiate(s->linker, m, err);
    return m;
}

static void cmd_module(script *s)
{
    uint8_t *b = NULL;
    size_t n;
    txt_token name;
    wf_error err = {0};
    if (!module_bytes(s, &b, &n, &name, &err)) {
        scr_fail(s, "module failed to parse: %s", err.msg);
        return;
    }
    const char *dump = getenv("WEFT_WAST_DUMP");   /* debugging: write module bytes */
    if (dump && *dump) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%u.wasm", dump, s->nmodules);
        FILE *f = fopen(path, "wb");
        if (f) {
            fwrite(b, 1, n, f);
            fclose(f);
        }
    }
    s->nmodules++;
    if (s->opts->parse_only) {
        s->passed++;
        return;
    }
    wf_instance *inst;
    if (s->last_def) {
        /* (module definition $d ...): decode and validate only. */
        wf_module *m = wf_module_new(b, n, &err);
        if (!m) {
            scr_fail(s, "module failed to load: %s", err.msg);
            return;
        }
        add_inst(s, &name, m, NULL);
        s->passed++;
        return;
    }
    wf_module *m = load(s, b, n, &inst, &err);
    if (!m || !inst) {
        scr_fail(s, "module failed to %s: %s", m ? "instantiate" : "load", err.msg);
        wf_module_free(m);
        return;
    }
    add_inst(s, &name, m, inst);
    s->passed++;
}

/* (module instance $i? $d?): instantiate a module definition. */
void scr_instance_names(script *s, txt_token *iname, txt_token *dname)
{
    txt_parser *p = &s->p;
    txt_next(p);
    txt_next(p);
    txt_next(p);   /* '(' module|component instance */
    *iname = *dname = (txt_token){TK_EOF, NULL, 0, 0};
    if (p->tok.kind == TK_ID) {
        *iname = p->tok;
        txt_next(p);
    }
    if (p->tok.kind == TK_ID) {
        *dname = p->tok;
        txt_next(p);
    }
    txt_expect_rpar(p);
}

static void cmd_instance(script *s)
{
    txt_token iname, dname;
    scr_instance_names(s, &iname, &dname);
    if (s->opts->parse_only) {
        s->passed++;
        return;
    }
    wf_module *def = NULL;
    for (size_t i = s->ninst; i-- > 0 && !def;) {
        scr_inst *e = &s->insts[i];
        if (e->inst || !e->module)
            continue;   /* instances, components */
        if (dname.kind != TK_ID || (e->name && strlen(e->name) == dname.len &&
                                    !memcmp(e->name, dname.s, dname.len)))
            def = e->module;
    }
    if (!def) {
        scr_fail(s, "module instance: unknown module definition");
        return;
    }
    wf_error err = {0};
    wf_instance *inst = wf_linker_instantiate(s->linker, def, &err);
    if (!inst) {
        scr_fail(s, "module failed to instantiate: %s", err.msg);
        return;
    }
    add_inst(s, &iname, NULL, inst);   /* the definition keeps owning the module */
    s->passed++;
}

static void cmd_register(script *s)
{
    txt_parser *p = &s->p;
    if (p->tok.kind != TK_STRING)
        txt_fail(p, p->tok.off, "expected a module name");
    size_t n;
    uint8_t *as = scr_strings(s, &n);
    txt_token name = {TK_EOF, NULL, 0, 0};
    if (p->tok.kind == TK_ID) {
        name = p->tok;
        txt_next(p);
    }
    txt_expect_rpar(p);
    const char *nm = (const char *)as;
    if (s->opts->parse_only) {
        s->passed++;
        return;
    }
    scr_inst *e = scr_find_inst(s, &name);
    if (!e || !e->inst) {
        scr_fail(s, "register: %s", e ? "only core module instances can be registered" :
                                        "unknown module");
    } else {
        wf_linker_define_instance(s->linker, nm, e->inst);
        s->passed++;
    }
}

/* ---- module assertions ------------------------------------------------ */

const char *scr_kind_name(wf_errkind k)
{
    switch (k) {
    case WF_OK: return "success";
    case WF_ERR_MALFORMED: return "malformed";
    case WF_ERR_INVALID: return "invalid";
    case WF_ERR_LINK: return "link error";
    case WF_ERR_TRAP: return "trap";
    case WF_ERR_LIMIT: return "limit";
    case WF_ERR_IO: return "io error";
    }
    return "?";
}

bool scr_msg_prefix(const char *got, const char *want)
{
    return !strncmp(got, want, strlen(want));
}

static void assert_module(script *s, const char *what)
{
    txt_parser *p = &s->p;
    bool malformed = !strcmp(what, "assert_malformed");
    bool invalid = !strcmp(what, "assert_invalid");
    if (!txt_peek_field(p, "module"))
        txt_fail(p, p->tok.off, "expected (module");
    uint8_t *b = NULL;
    size_t n;
    txt_token name;
    wf_error err = {0};
    bool parsed = module_bytes(s, &b, &n, &name, &err);
    size_t mlen;
    char *msg = p->tok.kind == TK_STRING ? (char *)scr_strings(s, &mlen) : NULL;
    if (!msg)
        txt_fail(p, p->tok.off, "expected a message string");
    txt_expect_rpar(p);
    wf_errkind want = malformed ? WF_ERR_MALFORMED : invalid ? WF_ERR_INVALID
                      : !strcmp(what, "assert_unlinkable") ? WF_ERR_LINK : WF_ERR_TRAP;
    wf_errkind got = WF_OK;
    if (!parsed) {
        got = err.kind ? err.kind : WF_ERR_MALFORMED;
    } else if (s->opts->parse_only) {
        /* Text that parses may still be malformed binary: unknowable here. */
        if (malformed && s->opts->verbose && s->last_quote)
            fprintf(s->out, "%s:%u: assert_malformed: text accepted (\"%s\")\n", s->path,
                    scr_line(s, s->cmd_off), msg);
        s->passed++;
        return;
    } else {
        wf_instance *inst;
        wf_module *m = load(s, b, n, &inst, &err);
        got = inst ? WF_OK : err.kind;
        if (inst && want != WF_ERR_MALFORMED && want != WF_ERR_INVALID) {
            /* An unexpectedly working module still becomes "current". */
            add_inst(s, &name, m, inst);
            m = NULL;
        }
        wf_module_free(m);
    }
    bool ok;
    if (malformed || invalid)
        ok = got == WF_ERR_MALFORMED || got == WF_ERR_INVALID;
    else if (want == WF_ERR_TRAP)
        ok = got == WF_ERR_TRAP;
    else
        ok = got == want;
    if (ok && (malformed || invalid) && s->opts->verbose)
        fprintf(s->out, "%s:%u: %s: expected \"%s\", got %s \"%s\"\n", s->path,
                scr_line(s, s->cmd_off), what, msg, scr_kind_name(got), err.msg);
    if (ok)
        s->passed++;
    else
        scr_fail(s, "%s expected %s \"%s\", got %s%s%s", what, scr_kind_name(want), msg,
                 scr_kind_name(got), got ? ": " : "", got ? err.msg : "");
}

/* ---- actions and assertions -------------------------------------------- */

static void cmd_action(script *s, const char *what)
{
    txt_parser *p = &s->p;
    txt_token kw = p->tok;
    if (!txt_peek_field(p, "invoke") && !txt_peek_field(p, "get"))
        txt_fail(p, p->tok.off, "expected (invoke or (get");
    (void)kw;
    if (scr_comp_action(s, what))
        return;
    scr_action act;
    scr_parse_action(s, &act);
    scr_expect *want = NULL;
    size_t nwant = 0;
    char *msg = NULL;
    bool is_ret = !strcmp(what, "assert_return");
    bool is_trap = !strcmp(what, "assert_trap") || !strcmp(what, "assert_exhaustion");
    /* assert_exception: the invocation ends in an exception no guest caught. */
    bool is_exn = !strcmp(what, "assert_exception");
    if (is_ret)
        want = scr_parse_expects(s, &nwant);
    if (is_trap) {
        size_t mlen;
        if (p->tok.kind != TK_STRING)
            txt_fail(p, p->tok.off, "expected a message string");
        msg = (char *)scr_strings(s, &mlen);
    }
    if (what[0] != 'i' && what[0] != 'g')
        txt_expect_rpar(p);
    if (s->opts->parse_only) {
        s->passed++;
        return;
    }
    wf_val res[64];
    size_t nres = 0;
    wf_trap *trap = NULL;
    char *why = scr_run_action(s, &act, res, &nres, &trap);
    if (why) {
        scr_fail(s, "%s: %s", what, why);
    } else if (is_exn) {
        if (trap && wf_trap_code(trap) == WF_TRAP_EXCEPTION)
            s->passed++;
        else if (trap)
            scr_fail(s, "%s expected an exception, got trap \"%s\"", what, wf_trap_message(trap));
        else
            scr_fail(s, "%s expected an exception, got a return", what);
    } else if (is_trap) {
        const char *tm = trap ? wf_trap_message(trap) : NULL;
        if (trap && scr_msg_prefix(tm, msg))
            s->passed++;
        else if (trap)
            scr_fail(s, "%s expected trap \"%s\", got trap \"%s\"", what, msg, tm);
        else
            scr_fail(s, "%s expected trap \"%s\", got a return", what, msg);
    } else if (trap) {
        scr_fail(s, "%s expected a return, got trap \"%s\"", what, wf_trap_message(trap));
    } else if (is_ret) {
        scr_check_results(s, want, nwant, res, nres);
    } else {
        s->passed++;
    }
    wf_trap_free(trap);
}

static void command(script *s)
{
    txt_parser *p = &s->p;
    if (p->tok.kind != TK_LPAR)
        txt_fail(p, p->tok.off, "unexpected token at the top of the script");
    s->cmd_off = p->tok.off;
    if (txt_peek_field(p, "component")) {
        scr_comp_command(s);
        return;
    }
    if (txt_peek_field(p, "module")) {
        /* Look two tokens ahead for `instance`. */
        size_t pos = p->pos;
        txt_token t;
        const char *why;
        bool inst = txt_lex(p->src, p->len, &pos, &t, &why) &&
                    txt_lex(p->src, p->len, &pos, &t, &why) && t.kind == TK_KEYWORD &&
                    t.len == 8 && !memcmp(t.s, "instance", 8);
        if (inst)
            cmd_instance(s);
        else
            cmd_module(s);
        return;
    }
    txt_next(p);
    txt_token kw = p->tok;
    char what[32] = "";
    if (kw.kind == TK_KEYWORD && kw.len < sizeof what)
        memcpy(what, kw.s, kw.len);
    static const char *const fields[] = {"type", "import", "func", "table", "memory",
                                         "global", "export", "start", "elem", "data", "tag"};
    for (int i = 0; i < 11; i++) {
        if (!strcmp(what, fields[i]) && s->cmd_off == s->first_off) {
            /* A script of bare fields is one module. */
            p->pos = s->cmd_off;
            p->tok.kind = TK_EOF;
            cmd_module(s);
            return;
        }
    }
    if (!strcmp(what, "invoke") || !strcmp(what, "get")) {
        /* A bare action: re-parse it from its '('. */
        p->pos = s->cmd_off;
        txt_next(p);
        cmd_action(s, what);
        return;
    }
    txt_next(p);
    if (!strcmp(what, "register"))
        cmd_register(s);
    else if (!strcmp(what, "assert_return") || !strcmp(what, "assert_exhaustion") ||
             !strcmp(what, "assert_exception"))
        cmd_action(s, what);
    else if (!strcmp(what, "assert_trap") && txt_peek_field(p, "component"))
        scr_comp_assert(s, what);
    else if (!strcmp(what, "assert_trap"))
        txt_peek_field(p, "module") ? assert_module(s, what) : cmd_action(s, what);
    else if (!strcmp(what, "assert_malformed") || !strcmp(what, "assert_invalid") ||
             !strcmp(what, "assert_unlinkable") || !strcmp(what, "assert_uninstantiable"))
        txt_peek_field(p, "component") ? scr_comp_assert(s, what) : assert_module(s, what);
    else
        txt_fail(p, kw.off, "unknown command %.*s", (int)(kw.len > 40 ? 40 : kw.len), kw.s);
}

/* Skip the form starting at p->pos ('(' next) without trusting it. */
void scr_skip_form(script *s)
{
    txt_parser *p = &s->p;
    size_t depth = 0;
    for (;;) {
        txt_token t;
        const char *why;
        if (!txt_lex(p->src, p->len, &p->pos, &t, &why) && t.kind == TK_EOF) {
            p->pos = p->len;
            break;
        }
        if (t.kind == TK_EOF)
            break;
        if (t.kind == TK_LPAR)
            depth++;
        else if (t.kind == TK_RPAR && depth && !--depth)
            break;
    }
    p->tok.kind = TK_EOF;
    const char *why;
    if (!txt_lex(p->src, p->len, &p->pos, &p->tok, &why))
        p->tok.kind = TK_BAD;
}

static void run_commands(script *s)
{
    txt_parser *p = &s->p;
    p->err = &s->perr;
    for (;;) {
        if (!setjmp(p->jb)) {
            if (s->first) {
                s->first = false;
                txt_next(p);
                s->first_off = p->tok.off;
            }
            while (p->tok.kind != TK_EOF) {
                command(s);
                wf_arena_free(&p->arena);
            }
            return;
        }
        /* A parse error in the command at cmd_off. */
        p->depth = 0;
        scr_fail(s, "cannot parse command: %s", s->perr.msg);
        wf_arena_free(&p->arena);
        if (p->tok.off <= s->cmd_off && p->tok.kind == TK_EOF && s->cmd_off >= p->len)
            return;
        size_t before = s->cmd_off;
        p->pos = s->cmd_off;
        scr_skip_form(s);
        if (p->tok.kind == TK_BAD) {
            fprintf(s->out, "%s:%u: cannot continue after a lexical error\n", s->path,
                    scr_line(s, p->tok.off));
            s->failed++;
            return;
        }
        if (p->tok.off <= before)
            return;
        s->cmd_off = p->tok.off;
    }
}

bool txt_script_run(const char *path, const txt_script_opts *opts, FILE *out,
                    unsigned *passed, unsigned *failed)
{
    uint8_t *data;
    size_t len;
    wf_error err;
    if (!wf_read_file(path, &data, &len, &err)) {
        fprintf(out, "%s: cannot read: %s\n", path, err.msg);
        (*failed)++;
        return false;
    }
    script *s = calloc(1, sizeof *s);
    if (!s) {
        free(data);
        (*failed)++;
        return false;
    }
    s->path = path;
    s->opts = opts;
    s->out = out;
    s->line = 1;
    s->first = true;
    s->p.src = (const char *)data;
    s->p.len = len;
    if (!opts->parse_only) {
        s->store = wf_store_new();
        s->linker = s->store ? wf_linker_new(s->store) : NULL;
        if (s->linker)
            scr_spectest(s);
    }
    if (opts->parse_only || s->linker)
        run_commands(s);
    else
        scr_fail(s, "cannot create a store");
    scr_comp_free(s);   /* component instances before the definitions they use */
    if (s->linker)
        wf_linker_free(s->linker);
    if (s->store)
        wf_store_free(s->store);
    for (size_t i = 0; i < s->ninst; i++) {
        free(s->insts[i].name);
        wf_module_free(s->insts[i].module);
    }
    free(s->insts);
    wf_arena_free(&s->p.arena);
    wf_buf_free(&s->sbuf);
    *passed += s->passed;
    *failed += s->failed;
    free(data);
    free(s);
    return true;
}

/* script_comp.c — components in .wast scripts: (component ...) in all its
 * forms (definition, instance, binary, quote), assertions on components,
 * and invokes of component exports. Values are parsed here into untyped
 * comp_sval trees (script_comp_val.c); src/component checks them against
 * the export's types and compares results (comp_api.c).
 *
 * Counting follows the core runner (script.c): assert_invalid and
 * assert_malformed accept either refusal and ignore the message;
 * assert_trap needs a trap whose message starts with the expected text;
 * assert_unlinkable needs a link error. One exception, to stay honest while
 * the component text encoder is incomplete: text it reports as "not
 * supported" is a failure, never a refusal that passes. */
#include "script.h"
#include "script_comp.h"

#include <stdlib.h>
#include <string.h>

/* ---- component forms --------------------------------------------------- */

typedef struct cform {
    txt_token name;        /* $id or TK_EOF */
    bool definition;
    uint8_t *bytes;        /* arena */
    size_t len;
} cform;

/* The encoder refuses what it does not implement yet with this. */
static bool unsupported(const wf_error *err)
{
    return strstr(err->msg, "not supported") != NULL;
}

/* Copy encoder output into the arena and free it. */
static uint8_t *keep(script *s, uint8_t *out, size_t n)
{
    uint8_t *b = wf_arena_alloc(&s->p.arena, n + 1);
    if (b)
        memcpy(b, out, n);
    free(out);
    if (!b)
        txt_fail(&s->p, s->cmd_off, "out of memory");
    return b;
}

/* Parse the (component ...) at p->tok into binary bytes. False with err
 * filled if the text is malformed; the form is consumed either way. */
static bool comp_form(script *s, cform *f, wf_error *err)
{
    txt_parser *p = &s->p;
    size_t start = p->tok.off;
    memset(f, 0, sizeof *f);
    f->name.kind = TK_EOF;
    txt_next(p);
    txt_next(p);   /* component */
    f->definition = txt_is_kw(p, "definition");
    if (f->definition)
        txt_next(p);
    if (p->tok.kind == TK_ID) {
        f->name = p->tok;
        txt_next(p);
    }
    if (txt_is_kw(p, "binary") || txt_is_kw(p, "quote")) {
        bool quote = p->tok.s[0] == 'q';
        txt_next(p);
        size_t n;
        uint8_t *data = scr_strings(s, &n);
        txt_expect_rpar(p);
        if (!quote) {
            f->bytes = data;
            f->len = n;
            return true;
        }
        /* The quoted text is the component's body. */
        static const char pre[] = "(component ";
        char *src = wf_arena_alloc(&p->arena, sizeof pre + n + 2);
        if (!src)
            txt_fail(p, start, "out of memory");
        memcpy(src, pre, sizeof pre - 1);
        memcpy(src + sizeof pre - 1, data, n);
        memcpy(src + sizeof pre - 1 + n, "\n)", 2);
        size_t end;
        uint8_t *out;
        if (!txt_component_to_wasm(src, sizeof pre + 1 + n, 0, &end, &out, &f->len, err))
            return false;
        f->bytes = keep(s, out, f->len);
        return true;
    }
    /* Inline text: the encoder reads the form in place, so error lines and
     * columns are the script's; `definition` is the script's word, not the
     * component's, so the encoder gets a copy with it blanked out. */
    const char *src = p->src;
    char *copy = NULL;
    if (f->definition) {
        copy = malloc(p->len);
        if (!copy)
            txt_fail(p, start, "out of memory");
        memcpy(copy, p->src, p->len);
        size_t kw = start;
        while (kw + 10 <= p->len && memcmp(copy + kw, "definition", 10))
            kw++;
        if (kw + 10 <= p->len)
            memset(copy + kw, ' ', 10);
        src = copy;
    }
    size_t end;
    uint8_t *out;
    bool ok = txt_component_to_wasm(src, p->len, start, &end, &out, &f->len, err);
    free(copy);
    if (ok) {
        f->bytes = keep(s, out, f->len);
        p->pos = end;
        txt_next(p);
        return true;
    }
    p->pos = start;
    scr_skip_form(s);
    return false;
}

static comp_host *host(script *s)
{
    if (!s->host) {
        if (!s->wasi)
            s->wasi = wasi_ctx_new();
        s->host = s->wasi ? comp_host_new(s->wasi) : NULL;
        if (!s->host)
            txt_fail(&s->p, s->cmd_off, "cannot create the component host");
    }
    return s->host;
}

static scr_inst *add(script *s, const txt_token *name, comp_component *c, comp_instance *ci)
{
    scr_inst *e = scr_add_inst(s, name);
    if (!e) {
        comp_instance_free(ci);
        comp_component_free(c);
        txt_fail(&s->p, s->cmd_off, "out of memory");
    }
    e->comp = c;
    e->ci = ci;
    return e;
}

/* Make e the current instance, or a failed one that later invokes see. */
static void set_current(script *s, scr_inst *e, bool failed)
{
    e->failed = failed;
    s->cur = (size_t)(e - s->insts);
}

/* A component or definition that could not be made: later commands that
 * use it fail cleanly, saying why. */
static void broken(script *s, const cform *f)
{
    scr_inst *e = add(s, &f->name, NULL, NULL);
    if (f->definition)
        e->cdef = true;
    else
        set_current(s, e, true);
}

static void cmd_component(script *s)
{
    cform f;
    wf_error err = {0};
    if (!comp_form(s, &f, &err)) {
        scr_fail(s, "component failed to parse: %s", err.msg);
        broken(s, &f);
        return;
    }
    if (s->opts->parse_only) {
        /* Later actions must still parse as component invokes. */
        broken(s, &f);
        s->passed++;
        return;
    }
    comp_component *c = comp_component_new(f.bytes, f.len, &err);
    if (!c) {
        scr_fail(s, "component failed to load: %s", err.msg);
        broken(s, &f);
        return;
    }
    if (f.definition) {
        add(s, &f.name, c, NULL)->cdef = true;
        s->passed++;
        return;
    }
    comp_instance *ci = comp_instance_new(c, host(s), &err);
    scr_inst *e = add(s, &f.name, c, ci);
    set_current(s, e, !ci);
    if (ci)
        s->passed++;
    else
        scr_fail(s, "component failed to instantiate: %s", err.msg);
}

static bool same_name(const char *a, const txt_token *t)
{
    return t->kind != TK_ID || (a && strlen(a) == t->len && !memcmp(a, t->s, t->len));
}

/* (component instance $i? $C): instantiate a component definition. */
static void cmd_instance(script *s)
{
    txt_token iname, dname;
    scr_instance_names(s, &iname, &dname);
    if (s->opts->parse_only) {
        set_current(s, add(s, &iname, NULL, NULL), true);
        s->passed++;
        return;
    }
    scr_inst *d = NULL;
    for (size_t i = s->ninst; i-- > 0 && !d;)
        if (s->insts[i].cdef && same_name(s->insts[i].name, &dname))
            d = &s->insts[i];
    comp_component *def = d ? d->comp : NULL;   /* before add() moves the array */
    scr_inst *e = add(s, &iname, NULL, NULL);
    set_current(s, e, true);
    if (!def) {
        scr_fail(s, "component instance: %s", d ? "its definition failed to load"
                                                : "unknown component definition");
        return;
    }
    wf_error err = {0};
    e->ci = comp_instance_new(def, host(s), &err);   /* the definition keeps owning def */
    e->failed = !e->ci;
    if (e->ci)
        s->passed++;
    else
        scr_fail(s, "component failed to instantiate: %s", err.msg);
}

void scr_comp_command(script *s)
{
    /* `instance` right after `component` (a field would be parenthesized). */
    txt_parser *p = &s->p;
    size_t pos = p->pos;
    txt_token t;
    const char *why;
    if (txt_lex(p->src, p->len, &pos, &t, &why) && txt_lex(p->src, p->len, &pos, &t, &why) &&
        t.kind == TK_KEYWORD && t.len == 8 && !memcmp(t.s, "instance", 8))
        cmd_instance(s);
    else
        cmd_component(s);
}

/* ---- assertions on components ------------------------------------------ */

/* Decode and instantiate (weft finds much of what is invalid only while
 * instantiating); the outcome kind, with err filled. A component that
 * instantiates unexpectedly becomes current unless it was expected to be
 * invalid or malformed, as the core runner does. */
static wf_errkind try_component(script *s, const cform *f, bool keep_it, wf_error *err)
{
    comp_component *c = comp_component_new(f->bytes, f->len, err);
    if (!c)
        return err->kind ? err->kind : WF_ERR_MALFORMED;
    comp_instance *ci = comp_instance_new(c, host(s), err);
    if (!ci) {
        comp_component_free(c);
        return err->kind ? err->kind : WF_ERR_LINK;
    }
    if (keep_it) {
        set_current(s, add(s, &f->name, c, ci), false);
    } else {
        comp_instance_free(ci);
        comp_component_free(c);
    }
    return WF_OK;
}

void scr_comp_assert(script *s, const char *what)
{
    txt_parser *p = &s->p;
    bool malformed = !strcmp(what, "assert_malformed");
    bool invalid = !strcmp(what, "assert_invalid");
    cform f;
    wf_error err = {0};
    bool parsed = comp_form(s, &f, &err);
    size_t mlen;
    if (p->tok.kind != TK_STRING)
        txt_fail(p, p->tok.off, "expected a message string");
    const char *msg = (const char *)scr_strings(s, &mlen);
    txt_expect_rpar(p);
    if (s->opts->parse_only) {
        s->passed++;
        return;
    }
    wf_errkind want = malformed ? WF_ERR_MALFORMED : invalid ? WF_ERR_INVALID
                      : !strcmp(what, "assert_unlinkable") ? WF_ERR_LINK : WF_ERR_TRAP;
    if (!parsed && unsupported(&err)) {
        scr_fail(s, "%s: cannot test, component text not supported: %s", what, err.msg);
        return;
    }
    wf_errkind got = !parsed ? (err.kind ? err.kind : WF_ERR_MALFORMED)
                             : try_component(s, &f, !malformed && !invalid, &err);
    bool ok = malformed || invalid ? got == WF_ERR_MALFORMED || got == WF_ERR_INVALID
                                   : got == want;
    if (ok && (malformed || invalid) && s->opts->verbose)
        fprintf(s->out, "%s:%u: %s: expected \"%s\", got %s \"%s\"\n", s->path,
                scr_line(s, s->cmd_off), what, msg, scr_kind_name(got), err.msg);
    if (ok)
        s->passed++;
    else
        scr_fail(s, "%s expected %s \"%s\", got %s%s%s", what, scr_kind_name(want), msg,
                 scr_kind_name(got), got ? ": " : "", got ? err.msg : "");
}

/* ---- invokes ------------------------------------------------------------- */

/* The instance an action at p->tok names, looking ahead without moving. */
static scr_inst *action_target(script *s)
{
    txt_parser *p = &s->p;
    size_t pos = p->pos;
    txt_token kw, t;
    const char *why;
    if (!txt_lex(p->src, p->len, &pos, &kw, &why) || !txt_lex(p->src, p->len, &pos, &t, &why))
        return NULL;
    if (t.kind != TK_ID)
        t.kind = TK_EOF;
    return scr_find_inst(s, &t);
}

/* msg: an assert_trap's; check: an assert_return's results are want. */
static void check_call(script *s, const char *what, comp_outcome *o, const char *msg,
                       bool check, const comp_sval *want, uint32_t nwant)
{
    const wf_trap *trap = comp_outcome_trap(o);
    char buf[256];
    const char *why;
    if (msg) {
        const char *tm = trap ? wf_trap_message(trap) : NULL;
        /* Some reference tests spell wasmtime's display prefix. */
        if (!strncmp(msg, "wasm trap: ", 11))
            msg += 11;
        /* ...and wasmtime's wording of the core `unreachable` trap. */
        if (!strcmp(msg, "wasm `unreachable` instruction executed"))
            msg = "unreachable";
        if (trap && scr_msg_prefix(tm, msg))
            s->passed++;
        else if (trap)
            scr_fail(s, "%s expected trap \"%s\", got trap \"%s\"", what, msg, tm);
        else
            scr_fail(s, "%s expected trap \"%s\", got a return", what, msg);
    } else if (trap) {
        scr_fail(s, "%s expected a return, got trap \"%s\"", what, wf_trap_message(trap));
    } else if (!check || comp_outcome_matches(o, want, nwant, buf, sizeof buf, &why)) {
        s->passed++;
    } else {
        fprintf(s->out, "%s:%u: %s: %s; got ", s->path, scr_line(s, s->cmd_off), what, why);
        comp_outcome_print(o, s->out);
        fputc('\n', s->out);
        s->failed++;
    }
}

bool scr_comp_action(script *s, const char *what)
{
    txt_parser *p = &s->p;
    scr_inst *e = action_target(s);
    if (!e || (!e->ci && !e->failed))
        return false;
    bool is_ret = !strcmp(what, "assert_return");
    bool is_trap = !strcmp(what, "assert_trap");
    txt_next(p);
    if (!txt_is_kw(p, "invoke"))
        txt_fail(p, p->tok.off, "components have no globals to get");
    txt_next(p);
    if (p->tok.kind == TK_ID)
        txt_next(p);
    size_t nlen;
    if (p->tok.kind != TK_STRING)
        txt_fail(p, p->tok.off, "expected an export name");
    const char *name = (const char *)scr_strings(s, &nlen);
    uint32_t nargs;
    comp_sval *args = scr_comp_values(s, &nargs, false);
    txt_expect_rpar(p);
    comp_sval *want = NULL;
    uint32_t nwant = 0;
    const char *msg = NULL;
    if (is_ret)
        want = scr_comp_values(s, &nwant, true);
    if (is_trap) {
        size_t mlen;
        if (p->tok.kind != TK_STRING)
            txt_fail(p, p->tok.off, "expected a message string");
        msg = (const char *)scr_strings(s, &mlen);
    }
    if (what[0] != 'i')
        txt_expect_rpar(p);
    if (s->opts->parse_only) {
        s->passed++;
        return true;
    }
    if (!e->ci) {
        scr_fail(s, "%s: the component failed to instantiate", what);
        return true;
    }
    char buf[256];
    const char *why = NULL;
    comp_outcome *o = strlen(name) != nlen ? NULL
                      : comp_instance_call(e->ci, name, args, nargs, buf, sizeof buf, &why);
    if (!o)
        scr_fail(s, "%s: %s", what, why ? why : "bad export name");
    else
        check_call(s, what, o, msg, is_ret, want, nwant);
    comp_outcome_free(o);
    return true;
}

void scr_comp_free(script *s)
{
    for (size_t i = 0; i < s->ninst; i++) {
        comp_instance_free(s->insts[i].ci);
        s->insts[i].ci = NULL;
    }
    for (size_t i = 0; i < s->ninst; i++) {
        comp_component_free(s->insts[i].comp);
        s->insts[i].comp = NULL;
    }
    comp_host_free(s->host);
    s->host = NULL;
    if (s->wasi)
        wasi_ctx_free(s->wasi);
    s->wasi = NULL;
}

/* wave.c — `weft run --invoke 'f(1, "x")' comp.wasm`: component values
 * written and read in the WAVE notation wasmtime uses (numbers, true/false,
 * 'c', "s", [list], (tuple), {field: v}, some(x)/none, ok(x)/err(x),
 * enum and variant cases, {flag, flag}). Several --invoke run in order
 * against one instance. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "comp_int.h"

typedef struct comp_root comp_root;
comp_root *comp_instantiate(const comp_component *c, comp_host *host, wf_error *err);
void comp_root_free(comp_root *r);
comp_inst *comp_root_exports(comp_root *r);

/* ---- parsing ------------------------------------------------------------ */

typedef struct wp { const char *p; wf_arena *a; const char *err; } wp;

static void ws(wp *w)
{
    while (*w->p == ' ' || *w->p == '\t' || *w->p == '\n')
        w->p++;
}

static bool perr(wp *w, const char *msg)
{
    if (!w->err)
        w->err = msg;
    return false;
}

static bool eat(wp *w, char c)
{
    ws(w);
    if (*w->p != c)
        return false;
    w->p++;
    return true;
}

static size_t label_len(const char *p)
{
    size_t n = 0;
    while ((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z') ||
           (p[n] >= '0' && p[n] <= '9') || p[n] == '-' || p[n] == '%')
        n++;
    return n;
}

static bool is_label(wp *w, const char *label)
{
    ws(w);
    size_t n = label_len(w->p), l = strlen(label);
    const char *p = w->p + (*w->p == '%');
    if (*w->p == '%')
        n--;
    if (n != l || memcmp(p, label, l))
        return false;
    w->p = p + l;
    return true;
}

/* A Unicode scalar value written in UTF-8 at p; its length, or -1 for an
 * ill-formed sequence (stray continuation byte, overlong form, surrogate,
 * beyond U+10FFFF, cut short by the end of the text). The guest must only
 * ever get well-formed strings and chars. */
static int utf8_get(const char *p, uint32_t *cp)
{
    const uint8_t *s = (const uint8_t *)p;
    int n = s[0] < 0x80 ? 1 : (s[0] & 0xe0) == 0xc0 ? 2 : (s[0] & 0xf0) == 0xe0 ? 3 :
            (s[0] & 0xf8) == 0xf0 ? 4 : -1;
    if (n < 0)
        return -1;
    uint32_t c = n == 1 ? s[0] : s[0] & (0x7fu >> n);
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)     /* also stops at the terminating NUL */
            return -1;
        c = c << 6 | (s[i] & 63u);
    }
    static const uint32_t least[] = { 0, 0, 0x80, 0x800, 0x10000 };
    if (c < least[n] || c > 0x10ffff || (c >= 0xd800 && c < 0xe000))
        return -1;
    *cp = c;
    return n;
}

static bool is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* One character of a quoted literal, escapes decoded: its code point in
 * *cp and its UTF-8 bytes in out; the length, or -1 (w->p then still at
 * the character, never past the end of the text). */
static int quoted_char(wp *w, char *out, uint32_t *cp)
{
    const char *p = w->p;
    if (!*p)
        return -1;      /* the end of the text: the literal is unterminated */
    if (*p != '\\') {
        int n = utf8_get(p, cp);
        if (n < 0)
            return -1;
        memcpy(out, p, (size_t)n);
        w->p += n;
        return n;
    }
    switch (p[1]) {
    case 'n': *cp = '\n'; break;
    case 't': *cp = '\t'; break;
    case 'r': *cp = '\r'; break;
    case '\\': case '\'': case '"': *cp = (uint8_t)p[1]; break;
    case 'u': {
        /* \u{hex}: one to six hex digits, a scalar value. */
        size_t k = 0;
        uint32_t c = 0;
        if (p[2] != '{')
            return -1;
        while (k < 6 && is_hex(p[3 + k])) {
            char h = p[3 + k++];
            c = c << 4 | (uint32_t)(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
        }
        if (!k || p[3 + k] != '}' || c > 0x10ffff || (c >= 0xd800 && c < 0xe000))
            return -1;
        *cp = c;
        w->p += 4 + k;
        return (int)wf_utf8_put((uint8_t *)out, c);
    }
    default:
        return -1;
    }
    w->p += 2;
    return (int)wf_utf8_put((uint8_t *)out, *cp);
}

static bool parse_val(wp *w, const comp_type *t, comp_val *v);

static bool parse_int(wp *w, const comp_type *t, comp_val *v)
{
    static const struct { uint8_t k; int64_t lo; uint64_t hi; } r[] = {
        { T_S8, -128, 127 }, { T_U8, 0, 255 }, { T_S16, -32768, 32767 }, { T_U16, 0, 65535 },
        { T_S32, INT32_MIN, INT32_MAX }, { T_U32, 0, UINT32_MAX }, { T_S64, INT64_MIN, INT64_MAX },
        { T_U64, 0, UINT64_MAX },
    };
    ws(w);
    bool neg = *w->p == '-';
    char *end;
    /* Decimal digits only (strtoull alone would take "+", spaces, 0x and
     * octal 010 == 8); past 2^64 - 1 it saturates with ERANGE. */
    if (w->p[neg] < '0' || w->p[neg] > '9')
        return perr(w, "expected a number");
    errno = 0;
    uint64_t u = strtoull(w->p + neg, &end, 10);
    if (errno == ERANGE)
        return perr(w, "number out of range");
    w->p = end;
    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++) {
        if (r[i].k != t->kind)
            continue;
        if (neg ? (r[i].lo == 0 || u > (uint64_t)-(r[i].lo + 1) + 1) : u > r[i].hi)
            return perr(w, "number out of range");
        v->kind = t->kind;
        if (neg)
            v->of.s = (int64_t)(0 - u);
        else if (t->kind == T_S8 || t->kind == T_S16 || t->kind == T_S32 || t->kind == T_S64)
            v->of.s = (int64_t)u;
        else
            v->of.u = u;
        return true;
    }
    return perr(w, "internal: not an integer type");
}

static bool parse_float(wp *w, const comp_type *t, comp_val *v)
{
    double d;
    ws(w);
    if (is_label(w, "nan")) d = NAN;
    else if (is_label(w, "inf")) d = INFINITY;
    else if (!strncmp(w->p, "-inf", 4)) { d = -INFINITY; w->p += 4; }
    else {
        char *end;
        d = strtod(w->p, &end);
        if (end == w->p)
            return perr(w, "expected a float");
        w->p = end;
    }
    v->kind = t->kind;
    if (t->kind == T_F32)
        v->of.f32 = (float)d;
    else
        v->of.f64 = d;
    return true;
}

static bool parse_string(wp *w, comp_val *v)
{
    if (!eat(w, '"'))
        return perr(w, "expected a string");
    size_t cap = strlen(w->p) + 1, n = 0;
    char *o = wf_arena_alloc(w->a, cap);
    if (!o)
        return perr(w, "out of memory");
    while (*w->p && *w->p != '"') {
        uint32_t cp;
        int k = quoted_char(w, o + n, &cp);
        if (k < 0)
            return perr(w, "bad escape or UTF-8 in string");
        n += (size_t)k;
    }
    if (*w->p != '"')
        return perr(w, "unterminated string");
    w->p++;
    v->kind = T_STRING;
    v->of.str.p = o;
    v->of.str.len = (uint32_t)n;
    return true;
}

static bool parse_char(wp *w, comp_val *v)
{
    char buf[4];
    uint32_t cp = 0;
    if (!eat(w, '\''))
        return perr(w, "expected a char");
    int k = quoted_char(w, buf, &cp);
    if (k < 0 || *w->p != '\'')
        return perr(w, "bad char literal");
    w->p++;
    v->kind = T_CHAR;
    v->of.ch = cp;
    return true;
}

/* Elements in brackets: [a, b] or (a, b); `types` gives each one's type
 * (or one type for all when all_same). */
static bool parse_seq(wp *w, char open, char close, comp_type *const *types, bool all_same,
                      uint32_t want, comp_val *v, uint8_t kind)
{
    if (!eat(w, open))
        return perr(w, "expected a list or tuple");
    uint32_t n = 0, cap = 8;
    comp_val *e = wf_arena_alloc(w->a, cap * sizeof *e);
    ws(w);
    while (e && *w->p != close) {
        if (n == cap) {
            comp_val *ne = wf_arena_alloc(w->a, cap * 2 * sizeof *ne);
            if (!ne)
                return perr(w, "out of memory");
            memcpy(ne, e, n * sizeof *e);
            e = ne;
            cap *= 2;
        }
        if (!all_same && n >= want)
            return perr(w, "too many elements");
        if (!parse_val(w, all_same ? types[0] : types[n], &e[n]))
            return false;
        n++;
        if (!eat(w, ','))
            break;
        ws(w);
    }
    if (!e)
        return perr(w, "out of memory");
    if (!eat(w, close) || (!all_same && n != want))
        return perr(w, "wrong number of elements");
    v->kind = kind;
    v->of.agg.v = e;
    v->of.agg.n = n;
    return true;
}

static bool parse_case(wp *w, const comp_type *t, comp_val *v)
{
    const comp_type *payload[2] = { NULL, NULL };
    static const char *opt[] = { "none", "some" }, *res[] = { "ok", "err" };
    const char **names = t->kind == T_OPTION ? opt : t->kind == T_RESULT ? res : t->labels;
    uint32_t n = t->kind == T_OPTION || t->kind == T_RESULT ? 2 : t->n;
    if (t->kind == T_OPTION)
        payload[1] = t->t[0];
    if (t->kind == T_RESULT) {
        payload[0] = t->t[0];
        payload[1] = t->t[1];
    }
    for (uint32_t i = 0; i < n; i++) {
        const char *save = w->p;
        if (!is_label(w, names[i]))
            continue;
        const comp_type *pt = t->kind == T_VARIANT ? t->t[i] : t->kind == T_ENUM ? NULL : payload[i];
        v->kind = t->kind;
        v->of.var.disc = i;
        v->of.var.payload = NULL;
        if (!pt)
            return true;
        if (!eat(w, '(')) {
            w->p = save;
            return perr(w, "expected a payload");
        }
        v->of.var.payload = wf_arena_alloc(w->a, sizeof(comp_val));
        if (!v->of.var.payload)
            return perr(w, "out of memory");
        if (!parse_val(w, pt, v->of.var.payload))
            return false;
        return eat(w, ')') || perr(w, "expected )");
    }
    return perr(w, "unknown case");
}

static bool parse_record(wp *w, const comp_type *t, comp_val *v)
{
    comp_val *f = wf_arena_alloc(w->a, t->n * sizeof *f);
    if (!f || !eat(w, '{'))
        return perr(w, "expected a record");
    for (uint32_t i = 0; i < t->n; i++) {
        if ((i && !eat(w, ',')) || !is_label(w, t->labels[i]) || !eat(w, ':'))
            return perr(w, "expected the record's fields in order");
        if (!parse_val(w, t->t[i], &f[i]))
            return false;
    }
    eat(w, ',');
    if (!eat(w, '}'))
        return perr(w, "expected }");
    v->kind = T_RECORD;
    v->of.agg.v = f;
    v->of.agg.n = t->n;
    return true;
}

static bool parse_flags(wp *w, const comp_type *t, comp_val *v)
{
    if (!eat(w, '{'))
        return perr(w, "expected flags");
    v->kind = T_FLAGS;
    v->of.flags = 0;
    ws(w);
    while (*w->p != '}') {
        uint32_t i = 0;
        while (i < t->n && !is_label(w, t->labels[i]))
            i++;
        if (i == t->n)
            return perr(w, "unknown flag");
        v->of.flags |= 1u << i;
        if (!eat(w, ','))
            break;
        ws(w);
    }
    return eat(w, '}') || perr(w, "expected }");
}

static bool parse_val(wp *w, const comp_type *t, comp_val *v)
{
    memset(v, 0, sizeof *v);
    switch (t->kind) {
    case T_BOOL:
        v->kind = T_BOOL;
        if (is_label(w, "true")) { v->of.b = true; return true; }
        if (is_label(w, "false")) return true;
        return perr(w, "expected true or false");
    case T_S8: case T_U8: case T_S16: case T_U16: case T_S32: case T_U32: case T_S64: case T_U64:
        return parse_int(w, t, v);
    case T_F32: case T_F64: return parse_float(w, t, v);
    case T_CHAR: return parse_char(w, v);
    case T_STRING: return parse_string(w, v);
    case T_LIST: return parse_seq(w, '[', ']', t->t, true, 0, v, T_LIST);
    case T_TUPLE: return parse_seq(w, '(', ')', t->t, false, t->n, v, T_TUPLE);
    case T_RECORD: return parse_record(w, t, v);
    case T_FLAGS: return parse_flags(w, t, v);
    case T_VARIANT: case T_ENUM: case T_OPTION: case T_RESULT: return parse_case(w, t, v);
    }
    return perr(w, "values of this type cannot be written");
}

/* ---- printing ------------------------------------------------------------ */

/* v of type t in WAVE notation (also used by comp_api.c for `weft wast`). */
void comp_val_print(FILE *out, const comp_type *t, const comp_val *v);

static void print_str(FILE *out, const char *s, uint32_t n, char quote)
{
    fputc(quote, out);
    for (uint32_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == (unsigned char)quote || c == '\\') fprintf(out, "\\%c", c);
        else if (c == '\n') fputs("\\n", out);
        else if (c == '\t') fputs("\\t", out);
        else if (c == '\r') fputs("\\r", out);
        else if (c < 0x20 || c == 0x7f) fprintf(out, "\\u{%x}", c);
        else fputc(c, out);
    }
    fputc(quote, out);
}

static void print_float(FILE *out, double d, bool f32)
{
    if (isnan(d)) { fputs("nan", out); return; }
    if (isinf(d)) { fputs(d < 0 ? "-inf" : "inf", out); return; }
    char buf[64];
    for (int p = 1; p <= 17; p++) {
        snprintf(buf, sizeof buf, "%.*g", p, d);
        double back = strtod(buf, NULL);
        if (f32 ? (float)back == (float)d : back == d)
            break;
    }
    fputs(buf, out);
}

void comp_val_print(FILE *out, const comp_type *t, const comp_val *v)
{
    static const char *opt[] = { "none", "some" }, *res[] = { "ok", "err" };
    switch (t->kind) {
    case T_BOOL: fputs(v->of.b ? "true" : "false", out); return;
    case T_S8: case T_S16: case T_S32: case T_S64: fprintf(out, "%lld", (long long)v->of.s); return;
    case T_U8: case T_U16: case T_U32: case T_U64: fprintf(out, "%llu", (unsigned long long)v->of.u); return;
    case T_F32: print_float(out, v->of.f32, true); return;
    case T_F64: print_float(out, v->of.f64, false); return;
    case T_CHAR: {
        uint8_t buf[4];
        size_t n = wf_utf8_put(buf, v->of.ch);
        print_str(out, (const char *)buf, (uint32_t)n, '\'');
        return;
    }
    case T_STRING: print_str(out, v->of.str.p, v->of.str.len, '"'); return;
    case T_LIST: case T_TUPLE: {
        fputc(t->kind == T_LIST ? '[' : '(', out);
        uint32_t n = v->bytes ? v->of.bs.n : v->of.agg.n;
        for (uint32_t i = 0; i < n; i++) {
            if (i)
                fputs(", ", out);
            if (v->bytes)
                fprintf(out, "%u", v->of.bs.p[i]);
            else
                comp_val_print(out, t->kind == T_LIST ? t->t[0] : t->t[i], &v->of.agg.v[i]);
        }
        fputc(t->kind == T_LIST ? ']' : ')', out);
        return;
    }
    case T_RECORD:
        fputs("{", out);
        for (uint32_t i = 0; i < t->n; i++) {
            fprintf(out, "%s%s: ", i ? ", " : "", t->labels[i]);
            comp_val_print(out, t->t[i], &v->of.agg.v[i]);
        }
        fputs("}", out);
        return;
    case T_FLAGS: {
        bool first = true;
        fputc('{', out);
        for (uint32_t i = 0; i < t->n; i++)
            if (v->of.flags & (1u << i)) {
                fprintf(out, "%s%s", first ? "" : ", ", t->labels[i]);
                first = false;
            }
        fputc('}', out);
        return;
    }
    case T_VARIANT: case T_ENUM: case T_OPTION: case T_RESULT: {
        uint32_t d = v->of.var.disc;
        const comp_type *pt = t->kind == T_VARIANT ? t->t[d] : t->kind == T_OPTION ? (d ? t->t[0] : NULL) :
                              t->kind == T_RESULT ? t->t[d] : NULL;
        fputs(t->kind == T_OPTION ? opt[d] : t->kind == T_RESULT ? res[d] : t->labels[d], out);
        if (pt && v->of.var.payload) {
            fputc('(', out);
            comp_val_print(out, pt, v->of.var.payload);
            fputc(')', out);
        }
        return;
    }
    case T_OWN: case T_BORROW:
        fprintf(out, "<resource %u>", v->of.h.rep);
        return;
    }
    fputs("?", out);
}

/* ---- invoking --------------------------------------------------------------- */

static int trap_status(wf_trap *t)
{
    int code;
    if (wf_trap_exit_code(t, &code)) {
        wf_trap_free(t);
        return code;
    }
    fprintf(stderr, "Error: %s\n", wf_trap_message(t));
    wf_trap_free(t);
    return 1;
}

/* One "name(args)" call; prints the result (nothing for none). */
static int invoke_one(comp_inst *exports, comp_host *host, const char *expr)
{
    size_t nl = strcspn(expr, "(");
    char name[256];
    if (nl >= sizeof name) {
        fputs("Error: --invoke: name too long\n", stderr);
        return 2;
    }
    memcpy(name, expr, nl);
    name[nl] = 0;
    comp_item *it = comp_inst_find(exports, name);
    if (!it || it->sort != S_FUNC || !((comp_func *)it->p)->type) {
        fprintf(stderr, "Error: no exported function '%s'\n", name);
        return 1;
    }
    comp_func *f = it->p;
    const comp_type *ft = f->type;
    wf_arena a = {0};
    comp_val *args = wf_arena_alloc(&a, (ft->n + 1) * sizeof *args), result = {0};
    wp w = { expr + nl, &a, NULL };
    int status = 0;
    if (!args)
        w.err = "out of memory";
    if (expr[nl] == '(') {
        w.p++;
        for (uint32_t i = 0; args && i < ft->n && !w.err; i++)
            if ((i && !eat(&w, ',')) || !parse_val(&w, ft->t[i], &args[i]))
                perr(&w, "bad argument");
        eat(&w, ',');
        if (!w.err && !eat(&w, ')'))
            perr(&w, "expected ) after the arguments");
    } else if (ft->n) {
        perr(&w, "arguments are missing");
    }
    ws(&w);
    if (!w.err && *w.p)
        perr(&w, "text after the call");
    if (w.err) {
        fprintf(stderr, "Error: --invoke %s: %s\n", expr, w.err);
        status = 2;
    } else {
        wf_trap *t = comp_func_call(f, host, &a, args, ft->n, &result);
        if (t) {
            status = trap_status(t);
        } else if (ft->ret) {
            comp_val_print(stdout, ft->ret, &result);
            putchar('\n');
        }
    }
    wf_arena_free(&a);
    return status;
}

int comp_run_invokes(const comp_component *c, comp_host *host, const char *file,
                     const char *const *invokes, int n)
{
    wf_error err = {0};
    comp_root *root = comp_instantiate(c, host, &err);
    if (!root) {
        fprintf(stderr, "Error: %s: %s\n", file, err.msg);
        return 1;
    }
    int status = 0;
    for (int i = 0; i < n && !status; i++) {
        status = invoke_one(comp_root_exports(root), host, invokes[i]);
        fflush(stdout);
    }
    comp_root_free(root);
    return status;
}

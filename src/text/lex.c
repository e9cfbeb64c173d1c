/* lex.c — the text format's tokens, comments and string escapes. */
#include "txt.h"

#include <stdlib.h>
#include <string.h>

/* idchar: the printable ASCII characters except space " , ; ( ) [ ] { }.
 * A table: this test runs for every byte of every token. */
static const uint8_t idchar[256] = {
    ['!'] = 1, ['#'] = 1, ['$'] = 1, ['%'] = 1, ['&'] = 1, ['\''] = 1, ['*'] = 1, ['+'] = 1,
    ['-'] = 1, ['.'] = 1, ['/'] = 1, [':'] = 1, ['<'] = 1, ['='] = 1, ['>'] = 1, ['?'] = 1,
    ['@'] = 1, ['\\'] = 1, ['^'] = 1, ['_'] = 1, ['`'] = 1, ['|'] = 1, ['~'] = 1,
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
    ['8'] = 1, ['9'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
    ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1,
    ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
    ['y'] = 1, ['z'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
    ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1,
    ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
    ['Y'] = 1, ['Z'] = 1,
};

static inline bool is_idchar(unsigned char c) { return idchar[c]; }

/* The block comment opening at s[*pos] == '(' ';' (nested ones too). */
static bool skip_block_comment(const char *s, size_t n, size_t *pos, const char **why)
{
    size_t depth = 1, i = *pos + 2;
    while (depth) {
        if (i + 1 >= n) {
            *why = "unclosed comment";   /* *pos: where the comment opened */
            return false;
        }
        if (s[i] == '(' && s[i + 1] == ';') {
            depth++;
            i += 2;
        } else if (s[i] == ';' && s[i + 1] == ')') {
            depth--;
            i += 2;
        } else {
            i++;
        }
    }
    *pos = i;
    return true;
}

static bool lex_string(const char *s, size_t n, size_t *pos, const char **why);
static bool skip_annotation(const char *s, size_t n, size_t *pos, const char **why);

/* Skip whitespace, comments and annotations (`(@id ...)`, which the
 * annotations proposal lets appear wherever whitespace may and says a
 * consumer may ignore); false with *pos and *why set on a lexical error. */
static bool skip_space(const char *s, size_t n, size_t *pos, const char **why)
{
    size_t i = *pos;
    for (;;) {
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
            i++;
        if (i + 1 < n && s[i] == ';' && s[i + 1] == ';') {
            while (i < n && s[i] != '\n' && s[i] != '\r')
                i++;
            continue;
        }
        if (i + 1 < n && s[i] == '(' && (s[i + 1] == ';' || s[i + 1] == '@')) {
            *pos = i;
            if (!(s[i + 1] == ';' ? skip_block_comment : skip_annotation)(s, n, pos, why))
                return false;
            i = *pos;
            continue;
        }
        *pos = i;
        return true;
    }
}

/* A character that may occur in an annotation's tokens outside strings:
 * the idchars and the reserved , ; [ ] { } (3.0's `reserved` tokens). */
static bool annot_char(unsigned char c)
{
    return is_idchar(c) || c == ',' || c == ';' || c == '[' || c == ']' || c == '{' || c == '}';
}

/* What is wrong with the byte at s[i] that starts no token: UTF-8 text
 * outside a string is an illegal character, other bytes >= 0x80 are not
 * UTF-8 at all. */
static const char *bad_char(const char *s, size_t n, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80)
        return "illegal character";
    size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
    if (len > n - i || !wf_utf8_valid((const uint8_t *)s + i, len))
        return "malformed UTF-8 encoding";
    return "illegal character";
}

/* The annotation id after "(@": idchars, or a string that is non-empty
 * valid UTF-8 once its escapes are decoded. */
static bool annotation_id(const char *s, size_t n, size_t *pos, const char **why)
{
    size_t i = *pos;
    if (i < n && s[i] == '"') {
        if (!lex_string(s, n, pos, why))
            return false;
        txt_token t = {TK_STRING, s + i, *pos - i, i};
        uint8_t buf[64], *out = t.len <= sizeof buf ? buf : wf_malloc(t.len);
        size_t k = 0;
        bool ok = out && txt_string_decode(&t, out, &k, why);
        if (ok && !k) {
            *why = "empty annotation id";
            ok = false;
        } else if (ok && !wf_utf8_valid(out, k)) {
            *why = "malformed UTF-8 encoding";
            ok = false;
        } else if (!out) {
            *why = "out of memory";
        }
        if (out != buf)
            free(out);
        if (!ok)
            *pos = i;
        return ok;
    }
    while (i < n && is_idchar((unsigned char)s[i]))
        i++;
    if (i == *pos) {
        *why = "empty annotation id";
        return false;
    }
    *pos = i;
    return true;
}

/* The annotation opening at s[*pos] == '(' '@': its id, then a balanced
 * tree of tokens, all skipped. A loop with a depth count, not recursion:
 * input nested a million deep must not exhaust the stack. */
static bool skip_annotation(const char *s, size_t n, size_t *pos, const char **why)
{
    size_t start = *pos, i = start + 2, depth = 1;
    if (!annotation_id(s, n, &i, why)) {
        *pos = i == start + 2 ? start : i;
        return false;
    }
    while (depth) {
        if (i >= n) {
            *pos = start;
            *why = "unclosed annotation";
            return false;
        }
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            i++;
        } else if (c == ';' && i + 1 < n && s[i + 1] == ';') {
            while (i < n && s[i] != '\n' && s[i] != '\r')
                i++;
        } else if (c == '(' && i + 1 < n && s[i + 1] == ';') {
            if (!skip_block_comment(s, n, &i, why)) {
                *pos = i;
                return false;
            }
        } else if (c == '(' || c == ')') {
            depth += c == '(' ? 1 : (size_t)-1;
            i++;
        } else if (c == '"') {
            if (!lex_string(s, n, &i, why)) {
                *pos = i;
                return false;
            }
        } else if (annot_char(c)) {
            i++;
        } else {
            *pos = i;
            *why = bad_char(s, n, i);
            return false;
        }
    }
    *pos = i;
    return true;
}

static bool lex_string(const char *s, size_t n, size_t *pos, const char **why)
{
    size_t i = *pos + 1;
    while (i < n && s[i] != '"') {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f) {
            *why = "illegal character in string";
            *pos = i;
            return false;
        }
        if (c == '\\' && i + 1 < n)
            i++;
        i++;
    }
    if (i >= n) {
        *why = "unclosed string";
        *pos = n;
        return false;
    }
    *pos = i + 1;
    return true;
}

bool txt_lex(const char *s, size_t n, size_t *pos, txt_token *t, const char **why)
{
    if (!skip_space(s, n, pos, why)) {
        t->kind = TK_EOF;
        t->s = s + n;
        t->len = 0;
        t->off = *pos;
        *pos = n;
        return false;
    }
    size_t i = *pos;
    t->off = i;
    t->s = s + i;
    t->len = 1;
    if (i >= n) {
        t->kind = TK_EOF;
        t->len = 0;
        return true;
    }
    unsigned char c = (unsigned char)s[i];
    if (c == '(' || c == ')') {
        t->kind = c == '(' ? TK_LPAR : TK_RPAR;
        *pos = i + 1;
        return true;
    }
    /* A quoted id $"..." lexes as a string after the '$'; txt_quoted_id
     * decodes it to the plain-id spelling names compare by. */
    bool quoted = c == '$' && i + 1 < n && s[i + 1] == '"';
    if (c == '"' || quoted) {
        t->kind = quoted ? TK_ID : TK_STRING;
        *pos = i + quoted;
        bool ok = lex_string(s, n, pos, why);
        t->len = *pos - i;
        if (ok && *pos < n && (s[*pos] == '"' || is_idchar((unsigned char)s[*pos]))) {
            *why = "unknown operator";
            ok = false;
        }
        if (!ok)
            t->kind = TK_BAD;
        return ok;
    }
    if (!is_idchar(c)) {
        t->kind = TK_BAD;
        *pos = i + 1;
        *why = bad_char(s, n, i);
        return false;
    }
    size_t j = i;
    while (j < n && is_idchar((unsigned char)s[j]))
        j++;
    t->len = j - i;
    *pos = j;
    /* A token must end at whitespace, a parenthesis, a comment or EOF. */
    if (j < n && s[j] == '"') {
        t->kind = TK_BAD;
        *why = "unknown operator";
        return false;
    }
    if (c == '$')
        t->kind = t->len > 1 ? TK_ID : TK_ATOM;
    else if (c >= 'a' && c <= 'z')
        t->kind = TK_KEYWORD;
    else
        t->kind = TK_ATOM;
    return true;
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* \u{...} escape at s[i] == 'u'; the result is never longer than the
 * escape text itself (4 UTF-8 bytes need at least "u{10000}"). */
static bool decode_u(const char *s, size_t end, size_t *i, uint8_t *o, size_t *k)
{
    size_t j = *i + 1;
    if (j >= end || s[j] != '{')
        return false;
    j++;
    uint32_t cp = 0;
    size_t digits = 0;
    for (; j < end && s[j] != '}'; j++) {
        if (s[j] == '_' && digits)
            continue;
        int h = hexval((unsigned char)s[j]);
        if (h < 0)
            return false;
        cp = cp * 16 + (uint32_t)h;
        if (cp > 0x10ffff)
            return false;
        digits++;
    }
    if (j >= end || !digits || (cp >= 0xd800 && cp < 0xe000))
        return false;
    *k += wf_utf8_put(o + *k, cp);
    *i = j + 1;
    return true;
}

bool txt_string_decode(const txt_token *t, uint8_t *out, size_t *out_len, const char **why)
{
    const char *s = t->s;
    size_t end = t->len - 1, k = 0;
    for (size_t i = 1; i < end;) {
        unsigned char c = (unsigned char)s[i];
        if (c != '\\') {
            out[k++] = c;
            i++;
            continue;
        }
        if (i + 1 >= end)
            goto bad;
        c = (unsigned char)s[i + 1];
        const char *simple = strchr("tnr\"'\\", c);
        if (simple && c) {
            static const char map[] = "\t\n\r\"'\\";
            out[k++] = (uint8_t)map[simple - "tnr\"'\\"];
            i += 2;
        } else if (c == 'u') {
            i++;
            if (!decode_u(s, end, &i, out, &k))
                goto bad;
        } else {
            int h1 = hexval(c), h2 = i + 2 < end ? hexval((unsigned char)s[i + 2]) : -1;
            if (h1 < 0 || h2 < 0)
                goto bad;
            out[k++] = (uint8_t)(h1 * 16 + h2);
            i += 3;
        }
    }
    *out_len = k;
    return true;
bad:
    *why = "unknown escape sequence";
    return false;
}

bool txt_quoted_id(txt_token *t, wf_arena *a, const char **why)
{
    if (t->kind != TK_ID || t->len < 2 || t->s[1] != '"')
        return true;
    uint8_t *out = wf_arena_alloc(a, t->len);
    if (!out) {
        *why = "out of memory";
        return false;
    }
    txt_token str = {TK_STRING, t->s + 1, t->len - 1, t->off + 1};
    size_t k = 0;
    if (!txt_string_decode(&str, out + 1, &k, why))
        return false;
    if (!k || !wf_utf8_valid(out + 1, k)) {
        *why = k ? "malformed UTF-8 encoding" : "empty identifier";
        return false;
    }
    out[0] = '$';
    t->s = (const char *)out;
    t->len = k + 1;
    return true;
}

void txt_line_col(const char *src, size_t n, size_t off, unsigned *line, unsigned *col)
{
    unsigned l = 1, c = 1;
    if (off > n)
        off = n;
    for (size_t i = 0; i < off; i++) {
        if (src[i] == '\n') {
            l++;
            c = 1;
        } else {
            c++;
        }
    }
    *line = l;
    *col = c;
}

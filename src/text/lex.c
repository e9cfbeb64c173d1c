/* lex.c — the text format's tokens, comments and string escapes. */
#include "txt.h"

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

/* Skip whitespace and comments; false on an unterminated block comment. */
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
        if (i + 1 < n && s[i] == '(' && s[i + 1] == ';') {
            size_t depth = 1, start = i;
            i += 2;
            while (depth) {
                if (i + 1 >= n) {
                    *pos = start;   /* report where the comment opened */
                    *why = "unclosed comment";
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
            continue;
        }
        *pos = i;
        return true;
    }
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
    if (c == '"') {
        t->kind = TK_STRING;
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
        *why = "unexpected character";
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

static size_t put_utf8(uint8_t *o, uint32_t cp)
{
    if (cp < 0x80) {
        o[0] = (uint8_t)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (uint8_t)(0xc0 | (cp >> 6));
        o[1] = (uint8_t)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (uint8_t)(0xe0 | (cp >> 12));
        o[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
        o[2] = (uint8_t)(0x80 | (cp & 0x3f));
        return 3;
    }
    o[0] = (uint8_t)(0xf0 | (cp >> 18));
    o[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3f));
    o[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
    o[3] = (uint8_t)(0x80 | (cp & 0x3f));
    return 4;
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
    *k += put_utf8(o + *k, cp);
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

/* num.c — integer and float literals of the text format.
 *
 * Hex floats are rounded here (round to nearest, ties to even, with a
 * sticky bit for digits beyond 64 bits) rather than trusting strtod for
 * every edge case. Decimal floats go through glibc's strtod/strtof, which
 * are correctly rounded (exact big-number conversion); we strip the
 * underscores first and turn an infinite result into "constant out of
 * range". */
#include "txt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int digit_val(char c, bool hex)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (hex && c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (hex && c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Length of a digit run at s[i] with single underscores between digits;
 * 0 if there is none or an underscore is misplaced. */
static size_t digit_run(const char *s, size_t n, size_t i, bool hex)
{
    size_t j = i;
    if (j >= n || digit_val(s[j], hex) < 0)
        return 0;
    while (j < n) {
        if (digit_val(s[j], hex) >= 0) {
            j++;
        } else if (s[j] == '_' && j + 1 < n && digit_val(s[j + 1], hex) >= 0) {
            j++;
        } else {
            break;
        }
    }
    return j - i;
}

/* Unsigned magnitude of a (sign-less) integer literal; false on syntax
 * error, *overflow set if it does not fit 64 bits. */
static bool parse_mag(const char *s, size_t n, uint64_t *out, bool *overflow)
{
    bool hex = n > 2 && s[0] == '0' && s[1] == 'x';
    size_t i = hex ? 2 : 0;
    size_t run = digit_run(s, n, i, hex);
    if (!run || i + run != n)
        return false;
    uint64_t v = 0, base = hex ? 16 : 10;
    *overflow = false;
    for (; i < n; i++) {
        int d = digit_val(s[i], hex);
        if (d < 0)
            continue;
        if (v > (UINT64_MAX - (uint64_t)d) / base)
            *overflow = true;
        v = v * base + (uint64_t)d;
    }
    *out = v;
    return true;
}

bool txt_uint(const char *s, size_t n, uint64_t max, uint64_t *out)
{
    bool ovf;
    return parse_mag(s, n, out, &ovf) && !ovf && *out <= max;
}

bool txt_int(const char *s, size_t n, unsigned bits, uint64_t *out, const char **why)
{
    bool neg = false, ovf;
    if (n && (s[0] == '+' || s[0] == '-')) {
        neg = s[0] == '-';
        s++;
        n--;
    }
    uint64_t mag;
    if (!parse_mag(s, n, &mag, &ovf)) {
        *why = "unexpected token";
        return false;
    }
    uint64_t umax = bits == 64 ? UINT64_MAX : (1ull << bits) - 1;
    uint64_t nmax = 1ull << (bits - 1);
    if (ovf || (neg ? mag > nmax : mag > umax)) {
        *why = "constant out of range";
        return false;
    }
    uint64_t v = neg ? (uint64_t)0 - mag : mag;
    *out = bits == 64 ? v : v & umax;
    return true;
}

/* IEEE formats: p = significand bits incl. the hidden one. */
typedef struct { int p, emin, emax; } fmt;
static const fmt F32 = {24, -126, 127}, F64 = {53, -1022, 1023};

/* Round mant * 2^exp (plus a sticky fraction) to the format; false on
 * overflow. Result excludes the sign. */
static bool round_bits(fmt f, uint64_t mant, int64_t exp, bool sticky, uint64_t *bits)
{
    if (!mant) {
        *bits = 0;
        return true;
    }
    int bitlen = 64 - __builtin_clzll(mant);
    int64_t top = exp + bitlen - 1;
    int64_t q = top - f.p + 1;
    if (q < f.emin - f.p + 1)
        q = f.emin - f.p + 1;
    int64_t shift = q - exp;
    uint64_t m;
    if (shift <= 0) {
        m = mant << -shift;
    } else if (shift > 64) {
        m = 0;
    } else {
        uint64_t rem = shift == 64 ? mant : mant & ((1ull << shift) - 1);
        uint64_t half = 1ull << (shift - 1);
        m = shift == 64 ? 0 : mant >> shift;
        if (rem > half || (rem == half && (sticky || (m & 1))))
            m++;
    }
    if (m == (1ull << f.p)) {
        m >>= 1;
        q++;
    }
    uint64_t frac_mask = (1ull << (f.p - 1)) - 1;
    if (m <= frac_mask) {  /* subnormal or zero */
        *bits = m;
        return true;
    }
    int64_t e = q + f.p - 1;
    if (e > f.emax)
        return false;
    *bits = ((uint64_t)(e + f.emax) << (f.p - 1)) | (m & frac_mask);
    return true;
}

/* *bits is UINT64_MAX on overflow, anything else on a syntax error. */
static bool hex_float(fmt f, const char *s, size_t n, uint64_t *bits)
{
    size_t i = 2;
    *bits = 0;
    uint64_t mant = 0;
    int64_t exp = 0;
    bool sticky = false;
    size_t run = digit_run(s, n, i, true);
    if (!run)
        return false;
    for (size_t e = i + run; i < e; i++) {
        int d = digit_val(s[i], true);
        if (d < 0)
            continue;
        if (mant >> 60)
            exp += 4, sticky |= d != 0;
        else
            mant = mant * 16 + (uint64_t)d;
    }
    if (i < n && s[i] == '.') {
        i++;
        run = digit_run(s, n, i, true);
        for (size_t e = i + run; i < e; i++) {
            int d = digit_val(s[i], true);
            if (d < 0)
                continue;
            if (mant >> 60) {
                sticky |= d != 0;
            } else {
                mant = mant * 16 + (uint64_t)d;
                exp -= 4;
            }
        }
    }
    if (i < n && (s[i] == 'p' || s[i] == 'P')) {
        i++;
        bool eneg = false;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            eneg = s[i++] == '-';
        run = digit_run(s, n, i, false);
        if (!run)
            return false;
        int64_t ev = 0;
        for (size_t e = i + run; i < e; i++) {
            int d = digit_val(s[i], false);
            if (d >= 0 && ev < 100000000)
                ev = ev * 10 + d;
        }
        exp += eneg ? -ev : ev;
    }
    if (i != n)
        return false;
    if (!round_bits(f, mant, exp, sticky, bits)) {
        *bits = UINT64_MAX;
        return false;
    }
    return true;
}

static bool dec_syntax(const char *s, size_t n)
{
    size_t i = 0, run = digit_run(s, n, 0, false);
    if (!run)
        return false;
    i += run;
    if (i < n && s[i] == '.')
        i++, i += digit_run(s, n, i, false);
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        run = digit_run(s, n, i, false);
        if (!run)
            return false;
        i += run;
    }
    return i == n;
}

/* Parse any float literal into raw bits of format f. */
static bool parse_float(fmt f, const char *s, size_t n, uint64_t *out, const char **why)
{
    uint64_t sign = 0, bits;
    int ebits = f.p == 24 ? 8 : 11;
    uint64_t inf = ((1ull << ebits) - 1) << (f.p - 1);
    *why = "unexpected token";
    if (n && (s[0] == '+' || s[0] == '-')) {
        if (s[0] == '-')
            sign = 1ull << (ebits + f.p - 1);
        s++;
        n--;
    }
    if (n == 3 && !memcmp(s, "inf", 3)) {
        bits = inf;
    } else if (n == 3 && !memcmp(s, "nan", 3)) {
        bits = inf | (1ull << (f.p - 2));
    } else if (n > 6 && !memcmp(s, "nan:0x", 6)) {
        uint64_t payload;
        if (!txt_uint(s + 4, n - 4, (1ull << (f.p - 1)) - 1, &payload) || !payload) {
            bool ovf;
            uint64_t tmp;
            if (parse_mag(s + 4, n - 4, &tmp, &ovf))
                *why = "constant out of range";
            return false;
        }
        bits = inf | payload;
    } else if (n > 2 && s[0] == '0' && s[1] == 'x') {
        if (!digit_run(s, n, 2, true))
            return false;
        if (!hex_float(f, s, n, &bits)) {
            *why = bits == UINT64_MAX ? "constant out of range" : "unexpected token";
            return false;
        }
    } else {
        if (!dec_syntax(s, n))
            return false;
        char small[128];
        char *buf = n < sizeof small ? small : malloc(n + 1);
        if (!buf)
            return false;
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (s[i] != '_')
                buf[k++] = s[i];
        buf[k] = 0;
        bool ok;
        if (f.p == 24) {
            float v = strtof(buf, NULL);
            uint32_t b;
            memcpy(&b, &v, 4);
            bits = b;
            ok = !isinf(v);
        } else {
            double v = strtod(buf, NULL);
            memcpy(&bits, &v, 8);
            ok = !isinf(v);
        }
        if (buf != small)
            free(buf);
        if (!ok) {
            *why = "constant out of range";
            return false;
        }
    }
    *out = sign | bits;
    return true;
}

bool txt_f32(const char *s, size_t n, uint32_t *bits, const char **why)
{
    uint64_t b;
    if (!parse_float(F32, s, n, &b, why))
        return false;
    *bits = (uint32_t)b;
    return true;
}

bool txt_f64(const char *s, size_t n, uint64_t *bits, const char **why)
{
    return parse_float(F64, s, n, bits, why);
}

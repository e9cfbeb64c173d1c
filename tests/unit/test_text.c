/* test_text.c — text format errors: messages carry line:col, and every
 * truncation or corruption of a module gives a clean error, never a crash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/txt.h"
#include "weft.h"

static int failures;

#define CHECK(cond, ...)                                   \
    do {                                                   \
        if (!(cond)) {                                     \
            fprintf(stderr, "%s:%d: ", __FILE__, __LINE__); \
            fprintf(stderr, __VA_ARGS__);                  \
            fputc('\n', stderr);                           \
            failures++;                                    \
        }                                                  \
    } while (0)

/* Converting `src` must fail with a message starting "line:col: " and
 * containing `want`. */
static void expect_error(const char *src, const char *linecol, const char *want)
{
    uint8_t *out = NULL;
    size_t len;
    wf_error err = {0};
    bool ok = wf_wat_to_wasm(src, strlen(src), &out, &len, &err);
    CHECK(!ok, "accepted: %s", src);
    if (ok) {
        free(out);
        return;
    }
    CHECK(err.kind == WF_ERR_MALFORMED, "kind %d for %s", err.kind, src);
    CHECK(!strncmp(err.msg, linecol, strlen(linecol)), "got \"%s\", want prefix \"%s\"", err.msg,
          linecol);
    CHECK(strstr(err.msg, want) != NULL, "got \"%s\", want \"%s\"", err.msg, want);
}

static const char sample[] =
    "(module $m\n"
    "  (type $t (func (param i32) (result i32)))\n"
    "  (import \"env\" \"f\" (func $imp (type $t)))\n"
    "  (memory (export \"mem\") 1 2)\n"
    "  (table 2 funcref) (elem (i32.const 0) $f $imp)\n"
    "  (global $g (mut f64) (f64.const -0x1.8p3))\n"
    "  (data (i32.const 8) \"a\\u{e9}\\00\")\n"
    "  (func $f (export \"f\") (param $x i32) (result i32) (local $y i64)\n"
    "    (block $b (result i32)\n"
    "      (br_if $b (i32.const 1) (local.get $x))\n"
    "      (call_indirect (type $t) (i32.const 0) (i32.const 1))))\n"
    "  (func (result v128) (v128.const f32x4 nan inf -0 0x1p-1)\n"
    "    (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 (v128.const i64x2 1 -1)))\n"
    "  (func (param i32) (drop (i32.atomic.rmw8.add_u offset=4 (local.get 0) (i32.const 1))))\n"
    "  (start $f2) (func $f2))\n";

static void truncations(void)
{
    size_t n = strlen(sample);
    uint8_t *out;
    size_t len;
    wf_error err;
    CHECK(wf_wat_to_wasm(sample, n, &out, &len, &err), "sample: %s", err.msg);
    if (failures)
        return;
    free(out);
    /* Every prefix: must not crash; only the whole text is a module. */
    for (size_t i = 0; i < n - 1; i++) {
        char *cut = malloc(i + 1);
        memcpy(cut, sample, i);
        bool ok = wf_wat_to_wasm(cut, i, &out, &len, &err);
        if (ok)
            free(out);
        CHECK(!ok || i == 0, "prefix of %zu bytes accepted", i);
        free(cut);
    }
    /* Every single-byte corruption: must not crash. */
    static const char junk[] = "()\"$;\\ 0x.9_:=\x80\xff";
    char *buf = malloc(n);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < sizeof junk - 1; j++) {
            memcpy(buf, sample, n);
            buf[i] = junk[j];
            if (wf_wat_to_wasm(buf, n, &out, &len, &err))
                free(out);
        }
    }
    free(buf);
}

static void numbers(void)
{
    uint32_t f;
    uint64_t d, v;
    const char *why;
    CHECK(txt_f32("0x1.fffffefffffffp127", 21, &f, &why) && f == 0x7f7fffff, "f32 max round");
    CHECK(!txt_f32("0x1.ffffffp127", 14, &f, &why) && !strcmp(why, "constant out of range"),
          "f32 overflow");
    CHECK(txt_f32("0x1p-150", 8, &f, &why) && f == 0, "f32 half min ties to even");
    CHECK(txt_f32("0x1.8p-149", 10, &f, &why) && f == 2, "f32 1.5 min rounds to 2");
    CHECK(txt_f64("0x1p-1074", 9, &d, &why) && d == 1, "f64 min subnormal");
    CHECK(txt_f64("0x0.0000000000001p-1022", 23, &d, &why) && d == 1, "f64 subnormal hex");
    CHECK(txt_f64("-nan:0x1", 8, &d, &why) && d == 0xfff0000000000001ull, "nan payload");
    CHECK(txt_f64("1e-400", 6, &d, &why) && d == 0, "f64 underflow to zero");
    CHECK(txt_int("-0x8000_0000", 12, 32, &v, &why) && v == 0x80000000u, "i32 min");
    CHECK(!txt_int("4294967296", 10, 32, &v, &why), "i32 overflow");
    CHECK(!txt_int("1__0", 4, 32, &v, &why), "double underscore");
}

int main(void)
{
    expect_error("(module (func (i32.foo)))", "1:16: ", "unknown operator");
    expect_error("(module\n  (func\n    (nop)\n", "4:1: ", "unexpected end");
    expect_error("(module (func (nop))))", "1:22: ", "unbalanced");
    expect_error("(module\n (func (i32.const 0x1_0000_0000)))", "2:19: ", "constant out of range");
    expect_error("(module (func (call $g)))", "1:21: ", "unknown func $g");
    expect_error("(module (func block br $x end))", "1:24: ", "unknown label $x");
    expect_error("(module (func $a) (func $a))", "1:25: ", "duplicate func $a");
    expect_error("(module (memory $m 1) (memory $m 1))", "1:31: ", "duplicate memory $m");
    expect_error("(module (func (local.get $nope)))", "1:26: ", "unknown local");
    expect_error("(module (data \"\\q\"))", "1:15: ", "unknown escape");
    expect_error("(module (func (f32.const 1e39)))", "1:26: ", "constant out of range");
    expect_error("(module (func (nop) (; unclosed", "1:21: ", "unclosed comment");
    expect_error("(module (func) $", "1:16: ", "unexpected");
    numbers();
    truncations();
    if (failures)
        fprintf(stderr, "%d failures\n", failures);
    return failures != 0;
}

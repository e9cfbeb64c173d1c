/* test_text.c — text format errors: messages carry line:col, and every
 * truncation or corruption of a module gives a clean error, never a crash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/text.h"
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


/* SIMD and atomics encodings: the code section must match, byte for
 * byte, what wabt's wat2wasm produces for the same text. */
static const char simd_wat[] =
    "(module (memory 1 1 shared)\n"
    " (func (result v128) (v128.const i32x4 1 -1 0x7fffffff 0x80000000))\n"
    " (func (result v128) (i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31 (v128.const i64x2 0 0) (v128.const f32x4 nan -inf 0x1p-149 1.5)))\n"
    " (func (result i32) (i32x4.extract_lane 3 (v128.const f64x2 -0 nan:0x4)))\n"
    " (func (result v128) (v128.load8_lane offset=3 align=1 15 (i32.const 0) (v128.const i16x8 0 1 2 3 4 5 6 -32768)))\n"
    " (func (result v128) (f64x2.convert_low_i32x4_u (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 -128 255)))\n"
    " (func (result i32) (memory.atomic.notify offset=8 (i32.const 0) (i32.const 1)))\n"
    " (func (result i64) (i64.atomic.rmw32.cmpxchg_u (i32.const 0) (i64.const 1) (i64.const 2)))\n"
    " (func atomic.fence)\n"
    ")\n";
static const char simd_code_hex[] =
    "081400fd0c01000000ffffffffffffff7f000000800b3800fd0c000000000000"
    "00000000000000000000fd0c0000c07f000080ff010000000000c03ffd0d0011"
    "02130415061708190a1b0c1d0e1f0b1700fd0c00000000000000800400000000"
    "00f07ffd1b030b1b004100fd0c00000100020003000400050006000080fd5400"
    "030f0b1700fd0c000102030405060708090a0b0c0d80fffdff010b0a00410041"
    "01fe0002080b0c00410042014202fe4e02000b0500fe03000b";

static void simd_encoding(void)
{
    uint8_t *out;
    size_t len;
    wf_error err;
    CHECK(wf_wat_to_wasm(simd_wat, strlen(simd_wat), &out, &len, &err), "simd: %s", err.msg);
    if (failures)
        return;
    /* Walk the sections to the code section (id 10). */
    size_t p = 8, code = 0, code_len = 0;
    while (p < len) {
        uint8_t id = out[p++];
        uint32_t n = 0;
        for (int shift = 0; p < len; shift += 7) {
            uint8_t b = out[p++];
            n |= (uint32_t)(b & 0x7f) << shift;
            if (!(b & 0x80))
                break;
        }
        if (id == 10) {
            code = p;
            code_len = n;
        }
        p += n;
    }
    char hex[1024] = "";
    for (size_t i = 0; i < code_len && 2 * i + 2 < sizeof hex; i++)
        snprintf(hex + 2 * i, 3, "%02x", out[code + i]);
    CHECK(!strcmp(hex, simd_code_hex), "simd code section\n got  %s\n want %s", hex, simd_code_hex);
    free(out);
}

/* The script runner: one "file:line: ..." line per failure, a command
 * that cannot be parsed is one failure and the next command still runs. */
static const char script_text[] =
    "(module $m (func (export \"one\") (result i32) (i32.const 1)))\n"
    "(assert_return (invoke \"one\") (i32.const 1))\n"
    "(assert_return (invoke \"one\") (i32.const 2))\n"
    "(assert_return (invoke \"one\") (i32.const 0x1_0000_0000))\n"
    "(bogus command)\n"
    "(assert_trap (invoke $m \"one\") \"unreachable\")\n"
    "(assert_malformed (module quote \"(func (i32.nope))\") \"unknown operator\")\n"
    "(assert_return (invoke \"one\") (i32.const 1))\n"
    "(assert_return (invoke \"one\"";   /* truncated */

static void run_script(bool parse_only, unsigned want_pass, unsigned want_fail,
                       const char *const *want_lines)
{
    char path[] = "/tmp/weft_test_text_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0, "mkstemp");
    if (fd < 0)
        return;
    FILE *f = fdopen(fd, "w");
    fputs(script_text, f);
    fclose(f);
    char *buf = NULL;
    size_t blen = 0;
    FILE *out = open_memstream(&buf, &blen);
    txt_script_opts opts = {parse_only, false};
    unsigned passed = 0, failed = 0;
    CHECK(txt_script_run(path, &opts, out, &passed, &failed), "script run");
    fclose(out);
    CHECK(passed == want_pass && failed == want_fail, "parse_only=%d: %u passed, %u failed\n%s",
          parse_only, passed, failed, buf);
    for (const char *const *l = want_lines; *l; l++) {
        char want[128];
        snprintf(want, sizeof want, "%s:%s", path, *l);
        CHECK(strstr(buf, want) != NULL, "missing \"%s\" in:\n%s", want, buf);
    }
    free(buf);
    remove(path);
}

static void scripts(void)
{
    static const char *const parse_lines[] = {"4: cannot parse command: 4:42: constant out of range",
                                              "5: cannot parse command", "9: cannot parse command",
                                              NULL};
    run_script(true, 6, 3, parse_lines);
    static const char *const run_lines[] = {
        "3: assert_return expected [i32:2 (0x00000002)], got [i32:1 (0x00000001)]",
        "6: assert_trap expected trap \"unreachable\", got a return", NULL};
    run_script(false, 4, 5, run_lines);
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
    simd_encoding();
    scripts();
    truncations();
    if (failures)
        fprintf(stderr, "%d failures\n", failures);
    return failures != 0;
}

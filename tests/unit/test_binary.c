/* test_binary.c — the binary reader: malformed inputs give the right
 * message and offset; every element and data encoding decodes. */
#include <stdio.h>
#include <string.h>

#include "binary/binary.h"
#include "valid/valid.h"

static int failures;

#define HDR "\0asm\1\0\0\0"

/* Decode `len` bytes and expect failure with a message starting `want` at
 * `offset` (offset < 0: don't check). */
static void bad(const char *what, const char *bytes, size_t len, const char *want, long offset)
{
    wf_error err = {0};
    wf_module *m = bin_decode((const uint8_t *)bytes, len, &err);
    if (m) {
        printf("FAIL %s: decoded, expected \"%s\"\n", what, want);
        bin_module_free(m);
        failures++;
        return;
    }
    if (err.kind != WF_ERR_MALFORMED || strncmp(err.msg, want, strlen(want)) ||
        (offset >= 0 && err.offset != (size_t)offset)) {
        printf("FAIL %s: got \"%s\" at %zu, expected \"%s\" at %ld\n", what, err.msg,
               err.offset, want, offset);
        failures++;
    }
}

static wf_module *good(const char *what, const char *bytes, size_t len)
{
    wf_error err = {0};
    wf_module *m = bin_decode((const uint8_t *)bytes, len, &err);
    if (!m) {
        printf("FAIL %s: \"%s\" at %zu\n", what, err.msg, err.offset);
        failures++;
    }
    return m;
}

#define BAD(what, lit, want, off) bad(what, lit, sizeof(lit) - 1, want, off)
#define GOOD(what, lit) good(what, lit, sizeof(lit) - 1)

static void check(bool cond, const char *what)
{
    if (!cond) {
        printf("FAIL %s\n", what);
        failures++;
    }
}

static void test_preamble(void)
{
    BAD("empty", "", "unexpected end", 0);
    BAD("short magic", "\0as", "unexpected end", 0);
    BAD("wrong magic", "\0wasm\1\0\0\0", "magic header not detected", 0);
    BAD("short version", "\0asm\1\0", "unexpected end", 4);
    BAD("version 2", "\0asm\2\0\0\0", "unknown binary version", 4);
    wf_module *m = GOOD("empty module", HDR);
    bin_module_free(m);
}

static void test_framing(void)
{
    BAD("section id 14", HDR "\x0e\x00", "malformed section id", 8);
    BAD("section past end", HDR "\x01\x05\x00", "length out of bounds", 10);
    BAD("size mismatch", HDR "\x01\x02\x00\x00", "section size mismatch", 10);
    BAD("out of order", HDR "\x03\x01\x00\x01\x01\x00", "unexpected content after last section", 11);
    BAD("repeated", HDR "\x01\x01\x00\x01\x01\x00", "unexpected content after last section", 11);
    BAD("overlong count", HDR "\x01\x06\x80\x80\x80\x80\x80\x00", "integer representation too long", 10);
    BAD("count too large", HDR "\x01\x05\xff\xff\xff\xff\x7f", "integer too large", 10);
    BAD("custom size past end", HDR "\x00\x09\x04name", "length out of bounds", 10);
    BAD("custom bad utf8", HDR "\x00\x03\x02\xc0\x80", "malformed UTF-8 encoding", 11);
    BAD("missing elements", HDR "\x05\x01\x01", "unexpected end of section or function", -1);
    wf_module *m = GOOD("custom anywhere", HDR "\x00\x02\x01x" "\x01\x01\x00" "\x00\x02\x01y");
    bin_module_free(m);
}

static void test_entities(void)
{
    BAD("bad valtype", HDR "\x01\x05\x01\x60\x01\x40\x00", "malformed value type", 13);
    BAD("import kind", HDR "\x02\x04\x01\x00\x00\x05", "malformed import kind", 13);
    BAD("import utf8", HDR "\x02\x06\x01\x01\xff\x00\x03\x00", "malformed UTF-8 encoding", 12);
    BAD("mutability", HDR "\x02\x06\x01\x00\x00\x03\x7f\x02", "malformed mutability", 15);
    BAD("reftype", HDR "\x04\x04\x01\x7f\x00\x01", "malformed reference type", 11);
    BAD("elem kind", HDR "\x09\x02\x01\x08", "malformed elements segment kind", 11);
    BAD("func/code", HDR "\x01\x04\x01\x60\x00\x00\x03\x02\x01\x00", "function and code section", -1);
    BAD("data count", HDR "\x05\x03\x01\x00\x01\x0c\x01\x02\x0b\x01\x00",
        "data count and data section have inconsistent lengths", -1);
    BAD("too many locals",
        HDR "\x01\x04\x01\x60\x00\x00\x03\x02\x01\x00"
            "\x0a\x10\x01\x0e\x02\xff\xff\xff\xff\x0f\x7f\x81\x80\x80\x80\x00\x7e\x0b",
        "too many locals", 29);
    BAD("body past section", HDR "\x01\x04\x01\x60\x00\x00\x03\x02\x01\x00\x0a\x04\x01\x05\x00\x0b",
        "length out of bounds", 22);
    BAD("illegal opcode in init", HDR "\x06\x04\x01\x7f\x00\xff", "illegal opcode", -1);
}

/* One table, two functions; element segments in all eight encodings. */
static void test_elem_encodings(void)
{
    static const char mod[] =
        HDR "\x01\x04\x01\x60\x00\x00"          /* type () -> () */
        "\x03\x03\x02\x00\x00"                  /* two functions */
        "\x04\x04\x01\x70\x00\x0a"              /* table 10 funcref */
        "\x09\x32\x08"                          /* 8 segments: */
        "\x00\x41\x00\x0b\x01\x00"              /* 0: active t0, funcs */
        "\x01\x00\x01\x01"                      /* 1: passive, elemkind, funcs */
        "\x02\x00\x41\x01\x0b\x00\x01\x00"      /* 2: active table 0, elemkind, funcs */
        "\x03\x00\x01\x01"                      /* 3: declarative, funcs */
        "\x04\x41\x02\x0b\x01\xd2\x00\x0b"      /* 4: active t0, exprs */
        "\x05\x70\x01\xd0\x70\x0b"              /* 5: passive, reftype, exprs */
        "\x06\x00\x41\x03\x0b\x70\x00"          /* 6: active table 0, reftype, exprs */
        "\x07\x70\x01\xd2\x01\x0b"              /* 7: declarative, exprs */
        "\x0a\x07\x02\x02\x00\x0b\x02\x00\x0b"; /* code */
    wf_module *m = GOOD("8 elem encodings", mod);
    if (!m)
        return;
    check(m->nelems == 8, "8 segments");
    static const bin_segmode modes[8] = {BIN_SEG_ACTIVE, BIN_SEG_PASSIVE, BIN_SEG_ACTIVE,
                                         BIN_SEG_DECLARATIVE, BIN_SEG_ACTIVE, BIN_SEG_PASSIVE,
                                         BIN_SEG_ACTIVE, BIN_SEG_DECLARATIVE};
    for (int i = 0; i < 8 && i < (int)m->nelems; i++) {
        char what[64];
        snprintf(what, sizeof what, "segment %d mode", i);
        check(m->elems[i].mode == modes[i], what);
        check(m->elems[i].type == WF_FUNCREF, "segment type funcref");
        check(((i & 4) != 0) == (m->elems[i].count == 0 || m->elems[i].items[0].expr.len != 0),
              "items are exprs exactly in forms 4-7");
    }
    check(m->elems[6].count == 0, "segment 6 is empty");
    check(m->elems[1].items[0].func_index == 1, "segment 1 item");
    check(m->nfuncs == 2 && m->funcs[0].code_len == 1, "code ranges");
    bin_module_free(m);
}

static void test_data_and_names(void)
{
    static const char mod[] =
        HDR "\x05\x03\x01\x00\x01"              /* memory 1 */
        "\x0c\x01\x03"                          /* data count 3 */
        "\x0b\x14\x03"
        "\x00\x41\x00\x0b\x02hi"                /* active memory 0 */
        "\x01\x03" "abc"                           /* passive */
        "\x02\x00\x41\x05\x0b\x01z"             /* active explicit memory */
        "\x00\x0c\x04name\x01\x05\x01\x00\x02mm"; /* names: func 0 "mm" (no func) */
    wf_module *m = GOOD("data forms", mod);
    if (!m)
        return;
    check(m->ndatas == 3 && m->has_data_count && m->data_count == 3, "data count");
    check(m->datas[1].mode == BIN_SEG_PASSIVE && m->datas[1].len == 3 &&
              !memcmp(m->datas[1].bytes, "abc", 3), "passive data");
    check(m->datas[2].mode == BIN_SEG_ACTIVE && m->datas[2].len == 1, "explicit memory data");
    bin_module_free(m);

    static const char named[] =
        HDR "\x01\x04\x01\x60\x00\x00\x03\x02\x01\x00\x0a\x04\x01\x02\x00\x0b"
        "\x00\x0e\x04name\x01\x07\x01\x00\x04main";
    m = GOOD("name section", named);
    if (!m)
        return;
    char buf[32];
    check(!strcmp(bin_func_name(m, 0, buf, sizeof buf), "main"), "function name kept");
    check(!strcmp(bin_func_name(m, 7, buf, sizeof buf), "<func 7>"), "unnamed function");
    bin_module_free(m);
}

static void invalid(const char *what, const char *bytes, size_t len, const char *want)
{
    wf_error err = {0};
    wf_module *m = bin_decode((const uint8_t *)bytes, len, &err);
    if (!m) {
        printf("FAIL %s: malformed: %s\n", what, err.msg);
        failures++;
        return;
    }
    if (val_module(m, &err) || err.kind != WF_ERR_INVALID || strncmp(err.msg, want, strlen(want))) {
        printf("FAIL %s: got \"%s\", expected \"%s\"\n", what, err.msg, want);
        failures++;
    }
    bin_module_free(m);
}

#define INVALID(what, lit, want) invalid(what, lit, sizeof(lit) - 1, want)

/* Module-level validation (no function bodies involved). */
static void test_module_rules(void)
{
    INVALID("memory too big", HDR "\x05\x05\x01\x00\x81\x80\x04", "memory size must be at most 65536 pages");
    INVALID("min > max", HDR "\x05\x04\x01\x01\x02\x01", "size minimum must not be greater than maximum");
    /* Multi-memory (3.0): two memories are valid; a third is not there. */
    INVALID("data in memory 2 of 2", HDR "\x05\x05\x02\x00\x00\x00\x00"
            "\x0b\x07\x01\x02\x02\x41\x00\x0b\x00", "unknown memory 2");
    {
        static const char two[] = HDR "\x05\x05\x02\x00\x00\x00\x00";
        wf_error err = {0};
        wf_module *m = good("two memories", two, sizeof two - 1);
        check(m && val_module(m, &err), "two memories validate");
        if (m) bin_module_free(m);
    }
    INVALID("dup export", HDR "\x05\x03\x01\x00\x00\x07\x09\x02\x01x\x02\x00\x01x\x02\x00",
            "duplicate export name");
    INVALID("unknown export", HDR "\x07\x05\x01\x01x\x02\x00", "unknown memory");
    INVALID("global init type", HDR "\x06\x06\x01\x7f\x00\x42\x00\x0b", "type mismatch");
    INVALID("global init non-const", HDR "\x06\x07\x01\x7f\x00\x41\x00\x1a\x0b", "constant expression required");
    INVALID("global.get defined", HDR "\x06\x0b\x02\x7f\x00\x41\x00\x0b\x7f\x00\x23\x00\x0b", "unknown global");
    INVALID("global.get mutable import",
            HDR "\x02\x07\x01\x00\x01g\x03\x7f\x01\x06\x06\x01\x7f\x00\x23\x00\x0b",
            "constant expression required");
    INVALID("data without memory", HDR "\x0b\x07\x01\x00\x41\x00\x0b\x01x", "unknown memory");
    INVALID("elem table type", HDR "\x04\x04\x01\x6f\x00\x01\x09\x06\x01\x04\x41\x00\x0b\x00",
            "type mismatch");
}

int main(void)
{
    test_preamble();
    test_framing();
    test_entities();
    test_elem_encodings();
    test_data_and_names();
    test_module_rules();
    if (failures)
        printf("test_binary: %d failures\n", failures);
    return failures != 0;
}

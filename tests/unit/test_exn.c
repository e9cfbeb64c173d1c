/* test_exn.c — exceptions at the embedding boundary (weft.h): a guest
 * exception reaching a host is a WF_TRAP_EXCEPTION trap; a host called
 * from a guest and calling back in sees the nested guest's uncaught
 * exception as that trap, and the calling guest's handlers never see it
 * as an exception (returned by the host, it stays a trap); exnref values
 * survive a trip through the host; a start function's exception fails
 * instantiation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weft.h"

static int failures;

static void check(bool cond, const char *what)
{
    if (!cond) {
        printf("FAIL %s\n", what);
        failures++;
    }
}

static const char wat[] =
    "(module\n"
    "  (import \"env\" \"cb\" (func $cb (param i32) (result i32)))\n"
    "  (tag $e (param i32))\n"
    "  (global $caught (export \"caught\") (mut i32) (i32.const 0))\n"
    "  (func (export \"thrower\") (param i32) (result i32) (throw $e (local.get 0)))\n"
    "  (func (export \"outer\") (param i32) (result i32)\n"
    "    (block $h\n"
    "      (try_table (catch_all $h) (return (call $cb (local.get 0)))))\n"
    "    (global.set $caught (i32.const 1))\n"
    "    (i32.const -1))\n"
    "  (func (export \"make\") (param i32) (result exnref)\n"
    "    (block $h (result i32 exnref)\n"
    "      (try_table (catch_ref $e $h) (throw $e (local.get 0)))\n"
    "      (unreachable))\n"
    "    (return))\n"
    "  (func (export \"rethrow\") (param exnref) (result i32)\n"
    "    (block $h (result i32)\n"
    "      (try_table (catch $e $h) (throw_ref (local.get 0)))\n"
    "      (unreachable))))\n";

static wf_instance *inst;
static wf_trapcode seen_code;
static char seen_msg[64];

static wf_func *fn(const char *name)
{
    wf_extern e;
    return wf_instance_export(inst, name, &e) && e.kind == WF_EXTERN_FUNC ? e.of.func : NULL;
}

/* cb(1): call the thrower and return its trap; cb(2): call it, drop the
 * trap and return 5. */
static wf_trap *cb(wf_caller *c, void *env, const wf_val *args, wf_val *results)
{
    (void)c, (void)env;
    wf_val a = {.kind = WF_I32, .of.i32 = 33}, r = {.kind = WF_I32};
    wf_trap *t = wf_func_call(fn("thrower"), &a, 1, &r, 1);
    seen_code = t ? wf_trap_code(t) : (wf_trapcode)-1;
    snprintf(seen_msg, sizeof seen_msg, "%s", t ? wf_trap_message(t) : "");
    if (args[0].of.i32 == 1)
        return t;
    wf_trap_free(t);
    results[0].of.i32 = 5;
    return NULL;
}

static int32_t caught(void)
{
    wf_extern e;
    wf_instance_export(inst, "caught", &e);
    return wf_global_get(e.of.global).of.i32;
}

static wf_trap *call_i32(const char *name, int32_t arg, int32_t *out)
{
    wf_val a = {.kind = WF_I32, .of.i32 = arg}, r = {.kind = WF_I32};
    wf_trap *t = wf_func_call(fn(name), &a, 1, &r, 1);
    if (!t)
        *out = r.of.i32;
    return t;
}

static void test_host_boundary(void)
{
    int32_t out = 0;
    wf_trap *t = call_i32("outer", 2, &out);
    check(!t && out == 5, "a host that drops the nested exception returns normally");
    check(seen_code == WF_TRAP_EXCEPTION, "the host sees the nested exception as a trap");
    check(!strcmp(seen_msg, "uncaught exception"), "its message");
    check(caught() == 0, "the outer guest's catch_all did not run");
    wf_trap_free(t);

    t = call_i32("outer", 1, &out);
    check(t && wf_trap_code(t) == WF_TRAP_EXCEPTION, "a host returning it: the caller gets the trap");
    check(caught() == 0, "still no guest handler ran");
    wf_trap_free(t);

    t = call_i32("thrower", 4, &out);
    check(t && wf_trap_code(t) == WF_TRAP_EXCEPTION, "uncaught at the top: WF_TRAP_EXCEPTION");
    wf_trap_free(t);
}

static void test_exnref_through_host(void)
{
    wf_val a = {.kind = WF_I32, .of.i32 = 77}, r = {.kind = WF_EXNREF};
    wf_trap *t = wf_func_call(fn("make"), &a, 1, &r, 1);
    check(!t && r.kind == WF_EXNREF && r.of.exnref, "an exnref comes out to the host");
    wf_trap_free(t);
    for (int i = 0; i < 2; i++) {
        wf_val back = {.kind = WF_I32};
        t = wf_func_call(fn("rethrow"), &r, 1, &back, 1);
        check(!t && back.of.i32 == 77, "and back in, rethrown and caught with its payload");
        wf_trap_free(t);
    }
    wf_val null = {.kind = WF_EXNREF, .of.exnref = NULL}, back = {.kind = WF_I32};
    t = wf_func_call(fn("rethrow"), &null, 1, &back, 1);
    check(t && wf_trap_code(t) == WF_TRAP_NULL_REFERENCE, "throw_ref of null traps");
    wf_trap_free(t);
}

static wf_module *load(const char *text, wf_error *err)
{
    uint8_t *bin;
    size_t n;
    if (!wf_wat_to_wasm(text, strlen(text), &bin, &n, err))
        return NULL;
    wf_module *m = wf_module_new(bin, n, err);
    free(bin);
    return m;
}

static void test_start(wf_store *s)
{
    wf_error err = {0};
    wf_module *m = load("(module (tag $t) (func $s (throw $t)) (start $s))", &err);
    check(m != NULL, "start module loads");
    if (!m)
        return;
    wf_instance *i = wf_instance_new(s, m, NULL, 0, &err);
    check(!i && err.kind == WF_ERR_TRAP && strstr(err.msg, "uncaught exception"),
          "an exception from the start function fails instantiation");
    wf_module_free(m);
}

/* A host-made tag, imported by a thrower and a catcher instance. */
static void test_host_tag(wf_store *s)
{
    static const uint8_t i32[] = {WF_I32};
    static const wf_functype with_result = {0, 1, NULL, i32}, ty = {1, 0, i32, NULL};
    check(wf_tag_new(s, &with_result) == NULL, "a tag type with results is refused");
    wf_tag *tag = wf_tag_new(s, &ty);
    check(tag && wf_tag_type(tag) == &ty, "wf_tag_new");
    wf_error err = {0};
    wf_module *thrower = load("(module (import \"h\" \"t\" (tag $t (param i32)))\n"
                              "  (func (export \"th\") (param i32) (throw $t (local.get 0))))", &err);
    wf_module *catcher = load("(module (import \"h\" \"t\" (tag $t (param i32)))\n"
                              "  (import \"h\" \"th\" (func $th (param i32)))\n"
                              "  (func (export \"run\") (param i32) (result i32)\n"
                              "    (block $h (result i32)\n"
                              "      (try_table (catch $t $h) (call $th (local.get 0)))\n"
                              "      (i32.const -1))))", &err);
    check(thrower && catcher, "the tag modules load");
    if (!thrower || !catcher || !tag)
        return;
    wf_extern t = {WF_EXTERN_TAG, {.tag = tag}};
    wf_instance *ti = wf_instance_new(s, thrower, &t, 1, &err);
    wf_extern th, imps[2] = {t};
    check(ti && wf_instance_export(ti, "th", &th), "thrower instance");
    if (ti) {
        imps[1] = th;
        wf_instance *ci = wf_instance_new(s, catcher, imps, 2, &err);
        wf_extern run;
        check(ci && wf_instance_export(ci, "run", &run), "catcher instance");
        if (ci) {
            wf_val a = {.kind = WF_I32, .of.i32 = 8}, r = {.kind = WF_I32};
            wf_trap *tr = wf_func_call(run.of.func, &a, 1, &r, 1);
            check(!tr && r.of.i32 == 8, "the host tag's exception is caught by it");
            wf_trap_free(tr);
        }
    }
    static const wf_functype other = {1, 0, i32, NULL};
    wf_extern t2 = {WF_EXTERN_TAG, {.tag = wf_tag_new(s, &other)}};
    check(wf_instance_new(s, thrower, &t2, 1, &err) != NULL, "an equal type links too");
    static const uint8_t i64[] = {WF_I64};
    static const wf_functype wrong = {1, 0, i64, NULL};
    wf_extern t3 = {WF_EXTERN_TAG, {.tag = wf_tag_new(s, &wrong)}};
    check(wf_instance_new(s, thrower, &t3, 1, &err) == NULL && err.kind == WF_ERR_LINK,
          "a tag of another type does not link");
    wf_module_free(thrower);
    wf_module_free(catcher);
}

int main(void)
{
    wf_error err = {0};
    wf_module *m = load(wat, &err);
    if (!m) {
        printf("FAIL load: %s\n", err.msg);
        return 1;
    }
    wf_store *s = wf_store_new();
    static const uint8_t i32[] = {WF_I32};
    static const wf_functype ty = {1, 1, i32, i32};
    wf_extern imp = {WF_EXTERN_FUNC, {.func = wf_func_new_host(s, &ty, cb, NULL, NULL)}};
    inst = wf_instance_new(s, m, &imp, 1, &err);
    if (!inst) {
        printf("FAIL instantiate: %s\n", err.msg);
        return 1;
    }
    test_host_boundary();
    test_exnref_through_host();
    test_start(s);
    test_host_tag(s);
    wf_store_free(s);
    wf_module_free(m);
    if (failures)
        printf("test_exn: %d failures\n", failures);
    return failures != 0;
}

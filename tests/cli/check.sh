#!/usr/bin/env bash
# `weft run` and `weft inspect` behaviour: results, exit statuses, messages.
# Prints PASS/FAIL lines for tests/run.sh.  Usage: tests/cli/check.sh BUILD_DIR
set -u
build=${1:-build}
weft="$build/weft"
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect NAME WANT_STATUS WANT_STDOUT WANT_STDERR_PREFIX -- COMMAND...
expect() {
  local name=$1 status=$2 out=$3 err=$4
  shift 5
  local got_out got_err got_status
  got_out=$("$@" 2>"$tmp/err")
  got_status=$?
  got_err=$(cat "$tmp/err")
  if [ "$got_status" = "$status" ] && [ "$got_out" = "$out" ] && [[ "$got_err" == "$err"* ]]; then
    echo "PASS cli/$name"
  else
    echo "FAIL cli/$name"
    echo "  status $got_status (want $status), stdout: $got_out, stderr: $got_err"
  fi
}

cat >"$tmp/m.wat" <<'W'
(module
  (func (export "pair") (param f32 f64) (result f32 f64) (local.get 0) (local.get 1))
  (func (export "ints") (param i32 i64) (result i32 i64) (local.get 0) (local.get 1))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func $deep (export "deep") (param i32) (result i32) (call $deep (local.get 0))))
W
cat >"$tmp/exit.wat" <<'W'
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hi\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 3))
    (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call $exit (i32.const 7))))
W
cat >"$tmp/trap.wat" <<'W'
(module (func (export "_start") unreachable))
W
cat >"$tmp/startexit.wat" <<'W'
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func $s (call $exit (i32.const 5)))
  (start $s))
W
printf '\0asm\1\0\0\0\1' >"$tmp/bad.wasm"

expect demo 0 2432902008176640000 "" -- "$weft" run --invoke fac "$top/examples/demo/fac.wat" 20
expect floats 0 $'1.5\n0.1' "" -- "$weft" run --invoke pair "$tmp/m.wat" 1.5 0.1
expect float-specials 0 $'NaN\n-inf' "" -- "$weft" run --invoke pair "$tmp/m.wat" nan -inf
expect float-large 0 $'1000000000000000000000000000000\n0.0000001' "" -- "$weft" run --invoke pair "$tmp/m.wat" 1e30 1e-7
expect unsigned-args 0 $'-1\n-1' "" -- "$weft" run --invoke ints "$tmp/m.wat" 4294967295 18446744073709551615
expect trap 1 "" "Error: integer divide by zero" -- "$weft" run --invoke div "$tmp/m.wat" 1 0
expect stack-exhausted 1 "" "Error: call stack exhausted" -- "$weft" run --invoke deep "$tmp/m.wat" 0
expect bad-arg 2 "" "Error: bad argument" -- "$weft" run --invoke div "$tmp/m.wat" 1 x
expect arity 2 "" "Error: 'div' takes 2 arguments" -- "$weft" run --invoke div "$tmp/m.wat" 1
expect no-export 1 "" "Error: no exported function" -- "$weft" run --invoke nope "$tmp/m.wat"
expect usage 2 "" "weft run: no FILE given" -- "$weft" run
expect bad-option 2 "" "weft run: unknown option" -- "$weft" run --frobnicate "$tmp/m.wat"
expect malformed 1 "" "Error: $tmp/bad.wasm: unexpected end" -- "$weft" run "$tmp/bad.wasm"
expect missing-file 1 "" "Error: cannot open" -- "$weft" run "$tmp/none.wasm"
expect _start-trap 1 "" "Error: unreachable" -- "$weft" run "$tmp/trap.wat"
expect proc-exit 7 "hi" "" -- "$weft" run "$tmp/exit.wat"
expect start-exit 5 "" "" -- "$weft" run "$tmp/startexit.wat"
expect inspect 0 "$("$weft" inspect "$tmp/m.wat" | head -1)" "" -- sh -c "'$weft' inspect '$tmp/m.wat' | head -1 | grep '^imports (0):'"

# A .wat whose top form is (component ...) runs and inspects as a component.
cat >"$tmp/comp.wat" <<'W'
;; a comment before the form
(component
  (core module $m (func (export "f") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2))))
  (core instance $i (instantiate $m))
  (func (export "double") (param "x" u32) (result u32) (canon lift (core func $i "f"))))
W
printf '(component (func' >"$tmp/badcomp.wat"
expect component-text 0 42 "" -- "$weft" run --invoke 'double(21)' "$tmp/comp.wat"
expect component-text-inspect 0 $'world root {\n  export double; // func\n}' "" -- "$weft" inspect "$tmp/comp.wat"
expect component-text-bad 1 "" "Error: $tmp/badcomp.wat: 1:17:" -- "$weft" run "$tmp/badcomp.wat"

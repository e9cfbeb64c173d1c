#!/usr/bin/env bash
# Tail calls (return_call, return_call_indirect): the .wast scripts here,
# and that an endless tail-call loop runs in constant interpreter stack
# (a 64 KiB --max-stack holds it while the same loop with plain calls is
# exhausted) and is still stopped by --fuel and --timeout.
# Prints PASS/FAIL lines for tests/run.sh.  Usage: tests/tailcall/check.sh BUILD_DIR
set -u
build=${1:-build}
weft="$build/weft"
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

area=tailcall
. "$here/../lib.sh"

wast_each "$here"

# $ping/$pong recurse n times by tail calls (KIND=return_call) or by
# plain calls (KIND=call); n = -1 never ends.
loop() {
  cat <<W
(module
  (table 1 funcref) (elem (i32.const 0) \$pong)
  (type \$t (func (param i32 i64 f64) (result i32)))
  (func \$ping (param i32 i64 f64) (result i32) (local v128 i64)
    (if (i32.eqz (local.get 0)) (then (return (i32.const 5))))
    ($1 \$pong (i32.sub (local.get 0) (i32.const 1)) (local.get 1) (local.get 2)))
  (func \$pong (param i32 i64 f64) (result i32)
    ($2 \$ping (local.get 0) (local.get 1) (local.get 2)))
  (func (export "run") (param i32) (result i32)
    (call \$ping (local.get 0) (i64.const 1) (f64.const 2))))
W
}
loop return_call return_call >"$tmp/tail.wat"
loop call call >"$tmp/plain.wat"
loop return_call_indirect return_call >"$tmp/mixed.wat"
# return_call_indirect names the type and takes the index last.
sed -i 's/(return_call_indirect \$pong \(.*\)))$/(return_call_indirect (type $t) \1 (i32.const 0)))/' "$tmp/mixed.wat"
expect deep-tail 0 '^5$' "$weft" run --max-stack 65536 --invoke run "$tmp/tail.wat" 3000000
expect deep-mixed 0 '^5$' "$weft" run --max-stack 65536 --invoke run "$tmp/mixed.wat" 3000000
expect deep-plain-exhausts 1 'call stack exhausted' "$weft" run --max-stack 65536 --invoke run "$tmp/plain.wat" 3000000
expect endless-fuel 1 'all fuel consumed' "$weft" run --max-stack 65536 --fuel 10000000 --invoke run "$tmp/tail.wat" -1
expect endless-fuel-indirect 1 'all fuel consumed' "$weft" run --max-stack 65536 --fuel 10000000 --invoke run "$tmp/mixed.wat" -1
expect endless-timeout 1 'interrupted' "$weft" run --max-stack 65536 --timeout 200ms --invoke run "$tmp/tail.wat" -1

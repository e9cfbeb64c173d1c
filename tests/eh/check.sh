#!/usr/bin/env bash
# Exception handling (WebAssembly 3.0: tags, exnref, throw, throw_ref,
# try_table): the .wast scripts here, and what `weft run` does with an
# exception nobody catches (one "uncaught exception" error line, exit 1),
# in _start, --invoke and a start function, and with a guest that throws
# and catches forever under --fuel / --timeout.
# Prints PASS/FAIL lines for tests/run.sh.  Usage: tests/eh/check.sh BUILD_DIR
set -u
build=${1:-build}
weft="$build/weft"
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

area=eh
. "$here/../lib.sh"

wast_each "$here"

cat >"$tmp/m.wat" <<'W'
(module
  (tag $e (param i32))
  (func $deep (param i32) (throw $e (local.get 0)))
  (func (export "_start") (call $deep (i32.const 7)))
  (func (export "caught") (result i32)
    (block $h (result i32)
      (try_table (result i32) (catch $e $h) (call $deep (i32.const 9)) (i32.const 0))))
  ;; Throws and catches forever: only fuel or a timeout stops it.
  (func (export "spin")
    (loop $l
      (block $h (try_table (catch_all $h) (throw $e (i32.const 1))))
      (br $l))))
W
expect run-uncaught 1 '^Error: uncaught exception$' "$weft" run "$tmp/m.wat"
expect invoke-uncaught 1 '^Error: uncaught exception$' "$weft" run --invoke _start "$tmp/m.wat"
expect invoke-caught 0 '^9$' "$weft" run --invoke caught "$tmp/m.wat"
expect spin-fuel 1 'all fuel consumed' "$weft" run --fuel 100000 --invoke spin "$tmp/m.wat"
expect spin-timeout 1 'interrupted' "$weft" run --timeout 200ms --invoke spin "$tmp/m.wat"

cat >"$tmp/start.wat" <<'W'
(module (tag $t) (func $s (throw $t)) (start $s) (func (export "_start")))
W
expect start-uncaught 1 'uncaught exception' "$weft" run "$tmp/start.wat"

# weft inspect names tag imports, exports and the tag section.
printf '(module (import "m" "u" (tag)) (tag (export "t") (param i32 exnref)))' >"$tmp/i.wat"
out=$("$weft" inspect "$tmp/i.wat" 2>&1)
if grep -q '^  tag "m" "u" () -> ()$' <<<"$out" && grep -q '^  tag "t" 1 (i32, exnref) -> ()$' <<<"$out" &&
   grep -Eq '^  tag +3 bytes' <<<"$out"; then pass inspect
else fail inspect "$out"; fi

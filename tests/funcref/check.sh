#!/usr/bin/env bash
# Typed function references (WebAssembly 3.0), the part done so far:
# ref.as_non_null, br_on_null and br_on_non_null on the nullable
# reference types, and the 3.0 script values (ref.null) / nofunc /
# noextern. Runs the .wast scripts here, and checks that (ref.null)
# does not match a non-null reference or a number.
# Prints PASS/FAIL lines for tests/run.sh.  Usage: tests/funcref/check.sh BUILD_DIR
set -u
build=${1:-build}
weft="$build/weft"
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

area=funcref
. "$here/../lib.sh"

wast_each "$here"

cat >"$tmp/neg.wast" <<'W'
(module (func (export "n") (param externref) (result externref) (local.get 0))
        (func (export "i") (result i32) (i32.const 0)))
(assert_return (invoke "n" (ref.extern 1)) (ref.null))
(assert_return (invoke "i") (ref.null))
W
out=$(timeout 60 "$weft" wast "$tmp/neg.wast" 2>&1)
if [ $? != 0 ] && tail -n 1 <<<"$out" | grep -q '^1 passed, 2 failed$' &&
   grep -q 'expected \[ref.null\], got \[ref.extern 1\]' <<<"$out"; then pass "ref-null-pattern-mismatch"
else fail "ref-null-pattern-mismatch" "$out"; fi

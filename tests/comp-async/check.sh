#!/usr/bin/env bash
# The async ABI's streams, futures and error contexts and the task model,
# in our own component scripts (run by `weft wast`). Prints PASS/FAIL lines.
# Usage: tests/comp-async/check.sh BUILD_DIR
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
weft="$build/weft"

pass() { echo "PASS comp-async/$1"; }
fail() { echo "FAIL comp-async/$1"; [ $# -gt 1 ] && echo "$2" | tail -n 30; }

# run NAME FILE WANT_SUMMARY: the summary line, exit status 0, no crash.
run() {
  local out st
  out=$(timeout 60 "$weft" wast "$here/$2" 2>&1); st=$?
  if [ "$(tail -n 1 <<<"$out")" = "$3" ] && [ $st -eq 0 ]; then pass "$1"
  else fail "$1" "status $st, want \"$3\":
$out"; fi
}

run streams streams.wast "66 passed, 0 failed"
run transfer transfer.wast "8 passed, 0 failed"
run visibility visibility.wast "3 passed, 0 failed"

# The text encoder on every async canon form: forms.wat and
# forms-cancellable.wat encode (through the C API's wf_wat_to_wasm, as
# tests/comp-text does) to components weft decodes and validates;
# forms-cancellable.wat to exactly the bytes in forms-cancellable.expected
# (checked by hand: 0x01 after each opcode); with jco and python3 present,
# forms.wat to what `jco parse` (wasm-tools) makes, name sections aside.
top=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/weft-casync.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
lib=$(cd "$build" && pwd)/libweft.a
san=()
grep -q '^WEFT_SANITIZE:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null &&
  san=(-fsanitize=address,undefined -fno-omit-frame-pointer)
if [ ! -f "$lib" ] || ! "${CC:-cc}" "${san[@]}" -std=c11 -I"$top/include" "$top/tests/capi/wat2wasm.c" \
     "$lib" -lm -lpthread -o "$tmp/wat2wasm" >"$tmp/cc.log" 2>&1; then
  fail forms "wat2wasm does not build: $(head -n 3 "$tmp/cc.log")"
else
  for n in forms forms-cancellable; do
    if "$tmp/wat2wasm" "$here/$n.wat" "$tmp/$n.wasm" 2>"$tmp/$n.err" &&
       "$weft" inspect "$tmp/$n.wasm" >"$tmp/$n.out" 2>&1; then pass "$n"
    else fail "$n" "$(cat "$tmp/$n.err" "$tmp/$n.out" 2>/dev/null)"; fi
  done
  if [ "$(od -An -tx1 "$tmp/forms-cancellable.wasm" 2>/dev/null)" = "$(cat "$here/forms-cancellable.expected")" ]
  then pass forms-cancellable-bytes; else fail forms-cancellable-bytes; fi
  jco=${WEFT_JCO:-}
  [ -z "$jco" ] && command -v jco >/dev/null 2>&1 && jco=jco
  [ -z "$jco" ] && [ -x /work/ext/jco/node_modules/.bin/jco ] && jco=/work/ext/jco/node_modules/.bin/jco
  if [ -n "$jco" ] && command -v python3 >/dev/null 2>&1; then
    if "$jco" parse "$here/forms.wat" -o "$tmp/forms.jco.wasm" >/dev/null 2>&1 &&
       python3 "$top/tests/comp-text/strip.py" "$tmp/forms.jco.wasm" "$tmp/forms.wasm"; then
      pass forms-jco
    else fail forms-jco "bytes differ from jco parse (or jco failed)"; fi
  else
    echo "comp-async: no jco or python3; forms.wat not compared with wasm-tools"
  fi
fi

# Stream churn in constant memory (an address-space cap the sanitizers'
# shadow memory would break, so not under them).
if [ ${#san[@]} -eq 0 ]; then
  out=$( (ulimit -v 300000; timeout 60 "$weft" wast "$here/churn.wast") 2>&1); st=$?
  if [ "$(tail -n 1 <<<"$out")" = "4 passed, 0 failed" ] && [ $st -eq 0 ]; then pass churn
  else fail churn "status $st: $out"; fi
else
  run churn churn.wast "4 passed, 0 failed"
fi

# The component model's own async/ scripts (not in this repository), when
# present (WEFT_CMTESTS=.../test): every file runs to its summary without
# crashing, and the files in upstream-pass.txt (all of whose assertions
# passed when it was written) still pass entirely.
cm=${WEFT_CMTESTS:-/work/ext/cmtests/test}
if [ -d "$cm/async" ]; then
  crash="" regress=""
  for f in "$cm"/async/*.wast; do
    out=$(timeout 60 "$weft" wast "$f" 2>&1); st=$?
    last=$(tail -n 1 <<<"$out")
    if [ $st -gt 1 ] || ! grep -qE '^[0-9]+ passed, [0-9]+ failed$' <<<"$last"; then
      crash="$crash $(basename "$f")($st)"
    elif grep -qxF "$(basename "$f")" "$here/upstream-pass.txt" && ! grep -q ' 0 failed$' <<<"$last"; then
      regress="$regress $(basename "$f")[$last]"
    fi
  done
  [ -z "$crash" ] && pass upstream-async-no-crash || fail upstream-async-no-crash "$crash"
  [ -z "$regress" ] && pass upstream-async-pass || fail upstream-async-pass "$regress"
else
  echo "comp-async: $cm/async not found; upstream async scripts skipped"
fi

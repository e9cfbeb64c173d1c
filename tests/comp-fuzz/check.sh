#!/usr/bin/env bash
# What fuzz_component (tests/fuzz) found, kept as regressions. Prints
# "PASS name" / "FAIL name".
#  - stdio: the WASI 0.2 host writes guest stdio where the embedder's
#    wasi_ctx redirects fds 0-2 (stdio.c, built against libweft.a, runs the
#    adapter-made stdin fixture; skipped when that fixture is absent);
#  - wave.tsv: `weft run --invoke EXPR` on tests/fuzz/wave.component.wasm
#    (one echo function per value type) prints RESULT, or for "error"
#    fails cleanly with status 2 and an "Error:" line (fuzz_wave found a
#    read past the end of the text after a trailing backslash);
#  - inputs/*.wasm: components that once crashed the runtime; `weft run`
#    must refuse or trap each with status 1 and an "Error:" line, within
#    10 seconds, never crash.
# Usage: tests/comp-fuzz/check.sh BUILD_DIR
set -u
build=$(cd "${1:-build}" 2>/dev/null && pwd)
top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tests/comp-fuzz
weft=$build/weft
tmp=$(mktemp -d "${TMPDIR:-/tmp}/weft-cfuzz.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
if [ ! -x "$weft" ] || [ ! -f "$build/libweft.a" ]; then echo "FAIL comp-fuzz: no $build/weft or libweft.a"; exit 0; fi

san=()
grep -q '^WEFT_SANITIZE:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null &&
  san=(-fsanitize=address,undefined -fno-omit-frame-pointer)

fixture=$top/tests/component/fixtures/stdin.component.wasm
if [ ! -f "$fixture" ]; then
  echo "comp-fuzz/stdio: skipped ($fixture absent; see tests/component/README.md)"
elif ! "${CC:-cc}" "${san[@]}" -std=gnu11 -I"$top/include" -I"$top/src" "$here/stdio.c" \
       "$build/libweft.a" -lm -lpthread -o "$tmp/stdio" >"$tmp/cc.log" 2>&1; then
  echo "FAIL comp-fuzz/stdio (does not build)"; head -n 5 "$tmp/cc.log"
else
  # The fixture reads stdin (empty here), prints a summary on stdout and a
  # line on stderr, then exits 7 (status 1 through the adapter).
  timeout 10 "$tmp/stdio" "$fixture" "$tmp/out" "$tmp/err" >"$tmp/own.out" 2>"$tmp/own.err"
  st=$?
  if [ "$st" = 1 ] && [ "$(cat "$tmp/out")" = "bytes=0 lines=0 sum=0 eof=1" ] &&
     [ "$(cat "$tmp/err")" = "to stderr" ] && [ ! -s "$tmp/own.out" ] && [ ! -s "$tmp/own.err" ]; then
    echo "PASS comp-fuzz/stdio"
  else
    echo "FAIL comp-fuzz/stdio (status $st; own stdout: $(head -c 80 "$tmp/own.out"))"
  fi
fi

for f in "$here"/inputs/*.wasm; do
  [ -f "$f" ] || continue
  n=comp-fuzz/$(basename "$f" .wasm)
  timeout 10 "$weft" run "$f" </dev/null >"$tmp/run.out" 2>"$tmp/run.err"
  st=$?
  if [ "$st" = 1 ] && grep -q '^Error: ' "$tmp/run.err"; then
    echo "PASS $n"
  else
    echo "FAIL $n (status $st)"; head -n 3 "$tmp/run.err"
  fi
done

# WAVE arguments: EXPR <tab> RESULT lines (bytes as they are, UTF-8 or not).
wave=$top/tests/fuzz/wave.component.wasm
i=0
while IFS=$'\t' read -r expr want; do
  i=$((i + 1))
  out=$(timeout 10 "$weft" run --invoke "$expr" "$wave" 2>"$tmp/wave.err")
  st=$?
  if [ "$want" = error ]; then
    if [ "$st" = 2 ] && grep -q '^Error: ' "$tmp/wave.err"; then echo "PASS comp-fuzz/wave-$i"
    else echo "FAIL comp-fuzz/wave-$i ($expr: status $st, output $out)"; fi
  elif [ "$st" = 0 ] && [ "$out" = "$want" ]; then
    echo "PASS comp-fuzz/wave-$i"
  else
    echo "FAIL comp-fuzz/wave-$i ($expr: status $st, output $out, want $want)"; head -n 2 "$tmp/wave.err"
  fi
done <"$here/wave.tsv"

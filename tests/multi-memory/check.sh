#!/usr/bin/env bash
# Multi-memory (WebAssembly 3.0): every .wast here, with guard pages
# (WEFT_EXPLICIT_BOUNDS=0) and with explicit bounds compares (=1); each
# assert_malformed/assert_invalid must also give the expected message
# (weft wast itself only checks the kind); capi_mm.c, several memories
# through wasm.h; threads_mm.c, wait/notify and atomics on a shared
# memory 1 across threads (weft.h). Prints PASS/FAIL lines for tests/run.sh.
# Usage: tests/multi-memory/check.sh BUILD_DIR
set -u
build=$(cd "${1:-build}" && pwd)
dir=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$dir/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Lines "FILE:N: WHAT: expected "MSG", got KIND "GOT"" whose GOT (less a
# text position "L:C: ") does not start with MSG.
wrong_messages() {
  sed -n 's/^\([^ ]*\): assert_[a-z]*: expected "\(.*\)", got [a-z]* "\(.*\)"$/\1\t\2\t\3/p' "$1" |
  while IFS=$'\t' read -r at want got; do
    got=$(echo "$got" | sed 's/^[0-9]*:[0-9]*: //')
    case "$got" in "$want"*) ;; *) echo "$at: expected \"$want\", got \"$got\"";; esac
  done
}

for f in "$dir"/*.wast; do
  name=multi-memory/$(basename "$f" .wast)
  for mode in 0 1; do
    if WEFT_EXPLICIT_BOUNDS=$mode WEFT_WAST_VERBOSE=1 timeout 60 "$build/weft" wast "$f" >"$tmp/out" 2>&1; then
      bad=$(wrong_messages "$tmp/out")
      if [ -z "$bad" ]; then echo "PASS $name (bounds mode $mode)"
      else echo "FAIL $name (bounds mode $mode)"; echo "$bad" | head -n 5; fi
    else
      echo "FAIL $name (bounds mode $mode)"; grep -v 'expected "' "$tmp/out" | tail -n 5
    fi
  done
done

# A script whose v128 expectation is cut short (found by fuzz_wast on
# these scripts): one clean error, exit status 1, and under ASan no leak.
printf '(module (func (export "f") (result v128) (v128.const i64x2 0 0)))\n%s\n' \
  '(assert_return (invoke "f") (v128.const i32x4 1 2 3 4naligned atomic")' >"$tmp/bad.wast"
out=$(ASAN_OPTIONS=detect_leaks=1 timeout 60 "$build/weft" wast "$tmp/bad.wast" 2>&1); st=$?
if [ "$st" = 1 ] && echo "$out" | grep -q "cannot parse command" &&
   ! echo "$out" | grep -q "Sanitizer"; then
  echo "PASS multi-memory/bad_v128_script"
else
  echo "FAIL multi-memory/bad_v128_script (status $st)"; echo "$out" | tail -n 5
fi

cc=${CC:-cc}
san=()
grep -q '^WEFT_SANITIZE:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null &&
  san=(-fsanitize=address,undefined -fno-omit-frame-pointer)
# C programs against the built library, each printing "ok".
for src in "$dir"/*.c; do
  name=multi-memory/$(basename "$src" .c)
  bin="$tmp/$(basename "$src" .c)"
  if [ ! -f "$build/libweft.so" ]; then
    echo "FAIL $name (no $build/libweft.so)"
  elif ! "$cc" "${san[@]}" -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -g -I"$top/include" \
         "$src" -o "$bin" -L"$build" -Wl,-rpath,"$build" -lweft -lpthread -lm >"$tmp/cc" 2>&1; then
    tail -n 5 "$tmp/cc"; echo "FAIL $name (does not compile)"
  elif out=$(timeout 60 "$bin" 2>&1) && [ "$out" = ok ]; then
    echo "PASS $name"
  else
    echo "$out" | tail -n 5; echo "FAIL $name"
  fi
done

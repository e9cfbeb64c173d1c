#!/usr/bin/env bash
# memory64 / table64 (WebAssembly 3.0) and the WASI memory rule.
# Every .wast here runs with guard pages (WEFT_EXPLICIT_BOUNDS=0) and with
# explicit compares (=1); assert_malformed/assert_invalid messages must
# match too. wasi_*.wat: WASI uses the EXPORTED "memory", not memory 0
# (memory 0 only when nothing is exported under that name).
# Prints PASS/FAIL lines for tests/run.sh.
# Usage: tests/memory64/check.sh BUILD_DIR
set -u
build=$(cd "${1:-build}" && pwd)
dir=$(cd "$(dirname "$0")" && pwd)
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
  [ -e "$f" ] || continue
  name=memory64/$(basename "$f" .wast)
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

# WASI preview 1 reaches the memory exported as "memory" (here memory 1;
# memory 0 holds a decoy at the same addresses).
out=$(timeout 20 "$build/weft" run "$dir/wasi_memory1.wat" 2>&1); st=$?
if [ "$st" = 0 ] && [ "$out" = "memory 1!" ]; then echo "PASS memory64/wasi_memory1"
else echo "FAIL memory64/wasi_memory1 (status $st)"; echo "$out" | tail -n 3; fi

# No "memory" export: memory 0, as before multi-memory.
out=$(timeout 20 "$build/weft" run "$dir/wasi_noexport.wat" 2>&1); st=$?
if [ "$st" = 0 ] && [ "$out" = "memory 0!" ]; then echo "PASS memory64/wasi_noexport"
else echo "FAIL memory64/wasi_noexport (status $st)"; echo "$out" | tail -n 3; fi

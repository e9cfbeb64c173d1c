#!/usr/bin/env bash
# Relaxed SIMD (WebAssembly 3.0, 0xFD 0x100..0x113): weft gives one fixed
# result for each (see src/interp/simd_lanes.c); these scripts pin it,
# and check validation, text names and binary decoding. Runs the .wast here.
# Prints PASS/FAIL lines for tests/run.sh.  Usage: tests/relaxed-simd/check.sh BUILD_DIR
set -u
build=${1:-build}
weft="$build/weft"
here=$(cd "$(dirname "$0")" && pwd)

pass() { echo "PASS relaxed-simd/$1"; }
fail() { echo "FAIL relaxed-simd/$1"; [ -n "${2:-}" ] && echo "$2" | tail -n 8 | sed 's/^/  /'; }

for f in "$here"/*.wast; do
  name=$(basename "$f" .wast)
  out=$(timeout 60 "$weft" wast "$f" 2>&1)
  if [ $? = 0 ] && tail -n 1 <<<"$out" | grep -Eq '^[1-9][0-9]* passed, 0 failed$'; then pass "$name"
  else fail "$name" "$out"; fi
done

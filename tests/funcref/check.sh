#!/usr/bin/env bash
# Typed function references (WebAssembly 3.0), the part done so far:
# ref.as_non_null, br_on_null and br_on_non_null on the nullable
# reference types. Runs the .wast scripts here.
# Prints PASS/FAIL lines for tests/run.sh.  Usage: tests/funcref/check.sh BUILD_DIR
set -u
build=${1:-build}
weft="$build/weft"
here=$(cd "$(dirname "$0")" && pwd)

pass() { echo "PASS funcref/$1"; }
fail() { echo "FAIL funcref/$1"; [ -n "${2:-}" ] && echo "$2" | tail -n 8 | sed 's/^/  /'; }

for f in "$here"/*.wast; do
  name=$(basename "$f" .wast)
  out=$(timeout 60 "$weft" wast "$f" 2>&1)
  if [ $? = 0 ] && tail -n 1 <<<"$out" | grep -Eq '^[1-9][0-9]* passed, 0 failed$'; then pass "$name"
  else fail "$name" "$out"; fi
done

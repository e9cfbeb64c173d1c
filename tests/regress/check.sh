#!/usr/bin/env bash
# Regression tests found by fuzzing and differential testing: each
# tests/regress/*.wast must pass under `weft wast` (within 60 s).
# Prints PASS/FAIL lines for tests/run.sh.  Usage: tests/regress/check.sh BUILD_DIR
set -u
build=${1:-build}
weft="$build/weft"
here=$(cd "$(dirname "$0")" && pwd)
for t in "$here"/*.wast; do
  [ -f "$t" ] || continue
  name="regress/$(basename "$t" .wast)"
  if out=$(timeout 60 "$weft" wast "$t" 2>&1) &&
     tail -n 1 <<<"$out" | grep -Eq '^[1-9][0-9]* passed, 0 failed$'; then
    echo "PASS $name"
  else
    echo "FAIL $name"
    echo "$out" | tail -n 5 | sed 's/^/  /'
  fi
done

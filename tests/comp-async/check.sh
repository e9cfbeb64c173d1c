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
run transfer transfer.wast "6 passed, 0 failed"
run visibility visibility.wast "3 passed, 0 failed"

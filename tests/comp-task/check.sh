#!/usr/bin/env bash
# The async ABI's task model in our own component scripts (run by `weft
# wast`): the callback loop, subtasks and waitable sets, backpressure,
# cooperative threads, cancellation, and the traps of each. Also a timing
# bound: a million cross-component calls (each a task on a fiber) within
# a few seconds. Prints PASS/FAIL lines. Usage: tests/comp-task/check.sh BUILD
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
weft="$build/weft"

pass() { echo "PASS comp-task/$1"; }
fail() { echo "FAIL comp-task/$1"; [ $# -gt 1 ] && echo "$2" | tail -n 30; }

# run NAME FILE WANT_SUMMARY: the summary line, exit status 0, no crash.
run() {
  local out st
  out=$(timeout 60 "$weft" wast "$here/$2" 2>&1); st=$?
  if [ "$(tail -n 1 <<<"$out")" = "$3" ] && [ $st -eq 0 ]; then pass "$1"
  else fail "$1" "status $st, want \"$3\":
$out"; fi
}

run callback callback.wast "15 passed, 0 failed"
run subtasks subtasks.wast "13 passed, 0 failed"
run threads threads.wast "10 passed, 0 failed"
run fixed-lists fixed-lists.wast "4 passed, 0 failed"

# Each call makes a task, a thread and a stack switch there and back:
# they must stay cheap (under 1 s in a release build; the limit is 10 s).
# Sanitizer builds run a tenth of the calls.
limit=10 calls="$here/calls.wast"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/weft-ctask.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
if grep -q '^WEFT_SANITIZE:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null; then
  sed 's/1000000/100000/g' "$calls" >"$tmp/calls.wast"
  calls="$tmp/calls.wast" limit=60
fi
start=$(date +%s)
out=$(timeout "$limit" "$weft" wast "$calls" 2>&1); st=$?
if [ $st -eq 0 ] && [ "$(tail -n 1 <<<"$out")" = "2 passed, 0 failed" ]; then
  pass "calls ($(( $(date +%s) - start )) s)"
else fail calls "status $st (limit ${limit} s): $out"; fi

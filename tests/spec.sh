#!/usr/bin/env bash
# Runs the official spec suite from a local copy; skips cleanly without one.
#   WEFT_SPEC_DIR=/path/to/spec/test/core make spec
# Prints one line per file (passed/failed counts) and the totals.
set -u
build=${1:-build}
dir=${WEFT_SPEC_DIR:-}
if [ -z "$dir" ] || [ ! -d "$dir" ]; then
  echo "spec: skipped (set WEFT_SPEC_DIR to a copy of WebAssembly/spec test/core)"
  exit 0
fi
tp=0; tf=0; files=0; bad_files=0
for f in "$dir"/*.wast ${WEFT_SPEC_SIMD:+"$dir"/simd/*.wast}; do
  [ -f "$f" ] || continue
  files=$((files + 1))
  line=$(timeout 120 "$build/weft" wast "$f" 2>/dev/null | tail -n 1)
  p=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
  q=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
  if [ -z "$p" ]; then p=0; q=1; line="(no result: crashed or hung)"; fi
  tp=$((tp + p)); tf=$((tf + q))
  [ "$q" -gt 0 ] && bad_files=$((bad_files + 1))
  printf '%-40s %s\n' "$(basename "$f")" "$line"
done
echo "spec: $files files, $bad_files with failures; $tp passed, $tf failed"
[ "$tf" -eq 0 ]

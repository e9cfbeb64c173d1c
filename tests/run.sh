#!/usr/bin/env bash
# Runs every test of the project and prints "N passed, M failed".
# Usage: tests/run.sh BUILD_DIR
set -u
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
weft="$build/weft"
pass=0
fail=0
failed=()

ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); failed+=("$1"); echo "FAIL: $1"; }

# 1. Unit test programs.
for t in "$build"/unit_*; do
  [ -x "$t" ] || continue
  if "$t" >/tmp/weft-unit.$$ 2>&1; then ok; else cat /tmp/weft-unit.$$; bad "$(basename "$t")"; fi
done
rm -f /tmp/weft-unit.$$

# 2. The project's own .wast scripts: each file must pass every assertion,
#    and have some (a script with none, or not read, is a failure).
for t in "$top"/tests/wast/*.wast; do
  [ -f "$t" ] || continue
  if out=$("$weft" wast "$t" 2>&1) && tail -n 1 <<<"$out" | grep -Eq '^[1-9][0-9]* passed, 0 failed$'
  then ok; else echo "$out" | tail -n 20; bad "wast/$(basename "$t")"; fi
done

# 3. Further areas add a tests/<area>/check.sh that prints lines
#    "PASS name" / "FAIL name" (anything else is shown as is).
for c in "$top"/tests/*/check.sh; do
  [ -x "$c" ] || continue
  while IFS= read -r line; do
    case "$line" in
      "PASS "*) ok ;;
      "FAIL "*) bad "${line#FAIL }" ;;
      *) echo "$line" ;;
    esac
  done < <("$c" "$build" 2>&1)
done

echo
if [ "$fail" -gt 0 ]; then
  printf 'failed: %s\n' "${failed[@]}"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

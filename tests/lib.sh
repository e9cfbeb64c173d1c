# tests/lib.sh — what the folders' check.sh scripts share. Source it after
# setting `area` (the PASS/FAIL prefix) and `weft` (the binary):
#   area=eh; weft="$build/weft"; . "$(dirname "$0")/../lib.sh"
# Lines printed are the PASS/FAIL lines tests/run.sh counts.

pass() { echo "PASS $area/$1"; }
fail() { echo "FAIL $area/$1"; [ -n "${2:-}" ] && echo "$2" | tail -n 8 | sed 's/^/  /'; }

# expect NAME WANT_STATUS PATTERN CMD...: the exit status, and a grep -E
# pattern of the first line of stderr+stdout.
expect() {
  local name=$1 want=$2 pat=$3
  shift 3
  local out st
  out=$(timeout 30 "$@" 2>&1); st=$?
  if [ "$st" = "$want" ] && head -n 1 <<<"$out" | grep -Eq -- "$pat"; then pass "$name"
  else fail "$name" "status $st (want $want): $out"; fi
}

# wast_each DIR: every DIR/*.wast under `weft wast` must end "N passed,
# 0 failed" with N > 0 (an empty or unread script is a failure).
wast_each() {
  local f name out
  for f in "$1"/*.wast; do
    name=$(basename "$f" .wast)
    out=$(timeout 60 "$weft" wast "$f" 2>&1)
    if [ $? = 0 ] && tail -n 1 <<<"$out" | grep -Eq '^[1-9][0-9]* passed, 0 failed$'; then pass "$name"
    else fail "$name" "$out"; fi
  done
}

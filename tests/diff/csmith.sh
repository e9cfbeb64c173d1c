#!/usr/bin/env bash
# Differential testing with whole C programs: csmith writes a random C
# program (it prints a checksum of its globals), clang-16 compiles it to
# wasm32-wasi (-O0 or -O2 by seed), and weft's output and exit status must
# equal those of Node's WASI. Disagreements are kept in build-diff/csmith/.
# Usage: tests/diff/csmith.sh N [BUILD_DIR] [BASE_SEED]
# Needs csmith and libcsmith-dev (Debian), clang-16 with wasi-libc, node.
set -u
n=${1:?usage: csmith.sh N [BUILD_DIR] [BASE_SEED]}
build=${2:-build}
base=${3:-1}
top=$(cd "$(dirname "$0")/../.." && pwd)
weft="$build/weft"
out="$top/build-diff/csmith"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
agree=0 disagree=0 skipped=0
for ((i = 0; i < n; i++)); do
  seed=$((base + i))
  opt=$([ $((seed % 2)) = 0 ] && echo -O2 || echo -O0)
  csmith --seed "$seed" -o "$tmp/p.c" >/dev/null 2>&1 &&
    clang-16 --target=wasm32-wasi $opt -w -I/usr/include/csmith "$tmp/p.c" -o "$tmp/p.wasm" 2>/dev/null ||
    { skipped=$((skipped + 1)); continue; }
  ref=$(timeout 20 node --no-warnings "$top/tests/diff/wasi_ref.mjs" "$tmp/p.wasm" 2>&1; echo "exit $?")
  case "$ref" in *"exit 124") skipped=$((skipped + 1)); continue ;; esac
  got=$(timeout 40 "$weft" run "$tmp/p.wasm" 2>&1; echo "exit $?")
  # A trap is a trap: messages differ between engines.
  [[ "$ref" == "trap "* && "$got" == "Error: "* ]] && got=$ref
  if [ "$ref" = "$got" ]; then
    agree=$((agree + 1))
  else
    disagree=$((disagree + 1))
    cp "$tmp/p.c" "$out/seed$seed.c"
    cp "$tmp/p.wasm" "$out/seed$seed$opt.wasm"
    printf 'node:\n%s\nweft:\n%s\n' "$ref" "$got" >"$out/seed$seed.txt"
    echo "DISAGREE seed $seed $opt: node '$(echo $ref | head -c 80)' weft '$(echo $got | head -c 80)'"
  fi
  [ $(((i + 1) % 10)) = 0 ] && echo "[$((i + 1))/$n] agree=$agree disagree=$disagree skipped=$skipped" >&2
done
echo "programs=$n agree=$agree disagree=$disagree skipped=$skipped"
[ "$disagree" = 0 ]

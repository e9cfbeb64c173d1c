#!/usr/bin/env bash
# Component tests: the preview-1 test programs of tests/wasi, adapted into
# wasi:cli/command components with the preview-1 command adapter, must give
# the same stdout and exit status under `weft run` as the modules do
# (tests/wasi/NAME.expected). Prints "PASS name" / "FAIL name" lines.
#
# Components come from tests/component/fixtures/NAME.component.wasm when
# committed, else are made with `jco new NAME.wasm --wasi-command` if jco is
# found (WEFT_JCO=/path/to/jco, or `jco` / `npx jco` on PATH); otherwise the
# program is skipped with a message. WEFT_JCO_RUN=1 also runs each component
# under `jco run` (Node, the reference host) and compares.
# Usage: tests/component/check.sh BUILD_DIR
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
wasi=$here/../wasi
weft=$(cd "$build" 2>/dev/null && pwd)/weft
if [ ! -x "$weft" ]; then echo "FAIL component: no $build/weft"; exit 0; fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/weft-comp.XXXXXX")
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT

jco=()
if [ -n "${WEFT_JCO:-}" ]; then jco=("$WEFT_JCO")
elif command -v jco >/dev/null 2>&1; then jco=(jco)
elif [ -x /work/ext/jco/node_modules/.bin/jco ]; then jco=(/work/ext/jco/node_modules/.bin/jco)
fi

# The component for NAME: committed fixture, else made by jco, else "".
component() {
  local name=$1
  if [ -f "$here/fixtures/$name.component.wasm" ]; then echo "$here/fixtures/$name.component.wasm"; return; fi
  if [ ${#jco[@]} -gt 0 ] && "${jco[@]}" new "$wasi/$name.wasm" --wasi-command \
       -o "$tmp/$name.component.wasm" >/dev/null 2>&1; then
    echo "$tmp/$name.component.wasm"
  fi
}

plant_escapes() {
  local root=$1
  echo secret >"$root/outside.txt"
  echo inside >"$root/sandbox/inside.txt"
  mkdir -p "$root/sandbox/sub"
  ln -s .. "$root/sandbox/up"
  ln -s /etc "$root/sandbox/abs"
  ln -s ../.. "$root/sandbox/sub/deep"
  ln -s inside.txt "$root/sandbox/ok"
}

# t NAME STDIN_TEXT [weft options...] -- [guest args...]
t() {
  local name=$1 input=$2; shift 2
  local opts=() args=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do opts+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  args=("$@")
  local comp
  comp=$(component "$name")
  if [ -z "$comp" ]; then
    echo "component/$name: skipped (no fixture and no jco; set WEFT_JCO or install @bytecodealliance/jco)"
    return
  fi
  local root=$tmp/$name
  mkdir -p "$root/sandbox"
  [ "$name" = sandbox ] && plant_escapes "$root"
  local out=$tmp/$name.stdout err=$tmp/$name.stderr
  printf '%s' "$input" | (cd "$root" && timeout 60 "$weft" run --dir "$root/sandbox::/sandbox" \
      "${opts[@]}" "$comp" "${args[@]}") >"$out" 2>"$err"
  echo "exit=$?" >>"$out"
  # The adapter differs from a preview-1 host in known ways (see README):
  # expected/NAME.expected holds those, else the module's own expectation.
  local exp=$wasi/$name.expected
  [ -f "$here/expected/$name.expected" ] && exp=$here/expected/$name.expected
  if [ "${UPDATE:-0}" = 1 ]; then cp "$out" "$here/expected/$name.expected"; exp=$out; fi
  if diff -u "$exp" "$out" >"$tmp/$name.diff" 2>&1; then
    echo "PASS component/$name"
  else
    echo "FAIL component/$name"; head -n 30 "$tmp/$name.diff"; head -n 5 "$err"
  fi
  if [ "$name" = sandbox ]; then
    if [ "$(cat "$root/outside.txt")" = secret ] && ! ls "$root" | grep -qvE '^(outside.txt|sandbox)$'; then
      echo "PASS component/sandbox-host-intact"
    else
      echo "FAIL component/sandbox-host-intact"; ls "$root"
    fi
  fi
}

t args_env "" --env WEFT_A=alpha --env WEFT_EMPTY= --env "WEFT_UTF8=héllo wörld" -- one "two words" "" 'q"uote'
t files ""
t dirs ""
t sandbox ""
t clocks ""
t poll "hello
"
t stdin "line one
line two
no newline"
t faults ""

# Canonical ABI between two components (wat/abi.wat): 22 checks, each
# exits with its number if it fails.
timeout 10 "$weft" run "$here/fixtures/abi.wasm" >"$tmp/abi.out" 2>&1
st=$?
if [ $st = 0 ]; then echo "PASS component/abi"; else echo "FAIL component/abi (check $st failed)"; head -n 3 "$tmp/abi.out"; fi

# Canonical ABI traps (wat/traps.wat with CASE=1..10).
traps=("invalid utf-8" "invalid variant discriminant" "invalid \`char\` bit pattern"
       "unaligned pointer" "string content out-of-bounds" "invalid utf-16: unpaired surrogate"
       "unknown handle index 1" "unknown handle index 99"
       "borrow handles still remain at the end of the call" "unknown handle index 1")
for k in 1 2 3 4 5 6 7 8 9 10; do
  timeout 10 "$weft" run "$here/fixtures/trap$k.wasm" >"$tmp/trap$k.out" 2>&1
  st=$?
  if [ $st = 1 ] && grep -qF "Error: ${traps[$((k-1))]}" "$tmp/trap$k.out"; then echo "PASS component/trap$k"
  else echo "FAIL component/trap$k (status $st, want: ${traps[$((k-1))]})"; head -n 3 "$tmp/trap$k.out"; fi
done

# A component from JavaScript (componentize-js, StarlingMonkey): built
# only when componentize-js is found (WEFT_COMPONENTIZE_JS=/path/to/bin,
# or on PATH) with the WASI WIT that jco ships; ~14 MB, so not committed.
cjs=${WEFT_COMPONENTIZE_JS:-}
[ -z "$cjs" ] && command -v componentize-js >/dev/null 2>&1 && cjs=componentize-js
[ -z "$cjs" ] && [ -x /work/ext/cjs/node_modules/.bin/componentize-js ] && cjs=/work/ext/cjs/node_modules/.bin/componentize-js
witdeps=""
for d in "$(dirname "$(readlink -f "${jco[0]:-/nonexistent}")")/../lib/wit/builtin/0.2.12" \
         /work/ext/jco/node_modules/@bytecodealliance/jco/lib/wit/builtin/0.2.12; do
  [ -d "$d" ] && { witdeps=$d; break; }
done
if [ -n "$cjs" ] && [ -n "$witdeps" ]; then
  mkdir -p "$tmp/js/wit/deps"
  cp -r "$witdeps"/. "$tmp/js/wit/deps/"
  cp "$here/js/world.wit" "$tmp/js/wit/"
  if (cd "$tmp/js" && timeout 300 "$cjs" --wit wit --world-name hello -o hello.wasm "$here/js/hello.js") >"$tmp/js/build.log" 2>&1; then
    got=$(timeout 60 "$weft" run "$tmp/js/hello.wasm" 2>&1; echo "exit=$?")
    if [ "$got" = "hello from js, 6*7 = 42
exit=0" ]; then echo "PASS component/js-hello"; else echo "FAIL component/js-hello"; echo "$got" | head -n 5; fi
  else
    echo "component/js-hello: skipped (componentize-js failed: $(tail -n 1 "$tmp/js/build.log"))"
  fi
else
  echo "component/js-hello: skipped (no componentize-js or no WASI WIT from jco)"
fi

# Invalid (found at load time, instantiated or not): a nested import given
# a function of another type.
timeout 10 "$weft" run "$here/fixtures/mismatch.wasm" >"$tmp/mismatch.out" 2>&1
st=$?
if [ $st = 1 ] && grep -q "type mismatch for import .f.: type mismatch in function parameter .x." "$tmp/mismatch.out"; then echo "PASS component/invalid-mismatch"
else echo "FAIL component/invalid-mismatch (status $st)"; head -n 3 "$tmp/mismatch.out"; fi

# Invalid: a borrow in a function result.
timeout 10 "$weft" run "$here/fixtures/borrow-result.wasm" >"$tmp/br.out" 2>&1
st=$?
if [ $st = 1 ] && grep -q "function result cannot contain a .borrow. type" "$tmp/br.out"; then echo "PASS component/invalid-borrow-result"
else echo "FAIL component/invalid-borrow-result (status $st)"; head -n 3 "$tmp/br.out"; fi

# Validation at load time (weft inspect decodes and validates, nothing
# runs): each fixtures/invalid/NAME.wasm (jco parse of wat/invalid/NAME.wat)
# must be refused with the message on the first line of its .wat, and
# fixtures/valid.wasm (wat/valid.wat) accepted.
for f in "$here"/fixtures/invalid/*.wasm; do
  n=$(basename "$f" .wasm)
  want=$(head -n 1 "$here/wat/invalid/$n.wat" | sed 's/^;; error: //')
  timeout 10 "$weft" inspect "$f" >/dev/null 2>"$tmp/inv-$n.err"
  st=$?
  if [ $st = 1 ] && grep -qF -- "$want" "$tmp/inv-$n.err" && [ "$(wc -l <"$tmp/inv-$n.err")" = 1 ]; then
    echo "PASS component/invalid-$n"
  else echo "FAIL component/invalid-$n (status $st, want \"$want\")"; head -n 2 "$tmp/inv-$n.err"; fi
done
for f in "$here"/fixtures/valid*.wasm; do
  n=$(basename "$f" .wasm)
  if timeout 10 "$weft" inspect "$f" >/dev/null 2>"$tmp/$n.err"; then echo "PASS component/$n"
  else echo "FAIL component/$n"; head -n 2 "$tmp/$n.err"; fi
done

# Validation errors are not link errors: wat/kinds.wast under weft wast.
got=$(timeout 20 "$weft" wast "$here/wat/kinds.wast" 2>&1 | tail -n 1)
case "$got" in
  [1-9]*" passed, 0 failed") echo "PASS component/error-kinds ($got)";;
  *) echo "FAIL component/error-kinds: $got";;
esac

# map<k, v> values (lifted and lowered as list<tuple<k, v>>): the component
# model's values/concat.wast, when that reference copy is on this machine.
concat=${WEFT_CMTESTS:-/work/ext/cmtests/test}/values/concat.wast
if [ -f "$concat" ]; then
  got=$(timeout 60 "$weft" wast "$concat" 2>&1 | tail -n 1)
  case "$got" in
    [1-9]*" passed, 0 failed") echo "PASS component/map-concat ($got)";;
    *) echo "FAIL component/map-concat: $got";;
  esac
else
  echo "component/map-concat: skipped (no component-model tests at $concat)"
fi

# Malformed components: clean errors, never a crash.
bad() {
  local name=$1 bytes=$2
  printf "$bytes" >"$tmp/$name.wasm"
  timeout 10 "$weft" run "$tmp/$name.wasm" >"$tmp/$name.out" 2>&1
  local st=$?
  if [ $st = 1 ] && grep -q '^Error: ' "$tmp/$name.out"; then echo "PASS component/bad-$name"
  else echo "FAIL component/bad-$name (status $st)"; head -n 3 "$tmp/$name.out"; fi
}
# Limits: 151 nested list types; 60 tuples each doubling the last (a
# type DAG whose size would be 2^62 bytes) - refused quickly, not explored.
for f in deep-types:"type nesting too deep" huge-type:"type too large" instance-bomb:"too many instances"; do
  n=${f%%:*}; want=${f#*:}
  timeout 10 "$weft" run "$here/fixtures/$n.wasm" >"$tmp/$n.out" 2>&1
  st=$?
  if [ $st = 1 ] && grep -q "$want" "$tmp/$n.out"; then echo "PASS component/limit-$n"
  else echo "FAIL component/limit-$n (status $st)"; head -n 3 "$tmp/$n.out"; fi
done
bad empty '\x00asm\x0d\x00\x01\x00'
bad truncated-section '\x00asm\x0d\x00\x01\x00\x07\x05\x01'
bad bad-section '\x00asm\x0d\x00\x01\x00\x0d\x00'
bad bad-module '\x00asm\x0d\x00\x01\x00\x01\x04\x00asm'
bad bad-type '\x00asm\x0d\x00\x01\x00\x07\x02\x01\x55'
bad import-unknown '\x00asm\x0d\x00\x01\x00\x07\x03\x01\x42\x00\x0a\x0a\x01\x00\x05nope:x\x05\x00'
exit 0

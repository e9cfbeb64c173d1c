#!/usr/bin/env bash
# The component text format (src/text/comp_text*.c): `(component ...)` to
# component binary through wf_wat_to_wasm, driven by tests/capi/wat2wasm.c
# built against the build tree's library. Prints "PASS name" / "FAIL name".
#  - run.wat must encode and run to exit 0 under `weft run`;
#  - syntax.wat, order.wat, s33.wat and binary.wat must encode to
#    components `weft inspect` decodes and validates; order.wat and
#    s33.wat to exactly the bytes in order.expected and s33.expected;
#  - tests/component/wat/*.wat (encoded by jco for the fixtures) encoded by
#    weft must run exactly as the fixtures do (output and status);
#  - with jco and python3 present, weft's encoding of those texts equals
#    wasm-tools' (`jco parse`) byte for byte, custom (name) sections aside,
#    and so does that of the WAT `jco print` makes of a large component
#    fixture and of two core modules (quoted ids, annotations, as printed);
#  - bad/*.wat must fail with the error on their first line (";; error:
#    LINE:COL: message"), and every prefix of run.wat fails cleanly or
#    encodes, never crashes.
# Usage: tests/comp-text/check.sh BUILD_DIR
set -u
build=$(cd "${1:-build}" 2>/dev/null && pwd)
top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tests/comp-text
comp=$top/tests/component
weft=$build/weft
tmp=$(mktemp -d "${TMPDIR:-/tmp}/weft-ctext.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
if [ ! -x "$weft" ] || [ ! -f "$build/libweft.a" ]; then echo "FAIL comp-text: no $build/weft or libweft.a"; exit 0; fi

san=()
grep -q '^WEFT_SANITIZE:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null &&
  san=(-fsanitize=address,undefined -fno-omit-frame-pointer)
w2w=$tmp/wat2wasm
if ! "${CC:-cc}" "${san[@]}" -std=c11 -I"$top/include" "$top/tests/capi/wat2wasm.c" \
     "$build/libweft.a" -lm -lpthread -o "$w2w" >"$tmp/cc.log" 2>&1; then
  echo "FAIL comp-text/wat2wasm (does not build)"; head -n 5 "$tmp/cc.log"; exit 0
fi

# run.wat: encodes, runs, exits 0.
if "$w2w" "$here/run.wat" "$tmp/run.wasm" 2>"$tmp/run.err" &&
   timeout 10 "$weft" run "$tmp/run.wasm" >"$tmp/run.out" 2>&1; then
  echo "PASS comp-text/run"
else
  echo "FAIL comp-text/run (status $?)"; head -n 3 "$tmp/run.err" "$tmp/run.out"
fi

# syntax.wat, order.wat, s33.wat, binary.wat: decoded and validated.
for n in syntax order s33 binary; do
  if "$w2w" "$here/$n.wat" "$tmp/$n.wasm" 2>"$tmp/$n.err" &&
     timeout 10 "$weft" inspect "$tmp/$n.wasm" >"$tmp/$n.out" 2>&1; then
    echo "PASS comp-text/$n"
  else
    echo "FAIL comp-text/$n"; head -n 3 "$tmp/$n.err" "$tmp/$n.out"
  fi
done

# order.wat and s33.wat byte for byte: NAME.expected is the encoding
# (od -An -tx1), checked equal to jco parse's when it was written.
for n in order s33; do
  if od -An -tx1 -v "$tmp/$n.wasm" 2>/dev/null | cmp -s - "$here/$n.expected"; then
    echo "PASS comp-text/$n-bytes"
  else
    echo "FAIL comp-text/$n-bytes (differs from $n.expected)"
  fi
done

# The jco-built fixtures of tests/component, from their text by weft: the
# same run (traps.wat is one component per CASE, as there).
same_run() {   # NAME WAT FIXTURE
  local name=$1 wat=$2 fix=$3
  if [ ! -f "$fix" ]; then echo "comp-text/fixture-$name: skipped (no $fix)"; return; fi
  if ! "$w2w" "$wat" "$tmp/$name.wasm" 2>"$tmp/$name.err"; then
    echo "FAIL comp-text/fixture-$name (does not encode)"; head -n 3 "$tmp/$name.err"; return
  fi
  local a b
  a=$(timeout 10 "$weft" run "$tmp/$name.wasm" 2>&1; echo "status=$?")
  b=$(timeout 10 "$weft" run "$fix" 2>&1; echo "status=$?")
  # (byte offsets in messages differ with the name sections)
  a=$(echo "${a//$tmp\/$name.wasm/X}" | sed 's/ (at byte offset [0-9]*)//')
  b=$(echo "${b//$fix/X}" | sed 's/ (at byte offset [0-9]*)//')
  if [ "$a" = "$b" ]; then echo "PASS comp-text/fixture-$name"
  else echo "FAIL comp-text/fixture-$name"; echo "weft: $a" | head -n 3; echo "jco:  $b" | head -n 3; fi
}
for n in abi mismatch borrow-result; do
  same_run "$n" "$comp/wat/$n.wat" "$comp/fixtures/$n.wasm"
done
for k in 1 2 3 4 5 6 7 8 9 10; do
  sed "s/CASE/$k/" "$comp/wat/traps.wat" >"$tmp/traps$k.wat"
  same_run "trap$k" "$tmp/traps$k.wat" "$comp/fixtures/trap$k.wasm"
done

# Byte-for-byte against wasm-tools, when jco and python3 are there.
jco=${WEFT_JCO:-}
[ -z "$jco" ] && command -v jco >/dev/null 2>&1 && jco=jco
[ -z "$jco" ] && [ -x /work/ext/jco/node_modules/.bin/jco ] && jco=/work/ext/jco/node_modules/.bin/jco
if [ -n "$jco" ] && command -v python3 >/dev/null 2>&1; then
  for w in "$here/run.wat" "$here/syntax.wat" "$here/order.wat" "$here/s33.wat" "$comp/wat/abi.wat" \
           "$comp/wat/mismatch.wat" \
           "$comp/wat/borrow-result.wat" "$tmp/traps4.wat"; do
    n=$(basename "$w" .wat)
    if ! "$jco" parse "$w" -o "$tmp/$n.jco.wasm" >/dev/null 2>&1 ||
       ! "$w2w" "$w" "$tmp/$n.weft.wasm" 2>/dev/null; then
      echo "FAIL comp-text/jco-$n (does not encode)"; continue
    fi
    if python3 "$here/strip.py" "$tmp/$n.jco.wasm" "$tmp/$n.weft.wasm"; then echo "PASS comp-text/jco-$n"
    else echo "FAIL comp-text/jco-$n (bytes differ from jco parse)"; fi
  done
  # What `jco print` (wasm-tools) writes, read back as is: a component of
  # the adapter (1 MB of WAT once printed, 80+ types in an instance type)
  # and two core modules. The printed text must hold quoted ids ($"...")
  # and annotations ((@name ...), (@producers ...)), so that these stay
  # tested; weft's encoding equals jco parse's of the same text.
  for fix in "$comp/fixtures/files.component.wasm" "$top/tests/wasi/args_env.wasm" \
             "$top/tests/wasi/clocks.wasm"; do
    n=printed-$(basename "$fix" .wasm)
    if [ ! -f "$fix" ] || ! "$jco" print "$fix" -o "$tmp/$n.wat" >/dev/null 2>&1 ||
       ! "$jco" parse "$tmp/$n.wat" -o "$tmp/$n.jco.wasm" >/dev/null 2>&1; then
      echo "comp-text/jco-$n: skipped (no fixture, or jco print/parse failed)"; continue
    fi
    if ! grep -q '(@' "$tmp/$n.wat" ||
       { [ "${n%.component}" != "$n" ] && ! grep -q '\$"' "$tmp/$n.wat"; }; then
      echo "FAIL comp-text/jco-$n (printed text lacks annotations or quoted ids)"
    elif "$w2w" "$tmp/$n.wat" "$tmp/$n.weft.wasm" 2>"$tmp/$n.err" &&
         python3 "$here/strip.py" "$tmp/$n.jco.wasm" "$tmp/$n.weft.wasm"; then
      echo "PASS comp-text/jco-$n"
    else
      echo "FAIL comp-text/jco-$n"; head -n 3 "$tmp/$n.err"
    fi
  done
else
  echo "comp-text/jco: skipped (no jco or no python3)"
fi

# Malformed text: the expected error, with its position.
for f in "$here"/bad/*.wat; do
  n=$(basename "$f" .wat)
  want=$(head -n 1 "$f" | sed 's/^;; error: //')
  got=$("$w2w" "$f" "$tmp/bad.wasm" 2>&1); st=$?
  got=${got#"$f: "}
  if [ $st = 1 ] && [ "$got" = "$want" ]; then echo "PASS comp-text/bad-$n"
  else echo "FAIL comp-text/bad-$n (status $st)"; echo "  want: $want"; echo "  got:  $got"; fi
done

# Every prefix of run.wat (one in 7 bytes): encodes or fails, no crash.
size=$(wc -c <"$here/run.wat")
crash=""
for ((i = 0; i < size; i += 7)); do
  head -c "$i" "$here/run.wat" >"$tmp/cut.wat"
  "$w2w" "$tmp/cut.wat" "$tmp/cut.wasm" >/dev/null 2>&1
  st=$?
  if [ $st -gt 1 ]; then crash="$crash $i:$st"; fi
done
if [ -z "$crash" ]; then echo "PASS comp-text/truncated"
else echo "FAIL comp-text/truncated (prefix length:status$crash)"; fi

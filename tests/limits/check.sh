#!/usr/bin/env bash
# Resource limits and hostile modules: weft run --fuel / --timeout /
# --max-memory / --max-table / --max-stack, traps with guest backtraces,
# and modules built to make the host allocate without bound (each must be
# rejected or run cleanly under a 2 GiB address-space cap, never crash).
# Prints PASS/FAIL lines for tests/run.sh.  Usage: tests/limits/check.sh BUILD_DIR
set -u
build=${1:-build}
weft="$build/weft"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass() { echo "PASS limits/$1"; }
fail() { echo "FAIL limits/$1"; [ -n "${2:-}" ] && echo "$2" | tail -n 5 | sed 's/^/  /'; }
# expect NAME WANT_STATUS PATTERN CMD...: status and a grep -E pattern of
# the combined output.
expect() {
  local name=$1 want=$2 pat=$3
  shift 3
  local out st
  out=$(timeout 30 "$@" 2>&1); st=$?
  if [ "$st" = "$want" ] && echo "$out" | grep -Eq -- "$pat"; then pass "$name"
  else fail "$name" "status $st (want $want): $out"; fi
}

cat >"$tmp/m.wat" <<'EOF'
(module
  (memory 1)
  (table 1 funcref)
  (global $n (mut i32) (i32.const 0))
  (func $spin (export "spin")
    (loop $l (global.set $n (i32.add (global.get $n) (i32.const 1))) (br $l)))
  ;; Loop headers have no check of their own (interp/code.h): only the
  ;; inner loop branches back; in spin-shared both loops share a header.
  (func (export "spin-shared")
    (loop $o (loop $i (global.set $n (i32.add (global.get $n) (i32.const 1))) (br $i))))
  (func (export "spin-inner")
    (loop $o (global.set $n (i32.const 0))
      (loop $i (global.set $n (i32.add (global.get $n) (i32.const 1))) (br $i))
      (br $o)))
  (func (export "spin-reenter")
    (loop $o (loop $i (global.set $n (i32.add (global.get $n) (i32.const 1)))) (br $o)))
  (func $count (export "count") (param i32) (result i32) (local i32)
    (loop $l (local.set 1 (i32.add (local.get 1) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get 1) (local.get 0))))
    (local.get 1))
  (func $rec (export "rec") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $rec (i32.sub (local.get 0) (i32.const 1)))))))
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func $load (param i32) (result i32) (i32.load (local.get 0)))
  (func $oob (export "oob") (result i32) (call $load (i32.const 65536)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "tgrow") (param i32) (result i32) (table.grow (ref.null func) (local.get 0))))
EOF
m="$tmp/m.wat"

# ---- fuel ----
expect fuel-loop 1 "all fuel consumed" "$weft" run --fuel 1000 --invoke spin "$m"
for f in spin-shared spin-inner spin-reenter; do
  expect "fuel-$f" 1 "all fuel consumed" "$weft" run --fuel 100000 --invoke "$f" "$m"
  expect "timeout-$f" 1 "interrupted" "$weft" run --timeout 100ms --invoke "$f" "$m"
done
expect fuel-recursion 1 "all fuel consumed" "$weft" run --fuel 10000 --invoke fib "$m" 40
expect fuel-enough 0 "^1000$" "$weft" run --fuel 100000 --invoke count "$m" 1000
expect fuel-bad-value 2 "--fuel takes" "$weft" run --fuel lots --invoke spin "$m"
# The largest count that fits in 20000 units of fuel, found by bisection,
# is the same every run.
largest_count() {
  local lo=1 hi=20000 mid
  while [ $((hi - lo)) -gt 1 ]; do
    mid=$(((lo + hi) / 2))
    if "$weft" run --fuel 20000 --invoke count "$m" "$mid" >/dev/null 2>&1; then lo=$mid; else hi=$mid; fi
  done
  echo "$lo"
}
a=$(largest_count); b=$(largest_count); c=$(largest_count)
if [ "$a" = "$b" ] && [ "$b" = "$c" ] && [ "$a" -gt 100 ] && [ "$a" -lt 20000 ]; then
  pass fuel-deterministic
else fail fuel-deterministic "largest count under --fuel 20000: $a $b $c"; fi

# ---- timeout ----
ms() { echo $(($(date +%s%N) / 1000000)); }
t0=$(ms)
out=$("$weft" run --timeout 100ms --invoke spin "$m" 2>&1); st=$?
t1=$(ms)
elapsed=$((t1 - t0))
if [ "$st" = 1 ] && echo "$out" | grep -q interrupted && [ "$elapsed" -lt 1000 ]; then
  pass timeout-infinite-loop
  echo "  (--timeout 100ms: infinite loop ended after $elapsed ms, process included)"
else fail timeout-infinite-loop "status $st after $elapsed ms: $out"; fi
expect timeout-recursion 1 "interrupted" "$weft" run --timeout 100ms --invoke fib "$m" 60
# A guest blocked in a host call (a 30 s poll_oneoff) still ends soon after
# the deadline: the command line's backstop ends the process.
cat >"$tmp/pollwait.wat" <<'EOF'
(module
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (i32.store (i32.const 16) (i32.const 1))              ;; CLOCK_MONOTONIC, relative
    (i64.store (i32.const 24) (i64.const 30000000000))    ;; 30 s
    (drop (call $poll (i32.const 0) (i32.const 64) (i32.const 1) (i32.const 128)))))
EOF
t0=$(date +%s%N)
out=$(timeout 20 "$weft" run --timeout 100ms "$tmp/pollwait.wat" 2>&1); st=$?
elapsed=$(( ($(date +%s%N) - t0) / 1000000 ))
if [ "$st" = 1 ] && echo "$out" | grep -q "interrupted (in a blocking host call)" && [ "$elapsed" -lt 2000 ]; then
  pass timeout-blocked-host-call
  echo "  (--timeout 100ms: 30 s poll_oneoff ended after $elapsed ms, process included)"
else fail timeout-blocked-host-call "status $st after $elapsed ms: $out"; fi
expect timeout-not-reached 0 "^10$" "$weft" run --timeout 5s --invoke count "$m" 10
expect timeout-bad-value 2 "--timeout takes" "$weft" run --timeout 5parsecs --invoke spin "$m"

# ---- memory, table, stack ----
expect max-memory-grow 0 "^1$" "$weft" run --max-memory 131072 --invoke grow "$m" 1
expect max-memory-grow-beyond 0 "^-1$" "$weft" run --max-memory 128K --invoke grow "$m" 2
echo '(module (memory 4))' >"$tmp/mem4.wat"
expect max-memory-initial 1 "exceeds the limit" "$weft" run --max-memory 65536 "$tmp/mem4.wat"
expect max-table-grow 0 "^1$" "$weft" run --max-table 5 --invoke tgrow "$m" 4
expect max-table-grow-beyond 0 "^-1$" "$weft" run --max-table 5 --invoke tgrow "$m" 5
echo '(module (table 10 funcref))' >"$tmp/tab10.wat"
expect max-table-initial 1 "exceeds the limit" "$weft" run --max-table 5 "$tmp/tab10.wat"
expect max-stack-small 1 "call stack exhausted" "$weft" run --max-stack 64K --invoke rec "$m" 100000
expect max-stack-default 0 "^100000$" "$weft" run --invoke rec "$m" 100000

# ---- traps and backtraces ----
expect backtrace-names 1 "load" "$weft" run --invoke oob "$m"
out=$("$weft" run --invoke oob "$m" 2>&1)
if echo "$out" | tr '\n' ' ' | grep -q "out of bounds memory access load oob"; then
  pass backtrace-order
else fail backtrace-order "$out"; fi

# ---- hostile modules ----
# leb N: the unsigned LEB128 bytes of N as printf escapes.
leb() {
  local n=$1 s="" b
  while :; do
    b=$((n & 127)); n=$((n >> 7))
    if [ "$n" -gt 0 ]; then s="$s$(printf '\\x%02x' $((b | 128)))"
    else s="$s$(printf '\\x%02x' "$b")"; break; fi
  done
  printf '%s' "$s"
}
# rep STR N: STR (printf escapes) N times, written raw (by doubling).
rep() {
  local n=$2 u="$tmp/rep_u" o="$tmp/rep_o"
  printf "$1" >"$u"
  : >"$o"
  while [ "$n" -gt 0 ]; do
    [ $((n & 1)) = 1 ] && cat "$u" >>"$o"
    cat "$u" "$u" >"$u.2" && mv "$u.2" "$u"
    n=$((n >> 1))
  done
  cat "$o"
}
hdr='\x00asm\x01\x00\x00\x00'
# section ID FILE_OF_BODY: the section around a body file.
section() {
  local size
  size=$(wc -c <"$2")
  printf "\\x$(printf %02x "$1")$(leb "$size")"
  cat "$2"
}
mkmod() {   # mkmod NAME: sections from $tmp/s<ID> files, in order of the ids given
  local name=$1 id
  shift
  { printf "$hdr"; for id in "$@"; do section "$id" "$tmp/s$id"; done; } >"$tmp/$name.wasm"
}
type_v_v() { printf '\x01\x60\x00\x00' >"$tmp/s1"; printf '\x01\x00' >"$tmp/s3"; }
code() {   # code FILE_OF_BODY: one function body
  local size
  size=$(wc -c <"$1")
  { printf "\\x01$(leb "$size")"; cat "$1"; } >"$tmp/s10"
}
# Run one hostile module under a 2 GiB address-space cap: it must end
# within 30 s with status 0 or 1 (never a signal); a rejection must say
# what was wrong.
# Sanitizer runtimes reserve terabytes of shadow memory: no cap there.
if grep -q 'WEFT_SANITIZE:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null; then
  cap_kib=unlimited
else
  cap_kib=2097152
fi

hostile() {
  local name=$1 pat=$2 out st
  out=$( (ulimit -v $cap_kib; timeout 30 "$weft" run "$tmp/$name.wasm") 2>&1); st=$?
  if { [ "$st" = 0 ] || [ "$st" = 1 ]; } && echo "$out" | grep -Eq -- "$pat"; then
    pass "hostile-$name"
  else fail "hostile-$name" "status $st: $out"; fi
}

printf "\\x01\\x70\\x00$(leb 4294967295)" >"$tmp/s4"; mkmod table_max 4
hostile table_max "exceeds the limit"
printf "\\x01\\x70\\x00$(leb 1000000000)" >"$tmp/s4"; mkmod table_1e9 4
hostile table_1e9 "exceeds the limit"
{ printf "$(leb 100)"; rep "\\x70\\x00$(leb 2000000)" 100; } >"$tmp/s4"; mkmod tables_many 4
hostile tables_many "limit of [0-9]+ elements in all"
{ printf "$(leb 101)"; rep '\x70\x00\x00' 101; } >"$tmp/s4"; mkmod tables_too_many 4
hostile tables_too_many "101 tables exceed the limit of 100"
{ printf "$(leb 1000001)"; rep '\x00' 1000001; } >"$tmp/s3"; printf '\x01\x60\x00\x00' >"$tmp/s1"
mkmod funcs_too_many 1 3
hostile funcs_too_many "1000001 functions exceed the limit of 1000000"
printf "$(leb 4294967295)" >"$tmp/s1"; mkmod types_count_lie 1
hostile types_count_lie "unexpected end"
printf "\\x01\\x60$(leb 4294967295)" >"$tmp/s1"; mkmod params_count_lie 1
hostile params_count_lie "unexpected end"
type_v_v; printf "$(leb 4294967295)" >"$tmp/s3"; mkmod funcs_count_lie 1 3
hostile funcs_count_lie "unexpected end"
printf "$(leb 4294967295)" >"$tmp/s11"; mkmod data_count_lie 11
hostile data_count_lie "unexpected end"
printf "$(leb 4294967295)" >"$tmp/s9"; mkmod elem_count_lie 9
hostile elem_count_lie "unexpected end"
# 100,000 passive data segments (each empty) are fine; one more is not.
printf '\x01\x01\x01\x01' >"$tmp/s5"
printf "$(leb 100000)" >"$tmp/s12"
{ printf "$(leb 100000)"; rep '\x01\x00' 100000; } >"$tmp/s11"; mkmod data_many 5 12 11
hostile data_many "^$"
printf "$(leb 100001)" >"$tmp/s12"
{ printf "$(leb 100001)"; rep '\x01\x00' 100001; } >"$tmp/s11"; mkmod data_too_many 5 12 11
hostile data_too_many "100001 data segments exceed the limit of 100000"
type_v_v
printf "\\x01$(leb 4294967295)\\x7f\\x0b" >"$tmp/body"; code "$tmp/body"; mkmod locals_giant 1 3 10
hostile locals_giant "too many locals"
printf "\\x02$(leb 2147483648)\\x7f$(leb 2147483648)\\x7e\\x0b" >"$tmp/body"; code "$tmp/body"
mkmod locals_overflow 1 3 10
hostile locals_overflow "too many locals"
# 100,000 nested blocks, closed: valid, compiled and run.
{ printf '\x00'; rep '\x02\x40' 100000; rep '\x0b' 100001; } >"$tmp/body"; code "$tmp/body"
mkmod deep_blocks 1 3 10
hostile deep_blocks "^$"
# 100,000 nested blocks, never closed.
{ printf '\x00'; rep '\x02\x40' 100000; } >"$tmp/body"; code "$tmp/body"; mkmod deep_unclosed 1 3 10
hostile deep_unclosed "unexpected end|END opcode expected"
# br_table claiming 2^32-1 targets in a few bytes.
printf "\\x00\\x02\\x40\\x41\\x00\\x0e$(leb 4294967295)\\x0b\\x0b" >"$tmp/body"; code "$tmp/body"
mkmod br_table_lie 1 3 10
hostile br_table_lie "unexpected end"
# br_table with 1,000,000 targets: valid, compiled and run.
{ printf '\x00\x02\x40\x41\x00\x0e'; printf "$(leb 1000000)"; rep '\x00' 1000001; printf '\x0b\x0b'; } \
  >"$tmp/body"; code "$tmp/body"; mkmod br_table_big 1 3 10
hostile br_table_big "^$"
# A function body over the 7,654,321-byte limit (a br_table of 8M targets).
{ printf '\x00\x02\x40\x41\x00\x0e'; printf "$(leb 8000000)"; rep '\x00' 8000001; printf '\x0b\x0b'; } \
  >"$tmp/body"; code "$tmp/body"; mkmod func_too_big 1 3 10
hostile func_too_big "exceeds the limit of 7654321"
# 100,000 operands on the stack at once.
{ printf '\x00'; rep '\x41\x00' 100000; rep '\x1a' 100000; printf '\x0b'; } >"$tmp/body"
code "$tmp/body"; mkmod deep_operands 1 3 10
hostile deep_operands "^$"
# A name section claiming 2^32-1 function names.
{ printf '\x04name\x01'; printf "$(leb 6)"; printf "$(leb 4294967295)"; printf '\x00'; } >"$tmp/s0"
mkmod names_lie 0
hostile names_lie "^$"
# Deeply nested text.
{ printf '(module (func '; rep '(block ' 100000; rep ')' 100000; printf '))'; } >"$tmp/deep_text.wat"
out=$( (ulimit -v $cap_kib; timeout 30 "$weft" run "$tmp/deep_text.wat") 2>&1); st=$?
if [ "$st" = 1 ] && echo "$out" | grep -q "nesting too deep"; then pass hostile-deep-text
else fail hostile-deep-text "status $st: $out"; fi
exit 0

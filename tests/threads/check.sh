#!/usr/bin/env bash
# wasi-threads programs (text format, in this folder) run by `weft run`:
# each case names a program, extra options/arguments, the exit status and
# (optionally) the stdout or a stderr fragment it must give. Counting
# programs are repeated a few times to shake out races.
# Prints PASS/FAIL lines for tests/run.sh.  Usage: tests/threads/check.sh BUILD_DIR
set -u
build=${1:-build}
weft="$build/weft"
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

# name  status  expected-stdout  expected-stderr-fragment  -- weft run args...
check() {
  local name=$1 want=$2 out_want=$3 err_want=$4
  shift 5
  local out err status
  err=$(mktemp)
  out=$(timeout 60 "$weft" run "$@" 2>"$err")
  status=$?
  if [ "$status" -ne "$want" ]; then
    echo "FAIL threads/$name (status $status, want $want)"
    sed 's/^/  /' "$err" | head -5
  elif [ -n "$out_want" ] && [ "$out" != "$out_want" ]; then
    echo "FAIL threads/$name (stdout '$out', want '$out_want')"
  elif [ -n "$err_want" ] && ! grep -q -- "$err_want" "$err"; then
    echo "FAIL threads/$name (stderr lacks '$err_want')"
    sed 's/^/  /' "$err" | head -5
  else
    echo "PASS threads/$name"
  fi
  rm -f "$err"
}

for i in 1 2 3; do
  check counter-$i 0 "counter 800000" "" -- "$here/counter.wat"
  check mutex-$i 0 "" "" -- "$here/mutex.wat"
  check workqueue-$i 0 "" "" -- "$here/workqueue.wat"
  check condvar-$i 0 "" "" -- "$here/condvar.wat"
done
check tids-64 0 "" "" -- "$here/tids.wat"
check nested-spawn 0 "" "" -- "$here/nested.wat"
check grow-seen-by-all 0 "" "" -- "$here/grow.wat"
check grow-while-running 0 "" "" -- "$here/growrace.wat"
check exit-from-worker 7 "" "" -- "$here/exit.wat"
check trap-in-worker 1 "" "unreachable" -- "$here/trap.wat"
check main-returns 0 "" "" -- "$here/mainret.wat"
check timeout-interrupts-wait 1 "" "interrupted" -- --timeout 300ms "$here/waitforever.wat"
check fuel-in-worker 1 "" "all fuel consumed" -- --fuel 1000000 "$here/spin.wat"
check max-threads 0 "" "" -- --max-threads 2 "$here/limit.wat"
check slots-given-back 0 "" "" -- --max-threads 4 "$here/respawn.wat"
check no-shared-memory 0 "" "" -- "$here/nomem.wat"
check switch-S 0 "counter 800000" "" -- -S threads "$here/counter.wat"
check switch-wasi 0 "counter 800000" "" -- --wasi threads "$here/counter.wat"
check switch-off 1 "" "thread-spawn" -- -S threads=n "$here/counter.wat"
check bad-max-threads 2 "" "" -- --max-threads 0 "$here/counter.wat"
for t in 1 2 8 64; do
  n=100000
  check psum-$t 0 "$((n * (n + 1) / 2 * 3))" "" -- --invoke psum "$top/bench/threads/psum.wat" $t $n 3
done

# Optional: wasi-testsuite's wasi-threads programs (not committed here):
#   WEFT_WASI_THREADS_DIR=.../wasi-testsuite/tests/proposals/wasi-threads
# Each NAME.wasm must exit with NAME.json's exit_code (0 without one);
# stdin is a pipe that stays open, so reads from fd 0 block as they assume.
if [ -n "${WEFT_WASI_THREADS_DIR:-}" ] && [ -d "$WEFT_WASI_THREADS_DIR" ]; then
  # A FIFO we hold open for writing too: reads from it block, no writer process.
  fifo=$(mktemp -u)
  mkfifo "$fifo" && exec 3<>"$fifo"
  rm -f "$fifo"
  for w in "$WEFT_WASI_THREADS_DIR"/*.wasm; do
    b=${w%.wasm}
    want=0
    [ -f "$b.json" ] && want=$(sed -n 's/.*"exit_code": *\([0-9]*\).*/\1/p' "$b.json")
    timeout 20 "$weft" run "$w" <&3 >/dev/null 2>&1
    status=$?
    if [ "$status" -eq "${want:-0}" ]; then echo "PASS wasi-testsuite/$(basename "$b")"
    else echo "FAIL wasi-testsuite/$(basename "$b") (status $status, want $want)"; fi
  done
  exec 3<&-
fi

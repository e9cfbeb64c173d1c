#!/usr/bin/env bash
# bench/threads/run.sh BUILD_DIR — wasi-threads parallel sum over 1 and 2
# threads (bench/threads/psum.wat: each thread fills and sums its slice),
# best wall time of WEFT_BENCH_RUNS runs each, and the speedup. On a busy
# machine the wall times mean little: the user times show whether the
# work itself grew with the second thread.
#   WEFT_PSUM_N=8000000   elements
#   WEFT_PSUM_REPS=8      summing passes
set -u
build=${1:-build}
weft="$build/weft"
here=$(cd "$(dirname "$0")" && pwd)
runs=${WEFT_BENCH_RUNS:-3}
n=${WEFT_PSUM_N:-8000000}
reps=${WEFT_PSUM_REPS:-8}
want=$((n * (n + 1) / 2 * reps))

best() {   # best wall and its user time over $runs runs: "WALL USER"
  local t=$1 b="" bu=""
  for _ in $(seq "$runs"); do
    local out
    out=$( { /usr/bin/time -f "%e %U" "$weft" run --invoke psum "$here/psum.wat" "$t" "$n" "$reps" >/tmp/psum.$$; } 2>&1 | tail -n 1)
    if [ "$(cat /tmp/psum.$$)" != "$want" ]; then echo "WRONG"; rm -f /tmp/psum.$$; return 1; fi
    local w=${out% *} u=${out#* }
    if [ -z "$b" ] || awk "BEGIN{exit !($w < $b)}"; then b=$w; bu=$u; fi
  done
  rm -f /tmp/psum.$$
  echo "$b $bu"
}

r1=$(best 1) || { echo "psum: wrong result with 1 thread"; exit 1; }
r2=$(best 2) || { echo "psum: wrong result with 2 threads"; exit 1; }
printf 'psum n=%s reps=%s   1 thread: %ss (user %ss)   2 threads: %ss (user %ss)\n' \
  "$n" "$reps" "${r1% *}" "${r1#* }" "${r2% *}" "${r2#* }"
awk "BEGIN{printf \"speedup 2 vs 1 thread: %.2fx (load average %s)\n\", ${r1% *} / ${r2% *}, \"$(cut -d' ' -f1 /proc/loadavg)\"}"

#!/usr/bin/env bash
# bench/footprint.sh BUILD_DIR WORK_DIR — weft's start-up and footprint:
#  * compile speed: `weft run --invoke noop` on a generated module with a
#    20 MiB code section (bench/bigmod.c), minus the same on a module with
#    only the noop. That difference is load + validate + compile of 20 MiB
#    of function bodies (plus instantiation, which is trivial here: one
#    empty memory, no data); it is reported as MiB of code per second.
#    Times are CPU time unless WEFT_BENCH_CLOCK=wall, as in run.sh.
#  * peak RSS of those two runs (the per-benchmark peaks are in the table);
#  * size of the weft binary after `strip`.
# Set WEFT_BENCH_BIGMOD_MIB to change the 20.
set -u
build=$1 work=$2
here=$(cd "$(dirname "$0")" && pwd)
weft=$build/weft
mib=${WEFT_BENCH_BIGMOD_MIB:-20}
runs=${WEFT_BENCH_RUNS:-3}
[ -x "$weft" ] || { echo "footprint: no $weft"; exit 1; }
[ -x "$work/timeit" ] || "${CC:-gcc}" -O2 -o "$work/timeit" "$here/timeit.c" || exit 1
"${CC:-gcc}" -O2 -o "$work/bigmod" "$here/bigmod.c" || exit 1
[ -f "$work/big$mib.wasm" ] || "$work/bigmod" "$work/big$mib.wasm" "$mib" >/dev/null || exit 1
[ -f "$work/big0.wasm" ] || "$work/bigmod" "$work/big0.wasm" 0 >/dev/null || exit 1

# median seconds and max RSS (KB) of `CMD... FILE` (default: weft's noop)
noop_run() {
  local cmd=("$weft" run --invoke noop)
  if [ $# -gt 1 ]; then cmd=("${@:1:$#-1}"); set -- "${@: -1}"; fi
  local i line secs kb code cpu times=() rss=0
  for ((i = 0; i < runs; i++)); do
    line=$("$work/timeit" "$work/noop.out" "${cmd[@]}" "$1")
    read -r secs kb code cpu <<<"$line"
    [ "${WEFT_BENCH_CLOCK:-cpu}" = cpu ] && secs=$cpu
    if [ "$code" != 0 ]; then
      echo "FAIL $(head -c 200 "$work/noop.out.err" | head -n 2 | tr '\n' ' ')"; return
    fi
    times+=("$secs"); [ "$kb" -gt "$rss" ] && rss=$kb
  done
  echo "$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') $rss"
}

status=0
read -r t0 r0 rest0 <<<"$(noop_run "$work/big0.wasm")"
read -r t1 r1 rest1 <<<"$(noop_run "$work/big$mib.wasm")"
if [ "$t0" = FAIL ] || [ "$t1" = FAIL ]; then
  echo "compile speed: weft run --invoke noop failed: ${rest0:-}${rest1:-}"
  status=1
else
  size=$(stat -c %s "$work/big$mib.wasm")
  awk -v t0="$t0" -v t1="$t1" -v mib="$mib" -v sz="$size" 'BEGIN {
    d = t1 - t0; if (d <= 0) d = 1e-4
    printf "compile speed: %.1f MiB/s (load+validate+compile of a %.1f MB module with a %d MiB code section: %.3f s; start-up baseline %.3f s subtracted)\n", mib / d, sz / 1e6, mib, t1, t0 }'
  echo "peak RSS: $((r0 / 1024)) MiB for an empty run, $((r1 / 1024)) MiB with the ${mib} MiB module loaded"
fi
# For reference, WAMR's iwasm also loads, validates and compiles eagerly
# (wasm3 and node compile lazily, so they are not comparable here).
iw=${WEFT_BENCH_IWASM:-}
if [ -n "$iw" ] && [ "$iw" != none ] && command -v "$iw" >/dev/null; then
  read -r i0 rest0 <<<"$(noop_run "$iw" -f noop "$work/big0.wasm")"
  read -r i1 ir1 rest1 <<<"$(noop_run "$iw" -f noop "$work/big$mib.wasm")"
  [ "$i0" != FAIL ] && [ "$i1" != FAIL ] && awk -v t0="$i0" -v t1="$i1" -v mib="$mib" -v kb="$ir1" 'BEGIN {
    d = t1 - t0; if (d <= 0) d = 1e-4
    printf "  (iwasm on the same module: %.1f MiB/s, %.3f s, peak RSS %d MiB)\n", mib / d, t1, kb / 1024 }'
fi
strip -o "$work/weft.stripped" "$weft" 2>/dev/null && \
  echo "weft binary: $(stat -c %s "$work/weft.stripped") bytes stripped ($(stat -c %s "$weft") unstripped, $(basename "$build") build)"
exit $status

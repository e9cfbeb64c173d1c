#!/usr/bin/env bash
# bench/run.sh BUILD_DIR — weft against native gcc -O2 and other runtimes.
#
# Builds the native benchmarks into BUILD_DIR/bench, runs every benchmark
# under native, weft and each other runtime found, checks each output
# equals native's, and prints median times, ratios to native and their
# geometric means; then weft's compile speed, peak RSS and binary size.
#
# Environment:
#   WEFT_BENCH_RUNS=3        runs per cell (the median is shown)
#   WEFT_BENCH_SIZE=quick    quick: sizes for ~0.1-0.15 s natively (so a slow
#                            interpreter stays tolerable); full: the programs'
#                            default sizes (~1 s natively)
#   WEFT_BENCH_CLOCK=cpu     cpu: user+system time of the process (steady on a
#                            busy machine; node's column then includes its
#                            compiler threads); wall: elapsed time
#   WEFT_BENCH_ONLY="fib vm" run only these benchmarks
#   WEFT_BENCH_WASM3=PATH    wasm3 binary      (else `wasm3` on PATH)
#   WEFT_BENCH_IWASM=PATH    WAMR iwasm binary (else `iwasm` on PATH)
#   WEFT_BENCH_NODE=PATH     node (else `node` on PATH); "none" disables, as
#                            does "none" for the two above
#   WEFT_BENCH_RUNTIMES="NAME=CMD;NAME2=CMD2"  more columns, each CMD a
#                            command prefix taking FILE.wasm ARGS..., e.g.
#                            "weft-clang=/path/build-clang/weft run" to
#                            compare two builds of weft in one run
#   WEFT_BENCH_EXTRA=DIR     extra *.wasm commands (no native build; an
#                            optional NAME.args file holds their arguments,
#                            an optional NAME.match holds grep -E patterns
#                            of the output lines to compare, e.g. to skip
#                            timings); shown as runtime/weft ratios, outputs
#                            checked against weft's
# Exit status 1 if any runtime's output differs from the reference or it
# fails; the offending cells read WRONG or FAIL.
set -u
build=$(cd "${1:-build}" 2>/dev/null && pwd) || { echo "bench: no build dir ${1:-build}" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
work=$build/bench
runs=${WEFT_BENCH_RUNS:-3}
mode=${WEFT_BENCH_SIZE:-quick}
clock=${WEFT_BENCH_CLOCK:-cpu}
mkdir -p "$work"

# name:quick-size (the full size is each program's built-in default)
all_benches="coremark:1500 sha256:32 lz77:6 bwt:24 vm:75 fib:38 mandelbrot:1400 raytrace:700 stream:20 hashtab:14"

status=0
notes=()

# ---- tools and native builds -----------------------------------------

cc=${CC:-gcc}
if ! "$cc" -O2 -Wall -o "$work/timeit" "$here/timeit.c"; then
  echo "bench: cannot build timeit with $cc" >&2; exit 2
fi
benches=()
for e in $all_benches; do
  name=${e%%:*}
  if [ -n "${WEFT_BENCH_ONLY:-}" ] && ! [[ " $WEFT_BENCH_ONLY " == *" $name "* ]]; then continue; fi
  if ! "$cc" -O2 -o "$work/$name" "$here/$name.c" -lm; then
    echo "bench: native build of $name failed" >&2; exit 2
  fi
  benches+=("$e")
done

# ---- runtimes: a name and a command prefix ---------------------------

rt_names=()
rt_cmds=()
find_tool() {  # find_tool ENV_VALUE DEFAULT_NAME -> path or ""
  local v=$1 d=$2
  if [ "$v" = none ]; then return; fi
  if [ -n "$v" ]; then command -v "$v" || echo "$v"; return; fi
  command -v "$d" || true
}
rt_names+=(weft); rt_cmds+=("$build/weft run")
weft_missing=0
if ! [ -x "$build/weft" ]; then
  notes+=("weft: $build/weft not found (its cells show FAIL)"); status=1; weft_missing=1
fi
t=$(find_tool "${WEFT_BENCH_WASM3:-}" wasm3); [ -n "$t" ] && { rt_names+=(wasm3); rt_cmds+=("$t"); }
t=$(find_tool "${WEFT_BENCH_IWASM:-}" iwasm); [ -n "$t" ] && { rt_names+=(iwasm); rt_cmds+=("$t"); }
t=$(find_tool "${WEFT_BENCH_NODE:-}" node)
[ -n "$t" ] && { rt_names+=(node); rt_cmds+=("$t --no-warnings $here/node_wasi.mjs"); }
IFS=';' read -r -a more <<<"${WEFT_BENCH_RUNTIMES:-}"
for m in "${more[@]}"; do
  [ -n "$m" ] || continue
  rt_names+=("${m%%=*}"); rt_cmds+=("${m#*=}")
done
nrt=${#rt_names[@]}

# ---- measuring ---------------------------------------------------------

# measure_row WASM ARGS... : runs each command of row_tags/row_cmds once
# per round for $runs rounds, interleaved so that a busy spell on the
# machine hits every column alike. A command is a prefix taking WASM ARGS,
# or "native:BINARY" taking ARGS. Outputs of repeated runs must agree
# (only their lines matching the patterns in file $MATCH, if set).
# take TAG then sets MED (median seconds), RSS (max KB), OUT (stdout file)
# and CODE (first non-zero exit status or "nondet", else 0).
MATCH=""
declare -A R_TIMES R_RSS R_CODE
measure_row() {
  local wasm=$1; shift
  local i j tag line secs kb code cpu o cmd
  for tag in "${row_tags[@]}"; do R_TIMES[$tag]=""; R_RSS[$tag]=0; R_CODE[$tag]=0; done
  for ((i = 0; i < runs; i++)); do
    for ((j = 0; j < ${#row_tags[@]}; j++)); do
      tag=${row_tags[$j]}; o=$work/$tag.out
      [ "${R_CODE[$tag]}" = 0 ] || continue
      if [[ "${row_cmds[$j]}" == native:* ]]; then cmd=("${row_cmds[$j]#native:}")
      else read -r -a cmd <<<"${row_cmds[$j]}"; cmd+=("$wasm"); fi
      line=$("$work/timeit" "$o.$i" "${cmd[@]}" "$@") || { R_CODE[$tag]=2; continue; }
      read -r secs kb code cpu <<<"$line"
      [ "$clock" = cpu ] && secs=$cpu
      R_TIMES[$tag]+=" $secs"
      [ "$kb" -gt "${R_RSS[$tag]}" ] && R_RSS[$tag]=$kb
      if [ "$code" != 0 ]; then R_CODE[$tag]=$code; cp "$o.$i.err" "$o.err"; continue; fi
      if [ -n "$MATCH" ] && [ -f "$MATCH" ]; then  # compare only these lines
        grep -E -f "$MATCH" "$o.$i" >"$o.kept"; mv "$o.kept" "$o.$i"
      fi
      if [ "$i" -gt 0 ] && ! cmp -s "$o.0" "$o.$i"; then R_CODE[$tag]=nondet; fi
    done
  done
}
take() {
  OUT=$work/$1.out; RSS=${R_RSS[$1]}; CODE=${R_CODE[$1]}
  cp "$OUT.0" "$OUT" 2>/dev/null
  MED=$(echo "${R_TIMES[$1]:-0}" | tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)] + 0}')
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

# geomean "r1 r2 ..." (entries that are not numbers are skipped, and the
# result is marked with * when any was)
geomean() {
  echo "$1" | tr ' ' '\n' | awk 'NF == 0 { next } /^[0-9.]+$/ && $1 > 0 { s += log($1); n++; next }
    { bad++ } END { if (n) printf "%.2f%s", exp(s / n), bad ? "*" : ""; else print "-" }'
}

# paired "a1 a2 ..." "b1 b2 ..." -> geomean of a_i/b_i over the rows where
# both are numbers, and how many rows that was
paired() {
  awk -v a="$1" -v b="$2" 'BEGIN { n = split(a, x, " "); split(b, y, " ")
    for (i = 1; i <= n; i++) if (x[i] ~ /^[0-9.]+$/ && y[i] ~ /^[0-9.]+$/ && x[i] > 0 && y[i] > 0) {
      s += log(x[i] / y[i]); k++ }
    if (k) printf "%.2f %d", exp(s / k), k; else print "- 0" }'
}

# check_cell RTNAME BENCH REF_FILE -> sets CELL to WRONG/FAIL or ""
check_cell() {
  CELL=""
  if [ "$CODE" != 0 ]; then
    CELL=FAIL; status=1
    [ "$CODE" = nondet ] && { notes+=("$1 $2: output differs between runs"); return; }
    [ "$1" = weft ] && [ "$weft_missing" = 1 ] && return
    notes+=("$1 $2: exit status $CODE: $(head -c 300 "$OUT.err" 2>/dev/null | head -n 3 | tr '\n' ' ')")
  elif ! cmp -s "$OUT" "$3"; then
    CELL=WRONG; status=1
    notes+=("$1 $2: output differs: got '$(head -c 200 "$OUT")' expected '$(head -c 200 "$3")'")
  fi
}

# ---- the table ---------------------------------------------------------

echo "weft benchmarks: $mode sizes, $clock time in s, median of $runs runs, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cpus"
for ((r = 0; r < nrt; r++)); do echo "  ${rt_names[$r]}: ${rt_cmds[$r]}"; done
hdr=$(printf '%-11s %8s %8s' benchmark native weft)
for ((r = 0; r < nrt; r++)); do hdr+=$(printf ' %9s' "${rt_names[$r]}/nat"); done
hdr+=$(printf ' %9s' "weft-RSS")
echo "$hdr"

declare -A col
for e in "${benches[@]}"; do
  name=${e%%:*}; size=${e##*:}
  args=(); [ "$mode" = full ] || args=("$size")
  row_tags=("native.$name"); row_cmds=("native:$work/$name")
  for ((r = 0; r < nrt; r++)); do row_tags+=("${rt_names[$r]}.$name"); row_cmds+=("${rt_cmds[$r]}"); done
  measure_row "$here/$name.wasm" "${args[@]}"
  take "native.$name"
  ref=$OUT; nat=$MED
  if [ "$CODE" != 0 ]; then echo "bench: native $name failed ($CODE)" >&2; exit 2; fi
  row=$(printf '%-11s %8.3f' "$name" "$nat")
  cells=""; wrss="-"
  for ((r = 0; r < nrt; r++)); do
    rn=${rt_names[$r]}
    take "$rn.$name"
    check_cell "$rn" "$name" "$ref"
    if [ -n "$CELL" ]; then val=$CELL; else val=$(ratio "$MED" "$nat"); fi
    col[$rn]+=" $val"
    if [ "$rn" = weft ]; then
      if [ -n "$CELL" ]; then row+=$(printf ' %8s' "$CELL"); else row+=$(printf ' %8.3f' "$MED"); wrss=$((RSS / 1024))M; fi
    fi
    cells+=$(printf ' %9s' "$val")
  done
  echo "$row$cells$(printf ' %9s' "$wrss")"
done
gm=$(printf '%-11s %8s %8s' "geomean" "" "")
for ((r = 0; r < nrt; r++)); do gm+=$(printf ' %9s' "$(geomean "${col[${rt_names[$r]}]:-}")"); done
echo "$gm"
[[ "$gm" == *"*"* ]] && echo "  * over the rows without WRONG/FAIL only"
for ((r = 1; r < nrt; r++)); do
  read -r sp k <<<"$(paired "${col[${rt_names[$r]}]:-}" "${col[weft]:-}")"
  [ "$sp" != - ] && echo "  weft is ${sp}x as fast as ${rt_names[$r]} (geomean over the $k rows where both ran correctly)"
done

# ---- extra programs: ratios against weft --------------------------------

if [ -n "${WEFT_BENCH_EXTRA:-}" ]; then
  echo
  echo "extra programs from $WEFT_BENCH_EXTRA (X/weft; outputs checked against weft's)"
  hdr=$(printf '%-20s %8s' program weft)
  for ((r = 1; r < nrt; r++)); do hdr+=$(printf ' %10s' "${rt_names[$r]}/weft"); done
  echo "$hdr"
  declare -A xcol
  for w in "$WEFT_BENCH_EXTRA"/*.wasm; do
    [ -f "$w" ] || continue
    name=$(basename "$w" .wasm); xargs=()
    [ -f "${w%.wasm}.args" ] && read -r -a xargs <"${w%.wasm}.args"
    MATCH=${w%.wasm}.match
    row_tags=(); row_cmds=()
    for ((r = 0; r < nrt; r++)); do row_tags+=("x.${rt_names[$r]}.$name"); row_cmds+=("${rt_cmds[$r]}"); done
    measure_row "$w" "${xargs[@]}"
    take "x.weft.$name"
    wref=$work/x.weft.$name.ref; cp "$OUT" "$wref"; wmed=$MED
    if [ "$CODE" != 0 ]; then
      status=1; notes+=("weft extra $name: exit status $CODE: $(head -n 3 "$OUT.err" 2>/dev/null | tr '\n' ' ')")
      row=$(printf '%-20s %8s' "$name" FAIL)
    else
      row=$(printf '%-20s %8.3f' "$name" "$wmed")
    fi
    for ((r = 1; r < nrt; r++)); do
      rn=${rt_names[$r]}
      take "x.$rn.$name"
      check_cell "$rn" "extra $name" "$wref"
      if [ -n "$CELL" ]; then val=$CELL; else val=$(ratio "$MED" "$wmed"); fi
      xcol[$rn]+=" $val"
      row+=$(printf ' %10s' "$val")
    done
    echo "$row"
  done
  gm=$(printf '%-20s %8s' geomean "")
  for ((r = 1; r < nrt; r++)); do gm+=$(printf ' %10s' "$(geomean "${xcol[${rt_names[$r]}]:-}")"); done
  echo "$gm"
  [[ "$gm" == *"*"* ]] && echo "  * over the rows without WRONG/FAIL only"
fi

# ---- start-up and footprint --------------------------------------------

echo
"$here/footprint.sh" "$build" "$work" || status=1

if [ ${#notes[@]} -gt 0 ]; then
  echo
  echo "problems:"
  for n in "${notes[@]}"; do echo "  $n"; done
fi
[ "$status" = 0 ] && echo "bench: all outputs match native" || echo "bench: FAILED (see problems above)"
exit "$status"

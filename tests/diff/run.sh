#!/usr/bin/env bash
# Differential testing: N modules from binaryen's translate-to-fuzz, every
# export run under weft (driver.c, linked from BUILD_DIR's objects) and
# under Node (ref.mjs); disagreements are listed and kept in
# build-diff/disagree/ (module + both outputs).
# Usage: tests/diff/run.sh N [BUILD_DIR] [--base SEED] [--text]
# (--text also feeds each module, printed by wasm2wat, through weft's text parser)
# WEFT_DIFF_ASAN=1 builds the weft side with ASan+UBSan (clang): a
# sanitizer report shows as a disagreement ("<driver exit ...>").
# Needs wasm-opt (binaryen) and node; `make diff DIFF_N=1000` runs it.
set -eu
n=${1:?usage: run.sh N [BUILD_DIR] [--base SEED]}
build=${2:-build}
shift $(( $# >= 2 ? 2 : 1 ))
top=$(cd "$(dirname "$0")/../.." && pwd)
for tool in wasm-opt node python3 cc; do
  command -v $tool >/dev/null || { echo "diff: $tool not found" >&2; exit 2; }
done
mkdir -p "$top/build-diff"
if [ "${WEFT_DIFF_ASAN:-}" = 1 ]; then
  # Memory-safety too: the driver and the engine's sources under ASan+UBSan.
  driver="$top/build-diff/driver-asan"
  srcs=$(ls "$top"/src/{util,binary,text,valid,interp,runtime,wasi,component}/*.c)  # -O0: clang -O1 + ASan takes minutes on interp.c
  clang -O0 -g -std=gnu11 -fsanitize=address,undefined -fno-sanitize-recover=undefined \
    -w -I"$top/include" -I"$top/src" "$top/tests/diff/driver.c" $srcs -lm -lpthread -o "$driver"
else
  # The engine's folders (the text parser's .wast runner also reaches components).
  objs=$(find "$build/CMakeFiles/weft_objs.dir" -name '*.o' |
         grep -E '/src/(util|binary|text|valid|interp|runtime|wasi|component)/')
  [ -n "$objs" ] || { echo "diff: no objects in $build (build it first)" >&2; exit 2; }
  driver="$top/build-diff/driver"
  cc -O2 -std=gnu11 -Wall -Wextra -Wno-unused-parameter -I"$top/include" -I"$top/src" \
    "$top/tests/diff/driver.c" $objs -lm -lpthread -o "$driver"
fi
exec python3 "$top/tests/diff/diff.py" "$n" --driver "$driver" --out "$top/build-diff/disagree" "$@"

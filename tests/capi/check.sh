#!/usr/bin/env bash
# Builds every examples/capi/*.c against include/wasm.h and the built
# library, runs it in examples/capi/ and compares its output with
# NAME.expected. Prints "PASS capi/NAME" or "FAIL capi/NAME".
# Usage: tests/capi/check.sh BUILD_DIR
# CAPI_VALGRIND=1 also runs each example under valgrind (leaks are errors).
set -u
build=$(cd "${1:-build}" && pwd)
top=$(cd "$(dirname "$0")/../.." && pwd)
ex="$top/examples/capi"
cc=${CC:-cc}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

lib="$build/libweft.so"
if [ ! -f "$lib" ]; then
  echo "FAIL capi/library (no $lib)"
  exit 0
fi

for src in "$ex"/*.c; do
  name=$(basename "$src" .c)
  bin="$out/$name"
  if ! "$cc" -std=c11 -Wall -Wextra -Wno-unused-parameter -Werror -g -I"$top/include" \
       "$src" -o "$bin" -L"$build" -Wl,-rpath,"$build" -lweft -lpthread -lm \
       >"$out/$name.cc" 2>&1; then
    cat "$out/$name.cc"
    echo "FAIL capi/$name (does not compile)"
    continue
  fi
  if ! (cd "$ex" && timeout 60 "$bin") >"$out/$name.out" 2>&1; then
    tail -n 5 "$out/$name.out"
    echo "FAIL capi/$name (exit status)"
    continue
  fi
  if ! diff -u "$ex/$name.expected" "$out/$name.out" >"$out/$name.diff"; then
    head -n 30 "$out/$name.diff"
    echo "FAIL capi/$name (output differs)"
    continue
  fi
  if [ "${CAPI_VALGRIND:-0}" = 1 ] && command -v valgrind >/dev/null; then
    if ! (cd "$ex" && timeout 300 valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
          --error-exitcode=9 "$bin") >"$out/$name.vg" 2>&1; then
      tail -n 20 "$out/$name.vg"
      echo "FAIL capi/$name (valgrind)"
      continue
    fi
  fi
  echo "PASS capi/$name"
done

# The header must also be valid C++ (hosts include it from C++).
if command -v c++ >/dev/null; then
  printf '#include "wasm.h"\nint main() { wasm_val_t v = WASM_I32_VAL(1); return v.of.i32 - 1; }\n' >"$out/cxx.cc"
  if c++ -std=c++20 -Wall -Wextra -Werror -I"$top/include" -c "$out/cxx.cc" -o "$out/cxx.o" 2>"$out/cxx.err"; then
    echo "PASS capi/header-c++"
  else
    cat "$out/cxx.err"
    echo "FAIL capi/header-c++"
  fi
fi

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

# A sanitizer build of the library needs the examples built the same way
# (and then ASan's leak check covers them too).
san=()
if grep -q '^WEFT_SANITIZE:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null; then
  san=(-fsanitize=address,undefined -fno-omit-frame-pointer)
fi

lib="$build/libweft.so"
if [ ! -f "$lib" ]; then
  echo "FAIL capi/library (no $lib)"
  exit 0
fi

for src in "$ex"/*.c; do
  name=$(basename "$src" .c)
  bin="$out/$name"
  if ! "$cc" "${san[@]}" -std=c11 -Wall -Wextra -Wno-unused-parameter -Werror -g -I"$top/include" \
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

# The same examples on modules that weft's own text support translated
# from the .wat sources (the committed .wasm come from wabt's wat2wasm).
w2w="$out/wat2wasm"
if "$cc" "${san[@]}" -std=c11 -Wall -Wextra -Werror -I"$top/include" "$top/tests/capi/wat2wasm.c" -o "$w2w" \
     -L"$build" -Wl,-rpath,"$build" -lweft -lpthread -lm >"$out/w2w.cc" 2>&1; then
  mkdir -p "$out/wat"
  for src in "$ex"/*.c; do
    name=$(basename "$src" .c)
    [ -x "$out/$name" ] && [ -f "$ex/$name.wat" ] || continue
    if ! timeout 20 "$w2w" "$ex/$name.wat" "$out/wat/$name.wasm" >"$out/$name.w2w" 2>&1; then
      cat "$out/$name.w2w"
      echo "FAIL capi/$name-wat (text translation)"
      continue
    fi
    if (cd "$out/wat" && timeout 60 "$out/$name") >"$out/$name.wout" 2>&1 &&
       diff -u "$ex/$name.expected" "$out/$name.wout" >"$out/$name.wdiff"; then
      echo "PASS capi/$name-wat"
    else
      head -n 30 "$out/$name.wdiff" 2>/dev/null
      echo "FAIL capi/$name-wat"
    fi
  done
else
  cat "$out/w2w.cc"
  echo "FAIL capi/wat2wasm (does not compile)"
fi

# Optional: the public examples of WebAssembly/wasm-c-api (example/*.c and
# their .wasm, from a local copy that is never committed), built unchanged
# against our header and run. WASM_C_API_EXAMPLES=dir enables it.
if [ -n "${WASM_C_API_EXAMPLES:-}" ] && [ -d "$WASM_C_API_EXAMPLES" ]; then
  up="$out/upstream"
  mkdir -p "$up"
  cp "$WASM_C_API_EXAMPLES"/*.wasm "$up"/ 2>/dev/null
  for src in "$WASM_C_API_EXAMPLES"/*.c; do
    name=$(basename "$src" .c)
    if ! "$cc" "${san[@]}" -std=gnu11 -Wall -Werror -I"$top/include" "$src" -o "$up/$name" \
         -L"$build" -Wl,-rpath,"$build" -lweft -lpthread -lm >"$up/$name.cc" 2>&1; then
      cat "$up/$name.cc"
      echo "FAIL capi/upstream-$name (does not compile)"
      continue
    fi
    # Upstream's hostref.wasm predates the final reference-types encoding.
    if [ "$name" = hostref ] && ! "$build/weft" inspect "$up/hostref.wasm" >/dev/null 2>&1; then
      echo "skip capi/upstream-hostref: its hostref.wasm is not a valid WebAssembly 2.0 module"
      continue
    fi
    # They report failures as "> Error ..." lines and a non-zero status.
    if (cd "$up" && timeout 120 "./$name") >"$up/$name.out" 2>&1 && ! grep -q Error "$up/$name.out"; then
      echo "PASS capi/upstream-$name"
    else
      tail -n 5 "$up/$name.out"
      echo "FAIL capi/upstream-$name"
    fi
  done
fi

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

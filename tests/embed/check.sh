#!/usr/bin/env bash
# Embedding checks: include/wasi.h (tests/embed/wasi_api.c), the WASI
# command example examples/embed/wasi_run.c (output compared with
# tests/embed/wasi_run.expected), the same under valgrind (leaks and
# invalid accesses are errors, after traps and proc_exit too), and the
# install rules: `cmake --install` into a temporary prefix and DESTDIR,
# then the example built with `pkg-config --cflags --libs weft`.
# Prints "PASS embed/NAME" / "FAIL embed/NAME" lines.
# Usage: tests/embed/check.sh BUILD_DIR      EMBED_VALGRIND=0 skips valgrind.
set -u
build=$(cd "${1:-build}" && pwd)
top=$(cd "$(dirname "$0")/../.." && pwd)
here="$top/tests/embed"
ex="$top/examples/embed"
cc=${CC:-cc}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/weft-embed.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

san=()
if grep -q '^WEFT_SANITIZE:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null; then
  san=(-fsanitize=address,undefined -fno-omit-frame-pointer)
fi
vg=0
if [ ${#san[@]} -eq 0 ] && [ "${EMBED_VALGRIND:-1}" = 1 ] && command -v valgrind >/dev/null; then vg=1; fi
cflags=(-std=c11 -Wall -Wextra -Wno-unused-parameter -Werror -g)

if [ ! -f "$build/libweft.so" ]; then echo "FAIL embed/library (no $build/libweft.so)"; exit 0; fi

# build NAME SRC [flags...]: compile against the build tree's library.
build_prog() {
  local name=$1 src=$2; shift 2
  if ! "$cc" "${san[@]}" "${cflags[@]}" -I"$top/include" "$src" -o "$tmp/$name" "$@" \
       >"$tmp/$name.cc" 2>&1; then
    cat "$tmp/$name.cc"
    echo "FAIL embed/$name (does not compile)"
    return 1
  fi
}
link_build=(-L"$build" -Wl,-rpath,"$build" -lweft -lpthread -lm)

# A fresh copy of the example's directory (the guest writes data/out.txt).
scratch() {
  rm -rf "$tmp/run" && mkdir -p "$tmp/run" && cp -r "$ex/guest.wasm" "$ex/data" "$tmp/run/"
}

# The three runs of the example (plain, proc_exit, trap) as one transcript.
example_runs() {
  local bin=$1 wrap=("${@:2}")
  scratch
  (cd "$tmp/run" && for args in "" "exit 7" "trap"; do
     echo "\$ wasi_run guest.wasm${args:+ $args}"
     # shellcheck disable=SC2086
     timeout 120 "${wrap[@]}" "$bin" guest.wasm $args
     echo "(status $?)"
   done
   echo "data/out.txt: $(cat data/out.txt 2>/dev/null)")
}

VG=(valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99)

# 1. The API tests.
if build_prog wasi_api "$here/wasi_api.c" "${link_build[@]}"; then
  mkdir -p "$tmp/api"
  (cd "$tmp/api" && timeout 120 "$tmp/wasi_api" one two) 2>&1
  [ $? -eq 0 ] && echo "PASS embed/wasi_api (exit status)" || echo "FAIL embed/wasi_api (exit status)"
  if [ $vg = 1 ]; then
    rm -rf "$tmp/api" && mkdir -p "$tmp/api"
    if (cd "$tmp/api" && timeout 300 "${VG[@]}" "$tmp/wasi_api" one two) >"$tmp/api.vg" 2>&1; then
      echo "PASS embed/wasi_api-valgrind"
    else
      grep -v '^PASS' "$tmp/api.vg" | grep -v -E '^--[0-9]+--' | tail -n 20
      echo "FAIL embed/wasi_api-valgrind"
    fi
  fi
fi

# 2. The example, against the build tree.
if build_prog wasi_run "$ex/wasi_run.c" "${link_build[@]}"; then
  example_runs "$tmp/wasi_run" >"$tmp/example.out" 2>&1
  if diff -u "$here/wasi_run.expected" "$tmp/example.out" >"$tmp/example.diff"; then
    echo "PASS embed/example-wasi_run"
  else
    head -n 30 "$tmp/example.diff"
    echo "FAIL embed/example-wasi_run"
  fi
  if [ $vg = 1 ]; then
    example_runs "$tmp/wasi_run" "${VG[@]}" >"$tmp/example.vg" 2>&1
    # valgrind's own notes (unknown syscalls such as openat2) start with --PID--
    grep -v -E '^--[0-9]+--' "$tmp/example.vg" >"$tmp/example.vgout"
    if diff -u "$here/wasi_run.expected" "$tmp/example.vgout" >"$tmp/example.vgdiff"; then
      echo "PASS embed/example-wasi_run-valgrind"
    else
      head -n 30 "$tmp/example.vgdiff"
      echo "FAIL embed/example-wasi_run-valgrind"
    fi
  fi
fi

# The header is valid C++ too (with wasm.h and weft.h, which it includes).
if command -v c++ >/dev/null; then
  printf '#include "wasi.h"\nint main() { wasi_env_t *e = wasi_env_new(wasi_config_new()); wasi_env_delete(e); }\n' >"$tmp/cxx.cc"
  if c++ -std=c++17 -Wall -Wextra -Werror -I"$top/include" -c "$tmp/cxx.cc" -o "$tmp/cxx.o" 2>"$tmp/cxx.err"; then
    echo "PASS embed/header-c++"
  else
    cat "$tmp/cxx.err"; echo "FAIL embed/header-c++"
  fi
fi

# 3. Install into a prefix, and into a DESTDIR; build the example from there.
pc_flags() {   # pc_flags PCDIR ARGS...: pkg-config, or the .pc read by hand
  local dir=$1; shift
  if command -v pkg-config >/dev/null; then
    PKG_CONFIG_PATH="$dir" PKG_CONFIG_LIBDIR="$dir" pkg-config "$@" weft
  else
    local prefix; prefix=$(cd "$dir/../.." && pwd)
    case "$*" in *cflags*) printf -- '-I%s/include ' "$prefix" ;; esac
    case "$*" in *libs*) printf -- '-L%s/lib -lweft' "$prefix" ;; esac
  fi
}

check_install() {   # check_install NAME ROOT(prefix as seen on disk)
  local name=$1 root=$2 missing=""
  for f in lib/libweft.a lib/libweft.so lib/libweft.so.0 include/weft.h include/wasm.h \
           include/wasi.h lib/pkgconfig/weft.pc bin/weft; do
    [ -e "$root/$f" ] || missing="$missing $f"
  done
  [ -L "$root/lib/libweft.so.0" ] || missing="$missing (libweft.so.0 is not a symlink)"
  if [ -n "$missing" ]; then echo "FAIL embed/$name-files (missing:$missing)"; return; fi
  echo "PASS embed/$name-files"
  local flags; flags=$(pc_flags "$root/lib/pkgconfig" --cflags --libs)
  # shellcheck disable=SC2086
  if "$cc" "${san[@]}" "${cflags[@]}" "$ex/wasi_run.c" -o "$tmp/$name-run" $flags \
       -Wl,-rpath,"$root/lib" >"$tmp/$name.cc" 2>&1 &&
     example_runs "$tmp/$name-run" >"$tmp/$name.out" 2>&1 &&
     diff -u "$here/wasi_run.expected" "$tmp/$name.out" >"$tmp/$name.diff"; then
    echo "PASS embed/$name-pkg-config"
  else
    cat "$tmp/$name.cc"; head -n 20 "$tmp/$name.diff" 2>/dev/null
    echo "FAIL embed/$name-pkg-config ($flags)"
  fi
}

if ! command -v cmake >/dev/null; then
  echo "skip embed/install: no cmake"
elif cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log" 2>&1; then
  check_install install-prefix "$tmp/prefix"
  # Static linking from the same install: no libweft.so needed at run time.
  flags=$(pc_flags "$tmp/prefix/lib/pkgconfig" --cflags)
  # shellcheck disable=SC2086
  if "$cc" "${san[@]}" "${cflags[@]}" "$ex/wasi_run.c" -o "$tmp/static-run" $flags \
       -L"$tmp/prefix/lib" -Wl,-Bstatic -lweft -Wl,-Bdynamic -lm -lpthread >"$tmp/static.cc" 2>&1 &&
     ! ldd "$tmp/static-run" | grep -q libweft &&
     example_runs "$tmp/static-run" >"$tmp/static.out" 2>&1 &&
     diff -u "$here/wasi_run.expected" "$tmp/static.out" >/dev/null; then
    echo "PASS embed/install-static"
  else
    cat "$tmp/static.cc"
    echo "FAIL embed/install-static"
  fi
  if DESTDIR="$tmp/dest" cmake --install "$build" --prefix /opt/weft >"$tmp/install2.log" 2>&1; then
    check_install install-destdir "$tmp/dest/opt/weft"
  else
    cat "$tmp/install2.log"; echo "FAIL embed/install-destdir"
  fi
else
  tail -n 20 "$tmp/install.log"
  echo "FAIL embed/install-prefix"
fi

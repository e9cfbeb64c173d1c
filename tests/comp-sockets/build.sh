#!/usr/bin/env bash
# Rebuilds sock.component.wasm from sock.c: clang-16 for wasm32-wasi (with
# wasi-libc), the component-type section of sockets.wit embedded, then the
# preview-1 command adapter applied by `jco new --wasi-command`.
# Usage: tests/comp-sockets/build.sh   (needs clang-16, node, jco)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
jco=${WEFT_JCO:-/work/ext/jco/node_modules/.bin/jco}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
clang-16 --target=wasm32-wasi -O2 -Wall -Wextra "$here/sock.c" -o "$tmp/sock.wasm"
node "$here/embed.mjs" "$tmp/sock.wasm" "$here/sockets.wit" test "$tmp/sock.embed.wasm"
"$jco" new "$tmp/sock.embed.wasm" --wasi-command -o "$here/sock.component.wasm"

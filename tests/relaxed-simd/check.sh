#!/usr/bin/env bash
# Relaxed SIMD (WebAssembly 3.0, 0xFD 0x100..0x113): weft gives one fixed
# result for each (see src/interp/simd_lanes.c); these scripts pin it,
# and check validation, text names and binary decoding. Runs the .wast here.
# Prints PASS/FAIL lines for tests/run.sh.  Usage: tests/relaxed-simd/check.sh BUILD_DIR
set -u
build=${1:-build}
weft="$build/weft"
here=$(cd "$(dirname "$0")" && pwd)

area=relaxed-simd
. "$here/../lib.sh"

wast_each "$here"

#!/usr/bin/env bash
# `make wasi-testsuite`: runs WebAssembly/wasi-testsuite's preview-1 tests
# under weft from a local copy (never committed), e.g.
#   git -C <clone> archive prod/testsuite-base | tar x -C /tmp/wasi-testsuite
#   make wasi-testsuite WEFT_WASI_TESTSUITE=/tmp/wasi-testsuite
# Uses the suite's own runner (run-tests, Python >= 3.12) with
# tests/wasi/weft_adapter.py when it can, else tests/wasi/testsuite.py.
set -u
build=${1:-build}
suite=${WEFT_WASI_TESTSUITE:-}
here=$(cd "$(dirname "$0")" && pwd)
if [ -z "$suite" ] || [ ! -d "$suite/tests" ]; then
  echo "wasi-testsuite: skipped (set WEFT_WASI_TESTSUITE to a WebAssembly/wasi-testsuite checkout with prebuilt tests, branch prod/testsuite-base)"
  exit 0
fi
weft=$(cd "$build" && pwd)/weft
suite=$(cd "$suite" && pwd)
if [ -x "$suite/run-tests" ] && python3 -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
   && [ "${WEFT_WASI_OWN_RUNNER:-0}" != 1 ]; then
  cd "$suite" && WEFT="$weft" exec python3 ./run-tests -r "$here/weft_adapter.py" --disable-colors
fi
exec python3 "$here/testsuite.py" "$weft" "$suite" ${WEFT_WASI_FILTER:+"$WEFT_WASI_FILTER"}

#!/usr/bin/env bash
# wasi:sockets tests: sock.component.wasm (sock.c made a wasi:cli/command
# component by build.sh) runs each mode under `weft run` with the -S
# network flags and its stdout must equal MODE.expected. Only loopback is
# used; every run has a timeout. Prints "PASS name" / "FAIL name".
# Usage: tests/comp-sockets/check.sh BUILD_DIR
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
weft=$(cd "$build" 2>/dev/null && pwd)/weft
comp=$here/sock.component.wasm
if [ ! -x "$weft" ]; then echo "FAIL comp-sockets: no $build/weft"; exit 0; fi
if [ ! -f "$comp" ]; then echo "comp-sockets: skipped (no sock.component.wasm; run build.sh)"; exit 0; fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/weft-sock.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# t NAME MODE WANT_STATUS [weft options...]
t() {
  local name=$1 mode=$2 want=$3
  shift 3
  timeout 30 "$weft" run "$@" "$comp" "$mode" >"$tmp/out" 2>"$tmp/err"
  local st=$?
  if [ $st = "$want" ] && diff -u "$here/$mode.expected" "$tmp/out" >"$tmp/diff"; then
    echo "PASS comp-sockets/$name"
  else
    echo "FAIL comp-sockets/$name (status $st, want $want)"
    head -n 30 "$tmp/diff"
    head -n 5 "$tmp/err"
  fi
}

t tcp-udp-lookup all 0 -S inherit-network,allow-ip-name-lookup
t tcp-udp-lookup-split-flags all 0 -S inherit-network -S allow-ip-name-lookup=y --wasi tcp=yes
t no-network deny 0
t no-network-explicit deny 0 -S inherit-network=n,allow-ip-name-lookup=no
t tcp-off notcp 0 -S inherit-network,tcp=n
if grep -qs '^0\{31\}1 ' /proc/net/if_inet6; then
  t tcp-ipv6 tcp6 0 -S inherit-network
else
  echo "comp-sockets/tcp-ipv6: skipped (no IPv6 loopback)"
fi

# A name that does not exist: name-unresolvable (or a temporary failure
# when no resolver answers, which the program reports the same way).
timeout 30 "$weft" run -S allow-ip-name-lookup "$comp" unresolvable >"$tmp/out" 2>&1
if [ $? = 0 ] && grep -qx "nonexistent.invalid: name-unresolvable" "$tmp/out"; then
  echo "PASS comp-sockets/unresolvable"
else
  echo "FAIL comp-sockets/unresolvable"; head -n 5 "$tmp/out"
fi

# More datagrams than check-send permitted: a trap, as the WIT says.
timeout 30 "$weft" run -S inherit-network "$comp" unpermitted >"$tmp/out" 2>&1
st=$?
if [ $st = 1 ] && grep -q "^Error: outgoing-datagram-stream.send: more datagrams than check-send permitted" "$tmp/out" &&
   ! grep -q "not trapped" "$tmp/out"; then
  echo "PASS comp-sockets/send-unpermitted-traps"
else
  echo "FAIL comp-sockets/send-unpermitted-traps (status $st)"; head -n 5 "$tmp/out"
fi

# A TCP write past check-write's permit: a trap too.
timeout 30 "$weft" run -S inherit-network "$comp" overwrite >"$tmp/out" 2>&1
st=$?
if [ $st = 1 ] && grep -qx "write within the permit: ok" "$tmp/out" &&
   grep -q "^Error: output-stream.write: more bytes than check-write permitted" "$tmp/out" &&
   ! grep -q "not trapped" "$tmp/out"; then
  echo "PASS comp-sockets/write-past-permit-traps"
else
  echo "FAIL comp-sockets/write-past-permit-traps (status $st)"; head -n 5 "$tmp/out"
fi

# Bad -S values are usage errors (status 2, one line first).
for bad in tcp=maybe bogus threads; do
  timeout 10 "$weft" run -S "$bad" "$comp" >"$tmp/out" 2>&1
  st=$?
  if [ $st = 2 ] && head -n 1 "$tmp/out" | grep -q "^weft run: "; then
    echo "PASS comp-sockets/bad-flag-$bad"
  else
    echo "FAIL comp-sockets/bad-flag-$bad (status $st)"; head -n 3 "$tmp/out"
  fi
done

# A module run takes the network switches too (mixed with threads), and
# ignores them: preview 1 has no sockets to give.
module=$here/../wasi/args_env.wasm
if [ -f "$module" ]; then
  if timeout 10 "$weft" run -S threads=n,inherit-network,tcp=n "$module" >/dev/null 2>"$tmp/err"; then
    echo "PASS comp-sockets/module-takes-net-flags"
  else
    echo "FAIL comp-sockets/module-takes-net-flags"; head -n 3 "$tmp/err"
  fi
fi

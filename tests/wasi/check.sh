#!/usr/bin/env bash
# Runs each WASI test program under `weft run --dir <tmp>::/sandbox` and
# compares its stdout and exit status with NAME.expected. Prints one line
# "PASS name" / "FAIL name" per check (tests/run.sh counts them).
# Usage: tests/wasi/check.sh BUILD_DIR      UPDATE=1 rewrites .expected files.
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
weft=$(cd "$build" 2>/dev/null && pwd)/weft
if [ ! -x "$weft" ]; then echo "FAIL wasi: no $build/weft"; exit 0; fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/weft-wasi.XXXXXX")
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT

# The host tree the sandbox test tries to leave.
plant_escapes() {
  local root=$1
  echo secret >"$root/outside.txt"
  echo inside >"$root/sandbox/inside.txt"
  mkdir -p "$root/sandbox/sub"
  ln -s .. "$root/sandbox/up"
  ln -s /etc "$root/sandbox/abs"
  ln -s ../.. "$root/sandbox/sub/deep"
  ln -s inside.txt "$root/sandbox/ok"
}

# After the sandbox test: nothing outside the preopen changed.
host_intact() {
  local root=$1 bad=""
  [ "$(cat "$root/outside.txt" 2>/dev/null)" = secret ] || bad="$bad outside.txt"
  # the directory holding the sandbox keeps its mtime (nothing made there)
  [ "$(stat -c %Y "$root")" = "$(cat "$root.mtime")" ] || bad="$bad mtime"
  for f in created stolen newdir h4 planted got x; do
    [ -e "$root/$f" ] && bad="$bad $f"
  done
  [ -z "$bad" ]
}

# t NAME FIXTURE STDIN_TEXT [weft options...] -- [guest args...]
t() {
  local name=$1 fixture=$2 input=$3; shift 3
  local opts=() args=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do opts+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  args=("$@")
  local root=$tmp/$name
  mkdir -p "$root/sandbox"
  case $fixture in sandbox|fuzz) plant_escapes "$root"; touch -d '2001-01-01' "$root"; stat -c %Y "$root" >"$root.mtime" ;; esac
  local out=$tmp/$name.stdout err=$tmp/$name.stderr status
  printf '%s' "$input" | (cd "$root" && timeout 60 "$weft" run --dir "$root/sandbox::/sandbox" \
      "${opts[@]}" "$here/$fixture.wasm" "${args[@]}") >"$out" 2>"$err"
  status=$?
  echo "exit=$status" >>"$out"
  if [ "${UPDATE:-0}" = 1 ] && [ "$name" = "$fixture" ]; then cp "$out" "$here/$fixture.expected"; fi
  if diff -u "$here/$fixture.expected" "$out" >"$tmp/$name.diff" 2>&1; then
    echo "PASS wasi/$name"
  else
    echo "FAIL wasi/$name"; head -n 30 "$tmp/$name.diff" | cut -c1-200 | cat -v; head -n 5 "$err" | cut -c1-200 | cat -v
  fi
  if [ "$fixture" = sandbox ] || [ "$fixture" = fuzz ]; then
    if host_intact "$root"; then echo "PASS wasi/$name-host-intact"; else echo "FAIL wasi/$name-host-intact"; fi
  fi
}

t args_env args_env "" --env WEFT_A=alpha --env WEFT_EMPTY= --env "WEFT_UTF8=héllo wörld" -- one "two words" "" 'q"uote'
t files files ""
t dirs dirs ""
t sandbox sandbox ""
t clocks clocks ""
t poll poll "hello
"
t stdin stdin "line one
line two
no newline"
t faults faults ""
for seed in 1 2 3 4 5; do t fuzz-$seed fuzz "" -- $seed; done
# sock: weft listens on a free port; a client sends "ping", expects "pong:ping".
sock_test() {
  local root=$tmp/sock port out status reply
  mkdir -p "$root/sandbox"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  out=$root/stdout
  (cd "$root" && timeout 60 "$weft" run --dir "$root/sandbox::/sandbox" --tcplisten "127.0.0.1:$port" \
      "$here/sock.wasm" </dev/null >"$out" 2>"$root/stderr"; echo "exit=$?" >"$root/status") &
  local pid=$!
  reply=$(python3 - "$port" "$out" <<'PY'
import socket, sys, time
# Connect only once the guest says it is ready (it first checks that a
# nonblocking accept with nobody waiting fails).
for _ in range(400):
    try:
        if "ready" in open(sys.argv[2]).read(): break
    except OSError:
        pass
    time.sleep(0.05)
for _ in range(200):
    try:
        c = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=20)
        break
    except OSError:
        time.sleep(0.05)
else:
    print("no connection"); sys.exit(0)
c.settimeout(30)
c.sendall(b"ping")
data = b""
while True:
    b = c.recv(100)
    if not b: break
    data += b
print(data.decode())
PY
)
  wait "$pid"
  cat "$root/status" >>"$out"
  [ "${UPDATE:-0}" = 1 ] && cp "$out" "$here/sock.expected"
  if diff -u "$here/sock.expected" "$out" >"$root/diff" 2>&1 && [ "$reply" = pong:ping ]; then
    echo "PASS wasi/sock"
  else
    echo "FAIL wasi/sock"; echo "client got: $reply"; head -n 30 "$root/diff"; head -n 5 "$root/stderr"
  fi
}
if command -v python3 >/dev/null; then sock_test; else echo "wasi/sock skipped: needs python3 for its client"; fi

# epipe: stdout's reader exits early; the guest must see EPIPE and exit 3.
epipe_test() {
  local err=$tmp/epipe.stderr status
  ( "$weft" run "$here/epipe.wasm" 2>"$err"; echo $? >"$tmp/epipe.status" ) | head -c 10 >/dev/null
  status=$(cat "$tmp/epipe.status")
  if [ "$status" = 3 ] && grep -q '^write: EPIPE$' "$err"; then
    echo "PASS wasi/epipe"
  else
    echo "FAIL wasi/epipe"; echo "status $status"; head -n 3 "$err"
  fi
}
epipe_test

# race: the host flips sandbox/link between inside and outside meanwhile.
race_test() {
  local mode=$1 name=race$1 root=$tmp/race$1 out status
  mkdir -p "$root/sandbox/sub" && touch "$root/sandbox/sub/marker" && echo secret >"$root/outside.txt"
  ln -s sub "$root/sandbox/link"
  (cd "$root/sandbox" && while [ ! -e "$root/stop" ]; do
     ln -sfn .. link.tmp && mv -T link.tmp link; ln -sfn sub link.tmp && mv -T link.tmp link
   done) &
  local flipper=$!
  out=$tmp/$name.stdout
  (cd "$root" && env ${mode:+WEFT_WASI_NO_OPENAT2=1} timeout 120 "$weft" run \
      --dir "$root/sandbox::/sandbox" "$here/race.wasm" >"$out" 2>"$tmp/$name.stderr")
  echo "exit=$?" >>"$out"
  touch "$root/stop"; wait "$flipper"
  if grep -q '^escaped=0$' "$out" && grep -q '^exit=0$' "$out" && [ ! -e "$root/made" ]; then
    echo "PASS wasi/$name"
  else
    echo "FAIL wasi/$name"; cat "$out"; head -n 5 "$tmp/$name.stderr"
  fi
}
race_test ""
race_test -walk

# The same sandbox and directory checks through the portable walk that
# replaces openat2 on kernels without it.
WEFT_WASI_NO_OPENAT2=1 t sandbox-walk sandbox ""
WEFT_WASI_NO_OPENAT2=1 t dirs-walk dirs ""
WEFT_WASI_NO_OPENAT2=1 t files-walk files ""
exit 0

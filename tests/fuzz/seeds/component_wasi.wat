;; A seed for fuzz_component that reaches the WASI 0.2 host: `go` calls
;; random, environment, clocks, poll and stdout through canon lower, with
;; lengths and durations read from the data segment (which the fuzzer
;; mutates). Pollables are asked `ready`, never `block`: a mutated duration
;; would make the fuzzer sleep. Encoded by mkseeds_component.py.
(component
  (import "wasi:io/poll@0.2.0" (instance $poll
    (export "pollable" (type $p (sub resource)))
    (export "[method]pollable.ready" (func (param "self" (borrow $p)) (result bool)))))
  (alias export $poll "pollable" (type $pollable))
  (import "wasi:clocks/monotonic-clock@0.2.0" (instance $clock
    (alias outer 1 $pollable (type $p))
    (export "pollable" (type $pe (eq $p)))
    (export "now" (func (result u64)))
    (export "subscribe-duration" (func (param "when" u64) (result (own $pe))))))
  (import "wasi:io/error@0.2.0" (instance $ioerr
    (export "error" (type (sub resource)))))
  (alias export $ioerr "error" (type $error))
  (import "wasi:io/streams@0.2.0" (instance $streams
    (alias outer 1 $error (type $e))
    (export "error" (type $ee (eq $e)))
    (export "output-stream" (type $os (sub resource)))
    (type $se (variant (case "last-operation-failed" (own $ee)) (case "closed")))
    (export "stream-error" (type $see (eq $se)))
    (export "[method]output-stream.check-write"
      (func (param "self" (borrow $os)) (result (result u64 (error $see)))))
    (export "[method]output-stream.blocking-write-and-flush"
      (func (param "self" (borrow $os)) (param "contents" (list u8)) (result (result (error $see)))))))
  (alias export $streams "output-stream" (type $output-stream))
  (import "wasi:cli/stdout@0.2.0" (instance $stdout
    (alias outer 1 $output-stream (type $o))
    (export "output-stream" (type $oe (eq $o)))
    (export "get-stdout" (func (result (own $oe))))))
  (import "wasi:random/random@0.2.0" (instance $random
    (export "get-random-bytes" (func (param "len" u64) (result (list u8))))
    (export "get-random-u64" (func (result u64)))))
  (import "wasi:cli/environment@0.2.0" (instance $env
    (export "get-arguments" (func (result (list string))))
    (export "get-environment" (func (result (list (tuple string string)))))))

  (core module $libc
    (memory (export "mem") 1)
    (global $bump (mut i32) (i32.const 4096))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $bump) (i32.const 7)) (i32.const -8)))
      (global.set $bump (i32.add (local.get $p) (local.get 3)))
      (local.get $p)))
  (core instance $libc (instantiate $libc))
  (alias core export $libc "mem" (core memory $mem))
  (alias core export $libc "realloc" (core func $realloc))

  (core func $now (canon lower (func $clock "now")))
  (core func $sub (canon lower (func $clock "subscribe-duration")))
  (core func $ready (canon lower (func $poll "[method]pollable.ready")))
  (core func $drop_p (canon resource.drop $pollable))
  (core func $get_stdout (canon lower (func $stdout "get-stdout")))
  (core func $check (canon lower (func $streams "[method]output-stream.check-write") (memory $mem)))
  (core func $write (canon lower (func $streams "[method]output-stream.blocking-write-and-flush")
    (memory $mem)))
  (core func $drop_o (canon resource.drop $output-stream))
  (core func $rand (canon lower (func $random "get-random-bytes") (memory $mem) (realloc $realloc)))
  (core func $rand64 (canon lower (func $random "get-random-u64")))
  (core func $args (canon lower (func $env "get-arguments") (memory $mem) (realloc $realloc)))
  (core func $envs (canon lower (func $env "get-environment") (memory $mem) (realloc $realloc)))

  (core module $main
    (import "h" "now" (func $now (result i64)))
    (import "h" "sub" (func $sub (param i64) (result i32)))
    (import "h" "ready" (func $ready (param i32) (result i32)))
    (import "h" "drop_p" (func $drop_p (param i32)))
    (import "h" "stdout" (func $stdout (result i32)))
    (import "h" "check" (func $check (param i32 i32)))
    (import "h" "write" (func $write (param i32 i32 i32 i32)))
    (import "h" "drop_o" (func $drop_o (param i32)))
    (import "h" "rand" (func $rand (param i64 i32)))
    (import "h" "rand64" (func $rand64 (result i64)))
    (import "h" "args" (func $args (param i32)))
    (import "h" "envs" (func $envs (param i32)))
    (import "libc" "mem" (memory 1))
    ;; 0: random length (u64), 8: duration (u64), 16: write length, 20: bytes
    (data (i32.const 0) "\10\00\00\00\00\00\00\00" "\00\00\00\00\00\00\00\00" "\06\00\00\00" "hello\n")
    (func (export "go") (result i32)
      (local $p i32) (local $o i32) (local $r i32)
      (call $rand (i64.load (i32.const 0)) (i32.const 64))
      (drop (call $rand64))
      (call $args (i32.const 72))
      (call $envs (i32.const 80))
      (local.set $p (call $sub (i64.add (call $now) (i64.load (i32.const 8)))))
      (local.set $r (call $ready (local.get $p)))
      (call $drop_p (local.get $p))
      (local.set $o (call $stdout))
      (call $check (local.get $o) (i32.const 96))
      (call $write (local.get $o) (i32.const 20) (i32.load (i32.const 16)) (i32.const 88))
      (call $drop_o (local.get $o))
      (i32.add (local.get $r) (i32.load (i32.const 68)))))
  (core instance $m (instantiate $main
    (with "h" (instance
      (export "now" (func $now)) (export "sub" (func $sub)) (export "ready" (func $ready))
      (export "drop_p" (func $drop_p)) (export "stdout" (func $get_stdout))
      (export "check" (func $check)) (export "write" (func $write))
      (export "drop_o" (func $drop_o)) (export "rand" (func $rand))
      (export "rand64" (func $rand64)) (export "args" (func $args))
      (export "envs" (func $envs))))
    (with "libc" (instance $libc))))
  (func (export "go") (result u32) (canon lift (core func $m "go"))))

;; A trap in a spawned thread ends the whole process with failure (status 1
;; and the trap's message), while the main thread waits forever.
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "env" "memory" (memory 1 1 shared))
  (func $deep (param $n i32)
    (if (local.get $n) (then (call $deep (i32.sub (local.get $n) (i32.const 1)))) (else unreachable)))
  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (call $deep (i32.const 5)))
  (func (export "_start")
    (if (i32.lt_s (call $spawn (i32.const 0)) (i32.const 1)) (then (call $exit (i32.const 2))))
    (drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1)))
    (call $exit (i32.const 3)))
)

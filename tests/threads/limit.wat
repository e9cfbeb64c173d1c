;; Run with --max-threads 2: two spawns succeed with distinct positive ids,
;; the third gets a negative result. Exit 0 if so, else 1.
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "env" "memory" (memory 1 1 shared))
  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1))))
  (func (export "_start") (local $a i32) (local $b i32)
    (local.set $a (call $spawn (i32.const 0)))
    (local.set $b (call $spawn (i32.const 0)))
    (if (i32.or (i32.lt_s (local.get $a) (i32.const 1)) (i32.lt_s (local.get $b) (i32.const 1)))
      (then (call $exit (i32.const 1))))
    (if (i32.eq (local.get $a) (local.get $b)) (then (call $exit (i32.const 1))))
    (if (i32.ge_s (call $spawn (i32.const 0)) (i32.const 0)) (then (call $exit (i32.const 1)))))
)

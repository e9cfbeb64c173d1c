;; Memory growth by one thread is seen by all: a spawned thread grows the
;; shared memory and stores 42 in the new page; the main thread, whose
;; view was one page when it started, then reads it back and sees two
;; pages. Exit 0 if so, else 1.
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "env" "memory" (memory 1 4 shared))
  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (if (i32.ne (memory.grow (i32.const 1)) (i32.const 1)) (then (call $exit (i32.const 1))))
    (i32.store (i32.const 65544) (i32.const 42))
    (i32.atomic.store (i32.const 0) (i32.const 1))
    (drop (memory.atomic.notify (i32.const 0) (i32.const 1))))
  (func (export "_start")
    (if (i32.lt_s (call $spawn (i32.const 0)) (i32.const 1)) (then (call $exit (i32.const 2))))
    (block $done (loop $w
      (br_if $done (i32.atomic.load (i32.const 0)))
      (drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1)))
      (br $w)))
    (if (i32.ne (i32.load (i32.const 65544)) (i32.const 42)) (then (call $exit (i32.const 1))))
    (if (i32.ne (i32.atomic.load (i32.const 65544)) (i32.const 42)) (then (call $exit (i32.const 1))))
    (if (i32.ne (memory.size) (i32.const 2)) (then (call $exit (i32.const 1)))))
)

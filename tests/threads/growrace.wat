;; One thread grows the shared memory page by page while the main thread
;; keeps calling, reading memory.size and touching the newest page; each
;; page must be usable as soon as memory.size shows it. Exit 0 when the
;; memory reaches its maximum with every check passing, else 1.
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "env" "memory" (memory 1 64 shared))
  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (block $full (loop $g
      (br_if $full (i32.lt_s (memory.grow (i32.const 1)) (i32.const 0)))
      (br $g))))
  (func $last_page (result i32) (memory.size))
  (func (export "_start") (local $n i32) (local $a i32)
    (if (i32.lt_s (call $spawn (i32.const 0)) (i32.const 1)) (then (call $exit (i32.const 2))))
    (block $done (loop $l
      (local.set $n (call $last_page))
      ;; the last byte of the newest page the size shows
      (local.set $a (i32.sub (i32.shl (local.get $n) (i32.const 16)) (i32.const 4)))
      (i32.store (local.get $a) (local.get $n))
      (if (i32.ne (i32.load (local.get $a)) (local.get $n)) (then (call $exit (i32.const 1))))
      (drop (i32.atomic.rmw.add (local.get $a) (i32.const 0)))
      (br_if $done (i32.eq (local.get $n) (i32.const 64)))
      (br $l))))
)

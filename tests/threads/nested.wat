;; Threads spawn threads: a thread started with depth d > 0 spawns two
;; children of depth d-1, so one root of depth 5 makes 63 threads in all,
;; each counting itself once. Exit 0 if all 63 ran, 1 if a spawn failed.
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "env" "memory" (memory 1 1 shared))
  ;; 0: threads finished  4: spawn failures
  (func $child (param $d i32)
    (if (i32.lt_s (call $spawn (local.get $d)) (i32.const 1))
      (then (drop (i32.atomic.rmw.add (i32.const 4) (i32.const 1)))
            (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
            (drop (memory.atomic.notify (i32.const 0) (i32.const 1))))))
  (func (export "wasi_thread_start") (param $tid i32) (param $d i32)
    (if (local.get $d) (then
      (call $child (i32.sub (local.get $d) (i32.const 1)))
      (call $child (i32.sub (local.get $d) (i32.const 1)))))
    (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 0) (i32.const 1))))
  (func (export "_start") (local $n i32)
    (call $child (i32.const 5))
    (block $all (loop $w
      (br_if $all (i32.eq (local.tee $n (i32.atomic.load (i32.const 0))) (i32.const 63)))
      (drop (memory.atomic.wait32 (i32.const 0) (local.get $n) (i64.const -1)))
      (br $w)))
    (if (i32.atomic.load (i32.const 4)) (then (call $exit (i32.const 1)))))
)

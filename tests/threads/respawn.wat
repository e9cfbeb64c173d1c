;; Run with --max-threads 4: 1000 short-lived threads one after another.
;; Ended threads give their slot back, so every spawn succeeds (a spawn
;; refused while earlier threads are still tearing down is retried after
;; 1 ms, at most 1000 times). Exit 0 if all 1000 ran, else 1.
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "env" "memory" (memory 1 1 shared))
  ;; 0: threads finished  4: scratch for sleeping
  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 0) (i32.const 1))))
  (func $spawn_retrying (local $tries i32)
    (block $ok (loop $again
      (br_if $ok (i32.gt_s (call $spawn (i32.const 0)) (i32.const 0)))
      (if (i32.ge_u (local.tee $tries (i32.add (local.get $tries) (i32.const 1))) (i32.const 1000))
        (then (call $exit (i32.const 1))))
      (drop (memory.atomic.wait32 (i32.const 4) (i32.const 0) (i64.const 1000000)))
      (br $again))))
  (func (export "_start") (local $i i32) (local $d i32)
    (loop $next
      (call $spawn_retrying)
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      ;; wait for that thread to finish
      (block $done (loop $w
        (br_if $done (i32.ge_u (local.tee $d (i32.atomic.load (i32.const 0))) (local.get $i)))
        (drop (memory.atomic.wait32 (i32.const 0) (local.get $d) (i64.const -1)))
        (br $w)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 1000)))))
)

;; A mutex built from i32.atomic.rmw.cmpxchg/xchg and wait/notify (0 free,
;; 1 locked, 2 locked with waiters). N threads each do K plain (non-atomic)
;; load+store increments under it; the total must be exactly N*K, and no
;; thread may ever find another inside the critical section.
;; Exit 0 on success, 1 if the count is wrong, 3 if exclusion failed.
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "env" "memory" (memory 1 1 shared))
  ;; 0: done  8: lock  16: counter  20: owner  24: violations
  (global $N i32 (i32.const 6))
  (global $K i32 (i32.const 20000))

  (func $lock (local $c i32)
    (local.set $c (i32.atomic.rmw.cmpxchg (i32.const 8) (i32.const 0) (i32.const 1)))
    (if (local.get $c) (then
      (if (i32.ne (local.get $c) (i32.const 2))
        (then (local.set $c (i32.atomic.rmw.xchg (i32.const 8) (i32.const 2)))))
      (block $got
        (loop $again
          (br_if $got (i32.eqz (local.get $c)))
          (drop (memory.atomic.wait32 (i32.const 8) (i32.const 2) (i64.const -1)))
          (local.set $c (i32.atomic.rmw.xchg (i32.const 8) (i32.const 2)))
          (br $again))))))

  (func $unlock
    (if (i32.ne (i32.atomic.rmw.sub (i32.const 8) (i32.const 1)) (i32.const 1)) (then
      (i32.atomic.store (i32.const 8) (i32.const 0))
      (drop (memory.atomic.notify (i32.const 8) (i32.const 1))))))

  (func $work (param $tid i32) (local $k i32)
    (local.set $k (global.get $K))
    (loop $l
      (call $lock)
      (i32.store (i32.const 20) (local.get $tid))
      (i32.store (i32.const 16) (i32.add (i32.load (i32.const 16)) (i32.const 1)))
      (if (i32.ne (i32.load (i32.const 20)) (local.get $tid))
        (then (drop (i32.atomic.rmw.add (i32.const 24) (i32.const 1)))))
      (call $unlock)
      (br_if $l (local.tee $k (i32.sub (local.get $k) (i32.const 1))))))

  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (call $work (local.get $tid))
    (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 0) (i32.const 1))))

  (func (export "_start") (local $i i32) (local $d i32)
    (loop $s
      (if (i32.lt_s (call $spawn (i32.const 0)) (i32.const 1)) (then (call $exit (i32.const 2))))
      (br_if $s (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (global.get $N))))
    (block $all (loop $w
      (br_if $all (i32.eq (local.tee $d (i32.atomic.load (i32.const 0))) (global.get $N)))
      (drop (memory.atomic.wait32 (i32.const 0) (local.get $d) (i64.const -1)))
      (br $w)))
    (if (i32.atomic.load (i32.const 24)) (then (call $exit (i32.const 3))))
    (if (i32.ne (i32.load (i32.const 16)) (i32.mul (global.get $N) (global.get $K)))
      (then (call $exit (i32.const 1)))))
)

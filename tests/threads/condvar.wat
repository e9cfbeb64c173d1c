;; Condition variables (a sequence number + wait/notify) with the cmpxchg
;; mutex: 2 producers put 1..2K into a 4-slot ring, 3 consumers take them
;; out, waiting on "not full" / "not empty". Exit 0 if every value was
;; consumed exactly once (the sum is 2K(2K+1)/2), else 1.
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "env" "memory" (memory 1 1 shared))
  ;; 0: threads done  8: mutex  16: not_empty seq  20: not_full seq
  ;; 24: items queued  28: head  32: tail  36: items left to consume
  ;; 40: i64 sum  64..79: the ring
  (global $K i32 (i32.const 5000))

  (func $lock (local $c i32)
    (local.set $c (i32.atomic.rmw.cmpxchg (i32.const 8) (i32.const 0) (i32.const 1)))
    (if (local.get $c) (then
      (if (i32.ne (local.get $c) (i32.const 2))
        (then (local.set $c (i32.atomic.rmw.xchg (i32.const 8) (i32.const 2)))))
      (block $got (loop $again
        (br_if $got (i32.eqz (local.get $c)))
        (drop (memory.atomic.wait32 (i32.const 8) (i32.const 2) (i64.const -1)))
        (local.set $c (i32.atomic.rmw.xchg (i32.const 8) (i32.const 2)))
        (br $again))))))
  (func $unlock
    (if (i32.ne (i32.atomic.rmw.sub (i32.const 8) (i32.const 1)) (i32.const 1)) (then
      (i32.atomic.store (i32.const 8) (i32.const 0))
      (drop (memory.atomic.notify (i32.const 8) (i32.const 1))))))

  ;; Called with the mutex held; returns with it held again.
  (func $cond_wait (param $c i32) (local $seq i32)
    (local.set $seq (i32.atomic.load (local.get $c)))
    (call $unlock)
    (drop (memory.atomic.wait32 (local.get $c) (local.get $seq) (i64.const -1)))
    (call $lock))
  (func $cond_signal (param $c i32)
    (drop (i32.atomic.rmw.add (local.get $c) (i32.const 1)))
    (drop (memory.atomic.notify (local.get $c) (i32.const 1))))
  (func $cond_broadcast (param $c i32)
    (drop (i32.atomic.rmw.add (local.get $c) (i32.const 1)))
    (drop (memory.atomic.notify (local.get $c) (i32.const -1))))

  (func $produce (param $p i32) (local $i i32)
    (loop $next
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (call $lock)
      (block $room (loop $full
        (br_if $room (i32.lt_u (i32.load (i32.const 24)) (i32.const 4)))
        (call $cond_wait (i32.const 20))
        (br $full)))
      (i32.store offset=64 (i32.shl (i32.load (i32.const 32)) (i32.const 2))
                 (i32.add (i32.mul (local.get $p) (global.get $K)) (local.get $i)))
      (i32.store (i32.const 32) (i32.and (i32.add (i32.load (i32.const 32)) (i32.const 1)) (i32.const 3)))
      (i32.store (i32.const 24) (i32.add (i32.load (i32.const 24)) (i32.const 1)))
      (call $cond_signal (i32.const 16))
      (call $unlock)
      (br_if $next (i32.lt_u (local.get $i) (global.get $K)))))

  (func $consume (local $v i32)
    (block $finished (loop $next
      (call $lock)
      (block $ready (loop $empty
        (br_if $ready (i32.load (i32.const 24)))
        (if (i32.eqz (i32.load (i32.const 36))) (then (call $unlock) (br $finished)))
        (call $cond_wait (i32.const 16))
        (br $empty)))
      (local.set $v (i32.load offset=64 (i32.shl (i32.load (i32.const 28)) (i32.const 2))))
      (i32.store (i32.const 28) (i32.and (i32.add (i32.load (i32.const 28)) (i32.const 1)) (i32.const 3)))
      (i32.store (i32.const 24) (i32.sub (i32.load (i32.const 24)) (i32.const 1)))
      (i32.store (i32.const 36) (i32.sub (i32.load (i32.const 36)) (i32.const 1)))
      (call $cond_signal (i32.const 20))
      ;; the last item: wake every consumer still waiting so it can leave
      (if (i32.eqz (i32.load (i32.const 36))) (then (call $cond_broadcast (i32.const 16))))
      (call $unlock)
      (drop (i64.atomic.rmw.add (i32.const 40) (i64.extend_i32_u (local.get $v))))
      (br $next))))

  (func (export "wasi_thread_start") (param $tid i32) (param $role i32)
    (if (i32.lt_u (local.get $role) (i32.const 100))
      (then (call $produce (local.get $role)))
      (else (call $consume)))
    (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 0) (i32.const 1))))

  (func (export "_start") (local $d i32) (local $n i64)
    (i32.store (i32.const 36) (i32.mul (global.get $K) (i32.const 2)))
    (if (i32.lt_s (call $spawn (i32.const 100)) (i32.const 1)) (then (call $exit (i32.const 2))))
    (if (i32.lt_s (call $spawn (i32.const 0)) (i32.const 1)) (then (call $exit (i32.const 2))))
    (if (i32.lt_s (call $spawn (i32.const 101)) (i32.const 1)) (then (call $exit (i32.const 2))))
    (if (i32.lt_s (call $spawn (i32.const 1)) (i32.const 1)) (then (call $exit (i32.const 2))))
    (if (i32.lt_s (call $spawn (i32.const 102)) (i32.const 1)) (then (call $exit (i32.const 2))))
    (block $all (loop $w
      (br_if $all (i32.eq (local.tee $d (i32.atomic.load (i32.const 0))) (i32.const 5)))
      (drop (memory.atomic.wait32 (i32.const 0) (local.get $d) (i64.const -1)))
      (br $w)))
    (local.set $n (i64.extend_i32_u (i32.mul (global.get $K) (i32.const 2))))
    (if (i64.ne (i64.atomic.load (i32.const 40))
                (i64.div_u (i64.mul (local.get $n) (i64.add (local.get $n) (i64.const 1))) (i64.const 2)))
      (then (call $exit (i32.const 1))))
    (if (i32.or (i32.load (i32.const 24)) (i32.load (i32.const 36))) (then (call $exit (i32.const 1)))))
)

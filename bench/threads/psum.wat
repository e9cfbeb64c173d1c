;; Parallel sum with wasi-threads: psum(threads, n, reps) fills a[j] = j+1
;; for j < n and sums it `reps` times over `threads` spawned threads, each
;; filling and summing its own slice; returns reps * n(n+1)/2.
;;   weft run --invoke psum bench/threads/psum.wat 2 16000000 4
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "env" "memory" (memory 1 32768 shared))
  ;; 0: done  1024 + 16*i: task i = [lo i32][hi i32][sum i64]  65536..: a[]
  (func (export "wasi_thread_start") (param $tid i32) (param $task i32)
    (local $j i32) (local $hi i32) (local $r i32) (local $s i64)
    (local.set $hi (i32.load offset=4 (local.get $task)))
    (local.set $j (i32.load (local.get $task)))
    (block $filled (loop $fill
      (br_if $filled (i32.ge_u (local.get $j) (local.get $hi)))
      (i32.store offset=65536 (i32.shl (local.get $j) (i32.const 2))
                 (i32.add (local.get $j) (i32.const 1)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $fill)))
    (local.set $r (i32.load offset=12 (local.get $task)))
    (block $done (loop $pass
      (br_if $done (i32.eqz (local.get $r)))
      (local.set $j (i32.load (local.get $task)))
      (block $end (loop $sum
        (br_if $end (i32.ge_u (local.get $j) (local.get $hi)))
        (local.set $s (i64.add (local.get $s)
          (i64.extend_i32_u (i32.load offset=65536 (i32.shl (local.get $j) (i32.const 2))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $sum)))
      (local.set $r (i32.sub (local.get $r) (i32.const 1)))
      (br $pass)))
    (i64.store offset=8 (local.get $task) (local.get $s))
    (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 0) (i32.const 1))))

  ;; n * i / threads without overflow
  (func $bound (param $n i32) (param $i i32) (param $threads i32) (result i32)
    (i32.wrap_i64 (i64.div_u (i64.mul (i64.extend_i32_u (local.get $n)) (i64.extend_i32_u (local.get $i)))
                             (i64.extend_i32_u (local.get $threads)))))

  (func (export "psum") (param $threads i32) (param $n i32) (param $reps i32) (result i64)
    (local $i i32) (local $t i32) (local $d i32) (local $need i32) (local $total i64)
    (if (i32.or (i32.lt_s (local.get $threads) (i32.const 1)) (i32.gt_s (local.get $threads) (i32.const 64)))
      (then (return (i64.const -1))))
    (if (i32.gt_u (local.get $n) (i32.const 400000000)) (then (return (i64.const -1))))
    ;; pages for 64 KiB of control + n * 4 bytes
    (local.set $need (i32.add (i32.const 2) (i32.shr_u (i32.shl (local.get $n) (i32.const 2)) (i32.const 16))))
    (if (i32.gt_u (local.get $need) (memory.size))
      (then (if (i32.lt_s (memory.grow (i32.sub (local.get $need) (memory.size))) (i32.const 0))
              (then (return (i64.const -1))))))
    (i32.atomic.store (i32.const 0) (i32.const 0))
    (loop $s
      (local.set $t (i32.add (i32.const 1024) (i32.shl (local.get $i) (i32.const 4))))
      (i32.store (local.get $t) (call $bound (local.get $n) (local.get $i) (local.get $threads)))
      (i32.store offset=4 (local.get $t)
        (call $bound (local.get $n) (i32.add (local.get $i) (i32.const 1)) (local.get $threads)))
      (i32.store offset=12 (local.get $t) (local.get $reps))
      (if (i32.lt_s (call $spawn (local.get $t)) (i32.const 1)) (then (return (i64.const -2))))
      (br_if $s (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $threads))))
    (block $all (loop $w
      (br_if $all (i32.eq (local.tee $d (i32.atomic.load (i32.const 0))) (local.get $threads)))
      (drop (memory.atomic.wait32 (i32.const 0) (local.get $d) (i64.const -1)))
      (br $w)))
    (local.set $i (i32.const 0))
    (loop $add
      (local.set $total (i64.add (local.get $total)
        (i64.load offset=8 (i32.add (i32.const 1024) (i32.shl (local.get $i) (i32.const 4))))))
      (br_if $add (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $threads))))
    (local.get $total))
)

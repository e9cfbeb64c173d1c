;; A lock-free work queue: threads take item indices with i32.atomic.rmw.add
;; until none are left and add item*item into a shared i64 total with
;; i64.atomic.rmw.add; each also counts the items it took. The main thread
;; takes items too. Exit 0 if the total is sum(i*i, i < M) and every item
;; was taken exactly once, else 1.
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "env" "memory" (memory 1 1 shared))
  ;; 0: done  4: next item  8: items taken  16: i64 total
  (global $N i32 (i32.const 4))
  (global $M i32 (i32.const 200000))

  (func $drain (local $i i32)
    (block $empty (loop $take
      (local.set $i (i32.atomic.rmw.add (i32.const 4) (i32.const 1)))
      (br_if $empty (i32.ge_u (local.get $i) (global.get $M)))
      (drop (i64.atomic.rmw.add (i32.const 16)
        (i64.mul (i64.extend_i32_u (local.get $i)) (i64.extend_i32_u (local.get $i)))))
      (drop (i32.atomic.rmw.add (i32.const 8) (i32.const 1)))
      (br $take))))

  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (call $drain)
    (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 0) (i32.const -1))))

  (func (export "_start") (local $i i32) (local $d i32) (local $m i64)
    (loop $s
      (if (i32.lt_s (call $spawn (i32.const 0)) (i32.const 1)) (then (call $exit (i32.const 2))))
      (br_if $s (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (global.get $N))))
    (call $drain)
    (block $all (loop $w
      (br_if $all (i32.eq (local.tee $d (i32.atomic.load (i32.const 0))) (global.get $N)))
      (drop (memory.atomic.wait32 (i32.const 0) (local.get $d) (i64.const -1)))
      (br $w)))
    ;; sum of squares below M: (M-1)M(2M-1)/6
    (local.set $m (i64.extend_i32_u (global.get $M)))
    (if (i64.ne (i64.atomic.load (i32.const 16))
                (i64.div_u (i64.mul (i64.mul (i64.sub (local.get $m) (i64.const 1)) (local.get $m))
                                    (i64.sub (i64.mul (local.get $m) (i64.const 2)) (i64.const 1)))
                           (i64.const 6)))
      (then (call $exit (i32.const 1))))
    (if (i32.ne (i32.atomic.load (i32.const 8)) (global.get $M)) (then (call $exit (i32.const 1)))))
)

;; 64 threads at once: every thread id is positive, below 2^29 and unique
;; (each sets its bit in a bitmap with i32.atomic.rmw.or and checks it was
;; clear), and the id a thread is started with is the one spawn returned.
;; Exit 0 if all hold, else 1.
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "env" "memory" (memory 1 1 shared))
  ;; 0: done  4: errors  8: go flag  1024..: ids returned by spawn (by index)
  ;; 8192..: bitmap of ids (ids below 2^16)
  (global $N i32 (i32.const 64))
  (func $err (drop (i32.atomic.rmw.add (i32.const 4) (i32.const 1))))
  (func (export "wasi_thread_start") (param $tid i32) (param $i i32) (local $bit i32)
    ;; hold every thread alive until all are spawned
    (block $go (loop $w
      (br_if $go (i32.atomic.load (i32.const 8)))
      (drop (memory.atomic.wait32 (i32.const 8) (i32.const 0) (i64.const -1)))
      (br $w)))
    (if (i32.or (i32.lt_s (local.get $tid) (i32.const 1)) (i32.ge_u (local.get $tid) (i32.const 65536)))
      (then (call $err))
      (else
        (local.set $bit (i32.shl (i32.const 1) (i32.and (local.get $tid) (i32.const 31))))
        (if (i32.and (local.get $bit)
              (i32.atomic.rmw.or (i32.add (i32.const 8192) (i32.shl (i32.shr_u (local.get $tid) (i32.const 5)) (i32.const 2)))
                                 (local.get $bit)))
          (then (call $err)))))
    (if (i32.ne (local.get $tid) (i32.atomic.load (i32.add (i32.const 1024) (i32.shl (local.get $i) (i32.const 2)))))
      (then (call $err)))
    (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 0) (i32.const 1))))
  (func (export "_start") (local $i i32) (local $d i32)
    (loop $s
      (i32.atomic.store (i32.add (i32.const 1024) (i32.shl (local.get $i) (i32.const 2)))
                        (call $spawn (local.get $i)))
      (br_if $s (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (global.get $N))))
    (i32.atomic.store (i32.const 8) (i32.const 1))
    (drop (memory.atomic.notify (i32.const 8) (i32.const -1)))
    (block $all (loop $w
      (br_if $all (i32.eq (local.tee $d (i32.atomic.load (i32.const 0))) (global.get $N)))
      (drop (memory.atomic.wait32 (i32.const 0) (local.get $d) (i64.const -1)))
      (br $w)))
    (if (i32.atomic.load (i32.const 4)) (then (call $exit (i32.const 1)))))
)

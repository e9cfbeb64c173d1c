;; N threads each add 1 to a shared counter K times with i32.atomic.rmw.add;
;; the main thread waits (memory.atomic.wait32) until all are done, then
;; prints the counter, which must be exactly N*K.
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "env" "memory" (memory 1 1 shared))
  ;; 0: counter  4: threads done  64..: text buffer
  (global $N i32 (i32.const 8))
  (global $K i32 (i32.const 100000))

  ;; Print "label value\n" (label at 128, length len).
  (func $print (param $label i32) (param $len i32) (param $v i32)
    (local $p i32)
    (memory.copy (i32.const 64) (local.get $label) (local.get $len))
    (local.set $p (i32.const 100))
    (loop $digits
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.rem_u (local.get $v) (i32.const 10))))
      (local.set $v (i32.div_u (local.get $v) (i32.const 10)))
      (br_if $digits (local.get $v)))
    (memory.copy (i32.add (i32.const 64) (local.get $len)) (local.get $p)
                 (i32.sub (i32.const 100) (local.get $p)))
    (local.set $len (i32.add (local.get $len) (i32.sub (i32.const 100) (local.get $p))))
    (i32.store8 (i32.add (i32.const 64) (local.get $len)) (i32.const 10))
    (i32.store (i32.const 32) (i32.const 64))
    (i32.store (i32.const 36) (i32.add (local.get $len) (i32.const 1)))
    (drop (call $fd_write (i32.const 1) (i32.const 32) (i32.const 1) (i32.const 40))))

  (func (export "wasi_thread_start") (param $tid i32) (param $k i32)
    (loop $l
      (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
      (br_if $l (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
    (drop (i32.atomic.rmw.add (i32.const 4) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 4) (i32.const 1))))

  (func (export "_start") (local $i i32) (local $d i32)
    (loop $s
      (if (i32.lt_s (call $spawn (global.get $K)) (i32.const 1))
        (then (call $exit (i32.const 2))))
      (br_if $s (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (global.get $N))))
    (block $all
      (loop $w
        (br_if $all (i32.eq (local.tee $d (i32.atomic.load (i32.const 4))) (global.get $N)))
        (drop (memory.atomic.wait32 (i32.const 4) (local.get $d) (i64.const -1)))
        (br $w)))
    (call $print (i32.const 200) (i32.const 8) (i32.atomic.load (i32.const 0)))
    (if (i32.ne (i32.atomic.load (i32.const 0)) (i32.mul (global.get $N) (global.get $K)))
      (then (call $exit (i32.const 1)))))
  (data (i32.const 200) "counter ")
)

;; Streams made and dropped in a loop run in constant memory: dropped and
;; lifted ends, and records no end refers to any more, are reused
;; (check.sh runs this under a 300 MB address-space limit; without reuse
;; the first loop took ~280 MB, the second ~250 MB, on top of ~140 MB of
;; address space reserved for stacks).

;; one instance: stream.new, drop both ends, a million times
(component
  (core module $M
    (import "" "stream.new" (func $new (result i64)))
    (import "" "drop-r" (func $drop-r (param i32)))
    (import "" "drop-w" (func $drop-w (param i32)))
    (func (export "loop") (param $n i32) (result i32)
      (local $p i64)
      (loop $l
        (local.set $p (call $new))
        (call $drop-r (i32.wrap_i64 (local.get $p)))
        (call $drop-w (i32.wrap_i64 (i64.shr_u (local.get $p) (i64.const 32))))
        (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
      (i32.wrap_i64 (local.get $p))))
  (type $ST (stream u8))
  (canon stream.new $ST (core func $new))
  (canon stream.drop-readable $ST (core func $drop-r))
  (canon stream.drop-writable $ST (core func $drop-w))
  (core instance $m (instantiate $M (with "" (instance
    (export "stream.new" (func $new)) (export "drop-r" (func $drop-r)) (export "drop-w" (func $drop-w))))))
  (func (export "loop") (param "n" u32) (result u32) (canon lift (core func $m "loop")))
)
(assert_return (invoke "loop" (u32.const 1000000)) (u32.const 2))

;; two components: the producer makes a stream and returns its readable
;; end (lifted out of its table), the consumer drops what it was given
(component
  (component $P
    (core module $M
      (import "" "stream.new" (func $new (result i64)))
      (import "" "drop-w" (func $drop-w (param i32)))
      (global $w (mut i32) (i32.const 0))
      (func (export "make") (result i32)
        (local $p i64)
        (if (global.get $w) (then (call $drop-w (global.get $w))))
        (local.set $p (call $new))
        (global.set $w (i32.wrap_i64 (i64.shr_u (local.get $p) (i64.const 32))))
        (i32.wrap_i64 (local.get $p))))
    (type $ST (stream u8))
    (canon stream.new $ST (core func $new))
    (canon stream.drop-writable $ST (core func $drop-w))
    (core instance $m (instantiate $M (with "" (instance
      (export "stream.new" (func $new)) (export "drop-w" (func $drop-w))))))
    (func (export "make") (result (stream u8)) (canon lift (core func $m "make"))))
  (instance $p (instantiate $P))
  (component $C
    (import "make" (func $make (result (stream u8))))
    (type $ST (stream u8))
    (canon stream.drop-readable $ST (core func $drop-r))
    (canon lower (func $make) (core func $make'))
    (core module $M
      (import "" "make" (func $make (result i32)))
      (import "" "drop-r" (func $drop-r (param i32)))
      (func (export "loop") (param $n i32) (result i32)
        (local $r i32)
        (loop $l
          (local.set $r (call $make))
          (call $drop-r (local.get $r))
          (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
        (local.get $r)))
    (core instance $m (instantiate $M (with "" (instance
      (export "make" (func $make')) (export "drop-r" (func $drop-r))))))
    (func (export "loop") (param "n" u32) (result u32) (canon lift (core func $m "loop"))))
  (instance $c (instantiate $C (with "make" (func $p "make"))))
  (export "loop" (func $c "loop"))
)
(assert_return (invoke "loop" (u32.const 600000)) (u32.const 1))

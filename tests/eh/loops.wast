;; The stack after a catch: values below the try_table survive, values a
;; handler delivers land where the label expects them, inside loops too.

(module
  (tag $e (param i32))
  (tag $stop)
  (func $maybe (param i32) (if (i32.and (local.get 0) (i32.const 1)) (then (throw $e (local.get 0)))))

  ;; Sum of the odd numbers below n, delivered by exceptions, with an
  ;; accumulator below the block on the operand stack the whole time.
  (func (export "odd-sum") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (loop $l
      (local.set $s
        (i32.add (local.get $s)
          (block $h (result i32)
            (try_table (result i32) (catch $e $h)
              (call $maybe (local.get $i))
              (i32.const 0)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s))

  ;; A value read from a local before the try_table, the local changed
  ;; inside it: after the catch, the old value is still the operand.
  (func (export "folded") (result i32) (local $x i32)
    (local.set $x (i32.const 7))
    (local.get $x)
    (block $h (result i32)
      (try_table (result i32) (catch $e $h)
        (local.set $x (i32.const 100))
        (throw $e (i32.const 1))))
    (i32.mul (i32.const 10))
    (i32.add)
    (i32.add (local.get $x)))

  ;; A catch that branches to a loop: the payload is the loop's parameter.
  (func (export "loop-param") (param $n i32) (result i32) (local $k i32)
    (block $done (result i32)
      (i32.const 0)
      (loop $l (param i32) (result i32)
        (local.set $k)
        (br_if $done (local.get $k) (i32.ge_u (local.get $k) (local.get $n)))
        (try_table (catch $e $l)
          (throw $e (i32.add (local.get $k) (i32.const 1))))
        (unreachable))))

  ;; Many throws caught in a loop (plain catches free what they take).
  (func (export "many") (param $n i32) (result i32) (local $c i32)
    (loop $l
      (block $h
        (try_table (catch $stop $h) (throw $stop)))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $c) (local.get $n))))
    (local.get $c))

  ;; v128 and i64 operands below a try_table inside a loop.
  (func (export "wide") (result i64) (local $i i32) (local $acc i64)
    (loop $l
      (v128.const i64x2 1000 2000)
      (i64.const 3)
      (block $h (result i32)
        (try_table (result i32) (catch $e $h) (throw $e (local.get $i))))
      (i64.extend_i32_u)
      (i64.add)
      (local.set $acc (i64.add (local.get $acc)))
      (i64x2.extract_lane 1) (local.get $acc) (i64.add) (local.set $acc)
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 4))))
    (local.get $acc))
)

(assert_return (invoke "odd-sum" (i32.const 10)) (i32.const 25))
(assert_return (invoke "odd-sum" (i32.const 0)) (i32.const 0))
(assert_return (invoke "folded") (i32.const 117))
(assert_return (invoke "loop-param" (i32.const 5)) (i32.const 5))
(assert_return (invoke "many" (i32.const 200000)) (i32.const 200000))
(assert_return (invoke "wide") (i64.const 8018))

;; A million calls from one component into another (sync lift, sync lower):
;; the timing check in check.sh keeps per-call task and fiber costs small.
(component
  (component $B
    (core module $M (func (export "inc") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1))))
    (core instance $m (instantiate $M))
    (func (export "inc") (param "x" u32) (result u32) (canon lift (core func $m "inc"))))
  (instance $b (instantiate $B))
  (core func $inc (canon lower (func $b "inc")))
  (core module $A
    (import "" "inc" (func $inc (param i32) (result i32)))
    (func (export "run") (param $n i32) (result i32) (local $x i32)
      (loop $l
        (local.set $x (call $inc (local.get $x)))
        (br_if $l (i32.lt_u (local.get $x) (local.get $n))))
      (local.get $x)))
  (core instance $a (instantiate $A (with "" (instance (export "inc" (func $inc))))))
  (func (export "run") (param "n" u32) (result u32) (canon lift (core func $a "run"))))
(assert_return (invoke "run" (u32.const 1000000)) (u32.const 1000000))

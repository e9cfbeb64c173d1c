;; Unbounded recursion traps with "call stack exhausted" and leaves the
;; store usable: later calls (and a second exhaustion) behave normally,
;; and state written before the trap stays written.
(module
  (global $depth (mut i32) (i32.const 0))
  (func $down (export "down")
    (global.set $depth (i32.add (global.get $depth) (i32.const 1)))
    (call $down))
  (func $down_wide (export "down_wide") (param i64 f64 i32) (result i64)
    (local f32 f64 i64 i32)
    (i64.add (local.get 0)
      (call $down_wide (i64.add (local.get 0) (i64.const 1)) (local.get 1) (local.get 2))))
  (func (export "depth_positive") (result i32) (i32.gt_u (global.get $depth) (i32.const 1000)))
  (func (export "ok") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3))))
(assert_exhaustion (invoke "down") "call stack exhausted")
(assert_return (invoke "depth_positive") (i32.const 1))
(assert_return (invoke "ok" (i32.const 14)) (i32.const 42))
(assert_exhaustion (invoke "down_wide" (i64.const 0) (f64.const 1) (i32.const 2)) "call stack exhausted")
(assert_return (invoke "ok" (i32.const 5)) (i32.const 15))
(assert_exhaustion (invoke "down") "call stack exhausted")

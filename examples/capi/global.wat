;; global: imported and exported globals, read and written from both sides.
(module
  (global $ticks (import "env" "ticks") (mut i64))
  (global $scale (import "env" "scale") f64)
  (global $total (export "total") (mut f64) (f64.const 0.5))
  (global (export "answer") i32 (i32.const 42))
  (func (export "tick") (result i64)
    (global.set $ticks (i64.add (global.get $ticks) (i64.const 1)))
    (global.get $ticks))
  (func (export "accumulate") (param $x f64)
    (global.set $total
      (f64.add (global.get $total) (f64.mul (local.get $x) (global.get $scale)))))
  (func (export "read_total") (result f64) (global.get $total)))

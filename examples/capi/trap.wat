;; trap: guest faults and a host trap, reported to the embedder.
(module
  (import "host" "fail" (func $fail (param i32)))
  (func $divide (export "divide") (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1)))
  (func $crash (export "crash") (unreachable))
  (func (export "host_fail") (call $fail (i32.const 7)))
  (func (export "deep") (call $crash)))

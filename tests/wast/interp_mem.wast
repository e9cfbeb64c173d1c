;; Memory base/size are cached by the interpreter: growth by a callee, by
;; memory.grow in the same function, and bounds at the 4 GiB edge.

(module
  (memory 1)
  (func $grow (param i32) (result i32) (memory.grow (local.get 0)))
  ;; the callee grows memory; the caller then stores into the new page
  (func (export "grow-in-callee") (result i32)
    (drop (call $grow (i32.const 1)))
    (i32.store (i32.const 70000) (i32.const 42))
    (i32.load (i32.const 70000)))
  ;; grow in the same function, then use the new page
  (func (export "grow-here") (result i32)
    (drop (memory.grow (i32.const 1)))
    (i32.store8 (i32.const 0x2ffff) (i32.const 7))
    (i32.add (i32.load8_u (i32.const 0x2ffff)) (memory.size)))
  (func (export "load-off") (param i32) (result i32)
    (i32.load offset=0xfffffff0 (local.get 0)))
  (func (export "store-last") (param i32)
    (i64.store (local.get 0) (i64.const -1)))
  (func (export "size") (result i32) (memory.size))
)

(assert_trap (invoke "store-last" (i32.const 65529)) "out of bounds memory access")
(invoke "store-last" (i32.const 65528))
(assert_return (invoke "grow-in-callee") (i32.const 42))
(assert_return (invoke "size") (i32.const 2))
(assert_return (invoke "grow-here") (i32.const 10))
(assert_trap (invoke "load-off" (i32.const 0x20)) "out of bounds memory access")
(assert_trap (invoke "load-off" (i32.const -1)) "out of bounds memory access")
(assert_trap (invoke "store-last" (i32.const -8)) "out of bounds memory access")

;; A trap deep in a call chain leaves the instance usable.
(module
  (global $g (mut i32) (i32.const 0))
  (func $down (param i32) (result i32)
    (global.set $g (local.get 0))
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.div_u (i32.const 1) (local.get 0)))
      (else (call $down (i32.sub (local.get 0) (i32.const 1))))))
  (func (export "down") (param i32) (result i32) (call $down (local.get 0)))
  (func (export "g") (result i32) (global.get $g))
  (func $inf (param i32) (result i32) (call $inf (i32.add (local.get 0) (i32.const 1))))
  (func (export "inf") (result i32) (call $inf (i32.const 0)))
)

(assert_trap (invoke "down" (i32.const 1000)) "integer divide by zero")
(assert_return (invoke "g") (i32.const 0))
(assert_exhaustion (invoke "inf") "call stack exhausted")
(assert_trap (invoke "down" (i32.const 5)) "integer divide by zero")
(assert_return (invoke "g") (i32.const 0))

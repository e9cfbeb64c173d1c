;; Fixed-size lists (list T n) in the canonical ABI: flat parameters, a
;; result in memory, byte elements.
(component
  (core module $M
    (memory (export "mem") 1)
    (func (export "sum") (param i32 i32 i32) (result i32)
      (i32.add (local.get 0) (i32.add (local.get 1) (local.get 2))))
    (func (export "rev") (param i32 i32 i32) (result i32)
      (i32.store (i32.const 16) (local.get 2))
      (i32.store (i32.const 20) (local.get 1))
      (i32.store (i32.const 24) (local.get 0))
      (i32.const 16))
    (func (export "bytes") (param i32 i32) (result i32)
      (i32.add (local.get 0) (local.get 1))))
  (core instance $m (instantiate $M))
  (type $l3 (list u32 3))
  (type $b2 (list u8 2))
  (func (export "sum") (param "l" $l3) (result u32) (canon lift (core func $m "sum")))
  (func (export "rev") (param "l" $l3) (result $l3) (canon lift (core func $m "rev") (memory (core memory $m "mem"))))
  (func (export "bytes") (param "l" $b2) (result u32) (canon lift (core func $m "bytes"))))
(assert_return (invoke "sum" (list.const (u32.const 1) (u32.const 2) (u32.const 39))) (u32.const 42))
(assert_return (invoke "rev" (list.const (u32.const 1) (u32.const 2) (u32.const 3))) (list.const (u32.const 3) (u32.const 2) (u32.const 1)))
(assert_return (invoke "bytes" (list.const (u8.const 40) (u8.const 2))) (u32.const 42))

;; An element segment with an explicit `(table x)` must say what its list
;; holds (`func` or a reference type), as the 2.0 text format requires;
;; only the table-0 abbreviation `(elem (offset) funcidx*)` and the 1.0
;; form `(elem x (offset) funcidx*)` may list bare indices.
(module
  (table $t 4 funcref)
  (func $a (result i32) (i32.const 1))
  (func $b (result i32) (i32.const 2))
  (elem (table $t) (i32.const 0) func $a)
  (elem (i32.const 1) $b)
  (elem 0 (i32.const 2) $a)
  (elem (table 0) (i32.const 3) funcref (ref.func $b))
  (type $r (func (result i32)))
  (func (export "at") (param i32) (result i32) (call_indirect (type $r) (local.get 0)))
)
(assert_return (invoke "at" (i32.const 0)) (i32.const 1))
(assert_return (invoke "at" (i32.const 1)) (i32.const 2))
(assert_return (invoke "at" (i32.const 2)) (i32.const 1))
(assert_return (invoke "at" (i32.const 3)) (i32.const 2))
(assert_malformed (module quote "(table 1 funcref) (func) (elem (table 0) (i32.const 0) 0)") "unexpected token")
(assert_malformed (module quote "(table 1 funcref) (elem (table 0) (i32.const 0))") "unexpected token")

;; hostref: host objects travel through wasm as externref.
(module
  (import "host" "describe" (func $describe (param externref) (result i32)))
  (table $slots (export "slots") 4 externref)
  (global $last (export "last") (mut externref) (ref.null extern))
  (func (export "keep") (param $i i32) (param $r externref)
    (table.set $slots (local.get $i) (local.get $r))
    (global.set $last (local.get $r)))
  (func (export "fetch") (param $i i32) (result externref)
    (table.get $slots (local.get $i)))
  (func (export "describe_slot") (param $i i32) (result i32)
    (call $describe (table.get $slots (local.get $i))))
  (func (export "is_null") (param externref) (result i32)
    (ref.is_null (local.get 0))))

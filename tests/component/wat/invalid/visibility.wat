;; error: func not valid to be used as export
(component
  (core module $m (func (export "f") (result i32) unreachable))
  (core instance $i (instantiate $m))
  (type $E (enum "a" "b"))
  (func $f (result $E) (canon lift (core func $i "f")))
  (export "f" (func $f)))

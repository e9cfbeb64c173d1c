;; error: wrong signature for a destructor
(component
  (core module $m (func (export "d") (param i64)))
  (core instance $i (instantiate $m))
  (type (resource (rep i32) (dtor (core func $i "d")))))

;; A nested component imports a function with one type and is given one
;; of another type: instantiation must fail with a link error.
(component
  (component $inner
    (import "f" (func (param "x" u32)))
  )
  (core module $m (func (export "f") (param i64)))
  (core instance $i (instantiate $m))
  (func $f (param "x" u64) (canon lift (core func $i "f")))
  (instance (instantiate $inner (with "f" (func $f))))
)

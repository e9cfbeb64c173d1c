;; A nested component imports a function with one type and is given one
;; of another type: the component is invalid (refused at load time).
(component
  (component $inner
    (import "f" (func (param "x" u32)))
  )
  (core module $m (func (export "f") (param i64)))
  (core instance $i (instantiate $m))
  (func $f (param "x" u64) (canon lift (core func $i "f")))
  (instance (instantiate $inner (with "f" (func $f))))
)

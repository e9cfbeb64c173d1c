;; error: `realloc` uses a core function with an incorrect signature
(component
  (core module $m
    (memory (export "mem") 1)
    (func (export "f") (param i32 i32))
    (func (export "r") (param i32) (result i32) unreachable))
  (core instance $i (instantiate $m))
  (func (param "s" string)
    (canon lift (core func $i "f") (memory (core memory $i "mem")) (realloc (core func $i "r")))))

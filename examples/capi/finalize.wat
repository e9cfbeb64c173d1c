;; finalize: a small module instantiated many times.
(module
  (func (export "id") (param i32) (result i32) (local.get 0)))

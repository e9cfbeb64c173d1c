;; errors: a module whose imports the host gets wrong on purpose.
(module
  (import "env" "f" (func (param i32) (result i32)))
  (import "env" "g" (global (mut i32)))
  (table (export "t") 1 funcref)
  (func (export "id") (param i64) (result i64) (local.get 0)))

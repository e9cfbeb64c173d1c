;; reflect: every kind of import and export, for type reflection.
(module
  (import "env" "log" (func (param i32 i64) (result f32)))
  (import "env" "limit" (global i32))
  (import "env" "table" (table 1 funcref))
  (func (export "f") (param f64 externref) (result i32 i64) (i32.const 0) (i64.const 0))
  (global (export "counter") (mut i64) (i64.const 0))
  (table (export "refs") 2 16 externref)
  (memory (export "heap") 1 2))

;; multi: multiple results across the host boundary in both directions.
(module
  (import "host" "divmod" (func $divmod (param i32 i32) (result i32 i32)))
  (func (export "swap3") (param i32 i64 f64) (result f64 i64 i32)
    (local.get 2) (local.get 1) (local.get 0))
  (func (export "divmod_sum") (param i32 i32) (result i32 i32 i32)
    (local $q i32) (local $r i32)
    (call $divmod (local.get 0) (local.get 1))
    (local.set $r) (local.set $q)
    (local.get $q) (local.get $r) (i32.add (local.get $q) (local.get $r))))

;; table64: every table op with i64 indices at the exact bounds edge,
;; indices above 2^32 (whose low 32 bits are in bounds) trapping,
;; table.grow failing as i64 -1, call_indirect with an i64 index, elem
;; segments with i64 offsets, and table.copy between 32- and 64-bit tables.
(module
  (type $r (func (result i32)))
  (table $t64 i64 4 5 funcref)
  (table $t32 4 funcref)
  (elem (table $t64) (i64.const 2) func $f7 $f8)
  (elem (table $t32) (i32.const 0) func $f8)
  (elem $e func $f7 $f8)
  (func $f7 (result i32) (i32.const 7))
  (func $f8 (result i32) (i32.const 8))
  (func (export "call") (param i64) (result i32) (call_indirect $t64 (type $r) (local.get 0)))
  (func (export "call32") (param i32) (result i32) (call_indirect $t32 (type $r) (local.get 0)))
  (func (export "is_null") (param i64) (result i32) (ref.is_null (table.get $t64 (local.get 0))))
  (func (export "set") (param i64) (table.set $t64 (local.get 0) (ref.func $f7)))
  (func (export "size") (result i64) (table.size $t64))
  (func (export "grow") (param i64) (result i64) (table.grow $t64 (ref.null func) (local.get 0)))
  (func (export "fill") (param i64 i64) (table.fill $t64 (local.get 0) (ref.func $f8) (local.get 1)))
  (func (export "init") (param i64 i32 i32) (table.init $t64 $e (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy64") (param i64 i64 i64) (table.copy $t64 $t64 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy_to64") (param i64 i32 i32) (table.copy $t64 $t32 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy_to32") (param i32 i64 i32) (table.copy $t32 $t64 (local.get 0) (local.get 1) (local.get 2)))
)
(assert_return (invoke "call" (i64.const 2)) (i32.const 7))
(assert_return (invoke "call" (i64.const 3)) (i32.const 8))
(assert_trap (invoke "call" (i64.const 4)) "undefined element")
(assert_trap (invoke "call" (i64.const 0x1_0000_0002)) "undefined element")
(assert_trap (invoke "call" (i64.const -1)) "undefined element")
(assert_trap (invoke "call" (i64.const 0)) "uninitialized element")

(assert_return (invoke "is_null" (i64.const 3)) (i32.const 0))
(assert_trap (invoke "is_null" (i64.const 4)) "out of bounds table access")
(assert_trap (invoke "is_null" (i64.const 0x1_0000_0000)) "out of bounds table access")
(assert_return (invoke "set" (i64.const 0)))
(assert_return (invoke "call" (i64.const 0)) (i32.const 7))
(assert_trap (invoke "set" (i64.const 4)) "out of bounds table access")
(assert_trap (invoke "set" (i64.const 0x1_0000_0001)) "out of bounds table access")

;; fill, init, copy at the exact end
(assert_return (invoke "fill" (i64.const 3) (i64.const 1)))
(assert_return (invoke "call" (i64.const 3)) (i32.const 8))
(assert_trap (invoke "fill" (i64.const 3) (i64.const 2)) "out of bounds table access")
(assert_trap (invoke "fill" (i64.const 5) (i64.const 0)) "out of bounds table access")
(assert_trap (invoke "fill" (i64.const 1) (i64.const -1)) "out of bounds table access")
(assert_trap (invoke "fill" (i64.const 0x1_0000_0000) (i64.const 0)) "out of bounds table access")
(assert_return (invoke "init" (i64.const 2) (i32.const 0) (i32.const 2)))
(assert_return (invoke "call" (i64.const 3)) (i32.const 8))
(assert_trap (invoke "init" (i64.const 3) (i32.const 0) (i32.const 2)) "out of bounds table access")
(assert_trap (invoke "init" (i64.const 0x1_0000_0000) (i32.const 0) (i32.const 0)) "out of bounds table access")
(assert_return (invoke "copy64" (i64.const 1) (i64.const 2) (i64.const 2)))
(assert_return (invoke "call" (i64.const 1)) (i32.const 7))
(assert_trap (invoke "copy64" (i64.const 3) (i64.const 0) (i64.const 2)) "out of bounds table access")
(assert_trap (invoke "copy64" (i64.const 0) (i64.const 1) (i64.const -1)) "out of bounds table access")

;; between a 32- and a 64-bit table
(assert_return (invoke "copy_to64" (i64.const 3) (i32.const 0) (i32.const 1)))
(assert_return (invoke "call" (i64.const 3)) (i32.const 8))
(assert_trap (invoke "copy_to64" (i64.const 0x1_0000_0000) (i32.const 0) (i32.const 0)) "out of bounds table access")
(assert_trap (invoke "copy_to64" (i64.const 0) (i32.const 3) (i32.const 2)) "out of bounds table access")
(assert_return (invoke "copy_to32" (i32.const 3) (i64.const 1) (i32.const 1)))
(assert_return (invoke "call32" (i32.const 3)) (i32.const 7))
(assert_trap (invoke "copy_to32" (i32.const 0) (i64.const 0x1_0000_0000) (i32.const 0)) "out of bounds table access")
(assert_trap (invoke "copy_to32" (i32.const 3) (i64.const 0) (i32.const 2)) "out of bounds table access")

;; size and grow as i64; failure is i64 -1
(assert_return (invoke "size") (i64.const 4))
(assert_return (invoke "grow" (i64.const 1)) (i64.const 4))
(assert_return (invoke "size") (i64.const 5))
(assert_return (invoke "grow" (i64.const 1)) (i64.const -1))
(assert_return (invoke "grow" (i64.const 0x1_0000_0000)) (i64.const -1))
(assert_return (invoke "grow" (i64.const -1)) (i64.const -1))
(assert_return (invoke "is_null" (i64.const 4)) (i32.const 1))

;; an active segment past the end of a 64-bit table
(assert_trap
  (module (table i64 1 funcref) (elem (i64.const 1) func $f) (func $f))
  "out of bounds table access")
(assert_invalid
  (module (table i64 1 funcref) (elem (i32.const 0) func $f) (func $f))
  "type mismatch")
(assert_invalid
  (module (table i64 1 funcref) (func (drop (table.get 0 (i32.const 0)))))
  "type mismatch")
(assert_invalid
  (module (table i64 1 funcref) (table 1 funcref)
    (func (table.copy 0 1 (i64.const 0) (i32.const 0) (i64.const 0))))
  "type mismatch")
(assert_invalid
  (module (type (func)) (table i64 1 funcref) (func (call_indirect (type 0) (i32.const 0))))
  "type mismatch")

;; inline elements in a 64-bit table, imports matching index types
(module $T (table (export "t64") i64 funcref (elem $g)) (func $g)
  (table (export "t32") 1 funcref))
(register "T" $T)
(module (import "T" "t64" (table i64 1 funcref))
  (func (export "s") (result i64) (table.size 0)))
(assert_return (invoke "s") (i64.const 1))
(assert_unlinkable (module (import "T" "t64" (table 1 funcref))) "incompatible import type")
(assert_unlinkable (module (import "T" "t32" (table i64 1 funcref))) "incompatible import type")

;; return_call_indirect on a 64-bit table takes an i64 index too.
(module
  (type $r (func (result i32)))
  (table $t i64 2 funcref)
  (elem (table $t) (i64.const 1) func $f)
  (func $f (result i32) (i32.const 42))
  (func (export "tc") (param i64) (result i32) (return_call_indirect $t (type $r) (local.get 0))))
(assert_return (invoke "tc" (i64.const 1)) (i32.const 42))
(assert_trap (invoke "tc" (i64.const 2)) "undefined element")
(assert_trap (invoke "tc" (i64.const 0x1_0000_0001)) "undefined element")
(assert_trap (invoke "tc" (i64.const 0)) "uninitialized element 0")
(assert_invalid
  (module (type (func)) (table i64 1 funcref)
    (func (return_call_indirect (type 0) (i32.const 0))))
  "type mismatch")

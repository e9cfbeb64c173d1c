;; ref.as_non_null, br_on_null, br_on_non_null on the nullable reference
;; types (funcref, externref): traps, which way each branch goes, the
;; values carried to the label, loops, dead code, validation, binary.

(module
  (func $f (result i32) (i32.const 9))
  (elem declare func $f)
  (table $t 2 funcref)
  (func (export "init") (table.set $t (i32.const 1) (ref.func $f)))
  (func (export "nn") (param i32) (result funcref)
    (ref.as_non_null (table.get $t (local.get 0))))
  (func (export "nn-extern") (param externref) (result externref)
    (ref.as_non_null (local.get 0)))
  (func (export "on-null") (param i32) (result i32)
    (block $l (result i32)
      (i32.const 77)
      (br_on_null $l (table.get $t (local.get 0)))
      (drop) (drop) (i32.const 1)))
  ;; Two values (one i64) go to the label; the reference stays otherwise.
  (func (export "on-null-2") (param externref) (result i64 i32)
    (block $l (result i64 i32)
      (i64.const 5) (i32.const 6)
      (br_on_null $l (local.get 0))
      (ref.is_null) (i32.add) (drop) (drop) (i64.const -1) (i32.const -1)))
  (func (export "on-non-null") (param i32) (result i32)
    (block $l (result i32 funcref)
      (i32.const 55)
      (br_on_non_null $l (table.get $t (local.get 0)))
      (return (i32.const -1)))
    (drop))
  (func (export "on-non-null-extern") (param externref) (result externref)
    (block $l (result externref)
      (br_on_non_null $l (local.get 0))
      (return (ref.null extern))))
  ;; A loop that exits through br_on_non_null: counts the null entries
  ;; before the first non-null one.
  (func (export "count-nulls") (result i32) (local i32)
    (block $found (result funcref)
      (loop $next
        (br_on_non_null $found (table.get $t (local.get 0)))
        (local.set 0 (i32.add (local.get 0) (i32.const 1)))
        (br $next))
      (unreachable))
    (drop)
    (local.get 0))
  ;; Dead code: any operand is fine.
  (func (export "dead") (result i32)
    (block $l (br $l) (br_on_null $l) (drop) (ref.as_non_null) (drop))
    (i32.const 3))
)
(assert_trap (invoke "nn" (i32.const 0)) "null reference")
(assert_trap (invoke "nn-extern" (ref.null extern)) "null reference")
(assert_return (invoke "nn-extern" (ref.extern 4)) (ref.extern 4))
(assert_return (invoke "on-null" (i32.const 0)) (i32.const 77))
(assert_return (invoke "on-null" (i32.const 1)) (i32.const 77))
(invoke "init")
(assert_return (invoke "nn" (i32.const 1)) (ref.func))
(assert_return (invoke "on-null" (i32.const 0)) (i32.const 77))
(assert_return (invoke "on-null" (i32.const 1)) (i32.const 1))
(assert_return (invoke "on-null-2" (ref.null extern)) (i64.const 5) (i32.const 6))
(assert_return (invoke "on-null-2" (ref.extern 1)) (i64.const -1) (i32.const -1))
(assert_return (invoke "on-non-null" (i32.const 0)) (i32.const -1))
(assert_return (invoke "on-non-null" (i32.const 1)) (i32.const 55))
(assert_return (invoke "on-non-null-extern" (ref.extern 8)) (ref.extern 8))
(assert_return (invoke "on-non-null-extern" (ref.null extern)) (ref.null extern))
(assert_return (invoke "count-nulls") (i32.const 1))
(assert_return (invoke "dead") (i32.const 3))

(assert_invalid (module (func (drop (ref.as_non_null (i32.const 0))))) "type mismatch")
(assert_invalid (module (func (block $l (br_on_null $l (i32.const 0)) (drop)))) "type mismatch")
(assert_invalid
  (module (func (param externref) (block $l (result i32) (br_on_non_null $l (local.get 0)) (i32.const 0)) (drop)))
  "type mismatch")
(assert_invalid
  (module (func (param externref) (block $l (result funcref) (br_on_non_null $l (local.get 0)) (ref.null func)) (drop)))
  "type mismatch")
(assert_invalid
  (module (func (param externref) (block $l (br_on_non_null $l (local.get 0)))))
  "type mismatch")
(assert_invalid
  (module (func (param externref) (block $l (result i32) (br_on_null $l (local.get 0)) (drop) (i64.const 0)) (drop)))
  "type mismatch")

;; The binary opcodes 0xD4, 0xD5, 0xD6.
(module binary
  "\00asm\01\00\00\00"
  "\01\0b\02\60\01\6f\01\7f\60\01\6f\01\6f"  ;; [externref] -> [i32], -> [externref]
  "\03\03\02\00\01"
  "\07\09\02\01f\00\00\01g\00\01"
  "\0a\1e\02"
  "\10\00\02\7f\41\02\20\00\d5\00\d4\1a\1a\41\01\0b\0b"  ;; f: br_on_null, ref.as_non_null
  "\0b\00\02\6f\20\00\d6\00\d0\6f\0b\0b")                  ;; g: br_on_non_null
(assert_return (invoke "f" (ref.null extern)) (i32.const 2))
(assert_return (invoke "f" (ref.extern 1)) (i32.const 1))
(assert_return (invoke "g" (ref.null extern)) (ref.null extern))
(assert_return (invoke "g" (ref.extern 3)) (ref.extern 3))

;; Script values of 3.0: (ref.null) as a result is a null of any
;; reference type; nofunc/noextern name the same nulls as func/extern.
(module
  (func (export "ext") (param externref) (result externref) (local.get 0))
  (func (export "fn") (param funcref) (result funcref) (local.get 0))
  (func (export "one") (result i32) (i32.const 0)))
(assert_return (invoke "ext" (ref.null noextern)) (ref.null))
(assert_return (invoke "ext" (ref.null extern)) (ref.null noextern))
(assert_return (invoke "fn" (ref.null nofunc)) (ref.null))
(assert_return (invoke "fn" (ref.null func)) (ref.null nofunc))
(assert_return (invoke "ext" (ref.extern 2)) (ref.extern 2))

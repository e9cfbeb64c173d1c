;; Validation and decoding of tags, throw, throw_ref and try_table.

(assert_invalid (module (tag (param i32) (result i32))) "non-empty tag result type")
(assert_invalid (module (import "m" "t" (tag (result i64)))) "non-empty tag result type")
(assert_invalid (module (func (throw 0))) "unknown tag")
(assert_invalid (module (export "t" (tag 0))) "unknown tag")
(assert_invalid (module (tag (param i32)) (func (throw 0))) "type mismatch")
(assert_invalid (module (tag (param i32)) (func (f32.const 1) (throw 0))) "type mismatch")
(assert_invalid (module (func (throw_ref))) "type mismatch")
(assert_invalid (module (func (i32.const 0) (throw_ref))) "type mismatch")
(assert_invalid (module (func (param externref) (throw_ref (local.get 0)))) "type mismatch")
;; catch labels: exactly the payload (+ exnref); unknown tags and labels.
(assert_invalid (module (tag (param i32)) (func (block (try_table (catch 0 0))))) "type mismatch")
(assert_invalid
  (module (tag (param i32)) (func (block (result i64) (try_table (catch 0 0)) (unreachable))))
  "type mismatch")
(assert_invalid
  (module (tag (param i32)) (func (block (result i32) (try_table (catch_ref 0 0)) (unreachable))))
  "type mismatch")
(assert_invalid (module (func (block (result exnref) (try_table (catch_all 0)) (unreachable)))) "type mismatch")
(assert_invalid (module (func (block (try_table (catch_all_ref 0))))) "type mismatch")
(assert_invalid (module (func (try_table (catch 0 0)))) "unknown tag")
(assert_invalid (module (func (try_table (catch_all 1)))) "unknown label")
;; A catch label is counted from outside the try_table (0 is the function here).
(assert_invalid (module (func (result i32) (try_table (result i32) (catch_all 0) (i32.const 1)))) "type mismatch")
(module (func (result i32) (block (try_table (result i32) (catch_all 0) (i32.const 1)) (return)) (i32.const 0)))
;; try_table's own type, as a block's.
(assert_invalid (module (func (result i32) (try_table (result i32)))) "type mismatch")
(assert_invalid (module (func (try_table (i32.const 1)))) "type mismatch")

;; exnref where reference types go.
(module
  (global (mut exnref) (ref.null exn))
  (table 1 exnref)
  (table 1 (ref null exn))
  (elem (table 1) (i32.const 0) exnref (ref.null exn))
  (func (param exnref) (result (ref null exn)) (local exnref)
    (select (result exnref) (local.get 0) (local.get 1) (i32.const 0))))
(assert_invalid (module (func (param exnref) (result exnref) (select (local.get 0) (local.get 0) (i32.const 0)))) "type mismatch")
(assert_invalid (module (global exnref (ref.null func))) "type mismatch")

;; Binary: the tag section (13) comes after memory (5), before global (6).
(module binary "\00asm\01\00\00\00"
  "\01\04\01\60\00\00"      ;; type 0: [] -> []
  "\05\03\01\00\01"         ;; memory 1
  "\0d\03\01\00\00"         ;; tag of type 0
  "\06\06\01\7f\00\41\00\0b")  ;; global i32
(assert_malformed
  (module binary "\00asm\01\00\00\00"
    "\01\04\01\60\00\00" "\06\06\01\7f\00\41\00\0b" "\0d\03\01\00\00")
  "unexpected content after last section")
(assert_malformed
  (module binary "\00asm\01\00\00\00" "\01\04\01\60\00\00" "\0d\03\01\01\00")
  "malformed tag attribute")
;; try_table with catch kind 4.
(assert_malformed
  (module binary "\00asm\01\00\00\00"
    "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\09\01\07\00\1f\40\01\04\00\0b\0b")
  "malformed catch clause")
(assert_invalid
  (module binary "\00asm\01\00\00\00" "\01\04\01\60\00\00" "\0d\03\01\00\05")
  "unknown type")
;; Export of tag kind 4 and import of tag kind 4 round-trip through binary.
(module binary "\00asm\01\00\00\00"
  "\01\05\01\60\01\7f\00"   ;; type 0: [i32] -> []
  "\0d\03\01\00\00"         ;; tag 0
  "\07\05\01\01\74\04\00")  ;; export "t" tag 0
(assert_malformed (module quote "(tag $t) (tag $t)") "duplicate tag")
(assert_malformed (module quote "(func (throw $nope))") "unknown tag")
(assert_malformed (module quote "(func (block $l (try_table (catch_all $nope))))") "unknown label")

;; The compiler folds local.get operands, retargets producers to local.set,
;; turns constant operands into immediates and fuses compares with branches.
;; These check the cases where folding must give way (a folded local written
;; before its use, across loops and arms, in branches and calls).

(module
  ;; local.get folded, then the local is overwritten before the use
  (func (export "swap-sub") (param i32 i32) (result i32)
    (local.get 0)
    (local.set 0 (local.get 1))
    (local.get 0)
    (i32.sub))
  ;; the same through local.tee
  (func (export "tee-old") (param i32) (result i32)
    (local.get 0)
    (local.tee 0 (i32.const 100))
    (i32.add))
  ;; a folded operand alive across a loop that writes the local
  (func (export "loop-keeps") (param i32) (result i32)
    (local.get 0)
    (loop $l
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if $l (i32.gt_s (local.get 0) (i32.const 0))))
    (local.get 0)
    (i32.add))
  ;; a folded operand alive across an if arm that writes the local
  (func (export "if-keeps") (param i32 i32) (result i32)
    (local.get 0)
    (if (local.get 1) (then (local.set 0 (i32.const 7))))
    (local.get 0)
    (i32.mul))
  ;; producer retargeted into the local it reads
  (func (export "acc") (param i32) (result i32) (local i32)
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get 0)))
        (local.set 1 (i32.add (local.get 1) (local.get 0)))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br $l)))
    (local.get 1))
  ;; br_if carrying a folded local as its value
  (func (export "br-if-value") (param i32 i32) (result i32)
    (block (result i32)
      (drop (br_if 0 (local.get 0) (local.get 1)))
      (i32.const -1)))
  ;; br_table carrying values, folded operands
  (func (export "br-table-value") (param i32) (result i32)
    (block (result i32)
      (block (result i32)
        (br_table 0 1 (local.get 0) (local.get 0)))
      (i32.const 10)
      (i32.add)))
  ;; call arguments from folded locals, then a local written before use
  (func $sub (param i32 i32) (result i32) (i32.sub (local.get 0) (local.get 1)))
  (func (export "call-args") (param i32 i32) (result i32)
    (local.get 1)
    (call $sub (local.get 0) (local.get 1))
    (local.set 1 (i32.const 0))
    (i32.add))
  ;; select with folded operands and a constant
  (func (export "select-fold") (param i32 i32) (result i32)
    (select (local.get 0) (i32.const 5) (local.get 1)))
  ;; constant operands as immediates, negative and large
  (func (export "imm") (param i32 i64) (result i64)
    (i64.add
      (i64.extend_i32_u (i32.shr_u (i32.add (local.get 0) (i32.const -1)) (i32.const 33)))
      (i64.xor (local.get 1) (i64.const 0x8000000000000000))))
  ;; constant first operand of commutative operators; rotations by constants
  (func (export "imm-first") (param i32 i64) (result i64)
    (i64.add
      (i64.extend_i32_u
        (i32.xor (i32.const 0xff) (i32.rotl (local.get 0) (i32.const 8))))
      (i64.mul (i64.const 3) (i64.rotr (local.get 1) (i64.const 4)))))
  (func (export "float-imm") (param f32 f64) (result f64)
    (f64.add
      (f64.promote_f32 (f32.div (f32.sub (f32.mul (f32.const 2) (local.get 0)) (f32.const 1))
                                (f32.const 4)))
      (f64.sub (f64.const 10) (f64.div (f64.add (local.get 1) (f64.const 0.5)) (f64.const 2)))))
  (func (export "float-imm-nan") (param f32) (result f32)
    (f32.add (f32.const nan) (local.get 0)))
  (func (export "sub-const-first") (param i32) (result i32)
    (i32.sub (i32.const 10) (local.get 0)))
  ;; fused compare-with-constant in if and br_if, both polarities
  (func (export "cmp-branch") (param i32) (result i32)
    (if (result i32) (i32.lt_s (local.get 0) (i32.const -5))
      (then (i32.const 1))
      (else
        (block (result i32)
          (br_if 0 (i32.const 2) (i32.ge_u (local.get 0) (i32.const 100)))
          (drop)
          (i32.const 3)))))
  ;; a compare whose result is also kept (not fused away)
  (func (export "cmp-kept") (param i32) (result i32)
    (local i32)
    (local.set 1 (i32.eq (local.get 0) (i32.const 4)))
    (if (local.get 1) (then (return (i32.const 40))))
    (local.get 1))
  ;; multi-value block with params taken from folded locals
  (func (export "mv") (param i32 i32) (result i32 i32)
    (local.get 0) (local.get 1)
    (block (param i32 i32) (result i32 i32)
      (local.set 0 (i32.const 99))
      (local.set 1 (i32.const 98))))
  ;; loop with params, values carried by branching back
  (func (export "loop-param") (param i32) (result i32)
    (i32.const 0) (local.get 0)
    (loop (param i32 i32) (result i32)
      (local.set 0)
      (i32.add (local.get 0))
      (br_if 1 (i32.eqz (local.get 0)))
      (i32.sub (local.get 0) (i32.const 1))
      (br 0)))
)

(assert_return (invoke "swap-sub" (i32.const 10) (i32.const 3)) (i32.const 7))
(assert_return (invoke "tee-old" (i32.const 5)) (i32.const 105))
(assert_return (invoke "loop-keeps" (i32.const 5)) (i32.const 5))
(assert_return (invoke "if-keeps" (i32.const 3) (i32.const 1)) (i32.const 21))
(assert_return (invoke "if-keeps" (i32.const 3) (i32.const 0)) (i32.const 9))
(assert_return (invoke "acc" (i32.const 100)) (i32.const 5050))
(assert_return (invoke "br-if-value" (i32.const 4) (i32.const 1)) (i32.const 4))
(assert_return (invoke "br-if-value" (i32.const 4) (i32.const 0)) (i32.const -1))
(assert_return (invoke "br-table-value" (i32.const 0)) (i32.const 10))
(assert_return (invoke "br-table-value" (i32.const 1)) (i32.const 1))
(assert_return (invoke "br-table-value" (i32.const 7)) (i32.const 7))
(assert_return (invoke "call-args" (i32.const 10) (i32.const 4)) (i32.const 10))
(assert_return (invoke "select-fold" (i32.const 1) (i32.const 1)) (i32.const 1))
(assert_return (invoke "select-fold" (i32.const 1) (i32.const 0)) (i32.const 5))
(assert_return (invoke "imm" (i32.const 0) (i64.const 1)) (i64.const 0x8000000080000000))
(assert_return (invoke "imm" (i32.const 1) (i64.const 1)) (i64.const 0x8000000000000001))
(assert_return (invoke "imm-first" (i32.const 0x80000001) (i64.const 0x10)) (i64.const 0x182))
(assert_return (invoke "imm-first" (i32.const 1) (i64.const 1)) (i64.const 0x30000000000001ff))
(assert_return (invoke "sub-const-first" (i32.const 3)) (i32.const 7))
(assert_return (invoke "float-imm" (f32.const 2.5) (f64.const 3.5)) (f64.const 9))
(assert_return (invoke "float-imm" (f32.const -0.5) (f64.const -0.5)) (f64.const 9.5))
(assert_return (invoke "float-imm-nan" (f32.const 1)) (f32.const nan:canonical))
(assert_return (invoke "cmp-branch" (i32.const -6)) (i32.const 1))
(assert_return (invoke "cmp-branch" (i32.const -5)) (i32.const 2))
(assert_return (invoke "cmp-branch" (i32.const 50)) (i32.const 3))
(assert_return (invoke "cmp-branch" (i32.const 100)) (i32.const 2))
(assert_return (invoke "cmp-branch" (i32.const -1)) (i32.const 2))
(assert_return (invoke "cmp-kept" (i32.const 4)) (i32.const 40))
(assert_return (invoke "cmp-kept" (i32.const 5)) (i32.const 0))
(assert_return (invoke "mv" (i32.const 1) (i32.const 2)) (i32.const 1) (i32.const 2))
(assert_return (invoke "loop-param" (i32.const 4)) (i32.const 10))

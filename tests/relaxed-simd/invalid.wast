;; Validation and decoding of the relaxed SIMD instructions.
(assert_invalid
  (module (func (result v128)
    (i8x16.relaxed_laneselect (v128.const i64x2 0 0) (v128.const i64x2 0 0))))
  "type mismatch")
(assert_invalid
  (module (func (result v128)
    (f32x4.relaxed_madd (v128.const i64x2 0 0) (i32.const 0) (v128.const i64x2 0 0))))
  "type mismatch")
(assert_invalid
  (module (func (result i32) (i32x4.relaxed_trunc_f32x4_s (v128.const i64x2 0 0))))
  "type mismatch")
(assert_invalid
  (module (func (result v128) (i16x8.relaxed_q15mulr_s (v128.const i64x2 0 0))))
  "type mismatch")
(assert_malformed (module quote "(func (drop (i8x16.relaxed_dot (v128.const i64x2 0 0))))")
  "unknown operator")

;; 0xFD 0x100 (LEB 80 02) decodes as i8x16.relaxed_swizzle ...
(module binary "\00asm\01\00\00\00"
  "\01\07\01\60\02\7b\7b\01\7b" "\03\02\01\00" "\07\05\01\01\66\00\00"
  "\0a\0b\01\09\00\20\00\20\01\fd\80\02\0b")
(assert_return (invoke "f" (v128.const i8x16 9 8 7 6 5 4 3 2 1 0 0 0 0 0 0 0)
                           (v128.const i8x16 0 1 2 99 0 0 0 0 0 0 0 0 0 0 0 0))
  (v128.const i8x16 9 8 7 0 9 9 9 9 9 9 9 9 9 9 9 9))
;; ... and 0x113 (LEB 93 02) is the last; 0x114 (LEB 94 02) is no instruction.
(module binary "\00asm\01\00\00\00"
  "\01\08\01\60\03\7b\7b\7b\01\7b" "\03\02\01\00"
  "\0a\0d\01\0b\00\20\00\20\01\20\02\fd\93\02\0b")
(assert_malformed
  (module binary "\00asm\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\07\01\05\00\fd\94\02\0b")
  "illegal opcode")
(assert_malformed
  (module binary "\00asm\01\00\00\00" "\01\04\01\60\00\00" "\03\02\01\00"
    "\0a\07\01\05\00\fd\80\04\0b")
  "illegal opcode")

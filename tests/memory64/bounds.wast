;; memory64: every plain load and store at the exact end of a 64-bit
;; memory (last byte in bounds, one more traps), addresses whose low 32
;; bits are in bounds but which are above 4 GiB, u64 offsets, and the sum
;; address + offset wrapping around 2^64.
(module
  (memory $m i64 1)
  (func (export "i32.load") (param i64) (result i32) (i32.load (local.get 0)))
  (func (export "i64.load") (param i64) (result i64) (i64.load (local.get 0)))
  (func (export "f32.load") (param i64) (result f32) (f32.load (local.get 0)))
  (func (export "f64.load") (param i64) (result f64) (f64.load (local.get 0)))
  (func (export "i32.load8_s") (param i64) (result i32) (i32.load8_s (local.get 0)))
  (func (export "i32.load8_u") (param i64) (result i32) (i32.load8_u (local.get 0)))
  (func (export "i32.load16_s") (param i64) (result i32) (i32.load16_s (local.get 0)))
  (func (export "i32.load16_u") (param i64) (result i32) (i32.load16_u (local.get 0)))
  (func (export "i64.load8_s") (param i64) (result i64) (i64.load8_s (local.get 0)))
  (func (export "i64.load8_u") (param i64) (result i64) (i64.load8_u (local.get 0)))
  (func (export "i64.load16_s") (param i64) (result i64) (i64.load16_s (local.get 0)))
  (func (export "i64.load16_u") (param i64) (result i64) (i64.load16_u (local.get 0)))
  (func (export "i64.load32_s") (param i64) (result i64) (i64.load32_s (local.get 0)))
  (func (export "i64.load32_u") (param i64) (result i64) (i64.load32_u (local.get 0)))
  (func (export "i32.store") (param i64) (i32.store (local.get 0) (i32.const -1)))
  (func (export "i64.store") (param i64) (i64.store (local.get 0) (i64.const -1)))
  (func (export "f32.store") (param i64) (f32.store (local.get 0) (f32.const -1)))
  (func (export "f64.store") (param i64) (f64.store (local.get 0) (f64.const -1)))
  (func (export "i32.store8") (param i64) (i32.store8 (local.get 0) (i32.const -1)))
  (func (export "i32.store16") (param i64) (i32.store16 (local.get 0) (i32.const -1)))
  (func (export "i64.store8") (param i64) (i64.store8 (local.get 0) (i64.const -1)))
  (func (export "i64.store16") (param i64) (i64.store16 (local.get 0) (i64.const -1)))
  (func (export "i64.store32") (param i64) (i64.store32 (local.get 0) (i64.const -1)))
  ;; a u64 offset that only a 64-bit memory may have
  (func (export "load_off") (param i64) (result i32)
    (i32.load8_u offset=0xffff_ffff_ffff_fff0 (local.get 0)))
  (func (export "load_off4g") (param i64) (result i32)
    (i32.load8_u offset=0x1_0000_0000 (local.get 0)))
)

;; The last in-bounds address of each width: 65536 - width.
(assert_return (invoke "i32.store" (i64.const 65532)))
(assert_return (invoke "i32.load" (i64.const 65532)) (i32.const -1))
(assert_return (invoke "i64.store" (i64.const 65528)))
(assert_return (invoke "i64.load" (i64.const 65528)) (i64.const -1))
(assert_return (invoke "f32.store" (i64.const 65532)))
(assert_return (invoke "f32.load" (i64.const 65532)) (f32.const -1))
(assert_return (invoke "f64.store" (i64.const 65528)))
(assert_return (invoke "f64.load" (i64.const 65528)) (f64.const -1))
(assert_return (invoke "i32.store8" (i64.const 65535)))
(assert_return (invoke "i32.load8_s" (i64.const 65535)) (i32.const -1))
(assert_return (invoke "i32.load8_u" (i64.const 65535)) (i32.const 255))
(assert_return (invoke "i32.store16" (i64.const 65534)))
(assert_return (invoke "i32.load16_s" (i64.const 65534)) (i32.const -1))
(assert_return (invoke "i32.load16_u" (i64.const 65534)) (i32.const 65535))
(assert_return (invoke "i64.store8" (i64.const 65535)))
(assert_return (invoke "i64.load8_s" (i64.const 65535)) (i64.const -1))
(assert_return (invoke "i64.load8_u" (i64.const 65535)) (i64.const 255))
(assert_return (invoke "i64.store16" (i64.const 65534)))
(assert_return (invoke "i64.load16_s" (i64.const 65534)) (i64.const -1))
(assert_return (invoke "i64.load16_u" (i64.const 65534)) (i64.const 65535))
(assert_return (invoke "i64.store32" (i64.const 65532)))
(assert_return (invoke "i64.load32_s" (i64.const 65532)) (i64.const -1))
(assert_return (invoke "i64.load32_u" (i64.const 65532)) (i64.const 4294967295))

;; One byte further: out of bounds.
(assert_trap (invoke "i32.load" (i64.const 65533)) "out of bounds memory access")
(assert_trap (invoke "i64.load" (i64.const 65529)) "out of bounds memory access")
(assert_trap (invoke "f32.load" (i64.const 65533)) "out of bounds memory access")
(assert_trap (invoke "f64.load" (i64.const 65529)) "out of bounds memory access")
(assert_trap (invoke "i32.load8_s" (i64.const 65536)) "out of bounds memory access")
(assert_trap (invoke "i32.load8_u" (i64.const 65536)) "out of bounds memory access")
(assert_trap (invoke "i32.load16_s" (i64.const 65535)) "out of bounds memory access")
(assert_trap (invoke "i32.load16_u" (i64.const 65535)) "out of bounds memory access")
(assert_trap (invoke "i64.load8_s" (i64.const 65536)) "out of bounds memory access")
(assert_trap (invoke "i64.load8_u" (i64.const 65536)) "out of bounds memory access")
(assert_trap (invoke "i64.load16_s" (i64.const 65535)) "out of bounds memory access")
(assert_trap (invoke "i64.load16_u" (i64.const 65535)) "out of bounds memory access")
(assert_trap (invoke "i64.load32_s" (i64.const 65533)) "out of bounds memory access")
(assert_trap (invoke "i64.load32_u" (i64.const 65533)) "out of bounds memory access")
(assert_trap (invoke "i32.store" (i64.const 65533)) "out of bounds memory access")
(assert_trap (invoke "i64.store" (i64.const 65529)) "out of bounds memory access")
(assert_trap (invoke "f32.store" (i64.const 65533)) "out of bounds memory access")
(assert_trap (invoke "f64.store" (i64.const 65529)) "out of bounds memory access")
(assert_trap (invoke "i32.store8" (i64.const 65536)) "out of bounds memory access")
(assert_trap (invoke "i32.store16" (i64.const 65535)) "out of bounds memory access")
(assert_trap (invoke "i64.store8" (i64.const 65536)) "out of bounds memory access")
(assert_trap (invoke "i64.store16" (i64.const 65535)) "out of bounds memory access")
(assert_trap (invoke "i64.store32" (i64.const 65533)) "out of bounds memory access")

;; Above 4 GiB with in-bounds low 32 bits: a 32-bit truncation would hit 0.
(assert_trap (invoke "i32.load" (i64.const 0x1_0000_0000)) "out of bounds memory access")
(assert_trap (invoke "i64.load8_u" (i64.const 0x1_0000_0000)) "out of bounds memory access")
(assert_trap (invoke "i32.store" (i64.const 0x1_0000_0000)) "out of bounds memory access")
(assert_trap (invoke "i64.store8" (i64.const 0x8000_0000_0000_0000)) "out of bounds memory access")
(assert_trap (invoke "i64.load" (i64.const -1)) "out of bounds memory access")
(assert_trap (invoke "i64.load" (i64.const -8)) "out of bounds memory access")
;; the stores above left memory as it was
(assert_return (invoke "i32.load" (i64.const 0)) (i32.const 0))

;; address + offset: 16 + (2^64 - 16) wraps to 0 — a trap, not byte 0;
;; 0 + 4 GiB is out of bounds, not byte 0.
(assert_trap (invoke "load_off" (i64.const 16)) "out of bounds memory access")
(assert_trap (invoke "load_off" (i64.const 0)) "out of bounds memory access")
(assert_trap (invoke "load_off4g" (i64.const 0)) "out of bounds memory access")

;; A 32-bit memory's offset may not exceed 32 bits.
(assert_invalid
  (module (memory 1) (func (drop (i32.load offset=0x1_0000_0000 (i32.const 0)))))
  "offset out of range")
;; A 64-bit memory takes i64 addresses only.
(assert_invalid
  (module (memory i64 1) (func (drop (i32.load (i32.const 0)))))
  "type mismatch")
(assert_invalid
  (module (memory i64 1) (func (i32.store (i32.const 0) (i32.const 0))))
  "type mismatch")
(assert_invalid
  (module (memory 1) (func (drop (i32.load (i64.const 0)))))
  "type mismatch")

;; A 32-bit memory 0 (fast path) beside a 64-bit memory 1: SIMD and
;; atomic ops on memory 1 switch to it and back (mem_use64 ... mem_use0),
;; and memory 0's next access sees memory 0 again.
(module
  (memory $a 1)
  (memory $b i64 1 1 shared)
  (data (memory $a) (i32.const 0) "\01\00\00\00")
  (data (memory $b) (i64.const 0xfff0) "\02\00\00\00")
  (func (export "both") (param i64) (result i32)
    (i32.add
      (i32.add (i32x4.extract_lane 0 (v128.load $b (local.get 0)))
               (i32.atomic.load $b (local.get 0)))
      (i32.load $a (i32.const 0))))
)
(assert_return (invoke "both" (i64.const 0xfff0)) (i32.const 5))
(assert_trap (invoke "both" (i64.const 0xfff1)) "out of bounds memory access")
(assert_trap (invoke "both" (i64.const 0x1_0000_fff0)) "out of bounds memory access")

;; A load with a u64 offset inside a constant expression is well-formed
;; (the scan of constant expressions reads u64 offsets), then invalid.
(assert_invalid
  (module binary
    "\00asm" "\01\00\00\00"
    "\05\03\01\04\01"                             ;; memory i64 1
    "\06\12\01\7f\00"                             ;; global i32 const
    "\42\00"                                      ;; i64.const 0
    "\28\02\80\80\80\80\80\80\80\80\80\01"        ;; i32.load offset=2^63
    "\0b")
  "constant expression required")

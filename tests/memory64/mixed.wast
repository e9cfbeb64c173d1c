;; memory64 with 32-bit memories in one module: memory.copy between a
;; 32- and a 64-bit memory (address types per memory, the length the
;; narrower type), memory.size/grow as i64 (grow failing is -1 as an
;; i64), init and fill on the 64-bit one at the bounds edge, data
;; segments with i64 offsets.
(module
  (memory $m64 i64 1 2)
  (memory $m32 1 2)
  (data (memory $m64) (i64.const 0xfffc) "\01\02\03\04")
  (data (memory $m32) (i32.const 0) "\aa\bb\cc\dd")
  (data $p "\05\06\07\08")
  (func (export "size64") (result i64) (memory.size $m64))
  (func (export "size32") (result i32) (memory.size $m32))
  (func (export "grow64") (param i64) (result i64) (memory.grow $m64 (local.get 0)))
  (func (export "grow32") (param i32) (result i32) (memory.grow $m32 (local.get 0)))
  (func (export "ld64") (param i64) (result i32) (i32.load $m64 (local.get 0)))
  (func (export "ld32") (param i32) (result i32) (i32.load $m32 (local.get 0)))
  ;; 64 <- 32: i64 destination, i32 source, i32 length
  (func (export "copy_to64") (param i64 i32 i32) (memory.copy $m64 $m32 (local.get 0) (local.get 1) (local.get 2)))
  ;; 32 <- 64: i32 destination, i64 source, i32 length
  (func (export "copy_to32") (param i32 i64 i32) (memory.copy $m32 $m64 (local.get 0) (local.get 1) (local.get 2)))
  ;; 64 <- 64: all i64
  (func (export "copy64") (param i64 i64 i64) (memory.copy $m64 $m64 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "fill64") (param i64 i32 i64) (memory.fill $m64 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "init64") (param i64 i32 i32) (memory.init $m64 $p (local.get 0) (local.get 1) (local.get 2)))
)
(assert_return (invoke "ld64" (i64.const 0xfffc)) (i32.const 0x04030201))
(assert_return (invoke "size64") (i64.const 1))
(assert_return (invoke "size32") (i32.const 1))

;; copies both ways, at the exact ends
(assert_return (invoke "copy_to64" (i64.const 0xfffc) (i32.const 0) (i32.const 4)))
(assert_return (invoke "ld64" (i64.const 0xfffc)) (i32.const 0xddccbbaa))
(assert_trap (invoke "copy_to64" (i64.const 0xfffd) (i32.const 0) (i32.const 4)) "out of bounds memory access")
(assert_trap (invoke "copy_to64" (i64.const 0x1_0000_0000) (i32.const 0) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "copy_to64" (i64.const 0) (i32.const 0xfffd) (i32.const 4)) "out of bounds memory access")
(assert_return (invoke "copy_to32" (i32.const 0xfffc) (i64.const 0xfffc) (i32.const 4)))
(assert_return (invoke "ld32" (i32.const 0xfffc)) (i32.const 0xddccbbaa))
(assert_trap (invoke "copy_to32" (i32.const 0) (i64.const 0x1_0000_0000) (i32.const 1)) "out of bounds memory access")
(assert_trap (invoke "copy_to32" (i32.const 0) (i64.const -1) (i32.const 0)) "out of bounds memory access")
;; zero length at the exact end is fine
(assert_return (invoke "copy_to32" (i32.const 0x10000) (i64.const 0x10000) (i32.const 0)))
(assert_return (invoke "copy64" (i64.const 0) (i64.const 0xfffc) (i64.const 4)))
(assert_return (invoke "ld64" (i64.const 0)) (i32.const 0xddccbbaa))
(assert_trap (invoke "copy64" (i64.const 0) (i64.const 1) (i64.const 0xffff_ffff_ffff_ffff)) "out of bounds memory access")
(assert_trap (invoke "copy64" (i64.const 0x8000_0000_0000_0000) (i64.const 0) (i64.const 0x8000_0000_0000_0000)) "out of bounds memory access")

;; fill and init on the 64-bit memory
(assert_return (invoke "fill64" (i64.const 0xffff) (i32.const 0x5a) (i64.const 1)))
(assert_trap (invoke "fill64" (i64.const 0xffff) (i32.const 0x5a) (i64.const 2)) "out of bounds memory access")
(assert_trap (invoke "fill64" (i64.const 0x1_0000_0000) (i32.const 0) (i64.const 0)) "out of bounds memory access")
(assert_trap (invoke "fill64" (i64.const 1) (i32.const 0) (i64.const 0xffff_ffff_ffff_ffff)) "out of bounds memory access")
(assert_return (invoke "init64" (i64.const 0xfffc) (i32.const 0) (i32.const 4)))
(assert_return (invoke "ld64" (i64.const 0xfffc)) (i32.const 0x08070605))
(assert_trap (invoke "init64" (i64.const 0xfffd) (i32.const 0) (i32.const 4)) "out of bounds memory access")
(assert_trap (invoke "init64" (i64.const 0x1_0000_0000) (i32.const 0) (i32.const 0)) "out of bounds memory access")

;; grow: old size as i64, failure as i64 -1 (not 0xffffffff)
(assert_return (invoke "grow64" (i64.const 1)) (i64.const 1))
(assert_return (invoke "size64") (i64.const 2))
(assert_return (invoke "grow64" (i64.const 1)) (i64.const -1))
(assert_return (invoke "grow64" (i64.const 0x1_0000_0000)) (i64.const -1))
(assert_return (invoke "grow64" (i64.const -1)) (i64.const -1))
(assert_return (invoke "grow32" (i32.const 2)) (i32.const -1))
(assert_return (invoke "grow32" (i32.const 1)) (i32.const 1))
;; the grown page is addressable, up to its new end
(assert_return (invoke "ld64" (i64.const 0x1fffc)) (i32.const 0))
(assert_trap (invoke "ld64" (i64.const 0x1fffd)) "out of bounds memory access")

;; validation: copy operand types follow each memory
(assert_invalid
  (module (memory i64 1) (memory 1)
    (func (memory.copy 0 1 (i64.const 0) (i32.const 0) (i64.const 0))))
  "type mismatch")
(assert_invalid
  (module (memory i64 1) (memory 1)
    (func (memory.copy 1 0 (i64.const 0) (i64.const 0) (i32.const 0))))
  "type mismatch")
(assert_invalid
  (module (memory i64 1) (func (drop (memory.grow (i32.const 0)))))
  "type mismatch")
(assert_invalid
  (module (memory i64 1) (func (result i32) (memory.size)))
  "type mismatch")
(assert_invalid
  (module (memory i64 1) (data (i32.const 0) "a"))
  "type mismatch")

;; imports must match index types
(module $M (memory (export "m64") i64 1) (memory (export "m32") 1))
(register "M" $M)
(module (import "M" "m64" (memory i64 1)))
(module (import "M" "m32" (memory 1)))
(assert_unlinkable (module (import "M" "m64" (memory 1))) "incompatible import type")
(assert_unlinkable (module (import "M" "m32" (memory i64 1))) "incompatible import type")

;; A 64-bit memory with a maximum of 0 pages (with explicit bounds its
;; reservation is sized by the maximum: none is still a valid memory).
(module (memory i64 0 0)
  (func (export "s") (result i64) (memory.size))
  (func (export "g") (result i64) (memory.grow (i64.const 1)))
  (func (export "l") (result i32) (i32.load8_u (i64.const 0))))
(assert_return (invoke "s") (i64.const 0))
(assert_return (invoke "g") (i64.const -1))
(assert_trap (invoke "l") "out of bounds memory access")

;; no maximum: the limit is the reservation, counted in pages (2^48 pages
;; are 2^64 bytes, which wrapped to 0 and let any delta through to mprotect)
(module
  (memory i64 1)
  (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
  (func (export "size") (result i64) (memory.size)))
(assert_return (invoke "grow" (i64.const 0x1_0000_0000_0000)) (i64.const -1))
(assert_return (invoke "grow" (i64.const 0xffff_ffff_ffff)) (i64.const -1))
(assert_return (invoke "grow" (i64.const 0x8000_0000_0000)) (i64.const -1))
(assert_return (invoke "size") (i64.const 1))
(assert_return (invoke "grow" (i64.const 1)) (i64.const 1))

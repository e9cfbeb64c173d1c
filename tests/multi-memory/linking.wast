;; Imports and exports of several memories: identity across instances,
;; index order (imports first), inline forms, type checks at link time.

(module $A
  (memory $a0 (export "m0") 1)
  (memory $a1 (export "m1") 2 4)
  (memory (export "m2") 1 1)
  (func (export "get1") (param i32) (result i32) (i32.load8_u $a1 (local.get 0)))
  (func (export "get2") (param i32) (result i32) (i32.load8_u 2 (local.get 0)))
  (func (export "size1") (result i32) (memory.size $a1))
)
(register "A" $A)

;; Imports come first: A's m1 and m2 are B's memories 0 and 1, its own
;; definition memory 2.
(module $B
  (import "A" "m1" (memory $x 2))
  (import "A" "m2" (memory $y 1 1))
  (memory $own 1)
  (data (memory $own) (i32.const 0) "own")
  (data (memory $x) (i32.const 5) "x")
  (data (memory $y) (i32.const 6) "y")
  (func (export "put_x") (param i32 i32) (i32.store8 $x (local.get 0) (local.get 1)))
  (func (export "put_y") (param i32 i32) (i32.store8 $y (local.get 0) (local.get 1)))
  (func (export "get_own") (param i32) (result i32) (i32.load8_u $own (local.get 0)))
  (func (export "get0") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "get2") (param i32) (result i32) (i32.load8_u 2 (local.get 0)))
  (func (export "grow_x") (param i32) (result i32) (memory.grow $x (local.get 0)))
  (func (export "copy_yx") (memory.copy $y $x (i32.const 0) (i32.const 5) (i32.const 1)))
  (export "own" (memory $own))
  (export "x_again" (memory $x))
)
(register "B" $B)

(assert_return (invoke $A "get1" (i32.const 5)) (i32.const 0x78))
(assert_return (invoke $A "get2" (i32.const 6)) (i32.const 0x79))
(assert_return (invoke $B "get0" (i32.const 5)) (i32.const 0x78))
(assert_return (invoke $B "get_own" (i32.const 0)) (i32.const 0x6f))
(assert_return (invoke $B "get2" (i32.const 1)) (i32.const 0x77))
(invoke $B "put_x" (i32.const 100) (i32.const 7))
(assert_return (invoke $A "get1" (i32.const 100)) (i32.const 7))
(invoke $B "put_y" (i32.const 65535) (i32.const 9))
(assert_return (invoke $A "get2" (i32.const 65535)) (i32.const 9))
(assert_trap (invoke $B "put_y" (i32.const 65536) (i32.const 9)) "out of bounds memory access")
(assert_return (invoke $B "grow_x" (i32.const 1)) (i32.const 2))
(assert_return (invoke $A "size1") (i32.const 3))
(invoke $B "copy_yx")
(assert_return (invoke $A "get2" (i32.const 0)) (i32.const 0x78))

;; An exported memory re-exported: still the same memory.
(module $C
  (import "B" "x_again" (memory 3))
  (import "A" "m0" (memory 1))
  (func (export "get") (param i32) (result i32) (i32.load8_u 0 (local.get 0)))
  (func (export "get_m0") (param i32) (result i32) (i32.load8_u 1 (local.get 0)))
)
(assert_return (invoke $C "get" (i32.const 100)) (i32.const 7))
(assert_return (invoke $C "get_m0" (i32.const 100)) (i32.const 0))

;; Inline import and export forms on several memories.
(module $D
  (memory $i (import "A" "m2") 1)
  (memory $e (export "e1") (export "e2") 1)
  (func (export "g") (param i32) (result i32) (i32.load8_u $i (local.get 0)))
  (func (export "s") (param i32 i32) (i32.store8 $e (local.get 0) (local.get 1)))
)
(register "D" $D)
(assert_return (invoke $D "g" (i32.const 65535)) (i32.const 9))
(invoke $D "s" (i32.const 3) (i32.const 33))
(module
  (import "D" "e1" (memory $a 1))
  (import "D" "e2" (memory $b 1))
  (func (export "both") (result i32)
    (i32.add (i32.load8_u $a (i32.const 3)) (i32.load8_u $b (i32.const 3))))
)
(assert_return (invoke "both") (i32.const 66))

;; Link-time checks apply to each memory import.
(assert_unlinkable
  (module (import "A" "m0" (memory 1)) (import "A" "m2" (memory 2)))
  "incompatible import type")
(assert_unlinkable
  (module (import "A" "m0" (memory 1)) (import "A" "m1" (memory 1 3)))
  "incompatible import type")
(assert_unlinkable
  (module (import "A" "m0" (memory 1)) (import "A" "nope" (memory 1)))
  "unknown import")
;; A failing data segment in a later memory traps at instantiation.
(assert_trap
  (module
    (import "A" "m2" (memory 1))
    (memory $big 1)
    (data (memory $big) (i32.const 65535) "ab"))
  "out of bounds memory access")

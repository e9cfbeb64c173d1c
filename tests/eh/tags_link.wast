;; Tag identity: a tag is its instance's object, the same through exports,
;; imports and re-exports; another instance of the same module has its own.

(module $A
  (tag $t (export "t") (param i32))
  (func (export "throw") (param i32) (throw $t (local.get 0))))
(register "A" $A)

;; The same text again: a second instance, other tags.
(module $A2
  (tag $t (export "t") (param i32))
  (func (export "throw") (param i32) (throw $t (local.get 0))))
(register "A2" $A2)

(module $B
  (import "A" "t" (tag $t (param i32)))
  (import "A" "t" (tag $alias (param i32)))
  (import "A" "throw" (func $throw-a (param i32)))
  (import "A2" "throw" (func $throw-a2 (param i32)))
  (tag $own (param i32))
  (export "t" (tag $t))
  (func (export "catch-a") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $t $h) (call $throw-a (local.get 0)))
      (i32.const -1)))
  (func (export "catch-alias") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $alias $h) (call $throw-a (local.get 0)))
      (i32.const -1)))
  ;; A2's tag is not A's: the tag clause misses, catch_all takes it.
  (func (export "miss-a2") (result i32)
    (block $all
      (block $h (result i32)
        (try_table (catch $t $h) (catch_all $all) (call $throw-a2 (i32.const 3)))
        (return (i32.const -1)))
      (return))
    (i32.const 100))
  (func (export "own-not-a") (result i32)
    (block $all
      (block $h (result i32)
        (try_table (catch $t $h) (catch_all $all) (throw $own (i32.const 4)))
        (return (i32.const -1)))
      (return))
    (i32.const 100))
  ;; B throws A's tag.
  (func (export "throw-t") (param i32) (throw $t (local.get 0))))
(register "B" $B)

;; C gets A's tag through B's re-export and catches what A and B throw.
(module $C
  (import "B" "t" (tag $t (param i32)))
  (import "A" "throw" (func $throw-a (param i32)))
  (import "B" "throw-t" (func $throw-b (param i32)))
  (func (export "catch-both") (result i32)
    (block $h1 (result i32)
      (try_table (catch $t $h1) (call $throw-a (i32.const 5)))
      (unreachable))
    (block $h2 (result i32)
      (try_table (catch $t $h2) (call $throw-b (i32.const 6)))
      (unreachable))
    (i32.add)))

(assert_return (invoke $B "catch-a" (i32.const 1)) (i32.const 1))
(assert_return (invoke $B "catch-alias" (i32.const 2)) (i32.const 2))
(assert_return (invoke $B "miss-a2") (i32.const 100))
(assert_return (invoke $B "own-not-a") (i32.const 100))
(assert_return (invoke $C "catch-both") (i32.const 11))
(assert_exception (invoke $A "throw" (i32.const 1)))
(assert_exception (invoke $B "throw-t" (i32.const 1)))

;; Import checks: the tag's type must be the same; a tag is not a function.
(assert_unlinkable
  (module (import "A" "t" (tag (param i64))))
  "incompatible import type")
(assert_unlinkable
  (module (import "A" "t" (tag)))
  "incompatible import type")
(assert_unlinkable
  (module (import "A" "throw" (tag (param i32))))
  "incompatible import type")
(assert_unlinkable
  (module (import "A" "t" (func (param i32))))
  "incompatible import type")

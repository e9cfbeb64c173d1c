;; Tail calls (return_call, return_call_indirect): results land where the
;; caller's would, frames of different sizes replace each other, v128 and
;; multi-value, other instances, traps and exceptions see the right frames.

(module $callee
  (memory 1)
  (func (export "store-and-sum") (param i32 i32) (result i32)
    (i32.store (i32.const 0) (local.get 0))
    (i32.add (local.get 0) (local.get 1)))
  (func (export "peek") (result i32) (i32.load (i32.const 0))))
(register "callee" $callee)

(module
  (import "callee" "store-and-sum" (func $other (param i32 i32) (result i32)))
  (import "callee" "peek" (func $peek (result i32)))
  (memory 1)
  (type $ii-i (func (param i32 i32) (result i32)))
  (type $i-i (func (param i32) (result i32)))
  (table 8 funcref)
  (elem (i32.const 0) $other $big $add1 $i64-fn)

  ;; Mutual recursion far deeper than any call stack.
  (func $even (export "even") (param i64) (result i32)
    (if (result i32) (i64.eqz (local.get 0))
      (then (i32.const 1))
      (else (return_call $odd (i64.sub (local.get 0) (i64.const 1))))))
  (func $odd (export "odd") (param i64) (result i32)
    (if (result i32) (i64.eqz (local.get 0))
      (then (i32.const 0))
      (else (return_call $even (i64.sub (local.get 0) (i64.const 1))))))

  ;; Accumulator loop through return_call_indirect.
  (func $count (export "count") (param i32 i32) (result i32)
    (if (i32.eqz (local.get 0)) (then (return (local.get 1))))
    (return_call_indirect (type $ii-i)
      (i32.sub (local.get 0) (i32.const 1))
      (i32.add (local.get 1) (i32.const 2))
      (i32.const 5)))
  (elem (table 0) (i32.const 5) func $count)

  ;; A small frame tail-calls a big one (more params and locals) and the
  ;; other way round; the caller's caller gets the results in place.
  (func $big (param i32 i32) (result i32)
    (local i64 i64 i64 i64 f64 f64 v128 v128)
    (local.set 2 (i64.const 7))
    (i32.add (i32.add (local.get 0) (local.get 1)) (i32.wrap_i64 (local.get 2))))
  (func $add1 (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func $small (param i32) (result i32) (return_call $big (local.get 0) (i32.const 100)))
  (func (export "small-to-big") (param i32) (result i32)
    (i32.add (call $small (local.get 0)) (i32.const 1000)))
  (func $many (param i32 i32 i32 i32 i32 i32) (result i32)
    (local v128)
    (return_call $add1 (local.get 5)))
  (func (export "big-to-small") (result i32)
    (i32.mul (call $many (i32.const 1) (i32.const 2) (i32.const 3) (i32.const 4)
                         (i32.const 5) (i32.const 6)) (i32.const 10)))

  ;; v128 params and several results.
  (func $vsum (param v128 i32 v128) (result i32 i64)
    (i32x4.extract_lane 3 (i32x4.add (local.get 0) (local.get 2)))
    (i64.extend_i32_u (local.get 1)))
  (func $vcall (param i32) (result i32 i64)
    (return_call $vsum (v128.const i32x4 1 2 3 4) (local.get 0) (v128.const i32x4 10 20 30 40)))
  (func (export "multi") (param i32) (result i32 i64 i32)
    (call $vcall (local.get 0)) (i32.const 9))

  ;; Into another instance (and its memory) and back.
  (func (export "cross") (param i32) (result i32)
    (i32.store (i32.const 0) (i32.const -1))
    (return_call $other (local.get 0) (i32.const 5)))
  (func (export "my-mem") (result i32) (i32.load (i32.const 0)))
  (func (export "their-mem") (result i32) (call $peek))
  (func (export "cross-indirect") (param i32) (result i32)
    (return_call_indirect (type $ii-i) (local.get 0) (i32.const 1) (i32.const 0)))

  ;; Traps in a tail-called function and at the indirect call itself.
  (func $i64-fn (param i64) (result i64) (local.get 0))
  (func $div (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
  (func (export "div") (param i32) (result i32) (return_call $div (local.get 0)))
  (func (export "indirect") (param i32 i32) (result i32)
    (return_call_indirect (type $i-i) (local.get 0) (local.get 1)))

  ;; Tail call in dead code after unreachable, and as the last thing of a block.
  (func (export "dead") (result i32)
    (unreachable) (return_call $add1 (i32.const 1)))
  (func (export "in-block") (param i32) (result i32)
    (block (br_if 0 (local.get 0)) (return_call $add1 (i32.const 41)))
    (i32.const 7))
)

(assert_return (invoke "even" (i64.const 1000000)) (i32.const 1))
(assert_return (invoke "odd" (i64.const 1000001)) (i32.const 1))
(assert_return (invoke "even" (i64.const 77)) (i32.const 0))
(assert_return (invoke "count" (i32.const 3000000) (i32.const 1)) (i32.const 6000001))
(assert_return (invoke "small-to-big" (i32.const 5)) (i32.const 1112))
(assert_return (invoke "big-to-small") (i32.const 70))
(assert_return (invoke "multi" (i32.const 3)) (i32.const 44) (i64.const 3) (i32.const 9))
(assert_return (invoke "cross" (i32.const 11)) (i32.const 16))
(assert_return (invoke "my-mem") (i32.const -1))
(assert_return (invoke "their-mem") (i32.const 11))
(assert_return (invoke "cross-indirect" (i32.const 21)) (i32.const 22))
(assert_return (invoke "their-mem") (i32.const 21))
(assert_return (invoke "div" (i32.const 1)) (i32.const 1))
(assert_trap (invoke "div" (i32.const 0)) "integer divide by zero")
(assert_return (invoke "indirect" (i32.const 4) (i32.const 2)) (i32.const 5))
(assert_trap (invoke "indirect" (i32.const 4) (i32.const 3)) "indirect call type mismatch")
(assert_trap (invoke "indirect" (i32.const 4) (i32.const 0)) "indirect call type mismatch")
(assert_trap (invoke "indirect" (i32.const 4) (i32.const 4)) "uninitialized element")
(assert_trap (invoke "indirect" (i32.const 4) (i32.const 99)) "undefined element")
(assert_trap (invoke "dead") "unreachable")
(assert_return (invoke "in-block" (i32.const 0)) (i32.const 42))
(assert_return (invoke "in-block" (i32.const 1)) (i32.const 7))

;; Exceptions: a tail-called function's throw skips the handlers of the
;; frame it replaced (that frame is gone) and reaches its caller's.
(module
  (tag $e (param i32))
  (global $inner (mut i32) (i32.const 0))
  (func $thrower (param i32) (result i32) (throw $e (local.get 0)))
  (func $replaced (param i32) (result i32)
    (block $h
      (try_table (catch_all $h) (return_call $thrower (local.get 0))))
    (global.set $inner (i32.const 1))
    (i32.const -1))
  (func (export "outer") (param i32) (result i32)
    (block $h (result i32)
      (try_table (result i32) (catch $e $h) (call $replaced (local.get 0)))))
  (func (export "inner-ran") (result i32) (global.get $inner))
  ;; A tail-call loop that throws and catches on every round.
  (func $spin (export "spin") (param i32 i32) (result i32)
    (if (i32.eqz (local.get 0)) (then (return (local.get 1))))
    (block $h (result i32)
      (try_table (result i32) (catch $e $h) (throw $e (i32.const 1))))
    (local.set 1 (i32.add (local.get 1)))
    (return_call $spin (i32.sub (local.get 0) (i32.const 1)) (local.get 1)))
  (func (export "uncaught") (param i32) (result i32) (return_call $thrower (local.get 0)))
)
(assert_return (invoke "outer" (i32.const 31)) (i32.const 31))
(assert_return (invoke "inner-ran") (i32.const 0))
(assert_return (invoke "spin" (i32.const 100000) (i32.const 0)) (i32.const 100000))
(assert_exception (invoke "uncaught" (i32.const 1)))

;; Validation: the callee's results must be the caller's.
(assert_invalid
  (module (func $f (result i64) (i64.const 0)) (func (result i32) (return_call $f)))
  "type mismatch")
(assert_invalid
  (module (func $f (result i32 i32) (i32.const 0) (i32.const 0))
          (func (result i32) (return_call $f)))
  "type mismatch")
(assert_invalid
  (module (func $f (param i32)) (func (return_call $f (i64.const 0))))
  "type mismatch")
(assert_invalid
  (module (type $t (func (result f32))) (table 1 funcref)
          (func (result i32) (return_call_indirect (type $t) (i32.const 0))))
  "type mismatch")
(assert_invalid
  (module (type $t (func)) (table 1 externref)
          (func (return_call_indirect (type $t) (i32.const 0))))
  "type mismatch")
(assert_invalid (module (func (return_call 3))) "unknown function")
(assert_invalid
  (module (type $t (func)) (func (return_call_indirect (type $t) (i32.const 0))))
  "unknown table")
;; After a tail call the rest of the block is unreachable (polymorphic stack).
(module (func $f (result i32) (i32.const 1))
        (func (result i32) (return_call $f) (i64.const 0) (drop) (f32.const 0) (drop)))

;; The binary opcodes 0x12 and 0x13.
(module binary
  "\00asm\01\00\00\00"
  "\01\05\01\60\00\01\7f"                   ;; type 0: [] -> [i32]
  "\03\03\02\00\00"                         ;; two functions of type 0
  "\04\04\01\70\00\01"                      ;; table 1 funcref
  "\07\09\02\01a\00\00\01b\00\01"           ;; exports a = 0, b = 1
  "\09\07\01\00\41\00\0b\01\00"             ;; elem: table[0] = func 0
  "\0a\0e\02"
  "\04\00\41\2a\0b"                      ;; func 0: i32.const 42
  "\07\00\41\00\13\00\00\0b")               ;; func 1: return_call_indirect 0 0
(assert_return (invoke "a") (i32.const 42))
(assert_return (invoke "b") (i32.const 42))
(module binary
  "\00asm\01\00\00\00"
  "\01\05\01\60\00\01\7f"
  "\03\03\02\00\00"
  "\07\05\01\01b\00\01"
  "\0a\0b\02"
  "\04\00\41\07\0b"                         ;; func 0: i32.const 7
  "\04\00\12\00\0b")                        ;; func 1: return_call 0
(assert_return (invoke "b") (i32.const 7))

;; Exception handling: throw across frames, each catch kind, clause order,
;; nested try_tables, uncaught exceptions.

(module
  (tag $e0)
  (tag $e1 (param i32))
  (tag $e2 (param i32 i64))

  ;; Three frames between the throw and the handler.
  (func $f3 (param i32) (if (local.get 0) (then (throw $e1 (local.get 0)))))
  (func $f2 (param i32) (call $f3 (i32.add (local.get 0) (i32.const 1))))
  (func $f1 (param i32) (result i32) (call $f2 (local.get 0)) (i32.const -1))
  (func (export "deep") (param i32) (result i32)
    (block $h (result i32)
      (try_table (result i32) (catch $e1 $h)
        (call $f1 (local.get 0)))))

  ;; catch: the payload lands in the label's slots.
  (func (export "catch-pair") (result i64) (local $x i64)
    (block $h (result i32 i64)
      (try_table (catch $e2 $h)
        (throw $e2 (i32.const 5) (i64.const 40)))
      (unreachable))
    (local.set $x) (i64.extend_i32_u) (i64.mul (i64.const 1000)) (i64.add (local.get $x)))

  ;; catch_ref: payload and exnref; catch_all; catch_all_ref.
  (func (export "catch-ref") (result i32)
    (block $h (result i32 exnref)
      (try_table (catch_ref $e1 $h) (throw $e1 (i32.const 9)))
      (unreachable))
    (ref.is_null) (i32.eqz) (i32.add))
  (func (export "catch-all") (param i32) (result i32)
    (block $h
      (try_table (catch_all $h)
        (if (i32.eq (local.get 0) (i32.const 0)) (then (throw $e0)))
        (if (i32.eq (local.get 0) (i32.const 1)) (then (throw $e1 (i32.const 1))))
        (if (i32.eq (local.get 0) (i32.const 2)) (then (throw $e2 (i32.const 1) (i64.const 2)))))
      (return (i32.const 0)))
    (i32.const 1))
  (func (export "catch-all-ref") (result i32)
    (block $h (result exnref)
      (try_table (catch_all_ref $h) (throw $e0))
      (unreachable))
    (ref.is_null))

  ;; The first matching clause wins; a non-matching inner try_table passes
  ;; the exception on to the outer one.
  (func (export "order") (param i32) (result i32)
    (block $a
      (block $b
        (block $c
          (try_table (catch $e0 $a) (catch_all $b) (catch $e0 $c)
            (if (local.get 0) (then (throw $e0)) (else (throw $e1 (i32.const 3))))))
        (return (i32.const 3)))
      (return (i32.const 2)))
    (i32.const 1))
  (func (export "nested") (param i32) (result i32)
    (block $outer (result i32)
      (block $inner (result i32 i64)
        (try_table (result i32) (catch $e1 $outer)
          (try_table (result i32) (catch $e2 $inner)
            (if (local.get 0)
              (then (throw $e2 (i32.const 20) (i64.const 0)))
              (else (throw $e1 (i32.const 10))))
            (i32.const 0)))
        (return))
      (drop) (i32.const 100) (i32.add)))
  ;; A try_table that ends normally leaves its results; one that catches
  ;; nothing thrown lets the exception go on.
  (func (export "no-throw") (result i32)
    (block $h
      (try_table (result i32) (catch_all $h) (i32.const 42))
      (return))
    (i32.const -1))
  (func (export "rethrow-outside") (param i32) (result i32)
    (block $h
      (try_table (result i32) (catch $e0 $h) (throw $e1 (local.get 0)))
      (return))
    (i32.const -1))

  ;; try_table with params, and an exception from call_indirect.
  (type $v (func))
  (table funcref (elem $thrower))
  (func $thrower (throw $e1 (i32.const 77)))
  (func (export "params") (result i32)
    (block $h (result i32)
      (i32.const 1) (i32.const 2)
      (try_table (param i32 i32) (result i32) (catch $e1 $h)
        (i32.add) (drop) (call_indirect (type $v) (i32.const 0)) (i32.const 0))))
)

(assert_return (invoke "deep" (i32.const -1)) (i32.const -1))
(assert_return (invoke "deep" (i32.const 5)) (i32.const 6))
(assert_return (invoke "catch-pair") (i64.const 5040))
(assert_return (invoke "catch-ref") (i32.const 10))
(assert_return (invoke "catch-all" (i32.const 0)) (i32.const 1))
(assert_return (invoke "catch-all" (i32.const 1)) (i32.const 1))
(assert_return (invoke "catch-all" (i32.const 2)) (i32.const 1))
(assert_return (invoke "catch-all" (i32.const 3)) (i32.const 0))
(assert_return (invoke "catch-all-ref") (i32.const 0))
(assert_return (invoke "order" (i32.const 1)) (i32.const 1))
(assert_return (invoke "order" (i32.const 0)) (i32.const 2))
(assert_return (invoke "nested" (i32.const 1)) (i32.const 120))
(assert_return (invoke "nested" (i32.const 0)) (i32.const 10))
(assert_return (invoke "no-throw") (i32.const 42))
(assert_exception (invoke "rethrow-outside" (i32.const 1)))
(assert_return (invoke "params") (i32.const 77))

;; The plain (unfolded) forms, labels by name and by depth.
(module
  (tag $t (param i32))
  (func (export "plain") (param i32) (result i32)
    block $all (result exnref)
      block $h (result i32)
        local.get 0
        try_table $body (param i32) (result i32) (catch $t 0) (catch_all_ref $all)
          local.get 0
          i32.eqz
          if
            i32.const 5
            throw $t
          end
          local.get 0
          i32.const 1
          i32.eq
          br_if $body
          throw $t
        end $body
        return
      end
      i32.const 100
      i32.add
      return
    end
    drop
    i32.const -1))
(assert_return (invoke "plain" (i32.const 0)) (i32.const 105))
(assert_return (invoke "plain" (i32.const 1)) (i32.const 1))
(assert_return (invoke "plain" (i32.const 7)) (i32.const 107))

;; memory.atomic.wait32/wait64 and memory.atomic.notify in one thread:
;; results 0 ok / 1 not-equal / 2 timed-out, real timeouts, traps.
;; (Blocking across threads is tested by tests/threads/.)

(module
  (memory 1 1 shared)
  (func (export "init") (param i32 i64) (i64.store (local.get 0) (local.get 1)))
  (func (export "wait32") (param i32 i32 i64) (result i32)
    (memory.atomic.wait32 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "wait64") (param i32 i64 i64) (result i32)
    (memory.atomic.wait64 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "wait32-off") (param i32 i32 i64) (result i32)
    (memory.atomic.wait32 offset=8 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "notify") (param i32 i32) (result i32)
    (memory.atomic.notify (local.get 0) (local.get 1)))
)

(invoke "init" (i32.const 0) (i64.const 0x0000000100000002))
;; value differs: not-equal, at once
(assert_return (invoke "wait32" (i32.const 0) (i32.const 0) (i64.const -1)) (i32.const 1))
(assert_return (invoke "wait32" (i32.const 4) (i32.const 2) (i64.const -1)) (i32.const 1))
(assert_return (invoke "wait64" (i32.const 0) (i64.const 2) (i64.const -1)) (i32.const 1))
;; equal: times out (0 ns, then 1 ms and 20 ms of real waiting)
(assert_return (invoke "wait32" (i32.const 0) (i32.const 2) (i64.const 0)) (i32.const 2))
(assert_return (invoke "wait32" (i32.const 4) (i32.const 1) (i64.const 1000000)) (i32.const 2))
(assert_return (invoke "wait64" (i32.const 0) (i64.const 0x0000000100000002) (i64.const 20000000)) (i32.const 2))
(assert_return (invoke "wait32-off" (i32.const 0) (i32.const 0) (i64.const 1000)) (i32.const 2))
;; nobody waits: notify wakes none
(assert_return (invoke "notify" (i32.const 0) (i32.const 1)) (i32.const 0))
(assert_return (invoke "notify" (i32.const 0) (i32.const -1)) (i32.const 0))
(assert_return (invoke "notify" (i32.const 0) (i32.const 0)) (i32.const 0))
;; alignment and bounds (bounds first)
(assert_trap (invoke "wait32" (i32.const 2) (i32.const 0) (i64.const 0)) "unaligned atomic")
(assert_trap (invoke "wait64" (i32.const 4) (i64.const 0) (i64.const 0)) "unaligned atomic")
(assert_trap (invoke "notify" (i32.const 1) (i32.const 0)) "unaligned atomic")
(assert_trap (invoke "wait32" (i32.const 65536) (i32.const 0) (i64.const 0)) "out of bounds memory access")
(assert_trap (invoke "wait64" (i32.const 65532) (i64.const 0) (i64.const 0)) "out of bounds memory access")
(assert_trap (invoke "wait32-off" (i32.const 65530) (i32.const 0) (i64.const 0)) "out of bounds memory access")
(assert_trap (invoke "notify" (i32.const 65535) (i32.const 0)) "out of bounds memory access")

;; unshared memory: notify returns 0, wait traps
(module
  (memory 1 1)
  (func (export "wait32") (param i32 i32 i64) (result i32)
    (memory.atomic.wait32 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "wait64") (param i32 i64 i64) (result i32)
    (memory.atomic.wait64 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "notify") (param i32 i32) (result i32)
    (memory.atomic.notify (local.get 0) (local.get 1)))
)
(assert_return (invoke "notify" (i32.const 0) (i32.const 10)) (i32.const 0))
(assert_trap (invoke "notify" (i32.const 2) (i32.const 10)) "unaligned atomic")
(assert_trap (invoke "wait32" (i32.const 0) (i32.const 0) (i64.const 0)) "expected shared memory")
(assert_trap (invoke "wait64" (i32.const 0) (i64.const 1) (i64.const 0)) "expected shared memory")

;; shared memories link only with shared imports, limits included
(module $M (memory (export "mem") 1 4 shared))
(register "M" $M)
(module (import "M" "mem" (memory 1 4 shared)))
(module (import "M" "mem" (memory 0 5 shared)))
(assert_unlinkable (module (import "M" "mem" (memory 1 4))) "incompatible import type")
(assert_unlinkable (module (import "M" "mem" (memory 1 3 shared))) "incompatible import type")
(assert_unlinkable (module (import "M" "mem" (memory 2 4 shared))) "incompatible import type")
